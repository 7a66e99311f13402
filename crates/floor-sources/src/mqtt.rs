//! The MQTT source: segment values as JSON messages on a topic.
//!
//! The source subscribes to `topic` (QoS 0; wildcards allowed) on an MQTT 3.1.1 broker,
//! over TLS (rustls; the broker's certificate checked against the system's authorities or
//! the centre's own `ca_file`) and with a user name and password when configured
//! ([`connect_options`]). Each message's payload is one JSON object in one of these shapes
//! ([`decode`]):
//!
//! - `{"values": [128, 130, …]}`: every segment, in layout order (module by module, 8
//!   triangles each) → [`SourceEvent::Snapshot`]. The length must be the layout's segment
//!   count.
//! - `{"segments": {"17": 150, "18": 131}}`: some segments by index in layout order →
//!   [`SourceEvent::Update`].
//! - `{"modules": {"257": [128, 150, 128, 128, 128, 128, 128, 128]}}`: whole modules by
//!   module id (decimal, as in the layout), 8 values each in triangle order →
//!   [`SourceEvent::Update`].
//!
//! Values are integers 0–255. Other keys (a timestamp, say) are ignored; exactly one of the
//! three shapes must be present. A payload that breaks these rules is counted, reported on
//! stderr (the first, then every 100th) and otherwise ignored.
//!
//! The source reports `Up` once the broker confirmed the subscription and `Down` when the
//! broker cannot be reached or the connection drops; it reconnects forever, 1 s to 30 s
//! apart, and subscribes again after each reconnect.
//!
//! The broker source (`kind = "broker"`, [`crate::broker`]) is this source with other
//! payloads: another gateway's binary frames instead of JSON ([`Payloads`]).

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use lernort_floor_protocol::{Layout, SourceState, TRIANGLES_PER_MODULE};
use rumqttc::{
    AsyncClient, Event, MqttOptions, Packet, QoS, SubscribeReasonCode, TlsConfiguration, Transport,
};
use serde::Deserialize;
use tokio::sync::mpsc;

use crate::{retry_delay, Reporter, SourceEvent, UpClock};
use lernort_floor_protocol::Backoff;

/// The largest message accepted, in bytes (a full frame of a big floor fits easily); a
/// larger one breaks the connection, which is then re-established.
pub const MAX_MESSAGE_BYTES: usize = 1 << 20;

/// Why a payload was not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayloadError {
    /// Not a JSON object of the documented shapes (syntax, types, a value above 255).
    Json(String),
    /// None of `values`, `segments` and `modules`.
    NoShape,
    /// More than one of `values`, `segments` and `modules`.
    SeveralShapes,
    /// `values` does not have one value per segment.
    WrongLength {
        /// The layout's segment count.
        expected: usize,
        /// The values given.
        got: usize,
    },
    /// A `segments` key is not a segment index of the layout.
    Segment(String),
    /// A `modules` key is not a module id of the layout.
    Module(String),
    /// A module's values are not exactly 8.
    ModuleLength {
        /// The module id.
        module: u16,
        /// The values given.
        got: usize,
    },
    /// Not a message of the floor protocol (the broker source).
    Frame(lernort_floor_protocol::DecodeError),
}

impl fmt::Display for PayloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PayloadError::Json(e) => write!(f, "not a floor message: {e}"),
            PayloadError::NoShape => f.write_str("no `values`, `segments` or `modules`"),
            PayloadError::SeveralShapes => {
                f.write_str("more than one of `values`, `segments` and `modules`")
            }
            PayloadError::WrongLength { expected, got } => {
                write!(
                    f,
                    "`values` has {got} values, the floor {expected} segments"
                )
            }
            PayloadError::Segment(key) => write!(f, "segment {key:?} is not on the floor"),
            PayloadError::Module(key) => write!(f, "module {key:?} is not on the floor"),
            PayloadError::ModuleLength { module, got } => {
                write!(f, "module {module} has {got} values, not 8")
            }
            PayloadError::Frame(e) => write!(f, "not a floor frame: {e}"),
        }
    }
}

impl std::error::Error for PayloadError {}

#[derive(Deserialize)]
struct Payload {
    #[serde(default)]
    values: Option<Vec<u8>>,
    #[serde(default)]
    segments: Option<BTreeMap<String, u8>>,
    #[serde(default)]
    modules: Option<BTreeMap<String, Vec<u8>>>,
}

/// Module id → index in the layout, for [`decode`].
#[derive(Clone, Debug)]
pub struct ModuleIndex {
    segments: usize,
    index: HashMap<u16, usize>,
}

impl ModuleIndex {
    /// The index of `layout`'s modules.
    pub fn new(layout: &Layout) -> ModuleIndex {
        ModuleIndex {
            segments: layout.segment_count(),
            index: layout.module_positions(),
        }
    }
}

/// Reads one message payload (see the module docs for the shapes).
pub fn decode(payload: &[u8], floor: &ModuleIndex) -> Result<SourceEvent, PayloadError> {
    let p: Payload =
        serde_json::from_slice(payload).map_err(|e| PayloadError::Json(e.to_string()))?;
    let shapes = usize::from(p.values.is_some())
        + usize::from(p.segments.is_some())
        + usize::from(p.modules.is_some());
    if shapes > 1 {
        return Err(PayloadError::SeveralShapes);
    }
    if let Some(values) = p.values {
        if values.len() != floor.segments {
            return Err(PayloadError::WrongLength {
                expected: floor.segments,
                got: values.len(),
            });
        }
        return Ok(SourceEvent::Snapshot(values));
    }
    if let Some(segments) = p.segments {
        let mut changes = segments
            .into_iter()
            .map(|(key, v)| match key.parse::<u16>() {
                Ok(i) if usize::from(i) < floor.segments => Ok((i, v)),
                _ => Err(PayloadError::Segment(key)),
            })
            .collect::<Result<Vec<_>, _>>()?;
        changes.sort_unstable();
        return Ok(SourceEvent::Update(changes));
    }
    if let Some(modules) = p.modules {
        let mut changes = Vec::with_capacity(modules.len() * TRIANGLES_PER_MODULE);
        for (key, values) in modules {
            let (id, m) = match key.parse::<u16>() {
                Ok(id) => match floor.index.get(&id) {
                    Some(&m) => (id, m),
                    None => return Err(PayloadError::Module(key)),
                },
                Err(_) => return Err(PayloadError::Module(key)),
            };
            if values.len() != TRIANGLES_PER_MODULE {
                return Err(PayloadError::ModuleLength {
                    module: id,
                    got: values.len(),
                });
            }
            let first = m * TRIANGLES_PER_MODULE;
            changes.extend(
                values
                    .into_iter()
                    .enumerate()
                    .map(|(t, v)| ((first + t) as u16, v)),
            );
        }
        changes.sort_unstable();
        return Ok(SourceEvent::Update(changes));
    }
    Err(PayloadError::NoShape)
}

/// Whether `topic` is a valid MQTT topic filter: not empty, no NUL, `#` only as the
/// whole last level, `+` only as a whole level.
pub fn valid_topic_filter(topic: &str) -> bool {
    if topic.is_empty() || topic.contains('\0') || topic.len() > 65_535 {
        return false;
    }
    let levels: Vec<&str> = topic.split('/').collect();
    levels.iter().enumerate().all(|(i, level)| {
        if level.contains('#') {
            *level == "#" && i == levels.len() - 1
        } else {
            !level.contains('+') || *level == "+"
        }
    })
}

/// What a message's payload is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Payloads {
    /// JSON segment values (`kind = "mqtt"`, [`decode`]).
    Json,
    /// Another gateway's binary frames (`kind = "broker"`, [`crate::broker::decode`]).
    Frames,
}

impl Payloads {
    /// `stale_after_ms` when the config leaves it unset.
    fn stale_after_ms(self, config: &crate::MqttConfig) -> u64 {
        config.stale_after_ms.unwrap_or(match self {
            Payloads::Json => crate::MQTT_STALE_AFTER_MS,
            Payloads::Frames => crate::BROKER_STALE_AFTER_MS,
        })
    }
}

/// Whether the floor's values still come: while subscribed, when it goes stale without a
/// message, or that it has (reported once per silence).
#[derive(Clone, Copy)]
enum Listening {
    No,
    StaleAt(tokio::time::Instant),
    Stale,
}

/// A client id unique enough for one centre: `lernort-` and 12 hex digits.
fn client_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let mixed = nanos ^ (u64::from(std::process::id()) << 32);
    format!("lernort-{:012x}", mixed & 0xFFFF_FFFF_FFFF)
}

/// The client's options for `config`: keep-alive, packet size, and TLS and login when
/// configured; the CA and password files are read here (a one-line reason when they cannot
/// be used).
pub fn connect_options(config: &crate::MqttConfig) -> Result<MqttOptions, String> {
    let mut options = MqttOptions::new(client_id(), config.host.clone(), config.port);
    options.set_keep_alive(Duration::from_secs(15));
    options.set_max_packet_size(MAX_MESSAGE_BYTES, 64 * 1024);
    if config.tls {
        let tls = tls_config(config.ca_file.as_deref())?;
        options.set_transport(Transport::tls_with_config(TlsConfiguration::Rustls(
            Arc::new(tls),
        )));
    } else if let Some(ca) = &config.ca_file {
        return Err(format!(
            "ca_file {} is set but tls is not: write tls = true",
            ca.display()
        ));
    }
    match (&config.username, &config.password_file) {
        (Some(user), Some(file)) => {
            let text = std::fs::read_to_string(file)
                .map_err(|e| format!("cannot read password_file {}: {e}", file.display()))?;
            let password = text.lines().next().unwrap_or("").to_owned();
            options.set_credentials(user.clone(), password);
        }
        (Some(user), None) => {
            options.set_credentials(user.clone(), "");
        }
        (None, Some(file)) => {
            return Err(format!(
                "password_file {} is set but username is not: write username = \"…\"",
                file.display()
            ))
        }
        (None, None) => {}
    }
    Ok(options)
}

/// TLS 1.2 and 1.3 with ring, trusting `ca_file`'s certificates, or the system's.
fn tls_config(ca_file: Option<&std::path::Path>) -> Result<rustls::ClientConfig, String> {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::CertificateDer;
    let mut roots = rustls::RootCertStore::empty();
    match ca_file {
        Some(path) => {
            let certs = CertificateDer::pem_file_iter(path)
                .map_err(|e| format!("cannot read ca_file {}: {e}", path.display()))?;
            for cert in certs {
                let cert = cert.map_err(|e| format!("ca_file {}: not PEM: {e}", path.display()))?;
                roots
                    .add(cert)
                    .map_err(|e| format!("ca_file {}: {e}", path.display()))?;
            }
            if roots.is_empty() {
                return Err(format!(
                    "ca_file {} holds no certificate (PEM, BEGIN CERTIFICATE)",
                    path.display()
                ));
            }
        }
        None => {
            let found = rustls_native_certs::load_native_certs();
            for cert in found.certs {
                let _ = roots.add(cert);
            }
            if roots.is_empty() {
                return Err("tls = true but the system has no certificate authorities: install ca-certificates or set ca_file".into());
            }
        }
    }
    // ring: built with the C compiler alone (aws-lc, rustls' default, needs more at build
    // time). It lacks post-quantum key exchange, hence the deprecation; for a broker on the
    // centre's own network, recorded traffic decrypted decades from now is not the risk.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// Subscribes and turns messages into events; reconnects forever.
pub(crate) async fn run(
    config: crate::MqttConfig,
    layout: Arc<Layout>,
    tx: mpsc::Sender<SourceEvent>,
    payloads: Payloads,
) {
    let floor = ModuleIndex::new(&layout);
    let mut reporter = Reporter::new(tx);
    let options = match connect_options(&config) {
        Ok(options) => options,
        Err(problem) => {
            // The gateway checks this at start; a file changed since is the only way here.
            eprintln!("lernort-floor-sources: MQTT: {problem}");
            let _ = reporter.status(SourceState::Down, 0).await;
            reporter.closed().await;
            return;
        }
    };
    let (client, mut events) = AsyncClient::new(options, 16);
    let mut backoff = Backoff::new();
    let clock = UpClock::start();
    let mut malformed: u64 = 0;
    let mut last_error = String::new();
    let broker = format!("{}:{}", config.host, config.port);
    let silence = Duration::from_millis(payloads.stale_after_ms(&config).max(1));
    let mut listening = Listening::No;
    loop {
        let stale_at = match listening {
            Listening::StaleAt(at) => Some(at),
            Listening::No | Listening::Stale => None,
        };
        let event = tokio::select! {
            event = events.poll() => event,
            () = tokio::time::sleep_until(stale_at.unwrap_or_else(tokio::time::Instant::now)), if stale_at.is_some() => {
                listening = Listening::Stale;
                eprintln!(
                    "lernort-floor-sources: MQTT: no message on {:?} for {} s; the floor is shown as stale",
                    config.topic,
                    silence.as_secs_f32()
                );
                if reporter.status(SourceState::Stale, 0).await.is_err() {
                    return;
                }
                continue;
            }
            () = reporter.closed() => return,
        };
        let sent = match event {
            Ok(Event::Incoming(Packet::ConnAck(_))) => {
                backoff.connected(clock.now());
                if let Err(e) = client.try_subscribe(config.topic.clone(), QoS::AtMostOnce) {
                    eprintln!("lernort-floor-sources: MQTT: cannot subscribe: {e}");
                }
                Ok(())
            }
            Ok(Event::Incoming(Packet::SubAck(ack))) => {
                if ack
                    .return_codes
                    .iter()
                    .all(|c| matches!(c, SubscribeReasonCode::Success(_)))
                {
                    if !last_error.is_empty() {
                        eprintln!("lernort-floor-sources: MQTT: subscribed at {broker} again");
                        last_error.clear();
                    }
                    listening = Listening::StaleAt(tokio::time::Instant::now() + silence);
                    reporter.status(SourceState::Up, 0).await
                } else {
                    eprintln!(
                        "lernort-floor-sources: MQTT: {broker} refused the subscription to {:?}",
                        config.topic
                    );
                    reporter.status(SourceState::Down, 0).await
                }
            }
            Ok(Event::Incoming(Packet::Publish(message))) => {
                let was_stale = matches!(listening, Listening::Stale);
                listening = Listening::StaleAt(tokio::time::Instant::now() + silence);
                if was_stale && reporter.status(SourceState::Up, 0).await.is_err() {
                    return;
                }
                let event = match payloads {
                    Payloads::Json => decode(&message.payload, &floor),
                    Payloads::Frames => crate::broker::decode(&message.payload, floor.segments),
                };
                match event {
                    Ok(SourceEvent::Update(changes)) if changes.is_empty() => Ok(()),
                    Ok(event) => reporter.send(event).await,
                    Err(e) => {
                        malformed += 1;
                        if malformed % 100 == 1 {
                            eprintln!(
                                "lernort-floor-sources: MQTT: ignored message on {} ({malformed} so far): {e}",
                                message.topic
                            );
                        }
                        Ok(())
                    }
                }
            }
            Ok(_) => Ok(()),
            Err(e) => {
                let message = e.to_string();
                if message != last_error {
                    eprintln!("lernort-floor-sources: MQTT broker {broker}: {message}; retrying");
                    last_error = message;
                }
                listening = Listening::No;
                if reporter.status(SourceState::Down, 0).await.is_err() {
                    return;
                }
                tokio::select! {
                    () = tokio::time::sleep(retry_delay(&mut backoff, &clock)) => Ok(()),
                    () = reporter.closed() => return,
                }
            }
        };
        if sent.is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::{Command, Stdio};

    use crate::test_support::{free_port, netzwerk_layout as layout, next, status, Broker};

    #[test]
    fn the_three_shapes() {
        let layout = layout();
        let floor = ModuleIndex::new(&layout);
        let n = layout.segment_count();
        let values: Vec<u8> = (0..n).map(|i| 120 + (i % 20) as u8).collect();
        let json = serde_json::json!({ "values": values, "ts": 1 }).to_string();
        assert_eq!(
            decode(json.as_bytes(), &floor),
            Ok(SourceEvent::Snapshot(values))
        );
        assert_eq!(
            decode(br#"{"segments": {"17": 150, "3": 131}}"#, &floor),
            Ok(SourceEvent::Update(vec![(3, 131), (17, 150)]))
        );
        // Module x 1, y 0 (id 256) is the second module of the layout.
        assert_eq!(layout.modules[1].id, 256);
        assert_eq!(
            decode(br#"{"modules": {"256": [1, 2, 3, 4, 5, 6, 7, 8]}}"#, &floor),
            Ok(SourceEvent::Update((8..16).zip(1..=8).collect()))
        );
    }

    #[test]
    fn malformed_payloads_are_explained() {
        let layout = layout();
        let floor = ModuleIndex::new(&layout);
        let n = layout.segment_count();
        type Check = fn(&PayloadError) -> bool;
        let cases: [(&[u8], Check); 12] = [
            (b"", |e| matches!(e, PayloadError::Json(_))),
            (b"\xff\xfe", |e| matches!(e, PayloadError::Json(_))),
            (b"[1, 2]", |e| matches!(e, PayloadError::Json(_))),
            (b"{}", |e| *e == PayloadError::NoShape),
            (br#"{"values": [1], "segments": {}}"#, |e| {
                *e == PayloadError::SeveralShapes
            }),
            (br#"{"values": [1, 2, 3]}"#, |e| {
                matches!(e, PayloadError::WrongLength { got: 3, .. })
            }),
            (br#"{"values": [1, 256]}"#, |e| {
                matches!(e, PayloadError::Json(_))
            }),
            (br#"{"segments": {"384": 1}}"#, |e| {
                *e == PayloadError::Segment("384".into())
            }),
            (br#"{"segments": {"-1": 1}}"#, |e| {
                matches!(e, PayloadError::Segment(_))
            }),
            (br#"{"modules": {"9999": [1,2,3,4,5,6,7,8]}}"#, |e| {
                matches!(e, PayloadError::Module(_))
            }),
            (br#"{"modules": {"0": [1,2,3]}}"#, |e| {
                *e == PayloadError::ModuleLength { module: 0, got: 3 }
            }),
            (br#"{"segments": {"1": -5}}"#, |e| {
                matches!(e, PayloadError::Json(_))
            }),
        ];
        for (payload, ok) in cases {
            let got = decode(payload, &floor);
            assert!(
                matches!(&got, Err(e) if ok(e) && !e.to_string().is_empty()),
                "{:?}: {got:?}",
                String::from_utf8_lossy(payload)
            );
        }
        assert_eq!(n, 384);
    }

    #[test]
    fn staleness_by_kind_unless_set() {
        let mut config = crate::MqttConfig::new("broker", 1883, "dilas/floor");
        assert_eq!(Payloads::Json.stale_after_ms(&config), 30_000);
        assert_eq!(Payloads::Frames.stale_after_ms(&config), 3_000);
        config.stale_after_ms = Some(500);
        assert_eq!(Payloads::Frames.stale_after_ms(&config), 500);
    }

    #[test]
    fn topic_filters() {
        for ok in ["a", "a/b", "+", "#", "a/+/c", "a/#", "/a"] {
            assert!(valid_topic_filter(ok), "{ok}");
        }
        for bad in ["", "a/#/b", "a#", "a+/b", "a/b+", "a\0"] {
            assert!(!valid_topic_filter(bad), "{bad}");
        }
        assert!(client_id().len() <= 23);
    }

    fn config(port: u16) -> crate::SourceConfig {
        silent_after(port, 30_000)
    }

    fn silent_after(port: u16, stale_after_ms: u64) -> crate::SourceConfig {
        crate::SourceConfig::Mqtt(crate::MqttConfig {
            stale_after_ms: Some(stale_after_ms),
            ..crate::MqttConfig::new("127.0.0.1", port, "dilas/floor")
        })
    }

    /// A publishing client with its event loop running.
    fn publisher(port: u16) -> AsyncClient {
        publisher_with(MqttOptions::new(client_id() + "p", "127.0.0.1", port))
    }

    fn publisher_with(options: MqttOptions) -> AsyncClient {
        let (client, mut events) = AsyncClient::new(options, 64);
        tokio::spawn(async move { while events.poll().await.is_ok() {} });
        client
    }

    /// Publishes `payload` on the floor's topic, at least once, not retained.
    async fn publish(client: &AsyncClient, payload: &[u8]) {
        client
            .publish("dilas/floor", QoS::AtLeastOnce, false, payload.to_vec())
            .await
            .expect("publish");
    }

    /// A publisher that dies without a word (its broker still up) leaves the floor frozen:
    /// after the configured silence it is reported stale, and live again with the next
    /// message.
    #[tokio::test]
    async fn a_silent_publisher_makes_the_floor_stale_until_it_speaks_again() {
        let broker = Broker::start(free_port());
        let layout = Arc::new(layout());
        let mut rx = crate::spawn(silent_after(broker.port, 300), Arc::clone(&layout));
        let within = Duration::from_secs(10);
        assert_eq!(next(&mut rx, within).await, status(SourceState::Up));
        let client = publisher(broker.port);
        publish(&client, br#"{"segments": {"5": 170}}"#).await;
        assert_eq!(
            next(&mut rx, within).await,
            SourceEvent::Update(vec![(5, 170)])
        );
        // Silence: stale once, not again and again.
        assert_eq!(next(&mut rx, within).await, status(SourceState::Stale));
        assert!(
            tokio::time::timeout(Duration::from_millis(900), rx.recv())
                .await
                .is_err(),
            "stale is said once"
        );
        // It speaks again: up, then its values.
        publish(&client, br#"{"segments": {"5": 150}}"#).await;
        assert_eq!(next(&mut rx, within).await, status(SourceState::Up));
        assert_eq!(
            next(&mut rx, within).await,
            SourceEvent::Update(vec![(5, 150)])
        );
    }

    #[tokio::test]
    async fn messages_from_a_real_broker_become_events() {
        let broker = Broker::start(free_port());
        let layout = Arc::new(layout());
        let mut rx = crate::spawn(config(broker.port), Arc::clone(&layout));
        assert_eq!(
            next(&mut rx, Duration::from_secs(10)).await,
            status(SourceState::Up)
        );

        let client = publisher(broker.port);
        let n = layout.segment_count();
        let snapshot: Vec<u8> = (0..n).map(|i| 125 + (i % 7) as u8).collect();
        let payloads: Vec<Vec<u8>> = vec![
            serde_json::json!({ "values": snapshot })
                .to_string()
                .into_bytes(),
            b"not json".to_vec(),
            br#"{"values": [1, 2]}"#.to_vec(),
            br#"{"segments": {"5": 170, "6": 150}}"#.to_vec(),
            br#"{"modules": {"9999": [1,2,3,4,5,6,7,8]}}"#.to_vec(),
            br#"{"modules": {"256": [130, 131, 132, 133, 134, 135, 136, 137]}}"#.to_vec(),
        ];
        for payload in payloads {
            publish(&client, &payload).await;
        }
        let within = Duration::from_secs(10);
        assert_eq!(next(&mut rx, within).await, SourceEvent::Snapshot(snapshot));
        assert_eq!(
            next(&mut rx, within).await,
            SourceEvent::Update(vec![(5, 170), (6, 150)])
        );
        assert_eq!(
            next(&mut rx, within).await,
            SourceEvent::Update((8..16).zip(130..138).collect())
        );
        // Nothing else: the malformed messages were dropped.
        assert!(tokio::time::timeout(Duration::from_millis(300), rx.recv())
            .await
            .is_err());
        drop(broker);
    }

    #[tokio::test]
    async fn a_stopped_broker_is_down_and_a_restarted_one_up() {
        let port = free_port();
        let layout = Arc::new(layout());
        let broker = Broker::start(port);
        let mut rx = crate::spawn(config(port), Arc::clone(&layout));
        let within = Duration::from_secs(10);
        assert_eq!(next(&mut rx, within).await, status(SourceState::Up));
        drop(broker);
        assert_eq!(next(&mut rx, within).await, status(SourceState::Down));
        let broker = Broker::start(port);
        // Reconnects after its backoff (1 s, 2 s, …) and subscribes again.
        assert_eq!(
            next(&mut rx, Duration::from_secs(40)).await,
            status(SourceState::Up)
        );
        let client = publisher(port);
        publish(&client, br#"{"segments": {"0": 140}}"#).await;
        assert_eq!(
            next(&mut rx, within).await,
            SourceEvent::Update(vec![(0, 140)])
        );
        drop(broker);
    }

    #[tokio::test]
    async fn no_broker_means_down() {
        let port = free_port();
        let mut rx = crate::spawn(config(port), Arc::new(layout()));
        assert_eq!(
            next(&mut rx, Duration::from_secs(10)).await,
            status(SourceState::Down)
        );
    }

    /// A broker that speaks only TLS, with a certificate from a CA made for this test, and
    /// lets in only the user in its password file (made with mosquitto_passwd).
    struct SecureBroker {
        broker: Broker,
        dir: std::path::PathBuf,
    }

    impl SecureBroker {
        fn start() -> SecureBroker {
            use rcgen::{
                BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair,
            };
            let dir = std::env::temp_dir().join(format!(
                "lernort-mqtt-tls-{}-{}",
                std::process::id(),
                client_id()
            ));
            std::fs::create_dir_all(&dir).expect("dir");
            let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("params");
            ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
            ca_params
                .distinguished_name
                .push(DnType::CommonName, "Lernort test CA");
            let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().expect("key"))
                .expect("CA");
            let server_key = KeyPair::generate().expect("key");
            let server =
                CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
                    .expect("params")
                    .signed_by(&server_key, &ca)
                    .expect("server certificate");
            let write = |name: &str, text: &str| {
                let path = dir.join(name);
                std::fs::write(&path, text).expect("write");
                path
            };
            write("ca.pem", &ca.pem());
            let cert = write("server.pem", &server.pem());
            let key = write("server.key", &server_key.serialize_pem());
            write("password", "richtig\n");
            write("wrong-password", "falsch\n");
            let passwd = dir.join("passwd");
            let made = Command::new("mosquitto_passwd")
                .args(["-c", "-b"])
                .arg(&passwd)
                .args(["lernort", "richtig"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("mosquitto_passwd (package mosquitto) runs");
            assert!(made.success());
            let port = free_port();
            let config = write(
                "mosquitto.conf",
                &format!(
                    "user root\nlistener {port} 127.0.0.1\ncertfile {}\nkeyfile {}\n\
                     allow_anonymous false\npassword_file {}\n",
                    cert.display(),
                    key.display(),
                    passwd.display()
                ),
            );
            SecureBroker {
                broker: Broker::with_config(port, &config),
                dir,
            }
        }

        /// The source's config: TLS with the test's CA, the user and the given password file.
        fn config(&self, password: &str) -> crate::MqttConfig {
            crate::MqttConfig {
                tls: true,
                ca_file: Some(self.dir.join("ca.pem")),
                username: Some("lernort".into()),
                password_file: Some(self.dir.join(password)),
                ..crate::MqttConfig::new("127.0.0.1", self.broker.port, "dilas/floor")
            }
        }
    }

    impl Drop for SecureBroker {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    #[tokio::test]
    async fn tls_and_login_against_a_real_broker() {
        let broker = SecureBroker::start();
        let within = Duration::from_secs(10);
        let layout = Arc::new(layout());
        let config = broker.config("password");
        let mut rx = crate::spawn(crate::SourceConfig::Mqtt(config.clone()), layout);
        assert_eq!(next(&mut rx, within).await, status(SourceState::Up));
        let client = publisher_with(connect_options(&config).expect("options"));
        publish(&client, br#"{"segments": {"3": 160}}"#).await;
        assert_eq!(
            next(&mut rx, within).await,
            SourceEvent::Update(vec![(3, 160)])
        );
    }

    #[tokio::test]
    async fn a_wrong_password_an_unknown_ca_or_plain_tcp_is_down() {
        let broker = SecureBroker::start();
        let within = Duration::from_secs(10);
        let right = broker.config("password");
        let refused = [
            ("wrong password", broker.config("wrong-password")),
            (
                "the system's CAs do not know the test CA",
                crate::MqttConfig {
                    ca_file: None,
                    ..right.clone()
                },
            ),
            (
                "plain TCP to a TLS listener",
                crate::MqttConfig {
                    tls: false,
                    ca_file: None,
                    ..right.clone()
                },
            ),
        ];
        for (why, config) in refused {
            let mut rx = crate::spawn(crate::SourceConfig::Mqtt(config), Arc::new(layout()));
            assert_eq!(
                next(&mut rx, within).await,
                status(SourceState::Down),
                "{why}"
            );
        }
    }

    #[test]
    fn tls_and_login_settings_are_checked_at_start() {
        let base = crate::MqttConfig::new("broker", 8883, "dilas/floor");
        let check = |config: crate::MqttConfig| crate::SourceConfig::Mqtt(config).check();
        let missing = std::path::PathBuf::from("/nonexistent/ca.pem");
        let problem = check(crate::MqttConfig {
            tls: true,
            ca_file: Some(missing.clone()),
            ..base.clone()
        });
        assert!(
            matches!(&problem, Err(crate::ConfigError::MqttSecurity(m)) if m.starts_with("cannot read ca_file /nonexistent/ca.pem")),
            "{problem:?}"
        );
        assert_eq!(
            check(crate::MqttConfig {
                ca_file: Some(missing),
                ..base.clone()
            })
            .map_err(|e| e.to_string()),
            Err("mqtt: ca_file /nonexistent/ca.pem is set but tls is not: write tls = true".into())
        );
        assert_eq!(
            check(crate::MqttConfig {
                password_file: Some("/etc/lernort/mqtt".into()),
                ..base.clone()
            })
            .map_err(|e| e.to_string()),
            Err("mqtt: password_file /etc/lernort/mqtt is set but username is not: write username = \"…\"".into())
        );
        let not_pem = std::env::temp_dir().join(format!("lernort-not-pem-{}", client_id()));
        std::fs::write(&not_pem, "hello").expect("write");
        let problem = check(crate::MqttConfig {
            tls: true,
            ca_file: Some(not_pem.clone()),
            ..base
        });
        assert!(
            matches!(&problem, Err(crate::ConfigError::MqttSecurity(m)) if m.contains("holds no certificate")),
            "{problem:?}"
        );
        let _ = std::fs::remove_file(not_pem);
    }
}
