//! The floor's geometry, sent once per connection as JSON: modules with position and size,
//! the order of their 8 triangles, named zones, and the value scale.

use std::collections::{HashMap, HashSet};

use lernort_i18n::Localized;
use serde::{Deserialize, Serialize};

/// Each module is cut into 8 triangles (segments) around its centre.
pub const TRIANGLES_PER_MODULE: usize = 8;

/// One of a module's triangles, named by compass direction from the centre (north is the
/// top of the floor plan). Values come in [`Triangle::ORDER`], clockwise from north.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, lernort_json::Read)]
#[serde(rename_all = "lowercase")]
pub enum Triangle {
    /// North-north-east: top edge, right half.
    Nne,
    /// East-north-east: right edge, upper half.
    Ene,
    /// East-south-east: right edge, lower half.
    Ese,
    /// South-south-east: bottom edge, right half.
    Sse,
    /// South-south-west: bottom edge, left half.
    Ssw,
    /// West-south-west: left edge, lower half.
    Wsw,
    /// West-north-west: left edge, upper half.
    Wnw,
    /// North-north-west: top edge, left half.
    Nnw,
}

impl Triangle {
    /// The order of a module's 8 values in every frame.
    pub const ORDER: [Triangle; TRIANGLES_PER_MODULE] = [
        Triangle::Nne,
        Triangle::Ene,
        Triangle::Ese,
        Triangle::Sse,
        Triangle::Ssw,
        Triangle::Wsw,
        Triangle::Wnw,
        Triangle::Nnw,
    ];

    /// The triangle's corners in module coordinates (0–1, y pointing down): the module's
    /// centre, then the two corners on the module's edge.
    ///
    /// ```
    /// use lernort_floor_protocol::Triangle;
    /// assert_eq!(Triangle::Nne.corners(), [(0.5, 0.5), (0.5, 0.0), (1.0, 0.0)]);
    /// ```
    pub fn corners(self) -> [(f32, f32); 3] {
        const RIM: [(f32, f32); 9] = [
            (0.5, 0.0),
            (1.0, 0.0),
            (1.0, 0.5),
            (1.0, 1.0),
            (0.5, 1.0),
            (0.0, 1.0),
            (0.0, 0.5),
            (0.0, 0.0),
            (0.5, 0.0),
        ];
        let i = self as usize;
        [(0.5, 0.5), RIM[i], RIM[i + 1]]
    }
}

/// A floor module (typically 50 x 50 cm) at a position on the floor plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, lernort_json::Read)]
#[serde(deny_unknown_fields)]
#[read(skip_unknown_fields)]
pub struct Module {
    /// The hardware's module id (SensFloor: bytes 3–4 of a raw frame).
    pub id: u16,
    /// Left edge, cm from the floor plan's left.
    pub x_cm: u16,
    /// Top edge, cm from the floor plan's top.
    pub y_cm: u16,
    /// Width in cm.
    pub w_cm: u16,
    /// Height in cm.
    pub h_cm: u16,
}

/// A named area of the floor, e.g. Makerspace, Co-Working, Eingang.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, lernort_json::Read)]
#[serde(deny_unknown_fields)]
#[read(skip_unknown_fields)]
pub struct Zone {
    /// Short machine name, e.g. `makerspace`.
    pub id: String,
    /// Name shown on the plan.
    pub name: Localized,
    /// Left edge in cm.
    pub x_cm: u16,
    /// Top edge in cm.
    pub y_cm: u16,
    /// Width in cm.
    pub w_cm: u16,
    /// Height in cm.
    pub h_cm: u16,
}

/// How to read the values: raw capacitance bytes as the hardware reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, lernort_json::Read)]
#[serde(deny_unknown_fields)]
#[read(skip_unknown_fields)]
pub struct Scale {
    /// The idle value of an untouched segment (SensFloor: about 128).
    pub baseline: u8,
    /// From this value on a segment counts as stepped on.
    pub active: u8,
    /// The value shown as full intensity; higher values are clipped.
    pub max: u8,
}

impl Scale {
    /// A value as intensity 0–1 on this scale (baseline and below 0, `max` and above 1).
    ///
    /// ```
    /// use lernort_floor_protocol::Scale;
    /// let scale = Scale { baseline: 128, active: 147, max: 200 };
    /// assert_eq!(scale.intensity(128), 0.0);
    /// assert_eq!(scale.intensity(164), 0.5);
    /// assert_eq!(scale.intensity(255), 1.0);
    /// ```
    pub fn intensity(self, value: u8) -> f32 {
        let span = f32::from(self.max.saturating_sub(self.baseline).max(1));
        (f32::from(value.saturating_sub(self.baseline)) / span).min(1.0)
    }
}

/// The floor's geometry. The JSON text message the gateway sends first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, lernort_json::Read)]
#[serde(deny_unknown_fields)]
#[read(skip_unknown_fields)]
pub struct Layout {
    /// Protocol version, [`crate::VERSION`].
    pub protocol: u8,
    /// Width of the floor plan in cm.
    pub width_cm: u16,
    /// Height of the floor plan in cm.
    pub height_cm: u16,
    /// The order of each module's 8 values; always [`Triangle::ORDER`] in version 1.
    pub triangles: Vec<Triangle>,
    /// The modules; frame values come module by module in this order.
    pub modules: Vec<Module>,
    /// Named zones.
    pub zones: Vec<Zone>,
    /// How to read values.
    pub scale: Scale,
}

lernort_json::data_file! {
    /// Why a layout was not accepted: it does not read, or it breaks these rules.
    pub type LayoutError = Rejected<LayoutFile: "floor layout", String>;
}

impl Layout {
    /// Parses and checks a layout.
    pub fn from_json(json: &str) -> Result<Layout, LayoutError> {
        let layout: Layout =
            serde_json::from_str(json).map_err(|e| LayoutError::Syntax(e.to_string()))?;
        let problems = layout.problems();
        LayoutError::unless_broken(layout, problems)
    }

    /// The layout as the JSON text message.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Number of values in a full frame.
    pub fn segment_count(&self) -> usize {
        self.modules.len() * TRIANGLES_PER_MODULE
    }

    /// Each module's position in [`Layout::modules`] (and so in a frame) by its id: how a
    /// source that names modules by id finds where their values go.
    pub fn module_positions(&self) -> HashMap<u16, usize> {
        self.modules
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id, i))
            .collect()
    }

    /// Every rule the layout breaks.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.protocol != crate::VERSION {
            problems.push(format!(
                "protocol {} is not {}",
                self.protocol,
                crate::VERSION
            ));
        }
        if self.triangles != Triangle::ORDER {
            problems.push("triangles must be nne, ene, ese, sse, ssw, wsw, wnw, nnw".into());
        }
        if self.modules.is_empty() || self.segment_count() > usize::from(u16::MAX) {
            problems.push("a floor has 1 to 8191 modules".into());
        }
        let inside = |x: u16, y: u16, w: u16, h: u16| {
            w > 0
                && h > 0
                && u32::from(x) + u32::from(w) <= u32::from(self.width_cm)
                && u32::from(y) + u32::from(h) <= u32::from(self.height_cm)
        };
        let mut ids = HashSet::new();
        for m in &self.modules {
            if !ids.insert(m.id) {
                problems.push(format!("module id {} appears twice", m.id));
            }
            if !inside(m.x_cm, m.y_cm, m.w_cm, m.h_cm) {
                problems.push(format!(
                    "module {} lies outside the floor or is empty",
                    m.id
                ));
            }
        }
        let mut zone_ids = HashSet::new();
        for z in &self.zones {
            if !zone_ids.insert(z.id.as_str()) {
                problems.push(format!("zone {} appears twice", z.id));
            }
            if z.name.is_blank() || !inside(z.x_cm, z.y_cm, z.w_cm, z.h_cm) {
                problems.push(format!(
                    "zone {} has no name or lies outside the floor",
                    z.id
                ));
            }
        }
        let s = self.scale;
        if !(s.baseline < s.active && s.active < s.max) {
            problems.push("scale must have baseline < active < max".into());
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Layout {
        Layout {
            protocol: 1,
            width_cm: 100,
            height_cm: 50,
            triangles: Triangle::ORDER.to_vec(),
            modules: vec![
                Module {
                    id: 1,
                    x_cm: 0,
                    y_cm: 0,
                    w_cm: 50,
                    h_cm: 50,
                },
                Module {
                    id: 2,
                    x_cm: 50,
                    y_cm: 0,
                    w_cm: 50,
                    h_cm: 50,
                },
            ],
            zones: vec![Zone {
                id: "eingang".into(),
                name: Localized::Translated {
                    de: "Eingang".into(),
                    en: Some("Entrance".into()),
                },
                x_cm: 0,
                y_cm: 0,
                w_cm: 100,
                h_cm: 50,
            }],
            scale: Scale {
                baseline: 128,
                active: 147,
                max: 200,
            },
        }
    }

    #[test]
    fn json_round_trip() {
        let layout = small();
        assert_eq!(Layout::from_json(&layout.to_json()), Ok(layout.clone()));
        assert_eq!(layout.segment_count(), 16);
    }

    #[test]
    fn triangles_tile_the_module() {
        // The 8 triangles' areas add up to the module (shoelace formula).
        let area: f32 = Triangle::ORDER
            .iter()
            .map(|t| {
                let [(x1, y1), (x2, y2), (x3, y3)] = t.corners();
                ((x2 - x1) * (y3 - y1) - (x3 - x1) * (y2 - y1)).abs() / 2.0
            })
            .sum();
        assert!((area - 1.0).abs() < 1e-6, "{area}");
    }

    #[test]
    fn broken_layouts_are_explained() {
        let mut layout = small();
        layout.modules[1].id = 1;
        layout.modules[0].x_cm = 90;
        layout.scale.active = 100;
        layout.triangles.reverse();
        let problems = layout.problems();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(matches!(
            Layout::from_json("{"),
            Err(LayoutError::Syntax(_))
        ));
        assert!(
            matches!(Layout::from_json(&layout.to_json()), Err(LayoutError::Invalid(p)) if p.len() == 4)
        );
    }
}
