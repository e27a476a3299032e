//! The strings of the meeting screen (Vergadering): who is present and up
//! to date, the agenda, positions and outcomes, the close and the decision
//! list, Dutch and English side by side.

use super::{NL, Texts};

texts! {
    /// The user-visible strings about meetings in one language.
    MeetingTexts, MEETING_NL, MEETING_EN {
    nav: "Vergadering", "Meeting";
    heading: "Vergaderingen", "Meetings";
    hint: "Komen de partners bij elkaar? Start hier een vergadering. Elke partner meldt zijn organisatie aan en geeft zijn standpunt op zijn eigen apparaat; iedereen in de zaal ziet ze binnenkomen. Leg per agendapunt de uitkomst vast en sluit de vergadering af: de besluitenlijst noemt dan de precieze versie van de alliantie, zodat iedereen hem kan controleren.", "Are the partners meeting? Start a meeting here. Each partner checks in its organisation and gives its position on its own device; everyone in the room sees them arrive. Record the outcome of each agenda item and close the meeting: the decision list then names the exact version of the alliance, so anyone can verify it.";
    new_meeting: "Nieuwe vergadering", "New meeting";
    title_label: "Titel (bijvoorbeeld: Stuurgroep 12 maart)", "Title (for example: Steering group 12 March)";
    start: "Vergadering starten", "Start meeting";
    started: "Vergadering gestart: {}", "Meeting started: {}";
    open_meetings: "Lopende vergaderingen", "Open meetings";
    past_meetings: "Eerdere vergaderingen", "Earlier meetings";
    none: "Nog geen gesloten vergaderingen.", "No closed meetings yet.";
    closed_on: "Gesloten op {}", "Closed on {}";
    absent: "Afwezig: {}", "Absent: {}";
    version_hint: "Met deze code controleert elke partner dat de besluitenlijst precies deze vergadering weergeeft.", "With this code every partner checks that the decision list shows exactly this meeting.";
    replace_outcome_label: "Andere uitkomst vastleggen (vervangt de huidige)", "Record another outcome (replaces the current one)";
    recorded_by_at: "vastgelegd door {} op {}", "recorded by {} on {}";
    no_outcome_closed: "Geen uitkomst vastgelegd.", "No outcome recorded.";
    without_outcome: "1 agendapunt heeft nog geen uitkomst.|{} agendapunten hebben nog geen uitkomst.", "1 agenda item has no outcome yet.|{} agenda items have no outcome yet.";
    save_in: "Opslaan in map", "Save in folder";
    started_by: "Gestart door {} op {}", "Started by {} on {}";
    closed_by: "Gesloten door {} op {}", "Closed by {} on {}";
    open_label: "Openen", "Open";
    back: "Terug naar alle vergaderingen", "Back to all meetings";
    presence: "Aanwezig en bijgewerkt", "Present and up to date";
    check_in: "Wij zijn aanwezig", "We are present";
    checked_in: "Uw organisatie is aangemeld als aanwezig.", "Your organisation is checked in as present.";
    present: "aanwezig", "present";
    not_checked_in: "niet aangemeld", "not checked in";
    up_to_date: "bijgewerkt", "up to date";
    busy: "bezig", "busy";
    busy_received: "bezig ({} wijzigingen)", "busy ({} changes)";
    unreachable: "niet bereikbaar", "not reachable";
    this_device: "dit apparaat", "this device";
    room_all: "De enige partner in de zaal is bijgewerkt.|Alle {} partners zijn bijgewerkt.", "The only partner in the room is up to date.|All {} partners are up to date.";
    room_some: "Bijgewerkt: {} van de {} partners · bezig: {} · niet bereikbaar: {}", "Up to date: {} of the {} partners · busy: {} · not reachable: {}";
    agenda: "Agenda", "Agenda";
    agenda_empty: "Er staat nog niets op de agenda.", "Nothing is on the agenda yet.";
    add_item: "Afspraak op de agenda zetten", "Put an agreement on the agenda";
    choose_agreement: "Kies een afspraak", "Choose an agreement";
    agreement_label: "Afspraak", "Agreement";
    review_due: "evaluatie {}", "review {}";
    add: "Toevoegen", "Add";
    remove: "Van de agenda halen", "Take off the agenda";
    positions: "Standpunten", "Positions";
    no_position: "nog geen standpunt", "no position yet";
    outcome: "Uitkomst", "Outcome";
    outcome_label: "Uitkomst van dit agendapunt", "Outcome of this agenda item";
    record_outcome: "Uitkomst vastleggen", "Record outcome";
    outcome_recorded: "Uitkomst vastgelegd.", "Outcome recorded.";
    recorded_by: "vastgelegd door {}", "recorded by {}";
    no_outcome: "Nog geen uitkomst vastgelegd.", "No outcome recorded yet.";
    outcome_unsettled: "Er zijn tegelijk verschillende uitkomsten vastgelegd. Spreek er één af en leg die opnieuw vast:", "Different outcomes were recorded at the same time. Agree on one and record it again:";
    close: "Vergadering sluiten", "Close meeting";
    close_confirm: "Sluiten legt de uitkomsten en de versie van de alliantie van dit moment vast. Daarna verandert er niets meer aan deze vergadering. Zeker weten?", "Closing records the outcomes and the alliance's version of this moment. Nothing about this meeting changes after that. Are you sure?";
    close_yes: "Ja, sluiten", "Yes, close";
    cancel: "Annuleren", "Cancel";
    close_needs_presence: "Meld uw organisatie eerst aan als aanwezig om de vergadering te sluiten.", "Check in your organisation as present first to close the meeting.";
    closed: "Vergadering gesloten. Versie bij sluiting: {}", "Meeting closed. Version at the close: {}";
    version_at_close: "Versie bij sluiting: {}", "Version at the close: {}";
    attendance: "Aanwezig: {}", "Present: {}";
    nobody: "niemand", "nobody";
    minutes_pdf: "Besluitenlijst (PDF)", "Decision list (PDF)";
    minutes_md: "Besluitenlijst als tekstbestand (Markdown)", "Decision list as a text file (Markdown)";
    minutes_saved: "Besluitenlijst opgeslagen: {}", "Decision list saved: {}";
    refused_closed: "Deze vergadering is gesloten; de besluitenlijst staat vast.", "This meeting is closed; its decision list is final.";
    refused_open: "Deze vergadering loopt nog. Sluit haar eerst; daarna is er een besluitenlijst.", "This meeting is still open. Close it first; then it has a decision list.";
    refused_not_on_agenda: "Die afspraak staat niet op de agenda van deze vergadering.", "That agreement is not on this meeting's agenda.";
    refused_not_present: "Alleen een partner die als aanwezig is aangemeld, kan de vergadering sluiten.", "Only a partner checked in as present can close the meeting.";
    }
}

impl Texts {
    /// The strings about meetings in this language.
    pub fn meeting(&self) -> &'static MeetingTexts {
        if std::ptr::eq(self, &NL) {
            &MEETING_NL
        } else {
            &MEETING_EN
        }
    }
}
