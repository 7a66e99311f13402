//! Binary messages: their bytes, an encoder, and a decoder that borrows from the input
//! (no allocation per frame) and answers malformed input with a [`DecodeError`].
//!
//! Every message starts with the same 15-byte header, all integers little-endian:
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 1 | magic `0xF1` |
//! | 1 | 1 | protocol version, [`crate::VERSION`] |
//! | 2 | 1 | kind: 0 full, 1 delta, 2 status |
//! | 3 | 4 | sequence number (u32, +1 per frame, wraps) |
//! | 7 | 8 | gateway timestamp, ms since the Unix epoch (u64) |

use std::fmt;

use crate::VERSION;

const MAGIC: u8 = 0xF1;
const HEADER_LEN: usize = 15;
const KIND_FULL: u8 = 0;
const KIND_DELTA: u8 = 1;
const KIND_STATUS: u8 = 2;

/// What every binary message carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    /// Sequence number of the frame; status messages carry the latest frame's.
    pub seq: u32,
    /// When the gateway produced the message, in ms since the Unix epoch.
    pub timestamp_ms: u64,
}

/// Whether the floor's data source delivers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SourceState {
    /// Values arrive as expected.
    Up,
    /// Connected, but some or all modules have gone silent: values may be old.
    Stale,
    /// The source is unreachable; the last values are old.
    Down,
}

impl SourceState {
    fn to_byte(self) -> u8 {
        match self {
            SourceState::Up => 0,
            SourceState::Stale => 1,
            SourceState::Down => 2,
        }
    }

    fn from_byte(byte: u8) -> Option<SourceState> {
        match byte {
            0 => Some(SourceState::Up),
            1 => Some(SourceState::Stale),
            2 => Some(SourceState::Down),
            _ => None,
        }
    }
}

/// Changed segments of a delta frame, borrowed from the message bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeltaChanges<'a> {
    /// `n` records of (u16 index LE, u8 value).
    bytes: &'a [u8],
}

impl<'a> DeltaChanges<'a> {
    /// Number of changed segments.
    pub fn len(&self) -> usize {
        self.bytes.len() / 3
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The changes as `(segment index, new value)`.
    pub fn iter(&self) -> impl Iterator<Item = (u16, u8)> + 'a {
        self.bytes
            .chunks_exact(3)
            .map(|c| (u16::from_le_bytes([c[0], c[1]]), c[2]))
    }
}

/// A delta: the frame `header.seq` is the frame `base_seq` with `changes` applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Delta<'a> {
    /// Header of the new frame.
    pub header: Header,
    /// The frame this delta applies to.
    pub base_seq: u32,
    /// What changed.
    pub changes: DeltaChanges<'a>,
}

/// A binary message, borrowing its payload from the bytes it was decoded from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Message<'a> {
    /// Every segment's value, in layout order (module by module, 8 triangles each).
    Full {
        /// The header.
        header: Header,
        /// One byte per segment.
        values: &'a [u8],
    },
    /// Only the segments that changed since `base_seq`.
    Delta(Delta<'a>),
    /// The source's state changed (or is repeated for a client that just connected).
    Status {
        /// The header.
        header: Header,
        /// The new state.
        state: SourceState,
        /// How many modules are silent (stale) right now.
        stale_modules: u16,
    },
}

impl Message<'_> {
    /// The message's header.
    pub fn header(&self) -> Header {
        match self {
            Message::Full { header, .. } | Message::Status { header, .. } => *header,
            Message::Delta(delta) => delta.header,
        }
    }

    /// Its bytes in a new buffer, for a message sent once (a broker's last will, tests);
    /// what goes out per frame reuses one buffer with [`encode`].
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        encode(self, &mut out);
        out
    }
}

/// Appends the bytes of `message` to `out` (cleared first), reusing its allocation.
///
/// Full frames hold at most 65 535 segments and deltas at most 65 535 changes; larger
/// inputs are a programming error in the gateway and are cut to that many.
pub fn encode(message: &Message<'_>, out: &mut Vec<u8>) {
    out.clear();
    let (kind, header) = match message {
        Message::Full { header, .. } => (KIND_FULL, header),
        Message::Delta(delta) => (KIND_DELTA, &delta.header),
        Message::Status { header, .. } => (KIND_STATUS, header),
    };
    out.extend_from_slice(&[MAGIC, VERSION, kind]);
    out.extend_from_slice(&header.seq.to_le_bytes());
    out.extend_from_slice(&header.timestamp_ms.to_le_bytes());
    match message {
        Message::Full { values, .. } => {
            let values = &values[..values.len().min(usize::from(u16::MAX))];
            out.extend_from_slice(&(values.len() as u16).to_le_bytes());
            out.extend_from_slice(values);
        }
        Message::Delta(delta) => {
            let count = delta.changes.len().min(usize::from(u16::MAX));
            out.extend_from_slice(&delta.base_seq.to_le_bytes());
            out.extend_from_slice(&(count as u16).to_le_bytes());
            out.extend_from_slice(&delta.changes.bytes[..count * 3]);
        }
        Message::Status {
            state,
            stale_modules,
            ..
        } => {
            out.push(state.to_byte());
            out.extend_from_slice(&stale_modules.to_le_bytes());
        }
    }
}

impl<'a> DeltaChanges<'a> {
    /// Wraps already-encoded change records (3 bytes each); `None` if the length is not a
    /// multiple of 3. For building deltas, see [`DeltaChanges::encode_into`].
    pub fn from_records(bytes: &'a [u8]) -> Option<DeltaChanges<'a>> {
        bytes
            .len()
            .is_multiple_of(3)
            .then_some(DeltaChanges { bytes })
    }

    /// Appends one change record to `records`, to be wrapped by [`DeltaChanges::from_records`].
    pub fn encode_into(records: &mut Vec<u8>, index: u16, value: u8) {
        records.extend_from_slice(&index.to_le_bytes());
        records.push(value);
    }
}

/// Why bytes are not a message of this protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Fewer bytes than the message needs.
    TooShort {
        /// Bytes needed so far.
        needed: usize,
        /// Bytes there are.
        got: usize,
    },
    /// The first byte is not the protocol's magic number.
    BadMagic(u8),
    /// A protocol version this decoder does not speak.
    UnsupportedVersion(u8),
    /// A message kind this version does not define.
    UnknownKind(u8),
    /// A source state this version does not define.
    UnknownSourceState(u8),
    /// Bytes left over after the message.
    TrailingBytes(usize),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::TooShort { needed, got } => {
                write!(f, "message too short: {got} bytes, needs {needed}")
            }
            DecodeError::BadMagic(b) => write!(f, "not a floor message (first byte {b:#04x})"),
            DecodeError::UnsupportedVersion(v) => {
                write!(
                    f,
                    "protocol version {v} is not supported (this app speaks {VERSION})"
                )
            }
            DecodeError::UnknownKind(k) => write!(f, "unknown message kind {k}"),
            DecodeError::UnknownSourceState(s) => write!(f, "unknown source state {s}"),
            DecodeError::TrailingBytes(n) => write!(f, "{n} bytes after the end of the message"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Reads `bytes` as one message. Never panics; borrows the payload from `bytes`.
pub fn decode(bytes: &[u8]) -> Result<Message<'_>, DecodeError> {
    let need = |needed: usize| {
        if bytes.len() < needed {
            Err(DecodeError::TooShort {
                needed,
                got: bytes.len(),
            })
        } else {
            Ok(())
        }
    };
    need(3)?;
    if bytes[0] != MAGIC {
        return Err(DecodeError::BadMagic(bytes[0]));
    }
    if bytes[1] != VERSION {
        return Err(DecodeError::UnsupportedVersion(bytes[1]));
    }
    let kind = bytes[2];
    if kind > KIND_STATUS {
        return Err(DecodeError::UnknownKind(kind));
    }
    need(HEADER_LEN)?;
    let header = Header {
        seq: u32::from_le_bytes([bytes[3], bytes[4], bytes[5], bytes[6]]),
        timestamp_ms: u64::from_le_bytes([
            bytes[7], bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14],
        ]),
    };
    let body = &bytes[HEADER_LEN..];
    let exact = |len: usize| match body.len().cmp(&len) {
        std::cmp::Ordering::Less => Err(DecodeError::TooShort {
            needed: HEADER_LEN + len,
            got: bytes.len(),
        }),
        std::cmp::Ordering::Greater => Err(DecodeError::TrailingBytes(body.len() - len)),
        std::cmp::Ordering::Equal => Ok(()),
    };
    match kind {
        KIND_FULL => {
            need(HEADER_LEN + 2)?;
            let count = usize::from(u16::from_le_bytes([body[0], body[1]]));
            exact(2 + count)?;
            Ok(Message::Full {
                header,
                values: &body[2..],
            })
        }
        KIND_DELTA => {
            need(HEADER_LEN + 6)?;
            let base_seq = u32::from_le_bytes([body[0], body[1], body[2], body[3]]);
            let count = usize::from(u16::from_le_bytes([body[4], body[5]]));
            exact(6 + 3 * count)?;
            Ok(Message::Delta(Delta {
                header,
                base_seq,
                changes: DeltaChanges { bytes: &body[6..] },
            }))
        }
        _ => {
            exact(3)?;
            let state =
                SourceState::from_byte(body[0]).ok_or(DecodeError::UnknownSourceState(body[0]))?;
            Ok(Message::Status {
                header,
                state,
                stale_modules: u16::from_le_bytes([body[1], body[2]]),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const H: Header = Header {
        seq: 0xA1B2_C3D4,
        timestamp_ms: 1_795_262_400_123,
    };

    fn round_trip(message: &Message<'_>) {
        let mut bytes = Vec::new();
        encode(message, &mut bytes);
        assert_eq!(decode(&bytes).as_ref(), Ok(message));
    }

    #[test]
    fn every_kind_round_trips() {
        round_trip(&Message::Full {
            header: H,
            values: &[],
        });
        round_trip(&Message::Full {
            header: H,
            values: &[128; 768],
        });
        let mut records = Vec::new();
        DeltaChanges::encode_into(&mut records, 5, 170);
        DeltaChanges::encode_into(&mut records, 767, 128);
        round_trip(&Message::Delta(Delta {
            header: H,
            base_seq: H.seq.wrapping_sub(1),
            changes: DeltaChanges::from_records(&records).unwrap(),
        }));
        for state in [SourceState::Up, SourceState::Stale, SourceState::Down] {
            round_trip(&Message::Status {
                header: H,
                state,
                stale_modules: 3,
            });
        }
    }

    #[test]
    fn the_bytes_are_as_documented() {
        let mut bytes = Vec::new();
        encode(
            &Message::Full {
                header: Header {
                    seq: 1,
                    timestamp_ms: 2,
                },
                values: &[128, 150],
            },
            &mut bytes,
        );
        assert_eq!(
            bytes,
            [0xF1, 1, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 2, 0, 128, 150]
        );
    }

    #[test]
    fn malformed_input_gives_typed_errors() {
        let mut good = Vec::new();
        encode(
            &Message::Full {
                header: H,
                values: &[1, 2, 3],
            },
            &mut good,
        );
        assert_eq!(
            decode(&[]),
            Err(DecodeError::TooShort { needed: 3, got: 0 })
        );
        assert_eq!(decode(&[0x00, 1, 0]), Err(DecodeError::BadMagic(0)));
        assert_eq!(
            decode(&[0xF1, 2, 0]),
            Err(DecodeError::UnsupportedVersion(2))
        );
        assert_eq!(decode(&[0xF1, 1, 9]), Err(DecodeError::UnknownKind(9)));
        assert_eq!(
            decode(&good[..10]),
            Err(DecodeError::TooShort {
                needed: 15,
                got: 10
            })
        );
        assert_eq!(
            decode(&good[..good.len() - 1]),
            Err(DecodeError::TooShort {
                needed: 20,
                got: 19
            })
        );
        let mut long = good.clone();
        long.push(0);
        assert_eq!(decode(&long), Err(DecodeError::TrailingBytes(1)));
        let mut status = Vec::new();
        encode(
            &Message::Status {
                header: H,
                state: SourceState::Up,
                stale_modules: 0,
            },
            &mut status,
        );
        status[15] = 7;
        assert_eq!(decode(&status), Err(DecodeError::UnknownSourceState(7)));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 100_000, ..ProptestConfig::default() })]

        /// Arbitrary bytes never panic the decoder, and whatever decodes re-encodes to
        /// the same bytes (the format has one spelling per message).
        #[test]
        fn decoder_never_panics_and_is_canonical(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            if let Ok(message) = decode(&bytes) {
                let mut again = Vec::new();
                encode(&message, &mut again);
                prop_assert_eq!(again, bytes);
            }
        }

        /// Valid-looking headers with random bodies: the structured half of the fuzzing,
        /// which reaches the length checks that random bytes rarely get past.
        #[test]
        fn structured_bodies_never_panic(kind in 0u8..4, body in proptest::collection::vec(any::<u8>(), 0..48)) {
            let mut bytes = vec![0xF1, 1, kind];
            bytes.extend_from_slice(&[0; 12]);
            bytes.extend_from_slice(&body);
            if let Ok(message) = decode(&bytes) {
                let mut again = Vec::new();
                encode(&message, &mut again);
                prop_assert_eq!(again, bytes);
            }
        }
    }
}
