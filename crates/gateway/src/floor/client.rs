//! One browser as a member of a writer group (`group`): what it still has to get, how far
//! it is, and whether its socket takes data. What the browser sends is read by a task of
//! its own, woken only when something arrives.

use std::collections::VecDeque;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use axum::extract::ws::{close_code, CloseFrame, Message, Utf8Bytes, WebSocket};
use bytes::Bytes;
use futures_util::stream::{SplitSink, SplitStream, StreamExt};
use futures_util::SinkExt;
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;
use tokio_util::task::AbortOnDropHandle;

use super::hub::{Frame, Kind, Latest};
use super::{ClientSlot, Counters};

/// Longest wait for a goodbye (close frame) to go out.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(1);

/// What a browser brings to its group.
pub(crate) struct Client {
    pub(crate) layout_text: Utf8Bytes,
    pub(crate) counters: Arc<Counters>,
    pub(crate) send_timeout: Duration,
    pub(crate) max_send_timeouts: u32,
    /// Frees the client's place when the client is gone.
    pub(crate) _slot: ClientSlot,
}

/// Why a client leaves.
#[derive(Debug)]
pub(crate) enum End {
    /// The browser closed the socket (or it went away).
    Closed,
    /// Sending failed: the socket is broken.
    Broken,
    /// Sends timed out too often in a row (or once during the greeting): disconnected
    /// without a close frame.
    TooSlow,
    /// The browser sent a message over the limit, or broke the protocol.
    BadInput(u16),
    /// The hub stopped (the gateway shuts down).
    HubStopped,
}

/// How a member's sending goes.
pub(crate) enum Sending {
    /// Everything given to it is out; this many messages.
    Done(usize),
    /// The socket takes no more now, after this many messages; the polling task is woken
    /// when it does.
    Blocked(usize),
    /// The socket is broken.
    Failed,
}

/// One browser in a group.
pub(crate) struct Member {
    pub(crate) id: u64,
    sink: SplitSink<WebSocket, Message>,
    /// Messages not yet handed to the socket.
    outbox: VecDeque<Message>,
    /// Messages handed to the socket since it was last flushed.
    unflushed: usize,
    /// The latest frame it has (or has queued).
    last: u32,
    /// Whether the greeting (layout, status, full frame) is out.
    greeted: bool,
    /// Whether it missed messages and starts again from the latest full frame.
    behind: bool,
    /// Since when its socket takes no data: its current send timeout runs from here.
    blocked_since: Option<Instant>,
    /// Send timeouts in a row.
    timeouts: u32,
    client: Client,
    _reader: AbortOnDropHandle<()>,
}

impl Member {
    /// Starts serving `socket`: its reading half goes to a task of its own, which reports
    /// on `ends` why the browser left; the greeting is queued.
    pub(crate) fn new(
        id: u64,
        socket: WebSocket,
        client: Client,
        latest: &watch::Receiver<Latest>,
        ends: mpsc::UnboundedSender<(u64, End)>,
    ) -> Member {
        let (sink, stream) = socket.split();
        // The reading half in a task of its own, polled only when the browser sends
        // something. Polled beside the frames, it would be polled again on every frame (the
        // socket asked, the read buffer zeroed): 15 % of the gateway's CPU with 3000 clients.
        let reader = AbortOnDropHandle::new(tokio::spawn(read(stream, id, ends)));
        let mut member = Member {
            id,
            sink,
            outbox: VecDeque::with_capacity(4),
            unflushed: 0,
            last: 0,
            greeted: false,
            behind: false,
            blocked_since: None,
            timeouts: 0,
            client,
            _reader: reader,
        };
        member
            .outbox
            .push_back(Message::Text(member.client.layout_text.clone()));
        member.resync(latest);
        member
    }

    /// Whether its socket took no data the last time it was asked.
    pub(crate) fn is_blocked(&self) -> bool {
        self.blocked_since.is_some()
    }

    /// When its current send times out, while its socket takes no data.
    pub(crate) fn deadline(&self) -> Option<Instant> {
        self.blocked_since
            .map(|since| since + self.client.send_timeout)
    }

    /// Queues `frame` (`bytes`: the group's copy of its bytes) if the browser needs it;
    /// while its socket takes no data the message is skipped, counted as a drop, and the
    /// browser later starts again from the latest full frame.
    pub(crate) fn offer(&mut self, frame: &Frame, bytes: &Bytes, latest: &watch::Receiver<Latest>) {
        if self.is_blocked() {
            self.missed(1);
            return;
        }
        if self.behind {
            self.resync(latest);
        }
        if admit(&mut self.last, frame) {
            self.outbox.push_back(Message::Binary(bytes.clone()));
        }
    }

    /// It missed `count` messages: they are counted as drops, and it starts again from the
    /// latest full frame.
    pub(crate) fn missed(&mut self, count: u64) {
        self.client
            .counters
            .drops
            .fetch_add(count, Ordering::Relaxed);
        self.behind = true;
    }

    /// Replaces the queued frames with the source's state and the latest full frame.
    pub(crate) fn resync(&mut self, latest: &watch::Receiver<Latest>) {
        self.outbox
            .retain(|message| matches!(message, Message::Text(_)));
        let latest = latest.borrow();
        self.outbox
            .push_back(Message::Binary(latest.status.clone()));
        self.outbox.push_back(Message::Binary(latest.full.clone()));
        self.last = latest.seq;
        self.behind = false;
    }

    /// Hands the queued messages to the socket and flushes, as far as it takes them; a
    /// blocked socket wakes the task of `cx` when it takes data again. A member that was
    /// behind and is out again is given the latest full frame.
    pub(crate) fn send(
        &mut self,
        cx: &mut Context<'_>,
        latest: &watch::Receiver<Latest>,
    ) -> Sending {
        let mut sent = 0;
        loop {
            match self.poll_send(cx) {
                Poll::Ready(Ok(count)) => sent += count,
                Poll::Ready(Err(())) => return Sending::Failed,
                Poll::Pending => {
                    if self.blocked_since.is_none() {
                        self.blocked_since = Some(Instant::now());
                    }
                    return Sending::Blocked(sent);
                }
            }
            self.blocked_since = None;
            self.timeouts = 0;
            self.greeted = true;
            if !self.behind {
                return Sending::Done(sent);
            }
            self.resync(latest);
        }
    }

    fn poll_send(&mut self, cx: &mut Context<'_>) -> Poll<Result<usize, ()>> {
        while !self.outbox.is_empty() {
            if let Err(_broken) = ready!(self.sink.poll_ready_unpin(cx)) {
                return Poll::Ready(Err(()));
            }
            let message = self.outbox.pop_front().expect("not empty");
            if self.sink.start_send_unpin(message).is_err() {
                return Poll::Ready(Err(()));
            }
            self.unflushed += 1;
        }
        if ready!(self.sink.poll_flush_unpin(cx)).is_err() {
            return Poll::Ready(Err(()));
        }
        Poll::Ready(Ok(std::mem::take(&mut self.unflushed)))
    }

    /// Its socket took no data for a send timeout: counted; `TooSlow` when that was the
    /// greeting or `max_send_timeouts` in a row, else the next timeout runs from `now` and
    /// the browser starts again from a full frame once its socket takes data.
    pub(crate) fn time_out(&mut self, now: Instant) -> Option<End> {
        let counters = &self.client.counters;
        counters.send_timeouts.fetch_add(1, Ordering::Relaxed);
        self.timeouts += 1;
        if !self.greeted || self.timeouts >= self.client.max_send_timeouts {
            return Some(End::TooSlow);
        }
        self.blocked_since = Some(now);
        self.behind = true;
        None
    }

    /// Says goodbye as `end` asks, in a task of its own (a goodbye may wait on the socket);
    /// the client's place is freed when it is done.
    pub(crate) fn leave(self, end: End) {
        let Member { sink, client, .. } = self;
        let patience = CLOSE_TIMEOUT.min(client.send_timeout);
        let goodbye = match end {
            End::Closed => {
                // Sends the reply to the browser's close frame, if it is still queued.
                tokio::spawn(async move {
                    let mut sink = sink;
                    let _ = tokio::time::timeout(patience, sink.close()).await;
                    drop(client);
                });
                return;
            }
            End::Broken => return,
            End::TooSlow => {
                // Its socket does not take data: a close frame would not get through either.
                client
                    .counters
                    .slow_clients_dropped
                    .fetch_add(1, Ordering::Relaxed);
                return;
            }
            End::BadInput(code) => (code, "read-only stream"),
            End::HubStopped => (close_code::AWAY, "gateway stops"),
        };
        let frame = CloseFrame {
            code: goodbye.0,
            reason: Utf8Bytes::from_static(goodbye.1),
        };
        tokio::spawn(async move {
            let mut sink = sink;
            let _ = tokio::time::timeout(patience, sink.send(Message::Close(Some(frame)))).await;
            drop(client);
        });
    }
}

/// Reads what the browser sends until its close frame, the end of the connection or an
/// error, and says which on `ends` (read messages are discarded: nothing a client sends
/// changes anything).
async fn read(
    mut stream: SplitStream<WebSocket>,
    id: u64,
    ends: mpsc::UnboundedSender<(u64, End)>,
) {
    let ended = loop {
        match stream.next().await {
            Some(Ok(Message::Close(_))) | None => break End::Closed,
            Some(Ok(_)) => {}
            Some(Err(error)) => break read_error(&error),
        }
    };
    let _ = ends.send((id, ended));
}

/// Whether a client whose latest frame is `last` gets `frame`; moves `last` on if so.
///
/// Full frames newer than `last` and deltas on top of `last` pass; status messages pass
/// unless they are older than `last` (the client then already has a newer state). A full
/// frame that follows `last` at the hub passes too, whatever its number: a relaying hub's
/// frames are numbered by another gateway, which may have started again from 1.
pub(crate) fn admit(last: &mut u32, frame: &Frame) -> bool {
    match frame.kind {
        Kind::Full if newer(frame.seq, *last) || frame.base == *last => {
            *last = frame.seq;
            true
        }
        Kind::Delta if frame.base == *last => {
            *last = frame.seq;
            true
        }
        Kind::Status => !newer(*last, frame.seq),
        Kind::Full | Kind::Delta => false,
    }
}

/// Whether sequence number `a` comes after `b` (they wrap).
fn newer(a: u32, b: u32) -> bool {
    // Reinterpreting the wrapped difference as signed is the point.
    (a.wrapping_sub(b) as i32) > 0
}

/// How a read error ends the task: a message over the limit is answered with 1009, other
/// protocol breaches with 1002; a broken connection gets no goodbye.
fn read_error(error: &axum::Error) -> End {
    use std::error::Error as _;
    match error
        .source()
        .and_then(|source| source.downcast_ref::<tungstenite::Error>())
    {
        Some(tungstenite::Error::Capacity(_)) => End::BadInput(close_code::SIZE),
        Some(
            tungstenite::Error::Io(_)
            | tungstenite::Error::ConnectionClosed
            | tungstenite::Error::AlreadyClosed,
        ) => End::Broken,
        _ => End::BadInput(close_code::PROTOCOL),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn frame(kind: Kind, seq: u32, base: u32) -> Frame {
        Frame {
            kind,
            seq,
            base,
            bytes: Bytes::new(),
        }
    }

    #[test]
    fn deltas_follow_only_their_base() {
        let mut last = 10;
        assert!(
            !admit(&mut last, &frame(Kind::Delta, 10, 9)),
            "already in the full frame"
        );
        assert!(admit(&mut last, &frame(Kind::Delta, 11, 10)));
        assert!(!admit(&mut last, &frame(Kind::Delta, 13, 12)), "a gap");
        assert_eq!(last, 11);
    }

    #[test]
    fn full_frames_only_forward() {
        let mut last = 10;
        assert!(!admit(&mut last, &frame(Kind::Full, 10, 9)));
        assert!(!admit(&mut last, &frame(Kind::Full, 8, 7)));
        assert!(admit(&mut last, &frame(Kind::Full, 12, 11)));
        assert_eq!(last, 12);
        let mut last = u32::MAX;
        assert!(admit(&mut last, &frame(Kind::Full, 0, u32::MAX)), "wraps");
        assert!(admit(&mut last, &frame(Kind::Delta, 1, 0)));
        let mut last = 5000;
        assert!(
            admit(&mut last, &frame(Kind::Full, 1, 5000)),
            "the relayed gateway started again"
        );
        assert_eq!(last, 1);
    }

    #[test]
    fn old_status_is_skipped() {
        let mut last = 10;
        assert!(admit(&mut last, &frame(Kind::Status, 10, 10)));
        assert!(admit(&mut last, &frame(Kind::Status, 11, 11)));
        assert!(!admit(&mut last, &frame(Kind::Status, 9, 9)));
        assert_eq!(last, 10);
    }
}
