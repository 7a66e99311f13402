//! The live sensor floor's logic, without the browser: everything the floor page computes,
//! tested natively. The app (`src/components/floor_stream.rs`) only wires it to a
//! WebSocket, a canvas and the DOM.
//!
//! * [`ColourMap`]: viridis (default) and cividis, 256-entry tables from matplotlib's data;
//! * [`Heat`]: per-segment intensity with short trails that decay by elapsed time;
//! * [`Raster`]: the small image (8 x 8 pixels per 50 cm module) with each pixel's segment
//!   worked out once, repainted in one pass into one reused buffer;
//! * [`People`]: approximate people count from clusters of adjacent active segments, in
//!   total and per zone;
//! * [`Backoff`]: reconnect delays, exponential with full jitter, forever;
//! * [`Connection`] / [`Status`]: connecting, live, stale, offline;
//! * [`read_layout`]: the layout message, read by the protocol crate's types' derived
//!   reader (`lernort-json`), held to their serde by tests;
//! * `Painter` (in the browser only): the raster onto a canvas, the one copy of those
//!   canvas calls, shared by the app and the render benchmark;
//! * [`SKELETON`], [`plan_lines`], [`plan_labels`], [`zone_table`], [`legend`]: the widget's
//!   structure, the plan and the words around the picture as markup, escaped;
//! * [`summary`], [`status_line`], [`badge`]: the words, German and English; [`Announcer`]:
//!   when the polite live region speaks.
//!
//! ```
//! use lernort_floor_view::{grid_layout, ColourMap, Floor};
//! let mut floor = Floor::new(grid_layout(16, 10).into(), true);
//! floor.step(16.0);
//! floor.paint(ColourMap::Viridis);
//! assert_eq!(floor.raster().rgba().len(), 128 * 80 * 4);
//! assert_eq!(floor.count().total, 0);
//! ```

mod colour;
mod floor;
mod heat;
mod json;
#[cfg(target_arch = "wasm32")]
mod painter;
mod people;
mod plan;
mod raster;
mod status;
mod tables;
mod text;

pub use colour::ColourMap;
pub use floor::{read_layout, socket_url, Floor, Received};
pub use heat::{Heat, TRAIL_TAU_MS};
/// The reconnect rule, shared with the gateway's floor sources.
pub use lernort_floor_protocol::Backoff;
#[cfg(target_arch = "wasm32")]
pub use painter::{context_2d, Painter};
pub use people::{Counts, People, SEGMENTS_PER_PERSON};
pub use plan::{
    legend, map_options, percent, plan_labels, plan_lines, view_box, zone_label, zone_table,
    SKELETON,
};
pub use raster::{Raster, MODULE_CM, PIXELS_PER_MODULE};
pub use status::{Connection, Status, CONNECT_TIMEOUT_MS, STALE_AFTER_MS};
pub use text::{badge, clock, state_word, status_line, summary, Announcer, ANNOUNCE_EVERY_MS};

use lernort_floor_protocol::{Layout, Module, Scale, Triangle};

/// A rectangular floor of `cols` x `rows` modules of 50 cm, numbered row by row from the
/// top left, without zones, on SensFloor's scale (baseline 128, active from 140, full at
/// 190). For tests and examples.
///
/// ```
/// let layout = lernort_floor_view::grid_layout(3, 2);
/// assert_eq!((layout.width_cm, layout.height_cm, layout.modules.len()), (150, 100, 6));
/// assert!(layout.problems().is_empty());
/// ```
pub fn grid_layout(cols: u16, rows: u16) -> Layout {
    let modules = (0..rows)
        .flat_map(|r| (0..cols).map(move |c| (r, c)))
        .map(|(r, c)| Module {
            id: r * cols + c,
            x_cm: c * 50,
            y_cm: r * 50,
            w_cm: 50,
            h_cm: 50,
        })
        .collect();
    Layout {
        protocol: lernort_floor_protocol::VERSION,
        width_cm: cols * 50,
        height_cm: rows * 50,
        triangles: Triangle::ORDER.to_vec(),
        modules,
        zones: Vec::new(),
        scale: Scale {
            baseline: 128,
            active: 140,
            max: 190,
        },
    }
}
