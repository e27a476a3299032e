//! The strings, Dutch and English side by side.

texts! {
    /// The user-visible strings of one language.
    Texts, NL, EN {
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
    settings_about: "Over Rondetafel en diagnose", "About Rondetafel and diagnosis";
    about_back: "‹ Terug", "‹ Back";
    about_heading: "Over Rondetafel", "About Rondetafel";
    about_version: "Versie {}", "Version {}";
    about_data_dir: "Gegevensmap:", "Data directory:";
    about_log: "Logbestand:", "Log file:";
    about_log_note: "Het logbestand noemt wat Rondetafel deed (verbindingen, uitwisselingen, exports), met kenmerken en aantallen, nooit wat partners schreven. Stuur het mee als u een probleem meldt.", "The log file says what Rondetafel did (connections, syncs, exports), with ids and counts, never what partners wrote. Send it along when you report a problem.";
    doctor_heading: "Diagnose", "Diagnosis";
    doctor_intro: "Controleert of dit apparaat kan werken: de gegevensmap, de sleutel, de allianties, het netwerk, de partners en de klok.", "Checks whether this device can work: the data directory, the key, the alliances, the network, the partners and the clock.";
    doctor_run: "Diagnose uitvoeren", "Run diagnosis";
    doctor_running: "Bezig met controleren…", "Checking…";
    doctor_ok: "In orde", "OK";
    doctor_warning: "Let op", "Attention";
    doctor_failed: "Probleem", "Problem";
    doctor_skipped: "Niet gecontroleerd", "Not checked";
    doctor_fix: "Wat te doen: {}", "What to do: {}";

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
    partners_count: "1 partner|{} partners", "1 partner|{} partners";
    agreements_count: "1 afspraak|{} afspraken", "1 agreement|{} agreements";
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
    section_overview: "Overzicht", "Overview";
    section_ambition: "Ambitie", "Ambition";
    overview_needs_you: "Wat vraagt uw aandacht", "What needs you";
    overview_nothing_needed: "Niets: u hebt overal een standpunt gegeven en er staan geen verschillen open.", "Nothing: you gave every position and no differences are open.";
    overview_give_position: "uw standpunt ontbreekt", "your position is missing";
    overview_review_due: "evaluatie op {}", "review on {}";
    overview_to_agreement: "Naar de afspraak", "Go to the agreement";
    overview_to_agreement_named: "Naar de afspraak “{}”", "Go to the agreement “{}”";
    overview_to_interests: "Naar de belangen", "Go to the interests";
    overview_to_ratification: "Naar de vaststelling", "Go to ratification";
    overview_decision_awaited: "besluit van uw bestuur ontbreekt", "your board's decision is missing";
    overview_changed: "Veranderd sinds u keek", "Changed since you looked";
    overview_nothing_changed: "Geen wijzigingen van partners sinds uw vorige bezoek.", "No changes by partners since your last visit.";
    overview_changes_count: "1 wijziging van partners sinds uw vorige bezoek:|{} wijzigingen van partners sinds uw vorige bezoek:", "1 change by partners since your last visit:|{} changes by partners since your last visit:";
    overview_in_sync: "Wie is bijgewerkt", "Who is in sync";
    overview_alone: "Nog geen andere partners.", "No other partners yet.";
    section_interests: "Belangen", "Interests";
    section_agreements: "Afspraken", "Agreements";
    section_collaboration: "Samenwerking", "Collaboration";
    roles_heading: "Rollen en verwachtingen", "Roles and expectations";
    roles_intro: "Maak aan het begin helder wat elke partner inbrengt, waarvoor hij staat en wat zijn vertegenwoordiger mag besluiten, en bespreek het tussentijds opnieuw.", "Make clear at the start what each partner brings, what it stands for and what its representative may decide, and discuss it again along the way.";
    your_card: "Uw rolkaart", "Your role card";
    brings: "Brengt in: {}", "Brings: {}";
    brings_heading: "Brengt in", "Brings";
    responsible_for: "Verantwoordelijk voor", "Responsible for";
    mandate: "Mandaat van de vertegenwoordiger (wat zonder terug te gaan naar het bestuur besloten mag worden)", "Mandate of the representative (what may be decided without going back to the board)";
    mandate_short: "Mandaat van de vertegenwoordiger", "Mandate of the representative";
    save_card: "Rolkaart opslaan", "Save role card";
    card_saved_when: "Laatst gewijzigd: {}", "Last changed: {}";
    cards_of_partners: "Rolkaarten van de partners", "The partners' role cards";
    no_card_yet: "Nog geen rolkaart.", "No role card yet.";
    matrix_heading: "Wie verwacht wat van wie", "Who expects what of whom";
    matrix_corner: "Van (rij) aan (kolom)", "From (row) of (column)";
    matrix_cell: "{} (te bespreken: {})", "{} (to discuss: {})";
    expectations_of_you: "Wat partners van u verwachten", "What partners expect of you";
    none_of_you: "Nog geen partner heeft een verwachting van u uitgesproken.", "No partner has stated an expectation of you yet.";
    your_answer: "Uw antwoord", "Your answer";
    remark_optional: "Toelichting (niet verplicht)", "Remark (optional)";
    save_answer: "Antwoord opslaan", "Save answer";
    answered_as: "Beantwoord: {}", "Answered: {}";
    not_answered: "Nog niet beantwoord", "Not answered yet";
    your_expectations: "Wat u van anderen verwacht", "What you expect of others";
    new_expectation: "Nieuwe verwachting", "New expectation";
    of_partner: "Van welke partner?", "Of which partner?";
    choose_partner: "Kies een partner", "Choose a partner";
    expectation_text: "Wat verwacht u van deze partner?", "What do you expect of this partner?";
    add_expectation: "Verwachting toevoegen", "Add expectation";
    to_discuss: "Te bespreken", "To discuss";
    to_discuss_intro: "Verwachtingen die nog niet zijn beantwoord of niet worden herkend.", "Expectations not answered yet or not recognised.";
    to_discuss_none: "Geen open punten: elke verwachting is beantwoord en (deels) herkend.", "Nothing open: every expectation is answered and (partly) recognised.";
    expects_of: "{} verwacht van {}", "{} expects of {}";
    answer_by: "Antwoord van {}: {}", "Answer of {}: {}";
    overview_expectations_waiting: "1 verwachting wacht op uw antwoord|{} verwachtingen wachten op uw antwoord", "1 expectation awaits your answer|{} expectations await your answer";
    overview_no_card: "U hebt uw rolkaart nog niet ingevuld", "You have not filled in your role card";
    overview_card_review: "evaluatie van uw rolkaart op {}", "review of your role card on {}";
    overview_to_collaboration: "Naar Samenwerking", "Go to Collaboration";
    coursecheck_heading: "Koerscheck", "Course check";
    coursecheck_intro: "Zitten we nog op dezelfde koers? Elke partner kleurt zes onderwerpen. De antwoorden blijven verborgen tot de ronde sluit; daarna ziet iedereen hoe de kleuren verdeeld zijn, nooit een rangorde van partners. Let op: het verbergen is een regel van het scherm; de antwoorden staan wel in ieders kopie.", "Are we still on the same course? Each partner colours six topics. The answers stay hidden until the round closes; then everyone sees how the colours spread, never a ranking of partners. Note: the hiding is a rule of the screen; the answers are in every partner's copy.";
    round_open_until: "Ronde open tot {}", "Round open until {}";
    round_answered: "{} van {} partners hebben alles ingevuld", "{} of {} partners answered everything";
    good_when: "Goed: {}", "Good: {}";
    not_good_when: "Niet goed: {}", "Not good: {}";
    trend_label: "Ontwikkeling", "Trend";
    save_ratings: "Antwoorden opslaan", "Save answers";
    ratings_saved: "U hebt {} van de {} onderwerpen ingevuld.", "You answered {} of the {} topics.";
    close_round: "Ronde sluiten", "Close round";
    close_round_not_yet: "Tot {} kan alleen {} de ronde sluiten.", "Until {} only {} can close the round.";
    new_round: "Nieuwe ronde", "New round";
    round_closes: "Sluitdatum", "Closing date";
    open_round: "Ronde openen", "Open round";
    heatmap: "Verloop per onderwerp", "Course per topic";
    heatmap_round: "Tot {}", "Until {}";
    apart: "ver uiteen", "far apart";
    heatmap_legend: "Per onderwerp de kleur die de meeste partners gaven (bij gelijke aantallen de zwaarste); tussen haakjes hoeveel partners groen, oranje en rood gaven. \"Ver uiteen\": zowel groen als rood.", "Per topic the colour most partners gave (on a tie the more serious one); in brackets how many partners gave green, orange and red. \"Far apart\": both green and red.";
    last_round: "Ronde tot {}", "Round until {}";
    no_closed_round: "Nog geen gesloten ronde.", "No closed round yet.";
    remarks: "Toelichtingen", "Remarks";
    actions: "Vervolgacties", "Follow-up actions";
    action_text: "Wat gaan we doen?", "What will we do?";
    action_owner: "Wie is eigenaar?", "Who owns it?";
    action_due: "Gereed op", "Due";
    add_action: "Actie toevoegen", "Add action";
    action_line: "{} — {}, vóór {}", "{} — {}, by {}";
    overview_round_open: "koerscheck open tot {}: uw antwoorden ontbreken", "course check open until {}: your answers are missing";
    section_input: "Inbreng", "Input";
    input_heading: "Knelpunten en ideeën", "Bottlenecks and ideas";
    input_intro: "Inbreng van professionals, cliënten, managers en bestuurders, ook van wie niet aan tafel zit. De partners reageren op elke inbreng en laten zien wat ermee is gedaan.", "Input from professionals, clients, managers and board members, including those not at the table. The partners respond to every piece and show what became of it.";
    no_client_data: "Geen persoonsgegevens van cliënten: geen namen, adressen, geboortedata of andere gegevens waaraan een cliënt te herkennen is.", "No personal data of clients: no names, addresses, dates of birth or anything else that identifies a client.";
    new_input: "Nieuwe inbreng", "New input";
    input_kind: "Soort", "Kind";
    input_role: "Van wie komt het?", "Who is it from?";
    choose_role: "Kies een rol", "Choose a role";
    input_signing: "Ondertekening", "Signing";
    input_name: "Naam (alleen bij “met naam”; nooit de naam van een cliënt)", "Name (only when signed with a name; never a client's)";
    input_text: "Het knelpunt of idee", "The bottleneck or idea";
    add_input: "Inbreng toevoegen", "Add input";
    no_input: "Nog geen inbreng.", "No input yet.";
    input_from: "Van: {}", "From: {}";
    input_supports: "Steun: {}", "Support: {}";
    support_as: "Steunen als", "Support as";
    support: "Steunen", "Support";
    respond_input: "Reageren", "Respond";
    input_status: "Status", "Status";
    input_reason: "Waarom niet opgepakt?", "Why not taken up?";
    save_response: "Reactie opslaan", "Save response";
    promote: "Maak er een voorstel voor een afspraak van", "Turn it into a proposed agreement";
    became_agreement: "Werd de afspraak “{}”", "Became the agreement “{}”";
    not_taken_up_because: "Niet opgepakt: {}", "Not taken up: {}";
    what_became: "Wat is er met de inbreng gedaan", "What became of the input";
    per_role_line: "{}: {} in totaal — {}", "{}: {} in all — {}";
    form_heading: "Invulformulier voor wie de app niet gebruikt", "Form for people without the app";
    form_intro: "Een afdrukbaar formulier voor een sessie op de werkvloer of met cliënten. Wat op papier is ingevuld, zet u in een spreadsheet met de kolommen soort, tekst, rol en ondertekening, bewaart u als CSV en leest u hieronder in. Alles wordt ingelezen, of niets als een regel niet klopt.", "A printable form for a session on the work floor or with clients. Put what was written on paper in a spreadsheet with the columns kind, text, role and signing, save it as CSV and read it in below. Everything is read in, or nothing when a line is wrong.";
    save_form: "Invulformulier opslaan (PDF)", "Save the form (PDF)";
    csv_file: "Bestand met ingevulde inbreng (CSV)", "File with collected input (CSV)";
    csv_read: "Inlezen", "Read in";
    csv_imported: "{} punten van inbreng ingelezen.", "{} pieces of input read in.";
    csv_nothing: "Niets ingelezen: los eerst deze regels op.", "Nothing read in: fix these lines first.";
    csv_line: "Regel {}: {}", "Line {}: {}";
    csv_unreadable: "deze regel is niet te lezen", "this line cannot be read";
    csv_missing_columns: "de kopregel mist de kolom(men) {}", "the header lacks the column(s) {}";
    csv_what_kind: "soort", "kind";
    csv_what_role: "rol", "role";
    csv_what_signing: "ondertekening", "signing";
    csv_no_rows: "het bestand heeft geen regels onder de kopregel", "the file has no lines under its header";
    csv_bad_value: "“{}” is geen geldige {}; kies uit: {}", "“{}” is not a valid {}; choose one of: {}";
    csv_cannot_open: "Het bestand {} is niet te openen: {}", "The file {} cannot be opened: {}";
    form_written: "Het invulformulier staat in {}.", "The form is in {}.";
    overview_new_input: "1 nieuw punt van inbreng|{} nieuwe punten van inbreng", "1 new piece of input|{} new pieces of input";
    overview_to_input: "Naar Inbreng", "Go to Input";
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
    edit: "Bewerken", "Edit";
    edit_named: "Bewerk “{}”", "Edit “{}”";
    remove: "Verwijderen", "Remove";
    remove_named: "Verwijder “{}”", "Remove “{}”";
    remove_effect: "Ja, verwijderen", "Yes, remove";
    confirm_remove_effect: "Het effect “{}” verwijderen? De geschiedenis bewaart het.", "Remove the effect “{}”? The history keeps it.";
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
    shown_of: "{} van {}", "{} of {}";
    all_agreements: "‹ Alle afspraken", "‹ All agreements";
    list_width: "Breedte van de lijst met afspraken", "Width of the agreement list";
    to_selected: "Naar de gekozen afspraak", "Go to the chosen agreement";
    conflicts_count: "1 verschil open|{} verschillen open", "1 difference open|{} differences open";
    position_recorded: "Uw standpunt ({}) is vastgelegd.", "Your position ({}) is recorded.";
    no_status_matches: "Geen afspraken met deze status.", "No agreements with this status.";
    no_matches: "Geen afspraken gevonden die passen bij “{}”.", "No agreements match “{}”.";
    no_agreements: "Nog geen afspraken.", "No agreements yet.";
    new_agreement: "Nieuwe afspraak", "New agreement";
    title: "Titel", "Title";
    body: "Tekst van de afspraak", "Text of the agreement";
    add_agreement: "Afspraak toevoegen", "Add agreement";
    responsible: "Verantwoordelijke partners", "Responsible partners";
    review_date: "Evaluatiedatum", "Review date";
    outcome: "Uitkomst: wat is afgesproken en wie doet wat", "Outcome: what was agreed and who does what";
    outcome_missing: "Deze afspraak is vastgesteld zonder uitkomst. Schrijf op wat is afgesproken en wie wat doet.",
        "This agreement was agreed without an outcome. Write down what was agreed and who does what.";
    date_not_understood: "Deze datum wordt niet herkend; schrijf bijvoorbeeld 1-3-2027 of kies in de kalender.", "This date is not understood; write for example 1-3-2027 or pick it in the calendar.";
    no_review_date: "geen evaluatiedatum", "no review date";
    positions: "Standpunten", "Positions";
    no_position: "nog geen standpunt", "no position yet";
    your_position: "Uw standpunt", "Your position";
    reason: "Toelichting", "Reason";
    reason_needed: "Een bezwaar of een voorbehoud heeft een toelichting nodig.", "An objection or a reservation needs a reason.";
    record_position: "Standpunt vastleggen", "Record position";
    choose_stance: "Kies eerst uw standpunt.", "Choose your position first.";
    confirm_position: "Standpunt bevestigen bij deze tekst", "Confirm position on this text";
    earlier_text: "gegeven bij een eerdere tekst", "given on an earlier text";
    your_earlier_text: "Uw standpunt is gegeven bij een eerdere tekst. Bevestig het of pas het aan.",
        "Your position was given on an earlier text. Confirm or change it.";
    awaiting_consent: "Was afgesproken; wacht tot elke partner een standpunt heeft bij deze tekst.",
        "Was agreed; waits until every partner has a position on this text.";
    without_position: "Nog geen standpunt bij deze tekst: {}", "No position on this text yet: {}";
    position_history: "Verloop: {}", "How it went: {}";
    position_then: ", daarna ", ", then ";
    select_agreement: "Kies links een afspraak om die te bekijken.", "Choose an agreement on the left to see it.";
    objects_count: "{} bezwaar", "{} objection";

    // Conflicts.
    conflict: "Tegelijk verschillend ingesteld: kies wat het wordt", "Set differently at the same time: choose what it becomes";
    choose_value_named: "Kies “{}” als {}", "Choose “{}” as {}";
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
    no_address: "Nog geen netwerkadres bekend. Op dit netwerk vindt de nieuwe deelnemer dit apparaat vanzelf zolang Rondetafel hier open staat.",
        "No network address known yet. On this network the newcomer finds this device by itself while Rondetafel is open here.";
    copy: "Kopiëren", "Copy";
    copied: "Gekopieerd", "Copied";
    remove_partner: "Partner verwijderen", "Remove partner";
    retire_device: "Apparaat intrekken", "Retire device";
    confirm: "Ja, definitief", "Yes, for good";
    cancel: "Annuleren", "Cancel";
    confirm_remove: "{} ontvangt daarna geen wijzigingen meer. Zeker weten?", "{} will receive no further changes. Are you sure?";
    device_ticket_warning: "Let op: wie deze uitnodiging heeft, kan met zijn apparaat namens {} standpunten innemen, belangen inbrengen en besluiten vastleggen. Geef haar alleen aan uw eigen apparaat.", "Note: whoever holds this invitation can, with their device, take positions, put interests on the table and record decisions on behalf of {}. Give it only to your own device.";
    open_invitations: "Openstaande uitnodigingen", "Open invitations";
    invitation_for_device: "Uitnodiging voor een apparaat", "Invitation for a device";
    invitation_for_partner: "Uitnodiging voor een nieuwe partner", "Invitation for a new partner";
    invitation_line: "{} · gemaakt door {} · geldig tot {}", "{} · made by {} · valid until {}";
    withdraw: "Intrekken", "Withdraw";
    withdraw_named: "Trek in: {}", "Withdraw: {}";
    invitation_withdrawn_done: "De uitnodiging is ingetrokken; niemand kan haar nog gebruiken.", "The invitation is withdrawn; nobody can use it any more.";
    own_address_title: "Het adres van dit apparaat", "This device's address";
    own_address_hint: "Geef een partner dit adres; die kan daarmee verbinding maken met dit apparaat:", "Give a partner this address; they can connect to this device with it:";
    own_address_none: "Dit apparaat heeft nog geen adres op het netwerk; dat komt zodra Rondetafel verbonden is.", "This device has no network address yet; it comes once Rondetafel is connected.";
    copy_named: "Kopieer {}", "Copy {}";
    address_unusable: "Dit is geen bruikbaar adres. Een adres ziet eruit als /ip4/192.168.1.20/tcp/4001/p2p/12D3KooW… en u krijgt het van de partner (onder Partners, Het adres van dit apparaat).", "This is not a usable address. An address looks like /ip4/192.168.1.20/tcp/4001/p2p/12D3KooW… and you get it from the partner (under Partners, This device's address).";
    address_missing: "Vul eerst het adres van de partner in.", "Fill in the partner's address first.";
    connect_title: "Verbinden met een partner op adres", "Connect to a partner by address";
    address: "Adres van de partner (zoals de partner het onder ‘Het adres van dit apparaat’ ziet)", "The partner's address (as the partner sees it under ‘This device's address’)";
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
    did_withdraw_invitation: "heeft een uitnodiging ingetrokken", "withdrew an invitation";
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
    weekdays: "ma di wo do vr za zo", "Mo Tu We Th Fr Sa Su";
    calendar: "Kalender", "Calendar";
    previous_month: "Vorige maand", "Previous month";
    next_month: "Volgende maand", "Next month";
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
    choose_folder: "Map kiezen…", "Choose folder…";
    choose_folder_title: "Kies de map voor de export", "Choose the folder for the export";
    export: "Momentopname maken en exporteren", "Make and export snapshot";
    open_export: "Het stuk openen", "Open the document";
    open_export_named: "Open {}", "Open {}";
    open_export_failed: "Het stuk kon niet worden geopend; u vindt het in {}.", "The document could not be opened; you find it at {}.";
    choose_decision: "Kies het besluit", "Choose the decision";
    open_conflicts: "Let op: 1 veld is nog niet beslist (partners kozen tegelijk verschillende waarden). De momentopname toont elke waarde met wie die koos; een bestuur stelt dan een versie vast waarin dat verschil nog openstaat.|Let op: {} velden zijn nog niet beslist (partners kozen tegelijk verschillende waarden). De momentopname toont elke waarde met wie die koos; een bestuur stelt dan een versie vast waarin dat verschil nog openstaat.",
        "Note: 1 field is not settled (partners chose different values at the same time). The snapshot shows every value with who chose it; a board would adopt a version in which that difference is still open.|Note: {} fields are not settled (partners chose different values at the same time). The snapshot shows every value with who chose it; a board would adopt a version in which that difference is still open.";
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
    decision_date: "Datum van het besluit", "Date of the decision";
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
    peers_online: "1 apparaat van een partner online|{} apparaten van partners online", "1 partner device online|{} partner devices online";
    no_peers: "Offline: uw wijzigingen worden bewaard en gedeeld zodra u partners treft.",
        "Offline: your changes are kept and shared when you meet partners.";
    receiving: "Wijzigingen ontvangen… ({} binnen)", "Receiving changes… ({} so far)";
    partner_status: "{}: {}", "{}: {}";
    partners_summary: "Partners: {} bijgewerkt, {} bezig, {} offline", "Partners: {} up to date, {} syncing, {} offline";
    saved: "Alles bewaard", "Everything saved";
    listening: "Bereikbaar op {} adres(sen)", "Reachable at {} address(es)";

    // What went wrong (problem.rs).
    load_warning: "Alliantie {} kon niet volledig worden geladen. Beschadigde delen zijn apart gezet en er is niets overschreven; wissel uit met een partner om wat ontbreekt terug te krijgen.", "Alliance {} could not be loaded completely. Damaged parts were set aside and nothing was overwritten; sync with a partner to get back what is missing.";
    technical_detail: "Technische melding: {}", "Technical detail: {}";
    problem_runtime: "Rondetafel kon zijn achtergronddienst niet starten.", "Rondetafel could not start its background service.";
    problem_not_set_up: "Stel eerst uw organisatie in.", "Set up your organisation first.";
    problem_node: "De verbinding met partners is niet gestart; uw wijzigingen kunnen nu niet worden bewaard.", "The connection with partners has not started; your changes cannot be kept now.";
    problem_not_saved: "Uw wijziging kon niet worden bewaard. Er is niets verloren; Rondetafel probeert het opnieuw bij de volgende wijziging.", "Your change could not be kept. Nothing was lost; Rondetafel tries again with the next change.";
    problem_partner_not_saved: "Wijzigingen van een partner konden niet worden bewaard. Er is niets verloren; ze komen bij de volgende uitwisseling opnieuw.", "Changes from a partner could not be kept. Nothing was lost; they come again at the next exchange.";
    problem_alliance_missing: "Deze alliantie staat niet (meer) op dit apparaat.", "This alliance is not (or no longer) on this device.";
    problem_join_under_way: "U bent al bezig met deelnemen aan een alliantie; wacht tot dat klaar is.", "You are already joining an alliance; wait until that is done.";
    problem_join_refused: "De partner liet u niet toe: {}", "The partner did not admit you: {}";
    problem_join_no_answer: "Geen partner van {} antwoordde binnen {} seconden. Controleer of de partner die u uitnodigde Rondetafel open heeft, op dit netwerk of op het adres in de uitnodiging, en probeer het opnieuw.", "No partner of {} answered within {} seconds. Check that the partner who invited you has Rondetafel open, on this network or at the address in the invitation, and try again.";
    problem_join_no_document: "U bent toegelaten, maar de alliantie kwam niet aan. Probeer het opnieuw zodra een partner bereikbaar is.", "You were admitted, but the alliance did not arrive. Try again once a partner is reachable.";
    problem_dial: "Die partner is op dit adres niet bereikbaar.", "That partner cannot be reached at this address.";
    problem_export: "Het stuk kon niet worden gemaakt; er is geen momentopname vastgelegd.", "The document could not be made; no snapshot was recorded.";
    problem_not_written: "Het stuk kon niet worden weggeschreven naar {} ({}); er is geen momentopname vastgelegd.", "The document could not be written to {} ({}); no snapshot was recorded.";
    problem_locked: "De gegevensmap is in gebruik door een ander Rondetafel-venster of door rondetafel serve. Sluit dat eerst.", "The data folder is in use by another Rondetafel window or by rondetafel serve. Close that first.";
    problem_data_dir: "De gegevensmap kan niet worden gebruikt: {}.", "The data folder cannot be used: {}.";
    problem_network_start: "Het netwerk kon niet starten; werk gerust verder, Rondetafel deelt uw wijzigingen later.", "The network could not start; keep working, Rondetafel shares your changes later.";
    problem_identity: "De sleutel van dit apparaat kan niet worden gelezen.", "This device's key cannot be read.";
    problem_profile: "De gegevens van uw organisatie op dit apparaat kunnen niet worden gelezen.", "Your organisation's details on this device cannot be read.";
    problem_load: "Een alliantie kon niet worden geladen.", "An alliance could not be loaded.";
    io_not_found: "de map bestaat niet", "the folder does not exist";
    io_permission: "u hebt daar geen schrijfrechten", "you may not write there";
    io_full: "de schijf is vol", "the disk is full";
    io_exists: "er staat al een bestand met die naam", "a file of that name exists already";
    io_other: "het besturingssysteem weigerde", "the operating system refused";
    join_not_a_ticket: "Dit is geen uitnodiging voor Rondetafel (die begint met rondetafel1:).", "This is not a Rondetafel invitation (it starts with rondetafel1:).";
    join_damaged: "Deze uitnodiging is beschadigd; kopieer de hele regel opnieuw.", "This invitation is damaged; copy the whole line again.";
    join_already_held: "Dit apparaat heeft {} al.", "This device holds {} already.";
    join_other_organisation: "Deze uitnodiging is voor een apparaat van {}, maar dit apparaat werkt namens {}.", "This invitation is for a device of {}, but this device acts for {}.";
    refused_not_member: "Uw organisatie is geen partner (meer) van deze alliantie, of dit apparaat is buiten gebruik gesteld.", "Your organisation is not (or no longer) a partner of this alliance, or this device was retired.";
    refused_not_expected_of_you: "Deze verwachting is aan {}; alleen die partner kan erop antwoorden.", "This expectation is of {}; only that partner can answer it.";
    refused_expectation_of_yourself: "Een verwachting richt u aan een andere partner. Wat u zelf inbrengt, zet u op uw rolkaart.", "An expectation is of another partner. What you bring yourself goes on your role card.";
    refused_closes_before_opening: "De ronde kan niet sluiten ({}) voordat hij opent ({}).", "The round cannot close ({}) before it opens ({}).";
    refused_round_closed: "Deze koerscheck is gesloten.", "This course check is closed.";
    refused_round_not_open: "Deze koerscheck opent op {}.", "This course check opens on {}.";
    refused_round_not_due: "De ronde sluit op {}; tot dan kan alleen {}, die hem opende, hem sluiten.", "The round closes on {}; until then only {}, who opened it, can close it.";
    refused_round_still_open: "Vervolgacties voegt u toe nadat de ronde is gesloten.", "Follow-up actions are added once the round is closed.";
    refused_too_many_actions: "Een ronde heeft hooguit {} vervolgacties.", "A round has at most {} follow-up actions.";
    refused_name_not_named: "Een naam hoort alleen bij inbreng die met naam is ondertekend.", "A name goes only with input signed with a name.";
    refused_client_named: "De naam van een cliënt is een persoonsgegeven van een cliënt en hoort hier niet. Onderteken met alleen de rol, of anoniem.", "A client's name is personal data of a client and has no place here. Sign with the role only, or anonymously.";
    refused_input_back_to_new: "Inbreng waarop is gereageerd, gaat niet terug naar nieuw.", "Input that was responded to does not go back to new.";
    refused_taken_up_without_agreement: "Opgepakt vraagt om de afspraak die eruit voortkwam; maak er een voorstel van of kies de afspraak.", "Taken up needs the agreement it became; turn it into a proposal or choose the agreement.";
    refused_done_before_answer: "Afgerond kan pas nadat de inbreng is opgepakt of niet opgepakt.", "Done comes only after the input was taken up or not taken up.";
    refused_promoted_already: "Van deze inbreng is al een afspraak gemaakt.", "This input became an agreement already.";
    refused_not_a_number: "“{}” is geen getal; schrijf het als 12,5.", "“{}” is not a number; write it as 12.5.";
    refused_out_of_range: "{} past niet bij de eenheid: {}.", "{} does not fit the unit: {}.";
    rule_percent: "een percentage ligt tussen 0 en 100", "a percentage lies between 0 and 100";
    rule_grade: "een rapportcijfer ligt tussen 1 en 10", "a grade lies between 1 and 10";
    rule_count: "een aantal is een geheel getal, 0 of meer", "a count is a whole number, 0 or more";
    rule_not_negative: "het cijfer is 0 of meer", "the figure is 0 or more";
    refused_personal_number: "{} lijkt op een burgerservicenummer (BSN). Hier horen alleen totalen, nooit een cijfer over een persoon.", "{} looks like a citizen service number (BSN). Only aggregate figures belong here, never a figure about a person.";
    refused_bad_period: "“{}” is geen periode; schrijf een jaar (2026), een kwartaal (2026-K3), een maand (2026-07) of een reeks (1-1-2026..30-6-2026).", "“{}” is not a period; write a year (2026), a quarter (2026-Q3), a month (2026-07) or a range (2026-01-01..2026-06-30).";
    refused_band_upside_down: "De bovengrens van de bandbreedte ligt onder de ondergrens.", "The band's upper bound is below its lower bound.";
    refused_ends_before_start: "De einddatum ligt voor de begindatum.", "The end date is before the start date.";
    refused_band_missing: "Een indicator met een bandbreedte heeft een onder- en bovengrens nodig.", "An indicator with a band needs a lower and an upper bound.";
    refused_not_your_interest: "Dit belang is van {}; alleen die partner kan het wijzigen.", "This interest belongs to {}; only that partner can change it.";
    refused_consent: "De afspraak kan pas afgesproken zijn als elke partner een standpunt heeft bij deze tekst. Nog geen standpunt: {}.", "The agreement can be agreed only once every partner has a position on this text. No position yet: {}.";
    refused_decision_date: "Een besluit van {} kan niet gaan over een momentopname van {}.", "A decision of {} cannot be about a snapshot of {}.";
    refused_objections: "De afspraak kan niet afgesproken zijn zolang partners bezwaar hebben: {}.", "The agreement cannot be agreed while partners object: {}.";
    refused_not_open: "De afspraak is {}; maak er eerst weer een concept van.", "The agreement is {}; make it a draft again first.";
    refused_not_your_partner: "U kunt alleen apparaten van uw eigen organisatie uitnodigen of buiten gebruik stellen.", "You can only invite or retire devices of your own organisation.";
    refused_already_removed: "{} is geen partner meer van deze alliantie.", "{} is no longer a partner of this alliance.";
    refused_last_partner: "De laatste partner kan niet worden verwijderd: een alliantie heeft minstens één partner.", "The last partner cannot be removed: an alliance needs at least one partner.";
    refused_empty: "{} mag niet leeg zijn.", "{} cannot be empty.";
    refused_bad_date: "“{}” is geen geldige datum; schrijf bijvoorbeeld 1-3-2027.", "“{}” is not a valid date; write for example 1-3-2027.";
    refused_not_found: "Niets gevonden dat past bij “{}”.", "Nothing matches “{}”.";
    refused_ambiguous: "“{}” past bij meer dan één; geef meer tekens.", "“{}” matches more than one; give more characters.";
    refused_unknown_version: "Die versie van de alliantie staat nog niet op dit apparaat; wissel eerst uit met de andere partners.", "That version of the alliance is not on this device yet; sync with the other partners first.";
    refused_labelled: "Deze momentopname heeft al versie {}; een versie verandert niet meer.", "This snapshot has version {} already; a version does not change.";
    refused_other_device: "Dit apparaat kan niet schrijven namens een ander apparaat: het woord van een partner komt alleen van zijn eigen apparaten.", "This device cannot write for another device: a partner's word comes only from its own devices.";
    refused_conditions_missing: "Vastgesteld onder voorwaarden vraagt om de voorwaarden.", "Adopted with conditions needs the conditions.";
    refused_conditions_not_allowed: "Voorwaarden horen alleen bij vastgesteld onder voorwaarden, niet bij {}.", "Conditions go only with adopted with conditions, not with {}.";
    refused_not_an_alliance: "Dit is geen alliantie van Rondetafel.", "This is not a Rondetafel alliance.";
    refused_newer_schema: "Deze alliantie is gemaakt met een nieuwere Rondetafel. Werk Rondetafel bij.", "This alliance was made with a newer Rondetafel. Please update Rondetafel.";
    refused_document: "De alliantie kon niet worden gewijzigd (het document weigerde).", "The alliance could not be changed (the document refused).";
    invitation_unknown: "Deze uitnodiging is niet bekend in de alliantie.", "This invitation is not known in the alliance.";
    invitation_wrong_secret: "Deze uitnodiging klopt niet.", "This invitation is not valid.";
    invitation_expired: "Deze uitnodiging is verlopen; vraag een partner om een nieuwe.", "This invitation expired; ask a partner for a new one.";
    invitation_withdrawn: "Deze uitnodiging is ingetrokken; vraag een partner om een nieuwe.", "This invitation was withdrawn; ask a partner for a new one.";
    refused_not_your_invitation: "Alleen de organisatie die de uitnodiging maakte, kan die intrekken.", "Only the organisation that made the invitation can withdraw it.";
    invitation_used: "Deze uitnodiging is al gebruikt; vraag een partner om een nieuwe.", "This invitation was used already; ask a partner for a new one.";
    invitation_wrong_partner: "Deze uitnodiging is voor een ander apparaat van {}, niet voor een nieuwe organisatie.", "This invitation is for another device of {}, not for a new organisation.";
    field_title: "De titel", "The title";
    field_alliance_name: "De naam van de alliantie", "The alliance name";
    field_organisation_name: "De naam van de organisatie", "The organisation name";
    field_label: "De versie", "The version";
    field_body: "Het besluitvormend orgaan", "The deciding body";
    field_text: "De tekst", "The text";
    field_expectation: "De verwachting", "The expectation";
    field_action: "De actie", "The action";
    field_input: "De inbreng", "The input";
}
}
