//! Listening for real, on loopback only.

mod common;

use std::time::Duration;

use common::*;
use lernort_gateway::{bind, router, serve, ListenAddr, ServeError};
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
    let server = tokio::spawn(serve(listener, router(fixture.state()), async {
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
