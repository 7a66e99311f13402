//! The client's copy of the floor, kept current by applying messages in order.

use std::fmt;

use crate::{Header, Message, SourceState};

/// The latest values of every segment and the source's state, as a client sees them.
/// Applying a message reuses the replica's buffer: nothing is allocated per frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replica {
    values: Vec<u8>,
    last: Option<Header>,
    state: SourceState,
    stale_modules: u16,
}

/// Why a message does not fit the replica. The replica is unchanged; the gateway's next
/// full frame (sent periodically) puts it right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApplyError {
    /// A full frame with another number of segments than the layout has.
    WrongSegmentCount {
        /// Segments in the layout.
        expected: usize,
        /// Values in the frame.
        got: usize,
    },
    /// A delta that does not follow the frame the replica holds.
    Gap {
        /// The replica's frame (`None` before the first full frame).
        have: Option<u32>,
        /// The frame the delta applies to.
        base: u32,
    },
    /// A delta names a segment the layout does not have.
    IndexOutOfRange {
        /// The index.
        index: u16,
        /// Segments in the layout.
        segments: usize,
    },
}

impl fmt::Display for ApplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApplyError::WrongSegmentCount { expected, got } => {
                write!(f, "frame has {got} values, the layout {expected} segments")
            }
            ApplyError::Gap { have, base } => {
                write!(f, "delta for frame {base} does not follow frame {have:?}")
            }
            ApplyError::IndexOutOfRange { index, segments } => {
                write!(f, "segment {index} does not exist ({segments} segments)")
            }
        }
    }
}

impl std::error::Error for ApplyError {}

impl Replica {
    /// An empty replica for a layout with `segments` segments (all values 0 until the
    /// first full frame).
    pub fn new(segments: usize) -> Replica {
        Replica {
            values: vec![0; segments],
            last: None,
            state: SourceState::Up,
            stale_modules: 0,
        }
    }

    /// Applies one message; on error the replica is left as it was.
    pub fn apply(&mut self, message: &Message<'_>) -> Result<(), ApplyError> {
        match message {
            Message::Full { header, values } => {
                if values.len() != self.values.len() {
                    return Err(ApplyError::WrongSegmentCount {
                        expected: self.values.len(),
                        got: values.len(),
                    });
                }
                self.values.copy_from_slice(values);
                self.last = Some(*header);
            }
            Message::Delta(delta) => {
                let have = self.last.map(|h| h.seq);
                if have != Some(delta.base_seq) {
                    return Err(ApplyError::Gap {
                        have,
                        base: delta.base_seq,
                    });
                }
                let segments = self.values.len();
                if let Some((index, _)) = delta
                    .changes
                    .iter()
                    .find(|(i, _)| usize::from(*i) >= segments)
                {
                    return Err(ApplyError::IndexOutOfRange { index, segments });
                }
                for (index, value) in delta.changes.iter() {
                    self.values[usize::from(index)] = value;
                }
                self.last = Some(delta.header);
            }
            Message::Status {
                state,
                stale_modules,
                ..
            } => {
                self.state = *state;
                self.stale_modules = *stale_modules;
            }
        }
        Ok(())
    }

    /// Every segment's latest value, in layout order.
    pub fn values(&self) -> &[u8] {
        &self.values
    }

    /// Header of the latest frame applied, if any.
    pub fn last_frame(&self) -> Option<Header> {
        self.last
    }

    /// The source's state and how many modules are silent.
    pub fn source(&self) -> (SourceState, u16) {
        (self.state, self.stale_modules)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{decode, encode, Delta, DeltaChanges};

    fn header(seq: u32) -> Header {
        Header {
            seq,
            timestamp_ms: 1000 + u64::from(seq),
        }
    }

    fn delta(seq: u32, base: u32, changes: &[(u16, u8)]) -> Vec<u8> {
        let mut records = Vec::new();
        for (i, v) in changes {
            DeltaChanges::encode_into(&mut records, *i, *v);
        }
        let mut bytes = Vec::new();
        encode(
            &Message::Delta(Delta {
                header: header(seq),
                base_seq: base,
                changes: DeltaChanges::from_records(&records).unwrap(),
            }),
            &mut bytes,
        );
        bytes
    }

    #[test]
    fn full_then_deltas_in_order() {
        let mut r = Replica::new(4);
        assert_eq!(
            r.apply(&decode(&delta(2, 1, &[(0, 200)])).unwrap()),
            Err(ApplyError::Gap {
                have: None,
                base: 1
            })
        );
        r.apply(&Message::Full {
            header: header(1),
            values: &[128; 4],
        })
        .unwrap();
        r.apply(&decode(&delta(2, 1, &[(0, 200), (3, 150)])).unwrap())
            .unwrap();
        assert_eq!(r.values(), &[200, 128, 128, 150]);
        assert_eq!(r.last_frame().map(|h| h.seq), Some(2));
        // A missed frame: the delta for 4 on top of 3 cannot apply to 2.
        assert_eq!(
            r.apply(&decode(&delta(4, 3, &[(1, 170)])).unwrap()),
            Err(ApplyError::Gap {
                have: Some(2),
                base: 3
            })
        );
        assert_eq!(
            r.values(),
            &[200, 128, 128, 150],
            "unchanged after an error"
        );
    }

    #[test]
    fn bad_frames_leave_the_replica_alone() {
        let mut r = Replica::new(2);
        r.apply(&Message::Full {
            header: header(1),
            values: &[128, 128],
        })
        .unwrap();
        assert_eq!(
            r.apply(&Message::Full {
                header: header(2),
                values: &[1, 2, 3]
            }),
            Err(ApplyError::WrongSegmentCount {
                expected: 2,
                got: 3
            })
        );
        // One bad index in the middle: nothing of the delta is applied.
        assert_eq!(
            r.apply(&decode(&delta(2, 1, &[(0, 190), (9, 190), (1, 190)])).unwrap()),
            Err(ApplyError::IndexOutOfRange {
                index: 9,
                segments: 2
            })
        );
        assert_eq!(r.values(), &[128, 128]);
    }

    #[test]
    fn status_is_kept() {
        let mut r = Replica::new(1);
        r.apply(&Message::Status {
            header: header(0),
            state: SourceState::Stale,
            stale_modules: 3,
        })
        .unwrap();
        assert_eq!(r.source(), (SourceState::Stale, 3));
    }
}
