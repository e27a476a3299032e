//! Restarting an alliance on a new epoch: the text goes, everything else
//! stays as the trust rules read it, every partner must agree, and a
//! device's later edits are carried over.

use automerge::ReadDoc;
use automerge::transaction::Transactable;

use super::epoch::{ERASED, RestartProof, RestartState};
use super::tests::{replica_of, signer_of, two_partner_alliance};
use super::*;

const NAME: &str = "Jan de Vries";

/// An alliance where both partners wrote the name, with a restart
/// proposed to take it out; returns the alliance, both authors and the
/// proposal's id.
fn alliance_with_a_name() -> (Alliance, Author, Author, String, String) {
    let (mut alliance, founder, provider) = two_partner_alliance();
    alliance
        .add_interest(&founder, &format!("Bel {NAME} over de wijk"), false)
        .expect("founder's interest");
    let theirs = alliance
        .add_interest(
            &provider,
            &format!("Zorg voor {NAME}, en voor iedereen"),
            true,
        )
        .expect("provider's interest");
    let agreement = alliance
        .add_agreement(&founder, "Eén loket", "Voor iedereen in de wijk")
        .expect("agreement");
    alliance
        .set_position(&provider, &agreement, Stance::Agree, "")
        .expect("position");
    let proposal = alliance
        .propose_restart(
            &founder,
            Some("jan de vries"),
            "verwijderverzoek van 1 maart",
        )
        .expect("propose");
    (alliance, founder, provider, proposal.id, theirs)
}

fn agree(alliance: &mut Alliance, authors: &[&Author], id: &str) -> epoch::RestartProposal {
    let mut last = None;
    for author in authors {
        last = Some(
            alliance
                .accept_restart(author, id, &signer_of(&author.device))
                .expect("accept"),
        );
    }
    last.expect("someone accepted")
}

#[test]
fn a_restart_takes_the_text_out_and_keeps_every_partners_own_values() {
    let (mut alliance, founder, provider, id, theirs) = alliance_with_a_name();
    let proposal = alliance.find_restart(&id).expect("find");
    assert_eq!(
        proposal.replacements.len(),
        2,
        "{:?}",
        proposal.replacements
    );
    assert!(
        !format!("{proposal:?}").contains("Vries"),
        "the name is not stored"
    );
    assert_eq!(proposal.state, RestartState::Open);
    assert_eq!(
        proposal.waiting_for,
        vec!["Gemeente Zwolle", "Zorggroep Noord"]
    );
    let agreed = agree(&mut alliance, &[&founder, &provider], &id);
    assert_eq!(agreed.state, RestartState::Agreed);

    // Two devices build the same first change.
    let mut other = replica_of(alliance.document().clone());
    let (mut epoch, hash) = alliance.build_epoch(&agreed).expect("build");
    let (_, same) = other.build_epoch(&agreed).expect("build again");
    assert_eq!(hash, same, "the new epoch starts alike on every device");
    let bytes = epoch.save();
    assert!(!String::from_utf8_lossy(&bytes).contains("Vries"));

    let mut new = replica_of(epoch);
    assert_eq!(new.id(), agreed.successor);
    let view = new.view();
    let texts: Vec<&str> = view.interests.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            format!("Bel {ERASED} over de wijk"),
            format!("Zorg voor {ERASED}, en voor iedereen")
        ]
    );
    let interest = view
        .interests
        .iter()
        .find(|i| i.id == theirs)
        .expect("theirs");
    assert_eq!(interest.partner, provider.partner_id);
    assert!(interest.obstacle);
    assert_eq!(view.partners.len(), 2);
    assert_eq!(view.agreements[0].positions.len(), 1, "positions stay");

    // Ownership carries over: the provider edits its own interest, the
    // founder may not.
    let edit = InterestEdit {
        text: Some("Zorg voor iedereen".into()),
        ..Default::default()
    };
    assert!(matches!(
        new.edit_interest(&founder, &theirs, &edit),
        Err(ModelError::NotYourInterest { .. })
    ));
    new.edit_interest(&provider, &theirs, &edit)
        .expect("own edit");
    new.note_switched(&founder).expect("switched");
    let epoch = new.epoch().expect("epoch");
    assert_eq!(epoch.previous, alliance.id());
    assert_eq!(epoch.replaced, 2);
    assert_eq!(epoch.switched, vec![founder.device.clone()]);
}

#[test]
fn every_partner_must_agree_and_only_for_itself() {
    let (mut alliance, founder, provider, id, _) = alliance_with_a_name();
    alliance
        .accept_restart(&founder, &id, &signer_of(&founder.device))
        .expect("accept");
    // The founder's program writes an acceptance in the provider's name.
    let proposal_obj = {
        let restarts = alliance
            .document()
            .get(automerge::ROOT, "restarts")
            .ok()
            .flatten()
            .map(|(_, obj)| obj)
            .expect("restarts");
        let proposal = alliance
            .document()
            .get(&restarts, id.as_str())
            .ok()
            .flatten()
            .map(|(_, obj)| obj)
            .expect("proposal");
        alliance
            .document()
            .get(&proposal, "accepted")
            .ok()
            .flatten()
            .map(|(_, obj)| obj)
            .expect("accepted")
    };
    let forged = alliance
        .find_restart(&id)
        .expect("find")
        .accepted
        .into_iter()
        .next()
        .expect("founder's acceptance");
    let doc = alliance.document_mut();
    let entry = doc
        .put_object(
            &proposal_obj,
            provider.partner_id.as_str(),
            automerge::ObjType::Map,
        )
        .expect("forge");
    doc.put(&entry, "device", forged.device.as_str())
        .expect("forge");
    doc.put(&entry, "key", forged.key.as_str()).expect("forge");
    doc.put(&entry, "signature", forged.signature.as_str())
        .expect("forge");
    doc.commit();
    let proposal = alliance.find_restart(&id).expect("find");
    assert_eq!(
        proposal.state,
        RestartState::Open,
        "a forged acceptance does not count"
    );
    assert!(matches!(
        alliance.build_epoch(&proposal),
        Err(ModelError::RestartNotReady(_))
    ));
    // A refusal ends it.
    let refused = alliance.refuse_restart(&provider, &id).expect("refuse");
    assert_eq!(refused.state, RestartState::Refused);
    assert!(matches!(
        alliance.accept_restart(&provider, &id, &signer_of(&provider.device)),
        Err(ModelError::RestartClosed { refused: true })
    ));
}

#[test]
fn a_forged_value_does_not_enter_the_new_epoch() {
    let (mut alliance, founder, provider) = two_partner_alliance();
    let theirs = alliance
        .add_interest(&provider, "Eigen belang van de zorg", false)
        .expect("interest");
    // The founder's program rewrites the provider's interest directly.
    let text = {
        let doc = alliance.document();
        let interests = doc
            .get(automerge::ROOT, "interests")
            .ok()
            .flatten()
            .expect("interests")
            .1;
        let interest = doc
            .get(&interests, theirs.as_str())
            .ok()
            .flatten()
            .expect("interest")
            .1;
        doc.get(&interest, "status").ok().flatten().expect("status");
        interest
    };
    let doc = alliance.document_mut();
    doc.put(&text, "status", "withdrawn").expect("forge");
    doc.commit();
    let proposal = alliance
        .propose_restart(&founder, None, "de geschiedenis opschonen")
        .expect("propose");
    let agreed = agree(&mut alliance, &[&founder, &provider], &proposal.id);
    let (epoch, _) = alliance.build_epoch(&agreed).expect("build");
    let mut new = replica_of(epoch);
    let interest = new
        .view()
        .interests
        .into_iter()
        .find(|i| i.id == theirs)
        .expect("interest");
    assert_eq!(
        interest.status,
        InterestStatus::Open,
        "the owner's own value"
    );
}

#[test]
fn edits_made_after_the_proposal_are_carried_over() {
    let (mut alliance, founder, provider, id, theirs) = alliance_with_a_name();
    let agreed = agree(&mut alliance, &[&founder, &provider], &id);
    // The provider's device, offline, edits its interest after agreeing.
    let mut offline = replica_of(alliance.document().clone());
    offline
        .edit_interest(
            &provider,
            &theirs,
            &InterestEdit {
                text: Some("Zorg voor iedereen in Noord".into()),
                ..Default::default()
            },
        )
        .expect("offline edit");
    let carried = offline.edits_after(&provider.device, &agreed.clock);
    assert!(!carried.is_empty());
    assert!(
        carried
            .iter()
            .all(|e| e.path.first().map(String::as_str) != Some("restarts"))
    );
    let (epoch, _) = offline.build_epoch(&agreed).expect("build");
    let mut new = replica_of(epoch);
    new.apply_carried_edits(&provider, &carried)
        .expect("carry over");
    let interest = new
        .view()
        .interests
        .into_iter()
        .find(|i| i.id == theirs)
        .expect("interest");
    assert_eq!(interest.text, "Zorg voor iedereen in Noord");
    // The founder's device made nothing after the proposal but its answer.
    assert!(
        alliance
            .edits_after(&founder.device, &agreed.clock)
            .is_empty()
    );
}

#[test]
fn the_proof_holds_only_with_every_partners_signature() {
    let (mut alliance, founder, provider, id, _) = alliance_with_a_name();
    let agreed = agree(&mut alliance, &[&founder, &provider], &id);
    let (_, hash) = alliance.build_epoch(&agreed).expect("build");
    let proof = RestartProof::of(&agreed, &hash);
    let decoded = RestartProof::decode(&proof.encode()).expect("decode");
    assert_eq!(decoded, proof);
    decoded.check(&alliance).expect("holds");
    let mut missing = proof.clone();
    missing.accepted.pop();
    assert!(missing.check(&alliance).is_err());
    let mut other_successor = proof.clone();
    other_successor.successor = "0".repeat(32);
    assert!(
        other_successor.check(&alliance).is_err(),
        "the signatures cover the successor"
    );
    assert!(RestartProof::decode(b"{").is_err());
}

#[test]
fn the_new_epoch_lists_the_snapshots_before_it() {
    let (mut alliance, founder, provider) = two_partner_alliance();
    let heads = alliance.heads();
    let (snapshot, _) = alliance
        .record_snapshot(&founder, &heads, Some("1.0"))
        .expect("snapshot");
    let today = jiff::Zoned::now().date().to_string();
    for author in [&founder, &provider] {
        alliance
            .ratify(
                author,
                &snapshot.id,
                &NewDecision {
                    body: "Bestuur".into(),
                    decision: Decision::Adopted,
                    date: today.clone(),
                    reference: None,
                    conditions: None,
                },
            )
            .expect("ratify");
    }
    let proposal = alliance
        .propose_restart(&founder, None, "opschonen")
        .expect("propose");
    let agreed = agree(&mut alliance, &[&founder, &provider], &proposal.id);
    let (epoch, _) = alliance.build_epoch(&agreed).expect("build");
    let mut new = replica_of(epoch);
    let info = new.epoch().expect("epoch");
    assert_eq!(info.previous_snapshots.len(), 1);
    assert!(info.previous_snapshots[0].adopted_by_all);
    assert_eq!(info.previous_snapshots[0].id, snapshot.id);
    assert!(
        new.snapshots().is_empty(),
        "its version is not in this document"
    );
    let heads = new.heads();
    let (next, _) = new
        .record_snapshot(&founder, &heads, None)
        .expect("a new snapshot");
    assert_eq!(next.label, "1.1", "numbering goes on across the restart");
}

#[test]
fn the_text_is_replaced_in_any_case() {
    use super::epoch::ERASED;
    let replace = super::epoch::replace_ignoring_case;
    assert_eq!(
        replace("Bel JAN de vries.", "jan de Vries"),
        format!("Bel {ERASED}.")
    );
    assert_eq!(replace("Jan, jan", "jan"), format!("{ERASED}, {ERASED}"));
    assert_eq!(replace("Geen naam", "jan"), "Geen naam");
    assert_eq!(
        replace("Ĳsselmeer ĳs", "ĳs"),
        format!("{ERASED}selmeer {ERASED}")
    );
}
