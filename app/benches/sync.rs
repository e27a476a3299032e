//! `cargo bench --bench sync`: convergence of peers that each made offline
//! edits (the workload of the automerge-repo peer benchmark), in separate
//! processes on loopback, beside an in-memory Automerge sync of the same
//! documents in the same run; meetings of 10 × 1,000 and 40 × 250 offline
//! changes (beside the union applied once in memory, and the changes each
//! peer received against those it applied); and an idle connected
//! pair; and two peers that meet only through a third peer's relay (the
//! `converge-relayed` line, with its ratio to the direct figure and the
//! relay's memory). Prints one JSON object per line (each run, then the medians marked
//! `"summary": true`), then a table for people.
//!
//! The benchmark re-runs its own executable as the peer processes; the
//! parent talks to them over stdin/stdout. Wire bytes are counted by a TCP
//! relay on loopback between the two peers. Set `RONDETAFEL_BENCH_SIZES`
//! (default `1000,10000`) and `RONDETAFEL_BENCH_RUNS` (default 3).

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod workload;

#[path = "sync/relayed.rs"]
mod relayed;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use automerge::AutoCommit;
use automerge::sync::SyncDoc;
use rondetafel::model::Alliance;
use rondetafel::network::AlliancePolicy;
use rondetafel_sync::identity::Keypair;
use rondetafel_sync::{
    DeviceSigner, DocumentId, DocumentStore, FsBackend, Node, NodeConfig, NodeEvent, SyncEvent,
};
use serde_json::{Value, json};

const CHILD_ENV: &str = "RONDETAFEL_BENCH_PEER";
const DOCUMENT: &str = "bench";

fn main() {
    if std::env::var_os(CHILD_ENV).is_some() {
        peer_process();
        return;
    }
    if std::env::var("RONDETAFEL_BENCH_ONLY").as_deref() == Ok("meeting") {
        for meeting in [meeting(10, 1_000), meeting(40, 250)] {
            println!("{meeting}");
        }
        return;
    }
    let sizes: Vec<usize> = env_list("RONDETAFEL_BENCH_SIZES", vec![1_000, 10_000]);
    let runs = env_list("RONDETAFEL_BENCH_RUNS", vec![3])[0].max(1);
    if std::env::var("RONDETAFEL_BENCH_ONLY").as_deref() == Ok("converge") {
        for &n in &sizes {
            converge_runs(n, runs, Pairing::BothEdit);
        }
        return;
    }
    let mut table: Vec<Value> = sizes
        .iter()
        .map(|&n| converge_runs(n, runs, Pairing::BothEdit))
        .collect();
    table.push(converge_runs(1_000, runs, Pairing::OneActorPerChange));
    let largest = sizes.iter().copied().max().unwrap_or(10_000);
    table.push(converge_runs(largest, runs, Pairing::OnlyFirstEdits));
    let relayed = relayed_runs(runs, &table);
    let signing = sign_and_verify(10_000);
    println!("{signing}");
    let meetings = [meeting(10, 1_000), meeting(40, 250)];
    for meeting in &meetings {
        println!("{meeting}");
    }
    let idle = idle_pair(Duration::from_secs(30));
    println!("{idle}");

    println!();
    println!(
        "{:<30} {:>6} {:>9} {:>11} {:>7} {:>11} {:>13} {:>8}",
        "bench", "peers", "changes", "ours ms", "mem ms", "ratio", "wire bytes", "rss MB"
    );
    for row in &table {
        println!(
            "{:<30} {:>6} {:>9} {:>11.1} {:>7.1} {:>11.2} {:>13} {:>8.1}",
            row["bench"].as_str().unwrap_or("converge"),
            2,
            row["changes_per_peer"],
            num(row, "ours_ms"),
            num(row, "in_memory_ms"),
            num(row, "ratio"),
            row["wire_bytes"],
            num(row, "peak_rss_mb")
        );
    }
    println!(
        "{:<30} {:>6} {:>9} {:>11.1} {:>7} {:>11.2} {:>13} {:>8.1}   relay: {:.1} MB",
        "converge-relayed",
        2,
        relayed["changes_per_peer"],
        num(&relayed, "ours_ms"),
        "direct",
        num(&relayed, "ratio_to_direct"),
        "-",
        num(&relayed, "peak_rss_mb"),
        num(&relayed, "relay_rss_mb"),
    );
    for meeting in &meetings {
        println!(
            "{:<30} {:>6} {:>9} {:>11.1} {:>7.1} {:>11.2}   received/applied at worst {:.2}; \
             CPU per peer {:.0} ms ({:.2}x mem, worst peer {:.0} ms)",
            "meeting",
            meeting["peers"],
            meeting["changes_per_peer"],
            num(meeting, "ours_ms"),
            num(meeting, "in_memory_ms"),
            num(meeting, "ratio"),
            num(meeting, "worst_received_per_applied"),
            num(meeting, "cpu_ms_per_peer"),
            num(meeting, "cpu_ratio"),
            num(meeting, "cpu_ms_worst_peer")
        );
    }
    println!(
        "signing: {:.1} µs per change; verifying: {:.1} µs per change in one batch, {:.1} one by one",
        num(&signing, "sign_us"),
        num(&signing, "verify_batch_us"),
        num(&signing, "verify_single_us")
    );
    println!(
        "idle pair: {:.1} bytes/s, {:.4} of a core",
        num(&idle, "bytes_per_s"),
        num(&idle, "cpu_fraction")
    );
}

/// `runs` runs of [`converge_pair`], each printed, and their medians.
fn converge_runs(n: usize, runs: usize, pairing: Pairing) -> Value {
    let results: Vec<Value> = (0..runs)
        .map(|run| {
            let mut result = converge_pair(n, run as u32, pairing);
            result["run"] = json!(run);
            println!("{result}");
            result
        })
        .collect();
    let summary = median_of(&results);
    println!("{summary}");
    summary
}

/// `runs` relayed runs of 2 × 1,000 and their medians, with the ratio to
/// the direct 2 × 1,000 figure of this run (from `table`).
fn relayed_runs(runs: usize, table: &[Value]) -> Value {
    let results: Vec<Value> = (0..runs)
        .map(|run| {
            let mut result = relayed::converge_relayed(1_000, run as u32);
            result["run"] = json!(run);
            println!("{result}");
            result
        })
        .collect();
    let mut summary = median_of(&results);
    // Only the figures a relayed run has.
    if let (Some(object), Some(first)) = (summary.as_object_mut(), results[0].as_object()) {
        object.retain(|key, _| first.contains_key(key) || key == "runs" || key == "summary");
    }
    for key in ["relay_rss_mb", "relay_cpu_s"] {
        let mut values: Vec<f64> = results.iter().map(|r| num(r, key)).collect();
        values.sort_by(f64::total_cmp);
        summary[key] = json!(round(values[values.len() / 2]));
    }
    let direct = table
        .iter()
        .find(|r| r["bench"] == "converge" && r["changes_per_peer"] == 1_000)
        .map(|r| num(r, "ours_ms"));
    if let Some(direct) = direct {
        summary["direct_ms"] = json!(direct);
        summary["ratio_to_direct"] = json!(round(num(&summary, "ours_ms") / direct));
    }
    println!("{summary}");
    summary
}

/// How the peers of a converge bench edit before they meet.
#[derive(Debug, Clone, Copy)]
enum Pairing {
    /// Each makes `n` edits in one process run (one actor).
    BothEdit,
    /// Each makes `n` edits, each by a new actor, as a script of one
    /// command per edit would.
    OneActorPerChange,
    /// Only the first makes `n` edits; the other catches up.
    OnlyFirstEdits,
}

impl Pairing {
    fn name(self) -> &'static str {
        match self {
            Pairing::BothEdit => "converge",
            Pairing::OneActorPerChange => "converge-one-actor-per-change",
            Pairing::OnlyFirstEdits => "catch-up",
        }
    }
}

/// Two peers, `n` offline edits each, in two processes through a counting
/// relay; then the same documents synced in memory.
fn converge_pair(n: usize, run: u32, pairing: Pairing) -> Value {
    let Setup {
        keys,
        temp,
        mut peers,
        prepared,
    } = Setup::prepare_with(2, n, 1000 * run + 1, pairing);
    let started = Instant::now();
    let relay = connect_through_relay(&keys, &mut peers, &prepared);
    let ours_ms = started.elapsed().as_secs_f64() * 1000.0;
    std::thread::sleep(Duration::from_millis(300));
    let wire_bytes = relay.bytes();
    let stats: Vec<Value> = peers
        .iter_mut()
        .map(|p| p.ask(json!({"cmd": "stats"})))
        .collect();
    for peer in &mut peers {
        peer.finish();
    }
    let (in_memory_ms, in_memory_bytes) = sync_in_memory(
        &std::fs::read(temp.path().join("side-0.automerge")).expect("side a"),
        &std::fs::read(temp.path().join("side-1.automerge")).expect("side b"),
    );
    let peak = stats.iter().map(|s| num(s, "rss_mb")).fold(0.0, f64::max);
    json!({
        "bench": pairing.name(),
        "peers": 2, "changes_per_peer": n, "ours_ms": round(ours_ms),
        "in_memory_ms": round(in_memory_ms), "ratio": round(ours_ms / in_memory_ms),
        "wire_bytes": wire_bytes, "in_memory_bytes": in_memory_bytes,
        "bytes_ratio": round(wire_bytes as f64 / in_memory_bytes as f64),
        "peak_rss_mb": round(peak), "edit_ms": prepared.iter().map(|p| num(p, "edit_ms")).sum::<f64>(),
    })
}

/// The cost of signing `n` change hashes, and of verifying them in one batch
/// (as a sync message is) and one by one.
fn sign_and_verify(n: usize) -> Value {
    use rondetafel_sync::signing::{self, SignedChange};
    let signer = DeviceSigner::from_keypair(&Keypair::generate_ed25519()).expect("ed25519");
    let actor = signer.new_actor();
    let document: DocumentId = DOCUMENT.parse().expect("id");
    let hashes: Vec<automerge::ChangeHash> = (0..n)
        .map(|i| {
            let mut bytes = [0u8; 32];
            bytes[..8].copy_from_slice(&(i as u64).to_le_bytes());
            automerge::ChangeHash(bytes)
        })
        .collect();
    let started = Instant::now();
    let signatures: Vec<[u8; 64]> = hashes.iter().map(|h| signer.sign(&document, h)).collect();
    let sign_us = started.elapsed().as_secs_f64() * 1e6 / n as f64;
    let changes: Vec<SignedChange<'_>> = hashes
        .iter()
        .zip(&signatures)
        .map(|(hash, signature)| SignedChange {
            hash: *hash,
            actor: &actor,
            signature: Some(signature),
        })
        .collect();
    let started = Instant::now();
    assert!(
        signing::verify(&document, &changes)
            .iter()
            .all(Result::is_ok)
    );
    let verify_batch_us = started.elapsed().as_secs_f64() * 1e6 / n as f64;
    let started = Instant::now();
    for change in &changes {
        assert!(signing::verify(&document, std::slice::from_ref(change))[0].is_ok());
    }
    let verify_single_us = started.elapsed().as_secs_f64() * 1e6 / n as f64;
    json!({
        "bench": "signatures", "changes": n, "sign_us": round(sign_us),
        "verify_batch_us": round(verify_batch_us), "verify_single_us": round(verify_single_us),
    })
}

/// `peers` peers with `n` offline edits each meet (everyone dials everyone
/// before it, as a room does); time until all have the same heads, beside
/// the time to apply the union of all their changes once in memory, and
/// per peer the changes received (duplicates included) against those
/// applied.
fn meeting(count: usize, n: usize) -> Value {
    let Setup {
        keys,
        mut peers,
        prepared,
        temp,
    } = Setup::prepare(count, n, 7);
    let target = union_heads(&prepared);
    let cpu_before: Vec<f64> = peers.iter_mut().map(cpu_seconds).collect();
    let started = Instant::now();
    for (i, peer) in peers.iter_mut().enumerate() {
        let dial: Vec<String> = (0..i)
            .map(|j| {
                format!(
                    "/ip4/127.0.0.1/tcp/{}/p2p/{}",
                    prepared[j]["port"],
                    keys[j].public().to_peer_id()
                )
            })
            .collect();
        let mut own: Vec<String> =
            serde_json::from_value(prepared[i]["heads"].clone()).expect("heads");
        own.sort();
        let holds_all = own == target;
        peer.send(json!({"cmd": "go", "target": target, "dial": dial, "holds_all": holds_all}));
    }
    let answers: Vec<Value> = peers.iter_mut().map(Peer::receive).collect();
    let ours_ms = started.elapsed().as_secs_f64() * 1000.0;
    for answer in &answers {
        assert_eq!(answer["converged"], true, "{answer}");
    }
    let cpu_ms: Vec<f64> = peers
        .iter_mut()
        .zip(&cpu_before)
        .map(|(peer, before)| (cpu_seconds(peer) - before) * 1000.0)
        .collect();
    for peer in &mut peers {
        peer.finish();
    }
    let in_memory_ms = union_in_memory(temp.path(), count);
    let cpu_mean_ms = cpu_ms.iter().sum::<f64>() / cpu_ms.len().max(1) as f64;
    let cpu_max_ms = cpu_ms.iter().copied().fold(0.0, f64::max);
    let received: Vec<u64> = answers
        .iter()
        .map(|a| a["received"].as_u64().unwrap_or(0))
        .collect();
    let applied: Vec<u64> = answers
        .iter()
        .map(|a| a["applied"].as_u64().unwrap_or(0))
        .collect();
    let worst = received
        .iter()
        .zip(&applied)
        .filter(|(_, a)| **a > 0)
        .map(|(r, a)| *r as f64 / *a as f64)
        .fold(0.0, f64::max);
    json!({
        "bench": "meeting", "peers": count, "changes_per_peer": n,
        "ours_ms": round(ours_ms), "in_memory_ms": round(in_memory_ms),
        "ratio": round(ours_ms / in_memory_ms),
        "cpu_ms_per_peer": round(cpu_mean_ms), "cpu_ms_worst_peer": round(cpu_max_ms),
        "cpu_ratio": round(cpu_mean_ms / in_memory_ms),
        "received": received, "applied": applied,
        "worst_received_per_applied": round(worst),
    })
}

/// The CPU time a peer process has used so far, in seconds.
fn cpu_seconds(peer: &mut Peer) -> f64 {
    num(&peer.ask(json!({"cmd": "stats"})), "cpu_s")
}

/// Applies every peer's offline changes to the base once, in one document
/// in this process: the in-memory figure a meeting is compared with.
fn union_in_memory(dir: &std::path::Path, count: usize) -> f64 {
    let load =
        |name: &str| AutoCommit::load(&std::fs::read(dir.join(name)).expect("read")).expect("load");
    let mut doc = load("base.automerge");
    let base = doc.get_heads();
    let mut changes = Vec::new();
    for i in 0..count {
        changes.extend(load(&format!("side-{i}.automerge")).get_changes(&base));
    }
    let started = Instant::now();
    doc.apply_changes(changes).expect("apply");
    started.elapsed().as_secs_f64() * 1000.0
}

/// CPU per second of both processes.
fn idle_pair(duration: Duration) -> Value {
    let Setup {
        keys,
        mut peers,
        prepared,
        temp: _temp,
    } = Setup::prepare(2, 10, 3);
    let relay = connect_through_relay(&keys, &mut peers, &prepared);
    std::thread::sleep(Duration::from_secs(1));
    let cpu_before: f64 = peers
        .iter_mut()
        .map(|p| num(&p.ask(json!({"cmd": "stats"})), "cpu_s"))
        .sum();
    let bytes_before = relay.bytes();
    std::thread::sleep(duration);
    let bytes = relay.bytes() - bytes_before;
    let cpu: f64 = peers
        .iter_mut()
        .map(|p| num(&p.ask(json!({"cmd": "stats"})), "cpu_s"))
        .sum::<f64>()
        - cpu_before;
    for peer in &mut peers {
        peer.finish();
    }
    let secs = duration.as_secs_f64();
    json!({"bench": "idle", "bytes_per_s": round(bytes as f64 / secs), "cpu_fraction": round(cpu / secs / 2.0)})
}

/// Lets peer 0 dial peer 1 through a counting relay and waits until both
/// reached the union of their heads.
fn connect_through_relay(keys: &[Keypair], peers: &mut [Peer], prepared: &[Value]) -> Relay {
    let relay = Relay::start(prepared[1]["port"].as_u64().expect("port") as u16);
    let target = union_heads(prepared);
    let dial = format!(
        "/ip4/127.0.0.1/tcp/{}/p2p/{}",
        relay.port,
        keys[1].public().to_peer_id()
    );
    for (i, peer) in peers.iter_mut().enumerate() {
        let dial = if i == 0 {
            vec![dial.clone()]
        } else {
            Vec::new()
        };
        let mut own: Vec<String> =
            serde_json::from_value(prepared[i]["heads"].clone()).expect("heads");
        own.sort();
        let holds_all = own == target;
        peer.send(json!({"cmd": "go", "target": target, "dial": dial, "holds_all": holds_all}));
    }
    for peer in peers.iter_mut() {
        let answer = peer.receive();
        assert_eq!(answer["converged"], true, "{answer}");
    }
    relay
}

/// Peer processes that each made `n` offline edits to the same base.
struct Setup {
    keys: Vec<Keypair>,
    temp: tempfile::TempDir,
    peers: Vec<Peer>,
    prepared: Vec<Value>,
}

impl Setup {
    /// Spawns `count` peers; peer `i` edits with seed `seed + i`.
    fn prepare(count: usize, n: usize, seed: u32) -> Setup {
        Setup::prepare_with(count, n, seed, Pairing::BothEdit)
    }

    /// Like [`Setup::prepare`], with the peers editing as `pairing` says.
    fn prepare_with(count: usize, n: usize, seed: u32, pairing: Pairing) -> Setup {
        Setup::prepare_listening(count, n, seed, pairing, true)
    }

    /// Two peers that do not listen: they can meet only through a relay.
    fn prepare_relayed(n: usize, seed: u32, pairing: Pairing) -> Setup {
        Setup::prepare_listening(2, n, seed, pairing, false)
    }

    fn prepare_listening(
        count: usize,
        n: usize,
        seed: u32,
        pairing: Pairing,
        listen: bool,
    ) -> Setup {
        let keys: Vec<Keypair> = (0..count).map(|_| Keypair::generate_ed25519()).collect();
        let (base, ids) = make_base(&keys);
        let temp = tempfile::tempdir().expect("tempdir");
        let base_path = temp.path().join("base.automerge");
        std::fs::write(&base_path, &base).expect("base");
        let mut peers: Vec<Peer> = (0..count).map(|_| Peer::spawn()).collect();
        let mut prepared = Vec::new();
        for (i, peer) in peers.iter_mut().enumerate() {
            prepared.push(peer.ask(json!({
                "cmd": "prepare", "base": base_path, "side": i, "seed": seed + i as u32,
                "n": if i > 0 && matches!(pairing, Pairing::OnlyFirstEdits) { 0 } else { n },
                "key": hex::encode(keys[i].to_protobuf_encoding().expect("key")), "ids": ids,
                "out": temp.path().join(format!("side-{i}.automerge")),
                "data": temp.path().join(format!("data-{i}")),
                "fresh_actors": matches!(pairing, Pairing::OneActorPerChange),
                "listen": listen,
            })));
        }
        Setup {
            keys,
            temp,
            peers,
            prepared,
        }
    }
}

/// The base alliance (identical bytes for every peer), with one partner per key.
fn make_base(keys: &[Keypair]) -> (Vec<u8>, Vec<String>) {
    let devices: Vec<String> = keys
        .iter()
        .map(|k| k.public().to_peer_id().to_string())
        .collect();
    let founder = DeviceSigner::from_keypair(&keys[0]).expect("ed25519");
    let (mut alliance, ids) = workload::base(founder.new_actor(), &devices, 20, 2000);
    (alliance.document_mut().save(), ids)
}

fn union_heads(prepared: &[Value]) -> Vec<String> {
    // A peer that made no edits holds the base, which the others build on.
    let mut heads: Vec<String> = prepared
        .iter()
        .filter(|p| p["edited"] != false)
        .flat_map(|p| p["heads"].as_array().cloned().unwrap_or_default())
        .filter_map(|h| h.as_str().map(str::to_owned))
        .collect();
    heads.sort();
    heads.dedup();
    heads
}

/// Syncs two documents in memory with Automerge's sync protocol; returns the
/// time and the bytes of all messages.
fn sync_in_memory(a: &[u8], b: &[u8]) -> (f64, usize) {
    let mut a = AutoCommit::load(a).expect("a");
    let mut b = AutoCommit::load(b).expect("b");
    let (mut state_a, mut state_b) = (automerge::sync::State::new(), automerge::sync::State::new());
    let started = Instant::now();
    let mut bytes = 0;
    loop {
        let mut quiet = true;
        if let Some(message) = a.sync().generate_sync_message(&mut state_a) {
            let encoded = message.encode();
            bytes += encoded.len();
            let decoded = automerge::sync::Message::decode(&encoded).expect("decode");
            b.sync()
                .receive_sync_message(&mut state_b, decoded)
                .expect("receive");
            quiet = false;
        }
        if let Some(message) = b.sync().generate_sync_message(&mut state_b) {
            let encoded = message.encode();
            bytes += encoded.len();
            let decoded = automerge::sync::Message::decode(&encoded).expect("decode");
            a.sync()
                .receive_sync_message(&mut state_a, decoded)
                .expect("receive");
            quiet = false;
        }
        if quiet {
            break;
        }
    }
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(a.get_heads(), b.get_heads(), "in-memory sync converged");
    (elapsed, bytes)
}

/// A peer process, driven over its stdin and stdout.
struct Peer {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Peer {
    fn spawn() -> Peer {
        let mut child = Command::new(std::env::current_exe().expect("exe"))
            .env(CHILD_ENV, "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn peer");
        let input = child.stdin.take().expect("stdin");
        let output = BufReader::new(child.stdout.take().expect("stdout"));
        Peer {
            child,
            input,
            output,
        }
    }

    fn send(&mut self, message: Value) {
        writeln!(self.input, "{message}").expect("send");
        self.input.flush().expect("flush");
    }

    fn receive(&mut self) -> Value {
        let mut line = String::new();
        self.output.read_line(&mut line).expect("receive");
        serde_json::from_str(&line).unwrap_or_else(|_| panic!("peer said {line:?}"))
    }

    fn ask(&mut self, message: Value) -> Value {
        self.send(message);
        self.receive()
    }

    fn finish(&mut self) {
        self.send(json!({"cmd": "exit"}));
        let _ = self.child.wait();
    }
}

/// A TCP relay on loopback that counts the bytes it forwards.
struct Relay {
    port: u16,
    bytes: Arc<AtomicU64>,
}

impl Relay {
    fn start(target: u16) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let bytes = Arc::new(AtomicU64::new(0));
        let counter = bytes.clone();
        std::thread::spawn(move || {
            for incoming in listener.incoming().flatten() {
                let Ok(outgoing) = TcpStream::connect(("127.0.0.1", target)) else {
                    continue;
                };
                let _ = incoming.set_nodelay(true);
                let _ = outgoing.set_nodelay(true);
                for (mut from, mut to) in [
                    (
                        incoming.try_clone().expect("clone"),
                        outgoing.try_clone().expect("clone"),
                    ),
                    (outgoing, incoming),
                ] {
                    let counter = counter.clone();
                    std::thread::spawn(move || {
                        let mut buffer = vec![0u8; 64 * 1024];
                        while let Ok(n) = from.read(&mut buffer) {
                            if n == 0 || to.write_all(&buffer[..n]).is_err() {
                                break;
                            }
                            counter.fetch_add(n as u64, Ordering::Relaxed);
                        }
                        let _ = to.shutdown(std::net::Shutdown::Write);
                    });
                }
            }
        });
        Relay { port, bytes }
    }

    fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }
}

/// The peer process: prepares its replica, then syncs on command.
fn peer_process() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut state: Option<(Node, tokio::sync::mpsc::Receiver<NodeEvent>)> = None;
    while let Some(Ok(line)) = lines.next() {
        let command: Value = serde_json::from_str(&line).expect("command");
        let answer = match command["cmd"].as_str() {
            Some("prepare") => {
                let (answer, node) = runtime.block_on(prepare(&command));
                state = Some(node);
                answer
            }
            Some("relay") => {
                let (answer, node) = runtime.block_on(relayed::start_relay(&command));
                state = Some(node);
                answer
            }
            Some("go") => {
                let (node, events) = state.as_mut().expect("prepared");
                runtime.block_on(go(node, events, &command))
            }
            Some("stats") => stats(),
            _ => break,
        };
        println!("{answer}");
    }
    if let Some((node, _)) = state {
        let _ = runtime.block_on(node.shutdown());
    }
}

async fn prepare(command: &Value) -> (Value, (Node, tokio::sync::mpsc::Receiver<NodeEvent>)) {
    let text = |key: &str| command[key].as_str().expect(key).to_owned();
    let side = command["side"].as_u64().expect("side") as usize;
    let keypair =
        Keypair::from_protobuf_encoding(&hex::decode(text("key")).expect("hex")).expect("key");
    let device = keypair.public().to_peer_id().to_string();
    let ids: Vec<String> = serde_json::from_value(command["ids"].clone()).expect("ids");
    let base = std::fs::read(text("base")).expect("base");
    let signer = DeviceSigner::from_keypair(&keypair).expect("ed25519");
    let mut alliance =
        Alliance::from_document(AutoCommit::load(&base).expect("load"), signer.new_actor())
            .expect("alliance");
    let fresh_actors = command["fresh_actors"].as_bool().unwrap_or(false);
    let author = workload::author(side, &device);
    let mut editor = workload::Editor::new(
        &format!("s{side}"),
        command["seed"].as_u64().expect("seed") as u32,
        author.clone(),
        &ids,
        2000,
    );
    let started = Instant::now();
    for i in 0..command["n"].as_u64().expect("n") as usize {
        if fresh_actors {
            // As a script of one CLI command per edit: a new actor each.
            alliance.add_device(signer.new_actor());
        }
        editor.edit(&mut alliance, i);
    }
    let edit_ms = started.elapsed().as_secs_f64() * 1000.0;
    let heads: Vec<String> = alliance.heads().iter().map(ToString::to_string).collect();
    std::fs::write(text("out"), alliance.document_mut().save()).expect("write side");
    let id: DocumentId = DOCUMENT.parse().expect("id");
    let mut store = DocumentStore::new(FsBackend::new(text("data")));
    let mut document = alliance.into_document();
    store.save(&id, &mut document).expect("save replica");
    let listen = command["listen"].as_bool() != Some(false);
    let config = NodeConfig {
        listen: if listen {
            vec!["/ip4/127.0.0.1/tcp/0".parse().expect("address")]
        } else {
            Vec::new()
        },
        mdns: false,
        ..NodeConfig::new(keypair)
    };
    let policy = AlliancePolicy::new(Some(author), signer.new_actor());
    let (node, mut events) = Node::spawn(config, store, policy).expect("spawn");
    node.add_document(id, document, Vec::new())
        .await
        .expect("add");
    let port = loop {
        if !listen {
            break 0;
        }
        if let Some(NodeEvent::Listening { address }) = events.recv().await {
            break address
                .to_string()
                .rsplit('/')
                .next()
                .and_then(|p| p.parse::<u16>().ok())
                .expect("port");
        }
    };
    (
        json!({"heads": heads, "port": port, "edit_ms": edit_ms, "edited": command["n"] != 0}),
        (node, events),
    )
}

async fn go(
    node: &Node,
    events: &mut tokio::sync::mpsc::Receiver<NodeEvent>,
    command: &Value,
) -> Value {
    let target: Vec<String> = serde_json::from_value(command["target"].clone()).expect("target");
    let started = Instant::now();
    if let Some(relay) = command["relay"].as_str() {
        node.add_relay(relay.parse().expect("relay address"))
            .await
            .expect("relay");
    }
    for address in command["dial"].as_array().cloned().unwrap_or_default() {
        node.dial(
            address
                .as_str()
                .expect("address")
                .parse()
                .expect("multiaddr"),
        )
        .await
        .expect("dial");
    }
    if command["holds_all"].as_bool() == Some(true) {
        // Nothing to receive (a catch-up's sender): done once dialled.
        return json!({"converged": true, "local_ms": started.elapsed().as_secs_f64() * 1000.0});
    }
    let reached = |heads: &[automerge::ChangeHash]| {
        let mut ours: Vec<String> = heads.iter().map(ToString::to_string).collect();
        ours.sort();
        ours == target
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(300);
    while let Ok(Some(event)) = tokio::time::timeout_at(deadline, events.recv()).await {
        let heads = match &event {
            NodeEvent::Sync(SyncEvent::Changed { heads, .. } | SyncEvent::Synced { heads, .. }) => {
                heads
            }
            _ => continue,
        };
        if reached(heads) {
            let stats = node
                .sync_stats(DOCUMENT.parse().expect("id"))
                .await
                .ok()
                .flatten()
                .unwrap_or_default();
            let routes = node.routes().await.unwrap_or_default();
            let relayed = routes
                .iter()
                .any(|(_, route)| matches!(route, rondetafel_sync::Route::Relayed { .. }));
            return json!({
                "converged": true, "relayed": relayed,
                "local_ms": started.elapsed().as_secs_f64() * 1000.0,
                "received": stats.received, "applied": stats.applied,
            });
        }
    }
    json!({"converged": false})
}

/// Peak resident memory and CPU time of this process.
fn stats() -> Value {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let rss_kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i)?.parse::<f64>().ok())
        .sum();
    json!({"rss_mb": rss_kb / 1024.0, "cpu_s": ticks / 100.0})
}

fn median_of(results: &[Value]) -> Value {
    let mut summary = results[0].clone();
    for key in [
        "ours_ms",
        "in_memory_ms",
        "ratio",
        "wire_bytes",
        "in_memory_bytes",
        "bytes_ratio",
        "peak_rss_mb",
        "edit_ms",
    ] {
        let mut values: Vec<f64> = results.iter().map(|r| num(r, key)).collect();
        values.sort_by(f64::total_cmp);
        summary[key] = json!(round(values[values.len() / 2]));
    }
    summary["runs"] = json!(results.len());
    summary["summary"] = json!(true);
    if let Some(object) = summary.as_object_mut() {
        object.remove("run");
    }
    summary
}

fn num(value: &Value, key: &str) -> f64 {
    value[key].as_f64().unwrap_or(0.0)
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn env_list(name: &str, default: Vec<usize>) -> Vec<usize> {
    std::env::var(name)
        .ok()
        .map(|s| {
            s.split(',')
                .filter_map(|n| n.trim().parse().ok())
                .collect::<Vec<usize>>()
        })
        .filter(|v| !v.is_empty())
        .unwrap_or(default)
}
