//! Booking calendars at a URL, against a real HTTP server on loopback: before the first
//! fetch (co-working still answers), a fetch, a 500, an error page sent with 200, a changed
//! calendar, a 304, a server that hangs; the operator's health.

mod common;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use common::*;
use lernort_coworking::SpaceStatus;
use lernort_gateway::{health_details, is_degraded, AppState, Config, Coworking, CoworkingConfig};

// Tuesday 24 November 2026 in Berlin (winter time, UTC+1).
const DAY_START: i64 = 1_795_474_800;
const HOUR: i64 = 3_600;

const SPACES: &str = r#"{
  "plan": {"width": 800, "height": 500, "zones": [
    {"id": "raeume", "name": "Räume", "shape": {"x": 0, "y": 0, "width": 800, "height": 500}}]},
  "openingHours": [{"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "09:00", "closes": "20:00"}],
  "publicHolidays": "nrw",
  "booking": {"text": "An der Theke"},
  "spaces": [
    {"id": "raum", "name": "Besprechungsraum", "kind": "room", "zone": "raeume",
     "shape": {"x": 10, "y": 10, "width": 300, "height": 200}, "bookings": "URL"}]
}"#;

/// Booked 10:00–12:00 every weekday.
const WEEKDAYS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\n\
DTSTART;TZID=Europe/Berlin:20261102T100000\r\nDTEND;TZID=Europe/Berlin:20261102T120000\r\n\
RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

/// Booked on Mondays only.
const MONDAYS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\n\
DTSTART;TZID=Europe/Berlin:20261102T100000\r\nDTEND;TZID=Europe/Berlin:20261102T120000\r\n\
RRULE:FREQ=WEEKLY;BYDAY=MO\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

/// What the server answers.
#[derive(Clone)]
enum Reply {
    Calendar(&'static str),
    Status(u16),
    NotModified,
    ErrorPage,
    Hang,
}

/// A server answering every request with the current reply.
fn serve(reply: Arc<Mutex<Reply>>) -> SocketAddr {
    lernort_cli::testing::serve_http(move |_head| {
        Some(match reply.lock().unwrap().clone() {
            Reply::Calendar(body) => format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            ),
            Reply::NotModified => "HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n".to_owned(),
            Reply::Status(code) => {
                format!("HTTP/1.1 {code} Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            }
            Reply::ErrorPage => {
                let body = "<html><body>Wartungsarbeiten</body></html>";
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                )
            }
            // Keeps the connection open without a word until the client gives up.
            Reply::Hang => return None,
        })
    })
}

struct Setup {
    fixture: Fixture,
    clock: Arc<AtomicI64>,
    reply: Arc<Mutex<Reply>>,
    coworking: Coworking,
    state: AppState,
}

impl Setup {
    fn new() -> Setup {
        let reply = Arc::new(Mutex::new(Reply::Calendar(WEEKDAYS)));
        let addr = serve(reply.clone());
        let fixture = Fixture::new();
        let dir = fixture.dir.path().join("centre/coworking");
        std::fs::create_dir_all(&dir).expect("create");
        let spaces = SPACES.replace("URL", &format!("http://{addr}/raum.ics"));
        std::fs::write(dir.join("spaces.json"), spaces).expect("write spaces");
        let clock = Arc::new(AtomicI64::new(DAY_START + 10 * HOUR + 30 * 60));
        let mut settings = CoworkingConfig::new(dir.join("spaces.json"));
        settings.bookings_timeout_s = 1;
        let now = clock.clone();
        let coworking = Coworking::new(
            settings.clone(),
            Arc::new(move || now.load(Ordering::SeqCst)),
        );
        let config = Config {
            dist: fixture.dist(),
            coworking: Some(settings),
            ..Config::default()
        };
        let state = AppState::load(config)
            .expect("state")
            .with_coworking(coworking.clone());
        Setup {
            fixture,
            clock,
            reply,
            coworking,
            state,
        }
    }

    fn answer(&self, reply: Reply) {
        *self.reply.lock().unwrap() = reply;
    }

    fn room(&self) -> SpaceStatus {
        self.coworking
            .status(None)
            .expect("co-working answers")
            .spaces[0]
            .status
    }

    fn problem(&self) -> Option<String> {
        self.coworking.remote_bookings().status()[0].problem.clone()
    }
}

#[tokio::test]
async fn a_calendar_by_url_is_fetched_kept_and_its_failures_are_noticed() {
    let setup = Setup::new();
    // Before the first fetch: co-working answers (the room without bookings), nothing
    // is known about the source yet.
    assert_eq!(setup.room(), SpaceStatus::Free);
    assert!(setup.coworking.remote_bookings().status().is_empty());

    setup.coworking.remote_bookings().fetch_all().await;
    assert_eq!(setup.room(), SpaceStatus::Reserved);
    assert_eq!(setup.problem(), None);
    assert!(!is_degraded(&setup.state));
    let copies = setup.fixture.dir.path().join("centre/coworking/.fetched");
    assert_eq!(
        std::fs::read_dir(&copies).expect("copies").count(),
        2,
        "copy and its meta"
    );

    // A 500: the copy stands in, and the operator is told since when.
    setup.answer(Reply::Status(500));
    setup.coworking.remote_bookings().fetch_all().await;
    assert_eq!(setup.room(), SpaceStatus::Reserved);
    assert_eq!(
        setup.problem().as_deref(),
        Some("cannot be fetched (the server answered 500 Internal Server Error); the copy fetched 24.11.2026 10:30 is used")
    );
    assert!(
        !is_degraded(&setup.state),
        "one failed fetch is not yet an outage"
    );
    // Three refresh periods (of 300 s) without a good fetch: degraded.
    setup.clock.fetch_add(3 * 300 + 1, Ordering::SeqCst);
    assert!(is_degraded(&setup.state));
    let details = health_details(&setup.state);
    assert!(details.contains(r#""stale":true"#), "{details}");
    assert!(details.contains("the server answered 500"), "{details}");

    // An error page sent with 200 is not taken for the calendar.
    setup.answer(Reply::ErrorPage);
    setup.coworking.remote_bookings().fetch_all().await;
    assert_eq!(setup.room(), SpaceStatus::Reserved);
    let problem = setup.problem().expect("a problem");
    assert!(
        problem.contains("the answer is not a calendar"),
        "{problem}"
    );

    // A changed calendar is picked up (it books Mondays only: Tuesday's room is free).
    setup.answer(Reply::Calendar(MONDAYS));
    setup.coworking.remote_bookings().fetch_all().await;
    assert_eq!(setup.problem(), None);
    assert_eq!(setup.room(), SpaceStatus::Free);
    assert!(!is_degraded(&setup.state));

    // 304 Not Modified confirms the copy: a good fetch, so no longer stale.
    setup.clock.fetch_add(3 * 300 + 1, Ordering::SeqCst);
    assert!(is_degraded(&setup.state));
    setup.answer(Reply::NotModified);
    setup.coworking.remote_bookings().fetch_all().await;
    assert_eq!(setup.problem(), None);
    assert!(!is_degraded(&setup.state));
    assert_eq!(setup.room(), SpaceStatus::Free);

    // A server that never answers is given up after the timeout (1 s here).
    setup.answer(Reply::Hang);
    setup.coworking.remote_bookings().fetch_all().await;
    let problem = setup.problem().expect("a problem");
    assert!(problem.contains("no answer in time"), "{problem}");
    assert_eq!(
        setup.room(),
        SpaceStatus::Free,
        "the last good copy still counts"
    );
}

#[tokio::test]
async fn without_any_copy_the_other_spaces_still_count_and_it_says_why() {
    let setup = Setup::new();
    setup.answer(Reply::Status(500));
    setup.coworking.remote_bookings().fetch_all().await;
    let problem = setup.problem().expect("a problem");
    assert!(
        problem.ends_with(
            "and there is no earlier copy: the space's bookings are not counted until it can be"
        ),
        "{problem}"
    );
    assert_eq!(setup.room(), SpaceStatus::Free);
    assert!(is_degraded(&setup.state));
}
