//! Care for a screen that is on all day: burn-in shifts, night mode, the clock's words.

use lernort_centre::{OpenStatus, OpeningHours};
use lernort_i18n::{weekday_name, Lang};
use lernort_time::LocalDateTime;

use crate::settings::Night;

/// How often the static parts (header, clock, QR codes) move.
pub const SHIFT_EVERY_MS: f64 = 180_000.0;

/// The shifts, in CSS pixels, in the order they are taken: a walk round a 3×3 grid, one
/// step at a time, so no pixel keeps the same edge for long and no jump is large.
const SHIFTS: [(i32, i32); 9] = [
    (0, 0),
    (4, 0),
    (4, 4),
    (0, 4),
    (-4, 4),
    (-4, 0),
    (-4, -4),
    (0, -4),
    (4, -4),
];

/// The largest shift in either direction, in CSS pixels (the layout keeps this much room).
pub const MAX_SHIFT_PX: i32 = 4;

/// Where the static parts sit at `now_ms` (Unix milliseconds): the same for every part,
/// changing every [`SHIFT_EVERY_MS`].
///
/// ```
/// use lernort_kiosk::{shift_at, SHIFT_EVERY_MS};
/// assert_eq!(shift_at(0.0), (0, 0));
/// assert_eq!(shift_at(SHIFT_EVERY_MS), (4, 0));
/// assert_eq!(shift_at(SHIFT_EVERY_MS * 9.0), (0, 0));
/// ```
pub fn shift_at(now_ms: f64) -> (i32, i32) {
    let step = (now_ms / SHIFT_EVERY_MS).floor().max(0.0) as u64;
    SHIFTS[(step % SHIFTS.len() as u64) as usize]
}

/// Whether the screen shows its night slide at `now`: outside opening hours when night
/// mode is on; never for a centre without opening hours.
///
/// ```
/// use lernort_centre::{OpeningHours, OpeningPeriod};
/// use lernort_kiosk::{is_night, Night};
/// use lernort_time::{to_berlin, TimeOfDay, Weekday};
/// let hours = OpeningHours(vec![OpeningPeriod {
///     days: vec![Weekday::Sat],
///     opens: TimeOfDay::parse("10:00").unwrap(),
///     closes: TimeOfDay::parse("16:00").unwrap(),
/// }]);
/// let saturday_noon = to_berlin(1_795_262_400);
/// let saturday_evening = to_berlin(1_795_262_400 + 6 * 3600);
/// assert!(!is_night(&hours, saturday_noon, Night::Auto));
/// assert!(is_night(&hours, saturday_evening, Night::Auto));
/// assert!(!is_night(&hours, saturday_evening, Night::Off));
/// ```
pub fn is_night(hours: &OpeningHours, now: LocalDateTime, night: Night) -> bool {
    night == Night::Auto && matches!(hours.status_at(now), OpenStatus::OpensAt { .. })
}

/// The big clock: `14:05`.
///
/// ```
/// use lernort_kiosk::clock_text;
/// assert_eq!(clock_text(lernort_time::to_berlin(1_795_262_700)), "13:05");
/// ```
pub fn clock_text(now: LocalDateTime) -> String {
    format!("{}:{:02}", now.time.hour, now.time.minute)
}

/// The date under the clock: `Samstag, 21. November 2026`, `Saturday, 21 November 2026`.
///
/// ```
/// use lernort_i18n::Lang;
/// use lernort_kiosk::date_line;
/// let now = lernort_time::to_berlin(1_795_262_400);
/// assert_eq!(date_line(now, Lang::De), "Samstag, 21. November 2026");
/// assert_eq!(date_line(now, Lang::En), "Saturday, 21 November 2026");
/// ```
pub fn date_line(now: LocalDateTime, lang: Lang) -> String {
    format!(
        "{}, {}",
        weekday_name(now.date.weekday(), lang),
        lernort_catalogue::date_text(now.date, lang)
    )
}

/// When a slide's data is from: `14:32 Uhr` today, `20.11., 14:32 Uhr` on another day.
///
/// ```
/// use lernort_i18n::Lang;
/// use lernort_kiosk::as_of_text;
/// let now = 1_795_262_400; // Saturday 21.11.2026 13:00
/// assert_eq!(as_of_text(now - 600, now, Lang::De), "12:50 Uhr");
/// assert_eq!(as_of_text(now - 86_400, now, Lang::De), "20.11., 13:00 Uhr");
/// assert_eq!(as_of_text(now - 86_400, now, Lang::En), "20/11, 13:00");
/// ```
pub fn as_of_text(at: i64, now: i64, lang: Lang) -> String {
    let (at, now) = (lernort_time::to_berlin(at), lernort_time::to_berlin(now));
    let time = lernort_i18n::clock_time(at.time, lang);
    if at.date == now.date {
        return time;
    }
    match lang {
        Lang::De => format!("{}.{}., {time}", at.date.day, at.date.month),
        Lang::En => format!("{}/{}, {time}", at.date.day, at.date.month),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lernort_centre::OpeningPeriod;
    use lernort_time::{to_berlin, TimeOfDay, Weekday};

    #[test]
    fn shifts_are_small_steps_that_visit_every_place() {
        let mut seen = std::collections::HashSet::new();
        for step in 0..9 {
            let (x, y) = shift_at(step as f64 * SHIFT_EVERY_MS + 1.0);
            let (nx, ny) = shift_at((step + 1) as f64 * SHIFT_EVERY_MS + 1.0);
            assert!(x.abs() <= MAX_SHIFT_PX && y.abs() <= MAX_SHIFT_PX);
            assert_ne!((x, y), (nx, ny), "moves every period");
            assert!((x - nx).abs() <= 8 && (y - ny).abs() <= 8);
            seen.insert((x, y));
        }
        assert_eq!(seen.len(), 9);
        // Within a period it stays put.
        assert_eq!(
            shift_at(SHIFT_EVERY_MS),
            shift_at(2.0 * SHIFT_EVERY_MS - 1.0)
        );
    }

    #[test]
    fn night_follows_the_opening_hours() {
        let t = |s| TimeOfDay::parse(s).unwrap();
        let hours = OpeningHours(vec![OpeningPeriod {
            days: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            opens: t("09:00"),
            closes: t("20:00"),
        }]);
        // Monday 23.11.2026 in Berlin (UTC+1).
        let monday = 1_795_388_400;
        let at = |hour: i64, minute: i64| to_berlin(monday + hour * 3600 + minute * 60);
        assert!(is_night(&hours, at(8, 59), Night::Auto));
        assert!(!is_night(&hours, at(9, 0), Night::Auto));
        assert!(!is_night(&hours, at(19, 59), Night::Auto));
        assert!(is_night(&hours, at(20, 0), Night::Auto));
        // Sunday all day.
        assert!(is_night(&hours, at(-12, 0), Night::Auto));
        assert!(!is_night(&OpeningHours(Vec::new()), at(3, 0), Night::Auto));
    }

    #[test]
    fn clock_on_summer_time() {
        // 2027-07-01 12:00 UTC is 14:00 in Berlin.
        assert_eq!(clock_text(to_berlin(1_814_443_200)), "14:00");
    }
}
