//! A data file fetched again and again, for screens that run for days: the last good
//! document stays while a fetch fails, failures are retried sooner than the normal
//! interval (5 s, 10 s, 20 s … up to it), and nothing ever gives up.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;

use crate::api::fetch_text;
use crate::dom;

/// What a polled source knows now.
pub struct Polled<T> {
    /// The last document that arrived and read.
    pub last_good: Option<Arc<T>>,
    /// When it arrived (Unix seconds).
    pub fetched_at: Option<i64>,
    /// Whether the latest attempt failed.
    pub failing: bool,
}

impl<T> Clone for Polled<T> {
    fn clone(&self) -> Self {
        Polled {
            last_good: self.last_good.clone(),
            fetched_at: self.fetched_at,
            failing: self.failing,
        }
    }
}

impl<T> Default for Polled<T> {
    fn default() -> Self {
        Polled {
            last_good: None,
            fetched_at: None,
            failing: false,
        }
    }
}

/// The first retry after a failure; each further one waits twice as long, up to `every`.
const FIRST_RETRY_SECONDS: u64 = 5;

struct Poller<T: 'static> {
    path: String,
    every: u64,
    read: fn(&str) -> Result<T, String>,
    state: RwSignal<Polled<T>>,
    paused: Signal<bool>,
    failures: Cell<u32>,
}

impl<T: Send + Sync + 'static> Poller<T> {
    fn run(self: Rc<Self>) {
        if self.paused.get_untracked() {
            let every = self.every;
            return self.again(every);
        }
        leptos::task::spawn_local(async move {
            let result = fetch_text(&self.path)
                .await
                .map_err(|e| e.to_string())
                .and_then(|text| (self.read)(&text));
            let ok = result.is_ok();
            self.state.update(|state| match result {
                Ok(document) => {
                    state.last_good = Some(Arc::new(document));
                    state.fetched_at = Some(dom::now_unix());
                    state.failing = false;
                }
                Err(_) => state.failing = true,
            });
            let delay = if ok {
                self.failures.set(0);
                self.every
            } else {
                let n = self.failures.get();
                self.failures.set(n.saturating_add(1));
                (FIRST_RETRY_SECONDS << n.min(16)).min(self.every)
            };
            self.again(delay);
        });
    }

    fn again(self: Rc<Self>, seconds: u64) {
        set_timeout(move || self.run(), Duration::from_secs(seconds));
    }
}

/// Fetches `path` (relative to the base) now and every `every_seconds`, reading it with
/// `read`; while `paused`, nothing is fetched. Runs as long as the page.
pub fn poll<T: Send + Sync + 'static>(
    path: String,
    every_seconds: u64,
    read: fn(&str) -> Result<T, String>,
    paused: Signal<bool>,
) -> RwSignal<Polled<T>> {
    let state = RwSignal::new(Polled::default());
    Rc::new(Poller {
        path,
        every: every_seconds.max(1),
        read,
        state,
        paused,
        failures: Cell::new(0),
    })
    .run();
    state
}
