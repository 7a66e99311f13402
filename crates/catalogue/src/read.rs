//! The app's reader for the catalogue file: one function per type over `lernort-json`'s
//! small reader.
//!
//! Why not serde: its derived deserialisers cost the catalogue bundle 2.7 KiB more gzip
//! wasm than this (measured), paid by every visitor of a course page. The native tools
//! keep serde ([`Catalogue::from_json`]), and the tests check that both read the bundled
//! catalogues and a generated 5,000-course one identically.
//!
//! It accepts what serde accepts for the documented format — unknown fields are skipped,
//! `null` is "not given" for optional fields, missing defaults apply — with one
//! difference: of a field given twice, the last one counts (serde refuses the file).
//! Errors name line and column.

use lernort_i18n::Localized;
use lernort_json::{Reader, Result};

use crate::{
    AttendanceMode, Audience, Availability, Catalogue, Category, Course, Image, Level, Offer,
    Provider, ProviderKind, Session, SyntaxError, Timestamp, Venue, When,
};

/// Reads the catalogue in `json`.
pub(crate) fn catalogue(json: &str) -> std::result::Result<Catalogue, SyntaxError> {
    read_catalogue(json).map_err(|e| SyntaxError(e.0))
}

fn read_catalogue(json: &str) -> Result<Catalogue> {
    let mut r = Reader::new(json);
    let (mut format, mut generated) = (None, None);
    let (mut providers, mut categories, mut venues, mut courses) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    r.object(|r, key| {
        match key {
            "format" => format = Some(r.unsigned()?),
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
            "name" => name = Some(Localized::read(r)?),
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
            "note" => note = r.optional(Localized::read)?,
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

fn course(r: &mut Reader) -> Result<Course> {
    let (mut id, mut slug, mut name, mut provider, mut sessions) = (None, None, None, None, None);
    let mut course = Course::default();
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
            "capacity" => c.capacity = r.optional(Reader::unsigned)?,
            "availability" => c.availability = r.word(AVAILABILITY_WORDS, AVAILABILITY)?,
            "availabilityStarts" => c.availability_starts = r.optional(when)?,
            "placesLeft" => c.places_left = r.optional(Reader::unsigned)?,
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
    "postponed",
];
const AVAILABILITY: &[Availability] = &[
    Availability::Available,
    Availability::Few,
    Availability::Waitlist,
    Availability::Full,
    Availability::NotYetOpen,
    Availability::Cancelled,
    Availability::Past,
    Availability::Postponed,
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
            "price" => price = Some(r.unsigned()?),
            "reducedPrice" => reduced_price = r.optional(Reader::unsigned)?,
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
