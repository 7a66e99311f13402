//! Kiosk mode for the screens in the lab (docs/kiosk.md): the slides named in the URL in
//! rotation, a large clock, a QR code per slide, the night slide outside opening hours.
//!
//! Made to run for days unattended. Every slide stays mounted for the page's life (the
//! rotation only moves the `is-current` class), so nothing is built or torn down per
//! turn; the floor's socket and the polled sources reconnect forever and keep their last
//! good data. One timer ticks each second: clock, rotation, burn-in shift, and a
//! heartbeat written in an animation frame, which `kiosk-watchdog.js` reads to reload a
//! page that has stopped drawing.

use std::cell::Cell;

use leptos::prelude::*;
use lernort_catalogue::Catalogue;
use lernort_coworking::present::REFRESH_SECONDS;
use lernort_coworking::CoworkingStatus;
use lernort_i18n::Msg;
use lernort_kiosk::{is_night, shift_at, Rotation, Settings, View};
use wasm_bindgen::{JsCast, JsValue};

use crate::components::floor_stream::socket_url;
use crate::components::kiosk::{
    ClockBar, CoursesBody, CoworkingBody, InfoBody, KioskControls, NightSlide, SlideFrame,
};
use crate::components::page::{use_centre, use_page_title};
use crate::components::polled::{poll, Polled};
use crate::dom;
use crate::i18n::use_i18n;
use crate::router::use_router;

/// How often the catalogue is fetched (it changes when the import runs).
const CATALOGUE_EVERY_SECONDS: u64 = 600;
/// The global the watchdog reads: `Date.now()` of the last drawn heartbeat.
const HEARTBEAT: &str = "lernortKioskBeat";

/// The kiosk page.
#[component]
pub fn KioskPage() -> impl IntoView {
    let t = use_i18n();
    let centre = use_centre();
    use_page_title(Msg::KioskTitle);
    let (settings, problems) = Settings::from_query(&use_router().query_untracked());
    for problem in problems {
        leptos::logging::warn!("kiosk address: {problem}");
    }
    if let Some(lang) = settings.lang {
        t.set_for_visit(lang);
    }

    let now_ms = RwSignal::new(js_sys::Date::now());
    let rotation = RwSignal::new(Rotation::new(
        settings.slides.clone(),
        now_ms.get_untracked(),
    ));
    // Texts that show minutes are derived once a minute, not every second.
    let minute = Memo::new(move |_| (now_ms.get() / 60_000.0).floor() as i64);
    let night = {
        let hours = centre.opening_hours.clone();
        let mode = settings.night;
        Memo::new(move |_| is_night(&hours, lernort_time::to_berlin(minute.get() * 60), mode))
    };
    let current = Memo::new(move |_| (!night.get()).then(|| rotation.with(|r| r.current().view)));
    let paused = Signal::derive(move || rotation.with(Rotation::is_paused));

    let coworking = poll(
        centre.sources.coworking.clone(),
        REFRESH_SECONDS as u64,
        CoworkingStatus::read,
        paused,
    );
    let catalogue = poll(
        centre.sources.catalogue.clone(),
        CATALOGUE_EVERY_SECONDS,
        |json| Catalogue::parse(json).map_err(|e| e.to_string()),
        paused,
    );

    let root = NodeRef::<leptos::html::Main>::new();
    start_ticking(now_ms, rotation, root);
    listen_to_keys(rotation);

    let loaded_at = dom::now_unix();
    let floor_url = socket_url(&centre.gateway.websocket_url);
    let slides = settings
        .views()
        .into_iter()
        .map(|view| {
            let body = match view {
                View::Floor => {
                    let url = floor_url.clone();
                    view! { <crate::components::floor::FloorLive url /> }.into_any()
                }
                View::Courses => view! { <CoursesBody catalogue minute /> }.into_any(),
                View::Coworking => view! { <CoworkingBody coworking /> }.into_any(),
                View::Info => view! { <InfoBody minute /> }.into_any(),
            };
            let updated = match view {
                View::Floor => None,
                View::Courses => Some(catalogue_time(catalogue, paused)),
                View::Coworking => Some(coworking_time(coworking, minute, paused)),
                View::Info => Some(Signal::stored((Some(loaded_at), false))),
            };
            view! { <SlideFrame view current updated>{body}</SlideFrame> }
        })
        .collect_view();

    view! {
        <main
            id="main"
            class="kiosk"
            data-theme=settings.theme.id()
            data-night=move || night.get().to_string()
            data-view=move || current.get().map_or("night", View::id)
            node_ref=root
        >
            <ClockBar minute />
            <div class="kiosk-slides">
                {slides}
                <NightSlide shown=Signal::derive(move || night.get()) minute />
            </div>
            <KioskControls rotation current />
        </main>
    }
}

/// The catalogue's "as of": when it last arrived. While paused nothing is fetched, and
/// nothing is an outage.
fn catalogue_time(
    catalogue: RwSignal<Polled<Catalogue>>,
    paused: Signal<bool>,
) -> Signal<(Option<i64>, bool)> {
    Signal::derive(move || catalogue.with(|p| (p.fetched_at, p.failing && !paused.get())))
}

/// Co-working's "as of": the time of the status itself (a file that a stopped job no
/// longer rewrites is old even when it arrives); a stale one is an outage too, unless the
/// visitor paused the updates.
fn coworking_time(
    coworking: RwSignal<Polled<CoworkingStatus>>,
    minute: Memo<i64>,
    paused: Signal<bool>,
) -> Signal<(Option<i64>, bool)> {
    Signal::derive(move || {
        let now = minute.get() * 60;
        coworking.with(|p| {
            let old = p.last_good.as_ref().is_some_and(|s| s.is_stale(now));
            let at = p.last_good.as_ref().map(|s| s.generated);
            (at, (p.failing || old) && !paused.get())
        })
    })
}

/// Once a second: the clock signal, the rotation, the burn-in shift (CSS custom
/// properties on the kiosk's root, through the CSSOM), and the heartbeat in the next
/// animation frame (so it stops when drawing stops).
fn start_ticking(
    now_ms: RwSignal<f64>,
    rotation: RwSignal<Rotation>,
    root: NodeRef<leptos::html::Main>,
) {
    let shown_shift = Cell::new(None);
    let tick = move || {
        let now = js_sys::Date::now();
        now_ms.set(now);
        // Views follow the rotation only when the slide changes, not every second.
        rotation.maybe_update(|r| r.tick(now));
        let shift = shift_at(now);
        if shown_shift.get() != Some(shift) {
            if let Some(main) = root.get_untracked() {
                let style = main.style();
                let _ = style.set_property("--shift-x", &format!("{}px", shift.0));
                let _ = style.set_property("--shift-y", &format!("{}px", shift.1));
                shown_shift.set(Some(shift));
            }
        }
        request_animation_frame(|| {
            if let Some(window) = web_sys::window() {
                let _ = js_sys::Reflect::set(
                    &window,
                    &JsValue::from_str(HEARTBEAT),
                    &JsValue::from_f64(js_sys::Date::now()),
                );
            }
        });
    };
    if let Ok(handle) = set_interval_with_handle(tick, std::time::Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }
}

/// Space pauses and resumes the rotation, the arrow keys turn it (not while a button or
/// link has the focus: there Space and Enter are theirs).
fn listen_to_keys(rotation: RwSignal<Rotation>) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let on_control = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("button, a, select, input").ok().flatten())
            .is_some();
        let now = js_sys::Date::now();
        match ev.key().as_str() {
            " " | "p" if !on_control => rotation.update(|r| r.set_paused(!r.is_paused(), now)),
            "ArrowRight" => rotation.update(|r| r.next(now)),
            "ArrowLeft" => rotation.update(|r| r.previous(now)),
            _ => return,
        }
        ev.prevent_default();
    });
    on_cleanup(move || handle.remove());
}
