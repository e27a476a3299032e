//! Roles and expectations: the rules, forgeries by a member writing the
//! document directly, and collections that two replicas made at once.

use std::collections::BTreeMap;

use automerge::transaction::Transactable;
use automerge::{ObjType, ROOT, ReadDoc};
use proptest::prelude::*;

use super::schema::{EXPECTATIONS, ROLES};
use super::tests::{
    actor_of, author_of, organisation, replica, two_partner_alliance, with_devices,
};
use super::*;

fn card(knowledge: &str, responsible: &str) -> RoleEdit {
    RoleEdit {
        brings: BTreeMap::from([(Contribution::Knowledge, knowledge.to_owned())]),
        responsible: Some(responsible.to_owned()),
        mandate: Some("Tot € 50.000 zonder college".to_owned()),
        review_date: None,
    }
}

#[test]
fn a_partner_writes_its_own_card_with_a_review_date_six_months_on() {
    let (mut alliance, gemeente, _) = two_partner_alliance();
    alliance
        .set_role(&gemeente, &card("Wijkdata", "Regie op de toegang"))
        .expect("card");
    let view = alliance.view();
    let [card] = view.roles.as_slice() else {
        panic!("one card: {:?}", view.roles);
    };
    assert_eq!(card.partner, gemeente.partner_id);
    assert_eq!(card.brings[&Contribution::Knowledge], "Wijkdata");
    assert_eq!(card.responsible, "Regie op de toegang");
    assert_eq!(
        card.review_date.as_deref(),
        Some(super::dates::six_months_from_today().as_str())
    );
    let later = RoleEdit {
        brings: BTreeMap::from([(Contribution::Knowledge, String::new())]),
        review_date: Some("1-3-2027".to_owned()),
        ..RoleEdit::default()
    };
    alliance.set_role(&gemeente, &later).expect("edit");
    let card = &alliance.view().roles[0];
    assert!(card.brings.is_empty(), "an empty text clears a kind");
    assert_eq!(card.responsible, "Regie op de toegang", "kept");
    assert_eq!(card.review_date.as_deref(), Some("2027-03-01"));
    let bad = RoleEdit {
        review_date: Some("31-02-2027".to_owned()),
        ..RoleEdit::default()
    };
    let before = alliance.heads();
    assert!(matches!(
        alliance.set_role(&gemeente, &bad),
        Err(ModelError::BadDate(_))
    ));
    assert_eq!(alliance.heads(), before, "a refused edit changes nothing");
}

#[test]
fn only_the_partner_it_is_of_answers_an_expectation() {
    let (mut alliance, gemeente, zorg) = two_partner_alliance();
    let id = alliance
        .add_expectation(
            &gemeente,
            "Zorggroep Noord",
            "Levert elke wijk een vast gezicht",
        )
        .expect("expectation");
    let view = alliance.view();
    let expectation = &view.expectations[0];
    assert_eq!(expectation.from, gemeente.partner_id);
    assert_eq!(expectation.of, zorg.partner_id);
    assert!(expectation.to_discuss, "unanswered is a point to discuss");
    assert!(matches!(
        alliance.answer_expectation(&gemeente, &id, Recognition::Recognised, ""),
        Err(ModelError::NotExpectedOfYou { .. })
    ));
    alliance
        .answer_expectation(&zorg, &id[..6], Recognition::Partly, "Niet in de zomer")
        .expect("answer");
    let answer = alliance.view().expectations[0]
        .answer
        .clone()
        .expect("answered");
    assert_eq!(answer.answer, Recognition::Partly);
    assert_eq!(answer.remark, "Niet in de zomer");
    assert!(!alliance.view().expectations[0].to_discuss);
    alliance
        .answer_expectation(&zorg, &id, Recognition::NotRecognised, "Geen budget")
        .expect("answer again");
    assert!(alliance.view().expectations[0].to_discuss, "not recognised");
}

#[test]
fn expectations_of_yourself_or_without_text_are_refused() {
    let (mut alliance, gemeente, _) = two_partner_alliance();
    let before = alliance.heads();
    assert!(matches!(
        alliance.add_expectation(&gemeente, "Gemeente Zwolle", "Zelf doen"),
        Err(ModelError::ExpectationOfYourself)
    ));
    assert!(matches!(
        alliance.add_expectation(&gemeente, "Zorggroep Noord", "  "),
        Err(ModelError::Empty(_))
    ));
    assert!(matches!(
        alliance.add_expectation(&gemeente, "Woonstede", "Huizen"),
        Err(ModelError::NotFound { .. })
    ));
    assert_eq!(alliance.heads(), before);
}

/// A member's device writes straight into the document (a modified
/// program): another partner's card, an answer for the partner an
/// expectation is of, and a replaced and a deleted collection.
#[test]
fn forged_cards_answers_and_collections_do_not_count() {
    let (mut alliance, gemeente, zorg) = two_partner_alliance();
    alliance
        .set_role(&zorg, &card("Jeugdhulp", "Eén team per wijk"))
        .expect("card");
    let id = alliance
        .add_expectation(&gemeente, "Zorggroep Noord", "Vaste gezichten")
        .expect("expectation");
    let mut forger = replica(&mut alliance);
    forger.document_mut().set_actor(actor_of(&gemeente.device));
    let doc = forger.document_mut();
    let (_, roles) = doc.get(ROOT, ROLES).unwrap().unwrap();
    let (_, zorg_card) = doc.get(&roles, zorg.partner_id.as_str()).unwrap().unwrap();
    doc.put(&zorg_card, "responsible", "Niets").unwrap();
    let (_, expectations) = doc.get(ROOT, EXPECTATIONS).unwrap().unwrap();
    let (_, expectation) = doc.get(&expectations, id.as_str()).unwrap().unwrap();
    let (_, answers) = doc.get(&expectation, "answers").unwrap().unwrap();
    let answer = doc
        .put_object(&answers, zorg.partner_id.as_str(), ObjType::Map)
        .unwrap();
    doc.put(&answer, "answer", "recognised").unwrap();
    doc.commit();
    let view = forger.view();
    assert_eq!(view.roles[0].responsible, "Eén team per wijk");
    assert_eq!(view.expectations[0].answer, None);

    let doc = forger.document_mut();
    doc.delete(ROOT, ROLES).unwrap();
    doc.put(ROOT, EXPECTATIONS, "weg").unwrap();
    doc.commit();
    let view = forger.view();
    assert_eq!(view.roles.len(), 1, "a deleted collection still counts");
    assert_eq!(view.expectations.len(), 1, "a replaced collection too");
}

#[test]
fn collections_two_replicas_made_at_once_are_read_together() {
    let g_org = organisation("Gemeente Hillegom", PartnerKind::Gemeente);
    let z_org = organisation("Zorg Dichtbij", PartnerKind::Zorgaanbieder);
    let (g, z) = (author_of(&g_org), author_of(&z_org));
    let mut older = with_devices(
        Alliance::create_as_before_later_collections(
            "Hillegom",
            &g_org,
            &g.device,
            actor_of(&g.device),
        )
        .expect("create"),
    );
    older.admit_partner(&g, &z_org, &z.device).expect("admit");
    assert!(older.document().get(ROOT, ROLES).unwrap().is_none());
    let mut other = replica(&mut older);
    older.set_role(&g, &card("Data", "Regie")).expect("card");
    other
        .set_role(&z, &card("Zorg", "Uitvoering"))
        .expect("card");
    older
        .add_expectation(&g, "Zorg Dichtbij", "Vaste gezichten")
        .expect("expectation");
    let id = other
        .add_expectation(&z, "Gemeente Hillegom", "Snel besluiten")
        .expect("expectation");
    older
        .document_mut()
        .merge(other.document_mut())
        .expect("merge");
    let view = older.view();
    assert_eq!(view.roles.len(), 2, "{:?}", view.roles);
    assert_eq!(view.expectations.len(), 2, "{:?}", view.expectations);
    older
        .answer_expectation(&g, &id, Recognition::Recognised, "")
        .expect("an item in the other map can be answered");
    assert!(older.view().expectations.iter().any(|e| e.answer.is_some()));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Concurrent card edits, expectations, answers and course check
    /// ratings on two replicas converge to the same view in either merge
    /// order.
    #[test]
    fn concurrent_edits_converge(ops in proptest::collection::vec((0u8..7, 0u8..2, "[a-z]{1,6}"), 1..12)) {
        let (mut base, gemeente, zorg) = two_partner_alliance();
        let first = base.add_expectation(&gemeente, "Zorggroep Noord", "Basis").expect("expectation");
        let round = base
            .open_coursecheck(&gemeente, None, &super::tests::days_from_today(7))
            .expect("round");
        let input = base
            .add_input(&gemeente, &NewInput {
                kind: InputKind::Bottleneck,
                text: "Wachtlijst".to_owned(),
                role: InputRole::Client,
                signing: Signing::Anonymous,
                name: String::new(),
            })
            .expect("input");
        let mut left = replica(&mut base);
        let mut right = replica(&mut base);
        for (op, side, text) in ops {
            let replica = if side == 0 { &mut left } else { &mut right };
            let (me, other) = if side == 0 { (&gemeente, "Zorggroep Noord") } else { (&zorg, "Gemeente Zwolle") };
            match op {
                0 => replica.set_role(me, &card(&text, &text)).map(|_| ()),
                1 => replica.add_expectation(me, other, &text).map(|_| ()),
                2 => replica.answer_expectation(&zorg, &first, Recognition::Partly, &text),
                3 => replica.answer_coursecheck(me, &round, &[NewRating {
                    dimension: Dimension::Process,
                    rating: if text.len() % 2 == 0 { Rating::Green } else { Rating::Red },
                    trend: Trend::Same,
                    remark: text,
                }]),
                4 => replica
                    .add_input(me, &NewInput {
                        kind: InputKind::Idea,
                        text,
                        role: InputRole::Professional,
                        signing: Signing::RoleOnly,
                        name: String::new(),
                    })
                    .map(|_| ()),
                5 => replica.support_input(me, &input, InputRole::Manager),
                _ => replica.set_role(me, &RoleEdit { mandate: Some(text), ..RoleEdit::default() }),
            }
            .expect("edit");
        }
        let mut a = replica(&mut left);
        let mut b = replica(&mut right);
        a.document_mut().merge(right.document_mut()).expect("merge");
        b.document_mut().merge(left.document_mut()).expect("merge");
        let (va, vb) = (a.view(), b.view());
        prop_assert_eq!(&va.roles, &vb.roles);
        prop_assert_eq!(&va.expectations, &vb.expectations);
        prop_assert_eq!(&va.coursechecks, &vb.coursechecks);
        prop_assert_eq!(&va.inputs, &vb.inputs);
        prop_assert_eq!(a.own_ratings(&gemeente, &round).ok(), b.own_ratings(&gemeente, &round).ok());
    }
}

#[test]
fn the_live_view_follows_cards_and_expectations_without_a_rebuild() {
    let (mut alliance, gemeente, zorg) = two_partner_alliance();
    let mut live = LiveView::new(&mut alliance);
    alliance
        .set_role(&gemeente, &card("Data", "Regie"))
        .expect("card");
    let refresh = live.refresh(&mut alliance);
    assert!(refresh.changed && !refresh.rebuilt, "{refresh:?}");
    assert_eq!(live.view(), &alliance.view());
    let mut other = replica(&mut alliance);
    let id = other
        .add_expectation(&zorg, "Gemeente Zwolle", "Snel besluiten")
        .expect("expectation");
    alliance
        .document_mut()
        .merge(other.document_mut())
        .expect("merge");
    live.refresh(&mut alliance);
    assert_eq!(live.view(), &alliance.view());
    alliance
        .answer_expectation(&gemeente, &id, Recognition::Recognised, "Ja")
        .expect("answer");
    let refresh = live.refresh(&mut alliance);
    assert!(!refresh.rebuilt, "{refresh:?}");
    assert_eq!(live.view(), &alliance.view());
}
