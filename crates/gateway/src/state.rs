//! What the gateway knows about the built app, kept current when dist/ is rebuilt.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

use http::HeaderValue;

use crate::config::Config;
use crate::coworking::Coworking;
use crate::csp::{self, InvalidPolicy};
use crate::dist_files::FileCache;
use crate::floor::Floor;

/// The shared state of every request handler: the configuration, a snapshot of the
/// built app (whether it is built, its Content-Security-Policy) and the floor stream,
/// if one is attached ([`AppState::with_floor`]). Cheap to clone.
///
/// The snapshot is re-read when `index.html` changes: a new build has a new start-up
/// script, whose hash the policy must carry, so a gateway that kept the old policy would
/// serve a blank page after a deploy.
#[derive(Clone, Debug)]
pub struct AppState {
    inner: Arc<Inner>,
    floor: Option<Floor>,
    coworking: Option<Coworking>,
}

#[derive(Debug)]
struct Inner {
    config: Config,
    snapshot: RwLock<Arc<Snapshot>>,
    /// The files of dist read lately (see `dist_files`).
    files: FileCache,
}

/// What one look at dist/ found.
#[derive(Debug)]
struct Snapshot {
    app: App,
    csp: HeaderValue,
    /// The host of the installed centre's `site_url` (`dist/centre/centre.json`), if any.
    site_host: Option<String>,
    /// Modification time of `index.html` when it was read, to notice a rebuild.
    stamp: Option<SystemTime>,
}

/// Whether there is a built app to serve.
#[derive(Debug)]
enum App {
    /// The canonical path of the dist directory, which has an `index.html`.
    Built { root: PathBuf },
    /// Why nothing can be served.
    NotBuilt { reason: String },
}

impl Snapshot {
    fn load(dist: &Path) -> Result<Snapshot, LoadError> {
        let stamp = index_stamp(dist);
        let (app, html) = inspect_dist(dist);
        let meta = html.as_deref().and_then(csp::meta_policy);
        let csp = csp::header_value(meta.as_deref()).map_err(LoadError::InvalidPolicy)?;
        let site_host = site_host(dist);
        Ok(Snapshot {
            app,
            csp,
            site_host,
            stamp,
        })
    }
}

/// The host of `site_url` in the centre config `lernort-dist finish` installed.
fn site_host(dist: &Path) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Centre {
        site_url: Option<String>,
    }
    let text = std::fs::read_to_string(dist.join("centre").join("centre.json")).ok()?;
    let url = serde_json::from_str::<Centre>(&text).ok()?.site_url?;
    let uri = url.parse::<http::Uri>().ok()?;
    uri.host().map(str::to_ascii_lowercase)
}

fn index_stamp(dist: &Path) -> Option<SystemTime> {
    std::fs::metadata(dist.join("index.html"))
        .and_then(|m| m.modified())
        .ok()
}

impl AppState {
    /// Looks at the dist directory: whether it holds `index.html`, and the
    /// Content-Security-Policy its meta tag declares.
    ///
    /// A missing or unreadable dist or `index.html` is not an error: the state
    /// is then *degraded* (see [`AppState::degraded_reason`]) and pages answer
    /// 503 until it is built. Only a policy that cannot be sent as a header is an error.
    pub fn load(config: Config) -> Result<Self, LoadError> {
        let snapshot = Snapshot::load(&config.dist)?;
        Ok(AppState {
            inner: Arc::new(Inner {
                config,
                snapshot: RwLock::new(Arc::new(snapshot)),
                files: FileCache::default(),
            }),
            floor: None,
            coworking: None,
        })
    }

    /// The state with `floor` attached: `{base}floor` streams it, `{base}metrics` and
    /// `{base}healthz` report it. Without one, `{base}floor` and `{base}metrics` answer 503.
    pub fn with_floor(self, floor: Floor) -> Self {
        AppState {
            floor: Some(floor),
            ..self
        }
    }

    /// The state with co-working attached: `{base}api/coworking` serves its status.
    /// Without it, that endpoint answers 404.
    pub fn with_coworking(self, coworking: Coworking) -> Self {
        AppState {
            coworking: Some(coworking),
            ..self
        }
    }

    /// The attached co-working, if any.
    pub fn coworking(&self) -> Option<&Coworking> {
        self.coworking.as_ref()
    }

    /// The attached floor stream, if any.
    pub fn floor(&self) -> Option<&Floor> {
        self.floor.as_ref()
    }

    /// The current snapshot, re-read first when `index.html` has changed since (one
    /// `stat` per call). A rebuilt dist whose policy is unusable keeps the last good one.
    fn current(&self) -> Arc<Snapshot> {
        let stamp = index_stamp(&self.inner.config.dist);
        let cached = match self.inner.snapshot.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        if cached.stamp == stamp {
            return cached;
        }
        match Snapshot::load(&self.inner.config.dist) {
            Ok(fresh) => {
                let fresh = Arc::new(fresh);
                match self.inner.snapshot.write() {
                    Ok(mut guard) => *guard = fresh.clone(),
                    Err(poisoned) => *poisoned.into_inner() = fresh.clone(),
                }
                fresh
            }
            Err(error) => {
                eprintln!("lernort-gateway: warning: kept the previous build's policy: {error}");
                cached
            }
        }
    }

    /// The configuration the state was loaded with.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Why the app cannot be served (dist or `index.html` missing), or `None`
    /// when it is built.
    pub fn degraded_reason(&self) -> Option<String> {
        match &self.current().app {
            App::Built { .. } => None,
            App::NotBuilt { reason } => Some(reason.clone()),
        }
    }

    /// The cache the files of dist are read through.
    pub(crate) fn file_cache(&self) -> FileCache {
        self.inner.files.clone()
    }

    /// The canonical dist directory, when the app is built.
    pub fn root(&self) -> Option<PathBuf> {
        match &self.current().app {
            App::Built { root } => Some(root.clone()),
            App::NotBuilt { .. } => None,
        }
    }

    /// The host of the centre's `site_url`, as installed in dist (re-read with a rebuild).
    pub fn site_host(&self) -> Option<String> {
        self.current().site_host.clone()
    }

    /// The `Content-Security-Policy` header value sent with every response.
    pub fn content_security_policy(&self) -> HeaderValue {
        self.current().csp.clone()
    }
}

/// Finds the canonical dist directory and reads its `index.html`.
fn inspect_dist(dist: &Path) -> (App, Option<String>) {
    let shown = dist.display();
    let root = match std::fs::canonicalize(dist) {
        Ok(root) if root.is_dir() => root,
        Ok(_) => {
            let reason = format!("{shown} is not a directory");
            return (App::NotBuilt { reason }, None);
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            let reason = format!("the app has not been built: {shown} does not exist");
            return (App::NotBuilt { reason }, None);
        }
        Err(error) => {
            let reason = format!("cannot open {shown}: {error}");
            return (App::NotBuilt { reason }, None);
        }
    };
    let index = root.join("index.html");
    match std::fs::read(&index) {
        Ok(bytes) => {
            let html = String::from_utf8_lossy(&bytes).into_owned();
            (App::Built { root }, Some(html))
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            let reason = format!("the app has not been built: {shown} has no index.html");
            (App::NotBuilt { reason }, None)
        }
        Err(error) => {
            let reason = format!("cannot read {}: {error}", dist.join("index.html").display());
            (App::NotBuilt { reason }, None)
        }
    }
}

/// Why the gateway cannot start with this dist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// The meta tag's policy cannot be sent as a header.
    InvalidPolicy(InvalidPolicy),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::InvalidPolicy(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LoadError::InvalidPolicy(error) => Some(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::site_host;

    #[test]
    fn the_site_host_comes_from_the_installed_centre_config() {
        let dist = tempfile::tempdir().expect("temp dir");
        assert_eq!(site_host(dist.path()), None, "no centre installed");
        std::fs::create_dir_all(dist.path().join("centre")).expect("mkdir");
        let write = |json: &str| {
            std::fs::write(dist.path().join("centre/centre.json"), json).expect("write")
        };
        write(r#"{"name": "DiLAS", "site_url": "https://Dilas.Soest.de/lernort/"}"#);
        assert_eq!(site_host(dist.path()).as_deref(), Some("dilas.soest.de"));
        write(r#"{"name": "DiLAS"}"#);
        assert_eq!(site_host(dist.path()), None);
    }
}
