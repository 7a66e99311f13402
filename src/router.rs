//! A small client-side router: the current [`Route`] as a signal, same-site links that
//! navigate without a reload, and Back/Forward through `popstate`.
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

/// The current route; cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct Router {
    route: RwSignal<Route>,
}

impl Router {
    /// The current route (tracked).
    pub fn route(self) -> Route {
        self.route.get()
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

/// The route of the page the browser shows now.
fn current_route() -> Route {
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    Route::parse(path.strip_prefix(dom::base_path()).unwrap_or(&path))
}

/// Starts routing: reads the address bar, follows Back/Forward and takes over clicks on
/// links into the app.
pub fn provide_router() -> Router {
    let route = RwSignal::new(current_route());
    let router = Router { route };
    let back_and_forward = window_event_listener(ev::popstate, move |_| route.set(current_route()));
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
    let path = url.pathname();
    router.route.set(Route::parse(
        path.strip_prefix(dom::base_path()).unwrap_or(&path),
    ));
    window.scroll_to_with_x_and_y(0.0, 0.0);
    request_animation_frame(dom::focus_main_heading);
}

/// The URL of a plain left click on a link into this app, if that is what `event` is.
/// Everything else (new-tab clicks, downloads, other sites, files, same-page fragments)
/// is left to the browser.
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
    // The catalogue's pages are rendered by the server at build time: load them from there.
    let route = Route::parse(path.strip_prefix(base).unwrap_or(&path));
    let server_page = matches!(route, Route::Courses | Route::Course { .. });
    (in_app && !same_page_fragment && !server_page).then_some(url)
}
