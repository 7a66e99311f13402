//! A small client-side router: the current location (the [`Route`] and the query string)
//! as signals, same-site links that navigate without a reload, and Back/Forward through
//! `popstate`.
//!
//! The query string is page state, for example the catalogue's search and filters: a page
//! changes it with [`Router::replace_query`] (`history.replaceState`, so typing does not
//! fill the history), while following a link is a real navigation (`pushState`). Back,
//! Forward and a reload restore both parts.
//!
//! Why not `leptos_router`: this app has ten flat routes, and the general router cost
//! about 14 KiB of gzip-compressed wasm that every visitor downloads (measured, see
//! ARCHITECTURE.md). Routes are a plain type in `lernort-routes`, tested natively.
//!
//! Links are ordinary `<a href>` elements made with [`href`], so they work with the
//! middle button, "open in new tab" and without JavaScript on the static pages.

use leptos::ev;
use leptos::prelude::*;
use lernort_routes::Route;
use wasm_bindgen::JsCast;

use crate::dom;

/// The current location; cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct Router {
    route: RwSignal<Route>,
    /// The query string without its `?`; a separate signal, so that a page whose query
    /// changes is not rebuilt, only what reads the query.
    query: RwSignal<String>,
}

impl Router {
    /// The current route (tracked).
    pub fn route(self) -> Route {
        self.route.get()
    }

    /// The current query string without the leading `?` (tracked).
    pub fn query(self) -> String {
        self.query.get()
    }

    /// The current query string, untracked.
    pub fn query_untracked(self) -> String {
        self.query.get_untracked()
    }

    /// Replaces the query string of the current history entry (no new entry), e.g. as
    /// filters change: `history.replaceState`, then the signal.
    pub fn replace_query(self, query: &str) {
        if self.query.with_untracked(|q| q == query) {
            return;
        }
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let url = self
                .route
                .with_untracked(|route| href_with_query(route, query));
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
        self.query.set(query.to_string());
    }

    /// Sets both parts; the route only when it changed, so the page stays mounted when
    /// just the query differs (Back from one filter state to another).
    fn set(self, route: Route, query: String) {
        if self.route.with_untracked(|r| *r != route) {
            self.route.set(route);
        }
        if self.query.with_untracked(|q| *q != query) {
            self.query.set(query);
        }
    }

    /// The `aria-current` value for a navigation link to `target` (tracked): `"page"` on
    /// that page, `"true"` on a page within its section, nothing elsewhere.
    pub fn current_marker(self, target: &Route) -> Option<&'static str> {
        self.route.with(|route| {
            if route == target {
                Some("page")
            } else if route.section() == *target {
                Some("true")
            } else {
                None
            }
        })
    }
}

/// The link target for a route, with the deployment's base path in front.
pub fn href(route: &Route) -> String {
    format!("{}{}", dom::base_path(), route.path())
}

/// A link target with a query string (none when `query` is empty).
pub fn href_with_query(route: &Route, query: &str) -> String {
    let mut url = href(route);
    if !query.is_empty() {
        url.push('?');
        url.push_str(query);
    }
    url
}

/// The route for a pathname (with the base path) and the query string (with or without
/// its `?`).
fn location(path: &str, search: &str) -> (Route, String) {
    let route = Route::parse(path.strip_prefix(dom::base_path()).unwrap_or(path));
    (
        route,
        search.strip_prefix('?').unwrap_or(search).to_string(),
    )
}

/// The location the browser shows now.
fn current_location() -> (Route, String) {
    let Some(place) = web_sys::window().map(|w| w.location()) else {
        return (Route::Home, String::new());
    };
    location(
        &place.pathname().unwrap_or_default(),
        &place.search().unwrap_or_default(),
    )
}

/// Starts routing: reads the address bar, follows Back/Forward and takes over clicks on
/// links into the app.
pub fn provide_router() -> Router {
    let (route, query) = current_location();
    let router = Router {
        route: RwSignal::new(route),
        query: RwSignal::new(query),
    };
    let back_and_forward = window_event_listener(ev::popstate, move |_| {
        let (route, query) = current_location();
        router.set(route, query);
    });
    let link_clicks = window_event_listener(ev::click, move |event| {
        if let Some(url) = in_app_link(&event) {
            event.prevent_default();
            navigate_to(router, &url);
        }
    });
    // The listeners belong to the shell: gone when it is unmounted.
    on_cleanup(move || {
        back_and_forward.remove();
        link_clicks.remove();
    });
    provide_context(router);
    router
}

/// The router; panics outside the shell.
pub fn use_router() -> Router {
    expect_context()
}

/// Goes to `url` (absolute, same site) without reloading: history entry, route, scroll to
/// the top, and focus on the new page's heading so screen readers start there.
fn navigate_to(router: Router, url: &web_sys::Url) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url.href()));
    }
    let (route, query) = location(&url.pathname(), &url.search());
    router.set(route, query);
    window.scroll_to_with_x_and_y(0.0, 0.0);
    request_animation_frame(dom::focus_main_heading);
}

/// The URL of a plain left click on a link into this app, if that is what `event` is.
/// Everything else (new-tab clicks, downloads, other sites, files, same-page fragments,
/// pages of the other bundle) is left to the browser.
fn in_app_link(event: &web_sys::MouseEvent) -> Option<web_sys::Url> {
    if event.default_prevented()
        || event.button() != 0
        || event.ctrl_key()
        || event.meta_key()
        || event.shift_key()
        || event.alt_key()
    {
        return None;
    }
    let anchor = event
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("a[href]")
        .ok()??
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .ok()?;
    if !matches!(anchor.target().as_str(), "" | "_self") || anchor.has_attribute("download") {
        return None;
    }
    let url = web_sys::Url::new(&anchor.href()).ok()?;
    let here = web_sys::window()?.location();
    let base = dom::base_path();
    let path = url.pathname();
    let in_app = url.origin() == here.origin().ok()?
        && (path == base || path.starts_with(&format!("{base}/")))
        && !path.rsplit('/').next().unwrap_or_default().contains('.');
    let same_page_fragment = path == here.pathname().ok()? && !url.hash().is_empty();
    let target_in_this_build = crate::pages::in_this_build(&location(&path, "").0);
    (in_app && !same_page_fragment && target_in_this_build).then_some(url)
}
