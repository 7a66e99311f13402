//! The people on the floor as the floor page and the kiosk count them
//! (`lernort_floor_view::People`), followed on every frame the hub publishes: co-working's
//! presence (a desk shows someone only where the page would count a person; a stray
//! reading is nobody) and the link preview's count (with the history a single frame lacks).

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use lernort_floor_protocol::{decode, Layout, Message};
use lernort_floor_view::{Counts, People};
use tokio::sync::watch;

use super::hub::Latest;

/// The estimator as followed up to the latest frame, shared with the handlers, which ask
/// it only when they answer (nothing is worked out per frame for them).
#[derive(Debug)]
pub(crate) struct Followed(Mutex<People>);

impl Followed {
    pub(crate) fn new(layout: &Layout) -> Followed {
        Followed(Mutex::new(People::new(layout)))
    }

    /// The segments under the feet of the people counted now.
    pub(crate) fn under_feet(&self) -> Vec<usize> {
        self.lock().under_feet().collect()
    }

    /// The people counted now.
    pub(crate) fn counts(&self) -> Counts {
        self.lock().counts().clone()
    }

    fn lock(&self) -> MutexGuard<'_, People> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Follows the frames the hub publishes, at their own times, until the hub ends. The frame
/// the hub holds now is taken at once, before the returned future first runs: whatever
/// comes later is new on the floor.
pub(crate) fn follow(
    latest: watch::Receiver<Latest>,
    layout: Arc<Layout>,
    followed: Arc<Followed>,
) -> impl std::future::Future<Output = ()> {
    let mut follower = Follower {
        layout,
        latest,
        seen: None,
        followed,
    };
    follower.take();
    async move {
        while follower.latest.changed().await.is_ok() {
            follower.take();
        }
    }
}

struct Follower {
    layout: Arc<Layout>,
    latest: watch::Receiver<Latest>,
    /// The sequence number of the frame taken last.
    seen: Option<u32>,
    followed: Arc<Followed>,
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
            self.followed
                .lock()
                .update(values, active, header.timestamp_ms);
        }
    }
}
