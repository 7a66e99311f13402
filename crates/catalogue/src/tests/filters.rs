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
    // Thursday 11 March, 10:00.
    let morning = course_on("morning", "H morning", "2027-03-11", "10:00", "12:00");
    // Saturday 13 March, 12:00 (not morning any more).
    let afternoon = course_on("afternoon", "I afternoon", "2027-03-13", "12:00", "16:00");
    catalogue(vec![
        plain, ki, free, online, mixed, full, waitlist, morning, afternoon,
    ])
}

fn ids(query: &Query) -> Vec<String> {
    let mut found = find_at(&sample(), query, NOW);
    found.sort();
    found
}

/// The ids found with the default query changed by `set`.
fn found_with(set: impl FnOnce(&mut Query)) -> Vec<String> {
    let mut query = q();
    set(&mut query);
    ids(&query)
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
    let two_categories = vec!["programmieren".into(), "ki".into()];
    assert_eq!(
        found_with(|query| query.categories = two_categories),
        ["ki"]
    );
    assert_eq!(
        found_with(|query| query.providers = vec!["bib".into()]),
        ["ki"]
    );
    assert_eq!(
        found_with(|query| query.providers = vec!["vhs".into()]).len(),
        8
    );
    let children_or_seniors = vec![Audience::Children, Audience::Seniors];
    assert_eq!(
        found_with(|query| query.audiences = children_or_seniors),
        ["ki"]
    );
    let everyone = vec![Audience::Everyone];
    assert_eq!(
        found_with(|query| query.audiences = everyone),
        Vec::<String>::new()
    );
    assert_eq!(
        found_with(|query| query.languages = vec!["en".into()]),
        ["free"]
    );
    assert_eq!(
        found_with(|query| query.languages = vec!["de".into()]).len(),
        8,
        "de-AT counts as de"
    );
}

#[test]
fn free_of_charge() {
    assert_eq!(found_with(|query| query.free_only = true), ["free"]);
}

#[test]
fn on_site_or_online_with_mixed_counting_as_both() {
    let on_site = found_with(|query| query.attendance = Some(Attendance::OnSite));
    assert!(!on_site.contains(&"online".to_string()));
    assert!(on_site.contains(&"mixed".to_string()));
    assert_eq!(on_site.len(), 8);
    let online = found_with(|query| query.attendance = Some(Attendance::Online));
    assert_eq!(online, ["mixed", "online"]);
}

#[test]
fn step_free_keeps_step_free_venues_and_online_courses() {
    let found = found_with(|query| query.step_free = true);
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
    let found = found_with(|query| query.hide_full = true);
    assert!(!found.contains(&"full".to_string()));
    assert!(found.contains(&"waitlist".to_string()));
    assert_eq!(found.len(), 8);
}

#[test]
fn date_range() {
    let between = |from: Option<Date>, to: Option<Date>| {
        found_with(|query| {
            query.from = from;
            query.to = to;
        })
    };
    let thursday = Some(date(2027, 3, 11));
    assert_eq!(between(thursday, None), ["afternoon", "morning"]);
    assert_eq!(between(None, thursday).len(), 8);
    assert_eq!(between(thursday, thursday), ["morning"]);
    let backwards = between(Some(date(2027, 3, 12)), Some(date(2027, 3, 10)));
    assert_eq!(backwards, Vec::<String>::new());
}

#[test]
fn weekdays_and_parts_of_the_day() {
    let on = |days: &[Weekday]| {
        found_with(|query| {
            for day in days {
                query.weekdays[day.index()] = true;
            }
        })
    };
    assert_eq!(on(&[Weekday::Thu, Weekday::Sat]), ["afternoon", "morning"]);
    assert_eq!(on(&[Weekday::Tue]).len(), 7);
    assert_eq!(on(&[Weekday::Mon]), Vec::<String>::new());

    let part = |p: PartOfDay| found_with(|query| query.parts_of_day[p.index()] = true);
    assert_eq!(part(PartOfDay::Morning), ["morning"]);
    assert_eq!(
        part(PartOfDay::Afternoon),
        ["afternoon"],
        "12:00 is afternoon"
    );
    assert_eq!(part(PartOfDay::Evening).len(), 7);
    let morning_or_afternoon = found_with(|query| query.parts_of_day = [true, true, false]);
    assert_eq!(morning_or_afternoon, ["afternoon", "morning"]);
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
    let past = course_on("past", "Z past", "2026-12-01", "18:00", "20:00");
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
        session_on("2027-03-02", "18:00", "20:00"),
        // Tuesday and a Thursday to come, one in the morning.
        session_on("2027-03-09", "18:00", "20:00"),
        session_on("2027-03-11", "09:00", "11:00"),
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
