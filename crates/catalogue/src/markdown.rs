//! The small, safe Markdown subset of course descriptions.
//!
//! Paragraphs (separated by a blank line), lists (lines starting with `- `), `**bold**`,
//! `*italic*`, links `[text](https://…)` and `\` before a marker to keep it literal. A
//! single line break inside a paragraph stays a line break, so plain text from a course
//! system keeps its lines. Nothing else has a meaning: headings, HTML and `<script>` stay
//! text, and the app puts text into the page as text, never as HTML.

use crate::validate::is_web_url;

/// A block of a description.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A bulleted list; each item is a run of inlines.
    List(Vec<Vec<Inline>>),
}

/// A run of text inside a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    /// Text, possibly bold (`strong`) and/or italic (`emphasis`).
    Text {
        /// The text, to be inserted as text (never as HTML).
        text: String,
        /// `**bold**`
        strong: bool,
        /// `*italic*`
        emphasis: bool,
    },
    /// A link to an `https://`, `http://` or `mailto:` address.
    Link {
        /// The link text.
        text: String,
        /// The address.
        href: String,
        /// Inside `**…**`.
        strong: bool,
        /// Inside `*…*`.
        emphasis: bool,
    },
    /// A line break inside a paragraph or list item.
    LineBreak,
}

/// Parses a description into blocks.
///
/// ```
/// use lernort_catalogue::{parse_markdown, Block, Inline};
/// let blocks = parse_markdown("Mit **Laptop**.\n\n- eins\n- <b>zwei</b>");
/// assert_eq!(blocks[0], Block::Paragraph(vec![
///     Inline::Text { text: "Mit ".into(), strong: false, emphasis: false },
///     Inline::Text { text: "Laptop".into(), strong: true, emphasis: false },
///     Inline::Text { text: ".".into(), strong: false, emphasis: false },
/// ]));
/// // HTML stays text.
/// let Block::List(items) = &blocks[1] else { panic!() };
/// assert_eq!(items[1], vec![Inline::Text { text: "<b>zwei</b>".into(), strong: false, emphasis: false }]);
/// ```
pub fn parse_markdown(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut items: Vec<String> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush_paragraph(&mut paragraph, &mut blocks);
            flush_list(&mut items, &mut blocks);
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            flush_paragraph(&mut paragraph, &mut blocks);
            items.push(item.trim_start().to_string());
        } else if let (Some(item), true) = (items.last_mut(), line.starts_with(char::is_whitespace))
        {
            // An indented line continues the list item above it.
            item.push('\n');
            item.push_str(trimmed);
        } else {
            flush_list(&mut items, &mut blocks);
            paragraph.push(trimmed);
        }
    }
    flush_paragraph(&mut paragraph, &mut blocks);
    flush_list(&mut items, &mut blocks);
    blocks
}

fn flush_paragraph(lines: &mut Vec<&str>, blocks: &mut Vec<Block>) {
    if !lines.is_empty() {
        let mut text = String::new();
        for (i, line) in lines.drain(..).enumerate() {
            if i > 0 {
                text.push('\n');
            }
            text.push_str(line);
        }
        blocks.push(Block::Paragraph(inlines(&text)));
    }
}

fn flush_list(items: &mut Vec<String>, blocks: &mut Vec<Block>) {
    if !items.is_empty() {
        blocks.push(Block::List(items.drain(..).map(|i| inlines(&i)).collect()));
    }
}

fn inlines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    parse_inline(text, Style::default(), 0, &mut out);
    out
}

#[derive(Clone, Copy, Default)]
struct Style {
    strong: bool,
    emphasis: bool,
}

/// How deep bold and italic may nest before markers are taken literally.
const MAX_DEPTH: u8 = 4;

fn parse_inline(text: &str, style: Style, depth: u8, out: &mut Vec<Inline>) {
    let mut plain = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let after = &rest[c.len_utf8()..];
        match c {
            '\\' if after.starts_with(['*', '[', ']', '(', ')', '\\', '-']) => {
                plain.push_str(&after[..1]);
                rest = &after[1..];
                continue;
            }
            '\n' => {
                flush_text(&mut plain, style, out);
                out.push(Inline::LineBreak);
            }
            '*' if depth < MAX_DEPTH => {
                let (marker, strong) = if after.starts_with('*') {
                    ("**", true)
                } else {
                    ("*", false)
                };
                let inner = &rest[marker.len()..];
                if let Some(end) = closing(inner, marker) {
                    flush_text(&mut plain, style, out);
                    let inner_style = Style {
                        strong: style.strong || strong,
                        emphasis: style.emphasis || !strong,
                    };
                    parse_inline(&inner[..end], inner_style, depth + 1, out);
                    rest = &inner[end + marker.len()..];
                    continue;
                }
                plain.push_str(marker);
                rest = inner;
                continue;
            }
            '[' => {
                if let Some((label, href, used)) = link(rest) {
                    flush_text(&mut plain, style, out);
                    out.push(Inline::Link {
                        text: label.to_string(),
                        href: href.to_string(),
                        strong: style.strong,
                        emphasis: style.emphasis,
                    });
                    rest = &rest[used..];
                    continue;
                }
                plain.push(c);
            }
            _ => plain.push(c),
        }
        rest = after;
    }
    flush_text(&mut plain, style, out);
}

fn flush_text(plain: &mut String, style: Style, out: &mut Vec<Inline>) {
    if !plain.is_empty() {
        out.push(Inline::Text {
            text: std::mem::take(plain),
            strong: style.strong,
            emphasis: style.emphasis,
        });
    }
}

/// Where the closing `marker` is in `text` (the part after the opening marker): the first
/// one after non-empty content that neither starts nor ends with a space. For `*`, the
/// halves of `**` do not count.
fn closing(text: &str, marker: &str) -> Option<usize> {
    if text.starts_with(char::is_whitespace) {
        return None;
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if text[i..].starts_with(marker) {
            if marker == "*" && bytes.get(i + 1) == Some(&b'*') {
                i += 2;
                continue;
            }
            let content = &text[..i];
            if !content.is_empty() && !content.ends_with(char::is_whitespace) {
                return Some(i);
            }
            i += marker.len();
        } else if bytes[i] == b'\\' {
            i += 2; // an escaped character never closes
        } else {
            i += 1;
        }
        while i < bytes.len() && !text.is_char_boundary(i) {
            i += 1;
        }
    }
    None
}

/// A link at the start of `text`: `[label](href)` → (label, href, bytes used).
fn link(text: &str) -> Option<(&str, &str, usize)> {
    let close = text.find("](")?;
    let label = &text[1..close];
    let target = &text[close + 2..];
    let end = target.find(')')?;
    let href = &target[..end];
    let safe = is_web_url(href)
        || href
            .strip_prefix("mailto:")
            .is_some_and(|a| a.contains('@') && !a.contains(char::is_whitespace));
    let ok = !label.trim().is_empty() && !label.contains(['[', '\n']) && safe;
    ok.then_some((label, href, close + 2 + end + 1))
}

/// The text of a description without its markup: paragraphs separated by a blank line,
/// list items and line breaks by a line break. For search and for link previews.
///
/// ```
/// use lernort_catalogue::{parse_markdown, plain_text};
/// let blocks = parse_markdown("Mit **Laptop**, siehe [Liste](https://example.org).");
/// assert_eq!(plain_text(&blocks), "Mit Laptop, siehe Liste.");
/// ```
pub fn plain_text(blocks: &[Block]) -> String {
    let mut text = String::new();
    let runs = |inlines: &[Inline], text: &mut String| {
        for inline in inlines {
            match inline {
                Inline::Text { text: t, .. } | Inline::Link { text: t, .. } => text.push_str(t),
                Inline::LineBreak => text.push('\n'),
            }
        }
    };
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            text.push_str("\n\n");
        }
        match block {
            Block::Paragraph(inlines) => runs(inlines, &mut text),
            Block::List(items) => {
                for (j, item) in items.iter().enumerate() {
                    if j > 0 {
                        text.push('\n');
                    }
                    runs(item, &mut text);
                }
            }
        }
    }
    text
}
