//! What the import tests read from an import: its "now", its messages, its courses.

#![allow(dead_code)]

use lernort_catalogue::{Course, Timestamp};
use lernort_import::report::Message;
use lernort_import::Import;

/// The import's "now" in these tests: Saturday 21 November 2026, noon in Berlin.
pub const NOW: &str = "2026-11-21T12:00:00+01:00";

/// [`NOW`], parsed.
pub fn now() -> Timestamp {
    Timestamp::parse(NOW).unwrap()
}

/// Every message of the run, each as printed (`file:line: field: text`).
pub fn messages(import: &Import) -> Vec<String> {
    import
        .report
        .messages
        .iter()
        .map(Message::to_string)
        .collect()
}

/// The course named `name`; fails the test, listing the names, when there is none.
pub fn course<'a>(import: &'a Import, name: &str) -> &'a Course {
    import
        .catalogue
        .courses
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no course {name:?} in {:?}", names(import)))
}

/// The courses' names, in catalogue order.
pub fn names(import: &Import) -> Vec<&str> {
    import
        .catalogue
        .courses
        .iter()
        .map(|c| c.name.as_str())
        .collect()
}
