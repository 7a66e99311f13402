//! Small text helpers shared by the readers: decoding, folding for comparisons, slugs,
//! German dates, times and prices.

use lernort_catalogue::parse_date;
use lernort_time::{Date, TimeOfDay, Weekday};

/// Which character encoding a file was read with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// Windows-1252 (what German Windows software writes as "ANSI").
    Windows1252,
}

/// Decodes a file: valid UTF-8 (a leading byte-order mark is dropped) is read as UTF-8,
/// anything else as Windows-1252, which maps every byte to a character.
///
/// ```
/// use lernort_import::text::{decode, Encoding};
/// assert_eq!(decode("Größe".as_bytes()), ("Größe".to_string(), Encoding::Utf8));
/// assert_eq!(decode(b"Gr\xf6\xdfe \x80"), ("Größe €".to_string(), Encoding::Windows1252));
/// ```
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), Encoding::Utf8),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text.into_owned(), Encoding::Windows1252)
        }
    }
}

/// Lowercases and transliterates German letters and common accents (`ä` → `ae`,
/// `ß` → `ss`, `é` → `e`); other characters stay as they are.
pub fn transliterate_lower(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'ä' | 'Ä' => out.push_str("ae"),
            'ö' | 'Ö' => out.push_str("oe"),
            'ü' | 'Ü' => out.push_str("ue"),
            'ß' | 'ẞ' => out.push_str("ss"),
            'à' | 'á' | 'â' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Å' => out.push('a'),
            'æ' | 'Æ' => out.push_str("ae"),
            'ç' | 'Ç' | 'č' | 'Č' | 'ć' | 'Ć' => out.push('c'),
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' | 'ě' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'ı' | 'İ' => out.push('i'),
            'ñ' | 'Ñ' | 'ń' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ø' => out.push('o'),
            'œ' | 'Œ' => out.push_str("oe"),
            'ù' | 'ú' | 'û' | 'Ù' | 'Ú' | 'Û' => out.push('u'),
            'ý' | 'ÿ' | 'Ý' => out.push('y'),
            'š' | 'Š' | 'ş' | 'Ş' | 'ś' => out.push('s'),
            'ž' | 'Ž' | 'ź' | 'ż' => out.push('z'),
            'ğ' | 'Ğ' => out.push('g'),
            'ł' | 'Ł' => out.push('l'),
            other => out.extend(other.to_lowercase()),
        }
    }
    out
}

/// A key for comparing names and headers: transliterated, lowercase, letters and digits
/// only. `"Freie Plätze"` and `"freie_plaetze"` give the same key.
///
/// ```
/// use lernort_import::text::key;
/// assert_eq!(key("Freie Plätze"), "freieplaetze");
/// assert_eq!(key(" Referent/in "), "referentin");
/// ```
pub fn key(text: &str) -> String {
    transliterate_lower(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Words for matching inside a longer text: transliterated, lowercase, every run of
/// other characters one space, with a space at both ends (so `" online "` matches the
/// word only).
pub fn words(text: &str) -> String {
    let mut out = String::from(" ");
    for c in transliterate_lower(text).chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// The longest slug [`slugify`] makes, leaving room for suffixes within the 100
/// characters `lernort_routes::is_slug` allows.
pub const SLUG_MAX: usize = 80;

/// A URL slug from a title: transliterated (`ä` → `ae`, `ß` → `ss`), lowercase ASCII
/// letters and digits, other runs one hyphen, cut at a hyphen to at most [`SLUG_MAX`]
/// characters. `"kurs"` when nothing is left.
///
/// ```
/// use lernort_import::text::slugify;
/// assert_eq!(slugify("KI im Alltag"), "ki-im-alltag");
/// assert_eq!(slugify("Größe & Maß: Übungen (10–13 Jahre)"), "groesse-mass-uebungen-10-13-jahre");
/// assert_eq!(slugify("„…“"), "kurs");
/// ```
pub fn slugify(title: &str) -> String {
    let mut slug = String::new();
    for c in transliterate_lower(title).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.len() > SLUG_MAX {
        let cut = slug[..=SLUG_MAX]
            .rfind('-')
            .filter(|&i| i > 0)
            .unwrap_or(SLUG_MAX);
        slug.truncate(cut);
        while slug.ends_with('-') {
            slug.pop();
        }
    }
    if slug.is_empty() {
        "kurs".to_string()
    } else {
        slug
    }
}

/// Parses a date as German sources write it: `09.03.2027`, `9.3.2027`, `09.03.27`,
/// or ISO `2027-03-09`. `None` for anything else, including days that do not exist.
///
/// ```
/// use lernort_import::text::parse_german_date;
/// use lernort_time::Date;
/// assert_eq!(parse_german_date("09.03.2027"), Date::new(2027, 3, 9));
/// assert_eq!(parse_german_date("9.3.27"), Date::new(2027, 3, 9));
/// assert_eq!(parse_german_date("2027-03-09"), Date::new(2027, 3, 9));
/// assert_eq!(parse_german_date("31.02.2027"), None);
/// ```
pub fn parse_german_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Some(date) = parse_date(text) {
        return Some(date);
    }
    let mut parts = text.split('.');
    let day = small_number(parts.next()?, 1, 2)?;
    let month = small_number(parts.next()?, 1, 2)?;
    let year_text = parts.next()?;
    if parts.next().is_some() {
        return None;
    }
    let year = match year_text.len() {
        4 => small_number(year_text, 4, 4)?,
        2 => 2000 + small_number(year_text, 2, 2)?,
        _ => return None,
    };
    Date::new(year as i32, month as u8, day as u8)
}

/// Digits only, `min..=max` of them.
fn small_number(text: &str, min: usize, max: usize) -> Option<u32> {
    ((min..=max).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// Parses a time of day: `18:00`, `9:30`, `18.00`, `18 Uhr`, `18:00 Uhr`, `18h`.
///
/// ```
/// use lernort_import::text::parse_time;
/// use lernort_time::TimeOfDay;
/// assert_eq!(parse_time("9:30"), Some(TimeOfDay { hour: 9, minute: 30 }));
/// assert_eq!(parse_time("18.15 Uhr"), Some(TimeOfDay { hour: 18, minute: 15 }));
/// assert_eq!(parse_time("18 Uhr"), Some(TimeOfDay { hour: 18, minute: 0 }));
/// assert_eq!(parse_time("18:70"), None);
/// ```
pub fn parse_time(text: &str) -> Option<TimeOfDay> {
    let lower = text.trim().to_lowercase();
    let text = lower
        .strip_suffix("uhr")
        .or_else(|| lower.strip_suffix('h'))
        .unwrap_or(&lower)
        .trim();
    let (hour, minute) = match text.split_once([':', '.']) {
        Some((h, m)) => {
            // "18:00:00" is fine too; the seconds are dropped.
            let m = m.split_once(':').map_or(m, |(m, s)| {
                if small_number(s, 2, 2).is_some() {
                    m
                } else {
                    "x"
                }
            });
            (small_number(h, 1, 2)?, small_number(m, 2, 2)?)
        }
        None => (small_number(text, 1, 2)?, 0),
    };
    (hour < 24 && minute < 60).then_some(TimeOfDay {
        hour: hour as u8,
        minute: minute as u8,
    })
}

/// A price as a source writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Price {
    /// The field is empty.
    Empty,
    /// Free: `0`, `0,00 €`, `kostenfrei`, `entgeltfrei`, `kostenlos`, `free`.
    Free,
    /// An amount in cents, above zero.
    Cents(u32),
}

/// Parses a price: `49,00 €`, `49 €`, `49,-`, `EUR 49,00`, `1.234,50`, `49.00`, or a
/// word for free. `None` when it is none of these.
///
/// ```
/// use lernort_import::text::{parse_price, Price};
/// assert_eq!(parse_price("49,00 €"), Some(Price::Cents(4900)));
/// assert_eq!(parse_price("EUR 1.234,5"), Some(Price::Cents(123_450)));
/// assert_eq!(parse_price("12.50"), Some(Price::Cents(1250)));
/// assert_eq!(parse_price("49,-"), Some(Price::Cents(4900)));
/// assert_eq!(parse_price("kostenfrei"), Some(Price::Free));
/// assert_eq!(parse_price("0,00 €"), Some(Price::Free));
/// assert_eq!(parse_price(""), Some(Price::Empty));
/// assert_eq!(parse_price("neunundvierzig"), None);
/// ```
pub fn parse_price(text: &str) -> Option<Price> {
    let folded = key(text);
    if folded.is_empty() {
        return Some(Price::Empty);
    }
    const FREE: [&str; 9] = [
        "kostenfrei",
        "kostenlos",
        "entgeltfrei",
        "gebuehrenfrei",
        "frei",
        "free",
        "gratis",
        "eintrittfrei",
        "freieintritt",
    ];
    if FREE.contains(&folded.as_str()) {
        return Some(Price::Free);
    }
    let mut number: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '€')
        .collect();
    for word in ["EUR", "Euro", "euro", "eur"] {
        number = number.replace(word, "");
    }
    let number = number
        .strip_suffix(",-")
        .map_or(number.clone(), |n| format!("{n},00"));
    let (euros, cents) = if let Some((euros, cents)) = number.rsplit_once(',') {
        (euros.replace('.', ""), cents.to_string())
    } else if let Some((euros, cents)) = number.rsplit_once('.') {
        if cents.len() == 3 {
            (format!("{euros}{cents}"), String::new()) // 1.234 = thousands
        } else {
            (euros.to_string(), cents.to_string())
        }
    } else {
        (number, String::new())
    };
    let euros: u32 = if euros.is_empty() {
        0
    } else {
        small_number(&euros, 1, 6)?
    };
    let cents: u32 = match cents.len() {
        0 => 0,
        1 => small_number(&cents, 1, 1)? * 10,
        2 => small_number(&cents, 2, 2)?,
        _ => return None,
    };
    let total = euros.checked_mul(100)?.checked_add(cents)?;
    Some(if total == 0 {
        Price::Free
    } else {
        Price::Cents(total)
    })
}

/// A weekday from its German or English name or abbreviation (`Mo`, `Di.`, `Dienstag`,
/// `Tue`, `thursday`) or the iCalendar code (`TU`).
pub fn parse_weekday(text: &str) -> Option<Weekday> {
    let k = key(text);
    let day = match k.as_str() {
        "mo" | "mon" | "montag" | "monday" => Weekday::Mon,
        "di" | "die" | "tu" | "tue" | "dienstag" | "tuesday" => Weekday::Tue,
        "mi" | "mit" | "we" | "wed" | "mittwoch" | "wednesday" => Weekday::Wed,
        "do" | "don" | "th" | "thu" | "donnerstag" | "thursday" => Weekday::Thu,
        "fr" | "fre" | "fri" | "freitag" | "friday" => Weekday::Fri,
        "sa" | "sam" | "sat" | "samstag" | "sonnabend" | "saturday" => Weekday::Sat,
        "so" | "son" | "su" | "sun" | "sonntag" | "sunday" => Weekday::Sun,
        _ => return None,
    };
    Some(day)
}

/// A language code (BCP 47 primary tag) from a code or a German or English name.
///
/// ```
/// use lernort_import::text::language_code;
/// assert_eq!(language_code("Englisch").as_deref(), Some("en"));
/// assert_eq!(language_code("de-DE").as_deref(), Some("de"));
/// assert_eq!(language_code("Klingonisch"), None);
/// ```
pub fn language_code(text: &str) -> Option<String> {
    let k = key(text);
    let code = match k.as_str() {
        "deutsch" | "german" | "de" | "dede" | "ger" | "deu" => "de",
        "englisch" | "english" | "en" | "enus" | "engb" | "eng" => "en",
        "tuerkisch" | "turkish" | "tr" => "tr",
        "ukrainisch" | "ukrainian" | "uk" => "uk",
        "arabisch" | "arabic" | "ar" => "ar",
        "russisch" | "russian" | "ru" => "ru",
        "polnisch" | "polish" | "pl" => "pl",
        "franzoesisch" | "french" | "fr" => "fr",
        "spanisch" | "spanish" | "es" => "es",
        "italienisch" | "italian" | "it" => "it",
        "niederlaendisch" | "dutch" | "nl" => "nl",
        "persisch" | "farsi" | "persian" | "fa" => "fa",
        _ => return None,
    };
    Some(code.to_string())
}

/// A plain-text description made safe for the catalogue's Markdown subset: `\`, `*`
/// and `[` are escaped, so that text from a course system reads as it was written.
/// Line breaks stay; Windows line ends become `\n`; trailing spaces go.
pub fn plain_description(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        if !out.is_empty() {
            out.push('\n');
        }
        for c in line.trim_end().chars() {
            if matches!(c, '\\' | '*' | '[') {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.trim().to_string()
}

/// Text from HTML (as some websites put into JSON-LD descriptions): tags removed,
/// `<br>` and block ends as line breaks, the common entities decoded.
///
/// ```
/// use lernort_import::text::strip_html;
/// assert_eq!(strip_html("<p>Tipps &amp; Tricks</p><p>Mit <b>Laptop</b></p>"), "Tipps & Tricks\n\nMit Laptop");
/// ```
pub fn strip_html(text: &str) -> String {
    if !text.contains('<') && !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let tag = rest[start + 1..start + end].trim().to_ascii_lowercase();
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        match name.as_str() {
            "br" => out.push('\n'),
            "p" | "div" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" if tag.starts_with('/') => {
                out.push_str("\n\n")
            }
            "li" if !tag.starts_with('/') => out.push_str("\n- "),
            _ => {}
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    let decoded = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    let mut lines: Vec<&str> = decoded.lines().map(str::trim).collect();
    // At most one blank line in a row.
    lines.dedup_by(|a, b| a.is_empty() && b.is_empty());
    lines.join("\n").trim().to_string()
}

/// An age range found in a text: `10–13 Jahre`, `10-13 Jahren`, `von 10 bis 13 Jahren`,
/// `ab 60`, `60+`, schema.org's `60-`. Returned in schema.org form (`10-13`, `60-`).
///
/// ```
/// use lernort_import::text::age_range;
/// assert_eq!(age_range("Kinder von 10 bis 13 Jahren").as_deref(), Some("10-13"));
/// assert_eq!(age_range("Programmieren mit Scratch (10–13 Jahre)").as_deref(), Some("10-13"));
/// assert_eq!(age_range("Sicher im Netz ab 60").as_deref(), Some("60-"));
/// assert_eq!(age_range("60+").as_deref(), Some("60-"));
/// assert_eq!(age_range("Python für Einsteiger"), None);
/// ```
pub fn age_range(text: &str) -> Option<String> {
    let w = words(&text.replace(['–', '—'], "-"));
    let tokens: Vec<&str> = w.split_whitespace().collect();
    let age = |t: &str| t.parse::<u32>().ok().filter(|n| (1..=120).contains(n));
    let raw = transliterate_lower(text).replace(['–', '—'], "-");
    // "10-13", "10 - 13"
    let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    for (i, _) in compact.match_indices('-') {
        let before: String = compact[..i]
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let after: String = compact[i + 1..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let years_follow = compact[i + 1 + after.len()..].starts_with("jahr")
            || compact[i + 1 + after.len()..].starts_with("j.")
            || compact[i + 1 + after.len()..].starts_with("years");
        if let (Some(low), Some(high)) = (age(&before), age(&after)) {
            if years_follow && low <= high {
                return Some(format!("{low}-{high}"));
            }
        }
        if let (Some(low), true) = (age(&before), after.is_empty()) {
            if compact.len() == i + 1 {
                return Some(format!("{low}-")); // schema.org "60-"
            }
        }
    }
    for window in tokens.windows(4) {
        if let ["von", low, "bis", high] = window {
            if let (Some(low), Some(high)) = (age(low), age(high)) {
                if low <= high {
                    return Some(format!("{low}-{high}"));
                }
            }
        }
    }
    for window in tokens.windows(2) {
        if let ["ab", n] = window {
            if let Some(n) = age(n) {
                return Some(format!("{n}-"));
            }
        }
    }
    if let Some(n) = compact.strip_suffix('+').and_then(age) {
        return Some(format!("{n}-"));
    }
    None
}
