//! Tests of screening: what a member running a modified program can send,
//! and what of it is applied.

use std::collections::HashSet;

use automerge::sync::{ChunkList, Message, MessageVersion};
use automerge::transaction::Transactable;
use automerge::{ActorId, AutoCommit, Change, ROOT, ReadDoc};
use libp2p::PeerId;
use libp2p::identity::Keypair;

use super::*;
use crate::DocumentId;
use crate::signing::{DeviceSigner, Signatures, testing};

/// Every peer is a member.
struct Open;

impl AccessPolicy for Open {
    fn members(&self, _: &DocumentId, _: &mut AutoCommit) -> HashSet<PeerId> {
        HashSet::from([sender()])
    }

    fn admit(
        &self,
        _: &DocumentId,
        _: &mut AutoCommit,
        _: &PeerId,
        _: &[u8],
    ) -> Result<(), String> {
        Err("no joining here".into())
    }
}

fn sender() -> PeerId {
    static PEER: std::sync::OnceLock<PeerId> = std::sync::OnceLock::new();
    *PEER.get_or_init(PeerId::random)
}

fn id() -> DocumentId {
    "doc".parse().expect("id")
}

/// A core holding a base document, and the base.
fn core_with_base() -> (SyncCore<Open>, AutoCommit) {
    let mut base = testing::document();
    base.put(ROOT, "title", "start").expect("put");
    base.commit();
    (core_for(&mut base), base)
}

/// A core holding `base`, with the sender connected.
fn core_for(base: &mut AutoCommit) -> SyncCore<Open> {
    let mut core = SyncCore::new(Open).with_signer(testing::signer().clone());
    let signatures = testing::sign_all(&id(), base);
    core.add_document(id(), base.fork(), signatures, Vec::new(), Vec::new());
    core.peer_connected(sender());
    core.take_effects();
    core
}

/// A change on top of `doc` by `actor`, writing `key`.
fn change(doc: &mut AutoCommit, actor: ActorId, key: &str, value: &str) -> Change {
    doc.set_actor(actor);
    let before = doc.get_heads();
    doc.put(ROOT, key, value).expect("put");
    doc.commit();
    doc.get_changes(&before).pop().expect("a change")
}

/// Sends `changes` with `signatures` as one sync request.
fn send(core: &mut SyncCore<Open>, changes: &[Change], signatures: &Signatures) -> Vec<Effect> {
    let mut heads: Vec<_> = changes.iter().map(Change::hash).collect();
    heads.sort();
    let chunks = changes.iter().map(|c| c.raw_bytes().to_vec()).collect();
    send_chunks(core, heads, chunks, signatures)
}

/// Sends `doc` whole, as Automerge does to a peer that lacks much of it.
fn send_whole(
    core: &mut SyncCore<Open>,
    doc: &mut AutoCommit,
    signatures: &Signatures,
) -> Vec<Effect> {
    let heads = doc.get_heads();
    send_chunks(core, heads, vec![doc.save()], signatures)
}

fn send_chunks(
    core: &mut SyncCore<Open>,
    heads: Vec<automerge::ChangeHash>,
    chunks: Vec<Vec<u8>>,
    signatures: &Signatures,
) -> Vec<Effect> {
    let message = Message {
        heads,
        need: Vec::new(),
        have: Vec::new(),
        changes: ChunkList::from(chunks),
        flags: None,
        version: MessageVersion::V1,
    };
    core.handle_request(
        sender(),
        1,
        Request::Sync {
            document: "doc".into(),
            message: message.encode(),
            signatures: signatures.encode(),
        },
    );
    core.take_effects()
}

fn signed(signer: &DeviceSigner, changes: &[&Change]) -> Signatures {
    let mut signatures = Signatures::new();
    for change in changes {
        signatures.insert(change.hash(), signer.sign(&id(), &change.hash()));
    }
    signatures
}

fn has(core: &SyncCore<Open>, key: &str) -> bool {
    core.document(&id())
        .and_then(|d| d.get(ROOT, key).ok().flatten())
        .is_some()
}

fn refused(effects: &[Effect]) -> Option<usize> {
    effects.iter().find_map(|e| match e {
        Effect::Event(SyncEvent::ChangesRefused { count, .. }) => Some(*count),
        _ => None,
    })
}

#[test]
fn forged_and_unsigned_changes_are_refused_with_their_dependents_and_the_rest_applied() {
    let (mut core, mut base) = core_with_base();
    let forger = DeviceSigner::from_keypair(&Keypair::generate_ed25519()).expect("ed25519");
    let mut doc = base.fork();
    let good = change(&mut doc, testing::signer().new_actor(), "good", "yes");
    let mut forged_doc = base.fork();
    // An actor naming the honest key, signed with the forger's.
    let impostor = testing::signer().new_actor();
    let forged = change(&mut forged_doc, impostor.clone(), "forged", "yes");
    let dependent = change(&mut forged_doc, impostor, "dependent", "yes");
    let mut loose = base.fork();
    let unsigned = change(&mut loose, ActorId::random(), "unsigned", "yes");

    let mut signatures = signed(testing::signer(), &[&good]);
    signatures.extend(&signed(&forger, &[&forged, &dependent]));
    let effects = send(&mut core, &[good, forged, dependent, unsigned], &signatures);

    assert_eq!(refused(&effects), Some(3), "forged, dependent and unsigned");
    assert!(has(&core, "good"), "the rest of the message is applied");
    for key in ["forged", "dependent", "unsigned"] {
        assert!(!has(&core, key), "{key} was applied");
    }
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::Event(SyncEvent::Rejected { .. }))),
        "reported, not cut off"
    );
}

#[test]
fn in_a_large_message_verified_beside_the_decoding_a_forgery_is_still_refused() {
    for whole in [false, true] {
        let (mut core, mut base) = core_with_base();
        let forger = DeviceSigner::from_keypair(&Keypair::generate_ed25519()).expect("ed25519");
        let mut doc = base.fork();
        let actor = testing::signer().new_actor();
        let honest: Vec<Change> = (0..300)
            .map(|i| change(&mut doc, actor.clone(), &format!("k{i}"), "v"))
            .collect();
        let forged = change(&mut doc, actor.clone(), "forged", "yes");
        let dependent = change(&mut doc, actor, "dependent", "yes");
        let mut signatures = signed(testing::signer(), &honest.iter().collect::<Vec<_>>());
        signatures.extend(&signed(testing::signer(), &[&dependent]));
        signatures.extend(&signed(&forger, &[&forged]));
        let mut changes = honest;
        changes.extend([forged, dependent]);
        assert!(changes.len() >= 256, "large enough to verify on a thread");

        let effects = if whole {
            send_whole(&mut core, &mut doc, &signatures)
        } else {
            send(&mut core, &changes, &signatures)
        };

        assert_eq!(
            refused(&effects),
            Some(2),
            "the forgery and what builds on it"
        );
        assert!(has(&core, "k0") && has(&core, "k299"), "whole: {whole}");
        assert!(!has(&core, "forged") && !has(&core, "dependent"));
    }
}

#[test]
fn a_change_reusing_an_actor_and_sequence_number_is_refused() {
    let (mut core, mut base) = core_with_base();
    let actor = testing::signer().new_actor();
    let first = change(&mut base.fork(), actor.clone(), "value", "one");
    let replayed = change(&mut base.fork(), actor, "value", "two");
    assert_eq!(
        (first.seq(), first.actor_id()),
        (replayed.seq(), replayed.actor_id())
    );

    let effects = send(
        &mut core,
        std::slice::from_ref(&first),
        &signed(testing::signer(), &[&first]),
    );
    assert_eq!(refused(&effects), None);
    let effects = send(
        &mut core,
        std::slice::from_ref(&replayed),
        &signed(testing::signer(), &[&replayed]),
    );
    assert_eq!(refused(&effects), Some(1));
    let doc = core.document(&id()).expect("doc");
    assert_eq!(doc.get_all(ROOT, "value").expect("values").len(), 1);
}

/// A change that arrives before the change of its own actor it depends on
/// waits in Automerge's queue; its predecessor arriving next is not taken
/// for a second change with that sequence number.
#[test]
fn a_change_arriving_before_its_predecessor_is_no_equivocation() {
    let (mut core, mut base) = core_with_base();
    let mut doc = base.fork();
    let actor = testing::signer().new_actor();
    let first = change(&mut doc, actor.clone(), "first", "1");
    let second = change(&mut doc, actor, "second", "2");
    let signatures = signed(testing::signer(), &[&first, &second]);
    let effects = send(&mut core, std::slice::from_ref(&second), &signatures);
    assert_eq!(refused(&effects), None);
    assert!(
        !has(&core, "second"),
        "queued until its predecessor arrives"
    );
    let effects = send(&mut core, std::slice::from_ref(&first), &signatures);
    assert_eq!(
        refused(&effects),
        None,
        "the predecessor is no equivocation"
    );
    assert!(has(&core, "first") && has(&core, "second"));
    // The queued change sent again is not one either.
    let effects = send(&mut core, &[second], &signatures);
    assert_eq!(refused(&effects), None);
}

#[test]
fn unsigned_history_passes_only_below_a_signed_change() {
    let (mut core, mut base) = core_with_base();
    let mut doc = base.fork();
    let legacy = change(&mut doc, ActorId::random(), "legacy", "old");
    let effects = send(&mut core, std::slice::from_ref(&legacy), &Signatures::new());
    assert_eq!(refused(&effects), Some(1), "unsigned and alone");

    let mut core = core_for(&mut base);
    let checkpoint = change(
        &mut doc,
        testing::signer().new_actor(),
        "checkpoint",
        "here",
    );
    let signatures = signed(testing::signer(), &[&checkpoint]);
    let effects = send(&mut core, &[legacy, checkpoint], &signatures);
    assert_eq!(refused(&effects), None);
    assert!(has(&core, "legacy") && has(&core, "checkpoint"));
}

#[test]
fn own_changes_are_signed_and_saved_before_they_are_sent() {
    let (mut core, mut base) = core_with_base();
    // The peer answers our first message: nothing is in flight any more.
    core.handle_response(
        sender(),
        &id(),
        Response::Sync {
            message: None,
            signatures: Vec::new(),
        },
    );
    core.take_effects();
    let mut local = base.fork();
    let before = local.get_heads();
    change(&mut local, testing::signer().new_actor(), "news", "hallo");
    core.apply_local(&id(), &local.save_after(&before))
        .expect("apply");
    let effects = core.take_effects();
    let save = effects
        .iter()
        .position(|e| matches!(e, Effect::SaveNow { .. }))
        .expect("saved now");
    let first_send = effects
        .iter()
        .position(|e| matches!(e, Effect::Send { .. }))
        .expect("sent");
    assert!(save < first_send, "saved before sent");
    assert_eq!(core.take_unsaved(&id()).signatures.len(), 1);
}

#[test]
fn a_second_first_change_is_refused() {
    let (mut core, mut base) = core_with_base();
    // A change without dependencies, as if it founded the document anew.
    let mut rival = testing::document();
    let root = change(
        &mut rival,
        testing::signer().new_actor(),
        "founded",
        "again",
    );
    let mut doc = base.fork();
    let good = change(&mut doc, testing::signer().new_actor(), "good", "yes");
    let signatures = signed(testing::signer(), &[&root, &good]);
    let effects = send(&mut core, &[root, good], &signatures);
    assert_eq!(refused(&effects), Some(1));
    assert!(!has(&core, "founded"));
    assert!(has(&core, "good"));
}
