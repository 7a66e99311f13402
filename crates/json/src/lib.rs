//! A small JSON reader: a cursor over JSON text with one method per step (an object's
//! fields, a list's items, a string, a number), and [`Read`], the trait each app data type
//! implements — derived from the type and its serde attributes (`#[derive(Read)]`, from
//! `lernort-json-derive`), by hand only for the few types whose JSON is text to parse.
//!
//! Why: serde's derived deserialisers are generic code instantiated per type and field,
//! and they cost the app's visitors KiBs of wasm per data format (the catalogue's types
//! alone: 43.8 KiB gzip with serde_json, 18.0 KiB with this reader). The native tools keep
//! serde; each format's tests check that both read the same.
//!
//! ```
//! use lernort_json::Reader;
//! let mut r = Reader::new(r#"{"name": "Platz \u00e4", "seats": 6, "tags": ["a", "b"], "x": 1.5}"#);
//! let (mut name, mut seats, mut tags, mut x) = (None, None, Vec::new(), None);
//! r.object(|r, key| {
//!     match key {
//!         "name" => name = Some(r.string()?),
//!         "seats" => seats = Some(r.unsigned()?),
//!         "tags" => tags = r.list(Reader::string)?,
//!         "x" => x = Some(r.decimal()?),
//!         _ => r.skip()?,
//!     }
//!     Ok(())
//! }).unwrap();
//! r.end().unwrap();
//! assert_eq!((name.as_deref(), seats, tags.len(), x), (Some("Platz ä"), Some(6), 2, Some(1.5)));
//! ```

#![warn(missing_docs)]

use std::fmt;

/// `#[derive(Read)]`: a type's reader generated from the type and its serde attributes
/// (see `lernort-json-derive`).
pub use lernort_json_derive::Read;

/// A type that can be read from JSON. Derive it (`#[derive(lernort_json::Read)]`) from
/// the type's own declaration and serde attributes; write it by hand only for a type
/// whose JSON is not a plain object or word (a time as text, a colour, `Localized`).
pub trait Read: Sized {
    /// Reads one value at the cursor.
    fn read(r: &mut Reader<'_>) -> Result<Self>;
}

/// Reads a whole text as one `T`: only white space may follow it.
///
/// ```
/// #[derive(lernort_json::Read)]
/// #[serde(rename_all = "camelCase")]
/// struct Place {
///     name: String,
///     step_free: bool,
///     #[serde(default)]
///     seats: u32,
///     note: Option<String>,
/// }
/// let place: Place = lernort_json::from_str(r#"{"name": "Lab", "stepFree": true, "x": [1]}"#).unwrap();
/// assert_eq!((place.name.as_str(), place.step_free, place.seats, place.note), ("Lab", true, 0, None));
/// let missing = lernort_json::from_str::<Place>(r#"{"name": "Lab"}"#).err().unwrap();
/// assert_eq!(missing.0, "missing field `stepFree` at line 1 column 15");
/// ```
pub fn from_str<T: Read>(text: &str) -> Result<T> {
    let mut r = Reader::new(text);
    let value = T::read(&mut r)?;
    r.end()?;
    Ok(value)
}

/// Plain values: each by its [`Reader`] step.
macro_rules! read_by_step {
    ($($ty:ty => $step:ident),* $(,)?) => {$(
        impl Read for $ty {
            fn read(r: &mut Reader<'_>) -> Result<Self> {
                r.$step()
            }
        }
    )*};
}

read_by_step! {
    String => string,
    bool => boolean,
    u32 => unsigned,
    i64 => integer,
    f64 => decimal,
}

/// Small whole numbers: an unsigned number that must fit.
macro_rules! read_narrow {
    ($($ty:ty),*) => {$(
        impl Read for $ty {
            fn read(r: &mut Reader<'_>) -> Result<Self> {
                let value = r.unsigned()?;
                <$ty>::try_from(value).map_err(|_| r.error("number out of range"))
            }
        }
    )*};
}

read_narrow!(u8, u16);

/// An array.
impl<T: Read> Read for Vec<T> {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        r.list(T::read)
    }
}

/// `null` is `None`.
impl<T: Read> Read for Option<T> {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        r.optional(T::read)
    }
}

/// Why a text could not be read, with line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// A data file that was not accepted: it does not read as its format, or it reads and
/// breaks the format's rules. One type for every data format (the catalogue, `centre.json`,
/// the floor layout); `F` says what the messages call the file and what a broken rule is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejected<F: DataFile> {
    /// Not valid JSON, or a field has the wrong type; the message names line and column.
    Syntax(String),
    /// The file reads, but these rules are broken.
    Invalid(Vec<F::Problem>),
}

/// A data format, as [`Rejected`] names it.
pub trait DataFile {
    /// What the messages call the file: "centre.json", "the catalogue".
    const NAME: &'static str;
    /// One broken rule, as the messages show it.
    type Problem: fmt::Display;
}

/// Declares a data format's error type: `pub type E = Rejected<F: "name", Problem>;`
/// declares `E`, an alias of [`Rejected`], and `F`, the format's [`DataFile`].
///
/// ```
/// lernort_json::data_file! {
///     /// Why a plan was not accepted.
///     pub type PlanError = Rejected<PlanFile: "plan.json", String>;
/// }
/// let error = PlanError::unless_broken((), vec!["no rooms".to_owned()]).unwrap_err();
/// assert_eq!(error.to_string(), "plan.json is not valid: no rooms");
/// ```
#[macro_export]
macro_rules! data_file {
    ($(#[$doc:meta])* pub type $error:ident = Rejected<$file:ident: $name:literal, $problem:ty>;) => {
        $(#[$doc])*
        pub type $error = $crate::Rejected<$file>;

        #[doc = concat!("The format of [`", stringify!($error), "`]'s file, \"", $name, "\".")]
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct $file;

        impl $crate::DataFile for $file {
            const NAME: &'static str = $name;
            type Problem = $problem;
        }
    };
}

impl<F: DataFile> Rejected<F> {
    /// `value` when it breaks none of its format's rules, else every rule it breaks.
    pub fn unless_broken<T>(value: T, problems: Vec<F::Problem>) -> std::result::Result<T, Self> {
        if problems.is_empty() {
            Ok(value)
        } else {
            Err(Rejected::Invalid(problems))
        }
    }
}

impl<F: DataFile> fmt::Display for Rejected<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejected::Syntax(message) => write!(f, "{} cannot be read: {message}", F::NAME),
            Rejected::Invalid(problems) => {
                write!(f, "{} is not valid: ", F::NAME)?;
                for (i, problem) in problems.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{problem}")?;
                }
                Ok(())
            }
        }
    }
}

impl<F: DataFile + fmt::Debug> std::error::Error for Rejected<F> where F::Problem: fmt::Debug {}

/// The result of a reading step.
pub type Result<T> = std::result::Result<T, Error>;

/// A cursor over JSON text.
pub struct Reader<'a> {
    text: &'a str,
    pos: usize,
    /// Objects and arrays open around the cursor.
    depth: u32,
}

/// Objects and arrays nested deeper than this are an error, not a stack overflow: reading
/// recurses, and a file of 100,000 `[` would otherwise end the app (in wasm, a trap). The
/// same limit as serde_json's.
pub const MAX_DEPTH: u32 = 128;

impl<'a> Reader<'a> {
    /// A reader at the start of `text`.
    pub fn new(text: &'a str) -> Reader<'a> {
        Reader {
            text,
            pos: 0,
            depth: 0,
        }
    }

    /// One level deeper, or an error beyond [`MAX_DEPTH`]; [`Reader::leave`] undoes it.
    fn enter(&mut self) -> Result<()> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.depth += 1;
        Ok(())
    }

    /// Back out of one level; with `result`, the value read in it.
    fn leave<T>(&mut self, result: Result<T>) -> Result<T> {
        self.depth -= 1;
        result
    }

    /// An error at the current position, with line and column as serde_json counts them.
    pub fn error(&self, what: &str) -> Error {
        let mut end = self.pos.min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &self.text[..end];
        let line = before.matches('\n').count() + 1;
        let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1);
        Error(format!("{what} at line {line} column {column}"))
    }

    /// The next byte after white space, not consumed (`b'"'` before a string, `b'{'`
    /// before an object …), `None` at the end.
    pub fn peek(&mut self) -> Option<u8> {
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

    /// Only white space may follow: call after the top-level value.
    pub fn end(&mut self) -> Result<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error("trailing characters")),
        }
    }

    /// The error for a field the format does not have (`deny_unknown_fields`).
    pub fn unknown_field(&self, field: &str) -> Error {
        self.error(&format!("unknown field `{field}`"))
    }

    /// `value`, or the error naming the missing `field`.
    pub fn need<T>(&self, value: Option<T>, field: &str) -> Result<T> {
        value.ok_or_else(|| self.error(&format!("missing field `{field}`")))
    }

    /// An object: `field` is called with each key and must consume its value.
    pub fn object(&mut self, mut field: impl FnMut(&mut Self, &str) -> Result<()>) -> Result<()> {
        self.object_dyn(&mut field)
    }

    // The loops take `dyn` closures: one copy of each in the wasm instead of one per call
    // site (about a KiB less for the floor's layout alone, measured).
    fn object_dyn(&mut self, field: &mut dyn FnMut(&mut Self, &str) -> Result<()>) -> Result<()> {
        self.enter()?;
        let fields = self.object_fields(field);
        self.leave(fields)
    }

    fn object_fields(
        &mut self,
        field: &mut dyn FnMut(&mut Self, &str) -> Result<()>,
    ) -> Result<()> {
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
    pub fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Result<T>) -> Result<Vec<T>> {
        let mut items = Vec::new();
        self.list_dyn(&mut |r| {
            items.push(item(r)?);
            Ok(())
        })?;
        Ok(items)
    }

    fn list_dyn(&mut self, item: &mut dyn FnMut(&mut Self) -> Result<()>) -> Result<()> {
        self.enter()?;
        let items = self.list_items(item);
        self.leave(items)
    }

    fn list_items(&mut self, item: &mut dyn FnMut(&mut Self) -> Result<()>) -> Result<()> {
        self.eat(b'[', "expected an array")?;
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            item(self)?;
            if self.peek() == Some(b',') {
                self.pos += 1;
            } else {
                return self.eat(b']', "expected `,` or `]`");
            }
        }
    }

    /// A whole number that may be negative (a Unix time, say), within `i64`.
    pub fn integer(&mut self) -> Result<i64> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let start = self.pos;
        let digits = self.text[start..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        self.pos += digits;
        let whole = !matches!(
            self.text.as_bytes().get(self.pos),
            Some(b'.' | b'e' | b'E' | b'-' | b'+')
        );
        match self.text[start..self.pos].parse::<i64>() {
            // `-0` is a float to serde_json (-0.0), so not a whole number here either.
            Ok(n)
                if whole
                    && (digits == 1 || !self.text[start..].starts_with('0'))
                    && !(negative && n == 0) =>
            {
                Ok(if negative { -n } else { n })
            }
            _ => Err(self.error("expected a whole number")),
        }
    }

    /// A number with an optional fraction (`800`, `12.5`, `-0.25`), without exponent: read
    /// digit by digit, so that the wasm carries no general float parser.
    pub fn decimal(&mut self) -> Result<f64> {
        self.peek();
        let bytes = &self.text.as_bytes()[self.pos..];
        let length = json_number_length(bytes).ok_or_else(|| self.error("expected a number"))?;
        let number = &bytes[..length];
        if number.iter().any(|b| matches!(b, b'e' | b'E')) {
            return Err(self.error("expected a number without exponent"));
        }
        let (negative, digits) = match number.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, number),
        };
        // All digits as one whole number, divided once by a power of ten: both are exact
        // in an f64 (up to 2^53 and 10^22), so the one division rounds correctly, as a
        // full float parser would.
        let mut mantissa: u64 = 0;
        let mut places = 0i32;
        let mut fraction = false;
        for &b in digits {
            if b == b'.' {
                fraction = true;
                continue;
            }
            mantissa = mantissa
                .checked_mul(10)
                .and_then(|m| m.checked_add(u64::from(b - b'0')))
                .filter(|m| *m < 1 << 53)
                .ok_or_else(|| self.error("number too precise"))?;
            if fraction {
                places += 1;
            }
        }
        if places > 22 {
            return Err(self.error("number too precise"));
        }
        let value = mantissa as f64 / 10f64.powi(places);
        self.pos += length;
        Ok(if negative { -value } else { value })
    }

    /// `null` as `None`, anything else read by `value`.
    pub fn optional<T>(&mut self, value: impl FnOnce(&mut Self) -> Result<T>) -> Result<Option<T>> {
        if self.literal("null") {
            Ok(None)
        } else {
            value(self).map(Some)
        }
    }

    /// `true` or `false`.
    pub fn boolean(&mut self) -> Result<bool> {
        if self.literal("true") {
            Ok(true)
        } else if self.literal("false") {
            Ok(false)
        } else {
            Err(self.error("expected true or false"))
        }
    }

    /// A whole number from 0 to `u32::MAX`.
    pub fn unsigned(&mut self) -> Result<u32> {
        self.peek();
        let start = self.pos;
        match self.integer().map(u32::try_from) {
            Ok(Ok(n)) => Ok(n),
            _ => {
                self.pos = start;
                Err(self.error("expected a whole number from 0 to 4294967295"))
            }
        }
    }

    /// A string, parsed by `parse` (`what` names what it must be).
    pub fn parsed<T>(&mut self, parse: impl FnOnce(&str) -> Option<T>, what: &str) -> Result<T> {
        let text = self.string()?;
        parse(&text).ok_or_else(|| self.error(&format!("\"{text}\" is not {what}")))
    }

    /// One of `words`, as the matching entry of `values`.
    pub fn word<T: Copy>(&mut self, words: &[&str], values: &[T]) -> Result<T> {
        let text = self.string()?;
        words
            .iter()
            .position(|w| *w == text)
            .and_then(|i| values.get(i).copied())
            .ok_or_else(|| {
                self.error(&format!(
                    "unknown value \"{text}\", expected one of {}",
                    words.join(", ")
                ))
            })
    }

    /// A string with its escapes resolved.
    pub fn string(&mut self) -> Result<String> {
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
    pub fn skip(&mut self) -> Result<()> {
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

/// Deterministic one-character edits of a text (a character removed, inserted or
/// replaced), for tests that check the app's reader against serde on broken input.
///
/// ```
/// let edits: Vec<String> = lernort_json::one_char_edits("{\"a\": 1}", 3, 7).collect();
/// assert_eq!(edits.len(), 3);
/// assert!(edits.iter().all(|e| e != "{\"a\": 1}" || e.is_empty()));
/// ```
pub fn one_char_edits(text: &str, count: usize, seed: u64) -> impl Iterator<Item = String> {
    const REPLACEMENTS: [char; 14] = [
        '"', '\\', '{', '}', '[', ']', ',', ':', '0', '-', 'n', ' ', 'é', 'e',
    ];
    let chars: Vec<char> = text.chars().collect();
    // xorshift64: no dependency, the same edits on every run.
    let mut state = seed.max(1);
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count).map(move |_| {
        let mut edited = chars.clone();
        if edited.is_empty() {
            return String::new();
        }
        let at = (next() % edited.len() as u64) as usize;
        let c = REPLACEMENTS[(next() % REPLACEMENTS.len() as u64) as usize];
        match next() % 3 {
            0 => {
                edited.remove(at);
            }
            1 => edited.insert(at, c),
            _ => edited[at] = c,
        }
        edited.into_iter().collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_read_exactly_as_a_float_parser_would() {
        for text in [
            "0",
            "800",
            "800.0",
            "-1.25",
            "0.1",
            "123.456",
            "0.3",
            "-0",
            "4503599627370495",
        ] {
            let ours = Reader::new(text).decimal().unwrap();
            assert_eq!(ours, text.parse::<f64>().unwrap(), "{text}");
        }
        for text in ["1e3", "01", "1.", ".5", "-", "9007199254740993"] {
            assert!(Reader::new(text).decimal().is_err(), "{text}");
        }
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_an_error_not_a_crash() {
        // 100,000 levels would overflow any stack if reading recursed without a limit.
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            let deep = format!("{}1{}", open.repeat(100_000), close.repeat(100_000));
            let mut r = Reader::new(&deep);
            let error = r.skip().expect_err("too deep");
            assert!(
                error.0.starts_with("nested too deeply at line 1 column "),
                "{error}"
            );
            let inside = format!("{{\"x\": {deep}}}");
            let mut r = Reader::new(&inside);
            assert!(r.object(|r, _| r.skip()).is_err());
        }
        let limit = MAX_DEPTH as usize;
        let fits = format!("{}{}", "[".repeat(limit), "]".repeat(limit));
        assert_eq!(Reader::new(&fits).skip(), Ok(()));
        let over = format!("{}{}", "[".repeat(limit + 1), "]".repeat(limit + 1));
        assert!(Reader::new(&over).skip().is_err());
    }

    #[test]
    fn integers_and_their_limits() {
        assert_eq!(
            Reader::new("-1795258800").integer().unwrap(),
            -1_795_258_800
        );
        assert_eq!(Reader::new(" 42 ").integer().unwrap(), 42);
        for text in ["1.5", "01", "9223372036854775808", "x", "1e2", "-0"] {
            assert!(Reader::new(text).integer().is_err(), "{text}");
        }
        assert_eq!(Reader::new("4294967295").unsigned().unwrap(), u32::MAX);
        assert!(Reader::new("4294967296").unsigned().is_err());
        assert!(Reader::new("-1").unsigned().is_err());
    }
}
