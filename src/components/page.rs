//! What every page does: its title in the browser tab and its place in the centre context.

use std::sync::Arc;

use leptos::prelude::*;
use lernort_centre::Centre;
use lernort_i18n::Msg;

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

/// A calm notice for a section whose data is not connected yet.
#[component]
pub fn Notice(
    /// What to say.
    text: Msg,
) -> impl IntoView {
    let t = use_i18n();
    view! { <p class="notice">{t.msg(text)}</p> }
}

/// The server-rendered content of this address (a static course page or the static course
/// list), shown as the page itself. Until the interactive catalogue fits the size budget,
/// the catalogue's pages are rendered at build time (`lernort-dist finish`) and the app keeps
/// them, inside its own header and footer.
#[component]
pub fn ServerContent(
    /// The content, from [`crate::dom::server_content`].
    content: web_sys::Element,
) -> impl IntoView {
    let holder = NodeRef::<leptos::html::Div>::new();
    let title = content
        .query_selector("h1")
        .ok()
        .flatten()
        .and_then(|h1| h1.text_content())
        .unwrap_or_default();
    let centre = use_centre();
    dom::set_title(&format!("{title} – {}", centre.name));
    Effect::new(move || {
        if let Some(div) = holder.get() {
            let _ = div.append_child(&content);
        }
    });
    view! { <div class="page server-page" node_ref=holder></div> }
}
