//! The live sensor floor: `GET {base}floor` (WebSocket), and its counters for the
//! operator's `/metrics`.
//!
//! A source task (see `lernort_floor_sources`) sends events to the *hub*, one task that
//! owns the floor's state. The hub merges events into at most `max_rate_hz` frames per
//! second, encodes each frame **once** into shared bytes and publishes it on a bounded
//! broadcast channel (`frame_backlog` messages); it also keeps the latest full frame and
//! the source's state in a watch channel. Browsers are served by writer groups (`group`):
//! one task per group of up to 256 browsers takes each message once and writes it to
//! every member, after greeting each with the layout, the state and the latest full
//! frame. A browser whose socket takes no data skips messages (counted as drops) and then
//! starts again from the latest full frame, so a slow browser never slows the others and
//! memory is bounded by the channel, not by the number of browsers.
//!
//! Beyond one machine (docs/floor-cluster.md): with `[floor.publish]` one more task
//! subscribes like a browser and publishes every message to an MQTT broker (`publish`);
//! other gateways' hubs relay them (source `kind = "broker"`).

mod client;
mod group;
mod http;
mod hub;
mod people;
mod picture;
mod publish;
mod tally;

use std::fmt;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::ws::Utf8Bytes;
use lernort_floor_protocol::{decode, Layout, Message, SourceState};
use lernort_floor_sources::{SourceConfig, SourceEvent};
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, mpsc, watch};
use tokio::task::AbortHandle;

use crate::config::{FloorConfig, Limits};

pub use self::http::floor_handler;
use self::hub::{Frame, Hub, HubSettings, Latest};
pub use self::picture::{floor_picture_handler, floor_png};

/// The floor stream: a running hub and its clients, or the reason there is none.
/// Cheap to clone; the hub stops when the last clone is dropped or on [`Floor::close`].
#[derive(Clone)]
pub struct Floor {
    inner: Arc<Inner>,
}

struct Inner {
    counters: Arc<Counters>,
    limits: Limits,
    started: Instant,
    mode: Mode,
    picture: picture::PictureCache,
}

enum Mode {
    Live(Live),
    Unavailable(String),
}

struct Live {
    layout: Arc<Layout>,
    layout_text: Utf8Bytes,
    frames: broadcast::WeakSender<Frame>,
    /// The writer groups that serve the browsers.
    groups: Arc<group::Groups>,
    latest: watch::Receiver<Latest>,
    /// The people as the floor page counts them, followed on every frame.
    people: Arc<people::Followed>,
    backlog: usize,
    hub: AbortHandle,
}

impl Drop for Live {
    fn drop(&mut self) {
        self.hub.abort();
    }
}

/// The floor's counters, shared by the hub, the client tasks and the handlers.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) clients: AtomicU64,
    pub(crate) clients_total: AtomicU64,
    pub(crate) frames_in: AtomicU64,
    /// Added to by every client task for every message: a [`tally::Tally`].
    pub(crate) frames_out: tally::Tally,
    pub(crate) drops: AtomicU64,
    pub(crate) send_timeouts: AtomicU64,
    pub(crate) slow_clients_dropped: AtomicU64,
    pub(crate) rejected_busy: AtomicU64,
    pub(crate) rejected_origin: AtomicU64,
    pub(crate) picture_renders: AtomicU64,
    pub(crate) published: AtomicU64,
    pub(crate) publish_dropped: AtomicU64,
    pub(crate) relay_skipped: AtomicU64,
}

/// A client's place among `max_clients`; freed when dropped.
pub(crate) struct ClientSlot {
    counters: Arc<Counters>,
}

impl ClientSlot {
    /// Takes a place, or `None` when `max` clients are connected.
    pub(crate) fn acquire(counters: &Arc<Counters>, max: u32) -> Option<ClientSlot> {
        counters
            .clients
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |now| {
                (now < u64::from(max)).then_some(now + 1)
            })
            .ok()?;
        counters.clients_total.fetch_add(1, Ordering::Relaxed);
        Some(ClientSlot {
            counters: counters.clone(),
        })
    }
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        self.counters.clients.fetch_sub(1, Ordering::AcqRel);
    }
}

/// What the operator's `GET /metrics` answers (as JSON): counters since the start, and the
/// floor's state now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metrics {
    /// Browsers connected now.
    pub clients: u64,
    /// Browsers connected since the start.
    pub clients_total: u64,
    /// Events received from the source.
    pub frames_in: u64,
    /// Messages sent to browsers, summed over all browsers (layout, status and frames).
    pub frames_out: u64,
    /// Messages browsers missed because they fell behind (they got a full frame instead).
    pub drops: u64,
    /// Times a browser's socket took no data for `send_timeout_ms`.
    pub send_timeouts: u64,
    /// Browsers disconnected after `max_send_timeouts` timeouts in a row (or one while
    /// sending the greeting).
    pub slow_clients_dropped: u64,
    /// Connections refused with 503 because `max_clients` were connected.
    pub rejected_busy: u64,
    /// Connections refused with 403 for their `Origin`.
    pub rejected_origin: u64,
    /// Pictures of the floor drawn for link previews (`api/floor.png`), at most one per
    /// five seconds however many ask.
    #[serde(default)]
    pub picture_renders: u64,
    /// Messages handed to the broker (`[floor.publish]`).
    #[serde(default)]
    pub published: u64,
    /// Messages not published because the broker was away or slow (`[floor.publish]`).
    #[serde(default)]
    pub publish_dropped: u64,
    /// Another gateway's deltas not sent on because the message before them was lost on
    /// the way (source `broker`); clients carry on with the next full frame.
    #[serde(default)]
    pub relay_skipped: u64,
    /// The source's state: `up`, `stale`, `down`, or `unavailable` (no layout).
    pub source: String,
    /// Modules the source reports silent.
    pub stale_modules: u16,
    /// The latest frame's sequence number.
    pub seq: u32,
    /// Segments of the layout (8 per module).
    pub segments: usize,
    /// Messages held in the broadcast channel now (at most `backlog_capacity`).
    pub backlog: usize,
    /// The broadcast channel's bound (`frame_backlog`).
    pub backlog_capacity: usize,
    /// Seconds since the floor started.
    pub uptime_s: u64,
    /// Why the floor is unavailable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The floor's state as the hub published it last (decoded from its latest full frame).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FloorState {
    /// The latest frame's sequence number.
    pub seq: u32,
    /// Every segment's value, in layout order.
    pub values: Vec<u8>,
    /// The source's state.
    pub source: SourceState,
    /// Modules the source reports silent.
    pub stale_modules: u16,
}

impl Floor {
    /// Reads the layout named in `config` and starts its source and the hub, and the
    /// publishing to a broker when `[floor.publish]` is set. A layout that is missing or
    /// broken gives an unavailable floor (see [`Floor::unavailable_reason`]): the gateway
    /// then serves the app without it. Must be called within a Tokio runtime.
    pub fn start(config: &FloorConfig, limits: &Limits) -> Floor {
        match read_layout(&config.layout) {
            Ok(layout) => {
                let layout = Arc::new(layout);
                let events = lernort_floor_sources::spawn(config.source.clone(), layout.clone());
                let floor = Floor::with_events(layout, events, config, limits);
                if let Some(publish) = &config.publish {
                    floor.publish(publish);
                }
                floor
            }
            Err(reason) => Floor::unavailable(reason, limits),
        }
    }

    /// Publishes every message of the hub to the broker of `config` until the hub stops
    /// (`[floor.publish]`, docs/floor-cluster.md). A config that cannot be used (checked at
    /// start, [`lernort_floor_sources::MqttConfig::check_publishing`]) is reported on
    /// stderr and nothing is published.
    pub fn publish(&self, config: &lernort_floor_sources::MqttConfig) {
        let Mode::Live(live) = &self.inner.mode else {
            return;
        };
        let Some(frames) = live.frames.upgrade() else {
            return;
        };
        match lernort_floor_sources::broker::Publisher::start(config) {
            Ok(publisher) => {
                tokio::spawn(publish::run(
                    publisher,
                    frames.subscribe(),
                    live.latest.clone(),
                    self.inner.counters.clone(),
                ));
            }
            Err(problem) => eprintln!("lernort-gateway: floor.publish: {problem}; not publishing"),
        }
    }

    /// A floor fed by `events` instead of a configured source (tests, benchmarks, other
    /// sources). Only `max_rate_hz`, `full_every_ms` and the source's kind (`broker`: the
    /// hub relays) of `config` are used. Must be called within a Tokio runtime.
    pub fn with_events(
        layout: Arc<Layout>,
        events: mpsc::Receiver<SourceEvent>,
        config: &FloorConfig,
        limits: &Limits,
    ) -> Floor {
        let counters = Arc::new(Counters::default());
        let settings = HubSettings {
            min_interval: config.min_interval(),
            full_every: config.full_every(),
            backlog: limits.frame_backlog,
            relay: matches!(config.source, SourceConfig::Broker(_)),
        };
        let (hub, frames, latest) = Hub::new(&layout, settings, counters.clone());
        let hub = tokio::spawn(hub.run(events)).abort_handle();
        let layout_text = Utf8Bytes::from(layout.to_json());
        let groups = group::Groups::new(frames.clone(), latest.clone(), counters.clone());
        let people = Arc::new(people::Followed::new(&layout));
        tokio::spawn(people::follow(
            latest.clone(),
            layout.clone(),
            people.clone(),
        ));
        Floor {
            inner: Arc::new(Inner {
                counters,
                limits: limits.clone(),
                started: Instant::now(),
                picture: picture::PictureCache::new(config.picture_every()),
                mode: Mode::Live(Live {
                    layout,
                    layout_text,
                    frames,
                    groups: Arc::new(groups),
                    latest,
                    people,
                    backlog: limits.frame_backlog,
                    hub,
                }),
            }),
        }
    }

    /// A floor that is not there, for `reason` (one line): `{base}floor` answers 503 with
    /// it, the health and the operator's `/metrics` report it.
    pub fn unavailable(reason: impl Into<String>, limits: &Limits) -> Floor {
        Floor {
            inner: Arc::new(Inner {
                counters: Arc::new(Counters::default()),
                limits: limits.clone(),
                started: Instant::now(),
                picture: picture::PictureCache::new(Duration::ZERO),
                mode: Mode::Unavailable(reason.into()),
            }),
        }
    }

    /// Why the floor is unavailable, or `None` while it runs.
    pub fn unavailable_reason(&self) -> Option<&str> {
        match &self.inner.mode {
            Mode::Live(_) => None,
            Mode::Unavailable(reason) => Some(reason),
        }
    }

    /// The floor's layout, when it runs.
    pub fn layout(&self) -> Option<&Layout> {
        match &self.inner.mode {
            Mode::Live(live) => Some(&live.layout),
            Mode::Unavailable(_) => None,
        }
    }

    /// The limits the floor's clients are held to.
    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    /// The segments under the feet of the people the floor page would count now (empty
    /// when the floor does not run).
    pub fn under_feet(&self) -> Vec<usize> {
        match &self.inner.mode {
            Mode::Live(live) => live.people.under_feet(),
            Mode::Unavailable(_) => Vec::new(),
        }
    }

    /// The state the hub published last, when the floor runs.
    pub fn current(&self) -> Option<FloorState> {
        let Mode::Live(live) = &self.inner.mode else {
            return None;
        };
        let latest = live.latest.borrow().clone();
        match decode(&latest.full) {
            Ok(Message::Full { header, values }) => Some(FloorState {
                seq: header.seq,
                values: values.to_vec(),
                source: latest.state,
                stale_modules: latest.stale_modules,
            }),
            _ => None,
        }
    }

    /// The counters and the state now.
    pub fn metrics(&self) -> Metrics {
        let c = &self.inner.counters;
        let load = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        let mut metrics = Metrics {
            clients: load(&c.clients),
            clients_total: load(&c.clients_total),
            frames_in: load(&c.frames_in),
            frames_out: c.frames_out.get(),
            drops: load(&c.drops),
            send_timeouts: load(&c.send_timeouts),
            slow_clients_dropped: load(&c.slow_clients_dropped),
            rejected_busy: load(&c.rejected_busy),
            rejected_origin: load(&c.rejected_origin),
            picture_renders: load(&c.picture_renders),
            published: load(&c.published),
            publish_dropped: load(&c.publish_dropped),
            relay_skipped: load(&c.relay_skipped),
            source: "unavailable".to_owned(),
            stale_modules: 0,
            seq: 0,
            segments: 0,
            backlog: 0,
            backlog_capacity: 0,
            uptime_s: self.inner.started.elapsed().as_secs(),
            reason: None,
        };
        match &self.inner.mode {
            Mode::Live(live) => {
                let latest = live.latest.borrow();
                metrics.source = state_name(latest.state).to_owned();
                metrics.stale_modules = latest.stale_modules;
                metrics.seq = latest.seq;
                metrics.segments = live.layout.segment_count();
                metrics.backlog = live.frames.upgrade().map_or(0, |frames| frames.len());
                metrics.backlog_capacity = live.backlog;
            }
            Mode::Unavailable(reason) => metrics.reason = Some(reason.clone()),
        }
        metrics
    }

    /// Stops the hub: every client gets a close frame (1001, going away). Waits up to
    /// `grace` for the clients to be gone.
    pub async fn close(&self, grace: Duration) {
        let Mode::Live(live) = &self.inner.mode else {
            return;
        };
        live.hub.abort();
        let deadline = tokio::time::Instant::now() + grace;
        while self.inner.counters.clients.load(Ordering::Acquire) > 0
            && tokio::time::Instant::now() < deadline
        {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

impl fmt::Debug for Floor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner.mode {
            Mode::Live(live) => f
                .debug_struct("Floor")
                .field("segments", &live.layout.segment_count())
                .finish_non_exhaustive(),
            Mode::Unavailable(reason) => f
                .debug_struct("Floor")
                .field("unavailable", reason)
                .finish(),
        }
    }
}

/// `up`, `stale` or `down`.
pub(crate) fn state_name(state: SourceState) -> &'static str {
    match state {
        SourceState::Up => "up",
        SourceState::Stale => "stale",
        SourceState::Down => "down",
    }
}

/// The layout at `path`, or a one-line reason why not.
fn read_layout(path: &Path) -> Result<Layout, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the floor layout {}: {e}", path.display()))?;
    Layout::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}
