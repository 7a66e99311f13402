//! One floor, many gateways: one gateway publishes every message its hub makes to an MQTT
//! broker ([`Publisher`], the gateway's `[floor.publish]`); any number of gateways subscribe
//! with the broker source (`kind = "broker"`, [`decode`]) and send those messages on to their
//! browsers as they are — the same bytes, with the first gateway's sequence numbers and
//! timestamps — so a browser can move from one gateway to another without a gap, and the
//! frames' age is measured end to end. docs/floor-cluster.md describes the setup.
//!
//! On the topic, QoS 0, one MQTT message per protocol message (docs/floor-protocol.md).
//! Status messages are retained, so a gateway that subscribes learns the source's state at
//! once; should the publisher's connection break without a goodbye (the process killed, the
//! machine gone), the broker publishes a retained `down` status in its place (its last will).
//! The publisher sends a full frame at least every `full_every_ms` (1 s by default), so a
//! subscriber takes silence for [`crate::BROKER_STALE_AFTER_MS`] as a stale floor.
//!
//! The subscriber is the MQTT source with binary payloads (its connection, TLS, login,
//! staleness and reconnects, [`crate::mqtt`]); the layout stays each gateway's own, and a
//! message that does not fit it is counted and ignored like a malformed JSON message.

use bytes::Bytes;
use lernort_floor_protocol::{Backoff, Header, Message, SourceState};
use rumqttc::{AsyncClient, Event, EventLoop, LastWill, Packet, QoS};
use tokio::sync::watch;
use tokio::task::AbortHandle;

use crate::mqtt::{connect_options, PayloadError, MAX_MESSAGE_BYTES};
use crate::{retry_delay, MqttConfig, SourceEvent, UpClock};

/// Checks one message from the broker against a floor of `segments` segments: it decodes, a
/// full frame has one value per segment, a delta names only segments that exist. What passes
/// goes to the hub as it is ([`SourceEvent::Relayed`]).
pub fn decode(payload: &Bytes, segments: usize) -> Result<SourceEvent, PayloadError> {
    match lernort_floor_protocol::decode(payload).map_err(PayloadError::Frame)? {
        Message::Full { values, .. } if values.len() != segments => {
            Err(PayloadError::WrongLength {
                expected: segments,
                got: values.len(),
            })
        }
        Message::Delta(delta) => match delta
            .changes
            .iter()
            .find(|&(index, _)| usize::from(index) >= segments)
        {
            Some((index, _)) => Err(PayloadError::Segment(index.to_string())),
            None => Ok(SourceEvent::Relayed(payload.clone())),
        },
        Message::Full { .. } | Message::Status { .. } => Ok(SourceEvent::Relayed(payload.clone())),
    }
}

/// Most messages waiting for the broker; beyond that (a slow broker) messages are dropped,
/// as they are while the connection is down: QoS 0, the subscribers' hubs skip deltas that
/// do not follow and carry on with the next full frame.
pub const QUEUE: usize = 64;

/// A connection to the broker that publishes the floor's messages on one topic (see the
/// module docs). Dropping it closes the connection without a goodbye: the broker then
/// publishes the `down` status.
pub struct Publisher {
    client: AsyncClient,
    topic: String,
    connected: watch::Receiver<bool>,
    driver: AbortHandle,
}

impl Publisher {
    /// Connects to the broker of `config` on the current tokio runtime, and again whenever
    /// the connection breaks, forever, waiting by the sources' backoff. `Err`: TLS or login
    /// cannot be set up (one line; [`MqttConfig::check_publishing`] finds it at start).
    pub fn start(config: &MqttConfig) -> Result<Publisher, String> {
        let mut options = connect_options(config)?;
        options.set_max_packet_size(MAX_MESSAGE_BYTES, MAX_MESSAGE_BYTES);
        options.set_last_will(LastWill::new(
            config.topic.as_str(),
            down_status(),
            QoS::AtMostOnce,
            true,
        ));
        let (client, events) = AsyncClient::new(options, QUEUE);
        let (up, connected) = watch::channel(false);
        let broker = format!("{}:{}", config.host, config.port);
        let driver = tokio::spawn(drive(events, up, broker)).abort_handle();
        Ok(Publisher {
            client,
            topic: config.topic.clone(),
            connected,
            driver,
        })
    }

    /// Hands `message` to the connection; `retain`: the broker keeps it for gateways that
    /// subscribe later (status messages). `false`: dropped, because the connection is down or
    /// [`QUEUE`] messages wait.
    pub fn send(&self, message: &[u8], retain: bool) -> bool {
        *self.connected.borrow()
            && self
                .client
                .try_publish(self.topic.as_str(), QoS::AtMostOnce, retain, message)
                .is_ok()
    }

    /// Waits until the broker accepts a connection: the first one, or a new one after the
    /// last broke. The caller then sends the current status and full frame (the broker holds
    /// the `down` status of the broken connection).
    pub async fn connected(&mut self) {
        loop {
            if self.connected.changed().await.is_err() {
                std::future::pending::<()>().await;
            }
            if *self.connected.borrow_and_update() {
                return;
            }
        }
    }
}

impl Drop for Publisher {
    fn drop(&mut self) {
        self.driver.abort();
    }
}

/// The status message the broker publishes for a publisher gone without a goodbye. Its
/// header is the time of connecting; subscribers number status messages themselves.
fn down_status() -> Vec<u8> {
    Message::Status {
        header: Header {
            seq: 0,
            timestamp_ms: lernort_time::clock::unix_ms().unsigned_abs(),
        },
        state: SourceState::Down,
        stale_modules: 0,
    }
    .to_bytes()
}

/// Keeps the connection: polls it (which sends what is queued) and, after a failure, waits
/// by the backoff and connects again; `up` says whether it is connected. A failure is
/// logged once until it changes or the connection is back.
async fn drive(mut events: EventLoop, up: watch::Sender<bool>, broker: String) {
    let mut backoff = Backoff::new();
    let clock = UpClock::start();
    let mut last_error = String::new();
    loop {
        match events.poll().await {
            Ok(Event::Incoming(Packet::ConnAck(_))) => {
                backoff.connected(clock.now());
                if !last_error.is_empty() {
                    eprintln!("lernort-floor-sources: publishing to {broker} again");
                    last_error.clear();
                }
                up.send_replace(true);
            }
            Ok(_) => {}
            Err(e) => {
                up.send_replace(false);
                let message = e.to_string();
                if message != last_error {
                    eprintln!(
                        "lernort-floor-sources: MQTT broker {broker} (publishing): {message}; retrying"
                    );
                    last_error = message;
                }
                tokio::time::sleep(retry_delay(&mut backoff, &clock)).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use lernort_floor_protocol::{Delta, DeltaChanges};

    use super::*;
    use crate::test_support::{free_port, netzwerk_layout, next, status, Broker};
    use crate::{ConfigError, SourceConfig};

    const WITHIN: Duration = Duration::from_secs(10);

    fn bytes(message: &Message<'_>) -> Bytes {
        Bytes::from(message.to_bytes())
    }

    fn header(seq: u32) -> Header {
        Header {
            seq,
            timestamp_ms: 1_795_512_600_000 + u64::from(seq),
        }
    }

    fn full(seq: u32, values: &[u8]) -> Bytes {
        bytes(&Message::Full {
            header: header(seq),
            values,
        })
    }

    fn delta(seq: u32, changes: &[(u16, u8)]) -> Bytes {
        let mut records = Vec::new();
        for &(index, value) in changes {
            DeltaChanges::encode_into(&mut records, index, value);
        }
        bytes(&Message::Delta(Delta {
            header: header(seq),
            base_seq: seq - 1,
            changes: DeltaChanges::from_records(&records).expect("records"),
        }))
    }

    fn state(state: SourceState) -> Bytes {
        bytes(&Message::Status {
            header: header(0),
            state,
            stale_modules: 0,
        })
    }

    #[test]
    fn messages_that_fit_the_floor_pass_as_they_are() {
        let passing = [
            full(1, &[128; 384]),
            delta(2, &[(0, 150), (383, 170)]),
            state(SourceState::Stale),
        ];
        for message in passing {
            assert_eq!(
                decode(&message, 384),
                Ok(SourceEvent::Relayed(message.clone()))
            );
        }
        type Check = fn(&PayloadError) -> bool;
        let refused: [(Bytes, Check); 4] = [
            (Bytes::from_static(b"{\"values\": []}"), |e| {
                matches!(e, PayloadError::Frame(_))
            }),
            (full(1, &[128; 3]), |e| {
                *e == PayloadError::WrongLength {
                    expected: 384,
                    got: 3,
                }
            }),
            (delta(2, &[(384, 1)]), |e| {
                *e == PayloadError::Segment("384".into())
            }),
            (full(1, &[128; 384]).slice(..20), |e| {
                matches!(e, PayloadError::Frame(_))
            }),
        ];
        for (message, ok) in refused {
            let got = decode(&message, 384);
            assert!(
                matches!(&got, Err(e) if ok(e) && !e.to_string().is_empty()),
                "{message:?}: {got:?}"
            );
        }
    }

    #[test]
    fn publishing_settings_are_checked() {
        let publish = MqttConfig::new("broker", 1883, "dilas/floor/frames");
        let simulator = SourceConfig::default();
        assert_eq!(publish.check_publishing(&simulator), Ok(()));
        let refused = [
            (
                MqttConfig::new("broker", 1883, "dilas/+/frames"),
                &simulator,
            ),
            (
                MqttConfig {
                    stale_after_ms: Some(3000),
                    ..publish.clone()
                },
                &simulator,
            ),
            (MqttConfig::new(" ", 1883, "dilas"), &simulator),
            (
                publish.clone(),
                &SourceConfig::Broker(MqttConfig::new("other", 1883, "dilas/floor/frames")),
            ),
        ];
        for (config, source) in refused {
            let error = config.check_publishing(source);
            assert!(
                matches!(
                    error,
                    Err(ConfigError::MqttTopic(_)
                        | ConfigError::Publish(_)
                        | ConfigError::MqttHost)
                ),
                "{config:?}: {error:?}"
            );
        }
    }

    /// A publisher connected to a broker on a free port, and the broker.
    async fn publishing(topic: &str) -> (Broker, MqttConfig, Publisher) {
        let broker = Broker::start(free_port());
        let config = MqttConfig::new("127.0.0.1", broker.port, topic);
        let mut publisher = Publisher::start(&config).expect("publisher");
        tokio::time::timeout(WITHIN, publisher.connected())
            .await
            .expect("the publisher connects");
        (broker, config, publisher)
    }

    #[tokio::test]
    async fn a_publishers_messages_reach_a_subscriber_as_they_are() {
        let (_broker, config, publisher) = publishing("dilas/floor/frames").await;
        let up = state(SourceState::Up);
        assert!(publisher.send(&up, true));
        // Subscribed after the status went out: it was retained.
        let mut rx = crate::spawn(SourceConfig::Broker(config), Arc::new(netzwerk_layout()));
        assert_eq!(next(&mut rx, WITHIN).await, status(SourceState::Up));
        assert_eq!(next(&mut rx, WITHIN).await, SourceEvent::Relayed(up));
        let (first, second) = (full(7, &[140; 384]), delta(8, &[(5, 170)]));
        for message in [
            first.clone(),
            Bytes::from_static(b"not a frame"),
            full(8, &[128; 10]),
            second.clone(),
        ] {
            assert!(publisher.send(&message, false));
        }
        assert_eq!(next(&mut rx, WITHIN).await, SourceEvent::Relayed(first));
        assert_eq!(next(&mut rx, WITHIN).await, SourceEvent::Relayed(second));
        assert!(
            tokio::time::timeout(Duration::from_millis(300), rx.recv())
                .await
                .is_err(),
            "what does not fit the floor is not relayed"
        );
    }

    #[tokio::test]
    async fn a_publisher_gone_without_a_goodbye_leaves_down_on_the_broker() {
        let (_broker, config, publisher) = publishing("dilas/floor/frames").await;
        assert!(publisher.send(&state(SourceState::Up), true));
        drop(publisher);
        let mut rx = crate::spawn(SourceConfig::Broker(config), Arc::new(netzwerk_layout()));
        assert_eq!(next(&mut rx, WITHIN).await, status(SourceState::Up));
        // The retained `up`, if the broker had not yet noticed, then its `down`.
        loop {
            let SourceEvent::Relayed(message) = next(&mut rx, WITHIN).await else {
                panic!("only the retained status comes");
            };
            match lernort_floor_protocol::decode(&message) {
                Ok(Message::Status {
                    state: SourceState::Down,
                    ..
                }) => break,
                Ok(Message::Status {
                    state: SourceState::Up,
                    ..
                }) => {}
                other => panic!("a status, not {other:?}"),
            }
        }
    }

    #[tokio::test]
    async fn nothing_is_sent_while_the_broker_is_away() {
        let port = free_port();
        let config = MqttConfig::new("127.0.0.1", port, "dilas/floor/frames");
        let publisher = Publisher::start(&config).expect("publisher");
        assert!(!publisher.send(&state(SourceState::Up), true));
    }
}
