//! Static pages and feeds made from the course catalogue, so that links shared on social
//! media show the course (crawlers do not run the app) and readers without JavaScript get
//! the essentials:
//!
//! | file | what |
//! |---|---|
//! | `kurse/<slug>/index.html` | one page per course: the catalogue bundle's shell (`catalogue.html`, else `index.html`) with the course's title, description, Open Graph tags, canonical link, schema.org `Event` JSON-LD, and a summary inside `#boot` (the app removes it when it starts) |
//! | `kurse/index.html` | the course list, the same way |
//! | `merkliste/index.html` | the favourites page: the shell with its title, so that the server answers `/merkliste` with the catalogue bundle |
//! | `data/kurse/<slug>.ics` | every session of one course (iCalendar) |
//! | `data/kurse.ics` | every session of every course that has not ended yet |
//! | `sitemap.xml` | start page, course list, course pages, the page in Leichte Sprache, legal pages (only with `site_url`) |
//! | `robots.txt` | allow everything; names the sitemap |
//!
//! "Now", which decides what is upcoming, is the catalogue's `generated` time unless
//! given, so the same input always gives the same bytes. Files a previous run wrote and
//! this one does not (another centre's courses, a sitemap without `site_url`) are removed;
//! [`MANIFEST`] lists what was written.

mod jsonld;
mod page;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use lernort_catalogue::{
    availability_text, date_text, plain_text, price_text, series_text, Availability, Catalogue,
    Course, IsoDate, PlaceDetail, Session, Timestamp, When,
};
use lernort_centre::Centre;
use lernort_i18n::Lang;
use lernort_routes::Route;

use crate::cards::{self, CardFile, Cards};
use crate::ics::{Calendar, Event, IcsTime};
use crate::{html, write_if_changed, Error};

/// Where `scripts/build` (`lernort-import`) puts the catalogue, relative to dist.
pub const CATALOGUE: &str = "data/catalogue.json";
/// The folder of [`CATALOGUE`]: course pictures are named relative to it.
pub const CATALOGUE_FOLDER: &str = "data/";
/// The list of files the last run wrote, relative to dist, one per line.
pub const MANIFEST: &str = ".lernort-generated";
/// The feed of every session still to come.
pub const FEED: &str = "data/kurse.ics";
/// The favourites page's file.
const FAVOURITES_PAGE: &str = "merkliste/index.html";

/// At most this many `Event`s in a course page's JSON-LD.
pub const MAX_EVENTS: usize = 20;
/// At most this many characters in a page's description.
pub const DESCRIPTION_CHARS: usize = 160;

/// What [`plan`] needs.
#[derive(Clone, Copy, Debug)]
pub struct SiteInput<'a> {
    /// The dist directory.
    pub dist: &'a Path,
    /// The installed centre.
    pub centre: &'a Centre,
    /// The `<base href>`, `/` or `/sub/path/`.
    pub base: &'a str,
    /// The finished shell of the bundle with the catalogue's pages (`catalogue.html`, or
    /// `index.html` for a one-bundle build): every page is made from it, so that it
    /// starts the app with those pages.
    pub page: &'a str,
    /// "Now" as Unix seconds; the catalogue's `generated` time when `None`.
    pub now: Option<i64>,
}

/// Everything [`write`] will write, prepared in memory so that a problem stops `finish`
/// before any file changes.
#[derive(Clone, Debug, Default)]
pub struct SitePlan {
    files: Vec<(String, Vec<u8>)>,
    /// Generated files that stay as they are (cards already drawn).
    kept: BTreeSet<String>,
    report: SiteReport,
}

impl SitePlan {
    /// The link-preview cards: the newly drawn ones are written, all are kept.
    pub(crate) fn add_cards(&mut self, drawn: Vec<(String, Vec<u8>)>, names: BTreeSet<String>) {
        self.files.extend(drawn);
        self.kept.extend(names);
    }
}

/// What the static pages step did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SiteReport {
    /// Whether `data/catalogue.json` was there.
    pub catalogue: bool,
    /// Course pages written (`kurse/<slug>/index.html`), not counting the list.
    pub course_pages: usize,
    /// Schema.org `Event`s in all course pages.
    pub json_ld_events: usize,
    /// Per-course calendars written (`data/kurse/<slug>.ics`).
    pub calendars: usize,
    /// Events in the feed (`data/kurse.ics`).
    pub feed_events: usize,
    /// URLs in `sitemap.xml`; `None` when it was not written (no `site_url`).
    pub sitemap_urls: Option<usize>,
    /// Files of an earlier run that this one did not write, removed.
    pub removed: Vec<PathBuf>,
    /// Things that will not work as expected, one line each.
    pub warnings: Vec<String>,
}

/// The site's addresses: base-relative links, root-relative paths, absolute URLs.
pub(crate) struct Site<'a> {
    pub centre: &'a Centre,
    pub catalogue: &'a Catalogue,
    pub base: &'a str,
    pub site_url: Option<&'a str>,
    pub now: i64,
}

impl Site<'_> {
    /// A link relative to `<base href>`: `./`, `kurse`, `kurse/ki-im-alltag`.
    pub fn href(&self, route: &Route) -> String {
        match route.path().trim_start_matches('/') {
            "" => "./".to_string(),
            path => path.to_string(),
        }
    }

    /// The path from the host's root: `/kurse/ki-im-alltag` or `/lernort/kurse/…`.
    pub fn path(&self, route: &Route) -> String {
        format!("{}{}", self.base, route.path().trim_start_matches('/'))
    }

    /// The absolute URL, when `site_url` is set.
    pub fn absolute(&self, route: &Route) -> Option<String> {
        self.absolute_file(route.path().trim_start_matches('/'))
    }

    /// The absolute URL of a file relative to the base, when `site_url` is set.
    pub fn absolute_file(&self, file: &str) -> Option<String> {
        self.site_url.map(|site| format!("{site}{file}"))
    }
}

/// A course's route.
pub(crate) fn course_route(course: &Course) -> Route {
    Route::Course {
        id: course.slug.clone(),
    }
}

/// The course's page file, relative to dist.
fn page_file(course: &Course) -> String {
    format!("kurse/{}/index.html", course.slug)
}

/// The course's calendar file, relative to dist (and so to the base).
pub(crate) fn calendar_file(course: &Course) -> String {
    format!("data/kurse/{}.ics", course.slug)
}

/// The description as plain text on one line per paragraph.
pub(crate) fn plain_description(course: &Course) -> String {
    plain_text(&course.description_blocks())
}

/// Text squeezed to one line and cut at a word to at most `max` characters, with `…`.
///
/// ```
/// # use lernort_dist::site::shorten;
/// assert_eq!(shorten("Kurz.", 160), "Kurz.");
/// assert_eq!(shorten("Eins zwei\n\ndrei vier", 14), "Eins zwei …");
/// assert_eq!(shorten("Donaudampfschifffahrt", 8), "Donauda…");
/// ```
pub fn shorten(text: &str, max: usize) -> String {
    let squeezed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if squeezed.chars().count() <= max {
        return squeezed;
    }
    // Room for " …" (or "…" when cut inside a word).
    let limit = max.saturating_sub(2);
    let cut: String = squeezed.chars().take(limit + 1).collect();
    match cut.rfind(' ') {
        Some(space) if space > 0 => {
            let head = cut[..space].trim_end_matches([',', ';', ':', '–', '-', ' ']);
            format!("{head} …")
        }
        _ => {
            let head: String = squeezed.chars().take(max.saturating_sub(1)).collect();
            format!("{head}…")
        }
    }
}

/// The page description: the subtitle, or the start of the description, or the dates.
pub(crate) fn page_description(site: &Site, course: &Course) -> String {
    let text = match &course.subtitle {
        Some(subtitle) if !subtitle.trim().is_empty() => subtitle.clone(),
        _ => plain_description(course),
    };
    let text = if text.trim().is_empty() {
        format!(
            "{}: {}",
            site.catalogue.provider_name(course),
            lernort_catalogue::series_text(&course.sessions, Lang::De)
        )
    } else {
        text
    };
    shorten(&text, DESCRIPTION_CHARS)
}

/// A course's card: what, from whom, when, where, what it costs, and its availability
/// when that matters (all but "places free"); and the card's description in words.
pub(crate) fn course_card(site: &Site, course: &Course, cards: &mut Cards) -> CardFile {
    let lang = Lang::De;
    let availability = course.availability_at(site.now);
    let badge = (availability != Availability::Available)
        .then(|| availability_text(course, site.now, lang));
    let card = lernort_card::Card {
        kicker: format!(
            "{} · {}",
            lernort_i18n::Msg::CourseTitle.text(lang),
            site.catalogue.provider_name(course)
        ),
        title: course.name.clone(),
        details: vec![
            series_text(&course.sessions, lang),
            site.catalogue.place_text(course, PlaceDetail::Short, lang),
            price_text(course, lang),
        ],
        badge: badge.clone(),
    };
    let first = described_sessions(course, site.now)
        .first()
        .map(|s| date_text(s.start_date.berlin_date(), lang));
    let mut alt = format!("Kurs: {}", course.name);
    if let Some(first) = first {
        let word = if course.sessions.len() > 1 {
            "ab"
        } else {
            "am"
        };
        let _ = write!(alt, ", {word} {first}");
    }
    let _ = write!(alt, ", {}", site.centre.name);
    if let Some(badge) = badge {
        let _ = write!(alt, " – {badge}");
    }
    cards.add("kurse", &course.slug, card, alt)
}

/// The sessions to describe in JSON-LD: those that have not ended at `now`, or all when
/// none is left (a past course still describes itself); by start, at most [`MAX_EVENTS`].
pub(crate) fn described_sessions(course: &Course, now: i64) -> Vec<&Session> {
    let mut sessions: Vec<&Session> = course
        .sessions
        .iter()
        .filter(|s| s.end_unix() > now)
        .collect();
    if sessions.is_empty() {
        sessions = course.sessions.iter().collect();
    }
    sessions.sort_by_key(|s| (s.start_unix(), s.end_unix()));
    sessions.truncate(MAX_EVENTS);
    sessions
}

/// An ISO 8601 date-time with Berlin's offset at that instant, or a date for all-day
/// sessions: `2027-03-09T18:00:00+01:00`, `2027-05-08`.
pub(crate) fn iso(when: When) -> String {
    match when {
        When::Time(t) => Timestamp::with_berlin_offset(t.unix_seconds).to_string(),
        When::Day(d) => IsoDate(d).to_string(),
    }
}

/// Reads and checks `dist/data/catalogue.json` when it is there, and prepares every page
/// and feed. Writes nothing.
pub fn plan(input: &SiteInput<'_>, cards: &mut Cards) -> Result<SitePlan, Error> {
    let mut plan = SitePlan::default();
    let site_url = input.centre.site_url.as_deref();
    if let Some(url) = site_url {
        let path = url
            .strip_prefix("https://")
            .and_then(|rest| rest.find('/').map(|n| &rest[n..]))
            .unwrap_or("/");
        if path != input.base {
            plan.report.warnings.push(format!(
                "site_url {url} ends in {path}, but the site is finished for the base {}: links in previews, the sitemap and calendars will point elsewhere",
                input.base
            ));
        }
    }

    let catalogue_path = input.dist.join(CATALOGUE);
    let catalogue = if catalogue_path.is_file() {
        let json = fs::read_to_string(&catalogue_path)
            .map_err(|e| Error::io(&catalogue_path, "read", e))?;
        let catalogue = Catalogue::from_json(&json).map_err(|source| Error::Catalogue {
            path: catalogue_path.clone(),
            source,
        })?;
        Some(catalogue)
    } else {
        None
    };

    if let Some(catalogue) = &catalogue {
        plan.report.catalogue = true;
        let source = input.centre.sources.catalogue.trim_start_matches("./");
        if source.trim_start_matches('/') != CATALOGUE {
            plan.report.warnings.push(format!(
                "the centre's sources.catalogue is {:?}, but the static course pages are made from {CATALOGUE}",
                input.centre.sources.catalogue
            ));
        }
        let site = Site {
            centre: input.centre,
            catalogue,
            base: input.base,
            site_url,
            now: input.now.unwrap_or(catalogue.generated.unix_seconds),
        };
        plan_catalogue(&site, input, cards, &mut plan)?;
    }

    if let Some(site) = site_url {
        let (xml, urls) = sitemap(catalogue.as_ref(), site);
        plan.files.push(("sitemap.xml".into(), xml.into_bytes()));
        plan.report.sitemap_urls = Some(urls);
    } else {
        plan.report.warnings.push(
            "no site_url in centre.json: sitemap.xml not written, link previews without og:url and without pictures (og:image needs an absolute address)"
                .into(),
        );
    }
    plan.files
        .push(("robots.txt".into(), robots(site_url).into_bytes()));
    Ok(plan)
}

/// Pages and calendars for every course, the course list and the feed.
fn plan_catalogue(
    site: &Site,
    input: &SiteInput<'_>,
    cards: &mut Cards,
    plan: &mut SitePlan,
) -> Result<(), Error> {
    let html_error = |problem: html::HtmlProblem| Error::Html {
        path: input.dist.join("index.html"),
        problem: problem.to_string(),
    };
    let mut feed: Vec<(i64, String, Event)> = Vec::new();
    for course in &site.catalogue.courses {
        let image = course.image.as_ref().and_then(|image| {
            let file = format!("data/{}", image.src);
            if input.dist.join(&file).is_file() {
                site.absolute_file(&file)
            } else {
                plan.report.warnings.push(format!(
                    "course {}: image {file} is not in dist, left out of its link preview",
                    course.slug
                ));
                None
            }
        });
        let card = course_card(site, course, cards);
        let (page, events) = page::course_page(site, input.page, course, image.as_deref(), &card)
            .map_err(html_error)?;
        plan.files.push((page_file(course), page.into_bytes()));
        plan.report.course_pages += 1;
        plan.report.json_ld_events += events;

        let events = course_events(site, course);
        for (session, event) in &events {
            if session.end_unix() > site.now {
                feed.push((session.start_unix(), course.slug.clone(), event.clone()));
            }
        }
        let calendar = Calendar {
            name: format!("{} – {}", course.name, site.centre.name),
            feed: false,
            events: events.into_iter().map(|(_, event)| event).collect(),
        };
        plan.files
            .push((calendar_file(course), calendar.to_text().into_bytes()));
        plan.report.calendars += 1;
    }
    let list = page::course_list(site, input.page, cards).map_err(html_error)?;
    plan.files
        .push(("kurse/index.html".into(), list.into_bytes()));
    let favourites = page::favourites(site, input.page, cards).map_err(html_error)?;
    plan.files
        .push((FAVOURITES_PAGE.into(), favourites.into_bytes()));

    feed.sort_by(|a, b| (a.0, &a.1, &a.2.uid).cmp(&(b.0, &b.1, &b.2.uid)));
    plan.report.feed_events = feed.len();
    let calendar = Calendar {
        name: format!("Kurse – {}", site.centre.name),
        feed: true,
        events: feed.into_iter().map(|(_, _, event)| event).collect(),
    };
    plan.files
        .push((FEED.into(), calendar.to_text().into_bytes()));
    Ok(())
}

/// One iCalendar event per session of the course, with its session.
fn course_events<'c>(site: &Site, course: &'c Course) -> Vec<(&'c Session, Event)> {
    let mut sessions: Vec<&Session> = course.sessions.iter().collect();
    sessions.sort_by_key(|s| (s.start_unix(), s.end_unix()));
    let page_url = site.absolute(&course_route(course));
    let url = page_url
        .clone()
        .or_else(|| course.booking_url.clone())
        .or_else(|| course.url.clone());
    let place = site
        .catalogue
        .place_text(course, PlaceDetail::Address, Lang::De);
    let total = sessions.len();
    let mut uids: Vec<String> = Vec::with_capacity(total);
    sessions
        .into_iter()
        .enumerate()
        .map(|(i, session)| {
            let (start, end) = match (session.start_date, session.end_date) {
                (When::Day(first), When::Day(last)) => {
                    (IcsTime::Day(first), IcsTime::Day(last.add_days(1)))
                }
                _ => (
                    IcsTime::Utc(session.start_unix()),
                    IcsTime::Utc(session.end_unix()),
                ),
            };
            let moment = match start {
                IcsTime::Utc(unix) => crate::ics::utc_text(unix),
                IcsTime::Day(day) => IsoDate(day).to_string().replace('-', ""),
            };
            let mut uid = format!("{}-{moment}@{}", course.slug, site.centre.id);
            let mut n = 2;
            while uids.contains(&uid) {
                uid = format!("{}-{moment}-{n}@{}", course.slug, site.centre.id);
                n += 1;
            }
            uids.push(uid.clone());
            let event = Event {
                uid,
                stamp: site.catalogue.generated.unix_seconds,
                start,
                end,
                summary: course.name.clone(),
                description: event_description(site, course, i, total),
                location: (!place.is_empty()).then(|| place.clone()),
                url: url.clone(),
                // A postponed course's dates do not take place either.
                cancelled: matches!(
                    course.availability,
                    lernort_catalogue::Availability::Cancelled
                        | lernort_catalogue::Availability::Postponed
                ),
            };
            (session, event)
        })
        .collect()
}

/// An event's description: subtitle, "Termin 2 von 8", the description, provider, price,
/// where to book.
fn event_description(site: &Site, course: &Course, index: usize, total: usize) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(subtitle) = course.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
        parts.push(subtitle.to_string());
    }
    if total > 1 {
        parts.push(format!("Termin {} von {total}", index + 1));
    }
    let description = plain_description(course);
    if !description.trim().is_empty() {
        parts.push(description);
    }
    let mut facts = vec![format!(
        "Anbieter: {}",
        site.catalogue.provider_name(course)
    )];
    let price = lernort_catalogue::price_text(course, Lang::De);
    if !price.is_empty() {
        facts.push(format!("Preis: {price}"));
    }
    if let Some(booking) = &course.booking_url {
        facts.push(format!("Anmeldung: {booking}"));
    }
    parts.push(facts.join("\n"));
    parts.join("\n\n")
}

/// `sitemap.xml` and the number of URLs in it.
fn sitemap(catalogue: Option<&Catalogue>, site: &str) -> (String, usize) {
    let lastmod = catalogue.map(|c| IsoDate(c.generated.berlin().date).to_string());
    let mut entries: Vec<(String, Option<&str>)> = vec![(site.to_string(), None)];
    entries.push((format!("{site}kurse"), lastmod.as_deref()));
    for course in catalogue.map(|c| c.courses.as_slice()).unwrap_or_default() {
        entries.push((format!("{site}kurse/{}", course.slug), lastmod.as_deref()));
    }
    for route in [
        Route::EasyLanguage,
        Route::Imprint,
        Route::Privacy,
        Route::Accessibility,
    ] {
        entries.push((
            format!("{site}{}", route.path().trim_start_matches('/')),
            None,
        ));
    }
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, lastmod) in &entries {
        xml.push_str("  <url><loc>");
        xml.push_str(&lernort_html::escape(loc));
        xml.push_str("</loc>");
        if let Some(lastmod) = lastmod {
            xml.push_str("<lastmod>");
            xml.push_str(lastmod);
            xml.push_str("</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    (xml, entries.len())
}

/// `robots.txt`: everything allowed, the sitemap named when there is one.
fn robots(site_url: Option<&str>) -> String {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if let Some(site) = site_url {
        text.push_str(&format!("\nSitemap: {site}sitemap.xml\n"));
    }
    text
}

/// Writes the planned files (unchanged ones keep their timestamps), removes what an
/// earlier run wrote and this one did not, and records what was written in [`MANIFEST`].
pub fn write(dist: &Path, plan: SitePlan) -> Result<SiteReport, Error> {
    let SitePlan {
        files,
        kept,
        mut report,
    } = plan;
    let wanted: BTreeSet<&str> = files
        .iter()
        .map(|(name, _)| name.as_str())
        .chain(kept.iter().map(String::as_str))
        .collect();
    let manifest = dist.join(MANIFEST);
    let previous = fs::read_to_string(&manifest).unwrap_or_default();
    for name in previous.lines().filter(|name| is_generated_name(name)) {
        if wanted.contains(name) {
            continue;
        }
        let path = dist.join(name);
        if path.is_file() {
            fs::remove_file(&path).map_err(|e| Error::io(&path, "remove", e))?;
            report.removed.push(PathBuf::from(name));
        }
        remove_empty_parents(dist, &path)?;
    }
    for (name, data) in &files {
        let path = dist.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, "create", e))?;
        }
        write_if_changed(&path, data)?;
    }
    let mut listing = String::new();
    for name in &wanted {
        listing.push_str(name);
        listing.push('\n');
    }
    write_if_changed(&manifest, listing.as_bytes())?;
    Ok(report)
}

/// Whether a manifest line names a file this module writes, so a damaged or hostile
/// manifest can never make `finish` delete anything else.
fn is_generated_name(name: &str) -> bool {
    let in_course_dir =
        |rest: &str, file: &str| rest.strip_suffix(file).is_some_and(lernort_routes::is_slug);
    name == "sitemap.xml"
        || cards::is_card_name(name)
        || name == "robots.txt"
        || name == FEED
        || name == "kurse/index.html"
        || name == FAVOURITES_PAGE
        || name
            .strip_prefix("kurse/")
            .is_some_and(|rest| in_course_dir(rest, "/index.html"))
        || name
            .strip_prefix("data/kurse/")
            .is_some_and(|rest| in_course_dir(rest, ".ics"))
}

/// Removes the directories between `file` and dist that are now empty (ignoring
/// compressed copies, which `precompress` removes with their original).
fn remove_empty_parents(dist: &Path, file: &Path) -> Result<(), Error> {
    let mut dir = file.parent();
    while let Some(current) = dir {
        // Only the directories this module makes: kurse/, kurse/<slug>/, data/kurse/,
        // merkliste/.
        if current == dist || current == dist.join("data") || !current.starts_with(dist) {
            break;
        }
        let entries = match fs::read_dir(current) {
            Ok(entries) => entries,
            Err(_) => break,
        };
        let mut empty = true;
        let mut copies = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(current, "list", e))?;
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let original = name
                .strip_suffix(".gz")
                .or_else(|| name.strip_suffix(".br"))
                .map(|stem| current.join(stem));
            match original {
                Some(original) if path.is_file() && !original.exists() => copies.push(path),
                _ => empty = false,
            }
        }
        if !empty {
            break;
        }
        for copy in copies {
            fs::remove_file(&copy).map_err(|e| Error::io(&copy, "remove", e))?;
        }
        fs::remove_dir(current).map_err(|e| Error::io(current, "remove", e))?;
        dir = current.parent();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_generated_names_are_ever_removed() {
        for ok in [
            "sitemap.xml",
            "robots.txt",
            "data/kurse.ics",
            "kurse/index.html",
            "kurse/ki-im-alltag/index.html",
            "data/kurse/ki-im-alltag.ics",
        ] {
            assert!(is_generated_name(ok), "{ok}");
        }
        for bad in [
            "index.html",
            "../secret",
            "kurse/../index.html",
            "kurse/../../etc/index.html",
            "data/catalogue.json",
            "data/kurse/../catalogue.ics",
            "kurse/a/b/index.html",
            "centre/centre.json",
            "/etc/passwd",
            "",
        ] {
            assert!(!is_generated_name(bad), "{bad}");
        }
    }

    #[test]
    fn shorten_cuts_at_a_word() {
        let text = "Wir probieren gemeinsam aus, was Chatbots leisten. ".repeat(10);
        let short = shorten(&text, DESCRIPTION_CHARS);
        assert!(short.chars().count() <= DESCRIPTION_CHARS, "{short}");
        assert!(short.ends_with(" …"), "{short}");
        assert!(text.starts_with(short.trim_end_matches(" …")));
        assert_eq!(shorten("  a \n b  ", 10), "a b");
    }

    #[test]
    fn robots_names_the_sitemap() {
        assert_eq!(robots(None), "User-agent: *\nAllow: /\n");
        assert!(robots(Some("https://example.org/"))
            .ends_with("\nSitemap: https://example.org/sitemap.xml\n"));
    }
}
