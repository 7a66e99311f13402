//! What the page says about its connection: connecting, live, stale, offline.

use lernort_floor_protocol::SourceState;

/// A connection attempt that has not brought a layout after this long is given up (and
/// retried): a proxy that accepts but never answers must not leave the page "connecting".
pub const CONNECT_TIMEOUT_MS: u64 = 10_000;

/// No frame for longer than this while connected makes the picture stale. The gateway sends
/// a full frame every second even when nothing changes, so 5 s means several were missed.
pub const STALE_AFTER_MS: u64 = 5_000;

/// The connection's state as shown on the page. Times are ms since the Unix epoch, when
/// this page received the frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// Opening the socket, or opened but no frame yet.
    Connecting,
    /// Frames arrive; the last one at `last_frame_ms`.
    Live {
        /// When the latest frame arrived.
        last_frame_ms: u64,
    },
    /// Connected, but no frame for more than [`STALE_AFTER_MS`], or the gateway reports its
    /// source stale or down. The last picture stays, dimmed and labelled.
    Stale {
        /// When the latest frame arrived, if one did.
        last_frame_ms: Option<u64>,
    },
    /// The socket closed or failed; a reconnect is scheduled.
    Offline {
        /// When the latest frame arrived, if one ever did.
        last_frame_ms: Option<u64>,
    },
    /// The gateway speaks another protocol version or sent an unreadable layout: nothing
    /// is drawn from it. Reconnects continue (the gateway may be updated).
    Incompatible,
}

impl Status {
    /// The same status with its time cut to whole seconds: what the page shows, so that
    /// the view changes at most once a second however fast frames arrive.
    ///
    /// ```
    /// use lernort_floor_view::Status;
    /// let live = Status::Live { last_frame_ms: 12_345 };
    /// assert_eq!(live.whole_seconds(), Status::Live { last_frame_ms: 12_000 });
    /// ```
    pub fn whole_seconds(self) -> Status {
        let cut = |ms: u64| ms - ms % 1000;
        match self {
            Status::Live { last_frame_ms } => Status::Live {
                last_frame_ms: cut(last_frame_ms),
            },
            Status::Stale { last_frame_ms } => Status::Stale {
                last_frame_ms: last_frame_ms.map(cut),
            },
            Status::Offline { last_frame_ms } => Status::Offline {
                last_frame_ms: last_frame_ms.map(cut),
            },
            other => other,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Connecting,
    Open { since_ms: u64 },
    Closed,
    Incompatible,
}

/// The connection's history, fed with events; [`Connection::status`] derives what to show.
/// Pure: the caller passes the time in.
///
/// ```
/// use lernort_floor_view::{Connection, Status, STALE_AFTER_MS};
/// let mut c = Connection::new();
/// assert_eq!(c.status(0), Status::Connecting);
/// c.opened(1_000);
/// c.frame(1_200);
/// assert_eq!(c.status(1_500), Status::Live { last_frame_ms: 1_200 });
/// assert_eq!(c.status(1_200 + STALE_AFTER_MS + 1), Status::Stale { last_frame_ms: Some(1_200) });
/// c.closed();
/// assert_eq!(c.status(9_000), Status::Offline { last_frame_ms: Some(1_200) });
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Connection {
    phase: Phase,
    source: SourceState,
    last_frame_ms: Option<u64>,
    /// When the current attempt began, until it brings a layout or fails.
    attempt_ms: Option<u64>,
}

impl Default for Connection {
    fn default() -> Self {
        Connection::new()
    }
}

impl Connection {
    /// Before the first socket opens.
    pub fn new() -> Connection {
        Connection {
            phase: Phase::Connecting,
            source: SourceState::Up,
            last_frame_ms: None,
            attempt_ms: None,
        }
    }

    /// A new socket is being opened at `now_ms` (first time or a reconnect). While a
    /// reconnect is under way the page keeps saying "offline" (it would otherwise flicker
    /// with every attempt); an incompatible gateway stays shown as such until one sends a
    /// layout this app reads.
    pub fn connecting(&mut self, now_ms: u64) {
        self.attempt_ms = Some(now_ms);
        self.source = SourceState::Up;
        if let Phase::Open { .. } = self.phase {
            self.phase = Phase::Connecting;
        }
    }

    /// Whether the attempt begun with [`Connection::connecting`] has taken longer than
    /// [`CONNECT_TIMEOUT_MS`] without a layout: then the caller gives it up.
    pub fn timed_out(&self, now_ms: u64) -> bool {
        self.attempt_ms
            .is_some_and(|since| now_ms.saturating_sub(since) > CONNECT_TIMEOUT_MS)
    }

    /// The socket is open and a readable layout arrived, at `now_ms`.
    pub fn opened(&mut self, now_ms: u64) {
        self.attempt_ms = None;
        self.phase = Phase::Open { since_ms: now_ms };
    }

    /// A full or delta frame arrived at `now_ms`.
    pub fn frame(&mut self, now_ms: u64) {
        self.last_frame_ms = Some(now_ms);
    }

    /// The gateway reported its source's state.
    pub fn source(&mut self, state: SourceState) {
        self.source = state;
    }

    /// The socket closed or failed.
    pub fn closed(&mut self) {
        self.attempt_ms = None;
        if self.phase != Phase::Incompatible {
            self.phase = Phase::Closed;
        }
    }

    /// The gateway's messages cannot be read by this app.
    pub fn incompatible(&mut self) {
        self.phase = Phase::Incompatible;
    }

    /// When the latest frame arrived, over all connections.
    pub fn last_frame_ms(&self) -> Option<u64> {
        self.last_frame_ms
    }

    /// What to show at `now_ms`.
    pub fn status(&self, now_ms: u64) -> Status {
        let last_frame_ms = self.last_frame_ms;
        match self.phase {
            Phase::Connecting => Status::Connecting,
            Phase::Closed => Status::Offline { last_frame_ms },
            Phase::Incompatible => Status::Incompatible,
            Phase::Open { since_ms } => {
                // A frame of an earlier connection does not make this one live.
                let fresh = last_frame_ms.filter(|&t| t >= since_ms);
                let quiet_since = fresh.unwrap_or(since_ms);
                if self.source != SourceState::Up
                    || now_ms.saturating_sub(quiet_since) > STALE_AFTER_MS
                {
                    Status::Stale { last_frame_ms }
                } else {
                    match fresh {
                        Some(t) => Status::Live { last_frame_ms: t },
                        None => Status::Connecting,
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connecting_then_live() {
        let mut c = Connection::new();
        assert_eq!(c.status(0), Status::Connecting);
        c.opened(100);
        assert_eq!(c.status(200), Status::Connecting, "layout, no frame yet");
        c.frame(300);
        assert_eq!(c.status(300), Status::Live { last_frame_ms: 300 });
        c.frame(1_300);
        assert_eq!(
            c.status(1_400),
            Status::Live {
                last_frame_ms: 1_300
            }
        );
    }

    #[test]
    fn silence_makes_stale_and_a_frame_makes_live_again() {
        let mut c = Connection::new();
        c.opened(0);
        c.frame(1_000);
        assert_eq!(
            c.status(1_000 + STALE_AFTER_MS),
            Status::Live {
                last_frame_ms: 1_000
            },
            "exactly at the limit still live"
        );
        assert_eq!(
            c.status(1_001 + STALE_AFTER_MS),
            Status::Stale {
                last_frame_ms: Some(1_000)
            }
        );
        c.frame(9_000);
        assert_eq!(
            c.status(9_001),
            Status::Live {
                last_frame_ms: 9_000
            }
        );
        // Opened, but no frame ever: stale after the limit too.
        let mut quiet = Connection::new();
        quiet.opened(0);
        assert_eq!(
            quiet.status(STALE_AFTER_MS + 1),
            Status::Stale {
                last_frame_ms: None
            }
        );
    }

    #[test]
    fn source_stale_or_down_makes_stale_even_with_frames() {
        let mut c = Connection::new();
        c.opened(0);
        c.frame(10);
        for state in [SourceState::Stale, SourceState::Down] {
            c.source(state);
            c.frame(20);
            assert_eq!(
                c.status(30),
                Status::Stale {
                    last_frame_ms: Some(20)
                }
            );
        }
        c.source(SourceState::Up);
        assert_eq!(c.status(30), Status::Live { last_frame_ms: 20 });
    }

    #[test]
    fn close_makes_offline_and_reconnect_starts_over() {
        let mut c = Connection::new();
        c.opened(0);
        c.frame(50);
        c.source(SourceState::Down);
        c.closed();
        assert_eq!(
            c.status(60),
            Status::Offline {
                last_frame_ms: Some(50)
            }
        );
        assert_eq!(
            c.status(1_000_000),
            Status::Offline {
                last_frame_ms: Some(50)
            }
        );
        c.connecting(65);
        assert_eq!(
            c.status(70),
            Status::Offline {
                last_frame_ms: Some(50)
            },
            "a reconnect attempt still says offline, no flicker"
        );
        c.closed();
        c.connecting(75);
        c.opened(80);
        assert_eq!(
            c.status(90),
            Status::Connecting,
            "an old frame does not make it live"
        );
        c.frame(100);
        assert_eq!(
            c.status(110),
            Status::Live { last_frame_ms: 100 },
            "source state reset"
        );
        assert_eq!(c.last_frame_ms(), Some(100));
        // Closed before anything arrived.
        let mut never = Connection::new();
        never.closed();
        assert_eq!(
            never.status(5),
            Status::Offline {
                last_frame_ms: None
            }
        );
    }

    #[test]
    fn an_attempt_without_a_layout_times_out() {
        let mut c = Connection::new();
        c.connecting(1_000);
        assert!(!c.timed_out(1_000 + CONNECT_TIMEOUT_MS));
        assert!(c.timed_out(1_001 + CONNECT_TIMEOUT_MS));
        c.opened(2_000);
        assert!(!c.timed_out(1_000_000), "open connections do not time out");
        c.closed();
        assert!(!c.timed_out(1_000_000));
        c.connecting(5_000);
        assert!(!c.timed_out(6_000));
    }

    #[test]
    fn incompatible_until_a_readable_layout_arrives() {
        let mut c = Connection::new();
        c.opened(0);
        c.incompatible();
        c.closed();
        assert_eq!(c.status(10), Status::Incompatible);
        c.connecting(0);
        c.closed();
        assert_eq!(
            c.status(20),
            Status::Incompatible,
            "no flicker while retrying"
        );
        c.connecting(0);
        c.opened(30);
        assert_eq!(c.status(40), Status::Connecting);
        c.frame(50);
        assert_eq!(c.status(60), Status::Live { last_frame_ms: 50 });
    }
}
