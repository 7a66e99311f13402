//! The generic parts of iCalendar (RFC 5545) reading, shared by the course import
//! (`lernort-import`) and the co-working bookings (`lernort-coworking`).
//!
//! Folded lines (a line starting with a space or tab continues the one before) are
//! [`unfold`]ed, content lines parsed by [`parse_property`], TEXT values unescaped
//! ([`unescape`], [`split_list`]), DATE and DATE-TIME values read as [`IcsTime`]
//! (`VALUE=DATE`, UTC `…Z`, `TZID=Europe/Berlin` and floating times as Berlin wall-clock
//! time), `DURATION`s by [`parse_duration`], and the `RRULE` subset of [`recur`] expanded
//! into dates. What a component *means* (a course, a booking) is up to the caller.

#![warn(missing_docs)]

pub mod recur;

use lernort_time::{from_berlin, Date, TimeOfDay};

/// A content line: `NAME;PARAM=value:VALUE`, unfolded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Property {
    /// The name, upper case.
    pub name: String,
    /// Parameters: names upper case, values without quotes.
    pub params: Vec<(String, String)>,
    /// The value, still escaped.
    pub value: String,
    /// The line it starts on, from 1.
    pub line: usize,
}

impl Property {
    /// A parameter's value.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Unfolds a calendar into logical lines with the number of the line each starts on.
///
/// ```
/// use lernort_ical::unfold;
/// let lines = unfold("SUMMARY:KI im \r\n Alltag\r\nEND:VEVENT\r\n");
/// assert_eq!(lines, [(1, "SUMMARY:KI im Alltag".to_string()), (3, "END:VEVENT".to_string())]);
/// ```
pub fn unfold(text: &str) -> Vec<(usize, String)> {
    unfold_bytes(text.as_bytes())
        .into_iter()
        .map(|(number, line)| (number, String::from_utf8_lossy(&line).into_owned()))
        .collect()
}

/// Unfolds content lines as bytes, before anything is decoded: RFC 5545 §3.1 lets a fold
/// fall inside a multi-byte UTF-8 character, which only joining the bytes restores. Each
/// line with the number (from 1) of its first physical line.
///
/// ```
/// use lernort_ical::unfold_bytes;
/// // "Mü" folded between the two bytes of "ü".
/// let lines = unfold_bytes(b"SUMMARY:M\xC3\r\n \xBCnster\r\nEND:VEVENT\r\n");
/// assert_eq!(lines, [(1, "SUMMARY:Münster".as_bytes().to_vec()), (3, b"END:VEVENT".to_vec())]);
/// ```
pub fn unfold_bytes(bytes: &[u8]) -> Vec<(usize, Vec<u8>)> {
    let mut lines: Vec<(usize, Vec<u8>)> = Vec::new();
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if let Some((&(b' ' | b'\t'), rest)) = raw.split_first() {
            if let Some((_, last)) = lines.last_mut() {
                last.extend_from_slice(rest);
                continue;
            }
        }
        if !raw.is_empty() {
            lines.push((i + 1, raw.to_vec()));
        }
    }
    lines
}

/// Parses one unfolded content line.
///
/// ```
/// use lernort_ical::parse_property;
/// let p = parse_property("DTSTART;TZID=\"Europe/Berlin\":20270309T180000", 7).unwrap();
/// assert_eq!((p.name.as_str(), p.param("TZID"), p.value.as_str()), ("DTSTART", Some("Europe/Berlin"), "20270309T180000"));
/// ```
pub fn parse_property(line: &str, number: usize) -> Option<Property> {
    let name_end = line.find([';', ':'])?;
    let name = line[..name_end].trim().to_ascii_uppercase();
    if name.is_empty() {
        return None;
    }
    let mut params = Vec::new();
    let mut rest = &line[name_end..];
    while let Some(after) = rest.strip_prefix(';') {
        let eq = after.find('=')?;
        let pname = after[..eq].trim().to_ascii_uppercase();
        let mut value = String::new();
        let mut chars = after[eq + 1..].char_indices();
        let mut quoted = false;
        let mut end = after.len() - eq - 1;
        for (i, c) in chars.by_ref() {
            match c {
                '"' => quoted = !quoted,
                ';' | ':' if !quoted => {
                    end = i;
                    break;
                }
                c => value.push(c),
            }
        }
        params.push((pname, value));
        rest = &after[eq + 1 + end..];
    }
    let value = rest.strip_prefix(':')?;
    Some(Property {
        name,
        params,
        value: value.to_string(),
        line: number,
    })
}

/// Unescapes a TEXT value: `\,` `\;` `\\` and `\n` (or `\N`) for a line break.
///
/// ```
/// use lernort_ical::unescape;
/// assert_eq!(unescape(r"Werkstatt\, Lernraum 1\; EG\nZweite Zeile"), "Werkstatt, Lernraum 1; EG\nZweite Zeile");
/// ```
pub fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Splits a list value at commas that are not escaped, then unescapes each part.
pub fn split_list(value: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut escaped = false;
    for c in value.chars() {
        if escaped {
            current.push('\\');
            current.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == ',' {
            parts.push(unescape(&current));
            current.clear();
        } else {
            current.push(c);
        }
    }
    parts.push(unescape(&current));
    parts.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

/// A DATE or DATE-TIME value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IcsTime {
    /// A whole day (`VALUE=DATE`).
    Date(Date),
    /// Berlin wall-clock time (`TZID=Europe/Berlin`, or floating: no zone at all).
    Local(Date, TimeOfDay),
    /// UTC (`…Z`), with seconds.
    Utc(Date, TimeOfDay, u8),
}

impl IcsTime {
    /// Parses a value with its property's parameters. Zones other than Europe/Berlin (and
    /// its Windows name, `W. Europe Standard Time`) are refused: without a zone database
    /// their rules are unknown.
    pub fn parse(value: &str, params: &[(String, String)]) -> Result<IcsTime, String> {
        let value = value.trim();
        let is_date_param = params
            .iter()
            .any(|(n, v)| n == "VALUE" && v.eq_ignore_ascii_case("DATE"));
        let date_of = |text: &str| -> Option<Date> {
            if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            Date::new(
                text[..4].parse().ok()?,
                text[4..6].parse().ok()?,
                text[6..8].parse().ok()?,
            )
        };
        if is_date_param || value.len() == 8 {
            return date_of(value)
                .map(IcsTime::Date)
                .ok_or_else(|| format!("'{value}' is not a date like 20270309"));
        }
        let bad = || format!("'{value}' is not a date and time like 20270309T180000");
        let (date_text, time_text) = value.split_once(['T', 't']).ok_or_else(bad)?;
        let date = date_of(date_text).ok_or_else(bad)?;
        let (time_text, utc) = match time_text.strip_suffix(['Z', 'z']) {
            Some(t) => (t, true),
            None => (time_text, false),
        };
        if time_text.len() != 6 || !time_text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let hour: u8 = time_text[..2].parse().map_err(|_| bad())?;
        let minute: u8 = time_text[2..4].parse().map_err(|_| bad())?;
        let second: u8 = time_text[4..6].parse().map_err(|_| bad())?;
        if hour > 23 || minute > 59 || second > 60 {
            return Err(bad());
        }
        let time = TimeOfDay { hour, minute };
        if utc {
            return Ok(IcsTime::Utc(date, time, second.min(59)));
        }
        if let Some((_, zone)) = params.iter().find(|(n, _)| n == "TZID") {
            let berlin = zone.trim_end().ends_with("Europe/Berlin")
                || zone.eq_ignore_ascii_case("W. Europe Standard Time")
                || zone.eq_ignore_ascii_case("Mitteleuropäische Zeit");
            if !berlin {
                return Err(format!(
                    "TZID '{zone}' is not supported (only Europe/Berlin)"
                ));
            }
        }
        Ok(IcsTime::Local(date, time))
    }

    /// The date.
    pub fn date(self) -> Date {
        match self {
            IcsTime::Date(d) | IcsTime::Local(d, _) | IcsTime::Utc(d, _, _) => d,
        }
    }

    /// The same kind of time on another date (for recurrences): local times keep their
    /// wall-clock time, UTC times their UTC time.
    pub fn on(self, date: Date) -> IcsTime {
        match self {
            IcsTime::Date(_) => IcsTime::Date(date),
            IcsTime::Local(_, t) => IcsTime::Local(date, t),
            IcsTime::Utc(_, t, s) => IcsTime::Utc(date, t, s),
        }
    }

    /// The instant (Unix seconds); a date means Berlin midnight.
    pub fn unix(self) -> i64 {
        match self {
            IcsTime::Date(d) => from_berlin(d, TimeOfDay { hour: 0, minute: 0 }),
            IcsTime::Local(d, t) => from_berlin(d, t),
            IcsTime::Utc(d, t, s) => {
                d.days_since_epoch() * 86_400 + i64::from(t.minutes()) * 60 + i64::from(s)
            }
        }
    }
}

/// Parses a `DURATION`: `PT1H30M`, `P1D`, `P2W`, `P1DT2H`. Seconds.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn berlin_wall_times_around_the_changes() {
        let d = |y, m, day| Date::new(y, m, day).unwrap();
        let t = |hour, minute| TimeOfDay { hour, minute };
        // 2026-03-29: 01:59 CET is 00:59 UTC, 03:00 CEST is 01:00 UTC, 02:30 does not exist.
        assert_eq!(from_berlin(d(2026, 3, 29), t(1, 59)), 1_774_745_940);
        assert_eq!(from_berlin(d(2026, 3, 29), t(3, 0)), 1_774_746_000);
        assert_eq!(from_berlin(d(2026, 3, 29), t(2, 30)), 1_774_747_800);
        // 2026-10-25: 02:30 happens twice; the first (CEST) is meant.
        assert_eq!(from_berlin(d(2026, 10, 25), t(2, 30)), 1_792_888_200);
        assert_eq!(from_berlin(d(2026, 10, 25), t(3, 0)), 1_792_893_600);
    }

    #[test]
    fn times_of_every_kind() {
        let berlin = vec![("TZID".to_string(), "Europe/Berlin".to_string())];
        assert_eq!(
            IcsTime::parse("20261121T130000", &berlin).unwrap().unix(),
            1_795_262_400
        );
        assert_eq!(
            IcsTime::parse("20261121T120000Z", &[]).unwrap().unix(),
            1_795_262_400
        );
        assert_eq!(
            IcsTime::parse("20261121T130000", &[]).unwrap().unix(),
            1_795_262_400
        );
        let date = IcsTime::parse("20261121", &[]).unwrap();
        assert_eq!(date, IcsTime::Date(Date::new(2026, 11, 21).unwrap()));
        let tokyo = vec![("TZID".to_string(), "Asia/Tokyo".to_string())];
        assert!(IcsTime::parse("20261121T130000", &tokyo)
            .unwrap_err()
            .contains("Asia/Tokyo"));
        assert!(IcsTime::parse("20261321T130000", &[]).is_err());
    }
}
