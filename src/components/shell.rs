//! The frame around every page: skip link, header with logo, name and navigation,
//! the routed main content, and the footer with the legal links.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::hooks::use_location;
use leptos_router::path;
use lernort_centre::Centre;
use lernort_i18n::Msg;

use crate::components::language_switch::LanguageSwitch;
use crate::i18n::use_i18n;
use crate::pages::{
    course::CoursePage, courses::CoursesPage, coworking::CoworkingPage, floor::FloorPage,
    home::HomePage, kiosk::KioskPage, legal::LegalPage, legal::LegalText, not_found::NotFoundPage,
};
use crate::{dom, routes};

/// The app once the centre config is loaded.
#[component]
pub fn Shell(
    /// The loaded, validated centre config.
    centre: Arc<Centre>,
) -> impl IntoView {
    dom::apply_colours(&centre.colours);
    provide_context(centre.clone());
    let base = dom::base_path();

    view! {
        <Router base>
            <SkipLink />
            <Header centre=centre.clone() />
            <main id="main">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/kurse") view=CoursesPage />
                    <Route path=path!("/kurse/:id") view=CoursePage />
                    <Route path=path!("/coworking") view=CoworkingPage />
                    <Route path=path!("/sensorboden") view=FloorPage />
                    <Route path=path!("/kiosk") view=KioskPage />
                    <Route
                        path=path!("/impressum")
                        view=|| view! { <LegalPage text=LegalText::Imprint /> }
                    />
                    <Route
                        path=path!("/datenschutz")
                        view=|| view! { <LegalPage text=LegalText::Privacy /> }
                    />
                    <Route
                        path=path!("/barrierefreiheit")
                        view=|| view! { <LegalPage text=LegalText::Accessibility /> }
                    />
                </Routes>
            </main>
            <Footer />
            <FocusOnNavigation />
        </Router>
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
    let logo_alt = centre.logo.alt.clone();
    let name = centre.name.clone();
    let links = [
        (routes::HOME, Msg::NavHome),
        (routes::COURSES, Msg::NavCourses),
        (routes::COWORKING, Msg::NavCoworking),
        (routes::FLOOR, Msg::NavFloor),
    ];
    view! {
        <header class="site-header">
            <div class="header-inner">
                <a class="brand" href=routes::href(routes::HOME)>
                    <img src=logo_src alt=move || t.pick(&logo_alt) width="40" height="40" />
                    <span class="brand-name">{name}</span>
                    <span class="visually-hidden">" – " {t.msg(Msg::HomeLinkLabel)}</span>
                </a>
                <LanguageSwitch languages=centre.languages.clone() />
            </div>
            <nav class="main-nav" aria-label=t.msg(Msg::MainNavigation)>
                <ul>
                    {links
                        .into_iter()
                        .map(|(path, label)| {
                            view! {
                                <li>
                                    <A href=routes::href(path) exact=true>
                                        {t.msg(label)}
                                    </A>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        </header>
    }
}

#[component]
fn Footer() -> impl IntoView {
    let t = use_i18n();
    let centre = crate::components::page::use_centre();
    let links = [
        (routes::IMPRINT, Msg::NavImprint),
        (routes::PRIVACY, Msg::NavPrivacy),
        (routes::ACCESSIBILITY, Msg::NavAccessibility),
        (routes::KIOSK, Msg::NavKiosk),
    ];
    let address = format!(
        "{}, {} {}",
        centre.address.street, centre.address.postal_code, centre.address.city
    );
    view! {
        <footer class="site-footer">
            <nav aria-label=t.msg(Msg::FooterNavigation)>
                <ul>
                    {links
                        .into_iter()
                        .map(|(path, label)| {
                            view! {
                                <li>
                                    <A href=routes::href(path)>{t.msg(label)}</A>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <p class="footer-address">{centre.name.clone()} " · " {address}</p>
        </footer>
    }
}

/// After an in-app navigation (not the first page load), focus the new page's heading.
#[component]
fn FocusOnNavigation() -> impl IntoView {
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|p| p != path) {
            request_animation_frame(dom::focus_main_heading);
        }
        path
    });
}
