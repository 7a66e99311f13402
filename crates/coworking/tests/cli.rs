//! The `lernort-coworking` binary's command line: help, exit codes and one-line errors.

use lernort_cli::testing::{not_utf8, printed, refused, with_bytes};

const PROGRAM: &str = env!("CARGO_BIN_EXE_lernort-coworking");

#[test]
fn help_prints_to_stdout_exit_0() {
    let help = printed(PROGRAM, ["--help"]);
    assert!(
        help.starts_with("Writes the co-working status document"),
        "{help}"
    );
    assert!(help.contains("--centre <DIR>"), "{help}");
}

#[test]
fn a_bad_command_line_is_one_line_exit_2() {
    assert_eq!(
        refused(PROGRAM, ["--out", "x"]),
        "the following required arguments were not provided: <--centre <DIR>|--config <FILE>>"
    );
}

#[test]
fn an_argument_that_is_not_utf8_is_exit_2_naming_it() {
    let args = with_bytes(
        &["--centre=centres/dilas-soest", "--out=x", "--now"],
        b"24.11.2026 10:30 \xe4",
    );
    assert_eq!(
        refused(PROGRAM, &args),
        not_utf8("--now <TIME>", "24.11.2026 10:30 \u{FFFD}")
    );
}
