//! The status document from config, calendars and presence: booking edges, midnight,
//! holidays, summer time, presence settings, opening times; and the sample centres.

use std::collections::HashMap;
use std::path::Path;

use lernort_coworking::bookings::Calendar;
use lernort_coworking::config::Config;
use lernort_coworking::derive::{day_bounds, opening_at, status_at, Sources};
use lernort_coworking::presence::PresenceMap;
use lernort_coworking::{Booking, CoworkingStatus, Space, SpaceStatus};
use lernort_floor_protocol::Layout;
use lernort_i18n::Lang;
use lernort_time::from_berlin;
use lernort_time::{Date, TimeOfDay};

const CONFIG: &str = r#"{
  "plan": {"width": 800, "height": 500, "zones": [
    {"id": "ruhe", "name": {"de": "Ruhezone", "en": "Quiet zone"}, "shape": {"x": 0, "y": 0, "width": 400, "height": 500}},
    {"id": "raeume", "name": "Räume", "shape": {"x": 400, "y": 0, "width": 400, "height": 500}}]},
  "openingHours": [
    {"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "09:00", "closes": "20:00"},
    {"days": ["sat"], "opens": "10:00", "closes": "16:00"}],
  "publicHolidays": "nrw",
  "closingDays": [{"from": "2026-12-24", "to": "2026-12-31", "name": "Betriebsferien"}],
  "spaces": [
    {"id": "a", "name": "Platz 1", "kind": "desk", "zone": "ruhe", "shape": {"x": 10, "y": 10, "width": 100, "height": 70},
     "presence": {"modules": [0], "countsAsOccupied": true}},
    {"id": "b", "name": "Platz 2", "kind": "desk", "zone": "ruhe", "shape": {"x": 120, "y": 10, "width": 100, "height": 70},
     "presence": {"modules": [256], "countsAsOccupied": false}},
    {"id": "c", "name": "Platz 3", "kind": "desk", "zone": "ruhe", "shape": {"x": 230, "y": 10, "width": 100, "height": 70},
     "outOfService": true, "outOfServiceReason": "Monitor defekt"},
    {"id": "r", "name": "Besprechungsraum", "kind": "room", "zone": "raeume", "shape": {"x": 410, "y": 10, "width": 300, "height": 200},
     "features": {"seats": 6, "monitor": true}}]
}"#;

fn config() -> Config {
    Config::from_json(CONFIG, Path::new("spaces.json")).expect("valid config")
}

fn at(y: i32, m: u8, d: u8, hour: u8, minute: u8) -> i64 {
    from_berlin(Date::new(y, m, d).unwrap(), TimeOfDay { hour, minute })
}

fn b(start: i64, end: i64) -> Booking {
    Booking { start, end }
}

fn space<'a>(status: &'a CoworkingStatus, id: &str) -> &'a Space {
    status.spaces.iter().find(|s| s.id == id).expect("space")
}

fn room_booked(bookings: Vec<Booking>) -> HashMap<String, Vec<Booking>> {
    HashMap::from([("r".to_string(), bookings)])
}

/// The room "r" at `now` with `bookings` and no one present.
fn room(config: &Config, bookings: Vec<Booking>, now: i64) -> Space {
    let status = status_at(config, &room_booked(bookings), &no_one(), now);
    space(&status, "r").clone()
}

/// A calendar file of `events` (`BEGIN:VEVENT…END:VEVENT`).
fn calendar(events: &str) -> Calendar {
    Calendar::parse(&format!("BEGIN:VCALENDAR\r\n{events}END:VCALENDAR\r\n")).unwrap()
}

/// The start and end of a day in Berlin.
fn berlin_day(y: i32, m: u8, d: u8) -> (i64, i64) {
    day_bounds(Date::new(y, m, d).unwrap())
}

fn no_one() -> HashMap<String, bool> {
    HashMap::new()
}

#[test]
fn booking_edges_start_inclusive_end_exclusive() {
    let config = config();
    // Tuesday 24.11.2026: 10:00–12:00 and, back to back, 12:00–13:00; then 15:00–16:00.
    let bookings = room_booked(vec![
        b(at(2026, 11, 24, 10, 0), at(2026, 11, 24, 12, 0)),
        b(at(2026, 11, 24, 12, 0), at(2026, 11, 24, 13, 0)),
        b(at(2026, 11, 24, 15, 0), at(2026, 11, 24, 16, 0)),
    ]);
    let room = |now: i64| {
        let s = status_at(&config, &bookings, &no_one(), now);
        let r = space(&s, "r");
        (r.status, r.until)
    };
    let ten = at(2026, 11, 24, 10, 0);
    assert_eq!(room(ten - 1), (SpaceStatus::Free, Some(ten)));
    assert_eq!(
        room(ten),
        (SpaceStatus::Reserved, Some(at(2026, 11, 24, 13, 0)))
    );
    assert_eq!(
        room(at(2026, 11, 24, 12, 0)),
        (SpaceStatus::Reserved, Some(at(2026, 11, 24, 13, 0)))
    );
    assert_eq!(room(at(2026, 11, 24, 13, 0) - 1).0, SpaceStatus::Reserved);
    assert_eq!(
        room(at(2026, 11, 24, 13, 0)),
        (SpaceStatus::Free, Some(at(2026, 11, 24, 15, 0)))
    );
    assert_eq!(room(at(2026, 11, 24, 16, 0)), (SpaceStatus::Free, None));
    let s = status_at(&config, &bookings, &no_one(), ten);
    assert_eq!(space(&s, "r").today.len(), 3);
    assert_eq!(space(&s, "a").today, []);
    assert_eq!(s.generated, ten);
}

#[test]
fn a_booking_across_midnight_shows_on_both_days() {
    let config = config();
    let cal = calendar(
        "BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Berlin:20261124T220000\r\n\
         DTEND;TZID=Europe/Berlin:20261125T020000\r\nEND:VEVENT\r\n",
    );
    let room_at = |now: i64| {
        let (from, to) = day_bounds(lernort_time::to_berlin(now).date);
        room(&config, cal.between(from, to), now)
    };
    // Before and after midnight: reserved until 02:00, each day with its part.
    for (now, today) in [
        (
            at(2026, 11, 24, 23, 0),
            b(at(2026, 11, 24, 22, 0), at(2026, 11, 25, 0, 0)),
        ),
        (
            at(2026, 11, 25, 1, 0),
            b(at(2026, 11, 25, 0, 0), at(2026, 11, 25, 2, 0)),
        ),
    ] {
        let r = room_at(now);
        assert_eq!(
            (r.status, r.until, r.today),
            (
                SpaceStatus::Reserved,
                Some(at(2026, 11, 25, 2, 0)),
                vec![today]
            ),
            "at {now}"
        );
    }
    // In the morning it is over, but still listed for the day.
    let r = room_at(at(2026, 11, 25, 9, 0));
    assert_eq!(r.status, SpaceStatus::Free);
    assert_eq!(r.today.len(), 1);
    assert!(room_at(at(2026, 11, 26, 1, 0)).today.is_empty());
}

#[test]
fn summer_time_begins_a_day_of_23_hours() {
    let config = config();
    let (start, end) = berlin_day(2026, 3, 29);
    assert_eq!(end - start, 23 * 3600);
    // Booked Saturday 22:00 to Sunday 04:00 wall time: 5 real hours.
    let cal = calendar(
        "BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Berlin:20260328T220000\r\n\
         DTEND;TZID=Europe/Berlin:20260329T040000\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Berlin:20260316T100000\r\nDURATION:PT1H\r\n\
         RRULE:FREQ=WEEKLY;BYDAY=MO\r\nEND:VEVENT\r\n",
    );
    let whole = cal.between(start, end);
    assert_eq!(whole, [b(at(2026, 3, 28, 22, 0), at(2026, 3, 29, 4, 0))]);
    assert_eq!(whole[0].end - whole[0].start, 5 * 3600);
    let now = at(2026, 3, 29, 3, 30);
    let r = room(&config, whole, now);
    assert_eq!(
        (r.status, r.until),
        (SpaceStatus::Reserved, Some(at(2026, 3, 29, 4, 0)))
    );
    // Midnight to 04:00 wall time is 3 real hours on this day.
    assert_eq!(r.today, [b(start, start + 3 * 3600)]);
    // The weekly Monday booking keeps its wall time: 09:00 UTC before, 08:00 UTC after.
    let monday = |d: u8| berlin_day(2026, 3, d);
    let before = cal.between(monday(23).0, monday(23).1);
    let after = cal.between(monday(30).0, monday(30).1);
    assert_eq!(before[0].start.rem_euclid(86_400), 9 * 3600);
    assert_eq!(after[0].start.rem_euclid(86_400), 8 * 3600);
    // Sunday closed; opens Monday 09:00 summer time (07:00 UTC).
    let opening = opening_at(&config, now);
    assert!(!opening.open);
    assert_eq!(opening.changes_at, Some(at(2026, 3, 30, 9, 0)));
    assert_eq!(at(2026, 3, 30, 9, 0).rem_euclid(86_400), 7 * 3600);
}

#[test]
fn summer_time_ends_a_day_of_25_hours() {
    let config = config();
    let (start, end) = berlin_day(2026, 10, 25);
    assert_eq!(end - start, 25 * 3600);
    let cal = calendar(
        "BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Berlin:20261025T010000\r\n\
         DTEND;TZID=Europe/Berlin:20261025T040000\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Berlin:20261024T230000\r\n\
         DTEND;TZID=Europe/Berlin:20261026T000000\r\nEND:VEVENT\r\n",
    );
    let whole = cal.between(start, end);
    // Merged: Saturday 23:00 to Monday 00:00, 26 real hours.
    assert_eq!(whole, [b(at(2026, 10, 24, 23, 0), end)]);
    let r = room(&config, whole, at(2026, 10, 25, 12, 0));
    assert_eq!(r.status, SpaceStatus::Reserved);
    assert_eq!(r.until, Some(end));
    assert_eq!(r.today, [b(start, end)]);
    assert_eq!(r.today[0].end - r.today[0].start, 25 * 3600);
    // Saturday evening (summer time) the next opening is Monday 09:00 winter time.
    let opening = opening_at(&config, at(2026, 10, 24, 17, 0));
    assert_eq!(opening.changes_at, Some(at(2026, 10, 26, 9, 0)));
    assert_eq!(at(2026, 10, 26, 9, 0).rem_euclid(86_400), 8 * 3600);
}

#[test]
fn presence_counts_only_where_the_setting_allows_and_out_of_service_wins() {
    let config = config();
    let now = at(2026, 11, 24, 10, 30);
    let everyone: HashMap<String, bool> = ["a", "b", "c", "r"]
        .iter()
        .map(|id| (id.to_string(), true))
        .collect();
    let booked: HashMap<String, Vec<Booking>> = ["a", "b", "c"]
        .iter()
        .map(|id| {
            (
                id.to_string(),
                vec![b(at(2026, 11, 24, 10, 0), at(2026, 11, 24, 11, 0))],
            )
        })
        .collect();
    let s = status_at(&config, &HashMap::new(), &everyone, now);
    assert_eq!(space(&s, "a").status, SpaceStatus::Occupied);
    assert_eq!(space(&s, "a").until, None);
    assert_eq!(
        space(&s, "b").status,
        SpaceStatus::Free,
        "countsAsOccupied: false"
    );
    assert_eq!(space(&s, "c").status, SpaceStatus::OutOfService);
    assert_eq!(
        space(&s, "r").status,
        SpaceStatus::Free,
        "no presence setting"
    );
    assert_eq!(s.desks_free(), (1, 3));
    let s = status_at(&config, &booked, &everyone, now);
    assert_eq!(
        space(&s, "a").status,
        SpaceStatus::Occupied,
        "occupied beats reserved"
    );
    assert_eq!(space(&s, "a").until, Some(at(2026, 11, 24, 11, 0)));
    assert_eq!(space(&s, "b").status, SpaceStatus::Reserved);
    assert_eq!(space(&s, "c").status, SpaceStatus::OutOfService);
    assert_eq!(space(&s, "c").until, None);
    assert_eq!(space(&s, "c").today.len(), 1);
}

#[test]
fn presence_from_floor_values() {
    let layout = Layout::from_json(
        r#"{"protocol": 1, "width_cm": 100, "height_cm": 50,
            "triangles": ["nne", "ene", "ese", "sse", "ssw", "wsw", "wnw", "nnw"],
            "modules": [{"id": 0, "x_cm": 0, "y_cm": 0, "w_cm": 50, "h_cm": 50},
                        {"id": 256, "x_cm": 50, "y_cm": 0, "w_cm": 50, "h_cm": 50}],
            "zones": [], "scale": {"baseline": 128, "active": 140, "max": 190}}"#,
    )
    .unwrap();
    let (map, problems) = PresenceMap::resolve(&config(), &layout);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(map.segments_of("a"), Some(&[0, 1, 2, 3, 4, 5, 6, 7][..]));
    assert_eq!(map.segments_of("b"), None, "does not count, not resolved");
    let mut values = vec![128u8; 16];
    let (nobody, on_3) = (|_| false, |s| s == 3);
    assert!(!map.present(&values, on_3)["a"]);
    values[3] = 139;
    assert!(!map.present(&values, on_3)["a"], "below scale.active");
    values[3] = 140;
    assert!(map.present(&values, on_3)["a"]);
    assert!(
        !map.present(&values, nobody)["a"],
        "pressed, but by nobody the people count counts"
    );
    values[3] = 128;
    values[8] = 200; // module 256 belongs to b, which does not count
    assert!(!map.present(&values, |s| s == 8)["a"]);
    // A module the floor does not have is reported.
    let other = Config::from_json(
        &CONFIG.replace("\"modules\": [0]", "\"modules\": [999]"),
        Path::new("spaces.json"),
    )
    .unwrap();
    let (_, problems) = PresenceMap::resolve(&other, &layout);
    assert_eq!(problems, ["space a: the floor has no module 999"]);
}

#[test]
fn holidays_close_the_centre_and_are_named() {
    let config = config();
    // Karfreitag 2026 (Friday 3 April): closed, opens Saturday 10:00.
    let o = opening_at(&config, at(2026, 4, 3, 11, 0));
    assert!(!o.open);
    assert_eq!(
        o.closed_because.as_ref().map(|n| n.get(Lang::De)),
        Some("Karfreitag")
    );
    assert_eq!(o.changes_at, Some(at(2026, 4, 4, 10, 0)));
    // Easter Sunday: no hours anyway, so no reason; Ostermontag skipped: Tuesday 09:00.
    let o = opening_at(&config, at(2026, 4, 5, 12, 0));
    assert_eq!(o.closed_because, None);
    assert_eq!(o.changes_at, Some(at(2026, 4, 7, 9, 0)));
    // 2027: Easter on 28 March; Christi Himmelfahrt 6 May, Fronleichnam 27 May (Thursdays).
    for (m, d, name) in [
        (3, 26, "Karfreitag"),
        (3, 29, "Ostermontag"),
        (5, 6, "Christi Himmelfahrt"),
        (5, 17, "Pfingstmontag"),
        (5, 27, "Fronleichnam"),
    ] {
        let o = opening_at(&config, at(2027, m, d, 10, 0));
        assert!(!o.open, "{d}.{m}.");
        assert_eq!(
            o.closed_because
                .map(|n| n.get(Lang::De).to_string())
                .as_deref(),
            Some(name)
        );
    }
    // Fronleichnam 2027 → Friday 28 May 09:00.
    assert_eq!(
        opening_at(&config, at(2027, 5, 27, 10, 0)).changes_at,
        Some(at(2027, 5, 28, 9, 0))
    );
    // The day before a holiday, the evening: the holiday is skipped.
    let o = opening_at(&config, at(2026, 4, 2, 20, 0));
    assert_eq!(o.changes_at, Some(at(2026, 4, 4, 10, 0)));
    // English names.
    let o = opening_at(&config, at(2026, 10, 3, 11, 0));
    assert_eq!(
        o.closed_because
            .map(|n| n.get(Lang::En).to_string())
            .as_deref(),
        Some("German Unity Day")
    );
}

#[test]
fn opening_changes_over_weekends_and_closing_days() {
    let config = config();
    let friday = |h, m| at(2026, 11, 20, h, m);
    let o = opening_at(&config, friday(19, 0));
    assert!(o.open);
    assert_eq!(o.changes_at, Some(friday(20, 0)));
    let o = opening_at(&config, friday(20, 0));
    assert!(!o.open, "closing time is exclusive");
    assert_eq!(o.changes_at, Some(at(2026, 11, 21, 10, 0)));
    assert_eq!(o.closed_because, None);
    let o = opening_at(&config, at(2026, 11, 21, 16, 30));
    assert_eq!(o.changes_at, Some(at(2026, 11, 23, 9, 0)));
    let o = opening_at(&config, friday(8, 59));
    assert_eq!((o.open, o.changes_at), (false, Some(friday(9, 0))));
    // 23.12. evening: 24.–31.12. closed, 25./26.12. and 1.1. holidays, Sunday 27.12.: Saturday 2.1.2027.
    let o = opening_at(&config, at(2026, 12, 23, 20, 30));
    assert_eq!(o.changes_at, Some(at(2027, 1, 2, 10, 0)));
    let o = opening_at(&config, at(2026, 12, 29, 12, 0));
    assert_eq!(
        o.closed_because
            .map(|n| n.get(Lang::De).to_string())
            .as_deref(),
        Some("Betriebsferien")
    );
    // Closed for longer than the look-ahead: no next opening.
    let long = Config::from_json(
        &CONFIG.replace("\"to\": \"2026-12-31\"", "\"to\": \"2027-02-28\""),
        Path::new("spaces.json"),
    )
    .unwrap();
    assert_eq!(opening_at(&long, at(2027, 1, 10, 12, 0)).changes_at, None);
    // Closed means no desk free.
    let s = status_at(&config, &HashMap::new(), &no_one(), friday(21, 0));
    assert_eq!(s.desks_free(), (0, 3));
}

#[test]
fn config_errors_name_file_and_field() {
    let err = |json: &str| {
        Config::from_json(json, Path::new("centres/x/coworking/spaces.json"))
            .unwrap_err()
            .to_string()
    };
    let e = err(&CONFIG.replace("\"zone\": \"raeume\"", "\"zone\": \"lounge\""));
    assert_eq!(
        e,
        "centres/x/coworking/spaces.json: spaces[3].zone: \"lounge\" is not a zone of the plan"
    );
    let e = err(&CONFIG.replace("\"id\": \"b\"", "\"id\": \"a\""));
    assert!(e.contains("spaces[1].id: \"a\" appears twice"), "{e}");
    let e = err(&CONFIG.replace("\"outOfService\": true, ", ""));
    assert!(
        e.contains("spaces[2].outOfServiceReason: given, but outOfService is not true"),
        "{e}"
    );
    let e = err(&CONFIG.replace("\"seats\": 6", "\"seats\": 0"));
    assert!(
        e.contains("spaces[3].features.seats: must be at least 1"),
        "{e}"
    );
    let e = err(&CONFIG.replace("\"2026-12-24\"", "\"24.12.2026\""));
    assert!(e.starts_with("centres/x/coworking/spaces.json:"), "{e}");
    assert!(
        e.contains("\"24.12.2026\" is not a date like \"2026-12-24\""),
        "{e}"
    );
    let e = err(&CONFIG.replace("\"publicHolidays\"", "\"publicHoliday\""));
    assert!(e.contains("unknown field `publicHoliday`"), "{e}");
    let e = err(&CONFIG.replace(
        "\"width\": 300, \"height\": 200",
        "\"width\": 900, \"height\": 200",
    ));
    assert!(e.contains("spaces[3].shape: lies outside the plan"), "{e}");
    let e = err(&CONFIG.replace("\"modules\": [0], ", "\"segments\": [\"0:north\"], "));
    assert!(
        e.contains("spaces[0].presence.segments: \"0:north\" is not"),
        "{e}"
    );
    let e = err("{\"plan\": {\"width\": 1, \"height\": 1},\n \"spaces\": [}");
    assert!(e.starts_with("centres/x/coworking/spaces.json:2:"), "{e}");
    // The centre config with the hours is read and its errors are named too.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("coworking")).unwrap();
    let path = dir.path().join("coworking/spaces.json");
    let mut without_hours: serde_json::Value = serde_json::from_str(CONFIG).unwrap();
    without_hours
        .as_object_mut()
        .unwrap()
        .remove("openingHours");
    let without_hours = without_hours.to_string();
    std::fs::write(&path, &without_hours).unwrap();
    let e = Config::load(&path).unwrap_err().to_string();
    assert!(
        e.starts_with("cannot read ") && e.contains("centre.json"),
        "{e}"
    );
    std::fs::write(
        dir.path().join("centre.json"),
        r#"{"name": "x", "opening_hours": [{"days": ["mon"], "opens": "09:00", "closes": "12:00"}]}"#,
    )
    .unwrap();
    let loaded = Config::load(&path).unwrap();
    assert_eq!(loaded.opening_hours.on(lernort_time::Weekday::Mon).len(), 1);
}

#[test]
fn the_sample_centres_are_valid_and_match_their_floors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../centres");
    for centre in ["dilas-soest", "netzwerk-gt"] {
        let sources =
            Sources::load(&root.join(centre).join("coworking/spaces.json")).expect(centre);
        let layout = Layout::from_json(
            &std::fs::read_to_string(root.join(centre).join("floor.json")).unwrap(),
        )
        .unwrap();
        let (map, problems) = PresenceMap::resolve(&sources.config, &layout);
        assert!(problems.is_empty(), "{centre}: {problems:?}");
        assert!(
            sources
                .config
                .spaces
                .iter()
                .filter(|s| s.presence.is_some())
                .count()
                >= 2
        );
        assert!(map
            .present(&vec![128; layout.segment_count()], |_| true)
            .values()
            .all(|p| !p));
        assert!(
            sources
                .config
                .spaces
                .iter()
                .any(|s| s.out_of_service.is_some())
                || centre == "netzwerk-gt"
        );
        // Every weekday of a week in 2027 has room bookings.
        for day in 1..=5 {
            let now = at(2027, 3, day, 10, 45);
            let s = sources.status_at(&HashMap::new(), now);
            let rooms_booked = s
                .spaces
                .iter()
                .filter(|sp| sp.kind == lernort_coworking::SpaceKind::Room)
                .map(|sp| sp.today.len())
                .sum::<usize>();
            assert!(rooms_booked > 0, "{centre} on {day}.3.2027");
            assert!(s.opening.open, "{centre} on {day}.3.2027");
            assert!(
                s.spaces.iter().any(|sp| sp.status == SpaceStatus::Reserved),
                "{centre} on {day}.3.2027"
            );
        }
    }
    // DiLAS: 8 desks, 2 rooms; Tuesday 10:30 the meeting room is reserved until 12:00.
    let sources = Sources::load(&root.join("dilas-soest/coworking/spaces.json")).unwrap();
    let s = sources.status_at(&HashMap::new(), at(2026, 11, 24, 10, 30));
    assert_eq!(s.desks_free().1, 8);
    let room = space(&s, "besprechungsraum");
    assert_eq!(
        (room.status, room.until),
        (SpaceStatus::Reserved, Some(at(2026, 11, 24, 12, 0)))
    );
    assert_eq!(room.features.seats, 6);
    assert_eq!(space(&s, "ruhe-4").status, SpaceStatus::OutOfService);
    // Allerheiligen 2026 is a Sunday; Christmas 2026 is a Friday: closed.
    let s = sources.status_at(&HashMap::new(), at(2026, 12, 25, 11, 0));
    assert!(!s.opening.open);
    assert!(s.opening.closed_because.is_some());
}

#[test]
fn the_cli_writes_the_document_without_names() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("api/coworking");
    let centre = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../centres/dilas-soest");
    let options = lernort_coworking::cli::parse_args(
        [
            "--centre",
            centre.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--now",
            "2026-11-24T10:30:00+01:00",
        ]
        .map(String::from),
    )
    .unwrap();
    assert_eq!(lernort_coworking::cli::run(&options).unwrap(), 10);
    let text = std::fs::read_to_string(&out).unwrap();
    let status = CoworkingStatus::from_json(&text).unwrap();
    assert_eq!(status.generated, at(2026, 11, 24, 10, 30));
    assert!(status.load.is_some(), "the seed history beside the config");
    assert!(!text.contains("Belegt"), "no SUMMARY");
    assert!(!text.contains("UID"));
    let bad = lernort_coworking::cli::parse_args(["--out", "x"].map(String::from)).unwrap_err();
    // clap's wording since clap parses the command line (was "--centre or --config is
    // required").
    assert_eq!(bad.exit_code(), 2);
    assert_eq!(
        lernort_cli::message(&bad),
        "the following required arguments were not provided: <--centre <DIR>|--config <FILE>>"
    );
}
