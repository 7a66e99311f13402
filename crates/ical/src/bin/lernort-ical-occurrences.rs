//! Prints every occurrence of every `VEVENT` in the calendars under a directory that
//! overlaps a window, as one JSON document: the format `tests/ical-corpus/compare.py`
//! compares with the oracle's (`recurring-ical-events`). Run by `scripts/ical-corpus`.
//!
//!   lernort-ical-occurrences --from 1990-01-01 --to 2040-01-01 DIR

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use lernort_ical::{Calendar, Time};
use lernort_time::Date;
use serde_json::json;

/// How many dates of one rule are expanded at most: enough for a daily rule over the
/// whole window.
const LIMIT: usize = 20_000;

/// Prints every occurrence of the calendars under DIR that overlaps the window, as JSON.
#[derive(Parser)]
#[command(name = "lernort-ical-occurrences")]
struct Args {
    /// The window's first day, like 1990-01-01.
    #[arg(long, value_parser = lernort_cli::text(|t: &str| day(t).ok_or("not a date like 1990-01-01")))]
    from: Date,
    /// The day after the window, like 2040-01-01.
    #[arg(long, value_parser = lernort_cli::text(|t: &str| day(t).ok_or("not a date like 2040-01-01")))]
    to: Date,
    /// The folder of .ics files (searched below).
    dir: PathBuf,
}

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(error) => return lernort_cli::exit("lernort-ical-occurrences", &error),
    };
    let mut files = Vec::new();
    collect(&args.dir, &mut files);
    files.sort();
    // One calendar a line, so that a diff shows which one changed.
    println!(
        "{{\"from\": {}, \"to\": {}, \"calendars\": [",
        json!(text(Time::Date(args.from))),
        json!(text(Time::Date(args.to)))
    );
    for (i, file) in files.iter().enumerate() {
        let name = file
            .strip_prefix(&args.dir)
            .unwrap_or(file)
            .to_string_lossy()
            .to_string();
        let entry = match std::fs::read(file) {
            Ok(bytes) => match calendar(&name, &bytes, args.from, args.to) {
                Ok(list) => json!({"file": name, "occurrences": list}),
                Err(e) => json!({"file": name, "error": e}),
            },
            Err(e) => json!({"file": name, "error": e.to_string()}),
        };
        let comma = if i + 1 < files.len() { "," } else { "" };
        println!("{entry}{comma}");
    }
    println!("]}}");
    ExitCode::SUCCESS
}

/// The occurrences of one calendar overlapping `start..end` (whole days; dates compared
/// as dates, times as wall-clock or UTC times), as pairs of start and end, sorted. What cannot be read
/// goes to stderr, named.
fn calendar(name: &str, bytes: &[u8], start: Date, end: Date) -> Result<Vec<[String; 2]>, String> {
    let calendar = Calendar::read(bytes).map_err(|e| e.to_string())?;
    let mut pairs = Vec::new();
    for event in calendar.events() {
        let occurrences = match event.occurrences(LIMIT) {
            Ok(o) => o,
            Err(problem) => {
                eprintln!("{name}: {problem}; left out");
                continue;
            }
        };
        for problem in &occurrences.problems {
            eprintln!("{name}: {problem}");
        }
        for o in occurrences.list {
            let (s, e) = (sort_key(o.start), sort_key(o.end));
            let (from, to) = (
                start.days_since_epoch() * 86_400,
                end.days_since_epoch() * 86_400,
            );
            // Overlapping the window; an event of no length counts where it starts.
            let inside = if s == e {
                s >= from && s < to
            } else {
                s < to && e > from
            };
            if inside {
                pairs.push([text(o.start), text(o.end)]);
            }
        }
    }
    pairs.sort();
    Ok(pairs)
}

/// Seconds as the window compares them: dates and floating times as if UTC.
fn sort_key(time: Time) -> i64 {
    match time {
        Time::Date(d) => d.days_since_epoch() * 86_400,
        Time::Instant(i) => i,
        Time::Floating(d, s) => d.days_since_epoch() * 86_400 + i64::from(s),
    }
}

/// The oracle's notation: `2026-11-24`, `2026-11-24T09:00:00Z` (UTC), `2026-11-24T10:00:00`
/// (floating).
fn text(time: Time) -> String {
    let day = |d: Date| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day);
    let clock = |s: i64| format!("T{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
    match time {
        Time::Date(d) => day(d),
        Time::Instant(i) => {
            let d = Date::from_days_since_epoch(i.div_euclid(86_400));
            format!("{}{}Z", day(d), clock(i.rem_euclid(86_400)))
        }
        Time::Floating(d, s) => format!("{}{}", day(d), clock(i64::from(s))),
    }
}

fn day(text: &str) -> Option<Date> {
    let mut parts = text.split('-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    Date::new(year, month, day)
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "ics") {
            files.push(path);
        }
    }
}
