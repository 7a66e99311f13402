//! The course catalogue.

use leptos::prelude::*;
use lernort_i18n::Msg;

use crate::components::page::{use_page_title, Notice};
use crate::i18n::use_i18n;

/// The catalogue page. The catalogue data and its search arrive with the catalogue issue;
/// until then the page says so instead of pretending.
#[component]
pub fn CoursesPage() -> impl IntoView {
    let t = use_i18n();
    use_page_title(Msg::CoursesTitle);
    view! {
        <div class="page">
            <h1>{t.msg(Msg::CoursesTitle)}</h1>
            <p class="lead">{t.msg(Msg::OfferCoursesText)}</p>
            <Notice text=Msg::SectionInPreparation />
        </div>
    }
}
