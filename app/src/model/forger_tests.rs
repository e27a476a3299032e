//! A forger harness: a member that writes straight into the Automerge
//! document with its own key, as a modified program or a script would. On
//! every replica, the forged values must not count and the honest ones must
//! stay; and a property test of random honest and forged edits.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc, ScalarValue, Value};
use proptest::prelude::*;

use super::tests::{actor_of, adopt, author_of, days_from_today, new_device, organisation};
use super::*;

/// Three partners, each on its own replica holding only its own key.
struct Table {
    gemeente: (Author, Alliance),
    zorg: (Author, Alliance),
    forger: (Author, Alliance),
    agreement: String,
    interest: String,
    snapshot: String,
}

/// A replica of `doc` that can write only as `author`'s device.
fn own_replica(doc: &mut AutoCommit, author: &Author) -> Alliance {
    Alliance::from_document(doc.fork(), actor_of(&author.device)).expect("replica")
}

fn merge(into: &mut Alliance, from: &mut Alliance) {
    into.document_mut()
        .merge(from.document_mut())
        .expect("merge");
}

/// The table: an agreement the care provider agrees with, the
/// municipality's interest, a snapshot the municipality and the forger
/// adopted (the care provider has not decided).
fn table() -> Table {
    let g_org = organisation("Gemeente Hillegom", PartnerKind::Gemeente);
    let z_org = organisation("Zorg Dichtbij", PartnerKind::Zorgaanbieder);
    let w_org = organisation("Woonstede", PartnerKind::Woningcorporatie);
    let (g, z, w) = (author_of(&g_org), author_of(&z_org), author_of(&w_org));
    let mut founding =
        Alliance::create("Hillegom", "", &g_org, &g.device, actor_of(&g.device)).expect("create");
    founding
        .admit_partner(&g, &z_org, &z.device)
        .expect("admit");
    founding
        .admit_partner(&g, &w_org, &w.device)
        .expect("admit");
    let agreement = founding
        .add_agreement(&g, "Wijkteams", "Eén wijkteam per wijk")
        .expect("agreement");
    let interest = founding
        .add_interest(&g, "Grip op de kosten", false)
        .expect("interest");
    let doc = founding.document_mut();
    let mut zorg = own_replica(doc, &z);
    zorg.set_position(&z, &agreement, Stance::Agree, "Past bij ons")
        .expect("position");
    let mut gemeente = own_replica(doc, &g);
    merge(&mut gemeente, &mut zorg);
    let heads = gemeente.heads();
    let snapshot = gemeente
        .record_snapshot(&g, &heads, Some("1.0"))
        .expect("snapshot")
        .0
        .id;
    gemeente
        .ratify(&g, &snapshot, &adopt(Decision::Adopted, None))
        .expect("ratify");
    let mut forger = own_replica(gemeente.document_mut(), &w);
    forger
        .ratify(&w, &snapshot, &adopt(Decision::Adopted, None))
        .expect("ratify");
    merge(&mut zorg, &mut gemeente);
    Table {
        gemeente: (g, gemeente),
        zorg: (z, zorg),
        forger: (w, forger),
        agreement,
        interest,
        snapshot,
    }
}

/// Writes straight into the forger's document with the forger's own key.
fn forge(alliance: &mut Alliance, write: impl FnOnce(&mut AutoCommit)) {
    let doc = alliance.document_mut();
    write(doc);
    doc.commit();
}

fn child(doc: &AutoCommit, parent: &ObjId, key: &str) -> ObjId {
    match doc.get(parent, key).expect("get") {
        Some((Value::Object(_), id)) => id,
        other => panic!("{key} is not an object: {other:?}"),
    }
}

fn path(doc: &AutoCommit, keys: &[&str]) -> ObjId {
    keys.iter().fold(ROOT, |obj, key| child(doc, &obj, key))
}

/// Every forgery of the issue, written by the forger (Woonstede).
fn forge_everything(t: &mut Table) {
    let (z, g) = (t.zorg.0.clone(), t.gemeente.0.clone());
    let (agreement, interest, snapshot) =
        (t.agreement.clone(), t.interest.clone(), t.snapshot.clone());
    let forger_actor = t.forger.1.document().get_actor().to_hex_string();
    forge(&mut t.forger.1, |doc| {
        // The care provider's position, overwritten with an objection.
        let positions = path(doc, &["agreements", &agreement, "positions"]);
        let position = doc
            .put_object(&positions, z.partner_id.as_str(), ObjType::Map)
            .expect("put");
        doc.put(&position, "stance", "object").expect("put");
        doc.put(&position, "reason", "vervalst").expect("put");
        // The care provider's board decision, adopting the snapshot.
        let ratifications = path(doc, &["ratifications"]);
        let decision = doc
            .put_object(&ratifications, "decision:forged", ObjType::Map)
            .expect("put");
        let date = days_from_today(212);
        for (key, value) in [
            ("snapshot", snapshot.as_str()),
            ("partner", z.partner_id.as_str()),
            ("body", "Raad van Bestuur"),
            ("decision", "adopted"),
            ("date", date.as_str()),
        ] {
            doc.put(&decision, key, value).expect("put");
        }
        // The municipality's interest, rewritten.
        let owned = path(doc, &["interests", &interest]);
        doc.put(&owned, "status", "resolved").expect("put");
        doc.put(&owned, "obstacle", true).expect("put");
        // A device added to the care provider, and its name changed.
        let partner = path(doc, &["partners", &z.partner_id]);
        let devices = child(doc, &partner, "devices");
        let fake = doc
            .put_object(&devices, "12D3KooWForgedDevice", ObjType::Map)
            .expect("put");
        doc.put(&fake, "added", ScalarValue::Timestamp(0))
            .expect("put");
        doc.put(&partner, "name", "Zorg Vervalst").expect("put");
        // A fake actor binding: "my changes are the municipality's".
        let actors = doc.put_object(ROOT, "actors", ObjType::Map).expect("put");
        let binding = doc
            .put_object(&actors, forger_actor.as_str(), ObjType::Map)
            .expect("put");
        doc.put(&binding, "device", g.device.as_str()).expect("put");
        doc.put(&binding, "partner", g.partner_id.as_str())
            .expect("put");
    });
    // Later, the care provider's position deleted outright.
    forge(&mut t.forger.1, |doc| {
        let positions = path(doc, &["agreements", &agreement, "positions"]);
        doc.delete(&positions, z.partner_id.as_str())
            .expect("delete");
    });
}

/// What must hold on a replica after the forgeries reached it.
fn assert_honest(alliance: &mut Alliance, t_zorg: &Author, t: &TableIds) {
    let view = alliance.view();
    let agreement = view
        .agreements
        .iter()
        .find(|a| a.id == t.agreement)
        .expect("agreement");
    let position = agreement
        .positions
        .get(&t_zorg.partner_id)
        .expect("own position stays");
    assert_eq!(
        (position.stance, position.reason.as_str()),
        (Stance::Agree, "Past bij ons")
    );
    let history = alliance.position_history(&t.agreement).expect("history");
    assert!(
        history
            .iter()
            .filter(|s| s.partner == t_zorg.partner_id)
            .all(|s| s.stance == Stance::Agree && s.reason == "Past bij ons"),
        "the forged objection is not in the position history: {history:?}"
    );
    let interest = view
        .interests
        .iter()
        .find(|i| i.id == t.interest)
        .expect("interest");
    assert_eq!(interest.status, InterestStatus::Open);
    assert!(!interest.obstacle);
    let zorg = view
        .partners
        .iter()
        .find(|p| p.id == t_zorg.partner_id)
        .expect("partner");
    assert_eq!(zorg.name, "Zorg Dichtbij");
    assert_eq!(zorg.devices, vec![t_zorg.device.clone()]);
    assert!(
        alliance
            .decisions()
            .iter()
            .all(|d| d.partner != t_zorg.partner_id),
        "no decision of the care provider counts"
    );
    assert!(
        alliance.ratification_status().vastgesteld.is_none(),
        "not vastgesteld while the care provider's board has not decided"
    );
    let history = alliance.history();
    let ignored: Vec<&IgnoredWrite> = history.iter().flat_map(|h| &h.ignored).collect();
    assert!(
        ignored
            .iter()
            .any(|w| w.on_behalf_of_name.as_deref() == Some("Zorg Dichtbij")),
        "the history names what was written on the care provider's behalf: {ignored:?}"
    );
}

struct TableIds {
    agreement: String,
    interest: String,
}

#[test]
fn forged_writes_do_not_count_on_any_replica() {
    let mut t = table();
    forge_everything(&mut t);
    let ids = TableIds {
        agreement: t.agreement.clone(),
        interest: t.interest.clone(),
    };
    let z = t.zorg.0.clone();
    // The forgery reaches the municipality first, the care provider through it.
    merge(&mut t.gemeente.1, &mut t.forger.1);
    merge(&mut t.zorg.1, &mut t.gemeente.1);
    merge(&mut t.forger.1, &mut t.zorg.1);
    for alliance in [&mut t.gemeente.1, &mut t.zorg.1, &mut t.forger.1] {
        assert_honest(alliance, &z, &ids);
    }
    // When the care provider's board really adopts, it is vastgesteld.
    t.zorg
        .1
        .ratify(&z, &t.snapshot, &adopt(Decision::Adopted, None))
        .expect("ratify");
    merge(&mut t.gemeente.1, &mut t.zorg.1);
    assert!(t.gemeente.1.ratification_status().vastgesteld.is_some());
}

#[test]
fn a_retired_device_counts_only_before_its_retirement_also_when_relayed() {
    let mut t = table();
    let (z, g) = (t.zorg.0.clone(), t.gemeente.0.clone());
    // The care provider adds a second device, then retires it.
    let second = Author {
        partner_id: z.partner_id.clone(),
        device: new_device(),
    };
    let z_org = organisation("ignored", PartnerKind::Zorgaanbieder);
    let z_org = Organisation {
        partner_id: z.partner_id.clone(),
        ..z_org
    };
    t.zorg
        .1
        .admit_partner(&z, &z_org, &second.device)
        .expect("device");
    let mut laptop = own_replica(t.zorg.1.document_mut(), &second);
    t.zorg.1.remove_device(&z, &second.device).expect("retire");
    // The laptop, not knowing, objects; the municipality relays it before
    // it learns of the retirement, and builds on it.
    laptop
        .set_position(&second, &t.agreement, Stance::Object, "te laat")
        .expect("late position");
    merge(&mut t.gemeente.1, &mut laptop);
    t.gemeente
        .1
        .set_ambition(&g, "Samen verder")
        .expect("honest edit on top");
    merge(&mut t.gemeente.1, &mut t.zorg.1);
    merge(&mut t.zorg.1, &mut t.gemeente.1);
    for alliance in [&mut t.gemeente.1, &mut t.zorg.1] {
        let view = alliance.view();
        assert_eq!(
            view.ambition.text, "Samen verder",
            "the relay's own edit stays"
        );
        let position = &view
            .agreements
            .iter()
            .find(|a| a.id == t.agreement)
            .expect("agreement")
            .positions[&z.partner_id];
        assert_eq!(
            position.stance,
            Stance::Agree,
            "the late objection is ignored"
        );
        let zorg = view
            .partners
            .iter()
            .find(|p| p.id == z.partner_id)
            .expect("zorg");
        assert_eq!(zorg.removed_devices, vec![second.device.clone()]);
        assert!(!alliance.member_devices().contains(&second.device));
    }
}

/// One edit of the property test: honest ones through the model, forged
/// ones straight into the document.
#[derive(Debug, Clone)]
enum Move {
    Position { by: usize, object: bool },
    Forge { victim: usize },
    ForgeDelete { victim: usize },
    Merge { from: usize, into: usize },
}

fn move_strategy() -> impl Strategy<Value = Move> {
    prop_oneof![
        (0..2usize, any::<bool>()).prop_map(|(by, object)| Move::Position { by, object }),
        (0..2usize).prop_map(|victim| Move::Forge { victim }),
        (0..2usize).prop_map(|victim| Move::ForgeDelete { victim }),
        (0..3usize, 0..3usize).prop_map(|(from, into)| Move::Merge { from, into }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Random honest and forged edits on three replicas, merged in random
    /// orders: every replica ends with the same view, and each honest
    /// partner's position is the last one it gave itself.
    #[test]
    fn forged_positions_never_count(moves in proptest::collection::vec(move_strategy(), 1..24)) {
        let t = table();
        let agreement = t.agreement.clone();
        let authors = [t.gemeente.0.clone(), t.zorg.0.clone(), t.forger.0.clone()];
        let mut replicas = [t.gemeente.1, t.zorg.1, t.forger.1];
        let mut last: [Option<bool>; 2] = [None, Some(false)];
        for step in &moves {
            match step {
                Move::Position { by, object } => {
                    let stance = if *object { Stance::Object } else { Stance::Agree };
                    replicas[*by]
                        .set_position(&authors[*by], &agreement, stance, "reden")
                        .expect("position");
                    last[*by] = Some(*object);
                }
                Move::Forge { victim } => {
                    let victim = authors[*victim].partner_id.clone();
                    let agreement = agreement.clone();
                    forge(&mut replicas[2], |doc| {
                        let positions = path(doc, &["agreements", &agreement, "positions"]);
                        let p = doc.put_object(&positions, victim.as_str(), ObjType::Map).expect("put");
                        doc.put(&p, "stance", "abstain").expect("put");
                    });
                }
                Move::ForgeDelete { victim } => {
                    let victim = authors[*victim].partner_id.clone();
                    let agreement = agreement.clone();
                    forge(&mut replicas[2], |doc| {
                        let positions = path(doc, &["agreements", &agreement, "positions"]);
                        if doc.get(&positions, victim.as_str()).ok().flatten().is_some() {
                            doc.delete(&positions, victim.as_str()).expect("delete");
                        }
                    });
                }
                Move::Merge { from, into } => merge_at(&mut replicas, *from, *into),
            }
        }
        for i in [0, 1, 2, 0, 1] {
            merge_at(&mut replicas, (i + 1) % 3, i);
        }
        let views: Vec<AllianceView> = replicas.iter_mut().map(Alliance::view).collect();
        prop_assert!(views.windows(2).all(|w| w[0] == w[1]), "replicas differ");
        let positions = &views[0]
            .agreements
            .iter()
            .find(|a| a.id == agreement)
            .expect("agreement")
            .positions;
        for (honest, expected) in last.iter().enumerate() {
            let found = positions.get(&authors[honest].partner_id).map(|p| p.stance);
            let expected = expected.map(|object| if object { Stance::Object } else { Stance::Agree });
            prop_assert_eq!(found, expected, "partner {}", honest);
        }
    }
}

/// Merges replica `from` into replica `into`.
fn merge_at(replicas: &mut [Alliance; 3], from: usize, into: usize) {
    if from == into {
        return;
    }
    let (low, high) = replicas.split_at_mut(from.max(into));
    let (a, b) = (&mut low[from.min(into)], &mut high[0]);
    if from < into {
        merge(b, a);
    } else {
        merge(a, b);
    }
}
