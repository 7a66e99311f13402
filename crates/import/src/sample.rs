//! Sample data that never goes stale: `import.json`'s `sampleWeek`.
//!
//! A demo catalogue is written for one week (a course "next Tuesday", a series "from
//! 12 January"). Left as it is, a year later every course is over. With
//! `"sampleWeek": "2026-11-16"` (the Monday of the week the files were written for) the
//! import moves every date by whole weeks so that this week is the week of "now": each
//! course keeps its weekday and its wall-clock time (across summer time too), so the demo
//! looks as it did when it was written, whatever the date. Real providers' data leaves
//! `sampleWeek` out and is never moved. Tests pin "now" inside the sample week
//! (`LERNORT_NOW`, docs/testing.md): there the data is not moved at all.

use lernort_catalogue::{Course, Timestamp, When};
use lernort_time::{from_berlin, to_berlin, Date, Weekday};

/// The Monday of the week `date` is in.
fn monday(date: Date) -> Date {
    date.add_days(-(date.weekday().index() as i64 - Weekday::Mon.index() as i64))
}

/// How many whole weeks lie between the sample week and the week of `now` (Unix
/// seconds, Berlin weeks); negative when "now" is before the sample week.
///
/// ```
/// use lernort_import::sample::weeks_until;
/// use lernort_time::Date;
/// let week = Date::new(2026, 11, 23).unwrap();
/// // Tuesday 24.11.2026: the sample week itself.
/// assert_eq!(weeks_until(week, 1_795_512_600), 0);
/// // Sunday 29.11.2026 23:30 in Berlin (22:30 UTC) still belongs to it.
/// assert_eq!(weeks_until(week, 1_795_991_400), 0);
/// // Monday 6.12.2027: 54 weeks on.
/// assert_eq!(weeks_until(week, 1_828_083_600), 54);
/// ```
pub fn weeks_until(sample_week: Date, now: i64) -> i64 {
    let this_week = monday(to_berlin(now).date);
    (this_week.days_since_epoch() - monday(sample_week).days_since_epoch()) / 7
}

/// Moves every date of a course (its sessions, when booking opens) by `weeks`.
pub fn move_course(course: &mut Course, weeks: i64) {
    if weeks == 0 {
        return;
    }
    let days = weeks * 7;
    for session in &mut course.sessions {
        session.start_date = moved(session.start_date, days);
        session.end_date = moved(session.end_date, days);
    }
    course.availability_starts = course.availability_starts.map(|when| moved(when, days));
}

/// The same wall-clock time in Berlin, `days` later.
fn moved(when: When, days: i64) -> When {
    match when {
        When::Day(date) => When::Day(date.add_days(days)),
        When::Time(at) => {
            let local = to_berlin(at.unix_seconds);
            let unix = from_berlin(local.date.add_days(days), local.time) + i64::from(local.second);
            When::Time(Timestamp::with_berlin_offset(unix))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lernort_catalogue::Session;

    fn at(text: &str) -> When {
        When::parse(text).unwrap()
    }

    #[test]
    fn a_course_keeps_its_weekday_and_wall_clock_time_across_summer_time() {
        let mut course = Course {
            sessions: vec![Session {
                start_date: at("2027-03-23T18:00:00+01:00"),
                end_date: at("2027-03-23T20:15:00+01:00"),
            }],
            availability_starts: Some(at("2027-03-01")),
            ..Course::default()
        };
        move_course(&mut course, 1);
        // One week on, the clocks have changed: still 18:00, now +02:00.
        assert_eq!(
            course.sessions[0].start_date,
            at("2027-03-30T18:00:00+02:00")
        );
        assert_eq!(course.sessions[0].end_date, at("2027-03-30T20:15:00+02:00"));
        assert_eq!(course.availability_starts, Some(at("2027-03-08")));
        move_course(&mut course, -1);
        assert_eq!(
            course.sessions[0].start_date,
            at("2027-03-23T18:00:00+01:00")
        );
    }

    #[test]
    fn weeks_count_from_monday_in_berlin() {
        let week = Date::new(2026, 11, 23).unwrap();
        // Monday 23.11.2026 00:30 in Berlin is still Sunday 23:30 UTC.
        let monday_early = lernort_time::parse_instant("2026-11-23T00:30:00+01:00").unwrap();
        assert_eq!(weeks_until(week, monday_early), 0);
        assert_eq!(weeks_until(week, monday_early - 3_600), -1);
        // A sample week given as another day means its Monday.
        let wednesday = Date::new(2026, 11, 25).unwrap();
        assert_eq!(weeks_until(wednesday, monday_early), 0);
    }
}
