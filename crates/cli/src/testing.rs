//! For the programs' tests of their command line: run a program's binary and check that it
//! refuses a command line as [`exit`](crate::exit) does, or check a parse error in-process.
//! Each program keeps its own cases; what a refusal looks like is said once, here.
//! Also [`serve_http`], the loopback HTTP server of the tests that fetch sources by URL.

use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::process::Command;

use crate::{is_mistake, message};

/// How a program ended and what it printed (as text, with U+FFFD for bytes that are not
/// UTF-8).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ran {
    /// The exit code; `None` when a signal ended it.
    pub code: Option<i32>,
    /// What it printed on stdout.
    pub stdout: String,
    /// What it printed on stderr.
    pub stderr: String,
}

/// Runs the program at `path` (in a test, `env!("CARGO_BIN_EXE_<name>")`) with `args` and
/// waits for it. Panics when it cannot be started.
pub fn run(path: &str, args: impl IntoIterator<Item = impl AsRef<OsStr>>) -> Ran {
    let output = Command::new(path)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {path}: {e}"));
    Ran {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs the program at `path` with `args` and checks that it succeeded quietly, as after
/// `--help` or `--version`: exit code 0 and nothing on stderr. Returns what it printed on
/// stdout.
#[track_caller]
pub fn printed(path: &str, args: impl IntoIterator<Item = impl AsRef<OsStr>>) -> String {
    let args = owned(args);
    let ran = run(path, &args);
    assert!(
        ran.code == Some(0) && ran.stderr.is_empty(),
        "{args:?}: {ran:?}"
    );
    ran.stdout
}

/// Runs the program at `path` with `args` and checks that it refused the command line as
/// [`exit`](crate::exit) does: exit code 2, nothing on stdout and one line on stderr,
/// `<program>: <message> (see --help)`. Returns the message.
#[track_caller]
pub fn refused(path: &str, args: impl IntoIterator<Item = impl AsRef<OsStr>>) -> String {
    let args = owned(args);
    let ran = run(path, &args);
    let program = Path::new(path)
        .file_name()
        .map_or_else(|| path.into(), OsStr::to_string_lossy);
    let message = ran
        .stderr
        .strip_prefix(&format!("{program}: "))
        .and_then(|rest| rest.strip_suffix(" (see --help)\n"))
        .filter(|message| !message.contains('\n'));
    match message {
        Some(message) if ran.code == Some(2) && ran.stdout.is_empty() => message.to_owned(),
        _ => panic!("{args:?} is not refused as a bad command line: {ran:?}"),
    }
}

/// The one-line message of `error` when it is a bad command line (exit code 2), `None`
/// when it is `--help` or `--version`.
pub fn mistake(error: &clap::Error) -> Option<String> {
    (is_mistake(error) && error.exit_code() == 2).then(|| message(error))
}

/// The message for a value of `option` that is not UTF-8, as [`text`](crate::text) refuses
/// it: `option` as clap names it (`--now <TIME>`), `shown` the value with U+FFFD for the
/// bytes that are not UTF-8.
pub fn not_utf8(option: &str, shown: &str) -> String {
    format!(
        "invalid value '{shown}' for '{option}': \
         not valid UTF-8 text (\u{FFFD} marks the bytes that are not)"
    )
}

/// A command line of `words` and then `bytes`, a last value that need not be UTF-8.
#[cfg(unix)]
pub fn with_bytes(words: &[&str], bytes: &[u8]) -> Vec<OsString> {
    use std::os::unix::ffi::OsStringExt;
    let mut args: Vec<OsString> = words.iter().map(OsString::from).collect();
    args.push(OsString::from_vec(bytes.to_vec()));
    args
}

/// An HTTP server on loopback for tests that fetch by URL: for each connection it reads the
/// request head and writes what `answer` makes of it (a whole response, then it closes), or,
/// when `answer` gives `None`, keeps the connection open without a word until the client
/// gives up. Runs on its own thread for the rest of the test.
pub fn serve_http(
    mut answer: impl FnMut(&str) -> Option<String> + Send + 'static,
) -> std::net::SocketAddr {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                head.push(byte[0]);
            }
            match answer(&String::from_utf8_lossy(&head)) {
                Some(response) => {
                    let _ = stream.write_all(response.as_bytes());
                }
                None => {
                    std::thread::spawn(move || {
                        let _ = stream.read_to_end(&mut Vec::new());
                    });
                }
            }
        }
    });
    addr
}

fn owned(args: impl IntoIterator<Item = impl AsRef<OsStr>>) -> Vec<OsString> {
    args.into_iter().map(|a| a.as_ref().to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A shell command line that prints `stdout` and `stderr` and exits with `code`.
    fn sh(stdout: &str, stderr: &str, code: i32) -> [String; 2] {
        let script = format!("printf '{stdout}'; printf '{stderr}' >&2; exit {code}");
        ["-c".to_owned(), script]
    }

    #[test]
    fn a_refusal_is_exit_2_and_one_line_naming_the_program() {
        let message = refused("/bin/sh", sh("", "sh: no such option (see --help)\\n", 2));
        assert_eq!(message, "no such option");
    }

    #[test]
    fn anything_else_is_not_a_refusal() {
        for (stdout, stderr, code) in [
            ("", "sh: wrong (see --help)\\n", 1),
            ("usage", "sh: wrong (see --help)\\n", 2),
            ("", "sh: wrong\\n", 2),
            ("", "other: wrong (see --help)\\n", 2),
            ("", "sh: wrong\\nUsage: sh (see --help)\\n", 2),
        ] {
            let args = sh(stdout, stderr, code);
            let refusal = std::panic::catch_unwind(|| refused("/bin/sh", &args));
            assert!(refusal.is_err(), "{stdout:?} {stderr:?} {code}");
        }
    }

    #[test]
    fn printed_is_stdout_after_exit_0_and_nothing_on_stderr() {
        assert_eq!(printed("/bin/sh", sh("help", "", 0)), "help");
        for (stderr, code) in [("", 1), ("warning", 0)] {
            let args = sh("help", stderr, code);
            let printed = std::panic::catch_unwind(|| printed("/bin/sh", &args));
            assert!(printed.is_err(), "{stderr:?} {code}");
        }
    }

    #[test]
    fn a_command_line_with_bytes() {
        use std::os::unix::ffi::OsStrExt;
        let args = with_bytes(&["--now"], b"1\xff");
        assert_eq!(args[0], "--now");
        assert_eq!(args[1].as_bytes(), b"1\xff");
        assert_eq!(
            not_utf8("--now <TIME>", &args[1].to_string_lossy()),
            "invalid value '1\u{FFFD}' for '--now <TIME>': ".to_owned() + crate::NOT_UTF8
        );
    }
}
