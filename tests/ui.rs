//! The desktop client driven by its accessible labels (egui_kittest, no
//! display needed), over real data directories and real sync nodes on
//! loopback: first run, creating an alliance, adding an agreement, objecting
//! with a reason, and another partner's change arriving while the window is
//! open.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Device, Serve, last_word};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use rondetafel::gui::{Backend, BackendConfig, Preferences, RondetafelApp, Section};
use rondetafel::network::{NetworkOptions, PeerBook};

/// A window over data directory `dir`, listening on loopback and dialling
/// `peers`.
fn open_window(dir: &Path, peers: &[String]) -> Harness<'static, RondetafelApp> {
    open_window_sized(
        dir,
        peers,
        egui::vec2(1280.0, 1000.0),
        Preferences::default(),
    )
}

/// A window of `size` (points at a text size of 1) with `preferences`.
fn open_window_sized(
    dir: &Path,
    peers: &[String],
    size: egui::Vec2,
    preferences: Preferences,
) -> Harness<'static, RondetafelApp> {
    let network = NetworkOptions {
        listen: vec!["/ip4/127.0.0.1/tcp/0".parse().unwrap()],
        peers: peers.iter().map(|p| p.parse().unwrap()).collect(),
        mdns: false,
        ..NetworkOptions::default()
    };
    let config = BackendConfig {
        data_dir: dir.to_owned(),
        network,
    };
    let backend = Backend::start(config, Arc::new(|| {}));
    let app = RondetafelApp::new(backend, preferences);
    Harness::builder()
        .with_size(size)
        .build_ui_state(|ui, app: &mut RondetafelApp| app.show(ui), app)
}

/// Runs frames until a widget labelled `label` exists (up to 30 s).
fn wait_for(harness: &mut Harness<'_, RondetafelApp>, label: &str) {
    wait_until(harness, label, |h| {
        h.query_all_by_label(label).next().is_some()
    });
}

/// Runs frames until a widget whose label contains `text` exists.
fn wait_for_text(harness: &mut Harness<'_, RondetafelApp>, text: &str) {
    wait_until(harness, text, |h| {
        h.query_all_by_label_contains(text).next().is_some()
    });
}

fn wait_until(
    harness: &mut Harness<'_, RondetafelApp>,
    what: &str,
    done: impl Fn(&Harness<'_, RondetafelApp>) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        harness.step();
        if done(harness) {
            return;
        }
        if Instant::now() > deadline {
            let labels: Vec<String> = harness
                .query_all_by_label_contains("")
                .filter_map(|n| n.accesskit_node().label().or(n.accesskit_node().value()))
                .collect();
            panic!("{what:?} did not appear; the window shows: {labels:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn type_into(harness: &mut Harness<'_, RondetafelApp>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.step();
    harness.get_by_label(label).type_text(text);
    harness.step();
}

/// Replaces the whole text of the field labelled `label` with `text`.
fn replace_text(harness: &mut Harness<'_, RondetafelApp>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.step();
    harness.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
    harness.get_by_label(label).type_text(text);
    harness.step();
}

fn click(harness: &mut Harness<'_, RondetafelApp>, label: &str) {
    harness.get_by_label(label).scroll_to_me();
    for _ in 0..10 {
        harness.step();
    }
    harness.get_by_label(label).click();
    harness.step();
    harness.step();
}

#[test]
fn a_new_user_sets_up_creates_an_alliance_adds_an_agreement_and_objects() {
    let device = Device::new();
    let mut window = open_window(&device.dir, &[]);

    wait_for(&mut window, "Welkom bij Rondetafel");
    type_into(&mut window, "Naam van uw organisatie", "Gemeente Zwolle");
    click(&mut window, "Organisatie instellen");
    wait_for(&mut window, "Uw allianties");

    type_into(&mut window, "Naam van de alliantie", "Jeugd Noord");
    click(&mut window, "Alliantie aanmaken");
    wait_for(&mut window, "Wat vraagt uw aandacht");

    click(&mut window, "Afspraken");
    click(&mut window, "Nieuwe afspraak");
    type_into(&mut window, "Titel", "Wijkteams in elke wijk");
    click(&mut window, "Afspraak toevoegen");
    wait_for(&mut window, "Standpunt vastleggen");

    click(&mut window, "Bezwaar");
    assert!(
        window
            .query_by_label("Een bezwaar of een voorbehoud heeft een toelichting nodig.")
            .is_some(),
        "an objection without a reason is pointed out"
    );
    type_into(&mut window, "Toelichting", "Eerst de financiering rond");
    click(&mut window, "Standpunt vastleggen");
    wait_for(&mut window, "Eerst de financiering rond");
    drop(window);

    // What the window did is in the data directory, as the CLI reads it.
    let alliances = device.json(&["alliance", "list", "--json"]);
    let id = alliances[0]["id"].as_str().expect("an alliance").to_owned();
    let view = device.json(&["alliance", "show", &id, "--json"]);
    assert_eq!(view["name"], "Jeugd Noord");
    let agreement = &view["agreements"][0];
    assert_eq!(agreement["title"], "Wijkteams in elke wijk");
    let positions = agreement["positions"].as_object().expect("positions");
    let position = positions.values().next().expect("one position");
    assert_eq!(position["stance"], "object");
    assert_eq!(position["reason"], "Eerst de financiering rond");
}

/// The background service may have loaded the alliances before the window
/// draws its first frame; that frame already shows them in the design's
/// type scale (it once panicked on a missing text style).
#[test]
fn the_first_frame_can_already_show_the_alliances() {
    let a = Device::with_org("Gemeente Zwolle", "gemeente");
    a.ok(&["alliance", "create", "Jeugd Noord"]);
    let config = BackendConfig {
        data_dir: a.dir.clone(),
        network: NetworkOptions {
            listen: Vec::new(),
            mdns: false,
            ..NetworkOptions::default()
        },
    };
    let backend = Backend::start(config, Arc::new(|| {}));
    // Time for the service to load and report before the first frame.
    std::thread::sleep(Duration::from_secs(3));
    let app = RondetafelApp::new(backend, Preferences::default());
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 1000.0))
        .build_ui_state(|ui, app: &mut RondetafelApp| app.show(ui), app);
    harness.step();
    wait_for(&mut harness, "Openen Jeugd Noord");
}

#[test]
fn a_partners_change_appears_while_the_window_is_open() {
    let a = Device::with_org("Gemeente Zwolle", "gemeente");
    let b = Device::with_org("Zorggroep Noord", "zorgaanbieder");
    let (_, ticket, serve) = invitation_served_by(&a);
    b.ok(&["join", &ticket]);
    serve.stop();

    // Both partners have the window open; B's window dials A's.
    let mut window_a = open_window(&a.dir, &[]);
    let a_address = listening_address(&mut window_a, &a);
    let mut window_b = open_window(&b.dir, &[a_address]);
    click_when_there(&mut window_b, "Openen Jeugd Noord");
    wait_for_text(&mut window_b, "Partners: 1 bijgewerkt, 0 bezig, 0 offline");
    click_when_there(&mut window_a, "Openen Jeugd Noord");
    click(&mut window_a, "Afspraken");
    wait_for_text(&mut window_a, "Partners: 1 bijgewerkt, 0 bezig, 0 offline");

    click(&mut window_b, "Afspraken");
    click(&mut window_b, "Nieuwe afspraak");
    type_into(&mut window_b, "Titel", "Tien woningen per jaar");
    click(&mut window_b, "Afspraak toevoegen");

    // A's window shows it without anyone touching it.
    wait_for_text(&mut window_a, "Tien woningen per jaar");
}

/// Device `a` creates "Jeugd Noord", invites a partner, and serves on the
/// address in the ticket: returns the alliance id, the ticket and the node.
fn invitation_served_by(a: &Device) -> (String, String, Serve) {
    let alliance = last_word(&a.ok(&["alliance", "create", "Jeugd Noord"]));
    let address = {
        let serve = Serve::start(a, "/ip4/127.0.0.1/tcp/0", &[]);
        let address = serve.address.clone();
        serve.stop();
        address
    };
    let ticket = last_word(&a.ok(&["invite", &alliance, "--address", &address]));
    (alliance, ticket, Serve::start(a, &address, &[]))
}

/// The address (with peer id) `window`, open over `device`, listens on.
fn listening_address(window: &mut Harness<'_, RondetafelApp>, device: &Device) -> String {
    let peer = device.json(&["whoami", "--json"])["peer_id"]
        .as_str()
        .expect("peer id")
        .to_owned();
    wait_until(window, "a listen address", |_| {
        let book = PeerBook::load(&device.dir);
        book.pid == Some(std::process::id()) && !book.listen.is_empty()
    });
    format!("{}/p2p/{peer}", PeerBook::load(&device.dir).listen[0])
}

fn click_when_there(harness: &mut Harness<'_, RondetafelApp>, label: &str) {
    wait_for(harness, label);
    click(harness, label);
}

#[test]
fn a_new_partner_joins_by_pasting_an_invitation() {
    let a = Device::with_org("Gemeente Zwolle", "gemeente");
    let (alliance, ticket, _serve) = invitation_served_by(&a);

    let b = Device::new();
    let mut window = open_window(&b.dir, &[]);
    wait_for(&mut window, "Welkom bij Rondetafel");
    type_into(&mut window, "Naam van uw organisatie", "Zorggroep Noord");
    click(&mut window, "Uitvoerder");
    click(&mut window, "Organisatie instellen");
    wait_for(&mut window, "Uw allianties");
    type_into(
        &mut window,
        "Uitnodiging (begint met rondetafel1:)",
        &ticket,
    );
    click(&mut window, "Deelnemen");
    wait_for_text(&mut window, "U neemt nu deel aan Jeugd Noord.");
    click(&mut window, "Partners");
    wait_for(&mut window, "Zorggroep Noord");
    drop(window);

    let view = b.json(&["alliance", "show", &alliance, "--json"]);
    let partner = view["partners"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["name"] == "Zorggroep Noord"))
        .expect("B is a partner");
    assert_eq!(partner["roles"], serde_json::json!(["uitvoerder"]));
}

#[test]
fn a_snapshot_is_exported_for_the_board_and_the_decision_recorded() {
    let a = Device::with_org("Gemeente Zwolle", "gemeente");
    let alliance = last_word(&a.ok(&["alliance", "create", "Jeugd Noord"]));
    a.ok(&[
        "agreement",
        "add",
        &alliance,
        "--title",
        "Eén wijkteam per wijk",
    ]);
    let folder = tempfile::tempdir().expect("folder");

    let mut window = open_window(&a.dir, &[]);
    click_when_there(&mut window, "Openen Jeugd Noord");
    click(&mut window, "Vaststelling");
    wait_for_text(&mut window, "Nog niet vastgesteld");
    // The system's folder dialog is a button away; the path can be typed.
    window.get_by_role_and_label(egui::accesskit::Role::Button, "Map kiezen…");
    replace_text(&mut window, "Map", &folder.path().display().to_string());
    click(&mut window, "Momentopname maken en exporteren");
    wait_for_text(&mut window, "geëxporteerd naar");
    wait_for_text(&mut window, "Open /");
    let exported: Vec<_> = std::fs::read_dir(folder.path())
        .expect("folder")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(exported.len(), 1, "{exported:?}");
    assert_eq!(
        exported[0].extension().and_then(|e| e.to_str()),
        Some("pdf")
    );

    type_into(
        &mut window,
        "Besluitvormend orgaan (bijv. college van B&W)",
        "College van B&W",
    );
    type_into(&mut window, "Kenmerk", "Z/27/0042");
    // Nothing is preselected: the decision and its date are the user's.
    let decision = window.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Besluit");
    assert_eq!(
        decision.accesskit_node().value().as_deref(),
        Some("Kies het besluit"),
        "no decision is preselected"
    );
    decision.click();
    window.step();
    wait_for(&mut window, "Vastgesteld");
    assert!(
        window
            .get_by_label("Besluit vastleggen")
            .accesskit_node()
            .is_disabled()
    );
    click(&mut window, "Vastgesteld");
    // The date is picked from the calendar: today.
    click(&mut window, "Kalender — Datum van het besluit");
    let today = jiff::Zoned::now().date();
    let months = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    let day = format!(
        "{} {} {}",
        today.day(),
        months[today.month() as usize - 1],
        today.year()
    );
    wait_for(&mut window, &day);
    window
        .get_by_role_and_label(egui::accesskit::Role::Button, &day)
        .click();
    window.run_steps(3);
    let typed = window.get_by_label("Datum van het besluit").value();
    assert_eq!(
        typed.as_deref(),
        Some(format!("{}-{}-{}", today.day(), today.month(), today.year()).as_str())
    );
    let value = window
        .get_by_role_and_label(egui::accesskit::Role::ComboBox, "Besluit")
        .accesskit_node()
        .value();
    assert_eq!(value.as_deref(), Some("Vastgesteld"));
    click(&mut window, "Besluit vastleggen");
    wait_for_text(&mut window, "Vastgesteld: versie 0.1");

    // The adopted version goes to the archive: kept for a period, which
    // needs its years before the package can be made.
    window
        .get_by_role_and_label(egui::accesskit::Role::ComboBox, "Waardering")
        .click();
    window.step();
    wait_for(&mut window, "Tijdelijk te bewaren");
    click(&mut window, "Tijdelijk te bewaren");
    window.run_steps(2);
    assert!(
        window
            .get_by_label("Archiefpakket maken")
            .accesskit_node()
            .is_disabled()
    );
    type_into(&mut window, "Bewaartermijn in jaren", "20");
    click(&mut window, "Archiefpakket maken");
    wait_for_text(&mut window, "Archiefpakket van versie 0.1");
    drop(window);

    let file = exported[0].display().to_string();
    let verified = a.json(&["verify", &file, "--json"]);
    assert_eq!(verified["verified"], true, "{verified}");
    let package = std::fs::read_dir(folder.path())
        .expect("folder")
        .map(|e| e.expect("entry").path())
        .find(|p| p.extension().and_then(|e| e.to_str()) == Some("zip"))
        .expect("an archive package in the folder");
    let archivist = Device::new();
    let report = archivist.json(&["verify", &package.display().to_string(), "--json"]);
    assert_eq!(report["verified"], true, "{report}");
    assert_eq!(report["vastgesteld"], true, "{report}");
    let bytes = std::fs::read(&package).expect("package");
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("<termijnLooptijd>P20Y</termijnLooptijd>"));
    assert!(text.contains("<verwijzingNaam>Gemeente Zwolle</verwijzingNaam>"));
}

#[test]
fn the_window_speaks_english_when_chosen() {
    let device = Device::with_org("Gemeente Zwolle", "gemeente");
    let mut window = open_window(&device.dir, &[]);
    wait_for(&mut window, "Uw allianties");
    click(&mut window, "Instellingen");
    click(&mut window, "English");
    wait_for(&mut window, "Your alliances");
    assert_eq!(
        window.state().preferences().language,
        rondetafel::gui::i18n::Language::English
    );
}

#[test]
fn the_history_names_a_write_that_does_not_count() {
    use automerge::transaction::Transactable;
    use automerge::{ROOT, ReadDoc, Value};
    let a = Device::with_org("Gemeente Hillegom", "gemeente");
    let b = Device::with_org("Zorg Dichtbij", "zorgaanbieder");
    let (alliance, ticket, serve) = invitation_served_by(&a);
    b.ok(&["join", &ticket]);
    assert!(serve.stop());
    let b_id = b.json(&["whoami", "--json"])["partner_id"]
        .as_str()
        .expect("partner id")
        .to_owned();
    {
        // A modified program on A's device renames the care provider.
        let mut workspace = rondetafel::local::Workspace::open(&a.dir).expect("open");
        let (mut copy, _) = workspace.find_alliance(&alliance).expect("alliance");
        let doc = copy.document_mut();
        let object = |doc: &automerge::AutoCommit, parent, key: &str| match doc.get(parent, key) {
            Ok(Some((Value::Object(_), id))) => id,
            other => panic!("{key}: {other:?}"),
        };
        let partners = object(doc, &ROOT, "partners");
        let partner = object(doc, &partners, &b_id);
        doc.put(&partner, "name", "Overgenomen").expect("put");
        doc.commit();
        workspace.save(&mut copy).expect("save");
    }
    let mut window = open_window(&a.dir, &[]);
    click_when_there(&mut window, "Openen Jeugd Noord");
    click(&mut window, "Geschiedenis");
    wait_for_text(&mut window, "namens Zorg Dichtbij geschreven — genegeerd");
    click(&mut window, "Partners");
    wait_for(&mut window, "Zorg Dichtbij");
    assert!(window.query_by_label_contains("Overgenomen").is_none());
}

#[test]
fn no_stance_is_preselected_and_a_position_on_an_earlier_text_says_so() {
    let device = Device::with_org("Gemeente Hillegom", "gemeente");
    let alliance = last_word(&device.ok(&["alliance", "create", "Hillegom"]));
    let agreement = last_word(&device.ok(&[
        "agreement",
        "add",
        &alliance,
        "--title",
        "Wijkteam",
        "--body",
        "Eén team",
    ]));
    let mut window = open_window(&device.dir, &[]);
    click_when_there(&mut window, "Openen Hillegom");
    click(&mut window, "Afspraken");
    click_when_there(&mut window, "Wijkteam — Concept");
    wait_for(&mut window, "Standpunt vastleggen");
    for stance in ["Akkoord", "Akkoord met voorbehoud", "Bezwaar", "Onthouding"] {
        let radio = window.get_by_label(stance);
        assert_eq!(
            radio.accesskit_node().toggled(),
            Some(egui::accesskit::Toggled::False),
            "{stance} is not preselected"
        );
    }
    assert!(window.query_by_label("Kies eerst uw standpunt.").is_some());
    assert!(
        window
            .get_by_label("Standpunt vastleggen")
            .accesskit_node()
            .is_disabled()
    );
    click(&mut window, "Akkoord");
    click(&mut window, "Standpunt vastleggen");
    wait_for_text(&mut window, "Akkoord");
    drop(window);

    device.ok(&[
        "agreement",
        "edit",
        &alliance,
        &agreement,
        "--body",
        "Twee teams",
    ]);
    let mut window = open_window(&device.dir, &[]);
    click_when_there(&mut window, "Openen Hillegom");
    click(&mut window, "Afspraken");
    click_when_there(&mut window, "Wijkteam — Concept");
    wait_for_text(&mut window, "Akkoord (gegeven bij een eerdere tekst)");
    wait_for(&mut window, "Standpunt bevestigen bij deze tekst");
    click(&mut window, "Standpunt bevestigen bij deze tekst");
    wait_for(&mut window, "Standpunt vastleggen");
    assert!(
        window
            .query_by_label_contains("gegeven bij een eerdere tekst")
            .is_none()
    );
}

#[test]
fn a_position_shows_how_it_went_and_reservations_need_a_reason() {
    let device = Device::with_org("Gemeente Hillegom", "gemeente");
    let alliance = last_word(&device.ok(&["alliance", "create", "Hillegom"]));
    let agreement = last_word(&device.ok(&["agreement", "add", &alliance, "--title", "Wijkteam"]));
    device.ok(&["agreement", "add", &alliance, "--title", "Loket"]);
    for (stance, reason) in [("object", "Te duur"), ("reservations", "Mits evaluatie")] {
        device.ok(&[
            "agreement",
            "position",
            &alliance,
            &agreement,
            stance,
            "--reason",
            reason,
        ]);
    }
    let mut window = open_window(&device.dir, &[]);
    click_when_there(&mut window, "Openen Hillegom");
    click(&mut window, "Afspraken");
    click_when_there(&mut window, "Wijkteam — Concept");
    wait_for_text(&mut window, "Verloop: Bezwaar (");
    assert!(
        window
            .query_by_label_contains("), daarna Akkoord met voorbehoud (")
            .is_some()
    );

    click(&mut window, "Loket — Concept");
    wait_for(&mut window, "Standpunt vastleggen");
    assert!(window.query_by_label_contains("Verloop:").is_none());
    click(&mut window, "Akkoord met voorbehoud");
    wait_for(
        &mut window,
        "Een bezwaar of een voorbehoud heeft een toelichting nodig.",
    );
    assert!(
        window
            .get_by_label("Standpunt vastleggen")
            .accesskit_node()
            .is_disabled()
    );
}

#[test]
fn an_agreed_agreement_without_an_outcome_asks_for_one_and_saves_it() {
    let device = Device::with_org("Gemeente Hillegom", "gemeente");
    let alliance = last_word(&device.ok(&["alliance", "create", "Hillegom"]));
    let agreement = last_word(&device.ok(&["agreement", "add", &alliance, "--title", "Wijkteam"]));
    device.ok(&["agreement", "position", &alliance, &agreement, "agree"]);
    device.ok(&[
        "agreement",
        "edit",
        &alliance,
        &agreement,
        "--status",
        "agreed",
    ]);
    let mut window = open_window(&device.dir, &[]);
    click_when_there(&mut window, "Openen Hillegom");
    click(&mut window, "Afspraken");
    click_when_there(&mut window, "Wijkteam — Afgesproken");
    wait_for_text(&mut window, "vastgesteld zonder uitkomst");
    let field = "Uitkomst: wat is afgesproken en wie doet wat";
    type_into(&mut window, field, "Eén team per wijk; de gemeente betaalt");
    click(&mut window, &format!("Opslaan — {field}"));
    wait_until(&mut window, "the warning to go", |h| {
        h.query_by_label_contains("vastgesteld zonder uitkomst")
            .is_none()
    });
    drop(window);
    let shown = device.json(&["agreement", "show", &alliance, &agreement, "--json"]);
    assert_eq!(shown["outcome"], "Eén team per wijk; de gemeente betaalt");
}

#[test]
fn the_history_speaks_dutch_with_names_and_groups_edits() {
    let device = Device::with_org("Gemeente Hillegom", "gemeente");
    let alliance = last_word(&device.ok(&["alliance", "create", "Hillegom"]));
    for text in ["Samen", "Samen sterk", "Samen sterk in Hillegom"] {
        device.ok(&["ambition", "set", &alliance, "--text", text]);
    }
    device.ok(&["agreement", "add", &alliance, "--title", "Eén loket"]);
    let mut window = open_window(&device.dir, &[]);
    click_when_there(&mut window, "Openen Hillegom");
    click(&mut window, "Geschiedenis");
    wait_for_text(
        &mut window,
        "Gemeente Hillegom heeft de afspraak “Eén loket” toegevoegd",
    );
    wait_for_text(
        &mut window,
        "Gemeente Hillegom heeft de ambitie bewerkt (3 bewerkingen)",
    );
    wait_for_text(
        &mut window,
        "Gemeente Hillegom heeft de alliantie opgericht",
    );
    let months =
        "januari februari maart april mei juni juli augustus september oktober november december";
    let this_month = months
        .split(' ')
        .nth(jiff::Zoned::now().month() as usize - 1)
        .unwrap();
    wait_for_text(&mut window, this_month);
    assert!(
        window.query_by_label("Bekijken").is_none(),
        "every view button names its moment"
    );
    assert!(
        window
            .query_all_by_label_contains(
                "Bekijk de alliantie na de wijziging van Gemeente Hillegom"
            )
            .count()
            >= 3
    );
}

/// Everything the window shows lies inside it: no text runs past the right
/// edge (WCAG 2.1 reflow). Returns the labels of widgets that do.
fn past_the_edge(harness: &Harness<'_, RondetafelApp>) -> Vec<String> {
    let right = harness.ctx.content_rect().max.x + 1.0;
    harness
        .query_all_by_label_contains("")
        .filter(|node| node.accesskit_node().bounding_box().is_some() && node.rect().max.x > right)
        .map(|node| {
            let n = node.accesskit_node();
            format!(
                "{:?} {:?} ends at {:.0} > {right:.0}",
                n.role(),
                n.label().or(n.value()).unwrap_or_default(),
                node.rect().max.x
            )
        })
        .collect()
}

#[test]
fn every_section_reflows_at_900_pixels_and_twice_the_text_size() {
    let a = Device::with_org("Gemeente Hillegom", "gemeente");
    let alliance = last_word(&a.ok(&[
        "alliance",
        "create",
        "Hillegom Samen voor een sterk sociaal domein",
        "--description",
        "Samenwerking in het sociaal domein van Hillegom: gemeente, zorg, wonen en cliënten aan één tafel, met één gedeelde ambitie.",
    ]));
    let long = "Partners richten samen één coördinatiepunt in. Elke casus met meer dan twee betrokken organisaties krijgt binnen vijf werkdagen één regisseur, die het plan met het gezin opstelt en bewaakt.";
    a.ok(&["ambition", "set", &alliance, "--text", long]);
    let effect = last_word(&a.ok(&[
        "effect",
        "add",
        &alliance,
        "--text",
        "Minder escalatie naar specialistische jeugdhulp in alle wijken",
        "--indicator",
        "Aandeel jongeren met jeugdhulp met verblijf, per wijk en per jaar",
        "--target",
        "-15% in 2028",
    ]));
    a.ok(&["interest", "add", &alliance, "--text", long, "--obstacle"]);
    let agreement = last_word(&a.ok(&[
        "agreement",
        "add",
        &alliance,
        "--title",
        "Eén coördinatiepunt voor complexe casuïstiek met meerdere betrokken organisaties",
        "--body",
        long,
    ]));
    a.ok(&[
        "agreement",
        "position",
        &alliance,
        &agreement,
        "object",
        "--reason",
        long,
    ]);
    a.ok(&[
        "input",
        "add",
        &alliance,
        "--kind",
        "idea",
        "--text",
        long,
        "--role",
        "board-member",
        "--name",
        "Annemarie van der Heijden-Oudshoorn",
    ]);
    a.ok(&[
        "role",
        "set",
        &alliance,
        "--brings",
        &format!("knowledge={long}"),
        "--responsible",
        long,
        "--mandate",
        long,
    ]);
    let indicator = a.json(&[
        "indicator",
        "add",
        &alliance,
        "--effect",
        &effect,
        "--from-catalogue",
        "wmo-maatwerk",
        "--baseline",
        "612",
        "--baseline-period",
        "2025",
        "--target",
        "560",
        "--target-date",
        "2027-12-31",
        "--json",
    ])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for (period, value) in [("2026-Q1", "604"), ("2026-Q2", "598,5")] {
        a.ok(&[
            "measurement",
            "add",
            &alliance,
            &indicator,
            "--period",
            period,
            "--value",
            value,
        ]);
    }
    a.ok(&[
        "intervention",
        "add",
        &alliance,
        "--title",
        long,
        "--effect",
        &effect,
        "--assumption",
        long,
    ]);
    let meeting_title = "Stuurgroep sociaal domein Hillegom, gemeente, zorg, wonen en cliënten";
    let meeting = a.json(&[
        "meeting",
        "start",
        &alliance,
        "--title",
        meeting_title,
        "--json",
    ])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    a.ok(&[
        "meeting", "agenda", &alliance, &meeting, "--add", &agreement,
    ]);
    a.ok(&["meeting", "attend", &alliance, &meeting]);
    a.ok(&[
        "meeting", "outcome", &alliance, &meeting, &agreement, "--text", long,
    ]);
    a.ok(&[
        "snapshot",
        &alliance,
        "--format",
        "json",
        "-o",
        a.dir.parent().unwrap().join("s.json").to_str().unwrap(),
    ]);
    for scale in [1.1, 2.2] {
        let preferences = Preferences {
            text_scale: scale,
            ..Preferences::default()
        };
        let size = egui::vec2(900.0, 800.0);
        let mut window = open_window_sized(&a.dir, &[], size, preferences);
        wait_until(&mut window, "the alliance", |h| {
            h.query_by_label_contains("Openen").is_some()
        });
        let mut clipped = Vec::new();
        let mut english = Vec::new();
        for section in [
            Section::Overview,
            Section::Ambition,
            Section::Interests,
            Section::Agreements,
            Section::Collaboration,
            Section::Input,
            Section::Effects,
            Section::Meeting,
            Section::Partners,
            Section::History,
            Section::Ratification,
        ] {
            assert!(window.state_mut().open(&alliance, section));
            if section == Section::Meeting {
                window.run_steps(2);
                click(&mut window, &format!("Openen {meeting_title}"));
            }
            if section == Section::Agreements {
                window.run_steps(2);
                click(
                    &mut window,
                    "Eén coördinatiepunt voor complexe casuïstiek met meerdere betrokken organisaties — Concept",
                );
            }
            window.run_steps(4);
            clipped.extend(
                past_the_edge(&window)
                    .into_iter()
                    .map(|c| format!("{section:?} at {scale}: {c}")),
            );
            // egui's own English name for the handle between two panels.
            english.extend(
                window
                    .query_all_by_label("Resize panel")
                    .map(|_| format!("{section:?} at {scale}")),
            );
        }
        assert!(
            clipped.is_empty(),
            "cut off at the window's edge:\n{}",
            clipped.join("\n")
        );
        assert!(english.is_empty(), "named in English: {english:?}");
    }
}

#[test]
fn an_expectation_is_answered_without_a_preselected_answer_and_the_card_filled_in() {
    let a = Device::with_org("Gemeente Zwolle", "gemeente");
    let (alliance, ticket, serve) = invitation_served_by(&a);
    let b = Device::with_org("Zorggroep Noord", "zorgaanbieder");
    b.ok(&["join", &ticket]);
    b.ok(&[
        "expectation",
        "add",
        &alliance,
        "--of",
        "Gemeente Zwolle",
        "--text",
        "Besluit binnen twee weken over een aanvraag",
    ]);
    b.ok(&["sync", &alliance, "--peer", &serve.multiaddr()]);
    assert!(serve.stop());

    let mut window = open_window(&a.dir, &[]);
    click_when_there(&mut window, "Openen Jeugd Noord");
    wait_for_text(&mut window, "1 verwachting wacht op uw antwoord");
    click(&mut window, "Naar Samenwerking");
    wait_for(&mut window, "Wat partners van u verwachten");
    for answer in ["Herken ik", "Deels", "Herken ik niet"] {
        let radio = window.get_by_label(answer);
        assert_eq!(
            radio.accesskit_node().toggled(),
            Some(egui::accesskit::Toggled::False),
            "{answer} is not preselected"
        );
    }
    let save = "Antwoord opslaan — Besluit binnen twee weken over een aanvraag";
    assert!(window.get_by_label(save).accesskit_node().is_disabled());
    click(&mut window, "Deels");
    type_into(
        &mut window,
        "Toelichting (niet verplicht)",
        "Niet in de zomer",
    );
    click(&mut window, save);
    wait_for_text(&mut window, "Antwoord van Gemeente Zwolle: Deels");

    type_into(&mut window, "Brengt in: Kennis", "Wijkdata");
    type_into(&mut window, "Verantwoordelijk voor", "Regie op de toegang");
    click(&mut window, "Rolkaart opslaan");
    wait_for_text(&mut window, "Laatst gewijzigd");
    assert!(
        window
            .get_by_label("Verwachting toevoegen")
            .accesskit_node()
            .is_disabled(),
        "no partner is chosen for a new expectation"
    );
    drop(window);

    let expectations = a.json(&["expectation", "list", &alliance, "--json"]);
    assert_eq!(expectations[0]["answer"]["answer"], "partly");
    assert_eq!(expectations[0]["answer"]["remark"], "Niet in de zomer");
    let cards = a.json(&["role", "show", &alliance, "Gemeente Zwolle", "--json"]);
    assert_eq!(cards[0]["brings"]["knowledge"], "Wijkdata");
    assert_eq!(cards[0]["responsible"], "Regie op de toegang");
}

#[test]
fn a_course_check_is_answered_topic_by_topic_and_closed_by_its_opener() {
    let a = Device::with_org("Gemeente Hillegom", "gemeente");
    let alliance = last_word(&a.ok(&["alliance", "create", "Hillegom"]));
    let closes = common::days_from_today(14);
    a.ok(&["coursecheck", "open", &alliance, "--closes", &closes]);
    let mut window = open_window(&a.dir, &[]);
    click_when_there(&mut window, "Openen Hillegom");
    wait_for_text(&mut window, "koerscheck open tot");
    click(&mut window, "Naar Samenwerking");
    click_when_there(&mut window, "Koerscheck");
    wait_for(&mut window, "Groen — Gedeelde ambitie");
    let dimensions = [
        "Gedeelde ambitie",
        "Belangen",
        "Relatie en vertrouwen",
        "Rollen en mandaat",
        "Proces en voortgang",
        "Effect voor inwoners",
    ];
    for dimension in dimensions {
        for colour in ["Groen", "Oranje", "Rood"] {
            let label = format!("{colour} — {dimension}");
            let radio = window.get_by_label(&label);
            assert_eq!(
                radio.accesskit_node().toggled(),
                Some(egui::accesskit::Toggled::False),
                "{colour} is not chosen for the user on {dimension}"
            );
        }
    }
    assert!(
        window
            .get_by_label("Antwoorden opslaan")
            .accesskit_node()
            .is_disabled()
    );
    for dimension in dimensions {
        let colour = if dimension == "Belangen" {
            "Rood"
        } else {
            "Groen"
        };
        click(&mut window, &format!("{colour} — {dimension}"));
        click(&mut window, &format!("Gelijk — {dimension}"));
    }
    type_into(
        &mut window,
        "Toelichting (niet verplicht) — Belangen",
        "De woningcorporatie zit er nog niet bij",
    );
    click(&mut window, "Antwoorden opslaan");
    wait_for_text(&mut window, "U hebt 6 van de 6 onderwerpen ingevuld.");
    click(&mut window, "Ronde sluiten");
    wait_for_text(&mut window, "Rood (0/0/1)");
    wait_for_text(&mut window, "De woningcorporatie zit er nog niet bij");
    drop(window);

    let rounds = a.json(&["coursecheck", "show", &alliance, "--json"]);
    assert!(rounds[0]["closed_at"].is_string(), "{rounds}");
    assert_eq!(rounds[0]["answers"].as_array().map(Vec::len), Some(6));
    assert_eq!(rounds[0]["dimensions"][1]["overall"], "red");
}

#[test]
fn an_idea_from_the_work_floor_becomes_a_proposed_agreement() {
    let a = Device::with_org("Gemeente Hillegom", "gemeente");
    let alliance = last_word(&a.ok(&["alliance", "create", "Hillegom"]));
    let text = "Buurtkamer ook op zaterdag open";
    a.ok(&[
        "input",
        "add",
        &alliance,
        "--kind",
        "idea",
        "--text",
        text,
        "--role",
        "professional",
        "--role-only",
    ]);
    let mut window = open_window(&a.dir, &[]);
    click_when_there(&mut window, "Openen Hillegom");
    wait_for_text(&mut window, "1 nieuw punt van inbreng");
    click(&mut window, "Naar Inbreng");
    wait_for(&mut window, "Nieuwe inbreng");
    for choice in [
        "Soort — Knelpunt",
        "Soort — Idee",
        "Ondertekening — Met naam",
        "Ondertekening — Alleen rol",
        "Ondertekening — Anoniem",
    ] {
        assert_eq!(
            window.get_by_label(choice).accesskit_node().toggled(),
            Some(egui::accesskit::Toggled::False),
            "{choice} is not chosen for the user"
        );
    }
    assert!(
        window
            .get_by_label("Inbreng toevoegen")
            .accesskit_node()
            .is_disabled()
    );
    wait_for_text(&mut window, "Geen persoonsgegevens van cliënten");
    click(
        &mut window,
        &format!("Maak er een voorstel voor een afspraak van — {text}"),
    );
    wait_for_text(&mut window, &format!("Werd de afspraak “{text}”"));
    wait_for_text(&mut window, "Professional: 1 in totaal — 1 opgepakt");

    let csv = a.dir.parent().unwrap().join("sessie.csv");
    std::fs::write(
        &csv,
        "soort;tekst;rol\nidee;Vaste contactpersoon;professional\nklacht;Fout;cliënt\n",
    )
    .unwrap();
    type_into(
        &mut window,
        "Bestand met ingevulde inbreng (CSV)",
        csv.to_str().unwrap(),
    );
    click(&mut window, "Inlezen");
    wait_for_text(&mut window, "Regel 3: “klacht” is geen geldige soort");
    std::fs::write(
        &csv,
        "soort;tekst;rol\nidee;Vaste contactpersoon;professional\nknelpunt;Te veel formulieren;cliënt\n",
    )
    .unwrap();
    click(&mut window, "Inlezen");
    wait_for_text(&mut window, "2 punten van inbreng ingelezen.");
    drop(window);
    let inputs = a.json(&["input", "list", &alliance, "--json"]);
    assert_eq!(inputs["inputs"].as_array().map(Vec::len), Some(3));

    let agreements = a.json(&["agreement", "list", &alliance, "--json"]);
    assert_eq!(agreements[0]["title"], text);
    assert_eq!(agreements[0]["status"], "proposed");
}

#[test]
fn the_effects_section_charts_an_indicator_takes_a_figure_and_adjusts_an_agreement() {
    let a = Device::with_org("Gemeente Hillegom", "gemeente");
    let alliance = last_word(&a.ok(&["alliance", "create", "Hillegom"]));
    let effect = last_word(&a.ok(&[
        "effect",
        "add",
        &alliance,
        "--text",
        "Minder inwoners wachten langer dan drie maanden op een passende woning met zorg",
    ]));
    let indicator = a.json(&[
        "indicator",
        "add",
        &alliance,
        "--effect",
        &effect,
        "--name",
        "Wachtenden langer dan drie maanden",
        "--unit",
        "count",
        "--direction",
        "lower",
        "--baseline",
        "42",
        "--baseline-period",
        "2025",
        "--target",
        "20",
        "--target-date",
        "2027-12-31",
        "--json",
    ])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for (period, value, status) in [
        ("2026-Q1", "40", "definitief"),
        ("2026-Q2", "36", "voorlopig"),
    ] {
        a.ok(&[
            "measurement",
            "add",
            &alliance,
            &indicator,
            "--period",
            period,
            "--value",
            value,
            "--status",
            status,
        ]);
    }
    let agreement = last_word(&a.ok(&[
        "agreement",
        "add",
        &alliance,
        "--title",
        "Wooncoach per wijk",
    ]));
    a.ok(&["agreement", "position", &alliance, &agreement, "agree"]);
    a.ok(&[
        "agreement",
        "edit",
        &alliance,
        &agreement,
        "--status",
        "agreed",
    ]);
    a.ok(&[
        "intervention",
        "add",
        &alliance,
        "--title",
        "Wooncoach",
        "--effect",
        &effect,
        "--agreement",
        &agreement,
    ]);

    let mut window = open_window(&a.dir, &[]);
    wait_until(&mut window, "the alliance", |h| {
        h.query_by_label_contains("Openen").is_some()
    });
    assert!(window.state_mut().open(&alliance, Section::Effects));
    wait_for(&mut window, "Van ambitie naar effect");
    wait_for(
        &mut window,
        "Grafiek van Wachtenden langer dan drie maanden: 2026-Q1 40 (definitief), 2026-Q2 36 (voorlopig)",
    );
    wait_for_text(&mut window, "Basis 42 (2025) · Doel 20 op 31 december 2027");
    // The chain: the indicator's latest figure and the intervention beside the effect.
    wait_for_text(&mut window, "36 (2026-Q2)");
    wait_for_text(&mut window, "Wooncoach");

    click(&mut window, "Meting toevoegen");
    type_into(&mut window, "Periode", "2026-Q3");
    type_into(&mut window, "Waarde (aantal)", "123456782");
    let save = "Meting opslaan bij “Wachtenden langer dan drie maanden”";
    click(&mut window, save);
    wait_for_text(&mut window, "lijkt op een burgerservicenummer (BSN)");
    replace_text(&mut window, "Waarde (aantal)", "31");
    click(&mut window, save);
    wait_for_text(&mut window, "2026-Q3 31 (voorlopig)");

    click(&mut window, "Effectgesprek");
    type_into(&mut window, "Periode van het gesprek", "2026-Q3");
    click(&mut window, "Effectgesprek openen");
    wait_for(&mut window, "Effectgesprek 2026-Q3");
    wait_for_text(
        &mut window,
        "Bijstellen zet deze afspraken terug op voorgesteld, zodat de partners opnieuw hun standpunt geven: “Wooncoach per wijk”",
    );
    type_into(
        &mut window,
        "Uw antwoord op “Wat zien we?”",
        "De wachtlijst daalt",
    );
    click(&mut window, "Antwoord opslaan op “Wat zien we?”");
    wait_for_text(&mut window, "Gemeente Hillegom: De wachtlijst daalt");
    click(&mut window, "Bijstellen: “Wooncoach”");
    wait_for_text(&mut window, "Weer voorgesteld: “Wooncoach per wijk”");
    drop(window);

    let figures = a.json(&["measurement", "list", &alliance, &indicator, "--json"]);
    assert_eq!(figures["measurements"].as_array().map(Vec::len), Some(3));
    assert_eq!(figures["measurements"][2]["value"], 31.0);
    let agreements = a.json(&["agreement", "list", &alliance, "--json"]);
    assert_eq!(agreements[0]["status"], "proposed", "adjusting reopened it");
    let reviews = a.json(&["review", "show", &alliance, "--json"]);
    assert_eq!(reviews[0]["decisions"][0]["decision"], "adjust");
}

#[test]
fn about_shows_where_the_log_is_and_runs_the_diagnosis() {
    let device = Device::with_org("Gemeente Zwolle", "gemeente");
    let mut window = open_window(&device.dir, &[]);
    wait_for(&mut window, "Uw allianties");
    click(&mut window, "Instellingen");
    click(&mut window, "Over Rondetafel en diagnose");
    wait_for(&mut window, "Over Rondetafel");
    wait_for_text(
        &mut window,
        &format!("Versie {}", env!("CARGO_PKG_VERSION")),
    );
    let log = device.dir.join("logs").join("rondetafel.log");
    wait_for_text(&mut window, log.to_str().unwrap());
    click(&mut window, "Diagnose uitvoeren");
    wait_for(&mut window, "Gegevensmap");
    wait_for_text(&mut window, "werkt namens Gemeente Zwolle");
    wait_for_text(&mut window, "in gebruik door dit programma");
    assert!(
        window.query_all_by_label("Probleem").next().is_none(),
        "a working device has no failed check"
    );
    click(&mut window, "‹ Terug");
    wait_for(&mut window, "Uw allianties");
}

#[test]
fn personal_data_is_refused_in_the_window_and_written_once_confirmed_as_none() {
    let a = Device::with_org("Gemeente Hillegom", "gemeente");
    let alliance = last_word(&a.ok(&["alliance", "create", "Wonen met zorg"]));
    let mut window = open_window(&a.dir, &[]);
    click_when_there(&mut window, "Openen Wonen met zorg");
    click(&mut window, "Belangen");
    wait_for(&mut window, "Uw belang");
    type_into(&mut window, "Uw belang", "Dossier 123456782 eerst");
    click(&mut window, "Belang toevoegen");
    wait_for_text(&mut window, "burgerservicenummer (12…82)");
    assert!(
        window
            .query_all_by_label("Dit is geen persoonsgegeven")
            .next()
            .is_none(),
        "a BSN cannot be confirmed away"
    );
    click(&mut window, "Sluiten");

    replace_text(&mut window, "Uw belang", "Vragen naar info@hillegom.nl");
    click(&mut window, "Belang toevoegen");
    wait_for_text(&mut window, "een e-mailadres (info@hillegom.nl)");
    click(&mut window, "Dit is geen persoonsgegeven");
    wait_for_text(&mut window, "Bevestigd: info@hillegom.nl");
    click(&mut window, "Belang toevoegen");
    wait_for_text(&mut window, "Vragen naar info@hillegom.nl");
    drop(window);

    let view = a.json(&["alliance", "show", &alliance, "--json"]);
    let interests = view["interests"].as_array().expect("interests");
    assert_eq!(interests.len(), 1, "{view}");
    assert_eq!(interests[0]["text"], "Vragen naar info@hillegom.nl");
}

#[test]
fn changes_travel_by_file_to_and_from_the_window() {
    let a = Device::with_org("Gemeente Zwolle", "gemeente");
    let b = Device::with_org("Zorggroep Noord", "zorgaanbieder");
    let (alliance, ticket, serve) = invitation_served_by(&a);
    b.ok(&["join", &ticket]);
    serve.stop();
    // B, offline, adds an agreement and hands A a file.
    b.ok(&[
        "agreement",
        "add",
        &alliance,
        "--title",
        "Tien woningen per jaar",
    ]);
    let folder = tempfile::tempdir().expect("folder");
    let from_b = folder.path().join("van-zorggroep.rondetafel");
    b.ok(&[
        "bundle",
        &alliance,
        "--for",
        "Gemeente Zwolle",
        "-o",
        from_b.to_str().expect("path"),
    ]);

    let mut window = open_window(&a.dir, &[]);
    click_when_there(&mut window, "Openen Jeugd Noord");
    click(&mut window, "Partners");
    wait_for(&mut window, "Bestand om in te lezen");
    type_into(
        &mut window,
        "Bestand om in te lezen",
        &from_b.display().to_string(),
    );
    click(&mut window, "Bestand inlezen");
    wait_for_text(
        &mut window,
        "nieuwe wijziging(en) van Jeugd Noord ingelezen",
    );
    click(&mut window, "Afspraken");
    wait_for_text(&mut window, "Tien woningen per jaar");

    // A answers with a file of every change.
    click(&mut window, "Partners");
    replace_text(&mut window, "Map", &folder.path().display().to_string());
    click(&mut window, "Bestand maken");
    wait_for_text(&mut window, "wijziging(en) geschreven naar");
    drop(window);
    let made = folder.path().join("jeugd-noord.rondetafel");
    assert!(made.exists(), "the window wrote {}", made.display());
    let read = b.json(&["bundle", "import", made.to_str().expect("path"), "--json"]);
    assert_eq!(read["new_changes"], 0, "B had everything: {read}");
}

#[test]
fn an_alliance_named_with_an_address_is_founded_once_confirmed() {
    let a = Device::with_org("Gemeente Hillegom", "gemeente");
    let mut window = open_window(&a.dir, &[]);
    wait_for(&mut window, "Naam van de alliantie");
    type_into(&mut window, "Naam van de alliantie", "Wonen met zorg");
    type_into(&mut window, "Omschrijving", "Vragen aan wonen@hillegom.nl");
    click(&mut window, "Alliantie aanmaken");
    wait_for_text(&mut window, "een e-mailadres (wonen@hillegom.nl)");
    click(&mut window, "Dit is geen persoonsgegeven");
    click(&mut window, "Alliantie aanmaken");
    // The new alliance opens.
    wait_for(&mut window, "Wat vraagt uw aandacht");
    drop(window);
    let list = a.json(&["alliance", "list", "--json"]);
    assert_eq!(
        list[0]["description"], "Vragen aan wonen@hillegom.nl",
        "{list}"
    );
}

#[test]
fn an_erasure_is_proposed_and_agreed_in_the_window_and_carried_edits_reviewed() {
    let a = Device::with_org("Gemeente Zwolle", "gemeente");
    let b = Device::with_org("Zorggroep Noord", "zorgaanbieder");
    let (old, ticket, serve) = invitation_served_by(&a);
    b.ok(&["join", &ticket]);
    serve.stop();
    a.ok(&[
        "interest",
        "add",
        &old,
        "--text",
        "Gesprek met Jan de Vries",
    ]);

    // The municipality proposes the restart in the window and agrees.
    let mut window = open_window(&a.dir, &[]);
    click_when_there(&mut window, "Openen Jeugd Noord");
    click(&mut window, "Partners");
    wait_for(&mut window, "Herstart voorstellen");
    type_into(
        &mut window,
        "Te verwijderen tekst (wordt niet opgeslagen; overal vervangen door [verwijderd])",
        "Jan de Vries",
    );
    type_into(
        &mut window,
        "Reden, zonder persoonsgegevens (bijvoorbeeld: verwijderverzoek van 1 maart)",
        "verwijderverzoek",
    );
    click(&mut window, "Herstart voorstellen");
    click_when_there(&mut window, "Instemmen namens Gemeente Zwolle");
    wait_for_text(&mut window, "Wacht op: Zorggroep Noord");
    drop(window);
    let shown = a.json(&["erase", "show", &old, "--json"]);
    let restart = shown["restarts"][0]["id"].as_str().unwrap().to_owned();
    let successor = shown["restarts"][0]["successor"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        shown["restarts"][0]["accepted"].as_array().map(Vec::len),
        Some(1),
        "the window's acceptance is signed by the device: {shown}"
    );
    // An edit after the proposal, to be carried over.
    a.ok(&["interest", "add", &old, "--text", "Wachtlijst bewaken"]);

    // The care provider agrees on its own device and serves the new epoch.
    let serve_a = Serve::start(&a, "/ip4/127.0.0.1/tcp/0", &[]);
    b.ok(&["sync", &old, "--peer", &serve_a.multiaddr()]);
    assert!(serve_a.stop());
    let agreed = b.json(&["erase", "accept", &old, &restart, "--json"]);
    assert_eq!(agreed["restarted"], successor.as_str());
    let serve_b = Serve::start(&b, "/ip4/127.0.0.1/tcp/0", &[]);

    // The municipality's window follows, and offers its later edit.
    let mut window = open_window(&a.dir, &[serve_b.multiaddr()]);
    wait_for_text(
        &mut window,
        "is opnieuw begonnen zonder de eerdere geschiedenis",
    );
    wait_for(&mut window, "Uw wijzigingen van vóór de herstart");
    click(&mut window, "Overnemen");
    wait_for_text(&mut window, "overgenomen");
    drop(window);
    drop(serve_b);
    let view = a.json(&["alliance", "show", &old, "--json"]);
    assert_eq!(view["id"], successor.as_str());
    let text = view.to_string();
    assert!(text.contains("Gesprek met [verwijderd]"), "{text}");
    assert!(text.contains("Wachtlijst bewaken"), "{text}");
    assert!(common::no_file_contains(&a.dir, b"Jan de Vries"));
}

#[path = "ui_reach.rs"]
mod ui_reach;

#[path = "ui_meeting.rs"]
mod ui_meeting;
