//! The Lernort gateway: serves the built app (Trunk's `dist/`) under a base
//! path, with the right Content-Type, pre-compressed copies, caching and
//! security headers; later also the live floor stream and co-working data.
//!
//! The pieces, in the order [`run`] uses them:
//!
//! * [`cli::parse_args`] turns the command line into a [`Config`];
//! * [`AppState::load`] looks at dist once (is it built? which
//!   Content-Security-Policy does `index.html` declare?);
//! * [`router`] builds the [`axum::Router`]: [`routes`] (relative to the base
//!   path: `/healthz` and the files) wrapped by [`mount`];
//! * [`bind`] listens, [`serve`] answers until [`shutdown_signal`] fires.
//!
//! Privacy: the gateway logs no requests and never writes client IP addresses
//! anywhere; it sets no cookies.

#![warn(missing_docs)]

pub mod base;
pub mod cache;
pub mod cli;
pub mod config;
pub mod content_type;
pub mod csp;
pub mod encoding;
mod files;
mod health;
mod responses;
mod router;
mod security;
mod serve;
mod state;

use std::fmt;

pub use base::{BasePath, BasePathError};
pub use config::{AddrError, Config, ListenAddr};
pub use files::serve_file;
pub use health::{health_json, healthz};
pub use router::{mount, router, routes};
pub use security::{add_security_headers, PERMISSIONS_POLICY};
pub use serve::{bind, serve, shutdown_signal, ServeError, SHUTDOWN_GRACE};
pub use state::{AppState, LoadError};

/// The crate version, as reported by `/healthz` and `--version`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Runs the gateway until Ctrl-C or SIGTERM: loads dist, listens, prints
/// `lernort-gateway: serving <dist> at http://<addr><base>`, serves, and
/// prints `lernort-gateway: stopped` after a graceful shutdown.
///
/// When dist is not built it still serves (pages answer 503) and first prints
/// a one-line warning to stderr.
pub async fn run(config: Config) -> Result<(), Error> {
    let state = AppState::load(config)?;
    if let Some(reason) = state.degraded_reason() {
        eprintln!("lernort-gateway: warning: {reason}; pages answer 503 until it is built (./scripts/run builds it)");
    }
    let config = state.config();
    let listener = bind(&config.addr).await?;
    let shown_addr = listener
        .local_addr()
        .map_or_else(|_| config.addr.to_string(), |addr| addr.to_string());
    let shutdown = shutdown_signal()?;
    println!(
        "lernort-gateway: serving {} at http://{shown_addr}{}",
        config.dist.display(),
        config.base
    );
    serve(listener, router(state), shutdown).await?;
    println!("lernort-gateway: stopped");
    Ok(())
}

/// Why [`run`] failed.
#[derive(Debug)]
pub enum Error {
    /// dist could not be used.
    Load(LoadError),
    /// Listening or serving failed.
    Serve(ServeError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Load(error) => write!(f, "{error}"),
            Error::Serve(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Load(error) => Some(error),
            Error::Serve(error) => Some(error),
        }
    }
}

impl From<LoadError> for Error {
    fn from(error: LoadError) -> Self {
        Error::Load(error)
    }
}

impl From<ServeError> for Error {
    fn from(error: ServeError) -> Self {
        Error::Serve(error)
    }
}
