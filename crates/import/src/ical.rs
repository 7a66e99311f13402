//! iCalendar (RFC 5545) calendars: one `VEVENT` is one course; a recurring event's
//! dates are its sessions.
//!
//! Reading is `lernort-ical` (on calcard, shared with the co-working bookings): any zone
//! (IANA, Windows names, `VTIMEZONE`, `X-WR-TIMEZONE`), every `RRULE` part, `RDATE`,
//! `EXDATE`, `RECURRENCE-ID` (a changed or cancelled single date). Here: what a course
//! takes of an event — `SUMMARY`, `DESCRIPTION`, `LOCATION`, `URL`, `CATEGORIES`, `UID`,
//! `CLASS` (private ones are not published), `STATUS:CANCELLED` (marked, not dropped).

use lernort_catalogue::{Availability, Session, Timestamp, When};
use lernort_ical::{Calendar, Event, Occurrence, Time};

use crate::report::FileSummary;
use crate::schedule::MAX_OCCURRENCES;
use crate::source::{apply_price, apply_target_group, tidy_sessions, FileContext};
use crate::text::{language_code, plain_description, Price};

pub use lernort_ical::parse_duration;

/// The catalogue's form of a time: a date, or the instant with Berlin's offset.
pub fn when(time: Time) -> When {
    match time {
        Time::Date(d) => When::Day(d),
        other => When::Time(Timestamp::with_berlin_offset(other.unix())),
    }
}

/// Reads one calendar into the context's courses and messages.
pub fn read(ctx: &mut FileContext, bytes: &[u8]) -> FileSummary {
    match Calendar::read(bytes).map(|c| c.name_zones(&ctx.provider.time_zones)) {
        Ok(calendar) => {
            for event in calendar.events() {
                if event.is_orphan_change() {
                    ctx.warn(
                        event.line_of("RECURRENCE-ID"),
                        Some("RECURRENCE-ID"),
                        "no event with this UID to change; read as an event of its own",
                    );
                }
                let before = ctx.messages.len();
                match read_event(ctx, &event) {
                    Some(course)
                        if !ctx.messages[before..]
                            .iter()
                            .any(|m| m.severity == crate::report::Severity::Skipped) =>
                    {
                        ctx.courses.push(course)
                    }
                    _ => ctx.skip(),
                }
            }
        }
        Err(problem) => ctx.reject(
            problem.line.or(Some(1)),
            problem.property.as_deref(),
            problem.message,
        ),
    }
    FileSummary {
        file: ctx.file.to_string(),
        provider: ctx.provider.provider.id.clone(),
        format: "iCalendar".to_string(),
        imported: ctx.courses.len(),
        skipped: ctx.skipped,
    }
}

/// One occurrence as a session: whole days end on their last day (the calendar's end
/// is the day after).
fn session(occurrence: &Occurrence) -> Session {
    match (occurrence.start, occurrence.end) {
        (Time::Date(start), Time::Date(end)) => Session {
            start_date: When::Day(start),
            end_date: When::Day(if end > start { end.add_days(-1) } else { start }),
        },
        (start, end) => Session {
            start_date: when(start),
            end_date: when(end),
        },
    }
}

/// One event (with its changed dates) as a course.
fn read_event(ctx: &mut FileContext, event: &Event<'_>) -> Option<lernort_catalogue::Course> {
    let summary = event.text("SUMMARY");
    if summary.is_empty() {
        ctx.reject(event.line_of("SUMMARY"), Some("SUMMARY"), "missing");
        return None;
    }
    let class = event.text("CLASS").to_ascii_uppercase();
    if class == "PRIVATE" || class == "CONFIDENTIAL" {
        ctx.reject(
            event.line_of("CLASS"),
            Some("CLASS"),
            format!("{class} events are not published"),
        );
        return None;
    }
    if !event.has("DTSTART") {
        ctx.reject(event.line(), Some("DTSTART"), "missing");
        return None;
    }
    let occurrences = match event.occurrences(MAX_OCCURRENCES) {
        Ok(o) => o,
        Err(problem) => {
            ctx.reject(
                problem.line,
                problem.property.as_deref(),
                format!("{}; event not imported", problem.message),
            );
            return None;
        }
    };
    for problem in &occurrences.problems {
        let hint = problem.unknown_zone.as_ref().map_or_else(String::new, |zone| {
            format!(
                ". To say which zone it is, write \"timeZones\": {{\"{zone}\": \"Europe/Berlin\"}} (or the zone meant) for provider \"{}\" in import.json",
                ctx.provider.provider.id
            )
        });
        ctx.warn(
            problem.line,
            problem.property.as_deref(),
            format!("{}{hint}", problem.message),
        );
    }
    if occurrences.capped {
        ctx.warn(
            event.line_of("RRULE"),
            Some("RRULE"),
            format!(
                "more than {MAX_OCCURRENCES} dates; only the first {MAX_OCCURRENCES} are imported"
            ),
        );
    }
    if occurrences
        .list
        .iter()
        .any(|o| o.end.unix() < o.start.unix())
    {
        ctx.reject(event.line_of("DTEND"), Some("DTEND"), "before DTSTART");
        return None;
    }
    let Some(first) = occurrences.list.first().copied() else {
        ctx.reject(
            event.line_of("EXDATE"),
            Some("EXDATE"),
            "removes every date of the event",
        );
        return None;
    };
    // Cancelled single dates are left out; the course stays.
    let mut sessions: Vec<Session> = occurrences
        .list
        .iter()
        .filter(|o| !o.cancelled)
        .map(session)
        .collect();
    tidy_sessions(&mut sessions);
    if sessions.is_empty() {
        ctx.reject(
            event.line_of("EXDATE"),
            Some("EXDATE"),
            "removes every date of the event",
        );
        return None;
    }
    let first_date = match first.start {
        Time::Date(d) => d,
        other => lernort_time::to_berlin(other.unix()).date,
    };

    let uid = event.text("UID");
    let id = if uid.is_empty() {
        format!(
            "{}-{}",
            crate::text::slugify(&summary),
            lernort_catalogue::IsoDate(first_date)
        )
    } else {
        uid
    };
    let mut course = ctx.course(&id, &summary);
    course.sessions = sessions;
    course.description = plain_description(&event.text("DESCRIPTION"));

    let location = event.text("LOCATION");
    let conference = event.has("CONFERENCE");
    let place = if conference && !location.to_lowercase().contains("online") {
        format!("{location} online")
    } else {
        location.clone()
    };
    if let Err(e) = ctx.apply_place(&mut course, &place, "") {
        ctx.reject(event.line_of("LOCATION"), Some("LOCATION"), e);
        return None;
    }

    // A calendar has no price field: only noPriceMeansFree can say "free".
    if let Some(warning) = apply_price(&mut course, Price::Empty, Price::Empty, ctx.provider, None)
    {
        ctx.warn(event.line(), None, format!("price {warning}"));
    }

    let labels = event.texts("CATEGORIES");
    let line = event
        .has("CATEGORIES")
        .then(|| event.line_of("CATEGORIES"))
        .flatten();
    ctx.apply_labels(&mut course, &labels, line, "CATEGORIES");
    apply_target_group(&mut course, "");

    if let Some(lang) = event.param("SUMMARY", "LANGUAGE") {
        if let Some(code) = language_code(&lang) {
            course.in_language = code;
        }
    }
    let url = event.text("URL");
    if url.starts_with("https://") || url.starts_with("http://") {
        course.url = Some(url);
    } else if !url.is_empty() {
        ctx.warn(
            event.line_of("URL"),
            Some("URL"),
            format!("'{url}' is not an https:// address; left out"),
        );
    }
    if event.cancelled() {
        course.availability = Availability::Cancelled;
    }
    Some(course)
}
