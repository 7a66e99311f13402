//! Trunk's entry files, one per bundle of the bundle table ([`Bundle`]).
//!
//! `index.html` is written by hand: it builds the start bundle, so `trunk serve` works on
//! a fresh checkout, and it is the template of the others. Another bundle's entry is that
//! template with the bundle's Cargo features from the table and the head lines of
//! [`own_head`], written into a build folder by `lernort-dist bundles --entries DIR`
//! (`scripts/build` uses `target/entries`). So which features a bundle is built with is
//! said once, and the four entries cannot drift apart.

use std::fs;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use lernort_routes::Bundle;

use crate::html::{self, escape, splice, HtmlProblem, Tag};
use crate::Error;

/// The lines a bundle's entry adds to the template's head, before its Rust link; paths
/// relative to the template, as in the template.
pub fn own_head(bundle: Bundle) -> &'static [&'static str] {
    match bundle {
        Bundle::Start => &[],
        Bundle::Catalogue => &[r#"<link data-trunk rel="css" href="style/catalogue.css" />"#],
        Bundle::Coworking => &[r#"<link data-trunk rel="css" href="style/coworking.css" />"#],
        // The watchdog reloads the page when the app stops drawing (docs/kiosk.md).
        Bundle::Kiosk => &[
            r#"<link data-trunk rel="css" href="style/kiosk.css" />"#,
            r#"<link data-trunk rel="copy-file" href="public/kiosk-watchdog.js" />"#,
            r#"<script src="kiosk-watchdog.js" defer></script>"#,
        ],
    }
}

/// The colour schemes its pages are drawn in (`<meta name="color-scheme">`): the lab's
/// screens may be dark (docs/kiosk.md), every other page is light.
fn color_scheme(bundle: Bundle) -> &'static str {
    match bundle {
        Bundle::Kiosk => "dark light",
        _ => "light",
    }
}

/// `bundle`'s entry made from `template` (the text of `index.html`, which is in the
/// folder `template_dir`, relative to where the entry is written). Every path Trunk reads
/// (the `href` of a `data-trunk` link, the Rust link's `Cargo.toml`) is made relative to
/// the entry's folder (Trunk reads even `/x` as relative to it); the template's comments,
/// which speak of the start bundle, are left out.
pub fn entry(template: &str, template_dir: &Path, bundle: Bundle) -> Result<String, HtmlProblem> {
    let rust = rust_link(template)?;
    // First what the bundle changes, with the template's relative paths …
    let mut edits = comments(template);
    let line_start = template[..rust.span.start].rfind('\n').map_or(0, |i| i + 1);
    let indent = &template[line_start..rust.span.start];
    let own: String = own_head(bundle)
        .iter()
        .map(|line| format!("{line}\n{indent}"))
        .collect();
    edits.push((rust.span.start..rust.span.start, own));
    edits.push(set(
        template,
        &rust,
        "data-cargo-features",
        &bundle.feature_list(),
    )?);
    for tag in html::tags(template)? {
        if tag.name == "meta" && tag.attr("name") == Some("color-scheme") {
            edits.push(set(template, &tag, "content", color_scheme(bundle))?);
        }
    }
    let entry = splice(template, edits);
    // … then every path Trunk reads made relative to the entry's folder.
    let moved = |relative: &str| template_dir.join(relative).to_string_lossy().into_owned();
    let mut edits = Vec::new();
    for tag in html::tags(&entry)? {
        if tag.attr("data-trunk").is_none() {
            continue;
        }
        if tag.attr("rel") == Some("rust") {
            // After its last attribute (it has `rel` at least).
            let end = tag.attrs.last().map_or(tag.span.start, |a| a.span.end);
            let manifest = format!(" href=\"{}\"", escape(&moved("Cargo.toml")));
            edits.push((end..end, manifest));
        } else if let Some(href) = tag.attr("href") {
            edits.push(set(&entry, &tag, "href", &moved(href))?);
        }
    }
    Ok(splice(&entry, edits))
}

/// Writes the entry of every bundle but the start bundle (whose entry is `index.html`
/// itself) into `dir`, made from the `index.html` in `template_dir`; returns each bundle's
/// entry file, the start bundle's first.
pub fn write_entries(template_dir: &Path, dir: &Path) -> Result<Vec<(Bundle, PathBuf)>, Error> {
    let template_path = template_dir.join(Bundle::Start.shell());
    let template =
        fs::read_to_string(&template_path).map_err(|e| Error::io(&template_path, "read", e))?;
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, "create", e))?;
    let canonical = |path: &Path| fs::canonicalize(path).map_err(|e| Error::io(path, "read", e));
    let from_entries = relative(&canonical(dir)?, &canonical(template_dir)?);
    let mut entries = vec![(Bundle::Start, template_path.clone())];
    for bundle in Bundle::ALL.into_iter().filter(|b| *b != Bundle::Start) {
        let text = entry(&template, &from_entries, bundle).map_err(|problem| Error::Html {
            path: template_path.clone(),
            problem: problem.to_string(),
        })?;
        let path = dir.join(bundle.shell());
        fs::write(&path, text).map_err(|e| Error::io(&path, "write", e))?;
        entries.push((bundle, path));
    }
    Ok(entries)
}

/// The path of the folder `to` seen from the folder `from`, both absolute: `../..` from
/// `/repo/target/entries` to `/repo`.
fn relative(from: &Path, to: &Path) -> PathBuf {
    let shared = from
        .components()
        .zip(to.components())
        .take_while(|(a, b)| a == b)
        .count();
    let up = from.components().skip(shared).map(|_| Component::ParentDir);
    up.chain(to.components().skip(shared)).collect()
}

/// The template's one Rust link (`<link data-trunk rel="rust">`).
fn rust_link(template: &str) -> Result<Tag, HtmlProblem> {
    let mut links: Vec<Tag> = html::tags(template)?
        .into_iter()
        .filter(|t| t.attr("data-trunk").is_some() && t.attr("rel") == Some("rust"))
        .collect();
    match links.len() {
        1 => Ok(links.remove(0)),
        n => Err(html::problem(
            template,
            0,
            format!("a Trunk entry needs one <link data-trunk rel=\"rust\">, not {n}"),
        )),
    }
}

/// Removals of the template's comments, each with its line when it stands alone.
fn comments(template: &str) -> Vec<(Range<usize>, String)> {
    let mut edits = Vec::new();
    let mut from = 0;
    while let Some(start) = template[from..].find("<!--").map(|i| from + i) {
        let Some(end) = template[start..].find("-->").map(|i| start + i + 3) else {
            break;
        };
        let line_start = template[..start].rfind('\n').map_or(0, |i| i + 1);
        let alone =
            template[line_start..start].trim().is_empty() && template[end..].starts_with('\n');
        edits.push((
            if alone {
                line_start..end + 1
            } else {
                start..end
            },
            String::new(),
        ));
        from = end;
    }
    edits
}

/// The edit that sets the attribute `name` of `tag`, which must have it.
fn set(
    html: &str,
    tag: &Tag,
    name: &str,
    value: &str,
) -> Result<(Range<usize>, String), HtmlProblem> {
    let attr = tag.attrs.iter().find(|a| a.name == name);
    let attr = attr.ok_or_else(|| {
        html::problem(
            html,
            tag.span.start,
            format!("<{}> has no {name}", tag.name),
        )
    })?;
    Ok((attr.span.clone(), format!(" {name}=\"{}\"", escape(value))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_between_folders() {
        let rel = |from: &str, to: &str| relative(Path::new(from), Path::new(to));
        assert_eq!(rel("/repo/target/entries", "/repo"), Path::new("../.."));
        assert_eq!(rel("/repo", "/repo"), Path::new(""));
        assert_eq!(rel("/tmp/x", "/repo/app"), Path::new("../../repo/app"));
    }

    #[test]
    fn a_template_needs_exactly_one_rust_link() {
        let template = "<html><head>\n<link data-trunk rel=\"css\" href=\"a.css\">\n</head></html>";
        let problem = entry(template, Path::new(".."), Bundle::Kiosk).unwrap_err();
        assert!(problem.message.contains("not 0"), "{problem}");
        let twice = template.replace(
            "</head>",
            "<link data-trunk rel=rust data-cargo-features=x>\n\
             <link data-trunk rel=rust data-cargo-features=x>\n</head>",
        );
        let problem = entry(&twice, Path::new(".."), Bundle::Kiosk).unwrap_err();
        assert!(problem.message.contains("not 2"), "{problem}");
    }

    #[test]
    fn a_rust_link_without_features_is_named() {
        let template = "<head>\n  <link data-trunk rel=\"rust\">\n</head>";
        let problem = entry(template, Path::new(".."), Bundle::Catalogue).unwrap_err();
        assert_eq!(problem.line, 2);
        assert!(problem.message.contains("data-cargo-features"), "{problem}");
    }

    #[test]
    fn the_bundles_lines_come_before_its_rust_link_at_its_indent() {
        let template = "<head>\n  <!-- start -->\n  <meta name=color-scheme content=light>\n  \
                        <link data-trunk rel=css href=style/main.css>\n  \
                        <link data-trunk rel=rust data-cargo-features=\"start\">\n</head>";
        let made = entry(template, Path::new("../.."), Bundle::Kiosk).unwrap();
        assert_eq!(
            made,
            "<head>\n  <meta name=color-scheme content=\"dark light\">\n  \
             <link data-trunk rel=css href=\"../../style/main.css\">\n  \
             <link data-trunk rel=\"css\" href=\"../../style/kiosk.css\" />\n  \
             <link data-trunk rel=\"copy-file\" href=\"../../public/kiosk-watchdog.js\" />\n  \
             <script src=\"kiosk-watchdog.js\" defer></script>\n  \
             <link data-trunk rel=rust data-cargo-features=\"kiosk\" href=\"../../Cargo.toml\">\n</head>"
        );
    }
}
