//! Sources named by URL in `import.json` (`"sources": ["https://…/termine.ics"]`): fetched
//! with `ureq` (timeouts, a size limit, conditional requests with the last copy's `ETag` and
//! `Last-Modified`), the last good copy kept in the sources folder's `.fetched/`. When a
//! fetch fails, that copy is imported and the message says since when; without one, the
//! source's courses are missing and the message says why.

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use lernort_catalogue::Timestamp;
use serde::{Deserialize, Serialize};

use crate::merge::SourceFile;

/// Where the last good copies are kept, inside the sources folder (hidden: the import
/// passes over it).
pub const CACHE_DIR: &str = ".fetched";

/// Whether a source entry is a URL rather than a file name.
pub fn is_url(source: &str) -> bool {
    let lower = source.get(..8).unwrap_or(source).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// How sources are fetched.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Connecting at most this long.
    pub connect: Duration,
    /// The whole request, the answer included, at most this long.
    pub total: Duration,
    /// Answers larger than this are refused.
    pub max_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connect: Duration::from_secs(10),
            total: Duration::from_secs(60),
            max_bytes: 32 << 20,
        }
    }
}

/// What was learnt about the last good copy.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Meta {
    url: String,
    etag: Option<String>,
    last_modified: Option<String>,
    content_type: Option<String>,
    /// When it was fetched (or confirmed unchanged) last.
    fetched: String,
}

/// A source fetched (or its last good copy), and a warning when the copy had to do.
#[derive(Debug)]
pub struct Fetched {
    /// Named by its URL, as `import.json` lists it.
    pub file: SourceFile,
    /// Set when the fetch failed and the last good copy is used.
    pub warning: Option<String>,
}

/// Fetches `url`, keeping copies in `cache` (created when missing).
///
/// `Err` says why there is nothing to import: the fetch failed and there is no copy.
pub fn fetch(url: &str, cache: &Path, limits: &Limits, now: Timestamp) -> Result<Fetched, String> {
    let key = cache_key(url);
    let body_path = cache.join(format!("{key}.body"));
    let meta_path = cache.join(format!("{key}.json"));
    let meta: Option<Meta> = std::fs::read_to_string(&meta_path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .filter(|meta: &Meta| meta.url == url && body_path.is_file());
    let answer = request(url, meta.as_ref(), limits);
    match answer {
        Ok(Answer::Changed {
            bytes,
            etag,
            last_modified,
            content_type,
        }) => {
            let fresh = Meta {
                url: url.to_owned(),
                etag,
                last_modified,
                content_type,
                fetched: now.to_string(),
            };
            // A copy that cannot be kept is no reason not to import this one.
            let kept = std::fs::create_dir_all(cache)
                .and_then(|()| write_atomically(&body_path, &bytes))
                .and_then(|()| write_atomically(&meta_path, meta_json(&fresh).as_bytes()));
            let warning = kept.err().map(|e| {
                format!(
                    "fetched, but no copy could be kept in {}: {e}",
                    cache.display()
                )
            });
            Ok(Fetched {
                file: source(url, bytes, fresh.content_type),
                warning,
            })
        }
        Ok(Answer::Unchanged) => {
            let mut meta =
                meta.ok_or("the server answered 304 Not Modified without a copy here")?;
            let bytes = std::fs::read(&body_path).map_err(|e| copy_unreadable(&body_path, &e))?;
            meta.fetched = now.to_string();
            let _ = write_atomically(&meta_path, meta_json(&meta).as_bytes());
            Ok(Fetched {
                file: source(url, bytes, meta.content_type),
                warning: None,
            })
        }
        Err(problem) => {
            let Some(meta) = meta else {
                return Err(format!(
                    "cannot be fetched ({problem}) and there is no earlier copy: its courses are missing until it can be"
                ));
            };
            let bytes = std::fs::read(&body_path).map_err(|e| copy_unreadable(&body_path, &e))?;
            Ok(Fetched {
                warning: Some(format!(
                    "cannot be fetched ({problem}); the copy fetched {} is imported instead",
                    meta.fetched
                )),
                file: source(url, bytes, meta.content_type),
            })
        }
    }
}

fn copy_unreadable(path: &Path, error: &io::Error) -> String {
    format!(
        "the earlier copy {} cannot be read: {error}",
        path.display()
    )
}

fn source(url: &str, bytes: Vec<u8>, content_type: Option<String>) -> SourceFile {
    SourceFile {
        name: url.to_owned(),
        bytes,
        media_type: content_type,
    }
}

fn meta_json(meta: &Meta) -> String {
    serde_json::to_string_pretty(meta).unwrap_or_default()
}

enum Answer {
    Changed {
        bytes: Vec<u8>,
        etag: Option<String>,
        last_modified: Option<String>,
        content_type: Option<String>,
    },
    Unchanged,
}

/// One GET, conditional on the copy's validators.
fn request(url: &str, meta: Option<&Meta>, limits: &Limits) -> Result<Answer, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(limits.connect))
        .timeout_global(Some(limits.total))
        .http_status_as_error(false)
        .max_redirects(5)
        .user_agent(concat!("lernort-import/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut get = agent.get(url);
    if let Some(meta) = meta {
        if let Some(etag) = &meta.etag {
            get = get.header("If-None-Match", etag);
        }
        if let Some(modified) = &meta.last_modified {
            get = get.header("If-Modified-Since", modified);
        }
    }
    let mut response = get.call().map_err(|e| describe(&e))?;
    let status = response.status();
    if status == 304 {
        return Ok(Answer::Unchanged);
    }
    if !status.is_success() {
        return Err(format!("the server answered {status}"));
    }
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let (etag, last_modified, content_type) = (
        header("etag"),
        header("last-modified"),
        header("content-type"),
    );
    let bytes = response
        .body_mut()
        .with_config()
        .limit(limits.max_bytes)
        .read_to_vec()
        .map_err(|e| describe(&e))?;
    Ok(Answer::Changed {
        bytes,
        etag,
        last_modified,
        content_type,
    })
}

/// ureq's error in the words of the import's messages.
fn describe(error: &ureq::Error) -> String {
    match error {
        ureq::Error::Timeout(_) => "no answer in time".to_owned(),
        ureq::Error::BodyExceedsLimit(limit) => {
            format!("the answer is larger than {} MiB", limit >> 20)
        }
        other => other.to_string(),
    }
}

/// A file name for `url`'s copy: a hash of it, so any URL maps to one safe name.
fn cache_key(url: &str) -> String {
    // FNV-1a, 64 bits: stable across Rust versions, unlike `DefaultHasher`.
    let hash = url.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = PathBuf::from(format!("{}.tmp", path.display()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_file_names() {
        assert!(is_url("https://vhs.example.org/kurse.csv"));
        assert!(is_url("HTTP://lab.example/termine.ics"));
        assert!(!is_url("vhs-soest.csv"));
        assert!(!is_url("ftp://x/y.csv"));
        assert_ne!(cache_key("https://a/b.ics"), cache_key("https://a/c.ics"));
        assert_eq!(cache_key("https://a/b.ics").len(), 16);
    }
}
