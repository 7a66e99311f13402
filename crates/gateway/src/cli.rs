//! The command line: `lernort-gateway [--config FILE] [--dist DIR] [--addr HOST:PORT] [--base /sub/path/]`.

use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;

use crate::base::{BasePath, BasePathError};
use crate::config::{AddrError, Config, ListenAddr};
use crate::config_file::{self, ConfigFileError};

/// The text `--help` prints.
pub const USAGE: &str = "\
lernort-gateway: serves the built Lernort app (Trunk's dist/) and the live sensor floor

Usage: lernort-gateway [--config FILE] [--dist DIR] [--addr HOST:PORT] [--base /sub/path/]

Options:
  --config FILE      read settings from this TOML file (see gateway.example.toml);
                     the options below win over it
  --dist DIR         the built app to serve (default: dist)
  --addr HOST:PORT   where to listen (default: 127.0.0.1:8080; 0.0.0.0:8080 for the whole network)
  --base PATH        serve the app under this path prefix, e.g. /lernort/ (default: /)
  -h, --help         print this help
  -V, --version      print the version

GET <base>healthz reports whether the app is built and the floor runs, <base>metrics
counts the floor's clients and frames, <base>floor is the live floor (WebSocket).
Without --config the floor is simulated on centres/dilas-soest/floor.json.
Ctrl-C or SIGTERM stops the gateway.
";

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Serve with these settings (see [`Options::load`]).
    Run(Options),
    /// Print [`USAGE`].
    Help,
    /// Print the version.
    Version,
}

/// Parses the arguments after the program name.
///
/// Options take their value as the next argument or after `=`
/// (`--addr=0.0.0.0:8080`); a later option overrides an earlier one.
pub fn parse_args<I>(args: I) -> Result<Command, CliError>
where
    I: IntoIterator<Item = OsString>,
{
    let mut options = Options::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let Some(text) = arg.to_str() else {
            return Err(CliError::UnknownArgument(
                arg.to_string_lossy().into_owned(),
            ));
        };
        let (name, inline) = match text.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name, Some(OsString::from(value))),
            _ => (text, None),
        };
        let option = match name {
            "-h" | "--help" if inline.is_none() => return Ok(Command::Help),
            "-V" | "--version" if inline.is_none() => return Ok(Command::Version),
            "--config" => Opt::Config,
            "--dist" => Opt::Dist,
            "--addr" => Opt::Addr,
            "--base" => Opt::Base,
            _ => return Err(CliError::UnknownArgument(text.to_owned())),
        };
        let value = match inline.or_else(|| args.next()) {
            Some(value) => value,
            None => return Err(CliError::MissingValue(option.name())),
        };
        match option {
            Opt::Config | Opt::Dist => {
                if value.is_empty() {
                    return Err(CliError::MissingValue(option.name()));
                }
                let path = Some(PathBuf::from(value));
                if matches!(option, Opt::Config) {
                    options.config_file = path;
                } else {
                    options.dist = path;
                }
            }
            Opt::Addr => {
                let text = utf8(&value, option)?;
                options.addr = Some(
                    ListenAddr::parse(text)
                        .map_err(|reason| CliError::InvalidAddr(text.to_owned(), reason))?,
                );
            }
            Opt::Base => {
                let text = utf8(&value, option)?;
                options.base = Some(
                    BasePath::parse(text)
                        .map_err(|reason| CliError::InvalidBase(text.to_owned(), reason))?,
                );
            }
        }
    }
    Ok(Command::Run(options))
}

/// The settings given on the command line; what is not given comes from the config
/// file, or is the default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// `--config FILE`.
    pub config_file: Option<PathBuf>,
    /// `--dist DIR`.
    pub dist: Option<PathBuf>,
    /// `--addr HOST:PORT`.
    pub addr: Option<ListenAddr>,
    /// `--base PATH`.
    pub base: Option<BasePath>,
}

impl Options {
    /// The settings to run with: the config file (if any) read, then the command line's
    /// options put over it.
    pub fn load(self) -> Result<Config, ConfigFileError> {
        let config = match &self.config_file {
            Some(path) => config_file::load(path)?,
            None => Config::default(),
        };
        Ok(self.over(config))
    }

    /// `config` with the options given on the command line put over it.
    pub fn over(self, config: Config) -> Config {
        Config {
            dist: self.dist.unwrap_or(config.dist),
            addr: self.addr.unwrap_or(config.addr),
            base: self.base.unwrap_or(config.base),
            ..config
        }
    }
}

#[derive(Clone, Copy)]
enum Opt {
    Config,
    Dist,
    Addr,
    Base,
}

impl Opt {
    fn name(self) -> &'static str {
        match self {
            Opt::Config => "--config",
            Opt::Dist => "--dist",
            Opt::Addr => "--addr",
            Opt::Base => "--base",
        }
    }
}

fn utf8(value: &OsString, option: Opt) -> Result<&str, CliError> {
    value.to_str().ok_or(CliError::NotUnicode(option.name()))
}

/// A command line that cannot be followed (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CliError {
    /// An argument that is not one of the options.
    UnknownArgument(String),
    /// An option given without its value.
    MissingValue(&'static str),
    /// A value that is not valid Unicode where text is needed.
    NotUnicode(&'static str),
    /// A malformed `--addr`.
    InvalidAddr(String, AddrError),
    /// A malformed `--base`.
    InvalidBase(String, BasePathError),
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::UnknownArgument(arg) => {
                write!(f, "unknown argument '{arg}' (see --help)")
            }
            CliError::MissingValue(option) => write!(f, "{option} needs a value (see --help)"),
            CliError::NotUnicode(option) => write!(f, "the value of {option} is not valid text"),
            CliError::InvalidAddr(value, reason) => {
                write!(f, "invalid --addr '{value}': {reason}")
            }
            CliError::InvalidBase(value, reason) => {
                write!(f, "invalid --base '{value}': {reason}")
            }
        }
    }
}

impl std::error::Error for CliError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CliError::InvalidAddr(_, reason) => Some(reason),
            CliError::InvalidBase(_, reason) => Some(reason),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command, CliError> {
        parse_args(args.iter().map(OsString::from))
    }

    #[test]
    fn defaults() {
        assert_eq!(parse(&[]), Ok(Command::Run(Options::default())));
        assert_eq!(Options::default().load().ok(), Some(Config::default()));
    }

    #[test]
    fn all_options() {
        let Ok(Command::Run(options)) = parse(&[
            "--dist",
            "out/dist",
            "--addr=0.0.0.0:9000",
            "--base",
            "/lernort/",
        ]) else {
            panic!("expected a run command");
        };
        let config = options.load().expect("no file to read");
        assert_eq!(config.dist, PathBuf::from("out/dist"));
        assert_eq!(config.addr.to_string(), "0.0.0.0:9000");
        assert_eq!(config.base.as_str(), "/lernort/");
    }

    #[test]
    fn the_command_line_wins_over_the_file() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let file = dir.path().join("gateway.toml");
        std::fs::write(
            &file,
            "dist = \"from-file\"\naddr = \"0.0.0.0:1\"\n[floor]\nmax_rate_hz = 7\n",
        )
        .expect("write config");
        let file_arg = file.to_string_lossy().into_owned();
        let Ok(Command::Run(options)) = parse(&["--config", &file_arg, "--addr", "127.0.0.1:2"])
        else {
            panic!("expected a run command");
        };
        let config = options.load().expect("valid file");
        assert_eq!(config.dist, PathBuf::from("from-file"));
        assert_eq!(config.addr.to_string(), "127.0.0.1:2");
        assert_eq!(config.floor.max_rate_hz, 7);
    }

    #[test]
    fn help_and_version() {
        assert_eq!(parse(&["--help"]), Ok(Command::Help));
        assert_eq!(parse(&["--dist", "d", "-h"]), Ok(Command::Help));
        assert_eq!(parse(&["-V"]), Ok(Command::Version));
        assert!(USAGE.contains("--dist DIR"));
    }

    #[test]
    fn errors_are_one_line() {
        let cases = [
            (
                vec!["--port", "80"],
                "unknown argument '--port' (see --help)",
            ),
            (vec!["serve"], "unknown argument 'serve' (see --help)"),
            (
                vec!["--help=yes"],
                "unknown argument '--help=yes' (see --help)",
            ),
            (vec!["--dist"], "--dist needs a value (see --help)"),
            (
                vec!["--addr", "8080"],
                "invalid --addr '8080': expected HOST:PORT, e.g. 127.0.0.1:8080",
            ),
            (
                vec!["--base", "/a b/"],
                "invalid --base '/a b/': it contains ' ', which is not allowed in a base path",
            ),
        ];
        for (args, message) in cases {
            let error = parse(&args).expect_err("should fail");
            assert_eq!(error.to_string(), message);
            assert!(!error.to_string().contains('\n'));
        }
    }
}
