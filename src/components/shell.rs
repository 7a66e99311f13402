//! The frame around every page: skip link, header with logo, name and navigation,
//! the routed main content, and the footer with the legal links.

use std::sync::Arc;

use leptos::prelude::*;
use lernort_centre::Centre;
use lernort_i18n::{link_name, Msg};
use lernort_routes::Route;

use crate::components::language_switch::LanguageSwitch;
use crate::dom;
use crate::i18n::use_i18n;
#[cfg(feature = "coworking")]
use crate::pages::coworking::CoworkingPage;
#[cfg(feature = "floor")]
use crate::pages::floor::FloorPage;
#[cfg(feature = "kiosk")]
use crate::pages::kiosk::KioskPage;
use crate::pages::not_found::NotFoundPage;
#[cfg(feature = "catalogue")]
use crate::pages::{course::CoursePage, courses::CoursesPage, favourites::FavouritesPage};
#[cfg(feature = "start")]
use crate::pages::{
    easy_language::EasyLanguagePage, home::HomePage, legal::LegalPage, legal::LegalText,
};
use crate::router::{href, provide_router, use_router};

/// The app once the centre config is loaded.
#[component]
pub fn Shell(
    /// The loaded, validated centre config.
    centre: Arc<Centre>,
) -> impl IntoView {
    dom::apply_colours(&centre.colours);
    provide_context(centre.clone());
    let router = provide_router();
    // The lab screens' page fills the screen: no header, navigation or footer. Its bundle
    // has no other page (the server sends it for kiosk/ only), so every link from it is a
    // page load and the route stays; built alone, the frame below is left out of the wasm.
    #[cfg(feature = "kiosk")]
    if !cfg!(any(
        feature = "start",
        feature = "catalogue",
        feature = "coworking"
    )) || untrack(|| router.route()) == Route::Kiosk
    {
        return view! { <KioskPage /> }.into_any();
    }
    // A route whose page is in the other bundle only comes here when the server had no
    // file for it (e.g. an unknown course): the not-found page is the truth then.
    let page = move || match router.route() {
        #[cfg(feature = "start")]
        Route::Home => view! { <HomePage /> }.into_any(),
        #[cfg(feature = "catalogue")]
        Route::Courses => view! { <CoursesPage /> }.into_any(),
        #[cfg(feature = "catalogue")]
        Route::Course { id } => view! { <CoursePage id /> }.into_any(),
        #[cfg(feature = "coworking")]
        Route::Coworking => view! { <CoworkingPage /> }.into_any(),
        #[cfg(feature = "floor")]
        Route::Floor => view! { <FloorPage /> }.into_any(),
        #[cfg(feature = "start")]
        Route::EasyLanguage => view! { <EasyLanguagePage /> }.into_any(),
        #[cfg(feature = "start")]
        Route::Imprint => view! { <LegalPage text=LegalText::Imprint /> }.into_any(),
        #[cfg(feature = "start")]
        Route::Privacy => view! { <LegalPage text=LegalText::Privacy /> }.into_any(),
        #[cfg(feature = "start")]
        Route::Accessibility => view! { <LegalPage text=LegalText::Accessibility /> }.into_any(),
        #[cfg(feature = "catalogue")]
        Route::Favourites => view! { <FavouritesPage /> }.into_any(),
        #[allow(unreachable_patterns)] // with all features on
        _ => view! { <NotFoundPage /> }.into_any(),
    };

    view! {
        <SkipLink />
        <Header centre=centre.clone() />
        <main id="main">{page}</main>
        <Footer />
    }
    .into_any()
}

/// A navigation link marked `aria-current="page"` on its own page and `"true"` on a page
/// inside its section (a course, for "Kurse").
#[component]
fn NavLink(route: Route, label: Msg) -> impl IntoView {
    let t = use_i18n();
    let router = use_router();
    let target = href(&route);
    let current = move || router.current_marker(&route);
    view! {
        <a href=target aria-current=current>
            {t.msg(label)}
        </a>
    }
}

/// "Skip to content". Handled in code because with a `<base href>` a plain `#main` link
/// would resolve against the base and leave the page.
#[component]
fn SkipLink() -> impl IntoView {
    let t = use_i18n();
    view! {
        <a
            class="skip-link"
            href="#main"
            on:click=|ev| {
                ev.prevent_default();
                dom::focus_main_heading();
            }
        >
            {t.msg(Msg::SkipToContent)}
        </a>
    }
}

#[component]
fn Header(centre: Arc<Centre>) -> impl IntoView {
    let t = use_i18n();
    let logo_src = centre.logo_url();
    let name = centre.name.clone();
    let links = [Route::Home, Route::Courses, Route::Coworking, Route::Floor];
    view! {
        <header class="site-header">
            <div class="header-inner">
                <a class="brand" href=href(&Route::Home)>
                    // The name follows as text, so the logo is decorative here (alt=""): a screen
                    // reader would otherwise read the name twice.
                    <img src=logo_src alt="" width="40" height="40" />
                    <span class="brand-name">{name}</span>
                    <span class="visually-hidden">" – " {t.msg(Msg::HomeLinkLabel)}</span>
                </a>
                <LanguageSwitch languages=centre.languages.clone() />
            </div>
            <nav class="main-nav" aria-label=t.msg(Msg::MainNavigation)>
                {nav_list(&links)}
            </nav>
        </header>
    }
}

/// A navigation's links as a list, each named by `lernort_i18n::link_name`.
fn nav_list(links: &[Route]) -> impl IntoView {
    let items = links.iter().filter_map(|route| {
        let (route, label) = (route.clone(), link_name(route)?);
        Some(view! {
            <li>
                <NavLink route label />
            </li>
        })
    });
    view! { <ul>{items.collect_view()}</ul> }
}

#[component]
fn Footer() -> impl IntoView {
    let t = use_i18n();
    let centre = crate::components::page::use_centre();
    let links = [
        Route::EasyLanguage,
        Route::Imprint,
        Route::Privacy,
        Route::Accessibility,
        Route::Kiosk,
    ];
    let address = format!(
        "{}, {} {}",
        centre.address.street, centre.address.postal_code, centre.address.city
    );
    view! {
        <footer class="site-footer">
            <nav aria-label=t.msg(Msg::FooterNavigation)>
                {nav_list(&links)}
            </nav>
            <p class="footer-address">{centre.name.clone()} " · " {address}</p>
        </footer>
    }
}
