//! The `lernort-import` binary's command line: help, exit codes and one-line errors.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::process::{Command, Output};

fn run(args: &[OsString]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lernort-import"))
        .args(args)
        .output()
        .expect("run lernort-import")
}

fn words(args: &[&str]) -> Vec<OsString> {
    args.iter().map(OsString::from).collect()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_prints_to_stdout_exit_0() {
    let out = run(&words(&["--help"]));
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    assert!(help.starts_with("Imports a centre's courses"), "{help}");
    assert!(
        help.contains("--sources <DIR>") && help.contains("--generate <N>"),
        "{help}"
    );
}

#[test]
fn a_bad_command_line_is_one_line_exit_2() {
    for (args, expected) in [
        (
            &["--out", "x.json"][..],
            "required arguments were not provided",
        ),
        (
            &["--sources", "s"],
            "required arguments were not provided: --out <FILE>",
        ),
        (
            &["--generate", "viele", "--out", "x.json"],
            "not a whole number",
        ),
        (
            &["--generate", "5", "--out", "x.json", "--now", "morgen"],
            "not a time",
        ),
        (&["--sourcs", "s"], "a similar argument exists: '--sources'"),
    ] {
        let out = run(&words(args));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("lernort-import: "), "{err}");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn an_argument_that_is_not_utf8_is_exit_2_naming_it() {
    let mut args = words(&["--generate", "5", "--out", "x.json", "--now"]);
    args.push(OsString::from_vec(
        b"2026-11-21T12:00:00+01:00\xff".to_vec(),
    ));
    let out = run(&args);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        text(&out.stderr),
        "lernort-import: invalid value '2026-11-21T12:00:00+01:00\u{FFFD}' for '--now <TIME>': \
         not valid UTF-8 text (\u{FFFD} marks the bytes that are not) (see --help)\n"
    );
}
