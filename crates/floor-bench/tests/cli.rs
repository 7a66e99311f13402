//! The `lernort-floor-bench` binary's command line (no benchmark is run here).

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::process::{Command, Output};

fn run(args: &[OsString]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lernort-floor-bench"))
        .args(args)
        .output()
        .expect("run lernort-floor-bench")
}

fn words(args: &[&str]) -> Vec<OsString> {
    args.iter().map(OsString::from).collect()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_lists_the_benchmarks_exit_0() {
    for args in [&["--help"][..], &["help"], &["fanout", "--help"]] {
        let out = run(&words(args));
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let help = text(&out.stdout);
        assert!(help.contains("--steps <N,N,…>"), "{args:?}: {help}");
    }
    let help = text(&run(&words(&["--help"])).stdout);
    for bench in ["fanout", "frames", "render", "latency"] {
        assert!(help.contains(&format!("\n  {bench} ")), "{bench}: {help}");
    }
}

#[test]
fn a_bad_command_line_is_one_line_exit_2() {
    for (args, expected) in [
        (&[][..], "requires a subcommand"),
        (&["fanin"], "unrecognized subcommand 'fanin'"),
        (&["fanout", "--steps", "0"], "no step from 1 to 100000"),
        (
            &["render", "--rate-hz", "500"],
            "not a rate above 0 and at most 200",
        ),
        (
            &["latency", "--seconds"],
            "a value is required for '--seconds <S>'",
        ),
    ] {
        let out = run(&words(args));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("lernort-floor-bench: "), "{err}");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn an_argument_that_is_not_utf8_is_exit_2_naming_it() {
    let mut args = words(&["fanout", "--steps"]);
    args.push(OsString::from_vec(b"500,1000,\xb2000".to_vec()));
    let out = run(&args);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        text(&out.stderr),
        "lernort-floor-bench: invalid value '500,1000,\u{FFFD}000' for '--steps <N,N,…>': \
         not valid UTF-8 text (\u{FFFD} marks the bytes that are not) (see --help)\n"
    );
}
