//! The recorded frames both renderers draw in benchmark (a): `Simulation` (the gateway's
//! own simulator, deterministic) at a busy hour, encoded as the gateway sends them.
//!
//! Files written into the bench page's directory:
//! * `floor.json`: the layout, as the gateway's first message;
//! * `frames.bin`: the messages, each as a u32 (little-endian) length and the bytes: a
//!   full frame first and every `rate` frames (once a second, as the gateway's default
//!   `full_every_ms`), deltas in between;
//! * `frames.json`: what the pages need besides: frame count and interval, the value scale,
//!   and each segment's centre in cm (its triangle's centroid), where simpleheat puts its
//!   points.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use lernort_floor_protocol::{encode, Delta, DeltaChanges, Header, Layout, Message, Triangle};
use lernort_floor_sources::simulator::Simulation;

/// Tuesday 17 November 2026, 18:40 in Soest (17:40 UTC): a talk in the lecture room and
/// the evening courses, the busiest time of the simulator's week.
pub const START_UNIX_MS: u64 = 1_794_937_200_000;
/// The simulator's seed (the gateway's default).
pub const SEED: u64 = 2026;

/// What [`export`] wrote, for the report.
pub struct Summary {
    pub frames: usize,
    pub people_mean: f64,
    pub active_mean: f64,
    pub bytes: usize,
}

/// Records `frames` frames at `rate_hz` into `dir`.
pub fn export(
    layout_path: &Path,
    dir: &Path,
    frames: usize,
    rate_hz: u32,
) -> Result<Summary, String> {
    let text =
        fs::read_to_string(layout_path).map_err(|e| format!("{}: {e}", layout_path.display()))?;
    let layout = Layout::from_json(&text).map_err(|e| format!("{}: {e}", layout_path.display()))?;
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let interval_ms = u64::from(1000 / rate_hz.max(1));
    let mut sim = Simulation::new(SEED, &layout, START_UNIX_MS);
    let mut out = Vec::new();
    let mut message = Vec::new();
    let mut records = Vec::new();
    let mut previous: Vec<u8> = Vec::new();
    let (mut people, mut active) = (0usize, 0usize);
    for i in 0..frames {
        let values = sim.step(interval_ms).to_vec();
        people += sim.people_count();
        active += values.iter().filter(|&&v| v >= layout.scale.active).count();
        let header = Header {
            seq: i as u32 + 1,
            timestamp_ms: sim.now_unix_ms(),
        };
        records.clear();
        for (index, (v, old)) in values.iter().zip(&previous).enumerate() {
            if v != old {
                DeltaChanges::encode_into(&mut records, index as u16, *v);
            }
        }
        message.clear();
        let full = i % rate_hz.max(1) as usize == 0;
        match DeltaChanges::from_records(&records) {
            Some(changes) if !full => encode(
                &Message::Delta(Delta {
                    header,
                    base_seq: header.seq - 1,
                    changes,
                }),
                &mut message,
            ),
            _ => encode(
                &Message::Full {
                    header,
                    values: &values,
                },
                &mut message,
            ),
        }
        out.extend_from_slice(&(message.len() as u32).to_le_bytes());
        out.extend_from_slice(&message);
        previous = values;
    }
    let write = |name: &str, bytes: &[u8]| {
        fs::write(dir.join(name), bytes).map_err(|e| format!("{}: {e}", dir.join(name).display()))
    };
    write("floor.json", layout.to_json().as_bytes())?;
    write("frames.bin", &out)?;
    let mut centres = String::new();
    for module in &layout.modules {
        for t in Triangle::ORDER {
            let c = t.corners();
            let u = (c[0].0 + c[1].0 + c[2].0) / 3.0;
            let v = (c[0].1 + c[1].1 + c[2].1) / 3.0;
            let x = f32::from(module.x_cm) + u * f32::from(module.w_cm);
            let y = f32::from(module.y_cm) + v * f32::from(module.h_cm);
            if !centres.is_empty() {
                centres.push(',');
            }
            let _ = write!(centres, "[{x:.2},{y:.2}]");
        }
    }
    let meta = format!(
        "{{\"frames\":{frames},\"interval_ms\":{interval_ms},\"width_cm\":{},\"height_cm\":{},\
         \"baseline\":{},\"active\":{},\"max\":{},\"module_cm\":50,\"centres_cm\":[{centres}]}}\n",
        layout.width_cm,
        layout.height_cm,
        layout.scale.baseline,
        layout.scale.active,
        layout.scale.max
    );
    write("frames.json", meta.as_bytes())?;
    Ok(Summary {
        frames,
        people_mean: people as f64 / frames.max(1) as f64,
        active_mean: active as f64 / frames.max(1) as f64,
        bytes: out.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use lernort_floor_protocol::{decode, Replica};

    #[test]
    fn frames_are_deterministic_and_apply_without_gaps() {
        let layout =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../centres/dilas-soest/floor.json");
        let dir = std::env::temp_dir().join(format!("lernort-floor-bench-{}", std::process::id()));
        let summary = export(&layout, &dir, 45, 20).expect("export");
        assert_eq!(summary.frames, 45);
        assert!(
            summary.people_mean > 5.0,
            "a busy hour: {}",
            summary.people_mean
        );
        let bytes = fs::read(dir.join("frames.bin")).expect("frames.bin");
        export(&layout, &dir, 45, 20).expect("export again");
        assert_eq!(fs::read(dir.join("frames.bin")).expect("again"), bytes);
        let mut replica = Replica::new(160 * 8);
        let (mut at, mut kinds) = (0, String::new());
        while at < bytes.len() {
            let n = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
            let message = decode(&bytes[at + 4..at + 4 + n]).expect("decodes");
            replica.apply(&message).expect("applies: no gap");
            kinds.push(if matches!(message, Message::Full { .. }) {
                'F'
            } else {
                'd'
            });
            at += 4 + n;
        }
        assert_eq!(kinds.len(), 45);
        assert_eq!(
            kinds.match_indices('F').map(|(i, _)| i).collect::<Vec<_>>(),
            [0, 20, 40]
        );
        assert!(fs::read_to_string(dir.join("frames.json"))
            .unwrap()
            .contains("\"centres_cm\":[["));
        let _ = fs::remove_dir_all(&dir);
    }
}
