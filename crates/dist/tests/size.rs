//! `size` on fixtures with known contents.

mod common;

use std::fs;
use std::io::Write;
use std::path::Path;

use common::*;
use lernort_dist::size::first_view;
use lernort_dist::Error;

/// A dist directory with the fixture centre installed under `centre/`.
fn dist_with_centre(root: &Path) -> std::path::PathBuf {
    let dist = dist_dir(root);
    fs::create_dir_all(dist.join("centre")).unwrap();
    fs::copy(
        root.join("centre-src/centre.json"),
        dist.join("centre/centre.json"),
    )
    .unwrap();
    fs::write(dist.join("centre/logo.svg"), LOGO).unwrap();
    dist
}

fn gzip9(data: &[u8]) -> u64 {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(9));
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap().len() as u64
}

const FIRST_VIEW: [&str; 6] = [
    "index.html",
    "style-0123abcd.css",
    "lernort-abc123.js",
    "lernort-abc123_bg.wasm",
    "centre/centre.json",
    "centre/logo.svg",
];

#[test]
fn the_first_view_is_listed_and_summed() {
    let tmp = tempfile::tempdir().unwrap();
    centre_dir(tmp.path(), &fixture_centre());
    let dist = dist_with_centre(tmp.path());
    let report = first_view(&dist, None).unwrap();
    let paths: Vec<_> = report.entries.iter().map(|e| e.path.as_str()).collect();
    // The icon and the snippet are not part of the first view; the js and wasm named both by
    // the preloads and the start-up script are counted once.
    assert_eq!(paths, FIRST_VIEW);
    let mut raw = 0;
    let mut gzip = 0;
    for name in FIRST_VIEW {
        let data = fs::read(dist.join(name)).unwrap();
        raw += data.len() as u64;
        gzip += gzip9(&data);
    }
    assert_eq!(report.raw(), raw);
    // Each file with its own gzip stream (header bytes differ, the deflate level does not).
    assert_eq!(report.gzip(), gzip);
    assert!(report.brotli() < report.gzip());
    assert_eq!(
        report.entries.iter().map(|e| e.brotli).sum::<u64>(),
        report.brotli()
    );
    let text = report.to_string();
    let total = text.lines().last().unwrap();
    assert_eq!(
        total,
        format!(
            "first view with data: {:.1} KiB gzip -9, {:.1} KiB brotli, {:.1} KiB raw",
            gzip as f64 / 1024.0,
            report.brotli() as f64 / 1024.0,
            raw as f64 / 1024.0
        )
    );
    assert_eq!(text.lines().count(), 1 + FIRST_VIEW.len() + 2);
    // The budget covers the app; the centre's config and logo are reported, not budgeted.
    let centre_gzip: u64 = FIRST_VIEW
        .iter()
        .filter(|name| name.starts_with("centre/"))
        .map(|name| gzip9(&fs::read(dist.join(name)).unwrap()))
        .sum();
    assert!(centre_gzip > 0);
    assert_eq!(report.app_gzip(), gzip - centre_gzip);
}

#[test]
fn the_budget_is_honoured() {
    let tmp = tempfile::tempdir().unwrap();
    centre_dir(tmp.path(), &fixture_centre());
    let dist = dist_with_centre(tmp.path());
    let gzip_kib = first_view(&dist, None).unwrap().app_gzip() as f64 / 1024.0;

    let roomy = first_view(&dist, Some(gzip_kib.ceil() + 10.0)).unwrap();
    assert!(roomy.check_budget().is_ok());
    assert!(roomy
        .to_string()
        .contains(&format!("(budget {} KiB)", gzip_kib.ceil() + 10.0)));

    let exact = first_view(&dist, Some(gzip_kib)).unwrap();
    assert!(
        exact.check_budget().is_ok(),
        "equal to the budget is within it"
    );

    let tight = first_view(&dist, Some(gzip_kib - 1.0)).unwrap();
    let err = tight.check_budget().unwrap_err();
    assert!(matches!(err, Error::OverBudget { .. }));
    assert!(
        err.to_string().starts_with("over budget by 1.0 KiB"),
        "{err}"
    );
}

#[test]
fn references_honour_the_base_href() {
    let tmp = tempfile::tempdir().unwrap();
    centre_dir(tmp.path(), &fixture_centre());
    let dist = dist_with_centre(tmp.path());
    let html = "<!DOCTYPE html><html><head><base href=\"/zentren/soest/\">\
        <link rel=\"stylesheet\" href=\"./style-0123abcd.css?v=1\">\
        <link rel=\"modulepreload\" href=\"/zentren/soest/lernort-abc123.js\">\
        <script type=\"module\">import init from './lernort-abc123.js'; \
        await init({ module_or_path: \"lernort-abc123_bg.wasm\" });</script>\
        </head><body></body></html>";
    fs::write(dist.join("index.html"), html).unwrap();
    let report = first_view(&dist, None).unwrap();
    let paths: Vec<_> = report.entries.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, FIRST_VIEW);
}

#[test]
fn a_missing_referenced_file_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    centre_dir(tmp.path(), &fixture_centre());
    let dist = dist_with_centre(tmp.path());
    fs::remove_file(dist.join("lernort-abc123_bg.wasm")).unwrap();
    let err = first_view(&dist, None).unwrap_err();
    assert!(matches!(err, Error::MissingFile { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("index.html: refers to \"lernort-abc123_bg.wasm\""),
        "{message}"
    );

    fs::write(dist.join("lernort-abc123_bg.wasm"), b"\0asm").unwrap();
    fs::remove_file(dist.join("centre/logo.svg")).unwrap();
    let message = first_view(&dist, None).unwrap_err().to_string();
    assert!(
        message.contains("centre.json: refers to \"centre/logo.svg\""),
        "{message}"
    );

    fs::remove_file(dist.join("centre/centre.json")).unwrap();
    let message = first_view(&dist, None).unwrap_err().to_string();
    assert!(message.contains("centre/centre.json"), "{message}");
}

#[test]
fn an_external_reference_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    centre_dir(tmp.path(), &fixture_centre());
    let dist = dist_with_centre(tmp.path());
    let html = index_html().replace(
        "<title>",
        "<script src=\"https://cdn.example.com/x.js\"></script><title>",
    );
    fs::write(dist.join("index.html"), html).unwrap();
    let message = first_view(&dist, None).unwrap_err().to_string();
    assert!(
        message.contains("https://cdn.example.com/x.js"),
        "{message}"
    );
}
