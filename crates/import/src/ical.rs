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

use std::collections::HashMap;

use lernort_catalogue::{Availability, Session, Timestamp, When};
use lernort_time::{Date, TimeOfDay};

use crate::recur::{expand, Rule, Until};
use crate::report::FileSummary;
use crate::source::{apply_price, apply_target_group, tidy_sessions, FileContext};
use crate::text::{decode, language_code, plain_description, Price};

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
/// use lernort_import::ical::unfold;
/// let lines = unfold("SUMMARY:KI im \r\n Alltag\r\nEND:VEVENT\r\n");
/// assert_eq!(lines, [(1, "SUMMARY:KI im Alltag".to_string()), (3, "END:VEVENT".to_string())]);
/// ```
pub fn unfold(text: &str) -> Vec<(usize, String)> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = raw.strip_prefix([' ', '\t']) {
            if let Some((_, last)) = lines.last_mut() {
                last.push_str(rest);
                continue;
            }
        }
        if !raw.is_empty() {
            lines.push((i + 1, raw.to_string()));
        }
    }
    lines
}

/// Parses one unfolded content line.
///
/// ```
/// use lernort_import::ical::parse_property;
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
/// use lernort_import::ical::unescape;
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
            IcsTime::Date(d) => {
                Timestamp::from_berlin(d, TimeOfDay { hour: 0, minute: 0 }).unix_seconds
            }
            IcsTime::Local(d, t) => Timestamp::from_berlin(d, t).unix_seconds,
            IcsTime::Utc(d, t, s) => {
                d.days_since_epoch() * 86_400 + i64::from(t.minutes()) * 60 + i64::from(s)
            }
        }
    }

    /// The catalogue's form: a date, or the instant with Berlin's offset.
    pub fn when(self) -> When {
        match self {
            IcsTime::Date(d) => When::Day(d),
            other => When::Time(Timestamp::with_berlin_offset(other.unix())),
        }
    }
}

/// Parses a `DURATION`: `PT1H30M`, `P1D`, `P2W`, `P1DT2H`. Seconds.
///
/// ```
/// use lernort_import::ical::parse_duration;
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
    let (text, _) = decode(bytes);
    let mut events = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut current: Option<Event> = None;
    let mut saw_calendar = false;
    for (number, line) in unfold(&text) {
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
                start_date: other.when(),
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
                start_date: other.when(),
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

    let no_price_means_free = ctx.provider.no_price_means_free;
    if apply_price(&mut course, Price::Empty, Price::Empty, no_price_means_free).is_err() {
        ctx.reject(
            Some(event.line),
            None,
            "a calendar has no price: mark the provider noPriceMeansFree in import.json",
        );
        return None;
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
