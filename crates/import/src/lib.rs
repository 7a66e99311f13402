//! `lernort-import`: turns a centre's course sources into the catalogue the app reads.
//!
//! A centre keeps its providers' own files in one folder (`centres/<id>/catalogue/`):
//! a course-system export as CSV ([`csv`]), an iCalendar calendar ([`ical`]), a
//! website's schema.org JSON-LD ([`jsonld`]), beside `import.json` ([`config`]), which
//! says whose files they are and how their subjects and places map to the catalogue's
//! categories and venues. [`import_folder`] reads them all, [`merge`] puts them
//! together (stable ids, unique slugs, "past" from the import's time) and checks the
//! result with the catalogue's own rules; [`report`] names every problem by file, line
//! and field. [`generate`] makes large made-up catalogues for performance tests.
//!
//! The catalogue's types are `lernort_catalogue`'s: this crate defines none of its own.
//! The formats and messages are described in `docs/catalogue-import.md`.

#![warn(missing_docs)]

use std::fmt;
use std::path::{Path, PathBuf};

use lernort_catalogue::Timestamp;

pub mod config;
pub mod csv;
pub mod fetch;
pub mod generate;
pub mod ical;
pub mod jsonld;
pub mod merge;
/// Repeating schedules (schema.org `Schedule`s), expanded by `lernort-ical`.
pub use lernort_ical::schedule;
pub mod report;
pub mod sample;
pub mod source;
pub mod text;

pub use merge::{import, Import, SourceFile};

/// Why an import could not run at all.
#[derive(Debug)]
pub enum ImportError {
    /// The sources folder does not exist or is not a folder.
    MissingFolder(PathBuf),
    /// A file or the folder could not be read.
    Read {
        /// What was read.
        path: PathBuf,
        /// The system's reason.
        error: std::io::Error,
    },
    /// `import.json` is missing or wrong.
    Config {
        /// Its path.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The output could not be written.
    Write {
        /// The output path.
        path: PathBuf,
        /// The system's reason.
        error: std::io::Error,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::MissingFolder(path) => {
                write!(f, "the sources folder {} does not exist", path.display())
            }
            ImportError::Read { path, error } => {
                write!(f, "{} cannot be read: {error}", path.display())
            }
            ImportError::Config { path, message } => write!(f, "{}: {message}", path.display()),
            ImportError::Write { path, error } => {
                write!(f, "{} cannot be written: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for ImportError {}

/// Reads every file of a sources folder (not its subfolders), fetches the sources
/// `import.json` names by URL ([`fetch`]), and imports them all with the folder's
/// `import.json`.
pub fn import_folder(folder: &Path, now: Timestamp) -> Result<Import, ImportError> {
    if !folder.is_dir() {
        return Err(ImportError::MissingFolder(folder.to_path_buf()));
    }
    let config_path = folder.join(config::FILE_NAME);
    let config_text = std::fs::read_to_string(&config_path).map_err(|error| {
        let message = if error.kind() == std::io::ErrorKind::NotFound {
            "missing: it names the providers of the files in this folder (see docs/catalogue-import.md)".to_string()
        } else {
            format!("cannot be read: {error}")
        };
        ImportError::Config {
            path: config_path.clone(),
            message,
        }
    })?;
    let config =
        config::Config::from_json(&config_text).map_err(|message| ImportError::Config {
            path: config_path.clone(),
            message,
        })?;
    let read_error = |error| ImportError::Read {
        path: folder.to_path_buf(),
        error,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(folder).map_err(read_error)? {
        let entry = entry.map_err(read_error)?;
        let path = entry.path();
        if !path.is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        if merge::is_ignored(&name) {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|error| ImportError::Read { path, error })?;
        files.push(SourceFile::new(&name, bytes));
    }
    let mut fetch_messages = Vec::new();
    let cache = folder.join(fetch::CACHE_DIR);
    for url in config
        .providers
        .iter()
        .flat_map(|p| &p.sources)
        .filter(|s| fetch::is_url(s))
    {
        match fetch::fetch(url, &cache, &fetch::Limits::default(), now) {
            Ok(fetched) => {
                if let Some(warning) = fetched.warning {
                    fetch_messages.push(report::Message::warning(url, None, None, warning));
                }
                files.push(fetched.file);
            }
            Err(problem) => fetch_messages.push(report::Message::skipped(url, None, None, problem)),
        }
    }
    let mut result = import(&config, &files, now);
    for message in fetch_messages {
        if message.severity == report::Severity::Skipped {
            result.report.files.push(report::FileSummary {
                file: message.file.clone(),
                provider: config
                    .provider_for(&message.file)
                    .map(|p| p.provider.id.clone())
                    .unwrap_or_default(),
                format: "URL".to_owned(),
                imported: 0,
                skipped: 1,
            });
        }
        result.report.messages.push(message);
    }
    Ok(result)
}

/// Writes the catalogue as JSON (pretty, with a final line break) to `path`, creating
/// its folder; through a temporary file, so that a reader never sees half a file.
pub fn write_catalogue(
    catalogue: &lernort_catalogue::Catalogue,
    path: &Path,
) -> Result<(), ImportError> {
    let write_error = |error| ImportError::Write {
        path: path.to_path_buf(),
        error,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(write_error)?;
    }
    let mut json = catalogue.to_json();
    json.push('\n');
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, json).map_err(write_error)?;
    std::fs::rename(&tmp, path).map_err(|error| {
        let _ = std::fs::remove_file(&tmp);
        write_error(error)
    })
}

/// Now (`lernort_time::clock`: the system clock, or `LERNORT_NOW` in tests), written with
/// Berlin's offset.
pub fn now() -> Timestamp {
    Timestamp::with_berlin_offset(lernort_time::clock::unix_seconds())
}

/// Parses `--now`: RFC 3339 (`2026-11-21T12:00:00+01:00`) or a date (`2026-11-21`,
/// Berlin midnight), as `lernort_time::parse_instant` reads them; written with Berlin's offset.
///
/// ```
/// use lernort_import::parse_now;
/// assert_eq!(parse_now("2026-11-21T11:00:00Z").unwrap().to_string(), "2026-11-21T12:00:00+01:00");
/// assert_eq!(parse_now("2026-11-21").unwrap().to_string(), "2026-11-21T00:00:00+01:00");
/// assert!(parse_now("morgen").is_none());
/// ```
pub fn parse_now(text: &str) -> Option<Timestamp> {
    lernort_time::parse_instant(text).map(Timestamp::with_berlin_offset)
}
