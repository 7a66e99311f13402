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
use std::fmt;
use std::path::{Path, PathBuf};

use crate::config::FILE_NAME;
use crate::derive::{Sources, SourcesError};
use crate::history::{History, HistoryError};

/// The command line.
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

/// What went wrong (exit code 2 for usage, 1 otherwise).
#[derive(Debug)]
pub enum CliError {
    /// The command line is wrong.
    Usage(String),
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
            CliError::Usage(m) => write!(f, "{m}\n{USAGE}"),
            CliError::Sources(e) => write!(f, "{e}"),
            CliError::History(e) => write!(f, "{e}"),
            CliError::Write { path, source } => {
                write!(f, "cannot write {}: {source}", path.display())
            }
        }
    }
}

impl std::error::Error for CliError {}

/// The usage line.
pub const USAGE: &str = "usage: lernort-coworking (--centre DIR | --config FILE) --out FILE [--now RFC3339] [--history FILE]";

/// Parses the arguments (without the program name).
///
/// ```
/// use lernort_coworking::cli::parse_args;
/// let o = parse_args(["--centre", "centres/dilas-soest", "--out", "dist/api/coworking",
///                     "--now", "2026-11-24T10:30:00+01:00"].map(String::from)).unwrap();
/// assert_eq!(o.config.to_str(), Some("centres/dilas-soest/coworking/spaces.json"));
/// assert_eq!(o.now, Some(1_795_512_600));
/// ```
pub fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Options, CliError> {
    let mut args = args.into_iter();
    let (mut config, mut out, mut now, mut history) = (None, None, None, None);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .ok_or_else(|| CliError::Usage(format!("{name} needs a value")))
        };
        match arg.as_str() {
            "--centre" => {
                config = Some(
                    Path::new(&value("--centre")?)
                        .join("coworking")
                        .join(FILE_NAME),
                )
            }
            "--config" => config = Some(PathBuf::from(value("--config")?)),
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--history" => history = Some(PathBuf::from(value("--history")?)),
            "--now" => {
                let text = value("--now")?;
                now = Some(lernort_time::parse_instant(&text).ok_or_else(|| {
                    CliError::Usage(format!(
                        "--now {text}: not a time like 2026-11-24T10:30:00+01:00 or a date like 2026-11-24"
                    ))
                })?)
            }
            "-h" | "--help" => {
                return Err(CliError::Usage(
                    "lernort-coworking writes the co-working status document".into(),
                ))
            }
            other => return Err(CliError::Usage(format!("unknown argument {other}"))),
        }
    }
    Ok(Options {
        config: config.ok_or_else(|| CliError::Usage("--centre or --config is required".into()))?,
        out: out.ok_or_else(|| CliError::Usage("--out is required".into()))?,
        now,
        history,
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
