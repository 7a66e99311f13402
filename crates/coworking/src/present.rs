//! Words and figures for showing a [`CoworkingStatus`]: "3 von 8 Plätzen frei", "Geöffnet
//! bis 20:00 Uhr", each status as a word and a symbol (never colour alone), today's hours
//! grid, and a sentence about the typical load. Plain functions, so the app's components
//! stay thin and all of this is tested natively.

use lernort_i18n::{clock_time, fill, weekday_name, Lang, Msg};
use lernort_time::{to_berlin, Date, TimeOfDay, Weekday};

use crate::status::{Booking, CoworkingStatus, Features, Load, Opening, SpaceKind, SpaceStatus};

/// The clock time of a Unix time in Berlin, e.g. `12:00 Uhr`.
pub fn clock(unix: i64, lang: Lang) -> String {
    clock_time(to_berlin(unix).time, lang)
}

/// "3 von 8 Plätzen frei".
///
/// ```
/// use lernort_coworking::present::desks_free_text;
/// use lernort_i18n::Lang;
/// assert_eq!(desks_free_text(3, 8, Lang::De), "3 von 8 Plätzen frei");
/// assert_eq!(desks_free_text(0, 1, Lang::En), "0 of 1 desk free");
/// ```
pub fn desks_free_text(free: usize, all: usize, lang: Lang) -> String {
    let template = if all == 1 {
        Msg::DeskFreeOfOne
    } else {
        Msg::DesksFree
    };
    fill(template.text(lang), &[&free.to_string(), &all.to_string()])
}

/// Open until when, or closed and when it opens, as a sentence; `now` decides "today" and
/// "tomorrow".
///
/// ```
/// use lernort_coworking::{present::opening_text, Opening};
/// use lernort_i18n::Lang;
/// // Friday 20.11.2026 10:00 in Berlin; closes at 20:00.
/// let friday_ten = 1_795_215_600 - 86_400 + 10 * 3_600;
/// let open = Opening { open: true, changes_at: Some(friday_ten + 10 * 3600), closed_because: None };
/// assert_eq!(opening_text(&open, friday_ten, Lang::De), "Geöffnet bis 20:00 Uhr");
/// ```
pub fn opening_text(opening: &Opening, now: i64, lang: Lang) -> String {
    if opening.open {
        return match opening.changes_at {
            Some(at) => fill(Msg::OpenUntilTime.text(lang), &[&clock(at, lang)]),
            None => Msg::OpenNow.text(lang).to_string(),
        };
    }
    let closed = match &opening.closed_because {
        Some(reason) => fill(Msg::ClosedToday.text(lang), &[reason.get(lang)]),
        None => Msg::ClosedNow.text(lang).to_string(),
    };
    let Some(at) = opening.changes_at else {
        return closed;
    };
    let today = to_berlin(now).date;
    let then = to_berlin(at);
    let days_ahead = then.date.days_since_epoch() - today.days_since_epoch();
    let when = match days_ahead {
        0 => Msg::OpensToday.text(lang).to_string(),
        1 => Msg::OpensTomorrow.text(lang).to_string(),
        _ => format!(
            "{} {} {}",
            Msg::OpensOn.text(lang),
            weekday_name(then.date.weekday(), lang),
            Msg::At.text(lang)
        ),
    };
    format!("{closed} – {when} {}", clock_time(then.time, lang))
}

/// The status as a word: "frei", "besetzt", …
pub fn status_word(status: SpaceStatus, lang: Lang) -> &'static str {
    match status {
        SpaceStatus::Free => Msg::SpaceFree,
        SpaceStatus::Occupied => Msg::SpaceOccupied,
        SpaceStatus::Reserved => Msg::SpaceReserved,
        SpaceStatus::OutOfService => Msg::SpaceOutOfService,
    }
    .text(lang)
}

/// The status as a symbol that differs in shape, for the plan (with the word beside it in
/// the list): ✓ free, ● occupied, ◔ reserved, ✕ out of service.
pub fn status_symbol(status: SpaceStatus) -> &'static str {
    match status {
        SpaceStatus::Free => "✓",
        SpaceStatus::Occupied => "●",
        SpaceStatus::Reserved => "◔",
        SpaceStatus::OutOfService => "✕",
    }
}

/// The CSS class suffix of a status: `free`, `occupied`, `reserved`, `out-of-service`.
pub fn status_class(status: SpaceStatus) -> &'static str {
    match status {
        SpaceStatus::Free => "free",
        SpaceStatus::Occupied => "occupied",
        SpaceStatus::Reserved => "reserved",
        SpaceStatus::OutOfService => "out-of-service",
    }
}

/// When the status changes, in words: "bis 12:00 Uhr" for a taken space, "ab 14:00 Uhr
/// gebucht" for a free one with a booking later today; empty when not known.
pub fn until_text(status: SpaceStatus, until: Option<i64>, lang: Lang) -> String {
    match (status, until) {
        (SpaceStatus::Free, Some(at)) => fill(Msg::SpaceBookedFrom.text(lang), &[&clock(at, lang)]),
        (_, Some(at)) => fill(Msg::SpaceUntil.text(lang), &[&clock(at, lang)]),
        (_, None) => String::new(),
    }
}

/// What a space offers, as words.
///
/// ```
/// use lernort_coworking::{present::feature_words, Features, SpaceKind};
/// use lernort_i18n::Lang;
/// let features = Features { monitor: true, power: true, quiet: false, step_free: true, seats: 6 };
/// assert_eq!(feature_words(&features, SpaceKind::Room, Lang::De),
///     ["6 Sitzplätze", "Monitor", "Steckdose", "stufenlos erreichbar"]);
/// ```
pub fn feature_words(features: &Features, kind: SpaceKind, lang: Lang) -> Vec<String> {
    let mut words = Vec::new();
    if kind == SpaceKind::Room {
        words.push(if features.seats == 1 {
            Msg::SpaceOneSeat.text(lang).to_string()
        } else {
            fill(Msg::SpaceSeats.text(lang), &[&features.seats.to_string()])
        });
    }
    for (has, msg) in [
        (features.monitor, Msg::SpaceMonitor),
        (features.power, Msg::SpacePower),
        (features.quiet, Msg::SpaceQuiet),
        (features.step_free, Msg::SpaceStepFree),
    ] {
        if has {
            words.push(msg.text(lang).to_string());
        }
    }
    words
}

/// The part of the plan worth drawing: the box around every zone and space, with room above
/// for the zones' names (`label_room`) and a small margin elsewhere, as `(x, y, width,
/// height)`; the whole plan when it has nothing in it.
///
/// ```
/// use lernort_coworking::{present::plan_view, CoworkingStatus};
/// # let json = r#"{"format": 1, "generated": 0, "opening": {"open": true},
/// #  "plan": {"width": 800, "height": 500, "zones": [{"id": "z", "name": "Zone",
/// #    "shape": {"x": 300, "y": 0, "width": 250, "height": 200}}]},
/// #  "spaces": [{"id": "r", "name": "Raum", "kind": "room", "zone": "z",
/// #    "shape": {"x": 320, "y": 20, "width": 100, "height": 70}, "status": "free"}]}"#;
/// let status = CoworkingStatus::from_json(json).unwrap(); // one zone at x 300–550, y 0–200
/// assert_eq!(plan_view(&status, 40.0, 10.0), (290.0, -40.0, 270.0, 250.0));
/// ```
pub fn plan_view(status: &CoworkingStatus, label_room: f64, margin: f64) -> (f64, f64, f64, f64) {
    let shapes = status
        .plan
        .zones
        .iter()
        .map(|z| z.shape)
        .chain(status.spaces.iter().map(|s| s.shape));
    let mut bounds: Option<(f64, f64, f64, f64)> = None;
    for s in shapes {
        let (x0, y0, x1, y1) = bounds.unwrap_or((s.x, s.y, s.x + s.width, s.y + s.height));
        bounds = Some((
            x0.min(s.x),
            y0.min(s.y),
            x1.max(s.x + s.width),
            y1.max(s.y + s.height),
        ));
    }
    match bounds {
        Some((x0, y0, x1, y1)) => (
            x0 - margin,
            y0 - label_room,
            x1 - x0 + 2.0 * margin,
            y1 - y0 + label_room + margin,
        ),
        None => (0.0, 0.0, status.plan.width, status.plan.height),
    }
}

/// Bookings as "10:00–12:00 Uhr, 14:00–15:30 Uhr".
pub fn bookings_text(bookings: &[Booking], lang: Lang) -> String {
    let mut text = String::new();
    for (i, booking) in bookings.iter().enumerate() {
        if i > 0 {
            text.push_str(", ");
        }
        let start = to_berlin(booking.start).time;
        text.push_str(&format!("{}:{:02}–", start.hour, start.minute));
        text.push_str(&clock(booking.end, lang));
    }
    text
}

/// The Unix time at which Berlin's clocks show `hour:00` on `date` (`hour` 24: the next
/// midnight), by the one conversion in `lernort_time`.
pub fn berlin_unix(date: Date, hour: u8) -> i64 {
    let (date, hour) = if hour >= 24 {
        (date.add_days(1), hour - 24)
    } else {
        (date, hour)
    };
    lernort_time::from_berlin(date, lernort_time::TimeOfDay { hour, minute: 0 })
}

/// One column of today's grid: an hour and whether each space is booked in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HourColumn {
    /// The hour, 0–23, Berlin time.
    pub hour: u8,
    /// For each space, in the document's order: booked (or out of service) in this hour.
    pub taken: Vec<bool>,
}

/// Today's grid: one column per hour from `from` to `to` (exclusive) on `date`; a space
/// is taken in an hour when a booking overlaps it or it is out of service.
///
/// ```
/// use lernort_coworking::{present::today_grid, CoworkingStatus};
/// # let json = r#"{"format": 1, "generated": 0, "opening": {"open": true},
/// #  "plan": {"width": 1, "height": 1},
/// #  "spaces": [{"id": "r", "name": "Raum", "kind": "room", "zone": "z",
/// #    "shape": {"x": 0, "y": 0, "width": 1, "height": 1}, "status": "reserved",
/// #    "today": [{"start": 1795251600, "end": 1795258800}]}]}"#;
/// let status = CoworkingStatus::from_json(json).unwrap(); // booked 10:00–12:00 on 21.11.2026
/// let date = lernort_time::to_berlin(1_795_258_800).date;
/// let grid = today_grid(&status, date, 9, 13);
/// let taken: Vec<bool> = grid.iter().map(|c| c.taken[0]).collect();
/// assert_eq!(taken, [false, true, true, false]);
/// ```
pub fn today_grid(status: &CoworkingStatus, date: Date, from: u8, to: u8) -> Vec<HourColumn> {
    (from..to)
        .map(|hour| {
            let (start, end) = (berlin_unix(date, hour), berlin_unix(date, hour + 1));
            let taken = status
                .spaces
                .iter()
                .map(|space| {
                    space.status == SpaceStatus::OutOfService
                        || space.today.iter().any(|b| b.start < end && b.end > start)
                })
                .collect();
            HourColumn { hour, taken }
        })
        .collect()
}

/// The hours the grid shows: the opening hours of the day when given (`(opens, closes)`
/// periods), else 8 to 20; widened to cover every booking of the day.
pub fn grid_hours(periods: &[(TimeOfDay, TimeOfDay)], status: &CoworkingStatus) -> (u8, u8) {
    let mut from = periods.iter().map(|p| p.0.hour).min().unwrap_or(8);
    let mut to = periods
        .iter()
        .map(|p| p.1.hour + u8::from(p.1.minute > 0))
        .max()
        .unwrap_or(20);
    for booking in status.spaces.iter().flat_map(|s| &s.today) {
        let (start, end) = (to_berlin(booking.start), to_berlin(booking.end - 1));
        if start.date == end.date {
            from = from.min(start.time.hour);
            to = to.max(end.time.hour + 1);
        }
    }
    (from.min(23), to.clamp(from + 1, 24))
}

/// The weekday's hourly load, 24 values (`None` for hours without figures).
pub fn day_load(load: &Load, day: Weekday) -> Option<&[Option<u8>]> {
    load.weekdays.get(day.index()).map(Vec::as_slice)
}

/// A sentence about a weekday's load: when it is busiest (the longest run of hours within
/// 10 points of the peak) and from when it gets quieter.
///
/// ```
/// use lernort_coworking::{present::load_sentence, Load};
/// use lernort_i18n::Lang;
/// use lernort_time::Weekday;
/// let mut tuesday = vec![None; 24];
/// for (hour, value) in [(8, 30), (9, 70), (10, 85), (11, 80), (12, 50), (13, 40), (14, 45), (15, 30), (16, 20), (17, 10)] {
///     tuesday[hour] = Some(value);
/// }
/// let load = Load { weekdays: vec![vec![None; 24], tuesday, vec![None; 24], vec![None; 24], vec![None; 24], vec![None; 24], vec![None; 24]], weeks: 6 };
/// assert_eq!(load_sentence(&load, Weekday::Tue, Lang::De),
///     "Dienstag: am vollsten meist zwischen 10 und 12 Uhr (bis 85 % der Plätze belegt). Ab 15 Uhr wird es meist ruhiger.");
/// ```
pub fn load_sentence(load: &Load, day: Weekday, lang: Lang) -> String {
    let name = weekday_name(day, lang);
    let hours = day_load(load, day).unwrap_or_default();
    let Some((peak_hour, peak)) = hours
        .iter()
        .enumerate()
        .filter_map(|(h, v)| v.map(|v| (h, v)))
        .max_by_key(|&(h, v)| (v, std::cmp::Reverse(h)))
    else {
        return fill(Msg::CoworkingLoadNone.text(lang), &[name]);
    };
    let near = |h: usize| {
        hours
            .get(h)
            .copied()
            .flatten()
            .is_some_and(|v| v + 10 >= peak)
    };
    let mut from = peak_hour;
    while from > 0 && near(from - 1) {
        from -= 1;
    }
    let mut to = peak_hour + 1;
    while to < 24 && near(to) {
        to += 1;
    }
    let mut sentence = fill(
        Msg::CoworkingLoadPeak.text(lang),
        &[name, &from.to_string(), &to.to_string(), &peak.to_string()],
    );
    // Quieter: the first hour after the peak from which every figure is at most half of it.
    let quiet = (to..24).find(|&h| {
        hours[h].is_some()
            && hours[h..]
                .iter()
                .flatten()
                .all(|&v| u16::from(v) * 2 <= u16::from(peak))
    });
    if let Some(hour) = quiet {
        sentence.push(' ');
        sentence.push_str(&fill(
            Msg::CoworkingLoadQuiet.text(lang),
            &[&hour.to_string()],
        ));
    }
    sentence
}

/// How often a display asks for a new status: it changes by the minute.
pub const REFRESH_SECONDS: i64 = 60;

/// Older than this (two missed updates and a bit), a status no longer says what is free
/// now, even when it still arrives (a job that stopped rewriting the file).
pub const STALE_AFTER_SECONDS: i64 = 2 * REFRESH_SECONDS + 30;

impl CoworkingStatus {
    /// How old the document is at `now`, in seconds.
    pub fn age(&self, now: i64) -> i64 {
        now - self.generated
    }

    /// Whether the document is too old to show as "now" ([`STALE_AFTER_SECONDS`]).
    pub fn is_stale(&self, now: i64) -> bool {
        self.age(now) > STALE_AFTER_SECONDS
    }

    /// The desks and rooms of a zone, in the document's order.
    pub fn in_zone<'s>(&'s self, zone: &'s str) -> impl Iterator<Item = &'s crate::Space> + 's {
        self.spaces.iter().filter(move |s| s.zone == zone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lernort_i18n::Localized;

    /// 2026-11-21 (a Saturday) 00:00 in Berlin (winter time, UTC+1).
    const SAT: i64 = 1_795_215_600;

    #[test]
    fn hours_after_the_summer_time_changes_are_real_hours() {
        // 29.3.2026: clocks go 2:00 → 3:00; 25.10.2026: 3:00 → 2:00.
        let spring = Date::new(2026, 3, 29).unwrap();
        assert_eq!(berlin_unix(spring, 3) - berlin_unix(spring, 1), 3_600);
        assert_eq!(to_berlin(berlin_unix(spring, 10)).time.hour, 10);
        let autumn = Date::new(2026, 10, 25).unwrap();
        assert_eq!(berlin_unix(autumn, 4) - berlin_unix(autumn, 0), 5 * 3_600);
        assert_eq!(to_berlin(berlin_unix(autumn, 10)).time.hour, 10);
        assert_eq!(berlin_unix(Date::new(2026, 11, 21).unwrap(), 0), SAT);
    }

    #[test]
    fn opening_sentences() {
        let closed = |changes_at, because: Option<&str>| Opening {
            open: false,
            changes_at,
            closed_because: because.map(|b| Localized::German(b.into())),
        };
        let now = SAT + 13 * 3_600;
        let monday_eight = SAT + 2 * 86_400 + 8 * 3_600;
        assert_eq!(
            opening_text(&closed(Some(monday_eight), None), now, Lang::De),
            "Jetzt geschlossen – öffnet am Montag um 8:00 Uhr"
        );
        assert_eq!(
            opening_text(
                &closed(Some(SAT + 86_400 + 8 * 3_600), Some("Allerheiligen")),
                now,
                Lang::De
            ),
            "Heute geschlossen (Allerheiligen) – öffnet morgen um 8:00 Uhr"
        );
        assert_eq!(
            opening_text(&closed(Some(SAT + 14 * 3_600), None), now, Lang::En),
            "Closed now – opens today at 14:00"
        );
        assert_eq!(
            opening_text(&closed(None, None), now, Lang::De),
            "Jetzt geschlossen"
        );
        let open = Opening {
            open: true,
            changes_at: Some(SAT + 20 * 3_600),
            closed_because: None,
        };
        assert_eq!(opening_text(&open, now, Lang::En), "Open until 20:00");
    }

    #[test]
    fn status_is_never_told_by_colour_alone() {
        let all = [
            SpaceStatus::Free,
            SpaceStatus::Occupied,
            SpaceStatus::Reserved,
            SpaceStatus::OutOfService,
        ];
        let symbols: std::collections::HashSet<_> = all.iter().map(|s| status_symbol(*s)).collect();
        let words: std::collections::HashSet<_> =
            all.iter().map(|s| status_word(*s, Lang::De)).collect();
        assert_eq!((symbols.len(), words.len()), (4, 4));
        assert_eq!(
            until_text(SpaceStatus::Reserved, Some(SAT + 12 * 3_600), Lang::De),
            "bis 12:00 Uhr"
        );
        assert_eq!(
            until_text(SpaceStatus::Free, Some(SAT + 14 * 3_600), Lang::De),
            "ab 14:00 Uhr gebucht"
        );
        assert_eq!(until_text(SpaceStatus::Free, None, Lang::De), "");
    }

    #[test]
    fn bookings_read_as_ranges() {
        let bookings = [
            Booking {
                start: SAT + 10 * 3_600,
                end: SAT + 12 * 3_600,
            },
            Booking {
                start: SAT + 14 * 3_600,
                end: SAT + 15 * 3_600 + 1_800,
            },
        ];
        assert_eq!(
            bookings_text(&bookings, Lang::De),
            "10:00–12:00 Uhr, 14:00–15:30 Uhr"
        );
    }

    #[test]
    fn a_day_without_figures_says_so() {
        let load = Load {
            weekdays: vec![vec![None; 24]; 7],
            weeks: 0,
        };
        assert_eq!(
            load_sentence(&load, Weekday::Mon, Lang::De),
            "Für Montag gibt es noch keine Auswertung."
        );
    }
}
