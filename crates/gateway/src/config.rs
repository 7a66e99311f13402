//! What the gateway serves, and where.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use crate::base::BasePath;

/// The gateway's settings, as given on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// The directory Trunk built the app into (`dist`).
    pub dist: PathBuf,
    /// Where to listen (`127.0.0.1:8080`).
    pub addr: ListenAddr,
    /// The path prefix the app is served under (`/`).
    pub base: BasePath,
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
        }
    }
}

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
}
