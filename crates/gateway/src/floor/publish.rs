//! `[floor.publish]`: one more subscriber of the hub, which publishes every message to an
//! MQTT broker for other gateways to relay (docs/floor-cluster.md). It follows the hub like
//! a browser's task: whenever the broker accepts a connection, and after falling behind, it
//! publishes the source's state and the latest full frame first. Status messages are
//! retained, so a gateway that subscribes later learns the state at once.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use lernort_floor_sources::broker::Publisher;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, watch};

use super::hub::{Frame, Kind, Latest};
use super::Counters;

/// Publishes the hub's messages until the hub stops; then the connection closes without a
/// goodbye and the broker publishes the publisher's `down` status.
pub(crate) async fn run(
    mut publisher: Publisher,
    mut frames: broadcast::Receiver<Frame>,
    latest: watch::Receiver<Latest>,
    counters: Arc<Counters>,
) {
    loop {
        tokio::select! {
            () = publisher.connected() => resync(&publisher, &latest, &counters),
            received = frames.recv() => match received {
                Ok(frame) => send(&publisher, &frame.bytes, frame.kind == Kind::Status, &counters),
                Err(RecvError::Lagged(missed)) => {
                    counters.publish_dropped.fetch_add(missed, Ordering::Relaxed);
                    resync(&publisher, &latest, &counters);
                }
                Err(RecvError::Closed) => return,
            },
        }
    }
}

/// The source's state (retained) and the latest full frame.
fn resync(publisher: &Publisher, latest: &watch::Receiver<Latest>, counters: &Counters) {
    let (status, full) = {
        let latest = latest.borrow();
        (latest.status.clone(), latest.full.clone())
    };
    send(publisher, &status, true, counters);
    send(publisher, &full, false, counters);
}

/// Publishes one message and counts it as published or dropped.
fn send(publisher: &Publisher, message: &[u8], retain: bool, counters: &Counters) {
    let counter = if publisher.send(message, retain) {
        &counters.published
    } else {
        &counters.publish_dropped
    };
    counter.fetch_add(1, Ordering::Relaxed);
}
