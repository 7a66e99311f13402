//! Offline use and installation: `sw.js` (the service worker, from the template
//! `src/sw.js`) with the list of files to keep, and `manifest.webmanifest` from the
//! centre config.
//!
//! What is kept: every app shell with its stylesheets, scripts and wasm, the centre's
//! config and logo, the catalogue and the course list — exactly what the first views load
//! ([`crate::size::first_views`]), so the list cannot miss a bundle. Course pages are kept
//! when visited; any other course opens offline in the catalogue bundle's shell, which
//! reads the cached catalogue. The worker's version is a hash of those files' bytes: a new
//! build gives a new worker, an unchanged one the same bytes.

use std::fs;
use std::path::Path;

use lernort_centre::Centre;
use sha2::{Digest, Sha256};

use crate::{size, Error};

/// The service worker's file, beside `index.html`.
pub const SERVICE_WORKER: &str = "sw.js";
/// The web app manifest's file, beside `index.html` (the shells link to it).
pub const MANIFEST: &str = "manifest.webmanifest";

const TEMPLATE: &str = include_str!("sw.js");

/// The files the worker keeps, relative to dist, and its version. The kiosk's bundle is
/// not among them: it is for the lab's screens, and a phone should not download it.
pub fn precache(dist: &Path) -> Result<(Vec<String>, String), Error> {
    let mut files: Vec<String> = Vec::new();
    for bundle in crate::shells_in(dist).filter(|b| b.offline()) {
        for file in size::first_view_files(dist, bundle.shell())? {
            if !files.contains(&file) {
                files.push(file);
            }
        }
    }
    for extra in ["kurse/index.html", "favicon.svg", MANIFEST] {
        if dist.join(extra).is_file() && !files.iter().any(|f| f == extra) {
            files.push(extra.to_string());
        }
    }
    let mut hash = Sha256::new();
    for file in &files {
        let path = dist.join(file);
        let data = fs::read(&path).map_err(|e| Error::io(&path, "read", e))?;
        hash.update(file.as_bytes());
        hash.update((data.len() as u64).to_le_bytes());
        hash.update(&data);
    }
    let version: String = hash
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((files, version))
}

/// The service worker's source for these files and version.
///
/// ```
/// let js = lernort_dist::offline::service_worker(&["index.html".into()], "0123abcd");
/// assert!(js.contains("const VERSION = '0123abcd';"));
/// assert!(js.contains(r#"const PRECACHE = ["index.html"];"#));
/// assert!(js.contains(r#"const SHELLS = {"coworking":"coworking.html","kurse":"catalogue.html","merkliste":"catalogue.html"};"#));
/// ```
pub fn service_worker(files: &[String], version: &str) -> String {
    let list = serde_json::to_string(files).unwrap_or_else(|_| "[]".into());
    // Which shell shows a page offline, by its first path segment (the bundle table); the
    // start bundle's for every other path. The kiosk's is never kept offline.
    let shells: serde_json::Map<String, serde_json::Value> = lernort_routes::shell_paths()
        .into_iter()
        .filter(|(_, bundle)| bundle.offline())
        .map(|(segment, bundle)| (segment.to_string(), bundle.shell().into()))
        .collect();
    TEMPLATE
        .replace("__VERSION__", version)
        .replace("__PRECACHE__", &list)
        .replace("__SHELLS__", &serde_json::Value::Object(shells).to_string())
}

/// The web app manifest: the centre's name, colours and logo; the app starts at the
/// site's base (URLs in a manifest are relative to the manifest itself).
pub fn manifest(centre: &Centre) -> String {
    use lernort_i18n::Lang;
    let manifest = serde_json::json!({
        "name": centre.name,
        "short_name": centre.name,
        "description": centre.tagline.get(Lang::De),
        "lang": "de",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": centre.colours.background.to_string(),
        "theme_color": centre.colours.primary.to_string(),
        "icons": [{
            "src": format!("{}/{}", crate::centre::CENTRE_DIR, centre.logo.src),
            "sizes": "any",
            "type": if centre.logo.src.ends_with(".svg") { "image/svg+xml" } else { "image/png" },
            "purpose": "any"
        }]
    });
    serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n"
}
