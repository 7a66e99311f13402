//! The app reads the status document with its own small reader (`CoworkingStatus::read`),
//! the tools with serde (`CoworkingStatus::from_json`): on what the gateway writes for the
//! bundled centres, over a whole week at every hour, and on hand-made edge cases, they agree.

use std::collections::HashMap;
use std::path::Path;

use lernort_coworking::derive::Sources;
use lernort_coworking::CoworkingStatus;

fn both(json: &str) -> Result<CoworkingStatus, String> {
    let ours = CoworkingStatus::read(json);
    let serde = CoworkingStatus::from_json(json);
    match (&ours, &serde) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{json}"),
        (Err(_), Err(_)) => {}
        _ => panic!("the readers disagree on {json}:\nours:  {ours:?}\nserde: {serde:?}"),
    }
    ours
}

#[test]
fn what_the_gateway_writes_reads_alike() {
    // Monday 16.11.2026 00:00 Berlin, then every hour for a week.
    let monday = 1_795_302_000 - 5 * 86_400;
    for centre in ["dilas-soest", "netzwerk-gt"] {
        let config = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../centres")
            .join(centre)
            .join("coworking/spaces.json");
        let sources = Sources::load(&config).unwrap();
        let mut presence = HashMap::new();
        presence.insert("ruhe-1".to_string(), true);
        for hour in 0..7 * 24 {
            let status = sources.status_at(&presence, monday + hour * 3_600);
            let json = status.to_json();
            assert_eq!(both(&json).unwrap(), status);
        }
    }
}

const MINIMAL: &str = r#"{"format": 1, "generated": 5, "opening": {"open": false},
  "plan": {"width": 10.5, "height": 4, "zones": []},
  "spaces": [{"id": "a", "name": "A", "kind": "room", "zone": "z",
    "shape": {"x": -1.25, "y": 0, "width": 2, "height": 3}, "status": "outOfService",
    "features": {"monitor": true}, "extra": [1, {"b": null}]},
    {"id": "b", "name": {"de": "B", "en": "Bee"}, "kind": "desk", "zone": "z",
    "shape": {"x": 0, "y": 0, "width": 1, "height": 1}, "status": "free", "until": null,
    "today": [{"start": 1, "end": 2}]}],
  "load": {"weekdays": [[null, 3, 100]], "weeks": 2}}"#;

#[test]
fn defaults_fractions_and_unknown_fields_read_alike() {
    let status = both(MINIMAL).unwrap();
    assert_eq!(status.spaces[0].features.seats, 1); // inside `features`: serde's default
    assert_eq!(status.spaces[1].features.seats, 0); // no `features` at all: `Default`
    assert_eq!(status.spaces[0].shape.x, -1.25);
}

#[test]
fn broken_documents_are_refused_by_both() {
    for broken in [
        MINIMAL.replace("\"outOfService\"", "\"kaputt\""),
        MINIMAL.replace("\"generated\": 5", "\"generated\": 5.5"),
        MINIMAL.replace("[null, 3, 100]", "[null, 3, 300]"),
        MINIMAL.replace("\"kind\": \"desk\", ", ""),
        MINIMAL.replace("\"width\": 10.5", "\"width\": \"wide\""),
        MINIMAL[..MINIMAL.len() - 3].to_string(),
        format!("{MINIMAL} x"),
    ] {
        assert!(both(&broken).is_err(), "{broken}");
    }
}
