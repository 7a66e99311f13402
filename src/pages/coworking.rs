//! Co-working availability: "X of Y desks free", opening state, the floor plan, the list,
//! today's hours and the weekday load chart.
//!
//! The status document (`lernort_coworking::CoworkingStatus`) comes from the centre's
//! `sources.coworking` — the gateway's `api/coworking`, or a file a scheduled job writes.
//! It is fetched again every minute and whenever the page becomes visible again; the last
//! good document stays on screen when a fetch fails, with a notice saying since when
//! nothing new arrived. The visitor can pause the automatic updates (WCAG 2.2.2).

use leptos::prelude::*;
use lernort_coworking::present::{self, clock, REFRESH_SECONDS};
use lernort_coworking::CoworkingStatus;
use lernort_i18n::fill;
use lernort_i18n::Msg;

use crate::components::coworking::{booking_box, load_chart, space_list, space_plan, today_grid};
use crate::components::page::{use_centre, use_page_title};
use crate::components::polled::poll;
use crate::dom;
use crate::i18n::use_i18n;

/// The co-working page.
#[component]
pub fn CoworkingPage() -> impl IntoView {
    let t = use_i18n();
    use_page_title(Msg::CoworkingTitle);
    let paused = RwSignal::new(false);
    let live = poll(
        use_centre().sources.coworking.clone(),
        REFRESH_SECONDS as u64,
        CoworkingStatus::read,
        paused.into(),
    );

    let status = Memo::new(move |_| live.with(|l| l.last_good.clone()));
    // The time of the data itself: a file that a stopped job no longer rewrites is
    // stale even when it still arrives. Re-derived at each attempt (the poll updates).
    let data_time = move || status.get().map(|s| s.generated);
    let stale_since = move || {
        let (status, failing) = live.with(|l| (l.last_good.clone(), l.failing));
        let status = status?;
        let stale = failing || status.is_stale(dom::now_unix());
        (!paused.get() && stale).then_some(status.generated)
    };

    // What the visitor chose survives each minute's new document.
    let selected = RwSignal::new(None::<String>);
    let day = RwSignal::new(lernort_time::to_berlin(dom::now_unix()).date.weekday());
    let hours = use_centre().opening_hours.clone();
    // One rebuild per new document or language: the parts are plain views of that pair.
    let body = move || {
        let lang = t.lang();
        match status.get() {
            None if live.with(|l| l.failing) => view! {
                <p class="notice error" role="alert">{Msg::CoworkingError.text(lang)}</p>
            }
            .into_any(),
            None => view! { <p role="status">{Msg::CoworkingLoading.text(lang)}</p> }.into_any(),
            Some(status) => {
                let periods = hours.on(lernort_time::to_berlin(status.generated).date.weekday());
                let (free, all) = status.desks_free();
                view! {
                    <section class="coworking-summary" aria-labelledby="coworking-now">
                        <h2 id="coworking-now" class="free-count">
                            {present::desks_free_text(free, all, lang)}
                        </h2>
                        <p class="opening">
                            {present::opening_text(&status.opening, status.generated, lang)}
                        </p>
                    </section>
                    {space_plan(&status, selected, lang)}
                    {space_list(&status, lang)}
                    {today_grid(&status, &periods, lang)}
                    {load_chart(&status, day, lang)}
                    {booking_box(&status, lang)}
                }
                .into_any()
            }
        }
    };

    view! {
        <div class="page coworking-page">
            <h1>{t.msg(Msg::CoworkingTitle)}</h1>
            <p class="lead">{t.msg(Msg::OfferCoworkingText)}</p>
            <div class="update-line">
                <p class="updated" role="status">
                    {move || {
                        data_time().map(|at| fill(t.text(Msg::UpdatedAt), &[&clock(at, t.lang())]))
                    }}
                    {move || paused.get().then(|| format!(" {}", t.text(Msg::AutoUpdatePaused)))}
                </p>
                <button
                    type="button"
                    class="button secondary"
                    aria-pressed=move || paused.get().to_string()
                    on:click=move |_| paused.update(|p| *p = !*p)
                >
                    {move || {
                        t.text(if paused.get() { Msg::AutoUpdateResume } else { Msg::AutoUpdatePause })
                    }}
                </button>
            </div>
            {move || {
                stale_since()
                    .map(|at| {
                        view! {
                            <p class="notice stale" role="alert">
                                {fill(t.text(Msg::CoworkingStale), &[&clock(at, t.lang())])}
                            </p>
                        }
                    })
            }}
            {body}
        </div>
    }
}
