//! The rules that keep the record from misleading: an agreement is agreed
//! only with every partner's consent on its current text, a position on an
//! earlier text says so, version labels count on, and a board cannot decide
//! on a version before it existed.

use automerge::transaction::Transactable;

use super::tests::{adopt, replica, snapshot_now, two_partner_alliance};
use super::*;

fn agree() -> AgreementEdit {
    AgreementEdit {
        status: Some(AgreementStatus::Agreed),
        ..AgreementEdit::default()
    }
}

fn body(text: &str) -> AgreementEdit {
    AgreementEdit {
        body: Some(text.to_owned()),
        ..AgreementEdit::default()
    }
}

#[test]
fn one_partner_cannot_agree_while_another_has_no_position() {
    let (mut alliance, founder, provider) = two_partner_alliance();
    let id = alliance
        .add_agreement(&founder, "Wijkteams", "Eén wijkteam per wijk")
        .expect("add");
    alliance
        .set_position(&founder, &id, Stance::Agree, "")
        .expect("agree");
    let heads = alliance.heads();
    match alliance.edit_agreement(&founder, &id, &agree()) {
        Err(ModelError::ConsentMissing { partners }) => {
            assert_eq!(partners, vec!["Zorggroep Noord".to_owned()]);
        }
        other => panic!("expected ConsentMissing, got {other:?}"),
    }
    assert_eq!(alliance.heads(), heads, "a refused edit changes nothing");
    let view = alliance.view();
    assert_eq!(
        view.agreements[0].without_position,
        vec![provider.partner_id]
    );
}

#[test]
fn editing_the_text_of_an_agreed_agreement_sends_it_back_for_confirmation() {
    let (mut alliance, founder, provider) = two_partner_alliance();
    let id = alliance
        .add_agreement(&founder, "Wijkteams", "Eén wijkteam per wijk")
        .expect("add");
    for author in [&founder, &provider] {
        alliance
            .set_position(author, &id, Stance::Agree, "")
            .expect("agree");
    }
    alliance
        .edit_agreement(&founder, &id, &agree())
        .expect("agreed");
    assert_eq!(
        alliance.view().agreements[0].status,
        AgreementStatus::Agreed
    );

    alliance
        .edit_agreement(&provider, &id, &body("Twee wijkteams per wijk"))
        .expect("edit body");
    let view = alliance.view();
    let agreement = &view.agreements[0];
    assert_eq!(agreement.status, AgreementStatus::Proposed);
    assert!(agreement.awaiting_consent);
    assert!(agreement.positions.values().all(|p| p.on_earlier_text));
    assert_eq!(agreement.without_position.len(), 2);

    alliance
        .set_position(&founder, &id, Stance::Agree, "")
        .expect("confirm");
    let view = alliance.view();
    assert!(!view.agreements[0].positions[&founder.partner_id].on_earlier_text);
    assert_eq!(view.agreements[0].status, AgreementStatus::Proposed);
    alliance
        .set_position(&provider, &id, Stance::Reservations, "Mits evaluatie")
        .expect("confirm");
    let view = alliance.view();
    assert_eq!(view.agreements[0].status, AgreementStatus::Agreed);
    assert!(!view.agreements[0].awaiting_consent);
}

#[test]
fn a_title_change_also_makes_positions_earlier() {
    let (mut alliance, founder, _) = two_partner_alliance();
    let id = alliance.add_agreement(&founder, "Pilot", "").expect("add");
    alliance
        .set_position(&founder, &id, Stance::Agree, "")
        .expect("agree");
    let edit = AgreementEdit {
        title: Some("Pilot Noord".into()),
        ..AgreementEdit::default()
    };
    alliance
        .edit_agreement(&founder, &id, &edit)
        .expect("title");
    let view = alliance.view();
    assert!(view.agreements[0].positions[&founder.partner_id].on_earlier_text);
    // Changing an unrelated field does not.
    let edit = AgreementEdit {
        review_date: Some(Some("2027-03-01".into())),
        ..AgreementEdit::default()
    };
    alliance
        .set_position(&founder, &id, Stance::Agree, "")
        .expect("confirm");
    alliance.edit_agreement(&founder, &id, &edit).expect("date");
    assert!(!alliance.view().agreements[0].positions[&founder.partner_id].on_earlier_text);
}

#[test]
fn agreeing_together_with_a_new_text_is_refused() {
    let (mut alliance, founder, provider) = two_partner_alliance();
    let id = alliance
        .add_agreement(&founder, "Pilot", "Tekst")
        .expect("add");
    for author in [&founder, &provider] {
        alliance
            .set_position(author, &id, Stance::Agree, "")
            .expect("agree");
    }
    let edit = AgreementEdit {
        body: Some("Andere tekst".into()),
        status: Some(AgreementStatus::Agreed),
        ..AgreementEdit::default()
    };
    assert!(matches!(
        alliance.edit_agreement(&founder, &id, &edit),
        Err(ModelError::ConsentMissing { .. })
    ));
}

#[test]
fn a_status_written_past_the_rules_does_not_make_an_agreement_agreed() {
    let (mut alliance, founder, _) = two_partner_alliance();
    let id = alliance.add_agreement(&founder, "Pilot", "").expect("add");
    // A modified program writes the status directly, as the founder.
    let agreements = alliance.root_map(schema::AGREEMENTS).expect("agreements");
    let obj = alliance.map(&agreements, &id).expect("agreement");
    alliance
        .change(&founder, "forced".into(), |doc| {
            doc.put(&obj, "status", "agreed")?;
            Ok(())
        })
        .expect("write");
    let view = alliance.view();
    assert_eq!(view.agreements[0].status, AgreementStatus::Proposed);
    assert!(view.agreements[0].awaiting_consent);
}

#[test]
fn agreeing_concurrently_with_a_text_edit_does_not_stand() {
    let (mut alliance, founder, provider) = two_partner_alliance();
    let id = alliance
        .add_agreement(&founder, "Pilot", "Tekst")
        .expect("add");
    for author in [&founder, &provider] {
        alliance
            .set_position(author, &id, Stance::Agree, "")
            .expect("agree");
    }
    let mut other = replica(&mut alliance);
    alliance
        .edit_agreement(&founder, &id, &agree())
        .expect("agreed on the old text");
    other
        .edit_agreement(&provider, &id, &body("Tekst, aangevuld"))
        .expect("edit");
    alliance
        .document_mut()
        .merge(other.document_mut())
        .expect("merge");
    let view = alliance.view();
    assert_eq!(view.agreements[0].status, AgreementStatus::Proposed);
    assert_eq!(view.agreements[0].body, "Tekst, aangevuld");
}

#[test]
fn automatic_labels_continue_from_the_highest() {
    let (mut alliance, founder, _) = two_partner_alliance();
    snapshot_now(&mut alliance, &founder, Some("0.9"));
    alliance.add_agreement(&founder, "A", "").expect("add");
    assert_eq!(snapshot_now(&mut alliance, &founder, None).label, "0.10");
    alliance.add_agreement(&founder, "B", "").expect("add");
    snapshot_now(&mut alliance, &founder, Some("1.0"));
    alliance.add_agreement(&founder, "C", "").expect("add");
    assert_eq!(snapshot_now(&mut alliance, &founder, None).label, "1.1");
}

#[test]
fn a_board_decision_dated_before_its_snapshot_is_refused() {
    let (mut alliance, founder, _) = two_partner_alliance();
    let snapshot = snapshot_now(&mut alliance, &founder, None);
    let mut decision = adopt(Decision::Adopted, None);
    decision.date = "2020-01-01".into();
    let heads = alliance.heads();
    assert!(matches!(
        alliance.ratify(&founder, &snapshot.id, &decision),
        Err(ModelError::DecisionBeforeSnapshot { .. })
    ));
    assert_eq!(alliance.heads(), heads);

    // Written past the rule, it does not count either.
    let map = alliance.root_map(schema::RATIFICATIONS).expect("map");
    let id = snapshot.id.clone();
    let partner = founder.partner_id.clone();
    alliance
        .change(&founder, "backdated".into(), |doc| {
            let obj = doc.put_object(&map, "decision:backdated", automerge::ObjType::Map)?;
            doc.put(&obj, "snapshot", id.as_str())?;
            doc.put(&obj, "partner", partner.as_str())?;
            doc.put(&obj, "body", "College")?;
            doc.put(&obj, "decision", "adopted")?;
            doc.put(&obj, "date", "2020-01-01")?;
            Ok(())
        })
        .expect("write");
    assert!(alliance.decisions().is_empty());
}

#[test]
fn an_agreed_agreement_gets_a_review_date_six_months_on_and_an_outcome() {
    let (mut alliance, founder, provider) = two_partner_alliance();
    let id = alliance
        .add_agreement(&founder, "Wijkteams", "Eén wijkteam per wijk")
        .expect("add");
    for author in [&founder, &provider] {
        alliance
            .set_position(author, &id, Stance::Agree, "")
            .expect("agree");
    }
    alliance
        .edit_agreement(&founder, &id, &agree())
        .expect("agreed");
    let view = alliance.view();
    let agreement = &view.agreements[0];
    assert_eq!(agreement.status, AgreementStatus::Agreed);
    assert_eq!(
        agreement.review_date.as_deref(),
        Some(super::dates::six_months_from_today().as_str()),
        "the default review date"
    );
    assert!(agreement.outcome.is_empty());

    let heads = alliance.heads();
    let empty = AgreementEdit {
        outcome: Some("  ".into()),
        ..AgreementEdit::default()
    };
    assert!(alliance.edit_agreement(&founder, &id, &empty).is_err());
    assert_eq!(alliance.heads(), heads, "a refused edit changes nothing");

    let outcome = AgreementEdit {
        outcome: Some("Elke wijk een team; de gemeente financiert, Zorggroep levert".into()),
        review_date: Some(Some("1-9-2027".into())),
        ..AgreementEdit::default()
    };
    alliance
        .edit_agreement(&provider, &id, &outcome)
        .expect("outcome");
    let view = alliance.view();
    let agreement = &view.agreements[0];
    assert_eq!(
        agreement.outcome,
        "Elke wijk een team; de gemeente financiert, Zorggroep levert"
    );
    assert_eq!(agreement.review_date.as_deref(), Some("2027-09-01"));
    assert_eq!(agreement.status, AgreementStatus::Agreed, "still agreed");
}

#[test]
fn concurrent_outcomes_are_both_shown() {
    let (mut alliance, founder, provider) = two_partner_alliance();
    let id = alliance.add_agreement(&founder, "Pilot", "").expect("add");
    let mut other = replica(&mut alliance);
    let outcome = |text: &str| AgreementEdit {
        outcome: Some(text.into()),
        ..AgreementEdit::default()
    };
    alliance
        .edit_agreement(&founder, &id, &outcome("De gemeente trekt"))
        .expect("edit");
    other
        .edit_agreement(&provider, &id, &outcome("Zorggroep trekt"))
        .expect("edit");
    alliance
        .document_mut()
        .merge(other.document_mut())
        .expect("merge");
    let conflicts = &alliance.view().agreements[0].conflicts;
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(conflicts[0].field, "outcome");
    assert_eq!(conflicts[0].values.len(), 2);
}
