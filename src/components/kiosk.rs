//! The kiosk's parts: the clock bar, a slide's frame (heading, "as of" line or outage
//! notice, QR code to the phone page), the courses, co-working and information slides, the
//! night slide and the controls. Words and choices come from `lernort-kiosk`,
//! `lernort-coworking::present` and `lernort-catalogue`; these components lay them out.

use lernort_catalogue::{session_short_text, Catalogue, PlaceDetail};
use lernort_coworking::present;
use lernort_coworking::CoworkingStatus;
use lernort_i18n::{fill, Msg};
use lernort_kiosk::{
    agenda, as_of_text, clock_text, date_line, phone_url, qr_code, readable_url, state_text,
    Rotation, View,
};
use lernort_routes::Route;
use lernort_time::to_berlin;

use leptos::prelude::*;

use crate::components::hours::week_table;
use crate::components::page::{use_centre, LocalizedList};
use crate::components::polled::Polled;
use crate::dom;
use crate::i18n::use_i18n;
use crate::router::href;

/// At most this many courses on the slide: what fits at every screen size.
const MAX_COURSES: usize = 6;
/// At most this many spaces as tiles; more are summed up in a line.
const MAX_TILES: usize = 12;

/// A view's heading.
fn title(view: View) -> Msg {
    match view {
        View::Floor => Msg::FloorTitle,
        View::Courses => Msg::KioskCoursesTitle,
        View::Coworking => Msg::CoworkingTitle,
        View::Info => Msg::KioskInfoTitle,
    }
}

/// A view's short name, for the list of views at the bottom.
fn short_name(view: View) -> Msg {
    match view {
        View::Floor => Msg::NavFloor,
        View::Courses => Msg::NavCourses,
        View::Coworking => Msg::NavCoworking,
        View::Info => Msg::HomeVisitTitle,
    }
}

/// The centre's name and logo, the clock and the date. Moves with the burn-in shift.
#[component]
pub fn ClockBar(
    /// Minutes since the Unix epoch (the clock's tick).
    minute: Memo<i64>,
) -> impl IntoView {
    let t = use_i18n();
    let centre = use_centre();
    let local = move || to_berlin(minute.get() * 60);
    view! {
        <header class="kiosk-head kiosk-static">
            <img class="kiosk-logo" src=centre.logo_url() alt="" width="64" height="64" />
            <h1 class="kiosk-name">{centre.name.clone()}</h1>
            <p class="kiosk-clock">
                <span class="kiosk-time">{move || clock_text(local())}</span>
                <span class="kiosk-date">{move || date_line(local(), t.lang())}</span>
            </p>
        </header>
    }
}

/// A QR code for `url`, drawn as SVG (made here: no outside service sees the address).
/// Hidden from screen readers: the address is written beside it.
#[component]
pub fn QrCode(
    /// What the code holds.
    url: String,
) -> impl IntoView {
    qr_code(&url).map(|qr| {
        let size = qr.size.to_string();
        let view_box = format!("0 0 {size} {size}");
        view! {
            <svg
                class="kiosk-qr"
                viewBox=view_box
                aria-hidden="true"
                shape-rendering="crispEdges"
                data-url=url
            >
                <rect class="kiosk-qr-light" width=size.clone() height=size />
                <path class="kiosk-qr-dark" d=qr.path />
            </svg>
        }
    })
}

/// The QR code to a page, with the words and the address under it.
#[component]
fn PhoneLink(
    /// The view whose page it opens (`None`: the start page).
    view: Option<View>,
) -> impl IntoView {
    let t = use_i18n();
    let centre = use_centre();
    let url = phone_url(centre.site_url.as_deref(), &dom::base_url(), view);
    // Broken after the host if it must wrap, never inside a word.
    let readable = readable_url(&url);
    let (host, path) = readable.split_at(readable.find('/').map_or(readable.len(), |i| i + 1));
    let (host, path) = (host.to_string(), path.to_string());
    view! {
        <div class="kiosk-phone kiosk-static">
            <QrCode url />
            <p>
                {t.msg(Msg::KioskOpenOnPhone)} <br /> <span class="kiosk-url">{host} <wbr /> {path}</span>
            </p>
        </div>
    }
}

/// A slide: heading, its content, the "as of" line or the outage notice, the QR code.
#[component]
pub fn SlideFrame(
    /// Which view.
    view: View,
    /// The view on the screen now (`None` at night).
    current: Memo<Option<View>>,
    /// When its data is from and whether the source fails now; `None` when the content
    /// says it itself (the floor).
    updated: Option<Signal<(Option<i64>, bool)>>,
    children: Children,
) -> impl IntoView {
    let t = use_i18n();
    let heading_id = format!("kiosk-{}-title", view.id());
    let status = move || {
        let (at, failing) = updated?.get();
        let lang = t.lang();
        let now = dom::now_unix();
        Some(match (at, failing) {
            (Some(at), false) => view! {
                <p class="kiosk-updated">
                    {fill(Msg::UpdatedAt.text(lang), &[&as_of_text(at, now, lang)])}
                </p>
            }
            .into_any(),
            (Some(at), true) => view! {
                <p class="kiosk-outage" role="status">
                    {fill(Msg::KioskOutage.text(lang), &[&as_of_text(at, now, lang)])}
                </p>
            }
            .into_any(),
            (None, true) => view! {
                <p class="kiosk-outage" role="status">
                    {Msg::KioskNoData.text(lang)}
                </p>
            }
            .into_any(),
            (None, false) => {
                view! { <p class="kiosk-updated">{Msg::Loading.text(lang)}</p> }.into_any()
            }
        })
    };
    view! {
        <section
            class="kiosk-slide"
            class:is-current=move || current.get() == Some(view)
            data-view=view.id()
            aria-labelledby=heading_id.clone()
        >
            <div class="kiosk-slide-main">
                <h2 id=heading_id.clone()>{t.msg(title(view))}</h2>
                {status}
                <div class="kiosk-body">{children()}</div>
            </div>
            <PhoneLink view=Some(view) />
        </section>
    }
}

/// Today's courses that have not ended, then the next ones.
#[component]
pub fn CoursesBody(
    /// The polled catalogue.
    catalogue: RwSignal<Polled<Catalogue>>,
    /// The clock's minute.
    minute: Memo<i64>,
) -> impl IntoView {
    let t = use_i18n();
    move || {
        let lang = t.lang();
        let now = minute.get() * 60;
        let catalogue = catalogue.with(|p| p.last_good.clone())?;
        let items = agenda(&catalogue, now, MAX_COURSES);
        if items.is_empty() {
            return Some(
                view! { <p class="kiosk-lead">{Msg::KioskNoCourses.text(lang)}</p> }.into_any(),
            );
        }
        let line = |item: &lernort_kiosk::AgendaItem<'_>| {
            let course = item.course;
            let mut meta = vec![catalogue.provider_name(course).to_string()];
            let place = catalogue.place_text(course, PlaceDetail::Room, lang);
            if !place.is_empty() {
                meta.push(place);
            }
            if item.running {
                meta.push(Msg::KioskRunning.text(lang).to_string());
            }
            meta.push(state_text(course, now, lang));
            view! {
                <li class="agenda-item" class:running=item.running>
                    <span class="agenda-when">{session_short_text(item.session, item.today, lang)}</span>
                    <span class="agenda-title">{course.name.clone()}</span>
                    <span class="agenda-meta">{meta.join(" · ")}</span>
                </li>
            }
        };
        let (today, later): (Vec<_>, Vec<_>) = items.iter().partition(|i| i.today);
        let group = |heading: Msg, items: Vec<&lernort_kiosk::AgendaItem<'_>>| {
            (!items.is_empty()).then(|| {
                view! {
                    <h3>{heading.text(lang)}</h3>
                    <ul class="agenda">{items.into_iter().map(line).collect_view()}</ul>
                }
            })
        };
        Some(
            view! {
                {group(Msg::KioskToday, today)}
                {group(Msg::KioskComingUp, later)}
            }
            .into_any(),
        )
    }
}

/// "X of Y desks free", the opening state and a tile per space.
#[component]
pub fn CoworkingBody(
    /// The polled status.
    coworking: RwSignal<Polled<CoworkingStatus>>,
) -> impl IntoView {
    let t = use_i18n();
    move || {
        let lang = t.lang();
        let status = coworking.with(|p| p.last_good.clone())?;
        let (free, all) = status.desks_free();
        let more = status.spaces.len().saturating_sub(MAX_TILES);
        let tiles = status
            .spaces
            .iter()
            .take(MAX_TILES)
            .map(|space| {
                let class = format!("space-tile {}", present::status_class(space.status));
                view! {
                    <li class=class>
                        <span class="space-name">
                            <span class="space-symbol" aria-hidden="true">
                                {present::status_symbol(space.status)}
                            </span>
                            " "
                            {space.name.get(lang).to_string()}
                        </span>
                        <span class="space-state">{present::status_word(space.status, lang)}</span>
                        <span class="space-until">
                            {present::until_text(space.status, space.until, lang)}
                        </span>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <p class="kiosk-lead">
                <strong>{present::desks_free_text(free, all, lang)}</strong>
                " · "
                {present::opening_text(&status.opening, status.generated, lang)}
            </p>
            <ul class="space-tiles">{tiles}</ul>
            {(more > 0).then(|| view! { <p>"+ " {more}</p> })}
        })
    }
}

/// Opening hours (today marked in words), address, directions, contact, legal pages.
#[component]
pub fn InfoBody(
    /// The clock's minute.
    minute: Memo<i64>,
) -> impl IntoView {
    let t = use_i18n();
    let centre = use_centre();
    let hours = centre.opening_hours.clone();
    let open_status = {
        let hours = hours.clone();
        move || {
            hours
                .status_at(to_berlin(minute.get() * 60))
                .describe(t.lang())
        }
    };
    let table = move || {
        let today = to_berlin(minute.get() * 60).date.weekday();
        week_table(&hours, today, t.lang(), "kiosk-hours")
    };
    let address = centre.address.clone();
    // The first two ways here: what fits beside the hours on every screen.
    let directions: Vec<_> = address.directions.iter().take(2).cloned().collect();
    let phone = centre.contact.phone.clone();
    let email = centre.contact.email.clone();
    view! {
        <div class="kiosk-info">
            <div>
                <h3>{t.msg(Msg::HomeHoursTitle)}</h3>
                <p class="kiosk-lead">{open_status}</p>
                {table}
            </div>
            <div>
                <h3>{t.msg(Msg::HomeAddressTitle)}</h3>
                <p>
                    {address.street} ", " {address.postal_code} " " {address.city}
                </p>
                <LocalizedList class="kiosk-directions" items=directions />
                <h3>{t.msg(Msg::HomeContactTitle)}</h3>
                <p>
                    {phone.map(|phone| view! { {t.msg(Msg::PhoneLabel)} ": " {phone} <br /> })}
                    {t.msg(Msg::EmailLabel)} ": " {email}
                </p>
            </div>
        </div>
        <p class="kiosk-legal">
            {t.msg(Msg::KioskLegal)} " "
            <a href=href(&Route::Imprint)>{t.msg(Msg::NavImprint)}</a> ", "
            <a href=href(&Route::Privacy)>{t.msg(Msg::NavPrivacy)}</a> ", "
            <a href=href(&Route::Accessibility)>{t.msg(Msg::NavAccessibility)}</a>
        </p>
    }
}

/// Outside opening hours: when the centre opens, the site's address; dimmed, and
/// drifting further than the day's shift.
#[component]
pub fn NightSlide(
    /// Whether it is night.
    shown: Signal<bool>,
    /// The clock's minute.
    minute: Memo<i64>,
) -> impl IntoView {
    let t = use_i18n();
    let hours = use_centre().opening_hours.clone();
    let status = move || {
        hours
            .status_at(to_berlin(minute.get() * 60))
            .describe(t.lang())
    };
    view! {
        <section
            class="kiosk-slide kiosk-night"
            class:is-current=move || shown.get()
            data-view="night"
            aria-labelledby="kiosk-night-title"
        >
            <div class="kiosk-night-drift">
                <h2 id="kiosk-night-title">{status}</h2>
                <p>{t.msg(Msg::KioskNightText)}</p>
                <PhoneLink view=None />
            </div>
        </section>
    }
}

/// The list of views with the current one marked (in words and weight, not by colour),
/// and the controls, which show when they have the keyboard focus.
#[component]
pub fn KioskControls(
    /// The rotation.
    rotation: RwSignal<Rotation>,
    /// The view on the screen (`None` at night).
    current: Memo<Option<View>>,
) -> impl IntoView {
    let t = use_i18n();
    let views: Vec<View> = rotation.with_untracked(|r| r.slides().iter().map(|s| s.view).collect());
    let items = views
        .into_iter()
        .enumerate()
        .map(|(index, view)| {
            let is_current =
                move || current.get().is_some() && rotation.with(|r| r.position().0 == index);
            view! {
                <li aria-current=move || is_current().then_some("step") class:is-current=is_current>
                    {t.msg(short_name(view))}
                </li>
            }
        })
        .collect_view();
    let paused = move || rotation.with(Rotation::is_paused);
    let now = js_sys::Date::now;
    view! {
        <footer class="kiosk-foot">
            <ol class="kiosk-views" aria-label=t.msg(Msg::KioskViews)>
                {items}
            </ol>
            <p class="kiosk-paused" class:shown=paused>
                {t.msg(Msg::FloorPaused)}
            </p>
            <div class="kiosk-controls" role="group" aria-label=t.msg(Msg::KioskControls)>
                <button type="button" class="button" on:click=move |_| rotation.update(|r| r.previous(now()))>
                    {t.msg(Msg::KioskPrevious)}
                </button>
                <button
                    type="button"
                    class="button"
                    aria-pressed=move || paused().to_string()
                    on:click=move |_| rotation.update(|r| r.set_paused(!r.is_paused(), now()))
                >
                    {move || t.text(if paused() { Msg::KioskResume } else { Msg::KioskPause })}
                </button>
                <button type="button" class="button" on:click=move |_| rotation.update(|r| r.next(now()))>
                    {t.msg(Msg::KioskNext)}
                </button>
                <span>{t.msg(Msg::KioskKeys)}</span>
            </div>
        </footer>
    }
}
