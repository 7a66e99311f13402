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

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use futures_util::StreamExt;
use lernort_floor_protocol::{decode, Layout, Message as Floor, Replica};
use tokio::net::TcpStream;
use tokio::sync::{watch, Semaphore};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;

use crate::gateway::{gateway_clock_offset_ms, Gateway, Settings};
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
    gateway_cpu: f64,
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
    runtime.block_on(ramp(options, layout.segment_count(), most))
}

async fn ramp(options: &Options, segments: usize, most: usize) -> Result<String, String> {
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
    let shared = Arc::new(Shared::new(gateway.addr, segments, most));
    let (stop_tx, stop_rx) = watch::channel(false);
    let gate = Arc::new(Semaphore::new(CONNECTING_AT_ONCE));

    let mut report = String::new();
    let head = header(options, busy_before);
    print!("{head}");
    report.push_str(&head);

    let mut rows: Vec<Row> = Vec::new();
    let mut opened = 0usize;
    for &target in &options.steps {
        let began = Instant::now();
        for id in opened..target {
            tokio::spawn(client(id, shared.clone(), gate.clone(), stop_rx.clone()));
        }
        opened = target;
        // Wait for everyone's greeting (or a failure).
        let deadline = Instant::now() + CONNECT_PATIENCE;
        loop {
            let done =
                shared.connected.load(Ordering::Acquire) + shared.failed.load(Ordering::Acquire);
            if done >= target || Instant::now() > deadline || !gateway.running() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let connect_s = began.elapsed().as_secs_f64();
        if !gateway.running() {
            let line = format!(
                "the gateway exited at {target} clients; see {}\n",
                gateway.log.display()
            );
            print!("{line}");
            report.push_str(&line);
            break;
        }
        tokio::time::sleep(Duration::from_secs(options.settle)).await;

        others_quiet(&mut gateway).await;
        let mut row = measure(&mut gateway, &shared, target, connect_s, options).await?;
        // Other programs on the machine (builds, tests) take the CPU the step needs:
        // measure such a failing step once more, when they are quiet again.
        if !row.pass && row.other_cpu > BUSY_OTHER_CPU {
            let line = format!(
                "{}  (other programs busy: measured again)",
                format_row(&row)
            );
            println!("{line}");
            report.push_str(&line);
            report.push('\n');
            others_quiet(&mut gateway).await;
            row = measure(&mut gateway, &shared, target, connect_s, options).await?;
        }
        let line = format_row(&row);
        println!("{line}");
        report.push_str(&line);
        report.push('\n');
        let pass = row.pass;
        rows.push(row);
        if !pass {
            break;
        }
    }
    let _ = stop_tx.send(true);
    gateway.stop();

    let summary = summary(&rows, &shared);
    print!("{summary}");
    report.push_str(&summary);
    Ok(report)
}

/// CPU times (seconds of one core) at one moment.
#[derive(Clone, Copy)]
struct Cpu {
    /// The whole machine, busy (not idle).
    busy: f64,
    /// The whole machine, in interrupts and softirqs.
    irq: f64,
    /// The gateway.
    gateway: f64,
    /// This process (the clients).
    bench: f64,
    /// The kernel's softirq threads (loopback delivery under load).
    ksoftirqd: f64,
}

impl Cpu {
    fn now(gateway: u32) -> Cpu {
        let (busy, irq) = machine_cpu_seconds().unwrap_or((0.0, 0.0));
        Cpu {
            busy,
            irq,
            gateway: cpu_seconds(gateway).unwrap_or(0.0),
            bench: cpu_seconds(std::process::id()).unwrap_or(0.0),
            ksoftirqd: softirq_threads_seconds(),
        }
    }

    /// Other programs' share between `self` and `later`, in seconds: the machine's busy
    /// time minus the gateway's, the clients' and the softirq threads'. (This kernel counts
    /// a softirq in the time of the process it interrupted, so the softirq column overlaps
    /// the processes' columns and is not subtracted.)
    fn others(&self, later: &Cpu) -> f64 {
        ((later.busy - self.busy)
            - (later.gateway - self.gateway)
            - (later.bench - self.bench)
            - (later.ksoftirqd - self.ksoftirqd))
            .max(0.0)
    }
}

/// Waits (at most [`OTHERS_PATIENCE`]) until other programs take less than
/// [`BUSY_OTHER_CPU`] for a second.
async fn others_quiet(gateway: &mut Gateway) {
    let deadline = Instant::now() + OTHERS_PATIENCE;
    let mut told = false;
    while gateway.running() {
        let before = Cpu::now(gateway.pid());
        tokio::time::sleep(Duration::from_secs(1)).await;
        let others = before.others(&Cpu::now(gateway.pid())) * 100.0;
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

/// Measures one window of `options.seconds` with `target` clients connected.
async fn measure(
    gateway: &mut Gateway,
    shared: &Shared,
    target: usize,
    connect_s: f64,
    options: &Options,
) -> Result<Row, String> {
    let closed_before = shared.closed.load(Ordering::Acquire);
    let m0 = gateway.metrics().await?;
    let cpu0 = Cpu::now(gateway.pid());
    let t0 = Instant::now();
    shared.start_window();
    tokio::time::sleep(Duration::from_secs(options.seconds)).await;
    shared.measuring.store(false, Ordering::Release);
    let elapsed = t0.elapsed().as_secs_f64();
    let cpu1 = Cpu::now(gateway.pid());
    let m1 = gateway.metrics().await?;
    let (rss, hwm) = memory_mib(gateway.pid()).unwrap_or((f64::NAN, f64::NAN));

    let num = |m: &serde_json::Value, k: &str| m[k].as_u64().unwrap_or(0);
    let published = u64::from((num(&m1, "seq") as u32).wrapping_sub(num(&m0, "seq") as u32));
    let connected = shared.connected.load(Ordering::Acquire).min(target);
    let counts: Vec<u32> = shared.frames[..target]
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
    let pass = connected == target
        && failed == 0
        && closed == 0
        && closed_before == 0
        && missed == 0
        && drops == 0
        && starved == 0
        && shared.refused.load(Ordering::Relaxed) == 0
        && shared.undecodable.load(Ordering::Relaxed) == 0
        && p99 < LAG_P99_LIMIT_MS;
    Ok(Row {
        clients: target,
        connect_s,
        published_per_s: published as f64 / elapsed,
        frames_per_client_s: received as f64 / target as f64 / elapsed,
        avg_bytes: shared.bytes.load(Ordering::Relaxed) as f64 / received.max(1) as f64,
        p50: shared.lag.percentile_ms(50.0),
        p99,
        max: shared.lag.max_ms(),
        missed,
        drops,
        starved,
        failed,
        closed,
        gateway_cpu: (cpu1.gateway - cpu0.gateway) / elapsed * 100.0,
        bench_cpu: (cpu1.bench - cpu0.bench) / elapsed * 100.0,
        irq_cpu: (cpu1.irq - cpu0.irq) / elapsed * 100.0,
        other_cpu: cpu0.others(&cpu1) / elapsed * 100.0,
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
    let _ = writeln!(
        s,
        "machine before the start: {busy_before:.0}% of one core busy (other programs)"
    );
    let _ = writeln!(
        s,
        "{:>7} {:>8} {:>7} {:>8} {:>6} {:>7} {:>7} {:>7} {:>6} {:>6} {:>7} {:>10} {:>7} {:>8} {:>8} {:>9} {:>8} {:>9}  result",
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
        "gw CPU",
        "gw RSS",
        "gw peak",
        "bench CPU",
        "softirq",
        "other CPU",
    );
    s
}

fn format_row(r: &Row) -> String {
    format!(
        "{:>7} {:>7.1}s {:>7.1} {:>8.2} {:>6.0} {:>7.1} {:>7.1} {:>7.1} {:>6} {:>6} {:>7} {:>10} {:>6.0}% {:>4.0} MiB {:>4.0} MiB {:>8.0}% {:>7.0}% {:>8.0}%  {}",
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
        r.gateway_cpu,
        r.rss,
        r.hwm,
        r.bench_cpu,
        r.irq_cpu,
        r.other_cpu,
        if r.pass { "pass" } else { "FAIL" }
    )
}

fn summary(rows: &[Row], shared: &Shared) -> String {
    let mut s = String::new();
    match rows.iter().rfind(|r| r.pass) {
        Some(best) => {
            let _ = writeln!(
                s,
                "largest passing client count: {} (lag p50 {:.1} ms, p99 {:.1} ms; gateway RSS {:.0} MiB, peak {:.0} MiB, CPU {:.0}% of one core)",
                best.clients, best.p50, best.p99, best.rss, best.hwm, best.gateway_cpu
            );
        }
        None => {
            let _ = writeln!(s, "largest passing client count: none");
        }
    }
    if let Some(failed) = rows.iter().find(|r| !r.pass) {
        let _ = writeln!(s, "first failing step: {} clients", failed.clients);
    } else if !rows.is_empty() {
        let _ = writeln!(s, "every step passed (the ramp ended, not the gateway)");
    }
    if let Some(e) = shared
        .first_error
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .as_ref()
    {
        let _ = writeln!(s, "first client error: {e}");
    }
    s
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
