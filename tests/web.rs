//! Browser tests of the app's components, run in headless Chromium by
//! `cargo test -p lernort --target wasm32-unknown-unknown` (see scripts/test).
//!
//! Each test mounts what it tests into a fresh element, waits for a condition (never for
//! a fixed time) and unmounts. The test runner's server has no `centre/centre.json`, which
//! is exactly the "missing config" case.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use leptos::prelude::*;
use lernort::i18n::LANG_KEY;
use lernort_centre::Centre;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DILAS: &str = include_str!("../centres/dilas-soest/centre.json");

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh element to mount into, removed again by the returned guard.
struct Stage(web_sys::HtmlElement);

impl Stage {
    fn new() -> Stage {
        let el: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
        document().body().unwrap().append_child(&el).unwrap();
        Stage(el)
    }

    fn text(&self, selector: &str) -> Option<String> {
        self.0
            .query_selector(selector)
            .ok()
            .flatten()
            .and_then(|e| e.text_content())
    }

    /// Waits until the first element matching `selector` has the text `expected`.
    async fn until_text(&self, selector: &str, expected: &str) {
        let what = format!("{selector} to read {expected:?}");
        self.until_text_is(selector, &what, |text| text == expected)
            .await;
    }

    /// Waits until the first element matching `selector` has a text that passes `test`.
    async fn until_text_is(&self, selector: &str, what: &str, test: impl Fn(&str) -> bool) {
        until(what, || self.text(selector).is_some_and(|text| test(&text))).await;
    }

    fn click(&self, selector: &str) {
        let el: web_sys::HtmlElement = self
            .0
            .query_selector(selector)
            .unwrap()
            .unwrap()
            .unchecked_into();
        el.click();
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        self.0.remove();
    }
}

/// Lets the browser run one task (timers, fetch callbacks, reactive effects).
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits until `condition` holds, up to 5 s; panics with `what` if it never does.
async fn until(what: &str, mut condition: impl FnMut() -> bool) {
    for _ in 0..500 {
        if condition() {
            return;
        }
        next_task().await;
    }
    panic!("timed out waiting for: {what}");
}

fn clear_storage() {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
}

fn shell() -> impl IntoView {
    let centre = Arc::new(Centre::from_json(DILAS).unwrap());
    lernort::i18n::provide_i18n();
    view! { <lernort::components::shell::Shell centre /> }
}

#[wasm_bindgen_test]
async fn missing_config_shows_a_message_page_with_the_reason() {
    let stage = Stage::new();
    let _app = leptos::mount::mount_to(stage.0.clone(), lernort::App);
    stage
        .until_text("h1", "Die Seite kann gerade nicht angezeigt werden")
        .await;
    let details = stage.text("details").unwrap();
    assert!(details.contains("HTTP 404"), "{details}");
    assert!(stage.text("button").unwrap().contains("Erneut versuchen"));
}

#[wasm_bindgen_test]
async fn links_navigate_in_the_app_and_back_returns() {
    clear_storage();
    let stage = Stage::new();
    let start = web_sys::window().unwrap().location().pathname().unwrap();
    let _app = leptos::mount::mount_to(stage.0.clone(), shell);
    stage.until_text("h1", "DiLAS Soest").await;

    stage.click("nav.main-nav a[href='/kurse']");
    stage.until_text("h1", "Kursprogramm").await;
    assert_eq!(
        web_sys::window().unwrap().location().pathname().unwrap(),
        "/kurse"
    );
    assert_eq!(
        stage.text("nav.main-nav a[aria-current='page']").as_deref(),
        Some("Kurse")
    );
    // The focus moves in the next animation frame: wait for it, do not race it.
    until("focus moves to the new page's heading", || {
        document()
            .active_element()
            .and_then(|e| e.text_content())
            .as_deref()
            == Some("Kursprogramm")
    })
    .await;

    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .back()
        .unwrap();
    stage.until_text("h1", "DiLAS Soest").await;
    assert_eq!(
        web_sys::window().unwrap().location().pathname().unwrap(),
        start
    );
}

#[wasm_bindgen_test]
async fn chosen_language_switches_texts_and_is_remembered() {
    clear_storage();
    let stage = Stage::new();
    let _app = leptos::mount::mount_to(stage.0.clone(), shell);
    until("the shell", || stage.text("nav.main-nav").is_some()).await;
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    assert_eq!(
        storage.length().unwrap(),
        0,
        "nothing stored before the visitor chooses"
    );

    stage.click(".language-switch button[lang='en']");
    stage
        .until_text_is("nav.main-nav", "English navigation", |t| {
            t.contains("Courses")
        })
        .await;
    assert_eq!(
        document()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("en")
    );
    assert_eq!(storage.get_item(LANG_KEY).unwrap().as_deref(), Some("en"));
    let offered = stage.text(".language-switch button");
    assert_eq!(
        offered.as_deref(),
        Some("Deutsch"),
        "the switch now offers German"
    );
    clear_storage();
}

/// The live floor without a stream (no gateway address): offline at once, said in words,
/// and the pause button works.
#[wasm_bindgen_test]
async fn floor_offline_is_said_and_pause_works() {
    clear_storage();
    let stage = Stage::new();
    let _app = leptos::mount::mount_to(stage.0.clone(), || {
        lernort::i18n::provide_i18n();
        view! { <lernort::components::floor::FloorLive url=None /> }
    });
    stage
        .until_text_is(".floor-status", "the offline state", |t| {
            t.starts_with("Offline – keine Verbindung")
        })
        .await;
    assert_eq!(
        stage.text(".floor-summary").as_deref(),
        Some("Noch keine Daten vom Sensorboden.")
    );

    stage.click(".floor-pause");
    stage.until_text(".floor-pause", "Fortsetzen").await;
    assert!(stage
        .text(".floor-status")
        .unwrap()
        .starts_with("Angehalten · Offline"));
    stage.click(".floor-pause");
    stage.until_text(".floor-pause", "Anhalten").await;
}

/// The painter makes the raster the canvas's backing store and puts its pixels there; the
/// canvas keeps its CSS size, to which the compositor scales it.
#[wasm_bindgen_test]
fn the_painter_puts_the_raster_as_the_backing_store() {
    use lernort_floor_view::{context_2d, grid_layout, ColourMap, Floor, Painter};
    let stage = Stage::new();
    let canvas: web_sys::HtmlCanvasElement = document()
        .create_element("canvas")
        .unwrap()
        .unchecked_into();
    let style = web_sys::HtmlElement::style(&canvas);
    style.set_property("width", "1000px").unwrap();
    style.set_property("height", "625px").unwrap();
    stage.0.append_child(&canvas).unwrap();
    let mut floor = Floor::new(grid_layout(16, 10).into(), true);
    floor.step(16.0);
    floor.paint(ColourMap::Cividis);
    let mut painter = Painter::new(canvas.clone()).expect("a 2D context");
    assert!(!painter.has_picture());
    painter.put(floor.raster());
    assert!(painter.has_picture());
    assert_eq!((canvas.width(), canvas.height()), (128, 80));
    assert_eq!((canvas.client_width(), canvas.client_height()), (1000, 625));
    let pixels = context_2d(&canvas)
        .unwrap()
        .get_image_data(0.0, 0.0, 128.0, 80.0)
        .unwrap()
        .data();
    assert_eq!(&pixels[..], floor.raster().rgba());
}

/// "Now" for the catalogue tests: the catalogue's `generated` time, 15.01.2027 08:00 in
/// Berlin, whatever the machine's clock shows. The app reads `Date.now()`, which this wraps
/// (once per page) to run on from that instant.
fn pin_clock() {
    js_sys::eval(
        "if (!Date.lernortReal) { Date.lernortReal = Date.now; \
         const offset = Date.parse('2027-01-15T08:00:00+01:00') - Date.now(); \
         Date.now = () => Date.lernortReal() + offset; }",
    )
    .unwrap();
}

/// A small catalogue for the tests: two courses after its `generated` time (the tests'
/// "now", [`pin_clock`]).
const CATALOGUE: &str = r#"{
  "format": 1, "generated": "2027-01-15T08:00:00+01:00",
  "providers": [{"id": "vhs-soest", "name": "VHS Soest", "kind": "vhs"}],
  "categories": [{"id": "ki", "name": "Künstliche Intelligenz"}, {"id": "code", "name": "Programmieren"}],
  "venues": [{"id": "dilas", "name": "DiLAS", "street": "Markt 1", "postalCode": "59494", "city": "Soest", "stepFree": true}],
  "courses": [
    {"id": "1", "slug": "ki-fuer-alle", "name": "KI für alle", "provider": "vhs-soest",
     "categories": ["ki"], "venue": "dilas", "isAccessibleForFree": true,
     "description": "Mit **Beispielen**.\n\n- eins\n- zwei",
     "sessions": [{"startDate": "2027-03-04T18:00:00+01:00", "endDate": "2027-03-04T20:00:00+01:00"}]},
    {"id": "2", "slug": "python-am-abend", "name": "Python am Abend", "provider": "vhs-soest",
     "categories": ["code"], "venue": "dilas", "offers": {"price": 4900},
     "bookingUrl": "https://www.vhs-soest.de/kurse/2",
     "sessions": [{"startDate": "2027-03-05T18:00:00+01:00", "endDate": "2027-03-05T20:00:00+01:00"},
                  {"startDate": "2027-03-12T18:00:00+01:00", "endDate": "2027-03-12T20:00:00+01:00"}]}
  ]
}"#;

fn location() -> (String, String) {
    let location = web_sys::window().unwrap().location();
    (location.pathname().unwrap(), location.search().unwrap())
}

/// The input element matching `selector`.
fn input_at(selector: &str) -> web_sys::HtmlInputElement {
    let element = document().query_selector(selector).unwrap();
    element.expect(selector).unchecked_into()
}

/// Fires a bubbling `input` event, as typing does.
fn type_into(selector: &str, text: &str) {
    let input = input_at(selector);
    input.set_value(text);
    let fire = js_sys::Function::new_with_args(
        "el",
        "el.dispatchEvent(new Event('input', { bubbles: true }))",
    );
    fire.call1(&wasm_bindgen::JsValue::NULL, &input).unwrap();
}

#[wasm_bindgen_test]
fn favourites_are_read_tolerantly_and_written_as_json() {
    use lernort::components::catalogue::{favourites_json, parse_favourites};
    assert_eq!(
        parse_favourites(r#"["ki-fuer-alle", "python", "ki-fuer-alle", "Kaputt!", 3]"#),
        ["ki-fuer-alle", "python"]
    );
    assert!(parse_favourites("not json").is_empty());
    assert!(parse_favourites("").is_empty());
    let list = vec!["a".to_string(), "b-2".to_string()];
    assert_eq!(favourites_json(&list), r#"["a","b-2"]"#);
    assert_eq!(parse_favourites(&favourites_json(&list)), list);
}

#[wasm_bindgen_test]
async fn search_state_lives_in_the_url_and_survives_the_way_to_a_course_and_back() {
    clear_storage();
    pin_clock();
    lernort::components::catalogue::preload(CATALOGUE, "data/catalogue.json").unwrap();
    let history = web_sys::window().unwrap().history().unwrap();
    let (start, _) = location();
    let stage = Stage::new();
    let _app = leptos::mount::mount_to(stage.0.clone(), shell);
    until("the shell", || stage.text("nav.main-nav").is_some()).await;
    stage.click("nav.main-nav a[href='/kurse']");
    stage.until_text(".result-count", "2 Kurse gefunden").await;

    // Typing re-filters and replaces the URL's query: no new history entry.
    let entries = history.length().unwrap();
    type_into("#kurssuche", "fuer ");
    stage.until_text(".result-count", "1 Kurs gefunden").await;
    assert_eq!(location(), ("/kurse".into(), "?q=fuer".into()));
    assert_eq!(
        history.length().unwrap(),
        entries,
        "replaceState, not pushState"
    );
    let input = input_at("#kurssuche");
    assert_eq!(
        input.value(),
        "fuer ",
        "what the visitor types stays as typed"
    );
    assert_eq!(
        stage.text(".course-row h2 a").as_deref(),
        Some("KI für alle")
    );

    // The result links carry the query; the course page leads back to it.
    stage.click(".course-row h2 a");
    stage.until_text("h1", "KI für alle").await;
    assert_eq!(location(), ("/kurse/ki-fuer-alle".into(), "?q=fuer".into()));
    let back = document()
        .query_selector(".back-link a")
        .unwrap()
        .unwrap()
        .get_attribute("href");
    assert_eq!(back.as_deref(), Some("/kurse?q=fuer"));
    assert_eq!(
        stage.text(".description strong").as_deref(),
        Some("Beispielen"),
        "Markdown becomes elements"
    );

    // Browser Back restores the filtered list and the search box.
    history.back().unwrap();
    stage.until_text(".result-count", "1 Kurs gefunden").await;
    assert_eq!(location(), ("/kurse".into(), "?q=fuer".into()));
    let input = input_at("#kurssuche");
    assert_eq!(input.value(), "fuer");

    // Reset clears the query.
    stage.click(".reset");
    stage.until_text(".result-count", "2 Kurse gefunden").await;
    assert_eq!(location(), ("/kurse".into(), "".into()));
    assert_eq!(input.value(), "");

    // Marking a course stores it; nothing was stored before.
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    assert_eq!(storage.get_item("lernort.favourites").unwrap(), None);
    stage.click(".course-row .fav-toggle");
    until("pressed", || {
        document()
            .query_selector(".course-row .fav-toggle[aria-pressed='true']")
            .unwrap()
            .is_some()
    })
    .await;
    assert_eq!(
        storage.get_item("lernort.favourites").unwrap().as_deref(),
        Some(r#"["ki-fuer-alle"]"#)
    );
    clear_storage();
    // Leave the address as found, for the other tests.
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&start))
        .unwrap();
}
