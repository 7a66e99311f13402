//! The catalogue page's imperative markup — result rows and filter controls — built
//! straight into the DOM with a handful of helpers, and the filter form read and set
//! through the browser's own form machinery. The one documented exception to "reactive
//! markup is `view!`" (ARCHITECTURE.md, "Markup: one rule per kind"); a course's details
//! are `lernort_catalogue::markup`'s.
//!
//! Why not `view!`: typing rebuilds up to a page of rows per keystroke, and this markup
//! has many optional parts and shapes, each of which Leptos compiles into its own
//! build/rebuild/mount code. Measured with the same features (wasm, gzip -9): written as
//! views with a controlled form, the catalogue pages took the wasm from 153 to 245 KiB;
//! with the native form and these helpers, to 211 KiB — 33 KiB less for every visitor.
//! Rows are built once per course and reused; each toggle's click is wired to the toggle
//! itself (`dom::Listener`). Nothing here holds state, every visible string comes from
//! `Msg` or the catalogue crate, and text always goes in as text (`append`,
//! `textContent`), never as HTML.

use lernort_catalogue::markup::availability_class;
use lernort_catalogue::{
    availability_text, language_name, price_text, series_text, session_text, Audience, Course,
    PartOfDay, PlaceDetail,
};
use lernort_i18n::{weekday_name, Lang, Msg};
use lernort_routes::Route;
use lernort_time::Weekday;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlFormElement, HtmlInputElement, HtmlSelectElement};

use std::rc::Rc;

use crate::components::catalogue::Data;
use crate::dom::Listener;
use crate::router::href_with_query;

/// A new element; `class` may be empty.
pub fn el(tag: &str, class: &str) -> Element {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let element = document.create_element(tag).expect("a valid tag");
    if !class.is_empty() {
        element.set_class_name(class);
    }
    element
}

/// Appends a new element to `parent` and returns it.
pub fn add(parent: &Element, tag: &str, class: &str) -> Element {
    let child = el(tag, class);
    let _ = parent.append_child(&child);
    child
}

/// Appends text (as a text node).
pub fn text(parent: &Element, text: &str) {
    let _ = parent.append_with_str_1(text);
}

/// Appends a new element holding `content` as text.
pub fn add_text(parent: &Element, tag: &str, class: &str, content: &str) -> Element {
    let child = add(parent, tag, class);
    text(&child, content);
    child
}

/// Appends a `<button type="button">` (not a form's submit button) with classes and text;
/// an empty text gives an empty button for the caller to fill.
pub fn add_button(parent: &Element, class: &str, content: &str) -> Element {
    let button = add(parent, "button", class);
    attr(&button, "type", "button");
    if !content.is_empty() {
        text(&button, content);
    }
    button
}

/// Sets an attribute.
pub fn attr(element: &Element, name: &str, value: &str) {
    let _ = element.set_attribute(name, value);
}

/// Appends a label–value pair to a `<dl>` and returns the value's `<dd>`.
fn fact(list: &Element, label: Msg, lang: Lang) -> Element {
    let pair = add(list, "div", "");
    add_text(&pair, "dt", "", label.text(lang));
    add(&pair, "dd", "")
}

/// Shows a favourite toggle's state: `aria-pressed` and "Merken"/"Gemerkt".
fn show_pressed(button: &Element, on: bool, lang: Lang) {
    attr(button, "aria-pressed", if on { "true" } else { "false" });
    if let Some(label) = button.first_element_child() {
        let msg = if on {
            Msg::FavouriteSaved
        } else {
            Msg::FavouriteAdd
        };
        label.set_text_content(Some(msg.text(lang)));
    }
}

/// A built result row and the parts that change.
pub struct Row {
    element: Element,
    link: Element,
    button: Element,
    /// The favourite toggle's click, for as long as the row is kept.
    _toggle: Listener,
    /// The query its link carries, and whether its toggle shows "Gemerkt".
    query: Option<String>,
    pressed: Option<bool>,
}

/// The skeleton of a result row in `lang`, cloned for each row: cloning one tree and
/// filling in the texts crosses from wasm to the DOM about a third as often as building
/// each row element by element (typing builds up to a page of new rows per keystroke).
fn row_template(lang: Lang) -> Element {
    let row = el("li", "course-row");
    add(&add(&row, "h2", "course-row-title"), "a", "");
    add(&row, "p", "course-row-subtitle");
    let facts = add(&row, "dl", "facts");
    for label in [
        Msg::FactWhen,
        Msg::FactWhere,
        Msg::FactPrice,
        Msg::FactPlaces,
        Msg::FilterProvider,
    ] {
        fact(&facts, label, lang);
    }
    let button = add_button(&row, "fav-toggle", "");
    add(&button, "span", "");
    add(&button, "span", "visually-hidden");
    row
}

/// The row of course number `index`, from `template` ([`row_template`]): title (a link,
/// pointed at the course by [`Rows::show`]), when, where, price, availability and
/// provider in words, and the favourite toggle.
fn course_row(
    template: &Element,
    data: &Data,
    index: usize,
    lang: Lang,
    now: i64,
    on_favourite: &Rc<dyn Fn(&str)>,
) -> Option<Row> {
    let catalogue = &data.catalogue;
    let course = catalogue.courses.get(index)?;
    let row: Element = template.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    let parts = row.children();
    let (heading, subtitle, facts, button) = (
        parts.item(0)?,
        parts.item(1)?,
        parts.item(2)?,
        parts.item(3)?,
    );
    // The course's own texts are written in the language it is held in.
    let link = heading.first_element_child()?;
    link.set_text_content(Some(&course.name));
    attr(&link, "lang", &course.in_language);
    match &course.subtitle {
        Some(text) => {
            subtitle.set_text_content(Some(text));
            attr(&subtitle, "lang", &course.in_language);
        }
        None => subtitle.remove(),
    }
    let values = facts.get_elements_by_tag_name("dd");
    let (when, place, price, places, provider) = (
        values.item(0)?,
        values.item(1)?,
        values.item(2)?,
        values.item(3)?,
        values.item(4)?,
    );
    if let Some(session) = course.next_session(now).or_else(|| course.first_session()) {
        text(&when, &session_text(session, lang));
    }
    if course.sessions.len() > 1 {
        add(&when, "br", "");
        add_text(
            &when,
            "span",
            "series",
            &series_text(&course.sessions, lang),
        );
    }
    place.set_text_content(Some(&catalogue.place_text(
        course,
        PlaceDetail::Short,
        lang,
    )));
    // An empty value takes its label with it.
    let fill = |value: &Element, content: Option<&str>| match content {
        Some(content) if !content.is_empty() => value.set_text_content(Some(content)),
        _ => {
            if let Some(pair) = value.parent_element() {
                pair.remove();
            }
        }
    };
    fill(&price, Some(&price_text(course, lang)));
    fill(
        &provider,
        catalogue
            .provider(&course.provider)
            .map(|p| p.name.as_str()),
    );
    add_text(
        &places,
        "span",
        availability_class(course.availability_at(now)),
        &availability_text(course, now, lang),
    );
    attr(&button, "data-slug", &course.slug);
    if let Some(name) = button.last_element_child() {
        name.set_text_content(Some(&format!(" – {}", course.name)));
    }
    let toggle = {
        let (on_favourite, slug) = (on_favourite.clone(), course.slug.clone());
        Listener::new(&button, "click", move || on_favourite(&slug))
    };
    Some(Row {
        element: row,
        link,
        button,
        _toggle: toggle,
        query: None,
        pressed: None,
    })
}

/// Rows already built, by course index, for one language: typing reorders and reuses
/// them instead of building them again.
pub struct Rows {
    /// Called with a course's slug when its favourite toggle is clicked.
    on_favourite: Rc<dyn Fn(&str)>,
    lang: Option<Lang>,
    template: Option<Element>,
    built: Vec<Option<Row>>,
    shown: Vec<usize>,
}

impl Rows {
    /// No rows yet; `on_favourite` gets the slug of each favourite toggle clicked.
    pub fn new(on_favourite: impl Fn(&str) + 'static) -> Rows {
        Rows {
            on_favourite: Rc::new(on_favourite),
            lang: None,
            template: None,
            built: Vec::new(),
            shown: Vec::new(),
        }
    }

    /// Shows the rows of `indices` in `list` (reusing what is built), their links carrying
    /// `query`, and the favourite toggles' states; only what changed is touched. The
    /// list's children are only replaced when the rows shown change, so a focused toggle
    /// keeps its focus.
    #[allow(clippy::too_many_arguments)]
    pub fn show(
        &mut self,
        list: &Element,
        data: &Data,
        indices: &[usize],
        lang: Lang,
        now: i64,
        query: &str,
        favourites: &[String],
    ) {
        if self.lang != Some(lang) {
            self.lang = Some(lang);
            self.template = Some(row_template(lang));
            self.built.clear();
            self.shown.clear();
        }
        let Some(template) = &self.template else {
            return;
        };
        let courses = &data.catalogue.courses;
        self.built
            .resize_with(courses.len().max(self.built.len()), || None);
        let changed = self.shown != indices;
        let nodes = js_sys::Array::new();
        for &i in indices {
            let (Some(slot), Some(course)) = (self.built.get_mut(i), courses.get(i)) else {
                continue;
            };
            if slot.is_none() {
                *slot = course_row(template, data, i, lang, now, &self.on_favourite);
            }
            let Some(row) = slot else {
                continue;
            };
            if row.query.as_deref() != Some(query) {
                let href = href_with_query(
                    &Route::Course {
                        id: course.slug.clone(),
                    },
                    query,
                );
                attr(&row.link, "href", &href);
                row.query = Some(query.to_string());
            }
            let on = favourites.contains(&course.slug);
            if row.pressed != Some(on) {
                show_pressed(&row.button, on, lang);
                row.pressed = Some(on);
            }
            if changed {
                nodes.push(&row.element);
            }
        }
        if changed {
            list.replace_children_with_node(&nodes);
            self.shown = indices.to_vec();
        }
    }
}

fn group(parent: &Element, legend: Msg, lang: Lang) -> Element {
    let fieldset = add(parent, "fieldset", "");
    add_text(&fieldset, "legend", "", legend.text(lang));
    add(&fieldset, "div", "checks")
}

fn check(parent: &Element, kind: &str, name: &str, value: &str, label: &str) {
    let wrapper = add(parent, "label", "check");
    let input = add(&wrapper, "input", "");
    attr(&input, "type", kind);
    attr(&input, "name", name);
    attr(&input, "value", value);
    add_text(&wrapper, "span", "", label);
}

fn date(parent: &Element, name: &str, label: Msg, lang: Lang) {
    let wrapper = add(parent, "label", "date");
    add_text(&wrapper, "span", "", label.text(lang));
    let input = add(&wrapper, "input", "");
    attr(&input, "type", "date");
    attr(&input, "name", name);
}

/// The filter controls, appended to `root`: checkbox groups, date fields and a radio
/// group in fieldsets with legends. Their names and values are the URL's
/// ([`lernort_catalogue::Query::from_query_string`] reads the form as it is).
pub fn filter_controls(root: &Element, data: &Data, lang: Lang) {
    let catalogue = &data.catalogue;
    let used = |f: &dyn Fn(&Course) -> bool| catalogue.courses.iter().any(f);
    let topics = group(root, Msg::FilterCategory, lang);
    for c in &catalogue.categories {
        if used(&|k| k.categories.contains(&c.id)) {
            check(&topics, "checkbox", "kat", &c.id, c.name.get(lang));
        }
    }
    let providers = group(root, Msg::FilterProvider, lang);
    for p in &catalogue.providers {
        check(&providers, "checkbox", "anbieter", &p.id, &p.name);
    }
    const AUDIENCE_KEYS: [&str; 7] = [
        "alle",
        "senioren",
        "jugend",
        "kinder",
        "familien",
        "beruf",
        "einsteiger",
    ];
    let audiences = group(root, Msg::FilterAudience, lang);
    for (a, key) in Audience::ALL.into_iter().zip(AUDIENCE_KEYS) {
        if used(&|k| k.audience.contains(&a)) {
            check(&audiences, "checkbox", "fuer", key, a.label(lang));
        }
    }
    let dates = add(root, "fieldset", "");
    add_text(&dates, "legend", "", Msg::FilterDates.text(lang));
    let fields = add(&dates, "div", "dates");
    date(&fields, "von", Msg::FilterFrom, lang);
    date(&fields, "bis", Msg::FilterTo, lang);
    const DAY_KEYS: [&str; 7] = ["mo", "di", "mi", "do", "fr", "sa", "so"];
    let days = group(root, Msg::FilterWeekday, lang);
    for (day, key) in Weekday::ALL.into_iter().zip(DAY_KEYS) {
        check(&days, "checkbox", "tag", key, weekday_name(day, lang));
    }
    let parts = group(root, Msg::FilterTimeOfDay, lang);
    for (part, key) in PartOfDay::ALL
        .into_iter()
        .zip(["vormittag", "nachmittag", "abend"])
    {
        check(&parts, "checkbox", "zeit", key, part.label(lang));
    }
    let mut languages: Vec<String> = Vec::new();
    for course in &catalogue.courses {
        let code = course.in_language.split('-').next().unwrap_or("");
        let code = code.to_ascii_lowercase();
        if !code.is_empty() && !languages.contains(&code) {
            languages.push(code);
        }
    }
    if languages.len() > 1 {
        languages.sort_by_key(|code| (code != "de", code.clone()));
        let group = group(root, Msg::FilterLanguage, lang);
        for code in &languages {
            check(
                &group,
                "checkbox",
                "sprache",
                code,
                &language_name(code, lang),
            );
        }
    }
    let attendance = group(root, Msg::FilterAttendance, lang);
    use lernort_catalogue::Attendance;
    for (value, label) in [
        ("", Msg::FilterAttendanceAny.text(lang)),
        ("vor-ort", Attendance::OnSite.label(lang)),
        ("online", Attendance::Online.label(lang)),
    ] {
        check(&attendance, "radio", "ort", value, label);
    }
    let more = group(root, Msg::FilterMore, lang);
    for (name, value, label) in [
        ("frei", "1", Msg::FilterFree),
        ("stufenlos", "1", Msg::FilterStepFree),
        ("ausgebucht", "0", Msg::FilterHideFull),
        ("vorbei", "1", Msg::FilterShowPast),
    ] {
        check(&more, "checkbox", name, value, label.text(lang));
    }
}

/// The form's state as a query string (the browser serialises it: `FormData` and
/// `URLSearchParams`, UTF-8 percent-encoding with `+` for spaces).
pub fn form_query(form: &HtmlFormElement) -> String {
    web_sys::FormData::new_with_form(form)
        .ok()
        .and_then(|data| web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok())
        .map(|params| String::from(params.to_string()))
        .unwrap_or_default()
}

/// Sets the form's controls to a query string written by
/// [`lernort_catalogue::Query::to_query_string`]: after Back, a reset or a reload. The
/// search box keeps what the visitor is typing when it means the same (a trailing space).
pub fn set_form(form: &HtmlFormElement, query: &str) {
    let pairs: Vec<(&str, String)> = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(key, value)| (key, lernort_catalogue::decode_component(value)))
        .collect();
    let value_of = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    };
    let elements = form.elements();
    for i in 0..elements.length() {
        let Some(element) = elements.item(i) else {
            continue;
        };
        if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
            let current = value_of(&input.name());
            match input.type_().as_str() {
                "checkbox" | "radio" => {
                    let on = match current {
                        Some(list) => list.split(',').any(|v| v == input.value()),
                        None => input.value().is_empty(),
                    };
                    input.set_checked(on);
                }
                "search" => {
                    if input.value().trim() != current.unwrap_or("") {
                        input.set_value(current.unwrap_or(""));
                    }
                }
                _ => {
                    if input.value() != current.unwrap_or("") {
                        input.set_value(current.unwrap_or(""));
                    }
                }
            }
        } else if let Some(select) = element.dyn_ref::<HtmlSelectElement>() {
            select.set_value(value_of(&select.name()).unwrap_or(""));
        }
    }
}
