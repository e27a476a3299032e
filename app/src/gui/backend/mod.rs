//! The client's background service: a thread with its own tokio runtime that
//! owns the data directory and the sync node. The UI thread talks to it only
//! through two channels, so it never waits for the disk or the network.
//!
//! The UI keeps its own copy of every alliance. Local edits travel to the
//! node as encoded changes ([`Request::Apply`]); changes that arrive from
//! peers travel back the same way ([`Update::Changes`]).

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc as std_mpsc;
use std::time::Duration;

use automerge::{AutoCommit, ChangeHash};
use rondetafel_sync::{DocumentId, Multiaddr, NodeEvent, SyncEvent};
use tokio::sync::mpsc;
use tokio::time::Instant;

mod files;
mod messages;
mod restart;

pub use messages::{Request, Update};

use super::problem::Problem;
use crate::local::{LoadWarning, Workspace};
use crate::model::{Alliance, PartnerKind, Role};
use crate::network::{LiveNode, NetworkOptions, PeerBook, prepare_join, start_node};

/// Wakes the UI when an update is waiting.
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// How long a join may wait for a partner's answer.
const JOIN_TIMEOUT: Duration = Duration::from_secs(30);

/// What the background service needs to start.
#[derive(Debug, Clone)]
pub struct BackendConfig {
    /// The data directory.
    pub data_dir: PathBuf,
    /// How the node reaches others.
    pub network: NetworkOptions,
}

/// The UI's handle on the background service.
pub struct Backend {
    requests: mpsc::UnboundedSender<Request>,
    updates: std_mpsc::Receiver<Update>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Backend {
    /// Starts the service on its own thread; `wake` is called after each
    /// update is queued.
    pub fn start(config: BackendConfig, wake: Waker) -> Backend {
        let (request_tx, request_rx) = mpsc::unbounded_channel();
        let (update_tx, update_rx) = std_mpsc::channel();
        let outbox = Outbox {
            updates: update_tx,
            wake,
        };
        let thread = std::thread::Builder::new()
            .name("rondetafel-node".into())
            .spawn(move || run_thread(config, request_rx, outbox))
            .ok();
        Backend {
            requests: request_tx,
            updates: update_rx,
            thread,
        }
    }

    /// A backend without a thread, for tests and benchmarks: the caller
    /// plays the background service through the returned end.
    pub fn detached() -> (Backend, DetachedService) {
        let (request_tx, request_rx) = mpsc::unbounded_channel();
        let (update_tx, update_rx) = std_mpsc::channel();
        let backend = Backend {
            requests: request_tx,
            updates: update_rx,
            thread: None,
        };
        let service = DetachedService {
            updates: update_tx,
            requests: request_rx,
        };
        (backend, service)
    }

    /// Queues a request; never blocks.
    pub fn send(&self, request: Request) {
        // A stopped service has already reported why.
        let _ = self.requests.send(request);
    }

    /// The next waiting update, if any; never blocks.
    pub fn try_recv(&self) -> Option<Update> {
        self.updates.try_recv().ok()
    }

    /// Stops the service and waits for it to persist its state.
    pub fn shutdown(&mut self) {
        self.send(Request::Shutdown);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// The service's end of a [`Backend::detached`] pair.
pub struct DetachedService {
    /// Updates to deliver to the UI.
    pub updates: std_mpsc::Sender<Update>,
    /// What the UI asked for.
    pub requests: mpsc::UnboundedReceiver<Request>,
}

/// The sending side of the update channel.
#[derive(Clone)]
struct Outbox {
    updates: std_mpsc::Sender<Update>,
    wake: Waker,
}

impl Outbox {
    fn send(&self, update: Update) {
        let _ = self.updates.send(update);
        (self.wake)();
    }
}

fn run_thread(config: BackendConfig, requests: mpsc::UnboundedReceiver<Request>, outbox: Outbox) {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("rondetafel-sync")
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            outbox.send(Update::Failed(Problem::Runtime(error.to_string())));
            return;
        }
    };
    runtime.block_on(async move {
        match Service::open(config, outbox.clone()).await {
            Ok(service) => service.run(requests).await,
            Err(message) => outbox.send(Update::Failed(message)),
        }
    });
}

/// A join waiting for its answer and its document.
struct PendingJoin {
    alliance: DocumentId,
    name: String,
    admitted: bool,
    deadline: Instant,
}

/// The state of the background service.
struct Service {
    workspace: Workspace,
    network: NetworkOptions,
    outbox: Outbox,
    node: Option<LiveNode>,
    book: PeerBook,
    /// Per alliance: the heads the UI is known to have.
    forwarded: HashMap<DocumentId, Vec<ChangeHash>>,
    /// Alliances with changes the UI has not been sent yet.
    pending: BTreeSet<DocumentId>,
    join: Option<PendingJoin>,
    received: u64,
    /// Per device: the changes applied from it since it was last in sync.
    received_from: std::collections::BTreeMap<String, u64>,
    /// What carries out restarts (once the device is set up).
    restart: Option<crate::network::restart::RestartContext>,
    /// Restarts followed before the new epoch arrived: the new id, and
    /// the old one the UI still shows; the UI hears again on arrival.
    awaiting: HashMap<DocumentId, String>,
    /// The relays the node listens through, kept current with what the
    /// alliances publish.
    relays: Option<crate::network::RelayDiscovery>,
    /// The control socket, over which commands run beside the window hand
    /// their changes to its node, and the alliances they changed.
    control: Option<(
        tokio::task::JoinHandle<()>,
        mpsc::UnboundedReceiver<DocumentId>,
    )>,
}

impl Service {
    async fn open(config: BackendConfig, outbox: Outbox) -> Result<Service, Problem> {
        let workspace = Workspace::open(&config.data_dir).map_err(Problem::from)?;
        // Beside a running `serve` the window would start a second node.
        workspace.exclusive().map_err(Problem::from)?;
        let profile = workspace.profile().map_err(Problem::from)?;
        let mut book = PeerBook::load(workspace.dir());
        book.pid = Some(std::process::id());
        book.clear_online();
        // Addresses of an earlier run are not this run's.
        book.listen.clear();
        let mut service = Service {
            workspace,
            network: config.network,
            outbox,
            node: None,
            book,
            forwarded: HashMap::new(),
            pending: BTreeSet::new(),
            join: None,
            received: 0,
            received_from: std::collections::BTreeMap::new(),
            restart: None,
            awaiting: HashMap::new(),
            relays: None,
            control: None,
        };
        let mut alliances = Vec::new();
        let mut warnings = Vec::new();
        if profile.is_some() {
            warnings = service.start_node().await?;
            alliances = service.current_documents().await;
        }
        service.outbox.send(Update::Ready {
            profile: profile.map(Box::new),
            device: service.workspace.identity().peer_id().to_string(),
            actor: service.workspace.actor().clone(),
            alliances,
            warnings,
            data_dir: service.workspace.dir().to_owned(),
            carried: restart::waiting_carried(service.workspace.dir()),
        });
        service.publish_peers();
        Ok(service)
    }

    /// Starts the node over every stored alliance.
    async fn start_node(&mut self) -> Result<Vec<LoadWarning>, Problem> {
        let live = start_node(&self.workspace, self.network.clone(), None)
            .await
            .map_err(Problem::from)?;
        let warnings = live.warnings.clone();
        let (relays, _) = crate::network::RelayDiscovery::start(
            live.node.clone(),
            self.workspace.actor().clone(),
            &live.alliances,
            &live.relays,
        );
        self.relays = Some(relays);
        if let Some((task, _)) = self.control.take() {
            task.abort();
        }
        let (applied, handed_over) = mpsc::unbounded_channel();
        match crate::network::control::listen(self.workspace.dir(), live.node.clone(), applied) {
            Ok(task) => self.control = Some((task, handed_over)),
            // Commands beside the window are then refused, as before.
            Err(error) => {
                tracing::warn!(%error, "no control socket for commands beside the window")
            }
        }
        self.node = Some(live);
        Ok(warnings)
    }

    /// Copies of the node's documents, noting what the UI now has.
    async fn current_documents(&mut self) -> Vec<AutoCommit> {
        let Some(live) = &self.node else {
            return Vec::new();
        };
        let mut documents = Vec::new();
        for id in live.alliances.clone() {
            if let Ok(Some(mut document)) = live.node.document(id.clone()).await {
                self.forwarded.insert(id, document.get_heads());
                documents.push(document);
            }
        }
        documents
    }

    async fn run(mut self, mut requests: mpsc::UnboundedReceiver<Request>) {
        let mut tick = tokio::time::interval(Duration::from_millis(500));
        loop {
            let (node, control) = (&mut self.node, &mut self.control);
            let event = async move {
                match node.as_mut() {
                    Some(live) => live.events.recv().await,
                    None => std::future::pending().await,
                }
            };
            let handed_over = async move {
                match control.as_mut() {
                    Some((_, alliances)) => alliances.recv().await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                request = requests.recv() => match request {
                    Some(Request::Shutdown) | None => break,
                    Some(request) => self.handle_request(request).await,
                },
                Some(event) = event => {
                    self.handle_event(event).await;
                    self.drain_events().await;
                    self.forward_pending().await;
                }
                Some(alliance) = handed_over => {
                    // A command beside the window changed it: show it here.
                    if self.forwarded.contains_key(&alliance) {
                        self.pending.insert(alliance);
                    }
                    self.forward_pending().await;
                }
                _ = tick.tick() => self.check_join_deadline(),
            }
        }
        self.stop().await;
    }

    async fn drain_events(&mut self) {
        while let Some(event) = self
            .node
            .as_mut()
            .and_then(|live| live.events.try_recv().ok())
        {
            self.handle_event(event).await;
        }
    }

    async fn handle_request(&mut self, request: Request) {
        let result = match request {
            Request::SetUp {
                organisation,
                kind,
                roles,
            } => self.set_up(&organisation, kind, roles).await,
            Request::CreateAlliance {
                name,
                description,
                confirmed,
            } => self.create(&name, &description, confirmed).await,
            Request::Join { ticket } => self.start_join(&ticket).await,
            Request::Apply { alliance, changes } => self.apply(&alliance, changes).await,
            Request::Export {
                alliance,
                snapshot,
                recording,
                format,
                path,
            } => {
                self.export(&alliance, &snapshot, &recording, format, path)
                    .await
            }
            Request::Minutes {
                alliance,
                meeting,
                format,
                folder,
            } => self.minutes(&alliance, &meeting, format, &folder).await,
            Request::Archive {
                alliance,
                snapshot,
                valuation,
                retention_years,
                path,
            } => {
                self.archive(&alliance, &snapshot, valuation, retention_years, path)
                    .await
            }
            Request::MakeBundle {
                alliance,
                partner,
                path,
            } => self.make_bundle(&alliance, partner.as_deref(), path).await,
            Request::ReadBundle { path } => self.read_bundle(&path).await,
            Request::InputForm {
                name,
                alliance,
                path,
            } => files::write_form(&name, &alliance, &path).map(|()| {
                self.outbox.send(Update::FormWritten(path));
            }),
            Request::AnswerRestart {
                alliance,
                restart,
                accept,
            } => self.answer_restart(&alliance, &restart, accept).await,
            Request::SettleCarried { alliance, apply } => {
                self.settle_carried(&alliance, apply).await
            }
            Request::Dial { address } => self.dial(address).await,
            Request::Doctor => {
                let dir = self.workspace.dir().to_owned();
                let outbox = self.outbox.clone();
                std::thread::spawn(move || {
                    let options = crate::diagnostics::doctor::DoctorOptions::default();
                    outbox.send(Update::Doctor(crate::diagnostics::doctor::run(
                        &dir, &options,
                    )));
                });
                Ok(())
            }
            Request::Shutdown => Ok(()),
        };
        if let Err(message) = result {
            self.outbox.send(Update::Error(message));
        }
    }

    async fn set_up(
        &mut self,
        organisation: &str,
        kind: PartnerKind,
        roles: Vec<Role>,
    ) -> Result<(), Problem> {
        let profile = self
            .workspace
            .init_profile(organisation, kind, roles)
            .map_err(Problem::from)?;
        self.restart = None;
        if self.node.is_none() {
            self.start_node().await?;
        }
        self.outbox.send(Update::ProfileSet(profile));
        Ok(())
    }

    async fn create(
        &mut self,
        name: &str,
        description: &str,
        confirmed: Vec<String>,
    ) -> Result<(), Problem> {
        let profile = self
            .workspace
            .profile()
            .map_err(Problem::from)?
            .ok_or(Problem::NotSetUp)?;
        let device = self.workspace.identity().peer_id().to_string();
        let confirmed = crate::model::privacy::Confirmed {
            all: false,
            texts: confirmed.into_iter().collect(),
        };
        let alliance = Alliance::create_with(
            name,
            description,
            &profile.organisation(),
            &device,
            self.workspace.actor().clone(),
            &confirmed,
        )
        .map_err(Problem::from)?;
        let id = parse_id(alliance.id())?;
        let mut document = alliance.into_document();
        let live = self.node.as_ref().ok_or(Problem::NodeNotRunning)?;
        live.node
            .add_document(id.clone(), document.clone(), Vec::new())
            .await
            .map_err(|e| Problem::ChangeNotSaved(e.to_string()))?;
        self.forwarded.insert(id, document.get_heads());
        self.outbox.send(Update::AllianceAdded(Box::new(document)));
        Ok(())
    }

    async fn start_join(&mut self, ticket: &str) -> Result<(), Problem> {
        if self.join.is_some() {
            return Err(Problem::JoinUnderWay);
        }
        let plan = prepare_join(&mut self.workspace, ticket, &[]).map_err(Problem::from)?;
        if self.node.is_none() {
            // A device invitation set this device up just now.
            self.start_node().await?;
            if let Ok(Some(profile)) = self.workspace.profile() {
                self.outbox.send(Update::ProfileSet(profile));
            }
        }
        let live = self.node.as_ref().ok_or(Problem::NodeNotRunning)?;
        live.node
            .join_any(plan.alliance.clone(), plan.candidates(), plan.proof.clone())
            .await
            .map_err(|_| Problem::NodeNotRunning)?;
        self.outbox
            .send(Update::Joining(plan.alliance_name.clone()));
        self.join = Some(PendingJoin {
            alliance: plan.alliance,
            name: plan.alliance_name,
            admitted: false,
            deadline: Instant::now() + JOIN_TIMEOUT,
        });
        Ok(())
    }

    async fn apply(&mut self, alliance: &str, changes: Vec<u8>) -> Result<(), Problem> {
        let id = parse_id(alliance)?;
        let live = self.node.as_ref().ok_or(Problem::NodeNotRunning)?;
        live.node
            .apply(id.clone(), changes)
            .await
            .map_err(|e| Problem::ChangeNotSaved(e.to_string()))?;
        // Peers' changes may have arrived meanwhile; the UI's own changes
        // come back with them and are ignored there.
        self.pending.insert(id);
        self.forward_pending().await;
        Ok(())
    }

    async fn dial(&mut self, address: Multiaddr) -> Result<(), Problem> {
        let live = self.node.as_ref().ok_or(Problem::NodeNotRunning)?;
        live.node
            .dial(address)
            .await
            .map_err(|e| Problem::Dial(e.to_string()))
    }

    async fn handle_event(&mut self, event: NodeEvent) {
        self.book.record(&event);
        crate::diagnostics::logs::node_event(&event);
        self.restart_on_event(&event).await;
        if let Some(relays) = &mut self.relays {
            relays.on_event(&event);
        }
        match event {
            NodeEvent::Listening { address } => {
                let address = address.to_string();
                if !self.book.listen.contains(&address) {
                    self.book.listen.push(address);
                }
                self.publish_peers();
            }
            NodeEvent::PeerConnected { .. } | NodeEvent::PeerDisconnected { .. } => {
                self.publish_peers();
            }
            NodeEvent::Sync(SyncEvent::Changed {
                document,
                from,
                changes,
                ..
            }) => {
                self.received += 1;
                *self.received_from.entry(from.to_string()).or_default() += changes as u64;
                self.outbox.send(Update::Receiving {
                    received: self.received,
                    by_peer: self.received_from.clone(),
                });
                if self.forwarded.contains_key(&document) {
                    self.pending.insert(document);
                } else {
                    self.epoch_arrived(&document).await;
                }
            }
            NodeEvent::Sync(SyncEvent::Synced { document, peer, .. }) => {
                self.received = 0;
                if self.received_from.remove(&peer.to_string()).is_some() {
                    self.outbox.send(Update::Receiving {
                        received: 0,
                        by_peer: self.received_from.clone(),
                    });
                }
                self.epoch_arrived(&document).await;
                self.publish_peers();
                self.finish_join_if_ready(&document).await;
            }
            NodeEvent::Sync(SyncEvent::JoinAnswered {
                document, result, ..
            }) => self.join_answered(&document, result),
            NodeEvent::SaveFailed { error, .. } => {
                self.outbox
                    .send(Update::Error(Problem::PartnerChangesNotSaved(
                        error.to_string(),
                    )))
            }
            _ => {}
        }
    }

    fn join_answered(&mut self, document: &DocumentId, result: Result<(), String>) {
        let Some(join) = self.join.as_mut().filter(|j| j.alliance == *document) else {
            return;
        };
        match result {
            Ok(()) => join.admitted = true,
            Err(reason) => {
                self.join = None;
                self.outbox
                    .send(Update::JoinFailed(Problem::JoinRefused(reason)));
            }
        }
    }

    async fn finish_join_if_ready(&mut self, document: &DocumentId) {
        let ready = self
            .join
            .as_ref()
            .is_some_and(|j| j.alliance == *document && j.admitted);
        if !ready {
            return;
        }
        self.join = None;
        let Some(live) = &self.node else { return };
        match live.node.document(document.clone()).await {
            Ok(Some(mut copy)) => {
                self.forwarded.insert(document.clone(), copy.get_heads());
                self.outbox.send(Update::AllianceAdded(Box::new(copy)));
            }
            _ => self
                .outbox
                .send(Update::JoinFailed(Problem::JoinNoDocument)),
        }
    }

    fn check_join_deadline(&mut self) {
        if let Some(join) = self.join.take_if(|j| Instant::now() > j.deadline) {
            self.outbox.send(Update::JoinFailed(Problem::JoinNoAnswer {
                alliance: join.name,
                seconds: JOIN_TIMEOUT.as_secs(),
            }));
        }
    }

    /// Sends the UI every change it does not have yet.
    async fn forward_pending(&mut self) {
        let Some(live) = &self.node else { return };
        for id in std::mem::take(&mut self.pending) {
            let known = self.forwarded.get(&id).cloned().unwrap_or_default();
            if let Ok(Some((changes, heads))) = live.node.changes_since(id.clone(), known).await {
                self.forwarded.insert(id.clone(), heads);
                if !changes.is_empty() {
                    self.outbox.send(Update::Changes {
                        alliance: id.to_string(),
                        changes,
                    });
                }
            }
        }
    }

    fn publish_peers(&mut self) {
        // The peer book lets `rondetafel peers` report beside the client.
        let _ = self.book.save(self.workspace.dir());
        self.outbox.send(Update::Peers(self.book.clone()));
    }

    async fn stop(&mut self) {
        if let Some((task, _)) = self.control.take() {
            task.abort();
            crate::network::control::remove(self.workspace.dir());
        }
        if let Some(mut live) = self.node.take() {
            let _ = live.node.shutdown().await;
            while let Some(event) = live.events.recv().await {
                self.book.record(&event);
            }
        }
        self.book.pid = None;
        self.book.clear_online();
        let _ = self.book.save(self.workspace.dir());
    }
}

fn parse_id(id: &str) -> Result<DocumentId, Problem> {
    id.parse().map_err(|_| Problem::AllianceMissing)
}
