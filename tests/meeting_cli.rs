//! Meetings with the real binary: two partners go through an agenda, each
//! checks in and gives its position, the meeting records outcomes and
//! closes; the decision list (PDF and Markdown) lists who was present and
//! what was decided, `verify` accepts it on both replicas and refuses an
//! edited copy, and nothing written after the close enters it.

use std::fs;

use super::common::{Device, admit, last_word, pdftotext};

fn two_partners() -> (Device, Device, String) {
    let a = Device::with_org("Gemeente Zwolle", "gemeente");
    let b = Device::with_org("Zorggroep Noord", "zorgaanbieder");
    let alliance = last_word(&a.ok(&["alliance", "create", "Jeugd Noord"]));
    admit(&a, &alliance, &[&b]);
    (a, b, alliance)
}

/// Brings `to` up to date with `from` through a change file carried by
/// hand (with the changes' signatures).
fn carry(from: &Device, to: &Device, alliance: &str) {
    let file = from.dir.parent().unwrap().join("carry.rondetafel");
    from.ok(&["bundle", alliance, "-o", file.to_str().unwrap()]);
    to.ok(&["bundle", "import", file.to_str().unwrap()]);
}

#[test]
fn a_meeting_leaves_the_room_as_a_verifiable_decision_list() {
    let (a, b, alliance) = two_partners();
    let wijkteams = last_word(&a.ok(&[
        "agreement",
        "add",
        &alliance,
        "--title",
        "Wijkteams",
        "--body",
        "Eén wijkteam per wijk",
    ]));
    let budget = last_word(&a.ok(&["agreement", "add", &alliance, "--title", "Budget"]));
    let started = a.json(&[
        "meeting",
        "start",
        &alliance,
        "--title",
        "Stuurgroep maart",
        "--json",
    ]);
    let meeting = started["id"].as_str().expect("id").to_owned();
    let agenda = a.json(&[
        "meeting", "agenda", &alliance, &meeting, "--add", &wijkteams, "--add", &budget, "--json",
    ]);
    assert_eq!(agenda["agenda"].as_array().unwrap().len(), 2);
    assert_eq!(agenda["items"][0]["title"], "Wijkteams");
    a.ok(&["meeting", "attend", &alliance, &meeting]);
    carry(&a, &b, &alliance);

    // In the room: each partner on its own device.
    b.ok(&["meeting", "attend", &alliance, &meeting]);
    b.ok(&["agreement", "position", &alliance, &wijkteams, "agree"]);
    a.ok(&["agreement", "position", &alliance, &wijkteams, "agree"]);
    carry(&b, &a, &alliance);
    let shown = a.json(&["meeting", "show", &alliance, &meeting, "--json"]);
    assert_eq!(shown["attendance"].as_array().unwrap().len(), 2);
    assert_eq!(shown["items"][0]["positions"][1]["stance"], "agree");
    let refused = a.fails(&[
        "meeting",
        "outcome",
        &alliance,
        &meeting,
        "bestaat-niet",
        "--text",
        "x",
    ]);
    assert!(refused.contains("bestaat-niet"), "{refused}");
    a.ok(&[
        "meeting",
        "outcome",
        &alliance,
        &meeting,
        &wijkteams,
        "--text",
        "Ingestemd; start 1 april",
    ]);
    let dir = a.dir.parent().unwrap().to_owned();
    let open = a.fails(&["meeting", "minutes", &alliance, &meeting, "--format", "md"]);
    assert!(open.contains("still open"), "{open}");
    let closed = a.json(&["meeting", "close", &alliance, &meeting, "--json"]);
    let snapshot = closed["snapshot"].as_str().expect("snapshot").to_owned();
    assert_eq!(snapshot.len(), 64);
    let late = a.fails(&[
        "meeting", "outcome", &alliance, &meeting, &budget, "--text", "Te laat",
    ]);
    assert!(late.contains("closed"), "{late}");

    let md = dir.join("besluitenlijst.md");
    let written = a.json(&[
        "meeting",
        "minutes",
        &alliance,
        &meeting,
        "--format",
        "md",
        "-o",
        md.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(written["snapshot"], snapshot.as_str());
    assert_eq!(written["present"].as_array().unwrap().len(), 2);
    let text = fs::read_to_string(&md).unwrap();
    for expected in [
        "Besluitenlijst Stuurgroep maart",
        "Gemeente Zwolle, Zorggroep Noord",
        "Wijkteams",
        "Ingestemd; start 1 april",
        "Geen uitkomst vastgelegd.",
        &snapshot,
    ] {
        assert!(text.contains(expected), "{expected:?} missing in:\n{text}");
    }
    let pdf = dir.join("besluitenlijst.pdf");
    a.ok(&[
        "meeting",
        "minutes",
        &alliance,
        &meeting,
        "--format",
        "pdf",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    if let Some(pages) = pdftotext(&pdf) {
        let all = pages.join("\n");
        assert!(
            all.contains("Zorggroep Noord") && all.contains("Ingestemd"),
            "{all}"
        );
    }

    // Every replica verifies the list, also after edits made later.
    carry(&a, &b, &alliance);
    b.ok(&[
        "agreement",
        "position",
        &alliance,
        &budget,
        "object",
        "--reason",
        "Te duur",
    ]);
    for (device, file) in [(&a, &md), (&b, &md), (&b, &pdf)] {
        let output = device.run(&["verify", file.to_str().unwrap(), "--json"]);
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(report["verified"], true, "{report:#}");
        assert_eq!(report["meeting"], meeting.as_str());
    }
    let again = dir.join("again.md");
    b.ok(&[
        "meeting",
        "minutes",
        &alliance,
        &meeting,
        "--format",
        "md",
        "-o",
        again.to_str().unwrap(),
    ]);
    assert_eq!(
        fs::read(&again).unwrap(),
        fs::read(&md).unwrap(),
        "every replica renders the same list"
    );
    let edited = dir.join("edited.md");
    fs::write(
        &edited,
        text.replace("Ingestemd; start 1 april", "Afgewezen"),
    )
    .unwrap();
    let output = b.run(&["verify", edited.to_str().unwrap(), "--json"]);
    assert!(!output.status.success(), "an edited list is refused");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["verified"], false);
    assert!(
        report["differences"][0]["export"]
            .as_str()
            .unwrap()
            .contains("Afgewezen")
    );
}
