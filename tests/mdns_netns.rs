//! mDNS discovery between two network namespaces that this test creates
//! itself (a veth pair on a private subnet): two partners who share an
//! alliance find each other without any address typed and sync. Skipped,
//! with the reason printed, where namespaces cannot be created (not root).
//! mDNS never runs in the machine's own namespace.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::process::Command;

use common::{Device, Serve, last_word};

/// Two namespaces joined by a veth pair; removed on drop.
struct Namespaces {
    names: [String; 2],
}

impl Namespaces {
    fn create() -> Result<Namespaces, String> {
        let id = std::process::id();
        let names = [format!("rtA{id}"), format!("rtB{id}")];
        let subnet = format!("10.231.{}", id % 250);
        let (va, vb) = (format!("vA{id}"), format!("vB{id}"));
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

impl Drop for Namespaces {
    fn drop(&mut self) {
        for name in &self.names {
            let _ = Command::new("ip").args(["netns", "delete", name]).status();
        }
    }
}

#[test]
fn partners_find_each_other_on_the_local_network() {
    let namespaces = match Namespaces::create() {
        Ok(namespaces) => namespaces,
        Err(reason) => {
            eprintln!("skipped: cannot create network namespaces here ({reason})");
            return;
        }
    };
    let a = Device::with_org("Gemeente", "gemeente");
    let b = Device::with_org("Zorg", "zorgaanbieder");
    let alliance = last_word(&a.ok(&["alliance", "create", "Tafel"]));
    let ticket = {
        let serve = Serve::start(&a, "/ip4/127.0.0.1/tcp/0", &[]);
        let address = serve.address.clone();
        assert!(serve.stop());
        last_word(&a.ok(&["invite", &alliance, "--address", &address]))
    };
    {
        let serve = Serve::start(&a, &last_address(&a), &[]);
        b.ok(&["join", &ticket]);
        assert!(serve.stop());
    }
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

/// The address A's last serve listened on (from its peer book).
fn last_address(device: &Device) -> String {
    let book: serde_json::Value =
        serde_json::from_slice(&std::fs::read(device.dir.join("peers.json")).expect("peer book"))
            .expect("json");
    book["listen"][0].as_str().expect("an address").to_owned()
}
