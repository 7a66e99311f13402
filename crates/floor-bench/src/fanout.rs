//! Benchmark (c): how many WebSocket clients one gateway serves at 20 frames/s.
//!
//! The real `lernort-gateway` runs as a child process (simulator at 20 Hz, DiLAS layout);
//! this process opens clients on loopback in steps (500, 1000, 2000, …). Every client
//! decodes each message with `lernort_floor_protocol::decode`, applies it to a `Replica`,
//! notices skipped frames (a sequence number that does not follow the one before) and
//! records the delivery lag: its receive time minus the gateway's timestamp in the header
//! (one machine, one clock). After all clients of a step are connected and a short settling
//! time, a window of `seconds` is measured. A step passes when every client is connected
//! and stays connected, no frame is skipped (by the clients' count and the gateway's
//! `drops`), every client received at least 90 % of the frames the gateway published, and
//! the 99th percentile of the lag is under 100 ms. The ramp stops at the first failing step.
//!
//! With a peer (`--peer`, docs/fanout-peer.md) the same ramp then runs once more, in the same
//! run, against a plain Node `ws` broadcast server (bench/peer/ws-broadcast.mjs, a child
//! process) that relays the same gateway's frames: one table per target and a summary of
//! both side by side (largest passing client count, CPU per 1,000 clients).

use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use futures_util::StreamExt;
use lernort_floor_protocol::{decode, Layout, Message as Floor, Replica};
use tokio::net::TcpStream;
use tokio::sync::{watch, Semaphore};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;

use crate::gateway::{gateway_clock_offset_ms, stop_with_parent, Gateway, Settings};
use crate::stats::Histogram;
use crate::system::{
    cpu_seconds, machine_cpu_seconds, memory_mib, raise_open_files, softirq_threads_seconds,
};

/// The 99th percentile of the delivery lag must stay under this.
pub const LAG_P99_LIMIT_MS: f64 = 100.0;
/// A client that got fewer than this share of the published frames did not keep up.
const MIN_SHARE: f64 = 0.9;
/// A failing step is measured again when other programs took more than this (% of a core).
const BUSY_OTHER_CPU: f64 = 25.0;
/// Longest wait for other programs to calm down before a window.
const OTHERS_PATIENCE: Duration = Duration::from_secs(120);
/// Clients connecting at once.
const CONNECTING_AT_ONCE: usize = 200;
/// Longest wait for a step's clients to connect.
const CONNECT_PATIENCE: Duration = Duration::from_secs(180);
/// Longest wait for the gateway's clients to be gone before the peer's ramp.
const DISCONNECT_PATIENCE: Duration = Duration::from_secs(60);

/// What `lernort-floor-bench fanout` was asked for.
pub struct Options {
    /// The `lernort-gateway` binary.
    pub gateway: PathBuf,
    /// The floor layout.
    pub layout: PathBuf,
    /// Config and log files go here.
    pub work: PathBuf,
    /// Client counts, ascending.
    pub steps: Vec<usize>,
    /// Length of each measured window.
    pub seconds: u64,
    /// Pause between "all connected" and the window.
    pub settle: u64,
    /// Frames per second of the simulator.
    pub rate_hz: f64,
    /// Worker threads of the clients' runtime.
    pub client_threads: usize,
    /// The peer's script (bench/peer/ws-broadcast.mjs): after the gateway's ramp, the same
    /// ramp against it. `None`: the gateway only.
    pub peer: Option<PathBuf>,
}

/// State shared by the clients and the driver.
pub(crate) struct Shared {
    addr: SocketAddr,
    segments: usize,
    lag: Histogram,
    measuring: AtomicBool,
    /// Clients that received their greeting (layout, status, full frame).
    pub(crate) connected: AtomicUsize,
    /// Clients that could not connect (refused, 503, handshake error).
    pub(crate) failed: AtomicUsize,
    /// Clients whose connection ended after connecting.
    pub(crate) closed: AtomicUsize,
    /// Frames the clients skipped (sequence gaps), in the window.
    pub(crate) missed: AtomicU64,
    /// Messages the replica refused, in the window.
    refused: AtomicU64,
    /// Messages that did not decode, in the window.
    undecodable: AtomicU64,
    /// Bytes of frames received, in the window.
    bytes: AtomicU64,
    /// Frames received per client, in the window.
    frames: Vec<AtomicU32>,
    first_error: Mutex<Option<String>>,
}

impl Shared {
    /// For up to `clients` clients of the gateway at `addr`, whose floor has `segments`.
    pub(crate) fn new(addr: SocketAddr, segments: usize, clients: usize) -> Shared {
        Shared {
            addr,
            segments,
            lag: Histogram::new(),
            measuring: AtomicBool::new(false),
            connected: AtomicUsize::new(0),
            failed: AtomicUsize::new(0),
            closed: AtomicUsize::new(0),
            missed: AtomicU64::new(0),
            refused: AtomicU64::new(0),
            undecodable: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            frames: (0..clients).map(|_| AtomicU32::new(0)).collect(),
            first_error: Mutex::new(None),
        }
    }

    /// The first error a client met, if any.
    pub(crate) fn first_error(&self) -> Option<String> {
        self.first_error
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn error(&self, e: String) {
        let mut first = self.first_error.lock().unwrap_or_else(|p| p.into_inner());
        first.get_or_insert(e);
    }

    pub(crate) fn start_window(&self) {
        self.lag.reset();
        for c in [&self.missed, &self.refused, &self.undecodable, &self.bytes] {
            c.store(0, Ordering::Relaxed);
        }
        for f in &self.frames {
            f.store(0, Ordering::Relaxed);
        }
        self.measuring.store(true, Ordering::Release);
    }
}

/// One measured step.
struct Row {
    clients: usize,
    connect_s: f64,
    published_per_s: f64,
    frames_per_client_s: f64,
    avg_bytes: f64,
    p50: f64,
    p99: f64,
    max: f64,
    missed: u64,
    drops: u64,
    starved: usize,
    failed: usize,
    closed: usize,
    /// The process the clients are connected to: the gateway, or the peer.
    serving_cpu: f64,
    /// The gateway feeding the peer, when the peer serves.
    source_cpu: Option<f64>,
    bench_cpu: f64,
    irq_cpu: f64,
    other_cpu: f64,
    rss: f64,
    hwm: f64,
    pass: bool,
}

/// Runs the ramp, prints the table as it goes; returns the whole report.
pub fn run(options: &Options) -> Result<String, String> {
    let most = options.steps.iter().copied().max().unwrap_or(0);
    // Clients and the gateway's sockets, plus room for files.
    let limit = raise_open_files(most as u64 * 2 + 4096);
    if (limit as usize) < most + 1024 {
        return Err(format!(
            "the open-files limit is {limit}; {most} clients need about {} (run as root or raise `ulimit -n`)",
            most + 1024
        ));
    }
    let text = std::fs::read_to_string(&options.layout)
        .map_err(|e| format!("{}: {e}", options.layout.display()))?;
    let layout =
        Layout::from_json(&text).map_err(|e| format!("{}: {e}", options.layout.display()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(options.client_threads.max(1))
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(ramps(options, layout.segment_count(), most))
}

/// Prints `text` and adds it to the report.
fn emit(report: &mut String, text: &str) {
    print!("{text}");
    report.push_str(text);
}

/// The gateway's ramp and, with a peer, the peer's.
async fn ramps(options: &Options, segments: usize, most: usize) -> Result<String, String> {
    let idle_check = machine_cpu_seconds();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let busy_before = match (idle_check, machine_cpu_seconds()) {
        (Some((b0, _)), Some((b1, _))) => (b1 - b0) * 100.0,
        _ => f64::NAN,
    };
    let mut gateway = Gateway::start(&Settings {
        name: "fanout",
        binary: &options.gateway,
        work: &options.work,
        dist: &options.work.join("no-dist"),
        layout: &options.layout,
        rate_hz: options.rate_hz,
        max_clients: (most as u32).saturating_mul(2).max(1000),
        source: None,
    })?;

    let mut report = String::new();
    emit(&mut report, &header(options, busy_before));
    let Some(script) = &options.peer else {
        emit(&mut report, &columns(false));
        let ours = ramp(options, &mut gateway, None, segments, most, &mut report).await?;
        gateway.stop();
        emit(&mut report, &summary(&ours, "gateway"));
        return Ok(report);
    };

    emit(
        &mut report,
        "\n== lernort-gateway: the clients connect to the gateway\n",
    );
    emit(&mut report, &columns(false));
    let ours = ramp(options, &mut gateway, None, segments, most, &mut report).await?;
    emit(&mut report, &summary(&ours, "gateway"));

    // The gateway's clients leave before the peer starts: the peer's ramp has the machine
    // as the gateway's had, the gateway then serving the peer alone.
    let deadline = Instant::now() + DISCONNECT_PATIENCE;
    while gateway.running() && Instant::now() < deadline {
        let clients = gateway.metrics().await?["clients"].as_u64().unwrap_or(0);
        if clients == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    if !gateway.running() {
        return Err(format!(
            "the gateway exited before the peer's ramp; see {}",
            gateway.log.display()
        ));
    }
    let mut peer = Peer::start(script, gateway.addr, &options.work)?;
    emit(&mut report, &peer_title(&peer, script));
    emit(&mut report, &columns(true));
    let theirs = ramp(
        options,
        &mut gateway,
        Some(&mut peer),
        segments,
        most,
        &mut report,
    )
    .await?;
    peer.stop();
    gateway.stop();
    emit(&mut report, &summary(&theirs, "peer"));
    emit(&mut report, &side_by_side(&ours, &theirs, &peer.runs_on));
    Ok(report)
}

/// What one ramp gave.
struct Ramp {
    rows: Vec<Row>,
    /// The first error a client met.
    first_error: Option<String>,
}

/// What the clients of a ramp connect to: the gateway, or the peer relaying from it.
struct Target<'a> {
    gateway: &'a mut Gateway,
    peer: Option<&'a mut Peer>,
}

impl Target<'_> {
    /// Where the clients connect.
    fn addr(&self) -> SocketAddr {
        self.peer.as_ref().map_or(self.gateway.addr, |p| p.addr)
    }

    /// The process that serves the clients.
    fn serving_pid(&self) -> u32 {
        self.peer
            .as_ref()
            .map_or_else(|| self.gateway.pid(), |p| p.pid())
    }

    /// The gateway, when it feeds the peer (the peer serves).
    fn source_pid(&self) -> Option<u32> {
        self.peer.as_ref().map(|_| self.gateway.pid())
    }

    /// Whether every process of the target still runs.
    fn running(&mut self) -> bool {
        self.gateway.running() && self.peer.as_mut().is_none_or(|p| p.running())
    }

    /// Why it stopped: which process exited, and where its log is.
    fn exited(&mut self, clients: usize) -> String {
        let peer_gone = self.peer.as_mut().is_some_and(|p| !p.running());
        match self.peer.as_ref() {
            Some(peer) if peer_gone => format!(
                "the peer exited at {clients} clients; see {}\n",
                peer.log.display()
            ),
            _ => format!(
                "the gateway exited at {clients} clients; see {}\n",
                self.gateway.log.display()
            ),
        }
    }
}

/// Runs the steps against the gateway, or against `peer` when given, until one fails;
/// prints each row as it goes and adds it to `report`.
async fn ramp(
    options: &Options,
    gateway: &mut Gateway,
    peer: Option<&mut Peer>,
    segments: usize,
    most: usize,
    report: &mut String,
) -> Result<Ramp, String> {
    let mut target = Target { gateway, peer };
    let shared = Arc::new(Shared::new(target.addr(), segments, most));
    let (stop_tx, stop_rx) = watch::channel(false);
    let gate = Arc::new(Semaphore::new(CONNECTING_AT_ONCE));

    let mut rows: Vec<Row> = Vec::new();
    let mut opened = 0usize;
    for &step in &options.steps {
        let began = Instant::now();
        for id in opened..step {
            tokio::spawn(client(id, shared.clone(), gate.clone(), stop_rx.clone()));
        }
        opened = step;
        // Wait for everyone's greeting (or a failure).
        let deadline = Instant::now() + CONNECT_PATIENCE;
        loop {
            let done =
                shared.connected.load(Ordering::Acquire) + shared.failed.load(Ordering::Acquire);
            if done >= step || Instant::now() > deadline || !target.running() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let connect_s = began.elapsed().as_secs_f64();
        if !target.running() {
            let line = target.exited(step);
            emit(report, &line);
            break;
        }
        tokio::time::sleep(Duration::from_secs(options.settle)).await;

        others_quiet(&mut target).await;
        let mut row = measure(&mut target, &shared, step, connect_s, options).await?;
        // Other programs on the machine (builds, tests) take the CPU the step needs:
        // measure such a failing step once more, when they are quiet again.
        if !row.pass && row.other_cpu > BUSY_OTHER_CPU {
            let line = format!(
                "{}  (other programs busy: measured again)\n",
                format_row(&row)
            );
            emit(report, &line);
            others_quiet(&mut target).await;
            row = measure(&mut target, &shared, step, connect_s, options).await?;
        }
        emit(report, &format!("{}\n", format_row(&row)));
        let pass = row.pass;
        rows.push(row);
        if !pass {
            break;
        }
    }
    let _ = stop_tx.send(true);
    Ok(Ramp {
        rows,
        first_error: shared.first_error(),
    })
}

/// CPU times (seconds of one core) at one moment.
#[derive(Clone, Copy)]
struct Cpu {
    /// The whole machine, busy (not idle).
    busy: f64,
    /// The whole machine, in interrupts and softirqs.
    irq: f64,
    /// The process serving the clients (the gateway, or the peer).
    serving: f64,
    /// The gateway feeding the peer (0 when the gateway serves).
    source: f64,
    /// This process (the clients).
    bench: f64,
    /// The kernel's softirq threads (loopback delivery under load).
    ksoftirqd: f64,
}

impl Cpu {
    fn now(target: &Target<'_>) -> Cpu {
        let (busy, irq) = machine_cpu_seconds().unwrap_or((0.0, 0.0));
        Cpu {
            busy,
            irq,
            serving: cpu_seconds(target.serving_pid()).unwrap_or(0.0),
            source: target.source_pid().and_then(cpu_seconds).unwrap_or(0.0),
            bench: cpu_seconds(std::process::id()).unwrap_or(0.0),
            ksoftirqd: softirq_threads_seconds(),
        }
    }

    /// Other programs' share between `self` and `later`, in seconds: the machine's busy
    /// time minus the serving process's (and the gateway feeding it), the clients' and the
    /// softirq threads'. (This kernel counts a softirq in the time of the process it
    /// interrupted, so the softirq column overlaps the processes' columns and is not
    /// subtracted.)
    fn others(&self, later: &Cpu) -> f64 {
        ((later.busy - self.busy)
            - (later.serving - self.serving)
            - (later.source - self.source)
            - (later.bench - self.bench)
            - (later.ksoftirqd - self.ksoftirqd))
            .max(0.0)
    }
}

/// Waits (at most [`OTHERS_PATIENCE`]) until other programs take less than
/// [`BUSY_OTHER_CPU`] for a second.
async fn others_quiet(target: &mut Target<'_>) {
    let deadline = Instant::now() + OTHERS_PATIENCE;
    let mut told = false;
    while target.running() {
        let before = Cpu::now(target);
        tokio::time::sleep(Duration::from_secs(1)).await;
        let others = before.others(&Cpu::now(target)) * 100.0;
        if others < BUSY_OTHER_CPU || Instant::now() > deadline {
            return;
        }
        if !told {
            eprintln!(
                "lernort-floor-bench: other programs use {others:.0}% of one core; waiting up to {} s",
                OTHERS_PATIENCE.as_secs()
            );
            told = true;
        }
    }
}

/// Measures one window of `options.seconds` with `clients` clients connected.
async fn measure(
    target: &mut Target<'_>,
    shared: &Shared,
    clients: usize,
    connect_s: f64,
    options: &Options,
) -> Result<Row, String> {
    let closed_before = shared.closed.load(Ordering::Acquire);
    // The gateway's figures also when the peer serves: it publishes the frames the peer
    // relays, and its drops are frames the peer never got.
    let m0 = target.gateway.metrics().await?;
    let cpu0 = Cpu::now(target);
    let t0 = Instant::now();
    shared.start_window();
    tokio::time::sleep(Duration::from_secs(options.seconds)).await;
    shared.measuring.store(false, Ordering::Release);
    let elapsed = t0.elapsed().as_secs_f64();
    let cpu1 = Cpu::now(target);
    let m1 = target.gateway.metrics().await?;
    let (rss, hwm) = memory_mib(target.serving_pid()).unwrap_or((f64::NAN, f64::NAN));

    let num = |m: &serde_json::Value, k: &str| m[k].as_u64().unwrap_or(0);
    let published = u64::from((num(&m1, "seq") as u32).wrapping_sub(num(&m0, "seq") as u32));
    let connected = shared.connected.load(Ordering::Acquire).min(clients);
    let counts: Vec<u32> = shared.frames[..clients]
        .iter()
        .map(|f| f.load(Ordering::Relaxed))
        .collect();
    let received: u64 = counts.iter().map(|&c| u64::from(c)).sum();
    let starved = counts
        .iter()
        .filter(|&&c| f64::from(c) < MIN_SHARE * published as f64)
        .count();
    let failed = shared.failed.load(Ordering::Acquire);
    let closed = shared.closed.load(Ordering::Acquire);
    let missed = shared.missed.load(Ordering::Relaxed);
    let drops = num(&m1, "drops").saturating_sub(num(&m0, "drops"));
    let p99 = shared.lag.percentile_ms(99.0);
    let pass = connected == clients
        && failed == 0
        && closed == 0
        && closed_before == 0
        && missed == 0
        && drops == 0
        && starved == 0
        && shared.refused.load(Ordering::Relaxed) == 0
        && shared.undecodable.load(Ordering::Relaxed) == 0
        && p99 < LAG_P99_LIMIT_MS;
    let percent = |seconds: f64| seconds / elapsed * 100.0;
    Ok(Row {
        clients,
        connect_s,
        published_per_s: published as f64 / elapsed,
        frames_per_client_s: received as f64 / clients as f64 / elapsed,
        avg_bytes: shared.bytes.load(Ordering::Relaxed) as f64 / received.max(1) as f64,
        p50: shared.lag.percentile_ms(50.0),
        p99,
        max: shared.lag.max_ms(),
        missed,
        drops,
        starved,
        failed,
        closed,
        serving_cpu: percent(cpu1.serving - cpu0.serving),
        source_cpu: target
            .source_pid()
            .map(|_| percent(cpu1.source - cpu0.source)),
        bench_cpu: percent(cpu1.bench - cpu0.bench),
        irq_cpu: percent(cpu1.irq - cpu0.irq),
        other_cpu: percent(cpu0.others(&cpu1)),
        rss,
        hwm,
        pass,
    })
}

fn header(options: &Options, busy_before: f64) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Gateway fan-out: lernort-gateway (release, child process) on 127.0.0.1, simulator at {} Hz, layout {}; \
         WebSocket clients in this process (tokio, {} thread(s), 4 KiB read buffers); {} s measured per step after {} s settling.",
        options.rate_hz,
        options.layout.display(),
        options.client_threads,
        options.seconds,
        options.settle
    );
    let _ = writeln!(
        s,
        "lag = client receive time - gateway timestamp (ms); pass: all connected, p99 lag < {LAG_P99_LIMIT_MS} ms, \
         no skipped frame, no gateway drop, every client got >= {}% of the frames.",
        (MIN_SHARE * 100.0) as u32
    );
    let _ = writeln!(
        s,
        "CPU in % of one core (2 cores = 200%); softirq = the machine's (loopback delivery; this kernel also counts it \
         in the process it interrupted, so it overlaps gw/bench CPU); other CPU = other programs."
    );
    if options.peer.is_some() {
        let _ = writeln!(
            s,
            "Then the same ramp against a peer: a plain Node `ws` broadcast server relaying that gateway's stream \
             (one connection to it); the gateway's clients leave first."
        );
    }
    let _ = writeln!(
        s,
        "machine before the start: {busy_before:.0}% of one core busy (other programs)"
    );
    s
}

/// What the peer's table is about.
fn peer_title(peer: &Peer, script: &Path) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\n== peer: {} ({}, child process) on 127.0.0.1, connected once to the same gateway and relaying every message \
         to its clients (`for (const c of wss.clients) c.send(data)`); the clients connect to the peer",
        script.display(),
        peer.runs_on
    );
    let _ = writeln!(
        s,
        "ws CPU/RSS/peak = the peer's Node process; gw CPU = the gateway feeding it (one client); \
         the lag includes the peer's extra hop (gateway -> peer -> client); pub/s and drops are the gateway's."
    );
    s
}

/// The table's column heads: the gateway's, or with `peer` the peer's (its process in
/// the `ws` columns, the gateway feeding it in the last).
fn columns(peer: bool) -> String {
    let (cpu, rss, peak) = if peer {
        ("ws CPU", "ws RSS", "ws peak")
    } else {
        ("gw CPU", "gw RSS", "gw peak")
    };
    format!(
        "{:>7} {:>8} {:>7} {:>8} {:>6} {:>7} {:>7} {:>7} {:>6} {:>6} {:>7} {:>10} {:>7} {:>8} {:>8} {:>9} {:>8} {:>9}{}  result\n",
        "clients",
        "connect",
        "pub/s",
        "recv/s/c",
        "bytes",
        "lag p50",
        "lag p99",
        "lag max",
        "missed",
        "drops",
        "starved",
        "fail/close",
        cpu,
        rss,
        peak,
        "bench CPU",
        "softirq",
        "other CPU",
        if peer { "  gw CPU" } else { "" },
    )
}

fn format_row(r: &Row) -> String {
    format!(
        "{:>7} {:>7.1}s {:>7.1} {:>8.2} {:>6.0} {:>7.1} {:>7.1} {:>7.1} {:>6} {:>6} {:>7} {:>10} {:>6.0}% {:>4.0} MiB {:>4.0} MiB {:>8.0}% {:>7.0}% {:>8.0}%{}  {}",
        r.clients,
        r.connect_s,
        r.published_per_s,
        r.frames_per_client_s,
        r.avg_bytes,
        r.p50,
        r.p99,
        r.max,
        r.missed,
        r.drops,
        r.starved,
        format!("{}/{}", r.failed, r.closed),
        r.serving_cpu,
        r.rss,
        r.hwm,
        r.bench_cpu,
        r.irq_cpu,
        r.other_cpu,
        r.source_cpu
            .map_or_else(String::new, |c| format!(" {:>6.0}%", c)),
        if r.pass { "pass" } else { "FAIL" }
    )
}

/// The largest passing step, the first failing one, and the first client error of a ramp
/// against the `what` ("gateway" or "peer").
fn summary(ramp: &Ramp, what: &str) -> String {
    let rows = &ramp.rows;
    let mut s = String::new();
    match rows.iter().rfind(|r| r.pass) {
        Some(best) => {
            let _ = writeln!(
                s,
                "largest passing client count: {} (lag p50 {:.1} ms, p99 {:.1} ms; {what} RSS {:.0} MiB, peak {:.0} MiB, CPU {:.0}% of one core)",
                best.clients, best.p50, best.p99, best.rss, best.hwm, best.serving_cpu
            );
        }
        None => {
            let _ = writeln!(s, "largest passing client count: none");
        }
    }
    if let Some(failed) = rows.iter().find(|r| !r.pass) {
        let _ = writeln!(s, "first failing step: {} clients", failed.clients);
    } else if !rows.is_empty() {
        let _ = writeln!(s, "every step passed (the ramp ended, not the {what})");
    }
    if let Some(e) = &ramp.first_error {
        let _ = writeln!(s, "first client error: {e}");
    }
    s
}

/// The serving process's CPU per 1,000 clients of `row`, in % of one core.
fn per_thousand(row: &Row) -> f64 {
    row.serving_cpu / row.clients as f64 * 1000.0
}

/// Both ramps' figures side by side: the largest passing client count, and the CPU per
/// 1,000 clients at the largest count both passed (and at each one's own largest).
fn side_by_side(ours: &Ramp, theirs: &Ramp, runs_on: &str) -> String {
    let best = |ramp: &Ramp| ramp.rows.iter().rfind(|r| r.pass).map(|r| r.clients);
    let common = best(ours).zip(best(theirs)).map(|(a, b)| a.min(b));
    fn at(ramp: &Ramp, clients: Option<usize>) -> Option<&Row> {
        clients.and_then(|n| ramp.rows.iter().find(|r| r.clients == n && r.pass))
    }
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\n== side by side: the same frames at the same rate, the same clients and the same pass criteria; \
         the peer's lag includes its extra hop (gateway -> peer)"
    );
    let step = common.map_or_else(|| "-".to_owned(), |n| n.to_string());
    let peer_name = format!("node ws peer ({runs_on})");
    let width = peer_name.len().max("lernort-gateway".len());
    let _ = writeln!(
        s,
        "{:<width$} {:>15} {:>20} {:>13} {:>13} {:>21}",
        "target",
        "largest passing",
        format!("CPU/1000 at {step}"),
        format!("p99 at {step}"),
        format!("RSS at {step}"),
        "CPU/1000 at largest"
    );
    for (name, ramp) in [("lernort-gateway", ours), (peer_name.as_str(), theirs)] {
        let largest = best(ramp).map_or_else(|| "none".to_owned(), |n| n.to_string());
        let (cpu, p99, rss) = at(ramp, common).map_or_else(
            || ("-".to_owned(), "-".to_owned(), "-".to_owned()),
            |r| {
                (
                    format!("{:.1}% of a core", per_thousand(r)),
                    format!("{:.1} ms", r.p99),
                    format!("{:.0} MiB", r.rss),
                )
            },
        );
        let own = at(ramp, best(ramp)).map_or_else(
            || "-".to_owned(),
            |r| format!("{:.1}% at {}", per_thousand(r), r.clients),
        );
        let _ = writeln!(
            s,
            "{name:<width$} {largest:>15} {cpu:>20} {p99:>13} {rss:>13} {own:>21}"
        );
    }
    let _ = writeln!(
        s,
        "CPU/1000 = the serving process's CPU (% of one core) / clients x 1000; for the peer its Node process \
         without the gateway feeding it (gw CPU in its table)."
    );
    if let (Some(a), Some(b)) = (at(ours, common), at(theirs, common)) {
        let _ = writeln!(
            s,
            "at {} clients lernort-gateway takes {:.2}x the peer's CPU per client",
            a.clients,
            per_thousand(a) / per_thousand(b)
        );
    }
    s
}

/// The Node `ws` peer (bench/peer/ws-broadcast.mjs) as a child process relaying the
/// gateway's stream; stopped (SIGTERM, then SIGKILL) when dropped.
struct Peer {
    child: Child,
    /// Where it listens.
    addr: SocketAddr,
    /// Its log (stdout and stderr).
    log: PathBuf,
    /// What it said it runs on (`ws 8.x.y, Node vN`).
    runs_on: String,
}

impl Peer {
    /// Starts `node SCRIPT ws://UPSTREAM/floor 0` and waits (at most 20 s) for the port it
    /// prints once the upstream's greeting arrived and it listens.
    fn start(script: &Path, upstream: SocketAddr, work: &Path) -> Result<Peer, String> {
        std::fs::create_dir_all(work).map_err(|e| format!("{}: {e}", work.display()))?;
        let log = work.join("peer-fanout.log");
        let file = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let stderr = file.try_clone().map_err(|e| e.to_string())?;
        let mut command = Command::new("node");
        command
            .arg(script)
            .arg(format!("ws://{upstream}/floor"))
            .arg("0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr);
        let mut child = stop_with_parent(&mut command)
            .spawn()
            .map_err(|e| format!("cannot start node {}: {e}", script.display()))?;
        let out = child.stdout.take().ok_or("no stdout")?;
        let mut peer = Peer {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            log,
            runs_on: String::new(),
        };
        let (tx, rx) = std::sync::mpsc::channel::<String>();
        let mut file = file;
        std::thread::spawn(move || {
            use std::io::Write as _;
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = writeln!(file, "{line}");
                let _ = tx.send(line);
            }
        });
        let port = rx
            .recv_timeout(Duration::from_secs(20))
            .ok()
            .and_then(|line| line.trim().parse::<u16>().ok())
            .ok_or_else(|| format!("the peer did not start; see {}", peer.log.display()))?;
        peer.addr.set_port(port);
        peer.runs_on = rx
            .recv_timeout(Duration::from_secs(5))
            .unwrap_or_else(|_| "ws ?".to_owned());
        Ok(peer)
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// SIGTERM, SIGKILL after 5 s.
    fn stop(&mut self) {
        crate::gateway::terminate(&mut self.child);
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Frames missed between a frame numbered `previous` and the next one received, `seq`
/// (sequence numbers wrap). The same number again or an older one (a repeated full frame
/// after a resync) misses nothing.
fn skipped(previous: u32, seq: u32) -> u32 {
    let step = seq.wrapping_sub(previous);
    if step > 1 && step < 1 << 31 {
        step - 1
    } else {
        0
    }
}

/// Microseconds since the Unix epoch.
/// Now in the gateway's clock (see [`gateway_clock_offset_ms`]), in µs.
fn unix_us() -> i64 {
    static OFFSET_US: std::sync::OnceLock<i64> = std::sync::OnceLock::new();
    let offset = *OFFSET_US.get_or_init(|| gateway_clock_offset_ms() * 1000);
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as i64)
        + offset
}

/// Connects from one of [`CLIENT_ADDRESSES`] loopback addresses, by the client's number,
/// as clients from several hosts would.
pub(crate) async fn connect_from_loopback(
    id: usize,
    to: std::net::SocketAddr,
) -> std::io::Result<TcpStream> {
    let socket = tokio::net::TcpSocket::new_v4()?;
    let host = 1 + (id % CLIENT_ADDRESSES) as u8;
    socket.bind(std::net::SocketAddr::from(([127, 0, 0, host], 0)))?;
    socket.connect(to).await
}

/// How many 127.0.0.x addresses the clients come from: the gateway caps one address at half
/// its connections, and loopback has a source port range per address.
const CLIENT_ADDRESSES: usize = 8;

/// One client: connect, take the greeting, then read, decode, apply and measure until the
/// connection ends or the benchmark stops.
pub(crate) async fn client(
    id: usize,
    shared: Arc<Shared>,
    gate: Arc<Semaphore>,
    mut stop: watch::Receiver<bool>,
) {
    let permit = gate.acquire_owned().await;
    let url = format!("ws://{}/floor", shared.addr);
    let connecting = async {
        let stream = connect_from_loopback(id, shared.addr)
            .await
            .map_err(|e| e.to_string())?;
        let config = WebSocketConfig::default().read_buffer_size(4096);
        tokio_tungstenite::client_async_with_config(url.as_str(), stream, Some(config))
            .await
            .map_err(|e| e.to_string())
    };
    let mut ws = match tokio::time::timeout(Duration::from_secs(30), connecting).await {
        Ok(Ok((ws, _))) => ws,
        Ok(Err(e)) => {
            shared.error(format!("client {id}: {e}"));
            shared.failed.fetch_add(1, Ordering::AcqRel);
            return;
        }
        Err(_) => {
            shared.error(format!("client {id}: no handshake in 30 s"));
            shared.failed.fetch_add(1, Ordering::AcqRel);
            return;
        }
    };
    let mut replica = Replica::new(shared.segments);
    let mut last: Option<u32> = None;
    let mut greeted = false;
    let mut permit = Some(permit);
    let mut frames_seen = 0u32;
    loop {
        let next = tokio::select! {
            next = ws.next() => next,
            _ = stop.changed() => return,
        };
        let message = match next {
            Some(Ok(m)) => m,
            Some(Err(e)) => {
                shared.error(format!("client {id}: {e}"));
                break;
            }
            None => break,
        };
        let bytes = match message {
            Message::Binary(bytes) => bytes,
            Message::Text(_) => continue, // the layout
            Message::Close(_) => break,
            _ => continue,
        };
        let received_us = unix_us();
        let measuring = shared.measuring.load(Ordering::Relaxed);
        let Ok(message) = decode(&bytes) else {
            if measuring {
                shared.undecodable.fetch_add(1, Ordering::Relaxed);
            }
            continue;
        };
        let applied = replica.apply(&message);
        if matches!(message, Floor::Full { .. } | Floor::Delta(_)) {
            let header = message.header();
            if let (Some(previous), true) = (last, measuring) {
                let missed = skipped(previous, header.seq);
                if missed > 0 {
                    shared
                        .missed
                        .fetch_add(u64::from(missed), Ordering::Relaxed);
                }
            }
            last = Some(header.seq);
            frames_seen += 1;
            if measuring {
                shared
                    .lag
                    .record_us(received_us - header.timestamp_ms as i64 * 1000);
                shared.frames[id].fetch_add(1, Ordering::Relaxed);
                shared
                    .bytes
                    .fetch_add(bytes.len() as u64, Ordering::Relaxed);
                if applied.is_err() {
                    shared.refused.fetch_add(1, Ordering::Relaxed);
                }
            }
            if !greeted && frames_seen >= 1 {
                greeted = true;
                permit.take();
                shared.connected.fetch_add(1, Ordering::AcqRel);
            }
        }
    }
    if greeted {
        shared.closed.fetch_add(1, Ordering::AcqRel);
    } else {
        shared.failed.fetch_add(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::skipped;

    #[test]
    fn gaps_in_sequence_numbers() {
        assert_eq!(skipped(7, 8), 0);
        assert_eq!(skipped(7, 10), 2);
        assert_eq!(skipped(7, 7), 0, "a repeated full frame");
        assert_eq!(skipped(7, 5), 0, "an older frame");
        assert_eq!(skipped(u32::MAX, 0), 0, "wraps");
        assert_eq!(skipped(u32::MAX - 1, 1), 2);
    }
}
