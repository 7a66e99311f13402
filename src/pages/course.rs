//! The page of one course, at `/kurse/<id>`.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use lernort_i18n::Msg;

use crate::components::page::use_page_title;
use crate::i18n::use_i18n;
use crate::routes;

/// One course. No catalogue is connected yet, so every id is unknown: the page says so in
/// plain words and leads back to the programme.
#[component]
pub fn CoursePage() -> impl IntoView {
    let t = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    use_page_title(Msg::CourseTitle);
    view! {
        <div class="page">
            <h1>{t.msg(Msg::CourseTitle)}</h1>
            <p class="notice" data-course-id=id>{t.msg(Msg::CourseNotFound)}</p>
            <p>
                <a href=routes::href(routes::COURSES)>{t.msg(Msg::BackToCourses)}</a>
            </p>
        </div>
    }
}
