//! The course catalogue: search, filters, sort, the result count and the results.
//!
//! The state lives in the URL's query string ([`lernort_catalogue::Query`]), so a filtered
//! view can be shared and survives a reload and Back. The controls are one plain form
//! whose names are the URL's keys: any input re-reads the whole form, and when the URL
//! changes from elsewhere (Back, reset) the form is set from it. Each keystroke
//! re-filters synchronously with the index built once after loading; only the first
//! [`PAGE`] results are shown ("Mehr anzeigen" adds more) and rows already built are
//! reused, so the DOM work per keystroke stays bounded. The widget itself is
//! [`CatalogueUi`]; this component wires it to the router, the language and the
//! favourites with one effect.

use std::sync::Arc;

use leptos::html::Div;
use leptos::prelude::*;
use lernort_i18n::Msg;

use crate::components::catalogue::{catalogue_status, ready, use_catalogue, Data, Favourites};
use crate::components::catalogue_ui::{CatalogueUi, PAGE};
use crate::components::page::use_page_title;
use crate::dom;
use crate::i18n::use_i18n;
use crate::router::use_router;

/// The catalogue page.
#[component]
pub fn CoursesPage() -> impl IntoView {
    let t = use_i18n();
    use_page_title(Msg::CoursesTitle);
    let state = use_catalogue();
    view! {
        <div class="page catalogue-page">
            <h1>{t.msg(Msg::CoursesTitle)}</h1>
            <p class="lead">{t.msg(Msg::OfferCoursesText)}</p>
            {catalogue_status(state)}
            {move || ready(state).map(catalogue)}
        </div>
    }
}

fn catalogue(data: Arc<Data>) -> impl IntoView {
    let t = use_i18n();
    let router = use_router();
    let favourites = Favourites::load();
    let limit = RwSignal::new(PAGE);
    let now = dom::now_unix();
    let root = NodeRef::<Div>::new();
    let ui = StoredValue::new_local(None::<CatalogueUi>);
    Effect::new(move || {
        let (lang, query, shown, saved) =
            (t.lang(), router.query(), limit.get(), favourites.list());
        let Some(root) = root.get() else {
            return;
        };
        ui.update_value(|ui| {
            if ui.as_ref().map(CatalogueUi::lang) != Some(lang) {
                let open = ui.as_ref().is_some_and(CatalogueUi::filters_open);
                let built = CatalogueUi::build(
                    &root,
                    &data,
                    lang,
                    move || {
                        router.replace_query("");
                        limit.set(PAGE);
                    },
                    move || limit.update(|l| *l += PAGE),
                    move |slug| favourites.toggle(slug),
                );
                if open {
                    built.open_filters();
                }
                *ui = Some(built);
            }
            if let Some(ui) = ui {
                ui.update(&data, &query, shown, &saved, now);
            }
        });
    });
    on_cleanup(move || {
        ui.try_update_value(|ui| ui.as_mut().map(CatalogueUi::stop));
    });
    // Any input: the whole form, normalised, becomes the URL's query (replaceState).
    let changed = move |_| {
        if let Some(state) = ui
            .try_update_value(|ui| ui.as_mut().map(CatalogueUi::form_state))
            .flatten()
        {
            router.replace_query(&state);
            if limit.get_untracked() != PAGE {
                limit.set(PAGE);
            }
        }
    };
    view! {
        <div
            class="catalogue"
            node_ref=root
            on:input=changed
            on:change=changed
            on:submit=|ev| ev.prevent_default()
        ></div>
    }
}
