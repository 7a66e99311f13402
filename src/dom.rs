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
        document()
            .and_then(|d| d.base_uri().ok().flatten())
            .and_then(|uri| web_sys::Url::new(&uri).ok())
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

thread_local! {
    /// The content the server rendered into `#boot > main` for the address the browser
    /// loaded (static course pages, written by `lernort-dist finish`), with that address.
    static SERVER_PAGE: std::cell::RefCell<Option<(String, web_sys::Element)>> =
        const { std::cell::RefCell::new(None) };
}

/// The current address's path, without a trailing slash (except for `/`).
pub fn current_path() -> String {
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    match path.strip_suffix('/') {
        Some(trimmed) if !trimmed.is_empty() => trimmed.to_string(),
        _ => path,
    }
}

/// Removes what index.html shows before the wasm has started: the "loading" text, or on a
/// server-rendered page its content, which is kept for [`server_content`].
pub fn remove_boot_placeholder() {
    if let Some(boot) = document().and_then(|d| d.get_element_by_id("boot")) {
        if let Some(main) = boot.query_selector("main").ok().flatten() {
            SERVER_PAGE.with(|page| *page.borrow_mut() = Some((current_path(), main)));
        }
        boot.remove();
    }
}

/// A copy of the server-rendered content for `path`, if the browser loaded that address
/// from a server-rendered page.
pub fn server_content(path: &str) -> Option<web_sys::Element> {
    SERVER_PAGE.with(|page| {
        page.borrow()
            .as_ref()
            .filter(|(loaded, _)| loaded == path)
            .and_then(|(_, main)| main.clone_node_with_deep(true).ok())
            .and_then(|node| node.dyn_into::<web_sys::Element>().ok())
    })
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

/// The wall-clock time in Europe/Berlin now.
pub fn now_in_berlin() -> lernort_time::LocalDateTime {
    lernort_time::to_berlin((js_sys::Date::now() / 1000.0) as i64)
}
