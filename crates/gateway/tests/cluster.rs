//! One floor beyond one machine (issue #17, 4), on loopback: mosquitto; a gateway whose
//! simulator's frames it publishes there (`[floor.publish]`); two gateways that relay them
//! (`kind = "broker"`); nginx spreading `/floor` over the two with
//! deploy/nginx-floor-cluster.conf, its placeholders filled in. Twenty clients through nginx
//! land on both relays (their `/metrics` say so). One relay is killed: its clients reconnect
//! by the app's rule (`lernort_floor_protocol::Backoff`: one wait of at most 1 s) and their
//! first attempt lands on the other relay, without a reload; the other relay's clients see
//! every frame, without a gap. Every gateway sends the same bytes for a frame.
//!
//! Prints how old the frames are when a client reads them (their timestamp, the publishing
//! gateway's, to the client's clock): from the publishing gateway itself, through the broker
//! and a relay, and through the broker, a relay and nginx. `cargo test -p lernort-gateway
//! --test cluster -- --nocapture` shows the figures.
//!
//! Skipped, with a line saying why, when mosquitto or nginx is not installed.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use common::{eventually, Fixture, PATIENCE};
use futures_util::StreamExt;
use lernort_floor_protocol::{decode, Backoff, Layout, Message as FloorMessage, Replica};
use lernort_gateway::{announced, Listener, Metrics};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::client_async_with_config;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;

/// Clients through nginx.
const CLIENTS: usize = 20;

/// The MQTT topic of the test's floor.
const TOPIC: &str = "lernort-test/dilas/frames";

/// A Tuesday evening: a talk and courses, so the simulator changes the floor every frame.
const EVENING: &str = "2026-11-24T18:30:00+01:00";

fn layout_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../centres/dilas-soest/floor.json")
}

/// The first of `candidates` that runs with `probe`, if any.
fn installed(candidates: &[&str], probe: &str) -> Option<String> {
    candidates
        .iter()
        .find(|program| {
            Command::new(program)
                .arg(probe)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok()
        })
        .map(|program| (*program).to_owned())
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("address").port()
}

/// Waits until something listens on `port`.
fn until_listening(port: u16, what: &str) {
    let until = Instant::now() + PATIENCE;
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < until, "{what} does not listen on {port}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A child process, killed (SIGKILL) when dropped.
struct Process(Child);

impl Process {
    fn kill(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The gateway binary with a config file, its site and operator's addresses read from its
/// start lines.
struct Gateway {
    process: Process,
    addr: SocketAddr,
    metrics: SocketAddr,
}

impl Gateway {
    fn start(dir: &Path, name: &str, config: &str, dist: &Path, now: &str) -> Gateway {
        let file = dir.join(format!("{name}.toml"));
        std::fs::write(&file, config).expect("write the gateway's config");
        let mut child = Command::new(env!("CARGO_BIN_EXE_lernort-gateway"))
            .arg("--config")
            .arg(&file)
            .arg("--dist")
            .arg(dist)
            .args(["--addr", "127.0.0.1:0"])
            .env(lernort_time::clock::VARIABLE, now)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the gateway");
        let stdout = child.stdout.take().expect("stdout");
        let process = Process(child);
        let (mut addr, mut metrics) = (None, None);
        let mut lines = BufReader::new(stdout).lines();
        while addr.is_none() || metrics.is_none() {
            let line = lines
                .next()
                .unwrap_or_else(|| panic!("{name} printed its start lines"))
                .expect("a line");
            match announced(&line) {
                Some((Listener::Site, at)) => addr = Some(at),
                Some((Listener::Metrics, at)) => metrics = Some(at),
                None => {}
            }
        }
        // Keep reading so the gateway never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Gateway {
            process,
            addr: addr.expect("address"),
            metrics: metrics.expect("metrics address"),
        }
    }

    /// The floor's counters from `/metrics`.
    async fn floor(&self) -> Metrics {
        let mut stream = TcpStream::connect(self.metrics).await.expect("connect");
        let request = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        stream.write_all(request.as_bytes()).await.expect("send");
        let mut response = String::new();
        stream.read_to_string(&mut response).await.expect("read");
        let (_, body) = response.split_once("\r\n\r\n").expect("a body");
        serde_json::from_str(body).expect("the floor's metrics")
    }

    /// Waits until the floor's metrics satisfy `condition`.
    async fn until(&self, what: &str, condition: impl Fn(&Metrics) -> bool) {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let metrics = self.floor().await;
            if condition(&metrics) {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "timed out waiting: {what}; {metrics:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// nginx in the foreground, one process, everything it writes in `prefix`, serving
/// deploy/nginx-floor-cluster.conf for the two gateways.
fn start_nginx(program: &str, prefix: &Path, port: u16, gateways: [SocketAddr; 2]) -> Process {
    let sample =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/nginx-floor-cluster.conf");
    let site = std::fs::read_to_string(&sample)
        .expect("deploy/nginx-floor-cluster.conf")
        .replace("__PORT__", &format!("127.0.0.1:{port}"))
        .replace("__GATEWAY_A__", &gateways[0].to_string())
        .replace("__GATEWAY_B__", &gateways[1].to_string());
    let site_file = prefix.join("site.conf");
    std::fs::write(&site_file, site).expect("write the site");
    let temp = |name: &str| {
        let dir = prefix.join("temp").join(name);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir.display().to_string()
    };
    let main = format!(
        "daemon off;\nmaster_process off;\npid {pid};\nerror_log {log} warn;\n\
         events {{ worker_connections 512; }}\n\
         http {{\n    access_log off;\n    client_body_temp_path {body};\n    proxy_temp_path {proxy};\n    \
         fastcgi_temp_path {fastcgi};\n    uwsgi_temp_path {uwsgi};\n    scgi_temp_path {scgi};\n    \
         include {site};\n}}\n",
        pid = prefix.join("nginx.pid").display(),
        log = prefix.join("error.log").display(),
        body = temp("client_body"),
        proxy = temp("proxy"),
        fastcgi = temp("fastcgi"),
        uwsgi = temp("uwsgi"),
        scgi = temp("scgi"),
        site = site_file.display(),
    );
    let main_file = prefix.join("nginx.conf");
    std::fs::write(&main_file, main).expect("write nginx.conf");
    let child = Command::new(program)
        .arg("-p")
        .arg(prefix)
        .arg("-c")
        .arg(&main_file)
        .arg("-e")
        .arg(prefix.join("error.log"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start nginx");
    let process = Process(child);
    until_listening(port, "nginx");
    process
}

/// One frame as a client read it.
#[derive(Clone)]
struct Seen {
    seq: u32,
    delta: bool,
    /// The first full frame of a connection (the greeting's): not counted for latency.
    greeting: bool,
    /// From the frame's timestamp to its reading, in ms.
    age_ms: i64,
    /// When it was read.
    at: Instant,
    bytes: Bytes,
}

/// What one client saw, shared with the test.
#[derive(Default)]
struct Log {
    /// Per connection that brought the greeting, its frames in order.
    connections: Vec<Vec<Seen>>,
    /// Connection attempts that failed (refused, or closed before the greeting).
    failed_attempts: u32,
    /// When a connection brought its greeting.
    greeted_at: Vec<Instant>,
    /// When a connection ended.
    closed_at: Vec<Instant>,
    /// What went wrong: a message that does not decode or apply.
    problems: Vec<String>,
}

impl Log {
    fn frames(&self) -> usize {
        self.connections.iter().map(Vec::len).sum()
    }

    /// Frames of the last connection.
    fn frames_now(&self) -> usize {
        self.connections.last().map_or(0, Vec::len)
    }
}

type Shared = Arc<Mutex<Log>>;

/// The gateways' clock (pinned by `LERNORT_NOW`) in Unix ms.
fn gateway_ms(offset_ms: i64) -> i64 {
    let system = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    system + offset_ms
}

/// A browser stand-in at `addr`: reads the floor, keeps a replica, and reconnects by the
/// app's rule with `unit` as its random number, forever (the task is aborted at the end).
async fn client(addr: SocketAddr, segments: usize, unit: f64, offset_ms: i64, log: Shared) {
    let mut backoff = Backoff::new();
    let started = Instant::now();
    let up_ms = || started.elapsed().as_millis() as u64;
    loop {
        let greeted = session(addr, segments, offset_ms, &log, || {
            backoff.connected(up_ms());
        })
        .await;
        let wait = if greeted {
            log.lock().expect("log").closed_at.push(Instant::now());
            backoff.disconnected(up_ms(), unit)
        } else {
            log.lock().expect("log").failed_attempts += 1;
            backoff.next_delay_ms(unit)
        };
        tokio::time::sleep(Duration::from_millis(u64::from(wait))).await;
    }
}

/// One connection: the greeting, then frames until it ends; whether the greeting came.
async fn session(
    addr: SocketAddr,
    segments: usize,
    offset_ms: i64,
    log: &Shared,
    greeted: impl FnOnce(),
) -> bool {
    let Ok(stream) = TcpStream::connect(addr).await else {
        return false;
    };
    let url = format!("ws://{addr}/floor");
    let Ok((mut ws, _)) = tokio_tungstenite::client_async(url.as_str(), stream).await else {
        return false;
    };
    let mut replica = Replica::new(segments);
    let mut greeted = Some(greeted);
    let mut first_full = true;
    while let Some(Ok(message)) = ws.next().await {
        let bytes = match message {
            Message::Text(_) => {
                if let Some(greeted) = greeted.take() {
                    greeted();
                    let mut log = log.lock().expect("log");
                    log.connections.push(Vec::new());
                    log.greeted_at.push(Instant::now());
                }
                continue;
            }
            Message::Binary(bytes) => bytes,
            _ => continue,
        };
        let (at, age_ms) = (Instant::now(), gateway_ms(offset_ms));
        let mut log = log.lock().expect("log");
        let decoded = match decode(&bytes) {
            Ok(decoded) => decoded,
            Err(e) => {
                log.problems.push(format!("undecodable: {e}"));
                continue;
            }
        };
        if let Err(e) = replica.apply(&decoded) {
            log.problems.push(format!("does not apply: {e}"));
        }
        let (header, delta) = match decoded {
            FloorMessage::Full { header, .. } => (header, false),
            FloorMessage::Delta(delta) => (delta.header, true),
            FloorMessage::Status { .. } => continue,
        };
        let seen = Seen {
            seq: header.seq,
            delta,
            greeting: std::mem::take(&mut first_full),
            age_ms: age_ms - header.timestamp_ms as i64,
            at,
            bytes: bytes.clone(),
        };
        if let Some(connection) = log.connections.last_mut() {
            connection.push(seen);
        }
    }
    greeted.is_none()
}

/// Starts a client at `addr` and waits for its greeting.
async fn connect(
    addr: SocketAddr,
    segments: usize,
    unit: f64,
    offset_ms: i64,
) -> (Shared, tokio::task::JoinHandle<()>) {
    let log = Shared::default();
    let task = tokio::spawn(client(addr, segments, unit, offset_ms, log.clone()));
    let watched = log.clone();
    eventually("a client is greeted", move || {
        watched.lock().expect("log").frames() > 0
    })
    .await;
    (log, task)
}

/// Frames in a connection that do not follow the one before (`seq` + 1).
fn gaps(frames: &[Seen]) -> Vec<(u32, u32)> {
    frames
        .windows(2)
        .filter(|pair| pair[1].seq != pair[0].seq.wrapping_add(1))
        .map(|pair| (pair[0].seq, pair[1].seq))
        .collect()
}

/// The frames the logs' clients read after their greetings.
fn read(logs: &[&Shared]) -> Vec<Seen> {
    logs.iter()
        .flat_map(|log| {
            let log = log.lock().expect("log");
            log.connections
                .iter()
                .flatten()
                .filter(|seen| !seen.greeting)
                .cloned()
                .collect::<Vec<_>>()
        })
        .collect()
}

/// `p50 / p95 / p99 / max` and the mean of `values`, with their count and `unit`.
fn quantiles(mut values: Vec<f64>, unit: &str) -> String {
    if values.is_empty() {
        return "no frames".to_owned();
    }
    values.sort_by(f64::total_cmp);
    let at = |q: usize| values[(values.len() * q / 100).min(values.len() - 1)];
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    format!(
        "p50 {:.2} {unit}, p95 {:.2} {unit}, p99 {:.2} {unit}, max {:.2} {unit}, mean {mean:.2} {unit} ({} frames)",
        at(50),
        at(95),
        at(99),
        values[values.len() - 1],
        values.len()
    )
}

/// How much later than the `direct` client the `others` read the same frames, in ms: what
/// their way adds to the direct one.
fn later(direct: &Shared, others: &[&Shared]) -> String {
    let first: HashMap<(u32, bool), Instant> = read(&[direct])
        .into_iter()
        .map(|seen| ((seen.seq, seen.delta), seen.at))
        .collect();
    let later = read(others)
        .into_iter()
        .filter_map(|seen| {
            let direct = first.get(&(seen.seq, seen.delta))?;
            let ms = |d: Duration| d.as_secs_f64() * 1000.0;
            Some(match seen.at.checked_duration_since(*direct) {
                Some(later) => ms(later),
                None => -ms(direct.duration_since(seen.at)),
            })
        })
        .collect();
    quantiles(later, "ms")
}

/// The frames' ages (greetings left out), as [`quantiles`].
fn ages(logs: &[&Shared]) -> String {
    let ages: Vec<f64> = read(logs).iter().map(|seen| seen.age_ms as f64).collect();
    quantiles(ages, "ms")
}

/// mosquitto, a gateway publishing its simulator's frames there, and two gateways relaying
/// them, all on one clock showing a busy evening.
struct Cluster {
    fixture: Fixture,
    publisher: Gateway,
    relays: [Gateway; 2],
    /// The layout's segments.
    segments: usize,
    /// The gateways' clock minus the system's, in ms.
    offset_ms: i64,
    _broker: Process,
}

impl Cluster {
    /// Starts everything, the relays' config with `relay_server` in its `[server]`, and
    /// waits until the relays take the publisher's frames; `None` (and a line saying so)
    /// without mosquitto.
    async fn start(relay_server: &str) -> Option<Cluster> {
        let Some(mosquitto) = installed(&["mosquitto", "/usr/sbin/mosquitto"], "-h") else {
            eprintln!(
                "cluster test skipped: mosquitto is not installed (apt-get install mosquitto)"
            );
            return None;
        };
        let fixture = Fixture::new();
        let dir = fixture.dir.path();
        let layout_file = layout_path();
        let layout = Layout::from_json(&std::fs::read_to_string(&layout_file).expect("layout"))
            .expect("a valid layout");
        let anchor = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("after 1970")
            .as_millis() as i64;
        let now = format!("{EVENING}@{anchor}");
        let offset_ms = lernort_time::clock::Pinned::parse(&now)
            .expect("an instant")
            .instant_ms
            - anchor;

        let broker_port = free_port();
        let broker = Process(
            Command::new(&mosquitto)
                .args(["-p", &broker_port.to_string()])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start mosquitto"),
        );
        until_listening(broker_port, "mosquitto");

        let floor = format!("[floor]\nlayout = \"{}\"\n", layout_file.display());
        let server = "[server]\nmetrics_addr = \"127.0.0.1:0\"\n";
        let link = format!("host = \"127.0.0.1\"\nport = {broker_port}\ntopic = \"{TOPIC}\"\n");
        let publisher = Gateway::start(
            dir,
            "publisher",
            &format!(
                "{floor}\n[floor.source]\nkind = \"simulator\"\n\n[floor.publish]\n{link}\n{server}"
            ),
            &fixture.dist(),
            &now,
        );
        let relay =
            format!("{floor}\n[floor.source]\nkind = \"broker\"\n{link}\n{server}{relay_server}");
        let relays = ["relay-a", "relay-b"]
            .map(|name| Gateway::start(dir, name, &relay, &fixture.dist(), &now));
        for relay in &relays {
            relay
                .until("the relay takes the publisher's frames", |m| {
                    m.source == "up" && m.seq > 0
                })
                .await;
        }
        Some(Cluster {
            fixture,
            publisher,
            relays,
            segments: layout.segment_count(),
            offset_ms,
            _broker: broker,
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_relaying_gateways_behind_nginx_survive_one_of_them() {
    let Some(nginx) = installed(&["nginx", "/usr/sbin/nginx"], "-v") else {
        eprintln!("cluster test skipped: nginx is not installed (apt-get install nginx)");
        return;
    };
    let Some(cluster) = Cluster::start("").await else {
        return;
    };
    let Cluster {
        fixture,
        publisher,
        relays: [mut relay_a, relay_b],
        segments,
        offset_ms,
        ..
    } = cluster;
    let dir = fixture.dir.path();

    let nginx_port = free_port();
    let prefix = dir.join("nginx");
    std::fs::create_dir_all(&prefix).expect("nginx prefix");
    let _nginx = start_nginx(&nginx, &prefix, nginx_port, [relay_a.addr, relay_b.addr]);
    let through_nginx: SocketAddr = ([127, 0, 0, 1], nginx_port).into();

    // Beside the clients through nginx: one at the publishing gateway, one at relay B.
    let (direct, direct_task) = connect(publisher.addr, segments, 0.5, offset_ms).await;
    let (relayed, relayed_task) = connect(relay_b.addr, segments, 0.5, offset_ms).await;
    let mut clients = Vec::new();
    for i in 0..CLIENTS {
        // The app's backoff with evenly spread "random" numbers.
        let unit = (i as f64 + 0.5) / CLIENTS as f64;
        clients.push(connect(through_nginx, segments, unit, offset_ms).await);
    }
    let (a, b) = (relay_a.floor().await, relay_b.floor().await);
    println!(
        "cluster: {CLIENTS} clients through nginx: {} on relay A, {} on relay B (+1 direct)",
        a.clients,
        b.clients - 1
    );
    assert!(a.clients >= 1 && b.clients >= 2, "spread over both");
    assert_eq!(a.clients + b.clients, CLIENTS as u64 + 1);
    let on_a = a.clients as usize;

    let all: Vec<&Shared> = clients
        .iter()
        .map(|(log, _)| log)
        .chain([&direct, &relayed])
        .collect();
    let logs: Vec<Shared> = all.iter().map(|log| (*log).clone()).collect();
    eventually("every client reads frames", move || {
        logs.iter()
            .all(|log| log.lock().expect("log").frames_now() >= 40)
    })
    .await;

    // Relay A dies without a word.
    let killed_at = Instant::now();
    relay_a.process.kill();
    let moved: Vec<&Shared> = {
        let watched: Vec<Shared> = clients.iter().map(|(log, _)| log.clone()).collect();
        eventually("relay A's clients notice", move || {
            watched
                .iter()
                .filter(|log| !log.lock().expect("log").closed_at.is_empty())
                .count()
                >= on_a
        })
        .await;
        clients
            .iter()
            .map(|(log, _)| log)
            .filter(|log| !log.lock().expect("log").closed_at.is_empty())
            .collect()
    };
    assert_eq!(
        moved.len(),
        on_a,
        "exactly relay A's clients lost their stream"
    );
    let watched: Vec<Shared> = moved.iter().map(|log| (*log).clone()).collect();
    eventually("relay A's clients are live again", move || {
        watched.iter().all(|log| {
            let log = log.lock().expect("log");
            log.connections.len() == 2 && log.frames_now() >= 5
        })
    })
    .await;
    relay_b
        .until("relay B has every client", |m| {
            m.clients == CLIENTS as u64 + 1
        })
        .await;
    // Everyone reads on for another two seconds' worth of frames.
    let counts: Vec<usize> = all
        .iter()
        .map(|log| log.lock().expect("log").frames())
        .collect();
    let logs: Vec<Shared> = all.iter().map(|log| (*log).clone()).collect();
    eventually("everyone reads on", move || {
        logs.iter()
            .zip(&counts)
            .all(|(log, &before)| log.lock().expect("log").frames() >= before + 40)
    })
    .await;
    for (_, task) in &clients {
        task.abort();
    }
    direct_task.abort();
    relayed_task.abort();

    // Back within one wait: the first attempt after the loss reached relay B.
    let mut back_ms = Vec::new();
    for log in &moved {
        let log = log.lock().expect("log");
        assert_eq!(log.failed_attempts, 0, "the first reconnect went through");
        let wait = log.greeted_at[1].duration_since(log.closed_at[0]);
        assert!(
            wait <= Duration::from_millis(u64::from(Backoff::FIRST_MS)) + PATIENCE / 4,
            "back after one wait of the backoff, not {wait:?}"
        );
        back_ms.push(log.greeted_at[1].duration_since(killed_at).as_millis());
    }
    back_ms.sort_unstable();
    // No gaps: not for the clients that stayed, not within any connection.
    for (i, log) in all.iter().enumerate() {
        let log = log.lock().expect("log");
        assert!(log.problems.is_empty(), "client {i}: {:?}", log.problems);
        for (c, connection) in log.connections.iter().enumerate() {
            assert_eq!(gaps(connection), [], "client {i}, connection {c}");
        }
    }
    let stayed = all
        .iter()
        .filter(|log| log.lock().expect("log").connections.len() == 1)
        .count();
    assert_eq!(stayed, CLIENTS + 2 - on_a);
    // The same bytes for a frame, whichever gateway sent it.
    let mut frames: HashMap<(u32, bool), Bytes> = HashMap::new();
    let mut compared = 0;
    for log in &all {
        for seen in log.lock().expect("log").connections.iter().flatten() {
            match frames.get(&(seen.seq, seen.delta)) {
                Some(bytes) => {
                    assert_eq!(bytes, &seen.bytes, "frame {} differs", seen.seq);
                    compared += 1;
                }
                None => {
                    frames.insert((seen.seq, seen.delta), seen.bytes.clone());
                }
            }
        }
    }
    assert!(compared > 0);

    println!(
        "cluster: relay A killed; its {on_a} clients live again on relay B after {back_ms:?} ms, each at its first attempt"
    );
    let nginx_logs: Vec<&Shared> = clients.iter().map(|(log, _)| log).collect();
    println!(
        "cluster: frame age at the publishing gateway's client: {}",
        ages(&[&direct])
    );
    println!(
        "cluster: frame age through the broker and a relay:      {}",
        ages(&[&relayed])
    );
    println!(
        "cluster: frame age through the broker, a relay, nginx:  {}",
        ages(&nginx_logs)
    );
    println!(
        "cluster: read later than at the publishing gateway, through the broker and a relay: {}",
        later(&direct, &[&relayed])
    );
    println!(
        "cluster: read later than at the publishing gateway, through the broker, a relay, nginx: {}",
        later(&direct, &nginx_logs)
    );
    let publisher_metrics = publisher.floor().await;
    println!(
        "cluster: published {} messages, {} dropped; relay B skipped {} deltas",
        publisher_metrics.published,
        publisher_metrics.publish_dropped,
        relay_b.floor().await.relay_skipped
    );
}

/// A client that only counts what it reads in the window, once the test sets it: messages,
/// and the frames' ages in ms.
async fn counting_client(
    addr: SocketAddr,
    offset_ms: i64,
    window: Arc<OnceLock<(Instant, Instant)>>,
) -> (u64, Vec<i32>) {
    let (mut messages, mut ages) = (0, Vec::new());
    let Ok(stream) = TcpStream::connect(addr).await else {
        return (messages, ages);
    };
    // A small read buffer, as the app's clients are many: tungstenite's default is 128 KiB.
    let config = WebSocketConfig::default().read_buffer_size(4096);
    let url = format!("ws://{addr}/floor");
    let Ok((mut ws, _)) = client_async_with_config(url.as_str(), stream, Some(config)).await else {
        return (messages, ages);
    };
    while let Some(Ok(message)) = ws.next().await {
        let Some(&(from, to)) = window.get() else {
            continue;
        };
        let now = Instant::now();
        if now >= to {
            break;
        }
        if now < from {
            continue;
        }
        messages += 1;
        if let Message::Binary(bytes) = message {
            match decode(&bytes) {
                Ok(FloorMessage::Full { header, .. }) => {
                    ages.push((gateway_ms(offset_ms) - header.timestamp_ms as i64) as i32);
                }
                Ok(FloorMessage::Delta(delta)) => {
                    ages.push((gateway_ms(offset_ms) - delta.header.timestamp_ms as i64) as i32);
                }
                _ => {}
            }
        }
    }
    (messages, ages)
}

/// CPU seconds a process has used (user and system), from /proc.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // After the command's name in parentheses: state is field 3, utime and stime 14 and 15.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// How many messages a second one relaying gateway and two deliver to
/// `LERNORT_CLUSTER_CLIENTS` clients (default 1000) in this process, during
/// `LERNORT_CLUSTER_SECONDS` (default 10) after everyone is connected, how old the frames
/// are when read, and the relays' CPU. A figure, not a check: run with `--release --
/// --ignored --nocapture`; docs/floor-cluster.md has this machine's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement: cargo test --release -p lernort-gateway --test cluster -- --ignored --nocapture"]
async fn fan_out_of_one_relaying_gateway_and_of_two() {
    let setting = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|value| value.parse().ok())
            .unwrap_or(default)
    };
    let (clients, seconds) = (
        setting("LERNORT_CLUSTER_CLIENTS", 1000),
        setting("LERNORT_CLUSTER_SECONDS", 10),
    );
    lernort_gateway::raise_open_files_limit();
    // Every client comes from 127.0.0.1, as behind a proxy.
    let Some(cluster) = Cluster::start("max_connections_per_client = 1000000\n").await else {
        return;
    };
    for count in [1, 2] {
        let relays = &cluster.relays[..count];
        let window = Arc::new(OnceLock::new());
        let tasks: Vec<_> = (0..clients)
            .map(|i| {
                let addr = relays[i as usize % count].addr;
                tokio::spawn(counting_client(addr, cluster.offset_ms, window.clone()))
            })
            .collect();
        let deadline = tokio::time::Instant::now() + PATIENCE * 3;
        loop {
            let mut connected = 0;
            for relay in relays {
                connected += relay.floor().await.clients;
            }
            if connected == clients {
                break;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{connected} of {clients} clients connected"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let before: Vec<Metrics> =
            futures_util::future::join_all(relays.iter().map(Gateway::floor)).await;
        let cpu_before: Vec<f64> = relays
            .iter()
            .map(|relay| cpu_seconds(relay.process.0.id()))
            .collect();
        let cpu_since = Instant::now();
        let from = Instant::now() + Duration::from_secs(1);
        window
            .set((from, from + Duration::from_secs(seconds)))
            .expect("set once");
        let mut messages = 0;
        let mut ages: Vec<f64> = Vec::new();
        for task in tasks {
            let (count, client_ages) = task.await.expect("client");
            messages += count;
            ages.extend(client_ages.into_iter().map(f64::from));
        }
        let cpu: Vec<String> = relays
            .iter()
            .zip(&cpu_before)
            .map(|(relay, before)| {
                let used = cpu_seconds(relay.process.0.id()) - before;
                format!("{:.0} %", 100.0 * used / cpu_since.elapsed().as_secs_f64())
            })
            .collect();
        let after: Vec<Metrics> =
            futures_util::future::join_all(relays.iter().map(Gateway::floor)).await;
        let drops: u64 = after
            .iter()
            .zip(&before)
            .map(|(after, before)| after.drops - before.drops)
            .sum();
        println!(
            "fan-out, {count} relaying gateway(s), {clients} clients in one process: {:.0} messages/s, \
             frame age {}, {drops} dropped, relay CPU {}",
            messages as f64 / seconds as f64,
            quantiles(ages, "ms"),
            cpu.join(" + ")
        );
        for relay in relays {
            relay
                .until("the clients are gone", |m| m.clients == 0)
                .await;
        }
    }
}
