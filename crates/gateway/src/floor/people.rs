//! Who stands where on the floor, for co-working's presence: the people count of the floor
//! page and the kiosk (`lernort_floor_view::People`) run on the hub's frames, so that a desk
//! shows someone only where the page would count a person (a stray reading is nobody).

use std::sync::{Arc, Mutex, PoisonError};

use lernort_floor_protocol::{decode, Layout, Message};
use lernort_floor_view::People;
use tokio::sync::watch;

use super::hub::Latest;

/// The segments under the feet of the people counted now, shared with the handlers.
#[derive(Debug, Default)]
pub(crate) struct UnderFeet(Mutex<Vec<usize>>);

impl UnderFeet {
    /// A copy of the segments (a few dozen at most).
    pub(crate) fn get(&self) -> Vec<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn set(&self, segments: impl Iterator<Item = usize>) {
        let mut under = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        under.clear();
        under.extend(segments);
    }
}

/// Follows the frames the hub publishes, at their own times, until the hub ends. The frame
/// the hub holds now is taken at once, before the returned future first runs: whatever
/// comes later is new on the floor.
pub(crate) fn follow(
    latest: watch::Receiver<Latest>,
    layout: Arc<Layout>,
    under_feet: Arc<UnderFeet>,
) -> impl std::future::Future<Output = ()> {
    let mut follower = Follower {
        people: People::new(&layout),
        layout,
        latest,
        seen: None,
        under_feet,
    };
    follower.take();
    async move {
        while follower.latest.changed().await.is_ok() {
            follower.take();
        }
    }
}

struct Follower {
    people: People,
    layout: Arc<Layout>,
    latest: watch::Receiver<Latest>,
    /// The sequence number of the frame taken last.
    seen: Option<u32>,
    under_feet: Arc<UnderFeet>,
}

impl Follower {
    /// Takes the hub's latest frame, unless it was taken already (a status change
    /// publishes the same frame again).
    fn take(&mut self) {
        let (seq, full) = {
            let latest = self.latest.borrow_and_update();
            (latest.seq, latest.full.clone())
        };
        if self.seen == Some(seq) {
            return;
        }
        self.seen = Some(seq);
        if let Ok(Message::Full { header, values }) = decode(&full) {
            let active = self.layout.scale.active;
            self.people.update(values, active, header.timestamp_ms);
            self.under_feet.set(self.people.under_feet());
        }
    }
}
