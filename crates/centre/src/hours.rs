//! Weekly opening hours and "open now / opens at" in Europe/Berlin wall-clock time.

use lernort_i18n::{clock_time, weekday_name, Lang, Msg};
use lernort_time::{LocalDateTime, TimeOfDay, Weekday};
use serde::{Deserialize, Serialize};

/// One opening period that repeats weekly on the given days, e.g. Mon–Fri 08:00–20:00.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, lernort_json::Read)]
pub struct OpeningPeriod {
    /// The days this period applies to.
    pub days: Vec<Weekday>,
    /// Opening time, `HH:MM`.
    pub opens: TimeOfDay,
    /// Closing time, `HH:MM`, later than `opens` (`24:00` for midnight).
    pub closes: TimeOfDay,
}

/// The weekly opening hours: any number of periods, several per day allowed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, lernort_json::Read)]
#[serde(transparent)]
pub struct OpeningHours(pub Vec<OpeningPeriod>);

/// Whether the centre is open at a moment, and when that changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenStatus {
    /// Open now, until the given time today.
    OpenUntil(TimeOfDay),
    /// Closed now; opens `days_ahead` days later (0 = today) at `at`.
    OpensAt {
        /// 0 for later today, 1 for tomorrow, …
        days_ahead: u8,
        /// The day it opens.
        day: Weekday,
        /// The time it opens.
        at: TimeOfDay,
    },
    /// No opening hours are configured.
    NoHours,
}

impl OpeningHours {
    /// The periods of one weekday as `(opens, closes)`, earliest first.
    pub fn on(&self, day: Weekday) -> Vec<(TimeOfDay, TimeOfDay)> {
        let mut times: Vec<_> = self
            .0
            .iter()
            .filter(|p| p.days.contains(&day))
            .map(|p| (p.opens, p.closes))
            .collect();
        times.sort();
        times
    }

    /// One weekday's hours for a table: `09:00–20:00`, several periods joined by commas,
    /// or `geschlossen` / `closed`.
    ///
    /// ```
    /// use lernort_centre::{OpeningHours, OpeningPeriod};
    /// use lernort_i18n::Lang;
    /// use lernort_time::{TimeOfDay, Weekday};
    /// let t = |s| TimeOfDay::parse(s).unwrap();
    /// let hours = OpeningHours(vec![
    ///     OpeningPeriod { days: vec![Weekday::Mon], opens: t("14:00"), closes: t("18:00") },
    ///     OpeningPeriod { days: vec![Weekday::Mon], opens: t("09:00"), closes: t("12:00") },
    /// ]);
    /// assert_eq!(hours.day_text(Weekday::Mon, Lang::De), "09:00–12:00, 14:00–18:00");
    /// assert_eq!(hours.day_text(Weekday::Sun, Lang::En), "closed");
    /// ```
    pub fn day_text(&self, day: Weekday, lang: Lang) -> String {
        let times = self.on(day);
        if times.is_empty() {
            return Msg::Closed.text(lang).to_string();
        }
        times
            .iter()
            .map(|(opens, closes)| format!("{opens}–{closes}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Problems that make the hours meaningless (closing before opening).
    pub fn problems(&self) -> Vec<String> {
        self.0
            .iter()
            .filter(|p| p.closes <= p.opens || p.days.is_empty())
            .map(|p| {
                format!(
                    "opening period {}–{} on {:?} is empty",
                    p.opens, p.closes, p.days
                )
            })
            .collect()
    }

    /// Open or closed at a local moment, and when that changes.
    ///
    /// ```
    /// use lernort_centre::{OpeningHours, OpeningPeriod, OpenStatus};
    /// use lernort_time::{to_berlin, TimeOfDay, Weekday};
    /// let t = |s| TimeOfDay::parse(s).unwrap();
    /// let hours = OpeningHours(vec![OpeningPeriod {
    ///     days: vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri],
    ///     opens: t("08:00"), closes: t("20:00"),
    /// }]);
    /// // Saturday 21.11.2026 13:00: closed until Monday 8:00.
    /// let saturday_noon = to_berlin(1_795_262_400);
    /// assert_eq!(hours.status_at(saturday_noon),
    ///     OpenStatus::OpensAt { days_ahead: 2, day: Weekday::Mon, at: t("08:00") });
    /// ```
    pub fn status_at(&self, now: LocalDateTime) -> OpenStatus {
        let today = now.date.weekday();
        if let Some((_, closes)) = self
            .on(today)
            .into_iter()
            .find(|(opens, closes)| (*opens..*closes).contains(&now.time))
        {
            return OpenStatus::OpenUntil(closes);
        }
        let mut day = today;
        for days_ahead in 0..=7u8 {
            let next = self
                .on(day)
                .into_iter()
                .map(|(opens, _)| opens)
                .find(|opens| days_ahead > 0 || *opens > now.time);
            if let Some(at) = next {
                return OpenStatus::OpensAt {
                    days_ahead,
                    day,
                    at,
                };
            }
            day = day.next();
        }
        OpenStatus::NoHours
    }
}

impl OpenStatus {
    /// The status in words, e.g. "Jetzt geöffnet bis 20:00 Uhr".
    ///
    /// ```
    /// use lernort_centre::OpenStatus;
    /// use lernort_i18n::Lang;
    /// use lernort_time::{TimeOfDay, Weekday};
    /// let at = TimeOfDay::parse("08:00").unwrap();
    /// let tomorrow = OpenStatus::OpensAt { days_ahead: 1, day: Weekday::Tue, at };
    /// assert_eq!(tomorrow.describe(Lang::De), "Jetzt geschlossen – öffnet morgen um 8:00 Uhr");
    /// assert_eq!(tomorrow.describe(Lang::En), "Closed now – opens tomorrow at 8:00");
    /// ```
    pub fn describe(&self, lang: Lang) -> String {
        let t = |m: Msg| m.text(lang);
        match *self {
            OpenStatus::OpenUntil(closes) => {
                format!(
                    "{} {} {}",
                    t(Msg::OpenNow),
                    t(Msg::Until),
                    clock_time(closes, lang)
                )
            }
            OpenStatus::OpensAt {
                days_ahead,
                day,
                at,
            } => {
                let when = match days_ahead {
                    0 => t(Msg::OpensToday).to_string(),
                    1 => t(Msg::OpensTomorrow).to_string(),
                    _ => format!(
                        "{} {} {}",
                        t(Msg::OpensOn),
                        weekday_name(day, lang),
                        t(Msg::At)
                    ),
                };
                format!("{} – {when} {}", t(Msg::ClosedNow), clock_time(at, lang))
            }
            OpenStatus::NoHours => t(Msg::NoOpeningHours).to_string(),
        }
    }

    /// Whether the centre is open.
    pub fn is_open(&self) -> bool {
        matches!(self, OpenStatus::OpenUntil(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lernort_time::Date;

    fn t(s: &str) -> TimeOfDay {
        TimeOfDay::parse(s).unwrap()
    }

    fn at(y: i32, m: u8, d: u8, time: &str) -> LocalDateTime {
        LocalDateTime {
            date: Date::new(y, m, d).unwrap(),
            time: t(time),
            second: 0,
        }
    }

    /// Mon–Fri 8–20, Saturday 10–14 and 15–18 (a lunch break).
    fn hours() -> OpeningHours {
        use Weekday::*;
        OpeningHours(vec![
            OpeningPeriod {
                days: vec![Mon, Tue, Wed, Thu, Fri],
                opens: t("08:00"),
                closes: t("20:00"),
            },
            OpeningPeriod {
                days: vec![Sat],
                opens: t("15:00"),
                closes: t("18:00"),
            },
            OpeningPeriod {
                days: vec![Sat],
                opens: t("10:00"),
                closes: t("14:00"),
            },
        ])
    }

    #[test]
    fn open_and_closed_at_the_edges() {
        let h = hours();
        // Friday 20.11.2026.
        assert!(!h.status_at(at(2026, 11, 20, "07:59")).is_open());
        assert_eq!(
            h.status_at(at(2026, 11, 20, "08:00")),
            OpenStatus::OpenUntil(t("20:00"))
        );
        assert_eq!(
            h.status_at(at(2026, 11, 20, "19:59")),
            OpenStatus::OpenUntil(t("20:00"))
        );
        assert_eq!(
            h.status_at(at(2026, 11, 20, "20:00")),
            OpenStatus::OpensAt {
                days_ahead: 1,
                day: Weekday::Sat,
                at: t("10:00")
            }
        );
    }

    #[test]
    fn lunch_break_and_weekend() {
        let h = hours();
        // Saturday 21.11.2026 14:30: opens again today at 15:00.
        assert_eq!(
            h.status_at(at(2026, 11, 21, "14:30")),
            OpenStatus::OpensAt {
                days_ahead: 0,
                day: Weekday::Sat,
                at: t("15:00")
            }
        );
        // Sunday: next is Monday.
        assert_eq!(
            h.status_at(at(2026, 11, 22, "12:00")),
            OpenStatus::OpensAt {
                days_ahead: 1,
                day: Weekday::Mon,
                at: t("08:00")
            }
        );
        assert_eq!(
            h.status_at(at(2026, 11, 21, "19:00")).describe(Lang::De),
            "Jetzt geschlossen – öffnet am Montag um 8:00 Uhr"
        );
    }

    #[test]
    fn no_hours_and_broken_hours() {
        assert_eq!(
            OpeningHours::default().status_at(at(2026, 11, 21, "12:00")),
            OpenStatus::NoHours
        );
        let broken = OpeningHours(vec![OpeningPeriod {
            days: vec![Weekday::Mon],
            opens: t("20:00"),
            closes: t("08:00"),
        }]);
        assert_eq!(broken.problems().len(), 1);
        assert!(hours().problems().is_empty());
    }
}
