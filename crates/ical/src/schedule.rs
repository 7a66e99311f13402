//! Repeating schedules that are not calendars — a schema.org `Schedule` in a provider's
//! JSON-LD — expanded by the same library as calendars: the schedule is written as an
//! `RRULE` on a whole-day `DTSTART` and calcard expands it.

use lernort_time::{Date, Weekday};

use crate::calendar::{Calendar, Time};

/// The most dates one schedule or event may give in the catalogue; more are cut off with
/// a warning.
pub const MAX_OCCURRENCES: usize = 200;

/// How often a schedule repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Freq {
    /// Every `interval` days.
    Daily,
    /// Every `interval` weeks.
    Weekly,
    /// Every `interval` months.
    Monthly,
}

/// A repeating schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The frequency.
    pub freq: Freq,
    /// Every how many days, weeks or months (at least 1).
    pub interval: u32,
    /// How many dates at most (the first date counts).
    pub count: Option<u32>,
    /// The last date that may occur.
    pub until: Option<Date>,
    /// Weekdays, with an ordinal for monthly rules (`Some(1)` first, `Some(-1)` last).
    pub by_day: Vec<(Option<i8>, Weekday)>,
    /// Days of the month for monthly rules (negative: from the end).
    pub by_month_day: Vec<i8>,
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
        }
    }

    /// The rule as an iCalendar `RRULE` value.
    ///
    /// ```
    /// use lernort_ical::schedule::{Freq, Rule};
    /// use lernort_time::Weekday;
    /// let mut rule = Rule::new(Freq::Monthly);
    /// rule.by_day = vec![(Some(-1), Weekday::Wed)];
    /// rule.count = Some(3);
    /// assert_eq!(rule.to_rrule(), "FREQ=MONTHLY;INTERVAL=1;COUNT=3;BYDAY=-1WE");
    /// ```
    pub fn to_rrule(&self) -> String {
        let freq = match self.freq {
            Freq::Daily => "DAILY",
            Freq::Weekly => "WEEKLY",
            Freq::Monthly => "MONTHLY",
        };
        let mut parts = vec![
            format!("FREQ={freq}"),
            format!("INTERVAL={}", self.interval.max(1)),
        ];
        if let Some(count) = self.count {
            parts.push(format!("COUNT={count}"));
        }
        if let Some(until) = self.until {
            parts.push(format!("UNTIL={}", ical_date(until)));
        }
        if !self.by_day.is_empty() {
            let days: Vec<String> = self
                .by_day
                .iter()
                .map(|(n, d)| {
                    format!(
                        "{}{}",
                        n.map_or(String::new(), |n| n.to_string()),
                        day_code(*d)
                    )
                })
                .collect();
            parts.push(format!("BYDAY={}", days.join(",")));
        }
        if !self.by_month_day.is_empty() {
            let days: Vec<String> = self.by_month_day.iter().map(i8::to_string).collect();
            parts.push(format!("BYMONTHDAY={}", days.join(",")));
        }
        parts.join(";")
    }
}

/// The dates a schedule gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expansion {
    /// The dates, in order; the first is the start date.
    pub dates: Vec<Date>,
    /// Whether [`MAX_OCCURRENCES`] cut the list short.
    pub capped: bool,
}

/// Expands a schedule from its first date, at most [`MAX_OCCURRENCES`] dates.
///
/// ```
/// use lernort_ical::schedule::{expand, Freq, Rule};
/// use lernort_time::Date;
/// let mut rule = Rule::new(Freq::Weekly);
/// rule.count = Some(3);
/// let start = Date::new(2027, 3, 16).unwrap();
/// let dates = expand(start, &rule).dates;
/// assert_eq!(dates.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
///            ["16.03.2027", "23.03.2027", "30.03.2027"]);
/// ```
pub fn expand(start: Date, rule: &Rule) -> Expansion {
    let text = format!(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:schedule\r\nDTSTART;VALUE=DATE:{}\r\nRRULE:{}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        ical_date(start),
        rule.to_rrule()
    );
    let occurrences = Calendar::read(text.as_bytes())
        .ok()
        .and_then(|calendar| {
            let event = calendar.events().into_iter().next()?;
            event.occurrences(MAX_OCCURRENCES + 1).ok()
        })
        .map(|o| o.list)
        .unwrap_or_default();
    let mut dates: Vec<Date> = occurrences
        .into_iter()
        .filter_map(|o| match o.start {
            Time::Date(d) => Some(d),
            _ => None,
        })
        .collect();
    if dates.is_empty() {
        dates.push(start);
    }
    let capped = dates.len() > MAX_OCCURRENCES;
    dates.truncate(MAX_OCCURRENCES);
    Expansion { dates, capped }
}

fn ical_date(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year, date.month, date.day)
}

fn day_code(day: Weekday) -> &'static str {
    ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][day.index()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(start: Date, rule: &Rule) -> Vec<String> {
        expand(start, rule)
            .dates
            .iter()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn monthly_by_ordinal_weekday_and_month_day() {
        let start = Date::new(2027, 1, 6).unwrap();
        let mut last_wednesday = Rule::new(Freq::Monthly);
        last_wednesday.by_day = vec![(Some(-1), Weekday::Wed)];
        last_wednesday.count = Some(3);
        assert_eq!(
            dates(Date::new(2027, 1, 27).unwrap(), &last_wednesday),
            ["27.01.2027", "24.02.2027", "31.03.2027"]
        );
        let mut the_31st = Rule::new(Freq::Monthly);
        the_31st.by_month_day = vec![31];
        the_31st.until = Some(Date::new(2027, 5, 31).unwrap());
        // February and April have no 31st.
        assert_eq!(
            dates(Date::new(2027, 1, 31).unwrap(), &the_31st),
            ["31.01.2027", "31.03.2027", "31.05.2027"]
        );
        let mut fortnightly = Rule::new(Freq::Weekly);
        fortnightly.interval = 2;
        fortnightly.by_day = vec![(None, Weekday::Wed), (None, Weekday::Fri)];
        fortnightly.count = Some(4);
        assert_eq!(
            dates(start, &fortnightly),
            ["06.01.2027", "08.01.2027", "20.01.2027", "22.01.2027"]
        );
    }

    #[test]
    fn an_open_schedule_is_capped() {
        let expansion = expand(Date::new(2027, 1, 1).unwrap(), &Rule::new(Freq::Daily));
        assert_eq!(expansion.dates.len(), MAX_OCCURRENCES);
        assert!(expansion.capped);
    }
}
