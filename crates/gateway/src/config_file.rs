//! The config file, `lernort-gateway --config gateway.toml` (TOML).
//!
//! Every key is optional; `crates/gateway/gateway.example.toml` lists them all with their
//! defaults, and docs/gateway.md explains them. Unknown keys are errors, so a typo does
//! not silently fall back to a default. Relative paths are relative to the working
//! directory, as on the command line.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::base::BasePath;
use crate::config::{Config, CoworkingConfig, FloorConfig, Limits, ListenAddr, ServerLimits};

/// The file's shape: the command line's settings at the top, then the sections.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    dist: Option<PathBuf>,
    addr: Option<ListenAddr>,
    base: Option<BasePath>,
    #[serde(default)]
    floor: FloorConfig,
    #[serde(default)]
    limits: Limits,
    #[serde(default)]
    server: ServerLimits,
    #[serde(default)]
    coworking: Option<CoworkingConfig>,
}

/// Reads and checks the config file at `path`.
pub fn load(path: &Path) -> Result<Config, ConfigFileError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigFileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(path, &text)
}

/// Reads a config file's text; `path` only names the file in errors.
pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigFileError> {
    let file: File = toml::from_str(text).map_err(|error| {
        let line = error
            .span()
            .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
        let message = error
            .message()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        ConfigFileError::Invalid {
            path: path.to_path_buf(),
            line,
            message,
        }
    })?;
    let floor = &file.floor;
    let checked = [
        ("floor.source", floor.source.check()),
        (
            "floor.publish",
            floor
                .publish
                .as_ref()
                .map_or(Ok(()), |publish| publish.check_publishing(&floor.source)),
        ),
    ];
    for (section, check) in checked {
        if let Err(error) = check {
            return Err(ConfigFileError::Invalid {
                path: path.to_path_buf(),
                line: section_line(text, section),
                message: error.to_string(),
            });
        }
    }
    let defaults = Config::default();
    Ok(Config {
        dist: file.dist.unwrap_or(defaults.dist),
        addr: file.addr.unwrap_or(defaults.addr),
        base: file.base.unwrap_or(defaults.base),
        floor: file.floor,
        limits: file.limits,
        server: file.server,
        coworking: file.coworking,
    })
}

/// The line (from 1) of the table header `[name]`, if the text has one.
fn section_line(text: &str, name: &str) -> Option<usize> {
    let header = format!("[{name}]");
    text.lines()
        .position(|line| line.split('#').next().unwrap_or("").trim().replace(' ', "") == header)
        .map(|index| index + 1)
}

/// Why the config file cannot be used (exit code 1). Its `Display` is one line:
/// `gateway.toml:7: unknown field `max_clent`, expected …`.
#[derive(Debug)]
pub enum ConfigFileError {
    /// The file cannot be read.
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The file is not valid TOML or breaks a rule.
    Invalid {
        /// The file.
        path: PathBuf,
        /// The line (from 1) the problem is on, when known.
        line: Option<usize>,
        /// The problem.
        message: String,
    },
}

impl fmt::Display for ConfigFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigFileError::Read { path, source } => {
                write!(
                    f,
                    "cannot read the config file {}: {source}",
                    path.display()
                )
            }
            ConfigFileError::Invalid {
                path,
                line: Some(line),
                message,
            } => write!(f, "{}:{line}: {message}", path.display()),
            ConfigFileError::Invalid {
                path,
                line: None,
                message,
            } => write!(f, "{}: {message}", path.display()),
        }
    }
}

impl std::error::Error for ConfigFileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigFileError::Read { source, .. } => Some(source),
            ConfigFileError::Invalid { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{AllowedOrigin, MetricsAddr};
    use lernort_floor_sources::{SensfloorConfig, SourceConfig};

    const EXAMPLE: &str = include_str!("../gateway.example.toml");

    fn parse_text(text: &str) -> Result<Config, ConfigFileError> {
        parse(Path::new("gateway.toml"), text)
    }

    fn error_text(text: &str) -> String {
        let error = parse_text(text).expect_err("should be rejected");
        let shown = error.to_string();
        assert!(!shown.contains('\n'), "{shown}");
        shown
    }

    #[test]
    fn the_example_is_the_defaults() {
        let config = parse_text(EXAMPLE).expect("the example parses");
        assert_eq!(config, Config::default());
        assert_eq!(parse_text("").expect("empty is fine"), Config::default());
    }

    #[test]
    fn every_key() {
        let config = parse_text(
            r#"
dist = "/srv/lernort/dist"
addr = "0.0.0.0:9000"
base = "/lernort/"

[floor]
layout = "/etc/lernort/floor.json"
max_rate_hz = 50
full_every_ms = 2000

[floor.source]
kind = "sensfloor"
tcp = "192.168.1.50:4000"

[limits]
max_clients = 500
allowed_origins = ["https://lernort.example.org", "HTTP://Localhost:3000"]
max_message_size = 256
send_timeout_ms = 1000
max_send_timeouts = 2
frame_backlog = 32

[server]
header_timeout_ms = 5000
idle_timeout_ms = 30000
max_connections = 4000
max_connections_per_client = 1000
max_body_bytes = 0
metrics_addr = "[::1]:9999"

[coworking]
config = "/srv/lernort/centre/coworking/spaces.json"
history = "/var/lib/lernort/coworking-history.json"
sample_every_s = 30
"#,
        )
        .expect("valid");
        assert_eq!(config.dist, PathBuf::from("/srv/lernort/dist"));
        assert_eq!(config.addr.to_string(), "0.0.0.0:9000");
        assert_eq!(config.base.as_str(), "/lernort/");
        assert_eq!(
            config.floor.layout,
            PathBuf::from("/etc/lernort/floor.json")
        );
        assert_eq!(config.floor.max_rate_hz, 50);
        assert_eq!(config.floor.full_every_ms, 2000);
        assert!(matches!(
            config.floor.source,
            SourceConfig::Sensfloor(SensfloorConfig { ref tcp, .. }) if tcp.as_deref() == Some("192.168.1.50:4000")
        ));
        assert_eq!(config.limits.max_clients, 500);
        assert_eq!(
            config.limits.allowed_origins,
            vec![
                AllowedOrigin::parse("https://lernort.example.org:443").expect("valid"),
                AllowedOrigin::parse("http://localhost:3000").expect("valid"),
            ]
        );
        assert_eq!(config.limits.max_message_size, 256);
        assert_eq!(config.limits.send_timeout_ms, 1000);
        assert_eq!(config.limits.max_send_timeouts, 2);
        assert_eq!(config.limits.frame_backlog, 32);
        assert_eq!(
            config.server,
            ServerLimits {
                header_timeout_ms: 5000,
                idle_timeout_ms: 30_000,
                max_connections: Some(4000),
                max_connections_per_client: 1000,
                max_body_bytes: 0,
                metrics_addr: MetricsAddr::At(ListenAddr::parse("[::1]:9999").expect("valid")),
            }
        );
        assert_eq!(config.server.caps(1 << 20), (4000, 1000));
        assert_eq!(
            config.coworking,
            Some(CoworkingConfig {
                config: PathBuf::from("/srv/lernort/centre/coworking/spaces.json"),
                history: Some(PathBuf::from("/var/lib/lernort/coworking-history.json")),
                sample_every_s: 30,
                bookings_refresh_s: 300,
                bookings_timeout_s: 30,
            })
        );
    }

    #[test]
    fn errors_name_the_file_and_line() {
        assert_eq!(
            error_text("[floor]\nmax_rate_hz = 100\n\n[limits]\nmax_clent = 5\n"),
            "gateway.toml:5: unknown field `max_clent`, expected one of `max_clients`, `allowed_origins`, `allowed_hosts`, `max_message_size`, `send_timeout_ms`, `max_send_timeouts`, `frame_backlog`, `send_buffer_bytes`"
        );
        assert_eq!(
            error_text("[floor]\n\nmax_rate_hz = 0\n"),
            "gateway.toml:3: max_rate_hz must be from 1 to 10000, not 0"
        );
        assert_eq!(
            error_text("addr = \"8080\"\n"),
            "gateway.toml:1: invalid addr '8080': expected HOST:PORT, e.g. 127.0.0.1:8080"
        );
        assert!(
            error_text("[limits]\nallowed_origins = [\"lernort.example.org\"]\n")
                .starts_with("gateway.toml:2: 'lernort.example.org': an origin is written")
        );
        assert!(error_text("[floor\nlayout = 1\n").starts_with("gateway.toml:1: "));
        assert!(error_text("[limits]\nmax_clients = \"many\"\n").starts_with("gateway.toml:2: "));
        assert!(error_text("[coworking]\nhistory = \"h.json\"\n")
            .starts_with("gateway.toml:1: missing field `config`"));
        assert_eq!(
            error_text("[coworking]\nconfig = \"s.json\"\nsample_every_s = 1\n"),
            "gateway.toml:3: sample_every_s must be from 10 to 3600, not 1"
        );
        assert_eq!(
            error_text("[server]\nheader_timeout_ms = 0\n"),
            "gateway.toml:2: header_timeout_ms must be from 100 to 600000, not 0"
        );
        assert_eq!(
            error_text("[server]\nmetrics_addr = \"0.0.0.0:9180\"\n"),
            "gateway.toml:2: metrics_addr '0.0.0.0:9180' is not a loopback address: write e.g. \"127.0.0.1:9180\" (the counters are not public; a proxy with access control may pass them on), or \"off\""
        );
        assert_eq!(
            parse_text("[server]\nmetrics_addr = \"off\"\n")
                .expect("valid")
                .server
                .metrics_addr,
            MetricsAddr::Off
        );
        let minimal = parse_text("[coworking]\nconfig = \"s.json\"\n").expect("valid");
        let coworking = minimal.coworking.expect("configured");
        assert_eq!((coworking.history, coworking.sample_every_s), (None, 60));
        let source = error_text("[floor.source]\nkind = \"carpet\"\n");
        assert!(source.starts_with("gateway.toml:"), "{source}");
        assert!(source.contains("carpet"), "{source}");
        assert_eq!(
            error_text("[limits]\n\n[floor.source]\nkind = \"sensfloor\"\n"),
            "gateway.toml:3: sensfloor source needs exactly one of `tcp` and `serial`"
        );
    }

    #[test]
    fn publishing_and_relaying() {
        let publishing =
            parse_text("[floor.publish]\nhost = \"broker\"\ntopic = \"dilas/floor/frames\"\n")
                .expect("valid");
        let publish = publishing.floor.publish.expect("publishes");
        assert_eq!((publish.host.as_str(), publish.port), ("broker", 1883));
        assert_eq!(publishing.floor.source, SourceConfig::default());
        let relaying = parse_text(
            "[floor.source]\nkind = \"broker\"\nhost = \"broker\"\ntopic = \"dilas/floor/frames\"\n",
        )
        .expect("valid");
        assert!(matches!(relaying.floor.source, SourceConfig::Broker(_)));
        assert_eq!(
            error_text("[floor.publish]\nhost = \"broker\"\ntopic = \"dilas/#\"\n"),
            "gateway.toml:1: mqtt topic \"dilas/#\" is not valid"
        );
        assert_eq!(
            error_text(
                "[floor.source]\nkind = \"broker\"\nhost = \"b\"\ntopic = \"t\"\n\n\
                 [floor.publish]\nhost = \"b\"\ntopic = \"t\"\n"
            ),
            "gateway.toml:6: floor.publish: a gateway whose source is `broker` does not publish again"
        );
    }

    #[test]
    fn a_missing_file_is_one_line() {
        let error = load(Path::new("/nonexistent/gateway.toml")).expect_err("missing");
        let shown = error.to_string();
        assert!(
            shown.starts_with("cannot read the config file /nonexistent/gateway.toml: "),
            "{shown}"
        );
        assert!(!shown.contains('\n'));
    }
}
