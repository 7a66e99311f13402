//! The bundle table (`lernort_routes::Bundle`) is the one place that says which pages are
//! in which wasm bundle. What cannot read it — `Cargo.toml`'s features and Trunk's entry
//! files — is checked against it here; `scripts/build`, `scripts/test`, the app's
//! `in_this_build`, `lernort-dist` and the service worker read it.

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
fn each_trunk_entry_builds_its_bundles_features() {
    for bundle in Bundle::ALL {
        let path = workspace().join(bundle.shell());
        let page = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        let rust: Vec<_> = html::tags(&page)
            .unwrap()
            .into_iter()
            .filter(|t| t.name == "link" && t.attr("rel") == Some("rust"))
            .collect();
        assert_eq!(rust.len(), 1, "{}: one Rust link", bundle.shell());
        let link = &rust[0];
        assert_eq!(
            link.attr("data-cargo-features"),
            Some(bundle.feature_list().as_str()),
            "{}",
            bundle.shell()
        );
        assert!(link.attr("data-cargo-no-default-features").is_some());
        assert_eq!(
            link.attr("data-cargo-profile-release"),
            Some("wasm-release")
        );
    }
    // No entry file outside the table.
    let mut entries: Vec<String> = fs::read_dir(workspace())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".html"))
        .collect();
    entries.sort();
    let mut shells: Vec<String> = Bundle::ALL.iter().map(|b| b.shell().into()).collect();
    shells.sort();
    assert_eq!(entries, shells);
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
