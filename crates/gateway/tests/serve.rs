//! Listening for real, on loopback only.

mod common;

use std::time::Duration;

use common::*;
use lernort_gateway::{bind, router, serve, Admission, ListenAddr, ServeError, ServerLimits};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;

#[tokio::test]
async fn port_in_use_is_a_one_line_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let port = taken.local_addr().expect("local address").port();
    let addr = ListenAddr::parse(&format!("127.0.0.1:{port}")).expect("valid address");
    let error = bind(&addr).await.expect_err("the port is taken");
    assert!(matches!(error, ServeError::AddrInUse { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        format!(
            "port {port} is already in use (127.0.0.1:{port}). Stop the other program or choose another address with --addr."
        )
    );
}

#[tokio::test]
async fn serves_over_tcp_and_shuts_down_gracefully() {
    let fixture = Fixture::new();
    let addr = ListenAddr::parse("127.0.0.1:0").expect("valid address");
    let listener = bind(&addr).await.expect("bind loopback");
    let local = listener.local_addr().expect("local address");
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(serve_plainly(listener, router(fixture.state()), async {
        let _ = stopped.await;
    }));

    let mut stream = TcpStream::connect(local).await.expect("connect");
    let request = format!(
        "GET /{JS} HTTP/1.1\r\nHost: {local}\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n"
    );
    stream
        .write_all(request.as_bytes())
        .await
        .expect("send request");
    let mut response = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut response))
        .await
        .expect("response in time")
        .expect("read response");
    let (head, body) = split_response(&response);
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    let head = head.to_ascii_lowercase();
    assert!(head.contains("\r\ncontent-encoding: gzip\r\n"), "{head}");
    assert!(
        head.contains("\r\ncontent-type: text/javascript; charset=utf-8\r\n"),
        "{head}"
    );
    assert!(
        head.contains("\r\nx-content-type-options: nosniff\r\n"),
        "{head}"
    );
    assert_eq!(body, JS_GZ);

    stop.send(()).expect("server still running");
    // Far less than the grace period: no connection is left open.
    let result = tokio::time::timeout(Duration::from_secs(3), server)
        .await
        .expect("stopped in time")
        .expect("server task");
    assert!(result.is_ok(), "{result:?}");
    assert!(TcpStream::connect(local).await.is_err(), "still listening");
}

fn split_response(response: &[u8]) -> (String, &[u8]) {
    let end = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    (
        String::from_utf8_lossy(&response[..end + 2]).into_owned(),
        &response[end + 4..],
    )
}

/// A gateway on a free loopback port with these limits and caps; stops when dropped.
struct Limited {
    addr: std::net::SocketAddr,
    admission: Admission,
    _stop: oneshot::Sender<()>,
    _fixture: Fixture,
}

async fn limited(limits: ServerLimits, global: u32, per_client: u32) -> Limited {
    let fixture = Fixture::new();
    let listener = bind(&ListenAddr::parse("127.0.0.1:0").expect("valid"))
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local address");
    let admission = Admission::new(global, per_client);
    let (stop, stopped) = oneshot::channel::<()>();
    let app = router(fixture.state());
    let counted = admission.clone();
    tokio::spawn(async move {
        serve(listener, app, &limits, counted, async {
            let _ = stopped.await;
        })
        .await
    });
    Limited {
        addr,
        admission,
        _stop: stop,
        _fixture: fixture,
    }
}

impl Limited {
    /// A connection from `from` (any 127.x.y.z address is this machine's).
    async fn connect_from(&self, from: &str) -> TcpStream {
        let socket = tokio::net::TcpSocket::new_v4().expect("socket");
        socket
            .bind(format!("{from}:0").parse().expect("address"))
            .expect("bind the client's address");
        socket.connect(self.addr).await.expect("connect")
    }

    /// Sends `request` on a new connection from `from`; everything the server sends until
    /// it closes.
    async fn exchange(&self, from: &str, request: &[u8]) -> String {
        let mut stream = self.connect_from(from).await;
        stream.write_all(request).await.expect("send");
        read_until_closed(&mut stream).await
    }

    /// Waits until `open` connections are admitted.
    async fn until_open(&self, what: &str, open: u32) {
        eventually(what, || self.admission.counts().open == open).await;
    }
}

/// Everything the server sends until it closes; fails after PATIENCE.
async fn read_until_closed(stream: &mut TcpStream) -> String {
    let mut response = Vec::new();
    let read = tokio::time::timeout(PATIENCE, stream.read_to_end(&mut response)).await;
    match read.expect("closed by the server in time") {
        Ok(_) => {}
        // A server that closes with unread bytes resets: closed all the same.
        Err(error) => assert_eq!(error.kind(), std::io::ErrorKind::ConnectionReset),
    }
    String::from_utf8_lossy(&response).into_owned()
}

const GET_HEALTHZ: &[u8] = b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

#[tokio::test]
async fn a_half_sent_request_is_closed_by_the_header_timeout() {
    let limits = ServerLimits {
        header_timeout_ms: 200,
        ..ServerLimits::default()
    };
    let server = limited(limits, 100, 50).await;
    let answer = server
        .exchange("127.0.0.1", b"GET / HTTP/1.1\r\nHost: x\r\nX-Wait: ")
        .await;
    assert!(!answer.contains("200 OK"), "{answer}");
    server.until_open("its place given back", 0).await;

    // A kept-alive connection waiting for its next request: the same clock.
    let answer = server
        .exchange("127.0.0.1", b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await;
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
}

#[tokio::test]
async fn a_body_that_never_comes_is_closed_by_the_idle_timeout() {
    let limits = ServerLimits {
        idle_timeout_ms: 200,
        ..ServerLimits::default()
    };
    let server = limited(limits, 100, 50).await;
    // A tenth of the body.
    server
        .exchange(
            "127.0.0.1",
            b"POST /api/coworking HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nten bytes.",
        )
        .await;
    server.until_open("its place given back", 0).await;
}

#[tokio::test]
async fn one_client_cannot_take_the_site_from_another() {
    let server = limited(ServerLimits::default(), 4, 2).await;
    let mut held = Vec::new();
    for _ in 0..2 {
        held.push(server.connect_from("127.0.0.1").await);
    }
    server.until_open("both admitted", 2).await;
    let mut third = server.connect_from("127.0.0.1").await;
    let answer = read_until_closed(&mut third).await;
    assert!(
        answer.starts_with("HTTP/1.1 503 Service Unavailable\r\n"),
        "refused at once: {answer}"
    );
    let answer = server.exchange("127.0.0.2", GET_HEALTHZ).await;
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");

    // A closed connection gives its place back.
    drop(held.pop());
    server.until_open("a place back", 1).await;
    let answer = server.exchange("127.0.0.1", GET_HEALTHZ).await;
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    let counts = server.admission.counts();
    assert_eq!((counts.refused_client_full, counts.refused_full), (1, 0));
}

#[tokio::test]
async fn the_global_cap_holds_across_clients() {
    let server = limited(ServerLimits::default(), 2, 2).await;
    let _a = server.connect_from("127.0.0.1").await;
    let _b = server.connect_from("127.0.0.2").await;
    server.until_open("both admitted", 2).await;
    let mut third = server.connect_from("127.0.0.3").await;
    let answer = read_until_closed(&mut third).await;
    assert!(answer.starts_with("HTTP/1.1 503 "), "{answer}");
    assert_eq!(server.admission.counts().refused_full, 1);
}

#[tokio::test]
async fn oversized_heads_and_bodies_are_refused() {
    let server = limited(ServerLimits::default(), 100, 50).await;
    let huge = "a".repeat(32 * 1024);
    let head = format!("GET / HTTP/1.1\r\nHost: x\r\nX-Huge: {huge}\r\n\r\n");
    let answer = server.exchange("127.0.0.1", head.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 431 "), "{answer}");

    let answer = server
        .exchange(
            "127.0.0.1",
            b"POST /api/coworking HTTP/1.1\r\nHost: x\r\nContent-Length: 20000\r\nConnection: close\r\n\r\n",
        )
        .await;
    assert!(answer.starts_with("HTTP/1.1 413 "), "{answer}");
}
