//! Kiosk mode for the screens in the lab.

use leptos::prelude::*;
use lernort_i18n::Msg;

use crate::components::page::{use_centre, use_page_title, Notice};
use crate::i18n::use_i18n;

/// The kiosk route; its rotating slides arrive with the kiosk issue.
#[component]
pub fn KioskPage() -> impl IntoView {
    let t = use_i18n();
    let centre = use_centre();
    use_page_title(Msg::KioskTitle);
    view! {
        <div class="page">
            <h1>{t.msg(Msg::KioskTitle)}</h1>
            <p class="lead">{centre.name.clone()} " – " {t.msg(Msg::KioskText)}</p>
            <Notice text=Msg::SectionInPreparation />
        </div>
    }
}
