//! The page of one course, at `/kurse/<slug>`. Its query string is the catalogue's (the
//! result links carry it), so the back link returns to the same results.

use leptos::html::Div;
use leptos::prelude::*;
use lernort_i18n::{Lang, Msg};
use lernort_routes::Route;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;

use crate::components::catalogue::{catalogue_status, ready, use_catalogue, Favourites};
use crate::components::course_dom;
use crate::components::page::use_centre;
use crate::dom;
use crate::i18n::use_i18n;
use crate::router::{href, href_with_query, use_router};

/// Shares the course's address: the Web Share API where the browser has it, otherwise
/// the clipboard; what happened is said in `status` (nothing after the share sheet).
fn share(title: &str, url: &str, status: web_sys::Element, lang: Lang) {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return;
    };
    let has = |name: &str| js_sys::Reflect::has(&navigator, &JsValue::from_str(name)) == Ok(true);
    let failed = format!("{} {url}", Msg::CourseCopyFailed.text(lang));
    let say = move |text: &str| status.set_text_content(Some(text));
    let sharing = has("share");
    let promise = if sharing {
        let data = web_sys::ShareData::new();
        data.set_title(title);
        data.set_url(url);
        navigator.share_with_data(&data)
    } else if has("clipboard") {
        navigator.clipboard().write_text(url)
    } else {
        say(&failed);
        return;
    };
    let copied = {
        let say = say.clone();
        move |_: JsValue| {
            if !sharing {
                say(Msg::CourseLinkCopied.text(lang));
            }
        }
    };
    // Closing the share sheet rejects too: then there is nothing to say.
    let not_copied = move |_: JsValue| {
        if !sharing {
            say(&failed);
        }
    };
    let ok: Closure<dyn FnMut(JsValue)> = Closure::once(copied);
    let err: Closure<dyn FnMut(JsValue)> = Closure::once(not_copied);
    let _ = promise.then2(&ok, &err);
    // Each is called at most once by the promise: a click's worth of memory.
    ok.forget();
    err.forget();
}

/// One course: everything about it, or a plain "not found" with the way back.
#[component]
pub fn CoursePage(
    /// The course's URL slug.
    id: String,
) -> impl IntoView {
    let t = use_i18n();
    let centre = use_centre();
    let router = use_router();
    let state = use_catalogue();
    let favourites = Favourites::load();
    // Back to the results with the filters of the list this course was opened from.
    let back = href_with_query(&Route::Courses, &router.query_untracked());
    let back_label = if back.contains('?') {
        Msg::CourseBackToResults
    } else {
        Msg::BackToCourses
    };
    // None while loading; Some(None) when the catalogue has no such course.
    let found = {
        let id = id.clone();
        Memo::new(move |_| {
            ready(state).map(|data| data.catalogue.courses.iter().position(|c| c.slug == id))
        })
    };
    let name = move || {
        let index = found.get().flatten()?;
        ready(state).and_then(|d| d.catalogue.courses.get(index).map(|c| c.name.clone()))
    };
    let heading = move || name().unwrap_or_else(|| t.text(Msg::CourseTitle).to_string());
    // The course's name is in the language the course is held in.
    let heading_lang = move || {
        let index = found.get().flatten()?;
        ready(state).and_then(|d| {
            d.catalogue
                .courses
                .get(index)
                .map(|c| c.in_language.clone())
        })
    };
    Effect::new(move || dom::set_title(&format!("{} – {}", heading(), centre.name)));

    let body = NodeRef::<Div>::new();
    let built = StoredValue::new(None::<(Lang, Option<usize>)>);
    Effect::new(move || {
        let (lang, saved, found) = (t.lang(), favourites.list(), found.get());
        let (Some(root), Some(data)) = (body.get(), ready(state)) else {
            return;
        };
        if built.get_value() != Some((lang, found.flatten())) {
            built.set_value(Some((lang, found.flatten())));
            root.set_text_content(None);
            match found.flatten() {
                Some(index) => {
                    course_dom::course_detail(&root, &data, index, lang, dom::now_unix())
                }
                None => {
                    course_dom::add_text(&root, "p", "notice", Msg::CourseNotFound.text(lang));
                }
            }
        }
        course_dom::set_pressed(&root, &saved, lang);
    });
    let clicked = move |ev: web_sys::MouseEvent| {
        if let Some(slug) = course_dom::favourite_clicked(&ev) {
            favourites.toggle(&slug);
        } else if course_dom::clicked(&ev, ".share-button").is_some() {
            let status = body
                .get_untracked()
                .and_then(|root| root.query_selector(".share-status").ok().flatten());
            let url = web_sys::window()
                .and_then(|w| w.location().origin().ok())
                .unwrap_or_default()
                + &href(&Route::Course { id: id.clone() });
            if let (Some(status), Some(title)) = (status, name()) {
                share(&title, &url, status, t.lang());
            }
        }
    };
    view! {
        <div class="page course-page">
            <p class="back-link">
                <a href=back>{t.msg(back_label)}</a>
            </p>
            <h1 lang=heading_lang>{heading}</h1>
            {catalogue_status(state)}
            <div class="course-body" node_ref=body on:click=clicked></div>
        </div>
    }
}
