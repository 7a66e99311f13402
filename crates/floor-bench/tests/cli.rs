//! The `lernort-floor-bench` binary's command line (no benchmark is run here).

use lernort_cli::testing::{not_utf8, printed, refused, with_bytes};

const PROGRAM: &str = env!("CARGO_BIN_EXE_lernort-floor-bench");

#[test]
fn help_lists_the_benchmarks_exit_0() {
    for args in [&["--help"][..], &["help"], &["fanout", "--help"]] {
        let help = printed(PROGRAM, args);
        assert!(help.contains("--steps <N,N,…>"), "{args:?}: {help}");
    }
    let help = printed(PROGRAM, ["--help"]);
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
        let message = refused(PROGRAM, args);
        assert!(message.contains(expected), "{args:?}: {message}");
    }
}

#[test]
fn an_argument_that_is_not_utf8_is_exit_2_naming_it() {
    let args = with_bytes(&["fanout", "--steps"], b"500,1000,\xb2000");
    assert_eq!(
        refused(PROGRAM, &args),
        not_utf8("--steps <N,N,…>", "500,1000,\u{FFFD}000")
    );
}
