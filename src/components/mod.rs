//! Building blocks shared by the pages.

#[cfg(feature = "catalogue")]
pub mod catalogue;
#[cfg(feature = "catalogue")]
pub mod catalogue_ui;
#[cfg(feature = "coworking")]
pub mod chart_canvas;
#[cfg(feature = "catalogue")]
pub mod course_dom;
#[cfg(feature = "coworking")]
pub mod coworking;
#[cfg(feature = "floor")]
pub mod floor;
#[cfg(feature = "floor")]
#[cfg(feature = "floor")]
pub mod floor_socket;
#[cfg(feature = "floor")]
pub mod floor_stream;
#[cfg(any(feature = "start", feature = "kiosk"))]
pub mod hours;
#[cfg(feature = "kiosk")]
pub mod kiosk;
pub mod language_switch;
pub mod page;
#[cfg(any(feature = "coworking", feature = "kiosk"))]
pub mod polled;
pub mod shell;
