//! Civil dates and times in Europe/Berlin.
//!
//! Why not a time-zone database: every KiB of wasm is paid by every visitor, and the
//! centres this app serves are all in Germany. Since 1996 Germany follows the EU rule —
//! summer time (UTC+2) from the last Sunday of March, 01:00 UTC, to the last Sunday of
//! October, 01:00 UTC; UTC+1 otherwise — which [`berlin_offset_seconds`] implements.
//!
//! ```
//! use lernort_time::{to_berlin, Weekday};
//! // 2026-11-21 12:00 UTC is 13:00 in Soest (winter time).
//! let local = to_berlin(1_795_262_400);
//! assert_eq!(local.to_string(), "21.11.2026 13:00");
//! assert_eq!(local.date.weekday(), Weekday::Sat);
//! ```
//!
//! "Now" is not read here but in [`clock`] (native programs only): the app takes it from
//! the browser, the tools and the gateway from the system clock or, in tests and
//! benchmarks, from `LERNORT_NOW`.

#[cfg(not(target_arch = "wasm32"))]
pub mod clock;

use std::fmt;

use serde::{Deserialize, Serialize};

const SECONDS_PER_DAY: i64 = 86_400;

/// A day of the week, Monday first as in German calendars.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    lernort_json::Read,
)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    /// Montag
    Mon,
    /// Dienstag
    Tue,
    /// Mittwoch
    Wed,
    /// Donnerstag
    Thu,
    /// Freitag
    Fri,
    /// Samstag
    Sat,
    /// Sonntag
    Sun,
}

impl Weekday {
    /// All days, Monday first.
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// 0 for Monday … 6 for Sunday.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The day after this one.
    ///
    /// ```
    /// use lernort_time::Weekday;
    /// assert_eq!(Weekday::Sun.next(), Weekday::Mon);
    /// ```
    pub fn next(self) -> Weekday {
        Weekday::ALL[(self.index() + 1) % 7]
    }
}

/// A calendar date (proleptic Gregorian).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2026.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
}

impl Date {
    /// Makes a date, or `None` when the day does not exist.
    ///
    /// ```
    /// use lernort_time::Date;
    /// assert!(Date::new(2028, 2, 29).is_some());
    /// assert!(Date::new(2026, 2, 29).is_none());
    /// ```
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        (1..=12).contains(&month).then_some(())?;
        (day >= 1 && day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The day of the week.
    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday (index 3).
        Weekday::ALL[(self.days_since_epoch() + 3).rem_euclid(7) as usize]
    }

    /// The date `n` days later (or earlier, for negative `n`).
    pub fn add_days(self, n: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + n)
    }
}

impl fmt::Display for Date {
    /// German short format, `21.11.2026`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}.{:02}.{}", self.day, self.month, self.year)
    }
}

/// A wall-clock time of day, to the minute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay {
    /// Hour, 0–23 (24 only for [`TimeOfDay::END_OF_DAY`]).
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
}

impl TimeOfDay {
    /// Midnight at the end of the day, for opening hours that run "until 24:00".
    pub const END_OF_DAY: TimeOfDay = TimeOfDay {
        hour: 24,
        minute: 0,
    };

    /// Parses `HH:MM` (24-hour clock; `24:00` means the end of the day).
    ///
    /// ```
    /// use lernort_time::TimeOfDay;
    /// assert_eq!(TimeOfDay::parse("08:30"), Some(TimeOfDay { hour: 8, minute: 30 }));
    /// assert_eq!(TimeOfDay::parse("8:30"), None);
    /// assert_eq!(TimeOfDay::parse("24:01"), None);
    /// ```
    pub fn parse(text: &str) -> Option<TimeOfDay> {
        let (h, m) = text.split_once(':')?;
        if h.len() != 2 || m.len() != 2 {
            return None;
        }
        let time = TimeOfDay {
            hour: h.parse().ok()?,
            minute: m.parse().ok()?,
        };
        let valid = (time.hour < 24 && time.minute < 60) || time == TimeOfDay::END_OF_DAY;
        valid.then_some(time)
    }

    /// Minutes since midnight.
    pub fn minutes(self) -> u16 {
        u16::from(self.hour) * 60 + u16::from(self.minute)
    }
}

impl fmt::Display for TimeOfDay {
    /// `08:00`, as German timetables write it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl lernort_json::Read for TimeOfDay {
    fn read(r: &mut lernort_json::Reader<'_>) -> lernort_json::Result<Self> {
        r.parsed(TimeOfDay::parse, "a time of day like \"08:00\"")
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    /// From `"HH:MM"`, as written in the centre config.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        TimeOfDay::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("\"{text}\" is not a time of day like \"08:00\""))
        })
    }
}

/// A date and time on the wall clocks of Europe/Berlin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalDateTime {
    /// The local date.
    pub date: Date,
    /// The local time, to the minute.
    pub time: TimeOfDay,
    /// Seconds, 0–59.
    pub second: u8,
}

impl fmt::Display for LocalDateTime {
    /// `21.11.2026 13:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.date, self.time)
    }
}

/// Whether `year` is a leap year.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in a month of a year.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The last Sunday of a month, as days since the epoch.
fn last_sunday(year: i32, month: u8) -> i64 {
    let last = Date {
        year,
        month,
        day: days_in_month(year, month),
    };
    last.days_since_epoch() - last.weekday().index() as i64 + Weekday::Sun.index() as i64
        - if last.weekday() == Weekday::Sun { 0 } else { 7 }
}

/// Offset of Europe/Berlin from UTC, in seconds, at a Unix time.
///
/// ```
/// use lernort_time::berlin_offset_seconds;
/// // 2026-03-29 00:59:59 UTC: still winter time; one second later summer time.
/// assert_eq!(berlin_offset_seconds(1_774_745_999), 3_600);
/// assert_eq!(berlin_offset_seconds(1_774_746_000), 7_200);
/// ```
pub fn berlin_offset_seconds(unix_seconds: i64) -> i32 {
    let year = Date::from_days_since_epoch(unix_seconds.div_euclid(SECONDS_PER_DAY)).year;
    let start = last_sunday(year, 3) * SECONDS_PER_DAY + 3_600;
    let end = last_sunday(year, 10) * SECONDS_PER_DAY + 3_600;
    if (start..end).contains(&unix_seconds) {
        7_200
    } else {
        3_600
    }
}

/// The wall-clock date and time in Europe/Berlin at a Unix time (seconds).
pub fn to_berlin(unix_seconds: i64) -> LocalDateTime {
    let local = unix_seconds + i64::from(berlin_offset_seconds(unix_seconds));
    let date = Date::from_days_since_epoch(local.div_euclid(SECONDS_PER_DAY));
    let second_of_day = local.rem_euclid(SECONDS_PER_DAY);
    LocalDateTime {
        date,
        time: TimeOfDay {
            hour: (second_of_day / 3_600) as u8,
            minute: (second_of_day % 3_600 / 60) as u8,
        },
        second: (second_of_day % 60) as u8,
    }
}

/// The Unix time (seconds) at which Berlin's wall clocks show `time` on `date`. The one
/// conversion from Berlin wall-clock time that every crate uses, with the rules of RFC 5545
/// (§3.3.5) and of jiff's and chrono-tz's "compatible" choice:
/// - **Times that happen twice** (the last Sunday of October, 02:00–02:59) mean the first,
///   summer-time one.
/// - **Times that do not exist** (the last Sunday of March, 02:00–02:59) are read with the
///   offset before the change: 02:30 becomes 01:30 UTC, which Berlin calls 03:30.
///
/// ```
/// use lernort_time::{from_berlin, to_berlin, Date, TimeOfDay};
/// let at = |y, m, d, hour, minute| from_berlin(Date::new(y, m, d).unwrap(), TimeOfDay { hour, minute });
/// // 2026-11-21 13:00 in Soest (winter time) is 12:00 UTC.
/// assert_eq!(at(2026, 11, 21, 13, 0), 1_795_262_400);
/// // 25.10.2026 02:30 happens twice: the first, 00:30 UTC.
/// assert_eq!(at(2026, 10, 25, 2, 30), 1_792_888_200);
/// // 28.03.2027 02:30 never happens: 01:30 UTC, 03:30 summer time.
/// assert_eq!(to_berlin(at(2027, 3, 28, 2, 30)).to_string(), "28.03.2027 03:30");
/// ```
pub fn from_berlin(date: Date, time: TimeOfDay) -> i64 {
    let local = date.days_since_epoch() * SECONDS_PER_DAY + i64::from(time.minutes()) * 60;
    let summer = local - 7_200;
    if berlin_offset_seconds(summer) == 7_200 {
        summer
    } else {
        local - 3_600
    }
}

/// Parses an instant as the tools take it on the command line and in `LERNORT_NOW`: RFC 3339
/// with an offset or `Z` (seconds and their fraction optional: `2026-11-24T10:30+01:00`), or
/// a date alone, meaning midnight in Berlin. Unix seconds; `None` for anything else.
///
/// ```
/// use lernort_time::parse_instant;
/// assert_eq!(parse_instant("2026-11-21T12:00:00Z"), Some(1_795_262_400));
/// assert_eq!(parse_instant("2026-11-21T13:00:00.250+01:00"), Some(1_795_262_400));
/// assert_eq!(parse_instant("2026-11-21T13:00+01:00"), Some(1_795_262_400));
/// assert_eq!(parse_instant("2026-11-21"), Some(1_795_215_600));
/// assert_eq!(parse_instant("2026-11-21 13:00"), None); // no offset: which zone?
/// assert_eq!(parse_instant("2026-11-21T13:00:60+01:00"), None);
/// assert_eq!(parse_instant("2026-11-21T13:00:00.+01:00"), None);
/// assert_eq!(parse_instant("2026-02-30"), None);
/// assert_eq!(parse_instant("morgen"), None);
/// ```
pub fn parse_instant(text: &str) -> Option<i64> {
    let text = text.trim();
    let date = |d: &str| -> Option<Date> {
        let mut parts = d.split('-');
        let (y, m, day) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || day.len() != 2 {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, day.parse().ok()?)
    };
    let Some((day, rest)) = text.split_once(['T', 't']) else {
        return Some(from_berlin(date(text)?, TimeOfDay { hour: 0, minute: 0 }));
    };
    let day = date(day)?;
    let (time, offset) = match rest.strip_suffix(['Z', 'z']) {
        Some(time) => (time, 0),
        None => {
            let at = rest.rfind(['+', '-'])?;
            let (time, offset) = rest.split_at(at);
            let (h, m) = offset[1..].split_once(':')?;
            let minutes = TimeOfDay::parse(&format!("{h}:{m}"))?.minutes();
            let sign = if offset.starts_with('-') { -1 } else { 1 };
            (time, sign * i64::from(minutes) * 60)
        }
    };
    let (clock, fraction) = time.split_once('.').unwrap_or((time, "0"));
    if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (hm, seconds) = match clock.split_at_checked(5) {
        Some((hm, "")) => (hm, 0),
        Some((hm, s)) if s.len() == 3 && s.bytes().skip(1).all(|b| b.is_ascii_digit()) => {
            (hm, s.strip_prefix(':')?.parse().ok().filter(|s| *s < 60)?)
        }
        _ => return None,
    };
    let time = TimeOfDay::parse(hm).filter(|t| t.hour < 24)?;
    Some(
        day.days_since_epoch() * SECONDS_PER_DAY + i64::from(time.minutes()) * 60 + seconds
            - offset,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_round_trips_over_centuries() {
        for days in (-800_000..800_000).step_by(97) {
            let date = Date::from_days_since_epoch(days);
            assert_eq!(date.days_since_epoch(), days, "{date:?}");
            assert!(Date::new(date.year, date.month, date.day).is_some());
        }
    }

    #[test]
    fn known_weekdays() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().weekday(), Weekday::Thu);
        assert_eq!(Date::new(2000, 2, 29).unwrap().weekday(), Weekday::Tue);
        assert_eq!(Date::new(2026, 11, 21).unwrap().weekday(), Weekday::Sat);
    }

    #[test]
    fn summer_time_switches_on_the_last_sundays() {
        // 2026: 29 March and 25 October.
        assert_eq!(
            Date::from_days_since_epoch(last_sunday(2026, 3)),
            Date::new(2026, 3, 29).unwrap()
        );
        assert_eq!(
            Date::from_days_since_epoch(last_sunday(2026, 10)),
            Date::new(2026, 10, 25).unwrap()
        );
        // A month that ends on a Sunday: 31 March 2024 was one.
        assert_eq!(
            Date::from_days_since_epoch(last_sunday(2024, 3)),
            Date::new(2024, 3, 31).unwrap()
        );
    }

    #[test]
    fn wall_clock_around_the_changes() {
        // 2026-03-29 00:59 UTC = 01:59 CET; 01:00 UTC = 03:00 CEST (02:xx never happens).
        assert_eq!(to_berlin(1_774_745_940).to_string(), "29.03.2026 01:59");
        assert_eq!(to_berlin(1_774_746_000).to_string(), "29.03.2026 03:00");
        // 2026-10-25 00:59 UTC = 02:59 CEST; 01:00 UTC = 02:00 CET (02:xx happens twice).
        assert_eq!(to_berlin(1_792_889_940).to_string(), "25.10.2026 02:59");
        assert_eq!(to_berlin(1_792_890_000).to_string(), "25.10.2026 02:00");
    }

    #[test]
    fn times_parse_and_print() {
        assert_eq!(TimeOfDay::parse("24:00"), Some(TimeOfDay::END_OF_DAY));
        assert_eq!(TimeOfDay::parse("23:60"), None);
        assert_eq!(TimeOfDay::parse("ab:cd"), None);
        assert_eq!(TimeOfDay::parse("07:05").unwrap().to_string(), "07:05");
        assert_eq!(TimeOfDay::parse("20:00").unwrap().minutes(), 1200);
    }
}
