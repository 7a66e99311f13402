//! What the three readers share: the per-file context that collects courses and
//! messages, and turning a source's words for places, audiences and subjects into the
//! catalogue's venues, audiences and categories.

use lernort_catalogue::{AttendanceMode, Audience, Course, Level, Offer, Session, Venue};

use crate::config::{room_named, Config, ProviderConfig};
use crate::report::Message;
use crate::text::{age_range, words, Price};

/// One source file being read: where its courses and messages go.
pub struct FileContext<'a> {
    /// The file's name, as messages show it.
    pub file: &'a str,
    /// The folder's settings.
    pub config: &'a Config,
    /// The provider the file belongs to.
    pub provider: &'a ProviderConfig,
    /// Courses read so far.
    pub courses: Vec<Course>,
    /// Messages so far.
    pub messages: Vec<Message>,
    /// Rows, events or items not imported.
    pub skipped: usize,
    /// Venues the file brought that `import.json` does not list (JSON-LD places with an
    /// address).
    pub new_venues: Vec<Venue>,
}

impl<'a> FileContext<'a> {
    /// A context for one file.
    pub fn new(file: &'a str, config: &'a Config, provider: &'a ProviderConfig) -> Self {
        FileContext {
            file,
            config,
            provider,
            courses: Vec::new(),
            messages: Vec::new(),
            skipped: 0,
            new_venues: Vec::new(),
        }
    }

    /// Records a warning.
    pub fn warn(&mut self, line: Option<usize>, field: Option<&str>, text: impl Into<String>) {
        self.messages
            .push(Message::warning(self.file, line, field, text));
    }

    /// Records why something was not imported (one row may have several reasons; count
    /// the row once with [`FileContext::skip`]).
    pub fn reject(&mut self, line: Option<usize>, field: Option<&str>, text: impl Into<String>) {
        self.messages
            .push(Message::skipped(self.file, line, field, text));
    }

    /// Counts one row, event or item as not imported.
    pub fn skip(&mut self) {
        self.skipped += 1;
    }

    /// Where a course takes place when its source gives an address (a JSON-LD `Place`, a
    /// CSV's street, postcode and town): a venue of import.json the place text names
    /// ([`FileContext::apply_place`]), else a new venue made from the address, said in a
    /// warning (once per file). `new` is `None` when the address is not complete (name,
    /// street, town); then the place text alone decides. `Ok(true)`: the address decided.
    pub fn apply_place_or_address(
        &mut self,
        course: &mut Course,
        (place, room): (&str, &str),
        new: Option<Venue>,
        (line, column): (Option<usize>, &str),
    ) -> Result<bool, String> {
        let error = match self.apply_place(course, place, room) {
            Ok(()) => return Ok(false),
            Err(error) => error,
        };
        let venue = new.ok_or(error)?;
        let known = self.new_venues.iter().any(|v| v.id == venue.id)
            || self.config.venue(&venue.id).is_some();
        if !known {
            let step_free = if venue.step_free {
                "marked step-free as the source says"
            } else {
                "not marked step-free: add it to import.json to say"
            };
            self.warn(
                line,
                Some(column),
                format!(
                    "'{}' is not in import.json; added as venue '{}' ({step_free})",
                    venue.name, venue.id
                ),
            );
            self.new_venues.push(venue.clone());
        }
        course.venue = Some(venue.id);
        course.room = (!room.is_empty()).then(|| room.to_string());
        Ok(true)
    }

    /// A yes/no value as the provider writes it: the usual words (`ja`, `nein`, `x`, `yes`,
    /// `1`…) and the provider's `yesWords` / `noWords`; `Err` with the message otherwise.
    pub fn yes_no(&self, value: &str) -> Result<bool, String> {
        let wanted = crate::text::key(value);
        let is = |words: &[&str], own: &[String]| {
            words.iter().any(|w| crate::text::key(w) == wanted)
                || own.iter().any(|w| crate::text::key(w) == wanted)
        };
        const YES: [&str; 8] = ["ja", "j", "x", "yes", "y", "1", "true", "wahr"];
        const NO: [&str; 7] = ["nein", "n", "no", "0", "false", "falsch", "-"];
        if is(&YES, &self.provider.yes_words) {
            Ok(true)
        } else if is(&NO, &self.provider.no_words) {
            Ok(false)
        } else {
            Err(format!(
                "'{value}' is neither yes nor no; left out (add it to \"yesWords\" or \
                 \"noWords\" of provider \"{}\" in import.json)",
                self.provider.provider.id
            ))
        }
    }

    /// A new course of this file's provider, with the catalogue's defaults. The id is
    /// `provider:source-id`, stable as long as the source keeps its own id.
    pub fn course(&self, source_id: &str, name: &str) -> Course {
        Course {
            id: format!("{}:{}", self.provider.provider.id, source_id.trim()),
            name: name.trim().to_string(),
            provider: self.provider.provider.id.clone(),
            event_attendance_mode: AttendanceMode::Offline,
            ..Course::default()
        }
    }

    /// Sorts subject labels into categories and audiences; a label that is neither (and
    /// not ignored) gives a warning.
    pub fn apply_labels(
        &mut self,
        course: &mut Course,
        labels: &[String],
        line: Option<usize>,
        field: &str,
    ) {
        for label in labels.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
            if let Some(id) = self.config.category_for(label) {
                if !course.categories.iter().any(|c| c == id) {
                    course.categories.push(id.to_string());
                }
            } else if let Some(audience) = audience_word(label) {
                add_audience(course, audience);
            } else if !self.config.ignores_category(label) {
                self.warn(
                    line,
                    Some(field),
                    format!("'{label}' is not a category in import.json (add it to a category's aliases or to ignoreCategories)"),
                );
            }
        }
    }

    /// Reads where a course takes place. `place` is the source's place text, `room` a
    /// separate room field (may be empty). An error says why no place could be found.
    pub fn apply_place(&self, course: &mut Course, place: &str, room: &str) -> Result<(), String> {
        let place = place.trim();
        let room = room.trim();
        let w = words(place);
        let online = [
            "online",
            "zoom",
            "videokonferenz",
            "webinar",
            "livestream",
            "virtuell",
            "http",
        ]
        .iter()
        .any(|word| w.contains(&format!(" {word}")));
        let found = if place.is_empty() {
            None
        } else {
            self.config.venue_in(place)
        };
        let venue = match found {
            Some((venue, room_in_text)) => {
                course.room = room_in_text.map(str::to_string);
                Some(venue)
            }
            None if online => None,
            None if place.is_empty() => match &self.provider.default_venue {
                Some(id) => self.config.venue(id),
                None => {
                    return Err(
                        "missing, and the provider has no defaultVenue in import.json".to_string()
                    )
                }
            },
            None => {
                return Err(format!(
                    "'{place}' is no venue of import.json (add its name or street to a venue's aliases)"
                ))
            }
        };
        course.event_attendance_mode = match (venue.is_some(), online) {
            (true, true) => AttendanceMode::Mixed,
            (false, _) => AttendanceMode::Online,
            (true, false) => AttendanceMode::Offline,
        };
        if let Some(venue) = venue {
            course.venue = Some(venue.venue.id.clone());
            if !room.is_empty() {
                course.room = Some(room_named(venue, room).unwrap_or(room).to_string());
            }
        }
        Ok(())
    }
}

/// The audience a single label names (`Kinder`, `Familie`, `Senioren`…).
fn audience_word(label: &str) -> Option<Audience> {
    let found = audiences_in(label);
    (found.len() == 1).then(|| found[0])
}

fn add_audience(course: &mut Course, audience: Audience) {
    if !course.audience.contains(&audience) {
        course.audience.push(audience);
    }
}

/// Audiences a target-group text names: `Seniorinnen und Senioren`, `Kinder von 10 bis
/// 13 Jahren`, `Berufstätige`, `Erwachsene ohne Vorkenntnisse`, `Alle Interessierten`.
///
/// ```
/// use lernort_import::source::audiences_in;
/// use lernort_catalogue::Audience;
/// assert_eq!(audiences_in("Seniorinnen und Senioren"), [Audience::Seniors]);
/// assert_eq!(audiences_in("Erwachsene ohne Vorkenntnisse"), [Audience::Beginners]);
/// assert_eq!(audiences_in("Alle Interessierten"), [Audience::Everyone]);
/// ```
pub fn audiences_in(text: &str) -> Vec<Audience> {
    let w = words(text);
    let only_all = matches!(w.trim(), "alle" | "all");
    let names = |stems: &[&str]| stems.iter().any(|stem| w.contains(&format!(" {stem}")));
    AUDIENCE_STEMS
        .iter()
        .filter(|(audience, stems)| names(stems) || (*audience == Audience::Everyone && only_all))
        .map(|&(audience, _)| audience)
        .collect()
}

/// The word stems (as [`words`] writes them) that name each audience in a target-group
/// text, in the order the audiences are listed. A text that is just "alle" or "all" names
/// everyone too.
const AUDIENCE_STEMS: [(Audience, &[&str]); 7] = [
    (
        Audience::Everyone,
        &["alle interessierten", "fuer alle", "everyone", "jedermann"],
    ),
    (
        Audience::Seniors,
        &["senior", "aeltere", "older people", "generation 60"],
    ),
    (Audience::Families, &["famili"]),
    (Audience::Children, &["kinder", "kids", "children", "kind "]),
    (
        Audience::Youth,
        &["jugend", "teen", "young people", "schueler"],
    ),
    (
        Audience::Professionals,
        &[
            "berufstaetig",
            "beruf ",
            "arbeitsuchend",
            "professional",
            "unternehme",
            "fachkraeft",
        ],
    ),
    (
        Audience::Beginners,
        &[
            "ohne vorkenntnis",
            "einsteiger",
            "anfaenger",
            "beginner",
            "no prior knowledge",
            "no previous",
        ],
    ),
];

/// Audiences that follow from an age range: 55 and over are seniors; up to 11 children;
/// up to 17 young people.
///
/// ```
/// use lernort_import::source::audiences_for_ages;
/// use lernort_catalogue::Audience;
/// assert_eq!(audiences_for_ages("60-"), [Audience::Seniors]);
/// assert_eq!(audiences_for_ages("10-13"), [Audience::Children, Audience::Youth]);
/// assert_eq!(audiences_for_ages("16-"), []);
/// ```
pub fn audiences_for_ages(range: &str) -> Vec<Audience> {
    let Some((low, high)) = range.split_once('-') else {
        return Vec::new();
    };
    let Ok(low) = low.parse::<u32>() else {
        return Vec::new();
    };
    let high: Option<u32> = high.parse().ok();
    let mut found = Vec::new();
    if low >= 55 {
        found.push(Audience::Seniors);
    }
    if let Some(high) = high {
        if low <= 11 {
            found.push(Audience::Children);
        }
        if (12..=17).contains(&high) {
            found.push(Audience::Youth);
        }
    }
    found
}

/// Sets audiences, age range and level from a target-group text (and the title, for
/// ages such as `(10–13 Jahre)`).
pub fn apply_target_group(course: &mut Course, target: &str) {
    for a in audiences_in(target) {
        add_audience(course, a);
    }
    if course.typical_age_range.is_none() {
        course.typical_age_range = age_range(target).or_else(|| age_range(&course.name));
    }
    if let Some(range) = course.typical_age_range.clone() {
        for a in audiences_for_ages(&range) {
            add_audience(course, a);
        }
    }
    if course.level == Level::All {
        course.level = level_in(target);
    }
    if course.level == Level::All {
        course.level = level_in(&course.name);
    }
}

/// The level a text names: `ohne Vorkenntnisse` / `Einsteiger` → beginner, `mit
/// Vorkenntnissen` → intermediate, `Fortgeschrittene` → advanced.
pub fn level_in(text: &str) -> Level {
    let w = words(text);
    let has = |stem: &str| w.contains(&format!(" {stem}"));
    if has("fortgeschritten") || has("advanced") {
        Level::Advanced
    } else if has("mit vorkenntnis") || has("mit ersten") || has("intermediate") || has("aufbau") {
        Level::Intermediate
    } else if has("ohne vorkenntnis")
        || has("einsteiger")
        || has("anfaenger")
        || has("einstieg")
        || has("beginner")
        || has("no prior knowledge")
    {
        Level::Beginner
    } else {
        Level::All
    }
}

/// Sets price and "free" from a full and a reduced price. No price is no reason to leave a
/// course out: it is shown as "Preis beim Anbieter erfragen", and the warning returned
/// (to go with the price field's name) says so. `free_in_source` tells how the format
/// itself marks a free course (`None`: it cannot, as calendars); the warning adds it and
/// the provider's `noPriceMeansFree`.
pub fn apply_price(
    course: &mut Course,
    price: Price,
    reduced: Price,
    provider: &ProviderConfig,
    free_in_source: Option<&str>,
) -> Option<String> {
    match price {
        Price::Free => {
            course.is_accessible_for_free = true;
            course.offers = None;
        }
        Price::Empty if provider.no_price_means_free => {
            course.is_accessible_for_free = true;
            course.offers = None;
        }
        Price::Empty => {
            course.is_accessible_for_free = false;
            course.offers = None;
            let free = free_in_source.map_or(String::new(), |how| format!("{how}; "));
            return Some(format!(
                "missing; shown as 'Preis beim Anbieter erfragen' ({free}if all of the \
                 provider's courses are free, set \"noPriceMeansFree\": true for provider \
                 \"{}\" in import.json)",
                provider.provider.id
            ));
        }
        Price::Cents(cents) => {
            course.is_accessible_for_free = false;
            let reduced_price = match reduced {
                Price::Cents(r) if r <= cents => Some(r),
                Price::Free => Some(0),
                _ => None,
            };
            course.offers = Some(Offer {
                price: cents,
                reduced_price,
                currency: "EUR".to_string(),
            });
        }
    }
    None
}

/// The number of sessions over all courses.
pub fn session_count(courses: &[Course]) -> usize {
    courses.iter().map(|c| c.sessions.len()).sum()
}

/// Sessions in order of their start, without repeats.
pub fn tidy_sessions(sessions: &mut Vec<Session>) {
    sessions.sort_by_key(|s| (s.start_unix(), s.end_unix()));
    sessions.dedup();
}
