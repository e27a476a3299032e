//! mDNS discovery between two network namespaces that these tests create
//! themselves (a veth pair on a private subnet): two partners who share an
//! alliance find each other without any address typed and sync; outsiders
//! who find a partner the same way get nothing and give nothing. Skipped,
//! with the reason printed, where namespaces cannot be created (not root).
//! mDNS never runs in the machine's own namespace.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::process::Command;

use common::{Device, Serve, last_word, no_file_contains};

/// Two namespaces joined by a veth pair; removed on drop.
struct Namespaces {
    names: [String; 2],
}

impl Namespaces {
    /// Creates the pair; `tag` (one letter) tells apart the pairs of tests
    /// that run at the same time.
    fn create(tag: char) -> Result<Namespaces, String> {
        let id = std::process::id();
        let names = [format!("rt{tag}A{id}"), format!("rt{tag}B{id}")];
        let subnet = format!("10.{}.{}", 231 + u32::from(tag) % 20, id % 250);
        let (va, vb) = (format!("v{tag}A{id}"), format!("v{tag}B{id}"));
        let namespaces = Namespaces {
            names: names.clone(),
        };
        let steps: Vec<Vec<String>> = vec![
            vec!["netns".into(), "add".into(), names[0].clone()],
            vec!["netns".into(), "add".into(), names[1].clone()],
            vec![
                "link".into(),
                "add".into(),
                va.clone(),
                "type".into(),
                "veth".into(),
                "peer".into(),
                "name".into(),
                vb.clone(),
            ],
            vec![
                "link".into(),
                "set".into(),
                va.clone(),
                "netns".into(),
                names[0].clone(),
            ],
            vec![
                "link".into(),
                "set".into(),
                vb.clone(),
                "netns".into(),
                names[1].clone(),
            ],
            vec![
                "-n".into(),
                names[0].clone(),
                "addr".into(),
                "add".into(),
                format!("{subnet}.1/24"),
                "dev".into(),
                va.clone(),
            ],
            vec![
                "-n".into(),
                names[1].clone(),
                "addr".into(),
                "add".into(),
                format!("{subnet}.2/24"),
                "dev".into(),
                vb.clone(),
            ],
            vec![
                "-n".into(),
                names[0].clone(),
                "link".into(),
                "set".into(),
                "lo".into(),
                "up".into(),
            ],
            vec![
                "-n".into(),
                names[1].clone(),
                "link".into(),
                "set".into(),
                "lo".into(),
                "up".into(),
            ],
            vec![
                "-n".into(),
                names[0].clone(),
                "link".into(),
                "set".into(),
                va,
                "up".into(),
            ],
            vec![
                "-n".into(),
                names[1].clone(),
                "link".into(),
                "set".into(),
                vb,
                "up".into(),
            ],
        ];
        for step in steps {
            let output = Command::new("ip")
                .args(&step)
                .output()
                .map_err(|e| format!("ip: {e}"))?;
            if !output.status.success() {
                return Err(format!(
                    "ip {}: {}",
                    step.join(" "),
                    String::from_utf8_lossy(&output.stderr).trim()
                ));
            }
        }
        Ok(namespaces)
    }
}

impl Namespaces {
    /// Creates the pair, or prints why the test is skipped.
    fn create_or_skip(tag: char) -> Option<Namespaces> {
        Namespaces::create(tag)
            .map_err(|reason| {
                eprintln!("skipped: cannot create network namespaces here ({reason})")
            })
            .ok()
    }
}

impl Drop for Namespaces {
    fn drop(&mut self) {
        for name in &self.names {
            let _ = Command::new("ip").args(["netns", "delete", name]).status();
        }
    }
}

#[test]
fn partners_find_each_other_on_the_local_network() {
    let Some(namespaces) = Namespaces::create_or_skip('p') else {
        return;
    };
    let a = Device::with_org("Gemeente", "gemeente");
    let b = Device::with_org("Zorg", "zorgaanbieder");
    let alliance = last_word(&a.ok(&["alliance", "create", "Tafel"]));
    join_over_loopback(&a, &b, &alliance);
    b.ok(&[
        "agreement",
        "add",
        &alliance,
        "--title",
        "Gevonden via mDNS",
    ]);

    let started = std::time::Instant::now();
    let serve_a = Serve::start_in_namespace(&a, &namespaces.names[0]);
    let serve_b = Serve::start_in_namespace(&b, &namespaces.names[1]);
    let received = serve_a.wait_for(30, |e| e["event"] == "changes_received");
    println!("found and synced over mDNS in {:?}", started.elapsed());
    assert!(
        received.is_some(),
        "A received B's change without any address typed"
    );
    assert!(serve_b.stop());
    assert!(serve_a.stop());
    let list = a.ok(&["agreement", "list", &alliance]);
    assert!(list.contains("Gevonden via mDNS"), "{list}");
}

/// The README's steps, literally: `invite` on a device that never served
/// (the ticket holds no address), then `serve`; the partner's `join` finds
/// the inviter on the local network.
#[test]
fn a_ticket_without_an_address_joins_on_the_local_network() {
    let Some(namespaces) = Namespaces::create_or_skip('j') else {
        return;
    };
    let a = Device::with_org("Gemeente", "gemeente");
    let b = Device::with_org("Zorg", "zorgaanbieder");
    let alliance = last_word(&a.ok(&["alliance", "create", "Tafel"]));
    let invited = a.run(&["invite", &alliance]);
    assert!(invited.status.success());
    let note = String::from_utf8_lossy(&invited.stderr);
    assert!(note.contains("local network"), "{note}");
    let ticket = last_word(&String::from_utf8_lossy(&invited.stdout));

    let serve_a = Serve::start_in_namespace(&a, &namespaces.names[0]);
    let started = std::time::Instant::now();
    let joined = Command::new("ip")
        .args([
            "netns",
            "exec",
            &namespaces.names[1],
            common::binary(),
            "--data-dir",
        ])
        .arg(&b.dir)
        .args(["join", &ticket])
        .output()
        .expect("run join");
    println!("joined over mDNS in {:?}", started.elapsed());
    assert!(serve_a.stop());
    assert!(
        joined.status.success(),
        "join failed: {}",
        String::from_utf8_lossy(&joined.stderr)
    );
    assert!(String::from_utf8_lossy(&joined.stdout).contains("Joined alliance Tafel"));
    assert!(b.ok(&["alliance", "list"]).contains("Tafel"));
}

#[test]
fn a_ticket_without_an_address_and_no_mdns_is_refused_at_once() {
    let a = Device::with_org("Gemeente", "gemeente");
    let b = Device::with_org("Zorg", "zorgaanbieder");
    let alliance = last_word(&a.ok(&["alliance", "create", "Tafel"]));
    let ticket = last_word(&a.ok(&["invite", &alliance]));
    let refusal = b.fails(&["join", &ticket, "--no-mdns"]);
    assert!(refusal.contains("pass --peer MULTIADDR"), "{refusal}");
    assert!(!b.ok(&["alliance", "list"]).contains("Tafel"));
}

/// A non-member who is a member of another alliance, and a device that
/// claims to be partner B (B's files copied, without B's key), both in the
/// other namespace: they find A over mDNS and connect, but receive none of
/// the alliance's content and none of their changes is accepted.
#[test]
fn outsiders_on_the_local_network_get_nothing_and_give_nothing() {
    let Some(namespaces) = Namespaces::create_or_skip('o') else {
        return;
    };
    let a = Device::with_org("Gemeente", "gemeente");
    let b = Device::with_org("Zorg", "zorgaanbieder");
    let alliance = last_word(&a.ok(&["alliance", "create", "Tafel"]));
    join_over_loopback(&a, &b, &alliance);
    // B's change that A has not seen yet travels with the copied files.
    b.ok(&["agreement", "add", &alliance, "--title", "Van de bedrieger"]);
    let impostor = b.impostor();
    a.ok(&["ambition", "set", &alliance, "--text", SECRET]);
    let outsider = Device::with_org("Buitenstaander", "overig");
    let own = last_word(&outsider.ok(&["alliance", "create", "Eigen tafel"]));
    outsider.ok(&["agreement", "add", &own, "--title", "Van de buitenstaander"]);

    let started = std::time::Instant::now();
    let serve_a = Serve::start_in_namespace(&a, &namespaces.names[0]);
    let serve_outsider = Serve::start_in_namespace(&outsider, &namespaces.names[1]);
    let serve_impostor = Serve::start_in_namespace(&impostor, &namespaces.names[1]);
    let mut strangers = vec![
        serve_outsider.peer_id.clone(),
        serve_impostor.peer_id.clone(),
    ];
    while !strangers.is_empty() {
        let connected = serve_a.wait_for(30, |e| {
            e["event"] == "peer_connected" && strangers.iter().any(|p| e["peer"] == p.as_str())
        });
        let connected = connected.expect("both strangers found A over mDNS and connected");
        strangers.retain(|p| connected["peer"] != p.as_str());
    }
    println!(
        "both outsiders found A over mDNS and connected in {:?}",
        started.elapsed()
    );
    // Give them time to ask, and A time to (not) answer.
    std::thread::sleep(std::time::Duration::from_secs(3));
    assert!(serve_impostor.stop());
    assert!(serve_outsider.stop());
    assert!(serve_a.stop());

    assert!(
        no_file_contains(&outsider.dir, SECRET.as_bytes()),
        "the outsider received nothing"
    );
    assert!(
        no_file_contains(&impostor.dir, SECRET.as_bytes()),
        "the impostor received nothing new"
    );
    let list = a.ok(&["agreement", "list", &alliance]);
    assert!(
        !list.contains("Van de bedrieger"),
        "the impostor's change was not accepted: {list}"
    );
    assert!(
        no_file_contains(&a.dir, b"Van de buitenstaander"),
        "nothing of the outsider's alliance"
    );
    assert!(
        no_file_contains(&a.dir, b"Van de bedrieger"),
        "nothing of the impostor's change"
    );
    println!("outsiders over mDNS: 0 bytes of alliance content received, 0 changes accepted");
}

/// Text that only A's replica holds once the strangers are about.
const SECRET: &str = "geheim-canary-7f3a";

/// B joins A's alliance with an invitation, over loopback.
fn join_over_loopback(a: &Device, b: &Device, alliance: &str) {
    let address = {
        let serve = Serve::start(a, "/ip4/127.0.0.1/tcp/0", &[]);
        let address = serve.address.clone();
        assert!(serve.stop());
        address
    };
    let ticket = last_word(&a.ok(&["invite", alliance, "--address", &address]));
    let serve = Serve::start(a, &last_address(a), &[]);
    b.ok(&["join", &ticket]);
    assert!(serve.stop());
}

/// The address A's last serve listened on (from its peer book).
fn last_address(device: &Device) -> String {
    let book: serde_json::Value =
        serde_json::from_slice(&std::fs::read(device.dir.join("peers.json")).expect("peer book"))
            .expect("json");
    book["listen"][0].as_str().expect("an address").to_owned()
}

#[path = "nat_netns.rs"]
mod nat_netns;

#[path = "readme_netns.rs"]
mod readme_netns;

#[path = "room_netns.rs"]
mod room_netns;
