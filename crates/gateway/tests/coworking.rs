//! `GET {base}api/coworking`: the status document from a fixed config, calendar and
//! clock; 404 unconfigured, 503 on broken files, changes picked up, floor presence, the
//! load history.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use common::*;
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use http::StatusCode;
use lernort_coworking::{CoworkingStatus, SpaceStatus};
use lernort_floor_sources::SourceEvent;
use lernort_floor_view::grid_layout;
use lernort_gateway::{router, AppState, BasePath, Config, Coworking, CoworkingConfig, Floor};

// Tuesday 24 November 2026 in Berlin (winter time, UTC+1).
const DAY_START: i64 = 1_795_474_800;
const HOUR: i64 = 3_600;

const SPACES: &str = r#"{
  "plan": {"width": 800, "height": 500, "zones": [
    {"id": "ruhe", "name": "Ruhezone", "shape": {"x": 0, "y": 0, "width": 400, "height": 500}},
    {"id": "raeume", "name": "Räume", "shape": {"x": 400, "y": 0, "width": 400, "height": 500}}]},
  "openingHours": [{"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "09:00", "closes": "20:00"}],
  "publicHolidays": "nrw",
  "booking": {"text": "An der Theke", "phone": "02921 103-0"},
  "spaces": [
    {"id": "a", "name": "Platz 1", "kind": "desk", "zone": "ruhe", "shape": {"x": 10, "y": 10, "width": 100, "height": 70},
     "presence": {"modules": [0], "countsAsOccupied": true}},
    {"id": "b", "name": "Platz 2", "kind": "desk", "zone": "ruhe", "shape": {"x": 120, "y": 10, "width": 100, "height": 70}},
    {"id": "raum", "name": {"de": "Besprechungsraum", "en": "Meeting room"}, "kind": "room", "zone": "raeume",
     "shape": {"x": 410, "y": 10, "width": 300, "height": 200}, "features": {"seats": 6, "monitor": true},
     "bookings": "raum.ics"}]
}"#;

const ICS: &str =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Frau Beispiel\r\n\
DTSTART;TZID=Europe/Berlin:20261102T100000\r\nDTEND;TZID=Europe/Berlin:20261102T120000\r\n\
RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

/// A co-working config in a temporary directory, and a clock the test sets.
struct Setup {
    fixture: Fixture,
    clock: Arc<AtomicI64>,
}

impl Setup {
    fn new() -> Setup {
        let fixture = Fixture::new();
        let dir = fixture.dir.path().join("centre/coworking");
        std::fs::create_dir_all(&dir).expect("create");
        std::fs::write(dir.join("spaces.json"), SPACES).expect("write spaces");
        std::fs::write(dir.join("raum.ics"), ICS).expect("write ics");
        Setup {
            fixture,
            clock: Arc::new(AtomicI64::new(DAY_START + 10 * HOUR + 30 * 60)),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.fixture.dir.path().join("centre/coworking").join(name)
    }

    fn settings(&self) -> CoworkingConfig {
        CoworkingConfig {
            config: self.path("spaces.json"),
            history: Some(self.fixture.dir.path().join("state/history.json")),
            sample_every_s: 60,
            ..CoworkingConfig::new(PathBuf::new())
        }
    }

    fn coworking(&self) -> Coworking {
        let clock = self.clock.clone();
        Coworking::new(
            self.settings(),
            Arc::new(move || clock.load(Ordering::SeqCst)),
        )
    }

    fn state(&self, base: &str) -> AppState {
        let config = Config {
            dist: self.fixture.dist(),
            base: BasePath::parse(base).expect("base"),
            coworking: Some(self.settings()),
            ..Config::default()
        };
        AppState::load(config)
            .expect("state")
            .with_coworking(self.coworking())
    }

    fn set_now(&self, now: i64) {
        self.clock.store(now, Ordering::SeqCst);
    }
}

/// Writes a file and gives it a modification time of its own, so that a change within
/// the file system's timestamp granularity is still seen.
fn rewrite(path: &Path, text: &str, seconds_later: u64) {
    std::fs::write(path, text).expect("write");
    let file = std::fs::File::options()
        .write(true)
        .open(path)
        .expect("open");
    file.set_modified(SystemTime::now() + Duration::from_secs(seconds_later))
        .expect("set mtime");
}

fn status_of(reply: &Reply) -> CoworkingStatus {
    CoworkingStatus::from_json(&reply.text()).expect("a status document")
}

#[tokio::test]
async fn serves_the_status_document() {
    let setup = Setup::new();
    let app = router(setup.state("/"));
    let reply = get(&app, "/api/coworking").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.header(CONTENT_TYPE), Some("application/json"));
    assert_eq!(reply.header(CACHE_CONTROL), Some("no-store"));
    assert!(
        !reply.text().contains("Beispiel"),
        "no names from the calendar"
    );

    // The JSON shape the app reads.
    let json: serde_json::Value = serde_json::from_str(&reply.text()).expect("json");
    let now = DAY_START + 10 * HOUR + 30 * 60;
    assert_eq!(json["format"], 1);
    assert_eq!(json["generated"], now);
    assert_eq!(json["opening"]["open"], true);
    assert_eq!(json["opening"]["changesAt"], DAY_START + 20 * HOUR);
    assert_eq!(json["booking"]["phone"], "02921 103-0");
    assert_eq!(json["plan"]["zones"][1]["id"], "raeume");
    let room = &json["spaces"][2];
    assert_eq!(room["id"], "raum");
    assert_eq!(room["kind"], "room");
    assert_eq!(room["status"], "reserved");
    assert_eq!(room["until"], DAY_START + 12 * HOUR);
    assert_eq!(room["features"]["seats"], 6);
    assert_eq!(room["features"]["stepFree"], false);
    assert_eq!(
        room["today"],
        serde_json::json!([{"start": DAY_START + 10 * HOUR, "end": DAY_START + 12 * HOUR}])
    );
    assert_eq!(json["spaces"][0]["status"], "free");

    // The numbers follow the clock: at 12:00 the room is free again.
    setup.set_now(DAY_START + 12 * HOUR);
    let status = status_of(&get(&app, "/api/coworking").await);
    assert_eq!(status.spaces[2].status, SpaceStatus::Free);
    assert_eq!(status.spaces[2].until, None);
    assert_eq!(status.desks_free(), (2, 2));
    // Under a base path.
    let app = router(setup.state("/lernort/"));
    assert_eq!(
        get(&app, "/lernort/api/coworking").await.status,
        StatusCode::OK
    );
    assert_eq!(
        get(&app, "/api/coworking").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn not_configured_is_404() {
    let fixture = Fixture::new();
    let app = router(fixture.state());
    let reply = get(&app, "/api/coworking").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(
        reply.header(CONTENT_TYPE),
        Some("text/plain; charset=utf-8")
    );
    assert!(reply.text().contains("not configured"));
}

#[tokio::test]
async fn broken_files_answer_503_and_the_rest_still_works() {
    let setup = Setup::new();
    let app = router(setup.state("/"));
    assert_eq!(get(&app, "/api/coworking").await.status, StatusCode::OK);

    rewrite(
        &setup.path("spaces.json"),
        &SPACES.replace("\"zone\": \"raeume\"", "\"zone\": \"lounge\""),
        10,
    );
    let reply = get(&app, "/api/coworking").await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        reply.header(CONTENT_TYPE),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(reply.header(CACHE_CONTROL), Some("no-store"));
    let text = reply.text();
    assert!(
        text.contains("spaces.json: spaces[2].zone: \"lounge\" is not a zone"),
        "{text}"
    );
    assert_eq!(get(&app, "/healthz").await.status, StatusCode::OK);
    assert_eq!(
        get(&app, "/centre/centre.json").await.status,
        StatusCode::OK
    );

    // Fixed: served again. Then a calendar with one event the reader cannot understand:
    // that event is left out (and logged), the rest of the calendar and every other space
    // still count; co-working stays up (issue #13).
    rewrite(&setup.path("spaces.json"), SPACES, 20);
    assert_eq!(get(&app, "/api/coworking").await.status, StatusCode::OK);
    rewrite(
        &setup.path("raum.ics"),
        &ICS.replace(
            "END:VCALENDAR",
            "BEGIN:VEVENT\r\nUID:y\r\nDTSTART;TZID=Europe/Berlin:20261124T170000\r\n\
             DURATION:PT1H\r\nRRULE:FREQ=HOURLY;BYDAY=XX\r\nEND:VEVENT\r\nEND:VCALENDAR",
        ),
        30,
    );
    let reply = get(&app, "/api/coworking").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let status = status_of(&reply);
    assert_eq!(status.spaces.len(), 3);
    assert_eq!(
        status.spaces[2].today.len(),
        1,
        "the good booking still counts"
    );
    // A file that cannot be read at all still says so.
    std::fs::remove_file(setup.path("raum.ics")).expect("remove");
    let reply = get(&app, "/api/coworking").await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(reply.text().contains("cannot read"), "{}", reply.text());
}

#[tokio::test]
async fn a_changed_calendar_is_picked_up() {
    let setup = Setup::new();
    let app = router(setup.state("/"));
    setup.set_now(DAY_START + 15 * HOUR);
    let status = status_of(&get(&app, "/api/coworking").await);
    assert_eq!(status.spaces[2].status, SpaceStatus::Free);
    assert_eq!(status.spaces[2].today.len(), 1);

    // The booking system exports a new afternoon booking, 14:00–16:00.
    let more = ICS.replace(
        "END:VCALENDAR",
        "BEGIN:VEVENT\r\nUID:2\r\nDTSTART;TZID=Europe/Berlin:20261124T140000\r\n\
         DTEND;TZID=Europe/Berlin:20261124T160000\r\nEND:VEVENT\r\nEND:VCALENDAR",
    );
    rewrite(&setup.path("raum.ics"), &more, 10);
    let status = status_of(&get(&app, "/api/coworking").await);
    assert_eq!(status.spaces[2].status, SpaceStatus::Reserved);
    assert_eq!(status.spaces[2].until, Some(DAY_START + 16 * HOUR));
    assert_eq!(status.spaces[2].today.len(), 2);
}

#[tokio::test]
async fn presence_on_the_floor_occupies_a_desk() {
    let setup = Setup::new();
    let layout = Arc::new(grid_layout(2, 1));
    let (events, rx) = tokio::sync::mpsc::channel(16);
    let floor = Floor::with_events(
        layout.clone(),
        rx,
        &fast_floor(),
        &lernort_gateway::Limits::default(),
    );
    let app = router(setup.state("/").with_floor(floor.clone()));
    assert_eq!(
        status_of(&get(&app, "/api/coworking").await).spaces[0].status,
        SpaceStatus::Free
    );

    // Someone steps on module 0 (desk a), one segment at the `active` value.
    let mut values = vec![128u8; layout.segment_count()];
    values[5] = 140;
    events
        .send(SourceEvent::Snapshot(values.clone()))
        .await
        .expect("hub runs");
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while floor.current().is_none_or(|s| s.values[5] != 140) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the floor never took the values"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    // One frame is nobody yet: the floor page's people count counts a newcomer once they
    // have pressed for 0.2 s (of the frames' own times).
    assert_eq!(
        status_of(&get(&app, "/api/coworking").await).spaces[0].status,
        SpaceStatus::Free
    );
    // The source goes on sending (the reading wavers a little): someone is there.
    let deadline = tokio::time::Instant::now() + PATIENCE;
    let mut status = status_of(&get(&app, "/api/coworking").await);
    while status.spaces[0].status != SpaceStatus::Occupied {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the desk never showed the person standing on it"
        );
        values[5] = if values[5] == 140 { 141 } else { 140 };
        events
            .send(SourceEvent::Snapshot(values.clone()))
            .await
            .expect("hub runs");
        tokio::time::sleep(Duration::from_millis(20)).await;
        status = status_of(&get(&app, "/api/coworking").await);
    }
    assert_eq!(status.spaces[1].status, SpaceStatus::Free);
    // A source that is down gives no presence.
    events
        .send(SourceEvent::Status {
            state: lernort_floor_protocol::SourceState::Down,
            stale_modules: 0,
        })
        .await
        .expect("hub runs");
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while floor
        .current()
        .is_none_or(|s| s.source != lernort_floor_protocol::SourceState::Down)
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the floor never went down"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    assert_eq!(
        status_of(&get(&app, "/api/coworking").await).spaces[0].status,
        SpaceStatus::Free
    );
}

#[tokio::test]
async fn samples_build_the_load_history_and_survive_a_restart() {
    let setup = Setup::new();
    let coworking = setup.coworking();
    assert!(
        coworking.history().load().is_none(),
        "no seed beside this config"
    );
    // Tuesday 10:30: the room is reserved but rooms do not count; 0 of 2 desks taken.
    assert_eq!(coworking.sample_now(None), Some(0.0));
    // Desk b now uses the same calendar (booked 10:00–12:00): at 10:45 half the desks.
    let desk_booking = SPACES.replace(
        "\"shape\": {\"x\": 120, \"y\": 10, \"width\": 100, \"height\": 70}}",
        "\"shape\": {\"x\": 120, \"y\": 10, \"width\": 100, \"height\": 70}, \"bookings\": \"raum.ics\"}",
    );
    rewrite(&setup.path("spaces.json"), &desk_booking, 10);
    setup.set_now(DAY_START + 10 * HOUR + 45 * 60);
    assert_eq!(coworking.sample_now(None), Some(0.5));
    // Closed at night: no sample.
    setup.set_now(DAY_START + 22 * HOUR);
    assert_eq!(coworking.sample_now(None), None);

    let load = coworking.history().load().expect("samples");
    assert_eq!(load.weekdays[1][10], Some(25));
    assert_eq!(load.weekdays[1][11], None);
    let app = router(setup.state("/"));
    // A new gateway (restart) reads the saved history.
    let status = status_of(&get(&app, "/api/coworking").await);
    assert_eq!(status.load.expect("load").weekdays[1][10], Some(25));
    assert!(setup.fixture.dir.path().join("state/history.json").exists());
}

#[tokio::test(start_paused = true)]
async fn sampling_runs_in_the_background() {
    let setup = Setup::new();
    let coworking = Coworking::new(
        CoworkingConfig {
            sample_every_s: 10,
            ..setup.settings()
        },
        {
            let clock = setup.clock.clone();
            Arc::new(move || clock.load(Ordering::SeqCst))
        },
    );
    coworking.start_sampling(None);
    // Tokio's clock is paused: it advances to the next timer whenever all tasks wait.
    let started = tokio::time::Instant::now();
    while coworking.history().load().is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no sample within 30 s"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert!(
        started.elapsed() >= Duration::from_secs(10),
        "not before the first period"
    );
    assert_eq!(
        coworking.history().load().expect("load").weekdays[1][10],
        Some(0)
    );
}
