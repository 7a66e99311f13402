//! Points in time as the catalogue writes them: RFC 3339 with an offset, or a plain date.
//!
//! The offset in the file only says which instant is meant; what visitors see is always
//! the Europe/Berlin wall clock at that instant ([`Timestamp::berlin`]). So
//! `2027-03-09T18:00:00+01:00` and `2027-03-09T17:00:00Z` are the same session, and a
//! summer date written with the winter offset (`2027-07-01T18:00:00+01:00`) shows as
//! 19:00, the wall time at that instant.

use std::fmt;

use lernort_time::{berlin_offset_seconds, to_berlin, Date, LocalDateTime, TimeOfDay};
use serde::{Deserialize, Serialize};

const DAY: i64 = 86_400;

/// An instant, with the UTC offset it was written with (kept so that a file reads back
/// as it was written).
///
/// ```
/// use lernort_catalogue::Timestamp;
/// let t = Timestamp::parse("2027-03-09T18:00:00+01:00").unwrap();
/// assert_eq!(t.berlin().to_string(), "09.03.2027 18:00");
/// assert_eq!(t.to_string(), "2027-03-09T18:00:00+01:00");
/// // The same instant written in UTC:
/// assert_eq!(Timestamp::parse("2027-03-09T17:00:00Z").unwrap().unix_seconds, t.unix_seconds);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub unix_seconds: i64,
    /// The offset from UTC the text was written with, in minutes (`+01:00` is 60).
    pub offset_minutes: i16,
}

impl Timestamp {
    /// Parses RFC 3339: `YYYY-MM-DDTHH:MM:SS` (seconds may be left out, fractions are
    /// dropped; `t` or a space may stand for `T`) followed by `Z` or `±HH:MM`. A time
    /// without an offset is refused: the file must say which instant it means.
    ///
    /// ```
    /// use lernort_catalogue::Timestamp;
    /// assert!(Timestamp::parse("2027-03-09T18:00+01:00").is_some());
    /// assert!(Timestamp::parse("2027-03-09T18:00:00.250Z").is_some());
    /// assert!(Timestamp::parse("2027-03-09T18:00:00").is_none());
    /// assert!(Timestamp::parse("2027-02-30T18:00:00Z").is_none());
    /// ```
    pub fn parse(text: &str) -> Option<Timestamp> {
        let b = text.as_bytes();
        let date = parse_date(text.get(..10)?)?;
        if !matches!(b.get(10)?, b'T' | b't' | b' ') || b.get(13) != Some(&b':') {
            return None;
        }
        let hour = number(b.get(11..13)?)?;
        let minute = number(b.get(14..16)?)?;
        let mut rest = b.get(16..)?;
        let mut second = 0;
        if let [b':', s1, s2, tail @ ..] = rest {
            let s = number(&[*s1, *s2])?;
            (s <= 60).then_some(())?;
            second = s.min(59); // a leap second counts as :59
            rest = tail;
        }
        if let [b'.', tail @ ..] = rest {
            let digits = tail.iter().take_while(|c| c.is_ascii_digit()).count();
            (digits > 0).then_some(())?;
            rest = &tail[digits..];
        }
        let offset_minutes = match rest {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let (h, m) = (number(&[*h1, *h2])?, number(&[*m1, *m2])?);
                (h < 24 && m < 60).then_some(())?;
                let minutes = (h * 60 + m) as i16;
                if *sign == b'-' {
                    -minutes
                } else {
                    minutes
                }
            }
            _ => return None,
        };
        (hour < 24 && minute < 60).then_some(())?;
        let local = date.days_since_epoch() * DAY
            + i64::from(hour) * 3_600
            + i64::from(minute) * 60
            + i64::from(second);
        Some(Timestamp {
            unix_seconds: local - i64::from(offset_minutes) * 60,
            offset_minutes,
        })
    }

    /// The instant a Berlin wall clock shows `time` on `date`, written with Berlin's
    /// offset at that instant. For the import of local times (spreadsheets, iCalendar
    /// without a zone).
    ///
    /// Two wall times need a rule:
    /// - **Times that do not exist** (the last Sunday of March, 02:00–02:59, when clocks
    ///   jump from 02:00 to 03:00) are read with winter time, as if the clocks had not yet
    ///   been changed: 02:30 becomes 01:30 UTC, which Berlin calls 03:30 summer time.
    /// - **Times that happen twice** (the last Sunday of October, 02:00–02:59) mean the
    ///   first, summer-time one.
    ///
    /// ```
    /// use lernort_catalogue::Timestamp;
    /// use lernort_time::{Date, TimeOfDay};
    /// let day = Date::new(2027, 3, 28).unwrap();
    /// let t = Timestamp::from_berlin(day, TimeOfDay { hour: 2, minute: 30 });
    /// assert_eq!(t.to_string(), "2027-03-28T03:30:00+02:00");
    /// ```
    pub fn from_berlin(date: Date, time: TimeOfDay) -> Timestamp {
        Timestamp::with_berlin_offset(lernort_time::from_berlin(date, time))
    }

    /// An instant, written with the offset Berlin has at that instant.
    pub fn with_berlin_offset(unix_seconds: i64) -> Timestamp {
        Timestamp {
            unix_seconds,
            offset_minutes: (berlin_offset_seconds(unix_seconds) / 60) as i16,
        }
    }

    /// The Europe/Berlin wall-clock date and time at this instant.
    pub fn berlin(self) -> LocalDateTime {
        to_berlin(self.unix_seconds)
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    /// Earlier instants first; the same instant written with different offsets is
    /// ordered by offset, so that the order agrees with `==`.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.unix_seconds, self.offset_minutes).cmp(&(other.unix_seconds, other.offset_minutes))
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 with the written offset: `2027-03-09T18:00:00+01:00` (`Z` for UTC).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let offset = i64::from(self.offset_minutes) * 60;
        let local = self.unix_seconds + offset;
        let date = Date::from_days_since_epoch(local.div_euclid(DAY));
        let second = local.rem_euclid(DAY);
        write!(
            f,
            "{}T{:02}:{:02}:{:02}",
            IsoDate(date),
            second / 3_600,
            second % 3_600 / 60,
            second % 60
        )?;
        if offset == 0 {
            return f.write_str("Z");
        }
        let sign = if offset < 0 { '-' } else { '+' };
        let minutes = self.offset_minutes.unsigned_abs();
        write!(f, "{sign}{:02}:{:02}", minutes / 60, minutes % 60)
    }
}

/// Parses an ISO date, `YYYY-MM-DD`.
///
/// ```
/// use lernort_catalogue::parse_date;
/// use lernort_time::Date;
/// assert_eq!(parse_date("2027-03-09"), Date::new(2027, 3, 9));
/// assert_eq!(parse_date("2027-3-9"), None);
/// ```
pub fn parse_date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = number(&b[..4])?;
    Date::new(
        year as i32,
        number(&b[5..7])? as u8,
        number(&b[8..10])? as u8,
    )
}

/// A date printed as ISO `YYYY-MM-DD` (the catalogue's and the URL's form; [`Date`]'s own
/// `Display` is the German `09.03.2027`).
///
/// ```
/// use lernort_catalogue::IsoDate;
/// use lernort_time::Date;
/// assert_eq!(IsoDate(Date::new(2027, 3, 9).unwrap()).to_string(), "2027-03-09");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IsoDate(pub Date);

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Date { year, month, day } = self.0;
        write!(f, "{year:04}-{month:02}-{day:02}")
    }
}

/// Digits only, as a number.
fn number(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 9 {
        return None;
    }
    digits.iter().try_fold(0u32, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

/// When a session starts or ends: an instant, or (for all-day sessions) a date.
///
/// In JSON a string: `"2027-03-09T18:00:00+01:00"` or `"2027-03-09"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum When {
    /// A date and time with an offset.
    Time(Timestamp),
    /// A whole day (Berlin).
    Day(Date),
}

impl When {
    /// Parses a date-time ([`Timestamp::parse`]) or a date ([`parse_date`]).
    ///
    /// ```
    /// use lernort_catalogue::When;
    /// assert!(matches!(When::parse("2027-03-09"), Some(When::Day(_))));
    /// assert!(matches!(When::parse("2027-03-09T18:00:00+01:00"), Some(When::Time(_))));
    /// assert_eq!(When::parse("März"), None);
    /// ```
    pub fn parse(text: &str) -> Option<When> {
        if text.len() == 10 {
            parse_date(text).map(When::Day)
        } else {
            Timestamp::parse(text).map(When::Time)
        }
    }

    /// The Berlin date this falls on.
    pub fn berlin_date(self) -> Date {
        match self {
            When::Time(t) => t.berlin().date,
            When::Day(d) => d,
        }
    }
}

impl fmt::Display for When {
    /// As written in the catalogue.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            When::Time(t) => t.fmt(f),
            When::Day(d) => IsoDate(*d).fmt(f),
        }
    }
}

/// Types the catalogue writes as text: serde writes them as displayed and reads them with
/// their `parse`, and so does the app's reader (`lernort_json::Read`); both readers say
/// `"…" is not <what>` when the text does not parse.
macro_rules! as_text {
    ($($ty:ident => $what:literal),* $(,)?) => {$(
        impl Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                $ty::parse(&text)
                    .ok_or_else(|| serde::de::Error::custom(format!("\"{text}\" is not {}", $what)))
            }
        }

        impl lernort_json::Read for $ty {
            fn read(r: &mut lernort_json::Reader<'_>) -> lernort_json::Result<Self> {
                r.parsed($ty::parse, $what)
            }
        }
    )*};
}

as_text! {
    When => "a date (2027-03-09) or a date and time with offset (2027-03-09T18:00:00+01:00)",
    Timestamp => "an RFC 3339 date and time with offset (2027-03-09T18:00:00+01:00)",
}

/// The instant Berlin's wall clocks show midnight at the start of `date`.
pub(crate) fn berlin_midnight(date: Date) -> i64 {
    Timestamp::from_berlin(date, TimeOfDay { hour: 0, minute: 0 }).unix_seconds
}

/// A Berlin local date-time at midnight.
pub(crate) fn at_midnight(date: Date) -> LocalDateTime {
    LocalDateTime {
        date,
        time: TimeOfDay { hour: 0, minute: 0 },
        second: 0,
    }
}
