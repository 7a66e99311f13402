//! Recurrence rules: the `RRULE` subset of `lernort-ical`, re-exported (the import also
//! uses it for schema.org `Schedule`s).

pub use lernort_ical::recur::*;
