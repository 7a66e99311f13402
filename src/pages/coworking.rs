//! Co-working availability.

use leptos::prelude::*;
use lernort_i18n::Msg;

use crate::components::page::{use_page_title, Notice};
use crate::i18n::use_i18n;

/// The co-working page; live availability arrives with the co-working issue.
#[component]
pub fn CoworkingPage() -> impl IntoView {
    let t = use_i18n();
    use_page_title(Msg::CoworkingTitle);
    view! {
        <div class="page">
            <h1>{t.msg(Msg::CoworkingTitle)}</h1>
            <p class="lead">{t.msg(Msg::OfferCoworkingText)}</p>
            <Notice text=Msg::SectionInPreparation />
        </div>
    }
}
