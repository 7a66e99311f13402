//! The SensFloor bridge: raw 17-byte receiver frames from TCP or a serial device.
//!
//! # Frame format
//!
//! | byte | meaning |
//! |---|---|
//! | 0 | start byte `0xFD` |
//! | 1–2 | group (room) id, big-endian |
//! | 3–4 | module id, big-endian: byte 3 is the high byte |
//! | 5 | SENS |
//! | 6 | FTID |
//! | 7 | DEF flags (bit 0 significant change, 1 sync, 2 status request, 3 status answer, 4 signed values, 5 configuration, 6 recalibrate, 7 from transceiver) |
//! | 8 | PARA |
//! | 9–16 | the 8 segment values, in [`Triangle::ORDER`](lernort_floor_protocol::Triangle::ORDER) |
//!
//! **Byte order.** Public clients read bytes 3 and 4 as a pair: sensfloor-pipeline calls
//! them `x` (byte 3) and `y` (byte 4), ofxSensfloor keys its tiles by the pair
//! `(byte 3, byte 4)`; sensfloor-pipeline reads the group as a big-endian integer. So both
//! 16-bit fields are read big-endian: `module_id = byte3 << 8 | byte4`, which makes a
//! module's id `x * 256 + y` — the numbering of the centres' `floor.json` files.
//!
//! # Finding frames in a byte stream
//!
//! There is no length or checksum, only the start byte, and `0xFD` may also occur as a
//! value (a firmly pressed segment) or in line noise. [`FrameParser`] takes 17 bytes from
//! each `0xFD` as a candidate and accepts it when
//! - none of its other 16 bytes is `0xFD` (nothing competes with it), or
//! - the byte right after it is `0xFD`, the next frame's start (the frames line up).
//!
//! Otherwise the start byte was noise (a real frame starts inside the candidate and the
//! next frame boundary does not line up): the parser skips one byte and looks for the next
//! `0xFD`. When a candidate contains another `0xFD` and the byte after it has not arrived
//! yet, the parser waits for one more byte, or for [`FrameParser::flush`] (the driver calls
//! it after 50 ms without data). What cannot be caught: 17 bytes of noise that start with
//! `0xFD` and contain no other — such a frame almost never names a module of the layout
//! and is then counted as unknown and dropped.
//!
//! # Which frames carry values
//!
//! Frames with DEF bit 2 (status request), 5 (configuration), 6 (recalibrate) or 7 (from
//! the transceiver itself) carry no segment values and are ignored. With bit 4 (signed
//! values) the bytes are two's complement around 0 and are shifted to the unsigned scale
//! (`value + 128`).
//!
//! # Staleness
//!
//! A receiver sends a module's values on significant change only, and re-sends them about
//! every 65 ms while the module is active (some segment at or above the layout's
//! `scale.active`). So silence means nothing for an idle module — most of the floor is
//! silent most of the time — but an *active* module silent for more than `stale_after_ms`
//! has lost contact: it counts as stale, and the source reports
//! `Status { Stale, stale_modules }` whenever that count changes, `Up` when it is back to
//! 0. A frame from a stale module makes it fresh again. A module stale for more than a
//! minute is taken as released (its "foot lifted" frame was lost): its segments are set to
//! the baseline and it no longer counts as stale, so one lost frame cannot leave a phantom
//! footprint and a stale floor for days.
//!
//! # Transports
//!
//! `tcp = "host:port"`: a receiver's raw TCP stream (port 4000 in one public tool);
//! reconnected forever, 1 s to 30 s apart, `Down` while disconnected. `serial = "/dev/…"`:
//! the device is opened and set up by `tokio-serial` (`baud`, 8N1, no flow control, raw).
//! A device that disappears (unplugged) is reopened the same way.
//!
//! # A receiver that dies without a word
//!
//! A receiver that loses power or its cable sends no FIN: TCP keepalive probes notice it
//! within about 25 s. A receiver whose program hangs still answers the probes (its kernel
//! does), so the reads have a deadline too: nothing at all for `read_deadline_ms` while a
//! module is active — active modules are re-sent every ~65 ms — means the receiver is
//! gone (25 s by default); the connection is closed, `Down` reported, and a new one opened
//! after the backoff.
//! An empty floor may be silent for hours, so there is no deadline then, unless the
//! receiver is known to send status frames (`idle_read_deadline_ms`).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use lernort_floor_protocol::{Layout, SourceState, TRIANGLES_PER_MODULE};
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::{retry_delay, Closed, Reporter, SensfloorConfig, SourceEvent, UpClock};
use lernort_floor_protocol::Backoff;

/// The first byte of every frame.
pub const START: u8 = 0xFD;
/// The length of a frame in bytes.
pub const FRAME_LEN: usize = 17;
/// A module stale for this long is taken as released (see the module docs).
pub const RELEASE_AFTER: Duration = Duration::from_secs(60);
/// Without new bytes for this long, a complete candidate frame is accepted.
pub const FLUSH_AFTER: Duration = Duration::from_millis(50);

/// DEF bits of frames that carry no segment values.
const NO_VALUES: u8 = 0x04 | 0x20 | 0x40 | 0x80;
/// DEF bit: the values are signed.
const SIGNED: u8 = 0x10;

/// One raw receiver frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RawFrame {
    /// Group (room) id, bytes 1–2.
    pub group: u16,
    /// Module id, bytes 3–4 (`x * 256 + y` in public clients' numbering).
    pub module_id: u16,
    /// DEF flags, byte 7.
    pub def: u8,
    /// The 8 segment values, bytes 9–16.
    pub values: [u8; TRIANGLES_PER_MODULE],
}

impl RawFrame {
    /// Reads a frame; `None` unless it starts with [`START`].
    pub fn from_bytes(bytes: &[u8; FRAME_LEN]) -> Option<RawFrame> {
        if bytes[0] != START {
            return None;
        }
        let mut values = [0; TRIANGLES_PER_MODULE];
        values.copy_from_slice(&bytes[9..FRAME_LEN]);
        Some(RawFrame {
            group: u16::from_be_bytes([bytes[1], bytes[2]]),
            module_id: u16::from_be_bytes([bytes[3], bytes[4]]),
            def: bytes[7],
            values,
        })
    }

    /// The frame's bytes (SENS, FTID and PARA 0), as a receiver would send it.
    pub fn to_bytes(&self) -> [u8; FRAME_LEN] {
        let mut b = [0; FRAME_LEN];
        b[0] = START;
        b[1..3].copy_from_slice(&self.group.to_be_bytes());
        b[3..5].copy_from_slice(&self.module_id.to_be_bytes());
        b[7] = self.def;
        b[9..].copy_from_slice(&self.values);
        b
    }

    /// The segment values on the unsigned scale (baseline about 128), or `None` for a
    /// frame that carries none (see the module docs).
    pub fn segment_values(&self) -> Option<[u8; TRIANGLES_PER_MODULE]> {
        if self.def & NO_VALUES != 0 {
            None
        } else if self.def & SIGNED != 0 {
            Some(
                self.values
                    .map(|v| (v as i8 as i16 + 128).clamp(0, 255) as u8),
            )
        } else {
            Some(self.values)
        }
    }
}

/// Finds frames in a byte stream fed in arbitrary chunks; see the module docs for the rule.
#[derive(Clone, Debug, Default)]
pub struct FrameParser {
    buf: Vec<u8>,
    skipped: u64,
}

impl FrameParser {
    /// An empty parser.
    pub fn new() -> FrameParser {
        FrameParser::default()
    }

    /// Feeds bytes; returns the frames completed by them, in stream order.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<RawFrame> {
        self.buf.extend_from_slice(bytes);
        let mut frames = Vec::new();
        let mut pos = 0;
        loop {
            let Some(start) = self.buf[pos..].iter().position(|&b| b == START) else {
                self.skipped += (self.buf.len() - pos) as u64;
                pos = self.buf.len();
                break;
            };
            self.skipped += start as u64;
            pos += start;
            let end = pos + FRAME_LEN;
            if self.buf.len() < end {
                break;
            }
            let inner = self.buf[pos + 1..end].contains(&START);
            let accept = match self.buf.get(end) {
                _ if !inner => true,
                Some(&next) => next == START,
                None => break, // wait for the byte after it
            };
            if accept {
                frames.extend(self.frame_at(pos));
                pos = end;
            } else {
                self.skipped += 1;
                pos += 1;
            }
        }
        self.buf.drain(..pos);
        frames
    }

    /// Whether a complete candidate frame waits for the byte after it.
    pub fn has_pending(&self) -> bool {
        self.buf.len() >= FRAME_LEN
    }

    /// Accepts a complete candidate frame that waits for the byte after it (the stream
    /// went quiet: nothing contradicts it).
    pub fn flush(&mut self) -> Option<RawFrame> {
        if !self.has_pending() {
            return None;
        }
        let frame = self.frame_at(0);
        self.buf.drain(..FRAME_LEN);
        frame
    }

    /// How many bytes were skipped as noise so far.
    pub fn skipped_bytes(&self) -> u64 {
        self.skipped
    }

    fn frame_at(&self, pos: usize) -> Option<RawFrame> {
        let bytes: &[u8; FRAME_LEN] = self.buf.get(pos..pos + FRAME_LEN)?.try_into().ok()?;
        RawFrame::from_bytes(bytes)
    }
}

#[derive(Clone, Copy, Debug)]
struct ModuleState {
    last_seen: Instant,
    /// Some segment at or above `scale.active` in the last frame.
    active: bool,
    stale: bool,
}

/// The floor as the bridge knows it: which module id is which layout module, which
/// modules are active and which stale. Pure: the caller passes the time.
#[derive(Debug)]
pub struct Modules {
    index: HashMap<u16, usize>,
    modules: Vec<Option<ModuleState>>,
    /// Indices of the modules that are active (stale or not).
    active: Vec<usize>,
    threshold: u8,
    baseline: u8,
    stale_after: Duration,
    stale: u16,
    unknown: u64,
    unknown_ids: Vec<u16>,
    ignored: u64,
}

impl Modules {
    /// The modules of `layout`; active modules silent for `stale_after` (1 ms to 1 day)
    /// count as stale.
    pub fn new(layout: &Layout, stale_after: Duration) -> Modules {
        let stale_after = stale_after.clamp(Duration::from_millis(1), Duration::from_secs(86_400));
        Modules {
            index: layout.module_positions(),
            modules: vec![None; layout.modules.len()],
            active: Vec::new(),
            threshold: layout.scale.active,
            baseline: layout.scale.baseline,
            stale_after,
            stale: 0,
            unknown: 0,
            unknown_ids: Vec::new(),
            ignored: 0,
        }
    }

    /// Takes in a frame received at `now`; appends the module's 8 segments to `changes`.
    /// Returns false for frames of unknown modules and frames without values.
    pub fn apply(&mut self, frame: &RawFrame, now: Instant, changes: &mut Vec<(u16, u8)>) -> bool {
        let Some(&i) = self.index.get(&frame.module_id) else {
            self.unknown += 1;
            if self.unknown_ids.len() < 32 && !self.unknown_ids.contains(&frame.module_id) {
                self.unknown_ids.push(frame.module_id);
                eprintln!(
                    "lernort-floor-sources: SensFloor module {} (x {}, y {}) is not in the layout; its frames are ignored",
                    frame.module_id,
                    frame.module_id >> 8,
                    frame.module_id & 0xff
                );
            }
            return false;
        };
        let Some(values) = frame.segment_values() else {
            self.ignored += 1;
            return false;
        };
        let first = i * TRIANGLES_PER_MODULE;
        changes.extend(
            values
                .iter()
                .enumerate()
                .map(|(t, &v)| ((first + t) as u16, v)),
        );
        let active = values.iter().any(|&v| v >= self.threshold);
        let was = self.modules[i];
        if was.is_some_and(|m| m.stale) {
            self.stale -= 1;
        }
        self.modules[i] = Some(ModuleState {
            last_seen: now,
            active,
            stale: false,
        });
        let listed = self.active.iter().position(|&a| a == i);
        match (active, listed) {
            (true, None) => self.active.push(i),
            (false, Some(k)) => {
                self.active.swap_remove(k);
            }
            _ => {}
        }
        true
    }

    /// Marks active modules silent for `stale_after` as stale, and releases modules stale
    /// for [`RELEASE_AFTER`] (their segments back to the baseline, appended to `changes`).
    pub fn check(&mut self, now: Instant, changes: &mut Vec<(u16, u8)>) {
        let mut k = 0;
        while k < self.active.len() {
            let i = self.active[k];
            let Some(m) = self.modules[i].as_mut() else {
                self.active.swap_remove(k);
                continue;
            };
            let silent = now.saturating_duration_since(m.last_seen);
            if silent >= self.stale_after + RELEASE_AFTER {
                if m.stale {
                    self.stale -= 1;
                }
                m.stale = false;
                m.active = false;
                let first = i * TRIANGLES_PER_MODULE;
                changes
                    .extend((0..TRIANGLES_PER_MODULE).map(|t| ((first + t) as u16, self.baseline)));
                self.active.swap_remove(k);
                continue;
            }
            if silent >= self.stale_after && !m.stale {
                m.stale = true;
                self.stale += 1;
            }
            k += 1;
        }
    }

    /// When [`Modules::check`] next has something to do, if ever.
    pub fn next_deadline(&self) -> Option<Instant> {
        self.active
            .iter()
            .filter_map(|&i| self.modules[i])
            .map(|m| {
                if m.stale {
                    m.last_seen + self.stale_after + RELEASE_AFTER
                } else {
                    m.last_seen + self.stale_after
                }
            })
            .min()
    }

    /// Whether some module is active (stale or not): the receiver re-sends it every ~65 ms.
    pub fn any_active(&self) -> bool {
        !self.active.is_empty()
    }

    /// How many modules are stale now.
    pub fn stale_count(&self) -> u16 {
        self.stale
    }

    /// How many frames named a module that is not in the layout.
    pub fn unknown_frames(&self) -> u64 {
        self.unknown
    }

    /// How many frames carried no values (status requests, configuration, …).
    pub fn ignored_frames(&self) -> u64 {
        self.ignored
    }

    fn status(&self) -> (SourceState, u16) {
        if self.stale > 0 {
            (SourceState::Stale, self.stale)
        } else {
            (SourceState::Up, 0)
        }
    }
}

/// Why a connection ended.
#[derive(Debug)]
pub enum StreamError {
    /// The receiver closed the connection (or the device reported end of file).
    Closed,
    /// Reading failed.
    Io(std::io::Error),
    /// Connecting failed or timed out.
    Connect(String),
    /// Nothing came for this long although the floor was busy (or the idle deadline).
    Silent(Duration),
}

impl std::fmt::Display for StreamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StreamError::Closed => f.write_str("the receiver closed the connection"),
            StreamError::Io(e) => write!(f, "reading failed: {e}"),
            StreamError::Connect(e) => write!(f, "cannot connect: {e}"),
            StreamError::Silent(limit) => write!(
                f,
                "nothing received for {} s (read_deadline_ms): the receiver seems frozen",
                limit.as_secs_f64()
            ),
        }
    }
}

impl std::error::Error for StreamError {}

/// How long the receiver may be silent before its connection counts as dead: `busy` while
/// some module is active, `idle` otherwise (`None`: no limit).
#[derive(Clone, Copy, Debug)]
struct ReadDeadline {
    busy: Duration,
    idle: Option<Duration>,
}

impl ReadDeadline {
    fn of(config: &SensfloorConfig) -> ReadDeadline {
        ReadDeadline {
            busy: Duration::from_millis(config.read_deadline_ms.max(1)),
            idle: config
                .idle_read_deadline_ms
                .map(|ms| Duration::from_millis(ms.max(1))),
        }
    }

    fn after(&self, modules: &Modules) -> Option<Duration> {
        if modules.any_active() {
            Some(self.busy)
        } else {
            self.idle
        }
    }
}

/// Reads frames from `reader` until it ends or stays silent past `read_deadline`; reports values
/// and staleness.
async fn pump<R: AsyncRead + Unpin>(
    mut reader: R,
    modules: &mut Modules,
    reporter: &mut Reporter,
    read_deadline: ReadDeadline,
) -> Result<StreamError, Closed> {
    let mut parser = FrameParser::new();
    let mut buf = vec![0u8; 4096];
    let mut changes = Vec::new();
    let (state, stale) = modules.status();
    reporter.status(state, stale).await?;
    let mut last_read = Instant::now();
    loop {
        let silence = read_deadline.after(modules);
        let given_up_at = silence.map(|limit| last_read + limit);
        let deadline = modules.next_deadline();
        let flush_at = parser.has_pending().then_some(last_read + FLUSH_AFTER);
        let far = Instant::now() + Duration::from_secs(3600);
        tokio::select! {
            read = reader.read(&mut buf) => {
                let n = match read {
                    Ok(0) => return Ok(StreamError::Closed),
                    Ok(n) => n,
                    Err(e) => return Ok(StreamError::Io(e)),
                };
                last_read = Instant::now();
                for frame in parser.push(&buf[..n]) {
                    modules.apply(&frame, last_read, &mut changes);
                }
            }
            () = tokio::time::sleep_until(deadline.unwrap_or(far)), if deadline.is_some() => {}
            () = tokio::time::sleep_until(given_up_at.unwrap_or(far)), if given_up_at.is_some() => {
                return Ok(StreamError::Silent(silence.unwrap_or_default()));
            }
            () = tokio::time::sleep_until(flush_at.unwrap_or(far)), if flush_at.is_some() => {
                if let Some(frame) = parser.flush() {
                    modules.apply(&frame, Instant::now(), &mut changes);
                }
            }
            () = reporter.closed() => return Err(Closed),
        }
        modules.check(Instant::now(), &mut changes);
        if !changes.is_empty() {
            reporter
                .send(SourceEvent::Update(std::mem::take(&mut changes)))
                .await?;
        }
        let (state, stale) = modules.status();
        reporter.status(state, stale).await?;
    }
}

async fn connect_tcp(addr: &str) -> Result<TcpStream, StreamError> {
    let attempt = async {
        let addrs = tokio::net::lookup_host(addr)
            .await
            .map_err(|e| StreamError::Connect(e.to_string()))?;
        let mut last = StreamError::Connect(format!("{addr} has no address"));
        for a in addrs {
            let socket = if a.is_ipv4() {
                tokio::net::TcpSocket::new_v4()
            } else {
                tokio::net::TcpSocket::new_v6()
            };
            let socket = match socket {
                Ok(s) => s,
                Err(e) => {
                    last = StreamError::Connect(e.to_string());
                    continue;
                }
            };
            match socket.connect(a).await {
                Ok(stream) => {
                    watch_for_a_dead_peer(&stream);
                    return Ok(stream);
                }
                Err(e) => last = StreamError::Connect(format!("{a}: {e}")),
            }
        }
        Err(last)
    };
    tokio::time::timeout(Duration::from_secs(10), attempt)
        .await
        .unwrap_or_else(|_| Err(StreamError::Connect(format!("{addr}: timed out"))))
}

/// Opens the receiver's serial device at `baud`, 8 data bits, no parity, one stop bit, no
/// flow control, in raw mode (what `tokio-serial` sets up).
fn open_serial(path: &str, baud: u32) -> tokio_serial::Result<tokio_serial::SerialStream> {
    use tokio_serial::SerialPortBuilderExt;
    tokio_serial::new(path, baud)
        .data_bits(tokio_serial::DataBits::Eight)
        .parity(tokio_serial::Parity::None)
        .stop_bits(tokio_serial::StopBits::One)
        .flow_control(tokio_serial::FlowControl::None)
        .open_native_async()
}

/// TCP keepalive probes after [`KEEPALIVE_IDLE`] of silence, every [`KEEPALIVE_INTERVAL`],
/// [`KEEPALIVE_PROBES`] times: a receiver that lost power or its network is noticed within
/// about 25 s, not after the system's default of two hours. A floor can be silent for hours
/// (frames come on change only), so reads themselves have no deadline.
fn watch_for_a_dead_peer(stream: &TcpStream) {
    let keepalive = socket2::TcpKeepalive::new()
        .with_time(KEEPALIVE_IDLE)
        .with_interval(KEEPALIVE_INTERVAL)
        .with_retries(KEEPALIVE_PROBES);
    if let Err(e) = socket2::SockRef::from(stream).set_tcp_keepalive(&keepalive) {
        eprintln!("lernort-floor-sources: SensFloor: cannot set TCP keepalive: {e}");
    }
}

const KEEPALIVE_IDLE: Duration = Duration::from_secs(10);
const KEEPALIVE_INTERVAL: Duration = Duration::from_secs(5);
const KEEPALIVE_PROBES: u32 = 3;

/// Connects (or opens the device), pumps frames, and on any failure reports `Down` and
/// tries again after the backoff — forever, until the receiver of events is dropped.
pub(crate) async fn run(
    config: SensfloorConfig,
    layout: Arc<Layout>,
    tx: mpsc::Sender<SourceEvent>,
) {
    let stale_after = Duration::from_millis(config.stale_after_ms.max(1));
    let read_deadline = ReadDeadline::of(&config);
    let mut modules = Modules::new(&layout, stale_after);
    let mut reporter = Reporter::new(tx);
    let mut backoff = Backoff::new();
    let clock = UpClock::start();
    let mut last_error = String::new();
    loop {
        let ended = match (&config.tcp, &config.serial) {
            (Some(addr), _) => match connect_tcp(addr).await {
                Ok(stream) => {
                    backoff.connected(clock.now());
                    last_error.clear();
                    eprintln!(
                        "lernort-floor-sources: connected to the SensFloor receiver at {addr}"
                    );
                    pump(stream, &mut modules, &mut reporter, read_deadline).await
                }
                Err(e) => Ok(e),
            },
            (None, Some(path)) => match open_serial(path, config.baud) {
                Ok(port) => {
                    backoff.connected(clock.now());
                    last_error.clear();
                    eprintln!(
                        "lernort-floor-sources: reading the SensFloor receiver at {path}, {} baud",
                        config.baud
                    );
                    pump(port, &mut modules, &mut reporter, read_deadline).await
                }
                Err(e) => Ok(StreamError::Connect(format!("{path}: {e}"))),
            },
            (None, None) => Ok(StreamError::Connect("no tcp address or serial path".into())),
        };
        let Ok(error) = ended else { return };
        let message = error.to_string();
        if message != last_error {
            eprintln!("lernort-floor-sources: SensFloor receiver: {message}; retrying");
            last_error = message;
        }
        if reporter.status(SourceState::Down, 0).await.is_err() {
            return;
        }
        tokio::select! {
            () = tokio::time::sleep(retry_delay(&mut backoff, &clock)) => {}
            () = reporter.closed() => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncWriteExt;

    use crate::test_support::netzwerk_layout as layout;

    fn frame(module_id: u16, values: [u8; 8]) -> RawFrame {
        RawFrame {
            group: 0x0102,
            module_id,
            def: 0x01,
            values,
        }
    }

    /// A stream of frames with garbage between them, and the frames it holds.
    fn stream() -> (Vec<u8>, Vec<RawFrame>) {
        let frames: Vec<RawFrame> = (0..12u16)
            .map(|k| {
                frame(
                    (k % 8) << 8 | (k % 6),
                    [128 + k as u8, 150, 128, 0xFC, 127, 190, 128, 129],
                )
            })
            .collect();
        // Garbage: plain, with a start byte followed by fewer than 16 bytes before the
        // next frame, two start bytes, a lone start byte, nothing.
        let garbage: [&[u8]; 12] = [
            &[],
            &[0x00, 0x11, 0x22],
            &[0xFD],
            &[0x55, 0xFD, 0x01, 0x02],
            &[0xFD, 0xFD],
            &[],
            &[0x80; 20],
            &[
                0xFD, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            ],
            &[0x12],
            &[0xFD, 0x80, 0x80, 0xFD, 0x80],
            &[],
            &[0x7F, 0xFD, 0x03],
        ];
        let mut bytes = vec![0x42, 0x17, 0x80]; // joined mid-frame
        for (f, g) in frames.iter().zip(garbage) {
            bytes.extend_from_slice(g);
            bytes.extend_from_slice(&f.to_bytes());
        }
        (bytes, frames)
    }

    #[test]
    fn byte_order_is_big_endian() {
        let mut bytes = [0u8; 17];
        bytes[0] = 0xFD;
        bytes[1] = 0x01;
        bytes[2] = 0x02;
        bytes[3] = 0x05; // x
        bytes[4] = 0x03; // y
        bytes[7] = 0x01;
        bytes[9..].copy_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8]);
        let f = RawFrame::from_bytes(&bytes).expect("a frame");
        assert_eq!(f.group, 0x0102);
        assert_eq!(f.module_id, 5 * 256 + 3);
        assert_eq!(f.values, [1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(f.to_bytes(), bytes);
        bytes[0] = 0;
        assert_eq!(RawFrame::from_bytes(&bytes), None);
    }

    #[test]
    fn garbage_between_frames_is_skipped() {
        let (bytes, frames) = stream();
        let mut p = FrameParser::new();
        assert_eq!(p.push(&bytes), frames);
        assert!(p.skipped_bytes() > 0);
        assert!(!p.has_pending());
    }

    #[test]
    fn frames_split_at_every_offset_parse_the_same() {
        let (bytes, frames) = stream();
        for cut in 0..=bytes.len() {
            let mut p = FrameParser::new();
            let mut got = p.push(&bytes[..cut]);
            got.extend(p.push(&bytes[cut..]));
            assert_eq!(got, frames, "cut at {cut}");
        }
        for a in (0..bytes.len()).step_by(7) {
            for b in a..bytes.len() {
                let mut p = FrameParser::new();
                let mut got = p.push(&bytes[..a]);
                got.extend(p.push(&bytes[a..b]));
                got.extend(p.push(&bytes[b..]));
                assert_eq!(got, frames, "cuts at {a} and {b}");
            }
        }
    }

    #[test]
    fn byte_by_byte_parses_the_same() {
        let (bytes, frames) = stream();
        let mut p = FrameParser::new();
        let got: Vec<RawFrame> = bytes.iter().flat_map(|b| p.push(&[*b])).collect();
        assert_eq!(got, frames);
    }

    #[test]
    fn start_bytes_as_values_in_back_to_back_frames() {
        // Pressed hard: 0xFD as a value, in every position.
        let frames: Vec<RawFrame> = (0..8)
            .map(|k| {
                let mut v = [128; 8];
                v[k] = 0xFD;
                frame(k as u16, v)
            })
            .collect();
        let bytes: Vec<u8> = frames.iter().flat_map(|f| f.to_bytes()).collect();
        let mut p = FrameParser::new();
        let mut got: Vec<RawFrame> = bytes.iter().flat_map(|b| p.push(&[*b])).collect();
        // The last one waits for the next byte, or for a quiet line.
        assert_eq!(got.len(), 7);
        assert!(p.has_pending());
        got.extend(p.flush());
        assert_eq!(got, frames);
        assert_eq!(p.flush(), None);
    }

    #[test]
    fn noise_never_panics_and_the_buffer_stays_small() {
        let mut rng = crate::rng::Rng::new(99);
        let mut p = FrameParser::new();
        let mut frames = 0;
        for _ in 0..20_000 {
            let n = rng.below(40);
            // Start bytes are frequent, to provoke every branch.
            let chunk: Vec<u8> = (0..n)
                .map(|_| {
                    if rng.chance(0.1) {
                        START
                    } else {
                        rng.next_u64() as u8
                    }
                })
                .collect();
            frames += p.push(&chunk).len();
            assert!(p.buf.len() <= FRAME_LEN);
        }
        assert!(frames > 0);
        assert!(p.skipped_bytes() > 0);
    }

    #[test]
    fn a_frame_without_start_bytes_inside_is_taken_at_once() {
        let f = frame(3, [128; 8]);
        let mut p = FrameParser::new();
        assert_eq!(p.push(&f.to_bytes()), vec![f]);
        assert!(!p.has_pending());
    }

    #[test]
    fn control_frames_and_signed_values() {
        let mut f = frame(1, [0, 10, 0xF6, 127, 0x80, 0, 0, 0]);
        f.def = 0x10 | 0x01;
        assert_eq!(
            f.segment_values(),
            Some([128, 138, 118, 255, 0, 128, 128, 128])
        );
        for def in [0x04, 0x20, 0x40, 0x80, 0x81] {
            f.def = def;
            assert_eq!(f.segment_values(), None, "{def:#x}");
        }
        f.def = 0x08; // a status answer carries values
        assert!(f.segment_values().is_some());
    }

    #[test]
    fn modules_map_to_layout_segments_and_unknown_ids_are_counted() {
        let layout = layout();
        let mut m = Modules::new(&layout, Duration::from_millis(100));
        let now = Instant::now();
        let mut changes = Vec::new();
        // x 2, y 1: the module at 100, 50 cm.
        let id = 2 << 8 | 1;
        let index = layout
            .modules
            .iter()
            .position(|m| m.id == id)
            .expect("module");
        assert!(m.apply(
            &frame(id, [130, 150, 128, 128, 128, 128, 128, 128]),
            now,
            &mut changes
        ));
        assert_eq!(changes.len(), 8);
        assert_eq!(changes[1], ((index * 8 + 1) as u16, 150));
        assert!(!m.apply(&frame(0x7777, [128; 8]), now, &mut changes));
        assert!(!m.apply(&frame(0x7777, [128; 8]), now, &mut changes));
        assert_eq!(m.unknown_frames(), 2);
        let mut control = frame(id, [0; 8]);
        control.def = 0x20;
        assert!(!m.apply(&control, now, &mut changes));
        assert_eq!(m.ignored_frames(), 1);
        assert_eq!(changes.len(), 8);
    }

    #[test]
    fn only_active_modules_go_stale() {
        let layout = layout();
        let stale_after = Duration::from_millis(1000);
        let mut m = Modules::new(&layout, stale_after);
        let t0 = Instant::now();
        let mut changes = Vec::new();
        m.apply(&frame(0x0000, [128; 8]), t0, &mut changes); // idle
        m.apply(
            &frame(0x0101, [128, 160, 128, 128, 128, 128, 128, 128]),
            t0,
            &mut changes,
        );
        m.apply(
            &frame(0x0201, [128, 128, 150, 128, 128, 128, 128, 128]),
            t0,
            &mut changes,
        );
        assert_eq!(m.next_deadline(), Some(t0 + stale_after));
        changes.clear();
        m.check(t0 + Duration::from_millis(999), &mut changes);
        assert_eq!(m.stale_count(), 0);
        m.check(t0 + stale_after, &mut changes);
        assert_eq!(m.stale_count(), 2);
        // One comes back (released: idle values); an hour of silence of the idle one
        // changes nothing.
        m.apply(&frame(0x0101, [128; 8]), t0 + stale_after, &mut changes);
        assert_eq!(m.stale_count(), 1);
        changes.clear();
        m.check(t0 + stale_after + RELEASE_AFTER, &mut changes);
        assert_eq!(m.stale_count(), 0);
        assert_eq!(changes.len(), 8);
        assert!(changes.iter().all(|&(_, v)| v == 128));
        assert_eq!(m.next_deadline(), None);
        m.check(t0 + Duration::from_secs(3600), &mut changes);
        assert_eq!(m.stale_count(), 0);
    }

    async fn expect(rx: &mut mpsc::Receiver<SourceEvent>, want: SourceEvent) {
        let got = tokio::time::timeout(Duration::from_secs(10), rx.recv()).await;
        assert_eq!(got.ok().flatten(), Some(want));
    }

    fn status(state: SourceState, stale_modules: u16) -> SourceEvent {
        SourceEvent::Status {
            state,
            stale_modules,
        }
    }

    /// Stale detection on the stream, in paused time: no real sleeping.
    #[tokio::test(start_paused = true)]
    async fn silence_of_an_active_module_is_reported_as_stale() {
        let layout = Arc::new(layout());
        let (mut writer, reader) = tokio::io::duplex(1024);
        let (tx, mut rx) = mpsc::channel(16);
        let task = tokio::spawn(async move {
            let mut modules = Modules::new(&layout, Duration::from_millis(1000));
            let mut reporter = Reporter::new(tx);
            let patient = ReadDeadline {
                busy: Duration::from_secs(86_400),
                idle: None,
            };
            pump(reader, &mut modules, &mut reporter, patient)
                .await
                .map(|e| e.to_string())
        });
        expect(&mut rx, status(SourceState::Up, 0)).await;
        let t0 = Instant::now();
        let active = frame(0x0101, [128, 170, 128, 128, 128, 128, 128, 128]);
        let idle = frame(0x0000, [129; 8]);
        let mut bytes = active.to_bytes().to_vec();
        bytes.extend(idle.to_bytes());
        writer.write_all(&bytes).await.expect("write");
        let Some(SourceEvent::Update(changes)) = rx.recv().await else {
            panic!("no update");
        };
        assert_eq!(changes.len(), 16);
        // One second later the active module is stale; the idle one never is.
        expect(&mut rx, status(SourceState::Stale, 1)).await;
        assert_eq!(Instant::now() - t0, Duration::from_millis(1000));
        writer.write_all(&active.to_bytes()).await.expect("write");
        assert!(matches!(rx.recv().await, Some(SourceEvent::Update(_))));
        expect(&mut rx, status(SourceState::Up, 0)).await;
        // Silent again, for good: stale, then after a minute released to the baseline.
        expect(&mut rx, status(SourceState::Stale, 1)).await;
        let Some(SourceEvent::Update(released)) = rx.recv().await else {
            panic!("not released");
        };
        assert!(released.iter().all(|&(_, v)| v == 128));
        expect(&mut rx, status(SourceState::Up, 0)).await;
        // The receiver hangs up.
        drop(writer);
        let ended = task.await.expect("no panic");
        assert_eq!(ended.ok(), Some(StreamError::Closed.to_string()));
        assert!(rx.recv().await.is_none());
    }

    /// Pumps `reader` with `read_deadline` in a task.
    fn pump_with(
        reader: tokio::io::DuplexStream,
        read_deadline: ReadDeadline,
    ) -> (
        mpsc::Receiver<SourceEvent>,
        tokio::task::JoinHandle<Option<String>>,
    ) {
        let layout = Arc::new(layout());
        let (tx, rx) = mpsc::channel(16);
        let task = tokio::spawn(async move {
            let mut modules = Modules::new(&layout, Duration::from_millis(1000));
            let mut reporter = Reporter::new(tx);
            pump(reader, &mut modules, &mut reporter, read_deadline)
                .await
                .ok()
                .map(|e| e.to_string())
        });
        (rx, task)
    }

    /// A receiver whose program hangs keeps its connection open and answers keepalive
    /// probes; with a module active, 25 s of silence gives it up.
    #[tokio::test(start_paused = true)]
    async fn a_frozen_receiver_is_given_up_after_the_read_deadline() {
        let defaults = ReadDeadline::of(&SensfloorConfig::default());
        let (mut writer, reader) = tokio::io::duplex(1024);
        let (mut rx, task) = pump_with(reader, defaults);
        expect(&mut rx, status(SourceState::Up, 0)).await;
        let t0 = Instant::now();
        let active = frame(0x0101, [128, 170, 128, 128, 128, 128, 128, 128]);
        writer.write_all(&active.to_bytes()).await.expect("write");
        assert!(matches!(rx.recv().await, Some(SourceEvent::Update(_))));
        expect(&mut rx, status(SourceState::Stale, 1)).await;
        let ended = task.await.expect("no panic");
        assert_eq!(Instant::now() - t0, Duration::from_secs(25));
        assert_eq!(
            ended.as_deref(),
            Some("nothing received for 25 s (read_deadline_ms): the receiver seems frozen")
        );
        drop(writer);
    }

    /// An empty floor may be silent for hours: no deadline, unless the receiver is known
    /// to send status frames (`idle_read_deadline_ms`).
    #[tokio::test(start_paused = true)]
    async fn an_empty_floor_may_be_silent_unless_an_idle_deadline_is_set() {
        let defaults = ReadDeadline::of(&SensfloorConfig::default());
        let (writer, reader) = tokio::io::duplex(1024);
        let (mut rx, task) = pump_with(reader, defaults);
        expect(&mut rx, status(SourceState::Up, 0)).await;
        tokio::time::sleep(Duration::from_secs(6 * 3600)).await;
        assert!(
            !task.is_finished(),
            "six silent hours on an empty floor are fine"
        );
        drop(writer);

        let strict = ReadDeadline::of(&SensfloorConfig {
            idle_read_deadline_ms: Some(90_000),
            ..SensfloorConfig::default()
        });
        let (_writer, reader) = tokio::io::duplex(1024);
        let (mut rx, task) = pump_with(reader, strict);
        expect(&mut rx, status(SourceState::Up, 0)).await;
        let t0 = Instant::now();
        let ended = task.await.expect("no panic");
        assert_eq!(Instant::now() - t0, Duration::from_secs(90));
        assert!(ended.is_some_and(|e| e.contains("90 s")));
    }

    /// Over real TCP: a peer that accepts, sends one active frame and freezes is reported
    /// down, and a new connection is opened.
    #[tokio::test]
    async fn a_frozen_tcp_peer_is_down_and_reconnected() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let config = crate::SourceConfig::Sensfloor(SensfloorConfig {
            tcp: Some(listener.local_addr().expect("addr").to_string()),
            read_deadline_ms: 300,
            ..SensfloorConfig::default()
        });
        let mut rx = crate::spawn(config, Arc::new(layout()));
        let (mut frozen, _) = listener.accept().await.expect("accept");
        expect(&mut rx, status(SourceState::Up, 0)).await;
        let active = frame(0x0101, [128, 170, 128, 128, 128, 128, 128, 128]);
        frozen.write_all(&active.to_bytes()).await.expect("write");
        assert!(matches!(rx.recv().await, Some(SourceEvent::Update(_))));
        loop {
            let event = tokio::time::timeout(Duration::from_secs(10), rx.recv()).await;
            match event.ok().flatten() {
                Some(SourceEvent::Status {
                    state: SourceState::Down,
                    ..
                }) => break,
                Some(_) => {}
                None => panic!("no Down within 10 s"),
            }
        }
        // The socket is still open on this side: only the deadline could tell.
        let (_again, _) = tokio::time::timeout(Duration::from_secs(10), listener.accept())
            .await
            .expect("reconnected in time")
            .expect("accept");
        drop(frozen);
    }

    /// A real TCP connection: frames in odd-sized chunks, then the receiver goes away
    /// (Down) and comes back (Up).
    /// A receiver that loses power sends no FIN: only keepalive probes notice it. Ours
    /// start after 10 s of silence, every 5 s, three times (the system's default: 2 h).
    #[tokio::test]
    async fn the_receiver_connection_probes_for_a_dead_peer_within_25_s() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr").to_string();
        let stream = connect_tcp(&addr).await.expect("connect");
        let socket = socket2::SockRef::from(&stream);
        assert!(socket.keepalive().expect("SO_KEEPALIVE"));
        assert_eq!(
            socket.tcp_keepalive_time().expect("TCP_KEEPIDLE"),
            KEEPALIVE_IDLE
        );
        assert_eq!(
            socket.tcp_keepalive_interval().expect("TCP_KEEPINTVL"),
            KEEPALIVE_INTERVAL
        );
        assert_eq!(
            socket.tcp_keepalive_retries().expect("TCP_KEEPCNT"),
            KEEPALIVE_PROBES
        );
        let bound = KEEPALIVE_IDLE + KEEPALIVE_INTERVAL * KEEPALIVE_PROBES;
        assert!(bound <= Duration::from_secs(30), "{bound:?}");
    }

    #[tokio::test]
    async fn tcp_frames_disconnects_and_reconnects() {
        let layout = Arc::new(layout());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let config = crate::SourceConfig::Sensfloor(SensfloorConfig {
            tcp: Some(addr.to_string()),
            ..SensfloorConfig::default()
        });
        let mut rx = crate::spawn(config, Arc::clone(&layout));

        let (mut conn, _) = listener.accept().await.expect("accept");
        expect(&mut rx, status(SourceState::Up, 0)).await;
        let (bytes, frames) = stream();
        // Only the frames of modules in the layout count (all of them here).
        let mut want = vec![128u8; layout.segment_count()];
        for f in &frames {
            let i = layout
                .modules
                .iter()
                .position(|m| m.id == f.module_id)
                .expect("in the layout");
            want[i * 8..i * 8 + 8].copy_from_slice(&f.values);
        }
        let mut rest = &bytes[..];
        for size in [1, 5, 13, 3, 17, 2, 29, 7].iter().cycle() {
            if rest.is_empty() {
                break;
            }
            let (chunk, tail) = rest.split_at((*size).min(rest.len()));
            conn.write_all(chunk).await.expect("write");
            conn.flush().await.expect("flush");
            rest = tail;
        }
        let mut got = vec![128u8; layout.segment_count()];
        let mut seen = 0;
        while seen < frames.len() * 8 {
            match tokio::time::timeout(Duration::from_secs(10), rx.recv()).await {
                Ok(Some(SourceEvent::Update(changes))) => {
                    seen += changes.len();
                    for (i, v) in changes {
                        got[usize::from(i)] = v;
                    }
                }
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(got, want);
        drop(conn);
        // Active modules with no time to go stale; then the connection is gone.
        expect(&mut rx, status(SourceState::Down, 0)).await;
        // Back after the first backoff (1 s).
        let (_conn, _) = tokio::time::timeout(Duration::from_secs(10), listener.accept())
            .await
            .expect("reconnected")
            .expect("accept");
        let event = tokio::time::timeout(Duration::from_secs(10), rx.recv()).await;
        assert!(
            matches!(
                event,
                Ok(Some(SourceEvent::Status {
                    state: SourceState::Up | SourceState::Stale,
                    ..
                }))
            ),
            "{event:?}"
        );
    }

    #[tokio::test]
    async fn an_unreachable_receiver_is_down() {
        let layout = Arc::new(layout());
        // A port that was free a moment ago: nobody listens.
        let addr = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
            l.local_addr().expect("addr")
        };
        let config = crate::SourceConfig::Sensfloor(SensfloorConfig {
            tcp: Some(addr.to_string()),
            ..SensfloorConfig::default()
        });
        let mut rx = crate::spawn(config, layout);
        expect(&mut rx, status(SourceState::Down, 0)).await;
    }

    /// A pseudo-terminal stands in for the receiver's USB serial device: the source opens
    /// it by name and sets it up itself (no `stty` beforehand).
    #[cfg(unix)]
    #[tokio::test]
    async fn a_serial_device_is_opened_and_read() {
        use tokio_serial::SerialPort;
        let layout = Arc::new(layout());
        let (mut receiver, device) = tokio_serial::SerialStream::pair().expect("a pty pair");
        let path = device.name().expect("the pty's name");
        let config = crate::SourceConfig::Sensfloor(SensfloorConfig {
            serial: Some(path.clone()),
            ..SensfloorConfig::default()
        });
        let mut rx = crate::spawn(config, Arc::clone(&layout));
        expect(&mut rx, status(SourceState::Up, 0)).await;
        let f = frame(0x0302, [128, 128, 128, 175, 128, 128, 128, 128]);
        receiver.write_all(&f.to_bytes()).await.expect("write");
        let i = layout
            .modules
            .iter()
            .position(|m| m.id == 0x0302)
            .expect("module");
        let Some(SourceEvent::Update(changes)) = rx.recv().await else {
            panic!("no update");
        };
        assert_eq!(changes[3], ((i * 8 + 3) as u16, 175));
        // Unplugged: Down (and reopened later).
        drop(receiver);
        drop(device);
        expect(&mut rx, status(SourceState::Down, 0)).await;
    }

    #[tokio::test]
    async fn a_serial_path_that_is_no_serial_device_is_down() {
        let dir = tempfile_dir();
        let path = dir.join("not-a-tty");
        std::fs::write(&path, b"plain file").expect("write");
        let config = crate::SourceConfig::Sensfloor(SensfloorConfig {
            serial: Some(path.to_string_lossy().into_owned()),
            ..SensfloorConfig::default()
        });
        let mut rx = crate::spawn(config, Arc::new(layout()));
        expect(&mut rx, status(SourceState::Down, 0)).await;
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("lernort-sensfloor-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        dir
    }
}
