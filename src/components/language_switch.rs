//! Deutsch / English: two buttons, the current one marked pressed.

use leptos::prelude::*;
use lernort_i18n::{Lang, Msg};

use crate::i18n::use_i18n;

/// The language switch, for the languages the centre offers.
#[component]
pub fn LanguageSwitch(
    /// Languages offered, German first.
    languages: Vec<Lang>,
) -> impl IntoView {
    let t = use_i18n();
    let buttons = languages
        .into_iter()
        .map(|lang| {
            view! {
                <button
                    type="button"
                    lang=lang.code()
                    aria-pressed=move || (t.lang() == lang).to_string()
                    on:click=move |_| t.choose(lang)
                >
                    {lang.own_name()}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="language-switch" role="group" aria-label=t.msg(Msg::LanguageSwitch)>
            {buttons}
        </div>
    }
}
