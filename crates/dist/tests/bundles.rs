//! The bundle table (`lernort_routes::Bundle`) is the one place that says which pages are
//! in which wasm bundle. What cannot read it — `Cargo.toml`'s features — is checked against
//! it here, and so are Trunk's entries that `lernort-dist bundles --entries` makes from
//! it; `scripts/build`, `scripts/test`, the app's `in_this_build`, `lernort-dist` and the
//! service worker read it.

use std::fs;
use std::path::Path;

use lernort_dist::html;
use lernort_routes::{Bundle, Feature};

fn workspace() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

#[test]
fn cargo_features_are_the_tables() {
    let manifest = fs::read_to_string(workspace().join("Cargo.toml")).unwrap();
    let manifest: toml::Table = manifest.parse().unwrap();
    let features = manifest["features"].as_table().unwrap();
    let mut names: Vec<&str> = features.keys().map(String::as_str).collect();
    names.sort();
    let mut expected: Vec<&str> = Feature::ALL.iter().map(|f| f.name()).collect();
    expected.push("default");
    expected.sort();
    assert_eq!(
        names, expected,
        "Cargo.toml [features] against lernort_routes::Feature"
    );
    // `cargo` without flags (tests, lints) builds every page.
    let default: Vec<&str> = features["default"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    for feature in Feature::ALL {
        assert!(
            default.contains(&feature.name()),
            "{} not in default",
            feature.name()
        );
    }
}

#[test]
fn each_trunk_entry_builds_its_bundles_features_and_finds_its_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("target/entries");
    let entries = lernort_dist::entries::write_entries(workspace(), &dir).unwrap();
    let bundles: Vec<Bundle> = entries.iter().map(|(bundle, _)| *bundle).collect();
    assert_eq!(bundles, Bundle::ALL);
    assert_eq!(entries[0].1, workspace().join("index.html"));
    for (bundle, path) in &entries {
        let page = fs::read_to_string(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        assert_eq!(path.file_name().unwrap(), bundle.shell());
        let tags = html::tags(&page).unwrap();
        let trunk: Vec<_> = tags
            .iter()
            .filter(|t| t.attr("data-trunk").is_some())
            .collect();
        let rust: Vec<_> = trunk
            .iter()
            .filter(|t| t.attr("rel") == Some("rust"))
            .collect();
        assert_eq!(rust.len(), 1, "{path:?}: one Rust link");
        let link = &rust[0];
        let features = link.attr("data-cargo-features");
        assert_eq!(features, Some(bundle.feature_list().as_str()), "{path:?}");
        assert!(link.attr("data-cargo-no-default-features").is_some());
        assert_eq!(
            link.attr("data-cargo-profile-release"),
            Some("wasm-release")
        );
        // Every file Trunk reads is there, seen from the entry's folder.
        let folder = path.parent().unwrap();
        let manifest = folder.join(link.attr("href").unwrap_or("Cargo.toml"));
        assert!(manifest.is_file(), "{path:?}: {manifest:?}");
        for tag in trunk.iter().filter(|t| t.attr("rel") != Some("rust")) {
            let file = folder.join(tag.attr("href").unwrap());
            assert!(file.is_file(), "{path:?}: {file:?}");
        }
        let css = tags.iter().filter(|t| t.attr("rel") == Some("css"));
        let css: Vec<&str> = css.filter_map(|t| t.attr("href")).collect();
        let own = format!("style/{}.css", bundle.shell().trim_end_matches(".html"));
        let main_then_own =
            css.len() == 2 && css[0].ends_with("style/main.css") && css[1].ends_with(&own);
        assert!(
            (*bundle == Bundle::Start && css == ["style/main.css"]) || main_then_own,
            "{path:?}: {css:?}"
        );
        assert_eq!(
            page.contains("kiosk-watchdog.js"),
            *bundle == Bundle::Kiosk,
            "{path:?}"
        );
        assert_eq!(
            page.matches("<!--").count(),
            usize::from(*bundle == Bundle::Start),
            "{path:?}"
        );
    }
    // index.html is the only entry in the tree: the others are made, not kept.
    let html_files = fs::read_dir(workspace())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".html"));
    assert_eq!(html_files.collect::<Vec<_>>(), ["index.html"]);
}

#[test]
fn the_service_worker_finds_each_pages_shell_in_the_table() {
    let js = lernort_dist::offline::service_worker(&[], "v");
    for (segment, bundle) in lernort_routes::shell_paths() {
        let entry = format!("\"{segment}\":\"{}\"", bundle.shell());
        assert_eq!(js.contains(&entry), bundle.offline(), "{entry}");
    }
    assert!(!js.contains("__"), "a placeholder left: {js}");
}
