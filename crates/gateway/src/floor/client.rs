//! One task per connected browser: greets it, then forwards the hub's messages, skipping
//! ahead to the latest full frame whenever it falls behind. What the browser sends is read
//! by a second task of its own, woken only when something arrives.

use std::future::{poll_fn, Future};
use std::pin::pin;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

use axum::extract::ws::{close_code, CloseFrame, Message, Utf8Bytes, WebSocket};
use futures_util::stream::{SplitSink, SplitStream, StreamExt};
use futures_util::SinkExt;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};
use tokio::sync::{broadcast, oneshot, watch};
use tokio_util::task::AbortOnDropHandle;

use super::hub::{Frame, Kind, Latest};
use super::{ClientSlot, Counters};

/// Most messages sent in one write.
const BATCH: usize = 32;

/// Longest wait for a goodbye (close frame) to go out.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(1);

/// What a client task needs.
pub(crate) struct Client {
    /// Subscribed before the watch is read.
    pub(crate) frames: broadcast::Receiver<Frame>,
    pub(crate) latest: watch::Receiver<Latest>,
    pub(crate) layout_text: Utf8Bytes,
    pub(crate) counters: Arc<Counters>,
    pub(crate) send_timeout: Duration,
    pub(crate) max_send_timeouts: u32,
    /// Frees the client's place when the task ends.
    pub(crate) _slot: ClientSlot,
}

/// Why a client's task ended.
enum End {
    /// The browser closed the socket (or it went away).
    Closed,
    /// Sending failed: the socket is broken.
    Broken,
    /// Sends timed out too often in a row: disconnected without a close frame.
    TooSlow,
    /// The browser sent a message over the limit, or broke the protocol.
    BadInput(u16),
    /// The hub stopped (the gateway shuts down).
    HubStopped,
}

/// What the broadcast channel gave.
enum Next {
    Frame(Frame),
    /// This many messages were overwritten before this client took them.
    Lagged(u64),
}

/// How one batch went.
enum Sent {
    Ok(usize),
    TimedOut,
    Failed,
}

/// Serves one browser until it leaves, breaks, or is too slow.
pub(crate) async fn run(socket: WebSocket, mut client: Client) {
    let (mut sink, stream) = socket.split();
    // The reading half in a task of its own, polled only when the browser sends something.
    // Selected beside the frames here, it would be polled again on every frame (the socket
    // asked, the read buffer zeroed): 15 % of the gateway's CPU with 3000 clients.
    let (read_end, mut reading) = oneshot::channel();
    let _reader = AbortOnDropHandle::new(tokio::spawn(read(stream, read_end)));
    let mut batch: Vec<Message> = Vec::with_capacity(BATCH + 3);
    batch.push(Message::Text(client.layout_text.clone()));
    let mut last = resync(&client.latest, &mut batch);
    // Without its greeting (the layout above all) a client cannot use the stream.
    match send(&mut sink, &mut batch, client.send_timeout).await {
        Sent::Ok(count) => {
            client.counters.frames_out.add(count as u64);
        }
        Sent::TimedOut => {
            let counters = &client.counters;
            counters.send_timeouts.fetch_add(1, Ordering::Relaxed);
            counters
                .slow_clients_dropped
                .fetch_add(1, Ordering::Relaxed);
            return;
        }
        Sent::Failed => return,
    }
    let mut timeouts = 0u32;
    let mut behind = false;
    let end = loop {
        if !batch.is_empty() {
            match send(&mut sink, &mut batch, client.send_timeout).await {
                Sent::Ok(count) => {
                    timeouts = 0;
                    client.counters.frames_out.add(count as u64);
                }
                Sent::TimedOut => {
                    client
                        .counters
                        .send_timeouts
                        .fetch_add(1, Ordering::Relaxed);
                    timeouts += 1;
                    if timeouts >= client.max_send_timeouts {
                        break End::TooSlow;
                    }
                    // Some of the batch may not have gone out: start over from a full frame.
                    behind = true;
                }
                Sent::Failed => break End::Broken,
            }
        }
        tokio::select! {
            end = &mut reading => break end.unwrap_or(End::Broken),
            received = client.frames.recv() => {
                if behind {
                    last = resync(&client.latest, &mut batch);
                    behind = false;
                }
                let mut next = match received {
                    Ok(frame) => Next::Frame(frame),
                    Err(RecvError::Lagged(missed)) => Next::Lagged(missed),
                    Err(RecvError::Closed) => break End::HubStopped,
                };
                let mut stopped = false;
                // This message and whatever else is already waiting, up to a batch.
                loop {
                    match next {
                        Next::Frame(frame) => {
                            if admit(&mut last, &frame) {
                                batch.push(Message::Binary(frame.bytes));
                            }
                        }
                        Next::Lagged(missed) => {
                            client.counters.drops.fetch_add(missed, Ordering::Relaxed);
                            last = resync(&client.latest, &mut batch);
                        }
                    }
                    if batch.len() >= BATCH {
                        break;
                    }
                    next = match client.frames.try_recv() {
                        Ok(frame) => Next::Frame(frame),
                        Err(TryRecvError::Lagged(missed)) => Next::Lagged(missed),
                        Err(TryRecvError::Empty) => break,
                        Err(TryRecvError::Closed) => {
                            stopped = true;
                            break;
                        }
                    };
                }
                if stopped {
                    break End::HubStopped;
                }
            }
        }
    };
    let goodbye = match end {
        End::Closed => {
            // Sends the reply to the browser's close frame, if it is still queued.
            let patience = CLOSE_TIMEOUT.min(client.send_timeout);
            let _ = tokio::time::timeout(patience, sink.close()).await;
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
    let patience = CLOSE_TIMEOUT.min(client.send_timeout);
    let _ = tokio::time::timeout(patience, sink.send(Message::Close(Some(frame)))).await;
}

/// Reads what the browser sends until its close frame, the end of the connection or an
/// error, and says which (read messages are discarded: nothing a client sends changes
/// anything).
async fn read(mut stream: SplitStream<WebSocket>, end: oneshot::Sender<End>) {
    let ended = loop {
        match stream.next().await {
            Some(Ok(Message::Close(_))) | None => break End::Closed,
            Some(Ok(_)) => {}
            Some(Err(error)) => break read_error(&error),
        }
    };
    let _ = end.send(ended);
}

/// Empties `batch` into the socket and flushes, within `timeout`.
async fn send(
    sink: &mut SplitSink<WebSocket, Message>,
    batch: &mut Vec<Message>,
    timeout: Duration,
) -> Sent {
    let count = batch.len();
    let sent = {
        let mut sending = pin!(async {
            for message in batch.drain(..) {
                sink.feed(message).await?;
            }
            sink.flush().await
        });
        // Tried once before the timeout starts: the socket nearly always takes the batch
        // at once, and then no clock is read and no timer set (per client and message).
        match poll_fn(|cx| Poll::Ready(sending.as_mut().poll(cx))).await {
            Poll::Ready(sent) => Ok(sent),
            Poll::Pending => tokio::time::timeout(timeout, sending).await,
        }
    };
    match sent {
        Ok(Ok(())) => Sent::Ok(count),
        Ok(Err(_)) => Sent::Failed,
        Err(_) => {
            batch.clear();
            Sent::TimedOut
        }
    }
}

/// Replaces the batch's frames with the source's state and the latest full frame;
/// returns that frame's sequence number.
fn resync(latest: &watch::Receiver<Latest>, batch: &mut Vec<Message>) -> u32 {
    batch.retain(|message| matches!(message, Message::Text(_)));
    let latest = latest.borrow();
    batch.push(Message::Binary(latest.status.clone()));
    batch.push(Message::Binary(latest.full.clone()));
    latest.seq
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
