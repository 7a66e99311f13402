//! What `lernort-ical` adds to calcard, each case one that calcard alone got wrong or that
//! real exports write (the corpus check, `scripts/ical-corpus`, covers the rest).

use lernort_ical::{Calendar, Time};
use lernort_time::{to_berlin, Date};

fn calendar(body: &str) -> Calendar {
    let text = format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{body}END:VCALENDAR\r\n");
    Calendar::read(text.as_bytes()).unwrap()
}

/// Each occurrence's start as Berlin wall-clock text.
fn starts(calendar: &Calendar) -> Vec<String> {
    calendar
        .events()
        .iter()
        .flat_map(|e| e.occurrences(1000).unwrap().list)
        .filter(|o| !o.cancelled)
        .map(|o| to_berlin(o.start.unix()).to_string())
        .collect()
}

#[test]
fn a_series_at_a_utc_time_stays_in_utc_and_until_in_utc_includes_its_last_date() {
    let utc = calendar(
        "BEGIN:VEVENT\r\nUID:u\r\nDTSTART:20270323T170000Z\r\nRRULE:FREQ=WEEKLY;COUNT=2\r\nEND:VEVENT\r\n",
    );
    assert_eq!(starts(&utc), ["23.03.2027 18:00", "30.03.2027 19:00"]);
    // 10:00 in Berlin is 09:00 UTC: an UNTIL of 09:00Z includes that date.
    let until = calendar(
        "BEGIN:VEVENT\r\nUID:b\r\nDTSTART;TZID=Europe/Berlin:20261102T100000\r\n\
         RRULE:FREQ=WEEKLY;UNTIL=20261109T090000Z\r\nEND:VEVENT\r\n",
    );
    assert_eq!(starts(&until), ["02.11.2026 10:00", "09.11.2026 10:00"]);
}

#[test]
fn changes_with_a_higher_sequence_and_an_exdate_over_an_rdate() {
    let cal = calendar(
        "BEGIN:VEVENT\r\nUID:a\r\nSEQUENCE:0\r\nDTSTART;TZID=Europe/Berlin:20261102T100000\r\n\
         DURATION:PT1H\r\nRRULE:FREQ=DAILY;COUNT=3\r\nRDATE;TZID=Europe/Berlin:20261110T100000\r\n\
         EXDATE;TZID=Europe/Berlin:20261110T100000\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:a\r\nSEQUENCE:3\r\nRECURRENCE-ID;TZID=Europe/Berlin:20261103T100000\r\n\
         DTSTART;TZID=Europe/Berlin:20261103T150000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:a\r\nSEQUENCE:4\r\nRECURRENCE-ID;TZID=Europe/Berlin:20261104T100000\r\n\
         DTSTART;TZID=Europe/Berlin:20261104T100000\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n",
    );
    assert_eq!(cal.events().len(), 1);
    assert_eq!(starts(&cal), ["02.11.2026 10:00", "03.11.2026 15:00"]);
}

#[test]
fn zones_by_windows_name_vtimezone_and_wrong_case_and_an_unknown_one() {
    let cal = calendar(
        "BEGIN:VTIMEZONE\r\nTZID:Eigene Zone\r\nX-LIC-LOCATION:America/New_York\r\nEND:VTIMEZONE\r\n\
         BEGIN:VEVENT\r\nUID:w\r\nDTSTART;TZID=W. Europe Standard Time:20270122T180000\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:v\r\nDTSTART;TZID=Eigene Zone:20270122T120000\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:c\r\nDTSTART;TZID=europe/lisbon:20270122T170000\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:m\r\nDTSTART;TZID=Mars/Olympus:20270122T180000\r\nEND:VEVENT\r\n",
    );
    assert_eq!(
        starts(&cal),
        [
            "22.01.2027 18:00",
            "22.01.2027 18:00",
            "22.01.2027 18:00",
            "22.01.2027 18:00"
        ]
    );
    let problems: Vec<String> = cal
        .events()
        .iter()
        .flat_map(|e| e.occurrences(10).unwrap().problems)
        .map(|p| p.to_string())
        .collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("line 21: DTSTART: TZID 'Mars/Olympus'"),
        "{problems:?}"
    );
}

#[test]
fn a_skipped_hour_moves_on_and_a_repeated_one_is_the_first() {
    let cal = calendar(
        "BEGIN:VEVENT\r\nUID:g\r\nDTSTART;TZID=Europe/Berlin:20270327T023000\r\nRRULE:FREQ=DAILY;COUNT=2\r\nEND:VEVENT\r\n",
    );
    let list = cal.events()[0].occurrences(10).unwrap().list;
    // 28.03.2027 02:30 does not exist in Berlin: the offset before the gap, 03:30 CEST.
    assert_eq!(
        list.iter()
            .map(|o| to_berlin(o.start.unix()).to_string())
            .collect::<Vec<_>>(),
        ["27.03.2027 02:30", "28.03.2027 03:30"]
    );
}

#[test]
fn whole_days_floating_times_and_unreadable_events() {
    let cal = calendar(
        "BEGIN:VEVENT\r\nUID:d\r\nDTSTART;VALUE=DATE:20261212\r\nDTEND;VALUE=DATE:20261214\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:f\r\nDTSTART:20261212T100000\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:x\r\nDTSTART:2026-12-12\r\nEND:VEVENT\r\n",
    );
    let events = cal.events();
    let day = events[0].occurrences(10).unwrap().list[0];
    let d = |m, day| Date::new(2026, m, day).unwrap();
    assert_eq!(
        (day.start, day.end),
        (Time::Date(d(12, 12)), Time::Date(d(12, 14)))
    );
    let floating = events[1].occurrences(10).unwrap().list[0];
    assert_eq!(floating.start, Time::Floating(d(12, 12), 36_000));
    assert_eq!(
        floating.end, floating.start,
        "no DTEND: ends when it starts"
    );
    let error = events[2].occurrences(10).unwrap_err().to_string();
    assert!(
        error.starts_with("line 14: DTSTART: '2026-12-12' is not a date"),
        "{error}"
    );
}

#[test]
fn a_zone_the_file_defines_itself_is_matched_to_the_zone_database() {
    // Berlin's rules under a name no list knows, with the rules of RFC 5545's examples.
    let own = "BEGIN:VTIMEZONE\r\nTZID:Mitteleuropäische Zeit (Berlin)\r\n\
        BEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n\
        RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n\
        BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n\
        RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n\
        BEGIN:VTIMEZONE\r\nTZID:Ostküste ohne Sommerzeit\r\n\
        BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0500\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n\
        BEGIN:VEVENT\r\nUID:s\r\nDTSTART;TZID=Mitteleuropäische Zeit (Berlin):20270701T100000\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:w\r\nDTSTART;TZID=Mitteleuropäische Zeit (Berlin):20270115T100000\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:f\r\nDTSTART;TZID=Ostküste ohne Sommerzeit:20270701T100000\r\nEND:VEVENT\r\n";
    let cal = calendar(own);
    let occurrences: Vec<_> = cal
        .events()
        .iter()
        .map(|e| e.occurrences(10).unwrap())
        .collect();
    assert!(
        occurrences.iter().all(|o| o.problems.is_empty()),
        "{occurrences:?}"
    );
    let at = |i: usize| occurrences[i].list[0].start;
    // 10:00 in summer and in winter, as in Berlin.
    assert_eq!(to_berlin(at(0).unix()).to_string(), "01.07.2027 10:00");
    assert_eq!(to_berlin(at(1).unix()).to_string(), "15.01.2027 10:00");
    // UTC−5 all year: 10:00 there is 15:00 UTC, 17:00 in Berlin's summer.
    assert_eq!(to_berlin(at(2).unix()).to_string(), "01.07.2027 17:00");
}
