//! Availability, prices and dates in words, German and English.
//!
//! Every state is said in words, never by colour alone. Amounts are integer cents and are
//! formatted without floats; dates and times are Berlin's wall clock.

use std::fmt::Write;

use lernort_i18n::{fill, Lang, Msg};
use lernort_time::{Date, LocalDateTime, TimeOfDay, Weekday};

use crate::{pick, Availability, Course, Session, When};

const MONTHS_DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS_DE: [&str; 7] = ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const EVERY_DE: [&str; 7] = [
    "montags",
    "dienstags",
    "mittwochs",
    "donnerstags",
    "freitags",
    "samstags",
    "sonntags",
];
const EVERY_EN: [&str; 7] = [
    "Mondays",
    "Tuesdays",
    "Wednesdays",
    "Thursdays",
    "Fridays",
    "Saturdays",
    "Sundays",
];

/// A session short, for a list of what is on (the kiosk): today only its times,
/// `18:00–20:15 Uhr` (all day: `ganztägig`); another day `Di., 24.11., 18:00 Uhr`.
///
/// ```
/// use lernort_catalogue::{session_short_text, Session, When};
/// use lernort_i18n::Lang;
/// let s = Session {
///     start_date: When::parse("2026-11-24T18:00:00+01:00").unwrap(),
///     end_date: When::parse("2026-11-24T20:15:00+01:00").unwrap(),
/// };
/// assert_eq!(session_short_text(&s, true, Lang::De), "18:00–20:15 Uhr");
/// assert_eq!(session_short_text(&s, false, Lang::De), "Di., 24.11., 18:00 Uhr");
/// assert_eq!(session_short_text(&s, false, Lang::En), "Tue, 24/11, 18:00");
/// ```
pub fn session_short_text(session: &Session, today: bool, lang: Lang) -> String {
    let (start, end) = (session.start_local(), session.end_local());
    if today {
        if session.is_all_day() {
            return pick(lang, "ganztägig", "all day").to_string();
        }
        return format!("{}–{}{}", clock(start.time), clock(end.time), uhr(lang));
    }
    let weekday = pick(lang, WEEKDAYS_DE, WEEKDAYS_EN)[start.date.weekday().index()];
    let (day, month) = (start.date.day, start.date.month);
    let day = pick(lang, format!("{day}.{month}."), format!("{day}/{month}"));
    if session.is_all_day() {
        format!("{weekday}, {day}")
    } else {
        format!("{weekday}, {day}, {}{}", clock(start.time), uhr(lang))
    }
}

/// A date in words: `9. März 2027`, `9 March 2027`.
///
/// ```
/// use lernort_catalogue::date_text;
/// use lernort_i18n::Lang;
/// use lernort_time::Date;
/// let d = Date::new(2027, 3, 9).unwrap();
/// assert_eq!(date_text(d, Lang::De), "9. März 2027");
/// assert_eq!(date_text(d, Lang::En), "9 March 2027");
/// ```
pub fn date_text(date: Date, lang: Lang) -> String {
    let month = usize::from(date.month.clamp(1, 12) - 1);
    match lang {
        Lang::De => format!("{}. {} {}", date.day, MONTHS_DE[month], date.year),
        Lang::En => format!("{} {} {}", date.day, MONTHS_EN[month], date.year),
    }
}

/// A date with its weekday: `Di., 9. März 2027`, `Tue, 9 March 2027`.
fn day_text(date: Date, lang: Lang) -> String {
    let weekday = pick(lang, WEEKDAYS_DE, WEEKDAYS_EN)[date.weekday().index()];
    format!("{weekday}, {}", date_text(date, lang))
}

/// `18:00`, `9:05`.
fn clock(time: TimeOfDay) -> String {
    format!("{}:{:02}", time.hour, time.minute)
}

/// ` Uhr` in German, nothing in English.
fn uhr(lang: Lang) -> &'static str {
    pick(lang, " Uhr", "")
}

/// One session in words, on Berlin's clocks.
///
/// ```
/// use lernort_catalogue::{session_text, Session, When};
/// use lernort_i18n::Lang;
/// let s = Session {
///     start_date: When::parse("2027-03-09T18:00:00+01:00").unwrap(),
///     end_date: When::parse("2027-03-09T20:15:00+01:00").unwrap(),
/// };
/// assert_eq!(session_text(&s, Lang::De), "Di., 9. März 2027, 18:00–20:15 Uhr");
/// assert_eq!(session_text(&s, Lang::En), "Tue, 9 March 2027, 18:00–20:15");
/// ```
///
/// A session that ends after midnight, within a day, keeps the short form
/// (`Sa., 30. Oktober 2027, 22:00–2:00 Uhr`); a longer one names both days; an all-day
/// session names its day or days.
pub fn session_text(session: &Session, lang: Lang) -> String {
    match (session.start_date, session.end_date) {
        (When::Day(first), When::Day(last)) if last > first => {
            format!("{} – {}", day_text(first, lang), day_text(last, lang))
        }
        (When::Day(first), _) => day_text(first, lang),
        _ => {
            let (start, end) = (session.start_local(), session.end_local());
            let overnight = end.date == start.date.add_days(1)
                && session.end_unix() - session.start_unix() < 86_400;
            if end.date == start.date || overnight {
                format!(
                    "{}, {}–{}{}",
                    day_text(start.date, lang),
                    clock(start.time),
                    clock(end.time),
                    uhr(lang)
                )
            } else {
                format!("{} – {}", moment(start, lang), moment(end, lang))
            }
        }
    }
}

/// `Sa., 8. Mai 2027, 10:00 Uhr`.
fn moment(at: LocalDateTime, lang: Lang) -> String {
    format!(
        "{}, {}{}",
        day_text(at.date, lang),
        clock(at.time),
        uhr(lang)
    )
}

/// A course's dates in one line. One session: [`session_text`]. A series: how many
/// sessions, on which weekdays (when there are at most three), at which time (when every
/// session has the same), from which day.
///
/// ```
/// use lernort_catalogue::{series_text, Session, When};
/// use lernort_i18n::Lang;
/// let tuesday = |day: u8| Session {
///     start_date: When::parse(&format!("2027-03-{day:02}T18:00:00+01:00")).unwrap(),
///     end_date: When::parse(&format!("2027-03-{day:02}T20:15:00+01:00")).unwrap(),
/// };
/// let sessions: Vec<Session> = [9, 16, 23].into_iter().map(tuesday).collect();
/// assert_eq!(series_text(&sessions, Lang::De), "3 Termine, dienstags, 18:00–20:15 Uhr, ab 9. März 2027");
/// assert_eq!(series_text(&sessions, Lang::En), "3 sessions, Tuesdays, 18:00–20:15, from 9 March 2027");
/// ```
pub fn series_text(sessions: &[Session], lang: Lang) -> String {
    let (first, n) = match sessions {
        [] => return pick(lang, "Termine folgen", "Dates to follow").to_string(),
        [one] => return session_text(one, lang),
        _ => match sessions.iter().min_by_key(|s| s.start_unix()) {
            Some(first) => (first, sessions.len()),
            None => return String::new(),
        },
    };
    let mut text = format!("{n} {}", pick(lang, "Termine", "sessions"));
    let mut days = [false; 7];
    for s in sessions {
        days[s.start_local().date.weekday().index()] = true;
    }
    let names: Vec<&str> = Weekday::ALL
        .iter()
        .filter(|d| days[d.index()])
        .map(|d| pick(lang, EVERY_DE, EVERY_EN)[d.index()])
        .collect();
    if names.len() <= 3 {
        let _ = write!(text, ", {}", and_list(&names, lang));
    }
    let times = |s: &Session| {
        let (start, end) = (s.start_local(), s.end_local());
        (!s.is_all_day() && start.date == end.date).then_some((start.time, end.time))
    };
    let same_times = times(first).filter(|t| sessions.iter().all(|s| times(s) == Some(*t)));
    if let Some((start, end)) = same_times {
        let _ = write!(text, ", {}–{}{}", clock(start), clock(end), uhr(lang));
    }
    let from = date_text(first.start_local().date, lang);
    let _ = write!(text, ", {} {from}", pick(lang, "ab", "from"));
    text
}

/// `a`, `a und b`, `a, b und c`.
fn and_list(items: &[&str], lang: Lang) -> String {
    let mut text = String::new();
    for (i, item) in items.iter().enumerate() {
        if i + 1 == items.len() && i > 0 {
            text.push_str(pick(lang, " und ", " and "));
        } else if i > 0 {
            text.push_str(", ");
        }
        text.push_str(item);
    }
    text
}

/// An amount of money: `49,00 €`, `1.234,50 €` in German; `€49.00`, `€1,234.50` in
/// English. Other currencies print their code: `12,00 CHF`, `CHF 12.00`.
///
/// ```
/// use lernort_catalogue::money_text;
/// use lernort_i18n::Lang;
/// assert_eq!(money_text(4900, "EUR", Lang::De), "49,00 €");
/// assert_eq!(money_text(123_450, "EUR", Lang::De), "1.234,50 €");
/// assert_eq!(money_text(5, "EUR", Lang::En), "€0.05");
/// ```
pub fn money_text(cents: u32, currency: &str, lang: Lang) -> String {
    let (group, decimal) = pick(lang, ('.', ','), (',', '.'));
    let units = (cents / 100).to_string();
    let mut amount = String::new();
    for (i, digit) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            amount.push(group);
        }
        amount.push(digit);
    }
    let _ = write!(amount, "{decimal}{:02}", cents % 100);
    match (lang, currency) {
        (Lang::De, "EUR") => format!("{amount} €"),
        (Lang::En, "EUR") => format!("€{amount}"),
        (Lang::De, code) => format!("{amount} {code}"),
        (Lang::En, code) => format!("{code} {amount}"),
    }
}

/// What taking part costs: `kostenlos`, `49,00 €`, `49,00 €, ermäßigt 29,00 €`;
/// `free`, `€49.00`, `€49.00, reduced €29.00`. Empty when the catalogue does not say.
///
/// ```
/// use lernort_catalogue::price_text;
/// use lernort_i18n::Lang;
/// let mut course: lernort_catalogue::Course = serde_json::from_str(r#"{"id": "1", "slug": "a",
///   "name": "A", "provider": "p", "sessions": [],
///   "offers": {"price": 4900, "reducedPrice": 2900}}"#).unwrap();
/// assert_eq!(price_text(&course, Lang::De), "49,00 €, ermäßigt 29,00 €");
/// course.is_accessible_for_free = true;
/// course.offers = None;
/// assert_eq!(price_text(&course, Lang::De), "kostenlos");
/// ```
pub fn price_text(course: &Course, lang: Lang) -> String {
    let free = pick(lang, "kostenlos", "free").to_string();
    match &course.offers {
        _ if course.is_accessible_for_free => free,
        Some(offer) if offer.price == 0 => free,
        Some(offer) => {
            let mut text = money_text(offer.price, &offer.currency, lang);
            if let Some(reduced) = offer.reduced_price {
                let label = pick(lang, "ermäßigt", "reduced");
                let _ = write!(
                    text,
                    ", {label} {}",
                    money_text(reduced, &offer.currency, lang)
                );
            }
            text
        }
        // The source gave no price (and does not say its courses are free).
        None => pick(
            lang,
            "Preis beim Anbieter erfragen",
            "Ask the provider for the price",
        )
        .into(),
    }
}

/// The booking state at `now` (Unix seconds) in words, as [`Course::availability_at`]
/// derives it.
///
/// | state | German | English |
/// |---|---|---|
/// | available | Noch Plätze frei / Noch 12 Plätze frei | Places available / 12 places left |
/// | few | Nur noch 3 Plätze / Nur noch wenige Plätze | Only 3 places left / Only a few places left |
/// | waitlist | Ausgebucht – Warteliste | Fully booked – waiting list |
/// | full | Ausgebucht | Fully booked |
/// | notYetOpen | Anmeldung ab 1. Februar 2027 / Anmeldung noch nicht möglich | Booking opens 1 February 2027 / Booking not open yet |
/// | cancelled | Abgesagt | Cancelled |
/// | past | Vorbei | Over |
/// | postponed | Verschoben – neuer Termin folgt | Postponed – new date to follow |
///
/// ```
/// use lernort_catalogue::{availability_text, Availability, Course};
/// use lernort_i18n::Lang;
/// let mut course: Course = serde_json::from_str(r#"{"id": "1", "slug": "a", "name": "A",
///   "provider": "p", "sessions": [{"startDate": "2027-03-09", "endDate": "2027-03-09"}],
///   "availability": "few", "placesLeft": 1}"#).unwrap();
/// let now = 1_798_761_600; // 2027-01-01
/// assert_eq!(availability_text(&course, now, Lang::De), "Nur noch 1 Platz");
/// assert_eq!(availability_text(&course, now, Lang::En), "Only 1 place left");
/// ```
pub fn availability_text(course: &Course, now: i64, lang: Lang) -> String {
    let places = |n: u32| match (lang, n) {
        (Lang::De, 1) => "1 Platz".to_string(),
        (Lang::De, n) => format!("{n} Plätze"),
        (Lang::En, 1) => "1 place".to_string(),
        (Lang::En, n) => format!("{n} places"),
    };
    match (course.availability_at(now), course.places_left) {
        (Availability::Available, Some(n)) if n > 0 => match lang {
            Lang::De => format!("Noch {} frei", places(n)),
            Lang::En => format!("{} left", places(n)),
        },
        (Availability::Available, _) => pick(lang, "Noch Plätze frei", "Places available").into(),
        (Availability::Few, Some(n)) if n > 0 => match lang {
            Lang::De => format!("Nur noch {}", places(n)),
            Lang::En => format!("Only {} left", places(n)),
        },
        (Availability::Few, _) => {
            pick(lang, "Nur noch wenige Plätze", "Only a few places left").into()
        }
        (Availability::Waitlist, _) => pick(
            lang,
            "Ausgebucht – Warteliste",
            "Fully booked – waiting list",
        )
        .into(),
        (Availability::Full, _) => pick(lang, "Ausgebucht", "Fully booked").into(),
        (Availability::NotYetOpen, _) => match course.availability_starts {
            Some(when) => {
                let date = date_text(when.berlin_date(), lang);
                pick(
                    lang,
                    format!("Anmeldung ab {date}"),
                    format!("Booking opens {date}"),
                )
            }
            None => pick(lang, "Anmeldung noch nicht möglich", "Booking not open yet").into(),
        },
        (Availability::Cancelled, _) => pick(lang, "Abgesagt", "Cancelled").into(),
        (Availability::Past, _) => pick(lang, "Vorbei", "Over").into(),
        (Availability::Postponed, _) => pick(
            lang,
            "Verschoben – neuer Termin folgt",
            "Postponed – new date to follow",
        )
        .into(),
    }
}

/// `60-` → "ab 60 Jahren", `12-17` → "12 bis 17 Jahre"; other text as written.
pub fn age_text(range: &str, lang: Lang) -> String {
    match range.split_once('-') {
        Some((from, "")) => fill(Msg::AgeFrom.text(lang), &[from]),
        Some((from, to)) => fill(Msg::AgeRange.text(lang), &[from, to]),
        None => range.to_string(),
    }
}

/// A course language's name in `lang` (`de-DE` → "Deutsch"); a code without a name stays
/// as written.
pub fn language_name(code: &str, lang: Lang) -> String {
    let primary = code.split('-').next().unwrap_or(code);
    let msg = match primary {
        "de" => Msg::LanguageDe,
        "en" => Msg::LanguageEn,
        "tr" => Msg::LanguageTr,
        "uk" => Msg::LanguageUk,
        "ar" => Msg::LanguageAr,
        "ru" => Msg::LanguageRu,
        _ => return code.to_string(),
    };
    msg.text(lang).to_string()
}
