//! Privacy and the archive, as a user meets them on the command line: a
//! citizen service number is refused wherever text enters, likely personal
//! data waits for confirmation, and the archive package of a ratified
//! snapshot is written by `archive`, verified by `verify` on a machine with
//! no replica at all, and refused when anything in it was changed; an
//! erasure takes a text out of every replica, also one that was offline.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::path::Path;

use common::{Device, Serve, entries, last_word, no_file_contains, rezip};
use sha2::{Digest, Sha256};

fn entry<'a>(entries: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    &entries.iter().find(|(n, _)| n == name).unwrap().1
}

fn replace(entries: &mut [(String, Vec<u8>)], name: &str, content: Vec<u8>) {
    entries.iter_mut().find(|(n, _)| n == name).unwrap().1 = content;
}

/// Replaces `name` with `content` and rewrites its MDTO size and checksum
/// to match, as a careful forger would.
fn replace_matching_metadata(
    files: &mut [(String, Vec<u8>)],
    original: &[(String, Vec<u8>)],
    name: &str,
    content: Vec<u8>,
) {
    let before = entry(original, name);
    let sidecar = format!("{name}.bestand.MDTO.xml");
    let meta = String::from_utf8(entry(files, &sidecar).to_vec()).unwrap();
    let meta = meta
        .replace(
            &hex::encode(Sha256::digest(before)),
            &hex::encode(Sha256::digest(&content)),
        )
        .replace(
            &format!("<omvang>{}</omvang>", before.len()),
            &format!("<omvang>{}</omvang>", content.len()),
        );
    replace(files, &sidecar, meta.into_bytes());
    replace(files, name, content);
}

fn failed_checks(report: &serde_json::Value) -> Vec<String> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["passed"] == false)
        .map(|c| c["check"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_ratified_snapshot_is_archived_with_mdto_metadata_and_the_package_proves_itself() {
    let device = Device::with_org("Gemeente Hillegom", "gemeente");
    let alliance = last_word(&device.ok(&["alliance", "create", "Wonen met zorg"]));
    device.ok(&["agreement", "add", &alliance, "--title", "Eén loket"]);
    let folder = tempfile::tempdir().unwrap();
    let export = folder.path().join("versie.json");
    device.ok(&[
        "snapshot",
        &alliance,
        "--format",
        "json",
        "--label",
        "1.0",
        "-o",
        export.to_str().unwrap(),
    ]);
    device.ok(&[
        "ratify",
        &alliance,
        "--snapshot",
        "1.0",
        "--body",
        "College van B&W",
        "--decision",
        "adopted",
        "--date",
        "today",
        "--reference",
        "2026/123",
    ]);
    let package = folder.path().join("archief.zip");
    let written = device.json(&[
        "archive",
        &alliance,
        "--snapshot",
        "1.0",
        "--valuation",
        "temporary",
        "--retention-years",
        "20",
        "-o",
        package.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(written["vastgesteld"], true);
    assert_eq!(written["label"], "1.0");
    let snapshot = written["snapshot"].as_str().unwrap().to_owned();

    let files = entries(&package);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for name in [
        "afsprakenset.MDTO.xml",
        "snapshot.pdf",
        "snapshot.pdf.bestand.MDTO.xml",
        "snapshot.json",
        "alliance.automerge",
        "signatures.json",
        "signatures.json.bestand.MDTO.xml",
    ] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
    let record = String::from_utf8(entry(&files, "afsprakenset.MDTO.xml").to_vec()).unwrap();
    for expected in [
        "<MDTO xmlns=\"https://www.nationaalarchief.nl/mdto\"",
        &format!("<identificatieKenmerk>{snapshot}</identificatieKenmerk>"),
        "<begripLabel>Archiefstuk</begripLabel>",
        "<begripLabel>Tijdelijk te bewaren</begripLabel>",
        "<termijnLooptijd>P20Y</termijnLooptijd>",
        "<begripLabel>Accordering</begripLabel>",
        "<verwijzingNaam>Gemeente Hillegom, College van B&amp;W</verwijzingNaam>",
        "kenmerk 2026/123",
        "<archiefvormer>\n      <verwijzingNaam>Gemeente Hillegom</verwijzingNaam>",
        "Vastgesteld door alle partners.",
    ] {
        assert!(record.contains(expected), "{expected} not in\n{record}");
    }
    let pdf = entry(&files, "snapshot.pdf");
    assert!(pdf.starts_with(b"%PDF"));
    let pdf_meta =
        String::from_utf8(entry(&files, "snapshot.pdf.bestand.MDTO.xml").to_vec()).unwrap();
    assert!(pdf_meta.contains(&format!("<omvang>{}</omvang>", pdf.len())));
    assert!(pdf_meta.contains(&hex::encode(Sha256::digest(pdf))));
    assert!(pdf_meta.contains("<begripCode>fmt/476</begripCode>"));
    // The JSON in the package is the board's export, with the decision.
    let json: serde_json::Value = serde_json::from_slice(entry(&files, "snapshot.json")).unwrap();
    assert_eq!(json["snapshot"]["id"], snapshot.as_str());
    assert_eq!(json["vastgesteld"], true);

    // A machine that never held the alliance verifies the package alone.
    let archivist = Device::new();
    let report = archivist.json(&["verify", package.to_str().unwrap(), "--json"]);
    assert_eq!(report["verified"], true, "{report:#}");
    assert_eq!(report["vastgesteld"], true);
    assert_eq!(report["alliance_name"], "Wonen met zorg");
    assert!(failed_checks(&report).is_empty());
    let checks: Vec<&str> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["check"].as_str().unwrap())
        .collect();
    for check in [
        "checksums",
        "document",
        "json content",
        "pdf content",
        "signatures",
    ] {
        assert!(checks.contains(&check), "{check} not in {checks:?}");
    }
    let text = archivist.ok(&["verify", package.to_str().unwrap()]);
    assert!(
        text.contains("Verified: this package is snapshot"),
        "{text}"
    );
    assert!(
        !archivist.dir.exists(),
        "verifying a package made a data directory"
    );
    // The JSON export made before the decision still verifies against the
    // replica, as before.
    device.ok(&["verify", export.to_str().unwrap()]);
}

#[test]
fn a_package_changed_in_any_part_does_not_verify() {
    let device = Device::with_org("Zorg Dichtbij", "zorgaanbieder");
    let alliance = last_word(&device.ok(&["alliance", "create", "Tafel"]));
    device.ok(&["agreement", "add", &alliance, "--title", "Pilot"]);
    device.ok(&[
        "snapshot",
        &alliance,
        "--format",
        "md",
        "--label",
        "0.1",
        "-o",
        "/dev/null",
    ]);
    let folder = tempfile::tempdir().unwrap();
    let package = folder.path().join("p.zip");
    device.ok(&[
        "archive",
        &alliance,
        "--snapshot",
        "0.1",
        "-o",
        package.to_str().unwrap(),
    ]);
    let archivist = Device::new();
    let verify = |path: &Path| {
        let output = archivist.run(&["verify", path.to_str().unwrap(), "--json"]);
        assert!(!output.status.success(), "a changed package verified");
        serde_json::from_slice::<serde_json::Value>(&output.stdout).ok()
    };
    let original = entries(&package);
    let tampered = folder.path().join("t.zip");

    // One byte flipped in the file as stored: the zip itself is damaged.
    let mut bytes = std::fs::read(&package).unwrap();
    let at = bytes.windows(6).position(|w| w == b"\"Pilot").unwrap() + 1;
    bytes[at] = b'Q';
    std::fs::write(&tampered, &bytes).unwrap();
    let stderr = archivist.fails(&["verify", tampered.to_str().unwrap()]);
    assert!(stderr.contains("could not verify"), "{stderr}");

    // The JSON rewritten and the package zipped again.
    let mut files = original.clone();
    let json = String::from_utf8(entry(&files, "snapshot.json").to_vec()).unwrap();
    replace(
        &mut files,
        "snapshot.json",
        json.replace("\"Pilot\"", "\"Proef\"").into_bytes(),
    );
    rezip(&tampered, &files);
    let report = verify(&tampered).unwrap();
    assert!(
        failed_checks(&report).contains(&"checksums".to_owned()),
        "{report:#}"
    );
    assert!(
        failed_checks(&report).contains(&"json content".to_owned()),
        "{report:#}"
    );

    // ... and its MDTO checksum made to match: the content check still sees it.
    let changed = entry(&files, "snapshot.json").to_vec();
    replace_matching_metadata(&mut files, &original, "snapshot.json", changed);
    rezip(&tampered, &files);
    let report = verify(&tampered).unwrap();
    assert_eq!(
        failed_checks(&report),
        vec!["json content".to_owned()],
        "{report:#}"
    );

    // A signature replaced by another change's.
    let mut files = original.clone();
    let signatures: serde_json::Value =
        serde_json::from_slice(entry(&files, "signatures.json")).unwrap();
    let mut forged = signatures.clone();
    let list = forged["signatures"].as_array_mut().unwrap();
    assert!(list.len() >= 2);
    let other = list[1]["signature"].clone();
    list[0]["signature"] = other;
    let forged = serde_json::to_vec_pretty(&forged).unwrap();
    replace_matching_metadata(&mut files, &original, "signatures.json", forged);
    rezip(&tampered, &files);
    let report = verify(&tampered).unwrap();
    assert_eq!(
        failed_checks(&report),
        vec!["signatures".to_owned()],
        "{report:#}"
    );

    // The document left out.
    let files: Vec<_> = original
        .iter()
        .filter(|(n, _)| n != "alliance.automerge")
        .cloned()
        .collect();
    rezip(&tampered, &files);
    let report = verify(&tampered).unwrap();
    assert_eq!(
        failed_checks(&report),
        vec!["files".to_owned()],
        "{report:#}"
    );

    // Not a zip at all, and a missing file, are clear errors.
    std::fs::write(&tampered, b"PK\x03\x04 nothing").unwrap();
    let stderr = archivist.fails(&["verify", tampered.to_str().unwrap()]);
    assert!(
        stderr.contains("not a Rondetafel archive package"),
        "{stderr}"
    );
    // The original still verifies.
    archivist.ok(&["verify", package.to_str().unwrap()]);
}

#[test]
fn archive_refuses_what_does_not_go_together() {
    let device = Device::with_org("Zorg Dichtbij", "zorgaanbieder");
    let alliance = last_word(&device.ok(&["alliance", "create", "Tafel"]));
    device.ok(&[
        "snapshot",
        &alliance,
        "--format",
        "md",
        "--label",
        "0.1",
        "-o",
        "/dev/null",
    ]);
    let stderr = device.fails(&[
        "archive",
        &alliance,
        "--snapshot",
        "0.1",
        "--retention-years",
        "10",
    ]);
    assert!(stderr.contains("--valuation temporary"), "{stderr}");
    let stderr = device.fails(&[
        "archive",
        &alliance,
        "--snapshot",
        "0.1",
        "--valuation",
        "forever",
    ]);
    assert!(
        stderr.contains("permanent, temporary or undetermined"),
        "{stderr}"
    );
    let stderr = device.fails(&["archive", &alliance, "--snapshot", "9.9"]);
    assert!(stderr.contains("9.9"), "{stderr}");
}

#[test]
fn a_bsn_is_refused_wherever_text_enters_and_nothing_is_written() {
    let device = Device::with_org("Gemeente Hillegom", "gemeente");
    let alliance = last_word(&device.ok(&["alliance", "create", "Tafel"]));
    let before = device.json(&["alliance", "show", &alliance, "--json"]);
    for args in [
        vec!["agreement", "add", &alliance, "--title", "Cliënt 123456782"],
        vec![
            "interest",
            "add",
            &alliance,
            "--text",
            "Dossier 1234.56.782 eerst",
        ],
        vec!["ambition", "set", &alliance, "--text", "BSN 111 222 333"],
        vec![
            "--not-personal-data",
            "interest",
            "add",
            &alliance,
            "--text",
            "bsn 123456782",
        ],
    ] {
        let stderr = device.fails(&args);
        assert!(
            stderr.contains("citizen service number"),
            "{args:?}: {stderr}"
        );
        assert!(
            !stderr.contains("3456") && !stderr.contains("1222"),
            "the number is not repeated: {stderr}"
        );
    }
    let after = device.json(&["alliance", "show", &alliance, "--json"]);
    assert_eq!(before["agreements"], after["agreements"]);
    assert_eq!(before["interests"], after["interests"]);
    // 123456789 fails the eleven test: no BSN.
    device.ok(&["agreement", "add", &alliance, "--title", "Zaak 123456789"]);

    // Input from the work floor, imported: the bad row is named, nothing is read in.
    let folder = tempfile::tempdir().unwrap();
    let csv = folder.path().join("inbreng.csv");
    std::fs::write(
        &csv,
        "soort;tekst;rol\nidee;Meer uren;professional\nknelpunt;Cliënt 123456782 wacht;professional\n",
    )
    .unwrap();
    let stderr = device.fails(&["input", "import", &alliance, csv.to_str().unwrap()]);
    assert!(stderr.contains("line 3"), "{stderr}");
    let inputs = device.json(&["alliance", "show", &alliance, "--json"]);
    assert!(
        inputs["inputs"].as_array().is_none_or(Vec::is_empty),
        "{inputs}"
    );
}

#[test]
fn likely_personal_data_is_written_only_once_confirmed() {
    let device = Device::with_org("Gemeente Hillegom", "gemeente");
    let alliance = last_word(&device.ok(&["alliance", "create", "Tafel"]));
    let stderr = device.fails(&[
        "interest",
        "add",
        &alliance,
        "--text",
        "Mail info@hillegom.nl",
    ]);
    assert!(
        stderr.contains("an e-mail address (info@hillegom.nl)"),
        "{stderr}"
    );
    assert!(stderr.contains("--not-personal-data"), "{stderr}");
    let stderr = device.fails(&["interest", "add", &alliance, "--text", "Bel 06-12345678"]);
    assert!(stderr.contains("a phone number"), "{stderr}");
    let view = device.json(&["alliance", "show", &alliance, "--json"]);
    assert!(view["interests"].as_array().unwrap().is_empty());
    device.ok(&[
        "interest",
        "add",
        &alliance,
        "--text",
        "Mail info@hillegom.nl",
        "--not-personal-data",
    ]);
    let view = device.json(&["alliance", "show", &alliance, "--json"]);
    assert_eq!(view["interests"][0]["text"], "Mail info@hillegom.nl");
}

#[test]
fn an_erasure_restarts_the_alliance_and_the_text_leaves_every_file() {
    let device = Device::with_org("Gemeente Hillegom", "gemeente");
    let old = last_word(&device.ok(&["alliance", "create", "Wonen met zorg"]));
    device.ok(&[
        "interest",
        "add",
        &old,
        "--text",
        "Gesprek met Jan de Vries over zijn woning",
    ]);
    device.ok(&["agreement", "add", &old, "--title", "Eén loket"]);
    device.ok(&[
        "interest",
        "add",
        &old,
        "--text",
        "Jan de Vries wacht op een plek",
    ]);
    assert!(
        !no_file_contains(&device.dir, b"Jan de Vries"),
        "the name is stored before"
    );
    assert!(
        device
            .fails(&["erase", "propose", &old, "--text", "Ja", "--reason", "x"])
            .contains("at least 3")
    );
    let proposed = device.json(&[
        "erase",
        "propose",
        &old,
        "--text",
        "jan de vries",
        "--reason",
        "verwijderverzoek",
        "--json",
    ]);
    assert_eq!(proposed["state"], "open");
    assert_eq!(proposed["replacements"].as_array().map(Vec::len), Some(2));
    let restart = proposed["id"].as_str().unwrap().to_owned();
    let successor = proposed["successor"].as_str().unwrap().to_owned();
    let accepted = device.json(&["erase", "accept", &old, &restart, "--json"]);
    assert_eq!(accepted["state"], "agreed");
    assert_eq!(accepted["restarted"], successor.as_str());
    // The old document and every file of it are gone; the name is in no
    // file of the data directory.
    assert!(no_file_contains(&device.dir, b"Jan de Vries"));
    assert!(!device.alliance_dir(&old).exists());
    // The old id still finds the alliance; the rest of it is there.
    let shown = device.json(&["alliance", "show", &old, "--json"]);
    assert_eq!(shown["id"], successor.as_str());
    let text = shown.to_string();
    assert!(
        text.contains("Gesprek met [verwijderd] over zijn woning"),
        "{text}"
    );
    assert!(text.contains("Eén loket"));
    let erase = device.json(&["erase", "show", &successor, "--json"]);
    assert_eq!(erase["epoch"]["previous"], old.as_str());
    assert_eq!(erase["epoch"]["replaced"], 2);
    // The new epoch takes edits as before.
    device.ok(&[
        "interest",
        "add",
        &successor,
        "--text",
        "Nieuw belang na de herstart",
    ]);
    let carried = device.json(&["erase", "carried", &successor, "--json"]);
    assert_eq!(carried["edits"].as_array().map(Vec::len), Some(0));
}

#[test]
fn an_erasure_reaches_every_replica_and_an_offline_device_keeps_its_edits() {
    let a = Device::with_org("Gemeente Hillegom", "gemeente");
    let b = Device::with_org("Zorg Dichtbij", "zorgaanbieder");
    // C is a second device of Zorg Dichtbij, offline during the erasure.
    let c = Device::new();
    let old = last_word(&a.ok(&["alliance", "create", "Wonen met zorg"]));
    a.ok(&[
        "interest",
        "add",
        &old,
        "--text",
        "Gesprek met Jan de Vries over zijn woning",
    ]);
    let ticket_b = last_word(&a.ok(&["invite", &old]));
    let serve_a = Serve::start(&a, "/ip4/127.0.0.1/tcp/0", &[]);
    b.ok(&["join", &ticket_b, "--peer", &serve_a.multiaddr()]);
    let ticket_c = last_word(&b.ok(&["device", "invite", &old]));
    let serve_b = Serve::start(&b, "/ip4/127.0.0.1/tcp/0", &[]);
    c.ok(&["join", &ticket_c, "--peer", &serve_b.multiaddr()]);
    assert!(serve_b.stop());
    // Each device writes the name itself, in a small change of its own
    // (a document received whole may hold text in compressed columns,
    // which a byte search cannot see).
    b.ok(&[
        "interest",
        "add",
        &old,
        "--text",
        "Jan de Vries belt dinsdag",
    ]);
    c.ok(&[
        "interest",
        "add",
        &old,
        "--text",
        "Afspraak met Jan de Vries",
    ]);
    b.ok(&["sync", &old, "--peer", &serve_a.multiaddr()]);
    c.ok(&["sync", &old, "--peer", &serve_a.multiaddr()]);
    b.ok(&["sync", &old, "--peer", &serve_a.multiaddr()]);
    assert!(serve_a.stop());
    for device in [&a, &b, &c] {
        assert!(
            !no_file_contains(&device.dir, b"Jan de Vries"),
            "the name is stored on {} before",
            device.dir.display()
        );
    }

    // C goes offline and goes on editing.
    c.ok(&[
        "interest",
        "add",
        &old,
        "--text",
        "Wachtlijst in de gaten houden",
    ]);

    // Zorg Dichtbij (on B) and the municipality agree to the restart.
    let proposed = a.json(&[
        "erase",
        "propose",
        &old,
        "--text",
        "Jan de Vries",
        "--reason",
        "verwijderverzoek",
        "--json",
    ]);
    let restart = proposed["id"].as_str().unwrap().to_owned();
    let successor = proposed["successor"].as_str().unwrap().to_owned();
    let serve_a = Serve::start(&a, "/ip4/127.0.0.1/tcp/0", &[]);
    b.ok(&["sync", &old, "--peer", &serve_a.multiaddr()]);
    assert!(serve_a.stop());
    let answered = b.json(&["erase", "accept", &old, &restart, "--json"]);
    assert_eq!(
        answered["state"], "open",
        "the municipality has not answered"
    );
    let serve_b = Serve::start(&b, "/ip4/127.0.0.1/tcp/0", &[]);
    a.ok(&["sync", &old, "--peer", &serve_b.multiaddr()]);
    assert!(serve_b.stop());
    let answered = a.json(&["erase", "accept", &old, &restart, "--json"]);
    assert_eq!(answered["restarted"], successor.as_str());

    // B follows the municipality's node; C comes back later and follows too.
    let serve_a = Serve::start(&a, "/ip4/127.0.0.1/tcp/0", &[]);
    let synced = b.ok(&["sync", &old, "--peer", &serve_a.multiaddr()]);
    assert!(synced.contains(&successor), "{synced}");
    let synced = c.ok(&["sync", &old, "--peer", &serve_a.multiaddr()]);
    assert!(synced.contains(&successor), "{synced}");
    for device in [&a, &b, &c] {
        assert!(
            no_file_contains(&device.dir, b"Jan de Vries"),
            "the name left every file of {}",
            device.dir.display()
        );
        assert!(!device.alliance_dir(&old).exists());
        let shown = device.json(&["alliance", "show", &successor, "--json"]);
        assert!(
            shown
                .to_string()
                .contains("Gesprek met [verwijderd] over zijn woning")
        );
    }

    // C's offline edit waits for review and then reaches the others.
    let waiting = c.json(&["erase", "carried", &successor, "--json"]);
    assert!(
        waiting
            .to_string()
            .contains("Wachtlijst in de gaten houden"),
        "{waiting}"
    );
    let shown = c.json(&["alliance", "show", &successor, "--json"]);
    assert!(
        !shown.to_string().contains("Wachtlijst"),
        "not written before review"
    );
    let applied = c.json(&["erase", "carried", &successor, "--apply", "--json"]);
    assert!(applied["applied"].as_u64().unwrap() > 0, "{applied}");
    c.ok(&["sync", &successor, "--peer", &serve_a.multiaddr()]);
    assert!(serve_a.stop());
    let shown = a.json(&["alliance", "show", &successor, "--json"]);
    assert!(
        shown.to_string().contains("Wachtlijst in de gaten houden"),
        "{shown}"
    );
    assert!(no_file_contains(&c.dir, b"Jan de Vries"));
}
