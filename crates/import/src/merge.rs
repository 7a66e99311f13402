//! Putting the sources together: one reader per file, unique ids and slugs, "past" from
//! the import's time, the catalogue's own validation, and the report.

use std::collections::{HashMap, HashSet};

use lernort_catalogue::{Availability, Catalogue, Course, IsoDate, Timestamp, Venue, FORMAT};

use crate::config::{Config, FILE_NAME};
use crate::report::{FileSummary, Message, ProviderSummary, Report};
use crate::source::FileContext;
use crate::text::slugify;

/// A source file: its name in the folder (or its URL) and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// The file name (no folder), e.g. `vhs-soest.csv`, or the URL it was fetched from.
    pub name: String,
    /// The raw content.
    pub bytes: Vec<u8>,
    /// The `Content-Type` it was served with, for a URL whose path has no extension.
    pub media_type: Option<String>,
}

impl SourceFile {
    /// A source file from a name and content.
    pub fn new(name: &str, bytes: impl Into<Vec<u8>>) -> SourceFile {
        SourceFile {
            name: name.to_string(),
            bytes: bytes.into(),
            media_type: None,
        }
    }
}

/// The result of an import: the catalogue and what to tell people.
#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    /// The merged, validated catalogue.
    pub catalogue: Catalogue,
    /// Files, messages and counts.
    pub report: Report,
}

/// Which reader a file is for, by its extension; `None` for files that are not sources.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `.csv`, `.tsv`, `.txt`
    Csv,
    /// `.ics`, `.ical`, `.ifb`
    ICalendar,
    /// `.jsonld`, `.json`, `.html`, `.htm`
    JsonLd,
}

impl Format {
    /// The format of a file name.
    ///
    /// ```
    /// use lernort_import::merge::Format;
    /// assert_eq!(Format::of("Kurse.CSV"), Some(Format::Csv));
    /// assert_eq!(Format::of("termine.ics"), Some(Format::ICalendar));
    /// assert_eq!(Format::of("README.md"), None);
    /// ```
    pub fn of(name: &str) -> Option<Format> {
        // A URL's path decides, not its query or fragment.
        let name = name.split(['?', '#']).next().unwrap_or(name);
        let last = name.rsplit('/').next().unwrap_or(name);
        let ext = last.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "tsv" | "txt" => Some(Format::Csv),
            "ics" | "ical" | "ifb" => Some(Format::ICalendar),
            "jsonld" | "json" | "html" | "htm" => Some(Format::JsonLd),
            _ => None,
        }
    }

    /// The format of a source: by its name, else by the media type it was served with.
    ///
    /// ```
    /// use lernort_import::merge::Format;
    /// assert_eq!(Format::of_source("https://x.org/feed?id=1", Some("text/calendar; charset=utf-8")), Some(Format::ICalendar));
    /// assert_eq!(Format::of_source("https://x.org/kurse.csv?v=2", None), Some(Format::Csv));
    /// assert_eq!(Format::of_source("https://x.org/events", Some("application/ld+json")), Some(Format::JsonLd));
    /// ```
    pub fn of_source(name: &str, media_type: Option<&str>) -> Option<Format> {
        Format::of(name).or_else(|| {
            let essence = media_type?.split(';').next()?.trim().to_ascii_lowercase();
            match essence.as_str() {
                "text/csv" | "text/tab-separated-values" => Some(Format::Csv),
                "text/calendar" => Some(Format::ICalendar),
                "application/ld+json" | "application/json" | "text/html" => Some(Format::JsonLd),
                _ => None,
            }
        })
    }
}

/// Whether a file in a sources folder is left alone without a word: the settings,
/// hidden files, read-me and licence texts.
pub fn is_ignored(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name == FILE_NAME
        || name.starts_with('.')
        || name.ends_with('~')
        || lower.starts_with("readme")
        || lower.starts_with("license")
        || lower.starts_with("licence")
}

/// Imports the files (in name order) with the folder's settings. `now` decides which
/// courses are past and is written as the catalogue's `generated` time.
pub fn import(config: &Config, files: &[SourceFile], now: Timestamp) -> Import {
    let mut files: Vec<&SourceFile> = files.iter().filter(|f| !is_ignored(&f.name)).collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));

    let mut report = Report::default();
    let mut courses: Vec<Course> = Vec::new();
    let mut origin: HashMap<String, usize> = HashMap::new(); // course id → file index
    let mut new_venues: Vec<Venue> = Vec::new();

    for (file_index, file) in files.iter().enumerate() {
        let Some(format) = Format::of_source(&file.name, file.media_type.as_deref()) else {
            report.messages.push(Message::warning(
                &file.name,
                None,
                None,
                "not a source file (.csv, .ics, .jsonld, .json, .html); passed over",
            ));
            continue;
        };
        let Some(provider) = config.provider_for(&file.name) else {
            report.messages.push(Message::skipped(
                &file.name,
                None,
                None,
                format!(
                    "no provider for this file: list it in a provider's sources in {FILE_NAME}"
                ),
            ));
            report.files.push(FileSummary {
                file: file.name.clone(),
                provider: String::new(),
                format: "-".to_string(),
                imported: 0,
                skipped: 1,
            });
            continue;
        };
        let mut ctx = FileContext::new(&file.name, config, provider);
        let mut summary = match format {
            Format::Csv => crate::csv::read(&mut ctx, &file.bytes),
            Format::ICalendar => crate::ical::read(&mut ctx, &file.bytes),
            Format::JsonLd => crate::jsonld::read(&mut ctx, &file.bytes),
        };
        for course in ctx.courses.drain(..) {
            if let Some(&first) = origin.get(&course.id) {
                ctx.messages.push(Message::skipped(
                    &file.name,
                    None,
                    None,
                    format!(
                        "'{}' ({}): the id is already used by a course from {}",
                        course.name, course.id, files[first].name
                    ),
                ));
                summary.imported -= 1;
                summary.skipped += 1;
                continue;
            }
            origin.insert(course.id.clone(), file_index);
            courses.push(course);
        }
        for venue in ctx.new_venues.drain(..) {
            if !new_venues.iter().any(|v| v.id == venue.id) {
                new_venues.push(venue);
            }
        }
        let mut messages = std::mem::take(&mut ctx.messages);
        messages.sort_by_key(|m| m.line.unwrap_or(0));
        report.messages.extend(messages);
        report.files.push(summary);
    }

    // Sample data moves to the current week, before anything is judged by date.
    if let Some(week) = config.sample_week() {
        let weeks = crate::sample::weeks_until(week, now.unix_seconds);
        for course in &mut courses {
            crate::sample::move_course(course, weeks);
        }
        report.moved_weeks = Some(weeks);
    }

    // Past courses.
    for course in &mut courses {
        if course.availability_at(now.unix_seconds) == Availability::Past {
            course.availability = Availability::Past;
        }
    }

    // Order: by first session, then provider (as listed), then id.
    let provider_rank: HashMap<&str, usize> = config
        .providers
        .iter()
        .enumerate()
        .map(|(i, p)| (p.provider.id.as_str(), i))
        .collect();
    courses.sort_by(|a, b| {
        let key = |c: &Course| {
            (
                c.first_session().map_or(i64::MAX, |s| s.start_unix()),
                provider_rank
                    .get(c.provider.as_str())
                    .copied()
                    .unwrap_or(usize::MAX),
            )
        };
        key(a).cmp(&key(b)).then_with(|| a.id.cmp(&b.id))
    });
    assign_slugs(&mut courses);

    let venues: Vec<Venue> = config
        .venues
        .iter()
        .map(|v| v.venue.clone())
        .chain(new_venues)
        .collect();
    let mut catalogue = Catalogue {
        format: FORMAT,
        generated: now,
        providers: config
            .providers
            .iter()
            .map(|p| p.provider.clone())
            .collect(),
        categories: config
            .categories
            .iter()
            .map(|c| c.category.clone())
            .collect(),
        venues,
        courses,
    };

    // The catalogue's own rules: a course that breaks one is left out with a message.
    for _ in 0..3 {
        let problems = catalogue.problems();
        if problems.is_empty() {
            break;
        }
        let mut drop: HashSet<String> = HashSet::new();
        for problem in &problems {
            let course = course_of(problem);
            let file = course
                .as_ref()
                .and_then(|id| origin.get(id))
                .map_or(FILE_NAME, |&i| files[i].name.as_str());
            report
                .messages
                .push(Message::skipped(file, None, None, problem.to_string()));
            if let Some(id) = course {
                drop.insert(id);
            }
        }
        if drop.is_empty() {
            break;
        }
        for id in &drop {
            if let Some(&i) = origin.get(id) {
                if let Some(summary) = report.files.iter_mut().find(|f| f.file == files[i].name) {
                    summary.imported = summary.imported.saturating_sub(1);
                    summary.skipped += 1;
                }
            }
        }
        let before = catalogue.courses.len();
        catalogue.courses.retain(|c| !drop.contains(&c.id));
        if catalogue.courses.len() == before {
            break; // the problems are not about courses (e.g. a provider's url)
        }
    }

    // Only what the courses use.
    let used_providers: HashSet<&str> = catalogue
        .courses
        .iter()
        .map(|c| c.provider.as_str())
        .collect();
    let used_categories: HashSet<&str> = catalogue
        .courses
        .iter()
        .flat_map(|c| c.categories.iter().map(String::as_str))
        .collect();
    let used_venues: HashSet<&str> = catalogue
        .courses
        .iter()
        .filter_map(|c| c.venue.as_deref())
        .collect();
    catalogue
        .providers
        .retain(|p| used_providers.contains(p.id.as_str()));
    catalogue
        .categories
        .retain(|c| used_categories.contains(c.id.as_str()));
    catalogue
        .venues
        .retain(|v| used_venues.contains(v.id.as_str()));

    report.providers = catalogue
        .providers
        .iter()
        .map(|p| {
            let own: Vec<&Course> = catalogue
                .courses
                .iter()
                .filter(|c| c.provider == p.id)
                .collect();
            ProviderSummary {
                id: p.id.clone(),
                name: p.name.clone(),
                courses: own.len(),
                sessions: own.iter().map(|c| c.sessions.len()).sum(),
            }
        })
        .collect();
    report.courses = catalogue.courses.len();
    report.sessions = crate::source::session_count(&catalogue.courses);
    report.past = catalogue
        .courses
        .iter()
        .filter(|c| c.availability == Availability::Past)
        .count();
    report.cancelled = catalogue
        .courses
        .iter()
        .filter(|c| c.availability == Availability::Cancelled)
        .count();
    report.categories = catalogue.categories.len();
    report.venues = catalogue.venues.len();
    Import { catalogue, report }
}

/// The course a validation problem is about.
fn course_of(problem: &lernort_catalogue::Problem) -> Option<String> {
    use lernort_catalogue::{Kind, Problem as P};
    match problem {
        P::BadId {
            kind: Kind::Course,
            id,
        }
        | P::DuplicateId {
            kind: Kind::Course,
            id,
        }
        | P::EmptyName {
            kind: Kind::Course,
            id,
        } => Some(id.clone()),
        P::BadSlug { course, .. }
        | P::DuplicateSlug { course, .. }
        | P::UnknownProvider { course, .. }
        | P::UnknownCategory { course, .. }
        | P::UnknownVenue { course, .. }
        | P::MissingVenue { course }
        | P::NoSessions { course }
        | P::SessionEndsBeforeStart { course, .. }
        | P::SessionMixesDayAndTime { course, .. }
        | P::FreeWithPrice { course }
        | P::ReducedAbovePrice { course }
        | P::BadCurrency { course, .. }
        | P::PlacesLeftAboveCapacity { course }
        | P::BadImage { course }
        | P::BadLanguage { course, .. }
        | P::BadAgeRange { course, .. } => Some(course.clone()),
        P::BadUrl { owner, .. } => Some(owner.clone()),
        _ => None,
    }
}

/// Gives every course a unique slug from its title. Among courses with the same title,
/// the one that starts first keeps the plain slug; the others get their first date
/// (`-2027-02-04`), and a number if that is taken too. Courses must be in their final
/// order, so that the same input gives the same slugs.
///
/// ```
/// use lernort_import::merge::assign_slugs;
/// # use lernort_catalogue::{Course, Session, When, Timestamp};
/// # fn course(id: &str, name: &str, day: &str) -> Course {
/// #   serde_json::from_str(&format!(r#"{{"id":"{id}","slug":"","name":"{name}","provider":"p",
/// #     "sessions":[{{"startDate":"{day}","endDate":"{day}"}}],"isAccessibleForFree":true}}"#)).unwrap()
/// # }
/// let mut courses = vec![course("a", "KI im Alltag", "2027-01-13"), course("b", "KI im Alltag", "2027-02-04")];
/// assign_slugs(&mut courses);
/// assert_eq!(courses[0].slug, "ki-im-alltag");
/// assert_eq!(courses[1].slug, "ki-im-alltag-2027-02-04");
/// ```
pub fn assign_slugs(courses: &mut [Course]) {
    let bases: Vec<String> = courses.iter().map(|c| slugify(&c.name)).collect();
    let mut used: HashSet<String> = HashSet::new();
    let mut leader = vec![false; courses.len()];
    for (i, base) in bases.iter().enumerate() {
        if used.insert(base.clone()) {
            leader[i] = true;
        }
    }
    for (i, course) in courses.iter_mut().enumerate() {
        if leader[i] {
            course.slug = bases[i].clone();
            continue;
        }
        let date = course
            .first_session()
            .map(|s| IsoDate(s.start_date.berlin_date()).to_string())
            .unwrap_or_default();
        let stem = if date.is_empty() {
            bases[i].clone()
        } else {
            format!("{}-{date}", bases[i])
        };
        let mut slug = stem.clone();
        let mut n = 2;
        while !used.insert(slug.clone()) {
            slug = format!("{stem}-{n}");
            n += 1;
        }
        course.slug = slug;
    }
}
