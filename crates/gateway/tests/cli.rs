//! The binary's exit codes and messages for a config file it cannot use.

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
    assert_eq!(
        stderr,
        "lernort-gateway: --config needs a value (see --help)\n"
    );
}
