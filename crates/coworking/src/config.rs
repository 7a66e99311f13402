//! The centre's co-working config, `centres/<id>/coworking/spaces.json` (camelCase JSON,
//! docs/coworking-format.md): the plan, the spaces with their features, where their
//! bookings and presence come from, closing days, public holidays and how to book.
//!
//! Opening hours are the centre's weekly hours: `openingHours` in this file when given
//! (same shape as `opening_hours` in centre.json), otherwise read from the centre config
//! named by `centre` (default `../centre.json`, i.e. `centres/<id>/centre.json`).
//!
//! ```
//! use lernort_coworking::config::Config;
//! let json = r#"{
//!   "plan": {"width": 800, "height": 500, "zones": [
//!     {"id": "ruhe", "name": "Ruhezone", "shape": {"x": 0, "y": 0, "width": 400, "height": 500}}]},
//!   "openingHours": [{"days": ["mon"], "opens": "09:00", "closes": "17:00"}],
//!   "spaces": [{"id": "p1", "name": "Platz 1", "kind": "desk", "zone": "ruhe",
//!               "shape": {"x": 10, "y": 10, "width": 120, "height": 80}}]
//! }"#;
//! let config = Config::from_json(json, "spaces.json".as_ref()).unwrap();
//! assert_eq!(config.spaces[0].id, "p1");
//! assert_eq!(Config::from_json("{}", "spaces.json".as_ref()).unwrap_err().to_string(),
//!            "spaces.json:1:2: missing field `plan`");
//! ```

use std::collections::HashSet;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use lernort_centre::OpeningHours;
use lernort_i18n::Localized;
use lernort_time::Date;
use serde::{Deserialize, Deserializer};

use crate::status::{BookingInfo, Features, Plan, Shape, SpaceKind};

/// The file name of the co-working config in `centres/<id>/coworking/`.
pub const FILE_NAME: &str = "spaces.json";

/// A read and checked co-working config. Paths in it are resolved against the file's
/// directory.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    /// The floor plan the spaces are drawn on.
    pub plan: Plan,
    /// The desks and rooms, in the order the centre lists them.
    pub spaces: Vec<SpaceConfig>,
    /// The weekly opening hours (from this file or the centre config).
    pub opening_hours: OpeningHours,
    /// The centre config the hours were read from, when they were.
    pub centre: Option<PathBuf>,
    /// Days the centre is closed besides public holidays.
    pub closing_days: Vec<ClosingDay>,
    /// Whose public holidays close the centre.
    pub public_holidays: Option<HolidayRegion>,
    /// How to book.
    pub booking: Option<BookingInfo>,
}

/// One desk or room as configured.
#[derive(Clone, Debug, PartialEq)]
pub struct SpaceConfig {
    /// A slug, unique in the file.
    pub id: String,
    /// The name on the sign.
    pub name: Localized,
    /// Desk or room.
    pub kind: SpaceKind,
    /// The zone's id (one of the plan's zones).
    pub zone: String,
    /// Where it is on the plan.
    pub shape: Shape,
    /// What it offers.
    pub features: Features,
    /// The space's booking calendar: an .ics file (resolved against the config file's
    /// directory) or a URL the gateway polls.
    pub bookings: Option<Bookings>,
    /// Where the sensor floor sees someone at this space.
    pub presence: Option<PresenceConfig>,
    /// Not usable now, and why (e.g. "Monitor defekt").
    pub out_of_service: Option<Localized>,
}

/// Where a space's bookings come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Bookings {
    /// A calendar file.
    File(PathBuf),
    /// A calendar at a URL (`https://…`), fetched by the gateway every
    /// `bookings_refresh_s` into `copy`, the last good copy (in `.fetched/` beside the
    /// config), which is what is read.
    Url {
        /// As the config writes it.
        url: String,
        /// The last good copy.
        copy: PathBuf,
    },
}

impl Bookings {
    /// The file that is read: the calendar file, or the URL's last good copy.
    pub fn path(&self) -> &Path {
        match self {
            Bookings::File(path) | Bookings::Url { copy: path, .. } => path,
        }
    }

    /// The URL, for a calendar fetched from one.
    pub fn url(&self) -> Option<&str> {
        match self {
            Bookings::File(_) => None,
            Bookings::Url { url, .. } => Some(url),
        }
    }
}

/// Where the floor sees someone at a space: modules, single segments or a rectangle.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PresenceConfig {
    /// Whole modules (all 8 segments), by the hardware's module id.
    #[serde(default)]
    pub modules: Vec<u16>,
    /// Single segments, `"<module id>:<triangle>"`, e.g. `"257:nne"`.
    #[serde(default)]
    pub segments: Vec<String>,
    /// A rectangle of the floor (cm): every module whose centre lies in it.
    #[serde(default)]
    pub area: Option<FloorArea>,
    /// Whether presence makes the space occupied even without a booking. `false`: the
    /// floor is listed but ignored (e.g. a desk next to a walkway).
    pub counts_as_occupied: bool,
    /// How many segments must be stepped on (at least the layout's `scale.active`).
    /// Default 1.
    #[serde(default = "one")]
    pub min_segments: u16,
}

fn one() -> u16 {
    1
}

/// A rectangle on the floor layout, in cm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FloorArea {
    /// Left edge.
    pub x_cm: u16,
    /// Top edge.
    pub y_cm: u16,
    /// Width.
    pub w_cm: u16,
    /// Height.
    pub h_cm: u16,
}

/// Days the centre is closed, e.g. between Christmas and New Year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClosingDay {
    /// The first day.
    pub from: Date,
    /// The last day (inclusive); the same as `from` for a single day.
    pub to: Date,
    /// Why, e.g. "Betriebsferien".
    pub name: Localized,
}

/// A region whose public holidays close the centre.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HolidayRegion {
    /// North Rhine-Westphalia (see [`crate::holidays`]).
    Nrw,
}

/// Why a config cannot be used. `Display` is one line naming the file and, when known,
/// the field: `spaces.json: spaces[2].zone: "lounge" is not a zone of the plan`.
#[derive(Debug)]
pub enum ConfigError {
    /// A file cannot be read.
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// Not valid JSON, or a field has the wrong type.
    Syntax {
        /// The file.
        path: PathBuf,
        /// Line and column (from 1).
        at: (usize, usize),
        /// The problem.
        message: String,
    },
    /// Parses, but breaks these rules.
    Invalid {
        /// The file.
        path: PathBuf,
        /// `(field, problem)` pairs, e.g. `("spaces[2].zone", "…")`.
        problems: Vec<(String, String)>,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Read { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            ConfigError::Syntax { path, at, message } => {
                write!(f, "{}:{}:{}: {message}", path.display(), at.0, at.1)
            }
            ConfigError::Invalid { path, problems } => {
                let list: Vec<String> = problems.iter().map(|(k, m)| format!("{k}: {m}")).collect();
                write!(f, "{}: {}", path.display(), list.join("; "))
            }
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Read { source, .. } => Some(source),
            _ => None,
        }
    }
}

// ---- The file's shape ----

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct File {
    plan: Plan,
    spaces: Vec<SpaceFile>,
    #[serde(default)]
    opening_hours: Option<OpeningHours>,
    #[serde(default)]
    centre: Option<PathBuf>,
    #[serde(default)]
    closing_days: Vec<ClosingDayFile>,
    #[serde(default)]
    public_holidays: Option<HolidayRegion>,
    #[serde(default)]
    booking: Option<BookingInfo>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SpaceFile {
    id: String,
    name: Localized,
    kind: SpaceKind,
    zone: String,
    shape: Shape,
    #[serde(default)]
    features: Option<Features>,
    #[serde(default)]
    bookings: Option<String>,
    #[serde(default)]
    presence: Option<PresenceConfig>,
    #[serde(default)]
    out_of_service: bool,
    #[serde(default)]
    out_of_service_reason: Option<Localized>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ClosingDayFile {
    #[serde(deserialize_with = "iso_date")]
    from: Date,
    #[serde(default, deserialize_with = "opt_iso_date")]
    to: Option<Date>,
    name: Localized,
}

/// Parses `YYYY-MM-DD`.
///
/// ```
/// use lernort_coworking::config::parse_iso_date;
/// assert_eq!(parse_iso_date("2026-12-24").map(|d| d.to_string()).as_deref(), Some("24.12.2026"));
/// assert!(parse_iso_date("2026-02-30").is_none());
/// ```
pub fn parse_iso_date(text: &str) -> Option<Date> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

fn iso_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse_iso_date(&text).ok_or_else(|| {
        serde::de::Error::custom(format!("\"{text}\" is not a date like \"2026-12-24\""))
    })
}

fn opt_iso_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Date>, D::Error> {
    iso_date(deserializer).map(Some)
}

/// Only the opening hours of a centre.json; the rest is the app's business.
#[derive(Deserialize)]
struct CentreHours {
    #[serde(default)]
    opening_hours: OpeningHours,
}

impl Config {
    /// Reads and checks the config at `path`, and the centre config it takes the opening
    /// hours from.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut config = Config::from_json(&text, path)?;
        if let Some(centre) = config.centre.clone() {
            let text = std::fs::read_to_string(&centre).map_err(|source| ConfigError::Read {
                path: centre.clone(),
                source,
            })?;
            let hours: CentreHours =
                serde_json::from_str(&text).map_err(|e| syntax(&centre, &e))?;
            let problems = hours.opening_hours.problems();
            if !problems.is_empty() {
                return Err(ConfigError::Invalid {
                    path: centre,
                    problems: problems
                        .into_iter()
                        .map(|p| ("opening_hours".to_string(), p))
                        .collect(),
                });
            }
            config.opening_hours = hours.opening_hours;
        }
        Ok(config)
    }

    /// Parses and checks a config's text; `path` names the file in errors and is the
    /// base of its relative paths. Does not read the centre config: without
    /// `openingHours`, [`Config::opening_hours`] stays empty and [`Config::centre`] names
    /// the file [`Config::load`] reads them from.
    pub fn from_json(json: &str, path: &Path) -> Result<Config, ConfigError> {
        let file: File = serde_json::from_str(json).map_err(|e| syntax(path, &e))?;
        let dir = path.parent().unwrap_or(Path::new(""));
        let mut problems: Vec<(String, String)> = Vec::new();
        let mut problem = |field: String, message: String| problems.push((field, message));

        let plan = &file.plan;
        if !(plan.width > 0.0 && plan.height > 0.0) {
            problem("plan".into(), "width and height must be above 0".into());
        }
        let inside = |s: &Shape| {
            s.width > 0.0
                && s.height > 0.0
                && s.x >= 0.0
                && s.y >= 0.0
                && s.x + s.width <= plan.width
                && s.y + s.height <= plan.height
        };
        let mut zone_ids = HashSet::new();
        for (i, zone) in plan.zones.iter().enumerate() {
            let at = format!("plan.zones[{i}]");
            check_id_and_name(&at, &zone.id, &zone.name, &mut zone_ids, &mut problem);
            if !inside(&zone.shape) {
                problem(
                    format!("{at}.shape"),
                    "lies outside the plan or is empty".into(),
                );
            }
        }
        let mut ids = HashSet::new();
        let mut spaces = Vec::new();
        for (i, space) in file.spaces.into_iter().enumerate() {
            let at = format!("spaces[{i}]");
            check_id_and_name(&at, &space.id, &space.name, &mut ids, &mut problem);
            if !zone_ids.contains(space.zone.as_str()) {
                problem(
                    format!("{at}.zone"),
                    format!("\"{}\" is not a zone of the plan", space.zone),
                );
            }
            if !inside(&space.shape) {
                problem(
                    format!("{at}.shape"),
                    "lies outside the plan or is empty".into(),
                );
            }
            let features = space.features.unwrap_or(Features {
                seats: 1,
                ..Features::default()
            });
            if features.seats == 0 {
                problem(format!("{at}.features.seats"), "must be at least 1".into());
            }
            if space.kind == SpaceKind::Desk && features.seats != 1 {
                problem(format!("{at}.features.seats"), "a desk has 1 seat".into());
            }
            if let Some(presence) = &space.presence {
                if presence.modules.is_empty()
                    && presence.segments.is_empty()
                    && presence.area.is_none()
                {
                    problem(
                        format!("{at}.presence"),
                        "needs modules, segments or area".into(),
                    );
                }
                for s in &presence.segments {
                    if crate::presence::parse_segment(s).is_none() {
                        problem(
                            format!("{at}.presence.segments"),
                            format!("\"{s}\" is not \"<module id>:<triangle>\" like \"257:nne\""),
                        );
                    }
                }
                if presence.min_segments == 0 {
                    problem(
                        format!("{at}.presence.minSegments"),
                        "must be at least 1".into(),
                    );
                }
            }
            if space.out_of_service_reason.is_some() && !space.out_of_service {
                problem(
                    format!("{at}.outOfServiceReason"),
                    "given, but outOfService is not true".into(),
                );
            }
            let bookings = match space.bookings {
                Some(url) if lernort_fetch::is_url(&url) => Some(Bookings::Url {
                    copy: lernort_fetch::copy_path(&dir.join(lernort_fetch::CACHE_DIR), &url),
                    url,
                }),
                Some(p)
                    if Path::new(&p)
                        .extension()
                        .is_none_or(|e| !e.eq_ignore_ascii_case("ics")) =>
                {
                    problem(
                        format!("{at}.bookings"),
                        format!("\"{p}\" is neither an .ics file nor an https:// address"),
                    );
                    None
                }
                Some(p) => Some(Bookings::File(dir.join(p))),
                None => None,
            };
            let out_of_service = space.out_of_service.then(|| {
                space
                    .out_of_service_reason
                    .unwrap_or_else(|| Localized::German(String::new()))
            });
            spaces.push(SpaceConfig {
                id: space.id,
                name: space.name,
                kind: space.kind,
                zone: space.zone,
                shape: space.shape,
                features,
                bookings,
                presence: space.presence,
                out_of_service,
            });
        }
        if spaces.is_empty() {
            problem("spaces".into(), "lists no space".into());
        }
        let mut closing_days = Vec::new();
        for (i, day) in file.closing_days.into_iter().enumerate() {
            let to = day.to.unwrap_or(day.from);
            if to < day.from {
                problem(format!("closingDays[{i}].to"), "is before from".into());
            }
            if day.name.is_blank() {
                problem(format!("closingDays[{i}].name"), "must not be empty".into());
            }
            closing_days.push(ClosingDay {
                from: day.from,
                to,
                name: day.name,
            });
        }
        if let Some(booking) = &file.booking {
            if booking.text.is_blank() {
                problem("booking.text".into(), "must not be empty".into());
            }
            if let Some(url) = &booking.url {
                if !url.starts_with("https://") && !url.starts_with("http://") {
                    problem(
                        "booking.url".into(),
                        format!("\"{url}\" is not an https:// address"),
                    );
                }
            }
        }
        let (opening_hours, centre) = match file.opening_hours {
            Some(hours) => {
                for p in hours.problems() {
                    problem("openingHours".into(), p);
                }
                (hours, None)
            }
            None => {
                let centre = dir.join(
                    file.centre
                        .unwrap_or_else(|| PathBuf::from("../centre.json")),
                );
                (OpeningHours::default(), Some(centre))
            }
        };
        if !problems.is_empty() {
            return Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                problems,
            });
        }
        Ok(Config {
            path: path.to_path_buf(),
            plan: file.plan,
            spaces,
            opening_hours,
            centre,
            closing_days,
            public_holidays: file.public_holidays,
            booking: file.booking,
        })
    }

    /// The space with this id.
    pub fn space(&self, id: &str) -> Option<&SpaceConfig> {
        self.spaces.iter().find(|s| s.id == id)
    }

    /// Why the centre is closed all of `date` (a public holiday or a closing day), or
    /// `None` on an ordinary day.
    ///
    /// ```
    /// # use lernort_coworking::config::Config;
    /// # let json = r#"{"plan": {"width": 1, "height": 1, "zones": [{"id": "z", "name": "Z", "shape": {"x": 0, "y": 0, "width": 1, "height": 1}}]},
    /// #   "openingHours": [], "publicHolidays": "nrw",
    /// #   "spaces": [{"id": "p", "name": "P", "kind": "desk", "zone": "z", "shape": {"x": 0, "y": 0, "width": 1, "height": 1}}],
    /// #   "closingDays": [{"from": "2026-12-28", "to": "2026-12-31", "name": "Betriebsferien"}]}"#;
    /// let config = Config::from_json(json, "spaces.json".as_ref()).unwrap();
    /// let day = |m, d| lernort_time::Date::new(2026, m, d).unwrap();
    /// assert_eq!(config.closed_because(day(11, 1)).unwrap().get(lernort_i18n::Lang::De), "Allerheiligen");
    /// assert_eq!(config.closed_because(day(12, 30)).unwrap().get(lernort_i18n::Lang::De), "Betriebsferien");
    /// assert!(config.closed_because(day(11, 2)).is_none());
    /// ```
    pub fn closed_because(&self, date: Date) -> Option<Localized> {
        if let Some(HolidayRegion::Nrw) = self.public_holidays {
            if let Some(holiday) = crate::holidays::nrw(date) {
                return Some(holiday.name());
            }
        }
        self.closing_days
            .iter()
            .find(|c| (c.from..=c.to).contains(&date))
            .map(|c| c.name.clone())
    }

    /// The files the config depends on (itself, the centre config, the calendars), to
    /// notice changes.
    pub fn files(&self) -> Vec<PathBuf> {
        let mut files = vec![self.path.clone()];
        files.extend(self.centre.clone());
        files.extend(
            self.spaces
                .iter()
                .filter_map(|s| Some(s.bookings.as_ref()?.path().to_path_buf())),
        );
        files
    }
}

fn syntax(path: &Path, error: &serde_json::Error) -> ConfigError {
    let message = error.to_string();
    // serde_json appends " at line L column C"; the position goes in front instead.
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    ConfigError::Syntax {
        path: path.to_path_buf(),
        at: (error.line(), error.column()),
        message,
    }
}

/// The checks a zone and a space share, reported under `at` (e.g. `spaces[2]`): `id` is a
/// slug not yet in `ids`, the ids of their kind so far (it is added), and the name is given.
fn check_id_and_name(
    at: &str,
    id: &str,
    name: &Localized,
    ids: &mut HashSet<String>,
    problem: &mut impl FnMut(String, String),
) {
    if !is_slug(id) {
        problem(
            format!("{at}.id"),
            format!("\"{id}\" is not a slug (a-z, 0-9, -)"),
        );
    }
    if !ids.insert(id.to_owned()) {
        problem(format!("{at}.id"), format!("\"{id}\" appears twice"));
    }
    if name.is_blank() {
        problem(format!("{at}.name"), "must not be empty".into());
    }
}

fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
