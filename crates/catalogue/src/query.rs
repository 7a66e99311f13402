//! What the visitor searches for and filters by ([`Query`]), and its place in the URL.
//!
//! The catalogue page keeps its whole state in the query string, so that a search can be
//! bookmarked, shared and restored by Back. Keys are short German words:
//!
//! | key | value | example |
//! |---|---|---|
//! | `q` | the search text | `q=ki+f%C3%BCr+senioren` |
//! | `kat` | category ids, comma-separated | `kat=ki,smart-home` |
//! | `anbieter` | provider ids | `anbieter=vhs-soest` |
//! | `fuer` | audiences: `alle`, `senioren`, `jugend`, `kinder`, `familien`, `beruf`, `einsteiger` | `fuer=senioren` |
//! | `sprache` | language codes | `sprache=de,en` |
//! | `von`, `bis` | first and last day, `YYYY-MM-DD` | `von=2027-03-01&bis=2027-03-31` |
//! | `tag` | weekdays: `mo`, `di`, `mi`, `do`, `fr`, `sa`, `so` | `tag=mo,mi` |
//! | `zeit` | part of the day: `vormittag`, `nachmittag`, `abend` | `zeit=abend` |
//! | `frei` | `1`: free of charge only | `frei=1` |
//! | `ort` | `vor-ort` or `online` | `ort=online` |
//! | `stufenlos` | `1`: step-free venues (and online courses) only | `stufenlos=1` |
//! | `ausgebucht` | `0`: hide fully booked courses | `ausgebucht=0` |
//! | `vorbei` | `1`: show past courses too | `vorbei=1` |
//! | `sort` | `titel` (default: by date) | `sort=titel` |
//!
//! Unknown keys, unknown values and broken percent-encoding or UTF-8 are ignored, never an
//! error.

use lernort_i18n::Lang;
use lernort_routes::is_slug;
use lernort_time::{Date, TimeOfDay};

use crate::when::{parse_date, IsoDate};
use crate::{pick, Audience};

/// Everything the visitor searches for and filters by, and the order of the results.
/// `Query::default()` is the cleared state: every course that is not past, by date.
///
/// Within one filter the chosen values are alternatives (category A **or** B); different
/// filters must all hold (category **and** weekday). Dates, weekdays and part of the day
/// are checked per session: a course matches when one of its sessions (that has not ended,
/// unless past courses are shown) falls on a chosen day in the range, at a chosen part of
/// the day. All-day sessions match every part of the day.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// The search text; every word must match ([`crate::SearchIndex`]).
    pub text: String,
    /// Category ids.
    pub categories: Vec<String>,
    /// Provider ids.
    pub providers: Vec<String>,
    /// Audiences: a course matches when it lists one of them.
    pub audiences: Vec<Audience>,
    /// Primary language codes (`de`, `en`, two or three letters); `de` also matches a
    /// course in `de-AT`.
    pub languages: Vec<String>,
    /// First day (Berlin), inclusive.
    pub from: Option<Date>,
    /// Last day (Berlin), inclusive.
    pub to: Option<Date>,
    /// Chosen weekdays, indexed by [`Weekday::index`](lernort_time::Weekday::index); none
    /// chosen means any day.
    pub weekdays: [bool; 7],
    /// Chosen parts of the day, indexed by [`PartOfDay::index`]; none chosen means any.
    pub parts_of_day: [bool; 3],
    /// Only courses that are free of charge.
    pub free_only: bool,
    /// On site or online; `mixed` courses count as both.
    pub attendance: Option<Attendance>,
    /// Only courses at step-free venues (online-only courses pass, they need no steps).
    pub step_free: bool,
    /// Hide fully booked courses. Courses with a waiting list stay (their label says so).
    pub hide_full: bool,
    /// Show past courses too (hidden by default).
    pub include_past: bool,
    /// The order of the results.
    pub sort: Sort,
}

/// The order of the results.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Sort {
    /// By the next session, soonest first (the default); past courses after, latest first.
    #[default]
    Date,
    /// By title, as a German dictionary sorts ([`crate::collation_key`]).
    Title,
}

impl Sort {
    /// The label.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Sort::Date => pick(lang, "Nach Datum", "By date"),
            Sort::Title => pick(lang, "Nach Titel", "By title"),
        }
    }
}

/// Where the visitor wants to take part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Attendance {
    /// On site (courses held on site or mixed).
    OnSite,
    /// Online (courses held online or mixed).
    Online,
}

impl Attendance {
    /// The label.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Attendance::OnSite => pick(lang, "Vor Ort", "On site"),
            Attendance::Online => pick(lang, "Online", "Online"),
        }
    }
}

/// A part of the day, by a session's start on Berlin's clocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PartOfDay {
    /// Starts before 12:00 (from 00:00 on).
    Morning,
    /// Starts from 12:00 to 16:59.
    Afternoon,
    /// Starts at 17:00 or later.
    Evening,
}

impl PartOfDay {
    /// All three, in the day's order.
    pub const ALL: [PartOfDay; 3] = [PartOfDay::Morning, PartOfDay::Afternoon, PartOfDay::Evening];

    /// The part of the day a session starting at `time` belongs to.
    ///
    /// ```
    /// use lernort_catalogue::PartOfDay;
    /// use lernort_time::TimeOfDay;
    /// assert_eq!(PartOfDay::of(TimeOfDay { hour: 0, minute: 0 }), PartOfDay::Morning);
    /// assert_eq!(PartOfDay::of(TimeOfDay { hour: 16, minute: 59 }), PartOfDay::Afternoon);
    /// assert_eq!(PartOfDay::of(TimeOfDay { hour: 17, minute: 0 }), PartOfDay::Evening);
    /// ```
    pub fn of(time: TimeOfDay) -> PartOfDay {
        match time.hour {
            0..=11 => PartOfDay::Morning,
            12..=16 => PartOfDay::Afternoon,
            _ => PartOfDay::Evening,
        }
    }

    /// 0, 1, 2: the index into [`Query::parts_of_day`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The label, with its hours.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PartOfDay::Morning => pick(lang, "Vormittags (bis 12 Uhr)", "Mornings (before 12:00)"),
            PartOfDay::Afternoon => pick(
                lang,
                "Nachmittags (12 bis 17 Uhr)",
                "Afternoons (12:00–17:00)",
            ),
            PartOfDay::Evening => pick(lang, "Abends (ab 17 Uhr)", "Evenings (from 17:00)"),
        }
    }
}

const WEEKDAY_KEYS: [&str; 7] = ["mo", "di", "mi", "do", "fr", "sa", "so"];
const PART_KEYS: [&str; 3] = ["vormittag", "nachmittag", "abend"];
const AUDIENCE_KEYS: [(Audience, &str); 7] = [
    (Audience::Everyone, "alle"),
    (Audience::Seniors, "senioren"),
    (Audience::Youth, "jugend"),
    (Audience::Children, "kinder"),
    (Audience::Families, "familien"),
    (Audience::Professionals, "beruf"),
    (Audience::Beginners, "einsteiger"),
];
/// Longest search text kept from a URL, in characters.
const MAX_TEXT: usize = 200;
/// Most values kept from one list in a URL.
const MAX_LIST: usize = 50;

impl Query {
    /// Reads the state from a URL's query string (with or without the leading `?`).
    /// Never fails: what it does not understand, it leaves out.
    ///
    /// ```
    /// use lernort_catalogue::{PartOfDay, Query};
    /// let q = Query::from_query_string("?q=ki+f%C3%BCr+alle&kat=ki,smart-home&tag=mo,mi&zeit=abend&frei=1&x=%ZZ");
    /// assert_eq!(q.text, "ki für alle");
    /// assert_eq!(q.categories, ["ki", "smart-home"]);
    /// assert!(q.weekdays[0] && q.weekdays[2] && !q.weekdays[1]);
    /// assert!(q.parts_of_day[PartOfDay::Evening.index()]);
    /// assert!(q.free_only);
    /// ```
    pub fn from_query_string(query: &str) -> Query {
        let mut q = Query::default();
        let query = query.strip_prefix('?').unwrap_or(query);
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = decode_component(value);
            let list = || {
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .take(MAX_LIST)
            };
            match decode_component(key).as_str() {
                "q" => {
                    let text: String = value.trim().chars().take(MAX_TEXT).collect();
                    q.text = text.trim_end().to_string();
                }
                "kat" => extend_unique(&mut q.categories, list().filter(|v| is_slug(v))),
                "anbieter" => extend_unique(&mut q.providers, list().filter(|v| is_slug(v))),
                "sprache" => extend_unique(
                    &mut q.languages,
                    list().filter(|v| {
                        (2..=3).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_lowercase())
                    }),
                ),
                "fuer" => {
                    for v in list() {
                        if let Some((audience, _)) = AUDIENCE_KEYS.iter().find(|(_, k)| *k == v) {
                            if !q.audiences.contains(audience) {
                                q.audiences.push(*audience);
                            }
                        }
                    }
                }
                "von" => q.from = parse_date(&value).or(q.from),
                "bis" => q.to = parse_date(&value).or(q.to),
                "tag" => set_flags(&mut q.weekdays, &WEEKDAY_KEYS, list()),
                "zeit" => set_flags(&mut q.parts_of_day, &PART_KEYS, list()),
                "frei" => q.free_only = is_yes(&value),
                "ort" => {
                    q.attendance = match value.as_str() {
                        "vor-ort" => Some(Attendance::OnSite),
                        "online" => Some(Attendance::Online),
                        _ => None,
                    }
                }
                "stufenlos" => q.step_free = is_yes(&value),
                "ausgebucht" => q.hide_full = matches!(value.as_str(), "0" | "nein" | "no"),
                "vorbei" => q.include_past = is_yes(&value),
                "sort" => {
                    q.sort = match value.as_str() {
                        "titel" => Sort::Title,
                        _ => Sort::Date,
                    }
                }
                _ => {}
            }
        }
        q
    }

    /// The state as a query string without the leading `?`; empty for the cleared state.
    /// [`Query::from_query_string`] reads it back to the same `Query`.
    ///
    /// ```
    /// use lernort_catalogue::{Attendance, Query, Sort};
    /// let q = Query {
    ///     text: "Straße & Ü".into(),
    ///     categories: vec!["ki".into()],
    ///     attendance: Some(Attendance::Online),
    ///     sort: Sort::Title,
    ///     ..Query::default()
    /// };
    /// assert_eq!(q.to_query_string(), "q=Stra%C3%9Fe+%26+%C3%9C&kat=ki&ort=online&sort=titel");
    /// assert_eq!(Query::default().to_query_string(), "");
    /// ```
    pub fn to_query_string(&self) -> String {
        let mut out = String::new();
        let key = |out: &mut String, key: &str| {
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(key);
            out.push('=');
        };
        let text = self.text.trim();
        if !text.is_empty() {
            key(&mut out, "q");
            encode_into(&mut out, text);
        }
        for (name, list) in [("kat", &self.categories), ("anbieter", &self.providers)] {
            if !list.is_empty() {
                key(&mut out, name);
                push_list(&mut out, list.iter().map(String::as_str));
            }
        }
        if !self.audiences.is_empty() {
            key(&mut out, "fuer");
            push_list(
                &mut out,
                self.audiences
                    .iter()
                    .filter_map(|a| AUDIENCE_KEYS.iter().find(|(b, _)| a == b).map(|(_, k)| *k)),
            );
        }
        if !self.languages.is_empty() {
            key(&mut out, "sprache");
            push_list(&mut out, self.languages.iter().map(String::as_str));
        }
        for (name, date) in [("von", self.from), ("bis", self.to)] {
            if let Some(date) = date {
                key(&mut out, name);
                out.push_str(&IsoDate(date).to_string());
            }
        }
        for (name, flags, keys) in [
            ("tag", &self.weekdays[..], &WEEKDAY_KEYS[..]),
            ("zeit", &self.parts_of_day[..], &PART_KEYS[..]),
        ] {
            if flags.contains(&true) {
                key(&mut out, name);
                let chosen = keys.iter().zip(flags).filter(|(_, on)| **on);
                push_list(&mut out, chosen.map(|(k, _)| *k));
            }
        }
        let attendance = match self.attendance {
            Some(Attendance::OnSite) => "vor-ort",
            Some(Attendance::Online) => "online",
            None => "",
        };
        for (on, name, value) in [
            (self.free_only, "frei", "1"),
            (!attendance.is_empty(), "ort", attendance),
            (self.step_free, "stufenlos", "1"),
            (self.hide_full, "ausgebucht", "0"),
            (self.include_past, "vorbei", "1"),
            (self.sort == Sort::Title, "sort", "titel"),
        ] {
            if on {
                key(&mut out, name);
                out.push_str(value);
            }
        }
        out
    }

    /// Whether any search text or filter is set (the sort order does not count): whether
    /// a "clear all" control has something to clear.
    pub fn is_filtered(&self) -> bool {
        *self
            != Query {
                sort: self.sort,
                ..Query::default()
            }
    }
}

/// Appends `items`, each percent-encoded, separated by commas.
fn push_list<'a>(out: &mut String, items: impl Iterator<Item = &'a str>) {
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        encode_into(out, item);
    }
}

fn extend_unique<'a>(list: &mut Vec<String>, values: impl Iterator<Item = &'a str>) {
    for value in values {
        if list.len() < MAX_LIST && !list.iter().any(|v| v == value) {
            list.push(value.to_string());
        }
    }
}

/// Sets the flags whose keys appear among `values`.
fn set_flags<'a>(flags: &mut [bool], keys: &[&str], values: impl Iterator<Item = &'a str>) {
    for value in values {
        if let Some(flag) = keys
            .iter()
            .position(|k| *k == value)
            .and_then(|i| flags.get_mut(i))
        {
            *flag = true;
        }
    }
}

fn is_yes(value: &str) -> bool {
    matches!(value, "1" | "ja" | "yes" | "true")
}

/// Percent-encodes a URL query component (UTF-8): letters, digits and `-._~` stay, a
/// space becomes `+`, every other byte `%XX`.
///
/// ```
/// use lernort_catalogue::encode_component;
/// assert_eq!(encode_component("KI für 60+ & mehr"), "KI+f%C3%BCr+60%2B+%26+mehr");
/// ```
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    encode_into(&mut out, text);
    out
}

fn encode_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in text.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        }
    }
}

/// Decodes a URL query component: `+` is a space, `%XX` a byte; a `%` not followed by two
/// hex digits stays as it is. A component whose bytes are not UTF-8 decodes to nothing.
///
/// ```
/// use lernort_catalogue::decode_component;
/// assert_eq!(decode_component("f%C3%BCr+alle"), "für alle");
/// assert_eq!(decode_component("100%+sicher"), "100% sicher");
/// assert_eq!(decode_component("kaputt%E2%82"), "");
/// ```
pub fn decode_component(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |at: usize| bytes.get(at).and_then(|h| (*h as char).to_digit(16));
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                if let (Some(hi), Some(lo)) = (hex(i + 1), hex(i + 2)) {
                    out.push((hi * 16 + lo) as u8);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap_or_default()
}
