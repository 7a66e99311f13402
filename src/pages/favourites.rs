//! The favourites ("Merkliste"): the courses the visitor marked, kept on this device.

use leptos::html::Div;
use leptos::prelude::*;
use lernort_i18n::{Lang, Msg};
use lernort_routes::Route;
use web_sys::Element;

use crate::components::catalogue::{catalogue_status, ready, use_catalogue, Favourites, Load};
use crate::components::course_dom::{self, add, add_button, add_text, Rows};
use crate::components::page::use_page_title;
use crate::dom;
use crate::i18n::use_i18n;
use crate::router::href;

/// The favourites page. It lists what was marked when the page opened: a course unmarked
/// here stays listed (its button says "Merken" again, so it can be marked back) until the
/// page is left, and nothing moves under the visitor's finger. Courses no longer in the
/// catalogue say so and can be removed.
#[component]
pub fn FavouritesPage() -> impl IntoView {
    let t = use_i18n();
    use_page_title(Msg::FavouritesTitle);
    let favourites = Favourites::load();
    let slugs = favourites.list_untracked();
    let nothing_saved = slugs.is_empty();
    // Nothing marked: nothing to load.
    let state = if nothing_saved {
        RwSignal::new(Load::Loading)
    } else {
        use_catalogue()
    };
    let root = NodeRef::<Div>::new();
    // The list as built for a language, its rows, and the "remove" buttons' clicks.
    let built = StoredValue::new_local(None::<(Lang, Element, Rows, Vec<dom::Listener>)>);
    Effect::new(move || {
        let (lang, saved) = (t.lang(), favourites.list());
        let (Some(root), Some(data)) = (root.get(), ready(state)) else {
            return;
        };
        built.update_value(|built| {
            if built.as_ref().map(|b| b.0) != Some(lang) {
                root.set_text_content(None);
                let list = add(&root, "ol", "course-list");
                let gone = slugs.iter().filter(|s| {
                    saved.contains(s) && !data.catalogue.courses.iter().any(|c| &c.slug == *s)
                });
                let mut removes = Vec::new();
                for slug in gone {
                    let item = add(&list, "li", "course-row gone");
                    let text = add(&item, "p", "");
                    add_text(&text, "strong", "", slug);
                    add(&text, "br", "");
                    course_dom::text(&text, Msg::FavouriteGone.text(lang));
                    let remove = add_button(
                        &item,
                        "button secondary remove",
                        Msg::FavouriteRemove.text(lang),
                    );
                    let slug = slug.clone();
                    removes.push(dom::Listener::new(&remove, "click", move || {
                        if favourites.contains(&slug) {
                            favourites.toggle(&slug);
                        }
                        item.remove();
                        dom::focus_main_heading();
                    }));
                }
                let rows = Rows::new(move |slug| favourites.toggle(slug));
                *built = Some((lang, list.clone(), rows, removes));
            }
            if let Some((lang, list, rows, _)) = built {
                let known: Vec<usize> = slugs
                    .iter()
                    .filter_map(|s| data.catalogue.courses.iter().position(|c| &c.slug == s))
                    .collect();
                let gone: Vec<Element> = (0..list.children().length())
                    .filter_map(|i| list.children().item(i))
                    .filter(|e| e.class_list().contains("gone"))
                    .collect();
                rows.show(list, &data, &known, *lang, dom::now_unix(), "", &saved);
                for item in gone {
                    let _ = list.append_child(&item);
                }
            }
        });
    });
    let empty = nothing_saved.then(|| {
        view! {
            <p class="notice">{t.msg(Msg::FavouritesEmpty)}</p>
        }
    });
    view! {
        <div class="page favourites-page">
            <h1>{t.msg(Msg::FavouritesTitle)}</h1>
            <p class="lead">{t.msg(Msg::FavouritesIntro)}</p>
            {empty}
            {(!nothing_saved).then(|| catalogue_status(state))}
            <div node_ref=root></div>
            <p class="back-link">
                <a href=href(&Route::Courses)>{t.msg(Msg::BackToCourses)}</a>
            </p>
        </div>
    }
}
