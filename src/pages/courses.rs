//! The course catalogue.

use leptos::prelude::*;
use lernort_i18n::Msg;

use crate::components::page::{use_page_title, Notice, ServerContent};
use crate::i18n::use_i18n;

/// The catalogue page: the course list the server rendered at build time; without one (no
/// catalogue installed) a notice that the programme is being prepared.
#[component]
pub fn CoursesPage() -> impl IntoView {
    if let Some(content) = crate::dom::server_content(&crate::dom::current_path()) {
        return view! { <ServerContent content /> }.into_any();
    }
    let t = use_i18n();
    use_page_title(Msg::CoursesTitle);
    view! {
        <div class="page">
            <h1>{t.msg(Msg::CoursesTitle)}</h1>
            <p class="lead">{t.msg(Msg::OfferCoursesText)}</p>
            <Notice text=Msg::SectionInPreparation />
        </div>
    }
    .into_any()
}
