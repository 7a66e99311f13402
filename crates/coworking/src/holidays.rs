//! Public holidays of North Rhine-Westphalia, computed (no table to update): the fixed
//! ones and those that move with Easter (Gregorian computus).

use lernort_i18n::Localized;
use lernort_time::Date;

/// A public holiday in NRW.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holiday {
    /// 1 January.
    Neujahr,
    /// Easter Sunday − 2.
    Karfreitag,
    /// Easter Sunday + 1.
    Ostermontag,
    /// 1 May.
    TagDerArbeit,
    /// Easter Sunday + 39.
    ChristiHimmelfahrt,
    /// Easter Sunday + 50.
    Pfingstmontag,
    /// Easter Sunday + 60.
    Fronleichnam,
    /// 3 October.
    TagDerDeutschenEinheit,
    /// 1 November.
    Allerheiligen,
    /// 25 December.
    ErsterWeihnachtstag,
    /// 26 December.
    ZweiterWeihnachtstag,
}

impl Holiday {
    /// The name, German and English.
    pub fn name(self) -> Localized {
        let (de, en) = match self {
            Holiday::Neujahr => ("Neujahr", "New Year's Day"),
            Holiday::Karfreitag => ("Karfreitag", "Good Friday"),
            Holiday::Ostermontag => ("Ostermontag", "Easter Monday"),
            Holiday::TagDerArbeit => ("Tag der Arbeit", "Labour Day"),
            Holiday::ChristiHimmelfahrt => ("Christi Himmelfahrt", "Ascension Day"),
            Holiday::Pfingstmontag => ("Pfingstmontag", "Whit Monday"),
            Holiday::Fronleichnam => ("Fronleichnam", "Corpus Christi"),
            Holiday::TagDerDeutschenEinheit => ("Tag der Deutschen Einheit", "German Unity Day"),
            Holiday::Allerheiligen => ("Allerheiligen", "All Saints' Day"),
            Holiday::ErsterWeihnachtstag => ("1. Weihnachtstag", "Christmas Day"),
            Holiday::ZweiterWeihnachtstag => ("2. Weihnachtstag", "Boxing Day"),
        };
        Localized::Translated {
            de: de.to_string(),
            en: Some(en.to_string()),
        }
    }
}

/// Easter Sunday of a year (Gregorian; the anonymous computus of Meeus/Jones/Butcher).
///
/// ```
/// use lernort_coworking::holidays::easter_sunday;
/// assert_eq!(easter_sunday(2026).to_string(), "05.04.2026");
/// assert_eq!(easter_sunday(2027).to_string(), "28.03.2027");
/// ```
pub fn easter_sunday(year: i32) -> Date {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, month as u8, day as u8).unwrap_or(Date {
        year,
        month: 4,
        day: 1,
    })
}

/// The NRW public holiday on `date`, if it is one.
///
/// ```
/// use lernort_coworking::holidays::{nrw, Holiday};
/// use lernort_time::Date;
/// assert_eq!(nrw(Date::new(2026, 6, 4).unwrap()), Some(Holiday::Fronleichnam));
/// assert_eq!(nrw(Date::new(2026, 6, 5).unwrap()), None);
/// ```
pub fn nrw(date: Date) -> Option<Holiday> {
    let fixed = match (date.month, date.day) {
        (1, 1) => Some(Holiday::Neujahr),
        (5, 1) => Some(Holiday::TagDerArbeit),
        (10, 3) => Some(Holiday::TagDerDeutschenEinheit),
        (11, 1) => Some(Holiday::Allerheiligen),
        (12, 25) => Some(Holiday::ErsterWeihnachtstag),
        (12, 26) => Some(Holiday::ZweiterWeihnachtstag),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    let after_easter = date.days_since_epoch() - easter_sunday(date.year).days_since_epoch();
    match after_easter {
        -2 => Some(Holiday::Karfreitag),
        1 => Some(Holiday::Ostermontag),
        39 => Some(Holiday::ChristiHimmelfahrt),
        50 => Some(Holiday::Pfingstmontag),
        60 => Some(Holiday::Fronleichnam),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_of(year: i32) -> Vec<(String, Holiday)> {
        let mut date = Date::new(year, 1, 1).unwrap();
        let mut found = Vec::new();
        while date.year == year {
            if let Some(h) = nrw(date) {
                found.push((date.to_string(), h));
            }
            date = date.add_days(1);
        }
        found
    }

    #[test]
    fn nrw_2026() {
        use Holiday::*;
        let expected = [
            ("01.01.2026", Neujahr),
            ("03.04.2026", Karfreitag),
            ("06.04.2026", Ostermontag),
            ("01.05.2026", TagDerArbeit),
            ("14.05.2026", ChristiHimmelfahrt),
            ("25.05.2026", Pfingstmontag),
            ("04.06.2026", Fronleichnam),
            ("03.10.2026", TagDerDeutschenEinheit),
            ("01.11.2026", Allerheiligen),
            ("25.12.2026", ErsterWeihnachtstag),
            ("26.12.2026", ZweiterWeihnachtstag),
        ];
        let expected: Vec<(String, Holiday)> =
            expected.iter().map(|(d, h)| (d.to_string(), *h)).collect();
        assert_eq!(all_of(2026), expected);
    }

    #[test]
    fn nrw_2027_easter_in_march() {
        use Holiday::*;
        let found = all_of(2027);
        assert_eq!(found.len(), 11);
        for (date, holiday) in [
            ("26.03.2027", Karfreitag),
            ("29.03.2027", Ostermontag),
            ("06.05.2027", ChristiHimmelfahrt),
            ("17.05.2027", Pfingstmontag),
            ("27.05.2027", Fronleichnam),
        ] {
            assert!(found.contains(&(date.to_string(), holiday)), "{date}");
        }
    }

    #[test]
    fn known_easter_dates() {
        for (year, month, day) in [
            (2000, 4, 23),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2038, 4, 25),
        ] {
            assert_eq!(
                easter_sunday(year),
                Date::new(year, month, day).unwrap(),
                "{year}"
            );
        }
    }

    #[test]
    fn names_are_german_and_english() {
        let name = Holiday::Fronleichnam.name();
        assert_eq!(name.get(lernort_i18n::Lang::De), "Fronleichnam");
        assert_eq!(name.get(lernort_i18n::Lang::En), "Corpus Christi");
    }
}
