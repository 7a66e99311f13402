//! The command line of Lernort's native programs (`lernort-gateway`, `lernort-dist`,
//! `lernort-import`, `lernort-coworking`, `lernort-floor-bench`): one parser, clap with
//! derive, so every program has the same syntax (`--name value` or `--name=value`, `--`
//! before a path that starts with `-`), a generated `--help` (the doc comments of its
//! clap structs) and `-V`/`--version`.
//!
//! What this crate adds to clap is the one way the programs fail:
//!
//! * [`exit`]: `--help` and `--version` print to stdout and end with exit code 0; a bad
//!   command line is **one line** on stderr, `<program>: <what is wrong> (see --help)`,
//!   and exit code 2 (clap's own message prints the usage and a hint on further lines);
//! * [`message`]: that line's text, for tests and for programs that report it themselves;
//! * [`text`]: the value parser for options whose value must be text (addresses, times,
//!   numbers). A value that is not UTF-8 is refused naming the option and showing the
//!   value, instead of clap's "invalid UTF-8 was detected in one or more arguments".
//!   Paths need no such parser: they may be any bytes.
//!
//! [`testing`] has the checks the programs' tests share: a binary run with a bad command
//! line is refused in that one way.
//!
//! ```
//! use clap::Parser;
//!
//! /// Says hello.
//! #[derive(Parser)]
//! #[command(name = "hello")]
//! struct Hello {
//!     /// How often.
//!     #[arg(long, value_parser = lernort_cli::text(|t: &str| t.parse::<u8>()))]
//!     times: u8,
//! }
//!
//! let error = Hello::try_parse_from(["hello", "--times", "many"]).err().unwrap();
//! assert_eq!(
//!     lernort_cli::message(&error),
//!     "invalid value 'many' for '--times <TIMES>': invalid digit found in string"
//! );
//! ```

#![warn(missing_docs)]

use std::error::Error as StdError;
use std::ffi::OsString;
use std::process::ExitCode;

use clap::builder::{OsStringValueParser, TypedValueParser};
use clap::error::ErrorKind;

pub mod testing;

/// Why [`text`] refuses a value that is not UTF-8.
pub const NOT_UTF8: &str = "not valid UTF-8 text (\u{FFFD} marks the bytes that are not)";

/// Ends a program whose command line clap did not accept: prints `error` and returns the
/// exit code.
///
/// `--help` and `--version` print to stdout: exit code 0. A bad command line prints
/// `<program>: <message> (see --help)` as one line on stderr: exit code 2.
pub fn exit(program: &str, error: &clap::Error) -> ExitCode {
    if is_mistake(error) {
        eprintln!("{program}: {} (see --help)", message(error));
        return ExitCode::from(2);
    }
    // The help, the version, or the help clap shows instead of an error (none of the
    // programs asks for that).
    let _ = error.print();
    ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2))
}

/// Whether `error` is a bad command line, not `--help` or `--version`.
fn is_mistake(error: &clap::Error) -> bool {
    error.use_stderr() && error.kind() != ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
}

/// clap's message for a bad command line as one line, without clap's "error: ", the usage
/// and the "For more information" hint; clap's tip, when it has one, follows after "; ".
///
/// ```text
/// a value is required for '--config <FILE>' but none was supplied
/// the following required arguments were not provided: --centre <CENTRE_DIR>
/// unrecognized subcommand 'finsh'; tip: a similar subcommand exists: 'finish'
/// ```
pub fn message(error: &clap::Error) -> String {
    let rendered = error.render().to_string();
    let parts: Vec<String> = rendered
        .split("\n\n")
        .map(str::trim)
        .filter(|part| {
            !part.is_empty()
                && !part.starts_with("Usage:")
                && !part.starts_with("For more information")
        })
        .map(|part| part.lines().map(str::trim).collect::<Vec<_>>().join(" "))
        .collect();
    let line = parts.join("; ");
    match line.strip_prefix("error: ") {
        Some(rest) => rest.to_owned(),
        None => line,
    }
}

/// A value parser for an option whose value must be text: `parse` reads the text, and its
/// error is shown as clap shows a value's error (`invalid value 'x' for '--now <TIME>':
/// reason`). A value that is not UTF-8 gets the same form with the reason [`NOT_UTF8`].
pub fn text<T, E, F>(parse: F) -> impl TypedValueParser<Value = T>
where
    T: Clone + Send + Sync + 'static,
    E: Into<Box<dyn StdError + Send + Sync>>,
    F: Fn(&str) -> Result<T, E> + Clone + Send + Sync + 'static,
{
    OsStringValueParser::new().try_map(move |value: OsString| match value.to_str() {
        Some(text) => parse(text).map_err(Into::into),
        None => Err(NOT_UTF8.into()),
    })
}

#[cfg(test)]
mod tests {
    use std::os::unix::ffi::OsStringExt;

    use clap::{Parser, Subcommand};

    use super::*;

    /// Tries things.
    #[derive(Parser, Debug)]
    #[command(name = "try-it", version)]
    struct Try {
        /// Where.
        #[arg(long, value_name = "HOST:PORT", value_parser = text(addr))]
        addr: Option<String>,
        /// How many.
        #[arg(long, value_parser = text(|t: &str| t.parse::<u32>()))]
        count: Option<u32>,
        /// A file.
        #[arg(long, value_name = "FILE")]
        config: Option<std::path::PathBuf>,
        #[command(subcommand)]
        command: Option<Step>,
    }

    #[derive(Subcommand, Debug)]
    enum Step {
        /// Finish.
        Finish {
            /// The folder.
            dist: std::path::PathBuf,
            /// The centre.
            #[arg(long, value_name = "CENTRE_DIR")]
            centre: std::path::PathBuf,
        },
    }

    fn addr(text: &str) -> Result<String, String> {
        match text.contains(':') {
            true => Ok(text.to_owned()),
            false => Err("expected HOST:PORT".to_owned()),
        }
    }

    fn error(args: Vec<OsString>) -> clap::Error {
        let mut all = vec![OsString::from("try-it")];
        all.extend(args);
        Try::try_parse_from(all).expect_err("should fail")
    }

    fn words(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn messages_are_one_line() {
        for (args, expected) in [
            (&["--port"][..], "unexpected argument '--port' found"),
            (
                &["--conifg", "x"],
                "unexpected argument '--conifg' found; tip: a similar argument exists: '--config'",
            ),
            (
                &["--config"],
                "a value is required for '--config <FILE>' but none was supplied",
            ),
            (
                &["--addr", "8080"],
                "invalid value '8080' for '--addr <HOST:PORT>': expected HOST:PORT",
            ),
            (
                &["finish", "d"],
                "the following required arguments were not provided: --centre <CENTRE_DIR>",
            ),
        ] {
            let error = error(words(args));
            assert!(is_mistake(&error), "{args:?}");
            assert_eq!(message(&error), expected, "{args:?}");
        }
    }

    #[test]
    fn a_value_that_is_not_utf8_is_named() {
        for (option, shown) in [("--addr", "<HOST:PORT>"), ("--count", "<COUNT>")] {
            let args = vec![
                OsString::from(option),
                OsString::from_vec(b"80\xff".to_vec()),
            ];
            let error = error(args);
            assert_eq!(error.kind(), ErrorKind::ValueValidation);
            assert_eq!(error.exit_code(), 2);
            assert_eq!(
                message(&error),
                format!("invalid value '80\u{FFFD}' for '{option} {shown}': {NOT_UTF8}")
            );
        }
        // A path may be any bytes.
        let path = OsString::from_vec(b"gateway-\xff.toml".to_vec());
        let args = [OsString::from("try-it"), OsString::from("--config"), path];
        let parsed = Try::try_parse_from(args.clone()).expect("a path");
        assert_eq!(parsed.config.map(OsString::from), Some(args[2].clone()));
    }

    #[test]
    fn help_and_version_are_not_mistakes() {
        for flag in ["--help", "-h", "--version", "-V"] {
            let error = error(words(&[flag]));
            assert!(!is_mistake(&error), "{flag}");
            assert_eq!(error.exit_code(), 0, "{flag}");
        }
        assert!(error(words(&["--version"]))
            .render()
            .to_string()
            .starts_with("try-it "));
    }
}
