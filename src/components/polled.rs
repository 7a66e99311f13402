//! A data file fetched again and again, for pages that stay open (the co-working page) and
//! screens that run for days (the kiosk): the last good document stays while a fetch
//! fails, failures are retried sooner than the normal interval (5 s, 10 s, 20 s … up to
//! it), a page that becomes visible again fetches at once, and nothing ever gives up.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

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
    /// A fetch is under way (a visibility change then starts none).
    busy: Cell<bool>,
    /// The next scheduled attempt.
    next: Cell<Option<TimeoutHandle>>,
    /// The asking view went away.
    stopped: Cell<bool>,
}

impl<T: Send + Sync + 'static> Poller<T> {
    /// Fetches now, unless paused or already fetching, and schedules the next attempt.
    fn run(self: Rc<Self>) {
        if let Some(next) = self.next.take() {
            next.clear();
        }
        if self.busy.get() || self.stopped.get() {
            return;
        }
        if self.paused.get_untracked() {
            let every = self.every;
            return self.again(every);
        }
        self.busy.set(true);
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
            self.busy.set(false);
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
        if self.stopped.get() {
            return;
        }
        let poller = self.clone();
        let handle = set_timeout_with_handle(move || poller.run(), Duration::from_secs(seconds));
        self.next.set(handle.ok());
    }
}

/// Fetches `path` (relative to the base) now, every `every_seconds`, and whenever the page
/// becomes visible again, reading it with `read`; while `paused`, nothing is fetched. Stops
/// when the asking view goes away.
pub fn poll<T: Send + Sync + 'static>(
    path: String,
    every_seconds: u64,
    read: fn(&str) -> Result<T, String>,
    paused: Signal<bool>,
) -> RwSignal<Polled<T>> {
    let state = RwSignal::new(Polled::default());
    let poller = Rc::new(Poller {
        path,
        every: every_seconds.max(1),
        read,
        state,
        paused,
        failures: Cell::new(0),
        busy: Cell::new(false),
        next: Cell::new(None),
        stopped: Cell::new(false),
    });
    poller.clone().run();
    let on_leave = SendWrapper::new(poller.clone());
    on_cleanup(move || {
        on_leave.stopped.set(true);
        if let Some(next) = on_leave.next.take() {
            next.clear();
        }
    });
    on_visible_again(move || poller.clone().run());
    state
}

/// Calls `then` when the page becomes visible again (tab switched back, screen unlocked),
/// until the calling view goes away.
fn on_visible_again(then: impl Fn() + 'static) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let listener = dom::Listener::new(&document.clone(), "visibilitychange", move || {
        if document.visibility_state() == web_sys::VisibilityState::Visible {
            then();
        }
    });
    let listener = SendWrapper::new(listener);
    on_cleanup(move || drop(listener));
}
