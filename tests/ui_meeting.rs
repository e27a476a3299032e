//! Vergadering in the window, three partners on loopback: two record their
//! presence and their positions on their own devices, the third sees them
//! arrive and the room up to date, records the outcome, closes the meeting
//! and saves the decision list, which names every attendee and decision
//! and which `verify` accepts on another partner's replica.

use super::common::{Device, admit, last_word};
use super::{click, click_when_there, open_window, replace_text, type_into, wait_for_text};

#[test]
fn positions_given_on_two_devices_appear_on_the_third_and_the_minutes_verify() {
    let a = Device::with_org("Gemeente Zwolle", "gemeente");
    let b = Device::with_org("Zorggroep Noord", "zorgaanbieder");
    let c = Device::with_org("Woonstichting De Haven", "woningcorporatie");
    let alliance = last_word(&a.ok(&["alliance", "create", "Jeugd Noord"]));
    admit(&a, &alliance, &[&b, &c]);
    let agreement = last_word(&a.ok(&[
        "agreement",
        "add",
        &alliance,
        "--title",
        "Wijkteams",
        "--body",
        "Eén wijkteam per wijk",
    ]));
    let meeting = a.json(&[
        "meeting",
        "start",
        &alliance,
        "--title",
        "Stuurgroep maart",
        "--json",
    ])["id"]
        .as_str()
        .expect("id")
        .to_owned();
    a.ok(&[
        "meeting", "agenda", &alliance, &meeting, "--add", &agreement,
    ]);

    let mut window_a = open_window(&a.dir, &[]);
    let a_address = super::listening_address(&mut window_a, &a);
    let mut window_b = open_window(&b.dir, std::slice::from_ref(&a_address));
    let mut window_c = open_window(&c.dir, &[a_address]);
    for window in [&mut window_a, &mut window_b, &mut window_c] {
        click_when_there(window, "Openen Jeugd Noord");
        click(window, "Vergadering");
        click_when_there(window, "Openen Stuurgroep maart");
    }

    // Each partner on its own device: present, and its own position.
    click_when_there(&mut window_b, "Wij zijn aanwezig");
    click(&mut window_b, "Akkoord");
    click(&mut window_b, "Standpunt vastleggen");
    click_when_there(&mut window_c, "Wij zijn aanwezig");
    click(&mut window_c, "Onthouding");
    click(&mut window_c, "Standpunt vastleggen");

    // The third device sees them arrive, and the room in sync.
    wait_for_text(
        &mut window_a,
        "Nog geen standpunt bij deze tekst: Gemeente Zwolle",
    );
    wait_for_text(&mut window_a, "Alle 3 partners zijn bijgewerkt.");
    click(&mut window_a, "Wij zijn aanwezig");
    type_into(
        &mut window_a,
        "Uitkomst van dit agendapunt",
        "Ingestemd; de wijkteams starten op 1 april",
    );
    click(&mut window_a, "Uitkomst vastleggen");
    wait_for_text(&mut window_a, "vastgelegd door Gemeente Zwolle");
    click(&mut window_a, "Vergadering sluiten");
    click_when_there(&mut window_a, "Ja, sluiten");
    wait_for_text(&mut window_a, "Vergadering gesloten.");
    wait_for_text(&mut window_c, "Versie bij sluiting:");

    let folder = a.dir.parent().expect("parent").join("notulen");
    std::fs::create_dir_all(&folder).expect("folder");
    replace_text(
        &mut window_a,
        "Opslaan in map",
        folder.to_str().expect("utf-8"),
    );
    click(&mut window_a, "Besluitenlijst als tekstbestand (Markdown)");
    wait_for_text(&mut window_a, "Besluitenlijst opgeslagen");
    drop((window_a, window_b, window_c));

    let file = std::fs::read_dir(&folder)
        .expect("folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .expect("the decision list");
    let text = std::fs::read_to_string(&file).expect("read");
    for expected in [
        "Zorggroep Noord, Woonstichting De Haven, Gemeente Zwolle",
        "| Zorggroep Noord | Akkoord |",
        "| Woonstichting De Haven | Onthouding |",
        "Ingestemd; de wijkteams starten op 1 april",
    ] {
        assert!(text.contains(expected), "{expected:?} missing in:\n{text}");
    }
    let report = c.json(&["verify", file.to_str().expect("utf-8"), "--json"]);
    assert_eq!(report["verified"], true, "{report:#}");
}
