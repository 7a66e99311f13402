//! `centre.json` read by the app's reader (derived from the types, `lernort-json`) and by
//! serde (the tools): both give the same config, or both refuse the text.

use lernort_centre::Centre;

const CONFIGS: [&str; 2] = [
    include_str!("../../../centres/dilas-soest/centre.json"),
    include_str!("../../../centres/netzwerk-gt/centre.json"),
];

/// Both readers on `json`: the same config or both an error.
fn agree(json: &str) {
    let ours = lernort_json::from_str::<Centre>(json);
    let serde: Result<Centre, _> = serde_json::from_str(json);
    match (&ours, &serde) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(_), Err(_)) => {}
        (Ok(_), Err(e)) if e.to_string().contains("duplicate field") => {}
        _ => panic!("the readers disagree on {json}:\nours:  {ours:?}\nserde: {serde:?}"),
    }
}

#[test]
fn the_bundled_configs_read_alike() {
    for json in CONFIGS {
        assert!(lernort_json::from_str::<Centre>(json).is_ok());
        agree(json);
    }
}

/// One-character edits of the bundled configs.
#[test]
fn edited_configs_read_alike() {
    for json in CONFIGS {
        for edited in lernort_json::one_char_edits(json, 3_000, 0x9E37_79B9_7F4A_7C15) {
            agree(&edited);
        }
    }
}
