//! Property: whatever path and headers a client sends, the file server answers with one of
//! the statuses it documents, never anything from outside dist, a `Content-Length` that is
//! the body's, and the security headers (issue #14, 6d). `scripts/soak paths` runs more cases.

mod common;

use common::*;
use http::header::{
    CONTENT_LENGTH, CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
};
use http::{Method, StatusCode};
use lernort_gateway::router;
use proptest::prelude::*;

/// Pieces paths are made of: names in the fixture's dist, traversal in every spelling,
/// encoded separators, bad escapes, non-ASCII.
const SEGMENTS: &[&str] = &[
    "",
    ".",
    "..",
    "%2e",
    "%2E%2e",
    ".%2e",
    "%2f",
    "%5c",
    "..%2f",
    "%00",
    "%",
    "%zz",
    "%c3%bc",
    "%ff",
    "kurse",
    "centre",
    "centre.json",
    "index.html",
    "leak.txt",
    "secret.txt",
    "lernort-0123456789abcdef.js",
    "lernort-0123456789abcdef.js.br",
    "logo.svg",
    "a%20b",
    "%20",
    "~",
    ":",
    "c:",
    "x.",
    ".well-known",
    "dist",
];

const ENCODINGS: &[Option<&str>] = &[
    None,
    Some("gzip"),
    Some("br"),
    Some("br, gzip"),
    Some("br;q=0, gzip;q=1"),
    Some("*"),
    Some("identity"),
    Some("gzip;q=x, ;;"),
];

const MATCHES: &[Option<&str>] = &[
    None,
    Some("*"),
    Some("\"nope\""),
    Some("W/\"x\", \"y\""),
    Some("garbage"),
];

const RANGES: &[Option<&str>] = &[
    None,
    Some("bytes=0-0"),
    Some("bytes=2-5"),
    Some("bytes=5-2"),
    Some("bytes=-3"),
    Some("bytes=1000-"),
    Some("bytes=0-1,3-4"),
    Some("lines=1-2"),
    Some("bytes=x-y"),
];

const METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"];

fn path() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop::sample::select(SEGMENTS), 0..6),
        any::<bool>(),
        prop::option::of(prop::sample::select(&["a=1", "x=%2e%2e", ""][..])),
    )
        .prop_map(|(segments, trailing, query)| {
            let mut path = format!("/{}", segments.join("/"));
            if trailing && !path.ends_with('/') {
                path.push('/');
            }
            if let Some(query) = query {
                path.push('?');
                path.push_str(query);
            }
            path
        })
}

proptest! {
    // 600 cases in the tests (under a second); PROPTEST_CASES=20000 in scripts/soak.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(600),
        // A failing case is printed; nothing is written beside the sources.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_answer_is_documented_contained_and_complete(
        path in path(),
        method in prop::sample::select(METHODS),
        encoding in prop::sample::select(ENCODINGS),
        if_none_match in prop::sample::select(MATCHES),
        range in prop::sample::select(RANGES),
    ) {
        prop_assume!(path.parse::<http::Uri>().is_ok());
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        runtime.block_on(async {
            let fixture = Fixture::new();
            let app = router(fixture.state());
            let mut headers = Vec::new();
            for (name, value) in [("accept-encoding", encoding), ("if-none-match", if_none_match), ("range", range)] {
                if let Some(value) = value {
                    headers.push((name, value));
                }
            }
            let method = Method::from_bytes(method.as_bytes()).expect("method");
            let reply = send(&app, method.clone(), &path, &headers).await;
            let allowed = [200, 206, 304, 404, 405, 416];
            prop_assert!(allowed.contains(&reply.status.as_u16()), "{method} {path} {headers:?}: {}", reply.status);
            prop_assert!(!String::from_utf8_lossy(&reply.body).contains(SECRET), "{path} leaked");
            prop_assert!(reply.header(CONTENT_SECURITY_POLICY).is_some(), "{path}: no CSP");
            prop_assert_eq!(reply.header(X_CONTENT_TYPE_OPTIONS), Some("nosniff"));
            prop_assert_eq!(reply.header(REFERRER_POLICY), Some("no-referrer"));
            if let Some(length) = reply.header(CONTENT_LENGTH) {
                let length: usize = length.parse().expect("a number");
                if method == Method::HEAD {
                    prop_assert!(reply.body.is_empty());
                    let get = get_with(&app, &path, &headers).await;
                    prop_assert_eq!(length, get.body.len(), "HEAD {} announces what GET sends", path);
                } else {
                    prop_assert_eq!(length, reply.body.len(), "{} {}", method, path);
                }
            }
            if reply.status == StatusCode::OK && method == Method::GET {
                prop_assert!(reply.header(CONTENT_LENGTH).is_some(), "{path}: no length");
            }
            Ok(())
        })?;
    }
}
