//! The app's URLs, in one place. German paths, because the site is German first.
//!
//! The router matches these paths below the page's base (`<base href>`, set per deployment
//! by `lernort-dist finish --base`); links must be made with [`href`] so they carry it.

use crate::dom;

/// Start page.
pub const HOME: &str = "/";
/// Course catalogue.
pub const COURSES: &str = "/kurse";
/// Co-working availability.
pub const COWORKING: &str = "/coworking";
/// Live sensor floor.
pub const FLOOR: &str = "/sensorboden";
/// Kiosk mode for the screens in the lab.
pub const KIOSK: &str = "/kiosk";
/// Imprint.
pub const IMPRINT: &str = "/impressum";
/// Privacy notice.
pub const PRIVACY: &str = "/datenschutz";
/// Accessibility statement.
pub const ACCESSIBILITY: &str = "/barrierefreiheit";

/// The page of one course.
pub fn course(id: &str) -> String {
    format!("{COURSES}/{id}")
}

/// A link to an app path, with the deployment's base path in front.
pub fn href(path: &str) -> String {
    format!("{}{}", dom::base_path(), path)
}
