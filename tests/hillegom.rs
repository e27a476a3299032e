//! The Hillegom alliance of seed 004 from kick-off to its board's
//! snapshot, with the real binary on two devices syncing over loopback:
//! role cards and expectations, a course check, input from the work floor
//! promoted to an agreement, and effect monitoring (an indicator with a
//! baseline, a target and four quarterly figures, two interventions, and
//! an effect review that adjusts an agreement); the snapshot shows it all
//! and verifies.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::fs;
use std::path::Path;

use common::{Device, Serve, days_from_today, last_word, pdftotext};
use serde_json::Value;

/// The Hillegom alliance (seed 004) from the command line, from kick-off
/// (role cards and expectations) through a course check and input from the
/// work floor to an agreed, reviewed agreement; the board's snapshot shows
/// all of it, and verifies.
#[test]
fn the_hillegom_alliance_runs_from_kick_off_to_its_board_snapshot() {
    let a = Device::with_org("Gemeente Hillegom", "gemeente");
    let b = Device::with_org("Zorg Dichtbij", "zorgaanbieder");
    let alliance = last_word(&a.ok(&["alliance", "create", "Hillegom"]));
    let serve = Serve::start(&a, "/ip4/127.0.0.1/tcp/0", &[]);
    let address = serve.address.clone();
    assert!(serve.stop());
    let ticket = last_word(&a.ok(&["invite", &alliance]));
    let serve = Serve::start(&a, &address, &[]);
    b.ok(&["join", &ticket]);
    assert!(serve.stop());
    let dir = a.dir.parent().unwrap().to_owned();
    let out = |name: &str| dir.join(name).to_str().unwrap().to_owned();
    // The partners meet: B syncs with A's serve, signatures and all.
    let meet = || {
        let serve = Serve::start(&a, &address, &[]);
        b.ok(&["sync", &alliance, "--peer", &serve.multiaddr()]);
        assert!(serve.stop());
    };

    let card = a.json(&[
        "role",
        "set",
        &alliance,
        "--brings",
        "knowledge=Wijkdata en de monitor",
        "--brings",
        "geld=Het budget jeugdhulp",
        "--responsible",
        "Regie op de toegang",
        "--mandate",
        "Tot € 50.000 zonder het college",
        "--json",
    ]);
    assert_eq!(card["brings"]["knowledge"], "Wijkdata en de monitor");
    assert_eq!(card["brings"]["money"], "Het budget jeugdhulp");
    let six_months = jiff::Zoned::now()
        .date()
        .checked_add(jiff::Span::new().months(6))
        .unwrap()
        .to_string();
    assert_eq!(
        card["review_date"],
        six_months.as_str(),
        "a new card's default"
    );
    let added = a.json(&[
        "expectation",
        "add",
        &alliance,
        "--of",
        "Zorg Dichtbij",
        "--text",
        "Eén vast gezicht per wijk",
        "--json",
    ]);
    let id = added["id"].as_str().unwrap().to_owned();
    let refused = a.fails(&["expectation", "answer", &alliance, &id, "recognised"]);
    assert!(
        refused.contains("only that partner can answer"),
        "{refused}"
    );

    meet();
    let listed = b.json(&["expectation", "list", &alliance, "--json"]);
    assert_eq!(listed[0]["to_discuss"], true, "{listed}");
    let answered = b.json(&[
        "expectation",
        "answer",
        &alliance,
        &id[..6],
        "partly",
        "--remark",
        "Niet in de zomervakantie",
        "--json",
    ]);
    assert_eq!(answered["answer"]["answer"], "partly");
    assert_eq!(answered["to_discuss"], false);
    b.ok(&[
        "role",
        "set",
        &alliance,
        "--brings",
        "bereik=Alle gezinnen in de wijk",
        "--review-date",
        "1-6-2027",
    ]);
    for (args, error) in [
        (vec!["role", "set", &alliance], "nothing to change"),
        (
            vec!["role", "set", &alliance, "--brings", "zonder soort"],
            "KIND=TEXT",
        ),
        (
            vec!["role", "set", &alliance, "--brings", "geld2=x"],
            "knowledge, capacity",
        ),
        (
            vec!["role", "set", &alliance, "--review-date", "31-02-2027"],
            "not a valid date",
        ),
        (
            vec!["expectation", "answer", &alliance, &id, "misschien"],
            "recognised, partly, not",
        ),
        (
            vec![
                "expectation",
                "add",
                &alliance,
                "--of",
                "Zorg Dichtbij",
                "--text",
                " ",
            ],
            "cannot be empty",
        ),
    ] {
        let output = b.run(&args);
        assert!(!output.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(error), "{args:?}: {stderr}");
    }

    meet();
    let cards = a.json(&["role", "show", &alliance, "--json"]);
    assert_eq!(cards.as_array().map(Vec::len), Some(2), "{cards}");
    let theirs = a.json(&["role", "show", &alliance, "Zorg Dichtbij", "--json"]);
    assert_eq!(theirs[0]["brings"]["reach"], "Alle gezinnen in de wijk");
    assert_eq!(theirs[0]["review_date"], "2027-06-01");
    let text = a.ok(&["expectation", "list", &alliance]);
    assert!(
        text.contains("Gemeente Hillegom expects of Zorg Dichtbij: Eén vast gezicht per wijk"),
        "{text}"
    );

    course_check(&a, &b, &alliance, &meet);
    let agreement = work_floor_input(&a, &b, &alliance, &meet, &dir);
    effect_monitoring(&a, &b, &alliance, &meet, &agreement, &dir);

    let json = a.json(&[
        "snapshot",
        &alliance,
        "--format",
        "json",
        "--label",
        "1.0",
        "-o",
        &out("s.json"),
        "--json",
    ]);
    assert_eq!(json["label"], "1.0");
    let document: Value =
        serde_json::from_str(&fs::read_to_string(out("s.json")).unwrap()).unwrap();
    let collaboration = &document["collaboration"];
    assert_eq!(collaboration["roles"].as_array().map(Vec::len), Some(2));
    assert_eq!(collaboration["expectations"][0]["answer"], "partly");
    let heatmap = &collaboration["coursecheck"]["rounds"][0]["dimensions"];
    assert_eq!(heatmap[0]["dimension"], "shared-ambition");
    assert_eq!(heatmap[0]["apart"], true);
    assert_eq!(
        collaboration["coursecheck"]["actions"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    let indicator = &document["indicators"][0];
    assert_eq!(indicator["baseline"], 42.0);
    assert_eq!(indicator["target"], 20.0);
    assert_eq!(indicator["measurements"].as_array().map(Vec::len), Some(4));
    assert_eq!(document["interventions"].as_array().map(Vec::len), Some(2));
    assert_eq!(document["reviews"][0]["period"], "2026-Q4");
    assert_eq!(document["reviews"][0]["decisions"][0]["decision"], "adjust");
    for format in ["md", "pdf"] {
        let file = out(&format!("s.{format}"));
        a.ok(&[
            "snapshot", &alliance, "--format", format, "--at", "1.0", "-o", &file,
        ]);
        let text = if format == "pdf" {
            let Some(pages) = pdftotext(Path::new(&file)) else {
                continue;
            };
            pages.join("\n")
        } else {
            fs::read_to_string(&file).unwrap()
        };
        let needles: &[&str] = if format == "pdf" {
            &[
                "Samenwerking",
                "Wijkdata",
                "Deels",
                // The chart: its title, the periods, the lines' legend.
                "Wachtenden langer dan drie maanden (aantal)",
                "2026-Q1",
                "2026-Q4",
                "Basis 42 (2025)",
                "Doel 20 (31-12-2027)",
                "Effectgesprek 2026-Q4",
                "Bijstellen",
            ]
        } else {
            &[
                "Samenwerking",
                "Wijkdata en de monitor",
                "Alle gezinnen in de wijk",
                "Eén vast gezicht per wijk",
                "Deels",
                "Koerscheck",
                "ver uiteen",
                "Vervolgactie",
                "Inbreng: knelpunten en ideeën",
                "Opgepakt: afspraak",
                "De gemeente opent het loket",
                "Indicatoren: Minder inwoners wachten langer",
                "29 (2026-Q4, voorlopig)",
                "Wooncoach per wijk",
                "Effectgesprek 2026-Q4",
                "De wachtlijst daalt elk kwartaal",
                "Ook de buurgemeente aansluiten",
                "Doorgaan",
            ]
        };
        for needle in needles {
            assert!(text.contains(needle), "{format} lacks {needle:?}");
        }
        let output = a.run(&["verify", &file, "--json"]);
        let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
        assert_eq!(report["verified"], true, "{format}: {report}");
    }
}

/// A round of the course check from the command line: ratings hidden until
/// the opener closes it, then the spread, and at most three actions.
fn course_check(a: &Device, b: &Device, alliance: &str, meet: &dyn Fn()) {
    let opened = a.json(&[
        "coursecheck",
        "open",
        alliance,
        "--closes",
        &days_from_today(14),
        "--json",
    ]);
    let round = opened["id"].as_str().unwrap().to_owned();
    for dimension in [
        "shared-ambition",
        "belangen",
        "relationship",
        "roles",
        "process",
        "effect",
    ] {
        a.ok(&[
            "coursecheck",
            "answer",
            alliance,
            &round,
            "--dimension",
            dimension,
            "groen",
            "--trend",
            "beter",
        ]);
    }
    meet();
    let rated = b.json(&[
        "coursecheck",
        "answer",
        alliance,
        &round[..6],
        "--dimension",
        "shared-ambition",
        "red",
        "--trend",
        "worse",
        "--remark",
        "We lezen de ambitie verschillend",
        "--json",
    ]);
    assert_eq!(rated.as_array().map(Vec::len), Some(1), "{rated}");
    let open = b.json(&["coursecheck", "show", alliance, &round, "--json"]);
    assert_eq!(
        open["answers"].as_array().map(Vec::len),
        Some(0),
        "hidden while open"
    );
    assert_eq!(open["answered_by"].as_array().map(Vec::len), Some(1));
    assert_eq!(open["own_ratings"][0]["rating"], "red");
    let early = b.fails(&["coursecheck", "close", alliance, &round]);
    assert!(
        early.contains("only Gemeente Hillegom, who opened it"),
        "{early}"
    );
    for (args, error) in [
        (
            vec!["--dimension", "sfeer", "red", "--trend", "worse"],
            "shared-ambition, interests",
        ),
        (
            vec!["--dimension", "effect", "paars", "--trend", "worse"],
            "green, orange, red",
        ),
        (
            vec!["--dimension", "effect", "red", "--trend", "omhoog"],
            "better, same, worse",
        ),
    ] {
        let mut command = vec!["coursecheck", "answer", alliance, &round];
        command.extend(args);
        let output = b.run(&command);
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(error), "{stderr}");
    }
    let wrong = b.fails(&["coursecheck", "open", alliance, "--closes", "31-02-2027"]);
    assert!(wrong.contains("not a valid date"), "{wrong}");
    meet();
    a.ok(&["coursecheck", "close", alliance, &round]);
    for n in 1..=3 {
        a.ok(&[
            "coursecheck",
            "action",
            "add",
            alliance,
            &round,
            "--text",
            &format!("Actie {n}"),
            "--owner",
            "Zorg Dichtbij",
            "--due",
            "1-3-2027",
        ]);
    }
    let fourth = a.fails(&[
        "coursecheck",
        "action",
        "add",
        alliance,
        &round,
        "--text",
        "Nog een",
        "--owner",
        "Zorg Dichtbij",
        "--due",
        "1-3-2027",
    ]);
    assert!(fourth.contains("at most 3"), "{fourth}");
    let closed = a.json(&["coursecheck", "show", alliance, &round, "--json"]);
    assert_eq!(closed["answers"].as_array().map(Vec::len), Some(7));
    assert_eq!(closed["dimensions"][0]["apart"], true);
    let text = a.ok(&["coursecheck", "show", alliance]);
    assert!(text.contains("[partners differ by two colours]"), "{text}");
    meet();
}

/// Input from the work floor from the command line: signing, support,
/// promotion to an agreement, a CSV import that is all or nothing, and the
/// printable form.
/// Input from the work floor, typed, supported, imported from CSV and
/// promoted to an agreement that both partners agree; returns that
/// agreement.
fn work_floor_input(a: &Device, b: &Device, alliance: &str, meet: &dyn Fn(), dir: &Path) -> String {
    let added = a.json(&[
        "input",
        "add",
        alliance,
        "--kind",
        "idea",
        "--text",
        "Eén loket voor alle hulpvragen in de wijk",
        "--role",
        "professional",
        "--name",
        "Anja de Vries",
        "--json",
    ]);
    let idea = added["ids"][0].as_str().unwrap().to_owned();
    a.ok(&[
        "input",
        "add",
        alliance,
        "--kind",
        "knelpunt",
        "--text",
        "Zes weken wachten op een gesprek",
        "--role",
        "client",
        "--anonymous",
    ]);
    let named = a.fails(&[
        "input",
        "add",
        alliance,
        "--kind",
        "idea",
        "--text",
        "Hulp",
        "--role",
        "client",
        "--name",
        "Jan Jansen",
    ]);
    assert!(named.contains("personal data of a client"), "{named}");
    meet();
    let supported = b.json(&[
        "input",
        "support",
        alliance,
        &idea[..6],
        "--role",
        "manager",
        "--json",
    ]);
    assert_eq!(
        supported["supports"].as_array().map(Vec::len),
        Some(1),
        "{supported}"
    );
    let no_reason = b.fails(&[
        "input",
        "respond",
        alliance,
        &idea,
        "--status",
        "not-taken-up",
    ]);
    assert!(no_reason.contains("cannot be empty"), "{no_reason}");
    let promoted = b.json(&["input", "promote", alliance, &idea, "--json"]);
    let agreement = promoted["agreement"].as_str().unwrap().to_owned();
    let shown = b.json(&["agreement", "show", alliance, &agreement, "--json"]);
    assert_eq!(shown["from_input"], idea.as_str());
    assert_eq!(shown["status"], "proposed");
    // Both partners consent, and the agreement gets its outcome and review.
    b.ok(&["agreement", "position", alliance, &agreement, "agree"]);
    meet();
    a.ok(&["agreement", "position", alliance, &agreement, "agree"]);
    a.ok(&[
        "agreement",
        "edit",
        alliance,
        &agreement,
        "--status",
        "agreed",
    ]);
    a.ok(&[
        "agreement",
        "outcome",
        alliance,
        &agreement,
        "--text",
        "De gemeente opent het loket; Zorg Dichtbij levert twee medewerkers",
        "--review-date",
        "1-6-2027",
    ]);
    let agreed = a.json(&["agreement", "show", alliance, &agreement, "--json"]);
    assert_eq!(agreed["status"], "agreed");
    assert_eq!(agreed["review_date"], "2027-06-01");

    let csv = dir.join("inbreng.csv");
    fs::write(
        &csv,
        "soort;tekst;rol;ondertekening\nidee;Buurtkamer open op zaterdag;professional;alleen rol\nklacht;Fout;cliënt;\nknelpunt;Formulieren te ingewikkeld;cliënt;\n",
    )
    .unwrap();
    let before = b.json(&["input", "list", alliance, "--json"])["inputs"]
        .as_array()
        .map(Vec::len);
    let output = b.run(&["input", "import", alliance, csv.to_str().unwrap()]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("line 3") && stderr.contains("nothing imported"),
        "{stderr}"
    );
    let after = b.json(&["input", "list", alliance, "--json"]);
    assert_eq!(
        after["inputs"].as_array().map(Vec::len),
        before,
        "nothing imported"
    );
    let text = fs::read_to_string(&csv)
        .unwrap()
        .replace("klacht;Fout;cliënt;\n", "");
    fs::write(&csv, text).unwrap();
    let imported = b.json(&["input", "import", alliance, csv.to_str().unwrap(), "--json"]);
    assert_eq!(imported["ids"].as_array().map(Vec::len), Some(2));
    let list = b.json(&["input", "list", alliance, "--json"]);
    let clients = list["per_role"]
        .as_array()
        .and_then(|roles| roles.iter().find(|r| r["role"] == "client"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(clients["total"], 2, "{list}");

    let form = dir.join("formulier.pdf");
    b.ok(&["input", "form", alliance, "-o", form.to_str().unwrap()]);
    let bytes = fs::read(&form).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    if let Some(pages) = pdftotext(&form) {
        assert_eq!(pages.len(), 4, "four forms, one per page");
        assert!(
            pages[0].contains("Geen persoonsgegevens van cliënten"),
            "{}",
            pages[0]
        );
    }
    meet();
    agreement
}

/// Effect monitoring (seed 001): an indicator on the effect with a
/// baseline, a target and four quarterly figures (one provisional figure
/// replaced by the final one, one imported from CSV after a bad row was
/// refused), two interventions, and the effect review of the fourth quarter
/// that adjusts the intervention carrying out `agreement`, which reopens it.
fn effect_monitoring(
    a: &Device,
    b: &Device,
    alliance: &str,
    meet: &dyn Fn(),
    agreement: &str,
    dir: &Path,
) {
    let effect = last_word(&a.ok(&[
        "effect",
        "add",
        alliance,
        "--text",
        "Minder inwoners wachten langer dan drie maanden op een passende woning met zorg",
    ]));
    let indicator = a.json(&[
        "indicator",
        "add",
        alliance,
        "--effect",
        &effect,
        "--name",
        "Wachtenden langer dan drie maanden",
        "--unit",
        "count",
        "--direction",
        "lower",
        "--level",
        "outcome",
        "--baseline",
        "42",
        "--baseline-period",
        "2025",
        "--target",
        "20",
        "--target-date",
        "2027-12-31",
        "--amber",
        "30",
        "--source",
        "Registratie van de woonzorgtafel",
        "--owner",
        "Zorg Dichtbij",
        "--json",
    ])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    meet();
    // Zorg Dichtbij keeps the figures up to date.
    for (period, value, status) in [
        ("2026-Q1", "40", "definitief"),
        ("2026-Q2", "36", "definitief"),
        ("2026-Q3", "33", "voorlopig"),
        ("2026-Q3", "34", "definitief"),
    ] {
        b.ok(&[
            "measurement",
            "add",
            alliance,
            &indicator,
            "--period",
            period,
            "--value",
            value,
            "--status",
            status,
        ]);
    }
    let csv = dir.join("cijfers.csv");
    fs::write(&csv, "periode;waarde\n2026-Q4;29\n2027-Q1;veel\n").unwrap();
    let refused = b.fails(&[
        "measurement",
        "import",
        alliance,
        &indicator,
        csv.to_str().unwrap(),
    ]);
    assert!(refused.contains("line 3"), "{refused}");
    fs::write(&csv, "periode;waarde;status\n2026-Q4;29;voorlopig\n").unwrap();
    b.ok(&[
        "measurement",
        "import",
        alliance,
        &indicator,
        csv.to_str().unwrap(),
    ]);
    let figures = b.json(&["measurement", "list", alliance, &indicator, "--json"]);
    let current: Vec<f64> = figures["measurements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["value"].as_f64().unwrap())
        .collect();
    assert_eq!(
        current,
        [40.0, 36.0, 34.0, 29.0],
        "the final Q3 figure counts"
    );
    assert_eq!(figures["history"].as_array().map(Vec::len), Some(5));

    let coach = a.json(&[
        "intervention",
        "add",
        alliance,
        "--title",
        "Wooncoach per wijk",
        "--effect",
        &effect,
        "--agreement",
        agreement,
        "--partner",
        "Gemeente Hillegom",
        "--assumption",
        "We verwachten dat een vaste wooncoach de wachttijd verkort, omdat elke aanvraag één aanspreekpunt heeft",
        "--start",
        "1-1-2026",
        "--json",
    ])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let table = b.json(&[
        "intervention",
        "add",
        alliance,
        "--title",
        "Wekelijkse woonzorgtafel",
        "--effect",
        &effect,
        "--partner",
        "Zorg Dichtbij",
        "--start",
        "1-3-2026",
        "--end",
        "1-3-2027",
        "--json",
    ])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    b.ok(&[
        "milestone",
        "add",
        alliance,
        &table,
        "--date",
        "1-6-2026",
        "--title",
        "Eerste tafel",
    ]);
    meet();

    let review = a.json(&["review", "open", alliance, "--period", "2026-Q4", "--json"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    meet();
    b.ok(&[
        "review",
        "answer",
        alliance,
        &review,
        "--prompt",
        "seen",
        "--text",
        "De wachtlijst daalt elk kwartaal",
    ]);
    a.ok(&[
        "review",
        "answer",
        alliance,
        &review,
        "--prompt",
        "explained",
        "--text",
        "De wooncoach vindt sneller een passende woning",
    ]);
    let adjusted = a.ok(&[
        "review",
        "record",
        alliance,
        &review,
        "--intervention",
        &coach,
        "adjust",
        "--note",
        "Ook de buurgemeente aansluiten",
    ]);
    assert!(adjusted.contains(agreement), "{adjusted}");
    a.ok(&[
        "review",
        "record",
        alliance,
        &review,
        "--intervention",
        &table,
        "continue",
    ]);
    meet();
    let shown = b.json(&["review", "show", alliance, &review, "--json"]);
    assert_eq!(shown["indicators"][0]["latest"], 29.0);
    assert_eq!(
        shown["indicators"][0]["standing"], "orange",
        "at or under the amber 30"
    );
    assert_eq!(shown["indicators"][0]["trend"], "better");
    assert_eq!(shown["decisions"].as_array().map(Vec::len), Some(2));
    let reopened = b.json(&["agreement", "show", alliance, agreement, "--json"]);
    assert_eq!(
        reopened["status"], "proposed",
        "adjusting reopened the agreement"
    );
}
