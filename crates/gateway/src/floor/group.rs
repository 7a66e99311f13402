//! Writer groups: one task serves up to [`GROUP_SIZE`] browsers. It takes each of the hub's
//! messages once and writes it to every member's socket in one loop, instead of waking one
//! task per browser and message: with a task per browser, waking it through the broadcast
//! channel and polling it cost more than its write (perf, 3000 clients). A member whose
//! socket takes no data skips messages (counted as drops) and starts again from the latest
//! full frame; its send timeouts run while its socket stays full.

use std::future::poll_fn;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use axum::extract::ws::WebSocket;
use bytes::Bytes;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, mpsc, watch};
use tokio::time::{sleep_until, Instant};

use super::client::{Client, End, Member, Sending};
use super::hub::{Frame, Latest};
use super::Counters;

/// Most browsers one group serves. Groups spread over the worker threads, and one message
/// goes to a group's members one after the other: a few hundred keep both cores busy and a
/// group's round short (a few ms).
const GROUP_SIZE: usize = 256;

/// The floor's writer groups; new browsers join one with room.
pub(crate) struct Groups {
    frames: broadcast::WeakSender<Frame>,
    latest: watch::Receiver<Latest>,
    counters: Arc<Counters>,
    open: Mutex<Vec<Handle>>,
}

/// A running group, as the floor sees it.
struct Handle {
    joins: mpsc::UnboundedSender<(WebSocket, Client)>,
    /// Members now, and browsers on their way in.
    size: Arc<AtomicUsize>,
}

impl Groups {
    pub(crate) fn new(
        frames: broadcast::WeakSender<Frame>,
        latest: watch::Receiver<Latest>,
        counters: Arc<Counters>,
    ) -> Groups {
        Groups {
            frames,
            latest,
            counters,
            open: Mutex::new(Vec::new()),
        }
    }

    /// Hands `socket` to a group with room, starting one if none has. When the hub has
    /// stopped, the browser is let go with the socket.
    pub(crate) fn join(&self, socket: WebSocket, client: Client) {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        open.retain(|handle| !handle.joins.is_closed());
        let with_room = open
            .iter()
            .position(|handle| handle.size.load(Ordering::Acquire) < GROUP_SIZE);
        let index = match with_room {
            Some(index) => index,
            None => {
                let Some(frames) = self.frames.upgrade() else {
                    return;
                };
                open.push(self.start(frames.subscribe()));
                open.len() - 1
            }
        };
        let handle = &open[index];
        handle.size.fetch_add(1, Ordering::AcqRel);
        // A group ends only when the hub stops; the browser then goes with it.
        let _ = handle.joins.send((socket, client));
    }

    /// A new group, subscribed to the hub already.
    fn start(&self, frames: broadcast::Receiver<Frame>) -> Handle {
        let (joins, joining) = mpsc::unbounded_channel();
        let size = Arc::new(AtomicUsize::new(0));
        let group = Group {
            members: Vec::new(),
            latest: self.latest.clone(),
            counters: self.counters.clone(),
            size: size.clone(),
            next_id: 0,
            sent: 0,
        };
        // A round writes to hundreds of sockets: Tokio's cooperative budget (128 operations
        // per poll) would make the later ones look blocked.
        tokio::spawn(tokio::task::coop::unconstrained(group.run(frames, joining)));
        Handle { joins, size }
    }
}

/// A group's members and what they start from.
struct Group {
    members: Vec<Member>,
    latest: watch::Receiver<Latest>,
    counters: Arc<Counters>,
    size: Arc<AtomicUsize>,
    next_id: u64,
    /// Messages sent since they were last added to `frames_out`.
    sent: u64,
}

impl Group {
    /// Serves the members until the hub stops; then every member is told goodbye.
    async fn run(
        mut self,
        mut frames: broadcast::Receiver<Frame>,
        mut joining: mpsc::UnboundedReceiver<(WebSocket, Client)>,
    ) {
        let (ends_tx, mut ends) = mpsc::unbounded_channel();
        loop {
            let deadline = self.members.iter().filter_map(Member::deadline).min();
            tokio::select! {
                Some((socket, client)) = joining.recv() => {
                    let member = Member::new(self.next_id, socket, client, &self.latest, ends_tx.clone());
                    self.next_id += 1;
                    self.members.push(member);
                    let last = self.members.len() - 1;
                    poll_fn(|cx| Poll::Ready(self.send(last, cx))).await;
                }
                Some((id, end)) = ends.recv() => {
                    if let Some(index) = self.members.iter().position(|m| m.id == id) {
                        self.remove(index, end);
                    }
                }
                received = frames.recv() => match received {
                    Ok(frame) => self.broadcast(&frame).await,
                    Err(RecvError::Lagged(missed)) => {
                        for member in &mut self.members {
                            member.missed(missed);
                        }
                        self.send_all().await;
                    }
                    Err(RecvError::Closed) => break,
                },
                () = poll_fn(|cx| self.poll_blocked(cx)) => {}
                () = sleep_until(deadline.unwrap_or_else(Instant::now)), if deadline.is_some() => {
                    self.time_out(Instant::now());
                }
            }
            // Once per round, not per member: `frames_out` is shared by every group.
            self.counters.frames_out.add(std::mem::take(&mut self.sent));
        }
        while let Some(member) = self.members.pop() {
            self.size.fetch_sub(1, Ordering::AcqRel);
            member.leave(End::HubStopped);
        }
    }

    /// Queues `frame` for every member and sends.
    async fn broadcast(&mut self, frame: &Frame) {
        // The group's own copy: the members' clones and drops of the hub's bytes would
        // share one reference count across the worker threads.
        let bytes = Bytes::copy_from_slice(&frame.bytes);
        for member in &mut self.members {
            member.offer(frame, &bytes, &self.latest);
        }
        self.send_all().await;
    }

    /// Sends every member that is not blocked what it has queued.
    async fn send_all(&mut self) {
        poll_fn(|cx| {
            let mut index = 0;
            while index < self.members.len() {
                if self.members[index].is_blocked() || !self.send(index, cx) {
                    index += 1;
                }
            }
            Poll::Ready(())
        })
        .await;
    }

    /// Sends member `index` what it has queued; whether it was removed (its socket broke).
    fn send(&mut self, index: usize, cx: &mut Context<'_>) -> bool {
        match self.members[index].send(cx, &self.latest) {
            Sending::Done(count) | Sending::Blocked(count) => {
                self.sent += count as u64;
                false
            }
            Sending::Failed => {
                self.remove(index, End::Broken);
                true
            }
        }
    }

    /// Tries the blocked members again; ready when one of them changed.
    fn poll_blocked(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let mut changed = false;
        let mut index = 0;
        while index < self.members.len() {
            if !self.members[index].is_blocked() {
                index += 1;
                continue;
            }
            if self.send(index, cx) {
                changed = true;
                continue;
            }
            changed |= !self.members[index].is_blocked();
            index += 1;
        }
        if changed {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }

    /// Counts the send timeouts due at `now`; drops the members that were too slow.
    fn time_out(&mut self, now: Instant) {
        let mut index = 0;
        while index < self.members.len() {
            let due = self.members[index]
                .deadline()
                .is_some_and(|deadline| deadline <= now);
            match due.then(|| self.members[index].time_out(now)).flatten() {
                Some(end) => self.remove(index, end),
                None => index += 1,
            }
        }
    }

    fn remove(&mut self, index: usize, end: End) {
        let member = self.members.swap_remove(index);
        self.size.fetch_sub(1, Ordering::AcqRel);
        member.leave(end);
    }
}
