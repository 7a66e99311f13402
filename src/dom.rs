//! Small, failure-tolerant helpers around the browser document. None of them panics: a
//! browser that refuses (private mode, old engine) just loses the nicety.

use std::sync::OnceLock;

use lernort_centre::Colours;
use lernort_i18n::Lang;
use wasm_bindgen::JsCast;

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// The path of the page's `<base href>` without the trailing slash: `""` at a host's root,
/// `"/lernort"` under a sub-path. Read once; it never changes while the app runs.
pub fn base_path() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| {
        web_sys::Url::new(&base_url())
            .map(|url| url.pathname().trim_end_matches('/').to_string())
            .unwrap_or_default()
    })
}

/// Sets `<html lang>` so screen readers pronounce the page right.
pub fn set_document_lang(lang: Lang) {
    if let Some(html) = document().and_then(|d| d.document_element()) {
        let _ = html.set_attribute("lang", lang.code());
    }
}

/// Sets the browser tab's title.
pub fn set_title(title: &str) {
    if let Some(d) = document() {
        d.set_title(title);
    }
}

/// Applies the centre's colours as CSS custom properties on `<html>` (through the CSSOM,
/// which the Content-Security-Policy allows, unlike inline style attributes).
pub fn apply_colours(colours: &Colours) {
    let Some(html) = document()
        .and_then(|d| d.document_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let style = html.style();
    for (name, colour) in [
        ("--background", colours.background),
        ("--surface", colours.surface),
        ("--text", colours.text),
        ("--muted-text", colours.muted_text),
        ("--primary", colours.primary),
        ("--on-primary", colours.on_primary),
        ("--link", colours.link),
        ("--focus", colours.focus),
    ] {
        let _ = style.set_property(name, &colour.to_string());
    }
}

/// The document's base URL (`<base href>`, absolute), e.g. `http://localhost:8080/`.
pub fn base_url() -> String {
    document()
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default()
}

/// Removes the "loading" text that index.html shows before the wasm has started.
pub fn remove_boot_placeholder() {
    if let Some(boot) = document().and_then(|d| d.get_element_by_id("boot")) {
        boot.remove();
    }
}

/// Moves keyboard focus to the main content's heading, so that after an in-app navigation
/// screen-reader and keyboard users start at the new page, not at the old link.
pub fn focus_main_heading() {
    let heading = document()
        .and_then(|d| d.query_selector("#main h1").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(heading) = heading {
        let _ = heading.set_attribute("tabindex", "-1");
        let _ = heading.focus();
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads a value the visitor chose earlier on this device.
pub fn load(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Remembers a value the visitor chose, on this device only.
pub fn store(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, value);
    }
}

/// The time now, Unix seconds.
pub fn now_unix() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// The wall-clock time in Europe/Berlin now.
pub fn now_in_berlin() -> lernort_time::LocalDateTime {
    lernort_time::to_berlin(now_unix())
}

/// Registers the service worker `sw.js` beside `index.html` (written by `lernort-dist
/// finish`) so that the app and the catalogue open offline. Quietly does nothing where the
/// browser has no service workers (plain http on another host) or the file is missing.
pub fn register_service_worker() {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return;
    };
    let has = js_sys::Reflect::get(&navigator, &"serviceWorker".into())
        .is_ok_and(|v| !v.is_undefined() && !v.is_null());
    if has {
        // A rejected registration (no sw.js) only means: no offline use. Caught, so the
        // console shows no error; the handler lives as long as the page (once per visit).
        let ignore = wasm_bindgen::closure::Closure::<dyn FnMut(wasm_bindgen::JsValue)>::new(
            |_: wasm_bindgen::JsValue| {},
        );
        let _ = navigator.service_worker().register("sw.js").catch(&ignore);
        ignore.forget();
    }
}

/// A listener for one event on one element, removed when this is dropped: the element
/// that owns a click handles it (no dispatch by class name), and whoever keeps the
/// element keeps its listener beside it.
pub struct Listener {
    target: web_sys::EventTarget,
    event: &'static str,
    closure: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl Listener {
    /// Calls `then` on each `event` at `target` until the listener is dropped.
    pub fn new(
        target: &web_sys::EventTarget,
        event: &'static str,
        then: impl FnMut() + 'static,
    ) -> Listener {
        let closure = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(then);
        let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
        Listener {
            target: target.clone(),
            event,
            closure,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.event, self.closure.as_ref().unchecked_ref());
    }
}
