//! Every user-visible string of the desktop client, Dutch and English side
//! by side. Dutch is the default. A template's `{}` markers are filled in
//! order by [`fill`].

use serde::{Deserialize, Serialize};

use crate::model::{AgreementStatus, Decision, InterestStatus, PartnerKind, Role, Stance};

/// The language of the user interface.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Language {
    /// Nederlands (the default).
    #[default]
    Dutch,
    /// English.
    English,
}

impl Language {
    /// The strings of this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Language::Dutch => &NL,
            Language::English => &EN,
        }
    }

    /// The language's own name.
    pub fn name(self) -> &'static str {
        match self {
            Language::Dutch => "Nederlands",
            Language::English => "English",
        }
    }
}

/// Declares [`Texts`] with one field per string, and its Dutch and English
/// values.
macro_rules! texts {
    ($($(#[$doc:meta])* $field:ident: $nl:literal, $en:literal;)+) => {
        /// The user-visible strings of one language.
        #[derive(Debug)]
        pub struct Texts {
            $($(#[$doc])* #[allow(missing_docs)] pub $field: &'static str,)+
        }

        /// Nederlands.
        pub static NL: Texts = Texts { $($field: $nl,)+ };
        /// English.
        pub static EN: Texts = Texts { $($field: $en,)+ };
    };
}

texts! {
    app_title: "Rondetafel", "Rondetafel";
    loading: "Gegevens laden…", "Loading…";
    cannot_start: "Rondetafel kan niet starten", "Rondetafel cannot start";
    dismiss: "Sluiten", "Dismiss";
    settings: "Instellingen", "Settings";
    language: "Taal", "Language";
    theme: "Thema", "Theme";
    theme_light: "Licht", "Light";
    theme_dark: "Donker", "Dark";
    text_size: "Tekstgrootte", "Text size";

    // First run.
    welcome: "Welkom bij Rondetafel", "Welcome to Rondetafel";
    setup_intro: "Stel eerst uw organisatie in. Deze naam zien de andere partners bij alles wat u inbrengt.",
        "First set up your organisation. The other partners see this name on everything you contribute.";
    organisation_name: "Naam van uw organisatie", "Name of your organisation";
    organisation_kind: "Soort organisatie", "Kind of organisation";
    set_up: "Organisatie instellen", "Set up organisation";

    // Alliances.
    your_alliances: "Uw allianties", "Your alliances";
    acting_as: "U werkt namens {}", "You act for {}";
    no_alliances: "U neemt nog aan geen alliantie deel. Maak er een aan, of neem deel met een uitnodiging van een partner.",
        "You are not in any alliance yet. Create one, or join with an invitation from a partner.";
    open: "Openen", "Open";
    partners_count: "{} partners · {} afspraken", "{} partners · {} agreements";
    new_alliance: "Nieuwe alliantie", "New alliance";
    alliance_name: "Naam van de alliantie", "Name of the alliance";
    alliance_description: "Omschrijving", "Description";
    create: "Alliantie aanmaken", "Create alliance";
    join_title: "Deelnemen met een uitnodiging", "Join with an invitation";
    invitation: "Uitnodiging (begint met rondetafel1:)", "Invitation (starts with rondetafel1:)";
    join: "Deelnemen", "Join";
    joining: "Bezig met deelnemen aan {}…", "Joining {}…";
    joined: "U neemt nu deel aan {}.", "You joined {}.";
    back: "‹ Allianties", "‹ Alliances";

    // Sections.
    section_ambition: "Ambitie", "Ambition";
    section_interests: "Belangen", "Interests";
    section_agreements: "Afspraken", "Agreements";
    section_partners: "Partners", "Partners";
    section_history: "Geschiedenis", "History";
    section_ratification: "Vaststelling", "Ratification";

    // Ambition.
    shared_ambition: "Gedeelde ambitie", "Shared ambition";
    ambition_hint: "Waar werken we samen naartoe? Iedereen kan hier tegelijk schrijven.",
        "What are we working towards together? Everyone can write here at the same time.";
    effects: "Beoogde effecten", "Intended effects";
    no_effects: "Nog geen beoogde effecten.", "No intended effects yet.";
    effect: "Effect", "Effect";
    indicator: "Waaraan merken we het", "How we notice it";
    target: "Streefwaarde", "Target";
    add_effect: "Effect toevoegen", "Add effect";
    name_and_description: "Naam en omschrijving van de alliantie", "Name and description of the alliance";

    // Interests.
    interests_of: "Belangen van {}", "Interests of {}";
    no_interests: "Nog geen belangen op tafel.", "No interests on the table yet.";
    obstacle: "Knelpunt", "Obstacle";
    obstacle_mark: "(!) knelpunt", "(!) obstacle";
    new_interest: "Uw belang", "Your interest";
    add_interest: "Belang toevoegen", "Add interest";
    status: "Status", "Status";
    responses: "Reacties", "Responses";
    your_response: "Uw reactie", "Your response";
    respond: "Reageren", "Respond";
    save: "Opslaan", "Save";
    interest_text: "Tekst van uw belang", "Text of your interest";

    // Agreements.
    search: "Zoeken", "Search";
    filter_status: "Status", "Status";
    all_statuses: "Alle", "All";
    shown_of: "{} van {} afspraken", "{} of {} agreements";
    no_agreements: "Nog geen afspraken.", "No agreements yet.";
    new_agreement: "Nieuwe afspraak", "New agreement";
    title: "Titel", "Title";
    body: "Tekst van de afspraak", "Text of the agreement";
    add_agreement: "Afspraak toevoegen", "Add agreement";
    responsible: "Verantwoordelijke partners", "Responsible partners";
    review_date: "Evaluatiedatum (JJJJ-MM-DD)", "Review date (YYYY-MM-DD)";
    no_review_date: "geen evaluatiedatum", "no review date";
    positions: "Standpunten", "Positions";
    no_position: "nog geen standpunt", "no position yet";
    your_position: "Uw standpunt", "Your position";
    reason: "Toelichting", "Reason";
    reason_needed: "Een bezwaar heeft een toelichting nodig.", "An objection needs a reason.";
    record_position: "Standpunt vastleggen", "Record position";
    choose_stance: "Kies eerst uw standpunt.", "Choose your position first.";
    confirm_position: "Standpunt bevestigen bij deze tekst", "Confirm position on this text";
    earlier_text: "gegeven bij een eerdere tekst", "given on an earlier text";
    your_earlier_text: "Uw standpunt is gegeven bij een eerdere tekst. Bevestig het of pas het aan.",
        "Your position was given on an earlier text. Confirm or change it.";
    awaiting_consent: "Was afgesproken; wacht tot elke partner een standpunt heeft bij deze tekst.",
        "Was agreed; waits until every partner has a position on this text.";
    without_position: "Nog geen standpunt bij deze tekst: {}", "No position on this text yet: {}";
    select_agreement: "Kies links een afspraak om die te bekijken.", "Choose an agreement on the left to see it.";
    objects_count: "{} bezwaar", "{} objection";

    // Conflicts.
    conflict: "Tegelijk verschillend ingesteld: kies wat het wordt", "Set differently at the same time: choose what it becomes";
    chosen_by: "gekozen door {}", "chosen by {}";
    choose_value: "Deze kiezen", "Choose this";
    unknown_partner: "onbekende partner", "unknown partner";

    // Partners.
    kind: "Soort", "Kind";
    roles: "Rollen", "Roles";
    devices: "Apparaten", "Devices";
    this_device: "dit apparaat", "this device";
    online: "online", "online";
    offline: "offline", "offline";
    in_sync: "bijgewerkt", "up to date";
    syncing: "bezig met bijwerken", "catching up";
    last_synced: "laatst bijgewerkt {}", "last synced {}";
    never_synced: "nog nooit bijgewerkt met dit apparaat", "never synced with this device";
    left_alliance: "heeft de alliantie verlaten op {}", "left the alliance on {}";
    invite_partner: "Partner uitnodigen", "Invite a partner";
    invite_device: "Eigen apparaat toevoegen", "Add one of your devices";
    ticket_for: "Geef deze uitnodiging aan de nieuwe deelnemer (eenmalig te gebruiken, geldig tot {}):",
        "Give this invitation to the newcomer (single use, valid until {}):";
    ticket_qr: "Of laat deze QR-code scannen:", "Or let them scan this QR code:";
    no_address: "Nog geen netwerkadres bekend; de uitnodiging werkt zodra dit apparaat bereikbaar is.",
        "No network address known yet; the invitation works once this device can be reached.";
    copy: "Kopiëren", "Copy";
    copied: "Gekopieerd", "Copied";
    remove_partner: "Partner verwijderen", "Remove partner";
    retire_device: "Apparaat intrekken", "Retire device";
    confirm: "Ja, definitief", "Yes, for good";
    cancel: "Annuleren", "Cancel";
    confirm_remove: "{} ontvangt daarna geen wijzigingen meer. Zeker weten?", "{} will receive no further changes. Are you sure?";
    connect_title: "Verbinden met een partner op adres", "Connect to a partner by address";
    address: "Adres (multiaddr)", "Address (multiaddr)";
    connect: "Verbinden", "Connect";

    // History.
    history_intro: "Wie wat wanneer veranderde. Kies een moment om de alliantie te zien zoals die toen was.",
        "Who changed what, and when. Choose a moment to see the alliance as it was then.";
    show_moment: "Bekijken", "View";
    viewing_past: "U bekijkt de alliantie zoals die was na de wijziging van {} (alleen lezen).",
        "You are viewing the alliance as it was after the change of {} (read-only).";
    back_to_now: "Terug naar nu", "Back to now";
    history_unsigned: "(niet ondertekend: van vóór de ondertekening)",
        "(not signed: from before signing)";
    history_ignored_for: "namens {} geschreven door een apparaat van {} — genegeerd",
        "written on behalf of {} by a device of {} — ignored";
    history_ignored_short: "namens {} geschreven — genegeerd", "written on behalf of {} — ignored";
    history_ignored_other: "geschreven door een apparaat dat dit niet (meer) mag — genegeerd",
        "written by a device that may not (or no longer) write this — ignored";
    history_more_ignored: "(en nog {})", "(and {} more)";

    // Ratification.
    vastgesteld_version: "Vastgesteld: versie {} ({}), door alle partners aangenomen.",
        "Ratified: version {} ({}), adopted by every partner.";
    changed_since_vastgesteld: "Let op: de afspraken zijn gewijzigd sinds de vastgestelde versie.",
        "Note: the agreements changed after the ratified version.";
    not_vastgesteld: "Nog niet vastgesteld: nog geen versie is door alle partners aangenomen.",
        "Not ratified yet: no version was adopted by every partner.";
    make_snapshot: "Momentopname voor de besturen", "Snapshot for the boards";
    make_snapshot_hint: "Legt de alliantie vast zoals die nu is, met een eigen kenmerk, en schrijft het stuk voor de besluitvorming weg.",
        "Records the alliance as it is now, with its own id, and writes the document for the boards.";
    version_label: "Versie (leeg: volgend conceptnummer)", "Version (empty: next draft number)";
    format: "Formaat", "Format";
    folder: "Map", "Folder";
    export: "Momentopname maken en exporteren", "Make and export snapshot";
    choose_decision: "Kies het besluit", "Choose the decision";
    open_conflicts: "Let op: {} velden zijn nog niet beslist (partners kozen tegelijk verschillende waarden). De momentopname toont elke waarde met wie die koos; een bestuur stelt dan een versie vast waarin dat verschil nog openstaat.",
        "Note: {} fields are not settled (partners chose different values at the same time). The snapshot shows every value with who chose it; a board would adopt a version in which that difference is still open.";
    export_anyway: "Toch een momentopname maken met open verschillen", "Make a snapshot with open differences anyway";
    exported: "Versie {} ({}) geëxporteerd naar {}", "Version {} ({}) exported to {}";
    snapshots: "Momentopnamen en besluiten", "Snapshots and decisions";
    no_snapshots: "Nog geen momentopnamen.", "No snapshots yet.";
    version: "Versie {}", "Version {}";
    adopted_by_all: "door alle partners aangenomen", "adopted by every partner";
    no_decision: "nog geen besluit", "no decision yet";
    record_decision: "Besluit van uw bestuur vastleggen", "Record your board's decision";
    snapshot: "Momentopname", "Snapshot";
    board: "Besluitvormend orgaan (bijv. college van B&W)", "Deciding body (e.g. the board of directors)";
    decision_label: "Besluit", "Decision";
    decision_date: "Datum van het besluit (JJJJ-MM-DD)", "Date of the decision (YYYY-MM-DD)";
    reference: "Kenmerk", "Reference";
    conditions: "Voorwaarden", "Conditions";
    record_decision_button: "Besluit vastleggen", "Record decision";
    changes_since: "Wat is er veranderd sinds versie {}", "What changed since version {}";
    no_changes: "Niets: de afspraken zijn zoals vastgesteld.", "Nothing: the agreements are as ratified.";
    change_added: "Toegevoegd", "Added";
    change_removed: "Verwijderd", "Removed";
    change_withdrawn: "Ingetrokken", "Withdrawn";
    change_changed: "Gewijzigd", "Changed";

    // Status bar.
    peers_online: "{} apparaten van partners online", "{} partner devices online";
    no_peers: "Offline: uw wijzigingen worden bewaard en gedeeld zodra u partners treft.",
        "Offline: your changes are kept and shared when you meet partners.";
    receiving: "Wijzigingen ontvangen… ({} binnen)", "Receiving changes… ({} so far)";
    partner_status: "{}: {}", "{}: {}";
    saved: "Alles bewaard", "Everything saved";
    listening: "Bereikbaar op {} adres(sen)", "Reachable at {} address(es)";
}

/// Fills the `{}` markers of `template` with `args`, in order.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut rest = template;
    while let Some(at) = rest.find("{}") {
        out.push_str(&rest[..at]);
        out.push_str(args.next().copied().unwrap_or(""));
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}

impl Texts {
    /// A partner kind's label.
    pub fn partner_kind(&self, kind: PartnerKind) -> &'static str {
        if self.is_dutch() {
            return kind.label_nl();
        }
        match kind {
            PartnerKind::Gemeente => "Municipality",
            PartnerKind::Zorgaanbieder => "Care provider",
            PartnerKind::Woningcorporatie => "Housing corporation",
            PartnerKind::Clientenorganisatie => "Client organisation",
            PartnerKind::Zorgverzekeraar => "Health insurer",
            PartnerKind::Welzijn => "Social welfare",
            PartnerKind::Ggd => "Public health service (GGD)",
            PartnerKind::Onderwijs => "Education",
            PartnerKind::Adviesbureau => "Consultancy",
            PartnerKind::Overig => "Other",
        }
    }

    /// A role's label.
    pub fn role(&self, role: Role) -> &'static str {
        if self.is_dutch() {
            return role.label_nl();
        }
        match role {
            Role::Financier => "Funder",
            Role::Opdrachtgever => "Commissioner",
            Role::Uitvoerder => "Provider",
            Role::Clientvertegenwoordiger => "Client representative",
        }
    }

    /// An agreement status's label.
    pub fn agreement_status(&self, status: AgreementStatus) -> &'static str {
        if self.is_dutch() {
            return status.label_nl();
        }
        match status {
            AgreementStatus::Draft => "Draft",
            AgreementStatus::Proposed => "Proposed",
            AgreementStatus::Agreed => "Agreed",
            AgreementStatus::Withdrawn => "Withdrawn",
        }
    }

    /// A stance's label.
    pub fn stance(&self, stance: Stance) -> &'static str {
        if self.is_dutch() {
            return stance.label_nl();
        }
        match stance {
            Stance::Agree => "Agree",
            Stance::Reservations => "Agree with reservations",
            Stance::Object => "Object",
            Stance::Abstain => "Abstain",
        }
    }

    /// A board decision's label.
    pub fn decision(&self, decision: Decision) -> &'static str {
        if self.is_dutch() {
            return decision.label_nl();
        }
        match decision {
            Decision::Adopted => "Adopted",
            Decision::AdoptedWithConditions => "Adopted with conditions",
            Decision::Rejected => "Rejected",
            Decision::Postponed => "Postponed",
        }
    }

    /// An interest status's label.
    pub fn interest_status(&self, status: InterestStatus) -> &'static str {
        if self.is_dutch() {
            return status.label_nl();
        }
        match status {
            InterestStatus::Open => "Open",
            InterestStatus::BeingAddressed => "Being addressed",
            InterestStatus::Resolved => "Resolved",
        }
    }

    /// The label of a stored slug (a partner kind or a role), or the slug
    /// itself when it is not one this version knows.
    pub fn slug_label(&self, slug: &str) -> String {
        if let Ok(kind) = slug.parse::<PartnerKind>() {
            return self.partner_kind(kind).to_owned();
        }
        if let Ok(role) = slug.parse::<Role>() {
            return self.role(role).to_owned();
        }
        slug.to_owned()
    }

    fn is_dutch(&self) -> bool {
        std::ptr::eq(self, &NL)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_markers_in_order() {
        assert_eq!(
            fill("{} van {} afspraken", &["3", "10"]),
            "3 van 10 afspraken"
        );
        assert_eq!(fill("geen", &["x"]), "geen");
    }

    #[test]
    fn both_languages_label_every_vocabulary_value() {
        for language in [Language::Dutch, Language::English] {
            let texts = language.texts();
            for kind in PartnerKind::ALL {
                assert!(!texts.partner_kind(*kind).is_empty());
            }
            for status in AgreementStatus::ALL {
                assert!(!texts.agreement_status(*status).is_empty());
            }
        }
        assert_eq!(EN.stance(Stance::Object), "Object");
        assert_eq!(NL.stance(Stance::Object), "Bezwaar");
    }
}
