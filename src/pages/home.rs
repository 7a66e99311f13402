//! The start page: what the centre is, what it offers, where it is and when it is open.

use leptos::prelude::*;
use lernort_i18n::{link_name, Msg};

use crate::components::hours::week_table;
use crate::components::page::{use_centre, LocalizedList};
use crate::dom;
use crate::i18n::use_i18n;
use crate::router::href;
use lernort_routes::Route;

/// Start page.
#[component]
pub fn HomePage() -> impl IntoView {
    let t = use_i18n();
    let centre = use_centre();
    {
        let centre = centre.clone();
        Effect::new(move || {
            dom::set_title(&format!("{} – {}", centre.name, t.pick(&centre.tagline)));
        });
    }
    let description = centre.description.clone();
    let tagline = centre.tagline.clone();
    let offers = [
        (Route::Courses, Msg::OfferCoursesText),
        (Route::Coworking, Msg::OfferCoworkingText),
        (Route::Floor, Msg::OfferFloorText),
    ];
    view! {
        <div class="page home">
            <h1>{centre.name.clone()}</h1>
            <p class="lead">{move || t.pick(&tagline)}</p>
            <p class="easy-link">
                <a href=href(&Route::EasyLanguage)>{t.msg(Msg::EasyHomeLink)}</a>
            </p>
            {move || {
                description.iter().map(|p| view! { <p>{t.pick(p)}</p> }).collect_view()
            }}
            <section aria-labelledby="offers-heading">
                <h2 id="offers-heading">{t.msg(Msg::HomeOffersTitle)}</h2>
                <ul class="cards">
                    {offers
                        .into_iter()
                        .filter_map(|(route, text)| {
                            let title = link_name(&route)?;
                            Some(view! {
                                <li class="card">
                                    <h3>
                                        <a href=href(&route)>{t.msg(title)}</a>
                                    </h3>
                                    <p>{t.msg(text)}</p>
                                </li>
                            })
                        })
                        .collect_view()}
                </ul>
            </section>
            <section aria-labelledby="visit-heading" class="visit">
                <h2 id="visit-heading">{t.msg(Msg::HomeVisitTitle)}</h2>
                <div class="visit-grid">
                    <OpeningHoursBox />
                    <AddressBox />
                </div>
            </section>
        </div>
    }
}

/// Today's status in words and the weekly table.
#[component]
fn OpeningHoursBox() -> impl IntoView {
    let t = use_i18n();
    let centre = use_centre();
    // The status line is re-derived each minute; nothing else on the page moves.
    let now = RwSignal::new(dom::now_in_berlin());
    if let Ok(handle) = set_interval_with_handle(
        move || now.set(dom::now_in_berlin()),
        std::time::Duration::from_secs(60),
    ) {
        on_cleanup(move || handle.clear());
    }
    let hours = centre.opening_hours.clone();
    let status = {
        let hours = hours.clone();
        move || hours.status_at(now.get()).describe(t.lang())
    };
    let is_open = {
        let hours = hours.clone();
        move || hours.status_at(now.get()).is_open()
    };
    let table = move || week_table(&hours, now.get().date.weekday(), t.lang(), "hours");
    view! {
        <div class="box">
            <h3>{t.msg(Msg::HomeHoursTitle)}</h3>
            <p class="open-status" class:open=is_open>
                {status}
            </p>
            {table}
        </div>
    }
}

/// Address, directions and contact.
#[component]
fn AddressBox() -> impl IntoView {
    let t = use_i18n();
    let centre = use_centre();
    let address = centre.address.clone();
    let directions = address.directions.clone();
    let email = centre.contact.email.clone();
    let phone = centre.contact.phone.clone();
    view! {
        <div class="box">
            <h3>{t.msg(Msg::HomeAddressTitle)}</h3>
            <address>
                <strong>{centre.name.clone()}</strong>
                <br />
                {address.building.map(|b| view! { {b} <br /> })}
                {address.street}
                <br />
                {address.postal_code}
                " "
                {address.city}
            </address>
            <LocalizedList class="directions" items=directions />
            <h3>{t.msg(Msg::HomeContactTitle)}</h3>
            <p>
                {t.msg(Msg::EmailLabel)}
                ": "
                <a href=format!("mailto:{email}")>{email.clone()}</a>
                {phone
                    .map(|phone| {
                        let tel: String = phone
                            .chars()
                            .filter(|c| c.is_ascii_digit() || *c == '+')
                            .collect();
                        view! {
                            <br />
                            {t.msg(Msg::PhoneLabel)}
                            ": "
                            <a href=format!("tel:{tel}")>{phone}</a>
                        }
                    })}
            </p>
        </div>
    }
}
