//! Input from the work floor: signing, supports, responses, promotion to
//! an agreement, all-or-nothing imports and forged supports.

use automerge::transaction::Transactable;
use automerge::{ROOT, ReadDoc};

use super::schema::INPUTS;
use super::tests::{actor_of, replica, two_partner_alliance};
use super::*;

fn idea(text: &str, role: InputRole, signing: Signing, name: &str) -> NewInput {
    NewInput {
        kind: InputKind::Idea,
        text: text.to_owned(),
        role,
        signing,
        name: name.to_owned(),
    }
}

#[test]
fn input_is_signed_as_chosen_and_a_client_is_never_named() {
    let (mut alliance, gemeente, _) = two_partner_alliance();
    let named = alliance
        .add_input(
            &gemeente,
            &idea(
                "Eén loket",
                InputRole::Professional,
                Signing::Named,
                "Anja de Vries",
            ),
        )
        .expect("named");
    alliance
        .add_input(
            &gemeente,
            &idea(
                "Sneller antwoord",
                InputRole::Client,
                Signing::Anonymous,
                "",
            ),
        )
        .expect("anonymous");
    let before = alliance.heads();
    for (input, error) in [
        (
            idea("Hulp", InputRole::Client, Signing::Named, "Jan Jansen"),
            "client",
        ),
        (
            idea("Hulp", InputRole::Manager, Signing::RoleOnly, "Piet"),
            "name",
        ),
        (
            idea("  ", InputRole::Manager, Signing::RoleOnly, ""),
            "empty",
        ),
    ] {
        let refused = alliance.add_input(&gemeente, &input).expect_err(error);
        assert!(
            matches!(
                refused,
                ModelError::ClientNamed
                    | ModelError::NameWithoutNamedSigning
                    | ModelError::Empty(_)
            ),
            "{refused:?}"
        );
    }
    assert_eq!(alliance.heads(), before);
    let view = alliance.view();
    let first = view.inputs.iter().find(|i| i.id == named).expect("input");
    assert_eq!(first.name, "Anja de Vries");
    assert_eq!(first.partner.as_deref(), Some(gemeente.partner_id.as_str()));
    assert_eq!(first.status, InputStatus::New);
    let second = &view.inputs[1];
    assert_eq!(second.partner, None, "anonymous shows no organisation");
}

#[test]
fn supports_count_once_per_partner_and_role() {
    let (mut alliance, gemeente, zorg) = two_partner_alliance();
    let id = alliance
        .add_input(
            &gemeente,
            &idea("Eén loket", InputRole::Professional, Signing::RoleOnly, ""),
        )
        .expect("input");
    alliance
        .support_input(&zorg, &id, InputRole::Professional)
        .expect("support");
    alliance
        .support_input(&zorg, &id, InputRole::Professional)
        .expect("again");
    alliance
        .support_input(&zorg, &id[..5], InputRole::Manager)
        .expect("as manager");
    let supports = alliance.view().inputs[0].supports.clone();
    assert_eq!(supports.len(), 2, "{supports:?}");
}

#[test]
fn a_response_keeps_the_steps_and_promotion_links_both_ways() {
    let (mut alliance, gemeente, zorg) = two_partner_alliance();
    let id = alliance
        .add_input(
            &gemeente,
            &idea(
                "Eén loket voor alle hulpvragen in de wijk",
                InputRole::Professional,
                Signing::RoleOnly,
                "",
            ),
        )
        .expect("input");
    let respond = |status, reason: &str| InputResponse {
        status: Some(status),
        reason: reason.to_owned(),
        agreement: None,
    };
    let before = alliance.heads();
    assert!(matches!(
        alliance.respond_to_input(&zorg, &id, &respond(InputStatus::NotTakenUp, "")),
        Err(ModelError::Empty("the reason"))
    ));
    assert!(matches!(
        alliance.respond_to_input(&zorg, &id, &respond(InputStatus::TakenUp, "")),
        Err(ModelError::TakenUpWithoutAgreement)
    ));
    assert!(matches!(
        alliance.respond_to_input(&zorg, &id, &respond(InputStatus::Done, "")),
        Err(ModelError::DoneBeforeAnswer)
    ));
    assert_eq!(alliance.heads(), before);
    alliance
        .respond_to_input(&zorg, &id, &respond(InputStatus::InProgress, ""))
        .expect("in progress");
    let agreement = alliance.promote_input(&zorg, &id).expect("promote");
    assert!(matches!(
        alliance.promote_input(&zorg, &id),
        Err(ModelError::InputPromotedAlready(_))
    ));
    let view = alliance.view();
    let input = &view.inputs[0];
    assert_eq!(input.status, InputStatus::TakenUp);
    assert_eq!(input.agreement.as_deref(), Some(agreement.as_str()));
    let made = view
        .agreements
        .iter()
        .find(|a| a.id == agreement)
        .expect("agreement");
    assert_eq!(made.status, AgreementStatus::Proposed);
    assert_eq!(made.from_input.as_deref(), Some(id.as_str()));
    assert_eq!(made.title, "Eén loket voor alle hulpvragen in de wijk");
    assert!(matches!(
        alliance.respond_to_input(&zorg, &id, &respond(InputStatus::New, "")),
        Err(ModelError::InputBackToNew)
    ));
    alliance
        .respond_to_input(&zorg, &id, &respond(InputStatus::Done, ""))
        .expect("done");
}

#[test]
fn an_import_with_one_bad_row_adds_nothing() {
    let (mut alliance, gemeente, _) = two_partner_alliance();
    let before = alliance.heads();
    let rows = [
        idea("Goed", InputRole::Professional, Signing::RoleOnly, ""),
        idea("Fout", InputRole::Client, Signing::Named, "Jan Jansen"),
    ];
    assert!(alliance.add_inputs(&gemeente, &rows).is_err());
    assert_eq!(alliance.heads(), before);
    let ids = alliance
        .add_inputs(&gemeente, &rows[..1])
        .expect("one good row");
    assert_eq!(ids.len(), 1);
}

/// A member's device writes another partner's support and another
/// partner's text straight into the document.
#[test]
fn forged_supports_and_texts_do_not_count() {
    let (mut alliance, gemeente, zorg) = two_partner_alliance();
    let id = alliance
        .add_input(
            &gemeente,
            &idea("Eén loket", InputRole::Professional, Signing::RoleOnly, ""),
        )
        .expect("input");
    let mut forger = replica(&mut alliance);
    forger.document_mut().set_actor(actor_of(&zorg.device));
    let doc = forger.document_mut();
    let (_, inputs) = doc.get(ROOT, INPUTS).unwrap().unwrap();
    let (_, obj) = doc.get(&inputs, id.as_str()).unwrap().unwrap();
    doc.put(&obj, "text", "Geen loket").unwrap();
    let (_, supports) = doc.get(&obj, "supports").unwrap().unwrap();
    let key = format!("{}:manager", gemeente.partner_id);
    doc.put(&supports, key.as_str(), 1_i64).unwrap();
    doc.commit();
    let view = forger.view();
    assert_eq!(view.inputs[0].text, "Eén loket");
    assert!(view.inputs[0].supports.is_empty());
}
