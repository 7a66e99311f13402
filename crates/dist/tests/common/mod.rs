//! Fixtures shared by the integration tests: a Trunk-like dist directory and a centre
//! directory, both built in a temporary directory.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use lernort_centre::Centre;

/// The fixture centre, valid.
pub fn fixture_centre() -> Centre {
    let json = include_str!("../fixtures/centre.json");
    Centre::from_json(json).unwrap_or_else(|e| panic!("fixture centre.json: {e}"))
}

pub const LOGO: &str = include_str!("../fixtures/logo.svg");

/// Writes a centre directory (`centre.json`, `logo.svg`, `extra.txt` and a subdirectory
/// that must not be copied) from `centre`.
pub fn centre_dir(root: &Path, centre: &Centre) -> PathBuf {
    let dir = root.join("centre-src");
    fs::create_dir_all(dir.join("drafts")).unwrap();
    let json = serde_json::to_string_pretty(centre).unwrap();
    fs::write(dir.join("centre.json"), json).unwrap();
    fs::write(dir.join("logo.svg"), LOGO).unwrap();
    fs::write(dir.join("drafts/old.json"), "{}").unwrap();
    dir
}

/// A temporary directory with a Trunk-like dist directory ([`dist_dir`]) and a centre
/// directory ([`centre_dir`]) of the fixture centre: (the temporary directory, dist, centre).
pub fn dist_and_centre() -> (tempfile::TempDir, PathBuf, PathBuf) {
    dist_and_edited_centre(|_| {})
}

/// [`dist_and_centre`] with the fixture centre as `edit` changes it.
pub fn dist_and_edited_centre(
    edit: impl FnOnce(&mut Centre),
) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dist = dist_dir(tmp.path());
    let mut centre = fixture_centre();
    edit(&mut centre);
    let centre = centre_dir(tmp.path(), &centre);
    (tmp, dist, centre)
}

/// Trunk 0.21's start-up script, as it writes it (with `--public-url /`).
pub const START_SCRIPT: &str = "
import init, * as bindings from '/lernort-abc123.js';
const wasm = await init({ module_or_path: '/lernort-abc123_bg.wasm' });


window.wasmBindings = bindings;


dispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {detail: {wasm}}));

";

/// An `index.html` like Trunk 0.21 writes, with nonces and no `<base>`.
pub fn index_html() -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="de">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Lernort</title>
    <link rel="icon" href="/favicon.png">
    <link rel="stylesheet" href="/style-0123abcd.css" integrity="sha384-AAAA" nonce="dHJ1bmsgbm9uY2U="/>
  <link rel="modulepreload" href="/lernort-abc123.js" crossorigin="anonymous" integrity="sha384-BBBB" nonce="dHJ1bmsgbm9uY2U="><link rel="preload" href="/lernort-abc123_bg.wasm" crossorigin="anonymous" integrity="sha384-CCCC" as="fetch" type="application/wasm" nonce="dHJ1bmsgbm9uY2U="></head>
  <body>
    <div id="boot" role="status">
      <p>Wird geladen … / Loading …</p>
      <noscript><p lang="de">Bitte JavaScript einschalten.</p></noscript>
    </div>
    <script>console.log(1)</script>
<script type="module" nonce="dHJ1bmsgbm9uY2U=">{START_SCRIPT}</script></body>
</html>
"#
    )
}

/// Writes a Trunk-like dist directory.
pub fn dist_dir(root: &Path) -> PathBuf {
    let dist = root.join("dist");
    fs::create_dir_all(dist.join("snippets/lernort-1")).unwrap();
    fs::write(dist.join("index.html"), index_html()).unwrap();
    let js = "export function greet(name) { return `Hallo, ${name}!`; }\n".repeat(300);
    fs::write(dist.join("lernort-abc123.js"), js).unwrap();
    let wasm: Vec<u8> = b"\0asm\x01\0\0\0"
        .iter()
        .copied()
        .chain((0..40_000u32).map(|i| (i % 251) as u8 ^ (i / 1000) as u8))
        .collect();
    fs::write(dist.join("lernort-abc123_bg.wasm"), wasm).unwrap();
    let css = "body { margin: 0; font-family: system-ui, sans-serif; }\n".repeat(100);
    fs::write(dist.join("style-0123abcd.css"), css).unwrap();
    fs::write(dist.join("favicon.png"), b"\x89PNG\r\n\x1a\n not really").unwrap();
    fs::write(dist.join("robots.txt"), "x").unwrap();
    fs::write(
        dist.join("snippets/lernort-1/inline0.js"),
        "export function now() { return Date.now(); }\n".repeat(20),
    )
    .unwrap();
    dist
}

/// Every file under `dir` with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = fs::read(&path).unwrap();
                files.insert(path.strip_prefix(dir).unwrap().to_path_buf(), bytes);
            }
        }
    }
    files
}

/// The `content` of the CSP meta element.
pub fn csp_of(html: &str) -> String {
    let start = html
        .find("<meta http-equiv=\"Content-Security-Policy\" content=\"")
        .expect("no CSP meta element");
    let rest = &html[start..];
    let content = &rest[rest.find("content=\"").unwrap() + 9..];
    content[..content.find('"').unwrap()].replace("&quot;", "\"")
}
