//! A small built app in a temporary directory, shared by the tests.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use lernort_gateway::{AppState, BasePath, Config};
use tempfile::TempDir;

pub const JS: &str = "lernort-0123456789abcdef.js";
pub const WASM: &str = "lernort-0123456789abcdef_bg.wasm";
pub const JS_BODY: &str = "console.log('identity');\n";
pub const JS_BR: &[u8] = b"brotli bytes";
pub const JS_GZ: &[u8] = b"gzip bytes";
pub const WASM_BODY: &[u8] = b"\0asm\x01\0\0\0";
pub const CENTRE_JSON: &str = "{\"name\":\"Lernort Mitte\"}";
pub const SECRET: &str = "top secret, outside dist";
pub const META_POLICY: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' wss://floor.example.org";
pub const INDEX_HTML: &str = concat!(
    "<!doctype html><html lang=\"de\"><head><meta charset=\"utf-8\">",
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;self&#39;; ",
    "script-src &#39;self&#39; &#39;wasm-unsafe-eval&#39;; connect-src &#39;self&#39; wss://floor.example.org\">",
    "<title>Lernort</title></head><body></body></html>\n"
);

/// A temporary directory holding `dist/` (the built app) and, beside it,
/// `secret.txt`, which must never be served.
pub struct Fixture {
    pub dir: TempDir,
}

impl Fixture {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let dist = dir.path().join("dist");
        fs::create_dir_all(dist.join("centre")).expect("create dist");
        fs::write(dir.path().join("secret.txt"), SECRET).expect("write secret");
        fs::write(dist.join("index.html"), INDEX_HTML).expect("write index");
        fs::write(dist.join(JS), JS_BODY).expect("write js");
        fs::write(dist.join(format!("{JS}.br")), JS_BR).expect("write js.br");
        fs::write(dist.join(format!("{JS}.gz")), JS_GZ).expect("write js.gz");
        fs::write(dist.join(WASM), WASM_BODY).expect("write wasm");
        fs::write(dist.join("centre/centre.json"), CENTRE_JSON).expect("write centre");
        fs::write(dist.join("logo.svg"), "<svg/>").expect("write svg");
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), dist.join("leak.txt"))
            .expect("symlink");
        Fixture { dir }
    }

    pub fn dist(&self) -> PathBuf {
        self.dir.path().join("dist")
    }

    pub fn state(&self) -> AppState {
        state_for(&self.dist(), "/")
    }

    pub fn state_under(&self, base: &str) -> AppState {
        state_for(&self.dist(), base)
    }
}

pub fn state_for(dist: &Path, base: &str) -> AppState {
    let config = Config {
        dist: dist.to_path_buf(),
        base: BasePath::parse(base).expect("valid base"),
        ..Config::default()
    };
    AppState::load(config).expect("load state")
}

// ---- The floor: a gateway on loopback fed by the test, and WebSocket clients. ----

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use lernort_floor_protocol::{decode, Layout, Message as FloorMessage, Replica};
use lernort_floor_sources::SourceEvent;
use lernort_gateway::{router, serve, Floor, FloorConfig, Limits};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

/// Longest wait for anything in these tests: a hang fails instead of blocking.
pub const PATIENCE: Duration = Duration::from_secs(20);

pub type Ws = WebSocketStream<TcpStream>;

/// Fast frames (up to 10 000/s) and no periodic full frames, so that every frame a test
/// causes is one delta.
pub fn fast_floor() -> FloorConfig {
    FloorConfig {
        max_rate_hz: 10_000,
        full_every_ms: 86_400_000,
        ..FloorConfig::default()
    }
}

/// A gateway serving the fixture's app and a floor the test feeds through `events`.
pub struct Server {
    pub addr: SocketAddr,
    /// The operator's listener (`/metrics`, detailed `/healthz`).
    pub admin: SocketAddr,
    pub floor: Floor,
    pub events: mpsc::Sender<SourceEvent>,
    pub layout: Arc<Layout>,
    pub base: String,
    stop: Option<oneshot::Sender<()>>,
    _fixture: Fixture,
}

impl Server {
    pub async fn start(layout: Layout, config: FloorConfig, limits: Limits) -> Server {
        Server::start_with(layout, config, limits, "/").await
    }

    /// Under `base`. A floor stream's kernel send buffer is `limits.send_buffer_bytes`: a
    /// small one makes a client that does not read block soon.
    pub async fn start_with(
        layout: Layout,
        config: FloorConfig,
        limits: Limits,
        base: &str,
    ) -> Server {
        let fixture = Fixture::new();
        let layout = Arc::new(layout);
        let (events, rx) = mpsc::channel(1024);
        let floor = Floor::with_events(layout.clone(), rx, &config, &limits);
        let state = state_for(&fixture.dist(), base).with_floor(floor.clone());
        let socket = TcpSocket::new_v4().expect("socket");
        socket
            .bind("127.0.0.1:0".parse().expect("address"))
            .expect("bind loopback");
        let listener: TcpListener = socket.listen(1024).expect("listen");
        let addr = listener.local_addr().expect("local address");
        let (stop, stopped) = oneshot::channel::<()>();
        let admission = lernort_gateway::Admission::new(10_000, 10_000);
        let admin = spawn_admin(state.clone(), admission.clone()).await;
        let limits = lernort_gateway::ServerLimits::default();
        tokio::spawn(async move {
            serve(listener, router(state), &limits, admission, async {
                let _ = stopped.await;
            })
            .await
        });
        Server {
            addr,
            admin,
            floor,
            events,
            layout,
            base: base.to_owned(),
            stop: Some(stop),
            _fixture: fixture,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("ws://{}{}{path}", self.addr, self.base)
    }

    /// Opens `{base}floor` with these extra headers; `receive_buffer` shrinks the
    /// client's kernel receive buffer.
    pub async fn connect_with(
        &self,
        headers: &[(&'static str, &str)],
        receive_buffer: Option<u32>,
    ) -> Result<
        (
            Ws,
            tokio_tungstenite::tungstenite::handshake::client::Response,
        ),
        tokio_tungstenite::tungstenite::Error,
    > {
        let mut request = self.url("floor").into_client_request()?;
        for (name, value) in headers {
            request
                .headers_mut()
                .insert(*name, HeaderValue::from_str(value).expect("header value"));
        }
        let socket = TcpSocket::new_v4().expect("socket");
        if let Some(size) = receive_buffer {
            socket.set_recv_buffer_size(size).expect("set SO_RCVBUF");
        }
        let stream = socket.connect(self.addr).await.expect("connect");
        tokio_tungstenite::client_async(request, stream).await
    }

    /// Opens `{base}floor` and reads the greeting.
    pub async fn client(&self) -> FloorClient {
        let (ws, _) = self.connect_with(&[], None).await.expect("upgrade");
        FloorClient::greeted(ws, self.layout.segment_count()).await
    }

    /// Sends one event to the hub.
    pub async fn send(&self, event: SourceEvent) {
        self.events.send(event).await.expect("the hub runs");
    }

    /// Waits until the floor's metrics satisfy `condition`.
    pub async fn until(&self, what: &str, condition: impl Fn(&lernort_gateway::Metrics) -> bool) {
        let floor = self.floor.clone();
        eventually(what, move || condition(&floor.metrics())).await;
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Waits (polling) until `condition` holds; fails after [`PATIENCE`].
pub async fn eventually(what: &str, condition: impl Fn() -> bool) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while !condition() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting: {what}"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

/// What a client received, message by message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Got {
    Full(u32),
    Delta { seq: u32, base: u32 },
    Status,
}

/// A browser stand-in: a WebSocket and the replica it keeps.
pub struct FloorClient {
    pub ws: Ws,
    pub layout: Layout,
    pub replica: Replica,
    pub log: Vec<Got>,
}

impl FloorClient {
    /// Reads the greeting: the layout (text), the source's state, a full frame.
    pub async fn greeted(mut ws: Ws, segments: usize) -> FloorClient {
        let Message::Text(text) = next_message(&mut ws).await else {
            panic!("the layout comes first, as text");
        };
        let layout = Layout::from_json(text.as_str()).expect("a valid layout");
        assert_eq!(layout.segment_count(), segments);
        let mut client = FloorClient {
            ws,
            layout,
            replica: Replica::new(segments),
            log: Vec::new(),
        };
        assert_eq!(client.read().await, Got::Status, "then the source's state");
        assert!(
            matches!(client.read().await, Got::Full(_)),
            "then a full frame"
        );
        client
    }

    /// Reads one binary message and applies it; any gap fails the test.
    pub async fn read(&mut self) -> Got {
        let message = next_message(&mut self.ws).await;
        let Message::Binary(bytes) = message else {
            panic!("expected a binary message, got {message:?}");
        };
        let decoded = decode(&bytes).expect("a valid message");
        self.replica.apply(&decoded).expect("applies without a gap");
        let got = match decoded {
            FloorMessage::Full { header, .. } => Got::Full(header.seq),
            FloorMessage::Delta(delta) => Got::Delta {
                seq: delta.header.seq,
                base: delta.base_seq,
            },
            FloorMessage::Status { .. } => Got::Status,
        };
        self.log.push(got);
        got
    }

    /// The sequence number of the replica's frame.
    pub fn seq(&self) -> Option<u32> {
        self.replica.last_frame().map(|h| h.seq)
    }

    /// Reads until the replica holds frame `seq`.
    pub async fn read_until(&mut self, seq: u32) {
        while self.seq() != Some(seq) {
            self.read().await;
        }
    }

    /// Reads until the replica holds `values`, then checks that the hub has the same
    /// frame (nothing else may be on its way).
    pub async fn read_until_values(&mut self, values: &[u8], floor: &Floor) {
        while self.replica.values() != values {
            self.read().await;
        }
        let state = floor.current().expect("the floor runs");
        assert_eq!(self.seq(), Some(state.seq));
        assert_eq!(self.replica.values(), &state.values[..]);
        assert_eq!(self.replica.source(), (state.source, state.stale_modules));
    }

    pub async fn send(&mut self, message: Message) {
        self.ws.send(message).await.expect("send");
    }
}

/// The next message, within [`PATIENCE`].
pub async fn next_message(ws: &mut Ws) -> Message {
    tokio::time::timeout(PATIENCE, ws.next())
        .await
        .expect("a message in time")
        .expect("the socket is open")
        .expect("a valid message")
}

/// A response, read whole.
pub struct Reply {
    pub status: http::StatusCode,
    pub headers: http::HeaderMap,
    pub body: axum::body::Bytes,
}

impl Reply {
    /// A header's value as text.
    pub fn header(&self, name: http::header::HeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends one request through the router (no network) and reads the whole response.
pub async fn send(
    app: &axum::Router,
    method: http::Method,
    uri: &str,
    headers: &[(&str, &str)],
) -> Reply {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let mut request = http::Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request.body(axum::body::Body::empty()).expect("request");
    let response = app.clone().oneshot(request).await.expect("infallible");
    let (parts, body) = response.into_parts();
    let body = body.collect().await.expect("body").to_bytes();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body,
    }
}

/// `GET uri`.
pub async fn get(app: &axum::Router, uri: &str) -> Reply {
    get_with(app, uri, &[]).await
}

/// `GET uri` with these request headers.
pub async fn get_with(app: &axum::Router, uri: &str, headers: &[(&str, &str)]) -> Reply {
    send(app, http::Method::GET, uri, headers).await
}

/// `HEAD uri` with these request headers, checked: 200, no body, and the length of what
/// `GET` sends, `length`.
pub async fn head(app: &axum::Router, uri: &str, headers: &[(&str, &str)], length: usize) -> Reply {
    let reply = send(app, http::Method::HEAD, uri, headers).await;
    assert_eq!(reply.status, http::StatusCode::OK, "HEAD {uri}");
    assert!(reply.body.is_empty(), "HEAD {uri}");
    assert_eq!(
        reply.header(http::header::CONTENT_LENGTH),
        Some(length.to_string().as_str()),
        "HEAD {uri}"
    );
    reply
}

/// Checks that `reply` is the page `html`: 200, HTML, asked for again before every use
/// (`no-cache`) with its ETag, and the same security headers as every page. `what` names
/// the case when it fails.
pub fn assert_page(reply: &Reply, html: &str, what: &str) {
    assert_eq!(reply.status, http::StatusCode::OK, "{what}");
    assert_eq!(reply.text(), html, "{what}");
    assert_eq!(
        reply.header(http::header::CONTENT_TYPE),
        Some("text/html; charset=utf-8"),
        "{what}"
    );
    assert_eq!(
        reply.header(http::header::CACHE_CONTROL),
        Some("no-cache"),
        "{what}"
    );
    assert!(reply.header(http::header::ETAG).is_some(), "{what}");
    assert!(
        reply
            .headers
            .contains_key(http::header::CONTENT_SECURITY_POLICY),
        "{what}: the same security headers as every page"
    );
}

/// What a `GET` is to answer.
#[derive(Clone, Copy, Debug)]
pub enum Answer {
    /// The page with this HTML, as [`assert_page`] checks it.
    Page(&'static str),
    /// The plain-text 404.
    NotFound,
}

/// `GET`s each URI and checks that it gets its answer; a failure names the URI.
pub async fn assert_answers(app: &axum::Router, answers: &[(&str, Answer)]) {
    for &(uri, answer) in answers {
        let reply = get(app, uri).await;
        match answer {
            Answer::Page(html) => assert_page(&reply, html, uri),
            Answer::NotFound => {
                assert_eq!(reply.status, http::StatusCode::NOT_FOUND, "{uri}");
                assert_eq!(
                    reply.header(http::header::CONTENT_TYPE),
                    Some("text/plain; charset=utf-8"),
                    "{uri}"
                );
                assert_eq!(reply.text(), "404 Not Found\n", "{uri}");
            }
        }
    }
}

/// Serves `app` with the default limits and caps no test reaches.
pub async fn serve_plainly(
    listener: TcpListener,
    app: axum::Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), lernort_gateway::ServeError> {
    let limits = lernort_gateway::ServerLimits::default();
    serve(
        listener,
        app,
        &limits,
        lernort_gateway::Admission::new(10_000, 10_000),
        shutdown,
    )
    .await
}

/// The operator's listener for `state` (whose public listener counts its connections
/// with `connections`) on a free loopback port, serving until the test ends.
pub async fn spawn_admin(state: AppState, connections: lernort_gateway::Admission) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local address");
    let app = lernort_gateway::admin_router(lernort_gateway::AdminState {
        app: state,
        connections,
    });
    tokio::spawn(serve_plainly(listener, app, std::future::pending()));
    addr
}
