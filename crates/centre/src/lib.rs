//! The centre config: everything that makes one learning centre different from another.
//!
//! The app loads one `centre.json` at run time (from `centre/centre.json` beside its
//! `index.html`), so the same build serves DiLAS Soest, NETZ.WERK GT Gütersloh or any other
//! centre; the native tools read the same file with the same types. The format is
//! documented field by field in `docs/centre-config.md`.
//!
//! Invariant: a config that [`Centre::from_json`] accepts is complete and readable —
//! every required text present in German, every colour pair within WCAG AA contrast,
//! every data URL on the site itself or on the configured gateway.
//!
//! ```
//! let json = include_str!("../../../centres/dilas-soest/centre.json");
//! let centre = lernort_centre::Centre::from_json(json).unwrap();
//! assert_eq!(centre.name, "DiLAS Soest");
//! ```

mod colour;
mod hours;
pub mod text;

use lernort_i18n::{Lang, Localized};
use serde::{Deserialize, Serialize};

pub use colour::{Colours, Rgb, NON_TEXT_CONTRAST, TEXT_CONTRAST};
pub use hours::{OpenStatus, OpeningHours, OpeningPeriod};

/// The folder beside the app's `index.html` that holds the installed centre's files.
pub const CENTRE_DIR: &str = "centre";
/// Where the app finds the config, relative to its `index.html`.
pub const CONFIG_PATH: &str = "centre/centre.json";

/// One centre's config, as in `centre.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, lernort_json::Read)]
#[serde(deny_unknown_fields)]
pub struct Centre {
    /// Short machine name, e.g. `dilas-soest` (lowercase letters, digits, hyphens).
    pub id: String,
    /// Name as shown in the header and page titles, e.g. `DiLAS Soest`.
    pub name: String,
    /// One line saying what the centre is.
    pub tagline: Localized,
    /// A few paragraphs introducing the centre on the start page.
    pub description: Vec<Localized>,
    /// The logo, a file beside `centre.json`.
    pub logo: Logo,
    /// Colour scheme; contrast is checked.
    pub colours: Colours,
    /// Postal address and how to get there.
    pub address: Address,
    /// How to reach the people running the centre.
    pub contact: Contact,
    /// Weekly opening hours.
    pub opening_hours: OpeningHours,
    /// Interface languages offered, German first; must contain `de`.
    pub languages: Vec<Lang>,
    /// Where the app gets its data.
    pub sources: Sources,
    /// The floor gateway.
    pub gateway: Gateway,
    /// Imprint, privacy notice and accessibility statement.
    pub legal: Legal,
    /// The site's public address, where its start page is (`https://dilas.soest.de/`, with
    /// the sub-path when it is served under one): an `https://` URL ending with `/`. Link
    /// previews, the sitemap and calendar entries need absolute URLs; without it
    /// `lernort-dist finish` leaves them out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_url: Option<String>,
}

/// The centre's logo.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, lernort_json::Read)]
#[serde(deny_unknown_fields)]
pub struct Logo {
    /// File name relative to `centre.json`, e.g. `logo.svg`.
    pub src: String,
    /// Text alternative; usually the centre's name.
    pub alt: Localized,
}

/// Postal address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, lernort_json::Read)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// Building or organisation line, e.g. `Alter Schlachthof`.
    #[serde(default)]
    pub building: Option<String>,
    /// Street and number.
    pub street: String,
    /// Postal code.
    pub postal_code: String,
    /// Town.
    pub city: String,
    /// How to get there: bus stops, parking, step-free entrance.
    #[serde(default)]
    pub directions: Vec<Localized>,
}

/// Contact details.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, lernort_json::Read)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Email address.
    pub email: String,
    /// Phone number as it should be shown, e.g. `02921 103-0000`.
    #[serde(default)]
    pub phone: Option<String>,
}

/// Data sources, each a URL relative to the app or on the gateway's origin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, lernort_json::Read)]
#[serde(deny_unknown_fields)]
pub struct Sources {
    /// The course catalogue JSON.
    pub catalogue: String,
    /// The co-working status JSON.
    pub coworking: String,
}

/// The floor gateway.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, lernort_json::Read)]
#[serde(deny_unknown_fields)]
pub struct Gateway {
    /// The floor stream: a path on the site (`floor`) or a `ws://` / `wss://` URL.
    pub websocket_url: String,
}

impl Gateway {
    /// The gateway's own origin when it is another host than the site
    /// (`wss://floor.example.org`), for the Content-Security-Policy.
    ///
    /// ```
    /// use lernort_centre::Gateway;
    /// let g = Gateway { websocket_url: "wss://floor.example.org:8443/floor".into() };
    /// assert_eq!(g.external_origin(), Some("wss://floor.example.org:8443"));
    /// let same_site = Gateway { websocket_url: "floor".into() };
    /// assert_eq!(same_site.external_origin(), None);
    /// ```
    pub fn external_origin(&self) -> Option<&str> {
        let url = &self.websocket_url;
        let rest = url
            .strip_prefix("wss://")
            .or_else(|| url.strip_prefix("ws://"))?;
        let host_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        Some(&url[..url.len() - rest.len() + host_len])
    }
}

/// The legal pages. Each is a list of sections.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, lernort_json::Read)]
#[serde(deny_unknown_fields)]
pub struct Legal {
    /// Imprint (§ 5 DDG).
    pub imprint: Vec<Section>,
    /// Privacy notice (Art. 13 GDPR).
    pub privacy: Vec<Section>,
    /// Accessibility statement (BITV NRW), with a feedback contact.
    pub accessibility: Vec<Section>,
}

/// A titled section of a text page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, lernort_json::Read)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Section heading.
    pub heading: Localized,
    /// Paragraphs of plain text.
    pub paragraphs: Vec<Localized>,
}

impl Section {
    /// Whether every text of the section has an English version.
    pub fn is_translated(&self) -> bool {
        std::iter::once(&self.heading)
            .chain(&self.paragraphs)
            .all(|text| matches!(text, Localized::Translated { en: Some(en), .. } if !en.trim().is_empty()))
    }
}

lernort_json::data_file! {
    /// Why a config was not accepted: it does not read, or it breaks these rules.
    pub type ConfigError = Rejected<CentreFile: "centre.json", String>;
}

impl Centre {
    /// Parses and validates a `centre.json` (with the reader derived from these types,
    /// `lernort_json::Read`, not serde: this is the one file every bundle of the app reads).
    pub fn from_json(json: &str) -> Result<Centre, ConfigError> {
        let centre =
            lernort_json::from_str::<Centre>(json).map_err(|e| ConfigError::Syntax(e.0))?;
        let problems = centre.problems();
        ConfigError::unless_broken(centre, problems)
    }

    /// The logo's URL relative to the app's `index.html`.
    pub fn logo_url(&self) -> String {
        format!("{CENTRE_DIR}/{}", self.logo.src)
    }

    /// Every rule the config breaks, one line each.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut require = |ok: bool, problem: &str| {
            if !ok {
                problems.push(problem.to_string());
            }
        };
        require(
            !self.id.is_empty()
                && self
                    .id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "id must be lowercase letters, digits and hyphens",
        );
        require(!self.name.trim().is_empty(), "name is empty");
        require(!self.tagline.is_blank(), "tagline is empty");
        require(
            !self.description.is_empty() && !self.description.iter().any(Localized::is_blank),
            "description needs at least one non-empty paragraph",
        );
        require(
            is_relative_path(&self.logo.src),
            "logo.src must be a file beside centre.json",
        );
        require(!self.logo.alt.is_blank(), "logo.alt is empty");
        require(
            self.languages.first() == Some(&Lang::De),
            "languages must start with \"de\"",
        );
        require(
            !self.address.street.trim().is_empty(),
            "address.street is empty",
        );
        require(
            !self.address.city.trim().is_empty(),
            "address.city is empty",
        );
        require(
            self.contact.email.contains('@'),
            "contact.email is not an email address",
        );
        let gateway = self.gateway.external_origin();
        require(
            gateway.is_some() || is_relative_path(&self.gateway.websocket_url),
            "gateway.websocket_url must be a path on the site or a ws:// or wss:// URL",
        );
        for (name, url) in [
            ("sources.catalogue", &self.sources.catalogue),
            ("sources.coworking", &self.sources.coworking),
        ] {
            let on_gateway = gateway.is_some_and(|origin| {
                let http_origin = origin.replacen("ws", "http", 1);
                url.starts_with(&format!("{http_origin}/"))
            });
            require(
                is_relative_path(url) || on_gateway,
                &format!("{name} must be a path on the site or on the gateway's host"),
            );
        }
        for (name, sections) in [
            ("legal.imprint", &self.legal.imprint),
            ("legal.privacy", &self.legal.privacy),
            ("legal.accessibility", &self.legal.accessibility),
        ] {
            let complete = !sections.is_empty()
                && sections.iter().all(|s| {
                    !s.heading.is_blank()
                        && !s.paragraphs.is_empty()
                        && !s.paragraphs.iter().any(Localized::is_blank)
                });
            require(
                complete,
                &format!("{name} needs sections with headings and text"),
            );
        }
        require(
            self.site_url.as_deref().is_none_or(is_site_url),
            "site_url must be an https:// address ending with / (no query or fragment)",
        );
        problems.extend(self.colours.contrast_problems());
        problems.extend(self.opening_hours.problems());
        problems
    }
}

/// The site's public address: `https://host[:port]/[path/]`, ending with `/`, without
/// query, fragment, user info, `..` segments, spaces or characters that need escaping in
/// HTML or XML.
fn is_site_url(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else {
        return false;
    };
    let host_len = rest.find('/').unwrap_or(rest.len());
    let host = &rest[..host_len];
    let path = &rest[host_len..];
    !host.is_empty()
        && !host.contains('@')
        && !host.starts_with(':')
        && path.ends_with('/')
        && !path.contains("//")
        && !path.split('/').any(|part| part == ".." || part == ".")
        && url.bytes().all(|b| {
            b.is_ascii_graphic()
                && !matches!(b, b'?' | b'#' | b'"' | b'\'' | b'<' | b'>' | b'&' | b'\\')
        })
}

/// A path relative to the site (no scheme, no host, no `..`), e.g. `data/catalogue.json`.
fn is_relative_path(url: &str) -> bool {
    !url.is_empty()
        && !url.contains("://")
        && !url.starts_with("//")
        && !url.split('/').any(|part| part == "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    const DILAS: &str = include_str!("../../../centres/dilas-soest/centre.json");
    const NETZWERK_GT: &str = include_str!("../../../centres/netzwerk-gt/centre.json");

    #[test]
    fn bundled_centres_are_complete_and_readable() {
        for json in [DILAS, NETZWERK_GT] {
            let centre = Centre::from_json(json).unwrap_or_else(|e| panic!("{e}"));
            // Every colour pair is printed so a reviewer sees the margins, not just "ok".
            for (name, fg, bg, minimum) in centre.colours.pairs() {
                let ratio = fg.contrast_ratio(bg);
                println!("{}: {name} {ratio:.2}:1 (min {minimum}:1)", centre.id);
                assert!(ratio >= minimum);
            }
        }
    }

    #[test]
    fn both_centres_are_really_different() {
        let a = Centre::from_json(DILAS).unwrap();
        let b = Centre::from_json(NETZWERK_GT).unwrap();
        assert_ne!(a.id, b.id);
        assert_ne!(a.address.city, b.address.city);
        assert_ne!(a.colours, b.colours);
    }

    #[test]
    fn syntax_errors_name_the_place() {
        let err = Centre::from_json("{\n  \"id\": \"x\",\n  oops\n}").unwrap_err();
        match err {
            ConfigError::Syntax(message) => assert!(message.contains("line 3"), "{message}"),
            other => panic!("expected a syntax error, got {other:?}"),
        }
        assert!(matches!(Centre::from_json(""), Err(ConfigError::Syntax(_))));
    }

    #[test]
    fn unknown_fields_are_refused() {
        let mut value: serde_json::Value = serde_json::from_str(DILAS).unwrap();
        value["colour"] = serde_json::json!("#ff0000"); // a typo of "colours"
        let err = Centre::from_json(&value.to_string()).unwrap_err();
        assert!(err.to_string().contains("unknown field `colour`"), "{err}");
    }

    #[test]
    fn broken_rules_are_all_listed() {
        let mut centre = Centre::from_json(DILAS).unwrap();
        centre.name = " ".into();
        centre.colours.text = centre.colours.background;
        centre.sources.catalogue = "https://tracker.example.com/c.json".into();
        centre.languages = vec![Lang::En];
        centre.legal.privacy.clear();
        let problems = centre.problems();
        for expected in [
            "name is empty",
            "text on background",
            "sources.catalogue",
            "languages must start",
            "legal.privacy",
        ] {
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "{expected} missing from {problems:?}"
            );
        }
    }

    #[test]
    fn site_url_is_an_https_address_ending_with_a_slash() {
        let mut centre = Centre::from_json(DILAS).unwrap();
        for good in [
            None,
            Some("https://dilas.soest.de/"),
            Some("https://example.org:8443/lernort/"),
        ] {
            centre.site_url = good.map(str::to_string);
            assert!(centre.problems().is_empty(), "{good:?}");
        }
        for bad in [
            "http://dilas.soest.de/",
            "https://dilas.soest.de",
            "https:///",
            "https://dilas.soest.de/lernort",
            "https://dilas.soest.de/?x=1/",
            "https://dilas.soest.de/#a/",
            "https://user@dilas.soest.de/",
            "https://dilas.soest.de/a b/",
            "https://dilas.soest.de/../",
            "https://dilas.soest.de//",
            "https://dilas.soest.de/\"<x>/",
            "dilas.soest.de/",
        ] {
            centre.site_url = Some(bad.to_string());
            let problems = centre.problems();
            assert_eq!(problems.len(), 1, "{bad}: {problems:?}");
            assert!(problems[0].starts_with("site_url"), "{bad}");
        }
        // Optional: a config without it reads, and writing leaves it out.
        let json = serde_json::to_string(&Centre::from_json(DILAS).unwrap()).unwrap();
        let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
        value.as_object_mut().unwrap().remove("site_url");
        let without = Centre::from_json(&value.to_string()).unwrap();
        assert_eq!(without.site_url, None);
        assert!(!serde_json::to_string(&without)
            .unwrap()
            .contains("site_url"));
    }

    #[test]
    fn data_may_come_from_the_gateway_host_only() {
        let mut centre = Centre::from_json(DILAS).unwrap();
        centre.gateway.websocket_url = "wss://boden.example.org/floor".into();
        centre.sources.coworking = "https://boden.example.org/api/coworking".into();
        assert!(centre.problems().is_empty(), "{:?}", centre.problems());
        centre.sources.coworking = "https://boden.example.org.evil.test/api".into();
        assert_eq!(centre.problems().len(), 1);
        centre.sources.coworking = "../../etc/passwd".into();
        assert_eq!(centre.problems().len(), 1);
    }
}
