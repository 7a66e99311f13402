//! A course's markup that never changes once it is made — its lead (subtitle,
//! availability, picture), its dates, its place, its description and its facts — rendered
//! here once, as HTML text. The static course pages (`lernort-dist`) put it into the page
//! for readers without JavaScript; the app's course page sets it as the inner HTML of its
//! parts and builds only what reacts (the actions) with `view!`.
//!
//! Every value from the catalogue goes through [`lernort_html::escape`]; a description is
//! rendered from its parsed Markdown blocks ([`crate::parse_markdown`]), never copied as
//! HTML. Every fixed word comes from `Msg` or this crate's texts.

use lernort_html::push_escaped;
use lernort_i18n::{fill, Lang, Msg};

use crate::{
    age_text, availability_text, language_name, price_text, series_text, session_text,
    AttendanceMode, Availability, Block, Catalogue, Course, Inline,
};

/// How much of a place to say ([`Catalogue::place_text`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceDetail {
    /// The room, else the venue's name: a lab screen in the centre itself.
    Room,
    /// The venue with its room, or with its town when there is no room: a result row, a
    /// link-preview card.
    Short,
    /// The venue, room, street and town: a course page, a calendar entry.
    Address,
}

impl Catalogue {
    /// Where a course takes place, in words: `DiLAS Soest, Lernraum 2` ([`PlaceDetail`]),
    /// `Online`, or the place followed by ` – oder online`; empty when the course names
    /// no place.
    pub fn place_text(&self, course: &Course, detail: PlaceDetail, lang: Lang) -> String {
        let venue = course.venue.as_deref().and_then(|id| self.venue(id));
        let room = course
            .room
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        let on_site = match (detail, venue) {
            (PlaceDetail::Room, _) if room.is_some() => room.map(str::to_string),
            (_, None) => None,
            (PlaceDetail::Room, Some(v)) => Some(v.name.clone()),
            (PlaceDetail::Short, Some(v)) => {
                Some(format!("{}, {}", v.name, room.unwrap_or(&v.city)))
            }
            (PlaceDetail::Address, Some(v)) => {
                let mut parts = vec![v.name.as_str()];
                parts.extend(room);
                parts.push(&v.street);
                let town = format!("{} {}", v.postal_code, v.city);
                parts.push(town.trim());
                Some(parts.join(", "))
            }
        };
        let on_site = on_site.filter(|_| course.on_site());
        match (course.online(), on_site) {
            (true, Some(place)) => format!("{place} – {}", Msg::PlaceOrOnline.text(lang)),
            (false, Some(place)) => place,
            (true, None) => AttendanceMode::Online.label(lang).to_string(),
            (false, None) => String::new(),
        }
    }
}

/// The classes that give an availability its symbol (the words say it too).
pub fn availability_class(availability: Availability) -> &'static str {
    match availability {
        Availability::Available => "avail avail-ok",
        Availability::Few => "avail avail-few",
        Availability::Waitlist | Availability::Full => "avail avail-full",
        Availability::NotYetOpen => "avail avail-soon",
        Availability::Cancelled | Availability::Past | Availability::Postponed => {
            "avail avail-over"
        }
    }
}

/// ` lang="…"` for a course's own texts when they are not in the page's language.
pub fn lang_attr(course: &Course, page: Lang) -> String {
    let code = course.in_language.trim();
    let primary = code.split('-').next().unwrap_or(code);
    let mut out = String::new();
    if !code.is_empty() && !primary.eq_ignore_ascii_case(page.code()) {
        out.push_str(" lang=\"");
        push_escaped(&mut out, code);
        out.push('"');
    }
    out
}

/// Appends `<tag class="class" + attrs>` (no class attribute when `class` is empty);
/// `attrs` is markup already escaped (` lang="…"`).
fn open(out: &mut String, tag: &str, class: &str, attrs: &str) {
    out.push('<');
    out.push_str(tag);
    if !class.is_empty() {
        out.push_str(" class=\"");
        out.push_str(class);
        out.push('"');
    }
    out.push_str(attrs);
    out.push('>');
}

fn close(out: &mut String, tag: &str) {
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

/// Appends `<tag class="…"…>text</tag>`, the text escaped.
fn element(out: &mut String, tag: &str, class: &str, attrs: &str, text: &str) {
    open(out, tag, class, attrs);
    push_escaped(out, text);
    close(out, tag);
}

/// Appends ` name="value"`, the value escaped.
fn attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    push_escaped(out, value);
    out.push('"');
}

/// A course's lead: its subtitle, its availability in words, its picture (`folder` is
/// where the catalogue file lies: pictures are named relative to it).
pub fn course_lead(course: &Course, lang: Lang, now: i64, folder: &str) -> String {
    let mut out = String::new();
    if let Some(subtitle) = course.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
        let own = lang_attr(course, lang);
        element(&mut out, "p", "lead course-subtitle", &own, subtitle);
    }
    open(&mut out, "p", "course-availability", "");
    let availability = course.availability_at(now);
    let text = availability_text(course, now, lang);
    element(
        &mut out,
        "span",
        availability_class(availability),
        "",
        &text,
    );
    close(&mut out, "p");
    if let Some(image) = &course.image {
        out.push_str("<img class=\"course-image\"");
        attr(&mut out, "src", &[folder, &image.src].concat());
        attr(&mut out, "alt", &image.alt);
        out.push_str(" loading=\"lazy\">");
    }
    out
}

/// A course's sections: every date, the place, the description and the facts at a
/// glance, each under its `<h2>`.
pub fn course_sections(catalogue: &Catalogue, course: &Course, lang: Lang, now: i64) -> String {
    let mut out = String::new();
    dates(&mut out, course, lang, now);
    place(&mut out, catalogue, course, lang);
    let blocks = course.description_blocks();
    if !blocks.is_empty() {
        section_start(&mut out, "description", Msg::CourseDescription, lang);
        open(&mut out, "div", "", &lang_attr(course, lang));
        blocks_html(&mut out, &blocks);
        out.push_str("</div></section>");
    }
    facts(&mut out, catalogue, course, lang);
    out
}

fn section_start(out: &mut String, class: &str, heading: Msg, lang: Lang) {
    open(out, "section", class, "");
    element(out, "h2", "", "", heading.text(lang));
}

fn dates(out: &mut String, course: &Course, lang: Lang, now: i64) {
    section_start(out, "", Msg::CourseSessions, lang);
    if course.availability == Availability::Postponed {
        element(out, "p", "", "", Msg::CourseOriginallyPlanned.text(lang));
    }
    element(out, "p", "", "", &series_text(&course.sessions, lang));
    if course.sessions.len() > 1 {
        let mut sessions: Vec<_> = course.sessions.iter().collect();
        sessions.sort_by_key(|s| (s.start_unix(), s.end_unix()));
        open(out, "ol", "sessions", "");
        for session in sessions {
            let mut text = session_text(session, lang);
            let over = session.end_unix() <= now;
            if over {
                text.push_str(" (");
                text.push_str(Msg::CourseSessionOver.text(lang));
                text.push(')');
            }
            element(out, "li", if over { "over" } else { "" }, "", &text);
        }
        close(out, "ol");
    }
    close(out, "section");
}

fn place(out: &mut String, catalogue: &Catalogue, course: &Course, lang: Lang) {
    section_start(out, "", Msg::CourseVenue, lang);
    if course.online() {
        let text = catalogue.place_text(course, PlaceDetail::Short, lang);
        element(out, "p", "", "", &text);
    }
    let venue = course.venue.as_deref().and_then(|id| catalogue.venue(id));
    if let Some(venue) = venue.filter(|_| course.on_site()) {
        out.push_str("<address>");
        element(out, "strong", "", "", &venue.name);
        out.push_str("<br>");
        push_escaped(out, &venue.street);
        out.push_str("<br>");
        push_escaped(out, [&*venue.postal_code, " ", &venue.city].concat().trim());
        close(out, "address");
        if let Some(room) = course.room.as_deref().filter(|r| !r.trim().is_empty()) {
            let text = [Msg::CourseRoom.text(lang), ": ", room].concat();
            element(out, "p", "", "", &text);
        }
        let step_free = if venue.step_free {
            Msg::CourseStepFree
        } else {
            Msg::CourseNotStepFree
        };
        element(out, "p", "step-free", "", step_free.text(lang));
        if let Some(note) = venue.note.as_ref().filter(|n| !n.is_blank()) {
            element(out, "p", "", "", note.get(lang));
        }
    }
    close(out, "section");
}

fn facts(out: &mut String, catalogue: &Catalogue, course: &Course, lang: Lang) {
    section_start(out, "", Msg::CourseDetails, lang);
    open(out, "dl", "facts course-facts", "");
    let mut pair = |label: Msg, value: &str, link: Option<&str>| {
        if value.trim().is_empty() {
            return;
        }
        out.push_str("<div>");
        element(out, "dt", "", "", label.text(lang));
        open(out, "dd", "", "");
        match link {
            Some(href) => {
                out.push_str("<a");
                attr(out, "href", href);
                out.push('>');
                push_escaped(out, value);
                close(out, "a");
            }
            None => push_escaped(out, value),
        }
        out.push_str("</dd></div>");
    };
    pair(Msg::FactPrice, &price_text(course, lang), None);
    let categories: Vec<&str> = course
        .categories
        .iter()
        .filter_map(|id| catalogue.category(id))
        .map(|c| c.name.get(lang))
        .collect();
    pair(Msg::FilterCategory, &categories.join(", "), None);
    let audience: Vec<&str> = course.audience.iter().map(|a| a.label(lang)).collect();
    pair(Msg::FilterAudience, &audience.join(", "), None);
    if let Some(range) = &course.typical_age_range {
        pair(Msg::CourseAge, &age_text(range, lang), None);
    }
    let language = language_name(&course.in_language, lang);
    pair(Msg::CourseLanguage, &language, None);
    pair(Msg::CourseLevel, course.level.label(lang), None);
    let attendance = course.event_attendance_mode.label(lang);
    pair(Msg::FilterAttendance, attendance, None);
    let instructor = course.instructor.as_deref().unwrap_or("");
    pair(Msg::CourseInstructor, instructor, None);
    pair(
        Msg::CourseBring,
        course.bring.as_deref().unwrap_or(""),
        None,
    );
    if let Some(capacity) = course.capacity {
        pair(Msg::CourseCapacity, &capacity.to_string(), None);
    }
    pair(Msg::CourseNumber, &course.id, None);
    if let Some(provider) = catalogue.provider(&course.provider) {
        pair(Msg::FilterProvider, &provider.name, provider.url.as_deref());
    }
    if let Some(url) = &course.url {
        pair(Msg::CourseWebsite, url, Some(url));
    }
    close(out, "dl");
    close(out, "section");
}

/// The booking hint under a course's booking link: where the booking happens.
pub fn booking_hint(catalogue: &Catalogue, course: &Course, lang: Lang) -> Option<String> {
    let provider = catalogue.provider(&course.provider)?;
    Some(fill(Msg::CourseBookHint.text(lang), &[&provider.name]))
}

/// A description's blocks as HTML: paragraphs, lists, bold, italic, links, line breaks.
pub fn blocks_html(out: &mut String, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Paragraph(inlines) => {
                out.push_str("<p>");
                inlines_html(out, inlines);
                out.push_str("</p>");
            }
            Block::List(items) => {
                out.push_str("<ul>");
                for item in items {
                    out.push_str("<li>");
                    inlines_html(out, item);
                    out.push_str("</li>");
                }
                out.push_str("</ul>");
            }
        }
    }
}

fn inlines_html(out: &mut String, inlines: &[Inline]) {
    for inline in inlines {
        let (text, href, strong, emphasis) = match inline {
            Inline::Text {
                text,
                strong,
                emphasis,
            } => (text, None, *strong, *emphasis),
            Inline::Link {
                text,
                href,
                strong,
                emphasis,
            } => (text, Some(href), *strong, *emphasis),
            Inline::LineBreak => {
                out.push_str("<br>");
                continue;
            }
        };
        if strong {
            out.push_str("<strong>");
        }
        if emphasis {
            out.push_str("<em>");
        }
        match href {
            Some(href) => {
                out.push_str("<a");
                attr(out, "href", href);
                out.push('>');
                push_escaped(out, text);
                close(out, "a");
            }
            None => push_escaped(out, text),
        }
        if emphasis {
            out.push_str("</em>");
        }
        if strong {
            out.push_str("</strong>");
        }
    }
}
