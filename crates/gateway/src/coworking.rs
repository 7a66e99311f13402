//! Co-working availability: `GET {base}api/coworking` (docs/coworking-format.md).
//!
//! The status document is computed on request from the centre's co-working config, the
//! spaces' booking calendars (.ics) and the live floor's presence, at the time of the
//! state's clock (injectable, for tests). The files are read once and again only when one
//! of them changes on disk (one `stat` per file and request), like `index.html`'s policy.
//! A config or calendar that cannot be read makes the endpoint answer 503 with the
//! reason as plain text, logged once; the rest of the gateway is not affected.
//!
//! Booking calendars given by URL are fetched by [`RemoteBookings`] (started by
//! [`Coworking::start_fetching`]) into their last good copies, which are read like files.
//!
//! A background task ([`Coworking::start_sampling`]) takes a sample of the load every
//! `sample_every_s` seconds into the load history (`lernort_coworking::history`) and saves
//! it, so the typical load by weekday and hour survives restarts.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, Weak};
use std::time::{Duration, SystemTime};

use axum::body::Body;
use axum::extract::State;
use axum::response::Response;
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use http::{HeaderValue, StatusCode};
use lernort_coworking::config::Config as SpacesConfig;
use lernort_coworking::derive::Sources;
use lernort_coworking::history::{sample, History};
use lernort_coworking::presence::PresenceMap;
use lernort_coworking::CoworkingStatus;
use lernort_floor_protocol::SourceState;
use tokio::task::AbortHandle;

use crate::config::CoworkingConfig;
use crate::floor::Floor;
use crate::remote_bookings::RemoteBookings;
use crate::responses::plain_no_store;
use crate::state::AppState;

/// The time now, Unix seconds. The gateway uses [`system_clock`]; tests pass one they set.
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// The programs' clock (`lernort_time::clock`: the system's, or `LERNORT_NOW` in the
/// end-to-end tests) as a [`Clock`].
pub fn system_clock() -> Clock {
    Arc::new(lernort_time::clock::unix_seconds)
}

/// The co-working sources, their cache and the load history. Cheap to clone.
#[derive(Clone)]
pub struct Coworking {
    inner: Arc<Inner>,
}

struct Inner {
    config: CoworkingConfig,
    clock: Clock,
    cache: Mutex<Cache>,
    history: Mutex<History>,
    sampler: Mutex<Option<AbortHandle>>,
    remote: Arc<RemoteBookings>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let Some(handle) = lock(&self.sampler).take() {
            handle.abort();
        }
    }
}

/// A file's modification time and length, to notice a change.
type Stamp = Option<(SystemTime, u64)>;

/// The files looked at with their stamps when read.
type Stamps = Vec<(PathBuf, Stamp)>;

/// What reading the files gave, and which floor segments belong to which space: resolved
/// once per reading (the floor's layout is fixed while the gateway runs), not per request.
struct Loaded {
    sources: Sources,
    presence: OnceLock<PresenceMap>,
}

#[derive(Default)]
struct Cache {
    /// The files looked at and their stamps when read, and what reading them gave.
    loaded: Option<(Stamps, Result<Arc<Loaded>, String>)>,
    /// The last problem written to the log, so each is logged once.
    logged: Option<String>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn stamp(path: &Path) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

impl Coworking {
    /// The co-working of `config`, on `clock`. Reads the load history (or, when it does
    /// not exist yet, the seed `history.json` beside the co-working config); the config
    /// itself is read on the first request.
    pub fn new(config: CoworkingConfig, clock: Clock) -> Coworking {
        let history = initial_history(&config);
        let remote = Arc::new(RemoteBookings::new(
            config.config.clone(),
            Duration::from_secs(config.bookings_refresh_s),
            Duration::from_secs(config.bookings_timeout_s),
            clock.clone(),
        ));
        Coworking {
            inner: Arc::new(Inner {
                config,
                remote,
                clock,
                cache: Mutex::new(Cache::default()),
                history: Mutex::new(history),
                sampler: Mutex::new(None),
            }),
        }
    }

    /// The settings.
    pub fn config(&self) -> &CoworkingConfig {
        &self.inner.config
    }

    /// The sources, re-read when a file changed since; or why they cannot be read.
    fn sources(&self) -> Result<Arc<Loaded>, String> {
        let mut cache = lock(&self.inner.cache);
        if let Some((stamps, result)) = &cache.loaded {
            if stamps.iter().all(|(path, s)| stamp(path) == *s) {
                return result.clone();
            }
        }
        let path = &self.inner.config.config;
        let result = Sources::load(path)
            .map(|sources| {
                for warning in &sources.warnings {
                    eprintln!("lernort-gateway: warning: co-working: {warning}");
                }
                Arc::new(Loaded {
                    sources,
                    presence: OnceLock::new(),
                })
            })
            .map_err(|e| format!("co-working is unavailable: {e}"));
        // The files to watch: those the config names (read again only when a calendar
        // failed, so that its repair is noticed), or, when the config itself cannot be
        // read, the config and the default centre config.
        let files = match &result {
            Ok(loaded) => loaded.sources.config.files(),
            Err(_) => SpacesConfig::load(path).map_or_else(
                |_| {
                    let dir = path.parent().unwrap_or(Path::new(""));
                    vec![path.clone(), dir.join("../centre.json")]
                },
                |config| config.files(),
            ),
        };
        let stamps: Stamps = files
            .into_iter()
            .map(|f| {
                let s = stamp(&f);
                (f, s)
            })
            .collect();
        match &result {
            Err(reason) if cache.logged.as_ref() != Some(reason) => {
                eprintln!("lernort-gateway: warning: {reason}");
                cache.logged = Some(reason.clone());
            }
            Ok(_) if cache.logged.take().is_some() => {
                eprintln!(
                    "lernort-gateway: co-working: {} can be read again",
                    path.display()
                );
            }
            _ => {}
        }
        cache.loaded = Some((stamps, result.clone()));
        result
    }

    /// The status document now, with presence from `floor` (when it runs and its source
    /// is not down) and the load from the history; or why it cannot be made.
    pub fn status(&self, floor: Option<&Floor>) -> Result<CoworkingStatus, String> {
        let loaded = self.sources()?;
        let now = (self.inner.clock)();
        let presence = floor.map_or_else(HashMap::new, |floor| presence(&loaded, floor));
        let mut status = loaded.sources.status_at(&presence, now);
        status.load = lock(&self.inner.history).load();
        Ok(status)
    }

    /// Takes one sample of the load now into the history and saves it (when a history
    /// path is configured). Returns the fraction recorded, `None` when closed, without
    /// desks or when the sources cannot be read.
    pub fn sample_now(&self, floor: Option<&Floor>) -> Option<f64> {
        let status = self.status(floor).ok()?;
        let fraction = sample(&status)?;
        let mut history = lock(&self.inner.history);
        history.record(status.generated, fraction);
        if let Some(path) = &self.inner.config.history {
            if let Err(error) = history.save(path) {
                let reason = format!("cannot save the co-working history: {error}");
                let mut cache = lock(&self.inner.cache);
                if cache.logged.as_ref() != Some(&reason) {
                    eprintln!("lernort-gateway: warning: {reason}");
                    cache.logged = Some(reason);
                }
            }
        }
        Some(fraction)
    }

    /// The load history so far.
    pub fn history(&self) -> History {
        lock(&self.inner.history).clone()
    }

    /// Starts the background task that calls [`Coworking::sample_now`] every
    /// `sample_every_s` seconds (the first after one period). It stops when the last
    /// clone of this `Coworking` is dropped. Must be called within a Tokio runtime.
    pub fn start_sampling(&self, floor: Option<Floor>) {
        let weak: Weak<Inner> = Arc::downgrade(&self.inner);
        let period = Duration::from_secs(self.inner.config.sample_every_s.max(1));
        let task = tokio::spawn(async move {
            let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
            loop {
                ticks.tick().await;
                let Some(inner) = weak.upgrade() else {
                    break;
                };
                Coworking { inner }.sample_now(floor.as_ref());
            }
        });
        if let Some(old) = lock(&self.inner.sampler).replace(task.abort_handle()) {
            old.abort();
        }
    }

    /// Starts fetching the booking calendars given by URL: now, then every
    /// `bookings_refresh_s`. Must be called within a Tokio runtime.
    pub fn start_fetching(&self) {
        self.inner.remote.start();
    }

    /// The booking calendars given by URL and how their fetching stands.
    pub fn remote_bookings(&self) -> &RemoteBookings {
        &self.inner.remote
    }

    /// Reads the sources once, for the start-up message: the number of spaces, or why not.
    pub fn check(&self) -> Result<usize, String> {
        self.sources().map(|l| l.sources.config.spaces.len())
    }
}

impl fmt::Debug for Coworking {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Coworking")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

/// The history to start from: the saved one, else the seed beside the config, else empty.
fn initial_history(config: &CoworkingConfig) -> History {
    let seed = config.config.parent().map(|d| d.join("history.json"));
    let candidates = config
        .history
        .iter()
        .filter(|p| p.exists())
        .chain(seed.iter().filter(|p| p.exists()));
    for path in candidates {
        match History::read(path) {
            Ok(history) => return history,
            Err(error) => {
                eprintln!("lernort-gateway: warning: co-working history not used: {error}")
            }
        }
    }
    History::default()
}

/// Who is where, from the floor's latest state.
fn presence(loaded: &Loaded, floor: &Floor) -> HashMap<String, bool> {
    let (Some(layout), Some(state)) = (floor.layout(), floor.current()) else {
        return HashMap::new();
    };
    if state.source == SourceState::Down {
        return HashMap::new();
    }
    let under_feet = floor.under_feet();
    loaded
        .presence
        .get_or_init(|| PresenceMap::resolve(&loaded.sources.config, layout).0)
        .present(&state.values, |segment| under_feet.contains(&segment))
}

/// `GET {base}api/coworking`: the status document as JSON (`Cache-Control: no-store`);
/// 404 when co-working is not configured, 503 with the reason when its files cannot be
/// read.
pub async fn coworking_handler(State(state): State<AppState>) -> Response {
    let Some(coworking) = state.coworking() else {
        return plain_no_store(
            StatusCode::NOT_FOUND,
            "co-working is not configured on this gateway\n".into(),
        );
    };
    match coworking.status(state.floor()) {
        Ok(status) => {
            let mut response = Response::new(Body::from(status.to_json()));
            let headers = response.headers_mut();
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(reason) => plain_no_store(StatusCode::SERVICE_UNAVAILABLE, format!("{reason}\n")),
    }
}
