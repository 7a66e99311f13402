//! "Now" for the native programs (gateway, importer, build tool, co-working job).
//!
//! Every program reads the time through [`unix_ms`] / [`unix_seconds`]: the system clock,
//! or, for tests and benchmarks only, a clock that starts at the instant given in the
//! environment variable `LERNORT_NOW` and runs on from there. That is how the test suite
//! gives the gateway, the importer and `lernort-dist` the same "now" as the pages it drives
//! (docs/testing.md), whatever the hour it runs at:
//!
//! - `LERNORT_NOW=2026-11-24T10:30:00+01:00`: the clock shows that instant when the
//!   program first asks for the time and runs on from it;
//! - `LERNORT_NOW=2026-11-24T10:30:00+01:00@1796390000000`: it showed that instant when
//!   the system clock showed the Unix milliseconds after the `@`. Several programs given the
//!   same value share one clock, however far apart they start (the end-to-end tests' runner
//!   sets it once for every gateway it starts).
//!
//! A program checks the variable at start with [`from_env`] and says in its start line when
//! the clock is not the system's, so that a pinned clock is never mistaken for the real one.

use std::fmt;
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::{parse_instant, to_berlin};

/// The environment variable that pins the clock.
pub const VARIABLE: &str = "LERNORT_NOW";

/// A clock pinned by `LERNORT_NOW`: the instant, and when the system clock showed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pinned {
    /// The instant, Unix milliseconds.
    pub instant_ms: i64,
    /// The system clock's Unix milliseconds at that instant; `None`: when first asked.
    pub since_ms: Option<i64>,
}

impl Pinned {
    /// Parses `<instant>` or `<instant>@<unix ms>` (see the module's documentation).
    ///
    /// ```
    /// use lernort_time::clock::Pinned;
    /// let pinned = Pinned::parse("2026-11-24T10:30:00+01:00@1700000000000").unwrap();
    /// assert_eq!(pinned.instant_ms, 1_795_512_600_000);
    /// assert_eq!(pinned.since_ms, Some(1_700_000_000_000));
    /// assert_eq!(Pinned::parse("2026-11-24").unwrap().since_ms, None);
    /// assert!(Pinned::parse("gestern").is_err());
    /// assert!(Pinned::parse("2026-11-24@soon").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Pinned, ClockError> {
        let bad = || ClockError {
            value: text.to_owned(),
        };
        let (instant, since) = match text.split_once('@') {
            Some((instant, since)) => (instant, Some(since.trim().parse().map_err(|_| bad())?)),
            None => (text, None),
        };
        let seconds = parse_instant(instant).ok_or_else(bad)?;
        Ok(Pinned {
            instant_ms: seconds * 1000,
            since_ms: since,
        })
    }

    /// What to add to the system clock: fixed by `since_ms`, or by `system_ms` now.
    fn offset_ms(self, system_ms: i64) -> i64 {
        self.instant_ms - self.since_ms.unwrap_or(system_ms)
    }
}

/// `LERNORT_NOW` holds something that is not an instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClockError {
    /// The variable's value.
    pub value: String,
}

impl fmt::Display for ClockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{VARIABLE}={:?} is not an instant: write it like 2026-11-24T10:30:00+01:00 \
             (optionally followed by @ and the Unix milliseconds it was pinned at), \
             or unset it to use the system clock",
            self.value
        )
    }
}

impl std::error::Error for ClockError {}

/// The pinned clock in `LERNORT_NOW`, if any. Programs call this at start: an error is a
/// value that is not an instant (and [`unix_ms`] would use the system clock instead).
pub fn from_env() -> Result<Option<Pinned>, ClockError> {
    match std::env::var(VARIABLE) {
        Ok(text) if !text.trim().is_empty() => Pinned::parse(&text).map(Some),
        Ok(_) => Ok(None),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(value)) => Err(ClockError {
            value: value.to_string_lossy().into_owned(),
        }),
    }
}

/// For a program's start line: `None` with the system clock, else what the clock shows,
/// e.g. `clock pinned by LERNORT_NOW (tests only): 24.11.2026 10:30`.
pub fn describe() -> Option<String> {
    offset_ms().map(|_| {
        format!(
            "clock pinned by {VARIABLE} (tests only): {}",
            to_berlin(unix_seconds())
        )
    })
}

fn system_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The pinned clock's offset from the system clock, fixed at the first call.
fn offset_ms() -> Option<i64> {
    static OFFSET: OnceLock<Option<i64>> = OnceLock::new();
    *OFFSET.get_or_init(|| {
        from_env()
            .ok()
            .flatten()
            .map(|pinned| pinned.offset_ms(system_ms()))
    })
}

/// Now, in Unix milliseconds (0 before 1970).
pub fn unix_ms() -> i64 {
    let system = system_ms();
    offset_ms().map_or(system, |offset| system + offset).max(0)
}

/// Now, in Unix seconds.
pub fn unix_seconds() -> i64 {
    unix_ms().div_euclid(1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pinned_clock_runs_on_from_its_instant() {
        let pinned = Pinned::parse("2026-11-24T10:30:00+01:00").unwrap();
        // First asked when the system clock showed 5,000 ms: it shows the instant then…
        let offset = pinned.offset_ms(5_000);
        assert_eq!(5_000 + offset, pinned.instant_ms);
        // …and 1.5 s later, 1.5 s more.
        assert_eq!(6_500 + offset, pinned.instant_ms + 1_500);
    }

    #[test]
    fn clocks_given_the_same_anchor_agree_whenever_they_start() {
        let pinned = Pinned::parse("2026-11-24T10:30:00+01:00@1000").unwrap();
        // Two programs, one started 10 minutes after the other, see the same time.
        assert_eq!(pinned.offset_ms(2_000), pinned.offset_ms(602_000));
        assert_eq!(1_000 + pinned.offset_ms(0), pinned.instant_ms);
    }

    #[test]
    fn the_error_says_what_to_write() {
        let error = Pinned::parse("24.11.2026").unwrap_err().to_string();
        assert!(error.contains("LERNORT_NOW=\"24.11.2026\""), "{error}");
        assert!(error.contains("2026-11-24T10:30:00+01:00"), "{error}");
    }
}
