//! Two offices behind two separate NATs and a relay partner on a "public"
//! segment, all in network namespaces these tests build (nftables
//! masquerade in each office's router). The partners in the offices know
//! only the address the relay partner published in an alliance they share
//! ("bereikbaar via"); they sync a second alliance the relay is not in
//! through it, and nothing of that alliance reaches the relay's disk or
//! output. With a NAT that keeps source ports, hole punching may make the
//! link direct (the test says which); with one that randomises them
//! (`masquerade random`), the link stays on the relay and still syncs. A
//! non-member gets no reservation. Skipped, with the reason printed, where
//! namespaces or nftables are not available (not root).

use std::process::{Command, Stdio};
use std::time::Instant;

use super::common::{Device, Serve, binary, last_word, no_file_contains};

/// Text only the offices' alliance holds.
const CANARY: &str = "kanarie-relay-5d1c";

/// The relay partner's port on the public segment.
const RELAY_PORT: u16 = 4001;

/// The namespaces of one run: public `P`, routers `N1`/`N2`, offices
/// `H1`/`H2`. Removed on drop.
struct Offices {
    public: String,
    routers: [String; 2],
    offices: [String; 2],
}

/// Runs `ip` with `args`, or says what failed.
pub(super) fn ip(args: &[&str]) -> Result<(), String> {
    let output = Command::new("ip")
        .args(args)
        .output()
        .map_err(|e| format!("ip: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "ip {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// Loads an nftables ruleset into namespace `ns`.
fn nft(ns: &str, rules: &str) -> Result<(), String> {
    use std::io::Write;
    let mut child = Command::new("ip")
        .args(["netns", "exec", ns, "nft", "-f", "-"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("nft: {e}"))?;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(rules.as_bytes())
        .map_err(|e| format!("nft: {e}"))?;
    let output = child.wait_with_output().map_err(|e| format!("nft: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "nft: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

fn sysctl_forward(ns: &str) -> Result<(), String> {
    ip(&[
        "netns",
        "exec",
        ns,
        "sysctl",
        "-qw",
        "net.ipv4.ip_forward=1",
    ])
}

impl Offices {
    /// Builds the offices; `tag` tells apart tests running at the same
    /// time, `random_ports` makes both NATs randomise source ports.
    fn create(tag: char, random_ports: bool) -> Result<Offices, String> {
        let id = std::process::id() % 100_000;
        let name = |role: &str| format!("rn{tag}{role}{id}");
        let offices = Offices {
            public: name("P"),
            routers: [name("N1"), name("N2")],
            offices: [name("H1"), name("H2")],
        };
        ip(&["netns", "add", &offices.public])?;
        for ns in offices.routers.iter().chain(&offices.offices) {
            ip(&["netns", "add", ns])?;
        }
        for ns in offices.all() {
            ip(&["-n", ns, "link", "set", "lo", "up"])?;
        }
        sysctl_forward(&offices.public)?;
        for i in 0..2 {
            offices.office(tag, id, i, random_ports)?;
        }
        Ok(offices)
    }

    /// Wires office `i`: WAN link to the public segment, LAN link to the
    /// office, and the router's NAT and firewall.
    fn office(&self, tag: char, id: u32, i: usize, random_ports: bool) -> Result<(), String> {
        let n = i + 1;
        let (router, office, public) = (&self.routers[i], &self.offices[i], &self.public);
        let (wan, wan_peer) = (format!("w{tag}{n}{id}"), format!("W{tag}{n}{id}"));
        let (lan, lan_peer) = (format!("l{tag}{n}{id}"), format!("L{tag}{n}{id}"));
        let wan_net = format!("10.231.8{n}");
        let lan_net = format!("10.231.9{n}");
        ip(&[
            "link", "add", &wan, "type", "veth", "peer", "name", &wan_peer,
        ])?;
        ip(&["link", "set", &wan, "netns", router])?;
        ip(&["link", "set", &wan_peer, "netns", public])?;
        ip(&[
            "-n",
            public,
            "addr",
            "add",
            &format!("{wan_net}.1/30"),
            "dev",
            &wan_peer,
        ])?;
        ip(&[
            "-n",
            router,
            "addr",
            "add",
            &format!("{wan_net}.2/30"),
            "dev",
            &wan,
        ])?;
        ip(&[
            "link", "add", &lan, "type", "veth", "peer", "name", &lan_peer,
        ])?;
        ip(&["link", "set", &lan, "netns", router])?;
        ip(&["link", "set", &lan_peer, "netns", office])?;
        ip(&[
            "-n",
            router,
            "addr",
            "add",
            &format!("{lan_net}.1/24"),
            "dev",
            &lan,
        ])?;
        ip(&[
            "-n",
            office,
            "addr",
            "add",
            &format!("{lan_net}.2/24"),
            "dev",
            &lan_peer,
        ])?;
        ip(&["-n", public, "link", "set", &wan_peer, "up"])?;
        ip(&["-n", router, "link", "set", &wan, "up"])?;
        ip(&["-n", router, "link", "set", &lan, "up"])?;
        ip(&["-n", office, "link", "set", &lan_peer, "up"])?;
        ip(&[
            "-n",
            router,
            "route",
            "add",
            "default",
            "via",
            &format!("{wan_net}.1"),
        ])?;
        ip(&[
            "-n",
            office,
            "route",
            "add",
            "default",
            "via",
            &format!("{lan_net}.1"),
        ])?;
        sysctl_forward(router)?;
        let masquerade = if random_ports {
            "masquerade random"
        } else {
            "masquerade"
        };
        nft(
            router,
            &format!(
                "table ip nat {{\n  chain post {{\n    type nat hook postrouting priority 100;\n    oifname \"{wan}\" {masquerade}\n  }}\n}}\n\
                 table ip filter {{\n  chain forwarding {{\n    type filter hook forward priority 0; policy drop;\n    iifname \"{lan}\" accept\n    ct state established,related accept\n  }}\n\
                   chain inbound {{\n    type filter hook input priority 0; policy accept;\n    iifname \"{wan}\" ct state new drop\n  }}\n}}\n"
            ),
        )
    }

    fn all(&self) -> impl Iterator<Item = &String> {
        std::iter::once(&self.public)
            .chain(&self.routers)
            .chain(&self.offices)
    }

    /// Creates the offices, or prints why the test is skipped: only where
    /// namespaces cannot be made at all (not root). Anything else that
    /// fails in building them fails the test.
    fn create_or_skip(tag: char, random_ports: bool) -> Option<Offices> {
        let probe = format!("rn{tag}probe{}", std::process::id() % 100_000);
        if let Err(reason) = ip(&["netns", "add", &probe]) {
            eprintln!("skipped: cannot create network namespaces here ({reason})");
            return None;
        }
        let _ = ip(&["netns", "delete", &probe]);
        Some(
            Offices::create(tag, random_ports)
                .expect("the offices are built (is nftables installed?)"),
        )
    }
}

impl Drop for Offices {
    fn drop(&mut self) {
        for ns in self.all() {
            let _ = Command::new("ip").args(["netns", "delete", ns]).status();
        }
    }
}

/// `serve --json` in namespace `ns`, listening on TCP `port` (0: any).
fn serve_in(device: &Device, ns: &str, port: u16, extra: &[&str]) -> Serve {
    let mut command = Command::new("ip");
    command
        .args(["netns", "exec", ns, binary(), "--data-dir"])
        .arg(&device.dir)
        .args(["serve", "--json", "--no-mdns", "--listen"])
        .arg(format!("/ip4/0.0.0.0/tcp/{port}"))
        .arg("--listen")
        .arg(format!("/ip4/0.0.0.0/udp/{port}/quic-v1"))
        .args(extra);
    Serve::spawn(command)
}

/// The three partners before they go to their offices: the relay partner
/// published its public address in alliance `shared` (all three are in
/// it); the offices share `own`, which the relay is not in, and one office
/// wrote the canary in it offline.
struct Table {
    relay: Device,
    office1: Device,
    office2: Device,
    shared: String,
    own: String,
}

fn table() -> Table {
    let relay = Device::with_org("Woonstede", "woningcorporatie");
    let office1 = Device::with_org("Gemeente", "gemeente");
    let office2 = Device::with_org("Zorg", "zorgaanbieder");
    let shared = last_word(&relay.ok(&["alliance", "create", "Wijkalliantie"]));
    relay.ok(&[
        "reachable",
        &shared,
        "--add",
        &format!("/ip4/10.231.81.1/tcp/{RELAY_PORT}"),
    ]);
    join_over_loopback(&relay, &office1, &shared);
    join_over_loopback(&relay, &office2, &shared);
    let own = last_word(&office1.ok(&["alliance", "create", "Tweegesprek"]));
    join_over_loopback(&office1, &office2, &own);
    office1.ok(&["interest", "add", &own, "--text", CANARY]);
    let listed = office2.json(&["reachable", &shared, "--json"]);
    assert!(
        listed["partners"].to_string().contains("10.231.81.1"),
        "the office learned the relay's address by joining: {listed}"
    );
    Table {
        relay,
        office1,
        office2,
        shared,
        own,
    }
}

/// `joiner` joins `inviter`'s alliance over loopback, in the machine's own
/// namespace, before anyone goes to an office.
fn join_over_loopback(inviter: &Device, joiner: &Device, alliance: &str) {
    let serve = Serve::start(inviter, "/ip4/127.0.0.1/tcp/0", &[]);
    let ticket = last_word(&inviter.ok(&["invite", alliance]));
    joiner.ok(&["join", &ticket, "--peer", &serve.multiaddr(), "--no-mdns"]);
    assert!(serve.stop());
}

/// Runs the offices' sync through the relay; returns whether the link
/// became direct within `punch_wait_secs`.
fn sync_through_relay(offices: &Offices, table: &Table, punch_wait_secs: u64) -> bool {
    let started = Instant::now();
    let relay = serve_in(&table.relay, &offices.public, RELAY_PORT, &["--relay"]);
    let office1 = serve_in(&table.office1, &offices.offices[0], 0, &[]);
    let office2 = serve_in(&table.office2, &offices.offices[1], 0, &[]);
    let relayed = office2.wait_for(60, |e| {
        e["event"] == "route" && e["peer"] == office1.peer_id.as_str() && e["direct"] == false
    });
    assert!(
        relayed.is_some(),
        "office 2 reached office 1 through the relay"
    );
    // From here the events come in any order: the offices' alliance
    // arriving, and the hole punch ending in a direct route.
    let (received, direct) = (std::cell::Cell::new(false), std::cell::Cell::new(false));
    let office1_id = office1.peer_id.clone();
    office2.wait_for(punch_wait_secs, |e| {
        if e["event"] == "changes_received" && e["alliance"] == table.own.as_str() {
            received.set(true);
            println!(
                "offices synced through the relay in {:?}",
                started.elapsed()
            );
        }
        if e["event"] == "route" && e["peer"] == office1_id.as_str() && e["direct"] == true {
            direct.set(true);
        }
        if e["event"] == "hole_punch" {
            println!("hole punch: {e}");
        }
        received.get() && direct.get()
    });
    assert!(received.get(), "office 2 received the offices' alliance");
    let direct = direct.get();
    println!(
        "{:?} after the start the link is {}",
        started.elapsed(),
        if direct {
            "direct (hole punched)"
        } else {
            "still relayed"
        }
    );
    office2.wait_for(3, |_| false);
    let peers = table.office2.json(&["peers", &table.own, "--json"]);
    let device = peers
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|p| p["devices"].as_array().cloned().unwrap_or_default())
        .find(|d| d["peer_id"] == office1.peer_id.as_str())
        .expect("office 1's device in peers");
    println!("peers shows office 1 as: {device}");
    if direct {
        assert_eq!(device["connection"], "direct", "{device}");
    } else {
        assert_eq!(device["connection"], "relayed", "{device}");
        assert_eq!(device["relay"], relay.peer_id.as_str(), "{device}");
    }
    assert!(office2.stop());
    assert!(office1.stop());
    let relay_output = relay.stop_and_collect();
    assert!(
        !relay_output.contains(CANARY),
        "the relay printed nothing of the offices' alliance"
    );
    let interests = table.office2.ok(&["interest", "list", &table.own]);
    assert!(interests.contains(CANARY), "{interests}");
    assert!(
        no_file_contains(&table.relay.dir, CANARY.as_bytes()),
        "the relay stored nothing of the offices' alliance"
    );
    assert!(
        !table
            .relay
            .ok(&["alliance", "list"])
            .contains("Tweegesprek"),
        "the relay does not hold the offices' alliance"
    );
    direct
}

#[test]
fn offices_behind_nat_sync_through_a_relay_partner_and_punch_a_hole() {
    let Some(offices) = Offices::create_or_skip('a', false) else {
        return;
    };
    let table = table();
    let direct = sync_through_relay(&offices, &table, 60);
    assert!(direct, "with port-preserving NATs the link becomes direct");
}

#[test]
fn offices_behind_nats_that_randomise_ports_stay_on_the_relay() {
    let Some(offices) = Offices::create_or_skip('b', true) else {
        return;
    };
    let table = table();
    let direct = sync_through_relay(&offices, &table, 15);
    assert!(!direct, "random source ports defeat hole punching");
}

#[test]
fn a_stranger_gets_no_reservation_on_the_relay() {
    let Some(offices) = Offices::create_or_skip('c', false) else {
        return;
    };
    let table = table();
    let stranger = Device::with_org("Buitenstaander", "overig");
    stranger.ok(&["alliance", "create", "Eigen tafel"]);
    let relay = serve_in(&table.relay, &offices.public, RELAY_PORT, &["--relay"]);
    let relay_address = format!("/ip4/10.231.82.1/tcp/{RELAY_PORT}/p2p/{}", relay.peer_id);
    let outsider = serve_in(
        &stranger,
        &offices.offices[1],
        0,
        &["--relay-via", &relay_address],
    );
    let refused = outsider.wait_for(30, |e| e["event"] == "relay_refused");
    assert!(refused.is_some(), "the relay refused the stranger");
    assert!(
        outsider
            .wait_for(5, |e| e["event"] == "relay_reserved")
            .is_none(),
        "no reservation for a stranger"
    );
    assert!(outsider.stop());
    assert!(relay.stop());
}

/// A new partner in office 2 joins with a ticket made in office 1 while
/// its node runs: office 1's own addresses cannot be reached from there,
/// but the ticket names the relay partner's always-on device, a member
/// that admits the newcomer.
#[test]
fn a_new_partner_in_another_office_joins_through_the_always_on_partner() {
    let Some(offices) = Offices::create_or_skip('d', false) else {
        return;
    };
    let table = table();
    let relay = serve_in(&table.relay, &offices.public, RELAY_PORT, &["--relay"]);
    let office1 = serve_in(&table.office1, &offices.offices[0], 0, &[]);
    assert!(
        office1
            .wait_for(30, |e| e["event"] == "relay_reserved")
            .is_some(),
        "office 1 listens through the relay"
    );
    let ticket = last_word(&table.office1.ok(&["invite", &table.shared]));
    assert!(
        relay
            .wait_for(30, |e| e["event"] == "changes_received"
                && e["alliance"] == table.shared.as_str())
            .is_some(),
        "the relay partner received the invitation"
    );
    let newcomer = Device::with_org("Cliëntenraad", "clientenorganisatie");
    let started = Instant::now();
    let joined = Command::new("ip")
        .args(["netns", "exec", &offices.offices[1], binary(), "--data-dir"])
        .arg(&newcomer.dir)
        .args(["join", &ticket, "--no-mdns", "--timeout", "60"])
        .output()
        .expect("run join");
    println!("joined from another office in {:?}", started.elapsed());
    assert!(
        joined.status.success(),
        "join failed: {}",
        String::from_utf8_lossy(&joined.stderr)
    );
    assert!(
        relay
            .wait_for(10, |e| e["event"] == "admitted"
                && e["alliance"] == table.shared.as_str())
            .is_some(),
        "the relay partner admitted the newcomer"
    );
    assert!(office1.stop());
    assert!(relay.stop());
    assert!(newcomer.ok(&["alliance", "list"]).contains("Wijkalliantie"));
}
