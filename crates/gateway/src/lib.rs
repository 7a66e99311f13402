//! The Lernort gateway: serves the built app (Trunk's `dist/`) under a base
//! path, with the right Content-Type, pre-compressed copies, caching and
//! security headers, and the live sensor floor as a read-only WebSocket stream.
//!
//! The pieces, in the order [`run`] uses them:
//!
//! * [`cli::parse_args`] turns the command line into [`cli::Options`], whose
//!   [`load`](cli::Options::load) reads the config file ([`config_file`]) into a [`Config`];
//! * [`AppState::load`] looks at dist once (is it built? which
//!   Content-Security-Policy does `index.html` declare?);
//! * [`Coworking::new`] prepares co-working availability when `[coworking]` is configured
//!   (attached with [`AppState::with_coworking`]; it samples the load history in the
//!   background);
//! * [`Floor::start`] reads the floor layout and starts its source and hub; it is
//!   attached with [`AppState::with_floor`];
//! * [`router`] builds the [`axum::Router`]: [`routes`] (relative to the base
//!   path: `/healthz`, `/floor`, `/api/coworking` and the files) wrapped by [`mount`];
//!   [`admin_router`] the operator's (`/metrics`, detailed `/healthz`), on a loopback
//!   listener of its own;
//! * [`raise_open_files_limit`] and [`ServerLimits::caps`] give the connection caps an
//!   [`Admission`] counts against;
//! * [`bind`] listens, [`serve`] answers (header and idle timeouts, the caps) until
//!   [`shutdown_signal`] fires, then [`Floor::close`] says goodbye to the floor's clients.
//!
//! docs/gateway.md describes the command line, the config file and the endpoints.
//!
//! Privacy: the gateway logs no requests and never writes client IP addresses
//! anywhere; it sets no cookies.

#![warn(missing_docs)]

mod admin;
pub mod base;
pub mod cache;
pub mod cli;
pub mod config;
pub mod config_file;
mod connections;
pub mod content_type;
pub mod coworking;
pub mod csp;
mod dist_files;
mod files;
mod floor;
mod health;
pub mod remote_bookings;
mod responses;
mod router;
mod security;
mod serve;
mod state;

use std::fmt;

pub use admin::{admin_router, AdminState};
pub use base::{BasePath, BasePathError};
pub use config::{
    is_known_host, AddrError, AllowedOrigin, Config, CoworkingConfig, FloorConfig, Limits,
    ListenAddr, MetricsAddr, ServerLimits, RESERVED_FILES,
};
pub use config_file::ConfigFileError;
pub use connections::{Admission, ConnectionCounts, Refusal};
pub use coworking::{coworking_handler, system_clock, Clock, Coworking};
pub use files::serve_file;
pub use floor::{floor_handler, floor_picture_handler, floor_png, Floor, FloorState, Metrics};
pub use health::{health_details, healthz, is_degraded};
pub use router::{mount, router, routes};
pub use security::{add_security_headers, PERMISSIONS_POLICY};
pub use serve::{bind, raise_open_files_limit, serve, shutdown_signal, ServeError, SHUTDOWN_GRACE};
pub use state::{AppState, LoadError};

/// The crate version, as reported by `/healthz` and `--version`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// How long [`run`] waits for the floor's clients to take their close frames.
const FLOOR_GOODBYE: std::time::Duration = std::time::Duration::from_secs(1);

/// Runs the gateway until Ctrl-C or SIGTERM: loads dist, starts the floor, listens,
/// prints `lernort-gateway: serving <dist> at http://<addr><base>` (which [`announced`]
/// reads), serves, and prints `lernort-gateway: stopped` after a graceful shutdown.
///
/// When dist is not built it still serves (pages answer 503) and first prints
/// a one-line warning to stderr; so it does when the floor layout is missing or
/// broken (`<base>floor` answers 503).
pub async fn run(config: Config) -> Result<(), Error> {
    let floor = Floor::start(&config.floor, &config.limits);
    let mut state = AppState::load(config)?.with_floor(floor.clone());
    if let Some(settings) = &state.config().coworking {
        let coworking = Coworking::new(settings.clone(), system_clock());
        coworking.start_sampling(Some(floor.clone()));
        coworking.start_fetching();
        // A problem is logged by `check`; the endpoint answers 503 until it is fixed.
        if let Ok(spaces) = coworking.check() {
            println!(
                "lernort-gateway: co-working: {spaces} spaces from {}, at {}api/coworking",
                settings.config.display(),
                state.config().base
            );
        }
        state = state.with_coworking(coworking);
    }
    if let Some(reason) = state.degraded_reason() {
        eprintln!("lernort-gateway: warning: {reason}; pages answer 503 until it is built (./scripts/run builds it)");
    }
    if let Some(reason) = floor.unavailable_reason() {
        eprintln!("lernort-gateway: warning: {reason}; the floor stream answers 503");
    }
    let config = state.config();
    let open_files = raise_open_files_limit();
    let (max, per_client) = config.server.caps(open_files);
    let admission = Admission::new(max, per_client);
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
    println!(
        "lernort-gateway: limits: {max} connections, {per_client} per client (open files: {open_files}), request head within {} ms, idle {} ms",
        config.server.header_timeout_ms, config.server.idle_timeout_ms
    );
    if let Some(clock) = lernort_time::clock::describe() {
        println!("lernort-gateway: {clock}");
    }
    if let Some(layout) = floor.layout() {
        println!(
            "lernort-gateway: floor: {} modules from {}, source: {}, stream at {}floor",
            layout.modules.len(),
            config.floor.layout.display(),
            source_kind(&config.floor.source),
            config.base
        );
    }
    if let Some(publish) = &config.floor.publish {
        println!(
            "lernort-gateway: floor: publishing every frame to {}:{}, topic {}",
            publish.host, publish.port, publish.topic
        );
    }
    let (stop_admin, admin_stopped) = tokio::sync::oneshot::channel::<()>();
    let admin = serve_admin(&state, &admission, async {
        let _ = admin_stopped.await;
    })
    .await;
    let served = serve(
        listener,
        router(state.clone()),
        &config.server,
        admission,
        shutdown,
    )
    .await;
    let _ = stop_admin.send(());
    if let Some(admin) = admin {
        let _ = admin.await;
    }
    floor.close(FLOOR_GOODBYE).await;
    served?;
    println!("lernort-gateway: stopped");
    Ok(())
}

/// Starts the operator's listener (`/metrics`, detailed `/healthz`) when one is
/// configured; a failure to listen there is a warning, not a reason to stop serving
/// the site.
async fn serve_admin(
    state: &AppState,
    admission: &Admission,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Option<tokio::task::JoinHandle<Result<(), ServeError>>> {
    let config = state.config();
    let MetricsAddr::At(addr) = &config.server.metrics_addr else {
        return None;
    };
    let listener = match bind(addr).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("lernort-gateway: warning: no /metrics: {error} (set [server] metrics_addr, or \"off\")");
            return None;
        }
    };
    if let Ok(local) = listener.local_addr() {
        println!("lernort-gateway: metrics at http://{local}/metrics (this machine only)");
    }
    let app = admin_router(AdminState {
        app: state.clone(),
        connections: admission.clone(),
    });
    let limits = config.server.clone();
    Some(tokio::spawn(async move {
        serve(listener, app, &limits, Admission::new(64, 64), shutdown).await
    }))
}

/// A listener whose address [`run`] announces when it starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listener {
    /// The site: `lernort-gateway: serving <dist> at http://<addr><base>`.
    Site,
    /// The operator's (`/metrics`): `lernort-gateway: metrics at http://<addr>/metrics …`.
    Metrics,
}

/// Which listener a line [`run`] printed on stdout announces, and its address; `None` for
/// any other line. For programs that start the gateway on port 0 and need its ports.
pub fn announced(line: &str) -> Option<(Listener, std::net::SocketAddr)> {
    let listener = if line.starts_with("lernort-gateway: serving ") {
        Listener::Site
    } else if line.starts_with("lernort-gateway: metrics ") {
        Listener::Metrics
    } else {
        return None;
    };
    let (_, rest) = line.split_once(" at http://")?;
    let addr = rest.split('/').next()?.parse().ok()?;
    Some((listener, addr))
}

/// The `kind` of a source, as written in the config file.
fn source_kind(source: &lernort_floor_sources::SourceConfig) -> &'static str {
    use lernort_floor_sources::SourceConfig;
    match source {
        SourceConfig::Simulator(_) => "simulator",
        SourceConfig::Sensfloor(_) => "sensfloor",
        SourceConfig::Mqtt(_) => "mqtt",
        SourceConfig::Broker(_) => "broker",
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_lines_name_the_listeners() {
        let site = "lernort-gateway: serving /srv/dist at http://127.0.0.1:8080/lernort/";
        let metrics = "lernort-gateway: metrics at http://[::1]:9180/metrics (this machine only)";
        assert_eq!(
            announced(site),
            Some((Listener::Site, "127.0.0.1:8080".parse().expect("address")))
        );
        assert_eq!(
            announced(metrics),
            Some((Listener::Metrics, "[::1]:9180".parse().expect("address")))
        );
        for other in [
            "lernort-gateway: limits: 10 connections, 5 per client",
            "lernort-gateway: serving /srv/dist at http://localhost:8080/",
        ] {
            assert_eq!(announced(other), None, "{other}");
        }
    }
}
