//! The language switch: one button per other language, named in that language
//! ("English" on German pages, "Deutsch" on English ones), as German public sites do.

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
    let buttons = move || {
        languages
            .iter()
            .copied()
            .filter(|lang| *lang != t.lang())
            .map(|lang| {
                view! {
                    <button type="button" lang=lang.code() on:click=move |_| t.choose(lang)>
                        {lang.own_name()}
                    </button>
                }
            })
            .collect_view()
    };
    view! {
        <div class="language-switch" role="group" aria-label=t.msg(Msg::LanguageSwitch)>
            {buttons}
        </div>
    }
}
