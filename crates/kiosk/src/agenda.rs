//! The courses slide: what takes place today, then what comes next.

use lernort_catalogue::{availability_text, Availability, Catalogue, Course, Session};
use lernort_i18n::Lang;
use lernort_time::to_berlin;

/// One line of the courses slide.
#[derive(Clone, Debug, PartialEq)]
pub struct AgendaItem<'c> {
    /// The course.
    pub course: &'c Course,
    /// Its session shown (today's, or its next).
    pub session: &'c Session,
    /// Whether the session is today (Berlin).
    pub today: bool,
    /// Whether it is going on now.
    pub running: bool,
}

/// Today's sessions that have not ended, in order, then each further course's next
/// session, in order; at most `max` lines. A course cancelled or postponed today is shown
/// (people in the building may be waiting for it); such later courses and finished ones are
/// not.
///
/// ```
/// use lernort_catalogue::Catalogue;
/// use lernort_kiosk::agenda;
/// let json = r#"{"format": 1, "generated": "2026-11-20T08:00:00+01:00",
///   "providers": [{"id": "vhs", "name": "VHS", "kind": "vhs"}], "categories": [], "venues": [],
///   "courses": [
///     {"id": "1", "slug": "a", "name": "Later", "provider": "vhs",
///      "sessions": [{"startDate": "2026-11-24T18:00:00+01:00", "endDate": "2026-11-24T20:00:00+01:00"}]},
///     {"id": "2", "slug": "b", "name": "Today", "provider": "vhs",
///      "sessions": [{"startDate": "2026-11-21T14:00:00+01:00", "endDate": "2026-11-21T16:00:00+01:00"}]}
///   ]}"#;
/// let catalogue = Catalogue::parse(json).unwrap();
/// let saturday_noon = 1_795_258_800; // 21.11.2026 12:00
/// let items = agenda(&catalogue, saturday_noon, 5);
/// let names: Vec<_> = items.iter().map(|i| (i.course.name.as_str(), i.today)).collect();
/// assert_eq!(names, [("Today", true), ("Later", false)]);
/// ```
pub fn agenda(catalogue: &Catalogue, now: i64, max: usize) -> Vec<AgendaItem<'_>> {
    let today = to_berlin(now).date;
    let mut items: Vec<AgendaItem<'_>> = Vec::new();
    for course in &catalogue.courses {
        // Shown today with its state in words, never as a next date.
        let not_held = matches!(
            course.availability,
            Availability::Cancelled | Availability::Postponed
        );
        let upcoming = course.sessions.iter().filter(|s| s.end_unix() > now);
        let mut later_added = false;
        let mut sessions: Vec<&Session> = upcoming.collect();
        sessions.sort_by_key(|s| s.start_unix());
        for session in sessions {
            let is_today = session.start_local().date <= today;
            if is_today {
                items.push(AgendaItem {
                    course,
                    session,
                    today: true,
                    running: session.start_unix() <= now,
                });
            } else if !later_added && !not_held {
                later_added = true;
                items.push(AgendaItem {
                    course,
                    session,
                    today: false,
                    running: false,
                });
            }
        }
    }
    items.sort_by(|a, b| {
        (!a.today, a.session.start_unix(), &a.course.name).cmp(&(
            !b.today,
            b.session.start_unix(),
            &b.course.name,
        ))
    });
    // A course on today's list is not repeated under "next".
    let mut shown_today: Vec<&str> = Vec::new();
    items.retain(|item| {
        if item.today {
            shown_today.push(&item.course.id);
            true
        } else {
            !shown_today.contains(&item.course.id.as_str())
        }
    });
    items.truncate(max);
    items
}

/// The booking state in words, as on the course page (`Nur noch 2 Plätze`, `Abgesagt`).
pub fn state_text(course: &Course, now: i64, lang: Lang) -> String {
    availability_text(course, now, lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lernort_catalogue::{session_short_text, PlaceDetail};

    /// Saturday 21.11.2026 12:00 in Berlin.
    const NOON: i64 = 1_795_258_800;

    fn catalogue(courses: &str) -> Catalogue {
        let json = format!(
            r#"{{"format": 1, "generated": "2026-11-20T08:00:00+01:00",
            "providers": [{{"id": "vhs", "name": "VHS Soest", "kind": "vhs"}}], "categories": [],
            "venues": [{{"id": "dilas", "name": "DiLAS", "street": "Werkstraße 1", "postalCode": "59494", "city": "Soest", "stepFree": true}}],
            "courses": [{courses}]}}"#
        );
        Catalogue::parse(&json).unwrap()
    }

    /// A course at the DiLAS, `extra` fields (each with its comma) written before its sessions.
    fn course(id: &str, extra: &str, sessions: &[String]) -> String {
        format!(
            r#"{{"id": "{id}", "slug": "c{id}", "name": "Kurs {id}", "provider": "vhs", "venue": "dilas", {extra} "sessions": [{}]}}"#,
            sessions.join(",")
        )
    }

    /// A session as the file writes it: RFC 3339 times, or the first and last day.
    fn session(start: &str, end: &str) -> String {
        format!(r#"{{"startDate": "{start}", "endDate": "{end}"}}"#)
    }

    /// A session on `day` from `from` to `to`, Berlin winter time (as all of these days are).
    fn on(day: &str, from: &str, to: &str) -> String {
        session(
            &format!("{day}T{from}:00+01:00"),
            &format!("{day}T{to}:00+01:00"),
        )
    }

    const CANCELLED: &str = r#""availability": "cancelled","#;

    fn ids(items: &[AgendaItem<'_>]) -> Vec<(String, bool, bool)> {
        items
            .iter()
            .map(|i| (i.course.id.clone(), i.today, i.running))
            .collect()
    }

    #[test]
    fn today_first_then_each_course_once_in_order() {
        let weekly = course(
            "weekly",
            "",
            &[
                on("2026-11-21", "10:00", "11:00"),
                on("2026-11-28", "10:00", "11:00"),
                on("2026-12-05", "10:00", "11:00"),
            ],
        );
        let running = course("running", "", &[on("2026-11-21", "11:30", "13:00")]);
        let evening = course(
            "evening",
            "",
            &[
                on("2026-11-21", "18:00", "20:00"),
                on("2026-11-23", "18:00", "20:00"),
            ],
        );
        let monday = course("monday", "", &[on("2026-11-23", "09:00", "12:00")]);
        let catalogue = catalogue(&[weekly, running, evening, monday].join(","));
        assert_eq!(
            ids(&agenda(&catalogue, NOON, 10)),
            [
                ("running".into(), true, true),
                ("evening".into(), true, false),
                ("monday".into(), false, false),
                ("weekly".into(), false, false),
            ]
        );
        assert_eq!(agenda(&catalogue, NOON, 2).len(), 2);
    }

    #[test]
    fn cancelled_today_is_shown_cancelled_later_is_not() {
        let today = course("today", CANCELLED, &[on("2026-11-21", "18:00", "20:00")]);
        let later = course("later", CANCELLED, &[on("2026-11-25", "18:00", "20:00")]);
        let catalogue = catalogue(&[today, later].join(","));
        let items = agenda(&catalogue, NOON, 10);
        assert_eq!(ids(&items), [("today".into(), true, false)]);
        assert_eq!(state_text(items[0].course, NOON, Lang::De), "Abgesagt");
    }

    #[test]
    fn all_day_and_places() {
        let fair = course(
            "fair",
            r#""room": "Foyer","#,
            &[session("2026-11-21", "2026-11-22")],
        );
        let catalogue = catalogue(&fair);
        let items = agenda(&catalogue, NOON, 10);
        assert_eq!(ids(&items), [("fair".into(), true, true)]);
        assert_eq!(
            session_short_text(items[0].session, true, Lang::De),
            "ganztägig"
        );
        let room = |course| catalogue.place_text(course, PlaceDetail::Room, Lang::De);
        assert_eq!(room(items[0].course), "Foyer");
        assert_eq!(catalogue.provider_name(items[0].course), "VHS Soest");
        let plain = catalogue.courses[0].clone();
        let mut no_room = plain;
        no_room.room = None;
        assert_eq!(room(&no_room), "DiLAS");
    }

    #[test]
    fn nothing_left_is_empty() {
        let past = course("past", "", &[on("2026-11-20", "10:00", "11:00")]);
        assert!(agenda(&catalogue(&past), NOON, 10).is_empty());
    }
}
