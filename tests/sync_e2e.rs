//! End to end with the real binary: three organisations, each with its own
//! data directory, on loopback: invite and join, offline edits, serve and
//! sync, convergence; outsiders kept out; a removed partner cut off; and
//! changes carried by hand in a file for a partner who cannot connect.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{Device, Serve, entries, last_word, no_file_contains, rezip};
use serde_json::Value;

const CANARY: &str = "CANARY-3f9a1c-ambitie";

/// Starts A's serve, lets it record its address, stops it, and returns the
/// address (so invitations made offline can carry it).
fn known_address(a: &Device) -> String {
    let serve = Serve::start(a, "/ip4/127.0.0.1/tcp/0", &[]);
    let address = serve.address.clone();
    assert!(serve.stop(), "serve stops cleanly on SIGTERM");
    address
}

fn show(device: &Device, alliance: &str) -> Value {
    device.json(&["alliance", "show", alliance, "--json"])
}

fn agreement<'a>(show: &'a Value, title: &str) -> &'a Value {
    show["agreements"]
        .as_array()
        .and_then(|list| list.iter().find(|a| a["title"] == title))
        .unwrap_or_else(|| panic!("no agreement {title:?} in {show}"))
}

#[test]
fn three_organisations_invite_join_edit_offline_and_converge() {
    let a = Device::with_org("Gemeente Zwolle", "gemeente");
    let b = Device::with_org("Zorggroep Noord", "zorgaanbieder");
    let c = Device::with_org("Woonstichting", "woningcorporatie");
    let alliance = last_word(&a.ok(&["alliance", "create", "Jeugd Noord"]));
    a.ok(&["ambition", "set", &alliance, "--text", CANARY]);
    let shared = last_word(&a.ok(&[
        "agreement",
        "add",
        &alliance,
        "--title",
        "Wijkteams",
        "--body",
        "begin midden eind",
    ]));

    let address = known_address(&a);
    let ticket_b = last_word(&a.ok(&["invite", &alliance]));
    let ticket_c = last_word(&a.ok(&["invite", &alliance, "--expires", "1h"]));
    {
        let serve = Serve::start(&a, &address, &[]);
        b.ok(&["join", &ticket_b]);
        c.ok(&["join", &ticket_c]);
        let used = c.fails(&["join", &ticket_b]);
        assert!(
            used.contains("already holds") || used.contains("already used"),
            "{used}"
        );
        assert!(serve.stop());
    }
    assert_eq!(
        show(&a, &alliance)["partners"].as_array().map(Vec::len),
        Some(3)
    );

    // Offline for a while: everyone edits, including the same body and status.
    a.ok(&[
        "agreement",
        "edit",
        &alliance,
        &shared,
        "--body",
        "BEGIN midden eind",
        "--status",
        "proposed",
    ]);
    b.ok(&[
        "agreement",
        "edit",
        &alliance,
        &shared,
        "--body",
        "begin midden EIND",
        "--status",
        "withdrawn",
    ]);
    for i in 0..5 {
        a.ok(&["agreement", "add", &alliance, "--title", &format!("A-{i}")]);
        b.ok(&[
            "interest",
            "add",
            &alliance,
            "--text",
            &format!("Belang B-{i}"),
        ]);
        c.ok(&["agreement", "add", &alliance, "--title", &format!("C-{i}")]);
    }
    c.ok(&[
        "agreement",
        "position",
        &alliance,
        &shared,
        "object",
        "--reason",
        "Te vroeg",
    ]);

    // They meet: A serves; B serves too, dialling A; C syncs with A.
    let serve_a = Serve::start(&a, &address, &[]);
    let serve_b = Serve::start(
        &b,
        "/ip4/127.0.0.1/tcp/0",
        &["--peer", &serve_a.multiaddr()],
    );
    assert!(
        serve_b
            .wait_for(20, |e| e["event"] == "synced"
                && e["peer"] == serve_a.peer_id.as_str())
            .is_some(),
        "B syncs with A"
    );
    c.ok(&["sync", &alliance, "--peer", &serve_a.multiaddr()]);
    // C's changes reach B live, through A.
    assert!(
        serve_b
            .wait_for(20, |e| e["event"] == "changes_received")
            .is_some(),
        "B receives C's changes while connected"
    );
    assert!(serve_b.wait_for(20, |e| e["event"] == "synced").is_some());
    c.ok(&["sync", &alliance, "--peer", &serve_a.multiaddr()]);
    let peers = a.json(&["peers", &alliance, "--json"]);
    let online = peers
        .as_array()
        .expect("partners")
        .iter()
        .flat_map(|p| p["devices"].as_array().cloned().unwrap_or_default())
        .filter(|d| d["online"] == true)
        .count();
    assert!(online >= 1, "A sees B online: {peers}");
    assert!(serve_b.stop());
    assert!(serve_a.stop());

    let views: Vec<Value> = [&a, &b, &c].iter().map(|d| show(d, &alliance)).collect();
    assert_eq!(views[0], views[1], "A and B converge");
    assert_eq!(views[0], views[2], "A and C converge");
    let shared_view = agreement(&views[0], "Wijkteams");
    assert_eq!(
        shared_view["body"], "BEGIN midden EIND",
        "both body edits survive"
    );
    let conflict = &shared_view["conflicts"][0];
    assert_eq!(conflict["field"], "status");
    assert_eq!(
        conflict["values"].as_array().map(Vec::len),
        Some(2),
        "both statuses shown"
    );
    assert_eq!(views[0]["agreements"].as_array().map(Vec::len), Some(11));
    assert_eq!(views[0]["interests"].as_array().map(Vec::len), Some(5));
    let peers = a.json(&["peers", &alliance, "--json"]);
    assert!(
        peers.to_string().contains("\"state\":\"offline\""),
        "with no node running, nobody is claimed in sync: {peers}"
    );
    assert!(!peers.to_string().contains("in-sync"), "{peers}");
}

#[test]
fn outsiders_get_nothing_and_removed_partners_are_cut_off() {
    let a = Device::with_org("Gemeente", "gemeente");
    let b = Device::with_org("Zorg", "zorgaanbieder");
    let outsider = Device::with_org("Buitenstaander", "overig");
    let alliance = last_word(&a.ok(&["alliance", "create", "Tafel"]));
    a.ok(&["ambition", "set", &alliance, "--text", CANARY]);
    let own = last_word(&outsider.ok(&["alliance", "create", "Eigen tafel"]));
    let address = known_address(&a);
    let ticket = last_word(&a.ok(&["invite", &alliance]));
    let serve = Serve::start(&a, &address, &[]);
    b.ok(&["join", &ticket]);

    // A non-member asks for its own alliance and tries a forged invitation.
    let error = outsider.fails(&[
        "sync",
        &own,
        "--peer",
        &serve.multiaddr(),
        "--timeout",
        "10",
    ]);
    assert!(error.contains("not a device of a partner"), "{error}");
    let forged = forge(&ticket);
    let error = outsider.fails(&["join", &forged, "--timeout", "10"]);
    assert!(error.contains("refused"), "{error}");
    assert!(
        no_file_contains(&outsider.dir, CANARY.as_bytes()),
        "no alliance content reached the outsider"
    );
    // A device claiming to be B (B's files, another key) dials A directly,
    // carrying a change of B's that A has not seen.
    b.ok(&["agreement", "add", &alliance, "--title", "Nog niet gedeeld"]);
    let impostor = b.impostor();
    let error = impostor.fails(&[
        "sync",
        &alliance,
        "--peer",
        &serve.multiaddr(),
        "--timeout",
        "10",
    ]);
    assert!(error.contains("does not share this alliance"), "{error}");
    assert!(serve.stop());
    assert!(
        !show(&a, &alliance)["agreements"]
            .to_string()
            .contains("Nog niet gedeeld"),
        "nothing accepted from the impostor"
    );
    assert_eq!(
        show(&a, &alliance)["partners"].as_array().map(Vec::len),
        Some(2),
        "nothing applied"
    );

    // A removes B; B keeps editing but gets nothing new and gives nothing.
    a.ok(&["partner", "remove", &alliance, "Zorg"]);
    a.ok(&["agreement", "add", &alliance, "--title", "Na verwijdering"]);
    b.ok(&[
        "agreement",
        "add",
        &alliance,
        "--title",
        "Van verwijderde partner",
    ]);
    let serve = Serve::start(&a, &address, &[]);
    let error = b.fails(&[
        "sync",
        &alliance,
        "--peer",
        &serve.multiaddr(),
        "--timeout",
        "10",
    ]);
    assert!(error.contains("refused"), "{error}");
    assert!(serve.stop());
    let titles = |d: &Device| show(d, &alliance)["agreements"].to_string();
    assert!(!titles(&a).contains("Van verwijderde partner"));
    assert!(!titles(&b).contains("Na verwijdering"));
    let history = a.json(&["history", &alliance, "--json"]).to_string();
    assert!(
        history.contains("remove partner Zorg"),
        "the removal is in the history"
    );
}

/// The same ticket with another secret.
fn forge(ticket: &str) -> String {
    use base64::Engine;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let body = ticket.strip_prefix("rondetafel1:").expect("prefix");
    let mut json: Value =
        serde_json::from_slice(&engine.decode(body).expect("base64")).expect("json");
    json["secret"] = Value::String("00".repeat(32));
    format!(
        "rondetafel1:{}",
        engine.encode(serde_json::to_vec(&json).expect("json"))
    )
}

#[test]
fn a_second_device_joins_and_a_retired_device_is_refused() {
    let laptop = Device::with_org("Gemeente", "gemeente");
    let tablet = Device::new();
    let alliance = last_word(&laptop.ok(&["alliance", "create", "Tafel"]));
    let address = known_address(&laptop);
    let ticket = last_word(&laptop.ok(&["device", "invite", &alliance]));
    let serve = Serve::start(&laptop, &address, &[]);
    tablet.ok(&["join", &ticket]);
    assert!(serve.stop());
    let whoami = tablet.json(&["whoami", "--json"]);
    assert_eq!(
        whoami["organisation"], "Gemeente",
        "the new device acts for the same partner"
    );
    let partner = &show(&laptop, &alliance)["partners"][0];
    assert_eq!(partner["devices"].as_array().map(Vec::len), Some(2));

    let tablet_id = whoami["peer_id"].as_str().expect("peer id").to_owned();
    laptop.ok(&["device", "remove", &alliance, &tablet_id[..20]]);
    // Both go on editing; the retired device does not know it was retired.
    laptop.ok(&["agreement", "add", &alliance, "--title", "Na intrekking"]);
    tablet.ok(&[
        "agreement",
        "add",
        &alliance,
        "--title",
        "Van ingetrokken apparaat",
    ]);
    let serve = Serve::start(&laptop, &address, &[]);
    let error = tablet.fails(&[
        "sync",
        &alliance,
        "--peer",
        &serve.multiaddr(),
        "--timeout",
        "10",
    ]);
    assert!(error.contains("refused"), "{error}");
    assert!(serve.stop());
    let partner = &show(&laptop, &alliance)["partners"][0];
    assert_eq!(partner["removed_devices"][0], tablet_id.as_str());
    let titles = |d: &Device| show(d, &alliance)["agreements"].to_string();
    assert!(
        !titles(&laptop).contains("Van ingetrokken apparaat"),
        "0 accepted"
    );
    assert!(!titles(&tablet).contains("Na intrekking"), "0 sent");
}

#[test]
fn a_partner_who_missed_the_meeting_catches_up_from_a_file() {
    let a = Device::with_org("Gemeente Zwolle", "gemeente");
    let b = Device::with_org("Zorggroep Noord", "zorgaanbieder");
    let alliance = last_word(&a.ok(&["alliance", "create", "Jeugd Noord"]));
    let address = known_address(&a);
    let ticket = last_word(&a.ok(&["invite", &alliance]));
    {
        let serve = Serve::start(&a, &address, &[]);
        b.ok(&["join", &ticket]);
        assert!(serve.stop());
    }
    // B was in sync with A at the join; A goes on alone.
    a.ok(&[
        "agreement",
        "add",
        &alliance,
        "--title",
        "Eén loket",
        "--body",
        "Per wijk",
    ]);
    a.ok(&["ambition", "set", &alliance, "--text", "Elk kind een thuis"]);
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("voor-zorggroep.rondetafel");
    let made = a.json(&[
        "bundle",
        &alliance,
        "--for",
        "Zorggroep Noord",
        "-o",
        file.to_str().unwrap(),
        "--json",
    ]);
    assert!(!made["since"].as_array().unwrap().is_empty(), "{made}");
    let everything = folder.path().join("alles.rondetafel");
    let all = a.json(&[
        "bundle",
        &alliance,
        "-o",
        everything.to_str().unwrap(),
        "--json",
    ]);
    assert!(
        made["changes"].as_u64() < all["changes"].as_u64(),
        "{made} {all}"
    );

    let read = b.json(&["bundle", "import", file.to_str().unwrap(), "--json"]);
    assert_eq!(read["new_changes"], made["changes"], "{read}");
    let view = show(&b, &alliance);
    assert_eq!(agreement(&view, "Eén loket")["body"], "Per wijk");
    assert_eq!(view["ambition"]["text"], "Elk kind een thuis");
    // Twice is the same as once.
    let again = b.ok(&["bundle", "import", file.to_str().unwrap()]);
    assert!(again.contains("Nothing new"), "{again}");
    assert_eq!(show(&b, &alliance), view);

    // A damaged file, a forged signature and a foreign file are refused whole.
    let damaged = folder.path().join("kapot.rondetafel");
    let mut bytes = std::fs::read(&everything).unwrap();
    let middle = bytes.len() / 2;
    bytes.truncate(middle);
    std::fs::write(&damaged, &bytes).unwrap();
    let stderr = b.fails(&["bundle", "import", damaged.to_str().unwrap()]);
    assert!(stderr.contains("not a Rondetafel change file"), "{stderr}");

    a.ok(&["agreement", "add", &alliance, "--title", "Nog een"]);
    let later = folder.path().join("later.rondetafel");
    a.ok(&["bundle", &alliance, "-o", later.to_str().unwrap()]);
    let mut parts = entries(&later);
    for (name, content) in &mut parts {
        if name == "signatures.bin" {
            for record in content.chunks_mut(96) {
                record[40] ^= 0xff;
            }
        }
    }
    let forged = folder.path().join("vals.rondetafel");
    rezip(&forged, &parts);
    let stderr = b.fails(&["bundle", "import", forged.to_str().unwrap()]);
    assert!(stderr.contains("do not pass"), "{stderr}");
    assert!(
        show(&b, &alliance)["agreements"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["title"] != "Nog een"),
        "nothing of a refused file is read in"
    );
    b.ok(&["bundle", "import", later.to_str().unwrap()]);
    agreement(&show(&b, &alliance), "Nog een");

    let c = Device::with_org("Woonstichting", "woningcorporatie");
    let other = last_word(&c.ok(&["alliance", "create", "Elders"]));
    let foreign = folder.path().join("elders.rondetafel");
    c.ok(&["bundle", &other, "-o", foreign.to_str().unwrap()]);
    let stderr = b.fails(&["bundle", "import", foreign.to_str().unwrap()]);
    assert!(stderr.contains("join it first"), "{stderr}");
}

#[test]
fn commands_work_beside_a_running_serve_and_hand_it_their_changes() {
    use std::os::unix::fs::PermissionsExt;
    let a = Device::with_org("Gemeente Zwolle", "gemeente");
    let b = Device::with_org("Zorggroep Noord", "zorgaanbieder");
    let alliance = last_word(&a.ok(&["alliance", "create", "Jeugd Noord"]));
    let serve = Serve::start(&a, "/ip4/127.0.0.1/tcp/0", &[]);
    let socket = a.dir.join("control.sock");
    let mode = std::fs::metadata(&socket)
        .expect("socket")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "only the owner may use the socket");

    // Edits and reads beside the running node.
    a.ok(&["agreement", "add", &alliance, "--title", "Naast serve"]);
    agreement(&show(&a, &alliance), "Naast serve");
    // An invitation made now carries the node's current addresses.
    let invited = a.run(&["invite", &alliance]);
    assert!(
        invited.status.success(),
        "{}",
        String::from_utf8_lossy(&invited.stderr)
    );
    assert!(
        !String::from_utf8_lossy(&invited.stderr).contains("holds no address"),
        "the ticket has the running node's addresses"
    );
    let ticket = last_word(&String::from_utf8_lossy(&invited.stdout));
    b.ok(&["join", &ticket]);
    agreement(&show(&b, &alliance), "Naast serve");
    // Exports beside the node carry the stored signatures.
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("naast.rondetafel");
    a.ok(&["bundle", &alliance, "-o", file.to_str().unwrap()]);
    let read = b.json(&["bundle", "import", file.to_str().unwrap(), "--json"]);
    assert_eq!(read["new_changes"], 0, "{read}");
    a.ok(&[
        "snapshot",
        &alliance,
        "--format",
        "json",
        "--label",
        "0.1",
        "-o",
        "/dev/null",
    ]);
    let package = folder.path().join("archief.zip");
    a.ok(&[
        "archive",
        &alliance,
        "--snapshot",
        "0.1",
        "-o",
        package.to_str().unwrap(),
    ]);
    Device::new().ok(&["verify", package.to_str().unwrap()]);
    // What needs the directory to itself is still refused.
    let second = a.fails(&["serve"]);
    assert!(
        second.contains("in use by another Rondetafel process"),
        "{second}"
    );
    let import = a.fails(&["init", "--org", "X", "--kind", "overig"]);
    assert!(import.contains("in use"), "{import}");
    assert!(serve.stop());
    assert!(!socket.exists(), "the socket goes with the node");
    agreement(&show(&a, &alliance), "Naast serve");
}
