//! One module per route.
//!
//! A wasm build holds the pages of its features only (see the crate's `[features]`): the
//! catalogue's pages and the floor page live in different bundles, so that a visitor
//! downloads one of them, not both. [`in_this_build`] says which routes this build can show;
//! the router leaves links to the others to the browser, which loads them from the server
//! with the right bundle.

use lernort_routes::{Feature, Route};

pub mod config_error;
#[cfg(feature = "catalogue")]
pub mod course;
#[cfg(feature = "catalogue")]
pub mod courses;
#[cfg(feature = "coworking")]
pub mod coworking;
#[cfg(feature = "start")]
pub mod easy_language;
#[cfg(feature = "catalogue")]
pub mod favourites;
#[cfg(feature = "floor")]
pub mod floor;
#[cfg(feature = "start")]
pub mod home;
#[cfg(feature = "kiosk")]
pub mod kiosk;
#[cfg(feature = "start")]
pub mod legal;
pub mod not_found;

/// Whether this build has the page for `route`; links to the others load from the server,
/// which answers each path with its bundle's shell (the bundle table,
/// [`lernort_routes::Bundle`]).
pub fn in_this_build(route: &Route) -> bool {
    route.feature().is_none_or(built_with)
}

/// Whether this build was compiled with `feature`.
fn built_with(feature: Feature) -> bool {
    match feature {
        Feature::Start => cfg!(feature = "start"),
        Feature::Floor => cfg!(feature = "floor"),
        Feature::Catalogue => cfg!(feature = "catalogue"),
        Feature::Coworking => cfg!(feature = "coworking"),
        Feature::Kiosk => cfg!(feature = "kiosk"),
    }
}
