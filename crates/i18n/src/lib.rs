//! The translation layer: every string the app shows goes through here.
//!
//! German first, English second. Fixed interface strings are [`Msg`] keys whose table is
//! checked by the compiler (a key without both languages does not build); texts that
//! belong to a centre come from its config as [`Localized`] values. Formats follow German
//! usage in both languages (`21.11.2026`, `08:00`), because the dates are Soest's.
//!
//! ```
//! use lernort_i18n::{Lang, Msg};
//! assert_eq!(Msg::NavCourses.text(Lang::De), "Kurse");
//! assert_eq!(Msg::NavCourses.text(Lang::En), "Courses");
//! ```

mod messages;

use serde::{Deserialize, Serialize};

pub use messages::Msg;

/// A language the interface speaks.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, lernort_json::Read,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// German, the default.
    #[default]
    De,
    /// English.
    En,
}

impl Lang {
    /// Every language, German first.
    pub const ALL: [Lang; 2] = [Lang::De, Lang::En];

    /// The BCP 47 code, as used in `<html lang>` and in local storage.
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    /// The language for a BCP 47 code such as `de`, `de-AT` or `en-GB`.
    ///
    /// ```
    /// use lernort_i18n::Lang;
    /// assert_eq!(Lang::from_code("en-GB"), Some(Lang::En));
    /// assert_eq!(Lang::from_code("DE"), Some(Lang::De));
    /// assert_eq!(Lang::from_code("fr"), None);
    /// ```
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|lang| lang.code() == primary)
    }

    /// The language's own name, for the language switch (`Deutsch`, `English`).
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::De => "Deutsch",
            Lang::En => "English",
        }
    }
}

/// A text a centre writes in German and may translate into English.
///
/// In JSON either a plain string (German only) or `{"de": "…", "en": "…"}`.
/// A missing translation falls back to German, the centre's working language.
///
/// ```
/// use lernort_i18n::{Lang, Localized};
/// let plain: Localized = serde_json::from_str(r#""Soest""#).unwrap();
/// assert_eq!(plain.get(Lang::En), "Soest");
/// let both: Localized = serde_json::from_str(r#"{"de":"Kurse","en":"Courses"}"#).unwrap();
/// assert_eq!(both.get(Lang::En), "Courses");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Localized {
    /// German only.
    German(String),
    /// German with an optional English translation.
    Translated {
        /// The German text; required.
        de: String,
        /// The English text, if translated.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        en: Option<String>,
    },
}

impl<'de> Deserialize<'de> for Localized {
    // Written by hand: serde's `untagged` derive buffers the input and costs several KiB of
    // wasm, paid by every visitor, for a choice a visitor can make by looking at one token.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LocalizedVisitor;

        impl<'de> serde::de::Visitor<'de> for LocalizedVisitor {
            type Value = Localized;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a German text or {\"de\": \"…\", \"en\": \"…\"}")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Localized, E> {
                Ok(Localized::German(text.to_string()))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Localized, A::Error> {
                let (mut de, mut en) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "de" => de = Some(map.next_value::<String>()?),
                        "en" => en = map.next_value::<Option<String>>()?,
                        other => return Err(serde::de::Error::unknown_field(other, &["de", "en"])),
                    }
                }
                let de = de.ok_or_else(|| serde::de::Error::missing_field("de"))?;
                Ok(Localized::Translated { de, en })
            }
        }

        deserializer.deserialize_any(LocalizedVisitor)
    }
}

/// A German text or `{"de": …, "en": …}`, read with the app's small JSON reader
/// (`lernort-json`; serde's deserialiser above is for the native tools).
///
/// ```
/// use lernort_i18n::{Lang, Localized};
/// let text: Localized = lernort_json::from_str(r#"{"de": "Kurse", "en": "Courses"}"#).unwrap();
/// assert_eq!(text.get(Lang::En), "Courses");
/// ```
impl lernort_json::Read for Localized {
    fn read(r: &mut lernort_json::Reader<'_>) -> lernort_json::Result<Localized> {
        if r.peek() == Some(b'"') {
            return Ok(Localized::German(r.string()?));
        }
        let (mut de, mut en) = (None, None);
        r.object(|r, key| {
            match key {
                "de" => de = Some(r.string()?),
                "en" => en = r.optional(lernort_json::Reader::string)?,
                _ => return Err(r.error("unknown field, expected de or en")),
            }
            Ok(())
        })?;
        Ok(Localized::Translated {
            de: r.need(de, "de")?,
            en,
        })
    }
}

impl Localized {
    /// The text in `lang`, or in German where there is no translation.
    pub fn get(&self, lang: Lang) -> &str {
        match (self, lang) {
            (Localized::Translated { en: Some(en), .. }, Lang::En) if !en.trim().is_empty() => en,
            (Localized::Translated { de, .. }, _) | (Localized::German(de), _) => de,
        }
    }

    /// Whether the German text is empty (translations are optional, German is not).
    pub fn is_blank(&self) -> bool {
        self.get(Lang::De).trim().is_empty()
    }
}

/// A page's name in navigation and links (`Kurse`, `Impressum`); `None` for a course's
/// page, the favourites and the not-found page, which are not linked by name.
///
/// ```
/// use lernort_i18n::{link_name, Lang};
/// use lernort_routes::Route;
/// assert_eq!(link_name(&Route::Privacy).map(|m| m.text(Lang::De)), Some("Datenschutz"));
/// assert_eq!(link_name(&Route::NotFound), None);
/// ```
pub fn link_name(route: &lernort_routes::Route) -> Option<Msg> {
    use lernort_routes::Route;
    Some(match route {
        Route::Home => Msg::NavHome,
        Route::Courses => Msg::NavCourses,
        Route::Coworking => Msg::NavCoworking,
        Route::Floor => Msg::NavFloor,
        Route::Kiosk => Msg::NavKiosk,
        Route::Imprint => Msg::NavImprint,
        Route::Privacy => Msg::NavPrivacy,
        Route::Accessibility => Msg::NavAccessibility,
        Route::EasyLanguage => Msg::NavEasyLanguage,
        Route::Course { .. } | Route::Favourites | Route::NotFound => return None,
    })
}

/// Fills the `{}` of a message template with `values`, in order (a missing value leaves
/// the slot empty; a value is never searched for further slots). Every crate that words
/// a `Msg` with figures uses this one.
///
/// ```
/// use lernort_i18n::fill;
/// assert_eq!(fill("{} von {} Plätzen frei", &["3", "8"]), "3 von 8 Plätzen frei");
/// assert_eq!(fill("a {} b {}", &["{}"]), "a {} b ");
/// ```
pub fn fill(template: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut values = values.iter();
    let mut rest = template;
    while let Some(at) = rest.find("{}") {
        out.push_str(&rest[..at]);
        out.push_str(values.next().copied().unwrap_or_default());
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}

/// Name of a weekday in `lang`.
///
/// ```
/// use lernort_i18n::{weekday_name, Lang};
/// use lernort_time::Weekday;
/// assert_eq!(weekday_name(Weekday::Mon, Lang::De), "Montag");
/// ```
pub fn weekday_name(day: lernort_time::Weekday, lang: Lang) -> &'static str {
    const DE: [&str; 7] = [
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
        "Samstag",
        "Sonntag",
    ];
    const EN: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    match lang {
        Lang::De => DE[day.index()],
        Lang::En => EN[day.index()],
    }
}

/// A clock time as people say it on a sign: `8:00 Uhr` in German, `8:00` in English.
///
/// ```
/// use lernort_i18n::{clock_time, Lang};
/// use lernort_time::TimeOfDay;
/// let t = TimeOfDay::parse("08:00").unwrap();
/// assert_eq!(clock_time(t, Lang::De), "8:00 Uhr");
/// assert_eq!(clock_time(t, Lang::En), "8:00");
/// ```
pub fn clock_time(time: lernort_time::TimeOfDay, lang: Lang) -> String {
    match lang {
        Lang::De => format!("{}:{:02} Uhr", time.hour, time.minute),
        Lang::En => format!("{}:{:02}", time.hour, time.minute),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_tolerates_missing_values() {
        assert_eq!(fill("a {} b {}", &["1"]), "a 1 b ");
        assert_eq!(fill("no slots", &["x"]), "no slots");
        assert_eq!(fill("{}{}", &["ä", "ß"]), "äß");
    }
    use std::collections::HashSet;

    #[test]
    fn every_message_is_written_in_both_languages() {
        for msg in Msg::ALL {
            for lang in Lang::ALL {
                let text = msg.text(lang);
                assert!(!text.trim().is_empty(), "{msg:?} is empty in {lang:?}");
                assert_eq!(text.trim(), text, "{msg:?} has stray spaces in {lang:?}");
            }
        }
    }

    #[test]
    fn english_is_not_left_in_german() {
        // A copy-pasted German string in the English column is the usual slip. Short labels
        // that are the same word in both languages are listed here on purpose.
        let same_in_both: HashSet<&str> = ["Co-Working", "Start", "Kiosk"].into_iter().collect();
        for msg in Msg::ALL {
            let (de, en) = (msg.text(Lang::De), msg.text(Lang::En));
            if de == en && !same_in_both.contains(de) {
                panic!("{msg:?} reads the same in German and English: {de:?}");
            }
        }
    }

    #[test]
    fn localized_falls_back_to_german() {
        let only_de = Localized::Translated {
            de: "Öffnungszeiten".into(),
            en: None,
        };
        assert_eq!(only_de.get(Lang::En), "Öffnungszeiten");
        let unknown: Result<Localized, _> = serde_json::from_str(r#"{"de":"a","fr":"b"}"#);
        assert!(unknown
            .unwrap_err()
            .to_string()
            .contains("unknown field `fr`"));
        let missing: Result<Localized, _> = serde_json::from_str(r#"{"en":"a"}"#);
        assert!(missing
            .unwrap_err()
            .to_string()
            .contains("missing field `de`"));
        let blank_en = Localized::Translated {
            de: "Kurse".into(),
            en: Some("  ".into()),
        };
        assert_eq!(blank_en.get(Lang::En), "Kurse");
        assert!(Localized::German(" ".into()).is_blank());
    }
}
