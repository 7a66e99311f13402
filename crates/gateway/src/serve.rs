//! Listening, serving and stopping.

use std::fmt;
use std::future::Future;
use std::io;
use std::time::Duration;

use axum::body::Body;
use axum::Router;
use http::Request;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio_util::task::TaskTracker;
use tower::Service;

use crate::config::{ListenAddr, ServerLimits};
use crate::connections::{Activity, Admission, ConnectionSocket, Watched, BUSY_RESPONSE};

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

/// Serves `app` on `listener` under `limits` until `shutdown` completes, then stops
/// taking connections and lets open requests finish for up to [`SHUTDOWN_GRACE`].
///
/// Each connection is admitted by `admission` (one more than a cap allows reads
/// [`BUSY_RESPONSE`] and is closed at once, before any of its bytes are read), must send
/// each request head within the header timeout, and is closed when nothing moves on it
/// for the idle timeout. Floor streams leave this watch when they are upgraded; their
/// permit goes with their socket.
pub async fn serve<F>(
    listener: TcpListener,
    app: Router,
    limits: &ServerLimits,
    admission: Admission,
    shutdown: F,
) -> Result<(), ServeError>
where
    F: Future<Output = ()> + Send + 'static,
{
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout())
        .max_buf_size(MAX_HEAD_BYTES)
        .max_headers(MAX_HEADERS);
    let idle = limits.idle_timeout();
    let (stopping, _) = watch::channel(false);
    let tracker = TaskTracker::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    pause_after(&error).await;
                    continue;
                }
            },
        };
        let permit = match admission.admit(peer.ip()) {
            Ok(permit) => permit,
            Err(_) => {
                // Not awaited: a full server must not wait on the client it refuses.
                let _ = stream.try_write(BUSY_RESPONSE);
                continue;
            }
        };
        let activity = Activity::new();
        let socket = ConnectionSocket::of(&stream);
        let io = TokioIo::new(Watched::new(stream, activity.clone(), permit));
        let app = app.clone();
        let service = service_fn(move |request: Request<Incoming>| {
            let mut request = request.map(Body::new);
            request.extensions_mut().insert(socket);
            app.clone().call(request)
        });
        let connection = http.serve_connection(io, service).with_upgrades();
        let mut stopping = stopping.subscribe();
        tracker.spawn(async move {
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {
                    // Closed, or upgraded to a floor stream, which is watched by its send
                    // timeouts instead.
                    activity.stop_watching();
                    return;
                }
                () = activity.silent_for(idle) => return,
                _ = stopping.wait_for(|stop| *stop) => {}
            }
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        });
    }
    drop(listener);
    let _ = stopping.send(true);
    tracker.close();
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, tracker.wait()).await;
    Ok(())
}

/// Largest request head (request line and headers) in bytes; a larger one is answered 431.
const MAX_HEAD_BYTES: usize = 16 * 1024;

/// Most header fields in one request; more are answered 431.
const MAX_HEADERS: usize = 64;

/// After a failed accept: out of file descriptors (or memory) is not a reason to stop, but
/// trying again at once would spin; anything else (a client that reset before it was
/// accepted) is retried at once.
async fn pause_after(error: &io::Error) {
    let out_of_resources = matches!(error.raw_os_error(), Some(23 | 24 | 12 | 105));
    if out_of_resources {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Raises the soft open-files limit to the hard limit and returns it: every connection is
/// a file, and the common default soft limit of 1024 is far below what the gateway can
/// hold. Where the limit cannot be read (not Unix), 1024 is assumed.
pub fn raise_open_files_limit() -> u64 {
    #[cfg(unix)]
    {
        if let Ok(raised) = rlimit::increase_nofile_limit(u64::MAX) {
            return raised;
        }
        if let Ok((soft, _)) = rlimit::getrlimit(rlimit::Resource::NOFILE) {
            return soft;
        }
    }
    1024
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
        }
    }
}

impl std::error::Error for ServeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServeError::Bind { source, .. } | ServeError::Signal(source) => Some(source),
            ServeError::AddrInUse { .. } | ServeError::PermissionDenied { .. } => None,
        }
    }
}
