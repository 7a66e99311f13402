//! The `lernort-import` binary's command line: help, exit codes and one-line errors.

use lernort_cli::testing::{not_utf8, printed, refused, with_bytes};

const PROGRAM: &str = env!("CARGO_BIN_EXE_lernort-import");

#[test]
fn help_prints_to_stdout_exit_0() {
    let help = printed(PROGRAM, ["--help"]);
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
        let message = refused(PROGRAM, args);
        assert!(message.contains(expected), "{args:?}: {message}");
    }
}

#[test]
fn an_argument_that_is_not_utf8_is_exit_2_naming_it() {
    let args = with_bytes(
        &["--generate", "5", "--out", "x.json", "--now"],
        b"2026-11-21T12:00:00+01:00\xff",
    );
    assert_eq!(
        refused(PROGRAM, &args),
        not_utf8("--now <TIME>", "2026-11-21T12:00:00+01:00\u{FFFD}")
    );
}
