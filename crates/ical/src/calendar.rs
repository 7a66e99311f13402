//! A calendar read by calcard, with what Lernort needs on top: line numbers for every
//! message, events grouped by `UID` with their changed single dates, and each event's
//! occurrences as dates, instants or floating times.
//!
//! calcard parses (content lines, values, parameters), knows the zones (IANA names,
//! Windows names, a `VTIMEZONE` naming one by `TZID`, `X-LIC-LOCATION` or the Outlook
//! zone number) and expands (`RRULE` with every part, `RDATE` with periods, `EXDATE`,
//! `RECURRENCE-ID` with `THISANDFUTURE`). Each event is expanded on its own, in a calendar
//! of just its components and the file's zones: calcard matches a changed date to its
//! series by `SEQUENCE` and date only, which across events (or when the change has the
//! higher `SEQUENCE`, as every calendar program writes) matches the wrong one or none.

use std::collections::{BTreeMap, HashMap};

use calcard::common::timezone::Tz;
use calcard::icalendar::dates::TimeOrDelta;
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarParameterName,
    ICalendarParameterValue, ICalendarProperty, ICalendarStatus, ICalendarValue,
};
use chrono::{DateTime, NaiveDateTime, TimeDelta, TimeZone};
use lernort_time::{from_berlin, Date, TimeOfDay};

use crate::lines::Lines;
use crate::Problem;

/// A calendar file, read.
pub struct Calendar {
    ical: ICalendar,
    lines: Lines,
    /// For each calcard component, the logical line of its `BEGIN` (when the two agree).
    begins: Vec<Option<usize>>,
    /// Zones the file names in its own way (`TZID` → IANA name): its own definitions
    /// matched to a zone, and the config's names.
    zone_names: BTreeMap<String, String>,
}

/// One event: a `VEVENT` with the `VEVENT`s that change single dates of it (same `UID`,
/// with `RECURRENCE-ID`).
pub struct Event<'a> {
    calendar: &'a Calendar,
    master: usize,
    changes: Vec<usize>,
}

/// A time as the calendar gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Time {
    /// A whole day (`VALUE=DATE`).
    Date(Date),
    /// An instant (UTC, or a time in a known zone), Unix seconds.
    Instant(i64),
    /// A wall-clock time without a zone ("floating"); Lernort reads it as Berlin time.
    Floating(Date, u32),
}

impl Time {
    /// The instant: a date means Berlin midnight, a floating time Berlin wall-clock time.
    pub fn unix(self) -> i64 {
        match self {
            Time::Date(d) => from_berlin(d, TimeOfDay { hour: 0, minute: 0 }),
            Time::Instant(i) => i,
            Time::Floating(d, seconds) => {
                let time = TimeOfDay {
                    hour: (seconds / 3600) as u8,
                    minute: (seconds / 60 % 60) as u8,
                };
                from_berlin(d, time) + i64::from(seconds % 60)
            }
        }
    }
}

/// One occurrence of an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// When it starts.
    pub start: Time,
    /// When it ends (exclusive; for whole days the day after the last).
    pub end: Time,
    /// A change of this single date says `STATUS:CANCELLED`.
    pub cancelled: bool,
}

/// An event's occurrences.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Occurrences {
    /// In order of start.
    pub list: Vec<Occurrence>,
    /// Whether the limit cut the series short.
    pub capped: bool,
    /// What was left out or read differently, each naming its line.
    pub problems: Vec<Problem>,
}

impl Calendar {
    /// Reads a calendar file. An error is a file that is not a calendar at all.
    pub fn read(bytes: &[u8]) -> Result<Calendar, Problem> {
        let lines = Lines::of(bytes);
        let ical = ICalendar::parse(lines.text()).map_err(|entry| Problem {
            message: format!("not an iCalendar file ({})", entry_problem(&entry)),
            ..Problem::default()
        })?;
        if ical.components.first().map(|c| &c.component_type)
            != Some(&ICalendarComponentType::VCalendar)
        {
            return Err(Problem {
                line: Some(1),
                message: "no BEGIN:VCALENDAR: not an iCalendar file".to_string(),
                ..Problem::default()
            });
        }
        let found = lines.begins();
        let begins = ical
            .components
            .iter()
            .enumerate()
            .map(|(i, component)| {
                found
                    .get(i)
                    .filter(|(_, name)| name == component.component_type.as_str())
                    .map(|(index, _)| *index)
            })
            .collect();
        // Zones the file defines under names calcard cannot map (see `definitions`).
        let mut zone_names = BTreeMap::new();
        for timezone in ical.timezones().filter(|t| t.timezone().is_none()) {
            let Some(id) = crate::definitions::tz_id(timezone) else {
                continue;
            };
            if calcard_knows_zone(&ical, id) || canonical_zone(id).is_some() {
                continue;
            }
            if let Some(zone) = crate::definitions::zone_of(&ical, timezone) {
                zone_names.insert(id.to_string(), zone);
            }
        }
        Ok(Calendar {
            ical,
            lines,
            begins,
            zone_names,
        })
    }

    /// The calendar with the config's names for zones: a `TZID` the file writes in its own
    /// way (`"Mitteleuropa"`) and the IANA zone it means (`"Europe/Berlin"`). They win
    /// over what the file's own definitions gave.
    pub fn name_zones(mut self, names: &BTreeMap<String, String>) -> Calendar {
        self.zone_names
            .extend(names.iter().map(|(k, v)| (k.clone(), v.clone())));
        self
    }

    /// The events in the order of the file, each with its changed single dates. A change
    /// whose `UID` names no event is an event of its own ([`Event::is_orphan_change`]).
    pub fn events(&self) -> Vec<Event<'_>> {
        let vevents: Vec<usize> = (0..self.ical.components.len())
            .filter(|&i| self.ical.components[i].component_type == ICalendarComponentType::VEvent)
            .collect();
        let uid = |i: usize| self.ical.components[i].uid().map(str::trim);
        let is_change =
            |i: usize| self.ical.components[i].has_property(&ICalendarProperty::RecurrenceId);
        let mut changes: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut masters: Vec<usize> = Vec::new();
        let mut master_uids = std::collections::HashSet::new();
        for &i in &vevents {
            match uid(i) {
                Some(u) if is_change(i) => changes.entry(u).or_default().push(i),
                other => {
                    masters.push(i);
                    master_uids.extend(other);
                }
            }
        }
        // Changes of no event stand alone.
        for (u, list) in &changes {
            if !master_uids.contains(u) {
                masters.extend(list.iter().copied());
            }
        }
        // Of several versions of an event (same UID), the one with the highest SEQUENCE
        // counts (on a tie, the later one): calendar programs export the old ones too.
        let mut latest: HashMap<&str, usize> = HashMap::new();
        for &i in &masters {
            if let Some(u) = uid(i).filter(|_| !is_change(i)) {
                let newer = latest
                    .get(u)
                    .is_none_or(|&j| sequence(self.component(i)) >= sequence(self.component(j)));
                if newer {
                    latest.insert(u, i);
                }
            }
        }
        masters.retain(|&i| is_change(i) || uid(i).is_none_or(|u| latest.get(u) == Some(&i)));
        masters.sort_unstable();
        let mut taken = std::collections::HashSet::new();
        masters
            .into_iter()
            .map(|master| {
                let changes = match uid(master) {
                    // Changes go to the first event with their UID; of two changes of the
                    // same date, the one with the higher SEQUENCE.
                    Some(u) if !is_change(master) && taken.insert(u) => {
                        latest_changes(self, changes.get(u).map_or(&[][..], Vec::as_slice))
                    }
                    _ => Vec::new(),
                };
                Event {
                    calendar: self,
                    master,
                    changes,
                }
            })
            .collect()
    }

    fn component(&self, index: usize) -> &ICalendarComponent {
        &self.ical.components[index]
    }

    fn line_of(&self, index: usize, property: Option<&str>) -> Option<usize> {
        let begin = self.begins.get(index).copied().flatten()?;
        property
            .and_then(|name| self.lines.property_line(begin, name))
            .or_else(|| Some(self.lines.number(begin)))
    }

    fn raw_value(&self, index: usize, property: &str) -> Option<&str> {
        let begin = self.begins.get(index).copied().flatten()?;
        self.lines.raw_value(begin, property)
    }

    /// Whether `name` names a zone known here: an IANA or Windows name calcard knows, an
    /// IANA name in another case, or a `VTIMEZONE` of the file that calcard resolves.
    fn known_zone(&self, name: &str) -> bool {
        self.zone_names.contains_key(name)
            || calcard_knows_zone(&self.ical, name)
            || canonical_zone(name).is_some()
    }

    /// The problem with line and property of a component.
    fn problem(&self, index: usize, property: &str, message: impl Into<String>) -> Problem {
        Problem {
            line: self.line_of(index, Some(property)),
            property: Some(property.to_string()),
            message: message.into(),
            unknown_zone: None,
        }
    }
}

impl<'a> Event<'a> {
    fn component(&self) -> &'a ICalendarComponent {
        self.calendar.component(self.master)
    }

    /// The line of the event's `BEGIN:VEVENT`, when known.
    pub fn line(&self) -> Option<usize> {
        self.calendar.line_of(self.master, None)
    }

    /// The line of its first property `name`, else of the event.
    pub fn line_of(&self, name: &str) -> Option<usize> {
        self.calendar.line_of(self.master, Some(name))
    }

    /// Whether the event has a property `name`.
    pub fn has(&self, name: &str) -> bool {
        self.entries(name).next().is_some()
    }

    /// The text of its first property `name`, trimmed (empty if none).
    pub fn text(&self, name: &str) -> String {
        self.entries(name)
            .flat_map(|e| e.values.iter())
            .find_map(ICalendarValue::as_text)
            .map(|t| t.trim().to_string())
            .unwrap_or_default()
    }

    /// Every value of every property `name` (`CATEGORIES` has lists), trimmed, empty
    /// ones left out.
    pub fn texts(&self, name: &str) -> Vec<String> {
        self.entries(name)
            .flat_map(|e| e.values.iter())
            .filter_map(ICalendarValue::as_text)
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect()
    }

    /// A parameter of the first property `name` (e.g. `LANGUAGE` of `SUMMARY`).
    pub fn param(&self, name: &str, param: &str) -> Option<String> {
        self.entries(name).next()?.params.iter().find_map(|p| {
            (p.name.as_str().eq_ignore_ascii_case(param))
                .then(|| p.value.as_text().map(str::to_string))
                .flatten()
        })
    }

    /// Whether this is a change of a single date (`RECURRENCE-ID`) whose `UID` names no
    /// event in the file: it is read as an event of its own.
    pub fn is_orphan_change(&self) -> bool {
        self.component()
            .has_property(&ICalendarProperty::RecurrenceId)
    }

    /// Whether the whole event is cancelled (`STATUS:CANCELLED`).
    pub fn cancelled(&self) -> bool {
        is_cancelled(self.component())
    }

    fn entries(
        &self,
        name: &'a str,
    ) -> impl Iterator<Item = &'a calcard::icalendar::ICalendarEntry> + 'a {
        self.component()
            .entries
            .iter()
            .filter(move |e| e.name.as_str().eq_ignore_ascii_case(name))
    }

    /// The occurrences, at most `limit` from the series' start (each rule date counts,
    /// also one removed by `EXDATE`). An error is an event whose dates cannot be read
    /// at all (no `DTSTART`, a broken one, a rule that cannot be expanded); a change of a
    /// single date that cannot be read is left out with a problem.
    pub fn occurrences(&self, limit: usize) -> Result<Occurrences, Problem> {
        let calendar = self.calendar;
        let mut problems = Vec::new();
        let members: Vec<usize> = std::iter::once(self.master)
            .chain(self.changes.iter().copied())
            .collect();
        for &index in &members {
            problems.extend(self.unknown_zones(index));
        }
        // calcard reads an RRULE it cannot parse as text and the event as a single date:
        // that would show a series as one date without a word. (An empty `RRULE:`, as
        // Calendar Labs' holiday calendars write, means no rule.)
        let unreadable_rule = self.component().entries.iter().any(|e| {
            e.name == ICalendarProperty::Rrule
                && !matches!(e.values.first(), Some(ICalendarValue::RecurrenceRule(_)))
                && e.values
                    .iter()
                    .any(|v| v.as_text().is_some_and(|t| !t.trim().is_empty()))
        });
        if unreadable_rule {
            return Err(calendar.problem(
                self.master,
                "RRULE",
                format!(
                    "'{}' is not a recurrence rule like FREQ=WEEKLY;BYDAY=TU",
                    calendar.raw_value(self.master, "RRULE").unwrap_or("")
                ),
            ));
        }
        // A calendar of the file's zones and this event alone (see the module's docs).
        let zones: Vec<ICalendarComponent> = calendar.ical.timezones().cloned().collect();
        let first = zones.len();
        let mut components = zones;
        let all_day = starts_with_date(self.component());
        for &index in &members {
            components.push(prepared(calendar.component(index), calendar, all_day));
        }
        let own = ICalendar { components };
        let default_zone = calendar_zone(&calendar.ical).unwrap_or(Tz::Floating);
        let expansion = own.expand_dates(default_zone, limit);
        let member_of = |comp_id: u32| members[comp_id as usize - first];
        for error in &expansion.errors {
            let index = member_of(error.comp_id);
            let problem = self.error_problem(index, &error.error);
            if index == self.master {
                return Err(problem);
            }
            problems.push(Problem {
                message: format!("{}; this change is left out", problem.message),
                ..problem
            });
        }
        // Each with whether it is the series' own (rule, RDATE) rather than a change.
        let mut list: Vec<(Occurrence, bool)> = Vec::new();
        let mut from_rule = 0usize;
        // Each member's DTSTART zone, found once (not per date).
        let zones: HashMap<usize, Option<Tz>> = members
            .iter()
            .map(|&i| (i, start_zone(calendar.component(i), &calendar.ical)))
            .collect();
        for event in &expansion.events {
            let index = member_of(event.comp_id);
            from_rule += usize::from(index == self.master);
            let component = calendar.component(index);
            let all_day = starts_with_date(component);
            let start = time_of(event.start, all_day, zones[&index]);
            let end = match event.end {
                TimeOrDelta::Time(end) => time_of(end, all_day, zones[&index]),
                // RFC 5545 §3.6.1: without DTEND or DURATION a date-time event ends when it
                // starts (calcard would make it last to 23:59:59).
                TimeOrDelta::Delta(_) if !all_day && !has_length(component) => start,
                TimeOrDelta::Delta(delta) => add(start, delta),
            };
            let own = index == self.master;
            let occurrence = Occurrence {
                start,
                end,
                cancelled: !own && is_cancelled(component),
            };
            list.push((occurrence, own));
        }
        // EXDATE removes from the whole set, RDATEs included (calcard applies it to the
        // rule's dates only); a whole-day EXDATE in a series with times removes that day.
        let zone = zones[&self.master];
        let excluded = excluded_instants(self.component(), &calendar.ical, zone);
        let days = if all_day {
            Vec::new()
        } else {
            excluded_days(self.component())
        };
        list.retain(|(o, own)| {
            !own || !(excluded.contains(&o.start.unix())
                || days.contains(&local_date(o.start, zone)))
        });
        list.sort_by_key(|(o, _)| (o.start.unix(), o.end.unix()));
        // A set: an RDATE repeating DTSTART or a rule's date is one occurrence (two
        // changes moved to the same time stay two).
        list.dedup_by(|(a, a_own), (b, b_own)| *a_own && *b_own && a == b);
        let list: Vec<Occurrence> = list.into_iter().map(|(o, _)| o).collect();
        let capped = self.component().has_property(&ICalendarProperty::Rrule) && from_rule >= limit;
        Ok(Occurrences {
            list,
            capped,
            problems,
        })
    }

    /// A `TZID` that names no zone calcard knows: its times are read as Berlin time.
    fn unknown_zones(&self, index: usize) -> Vec<Problem> {
        let component = self.calendar.component(index);
        let mut problems = Vec::new();
        for entry in &component.entries {
            let Some(zone) = entry.tz_id() else { continue };
            if !self.calendar.known_zone(zone) {
                problems.push(Problem {
                    unknown_zone: Some(zone.to_string()),
                    ..self.calendar.problem(
                        index,
                        entry.name.as_str(),
                        format!(
                            "TZID '{zone}' is not a time zone known here (an IANA name such as \
                             Europe/Berlin, a Windows name, or a VTIMEZONE naming one); read as Berlin time"
                        ),
                    )
                });
            }
        }
        problems.dedup();
        problems
    }

    fn error_problem(
        &self,
        index: usize,
        error: &calcard::icalendar::dates::CalendarErrorType,
    ) -> Problem {
        use calcard::icalendar::dates::CalendarErrorType as E;
        let calendar = self.calendar;
        let raw = |name: &str| calendar.raw_value(index, name).unwrap_or("").to_string();
        match error {
            E::MissingDtStart if calendar.raw_value(index, "DTSTART").is_none() => {
                calendar.problem(index, "DTSTART", "missing")
            }
            E::MissingDtStart | E::InvalidDtStart => calendar.problem(
                index,
                "DTSTART",
                format!(
                    "'{}' is not a date (20270309) or date and time (20270309T180000) that \
                     exists in its zone",
                    raw("DTSTART")
                ),
            ),
            E::InvalidDtEnd => calendar.problem(
                index,
                "DTEND",
                format!("'{}' is not a date or date and time", raw("DTEND")),
            ),
            E::InvalidDuration => calendar.problem(
                index,
                "DURATION",
                format!("'{}' is not a duration like PT1H30M", raw("DURATION")),
            ),
            E::RRule(e) => calendar.problem(
                index,
                "RRULE",
                format!("'{}' cannot be expanded ({e})", raw("RRULE")),
            ),
        }
    }
}

/// A copy of a component ready for calcard's expansion: without `SEQUENCE` (calcard
/// matches changes by it), and with an `UNTIL` in UTC turned into the wall-clock time of
/// `DTSTART`'s zone (calcard compares it with the rule's dates as wall-clock times).
fn prepared(
    component: &ICalendarComponent,
    calendar: &Calendar,
    all_day: bool,
) -> ICalendarComponent {
    let ical = &calendar.ical;
    let mut copy = component.clone();
    copy.entries
        .retain(|e| e.name != ICalendarProperty::Sequence);
    // A zone name in the wrong case (`Europe/lisbon`, seen in real exports) is the zone.
    for param in copy.entries.iter_mut().flat_map(|e| e.params.iter_mut()) {
        if param.name != ICalendarParameterName::Tzid {
            continue;
        }
        if let ICalendarParameterValue::Text(name) = &mut param.value {
            // The config's name for it first.
            if let Some(named) = calendar.zone_names.get(name.as_str()) {
                *name = named.clone();
                continue;
            }
            if !calcard_knows_zone(ical, name) {
                if let Some(canonical) = canonical_zone(name) {
                    *name = canonical;
                }
            }
        }
    }
    // A series of whole days changed by a RECURRENCE-ID with a time (Exchange writes
    // midnight in its zone) means that day.
    for entry in &mut copy.entries {
        if entry.name != ICalendarProperty::RecurrenceId || !all_day {
            continue;
        }
        entry
            .params
            .retain(|p| p.name != ICalendarParameterName::Tzid);
        for value in &mut entry.values {
            if let ICalendarValue::PartialDateTime(date) = value {
                date.hour = None;
                date.minute = None;
                date.second = None;
                date.tz_hour = None;
                date.tz_minute = None;
                date.tz_minus = false;
            }
        }
    }
    let zone = start_zone(component, ical);
    for entry in &mut copy.entries {
        if entry.name != ICalendarProperty::Rrule {
            continue;
        }
        for value in &mut entry.values {
            let ICalendarValue::RecurrenceRule(rule) = value else {
                continue;
            };
            let Some(until) = rule.until.as_mut() else {
                continue;
            };
            let (Some(zone), Some(instant)) =
                (zone, until.to_date_time().filter(|d| d.offset.is_some()))
            else {
                continue;
            };
            let utc = instant.date_time
                - TimeDelta::seconds(i64::from(instant.offset.map_or(0, |o| o.local_minus_utc())));
            let local = zone.from_utc_datetime(&utc).naive_local();
            use chrono::{Datelike, Timelike};
            until.year = Some(local.year() as u16);
            until.month = Some(local.month() as u8);
            until.day = Some(local.day() as u8);
            until.hour = Some(local.hour() as u8);
            until.minute = Some(local.minute() as u8);
            until.second = Some(local.second() as u8);
            until.tz_hour = None;
            until.tz_minute = None;
            until.tz_minus = false;
        }
    }
    copy
}

/// The zone of a component's `DTSTART`: UTC (or an offset) written in the value, a known
/// `TZID`, else the calendar's `X-WR-TIMEZONE` for a floating time; `None` for floating.
/// (calcard keeps only a `TZID`'s zone for the rule's dates, so the dates of a series
/// starting at a UTC time came back floating.)
fn start_zone(component: &ICalendarComponent, ical: &ICalendar) -> Option<Tz> {
    let entry = component.property(&ICalendarProperty::Dtstart)?;
    let value = entry.values.first()?.as_partial_date_time()?;
    if let Some(zone) = value.to_date_time().and_then(|d| d.tz()) {
        return Some(zone);
    }
    match entry.tz_id() {
        Some(name) => ical.build_tz_resolver().resolve(name),
        None => calendar_zone(ical),
    }
    .filter(|tz| !tz.is_floating())
}

/// The zone a calendar names for its floating times (`X-WR-TIMEZONE`, as Google and
/// Apple write it), if it is a known one.
fn calendar_zone(ical: &ICalendar) -> Option<Tz> {
    ical.components
        .first()?
        .entries
        .iter()
        .find(|e| e.name.as_str().eq_ignore_ascii_case("X-WR-TIMEZONE"))?
        .values
        .first()?
        .as_text()?
        .trim()
        .parse()
        .ok()
}

/// The whole days an `EXDATE;VALUE=DATE` removes.
fn excluded_days(component: &ICalendarComponent) -> Vec<Date> {
    component
        .entries
        .iter()
        .filter(|e| e.name == ICalendarProperty::Exdate)
        .flat_map(|e| e.values.iter())
        .filter_map(|v| v.as_partial_date_time())
        .filter(|d| !d.has_time())
        .filter_map(|d| d.to_date_time())
        .map(|d| date_of(d.date_time))
        .collect()
}

/// The instants an `EXDATE` with a time removes (Berlin for floating ones, as
/// [`Time::unix`] reads them).
fn excluded_instants(
    component: &ICalendarComponent,
    ical: &ICalendar,
    zone: Option<Tz>,
) -> Vec<i64> {
    let resolver = ical.build_tz_resolver();
    let mut instants = Vec::new();
    for entry in component
        .entries
        .iter()
        .filter(|e| e.name == ICalendarProperty::Exdate)
    {
        let entry_zone = entry
            .tz_id()
            .and_then(|name| resolver.resolve(name))
            .or(zone);
        for value in entry.values.iter().filter_map(|v| v.as_partial_date_time()) {
            let Some(result) = value.to_date_time().filter(|_| value.has_time()) else {
                continue;
            };
            let time = match (result.tz(), entry_zone) {
                (Some(fixed), _) => fixed
                    .from_local_datetime(&result.date_time)
                    .single()
                    .map_or(0, |t| t.timestamp()),
                (None, Some(zone)) if !zone.is_floating() => instant_in(zone, result.date_time),
                (None, _) => {
                    Time::Floating(date_of(result.date_time), seconds_of(result.date_time)).unix()
                }
            };
            instants.push(time);
        }
    }
    instants
}

/// The wall-clock date of a time in a zone (Berlin for instants without one).
fn local_date(time: Time, zone: Option<Tz>) -> Date {
    match (time, zone) {
        (Time::Date(d) | Time::Floating(d, _), _) => d,
        (Time::Instant(i), Some(zone)) => zone.timestamp_opt(i, 0).single().map_or_else(
            || lernort_time::to_berlin(i).date,
            |t| date_of(t.naive_local()),
        ),
        (Time::Instant(i), None) => lernort_time::to_berlin(i).date,
    }
}

/// Whether calcard resolves `name`: by its own name lists or a `VTIMEZONE` of the file.
fn calcard_knows_zone(ical: &ICalendar, name: &str) -> bool {
    name.parse::<Tz>().is_ok()
        || ical
            .timezones()
            .filter_map(|tz| tz.timezone())
            .any(|(id, _)| id == name)
}

/// The IANA name of a zone written in another case.
fn canonical_zone(name: &str) -> Option<String> {
    chrono_tz::Tz::from_str_insensitive(name.trim())
        .ok()
        .map(|tz| tz.name().to_string())
}

/// A component's `SEQUENCE` (0 when it has none).
fn sequence(component: &ICalendarComponent) -> i64 {
    component
        .property(&ICalendarProperty::Sequence)
        .and_then(|e| e.values.first())
        .and_then(ICalendarValue::as_integer)
        .unwrap_or(0)
}

/// Of the changes of one event, per `RECURRENCE-ID` the one with the highest `SEQUENCE`.
fn latest_changes(calendar: &Calendar, changes: &[usize]) -> Vec<usize> {
    let rid = |i: usize| {
        calendar
            .component(i)
            .property(&ICalendarProperty::RecurrenceId)
            .and_then(|e| e.values.first())
            .and_then(|v| v.as_partial_date_time())
            .and_then(|d| d.to_date_time())
            .map(|d| d.date_time)
    };
    let mut kept: Vec<usize> = Vec::new();
    for &i in changes {
        match kept.iter().position(|&j| rid(j) == rid(i)) {
            Some(at)
                if sequence(calendar.component(i)) >= sequence(calendar.component(kept[at])) =>
            {
                kept[at] = i
            }
            Some(_) => {}
            None => kept.push(i),
        }
    }
    kept
}

/// Whether `DTSTART` is a date.
fn starts_with_date(component: &ICalendarComponent) -> bool {
    component
        .property(&ICalendarProperty::Dtstart)
        .and_then(|e| e.values.first())
        .and_then(|v| v.as_partial_date_time())
        .is_some_and(|d| !d.has_time())
}

fn has_length(component: &ICalendarComponent) -> bool {
    component.has_property(&ICalendarProperty::Dtend)
        || component.has_property(&ICalendarProperty::Duration)
}

fn is_cancelled(component: &ICalendarComponent) -> bool {
    component.status() == Some(&ICalendarStatus::Cancelled)
}

/// A calcard date-time as a [`Time`]. A wall-clock time calcard left without its zone
/// (one that does not exist or exists twice on a change of summer time) gets it here:
/// the first of two, or for a skipped one the offset before the gap (RFC 5545 §3.3.5).
fn time_of(time: DateTime<Tz>, all_day: bool, zone: Option<Tz>) -> Time {
    let naive = time.naive_local();
    if all_day {
        return Time::Date(date_of(naive));
    }
    if !time.timezone().is_floating() {
        return Time::Instant(time.timestamp());
    }
    match zone {
        Some(zone) => Time::Instant(instant_in(zone, naive)),
        None => Time::Floating(date_of(naive), seconds_of(naive)),
    }
}

/// Unix seconds of a wall-clock time in a zone (see [`time_of`]).
fn instant_in(zone: Tz, naive: NaiveDateTime) -> i64 {
    match zone.from_local_datetime(&naive) {
        chrono::LocalResult::Single(t) => t.timestamp(),
        chrono::LocalResult::Ambiguous(first, _) => first.timestamp(),
        chrono::LocalResult::None => {
            let before = zone
                .from_local_datetime(&(naive - TimeDelta::hours(3)))
                .earliest()
                .map_or(0, |t| {
                    use chrono::Offset;
                    t.offset().fix().local_minus_utc()
                });
            naive.and_utc().timestamp() - i64::from(before)
        }
    }
}

fn date_of(naive: NaiveDateTime) -> Date {
    use chrono::Datelike;
    Date::new(naive.year(), naive.month() as u8, naive.day() as u8)
        .unwrap_or(Date::from_days_since_epoch(0))
}

fn seconds_of(naive: NaiveDateTime) -> u32 {
    use chrono::Timelike;
    naive.num_seconds_from_midnight()
}

/// A time plus a length: whole days stay days, floating times stay floating.
fn add(start: Time, delta: TimeDelta) -> Time {
    match start {
        Time::Date(d) => Time::Date(d.add_days(delta.num_days().max(1))),
        Time::Instant(i) => Time::Instant(i + delta.num_seconds()),
        Time::Floating(d, s) => {
            let total = i64::from(s) + delta.num_seconds();
            Time::Floating(
                d.add_days(total.div_euclid(86_400)),
                total.rem_euclid(86_400) as u32,
            )
        }
    }
}

fn entry_problem(entry: &calcard::Entry) -> String {
    match entry {
        calcard::Entry::InvalidLine(line) => format!("a line that is not NAME:VALUE: '{line}'"),
        calcard::Entry::UnexpectedComponentEnd { expected, found } => format!(
            "END:{} where END:{} was due",
            found.as_str(),
            expected.as_str()
        ),
        calcard::Entry::UnterminatedComponent(name) => format!("BEGIN:{name} is never closed"),
        calcard::Entry::TooManyComponents => "too many components".to_string(),
        calcard::Entry::VCard(_) => "a vCard, not a calendar".to_string(),
        _ => "no BEGIN:VCALENDAR".to_string(),
    }
}
