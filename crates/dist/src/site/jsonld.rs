//! Schema.org `Event`s of a course, as JSON-LD: one per session still to come (or every
//! session of a past course), for search engines and link previews.
//!
//! Values follow schema.org and Google's event guidelines: dates as ISO 8601 with
//! Berlin's offset, `eventStatus` and `eventAttendanceMode` as schema.org URLs, the place
//! as a `Place` with a `PostalAddress` (all venues are in Germany: `addressCountry` `DE`) or
//! a `VirtualLocation`, the price as a decimal string.

use lernort_catalogue::{AttendanceMode, Availability, Course, Session};
use serde_json::{json, Map, Value};

use super::{described_sessions, iso, plain_description, shorten, Site};

/// Longest `description` in an event, in characters.
const DESCRIPTION_CHARS: usize = 500;

/// A schema.org URL: `https://schema.org/<name>`.
fn schema(name: &str) -> Value {
    Value::String(format!("https://schema.org/{name}"))
}

/// The events of a course: a JSON array of `Event` objects.
pub(crate) fn course_events(
    site: &Site,
    course: &Course,
    page_url: Option<&str>,
    image: Option<&str>,
) -> Vec<Value> {
    let shared = shared_fields(site, course, page_url, image);
    described_sessions(course, site.now)
        .into_iter()
        .map(|session| event(&shared, session))
        .collect()
}

/// One `Event`: the shared fields plus the session's dates.
fn event(shared: &Map<String, Value>, session: &Session) -> Value {
    let mut event = Map::new();
    event.insert("@context".into(), json!("https://schema.org"));
    event.insert("@type".into(), json!("Event"));
    event.insert("startDate".into(), json!(iso(session.start_date)));
    event.insert("endDate".into(), json!(iso(session.end_date)));
    for (key, value) in shared {
        event.insert(key.clone(), value.clone());
    }
    Value::Object(event)
}

/// Everything that is the same for every session of the course.
fn shared_fields(
    site: &Site,
    course: &Course,
    page_url: Option<&str>,
    image: Option<&str>,
) -> Map<String, Value> {
    let mut fields = Map::new();
    fields.insert("name".into(), json!(course.name));
    let description = match plain_description(course) {
        text if !text.trim().is_empty() => Some(text),
        _ => course.subtitle.clone(),
    };
    if let Some(description) = description.filter(|d| !d.trim().is_empty()) {
        fields.insert(
            "description".into(),
            json!(shorten(&description, DESCRIPTION_CHARS)),
        );
    }
    let status = match course.availability {
        Availability::Cancelled => "EventCancelled",
        Availability::Postponed => "EventPostponed",
        _ => "EventScheduled",
    };
    fields.insert("eventStatus".into(), schema(status));
    let mode = match course.event_attendance_mode {
        AttendanceMode::Offline => "OfflineEventAttendanceMode",
        AttendanceMode::Online => "OnlineEventAttendanceMode",
        AttendanceMode::Mixed => "MixedEventAttendanceMode",
    };
    fields.insert("eventAttendanceMode".into(), schema(mode));
    if let Some(location) = location(site, course, page_url) {
        fields.insert("location".into(), location);
    }
    if let Some(offer) = offer(site, course) {
        fields.insert("offers".into(), offer);
    }
    if let Some(provider) = site.catalogue.provider(&course.provider) {
        let mut organizer = Map::new();
        organizer.insert("@type".into(), json!("Organization"));
        organizer.insert("name".into(), json!(provider.name));
        if let Some(url) = &provider.url {
            organizer.insert("url".into(), json!(url));
        }
        fields.insert("organizer".into(), Value::Object(organizer));
    }
    if let Some(instructor) = course
        .instructor
        .as_deref()
        .filter(|i| !i.trim().is_empty())
    {
        fields.insert(
            "performer".into(),
            json!({ "@type": "Person", "name": instructor }),
        );
    }
    fields.insert("isAccessibleForFree".into(), json!(is_free(course)));
    fields.insert("inLanguage".into(), json!(course.in_language));
    if let Some(range) = &course.typical_age_range {
        fields.insert("typicalAgeRange".into(), json!(range));
    }
    if let Some(image) = image {
        fields.insert("image".into(), json!(image));
    }
    if let Some(url) = page_url {
        fields.insert("url".into(), json!(url));
    }
    fields
}

/// Free of charge: said so, or a price of 0.
pub(crate) fn is_free(course: &Course) -> bool {
    course.is_accessible_for_free || course.offers.as_ref().is_some_and(|o| o.price == 0)
}

/// `Place` with `PostalAddress`, `VirtualLocation`, or both for a mixed course.
fn location(site: &Site, course: &Course, page_url: Option<&str>) -> Option<Value> {
    let place = course
        .venue
        .as_deref()
        .and_then(|id| site.catalogue.venue(id))
        .filter(|_| course.on_site())
        .map(|venue| {
            json!({
                "@type": "Place",
                "name": venue.name,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": venue.street,
                    "postalCode": venue.postal_code,
                    "addressLocality": venue.city,
                    "addressCountry": "DE",
                },
            })
        });
    let virtual_location = course.online().then(|| {
        let url = course
            .booking_url
            .as_deref()
            .or(course.url.as_deref())
            .or(page_url);
        match url {
            Some(url) => json!({ "@type": "VirtualLocation", "url": url }),
            None => json!({ "@type": "VirtualLocation" }),
        }
    });
    match (place, virtual_location) {
        (Some(place), Some(online)) => Some(json!([place, online])),
        (Some(place), None) => Some(place),
        (None, Some(online)) => Some(online),
        (None, None) => None,
    }
}

/// The `Offer`: price as a decimal string, currency, availability, where to book, from
/// when.
fn offer(site: &Site, course: &Course) -> Option<Value> {
    let (cents, currency) = match &course.offers {
        Some(offer) => (offer.price, offer.currency.as_str()),
        None if course.is_accessible_for_free => (0, "EUR"),
        None => return None,
    };
    let cents = if course.is_accessible_for_free {
        0
    } else {
        cents
    };
    let availability = match course.availability_at(site.now) {
        Availability::Available => "InStock",
        Availability::Few => "LimitedAvailability",
        Availability::Waitlist | Availability::Full => "SoldOut",
        Availability::NotYetOpen => "PreOrder",
        Availability::Cancelled | Availability::Past => "Discontinued",
        Availability::Postponed => "OutOfStock",
    };
    let mut offer = Map::new();
    offer.insert("@type".into(), json!("Offer"));
    offer.insert(
        "price".into(),
        json!(format!("{}.{:02}", cents / 100, cents % 100)),
    );
    offer.insert("priceCurrency".into(), json!(currency));
    offer.insert("availability".into(), schema(availability));
    if let Some(url) = course.booking_url.as_deref().or(course.url.as_deref()) {
        offer.insert("url".into(), json!(url));
    }
    if let Some(starts) = course.availability_starts {
        offer.insert("validFrom".into(), json!(iso(starts)));
    }
    Some(Value::Object(offer))
}
