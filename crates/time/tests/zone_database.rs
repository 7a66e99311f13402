//! `lernort-time` has no zone database (every KiB of wasm counts); this checks its one rule
//! for Europe/Berlin against a real one (jiff with the IANA database bundled) for every day
//! from 1996, when the EU rule began to apply, to 2100: the offset at every hour of every
//! day, and every wall-clock hour (and the half hours around the changes) back to an instant,
//! with the same choice for the hour that happens twice and the hour that never happens.

use jiff::civil;
use jiff::tz::{Disambiguation, TimeZone};
use jiff::Timestamp;
use lernort_time::{berlin_offset_seconds, from_berlin, to_berlin, Date, TimeOfDay};

fn berlin() -> TimeZone {
    jiff::tz::db()
        .get("Europe/Berlin")
        .expect("the bundled database has Europe/Berlin")
}

#[test]
fn offsets_and_wall_clock_times_match_the_zone_database_1996_to_2100() {
    let tz = berlin();
    let first = Date::new(1996, 1, 1).unwrap().days_since_epoch();
    let last = Date::new(2100, 12, 31).unwrap().days_since_epoch();
    let mut checked = 0;
    for day in first..=last {
        let date = Date::from_days_since_epoch(day);
        // Unix time → Berlin: the offset and the wall clock at every full UTC hour.
        for hour in 0..24 {
            let unix = day * 86_400 + hour * 3_600;
            let zoned = Timestamp::from_second(unix).unwrap().to_zoned(tz.clone());
            let expected = zoned.offset().seconds();
            assert_eq!(berlin_offset_seconds(unix), expected, "offset at {zoned}");
            let local = to_berlin(unix);
            let civil = zoned.datetime();
            assert_eq!(
                (
                    local.date.year,
                    local.date.month,
                    local.date.day,
                    local.time.hour
                ),
                (
                    i32::from(civil.year()),
                    civil.month() as u8,
                    civil.day() as u8,
                    civil.hour() as u8
                ),
                "wall clock at {zoned}"
            );
            checked += 1;
        }
        // Berlin → Unix time: every full hour, and half past the hours around 2 o'clock.
        let times = (0..24)
            .map(|hour| TimeOfDay { hour, minute: 0 })
            .chain((1..4).map(|hour| TimeOfDay { hour, minute: 30 }));
        for time in times {
            let wall = civil::date(date.year as i16, date.month as i8, date.day as i8).at(
                time.hour as i8,
                time.minute as i8,
                0,
                0,
            );
            let expected = tz
                .to_ambiguous_zoned(wall)
                .disambiguate(Disambiguation::Compatible)
                .unwrap()
                .timestamp()
                .as_second();
            assert_eq!(from_berlin(date, time), expected, "{wall} in Berlin");
            checked += 1;
        }
    }
    assert!(checked > 1_000_000, "{checked}");
}
