//! The reliability suite's long steps (`scripts/soak`, docs/reliability.md): the floor
//! under load with misbehaving clients (b), and sources that fail in the ways real ones do
//! (c). Each step is bounded in time and clients, on loopback only, and prints its figures;
//! it fails (exit 1) when what docs/reliability.md promises does not hold.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use lernort_floor_protocol::Layout;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::{watch, Semaphore};

use crate::fanout::{client, connect_from_loopback, Shared};
use crate::gateway::{stop_with_parent, Gateway, Settings};
use crate::system::{memory_mib, raise_open_files};

/// What `lernort-floor-bench soak-floor` and `soak-sources` were asked for.
pub struct Options {
    /// The `lernort-gateway` binary.
    pub gateway: PathBuf,
    /// The floor layout.
    pub layout: PathBuf,
    /// Config and log files go here.
    pub work: PathBuf,
    /// The app the gateway serves (for the `GET /` probes).
    pub dist: PathBuf,
    /// Clients in all (floor); the misbehaving ones are among them.
    pub clients: usize,
    /// Length of the floor window.
    pub seconds: u64,
}

/// Clients that never read a byte after their handshake.
const NEVER_READ: usize = 10;
/// Clients that vanish with a reset (`SO_LINGER 0`).
const RESET: usize = 50;
/// Clients in a process that is stopped (`SIGSTOP`) while they are connected.
const FROZEN: usize = 50;
/// The stuck clients' receive buffer: small, so that the gateway's sends block soon.
const STUCK_RECEIVE_BUFFER: u32 = 4096;
/// The gateway's defaults: `send_timeout_ms` × `max_send_timeouts`.
const SEND_TIMEOUT_BOUND: Duration = Duration::from_secs(15);
/// `GET /` while the floor is loaded must stay under this at the 99th percentile.
const PAGE_P99_LIMIT_MS: f64 = 250.0;

/// (b) The floor held: `clients` connected for `seconds`, of which some never read, some
/// reset and some are frozen, while another address fetches `/` ten times a second.
pub fn floor(options: &Options) -> Result<String, String> {
    raise_open_files(options.clients as u64 * 2 + 4096);
    let text = std::fs::read_to_string(&options.layout)
        .map_err(|e| format!("{}: {e}", options.layout.display()))?;
    let layout =
        Layout::from_json(&text).map_err(|e| format!("{}: {e}", options.layout.display()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(floor_held(options, layout.segment_count()))
}

async fn floor_held(options: &Options, segments: usize) -> Result<String, String> {
    let stuck = NEVER_READ + FROZEN;
    let readers = options
        .clients
        .checked_sub(stuck + RESET)
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("--clients must be above {}", stuck + RESET))?;
    let mut gateway = Gateway::start(&Settings {
        name: "soak-floor",
        binary: &options.gateway,
        work: &options.work,
        dist: &options.dist,
        layout: &options.layout,
        rate_hz: 20.0,
        // Exactly as many as connect: a place that leaks refuses the clients at the end.
        max_clients: options.clients as u32,
        source: None,
    })?;
    let mut out = String::new();
    let mut say = |line: String| {
        println!("{line}");
        out.push_str(&line);
        out.push('\n');
    };
    say(format!(
        "soak floor: {} clients for {} s: {readers} read, {NEVER_READ} never read, {RESET} reset, {FROZEN} frozen (SIGSTOP); GET / from 127.0.0.9 every 100 ms",
        options.clients, options.seconds
    ));

    let shared = Arc::new(Shared::new(
        gateway.addr,
        segments,
        options.clients + stuck + RESET,
    ));
    let (stop_tx, stop_rx) = watch::channel(false);
    let gate = Arc::new(Semaphore::new(200));
    let began = Instant::now();
    for id in 0..readers {
        tokio::spawn(client(id, shared.clone(), gate.clone(), stop_rx.clone()));
    }
    let mut never_read = Vec::new();
    for id in 0..NEVER_READ {
        never_read.push(handshake(id, gateway.addr, Some(STUCK_RECEIVE_BUFFER)).await?);
    }
    let mut frozen = FrozenClients::start(gateway.addr, FROZEN)?;
    let deadline = Instant::now() + Duration::from_secs(180);
    while shared.connected.load(Ordering::Acquire) + shared.failed.load(Ordering::Acquire) < readers
    {
        if Instant::now() > deadline || !gateway.running() {
            return Err("the readers did not connect within 180 s".into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    say(format!(
        "connected: {} readers in {:.1} s ({} failed)",
        shared.connected.load(Ordering::Acquire),
        began.elapsed().as_secs_f64(),
        shared.failed.load(Ordering::Acquire)
    ));
    for id in 0..RESET {
        let stream = handshake(id, gateway.addr, None).await?;
        reset(stream);
    }
    frozen.stop();
    let frozen_at = Instant::now();

    shared.start_window();
    let window_length = Duration::from_secs(options.seconds);
    let probes = tokio::spawn(probe_page(gateway.addr, "/", window_length));
    let health = tokio::spawn(probe_page(gateway.addr, "/healthz", window_length));
    let mut all_dropped_after = None;
    let window = Instant::now();
    while window.elapsed() < Duration::from_secs(options.seconds) {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let metrics = gateway.metrics().await?;
        if all_dropped_after.is_none() && count(&metrics, "slow_clients_dropped") >= stuck as u64 {
            all_dropped_after = Some(frozen_at.elapsed());
        }
    }
    let page = probes.await.map_err(|e| e.to_string())?;
    let health = health.await.map_err(|e| e.to_string())?;
    let metrics = gateway.metrics().await?;
    let (rss, hwm) = memory_mib(gateway.pid()).unwrap_or((f64::NAN, f64::NAN));
    drop(never_read);

    // No place leaked: as many new clients as went away are let in.
    let connected_before = shared.connected.load(Ordering::Acquire);
    let failed_before = shared.failed.load(Ordering::Acquire);
    let still_open = count(&metrics, "clients") as usize;
    let room = options.clients - still_open;
    for id in readers..readers + room {
        tokio::spawn(client(id, shared.clone(), gate.clone(), stop_rx.clone()));
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    while shared.connected.load(Ordering::Acquire) + shared.failed.load(Ordering::Acquire)
        < connected_before + failed_before + room
        && Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let admitted = shared.connected.load(Ordering::Acquire) - connected_before;
    let missed = shared.missed.load(Ordering::Acquire);
    let closed = shared.closed.load(Ordering::Acquire);
    let _ = stop_tx.send(true);
    gateway.stop();
    frozen.kill();

    let dropped = count(&metrics, "slow_clients_dropped");
    say(format!(
        "readers: {missed} frames skipped, {closed} connections lost; gateway drops: {}",
        count(&metrics, "drops")
    ));
    say(format!(
        "stuck: {dropped} of {stuck} dropped by the gateway{}; bound: buffers full + {} s of send timeouts",
        all_dropped_after.map_or_else(String::new, |d| format!(
            ", the last {:.1} s after the freeze",
            d.as_secs_f64()
        )),
        SEND_TIMEOUT_BOUND.as_secs()
    ));
    say(format!(
        "places: {still_open} open after the window; {admitted} of {room} new clients admitted (max_clients {})",
        options.clients
    ));
    say(page.summary("GET / from another address"));
    say(health.summary("GET /healthz (no file) likewise"));
    say(format!(
        "gateway memory: {rss:.0} MiB resident, {hwm:.0} MiB at most"
    ));
    let mut broken = Vec::new();
    if missed > 0 || closed > 0 {
        broken.push("readers saw a gap or lost their connection");
    }
    if dropped < stuck as u64 {
        broken.push("not every stuck client was dropped");
    }
    if admitted < room {
        broken.push("a place leaked: new clients were refused");
    }
    if page.failures > 0 || percentile(&page.latencies_ms, 0.99) > PAGE_P99_LIMIT_MS {
        broken.push("GET / failed or was slow under load");
    }
    if let Some(e) = shared.first_error() {
        say(format!("first client error: {e}"));
    }
    if broken.is_empty() {
        say("soak floor: held".into());
        Ok(out)
    } else {
        Err(format!("soak floor: {}", broken.join("; ")))
    }
}

/// A WebSocket client that has done its handshake and reads nothing more; `receive_buffer`
/// shrinks its kernel buffer first.
async fn handshake(
    id: usize,
    addr: SocketAddr,
    receive_buffer: Option<u32>,
) -> Result<tokio_tungstenite::WebSocketStream<TcpStream>, String> {
    let stream = match receive_buffer {
        Some(size) => {
            let socket = TcpSocket::new_v4().map_err(|e| e.to_string())?;
            socket
                .set_recv_buffer_size(size)
                .map_err(|e| e.to_string())?;
            socket
                .bind(SocketAddr::from(([127, 0, 0, 10], 0)))
                .map_err(|e| e.to_string())?;
            socket.connect(addr).await.map_err(|e| e.to_string())?
        }
        None => connect_from_loopback(id, addr)
            .await
            .map_err(|e| e.to_string())?,
    };
    let (ws, _) = tokio_tungstenite::client_async(format!("ws://{addr}/floor"), stream)
        .await
        .map_err(|e| format!("client {id}: {e}"))?;
    Ok(ws)
}

/// Closes with a reset: `SO_LINGER 0`, then close.
fn reset(ws: tokio_tungstenite::WebSocketStream<TcpStream>) {
    let stream = ws.into_inner();
    if let Ok(std) = stream.into_std() {
        let socket = socket2::Socket::from(std);
        let _ = socket.set_linger(Some(Duration::ZERO));
    }
}

/// Clients in a child process (`lernort-floor-bench frozen-clients`), which is stopped with
/// SIGSTOP while they are connected: to the gateway they are alive and never read again.
struct FrozenClients {
    child: std::process::Child,
}

impl FrozenClients {
    fn start(addr: SocketAddr, count: usize) -> Result<FrozenClients, String> {
        let program = std::env::current_exe().map_err(|e| e.to_string())?;
        let mut command = Command::new(program);
        command
            .args(["frozen-clients", "--addr", &addr.to_string()])
            .args(["--clients", &count.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut child = stop_with_parent(&mut command)
            .spawn()
            .map_err(|e| e.to_string())?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        if line.trim() != "ready" {
            return Err(format!("frozen clients: {line}"));
        }
        Ok(FrozenClients { child })
    }

    fn stop(&mut self) {
        // SAFETY: kill with a pid of our own child that has not been reaped.
        unsafe {
            libc::kill(self.child.id() as libc::pid_t, libc::SIGSTOP);
        }
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The child side of [`FrozenClients`]: `count` clients with small receive buffers that read
/// everything; prints `ready` once all are greeted, then reads until killed.
pub fn frozen_clients(addr: SocketAddr, count: usize) -> Result<String, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let mut clients = Vec::new();
        for id in 0..count {
            let mut ws = handshake(id, addr, Some(STUCK_RECEIVE_BUFFER)).await?;
            ws.next().await;
            clients.push(ws);
        }
        println!("ready");
        let readers: Vec<_> = clients
            .into_iter()
            .map(|mut ws| tokio::spawn(async move { while ws.next().await.is_some() {} }))
            .collect();
        for reader in readers {
            let _ = reader.await;
        }
        Ok(String::new())
    })
}

struct PageProbes {
    latencies_ms: Vec<f64>,
    failures: usize,
}

impl PageProbes {
    fn summary(&self, what: &str) -> String {
        let at = |p| percentile(&self.latencies_ms, p);
        format!(
            "{what}: {} requests, {} not 200, p50 {:.1} ms, p99 {:.1} ms, worst {:.1} ms",
            self.latencies_ms.len(),
            self.failures,
            at(0.5),
            at(0.99),
            at(1.0)
        )
    }
}

/// `GET path` from 127.0.0.9 every 100 ms for `how_long`.
async fn probe_page(addr: SocketAddr, path: &'static str, how_long: Duration) -> PageProbes {
    let mut probes = PageProbes {
        latencies_ms: Vec::new(),
        failures: 0,
    };
    let until = Instant::now() + how_long;
    while Instant::now() < until {
        let start = Instant::now();
        let status = tokio::time::timeout(Duration::from_secs(10), get_status(addr, path)).await;
        probes
            .latencies_ms
            .push(start.elapsed().as_secs_f64() * 1000.0);
        if !matches!(status, Ok(Some(200))) {
            probes.failures += 1;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    probes.latencies_ms.sort_by(f64::total_cmp);
    probes
}

async fn get_status(addr: SocketAddr, path: &str) -> Option<u16> {
    let socket = TcpSocket::new_v4().ok()?;
    socket.bind(SocketAddr::from(([127, 0, 0, 9], 0))).ok()?;
    let mut stream = socket.connect(addr).await.ok()?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.ok()?;
    let head = String::from_utf8_lossy(&answer[..answer.len().min(12)]).into_owned();
    head.strip_prefix("HTTP/1.1 ")?.parse().ok()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn count(metrics: &serde_json::Value, field: &str) -> u64 {
    metrics
        .get(field)
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(0)
}

/// (c) Sources that fail: the gateway's floor source in front of peers that misbehave.
/// Prints the states the gateway reported and how often it reconnected.
pub fn sources(options: &Options) -> Result<String, String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(source_faults(options))
}

/// A fake SensFloor receiver on loopback: what it does with each connection.
#[derive(Clone, Copy, Debug)]
enum Receiver {
    /// Sends random bytes (no frame in them) for the whole step.
    Garbage,
    /// Sends one active frame, then nothing, keeping the connection open.
    Frozen,
    /// Closes every connection at once.
    AcceptAndClose,
}

async fn source_faults(options: &Options) -> Result<String, String> {
    let mut out = String::new();
    let steps = [
        (Receiver::Garbage, 10),
        (Receiver::Frozen, 45),
        (Receiver::AcceptAndClose, 60),
    ];
    let mut broken = Vec::new();
    for (receiver, seconds) in steps {
        let step = sensfloor_step(options, receiver, seconds).await?;
        println!("{}", step.line);
        out.push_str(&step.line);
        out.push('\n');
        if let Some(problem) = step.problem {
            broken.push(problem);
        }
    }
    for step in mqtt_steps(options).await? {
        println!("{}", step.line);
        out.push_str(&step.line);
        out.push('\n');
        if let Some(problem) = step.problem {
            broken.push(problem);
        }
    }
    if broken.is_empty() {
        Ok(out)
    } else {
        Err(format!("soak sources: {}", broken.join("; ")))
    }
}

struct Step {
    line: String,
    problem: Option<String>,
}

/// The gateway's source states, sampled every 250 ms for `seconds`: how long each lasted.
async fn watch_states(gateway: &Gateway, seconds: u64) -> Vec<(String, f64)> {
    let mut states: Vec<(String, f64)> = Vec::new();
    let until = Instant::now() + Duration::from_secs(seconds);
    while Instant::now() < until {
        let state = gateway
            .metrics()
            .await
            .ok()
            .and_then(|m| m.get("source").and_then(|s| s.as_str()).map(str::to_owned))
            .unwrap_or_else(|| "?".into());
        match states.last_mut() {
            Some((last, time)) if *last == state => *time += 0.25,
            _ => states.push((state, 0.25)),
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    states
}

fn timeline(states: &[(String, f64)]) -> String {
    states
        .iter()
        .map(|(state, seconds)| format!("{state} {seconds:.1} s"))
        .collect::<Vec<_>>()
        .join(" → ")
}

async fn sensfloor_step(
    options: &Options,
    receiver: Receiver,
    seconds: u64,
) -> Result<Step, String> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let accepted = Arc::new(AtomicUsize::new(0));
    let peer = tokio::spawn(fake_receiver(listener, receiver, accepted.clone()));
    let source = format!("kind = \"sensfloor\"\ntcp = \"{addr}\"\n");
    let name = format!("soak-{receiver:?}").to_lowercase();
    let gateway = gateway_on(options, &name, &source)?;
    let states = watch_states(&gateway, seconds).await;
    peer.abort();
    let connections = accepted.load(Ordering::Acquire);
    let shown = timeline(&states);
    let first_down = states
        .iter()
        .take_while(|(s, _)| s != "down")
        .map(|(_, t)| t)
        .sum::<f64>();
    let (what, problem) = match receiver {
        Receiver::Garbage => (
            "10 s of garbage on the line",
            states
                .iter()
                .any(|(s, _)| s == "down")
                .then(|| "garbage took the SensFloor source down".to_owned()),
        ),
        Receiver::Frozen => (
            "a receiver that freezes after one active frame",
            (!states.iter().any(|(s, _)| s == "down") || first_down > 30.0)
                .then(|| format!("a frozen receiver was not down within 30 s ({first_down:.1} s)")),
        ),
        Receiver::AcceptAndClose => (
            "a receiver that accepts and closes",
            (connections as f64 > seconds as f64 / 2.0).then(|| {
                format!("{connections} reconnects in {seconds} s: the backoff did not grow")
            }),
        ),
    };
    Ok(Step {
        line: format!(
            "sensfloor, {what}: {shown}; {connections} connections in {seconds} s ({:.2}/s)",
            connections as f64 / seconds as f64
        ),
        problem,
    })
}

/// A gateway whose floor source is the `[floor.source]` table `source`.
fn gateway_on(options: &Options, name: &str, source: &str) -> Result<Gateway, String> {
    Gateway::start(&Settings {
        name,
        binary: &options.gateway,
        work: &options.work,
        dist: &options.dist,
        layout: &options.layout,
        rate_hz: 20.0,
        max_clients: 10,
        source: Some(source),
    })
}

async fn fake_receiver(listener: TcpListener, receiver: Receiver, accepted: Arc<AtomicUsize>) {
    let mut held = Vec::new();
    while let Ok((mut stream, _)) = listener.accept().await {
        accepted.fetch_add(1, Ordering::AcqRel);
        match receiver {
            Receiver::AcceptAndClose => drop(stream),
            Receiver::Frozen => {
                // Module 0x0101 with one segment stepped on, then silence.
                let frame = [
                    0xFD, 0, 1, 1, 1, 0, 0, 1, 0, 128, 170, 128, 128, 128, 128, 128, 128,
                ];
                let _ = stream.write_all(&frame).await;
                held.push(stream);
            }
            Receiver::Garbage => {
                tokio::spawn(async move {
                    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
                    let mut chunk = [0u8; 512];
                    loop {
                        for byte in &mut chunk {
                            seed ^= seed << 13;
                            seed ^= seed >> 7;
                            seed ^= seed << 17;
                            // Never the start byte: no frame can begin.
                            *byte = (seed as u8).min(0xFC);
                        }
                        if stream.write_all(&chunk).await.is_err() {
                            return;
                        }
                        tokio::time::sleep(Duration::from_millis(5)).await;
                    }
                });
            }
        }
    }
}

/// MQTT: a silent publisher, and a retained message larger than the source accepts, on a
/// mosquitto of its own; the connections to the broker are counted by a proxy in between.
async fn mqtt_steps(options: &Options) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    let broker = Mosquitto::start(&options.work)?;
    let proxy = TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let proxy_addr = proxy.local_addr().map_err(|e| e.to_string())?;
    let connections = Arc::new(AtomicUsize::new(0));
    let forwarding = tokio::spawn(forward(proxy, broker.port, connections.clone()));
    let source = format!(
        "kind = \"mqtt\"\nhost = \"127.0.0.1\"\nport = {}\ntopic = \"soak/floor\"\nstale_after_ms = 5000\n",
        proxy_addr.port()
    );
    let gateway = gateway_on(options, "soak-mqtt", &source)?;
    // One message, then silence.
    broker
        .publish("soak/floor", r#"{"segments": {"0": 170}}"#, false)
        .await?;
    let states = watch_states(&gateway, 12).await;
    let stale = states.iter().any(|(s, _)| s == "stale");
    steps.push(Step {
        line: format!(
            "mqtt, a publisher that falls silent (stale_after_ms 5000): {}",
            timeline(&states)
        ),
        problem: (!stale).then(|| "a silent MQTT publisher was not reported stale".to_owned()),
    });
    // A retained message of 2 MiB: every (re)subscription gets it again.
    let before = connections.load(Ordering::Acquire);
    let big = format!("{{\"values\": [{}]}}", "128,".repeat(700_000));
    broker.publish("soak/floor", &big, true).await?;
    let seconds = 60;
    let states = watch_states(&gateway, seconds).await;
    let reconnects = connections.load(Ordering::Acquire) - before;
    steps.push(Step {
        line: format!(
            "mqtt, a retained message of {} KiB (limit 1024 KiB): {}; {reconnects} connections in {seconds} s ({:.2}/s)",
            big.len() / 1024,
            timeline(&states),
            reconnects as f64 / seconds as f64
        ),
        problem: (reconnects as f64 > seconds as f64 / 2.0).then(|| {
            format!("{reconnects} reconnects in {seconds} s to a broker with an oversized retained message")
        }),
    });
    forwarding.abort();
    Ok(steps)
}

/// Forwards every connection on `listener` to the broker on `port`, counting them.
async fn forward(listener: TcpListener, port: u16, connections: Arc<AtomicUsize>) {
    while let Ok((mut inbound, _)) = listener.accept().await {
        connections.fetch_add(1, Ordering::AcqRel);
        tokio::spawn(async move {
            if let Ok(mut outbound) = TcpStream::connect(("127.0.0.1", port)).await {
                let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
            }
        });
    }
}

/// A mosquitto on a free loopback port, killed when dropped.
struct Mosquitto {
    child: std::process::Child,
    port: u16,
}

impl Mosquitto {
    fn start(work: &Path) -> Result<Mosquitto, String> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        std::fs::create_dir_all(work).map_err(|e| e.to_string())?;
        let config = work.join("soak-mosquitto.conf");
        std::fs::write(
            &config,
            format!("listener {port} 127.0.0.1\nallow_anonymous true\nmessage_size_limit 0\n"),
        )
        .map_err(|e| e.to_string())?;
        let mut command = Command::new("mosquitto");
        command
            .arg("-c")
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let child = stop_with_parent(&mut command)
            .spawn()
            .map_err(|e| format!("mosquitto (scripts/bootstrap installs it): {e}"))?;
        let broker = Mosquitto { child, port };
        let until = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > until {
                return Err(format!("mosquitto does not listen on {port}"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(broker)
    }

    /// Publishes one message with QoS 1 and waits for the broker's acknowledgement.
    async fn publish(&self, topic: &str, payload: &str, retain: bool) -> Result<(), String> {
        use rumqttc::{AsyncClient, Event, MqttOptions, Packet, QoS};
        let mut options = MqttOptions::new("lernort-soak-pub", "127.0.0.1", self.port);
        options.set_max_packet_size(8 << 20, 8 << 20);
        let (client, mut events) = AsyncClient::new(options, 4);
        client
            .publish(topic, QoS::AtLeastOnce, retain, payload.as_bytes().to_vec())
            .await
            .map_err(|e| e.to_string())?;
        let acknowledged = async {
            loop {
                match events.poll().await {
                    Ok(Event::Incoming(Packet::PubAck(_))) => return Ok(()),
                    Ok(_) => {}
                    Err(e) => return Err(format!("publishing to the broker: {e}")),
                }
            }
        };
        let result = tokio::time::timeout(Duration::from_secs(10), acknowledged)
            .await
            .map_err(|_| "the broker did not acknowledge in 10 s".to_owned())?;
        let _ = client.disconnect().await;
        result
    }
}

impl Drop for Mosquitto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_of_sorted_samples() {
        let samples = [1.0, 2.0, 3.0, 4.0, 100.0];
        assert_eq!(percentile(&samples, 0.5), 3.0);
        assert_eq!(percentile(&samples, 1.0), 100.0);
        assert!(percentile(&[], 0.5).is_nan());
    }

    #[test]
    fn state_timelines_read_in_order() {
        let states = vec![("up".to_owned(), 1.0), ("down".to_owned(), 2.5)];
        assert_eq!(timeline(&states), "up 1.0 s → down 2.5 s");
    }
}
