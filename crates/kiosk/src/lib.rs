//! Kiosk mode for the screens in the lab: what the app's kiosk route computes, as plain,
//! natively tested Rust.
//!
//! - [`Settings::from_query`]: which views, their order and seconds, language, theme and
//!   night mode, from the URL (docs/kiosk.md);
//! - [`Rotation`]: which slide is on, driven by the app's clock;
//! - [`shift_at`]: the few pixels the static parts move every few minutes (burn-in);
//!   [`is_night`]: the night slide outside opening hours; [`clock_text`], [`date_line`];
//! - [`agenda`]: today's and the next courses, with [`state_text`] (places and providers
//!   are the catalogue's own: `Catalogue::place_text`, `Catalogue::provider_name`);
//! - [`qr_code`]: a QR code as an SVG path, made locally; [`phone_url`]: where it leads.
//!
//! ```
//! use lernort_kiosk::{Rotation, Settings, View};
//! let (settings, _) = Settings::from_query("views=courses,floor&seconds=15");
//! let mut rotation = Rotation::new(settings.slides.clone(), 0.0);
//! rotation.tick(15_000.0);
//! assert_eq!(rotation.current().view, View::Floor);
//! ```

#![warn(missing_docs)]

mod agenda;
mod link;
mod qr;
mod rotation;
mod screen;
mod settings;

pub use agenda::{agenda, state_text, AgendaItem};
pub use link::{phone_route, phone_url, readable_url};
pub use qr::{qr_code, QrPicture, QUIET_ZONE};
pub use rotation::Rotation;
pub use screen::{
    as_of_text, clock_text, date_line, is_night, shift_at, MAX_SHIFT_PX, SHIFT_EVERY_MS,
};
pub use settings::{Night, Settings, Slide, Theme, View, DEFAULT_SECONDS, SECONDS_RANGE};
