//! Booking calendars at a URL (`"bookings": "https://…"` in the co-working config): fetched
//! every `bookings_refresh_s` by `lernort-fetch` (timeouts, a size limit, conditional
//! requests), each answer kept only when it reads as a calendar. The last good copy is the
//! file co-working reads (`lernort_coworking::config::Bookings`), so a new copy is picked
//! up like an edited file; a failing source leaves the copy in place, is logged once per
//! problem, shown on the operator's `/healthz` and, once it is older than three refresh
//! periods, makes the public `/healthz` say "degraded".

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Duration;

use lernort_coworking::config::{Bookings, Config as SpacesConfig};
use lernort_fetch::Limits;
use tokio::task::AbortHandle;

use crate::coworking::Clock;

/// How one URL's fetching stands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RemoteStatus {
    /// The URL, as the config writes it.
    pub url: String,
    /// When it was last fetched (or confirmed unchanged), Unix seconds.
    pub fetched_at: Option<i64>,
    /// Why the last fetch failed; `None` after a good one.
    pub problem: Option<String>,
    /// No good fetch for three refresh periods (or none yet).
    pub stale: bool,
}

/// Per URL: when it was last fetched well, and the problem of the last fetch.
type Fetches = BTreeMap<String, (Option<i64>, Option<String>)>;

/// The URLs' fetching, shared with the background task.
pub struct RemoteBookings {
    config: PathBuf,
    every: Duration,
    limits: Limits,
    clock: Clock,
    state: Mutex<Fetches>,
    task: Mutex<Option<AbortHandle>>,
}

impl Drop for RemoteBookings {
    fn drop(&mut self) {
        if let Some(task) = lock(&self.task).take() {
            task.abort();
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl RemoteBookings {
    /// For the co-working config at `config`, fetching every `every` with `timeout` for
    /// a whole request.
    pub fn new(config: PathBuf, every: Duration, timeout: Duration, clock: Clock) -> Self {
        RemoteBookings {
            config,
            every,
            limits: Limits {
                connect: timeout.min(Duration::from_secs(10)),
                total: timeout,
                // A booking calendar of years of bookings is a few MiB at most.
                max_bytes: 8 << 20,
                ..Limits::default()
            },
            clock,
            state: Mutex::new(BTreeMap::new()),
            task: Mutex::new(None),
        }
    }

    /// Starts fetching now and every period after. Stops when the last `Arc` goes.
    /// Must be called within a Tokio runtime.
    pub fn start(self: &Arc<Self>) {
        let weak: Weak<RemoteBookings> = Arc::downgrade(self);
        let every = self.every;
        let task = tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
            loop {
                ticks.tick().await;
                let Some(remote) = weak.upgrade() else {
                    break;
                };
                remote.fetch_all().await;
            }
        });
        if let Some(old) = lock(&self.task).replace(task.abort_handle()) {
            old.abort();
        }
    }

    /// The URLs the config names now, with their last good copies.
    fn urls(&self) -> Vec<(String, PathBuf)> {
        let Ok(config) = SpacesConfig::load(&self.config) else {
            // The co-working endpoint says what is wrong with the config.
            return Vec::new();
        };
        config
            .spaces
            .iter()
            .filter_map(|space| match space.bookings.as_ref()? {
                Bookings::Url { url, copy } => Some((url.clone(), copy.clone())),
                Bookings::File(_) => None,
            })
            .collect()
    }

    /// Fetches every URL once (each on a blocking thread: the client is blocking).
    pub async fn fetch_all(&self) {
        let urls = self.urls();
        lock(&self.state).retain(|url, _| urls.iter().any(|(u, _)| u == url));
        for (url, copy) in urls {
            let now = (self.clock)();
            let cache = copy.parent().map(Path::to_path_buf).unwrap_or_default();
            let limits = self.limits.clone();
            let stamp = lernort_time::to_berlin(now).to_string();
            let target = url.clone();
            let result = tokio::task::spawn_blocking(move || {
                lernort_fetch::fetch_checked(&target, &cache, &limits, &stamp, |bytes| {
                    lernort_ical::Calendar::read(bytes)
                        .map(drop)
                        .map_err(|e| format!("the answer is not a calendar: {e}"))
                })
            })
            .await
            .unwrap_or_else(|e| Err(format!("the fetch stopped: {e}")));
            self.record(&url, now, result);
        }
    }

    /// Notes a fetch's outcome; logs a new problem once and the recovery.
    fn record(&self, url: &str, now: i64, result: Result<lernort_fetch::Fetched, String>) {
        let mut state = lock(&self.state);
        let entry = state.entry(url.to_owned()).or_default();
        let problem = match &result {
            Ok(fetched) => fetched
                .stale
                .as_ref()
                .map(|stale| {
                    format!(
                        "cannot be fetched ({}); the copy fetched {} is used",
                        stale.problem, stale.fetched
                    )
                })
                .or_else(|| fetched.not_kept.clone()),
            Err(reason) => Some(format!(
                "{reason}: the space's bookings are not counted until it can be"
            )),
        };
        if matches!(&result, Ok(f) if f.stale.is_none()) {
            entry.0 = Some(now);
        }
        match (&entry.1, &problem) {
            (old, Some(new)) if old.as_ref() != Some(new) => {
                eprintln!("lernort-gateway: warning: co-working: bookings {url}: {new}");
            }
            (Some(_), None) => {
                eprintln!("lernort-gateway: co-working: bookings {url} fetched again")
            }
            _ => {}
        }
        entry.1 = problem;
    }

    /// Each URL's status at the clock's now.
    pub fn status(&self) -> Vec<RemoteStatus> {
        let now = (self.clock)();
        let limit = 3 * self.every.as_secs() as i64;
        lock(&self.state)
            .iter()
            .map(|(url, (fetched_at, problem))| RemoteStatus {
                url: url.clone(),
                fetched_at: *fetched_at,
                problem: problem.clone(),
                stale: fetched_at.is_none_or(|at| now - at > limit),
            })
            .collect()
    }
}
