//! Deterministic tests of the sync core: several cores connected by an
//! in-memory network that delivers effects until nothing is left to do.

use std::collections::{HashSet, VecDeque};

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ROOT, ReadDoc};
use libp2p::PeerId;

use super::*;
use crate::DocumentId;
use crate::signing::testing;

/// Adds documents with the test signer's signatures of their changes.
trait AddSigned {
    fn add_signed(
        &mut self,
        id: DocumentId,
        doc: AutoCommit,
        states: Vec<(PeerId, Vec<u8>)>,
        bootstrap: Vec<PeerId>,
    );
}

impl<P: AccessPolicy> AddSigned for SyncCore<P> {
    fn add_signed(
        &mut self,
        id: DocumentId,
        mut doc: AutoCommit,
        states: Vec<(PeerId, Vec<u8>)>,
        bootstrap: Vec<PeerId>,
    ) {
        let signatures = testing::sign_all(&id, &mut doc);
        self.add_document(id, doc, signatures, states, bootstrap);
    }
}

/// A core signing with the test signer.
fn core() -> SyncCore<TestPolicy> {
    SyncCore::new(TestPolicy).with_signer(testing::signer().clone())
}

/// Members are the keys of the document's root `members` map; the proof
/// "open sesame" admits anyone.
struct TestPolicy;

impl AccessPolicy for TestPolicy {
    fn members(&self, _: &DocumentId, doc: &mut AutoCommit) -> HashSet<PeerId> {
        let Ok(Some((_, members))) = doc.get(ROOT, "members") else {
            return HashSet::new();
        };
        doc.keys(&members).filter_map(|k| k.parse().ok()).collect()
    }

    fn admit(
        &self,
        _: &DocumentId,
        doc: &mut AutoCommit,
        peer: &PeerId,
        proof: &[u8],
    ) -> Result<(), String> {
        if proof != b"open sesame" {
            return Err("wrong secret".into());
        }
        let Ok(Some((_, members))) = doc.get(ROOT, "members") else {
            return Err("no members".into());
        };
        doc.put(&members, peer.to_string(), true)
            .map_err(|e| e.to_string())?;
        doc.commit();
        Ok(())
    }
}

struct Peer {
    id: PeerId,
    core: SyncCore<TestPolicy>,
    events: Vec<SyncEvent>,
    saves: usize,
}

/// Messages in flight: (from, to, what).
enum Wire {
    Request {
        inbound: InboundId,
        document: DocumentId,
        request: Request,
    },
    Response {
        document: DocumentId,
        response: Response,
    },
}

struct Network {
    peers: Vec<Peer>,
    in_flight: VecDeque<(usize, usize, Wire)>,
    /// Open inbound requests: inbound id → (answering peer, asking peer, document).
    open: Vec<(InboundId, usize, usize, DocumentId)>,
    next_inbound: InboundId,
    bytes: usize,
}

impl Network {
    fn new(count: usize) -> Self {
        let peers = (0..count)
            .map(|_| Peer {
                id: PeerId::random(),
                core: core(),
                events: Vec::new(),
                saves: 0,
            })
            .collect();
        Network {
            peers,
            in_flight: VecDeque::new(),
            open: Vec::new(),
            next_inbound: 0,
            bytes: 0,
        }
    }

    fn connect(&mut self, a: usize, b: usize) {
        let (ida, idb) = (self.peers[a].id, self.peers[b].id);
        self.peers[a].core.peer_connected(idb);
        self.peers[b].core.peer_connected(ida);
    }

    fn index_of(&self, peer: PeerId) -> usize {
        self.peers
            .iter()
            .position(|p| p.id == peer)
            .expect("known peer")
    }

    /// Delivers everything until no peer has anything left to do.
    fn run_until_quiescent(&mut self) {
        for _ in 0..10_000 {
            let mut progressed = false;
            for i in 0..self.peers.len() {
                for effect in self.peers[i].core.take_effects() {
                    progressed = true;
                    self.perform(i, effect);
                }
            }
            if let Some((from, to, wire)) = self.in_flight.pop_front() {
                progressed = true;
                let from_id = self.peers[from].id;
                match wire {
                    Wire::Request {
                        inbound,
                        document,
                        request,
                    } => {
                        self.open.push((inbound, to, from, document));
                        self.peers[to]
                            .core
                            .handle_request(from_id, inbound, request);
                    }
                    Wire::Response { document, response } => {
                        self.peers[to]
                            .core
                            .handle_response(from_id, &document, response);
                    }
                }
            }
            if !progressed {
                return;
            }
        }
        panic!("the network did not settle");
    }

    fn perform(&mut self, at: usize, effect: Effect) {
        match effect {
            Effect::Send {
                peer,
                document,
                request,
            } => {
                self.bytes += size(&request);
                let inbound = self.next_inbound;
                self.next_inbound += 1;
                let to = self.index_of(peer);
                self.in_flight.push_back((
                    at,
                    to,
                    Wire::Request {
                        inbound,
                        document,
                        request,
                    },
                ));
            }
            Effect::Respond { inbound, response } => {
                let position = self
                    .open
                    .iter()
                    .position(|(id, ..)| *id == inbound)
                    .expect("open request");
                let (_, answering, asking, document) = self.open.remove(position);
                assert_eq!(answering, at);
                self.in_flight
                    .push_back((at, asking, Wire::Response { document, response }));
            }
            Effect::Close { inbound } => {
                let position = self
                    .open
                    .iter()
                    .position(|(id, ..)| *id == inbound)
                    .expect("open request");
                let (_, _, asking, document) = self.open.remove(position);
                let answering = self.peers[at].id;
                self.peers[asking]
                    .core
                    .handle_failure(answering, &document, false);
            }
            Effect::Save { .. } | Effect::SaveNow { .. } => self.peers[at].saves += 1,
            Effect::SaveSyncState { .. } => {}
            Effect::Event(event) => self.peers[at].events.push(event),
        }
    }
}

fn size(request: &Request) -> usize {
    match request {
        Request::Sync { message, .. } => message.len(),
        Request::Join { proof, .. } => proof.len(),
    }
}

fn id() -> DocumentId {
    "doc".parse().expect("id")
}

/// A document whose members are `peers`, with a canary string.
fn document(peers: &[PeerId]) -> AutoCommit {
    let mut doc = testing::document();
    let members = doc.put_object(ROOT, "members", ObjType::Map).expect("map");
    for peer in peers {
        doc.put(&members, peer.to_string(), true).expect("put");
    }
    doc.put(ROOT, "secret", "CANARY-7c1f").expect("put");
    doc.commit();
    doc
}

fn edit(doc: &mut AutoCommit, key: &str, value: &str) {
    doc.put(ROOT, key, value).expect("put");
    doc.commit();
}

fn value(doc: &AutoCommit, key: &str) -> Option<String> {
    match doc.get(ROOT, key).ok().flatten()? {
        (automerge::Value::Scalar(s), _) => s.as_str().map(str::to_owned),
        _ => None,
    }
}

/// Two connected members that already share one document.
fn synced_pair() -> (Network, Vec<PeerId>) {
    let mut net = Network::new(2);
    let ids: Vec<PeerId> = net.peers.iter().map(|p| p.id).collect();
    let mut base = document(&ids);
    for peer in &mut net.peers {
        peer.core.add_signed(
            id(),
            base.fork().with_actor(testing::signer().new_actor()),
            Vec::new(),
            Vec::new(),
        );
    }
    net.connect(0, 1);
    net.run_until_quiescent();
    (net, ids)
}

#[test]
fn members_converge_and_report_synced() {
    let mut net = Network::new(3);
    let ids: Vec<PeerId> = net.peers.iter().map(|p| p.id).collect();
    let mut base = document(&ids);
    for (i, peer) in net.peers.iter_mut().enumerate() {
        let mut doc = base.fork().with_actor(testing::signer().new_actor());
        edit(&mut doc, &format!("edit-{i}"), "offline");
        edit(&mut doc, "status", &format!("set by {i}"));
        peer.core.add_signed(id(), doc, Vec::new(), Vec::new());
    }
    net.connect(0, 1);
    net.connect(1, 2);
    net.run_until_quiescent();

    let heads: Vec<_> = net
        .peers
        .iter_mut()
        .map(|p| p.core.document_mut(&id()).expect("doc").get_heads())
        .collect();
    assert!(heads.windows(2).all(|w| w[0] == w[1]), "heads differ");
    let doc = net.peers[2].core.document(&id()).expect("doc");
    for i in 0..3 {
        assert_eq!(value(doc, &format!("edit-{i}")).as_deref(), Some("offline"));
    }
    assert_eq!(
        doc.get_all(ROOT, "status").expect("all").len(),
        3,
        "every concurrent value kept"
    );
    assert!(
        net.peers[0]
            .events
            .iter()
            .any(|e| matches!(e, SyncEvent::Synced { .. }))
    );
    assert!(net.peers.iter().all(|p| p.saves > 0));
}

#[test]
fn a_local_change_reaches_connected_members() {
    let (mut net, _) = synced_pair();
    let mut local = net.peers[0].core.document(&id()).expect("doc").clone();
    let before = local.get_heads();
    edit(&mut local, "news", "hallo");
    let changes = local.save_after(&before);
    net.peers[0]
        .core
        .apply_local(&id(), &changes)
        .expect("apply");
    net.run_until_quiescent();
    assert_eq!(
        value(net.peers[1].core.document(&id()).expect("doc"), "news").as_deref(),
        Some("hallo")
    );
}

#[test]
fn a_non_member_learns_nothing_and_changes_nothing() {
    let mut net = Network::new(2);
    let member = net.peers[0].id;
    net.peers[0]
        .core
        .add_signed(id(), document(&[member]), Vec::new(), Vec::new());
    // The outsider pretends to have the document and pushes a change.
    let mut fake = document(&[member]);
    edit(&mut fake, "secret", "overwritten");
    net.peers[1]
        .core
        .add_signed(id(), fake, Vec::new(), Vec::new());
    let before = net.peers[0]
        .core
        .document_mut(&id())
        .expect("doc")
        .get_heads();
    net.connect(0, 1);
    net.run_until_quiescent();

    assert_eq!(
        net.peers[0]
            .core
            .document_mut(&id())
            .expect("doc")
            .get_heads(),
        before
    );
    let outsider = net.peers[1].core.document(&id()).expect("doc");
    assert_eq!(
        value(outsider, "secret").as_deref(),
        Some("overwritten"),
        "no canary leaked"
    );
    assert!(
        net.peers[1]
            .events
            .iter()
            .any(|e| matches!(e, SyncEvent::Unavailable { .. }))
    );
}

#[test]
fn a_join_with_the_right_proof_admits_and_delivers() {
    let mut net = Network::new(2);
    let member = net.peers[0].id;
    net.peers[0]
        .core
        .add_signed(id(), document(&[member]), Vec::new(), Vec::new());
    net.peers[1]
        .core
        .add_signed(id(), AutoCommit::new(), Vec::new(), vec![member]);
    net.connect(0, 1);
    net.peers[1]
        .core
        .request_join(&id(), member, b"wrong".to_vec());
    net.run_until_quiescent();
    assert!(
        net.peers[1]
            .events
            .iter()
            .any(|e| matches!(e, SyncEvent::JoinAnswered { result: Err(_), .. }))
    );
    assert_eq!(
        value(net.peers[1].core.document(&id()).expect("doc"), "secret"),
        None
    );

    net.peers[1]
        .core
        .request_join(&id(), member, b"open sesame".to_vec());
    net.run_until_quiescent();
    assert!(
        net.peers[1]
            .events
            .iter()
            .any(|e| matches!(e, SyncEvent::JoinAnswered { result: Ok(()), .. }))
    );
    let joined = net.peers[1].core.document(&id()).expect("doc");
    assert_eq!(value(joined, "secret").as_deref(), Some("CANARY-7c1f"));
    assert!(
        net.peers[0]
            .events
            .iter()
            .any(|e| matches!(e, SyncEvent::Admitted { .. }))
    );
}

#[test]
fn a_removed_member_stops_receiving() {
    let (mut net, ids) = synced_pair();
    let mut local = net.peers[0].core.document(&id()).expect("doc").clone();
    let before = local.get_heads();
    let members = match local.get(ROOT, "members") {
        Ok(Some((_, m))) => m,
        _ => panic!("members"),
    };
    local.delete(&members, ids[1].to_string()).expect("remove");
    local.commit();
    edit(&mut local, "after", "not for you");
    let changes = local.save_after(&before);
    net.peers[0]
        .core
        .apply_local(&id(), &changes)
        .expect("apply");
    net.run_until_quiescent();
    assert_eq!(
        value(net.peers[1].core.document(&id()).expect("doc"), "after"),
        None
    );

    // Its later changes are refused.
    let mut theirs = net.peers[1].core.document(&id()).expect("doc").clone();
    let before = theirs.get_heads();
    edit(&mut theirs, "sneaky", "yes");
    let changes = theirs.save_after(&before);
    net.peers[1]
        .core
        .apply_local(&id(), &changes)
        .expect("apply");
    net.run_until_quiescent();
    assert_eq!(
        value(net.peers[0].core.document(&id()).expect("doc"), "sneaky"),
        None
    );
}

#[test]
fn malformed_messages_are_rejected_and_change_nothing() {
    let mut core = core();
    let peer = PeerId::random();
    core.add_signed(id(), document(&[peer]), Vec::new(), Vec::new());
    core.peer_connected(peer);
    core.take_effects();
    let before = core.document_mut(&id()).expect("doc").get_heads();
    core.handle_request(
        peer,
        1,
        Request::Sync {
            document: "doc".into(),
            message: vec![0x42, 0xff, 0x00, 0x13],
            signatures: Vec::new(),
        },
    );
    let effects = core.take_effects();
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Close { inbound: 1 }))
    );
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Event(SyncEvent::Rejected { .. })))
    );
    assert_eq!(core.document_mut(&id()).expect("doc").get_heads(), before);
    // Unknown and invalid document ids get the same answer as forbidden ones.
    for document in ["nope", "../../etc", ""] {
        core.handle_request(
            peer,
            2,
            Request::Sync {
                document: document.into(),
                message: Vec::new(),
                signatures: Vec::new(),
            },
        );
        assert!(matches!(
            core.take_effects().as_slice(),
            [Effect::Respond {
                response: Response::Unavailable,
                ..
            }]
        ));
    }
}

#[test]
fn a_reconnect_resumes_from_the_persisted_state() {
    let mut net = Network::new(2);
    let ids: Vec<PeerId> = net.peers.iter().map(|p| p.id).collect();
    let mut base = document(&ids);
    for i in 0..200 {
        edit(&mut base, "counter", &i.to_string());
    }
    for peer in &mut net.peers {
        peer.core.add_signed(
            id(),
            base.fork().with_actor(testing::signer().new_actor()),
            Vec::new(),
            Vec::new(),
        );
    }
    net.connect(0, 1);
    net.run_until_quiescent();
    // Persisted states, as a restarted node would load them.
    let states: Vec<Vec<u8>> = (0..2)
        .map(|i| {
            net.peers[i].core.peer_disconnected(ids[1 - i]);
            net.peers[i]
                .core
                .take_effects()
                .into_iter()
                .find_map(|e| match e {
                    Effect::SaveSyncState { state, .. } => Some(state),
                    _ => None,
                })
                .expect("state saved")
        })
        .collect();
    let mut restarted = Network::new(0);
    for i in 0..2 {
        let mut doc = net.peers[i].core.document(&id()).expect("doc").clone();
        if i == 0 {
            edit(&mut doc, "one more", "change");
        }
        let mut core = core();
        core.add_signed(id(), doc, vec![(ids[1 - i], states[i].clone())], Vec::new());
        restarted.peers.push(Peer {
            id: ids[i],
            core,
            events: Vec::new(),
            saves: 0,
        });
    }
    restarted.connect(0, 1);
    restarted.run_until_quiescent();
    assert_eq!(
        value(
            restarted.peers[1].core.document(&id()).expect("doc"),
            "one more"
        )
        .as_deref(),
        Some("change")
    );
    assert!(
        restarted.bytes < 2_000,
        "resumed sync sent {} bytes",
        restarted.bytes
    );
}

/// `count` members that each made an offline edit, connected all to all,
/// as in a meeting room; meeting-scale sync is on.
fn room(count: usize) -> Network {
    let mut net = Network::new(count);
    for peer in &mut net.peers {
        let id = peer.id;
        peer.core = core().with_local_peer(id);
    }
    let ids: Vec<PeerId> = net.peers.iter().map(|p| p.id).collect();
    let mut base = document(&ids);
    for (i, peer) in net.peers.iter_mut().enumerate() {
        let mut doc = base.fork().with_actor(testing::signer().new_actor());
        for n in 0..20 {
            edit(&mut doc, &format!("edit-{i}-{n}"), "offline");
        }
        peer.core.add_signed(id(), doc, Vec::new(), Vec::new());
    }
    for a in 0..count {
        for b in a + 1..count {
            net.connect(a, b);
        }
    }
    net
}

impl Network {
    /// Runs until quiescent, with the event loop's settle checks between,
    /// until nothing is deferred any more.
    fn run_with_settle_checks(&mut self) {
        for _ in 0..20 {
            self.run_until_quiescent();
            if !self.peers.iter().any(|p| p.core.has_deferred()) {
                return;
            }
            for peer in &mut self.peers {
                peer.core.resume_deferred();
            }
        }
        panic!("syncs stayed deferred");
    }

    fn all_heads_equal(&mut self) -> bool {
        let heads: Vec<_> = self
            .peers
            .iter_mut()
            .map(|p| p.core.document_mut(&id()).expect("doc").get_heads())
            .collect();
        heads.windows(2).all(|w| w[0] == w[1])
    }
}

#[test]
fn a_room_catches_up_through_one_collector_and_applies_each_change_once() {
    let mut net = room(6);
    net.run_until_quiescent();
    assert!(net.all_heads_equal(), "converged through the collector");
    for peer in &net.peers {
        let stats = peer.core.sync_stats(&id()).expect("stats");
        assert!(
            stats.received * 10 <= stats.applied * 12,
            "{stats:?} at {}",
            peer.id
        );
        let others = 5 * 20;
        assert_eq!(stats.applied, others as u64);
    }
    // Once settled, every pair confirms it holds the same version.
    net.run_with_settle_checks();
    for (i, peer) in net.peers.iter().enumerate() {
        let synced: HashSet<PeerId> = peer
            .events
            .iter()
            .filter_map(|e| match e {
                SyncEvent::Synced { peer, .. } => Some(*peer),
                _ => None,
            })
            .collect();
        assert_eq!(synced.len(), 5, "peer {i} confirmed sync with everyone");
    }
}

#[test]
fn when_the_collector_leaves_the_others_carry_on() {
    let mut net = room(4);
    net.run_with_settle_checks();
    let collector = (0..4).min_by_key(|&i| net.peers[i].id).expect("peers");
    let others: Vec<usize> = (0..4).filter(|&i| i != collector).collect();
    let gone = net.peers[collector].id;
    for &i in &others {
        let id = net.peers[i].id;
        net.peers[i].core.peer_disconnected(gone);
        net.peers[collector].core.peer_disconnected(id);
    }
    let writer = others[2];
    let mut local = net.peers[writer].core.document(&id()).expect("doc").clone();
    let before = local.get_heads();
    edit(&mut local, "after", "the collector left");
    let changes = local.save_after(&before);
    net.peers[writer]
        .core
        .apply_local(&id(), &changes)
        .expect("apply");
    net.run_with_settle_checks();
    for &i in &others {
        let doc = net.peers[i].core.document(&id()).expect("doc");
        assert_eq!(value(doc, "after").as_deref(), Some("the collector left"));
    }
}
