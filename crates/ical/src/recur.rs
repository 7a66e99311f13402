//! Recurrence rules (the iCalendar `RRULE` subset Lernort supports; the import also uses
//! it for schema.org `Schedule`s) expanded into dates: all of them from the start
//! ([`expand`], capped at [`MAX_OCCURRENCES`]), or only those in a window ([`between`],
//! for open-ended rules such as a weekly room booking).
//!
//! Supported: `FREQ=DAILY|WEEKLY|MONTHLY`, `INTERVAL`, `COUNT`, `UNTIL`, `BYDAY`
//! (weekdays for `DAILY` and `WEEKLY`; for `MONTHLY` also with an ordinal, `1SA` for the
//! first Saturday, `-1WE` for the last Wednesday), `BYMONTHDAY` (with `MONTHLY`) and
//! `WKST`. Everything else is refused with a message naming the part.

use lernort_time::{days_in_month, Date, Weekday};

/// The most dates one rule may give; more are cut off with a warning.
pub const MAX_OCCURRENCES: usize = 200;

/// How often a rule repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Freq {
    /// Every `interval` days.
    Daily,
    /// Every `interval` weeks.
    Weekly,
    /// Every `interval` months.
    Monthly,
}

/// The end of a rule given by `UNTIL`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Until {
    /// The last date that may occur (a `VALUE=DATE` until, or a schedule's `endDate`).
    Date(Date),
    /// The last instant a session may start at (Unix seconds).
    Instant(i64),
}

/// A recurrence rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The frequency.
    pub freq: Freq,
    /// Every how many days, weeks or months (at least 1).
    pub interval: u32,
    /// How many dates at most (the first date counts).
    pub count: Option<u32>,
    /// The last date or instant.
    pub until: Option<Until>,
    /// Weekdays, with an ordinal for monthly rules (`Some(1)` first, `Some(-1)` last).
    pub by_day: Vec<(Option<i8>, Weekday)>,
    /// Days of the month for monthly rules (negative: from the end).
    pub by_month_day: Vec<i8>,
    /// The first day of the week, for weekly rules with an interval.
    pub week_start: Weekday,
}

impl Rule {
    /// A rule with this frequency, every period, without end.
    pub fn new(freq: Freq) -> Rule {
        Rule {
            freq,
            interval: 1,
            count: None,
            until: None,
            by_day: Vec::new(),
            by_month_day: Vec::new(),
            week_start: Weekday::Mon,
        }
    }

    /// Parses an `RRULE` value. `parse_until` reads the `UNTIL` value (its meaning
    /// depends on the event's `DTSTART`).
    ///
    /// ```
    /// use lernort_ical::recur::{Freq, Rule, Until};
    /// use lernort_time::{Date, Weekday};
    /// let rule = Rule::parse("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=8", |_| None).unwrap();
    /// assert_eq!((rule.freq, rule.interval, rule.count), (Freq::Weekly, 2, Some(8)));
    /// assert_eq!(rule.by_day, [(None, Weekday::Tue), (None, Weekday::Thu)]);
    /// assert_eq!(Rule::parse("FREQ=YEARLY", |_| None).unwrap_err(),
    ///            "FREQ=YEARLY is not supported (DAILY, WEEKLY or MONTHLY)");
    /// ```
    pub fn parse(value: &str, parse_until: impl Fn(&str) -> Option<Until>) -> Result<Rule, String> {
        let mut freq = None;
        let mut rule = Rule::new(Freq::Daily);
        for part in value.split(';').filter(|p| !p.trim().is_empty()) {
            let (name, val) = part
                .split_once('=')
                .ok_or_else(|| format!("{part:?} is not NAME=VALUE"))?;
            let name = name.trim().to_ascii_uppercase();
            let val = val.trim();
            match name.as_str() {
                "FREQ" => {
                    freq = Some(match val.to_ascii_uppercase().as_str() {
                        "DAILY" => Freq::Daily,
                        "WEEKLY" => Freq::Weekly,
                        "MONTHLY" => Freq::Monthly,
                        other => {
                            return Err(format!(
                                "FREQ={other} is not supported (DAILY, WEEKLY or MONTHLY)"
                            ))
                        }
                    })
                }
                "INTERVAL" => {
                    rule.interval = val
                        .parse()
                        .ok()
                        .filter(|n| (1..=1000).contains(n))
                        .ok_or_else(|| format!("INTERVAL={val} is not a number from 1"))?
                }
                "COUNT" => {
                    rule.count = Some(
                        val.parse()
                            .ok()
                            .filter(|n| *n >= 1)
                            .ok_or_else(|| format!("COUNT={val} is not a number from 1"))?,
                    )
                }
                "UNTIL" => {
                    rule.until = Some(
                        parse_until(val)
                            .ok_or_else(|| format!("UNTIL={val} is not a date or date-time"))?,
                    )
                }
                "BYDAY" => {
                    for day in val.split(',') {
                        rule.by_day.push(
                            parse_by_day(day.trim())
                                .ok_or_else(|| format!("BYDAY={val} is not a list of days"))?,
                        );
                    }
                }
                "BYMONTHDAY" => {
                    for day in val.split(',') {
                        let n: i8 = day
                            .trim()
                            .parse()
                            .ok()
                            .filter(|n: &i8| *n != 0 && (-31..=31).contains(n))
                            .ok_or_else(|| format!("BYMONTHDAY={val} is not a list of days"))?;
                        rule.by_month_day.push(n);
                    }
                }
                "WKST" => {
                    rule.week_start = parse_by_day(val)
                        .filter(|(n, _)| n.is_none())
                        .map(|(_, d)| d)
                        .ok_or_else(|| format!("WKST={val} is not a day"))?
                }
                other => return Err(format!("{other} is not supported in RRULE")),
            }
        }
        rule.freq = freq.ok_or("FREQ is missing")?;
        if rule.count.is_some() && rule.until.is_some() {
            return Err("COUNT and UNTIL must not both be given".to_string());
        }
        match rule.freq {
            Freq::Daily | Freq::Weekly if rule.by_day.iter().any(|(n, _)| n.is_some()) => {
                return Err("BYDAY with a number is only supported with FREQ=MONTHLY".to_string())
            }
            Freq::Daily | Freq::Weekly if !rule.by_month_day.is_empty() => {
                return Err("BYMONTHDAY is only supported with FREQ=MONTHLY".to_string())
            }
            Freq::Monthly if !rule.by_day.is_empty() && !rule.by_month_day.is_empty() => {
                return Err("BYDAY together with BYMONTHDAY is not supported".to_string())
            }
            _ => {}
        }
        Ok(rule)
    }
}

/// `TU`, `1SA`, `-1WE`, `+2MO`.
fn parse_by_day(text: &str) -> Option<(Option<i8>, Weekday)> {
    let split = text.len().checked_sub(2)?;
    let (ordinal, day) = text.split_at_checked(split)?;
    let day = match day.to_ascii_uppercase().as_str() {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    };
    if ordinal.is_empty() {
        return Some((None, day));
    }
    let n: i8 = ordinal.trim_start_matches('+').parse().ok()?;
    (n != 0 && (-5..=5).contains(&n)).then_some((Some(n), day))
}

/// The dates a rule gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expansion {
    /// The dates, in order; the first is the start date.
    pub dates: Vec<Date>,
    /// Whether [`MAX_OCCURRENCES`] cut the list short.
    pub capped: bool,
}

/// Expands a rule from its first date. `within_until` says whether a date's session
/// starts no later than the rule's `UNTIL` (the caller knows the time of day and zone);
/// it is consulted only when the rule has an `UNTIL`.
///
/// ```
/// use lernort_ical::recur::{expand, Freq, Rule};
/// use lernort_time::Date;
/// let mut rule = Rule::new(Freq::Weekly);
/// rule.count = Some(3);
/// let start = Date::new(2027, 3, 16).unwrap();
/// let dates = expand(start, &rule, |_| true).dates;
/// assert_eq!(dates.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
///            ["16.03.2027", "23.03.2027", "30.03.2027"]);
/// ```
pub fn expand(start: Date, rule: &Rule, within_until: impl Fn(Date) -> bool) -> Expansion {
    let in_range = |date: Date| match rule.until {
        None => true,
        Some(Until::Date(last)) => date <= last,
        Some(Until::Instant(_)) => within_until(date),
    };
    let mut dates = vec![start];
    let interval = i64::from(rule.interval.max(1));
    // Periods without any date (e.g. the 31st in short months) are skipped; this bounds
    // the search when a rule can never match again.
    let mut empty_periods = 0;
    let mut period = 0i64;
    loop {
        let candidates = period_dates(start, rule, period * interval);
        if candidates.is_empty() {
            empty_periods += 1;
            if empty_periods > 1_000 {
                return Expansion {
                    dates,
                    capped: false,
                };
            }
        } else {
            empty_periods = 0;
        }
        for date in candidates.into_iter().filter(|d| *d > start) {
            let done = !in_range(date) || rule.count.is_some_and(|c| dates.len() >= c as usize);
            if done {
                return Expansion {
                    dates,
                    capped: false,
                };
            }
            if dates.len() >= MAX_OCCURRENCES {
                return Expansion {
                    dates,
                    capped: true,
                };
            }
            dates.push(date);
        }
        period += 1;
    }
}

/// The dates of a rule from its first date `start` that fall in `from..=to`, without
/// [`MAX_OCCURRENCES`]'s cap: for rules without end (a room booked every Monday for
/// years), where only a few days around now matter. `COUNT` is still counted from
/// `start`; `within_until` is as for [`expand`]. Stops after the first period past `to`,
/// or after 100 000 periods (about 270 years of a daily rule).
///
/// ```
/// use lernort_ical::recur::{between, Rule};
/// use lernort_time::Date;
/// let rule = Rule::parse("FREQ=WEEKLY;BYDAY=MO,WE", |_| None).unwrap();
/// let start = Date::new(2020, 1, 6).unwrap();
/// let dates = between(start, &rule, |_| true, Date::new(2027, 3, 14).unwrap(), Date::new(2027, 3, 17).unwrap());
/// assert_eq!(dates.iter().map(|d| d.to_string()).collect::<Vec<_>>(), ["15.03.2027", "17.03.2027"]);
/// ```
pub fn between(
    start: Date,
    rule: &Rule,
    within_until: impl Fn(Date) -> bool,
    from: Date,
    to: Date,
) -> Vec<Date> {
    let in_range = |date: Date| match rule.until {
        None => true,
        Some(Until::Date(last)) => date <= last,
        Some(Until::Instant(_)) => within_until(date),
    };
    let mut found = Vec::new();
    if start > to {
        return found;
    }
    if start >= from {
        found.push(start);
    }
    let mut count = 1u64;
    let interval = i64::from(rule.interval.max(1));
    // Without COUNT, whole periods before `from` can be skipped.
    let first_period = if rule.count.is_none() {
        let days_before = from.days_since_epoch() - start.days_since_epoch();
        let period_days = match rule.freq {
            Freq::Daily => 1,
            Freq::Weekly => 7,
            Freq::Monthly => 31,
        } * interval;
        (days_before / period_days - 1).max(0)
    } else {
        0
    };
    for period in first_period..first_period + 100_000 {
        let candidates = period_dates(start, rule, period * interval);
        for date in candidates.into_iter().filter(|d| *d > start) {
            if !in_range(date) || rule.count.is_some_and(|c| count >= u64::from(c)) || date > to {
                return found;
            }
            count += 1;
            if date >= from {
                found.push(date);
            }
        }
    }
    found
}

/// The candidate dates of the period `offset` periods (days, weeks, months) after the
/// start's, in order.
fn period_dates(start: Date, rule: &Rule, offset: i64) -> Vec<Date> {
    match rule.freq {
        Freq::Daily => {
            let date = start.add_days(offset);
            let ok =
                rule.by_day.is_empty() || rule.by_day.iter().any(|(_, d)| *d == date.weekday());
            if ok {
                vec![date]
            } else {
                Vec::new()
            }
        }
        Freq::Weekly => {
            let back = (start.weekday().index() + 7 - rule.week_start.index()) % 7;
            let week = start.add_days(offset * 7 - back as i64);
            let mut days: Vec<Weekday> = if rule.by_day.is_empty() {
                vec![start.weekday()]
            } else {
                rule.by_day.iter().map(|(_, d)| *d).collect()
            };
            let from_week_start = |d: &Weekday| (d.index() + 7 - rule.week_start.index()) % 7;
            days.sort_by_key(from_week_start);
            days.dedup();
            days.iter()
                .map(|d| week.add_days(from_week_start(d) as i64))
                .collect()
        }
        Freq::Monthly => {
            let months = i64::from(start.year) * 12 + i64::from(start.month) - 1 + offset;
            let (year, month) = (
                months.div_euclid(12) as i32,
                (months.rem_euclid(12) + 1) as u8,
            );
            let last = days_in_month(year, month);
            let mut days: Vec<u8> = Vec::new();
            if !rule.by_day.is_empty() {
                for (ordinal, weekday) in &rule.by_day {
                    let all: Vec<u8> = (1..=last)
                        .filter(|d| {
                            Date::new(year, month, *d).is_some_and(|x| x.weekday() == *weekday)
                        })
                        .collect();
                    match ordinal {
                        None => days.extend(all),
                        Some(n) if *n > 0 => days.extend(all.get(*n as usize - 1)),
                        Some(n) => {
                            let back = n.unsigned_abs() as usize;
                            days.extend(all.len().checked_sub(back).and_then(|i| all.get(i)));
                        }
                    }
                }
            } else if !rule.by_month_day.is_empty() {
                for n in &rule.by_month_day {
                    let day = if *n > 0 {
                        *n as i16
                    } else {
                        i16::from(last) + 1 + i16::from(*n)
                    };
                    if (1..=i16::from(last)).contains(&day) {
                        days.push(day as u8);
                    }
                }
            } else if start.day <= last {
                days.push(start.day);
            }
            days.sort_unstable();
            days.dedup();
            days.into_iter()
                .filter_map(|d| Date::new(year, month, d))
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    fn show(e: &Expansion) -> Vec<String> {
        e.dates.iter().map(|d| d.to_string()).collect()
    }

    /// A rule; `UNTIL` as a plain date (`20270203`).
    fn parse_rule(text: &str) -> Rule {
        Rule::parse(text, |v| {
            Date::new(
                v.get(..4)?.parse().ok()?,
                v.get(4..6)?.parse().ok()?,
                v.get(6..8)?.parse().ok()?,
            )
            .map(Until::Date)
        })
        .unwrap()
    }

    #[test]
    fn weekly_with_count() {
        let rule = parse_rule("FREQ=WEEKLY;COUNT=4");
        let e = expand(d(2027, 1, 13), &rule, |_| true);
        assert_eq!(
            show(&e),
            ["13.01.2027", "20.01.2027", "27.01.2027", "03.02.2027"]
        );
        assert!(!e.capped);
    }

    #[test]
    fn weekly_until_date_is_inclusive() {
        let rule = parse_rule("FREQ=WEEKLY;UNTIL=20270203");
        let e = expand(d(2027, 1, 13), &rule, |_| true);
        assert_eq!(show(&e).last().unwrap(), "03.02.2027");
        assert_eq!(e.dates.len(), 4);
    }

    #[test]
    fn every_other_week_on_two_days() {
        let rule = parse_rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=6");
        let e = expand(d(2027, 1, 12), &rule, |_| true);
        assert_eq!(
            show(&e),
            [
                "12.01.2027",
                "14.01.2027",
                "26.01.2027",
                "28.01.2027",
                "09.02.2027",
                "11.02.2027"
            ]
        );
    }

    #[test]
    fn start_on_a_later_weekday_of_the_week() {
        // Starts on a Thursday with BYDAY=TU,TH: the Tuesday before the start is not a date.
        let rule = parse_rule("FREQ=WEEKLY;BYDAY=TU,TH;COUNT=3");
        let e = expand(d(2027, 1, 14), &rule, |_| true);
        assert_eq!(show(&e), ["14.01.2027", "19.01.2027", "21.01.2027"]);
    }

    #[test]
    fn daily_and_weekdays_only() {
        let rule = parse_rule("FREQ=DAILY;COUNT=3");
        assert_eq!(
            show(&expand(d(2027, 2, 15), &rule, |_| true)),
            ["15.02.2027", "16.02.2027", "17.02.2027"]
        );
        let rule = parse_rule("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=3");
        assert_eq!(
            show(&expand(d(2027, 2, 19), &rule, |_| true)),
            ["19.02.2027", "22.02.2027", "23.02.2027"]
        );
    }

    #[test]
    fn monthly_by_day_of_month_and_by_weekday() {
        let rule = parse_rule("FREQ=MONTHLY;COUNT=3");
        // The 31st: months without one are skipped.
        assert_eq!(
            show(&expand(d(2027, 1, 31), &rule, |_| true)),
            ["31.01.2027", "31.03.2027", "31.05.2027"]
        );
        let rule = parse_rule("FREQ=MONTHLY;BYDAY=1SA;COUNT=3");
        assert_eq!(
            show(&expand(d(2026, 9, 5), &rule, |_| true)),
            ["05.09.2026", "03.10.2026", "07.11.2026"]
        );
        let rule = parse_rule("FREQ=MONTHLY;BYDAY=-1WE;COUNT=3");
        assert_eq!(
            show(&expand(d(2026, 9, 30), &rule, |_| true)),
            ["30.09.2026", "28.10.2026", "25.11.2026"]
        );
    }

    #[test]
    fn open_ended_rules_are_capped() {
        let rule = parse_rule("FREQ=DAILY");
        let e = expand(d(2027, 1, 1), &rule, |_| true);
        assert_eq!(e.dates.len(), MAX_OCCURRENCES);
        assert!(e.capped);
        let rule = parse_rule("FREQ=WEEKLY;COUNT=500");
        let e = expand(d(2027, 1, 1), &rule, |_| true);
        assert_eq!(e.dates.len(), MAX_OCCURRENCES);
        assert!(e.capped);
    }

    #[test]
    fn unsupported_parts_are_named() {
        for (rule, part) in [
            ("FREQ=WEEKLY;BYMONTH=3", "BYMONTH"),
            ("FREQ=WEEKLY;BYDAY=1TU", "BYDAY with a number"),
            ("FREQ=HOURLY", "FREQ=HOURLY"),
            ("INTERVAL=2", "FREQ is missing"),
            ("FREQ=WEEKLY;COUNT=0", "COUNT=0"),
        ] {
            let err = Rule::parse(rule, |_| None).unwrap_err();
            assert!(err.contains(part), "{rule}: {err}");
        }
    }

    #[test]
    fn between_matches_expand_in_a_window() {
        for text in [
            "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
            "FREQ=DAILY;INTERVAL=3",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
            "FREQ=MONTHLY;BYDAY=-1WE",
            "FREQ=WEEKLY;COUNT=20",
            "FREQ=DAILY;UNTIL=20260301",
        ] {
            let rule = parse_rule(text);
            let start = d(2026, 1, 7);
            let all = expand(start, &rule, |_| true).dates;
            for (from, to) in [
                (d(2026, 1, 1), d(2026, 1, 7)),
                (d(2026, 2, 20), d(2026, 3, 4)),
                (d(2026, 5, 1), d(2026, 5, 31)),
            ] {
                let expected: Vec<Date> = all
                    .iter()
                    .copied()
                    .filter(|x| (from..=to).contains(x))
                    .collect();
                assert_eq!(
                    between(start, &rule, |_| true, from, to),
                    expected,
                    "{text} {from}"
                );
            }
        }
        // Far beyond the cap of `expand`.
        let rule = parse_rule("FREQ=WEEKLY");
        let far = between(
            d(2020, 1, 6),
            &rule,
            |_| true,
            d(2030, 1, 1),
            d(2030, 1, 13),
        );
        assert_eq!(
            show(&Expansion {
                dates: far,
                capped: false
            }),
            ["07.01.2030"]
        );
    }
}
