//! The page of one course, at `/kurse/<id>`.

use leptos::prelude::*;
use lernort_i18n::Msg;
use lernort_routes::Route;

use crate::components::page::use_page_title;
use crate::i18n::use_i18n;
use crate::router::href;

/// One course. No catalogue is connected yet, so every id is unknown: the page says so in
/// plain words and leads back to the programme.
#[component]
pub fn CoursePage(
    /// The course's URL slug.
    id: String,
) -> impl IntoView {
    let t = use_i18n();
    use_page_title(Msg::CourseTitle);
    view! {
        <div class="page">
            <h1>{t.msg(Msg::CourseTitle)}</h1>
            <p class="notice" data-course-id=id>{t.msg(Msg::CourseNotFound)}</p>
            <p>
                <a href=href(&Route::Courses)>{t.msg(Msg::BackToCourses)}</a>
            </p>
        </div>
    }
}
