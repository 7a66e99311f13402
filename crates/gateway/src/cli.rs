//! The command line: `lernort-gateway [--config FILE] [--dist DIR] [--addr HOST:PORT] [--base /sub/path/]`,
//! parsed by clap; the doc comments of [`Options`] are its `--help`.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::Parser;

use crate::base::BasePath;
use crate::config::{Config, ListenAddr};
use crate::config_file::{self, ConfigFileError};

/// Parses the arguments after the program name.
///
/// Options take their value as the next argument or after `=`
/// (`--addr=0.0.0.0:8080`); a later option overrides an earlier one. `--help` and
/// `--version` come back as an error whose [`clap::Error::exit_code`] is 0;
/// [`lernort_cli::exit`] prints either kind.
pub fn parse_args<I, T>(args: I) -> Result<Options, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let program = std::iter::once(OsString::from("lernort-gateway"));
    Options::try_parse_from(program.chain(args.into_iter().map(Into::into)))
}

/// Serves the built Lernort app (the dist folder) and the live sensor floor.
///
/// The options win over the same settings in the config file; what neither sets has the
/// default. Without --config the floor is simulated on centres/dilas-soest/floor.json.
///
/// Under the base path, healthz says whether the app is built and the floor runs, and floor
/// is the live floor (a WebSocket). /metrics and the detailed /healthz answer on this
/// computer only, at 127.0.0.1:9180 unless metrics_addr in the config file says otherwise.
///
/// Ctrl-C or SIGTERM stops the gateway. Exit codes: 0 stopped (also after --help and
/// --version), 1 the config file is broken or serving failed (e.g. the port is in use),
/// 2 the command line is wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq, Parser)]
#[command(name = "lernort-gateway", version, args_override_self = true)]
#[command(verbatim_doc_comment)]
pub struct Options {
    /// Read the settings from this TOML file (see gateway.example.toml)
    #[arg(long = "config", value_name = "FILE")]
    pub config_file: Option<PathBuf>,
    /// The built app to serve [default: dist]
    #[arg(long, value_name = "DIR")]
    pub dist: Option<PathBuf>,
    /// Where to listen; 0.0.0.0:8080 for the whole network
    /// [default: 127.0.0.1:8080]
    #[arg(long, value_name = "HOST:PORT", verbatim_doc_comment)]
    #[arg(value_parser = lernort_cli::text(ListenAddr::parse))]
    pub addr: Option<ListenAddr>,
    /// Serve the app under this path, e.g. /lernort/ [default: /]
    #[arg(long, value_name = "PATH")]
    #[arg(value_parser = lernort_cli::text(BasePath::parse))]
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use clap::error::ErrorKind;
    use clap::CommandFactory;
    use lernort_cli::testing::{mistake, not_utf8, with_bytes};

    use super::*;

    fn parse(args: &[&str]) -> Result<Options, clap::Error> {
        parse_args(args)
    }

    #[test]
    fn the_command_line_is_well_formed() {
        Options::command().debug_assert();
    }

    #[test]
    fn defaults() {
        assert_eq!(parse(&[]).ok(), Some(Options::default()));
        assert_eq!(Options::default().load().ok(), Some(Config::default()));
    }

    #[test]
    fn all_options() {
        let options = parse(&[
            "--dist",
            "out/dist",
            "--addr=0.0.0.0:9000",
            "--base",
            "/lernort/",
        ])
        .expect("valid options");
        let config = options.load().expect("no file to read");
        assert_eq!(config.dist, PathBuf::from("out/dist"));
        assert_eq!(config.addr.to_string(), "0.0.0.0:9000");
        assert_eq!(config.base.as_str(), "/lernort/");
    }

    #[test]
    fn a_later_option_wins() {
        let options = parse(&["--addr", "127.0.0.1:1", "--addr=127.0.0.1:2"]).expect("valid");
        assert_eq!(options.addr.map(|a| a.port), Some(2));
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
        let options =
            parse(&["--config", &file_arg, "--addr", "127.0.0.1:2"]).expect("valid options");
        let config = options.load().expect("valid file");
        assert_eq!(config.dist, PathBuf::from("from-file"));
        assert_eq!(config.addr.to_string(), "127.0.0.1:2");
        assert_eq!(config.floor.max_rate_hz, 7);
    }

    #[test]
    fn help_and_version() {
        let kind = |args: &[&str]| parse(args).map_err(|e| (e.kind(), e.exit_code())).err();
        assert_eq!(kind(&["--help"]), Some((ErrorKind::DisplayHelp, 0)));
        assert_eq!(
            kind(&["--dist", "d", "-h"]),
            Some((ErrorKind::DisplayHelp, 0))
        );
        assert_eq!(kind(&["-V"]), Some((ErrorKind::DisplayVersion, 0)));
        let help = Options::command().render_long_help().to_string();
        assert!(help.contains("--dist <DIR>"), "{help}");
    }

    #[test]
    fn errors_are_one_line() {
        // clap's wording (lernort_cli::message); the program adds "lernort-gateway: " and
        // " (see --help)".
        let cases = [
            (vec!["--port", "80"], "unexpected argument '--port' found"),
            (vec!["serve"], "unexpected argument 'serve' found"),
            (
                vec!["--help=yes"],
                "unexpected value 'yes' for '--help' found; no more were expected",
            ),
            (
                vec!["--dist"],
                "a value is required for '--dist <DIR>' but none was supplied",
            ),
            (
                vec!["--config="],
                "a value is required for '--config <FILE>' but none was supplied",
            ),
            (
                vec!["--addr", "8080"],
                "invalid value '8080' for '--addr <HOST:PORT>': expected HOST:PORT, e.g. 127.0.0.1:8080",
            ),
            (
                vec!["--base", "/a b/"],
                "invalid value '/a b/' for '--base <PATH>': it contains ' ', which is not allowed in a base path",
            ),
        ];
        for (args, message) in cases {
            let error = parse(&args).expect_err("should fail");
            assert_eq!(mistake(&error).as_deref(), Some(message), "{args:?}");
        }
    }

    #[test]
    fn a_path_may_be_any_bytes_but_an_address_must_be_text() {
        let args = with_bytes(&["--dist"], b"dist-\xff");
        let options = parse_args(args.clone()).expect("a path");
        assert_eq!(options.dist.as_deref(), Some(Path::new(&args[1])));

        let error = parse_args(with_bytes(&["--addr"], b"dist-\xff")).expect_err("not text");
        assert_eq!(
            mistake(&error),
            Some(not_utf8("--addr <HOST:PORT>", "dist-\u{FFFD}"))
        );
    }
}
