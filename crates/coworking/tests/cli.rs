//! The `lernort-coworking` binary's command line: help, exit codes and one-line errors.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::process::{Command, Output};

fn run(args: &[OsString]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lernort-coworking"))
        .args(args)
        .output()
        .expect("run lernort-coworking")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_prints_to_stdout_exit_0() {
    let out = run(&[OsString::from("--help")]);
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    assert!(
        help.starts_with("Writes the co-working status document"),
        "{help}"
    );
    assert!(help.contains("--centre <DIR>"), "{help}");
}

#[test]
fn a_bad_command_line_is_one_line_exit_2() {
    let out = run(&[OsString::from("--out"), OsString::from("x")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        text(&out.stderr),
        "lernort-coworking: the following required arguments were not provided: \
         <--centre <DIR>|--config <FILE>> (see --help)\n"
    );
}

#[test]
fn an_argument_that_is_not_utf8_is_exit_2_naming_it() {
    let out = run(&[
        OsString::from("--centre=centres/dilas-soest"),
        OsString::from("--out=x"),
        OsString::from("--now"),
        OsString::from_vec(b"24.11.2026 10:30 \xe4".to_vec()),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        text(&out.stderr),
        "lernort-coworking: invalid value '24.11.2026 10:30 \u{FFFD}' for '--now <TIME>': \
         not valid UTF-8 text (\u{FFFD} marks the bytes that are not) (see --help)\n"
    );
}
