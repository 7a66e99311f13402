//! Full-text search, filters and sorting for the catalogue page.
//!
//! [`SearchIndex::new`] folds every course's searchable text once into a vocabulary of
//! distinct words, each with the list of courses it occurs in. A keystroke then compares
//! the few typed words with the vocabulary (not with every course's text), combines the
//! course lists as bitsets, applies the filters and sorts.
//!
//! **Matching.** Text is folded by [`fold`]: case, accents, umlauts and `ß` do not matter,
//! and `ae`/`oe`/`ue` count as `ä`/`ö`/`ü` (so `fuer`, `fur` and `für` are the same word).
//! Every typed word must match (AND) some word of the course's name, subtitle, description,
//! course number, provider, instructor, venue, or categories (ids and names in German and
//! English):
//! - a typed word of 1–3 letters matches words that **start** with it (`ki` finds `KI` and
//!   `Kinder`, not `Technik`);
//! - from 4 letters it matches **inside** words too (`kurs` finds `Handykurs`);
//! - from 5 letters one **typo** is forgiven — a letter too many, too few, wrong, or two
//!   neighbours swapped — at the start of a word (`Progarmm` finds `Programmieren`).

use lernort_time::Date;

use crate::query::{Attendance, PartOfDay, Query, Sort};
use crate::{markdown, Availability, Catalogue, Course};

/// Folds text for searching: lowercase, without accents, `ä`→`a`, `ö`→`o`, `ü`→`u`,
/// `ß`→`ss`, then `ae`→`a`, `oe`→`o`, `ue`→`u`; words separated by one space, everything
/// that is not a letter or digit dropped. Latin, Greek and Cyrillic letters lose their
/// case; other scripts are kept as they are.
///
/// ```
/// use lernort_catalogue::fold;
/// assert_eq!(fold("Für Straßen-Übung!"), "fur strassen ubung");
/// assert_eq!(fold("fuer STRASSEN uebung"), "fur strassen ubung");
/// assert_eq!(fold("Café crème"), "cafe creme");
/// ```
pub fn fold(text: &str) -> String {
    let mut out = String::new();
    for_each_word(text, |word| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    });
    out
}

/// Calls `f` with every folded word of `text`.
fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    let mut word = String::new();
    for c in text.chars() {
        match fold_char(lower(c)) {
            Folded::Skip => {}
            Folded::Break => {
                if !word.is_empty() {
                    f(&word);
                    word.clear();
                }
            }
            Folded::One(c) => push_folded(&mut word, c),
            Folded::Two(a, b) => {
                push_folded(&mut word, a);
                push_folded(&mut word, b);
            }
        }
    }
    if !word.is_empty() {
        f(&word);
    }
}

/// Appends a folded letter, dropping the `e` of `ae`, `oe` and `ue`.
fn push_folded(word: &mut String, c: char) {
    if c == 'e' && word.ends_with(['a', 'o', 'u']) {
        return;
    }
    word.push(c);
}

/// What one character becomes in a folded word.
enum Folded {
    /// Nothing (combining accents, soft hyphens).
    Skip,
    /// It separates words.
    Break,
    /// This letter.
    One(char),
    /// These two letters (`ß` → `ss`).
    Two(char, char),
}

/// Lowercase for Latin, Greek and Cyrillic, written out: the full Unicode tables would
/// cost every visitor several KiB of wasm.
fn lower(c: char) -> char {
    let code = c as u32;
    let shifted = |by: u32| char::from_u32(code + by).unwrap_or(c);
    match code {
        0x41..=0x5A => shifted(32),
        0xC0..=0xDE if code != 0xD7 => shifted(32),
        0x100..=0x137 | 0x14A..=0x177 if code.is_multiple_of(2) => shifted(1),
        0x139..=0x148 | 0x179..=0x17E if !code.is_multiple_of(2) => shifted(1),
        0x178 => 'ÿ',
        0x391..=0x3A9 if code != 0x3A2 => shifted(32),
        0x400..=0x40F => shifted(80),
        0x410..=0x42F => shifted(32),
        0x1E9E => 'ß',
        _ => c,
    }
}

/// Folds one lowercase character.
fn fold_char(c: char) -> Folded {
    let letter = match c {
        'a'..='z' | '0'..='9' => c,
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'æ' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' | 'ð' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'ĺ' | 'ļ' | 'ľ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'œ' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => 's',
        'ţ' | 'ť' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        'ё' => 'е',
        'ß' => return Folded::Two('s', 's'),
        // Combining accents (decomposed umlauts), soft hyphen, zero-width joiners.
        '\u{300}'..='\u{36F}' | '\u{AD}' | '\u{200C}' | '\u{200D}' => return Folded::Skip,
        _ if is_letter(c) => c,
        _ => return Folded::Break,
    };
    Folded::One(letter)
}

/// Whether a non-ASCII character belongs to a word: everything from U+00C0 on except
/// punctuation, symbols and emoji blocks. Written out for the same reason as [`lower`].
fn is_letter(c: char) -> bool {
    let code = c as u32;
    code >= 0xC0
        && !matches!(code,
            0xD7 | 0xF7
            | 0x2000..=0x2BFF // punctuation, currency, arrows, maths, boxes, dingbats
            | 0x3000..=0x303F // CJK punctuation
            | 0xE000..=0xF8FF // private use
            | 0xFE00..=0xFE6F // variation selectors, small forms
            | 0xFF00..=0xFF20 // fullwidth punctuation
            | 0x1F000..=0x1FAFF // emoji
        )
}

/// The key that sorts titles as German dictionaries do (DIN 5007-1): case does not
/// matter, `ä` sorts as `a`, `ö` as `o`, `ü` as `u`, `ß` as `ss`; punctuation is ignored.
///
/// ```
/// use lernort_catalogue::collation_key;
/// let mut titles = ["Zeichnen", "Übung", "Apfel", "Ärger", "Uhr", "„Smart Home“"];
/// titles.sort_by_key(|t| collation_key(t));
/// assert_eq!(titles, ["Apfel", "Ärger", "„Smart Home“", "Übung", "Uhr", "Zeichnen"]);
/// ```
pub fn collation_key(text: &str) -> String {
    let mut key = String::new();
    for c in text.chars() {
        match fold_char(lower(c)) {
            Folded::One(c) => key.push(c),
            Folded::Two(a, b) => {
                key.push(a);
                key.push(b);
            }
            Folded::Break if c.is_whitespace() && !key.is_empty() && !key.ends_with(' ') => {
                key.push(' ')
            }
            Folded::Break | Folded::Skip => {}
        }
    }
    key
}

/// FNV-1a, a small and fast hash for short words.
fn fnv(word: &str) -> usize {
    word.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    }) as usize
}

/// The distinct words of the index, in one text, each after a `\n`: one pass of a
/// substring search through this text finds every word that contains (or, searching
/// for `\n` and the letters, starts with) what was typed.
#[derive(Clone, Debug, Default)]
struct Words {
    text: String,
    /// Where each word starts in `text`, ascending; a word's number is its position here.
    starts: Vec<u32>,
}

impl Words {
    fn len(&self) -> usize {
        self.starts.len()
    }

    /// Word number `id`.
    fn get(&self, id: usize) -> &str {
        let start = self.starts.get(id).map_or(0, |&s| s as usize);
        let end = self
            .starts
            .get(id + 1)
            .map_or(self.text.len(), |&s| s as usize - 1);
        self.text.get(start..end).unwrap_or_default()
    }

    /// The number of the word that contains byte `at` of `text`.
    fn at(&self, at: usize) -> usize {
        self.starts
            .partition_point(|&s| s as usize <= at)
            .saturating_sub(1)
    }

    /// The number of `word`, added if new. `slots` is an open-addressing hash table of
    /// word numbers (`u32::MAX` for free), at most half full.
    fn id(&mut self, word: &str, slots: &mut Vec<u32>) -> usize {
        if (self.len() + 1) * 2 > slots.len() {
            *slots = vec![u32::MAX; (slots.len() * 2).max(1024)];
            for id in 0..self.len() {
                let slot = self.free_slot(self.get(id), slots);
                slots[slot] = id as u32;
            }
        }
        let mask = slots.len() - 1;
        let mut slot = fnv(word) & mask;
        loop {
            match slots[slot] {
                u32::MAX => break,
                id if self.get(id as usize) == word => return id as usize,
                _ => slot = (slot + 1) & mask,
            }
        }
        slots[slot] = self.len() as u32;
        self.text.push('\n');
        self.starts.push(self.text.len() as u32);
        self.text.push_str(word);
        self.len() - 1
    }

    fn free_slot(&self, word: &str, slots: &[u32]) -> usize {
        let mask = slots.len() - 1;
        let mut slot = fnv(word) & mask;
        while slots[slot] != u32::MAX {
            slot = (slot + 1) & mask;
        }
        slot
    }
}

/// Sorts numbers (course or list positions) by `less`: a small heap sort, the crate's
/// only sort, so that the wasm holds one short copy of sorting code instead of one
/// generic copy per sorted type.
pub(crate) fn sort_by(items: &mut [u32], less: &dyn Fn(u32, u32) -> bool) {
    let n = items.len();
    for root in (0..n / 2).rev() {
        sift_down(items, root, n, less);
    }
    for end in (1..n).rev() {
        items.swap(0, end);
        sift_down(items, 0, end, less);
    }
}

fn sift_down(items: &mut [u32], mut root: usize, end: usize, less: &dyn Fn(u32, u32) -> bool) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && less(items[child], items[child + 1]) {
            child += 1;
        }
        if !less(items[root], items[child]) {
            return;
        }
        items.swap(root, child);
        root = child;
    }
}

/// What the filters need of one session, computed once.
#[derive(Clone, Copy, Debug)]
struct SessionFacts {
    start: i64,
    end: i64,
    /// Berlin date of the start.
    first_day: Date,
    /// Berlin date of the last day (all-day sessions); the start date otherwise.
    last_day: Date,
    /// `None` for all-day sessions, which match every part of the day.
    part: Option<PartOfDay>,
}

/// What the filters and sorting need of one course, computed once.
#[derive(Clone, Debug)]
struct CourseFacts {
    /// Sorted by start.
    sessions: Vec<SessionFacts>,
    step_free: bool,
    /// Position in the title order.
    title_rank: u32,
}

/// The precomputed search data of one catalogue. Build it once when the catalogue has
/// loaded; [`SearchIndex::search`] then answers each keystroke.
///
/// ```
/// use lernort_catalogue::{Catalogue, Query, SearchIndex};
/// # let json = r#"{"format": 1, "generated": "2027-01-15T08:00:00+01:00",
/// #   "providers": [{"id": "vhs", "name": "VHS Soest", "kind": "vhs"}],
/// #   "courses": [{"id": "1", "slug": "ki-fuer-senioren", "name": "KI für Senioren",
/// #     "provider": "vhs", "eventAttendanceMode": "online", "isAccessibleForFree": true,
/// #     "sessions": [{"startDate": "2027-03-09T18:00:00+01:00", "endDate": "2027-03-09T20:00:00+01:00"}]}]}"#;
/// let catalogue = Catalogue::from_json(json).unwrap();
/// let index = SearchIndex::new(&catalogue);
/// let now = 1_798_761_600; // 2027-01-01
/// let query = Query { text: "fuer senioren".into(), ..Query::default() };
/// assert_eq!(index.search(&catalogue, &query, now), [0]);
/// ```
#[derive(Clone, Debug)]
pub struct SearchIndex {
    words: Words,
    /// For each word, the courses (indices) it occurs in, ascending.
    postings: Vec<Vec<u32>>,
    courses: Vec<CourseFacts>,
}

impl SearchIndex {
    /// Folds and indexes every course of `catalogue`.
    pub fn new(catalogue: &Catalogue) -> SearchIndex {
        let mut words = Words::default();
        let mut slots = Vec::new();
        let mut postings: Vec<Vec<u32>> = Vec::new();
        // The last course each word was counted for: a word counts once per course.
        let mut last_course: Vec<u32> = Vec::new();
        for (index, course) in catalogue.courses.iter().enumerate() {
            let index = index as u32;
            for text in searchable_texts(catalogue, course) {
                for_each_word(&text, |word| {
                    let id = words.id(word, &mut slots);
                    if id == postings.len() {
                        postings.push(Vec::new());
                        last_course.push(u32::MAX);
                    }
                    if let (Some(last), Some(list)) =
                        (last_course.get_mut(id), postings.get_mut(id))
                    {
                        if *last != index {
                            *last = index;
                            list.push(index);
                        }
                    }
                });
            }
        }
        // Title order: by the collation key, then by the title itself, then by position.
        let keys: Vec<String> = catalogue
            .courses
            .iter()
            .map(|c| collation_key(&c.name) + "\u{0}" + &c.name)
            .collect();
        let mut order: Vec<u32> = (0..keys.len() as u32).collect();
        let key = |i: u32| keys.get(i as usize).map(|k| (k.as_str(), i));
        sort_by(&mut order, &|a, b| key(a) < key(b));
        let mut ranks = vec![0u32; catalogue.courses.len()];
        for (rank, i) in order.into_iter().enumerate() {
            if let Some(slot) = ranks.get_mut(i as usize) {
                *slot = rank as u32;
            }
        }
        let courses = catalogue
            .courses
            .iter()
            .zip(ranks)
            .map(|(course, title_rank)| course_facts(catalogue, course, title_rank))
            .collect();
        SearchIndex {
            words,
            postings,
            courses,
        }
    }

    /// The courses that match `query` at `now` (Unix seconds), as indices into
    /// `catalogue.courses`, sorted as the query asks. `catalogue` must be the one the index
    /// was built from (with another one, courses beyond the index are never found).
    ///
    /// The result's length is the count to show. [`Query::default`] lists every course
    /// that is not past, by date.
    pub fn search(&self, catalogue: &Catalogue, query: &Query, now: i64) -> Vec<usize> {
        let n = self.courses.len().min(catalogue.courses.len());
        let mut matching = self.text_matches(&query.text, n);
        let mut results = Vec::new();
        for (block, bits) in matching.iter_mut().enumerate() {
            while *bits != 0 {
                let i = block * 64 + bits.trailing_zeros() as usize;
                *bits &= *bits - 1;
                if let (Some(course), Some(facts)) = (catalogue.courses.get(i), self.courses.get(i))
                {
                    if passes(course, facts, query, now) {
                        results.push(i);
                    }
                }
            }
        }
        self.sort(&mut results, query.sort, now);
        results
    }

    /// How many distinct words the index holds.
    #[cfg(test)]
    pub(crate) fn word_count(&self) -> usize {
        self.words.len()
    }

    /// The courses whose text matches every word of `text`, as a bitset over `n` courses.
    fn text_matches(&self, text: &str, n: usize) -> Vec<u64> {
        let blocks = n.div_ceil(64);
        let mut all = vec![u64::MAX; blocks];
        if let Some(last) = all.last_mut() {
            if !n.is_multiple_of(64) {
                *last = (1u64 << (n % 64)) - 1;
            }
        }
        let mut typed: Vec<String> = Vec::new();
        for_each_word(text, |w| {
            if !typed.iter().any(|t| t == w) {
                typed.push(w.to_string());
            }
        });
        for word in &typed {
            let mut found = vec![0u64; blocks];
            for id in self.matching_words(word) {
                for &i in self.postings.get(id).map_or(&[][..], |p| &p[..]) {
                    if let Some(block) = found.get_mut(i as usize / 64) {
                        *block |= 1 << (i % 64);
                    }
                }
            }
            let mut any = false;
            for (a, f) in all.iter_mut().zip(found) {
                *a &= f;
                any |= *a != 0;
            }
            if !any {
                break;
            }
        }
        all
    }

    /// The numbers of the words that one typed (folded) word matches, by the rules in the
    /// module's documentation.
    fn matching_words(&self, typed: &str) -> Vec<usize> {
        let chars: Vec<char> = typed.chars().collect();
        let mut matched = Vec::new();
        // Short words match at the beginning of words: after the `\n` before each word.
        let beginning = format!("\n{typed}");
        let pattern = if chars.len() < 4 { &beginning } else { typed };
        for (at, _) in self.words.text.match_indices(pattern) {
            let id = self.words.at(at + 1);
            if matched.last() != Some(&id) {
                matched.push(id);
            }
        }
        if chars.len() < 5 {
            return matched;
        }
        // Words one typo away from a beginning.
        let mut seen = vec![false; self.words.len()];
        for &id in &matched {
            if let Some(seen) = seen.get_mut(id) {
                *seen = true;
            }
        }
        let ascii = typed.is_ascii();
        // One letter less is at most four bytes less.
        let slack = if ascii { 1 } else { 4 };
        let (t0, t1) = (chars.first().copied(), chars.get(1).copied());
        for (id, seen) in seen.iter().enumerate() {
            let word = self.words.get(id);
            if *seen || word.len() + slack < typed.len() {
                continue;
            }
            // One edit leaves one of the first two letters in one of the first two places.
            let mut first = word.chars();
            let (w0, w1) = (first.next(), first.next());
            if w0 != t0 && w0 != t1 && w1 != t0 && w1 != t1 {
                continue;
            }
            let close = if ascii && word.is_ascii() {
                one_edit_from_prefix(typed.as_bytes(), word.as_bytes())
            } else {
                one_edit_from_prefix(&chars, &word.chars().collect::<Vec<_>>())
            };
            if close {
                matched.push(id);
            }
        }
        matched
    }

    fn sort(&self, results: &mut [usize], sort: Sort, now: i64) {
        // (key, title rank) for each result; then the positions sorted by it.
        let keys: Vec<(u64, u32)> = results
            .iter()
            .map(|&i| {
                self.courses.get(i).map_or((u64::MAX, u32::MAX), |facts| {
                    let key = match sort {
                        Sort::Title => 0,
                        Sort::Date => date_key(&facts.sessions, now),
                    };
                    (key, facts.title_rank)
                })
            })
            .collect();
        let mut order: Vec<u32> = (0..results.len() as u32).collect();
        let key = |p: u32| keys.get(p as usize).copied();
        sort_by(&mut order, &|a, b| key(a) < key(b));
        let sorted: Vec<usize> = order
            .iter()
            .filter_map(|&p| results.get(p as usize).copied())
            .collect();
        for (slot, i) in results.iter_mut().zip(sorted) {
            *slot = i;
        }
    }
}

/// Where a course goes in the date order: courses with a session to come, the next first;
/// then past courses, the most recent first; then courses without sessions.
fn date_key(sessions: &[SessionFacts], now: i64) -> u64 {
    let (class, time) = match sessions.iter().find(|s| s.end > now) {
        Some(next) => (0, next.start),
        None => sessions.last().map_or((2, 0), |last| (1, -last.start)),
    };
    // Times as unsigned numbers that keep their order (shifted by 2^61, within 62 bits).
    let time = (time.clamp(-(1 << 61), (1 << 61) - 1) + (1 << 61)) as u64;
    class << 62 | time
}

/// Every text of a course that search looks at.
fn searchable_texts(catalogue: &Catalogue, course: &Course) -> Vec<String> {
    let mut texts = vec![
        course.name.clone(),
        course.id.clone(),
        markdown::plain_text(&markdown::parse_markdown(&course.description)),
    ];
    texts.extend(course.subtitle.iter().cloned());
    texts.extend(course.instructor.iter().cloned());
    if let Some(provider) = catalogue.provider(&course.provider) {
        texts.push(provider.name.clone());
    }
    if let Some(venue) = course.venue.as_deref().and_then(|v| catalogue.venue(v)) {
        texts.push(venue.name.clone());
    }
    for category in course
        .categories
        .iter()
        .filter_map(|c| catalogue.category(c))
    {
        texts.push(category.id.clone());
        for lang in lernort_i18n::Lang::ALL {
            texts.push(category.name.get(lang).to_string());
        }
    }
    texts
}

fn course_facts(catalogue: &Catalogue, course: &Course, title_rank: u32) -> CourseFacts {
    let mut sessions: Vec<SessionFacts> = course
        .sessions
        .iter()
        .map(|s| {
            let start = s.start_local();
            SessionFacts {
                start: s.start_unix(),
                end: s.end_unix(),
                first_day: start.date,
                last_day: if s.is_all_day() {
                    s.end_date.berlin_date().max(start.date)
                } else {
                    start.date
                },
                part: (!s.is_all_day()).then(|| PartOfDay::of(start.time)),
            }
        })
        .collect();
    // Sessions are few and mostly in order already: insertion sort, no sorting code.
    for i in 1..sessions.len() {
        let mut j = i;
        while j > 0 && sessions[j - 1].start > sessions[j].start {
            sessions.swap(j - 1, j);
            j -= 1;
        }
    }
    let venue_step_free = course
        .venue
        .as_deref()
        .and_then(|v| catalogue.venue(v))
        .is_some_and(|v| v.step_free);
    CourseFacts {
        sessions,
        step_free: venue_step_free || course.event_attendance_mode == crate::AttendanceMode::Online,
        title_rank,
    }
}

/// Whether a course passes the filters of `query` (the text is matched elsewhere).
fn passes(course: &Course, facts: &CourseFacts, query: &Query, now: i64) -> bool {
    let availability = course.availability_at(now);
    let any_or_none = |wanted: &[String], have: &[String]| {
        wanted.is_empty() || wanted.iter().any(|w| have.contains(w))
    };
    let language = course.in_language.split('-').next().unwrap_or_default();
    any_or_none(&query.categories, &course.categories)
        && (query.providers.is_empty() || query.providers.contains(&course.provider))
        && (query.audiences.is_empty()
            || query.audiences.iter().any(|a| course.audience.contains(a)))
        && (query.languages.is_empty() || query.languages.iter().any(|l| l == language))
        && (!query.free_only || course.is_accessible_for_free)
        && match query.attendance {
            None => true,
            Some(Attendance::OnSite) => course.on_site(),
            Some(Attendance::Online) => course.online(),
        }
        && (!query.step_free || facts.step_free)
        && !(query.hide_full && availability == Availability::Full)
        && (query.include_past || availability != Availability::Past)
        && sessions_pass(facts, query, now)
}

/// The session filters (dates, weekdays, part of the day) hold together for one session:
/// a course passes when at least one of its sessions passes all of them. Without
/// `include_past`, only sessions that have not ended count.
fn sessions_pass(facts: &CourseFacts, query: &Query, now: i64) -> bool {
    let any_weekday = !query.weekdays.contains(&true);
    let any_part = !query.parts_of_day.contains(&true);
    if query.from.is_none() && query.to.is_none() && any_weekday && any_part {
        return true;
    }
    facts.sessions.iter().any(|s| {
        if !query.include_past && s.end <= now {
            return false;
        }
        let part_ok = any_part || s.part.is_none_or(|p| query.parts_of_day[p.index()]);
        let first = query.from.map_or(s.first_day, |from| from.max(s.first_day));
        let last = query.to.map_or(s.last_day, |to| to.min(s.last_day));
        // The days of the session within the date range; up to a week of them decides
        // the weekdays.
        let days = last.days_since_epoch() - first.days_since_epoch() + 1;
        part_ok
            && days > 0
            && (any_weekday
                || (0..days.min(7)).any(|d| query.weekdays[first.add_days(d).weekday().index()]))
    })
}

/// Whether `typed` is at most one edit (insertion, deletion, substitution or the swap of
/// two neighbours) away from some beginning of `word` — the whole word included.
fn one_edit_from_prefix<T: PartialEq>(typed: &[T], word: &[T]) -> bool {
    let same = typed.iter().zip(word).take_while(|(a, b)| a == b).count();
    let (t, w) = (&typed[same..], &word[same..]);
    let Some((_, t_rest)) = t.split_first() else {
        return true; // typed is a beginning of word
    };
    let w_rest = w.get(1..).unwrap_or_default();
    w_rest.starts_with(t) // a letter left out
        || w.starts_with(t_rest) // a letter too many
        || (!w.is_empty() && w_rest.starts_with(t_rest)) // a wrong letter
        || matches!((t, w), ([a, b, t_tail @ ..], [c, d, w_tail @ ..])
            if a == d && b == c && w_tail.starts_with(t_tail)) // two letters swapped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_edit(typed: &str, word: &str) -> bool {
        one_edit_from_prefix(typed.as_bytes(), word.as_bytes())
    }

    #[test]
    fn one_edit_from_a_beginning() {
        assert!(one_edit("programm", "programmieren"));
        assert!(one_edit("porgramm", "programmieren")); // swap
        assert!(one_edit("progamm", "programmieren")); // left out
        assert!(one_edit("prograamm", "programmieren")); // too many
        assert!(one_edit("prxgramm", "programmieren")); // wrong
        assert!(one_edit("programmierenx", "programmieren"));
        assert!(!one_edit("pxgxamm", "programmieren"));
        assert!(!one_edit("rpogarmm", "programmieren"));
        assert!(!one_edit("programmierenxy", "programmieren"));
    }

    #[test]
    fn the_heap_sort_sorts() {
        let mut seed: u64 = 1;
        for n in [0, 1, 2, 3, 7, 64, 65, 1_000] {
            let values: Vec<u32> = (0..n)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    (seed >> 40) as u32 % 50
                })
                .collect();
            let mut order: Vec<u32> = (0..n as u32).collect();
            let key = |i: u32| (values[i as usize], i);
            sort_by(&mut order, &|a, b| key(a) < key(b));
            let mut expected: Vec<u32> = (0..n as u32).collect();
            expected.sort_by_key(|&i| key(i));
            assert_eq!(order, expected, "{n}");
        }
    }

    #[test]
    fn folding_keeps_other_scripts_and_drops_symbols() {
        for (text, folded) in [
            ("Привет Мир", "привет мир"),
            ("Ёлка", "елка"),
            ("3D-Druck 🙂 & Co.", "3d druck co"),
            ("Pro\u{AD}gram\u{AD}mieren", "programmieren"),
            ("U\u{308}bung", "ubung"),
            ("GROẞE", "grosse"),
        ] {
            assert_eq!(fold(text), folded, "{text:?}");
        }
    }
}
