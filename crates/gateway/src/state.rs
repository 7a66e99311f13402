//! What the gateway learns about the built app at start-up.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use http::HeaderValue;

use crate::config::Config;
use crate::csp::{self, InvalidPolicy};

/// The shared state of every request handler: the configuration, whether the
/// app is built, and the Content-Security-Policy header. Cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: Config,
    app: App,
    csp: HeaderValue,
}

/// Whether there is a built app to serve.
#[derive(Debug)]
enum App {
    /// The canonical path of the dist directory, which has an `index.html`.
    Built { root: PathBuf },
    /// Why nothing can be served.
    NotBuilt { reason: String },
}

impl AppState {
    /// Looks at the dist directory once: whether it holds `index.html`, and
    /// the Content-Security-Policy its meta tag declares.
    ///
    /// A missing or unreadable dist or `index.html` is not an error: the state
    /// is then *degraded* (see [`AppState::degraded_reason`]) and pages answer
    /// 503. Only a policy that cannot be sent as a header is an error.
    pub fn load(config: Config) -> Result<Self, LoadError> {
        let (app, html) = inspect_dist(&config.dist);
        let meta = html.as_deref().and_then(csp::meta_policy);
        let csp = csp::header_value(meta.as_deref()).map_err(LoadError::InvalidPolicy)?;
        Ok(AppState {
            inner: Arc::new(Inner { config, app, csp }),
        })
    }

    /// The configuration the state was loaded with.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Why the app cannot be served (dist or `index.html` missing), or `None`
    /// when it is built.
    pub fn degraded_reason(&self) -> Option<&str> {
        match &self.inner.app {
            App::Built { .. } => None,
            App::NotBuilt { reason } => Some(reason),
        }
    }

    /// The canonical dist directory, when the app is built.
    pub fn root(&self) -> Option<&Path> {
        match &self.inner.app {
            App::Built { root } => Some(root),
            App::NotBuilt { .. } => None,
        }
    }

    /// The `Content-Security-Policy` header value sent with every response.
    pub fn content_security_policy(&self) -> &HeaderValue {
        &self.inner.csp
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
