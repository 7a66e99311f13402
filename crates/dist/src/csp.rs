//! The Content-Security-Policy of the finished site.
//!
//! Everything comes from the site itself. The only exceptions: the inline start-up script
//! Trunk writes (allowed by its SHA-256 hash, not by `'unsafe-inline'`), compiling the
//! wasm module (`'wasm-unsafe-eval'`), `data:` images, and the floor gateway when it runs
//! on another host.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256, Sha384};

/// The CSP source expression allowing one inline script: `'sha256-<base64>'` of its exact
/// text.
///
/// ```
/// assert_eq!(
///     lernort_dist::csp::script_hash("console.log(1)"),
///     "'sha256-CihokcEcBW4atb/CW/XWsvWwbTjqwQlE9nj9ii5ww5M='"
/// );
/// ```
pub fn script_hash(text: &str) -> String {
    format!(
        "'sha256-{}'",
        STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

/// The policy for the site.
///
/// `script_hashes` are source expressions from [`script_hash`] (duplicates are dropped, the
/// order kept); `gateway_origin` is the floor gateway's origin when it is on another host
/// (`Gateway::external_origin`), added to `connect-src`. CSP level 3 lets a `wss://` origin
/// also match `https://` requests to the same host and port, which covers data sources on
/// the gateway host.
///
/// ```
/// let policy = lernort_dist::csp::policy(&[], None);
/// assert!(policy.starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "));
/// ```
pub fn policy(script_hashes: &[String], gateway_origin: Option<&str>) -> String {
    let mut script_src = String::from("'self' 'wasm-unsafe-eval'");
    let mut seen: Vec<&str> = Vec::new();
    for hash in script_hashes {
        if !seen.contains(&hash.as_str()) {
            seen.push(hash);
            script_src.push(' ');
            script_src.push_str(hash);
        }
    }
    let connect_src = match gateway_origin {
        Some(origin) => format!("'self' {origin}"),
        None => "'self'".to_string(),
    };
    [
        ("default-src", "'self'"),
        ("script-src", &script_src),
        ("style-src", "'self'"),
        ("img-src", "'self' data:"),
        ("font-src", "'self'"),
        ("connect-src", &connect_src),
        ("manifest-src", "'self'"),
        ("worker-src", "'self'"),
        ("object-src", "'none'"),
        ("base-uri", "'self'"),
        ("form-action", "'self'"),
    ]
    .iter()
    .map(|(directive, sources)| format!("{directive} {sources}"))
    .collect::<Vec<_>>()
    .join("; ")
}

/// The subresource-integrity value (`sha384-<base64>`) of the file a page names with
/// `url` (`./lernort-….js`, `/main.css`), when it is a file in `dist`; `None` for other
/// hosts, queries and paths that leave `dist`.
pub fn file_integrity(dist: &std::path::Path, url: &str) -> Option<String> {
    let path = url.trim_start_matches("./").trim_start_matches('/');
    let plain = !path.is_empty()
        && !path.contains([':', '?', '#', '\\'])
        && path.split('/').all(|part| !part.is_empty() && part != "..");
    if !plain {
        return None;
    }
    let bytes = std::fs::read(dist.join(path)).ok()?;
    Some(format!(
        "sha384-{}",
        STANDARD.encode(Sha384::digest(&bytes))
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_policy() {
        let hash = script_hash("console.log(1)");
        assert_eq!(
            policy(&[hash.clone(), hash], Some("wss://floor.example.org:8443")),
            "default-src 'self'; \
             script-src 'self' 'wasm-unsafe-eval' 'sha256-CihokcEcBW4atb/CW/XWsvWwbTjqwQlE9nj9ii5ww5M='; \
             style-src 'self'; img-src 'self' data:; font-src 'self'; \
             connect-src 'self' wss://floor.example.org:8443; manifest-src 'self'; \
             worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
        );
    }

    #[test]
    fn same_site_gateway_adds_nothing() {
        let policy = policy(&[script_hash("a"), script_hash("b")], None);
        assert!(
            policy.contains("; connect-src 'self'; manifest-src"),
            "{policy}"
        );
        assert_eq!(policy.matches("'sha256-").count(), 2);
    }

    #[test]
    fn hash_is_of_the_exact_text() {
        // Whitespace is part of the script text: a different hash.
        assert_ne!(
            script_hash("console.log(1)"),
            script_hash("console.log(1)\n")
        );
        // printf '' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            script_hash(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
    }
}
