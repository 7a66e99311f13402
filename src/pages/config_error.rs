//! Shown instead of the app when the centre config is missing or broken.

use leptos::prelude::*;
use lernort_i18n::Msg;

use crate::{api::LoadError, dom, i18n::use_i18n};

/// A plain message page: what happened, that it is not the visitor's fault, a retry button,
/// and the technical reason folded away for the operators.
#[component]
pub fn ConfigErrorPage(
    /// What went wrong.
    error: LoadError,
    /// Loads the config again.
    retry: impl Fn() + 'static,
) -> impl IntoView {
    let t = use_i18n();
    Effect::new(move || dom::set_title(t.text(Msg::ConfigErrorTitle)));
    view! {
        <main id="main" class="config-error">
            <h1>{t.msg(Msg::ConfigErrorTitle)}</h1>
            <p>{t.msg(Msg::ConfigErrorBody)}</p>
            <p>
                <button type="button" class="button" on:click=move |_| retry()>
                    {t.msg(Msg::RetryButton)}
                </button>
            </p>
            <details>
                <summary>{t.msg(Msg::ConfigErrorDetails)}</summary>
                <p class="error-detail" lang="en">{error.to_string()}</p>
            </details>
        </main>
    }
}
