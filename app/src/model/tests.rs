//! Unit tests of the alliance rules, and a property test of convergence.

use std::cell::RefCell;
use std::collections::HashMap;

use automerge::ActorId;
use proptest::prelude::*;
use rondetafel_sync::DeviceSigner;
use rondetafel_sync::identity::Keypair;

use super::*;

thread_local! {
    /// The key of every test device, by device peer id.
    static DEVICES: RefCell<HashMap<String, DeviceSigner>> = RefCell::new(HashMap::new());
}

/// A new device: its peer id, with its key remembered.
pub(super) fn new_device() -> String {
    let signer = DeviceSigner::from_keypair(&Keypair::generate_ed25519()).expect("ed25519");
    let peer = rondetafel_sync::signing::device_peer(&signer.new_actor())
        .expect("signed actor")
        .to_string();
    DEVICES.with(|d| d.borrow_mut().insert(peer.clone(), signer));
    peer
}

/// A fresh actor of a test device (one per copy of a document, as one per
/// process run in the program).
pub(super) fn actor_of(device: &str) -> ActorId {
    DEVICES.with(|d| d.borrow().get(device).expect("a test device").new_actor())
}

/// The key of a test device.
pub(super) fn signer_of(device: &str) -> DeviceSigner {
    DEVICES.with(|d| d.borrow().get(device).expect("a test device").clone())
}

/// Lets `alliance` write as every test device, each with its own key and
/// a fresh actor, so attribution is real.
pub(super) fn with_devices(mut alliance: Alliance) -> Alliance {
    DEVICES.with(|d| {
        for signer in d.borrow().values() {
            alliance.add_device(signer.new_actor());
        }
    });
    alliance
}

/// Another replica of a document, able to write as every test device.
pub(super) fn replica_of(doc: automerge::AutoCommit) -> Alliance {
    with_devices(Alliance::from_document(doc, ActorId::random()).expect("replica"))
}

pub(super) fn organisation(name: &str, kind: PartnerKind) -> Organisation {
    Organisation {
        partner_id: ids::random_id(ids::ITEM_ID_BYTES),
        name: name.to_owned(),
        kind,
        roles: vec![Role::Financier],
    }
}

pub(super) fn author_of(org: &Organisation) -> Author {
    Author {
        partner_id: org.partner_id.clone(),
        device: new_device(),
    }
}

/// An alliance founded by a municipality, with a care provider as second partner.
pub(super) fn two_partner_alliance() -> (Alliance, Author, Author) {
    let gemeente = organisation("Gemeente Zwolle", PartnerKind::Gemeente);
    let zorg = organisation("Zorggroep Noord", PartnerKind::Zorgaanbieder);
    let founder = author_of(&gemeente);
    let alliance = Alliance::create(
        "Jeugd Noord",
        "Samen voor de jeugd",
        &gemeente,
        &founder.device,
        actor_of(&founder.device),
    )
    .expect("create");
    let provider = author_of(&zorg);
    let mut alliance = with_devices(alliance);
    alliance
        .admit_partner(&founder, &zorg, &provider.device)
        .expect("add partner");
    (alliance, founder, provider)
}

#[test]
fn the_founder_is_the_first_partner() {
    let (mut alliance, founder, _) = two_partner_alliance();
    let view = alliance.view();
    assert_eq!(view.name, "Jeugd Noord");
    assert_eq!(view.description, "Samen voor de jeugd");
    assert_eq!(view.partners[0].id, founder.partner_id);
    assert_eq!(view.partners[0].kind, "gemeente");
    assert_eq!(view.partners[0].devices, vec![founder.device.clone()]);
    assert_eq!(view.schema_version, schema::SCHEMA_VERSION);
}

#[test]
fn an_objection_needs_a_reason() {
    let (mut alliance, founder, _) = two_partner_alliance();
    let id = alliance
        .add_agreement(&founder, "Wijkteams", "Eén wijkteam per wijk")
        .expect("add");
    let heads = alliance.heads();
    assert!(matches!(
        alliance.set_position(&founder, &id, Stance::Object, "  "),
        Err(ModelError::PositionWithoutReason(Stance::Object))
    ));
    assert_eq!(alliance.heads(), heads, "a refused edit changes nothing");
}

#[test]
fn reservations_need_a_reason_too() {
    let (mut alliance, founder, _) = two_partner_alliance();
    let id = alliance
        .add_agreement(&founder, "Wijkteams", "Eén wijkteam per wijk")
        .expect("add");
    let heads = alliance.heads();
    let refused = alliance.set_position(&founder, &id, Stance::Reservations, "");
    assert!(matches!(
        refused,
        Err(ModelError::PositionWithoutReason(Stance::Reservations))
    ));
    assert!(refused.is_err_and(|e| e.to_string().contains("reservations needs a reason")));
    assert_eq!(alliance.heads(), heads, "a refused edit changes nothing");
}

#[test]
fn a_position_keeps_its_history() {
    let (mut alliance, founder, provider) = two_partner_alliance();
    let id = alliance
        .add_agreement(&founder, "Wijkteams", "Eén wijkteam per wijk")
        .expect("add");
    alliance
        .set_position(&provider, &id, Stance::Object, "Te weinig mensen")
        .expect("object");
    alliance
        .set_position(&founder, &id, Stance::Agree, "")
        .expect("agree");
    alliance
        .set_position(&provider, &id, Stance::Reservations, "Mits evaluatie")
        .expect("reservations");

    let history = alliance.position_history(&id).expect("history");
    let steps: Vec<(&str, Stance, &str)> = history
        .iter()
        .map(|s| (s.partner.as_str(), s.stance, s.reason.as_str()))
        .collect();
    assert_eq!(
        steps,
        vec![
            (
                provider.partner_id.as_str(),
                Stance::Object,
                "Te weinig mensen"
            ),
            (founder.partner_id.as_str(), Stance::Agree, ""),
            (
                provider.partner_id.as_str(),
                Stance::Reservations,
                "Mits evaluatie"
            ),
        ]
    );
    assert!(history.iter().all(|s| !s.time.is_empty()));
}

#[test]
fn agreed_only_while_nobody_objects() {
    let (mut alliance, founder, provider) = two_partner_alliance();
    let id = alliance
        .add_agreement(&founder, "Wijkteams", "")
        .expect("add");
    alliance
        .set_position(&provider, &id, Stance::Object, "Te weinig personeel")
        .expect("object");
    let error = alliance
        .edit_agreement(
            &founder,
            &id,
            &AgreementEdit {
                status: Some(AgreementStatus::Agreed),
                ..AgreementEdit::default()
            },
        )
        .expect_err("objection blocks");
    assert!(error.to_string().contains("Zorggroep Noord"), "{error}");

    alliance
        .set_position(&provider, &id, Stance::Reservations, "Mits evaluatie")
        .expect("soften");
    alliance
        .set_position(&founder, &id, Stance::Agree, "")
        .expect("agree");
    alliance
        .edit_agreement(
            &founder,
            &id,
            &AgreementEdit {
                status: Some(AgreementStatus::Agreed),
                ..AgreementEdit::default()
            },
        )
        .expect("now agreed");

    alliance
        .set_position(&provider, &id, Stance::Object, "Toch niet")
        .expect("object again");
    let view = alliance.view();
    assert_eq!(
        view.agreements[0].status,
        AgreementStatus::Proposed,
        "an objection reopens"
    );
}

#[test]
fn positions_are_recorded_per_partner() {
    let (mut alliance, founder, provider) = two_partner_alliance();
    let id = alliance
        .add_agreement(&founder, "Wijkteams", "")
        .expect("add");
    alliance
        .set_position(&founder, &id, Stance::Agree, "")
        .expect("agree");
    alliance
        .set_position(&provider, &id[..6], Stance::Abstain, "")
        .expect("prefix works");
    let positions = &alliance.view().agreements[0].positions;
    assert_eq!(positions[&founder.partner_id].stance, Stance::Agree);
    assert_eq!(positions[&provider.partner_id].stance, Stance::Abstain);
}

#[test]
fn only_the_owner_edits_an_interest() {
    let (mut alliance, founder, provider) = two_partner_alliance();
    let id = alliance
        .add_interest(&provider, "Continuïteit van ons personeel", true)
        .expect("add");
    let edit = InterestEdit {
        status: Some(InterestStatus::Resolved),
        ..InterestEdit::default()
    };
    let error = alliance
        .edit_interest(&founder, &id, &edit)
        .expect_err("not the owner");
    assert!(error.to_string().contains("Zorggroep Noord"), "{error}");
    alliance
        .respond_to_interest(&founder, &id, "Wij denken mee")
        .expect("others respond");
    alliance
        .edit_interest(&provider, &id, &edit)
        .expect("owner edits");
    let interest = &alliance.view().interests[0];
    assert_eq!(interest.status, InterestStatus::Resolved);
    assert!(interest.obstacle);
    assert_eq!(interest.responses[0].partner, founder.partner_id);
}

#[test]
fn strangers_cannot_edit() {
    let (mut alliance, _, _) = two_partner_alliance();
    let stranger = author_of(&organisation("Buiten", PartnerKind::Overig));
    assert!(matches!(
        alliance.add_agreement(&stranger, "Inbraak", ""),
        Err(ModelError::NotAMember)
    ));
}

#[test]
fn withdrawing_keeps_the_history() {
    let (mut alliance, founder, _) = two_partner_alliance();
    let id = alliance
        .add_agreement(&founder, "Pilot", "Tekst")
        .expect("add");
    alliance
        .edit_agreement(
            &founder,
            &id,
            &AgreementEdit {
                status: Some(AgreementStatus::Withdrawn),
                ..AgreementEdit::default()
            },
        )
        .expect("withdraw");
    let view = alliance.view();
    assert_eq!(view.agreements[0].status, AgreementStatus::Withdrawn);
    assert_eq!(view.agreements[0].body, "Tekst");
    assert!(matches!(
        alliance.set_position(&founder, &id, Stance::Agree, ""),
        Err(ModelError::NotOpenForPositions(_))
    ));
}

#[test]
fn review_dates_and_owners_are_validated() {
    let (mut alliance, founder, provider) = two_partner_alliance();
    let id = alliance.add_agreement(&founder, "Pilot", "").expect("add");
    let bad = AgreementEdit {
        review_date: Some(Some("2026-02-30".into())),
        ..AgreementEdit::default()
    };
    assert!(matches!(
        alliance.edit_agreement(&founder, &id, &bad),
        Err(ModelError::BadDate(_))
    ));
    let good = AgreementEdit {
        review_date: Some(Some("2027-01-15".into())),
        owners: Some(vec!["zorggroep noord".into()]),
        ..AgreementEdit::default()
    };
    alliance
        .edit_agreement(&founder, &id, &good)
        .expect("valid");
    let agreement = &alliance.view().agreements[0];
    assert_eq!(agreement.review_date.as_deref(), Some("2027-01-15"));
    assert_eq!(agreement.owners, vec![provider.partner_id.clone()]);
}

#[test]
fn every_change_is_attributed_to_a_device_and_partner() {
    let (mut alliance, founder, provider) = two_partner_alliance();
    alliance.add_agreement(&founder, "Pilot", "").expect("add");
    let mut other = replica_of(alliance.document_mut().fork());
    other
        .set_ambition(&provider, "Kinderen groeien veilig op")
        .expect("edit");
    alliance
        .document_mut()
        .merge(other.document_mut())
        .expect("merge");
    let history = alliance.history();
    let last = history.last().expect("history");
    assert_eq!(last.partner.as_deref(), Some(provider.partner_id.as_str()));
    assert_eq!(last.device.as_deref(), Some(provider.device.as_str()));
    assert!(history.iter().all(|entry| entry.partner.is_some()));
}

#[test]
fn concurrent_values_are_all_shown_with_who_set_them() {
    let (mut alliance, founder, provider) = two_partner_alliance();
    let id = alliance.add_agreement(&founder, "Pilot", "").expect("add");
    let mut other = replica_of(alliance.document_mut().fork());
    let set = |status| AgreementEdit {
        status: Some(status),
        ..AgreementEdit::default()
    };
    alliance
        .edit_agreement(&founder, &id, &set(AgreementStatus::Proposed))
        .expect("edit");
    other
        .edit_agreement(&provider, &id, &set(AgreementStatus::Withdrawn))
        .expect("edit");
    alliance
        .document_mut()
        .merge(other.document_mut())
        .expect("merge");

    let conflicts = &alliance.view().agreements[0].conflicts;
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].field, "status");
    let mut setters: Vec<_> = conflicts[0]
        .values
        .iter()
        .map(|v| (v.value.clone(), v.partner.clone()))
        .collect();
    setters.sort();
    assert_eq!(
        setters,
        vec![
            ("proposed".into(), Some(founder.partner_id.clone())),
            ("withdrawn".into(), Some(provider.partner_id.clone())),
        ]
    );
    // Setting the field again settles the conflict.
    alliance
        .edit_agreement(&founder, &id, &set(AgreementStatus::Proposed))
        .expect("settle");
    assert!(alliance.view().agreements[0].conflicts.is_empty());
}

#[test]
fn concurrent_body_edits_both_survive() {
    let (mut alliance, founder, provider) = two_partner_alliance();
    let id = alliance
        .add_agreement(&founder, "Pilot", "begin midden eind")
        .expect("add");
    let mut other = replica_of(alliance.document_mut().fork());
    let body = |text: &str| AgreementEdit {
        body: Some(text.into()),
        ..AgreementEdit::default()
    };
    alliance
        .edit_agreement(&founder, &id, &body("BEGIN midden eind"))
        .expect("edit");
    other
        .edit_agreement(&provider, &id, &body("begin midden EIND"))
        .expect("edit");
    alliance
        .document_mut()
        .merge(other.document_mut())
        .expect("merge");
    assert_eq!(alliance.view().agreements[0].body, "BEGIN midden EIND");
}

#[test]
fn documents_from_a_newer_version_are_refused() {
    use automerge::transaction::Transactable;
    let (mut alliance, _, _) = two_partner_alliance();
    let mut doc = alliance.document_mut().fork();
    doc.put(
        automerge::ROOT,
        "schema_version",
        schema::SCHEMA_VERSION + 1,
    )
    .expect("put");
    assert!(matches!(
        Alliance::from_document(doc, ActorId::random()),
        Err(ModelError::NewerSchema { .. })
    ));
    assert!(matches!(
        Alliance::from_document(automerge::AutoCommit::new(), ActorId::random()),
        Err(ModelError::NotAnAlliance(_))
    ));
}

/// One random edit in the property test.
#[derive(Debug, Clone)]
enum Edit {
    AddAgreement(String),
    Retitle(usize, String),
    InsertIntoBody(usize, String),
    SetStatus(usize, usize),
    SetPosition(usize, usize),
    SetAmbition(String),
    AddInterest(String, bool),
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    let word = "[a-zé]{1,8}";
    prop_oneof![
        word.prop_map(Edit::AddAgreement),
        (any::<usize>(), word).prop_map(|(i, w)| Edit::Retitle(i, w)),
        (any::<usize>(), word).prop_map(|(i, w)| Edit::InsertIntoBody(i, w)),
        (any::<usize>(), 0..4usize).prop_map(|(i, s)| Edit::SetStatus(i, s)),
        (any::<usize>(), 0..4usize).prop_map(|(i, s)| Edit::SetPosition(i, s)),
        word.prop_map(Edit::SetAmbition),
        (word, any::<bool>()).prop_map(|(w, o)| Edit::AddInterest(w, o)),
    ]
}

/// Applies an edit; refusals by the rules are fine (they change nothing).
fn apply(alliance: &mut Alliance, author: &Author, edit: &Edit) {
    let agreements: Vec<String> = alliance
        .view()
        .agreements
        .into_iter()
        .map(|a| a.id)
        .collect();
    let pick = |i: usize| agreements.get(i % agreements.len().max(1)).cloned();
    let _ = match edit {
        Edit::AddAgreement(title) => alliance.add_agreement(author, title, "tekst").map(drop),
        Edit::Retitle(i, title) => match pick(*i) {
            Some(id) => alliance.edit_agreement(
                author,
                &id,
                &AgreementEdit {
                    title: Some(title.clone()),
                    ..AgreementEdit::default()
                },
            ),
            None => Ok(()),
        },
        Edit::InsertIntoBody(i, word) => match pick(*i) {
            Some(id) => {
                let body = alliance
                    .view()
                    .agreements
                    .into_iter()
                    .find(|a| a.id == id)
                    .map(|a| a.body)
                    .unwrap_or_default();
                alliance.edit_agreement(
                    author,
                    &id,
                    &AgreementEdit {
                        body: Some(format!("{word} {body}")),
                        ..AgreementEdit::default()
                    },
                )
            }
            None => Ok(()),
        },
        Edit::SetStatus(i, s) => match pick(*i) {
            Some(id) => alliance.edit_agreement(
                author,
                &id,
                &AgreementEdit {
                    status: Some(AgreementStatus::ALL[*s]),
                    ..AgreementEdit::default()
                },
            ),
            None => Ok(()),
        },
        Edit::SetPosition(i, s) => match pick(*i) {
            Some(id) => alliance.set_position(author, &id, Stance::ALL[*s], "reden"),
            None => Ok(()),
        },
        Edit::SetAmbition(text) => alliance.set_ambition(author, text),
        Edit::AddInterest(text, obstacle) => {
            alliance.add_interest(author, text, *obstacle).map(drop)
        }
    };
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Three replicas edit independently, then merge in random orders and
    /// groupings: all end with the same heads and the same view.
    #[test]
    fn replicas_converge(
        edits in prop::collection::vec((0..3usize, edit_strategy()), 1..40),
        merges in prop::collection::vec((0..3usize, 0..3usize), 0..12),
    ) {
        let (mut base, founder, provider) = two_partner_alliance();
        let third_org = organisation("Woonstichting", PartnerKind::Woningcorporatie);
        let third = author_of(&third_org);
        base.admit_partner(&founder, &third_org, &third.device).expect("add third");
        let authors = [founder, provider, third];
        let mut replicas: Vec<Alliance> = (0..3)
            .map(|_| replica_of(base.document_mut().fork()))
            .collect();
        for (replica, edit) in &edits {
            apply(&mut replicas[*replica], &authors[*replica], edit);
        }
        for (to, from) in merges.into_iter().filter(|(a, b)| a != b) {
            let mut source = replicas[from].document_mut().fork();
            replicas[to].document_mut().merge(&mut source).expect("merge");
        }
        for to in 0..3 {
            for from in 0..3 {
                if to != from {
                    let mut source = replicas[from].document_mut().fork();
                    replicas[to].document_mut().merge(&mut source).expect("merge");
                }
            }
        }
        let first = replicas[0].view();
        for replica in &mut replicas[1..] {
            prop_assert_eq!(&replica.view(), &first);
        }
        let json = serde_json::to_string(&first).expect("json");
        prop_assert_eq!(json, serde_json::to_string(&replicas[2].view()).expect("json"));
    }
}

mod membership {
    use super::*;

    const DAY_MS: i64 = 24 * 3600 * 1000;

    fn now() -> i64 {
        jiff::Timestamp::now().as_millisecond()
    }

    #[test]
    fn an_invitation_admits_once() {
        let (mut alliance, founder, _) = two_partner_alliance();
        let invitation = alliance
            .invite(&founder, InvitationKind::Partner, now() + DAY_MS)
            .expect("invite");
        let woon = organisation("Woonstichting", PartnerKind::Woningcorporatie);
        assert!(matches!(
            alliance.admit_with_invitation(&founder, &invitation.id, b"wrong", &woon, "dev-w"),
            Err(ModelError::Invitation(InvitationError::WrongSecret))
        ));
        alliance
            .admit_with_invitation(&founder, &invitation.id, &invitation.secret, &woon, "dev-w")
            .expect("admit");
        assert!(alliance.member_devices().contains("dev-w"));
        let other = organisation("Ander", PartnerKind::Overig);
        assert!(matches!(
            alliance.admit_with_invitation(
                &founder,
                &invitation.id,
                &invitation.secret,
                &other,
                "dev-x"
            ),
            Err(ModelError::Invitation(InvitationError::Used))
        ));
        let stored = format!("{:?}", alliance.document_mut().save());
        assert!(
            !stored.contains(&hex::encode(invitation.secret)),
            "the secret never enters the document"
        );
    }

    #[test]
    fn an_expired_invitation_is_refused() {
        let (mut alliance, founder, _) = two_partner_alliance();
        let invitation = alliance
            .invite(&founder, InvitationKind::Partner, now() - 1)
            .expect("invite");
        assert_eq!(
            alliance.check_invitation(&invitation.id, &invitation.secret, now()),
            Err(InvitationError::Expired)
        );
    }

    #[test]
    fn device_invitations_are_for_the_own_partner() {
        let (mut alliance, founder, provider) = two_partner_alliance();
        assert!(matches!(
            alliance.invite(
                &founder,
                InvitationKind::Device {
                    partner_id: provider.partner_id.clone()
                },
                now() + DAY_MS
            ),
            Err(ModelError::NotYourPartner)
        ));
        let invitation = alliance
            .invite(
                &founder,
                InvitationKind::Device {
                    partner_id: founder.partner_id.clone(),
                },
                now() + DAY_MS,
            )
            .expect("invite");
        let stranger = organisation("Ander", PartnerKind::Overig);
        assert!(matches!(
            alliance.admit_with_invitation(
                &provider,
                &invitation.id,
                &invitation.secret,
                &stranger,
                "dev-s"
            ),
            Err(ModelError::Invitation(InvitationError::WrongPartner(_)))
        ));
        let view = alliance.view();
        let own = Organisation {
            partner_id: founder.partner_id.clone(),
            name: view.partners[0].name.clone(),
            kind: PartnerKind::Gemeente,
            roles: Vec::new(),
        };
        alliance
            .admit_with_invitation(
                &provider,
                &invitation.id,
                &invitation.secret,
                &own,
                "laptop-2",
            )
            .expect("second device");
        assert_eq!(alliance.view().partners[0].devices.len(), 2);
    }

    #[test]
    fn removed_partners_and_devices_leave_the_member_set() {
        let (mut alliance, founder, provider) = two_partner_alliance();
        alliance
            .remove_partner(&founder, "Zorggroep Noord")
            .expect("remove");
        assert!(!alliance.member_devices().contains(&provider.device));
        assert!(matches!(
            alliance.add_agreement(&provider, "Na vertrek", ""),
            Err(ModelError::NotAMember)
        ));
        assert!(matches!(
            alliance.remove_partner(&founder, &founder.partner_id),
            Err(ModelError::LastPartner)
        ));
        alliance
            .remove_device(&founder, &founder.device)
            .expect("retire own device");
        assert!(alliance.member_devices().is_empty());
        let history = alliance.history();
        assert!(
            history
                .iter()
                .any(|h| h.message.contains("remove partner Zorggroep Noord"))
        );
    }
}

/// A fork of `alliance` acting through its own actor, as another replica.
pub(super) fn replica(alliance: &mut Alliance) -> Alliance {
    let bytes = alliance.document_mut().save();
    let doc = automerge::AutoCommit::load(&bytes).expect("load");
    replica_of(doc)
}

#[test]
fn the_live_view_follows_local_and_merged_changes_item_by_item() {
    let (mut alliance, founder, provider) = two_partner_alliance();
    let first = alliance
        .add_agreement(&founder, "Wijkteams", "Eén wijkteam per wijk")
        .expect("agreement");
    let mut live = LiveView::new(&mut alliance);
    assert_eq!(live.view(), &alliance.view());

    alliance
        .edit_text(
            &founder,
            &TextField::AgreementBody(first.clone()),
            "Twee wijkteams",
        )
        .expect("body");
    let refresh = live.refresh(&mut alliance);
    assert!(refresh.changed && !refresh.rebuilt, "{refresh:?}");
    assert_eq!(live.view(), &alliance.view());

    let mut other = replica(&mut alliance);
    let second = other
        .add_agreement(&provider, "Huisvesting", "Tien woningen")
        .expect("agreement");
    let edit = |status| AgreementEdit {
        status: Some(status),
        ..AgreementEdit::default()
    };
    other
        .edit_agreement(&provider, &first, &edit(AgreementStatus::Proposed))
        .expect("status");
    alliance
        .edit_agreement(&founder, &first, &edit(AgreementStatus::Withdrawn))
        .expect("status");
    alliance
        .document_mut()
        .merge(other.document_mut())
        .expect("merge");
    let refresh = live.refresh(&mut alliance);
    assert!(refresh.changed, "{refresh:?}");
    let view = alliance.view();
    assert_eq!(live.view(), &view);
    assert_eq!(view.agreements[1].id, second);
    assert_eq!(view.agreements[0].conflicts.len(), 1);

    alliance
        .rename(&founder, "Jeugd Noord-Oost")
        .expect("rename");
    assert!(live.refresh(&mut alliance).rebuilt);
    assert_eq!(live.view(), &alliance.view());
    assert!(!live.refresh(&mut alliance).changed);
}

#[test]
fn an_anchor_keeps_its_character_while_text_is_inserted_before_it() {
    let (mut alliance, founder, provider) = two_partner_alliance();
    alliance
        .edit_text(&founder, &TextField::Ambition, "Elk kind een thuis")
        .expect("ambition");
    let anchor = alliance
        .anchor(&TextField::Ambition, 4)
        .expect("anchor at 'k'");
    let mut other = replica(&mut alliance);
    other
        .edit_text(&provider, &TextField::Ambition, "Samen: Elk kind een thuis")
        .expect("edit");
    alliance
        .document_mut()
        .merge(other.document_mut())
        .expect("merge");
    assert_eq!(
        alliance.text(&TextField::Ambition),
        "Samen: Elk kind een thuis"
    );
    assert_eq!(
        alliance.anchor_position(&TextField::Ambition, &anchor),
        Some(11)
    );
    // Typing keeps trailing spaces exactly as typed.
    alliance
        .edit_text(&founder, &TextField::Ambition, "Samen: Elk kind een thuis ")
        .expect("edit");
    assert_eq!(
        alliance.text(&TextField::Ambition),
        "Samen: Elk kind een thuis "
    );
}

// ---- Ratification: snapshots and board decisions ----

/// The date `days` days from today (UTC, as snapshots are dated): board
/// decisions in tests are dated relative to today, so that the tests keep
/// passing as the calendar moves on.
pub(super) fn days_from_today(days: i64) -> String {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .checked_add(jiff::Span::new().days(days))
        .expect("a date in range")
        .to_string()
}

pub(super) fn adopt(decision: Decision, conditions: Option<&str>) -> NewDecision {
    NewDecision {
        body: "College van B&W".into(),
        decision,
        date: days_from_today(210),
        reference: Some("Z/27/0042".into()),
        conditions: conditions.map(str::to_owned),
    }
}

/// Runs `act` on a replica of `alliance` with its own actor (as another
/// partner's device does), then merges the result back.
fn on_own_replica<T>(alliance: &mut Alliance, act: impl FnOnce(&mut Alliance) -> T) -> T {
    let mut replica = replica_of(alliance.document_mut().fork());
    let result = act(&mut replica);
    alliance
        .document_mut()
        .merge(replica.document_mut())
        .expect("merge");
    result
}

pub(super) fn snapshot_now(
    alliance: &mut Alliance,
    author: &Author,
    label: Option<&str>,
) -> SnapshotRecord {
    let heads = alliance.heads();
    alliance
        .record_snapshot(author, &heads, label)
        .expect("record")
        .0
}

#[test]
fn the_snapshot_id_is_sha256_over_the_sorted_heads() {
    use sha2::{Digest, Sha256};
    let (mut alliance, founder, _) = two_partner_alliance();
    let mut other = replica_of(alliance.document_mut().fork());
    alliance.add_agreement(&founder, "A", "").expect("add");
    other.add_agreement(&founder, "B", "").expect("add");
    alliance
        .document_mut()
        .merge(other.document_mut())
        .expect("merge");
    let mut heads = alliance.heads();
    assert_eq!(heads.len(), 2);
    let mut expected = Sha256::new();
    expected.update(b"rondetafel-snapshot-v1\0");
    let mut raw: Vec<[u8; 32]> = heads.iter().map(|h| h.0).collect();
    raw.sort();
    for head in &raw {
        expected.update(head);
    }
    let id = ratification::snapshot_id(&heads);
    assert_eq!(id, hex::encode(expected.finalize()));
    heads.reverse();
    assert_eq!(
        ratification::snapshot_id(&heads),
        id,
        "order does not matter"
    );
    assert_eq!(ratification::short_id(&id), &id[..12]);
}

#[test]
fn a_version_is_recorded_once_with_a_fixed_label() {
    let (mut alliance, founder, _) = two_partner_alliance();
    let first = snapshot_now(&mut alliance, &founder, None);
    assert_eq!(first.label, "0.1");
    let heads = ratification::parse_heads(&first.heads).expect("heads");
    let (again, recorded) = alliance
        .record_snapshot(&founder, &heads, None)
        .expect("again");
    assert!(!recorded);
    assert_eq!(again, first);
    assert!(matches!(
        alliance.record_snapshot(&founder, &heads, Some("1.0")),
        Err(ModelError::SnapshotLabelled { .. })
    ));
    let second = snapshot_now(&mut alliance, &founder, Some("1.0"));
    assert_eq!(alliance.snapshots(), vec![first.clone(), second.clone()]);
    assert_eq!(alliance.find_snapshot("1.0").expect("by label"), second);
    assert_eq!(
        alliance.find_snapshot(&first.id[..8]).expect("by prefix"),
        first
    );
}

#[test]
fn a_partner_records_only_its_own_decision() {
    use automerge::transaction::Transactable;
    let (mut alliance, founder, provider) = two_partner_alliance();
    let snapshot = snapshot_now(&mut alliance, &founder, None);
    let record = on_own_replica(&mut alliance, |r| {
        r.ratify(&provider, &snapshot.id, &adopt(Decision::Adopted, None))
    })
    .expect("ratify");
    // A copy that holds only the founder's key cannot write for the provider.
    let mut founders_copy =
        Alliance::from_document(alliance.document_mut().fork(), actor_of(&founder.device))
            .expect("copy");
    assert!(matches!(
        founders_copy.ratify(&provider, &snapshot.id, &adopt(Decision::Adopted, None)),
        Err(ModelError::ActsForAnotherPartner)
    ));
    assert_eq!(record.partner, provider.partner_id);
    assert_eq!(record.partner_name, "Zorggroep Noord");

    let stranger = author_of(&organisation("Buiten", PartnerKind::Overig));
    assert!(matches!(
        alliance.ratify(&stranger, &snapshot.id, &adopt(Decision::Adopted, None)),
        Err(ModelError::NotAMember)
    ));

    // A decision that names another partner than the device that wrote it
    // (as a modified peer could write) does not count.
    let count_before = alliance.decisions().len();
    let map = alliance.root_map(schema::RATIFICATIONS).expect("map");
    alliance
        .change(&founder, "forged".into(), |doc| {
            let obj = doc.put_object(&map, "decision:forged", automerge::ObjType::Map)?;
            doc.put(&obj, "snapshot", snapshot.id.as_str())?;
            doc.put(&obj, "partner", provider.partner_id.as_str())?;
            doc.put(&obj, "body", "Raad van Bestuur")?;
            doc.put(&obj, "decision", "rejected")?;
            doc.put(&obj, "date", days_from_today(212))?;
            Ok(())
        })
        .expect("write");
    assert_eq!(alliance.decisions().len(), count_before);
    let status = alliance.ratification_status();
    let provider_decision = status.snapshots[0].partners[1]
        .decision
        .clone()
        .expect("own");
    assert_eq!(provider_decision.decision, Decision::Adopted);
}

#[test]
fn decisions_are_validated() {
    let (mut alliance, founder, _) = two_partner_alliance();
    let snapshot = snapshot_now(&mut alliance, &founder, None);
    let heads = alliance.heads();
    assert!(matches!(
        alliance.ratify(
            &founder,
            &snapshot.id,
            &adopt(Decision::AdoptedWithConditions, None)
        ),
        Err(ModelError::ConditionsMissing)
    ));
    assert!(matches!(
        alliance.ratify(
            &founder,
            &snapshot.id,
            &adopt(Decision::Rejected, Some("x"))
        ),
        Err(ModelError::ConditionsNotAllowed(Decision::Rejected))
    ));
    let mut bad_date = adopt(Decision::Adopted, None);
    bad_date.date = "31-06-2027".into();
    assert!(matches!(
        alliance.ratify(&founder, &snapshot.id, &bad_date),
        Err(ModelError::BadDate(_))
    ));
    assert!(matches!(
        alliance.ratify(&founder, "ffffffff", &adopt(Decision::Adopted, None)),
        Err(ModelError::NotFound { .. })
    ));
    assert_eq!(alliance.heads(), heads, "refused decisions change nothing");
}

#[test]
fn vastgesteld_when_every_current_partner_adopted_the_same_snapshot() {
    let (mut alliance, founder, provider) = two_partner_alliance();
    let id = alliance
        .add_agreement(&founder, "Wijkteams", "Eén wijkteam per wijk")
        .expect("add");
    let snapshot = snapshot_now(&mut alliance, &founder, Some("1.0"));
    alliance
        .ratify(&founder, "1.0", &adopt(Decision::Adopted, None))
        .expect("founder");
    assert_eq!(alliance.ratification_status().vastgesteld, None);
    on_own_replica(&mut alliance, |r| {
        r.ratify(&provider, "1.0", &adopt(Decision::Postponed, None))
    })
    .expect("postponed");
    assert_eq!(alliance.ratification_status().vastgesteld, None);
    on_own_replica(&mut alliance, |r| {
        r.ratify(
            &provider,
            "1.0",
            &adopt(
                Decision::AdoptedWithConditions,
                Some("Evaluatie na een jaar"),
            ),
        )
    })
    .expect("adopted with conditions");
    let status = alliance.ratification_status();
    assert_eq!(status.vastgesteld.as_ref(), Some(&snapshot));
    assert!(
        !status.agreements_changed_since,
        "recording decisions changes no agreement"
    );
    assert_eq!(
        status.snapshots[0].decisions.len(),
        3,
        "the whole record is kept"
    );

    alliance
        .edit_agreement(
            &founder,
            &id,
            &AgreementEdit {
                body: Some("Eén wijkteam per stadsdeel".into()),
                ..AgreementEdit::default()
            },
        )
        .expect("edit");
    assert!(alliance.ratification_status().agreements_changed_since);
}

#[test]
fn partners_ratifying_different_snapshots_concurrently_merge() {
    let (mut alliance, founder, provider) = two_partner_alliance();
    alliance
        .add_agreement(&founder, "Wijkteams", "")
        .expect("add");
    let first = snapshot_now(&mut alliance, &founder, Some("0.9"));
    let mut provider_replica = replica_of(alliance.document_mut().fork());

    alliance
        .add_agreement(&founder, "Budget", "Gedeeld budget")
        .expect("add");
    let second = snapshot_now(&mut alliance, &founder, Some("1.0"));
    alliance
        .ratify(&founder, &second.id, &adopt(Decision::Adopted, None))
        .expect("founder adopts 1.0");
    provider_replica
        .ratify(&provider, &first.id, &adopt(Decision::Adopted, None))
        .expect("provider adopts 0.9");

    let mut theirs = provider_replica.document_mut().fork();
    alliance.document_mut().merge(&mut theirs).expect("merge");
    let mut ours = alliance.document_mut().fork();
    provider_replica
        .document_mut()
        .merge(&mut ours)
        .expect("merge");

    let status = alliance.ratification_status();
    assert_eq!(
        status,
        provider_replica.ratification_status(),
        "replicas agree"
    );
    assert_eq!(status.snapshots.len(), 2);
    assert_eq!(status.vastgesteld, None, "no snapshot was adopted by both");
    assert_eq!(
        alliance.decisions().len(),
        2,
        "both decisions survive the merge"
    );

    provider_replica
        .ratify(&provider, "1.0", &adopt(Decision::Adopted, None))
        .expect("provider adopts 1.0");
    assert_eq!(
        provider_replica.ratification_status().vastgesteld,
        Some(second)
    );
}
