//! The Content-Security-Policy header, taken from the policy the build wrote
//! into `index.html` as a `<meta http-equiv>` tag.

use std::fmt;

use http::HeaderValue;

/// The policy used when `index.html` has no Content-Security-Policy meta tag.
pub const DEFAULT_POLICY: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'";

/// The directive a meta tag cannot carry, appended to the header.
const FRAME_ANCESTORS: &str = "frame-ancestors 'none'";

/// Finds the `content` of the first
/// `<meta http-equiv="Content-Security-Policy" content="…">` in an HTML
/// document, with character references decoded. Comments are skipped.
pub fn meta_policy(html: &str) -> Option<String> {
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start..];
        if rest.starts_with("<!--") {
            rest = match rest.find("-->") {
                Some(end) => &rest[end + 3..],
                None => return None,
            };
            continue;
        }
        let bytes = rest.as_bytes();
        let is_meta = bytes.len() > 5
            && bytes[1..5].eq_ignore_ascii_case(b"meta")
            && (bytes[5].is_ascii_whitespace() || bytes[5] == b'/' || bytes[5] == b'>');
        if !is_meta {
            rest = &rest[1..];
            continue;
        }
        let (attributes, consumed) = parse_attributes(&rest[5..]);
        rest = &rest[5 + consumed..];
        let is_csp = attributes.iter().any(|(name, value)| {
            name == "http-equiv" && value.trim().eq_ignore_ascii_case("content-security-policy")
        });
        if is_csp {
            if let Some((_, content)) = attributes.iter().find(|(name, _)| name == "content") {
                return Some(content.clone());
            }
        }
    }
    None
}

/// Builds the header value: the meta policy (or [`DEFAULT_POLICY`] when there
/// is none or it is blank) with `frame-ancestors 'none'` appended, unless the
/// policy already has a `frame-ancestors` directive.
pub fn header_value(meta: Option<&str>) -> Result<HeaderValue, InvalidPolicy> {
    let normalised = meta
        .map(|policy| {
            policy
                .split_ascii_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    let trimmed = normalised.trim_end_matches([';', ' ']);
    let policy = if trimmed.is_empty() {
        DEFAULT_POLICY
    } else {
        trimmed
    };
    let has_frame_ancestors = policy.split(';').any(|directive| {
        directive
            .split_ascii_whitespace()
            .next()
            .is_some_and(|name| name.eq_ignore_ascii_case("frame-ancestors"))
    });
    let full = if has_frame_ancestors {
        policy.to_owned()
    } else {
        format!("{policy}; {FRAME_ANCESTORS}")
    };
    if !full.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Err(InvalidPolicy { policy: full });
    }
    HeaderValue::from_str(&full).map_err(|_| InvalidPolicy { policy: full })
}

/// A policy that cannot be sent as an HTTP header: it has characters outside
/// printable ASCII (CSP needs none; hosts are written in punycode).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidPolicy {
    /// The policy as it would have been sent.
    pub policy: String,
}

impl fmt::Display for InvalidPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the Content-Security-Policy in index.html has characters that cannot be sent in a header: {:?}",
            self.policy
        )
    }
}

impl std::error::Error for InvalidPolicy {}

/// Parses the attributes of a start tag up to its closing `>`.
/// Returns the attributes (names lower-cased, values decoded) and the number
/// of bytes consumed.
fn parse_attributes(tag: &str) -> (Vec<(String, String)>, usize) {
    let bytes = tag.as_bytes();
    let mut attributes = Vec::new();
    let mut i = 0;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return (attributes, i);
        }
        if bytes[i] == b'>' {
            return (attributes, i + 1);
        }
        // The first character belongs to the name even if it is '=' (as in HTML).
        let name_start = i;
        i += 1;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        let name = tag[name_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i];
                let value_start = i + 1;
                i = value_start;
                while i < bytes.len() && bytes[i] != quote {
                    i += 1;
                }
                value = decode_references(&tag[value_start..i]);
                i = (i + 1).min(bytes.len());
            } else {
                let value_start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                value = decode_references(&tag[value_start..i]);
            }
        }
        attributes.push((name, value));
    }
}

/// Decodes the character references an attribute value may hold
/// (`&quot;`, `&#39;`, `&#x27;`, `&amp;` …); unknown ones are kept as written.
fn decode_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').and_then(|semi| {
            let entity = &rest[1..semi];
            let c = match entity {
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                _ => {
                    let number = entity.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse::<u32>().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_meta_tag() {
        let html = r#"<!doctype html><html><head>
            <meta charset="utf-8">
            <!-- <meta http-equiv="Content-Security-Policy" content="default-src *"> -->
            <META HTTP-EQUIV='content-security-policy'
                  CONTENT="default-src 'self'; connect-src 'self' wss://floor.example.org">
            </head></html>"#;
        assert_eq!(
            meta_policy(html).as_deref(),
            Some("default-src 'self'; connect-src 'self' wss://floor.example.org")
        );
    }

    #[test]
    fn decodes_references_and_ignores_other_meta() {
        let html = "<meta name=viewport content=x><meta content=\"script-src &#39;self&#x27; &quot;a&quot; &amp;&unknown;\" http-equiv=Content-Security-Policy />";
        assert_eq!(
            meta_policy(html).as_deref(),
            Some("script-src 'self' \"a\" &&unknown;")
        );
        assert_eq!(meta_policy("<meta name=\"x\" content=\"y\">"), None);
        assert_eq!(
            meta_policy("<metadata content=x http-equiv=content-security-policy>"),
            None
        );
        assert_eq!(meta_policy("<meta"), None);
    }

    #[test]
    fn header_appends_frame_ancestors() {
        let value = header_value(Some("default-src 'self';\n   img-src data: ; ")).expect("valid");
        assert_eq!(
            value,
            "default-src 'self'; img-src data:; frame-ancestors 'none'"
        );
        let value = header_value(None).expect("valid");
        assert_eq!(
            value,
            format!("{DEFAULT_POLICY}; frame-ancestors 'none'").as_str()
        );
        let value = header_value(Some("  ")).expect("valid");
        assert_eq!(
            value,
            format!("{DEFAULT_POLICY}; frame-ancestors 'none'").as_str()
        );
        let value =
            header_value(Some("default-src 'self'; Frame-Ancestors 'self'")).expect("valid");
        assert_eq!(value, "default-src 'self'; Frame-Ancestors 'self'");
    }

    #[test]
    fn rejects_policies_that_are_not_headers() {
        assert!(header_value(Some("default-src 'self' https://bücher.example")).is_err());
        assert!(header_value(Some("default-src 'self'\u{1}")).is_err());
    }
}
