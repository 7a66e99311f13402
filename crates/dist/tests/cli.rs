//! The `lernort-dist` binary: exit statuses and output.

mod common;

use std::process::{Command, Output};

use common::*;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lernort-dist"))
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_prints_usage() {
    use clap::CommandFactory;
    let out = run(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = lernort_dist::cli::Cli::command().render_long_help();
    assert_eq!(text(&out.stdout), help.to_string());
    assert!(text(&out.stdout).contains("Usage: lernort-dist <COMMAND>"));
}

#[test]
fn an_argument_that_is_not_utf8_exits_2_naming_it() {
    use std::os::unix::ffi::OsStringExt;
    let out = Command::new(env!("CARGO_BIN_EXE_lernort-dist"))
        .args(["size", "dist", "--budget-kib"])
        .arg(std::ffi::OsString::from_vec(b"200\xa0".to_vec()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        text(&out.stderr),
        "lernort-dist: invalid value '200\u{FFFD}' for '--budget-kib <N>': \
         not valid UTF-8 text (\u{FFFD} marks the bytes that are not) (see --help)\n"
    );
}

#[test]
fn bad_usage_exits_2_with_one_line() {
    for args in [
        &[][..],
        &["deploy"],
        &["finish", "dist"],
        &["size", "d", "--budget-kib", "x"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("lernort-dist: "), "{err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn finish_then_size_with_budgets() {
    let tmp = tempfile::tempdir().unwrap();
    let dist = dist_dir(tmp.path());
    let centre = centre_dir(tmp.path(), &fixture_centre());
    let (dist, centre) = (dist.to_str().unwrap(), centre.to_str().unwrap());

    let out = run(&["finish", dist, "--centre", centre]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let summary = text(&out.stdout);
    assert!(summary.contains("CSP: 2 inline script hashes"), "{summary}");
    // The fixture's files plus manifest.webmanifest, sw.js and the pages of the floor and
    // Leichte Sprache (no cards: the fixture has no site_url).
    assert!(summary.contains("compressed 13 files"), "{summary}");
    assert!(summary.contains("link-preview cards: 0"), "{summary}");
    assert!(summary.contains("sw.js keeps 7 files"), "{summary}");

    let out = run(&["size", dist, "--budget-kib", "1000"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(report.contains("gzip -9 (budget 1000 KiB)\n"), "{report}");

    let out = run(&["size", dist, "--budget-kib=0.5"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).starts_with("file "),
        "the table is still printed"
    );
    let err = text(&out.stderr);
    assert!(err.starts_with("lernort-dist: over budget by "), "{err}");
}

#[test]
fn an_invalid_centre_exits_1_naming_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dist = dist_dir(tmp.path());
    let mut centre = fixture_centre();
    centre.id = "Nicht Gültig".into();
    let centre = centre_dir(tmp.path(), &centre);
    let out = run(&[
        "finish",
        dist.to_str().unwrap(),
        "--centre",
        centre.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("centre-src/centre.json: not valid: id must be"),
        "{err}"
    );
}
