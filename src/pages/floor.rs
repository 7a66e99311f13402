//! The live sensor floor.

use leptos::prelude::*;
use lernort_i18n::Msg;

use crate::components::floor::FloorLive;
use crate::components::floor_stream::socket_url;
use crate::components::page::{use_centre, use_page_title};
use crate::i18n::use_i18n;

/// The live floor page: where in the building people are, as a heatmap with words.
#[component]
pub fn FloorPage() -> impl IntoView {
    let t = use_i18n();
    use_page_title(Msg::FloorTitle);
    let url = socket_url(&use_centre().gateway.websocket_url);
    view! {
        <div class="page floor-page">
            <h1>{t.msg(Msg::FloorTitle)}</h1>
            <p class="lead">{t.msg(Msg::OfferFloorText)}</p>
            <FloorLive url />
        </div>
    }
}
