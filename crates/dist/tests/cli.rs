//! The `lernort-dist` binary: exit statuses and output.

mod common;

use common::*;
use lernort_cli::testing::{not_utf8, refused, run, with_bytes};

const PROGRAM: &str = env!("CARGO_BIN_EXE_lernort-dist");

#[test]
fn help_prints_usage() {
    use clap::CommandFactory;
    let help = lernort_cli::testing::printed(PROGRAM, ["--help"]);
    let expected = lernort_dist::cli::Cli::command().render_long_help();
    assert_eq!(help, expected.to_string());
    assert!(help.contains("Usage: lernort-dist <COMMAND>"));
}

#[test]
fn an_argument_that_is_not_utf8_exits_2_naming_it() {
    let args = with_bytes(&["size", "dist", "--budget-kib"], b"200\xa0");
    assert_eq!(
        refused(PROGRAM, &args),
        not_utf8("--budget-kib <N>", "200\u{FFFD}")
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
        refused(PROGRAM, args);
    }
}

#[test]
fn finish_then_size_with_budgets() {
    let (_tmp, dist, centre) = dist_and_centre();
    let (dist, centre) = (dist.to_str().unwrap(), centre.to_str().unwrap());

    let out = run(PROGRAM, ["finish", dist, "--centre", centre]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let summary = out.stdout;
    assert!(summary.contains("CSP: 2 inline script hashes"), "{summary}");
    // The fixture's files plus manifest.webmanifest, sw.js and the pages of the floor and
    // Leichte Sprache (no cards: the fixture has no site_url).
    assert!(summary.contains("compressed 13 files"), "{summary}");
    assert!(summary.contains("link-preview cards: 0"), "{summary}");
    assert!(summary.contains("sw.js keeps 7 files"), "{summary}");

    let out = run(PROGRAM, ["size", dist, "--budget-kib", "1000"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let report = out.stdout;
    assert!(report.contains("gzip -9 (budget 1000 KiB)\n"), "{report}");

    let out = run(PROGRAM, ["size", dist, "--budget-kib=0.5"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stdout.starts_with("file "),
        "the table is still printed"
    );
    let err = out.stderr;
    assert!(err.starts_with("lernort-dist: over budget by "), "{err}");
}

#[test]
fn an_invalid_centre_exits_1_naming_the_file() {
    let (_tmp, dist, centre) = dist_and_edited_centre(|centre| centre.id = "Nicht Gültig".into());
    let (dist, centre) = (dist.to_str().unwrap(), centre.to_str().unwrap());
    let out = run(PROGRAM, ["finish", dist, "--centre", centre]);
    assert_eq!(out.code, Some(1));
    let err = out.stderr;
    assert!(
        err.contains("centre-src/centre.json: not valid: id must be"),
        "{err}"
    );
}
