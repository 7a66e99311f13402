//! What a screen shows, read from the kiosk URL's query string.
//!
//! The screens are set up once by whoever mounts them, by typing an address; so every
//! parameter is optional, a wrong value falls back to its default (and is reported by
//! [`Settings::from_query`], for the console), and the defaults make a good rotation.

use lernort_i18n::Lang;

/// One kind of slide.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum View {
    /// The live sensor floor.
    Floor,
    /// Today's and the next courses.
    Courses,
    /// Co-working now.
    Coworking,
    /// Opening hours, how to get there, contact.
    Info,
}

impl View {
    /// Every view, in the default order.
    pub const ALL: [View; 4] = [View::Floor, View::Courses, View::Coworking, View::Info];

    /// The view's name in the URL (`views=floor,courses`) and in `data-view`.
    pub fn id(self) -> &'static str {
        match self {
            View::Floor => "floor",
            View::Courses => "courses",
            View::Coworking => "coworking",
            View::Info => "info",
        }
    }

    /// The view named `id`; the German names of the site's pages are understood too.
    ///
    /// ```
    /// use lernort_kiosk::View;
    /// assert_eq!(View::from_id("floor"), Some(View::Floor));
    /// assert_eq!(View::from_id("kurse"), Some(View::Courses));
    /// assert_eq!(View::from_id("weather"), None);
    /// ```
    pub fn from_id(id: &str) -> Option<View> {
        match id {
            "floor" | "sensorboden" => Some(View::Floor),
            "courses" | "kurse" => Some(View::Courses),
            "coworking" => Some(View::Coworking),
            "info" => Some(View::Info),
            _ => None,
        }
    }
}

/// A slide in the rotation: a view and how long it stays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slide {
    /// What it shows.
    pub view: View,
    /// How long it stays, in seconds.
    pub seconds: u32,
}

/// Light text on dark (the default: calmer in a room, kinder to the panel) or dark on light.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Light text on a dark background.
    #[default]
    Dark,
    /// Dark text on a light grey (never pure white) background.
    Light,
}

impl Theme {
    /// The theme's name in the URL and in `data-theme`.
    pub fn id(self) -> &'static str {
        match self {
            Theme::Dark => "dark",
            Theme::Light => "light",
        }
    }
}

/// Outside opening hours: the dimmed night slide (default), or the rotation as by day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Night {
    /// The night slide while the centre is closed.
    #[default]
    Auto,
    /// Always the rotation (a screen that is switched off at night anyway).
    Off,
}

/// Seconds per slide unless the URL says otherwise.
pub const DEFAULT_SECONDS: u32 = 20;
/// The shortest and longest time a slide may stay: shorter cannot be read, longer is not
/// a rotation.
pub const SECONDS_RANGE: (u32, u32) = (5, 3600);

/// A kiosk screen's settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The rotation, in order; never empty. A view may appear more than once.
    pub slides: Vec<Slide>,
    /// The language, when the URL chose one (else the device's choice or German).
    pub lang: Option<Lang>,
    /// Dark or light.
    pub theme: Theme,
    /// What happens outside opening hours.
    pub night: Night,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            slides: View::ALL
                .iter()
                .map(|&view| Slide {
                    view,
                    seconds: DEFAULT_SECONDS,
                })
                .collect(),
            lang: None,
            theme: Theme::default(),
            night: Night::default(),
        }
    }
}

impl Settings {
    /// Reads the query string (with or without its `?`): `views` (comma-separated view
    /// names, each optionally with its own seconds: `floor:30`), `seconds` (for the views
    /// without their own), `lang` (`de`, `en`), `theme` (`dark`, `light`), `night`
    /// (`auto`, `off`). Returns the settings and what was wrong, in words.
    ///
    /// ```
    /// use lernort_kiosk::{Settings, Slide, Theme, View};
    /// let (settings, problems) = Settings::from_query("?views=courses:30,floor&seconds=10&theme=light");
    /// assert_eq!(settings.slides, [
    ///     Slide { view: View::Courses, seconds: 30 },
    ///     Slide { view: View::Floor, seconds: 10 },
    /// ]);
    /// assert_eq!(settings.theme, Theme::Light);
    /// assert!(problems.is_empty());
    /// ```
    pub fn from_query(query: &str) -> (Settings, Vec<String>) {
        let mut settings = Settings::default();
        let mut problems = Vec::new();
        let mut views: Option<&str> = None;
        let mut seconds = DEFAULT_SECONDS;
        for pair in query.trim_start_matches('?').split('&') {
            if pair.is_empty() {
                continue;
            }
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "views" => views = Some(value),
                "seconds" => match parse_seconds(value) {
                    Some(s) => seconds = s,
                    None => problems.push(format!("seconds={value}: {}", range_text())),
                },
                "lang" => match Lang::from_code(value) {
                    Some(lang) => settings.lang = Some(lang),
                    None => problems.push(format!("lang={value}: use de or en")),
                },
                "theme" => match value {
                    "dark" => settings.theme = Theme::Dark,
                    "light" => settings.theme = Theme::Light,
                    _ => problems.push(format!("theme={value}: use dark or light")),
                },
                "night" => match value {
                    "auto" => settings.night = Night::Auto,
                    "off" => settings.night = Night::Off,
                    _ => problems.push(format!("night={value}: use auto or off")),
                },
                _ => problems.push(format!("{key}: unknown parameter")),
            }
        }
        let mut slides = Vec::new();
        // Commas may arrive percent-encoded when the address was pasted from elsewhere.
        let views = views.map(|v| v.replace("%2C", ",").replace("%2c", ","));
        for item in views.iter().flat_map(|v| v.split(',')) {
            if item.is_empty() {
                continue;
            }
            let (name, own) = match item.split_once(':') {
                Some((name, own)) => (name, Some(own)),
                None => (item, None),
            };
            let Some(view) = View::from_id(name) else {
                problems.push(format!(
                    "views: {name} is not a view (floor, courses, coworking, info)"
                ));
                continue;
            };
            let seconds = match own.map(parse_seconds) {
                None => seconds,
                Some(Some(own)) => own,
                Some(None) => {
                    problems.push(format!("views: {item}: {}", range_text()));
                    seconds
                }
            };
            slides.push(Slide { view, seconds });
        }
        if slides.is_empty() {
            if views.is_some() {
                problems.push("views: no view left, showing all".to_string());
            }
            slides = View::ALL
                .iter()
                .map(|&view| Slide { view, seconds })
                .collect();
        }
        settings.slides = slides;
        (settings, problems)
    }

    /// The views on the screen, each once, in order of first appearance (each is built
    /// once and stays, whatever the rotation).
    ///
    /// ```
    /// use lernort_kiosk::{Settings, View};
    /// let (settings, _) = Settings::from_query("views=floor,info,floor");
    /// assert_eq!(settings.views(), [View::Floor, View::Info]);
    /// ```
    pub fn views(&self) -> Vec<View> {
        let mut views: Vec<View> = Vec::new();
        for slide in &self.slides {
            if !views.contains(&slide.view) {
                views.push(slide.view);
            }
        }
        views
    }
}

fn parse_seconds(value: &str) -> Option<u32> {
    let seconds: u32 = value.parse().ok()?;
    (SECONDS_RANGE.0..=SECONDS_RANGE.1)
        .contains(&seconds)
        .then_some(seconds)
}

fn range_text() -> String {
    format!(
        "use whole seconds from {} to {}",
        SECONDS_RANGE.0, SECONDS_RANGE.1
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_show_every_view_for_twenty_seconds() {
        let (settings, problems) = Settings::from_query("");
        assert!(problems.is_empty());
        assert_eq!(settings, Settings::default());
        assert_eq!(settings.views(), View::ALL);
        assert!(settings.slides.iter().all(|s| s.seconds == 20));
        assert_eq!(
            (settings.lang, settings.theme, settings.night),
            (None, Theme::Dark, Night::Auto)
        );
    }

    #[test]
    fn every_parameter_is_read() {
        let (settings, problems) =
            Settings::from_query("views=info:8,coworking&seconds=12&lang=en&theme=dark&night=off");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            settings.slides,
            [
                Slide {
                    view: View::Info,
                    seconds: 8
                },
                Slide {
                    view: View::Coworking,
                    seconds: 12
                },
            ]
        );
        assert_eq!(settings.lang, Some(Lang::En));
        assert_eq!(settings.night, Night::Off);
    }

    #[test]
    fn seconds_apply_whatever_the_order_of_parameters() {
        let (a, _) = Settings::from_query("seconds=7&views=floor");
        let (b, _) = Settings::from_query("views=floor&seconds=7");
        assert_eq!(a, b);
        assert_eq!(a.slides[0].seconds, 7);
    }

    #[test]
    fn wrong_values_fall_back_and_are_reported() {
        let (settings, problems) = Settings::from_query(
            "views=floor:2,weather,courses:abc&seconds=99999&lang=fr&theme=pink&night=never&x=1",
        );
        assert_eq!(
            settings.slides,
            [
                Slide {
                    view: View::Floor,
                    seconds: 20
                },
                Slide {
                    view: View::Courses,
                    seconds: 20
                },
            ]
        );
        assert_eq!(
            (settings.lang, settings.theme, settings.night),
            (None, Theme::Dark, Night::Auto)
        );
        assert_eq!(problems.len(), 8, "{problems:?}");
    }

    #[test]
    fn no_valid_view_shows_all() {
        let (settings, problems) = Settings::from_query("views=,weather,&seconds=9");
        assert_eq!(settings.views(), View::ALL);
        assert!(settings.slides.iter().all(|s| s.seconds == 9));
        assert_eq!(problems.len(), 2);
    }

    #[test]
    fn encoded_commas_and_german_names() {
        let (settings, problems) = Settings::from_query("views=sensorboden%2Ckurse");
        assert!(problems.is_empty());
        assert_eq!(settings.views(), [View::Floor, View::Courses]);
    }

    #[test]
    fn view_ids_round_trip() {
        for view in View::ALL {
            assert_eq!(View::from_id(view.id()), Some(view));
        }
    }
}
