//! The live floor stream over real WebSockets on loopback: greeting, deltas, slow and
//! misbehaving clients, limits, metrics, and a gateway without a layout.

mod common;

use common::*;
use lernort_floor_protocol::{encode, Header, Message as FloorMessage, SourceState, SUBPROTOCOL};
use lernort_floor_sources::SourceEvent;
use lernort_floor_view::grid_layout;
use lernort_gateway::{router, AllowedOrigin, FloorConfig, Limits};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

fn update(changes: &[(u16, u8)]) -> SourceEvent {
    SourceEvent::Update(changes.to_vec())
}

/// Sends `changes` to the hub, makes them in `values` (what `client` should hold) and
/// reads until `client` holds that.
async fn change_and_see(
    server: &Server,
    client: &mut FloorClient,
    values: &mut [u8],
    changes: &[(u16, u8)],
) {
    for &(index, value) in changes {
        values[usize::from(index)] = value;
    }
    server.send(update(changes)).await;
    client.read_until_values(values, &server.floor).await;
}

#[tokio::test]
async fn a_browser_gets_layout_status_full_frame_then_gapless_deltas() {
    let server = Server::start(grid_layout(8, 1), fast_floor(), Limits::default()).await;
    let (ws, response) = server
        .connect_with(&[("sec-websocket-protocol", SUBPROTOCOL)], None)
        .await
        .expect("upgrade");
    assert_eq!(
        response
            .headers()
            .get("sec-websocket-protocol")
            .and_then(|v| v.to_str().ok()),
        Some(SUBPROTOCOL),
        "the subprotocol is accepted"
    );
    let mut client = FloorClient::greeted(ws, 64).await;
    assert_eq!(client.layout, *server.layout);
    assert_eq!(client.log, [Got::Status, Got::Full(0)]);
    assert_eq!(
        client.replica.source(),
        (SourceState::Down, 0),
        "no data yet"
    );
    assert_eq!(client.replica.values(), &[128; 64][..], "the baseline");

    let mut expected = [128u8; 64];
    for k in 1..=60u16 {
        let (index, value) = ((k * 7) % 64, 130 + (k % 60) as u8);
        expected[usize::from(index)] = value;
        server.send(update(&[(index, value)])).await;
        if k % 3 == 0 {
            client.read_until_values(&expected, &server.floor).await;
        }
    }
    assert_eq!(server.floor.metrics().frames_in, 60);
    assert_eq!(
        client.replica.source(),
        (SourceState::Up, 0),
        "data means up"
    );
    // The first data changed the state: status, full frame; then only deltas.
    assert_eq!(client.log[2..4], [Got::Status, Got::Full(1)]);
    let deltas = &client.log[4..];
    assert!(!deltas.is_empty());
    for pair in client.log[3..].windows(2) {
        let (Got::Full(prev) | Got::Delta { seq: prev, .. }) = pair[0] else {
            panic!("unexpected {pair:?}");
        };
        assert_eq!(
            pair[1],
            Got::Delta {
                seq: prev + 1,
                base: prev
            },
            "in order, no gaps"
        );
    }

    // A change of the source's state: status, then a full frame.
    server
        .send(SourceEvent::Status {
            state: SourceState::Stale,
            stale_modules: 3,
        })
        .await;
    let before = client.log.len();
    assert_eq!(client.read().await, Got::Status);
    assert!(matches!(client.read().await, Got::Full(_)));
    assert_eq!(client.log.len(), before + 2);
    assert_eq!(client.replica.source(), (SourceState::Stale, 3));
    client.read_until_values(&expected, &server.floor).await;
}

#[tokio::test]
async fn more_browsers_than_one_writer_group_serves_all_get_every_frame() {
    // A writer group serves 256 browsers; these need two.
    const BROWSERS: usize = 300;
    let server = Server::start(grid_layout(4, 1), fast_floor(), Limits::default()).await;
    let mut clients = Vec::with_capacity(BROWSERS);
    for _ in 0..BROWSERS {
        clients.push(server.client().await);
    }
    let mut expected = [128u8; 32];
    for k in 1..=3u8 {
        expected[usize::from(k)] = 130 + k;
        server.send(update(&[(u16::from(k), 130 + k)])).await;
        for client in &mut clients {
            client.read_until_values(&expected, &server.floor).await;
        }
    }
    let metrics = server.floor.metrics();
    assert_eq!(metrics.clients, BROWSERS as u64);
    assert_eq!(metrics.drops, 0, "{metrics:?}");
    // Each: layout, status, full frame; then status and full frame 1 (the source came
    // up), deltas 2 and 3.
    server
        .until("every message counted", |m| {
            m.frames_out == 7 * BROWSERS as u64
        })
        .await;
}

#[tokio::test]
async fn a_client_that_stops_reading_holds_back_nobody() {
    const SEGMENTS: u16 = 4096;
    const FRAMES: u32 = 300;
    let limits = Limits {
        send_timeout_ms: 600_000,
        send_buffer_bytes: 4096,
        ..Limits::default()
    };
    let server = Server::start_with(grid_layout(32, 16), fast_floor(), limits, "/").await;
    let (slow, _) = server.connect_with(&[], Some(4096)).await.expect("upgrade");
    let mut fast = server.client().await;
    server.until("two clients", |m| m.clients == 2).await;

    // Each event changes 1000 segments: a 3 kB delta. The next event waits until the
    // fast client has its frame, so the fast client never falls behind on its own.
    for k in 1..=FRAMES {
        let changes: Vec<(u16, u8)> = (0..1000u16)
            .map(|j| {
                (
                    (j * 4 + k as u16) % SEGMENTS,
                    129 + ((k + u32::from(j)) % 100) as u8,
                )
            })
            .collect();
        server.send(SourceEvent::Update(changes)).await;
        fast.read_until(k).await;
        let metrics = server.floor.metrics();
        assert!(
            metrics.backlog <= metrics.backlog_capacity,
            "the channel is bounded: {metrics:?}"
        );
    }
    // The fast client got every frame, in order: status and full frame 1 (the source
    // came up), then deltas 2..=300 each on top of the one before.
    assert_eq!(
        fast.log[..4],
        [Got::Status, Got::Full(0), Got::Status, Got::Full(1)]
    );
    let deltas: Vec<Got> = (2..=FRAMES)
        .map(|seq| Got::Delta { seq, base: seq - 1 })
        .collect();
    assert_eq!(fast.log[4..], deltas[..]);

    let metrics = server.floor.metrics();
    assert_eq!(
        metrics.backlog, 0,
        "the slow client holds nothing in the channel: it skips what its socket does not \
         take (its group took every message to the fast client): {metrics:?}"
    );
    assert_eq!(metrics.backlog_capacity, 64);
    assert_eq!(metrics.clients, 2, "blocked, not dropped: {metrics:?}");

    // The slow client reads again: what was in flight, then the latest full frame.
    let mut slow = FloorClient::greeted(slow, usize::from(SEGMENTS)).await;
    slow.read_until(FRAMES).await;
    assert_eq!(slow.replica.values(), fast.replica.values());
    assert!(
        slow.log
            .iter()
            .any(|got| matches!(got, Got::Full(seq) if *seq > 1)),
        "resynchronised with a full frame: {:?}",
        &slow.log[..slow.log.len().min(20)]
    );
    assert!(slow.log.len() < fast.log.len(), "it skipped frames");
    let metrics = server.floor.metrics();
    assert!(metrics.drops > 0, "{metrics:?}");
    assert_eq!(metrics.send_timeouts, 0);

    // And it follows the stream again.
    server.send(update(&[(0, 200)])).await;
    slow.read_until(FRAMES + 1).await;
    fast.read_until(FRAMES + 1).await;
    assert_eq!(slow.replica.values(), fast.replica.values());
    assert_eq!(slow.replica.values()[0], 200);
    assert_eq!(
        server.floor.current().map(|s| s.values),
        Some(fast.replica.values().to_vec()),
        "both equal the hub"
    );
}

#[tokio::test]
async fn a_client_whose_sends_time_out_is_dropped() {
    let limits = Limits {
        send_timeout_ms: 50,
        max_send_timeouts: 2,
        send_buffer_bytes: 4096,
        ..Limits::default()
    };
    let server = Server::start_with(grid_layout(32, 16), fast_floor(), limits, "/").await;
    // One that does not even take its greeting (the layout alone is 30 kB) is dropped
    // after one timeout.
    let (_unread, _) = server.connect_with(&[], Some(4096)).await.expect("upgrade");
    server
        .until("dropped at the greeting", |m| {
            m.slow_clients_dropped == 1 && m.clients == 0
        })
        .await;
    // This one reads its greeting, then nothing more.
    let (stuck, _) = server.connect_with(&[], Some(4096)).await.expect("upgrade");
    let _stuck = FloorClient::greeted(stuck, 4096).await;
    // 3 kB deltas, one at a time, until the client's socket is full and its sends
    // time out twice in a row.
    let mut k = 0u16;
    while server.floor.metrics().clients > 0 {
        k += 1;
        assert!(k < 10_000, "never dropped");
        let changes: Vec<(u16, u8)> = (0..1000u16)
            .map(|j| ((j * 4 + k) % 4096, (k % 100) as u8 + 129))
            .collect();
        server.send(SourceEvent::Update(changes)).await;
        server
            .until("the hub took it", |m| m.frames_in == u64::from(k))
            .await;
    }
    let metrics = server.floor.metrics();
    assert_eq!(metrics.slow_clients_dropped, 2, "{metrics:?}");
    assert!(metrics.send_timeouts >= 3, "{metrics:?}");
}

#[tokio::test]
async fn more_than_max_clients_get_503() {
    let limits = Limits {
        max_clients: 2,
        ..Limits::default()
    };
    let server = Server::start_with(grid_layout(2, 1), fast_floor(), limits, "/lernort/").await;
    let first = server.client().await;
    let _second = server.client().await;
    match server.connect_with(&[], None).await {
        Err(WsError::Http(response)) => {
            assert_eq!(response.status(), 503);
        }
        other => panic!("expected 503, got {other:?}"),
    }
    let metrics = server.floor.metrics();
    assert_eq!((metrics.clients, metrics.rejected_busy), (2, 1));
    drop(first);
    server.until("one left", |m| m.clients == 1).await;
    let _third = server.client().await;
    assert_eq!(server.floor.metrics().clients_total, 3);
}

#[tokio::test]
async fn origins_other_than_the_gateway_and_the_listed_ones_get_403() {
    let limits = Limits {
        allowed_origins: vec![AllowedOrigin::parse("https://lernort.example.org").expect("valid")],
        ..Limits::default()
    };
    let server = Server::start(grid_layout(2, 1), fast_floor(), limits).await;
    let own = format!("http://{}", server.addr);
    let own_by_name = format!("http://LOCALHOST:{}", server.addr.port());
    for origin in [
        own.as_str(),
        "https://lernort.example.org",
        "https://lernort.example.org:443",
    ] {
        let (ws, _) = server
            .connect_with(&[("origin", origin)], None)
            .await
            .unwrap_or_else(|e| panic!("{origin} should be allowed: {e}"));
        FloorClient::greeted(ws, 16).await;
    }
    for origin in [
        "https://evil.example",
        "https://lernort.example.org:8443",
        "http://lernort.example.org",
        "null",
        own_by_name.as_str(),
    ] {
        match server.connect_with(&[("origin", origin)], None).await {
            Err(WsError::Http(response)) => assert_eq!(response.status(), 403, "{origin}"),
            other => panic!("{origin}: expected 403, got {other:?}"),
        }
    }
    assert_eq!(server.floor.metrics().rejected_origin, 5);
    // Tools without an Origin header are fine.
    server.client().await;
}

/// DNS rebinding: a page on evil.example whose name the attacker points at the gateway sends
/// `Host: evil.example` and `Origin: http://evil.example`, "same origin" by the headers
/// alone. Only host names the site is known by count (IP addresses, localhost, site_url,
/// `allowed_hosts`).
#[tokio::test]
async fn a_rebound_host_name_is_not_the_gateways_own_origin() {
    let limits = Limits {
        allowed_hosts: vec!["kiosk.dilas.lan".into()],
        ..Limits::default()
    };
    let server = Server::start(grid_layout(2, 1), fast_floor(), limits).await;
    let port = server.addr.port();
    let as_host = |name: &str| (format!("{name}:{port}"), format!("http://{name}:{port}"));
    for name in ["evil.example", "dilas.soest.de.evil.example"] {
        let (host, origin) = as_host(name);
        match server
            .connect_with(&[("host", &host), ("origin", &origin)], None)
            .await
        {
            Err(WsError::Http(response)) => assert_eq!(response.status(), 403, "{name}"),
            other => panic!("{name}: expected 403, got {other:?}"),
        }
    }
    for name in ["127.0.0.1", "localhost", "Kiosk.Dilas.lan"] {
        let (host, origin) = as_host(name);
        let (ws, _) = server
            .connect_with(&[("host", &host), ("origin", &origin)], None)
            .await
            .unwrap_or_else(|e| panic!("{name} should be allowed: {e}"));
        FloorClient::greeted(ws, 16).await;
    }
    assert_eq!(server.floor.metrics().rejected_origin, 2);
}

#[tokio::test]
async fn an_oversized_message_closes_only_that_socket() {
    let server = Server::start(grid_layout(2, 1), fast_floor(), Limits::default()).await;
    let mut talker = server.client().await;
    let mut other = server.client().await;
    talker.send(Message::binary(vec![0u8; 1000])).await;
    talker.send(Message::binary(vec![0u8; 2000])).await;
    // The 1000-byte message was fine; the 2000-byte one ends the connection.
    let close = match next_message(&mut talker.ws).await {
        Message::Close(frame) => frame,
        other => panic!("expected a close frame, got {other:?}"),
    };
    assert_eq!(close.map(|f| f.code), Some(CloseCode::Size));
    server.until("one client left", |m| m.clients == 1).await;
    change_and_see(&server, &mut other, &mut [128; 16], &[(1, 150)]).await;
}

#[tokio::test]
async fn what_clients_send_changes_nothing() {
    let server = Server::start(grid_layout(2, 1), fast_floor(), Limits::default()).await;
    let mut client = server.client().await;
    let mut expected = [128; 16];
    change_and_see(&server, &mut client, &mut expected, &[(0, 140)]).await;
    let before = server.floor.current().expect("runs");

    // A well-formed full frame, as if the client were the source, and other chatter.
    let mut forged = Vec::new();
    encode(
        &FloorMessage::Full {
            header: Header {
                seq: before.seq + 1,
                timestamp_ms: 0,
            },
            values: &[255; 16],
        },
        &mut forged,
    );
    client.send(Message::binary(forged)).await;
    client.send(Message::text("{\"protocol\":1}")).await;
    client
        .send(Message::Ping(b"still there?".to_vec().into()))
        .await;
    match next_message(&mut client.ws).await {
        Message::Pong(payload) => assert_eq!(&payload[..], b"still there?"),
        other => panic!("expected the pong, got {other:?}"),
    }
    assert_eq!(server.floor.current().expect("runs"), before);
    assert_eq!(server.floor.metrics().frames_in, 1);

    // The stream goes on as before.
    change_and_see(&server, &mut client, &mut expected, &[(1, 141)]).await;
}

#[tokio::test]
async fn metrics_and_health_report_the_floor() {
    let server = Server::start(grid_layout(4, 1), fast_floor(), Limits::default()).await;
    let mut client = server.client().await;
    change_and_see(&server, &mut client, &mut [128; 32], &[(0, 140)]).await;
    server.until("frames counted", |m| m.frames_out >= 5).await;

    let (status, _) = http_get(server.addr, "/metrics").await;
    assert_eq!(status, 200, "not public: the app's deep-link page");
    let (status, body) = http_get(server.admin, "/metrics").await;
    assert_eq!(status, 200);
    let json: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    for key in [
        "clients",
        "clients_total",
        "frames_in",
        "frames_out",
        "drops",
        "send_timeouts",
        "slow_clients_dropped",
        "rejected_busy",
        "rejected_origin",
        "source",
        "stale_modules",
        "seq",
        "segments",
        "backlog",
        "backlog_capacity",
        "uptime_s",
    ] {
        assert!(json.get(key).is_some(), "{key} missing from {body}");
    }
    assert_eq!(json["clients"], 1);
    assert_eq!(json["frames_in"], 1);
    assert_eq!(json["frames_out"], 5, "layout, status, full; status, full");
    assert_eq!(json["source"], "up");
    assert_eq!(json["seq"], 1);
    assert_eq!(json["segments"], 32);

    assert_eq!(json["connections"]["open"], 1, "the floor stream: {body}");

    let (status, body) = http_get(server.addr, "/healthz").await;
    assert_eq!((status, body.as_str()), (200, r#"{"status":"up"}"#));
    let (status, body) = http_get(server.admin, "/healthz").await;
    assert_eq!(status, 200);
    assert!(
        body.ends_with(r#","floor":{"status":"up","clients":1,"seq":1}}"#),
        "{body}"
    );
    assert!(body.starts_with(r#"{"status":"ok","#), "{body}");
}

#[tokio::test]
async fn without_a_layout_the_app_is_served_and_the_floor_answers_503() {
    let fixture = Fixture::new();
    let broken = fixture.dir.path().join("broken.json");
    std::fs::write(&broken, "{\"protocol\": 1,").expect("write");
    let missing = fixture.dir.path().join("missing.json");
    for (layout, reason) in [
        (missing, "cannot read the floor layout "),
        (broken, "floor layout cannot be read"),
    ] {
        let config = FloorConfig {
            layout: layout.clone(),
            ..FloorConfig::default()
        };
        let floor = lernort_gateway::Floor::start(&config, &Limits::default());
        let why = floor.unavailable_reason().expect("unavailable").to_owned();
        assert!(
            why.contains(reason) && why.contains(&layout.display().to_string()),
            "{why}"
        );
        assert!(!why.contains('\n'));
        let state = fixture.state().with_floor(floor);
        let listener = lernort_gateway::bind(
            &lernort_gateway::ListenAddr::parse("127.0.0.1:0").expect("valid"),
        )
        .await
        .expect("bind");
        let addr = listener.local_addr().expect("address");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let admin = spawn_admin(state.clone(), lernort_gateway::Admission::new(10, 10)).await;
        tokio::spawn(serve_plainly(
            listener,
            lernort_gateway::router(state),
            async {
                let _ = stopped.await;
            },
        ));

        let (status, page) = http_get(addr, "/").await;
        assert_eq!(status, 200, "the app is still served");
        assert_eq!(page, INDEX_HTML);
        let (status, body) = http_get(addr, "/floor").await;
        assert_eq!(status, 503);
        assert!(
            body.contains("the floor is unavailable") && body.contains(reason),
            "{body}"
        );
        let (status, body) = http_get(addr, "/healthz").await;
        assert_eq!((status, body.as_str()), (200, r#"{"status":"degraded"}"#));
        let (status, body) = http_get(admin, "/healthz").await;
        assert_eq!(status, 200);
        assert!(
            body.contains(r#","floor":{"status":"unavailable","reason":""#)
                && body.contains(reason),
            "{body}"
        );
        let (_, body) = http_get(admin, "/metrics").await;
        assert!(body.contains(r#""source":"unavailable""#), "{body}");
        let _ = stop.send(());
    }
}

#[tokio::test]
async fn the_real_layout_and_simulator_stream_and_say_goodbye() {
    let config = FloorConfig {
        layout: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../centres/dilas-soest/floor.json"
        )
        .into(),
        ..FloorConfig::default()
    };
    let floor = lernort_gateway::Floor::start(&config, &Limits::default());
    assert_eq!(floor.unavailable_reason(), None);
    let segments = floor.layout().expect("loaded").segment_count();
    let fixture = Fixture::new();
    let state = fixture.state().with_floor(floor.clone());
    let listener =
        lernort_gateway::bind(&lernort_gateway::ListenAddr::parse("127.0.0.1:0").expect("valid"))
            .await
            .expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(serve_plainly(
        listener,
        lernort_gateway::router(state),
        std::future::pending(),
    ));
    // The simulator comes up and sends frames that apply in order.
    let (ws, _) = {
        let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
        tokio_tungstenite::client_async(format!("ws://{addr}/floor"), stream)
            .await
            .expect("upgrade")
    };
    let mut client = FloorClient::greeted(ws, segments).await;
    while client.replica.source().0 != SourceState::Up || client.log.len() < 12 {
        client.read().await;
    }
    // Shutting down: a close frame, "going away".
    floor.close(std::time::Duration::from_secs(5)).await;
    let close = loop {
        match next_message(&mut client.ws).await {
            Message::Close(frame) => break frame,
            Message::Binary(_) => {}
            other => panic!("unexpected {other:?}"),
        }
    };
    assert_eq!(close.map(|f| f.code), Some(CloseCode::Away));
    assert_eq!(floor.metrics().clients, 0);
}

/// A plain HTTP/1.1 GET; the status and the body.
async fn http_get(addr: std::net::SocketAddr, path: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut response = Vec::new();
    tokio::time::timeout(PATIENCE, stream.read_to_end(&mut response))
        .await
        .expect("in time")
        .expect("read");
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("a response");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    (status, body.to_owned())
}

/// `GET /api/floor.png` through an in-process router over `server`'s floor: status, type
/// and the PNG's bytes.
async fn floor_picture(app: &axum::Router) -> Reply {
    let reply = get(app, "/api/floor.png").await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.header(http::header::CONTENT_TYPE), Some("image/png"));
    let png = &reply.body;
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let size = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    assert_eq!((size(16), size(20)), (1200, 630));
    reply
}

/// A floor whose picture is drawn at most every `picture_every_ms`, and an in-process
/// router over it (with the fixture's dist, which it needs alive).
async fn picture_server(picture_every_ms: u64) -> (Server, Fixture, axum::Router) {
    let config = FloorConfig {
        picture_every_ms,
        ..fast_floor()
    };
    let server = Server::start(grid_layout(8, 1), config, Limits::default()).await;
    let fixture = Fixture::new();
    let app = router(fixture.state().with_floor(server.floor.clone()));
    (server, fixture, app)
}

#[tokio::test]
async fn a_hundred_crawlers_at_once_cost_one_picture_of_the_floor() {
    // No interval at all: only the coalescing keeps it at one drawing, whatever the clock.
    let (server, _fixture, app) = picture_server(0).await;
    let replies = futures_util::future::join_all((0..100).map(|_| floor_picture(&app))).await;
    assert_eq!(server.floor.metrics().picture_renders, 1);
    assert!(replies.iter().all(|r| r.body == replies[0].body));
    // A request after the drawing, with no interval: a new drawing.
    floor_picture(&app).await;
    assert_eq!(server.floor.metrics().picture_renders, 2);
    let (status, body) = http_get(server.admin, "/metrics").await;
    assert_eq!(status, 200);
    assert!(body.contains("\"picture_renders\":2"), "{body}");
}

#[tokio::test]
async fn within_the_interval_the_floor_picture_is_served_as_it_is() {
    let (server, _fixture, app) = picture_server(3_600_000).await;
    let first = floor_picture(&app).await;
    assert_eq!(
        first.header(http::header::CACHE_CONTROL),
        Some("public, max-age=3600")
    );
    server.send(update(&[(0, 185)])).await;
    server.until("the step is a frame", |m| m.seq >= 1).await;
    let second = floor_picture(&app).await;
    assert_eq!(first.body, second.body);
    assert_eq!(server.floor.metrics().picture_renders, 1);
}

#[tokio::test]
async fn the_floor_picture_shows_the_floor_as_it_is_now() {
    let (server, _fixture, app) = picture_server(0).await;
    let quiet = floor_picture(&app).await;
    // Someone steps on the first two modules.
    let steps: Vec<(u16, u8)> = (0..16).map(|segment| (segment, 185)).collect();
    server.send(update(&steps)).await;
    server.until("the step is a frame", |m| m.seq >= 1).await;
    let busy = floor_picture(&app).await;
    assert_ne!(quiet.body, busy.body, "the picture follows the floor");
    assert_eq!(server.floor.metrics().picture_renders, 2);
}
