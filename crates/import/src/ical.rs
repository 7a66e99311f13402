//! iCalendar (RFC 5545) calendars: one `VEVENT` is one course; a recurring event's
//! dates are its sessions.
//!
//! Read: folded lines (a line starting with a space or tab continues the one before),
//! escaped text (`\,` `\;` `\n` `\\`), `DTSTART`/`DTEND`/`DURATION` as dates
//! (`VALUE=DATE`, all-day), UTC times (`…Z`), times with `TZID=Europe/Berlin` and
//! floating times (both read as Berlin wall-clock time), the `RRULE` subset of
//! [`crate::recur`], `RDATE`, `EXDATE`, `RECURRENCE-ID` overrides, `STATUS:CANCELLED`,
//! `CLASS`, `SUMMARY`, `DESCRIPTION`, `LOCATION`, `URL`, `CATEGORIES`, `UID`. Other
//! properties and components (`VTIMEZONE`, `VTODO`, `VALARM`…) are passed over.
//!
//! The generic parts (content lines, date-times, durations, `RRULE`) live in
//! `lernort-ical`, shared with the co-working bookings, and are re-exported here.

use std::collections::HashMap;

use lernort_catalogue::{Availability, Session, Timestamp, When};

use crate::recur::{expand, Rule, Until};
use crate::report::FileSummary;
use crate::source::{apply_price, apply_target_group, tidy_sessions, FileContext};
use crate::text::{language_code, plain_description, Price};

pub use lernort_ical::{
    parse_duration, parse_property, split_list, unescape, unfold_bytes, IcsTime, Property,
};

/// The catalogue's form of a time: a date, or the instant with Berlin's offset.
pub fn when(time: IcsTime) -> When {
    match time {
        IcsTime::Date(d) => When::Day(d),
        other => When::Time(Timestamp::with_berlin_offset(other.unix())),
    }
}

/// A `VEVENT` with its properties and the line of its `BEGIN`.
struct Event {
    props: Vec<Property>,
    line: usize,
}

impl Event {
    fn get(&self, name: &str) -> Option<&Property> {
        self.props.iter().find(|p| p.name == name)
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Property> + 'a {
        self.props.iter().filter(move |p| p.name == name)
    }

    fn text(&self, name: &str) -> String {
        self.get(name)
            .map(|p| unescape(&p.value).trim().to_string())
            .unwrap_or_default()
    }

    fn line_of(&self, name: &str) -> Option<usize> {
        Some(self.get(name).map_or(self.line, |p| p.line))
    }
}

/// Reads one calendar into the context's courses and messages.
pub fn read(ctx: &mut FileContext, bytes: &[u8]) -> FileSummary {
    // Unfolded as bytes first (a fold may split a UTF-8 character), then decoded: UTF-8
    // when every line is, else Windows-1252 (crate::text::decode).
    let lines = unfold_bytes(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes));
    let utf8 = lines
        .iter()
        .all(|(_, line)| std::str::from_utf8(line).is_ok());
    let lines = lines.into_iter().map(|(number, line)| {
        let text = if utf8 {
            String::from_utf8_lossy(&line).into_owned()
        } else {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(&line)
                .0
                .into_owned()
        };
        (number, text)
    });
    let mut events = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut current: Option<Event> = None;
    let mut saw_calendar = false;
    for (number, line) in lines {
        let Some(prop) = parse_property(&line, number) else {
            ctx.warn(
                Some(number),
                None,
                "not a content line NAME:VALUE; passed over",
            );
            continue;
        };
        match prop.name.as_str() {
            "BEGIN" => {
                let component = prop.value.trim().to_ascii_uppercase();
                saw_calendar |= component == "VCALENDAR";
                if component == "VEVENT" && stack.last().is_some_and(|c| c == "VCALENDAR") {
                    current = Some(Event {
                        props: Vec::new(),
                        line: number,
                    });
                }
                stack.push(component);
            }
            "END" => {
                let component = prop.value.trim().to_ascii_uppercase();
                if stack.last() == Some(&component) {
                    stack.pop();
                    if component == "VEVENT" {
                        events.extend(current.take());
                    }
                } else {
                    ctx.warn(
                        Some(number),
                        Some("END"),
                        format!(
                            "END:{component} does not close BEGIN:{}",
                            stack.last().map_or("-", String::as_str)
                        ),
                    );
                }
            }
            _ if stack.last().is_some_and(|c| c == "VEVENT") => {
                if let Some(event) = current.as_mut() {
                    event.props.push(prop);
                }
            }
            _ => {}
        }
    }
    if !saw_calendar {
        ctx.reject(Some(1), None, "no BEGIN:VCALENDAR: not an iCalendar file");
    }
    if current.is_some() {
        ctx.warn(
            None,
            None,
            "the last VEVENT has no END:VEVENT; it is read as it is",
        );
        events.extend(current.take());
    }

    // Overrides of single occurrences, by UID.
    let mut overrides: HashMap<String, Vec<Event>> = HashMap::new();
    let mut masters = Vec::new();
    for event in events {
        match (event.get("RECURRENCE-ID"), event.get("UID")) {
            (Some(_), Some(uid)) => {
                let uid = uid.value.trim().to_string();
                overrides.entry(uid).or_default().push(event)
            }
            _ => masters.push(event),
        }
    }
    let master_uids: std::collections::HashSet<String> = masters
        .iter()
        .filter_map(|e| e.get("UID").map(|p| p.value.trim().to_string()))
        .collect();
    let mut orphans: Vec<(String, Event)> = Vec::new();
    for (uid, list) in overrides.iter_mut() {
        if !master_uids.contains(uid) {
            for event in list.drain(..) {
                orphans.push((uid.clone(), event));
            }
        }
    }
    orphans.sort_by_key(|(_, e)| e.line);
    for (_, event) in orphans {
        ctx.warn(
            event.line_of("RECURRENCE-ID"),
            Some("RECURRENCE-ID"),
            "no event with this UID to change; read as an event of its own",
        );
        masters.push(event);
    }
    masters.sort_by_key(|e| e.line);
    for event in &masters {
        let uid = event.get("UID").map(|p| p.value.trim().to_string());
        let changes = uid
            .as_ref()
            .and_then(|u| overrides.get(u))
            .map_or(&[][..], Vec::as_slice);
        let before = ctx.messages.len();
        match read_event(ctx, event, changes) {
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
    FileSummary {
        file: ctx.file.to_string(),
        provider: ctx.provider.provider.id.clone(),
        format: "iCalendar".to_string(),
        imported: ctx.courses.len(),
        skipped: ctx.skipped,
    }
}

/// Parses a date property, with a message on failure.
fn time_of(ctx: &mut FileContext, prop: &Property) -> Option<IcsTime> {
    match IcsTime::parse(&prop.value, &prop.params) {
        Ok(t) => Some(t),
        Err(e) => {
            ctx.reject(Some(prop.line), Some(&prop.name), e);
            None
        }
    }
}

/// One event (with its overrides) as a course.
fn read_event(
    ctx: &mut FileContext,
    event: &Event,
    overrides: &[Event],
) -> Option<lernort_catalogue::Course> {
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
    let Some(start_prop) = event.get("DTSTART") else {
        ctx.reject(Some(event.line), Some("DTSTART"), "missing");
        return None;
    };
    let start = time_of(ctx, start_prop)?;

    // The length of one occurrence.
    let all_day = matches!(start, IcsTime::Date(_));
    let length = if let Some(end_prop) = event.get("DTEND") {
        let end = time_of(ctx, end_prop)?;
        if matches!(end, IcsTime::Date(_)) != all_day {
            ctx.reject(
                Some(end_prop.line),
                Some("DTEND"),
                "must be a date when DTSTART is a date, a date and time otherwise",
            );
            return None;
        }
        if all_day {
            (end.date().days_since_epoch() - start.date().days_since_epoch()) * 86_400
        } else {
            end.unix() - start.unix()
        }
    } else if let Some(duration) = event.get("DURATION") {
        match parse_duration(&duration.value) {
            Some(seconds) => seconds,
            None => {
                ctx.reject(
                    Some(duration.line),
                    Some("DURATION"),
                    format!("'{}' is not a duration like PT1H30M", duration.value),
                );
                return None;
            }
        }
    } else if all_day {
        86_400
    } else {
        0
    };
    if length < 0 {
        ctx.reject(event.line_of("DTEND"), Some("DTEND"), "before DTSTART");
        return None;
    }

    // The dates.
    let mut starts: Vec<IcsTime> = vec![start];
    if let Some(rule_prop) = event.get("RRULE") {
        let parse_until = |value: &str| -> Option<Until> {
            match IcsTime::parse(value, &[]).ok()? {
                IcsTime::Date(d) => Some(Until::Date(d)),
                other => Some(Until::Instant(other.unix())),
            }
        };
        let rule = match Rule::parse(&rule_prop.value, parse_until) {
            Ok(rule) => rule,
            Err(e) => {
                ctx.reject(
                    Some(rule_prop.line),
                    Some("RRULE"),
                    format!("{e}; event not imported"),
                );
                return None;
            }
        };
        let until = match rule.until {
            Some(Until::Instant(i)) => i,
            _ => i64::MAX,
        };
        let expansion = expand(start.date(), &rule, |d| start.on(d).unix() <= until);
        if expansion.capped {
            ctx.warn(
                Some(rule_prop.line),
                Some("RRULE"),
                format!(
                    "more than {} dates; only the first {} are imported",
                    crate::recur::MAX_OCCURRENCES,
                    crate::recur::MAX_OCCURRENCES
                ),
            );
        }
        starts = expansion.dates.into_iter().map(|d| start.on(d)).collect();
    }
    for prop in event.all("RDATE") {
        for value in prop.value.split(',') {
            match IcsTime::parse(value, &prop.params) {
                Ok(t) if matches!(t, IcsTime::Date(_)) == all_day => starts.push(t),
                Ok(_) => ctx.warn(
                    Some(prop.line),
                    Some("RDATE"),
                    format!("'{value}' is not of DTSTART's kind; left out"),
                ),
                Err(e) => ctx.warn(Some(prop.line), Some("RDATE"), format!("{e}; left out")),
            }
        }
    }
    for prop in event.all("EXDATE") {
        for value in prop.value.split(',') {
            let removed = match IcsTime::parse(value, &prop.params) {
                Ok(IcsTime::Date(d)) => {
                    let before = starts.len();
                    starts.retain(|s| {
                        s.date() != d && Timestamp::with_berlin_offset(s.unix()).berlin().date != d
                    });
                    before != starts.len()
                }
                Ok(t) => {
                    let before = starts.len();
                    starts.retain(|s| s.unix() != t.unix());
                    before != starts.len()
                }
                Err(e) => {
                    ctx.warn(Some(prop.line), Some("EXDATE"), format!("{e}; left out"));
                    continue;
                }
            };
            if !removed {
                ctx.warn(
                    Some(prop.line),
                    Some("EXDATE"),
                    format!("'{}' is not a date of this event", value.trim()),
                );
            }
        }
    }

    let session = |t: IcsTime| -> Session {
        match t {
            IcsTime::Date(d) => {
                let days = (length / 86_400).max(1);
                Session {
                    start_date: When::Day(d),
                    end_date: When::Day(d.add_days(days - 1)),
                }
            }
            other => Session {
                start_date: when(other),
                end_date: When::Time(Timestamp::with_berlin_offset(other.unix() + length)),
            },
        }
    };
    let mut sessions: Vec<Session> = starts.iter().map(|t| session(*t)).collect();

    // Changed or cancelled single dates.
    for change in overrides {
        let Some(rid) = change.get("RECURRENCE-ID") else {
            continue;
        };
        let Ok(original) = IcsTime::parse(&rid.value, &rid.params) else {
            ctx.warn(
                Some(rid.line),
                Some("RECURRENCE-ID"),
                format!("'{}' is not a date; change ignored", rid.value),
            );
            continue;
        };
        let Some(index) = starts.iter().position(|s| s.unix() == original.unix()) else {
            ctx.warn(
                Some(rid.line),
                Some("RECURRENCE-ID"),
                format!(
                    "'{}' is not a date of the series; change ignored",
                    rid.value
                ),
            );
            continue;
        };
        if change.text("STATUS").eq_ignore_ascii_case("CANCELLED") {
            starts.remove(index);
            sessions.remove(index);
            continue;
        }
        let new_start = change
            .get("DTSTART")
            .and_then(|p| IcsTime::parse(&p.value, &p.params).ok())
            .unwrap_or(original);
        let new_length = match (change.get("DTEND"), change.get("DURATION")) {
            (Some(end), _) => IcsTime::parse(&end.value, &end.params)
                .map(|e| match e {
                    IcsTime::Date(d) => {
                        (d.days_since_epoch() - new_start.date().days_since_epoch()) * 86_400
                    }
                    other => other.unix() - new_start.unix(),
                })
                .unwrap_or(length),
            (None, Some(d)) => parse_duration(&d.value).unwrap_or(length),
            (None, None) => length,
        };
        sessions[index] = match new_start {
            IcsTime::Date(d) => Session {
                start_date: When::Day(d),
                end_date: When::Day(d.add_days((new_length / 86_400).max(1) - 1)),
            },
            other => Session {
                start_date: when(other),
                end_date: When::Time(Timestamp::with_berlin_offset(
                    other.unix() + new_length.max(0),
                )),
            },
        };
    }
    tidy_sessions(&mut sessions);
    if sessions.is_empty() {
        ctx.reject(
            event.line_of("EXDATE"),
            Some("EXDATE"),
            "removes every date of the event",
        );
        return None;
    }

    let uid = event.text("UID");
    let id = if uid.is_empty() {
        format!(
            "{}-{}",
            crate::text::slugify(&summary),
            lernort_catalogue::IsoDate(start.date())
        )
    } else {
        uid
    };
    let mut course = ctx.course(&id, &summary);
    course.sessions = sessions;
    course.description = plain_description(&event.text("DESCRIPTION"));

    let location = event.text("LOCATION");
    let conference = event.get("CONFERENCE").is_some();
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
        ctx.warn(Some(event.line), None, format!("price {warning}"));
    }

    let mut labels = Vec::new();
    for prop in event.all("CATEGORIES") {
        labels.extend(split_list(&prop.value));
    }
    let line = event.get("CATEGORIES").map(|p| p.line);
    ctx.apply_labels(&mut course, &labels, line, "CATEGORIES");
    apply_target_group(&mut course, "");

    if let Some(lang) = event.get("SUMMARY").and_then(|p| p.param("LANGUAGE")) {
        if let Some(code) = language_code(lang) {
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
    if event.text("STATUS").eq_ignore_ascii_case("CANCELLED") {
        course.availability = Availability::Cancelled;
    }
    Some(course)
}
