//! The status document from its sources: the config, each space's bookings and the
//! floor's presence, at a moment. Pure functions; reading the files is [`Sources`].
//!
//! A space's status, first rule that applies:
//! 1. **out of service** when the config says so;
//! 2. **occupied** when the floor sees someone there and the space's `presence` has
//!    `countsAsOccupied`;
//! 3. **reserved** when a booking covers now (start inclusive, end exclusive);
//! 4. **free**.
//!
//! `until` is the end of the booking now (back-to-back bookings count as one) or, when
//! free, the start of the next booking today. `today` lists the bookings that overlap
//! today's Europe/Berlin day (23 or 25 hours long on the days the clocks change), cut to
//! the day: a booking across midnight shows on both days.

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use lernort_time::from_berlin;
use lernort_time::{to_berlin, Date, TimeOfDay};

use crate::bookings::{merge, Calendar, IcsError};
use crate::config::{Config, ConfigError};
use crate::status::{Booking, CoworkingStatus, Opening, Space, SpaceStatus, FORMAT};

/// How far ahead [`opening_at`] looks for the next opening.
pub const LOOK_AHEAD_DAYS: i64 = 14;

/// The instants a Berlin day starts and ends (the next day's start).
///
/// ```
/// use lernort_coworking::derive::day_bounds;
/// use lernort_time::Date;
/// let (start, end) = day_bounds(Date::new(2026, 3, 29).unwrap());
/// assert_eq!(end - start, 23 * 3600); // summer time begins
/// let (start, end) = day_bounds(Date::new(2026, 10, 25).unwrap());
/// assert_eq!(end - start, 25 * 3600); // and ends
/// ```
pub fn day_bounds(date: Date) -> (i64, i64) {
    let midnight = TimeOfDay { hour: 0, minute: 0 };
    (
        from_berlin(date, midnight),
        from_berlin(date.add_days(1), midnight),
    )
}

/// The status document at `now` (Unix seconds). `bookings` holds each space's bookings
/// (by space id; whole, at least those overlapping today), `presence` whether the floor
/// sees someone at a space. [`CoworkingStatus::load`] is left `None` for the caller.
///
/// ```
/// use std::collections::HashMap;
/// use lernort_coworking::config::Config;
/// use lernort_coworking::derive::status_at;
/// use lernort_coworking::{Booking, SpaceStatus};
/// let json = r#"{"plan": {"width": 10, "height": 10, "zones": [{"id": "z", "name": "Z", "shape": {"x": 0, "y": 0, "width": 10, "height": 10}}]},
///   "openingHours": [{"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "09:00", "closes": "20:00"}],
///   "spaces": [{"id": "raum", "name": "Raum", "kind": "room", "zone": "z", "shape": {"x": 0, "y": 0, "width": 5, "height": 5}}]}"#;
/// let config = Config::from_json(json, "spaces.json".as_ref()).unwrap();
/// // Monday 23.11.2026 10:30 Berlin; the room is booked 10:00–12:00.
/// let ten = 1_795_388_400 + 10 * 3600;
/// let bookings = HashMap::from([("raum".to_string(), vec![Booking { start: ten, end: ten + 7200 }])]);
/// let status = status_at(&config, &bookings, &HashMap::new(), ten + 1800);
/// assert_eq!(status.spaces[0].status, SpaceStatus::Reserved);
/// assert_eq!(status.spaces[0].until, Some(ten + 7200));
/// assert!(status.opening.open);
/// ```
pub fn status_at(
    config: &Config,
    bookings: &HashMap<String, Vec<Booking>>,
    presence: &HashMap<String, bool>,
    now: i64,
) -> CoworkingStatus {
    let today = to_berlin(now).date;
    let (day_start, day_end) = day_bounds(today);
    let spaces = config
        .spaces
        .iter()
        .map(|space| {
            let own = merge(bookings.get(&space.id).cloned().unwrap_or_default());
            let current_end = booking_end_at(&own, now);
            let present = space
                .presence
                .as_ref()
                .is_some_and(|p| p.counts_as_occupied)
                && presence.get(&space.id).copied().unwrap_or(false);
            let (status, until) = if space.out_of_service.is_some() {
                (SpaceStatus::OutOfService, None)
            } else if present {
                (SpaceStatus::Occupied, current_end)
            } else if current_end.is_some() {
                (SpaceStatus::Reserved, current_end)
            } else {
                let next = own
                    .iter()
                    .map(|b| b.start)
                    .find(|start| *start > now && *start < day_end);
                (SpaceStatus::Free, next)
            };
            let today = own
                .iter()
                .filter(|b| b.start < day_end && b.end > day_start)
                .map(|b| Booking {
                    start: b.start.max(day_start),
                    end: b.end.min(day_end),
                })
                .collect();
            Space {
                id: space.id.clone(),
                name: space.name.clone(),
                kind: space.kind,
                zone: space.zone.clone(),
                shape: space.shape,
                features: space.features,
                status,
                until,
                today,
            }
        })
        .collect();
    CoworkingStatus {
        format: FORMAT,
        generated: now,
        opening: opening_at(config, now),
        booking: config.booking.clone(),
        plan: config.plan.clone(),
        spaces,
        load: None,
    }
}

/// The end of the booking that covers `now` (sorted, merged bookings; back-to-back
/// bookings are followed), or `None` when none does.
fn booking_end_at(bookings: &[Booking], now: i64) -> Option<i64> {
    let mut end = bookings.iter().find(|b| b.start <= now && now < b.end)?.end;
    for b in bookings {
        if b.start == end {
            end = b.end;
        }
    }
    Some(end)
}

/// Whether the centre is open at `now`, when that changes, and why it is closed today
/// when today is a public holiday or closing day with opening hours. Closed days are
/// skipped when looking for the next opening, up to [`LOOK_AHEAD_DAYS`] ahead.
///
/// ```
/// use lernort_coworking::config::Config;
/// use lernort_coworking::derive::opening_at;
/// let json = r#"{"plan": {"width": 10, "height": 10, "zones": [{"id": "z", "name": "Z", "shape": {"x": 0, "y": 0, "width": 10, "height": 10}}]},
///   "openingHours": [{"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "09:00", "closes": "20:00"}],
///   "publicHolidays": "nrw",
///   "spaces": [{"id": "p", "name": "P", "kind": "desk", "zone": "z", "shape": {"x": 0, "y": 0, "width": 5, "height": 5}}]}"#;
/// let config = Config::from_json(json, "spaces.json".as_ref()).unwrap();
/// // Monday 2 November 2026, 10:00: open until 20:00.
/// let monday_ten = 1_793_610_000;
/// let opening = opening_at(&config, monday_ten);
/// assert!(opening.open);
/// assert_eq!(opening.changes_at, Some(monday_ten + 10 * 3600));
/// ```
pub fn opening_at(config: &Config, now: i64) -> Opening {
    let today = to_berlin(now).date;
    let mut intervals: Vec<(i64, i64)> = Vec::new();
    for offset in -1..=LOOK_AHEAD_DAYS {
        let date = today.add_days(offset);
        if config.closed_because(date).is_some() {
            continue;
        }
        for (opens, closes) in config.opening_hours.on(date.weekday()) {
            let start = from_berlin(date, opens);
            let end = if closes == TimeOfDay::END_OF_DAY {
                day_bounds(date).1
            } else {
                from_berlin(date, closes)
            };
            match intervals.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => intervals.push((start, end)),
            }
        }
    }
    let current = intervals.iter().find(|(s, e)| *s <= now && now < *e);
    let (open, changes_at) = match current {
        Some((_, end)) => (true, Some(*end)),
        None => (false, intervals.iter().map(|(s, _)| *s).find(|s| *s > now)),
    };
    let closed_because = if config.opening_hours.on(today.weekday()).is_empty() {
        None
    } else {
        config.closed_because(today)
    };
    Opening {
        open,
        changes_at,
        closed_because,
    }
}

/// A config with its calendars read: everything [`status_at`] needs but the floor.
#[derive(Clone, Debug)]
pub struct Sources {
    /// The config.
    pub config: Config,
    /// Each space's calendar, by space id (spaces without `bookings` have none).
    pub calendars: HashMap<String, Calendar>,
    /// Bookings that could not be understood and were left out, one line each, naming
    /// file and line.
    pub warnings: Vec<String>,
}

/// Why the sources cannot be read. One line, naming the file.
#[derive(Debug)]
pub enum SourcesError {
    /// The config (or the centre config with the hours).
    Config(ConfigError),
    /// A calendar cannot be read.
    ReadCalendar {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// A calendar is not valid iCalendar.
    Calendar {
        /// The file.
        path: PathBuf,
        /// Where and what.
        error: IcsError,
    },
}

impl fmt::Display for SourcesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourcesError::Config(e) => write!(f, "{e}"),
            SourcesError::ReadCalendar { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            SourcesError::Calendar { path, error } => write!(f, "{}: {error}", path.display()),
        }
    }
}

impl std::error::Error for SourcesError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SourcesError::Config(e) => Some(e),
            SourcesError::ReadCalendar { source, .. } => Some(source),
            SourcesError::Calendar { error, .. } => Some(error),
        }
    }
}

impl From<ConfigError> for SourcesError {
    fn from(e: ConfigError) -> Self {
        SourcesError::Config(e)
    }
}

impl Sources {
    /// Reads the config at `path`, its centre config and every space's calendar.
    pub fn load(path: &Path) -> Result<Sources, SourcesError> {
        let config = Config::load(path)?;
        let mut calendars = HashMap::new();
        let mut warnings = Vec::new();
        for space in &config.spaces {
            let Some(bookings) = &space.bookings else {
                continue;
            };
            let file = &bookings.path().to_path_buf();
            let bytes = match (std::fs::read(file), bookings.url()) {
                (Ok(bytes), _) => bytes,
                // A calendar at a URL without a copy yet: the gateway fetches it (and
                // says why it cannot); the other spaces count meanwhile.
                (Err(_), Some(url)) => {
                    warnings.push(format!(
                        "{url}: not fetched yet (no copy in {}); the bookings of space \"{}\" are not counted until it is",
                        file.display(),
                        space.id
                    ));
                    continue;
                }
                (Err(source), None) => {
                    return Err(SourcesError::ReadCalendar {
                        path: file.clone(),
                        source,
                    })
                }
            };
            let calendar =
                Calendar::from_bytes(&bytes).map_err(|error| SourcesError::Calendar {
                    path: file.clone(),
                    error,
                })?;
            for skipped in calendar.skipped() {
                warnings.push(format!(
                    "{}: {skipped}; this booking is left out, the rest of the calendar counts",
                    file.display()
                ));
            }
            for warning in calendar.warnings() {
                warnings.push(format!("{}: {warning}", file.display()));
            }
            calendars.insert(space.id.clone(), calendar);
        }
        Ok(Sources {
            config,
            calendars,
            warnings,
        })
    }

    /// Each space's bookings that overlap the Berlin day of `now`, whole.
    pub fn bookings_on_day_of(&self, now: i64) -> HashMap<String, Vec<Booking>> {
        let (start, end) = day_bounds(to_berlin(now).date);
        self.calendars
            .iter()
            .map(|(id, calendar)| (id.clone(), calendar.between(start, end)))
            .collect()
    }

    /// The status document at `now` with this presence.
    pub fn status_at(&self, presence: &HashMap<String, bool>, now: i64) -> CoworkingStatus {
        status_at(&self.config, &self.bookings_on_day_of(now), presence, now)
    }
}
