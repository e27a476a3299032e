//! End-to-end tests of ratification with the real binary: snapshot exports
//! against golden files, `pdftotext` on the PDF, verification of untouched
//! and edited exports, board decisions and *vastgesteld*, and two partners
//! ratifying different snapshots concurrently.
//!
//! The golden files are exports of a fixed alliance document
//! (`tests/golden/alliance.automerge`); run with `RONDETAFEL_BLESS=1` to
//! (re)write the goldens, and to create that document when it is missing.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use automerge::ActorId;
use common::{Device, Serve, days_from_today, last_word, pdftotext};
use rondetafel::model::{
    AgreementEdit, AgreementStatus, Alliance, Author, Decision, NewDecision, Organisation,
    PartnerKind, Role, Stance,
};
use rondetafel::snapshot::Envelope;
use serde_json::Value;

const FORMATS: [&str; 5] = ["md", "html", "json", "pdf", "docx"];

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/golden")
}

fn blessing() -> bool {
    std::env::var_os("RONDETAFEL_BLESS").is_some_and(|v| v == "1")
}

/// One partner of the fixture and the replica it acts through.
struct Party {
    author: Author,
    organisation: Organisation,
}

fn party(name: &str, kind: PartnerKind, roles: Vec<Role>) -> Party {
    let id = rondetafel::model::ids::random_id(8);
    Party {
        author: Author {
            partner_id: id.clone(),
            device: format!("device-{id}"),
        },
        organisation: Organisation {
            partner_id: id,
            name: name.into(),
            kind,
            roles,
        },
    }
}

/// Runs `act` as `party` on its own replica (its own actor), then merges.
fn as_party<T>(main: &mut Alliance, act: impl FnOnce(&mut Alliance) -> T) -> T {
    let mut replica =
        Alliance::from_document(main.document_mut().fork(), ActorId::random()).unwrap();
    let result = act(&mut replica);
    main.document_mut().merge(replica.document_mut()).unwrap();
    result
}

fn decision(body: &str, decision: Decision, conditions: Option<&str>) -> NewDecision {
    NewDecision {
        body: body.into(),
        decision,
        date: days_from_today(9),
        reference: Some(format!("{body} 2026/118")),
        conditions: conditions.map(str::to_owned),
    }
}

/// The fixture: three partners, a version 0.1 every partner adopted, and a
/// version 1.0 with changed, added and withdrawn agreements that one
/// partner adopted and one postponed.
fn build_fixture() -> Vec<u8> {
    let gemeente = party(
        "Gemeente Zwolle",
        PartnerKind::Gemeente,
        vec![Role::Opdrachtgever, Role::Financier],
    );
    let zorg = party(
        "Zorggroep Noord",
        PartnerKind::Zorgaanbieder,
        vec![Role::Uitvoerder],
    );
    let raad = party(
        "Cliëntenraad Zwolle",
        PartnerKind::Clientenorganisatie,
        vec![Role::Clientvertegenwoordiger],
    );
    let g = &gemeente.author;
    let mut main = Alliance::create(
        "Jeugd Zwolle-Noord",
        "Samenwerking jeugdhulp en wijkteams",
        &gemeente.organisation,
        &g.device,
        ActorId::random(),
    )
    .unwrap();
    for p in [&zorg, &raad] {
        main.admit_partner(g, &p.organisation, &p.author.device)
            .unwrap();
    }
    main.set_ambition(
        g,
        "Kinderen en jongeren groeien veilig op; hulp is dichtbij en in één keer goed.",
    )
    .unwrap();
    main.add_effect(
        g,
        &rondetafel::model::NewEffect {
            text: "Minder uithuisplaatsingen".into(),
            indicator: "Aantal uithuisplaatsingen per jaar".into(),
            target: "−20% in 2028".into(),
        },
    )
    .unwrap();
    let wijk = main
        .add_agreement(
            g,
            "Eén wijkteam per wijk",
            "Elke wijk krijgt één wijkteam.\nHet team werkt vanuit de school.",
        )
        .unwrap();
    let budget = main
        .add_agreement(
            g,
            "Gedeeld budget",
            "Partners leggen het budget jeugdhulp bij elkaar.",
        )
        .unwrap();
    main.edit_agreement(
        g,
        &wijk,
        &AgreementEdit {
            owners: Some(vec![
                gemeente.organisation.partner_id.clone(),
                zorg.organisation.partner_id.clone(),
            ]),
            review_date: Some(Some("2027-12-01".into())),
            status: Some(AgreementStatus::Proposed),
            ..AgreementEdit::default()
        },
    )
    .unwrap();
    as_party(&mut main, |r| {
        r.add_interest(&zorg.author, "Continuïteit van personeel", true)
            .unwrap();
        r.set_position(
            &zorg.author,
            &wijk,
            Stance::Reservations,
            "Mits er genoeg mensen zijn",
        )
        .unwrap();
    });
    as_party(&mut main, |r| {
        r.add_interest(&raad.author, "Eén vast aanspreekpunt voor ouders", false)
            .unwrap();
        r.set_position(&raad.author, &wijk, Stance::Agree, "")
            .unwrap();
    });
    main.set_position(g, &wijk, Stance::Agree, "").unwrap();
    let heads = main.heads();
    let first = main.record_snapshot(g, &heads, Some("0.1")).unwrap().0;
    main.ratify(
        g,
        &first.id,
        &decision("College van B&W", Decision::Adopted, None),
    )
    .unwrap();
    as_party(&mut main, |r| {
        r.ratify(
            &zorg.author,
            &first.id,
            &decision("Raad van Bestuur", Decision::Adopted, None),
        )
        .unwrap();
    });
    as_party(&mut main, |r| {
        r.ratify(
            &raad.author,
            &first.id,
            &decision(
                "Cliëntenraad",
                Decision::AdoptedWithConditions,
                Some("Evaluatie met ouders na één jaar"),
            ),
        )
        .unwrap();
    });

    main.edit_agreement(
        g,
        &wijk,
        &AgreementEdit {
            body: Some("Elke wijk krijgt één sterk wijkteam.\nHet team werkt vanuit de school en het buurthuis.".into()),
            ..AgreementEdit::default()
        },
    )
    .unwrap();
    main.edit_agreement(
        g,
        &budget,
        &AgreementEdit {
            status: Some(AgreementStatus::Withdrawn),
            ..AgreementEdit::default()
        },
    )
    .unwrap();
    as_party(&mut main, |r| {
        let id = r
            .add_agreement(
                &raad.author,
                "Cliëntondersteuning",
                "Ouders krijgen vanaf de eerste vraag onafhankelijke cliëntondersteuning.",
            )
            .unwrap();
        r.set_position(&raad.author, &id, Stance::Agree, "")
            .unwrap();
    });
    let heads = main.heads();
    let second = main.record_snapshot(g, &heads, Some("1.0")).unwrap().0;
    main.ratify(
        g,
        &second.id,
        &decision("College van B&W", Decision::Adopted, None),
    )
    .unwrap();
    as_party(&mut main, |r| {
        r.ratify(
            &zorg.author,
            &second.id,
            &decision("Raad van Bestuur", Decision::Postponed, None),
        )
        .unwrap();
    });
    main.document_mut().save()
}

/// A device holding the fixture alliance; returns it and the alliance id.
fn fixture_device() -> (Device, String) {
    static CREATE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let path = golden_dir().join("alliance.automerge");
    {
        // Tests run in parallel: only one may create the fixture.
        let _guard = CREATE.lock().unwrap();
        if !path.exists() {
            assert!(
                blessing(),
                "{} is missing; run with RONDETAFEL_BLESS=1 to create it",
                path.display()
            );
            fs::create_dir_all(golden_dir()).unwrap();
            fs::write(&path, build_fixture()).unwrap();
        }
    }
    let device = Device::new();
    let out = device.ok(&["import", path.to_str().unwrap()]);
    let id = last_word(&out);
    (device, id)
}

fn export(device: &Device, alliance: &str, format: &str, at: &str) -> (PathBuf, Value) {
    let file = device
        .dir
        .parent()
        .unwrap()
        .join(format!("snapshot.{format}"));
    let out = device.json(&[
        "snapshot",
        alliance,
        "--format",
        format,
        "--at",
        at,
        "-o",
        file.to_str().unwrap(),
        "--json",
    ]);
    (file, out)
}

#[test]
fn every_export_format_matches_its_golden_file() {
    let (device, alliance) = fixture_device();
    for format in FORMATS {
        let (file, out) = export(&device, &alliance, format, "1.0");
        assert_eq!(out["label"], "1.0");
        assert_eq!(
            out["recorded"], false,
            "exporting a recorded snapshot changes nothing"
        );
        let bytes = fs::read(&file).unwrap();
        let golden = golden_dir().join(format!("snapshot-1.0.{format}"));
        if blessing() {
            fs::write(&golden, &bytes).unwrap();
            continue;
        }
        let expected = fs::read(&golden).unwrap_or_else(|_| {
            panic!(
                "{} is missing; run with RONDETAFEL_BLESS=1",
                golden.display()
            )
        });
        if format == "pdf" || format == "docx" {
            assert!(
                bytes == expected,
                "the {format} export differs from {}",
                golden.display()
            );
        } else {
            assert_eq!(
                String::from_utf8_lossy(&bytes),
                String::from_utf8_lossy(&expected),
                "{format}"
            );
        }
    }
}

#[test]
fn the_json_export_carries_the_content_and_the_change_log() {
    let (device, alliance) = fixture_device();
    let (file, out) = export(&device, &alliance, "json", "1.0");
    let json: Value = serde_json::from_slice(&fs::read(file).unwrap()).unwrap();
    assert_eq!(json["snapshot"]["id"], out["id"]);
    assert_eq!(json["snapshot"]["heads"], out["heads"]);
    assert_eq!(json["snapshot"]["id"].as_str().unwrap().len(), 64);
    assert_eq!(json["changes"]["since"]["label"], "0.1");
    let kinds: Vec<&str> = json["changes"]["diff"]["agreements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["changed", "withdrawn", "added"]);
    let statuses: Vec<&str> = json["ratification"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["decision_label"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["Vastgesteld", "Aangehouden", "Nog geen besluit"]);
    assert_eq!(json["vastgesteld"], false);
}

#[test]
fn the_pdf_names_its_version_on_every_page() {
    let (device, alliance) = fixture_device();
    let (file, out) = export(&device, &alliance, "pdf", "1.0");
    let Some(pages) = pdftotext(&file) else {
        eprintln!("skipped: pdftotext is not installed (Debian package poppler-utils)");
        return;
    };
    let id = out["id"].as_str().unwrap();
    assert!(
        pages.len() >= 2,
        "the fixture fills more than one page: {}",
        pages.len()
    );
    for (index, page) in pages.iter().enumerate() {
        let number = index + 1;
        assert!(page.contains(id), "page {number} lacks the snapshot id");
        assert!(
            page.contains("Jeugd Zwolle-Noord"),
            "page {number} lacks the name"
        );
        assert!(page.contains("versie 1.0"), "page {number} lacks the label");
        assert!(
            page.contains("CONCEPT"),
            "page {number} of a version not yet vastgesteld says CONCEPT"
        );
        assert!(
            page.contains(&format!("pagina {number} van {}", pages.len())),
            "page {number} lacks its number"
        );
    }
    let all = pages.concat();
    for dutch in ["Cliëntenraad", "één", "Continuïteit", "wijkteam"] {
        assert!(all.contains(dutch), "pdftotext lost {dutch:?}");
    }
}

#[test]
fn verify_accepts_untouched_exports_and_rejects_edited_ones() {
    let (device, alliance) = fixture_device();
    for format in FORMATS {
        let (file, out) = export(&device, &alliance, format, "1.0");
        let report = device.json(&["verify", file.to_str().unwrap(), "--json"]);
        assert_eq!(report["verified"], true, "{format}: {report}");
        assert_eq!(report["snapshot"], out["id"]);

        let bytes = fs::read(&file).unwrap();
        let edited = edit_export(format, &bytes);
        fs::write(&file, edited).unwrap();
        let output = device.run(&["verify", file.to_str().unwrap(), "--json"]);
        assert!(
            !output.status.success(),
            "{format}: an edited export is refused"
        );
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(report["verified"], false);
        let failed: Vec<&Value> = report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["passed"] == false)
            .collect();
        assert_eq!(failed.len(), 1, "{format}: {report}");
        assert_eq!(failed[0]["check"], "content");
        if format != "pdf" {
            let differences = report["differences"].to_string();
            let edited = if format == "docx" {
                "zwak!"
            } else {
                "twee wijkteams"
            };
            assert!(differences.contains(edited), "{format}: {differences}");
        }
    }
}

#[test]
fn a_printed_export_of_another_layout_is_named_as_such_not_as_edited() {
    let (device, alliance) = fixture_device();
    let (file, out) = export(&device, &alliance, "md", "1.0");
    let text = fs::read_to_string(&file).unwrap();
    let mut envelope = Envelope::find(text.as_bytes()).unwrap();
    let current = envelope.token();
    envelope.layout = 1;
    fs::write(&file, text.replace(&current, &envelope.token())).unwrap();
    let output = device.run(&["verify", file.to_str().unwrap(), "--json"]);
    assert!(!output.status.success(), "its text cannot be compared");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["verified"], false);
    assert_eq!(report["snapshot"], out["id"]);
    let checks = report["checks"].as_array().unwrap();
    assert!(
        checks
            .iter()
            .filter(|c| c["check"] != "content")
            .all(|c| c["passed"] == true),
        "{report}"
    );
    let content = checks.iter().find(|c| c["check"] == "content").unwrap();
    let detail = content["detail"].as_str().unwrap();
    assert!(detail.contains("export layout 1"), "{detail}");
    assert!(detail.contains("snapshot --at"), "{detail}");
    assert_eq!(report["differences"].as_array().map(Vec::len), Some(0));
}

/// Changes the agreement text in an export.
fn edit_export(format: &str, bytes: &[u8]) -> Vec<u8> {
    if format == "docx" {
        // The parts are stored uncompressed: change a word of the text.
        let mut bytes = bytes.to_vec();
        let word = "sterk".as_bytes();
        let at = bytes.windows(word.len()).position(|w| w == word).unwrap();
        bytes[at..at + word.len()].copy_from_slice(b"zwak!");
        return bytes;
    }
    if format == "pdf" {
        // Change one byte of the first content stream.
        let mut bytes = bytes.to_vec();
        let at = bytes.windows(6).position(|w| w == b"stream").unwrap() + 40;
        bytes[at] ^= 0x01;
        return bytes;
    }
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let edited = text.replacen("één sterk wijkteam", "twee wijkteams", 1);
    assert_ne!(edited, text, "{format} contains the agreement text");
    edited.into_bytes()
}

#[test]
fn verify_rejects_unknown_versions_and_files_that_are_no_export() {
    let (device, alliance) = fixture_device();
    let (file, _) = export(&device, &alliance, "json", "1.0");
    let text = fs::read_to_string(&file).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    let head = json["snapshot"]["heads"][0].as_str().unwrap();
    let fake = format!(
        "{}{}",
        &head[..63],
        if head.ends_with('0') { "1" } else { "0" }
    );
    fs::write(&file, text.replace(head, &fake)).unwrap();
    let output = device.run(&["verify", file.to_str().unwrap(), "--json"]);
    assert!(!output.status.success());
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let failed: Vec<&str> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["passed"] == false)
        .map(|c| c["check"].as_str().unwrap())
        .collect();
    assert_eq!(failed, ["id", "heads"]);

    let plain = device.dir.parent().unwrap().join("notes.md");
    fs::write(&plain, "# Notities\n").unwrap();
    let error = device.fails(&["verify", plain.to_str().unwrap()]);
    assert!(
        error.contains("not a Rondetafel snapshot export"),
        "{error}"
    );
}

#[test]
fn a_partner_records_its_board_decision_and_the_alliance_becomes_vastgesteld() {
    let device = Device::with_org("Gemeente Zwolle", "gemeente");
    let alliance = last_word(&device.ok(&["alliance", "create", "Jeugd Noord"]));
    let agreement = last_word(&device.ok(&[
        "agreement",
        "add",
        &alliance,
        "--title",
        "Wijkteams",
        "--body",
        "Eén wijkteam per wijk",
    ]));
    let dir = device.dir.parent().unwrap().to_owned();
    let file = dir.join("v1.md");
    let made = device.json(&[
        "snapshot",
        &alliance,
        "--format",
        "md",
        "--label",
        "1.0",
        "-o",
        file.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(made["recorded"], true);
    let again = device.json(&[
        "snapshot",
        &alliance,
        "--format",
        "json",
        "-o",
        dir.join("v1.json").to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(
        again["id"], made["id"],
        "an unchanged alliance keeps its snapshot"
    );
    assert_eq!(again["recorded"], false);
    let relabel = device.fails(&[
        "snapshot",
        &alliance,
        "--format",
        "md",
        "--at",
        "1.0",
        "--label",
        "2.0",
        "-o",
        dir.join("v2.md").to_str().unwrap(),
    ]);
    assert!(relabel.contains("labelled \"1.0\" already"), "{relabel}");
    assert!(
        !dir.join("v2.md").exists(),
        "a refused export writes nothing"
    );

    let usage = device.run(&[
        "ratify",
        &alliance,
        "--snapshot",
        "1.0",
        "--body",
        "College",
        "--decision",
        "maybe",
        "--date",
        &days_from_today(35),
    ]);
    assert_eq!(
        usage.status.code(),
        Some(2),
        "a wrong decision is a usage error"
    );
    let error = device.fails(&[
        "ratify",
        &alliance,
        "--snapshot",
        "9.9",
        "--body",
        "College",
        "--decision",
        "adopted",
        "--date",
        &days_from_today(35),
    ]);
    assert!(error.contains("no snapshot matches"), "{error}");

    let short = &made["short_id"].as_str().unwrap()[..8];
    device.ok(&[
        "ratify",
        &alliance,
        "--snapshot",
        short,
        "--body",
        "College van B&W",
        "--decision",
        "adopted",
        "--date",
        "today",
        "--reference",
        "Z/27/001",
    ]);
    let show = device.json(&["alliance", "show", &alliance, "--json"]);
    assert_eq!(show["ratification"]["vastgesteld"], true);
    assert_eq!(show["ratification"]["label"], "1.0");
    assert_eq!(show["ratification"]["agreements_changed_since"], false);
    let adopted = dir.join("v1.pdf");
    let pdf = adopted.to_str().unwrap();
    device.ok(&[
        "snapshot", &alliance, "--format", "pdf", "--at", "1.0", "-o", pdf,
    ]);
    if let Some(pages) = pdftotext(&adopted) {
        assert!(
            pages.iter().all(|p| !p.contains("CONCEPT")),
            "a vastgestelde version is no concept"
        );
    }

    let list = device.json(&["ratification", "list", &alliance, "--json"]);
    let decision = &list["snapshots"][0]["partners"][0]["decision"];
    assert_eq!(decision["body"], "College van B&W");
    assert_eq!(decision["reference"], "Z/27/001");

    device.ok(&[
        "agreement",
        "edit",
        &alliance,
        &agreement,
        "--body",
        "Eén wijkteam per stadsdeel",
    ]);
    let show = device.json(&["alliance", "show", &alliance, "--json"]);
    assert_eq!(show["ratification"]["agreements_changed_since"], true);
    let text = device.ok(&["alliance", "show", &alliance]);
    assert!(text.contains("changed since"), "{text}");

    let diff = device.json(&["diff", &alliance, "--from", "1.0", "--json"]);
    let change = &diff["agreements"][0];
    assert_eq!(change["kind"], "changed");
    assert_eq!(change["by"][0]["partner_name"], "Gemeente Zwolle");
    let pieces: Vec<(&str, &str)> = change["body"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["op"].as_str().unwrap(), p["text"].as_str().unwrap()))
        .collect();
    assert!(
        pieces.contains(&("removed", "wijk")) && pieces.contains(&("added", "stadsdeel")),
        "{pieces:?}"
    );
}

#[test]
fn two_partners_ratifying_different_snapshots_concurrently_merge() {
    let a = Device::with_org("Gemeente Zwolle", "gemeente");
    let b = Device::with_org("Zorggroep Noord", "zorgaanbieder");
    let alliance = last_word(&a.ok(&["alliance", "create", "Jeugd Noord"]));
    a.ok(&["agreement", "add", &alliance, "--title", "Wijkteams"]);
    // Invite B with A's known address, then let B join while A serves.
    let serve = Serve::start(&a, "/ip4/127.0.0.1/tcp/0", &[]);
    let address = serve.address.clone();
    assert!(serve.stop());
    let ticket = last_word(&a.ok(&["invite", &alliance]));
    let serve = Serve::start(&a, &address, &[]);
    b.ok(&["join", &ticket]);
    assert!(serve.stop());
    let dir = a.dir.parent().unwrap().to_owned();
    let out = |name: &str| dir.join(name).to_str().unwrap().to_owned();
    a.ok(&[
        "snapshot",
        &alliance,
        "--format",
        "json",
        "--label",
        "0.9",
        "-o",
        &out("a.json"),
    ]);
    transfer(&a, &b, &alliance, &out("a.automerge"));

    // Offline: A adds an agreement, makes 1.0 and adopts it; B adopts 0.9.
    a.ok(&["agreement", "add", &alliance, "--title", "Budget"]);
    a.ok(&[
        "snapshot",
        &alliance,
        "--format",
        "json",
        "--label",
        "1.0",
        "-o",
        &out("b.json"),
    ]);
    let ratify = |device: &Device, label: &str| {
        device.ok(&[
            "ratify",
            &alliance,
            "--snapshot",
            label,
            "--body",
            "Bestuur",
            "--decision",
            "adopted",
            "--date",
            &days_from_today(62),
        ]);
    };
    ratify(&a, "1.0");
    ratify(&b, "0.9");
    transfer(&a, &b, &alliance, &out("a.automerge"));
    transfer(&b, &a, &alliance, &out("b.automerge"));

    let list_a = a.json(&["ratification", "list", &alliance, "--json"]);
    let list_b = b.json(&["ratification", "list", &alliance, "--json"]);
    assert_eq!(list_a, list_b, "both replicas agree");
    assert_eq!(list_a["vastgesteld"], Value::Null);
    let decided: Vec<usize> = list_a["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["decisions"].as_array().unwrap().len())
        .collect();
    assert_eq!(decided, [1, 1], "each snapshot keeps its decision");

    ratify(&b, "1.0");
    let show = b.json(&["alliance", "show", &alliance, "--json"]);
    assert_eq!(show["ratification"]["vastgesteld"], true);
    assert_eq!(show["ratification"]["label"], "1.0");
}

/// Sends `from`'s replica to `to` as a raw document (export, then import).
fn transfer(from: &Device, to: &Device, alliance: &str, file: &str) {
    from.ok(&["export", alliance, "-o", file]);
    to.ok(&["import", file]);
}

/// A snapshot made while a title and a status are in conflict shows every
/// value with who chose it, in all four formats, and still verifies; the
/// command warns. An export that cannot be written records nothing.
#[test]
fn a_snapshot_with_open_conflicts_shows_every_value_and_a_failed_export_records_nothing() {
    let office = Device::with_org("Gemeente Hillegom", "gemeente");
    let alliance = last_word(&office.ok(&["alliance", "create", "Hillegom"]));
    let agreement = last_word(&office.ok(&[
        "agreement",
        "add",
        &alliance,
        "--title",
        "Wijkteam",
        "--body",
        "Eén team",
    ]));
    let laptop = office.restored_copy();
    office.ok(&[
        "agreement",
        "edit",
        &alliance,
        &agreement,
        "--title",
        "Wijkteam Noord",
        "--status",
        "proposed",
    ]);
    laptop.ok(&[
        "agreement",
        "edit",
        &alliance,
        &agreement,
        "--title",
        "Wijkteam Zuid",
        "--status",
        "withdrawn",
    ]);
    let dir = tempfile::tempdir().unwrap();
    let raw = dir.path().join("laptop.automerge");
    transfer(&laptop, &office, &alliance, raw.to_str().unwrap());

    let missing = dir.path().join("no-such-folder").join("v.md");
    office.fails(&[
        "snapshot",
        &alliance,
        "--format",
        "md",
        "-o",
        missing.to_str().unwrap(),
    ]);
    let list = office.json(&["ratification", "list", &alliance, "--json"]);
    assert_eq!(
        list["snapshots"].as_array().unwrap().len(),
        0,
        "a failed export records no snapshot"
    );

    for format in FORMATS {
        let file = dir.path().join(format!("v.{format}"));
        let output = office
            .command(&[
                "snapshot",
                &alliance,
                "--format",
                format,
                "--label",
                "0.1",
                "-o",
                file.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        let warning = String::from_utf8_lossy(&output.stderr);
        assert!(warning.contains("2 conflicts are open"), "{warning}");
        let text = if format == "pdf" {
            match pdftotext(&file) {
                Some(pages) => pages.join("\n"),
                None => continue,
            }
        } else if format == "docx" {
            docx_text(&fs::read(&file).unwrap())
        } else {
            fs::read_to_string(&file).unwrap()
        };
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for shown in [
            "Wijkteam Noord",
            "Wijkteam Zuid",
            "Voorgesteld",
            "Ingetrokken",
        ] {
            assert!(text.contains(shown), "{format} lacks {shown}");
        }
        assert!(text.contains("niet beslist"), "{format} names no conflict");
        let report = office.json(&["verify", file.to_str().unwrap(), "--json"]);
        assert_eq!(report["verified"], true, "{format}: {report}");
    }
    let json: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("v.json")).unwrap()).unwrap();
    let conflicts = json["agreements"][0]["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 2);
    for value in conflicts[0]["values"].as_array().unwrap() {
        assert_eq!(value["partner"], "Gemeente Hillegom");
    }
}

#[test]
fn an_agreed_agreement_carries_its_outcome_and_review_date_into_every_export() {
    let office = Device::with_org("Gemeente Hillegom", "gemeente");
    let alliance = last_word(&office.ok(&["alliance", "create", "Hillegom"]));
    let agreement = last_word(&office.ok(&[
        "agreement",
        "add",
        &alliance,
        "--title",
        "Wijkteam",
        "--body",
        "Eén team",
    ]));
    office.ok(&["agreement", "position", &alliance, &agreement, "agree"]);
    office.ok(&[
        "agreement",
        "edit",
        &alliance,
        &agreement,
        "--status",
        "agreed",
    ]);
    let shown = office.json(&["agreement", "show", &alliance, &agreement, "--json"]);
    assert!(
        shown["review_date"].as_str().is_some(),
        "agreed gives a review date: {shown}"
    );
    let error = office.fails(&["agreement", "outcome", &alliance, &agreement, "--text", " "]);
    assert!(error.contains("the outcome"), "{error}");
    let review = days_from_today(200);
    office.ok(&[
        "agreement",
        "outcome",
        &alliance,
        &agreement,
        "--text",
        "Eén wijkteam; de gemeente betaalt, Zorg Dichtbij levert de mensen",
        "--review-date",
        &review,
    ]);
    let shown = office.json(&["agreement", "show", &alliance, &agreement, "--json"]);
    assert_eq!(
        shown["outcome"],
        "Eén wijkteam; de gemeente betaalt, Zorg Dichtbij levert de mensen"
    );
    assert_eq!(shown["review_date"], review.as_str());

    let dir = tempfile::tempdir().unwrap();
    for format in FORMATS {
        let file = dir.path().join(format!("v.{format}"));
        office.ok(&[
            "snapshot",
            &alliance,
            "--format",
            format,
            "--label",
            "1.0",
            "-o",
            file.to_str().unwrap(),
        ]);
        let text = if format == "pdf" {
            match pdftotext(&file) {
                Some(pages) => pages.join("\n"),
                None => continue,
            }
        } else if format == "docx" {
            docx_text(&fs::read(&file).unwrap())
        } else {
            fs::read_to_string(&file).unwrap()
        };
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            text.contains("Zorg Dichtbij levert de mensen"),
            "{format} lacks the outcome"
        );
        if format != "json" {
            assert!(text.contains("Uitkomst"), "{format} names no outcome");
        }
        let report = office.json(&["verify", file.to_str().unwrap(), "--json"]);
        assert_eq!(report["verified"], true, "{format}: {report}");
    }
}

/// The text of a `.docx` export (its parts are stored uncompressed), with
/// the XML tags taken out.
fn docx_text(bytes: &[u8]) -> String {
    let raw = String::from_utf8_lossy(bytes);
    let mut text = String::new();
    let mut in_tag = false;
    for c in raw.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

#[path = "meeting_cli.rs"]
mod meeting_cli;
