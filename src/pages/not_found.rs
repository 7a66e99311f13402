//! The page for addresses the app does not know.

use leptos::prelude::*;
use lernort_i18n::Msg;

use crate::components::page::use_page_title;
use crate::i18n::use_i18n;
use crate::router::href;
use lernort_routes::Route;

/// "Page not found", with a way back to the start page.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let t = use_i18n();
    use_page_title(Msg::NotFoundTitle);
    view! {
        <div class="page not-found">
            <h1>{t.msg(Msg::NotFoundTitle)}</h1>
            <p>{t.msg(Msg::NotFoundBody)}</p>
            <p>
                <a class="button" href=href(&Route::Home)>
                    {t.msg(Msg::NotFoundHome)}
                </a>
            </p>
        </div>
    }
}
