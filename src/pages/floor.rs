//! The live sensor floor.

use leptos::prelude::*;
use lernort_i18n::Msg;

use crate::components::page::{use_page_title, Notice};
use crate::i18n::use_i18n;

/// The live floor page; the heatmap and its stream arrive with the sensor-floor issue.
#[component]
pub fn FloorPage() -> impl IntoView {
    let t = use_i18n();
    use_page_title(Msg::FloorTitle);
    view! {
        <div class="page">
            <h1>{t.msg(Msg::FloorTitle)}</h1>
            <p class="lead">{t.msg(Msg::OfferFloorText)}</p>
            <Notice text=Msg::SectionInPreparation />
        </div>
    }
}
