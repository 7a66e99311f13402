//! The week's opening hours as a table: Monday to Sunday, today marked in words
//! ("(heute)") as well as by the `today` class.

use leptos::prelude::*;
use lernort_centre::OpeningHours;
use lernort_i18n::{weekday_name, Lang, Msg};
use lernort_time::Weekday;

/// The table: a head ("Tag", "Öffnungszeiten") and a row per weekday, the day as a row
/// header, its hours (or "geschlossen").
pub fn week_table(
    hours: &OpeningHours,
    today: Weekday,
    lang: Lang,
    class: &'static str,
) -> impl IntoView {
    view! {
        <table class=class>
            <thead>
                <tr>
                    <th scope="col">{Msg::DayColumn.text(lang)}</th>
                    <th scope="col">{Msg::HoursColumn.text(lang)}</th>
                </tr>
            </thead>
            <tbody>{week_rows(hours, today, lang)}</tbody>
        </table>
    }
}

fn week_rows(hours: &OpeningHours, today: Weekday, lang: Lang) -> impl IntoView {
    Weekday::ALL
        .into_iter()
        .map(|day| {
            let is_today = day == today;
            view! {
                <tr class:today=is_today>
                    <th scope="row">
                        {weekday_name(day, lang)}
                        {is_today.then(|| format!(" ({})", Msg::Today.text(lang)))}
                    </th>
                    <td>{hours.day_text(day, lang)}</td>
                </tr>
            }
        })
        .collect_view()
}
