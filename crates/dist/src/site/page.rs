//! The static course pages and the course list: the finished `index.html` with the page's
//! own head (title, description, Open Graph, canonical link, JSON-LD) and a summary in
//! plain semantic HTML inside `<div id="boot">`, which the app removes when it starts.
//!
//! Every text from the catalogue goes through [`text`] or [`attr`]; descriptions are
//! rendered from their parsed Markdown blocks, never copied as HTML.

use std::fmt::Write;

use lernort_catalogue::{
    availability_text, markup, series_text, session_text, Availability, Course, PlaceDetail,
};
use lernort_html::escape;
use lernort_i18n::{link_name, Lang, Msg};
use lernort_routes::Route;

use super::{calendar_file, course_route, jsonld, page_description, Site, CATALOGUE_FOLDER, FEED};
use crate::cards::{CardFile, Cards};
use crate::html::{self, HtmlProblem, PageMeta};

/// The locales of the site.
fn locales(site: &Site) -> &'static [&'static str] {
    crate::locales(site.centre)
}

/// A course's page and the number of JSON-LD events in it.
pub(crate) fn course_page(
    site: &Site,
    template: &str,
    course: &Course,
    image: Option<&str>,
    card: &CardFile,
) -> Result<(String, usize), HtmlProblem> {
    let route = course_route(course);
    let url = site.absolute(&route);
    let canonical = url.clone().unwrap_or_else(|| site.path(&route));
    let title = format!("{} – {}", course.name, site.centre.name);
    let description = page_description(site, course);
    let events = jsonld::course_events(site, course, url.as_deref(), image);
    let json = serde_json::Value::Array(events.clone()).to_string();
    let meta = PageMeta {
        share_title: &course.name,
        url: url.as_deref(),
        image: card.image(),
        canonical: Some(&canonical),
        json_ld: Some(&json),
        ..PageMeta::simple(&title, &description, &site.centre.name, locales(site))
    };
    let page = html::set_page_meta(template, &meta)?;
    let page = set_summary(&page, &course_summary(site, course))?;
    Ok((page, events.len()))
}

/// The course list at `/kurse`.
pub(crate) fn course_list(
    site: &Site,
    template: &str,
    cards: &mut Cards,
) -> Result<String, HtmlProblem> {
    let route = Route::Courses;
    let url = site.absolute(&route);
    let canonical = url.clone().unwrap_or_else(|| site.path(&route));
    let heading = Msg::CoursesTitle.text(Lang::De);
    let title = format!("{heading} – {}", site.centre.name);
    let upcoming = site
        .catalogue
        .courses
        .iter()
        .filter(|c| c.availability_at(site.now) != Availability::Past)
        .count();
    let description = format!(
        "{upcoming} Kurse, Workshops und Vorträge bei {}: Termine, Orte, Preise und Anmeldung.",
        site.centre.name
    );
    let card = cards.page(
        "kurse",
        heading,
        &format!("{upcoming} Kurse, Workshops und Vorträge"),
        vec![crate::address_line(site.centre)],
    );
    let meta = PageMeta {
        url: url.as_deref(),
        image: card.image(),
        canonical: Some(&canonical),
        ..PageMeta::simple(&title, &description, &site.centre.name, locales(site))
    };
    let page = html::set_page_meta(template, &meta)?;
    set_summary(&page, &list_summary(site))
}

/// The favourites page: the shell with its title; the list itself lives on the visitor's
/// device, so there is nothing to put in the page (and nothing for a search engine).
pub(crate) fn favourites(
    site: &Site,
    template: &str,
    cards: &mut Cards,
) -> Result<String, HtmlProblem> {
    let title = format!(
        "{} – {}",
        Msg::FavouritesTitle.text(Lang::De),
        site.centre.name
    );
    let heading = Msg::FavouritesTitle.text(Lang::De);
    let description = Msg::FavouritesIntro.text(Lang::De);
    let card = cards.page("merkliste", heading, description, Vec::new());
    let meta = PageMeta {
        image: card.image(),
        ..PageMeta::simple(&title, description, &site.centre.name, locales(site))
    };
    html::set_page_meta(template, &meta)
}

/// The id of the placeholder in `index.html` that the app removes when it starts.
pub(crate) const BOOT: &str = "boot";

/// Puts the summary into `<div id="boot">` (without its `role="status"`: the summary is
/// not a status message). A page without one gets one as the first thing in `<body>`.
fn set_summary(page: &str, summary: &str) -> Result<String, HtmlProblem> {
    if html::has_id(page, BOOT)? {
        html::set_content_by_id(page, BOOT, summary, &["role"])
    } else {
        html::prepend_to(page, "body", &format!("<div id=\"{BOOT}\">{summary}</div>"))
    }
}

/// The header and footer around a summary: the centre's name linking to the start page,
/// the legal pages (reachable from every page).
fn frame(site: &Site, main: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<header><p><a href=\"{}\">{}</a></p></header>",
        escape(&site.href(&Route::Home)),
        escape(&site.centre.name)
    );
    out.push_str(main);
    let _ = write!(
        out,
        "<footer><nav aria-label=\"{}\"><ul>",
        escape(Msg::FooterNavigation.text(Lang::De))
    );
    let links = [
        Route::Courses,
        Route::EasyLanguage,
        Route::Imprint,
        Route::Privacy,
        Route::Accessibility,
    ];
    for route in links {
        let label = link_name(&route).map_or("", |name| name.text(Lang::De));
        let href = site.href(&route);
        let _ = write!(
            out,
            "<li><a href=\"{}\">{}</a></li>",
            escape(&href),
            escape(label)
        );
    }
    out.push_str("</ul></nav></footer>");
    out
}

/// The dates in words; for a series that has begun, the next session too.
fn dates_text(course: &Course, now: i64) -> String {
    let series = series_text(&course.sessions, Lang::De);
    if course.availability == Availability::Postponed {
        let note = Msg::CourseOriginallyPlanned.text(Lang::De);
        return format!("{note} {series}");
    }
    match (course.next_session(now), course.first_session()) {
        (Some(next), Some(first)) if next != first => {
            format!(
                "{series}; nächster Termin: {}",
                session_text(next, Lang::De)
            )
        }
        _ => series,
    }
}

/// The visible summary of a course, for readers without JavaScript: the same lead and
/// sections as the app's course page ([`markup`]), with plain links for its actions.
fn course_summary(site: &Site, course: &Course) -> String {
    let lang = Lang::De;
    let own = markup::lang_attr(course, lang);
    let provider = site.catalogue.provider_name(course);
    let mut main = String::from("<main>");
    let _ = write!(main, "<h1{own}>{}</h1>", escape(&course.name));
    main.push_str(&markup::course_lead(
        course,
        lang,
        site.now,
        CATALOGUE_FOLDER,
    ));
    let over = matches!(
        course.availability_at(site.now),
        Availability::Cancelled | Availability::Past | Availability::Postponed
    );
    let link = match (&course.booking_url, &course.url) {
        (Some(booking), _) if over => Some((booking, format!("Zum Kurs bei {provider}"))),
        (Some(booking), _) => Some((booking, format!("Zur Anmeldung bei {provider}"))),
        (None, Some(url)) => Some((url, format!("Mehr bei {provider}"))),
        (None, None) => None,
    };
    if let Some((href, label)) = link {
        let _ = write!(
            main,
            "<p><a href=\"{}\">{}</a></p>",
            escape(href),
            escape(&label)
        );
    }
    main.push_str(&markup::course_sections(
        site.catalogue,
        course,
        lang,
        site.now,
    ));
    // A postponed course's dates are void: nothing to put in a calendar yet.
    if course.availability != Availability::Postponed {
        let _ = write!(
            main,
            "<p><a href=\"{}\">Termine in den eigenen Kalender übernehmen (iCalendar-Datei)</a></p>",
            escape(&calendar_file(course))
        );
    }
    let _ = write!(
        main,
        "<p><a href=\"{}\">Alle Kurse bei {}</a></p>",
        escape(&site.href(&Route::Courses)),
        escape(&site.centre.name)
    );
    main.push_str("</main>");
    frame(site, &main)
}

/// The visible course list: courses still to come by their next session, then past ones.
fn list_summary(site: &Site) -> String {
    let mut upcoming: Vec<&Course> = Vec::new();
    let mut past: Vec<&Course> = Vec::new();
    for course in &site.catalogue.courses {
        // A postponed course's old dates do not make it past (availability_at).
        if course.availability_at(site.now) == Availability::Past {
            past.push(course);
        } else {
            upcoming.push(course);
        }
    }
    let next_start = |c: &Course| {
        c.next_session(site.now)
            .map_or(i64::MAX, |s| s.start_unix())
    };
    upcoming.sort_by(|a, b| (next_start(a), &a.name).cmp(&(next_start(b), &b.name)));
    past.sort_by(|a, b| (b.last_end(), &a.name).cmp(&(a.last_end(), &b.name)));

    let mut main = String::from("<main>");
    let _ = write!(
        main,
        "<h1>{}</h1>",
        escape(Msg::CoursesTitle.text(Lang::De))
    );
    let _ = write!(
        main,
        "<p>{} Kurse mit kommenden Terminen. <a href=\"{}\">Alle Termine als Kalender-Abonnement (iCalendar)</a></p>",
        upcoming.len(),
        escape(FEED)
    );
    let item = |main: &mut String, course: &Course| {
        let when = dates_text(course, site.now);
        let place = site
            .catalogue
            .place_text(course, PlaceDetail::Short, Lang::De);
        let status = availability_text(course, site.now, Lang::De);
        let details = [when, place, status]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        let _ = write!(
            main,
            "<li><a href=\"{}\"{}>{}</a><br>{}</li>",
            escape(&site.href(&course_route(course))),
            markup::lang_attr(course, Lang::De),
            escape(&course.name),
            escape(&details)
        );
    };
    if !upcoming.is_empty() {
        main.push_str("<ul>");
        for course in upcoming {
            item(&mut main, course);
        }
        main.push_str("</ul>");
    }
    if !past.is_empty() {
        main.push_str("<h2>Vergangene Kurse</h2><ul>");
        for course in past {
            item(&mut main, course);
        }
        main.push_str("</ul>");
    }
    main.push_str("</main>");
    frame(site, &main)
}
