//! One module per route.

pub mod config_error;
pub mod course;
pub mod courses;
pub mod coworking;
pub mod floor;
pub mod home;
pub mod kiosk;
pub mod legal;
pub mod not_found;
