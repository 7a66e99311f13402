//! `import.json`: the settings beside a centre's sources — which file belongs to which
//! provider, how the sources' subject labels map to the catalogue's categories, and the
//! venues with their addresses, step-free access, names and rooms.
//!
//! The entries are the catalogue's own [`Provider`], [`Category`] and [`Venue`]
//! (same fields, same JSON), each with a few import-only fields beside them.

use lernort_catalogue::{Category, Provider, Venue};
use lernort_routes::is_slug;
use serde::Deserialize;

use crate::text::{key, words};

/// The file name of the settings in a sources folder.
pub const FILE_NAME: &str = "import.json";

/// The settings of one sources folder.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Config {
    /// The providers, in the order the catalogue lists them.
    #[serde(default)]
    pub providers: Vec<ProviderConfig>,
    /// The categories, in the order the catalogue lists them.
    #[serde(default)]
    pub categories: Vec<CategoryConfig>,
    /// Subject labels that are neither a category nor an audience and are dropped
    /// without a warning (e.g. `Vortrag`).
    #[serde(default)]
    pub ignore_categories: Vec<String>,
    /// The venues.
    #[serde(default)]
    pub venues: Vec<VenueConfig>,
    /// Sample data only: the Monday (`YYYY-MM-DD`) of the week the sources' dates were
    /// written for. The import moves every date by whole weeks so that this week is the
    /// current one (crate::sample). Real data leaves it out.
    #[serde(default)]
    pub sample_week: Option<String>,
}

/// A provider and its sources.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderConfig {
    /// The catalogue entry (`id`, `name`, `kind`, `url`).
    #[serde(flatten)]
    pub provider: Provider,
    /// The provider's files in the folder. A file not listed anywhere belongs to the
    /// provider whose id is the file's name without extension.
    #[serde(default)]
    pub sources: Vec<String>,
    /// The venue of courses whose source names no place.
    #[serde(default)]
    pub default_venue: Option<String>,
    /// Whether a course without a price is free (for calendars, which have no price
    /// field). Otherwise a missing price skips the row.
    #[serde(default)]
    pub no_price_means_free: bool,
    /// CSV: which field a column holds, by its header as the export writes it (compared
    /// without case, accents and punctuation), or `"ignore"`. Wins over the names the
    /// import knows; for exports whose headers it does not know (`"Termin am": "date"`).
    #[serde(default)]
    pub columns: std::collections::BTreeMap<String, String>,
    /// CSV: the provider's own words for yes and for no (step-free), besides `ja`/`nein`,
    /// `x`, `yes`/`no`, `1`/`0`…
    #[serde(default)]
    pub yes_words: Vec<String>,
    /// See `yes_words`.
    #[serde(default)]
    pub no_words: Vec<String>,
    /// CSV: the provider's own status words and the availability each means
    /// (`"Restplätze": "few"`), before the words the import knows.
    #[serde(default)]
    pub status_words: std::collections::BTreeMap<String, lernort_catalogue::Availability>,
    /// iCalendar: the provider's own zone names and the IANA zone each means
    /// (`"Mitteleuropa": "Europe/Berlin"`), for a `TZID` the reader does not know.
    #[serde(default)]
    pub time_zones: std::collections::BTreeMap<String, String>,
}

impl ProviderConfig {
    /// What the `columns` map says of a header: `None` when it does not name it,
    /// `Some(None)` for `"ignore"`, else the field.
    pub fn column(&self, header: &str) -> Option<Option<crate::csv::Field>> {
        let wanted = key(header);
        let (_, name) = self.columns.iter().find(|(h, _)| key(h) == wanted)?;
        match name.as_str() {
            "ignore" => Some(None),
            name => crate::csv::Field::named(name).map(Some),
        }
    }
}

/// A category and the labels sources use for it.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CategoryConfig {
    /// The catalogue entry (`id`, `name`).
    #[serde(flatten)]
    pub category: Category,
    /// Labels that mean this category (VHS "Fachbereich", iCalendar `CATEGORIES`,
    /// JSON-LD `about`/`keywords`). The id and the German name match as well.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A venue and how sources name it.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VenueConfig {
    /// The catalogue entry (`id`, `name`, address, `stepFree`, `note`).
    #[serde(flatten)]
    pub venue: Venue,
    /// Words that, found in a source's place text, mean this venue (the name and the
    /// street match as well).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Its rooms: a place text that names one sets the course's room.
    #[serde(default)]
    pub rooms: Vec<String>,
}

impl Config {
    /// Reads `import.json`; the message says what is wrong.
    pub fn from_json(json: &str) -> Result<Config, String> {
        let config: Config = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let problems = config.problems();
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems.join("; "))
        }
    }

    /// What is inconsistent: ids that are not slugs or repeat, unknown default venues, a
    /// file claimed by two providers.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (list, ids) in [
            (
                "provider",
                self.providers
                    .iter()
                    .map(|p| p.provider.id.as_str())
                    .collect::<Vec<_>>(),
            ),
            (
                "category",
                self.categories
                    .iter()
                    .map(|c| c.category.id.as_str())
                    .collect(),
            ),
            (
                "venue",
                self.venues.iter().map(|v| v.venue.id.as_str()).collect(),
            ),
        ] {
            for id in ids {
                if !is_slug(id) {
                    problems.push(format!(
                        "{list} id {id:?} must be lowercase letters, digits and inner hyphens"
                    ));
                } else if !seen.insert((list, id)) {
                    problems.push(format!("two {list} entries have the id {id:?}"));
                }
            }
        }
        if let Some(week) = &self.sample_week {
            if self.sample_week().is_none() {
                problems.push(format!(
                    "sampleWeek {week:?} must be a Monday written like \"2026-11-23\""
                ));
            }
        }
        let mut files = std::collections::HashMap::new();
        for p in &self.providers {
            if let Some(venue) = &p.default_venue {
                if self.venue(venue).is_none() {
                    problems.push(format!(
                        "provider {:?}: defaultVenue {venue:?} is not in venues",
                        p.provider.id
                    ));
                }
            }
            for (header, name) in &p.columns {
                if name != "ignore" && crate::csv::Field::named(name).is_none() {
                    problems.push(format!(
                        "provider {:?}: columns: {header:?}: {name:?} is not a field; write one of {} or \"ignore\"",
                        p.provider.id,
                        crate::csv::Field::names()
                    ));
                }
            }
            for (name, zone) in &p.time_zones {
                if !lernort_ical::is_zone_name(zone) {
                    problems.push(format!(
                        "provider {:?}: timeZones: {name:?}: {zone:?} is not an IANA zone name; write one like \"Europe/Berlin\"",
                        p.provider.id
                    ));
                }
            }
            for file in &p.sources {
                if let Some(other) = files.insert(file.as_str(), p.provider.id.as_str()) {
                    problems.push(format!(
                        "{file:?} is listed by the providers {other:?} and {:?}",
                        p.provider.id
                    ));
                }
            }
        }
        problems
    }

    /// The sample week's Monday, when `sampleWeek` is one.
    pub fn sample_week(&self) -> Option<lernort_time::Date> {
        let date = lernort_catalogue::parse_date(self.sample_week.as_deref()?)?;
        (date.weekday() == lernort_time::Weekday::Mon).then_some(date)
    }

    /// The provider a source file belongs to: the one listing it in `sources`, else the
    /// one whose id is the file name without extension.
    pub fn provider_for(&self, file: &str) -> Option<&ProviderConfig> {
        self.providers
            .iter()
            .find(|p| p.sources.iter().any(|s| s == file))
            .or_else(|| {
                let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
                self.providers.iter().find(|p| p.provider.id == stem)
            })
    }

    /// The venue with this id.
    pub fn venue(&self, id: &str) -> Option<&VenueConfig> {
        self.venues.iter().find(|v| v.venue.id == id)
    }

    /// The category a label means: its id, German name or an alias, compared without
    /// case, accents and punctuation.
    pub fn category_for(&self, label: &str) -> Option<&str> {
        let wanted = key(label);
        if wanted.is_empty() {
            return None;
        }
        self.categories
            .iter()
            .find(|c| {
                key(&c.category.id) == wanted
                    || key(c.category.name.get(lernort_i18n::Lang::De)) == wanted
                    || c.aliases.iter().any(|a| key(a) == wanted)
            })
            .map(|c| c.category.id.as_str())
    }

    /// Whether a label is to be dropped silently.
    pub fn ignores_category(&self, label: &str) -> bool {
        let wanted = key(label);
        self.ignore_categories.iter().any(|i| key(i) == wanted)
    }

    /// The venue a place text names (its name, street or an alias, as whole words): the
    /// longest match wins. With it, the room the text names, if any.
    pub fn venue_in(&self, place: &str) -> Option<(&VenueConfig, Option<&str>)> {
        let text = words(place);
        let mut best: Option<(&VenueConfig, usize)> = None;
        for v in &self.venues {
            let names = [v.venue.name.as_str(), v.venue.street.as_str()];
            for name in names
                .into_iter()
                .chain(v.aliases.iter().map(String::as_str))
            {
                let needle = words(name);
                if needle.trim().is_empty() || !text.contains(&needle) {
                    continue;
                }
                if best.is_none_or(|(_, len)| needle.len() > len) {
                    best = Some((v, needle.len()));
                }
            }
        }
        let (venue, _) = best?;
        Some((venue, room_in(venue, &text)))
    }
}

/// The room of a venue that a place text (already through [`words`]) names.
fn room_in<'a>(venue: &'a VenueConfig, text: &str) -> Option<&'a str> {
    venue
        .rooms
        .iter()
        .filter(|r| text.contains(&words(r)))
        .max_by_key(|r| r.len())
        .map(String::as_str)
}

/// A room of the venue named in a text, for sources that give the room separately.
pub fn room_named<'a>(venue: &'a VenueConfig, text: &str) -> Option<&'a str> {
    room_in(venue, &words(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    const JSON: &str = r#"{
      "providers": [{"id": "vhs", "name": "VHS", "kind": "vhs", "sources": ["kurse.csv"], "defaultVenue": "haus"}],
      "categories": [{"id": "ki", "name": {"de": "Künstliche Intelligenz"}, "aliases": ["Digitale Welt – KI"]}],
      "venues": [{"id": "haus", "name": "DiLAS", "street": "Werkstraße 1", "postalCode": "59494", "city": "Soest",
                  "stepFree": true, "aliases": ["Lernzentrum"], "rooms": ["Lernraum 1", "StadtLABOR"]}]
    }"#;

    #[test]
    fn reads_and_matches() {
        let config = Config::from_json(JSON).unwrap();
        assert_eq!(config.provider_for("kurse.csv").unwrap().provider.id, "vhs");
        assert_eq!(config.provider_for("vhs.ics").unwrap().provider.id, "vhs");
        assert!(config.provider_for("other.ics").is_none());
        assert_eq!(config.category_for("digitale welt - ki"), Some("ki"));
        assert_eq!(config.category_for("Künstliche Intelligenz"), Some("ki"));
        assert_eq!(config.category_for("Kochen"), None);
        let (venue, room) = config
            .venue_in("StadtLABOR im DiLAS, Werkstraße 1")
            .unwrap();
        assert_eq!(
            (venue.venue.id.as_str(), room),
            ("haus", Some("StadtLABOR"))
        );
        assert!(config.venue_in("Rathaus").is_none());
    }

    #[test]
    fn refuses_inconsistent_settings() {
        let bad = JSON.replace("\"defaultVenue\": \"haus\"", "\"defaultVenue\": \"garten\"");
        let err = Config::from_json(&bad).unwrap_err();
        assert!(err.contains("defaultVenue \"garten\""), "{err}");
        assert!(Config::from_json(r#"{"provider": []}"#).is_err());
    }
}
