//! Each filter on its own, and the session filters together.

use lernort_time::{Date, Weekday};

use super::*;

fn q() -> Query {
    Query::default()
}

fn date(y: i32, m: u8, d: u8) -> Date {
    Date::new(y, m, d).unwrap()
}

/// Eight courses that differ in one way each from `course()`'s default.
fn sample() -> Catalogue {
    let plain = course("plain", "A plain"); // Tue 9 March 2027, 18:00, on site, DiLAS
    let mut ki = course("ki", "B ki");
    ki.categories = vec!["ki".into(), "smart-home".into()];
    ki.audience = vec![Audience::Seniors, Audience::Beginners];
    ki.provider = "bib".into();
    let mut free = course("free", "C free");
    free.is_accessible_for_free = true;
    free.offers = None;
    free.in_language = "en".into();
    let mut online = course("online", "D online");
    online.event_attendance_mode = AttendanceMode::Online;
    online.venue = None;
    let mut mixed = course("mixed", "E mixed");
    mixed.event_attendance_mode = AttendanceMode::Mixed;
    mixed.venue = Some("altbau".into()); // not step-free
    let mut full = course("full", "F full");
    full.availability = Availability::Full;
    full.venue = Some("altbau".into());
    let mut waitlist = course("waitlist", "G waitlist");
    waitlist.availability = Availability::Waitlist;
    waitlist.in_language = "de-AT".into();
    let mut morning = course("morning", "H morning");
    // Thursday 11 March, 10:00.
    morning.sessions = vec![session(
        "2027-03-11T10:00:00+01:00",
        "2027-03-11T12:00:00+01:00",
    )];
    let mut afternoon = course("afternoon", "I afternoon");
    // Saturday 13 March, 12:00 (not morning any more).
    afternoon.sessions = vec![session(
        "2027-03-13T12:00:00+01:00",
        "2027-03-13T16:00:00+01:00",
    )];
    catalogue(vec![
        plain, ki, free, online, mixed, full, waitlist, morning, afternoon,
    ])
}

fn ids(query: &Query) -> Vec<String> {
    let mut found = find_at(&sample(), query, NOW);
    found.sort();
    found
}

#[test]
fn no_filter_shows_everything_that_is_not_past() {
    assert_eq!(ids(&q()).len(), 9);
    assert!(!q().is_filtered());
}

#[test]
fn category_provider_audience_language() {
    let by_category = Query {
        categories: vec!["smart-home".into()],
        ..q()
    };
    assert_eq!(ids(&by_category), ["ki"]);
    assert!(by_category.is_filtered());
    let two_categories = Query {
        categories: vec!["programmieren".into(), "ki".into()],
        ..q()
    };
    assert_eq!(ids(&two_categories), ["ki"]);
    let by_provider = Query {
        providers: vec!["bib".into()],
        ..q()
    };
    assert_eq!(ids(&by_provider), ["ki"]);
    let by_provider = Query {
        providers: vec!["vhs".into()],
        ..q()
    };
    assert_eq!(ids(&by_provider).len(), 8);
    let by_audience = Query {
        audiences: vec![Audience::Children, Audience::Seniors],
        ..q()
    };
    assert_eq!(ids(&by_audience), ["ki"]);
    let everyone = Query {
        audiences: vec![Audience::Everyone],
        ..q()
    };
    assert_eq!(ids(&everyone), Vec::<String>::new());
    let english = Query {
        languages: vec!["en".into()],
        ..q()
    };
    assert_eq!(ids(&english), ["free"]);
    let german = Query {
        languages: vec!["de".into()],
        ..q()
    };
    assert_eq!(ids(&german).len(), 8, "de-AT counts as de");
}

#[test]
fn free_of_charge() {
    let free = Query {
        free_only: true,
        ..q()
    };
    assert_eq!(ids(&free), ["free"]);
}

#[test]
fn on_site_or_online_with_mixed_counting_as_both() {
    let on_site = Query {
        attendance: Some(Attendance::OnSite),
        ..q()
    };
    assert!(!ids(&on_site).contains(&"online".to_string()));
    assert!(ids(&on_site).contains(&"mixed".to_string()));
    assert_eq!(ids(&on_site).len(), 8);
    let online = Query {
        attendance: Some(Attendance::Online),
        ..q()
    };
    assert_eq!(ids(&online), ["mixed", "online"]);
}

#[test]
fn step_free_keeps_step_free_venues_and_online_courses() {
    let step_free = Query {
        step_free: true,
        ..q()
    };
    let found = ids(&step_free);
    assert!(found.contains(&"online".to_string()));
    assert!(
        !found.contains(&"mixed".to_string()),
        "mixed at the Alte Schule"
    );
    assert!(!found.contains(&"full".to_string()));
    assert_eq!(found.len(), 7);
}

#[test]
fn hide_full_hides_full_but_keeps_the_waiting_list() {
    let hide = Query {
        hide_full: true,
        ..q()
    };
    let found = ids(&hide);
    assert!(!found.contains(&"full".to_string()));
    assert!(found.contains(&"waitlist".to_string()));
    assert_eq!(found.len(), 8);
}

#[test]
fn date_range() {
    let from_thursday = Query {
        from: Some(date(2027, 3, 11)),
        ..q()
    };
    assert_eq!(ids(&from_thursday), ["afternoon", "morning"]);
    let until_thursday = Query {
        to: Some(date(2027, 3, 11)),
        ..q()
    };
    assert_eq!(ids(&until_thursday).len(), 8);
    let one_day = Query {
        from: Some(date(2027, 3, 11)),
        to: Some(date(2027, 3, 11)),
        ..q()
    };
    assert_eq!(ids(&one_day), ["morning"]);
    let backwards = Query {
        from: Some(date(2027, 3, 12)),
        to: Some(date(2027, 3, 10)),
        ..q()
    };
    assert_eq!(ids(&backwards), Vec::<String>::new());
}

#[test]
fn weekdays_and_parts_of_the_day() {
    let mut thursday_or_saturday = q();
    thursday_or_saturday.weekdays[Weekday::Thu.index()] = true;
    thursday_or_saturday.weekdays[Weekday::Sat.index()] = true;
    assert_eq!(ids(&thursday_or_saturday), ["afternoon", "morning"]);
    let mut tuesday = q();
    tuesday.weekdays[Weekday::Tue.index()] = true;
    assert_eq!(ids(&tuesday).len(), 7);
    let mut monday = q();
    monday.weekdays[Weekday::Mon.index()] = true;
    assert_eq!(ids(&monday), Vec::<String>::new());

    let part = |p: PartOfDay| {
        let mut query = q();
        query.parts_of_day[p.index()] = true;
        ids(&query)
    };
    assert_eq!(part(PartOfDay::Morning), ["morning"]);
    assert_eq!(
        part(PartOfDay::Afternoon),
        ["afternoon"],
        "12:00 is afternoon"
    );
    assert_eq!(part(PartOfDay::Evening).len(), 7);
    let mut morning_or_afternoon = q();
    morning_or_afternoon.parts_of_day = [true, true, false];
    assert_eq!(ids(&morning_or_afternoon), ["afternoon", "morning"]);
}

#[test]
fn filters_combine_with_and_and_clear_with_default() {
    let mut query = Query {
        text: "plain".into(),
        attendance: Some(Attendance::OnSite),
        step_free: true,
        ..q()
    };
    query.weekdays[Weekday::Tue.index()] = true;
    query.parts_of_day[PartOfDay::Evening.index()] = true;
    assert_eq!(ids(&query), ["plain"]);
    query.free_only = true;
    assert_eq!(ids(&query), Vec::<String>::new());
    assert!(query.is_filtered());
    let sorted_only = Query {
        sort: Sort::Title,
        ..q()
    };
    assert!(!sorted_only.is_filtered(), "the order is not a filter");
    assert_eq!(ids(&Query::default()).len(), 9);
}

#[test]
fn past_courses_are_hidden_unless_asked_for() {
    let mut cat = sample();
    let mut past = course("past", "Z past");
    past.sessions = vec![session(
        "2026-12-01T18:00:00+01:00",
        "2026-12-01T20:00:00+01:00",
    )];
    cat.courses.push(past);
    assert!(!find_at(&cat, &q(), NOW).contains(&"past".to_string()));
    let with_past = Query {
        include_past: true,
        ..q()
    };
    assert!(find_at(&cat, &with_past, NOW).contains(&"past".to_string()));
    // A cancelled course is shown (labelled) until it would have been over.
    cat.courses[0].availability = Availability::Cancelled;
    assert!(find_at(&cat, &q(), NOW).contains(&"plain".to_string()));
}

#[test]
fn a_series_matches_a_weekday_when_any_session_to_come_does() {
    let mut series = course("series", "Series");
    series.sessions = vec![
        // Tuesday, already over at "now".
        session("2027-03-02T18:00:00+01:00", "2027-03-02T20:00:00+01:00"),
        // Tuesday and a Thursday to come, one in the morning.
        session("2027-03-09T18:00:00+01:00", "2027-03-09T20:00:00+01:00"),
        session("2027-03-11T09:00:00+01:00", "2027-03-11T11:00:00+01:00"),
    ];
    let cat = catalogue(vec![series]);
    let now = unix("2027-03-05T12:00:00+01:00");
    let weekday = |day: Weekday, include_past: bool| {
        let mut query = Query {
            include_past,
            ..q()
        };
        query.weekdays[day.index()] = true;
        find_at(&cat, &query, now)
    };
    assert_eq!(weekday(Weekday::Tue, false), ["series"]);
    assert_eq!(weekday(Weekday::Thu, false), ["series"]);
    assert!(weekday(Weekday::Fri, false).is_empty());
    // The sessions' filters hold together: no Thursday evening session, no Tuesday morning.
    let mut thursday_evening = q();
    thursday_evening.weekdays[Weekday::Thu.index()] = true;
    thursday_evening.parts_of_day[PartOfDay::Evening.index()] = true;
    assert!(find_at(&cat, &thursday_evening, now).is_empty());
    let mut thursday_morning = thursday_evening.clone();
    thursday_morning.parts_of_day = [true, false, false];
    assert_eq!(find_at(&cat, &thursday_morning, now), ["series"]);
    // Only the Tuesday session of 2 March falls in this range, and it is over.
    let first_week = Query {
        to: Some(date(2027, 3, 3)),
        ..q()
    };
    assert!(find_at(&cat, &first_week, now).is_empty());
    let first_week_with_past = Query {
        include_past: true,
        ..first_week
    };
    assert_eq!(find_at(&cat, &first_week_with_past, now), ["series"]);
}

#[test]
fn all_day_sessions_cover_each_of_their_days() {
    let mut weekend = course("weekend", "Wochenend-Workshop");
    // Saturday 8 and Sunday 9 May 2027.
    weekend.sessions = vec![session("2027-05-08", "2027-05-09")];
    let cat = catalogue(vec![weekend]);
    let mut sunday = q();
    sunday.weekdays[Weekday::Sun.index()] = true;
    assert_eq!(find_at(&cat, &sunday, NOW), ["weekend"]);
    let mut friday = q();
    friday.weekdays[Weekday::Fri.index()] = true;
    assert!(find_at(&cat, &friday, NOW).is_empty());
    // Sunday alone in the range, and Saturday outside it.
    let mut only_sunday = Query {
        from: Some(date(2027, 5, 9)),
        ..q()
    };
    assert_eq!(find_at(&cat, &only_sunday, NOW), ["weekend"]);
    only_sunday.weekdays[Weekday::Sat.index()] = true;
    assert!(find_at(&cat, &only_sunday, NOW).is_empty());
    // All day matches every part of the day.
    let mut evening = q();
    evening.parts_of_day[PartOfDay::Evening.index()] = true;
    assert_eq!(find_at(&cat, &evening, NOW), ["weekend"]);
    // On Sunday afternoon it is still going on; on Monday it is over.
    let sunday_afternoon = unix("2027-05-09T15:00:00+02:00");
    assert_eq!(find_at(&cat, &q(), sunday_afternoon), ["weekend"]);
    let monday = unix("2027-05-10T00:00:00+02:00");
    assert!(find_at(&cat, &q(), monday).is_empty());
}
