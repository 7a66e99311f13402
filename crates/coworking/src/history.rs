//! The load history: how full the desks typically are, by weekday and hour.
//!
//! The gateway takes a sample every minute while the centre is open — the fraction of
//! desks in service that are occupied or reserved ([`sample`]) — and adds it to the cell
//! of its Berlin weekday and hour ([`History::record`]). Each cell keeps its number of
//! samples and their mean, so the file stays small (7 × 24 cells) however long it runs.
//! [`History::load`] gives the status document's [`Load`]. The history is saved as JSON
//! ([`History::save`], written to a temporary file and renamed) and read back at start
//! ([`History::read`]).
//!
//! ```
//! use lernort_coworking::history::History;
//! let mut history = History::default();
//! // Tuesday 24.11.2026 10:15 and 10:45 Berlin: half, then all desks taken.
//! history.record(1_795_511_700, 0.5);
//! history.record(1_795_513_500, 1.0);
//! let load = history.load().unwrap();
//! assert_eq!(load.weekdays[1][10], Some(75));
//! assert_eq!(load.weekdays[1][11], None);
//! assert_eq!(load.weeks, 1);
//! ```

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use lernort_time::to_berlin;
use serde::{Deserialize, Serialize};

use crate::status::{CoworkingStatus, Load, SpaceKind, SpaceStatus};

/// The history file's format version.
pub const HISTORY_FORMAT: u32 = 1;

/// One weekday-hour: how many samples and their mean (0–1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// Samples taken in this hour of this weekday.
    pub samples: u32,
    /// Their mean fraction of desks taken, 0–1.
    pub mean: f64,
}

/// The aggregated history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct History {
    /// [`HISTORY_FORMAT`].
    pub format: u32,
    /// The first sample's time (Unix seconds), `None` before any.
    #[serde(default)]
    pub first: Option<i64>,
    /// The latest sample's time.
    #[serde(default)]
    pub last: Option<i64>,
    /// `weekdays[0][9]`: Monday 9:00–10:00. 7 × 24 cells.
    pub weekdays: Vec<Vec<Cell>>,
}

impl Default for History {
    fn default() -> Self {
        History {
            format: HISTORY_FORMAT,
            first: None,
            last: None,
            weekdays: vec![vec![Cell::default(); 24]; 7],
        }
    }
}

/// Why a history file cannot be used.
#[derive(Debug)]
pub enum HistoryError {
    /// Reading or writing failed.
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// Not a history file of this format.
    Invalid {
        /// The file.
        path: PathBuf,
        /// The problem.
        message: String,
    },
}

impl fmt::Display for HistoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HistoryError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            HistoryError::Invalid { path, message } => write!(f, "{}: {message}", path.display()),
        }
    }
}

impl std::error::Error for HistoryError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            HistoryError::Io { source, .. } => Some(source),
            HistoryError::Invalid { .. } => None,
        }
    }
}

/// The fraction of desks in service that are occupied or reserved, or `None` when the
/// centre is closed or has no desk in service (no sample then).
///
/// ```
/// use lernort_coworking::{history::sample, CoworkingStatus};
/// let json = r#"{"format": 1, "generated": 0, "opening": {"open": true},
///   "plan": {"width": 1, "height": 1},
///   "spaces": [
///     {"id": "a", "name": "A", "kind": "desk", "zone": "z", "shape": {"x": 0, "y": 0, "width": 1, "height": 1}, "status": "occupied"},
///     {"id": "b", "name": "B", "kind": "desk", "zone": "z", "shape": {"x": 0, "y": 0, "width": 1, "height": 1}, "status": "free"},
///     {"id": "c", "name": "C", "kind": "desk", "zone": "z", "shape": {"x": 0, "y": 0, "width": 1, "height": 1}, "status": "outOfService"},
///     {"id": "r", "name": "R", "kind": "room", "zone": "z", "shape": {"x": 0, "y": 0, "width": 1, "height": 1}, "status": "reserved"}]}"#;
/// assert_eq!(sample(&CoworkingStatus::from_json(json).unwrap()), Some(0.5));
/// ```
pub fn sample(status: &CoworkingStatus) -> Option<f64> {
    if !status.opening.open {
        return None;
    }
    let desks: Vec<SpaceStatus> = status
        .spaces
        .iter()
        .filter(|s| s.kind == SpaceKind::Desk && s.status != SpaceStatus::OutOfService)
        .map(|s| s.status)
        .collect();
    if desks.is_empty() {
        return None;
    }
    let taken = desks
        .iter()
        .filter(|s| matches!(s, SpaceStatus::Occupied | SpaceStatus::Reserved))
        .count();
    Some(taken as f64 / desks.len() as f64)
}

impl History {
    /// Adds a sample (a fraction 0–1, clamped) taken at `at` (Unix seconds).
    pub fn record(&mut self, at: i64, fraction: f64) {
        if !fraction.is_finite() {
            return;
        }
        let local = to_berlin(at);
        let (day, hour) = (local.date.weekday().index(), usize::from(local.time.hour));
        if self.weekdays.len() != 7 || self.weekdays.iter().any(|d| d.len() != 24) {
            self.weekdays = vec![vec![Cell::default(); 24]; 7];
        }
        let cell = &mut self.weekdays[day][hour];
        cell.samples = cell.samples.saturating_add(1);
        cell.mean += (fraction.clamp(0.0, 1.0) - cell.mean) / f64::from(cell.samples);
        self.first = Some(self.first.map_or(at, |f| f.min(at)));
        self.last = Some(self.last.map_or(at, |l| l.max(at)));
    }

    /// The typical load in percent, `None` for hours without samples; `None` as a whole
    /// before the first sample. `weeks` is the number of (started) weeks from the first
    /// sample to the last.
    pub fn load(&self) -> Option<Load> {
        let (first, last) = (self.first?, self.last?);
        let weekdays: Vec<Vec<Option<u8>>> = self
            .weekdays
            .iter()
            .map(|day| {
                day.iter()
                    .map(|c| {
                        (c.samples > 0).then(|| (c.mean.clamp(0.0, 1.0) * 100.0).round() as u8)
                    })
                    .collect()
            })
            .collect();
        let weeks = ((last - first).max(0) / (7 * 86_400) + 1) as u32;
        Some(Load { weekdays, weeks })
    }

    /// Parses a history file's text; `path` names it in errors.
    pub fn from_json(text: &str, path: &Path) -> Result<History, HistoryError> {
        let invalid = |message: String| HistoryError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let history: History = serde_json::from_str(text).map_err(|e| invalid(e.to_string()))?;
        if history.format != HISTORY_FORMAT {
            return Err(invalid(format!(
                "format {} is not {HISTORY_FORMAT}",
                history.format
            )));
        }
        if history.weekdays.len() != 7 || history.weekdays.iter().any(|d| d.len() != 24) {
            return Err(invalid("weekdays must be 7 lists of 24 cells".into()));
        }
        if history
            .weekdays
            .iter()
            .flatten()
            .any(|c| !(0.0..=1.0).contains(&c.mean))
        {
            return Err(invalid("every mean must be from 0 to 1".into()));
        }
        Ok(history)
    }

    /// Reads a history file.
    pub fn read(path: &Path) -> Result<History, HistoryError> {
        let text = std::fs::read_to_string(path).map_err(|source| HistoryError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        History::from_json(&text, path)
    }

    /// Writes the history to `path` (through `path.tmp` and a rename, so a crash never
    /// leaves half a file).
    pub fn save(&self, path: &Path) -> Result<(), HistoryError> {
        let io = |source| HistoryError::Io {
            path: path.to_path_buf(),
            source,
        };
        let text = serde_json::to_string(self).map_err(|e| io(io::Error::other(e)))?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        std::fs::write(&tmp, text).map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Monday 2 November 2026, 00:00 Berlin (winter time).
    const MONDAY: i64 = 1_793_574_000;
    const HOUR: i64 = 3_600;
    const DAY: i64 = 86_400;

    #[test]
    fn aggregates_by_weekday_and_hour_over_weeks() {
        let mut history = History::default();
        assert_eq!(history.load(), None);
        // Three Mondays at 9:xx: 0.25, 0.5, 0.75 → 50 %; Friday 15:00 once, 0.1 → 10 %.
        for (week, fraction) in [0.25, 0.5, 0.75].into_iter().enumerate() {
            history.record(MONDAY + week as i64 * 7 * DAY + 9 * HOUR + 600, fraction);
        }
        history.record(MONDAY + 4 * DAY + 15 * HOUR, 0.1);
        let load = history.load().unwrap();
        assert_eq!(load.weekdays.len(), 7);
        assert!(load.weekdays.iter().all(|d| d.len() == 24));
        assert_eq!(load.weekdays[0][9], Some(50));
        assert_eq!(load.weekdays[0][10], None);
        assert_eq!(load.weekdays[4][15], Some(10));
        assert_eq!(load.weeks, 3);
        assert_eq!(
            load.weekdays
                .iter()
                .flatten()
                .filter(|c| c.is_some())
                .count(),
            2
        );
    }

    #[test]
    fn hours_follow_berlin_time_in_summer() {
        let mut history = History::default();
        // Monday 6 July 2026, 09:30 Berlin = 07:30 UTC.
        history.record(1_783_323_000, 1.0);
        assert_eq!(history.load().unwrap().weekdays[0][9], Some(100));
    }

    #[test]
    fn saves_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/history.json");
        let mut history = History::default();
        history.record(MONDAY + 10 * HOUR, 0.4);
        history.save(&path).unwrap();
        assert_eq!(History::read(&path).unwrap(), history);
        assert!(!dir.path().join("sub/history.json.tmp").exists());
        std::fs::write(&path, "{\"format\": 2, \"weekdays\": []}").unwrap();
        assert!(History::read(&path)
            .unwrap_err()
            .to_string()
            .contains("format 2 is not 1"));
        assert!(History::read(&dir.path().join("missing.json")).is_err());
    }

    #[test]
    fn the_seed_files_are_valid_and_plausible() {
        for centre in ["dilas-soest", "netzwerk-gt"] {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../centres")
                .join(centre)
                .join("coworking/history.json");
            let load = History::read(&path).unwrap().load().unwrap();
            let at = |day: usize, hour: usize| load.weekdays[day][hour].unwrap_or(0);
            // Busy mid-week mornings, quiet Friday afternoon, nothing on Sunday.
            assert!(at(2, 10) > at(4, 16), "{centre}");
            assert!(at(1, 10) >= 50, "{centre}");
            assert!(load.weekdays[6].iter().all(Option::is_none), "{centre}");
            assert!(load.weeks >= 4, "{centre}");
        }
    }
}
