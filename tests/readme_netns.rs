//! The README's own steps, read from README.md and run as written on two
//! fresh data directories in two network namespaces: the first session's
//! set-up, then "To work with other partners": `invite` before any
//! `serve`, `serve`, and on the partner's device `join` with the ticket,
//! `sync --peer` and `peers`. Only the ticket and the address (the README
//! shows placeholders) are filled in.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::Namespaces;
use super::common::{Device, binary, last_word};

/// The shell lines of the README's code block that follows `heading`.
fn block_after(readme: &str, heading: &str) -> Vec<String> {
    let start = readme.find(heading).expect("the README has this step");
    readme[start..]
        .split("```sh\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a code block")
        .lines()
        .map(str::to_owned)
        .collect()
}

/// A command line split as a shell splits it (words, double quotes), its
/// comment dropped.
fn words(line: &str) -> Vec<String> {
    let line = line.split(" #").next().unwrap_or(line).trim();
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Runs `rondetafel ARGS` for `device` in namespace `ns`.
fn run_in(ns: &str, device: &Device, args: &[String]) -> std::process::Output {
    Command::new("ip")
        .args(["netns", "exec", ns, binary(), "--data-dir"])
        .arg(&device.dir)
        .args(args)
        .env_remove("RONDETAFEL_DATA_DIR")
        .output()
        .expect("run rondetafel")
}

fn succeeded(output: &std::process::Output, line: &str) -> String {
    assert!(
        output.status.success(),
        "README step failed: {line}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Waits until a running `serve` of `device` recorded its addresses.
fn serving_address(device: &Device) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        let book: serde_json::Value = std::fs::read(device.dir.join("peers.json"))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        let address = book["listen"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a.as_str())
            .find(|a| a.starts_with("/ip4/10.") && a.contains("/tcp/"));
        if let (Some(address), Some(_)) = (address, book["pid"].as_u64()) {
            return address.to_owned();
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("serve did not record its addresses");
}

#[test]
fn the_readme_steps_work_as_written_on_two_fresh_devices() {
    let Some(namespaces) = Namespaces::create_or_skip('r') else {
        return;
    };
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("README.md");
    let (a, b) = (Device::new(), Device::new());
    let (ns_a, ns_b) = (&namespaces.names[0], &namespaces.names[1]);
    // The first session: set up and found the alliance (its first steps).
    for line in block_after(&readme, "## A first session on the command line") {
        let args = words(&line);
        if args.first().map(String::as_str) != Some("rondetafel") {
            continue;
        }
        if matches!(args[1].as_str(), "init" | "alliance") {
            succeeded(&run_in(ns_a, &a, &args[1..]), &line);
        }
    }
    let mut serve = None;
    let mut ticket = String::new();
    let mut partner_side = false;
    let mut ran = Vec::new();
    for line in block_after(&readme, "To work with other partners") {
        if line.starts_with("# on the partner's device") {
            partner_side = true;
            let own_init = [
                "init",
                "--org",
                "Zorggroep Noord",
                "--kind",
                "zorgaanbieder",
            ]
            .map(String::from);
            succeeded(
                &run_in(ns_b, &b, &own_init),
                "rondetafel init (the partner's own)",
            );
            continue;
        }
        let mut args = words(&line);
        if args.first().map(String::as_str) != Some("rondetafel") {
            continue;
        }
        args.remove(0);
        ran.push(args[0].clone());
        if args[0] == "serve" {
            let mut command = Command::new("ip");
            command
                .args(["netns", "exec", ns_a, binary(), "--data-dir"])
                .arg(&a.dir)
                .args(&args)
                .stdout(Stdio::null());
            serve = Some(command.spawn().expect("serve"));
            continue;
        }
        for arg in &mut args {
            if arg.starts_with("rondetafel1:") {
                *arg = ticket.clone();
            } else if arg.starts_with("/ip4/192.0.2.10/") {
                let peer = a.json(&["whoami", "--json"])["peer_id"]
                    .as_str()
                    .unwrap()
                    .to_owned();
                *arg = format!("{}/p2p/{peer}", serving_address(&a));
            }
        }
        let (ns, device) = if partner_side { (ns_b, &b) } else { (ns_a, &a) };
        let out = succeeded(&run_in(ns, device, &args), &line);
        if args[0] == "invite" {
            ticket = last_word(&out);
        }
        if args[0] == "peers" {
            assert!(out.contains("Gemeente Zwolle"), "{out}");
        }
    }
    if let Some(mut serve) = serve {
        let _ = Command::new("kill")
            .args(["-TERM", &serve.id().to_string()])
            .status();
        assert!(
            serve.wait().expect("serve").success(),
            "serve stopped cleanly"
        );
    }
    assert_eq!(
        ran,
        ["invite", "serve", "join", "sync", "peers"],
        "the README's steps"
    );
    assert!(b.ok(&["alliance", "list"]).contains("Jeugd Noord"));
}
