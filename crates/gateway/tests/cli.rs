//! The binary's exit codes and messages: a bad command line, a config file it cannot use, the caps.

use std::process::Command;

fn gateway(args: &[&str]) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_lernort-gateway"))
        .args(args)
        .output()
        .expect("run the gateway");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_broken_config_file_is_one_line_naming_file_and_line_exit_1() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let file = dir.path().join("gateway.toml");
    std::fs::write(
        &file,
        "# the floor\n[floor]\nmax_rate_hz = 100\nfull_every_ms = \"often\"\n",
    )
    .expect("write config");
    let path = file.to_string_lossy().into_owned();
    let (code, stderr) = gateway(&["--config", &path, "--addr", "127.0.0.1:0"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!("lernort-gateway: {path}:4: ")),
        "{stderr}"
    );

    let missing = dir.path().join("missing.toml");
    let (code, stderr) = gateway(&["--config", &missing.to_string_lossy()]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("cannot read the config file"), "{stderr}");
}

#[test]
fn a_bad_command_line_is_still_exit_2() {
    let (code, stderr) = gateway(&["--config"]);
    assert_eq!(code, Some(2));
    // clap's wording since the command line is parsed by clap (was "--config needs a value").
    assert_eq!(
        stderr,
        "lernort-gateway: a value is required for '--config <FILE>' but none was supplied (see --help)\n"
    );
}

#[test]
fn an_argument_that_is_not_utf8_is_exit_2_naming_it() {
    use std::os::unix::ffi::OsStringExt;
    let output = Command::new(env!("CARGO_BIN_EXE_lernort-gateway"))
        .arg("--addr")
        .arg(std::ffi::OsString::from_vec(b"127.0.0.1:80\xff80".to_vec()))
        .output()
        .expect("run the gateway");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "lernort-gateway: invalid value '127.0.0.1:80\u{FFFD}80' for '--addr <HOST:PORT>': \
         not valid UTF-8 text (\u{FFFD} marks the bytes that are not) (see --help)\n"
    );
}

#[test]
fn help_and_version_print_to_stdout_exit_0() {
    for (flag, start) in [
        ("--help", "Serves the built Lernort app"),
        ("-h", "Serves the built Lernort app"),
        ("--version", "lernort-gateway 0.1.0\n"),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_lernort-gateway"))
            .arg(flag)
            .output()
            .expect("run the gateway");
        assert_eq!(output.status.code(), Some(0), "{flag}");
        assert!(output.stderr.is_empty(), "{flag}");
        let stdout = String::from_utf8_lossy(&output.stdout);
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
    let file = dir.path().join("gateway.toml");
    std::fs::write(&file, "[server]\nmetrics_addr = \"127.0.0.1:0\"\n").expect("write config");
    let config = file.to_string_lossy().into_owned();
    let gateway = env!("CARGO_BIN_EXE_lernort-gateway");
    // The gateway's start lines under `prlimit --nofile=<limits>` (util-linux), up to the
    // one with its caps.
    let started_under = |limits: &str| {
        let nofile = format!("--nofile={limits}");
        let args = [
            nofile.as_str(),
            "--",
            gateway,
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
