//! The app's reader (`read.rs`) against serde's, field by field and on broken input.

use crate::*;

/// Reads `json` with both readers; they must agree.
fn both(json: &str) -> Result<Catalogue, String> {
    let ours = lernort_json::from_str::<Catalogue>(json).map_err(|e| e.0);
    let serde: Result<Catalogue, String> = serde_json::from_str(json).map_err(|e| e.to_string());
    match (&ours, &serde) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{json}"),
        (Err(_), Err(_)) => {}
        _ => panic!("the readers disagree on {json}:\nours:  {ours:?}\nserde: {serde:?}"),
    }
    ours
}

fn wrap(courses: &str) -> String {
    format!(r#"{{"format": 1, "generated": "2027-01-15T08:00:00Z", "courses": [{courses}]}}"#)
}

const FULL_COURSE: &str = r#"{
  "id": "K-1", "slug": "ki", "name": "KI \"im\" Alltag\n\u00fcben \ud83d\ude00 \/", "subtitle": null,
  "description": "Text", "provider": "vhs", "categories": ["ki", "digital"],
  "audience": ["seniors", "beginners"], "typicalAgeRange": "60-", "inLanguage": "en",
  "level": "beginner", "sessions": [
    {"startDate": "2027-03-09T18:00:00+01:00", "endDate": "2027-03-09T19:30:00+01:00"},
    {"startDate": "2027-03-27", "endDate": "2027-03-28"}],
  "venue": "dilas", "room": "Raum 1", "eventAttendanceMode": "mixed",
  "isAccessibleForFree": false, "offers": {"price": 4900, "reducedPrice": 2450},
  "capacity": 12, "availability": "notYetOpen", "availabilityStarts": "2027-02-01",
  "placesLeft": 0, "bookingUrl": "https://vhs.example/k1", "instructor": "A. B.",
  "bring": "Laptop", "image": {"src": "bilder/ki.webp", "alt": "Ein Laptop"},
  "url": "https://vhs.example/", "unknown": {"nested": [1, -2.5e3, true, null, "x"]}
}"#;

#[test]
fn reads_every_field_like_serde() {
    let catalogue = both(&format!(
        r#"{{"format": 1, "generated": "2027-01-15T08:00:00+01:00", "extra": [],
        "providers": [{{"id": "vhs", "name": "VHS", "kind": "vhs", "url": "https://vhs.example"}}],
        "categories": [{{"id": "ki", "name": "KI"}}, {{"id": "d", "name": {{"de": "Digital", "en": null}}}},
                       {{"id": "e", "name": {{"de": "Ä", "en": "A"}}}}],
        "venues": [{{"id": "dilas", "name": "DiLAS", "street": "S 1", "postalCode": "59494",
                    "city": "Soest", "stepFree": true, "note": {{"de": "Eingang"}}}}],
        "courses": [{FULL_COURSE}, {{"id": "2", "slug": "b", "name": "B", "provider": "vhs", "sessions": []}}]}}"#
    ))
    .unwrap();
    let course = &catalogue.courses[0];
    assert_eq!(course.name, "KI \"im\" Alltag\nüben 😀 /");
    assert_eq!(course.offers.as_ref().unwrap().currency, "EUR");
    assert_eq!(course.sessions.len(), 2);
    // Defaults of the documented format.
    let plain = &catalogue.courses[1];
    assert_eq!(plain.in_language, "de");
    assert_eq!(plain.level, Level::All);
    assert_eq!(plain.availability, Availability::Available);
}

#[test]
fn refuses_what_serde_refuses() {
    for courses in [
        r#"{"id": "1", "slug": "a", "name": "A", "provider": "p"}"#, // no sessions
        r#"{"id": "1", "slug": "a", "name": "A", "provider": "p", "sessions": [], "level": "expert"}"#,
        r#"{"id": "1", "slug": "a", "name": "A", "provider": "p", "sessions": [], "capacity": -1}"#,
        r#"{"id": "1", "slug": "a", "name": "A", "provider": "p", "sessions": [], "capacity": 1.5}"#,
        r#"{"id": "1", "slug": "a", "name": "A", "provider": "p", "sessions": [], "capacity": 4294967296}"#,
        r#"{"id": "1", "slug": "a", "name": "A", "provider": "p", "sessions": [], "capacity": 01}"#,
        r#"{"id": "1", "slug": "a", "name": "A", "provider": "p", "sessions": [{"startDate": "morgen", "endDate": "2027-01-01"}]}"#,
        r#"{"id": "1", "slug": "a", "name": "A\ud83d", "provider": "p", "sessions": []}"#,
        r#"{"id": "1", "slug": "a", "name": "A\x", "provider": "p", "sessions": []}"#,
        r#"{"id": "1", "slug": "a", "name": "A", "provider": "p", "sessions": [],}"#,
        r#"{"id": 1, "slug": "a", "name": "A", "provider": "p", "sessions": []}"#,
        r#"{"id": "1", "slug": "a", "name": "A", "provider": "p", "sessions": [], "isAccessibleForFree": null}"#,
    ] {
        assert!(both(&wrap(courses)).is_err(), "{courses}");
    }
    for json in [
        "",
        "[]",
        "{",
        r#"{"format": 1}"#,
        "{\"format\": 1, \"generated\": \"2027-01-15T08:00:00Z\"} x",
    ] {
        assert!(both(json).is_err(), "{json:?}");
    }
    assert!(both("\"a\tb\"").is_err()); // control character in a string
}

#[test]
fn errors_name_line_and_column() {
    let error = lernort_json::from_str::<Catalogue>("{\n  \"format\": 1,\n  \"generated\": 5\n}")
        .unwrap_err();
    assert_eq!(error.0, "expected a string at line 3 column 15");
    let error = lernort_json::from_str::<Catalogue>("{\"format\": 1}").unwrap_err();
    assert!(
        error.0.starts_with("missing field `generated`"),
        "{}",
        error.0
    );
}

#[test]
fn both_readers_say_what_a_time_should_look_like() {
    let json = wrap(
        r#"{"id": "1", "slug": "a", "name": "A", "provider": "p",
        "sessions": [{"startDate": "morgen", "endDate": "2027-01-01"}]}"#,
    );
    let ours = lernort_json::from_str::<Catalogue>(&json).unwrap_err().0;
    let serde = serde_json::from_str::<Catalogue>(&json)
        .unwrap_err()
        .to_string();
    let expected = "\"morgen\" is not a date (2027-03-09) or a date and time with offset";
    for message in [ours, serde] {
        assert!(message.contains(expected), "{message}");
    }
}

#[test]
fn a_field_given_twice_counts_once_with_the_last_value() {
    // The one documented difference: serde refuses such a file.
    let json = wrap(
        r#"{"id": "1", "slug": "a", "name": "A", "name": "B", "provider": "p", "sessions": []}"#,
    );
    assert_eq!(
        lernort_json::from_str::<Catalogue>(&json).unwrap().courses[0].name,
        "B"
    );
}

/// A small deterministic generator (no extra dependency): one-character edits of a valid
/// file must never make the readers disagree, and never panic.
#[test]
fn edited_files_read_alike() {
    let valid = wrap(FULL_COURSE);
    both(&valid).unwrap();
    for text in lernort_json::one_char_edits(&valid, 20_000, 0x2545_F491_4F6C_DD1D) {
        let ours = lernort_json::from_str::<Catalogue>(&text).map_err(|e| e.0);
        let serde: Result<Catalogue, _> = serde_json::from_str(&text);
        match (ours, serde) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
            (Err(_), Err(_)) => {}
            (Ok(_), Err(e)) if e.to_string().contains("duplicate field") => {}
            (ours, serde) => panic!("disagree on {text}:\nours:  {ours:?}\nserde: {serde:?}"),
        }
    }
}
