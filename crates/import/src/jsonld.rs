//! schema.org JSON-LD, as websites publish their events: a `.jsonld`/`.json` file, or
//! an `.html` page whose `<script type="application/ld+json">` blocks are read.
//!
//! Read: a single node, an array, or `@graph`; nodes referred to by `{"@id": …}`;
//! `Event` and its subtypes (`EducationEvent`, …) as one course each; `Course` with
//! `hasCourseInstance` (each `CourseInstance` one course, with the `Course`'s name,
//! description, subjects, language and ages). Dates: `startDate`/`endDate` (with offset,
//! UTC, Berlin local time without offset, or a date for all-day), `subEvent`s as
//! sessions, or a `courseSchedule` (`Schedule`: `repeatFrequency`, `byDay`,
//! `byMonthDay`, `startDate`, `endDate`, `repeatCount`, `startTime`, `endTime`,
//! `duration`, `exceptDate`). Places: `Place` with `PostalAddress`, `VirtualLocation`,
//! text. Also `offers` (price, reduced price by its name, availability, booking URL),
//! `isAccessibleForFree`, `eventStatus`, `eventAttendanceMode`/`courseMode`,
//! `performer`/`instructor`, `inLanguage`, `typicalAgeRange`, `audience`,
//! `educationalLevel`, `about`/`keywords`, capacities, `url`.

use std::collections::HashMap;

use lernort_catalogue::{AttendanceMode, Availability, Course, Session, Timestamp, Venue, When};
use lernort_time::{Date, TimeOfDay};
use serde_json::Value;

use crate::report::FileSummary;
use crate::schedule::{expand, Freq, Rule};
use crate::source::{
    apply_price, apply_target_group, audiences_in, level_in, tidy_sessions, FileContext,
};
use crate::text::{
    decode, language_code, parse_price, parse_time, parse_weekday, plain_description, slugify,
    strip_html, Price,
};

/// The JSON-LD blocks of an HTML page (`<script type="application/ld+json">`).
///
/// ```
/// use lernort_import::jsonld::script_blocks;
/// let html = r#"<html><script type="application/ld+json">{"@type":"Event"}</script></html>"#;
/// assert_eq!(script_blocks(html), [r#"{"@type":"Event"}"#]);
/// ```
pub fn script_blocks(html: &str) -> Vec<&str> {
    let lower = html.to_ascii_lowercase();
    let mut blocks = Vec::new();
    let mut from = 0;
    while let Some(open) = lower[from..].find("<script").map(|i| i + from) {
        let Some(tag_end) = lower[open..].find('>').map(|i| i + open) else {
            break;
        };
        let Some(close) = lower[tag_end..].find("</script").map(|i| i + tag_end) else {
            break;
        };
        if lower[open..tag_end].contains("application/ld+json") {
            blocks.push(html[tag_end + 1..close].trim());
        }
        from = close + 1;
    }
    blocks
}

/// The schema.org name of a type or enumeration value: `https://schema.org/EventCancelled`
/// → `EventCancelled`.
fn short(name: &str) -> &str {
    let name = name.trim();
    name.rsplit_once(['/', ':', '#'])
        .map_or(name, |(_, last)| last)
}

/// The node's types, short.
fn types(node: &Value) -> Vec<&str> {
    as_list(node.get("@type"))
        .into_iter()
        .filter_map(Value::as_str)
        .map(short)
        .collect()
}

/// A value as a list: arrays as they are, `null`/absent as empty, anything else alone.
fn as_list(value: Option<&Value>) -> Vec<&Value> {
    match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(other) => vec![other],
    }
}

/// Text of a value: strings, numbers, `{"@value": …}`, the first of an array.
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => items.iter().find_map(text_of),
        Value::Object(map) => map.get("@value").and_then(text_of),
        Value::Null => None,
    }
}

/// The line (from 1) where a string value first occurs in the raw text.
fn line_of(raw: &str, needle: &str) -> Option<usize> {
    let quoted = serde_json::to_string(needle).ok()?;
    let at = raw.find(&quoted)?;
    Some(raw[..at].bytes().filter(|b| *b == b'\n').count() + 1)
}

/// Reading one file: the nodes by `@id`, the raw text for line numbers.
struct Doc<'v> {
    index: HashMap<&'v str, &'v Value>,
    raw: &'v str,
}

impl<'v> Doc<'v> {
    /// Follows `{"@id": …}` references to the full node.
    fn resolve(&self, value: &'v Value) -> &'v Value {
        if let Value::Object(map) = value {
            if map.len() == 1 {
                if let Some(target) = map
                    .get("@id")
                    .and_then(Value::as_str)
                    .and_then(|id| self.index.get(id))
                {
                    return target;
                }
            }
        }
        value
    }

    fn list(&self, value: Option<&'v Value>) -> Vec<&'v Value> {
        as_list(value)
            .into_iter()
            .map(|v| self.resolve(v))
            .collect()
    }
}

/// An event or course instance being read, with the course it belongs to.
struct Item<'v> {
    node: &'v Value,
    parent: Option<&'v Value>,
    id: String,
    line: Option<usize>,
}

impl<'v> Item<'v> {
    /// A field of the node, else of its course.
    fn get(&self, name: &str) -> Option<&'v Value> {
        self.node.get(name).filter(|v| !v.is_null()).or_else(|| {
            self.parent
                .and_then(|p| p.get(name))
                .filter(|v| !v.is_null())
        })
    }

    fn text(&self, name: &str) -> Option<String> {
        self.get(name).and_then(text_of).filter(|t| !t.is_empty())
    }
}

/// Reads one JSON-LD file (or HTML page) into the context's courses and messages.
pub fn read(ctx: &mut FileContext, bytes: &[u8]) -> FileSummary {
    let (text, _) = decode(bytes);
    let is_html = {
        let lower = ctx.file.to_ascii_lowercase();
        lower.ends_with(".html") || lower.ends_with(".htm")
    };
    let blocks: Vec<&str> = if is_html {
        script_blocks(&text)
    } else {
        vec![text.as_str()]
    };
    let summary = |ctx: &FileContext, format: &str| FileSummary {
        file: ctx.file.to_string(),
        provider: ctx.provider.provider.id.clone(),
        format: format.to_string(),
        imported: ctx.courses.len(),
        skipped: ctx.skipped,
    };
    let format = if is_html {
        "JSON-LD in HTML"
    } else {
        "JSON-LD"
    };
    if blocks.is_empty() {
        ctx.warn(
            None,
            None,
            "no <script type=\"application/ld+json\"> in this page",
        );
    }
    let mut values = Vec::new();
    for block in blocks {
        match serde_json::from_str::<Value>(block) {
            Ok(v) => values.push(v),
            Err(e) => {
                let line = if is_html {
                    line_of_block(&text, block, e.line())
                } else {
                    Some(e.line())
                };
                ctx.reject(line, None, format!("not valid JSON: {e}"));
                ctx.skip();
            }
        }
    }
    // Every node, in document order.
    let mut nodes: Vec<&Value> = Vec::new();
    for value in &values {
        collect_nodes(value, &mut nodes);
    }
    let mut index = HashMap::new();
    for node in &nodes {
        if let Some(id) = node.get("@id").and_then(Value::as_str) {
            if node.as_object().is_some_and(|m| m.len() > 1) {
                index.entry(id).or_insert(*node);
            }
        }
    }
    let doc = Doc { index, raw: &text };
    // Instances and sub-events are read with the node that refers to them.
    let mut inner: Vec<*const Value> = Vec::new();
    for node in &nodes {
        for key in ["hasCourseInstance", "subEvent", "subEvents"] {
            for v in doc.list(node.get(key)) {
                inner.push(v as *const Value);
            }
        }
    }
    for node in nodes {
        if inner.contains(&(node as *const Value)) {
            continue;
        }
        let kinds = types(node);
        let is_event = kinds
            .iter()
            .any(|t| t.ends_with("Event") && *t != "CourseInstance");
        let is_course = kinds.contains(&"Course");
        if is_course {
            read_course(ctx, &doc, node);
        } else if is_event {
            let id = node_id(node).unwrap_or_default();
            let line = line_for(&doc, node);
            let item = Item {
                node,
                parent: None,
                id,
                line,
            };
            read_item(ctx, &doc, &item);
        }
    }
    summary(ctx, format)
}

/// The line of a JSON error inside a script block of a page.
fn line_of_block(page: &str, block: &str, line_in_block: usize) -> Option<usize> {
    let start = page.find(block)?;
    Some(page[..start].bytes().filter(|b| *b == b'\n').count() + line_in_block)
}

/// Every object reachable at the top: the value itself, array items, `@graph` members.
fn collect_nodes<'v>(value: &'v Value, out: &mut Vec<&'v Value>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| collect_nodes(v, out)),
        Value::Object(map) => {
            if map.contains_key("@type") {
                out.push(value);
            }
            if let Some(graph) = map.get("@graph") {
                collect_nodes(graph, out);
            }
        }
        _ => {}
    }
}

/// The source id of a node: its `@id` without scheme and host (`veranstaltungen/x`).
fn node_id(node: &Value) -> Option<String> {
    let id = node.get("@id").and_then(Value::as_str)?.trim();
    let without_scheme = id.split_once("://").map_or(id, |(_, rest)| rest);
    let path = without_scheme
        .split_once('/')
        .map_or(without_scheme, |(_, path)| path)
        .trim_matches('/');
    Some(if path.is_empty() {
        id.to_string()
    } else {
        path.to_string()
    })
}

fn line_for(doc: &Doc, node: &Value) -> Option<usize> {
    node.get("@id")
        .and_then(Value::as_str)
        .and_then(|id| line_of(doc.raw, id))
        .or_else(|| {
            node.get("name")
                .and_then(Value::as_str)
                .and_then(|n| line_of(doc.raw, n))
        })
}

/// A `Course`: each of its instances is a course of the catalogue.
fn read_course(ctx: &mut FileContext, doc: &Doc, node: &Value) {
    let instances = doc.list(node.get("hasCourseInstance"));
    let course_id = node_id(node).unwrap_or_default();
    let line = line_for(doc, node);
    if instances.is_empty() {
        ctx.reject(
            line,
            Some("hasCourseInstance"),
            "missing: a Course without instances has no dates",
        );
        ctx.skip();
        return;
    }
    let several = instances.len() > 1;
    for (i, instance) in instances.into_iter().enumerate() {
        let id = match node_id(instance) {
            Some(id) => id,
            None if several => format!("{course_id}#{}", i + 1),
            None => course_id.clone(),
        };
        let item = Item {
            node: instance,
            parent: Some(node),
            id,
            line: line_for(doc, instance).or(line),
        };
        read_item(ctx, doc, &item);
    }
}

/// Reads one event or course instance; counts it as imported or skipped.
fn read_item(ctx: &mut FileContext, doc: &Doc, item: &Item) {
    let before = ctx.messages.len();
    let course = item_course(ctx, doc, item);
    let rejected = ctx.messages[before..]
        .iter()
        .any(|m| m.severity == crate::report::Severity::Skipped);
    match course {
        Some(course) if !rejected => ctx.courses.push(course),
        _ => ctx.skip(),
    }
}

/// A point in time as JSON-LD writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LdTime {
    Day(Date),
    Instant(i64),
}

impl LdTime {
    fn when(self) -> When {
        match self {
            LdTime::Day(d) => When::Day(d),
            LdTime::Instant(i) => When::Time(Timestamp::with_berlin_offset(i)),
        }
    }
}

/// `2027-03-09`, `2027-03-09T18:00:00+01:00`, `…Z`, or `2027-03-09T18:00` (Berlin).
fn parse_ld_time(text: &str) -> Option<LdTime> {
    let text = text.trim();
    if text.len() == 10 {
        return lernort_catalogue::parse_date(text).map(LdTime::Day);
    }
    if let Some(t) = Timestamp::parse(text) {
        return Some(LdTime::Instant(t.unix_seconds));
    }
    let (date, time) = text.split_once(['T', ' '])?;
    let date = lernort_catalogue::parse_date(date)?;
    let time = parse_time(time.split('.').next()?)?;
    Some(LdTime::Instant(
        Timestamp::from_berlin(date, time).unix_seconds,
    ))
}

/// The course of one item, or `None` with messages.
fn item_course(ctx: &mut FileContext, doc: &Doc, item: &Item) -> Option<Course> {
    let line = item.line;
    let Some(name) = item.text("name").or_else(|| item.text("courseName")) else {
        ctx.reject(line, Some("name"), "missing");
        return None;
    };
    let status = item.text("eventStatus").map(|s| short(&s).to_string());
    let sessions = item_sessions(ctx, doc, item)?;
    let id = if item.id.is_empty() {
        let first = sessions
            .first()
            .map(|s| lernort_catalogue::IsoDate(s.start_date.berlin_date()).to_string());
        format!("{}-{}", slugify(&name), first.unwrap_or_default())
    } else {
        item.id.clone()
    };
    let mut course = ctx.course(&id, &strip_html(&name));
    course.sessions = sessions;
    course.description = item
        .text("description")
        .map(|d| plain_description(&strip_html(&d)))
        .unwrap_or_default();

    read_place(ctx, doc, item, &mut course)?;
    read_offers(ctx, doc, item, &mut course)?;

    // Subjects.
    let mut labels = Vec::new();
    for about in doc.list(item.get("about")) {
        labels.extend(text_of(about).or_else(|| about.get("name").and_then(text_of)));
    }
    for keywords in as_list(item.get("keywords")) {
        if let Some(k) = text_of(keywords) {
            labels.extend(k.split(',').map(|s| s.trim().to_string()));
        }
    }
    let about_line = item.get("about").or(item.get("keywords")).and(line);
    ctx.apply_labels(&mut course, &labels, about_line, "about");

    // Ages, audience, level.
    if let Some(range) = item.text("typicalAgeRange") {
        match normalise_age_range(&range) {
            Some(r) => course.typical_age_range = Some(r),
            None => ctx.warn(
                line,
                Some("typicalAgeRange"),
                format!("'{range}' is not like 60- or 12-17; left out"),
            ),
        }
    }
    let mut target = String::new();
    for audience in doc.list(item.get("audience")) {
        if let Some(t) = audience
            .get("audienceType")
            .and_then(text_of)
            .or_else(|| text_of(audience))
        {
            target.push_str(&t);
            target.push_str(", ");
        }
    }
    apply_target_group(&mut course, &target);
    if let Some(level) = item.text("educationalLevel") {
        course.level = level_in(&level);
    }
    for a in audiences_in(&target) {
        if !course.audience.contains(&a) {
            course.audience.push(a);
        }
    }

    // Language.
    if let Some(lang) = item.get("inLanguage") {
        let code = text_of(lang)
            .or_else(|| lang.get("alternateName").and_then(text_of))
            .or_else(|| lang.get("name").and_then(text_of))
            .unwrap_or_default();
        match language_code(&code).or_else(|| plausible_code(&code)) {
            Some(c) => course.in_language = c,
            None => ctx.warn(
                line,
                Some("inLanguage"),
                format!("'{code}' is not a language code; German assumed"),
            ),
        }
    }

    // Who teaches.
    let mut people = Vec::new();
    for key in ["instructor", "performer"] {
        for person in doc.list(item.node.get(key)) {
            if let Some(n) = person
                .get("name")
                .and_then(text_of)
                .or_else(|| text_of(person))
            {
                if !people.contains(&n) {
                    people.push(n);
                }
            }
        }
    }
    if !people.is_empty() {
        course.instructor = Some(people.join(", "));
    }

    if let Some(url) = item
        .node
        .get("url")
        .and_then(text_of)
        .or_else(|| item.text("url"))
    {
        if url.starts_with("https://") || url.starts_with("http://") {
            course.url = Some(url);
        } else {
            ctx.warn(
                line,
                Some("url"),
                format!("'{url}' is not an https:// address; left out"),
            );
        }
    }
    match status.as_deref() {
        Some("EventCancelled") => course.availability = Availability::Cancelled,
        // The new date is not known yet: shown as "verschoben – neuer Termin folgt".
        Some("EventPostponed") => course.availability = Availability::Postponed,
        Some("EventMovedOnline") => course.event_attendance_mode = AttendanceMode::Online,
        _ => {}
    }
    Some(course)
}

/// `60-`, `60+`, `12–17`, `ab 60`.
fn normalise_age_range(text: &str) -> Option<String> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .replace(['–', '—'], "-");
    let compact = compact
        .strip_suffix('+')
        .map_or(compact.clone(), |n| format!("{n}-"));
    let ok = match compact.split_once('-') {
        Some((low, high)) => {
            let low: Option<u32> = low.parse().ok();
            let high: Option<u32> = if high.is_empty() {
                low
            } else {
                high.parse().ok()
            };
            matches!((low, high), (Some(l), Some(h)) if l <= h && h <= 120)
        }
        None => false,
    };
    if ok {
        Some(compact)
    } else {
        crate::text::age_range(text)
    }
}

/// A BCP 47 tag as written (`pt-BR`), when it looks like one.
fn plausible_code(code: &str) -> Option<String> {
    let mut parts = code.split('-');
    let primary = parts.next()?.to_ascii_lowercase();
    let ok = (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase());
    ok.then(|| {
        std::iter::once(primary)
            .chain(parts.map(str::to_string))
            .collect::<Vec<_>>()
            .join("-")
    })
}

/// The sessions: a schedule, sub-events, or start and end.
fn item_sessions(ctx: &mut FileContext, doc: &Doc, item: &Item) -> Option<Vec<Session>> {
    let line = item.line;
    let mut sessions = Vec::new();
    let schedules = doc.list(
        item.node
            .get("courseSchedule")
            .or(item.node.get("eventSchedule")),
    );
    for schedule in &schedules {
        sessions.extend(schedule_sessions(ctx, schedule, line)?);
    }
    let subs = doc.list(item.node.get("subEvent").or(item.node.get("subEvents")));
    for sub in &subs {
        sessions.push(start_end(ctx, sub, line, true)?);
    }
    if schedules.is_empty() && subs.is_empty() {
        sessions.push(start_end(ctx, item.node, line, false)?);
    }
    tidy_sessions(&mut sessions);
    if sessions.is_empty() {
        ctx.reject(line, Some("courseSchedule"), "gives no dates");
        return None;
    }
    Some(sessions)
}

/// One session from a node's `startDate` and `endDate` (or `duration`).
fn start_end(
    ctx: &mut FileContext,
    node: &Value,
    line: Option<usize>,
    sub: bool,
) -> Option<Session> {
    let field = if sub {
        "subEvent.startDate"
    } else {
        "startDate"
    };
    let Some(start_text) = node.get("startDate").and_then(text_of) else {
        ctx.reject(line, Some(field), "missing");
        return None;
    };
    let Some(start) = parse_ld_time(&start_text) else {
        ctx.reject(
            line,
            Some(field),
            format!("'{start_text}' is not a date like 2027-03-09 or 2027-03-09T18:00:00+01:00"),
        );
        return None;
    };
    let end_field = if sub { "subEvent.endDate" } else { "endDate" };
    let end = match node.get("endDate").and_then(text_of) {
        Some(end_text) => {
            match parse_ld_time(&end_text) {
                Some(end) => end,
                None => {
                    ctx.reject(line, Some(end_field), format!("'{end_text}' is not a date like 2027-03-09 or 2027-03-09T18:00:00+01:00"));
                    return None;
                }
            }
        }
        None => match (
            start,
            node.get("duration")
                .and_then(text_of)
                .and_then(|d| crate::ical::parse_duration(&d)),
        ) {
            (LdTime::Instant(i), Some(seconds)) => LdTime::Instant(i + seconds),
            _ => start,
        },
    };
    let session = match (start, end) {
        (LdTime::Day(_), LdTime::Day(_)) | (LdTime::Instant(_), LdTime::Instant(_)) => Session {
            start_date: start.when(),
            end_date: end.when(),
        },
        // A date-time start with a date end: the event ends that day; keep the start's day.
        _ => {
            ctx.reject(
                line,
                Some(end_field),
                "must be a date and time when the start is one, a date when the start is a date",
            );
            return None;
        }
    };
    if session.end_unix() < session.start_unix() {
        ctx.reject(line, Some(end_field), "before the start");
        return None;
    }
    Some(session)
}

/// Records why an item is not imported: its `courseSchedule`'s property `name`. `None`, for
/// the caller to return.
fn reject_schedule<T>(
    ctx: &mut FileContext,
    line: Option<usize>,
    name: &str,
    text: impl Into<String>,
) -> Option<T> {
    ctx.reject(line, Some(&format!("courseSchedule.{name}")), text);
    None
}

/// The sessions of a schema.org `Schedule`.
fn schedule_sessions(
    ctx: &mut FileContext,
    schedule: &Value,
    line: Option<usize>,
) -> Option<Vec<Session>> {
    let get = |name: &str| {
        schedule
            .get(name)
            .and_then(text_of)
            .filter(|t| !t.is_empty())
    };
    if let Some(zone) = get("scheduleTimezone") {
        if zone != "Europe/Berlin" {
            ctx.reject(
                line,
                Some("scheduleTimezone"),
                format!("'{zone}' is not supported (only Europe/Berlin)"),
            );
            return None;
        }
    }
    let Some(start_text) = get("startDate") else {
        return reject_schedule(ctx, line, "startDate", "missing");
    };
    let Some(start) = parse_ld_time(&start_text) else {
        return reject_schedule(
            ctx,
            line,
            "startDate",
            format!("'{start_text}' is not a date"),
        );
    };
    let first_day = match start {
        LdTime::Day(d) => d,
        LdTime::Instant(i) => lernort_time::to_berlin(i).date,
    };
    let mut time_field = |name: &str| -> Option<Option<TimeOfDay>> {
        match get(name) {
            None => Some(None),
            Some(t) => match parse_time(&t) {
                Some(t) => Some(Some(t)),
                None => reject_schedule(ctx, line, name, format!("'{t}' is not a time like 18:00")),
            },
        }
    };
    let start_time = time_field("startTime")?;
    let end_time = time_field("endTime")?;
    let start_time = start_time.or(match start {
        LdTime::Instant(i) => Some(lernort_time::to_berlin(i).time),
        LdTime::Day(_) => None,
    });
    let duration = get("duration").and_then(|d| crate::ical::parse_duration(&d));

    let mut rule = match get("repeatFrequency") {
        None => {
            let mut once = Rule::new(Freq::Daily);
            once.count = Some(1);
            once
        }
        Some(freq) => match frequency(&freq) {
            Some((f, interval)) => {
                let mut r = Rule::new(f);
                r.interval = interval;
                r
            }
            None => {
                return reject_schedule(
                    ctx,
                    line,
                    "repeatFrequency",
                    format!("'{freq}' is not supported (P1D, P1W, P2W, P1M…)"),
                )
            }
        },
    };
    for day in as_list(schedule.get("byDay")) {
        let Some(text) = text_of(day) else { continue };
        match parse_weekday(short(&text)) {
            Some(d) => rule.by_day.push((None, d)),
            None => return reject_schedule(ctx, line, "byDay", format!("'{text}' is not a day")),
        }
    }
    for day in as_list(schedule.get("byMonthDay")) {
        match text_of(day)
            .and_then(|t| t.parse::<i8>().ok())
            .filter(|n| *n != 0 && (-31..=31).contains(n))
        {
            Some(n) if rule.freq == Freq::Monthly => rule.by_month_day.push(n),
            _ => {
                return reject_schedule(
                    ctx,
                    line,
                    "byMonthDay",
                    "only days of the month (1–31) with a monthly frequency",
                )
            }
        }
    }
    if let Some(count) = get("repeatCount") {
        match count.parse::<u32>() {
            Ok(n) if n >= 1 => rule.count = Some(n),
            _ => {
                return reject_schedule(
                    ctx,
                    line,
                    "repeatCount",
                    format!("'{count}' is not a number from 1"),
                )
            }
        }
    }
    if let Some(end) = get("endDate") {
        match parse_ld_time(&end) {
            Some(LdTime::Day(d)) => rule.until = Some(d),
            Some(LdTime::Instant(i)) => rule.until = Some(lernort_time::to_berlin(i).date),
            None => return reject_schedule(ctx, line, "endDate", format!("'{end}' is not a date")),
        }
    }
    if rule.by_day.len() > 1 && rule.freq == Freq::Daily {
        rule.freq = Freq::Weekly;
    }
    // A weekly schedule starting on a day that is not one of its days starts on the
    // first of its days instead.
    let mut first = first_day;
    if !rule.by_day.is_empty() {
        while !rule.by_day.iter().any(|(_, d)| *d == first.weekday()) {
            first = first.add_days(1);
        }
    }
    let expansion = expand(first, &rule);
    if expansion.capped {
        ctx.warn(
            line,
            Some("courseSchedule"),
            format!(
                "more than {} dates; only the first are imported",
                crate::schedule::MAX_OCCURRENCES
            ),
        );
    }
    let mut dates = expansion.dates;
    for except in as_list(schedule.get("exceptDate")) {
        let Some(text) = text_of(except) else {
            continue;
        };
        let day = match parse_ld_time(&text) {
            Some(LdTime::Day(d)) => d,
            Some(LdTime::Instant(i)) => lernort_time::to_berlin(i).date,
            None => {
                ctx.warn(
                    line,
                    Some("courseSchedule.exceptDate"),
                    format!("'{text}' is not a date; left out"),
                );
                continue;
            }
        };
        let before = dates.len();
        dates.retain(|d| *d != day);
        if before == dates.len() {
            ctx.warn(
                line,
                Some("courseSchedule.exceptDate"),
                format!("'{text}' is not a date of the schedule"),
            );
        }
    }
    let sessions = dates
        .into_iter()
        .map(|date| match start_time {
            Some(from) => {
                let start = Timestamp::from_berlin(date, from);
                let end = match (end_time, duration) {
                    (Some(to), _) => Timestamp::from_berlin(date, to),
                    (None, Some(seconds)) => {
                        Timestamp::with_berlin_offset(start.unix_seconds + seconds)
                    }
                    (None, None) => start,
                };
                Session {
                    start_date: When::Time(start),
                    end_date: When::Time(end),
                }
            }
            None => Session {
                start_date: When::Day(date),
                end_date: When::Day(date),
            },
        })
        .collect::<Vec<_>>();
    if sessions.iter().any(|s| s.end_unix() < s.start_unix()) {
        ctx.reject(
            line,
            Some("courseSchedule.endTime"),
            "before the start time",
        );
        return None;
    }
    Some(sessions)
}

/// `P1W` → weekly; `P2W` → every other week; `P1D`, `P1M`; `weekly`, `daily`, `monthly`.
fn frequency(text: &str) -> Option<(Freq, u32)> {
    let t = short(text).to_ascii_uppercase();
    match t.as_str() {
        "DAILY" => return Some((Freq::Daily, 1)),
        "WEEKLY" => return Some((Freq::Weekly, 1)),
        "MONTHLY" => return Some((Freq::Monthly, 1)),
        _ => {}
    }
    let body = t.strip_prefix('P')?;
    let (n, unit) = body.split_at(body.len().checked_sub(1)?);
    let n: u32 = n.parse().ok().filter(|n| *n >= 1)?;
    match unit {
        "D" => Some((Freq::Daily, n)),
        "W" => Some((Freq::Weekly, n)),
        "M" => Some((Freq::Monthly, n)),
        _ => None,
    }
}

/// Where: places, virtual locations, text; a Place with an address that `import.json`
/// does not know becomes a new venue.
fn read_place(ctx: &mut FileContext, doc: &Doc, item: &Item, course: &mut Course) -> Option<()> {
    let line = item.line;
    let mut texts = Vec::new();
    let mut virtual_location = false;
    let mut new_place: Option<Venue> = None;
    for location in doc.list(item.get("location")) {
        match location {
            Value::String(s) => texts.push(s.clone()),
            node => {
                let kinds = types(node);
                if kinds.contains(&"VirtualLocation") {
                    virtual_location = true;
                    continue;
                }
                let name = node.get("name").and_then(text_of).unwrap_or_default();
                let address = node.get("address").map(|a| doc.resolve(a));
                let (street, postal, city) = match address {
                    Some(Value::String(s)) => (s.clone(), String::new(), String::new()),
                    Some(a) => (
                        a.get("streetAddress").and_then(text_of).unwrap_or_default(),
                        a.get("postalCode").and_then(text_of).unwrap_or_default(),
                        a.get("addressLocality")
                            .and_then(text_of)
                            .unwrap_or_default(),
                    ),
                    None => Default::default(),
                };
                texts.push(
                    [
                        name.as_str(),
                        street.as_str(),
                        postal.as_str(),
                        city.as_str(),
                    ]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", "),
                );
                if !name.is_empty() && !street.is_empty() && !city.is_empty() {
                    new_place = Some(Venue {
                        id: slugify(&name),
                        name,
                        street,
                        postal_code: postal,
                        city,
                        step_free: false,
                        note: None,
                    });
                }
            }
        }
    }
    let mode = item
        .get("eventAttendanceMode")
        .or(item.get("courseMode"))
        .and_then(text_of)
        .map(|m| short(&m).to_ascii_lowercase());
    let explicit = mode.as_deref().map(|m| match m {
        "onlineeventattendancemode"
        | "online"
        | "distancelearning"
        | "synchronous"
        | "asynchronous" => AttendanceMode::Online,
        "mixedeventattendancemode" | "blended" | "hybrid" | "mixed" => AttendanceMode::Mixed,
        _ => AttendanceMode::Offline,
    });
    let mut place = texts.join(" / ");
    if virtual_location || explicit == Some(AttendanceMode::Mixed) && !place.is_empty() {
        place.push_str(" / online");
    }
    if explicit == Some(AttendanceMode::Online) && texts.is_empty() {
        place = "online".to_string();
    }
    match ctx.apply_place_or_address(course, (&place, ""), new_place, (line, "location")) {
        Ok(true) => {
            course.event_attendance_mode = if virtual_location {
                AttendanceMode::Mixed
            } else {
                AttendanceMode::Offline
            };
        }
        Ok(false) => {}
        Err(e) => {
            ctx.reject(line, Some("location"), e);
            return None;
        }
    }
    if let Some(mode) = explicit {
        if mode != AttendanceMode::Online && course.venue.is_none() {
            ctx.reject(line, Some("location"), "no place for an event held on site");
            return None;
        }
        course.event_attendance_mode = mode;
    }
    Some(())
}

/// Prices, free, availability, places, booking URL.
fn read_offers(ctx: &mut FileContext, doc: &Doc, item: &Item, course: &mut Course) -> Option<()> {
    let line = item.line;
    let offers = doc.list(
        item.node
            .get("offers")
            .or(item.parent.and_then(|p| p.get("offers"))),
    );
    let mut full = Price::Empty;
    let mut reduced = Price::Empty;
    let mut availability = None;
    for offer in &offers {
        let price_text = offer
            .get("price")
            .or(offer.get("lowPrice"))
            .and_then(text_of)
            .unwrap_or_default();
        let Some(price) = parse_price(&price_text) else {
            ctx.warn(
                line,
                Some("offers.price"),
                format!("'{price_text}' is not a price; shown as 'Preis beim Anbieter erfragen'"),
            );
            continue;
        };
        let name = offer.get("name").and_then(text_of).unwrap_or_default();
        let is_reduced = ["ermaessigt", "reduced", "reduziert", "concession", "sozial"]
            .iter()
            .any(|w| crate::text::key(&name).contains(w));
        if is_reduced {
            reduced = price;
        } else if full == Price::Empty {
            full = price;
        }
        if let Some(currency) = offer.get("priceCurrency").and_then(text_of) {
            if currency != "EUR" {
                ctx.warn(
                    line,
                    Some("offers.priceCurrency"),
                    format!("'{currency}': prices are shown in euros"),
                );
            }
        }
        if availability.is_none() {
            availability = offer
                .get("availability")
                .and_then(text_of)
                .map(|a| short(&a).to_string());
            if let Some(starts) = offer.get("availabilityStarts").and_then(text_of) {
                course.availability_starts = parse_ld_time(&starts).map(LdTime::when);
            }
        }
        if course.booking_url.is_none() {
            if let Some(url) = offer.get("url").and_then(text_of) {
                if url.starts_with("https://") || url.starts_with("http://") {
                    course.booking_url = Some(url);
                }
            }
        }
    }
    if full == Price::Empty && reduced != Price::Empty {
        full = reduced;
        reduced = Price::Empty;
    }
    let free_flag = item
        .get("isAccessibleForFree")
        .and_then(text_of)
        .is_some_and(|f| f == "true");
    if free_flag {
        match full {
            Price::Cents(_) => ctx.warn(
                line,
                Some("isAccessibleForFree"),
                "true, but the offer has a price; the price is used",
            ),
            _ => full = Price::Free,
        }
    }
    let free = "the source can give offers.price 0 or isAccessibleForFree for a free event";
    if let Some(warning) = apply_price(course, full, reduced, ctx.provider, Some(free)) {
        ctx.warn(line, Some("offers"), warning);
    }
    for (field, slot) in [
        ("maximumAttendeeCapacity", 0),
        ("remainingAttendeeCapacity", 1),
    ] {
        if let Some(n) = item.get(field).and_then(text_of) {
            match n.parse::<u32>() {
                Ok(n) if slot == 0 => course.capacity = Some(n),
                Ok(n) => course.places_left = Some(n),
                Err(_) => ctx.warn(
                    line,
                    Some(field),
                    format!("'{n}' is not a number; left out"),
                ),
            }
        }
    }
    if let (Some(left), Some(cap)) = (course.places_left, course.capacity) {
        if left > cap {
            course.places_left = Some(cap);
        }
    }
    let state = match availability.as_deref() {
        None | Some("InStock" | "OnlineOnly" | "InStoreOnly") => Availability::Available,
        Some("LimitedAvailability") => Availability::Few,
        Some("SoldOut" | "OutOfStock") => Availability::Full,
        Some("BackOrder") => Availability::Waitlist,
        Some("PreOrder" | "PreSale") => Availability::NotYetOpen,
        Some("Discontinued") => Availability::Cancelled,
        Some(other) => {
            ctx.warn(
                line,
                Some("offers.availability"),
                format!("'{other}' is not a known availability; available assumed"),
            );
            Availability::Available
        }
    };
    course.availability = match (state, course.places_left) {
        (Availability::Available | Availability::Few, Some(0)) => Availability::Full,
        (state, _) => state,
    };
    Some(())
}
