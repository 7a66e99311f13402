//! The base path the app is served under (`/` or e.g. `/lernort/`).

use std::fmt;
use std::str::FromStr;

/// A URL path prefix that always starts and ends with `/`.
///
/// `/` serves the app at the root of the host; `/lernort/` serves it only
/// below that prefix (what Trunk calls the public URL).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BasePath(String);

impl BasePath {
    /// The root base path, `/`.
    pub fn root() -> Self {
        BasePath("/".to_owned())
    }

    /// Parses a base path; the leading and trailing `/` may be left out, so
    /// `lernort`, `/lernort` and `/lernort/` all give `/lernort/`.
    ///
    /// Only characters that need no percent-encoding in a URL path are
    /// accepted, and no segment may be empty, `.` or `..`.
    pub fn parse(text: &str) -> Result<Self, BasePathError> {
        let inner = text.trim_start_matches('/').trim_end_matches('/');
        if inner.is_empty() {
            return Ok(Self::root());
        }
        for segment in inner.split('/') {
            if segment.is_empty() {
                return Err(BasePathError::EmptySegment);
            }
            if segment == "." || segment == ".." {
                return Err(BasePathError::DotSegment);
            }
            if let Some(c) = segment.chars().find(|c| !is_path_char(*c)) {
                return Err(BasePathError::InvalidChar(c));
            }
        }
        Ok(BasePath(format!("/{inner}/")))
    }

    /// The base path with its trailing slash, e.g. `/lernort/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is `/`.
    pub fn is_root(&self) -> bool {
        self.0 == "/"
    }

    /// The base path without its trailing slash (`/lernort`); empty for the root.
    pub fn without_trailing_slash(&self) -> &str {
        &self.0[..self.0.len() - 1]
    }
}

impl Default for BasePath {
    fn default() -> Self {
        Self::root()
    }
}

impl fmt::Display for BasePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for BasePath {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        BasePath::parse(&text)
            .map_err(|e| serde::de::Error::custom(format!("invalid base '{text}': {e}")))
    }
}

impl FromStr for BasePath {
    type Err = BasePathError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// Characters allowed unencoded in a path segment (RFC 3986 `pchar` minus `%`).
fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@".contains(c)
}

/// Why a base path was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BasePathError {
    /// Two slashes in a row, as in `/a//b/`.
    EmptySegment,
    /// A `.` or `..` segment.
    DotSegment,
    /// A character that would need percent-encoding (space, `?`, `#`, `%`, non-ASCII …).
    InvalidChar(char),
}

impl fmt::Display for BasePathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BasePathError::EmptySegment => f.write_str("it contains an empty segment ('//')"),
            BasePathError::DotSegment => f.write_str("it contains a '.' or '..' segment"),
            BasePathError::InvalidChar(c) => {
                write!(f, "it contains {c:?}, which is not allowed in a base path")
            }
        }
    }
}

impl std::error::Error for BasePathError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_slashes() {
        for text in ["", "/", "//"] {
            assert_eq!(BasePath::parse(text).map(|b| b.0), Ok("/".to_owned()));
        }
        for text in ["lernort", "/lernort", "lernort/", "/lernort/"] {
            assert_eq!(
                BasePath::parse(text).map(|b| b.0),
                Ok("/lernort/".to_owned())
            );
        }
        let deep = BasePath::parse("/a/b-c/").expect("valid");
        assert_eq!(deep.as_str(), "/a/b-c/");
        assert_eq!(deep.without_trailing_slash(), "/a/b-c");
        assert!(!deep.is_root());
        assert_eq!(BasePath::root().without_trailing_slash(), "");
    }

    #[test]
    fn rejects_bad_paths() {
        assert_eq!(BasePath::parse("/a//b/"), Err(BasePathError::EmptySegment));
        assert_eq!(BasePath::parse("/a/../b/"), Err(BasePathError::DotSegment));
        assert_eq!(
            BasePath::parse("/a b/"),
            Err(BasePathError::InvalidChar(' '))
        );
        assert_eq!(
            BasePath::parse("/a?b/"),
            Err(BasePathError::InvalidChar('?'))
        );
        assert_eq!(
            BasePath::parse("/%2e/"),
            Err(BasePathError::InvalidChar('%'))
        );
    }
}
