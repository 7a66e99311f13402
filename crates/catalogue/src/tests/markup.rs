//! A course's markup, as the static pages and the app's course page both show it: every
//! value escaped, every part in its place, the place in words at each level of detail.

use super::*;
use crate::markup::{blocks_html, course_lead, course_sections, lang_attr};
use lernort_i18n::Lang;

fn place(course: &Course, detail: PlaceDetail, lang: Lang) -> String {
    catalogue(vec![course.clone()]).place_text(course, detail, lang)
}

#[test]
fn the_place_in_words_at_each_level_of_detail() {
    // Room, Short and Address, in German.
    let levels = |c: &Course| {
        [PlaceDetail::Room, PlaceDetail::Short, PlaceDetail::Address]
            .map(|detail| place(c, detail, Lang::De))
    };
    let mut c = course("a", "A");
    c.room = Some("Lernraum 2".into());
    assert_eq!(
        levels(&c),
        [
            "Lernraum 2",
            "DiLAS, Lernraum 2",
            "DiLAS, Lernraum 2, Markt 1, 59494 Soest"
        ]
    );
    c.room = Some("  ".into());
    assert_eq!(
        levels(&c),
        ["DiLAS", "DiLAS, Soest", "DiLAS, Markt 1, 59494 Soest"]
    );
    c.event_attendance_mode = AttendanceMode::Mixed;
    assert_eq!(
        place(&c, PlaceDetail::Short, Lang::De),
        "DiLAS, Soest – oder online"
    );
    assert_eq!(
        place(&c, PlaceDetail::Short, Lang::En),
        "DiLAS, Soest – or online"
    );
    c.event_attendance_mode = AttendanceMode::Online;
    assert_eq!(place(&c, PlaceDetail::Address, Lang::De), "Online");
    c.event_attendance_mode = AttendanceMode::Offline;
    c.venue = Some("unknown".into());
    assert_eq!(place(&c, PlaceDetail::Short, Lang::De), "");
    c.room = Some("Foyer".into());
    // The room alone is enough inside the centre, even when the venue is unknown.
    assert_eq!(place(&c, PlaceDetail::Room, Lang::De), "Foyer");
}

#[test]
fn markdown_is_rendered_and_escaped() {
    let blocks = parse_markdown(
        "Mit **<b>fett</b>** & *kursiv*\nneue Zeile\n\n- [Liste](https://example.org/?a=1&b=2)\n- <script>",
    );
    let mut out = String::new();
    blocks_html(&mut out, &blocks);
    assert_eq!(
        out,
        "<p>Mit <strong>&lt;b&gt;fett&lt;/b&gt;</strong> &amp; <em>kursiv</em><br>neue Zeile</p>\
         <ul><li><a href=\"https://example.org/?a=1&amp;b=2\">Liste</a></li><li>&lt;script&gt;</li></ul>"
    );
}

#[test]
fn every_value_from_the_catalogue_is_escaped() {
    let mut c = course("a", "A");
    c.subtitle = Some("<img src=x onerror=alert(1)>".into());
    c.room = Some("\"><script>".into());
    c.instructor = Some("A & B".into());
    c.url = Some("https://example.org/?\"onmouseover=x".into());
    c.image = Some(Image {
        src: "bild\".png".into(),
        alt: "<b>".into(),
    });
    let catalogue = catalogue(vec![c.clone()]);
    let html =
        course_lead(&c, Lang::De, NOW, "data/") + &course_sections(&catalogue, &c, Lang::De, NOW);
    for raw in ["<img src=x", "\"><script>", "<b>", "?\"onmouseover"] {
        assert!(!html.contains(raw), "{raw} in {html}");
    }
    for escaped in [
        "&lt;img src=x onerror=alert(1)&gt;",
        "Raum: &quot;&gt;&lt;script&gt;",
        "<dd>A &amp; B</dd>",
        "src=\"data/bild&quot;.png\" alt=\"&lt;b&gt;\"",
        "href=\"https://example.org/?&quot;onmouseover=x\"",
    ] {
        assert!(html.contains(escaped), "{escaped} in {html}");
    }
}

#[test]
fn the_sections_in_order_with_past_sessions_marked() {
    let mut c = course("a", "A");
    c.sessions = evenings(&["2027-03-16", "2027-03-09"]);
    c.description = "Text".into();
    let catalogue = catalogue(vec![c.clone()]);
    let between = unix("2027-03-10T12:00:00+01:00");
    let html = course_sections(&catalogue, &c, Lang::De, between);
    let at = |part: &str| {
        html.find(part)
            .unwrap_or_else(|| panic!("{part} in {html}"))
    };
    assert!(at("<h2>Termine</h2>") < at("<h2>Ort</h2>"));
    assert!(at("<h2>Ort</h2>") < at("<h2>Beschreibung</h2>"));
    assert!(at("<h2>Beschreibung</h2>") < at("<h2>Auf einen Blick</h2>"));
    // Sorted by start, the one that is over said in words (not by its class alone).
    assert!(
        at("<li class=\"over\">Di., 9. März 2027, 18:00–20:00 Uhr (vorbei)</li>")
            < at("<li>Di., 16. März 2027")
    );
    assert!(html.contains("<p class=\"step-free\">Stufenlos erreichbar"));
    // Online only: no address, no step-free line.
    let mut online = c.clone();
    online.event_attendance_mode = AttendanceMode::Online;
    let html = course_sections(&catalogue, &online, Lang::En, between);
    assert!(
        html.contains("<h2>Place</h2><p>Online</p></section>"),
        "{html}"
    );
    assert!(!html.contains("<address>"));
}

#[test]
fn a_course_in_another_language_is_marked_as_such() {
    let mut c = course("a", "A");
    c.in_language = "de".into();
    assert_eq!(lang_attr(&c, Lang::De), "");
    assert_eq!(lang_attr(&c, Lang::En), " lang=\"de\"");
    c.in_language = "en-GB".into();
    assert_eq!(lang_attr(&c, Lang::De), " lang=\"en-GB\"");
    assert_eq!(lang_attr(&c, Lang::En), "");
    c.in_language = String::new();
    assert_eq!(lang_attr(&c, Lang::En), "");
}
