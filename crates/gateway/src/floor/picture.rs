//! `GET {base}api/floor.png`: the live floor as a link-preview card, for the floor page's
//! `og:image` when the gateway serves the site (`sensorboden/index.gateway.html`).
//!
//! The heatmap is the app's own: `lernort-floor-view` paints the latest full frame into
//! its raster with the default colour map (viridis); the people are counted as the page
//! counts them, followed over every frame (`people.rs`), not guessed from one; and the
//! zones are outlined and labelled as on the page (`Makerspace · 3`); `lernort-card` puts it beside the count, the time and
//! the source's state, in the centre's colours.
//!
//! However many crawlers ask, the floor is drawn at most once per `picture_every_ms`
//! (5 s): one request draws (off the async threads); the others wait for it and get the
//! same bytes, as does every request while the picture is younger than that. A request
//! that had to wait for a drawing never draws again, however long it took. Each drawing
//! is counted (`picture_renders` in `/metrics`).

use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use http::StatusCode;
use lernort_card::{Brand, Card, Picture};
use lernort_centre::Centre;
use lernort_floor_protocol::{Layout, SourceState};
use lernort_floor_view::{ColourMap, Counts, MODULE_CM, PIXELS_PER_MODULE};
use lernort_i18n::{fill, Lang, Msg};
use tokio::time::Instant;

use super::{Floor, Mode};
use crate::responses::plain_no_store;
use crate::state::AppState;

/// The last picture drawn, and when; how often they are drawn.
pub(crate) struct PictureCache {
    last: tokio::sync::Mutex<Option<(Instant, Bytes)>>,
    every: Duration,
}

impl PictureCache {
    pub(crate) fn new(every: Duration) -> PictureCache {
        PictureCache {
            last: tokio::sync::Mutex::new(None),
            every,
        }
    }
}

/// `GET {base}api/floor.png`.
pub async fn floor_picture_handler(State(state): State<AppState>) -> Response {
    let Some(floor) = state.floor() else {
        return plain_no_store(
            StatusCode::SERVICE_UNAVAILABLE,
            "503 the floor stream is not set up\n".to_owned(),
        );
    };
    let Mode::Live(live) = &floor.inner.mode else {
        return plain_no_store(
            StatusCode::SERVICE_UNAVAILABLE,
            "503 the floor is unavailable\n".to_owned(),
        );
    };
    let renders = &floor.inner.counters.picture_renders;
    let drawn_before = renders.load(Ordering::Acquire);
    // One drawing at a time: who comes while it is drawn waits and gets its result.
    let cache = &floor.inner.picture;
    let mut last = cache.last.lock().await;
    if let Some((at, png)) = last.as_ref() {
        if renders.load(Ordering::Acquire) > drawn_before || at.elapsed() < cache.every {
            return png_response(png.clone(), cache.every);
        }
    }
    let layout = live.layout.clone();
    // One look at the latest frame: its values and the source's state belong together.
    let (full, source) = {
        let latest = live.latest.borrow();
        (latest.full.clone(), latest.state)
    };
    let counts = live.people.counts();
    let root = state.root();
    let now_ms = lernort_time::clock::unix_ms();
    let drawn = tokio::task::spawn_blocking(move || {
        let (centre, logo) = root.as_deref().map(read_centre).unwrap_or_default();
        floor_png(
            &layout,
            &full,
            source,
            counts,
            centre.as_ref(),
            logo.as_deref(),
            now_ms,
        )
    })
    .await;
    let Ok(png) = drawn else {
        return plain_no_store(
            StatusCode::INTERNAL_SERVER_ERROR,
            "500 the floor picture could not be drawn\n".to_owned(),
        );
    };
    let png = Bytes::from(png);
    *last = Some((Instant::now(), png.clone()));
    renders.fetch_add(1, Ordering::Release);
    png_response(png, cache.every)
}

fn png_response(png: Bytes, every: Duration) -> Response {
    (
        [
            (CONTENT_TYPE, "image/png".to_owned()),
            (
                CACHE_CONTROL,
                format!("public, max-age={}", every.as_secs()),
            ),
        ],
        png,
    )
        .into_response()
}

/// The installed centre (`dist/centre/centre.json`) and its logo's bytes, when readable.
fn read_centre(dist: &Path) -> (Option<Centre>, Option<Vec<u8>>) {
    let dir = dist.join("centre");
    let Some(centre) = std::fs::read_to_string(dir.join("centre.json"))
        .ok()
        .and_then(|text| Centre::from_json(&text).ok())
    else {
        return (None, None);
    };
    let logo = std::fs::read(dir.join(&centre.logo.src)).ok();
    (Some(centre), logo)
}

/// The floor's card: the heatmap of the latest full frame (`full`, encoded) with its
/// zones, the people `counts` (as followed up to that frame) and the busiest zone, when it
/// was, and the source's state in words. Without a readable centre config the card is
/// drawn in neutral colours.
pub fn floor_png(
    layout: &Arc<Layout>,
    full: &[u8],
    source: SourceState,
    counts: Counts,
    centre: Option<&Centre>,
    logo: Option<&[u8]>,
    now_ms: i64,
) -> Vec<u8> {
    let lang = Lang::De;
    let mut view = lernort_floor_view::Floor::new(layout.clone(), false);
    let has_frame = view.receive(full).is_ok() && view.has_frame();
    // Without trails the heat shows the values as they are after one long step.
    view.step(60_000.0);
    view.paint(ColourMap::Viridis);
    let counts = (has_frame && source != SourceState::Down).then_some(counts);
    let raster = view.raster();
    let px = |cm: u16| f32::from(cm) * PIXELS_PER_MODULE as f32 / MODULE_CM as f32;
    let picture = Picture {
        width: raster.width(),
        height: raster.height(),
        rgba: raster.rgba(),
        boxes: layout
            .zones
            .iter()
            .enumerate()
            .map(|(i, z)| {
                let rect = [px(z.x_cm), px(z.y_cm), px(z.w_cm), px(z.h_cm)];
                let people = counts.as_ref().and_then(|c| c.zones.get(i).copied());
                (rect, lernort_floor_view::zone_label(z, people, lang))
            })
            .collect(),
    };
    let (date, time) = berlin_time(now_ms);
    let (badge, when) = match source {
        SourceState::Up => (None, fill(Msg::FloorLive.text(lang), &[&time])),
        SourceState::Stale => (
            Some(Msg::FloorBadgeStale.text(lang).to_string()),
            fill(Msg::FloorLastPicture.text(lang), &[&time]),
        ),
        SourceState::Down => (
            Some(Msg::FloorBadgeOffline.text(lang).to_string()),
            Msg::FloorStale.text(lang).to_string(),
        ),
    };
    let mut details = vec![when, date];
    if let Some(centre) = centre {
        let a = &centre.address;
        details.push(format!("{}, {} {}", a.street, a.postal_code, a.city));
    }
    let card = Card {
        kicker: Msg::FloorTitle.text(lang).to_string(),
        title: lernort_floor_view::summary(counts.as_ref(), &layout.zones, lang),
        details,
        badge,
    };
    let brand = match centre {
        Some(centre) => Brand::of_centre(centre, logo)
            .or_else(|_| Brand::of_centre(centre, None))
            .ok(),
        None => None,
    }
    .unwrap_or_else(neutral_brand);
    lernort_card::encode_png(&lernort_card::render_with(&brand, &card, Some(&picture)).0)
}

/// Black on white with a dark band, for a gateway whose dist has no readable centre.
fn neutral_brand() -> Brand {
    use lernort_card::{Colours, Rgb};
    let colours = Colours {
        background: Rgb(255, 255, 255),
        text: Rgb(0x1b, 0x1f, 0x23),
        muted_text: Rgb(0x4a, 0x55, 0x60),
        link: Rgb(0x1b, 0x1f, 0x23),
        primary: Rgb(0x1b, 0x1f, 0x23),
        on_primary: Rgb(255, 255, 255),
    };
    Brand::new("Lernort", "", colours, None).expect("no logo to read")
}

/// `06.12.2026` and `18:40:05` on the Europe/Berlin wall clock.
fn berlin_time(unix_ms: i64) -> (String, String) {
    let t = lernort_time::to_berlin(unix_ms.div_euclid(1000));
    (
        format!("{:02}.{:02}.{}", t.date.day, t.date.month, t.date.year),
        format!("{:02}:{:02}:{:02}", t.time.hour, t.time.minute, t.second),
    )
}

impl Floor {
    /// How often the floor's picture was drawn.
    pub fn picture_renders(&self) -> u64 {
        self.inner.counters.picture_renders.load(Ordering::Relaxed)
    }
}
