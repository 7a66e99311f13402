//! The description's Markdown subset: what it means, and that HTML never passes.

use super::*;

fn text(t: &str) -> Inline {
    Inline::Text {
        text: t.into(),
        strong: false,
        emphasis: false,
    }
}

fn bold(t: &str) -> Inline {
    Inline::Text {
        text: t.into(),
        strong: true,
        emphasis: false,
    }
}

fn italic(t: &str) -> Inline {
    Inline::Text {
        text: t.into(),
        strong: false,
        emphasis: true,
    }
}

fn paragraph(inlines: Vec<Inline>) -> Vec<Block> {
    vec![Block::Paragraph(inlines)]
}

#[test]
fn paragraphs_lists_and_line_breaks() {
    let blocks = parse_markdown(
        "Erste Zeile\nzweite Zeile\n\n\n  Zweiter Absatz  \nMitbringen:\n- Laptop\n-  Ladekabel\n  mit Stecker\nBitte pünktlich.\n\n- allein",
    );
    assert_eq!(
        blocks,
        [
            Block::Paragraph(vec![
                text("Erste Zeile"),
                Inline::LineBreak,
                text("zweite Zeile")
            ]),
            Block::Paragraph(vec![
                text("Zweiter Absatz"),
                Inline::LineBreak,
                text("Mitbringen:")
            ]),
            Block::List(vec![
                vec![text("Laptop")],
                vec![text("Ladekabel"), Inline::LineBreak, text("mit Stecker")],
            ]),
            Block::Paragraph(vec![text("Bitte pünktlich.")]),
            Block::List(vec![vec![text("allein")]]),
        ]
    );
    assert_eq!(parse_markdown(""), []);
    assert_eq!(parse_markdown("\n \n\t\n"), []);
    // Windows line ends.
    assert_eq!(
        parse_markdown("a\r\n\r\nb"),
        [
            Block::Paragraph(vec![text("a")]),
            Block::Paragraph(vec![text("b")])
        ]
    );
}

#[test]
fn bold_and_italic() {
    assert_eq!(
        parse_markdown("Ein **fetter** und ein *schräger* Text"),
        paragraph(vec![
            text("Ein "),
            bold("fetter"),
            text(" und ein "),
            italic("schräger"),
            text(" Text")
        ])
    );
    assert_eq!(
        parse_markdown("**fett mit *kursiv* darin**"),
        paragraph(vec![
            bold("fett mit "),
            Inline::Text {
                text: "kursiv".into(),
                strong: true,
                emphasis: true
            },
            bold(" darin"),
        ])
    );
    for (written, shown) in [
        // Markers without a partner, or next to spaces, are just stars.
        ("3 * 4 * 5", "3 * 4 * 5"),
        ("**offen", "**offen"),
        ("* kein Punkt", "* kein Punkt"),
        ("** x **", "** x **"),
        // An escaped star is a star; a backslash before anything else stays.
        ("\\*kein\\*", "*kein*"),
        ("a\\b", "a\\b"),
    ] {
        assert_eq!(
            parse_markdown(written),
            paragraph(vec![text(shown)]),
            "{written:?}"
        );
    }
    // Bold may run over a line break.
    assert_eq!(
        parse_markdown("**a\nb**"),
        paragraph(vec![bold("a"), Inline::LineBreak, bold("b")])
    );
}

#[test]
fn only_web_and_mail_links_become_links() {
    assert_eq!(
        parse_markdown("Siehe [VHS *Soest*](https://www.vhs-soest.de/kurse?a=1) und **[Mail](mailto:info@example.org)**."),
        paragraph(vec![
            text("Siehe "),
            Inline::Link {
                text: "VHS *Soest*".into(),
                href: "https://www.vhs-soest.de/kurse?a=1".into(),
                strong: false,
                emphasis: false
            },
            text(" und "),
            Inline::Link {
                text: "Mail".into(),
                href: "mailto:info@example.org".into(),
                strong: true,
                emphasis: false
            },
            text("."),
        ])
    );
    for kept in [
        "[klick](javascript:alert(1))",
        "[klick](data:text/html;base64,PHNjcmlwdD4=)",
        "[klick](/intern)",
        "[klick](https://)",
        "[klick](https:// leer)",
        "[](https://example.org)",
        "[offen](https://example.org",
        "[a](vbscript:x)",
    ] {
        assert_eq!(parse_markdown(kept), paragraph(vec![text(kept)]), "{kept}");
    }
}

#[test]
fn html_is_never_more_than_text() {
    for html in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<b>fett</b> &amp; &lt;",
        "<!-- Kommentar -->",
        "a < b > c",
    ] {
        let blocks = parse_markdown(html);
        assert_eq!(blocks, paragraph(vec![text(html)]), "{html}");
        assert_eq!(plain_text(&blocks), html);
    }
    // Inside the other constructs too: the link text is text, and an address with quotes
    // or angle brackets is no link.
    let blocks = parse_markdown(
        "- **<i>x</i>**\n- [<b>y</b>](https://example.org/)\n- [z](https://example.org/\"><script>)",
    );
    let Block::List(items) = &blocks[0] else {
        panic!("{blocks:?}")
    };
    assert_eq!(items[0], vec![bold("<i>x</i>")]);
    assert_eq!(
        items[1],
        vec![Inline::Link {
            text: "<b>y</b>".into(),
            href: "https://example.org/".into(),
            strong: false,
            emphasis: false
        }]
    );
    assert_eq!(items[2], vec![text("[z](https://example.org/\"><script>)")]);
}

#[test]
fn headings_and_other_markdown_stay_text() {
    assert_eq!(parse_markdown("# Titel"), paragraph(vec![text("# Titel")]));
    assert_eq!(parse_markdown("1. eins"), paragraph(vec![text("1. eins")]));
    assert_eq!(parse_markdown("`code`"), paragraph(vec![text("`code`")]));
    assert_eq!(parse_markdown("_x_"), paragraph(vec![text("_x_")]));
}

#[test]
fn nasty_input_does_not_hang_or_panic() {
    let nasty = [
        "*".repeat(10_000),
        "**a".repeat(3_000),
        "*a ".repeat(3_000),
        "[".repeat(5_000),
        "[a](".repeat(2_000),
        "\\".repeat(999),
        "ü*ö**ß".repeat(1_000),
        "- ".repeat(1_000),
        "*ü\\".into(),
    ];
    for input in nasty {
        let blocks = parse_markdown(&input);
        // Nothing is lost but the markers.
        let plain = plain_text(&blocks);
        assert!(plain.len() <= input.len());
    }
    let deep = format!("{}x{}", "**a *b ".repeat(50), "* b** ".repeat(50));
    let _ = parse_markdown(&deep);
}

#[test]
fn plain_text_for_search_and_previews() {
    let blocks = parse_markdown("Absatz **eins**\nZeile\n\n- a\n- [b](https://example.org)");
    assert_eq!(plain_text(&blocks), "Absatz eins\nZeile\n\na\nb");
}
