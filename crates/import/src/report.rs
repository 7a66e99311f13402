//! What an import run tells people: a message per problem (file, line, field), and a
//! summary per file and per provider.

use std::fmt;

/// How bad a message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something was odd and was fixed or left out; the course is imported.
    Warning,
    /// The row, event or item was not imported.
    Skipped,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Skipped => "skipped",
        })
    }
}

/// One problem in one source.
///
/// ```
/// use lernort_import::report::{Message, Severity};
/// let m = Message::skipped("vhs-soest.csv", Some(17), Some("Beginn"), "'31.02.2027' is not a date");
/// assert_eq!(m.to_string(), "vhs-soest.csv:17: Beginn: '31.02.2027' is not a date");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// The source file's name (within the sources folder).
    pub file: String,
    /// The line the row, event or item starts on (or the property's line), from 1.
    pub line: Option<usize>,
    /// The field (a column header as the file writes it, a property, a key).
    pub field: Option<String>,
    /// What is wrong.
    pub text: String,
    /// Whether the row was imported anyway.
    pub severity: Severity,
}

impl Message {
    /// A message with this severity.
    pub fn new(
        severity: Severity,
        file: &str,
        line: Option<usize>,
        field: Option<&str>,
        text: impl Into<String>,
    ) -> Message {
        Message {
            file: file.to_string(),
            line,
            field: field.map(str::to_string),
            text: text.into(),
            severity,
        }
    }

    /// A warning: the course is imported.
    pub fn warning(
        file: &str,
        line: Option<usize>,
        field: Option<&str>,
        text: impl Into<String>,
    ) -> Message {
        Message::new(Severity::Warning, file, line, field, text)
    }

    /// The row, event or item was not imported.
    pub fn skipped(
        file: &str,
        line: Option<usize>,
        field: Option<&str>,
        text: impl Into<String>,
    ) -> Message {
        Message::new(Severity::Skipped, file, line, field, text)
    }
}

impl fmt::Display for Message {
    /// `file:line: field: text`, leaving out what is not known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        f.write_str(": ")?;
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        f.write_str(&self.text)
    }
}

/// What one source file gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSummary {
    /// The file's name.
    pub file: String,
    /// The provider's id.
    pub provider: String,
    /// What was recognised: `CSV (Windows-1252, ';')`, `iCalendar`, `JSON-LD`.
    pub format: String,
    /// Courses imported from it.
    pub imported: usize,
    /// Rows, events or items not imported.
    pub skipped: usize,
}

/// Courses and sessions per provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderSummary {
    /// The provider's id.
    pub id: String,
    /// The provider's name.
    pub name: String,
    /// Its courses in the catalogue.
    pub courses: usize,
    /// Their sessions.
    pub sessions: usize,
}

/// The whole run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Every file read, in name order.
    pub files: Vec<FileSummary>,
    /// Every message, in file and line order.
    pub messages: Vec<Message>,
    /// Per provider, in the order of the import settings.
    pub providers: Vec<ProviderSummary>,
    /// Courses in the catalogue.
    pub courses: usize,
    /// Sessions of all courses.
    pub sessions: usize,
    /// Courses over at the import's "now".
    pub past: usize,
    /// Cancelled courses.
    pub cancelled: usize,
    /// Categories in the catalogue.
    pub categories: usize,
    /// Venues in the catalogue.
    pub venues: usize,
    /// Sample data (`sampleWeek`): by how many weeks its dates were moved.
    pub moved_weeks: Option<i64>,
}

impl Report {
    /// The messages of one severity, each as printed (`file:line: field: text`).
    pub fn lines(&self, severity: Severity) -> Vec<String> {
        let found = self.messages.iter().filter(|m| m.severity == severity);
        found.map(ToString::to_string).collect()
    }

    /// Rows, events and items not imported, over all files.
    pub fn skipped(&self) -> usize {
        self.files.iter().map(|f| f.skipped).sum()
    }

    /// Messages that are warnings.
    pub fn warnings(&self) -> usize {
        self.messages
            .iter()
            .filter(|m| m.severity == Severity::Warning)
            .count()
    }

    /// The summary printed at the end of a run: one line per file, per provider, totals.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        let width = self.files.iter().map(|f| f.file.len()).max().unwrap_or(0);
        for f in &self.files {
            out.push_str(&format!(
                "  {:width$}  {:<28} {:>4} imported, {} skipped\n",
                f.file,
                f.format,
                f.imported,
                f.skipped,
                width = width
            ));
        }
        for p in &self.providers {
            out.push_str(&format!(
                "  provider {:<28} {:>4} courses, {:>4} sessions\n",
                p.name, p.courses, p.sessions
            ));
        }
        out.push_str(&format!(
            "courses: {} ({} past, {} cancelled), sessions: {}, providers: {}, categories: {}, venues: {}; skipped: {}, warnings: {}\n",
            self.courses,
            self.past,
            self.cancelled,
            self.sessions,
            self.providers.len(),
            self.categories,
            self.venues,
            self.skipped(),
            self.warnings()
        ));
        if let Some(weeks) = self.moved_weeks {
            out.push_str(&format!(
                "sample data (sampleWeek): dates moved by {weeks} weeks to the current week\n"
            ));
        }
        out
    }
}
