//! On people's machines, with the real binary: the Debian package and what
//! it installs, the log in the data directory (rotated, no content at
//! info), `doctor` on a working, a missing and a busy data directory, and
//! progress on a terminal that scripts never see.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Device, Serve, binary, last_word};
use serde_json::Value;

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn dpkg_deb(args: &[&str]) -> String {
    let output = Command::new("dpkg-deb")
        .args(args)
        .output()
        .expect("dpkg-deb");
    assert!(output.status.success(), "dpkg-deb {args:?}: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_debian_package_installs_the_program_its_desktop_entry_icons_and_licence() {
    let out = tempfile::tempdir().unwrap();
    let built = Command::new(repository().join("packaging/build-deb"))
        .args(["--binary", binary(), "--fast", "--out"])
        .arg(out.path())
        .output()
        .expect("packaging/build-deb");
    assert!(built.status.success(), "{built:?}");
    let package = String::from_utf8(built.stdout).unwrap().trim().to_owned();
    assert!(
        package.ends_with(".deb") && Path::new(&package).exists(),
        "{package}"
    );

    let fields = dpkg_deb(&[
        "--field", &package, "Package", "Version", "Depends", "Section",
    ]);
    assert!(fields.contains("Package: rondetafel"), "{fields}");
    assert!(
        fields.contains(&format!("Version: {}", env!("CARGO_PKG_VERSION"))),
        "{fields}"
    );
    assert!(
        fields.contains("libgl1") && fields.contains("libxkbcommon-x11-0"),
        "{fields}"
    );

    let contents = dpkg_deb(&["--contents", &package]);
    for path in [
        "./usr/bin/rondetafel",
        "./usr/share/applications/rondetafel.desktop",
        "./usr/share/icons/hicolor/48x48/apps/rondetafel.png",
        "./usr/share/icons/hicolor/256x256/apps/rondetafel.png",
        "./usr/share/icons/hicolor/scalable/apps/rondetafel.svg",
        "./usr/share/doc/rondetafel/copyright",
    ] {
        assert!(contents.contains(path), "{path} missing:\n{contents}");
    }
    for line in contents.lines() {
        let path = line.split_whitespace().last().unwrap_or_default();
        assert!(
            path.starts_with("./usr/") || path == "./",
            "installs outside /usr: {path}"
        );
        assert!(line.contains("root/root"), "not owned by root: {line}");
    }

    let root = tempfile::tempdir().unwrap();
    dpkg_deb(&["-x", &package, root.path().to_str().unwrap()]);
    let version = Command::new(root.path().join("usr/bin/rondetafel"))
        .arg("--version")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("rondetafel {}", env!("CARGO_PKG_VERSION"))
    );
    let entry = fs::read_to_string(
        root.path()
            .join("usr/share/applications/rondetafel.desktop"),
    )
    .unwrap();
    for line in [
        "Exec=rondetafel",
        "Icon=rondetafel",
        "Categories=Office;",
        "Name=Rondetafel",
    ] {
        assert!(entry.lines().any(|l| l == line), "{line} missing:\n{entry}");
    }
    let licence =
        fs::read_to_string(root.path().join("usr/share/doc/rondetafel/copyright")).unwrap();
    assert!(licence.contains("License: EUPL-1.2"), "{licence}");
}

fn log_of(device: &Device) -> String {
    fs::read_to_string(device.dir.join("logs/rondetafel.log")).unwrap_or_default()
}

#[test]
fn the_log_says_what_ran_without_what_partners_wrote() {
    let a = Device::with_org("Gemeente Hillegom", "gemeente");
    let alliance = last_word(&a.ok(&["alliance", "create", "Hillegom"]));
    let canary = "Geheime-afspraak-7f3a";
    a.ok(&["agreement", "add", &alliance, "--title", canary]);
    a.ok(&[
        "snapshot",
        &alliance,
        "--format",
        "md",
        "-o",
        a.dir.join("s.md").to_str().unwrap(),
    ]);
    let log = log_of(&a);
    assert!(log.contains("command=\"agreement add\""), "{log}");
    assert!(
        log.contains("snapshot exported") && log.contains("format=md"),
        "{log}"
    );
    assert!(log.contains(" INFO "), "{log}");
    assert!(
        !log.contains(canary),
        "the log holds what a partner wrote:\n{log}"
    );
    assert!(!log.contains(" DEBUG "), "debug is off by default");

    a.ok(&["--log-level", "debug", "alliance", "list"]);
    assert!(
        log_of(&a).contains(" DEBUG "),
        "--log-level debug logs more"
    );
    let lines = log_of(&a).lines().count();
    let quiet = a
        .command(&["alliance", "list"])
        .env("RONDETAFEL_LOG", "warn")
        .output()
        .unwrap();
    assert!(quiet.status.success());
    assert_eq!(
        log_of(&a).lines().count(),
        lines,
        "RONDETAFEL_LOG=warn logs no info"
    );

    let refused = a.fails(&["--log-level", "loud", "alliance", "list"]);
    assert!(refused.contains("not a log level"), "{refused}");
}

fn checks(report: &Value) -> Vec<(String, String)> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["check"].as_str().unwrap().to_owned(),
                c["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn status_of(report: &Value, check: &str) -> String {
    checks(report)
        .into_iter()
        .find(|(name, _)| name == check)
        .map(|(_, status)| status)
        .unwrap_or_else(|| panic!("no {check} in {report}"))
}

#[test]
fn doctor_reports_each_check_and_what_to_do() {
    let a = Device::with_org("Gemeente Hillegom", "gemeente");
    let alliance = last_word(&a.ok(&["alliance", "create", "Hillegom"]));
    let report = a.json(&["doctor", "--json"]);
    assert_eq!(report["ok"], true, "{report}");
    let names: Vec<String> = checks(&report).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "data_dir",
            "free_space",
            "lock",
            "device_key",
            "organisation",
            "alliances",
            "multicast",
            "ports",
            "peers",
            "clock"
        ]
    );
    for check in [
        "data_dir",
        "lock",
        "device_key",
        "organisation",
        "alliances",
        "ports",
        "clock",
    ] {
        assert_eq!(status_of(&report, check), "ok", "{check}: {report}");
    }
    assert_eq!(report["checks"][5]["loaded"], 1);
    assert!(report["log"].as_str().unwrap().ends_with("rondetafel.log"));
    let text = a.ok(&["doctor"]);
    assert!(
        text.contains("Alliances") && text.contains("1 load without damage"),
        "{text}"
    );

    // A partner's serve holds its own directory; doctor runs beside it and
    // names the holder, and an address dialled before is tried again.
    let b = Device::with_org("Zorg Dichtbij", "zorgaanbieder");
    let serve = Serve::start(&a, "/ip4/127.0.0.1/tcp/0", &[]);
    let address = serve.address.clone();
    assert!(serve.stop());
    let ticket = last_word(&a.ok(&["invite", &alliance]));
    let serve = Serve::start(&a, &address, &[]);
    b.ok(&["join", &ticket]);
    let busy = a.json(&["doctor", "--json"]);
    assert!(busy["checks"][2]["holder"].as_u64().is_some(), "{busy}");
    let reached = b.json(&["doctor", "--json"]);
    assert_eq!(status_of(&reached, "peers"), "ok", "{reached}");
    assert!(serve.stop());
    let gone = b.json(&["doctor", "--json", "--timeout", "1"]);
    assert_eq!(status_of(&gone, "peers"), "warning", "{gone}");
    assert!(
        gone["checks"][8]["fix"]
            .as_str()
            .unwrap()
            .contains("offline"),
        "{gone}"
    );

    // A damaged alliance fails the check, with what to do. (The first
    // chunk: a torn last one is what an interrupted save leaves, and is
    // dropped without complaint.)
    let stored = a.dir.join("alliances").join(&alliance);
    let mut chunks: Vec<PathBuf> = fs::read_dir(&stored)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rtc"))
        .collect();
    chunks.sort();
    fs::write(&chunks[0], b"not an automerge document").unwrap();
    let output = a.run(&["doctor", "--json"]);
    assert!(!output.status.success(), "a failed check exits non-zero");
    let damaged: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(damaged["ok"], false);
    assert_eq!(status_of(&damaged, "alliances"), "failed", "{damaged}");
}

#[test]
fn doctor_on_a_missing_directory_fails_without_creating_it() {
    let temp = tempfile::tempdir().unwrap();
    let missing = temp.path().join("nowhere");
    let output = Command::new(binary())
        .arg("--data-dir")
        .arg(&missing)
        .args(["doctor", "--json"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(status_of(&report, "data_dir"), "failed");
    assert!(report["checks"][0]["fix"].is_string());
    assert!(
        !missing.exists(),
        "doctor created the directory it reports missing"
    );
}

/// Runs `rondetafel ARGS` on a terminal (`script` gives it one); returns
/// what the terminal showed.
fn on_a_terminal(device: &Device, args: &str) -> String {
    let command = format!("{} --data-dir {} {args}", binary(), device.dir.display());
    let output = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .expect("script (util-linux)");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn long_work_shows_progress_on_a_terminal_only() {
    let a = Device::with_org("Gemeente Hillegom", "gemeente");
    let alliance = last_word(&a.ok(&["alliance", "create", "Hillegom"]));
    let pdf = a.dir.join("s.pdf");
    let pdf = pdf.to_str().unwrap();
    let shown = on_a_terminal(&a, &format!("snapshot {alliance} --format pdf -o {pdf}"));
    assert!(shown.contains("Writing the pdf export"), "{shown:?}");
    let json = on_a_terminal(
        &a,
        &format!("snapshot {alliance} --format pdf -o {pdf} --json"),
    );
    assert!(!json.contains("Writing the pdf export"), "{json:?}");
    let piped = a.run(&["snapshot", &alliance, "--format", "pdf", "-o", pdf]);
    assert!(piped.status.success());
    assert!(
        !String::from_utf8_lossy(&piped.stderr).contains("Writing"),
        "no progress when standard error is not a terminal"
    );
}
