//! The one error type of the tool. Every variant names the file (or the argument) involved,
//! so a failed build says where to look.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use lernort_catalogue::CatalogueError;
use lernort_centre::ConfigError;

/// Why `lernort-dist` stopped.
#[derive(Debug)]
pub enum Error {
    /// The command line is wrong; exit status 2.
    Usage(String),
    /// `refresh`: the centre's courses could not be imported (dist is left as it was).
    Import(String),
    /// A file or directory could not be read, written or removed.
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What was being done, e.g. `read`, `write`, `remove`.
        action: &'static str,
        /// What the operating system said.
        source: io::Error,
    },
    /// `centre.json` is not valid JSON, or breaks a rule of the centre config.
    Centre {
        /// The `centre.json` file.
        path: PathBuf,
        /// What is wrong with it.
        source: ConfigError,
    },
    /// `data/catalogue.json` is not valid JSON, or breaks a rule of the catalogue format.
    Catalogue {
        /// The catalogue file.
        path: PathBuf,
        /// What is wrong with it.
        source: CatalogueError,
    },
    /// A file named in `centre.json` is not beside it.
    CentreFile {
        /// The `centre.json` file.
        path: PathBuf,
        /// The field naming the file, e.g. `logo.src`.
        field: &'static str,
        /// The file name as written in the config.
        name: String,
    },
    /// `index.html` cannot be understood (e.g. a tag that never ends, no `<head>`).
    Html {
        /// The HTML file.
        path: PathBuf,
        /// The problem, with its line number.
        problem: String,
    },
    /// A wasm module whose imports cannot be renamed (`imports`).
    Wasm {
        /// The wasm file.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// A file the first view loads is not in the dist directory.
    MissingFile {
        /// The file that refers to it (`index.html`, `centre.json`).
        referenced_by: PathBuf,
        /// The reference as written, e.g. `/lernort-abc123.js`.
        reference: String,
        /// Where it was looked for.
        path: PathBuf,
    },
    /// A reference the first view loads that is not a file in the dist directory
    /// (another host, or a path leaving the directory), so its size cannot be measured.
    OutsideDist {
        /// The file that refers to it.
        referenced_by: PathBuf,
        /// The reference as written.
        reference: String,
    },
    /// The first view's gzip -9 total is larger than the budget.
    OverBudget {
        /// The gzip -9 total in bytes.
        gzip_bytes: u64,
        /// The budget in KiB.
        budget_kib: f64,
    },
}

impl Error {
    /// An [`Error::Io`] for `path`.
    pub fn io(path: &Path, action: &'static str, source: io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    }

    /// The process exit status for this error: 2 for bad usage, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(message) => write!(f, "{message} (see lernort-dist --help)"),
            Error::Import(message) => write!(f, "the import failed, nothing changed: {message}"),
            Error::Io {
                path,
                action,
                source,
            } => write!(f, "{}: cannot {action}: {source}", path.display()),
            Error::Centre { path, source } => match source {
                ConfigError::Syntax(message) => {
                    write!(f, "{}: cannot be read: {message}", path.display())
                }
                ConfigError::Invalid(problems) => {
                    write!(f, "{}: not valid: {}", path.display(), problems.join("; "))
                }
            },
            Error::Catalogue { path, source } => write!(f, "{}: {source}", path.display()),
            Error::CentreFile { path, field, name } => write!(
                f,
                "{}: {field} names \"{name}\", which is not a file beside centre.json",
                path.display()
            ),
            Error::Html { path, problem } | Error::Wasm { path, problem } => {
                write!(f, "{}: {problem}", path.display())
            }
            Error::MissingFile {
                referenced_by,
                reference,
                path,
            } => write!(
                f,
                "{}: refers to \"{reference}\", but {} does not exist",
                referenced_by.display(),
                path.display()
            ),
            Error::OutsideDist {
                referenced_by,
                reference,
            } => write!(
                f,
                "{}: refers to \"{reference}\", which is not a file in the dist directory",
                referenced_by.display()
            ),
            Error::OverBudget {
                gzip_bytes,
                budget_kib,
            } => {
                let over = kib(*gzip_bytes) - budget_kib;
                // Rounded up, so a miss by a few bytes never reads "over budget by 0.0 KiB".
                let over = (over * 10.0).ceil() / 10.0;
                write!(
                    f,
                    "over budget by {over:.1} KiB: the first view is {:.1} KiB gzip -9, the budget {budget_kib} KiB",
                    kib(*gzip_bytes)
                )
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::Centre { source, .. } => Some(source),
            Error::Catalogue { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Bytes as KiB.
pub(crate) fn kib(bytes: u64) -> f64 {
    bytes as f64 / 1024.0
}
