//! The status document: the centre's co-working spaces, each one's status now and today's
//! bookings, opening state, how to book, and the typical load by weekday and hour.
//!
//! It never holds a person's name or any other personal data: a booking is a time range.
//! All times are RFC 3339 with offset, as Unix seconds in the types; the app shows them in
//! Europe/Berlin.
//!
//! ```
//! use lernort_coworking::CoworkingStatus;
//! let json = r#"{"format": 1, "generated": 1795258800, "opening": {"open": true, "changesAt": 1795280400},
//!   "plan": {"width": 100, "height": 50, "zones": []},
//!   "spaces": [
//!     {"id": "d1", "name": "Platz 1", "kind": "desk", "zone": "z", "shape": {"x": 0, "y": 0, "width": 10, "height": 10},
//!      "status": "free", "today": []},
//!     {"id": "d2", "name": "Platz 2", "kind": "desk", "zone": "z", "shape": {"x": 10, "y": 0, "width": 10, "height": 10},
//!      "status": "occupied", "today": []}]}"#;
//! let status = CoworkingStatus::from_json(json).unwrap();
//! assert_eq!(status.desks_free(), (1, 2));
//! ```

use lernort_i18n::Localized;
use serde::{Deserialize, Serialize};

/// The format version this code reads and writes.
pub const FORMAT: u32 = 1;

/// The whole document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, lernort_json::Read)]
#[serde(rename_all = "camelCase")]
pub struct CoworkingStatus {
    /// [`FORMAT`].
    pub format: u32,
    /// When it was computed, Unix seconds. The app warns when this gets old.
    pub generated: i64,
    /// Open now, and when that changes (holidays and closing days included).
    pub opening: Opening,
    /// How to book, in the centre's words; `None` when the centre has no booking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking: Option<BookingInfo>,
    /// The floor plan the shapes are drawn on.
    pub plan: Plan,
    /// The desks and rooms, in the order the centre lists them.
    pub spaces: Vec<Space>,
    /// Typical occupancy by weekday and hour, from the gateway's history; `None` when there
    /// is none yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load: Option<Load>,
}

/// Whether the centre is open now, and when that changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, lernort_json::Read)]
#[serde(rename_all = "camelCase")]
pub struct Opening {
    /// Open now.
    pub open: bool,
    /// When it closes (when open) or next opens (when closed), Unix seconds; `None` when
    /// no opening hours are known or it does not open within the next 14 days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes_at: Option<i64>,
    /// Why it is closed today although it is a weekday with opening hours: a public
    /// holiday's or a closing day's name, e.g. "Allerheiligen".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_because: Option<Localized>,
}

/// How to book a space.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, lernort_json::Read)]
#[serde(rename_all = "camelCase")]
pub struct BookingInfo {
    /// What to do, e.g. "Plätze buchen Sie an der Theke oder online."
    pub text: Localized,
    /// The booking page (`https://…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A phone number to call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// An e-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// The floor plan: a coordinate system (any unit, e.g. centimetres) and its zones.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, lernort_json::Read)]
pub struct Plan {
    /// Width of the plan.
    pub width: f64,
    /// Height of the plan.
    pub height: f64,
    /// Areas of the floor, e.g. the quiet zone.
    #[serde(default)]
    pub zones: Vec<Zone>,
}

/// An area of the floor plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, lernort_json::Read)]
pub struct Zone {
    /// A slug, referred to by [`Space::zone`].
    pub id: String,
    /// The name, e.g. "Ruhezone".
    pub name: Localized,
    /// Where it is on the plan.
    pub shape: Shape,
}

/// A rectangle on the plan.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, lernort_json::Read)]
pub struct Shape {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// A desk or a room.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, lernort_json::Read)]
#[serde(rename_all = "lowercase")]
pub enum SpaceKind {
    /// One workplace.
    Desk,
    /// A room for a group or for calls.
    Room,
}

/// A space's status now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, lernort_json::Read)]
#[serde(rename_all = "camelCase")]
pub enum SpaceStatus {
    /// Free to use.
    Free,
    /// Someone is there (the sensor floor says so) or it is booked and in use.
    Occupied,
    /// Booked for now.
    Reserved,
    /// Not usable (broken, being cleaned, closed).
    OutOfService,
}

/// What a space offers.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, lernort_json::Read,
)]
#[serde(rename_all = "camelCase")]
pub struct Features {
    /// A monitor to plug a laptop into.
    #[serde(default)]
    pub monitor: bool,
    /// A power socket.
    #[serde(default)]
    pub power: bool,
    /// In a quiet zone (no calls).
    #[serde(default)]
    pub quiet: bool,
    /// Reachable without steps, with room for a wheelchair.
    #[serde(default)]
    pub step_free: bool,
    /// Seats (rooms; 1 for a desk).
    #[serde(default = "one")]
    pub seats: u32,
}

fn one() -> u32 {
    1
}

/// One desk or room with its status now and today's bookings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, lernort_json::Read)]
#[serde(rename_all = "camelCase")]
pub struct Space {
    /// A slug, unique in the document.
    pub id: String,
    /// The name people see on the sign, e.g. "Platz 3" or "Raum Lippe".
    pub name: Localized,
    /// Desk or room.
    pub kind: SpaceKind,
    /// The zone's id.
    pub zone: String,
    /// Where it is on the plan.
    pub shape: Shape,
    /// What it offers.
    #[serde(default)]
    pub features: Features,
    /// The status now.
    pub status: SpaceStatus,
    /// When the status is expected to change (the end of the booking now, the start of
    /// the next one), Unix seconds, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<i64>,
    /// Today's bookings (Europe/Berlin day), earliest first, cut to today.
    #[serde(default)]
    pub today: Vec<Booking>,
}

/// A booked time range, Unix seconds, `start < end`. Nothing about who booked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, lernort_json::Read)]
pub struct Booking {
    /// Start.
    pub start: i64,
    /// End (exclusive).
    pub end: i64,
}

/// Typical occupancy: for each weekday (Monday first) 24 hourly values in percent of the
/// desks taken (0–100), or `None` for hours without samples.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, lernort_json::Read)]
#[serde(rename_all = "camelCase")]
pub struct Load {
    /// `weekdays[0][9]` is Monday 9:00–10:00.
    pub weekdays: Vec<Vec<Option<u8>>>,
    /// How many weeks the figures are drawn from.
    pub weeks: u32,
}

impl CoworkingStatus {
    /// Reads a status document.
    pub fn from_json(json: &str) -> Result<CoworkingStatus, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    /// Reads a status document with the app's small reader (`lernort-json`, derived from
    /// these types); errors name line and column.
    pub fn read(json: &str) -> Result<CoworkingStatus, String> {
        lernort_json::from_str(json).map_err(|e| e.0)
    }

    /// The document as JSON.
    pub fn to_json(&self) -> String {
        // Cannot fail: every map key is a string.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Desks (not rooms) free now and desks in all: `(free, all)`. Closed means none free.
    pub fn desks_free(&self) -> (usize, usize) {
        let desks = self.spaces.iter().filter(|s| s.kind == SpaceKind::Desk);
        let all = desks.clone().count();
        let free = if self.opening.open {
            desks.filter(|s| s.status == SpaceStatus::Free).count()
        } else {
            0
        };
        (free, all)
    }

    /// The zone with this id.
    pub fn zone(&self, id: &str) -> Option<&Zone> {
        self.plan.zones.iter().find(|z| z.id == id)
    }
}
