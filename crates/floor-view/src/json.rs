//! Reads the layout message without serde: a small JSON reader for exactly this shape.
//!
//! Measured choice: `serde_json::from_str::<Layout>` costs the app 5 KiB gzip of wasm (the
//! derived visitors and three `Vec` instantiations); this reader costs about one. The tests
//! hold it to the protocol crate: every layout `Layout::to_json` writes, compact or pretty,
//! reads back equal, and the centres' real floor files read as `Layout::from_json` reads
//! them. Unknown fields are skipped (a newer gateway may add some); a wrong type, a number
//! out of range or a missing field refuses the whole layout.

use lernort_floor_protocol::{Layout, Module, Scale, Triangle, Zone};
use lernort_i18n::Localized;

/// Parses `text` as a layout (see the module docs); `None` if it is not one.
pub(crate) fn parse(text: &str) -> Option<Layout> {
    let mut r = Reader {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    let layout = r.layout()?;
    r.space();
    (r.at == r.bytes.len()).then_some(layout)
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    /// Consumes `byte` (after white space) if it comes next.
    fn eat(&mut self, byte: u8) -> bool {
        self.space();
        let next = self.bytes.get(self.at) == Some(&byte);
        self.at += usize::from(next);
        next
    }

    /// `{ "key": value, … }`, calling `field` with each key; it reads the value.
    fn object(&mut self, field: &mut dyn FnMut(&mut Self, &str) -> Option<()>) -> Option<()> {
        if !self.eat(b'{') {
            return None;
        }
        if self.eat(b'}') {
            return Some(());
        }
        loop {
            let key = self.string()?;
            if !self.eat(b':') {
                return None;
            }
            field(self, &key)?;
            if self.eat(b'}') {
                return Some(());
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    /// `[ item, … ]`, calling `item` for each.
    fn array(&mut self, item: &mut dyn FnMut(&mut Self) -> Option<()>) -> Option<()> {
        if !self.eat(b'[') {
            return None;
        }
        if self.eat(b']') {
            return Some(());
        }
        loop {
            item(self)?;
            if self.eat(b']') {
                return Some(());
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    /// A non-negative integer up to `max`.
    fn integer(&mut self, max: u16) -> Option<u16> {
        self.space();
        let start = self.at;
        let mut n: u32 = 0;
        while let Some(d @ b'0'..=b'9') = self.bytes.get(self.at) {
            n = (n * 10 + u32::from(d - b'0')).min(u32::from(u16::MAX) + 1);
            self.at += 1;
        }
        let digits = self.at - start;
        let leading_zero = digits > 1 && self.bytes[start] == b'0';
        let fraction = matches!(self.bytes.get(self.at), Some(b'.' | b'e' | b'E'));
        (digits > 0 && !leading_zero && !fraction && n <= u32::from(max)).then_some(n as u16)
    }

    fn u16(&mut self) -> Option<u16> {
        self.integer(u16::MAX)
    }

    fn u8(&mut self) -> Option<u8> {
        self.integer(255).map(|n| n as u8)
    }

    /// A string, with JSON's escapes.
    fn string(&mut self) -> Option<String> {
        if !self.eat(b'"') {
            return None;
        }
        let mut out = String::new();
        loop {
            // Copy the run up to the next quote or backslash in one piece (a slice of the
            // input `str`: both bytes are ASCII, so it ends on a character boundary).
            let rest = &self.bytes[self.at..];
            let run = rest.iter().position(|&b| b == b'"' || b == b'\\')?;
            if rest[..run].iter().any(|&b| b < 0x20) {
                return None;
            }
            out.push_str(self.text.get(self.at..self.at + run)?);
            self.at += run + 1;
            if rest[run] == b'"' {
                return Some(out);
            }
            let escape = *self.bytes.get(self.at)?;
            self.at += 1;
            out.push(match escape {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    let high = self.hex4()?;
                    if (0xD800..0xDC00).contains(&high) {
                        if self.bytes.get(self.at..self.at + 2) != Some(b"\\u") {
                            return None;
                        }
                        self.at += 2;
                        let low = self.hex4()?;
                        if !(0xDC00..0xE000).contains(&low) {
                            return None;
                        }
                        char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))?
                    } else {
                        char::from_u32(high)?
                    }
                }
                _ => return None,
            });
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut n = 0;
        for &b in self.bytes.get(self.at..self.at + 4)? {
            n = n * 16 + char::from(b).to_digit(16)?;
        }
        self.at += 4;
        Some(n)
    }

    /// Skips any value (for unknown fields).
    fn skip(&mut self) -> Option<()> {
        self.space();
        match self.bytes.get(self.at)? {
            b'{' => self.object(&mut |r, _| r.skip()),
            b'[' => self.array(&mut |r| r.skip()),
            b'"' => self.string().map(drop),
            _ => {
                let start = self.at;
                while let Some(b'-' | b'+' | b'.' | b'0'..=b'9' | b'a'..=b'z' | b'E') =
                    self.bytes.get(self.at)
                {
                    self.at += 1;
                }
                (self.at > start).then_some(())
            }
        }
    }

    /// `x_cm`, `y_cm`, `w_cm`, `h_cm` into `rect`; whether `key` was one of them.
    fn rect(&mut self, key: &str, rect: &mut [Option<u16>; 4]) -> Option<bool> {
        let i = match key {
            "x_cm" => 0,
            "y_cm" => 1,
            "w_cm" => 2,
            "h_cm" => 3,
            _ => return Some(false),
        };
        rect[i] = Some(self.u16()?);
        Some(true)
    }

    fn localized(&mut self) -> Option<Localized> {
        self.space();
        if self.bytes.get(self.at) == Some(&b'"') {
            return self.string().map(Localized::German);
        }
        let (mut de, mut en) = (None, None);
        self.object(&mut |r, key| {
            match key {
                "de" => de = Some(r.string()?),
                "en" => {
                    en = if r.eat_null() {
                        None
                    } else {
                        Some(r.string()?)
                    }
                }
                _ => return None,
            }
            Some(())
        })?;
        Some(Localized::Translated { de: de?, en })
    }

    fn eat_null(&mut self) -> bool {
        self.space();
        let null = self.bytes[self.at..].starts_with(b"null");
        self.at += if null { 4 } else { 0 };
        null
    }

    fn layout(&mut self) -> Option<Layout> {
        let (mut protocol, mut width, mut height, mut scale) = (None, None, None, None);
        let (mut triangles, mut modules, mut zones) = (None, None, None);
        self.object(&mut |r, key| {
            match key {
                "protocol" => protocol = Some(r.u8()?),
                "width_cm" => width = Some(r.u16()?),
                "height_cm" => height = Some(r.u16()?),
                "triangles" => {
                    let mut list = Vec::new();
                    r.array(&mut |r| {
                        let name = r.string()?;
                        let i = TRIANGLE_NAMES.iter().position(|n| *n == name)?;
                        list.push(Triangle::ORDER[i]);
                        Some(())
                    })?;
                    triangles = Some(list);
                }
                "modules" => {
                    let mut list = Vec::new();
                    r.array(&mut |r| {
                        let (mut id, mut rect) = (None, [None; 4]);
                        r.object(&mut |r, key| match key {
                            "id" => {
                                id = Some(r.u16()?);
                                Some(())
                            }
                            _ => r.rect(key, &mut rect)?.then_some(()).or_else(|| r.skip()),
                        })?;
                        let [x_cm, y_cm, w_cm, h_cm] = rect;
                        list.push(Module {
                            id: id?,
                            x_cm: x_cm?,
                            y_cm: y_cm?,
                            w_cm: w_cm?,
                            h_cm: h_cm?,
                        });
                        Some(())
                    })?;
                    modules = Some(list);
                }
                "zones" => {
                    let mut list = Vec::new();
                    r.array(&mut |r| {
                        let (mut id, mut name, mut rect) = (None, None, [None; 4]);
                        r.object(&mut |r, key| match key {
                            "id" => {
                                id = Some(r.string()?);
                                Some(())
                            }
                            "name" => {
                                name = Some(r.localized()?);
                                Some(())
                            }
                            _ => r.rect(key, &mut rect)?.then_some(()).or_else(|| r.skip()),
                        })?;
                        let [x_cm, y_cm, w_cm, h_cm] = rect;
                        list.push(Zone {
                            id: id?,
                            name: name?,
                            x_cm: x_cm?,
                            y_cm: y_cm?,
                            w_cm: w_cm?,
                            h_cm: h_cm?,
                        });
                        Some(())
                    })?;
                    zones = Some(list);
                }
                "scale" => {
                    let mut v = [None; 3];
                    r.object(&mut |r, key| {
                        let i = ["baseline", "active", "max"].iter().position(|k| *k == key);
                        match i {
                            Some(i) => v[i] = Some(r.u8()?),
                            None => r.skip()?,
                        }
                        Some(())
                    })?;
                    let [baseline, active, max] = v;
                    scale = Some(Scale {
                        baseline: baseline?,
                        active: active?,
                        max: max?,
                    });
                }
                _ => r.skip()?,
            }
            Some(())
        })?;
        Some(Layout {
            protocol: protocol?,
            width_cm: width?,
            height_cm: height?,
            triangles: triangles?,
            modules: modules?,
            zones: zones?,
            scale: scale?,
        })
    }
}

/// The triangles' names in JSON, in `Triangle::ORDER` (a test holds them to serde's).
const TRIANGLE_NAMES: [&str; 8] = ["nne", "ene", "ese", "sse", "ssw", "wsw", "wnw", "nnw"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid_layout;
    use lernort_floor_protocol::Triangle;

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

    #[test]
    fn triangle_names_are_serdes() {
        assert_eq!(
            serde_json::to_string(&TRIANGLE_NAMES).unwrap(),
            serde_json::to_string(&Triangle::ORDER).unwrap()
        );
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
