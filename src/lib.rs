//! Lernort — the public web app of a digital learning and working centre.
//!
//! [`App`] loads the centre's config (`centre/centre.json`), then renders the shell and
//! the routes; a missing or broken config gives a message page instead of a blank screen.
//! Logic lives in the plain-Rust crates under `crates/` (tested natively); the modules here
//! are thin components. See ARCHITECTURE.md for the code map.

pub mod api;
pub mod components;
pub mod dom;
pub mod i18n;
pub mod pages;
pub mod routes;

use leptos::either::Either;
use leptos::prelude::*;

use crate::components::shell::Shell;
use crate::pages::config_error::ConfigErrorPage;

/// The whole app: language, config loading, then the shell with its routes.
#[component]
pub fn App() -> impl IntoView {
    i18n::provide_i18n();
    let t = i18n::use_i18n();
    // Bumped by the retry button of the error page; the resource re-fetches when it changes.
    let attempt = RwSignal::new(0u32);
    let centre = LocalResource::new(move || {
        attempt.track();
        api::load_centre()
    });
    dom::remove_boot_placeholder();

    view! {
        <Suspense fallback=move || {
            view! {
                <main id="main" class="loading">
                    <p role="status">{t.msg(lernort_i18n::Msg::Loading)}</p>
                </main>
            }
        }>
            {move || Suspend::new(async move {
                match centre.await {
                    Ok(centre) => Either::Left(view! { <Shell centre /> }),
                    Err(error) => {
                        let retry = move || attempt.update(|n| *n += 1);
                        Either::Right(view! { <ConfigErrorPage error retry /> })
                    }
                }
            })}
        </Suspense>
    }
}
