//! The page of one course, at `/kurse/<id>`.

use leptos::prelude::*;
use lernort_i18n::Msg;
use lernort_routes::Route;

use crate::components::page::{use_page_title, ServerContent};
use crate::i18n::use_i18n;
use crate::router::href;

/// One course: the page the server rendered for it at build time, or, for an address no
/// course has, a plain "not found" that leads back to the programme.
#[component]
pub fn CoursePage(
    /// The course's URL slug.
    id: String,
) -> impl IntoView {
    if let Some(content) = crate::dom::server_content(&crate::dom::current_path()) {
        return view! { <ServerContent content /> }.into_any();
    }
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
    .into_any()
}
