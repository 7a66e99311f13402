//! The page of one course, at `/kurse/<slug>`. Its query string is the catalogue's (the
//! result links carry it), so the back link returns to the same results.
//!
//! What never changes once shown — the lead, the dates, the place, the description, the
//! facts — is the HTML that `lernort_catalogue::markup` renders for the static pages too;
//! only the actions (booking, calendar file, share, favourite) are built here, in `view!`.

use std::sync::Arc;

use leptos::prelude::*;
use lernort_catalogue::{markup, Availability};
use lernort_i18n::{Lang, Msg};
use lernort_routes::Route;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;

use crate::components::catalogue::{catalogue_status, ready, use_catalogue, Data, Favourites};
use crate::components::page::use_centre;
use crate::dom;
use crate::i18n::use_i18n;
use crate::router::{href, href_with_query, use_router};

/// Shares the course's address: the Web Share API where the browser has it, otherwise
/// the clipboard; what happened is told to `say` (nothing after the share sheet).
fn share(title: &str, url: &str, say: impl Fn(String) + Clone + 'static, lang: Lang) {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return;
    };
    let has = |name: &str| js_sys::Reflect::has(&navigator, &JsValue::from_str(name)) == Ok(true);
    let failed = format!("{} {url}", Msg::CourseCopyFailed.text(lang));
    let sharing = has("share");
    let promise = if sharing {
        let data = web_sys::ShareData::new();
        data.set_title(title);
        data.set_url(url);
        navigator.share_with_data(&data)
    } else if has("clipboard") {
        navigator.clipboard().write_text(url)
    } else {
        say(failed);
        return;
    };
    let copied = {
        let say = say.clone();
        move |_: JsValue| {
            if !sharing {
                say(Msg::CourseLinkCopied.text(lang).to_string());
            }
        }
    };
    // Closing the share sheet rejects too: then there is nothing to say.
    let not_copied = move |_: JsValue| {
        if !sharing {
            say(failed);
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
    let found = Memo::new(move |_| {
        ready(state).map(|data| data.catalogue.courses.iter().position(|c| c.slug == id))
    });
    let course = move || Some((ready(state)?, found.get()??));
    let heading = move || match course() {
        Some((data, index)) => data.catalogue.courses[index].name.clone(),
        None => t.text(Msg::CourseTitle).to_string(),
    };
    // The course's name is in the language the course is held in.
    let heading_lang =
        move || course().map(|(data, index)| data.catalogue.courses[index].in_language.clone());
    Effect::new(move || dom::set_title(&format!("{} – {}", heading(), centre.name)));
    let body = move || match (found.get()?, ready(state)?) {
        (None, _) => Some(view! { <p class="notice">{t.msg(Msg::CourseNotFound)}</p> }.into_any()),
        (Some(index), data) => {
            Some(view! { <CourseBody data=data index=index favourites=favourites /> }.into_any())
        }
    };
    view! {
        <div class="page course-page">
            <p class="back-link">
                <a href=back>{t.msg(back_label)}</a>
            </p>
            <h1 lang=heading_lang>{heading}</h1>
            {catalogue_status(state)}
            {body}
        </div>
    }
}

/// Course number `index`: its lead and sections as rendered by `markup`, its actions.
#[component]
fn CourseBody(data: Arc<Data>, index: usize, favourites: Favourites) -> impl IntoView {
    let t = use_i18n();
    let now = dom::now_unix();
    let course = &data.catalogue.courses[index];
    let availability = course.availability_at(now);
    let lead = {
        let data = data.clone();
        move || {
            let course = &data.catalogue.courses[index];
            markup::course_lead(course, t.lang(), now, &data.folder)
        }
    };
    let sections = {
        let data = data.clone();
        move || {
            let course = &data.catalogue.courses[index];
            markup::course_sections(&data.catalogue, course, t.lang(), now)
        }
    };
    use Availability as A;
    let booking = course.booking_url.clone().filter(|_| {
        !matches!(
            availability,
            A::Full | A::Cancelled | A::Past | A::Postponed
        )
    });
    let book_label = if availability == A::Waitlist {
        Msg::CourseWaitlist
    } else {
        Msg::CourseBook
    };
    let hint = {
        let data = data.clone();
        let booked = booking.is_some();
        move || {
            let course = &data.catalogue.courses[index];
            booked.then(|| markup::booking_hint(&data.catalogue, course, t.lang()))?
        }
    };
    // A postponed course's dates are void: nothing to put in a calendar yet.
    let calendar =
        (availability != A::Postponed).then(|| format!("data/kurse/{}.ics", course.slug));
    let file = format!("{}.ics", course.slug);
    let shared = RwSignal::new(String::new());
    let (slug, name) = (course.slug.clone(), course.name.clone());
    let on_share = {
        let (slug, name) = (slug.clone(), name.clone());
        move |_: web_sys::MouseEvent| {
            let origin = web_sys::window().and_then(|w| w.location().origin().ok());
            let url = origin.unwrap_or_default() + &href(&Route::Course { id: slug.clone() });
            shared.set(String::new());
            share(&name, &url, move |said| shared.set(said), t.lang());
        }
    };
    let saved = {
        let slug = slug.clone();
        Memo::new(move |_| favourites.is_saved(&slug))
    };
    view! {
        <div class="course-body">
            <div class="course-lead" inner_html=lead></div>
            <div class="course-actions">
                {booking.map(|url| view! { <a class="button" href=url>{t.msg(book_label)}</a> })}
                {calendar.map(|ics| view! {
                    <a class="button secondary" href=ics download=file>{t.msg(Msg::CourseAddToCalendar)}</a>
                })}
                <button type="button" class="button secondary share-button" on:click=on_share>
                    {t.msg(Msg::CourseShare)}
                </button>
                <button
                    type="button"
                    class="fav-toggle"
                    aria-pressed=move || if saved.get() { "true" } else { "false" }
                    on:click=move |_| favourites.toggle(&slug)
                >
                    <span>
                        {move || t.text(if saved.get() { Msg::FavouriteSaved } else { Msg::FavouriteAdd })}
                    </span>
                    <span class="visually-hidden">{format!(" – {name}")}</span>
                </button>
            </div>
            <p class="course-booking-hint">{hint}</p>
            <p class="share-status" role="status">{move || shared.get()}</p>
            <div class="course-sections" inner_html=sections></div>
        </div>
    }
}
