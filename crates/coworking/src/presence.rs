//! Presence from the sensor floor: which segments of the floor layout belong to a space,
//! and whether someone is there now.
//!
//! A segment counts as stepped on from the layout's `scale.active` value on (the floor
//! protocol's own threshold); a space is *present* when at least its `minSegments`
//! (default 1) segments are and someone the people count counts stands on one of them
//! (`lernort_floor_view::People::under_feet`, the estimator of the floor page and the
//! kiosk: a stray reading or a bag is nobody). A floor whose source is down gives no
//! presence.
//!
//! ```
//! use lernort_coworking::presence::{parse_segment, segment_index};
//! use lernort_floor_protocol::Triangle;
//! assert_eq!(parse_segment("257:ene"), Some((257, Triangle::Ene)));
//! // Module 257 is the second module of a layout listing modules 0, 257: segment 8 + 1.
//! let modules = [0u16, 257];
//! assert_eq!(segment_index(&modules, 257, Triangle::Ene), Some(9));
//! ```

use std::collections::HashMap;

use lernort_floor_protocol::{Layout, Triangle, TRIANGLES_PER_MODULE};

use crate::config::Config;

/// `"<module id>:<triangle>"` → module id and triangle.
pub fn parse_segment(text: &str) -> Option<(u16, Triangle)> {
    let (module, triangle) = text.split_once(':')?;
    let module = module.trim().parse().ok()?;
    let triangle = Triangle::ORDER.into_iter().find(|t| {
        serde_json::to_value(t)
            .ok()
            .and_then(|v| v.as_str().map(|s| s.eq_ignore_ascii_case(triangle.trim())))
            .unwrap_or(false)
    })?;
    Some((module, triangle))
}

/// The index in a frame's values of a module's triangle, given the layout's module ids
/// in order.
pub fn segment_index(modules: &[u16], module: u16, triangle: Triangle) -> Option<usize> {
    let position = modules.iter().position(|m| *m == module)?;
    let offset = Triangle::ORDER.iter().position(|t| *t == triangle)?;
    Some(position * TRIANGLES_PER_MODULE + offset)
}

/// For each space with presence that counts, the frame indices of its segments and the
/// number that must be stepped on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PresenceMap {
    spaces: Vec<(String, Vec<usize>, u16)>,
    active: u8,
}

impl PresenceMap {
    /// Resolves the spaces' presence settings on a layout. Returns the map and the
    /// problems found (a module the layout does not have, an area without modules): the
    /// affected spaces simply never show presence.
    pub fn resolve(config: &Config, layout: &Layout) -> (PresenceMap, Vec<String>) {
        let ids: Vec<u16> = layout.modules.iter().map(|m| m.id).collect();
        let mut problems = Vec::new();
        let mut spaces = Vec::new();
        for space in &config.spaces {
            let Some(presence) = &space.presence else {
                continue;
            };
            if !presence.counts_as_occupied {
                continue;
            }
            let mut indices = Vec::new();
            let mut whole = |module: u16, problems: &mut Vec<String>| match ids
                .iter()
                .position(|m| *m == module)
            {
                Some(p) => indices.extend(p * TRIANGLES_PER_MODULE..(p + 1) * TRIANGLES_PER_MODULE),
                None => problems.push(format!(
                    "space {}: the floor has no module {module}",
                    space.id
                )),
            };
            for module in &presence.modules {
                whole(*module, &mut problems);
            }
            if let Some(area) = presence.area {
                let inside: Vec<u16> = layout
                    .modules
                    .iter()
                    .filter(|m| {
                        let cx = u32::from(m.x_cm) * 2 + u32::from(m.w_cm);
                        let cy = u32::from(m.y_cm) * 2 + u32::from(m.h_cm);
                        (u32::from(area.x_cm) * 2
                            ..(u32::from(area.x_cm) + u32::from(area.w_cm)) * 2)
                            .contains(&cx)
                            && (u32::from(area.y_cm) * 2
                                ..(u32::from(area.y_cm) + u32::from(area.h_cm)) * 2)
                                .contains(&cy)
                    })
                    .map(|m| m.id)
                    .collect();
                if inside.is_empty() {
                    problems.push(format!(
                        "space {}: no module of the floor lies in its area",
                        space.id
                    ));
                }
                for module in inside {
                    whole(module, &mut problems);
                }
            }
            for text in &presence.segments {
                match parse_segment(text).and_then(|(m, t)| segment_index(&ids, m, t)) {
                    Some(i) => indices.push(i),
                    None => problems.push(format!(
                        "space {}: the floor has no segment {text}",
                        space.id
                    )),
                }
            }
            indices.sort_unstable();
            indices.dedup();
            if !indices.is_empty() {
                spaces.push((space.id.clone(), indices, presence.min_segments.max(1)));
            }
        }
        (
            PresenceMap {
                spaces,
                active: layout.scale.active,
            },
            problems,
        )
    }

    /// Whether someone is at each resolved space, from a frame's values (layout order) and
    /// whether a segment is under the feet of someone the people count counts.
    pub fn present(&self, values: &[u8], counted: impl Fn(usize) -> bool) -> HashMap<String, bool> {
        self.spaces
            .iter()
            .map(|(id, indices, min)| {
                let stepped = indices
                    .iter()
                    .filter(|i| values.get(**i).is_some_and(|v| *v >= self.active))
                    .count();
                let someone = indices.iter().any(|&i| counted(i));
                (id.clone(), someone && stepped >= usize::from(*min))
            })
            .collect()
    }

    /// The frame indices resolved for a space.
    pub fn segments_of(&self, id: &str) -> Option<&[usize]> {
        self.spaces
            .iter()
            .find(|(s, _, _)| s == id)
            .map(|(_, i, _)| i.as_slice())
    }
}
