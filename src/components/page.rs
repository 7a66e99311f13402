//! What every page does: its title in the browser tab and its place in the centre context.

use std::sync::Arc;

use leptos::prelude::*;
use lernort_centre::Centre;
use lernort_i18n::{Localized, Msg};

use crate::{dom, i18n::use_i18n};

/// The centre whose config is loaded; panics outside the shell.
pub fn use_centre() -> Arc<Centre> {
    expect_context()
}

/// Keeps the browser tab's title at "<page> – <centre>", following the language.
pub fn use_page_title(page: Msg) {
    let t = use_i18n();
    let centre = use_centre();
    Effect::new(move || dom::set_title(&format!("{} – {}", t.text(page), centre.name)));
}

/// A list of the centre's texts in the reader's language (the ways to the centre).
#[component]
pub fn LocalizedList(
    /// The list's class.
    class: &'static str,
    /// The texts, in order.
    items: Vec<Localized>,
) -> impl IntoView {
    let t = use_i18n();
    view! { <ul class=class>{move || items.iter().map(|d| view! { <li>{t.pick(d)}</li> }).collect_view()}</ul> }
}
