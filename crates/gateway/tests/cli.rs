//! The binary's exit codes and messages: a bad command line, a config file it cannot use, the caps.

use std::process::Command;

use lernort_cli::testing::{not_utf8, printed, refused, run, with_bytes};

const GATEWAY: &str = env!("CARGO_BIN_EXE_lernort-gateway");

/// Writes `text` as `gateway.toml` in `dir` and returns its path as an argument.
fn config_file(dir: &tempfile::TempDir, text: &str) -> String {
    let file = dir.path().join("gateway.toml");
    std::fs::write(&file, text).expect("write config");
    file.to_string_lossy().into_owned()
}

/// Runs the gateway with `args` and checks that it failed (exit code 1) with one line on
/// stderr; returns what it printed there.
fn failed(args: &[&str]) -> String {
    let ran = run(GATEWAY, args);
    assert_eq!(ran.code, Some(1), "{args:?}: {ran:?}");
    assert_eq!(ran.stderr.lines().count(), 1, "{args:?}: {ran:?}");
    ran.stderr
}

#[test]
fn a_broken_config_file_is_one_line_naming_file_and_line_exit_1() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = config_file(
        &dir,
        "# the floor\n[floor]\nmax_rate_hz = 100\nfull_every_ms = \"often\"\n",
    );
    let stderr = failed(&["--config", &path, "--addr", "127.0.0.1:0"]);
    assert!(
        stderr.starts_with(&format!("lernort-gateway: {path}:4: ")),
        "{stderr}"
    );

    let missing = dir.path().join("missing.toml");
    let stderr = failed(&["--config", &missing.to_string_lossy()]);
    assert!(stderr.contains("cannot read the config file"), "{stderr}");
}

#[test]
fn a_bad_command_line_is_still_exit_2() {
    // clap's wording since the command line is parsed by clap (was "--config needs a value").
    assert_eq!(
        refused(GATEWAY, ["--config"]),
        "a value is required for '--config <FILE>' but none was supplied"
    );
}

#[test]
fn an_argument_that_is_not_utf8_is_exit_2_naming_it() {
    let args = with_bytes(&["--addr"], b"127.0.0.1:80\xff80");
    assert_eq!(
        refused(GATEWAY, &args),
        not_utf8("--addr <HOST:PORT>", "127.0.0.1:80\u{FFFD}80")
    );
}

#[test]
fn help_and_version_print_to_stdout_exit_0() {
    for (flag, start) in [
        ("--help", "Serves the built Lernort app"),
        ("-h", "Serves the built Lernort app"),
        ("--version", "lernort-gateway 0.1.0\n"),
    ] {
        let stdout = printed(GATEWAY, [flag]);
        assert!(stdout.starts_with(start), "{flag}: {stdout}");
    }
}

/// The first lines the gateway prints, up to and including the one starting `until`;
/// the gateway is stopped after that.
fn start_lines(program: &str, args: &[&str], until: &str) -> Vec<String> {
    use std::io::BufRead;
    let mut child = Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start the gateway");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = Vec::new();
    for line in std::io::BufReader::new(stdout).lines() {
        let line = line.expect("a line");
        let done = line.starts_with(until);
        lines.push(line);
        if done {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    lines
}

#[test]
fn the_caps_follow_the_open_files_limit_and_are_printed() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let config = config_file(&dir, "[server]\nmetrics_addr = \"127.0.0.1:0\"\n");
    // The gateway's start lines under `prlimit --nofile=<limits>` (util-linux), up to the
    // one with its caps.
    let started_under = |limits: &str| {
        let nofile = format!("--nofile={limits}");
        let args = [
            nofile.as_str(),
            "--",
            GATEWAY,
            "--config",
            &config,
            "--addr",
            "127.0.0.1:0",
        ];
        start_lines("prlimit", &args, "lernort-gateway: limits:")
    };
    // Soft and hard limit both 256: the gateway cannot raise it further.
    let lines = started_under("256:256");
    let limits = lines.last().expect("a limits line");
    assert_eq!(
        limits,
        "lernort-gateway: limits: 192 connections, 96 per client (open files: 256), request head within 10000 ms, idle 60000 ms",
        "{lines:?}"
    );

    // A soft limit below the hard one is raised to it.
    let lines = started_under("300:512");
    assert!(
        lines
            .last()
            .is_some_and(|l| l.contains("448 connections, 224 per client (open files: 512)")),
        "{lines:?}"
    );
}
