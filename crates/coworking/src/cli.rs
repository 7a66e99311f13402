//! `lernort-coworking`: writes the status document once, for hosting without a gateway.
//!
//! ```text
//! lernort-coworking --centre centres/dilas-soest --out dist/api/coworking [--now 2026-11-24T10:30:00+01:00]
//!                   [--config FILE] [--history FILE]
//! ```
//!
//! Reads `<centre>/coworking/spaces.json` (or `--config`), its calendars and the centre's
//! opening hours, derives the status at `--now` (default: the system clock) **without
//! floor presence** (a static job has no floor), adds the load from `--history` (default:
//! `history.json` beside the config, when there is one) and writes the JSON to `--out`
//! through a temporary file and a rename, so a web server never serves half a file. Run
//! it from cron every minute (docs/coworking-format.md).

use std::collections::HashMap;
use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;

use clap::{ArgGroup, Parser};

use crate::config::FILE_NAME;
use crate::derive::{Sources, SourcesError};
use crate::history::{History, HistoryError};

/// The command line, resolved: what [`run`] needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The co-working config.
    pub config: PathBuf,
    /// Where to write the document.
    pub out: PathBuf,
    /// The moment (Unix seconds); `None`: now.
    pub now: Option<i64>,
    /// The load history; `None`: `history.json` beside the config, if it exists.
    pub history: Option<PathBuf>,
}

/// Writes the co-working status document once, for hosting without the gateway.
///
/// Reads the spaces (coworking/spaces.json in the centre's folder, or --config), their
/// booking calendars and the centre's opening hours; works out the status at --now
/// without the sensor floor (this job has none); adds the typical load from --history;
/// writes the document to --out through a temporary file, so a web server never serves
/// half a file. Run it every minute from cron. See docs/coworking-format.md.
///
/// Exit codes: 0 written, 1 failed (a file cannot be read or written), 2 the command
/// line is wrong.
#[derive(Debug, Parser)]
#[command(name = "lernort-coworking", version, args_override_self = true)]
#[command(verbatim_doc_comment)]
#[command(group = ArgGroup::new("spaces").required(true).args(["centre", "config"]))]
struct Args {
    /// The centre's folder, e.g. centres/dilas-soest
    /// (its spaces are in coworking/spaces.json there)
    #[arg(
        long,
        value_name = "DIR",
        overrides_with = "config",
        verbatim_doc_comment
    )]
    centre: Option<PathBuf>,
    /// The co-working settings file, instead of --centre
    #[arg(long, value_name = "FILE", overrides_with = "centre")]
    config: Option<PathBuf>,
    /// Where to write the document, e.g. dist/api/coworking
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// The moment to show: a time like 2026-11-24T10:30:00+01:00
    /// or a date like 2026-11-24 (midnight in Berlin) [default: now]
    #[arg(long, value_name = "TIME", verbatim_doc_comment)]
    #[arg(value_parser = lernort_cli::text(instant))]
    now: Option<i64>,
    /// The load history
    /// [default: history.json beside the settings file, when there is one]
    #[arg(long, value_name = "FILE", verbatim_doc_comment)]
    history: Option<PathBuf>,
}

fn instant(text: &str) -> Result<i64, &'static str> {
    lernort_time::parse_instant(text)
        .ok_or("not a time like 2026-11-24T10:30:00+01:00 or a date like 2026-11-24")
}

/// What went wrong while running (exit code 1; a bad command line is a [`clap::Error`]).
#[derive(Debug)]
pub enum CliError {
    /// The config or a calendar.
    Sources(SourcesError),
    /// The history file.
    History(HistoryError),
    /// Writing the output.
    Write {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Sources(e) => write!(f, "{e}"),
            CliError::History(e) => write!(f, "{e}"),
            CliError::Write { path, source } => {
                write!(f, "cannot write {}: {source}", path.display())
            }
        }
    }
}

impl std::error::Error for CliError {}

/// Parses the arguments (without the program name). `--help` and `--version` come back
/// as an error whose [`clap::Error::exit_code`] is 0; [`lernort_cli::exit`] prints either
/// kind.
///
/// ```
/// use lernort_coworking::cli::parse_args;
/// let o = parse_args(["--centre", "centres/dilas-soest", "--out", "dist/api/coworking",
///                     "--now", "2026-11-24T10:30:00+01:00"]).unwrap();
/// assert_eq!(o.config.to_str(), Some("centres/dilas-soest/coworking/spaces.json"));
/// assert_eq!(o.now, Some(1_795_512_600));
/// ```
pub fn parse_args<I, T>(args: I) -> Result<Options, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let program = std::iter::once(OsString::from("lernort-coworking"));
    let args = Args::try_parse_from(program.chain(args.into_iter().map(Into::into)))?;
    let config = match (args.centre, args.config) {
        (Some(centre), _) => centre.join("coworking").join(FILE_NAME),
        (None, Some(config)) => config,
        (None, None) => unreachable!("clap requires --centre or --config"),
    };
    Ok(Options {
        config,
        out: args.out,
        now: args.now,
        history: args.history,
    })
}

/// Runs the command: reads, derives, writes. Returns the number of spaces written.
pub fn run(options: &Options) -> Result<usize, CliError> {
    let sources = Sources::load(&options.config).map_err(CliError::Sources)?;
    for warning in &sources.warnings {
        eprintln!("lernort-coworking: warning: {warning}");
    }
    let now = options
        .now
        .unwrap_or_else(lernort_time::clock::unix_seconds);
    let mut status = sources.status_at(&HashMap::new(), now);
    let seed = options
        .config
        .parent()
        .map(|d| d.join("history.json"))
        .filter(|p| p.exists());
    if let Some(path) = options.history.clone().or(seed) {
        status.load = History::read(&path).map_err(CliError::History)?.load();
    }
    let write = |source| CliError::Write {
        path: options.out.clone(),
        source,
    };
    if let Some(dir) = options.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(write)?;
    }
    let mut tmp = options.out.as_os_str().to_owned();
    tmp.push(".tmp");
    std::fs::write(&tmp, status.to_json()).map_err(write)?;
    std::fs::rename(&tmp, &options.out).map_err(write)?;
    Ok(status.spaces.len())
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;
    use lernort_cli::testing::{mistake, not_utf8, with_bytes};

    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        Args::command().debug_assert();
    }

    #[test]
    fn centre_or_config_the_later_one_wins() {
        let o = parse_args(["--config", "a.json", "--out", "o", "--centre", "c"]).unwrap();
        assert_eq!(o.config, PathBuf::from("c/coworking/spaces.json"));
        let o = parse_args(["--centre", "c", "--out", "o", "--config", "a.json"]).unwrap();
        assert_eq!(o.config, PathBuf::from("a.json"));
        assert_eq!((o.now, o.history), (None, None));
    }

    #[test]
    fn bad_command_lines_are_exit_2() {
        for (args, expected) in [
            (
                &["--out", "o"][..],
                "the following required arguments were not provided: <--centre <DIR>|--config <FILE>>",
            ),
            (
                &["--centre", "c"],
                "the following required arguments were not provided: --out <FILE>",
            ),
            (
                &["--centre", "c", "--out", "o", "--now", "morgen"],
                "invalid value 'morgen' for '--now <TIME>': not a time like 2026-11-24T10:30:00+01:00 or a date like 2026-11-24",
            ),
            (&["--centre", "c", "--out", "o", "--every-minute"], "unexpected argument '--every-minute' found"),
        ] {
            let error = parse_args(args).unwrap_err();
            assert_eq!(mistake(&error).as_deref(), Some(expected), "{args:?}");
        }
    }

    #[test]
    fn a_time_that_is_not_utf8_is_named() {
        let args = with_bytes(&["--centre=c", "--out=o", "--now"], b"2026-11-24\xff");
        let error = parse_args(args).unwrap_err();
        assert_eq!(
            mistake(&error),
            Some(not_utf8("--now <TIME>", "2026-11-24\u{FFFD}"))
        );
    }
}
