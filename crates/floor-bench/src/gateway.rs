//! The real `lernort-gateway` binary as a child process on 127.0.0.1, with a config file
//! written for the benchmark; stopped (SIGTERM, then SIGKILL) when dropped.
//!
//! All clients come from loopback addresses, so the per-client cap is lifted to its
//! bound (half the global cap), and the clients spread over several 127.0.0.x addresses.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use lernort_gateway::{announced, Listener};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// What the child gateway runs with.
pub struct Settings<'a> {
    /// Name for its config and log files under `work`.
    pub name: &'a str,
    /// The `lernort-gateway` binary.
    pub binary: &'a Path,
    /// Where the config and the log go.
    pub work: &'a Path,
    /// What it serves as dist (may not exist: the floor still runs).
    pub dist: &'a Path,
    /// The floor layout.
    pub layout: &'a Path,
    /// The simulator's frames per second.
    pub rate_hz: f64,
    /// `limits.max_clients`.
    pub max_clients: u32,
    /// The `[floor.source]` table's lines instead of the simulator at `rate_hz`.
    pub source: Option<&'a str>,
}

/// A running gateway.
pub struct Gateway {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
    /// Where its operator's listener (`/metrics`) is.
    pub metrics: SocketAddr,
    /// Its log (stdout and stderr).
    pub log: PathBuf,
}

impl Gateway {
    /// Writes the config, starts the binary on `127.0.0.1:0` and waits for the line saying
    /// where it listens (at most 20 s).
    pub fn start(s: &Settings<'_>) -> Result<Gateway, String> {
        fs::create_dir_all(s.work).map_err(|e| format!("{}: {e}", s.work.display()))?;
        let config = s.work.join(format!("gateway-{}.toml", s.name));
        let log = s.work.join(format!("gateway-{}.log", s.name));
        let simulator = format!(
            "kind = \"simulator\"\nseed = 2026\nrate_hz = {:.1}\n",
            s.rate_hz
        );
        let text = format!(
            "dist = {dist:?}\naddr = \"127.0.0.1:0\"\n\n[floor]\nlayout = {layout:?}\n\
             max_rate_hz = 100\nfull_every_ms = 1000\n\n[floor.source]\n{source}\n\
             [limits]\nmax_clients = {max}\n\n\
             [server]\nmetrics_addr = \"127.0.0.1:0\"\nmax_connections_per_client = 1000000\n",
            dist = s.dist.display().to_string(),
            layout = s.layout.display().to_string(),
            source = s.source.unwrap_or(&simulator),
            max = s.max_clients,
        );
        fs::write(&config, text).map_err(|e| format!("{}: {e}", config.display()))?;
        let mut child = Command::new(s.binary);
        child
            .arg("--config")
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = stop_with_parent(&mut child)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", s.binary.display()))?;
        // Both streams go to the log; the start lines tell the ports (`announced`).
        let (tx, rx) = mpsc::channel::<String>();
        let file = fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let out = child.stdout.take().ok_or("no stdout")?;
        let err = child.stderr.take().ok_or("no stderr")?;
        copy_lines(out, &file, Some(tx))?;
        copy_lines(err, &file, None)?;
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut gateway = Gateway {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            metrics: SocketAddr::from(([127, 0, 0, 1], 0)),
            log,
        };
        let (mut addr, mut metrics) = (None, None);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    match announced(&line) {
                        Some((Listener::Site, at)) => addr = Some(at),
                        Some((Listener::Metrics, at)) => metrics = Some(at),
                        None => {}
                    }
                    if let (Some(addr), Some(metrics)) = (addr, metrics) {
                        gateway.addr = addr;
                        gateway.metrics = metrics;
                        return Ok(gateway);
                    }
                }
                Err(_) => {
                    return Err(format!(
                        "the gateway did not start; see {}",
                        gateway.log.display()
                    ))
                }
            }
        }
    }

    /// The child's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether it still runs.
    pub fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// `GET /metrics`, parsed.
    pub async fn metrics(&self) -> Result<serde_json::Value, String> {
        let body = http_get(self.metrics, "/metrics").await?;
        serde_json::from_str(&body).map_err(|e| format!("/metrics: {e}"))
    }

    /// Stops it: SIGTERM (it closes its streams), SIGKILL after 5 s.
    pub fn stop(&mut self) {
        terminate(&mut self.child);
    }
}

/// Stops a child process: SIGTERM, SIGKILL when it has not ended 5 s later.
pub fn terminate(child: &mut Child) {
    let running = |child: &mut Child| matches!(child.try_wait(), Ok(None));
    if !running(child) {
        return;
    }
    // SAFETY: kill with a pid of our own child that has not been reaped yet.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGTERM);
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if !running(child) {
            return;
        }
        thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

impl Drop for Gateway {
    fn drop(&mut self) {
        self.stop();
    }
}

/// How far the gateways' clock is ahead of the system clock, in ms: 0, or the offset of a
/// pinned `LERNORT_NOW` (scripts/bench pins the busiest hour of the week). Frame timestamps
/// are in the gateways' clock, so a delivery lag is a receive time plus this minus the
/// stamp. Gateways and this process share one clock only if `LERNORT_NOW` is anchored
/// (`…@<unix ms>`), as scripts/bench sets it.
pub fn gateway_clock_offset_ms() -> i64 {
    let system = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    lernort_time::clock::unix_ms() - system
}

/// Makes the child get SIGTERM when this process dies, however it dies (Linux), so that no
/// gateway or browser outlives an interrupted benchmark.
pub fn stop_with_parent(command: &mut Command) -> &mut Command {
    use std::os::unix::process::CommandExt;
    // SAFETY: prctl is async-signal-safe and touches only the calling (child) process.
    unsafe {
        command.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM);
            Ok(())
        })
    }
}

/// Copies `stream`'s lines into `file` (and to `tx`) on a thread of its own.
fn copy_lines(
    stream: impl std::io::Read + Send + 'static,
    file: &fs::File,
    tx: Option<mpsc::Sender<String>>,
) -> Result<(), String> {
    let mut file = file.try_clone().map_err(|e| e.to_string())?;
    thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            let _ = writeln!(file, "{line}");
            if let Some(tx) = &tx {
                let _ = tx.send(line);
            }
        }
    });
    Ok(())
}

/// A plain HTTP/1.1 GET on loopback; the body of a 200 answer.
pub async fn http_get(addr: SocketAddr, path: &str) -> Result<String, String> {
    let fetch = async {
        let mut stream = TcpStream::connect(addr).await?;
        let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await?;
        Ok::<_, std::io::Error>(answer)
    };
    let answer = tokio::time::timeout(Duration::from_secs(10), fetch)
        .await
        .map_err(|_| format!("GET {path}: no answer in 10 s"))?
        .map_err(|e| format!("GET {path}: {e}"))?;
    let text = String::from_utf8_lossy(&answer);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .ok_or_else(|| format!("GET {path}: no HTTP answer"))?;
    if !head.starts_with("HTTP/1.1 200") {
        return Err(format!(
            "GET {path}: {}",
            head.lines().next().unwrap_or_default()
        ));
    }
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        return Ok(dechunk(body));
    }
    Ok(body.to_owned())
}

/// The body of a chunked answer.
fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        body = rest[n..].trim_start_matches("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::dechunk;

    #[test]
    fn chunked_bodies() {
        assert_eq!(dechunk("4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n"), "{\"a\":1}");
    }
}
