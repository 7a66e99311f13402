//! The co-working page's parts: the floor plan (SVG, each space selectable), the list for
//! screen readers and small phones, today's hours grid, the weekday load chart (plotters on
//! a canvas, with the same figures in words) and how to book. Words, symbols and figures
//! come from `lernort_coworking::present`; these components only lay them out.

use leptos::html::Canvas;
use leptos::prelude::*;
use lernort_coworking::present;
use lernort_coworking::{CoworkingStatus, Space, SpaceKind, SpaceStatus};
use lernort_i18n::fill;
use lernort_i18n::{weekday_name, Lang, Msg};
use lernort_time::{to_berlin, Weekday};
use plotters::prelude::*;

use crate::components::chart_canvas::ChartCanvas;

/// A plan coordinate as a whole number: SVG reads it the same, and the wasm carries no
/// float printing.
fn px(value: f64) -> String {
    (value.round() as i64).to_string()
}

/// A space's name, status word and what changes when, e.g. "Platz 3: reserviert, bis 12:00 Uhr".
fn space_label(space: &Space, lang: Lang) -> String {
    let until = present::until_text(space.status, space.until, lang);
    let mut label = format!(
        "{}: {}",
        space.name.get(lang),
        present::status_word(space.status, lang)
    );
    if !until.is_empty() {
        label.push_str(", ");
        label.push_str(&until);
    }
    label
}

/// The floor plan: zones and spaces; a space's status by colour and symbol; choosing a
/// space (click, Enter or Space) shows its details below.
pub fn space_plan(
    status: &CoworkingStatus,
    selected: RwSignal<Option<String>>,
    lang: Lang,
) -> impl IntoView {
    // The view is cropped to what is drawn; zones are outlines (their names head the list,
    // and a label inside would collide with the desks).
    let (x, y, width, height) = present::plan_view(status, 10.0, 10.0);
    let view_box = format!("{} {} {} {}", px(x), px(y), px(width), px(height));
    let zones = status
        .plan
        .zones
        .iter()
        .map(|zone| {
            let s = zone.shape;
            view! {
                <rect class="zone" x=px(s.x) y=px(s.y) width=px(s.width) height=px(s.height)>
                    <title>{zone.name.get(lang).to_string()}</title>
                </rect>
            }
        })
        .collect_view();
    let spaces = status
        .spaces
        .iter()
        .map(|space| {
            let s = space.shape;
            let class = format!("space {}", present::status_class(space.status));
            let size = (s.width.min(s.height) * 0.35).clamp(14.0, 36.0);
            let name = space.name.get(lang).to_string();
            // The name fits the shape's width (about 0.7 em per bold character).
            let name_size =
                (size * 0.6).min(s.width * 0.9 / (0.7 * name.chars().count().max(1) as f64));
            let (cx, cy) = (s.x + s.width / 2.0, s.y + s.height / 2.0);
            let pressed = {
                let id = space.id.clone();
                move || (selected.get().as_deref() == Some(id.as_str())).to_string()
            };
            let choose = {
                let id = space.id.clone();
                move || selected.set(Some(id.clone()))
            };
            let choose_by_key = choose.clone();
            view! {
                <g
                    class=class
                    role="button"
                    tabindex="0"
                    aria-label=space_label(space, lang)
                    aria-pressed=pressed
                    on:click=move |_| choose()
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" || ev.key() == " " {
                            ev.prevent_default();
                            choose_by_key();
                        }
                    }
                >
                    <rect x=px(s.x) y=px(s.y) width=px(s.width) height=px(s.height) rx="6"></rect>
                    <text x=px(cx) y=px(cy - size * 0.05) font-size=px(size) text-anchor="middle">
                        {present::status_symbol(space.status)}
                    </text>
                    <text
                        x=px(cx)
                        y=px(cy + size * 0.35 + name_size)
                        font-size=px(name_size)
                        text-anchor="middle"
                        class="space-name"
                    >
                        {name}
                    </text>
                </g>
            }
        })
        .collect_view();
    let details = {
        let spaces = status.spaces.clone();
        move || {
            let id = selected.get()?;
            let space = spaces.iter().find(|s| s.id == id)?;
            Some(space_details(space, lang))
        }
    };
    view! {
        <section class="coworking-plan" aria-labelledby="coworking-plan-title">
            <h2 id="coworking-plan-title">{Msg::CoworkingPlanTitle.text(lang)}</h2>
            <p class="hint">{Msg::CoworkingPlanHint.text(lang)}</p>
            {legend(lang)}
            <svg class="plan" viewBox=view_box role="group" aria-labelledby="coworking-plan-title">
                {zones}
                {spaces}
            </svg>
            <div class="space-details" aria-live="polite">{details}</div>
        </section>
    }
}

/// What colour and symbol mean, in words.
fn legend(lang: Lang) -> impl IntoView {
    let items = [
        SpaceStatus::Free,
        SpaceStatus::Occupied,
        SpaceStatus::Reserved,
        SpaceStatus::OutOfService,
    ]
    .into_iter()
    .map(|status| {
        view! {
            <li class=format!("legend-{}", present::status_class(status))>
                <span class="symbol" aria-hidden="true">{present::status_symbol(status)}</span>
                " "
                {present::status_word(status, lang)}
            </li>
        }
    })
    .collect_view();
    view! { <ul class="legend">{items}</ul> }
}

/// One space in full: status, until when, features, today's bookings.
fn space_details(space: &Space, lang: Lang) -> impl IntoView {
    let kind = match space.kind {
        SpaceKind::Desk => Msg::SpaceDesk,
        SpaceKind::Room => Msg::SpaceRoom,
    };
    let features = present::feature_words(&space.features, space.kind, lang).join(", ");
    let today = if space.today.is_empty() {
        Msg::CoworkingNoBookings.text(lang).to_string()
    } else {
        fill(
            Msg::CoworkingBookedAt.text(lang),
            &[&present::bookings_text(&space.today, lang)],
        )
    };
    view! {
        <h3>{space.name.get(lang).to_string()}</h3>
        <p>{format!("{} – {}", kind.text(lang), space_label(space, lang))}</p>
        <p>{features}</p>
        <p>{today}</p>
    }
}

/// Every space with its status in words, grouped by zone.
pub fn space_list(status: &CoworkingStatus, lang: Lang) -> impl IntoView {
    let zones = status
        .plan
        .zones
        .iter()
        .map(|zone| {
            let items = status
                .in_zone(&zone.id)
                .map(|space| {
                    let mut line = space_label(space, lang);
                    let features = present::feature_words(&space.features, space.kind, lang);
                    if !features.is_empty() {
                        line.push_str(" – ");
                        line.push_str(&features.join(", "));
                    }
                    view! {
                        <li class=format!("status-{}", present::status_class(space.status))>
                            <span class="symbol" aria-hidden="true">
                                {present::status_symbol(space.status)}
                            </span>
                            " "
                            {line}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <h3>{zone.name.get(lang).to_string()}</h3>
                <ul class="space-list">{items}</ul>
            }
        })
        .collect_view();
    view! {
        <section class="coworking-list" aria-labelledby="coworking-list-title">
            <h2 id="coworking-list-title">{Msg::CoworkingListTitle.text(lang)}</h2>
            {zones}
        </section>
    }
}

/// Today's hours × spaces: booked or free, as symbols with the words for screen readers.
/// `periods` are today's opening hours.
pub fn today_grid(
    status: &CoworkingStatus,
    periods: &[(lernort_time::TimeOfDay, lernort_time::TimeOfDay)],
    lang: Lang,
) -> impl IntoView {
    let today = to_berlin(status.generated).date;
    let (from, to) = present::grid_hours(periods, status);
    let columns = present::today_grid(status, today, from, to);
    let head = columns
        .iter()
        .map(|c| view! { <th scope="col">{c.hour.to_string()}</th> })
        .collect_view();
    let rows = status
        .spaces
        .iter()
        .enumerate()
        .map(|(i, space)| {
            let out_of_service = space.status == SpaceStatus::OutOfService;
            let cells = columns
                .iter()
                .map(|c| {
                    let (class, symbol, word) = match (out_of_service, c.taken[i]) {
                        (true, _) => ("out-of-service", "✕", Msg::SpaceOutOfService),
                        (false, true) => ("taken", "■", Msg::SpaceReserved),
                        (false, false) => ("open", "·", Msg::SpaceFree),
                    };
                    view! {
                        <td class=class>
                            <span aria-hidden="true">{symbol}</span>
                            <span class="visually-hidden">{word.text(lang)}</span>
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{space.name.get(lang).to_string()}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="coworking-today" aria-labelledby="coworking-today-title">
            <h2 id="coworking-today-title">{Msg::CoworkingTodayTitle.text(lang)}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="coworking-today-title">
                <table class="today-grid">
                    <caption>{Msg::CoworkingTodayCaption.text(lang)}</caption>
                    <thead>
                        <tr>
                            <td></td>
                            {head}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// The typical load by hour for one weekday (chosen with radio buttons, today at first):
/// bars drawn by plotters on a canvas, and the same in a sentence.
pub fn load_chart(
    status: &CoworkingStatus,
    day: RwSignal<Weekday>,
    lang: Lang,
) -> Option<impl IntoView> {
    let load = status.load.clone()?;
    let canvas = NodeRef::<Canvas>::new();
    let chart_load = load.clone();
    Effect::new(move || {
        if let Some(canvas) = canvas.get() {
            draw_load(
                &canvas,
                present::day_load(&chart_load, day.get()).unwrap_or_default(),
            );
        }
    });
    let sentence_load = load.clone();
    let sentence = move || present::load_sentence(&sentence_load, day.get(), lang);
    let chart_label = move || {
        fill(
            Msg::CoworkingLoadChart.text(lang),
            &[weekday_name(day.get(), lang)],
        )
    };
    let choices = Weekday::ALL
        .into_iter()
        .map(|d| {
            view! {
                <label>
                    <input
                        type="radio"
                        name="load-day"
                        prop:checked=move || day.get() == d
                        on:change=move |_| day.set(d)
                    />
                    {weekday_name(d, lang)}
                </label>
            }
        })
        .collect_view();
    Some(view! {
        <section class="coworking-load" aria-labelledby="coworking-load-title">
            <h2 id="coworking-load-title">{Msg::CoworkingLoadTitle.text(lang)}</h2>
            <fieldset class="load-days">
                <legend>{Msg::CoworkingLoadDay.text(lang)}</legend>
                {choices}
            </fieldset>
            <canvas node_ref=canvas class="load-chart" role="img" aria-label=chart_label height="240"></canvas>
            <p class="load-sentence" aria-live="polite">{sentence}</p>
            <p class="hint">{fill(Msg::CoworkingLoadWeeks.text(lang), &[&load.weeks.to_string()])}</p>
        </section>
    })
}

/// Draws the bars for 24 hourly figures (the hours 6–22, where a centre is open).
fn draw_load(canvas: &web_sys::HtmlCanvasElement, hours: &[Option<u8>]) {
    let scale = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0);
    let css_width = f64::from(canvas.client_width().max(280));
    canvas.set_width((css_width * scale) as u32);
    canvas.set_height((240.0 * scale) as u32);
    let Some(backend) = ChartCanvas::new(canvas) else {
        return;
    };
    let root = backend.into_drawing_area();
    let ink = RGBColor(34, 34, 34);
    let font = |size: f64| ("sans-serif", size * scale).into_font().color(&ink);
    let _ = root.fill(&WHITE);
    let Ok(mut chart) = ChartBuilder::on(&root)
        .margin((8.0 * scale) as i32)
        .x_label_area_size((28.0 * scale) as i32)
        .y_label_area_size((48.0 * scale) as i32)
        .build_cartesian_2d(6u32..22u32, 0u32..100u32)
    else {
        return;
    };
    let _ = chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(9)
        .y_labels(5)
        .light_line_style(TRANSPARENT)
        .x_label_style(font(13.0))
        .y_label_style(font(13.0))
        .y_label_formatter(&|v| format!("{v} %"))
        .draw();
    let bar = RGBColor(29, 79, 145);
    let bars = (6u32..22).filter_map(|hour| {
        let value = hours.get(hour as usize).copied().flatten()?;
        let mut rect = Rectangle::new(
            [(hour, 0), (hour + 1, u32::from(value.min(100)))],
            bar.filled(),
        );
        let gap = (3.0 * scale) as u32;
        rect.set_margin(0, 0, gap, gap);
        Some(rect)
    });
    let _ = chart.draw_series(bars);
    let _ = root.present();
}

/// How to book: the centre's words, the booking page, phone and e-mail.
pub fn booking_box(status: &CoworkingStatus, lang: Lang) -> Option<impl IntoView> {
    let booking = status.booking.as_ref()?;
    let online = booking.url.clone().map(|url| {
        view! { <p><a class="button" href=url>{Msg::CoworkingBookOnline.text(lang)}</a></p> }
    });
    let phone = booking.phone.clone().map(|phone| {
        let href = format!("tel:{}", phone.replace([' ', '/', '-'], ""));
        view! { <p>{Msg::CoworkingPhone.text(lang)} ": " <a href=href>{phone}</a></p> }
    });
    let email = booking.email.clone().map(|email| {
        let href = format!("mailto:{email}");
        view! { <p>{Msg::CoworkingEmail.text(lang)} ": " <a href=href>{email}</a></p> }
    });
    Some(view! {
        <section class="coworking-booking" aria-labelledby="coworking-booking-title">
            <h2 id="coworking-booking-title">{Msg::CoworkingHowToBook.text(lang)}</h2>
            <p>{booking.text.get(lang).to_string()}</p>
            {online}
            {phone}
            {email}
        </section>
    })
}
