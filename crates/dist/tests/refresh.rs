//! `refresh`: re-import and re-make a built dist from the centre's sources, switch it to
//! another centre, and leave it untouched when the import fails.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use lernort_dist::refresh::{refresh, RefreshOptions, RefreshReport};
use lernort_dist::Error;

const IMPORT_JSON: &str = r#"{
  "providers": [{"id": "lab", "name": "StadtLABOR", "kind": "stadtlabor", "url": "https://lab.example/",
                 "sources": ["termine.ics"], "noPriceMeansFree": true}],
  "categories": [{"id": "ki", "name": {"de": "KI", "en": "AI"}, "aliases": ["KI"]}],
  "venues": [{"id": "dilas", "name": "DiLAS", "street": "Werkstraße 1", "postalCode": "59494",
              "city": "Soest", "stepFree": true, "aliases": ["DiLAS"]}]
}"#;

fn event(summary: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:{summary}@x\r\n\
         DTSTART;TZID=Europe/Berlin:20261124T180000\r\nDTEND;TZID=Europe/Berlin:20261124T200000\r\n\
         SUMMARY:{summary}\r\nCATEGORIES:KI\r\nLOCATION:DiLAS\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
}

/// A centre folder named `id` with a catalogue of one course, `course`.
fn centre_with_course(root: &Path, id: &str, course: &str) -> PathBuf {
    let mut centre = fixture_centre();
    centre.id = id.to_owned();
    let dir = centre_dir(root, &centre);
    let target = root.join(id);
    fs::rename(&dir, &target).expect("name the centre folder");
    fs::create_dir_all(target.join("catalogue")).expect("catalogue folder");
    fs::write(target.join("catalogue/import.json"), IMPORT_JSON).expect("import.json");
    fs::write(target.join("catalogue/termine.ics"), event(course)).expect("ics");
    target
}

fn options(dist: &Path, centre: &Path) -> RefreshOptions {
    RefreshOptions {
        dist: dist.to_path_buf(),
        centre: centre.to_path_buf(),
        base: "/".into(),
        now: lernort_time::parse_instant("2026-11-17T10:30:00+01:00").expect("time"),
    }
}

/// A dist in a temporary directory, refreshed once from the centre folder `id` whose
/// catalogue has one course, "Löten für alle".
struct Refreshed {
    tmp: tempfile::TempDir,
    dist: PathBuf,
    centre: PathBuf,
    report: RefreshReport,
}

fn refreshed(id: &str) -> Refreshed {
    let tmp = tempfile::tempdir().expect("dir");
    let dist = dist_dir(tmp.path());
    let centre = centre_with_course(tmp.path(), id, "Löten für alle");
    let report = refresh(&options(&dist, &centre)).expect("refreshed");
    Refreshed {
        tmp,
        dist,
        centre,
        report,
    }
}

fn course_names(dist: &Path) -> Vec<String> {
    let text = fs::read_to_string(dist.join("data/catalogue.json")).expect("catalogue");
    let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    json["courses"]
        .as_array()
        .expect("courses")
        .iter()
        .map(|c| c["name"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn new_sources_make_a_new_site_and_the_old_pages_go() {
    let Refreshed {
        tmp,
        dist,
        centre,
        report,
    } = refreshed("lernort-mitte");
    assert!(report
        .import
        .as_deref()
        .unwrap_or("")
        .contains("termine.ics"));
    assert_eq!(course_names(&dist), ["Löten für alle"]);
    assert!(dist.join("kurse/loeten-fuer-alle/index.html").is_file());
    assert!(dist.join("data/kurse.ics").is_file());
    assert!(
        !tmp.path().join("dist.next").exists(),
        "the old site is removed"
    );
    let wasm = fs::read(dist.join("lernort-abc123_bg.wasm")).expect("the app is kept");
    assert!(wasm.starts_with(b"\0asm"));

    fs::write(
        centre.join("catalogue/termine.ics"),
        event("Arduino am Abend"),
    )
    .expect("ics");
    refresh(&options(&dist, &centre)).expect("refreshed again");
    assert_eq!(course_names(&dist), ["Arduino am Abend"]);
    assert!(dist.join("kurse/arduino-am-abend/index.html").is_file());
    assert!(
        !dist.join("kurse/loeten-fuer-alle").exists(),
        "the old course's page is gone"
    );
}

#[test]
fn another_centre_brings_all_of_its_data() {
    let Refreshed { tmp, dist, .. } = refreshed("erstes-zentrum");
    let second = centre_with_course(tmp.path(), "zweites-zentrum", "Excel im Beruf");
    refresh(&options(&dist, &second)).expect("switched");
    let centre = fs::read_to_string(dist.join("centre/centre.json")).expect("centre");
    assert!(centre.contains("\"zweites-zentrum\""), "{centre}");
    assert_eq!(course_names(&dist), ["Excel im Beruf"]);
}

#[test]
fn a_failed_import_leaves_the_site_as_it_was() {
    let Refreshed {
        tmp, dist, centre, ..
    } = refreshed("lernort-mitte");
    let before = snapshot(&dist);
    fs::write(centre.join("catalogue/import.json"), "{ \"providers\": ").expect("break it");
    let error = refresh(&options(&dist, &centre)).expect_err("the import fails");
    assert!(matches!(error, Error::Import(_)), "{error}");
    assert!(
        error
            .to_string()
            .starts_with("the import failed, nothing changed: "),
        "{error}"
    );
    assert_eq!(snapshot(&dist), before, "dist is untouched");
    assert!(
        !tmp.path().join("dist.next").exists(),
        "the copy is cleaned up"
    );
}
