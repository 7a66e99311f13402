//! Reads the layout message without serde, with the app's small JSON reader
//! (`lernort-json`), its reader derived from the protocol crate's types.
//!
//! Measured choice: `serde_json::from_str::<Layout>` costs the app 5 KiB gzip of wasm (the
//! derived visitors and three `Vec` instantiations); this costs about one. The tests hold
//! it to the protocol crate: every layout `Layout::to_json` writes, compact or pretty,
//! reads back equal, and the centres' real floor files read as `Layout::from_json` reads
//! them. Unknown fields are skipped (a newer gateway may add some); a wrong type, a number
//! out of range or a missing field refuses the whole layout.

use lernort_floor_protocol::Layout;

/// Parses `text` as a layout (see the module docs); `None` if it is not one.
pub(crate) fn parse(text: &str) -> Option<Layout> {
    lernort_json::from_str(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid_layout;
    use lernort_floor_protocol::{Module, Triangle, Zone};
    use lernort_i18n::Localized;

    fn centre(id: &str) -> String {
        std::fs::read_to_string(format!(
            "{}/../../centres/{id}/floor.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    fn zone(id: &str, name: Localized) -> Zone {
        Zone {
            id: id.into(),
            name,
            x_cm: 0,
            y_cm: 50,
            w_cm: 100,
            h_cm: 50,
        }
    }

    #[test]
    fn reads_the_centres_floors_as_the_protocol_crate_does() {
        for id in ["dilas-soest", "netzwerk-gt"] {
            let json = centre(id);
            let expected = Layout::from_json(&json).unwrap();
            assert_eq!(parse(&json), Some(expected), "{id}");
        }
    }

    #[test]
    fn reads_back_what_the_protocol_crate_writes() {
        let mut layout = grid_layout(3, 2);
        layout.zones = vec![
            zone("a", Localized::German("Eingang".into())),
            zone(
                "b",
                Localized::Translated {
                    de: "Café \"Zum Boden\" \\ 🦶 \u{1}\n".into(),
                    en: Some("Café".into()),
                },
            ),
            zone(
                "c",
                Localized::Translated {
                    de: "Nur deutsch".into(),
                    en: None,
                },
            ),
        ];
        layout.modules[4].id = 65_535;
        layout.scale.max = 255;
        let compact = layout.to_json();
        assert_eq!(parse(&compact).as_ref(), Some(&layout), "{compact}");
        let pretty = serde_json::to_string_pretty(&layout).unwrap();
        assert_eq!(parse(&pretty).as_ref(), Some(&layout), "{pretty}");
        // JSON may escape any character; "\u00e9" is "é", a surrogate pair is one emoji.
        let escaped = compact
            .replace("Café", "Caf\\u00e9")
            .replace("🦶", "\\ud83e\\uddb6");
        assert_eq!(parse(&escaped).as_ref(), Some(&layout));
        // {"de": …, "en": null} is German only, as serde reads it.
        let null_en = r#"{"protocol":1,"width_cm":50,"height_cm":50,"triangles":["nne","ene","ese","sse","ssw","wsw","wnw","nnw"],"modules":[{"id":1,"x_cm":0,"y_cm":0,"w_cm":50,"h_cm":50}],"zones":[{"id":"z","name":{"de":"Z","en":null},"x_cm":0,"y_cm":0,"w_cm":50,"h_cm":50}],"scale":{"baseline":128,"active":140,"max":190}}"#;
        assert_eq!(
            parse(null_en).map(|l| l.zones[0].name.clone()),
            Layout::from_json(null_en)
                .ok()
                .map(|l| l.zones[0].name.clone())
        );
        assert_eq!(parse(null_en).unwrap().triangles, Triangle::ORDER.to_vec());
    }

    #[test]
    fn unknown_fields_are_skipped() {
        let json = grid_layout(1, 1).to_json().replacen(
            '{',
            r#"{"future":{"a":[1,2.5,-3e2,true,false,null,"x\"y"],"b":{}},"#,
            1,
        );
        assert_eq!(parse(&json), Some(grid_layout(1, 1)));
    }

    #[test]
    fn malformed_or_out_of_range_is_refused() {
        let good = grid_layout(1, 1).to_json();
        let bad = [
            good.replace(r#""width_cm":50"#, r#""width_cm":65536"#),
            good.replace(r#""width_cm":50"#, r#""width_cm":-50"#),
            good.replace(r#""width_cm":50"#, r#""width_cm":50.5"#),
            good.replace(r#""width_cm":50"#, r#""width_cm":050"#),
            good.replace(r#""width_cm":50"#, r#""width_cm":"50""#),
            good.replace(r#""max":190"#, r#""max":256"#),
            good.replace(r#""nne""#, r#""north""#),
            good.replace(r#""width_cm":50,"#, ""),
            good.replace(r#","h_cm":50}"#, "}"),
            good[..good.len() - 1].to_string(),
            format!("{good} x"),
            good.replace(
                r#""zones":[]"#,
                r#""zones":[{"id":"a","name":{"en":"A"},"x_cm":0,"y_cm":0,"w_cm":1,"h_cm":1}]"#,
            ),
            good.replace(
                r#""zones":[]"#,
                // A raw control character (here a tab) must be escaped in JSON.
                "\"zones\":[{\"id\":\"a\",\"name\":\"tab\there\",\"x_cm\":0,\"y_cm\":0,\"w_cm\":1,\"h_cm\":1}]",
            ),
            String::new(),
            "[]".into(),
            "{".into(),
        ];
        for json in bad {
            assert_eq!(parse(&json), None, "{json}");
        }
        assert!(parse(&good).is_some());
    }

    mod fuzz {
        use super::*;
        use lernort_floor_protocol::Scale;
        use proptest::prelude::*;

        fn localized() -> impl Strategy<Value = Localized> {
            prop_oneof![
                any::<String>().prop_map(Localized::German),
                (any::<String>(), proptest::option::of(any::<String>()))
                    .prop_map(|(de, en)| Localized::Translated { de, en }),
            ]
        }

        fn layout() -> impl Strategy<Value = Layout> {
            let rect = || (any::<u16>(), any::<u16>(), any::<u16>(), any::<u16>());
            (
                any::<u8>(),
                any::<u16>(),
                any::<u16>(),
                proptest::collection::vec((any::<u16>(), rect()), 0..12),
                proptest::collection::vec((any::<String>(), localized(), rect()), 0..5),
                any::<[u8; 3]>(),
            )
                .prop_map(
                    |(protocol, width_cm, height_cm, modules, zones, [b, a, m])| Layout {
                        protocol,
                        width_cm,
                        height_cm,
                        triangles: Triangle::ORDER.to_vec(),
                        modules: modules
                            .into_iter()
                            .map(|(id, (x_cm, y_cm, w_cm, h_cm))| Module {
                                id,
                                x_cm,
                                y_cm,
                                w_cm,
                                h_cm,
                            })
                            .collect(),
                        zones: zones
                            .into_iter()
                            .map(|(id, name, (x_cm, y_cm, w_cm, h_cm))| Zone {
                                id,
                                name,
                                x_cm,
                                y_cm,
                                w_cm,
                                h_cm,
                            })
                            .collect(),
                        scale: Scale {
                            baseline: b,
                            active: a,
                            max: m,
                        },
                    },
                )
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

            /// Whatever serde writes for any layout (any names, any numbers), compact or
            /// pretty, this reader reads back equal.
            #[test]
            fn agrees_with_serde(layout in layout()) {
                prop_assert_eq!(parse(&layout.to_json()), Some(layout.clone()));
                let pretty = serde_json::to_string_pretty(&layout).unwrap();
                prop_assert_eq!(parse(&pretty), Some(layout));
            }

            /// Arbitrary text never panics the reader, nor does any cut of a real layout
            /// (which is never a layout).
            #[test]
            fn never_panics(text in any::<String>(), cut in 0usize..2_000) {
                let _ = parse(&text);
                let json = grid_layout(2, 2).to_json();
                let mut end = cut.min(json.len() - 1);
                while !json.is_char_boundary(end) { end -= 1; }
                prop_assert_eq!(parse(&json[..end]), None);
            }

            /// JSON-like noise (the reader's own alphabet) never panics it.
            #[test]
            fn json_like_noise_never_panics(text in "[{}\\[\\]\",:0-9a-z\\\\ .-]{0,80}") {
                let _ = parse(&text);
            }
        }
    }
}
