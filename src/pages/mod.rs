//! One module per route.
//!
//! A wasm build holds the pages of its features only (see the crate's `[features]`): the
//! catalogue's pages and the floor page live in different bundles, so that a visitor
//! downloads one of them, not both. [`in_this_build`] says which routes this build can show;
//! the router leaves links to the others to the browser, which loads them from the server
//! with the right bundle.

use lernort_routes::Route;

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

/// Whether this build has the page for `route`; links to the others load from the server.
///
/// The catalogue's, co-working's and the kiosk's pages exist as files (`kurse/…/index.html`,
/// `merkliste/index.html`, `coworking/index.html`, `kiosk/index.html`) written from their
/// bundles' shells; the server answers every other path with `index.html`, the start bundle.
pub fn in_this_build(route: &Route) -> bool {
    match route {
        Route::Courses | Route::Course { .. } | Route::Favourites => cfg!(feature = "catalogue"),
        Route::Floor => cfg!(feature = "floor"),
        Route::Coworking => cfg!(feature = "coworking"),
        Route::Kiosk => cfg!(feature = "kiosk"),
        Route::Home
        | Route::EasyLanguage
        | Route::Imprint
        | Route::Privacy
        | Route::Accessibility => cfg!(feature = "start"),
        Route::NotFound => true,
    }
}
