//! Berlin wall time: offsets, midnight, the summer-time changes, past and next sessions.

use lernort_i18n::Lang;
use lernort_time::{Date, TimeOfDay, Weekday};

use super::*;

fn local(text: &str) -> String {
    Timestamp::parse(text).unwrap().berlin().to_string()
}

#[test]
fn rfc3339_offsets_map_to_the_berlin_wall_time() {
    for (written, wall_time) in [
        // Winter: +01:00 is Berlin's own offset.
        ("2027-03-09T18:00:00+01:00", "09.03.2027 18:00"),
        ("2027-03-09T17:00:00Z", "09.03.2027 18:00"),
        ("2027-03-09T19:00:00+02:00", "09.03.2027 18:00"),
        ("2027-03-09T12:00:00-05:00", "09.03.2027 18:00"),
        // Summer: +02:00 is Berlin's offset; the same digits with +01:00 are an hour later.
        ("2027-07-01T18:00:00+02:00", "01.07.2027 18:00"),
        ("2027-07-01T18:00:00+01:00", "01.07.2027 19:00"),
        ("2027-07-01T16:00:00Z", "01.07.2027 18:00"),
        // Seconds optional, fractions dropped, lowercase and space separators.
        ("2027-07-01T18:00+02:00", "01.07.2027 18:00"),
        ("2027-07-01 18:00:59.999+02:00", "01.07.2027 18:00"),
        ("2027-07-01t16:00:00z", "01.07.2027 18:00"),
    ] {
        assert_eq!(local(written), wall_time, "{written}");
    }
}

#[test]
fn broken_timestamps_are_refused() {
    for text in [
        "",
        "2027-07-01",
        "2027-07-01T18:00:00",
        "2027-07-01T24:00:00Z",
        "2027-07-01T18:60:00Z",
        "2027-07-01T18:00:61Z",
        "2027-13-01T18:00:00Z",
        "2027-02-29T18:00:00Z",
        "2027-07-01T18:00:00+1:00",
        "2027-07-01T18:00:00+24:00",
        "2027-07-01T18:00:00.Z",
        "2027-07-01X18:00:00Z",
        "2027-07-01T18:00:00Z ",
        "27-07-01T18:00:00Z",
        "2027-07-01T18:00:00+02:00:00",
        "２０２７-07-01T18:00:00Z",
        "2027-07-01T1８:00:00Z",
    ] {
        assert_eq!(Timestamp::parse(text), None, "{text:?}");
    }
    // A leap second is read as :59.
    assert_eq!(local("2027-06-30T23:59:60Z"), "01.07.2027 01:59");
}

#[test]
fn timestamps_print_as_they_were_written() {
    for text in [
        "2027-03-09T18:00:00+01:00",
        "2027-07-01T18:00:00+02:00",
        "2027-07-01T16:00:00Z",
        "2027-07-01T12:30:00-04:30",
        "1969-12-31T23:59:59Z",
    ] {
        assert_eq!(Timestamp::parse(text).unwrap().to_string(), text);
    }
    assert_eq!(
        Timestamp::parse("2027-07-01T18:00+02:00")
            .unwrap()
            .to_string(),
        "2027-07-01T18:00:00+02:00"
    );
}

#[test]
fn midnight_belongs_to_its_day_and_half_past_eleven_is_evening() {
    // 00:00 on Wednesday 10 March 2027, written in UTC as the evening before.
    let mut midnight = course("midnight", "Mitternachtskurs");
    midnight.sessions = vec![session("2027-03-09T23:00:00Z", "2027-03-10T00:30:00Z")];
    let start = midnight.sessions[0].start_local();
    assert_eq!(start.to_string(), "10.03.2027 00:00");
    assert_eq!(start.date.weekday(), Weekday::Wed);
    assert_eq!(PartOfDay::of(start.time), PartOfDay::Morning);
    let mut late = course("late", "Spätkurs");
    late.sessions = vec![session(
        "2027-03-09T23:30:00+01:00",
        "2027-03-10T00:30:00+01:00",
    )];
    let cat = catalogue(vec![midnight, late]);
    let day = |d: u8| Query {
        from: Date::new(2027, 3, d),
        to: Date::new(2027, 3, d),
        ..Query::default()
    };
    assert_eq!(find_at(&cat, &day(10), NOW), ["midnight"]);
    assert_eq!(find_at(&cat, &day(9), NOW), ["late"], "by its start");
    let mut evening = Query::default();
    evening.parts_of_day[PartOfDay::Evening.index()] = true;
    assert_eq!(find_at(&cat, &evening, NOW), ["late"]);
    let mut wednesday = Query::default();
    wednesday.weekdays[Weekday::Wed.index()] = true;
    assert_eq!(find_at(&cat, &wednesday, NOW), ["midnight"]);
    assert_eq!(
        session_text(&cat.courses[1].sessions[0], Lang::De),
        "Di., 9. März 2027, 23:30–0:30 Uhr"
    );
}

#[test]
fn the_march_gap_is_read_with_winter_time() {
    // 28 March 2027: clocks jump from 02:00 to 03:00.
    let day = Date::new(2027, 3, 28).unwrap();
    let at = |hour, minute| Timestamp::from_berlin(day, TimeOfDay { hour, minute });
    assert_eq!(at(1, 59).to_string(), "2027-03-28T01:59:00+01:00");
    assert_eq!(at(2, 0).to_string(), "2027-03-28T03:00:00+02:00");
    assert_eq!(at(2, 30).to_string(), "2027-03-28T03:30:00+02:00");
    assert_eq!(at(3, 0).to_string(), "2027-03-28T03:00:00+02:00");
    assert_eq!(at(2, 30).unix_seconds, unix("2027-03-28T01:30:00Z"));
    // Written by hand with either offset, 02:30 is a real instant and shows as Berlin
    // calls it.
    assert_eq!(local("2027-03-28T02:30:00+01:00"), "28.03.2027 03:30");
    assert_eq!(local("2027-03-28T02:30:00+02:00"), "28.03.2027 01:30");
}

#[test]
fn the_october_fold_means_the_first_of_the_two() {
    // 31 October 2027: clocks go back from 03:00 to 02:00.
    let day = Date::new(2027, 10, 31).unwrap();
    let at = |hour, minute| Timestamp::from_berlin(day, TimeOfDay { hour, minute });
    assert_eq!(at(1, 59).to_string(), "2027-10-31T01:59:00+02:00");
    assert_eq!(at(2, 30).to_string(), "2027-10-31T02:30:00+02:00");
    assert_eq!(at(3, 0).to_string(), "2027-10-31T03:00:00+01:00");
    // Both 02:30s exist and show as 02:30, an hour apart.
    let first = unix("2027-10-31T02:30:00+02:00");
    let second = unix("2027-10-31T02:30:00+01:00");
    assert_eq!(second - first, 3_600);
    assert_eq!(local("2027-10-31T02:30:00+02:00"), "31.10.2027 02:30");
    assert_eq!(local("2027-10-31T02:30:00+01:00"), "31.10.2027 02:30");
}

#[test]
fn sessions_across_the_changes_last_their_real_hours() {
    for (session, hours) in [
        // The night of the October change: 22:00 summer time to 02:00 winter time.
        (
            session("2027-10-30T22:00:00+02:00", "2027-10-31T02:00:00+01:00"),
            5,
        ),
        // An all-day session on the short day ends at the next Berlin midnight.
        (session("2027-03-28", "2027-03-28"), 23),
        (session("2027-10-31", "2027-10-31"), 25),
    ] {
        let length = session.end_unix() - session.start_unix();
        assert_eq!(length, hours * 3_600, "{session:?}");
    }
}

#[test]
fn sessions_across_the_changes_keep_their_wall_times() {
    let night = session("2027-10-30T22:00:00+02:00", "2027-10-31T02:00:00+01:00");
    assert_eq!(
        session_text(&night, Lang::De),
        "Sa., 30. Oktober 2027, 22:00–2:00 Uhr"
    );
    // A series at 18:00 across either change: the offsets differ, the wall time does not.
    let autumn = [
        session("2027-10-26T18:00:00+02:00", "2027-10-26T20:00:00+02:00"),
        session("2027-11-02T18:00:00+01:00", "2027-11-02T20:00:00+01:00"),
    ];
    let spring = [
        session("2027-03-23T18:00:00+01:00", "2027-03-23T20:00:00+01:00"),
        session("2027-03-30T18:00:00+02:00", "2027-03-30T20:00:00+02:00"),
    ];
    assert_eq!(
        series_text(&autumn, Lang::De),
        "2 Termine, dienstags, 18:00–20:00 Uhr, ab 26. Oktober 2027"
    );
    assert_eq!(
        series_text(&spring, Lang::En),
        "2 sessions, Tuesdays, 18:00–20:00, from 23 March 2027"
    );
}

#[test]
fn past_is_derived_from_the_last_end() {
    let mut c = course("c", "Kurs");
    c.sessions = evenings(&["2027-03-09", "2027-03-16"]);
    c.availability = Availability::Full;
    let end = unix("2027-03-16T20:00:00+01:00");
    assert_eq!(c.availability_at(end - 1), Availability::Full);
    assert!(!c.is_past(end - 1));
    assert_eq!(c.availability_at(end), Availability::Past);
    assert!(c.is_past(end));
    c.availability = Availability::Cancelled;
    assert_eq!(c.availability_at(end + 86_400), Availability::Cancelled);
    // Postponed: its old dates are void, so they never make it past.
    c.availability = Availability::Postponed;
    assert_eq!(c.availability_at(end + 86_400), Availability::Postponed);
    // An all-day session is over at midnight after its last day.
    c.sessions = vec![session("2027-05-08", "2027-05-09")];
    c.availability = Availability::Available;
    let midnight = unix("2027-05-10T00:00:00+02:00");
    assert_eq!(c.availability_at(midnight - 1), Availability::Available);
    assert_eq!(c.availability_at(midnight), Availability::Past);
    // Written "past" by the booking system but not over: the file is believed.
    c.availability = Availability::Past;
    assert_eq!(c.availability_at(NOW), Availability::Past);
}

#[test]
fn the_next_session_of_a_series() {
    let mut c = course("c", "Kurs");
    // Out of order on purpose.
    c.sessions = evenings(&["2027-03-16", "2027-03-09", "2027-03-23"]);
    let start = |s: Option<&Session>| s.map(|s| s.start_local().to_string());
    for (now, next) in [
        (NOW, Some("09.03.2027 18:00")),
        // During the first session it is still the next one.
        (unix("2027-03-09T19:00:00+01:00"), Some("09.03.2027 18:00")),
        (unix("2027-03-09T20:00:00+01:00"), Some("16.03.2027 18:00")),
        (unix("2027-03-23T20:00:00+01:00"), None),
    ] {
        assert_eq!(start(c.next_session(now)).as_deref(), next, "at {now}");
    }
    assert_eq!(
        start(c.first_session()).as_deref(),
        Some("09.03.2027 18:00")
    );
    assert_eq!(c.last_end(), Some(unix("2027-03-23T20:00:00+01:00")));
}
