//! Where a slide's QR code leads: the same content as a normal page, on the phone.

use lernort_routes::Route;

use crate::settings::View;

/// The site's page with a view's content: the floor page, the catalogue, co-working, the
/// start page (opening hours, address, contact).
pub fn phone_route(view: Option<View>) -> Route {
    match view {
        Some(View::Floor) => Route::Floor,
        Some(View::Courses) => Route::Courses,
        Some(View::Coworking) => Route::Coworking,
        Some(View::Info) | None => Route::Home,
    }
}

/// The address for the phone: below the centre's public `site_url` when it has one (a
/// screen in the building may load the app from an internal host that phones cannot
/// reach), else below the kiosk page's own base URL.
///
/// ```
/// use lernort_kiosk::{phone_url, View};
/// let floor = phone_url(Some("https://dilas.soest.de/"), "http://10.0.0.5:8080/", Some(View::Floor));
/// assert_eq!(floor, "https://dilas.soest.de/sensorboden");
/// let home = phone_url(None, "http://localhost:8080/lernort/", None);
/// assert_eq!(home, "http://localhost:8080/lernort/");
/// ```
pub fn phone_url(site_url: Option<&str>, page_base: &str, view: Option<View>) -> String {
    let root = site_url.unwrap_or(page_base).trim_end_matches('/');
    match phone_route(view) {
        Route::Home => format!("{root}/"),
        route => format!("{root}{}", route.path()),
    }
}

/// The address as people read it under the code: without `https://` and `www.`.
///
/// ```
/// assert_eq!(lernort_kiosk::readable_url("https://www.dilas.soest.de/kurse"), "dilas.soest.de/kurse");
/// ```
pub fn readable_url(url: &str) -> &str {
    let url = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    url.strip_prefix("www.").unwrap_or(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_view_leads_to_its_page() {
        let site = Some("https://example.org/lernort");
        let urls: Vec<String> = View::ALL
            .iter()
            .map(|&v| phone_url(site, "http://screen/", Some(v)))
            .collect();
        assert_eq!(
            urls,
            [
                "https://example.org/lernort/sensorboden",
                "https://example.org/lernort/kurse",
                "https://example.org/lernort/coworking",
                "https://example.org/lernort/",
            ]
        );
    }
}
