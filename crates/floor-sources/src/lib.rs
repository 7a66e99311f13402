//! Where the floor's values come from.
//!
//! A source runs as a task and sends [`SourceEvent`]s into a channel; the gateway's hub
//! merges them into the floor's state, numbers the frames and fans them out. Sources know
//! the [`Layout`] (segment order) but nothing about clients.
//!
//! Sources: the built-in simulator (the default), a SensFloor receiver bridge (raw 17-byte
//! frames over TCP or a serial device) and MQTT (JSON segment values on a topic).

use lernort_floor_protocol::{Layout, SourceState};
use serde::Deserialize;

/// What a source reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceEvent {
    /// New values for some segments, as `(segment index in layout order, value)`.
    Update(Vec<(u16, u8)>),
    /// New values for every segment, in layout order (length = `layout.segment_count()`).
    Snapshot(Vec<u8>),
    /// The source's state changed: up, stale (some modules silent), down (unreachable).
    Status {
        /// The state.
        state: SourceState,
        /// How many modules are silent.
        stale_modules: u16,
    },
}

/// Which source to run, from the gateway's config file (`[floor] source = "…"`).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum SourceConfig {
    /// The built-in simulator.
    Simulator(SimulatorConfig),
    /// A SensFloor receiver.
    Sensfloor(SensfloorConfig),
    /// MQTT.
    Mqtt(MqttConfig),
}

/// Settings of the built-in simulator.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimulatorConfig {
    /// Seed: the same seed and start time give the same floor, frame by frame.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Frames per second produced.
    #[serde(default = "default_rate_hz")]
    pub rate_hz: f64,
}

fn default_seed() -> u64 {
    2026
}

fn default_rate_hz() -> f64 {
    20.0
}

impl Default for SimulatorConfig {
    fn default() -> Self {
        SimulatorConfig {
            seed: default_seed(),
            rate_hz: default_rate_hz(),
        }
    }
}

/// Settings of the SensFloor bridge: exactly one of `tcp` and `serial`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SensfloorConfig {
    /// `host:port` of a receiver's raw TCP stream (often port 4000).
    #[serde(default)]
    pub tcp: Option<String>,
    /// Path of the receiver's serial device (115200 baud, set up with `stty`).
    #[serde(default)]
    pub serial: Option<String>,
    /// A module silent for this long while active counts as stale.
    #[serde(default = "default_stale_after_ms")]
    pub stale_after_ms: u64,
}

fn default_stale_after_ms() -> u64 {
    1_000
}

/// Settings of the MQTT source.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MqttConfig {
    /// Broker host.
    pub host: String,
    /// Broker port, usually 1883.
    #[serde(default = "default_mqtt_port")]
    pub port: u16,
    /// Topic carrying the JSON segment values.
    pub topic: String,
}

fn default_mqtt_port() -> u16 {
    1883
}

/// Keeps the compiler aware that sources are built for a layout.
#[doc(hidden)]
pub fn _uses_layout(_: &Layout) {}
