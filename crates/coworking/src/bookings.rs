//! A space's bookings from an iCalendar file (RFC 5545) as booking systems export them.
//!
//! Read, with `lernort-ical`'s parser (shared with the course import): every `VEVENT`'s
//! `DTSTART` and `DTEND` or `DURATION` (dates for whole days, UTC, `TZID=Europe/Berlin`,
//! floating times as Berlin time), `RRULE` (`DAILY`/`WEEKLY`/`MONTHLY` with `INTERVAL`,
//! `COUNT`, `UNTIL`, `BYDAY`, …), `RDATE`, `EXDATE`, `RECURRENCE-ID` (a moved or cancelled
//! single occurrence) and `STATUS:CANCELLED` (left out). Nothing else is kept: not
//! `SUMMARY`, `ORGANIZER`, `ATTENDEE` or any other text — a booking is a time range.
//!
//! ```
//! use lernort_coworking::bookings::Calendar;
//! let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Team Müller\r\n\
//!            DTSTART;TZID=Europe/Berlin:20261123T100000\r\nDTEND;TZID=Europe/Berlin:20261123T120000\r\n\
//!            RRULE:FREQ=WEEKLY;BYDAY=MO,TU\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
//! let calendar = Calendar::parse(ics).unwrap();
//! // Tuesday 24.11.2026, 10:00–12:00 Berlin = 09:00–11:00 UTC.
//! let day = (1_795_474_800, 1_795_561_200);
//! let found = calendar.between(day.0, day.1);
//! assert_eq!(found.len(), 1);
//! assert_eq!((found[0].start, found[0].end), (1_795_510_800, 1_795_518_000));
//! ```

use std::collections::{HashMap, HashSet};
use std::fmt;

use lernort_ical::recur::{between, Rule, Until};
use lernort_ical::{parse_duration, parse_property, unfold_bytes, IcsTime, Property};
use lernort_time::to_berlin;

use crate::status::Booking;

/// The bookings of one calendar: series of time ranges, nothing else.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Calendar {
    series: Vec<Series>,
    skipped: Vec<IcsError>,
}

/// One event: a first occurrence, its length and how it repeats.
#[derive(Clone, Debug, PartialEq)]
struct Series {
    start: IcsTime,
    /// Seconds (for whole days: whole days in seconds).
    length: i64,
    rule: Option<Rule>,
    extra: Vec<IcsTime>,
    /// Start instants of occurrences left out (EXDATE, RECURRENCE-ID).
    excluded: HashSet<i64>,
    /// Dates left out (EXDATE;VALUE=DATE).
    excluded_dates: HashSet<lernort_time::Date>,
}

/// Why a calendar cannot be read. `Display` is one line: `line 12: DTSTART: …`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IcsError {
    /// The line (from 1), when known.
    pub line: Option<usize>,
    /// The property, when one is to blame.
    pub property: Option<String>,
    /// The problem.
    pub message: String,
}

impl fmt::Display for IcsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        if let Some(property) = &self.property {
            write!(f, "{property}: ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for IcsError {}

fn error(prop: Option<&Property>, line: Option<usize>, message: impl Into<String>) -> IcsError {
    IcsError {
        line: prop.map(|p| p.line).or(line),
        property: prop.map(|p| p.name.clone()),
        message: message.into(),
    }
}

/// The properties kept of a VEVENT; everything else (names, notes) is dropped at once.
const KEPT: [&str; 10] = [
    "UID",
    "DTSTART",
    "DTEND",
    "DURATION",
    "RRULE",
    "RDATE",
    "EXDATE",
    "RECURRENCE-ID",
    "STATUS",
    "TRANSP",
];

impl Calendar {
    /// Reads a calendar. An error (naming the line) is a file that is not a calendar at
    /// all. An event that cannot be understood is left out and listed in
    /// [`Calendar::skipped`]: one bad booking never hides every other one, and the message
    /// says which was lost (so that nobody trusts a room shown free without looking).
    pub fn parse(text: &str) -> Result<Calendar, IcsError> {
        Calendar::from_bytes(text.as_bytes())
    }

    /// [`Calendar::parse`] for a file as it is stored: lines are unfolded as bytes before
    /// they are decoded (a fold may split a UTF-8 character; RFC 5545 §3.1).
    pub fn from_bytes(bytes: &[u8]) -> Result<Calendar, IcsError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut events: Vec<(usize, Vec<Property>)> = Vec::new();
        let mut stack: Vec<String> = Vec::new();
        let mut current: Option<(usize, Vec<Property>)> = None;
        for (number, line) in unfold_bytes(bytes) {
            let line = String::from_utf8_lossy(&line);
            let prop = parse_property(&line, number)
                .ok_or_else(|| error(None, Some(number), "not a content line NAME:VALUE"))?;
            match prop.name.as_str() {
                "BEGIN" => {
                    let component = prop.value.trim().to_ascii_uppercase();
                    if component == "VEVENT" {
                        current = Some((number, Vec::new()));
                    }
                    stack.push(component);
                }
                "END" => {
                    let component = prop.value.trim().to_ascii_uppercase();
                    if stack.pop().as_deref() != Some(component.as_str()) {
                        return Err(error(
                            Some(&prop),
                            None,
                            format!("END:{component} closes nothing open"),
                        ));
                    }
                    if component == "VEVENT" {
                        events.extend(current.take());
                    }
                }
                name if stack.last().is_some_and(|c| c == "VEVENT") && KEPT.contains(&name) => {
                    if let Some((_, props)) = current.as_mut() {
                        props.push(prop);
                    }
                }
                _ => {}
            }
        }
        if !stack.is_empty() || current.is_some() {
            return Err(error(
                None,
                None,
                format!(
                    "BEGIN:{} is never closed",
                    stack.last().map_or("VEVENT", String::as_str)
                ),
            ));
        }

        // Single occurrences moved or cancelled: left out of their series; a moved one
        // is an event of its own.
        let mut skipped = Vec::new();
        let mut replaced: HashMap<String, HashSet<i64>> = HashMap::new();
        for (_, props) in &events {
            let get = |n: &str| props.iter().find(|p| p.name == n);
            if let (Some(rid), Some(uid)) = (get("RECURRENCE-ID"), get("UID")) {
                // A broken one is skipped below, with the event it belongs to.
                if let Ok(at) = IcsTime::parse(&rid.value, &rid.params) {
                    replaced
                        .entry(uid.value.trim().to_string())
                        .or_default()
                        .insert(at.unix());
                }
            }
        }
        let mut series = Vec::new();
        for (line, props) in &events {
            let get = |n: &str| props.iter().find(|p| p.name == n);
            let cancelled =
                get("STATUS").is_some_and(|s| s.value.trim().eq_ignore_ascii_case("CANCELLED"));
            let free =
                get("TRANSP").is_some_and(|s| s.value.trim().eq_ignore_ascii_case("TRANSPARENT"));
            if cancelled || free {
                continue;
            }
            let recurrence_id = get("RECURRENCE-ID").map(|rid| {
                IcsTime::parse(&rid.value, &rid.params).map_err(|e| error(Some(rid), None, e))
            });
            let mut one = match (read_event(props, *line), recurrence_id) {
                (Ok(one), None | Some(Ok(_))) => one,
                (Err(error), _) | (_, Some(Err(error))) => {
                    skipped.push(error);
                    continue;
                }
            };
            if get("RECURRENCE-ID").is_some() {
                one.rule = None;
            } else if let Some(uid) = get("UID") {
                if let Some(instants) = replaced.get(uid.value.trim()) {
                    one.excluded.extend(instants);
                }
            }
            series.push(one);
        }
        Ok(Calendar { series, skipped })
    }

    /// The events left out because they could not be understood, each with its line.
    pub fn skipped(&self) -> &[IcsError] {
        &self.skipped
    }

    /// The bookings that overlap `from..to` (Unix seconds), whole (not cut), earliest
    /// first; overlapping ones are merged.
    pub fn between(&self, from: i64, to: i64) -> Vec<Booking> {
        let mut found = Vec::new();
        let first_day = to_berlin(from).date;
        let last_day = to_berlin(to).date;
        for s in &self.series {
            let days_long = s.length.div_euclid(86_400) + 1;
            let window_start = first_day.add_days(-days_long);
            let mut starts: Vec<IcsTime> = match &s.rule {
                None => vec![s.start],
                Some(rule) => {
                    let until = match rule.until {
                        Some(Until::Instant(i)) => i,
                        _ => i64::MAX,
                    };
                    between(
                        s.start.date(),
                        rule,
                        |d| s.start.on(d).unix() <= until,
                        window_start,
                        last_day,
                    )
                    .into_iter()
                    .map(|d| s.start.on(d))
                    .collect()
                }
            };
            starts.extend(s.extra.iter().copied());
            for start in starts {
                if s.excluded.contains(&start.unix()) || s.excluded_dates.contains(&start.date()) {
                    continue;
                }
                let begin = start.unix();
                let end = match start {
                    IcsTime::Date(d) => IcsTime::Date(d.add_days(s.length / 86_400)).unix(),
                    _ => begin + s.length,
                };
                if begin < to && end > from && end > begin {
                    found.push(Booking { start: begin, end });
                }
            }
        }
        merge(found)
    }
}

/// Sorts bookings and merges overlapping ones.
///
/// ```
/// use lernort_coworking::bookings::merge;
/// use lernort_coworking::Booking;
/// let b = |start, end| Booking { start, end };
/// assert_eq!(merge(vec![b(50, 60), b(0, 20), b(10, 30), b(30, 40)]), [b(0, 30), b(30, 40), b(50, 60)]);
/// ```
pub fn merge(mut bookings: Vec<Booking>) -> Vec<Booking> {
    bookings.sort_by_key(|b| (b.start, b.end));
    let mut merged: Vec<Booking> = Vec::with_capacity(bookings.len());
    for b in bookings {
        match merged.last_mut() {
            Some(last) if b.start < last.end => last.end = last.end.max(b.end),
            _ => merged.push(b),
        }
    }
    merged
}

fn read_event(props: &[Property], line: usize) -> Result<Series, IcsError> {
    let get = |n: &str| props.iter().find(|p| p.name == n);
    let start_prop =
        get("DTSTART").ok_or_else(|| error(None, Some(line), "VEVENT without DTSTART"))?;
    let start = IcsTime::parse(&start_prop.value, &start_prop.params)
        .map_err(|e| error(Some(start_prop), None, e))?;
    let all_day = matches!(start, IcsTime::Date(_));
    let length = if let Some(end_prop) = get("DTEND") {
        let end = IcsTime::parse(&end_prop.value, &end_prop.params)
            .map_err(|e| error(Some(end_prop), None, e))?;
        if matches!(end, IcsTime::Date(_)) != all_day {
            return Err(error(
                Some(end_prop),
                None,
                "must be a date when DTSTART is a date, a date and time otherwise",
            ));
        }
        if all_day {
            (end.date().days_since_epoch() - start.date().days_since_epoch()) * 86_400
        } else {
            end.unix() - start.unix()
        }
    } else if let Some(duration) = get("DURATION") {
        parse_duration(&duration.value).ok_or_else(|| {
            error(
                Some(duration),
                None,
                format!("'{}' is not a duration like PT1H30M", duration.value),
            )
        })?
    } else if all_day {
        86_400
    } else {
        0
    };
    if length < 0 {
        return Err(error(get("DTEND"), Some(line), "ends before DTSTART"));
    }
    let rule = match get("RRULE") {
        Some(p) => {
            let parse_until = |value: &str| -> Option<Until> {
                match IcsTime::parse(value, &[]).ok()? {
                    IcsTime::Date(d) => Some(Until::Date(d)),
                    other => Some(Until::Instant(other.unix())),
                }
            };
            Some(Rule::parse(&p.value, parse_until).map_err(|e| error(Some(p), None, e))?)
        }
        None => None,
    };
    let mut extra = Vec::new();
    let mut excluded = HashSet::new();
    let mut excluded_dates = HashSet::new();
    for p in props
        .iter()
        .filter(|p| p.name == "RDATE" || p.name == "EXDATE")
    {
        for value in p.value.split(',') {
            let t = IcsTime::parse(value, &p.params).map_err(|e| error(Some(p), None, e))?;
            match (p.name.as_str(), t) {
                ("RDATE", t) => extra.push(t),
                (_, IcsTime::Date(d)) => {
                    excluded_dates.insert(d);
                }
                (_, t) => {
                    excluded.insert(t.unix());
                }
            }
        }
    }
    Ok(Series {
        start,
        length,
        rule,
        extra,
        excluded,
        excluded_dates,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use lernort_time::from_berlin;
    use lernort_time::{Date, TimeOfDay};

    fn at(y: i32, m: u8, d: u8, hour: u8, minute: u8) -> i64 {
        from_berlin(Date::new(y, m, d).unwrap(), TimeOfDay { hour, minute })
    }

    fn calendar(events: &str) -> Calendar {
        Calendar::parse(&format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{events}END:VCALENDAR\r\n"
        ))
        .unwrap()
    }

    fn day(y: i32, m: u8, d: u8) -> (i64, i64) {
        (
            at(y, m, d, 0, 0),
            from_berlin(
                Date::new(y, m, d).unwrap().add_days(1),
                TimeOfDay { hour: 0, minute: 0 },
            ),
        )
    }

    #[test]
    fn weekly_with_exdate_and_cancelled_and_moved() {
        let cal = calendar(
            "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;TZID=Europe/Berlin:20260105T100000\r\n\
             DTEND;TZID=Europe/Berlin:20260105T120000\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE\r\n\
             EXDATE;TZID=Europe/Berlin:20261125T100000\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:a\r\nRECURRENCE-ID;TZID=Europe/Berlin:20261123T100000\r\n\
             DTSTART;TZID=Europe/Berlin:20261123T130000\r\nDTEND;TZID=Europe/Berlin:20261123T140000\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:b\r\nSTATUS:CANCELLED\r\nDTSTART:20261123T080000Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\n",
        );
        let (from, to) = day(2026, 11, 23);
        assert_eq!(
            cal.between(from, to),
            [Booking {
                start: at(2026, 11, 23, 13, 0),
                end: at(2026, 11, 23, 14, 0)
            }]
        );
        let (from, to) = day(2026, 11, 25);
        assert!(cal.between(from, to).is_empty());
        let (from, to) = day(2026, 11, 30);
        assert_eq!(
            cal.between(from, to),
            [Booking {
                start: at(2026, 11, 30, 10, 0),
                end: at(2026, 11, 30, 12, 0)
            }]
        );
    }

    #[test]
    fn count_until_and_whole_days() {
        let cal = calendar(
            "BEGIN:VEVENT\r\nDTSTART:20261102T090000\r\nDURATION:PT30M\r\nRRULE:FREQ=DAILY;COUNT=3\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261110\r\nDTEND;VALUE=DATE:20261112\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nDTSTART:20261102T150000Z\r\nDTEND:20261102T160000Z\r\nRRULE:FREQ=WEEKLY;UNTIL=20261109T150000Z\r\nEND:VEVENT\r\n",
        );
        assert_eq!(cal.between(day(2026, 11, 4).0, day(2026, 11, 4).1).len(), 1);
        assert_eq!(cal.between(day(2026, 11, 5).0, day(2026, 11, 5).1).len(), 0);
        assert_eq!(cal.between(day(2026, 11, 9).0, day(2026, 11, 9).1).len(), 1);
        assert_eq!(
            cal.between(day(2026, 11, 16).0, day(2026, 11, 16).1).len(),
            0
        );
        let whole = cal.between(day(2026, 11, 11).0, day(2026, 11, 11).1);
        assert_eq!(
            whole,
            [Booking {
                start: at(2026, 11, 10, 0, 0),
                end: at(2026, 11, 12, 0, 0)
            }]
        );
    }

    #[test]
    fn a_bad_event_is_left_out_naming_its_line_and_the_rest_counts() {
        let cal = Calendar::parse(
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:2026-11-02\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nDTSTART:20261102T090000\r\nRRULE:FREQ=YEARLY\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:r\r\nRECURRENCE-ID:gestern\r\nDTSTART:20261102T090000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Berlin:20261102T090000\r\nDURATION:PT1H\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        )
        .unwrap();
        let skipped: Vec<String> = cal.skipped().iter().map(ToString::to_string).collect();
        assert_eq!(skipped.len(), 3, "{skipped:?}");
        assert!(skipped[0].starts_with("line 3: DTSTART: "), "{skipped:?}");
        assert!(
            skipped[1].starts_with("line 7: RRULE: FREQ=YEARLY"),
            "{skipped:?}"
        );
        assert!(
            skipped[2].starts_with("line 11: RECURRENCE-ID: "),
            "{skipped:?}"
        );
        // Monday 2.11.2026, 09:00–10:00 in Berlin: the good event is still a booking.
        let day = (1_793_574_000, 1_793_660_400);
        assert_eq!(cal.between(day.0, day.1).len(), 1);
        // A file that is not a calendar at all is still an error.
        let e = Calendar::parse("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20261102T090000\r\n")
            .unwrap_err();
        assert!(e.to_string().contains("never closed"), "{e}");
    }

    #[test]
    fn a_fold_inside_a_utf8_character_does_not_break_the_file() {
        // "Müller" folded between the two bytes of "ü" (RFC 5545 §3.1 allows it): not valid
        // UTF-8 until unfolded, so reading the file as text (as before) failed.
        let bytes = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Team M\xC3\r\n \xBCller\r\n\
                      DTSTART;TZID=Europe/Berlin:20261102T090000\r\nDURATION:PT1H\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let cal = Calendar::from_bytes(bytes).unwrap();
        assert_eq!(cal.between(1_793_574_000, 1_793_660_400).len(), 1);
        assert!(cal.skipped().is_empty());
    }

    #[test]
    fn no_personal_data_is_kept() {
        let cal = calendar(
            "BEGIN:VEVENT\r\nSUMMARY:Frau Schmidt\r\nORGANIZER;CN=Anna Schmidt:mailto:anna@example.org\r\n\
             ATTENDEE;CN=Ben:mailto:ben@example.org\r\nDESCRIPTION:Tel. 0170 1234567\r\n\
             DTSTART:20261102T090000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n",
        );
        let shown = format!("{cal:?}");
        for secret in ["Schmidt", "anna", "Ben", "0170"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
    }
}
