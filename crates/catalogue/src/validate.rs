//! The rules a catalogue must keep, as a list of [`Problem`]s.

use std::fmt;

use lernort_routes::is_slug;

use crate::{Catalogue, Course, Offer, When};

/// Which list an entry belongs to, for [`Problem`]s about ids and names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `providers`
    Provider,
    /// `categories`
    Category,
    /// `venues`
    Venue,
    /// `courses`
    Course,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Provider => "provider",
            Kind::Category => "category",
            Kind::Venue => "venue",
            Kind::Course => "course",
        })
    }
}

/// A rule the catalogue breaks. `course` fields hold the course's `id`; `session`
/// fields count from 1, as people do.
///
/// ```
/// use lernort_catalogue::{Kind, Problem};
/// let p = Problem::DuplicateId { kind: Kind::Venue, id: "dilas".into() };
/// assert_eq!(p.to_string(), "two venues have the id \"dilas\"");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// `format` is not [`crate::FORMAT`].
    UnsupportedFormat(u32),
    /// A provider, category or venue id is not a slug, or a course id is empty.
    BadId {
        /// The list.
        kind: Kind,
        /// The id as written.
        id: String,
    },
    /// Two entries of one list share an id.
    DuplicateId {
        /// The list.
        kind: Kind,
        /// The shared id.
        id: String,
    },
    /// An entry's name is empty.
    EmptyName {
        /// The list.
        kind: Kind,
        /// The entry's id.
        id: String,
    },
    /// A venue has no street or no city.
    IncompleteAddress {
        /// The venue's id.
        venue: String,
    },
    /// A course's slug is not a slug.
    BadSlug {
        /// The course.
        course: String,
        /// The slug as written.
        slug: String,
    },
    /// Two courses share a slug.
    DuplicateSlug {
        /// The second course with this slug.
        course: String,
        /// The shared slug.
        slug: String,
    },
    /// A course names a provider that is not listed.
    UnknownProvider {
        /// The course.
        course: String,
        /// The unknown id.
        provider: String,
    },
    /// A course names a category that is not listed.
    UnknownCategory {
        /// The course.
        course: String,
        /// The unknown id.
        category: String,
    },
    /// A course names a venue that is not listed.
    UnknownVenue {
        /// The course.
        course: String,
        /// The unknown id.
        venue: String,
    },
    /// A course held on site (or mixed) names no venue.
    MissingVenue {
        /// The course.
        course: String,
    },
    /// A course has no sessions.
    NoSessions {
        /// The course.
        course: String,
    },
    /// A session ends before it starts.
    SessionEndsBeforeStart {
        /// The course.
        course: String,
        /// Which session, from 1.
        session: usize,
    },
    /// A session has a date at one end and a date and time at the other.
    SessionMixesDayAndTime {
        /// The course.
        course: String,
        /// Which session, from 1.
        session: usize,
    },
    /// A course marked free has a price above zero.
    FreeWithPrice {
        /// The course.
        course: String,
    },
    /// The reduced price is above the full price.
    ReducedAbovePrice {
        /// The course.
        course: String,
    },
    /// The currency is not a three-letter ISO 4217 code.
    BadCurrency {
        /// The course.
        course: String,
        /// The code as written.
        currency: String,
    },
    /// More places left than there are places.
    PlacesLeftAboveCapacity {
        /// The course.
        course: String,
    },
    /// A link is not an `https://` or `http://` address.
    BadUrl {
        /// The course, or the provider's id for a provider's `url`.
        owner: String,
        /// The field: `url` or `bookingUrl`.
        field: &'static str,
        /// The address as written.
        url: String,
    },
    /// The image is not a file on the site, or has no `alt` text.
    BadImage {
        /// The course.
        course: String,
    },
    /// `inLanguage` is not a language code like `de` or `pt-BR`.
    BadLanguage {
        /// The course.
        course: String,
        /// The code as written.
        language: String,
    },
    /// `typicalAgeRange` is not like `60-` or `12-17`.
    BadAgeRange {
        /// The course.
        course: String,
        /// The range as written.
        range: String,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::UnsupportedFormat(n) => {
                write!(f, "format {n} is not supported (this version reads format 1)")
            }
            Problem::BadId { kind: Kind::Course, id } => {
                write!(f, "a course has an empty id \"{id}\"")
            }
            Problem::BadId { kind, id } => write!(
                f,
                "{kind} id \"{id}\" must be lowercase letters, digits and inner hyphens"
            ),
            Problem::DuplicateId { kind, id } => {
                let plural = match kind {
                    Kind::Category => "categories".to_string(),
                    other => format!("{other}s"),
                };
                write!(f, "two {plural} have the id \"{id}\"")
            }
            Problem::EmptyName { kind, id } => write!(f, "{kind} \"{id}\" has an empty name"),
            Problem::IncompleteAddress { venue } => {
                write!(f, "venue \"{venue}\" needs a street and a city")
            }
            Problem::BadSlug { course, slug } => write!(
                f,
                "course \"{course}\": slug \"{slug}\" must be lowercase letters, digits and inner hyphens"
            ),
            Problem::DuplicateSlug { course, slug } => {
                write!(f, "course \"{course}\": another course already has the slug \"{slug}\"")
            }
            Problem::UnknownProvider { course, provider } => {
                write!(f, "course \"{course}\": unknown provider \"{provider}\"")
            }
            Problem::UnknownCategory { course, category } => {
                write!(f, "course \"{course}\": unknown category \"{category}\"")
            }
            Problem::UnknownVenue { course, venue } => {
                write!(f, "course \"{course}\": unknown venue \"{venue}\"")
            }
            Problem::MissingVenue { course } => {
                write!(f, "course \"{course}\" takes place on site but names no venue")
            }
            Problem::NoSessions { course } => write!(f, "course \"{course}\" has no sessions"),
            Problem::SessionEndsBeforeStart { course, session } => {
                write!(f, "course \"{course}\": session {session} ends before it starts")
            }
            Problem::SessionMixesDayAndTime { course, session } => write!(
                f,
                "course \"{course}\": session {session} must give dates at both ends or times at both ends"
            ),
            Problem::FreeWithPrice { course } => {
                write!(f, "course \"{course}\" is marked free but has a price")
            }
            Problem::ReducedAbovePrice { course } => {
                write!(f, "course \"{course}\": the reduced price is above the price")
            }
            Problem::BadCurrency { course, currency } => write!(
                f,
                "course \"{course}\": currency \"{currency}\" is not a code like \"EUR\""
            ),
            Problem::PlacesLeftAboveCapacity { course } => {
                write!(f, "course \"{course}\": more places left than its capacity")
            }
            Problem::BadUrl { owner, field, url } => write!(
                f,
                "\"{owner}\": {field} \"{url}\" must be an https:// or http:// address"
            ),
            Problem::BadImage { course } => write!(
                f,
                "course \"{course}\": image.src must be a file on the site and image.alt must describe it"
            ),
            Problem::BadLanguage { course, language } => write!(
                f,
                "course \"{course}\": inLanguage \"{language}\" is not a language code like \"de\""
            ),
            Problem::BadAgeRange { course, range } => write!(
                f,
                "course \"{course}\": typicalAgeRange \"{range}\" must look like \"60-\" or \"12-17\""
            ),
        }
    }
}

impl Catalogue {
    /// Every rule the catalogue breaks, in the order of the file.
    ///
    /// ```
    /// use lernort_catalogue::{Catalogue, CatalogueError, Problem};
    /// let json = r#"{"format": 1, "generated": "2027-01-15T08:00:00+01:00", "courses": [{
    ///   "id": "1", "slug": "Kurs 1", "name": "Kurs", "provider": "vhs",
    ///   "sessions": [{"startDate": "2027-03-09", "endDate": "2027-03-09"}],
    ///   "isAccessibleForFree": true, "eventAttendanceMode": "online"}]}"#;
    /// let Err(CatalogueError::Invalid(problems)) = Catalogue::from_json(json) else { panic!() };
    /// assert_eq!(problems, [
    ///     Problem::BadSlug { course: "1".into(), slug: "Kurs 1".into() },
    ///     Problem::UnknownProvider { course: "1".into(), provider: "vhs".into() },
    /// ]);
    /// ```
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        if self.format != crate::FORMAT {
            problems.push(Problem::UnsupportedFormat(self.format));
        }
        let providers = unique_ids(
            Kind::Provider,
            self.providers
                .iter()
                .map(|p| (p.id.as_str(), p.name.as_str())),
            &mut problems,
        );
        for provider in &self.providers {
            check_url(&provider.id, "url", &provider.url, &mut problems);
        }
        let categories = unique_ids(
            Kind::Category,
            self.categories
                .iter()
                .map(|c| (c.id.as_str(), c.name.get(lernort_i18n::Lang::De))),
            &mut problems,
        );
        let venues = unique_ids(
            Kind::Venue,
            self.venues.iter().map(|v| (v.id.as_str(), v.name.as_str())),
            &mut problems,
        );
        for venue in &self.venues {
            if venue.street.trim().is_empty() || venue.city.trim().is_empty() {
                problems.push(Problem::IncompleteAddress {
                    venue: venue.id.clone(),
                });
            }
        }
        let (_, repeated_ids) = sorted_ids(self.courses.iter().map(|c| c.id.as_str()));
        let (_, repeated_slugs) = sorted_ids(self.courses.iter().map(|c| c.slug.as_str()));
        for (i, course) in self.courses.iter().enumerate() {
            let id = || course.id.clone();
            if course.id.trim().is_empty() {
                problems.push(Problem::BadId {
                    kind: Kind::Course,
                    id: id(),
                });
            } else if repeated_ids[i] {
                problems.push(Problem::DuplicateId {
                    kind: Kind::Course,
                    id: id(),
                });
            }
            if !is_slug(&course.slug) {
                problems.push(Problem::BadSlug {
                    course: id(),
                    slug: course.slug.clone(),
                });
            } else if repeated_slugs[i] {
                problems.push(Problem::DuplicateSlug {
                    course: id(),
                    slug: course.slug.clone(),
                });
            }
            if course.name.trim().is_empty() {
                problems.push(Problem::EmptyName {
                    kind: Kind::Course,
                    id: id(),
                });
            }
            if !contains(&providers, &course.provider) {
                problems.push(Problem::UnknownProvider {
                    course: id(),
                    provider: course.provider.clone(),
                });
            }
            for category in &course.categories {
                if !contains(&categories, category) {
                    problems.push(Problem::UnknownCategory {
                        course: id(),
                        category: category.clone(),
                    });
                }
            }
            match &course.venue {
                Some(venue) if !contains(&venues, venue) => problems.push(Problem::UnknownVenue {
                    course: id(),
                    venue: venue.clone(),
                }),
                None if course.on_site() => problems.push(Problem::MissingVenue { course: id() }),
                _ => {}
            }
            check_sessions(course, &mut problems);
            check_price(course, &mut problems);
            if let (Some(left), Some(capacity)) = (course.places_left, course.capacity) {
                if left > capacity {
                    problems.push(Problem::PlacesLeftAboveCapacity { course: id() });
                }
            }
            check_url(&course.id, "url", &course.url, &mut problems);
            check_url(&course.id, "bookingUrl", &course.booking_url, &mut problems);
            if let Some(image) = &course.image {
                if !is_site_path(&image.src) || image.alt.trim().is_empty() {
                    problems.push(Problem::BadImage { course: id() });
                }
            }
            if !is_language(&course.in_language) {
                problems.push(Problem::BadLanguage {
                    course: id(),
                    language: course.in_language.clone(),
                });
            }
            if let Some(range) = &course.typical_age_range {
                if !is_age_range(range) {
                    problems.push(Problem::BadAgeRange {
                        course: id(),
                        range: range.clone(),
                    });
                }
            }
        }
        problems
    }
}

/// Checks the ids and names of one list; returns its ids, sorted.
fn unique_ids<'a>(
    kind: Kind,
    entries: impl Iterator<Item = (&'a str, &'a str)> + Clone,
    problems: &mut Vec<Problem>,
) -> Vec<(String, u32)> {
    let (sorted, repeated) = sorted_ids(entries.clone().map(|(id, _)| id));
    for ((id, name), repeated) in entries.zip(repeated) {
        if !is_slug(id) {
            problems.push(Problem::BadId {
                kind,
                id: id.to_string(),
            });
        } else if repeated {
            problems.push(Problem::DuplicateId {
                kind,
                id: id.to_string(),
            });
        }
        if name.trim().is_empty() {
            problems.push(Problem::EmptyName {
                kind,
                id: id.to_string(),
            });
        }
    }
    sorted
}

/// The ids with their positions, sorted by id; and for each position whether its id
/// occurred at an earlier position. (Sorting instead of a hash set: the crate's one small
/// sort adds no code to the wasm.)
fn sorted_ids<'a>(ids: impl Iterator<Item = &'a str>) -> (Vec<(String, u32)>, Vec<bool>) {
    let ids: Vec<&str> = ids.collect();
    let mut order: Vec<u32> = (0..ids.len() as u32).collect();
    let key = |i: u32| ids.get(i as usize).map(|id| (*id, i));
    crate::search::sort_by(&mut order, &|a, b| key(a) < key(b));
    let sorted: Vec<(String, u32)> = order
        .iter()
        .filter_map(|&i| ids.get(i as usize).map(|id| (id.to_string(), i)))
        .collect();
    let mut repeated = vec![false; sorted.len()];
    for pair in sorted.windows(2) {
        if pair[0].0 == pair[1].0 {
            if let Some(flag) = repeated.get_mut(pair[1].1 as usize) {
                *flag = true;
            }
        }
    }
    (sorted, repeated)
}

/// Whether a sorted id list holds `id`.
fn contains(sorted: &[(String, u32)], id: &str) -> bool {
    sorted
        .binary_search_by(|(other, _)| other.as_str().cmp(id))
        .is_ok()
}

fn check_sessions(course: &Course, problems: &mut Vec<Problem>) {
    if course.sessions.is_empty() {
        problems.push(Problem::NoSessions {
            course: course.id.clone(),
        });
    }
    for (i, session) in course.sessions.iter().enumerate() {
        let (course, session_number) = (course.id.clone(), i + 1);
        match (session.start_date, session.end_date) {
            (When::Time(start), When::Time(end)) if end.unix_seconds < start.unix_seconds => {
                problems.push(Problem::SessionEndsBeforeStart {
                    course,
                    session: session_number,
                })
            }
            (When::Day(start), When::Day(end)) if end < start => {
                problems.push(Problem::SessionEndsBeforeStart {
                    course,
                    session: session_number,
                })
            }
            (When::Time(_), When::Day(_)) | (When::Day(_), When::Time(_)) => {
                problems.push(Problem::SessionMixesDayAndTime {
                    course,
                    session: session_number,
                })
            }
            _ => {}
        }
    }
}

fn check_price(course: &Course, problems: &mut Vec<Problem>) {
    let id = || course.id.clone();
    match &course.offers {
        // Not free and no price: the source did not say; shown as "Preis beim Anbieter
        // erfragen" (crate::price_text).
        None => {}
        Some(Offer {
            price,
            reduced_price,
            currency,
        }) => {
            if course.is_accessible_for_free && *price > 0 {
                problems.push(Problem::FreeWithPrice { course: id() });
            }
            if reduced_price.is_some_and(|reduced| reduced > *price) {
                problems.push(Problem::ReducedAbovePrice { course: id() });
            }
            if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
                problems.push(Problem::BadCurrency {
                    course: id(),
                    currency: currency.clone(),
                });
            }
        }
    }
}

fn check_url(owner: &str, field: &'static str, url: &Option<String>, problems: &mut Vec<Problem>) {
    if let Some(url) = url {
        if !is_web_url(url) {
            problems.push(Problem::BadUrl {
                owner: owner.to_string(),
                field,
                url: url.clone(),
            });
        }
    }
}

/// An `https://` or `http://` address with a host, and without spaces or the characters
/// that must be percent-encoded in a URL (`"`, `<`, `>`, `\`, `` ` ``, `{`, `}`, `|`, `^`),
/// so that it is safe wherever it is written, even into HTML by a build tool.
pub(crate) fn is_web_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        !rest.is_empty()
            && !rest.starts_with('/')
            && !url.chars().any(|c| {
                c.is_whitespace()
                    || c.is_control()
                    || matches!(
                        c,
                        '"' | '<' | '>' | '\\' | '`' | '{' | '}' | '|' | '^' | '\''
                    )
            })
    })
}

/// A path on the site: relative, no scheme, no host, no `..`.
pub(crate) fn is_site_path(path: &str) -> bool {
    !path.trim().is_empty()
        && !path.contains("://")
        && !path.starts_with('/')
        && !path.contains(':')
        && !path.split('/').any(|part| part == "..")
}

/// A BCP 47 tag of the usual shape: `de`, `en`, `pt-BR`, `sr-Latn`.
fn is_language(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// `60-`, `12-17`, `6-10`: a lower bound, a hyphen, an optional upper bound not below it.
fn is_age_range(range: &str) -> bool {
    let age = |s: &str| -> Option<u32> {
        ((1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match range.split_once('-') {
        Some((low, "")) => age(low).is_some(),
        Some((low, high)) => matches!((age(low), age(high)), (Some(l), Some(h)) if l <= h),
        None => false,
    }
}
