//! The router, driven request by request with `oneshot` (no network).

mod common;

use axum::Router;
use common::Answer::{NotFound, Page};
use common::*;
use http::header::{
    ACCEPT_ENCODING, ALLOW, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, ETAG,
    IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, LOCATION, VARY,
};
use http::{Method, StatusCode};
use lernort_gateway::{router, AppState};

fn app(state: AppState) -> Router {
    router(state)
}

/// The operator's routes for `state`.
fn admin(state: AppState) -> Router {
    lernort_gateway::admin_router(lernort_gateway::AdminState {
        app: state,
        connections: lernort_gateway::Admission::new(100, 10),
    })
}

#[tokio::test]
async fn content_types_by_extension() {
    let fixture = Fixture::new();
    let app = app(fixture.state());
    let cases = [
        ("/", "text/html; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
        (&format!("/{JS}") as &str, "text/javascript; charset=utf-8"),
        (&format!("/{WASM}"), "application/wasm"),
        ("/centre/centre.json", "application/json"),
        ("/logo.svg", "image/svg+xml"),
    ];
    for (uri, content_type) in cases {
        let reply = get(&app, uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        assert_eq!(reply.header(CONTENT_TYPE), Some(content_type), "{uri}");
    }
    assert_eq!(get(&app, "/centre/centre.json").await.text(), CENTRE_JSON);
    assert_eq!(get(&app, &format!("/{WASM}")).await.body, WASM_BODY);
}

#[tokio::test]
async fn brotli_is_preferred() {
    let fixture = Fixture::new();
    let app = app(fixture.state());
    let uri = format!("/{JS}");
    let reply = get_with(&app, &uri, &[("accept-encoding", "gzip, deflate, br")]).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body, JS_BR);
    assert_eq!(reply.header(CONTENT_ENCODING), Some("br"));
    assert_eq!(
        reply.header(CONTENT_TYPE),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(reply.header(VARY), Some("Accept-Encoding"));
    assert_eq!(reply.header(CONTENT_LENGTH), Some("12"));
}

#[tokio::test]
async fn gzip_when_brotli_is_not_accepted() {
    let fixture = Fixture::new();
    let app = app(fixture.state());
    let uri = format!("/{JS}");
    for accept in ["gzip", "br;q=0, gzip;q=0.8", "x-gzip"] {
        let reply = get_with(&app, &uri, &[("accept-encoding", accept)]).await;
        assert_eq!(reply.body, JS_GZ, "{accept}");
        assert_eq!(reply.header(CONTENT_ENCODING), Some("gzip"));
        assert_eq!(
            reply.header(CONTENT_TYPE),
            Some("text/javascript; charset=utf-8")
        );
        assert_eq!(reply.header(VARY), Some("Accept-Encoding"));
    }
}

#[tokio::test]
async fn identity_without_accept_encoding_or_copy() {
    let fixture = Fixture::new();
    let app = app(fixture.state());
    for accept in [
        None,
        Some("identity"),
        Some("deflate"),
        Some("br;q=0, gzip;q=0"),
    ] {
        let headers: Vec<(&str, &str)> =
            accept.map(|a| ("accept-encoding", a)).into_iter().collect();
        let reply = get_with(&app, &format!("/{JS}"), &headers).await;
        assert_eq!(reply.text(), JS_BODY, "{accept:?}");
        assert_eq!(reply.header(CONTENT_ENCODING), None);
        assert_eq!(reply.header(VARY), Some("Accept-Encoding"));
    }
    // The wasm has no pre-compressed copies: served as is even when br is accepted.
    let reply = get_with(
        &app,
        &format!("/{WASM}"),
        &[("accept-encoding", "br, gzip")],
    )
    .await;
    assert_eq!(reply.body, WASM_BODY);
    assert_eq!(reply.header(CONTENT_ENCODING), None);
    assert_eq!(reply.header(CONTENT_TYPE), Some("application/wasm"));
}

#[tokio::test]
async fn hashed_files_are_immutable_others_revalidate() {
    let fixture = Fixture::new();
    let app = app(fixture.state());
    let immutable = Some("public, max-age=31536000, immutable");
    assert_eq!(
        get(&app, &format!("/{JS}")).await.header(CACHE_CONTROL),
        immutable
    );
    assert_eq!(
        get(&app, &format!("/{WASM}")).await.header(CACHE_CONTROL),
        immutable
    );
    let br = get_with(&app, &format!("/{JS}"), &[("accept-encoding", "br")]).await;
    assert_eq!(br.header(CACHE_CONTROL), immutable);
    for uri in [
        "/",
        "/index.html",
        "/centre/centre.json",
        "/logo.svg",
        "/kurse/abc",
    ] {
        assert_eq!(
            get(&app, uri).await.header(CACHE_CONTROL),
            Some("no-cache"),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn revalidation_by_etag_or_date_answers_304() {
    let fixture = Fixture::new();
    let app = app(fixture.state());
    let uri = "/centre/centre.json";
    // What the first answer says, and the request header that sends it back.
    for (validator, condition) in [(ETAG, IF_NONE_MATCH), (LAST_MODIFIED, IF_MODIFIED_SINCE)] {
        let first = get(&app, uri).await;
        let value = first.header(validator.clone()).expect("a validator");
        let again = get_with(&app, uri, &[(condition.as_str(), value)]).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{condition}");
        assert!(again.body.is_empty(), "{condition}");
        assert_eq!(again.header(CACHE_CONTROL), Some("no-cache"), "{condition}");
    }
    let old = get_with(
        &app,
        uri,
        &[(IF_MODIFIED_SINCE.as_str(), "Fri, 09 Aug 1996 14:21:40 GMT")],
    )
    .await;
    assert_eq!(old.status, StatusCode::OK, "changed since");
    // The brotli copy is another representation with its own tag.
    let first = get(&app, uri).await;
    let etag = first.header(ETAG).expect("etag");
    let br = get_with(
        &app,
        &format!("/{JS}"),
        &[("accept-encoding", "br"), (IF_NONE_MATCH.as_str(), etag)],
    )
    .await;
    assert_eq!(br.status, StatusCode::OK);
    assert_ne!(br.header(ETAG), Some(etag));
}

#[tokio::test]
async fn byte_ranges_are_served() {
    let fixture = Fixture::new();
    let app = app(fixture.state());
    let uri = "/centre/centre.json";
    let part = get_with(&app, uri, &[("range", "bytes=2-5")]).await;
    assert_eq!(part.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(part.body, CENTRE_JSON.as_bytes()[2..=5]);
    assert_eq!(
        part.header(http::header::CONTENT_RANGE),
        Some(format!("bytes 2-5/{}", CENTRE_JSON.len()).as_str())
    );
    assert_eq!(part.header(CONTENT_LENGTH), Some("4"));
    assert_eq!(part.header(CONTENT_TYPE), Some("application/json"));
    assert_eq!(part.header(CACHE_CONTROL), Some("no-cache"));
    let beyond = get_with(&app, uri, &[("range", "bytes=1000-")]).await;
    assert_eq!(beyond.status, StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(
        get(&app, uri).await.header(http::header::ACCEPT_RANGES),
        Some("bytes")
    );
}

#[tokio::test]
async fn deep_links_get_index_html_missing_assets_404() {
    let fixture = Fixture::new();
    let app = app(fixture.state());
    let js_directory = format!("/{JS}/");
    assert_answers(
        &app,
        &[
            ("/kurse/abc", Page(INDEX_HTML)),
            ("/kurse/abc/", Page(INDEX_HTML)),
            ("/kurse", Page(INDEX_HTML)),
            ("/centre", Page(INDEX_HTML)),
            ("/raum/a%20b?tag=1", Page(INDEX_HTML)),
            ("/.well-known", Page(INDEX_HTML)),
            // A trailing slash names a directory: a client-side route.
            (&js_directory, Page(INDEX_HTML)),
            ("/lernort-ffffffffffffffff.js", NotFound),
            ("/centre/other.json", NotFound),
            ("/kurse/abc.html", NotFound),
        ],
    )
    .await;
    head(&app, "/kurse/abc", &[], INDEX_HTML.len()).await;
}

#[tokio::test]
async fn traversal_never_leaves_dist() {
    let fixture = Fixture::new();
    let app = app(fixture.state());
    let uris = [
        "/../secret.txt",
        "/centre/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/centre/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/centre/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/.%2e/secret.txt",
        "/%252e%252e/secret.txt",
        "/leak.txt",
    ];
    for uri in uris {
        let reply = get(&app, uri).await;
        assert!(!reply.text().contains(SECRET), "{uri} leaked the secret");
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
    }
}

#[cfg(unix)]
#[tokio::test]
async fn a_precompressed_copy_leading_out_of_dist_is_not_served() {
    let fixture = Fixture::new();
    std::os::unix::fs::symlink(
        fixture.dir.path().join("secret.txt"),
        fixture.dist().join("logo.svg.gz"),
    )
    .expect("symlink");
    let app = app(fixture.state());
    let reply = get_with(&app, "/logo.svg", &[("accept-encoding", "gzip")]).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header(CONTENT_ENCODING), None);
    assert_eq!(reply.text(), "<svg/>");
}

#[tokio::test]
async fn healthz_says_up_and_the_operator_gets_the_details() {
    let fixture = Fixture::new();
    let app = app(fixture.state());
    let reply = get(&app, "/healthz").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header(CONTENT_TYPE), Some("application/json"));
    assert_eq!(reply.header(CACHE_CONTROL), Some("no-store"));
    assert_eq!(reply.text(), r#"{"status":"up"}"#, "no paths, no version");
    let reply = get(&admin(fixture.state()), "/healthz").await;
    let expected = format!(
        "{{\"status\":\"ok\",\"dist\":\"{}\",\"version\":\"{}\"}}",
        fixture.dist().display(),
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(reply.text(), expected);
    assert_eq!(
        send(&app, Method::HEAD, "/healthz", &[]).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn security_headers_on_every_response() {
    let fixture = Fixture::new();
    let app = app(fixture.state());
    let csp = format!("{META_POLICY}; frame-ancestors 'none'");
    let replies = [
        get(&app, "/").await,
        get(&app, &format!("/{JS}")).await,
        get(&app, "/kurse/abc").await,
        get(&app, "/missing.js").await,
        get(&app, "/healthz").await,
        send(&app, Method::POST, "/", &[]).await,
        send(&app, Method::POST, "/healthz", &[]).await,
    ];
    for reply in replies {
        assert_eq!(
            reply.header(http::header::CONTENT_SECURITY_POLICY),
            Some(csp.as_str())
        );
        assert_eq!(
            reply.header(http::header::X_CONTENT_TYPE_OPTIONS),
            Some("nosniff")
        );
        assert_eq!(
            reply.header(http::header::REFERRER_POLICY),
            Some("no-referrer")
        );
        assert_eq!(
            reply
                .headers
                .get("permissions-policy")
                .and_then(|v| v.to_str().ok()),
            Some("camera=(), microphone=(), geolocation=(), interest-cohort=()")
        );
        assert!(reply.headers.get(http::header::SET_COOKIE).is_none());
    }
}

#[tokio::test]
async fn default_policy_without_meta_tag() {
    let fixture = Fixture::new();
    std::fs::write(
        fixture.dist().join("index.html"),
        "<!doctype html><title>x</title>",
    )
    .expect("rewrite index");
    let app = app(fixture.state());
    let reply = get(&app, "/").await;
    assert_eq!(
        reply.header(http::header::CONTENT_SECURITY_POLICY),
        Some("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'")
    );
}

#[tokio::test]
async fn only_get_and_head_for_files() {
    let fixture = Fixture::new();
    let app = app(fixture.state());
    for method in [
        Method::POST,
        Method::PUT,
        Method::DELETE,
        Method::PATCH,
        Method::OPTIONS,
    ] {
        for uri in ["/", "/kurse/abc", "/index.html", "/missing.js"] {
            let reply = send(&app, method.clone(), uri, &[]).await;
            assert_eq!(
                reply.status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {uri}"
            );
            assert_eq!(reply.header(ALLOW), Some("GET, HEAD"));
        }
    }
    let br = head(
        &app,
        &format!("/{JS}"),
        &[(ACCEPT_ENCODING.as_str(), "br")],
        JS_BR.len(),
    )
    .await;
    assert_eq!(br.header(CONTENT_ENCODING), Some("br"));
}

#[tokio::test]
async fn base_path_serves_only_below_it() {
    let fixture = Fixture::new();
    let app = app(fixture.state_under("/lernort/"));

    let redirect = get(&app, "/lernort").await;
    assert_eq!(redirect.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(redirect.header(LOCATION), Some("/lernort/"));
    let with_query = get(&app, "/lernort?x=1").await;
    assert_eq!(with_query.header(LOCATION), Some("/lernort/?x=1"));
    assert!(with_query
        .headers
        .contains_key(http::header::CONTENT_SECURITY_POLICY));

    let index = get(&app, "/lernort/").await;
    assert_eq!(index.status, StatusCode::OK);
    assert_eq!(index.text(), INDEX_HTML);
    let js = get(&app, &format!("/lernort/{JS}")).await;
    assert_eq!(js.text(), JS_BODY);
    assert_eq!(get(&app, "/lernort/kurse/abc?x=1").await.text(), INDEX_HTML);
    assert_eq!(
        get(&app, "/lernort/centre/centre.json").await.text(),
        CENTRE_JSON
    );
    assert_eq!(get(&app, "/lernort/healthz").await.status, StatusCode::OK);
    assert_eq!(
        get(&app, "/lernort/missing.js").await.status,
        StatusCode::NOT_FOUND
    );

    for uri in [
        "/",
        &format!("/{JS}") as &str,
        "/healthz",
        "/lernortx",
        "/lernortx/",
        "/kurse/abc",
        "/other/lernort/",
    ] {
        let reply = get(&app, uri).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(reply
            .headers
            .contains_key(http::header::X_CONTENT_TYPE_OPTIONS));
    }
    // Traversal from below the base is still caught.
    let reply = get(&app, "/lernort/../secret.txt").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = get(&app, "/lernort/%2e%2e/secret.txt").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn missing_dist_answers_503_and_health_is_degraded() {
    let fixture = Fixture::new();
    let missing = fixture.dir.path().join("not-built");
    let empty = fixture.dir.path().join("empty");
    std::fs::create_dir(&empty).expect("create empty dist");
    for dist in [missing, empty] {
        let state = state_for(&dist, "/");
        assert!(state.degraded_reason().is_some());
        let app = app(state.clone());
        for uri in ["/", "/kurse/abc", "/app.js"] {
            let reply = get(&app, uri).await;
            assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE, "{uri}");
            assert_eq!(reply.header(CONTENT_TYPE), Some("text/html; charset=utf-8"));
            assert_eq!(reply.header(CACHE_CONTROL), Some("no-store"));
            let page = reply.text();
            assert!(page.contains("Die App ist noch nicht gebaut"), "{page}");
            assert!(page.contains("The app has not been built yet"), "{page}");
            assert!(page.contains("./scripts/run"));
            assert_eq!(
                reply.header(http::header::CONTENT_SECURITY_POLICY),
                Some("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'")
            );
        }
        let health = get(&app, "/healthz").await;
        assert_eq!(health.status, StatusCode::OK);
        assert_eq!(health.header(CACHE_CONTROL), Some("no-store"));
        assert_eq!(health.text(), r#"{"status":"degraded"}"#);
        let body = get(&admin(state.clone()), "/healthz").await.text();
        assert!(
            body.starts_with("{\"status\":\"degraded\",\"reason\":\"the app has not been built: "),
            "{body}"
        );
        assert!(body.contains(&format!("\"version\":\"{}\"", env!("CARGO_PKG_VERSION"))));
    }
}

/// Writes `index.html` with a given policy and a modification time `seconds` after the epoch,
/// so the test does not depend on the file system's timestamp resolution.
fn write_index(dist: &std::path::Path, policy: &str, seconds: u64) {
    let path = dist.join("index.html");
    let html = format!(
        r#"<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="{policy}"></head><body></body></html>"#
    );
    std::fs::write(&path, html).expect("write index.html");
    let file = std::fs::File::options()
        .write(true)
        .open(&path)
        .expect("open index.html");
    let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(seconds);
    file.set_modified(time).expect("set mtime");
}

#[tokio::test]
async fn a_rebuild_is_picked_up_without_a_restart() {
    let fixture = Fixture::new();
    let dist = fixture.dir.path().join("later");
    // Started before the first build: degraded.
    let app = app(state_for(&dist, "/"));
    assert_eq!(get(&app, "/").await.status, StatusCode::SERVICE_UNAVAILABLE);

    std::fs::create_dir(&dist).expect("create dist");
    write_index(
        &dist,
        "default-src 'self'; script-src 'sha256-first'",
        1_000,
    );
    let first = get(&app, "/kurse").await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(
        first.header(http::header::CONTENT_SECURITY_POLICY),
        Some("default-src 'self'; script-src 'sha256-first'; frame-ancestors 'none'")
    );
    assert_eq!(get(&app, "/healthz").await.text(), r#"{"status":"up"}"#);

    // A new build brings a new start-up script hash.
    write_index(
        &dist,
        "default-src 'self'; script-src 'sha256-second'",
        2_000,
    );
    let second = get(&app, "/").await;
    assert_eq!(
        second.header(http::header::CONTENT_SECURITY_POLICY),
        Some("default-src 'self'; script-src 'sha256-second'; frame-ancestors 'none'")
    );

    // A broken rebuild (a policy that cannot be a header) keeps the last good policy.
    write_index(&dist, "default-src 'self'\u{1}", 3_000);
    let kept = get(&app, "/").await;
    assert_eq!(
        kept.header(http::header::CONTENT_SECURITY_POLICY),
        Some("default-src 'self'; script-src 'sha256-second'; frame-ancestors 'none'")
    );
}
