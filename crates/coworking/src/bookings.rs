//! A space's bookings from an iCalendar file (RFC 5545) as booking systems export them.
//!
//! Read with `lernort-ical` (calcard; shared with the course import): any zone, every
//! `RRULE` part, `RDATE`, `EXDATE`, `RECURRENCE-ID` (a moved or cancelled single date),
//! `STATUS:CANCELLED` and `TRANSP:TRANSPARENT` (left out). Only time ranges are kept: not
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

use lernort_time::to_berlin;

use crate::status::Booking;

/// Why a calendar or one of its events cannot be read: a line, a property and what is
/// wrong (`line 12: DTSTART: …`).
pub type IcsError = lernort_ical::Problem;

/// How many dates of one booking's rule are counted from its start: a weekly booking over
/// 2,000 years, a daily one over 270; a rule every minute reaches about 70 days.
const LIMIT: usize = 100_000;

/// The bookings of one calendar: time ranges, nothing else.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Calendar {
    /// Every booking, earliest first (not merged).
    bookings: Vec<Booking>,
    skipped: Vec<IcsError>,
    warnings: Vec<IcsError>,
}

impl Calendar {
    /// Reads a calendar. An error is a file that is not a calendar at all. An event that
    /// cannot be understood is left out and listed in [`Calendar::skipped`]: one bad
    /// booking never hides every other one, and the message says which was lost (so that
    /// nobody trusts a room shown free without looking).
    pub fn parse(text: &str) -> Result<Calendar, IcsError> {
        Calendar::from_bytes(text.as_bytes())
    }

    /// [`Calendar::parse`] for a file as it is stored: lines are unfolded as bytes before
    /// they are decoded (a fold may split a UTF-8 character; RFC 5545 §3.1).
    pub fn from_bytes(bytes: &[u8]) -> Result<Calendar, IcsError> {
        let calendar = lernort_ical::Calendar::read(bytes)?;
        let mut bookings = Vec::new();
        let mut skipped = Vec::new();
        let mut warnings = Vec::new();
        for event in calendar.events() {
            let free = event.text("TRANSP").eq_ignore_ascii_case("TRANSPARENT");
            if event.cancelled() || free {
                continue;
            }
            let occurrences = match event.occurrences(LIMIT) {
                Ok(o) => o,
                Err(problem) => {
                    skipped.push(problem);
                    continue;
                }
            };
            warnings.extend(occurrences.problems);
            if occurrences.capped {
                let last = occurrences
                    .list
                    .last()
                    .map(|o| to_berlin(o.start.unix()).date);
                warnings.push(IcsError {
                    line: event.line_of("RRULE"),
                    property: Some("RRULE".to_string()),
                    message: format!(
                        "gives more than {LIMIT} dates; bookings after {} are not counted",
                        last.map_or_else(String::new, |d| d.to_string())
                    ),
                    unknown_zone: None,
                });
            }
            bookings.extend(
                occurrences
                    .list
                    .iter()
                    .filter(|o| !o.cancelled)
                    .map(|o| Booking {
                        start: o.start.unix(),
                        end: o.end.unix(),
                    })
                    .filter(|b| b.end > b.start),
            );
        }
        bookings.sort_by_key(|b| (b.start, b.end));
        Ok(Calendar {
            bookings,
            skipped,
            warnings,
        })
    }

    /// The events left out because they could not be understood, each with its line.
    pub fn skipped(&self) -> &[IcsError] {
        &self.skipped
    }

    /// What was read differently from how it is written (an unknown zone read as Berlin
    /// time, a rule cut off), each with its line.
    pub fn warnings(&self) -> &[IcsError] {
        &self.warnings
    }

    /// The bookings that overlap `from..to` (Unix seconds), whole (not cut), earliest
    /// first; overlapping ones are merged.
    pub fn between(&self, from: i64, to: i64) -> Vec<Booking> {
        // Sorted by start: everything from `to` on starts too late.
        let end = self.bookings.partition_point(|b| b.start < to);
        merge(
            self.bookings[..end]
                .iter()
                .filter(|b| b.end > from)
                .copied()
                .collect(),
        )
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

    /// The bookings of `cal` on day `d` of November 2026, in Berlin.
    fn in_november(cal: &Calendar, d: u8) -> Vec<Booking> {
        let date = Date::new(2026, 11, d).unwrap();
        let midnight = TimeOfDay { hour: 0, minute: 0 };
        cal.between(
            from_berlin(date, midnight),
            from_berlin(date.add_days(1), midnight),
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
        let hours = |d, from, to| Booking {
            start: at(2026, 11, d, from, 0),
            end: at(2026, 11, d, to, 0),
        };
        for (d, expected) in [
            // Monday: moved to 13:00; b is cancelled.
            (23, vec![hours(23, 13, 14)]),
            // Wednesday: excluded.
            (25, vec![]),
            (30, vec![hours(30, 10, 12)]),
        ] {
            assert_eq!(in_november(&cal, d), expected, "2026-11-{d}");
        }
    }

    #[test]
    fn count_until_and_whole_days() {
        let cal = calendar(
            "BEGIN:VEVENT\r\nDTSTART:20261102T090000\r\nDURATION:PT30M\r\nRRULE:FREQ=DAILY;COUNT=3\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261110\r\nDTEND;VALUE=DATE:20261112\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nDTSTART:20261102T150000Z\r\nDTEND:20261102T160000Z\r\nRRULE:FREQ=WEEKLY;UNTIL=20261109T150000Z\r\nEND:VEVENT\r\n",
        );
        for (d, count) in [(4, 1), (5, 0), (9, 1), (16, 0)] {
            assert_eq!(in_november(&cal, d).len(), count, "2026-11-{d}");
        }
        assert_eq!(
            in_november(&cal, 11),
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
             BEGIN:VEVENT\r\nDTSTART:20261102T090000\r\nRRULE:FREQ=SOMETIMES\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Berlin:20261102T090000\r\nDURATION:PT1H\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        )
        .unwrap();
        let skipped: Vec<String> = cal.skipped().iter().map(ToString::to_string).collect();
        assert_eq!(
            skipped,
            [
                "line 3: DTSTART: '2026-11-02' is not a date (20270309) or date and time (20270309T180000) that exists in its zone",
                "line 7: RRULE: 'FREQ=SOMETIMES' is not a recurrence rule like FREQ=WEEKLY;BYDAY=TU",
            ]
        );
        // Monday 2.11.2026, 09:00–10:00 in Berlin: the good event is still a booking.
        let day = (1_793_574_000, 1_793_660_400);
        assert_eq!(cal.between(day.0, day.1).len(), 1);
        // A file that is not a calendar at all is still an error.
        let e = Calendar::parse("BEGIN:VCARD\r\nFN:Anna\r\nEND:VCARD\r\n").unwrap_err();
        assert!(e.to_string().contains("not an iCalendar file"), "{e}");
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
