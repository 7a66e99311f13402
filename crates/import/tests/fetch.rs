//! Sources by URL against a real HTTP server on loopback: a first fetch, a 304, a changed
//! file, a 500, a server that hangs, an answer over the size limit, and no copy at all.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lernort_catalogue::Timestamp;
use lernort_import::fetch::{fetch, Limits};

/// What the server answers to the next request.
enum Reply {
    Ok {
        body: &'static str,
        etag: &'static str,
    },
    NotModified,
    Status(u16),
    Hang,
    Big(usize),
}

/// A server answering from a queue of replies, one per connection; it remembers the
/// request heads it got.
struct Server {
    addr: SocketAddr,
    replies: Arc<Mutex<VecDeque<Reply>>>,
    heads: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start() -> Server {
        let replies = Arc::new(Mutex::new(VecDeque::<Reply>::new()));
        let heads = Arc::new(Mutex::new(Vec::new()));
        let (queue, seen) = (replies.clone(), heads.clone());
        let addr = lernort_cli::testing::serve_http(move |head| {
            seen.lock().unwrap().push(head.to_ascii_lowercase());
            let reply = queue.lock().unwrap().pop_front();
            Some(match reply {
                Some(Reply::Ok { body, etag }) => format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nETag: {etag}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                ),
                Some(Reply::NotModified) => {
                    "HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n".to_owned()
                }
                Some(Reply::Status(code)) => {
                    format!("HTTP/1.1 {code} Oops\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                }
                Some(Reply::Big(size)) => format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n{}",
                    "x".repeat(size)
                ),
                // Says nothing until the client gives up.
                Some(Reply::Hang) | None => return None,
            })
        });
        Server {
            addr,
            replies,
            heads,
        }
    }

    fn then(&self, reply: Reply) {
        self.replies.lock().unwrap().push_back(reply);
    }

    fn last_head(&self) -> String {
        self.heads
            .lock()
            .unwrap()
            .last()
            .cloned()
            .unwrap_or_default()
    }
}

const EVENT: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a@x\r\nDTSTART;TZID=Europe/Berlin:20261124T180000\r\nDTEND;TZID=Europe/Berlin:20261124T200000\r\nSUMMARY:Löten für alle\r\nCATEGORIES:KI\r\nLOCATION:DiLAS\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

fn limits() -> Limits {
    Limits {
        connect: Duration::from_secs(5),
        total: Duration::from_millis(1500),
        max_bytes: 1024,
        ..Limits::default()
    }
}

fn at(seconds: i64) -> Timestamp {
    Timestamp::with_berlin_offset(1_795_000_000 + seconds)
}

#[test]
fn a_feed_is_fetched_revalidated_and_its_last_copy_used_when_the_server_fails() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("dir");
    let url = format!("http://{}/termine.ics", server.addr);
    let text =
        |f: &lernort_import::fetch::Fetched| String::from_utf8_lossy(&f.file.bytes).into_owned();

    server.then(Reply::Ok {
        body: "first",
        etag: "\"v1\"",
    });
    let first = fetch(&url, cache.path(), &limits(), at(0)).expect("fetched");
    assert_eq!(
        (text(&first).as_str(), first.warning.as_deref()),
        ("first", None)
    );
    assert_eq!(first.file.name, url);
    assert_eq!(first.file.media_type.as_deref(), Some("text/calendar"));

    // Unchanged: a conditional request, a 304, the copy.
    server.then(Reply::NotModified);
    let same = fetch(&url, cache.path(), &limits(), at(60)).expect("revalidated");
    assert!(
        server.last_head().contains("if-none-match: \"v1\""),
        "{}",
        server.last_head()
    );
    assert_eq!((text(&same).as_str(), same.warning), ("first", None));

    // Changed.
    server.then(Reply::Ok {
        body: "second",
        etag: "\"v2\"",
    });
    let changed = fetch(&url, cache.path(), &limits(), at(120)).expect("fetched");
    assert_eq!(text(&changed), "second");

    // The server fails in three ways: the last good copy is used, and the message says
    // since when.
    let copy_time = at(120).to_string();
    for (reply, reason) in [
        (Reply::Status(500), "the server answered 500"),
        (Reply::Hang, "no answer in time"),
        (Reply::Big(4096), "the answer is larger than"),
    ] {
        server.then(reply);
        let fallback = fetch(&url, cache.path(), &limits(), at(180)).expect("the copy");
        assert_eq!(text(&fallback), "second", "{reason}");
        let warning = fallback.warning.expect("a warning");
        assert!(
            warning.starts_with(&format!("cannot be fetched ({reason}")),
            "{warning}"
        );
        assert!(
            warning.ends_with(&format!("the copy fetched {copy_time} is imported instead")),
            "{warning}"
        );
    }
}

#[test]
fn without_a_copy_a_failing_source_is_missing_with_the_reason() {
    let server = Server::start();
    let cache = tempfile::tempdir().expect("dir");
    let url = format!("http://{}/kurse.csv", server.addr);
    server.then(Reply::Status(503));
    let error = fetch(&url, cache.path(), &limits(), at(0)).expect_err("nothing to import");
    assert_eq!(
        error,
        "cannot be fetched (the server answered 503 Service Unavailable) and there is no earlier copy: its courses are missing until it can be"
    );
    let closed = format!("http://{}/x.csv", "127.0.0.1:9");
    let error = fetch(&closed, cache.path(), &limits(), at(0)).expect_err("refused");
    assert!(error.starts_with("cannot be fetched ("), "{error}");
}

#[test]
fn import_json_may_name_a_source_by_url() {
    let server = Server::start();
    let folder = tempfile::tempdir().expect("dir");
    let url = format!("http://{}/feed", server.addr);
    std::fs::write(
        folder.path().join("import.json"),
        format!(
            r#"{{"providers": [{{"id": "lab", "name": "StadtLABOR", "kind": "stadtlabor", "url": "https://lab.example/", "sources": ["{url}"], "noPriceMeansFree": true}}],
              "categories": [{{"id": "ki", "name": {{"de": "KI", "en": "AI"}}, "aliases": ["KI"]}}],
              "venues": [{{"id": "dilas", "name": "DiLAS", "street": "Werkstraße 1", "postalCode": "59494", "city": "Soest", "stepFree": true, "aliases": ["DiLAS"]}}]}}"#
        ),
    )
    .expect("write import.json");
    server.then(Reply::Ok {
        body: EVENT,
        etag: "\"e1\"",
    });
    let now = lernort_import::parse_now("2026-11-17T10:30:00+01:00").expect("time");
    let imported = lernort_import::import_folder(folder.path(), now).expect("imported");
    let names: Vec<_> = imported
        .catalogue
        .courses
        .iter()
        .map(|c| c.name.clone())
        .collect();
    assert_eq!(names, ["Löten für alle"], "{:?}", imported.report.messages);
    assert!(folder.path().join(".fetched").is_dir());

    // The feed is down: the course stays, with a warning naming the URL.
    server.then(Reply::Status(500));
    let again = lernort_import::import_folder(folder.path(), now).expect("imported");
    assert_eq!(again.catalogue.courses.len(), 1);
    let warning = again
        .report
        .messages
        .iter()
        .find(|m| m.file == url)
        .expect("a message about the URL");
    assert!(
        warning.text.contains("is imported instead"),
        "{}",
        warning.text
    );
}
