//! A meeting room: twelve partners, each on its own laptop (a network
//! namespace the test creates) on one bridge, as on the room's network.
//! Each made offline edits; they find each other by mDNS and converge. The
//! test prints the time and, per laptop, the changes it received (duplicates
//! included) against those it applied. Skipped, with the reason printed,
//! where namespaces cannot be created.

use std::process::Command;
use std::time::Instant;

use super::common::{Device, Serve, admit, last_word};
use super::nat_netns::ip;

/// How many laptops are in the room.
const LAPTOPS: usize = 12;
/// How many offline edits each made.
const EDITS: usize = 5;

/// The room: a bridge in its own namespace and one namespace per laptop,
/// each joined to the bridge by a veth pair. Removed on drop.
struct Room {
    bridge: String,
    laptops: Vec<String>,
}

impl Room {
    fn create() -> Result<Room, String> {
        let id = std::process::id() % 100_000;
        let room = Room {
            bridge: format!("rrB{id}"),
            laptops: (0..LAPTOPS).map(|i| format!("rr{i}L{id}")).collect(),
        };
        ip(&["netns", "add", &room.bridge])?;
        ip(&["-n", &room.bridge, "link", "add", "br0", "type", "bridge"])?;
        ip(&["-n", &room.bridge, "link", "set", "br0", "up"])?;
        let subnet = format!("10.{}.{}", 200 + id % 30, id % 250);
        for (i, laptop) in room.laptops.iter().enumerate() {
            let (inside, outside) = (format!("l{i}"), format!("b{i}"));
            ip(&["netns", "add", laptop])?;
            ip(&["-n", laptop, "link", "set", "lo", "up"])?;
            ip(&[
                "-n", laptop, "link", "add", &inside, "type", "veth", "peer", "name", &outside,
            ])?;
            ip(&["-n", laptop, "link", "set", &outside, "netns", &room.bridge])?;
            ip(&["-n", &room.bridge, "link", "set", &outside, "master", "br0"])?;
            ip(&["-n", &room.bridge, "link", "set", &outside, "up"])?;
            let address = format!("{subnet}.{}/24", i + 1);
            ip(&["-n", laptop, "addr", "add", &address, "dev", &inside])?;
            ip(&["-n", laptop, "link", "set", &inside, "up"])?;
        }
        Ok(room)
    }
}

impl Drop for Room {
    fn drop(&mut self) {
        for ns in self.laptops.iter().chain(std::iter::once(&self.bridge)) {
            let _ = Command::new("ip").args(["netns", "delete", ns]).status();
        }
    }
}

/// The version every laptop reaches: the heads of every laptop's offline
/// edits together (each laptop's edits are its own, so none is an ancestor
/// of another's).
fn union_heads(devices: &[Device], alliance: &str) -> Vec<String> {
    let mut heads: Vec<String> = devices
        .iter()
        .flat_map(|d| {
            let view = d.json(&["alliance", "show", alliance, "--json"]);
            view["heads"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .filter_map(|h| h.as_str().map(str::to_owned))
        })
        .collect();
    heads.sort();
    heads.dedup();
    heads
}

fn sorted_heads(event: &serde_json::Value) -> Vec<String> {
    let mut heads: Vec<String> = event["heads"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|h| h.as_str().map(str::to_owned))
        .collect();
    heads.sort();
    heads
}

#[test]
fn twelve_laptops_in_one_room_converge() {
    let room = match Room::create() {
        Ok(room) => room,
        Err(reason) => {
            eprintln!("skipped: cannot create network namespaces here ({reason})");
            return;
        }
    };
    let devices: Vec<Device> = (0..LAPTOPS)
        .map(|i| Device::with_org(&format!("Partner {}", i + 1), "gemeente"))
        .collect();
    let alliance = last_word(&devices[0].ok(&["alliance", "create", "Zaal"]));
    let joiners: Vec<&Device> = devices[1..].iter().collect();
    admit(&devices[0], &alliance, &joiners);
    // The week before the meeting: everyone edits offline.
    for (i, device) in devices.iter().enumerate() {
        for n in 0..EDITS {
            let title = format!("Voorstel {n} van partner {}", i + 1);
            device.ok(&["agreement", "add", &alliance, "--title", &title]);
        }
    }
    let target = union_heads(&devices, &alliance);

    let started = Instant::now();
    let serves: Vec<Serve> = devices
        .iter()
        .zip(&room.laptops)
        .map(|(device, laptop)| Serve::start_in_namespace(device, laptop))
        .collect();
    let mut reached = Vec::new();
    for (i, serve) in serves.iter().enumerate() {
        let event = serve.wait_for(90, |e| e["event"] == "synced" && sorted_heads(e) == target);
        reached
            .push(event.unwrap_or_else(|| panic!("laptop {} reached the room's version", i + 1)));
    }
    let elapsed = started.elapsed();
    println!(
        "{LAPTOPS} laptops with {EDITS} offline edits each converged in {:.2} s",
        elapsed.as_secs_f64()
    );
    for (i, (serve, reached)) in serves.into_iter().zip(reached).enumerate() {
        // The latest count: from a later sync, if one was reported after.
        let output = serve.stop_and_collect();
        let last = output
            .lines()
            .rev()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|e| e["event"] == "synced")
            .unwrap_or(reached);
        let (received, applied) = (&last["received"], &last["applied"]);
        println!(
            "laptop {:>2}: received {received:>4} changes, applied {applied:>4}",
            i + 1
        );
        assert!(
            applied.as_u64() >= Some(((LAPTOPS - 1) * EDITS) as u64),
            "laptop {} applied every other laptop's edits",
            i + 1
        );
    }
}
