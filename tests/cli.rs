//! End-to-end tests of the `rondetafel` command line, run against the real
//! binary with temporary data directories.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::fs::{self, File};

use common::{Device, files_starting_with, last_word};
use serde_json::Value;

#[test]
fn a_session_of_edits_is_all_there_after_a_restart() {
    let device = Device::with_org("Gemeente Zwolle", "gemeente");
    let alliance = last_word(&device.ok(&[
        "alliance",
        "create",
        "Jeugd Noord",
        "--description",
        "Samen voor de jeugd",
    ]));
    device.ok(&[
        "ambition",
        "set",
        "Jeugd Noord",
        "--text",
        "Kinderen groeien veilig op",
    ]);
    device.ok(&[
        "effect",
        "add",
        &alliance,
        "--text",
        "Minder uithuisplaatsingen",
    ]);
    device.ok(&[
        "interest",
        "add",
        &alliance[..6],
        "--text",
        "Continuïteit van personeel",
        "--obstacle",
    ]);
    let agreement = last_word(&device.ok(&[
        "agreement",
        "add",
        &alliance,
        "--title",
        "Wijkteams",
        "--body",
        "Eén wijkteam per wijk",
    ]));
    device.ok(&[
        "agreement",
        "edit",
        &alliance,
        &agreement,
        "--review-date",
        "2027-03-01",
        "--status",
        "proposed",
    ]);
    device.ok(&[
        "agreement",
        "position",
        &alliance,
        &agreement[..5],
        "reservations",
        "--reason",
        "Mits evaluatie",
    ]);

    // Every command above was its own process: this is the restart.
    let show = device.json(&["alliance", "show", &alliance, "--json"]);
    assert_eq!(show["id"], alliance.as_str());
    assert_eq!(show["name"], "Jeugd Noord");
    assert_eq!(show["description"], "Samen voor de jeugd");
    let partner = &show["partners"][0];
    assert_eq!(partner["name"], "Gemeente Zwolle");
    assert_eq!(partner["kind"], "gemeente");
    assert!(partner["roles"].is_array());
    let whoami = device.json(&["whoami", "--json"]);
    assert_eq!(partner["devices"][0], whoami["peer_id"]);
    assert_eq!(whoami["organisation"], "Gemeente Zwolle");
    assert_eq!(show["ambition"]["text"], "Kinderen groeien veilig op");
    assert_eq!(
        show["ambition"]["effects"][0]["text"],
        "Minder uithuisplaatsingen"
    );
    let interest = &show["interests"][0];
    assert_eq!(interest["text"], "Continuïteit van personeel");
    assert_eq!(interest["obstacle"], true);
    assert_eq!(interest["status"], "open");
    assert_eq!(interest["partner"], partner["id"]);
    let agreement_json = &show["agreements"][0];
    assert_eq!(agreement_json["id"], agreement.as_str());
    assert_eq!(agreement_json["title"], "Wijkteams");
    assert_eq!(agreement_json["body"], "Eén wijkteam per wijk");
    assert_eq!(agreement_json["status"], "proposed");
    assert_eq!(agreement_json["review_date"], "2027-03-01");
    assert!(agreement_json["owners"].is_array());
    let position = &agreement_json["positions"][partner["id"].as_str().expect("id")];
    assert_eq!(position["stance"], "reservations");
    assert_eq!(position["reason"], "Mits evaluatie");
    assert!(!show["heads"].as_array().expect("heads").is_empty());

    let shown = device.json(&["agreement", "show", &alliance, &agreement[..5], "--json"]);
    assert_eq!(
        shown["id"],
        agreement.as_str(),
        "the agreement's own fields stay"
    );
    let steps = shown["position_history"]
        .as_array()
        .expect("position history");
    assert_eq!(steps.len(), 1, "{steps:?}");
    assert_eq!(steps[0]["partner"], partner["id"]);
    assert_eq!(steps[0]["stance"], "reservations");
    assert_eq!(steps[0]["reason"], "Mits evaluatie");
    assert!(steps[0]["time"].as_str().is_some_and(|t| !t.is_empty()));
    let text = device.ok(&["agreement", "show", &alliance, &agreement[..5]]);
    assert!(
        text.contains("Position history:\n  Gemeente Zwolle: Akkoord met voorbehoud ("),
        "{text}"
    );
    let missing = device.fails(&[
        "agreement",
        "position",
        &alliance,
        &agreement[..5],
        "reservations",
    ]);
    assert!(missing.contains("reservations needs a reason"), "{missing}");

    let history = device.json(&["history", &alliance, "--json"]);
    let messages: Vec<&str> = history
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|e| e["message"].as_str())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("add agreement")),
        "{messages:?}"
    );
    assert!(
        history
            .as_array()
            .expect("array")
            .iter()
            .all(|e| e["partner_name"] == "Gemeente Zwolle")
    );

    let list = device.json(&["alliance", "list", "--json"]);
    assert_eq!(list[0]["agreement_count"], 1);
}

#[test]
fn the_rules_are_enforced_on_the_command_line() {
    let device = Device::with_org("Zorggroep", "zorgaanbieder");
    let alliance = last_word(&device.ok(&["alliance", "create", "Tafel"]));
    let agreement = last_word(&device.ok(&["agreement", "add", &alliance, "--title", "Pilot"]));
    let error = device.fails(&["agreement", "position", &alliance, &agreement, "object"]);
    assert!(error.contains("needs a reason"), "{error}");
    device.ok(&[
        "agreement",
        "position",
        &alliance,
        &agreement,
        "object",
        "--reason",
        "Te duur",
    ]);
    let error = device.fails(&[
        "agreement",
        "edit",
        &alliance,
        &agreement,
        "--status",
        "agreed",
    ]);
    assert!(error.contains("Zorggroep"), "{error}");
    let show = device.json(&["agreement", "show", &alliance, &agreement, "--json"]);
    assert_eq!(show["status"], "draft");
}

#[test]
fn a_torn_last_chunk_is_skipped_and_the_rest_kept() {
    let device = Device::with_org("Gemeente", "gemeente");
    let alliance = last_word(&device.ok(&["alliance", "create", "Tafel"]));
    device.ok(&["agreement", "add", &alliance, "--title", "Eerste"]);
    device.ok(&["agreement", "add", &alliance, "--title", "Tweede"]);
    let chunks = files_starting_with(&device.alliance_dir(&alliance), "chunk-");
    let last = chunks.last().expect("a chunk");
    let bytes = fs::read(last).expect("read");
    fs::write(last, &bytes[..bytes.len() / 2]).expect("tear");

    let output = device.run(&["agreement", "list", &alliance, "--json"]);
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("interrupted"), "{stderr}");
    let list: Value = serde_json::from_slice(&output.stdout).expect("json");
    let titles: Vec<&str> = list
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|a| a["title"].as_str())
        .collect();
    assert_eq!(titles, vec!["Eerste"]);
    // Saving continues after the torn chunk.
    device.ok(&["agreement", "add", &alliance, "--title", "Derde"]);
    assert_eq!(
        device
            .json(&["agreement", "list", &alliance, "--json"])
            .as_array()
            .map(Vec::len),
        Some(2)
    );
}

#[test]
fn a_corrupt_file_is_reported_moved_aside_and_others_still_load() {
    let device = Device::with_org("Gemeente", "gemeente");
    let damaged = last_word(&device.ok(&["alliance", "create", "Beschadigd"]));
    let healthy = last_word(&device.ok(&["alliance", "create", "Gezond"]));
    let snapshot = files_starting_with(&device.alliance_dir(&damaged), "snapshot-");
    let mut bytes = fs::read(&snapshot[0]).expect("read");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x5a;
    fs::write(&snapshot[0], bytes).expect("corrupt");

    let output = device.run(&["alliance", "list", "--json"]);
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("damaged") && stderr.contains(&damaged),
        "{stderr}"
    );
    let list: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["id"], healthy.as_str());
    assert!(
        device
            .alliance_dir(&damaged)
            .join("damaged")
            .read_dir()
            .expect("moved aside")
            .count()
            == 1
    );
}

#[test]
fn a_locked_data_directory_is_refused_and_untouched() {
    let device = Device::new();
    fs::create_dir_all(&device.dir).expect("mkdir");
    let lock = File::create(device.dir.join("rondetafel.lock")).expect("lock file");
    lock.lock().expect("hold the lock");
    fs::write(
        device.dir.join("rondetafel.lock"),
        format!("{}\n", std::process::id()),
    )
    .expect("pid");

    let error = device.fails(&["init", "--org", "X", "--kind", "overig"]);
    assert!(
        error.contains("in use by another Rondetafel process"),
        "{error}"
    );
    assert!(error.contains(&std::process::id().to_string()), "{error}");
    assert!(error.contains(&device.dir.display().to_string()), "{error}");
    let names: Vec<_> = fs::read_dir(&device.dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 1, "nothing but the lock file: {names:?}");

    drop(lock);
    device.ok(&["init", "--org", "X", "--kind", "overig"]);
}

#[test]
fn a_lock_left_by_a_killed_process_does_not_block() {
    let device = Device::with_org("Gemeente", "gemeente");
    let mut child = device
        .command(&["alliance", "list"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let _ = child.kill();
    let _ = child.wait();
    // A stale process id in the lock file means nothing by itself.
    fs::write(device.dir.join("rondetafel.lock"), "999999\n").expect("stale pid");
    device.ok(&["alliance", "list"]);
}

#[test]
fn a_read_only_data_directory_reports_errors_and_loses_nothing() {
    let device = Device::with_org("Gemeente", "gemeente");
    let alliance = last_word(&device.ok(&["alliance", "create", "Tafel"]));
    device.ok(&["agreement", "add", &alliance, "--title", "Eerste"]);
    let Some(read_only) = ReadOnly::make(&device.alliance_dir(&alliance)) else {
        eprintln!("skipped: cannot make a directory read-only here");
        return;
    };
    let error = device.fails(&["agreement", "add", &alliance, "--title", "Tweede"]);
    assert!(error.contains("could not save"), "{error}");
    assert!(
        error.contains("read-only") || error.contains("permission denied"),
        "{error}"
    );
    let list = device.json(&["agreement", "list", &alliance, "--json"]);
    assert_eq!(
        list.as_array().map(Vec::len),
        Some(1),
        "reading still works"
    );
    drop(read_only);
    device.ok(&["agreement", "add", &alliance, "--title", "Tweede"]);
    assert_eq!(
        device
            .json(&["agreement", "list", &alliance, "--json"])
            .as_array()
            .map(Vec::len),
        Some(2)
    );
}

/// Makes a directory read-only for the binary: a read-only bind mount when
/// running as root (root ignores permission bits), else mode 0555.
struct ReadOnly {
    dir: std::path::PathBuf,
    mounted: bool,
}

impl ReadOnly {
    fn make(dir: &std::path::Path) -> Option<Self> {
        use std::os::unix::fs::PermissionsExt;
        use std::process::Command;
        let is_root = Command::new("id")
            .arg("-u")
            .output()
            .ok()?
            .stdout
            .starts_with(b"0\n");
        if is_root {
            let bind = Command::new("mount")
                .arg("--bind")
                .arg(dir)
                .arg(dir)
                .status()
                .ok()?;
            if !bind.success() {
                return None;
            }
            let ro = Command::new("mount")
                .args(["-o", "remount,ro,bind"])
                .arg(dir)
                .arg(dir)
                .status()
                .ok()?;
            let guard = ReadOnly {
                dir: dir.to_owned(),
                mounted: true,
            };
            return ro.success().then_some(guard);
        }
        fs::set_permissions(dir, fs::Permissions::from_mode(0o555)).ok()?;
        Some(ReadOnly {
            dir: dir.to_owned(),
            mounted: false,
        })
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.mounted {
            let _ = std::process::Command::new("umount").arg(&self.dir).status();
        } else {
            let _ = fs::set_permissions(&self.dir, fs::Permissions::from_mode(0o755));
        }
    }
}

#[test]
fn bad_ids_and_bad_flags_get_clear_errors() {
    let device = Device::with_org("Gemeente", "gemeente");
    let first = last_word(&device.ok(&["alliance", "create", "Een"]));
    let error = device.fails(&["alliance", "show", "bestaat-niet"]);
    assert!(error.contains("no alliance matches"), "{error}");
    // Alliance ids are random hex: find a prefix shared by two alliances.
    let mut second = last_word(&device.ok(&["alliance", "create", "Twee"]));
    while second[..1] != first[..1] {
        second = last_word(&device.ok(&["alliance", "create", "Nog een"]));
    }
    let error = device.fails(&["alliance", "show", &first[..1]]);
    assert!(error.contains("more than one alliance"), "{error}");
    let error = device.fails(&["agreement", "edit", &first, "0000", "--title", "x"]);
    assert!(error.contains("no agreement matches"), "{error}");

    let output = device.run(&["init", "--org", "X", "--kind", "bank"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("gemeente, zorgaanbieder"), "{stderr}");
    let agreement = last_word(&device.ok(&["agreement", "add", &first, "--title", "A"]));
    let error = device.fails(&[
        "agreement",
        "edit",
        &first,
        &agreement,
        "--review-date",
        "31-02-2027",
    ]);
    assert!(error.contains("not a valid date"), "{error}");
    // Dates are read as people write them.
    device.ok(&[
        "agreement",
        "edit",
        &first,
        &agreement,
        "--review-date",
        "1-3-2027",
    ]);
    let shown = device.json(&["agreement", "show", &first, &agreement, "--json"]);
    assert_eq!(shown["review_date"], "2027-03-01");
    let error = device.fails(&["agreement", "edit", &first, &agreement, "--status", "klaar"]);
    assert!(
        error.contains("draft, proposed, agreed, withdrawn"),
        "{error}"
    );
    let error = device.fails(&["agreement", "edit", &first, &agreement]);
    assert!(error.contains("nothing to change"), "{error}");
    assert_eq!(device.run(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn commands_that_edit_need_a_profile() {
    let device = Device::new();
    let error = device.fails(&["alliance", "create", "Tafel"]);
    assert!(error.contains("rondetafel init"), "{error}");
}

#[test]
fn export_and_import_round_trip() {
    let gemeente = Device::with_org("Gemeente", "gemeente");
    let alliance = last_word(&gemeente.ok(&["alliance", "create", "Tafel"]));
    gemeente.ok(&[
        "agreement",
        "add",
        &alliance,
        "--title",
        "Pilot",
        "--body",
        "Tekst",
    ]);
    let file = gemeente
        .dir
        .parent()
        .expect("parent")
        .join("tafel.automerge");
    gemeente.ok(&["export", &alliance, "-o", file.to_str().expect("utf-8")]);

    let zorg = Device::with_org("Zorg", "zorgaanbieder");
    let out = zorg.ok(&["import", file.to_str().expect("utf-8")]);
    assert_eq!(last_word(&out), alliance);
    assert_eq!(
        zorg.json(&["alliance", "show", &alliance, "--json"]),
        gemeente.json(&["alliance", "show", &alliance, "--json"])
    );
    let again = zorg.ok(&["import", file.to_str().expect("utf-8")]);
    assert!(again.contains("Merged"), "{again}");

    let garbage = zorg.dir.parent().expect("parent").join("garbage");
    fs::write(&garbage, b"definitely not automerge").expect("write");
    let error = zorg.fails(&["import", garbage.to_str().expect("utf-8")]);
    assert!(error.contains("not an Automerge document"), "{error}");
}

/// The README's own step: a target that starts with a minus sign.
#[test]
fn an_effect_target_may_start_with_a_minus() {
    let device = common::Device::with_org("Gemeente Zwolle", "gemeente");
    let alliance = common::last_word(&device.ok(&["alliance", "create", "Jeugd Noord"]));
    device.ok(&[
        "effect",
        "add",
        &alliance,
        "--text",
        "Minder uithuisplaatsingen",
        "--target",
        "-20% in 2027",
    ]);
    let view = device.json(&["alliance", "show", &alliance, "--json"]);
    assert_eq!(view["ambition"]["effects"][0]["target"], "-20% in 2027");
}

/// Indicators and their figures from the command line: a baseline and a
/// target, a catalogue indicator, quarterly figures with the Dutch decimal
/// comma, a final figure replacing a provisional one, and bad figures and
/// CSV rows refused without changing anything.
#[test]
fn indicators_and_measurements_from_the_command_line() {
    let device = Device::with_org("Gemeente Hillegom", "gemeente");
    let alliance = last_word(&device.ok(&["alliance", "create", "Hillegom"]));
    let effect = last_word(&device.ok(&[
        "effect",
        "add",
        &alliance,
        "--text",
        "Minder inwoners wachten langer dan drie maanden op een passende woning met zorg",
    ]));
    let added = device.json(&[
        "indicator",
        "add",
        &alliance,
        "--effect",
        &effect,
        "--name",
        "Wachtenden langer dan drie maanden (%)",
        "--unit",
        "percent",
        "--direction",
        "lower",
        "--baseline",
        "18",
        "--baseline-period",
        "2025",
        "--target",
        "10",
        "--target-date",
        "31-12-2027",
        "--amber",
        "14",
        "--owner",
        "Gemeente Hillegom",
        "--json",
    ]);
    let indicator = added["id"].as_str().expect("id").to_owned();
    let catalogue = device.json(&[
        "indicator",
        "add",
        &alliance,
        "--effect",
        &effect,
        "--from-catalogue",
        "jeugdhulp",
        "--json",
    ]);
    assert!(catalogue["id"].is_string());
    for (period, value) in [
        ("2026-Q1", "17,5"),
        ("2026-Q2", "16"),
        ("2026-Q3", "15,2"),
        ("2026-K4", "13,8"),
    ] {
        let out = device.json(&[
            "measurement",
            "add",
            &alliance,
            &indicator[..6],
            "--period",
            period,
            "--value",
            value,
            "--json",
        ]);
        assert!(out["id"].is_string(), "{out}");
    }
    device.ok(&[
        "measurement",
        "add",
        &alliance,
        &indicator,
        "--period",
        "2026-Q2",
        "--value",
        "15,5",
        "--status",
        "definitief",
    ]);
    for (args, error) in [
        (
            vec!["--period", "2026-Q1", "--value", "111222333"],
            "citizen service number",
        ),
        (
            vec!["--period", "2026-Q1", "--value", "120"],
            "between 0 and 100",
        ),
        (
            vec!["--period", "kwartaal 1", "--value", "12"],
            "not a period",
        ),
        (
            vec!["--period", "2026-Q1", "--value", "12", "--status", "zeker"],
            "voorlopig, nader-voorlopig, definitief",
        ),
    ] {
        let mut command = vec!["measurement", "add", &alliance, &indicator];
        command.extend(args);
        let output = device.run(&command);
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(error), "{stderr}");
    }
    let csv = device.dir.parent().unwrap().join("cijfers.csv");
    std::fs::write(
        &csv,
        "periode;waarde;status\n2027-Q1;12,9;voorlopig\n2027-Q2;veel;\n",
    )
    .unwrap();
    let output = device.run(&[
        "measurement",
        "import",
        &alliance,
        &indicator,
        csv.to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("line 3") && stderr.contains("nothing imported"),
        "{stderr}"
    );
    std::fs::write(
        &csv,
        "periode;waarde;status\n2027-Q1;12,9;voorlopig\n2027-Q2;12,1;\n",
    )
    .unwrap();
    let imported = device.json(&[
        "measurement",
        "import",
        &alliance,
        &indicator,
        csv.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(imported["ids"].as_array().map(Vec::len), Some(2));

    let list = device.json(&["measurement", "list", &alliance, &indicator, "--json"]);
    assert_eq!(
        list["measurements"].as_array().map(Vec::len),
        Some(6),
        "{list}"
    );
    assert_eq!(list["history"].as_array().map(Vec::len), Some(7));
    assert_eq!(list["measurements"][1]["value"], 15.5);
    assert_eq!(list["measurements"][1]["status"], "definitief");
    let indicators = device.json(&["indicator", "list", &alliance, "--json"]);
    let found = indicators
        .as_array()
        .and_then(|all| all.iter().find(|i| i["id"] == indicator.as_str()))
        .cloned()
        .unwrap_or_default();
    assert_eq!(found["standing"], "orange", "{found}");
    assert_eq!(found["trend"], "better");
    let names: Vec<&str> = indicators
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["name"].as_str())
        .collect();
    assert!(names.contains(&"Jongeren met jeugdhulp (%)"), "{names:?}");
    let edited = device.json(&[
        "indicator",
        "edit",
        &alliance,
        &indicator,
        "--target",
        "9",
        "--target-date",
        "31-12-2028",
        "--json",
    ]);
    assert_eq!(edited["target"], 9.0, "{edited}");
    assert_eq!(edited["target_date"], "2028-12-31");
    let unknown = device.fails(&[
        "indicator",
        "add",
        &alliance,
        "--effect",
        &effect,
        "--from-catalogue",
        "geluk",
    ]);
    assert!(unknown.contains("jeugdhulp"), "{unknown}");
    let text = device.ok(&["indicator", "list", &alliance]);
    assert!(text.contains("latest 12,1 (2027-Q2)"), "{text}");
}

/// Interventions and milestones from the command line: linked to an effect
/// and an agreement, with responsible partners; delivery status apart from
/// effect; dates that make sense.
#[test]
fn interventions_with_milestones_from_the_command_line() {
    let device = Device::with_org("Gemeente Hillegom", "gemeente");
    let alliance = last_word(&device.ok(&["alliance", "create", "Hillegom"]));
    let effect = last_word(&device.ok(&["effect", "add", &alliance, "--text", "Korter wachten"]));
    let agreement = last_word(&device.ok(&["agreement", "add", &alliance, "--title", "Wijkteams"]));
    let added = device.json(&[
        "intervention",
        "add",
        &alliance,
        "--title",
        "Huisbezoek na twee signalen",
        "--effect",
        &effect,
        "--agreement",
        &agreement,
        "--partner",
        "Gemeente Hillegom",
        "--assumption",
        "We verwachten dat vroege hulp uitval voorkomt, omdat problemen dan nog klein zijn",
        "--start",
        "1-1-2027",
        "--end",
        "31-12-2027",
        "--json",
    ]);
    let id = added["id"].as_str().expect("id").to_owned();
    let milestone = device.json(&[
        "milestone",
        "add",
        &alliance,
        &id[..6],
        "--date",
        "1-4-2027",
        "--title",
        "Eerste twintig huisbezoeken",
        "--json",
    ]);
    assert!(milestone["id"].is_string());
    let wrong = device.fails(&["intervention", "edit", &alliance, &id, "--end", "1-1-2026"]);
    assert!(
        wrong.contains("end date is before the start date"),
        "{wrong}"
    );
    let edited = device.json(&[
        "intervention",
        "edit",
        &alliance,
        &id,
        "--status",
        "running",
        "--json",
    ]);
    assert_eq!(edited["status"], "running");
    assert_eq!(edited["effects"][0], effect.as_str());
    assert_eq!(edited["agreements"][0], agreement.as_str());
    assert_eq!(edited["milestones"][0]["date"], "2027-04-01");
    let list = device.json(&["intervention", "list", &alliance, "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    let nothing = device.fails(&["intervention", "edit", &alliance, &id]);
    assert!(nothing.contains("nothing to change"), "{nothing}");
    let bad_status = device.run(&["intervention", "edit", &alliance, &id, "--status", "klaar"]);
    assert!(!bad_status.status.success());
}

/// The effect conversation from the command line: a review of a quarter,
/// the prompts answered, and an intervention adjusted, which reopens the
/// agreed agreement it carries out.
#[test]
fn an_effect_review_adjusts_an_intervention_and_reopens_its_agreement() {
    let device = Device::with_org("Gemeente Hillegom", "gemeente");
    let alliance = last_word(&device.ok(&["alliance", "create", "Hillegom"]));
    let agreement = last_word(&device.ok(&["agreement", "add", &alliance, "--title", "Wijkteams"]));
    device.ok(&["agreement", "position", &alliance, &agreement, "agree"]);
    device.ok(&[
        "agreement",
        "edit",
        &alliance,
        &agreement,
        "--status",
        "agreed",
    ]);
    let intervention = device.json(&[
        "intervention",
        "add",
        &alliance,
        "--title",
        "Huisbezoek",
        "--agreement",
        &agreement,
        "--json",
    ])["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let review = device.json(&["review", "open", &alliance, "--period", "2026-Q4", "--json"])["id"]
        .as_str()
        .expect("id")
        .to_owned();
    device.ok(&[
        "review",
        "answer",
        &alliance,
        &review,
        "--prompt",
        "seen",
        "--text",
        "De wachttijd daalt, maar trager dan gehoopt",
    ]);
    let bad = device.run(&[
        "review", "answer", &alliance, &review, "--prompt", "gevoel", "--text", "x",
    ]);
    assert!(!bad.status.success());
    let recorded = device.json(&[
        "review",
        "record",
        &alliance,
        &review,
        "--intervention",
        &intervention,
        "adjust",
        "--note",
        "Vaker op huisbezoek",
        "--json",
    ]);
    assert_eq!(recorded["reopened"][0], agreement.as_str(), "{recorded}");
    let shown = device.json(&["agreement", "show", &alliance, &agreement, "--json"]);
    assert_eq!(shown["status"], "proposed");
    let review_json = device.json(&["review", "show", &alliance, &review, "--json"]);
    assert_eq!(review_json["period"], "2026-Q4");
    assert_eq!(review_json["answers"][0]["prompt"], "seen");
    assert_eq!(review_json["decisions"][0]["decision"], "adjust");
    let wrong = device.fails(&["review", "open", &alliance, "--period", "Q4"]);
    assert!(wrong.contains("not a period"), "{wrong}");
}

#[test]
fn a_reader_that_goes_away_ends_the_command_quietly() {
    let a = Device::with_org("Gemeente Hillegom", "gemeente");
    a.ok(&["alliance", "create", "Hillegom"]);
    for args in [
        &["indicator", "catalogue"][..],
        &["alliance", "list"],
        &["doctor"],
    ] {
        // A pipe whose reader has already closed: every write fails.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let output = a.command(args).stdout(writer).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_ne!(
            output.status.code(),
            Some(0),
            "{args:?} did not see the reader go"
        );
    }
}
