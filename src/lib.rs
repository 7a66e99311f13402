//! Lernort — the public web app of a digital learning and working centre.
//!
//! [`App`] loads the centre's config (`centre/centre.json`), then renders the shell and
//! the routes; a missing or broken config gives a message page instead of a blank screen.
//! Logic lives in the plain-Rust crates under `crates/` (tested natively); the modules here
//! are thin components. See ARCHITECTURE.md for the code map.

pub mod api;
pub mod components;
pub mod dom;
#[cfg(feature = "kiosk")]
mod heap;
pub mod i18n;
pub mod pages;
pub mod router;

use leptos::either::EitherOf3;
use leptos::prelude::*;

use crate::components::shell::Shell;
use crate::pages::config_error::ConfigErrorPage;

/// How often a failed config load is tried again by itself.
const CONFIG_RETRY_SECONDS: u64 = 30;

/// Where loading the centre config stands.
#[derive(Clone)]
enum ConfigState {
    Loading,
    Ready(std::sync::Arc<lernort_centre::Centre>),
    Failed(api::LoadError),
}

/// The whole app: language, config loading, then the shell with its routes.
#[component]
pub fn App() -> impl IntoView {
    i18n::provide_i18n();
    let t = i18n::use_i18n();
    // A plain signal and one task rather than Suspense: the config loads once per visit,
    // and the async-resource machinery would cost every visitor KiBs of wasm.
    let state = RwSignal::new(ConfigState::Loading);
    let load = move || {
        state.set(ConfigState::Loading);
        leptos::task::spawn_local(async move {
            state.set(match api::load_centre().await {
                Ok(centre) => ConfigState::Ready(centre),
                Err(error) => ConfigState::Failed(error),
            });
        });
    };
    load();
    // Unattended screens must come back by themselves when the config does (a server
    // restarted, a file fixed): while it fails, try again every 30 s, quietly (the
    // message page stays as it is until a try succeeds).
    set_interval(
        move || {
            if matches!(state.get_untracked(), ConfigState::Failed(_)) {
                leptos::task::spawn_local(async move {
                    if let Ok(centre) = api::load_centre().await {
                        state.set(ConfigState::Ready(centre));
                    }
                });
            }
        },
        std::time::Duration::from_secs(CONFIG_RETRY_SECONDS),
    );
    dom::remove_boot_placeholder();
    dom::register_service_worker();

    move || match state.get() {
        ConfigState::Loading => EitherOf3::A(view! {
            <main id="main" class="loading">
                <p role="status">{t.msg(lernort_i18n::Msg::Loading)}</p>
            </main>
        }),
        ConfigState::Ready(centre) => EitherOf3::B(view! { <Shell centre /> }),
        ConfigState::Failed(error) => EitherOf3::C(view! { <ConfigErrorPage error retry=load /> }),
    }
}
