//! iCalendar (RFC 5545) reading for the course import (`lernort-import`) and the
//! co-working bookings (`lernort-coworking`), on a well-kept library: calcard (Stalwart
//! Labs) parses, resolves zones (IANA, Windows names, `VTIMEZONE`s naming one) with the
//! chrono-tz zone database, and expands every `RRULE` part, `RDATE` (also periods),
//! `EXDATE` and `RECURRENCE-ID`. On top, here:
//!
//! * [`Calendar::read`]: lines unfolded as bytes before decoding (RFC 5545 §3.1), UTF-8 or
//!   Windows-1252, and every component's line numbers kept for messages;
//! * [`Event`]: a `VEVENT` with its changed single dates (by `UID`), its texts, and
//!   [`Event::occurrences`] as [`Time`]s (dates, instants, floating wall-clock times);
//! * [`schedule`]: schema.org schedules written as `RRULE`s and expanded the same way;
//! * [`parse_duration`]: ISO 8601 durations as schema.org uses them.
//!
//! What a component *means* (a course, a booking) is up to the caller. Native only: the
//! wasm app never reads calendars. `lernort-ical-occurrences` prints every occurrence of
//! calendars in a window, for `scripts/ical-corpus` (docs/catalogue-import.md).

#![warn(missing_docs)]

mod calendar;
mod definitions;
mod lines;
pub mod schedule;

use std::fmt;

pub use calendar::{Calendar, Event, Occurrence, Occurrences, Time};
pub use lines::unfold_bytes;

/// Something in a calendar that cannot be read as written. `Display` is one line:
/// `line 12: DTSTART: …`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Problem {
    /// The line (from 1), when known.
    pub line: Option<usize>,
    /// The property, when one is to blame.
    pub property: Option<String>,
    /// What is wrong, in words.
    pub message: String,
    /// The `TZID` this is about, when it names no zone known here: the caller can say
    /// how to name it in its config ([`Calendar::name_zones`]).
    pub unknown_zone: Option<String>,
}

/// Whether `name` is an IANA zone name (as `Calendar::name_zones` needs them).
///
/// ```
/// assert!(lernort_ical::is_zone_name("Europe/Berlin"));
/// assert!(!lernort_ical::is_zone_name("Mitteleuropa"));
/// ```
pub fn is_zone_name(name: &str) -> bool {
    name.parse::<chrono_tz::Tz>().is_ok()
}

impl fmt::Display for Problem {
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

impl std::error::Error for Problem {}

/// Parses an ISO 8601 / RFC 5545 duration: `PT1H30M`, `P1D`, `P2W`, `P1DT2H`. Seconds.
///
/// ```
/// use lernort_ical::parse_duration;
/// assert_eq!(parse_duration("PT1H30M"), Some(5_400));
/// assert_eq!(parse_duration("P1D"), Some(86_400));
/// assert_eq!(parse_duration("1 hour"), None);
/// ```
pub fn parse_duration(text: &str) -> Option<i64> {
    let rest = text.trim().strip_prefix('+').unwrap_or(text.trim());
    let rest = rest.strip_prefix('P')?;
    let mut total = 0i64;
    let mut number = String::new();
    let mut in_time = false;
    let mut any = false;
    for c in rest.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' => number.push(c),
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                total += n * match (unit, in_time) {
                    ('W', false) => 7 * 86_400,
                    ('D', false) => 86_400,
                    ('H', true) => 3_600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return None,
                };
                any = true;
            }
        }
    }
    (any && number.is_empty()).then_some(total)
}
