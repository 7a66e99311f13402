//! Listening, serving and stopping.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::io;
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::config::ListenAddr;

/// How long open connections may take to finish after a shutdown signal
/// before the gateway stops anyway (long-lived streams would wait forever).
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Starts listening on `addr`.
///
/// A port that is taken gives [`ServeError::AddrInUse`].
pub async fn bind(addr: &ListenAddr) -> Result<TcpListener, ServeError> {
    TcpListener::bind((addr.host.as_str(), addr.port))
        .await
        .map_err(|source| match source.kind() {
            io::ErrorKind::AddrInUse => ServeError::AddrInUse { addr: addr.clone() },
            io::ErrorKind::PermissionDenied => ServeError::PermissionDenied { addr: addr.clone() },
            _ => ServeError::Bind {
                addr: addr.clone(),
                source,
            },
        })
}

/// Serves `app` on `listener` until `shutdown` completes, then stops taking
/// connections and lets open ones finish for up to [`SHUTDOWN_GRACE`].
pub async fn serve<F>(listener: TcpListener, app: Router, shutdown: F) -> Result<(), ServeError>
where
    F: Future<Output = ()> + Send + 'static,
{
    let (stopping, stopped) = oneshot::channel::<()>();
    let signal = async move {
        shutdown.await;
        let _ = stopping.send(());
    };
    let server = axum::serve(listener, app)
        .with_graceful_shutdown(signal)
        .into_future();
    let grace = async move {
        if stopped.await.is_err() {
            std::future::pending::<()>().await;
        }
        tokio::time::sleep(SHUTDOWN_GRACE).await;
    };
    tokio::select! {
        result = server => result.map_err(ServeError::Serve),
        () = grace => Ok(()),
    }
}

/// A future that completes on Ctrl-C (SIGINT) or SIGTERM.
///
/// The signal handlers are installed when this is called (inside a Tokio
/// runtime), not when the future is first polled, so no signal is missed.
pub fn shutdown_signal() -> Result<impl Future<Output = ()> + Send + 'static, ServeError> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut interrupt = signal(SignalKind::interrupt()).map_err(ServeError::Signal)?;
        let mut terminate = signal(SignalKind::terminate()).map_err(ServeError::Signal)?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
    }
}

/// Why the gateway could not listen or stopped with an error.
#[derive(Debug)]
pub enum ServeError {
    /// Another program already listens on the port.
    AddrInUse {
        /// The address asked for.
        addr: ListenAddr,
    },
    /// The system does not allow listening there (e.g. a port below 1024).
    PermissionDenied {
        /// The address asked for.
        addr: ListenAddr,
    },
    /// Any other failure to listen (unknown host, address not on this machine …).
    Bind {
        /// The address asked for.
        addr: ListenAddr,
        /// What the system said.
        source: io::Error,
    },
    /// The Ctrl-C / SIGTERM handlers could not be installed.
    Signal(io::Error),
    /// The server loop failed.
    Serve(io::Error),
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::AddrInUse { addr } => write!(
                f,
                "port {} is already in use ({addr}). Stop the other program or choose another address with --addr.",
                addr.port
            ),
            ServeError::PermissionDenied { addr } => write!(
                f,
                "not allowed to listen on {addr} (ports below 1024 need extra rights). Choose another address with --addr."
            ),
            ServeError::Bind { addr, source } => write!(f, "cannot listen on {addr}: {source}"),
            ServeError::Signal(source) => {
                write!(f, "cannot watch for Ctrl-C and SIGTERM: {source}")
            }
            ServeError::Serve(source) => write!(f, "the server stopped with an error: {source}"),
        }
    }
}

impl std::error::Error for ServeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServeError::Bind { source, .. }
            | ServeError::Signal(source)
            | ServeError::Serve(source) => Some(source),
            ServeError::AddrInUse { .. } | ServeError::PermissionDenied { .. } => None,
        }
    }
}
