//! The app's reader for the catalogue file: a small JSON parser and one function per type.
//!
//! Why not serde: the derived deserialisers cost the catalogue pages about 16 KiB of
//! gzip-compressed wasm (measured: 196.1 KiB wasm with them, 180.1 KiB without), which
//! every visitor of a course page downloads. This reader does the same job in a fraction
//! of that. The native tools keep serde ([`Catalogue::from_json`]), and the tests check
//! that both read the bundled catalogue and a generated 5,000-course one identically.
//!
//! It accepts what serde accepts for the documented format — unknown fields are skipped,
//! `null` is "not given" for optional fields, missing defaults apply — with one
//! difference: of a field given twice, the last one counts (serde refuses the file).
//! Errors name line and column.

use lernort_i18n::Localized;

use crate::{
    word_index, AttendanceMode, Audience, Availability, Catalogue, Category, Course, Image, Level,
    Offer, Provider, ProviderKind, Session, SyntaxError, Timestamp, Venue, When,
};

type Result<T> = std::result::Result<T, SyntaxError>;

/// Reads the catalogue in `json`.
pub(crate) fn catalogue(json: &str) -> Result<Catalogue> {
    let mut r = Reader { text: json, pos: 0 };
    let (mut format, mut generated) = (None, None);
    let (mut providers, mut categories, mut venues, mut courses) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    r.object(|r, key| {
        match key {
            "format" => format = Some(r.number()?),
            "generated" => generated = Some(r.parsed(Timestamp::parse, "an RFC 3339 time")?),
            "providers" => providers = r.list(provider)?,
            "categories" => categories = r.list(category)?,
            "venues" => venues = r.list(venue)?,
            "courses" => courses = r.list(course)?,
            _ => r.skip()?,
        }
        Ok(())
    })?;
    r.end()?;
    Ok(Catalogue {
        format: r.need(format, "format")?,
        generated: r.need(generated, "generated")?,
        providers,
        categories,
        venues,
        courses,
    })
}

fn provider(r: &mut Reader) -> Result<Provider> {
    let (mut id, mut name, mut kind, mut url) = (None, None, None, None);
    r.object(|r, key| {
        match key {
            "id" => id = Some(r.string()?),
            "name" => name = Some(r.string()?),
            "kind" => kind = Some(r.word(&["vhs", "stadtlabor", "library", "partner"], KINDS)?),
            "url" => url = r.optional(Reader::string)?,
            _ => r.skip()?,
        }
        Ok(())
    })?;
    Ok(Provider {
        id: r.need(id, "id")?,
        name: r.need(name, "name")?,
        kind: r.need(kind, "kind")?,
        url,
    })
}

const KINDS: &[ProviderKind] = &[
    ProviderKind::Vhs,
    ProviderKind::Stadtlabor,
    ProviderKind::Library,
    ProviderKind::Partner,
];

fn category(r: &mut Reader) -> Result<Category> {
    let (mut id, mut name) = (None, None);
    r.object(|r, key| {
        match key {
            "id" => id = Some(r.string()?),
            "name" => name = Some(localized(r)?),
            _ => r.skip()?,
        }
        Ok(())
    })?;
    Ok(Category {
        id: r.need(id, "id")?,
        name: r.need(name, "name")?,
    })
}

fn venue(r: &mut Reader) -> Result<Venue> {
    let (mut id, mut name, mut street, mut postal_code, mut city) = (None, None, None, None, None);
    let (mut step_free, mut note) = (None, None);
    r.object(|r, key| {
        match key {
            "id" => id = Some(r.string()?),
            "name" => name = Some(r.string()?),
            "street" => street = Some(r.string()?),
            "postalCode" => postal_code = Some(r.string()?),
            "city" => city = Some(r.string()?),
            "stepFree" => step_free = Some(r.boolean()?),
            "note" => note = r.optional(localized)?,
            _ => r.skip()?,
        }
        Ok(())
    })?;
    Ok(Venue {
        id: r.need(id, "id")?,
        name: r.need(name, "name")?,
        street: r.need(street, "street")?,
        postal_code: r.need(postal_code, "postalCode")?,
        city: r.need(city, "city")?,
        step_free: r.need(step_free, "stepFree")?,
        note,
    })
}

/// A German text or `{"de": …, "en": …}` ([`Localized`]).
fn localized(r: &mut Reader) -> Result<Localized> {
    if r.peek() == Some(b'"') {
        return Ok(Localized::German(r.string()?));
    }
    let (mut de, mut en) = (None, None);
    r.object(|r, key| {
        match key {
            "de" => de = Some(r.string()?),
            "en" => en = r.optional(Reader::string)?,
            _ => return Err(r.error("unknown field, expected de or en")),
        }
        Ok(())
    })?;
    Ok(Localized::Translated {
        de: r.need(de, "de")?,
        en,
    })
}

fn course(r: &mut Reader) -> Result<Course> {
    let (mut id, mut slug, mut name, mut provider, mut sessions) = (None, None, None, None, None);
    let mut course = Course {
        id: String::new(),
        slug: String::new(),
        name: String::new(),
        subtitle: None,
        description: String::new(),
        provider: String::new(),
        categories: Vec::new(),
        audience: Vec::new(),
        typical_age_range: None,
        in_language: "de".to_string(),
        level: Level::default(),
        sessions: Vec::new(),
        venue: None,
        room: None,
        event_attendance_mode: AttendanceMode::default(),
        is_accessible_for_free: false,
        offers: None,
        capacity: None,
        availability: Availability::default(),
        availability_starts: None,
        places_left: None,
        booking_url: None,
        instructor: None,
        bring: None,
        image: None,
        url: None,
    };
    let c = &mut course;
    r.object(|r, key| {
        match key {
            "id" => id = Some(r.string()?),
            "slug" => slug = Some(r.string()?),
            "name" => name = Some(r.string()?),
            "provider" => provider = Some(r.string()?),
            "sessions" => sessions = Some(r.list(session)?),
            "subtitle" => c.subtitle = r.optional(Reader::string)?,
            "description" => c.description = r.string()?,
            "categories" => c.categories = r.list(Reader::string)?,
            "audience" => c.audience = r.list(audience)?,
            "typicalAgeRange" => c.typical_age_range = r.optional(Reader::string)?,
            "inLanguage" => c.in_language = r.string()?,
            "level" => {
                c.level = r.word(
                    &["beginner", "intermediate", "advanced", "all"],
                    &[
                        Level::Beginner,
                        Level::Intermediate,
                        Level::Advanced,
                        Level::All,
                    ],
                )?
            }
            "venue" => c.venue = r.optional(Reader::string)?,
            "room" => c.room = r.optional(Reader::string)?,
            "eventAttendanceMode" => {
                c.event_attendance_mode = r.word(
                    &["offline", "online", "mixed"],
                    &[
                        AttendanceMode::Offline,
                        AttendanceMode::Online,
                        AttendanceMode::Mixed,
                    ],
                )?
            }
            "isAccessibleForFree" => c.is_accessible_for_free = r.boolean()?,
            "offers" => c.offers = r.optional(offer)?,
            "capacity" => c.capacity = r.optional(Reader::number)?,
            "availability" => c.availability = r.word(AVAILABILITY_WORDS, AVAILABILITY)?,
            "availabilityStarts" => c.availability_starts = r.optional(when)?,
            "placesLeft" => c.places_left = r.optional(Reader::number)?,
            "bookingUrl" => c.booking_url = r.optional(Reader::string)?,
            "instructor" => c.instructor = r.optional(Reader::string)?,
            "bring" => c.bring = r.optional(Reader::string)?,
            "image" => c.image = r.optional(image)?,
            "url" => c.url = r.optional(Reader::string)?,
            _ => r.skip()?,
        }
        Ok(())
    })?;
    course.id = r.need(id, "id")?;
    course.slug = r.need(slug, "slug")?;
    course.name = r.need(name, "name")?;
    course.provider = r.need(provider, "provider")?;
    course.sessions = r.need(sessions, "sessions")?;
    Ok(course)
}

const AVAILABILITY_WORDS: &[&str] = &[
    "available",
    "few",
    "waitlist",
    "full",
    "notYetOpen",
    "cancelled",
    "past",
];
const AVAILABILITY: &[Availability] = &[
    Availability::Available,
    Availability::Few,
    Availability::Waitlist,
    Availability::Full,
    Availability::NotYetOpen,
    Availability::Cancelled,
    Availability::Past,
];

fn audience(r: &mut Reader) -> Result<Audience> {
    r.word(
        &[
            "everyone",
            "seniors",
            "youth",
            "children",
            "families",
            "professionals",
            "beginners",
        ],
        &Audience::ALL,
    )
}

fn offer(r: &mut Reader) -> Result<Offer> {
    let (mut price, mut reduced_price, mut currency) = (None, None, None);
    r.object(|r, key| {
        match key {
            "price" => price = Some(r.number()?),
            "reducedPrice" => reduced_price = r.optional(Reader::number)?,
            "currency" => currency = Some(r.string()?),
            _ => r.skip()?,
        }
        Ok(())
    })?;
    Ok(Offer {
        price: r.need(price, "price")?,
        reduced_price,
        currency: currency.unwrap_or_else(|| "EUR".to_string()),
    })
}

fn image(r: &mut Reader) -> Result<Image> {
    let (mut src, mut alt) = (None, None);
    r.object(|r, key| {
        match key {
            "src" => src = Some(r.string()?),
            "alt" => alt = Some(r.string()?),
            _ => r.skip()?,
        }
        Ok(())
    })?;
    Ok(Image {
        src: r.need(src, "src")?,
        alt: r.need(alt, "alt")?,
    })
}

fn session(r: &mut Reader) -> Result<Session> {
    let (mut start, mut end) = (None, None);
    r.object(|r, key| {
        match key {
            "startDate" => start = Some(when(r)?),
            "endDate" => end = Some(when(r)?),
            _ => r.skip()?,
        }
        Ok(())
    })?;
    Ok(Session {
        start_date: r.need(start, "startDate")?,
        end_date: r.need(end, "endDate")?,
    })
}

fn when(r: &mut Reader) -> Result<When> {
    r.parsed(When::parse, "a date or a date and time with offset")
}

/// A cursor over JSON text.
struct Reader<'a> {
    text: &'a str,
    pos: usize,
}

impl Reader<'_> {
    /// An error at the current position, with line and column as serde_json counts them.
    fn error(&self, what: &str) -> SyntaxError {
        let mut end = self.pos.min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &self.text[..end];
        let line = before.matches('\n').count() + 1;
        let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1);
        SyntaxError(format!("{what} at line {line} column {column}"))
    }

    /// The next byte after white space, not consumed.
    fn peek(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        while bytes
            .get(self.pos)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.pos += 1;
        }
        bytes.get(self.pos).copied()
    }

    /// Consumes `byte` (after white space) or fails.
    fn eat(&mut self, byte: u8, what: &str) -> Result<()> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(what))
        }
    }

    /// Consumes the literal `word` if it comes next.
    fn literal(&mut self, word: &str) -> bool {
        let found = self.peek().is_some() && self.text[self.pos..].starts_with(word);
        if found {
            self.pos += word.len();
        }
        found
    }

    /// Only white space may follow.
    fn end(&mut self) -> Result<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error("trailing characters")),
        }
    }

    /// `value`, or the error naming the missing field.
    fn need<T>(&self, value: Option<T>, field: &str) -> Result<T> {
        value.ok_or_else(|| self.error(&format!("missing field `{field}`")))
    }

    /// An object: `field` is called with each key and must consume its value.
    fn object(&mut self, mut field: impl FnMut(&mut Self, &str) -> Result<()>) -> Result<()> {
        self.eat(b'{', "expected an object")?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            let key = self.string()?;
            self.eat(b':', "expected `:`")?;
            field(self, &key)?;
            if self.peek() == Some(b',') {
                self.pos += 1;
            } else {
                return self.eat(b'}', "expected `,` or `}`");
            }
        }
    }

    /// An array, each item read by `item`.
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Result<T>) -> Result<Vec<T>> {
        self.eat(b'[', "expected an array")?;
        let mut items = Vec::new();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(items);
        }
        loop {
            items.push(item(self)?);
            if self.peek() == Some(b',') {
                self.pos += 1;
            } else {
                self.eat(b']', "expected `,` or `]`")?;
                return Ok(items);
            }
        }
    }

    /// `null` as `None`, anything else read by `value`.
    fn optional<T>(&mut self, value: impl FnOnce(&mut Self) -> Result<T>) -> Result<Option<T>> {
        if self.literal("null") {
            Ok(None)
        } else {
            value(self).map(Some)
        }
    }

    fn boolean(&mut self) -> Result<bool> {
        if self.literal("true") {
            Ok(true)
        } else if self.literal("false") {
            Ok(false)
        } else {
            Err(self.error("expected true or false"))
        }
    }

    /// A whole number from 0 to `u32::MAX`.
    fn number(&mut self) -> Result<u32> {
        self.peek();
        let start = self.pos;
        let digits = self.text[start..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        self.pos += digits;
        let end_of_number = !matches!(
            self.text.as_bytes().get(self.pos),
            Some(b'.' | b'e' | b'E' | b'-' | b'+')
        );
        match self.text[start..self.pos].parse() {
            Ok(n) if end_of_number && (digits == 1 || !self.text[start..].starts_with('0')) => {
                Ok(n)
            }
            _ => Err(self.error("expected a whole number from 0 to 4294967295")),
        }
    }

    /// A string, parsed by `parse` (`what` names what it must be).
    fn parsed<T>(&mut self, parse: impl FnOnce(&str) -> Option<T>, what: &str) -> Result<T> {
        let text = self.string()?;
        parse(&text).ok_or_else(|| self.error(&format!("\"{text}\" is not {what}")))
    }

    /// One of `words`, as the matching entry of `values`.
    fn word<T: Copy>(&mut self, words: &[&str], values: &[T]) -> Result<T> {
        let text = self.string()?;
        word_index(&text, words)
            .and_then(|i| values.get(i).copied())
            .ok_or_else(|| {
                self.error(&format!(
                    "unknown value \"{text}\", expected one of {}",
                    words.join(", ")
                ))
            })
    }

    /// A string with its escapes resolved.
    fn string(&mut self) -> Result<String> {
        self.eat(b'"', "expected a string")?;
        let mut out = String::new();
        loop {
            let rest = &self.text[self.pos..];
            let Some(stop) = rest.find(|c: char| c == '"' || c == '\\' || c < ' ') else {
                self.pos = self.text.len();
                return Err(self.error("unterminated string"));
            };
            out.push_str(&rest[..stop]);
            self.pos += stop;
            match self.text.as_bytes()[self.pos] {
                b'"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' => {
                    self.pos += 1;
                    out.push(self.escape()?);
                }
                _ => return Err(self.error("control character in a string")),
            }
        }
    }

    /// The character of the escape after a `\`.
    fn escape(&mut self) -> Result<char> {
        let byte = self.text.as_bytes().get(self.pos).copied();
        if byte.is_some_and(|b| b.is_ascii()) {
            self.pos += 1;
        }
        Ok(match byte {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let high = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&high) {
                    // A UTF-16 surrogate pair: `\uD83D\uDE00`.
                    if !self.text[self.pos..].starts_with("\\u") {
                        return Err(self.error("lone surrogate in a string"));
                    }
                    self.pos += 2;
                    let low = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(self.error("lone surrogate in a string"));
                    }
                    0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    high
                };
                char::from_u32(code).ok_or_else(|| self.error("lone surrogate in a string"))?
            }
            _ => return Err(self.error("invalid escape")),
        })
    }

    fn hex4(&mut self) -> Result<u32> {
        let digits = self.text.get(self.pos..self.pos + 4).unwrap_or_default();
        let code = u32::from_str_radix(digits, 16)
            .ok()
            .filter(|_| digits.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("invalid \\u escape"))?;
        self.pos += 4;
        Ok(code)
    }

    /// Skips any value (an unknown field's).
    fn skip(&mut self) -> Result<()> {
        match self.peek() {
            Some(b'"') => self.string().map(drop),
            Some(b'{') => self.object(|r, _| r.skip()),
            Some(b'[') => self.list(Reader::skip).map(drop),
            Some(b't' | b'f') => self.boolean().map(drop),
            Some(b'n') if self.literal("null") => Ok(()),
            Some(b'-' | b'0'..=b'9') => {
                self.pos += json_number_length(&self.text.as_bytes()[self.pos..])
                    .ok_or_else(|| self.error("invalid number"))?;
                Ok(())
            }
            _ => Err(self.error("expected a value")),
        }
    }
}

/// The length of the JSON number at the start of `bytes`:
/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
fn json_number_length(bytes: &[u8]) -> Option<usize> {
    let digits = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let mut at = usize::from(bytes.first() == Some(&b'-'));
    match digits(at) {
        0 => return None,
        n if n > 1 && bytes[at] == b'0' => return None,
        n => at += n,
    }
    if bytes.get(at) == Some(&b'.') {
        match digits(at + 1) {
            0 => return None,
            n => at += 1 + n,
        }
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(bytes.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        match digits(at) {
            0 => return None,
            n => at += n,
        }
    }
    Some(at)
}
