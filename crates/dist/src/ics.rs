//! iCalendar files (RFC 5545) of course sessions: one file per course with every session,
//! and one feed with every session of every course that has not ended yet.
//!
//! Times are written in UTC (`DTSTART:20270309T170000Z`), the simplest form every calendar
//! reads correctly: no time-zone definition is needed, and calendars show the time in the
//! reader's own zone (in Soest: Berlin's wall clock). All-day sessions are dates
//! (`DTSTART;VALUE=DATE:20270508`, `DTEND` the day after the last). Lines end with CRLF and
//! are folded at 75 octets; text is escaped.

use lernort_time::Date;

/// When an event starts or ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IcsTime {
    /// An instant, as Unix seconds; written in UTC.
    Utc(i64),
    /// A day (all-day events); for `DTEND` the day after the last.
    Day(Date),
}

/// One `VEVENT`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// `UID`: the same for the same session of the same course in every file and build.
    pub uid: String,
    /// `DTSTAMP`: when the data was written (the catalogue's `generated`), Unix seconds.
    pub stamp: i64,
    /// `DTSTART`.
    pub start: IcsTime,
    /// `DTEND`.
    pub end: IcsTime,
    /// `SUMMARY`: the course's name.
    pub summary: String,
    /// `DESCRIPTION`: plain text, may hold line breaks.
    pub description: String,
    /// `LOCATION`: the place in words.
    pub location: Option<String>,
    /// `URL`.
    pub url: Option<String>,
    /// `STATUS:CANCELLED` instead of `STATUS:CONFIRMED`.
    pub cancelled: bool,
}

/// A whole `VCALENDAR`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    /// The calendar's name (`NAME`, `X-WR-CALNAME`), shown by calendar apps.
    pub name: String,
    /// Whether this is a feed meant to be subscribed to: then it asks for a daily refresh
    /// (`REFRESH-INTERVAL`, `X-PUBLISHED-TTL`).
    pub feed: bool,
    /// The events, in order.
    pub events: Vec<Event>,
}

/// `PRODID` of every file.
pub const PRODID: &str = "-//Lernort//lernort-dist//DE";

impl Calendar {
    /// The file's text: CRLF line ends, lines folded at 75 octets.
    ///
    /// ```
    /// use lernort_dist::ics::{Calendar, Event, IcsTime};
    /// let calendar = Calendar {
    ///     name: "Kurse".into(),
    ///     feed: false,
    ///     events: vec![Event {
    ///         uid: "a-20270309T170000Z@test".into(),
    ///         stamp: 1_800_000_000,
    ///         start: IcsTime::Utc(1_804_611_600),
    ///         end: IcsTime::Utc(1_804_619_700),
    ///         summary: "KI; Chatbots, Bilder".into(),
    ///         description: String::new(),
    ///         location: None,
    ///         url: None,
    ///         cancelled: false,
    ///     }],
    /// };
    /// let text = calendar.to_text();
    /// assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    /// assert!(text.contains("\r\nDTSTART:20270309T170000Z\r\n"));
    /// assert!(text.contains("\r\nSUMMARY:KI\\; Chatbots\\, Bilder\r\n"));
    /// assert!(text.ends_with("END:VCALENDAR\r\n"));
    /// ```
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let mut line = |text: &str| out.push_str(&fold_line(text));
        line("BEGIN:VCALENDAR");
        line("VERSION:2.0");
        line(&format!("PRODID:{PRODID}"));
        line("CALSCALE:GREGORIAN");
        line("METHOD:PUBLISH");
        line(&format!("NAME:{}", escape_text(&self.name)));
        line(&format!("X-WR-CALNAME:{}", escape_text(&self.name)));
        if self.feed {
            line("REFRESH-INTERVAL;VALUE=DURATION:P1D");
            line("X-PUBLISHED-TTL:P1D");
        }
        for event in &self.events {
            line("BEGIN:VEVENT");
            line(&format!("UID:{}", escape_text(&event.uid)));
            line(&format!("DTSTAMP:{}", utc_text(event.stamp)));
            line(&time_property("DTSTART", event.start));
            line(&time_property("DTEND", event.end));
            line(&format!("SUMMARY:{}", escape_text(&event.summary)));
            if !event.description.is_empty() {
                line(&format!("DESCRIPTION:{}", escape_text(&event.description)));
            }
            if let Some(location) = &event.location {
                line(&format!("LOCATION:{}", escape_text(location)));
            }
            if let Some(url) = &event.url {
                // A URI value: not escaped like text (RFC 5545 3.3.13).
                line(&format!("URL:{url}"));
            }
            let status = if event.cancelled {
                "CANCELLED"
            } else {
                "CONFIRMED"
            };
            line(&format!("STATUS:{status}"));
            line("END:VEVENT");
        }
        line("END:VCALENDAR");
        out
    }
}

/// `DTSTART:20270309T170000Z` or `DTSTART;VALUE=DATE:20270508`.
fn time_property(name: &str, time: IcsTime) -> String {
    match time {
        IcsTime::Utc(unix) => format!("{name}:{}", utc_text(unix)),
        IcsTime::Day(date) => format!("{name};VALUE=DATE:{}", date_text(date)),
    }
}

/// A Unix time as an iCalendar UTC date-time: `20270309T170000Z`.
///
/// ```
/// assert_eq!(lernort_dist::ics::utc_text(0), "19700101T000000Z");
/// assert_eq!(lernort_dist::ics::utc_text(1_804_611_600), "20270309T170000Z");
/// ```
pub fn utc_text(unix: i64) -> String {
    let date = Date::from_days_since_epoch(unix.div_euclid(86_400));
    let second = unix.rem_euclid(86_400);
    format!(
        "{}T{:02}{:02}{:02}Z",
        date_text(date),
        second / 3_600,
        second % 3_600 / 60,
        second % 60
    )
}

/// A date as `20270508`.
fn date_text(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year, date.month, date.day)
}

/// Escapes a TEXT value (RFC 5545 3.3.11): `\` `;` `,` get a backslash, line breaks become
/// `\n`; carriage returns and other control characters are dropped.
///
/// ```
/// use lernort_dist::ics::escape_text;
/// assert_eq!(escape_text("a\\b; c, d\r\ne"), "a\\\\b\\; c\\, d\\ne");
/// ```
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Longest line in octets, without the CRLF (RFC 5545 3.1).
pub const MAX_LINE_OCTETS: usize = 75;

/// One content line, folded: at most 75 octets per physical line, continuation lines
/// starting with a space, never splitting a UTF-8 character; each ending with CRLF.
///
/// ```
/// use lernort_dist::ics::fold_line;
/// assert_eq!(fold_line("SUMMARY:kurz"), "SUMMARY:kurz\r\n");
/// let long = format!("DESCRIPTION:{}", "ä".repeat(40));
/// let folded = fold_line(&long);
/// assert!(folded.split("\r\n").all(|l| l.len() <= 75));
/// assert_eq!(folded.replace("\r\n ", ""), format!("{long}\r\n"));
/// ```
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

/// `true` when every line of `text` ends with CRLF and is at most 75 octets: for tests.
pub fn is_well_formed(text: &str) -> bool {
    let Some(body) = text.strip_suffix("\r\n") else {
        return false;
    };
    body.split("\r\n")
        .all(|line| line.len() <= MAX_LINE_OCTETS && !line.contains(['\r', '\n']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_counts_octets_not_characters() {
        let line = format!("SUMMARY:{}", "€".repeat(30)); // 8 + 90 octets
        let folded = fold_line(&line);
        for physical in folded.strip_suffix("\r\n").unwrap().split("\r\n") {
            assert!(physical.len() <= MAX_LINE_OCTETS, "{physical}");
        }
        let lines: Vec<&str> = folded.split("\r\n").collect();
        assert_eq!(lines.len(), 3, "two physical lines and the empty rest");
        assert!(lines[1].starts_with(' '));
        assert_eq!(folded.replace("\r\n ", ""), format!("{line}\r\n"));
        assert!(is_well_formed(&folded));
        // Exactly 75 octets stay on one line.
        let exact = "X".repeat(75);
        assert_eq!(fold_line(&exact), format!("{exact}\r\n"));
        assert_eq!(
            fold_line(&format!("{exact}Y")),
            format!("{exact}\r\n Y\r\n")
        );
    }

    #[test]
    fn escaping_and_control_characters() {
        assert_eq!(
            escape_text("Bits & Bäume: a,b;c"),
            "Bits & Bäume: a\\,b\\;c"
        );
        assert_eq!(escape_text("x\u{7}y\tz"), "xyz");
        assert_eq!(escape_text("Zeile 1\nZeile 2"), "Zeile 1\\nZeile 2");
    }

    #[test]
    fn all_day_and_cancelled() {
        let day = Date::new(2027, 5, 8).unwrap();
        let calendar = Calendar {
            name: "Maker-Tag".into(),
            feed: true,
            events: vec![Event {
                uid: "maker-tag-20270508@test".into(),
                stamp: 0,
                start: IcsTime::Day(day),
                end: IcsTime::Day(day.add_days(1)),
                summary: "Maker-Tag".into(),
                description: "Offene Tür".into(),
                location: Some("StadtLABOR, Markt 1, 59494 Soest".into()),
                url: Some("https://example.org/kurse/maker-tag".into()),
                cancelled: true,
            }],
        };
        let text = calendar.to_text();
        for expected in [
            "\r\nDTSTART;VALUE=DATE:20270508\r\n",
            "\r\nDTEND;VALUE=DATE:20270509\r\n",
            "\r\nSTATUS:CANCELLED\r\n",
            "\r\nREFRESH-INTERVAL;VALUE=DURATION:P1D\r\n",
            "\r\nLOCATION:StadtLABOR\\, Markt 1\\, 59494 Soest\r\n",
            "\r\nURL:https://example.org/kurse/maker-tag\r\n",
            "\r\nDTSTAMP:19700101T000000Z\r\n",
        ] {
            assert!(text.contains(expected), "{expected:?} in {text}");
        }
        assert!(is_well_formed(&text));
        assert!(!is_well_formed("A\nB\r\n"));
    }
}
