//! The first-view transfer report: what a visitor's browser loads before the app can show
//! anything, and how much that is raw, gzip -9 and brotli.
//!
//! The first view is `index.html`; its stylesheets, module preloads, preloads and scripts;
//! the loader and wasm module named in its inline module scripts; and `centre/centre.json`
//! with the logo it names, which the app fetches at start. Sizes are computed in-process,
//! not read from `.gz`/`.br` files, so the report also works on an unfinished dist.
//!
//! The budget applies to the app itself — index.html, JS, wasm and CSS, as the project
//! defines the first-view budget — and the report adds the centre's data on a second line,
//! so the whole transfer stays visible.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use lernort_centre::Centre;

use crate::compress::{brotli, gzip};
use crate::error::kib;
use crate::html::{self, Tag};
use crate::Error;

/// One file of the first view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Path relative to the dist directory, with `/`.
    pub path: String,
    /// Size on disk.
    pub raw: u64,
    /// Size after gzip -9.
    pub gzip: u64,
    /// Size after brotli (quality 11).
    pub brotli: u64,
    /// Whether the file is part of the app (index.html, JS, wasm, CSS) rather than the
    /// centre's data; only the app counts against the budget.
    pub app: bool,
}

/// The first-view report; `Display` prints it as a table with a total line.
#[derive(Clone, Debug, PartialEq)]
pub struct SizeReport {
    /// The files, in the order the page names them.
    pub entries: Vec<Entry>,
    /// The budget for the gzip total in KiB, if one was given; shown in the total line.
    pub budget_kib: Option<f64>,
}

impl SizeReport {
    /// Total raw bytes.
    pub fn raw(&self) -> u64 {
        self.entries.iter().map(|e| e.raw).sum()
    }

    /// Total gzip -9 bytes.
    pub fn gzip(&self) -> u64 {
        self.entries.iter().map(|e| e.gzip).sum()
    }

    /// Total brotli bytes.
    pub fn brotli(&self) -> u64 {
        self.entries.iter().map(|e| e.brotli).sum()
    }

    /// Gzip -9 bytes of the app's files (index.html, JS, wasm, CSS): what the budget covers.
    pub fn app_gzip(&self) -> u64 {
        self.entries.iter().filter(|e| e.app).map(|e| e.gzip).sum()
    }

    /// [`Error::OverBudget`] when the app's gzip total exceeds [`SizeReport::budget_kib`].
    pub fn check_budget(&self) -> Result<(), Error> {
        match self.budget_kib {
            Some(budget_kib) if kib(self.app_gzip()) > budget_kib => Err(Error::OverBudget {
                gzip_bytes: self.app_gzip(),
                budget_kib,
            }),
            _ => Ok(()),
        }
    }
}

impl fmt::Display for SizeReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self
            .entries
            .iter()
            .map(|e| e.path.chars().count())
            .chain([4])
            .max()
            .unwrap_or(4);
        writeln!(
            f,
            "{:<width$}  {:>10}  {:>10}  {:>10}",
            "file", "raw KiB", "gzip KiB", "brotli KiB"
        )?;
        for e in &self.entries {
            writeln!(
                f,
                "{:<width$}  {:>10.1}  {:>10.1}  {:>10.1}",
                e.path,
                kib(e.raw),
                kib(e.gzip),
                kib(e.brotli)
            )?;
        }
        let budget = match self.budget_kib {
            Some(budget) => format!(" (budget {budget} KiB)"),
            None => String::new(),
        };
        writeln!(
            f,
            "app ({} + JS + wasm + CSS): {:.1} KiB gzip -9{budget}",
            self.entries
                .first()
                .map_or("index.html", |e| e.path.as_str()),
            kib(self.app_gzip())
        )?;
        write!(
            f,
            "first view with data: {:.1} KiB gzip -9, {:.1} KiB brotli, {:.1} KiB raw",
            kib(self.gzip()),
            kib(self.brotli()),
            kib(self.raw())
        )
    }
}

/// Measures the first view of the site in `dist` through `index.html`, the start bundle.
pub fn first_view(dist: &Path, budget_kib: Option<f64>) -> Result<SizeReport, Error> {
    first_view_of(dist, crate::INDEX, budget_kib)
}

/// Measures the first view through each bundle's shell in `dist` ([`crate::shells_in`]):
/// each bundle is some visitor's first view, so each must keep the budget.
pub fn first_views(dist: &Path, budget_kib: Option<f64>) -> Result<Vec<SizeReport>, Error> {
    crate::shells_in(dist)
        .map(|bundle| first_view_of(dist, bundle.shell(), budget_kib))
        .collect()
}

/// What a first view through `shell` loads, relative to dist (the shell first), found
/// without reading or compressing the files: the service worker's list needs only this.
pub fn first_view_files(dist: &Path, shell: &str) -> Result<Vec<String>, Error> {
    Ok(shell_loads(dist, shell)?.files)
}

/// The files of a first view, and who refers to the app's data files (for messages).
struct FirstView {
    files: Vec<String>,
    index: PathBuf,
    config: PathBuf,
    logo: String,
}

fn shell_loads(dist: &Path, shell: &str) -> Result<FirstView, Error> {
    let index = dist.join(shell);
    let page = fs::read_to_string(&index).map_err(|e| Error::io(&index, "read", e))?;
    let tags = html::tags(&page).map_err(|p| Error::Html {
        path: index.clone(),
        problem: p.to_string(),
    })?;
    let base = tags
        .iter()
        .find(|t| t.name == "base")
        .and_then(|t| t.attr("href"))
        .map_or("/".to_string(), base_path);

    let mut files: Vec<String> = vec![shell.to_string()];
    let mut add = |reference: &str, referenced_by: &Path| -> Result<(), Error> {
        if let Some(path) = resolve(reference, &base, referenced_by)? {
            if !files.contains(&path) {
                files.push(path);
            }
        }
        Ok(())
    };
    for tag in &tags {
        for reference in first_view_references(tag, &page) {
            add(&reference, &index)?;
        }
    }

    let config = dist.join(lernort_centre::CONFIG_PATH);
    let json = match fs::read_to_string(&config) {
        Ok(json) => json,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::MissingFile {
                referenced_by: index,
                reference: format!("{} (fetched by the app)", lernort_centre::CONFIG_PATH),
                path: config,
            })
        }
        Err(e) => return Err(Error::io(&config, "read", e)),
    };
    let centre = Centre::from_json(&json).map_err(|source| Error::Centre {
        path: config.clone(),
        source,
    })?;
    add(lernort_centre::CONFIG_PATH, &index)?;
    let logo = format!("{}/{}", crate::centre::CENTRE_DIR, centre.logo.src);
    add(&logo, &config)?;
    // The catalogue bundle's pages load the catalogue as soon as they start.
    if shell == lernort_routes::Bundle::Catalogue.shell()
        && dist.join(crate::site::CATALOGUE).is_file()
    {
        add(crate::site::CATALOGUE, &index)?;
    }

    Ok(FirstView {
        files,
        index,
        config,
        logo,
    })
}

/// Measures the first view of a page made from the app shell `shell` (a file in `dist`).
pub fn first_view_of(
    dist: &Path,
    shell: &str,
    budget_kib: Option<f64>,
) -> Result<SizeReport, Error> {
    let FirstView {
        files,
        index,
        config,
        logo,
    } = shell_loads(dist, shell)?;
    let mut entries = Vec::with_capacity(files.len());
    for file in files {
        let path = dist.join(&file);
        let data = match fs::read(&path) {
            Ok(data) => data,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let referenced_by = if file == logo { &config } else { &index };
                return Err(Error::MissingFile {
                    referenced_by: referenced_by.clone(),
                    reference: file.clone(),
                    path,
                });
            }
            Err(e) => return Err(Error::io(&path, "read", e)),
        };
        entries.push(Entry {
            raw: data.len() as u64,
            gzip: gzip(&data).len() as u64,
            brotli: brotli(&data).len() as u64,
            app: !file.starts_with(&format!("{}/", crate::centre::CENTRE_DIR))
                && !file.starts_with("data/"),
            path: file,
        });
    }
    Ok(SizeReport {
        entries,
        budget_kib,
    })
}

/// The URLs a tag makes the browser load for the first view.
fn first_view_references(tag: &Tag, page: &str) -> Vec<String> {
    match tag.name.as_str() {
        "link"
            if ["stylesheet", "modulepreload", "preload"]
                .iter()
                .any(|rel| tag.has_token("rel", rel)) =>
        {
            tag.attr("href").map(str::to_string).into_iter().collect()
        }
        "script" => match tag.attr("src") {
            Some(src) => vec![src.to_string()],
            None if tag.is_module_script() => {
                tag.text(page).map(html::quoted_assets).unwrap_or_default()
            }
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// The path part of a `<base href>`, ending in `/`: `https://x.org/sub/` → `/sub/`.
fn base_path(href: &str) -> String {
    let path = match href.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => href,
    };
    let path = path.split(['?', '#']).next().unwrap_or(path);
    // The base URL's last segment after a slash is a file name: `/sub/index.html` → `/sub/`.
    let dir = path.rfind('/').map_or("", |i| &path[..=i]);
    if dir.starts_with('/') {
        dir.to_string()
    } else {
        format!("/{dir}")
    }
}

/// The file in the dist directory a reference names, relative and with `/`; `None` for
/// `data:` URLs, which load nothing. `./x`, `/x`, `x` and `BASE/x` all name `x`.
fn resolve(reference: &str, base: &str, referenced_by: &Path) -> Result<Option<String>, Error> {
    let outside = || Error::OutsideDist {
        referenced_by: referenced_by.to_path_buf(),
        reference: reference.to_string(),
    };
    let trimmed = reference.trim();
    if trimmed.starts_with("data:") {
        return Ok(None);
    }
    if trimmed.contains("://") || trimmed.starts_with("//") || trimmed.contains(':') {
        return Err(outside());
    }
    let path = trimmed.split(['?', '#']).next().unwrap_or(trimmed);
    let path = path
        .strip_prefix(base)
        .or_else(|| path.strip_prefix('/'))
        .unwrap_or(path);
    let mut parts = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err(outside()),
            part => parts.push(percent_decode(part).ok_or_else(outside)?),
        }
    }
    if parts.is_empty() {
        return Err(outside());
    }
    Ok(Some(parts.join("/")))
}

/// Decodes `%XX` escapes; `None` when they do not form UTF-8 or name a separator.
fn percent_decode(part: &str) -> Option<String> {
    if !part.contains('%') {
        return Some(part.to_string());
    }
    let bytes = part.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = part.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let text = String::from_utf8(out).ok()?;
    (!text.contains(['/', '\\']) && text != "..").then_some(text)
}

/// The dist-relative path `reference` names, as [`first_view`] resolves it.
///
/// ```
/// use lernort_dist::size::dist_path;
/// assert_eq!(dist_path("/sub/app.js?v=1", "/sub/").unwrap().as_deref(), Some("app.js"));
/// assert_eq!(dist_path("./app.js", "/sub/").unwrap().as_deref(), Some("app.js"));
/// assert_eq!(dist_path("data:image/png;base64,AA==", "/").unwrap(), None);
/// assert!(dist_path("https://cdn.example.com/x.js", "/").is_err());
/// ```
pub fn dist_path(reference: &str, base: &str) -> Result<Option<String>, Error> {
    resolve(reference, &base_path(base), &PathBuf::from("index.html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(reference: &str, base: &str) -> Option<String> {
        dist_path(reference, base).unwrap()
    }

    #[test]
    fn references_resolve_into_dist() {
        for (reference, base, expected) in [
            ("./x.js", "/sub/", "x.js"),
            ("/x.js", "/sub/", "x.js"),
            ("x.js", "/sub/", "x.js"),
            ("/sub/x.js", "/sub/", "x.js"),
            ("/sub/./x.js", "/sub/", "x.js"),
            ("x.js#a", "/sub/", "x.js"),
            ("/pkg/a%20b.wasm", "/", "pkg/a b.wasm"),
            ("x.css", "https://example.org/sub/index.html", "x.css"),
            ("/sub/x.css", "https://example.org/sub/", "x.css"),
        ] {
            assert_eq!(
                r(reference, base).as_deref(),
                Some(expected),
                "{reference} under {base}"
            );
        }
        for bad in [
            "../x.js",
            "/",
            "//cdn.example/x.js",
            "javascript:x",
            "a/%2F/b",
            "%zz",
        ] {
            assert!(dist_path(bad, "/").is_err(), "{bad}");
        }
    }

    #[test]
    fn base_paths() {
        assert_eq!(base_path("/"), "/");
        assert_eq!(base_path("/a/b/"), "/a/b/");
        assert_eq!(base_path("/a/index.html"), "/a/");
        assert_eq!(base_path("a/"), "/a/");
        assert_eq!(base_path("https://x.org"), "/");
    }

    #[test]
    fn table_and_totals() {
        let report = SizeReport {
            entries: vec![
                Entry {
                    path: "index.html".into(),
                    raw: 2048,
                    gzip: 1024,
                    brotli: 512,
                    app: true,
                },
                Entry {
                    path: "app_bg.wasm".into(),
                    raw: 102_400,
                    gzip: 51_200,
                    brotli: 40_960,
                    app: true,
                },
                Entry {
                    path: "centre/centre.json".into(),
                    raw: 20_480,
                    gzip: 10_240,
                    brotli: 8_192,
                    app: false,
                },
            ],
            budget_kib: Some(60.0),
        };
        assert_eq!(
            report.to_string(),
            "file                   raw KiB    gzip KiB  brotli KiB\n\
             index.html                 2.0         1.0         0.5\n\
             app_bg.wasm              100.0        50.0        40.0\n\
             centre/centre.json        20.0        10.0         8.0\n\
             app (index.html + JS + wasm + CSS): 51.0 KiB gzip -9 (budget 60 KiB)\n\
             first view with data: 61.0 KiB gzip -9, 48.5 KiB brotli, 122.0 KiB raw"
        );
        assert!(report.check_budget().is_ok());
        let tight = SizeReport {
            budget_kib: Some(50.95),
            ..report
        };
        let err = tight.check_budget().unwrap_err();
        assert!(
            err.to_string().starts_with("over budget by 0.1 KiB"),
            "{err}"
        );
    }
}
