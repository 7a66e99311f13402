//! Tests of the whole crate, with a small hand-made catalogue.

mod bench;
mod filters;
mod markdown;
mod markup;
mod read;
mod search;
mod time;
mod url;
mod validation;
mod words;

use lernort_i18n::Localized;
use lernort_time::TimeOfDay;

use crate::*;

/// 2027-01-01T00:00:00Z: "now" in most tests, before every session below.
pub(crate) const NOW: i64 = 1_798_761_600;

/// The Unix time of an RFC 3339 text.
pub(crate) fn unix(text: &str) -> i64 {
    Timestamp::parse(text)
        .unwrap_or_else(|| panic!("{text}"))
        .unix_seconds
}

/// A session from two RFC 3339 texts (or two dates).
pub(crate) fn session(start: &str, end: &str) -> Session {
    Session {
        start_date: When::parse(start).unwrap_or_else(|| panic!("{start}")),
        end_date: When::parse(end).unwrap_or_else(|| panic!("{end}")),
    }
}

/// A session on a day in Berlin from one wall-clock time to another, with the offset
/// Berlin has then: `session_on("2027-03-09", "18:00", "20:00")`.
pub(crate) fn session_on(day: &str, from: &str, to: &str) -> Session {
    let date = parse_date(day).unwrap_or_else(|| panic!("{day}"));
    let at = |time: &str| {
        let time = TimeOfDay::parse(time).unwrap_or_else(|| panic!("{time}"));
        When::Time(Timestamp::from_berlin(date, time))
    };
    Session {
        start_date: at(from),
        end_date: at(to),
    }
}

/// An evening course at the DiLAS, 49 €, one session on Tuesday 9 March 2027.
pub(crate) fn course(id: &str, name: &str) -> Course {
    Course {
        id: id.to_string(),
        slug: id.to_string(),
        name: name.to_string(),
        provider: "vhs".to_string(),
        level: Level::All,
        sessions: vec![session(
            "2027-03-09T18:00:00+01:00",
            "2027-03-09T20:15:00+01:00",
        )],
        venue: Some("dilas".to_string()),
        event_attendance_mode: AttendanceMode::Offline,
        offers: Some(Offer {
            price: 4900,
            reduced_price: None,
            currency: "EUR".to_string(),
        }),
        availability: Availability::Available,
        ..Course::default()
    }
}

/// [`course`] with one session on `day` from `from` to `to`, Berlin time.
pub(crate) fn course_on(id: &str, name: &str, day: &str, from: &str, to: &str) -> Course {
    Course {
        sessions: vec![session_on(day, from, to)],
        ..course(id, name)
    }
}

/// A session from 18:00 to 20:00, Berlin time, on each of these days.
pub(crate) fn evenings(days: &[&str]) -> Vec<Session> {
    days.iter()
        .map(|day| session_on(day, "18:00", "20:00"))
        .collect()
}

/// Providers, categories and venues; the courses given.
pub(crate) fn catalogue(courses: Vec<Course>) -> Catalogue {
    Catalogue {
        format: FORMAT,
        generated: Timestamp::parse("2027-01-01T08:00:00+01:00").unwrap(),
        providers: vec![
            provider("vhs", "VHS Soest", ProviderKind::Vhs),
            provider("stadtlabor", "Stadtlabor Soest", ProviderKind::Stadtlabor),
            provider("bib", "Stadtbücherei", ProviderKind::Library),
        ],
        categories: vec![
            Category {
                id: "ki".into(),
                name: Localized::Translated {
                    de: "Künstliche Intelligenz".into(),
                    en: Some("Artificial intelligence".into()),
                },
            },
            Category {
                id: "smart-home".into(),
                name: Localized::German("Smart Home".into()),
            },
            Category {
                id: "programmieren".into(),
                name: Localized::Translated {
                    de: "Programmieren".into(),
                    en: Some("Coding".into()),
                },
            },
        ],
        venues: vec![
            venue("dilas", "DiLAS", true),
            venue("altbau", "Alte Schule", false),
        ],
        courses,
    }
}

fn provider(id: &str, name: &str, kind: ProviderKind) -> Provider {
    Provider {
        id: id.into(),
        name: name.into(),
        kind,
        url: None,
    }
}

fn venue(id: &str, name: &str, step_free: bool) -> Venue {
    Venue {
        id: id.into(),
        name: name.into(),
        street: "Markt 1".into(),
        postal_code: "59494".into(),
        city: "Soest".into(),
        step_free,
        note: None,
    }
}

/// The ids of the courses `query` finds at `now`, in result order.
pub(crate) fn find_at(catalogue: &Catalogue, query: &Query, now: i64) -> Vec<String> {
    let index = SearchIndex::new(catalogue);
    index
        .search(catalogue, query, now)
        .into_iter()
        .map(|i| catalogue.courses[i].id.clone())
        .collect()
}

/// The ids of the courses that the search text finds (no filters), in result order.
pub(crate) fn find_text(catalogue: &Catalogue, text: &str) -> Vec<String> {
    let query = Query {
        text: text.into(),
        ..Query::default()
    };
    find_at(catalogue, &query, NOW)
}

#[test]
fn the_test_catalogue_is_valid_and_round_trips_through_json() {
    let mut c = course("c1", "KI im Alltag");
    c.subtitle = Some("Für Einsteiger".into());
    c.description = "**Fett**\n\n- a\n- b".into();
    c.audience = vec![Audience::Seniors];
    c.typical_age_range = Some("60-".into());
    c.offers = Some(Offer {
        price: 4900,
        reduced_price: Some(2900),
        currency: "EUR".into(),
    });
    c.availability = Availability::NotYetOpen;
    c.availability_starts = When::parse("2027-02-01");
    c.image = Some(Image {
        src: "bilder/ki.webp".into(),
        alt: "Ein Laptop".into(),
    });
    c.booking_url = Some("https://example.org/buchen".into());
    let mut online = course("c2", "Online");
    online.venue = None;
    online.event_attendance_mode = AttendanceMode::Online;
    online.sessions = vec![session("2027-05-08", "2027-05-09")];
    let cat = catalogue(vec![c, online]);
    assert_eq!(cat.problems(), []);
    let json = cat.to_json();
    assert_eq!(Catalogue::from_json(&json), Ok(cat.clone()));
    // Defaults are left out; the format's field names are schema.org's camelCase.
    assert!(json.contains("\"startDate\": \"2027-03-09T18:00:00+01:00\""));
    assert!(json.contains("\"availabilityStarts\": \"2027-02-01\""));
    assert!(json.contains("\"isAccessibleForFree\": false"));
    assert!(!json.contains("\"level\""));
    assert!(!json.contains("\"placesLeft\""));
}

#[test]
fn minimal_json_gets_the_documented_defaults() {
    let json = r#"{"format": 1, "generated": "2027-01-01T08:00:00Z",
        "providers": [{"id": "vhs", "name": "VHS", "kind": "vhs"}],
        "courses": [{"id": "1", "slug": "eins", "name": "Eins", "provider": "vhs",
          "eventAttendanceMode": "online", "isAccessibleForFree": true,
          "sessions": [{"startDate": "2027-03-09T18:00Z", "endDate": "2027-03-09T19:00Z"}],
          "someFutureField": [1, 2, 3]}]}"#;
    let cat = Catalogue::from_json(json).unwrap();
    let c = &cat.courses[0];
    assert_eq!(c.in_language, "de");
    assert_eq!(c.level, Level::All);
    assert_eq!(c.availability, Availability::Available);
    assert_eq!(c.description, "");
    assert_eq!(cat.generated.to_string(), "2027-01-01T08:00:00Z");
}

#[test]
fn syntax_errors_name_the_place() {
    let err = Catalogue::from_json(r#"{"format": 1, "generated": "gestern"}"#).unwrap_err();
    let CatalogueError::Syntax(message) = &err else {
        panic!("{err:?}")
    };
    assert!(
        message.contains("gestern") && message.contains("column"),
        "{message}"
    );
    assert!(matches!(
        Catalogue::from_json("[1, 2"),
        Err(CatalogueError::Syntax(_))
    ));
    let err = Catalogue::from_json(
        r#"{"format": 1, "generated": "2027-01-01T08:00:00Z", "courses": [{"id": "1", "slug": "a",
        "name": "A", "provider": "p", "sessions": [], "availability": "sold-out"}]}"#,
    )
    .unwrap_err();
    assert!(err.to_string().contains("sold-out"), "{err}");
}
