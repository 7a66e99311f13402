//! Directories with their own `index.html` (the static course pages `lernort-dist finish`
//! writes) are answered with that page instead of the app's `index.html`.

mod common;

use std::fs;

use common::Answer::{NotFound, Page};
use common::*;
use http::header::{ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_TYPE};
use http::StatusCode;
use lernort_gateway::router;

const COURSE_HTML: &str = "<!doctype html><title>KI im Alltag – Lernort</title>\n";
const COURSE_GZ: &[u8] = b"gzip of the course page";
const LIST_HTML: &str = "<!doctype html><title>Kursprogramm – Lernort</title>\n";
const OUTSIDE_HTML: &str = "<!doctype html><title>outside dist</title>\n";

/// The fixture plus `kurse/index.html`, `kurse/ki-im-alltag/index.html` (with a `.gz`),
/// an empty `kurse/leer/`, and `kurse/draussen`, a link to a directory outside dist that
/// holds an `index.html`.
fn with_pages() -> Fixture {
    let fixture = Fixture::new();
    let dist = fixture.dist();
    fs::create_dir_all(dist.join("kurse/ki-im-alltag")).expect("create course dir");
    fs::create_dir_all(dist.join("kurse/leer")).expect("create empty dir");
    fs::write(dist.join("kurse/index.html"), LIST_HTML).expect("write list");
    fs::write(dist.join("kurse/ki-im-alltag/index.html"), COURSE_HTML).expect("write page");
    fs::write(dist.join("kurse/ki-im-alltag/index.html.gz"), COURSE_GZ).expect("write gz");
    let outside = fixture.dir.path().join("outside");
    fs::create_dir_all(&outside).expect("create outside dir");
    fs::write(outside.join("index.html"), OUTSIDE_HTML).expect("write outside page");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, dist.join("kurse/draussen")).expect("symlink");
    fixture
}

#[tokio::test]
async fn each_path_gets_its_directory_page_the_app_or_404() {
    let fixture = with_pages();
    let app = router(fixture.state());
    assert_answers(
        &app,
        &[
            ("/kurse/ki-im-alltag", Page(COURSE_HTML)),
            ("/kurse/ki-im-alltag/", Page(COURSE_HTML)),
            ("/kurse/ki-im-alltag?ref=mastodon", Page(COURSE_HTML)),
            ("/kurse/ki-im-alltag/index.html", Page(COURSE_HTML)),
            ("//kurse//ki-im-alltag", Page(COURSE_HTML)),
            ("/kurse", Page(LIST_HTML)),
            ("/kurse/", Page(LIST_HTML)),
            // A directory without an index, and what is no file: the app.
            ("/kurse/leer", Page(INDEX_HTML)),
            ("/kurse/leer/", Page(INDEX_HTML)),
            ("/kurse/unbekannt", Page(INDEX_HTML)),
            ("/centre", Page(INDEX_HTML)),
            ("/centre/", Page(INDEX_HTML)),
            // Files that are not there.
            ("/kurse/ki-im-alltag/app.js", NotFound),
            ("/kurse/ki-im-alltag/index.htm", NotFound),
            ("/kurse/unbekannt.html", NotFound),
        ],
    )
    .await;
    head(&app, "/kurse/ki-im-alltag", &[], COURSE_HTML.len()).await;
}

#[tokio::test]
async fn its_compressed_copy_is_used() {
    let fixture = with_pages();
    let app = router(fixture.state());
    let reply = get_with(
        &app,
        "/kurse/ki-im-alltag",
        &[(ACCEPT_ENCODING.as_str(), "gzip, br")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header(CONTENT_ENCODING), Some("gzip"));
    assert_eq!(&reply.body[..], COURSE_GZ);
    assert_eq!(reply.header(CONTENT_TYPE), Some("text/html; charset=utf-8"));
}

#[tokio::test]
async fn directory_pages_never_leave_dist() {
    let fixture = with_pages();
    let app = router(fixture.state());
    for uri in [
        "/kurse/draussen",
        "/kurse/draussen/",
        "/kurse/draussen/index.html",
        "/kurse/%2e%2e/%2e%2e/outside/",
        "/kurse/../../outside",
        "/..%2foutside/",
    ] {
        let reply = get(&app, uri).await;
        assert!(!reply.text().contains("outside dist"), "{uri} left dist");
    }
    // A link to a directory outside dist is no page: the app answers (or 404 for a file).
    assert_answers(
        &app,
        &[
            ("/kurse/draussen", Page(INDEX_HTML)),
            ("/kurse/draussen/index.html", NotFound),
        ],
    )
    .await;
}

#[tokio::test]
async fn directory_pages_under_a_base_path() {
    let fixture = with_pages();
    let app = router(fixture.state_under("/lernort/"));
    assert_answers(
        &app,
        &[
            ("/lernort/kurse/ki-im-alltag", Page(COURSE_HTML)),
            ("/lernort/kurse", Page(LIST_HTML)),
            ("/lernort/kurse/leer", Page(INDEX_HTML)),
            // Outside the base.
            ("/kurse/ki-im-alltag", NotFound),
        ],
    )
    .await;
}
