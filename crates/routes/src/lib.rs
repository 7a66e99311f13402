//! The app's URLs as a type.
//!
//! [`Route::parse`] and [`Route::path`] are the one place where a URL is made or read, so
//! a link can never point at a page the app does not have. The paths are German, because
//! the site is German first, and relative to the deployment's base path (`/` or e.g.
//! `/lernort/`): the app strips the base before parsing and adds it when linking.
//!
//! ```
//! use lernort_routes::Route;
//! let route = Route::parse("/kurse/ki-fuer-einsteiger");
//! assert_eq!(route, Route::Course { id: "ki-fuer-einsteiger".into() });
//! assert_eq!(route.path(), "/kurse/ki-fuer-einsteiger");
//! assert_eq!(Route::parse("/gibt-es-nicht"), Route::NotFound);
//! ```

mod bundle;

pub use bundle::{shell_paths, Bundle, Feature};

/// A page of the app.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Route {
    /// `/` — the start page.
    Home,
    /// `/kurse` — the course catalogue.
    Courses,
    /// `/kurse/<id>` — one course; ids are lowercase ASCII letters, digits and hyphens.
    Course {
        /// The course's URL slug.
        id: String,
    },
    /// `/coworking` — co-working availability.
    Coworking,
    /// `/sensorboden` — the live sensor floor.
    Floor,
    /// `/kiosk` — the unattended screens in the lab.
    Kiosk,
    /// `/impressum` — imprint.
    Imprint,
    /// `/datenschutz` — privacy notice.
    Privacy,
    /// `/barrierefreiheit` — accessibility statement.
    Accessibility,
    /// `/merkliste` — the courses the visitor marked, kept on their device.
    Favourites,
    /// `/leichte-sprache` — what the site offers, in Leichte Sprache (easy German).
    EasyLanguage,
    /// Any other path.
    NotFound,
}

/// The fixed routes with their single path segment (everything but `Home`, `Course`, `NotFound`).
const FIXED: [(&str, Route); 9] = [
    ("kurse", Route::Courses),
    ("coworking", Route::Coworking),
    ("sensorboden", Route::Floor),
    ("kiosk", Route::Kiosk),
    ("impressum", Route::Imprint),
    ("datenschutz", Route::Privacy),
    ("barrierefreiheit", Route::Accessibility),
    ("merkliste", Route::Favourites),
    ("leichte-sprache", Route::EasyLanguage),
];

impl Route {
    /// Every page that has a fixed path, for site maps and tests.
    pub fn fixed() -> impl Iterator<Item = Route> {
        std::iter::once(Route::Home).chain(FIXED.iter().map(|(_, route)| route.clone()))
    }

    /// The route for a path below the base. A trailing slash is allowed; a query string or
    /// fragment must already be cut off.
    ///
    /// ```
    /// use lernort_routes::Route;
    /// assert_eq!(Route::parse(""), Route::Home);
    /// assert_eq!(Route::parse("/kurse/"), Route::Courses);
    /// assert_eq!(Route::parse("/Kurse"), Route::NotFound); // paths are case-sensitive
    /// assert_eq!(Route::parse("/kurse/ein%20kurs"), Route::NotFound);
    /// ```
    pub fn parse(path: &str) -> Route {
        let path = path.strip_prefix('/').unwrap_or(path);
        if path.is_empty() {
            return Route::Home;
        }
        let path = path.strip_suffix('/').unwrap_or(path);
        let mut segments = path.split('/');
        match (segments.next(), segments.next(), segments.next()) {
            (Some("kurse"), Some(id), None) if is_slug(id) => Route::Course { id: id.to_string() },
            (Some(first), None, None) => FIXED
                .iter()
                .find(|(segment, _)| *segment == first)
                .map_or(Route::NotFound, |(_, route)| route.clone()),
            _ => Route::NotFound,
        }
    }

    /// The path of this route below the base, starting with `/`.
    /// `NotFound` has no path of its own and gives `/`'s neighbour `/404`.
    pub fn path(&self) -> String {
        match self {
            Route::Home => "/".to_string(),
            Route::Course { id } => format!("/kurse/{id}"),
            Route::NotFound => "/404".to_string(),
            fixed => FIXED
                .iter()
                .find(|(_, route)| route == fixed)
                .map(|(segment, _)| format!("/{segment}"))
                .unwrap_or_default(),
        }
    }

    /// The main-navigation entry this page belongs to (a course and the favourites belong
    /// to the catalogue), so the navigation can mark it with `aria-current`.
    ///
    /// ```
    /// use lernort_routes::Route;
    /// assert_eq!(Route::Course { id: "x".into() }.section(), Route::Courses);
    /// assert_eq!(Route::Favourites.section(), Route::Courses);
    /// assert_eq!(Route::Floor.section(), Route::Floor);
    /// ```
    pub fn section(&self) -> Route {
        match self {
            Route::Course { .. } | Route::Favourites => Route::Courses,
            other => other.clone(),
        }
    }
}

/// A URL slug: 1–100 lowercase ASCII letters, digits and inner hyphens.
pub fn is_slug(text: &str) -> bool {
    (1..=100).contains(&text.len())
        && !text.starts_with('-')
        && !text.ends_with('-')
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fixed_route_round_trips() {
        let mut paths = std::collections::HashSet::new();
        for route in Route::fixed() {
            let path = route.path();
            assert_eq!(Route::parse(&path), route, "{path}");
            if route != Route::Home {
                assert_eq!(Route::parse(&format!("{path}/")), route, "{path}/");
            }
            assert!(paths.insert(path), "two routes share a path");
        }
        assert_eq!(paths.len(), 10);
    }

    #[test]
    fn course_ids_are_slugs() {
        for good in ["a", "ki-fuer-einsteiger", "python-2027-1"] {
            assert_eq!(
                Route::parse(&format!("/kurse/{good}")).path(),
                format!("/kurse/{good}")
            );
        }
        for bad in ["", "-a", "a-", "Ä", "a_b", "a.b", "a b", &"x".repeat(101)] {
            assert_eq!(
                Route::parse(&format!("/kurse/{bad}/")),
                Route::NotFound,
                "{bad:?}"
            );
        }
        assert_eq!(Route::parse("/kurse/a/b"), Route::NotFound);
    }

    #[test]
    fn unknown_paths_are_not_found() {
        for path in [
            "/x",
            "/impressum/x",
            "//",
            "/coworking//",
            "/index.html",
            "/404",
        ] {
            assert_eq!(Route::parse(path), Route::NotFound, "{path}");
        }
    }
}
