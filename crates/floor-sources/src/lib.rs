//! Where the floor's values come from.
//!
//! A source runs as a task and sends [`SourceEvent`]s into a channel; the gateway's hub
//! merges them into the floor's state, numbers the frames and fans them out. Sources know
//! the [`Layout`] (segment order) but nothing about clients.
//!
//! Sources: the built-in simulator (the default), a SensFloor receiver bridge (raw 17-byte
//! frames over TCP or a serial device), MQTT (JSON segment values on a topic) and a broker
//! (another gateway's frames on a topic, [`broker`]). [`spawn`] starts the configured one;
//! docs/floor-sources.md explains how to choose and configure them, docs/floor-cluster.md
//! how gateways share one floor through a broker.
//!
//! ```no_run
//! # async fn demo(layout: std::sync::Arc<lernort_floor_protocol::Layout>) {
//! use lernort_floor_sources::{spawn, SourceConfig, SourceEvent};
//! let mut events = spawn(SourceConfig::default(), layout);
//! while let Some(event) = events.recv().await {
//!     match event {
//!         SourceEvent::Snapshot(values) => { /* every segment */ }
//!         SourceEvent::Update(changes) => { /* (segment, value) pairs */ }
//!         SourceEvent::Status { state, stale_modules } => { /* up, stale, down */ }
//!         SourceEvent::Relayed(message) => { /* another gateway's frame, sent on as it is */ }
//!     }
//! }
//! # }
//! ```

#![warn(missing_docs)]

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use lernort_floor_protocol::{Backoff, Layout, SourceState};
use serde::Deserialize;
use tokio::sync::mpsc;

pub mod broker;
pub mod mqtt;
mod rng;
pub mod sensfloor;
pub mod simulator;

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
    /// One binary message of the floor protocol made by another gateway's hub (the broker
    /// source, [`broker::decode`]: it decodes and fits the layout). The hub sends it on as it
    /// is, with that gateway's sequence number and timestamp.
    Relayed(Bytes),
}

/// Which source to run, from the gateway's config file (`[floor.source]`, `kind = "…"`).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum SourceConfig {
    /// The built-in simulator.
    Simulator(SimulatorConfig),
    /// A SensFloor receiver.
    Sensfloor(SensfloorConfig),
    /// MQTT: JSON segment values.
    Mqtt(MqttConfig),
    /// MQTT: another gateway's frames (`[floor.publish]` there), relayed as they are.
    Broker(MqttConfig),
}

impl Default for SourceConfig {
    /// The built-in simulator with its default settings.
    fn default() -> Self {
        SourceConfig::Simulator(SimulatorConfig::default())
    }
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
    /// Path of the receiver's serial device; opened and set to `baud`, 8 data bits, no
    /// parity, 1 stop bit, no flow control, raw.
    #[serde(default)]
    pub serial: Option<String>,
    /// The serial device's speed, default 115 200 (what receivers send at).
    #[serde(default = "default_baud")]
    pub baud: u32,
    /// A module silent for this long while active counts as stale.
    #[serde(default = "default_stale_after_ms")]
    pub stale_after_ms: u64,
    /// Nothing at all from the receiver this long while some module is active (active
    /// modules are re-sent about every 65 ms): the connection is taken as dead (a frozen
    /// receiver, a cable pulled), reported down and opened again. Default 25 000: down
    /// within 30 s of the last byte, like a dead peer found by the keepalive probes.
    #[serde(default = "default_read_deadline_ms")]
    pub read_deadline_ms: u64,
    /// The same while no module is active, for receivers that send status frames on their
    /// own at least this often; unset (the default): an empty floor may be silent for hours.
    #[serde(default)]
    pub idle_read_deadline_ms: Option<u64>,
}

impl Default for SensfloorConfig {
    fn default() -> Self {
        SensfloorConfig {
            tcp: None,
            serial: None,
            baud: default_baud(),
            stale_after_ms: default_stale_after_ms(),
            read_deadline_ms: default_read_deadline_ms(),
            idle_read_deadline_ms: None,
        }
    }
}

fn default_stale_after_ms() -> u64 {
    1_000
}

fn default_baud() -> u32 {
    115_200
}

fn default_read_deadline_ms() -> u64 {
    25_000
}

/// Settings of the MQTT source (`kind = "mqtt"`) and of the broker source (`kind =
/// "broker"`), and where a gateway publishes its frames (`[floor.publish]`,
/// [`MqttConfig::check_publishing`]).
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
    /// Subscribed, but no message for this long: the floor is reported stale (its values
    /// may be frozen: a publisher that died silently). The next message makes it up again.
    /// Publishers should send at least this often, a full snapshot when nothing changes.
    /// Unset: [`MQTT_STALE_AFTER_MS`] for `mqtt`, [`BROKER_STALE_AFTER_MS`] for `broker`
    /// (whose publisher sends a full frame every second). Not for `[floor.publish]`.
    #[serde(default)]
    pub stale_after_ms: Option<u64>,
    /// Speak TLS to the broker (port 8883, usually); its certificate is checked against
    /// `ca_file`, or the system's certificate authorities without one.
    #[serde(default)]
    pub tls: bool,
    /// The certificate authority (PEM) that signed the broker's certificate, for a broker
    /// with a certificate of the centre's own. Needs `tls = true`.
    #[serde(default)]
    pub ca_file: Option<std::path::PathBuf>,
    /// The user name the broker knows the gateway by.
    #[serde(default)]
    pub username: Option<String>,
    /// A file holding the password (its first line), readable by the gateway only; the
    /// config file itself may then be shared. Needs `username`.
    #[serde(default)]
    pub password_file: Option<std::path::PathBuf>,
}

impl MqttConfig {
    /// A broker at `host:port` on `topic`, with the defaults otherwise (no TLS, no login).
    pub fn new(host: &str, port: u16, topic: &str) -> MqttConfig {
        MqttConfig {
            host: host.to_owned(),
            port,
            topic: topic.to_owned(),
            stale_after_ms: None,
            tls: false,
            ca_file: None,
            username: None,
            password_file: None,
        }
    }
}

fn default_mqtt_port() -> u16 {
    1883
}

/// The MQTT source's `stale_after_ms` when unset.
pub const MQTT_STALE_AFTER_MS: u64 = 30_000;

/// The broker source's `stale_after_ms` when unset: three of the publishing gateway's full
/// frames (one a second by default) missed.
pub const BROKER_STALE_AFTER_MS: u64 = 3_000;

/// The highest simulator frame rate accepted by [`SourceConfig::check`].
pub const MAX_RATE_HZ: f64 = 200.0;

/// Why a [`SourceConfig`] cannot work. [`SourceConfig::check`] finds these; [`spawn`] with
/// such a config reports [`SourceState::Down`] and never delivers values.
#[derive(Clone, Debug, PartialEq)]
pub enum ConfigError {
    /// The simulator's `rate_hz` is not a number between 0 (exclusive) and [`MAX_RATE_HZ`].
    Rate(f64),
    /// The SensFloor bridge needs exactly one of `tcp` and `serial`.
    SensfloorTarget,
    /// `tcp` is not `host:port`.
    TcpAddress(String),
    /// `serial` is empty.
    SerialPath,
    /// A SensFloor duration or the baud rate is 0 (the key's name).
    Zero(&'static str),
    /// The MQTT host is empty.
    MqttHost,
    /// The MQTT topic is empty or not a valid topic filter.
    MqttTopic(String),
    /// TLS or login cannot be set up: a key that needs another, a file that cannot be read.
    MqttSecurity(String),
    /// `[floor.publish]` cannot work as written (the reason).
    Publish(&'static str),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Rate(rate) => write!(
                f,
                "simulator rate_hz {rate} must be above 0 and at most {MAX_RATE_HZ}"
            ),
            ConfigError::SensfloorTarget => {
                f.write_str("sensfloor source needs exactly one of `tcp` and `serial`")
            }
            ConfigError::TcpAddress(addr) => {
                write!(f, "sensfloor tcp address {addr:?} is not HOST:PORT")
            }
            ConfigError::SerialPath => f.write_str("sensfloor serial path is empty"),
            ConfigError::Zero(key) => write!(f, "sensfloor {key} must be above 0"),
            ConfigError::MqttHost => f.write_str("mqtt host is empty"),
            ConfigError::MqttTopic(topic) => write!(f, "mqtt topic {topic:?} is not valid"),
            ConfigError::MqttSecurity(problem) => write!(f, "mqtt: {problem}"),
            ConfigError::Publish(problem) => write!(f, "floor.publish: {problem}"),
        }
    }
}

impl std::error::Error for ConfigError {}

impl SourceConfig {
    /// Checks the settings that can be checked without connecting anywhere. The gateway
    /// should call it at start-up and refuse a broken config with the error's message.
    pub fn check(&self) -> Result<(), ConfigError> {
        match self {
            SourceConfig::Simulator(c) => {
                if c.rate_hz.is_finite() && c.rate_hz > 0.0 && c.rate_hz <= MAX_RATE_HZ {
                    Ok(())
                } else {
                    Err(ConfigError::Rate(c.rate_hz))
                }
            }
            SourceConfig::Sensfloor(c) => {
                for (key, value) in [
                    ("stale_after_ms", c.stale_after_ms),
                    ("read_deadline_ms", c.read_deadline_ms),
                    (
                        "idle_read_deadline_ms",
                        c.idle_read_deadline_ms.unwrap_or(1),
                    ),
                    ("baud", u64::from(c.baud)),
                ] {
                    if value == 0 {
                        return Err(ConfigError::Zero(key));
                    }
                }
                match (&c.tcp, &c.serial) {
                    (Some(addr), None) => match addr.rsplit_once(':') {
                        Some((host, port))
                            if !host.trim().is_empty() && port.parse::<u16>().is_ok() =>
                        {
                            Ok(())
                        }
                        _ => Err(ConfigError::TcpAddress(addr.clone())),
                    },
                    (None, Some(path)) if path.trim().is_empty() => Err(ConfigError::SerialPath),
                    (None, Some(_)) => Ok(()),
                    _ => Err(ConfigError::SensfloorTarget),
                }
            }
            SourceConfig::Mqtt(c) | SourceConfig::Broker(c) => c.check_link(),
        }
    }
}

impl MqttConfig {
    /// The host, the topic (a filter: wildcards allowed) and TLS and login.
    fn check_link(&self) -> Result<(), ConfigError> {
        if self.host.trim().is_empty() {
            Err(ConfigError::MqttHost)
        } else if !mqtt::valid_topic_filter(&self.topic) {
            Err(ConfigError::MqttTopic(self.topic.clone()))
        } else {
            mqtt::connect_options(self)
                .map(|_| ())
                .map_err(ConfigError::MqttSecurity)
        }
    }

    /// Checks these settings as `[floor.publish]` of a gateway whose source is `source`: a
    /// topic without wildcards, no `stale_after_ms`, and a source that is not itself a
    /// broker (a relay that published again could send every frame round for ever).
    pub fn check_publishing(&self, source: &SourceConfig) -> Result<(), ConfigError> {
        if matches!(source, SourceConfig::Broker(_)) {
            return Err(ConfigError::Publish(
                "a gateway whose source is `broker` does not publish again",
            ));
        }
        if self.stale_after_ms.is_some() {
            return Err(ConfigError::Publish(
                "stale_after_ms is for subscribers (kind = \"broker\")",
            ));
        }
        if self.topic.contains(['+', '#']) {
            return Err(ConfigError::MqttTopic(self.topic.clone()));
        }
        self.check_link()
    }
}

/// How many events the channel from a source to the gateway holds. A source waits when it
/// is full (the simulator and the SensFloor bridge then read later; nothing is dropped).
pub const CHANNEL_CAPACITY: usize = 256;

/// Starts the configured source as a task on the current tokio runtime and returns the
/// channel its [`SourceEvent`]s arrive on.
///
/// The source runs until the receiver is dropped. It never gives up: an unreachable
/// receiver or broker is reported as [`SourceState::Down`] and retried forever, waiting
/// 1 s, 2 s, 4 s … up to 30 s between attempts. A config that [`SourceConfig::check`]
/// rejects is reported as `Down` once (and on stderr); the channel then stays open and
/// silent. Should a source task ever panic, it is reported as `Down` and restarted.
///
/// # Panics
///
/// When called outside a tokio runtime (like [`tokio::spawn`]).
pub fn spawn(config: SourceConfig, layout: Arc<Layout>) -> mpsc::Receiver<SourceEvent> {
    let (tx, rx) = mpsc::channel(CHANNEL_CAPACITY);
    tokio::spawn(supervise(config, layout, tx));
    rx
}

/// Runs the source, restarting it should it panic.
async fn supervise(config: SourceConfig, layout: Arc<Layout>, tx: mpsc::Sender<SourceEvent>) {
    if let Err(error) = config.check() {
        eprintln!("lernort-floor-sources: {error}; the floor stays offline");
        let _ = tx.send(down()).await;
        tx.closed().await;
        return;
    }
    let mut backoff = Backoff::new();
    let clock = UpClock::start();
    loop {
        let task = tokio::spawn(run(config.clone(), Arc::clone(&layout), tx.clone()));
        match task.await {
            Ok(()) => return,
            Err(error) => {
                eprintln!("lernort-floor-sources: the source stopped ({error}); restarting");
                if tx.send(down()).await.is_err() {
                    return;
                }
                tokio::select! {
                    () = tokio::time::sleep(retry_delay(&mut backoff, &clock)) => {}
                    () = tx.closed() => return,
                }
            }
        }
    }
}

async fn run(config: SourceConfig, layout: Arc<Layout>, tx: mpsc::Sender<SourceEvent>) {
    match config {
        SourceConfig::Simulator(c) => simulator::run(c, layout, tx).await,
        SourceConfig::Sensfloor(c) => sensfloor::run(c, layout, tx).await,
        SourceConfig::Mqtt(c) => mqtt::run(c, layout, tx, mqtt::Payloads::Json).await,
        SourceConfig::Broker(c) => mqtt::run(c, layout, tx, mqtt::Payloads::Frames).await,
    }
}

fn down() -> SourceEvent {
    SourceEvent::Status {
        state: SourceState::Down,
        stale_modules: 0,
    }
}

/// The receiver of a source's channel is gone: the source ends.
#[derive(Debug)]
pub(crate) struct Closed;

/// Sends events and remembers the last status, so that a status is only sent on change.
pub(crate) struct Reporter {
    tx: mpsc::Sender<SourceEvent>,
    last: Option<(SourceState, u16)>,
}

impl Reporter {
    pub(crate) fn new(tx: mpsc::Sender<SourceEvent>) -> Reporter {
        Reporter { tx, last: None }
    }

    /// Sends an event, waiting while the channel is full.
    pub(crate) async fn send(&self, event: SourceEvent) -> Result<(), Closed> {
        self.tx.send(event).await.map_err(|_| Closed)
    }

    /// Sends the status unless it is the one sent last.
    pub(crate) async fn status(&mut self, state: SourceState, stale: u16) -> Result<(), Closed> {
        if self.last == Some((state, stale)) {
            return Ok(());
        }
        self.last = Some((state, stale));
        self.send(SourceEvent::Status {
            state,
            stale_modules: stale,
        })
        .await
    }

    /// Resolves when the receiver is gone.
    pub(crate) async fn closed(&self) {
        self.tx.closed().await;
    }
}

/// The wait before the next connection attempt, by the floor's one reconnect rule
/// ([`Backoff`]: jittered, growing across failed and short-lived connections). `up_ms`
/// reads a monotonic clock (Tokio's, so that paused-time tests can drive it).
pub(crate) fn retry_delay(backoff: &mut Backoff, up_ms: &UpClock) -> Duration {
    Duration::from_millis(u64::from(
        backoff.disconnected(up_ms.now(), fastrand::f64()),
    ))
}

/// Milliseconds since the source started, by Tokio's clock.
pub(crate) struct UpClock(tokio::time::Instant);

impl UpClock {
    pub(crate) fn start() -> UpClock {
        UpClock(tokio::time::Instant::now())
    }

    pub(crate) fn now(&self) -> u64 {
        u64::try_from(self.0.elapsed().as_millis()).unwrap_or(u64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(path: &str) -> Layout {
        let file = format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"));
        let json = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
        Layout::from_json(&json).unwrap_or_else(|e| panic!("{file}: {e}"))
    }

    #[test]
    fn the_centres_floors_load_and_validate() {
        let dilas = load("centres/dilas-soest/floor.json");
        assert_eq!(dilas.modules.len(), 160);
        assert_eq!(dilas.segment_count(), 1280);
        assert_eq!((dilas.width_cm, dilas.height_cm), (800, 500));
        let gt = load("centres/netzwerk-gt/floor.json");
        assert_eq!(gt.modules.len(), 48);
        for layout in [&dilas, &gt] {
            assert!(layout.problems().is_empty());
            // Module ids are (column << 8) | row, the receiver's bytes 3 and 4.
            for m in &layout.modules {
                assert_eq!(m.id >> 8, m.x_cm / 50);
                assert_eq!(m.id & 0xff, m.y_cm / 50);
            }
            assert!(layout.zones.iter().any(|z| z.id == "eingang"));
        }
        let ids: Vec<&str> = dilas.zones.iter().map(|z| z.id.as_str()).collect();
        for id in [
            "eingang",
            "makerspace",
            "coworking",
            "vortragsraum",
            "lernbereich",
            "ausstellung",
        ] {
            assert!(ids.contains(&id), "{id} missing");
        }
        for z in &dilas.zones {
            assert!(
                matches!(
                    &z.name,
                    lernort_i18n::Localized::Translated { en: Some(_), .. }
                ),
                "{} needs an English name",
                z.id
            );
        }
    }

    #[test]
    fn configs_read_from_toml_like_tables() {
        // The gateway reads `[floor.source]` with `kind`; serde_json stands in for TOML.
        let sim: SourceConfig = serde_json::from_str(r#"{"kind":"simulator"}"#).unwrap();
        assert_eq!(sim, SourceConfig::default());
        let sf: SourceConfig = serde_json::from_str(
            r#"{"kind":"sensfloor","tcp":"192.168.1.50:4000","stale_after_ms":500}"#,
        )
        .unwrap();
        assert_eq!(sf.check(), Ok(()));
        let mqtt: SourceConfig =
            serde_json::from_str(r#"{"kind":"mqtt","host":"broker","topic":"dilas/floor"}"#)
                .unwrap();
        assert!(matches!(&mqtt, SourceConfig::Mqtt(c) if c.port == 1883));
        assert_eq!(mqtt.check(), Ok(()));
        let broker: SourceConfig = serde_json::from_str(
            r#"{"kind":"broker","host":"broker","topic":"dilas/floor/frames"}"#,
        )
        .unwrap();
        assert!(matches!(&broker, SourceConfig::Broker(c) if c.stale_after_ms.is_none()));
        assert_eq!(broker.check(), Ok(()));
        assert!(serde_json::from_str::<SourceConfig>(r#"{"kind":"simulator","x":1}"#).is_err());
    }

    #[test]
    fn broken_configs_are_explained() {
        let sf = |tcp: Option<&str>, serial: Option<&str>| {
            SourceConfig::Sensfloor(SensfloorConfig {
                tcp: tcp.map(str::to_owned),
                serial: serial.map(str::to_owned),
                ..SensfloorConfig::default()
            })
            .check()
        };
        let zero = SourceConfig::Sensfloor(SensfloorConfig {
            tcp: Some("a:1".into()),
            read_deadline_ms: 0,
            ..SensfloorConfig::default()
        });
        assert_eq!(zero.check(), Err(ConfigError::Zero("read_deadline_ms")));
        assert_eq!(sf(None, None), Err(ConfigError::SensfloorTarget));
        assert_eq!(
            sf(Some("a:1"), Some("/dev/x")),
            Err(ConfigError::SensfloorTarget)
        );
        assert!(matches!(
            sf(Some("host"), None),
            Err(ConfigError::TcpAddress(_))
        ));
        assert!(matches!(
            sf(Some(":4000"), None),
            Err(ConfigError::TcpAddress(_))
        ));
        assert_eq!(sf(None, Some(" ")), Err(ConfigError::SerialPath));
        assert_eq!(sf(None, Some("/dev/ttyUSB0")), Ok(()));
        for rate in [0.0, -1.0, f64::NAN, f64::INFINITY, 1000.0] {
            let c = SourceConfig::Simulator(SimulatorConfig {
                seed: 1,
                rate_hz: rate,
            });
            assert!(matches!(c.check(), Err(ConfigError::Rate(_))), "{rate}");
        }
        let mqtt = |host: &str, topic: &str| {
            SourceConfig::Mqtt(MqttConfig::new(host, 1883, topic)).check()
        };
        assert_eq!(mqtt("", "a"), Err(ConfigError::MqttHost));
        assert!(matches!(mqtt("h", ""), Err(ConfigError::MqttTopic(_))));
        assert!(matches!(mqtt("h", "a/#/b"), Err(ConfigError::MqttTopic(_))));
        assert_eq!(mqtt("h", "dilas/floor/+"), Ok(()));
        assert!(!ConfigError::SensfloorTarget.to_string().is_empty());
    }

    #[tokio::test]
    async fn a_broken_config_reports_down_and_stays_open() {
        let layout = Arc::new(load("centres/netzwerk-gt/floor.json"));
        let config = SourceConfig::Sensfloor(SensfloorConfig::default());
        let mut rx = spawn(config, layout);
        assert_eq!(rx.recv().await, Some(down()));
        assert!(rx.try_recv().is_err());
    }
}

/// What the sources' tests share.
#[cfg(test)]
pub(crate) mod test_support {
    use std::net::TcpStream;
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    use lernort_floor_protocol::{Layout, SourceState};
    use tokio::sync::mpsc;

    use crate::SourceEvent;

    /// The bundled NETZ.WERK GT floor (8 x 6 modules): small enough for quick tests.
    pub(crate) fn netzwerk_layout() -> Layout {
        let file = format!(
            "{}/../../centres/netzwerk-gt/floor.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let json = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
        Layout::from_json(&json).unwrap_or_else(|e| panic!("{file}: {e}"))
    }

    /// A mosquitto broker on a port of its own, killed when dropped.
    pub(crate) struct Broker {
        child: Child,
        pub(crate) port: u16,
    }

    impl Broker {
        pub(crate) fn start(port: u16) -> Broker {
            Broker::run(port, &["-p", &port.to_string()])
        }

        /// mosquitto with a config file of the test's (which names the port).
        pub(crate) fn with_config(port: u16, config: &std::path::Path) -> Broker {
            Broker::run(port, &["-c", &config.to_string_lossy()])
        }

        fn run(port: u16, args: &[&str]) -> Broker {
            let program = ["mosquitto", "/usr/sbin/mosquitto"]
                .into_iter()
                .find(|p| {
                    Command::new(p)
                        .arg("-h")
                        .stdout(Stdio::null())
                        .stderr(Stdio::null())
                        .status()
                        .is_ok()
                })
                .expect(
                    "mosquitto is not installed: apt-get install mosquitto (scripts/bootstrap)",
                );
            let child = Command::new(program)
                .args(args)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("mosquitto starts");
            let broker = Broker { child, port };
            let until = Instant::now() + Duration::from_secs(10);
            while TcpStream::connect(("127.0.0.1", port)).is_err() {
                assert!(
                    Instant::now() < until,
                    "mosquitto does not listen on {port}"
                );
                std::thread::sleep(Duration::from_millis(10));
            }
            broker
        }
    }

    impl Drop for Broker {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    pub(crate) fn free_port() -> u16 {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    }

    /// The source's next event, or a failure after `within`.
    pub(crate) async fn next(
        rx: &mut mpsc::Receiver<SourceEvent>,
        within: Duration,
    ) -> SourceEvent {
        match tokio::time::timeout(within, rx.recv()).await {
            Ok(Some(event)) => event,
            other => panic!("no event: {other:?}"),
        }
    }

    /// A status with no stale modules.
    pub(crate) fn status(state: SourceState) -> SourceEvent {
        SourceEvent::Status {
            state,
            stale_modules: 0,
        }
    }
}
