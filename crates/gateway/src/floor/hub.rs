//! The hub: one task that owns the floor's state, turns source events into numbered
//! frames, encodes each frame once and publishes it to every client.
//!
//! A *relaying* hub (source `kind = "broker"`) makes no frames of its own: it sends on
//! another gateway's messages as they are ([`SourceEvent::Relayed`]), keeping that
//! gateway's sequence numbers and timestamps, so every gateway of a cluster sends the same
//! frames. Its source's own state is the link to the broker; while the link is up, the
//! clients are shown the other gateway's state (the worse of the two).

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use lernort_floor_protocol::{
    decode, encode, Delta, DeltaChanges, Header, Layout, Message, SourceState,
};
use lernort_floor_sources::SourceEvent;
use tokio::sync::{broadcast, mpsc, watch};
use tokio::time::{sleep_until, Instant};

use super::Counters;

/// Most source events merged into one frame before it goes out; more wait for the next.
const MAX_EVENTS_PER_FRAME: usize = 4096;

/// What a message on the broadcast channel is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Every segment's value.
    Full,
    /// The segments changed since `base`.
    Delta,
    /// The source's state.
    Status,
}

/// One encoded message, shared by every client (cloning it clones a reference).
#[derive(Clone, Debug)]
pub(crate) struct Frame {
    pub(crate) kind: Kind,
    /// The frame's sequence number; for status messages the latest frame's.
    pub(crate) seq: u32,
    /// For deltas, the frame they apply to.
    pub(crate) base: u32,
    /// The message's bytes.
    pub(crate) bytes: Bytes,
}

/// What a client that just connected (or fell behind) starts from.
#[derive(Clone, Debug)]
pub(crate) struct Latest {
    /// The latest frame's sequence number.
    pub(crate) seq: u32,
    /// The source's state.
    pub(crate) state: SourceState,
    /// Silent modules.
    pub(crate) stale_modules: u16,
    /// The source's state as an encoded status message.
    pub(crate) status: Bytes,
    /// The latest frame as an encoded full frame.
    pub(crate) full: Bytes,
}

/// How the hub paces frames.
#[derive(Clone, Copy, Debug)]
pub(crate) struct HubSettings {
    /// Shortest time between two frames.
    pub(crate) min_interval: Duration,
    /// Longest time without a full frame.
    pub(crate) full_every: Duration,
    /// Bound of the broadcast channel, in messages.
    pub(crate) backlog: usize,
    /// Relay another gateway's messages instead of making frames (the broker source).
    pub(crate) relay: bool,
}

/// The hub's state; [`Hub::run`] is its task.
pub(crate) struct Hub {
    values: Vec<u8>,
    /// The values as of the last published frame.
    sent: Vec<u8>,
    seq: u32,
    state: SourceState,
    stale_modules: u16,
    /// The state the source reported (for a relaying hub: its link to the broker).
    link: (SourceState, u16),
    /// A relaying hub: the state the other gateway reported last (`down` until it does).
    upstream: (SourceState, u16),
    /// Whether the source ever reported its state (until then, data means "up").
    heard_status: bool,
    sent_status: (SourceState, u16),
    status_bytes: Bytes,
    last_full: Instant,
    out: Vec<u8>,
    records: Vec<u8>,
    frames: broadcast::Sender<Frame>,
    latest: watch::Sender<Latest>,
    counters: Arc<Counters>,
    settings: HubSettings,
}

impl Hub {
    /// A hub for `layout`: every segment at the scale's baseline, frame 0, the source
    /// down until it reports. Returns the channels clients subscribe to.
    pub(crate) fn new(
        layout: &Layout,
        settings: HubSettings,
        counters: Arc<Counters>,
    ) -> (Hub, broadcast::WeakSender<Frame>, watch::Receiver<Latest>) {
        let values = vec![layout.scale.baseline; layout.segment_count()];
        let mut out = Vec::with_capacity(values.len() * 3 + 32);
        let header = Header {
            seq: 0,
            timestamp_ms: unix_ms(),
        };
        let status_bytes = encoded(
            &Message::Status {
                header,
                state: SourceState::Down,
                stale_modules: 0,
            },
            &mut out,
        );
        let full = encoded(
            &Message::Full {
                header,
                values: &values,
            },
            &mut out,
        );
        let (latest_tx, latest_rx) = watch::channel(Latest {
            seq: 0,
            state: SourceState::Down,
            stale_modules: 0,
            status: status_bytes.clone(),
            full,
        });
        let (frames, _) = broadcast::channel(settings.backlog.max(1));
        let weak = frames.downgrade();
        let hub = Hub {
            sent: values.clone(),
            values,
            seq: 0,
            state: SourceState::Down,
            stale_modules: 0,
            link: (SourceState::Down, 0),
            upstream: (SourceState::Down, 0),
            heard_status: false,
            sent_status: (SourceState::Down, 0),
            status_bytes,
            last_full: Instant::now(),
            out,
            records: Vec::new(),
            frames,
            latest: latest_tx,
            counters,
            settings,
        };
        (hub, weak, latest_rx)
    }

    /// Merges source events into frames until the task is aborted. At most one frame per
    /// `min_interval`; a full frame at least every `full_every`, also when nothing comes.
    /// When the source's channel closes, the source is down and only full frames follow.
    pub(crate) async fn run(mut self, events: mpsc::Receiver<SourceEvent>) {
        let mut events = Some(events);
        let mut next_allowed = Instant::now();
        loop {
            let heartbeat = self.last_full + self.settings.full_every;
            let mut closed = false;
            if let Some(rx) = events.as_mut() {
                tokio::select! {
                    event = rx.recv() => match event {
                        Some(event) => self.apply(event),
                        None => closed = true,
                    },
                    () = sleep_until(heartbeat) => {}
                }
            } else {
                sleep_until(heartbeat).await;
            }
            if closed {
                events = None;
                self.source_closed();
            }
            // A relaying hub sends on at once: pacing is the other gateway's.
            if !self.settings.relay && Instant::now() < next_allowed {
                sleep_until(next_allowed).await;
            }
            self.drain(&mut events);
            self.publish(Instant::now());
            next_allowed = Instant::now() + self.settings.min_interval;
        }
    }

    /// Applies the events already waiting, without waiting for more.
    fn drain(&mut self, events: &mut Option<mpsc::Receiver<SourceEvent>>) {
        let Some(rx) = events.as_mut() else {
            return;
        };
        for _ in 0..MAX_EVENTS_PER_FRAME {
            match rx.try_recv() {
                Ok(event) => self.apply(event),
                Err(mpsc::error::TryRecvError::Empty) => return,
                Err(mpsc::error::TryRecvError::Disconnected) => {
                    *events = None;
                    self.source_closed();
                    return;
                }
            }
        }
    }

    /// Takes one source event into the state (nothing is sent yet, except by a relaying hub,
    /// which sends a relayed message on at once).
    pub(crate) fn apply(&mut self, event: SourceEvent) {
        self.counters.frames_in.fetch_add(1, Ordering::Relaxed);
        match event {
            SourceEvent::Update(changes) => {
                for (index, value) in changes {
                    if let Some(slot) = self.values.get_mut(usize::from(index)) {
                        *slot = value;
                    }
                }
                self.data_arrived();
            }
            SourceEvent::Snapshot(values) => {
                // A snapshot for another layout is a source bug: ignored whole.
                if values.len() == self.values.len() {
                    self.values.copy_from_slice(&values);
                    self.data_arrived();
                }
            }
            SourceEvent::Status {
                state,
                stale_modules,
            } => {
                self.heard_status = true;
                self.link = (state, stale_modules);
                if state == SourceState::Down {
                    // Reconnected, the broker repeats the other gateway's retained state.
                    self.upstream = (SourceState::Down, 0);
                }
                self.show_state();
            }
            SourceEvent::Relayed(bytes) if self.settings.relay => self.relay(bytes),
            // Another gateway's message for a hub that makes its own frames: a source bug.
            SourceEvent::Relayed(_) => {}
        }
    }

    fn data_arrived(&mut self) {
        if !self.heard_status {
            self.link = (SourceState::Up, 0);
            self.show_state();
        }
    }

    fn source_closed(&mut self) {
        self.heard_status = true;
        self.link = (SourceState::Down, 0);
        self.show_state();
    }

    /// The state clients are shown: the source's; for a relaying hub the other gateway's
    /// when that is at least as bad as the link's.
    fn show_state(&mut self) {
        let severity = |state: SourceState| match state {
            SourceState::Up => 0,
            SourceState::Stale => 1,
            SourceState::Down => 2,
        };
        let relayed = self.settings.relay && severity(self.upstream.0) >= severity(self.link.0);
        (self.state, self.stale_modules) = if relayed { self.upstream } else { self.link };
    }

    /// Sends another gateway's message on as it is: a full frame (unless it repeats the
    /// latest one byte for byte), a delta on top of the frame sent last (others are counted as skipped:
    /// a message was lost on the way, the next full frame puts it right), a status as the
    /// other gateway's state. A full frame numbered below the last one means the other
    /// gateway started again: clients take it all the same (`client::admit`).
    fn relay(&mut self, bytes: Bytes) {
        self.send_status();
        let (kind, header, base) = match decode(&bytes) {
            Ok(Message::Status {
                state,
                stale_modules,
                ..
            }) => {
                self.upstream = (state, stale_modules);
                self.show_state();
                self.send_status();
                return;
            }
            Ok(Message::Full { header, values })
                if values.len() == self.values.len() && bytes != self.latest.borrow().full =>
            {
                self.values.copy_from_slice(values);
                (Kind::Full, header, self.seq)
            }
            Ok(Message::Delta(delta)) if delta.base_seq == self.seq => {
                for (index, value) in delta.changes.iter() {
                    if let Some(slot) = self.values.get_mut(usize::from(index)) {
                        *slot = value;
                    }
                }
                (Kind::Delta, delta.header, delta.base_seq)
            }
            Ok(Message::Delta(_)) => {
                self.counters.relay_skipped.fetch_add(1, Ordering::Relaxed);
                return;
            }
            Ok(Message::Full { .. }) | Err(_) => return,
        };
        let full = match kind {
            Kind::Full => bytes.clone(),
            _ => encoded(
                &Message::Full {
                    header,
                    values: &self.values,
                },
                &mut self.out,
            ),
        };
        self.seq = header.seq;
        self.latest.send_modify(|latest| {
            latest.seq = header.seq;
            latest.full = full;
        });
        let _ = self.frames.send(Frame {
            kind,
            seq: header.seq,
            base,
            bytes,
        });
    }

    /// A relaying hub: sends the state shown now as a status message (numbered with the
    /// frame sent last) if it is not the one sent last.
    fn send_status(&mut self) {
        if !self.status_changed(unix_ms()) {
            return;
        }
        let (state, stale_modules, status) =
            (self.state, self.stale_modules, self.status_bytes.clone());
        self.latest.send_modify(|latest| {
            latest.state = state;
            latest.stale_modules = stale_modules;
            latest.status = status.clone();
        });
        let _ = self.frames.send(Frame {
            kind: Kind::Status,
            seq: self.seq,
            base: self.seq,
            bytes: status,
        });
    }

    /// Encodes the state shown now into `status_bytes` unless it is the one sent last;
    /// whether it did.
    fn status_changed(&mut self, timestamp_ms: u64) -> bool {
        let status_now = (self.state, self.stale_modules);
        if status_now == self.sent_status {
            return false;
        }
        self.sent_status = status_now;
        self.status_bytes = encoded(
            &Message::Status {
                header: Header {
                    seq: self.seq,
                    timestamp_ms,
                },
                state: self.state,
                stale_modules: self.stale_modules,
            },
            &mut self.out,
        );
        true
    }

    /// Sends what changed since the last frame, if anything: a status message when the
    /// source's state changed, then a delta, or a full frame when one is due (periodic,
    /// after a status change, or when it is no larger than the delta). The watch is
    /// updated before the broadcast, so a client that reads the watch after subscribing
    /// never misses a message. A relaying hub only sends its state, when it changed.
    pub(crate) fn publish(&mut self, now: Instant) {
        if self.settings.relay {
            // The other gateway's full frames are the heartbeat; this one waits for them.
            self.last_full = now;
            self.send_status();
            return;
        }
        let timestamp_ms = unix_ms();
        let status_changed = self.status_changed(timestamp_ms);
        self.records.clear();
        for (index, (value, sent)) in self.values.iter().zip(&self.sent).enumerate() {
            if value != sent {
                let index = u16::try_from(index).unwrap_or(u16::MAX);
                DeltaChanges::encode_into(&mut self.records, index, *value);
            }
        }
        let changes = self.records.len() / 3;
        let due = now.saturating_duration_since(self.last_full) >= self.settings.full_every;
        if changes == 0 && !status_changed && !due {
            return;
        }
        let base = self.seq;
        let seq = base.wrapping_add(1);
        let header = Header { seq, timestamp_ms };
        let full_wanted = due || status_changed || 3 * changes + 4 >= self.values.len();
        let delta = match DeltaChanges::from_records(&self.records) {
            Some(changes) if !full_wanted => Some(encoded(
                &Message::Delta(Delta {
                    header,
                    base_seq: base,
                    changes,
                }),
                &mut self.out,
            )),
            _ => None,
        };
        let full = encoded(
            &Message::Full {
                header,
                values: &self.values,
            },
            &mut self.out,
        );
        let frame = match delta {
            Some(bytes) => Frame {
                kind: Kind::Delta,
                seq,
                base,
                bytes,
            },
            None => {
                self.last_full = now;
                Frame {
                    kind: Kind::Full,
                    seq,
                    base,
                    bytes: full.clone(),
                }
            }
        };
        self.seq = seq;
        self.sent.copy_from_slice(&self.values);
        self.latest.send_replace(Latest {
            seq,
            state: self.state,
            stale_modules: self.stale_modules,
            status: self.status_bytes.clone(),
            full,
        });
        // No receivers is not an error: nobody is watching.
        if status_changed {
            let _ = self.frames.send(Frame {
                kind: Kind::Status,
                seq: base,
                base,
                bytes: self.status_bytes.clone(),
            });
        }
        let _ = self.frames.send(frame);
    }
}

/// `message` encoded into `out` (reused), as shared bytes.
fn encoded(message: &Message<'_>, out: &mut Vec<u8>) -> Bytes {
    encode(message, out);
    Bytes::copy_from_slice(out)
}

/// Now, in ms since the Unix epoch, by the programs' clock (`lernort_time::clock`).
fn unix_ms() -> u64 {
    lernort_time::clock::unix_ms().unsigned_abs()
}

#[cfg(test)]
mod tests {
    use super::*;
    use lernort_floor_protocol::Replica;
    use lernort_floor_view::grid_layout;

    struct Running {
        events: mpsc::Sender<SourceEvent>,
        frames: broadcast::Receiver<Frame>,
        latest: watch::Receiver<Latest>,
        counters: Arc<Counters>,
    }

    /// A hub on a 4-module floor (32 segments): at most 100 frames/s, a full frame every s.
    fn start() -> Running {
        start_with(false)
    }

    /// The same, relaying another gateway's messages when `relay`.
    fn start_with(relay: bool) -> Running {
        let counters = Arc::new(Counters::default());
        let settings = HubSettings {
            min_interval: Duration::from_millis(10),
            full_every: Duration::from_secs(1),
            backlog: 64,
            relay,
        };
        let (hub, weak, latest) = Hub::new(&grid_layout(4, 1), settings, counters.clone());
        let frames = weak
            .upgrade()
            .expect("the hub holds the sender")
            .subscribe();
        let (events, rx) = mpsc::channel(256);
        tokio::spawn(hub.run(rx));
        Running {
            events,
            frames,
            latest,
            counters,
        }
    }

    impl Running {
        async fn send(&self, event: SourceEvent) {
            self.events.send(event).await.expect("hub runs");
        }
    }

    async fn next(frames: &mut broadcast::Receiver<Frame>) -> Frame {
        frames.recv().await.expect("a frame")
    }

    /// The next frame, which must be a status message saying `state` and `stale_modules`.
    async fn next_status(
        frames: &mut broadcast::Receiver<Frame>,
        state: SourceState,
        stale_modules: u16,
    ) -> Frame {
        let frame = next(frames).await;
        assert_eq!(frame.kind, Kind::Status);
        let Ok(Message::Status {
            state: said,
            stale_modules: stale,
            ..
        }) = decode(&frame.bytes)
        else {
            panic!("a status message");
        };
        assert_eq!((said, stale), (state, stale_modules));
        frame
    }

    fn update(changes: &[(u16, u8)]) -> SourceEvent {
        SourceEvent::Update(changes.to_vec())
    }

    #[tokio::test(start_paused = true)]
    async fn data_brings_the_source_up_then_deltas_follow() {
        let mut hub = start();
        hub.send(update(&[(3, 170)])).await;
        let status = next_status(&mut hub.frames, SourceState::Up, 0).await;
        assert_eq!(status.seq, 0);
        let full = next(&mut hub.frames).await;
        assert_eq!(
            (full.kind, full.seq),
            (Kind::Full, 1),
            "a full frame after a status change"
        );
        let mut replica = Replica::new(32);
        replica
            .apply(&decode(&full.bytes).expect("valid"))
            .expect("applies");
        assert_eq!(replica.values()[3], 170);

        hub.send(update(&[(0, 150), (31, 160)])).await;
        let delta = next(&mut hub.frames).await;
        assert_eq!((delta.kind, delta.seq, delta.base), (Kind::Delta, 2, 1));
        let Ok(Message::Delta(decoded)) = decode(&delta.bytes) else {
            panic!("a delta");
        };
        assert_eq!(
            decoded.changes.iter().collect::<Vec<_>>(),
            [(0, 150), (31, 160)]
        );
        replica.apply(&Message::Delta(decoded)).expect("no gap");
        let latest = hub.latest.borrow().clone();
        assert_eq!(latest.seq, 2);
        let Ok(Message::Full { values, .. }) = decode(&latest.full) else {
            panic!("the watch holds a full frame");
        };
        assert_eq!(
            values,
            replica.values(),
            "the watch's full frame is current"
        );
        assert_eq!(hub.counters.frames_in.load(Ordering::Relaxed), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn events_are_merged_to_at_most_max_rate() {
        let mut hub = start();
        hub.send(update(&[(0, 130)])).await;
        next(&mut hub.frames).await; // status
        next(&mut hub.frames).await; // full frame 1
                                     // 50 events 1 ms apart: at 100 frames/s that is 5 or 6 frames, not 50.
        for i in 0..50u8 {
            hub.send(update(&[(1, 140 + i)])).await;
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        let mut frames = Vec::new();
        while let Ok(frame) = hub.frames.try_recv() {
            frames.push(frame);
        }
        assert!((4..=7).contains(&frames.len()), "{} frames", frames.len());
        assert!(frames.iter().all(|f| f.kind == Kind::Delta));
        assert_eq!(hub.counters.frames_in.load(Ordering::Relaxed), 51);
        let latest = hub.latest.borrow().clone();
        let Ok(Message::Full { values, .. }) = decode(&latest.full) else {
            panic!("a full frame");
        };
        assert_eq!(values[1], 189, "the last event wins");
    }

    #[tokio::test(start_paused = true)]
    async fn a_quiet_floor_still_gets_a_full_frame_every_second() {
        let mut hub = start();
        let start = Instant::now();
        for seq in 1..=3 {
            let frame = next(&mut hub.frames).await;
            assert_eq!((frame.kind, frame.seq), (Kind::Full, seq));
        }
        let waited = start.elapsed();
        assert!(
            waited >= Duration::from_secs(3) && waited < Duration::from_millis(3100),
            "{waited:?}"
        );
        assert!(
            matches!(
                decode(&hub.latest.borrow().status),
                Ok(Message::Status {
                    state: SourceState::Down,
                    ..
                })
            ),
            "down until the source reports"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn status_and_closing_source() {
        let mut hub = start();
        hub.send(SourceEvent::Status {
            state: SourceState::Stale,
            stale_modules: 2,
        })
        .await;
        next_status(&mut hub.frames, SourceState::Stale, 2).await;
        assert_eq!(next(&mut hub.frames).await.kind, Kind::Full);
        // Data does not override a reported state.
        hub.send(update(&[(2, 150)])).await;
        assert_eq!(next(&mut hub.frames).await.kind, Kind::Delta);
        assert_eq!(hub.latest.borrow().state, SourceState::Stale);
        drop(hub.events);
        next_status(&mut hub.frames, SourceState::Down, 0).await;
        assert_eq!(next(&mut hub.frames).await.kind, Kind::Full);
        // Still beating after the source is gone.
        assert_eq!(next(&mut hub.frames).await.kind, Kind::Full);
    }

    #[tokio::test(start_paused = true)]
    async fn many_changes_go_as_a_full_frame_and_bad_events_are_ignored() {
        let mut hub = start();
        hub.send(SourceEvent::Snapshot(vec![150; 32])).await;
        next(&mut hub.frames).await; // status: up
        let full = next(&mut hub.frames).await;
        assert_eq!(full.kind, Kind::Full);
        let changes: Vec<(u16, u8)> = (0..20).map(|i| (i, 170)).collect();
        hub.send(SourceEvent::Update(changes)).await;
        let frame = next(&mut hub.frames).await;
        assert_eq!(
            frame.kind,
            Kind::Full,
            "20 changes of 32 segments: a full frame is smaller"
        );
        // A snapshot of the wrong length and an index outside the floor change nothing.
        hub.send(SourceEvent::Snapshot(vec![1; 31])).await;
        hub.send(update(&[(32, 1), (5, 171)])).await;
        let frame = next(&mut hub.frames).await;
        let Ok(Message::Delta(delta)) = decode(&frame.bytes) else {
            panic!("a delta");
        };
        assert_eq!(delta.changes.iter().collect::<Vec<_>>(), [(5, 171)]);
    }

    /// Another gateway's message, encoded.
    fn relayed(message: &Message<'_>) -> Bytes {
        Bytes::from(message.to_bytes())
    }

    fn header(seq: u32) -> Header {
        Header {
            seq,
            timestamp_ms: 1_795_512_600_000 + u64::from(seq),
        }
    }

    fn relayed_delta(seq: u32, base_seq: u32, changes: &[(u16, u8)]) -> Bytes {
        let mut records = Vec::new();
        for &(index, value) in changes {
            DeltaChanges::encode_into(&mut records, index, value);
        }
        relayed(&Message::Delta(Delta {
            header: header(seq),
            base_seq,
            changes: DeltaChanges::from_records(&records).expect("records"),
        }))
    }

    fn link(state: SourceState) -> SourceEvent {
        SourceEvent::Status {
            state,
            stale_modules: 0,
        }
    }

    /// The next frame, which must be `kind`, numbered `seq` on top of `base`, with `bytes`.
    async fn next_relayed(running: &mut Running, kind: Kind, seq: u32, base: u32, bytes: &Bytes) {
        let frame = next(&mut running.frames).await;
        assert_eq!((frame.kind, frame.seq, frame.base), (kind, seq, base));
        assert_eq!(&frame.bytes, bytes, "sent on as it came");
    }

    #[tokio::test(start_paused = true)]
    async fn a_relaying_hub_sends_the_other_gateways_frames_as_they_are() {
        let mut hub = start_with(true);
        hub.send(link(SourceState::Up)).await;
        let up = relayed(&Message::Status {
            header: header(0),
            state: SourceState::Up,
            stale_modules: 0,
        });
        hub.send(SourceEvent::Relayed(up)).await;
        let status = next_status(&mut hub.frames, SourceState::Up, 0).await;
        assert_eq!(status.seq, 0, "numbered with the frame sent last");
        let full = relayed(&Message::Full {
            header: header(100),
            values: &[140; 32],
        });
        let delta = relayed_delta(101, 100, &[(3, 170)]);
        for message in [&full, &delta] {
            hub.send(SourceEvent::Relayed(message.clone())).await;
        }
        next_relayed(&mut hub, Kind::Full, 100, 0, &full).await;
        next_relayed(&mut hub, Kind::Delta, 101, 100, &delta).await;
        let latest = hub.latest.borrow().full.clone();
        let Ok(Message::Full { header: at, values }) = decode(&latest) else {
            panic!("the watch holds a full frame");
        };
        assert_eq!(at, header(101), "the other gateway's number and time");
        assert_eq!(values[3], 170);

        // A delta after a lost message is skipped; the next full frame goes out, and so
        // does one numbered from the start again (the other gateway restarted).
        let after_loss = relayed_delta(103, 102, &[(4, 170)]);
        let later = relayed(&Message::Full {
            header: header(104),
            values: &[150; 32],
        });
        let restarted = relayed(&Message::Full {
            header: header(1),
            values: &[128; 32],
        });
        for message in [&after_loss, &later, &later, &restarted] {
            hub.send(SourceEvent::Relayed(message.clone())).await;
        }
        next_relayed(&mut hub, Kind::Full, 104, 101, &later).await;
        next_relayed(&mut hub, Kind::Full, 1, 104, &restarted).await;
        assert_eq!(hub.counters.relay_skipped.load(Ordering::Relaxed), 1);

        // No frames of its own, however long the other gateway is silent.
        tokio::time::sleep(Duration::from_secs(5)).await;
        assert!(hub.frames.try_recv().is_err());
    }

    #[tokio::test(start_paused = true)]
    async fn a_relaying_hub_shows_the_worse_of_the_link_and_the_other_gateway() {
        let mut hub = start_with(true);
        let upstream = |state| {
            SourceEvent::Relayed(relayed(&Message::Status {
                header: header(0),
                state,
                stale_modules: 2,
            }))
        };
        hub.send(link(SourceState::Up)).await;
        hub.send(upstream(SourceState::Stale)).await;
        next_status(&mut hub.frames, SourceState::Stale, 2).await;
        hub.send(upstream(SourceState::Up)).await;
        next_status(&mut hub.frames, SourceState::Up, 2).await;
        hub.send(link(SourceState::Stale)).await;
        next_status(&mut hub.frames, SourceState::Stale, 0).await;
        hub.send(upstream(SourceState::Down)).await;
        next_status(&mut hub.frames, SourceState::Down, 2).await;
        hub.send(link(SourceState::Up)).await;
        hub.send(link(SourceState::Down)).await;
        next_status(&mut hub.frames, SourceState::Down, 0).await;
        // Back on the broker: `down` until the other gateway's state comes again.
        hub.send(link(SourceState::Up)).await;
        hub.send(upstream(SourceState::Up)).await;
        next_status(&mut hub.frames, SourceState::Up, 2).await;
        assert_eq!(hub.latest.borrow().state, SourceState::Up);
    }
}
