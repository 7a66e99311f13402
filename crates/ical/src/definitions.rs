//! Zones a calendar defines itself: a `VTIMEZONE` under a name calcard cannot map to a
//! zone (not an IANA or Windows name, no `X-LIC-LOCATION`) is matched to the zone of the
//! database whose offsets agree with the definition's: its observances (`STANDARD`,
//! `DAYLIGHT`) give onsets (RFC 5545 §3.6.5: the offset in effect is the one of the last
//! onset), sampled weekly over 2020–2030 and compared with every zone chrono-tz knows.
//! Of several that agree, one whose city the definition's name mentions wins, else the
//! first by name.

use calcard::common::timezone::Tz;
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarProperty,
};
use chrono::{Offset, TimeZone};

/// The years whose offsets must agree.
const FIRST_YEAR: i32 = 2020;
const LAST_YEAR: i32 = 2030;
/// One sample a week.
const STEP: i64 = 7 * 86_400;

/// The IANA name of the zone `timezone` (a `VTIMEZONE` of `ical`) defines, when one zone's
/// offsets agree with it.
pub(crate) fn zone_of(ical: &ICalendar, timezone: &ICalendarComponent) -> Option<String> {
    let name = tz_id(timezone)?.to_lowercase();
    let onsets = onsets(ical, timezone)?;
    let start = year_start(FIRST_YEAR);
    let end = year_start(LAST_YEAR + 1);
    let samples: Vec<(i64, i32)> = (0..)
        .map(|week| start + week * STEP)
        .take_while(|&at| at < end)
        .map(|at| Some((at, offset_at(&onsets, at)?)))
        .collect::<Option<_>>()?;
    let agrees = |zone: &chrono_tz::Tz| {
        samples.iter().all(|&(at, offset)| {
            zone.timestamp_opt(at, 0)
                .single()
                .is_some_and(|t| t.offset().fix().local_minus_utc() == offset)
        })
    };
    let matching: Vec<&chrono_tz::Tz> = chrono_tz::TZ_VARIANTS
        .iter()
        .filter(|z| agrees(z))
        .collect();
    let city = |zone: &chrono_tz::Tz| {
        zone.name()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .replace('_', " ")
            .to_lowercase()
    };
    matching
        .iter()
        .find(|zone| name.contains(&city(zone)))
        .or(matching.first())
        .map(|zone| zone.name().to_string())
}

/// Each onset of the definition (Unix seconds) with the offset it brings, sorted.
fn onsets(ical: &ICalendar, timezone: &ICalendarComponent) -> Option<Vec<(i64, i32)>> {
    let mut onsets = Vec::new();
    for &id in &timezone.component_ids {
        let observance = ical.components.get(id as usize)?;
        if !matches!(
            observance.component_type,
            ICalendarComponentType::Standard | ICalendarComponentType::Daylight
        ) {
            continue;
        }
        let from = offset(observance, &ICalendarProperty::Tzoffsetfrom)?;
        let to = offset(observance, &ICalendarProperty::Tzoffsetto)?;
        // The observance's onsets as wall-clock times (in the offset before them), by the
        // same expansion as events: DTSTART, RRULE, RDATE.
        let mut event = observance.clone();
        event.component_type = ICalendarComponentType::VEvent;
        let own = ICalendar {
            components: vec![event],
        };
        let horizon = year_start(LAST_YEAR + 1);
        for occurrence in own.expand_dates(Tz::Floating, 2_000).events {
            let at = occurrence.start.naive_local().and_utc().timestamp() - i64::from(from);
            if at < horizon {
                onsets.push((at, to));
            }
        }
    }
    onsets.sort_unstable();
    Some(onsets)
}

/// The offset in effect at `at`: the one of the last onset before it.
fn offset_at(onsets: &[(i64, i32)], at: i64) -> Option<i32> {
    onsets
        .partition_point(|&(onset, _)| onset <= at)
        .checked_sub(1)
        .map(|i| onsets[i].1)
}

/// `TZOFFSETFROM` / `TZOFFSETTO` in seconds east of UTC.
fn offset(observance: &ICalendarComponent, name: &ICalendarProperty) -> Option<i32> {
    let value = observance
        .property(name)?
        .values
        .first()?
        .as_partial_date_time()?;
    let seconds = i32::from(value.tz_hour?) * 3600 + i32::from(value.tz_minute.unwrap_or(0)) * 60;
    Some(if value.tz_minus { -seconds } else { seconds })
}

fn year_start(year: i32) -> i64 {
    chrono::NaiveDate::from_ymd_opt(year, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map_or(0, |t| t.and_utc().timestamp())
}

/// The `TZID` of a `VTIMEZONE`.
pub(crate) fn tz_id(timezone: &ICalendarComponent) -> Option<&str> {
    timezone
        .property(&ICalendarProperty::Tzid)?
        .values
        .first()?
        .as_text()
}
