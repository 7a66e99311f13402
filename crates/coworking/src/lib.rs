//! Co-working availability (docs/coworking-format.md).
//!
//! [`status`] holds the status document — what the gateway serves at `api/coworking` and a
//! scheduled job may write as a file — and the plain functions the app needs to present
//! it ("3 of 8 desks free"). The wasm app depends on this module only; everything that
//! derives a status (booking calendars, the sensor floor, holidays, the load history) is
//! native and lives in the other modules, behind the default feature `native`:
//! [`config`] (`centres/<id>/coworking/spaces.json`), [`bookings`] (a space's iCalendar
//! file as time ranges), [`holidays`] (NRW), [`presence`] (the floor's segments of a
//! space), [`derive`] ([`derive::status_at`]), [`history`] (the typical load by weekday
//! and hour) and [`cli`] (`lernort-coworking`, the document as a file for static hosting).

#![warn(missing_docs)]

pub mod present;
pub mod status;

// Native only (the default feature `native`): everything that derives a status.
// The wasm app depends with `default-features = false` and gets `status` and `present`.
#[cfg(feature = "native")]
pub mod bookings;
#[cfg(feature = "native")]
pub mod cli;
#[cfg(feature = "native")]
pub mod config;
#[cfg(feature = "native")]
pub mod derive;
#[cfg(feature = "native")]
pub mod history;
#[cfg(feature = "native")]
pub mod holidays;
#[cfg(feature = "native")]
pub mod presence;

pub use status::{
    Booking, BookingInfo, CoworkingStatus, Features, Load, Opening, Plan, Shape, Space, SpaceKind,
    SpaceStatus, Zone, FORMAT,
};
