//! What the gateway serves, and where: the settings from the command line and the
//! config file (see [`crate::config_file`] for the file).

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use http::uri::{Authority, Scheme, Uri};
use lernort_floor_sources::{MqttConfig, SourceConfig};
use serde::de::{Deserializer, Error as _};
use serde::Deserialize;

use crate::base::BasePath;

/// The gateway's settings: the command line over the config file over the defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The directory Trunk built the app into (`dist`).
    pub dist: PathBuf,
    /// Where to listen (`127.0.0.1:8080`).
    pub addr: ListenAddr,
    /// The path prefix the app is served under (`/`).
    pub base: BasePath,
    /// The live sensor floor (`[floor]` in the config file).
    pub floor: FloorConfig,
    /// Limits on the floor stream's clients (`[limits]` in the config file).
    pub limits: Limits,
    /// Timeouts and caps on every connection (`[server]` in the config file).
    pub server: ServerLimits,
    /// Co-working availability at `{base}api/coworking` (`[coworking]` in the config
    /// file); `None`: not configured, the endpoint answers 404.
    pub coworking: Option<CoworkingConfig>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            dist: PathBuf::from("dist"),
            addr: ListenAddr {
                host: "127.0.0.1".to_owned(),
                port: 8080,
            },
            base: BasePath::root(),
            floor: FloorConfig::default(),
            limits: Limits::default(),
            server: ServerLimits::default(),
            coworking: None,
        }
    }
}

/// The layout a gateway without a config file uses, relative to the working directory.
pub const DEFAULT_LAYOUT: &str = "centres/dilas-soest/floor.json";

/// Highest accepted `max_rate_hz`.
pub const MAX_RATE_HZ: u32 = 10_000;

/// The `[floor]` section: where the layout is, where the values come from, how often
/// frames go out.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FloorConfig {
    /// The floor layout (JSON, see `lernort_floor_protocol::Layout`); relative paths are
    /// relative to the working directory. Default: [`DEFAULT_LAYOUT`].
    pub layout: PathBuf,
    /// At most this many frames per second go out; source events in between are merged
    /// into one frame. 1 to [`MAX_RATE_HZ`], default 100.
    #[serde(deserialize_with = "rate_hz")]
    pub max_rate_hz: u32,
    /// A full frame (every segment) at least this often, in ms, even when nothing changed
    /// (so clients can tell a quiet floor from a stalled stream). 10 to 86 400 000, default 1000.
    #[serde(deserialize_with = "full_every_ms")]
    pub full_every_ms: u64,
    /// The floor's picture for link previews (`api/floor.png`) is drawn at most this
    /// often, in ms, however many ask; 0 to 3 600 000, default 5000.
    #[serde(deserialize_with = "picture_every_ms")]
    pub picture_every_ms: u64,
    /// The data source (`[floor.source]`, `kind = "simulator" | "sensfloor" | "mqtt" |
    /// "broker"`). Default: the simulator with its defaults.
    pub source: SourceConfig,
    /// Publish every frame to an MQTT broker for other gateways (`[floor.publish]`: the
    /// mqtt source's `host`, `port`, `topic`, `tls`, `ca_file`, `username`,
    /// `password_file`; docs/floor-cluster.md). Default: not published.
    pub publish: Option<MqttConfig>,
}

impl Default for FloorConfig {
    fn default() -> Self {
        FloorConfig {
            layout: PathBuf::from(DEFAULT_LAYOUT),
            max_rate_hz: 100,
            full_every_ms: 1_000,
            picture_every_ms: 5_000,
            source: SourceConfig::default(),
            publish: None,
        }
    }
}

impl FloorConfig {
    /// The shortest time between two frames, `1 / max_rate_hz`.
    pub fn min_interval(&self) -> Duration {
        Duration::from_secs_f64(1.0 / f64::from(self.max_rate_hz.clamp(1, MAX_RATE_HZ)))
    }

    /// The longest time without a full frame.
    pub fn full_every(&self) -> Duration {
        Duration::from_millis(self.full_every_ms.max(1))
    }

    /// The shortest time between two drawings of the floor's picture.
    pub fn picture_every(&self) -> Duration {
        Duration::from_millis(self.picture_every_ms)
    }
}

/// The `[coworking]` section: where the centre's co-working config is and where the
/// load history is kept (docs/coworking-format.md).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoworkingConfig {
    /// The co-working config, `centres/<id>/coworking/spaces.json`; its calendars and the
    /// centre config with the opening hours are found from there. Required.
    pub config: PathBuf,
    /// Where the load history is kept (JSON, rewritten after every sample). When it does
    /// not exist yet, the gateway starts from `history.json` beside the config, if there
    /// is one (a seed), and writes here. `None`: the history is kept in memory only.
    #[serde(default)]
    pub history: Option<PathBuf>,
    /// Seconds between two samples of the load (10 to 3600, default 60).
    #[serde(default = "sample_every_default", deserialize_with = "sample_every")]
    pub sample_every_s: u64,
    /// Seconds between two fetches of the booking calendars given by URL (30 to 86400,
    /// default 300).
    #[serde(
        default = "bookings_refresh_default",
        deserialize_with = "bookings_refresh"
    )]
    pub bookings_refresh_s: u64,
    /// Seconds one such fetch may take at most, the answer included (1 to 300, default 30).
    #[serde(
        default = "bookings_timeout_default",
        deserialize_with = "bookings_timeout"
    )]
    pub bookings_timeout_s: u64,
}

impl CoworkingConfig {
    /// The settings for the co-working config at `config`, everything else as by default.
    pub fn new(config: PathBuf) -> CoworkingConfig {
        CoworkingConfig {
            config,
            history: None,
            sample_every_s: sample_every_default(),
            bookings_refresh_s: bookings_refresh_default(),
            bookings_timeout_s: bookings_timeout_default(),
        }
    }
}

fn bookings_refresh_default() -> u64 {
    300
}

fn bookings_timeout_default() -> u64 {
    30
}

fn sample_every_default() -> u64 {
    60
}

/// The `[limits]` section: what the floor stream allows its clients.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Open floor connections at most; one more is answered 503 before the upgrade.
    /// 1 to 1 000 000, default 10 000.
    #[serde(deserialize_with = "max_clients")]
    pub max_clients: u32,
    /// Browser origins (`https://host[:port]`) besides the gateway's own that may open
    /// the floor stream; any other `Origin` is answered 403. Requests without `Origin`
    /// (non-browser tools) are allowed. Default: none.
    pub allowed_origins: Vec<AllowedOrigin>,
    /// Host names the site is reached under, besides IP addresses, `localhost` and the
    /// host of the centre's `site_url`: only under these does a page count as the gateway's
    /// own origin for the floor stream (a name an attacker points at the gateway, DNS
    /// rebinding, does not). Default: none.
    pub allowed_hosts: Vec<String>,
    /// Largest message a client may send, in bytes; a larger one closes its socket
    /// (code 1009). 128 to 1 048 576, default 1024. Clients have nothing to say: the
    /// stream is read-only.
    #[serde(deserialize_with = "message_size")]
    pub max_message_size: usize,
    /// How long one send to a client may take, in ms: 1 to 600 000, default 5000.
    #[serde(deserialize_with = "send_timeout_ms")]
    pub send_timeout_ms: u64,
    /// A client whose sends time out this many times in a row is disconnected: 1 to 1000,
    /// default 3.
    #[serde(deserialize_with = "max_send_timeouts")]
    pub max_send_timeouts: u32,
    /// Frames kept for clients that fall behind (the broadcast channel's bound); a
    /// client further behind skips to the latest full frame. 2 to 4096, default 64.
    #[serde(deserialize_with = "backlog")]
    pub frame_backlog: usize,
    /// The kernel's send buffer of a floor stream, in bytes (Linux doubles it): what a
    /// client that stopped reading can hold before the gateway's sends block and time out.
    /// 4096 to 16 777 216, default 65 536 (seconds of frames, not minutes).
    #[serde(deserialize_with = "send_buffer")]
    pub send_buffer_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_clients: 10_000,
            allowed_origins: Vec::new(),
            allowed_hosts: Vec::new(),
            max_message_size: 1024,
            send_timeout_ms: 5_000,
            max_send_timeouts: 3,
            frame_backlog: 64,
            send_buffer_bytes: 64 * 1024,
        }
    }
}

impl Limits {
    /// [`Limits::send_timeout_ms`] as a duration.
    pub fn send_timeout(&self) -> Duration {
        Duration::from_millis(self.send_timeout_ms.max(1))
    }
}

/// The `[server]` section: what every connection to the gateway is allowed, whoever
/// sends it. A public site meets clients that send half a request and wait, or open
/// connections by the thousand; these keep one such client from taking the site from
/// the others.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerLimits {
    /// Time a client has to send a request's head (request line and headers), in ms;
    /// the clock starts when the connection waits for a request, so this is also the
    /// longest a kept-alive connection stays open idle between two requests.
    /// 100 to 600 000, default 10 000.
    #[serde(deserialize_with = "header_timeout_ms")]
    pub header_timeout_ms: u64,
    /// A connection on which no byte moves either way this long is closed (a body that
    /// never comes, a response nobody reads), in ms. Floor streams, once open, are
    /// watched by their send timeout instead. 1000 to 3 600 000, default 60 000.
    #[serde(deserialize_with = "idle_timeout_ms")]
    pub idle_timeout_ms: u64,
    /// Open connections at most, all clients together (floor streams included); one more
    /// is answered 503 and closed at once. Never more than the open-files limit minus
    /// [`RESERVED_FILES`]; unset: exactly that.
    pub max_connections: Option<u32>,
    /// Open connections at most from one client address (an IPv6 client: its /64), never
    /// more than half of the global cap, so one host cannot fill it alone. Counted in
    /// memory only, never logged. Behind a reverse proxy every client has the proxy's
    /// address: raise this to `max_connections` there and limit per client in the proxy.
    /// 1 to 1 000 000, default 256.
    #[serde(deserialize_with = "per_client")]
    pub max_connections_per_client: u32,
    /// Largest request body in bytes (larger: 413). Nothing the gateway serves takes a
    /// body. 0 to 1 048 576, default 16 384.
    #[serde(deserialize_with = "body_bytes")]
    pub max_body_bytes: usize,
    /// Where `/metrics` and the detailed health are served: a loopback address only
    /// (`127.0.0.1:9180`), or `"off"`. Port 0 lets the system choose (printed at start).
    pub metrics_addr: MetricsAddr,
}

/// Open files kept back from the connection cap: the files being sent, the floor source,
/// the co-working calendars and history, the runtime's own descriptors.
pub const RESERVED_FILES: u64 = 64;

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            header_timeout_ms: 10_000,
            idle_timeout_ms: 60_000,
            max_connections: None,
            max_connections_per_client: 256,
            max_body_bytes: 16 * 1024,
            metrics_addr: MetricsAddr::default(),
        }
    }
}

impl ServerLimits {
    /// [`ServerLimits::header_timeout_ms`] as a duration.
    pub fn header_timeout(&self) -> Duration {
        Duration::from_millis(self.header_timeout_ms)
    }

    /// [`ServerLimits::idle_timeout_ms`] as a duration.
    pub fn idle_timeout(&self) -> Duration {
        Duration::from_millis(self.idle_timeout_ms)
    }

    /// The connection caps with `open_files` descriptors allowed to the process:
    /// (all clients, one client).
    ///
    /// ```
    /// use lernort_gateway::ServerLimits;
    /// let limits = ServerLimits::default();
    /// assert_eq!(limits.caps(1024), (960, 256));
    /// assert_eq!(limits.caps(256), (192, 96));
    /// let limits = ServerLimits { max_connections: Some(100), ..ServerLimits::default() };
    /// assert_eq!(limits.caps(1_048_576), (100, 50));
    /// ```
    pub fn caps(&self, open_files: u64) -> (u32, u32) {
        let room = open_files.saturating_sub(RESERVED_FILES).max(2);
        let room = u32::try_from(room).unwrap_or(u32::MAX);
        let global = self
            .max_connections
            .map_or(room, |max| max.min(room))
            .max(2);
        let per_client = self.max_connections_per_client.min(global / 2).max(1);
        (global, per_client)
    }
}

/// Where the loopback-only listener for `/metrics` is, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MetricsAddr {
    /// Not served.
    Off,
    /// Served at this loopback address.
    At(ListenAddr),
}

impl Default for MetricsAddr {
    fn default() -> Self {
        MetricsAddr::At(ListenAddr {
            host: "127.0.0.1".to_owned(),
            port: 9180,
        })
    }
}

impl MetricsAddr {
    /// Parses `"off"` or a loopback `HOST:PORT` (`127.x.x.x`, `[::1]`, `localhost`).
    pub fn parse(text: &str) -> Result<MetricsAddr, String> {
        if text == "off" {
            return Ok(MetricsAddr::Off);
        }
        let addr = ListenAddr::parse(text).map_err(|e| format!("'{text}': {e}"))?;
        let loopback = addr.host.eq_ignore_ascii_case("localhost")
            || addr
                .host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        if !loopback {
            return Err(format!(
                "metrics_addr '{text}' is not a loopback address: write e.g. \"127.0.0.1:9180\" \
                 (the counters are not public; a proxy with access control may pass them on), or \"off\""
            ));
        }
        Ok(MetricsAddr::At(addr))
    }
}

impl<'de> Deserialize<'de> for MetricsAddr {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        MetricsAddr::parse(&String::deserialize(deserializer)?).map_err(D::Error::custom)
    }
}

/// The settings that must lie in a range, each read by a function of its own (for serde's
/// `deserialize_with`) that names the setting in its error.
macro_rules! ranged_settings {
    ($($function:ident: $ty:ty = from $min:expr, to $max:expr, $name:literal;)*) => {$(
        fn $function<'de, D: Deserializer<'de>>(d: D) -> Result<$ty, D::Error> {
            ranged(d, $min, $max, $name)
        }
    )*};
}

ranged_settings! {
    bookings_refresh: u64 = from 30, to 86_400, "bookings_refresh_s";
    bookings_timeout: u64 = from 1, to 300, "bookings_timeout_s";
    sample_every: u64 = from 10, to 3_600, "sample_every_s";
    header_timeout_ms: u64 = from 100, to 600_000, "header_timeout_ms";
    idle_timeout_ms: u64 = from 1_000, to 3_600_000, "idle_timeout_ms";
    per_client: u32 = from 1, to 1_000_000, "max_connections_per_client";
    body_bytes: usize = from 0, to 1 << 20, "max_body_bytes";
    rate_hz: u32 = from 1, to MAX_RATE_HZ, "max_rate_hz";
    full_every_ms: u64 = from 10, to 86_400_000, "full_every_ms";
    picture_every_ms: u64 = from 0, to 3_600_000, "picture_every_ms";
    max_clients: u32 = from 1, to 1_000_000, "max_clients";
    send_timeout_ms: u64 = from 1, to 600_000, "send_timeout_ms";
    max_send_timeouts: u32 = from 1, to 1000, "max_send_timeouts";
    message_size: usize = from 128, to 1 << 20, "max_message_size";
    send_buffer: usize = from 4096, to 16 << 20, "send_buffer_bytes";
    backlog: usize = from 2, to 4096, "frame_backlog";
}

fn ranged<'de, D, T>(deserializer: D, min: T, max: T, name: &str) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + PartialOrd + fmt::Display + Copy,
{
    let value = T::deserialize(deserializer)?;
    if value < min || value > max {
        return Err(D::Error::custom(format!(
            "{name} must be from {min} to {max}, not {value}"
        )));
    }
    Ok(value)
}

/// A web origin allowed to open the floor stream: scheme, host and port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllowedOrigin {
    scheme: String,
    host: String,
    port: u16,
}

impl AllowedOrigin {
    /// Parses `http(s)://host[:port]` (no path); host names are compared without case.
    pub fn parse(text: &str) -> Result<AllowedOrigin, OriginError> {
        let uri: Uri = text.parse().map_err(|_| OriginError)?;
        let scheme = uri.scheme().ok_or(OriginError)?;
        let authority = uri.authority().ok_or(OriginError)?;
        let path_ok = matches!(
            uri.path_and_query().map(|p| p.as_str()),
            None | Some("") | Some("/")
        );
        let default_port = default_port(scheme).ok_or(OriginError)?;
        if !path_ok || authority.as_str().contains('@') || authority.host().is_empty() {
            return Err(OriginError);
        }
        Ok(AllowedOrigin {
            scheme: scheme.as_str().to_ascii_lowercase(),
            host: authority.host().to_ascii_lowercase(),
            port: authority.port_u16().unwrap_or(default_port),
        })
    }

    /// Whether a request's `Origin` header value names this origin.
    pub fn matches(&self, origin: &str) -> bool {
        AllowedOrigin::parse(origin).is_ok_and(|other| &other == self)
    }
}

impl fmt::Display for AllowedOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}:{}", self.scheme, self.host, self.port)
    }
}

impl<'de> Deserialize<'de> for AllowedOrigin {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        AllowedOrigin::parse(&text).map_err(|e| D::Error::custom(format!("'{text}': {e}")))
    }
}

/// Whether `origin` (an `Origin` header value) is the origin the request was sent to,
/// i.e. names the same host and port as `host` (the `Host` header). The scheme is not
/// compared: behind a TLS proxy the gateway itself speaks plain HTTP.
pub fn is_same_origin(origin: &str, host: &str) -> bool {
    let Ok(uri) = origin.parse::<Uri>() else {
        return false;
    };
    let (Some(scheme), Some(from)) = (uri.scheme(), uri.authority()) else {
        return false;
    };
    let Ok(to) = host.parse::<Authority>() else {
        return false;
    };
    let Some(default) = default_port(scheme) else {
        return false;
    };
    from.host().eq_ignore_ascii_case(to.host())
        && from.port_u16().unwrap_or(default) == to.port_u16().unwrap_or(default)
}

/// Whether `host` (a `Host` header, port optional) names this site: an IP address,
/// `localhost`, the centre's `site_url` host, or one of `allowed` (without case). A page on
/// any other name whose DNS an attacker points at the gateway sends that name as both
/// `Host` and `Origin`; this is what keeps it from counting as the gateway's own origin.
///
/// ```
/// use lernort_gateway::is_known_host;
/// assert!(is_known_host("127.0.0.1:8080", None, &[]));
/// assert!(is_known_host("[::1]:8080", None, &[]));
/// assert!(is_known_host("LOCALHOST:8080", None, &[]));
/// assert!(is_known_host("dilas.soest.de", Some("dilas.soest.de"), &[]));
/// assert!(is_known_host("Kiosk.local:8080", None, &["kiosk.local".into()]));
/// assert!(!is_known_host("evil.example", Some("dilas.soest.de"), &[]));
/// assert!(!is_known_host("not a host", None, &[]));
/// ```
pub fn is_known_host(host: &str, site_host: Option<&str>, allowed: &[String]) -> bool {
    let Ok(authority) = host.parse::<Authority>() else {
        return false;
    };
    let name = authority.host();
    let bare = name.trim_start_matches('[').trim_end_matches(']');
    bare.parse::<std::net::IpAddr>().is_ok()
        || name.eq_ignore_ascii_case("localhost")
        || site_host.is_some_and(|site| name.eq_ignore_ascii_case(site))
        || allowed.iter().any(|a| name.eq_ignore_ascii_case(a))
}

fn default_port(scheme: &Scheme) -> Option<u16> {
    match scheme.as_str().to_ascii_lowercase().as_str() {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        _ => None,
    }
}

/// Why an allowed origin was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OriginError;

impl fmt::Display for OriginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an origin is written scheme://host[:port], e.g. https://lernort.example.org")
    }
}

impl std::error::Error for OriginError {}

/// A `HOST:PORT` to listen on; the host may be a name (`localhost`), an IPv4
/// address or a bracketed IPv6 address (`[::1]:8080`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListenAddr {
    /// The host name or address, without brackets.
    pub host: String,
    /// The TCP port; 0 lets the system pick a free one.
    pub port: u16,
}

impl ListenAddr {
    /// Parses `HOST:PORT`.
    pub fn parse(text: &str) -> Result<Self, AddrError> {
        let (host, port) = text.rsplit_once(':').ok_or(AddrError::MissingPort)?;
        let port = port.parse::<u16>().map_err(|_| AddrError::InvalidPort)?;
        let host = match host.strip_prefix('[') {
            Some(rest) => rest.strip_suffix(']').ok_or(AddrError::InvalidHost)?,
            None if host.contains(':') => return Err(AddrError::InvalidHost),
            None => host,
        };
        if host.is_empty() || host.chars().any(|c| c.is_whitespace() || c == '/') {
            return Err(AddrError::InvalidHost);
        }
        Ok(ListenAddr {
            host: host.to_owned(),
            port,
        })
    }
}

impl fmt::Display for ListenAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{}:{}", self.host, self.port)
        }
    }
}

impl<'de> Deserialize<'de> for ListenAddr {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        ListenAddr::parse(&text)
            .map_err(|e| D::Error::custom(format!("invalid addr '{text}': {e}")))
    }
}

impl FromStr for ListenAddr {
    type Err = AddrError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// Why a `HOST:PORT` was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddrError {
    /// No `:PORT` at the end.
    MissingPort,
    /// The port is not a number from 0 to 65535.
    InvalidPort,
    /// The host is empty or malformed (IPv6 addresses need brackets).
    InvalidHost,
}

impl fmt::Display for AddrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AddrError::MissingPort => "expected HOST:PORT, e.g. 127.0.0.1:8080",
            AddrError::InvalidPort => "the port must be a number from 0 to 65535",
            AddrError::InvalidHost => {
                "the host is empty or malformed (write IPv6 addresses as [::1]:8080)"
            }
        })
    }
}

impl std::error::Error for AddrError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hosts_and_ports() {
        let v4 = ListenAddr::parse("0.0.0.0:80").expect("valid");
        assert_eq!((v4.host.as_str(), v4.port), ("0.0.0.0", 80));
        let name = ListenAddr::parse("localhost:0").expect("valid");
        assert_eq!(name.to_string(), "localhost:0");
        let v6 = ListenAddr::parse("[::1]:8443").expect("valid");
        assert_eq!(v6.host, "::1");
        assert_eq!(v6.to_string(), "[::1]:8443");
        assert_eq!(Config::default().addr.to_string(), "127.0.0.1:8080");
    }

    #[test]
    fn rejects_malformed() {
        assert_eq!(ListenAddr::parse("8080"), Err(AddrError::MissingPort));
        assert_eq!(ListenAddr::parse("host:http"), Err(AddrError::InvalidPort));
        assert_eq!(ListenAddr::parse("host:70000"), Err(AddrError::InvalidPort));
        assert_eq!(ListenAddr::parse(":8080"), Err(AddrError::InvalidHost));
        assert_eq!(ListenAddr::parse("::1:8080"), Err(AddrError::InvalidHost));
        assert_eq!(ListenAddr::parse("[::1:8080"), Err(AddrError::InvalidHost));
    }

    #[test]
    fn allowed_origins_compare_scheme_host_and_port() {
        let origin = AllowedOrigin::parse("https://Lernort.Example.org").expect("valid");
        assert_eq!(origin.to_string(), "https://lernort.example.org:443");
        assert!(origin.matches("https://lernort.example.org"));
        assert!(origin.matches("https://LERNORT.example.org:443"));
        assert!(!origin.matches("http://lernort.example.org"));
        assert!(!origin.matches("https://lernort.example.org:8443"));
        assert!(!origin.matches("null"));
        assert!(AllowedOrigin::parse("http://[::1]:8080").is_ok());
        for bad in [
            "lernort.example.org",
            "ftp://x.org",
            "https://x.org/path",
            "https://u@x.org",
            "*",
        ] {
            assert_eq!(AllowedOrigin::parse(bad), Err(OriginError), "{bad}");
        }
    }

    #[test]
    fn same_origin_is_same_host_and_port() {
        assert!(is_same_origin("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assert!(is_same_origin(
            "https://Lernort.example.org",
            "lernort.example.org"
        ));
        assert!(is_same_origin(
            "http://lernort.example.org",
            "lernort.example.org:80"
        ));
        assert!(is_same_origin(
            "https://lernort.example.org:443",
            "lernort.example.org"
        ));
        assert!(!is_same_origin(
            "http://lernort.example.org",
            "lernort.example.org:8080"
        ));
        assert!(!is_same_origin("http://localhost:8080", "127.0.0.1:8080"));
        assert!(!is_same_origin("null", "127.0.0.1:8080"));
        assert!(!is_same_origin(
            "http://evil.example",
            "lernort.example.org"
        ));
        assert!(!is_same_origin("http://x.org", "not a host"));
    }
}
