//! With the real binary on loopback: a member running a modified program
//! (this test writes straight into its Automerge document with its own key,
//! and forges a change in another partner's name) cannot get a forged board
//! decision or position accepted by two honest `serve` peers; and a data
//! directory restored from an older copy of itself does not reuse an actor
//! and sequence number.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use automerge::transaction::Transactable;
use automerge::{ObjId, ObjType, ROOT, ReadDoc, Value};
use common::{Device, Serve, days_from_today, last_word};
use rondetafel::local::{DeviceIdentity, Workspace};
use serde_json::Value as Json;

fn child(doc: &automerge::AutoCommit, parent: &ObjId, key: &str) -> ObjId {
    match doc.get(parent, key).expect("get") {
        Some((Value::Object(_), id)) => id,
        other => panic!("{key}: {other:?}"),
    }
}

/// What a modified program would write: in `forger`'s data directory, with
/// its own key, the care provider's board decision and a changed position;
/// and a change whose actor names the care provider's key, which the
/// forger cannot sign.
fn forge(forger: &Device, victim: &Device, alliance: &str, agreement: &str, snapshot: &str) {
    let victim_id = victim.json(&["whoami", "--json"])["partner_id"]
        .as_str()
        .expect("partner id")
        .to_owned();
    let victim_key = DeviceIdentity::read(&victim.dir)
        .expect("victim key")
        .signer();
    let mut workspace = Workspace::open(&forger.dir).expect("forger's data");
    let (mut copy, _) = workspace.find_alliance(alliance).expect("alliance");
    {
        let doc = copy.document_mut();
        let ratifications = child(doc, &ROOT, "ratifications");
        let decision = doc
            .put_object(&ratifications, "decision:forged", ObjType::Map)
            .expect("put");
        let date = days_from_today(212);
        for (key, value) in [
            ("snapshot", snapshot),
            ("partner", victim_id.as_str()),
            ("body", "Raad van Bestuur"),
            ("decision", "adopted"),
            ("date", date.as_str()),
        ] {
            doc.put(&decision, key, value).expect("put");
        }
        let agreements = child(doc, &ROOT, "agreements");
        let positions = child(doc, &child(doc, &agreements, agreement), "positions");
        let position = doc
            .put_object(&positions, victim_id.as_str(), ObjType::Map)
            .expect("put");
        doc.put(&position, "stance", "object").expect("put");
        doc.put(&position, "reason", "vervalst").expect("put");
        doc.commit();
        // In the victim's name: an actor with the victim's key, unsigned.
        doc.set_actor(victim_key.new_actor());
        doc.put(ROOT, "name", "Overgenomen").expect("put");
        doc.commit();
    }
    workspace.save(&mut copy).expect("save");
}

#[test]
fn a_modified_peer_cannot_get_a_forged_decision_accepted() {
    let a = Device::with_org("Gemeente Hillegom", "gemeente");
    let b = Device::with_org("Zorg Dichtbij", "zorgaanbieder");
    let c = Device::with_org("Woonstede", "woningcorporatie");
    let alliance = last_word(&a.ok(&["alliance", "create", "Hillegom"]));
    let agreement = last_word(&a.ok(&["agreement", "add", &alliance, "--title", "Wijkteams"]));
    let ticket_b = last_word(&a.ok(&["invite", &alliance]));
    let ticket_c = last_word(&a.ok(&["invite", &alliance]));
    let serve_a = Serve::start(&a, "/ip4/127.0.0.1/tcp/0", &[]);
    let ticket_b = ticket_b.clone();
    // Tickets made offline carry no address: join by dialling A's serve.
    for (device, ticket) in [(&b, &ticket_b), (&c, &ticket_c)] {
        device.ok(&["join", ticket, "--peer", &serve_a.multiaddr()]);
    }
    b.ok(&["sync", &alliance, "--peer", &serve_a.multiaddr()]);
    b.ok(&[
        "agreement",
        "position",
        &alliance,
        &agreement,
        "agree",
        "--reason",
        "Past bij ons",
    ]);
    b.ok(&["sync", &alliance, "--peer", &serve_a.multiaddr()]);
    c.ok(&["sync", &alliance, "--peer", &serve_a.multiaddr()]);
    assert!(serve_a.stop());

    a.ok(&[
        "snapshot",
        &alliance,
        "--format",
        "json",
        "--label",
        "1.0",
        "-o",
        &a.dir.join("s.json").to_string_lossy(),
    ]);
    let snapshot =
        a.json(&["ratification", "list", &alliance, "--json"])["snapshots"][0]["snapshot"]["id"]
            .as_str()
            .expect("snapshot")
            .to_owned();
    a.ok(&[
        "ratify",
        &alliance,
        "--snapshot",
        "1.0",
        "--body",
        "College van B&W",
        "--decision",
        "adopted",
        "--date",
        &days_from_today(210),
    ]);
    let serve_a = Serve::start(&a, "/ip4/127.0.0.1/tcp/0", &[]);
    c.ok(&["sync", &alliance, "--peer", &serve_a.multiaddr()]);
    c.ok(&[
        "ratify",
        &alliance,
        "--snapshot",
        "1.0",
        "--body",
        "Directie",
        "--decision",
        "adopted",
        "--date",
        &days_from_today(211),
    ]);

    forge(&c, &b, &alliance, &agreement, &snapshot);
    // A refuses the change in B's name, so C never reaches A's version.
    let forged_sync = c.run(&[
        "sync",
        &alliance,
        "--peer",
        &serve_a.multiaddr(),
        "--timeout",
        "5",
    ]);
    assert!(
        !forged_sync.status.success(),
        "sync does not claim the same version"
    );
    let serve_b = Serve::start(
        &b,
        "/ip4/127.0.0.1/tcp/0",
        &["--peer", &serve_a.multiaddr()],
    );
    assert!(
        serve_b.wait_for(20, |e| e["event"] == "synced").is_some(),
        "B syncs with A"
    );
    assert!(
        serve_a
            .wait_for(5, |e| e["event"] == "protocol_error"
                && e["refused_changes"].as_u64() == Some(1))
            .is_some(),
        "A refuses the unsigned change in B's name and reports it"
    );
    assert!(serve_a.stop() && serve_b.stop());

    let b_id = b.json(&["whoami", "--json"])["partner_id"]
        .as_str()
        .unwrap()
        .to_owned();
    for honest in [&a, &b] {
        let status = honest.json(&["ratification", "list", &alliance, "--json"]);
        assert!(status["vastgesteld"].is_null(), "not vastgesteld: {status}");
        let decisions = status["snapshots"][0]["decisions"]
            .as_array()
            .expect("decisions");
        assert_eq!(decisions.len(), 2, "A's and C's own decisions only");
        assert!(decisions.iter().all(|d| d["partner"] != b_id.as_str()));
        let show = honest.json(&["alliance", "show", &alliance, "--json"]);
        assert_eq!(show["name"], "Hillegom");
        let position = &show["agreements"][0]["positions"][b_id.as_str()];
        assert_eq!(position["stance"], "agree", "{show}");
        let history = honest.json(&["history", &alliance, "--json"]);
        let ignored: Vec<&Json> = history
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|h| h["ignored"].as_array().unwrap())
            .collect();
        assert!(
            ignored
                .iter()
                .any(|w| w["on_behalf_of_name"] == "Zorg Dichtbij"),
            "history names the writes on B's behalf: {ignored:?}"
        );
        let audit = honest.json(&["audit", &alliance, "--json"]);
        assert!(
            audit
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["result"] != "accepted" && e["partner_name"] == "Woonstede")
        );
    }
    assert_signed_export(&a, &alliance);
}

/// The export says every change is signed by its partner's device, and
/// `verify` checks the stored signatures; without them it fails.
fn assert_signed_export(a: &Device, alliance: &str) {
    let file = a.dir.join("besluit.md");
    a.ok(&[
        "snapshot",
        alliance,
        "--at",
        "1.0",
        "--format",
        "md",
        "-o",
        file.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&file).expect("export");
    assert!(
        text.contains(
            "wijzigingen in deze versie zijn ondertekend door een apparaat van de partner"
        ),
        "{text}"
    );
    let report = a.json(&["verify", file.to_str().unwrap(), "--json"]);
    let signatures = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "signatures")
        .expect("a signatures check");
    assert_eq!(signatures["passed"], true, "{report}");

    let bytes = std::fs::read(&file).expect("export");
    let mut workspace = Workspace::open(&a.dir).expect("open");
    let (mut copy, _) = workspace.find_alliance(alliance).expect("alliance");
    let mut report = rondetafel::snapshot::verify::verify(&mut copy, &bytes).expect("verify");
    assert!(report.verified);
    let (_, envelope) = rondetafel::snapshot::verify::read_envelope(&bytes).expect("envelope");
    rondetafel::snapshot::verify::check_signatures(
        &mut report,
        &copy,
        &envelope.heads,
        &rondetafel_sync::Signatures::new(),
    )
    .expect("check");
    assert!(!report.verified, "without the signatures the check fails");
}

#[test]
fn a_restored_data_directory_does_not_reuse_an_actor_and_sequence_number() {
    let a = Device::with_org("Gemeente Hillegom", "gemeente");
    let b = Device::with_org("Zorg Dichtbij", "zorgaanbieder");
    let alliance = last_word(&a.ok(&["alliance", "create", "Hillegom"]));
    let ticket = last_word(&a.ok(&["invite", &alliance]));
    let serve_a = Serve::start(&a, "/ip4/127.0.0.1/tcp/0", &[]);
    b.ok(&["join", &ticket, "--peer", &serve_a.multiaddr()]);
    b.ok(&["sync", &alliance, "--peer", &serve_a.multiaddr()]);
    // A backup of B, then edits that reach A.
    let backup = tempfile::tempdir().expect("backup");
    copy_dir(&b.dir, backup.path());
    b.ok(&["agreement", "add", &alliance, "--title", "Na de back-up"]);
    b.ok(&["sync", &alliance, "--peer", &serve_a.multiaddr()]);
    // B's disk is restored from the backup; B edits and syncs again.
    std::fs::remove_dir_all(&b.dir).expect("remove");
    copy_dir(backup.path(), &b.dir);
    b.ok(&["agreement", "add", &alliance, "--title", "Na het herstel"]);
    b.ok(&["sync", &alliance, "--peer", &serve_a.multiaddr()]);
    assert!(serve_a.stop());
    let titles = |d: &Device| {
        let mut t: Vec<String> = d.json(&["alliance", "show", &alliance, "--json"])["agreements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["title"].as_str().unwrap().to_owned())
            .collect();
        t.sort();
        t
    };
    assert_eq!(titles(&a), vec!["Na de back-up", "Na het herstel"]);
    assert_eq!(titles(&b), titles(&a), "both converge: nothing was refused");
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
