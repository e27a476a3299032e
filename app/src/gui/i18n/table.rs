//! The strings, Dutch and English side by side.

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
    // What a change did, after the partner's name (history).
    did_create_alliance: "heeft de alliantie opgericht", "created the alliance";
    did_rename: "heeft de naam van de alliantie gewijzigd", "renamed the alliance";
    did_description: "heeft de beschrijving bewerkt", "edited the description";
    did_ambition: "heeft de ambitie bewerkt", "edited the ambition";
    did_add_effect: "heeft het effect “{}” toegevoegd", "added the effect “{}”";
    did_edit_effect: "heeft het effect “{}” bewerkt", "edited the effect “{}”";
    did_remove_effect: "heeft het effect “{}” verwijderd", "removed the effect “{}”";
    did_add_interest: "heeft het belang “{}” ingebracht", "put the interest “{}” on the table";
    did_edit_interest: "heeft het belang “{}” bewerkt", "edited the interest “{}”";
    did_respond: "heeft gereageerd op het belang “{}”", "responded to the interest “{}”";
    did_add_agreement: "heeft de afspraak “{}” toegevoegd", "added the agreement “{}”";
    did_title: "heeft de titel van de afspraak “{}” gewijzigd", "changed the title of the agreement “{}”";
    did_body: "heeft de tekst van de afspraak “{}” bewerkt", "edited the text of the agreement “{}”";
    did_status: "heeft de status van de afspraak “{}” gewijzigd", "changed the status of the agreement “{}”";
    did_owners: "heeft de verantwoordelijken van de afspraak “{}” gewijzigd", "changed who is responsible for the agreement “{}”";
    did_review_date: "heeft de evaluatiedatum van de afspraak “{}” gewijzigd", "changed the review date of the agreement “{}”";
    did_edit_agreement: "heeft de afspraak “{}” bewerkt", "edited the agreement “{}”";
    did_position: "heeft een standpunt gegeven op de afspraak “{}”", "gave a position on the agreement “{}”";
    did_admit: "heeft {} als partner toegelaten", "admitted {} as a partner";
    did_remove_partner: "heeft {} als partner verwijderd", "removed {} as a partner";
    did_edit_partner: "heeft de gegevens van {} gewijzigd", "changed the details of {}";
    did_add_device: "heeft een apparaat van {} toegevoegd", "added a device of {}";
    did_retire_device: "heeft een apparaat van {} buiten gebruik gesteld", "retired a device of {}";
    did_invite: "heeft een uitnodiging gemaakt", "made an invitation";
    did_use_invitation: "heeft een uitnodiging gebruikt", "used an invitation";
    did_snapshot: "heeft een momentopname voor de besturen vastgelegd", "recorded a snapshot for the boards";
    did_decision: "heeft een besluit van het eigen bestuur vastgelegd", "recorded its board's decision";
    did_bookkeeping: "heeft een technische bijwerking gedaan", "made a technical update";
    and: " en ", " and ";
    an_item: "(verwijderd)", "(removed)";
    edits_one: "1 bewerking", "1 edit";
    edits_many: "{} bewerkingen", "{} edits";
    show_moment_named: "Bekijk de alliantie na de wijziging van {} om {}", "View the alliance after the change by {} at {}";
    show_more: "Oudere wijzigingen tonen", "Show older changes";
    months: "januari februari maart april mei juni juli augustus september oktober november december",
        "January February March April May June July August September October November December";
    date_at: "{}, {}", "{}, {}";
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
