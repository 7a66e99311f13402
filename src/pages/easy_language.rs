//! The site explained in Leichte Sprache (easy German), as BITV NRW asks of a public
//! site's start page; in English the same in plain English. The texts are `Msg` keys;
//! the centre's name, e-mail, phone and address come from its config.

use leptos::prelude::*;
use lernort_i18n::Msg;

use crate::components::page::{use_centre, use_page_title};
use crate::i18n::use_i18n;

/// Each section: its heading and its sentences.
const SECTIONS: [(Msg, &[Msg]); 6] = [
    (
        Msg::EasyWhatTitle,
        &[Msg::EasyWhat1, Msg::EasyWhat2, Msg::EasyWhat3],
    ),
    (
        Msg::EasyCoursesTitle,
        &[
            Msg::EasyCourses1,
            Msg::EasyCourses2,
            Msg::EasyCourses3,
            Msg::EasyCourses4,
        ],
    ),
    (
        Msg::EasyCoworkingTitle,
        &[Msg::EasyCoworking1, Msg::EasyCoworking2],
    ),
    (
        Msg::EasyFloorTitle,
        &[Msg::EasyFloor1, Msg::EasyFloor2, Msg::EasyFloor3],
    ),
    (Msg::EasyDataTitle, &[Msg::EasyData1, Msg::EasyData2]),
    (
        Msg::EasyHelpTitle,
        &[Msg::EasyHelp1, Msg::EasyHelp2, Msg::EasyHelp3],
    ),
];

/// The page in Leichte Sprache.
#[component]
pub fn EasyLanguagePage() -> impl IntoView {
    let t = use_i18n();
    use_page_title(Msg::EasyTitle);
    let centre = use_centre();
    let content = move || {
        let lang = t.lang();
        let a = &centre.address;
        let address = format!("{}, {} {}", a.street, a.postal_code, a.city);
        let value = |msg: Msg| -> Option<String> {
            Some(match msg {
                Msg::EasyWhatTitle | Msg::EasyWhat1 => centre.name.clone(),
                Msg::EasyHelp1 => centre.contact.email.clone(),
                Msg::EasyHelp2 => centre.contact.phone.clone()?,
                Msg::EasyHelp3 => address.clone(),
                _ => String::new(),
            })
        };
        let text = |msg: Msg| value(msg).map(|v| lernort_i18n::fill(msg.text(lang), &[&v]));
        SECTIONS
            .iter()
            .map(|(heading, sentences)| {
                let sentences = sentences
                    .iter()
                    .filter_map(|msg| text(*msg))
                    .map(|sentence| view! { <p>{sentence}</p> })
                    .collect_view();
                view! {
                    <section>
                        <h2>{text(*heading)}</h2>
                        {sentences}
                    </section>
                }
            })
            .collect_view()
    };
    view! {
        <div class="page text-page easy-language">
            <h1>{t.msg(Msg::EasyTitle)}</h1>
            <p class="lead">{t.msg(Msg::EasyIntro)}</p>
            {content}
        </div>
    }
}
