//! One floor as the page holds it: the layout's replica, heat, raster and people, and the
//! geometry of the plan drawn over the picture.

use std::sync::Arc;

use lernort_floor_protocol::{
    decode, DecodeError, Layout, Message, Replica, SourceState, Triangle, VERSION,
};

use crate::{ColourMap, Counts, Heat, People, Raster};

/// Reads the layout message, checking what the page relies on: this protocol version,
/// the triangle order, 1 to 8191 modules. `None`: not readable, or another version.
///
/// The gateway validates its floor fully (`Layout::problems`) before serving it; the app
/// skips those checks, whose hash sets and messages would cost every visitor wasm, and is
/// safe with any geometry (pixels and zones outside the floor are ignored). The JSON is read
/// by a small reader of its own, held to the protocol crate by tests (see `json.rs`).
///
/// ```
/// use lernort_floor_view::{grid_layout, read_layout};
/// let layout = grid_layout(2, 2);
/// assert_eq!(read_layout(&layout.to_json()), Some(layout));
/// assert_eq!(read_layout("{"), None);
/// ```
pub fn read_layout(text: &str) -> Option<Layout> {
    let layout = crate::json::parse(text)?;
    (layout.protocol == VERSION
        && layout.triangles == Triangle::ORDER
        && !layout.modules.is_empty()
        && layout.segment_count() <= usize::from(u16::MAX))
    .then_some(layout)
}

/// What a binary message did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Received {
    /// A full or delta frame was applied: the picture changed.
    Frame,
    /// The source reported its state.
    Status(SourceState),
    /// A frame that does not fit (a gap after a missed frame, a wrong length): skipped; the
    /// gateway's next full frame puts the replica right.
    Skipped,
}

/// Everything the page keeps per layout, built once when the layout arrives. Receiving,
/// stepping, painting and counting reuse their buffers.
#[derive(Clone, Debug)]
pub struct Floor {
    layout: Arc<Layout>,
    replica: Replica,
    heat: Heat,
    raster: Raster,
    people: People,
}

impl Floor {
    /// Sets up a layout (shared with the view); `trails` false when reduced motion is
    /// asked for.
    pub fn new(layout: Arc<Layout>, trails: bool) -> Floor {
        let segments = layout.segment_count();
        Floor {
            replica: Replica::new(segments),
            heat: Heat::new(segments, trails),
            raster: Raster::new(&layout),
            people: People::new(&layout),
            layout,
        }
    }

    /// The layout.
    pub fn layout(&self) -> &Arc<Layout> {
        &self.layout
    }

    /// Decodes one binary message and applies it. An error means the bytes are not this
    /// protocol (`UnsupportedVersion`: another version).
    pub fn receive(&mut self, bytes: &[u8]) -> Result<Received, DecodeError> {
        let message = decode(bytes)?;
        Ok(match self.replica.apply(&message) {
            Err(_) => Received::Skipped,
            Ok(()) => match message {
                Message::Status { state, .. } => Received::Status(state),
                _ => {
                    // People are followed frame by frame, at the frames' own times.
                    let at = message.header().timestamp_ms;
                    let active = self.layout.scale.active;
                    self.people.update(self.replica.values(), active, at);
                    Received::Frame
                }
            },
        })
    }

    /// Whether a frame has been applied since the layout arrived.
    pub fn has_frame(&self) -> bool {
        self.replica.last_frame().is_some()
    }

    /// Moves the shown heat towards the latest values, `elapsed_ms` after the last step;
    /// whether trails are still fading.
    pub fn step(&mut self, elapsed_ms: f64) -> bool {
        self.heat
            .step(self.replica.values(), self.layout.scale, elapsed_ms)
    }

    /// Turns trails on or off.
    pub fn set_trails(&mut self, trails: bool) {
        self.heat.set_trails(trails);
    }

    /// Paints the shown heat into the raster.
    pub fn paint(&mut self, map: ColourMap) {
        self.raster.paint(self.heat.shown(), map);
    }

    /// The raster (its RGBA buffer is what [`Floor::paint`] painted).
    pub fn raster(&self) -> &Raster {
        &self.raster
    }

    /// The people on the floor, as followed up to the latest frame.
    pub fn count(&self) -> &Counts {
        self.people.counts()
    }
}

/// The WebSocket URL for the centre's `gateway.websocket_url` (`setting`): a `ws://` or
/// `wss://` URL as it is; a path resolved against the document's base URL (`base`, which
/// `lernort-dist` always ends with `/`), with http → ws and https → wss.
///
/// ```
/// use lernort_floor_view::socket_url;
/// let url = |s| socket_url(s, "https://dilas.example/lernort/");
/// assert_eq!(url("floor").as_deref(), Some("wss://dilas.example/lernort/floor"));
/// assert_eq!(url("/floor").as_deref(), Some("wss://dilas.example/floor"));
/// assert_eq!(url("wss://gw.example/floor").as_deref(), Some("wss://gw.example/floor"));
/// assert_eq!(socket_url("floor", "http://127.0.0.1:8181/").as_deref(), Some("ws://127.0.0.1:8181/floor"));
/// ```
pub fn socket_url(setting: &str, base: &str) -> Option<String> {
    if setting.starts_with("ws://") || setting.starts_with("wss://") {
        return Some(setting.to_string());
    }
    let (scheme, rest) = if let Some(rest) = base.strip_prefix("https://") {
        ("wss://", rest)
    } else {
        ("ws://", base.strip_prefix("http://")?)
    };
    // Drop the base's query or fragment, if any; keep its directory.
    let rest = &rest[..rest.find(['?', '#']).unwrap_or(rest.len())];
    let host_end = rest.find('/').unwrap_or(rest.len());
    let path = match setting.strip_prefix('/') {
        Some(absolute) => format!("/{absolute}"),
        None => {
            let dir = &rest[host_end..];
            let dir = &dir[..dir.rfind('/').map_or(0, |i| i + 1)];
            format!("{}{setting}", if dir.is_empty() { "/" } else { dir })
        }
    };
    Some(format!("{scheme}{}{path}", &rest[..host_end]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid_layout;
    use lernort_floor_protocol::{Delta, DeltaChanges, Header};

    #[test]
    fn receive_step_paint_count() {
        let mut floor = Floor::new(grid_layout(2, 1).into(), true);
        assert!(!floor.has_frame());
        let header = Header {
            seq: 1,
            timestamp_ms: 0,
        };
        let mut values = [128u8; 16];
        values[0] = 200;
        values[1] = 200;
        assert_eq!(
            floor.receive(
                &Message::Full {
                    header,
                    values: &values
                }
                .to_bytes()
            ),
            Ok(Received::Frame)
        );
        assert!(floor.has_frame());
        floor.step(16.0);
        floor.paint(ColourMap::Viridis);
        assert_eq!(
            &floor.raster().rgba()[5 * 4..5 * 4 + 4],
            &[253, 231, 37, 255]
        );
        assert_eq!(floor.count().total, 1);

        // A delta that does not follow is skipped; a status is reported.
        let records = [0, 0, 128];
        let gap = Message::Delta(Delta {
            header: Header {
                seq: 9,
                timestamp_ms: 0,
            },
            base_seq: 8,
            changes: DeltaChanges::from_records(&records).unwrap(),
        });
        assert_eq!(floor.receive(&gap.to_bytes()), Ok(Received::Skipped));
        let status = Message::Status {
            header,
            state: SourceState::Down,
            stale_modules: 2,
        };
        assert_eq!(
            floor.receive(&status.to_bytes()),
            Ok(Received::Status(SourceState::Down))
        );
        let mut other_version = status.to_bytes();
        other_version[1] = 2;
        assert_eq!(
            floor.receive(&other_version),
            Err(DecodeError::UnsupportedVersion(2))
        );
    }

    #[test]
    fn layouts_of_other_versions_or_shapes_are_refused() {
        let dilas = include_str!("../../../centres/dilas-soest/floor.json");
        assert_eq!(read_layout(dilas), Layout::from_json(dilas).ok());
        let mut layout = grid_layout(1, 1);
        layout.protocol = 2;
        assert_eq!(read_layout(&layout.to_json()), None);
        let mut layout = grid_layout(1, 1);
        layout.triangles.reverse();
        assert_eq!(read_layout(&layout.to_json()), None);
        let mut layout = grid_layout(1, 1);
        layout.modules.clear();
        assert_eq!(read_layout(&layout.to_json()), None);
        assert_eq!(read_layout(&dilas.replace("\"zones\"", "\"zonen\"")), None);
    }

    #[test]
    fn socket_urls() {
        let url = |s, base| socket_url(s, base);
        assert_eq!(
            url("floor", "http://127.0.0.1:8182/lernort/").as_deref(),
            Some("ws://127.0.0.1:8182/lernort/floor")
        );
        // A base without its trailing slash names a file: its directory counts.
        assert_eq!(
            url("floor", "http://h/lernort/index.html?x=1#y").as_deref(),
            Some("ws://h/lernort/floor")
        );
        assert_eq!(url("floor", "http://h").as_deref(), Some("ws://h/floor"));
        assert_eq!(
            url("ws://other:9/f", "http://h/").as_deref(),
            Some("ws://other:9/f")
        );
        assert_eq!(url("floor", "file:///tmp/index.html"), None);
    }
}
