//! The sensor-floor protocol between `lernort-gateway` and the app.
//!
//! One WebSocket per browser, read-only. The gateway first sends the floor's
//! [`Layout`] as a JSON text message, then binary [`Message`]s: a [`Message::Full`] frame
//! with every segment's value, [`Message::Delta`] frames with only the changed segments
//! (and a full frame again periodically and whenever a client fell behind), and
//! [`Message::Status`] when the source changes between up, stale and down.
//! docs/floor-protocol.md describes the bytes; this crate is the one implementation.
//!
//! ```
//! use lernort_floor_protocol::{decode, encode, Header, Message, Replica};
//! let header = Header { seq: 7, timestamp_ms: 1_795_262_400_000 };
//! let mut bytes = Vec::new();
//! encode(&Message::Full { header, values: &[128, 180, 128] }, &mut bytes);
//! let mut replica = Replica::new(3);
//! replica.apply(&decode(&bytes).unwrap()).unwrap();
//! assert_eq!(replica.values(), &[128, 180, 128]);
//! ```

mod backoff;
mod frame;
mod layout;
mod replica;

pub use backoff::Backoff;
pub use frame::{decode, encode, DecodeError, Delta, DeltaChanges, Header, Message, SourceState};
pub use layout::{
    Layout, LayoutError, LayoutFile, Module, Scale, Triangle, Zone, TRIANGLES_PER_MODULE,
};
pub use replica::{ApplyError, Replica};

/// The protocol version this crate speaks, carried in every binary message.
pub const VERSION: u8 = 1;

/// The WebSocket subprotocol name, offered by the app and accepted by the gateway.
pub const SUBPROTOCOL: &str = "lernort-floor.v1";
