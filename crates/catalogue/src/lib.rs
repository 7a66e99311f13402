//! The course catalogue: `catalogue.json`, its types and validation, and everything the
//! catalogue page computes from it — times in Europe/Berlin, search and filters, the
//! filter state in the URL, and availability, prices and dates in words.
//!
//! Shared by the wasm app (which reads the file) and the native import tool (which
//! writes it). The format is described field by field in `docs/catalogue-format.md`.
//!
//! - The import tool builds a [`Catalogue`], checks it with [`Catalogue::problems`] (or
//!   reads one with [`Catalogue::from_json`]) and writes it with [`Catalogue::to_json`];
//!   [`Timestamp::from_berlin`] turns local wall times into the format's RFC 3339.
//! - The app reads it with [`Catalogue::parse`], builds a [`SearchIndex`] once, keeps the
//!   visitor's [`Query`] in the URL ([`Query::from_query_string`],
//!   [`Query::to_query_string`]) and shows courses with [`availability_text`],
//!   [`price_text`], [`series_text`], [`session_text`] and [`parse_markdown`].
//!
//! ```
//! use lernort_catalogue::Catalogue;
//! let json = r#"{
//!   "format": 1,
//!   "generated": "2027-01-15T08:00:00+01:00",
//!   "providers": [{"id": "vhs-soest", "name": "VHS Soest", "kind": "vhs"}],
//!   "categories": [{"id": "ki", "name": {"de": "Künstliche Intelligenz", "en": "Artificial intelligence"}}],
//!   "venues": [{"id": "dilas", "name": "DiLAS", "street": "Markt 1", "postalCode": "59494", "city": "Soest", "stepFree": true}],
//!   "courses": [{
//!     "id": "27-101", "slug": "ki-im-alltag", "name": "KI im Alltag",
//!     "description": "Was **ChatGPT** kann und was nicht.",
//!     "provider": "vhs-soest", "categories": ["ki"], "venue": "dilas",
//!     "sessions": [{"startDate": "2027-03-09T18:00:00+01:00", "endDate": "2027-03-09T20:15:00+01:00"}],
//!     "isAccessibleForFree": false, "offers": {"price": 4900}
//!   }]
//! }"#;
//! let catalogue = Catalogue::from_json(json).unwrap();
//! assert_eq!(catalogue.courses[0].sessions[0].start_local().to_string(), "09.03.2027 18:00");
//! ```

#![warn(missing_docs)]

mod markdown;
pub mod markup;
mod query;
mod search;
mod validate;
mod when;
mod words;

use std::fmt;

use lernort_i18n::{Lang, Localized};
use lernort_time::LocalDateTime;
use serde::{Deserialize, Serialize};

pub use markdown::{parse_markdown, plain_text, Block, Inline};
pub use markup::PlaceDetail;
pub use query::{decode_component, encode_component, Attendance, PartOfDay, Query, Sort};
pub use search::{collation_key, fold, SearchIndex};
pub use validate::{Kind, Problem};
pub use when::{parse_date, IsoDate, Timestamp, When};
pub use words::{
    age_text, availability_text, date_text, language_name, money_text, price_text, series_text,
    session_short_text, session_text,
};

/// The format version this code reads and writes.
pub const FORMAT: u32 = 1;

/// The whole catalogue: who offers courses, where, in which categories, and the courses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, lernort_json::Read)]
#[serde(rename_all = "camelCase")]
pub struct Catalogue {
    /// Format version, [`FORMAT`].
    pub format: u32,
    /// When the import tool wrote the file.
    pub generated: Timestamp,
    /// The organisations that run courses.
    #[serde(default)]
    pub providers: Vec<Provider>,
    /// The subject categories.
    #[serde(default)]
    pub categories: Vec<Category>,
    /// The places where courses happen.
    #[serde(default)]
    pub venues: Vec<Venue>,
    /// The courses, talks and workshops.
    #[serde(default)]
    pub courses: Vec<Course>,
}

/// An organisation that runs courses (schema.org `organizer`/`provider`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, lernort_json::Read)]
#[serde(rename_all = "camelCase")]
pub struct Provider {
    /// A slug, referred to by [`Course::provider`] and in the URL (`anbieter=`).
    pub id: String,
    /// The name as the organisation writes it, e.g. `VHS Soest`.
    pub name: String,
    /// What sort of organisation.
    pub kind: ProviderKind,
    /// Its website (`https://…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// What sort of organisation a provider is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, lernort_json::Read)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    /// A Volkshochschule (adult-education centre).
    Vhs,
    /// The city's lab (Stadtlabor) or the learning centre itself.
    Stadtlabor,
    /// A public library.
    Library,
    /// Any other partner: an association, a company, a school.
    Partner,
}

/// A subject category, e.g. "Künstliche Intelligenz".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, lernort_json::Read)]
pub struct Category {
    /// A slug, referred to by [`Course::categories`] and in the URL (`kat=`).
    pub id: String,
    /// The name, German and optionally English.
    pub name: Localized,
}

/// A place where courses happen (schema.org `location`, a `Place`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, lernort_json::Read)]
#[serde(rename_all = "camelCase")]
pub struct Venue {
    /// A slug, referred to by [`Course::venue`].
    pub id: String,
    /// The name of the place, e.g. `DiLAS` or `Stadtbücherei Soest`.
    pub name: String,
    /// Street and number.
    pub street: String,
    /// Postal code.
    pub postal_code: String,
    /// Town.
    pub city: String,
    /// Whether the rooms can be reached without steps (ramp, lift, level entrance).
    pub step_free: bool,
    /// How to get in, where to ring, which floor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Localized>,
}

/// A course, workshop or talk: one offer with one or many sessions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, lernort_json::Read)]
#[serde(rename_all = "camelCase")]
pub struct Course {
    /// The provider's own number or id (any text, unique in the catalogue).
    pub id: String,
    /// The course's address in the app, `/kurse/<slug>`: a slug, unique.
    pub slug: String,
    /// The title.
    pub name: String,
    /// A second line under the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// Plain text or the small Markdown subset of [`parse_markdown`].
    #[serde(default)]
    pub description: String,
    /// The provider's id.
    pub provider: String,
    /// Category ids.
    #[serde(default)]
    pub categories: Vec<String>,
    /// Who the course is meant for; empty when not said.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audience: Vec<Audience>,
    /// Ages, schema.org style: `60-` (60 and over), `12-17`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typical_age_range: Option<String>,
    /// The language the course is held in (BCP 47: `de`, `en`, `tr`, `uk`…).
    #[serde(default = "german")]
    pub in_language: String,
    /// How much one should already know.
    #[serde(default, skip_serializing_if = "is_default")]
    pub level: Level,
    /// The dates: one for a talk, many for a series.
    pub sessions: Vec<Session>,
    /// The venue's id; none for online-only courses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    /// The room within the venue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
    /// On site, online or both.
    #[serde(default, skip_serializing_if = "is_default")]
    pub event_attendance_mode: AttendanceMode,
    /// Whether taking part costs nothing.
    #[serde(default)]
    pub is_accessible_for_free: bool,
    /// The price, when not free.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offers: Option<Offer>,
    /// Number of places.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
    /// The booking state, as the booking system reports it.
    #[serde(default, skip_serializing_if = "is_default")]
    pub availability: Availability,
    /// When booking opens (for [`Availability::NotYetOpen`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_starts: Option<When>,
    /// Places still free, when the booking system says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub places_left: Option<u32>,
    /// Where to book (`https://…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_url: Option<String>,
    /// Who teaches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructor: Option<String>,
    /// What to bring.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bring: Option<String>,
    /// A picture, stored on the site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// The course's page at the provider (`https://…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

fn german() -> String {
    "de".to_string()
}

/// A course as a file that names nothing but the required fields reads: no id, slug,
/// name or provider yet, held in German, for every level, on site, available, no sessions.
/// The reader, the import and the tests start from it.
impl Default for Course {
    fn default() -> Course {
        Course {
            id: String::new(),
            slug: String::new(),
            name: String::new(),
            subtitle: None,
            description: String::new(),
            provider: String::new(),
            categories: Vec::new(),
            audience: Vec::new(),
            typical_age_range: None,
            in_language: german(),
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
        }
    }
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// Who a course is meant for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, lernort_json::Read)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// Everyone.
    Everyone,
    /// Older people.
    Seniors,
    /// Young people (about 12–17).
    Youth,
    /// Children.
    Children,
    /// Families, children with their parents or grandparents.
    Families,
    /// People at work.
    Professionals,
    /// People without prior knowledge.
    Beginners,
}

impl Audience {
    /// Every audience, in the order the filter lists them.
    pub const ALL: [Audience; 7] = [
        Audience::Everyone,
        Audience::Seniors,
        Audience::Youth,
        Audience::Children,
        Audience::Families,
        Audience::Professionals,
        Audience::Beginners,
    ];

    /// The filter label.
    ///
    /// ```
    /// use lernort_catalogue::Audience;
    /// use lernort_i18n::Lang;
    /// assert_eq!(Audience::Seniors.label(Lang::De), "Seniorinnen und Senioren");
    /// ```
    pub fn label(self, lang: Lang) -> &'static str {
        let (de, en) = match self {
            Audience::Everyone => ("Für alle", "Everyone"),
            Audience::Seniors => ("Seniorinnen und Senioren", "Older people"),
            Audience::Youth => ("Jugendliche", "Young people"),
            Audience::Children => ("Kinder", "Children"),
            Audience::Families => ("Familien", "Families"),
            Audience::Professionals => ("Berufstätige", "Professionals"),
            Audience::Beginners => ("Ohne Vorkenntnisse", "No prior knowledge"),
        };
        pick(lang, de, en)
    }
}

/// How much a course expects one to know.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, lernort_json::Read,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// For beginners.
    Beginner,
    /// Some experience helps.
    Intermediate,
    /// For the experienced.
    Advanced,
    /// For every level (the default).
    #[default]
    All,
}

impl Level {
    /// The label.
    pub fn label(self, lang: Lang) -> &'static str {
        let (de, en) = match self {
            Level::Beginner => ("Einstieg", "Beginners"),
            Level::Intermediate => ("Mit Vorkenntnissen", "Intermediate"),
            Level::Advanced => ("Fortgeschritten", "Advanced"),
            Level::All => ("Für jedes Niveau", "All levels"),
        };
        pick(lang, de, en)
    }
}

/// Where people take part (schema.org `eventAttendanceMode`, shortened).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, lernort_json::Read,
)]
#[serde(rename_all = "lowercase")]
pub enum AttendanceMode {
    /// On site (the default).
    #[default]
    Offline,
    /// Online only.
    Online,
    /// On site or online, as each participant prefers.
    Mixed,
}

impl AttendanceMode {
    /// The label.
    pub fn label(self, lang: Lang) -> &'static str {
        let (de, en) = match self {
            AttendanceMode::Offline => ("Vor Ort", "On site"),
            AttendanceMode::Online => ("Online", "Online"),
            AttendanceMode::Mixed => ("Vor Ort oder online", "On site or online"),
        };
        pick(lang, de, en)
    }
}

/// The booking state (pretix's states).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, lernort_json::Read,
)]
#[serde(rename_all = "camelCase")]
pub enum Availability {
    /// Places are free (the default).
    #[default]
    Available,
    /// Only a few places are left.
    Few,
    /// Full, but one can join the waiting list.
    Waitlist,
    /// Full, no waiting list.
    Full,
    /// Booking has not opened yet (see [`Course::availability_starts`]).
    NotYetOpen,
    /// The course does not take place.
    Cancelled,
    /// The course is over. Also derived from the dates: see [`Course::availability_at`].
    Past,
    /// Put off, the new date not known yet (schema.org `EventPostponed`): not bookable;
    /// its sessions are the old dates, which never make it past.
    Postponed,
}

/// A price (schema.org `offers`), in cents, so that no float is ever formatted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, lernort_json::Read)]
#[serde(rename_all = "camelCase")]
pub struct Offer {
    /// The full price in cents: `4900` is 49,00 €.
    pub price: u32,
    /// The reduced price in cents (students, people on benefits, Soest pass).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reduced_price: Option<u32>,
    /// ISO 4217 currency code, `EUR` by default.
    #[serde(default = "euro")]
    pub currency: String,
}

fn euro() -> String {
    "EUR".to_string()
}

/// A picture for a course, stored on the site (nothing is loaded from other hosts).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, lernort_json::Read)]
pub struct Image {
    /// A path relative to the catalogue file, e.g. `bilder/ki-im-alltag.webp`.
    pub src: String,
    /// What the picture shows, for people who cannot see it.
    pub alt: String,
}

/// One date of a course. All-day sessions give dates only; `endDate` is then the last
/// day (inclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, lernort_json::Read)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    /// When it starts.
    pub start_date: When,
    /// When it ends (the last day, for all-day sessions).
    pub end_date: When,
}

impl Session {
    /// Whether this is an all-day session (dates without times).
    pub fn is_all_day(&self) -> bool {
        matches!(self.start_date, When::Day(_))
    }

    /// The start as a Unix time; an all-day session starts at midnight, Berlin time.
    pub fn start_unix(&self) -> i64 {
        match self.start_date {
            When::Time(t) => t.unix_seconds,
            When::Day(d) => when::berlin_midnight(d),
        }
    }

    /// The end as a Unix time; an all-day session ends at midnight after its last day.
    pub fn end_unix(&self) -> i64 {
        match self.end_date {
            When::Time(t) => t.unix_seconds,
            When::Day(d) => when::berlin_midnight(d.add_days(1)),
        }
    }

    /// The start on Berlin's wall clock (midnight for an all-day session).
    pub fn start_local(&self) -> LocalDateTime {
        match self.start_date {
            When::Time(t) => t.berlin(),
            When::Day(d) => when::at_midnight(d),
        }
    }

    /// The end on Berlin's wall clock (for an all-day session: midnight at the start of
    /// its last day; use [`When::berlin_date`] for the day itself).
    pub fn end_local(&self) -> LocalDateTime {
        match self.end_date {
            When::Time(t) => t.berlin(),
            When::Day(d) => when::at_midnight(d),
        }
    }
}

impl Course {
    /// The booking state at `now` (Unix seconds): [`Availability::Past`] once the last
    /// session has ended, whatever the booking system said; otherwise as written. A
    /// cancelled course stays cancelled, a postponed one postponed.
    pub fn availability_at(&self, now: i64) -> Availability {
        match self.availability {
            state @ (Availability::Cancelled | Availability::Postponed) => state,
            _ if self.is_past(now) => Availability::Past,
            written => written,
        }
    }

    /// Whether every session has ended at `now` (a course without sessions is not past).
    pub fn is_past(&self, now: i64) -> bool {
        self.last_end().is_some_and(|end| end <= now)
    }

    /// The end of the last session, as a Unix time.
    pub fn last_end(&self) -> Option<i64> {
        self.sessions.iter().map(Session::end_unix).max()
    }

    /// The session that has not ended yet at `now` and starts first: the one going on,
    /// or the next. `None` when the course is over.
    pub fn next_session(&self, now: i64) -> Option<&Session> {
        self.sessions
            .iter()
            .filter(|s| s.end_unix() > now)
            .min_by_key(|s| s.start_unix())
    }

    /// The first session.
    pub fn first_session(&self) -> Option<&Session> {
        self.sessions.iter().min_by_key(|s| s.start_unix())
    }

    /// Whether people can take part on site (on site or mixed).
    pub fn on_site(&self) -> bool {
        self.event_attendance_mode != AttendanceMode::Online
    }

    /// Whether people can take part online (online or mixed).
    pub fn online(&self) -> bool {
        self.event_attendance_mode != AttendanceMode::Offline
    }

    /// The description as blocks to render ([`parse_markdown`]).
    pub fn description_blocks(&self) -> Vec<Block> {
        parse_markdown(&self.description)
    }
}

lernort_json::data_file! {
    /// Why a catalogue was not accepted: it does not read, or these [`Problem`]s.
    pub type CatalogueError = Rejected<CatalogueFile: "the catalogue", Problem>;
}

/// A catalogue file that is not JSON of the documented shape (from [`Catalogue::parse`]);
/// the message names line and column. Its own type, so that the app, which only parses,
/// does not carry the texts of every [`Problem`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError(pub String);

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the catalogue cannot be read: {}", self.0)
    }
}

impl std::error::Error for SyntaxError {}

impl From<SyntaxError> for CatalogueError {
    fn from(error: SyntaxError) -> CatalogueError {
        CatalogueError::Syntax(error.0)
    }
}

impl Catalogue {
    /// Reads a catalogue and checks it: an error unless [`Catalogue::problems`] is empty.
    /// For the import tool and the build tools; the app reads with [`Catalogue::parse`].
    pub fn from_json(json: &str) -> Result<Catalogue, CatalogueError> {
        let catalogue = Catalogue::read(json)?;
        let problems = catalogue.problems();
        CatalogueError::unless_broken(catalogue, problems)
    }

    /// Reads a catalogue without checking its rules, for the app, with the reader derived
    /// from these types (`lernort_json::Read`) instead of serde (about 11 KiB less wasm). The import tool has
    /// checked them ([`Catalogue::from_json`]), and the checks would cost every visitor
    /// about 5 KiB of wasm (gzip). The one rule that matters for safety is kept here: links that
    /// are not `https://` or `http://` addresses and images that are not files on the site
    /// are dropped. Everything else fails softly (an unknown provider has no name to show,
    /// a course with a bad slug cannot be opened).
    ///
    /// ```
    /// use lernort_catalogue::Catalogue;
    /// let json = r#"{"format": 1, "generated": "2027-01-15T08:00:00Z", "courses": [{
    ///   "id": "1", "slug": "a", "name": "A", "provider": "unknown", "sessions": [],
    ///   "bookingUrl": "javascript:alert(1)", "url": "https://example.org/a"}]}"#;
    /// let catalogue = Catalogue::parse(json).unwrap();
    /// assert_eq!(catalogue.courses[0].booking_url, None);
    /// assert_eq!(catalogue.courses[0].url.as_deref(), Some("https://example.org/a"));
    /// ```
    pub fn parse(json: &str) -> Result<Catalogue, SyntaxError> {
        let mut catalogue: Catalogue =
            lernort_json::from_str(json).map_err(|e| SyntaxError(e.0))?;
        let web = |url: &mut Option<String>| {
            if url.as_deref().is_some_and(|u| !validate::is_web_url(u)) {
                *url = None;
            }
        };
        for provider in &mut catalogue.providers {
            web(&mut provider.url);
        }
        for course in &mut catalogue.courses {
            web(&mut course.url);
            web(&mut course.booking_url);
            if course
                .image
                .as_ref()
                .is_some_and(|image| !validate::is_site_path(&image.src))
            {
                course.image = None;
            }
        }
        Ok(catalogue)
    }

    fn read(json: &str) -> Result<Catalogue, SyntaxError> {
        serde_json::from_str(json).map_err(|e| SyntaxError(e.to_string()))
    }

    /// The catalogue as pretty-printed JSON, in the documented format.
    pub fn to_json(&self) -> String {
        // Serialising these types cannot fail: every map key is a string.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The provider with this id.
    pub fn provider(&self, id: &str) -> Option<&Provider> {
        self.providers.iter().find(|p| p.id == id)
    }

    /// The name of a course's provider, or its id when the catalogue lacks it.
    pub fn provider_name<'c>(&'c self, course: &'c Course) -> &'c str {
        self.provider(&course.provider)
            .map_or(course.provider.as_str(), |p| p.name.as_str())
    }

    /// The category with this id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The venue with this id.
    pub fn venue(&self, id: &str) -> Option<&Venue> {
        self.venues.iter().find(|v| v.id == id)
    }

    /// The course at `/kurse/<slug>`.
    pub fn course_by_slug(&self, slug: &str) -> Option<&Course> {
        self.courses.iter().find(|c| c.slug == slug)
    }
}

/// The German or the English text.
pub(crate) fn pick<T>(lang: Lang, de: T, en: T) -> T {
    match lang {
        Lang::De => de,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests;
