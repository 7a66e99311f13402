//! The floor plan and the words around the picture, as markup strings: built here (tested,
//! names escaped) and handed to the page as `innerHTML` of an `<svg>` or `<tbody>`. One
//! string per part keeps the app's view code small; no `style` attribute is written, so the
//! Content-Security-Policy has nothing to block (positions are SVG attributes).

use std::fmt::Write;

use lernort_floor_protocol::{Layout, Zone};
use lernort_html::escape;
use lernort_i18n::{Lang, Msg};

use crate::text::total_text;
use crate::{ColourMap, Counts};

/// Colour stops per legend gradient (every 6.25 %; the maps are smooth in between).
const LEGEND_STOPS: u16 = 16;

/// The floor widget's fixed structure, filled in by the page (texts as text, the plan and
/// tables as markup from this module). Classes are the stylesheet's and the page's hooks.
pub const SKELETON: &str = concat!(
    r#"<p class="floor-status"><span class="floor-dot" aria-hidden="true"></span><span class="floor-status-text"></span></p>"#,
    r#"<div class="floor-controls"><button type="button" class="button floor-pause"></button>"#,
    r#"<label class="floor-scale"><span class="floor-scale-text"></span><select class="floor-map"></select></label></div>"#,
    r#"<figure class="floor-figure"><div class="floor-plan"><canvas aria-hidden="true"></canvas>"#,
    r#"<svg class="floor-lines" aria-hidden="true" viewBox="0 0 1 1"></svg><svg class="floor-labels" aria-hidden="true"></svg>"#,
    r#"<p class="floor-badge" aria-hidden="true"></p></div><figcaption class="floor-summary"></figcaption></figure>"#,
    r#"<div class="floor-legend"></div><div class="floor-zones"></div><p class="floor-note"></p>"#,
    r#"<div class="visually-hidden floor-announce" aria-live="polite" aria-atomic="true"></div>"#,
);

/// The colour-scale choice's options, the chosen one selected.
///
/// ```
/// use lernort_floor_view::{map_options, ColourMap};
/// use lernort_i18n::Lang;
/// assert_eq!(
///     map_options(ColourMap::Cividis, Lang::En),
///     r#"<option value="viridis">Viridis (default)</option><option value="cividis" selected>Cividis (for colour vision deficiency)</option>"#
/// );
/// ```
pub fn map_options(chosen: ColourMap, lang: Lang) -> String {
    let mut html = String::new();
    for (map, msg) in [
        (ColourMap::Viridis, Msg::FloorViridis),
        (ColourMap::Cividis, Msg::FloorCividis),
    ] {
        let selected = if map == chosen { " selected" } else { "" };
        let _ = write!(
            html,
            r#"<option value="{}"{selected}>{}</option>"#,
            map.id(),
            msg.text(lang)
        );
    }
    html
}

/// `part` as a percentage of `whole` for CSS and SVG, with two decimals (integer maths:
/// the app carries no float formatting).
///
/// ```
/// use lernort_floor_view::percent;
/// assert_eq!(percent(300, 800), "37.50%");
/// assert_eq!(percent(1, 3), "33.33%");
/// assert_eq!(percent(5, 0), "0.00%");
/// ```
pub fn percent(part: u16, whole: u16) -> String {
    let bp = (u32::from(part) * 10_000)
        .checked_div(u32::from(whole))
        .unwrap_or(0);
    format!("{}.{:02}%", bp / 100, bp % 100)
}

/// The `viewBox` of the plan: the floor in cm.
pub fn view_box(layout: &Layout) -> String {
    format!("0 0 {} {}", layout.width_cm, layout.height_cm)
}

/// The plan's lines, in the layout's cm: every module's outline (one path) and every
/// zone's outline. For an `<svg viewBox>` over the picture.
///
/// ```
/// use lernort_floor_view::{grid_layout, plan_lines};
/// assert_eq!(
///     plan_lines(&grid_layout(2, 1)),
///     r#"<path class="floor-modules" d="M0 0h50v50h-50zM50 0h50v50h-50z"/>"#
/// );
/// ```
pub fn plan_lines(layout: &Layout) -> String {
    let mut svg = String::with_capacity(64 + layout.modules.len() * 20 + layout.zones.len() * 80);
    svg.push_str(r#"<path class="floor-modules" d=""#);
    for m in &layout.modules {
        let _ = write!(
            svg,
            "M{} {}h{}v{}h-{}z",
            m.x_cm, m.y_cm, m.w_cm, m.h_cm, m.w_cm
        );
    }
    svg.push_str(r#""/>"#);
    for z in &layout.zones {
        let _ = write!(
            svg,
            r#"<rect class="floor-zone" x="{}" y="{}" width="{}" height="{}"/>"#,
            z.x_cm, z.y_cm, z.w_cm, z.h_cm
        );
    }
    svg
}

/// A zone's label on the plan: its name, and its people when counted (`Makerspace · 3`).
/// The page's plan and the gateway's picture of the floor both use it.
pub fn zone_label(zone: &Zone, people: Option<u32>, lang: Lang) -> String {
    match people {
        Some(n) => format!("{} · {n}", zone.name.get(lang)),
        None => zone.name.get(lang).to_string(),
    }
}

/// The zone names (with their approximate people count once there is one), each in a box
/// over its zone that wraps long names: `<foreignObject>`s positioned in percent, for an
/// `<svg>` without viewBox, so the text keeps its CSS size at any plan size.
///
/// ```
/// use lernort_floor_view::{grid_layout, plan_labels, Counts};
/// use lernort_floor_protocol::Zone;
/// use lernort_i18n::{Lang, Localized};
/// let mut layout = grid_layout(4, 2);
/// layout.zones.push(Zone {
///     id: "cafe".into(),
///     name: Localized::German("Café & Co".into()),
///     x_cm: 100, y_cm: 0, w_cm: 100, h_cm: 100,
/// });
/// let counts = Counts::certain(3, vec![2]);
/// assert_eq!(
///     plan_labels(&layout, Some(&counts), Lang::De),
///     r#"<foreignObject x="50.00%" y="0.00%" width="50.00%" height="100.00%"><div class="floor-zone-label">Café &amp; Co · 2</div></foreignObject>"#
/// );
/// ```
pub fn plan_labels(layout: &Layout, counts: Option<&Counts>, lang: Lang) -> String {
    let mut svg = String::new();
    let (w, h) = (layout.width_cm, layout.height_cm);
    for (i, z) in layout.zones.iter().enumerate() {
        let _ = write!(
            svg,
            r#"<foreignObject x="{}" y="{}" width="{}" height="{}"><div class="floor-zone-label">{}"#,
            percent(z.x_cm, w),
            percent(z.y_cm, h),
            percent(z.w_cm, w),
            percent(z.h_cm, h),
            escape(&zone_label(
                z,
                counts.and_then(|c| c.zones.get(i).copied()),
                lang
            ))
        );
        svg.push_str("</div></foreignObject>");
    }
    svg
}

/// The people-per-zone table: caption, head, a row per zone and a last row with the total
/// (`–` before the first frame).
///
/// ```
/// use lernort_floor_view::{grid_layout, zone_table};
/// use lernort_i18n::Lang;
/// let html = zone_table(&grid_layout(1, 1), None, Lang::En);
/// assert!(html.starts_with("<table"));
/// assert!(html.ends_with(r#"<tr class="floor-total"><th scope="row">Total</th><td>–</td></tr></tbody></table>"#));
/// ```
pub fn zone_table(layout: &Layout, counts: Option<&Counts>, lang: Lang) -> String {
    let mut html = String::new();
    let _ = write!(
        html,
        r#"<table class="floor-zone-table"><caption>{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
        Msg::FloorZones.text(lang),
        Msg::FloorZoneColumn.text(lang),
        Msg::FloorPeopleColumn.text(lang)
    );
    let mut row = |class: &str, name: &str, n: Option<String>| {
        let _ = write!(
            html,
            r#"<tr{class}><th scope="row">{}</th><td>{}</td></tr>"#,
            escape(name),
            n.as_deref().unwrap_or("–")
        );
    };
    for (i, z) in layout.zones.iter().enumerate() {
        row(
            "",
            z.name.get(lang),
            counts.map(|c| c.zones.get(i).copied().unwrap_or(0).to_string()),
        );
    }
    row(
        r#" class="floor-total""#,
        Msg::FloorTotal.text(lang),
        counts.map(|c| total_text(c, lang)),
    );
    html.push_str("</tbody></table>");
    html
}

/// The legend: what the colours mean, a bar drawn from the same table as the picture,
/// and words at both ends.
///
/// ```
/// use lernort_floor_view::{legend, ColourMap};
/// use lernort_i18n::Lang;
/// let html = legend(ColourMap::Viridis, Lang::De);
/// assert!(html.contains(r##"<stop offset="0.00%" stop-color="#440154"/>"##));
/// assert!(html.ends_with("<span>ruhig</span><span>viel los</span></p>"));
/// ```
pub fn legend(map: ColourMap, lang: Lang) -> String {
    let mut html = format!(
        r#"<p>{}</p><svg class="floor-legend-bar" viewBox="0 0 256 16" preserveAspectRatio="none" aria-hidden="true"><linearGradient id="floor-gradient">"#,
        Msg::FloorLegend.text(lang)
    );
    for i in 0..=LEGEND_STOPS {
        let _ = write!(
            html,
            r#"<stop offset="{}" stop-color="{}"/>"#,
            percent(i, LEGEND_STOPS),
            map.hex(f32::from(i) / f32::from(LEGEND_STOPS))
        );
    }
    let _ = write!(
        html,
        r##"</linearGradient><rect width="256" height="16" fill="url(#floor-gradient)"/></svg><p class="floor-legend-ends"><span>{}</span><span>{}</span></p>"##,
        Msg::FloorLegendLow.text(lang),
        Msg::FloorLegendHigh.text(lang)
    );
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid_layout;
    use lernort_floor_protocol::Zone;
    use lernort_i18n::Localized;

    fn dilas() -> Layout {
        Layout::from_json(include_str!("../../../centres/dilas-soest/floor.json")).unwrap()
    }

    #[test]
    fn lines_cover_every_module_and_zone() {
        let layout = dilas();
        let svg = plan_lines(&layout);
        assert_eq!(svg.matches('M').count(), layout.modules.len());
        assert_eq!(svg.matches("<rect").count(), layout.zones.len());
        assert!(!svg.contains("style"), "no style attributes (CSP)");
        assert_eq!(view_box(&layout), "0 0 800 500");
        let grid = plan_lines(&grid_layout(16, 10));
        assert!(grid.ends_with(r#"M750 450h50v50h-50z"/>"#));
    }

    #[test]
    fn labels_follow_language_and_counts() {
        let layout = dilas();
        let de = plan_labels(&layout, None, Lang::De);
        let en = plan_labels(&layout, None, Lang::En);
        assert_eq!(de.matches("<foreignObject").count(), layout.zones.len());
        assert!(
            de.contains(">Eingang<") && en.contains(">Entrance<"),
            "{de}\n{en}"
        );
        let mut counts = Counts::certain(4, vec![0; layout.zones.len()]);
        counts.zones[1] = 3;
        let with = plan_labels(&layout, Some(&counts), Lang::De);
        assert!(with.contains(">Makerspace · 3<"), "{with}");
        assert!(with.contains(">Eingang · 0<"));
        assert!(!with.contains("style"));
    }

    #[test]
    fn rows_escape_names_and_end_with_the_total() {
        let mut layout = grid_layout(2, 1);
        layout.zones = vec![Zone {
            id: "x".into(),
            name: Localized::German("<script>".into()),
            x_cm: 0,
            y_cm: 0,
            w_cm: 50,
            h_cm: 50,
        }];
        let counts = Counts::certain(2, vec![1]);
        let table = zone_table(&layout, Some(&counts), Lang::De);
        assert!(table.contains(r#"<caption>Personen je Bereich (geschätzt)</caption>"#));
        assert!(table.ends_with(
            r#"<tbody><tr><th scope="row">&lt;script&gt;</th><td>1</td></tr><tr class="floor-total"><th scope="row">Insgesamt</th><td>2</td></tr></tbody></table>"#
        ), "{table}");
        let range = Counts {
            total_min: 2,
            total_max: 3,
            ..counts
        };
        let table = zone_table(&layout, Some(&range), Lang::En);
        assert!(
            table.ends_with(r#"<th scope="row">Total</th><td>2 to 3</td></tr></tbody></table>"#),
            "{table}"
        );
        let labels = plan_labels(&layout, None, Lang::De);
        assert!(labels.contains("&lt;script&gt;") && !labels.contains("<script>"));
    }

    #[test]
    fn legend_has_words_and_the_chosen_map_from_its_table() {
        let viridis = legend(ColourMap::Viridis, Lang::De);
        assert!(viridis.contains("<span>ruhig</span><span>viel los</span>"));
        assert_eq!(viridis.matches("<stop").count(), 17);
        assert!(viridis.contains(r##"<stop offset="100.00%" stop-color="#fde725"/>"##));
        assert!(viridis.contains(r#"<stop offset="6.25%""#));
        let cividis = legend(ColourMap::Cividis, Lang::En);
        assert!(cividis.contains("<span>quiet</span><span>busy</span>"));
        assert!(cividis.contains(r##"stop-color="#00224e""##));
        assert!(!cividis.contains("#440154"));
        assert!(!viridis.contains("style"));
    }

    #[test]
    fn skeleton_has_every_hook_and_no_style() {
        for class in [
            "floor-status-text",
            "floor-pause",
            "floor-scale-text",
            "floor-map",
            "floor-plan",
            "floor-lines",
            "floor-labels",
            "floor-badge",
            "floor-summary",
            "floor-legend",
            "floor-zones",
            "floor-note",
            "floor-announce",
        ] {
            assert_eq!(
                SKELETON.matches(&format!("{class}\"")).count()
                    + SKELETON.matches(&format!("{class} ")).count(),
                1,
                "{class}"
            );
        }
        assert!(SKELETON.contains("<canvas"));
        assert!(SKELETON.contains(r#"aria-live="polite""#));
        assert!(!SKELETON.contains("style"));
    }

    #[test]
    fn percentages() {
        assert_eq!(percent(800, 800), "100.00%");
        assert_eq!(percent(0, 800), "0.00%");
        assert_eq!(percent(250, 800), "31.25%");
    }
}
