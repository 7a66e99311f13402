//! Which page is in which wasm bundle: the one table.
//!
//! Every visitor pays for the wasm of the page they open first, so the app is built four
//! times from one crate, each time with some Cargo features (ARCHITECTURE.md, "Bundles").
//! Everything that must agree on that reads it from here: the app (which links it can
//! follow itself, `pages::in_this_build`), `lernort-dist` (the shells it finishes, the
//! pages it writes from them, the service worker's shell per path, which bundles are
//! kept offline), and `lernort-dist bundles`, which `scripts/build` and `scripts/test`
//! loop over. A test in `lernort-dist` checks `Cargo.toml`'s features and each Trunk entry
//! file against it.

use crate::Route;

/// One build of the app: a Trunk entry file and the Cargo features it builds with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bundle {
    /// The start page, the floor, Leichte Sprache and the legal pages; every path the
    /// server has no file for is answered with its shell.
    Start,
    /// The course list, the course pages and the favourites.
    Catalogue,
    /// The co-working page, with its chart (plotters).
    Coworking,
    /// The lab's screens: the floor and the catalogue's and co-working's data, without
    /// their pages.
    Kiosk,
}

/// A Cargo feature of the app crate that some page needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Feature {
    /// The start page, Leichte Sprache, the legal pages.
    Start,
    /// The live floor.
    Floor,
    /// The catalogue's pages.
    Catalogue,
    /// The co-working page.
    Coworking,
    /// The kiosk.
    Kiosk,
}

impl Feature {
    /// Every feature.
    pub const ALL: [Feature; 5] = [
        Feature::Start,
        Feature::Floor,
        Feature::Catalogue,
        Feature::Coworking,
        Feature::Kiosk,
    ];

    /// Its name in `Cargo.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Feature::Start => "start",
            Feature::Floor => "floor",
            Feature::Catalogue => "catalogue",
            Feature::Coworking => "coworking",
            Feature::Kiosk => "kiosk",
        }
    }
}

impl Bundle {
    /// Every bundle; [`Bundle::Start`] first (the server's answer for unknown paths).
    pub const ALL: [Bundle; 4] = [
        Bundle::Start,
        Bundle::Catalogue,
        Bundle::Coworking,
        Bundle::Kiosk,
    ];

    /// Its Trunk entry file, which `lernort-dist finish` turns into its shell.
    pub const fn shell(self) -> &'static str {
        match self {
            Bundle::Start => "index.html",
            Bundle::Catalogue => "catalogue.html",
            Bundle::Coworking => "coworking.html",
            Bundle::Kiosk => "kiosk.html",
        }
    }

    /// The features it is built with (`data-cargo-features` in its entry file).
    pub fn features(self) -> &'static [Feature] {
        match self {
            Bundle::Start => &[Feature::Start, Feature::Floor],
            Bundle::Catalogue => &[Feature::Catalogue],
            Bundle::Coworking => &[Feature::Coworking],
            Bundle::Kiosk => &[Feature::Kiosk],
        }
    }

    /// The features as `data-cargo-features` and `cargo --features` write them.
    pub fn feature_list(self) -> String {
        let names: Vec<&str> = self.features().iter().map(|f| f.name()).collect();
        names.join(",")
    }

    /// Whether the service worker keeps it for offline use. The kiosk is not: its
    /// screens are online, and its code would weigh on every visitor's phone.
    pub fn offline(self) -> bool {
        self != Bundle::Kiosk
    }

    /// The bundle that serves `route`'s page: the first of [`Bundle::ALL`] built with the
    /// feature the page needs (the floor page lives in the start bundle, although the
    /// kiosk has the floor too).
    pub fn of(route: &Route) -> Bundle {
        let Some(feature) = route.feature() else {
            return Bundle::Start;
        };
        Bundle::ALL
            .into_iter()
            .find(|bundle| bundle.features().contains(&feature))
            .unwrap_or(Bundle::Start)
    }
}

impl Route {
    /// The feature a build needs to show this page; `None` for the not-found page, which
    /// every build has.
    pub fn feature(&self) -> Option<Feature> {
        Some(match self {
            Route::Courses | Route::Course { .. } | Route::Favourites => Feature::Catalogue,
            Route::Floor => Feature::Floor,
            Route::Coworking => Feature::Coworking,
            Route::Kiosk => Feature::Kiosk,
            Route::Home
            | Route::EasyLanguage
            | Route::Imprint
            | Route::Privacy
            | Route::Accessibility => Feature::Start,
            Route::NotFound => return None,
        })
    }
}

/// The first path segment of every page not served by the start bundle, with the shell
/// that serves it (`kurse` covers `kurse/<slug>`): the service worker's map, the pages
/// `lernort-dist` writes from a shell.
pub fn shell_paths() -> Vec<(&'static str, Bundle)> {
    crate::FIXED
        .iter()
        .map(|(segment, route)| (*segment, Bundle::of(route)))
        .filter(|(_, bundle)| *bundle != Bundle::Start)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_is_in_exactly_the_bundle_that_serves_it() {
        assert_eq!(Bundle::of(&Route::Home), Bundle::Start);
        assert_eq!(Bundle::of(&Route::Floor), Bundle::Start);
        assert_eq!(Bundle::of(&Route::NotFound), Bundle::Start);
        let course = Route::Course { id: "a".into() };
        assert_eq!(Bundle::of(&course), Bundle::Catalogue);
        assert_eq!(Bundle::of(&Route::Favourites), Bundle::Catalogue);
        assert_eq!(Bundle::of(&Route::Coworking), Bundle::Coworking);
        assert_eq!(Bundle::of(&Route::Kiosk), Bundle::Kiosk);
        // Every feature is in some bundle, and every bundle serves some page.
        for feature in Feature::ALL {
            assert!(Bundle::ALL.iter().any(|b| b.features().contains(&feature)));
        }
        for bundle in Bundle::ALL {
            assert!(
                Route::fixed().any(|r| Bundle::of(&r) == bundle),
                "{bundle:?}"
            );
        }
    }

    #[test]
    fn the_shells_by_path() {
        assert_eq!(
            shell_paths(),
            [
                ("kurse", Bundle::Catalogue),
                ("coworking", Bundle::Coworking),
                ("kiosk", Bundle::Kiosk),
                ("merkliste", Bundle::Catalogue),
            ]
        );
        assert_eq!(Bundle::Start.feature_list(), "start,floor");
    }
}
