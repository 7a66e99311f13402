//! Reading and editing Trunk's `index.html` by plain string scanning.
//!
//! The input is Trunk's own output: small, well-formed HTML. The scanner knows tags,
//! attributes (double-quoted, single-quoted or bare), comments, the doctype and the raw
//! text of `<script>`, `<style>`, `<title>` and `<textarea>`; it does not build a tree.
//! Edits splice the text and leave everything else byte for byte as it was, so every
//! edit is idempotent: applying it to its own output changes nothing.

use std::fmt;
use std::ops::Range;

pub use lernort_html::escape;

/// Why a piece of HTML could not be scanned or edited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HtmlProblem {
    /// 1-based line of the problem.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for HtmlProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for HtmlProblem {}

pub(crate) fn problem(html: &str, at: usize, message: impl Into<String>) -> HtmlProblem {
    HtmlProblem {
        line: line_of(html, at),
        message: message.into(),
    }
}

/// The 1-based line of byte offset `at`.
fn line_of(html: &str, at: usize) -> usize {
    let at = at.min(html.len());
    html.as_bytes()[..at]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// An attribute of a start tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attr {
    /// The name, lowercased.
    pub name: String,
    /// The value with `&amp;`, `&quot;`, `&#39;`, `&lt;` and `&gt;` decoded; `None` for a bare
    /// attribute such as `async`.
    pub value: Option<String>,
    /// Where it is in the text, from the whitespace before the name to the end of the value,
    /// so removing this range removes the attribute cleanly.
    pub span: Range<usize>,
}

/// A start tag, e.g. `<link rel="stylesheet" href="/app.css">`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    /// The element name, lowercased.
    pub name: String,
    /// From `<` to just after `>`.
    pub span: Range<usize>,
    /// The attributes in order.
    pub attrs: Vec<Attr>,
    /// For `<script>`, `<style>`, `<title>` and `<textarea>`: the text up to the end tag.
    pub content: Option<Range<usize>>,
}

impl Tag {
    /// The value of the first attribute called `name` (lowercase); `Some("")` for a bare one.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value.as_deref().unwrap_or(""))
    }

    /// Whether the space-separated attribute `name` (e.g. `rel`) contains `token`, ignoring
    /// ASCII case.
    pub fn has_token(&self, name: &str, token: &str) -> bool {
        self.attr(name).is_some_and(|value| {
            value
                .split_ascii_whitespace()
                .any(|t| t.eq_ignore_ascii_case(token))
        })
    }

    /// The raw text content of a `<script>` or `<style>` element.
    pub fn text<'a>(&self, html: &'a str) -> Option<&'a str> {
        self.content.clone().map(|range| &html[range])
    }

    /// A `<script>` without `src` that the browser runs: its text needs a CSP hash. Data
    /// blocks (see [`Tag::is_data_block`]) are not run and need none.
    pub fn is_inline_script(&self) -> bool {
        self.name == "script" && self.attr("src").is_none() && !self.is_data_block()
    }

    /// A `<script>` whose `type` is not JavaScript, a module or an import map, such as
    /// `application/ld+json`: a data block, which browsers never run (so the CSP does not
    /// apply to it).
    pub fn is_data_block(&self) -> bool {
        if self.name != "script" {
            return false;
        }
        let Some(kind) = self.attr("type") else {
            return false;
        };
        let kind = kind.trim().to_ascii_lowercase();
        let essence = kind.split(';').next().unwrap_or("").trim();
        !(essence.is_empty()
            || essence == "module"
            || essence == "importmap"
            || essence.ends_with("javascript")
            || essence.ends_with("ecmascript")
            || essence.ends_with("jscript")
            || essence.ends_with("livescript"))
    }

    /// A `<script type="application/ld+json">` (structured data).
    pub fn is_json_ld(&self) -> bool {
        self.name == "script"
            && self
                .attr("type")
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
    }

    /// A `<script type="module">`.
    pub fn is_module_script(&self) -> bool {
        self.name == "script"
            && self
                .attr("type")
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("module"))
    }

    /// A `<meta http-equiv="Content-Security-Policy">`.
    pub fn is_csp_meta(&self) -> bool {
        self.name == "meta"
            && self
                .attr("http-equiv")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("content-security-policy"))
    }
}

/// Elements whose content is raw text, not markup.
const RAW_TEXT: [&str; 4] = ["script", "style", "title", "textarea"];

/// Every start tag of the document, in order.
pub fn tags(html: &str) -> Result<Vec<Tag>, HtmlProblem> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut pos = 0;
    while let Some(offset) = html[pos..].find('<') {
        let start = pos + offset;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            let end = rest
                .find("-->")
                .ok_or_else(|| problem(html, start, "a comment is not closed with -->"))?;
            pos = start + end + 3;
        } else if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</") {
            let end = rest
                .find('>')
                .ok_or_else(|| problem(html, start, "a tag is not closed with >"))?;
            pos = start + end + 1;
        } else if bytes.get(start + 1).is_some_and(u8::is_ascii_alphabetic) {
            let mut tag = start_tag(html, start)?;
            pos = tag.span.end;
            if RAW_TEXT.contains(&tag.name.as_str()) {
                let end = end_tag(html, pos, &tag.name)
                    .ok_or_else(|| problem(html, start, format!("<{}> is not closed", tag.name)))?;
                tag.content = Some(pos..end);
                pos = end;
            }
            tags.push(tag);
        } else {
            // A lone `<` in text.
            pos = start + 1;
        }
    }
    Ok(tags)
}

/// Scans the start tag beginning at `start` (the `<`).
fn start_tag(html: &str, start: usize) -> Result<Tag, HtmlProblem> {
    let bytes = html.as_bytes();
    let unclosed = || problem(html, start, "a tag is not closed with >");
    let is_space = |b: u8| b.is_ascii_whitespace();
    let mut i = start + 1;
    while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'>' && bytes[i] != b'/' {
        i += 1;
    }
    let name = html[start + 1..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        let before = i;
        while i < bytes.len() && (is_space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        match bytes.get(i) {
            None => return Err(unclosed()),
            Some(b'>') => {
                i += 1;
                break;
            }
            Some(_) => {}
        }
        let name_start = i;
        while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let attr_name = html[name_start..i].to_ascii_lowercase();
        let mut j = i;
        while j < bytes.len() && is_space(bytes[j]) {
            j += 1;
        }
        let mut value = None;
        if bytes.get(j) == Some(&b'=') {
            j += 1;
            while j < bytes.len() && is_space(bytes[j]) {
                j += 1;
            }
            match bytes.get(j) {
                None => return Err(unclosed()),
                Some(&quote @ (b'"' | b'\'')) => {
                    let len = html[j + 1..].find(char::from(quote)).ok_or_else(|| {
                        problem(
                            html,
                            start,
                            format!("the value of {attr_name} is not closed"),
                        )
                    })?;
                    value = Some(decode(&html[j + 1..j + 1 + len]));
                    j += len + 2;
                }
                Some(_) => {
                    let value_start = j;
                    while j < bytes.len() && !is_space(bytes[j]) && bytes[j] != b'>' {
                        j += 1;
                    }
                    value = Some(decode(&html[value_start..j]));
                }
            }
            i = j;
        }
        attrs.push(Attr {
            name: attr_name,
            value,
            span: before..i,
        });
    }
    Ok(Tag {
        name,
        span: start..i,
        attrs,
        content: None,
    })
}

/// Where the end tag `</name` after `from` starts (ASCII case ignored).
fn end_tag(html: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut pos = from;
    while let Some(offset) = html[pos..].find("</") {
        let at = pos + offset;
        let name_end = at + 2 + name.len();
        let matches = bytes
            .get(at + 2..name_end)
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()));
        let ends = bytes
            .get(name_end)
            .is_none_or(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/');
        if matches && ends {
            return Some(at);
        }
        pos = at + 2;
    }
    None
}

/// Decodes the few character references attribute values of generated HTML use.
fn decode(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Applies non-overlapping `(range, replacement)` edits. An insertion (empty range) comes
/// before a removal starting at the same place.
pub(crate) fn splice(html: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    let mut out = String::with_capacity(html.len() + 256);
    let mut pos = 0;
    for (range, replacement) in edits {
        out.push_str(&html[pos..range.start]);
        out.push_str(&replacement);
        pos = range.end;
    }
    out.push_str(&html[pos..]);
    out
}

/// The range of a whole element line: the tag plus the blank run before it back to and
/// including the line break, when the tag stands at the start of its line. Removing it
/// leaves no empty line behind.
fn with_leading_line(html: &str, span: &Range<usize>) -> Range<usize> {
    let bytes = html.as_bytes();
    let mut start = span.start;
    while start > 0 && matches!(bytes[start - 1], b' ' | b'\t') {
        start -= 1;
    }
    if start > 0 && bytes[start - 1] == b'\n' {
        start -= 1;
        if start > 0 && bytes[start - 1] == b'\r' {
            start -= 1;
        }
        start..span.end
    } else {
        // Not at the start of a line: only the tag goes.
        span.clone()
    }
}

/// The line break and indentation to put before a new element inserted right after the tag
/// at `span`, matching the line it follows; empty when that tag shares its line with text.
fn line_prefix_after(html: &str, span: &Range<usize>) -> String {
    let line_start = html[..span.start].rfind('\n').map_or(0, |n| n + 1);
    let indent = &html[line_start..span.start];
    if line_start > 0 && indent.bytes().all(|b| b == b' ' || b == b'\t') {
        format!("{}{indent}", newline(html))
    } else {
        String::new()
    }
}

/// The line break and indentation to put before a new first child of the element whose
/// start tag is `span`, matching the line of the element that follows it.
fn line_prefix_inside(html: &str, span: &Range<usize>) -> String {
    let after = &html[span.end..];
    let blank_len = after
        .find(|c: char| !c.is_ascii_whitespace())
        .unwrap_or(after.len());
    let blank = &after[..blank_len];
    match blank.rfind('\n') {
        Some(n) => format!("{}{}", newline(html), &blank[n + 1..]),
        None => String::new(),
    }
}

fn newline(html: &str) -> &'static str {
    if html.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

fn head(html: &str, tags: &[Tag]) -> Result<Range<usize>, HtmlProblem> {
    tags.iter()
        .find(|t| t.name == "head")
        .map(|t| t.span.clone())
        .ok_or_else(|| problem(html, 0, "there is no <head> element"))
}

/// Removes every `nonce` attribute from `<script>`, `<link>` and `<style>` tags. A nonce in
/// a static file is the same for every visitor, so it protects nothing; the policy uses
/// hashes instead.
pub fn remove_nonces(html: &str) -> Result<String, HtmlProblem> {
    let edits = tags(html)?
        .into_iter()
        .filter(|t| matches!(t.name.as_str(), "script" | "link" | "style"))
        .flat_map(|t| t.attrs)
        .filter(|a| a.name == "nonce")
        .map(|a| (a.span, String::new()))
        .collect();
    Ok(splice(html, edits))
}

/// Sets each `integrity` attribute of an element whose `href` or `src` names a file to
/// `integrity_of(url)`, where that gives a value: the hashes follow the files' content
/// after a step that changed them (the JS glue minified after Trunk hashed it).
pub fn set_integrity(
    html: &str,
    integrity_of: impl Fn(&str) -> Option<String>,
) -> Result<String, HtmlProblem> {
    let edits = tags(html)?
        .into_iter()
        .filter_map(|tag| {
            let url = tag.attr("href").or_else(|| tag.attr("src"))?;
            let value = integrity_of(url)?;
            let attr = tag.attrs.iter().find(|a| a.name == "integrity")?;
            (attr.value.as_deref() != Some(value.as_str())).then(|| {
                (
                    attr.span.clone(),
                    format!(" integrity=\"{}\"", escape(&value)),
                )
            })
        })
        .collect();
    Ok(splice(html, edits))
}

/// The `href` of the first `<base>` element, if there is one.
pub fn base_href(html: &str) -> Result<Option<String>, HtmlProblem> {
    Ok(tags(html)?
        .into_iter()
        .find(|t| t.name == "base" && t.attr("href").is_some())
        .and_then(|t| t.attr("href").map(str::to_string)))
}

/// Sets `<base href="base">`: replaces the first `<base>` element, removes any others, or
/// inserts one as the first child of `<head>`.
pub fn set_base_href(html: &str, base: &str) -> Result<String, HtmlProblem> {
    let tags = tags(html)?;
    let element = format!("<base href=\"{}\">", escape(base));
    let mut bases = tags.iter().filter(|t| t.name == "base");
    let edits = match bases.next() {
        Some(first) => std::iter::once((first.span.clone(), element))
            .chain(bases.map(|t| (with_leading_line(html, &t.span), String::new())))
            .collect(),
        None => {
            let head = head(html, &tags)?;
            let prefix = line_prefix_inside(html, &head);
            vec![(head.end..head.end, format!("{prefix}{element}"))]
        }
    };
    Ok(splice(html, edits))
}

/// Sets the policy as `<meta http-equiv="Content-Security-Policy" content="…">` right after
/// `<meta charset>` (or as the first child of `<head>` without one), removing any other.
pub fn set_csp_meta(html: &str, policy: &str) -> Result<String, HtmlProblem> {
    let tags = tags(html)?;
    let element = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        escape(policy)
    );
    let mut edits: Vec<_> = tags
        .iter()
        .filter(|t| t.is_csp_meta())
        .map(|t| (with_leading_line(html, &t.span), String::new()))
        .collect();
    let charset = tags
        .iter()
        .find(|t| t.name == "meta" && t.attr("charset").is_some());
    let insert = match charset {
        Some(charset) => {
            let prefix = line_prefix_after(html, &charset.span);
            (
                charset.span.end..charset.span.end,
                format!("{prefix}{element}"),
            )
        }
        None => {
            let head = head(html, &tags)?;
            // Measure the indentation with the old policy gone, as the next run will see it.
            let without_old = splice(html, edits.clone());
            let prefix = line_prefix_inside(&without_old, &head);
            (head.end..head.end, format!("{prefix}{element}"))
        }
    };
    // An old policy right at the insertion point is removed after the insertion (see splice).
    edits.push(insert);
    Ok(splice(html, edits))
}

/// What a shared link's preview shows for the page: social networks' crawlers do not run
/// the app, so these must be in the static HTML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageMeta<'a> {
    /// The page title (`<title>`).
    pub title: &'a str,
    /// The title a shared link shows (`og:title`), e.g. the course's name without the
    /// site's name that `<title>` adds.
    pub share_title: &'a str,
    /// One or two sentences (`description`, `og:description`).
    pub description: &'a str,
    /// The site's name (`og:site_name`).
    pub site_name: &'a str,
    /// Locales as `de_DE`, the first the page's own (`og:locale`, then `og:locale:alternate`).
    pub locales: &'a [&'a str],
    /// The Open Graph type (`og:type`), e.g. `website`.
    pub kind: &'a str,
    /// The page's absolute URL (`og:url`); only for a page that has one address (not for
    /// `index.html`, which the app is served as for every path).
    pub url: Option<&'a str>,
    /// The picture a shared link shows (`og:image` and its size, type and description).
    pub image: Option<Image<'a>>,
    /// The page's preferred address (`<link rel="canonical">`), absolute or root-relative.
    pub canonical: Option<&'a str>,
    /// Structured data as JSON text (`<script type="application/ld+json">`), already made
    /// safe for a script element (no `<`, see [`json_for_script`]).
    pub json_ld: Option<&'a str>,
}

/// A link preview's picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Image<'a> {
    /// Its absolute URL.
    pub url: &'a str,
    /// Width and height in pixels.
    pub size: (u32, u32),
    /// Its media type, e.g. `image/png`.
    pub media_type: &'a str,
    /// What it shows, for people who cannot see it (`og:image:alt`).
    pub alt: &'a str,
}

impl<'a> PageMeta<'a> {
    /// A page with a title and a description and nothing else: `og:type` `website`,
    /// no URL, image, canonical link or structured data.
    pub fn simple(
        title: &'a str,
        description: &'a str,
        site_name: &'a str,
        locales: &'a [&'a str],
    ) -> PageMeta<'a> {
        PageMeta {
            title,
            share_title: title,
            description,
            site_name,
            locales,
            kind: "website",
            url: None,
            image: None,
            canonical: None,
            json_ld: None,
        }
    }
}

/// Sets `<title>`, the description, the Open Graph and Twitter card tags, the canonical
/// link and the structured data after it, replacing any earlier ones.
pub fn set_page_meta(html: &str, meta: &PageMeta<'_>) -> Result<String, HtmlProblem> {
    let tags = tags(html)?;
    let title = tags
        .iter()
        .find(|t| t.name == "title")
        .ok_or_else(|| problem(html, 0, "there is no <title> element"))?;
    let close = end_tag(html, title.span.end, "title")
        .ok_or_else(|| problem(html, title.span.start, "<title> is not closed"))?;
    let after_title = html[close..]
        .find('>')
        .map(|n| close + n + 1)
        .ok_or_else(|| problem(html, close, "</title> is not closed"))?;
    let is_preview_meta = |t: &&Tag| {
        t.name == "meta"
            && (t.attr("name") == Some("description")
                || t.attr("name").is_some_and(|n| n.starts_with("twitter:"))
                || t.attr("property").is_some_and(|p| p.starts_with("og:")))
    };
    let is_canonical = |t: &&Tag| t.name == "link" && t.has_token("rel", "canonical");
    let mut edits: Vec<_> = tags
        .iter()
        .filter(|t| is_preview_meta(t) || is_canonical(t))
        .map(|t| (with_leading_line(html, &t.span), String::new()))
        .collect();
    for script in tags.iter().filter(|t| t.is_json_ld()) {
        let end = element_end(html, script)?;
        edits.push((
            with_leading_line(html, &(script.span.start..end)),
            String::new(),
        ));
    }
    edits.push((title.span.end..close, escape(meta.title)));
    let prefix = line_prefix_after(html, &(title.span.start..after_title));
    let property = |name: &str, value: &str| {
        format!("<meta property=\"{name}\" content=\"{}\">", escape(value))
    };
    let mut elements = vec![
        format!(
            "<meta name=\"description\" content=\"{}\">",
            escape(meta.description)
        ),
        property("og:type", meta.kind),
        property("og:site_name", meta.site_name),
        property("og:title", meta.share_title),
        property("og:description", meta.description),
    ];
    if let Some(url) = meta.url {
        elements.push(property("og:url", url));
    }
    if let Some(image) = &meta.image {
        elements.push(property("og:image", image.url));
        elements.push(property("og:image:width", &image.size.0.to_string()));
        elements.push(property("og:image:height", &image.size.1.to_string()));
        elements.push(property("og:image:type", image.media_type));
        elements.push(property("og:image:alt", image.alt));
    }
    for (i, locale) in meta.locales.iter().enumerate() {
        let name = if i == 0 {
            "og:locale"
        } else {
            "og:locale:alternate"
        };
        elements.push(property(name, locale));
    }
    // With a picture the preview shows it large, above the title.
    let card = if meta.image.is_some() {
        "summary_large_image"
    } else {
        "summary"
    };
    elements.push(format!("<meta name=\"twitter:card\" content=\"{card}\">"));
    if let Some(canonical) = meta.canonical {
        elements.push(format!(
            "<link rel=\"canonical\" href=\"{}\">",
            escape(canonical)
        ));
    }
    if let Some(json) = meta.json_ld {
        elements.push(format!(
            "<script type=\"application/ld+json\">{}</script>",
            json_for_script(json)
        ));
    }
    let inserted: String = elements.iter().map(|e| format!("{prefix}{e}")).collect();
    edits.push((after_title..after_title, inserted));
    Ok(splice(html, edits))
}

/// JSON text made safe inside `<script>`: `<`, `>` and `&` written as `\u003c`, `\u003e`,
/// `\u0026`, so no `</script>` or `<!--` can end the element early. Outside strings JSON has
/// none of these characters, so the meaning stays the same.
///
/// ```
/// use lernort_dist::html::json_for_script;
/// assert_eq!(json_for_script(r#"{"name":"</script>&"}"#), r#"{"name":"\u003c/script\u003e\u0026"}"#);
/// ```
pub fn json_for_script(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Where the element whose start tag is `tag` ends: just after its end tag. For raw-text
/// elements (`<script>`…) the end tag follows the content; for others, nested elements of
/// the same name are counted.
fn element_end(html: &str, tag: &Tag) -> Result<usize, HtmlProblem> {
    if let Some(content) = &tag.content {
        return html[content.end..]
            .find('>')
            .map(|n| content.end + n + 1)
            .ok_or_else(|| problem(html, content.end, format!("</{}> is not closed", tag.name)));
    }
    closing_tag(html, tag).map(|range| range.end)
}

/// The end tag `</name>` that closes the element whose start tag is `tag`.
fn closing_tag(html: &str, tag: &Tag) -> Result<Range<usize>, HtmlProblem> {
    let unclosed = || {
        problem(
            html,
            tag.span.start,
            format!("<{}> is not closed", tag.name),
        )
    };
    let mut depth = 0usize;
    let mut pos = tag.span.end;
    loop {
        let at = pos + html[pos..].find('<').ok_or_else(unclosed)?;
        let rest = &html[at..];
        if rest.starts_with("<!--") {
            pos = at + rest.find("-->").ok_or_else(unclosed)? + 3;
        } else if let Some(after) = rest.strip_prefix("</") {
            let end = at + rest.find('>').ok_or_else(unclosed)? + 1;
            let name_len = after
                .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
                .unwrap_or(after.len());
            if after[..name_len].eq_ignore_ascii_case(&tag.name) {
                if depth == 0 {
                    return Ok(at..end);
                }
                depth -= 1;
            }
            pos = end;
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            pos = at + rest.find('>').ok_or_else(unclosed)? + 1;
        } else if html
            .as_bytes()
            .get(at + 1)
            .is_some_and(u8::is_ascii_alphabetic)
        {
            let inner = start_tag(html, at)?;
            pos = inner.span.end;
            if RAW_TEXT.contains(&inner.name.as_str()) {
                pos = end_tag(html, pos, &inner.name)
                    .ok_or_else(|| problem(html, at, format!("<{}> is not closed", inner.name)))?;
            } else if inner.name == tag.name {
                // `<div/>` opens a div too: HTML ignores the slash on non-void elements.
                depth += 1;
            }
        } else {
            pos = at + 1;
        }
    }
}

/// Inserts `html_text` (as it is) as the first content of the first `<name>` element, e.g.
/// right after `<body>`.
pub fn prepend_to(html: &str, name: &str, html_text: &str) -> Result<String, HtmlProblem> {
    let tags = tags(html)?;
    let element = tags
        .iter()
        .find(|t| t.name == name)
        .ok_or_else(|| problem(html, 0, format!("there is no <{name}> element")))?;
    let at = element.span.end;
    Ok(splice(html, vec![(at..at, html_text.to_string())]))
}

/// Whether an element has `id="<id>"`.
pub fn has_id(html: &str, id: &str) -> Result<bool, HtmlProblem> {
    Ok(tags(html)?.iter().any(|t| t.attr("id") == Some(id)))
}

/// Replaces the content of the element with `id="<id>"` by `content` (HTML, inserted as it
/// is) and removes the attributes named in `drop_attributes` from its start tag.
pub fn set_content_by_id(
    html: &str,
    id: &str,
    content: &str,
    drop_attributes: &[&str],
) -> Result<String, HtmlProblem> {
    let tags = tags(html)?;
    let element = tags
        .iter()
        .find(|t| t.attr("id") == Some(id))
        .ok_or_else(|| problem(html, 0, format!("there is no element with id=\"{id}\"")))?;
    let end = closing_tag(html, element)?;
    let mut edits: Vec<_> = element
        .attrs
        .iter()
        .filter(|a| drop_attributes.contains(&a.name.as_str()))
        .map(|a| (a.span.clone(), String::new()))
        .collect();
    edits.push((element.span.end..end.start, content.to_string()));
    Ok(splice(html, edits))
}

/// The exact text of every inline `<script>` (one without `src`), in document order.
pub fn inline_scripts(html: &str) -> Result<Vec<String>, HtmlProblem> {
    Ok(tags(html)?
        .iter()
        .filter(|t| t.is_inline_script())
        .filter_map(|t| t.text(html).map(str::to_string))
        .collect())
}

/// Things in the page that `style-src 'self'` blocks: inline `<style>` elements and
/// `style` attributes, as one line each for a warning.
pub fn inline_styles(html: &str) -> Result<Vec<String>, HtmlProblem> {
    Ok(tags(html)?
        .iter()
        .filter(|t| t.name == "style" || t.attr("style").is_some())
        .map(|t| {
            let line = line_of(html, t.span.start);
            if t.name == "style" {
                format!("line {line}: inline <style> element")
            } else {
                format!("line {line}: style attribute on <{}>", t.name)
            }
        })
        .collect())
}

/// The quoted strings in a script that end in `.js` or `.wasm` (ignoring a `?query` or
/// `#fragment`): the loader and the wasm module Trunk's start-up script names.
pub fn quoted_assets(script: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut chars = script.char_indices();
    while let Some((start, c)) = chars.next() {
        if !matches!(c, '"' | '\'' | '`') {
            continue;
        }
        let mut end = None;
        let mut escaped = false;
        for (i, d) in chars.by_ref() {
            if escaped {
                escaped = false;
            } else if d == '\\' {
                escaped = true;
            } else if d == c {
                end = Some(i);
                break;
            } else if d == '\n' && c != '`' {
                break;
            }
        }
        let Some(end) = end else { continue };
        let text = &script[start + 1..end];
        let path = text.split(['?', '#']).next().unwrap_or(text);
        if path.ends_with(".js") || path.ends_with(".wasm") {
            found.push(text.to_string());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK: &str = r#"<!DOCTYPE html>
<html lang="de">
  <head>
    <meta charset="utf-8">
    <title>Lernort &lt;3</title>
    <!-- <base href="/commented/"> -->
    <link rel="stylesheet" href="/style-1.css" integrity="sha384-abc" nonce="n0nce"/>
  <link rel="modulepreload" href="/app-1.js" crossorigin=anonymous integrity="sha384-def" nonce="n0nce"></head>
  <body>
<script type="module" nonce='n0nce'>
import init from '/app-1.js';
const wasm = await init({ module_or_path: '/app-1_bg.wasm' });
if (1 < 2 && "</scr" + "ipt>") {}
</script></body>
</html>
"#;

    #[test]
    fn scans_tags_attributes_and_raw_text() {
        let tags = tags(TRUNK).unwrap();
        let names: Vec<_> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            ["html", "head", "meta", "title", "link", "link", "body", "script"]
        );
        assert_eq!(tags[5].attr("crossorigin"), Some("anonymous"));
        assert_eq!(tags[7].attr("nonce"), Some("n0nce"));
        let script = tags[7].text(TRUNK).unwrap();
        assert!(script.starts_with("\nimport init") && script.ends_with("{}\n"));
        assert_eq!(tags[3].text(TRUNK), Some("Lernort &lt;3"));
    }

    #[test]
    fn unclosed_things_are_reported_with_their_line() {
        let err = tags("<html>\n<head>\n<link href=\"x>\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("href"), "{err}");
        let err = tags("<p>\n<script>let a;\n").unwrap_err();
        assert_eq!(err.to_string(), "line 2: <script> is not closed");
    }

    #[test]
    fn base_is_replaced_inserted_and_deduplicated() {
        let inserted = set_base_href(TRUNK, "/sub/").unwrap();
        assert!(inserted.contains("  <head>\n    <base href=\"/sub/\">\n    <meta charset"));
        assert_eq!(base_href(&inserted).unwrap().as_deref(), Some("/sub/"));
        let replaced = set_base_href(&inserted, "/").unwrap();
        assert_eq!(
            replaced,
            TRUNK.replace("<head>", "<head>\n    <base href=\"/\">")
        );
        let two = "<head>\n  <base href='/a/'/>\n  <base href='/b/'>\n</head>";
        assert_eq!(
            set_base_href(two, "/c/").unwrap(),
            "<head>\n  <base href=\"/c/\">\n</head>"
        );
        let flat = "<html><head><meta charset=utf-8></head></html>";
        assert_eq!(
            set_base_href(flat, "/").unwrap(),
            "<html><head><base href=\"/\"><meta charset=utf-8></head></html>"
        );
        assert!(set_base_href("<p>no head</p>", "/").is_err());
    }

    #[test]
    fn csp_meta_goes_after_charset_and_replaces_old_ones() {
        let once = set_csp_meta(TRUNK, "default-src 'self'").unwrap();
        assert!(once.contains(
            "<meta charset=\"utf-8\">\n    <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\">\n    <title>"
        ));
        let twice = set_csp_meta(&once, "default-src 'none'").unwrap();
        assert_eq!(twice, once.replace("'self'", "'none'"));
        for (html, expected) in [
            // A stray policy elsewhere in the head: removed.
            (
                "<head><meta charset=utf-8>\n<title>x</title>\n<meta http-equiv=content-security-policy content=x>\n</head>",
                "<head><meta charset=utf-8><meta http-equiv=\"Content-Security-Policy\" content=\"p\">\n<title>x</title>\n</head>",
            ),
            // No charset: first in the head.
            (
                "<head>\n  <title>x</title>\n</head>",
                "<head>\n  <meta http-equiv=\"Content-Security-Policy\" content=\"p\">\n  <title>x</title>\n</head>",
            ),
        ] {
            let set = set_csp_meta(html, "p").unwrap();
            assert_eq!(set, expected, "{html}");
            assert_eq!(set_csp_meta(&set, "p").unwrap(), set, "again: {html}");
        }
    }

    #[test]
    fn nonces_are_removed_from_scripts_links_and_styles_only() {
        let clean = remove_nonces(TRUNK).unwrap();
        assert!(!clean.contains("nonce"), "{clean}");
        assert!(clean.contains("integrity=\"sha384-abc\"/>"));
        assert!(clean.contains("<script type=\"module\">\nimport"));
        let other = "<div nonce=\"x\"></div>";
        assert_eq!(remove_nonces(other).unwrap(), other);
    }

    #[test]
    fn inline_scripts_and_their_assets() {
        let html = "<head><script src=\"/a.js\"></script><script>x()</script></head>";
        assert_eq!(inline_scripts(html).unwrap(), ["x()"]);
        let scripts = inline_scripts(TRUNK).unwrap();
        assert_eq!(quoted_assets(&scripts[0]), ["/app-1.js", "/app-1_bg.wasm"]);
        assert_eq!(
            quoted_assets(r#"import("./a.js?v=2"); "b.json"; `c.wasm`; 'it\'s.js'"#),
            ["./a.js?v=2", "c.wasm", "it\\'s.js"]
        );
    }

    #[test]
    fn inline_styles_are_found() {
        let html = "<head><style>p{}</style></head><body><p style=\"color:red\"></p></body>";
        assert_eq!(
            inline_styles(html).unwrap(),
            [
                "line 1: inline <style> element",
                "line 1: style attribute on <p>"
            ]
        );
    }

    #[test]
    fn data_blocks_are_not_scripts_that_run() {
        let html = "<head><script type=\"application/ld+json\">{\"a\":1}</script>\
            <script type=\"module\">m()</script><script type=\"text/javascript; charset=utf-8\">j()</script>\
            <script type=importmap>{}</script><script type=\"text/plain\">p</script></head>";
        assert_eq!(inline_scripts(html).unwrap(), ["m()", "j()", "{}"]);
        let tags = tags(html).unwrap();
        assert!(tags[1].is_json_ld() && tags[1].is_data_block());
        assert!(!tags[2].is_data_block());
        assert!(tags[5].is_data_block());
    }

    #[test]
    fn page_meta_with_url_canonical_and_json_ld_is_replaced_not_added() {
        let meta = PageMeta {
            url: Some("https://example.org/kurse/a"),
            image: Some(Image {
                url: "https://example.org/data/a.png",
                size: (1200, 630),
                media_type: "image/png",
                alt: "Kurs: A & B",
            }),
            canonical: Some("https://example.org/kurse/a"),
            json_ld: Some(r#"[{"name":"</script>"}]"#),
            share_title: "A & B",
            ..PageMeta::simple("A & B – Zentrum", "Kurz.", "Zentrum", &["de_DE"])
        };
        let once = set_page_meta(TRUNK, &meta).unwrap();
        assert!(once.contains("<title>A &amp; B – Zentrum</title>"));
        for expected in [
            "\n    <meta property=\"og:title\" content=\"A &amp; B\">",
            "\n    <meta property=\"og:url\" content=\"https://example.org/kurse/a\">",
            "\n    <meta property=\"og:image\" content=\"https://example.org/data/a.png\">",
            "\n    <meta property=\"og:image:width\" content=\"1200\">",
            "\n    <meta property=\"og:image:alt\" content=\"Kurs: A &amp; B\">",
            "\n    <meta name=\"twitter:card\" content=\"summary_large_image\">",
            "\n    <link rel=\"canonical\" href=\"https://example.org/kurse/a\">",
            "\n    <script type=\"application/ld+json\">[{\"name\":\"\\u003c/script\\u003e\"}]</script>",
        ] {
            assert_eq!(once.matches(expected).count(), 1, "{expected} in {once}");
        }
        assert_eq!(set_page_meta(&once, &meta).unwrap(), once);
        // Back to a plain page: the canonical link and the data block go.
        let simple = PageMeta::simple("Lernort", "Kurz.", "Zentrum", &["de_DE"]);
        let plain = set_page_meta(&once, &simple).unwrap();
        assert_eq!(plain, set_page_meta(TRUNK, &simple).unwrap());
        assert!(!plain.contains("canonical") && !plain.contains("ld+json"));
    }

    #[test]
    fn element_content_is_replaced_with_nesting_counted() {
        let html = "<body><div id=boot role=status><div><p>a</p></div><!-- </div> -->\
            <script>\"</div>\"</script></div><div>rest</div></body>";
        let out = set_content_by_id(html, "boot", "<main>neu</main>", &["role"]).unwrap();
        assert_eq!(
            out,
            "<body><div id=boot><main>neu</main></div><div>rest</div></body>"
        );
        assert!(set_content_by_id(html, "missing", "", &[]).is_err());
        assert!(set_content_by_id("<div id=x><p>", "x", "", &[]).is_err());
        assert_eq!(
            prepend_to("<body>\n<p>x</p></body>", "body", "<div id=boot></div>").unwrap(),
            "<body><div id=boot></div>\n<p>x</p></body>"
        );
    }

    #[test]
    fn attribute_values_are_escaped_and_decoded() {
        let html = set_base_href("<head></head>", "/a&b\"/").unwrap();
        assert_eq!(html, "<head><base href=\"/a&amp;b&quot;/\"></head>");
        assert_eq!(base_href(&html).unwrap().as_deref(), Some("/a&b\"/"));
    }
}
