//! Every connection the gateway holds: admitted under two caps (all clients, one
//! client), watched for silence, and given back when its socket closes.
//!
//! Client addresses are only keys of an in-memory count while their connections are
//! open; they are never written anywhere.

use std::collections::HashMap;
use std::io;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Instant;

/// Counts open connections against the caps; cheap to clone (shared counts).
#[derive(Clone, Debug)]
pub struct Admission {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    global: u32,
    per_client: u32,
    open: Mutex<Open>,
    refused_global: AtomicU64,
    refused_per_client: AtomicU64,
}

#[derive(Debug, Default)]
struct Open {
    total: u32,
    by_client: HashMap<ClientKey, u32>,
}

/// What the caps say about one more connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// All clients together hold the global cap.
    Full,
    /// This client holds its share.
    ClientFull,
}

/// The counters of [`Admission`], for `/metrics`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnectionCounts {
    /// The global cap.
    pub max: u32,
    /// The cap per client.
    pub max_per_client: u32,
    /// Open now.
    pub open: u32,
    /// Refused since start because the global cap was reached.
    pub refused_full: u64,
    /// Refused since start because one client held its share.
    pub refused_client_full: u64,
}

impl Admission {
    /// Caps of `global` connections in all and `per_client` from one client.
    pub fn new(global: u32, per_client: u32) -> Admission {
        Admission {
            inner: Arc::new(Inner {
                global,
                per_client,
                open: Mutex::new(Open::default()),
                refused_global: AtomicU64::new(0),
                refused_per_client: AtomicU64::new(0),
            }),
        }
    }

    /// A permit for one more connection from `client`, held as long as its socket is open.
    pub fn admit(&self, client: IpAddr) -> Result<Permit, Refusal> {
        let key = ClientKey::of(client);
        let mut open = self.lock();
        if open.total >= self.inner.global {
            self.inner.refused_global.fetch_add(1, Ordering::Relaxed);
            return Err(Refusal::Full);
        }
        let held = open.by_client.entry(key).or_insert(0);
        if *held >= self.inner.per_client {
            self.inner
                .refused_per_client
                .fetch_add(1, Ordering::Relaxed);
            return Err(Refusal::ClientFull);
        }
        *held += 1;
        open.total += 1;
        Ok(Permit {
            admission: self.clone(),
            key,
        })
    }

    /// The caps and counters now.
    pub fn counts(&self) -> ConnectionCounts {
        ConnectionCounts {
            max: self.inner.global,
            max_per_client: self.inner.per_client,
            open: self.lock().total,
            refused_full: self.inner.refused_global.load(Ordering::Relaxed),
            refused_client_full: self.inner.refused_per_client.load(Ordering::Relaxed),
        }
    }

    fn release(&self, key: ClientKey) {
        let mut open = self.lock();
        open.total = open.total.saturating_sub(1);
        if let Some(held) = open.by_client.get_mut(&key) {
            *held -= 1;
            if *held == 0 {
                open.by_client.remove(&key);
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Open> {
        self.inner
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// One admitted connection; gives its place back when dropped.
#[derive(Debug)]
pub struct Permit {
    admission: Admission,
    key: ClientKey,
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.admission.release(self.key);
    }
}

/// Whom a connection is counted against: an IPv4 address, or an IPv6 client's /64 (one
/// host is usually given a whole /64 and may use any address in it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct ClientKey(u128);

impl ClientKey {
    fn of(address: IpAddr) -> ClientKey {
        match address {
            IpAddr::V4(v4) => ClientKey(u128::from(u32::from(v4))),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => ClientKey(u128::from(u32::from(v4))),
                None => ClientKey((u128::from(v6) & !((1u128 << 64) - 1)) | (1 << 32)),
            },
        }
    }
}

/// The socket a request came on, in the request's extensions: the floor stream shrinks its
/// send buffer before the upgrade.
#[derive(Clone, Copy, Debug)]
pub struct ConnectionSocket {
    #[cfg(unix)]
    fd: std::os::fd::RawFd,
}

impl ConnectionSocket {
    /// The socket of `stream`.
    pub fn of(stream: &tokio::net::TcpStream) -> ConnectionSocket {
        ConnectionSocket {
            #[cfg(unix)]
            fd: std::os::fd::AsRawFd::as_raw_fd(stream),
        }
    }

    /// Sets the kernel's send buffer (`SO_SNDBUF`; Linux doubles it) to `bytes`. Call only
    /// while the request is handled: its connection, and so the socket, is open then.
    pub fn set_send_buffer(&self, bytes: usize) -> io::Result<()> {
        #[cfg(unix)]
        {
            // SAFETY: the descriptor belongs to the connection the request came on, which
            // stays open while the request is handled.
            let fd = unsafe { std::os::fd::BorrowedFd::borrow_raw(self.fd) };
            socket2::SockRef::from(&fd).set_send_buffer_size(bytes)
        }
        #[cfg(not(unix))]
        {
            let _ = bytes;
            Ok(())
        }
    }
}

/// What a refused client reads before its connection is closed.
pub const BUSY_RESPONSE: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Retry-After: 5\r\n\
Connection: close\r\n\
Content-Length: 58\r\n\
\r\n\
Zu viele Verbindungen. Too many connections. Retry soon.\r\n";

/// When a connection last moved a byte, either way, while its silence is watched.
#[derive(Debug)]
pub struct Activity {
    origin: Instant,
    last_ms: AtomicU64,
    watched: AtomicBool,
}

impl Activity {
    /// Activity now.
    pub fn new() -> Arc<Activity> {
        Arc::new(Activity {
            origin: Instant::now(),
            last_ms: AtomicU64::new(0),
            watched: AtomicBool::new(true),
        })
    }

    /// Nobody waits on [`Activity::silent_for`] any more: the connection was upgraded to a
    /// floor stream, which its send timeouts watch instead. Its bytes then stop noting the
    /// time: a clock read on every write to every floor client was 3–4 % of the gateway's
    /// CPU with 3000 clients (perf).
    pub fn stop_watching(&self) {
        self.watched.store(false, Ordering::Relaxed);
    }

    fn touch(&self) {
        if !self.watched.load(Ordering::Relaxed) {
            return;
        }
        let ms = u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_ms.fetch_max(ms, Ordering::Relaxed);
    }

    fn last(&self) -> Instant {
        self.origin + Duration::from_millis(self.last_ms.load(Ordering::Relaxed))
    }

    /// Completes once nothing has moved for `limit`.
    pub async fn silent_for(&self, limit: Duration) {
        loop {
            let deadline = self.last() + limit;
            tokio::time::sleep_until(deadline).await;
            if self.last() + limit <= Instant::now() {
                return;
            }
        }
    }
}

/// A socket that notes its activity and holds its connection's [`Permit`], so the place
/// is given back when the socket closes, also after an upgrade to a floor stream.
#[derive(Debug)]
pub struct Watched<S> {
    stream: S,
    activity: Arc<Activity>,
    _permit: Permit,
}

impl<S> Watched<S> {
    /// Wraps `stream`.
    pub fn new(stream: S, activity: Arc<Activity>, permit: Permit) -> Watched<S> {
        Watched {
            stream,
            activity,
            _permit: permit,
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.stream).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        polled
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    #[test]
    fn one_client_gets_its_share_and_no_more() {
        let admission = Admission::new(10, 2);
        let first = admission.admit(ip("192.0.2.1")).expect("first");
        let _second = admission.admit(ip("192.0.2.1")).expect("second");
        assert_eq!(
            admission.admit(ip("192.0.2.1")).err(),
            Some(Refusal::ClientFull)
        );
        let _other = admission.admit(ip("192.0.2.2")).expect("another client");
        drop(first);
        let _again = admission.admit(ip("192.0.2.1")).expect("a place came back");
        let counts = admission.counts();
        assert_eq!((counts.open, counts.refused_client_full), (3, 1));
    }

    #[test]
    fn the_global_cap_holds_across_clients() {
        let admission = Admission::new(3, 2);
        let held: Vec<_> = ["192.0.2.1", "192.0.2.2", "192.0.2.3"]
            .into_iter()
            .map(|a| admission.admit(ip(a)).expect("room"))
            .collect();
        assert_eq!(admission.admit(ip("192.0.2.4")).err(), Some(Refusal::Full));
        drop(held);
        assert_eq!(admission.counts().open, 0);
        assert!(admission.admit(ip("192.0.2.4")).is_ok());
        assert_eq!(admission.counts().refused_full, 1);
    }

    #[test]
    fn an_ipv6_client_is_its_slash_64_and_mapped_v4_is_v4() {
        let admission = Admission::new(10, 1);
        let _a = admission.admit(ip("2001:db8:1:2::1")).expect("first");
        assert_eq!(
            admission.admit(ip("2001:db8:1:2:ffff::9")).err(),
            Some(Refusal::ClientFull),
            "same /64"
        );
        assert!(admission.admit(ip("2001:db8:1:3::1")).is_ok(), "next /64");
        let _v4 = admission.admit(ip("198.51.100.7")).expect("v4");
        assert_eq!(
            admission.admit(ip("::ffff:198.51.100.7")).err(),
            Some(Refusal::ClientFull)
        );
        assert_ne!(
            ClientKey::of(ip("::1")),
            ClientKey::of(ip("0.0.0.1")),
            "v6 keys never meet v4 keys"
        );
    }

    #[test]
    fn the_busy_answer_is_well_formed() {
        let text = std::str::from_utf8(BUSY_RESPONSE).expect("text");
        let (head, body) = text.split_once("\r\n\r\n").expect("head and body");
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Length: "))
            .and_then(|n| n.parse().ok())
            .expect("a length");
        assert_eq!(body.len(), length);
    }

    #[tokio::test(start_paused = true)]
    async fn silence_is_measured_from_the_last_byte() {
        let activity = Activity::new();
        let watch = {
            let activity = activity.clone();
            tokio::spawn(async move {
                activity.silent_for(Duration::from_secs(60)).await;
                Instant::now()
            })
        };
        let start = Instant::now();
        tokio::time::sleep(Duration::from_secs(50)).await;
        activity.touch();
        let ended = watch.await.expect("watch");
        assert_eq!(ended - start, Duration::from_secs(110));
    }

    #[tokio::test(start_paused = true)]
    async fn bytes_after_the_watch_stopped_are_not_noted() {
        let activity = Activity::new();
        tokio::time::sleep(Duration::from_secs(5)).await;
        activity.touch();
        activity.stop_watching();
        tokio::time::sleep(Duration::from_secs(5)).await;
        activity.touch();
        assert_eq!(activity.last(), activity.origin + Duration::from_secs(5));
    }
}
