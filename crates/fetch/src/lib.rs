//! Sources named by URL — a provider's course export in `import.json`, a space's booking
//! calendar in the co-working config — fetched with `ureq` (timeouts, a size limit,
//! conditional requests with the last copy's `ETag` and `Last-Modified`) and kept as the
//! last good copy in a cache folder. When a fetch fails, the copy stands in and
//! [`Fetched::stale`] says since when; the caller words the message for its readers.

#![warn(missing_docs)]

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The cache folder's name, beside the files that name the URLs (hidden: the import's
/// folder scan passes over it).
pub const CACHE_DIR: &str = ".fetched";

/// Whether a source entry is a URL rather than a file name.
///
/// ```
/// use lernort_fetch::is_url;
/// assert!(is_url("https://vhs.example.org/kurse.csv"));
/// assert!(is_url("HTTP://lab.example/termine.ics"));
/// assert!(!is_url("vhs-soest.csv"));
/// assert!(!is_url("ftp://x/y.csv"));
/// ```
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
    /// Who asks (`User-Agent`).
    pub user_agent: &'static str,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connect: Duration::from_secs(10),
            total: Duration::from_secs(60),
            max_bytes: 32 << 20,
            user_agent: concat!("lernort/", env!("CARGO_PKG_VERSION")),
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

/// A source fetched, or its last good copy.
#[derive(Debug)]
pub struct Fetched {
    /// The content.
    pub bytes: Vec<u8>,
    /// The server's `Content-Type`, when it sent one.
    pub media_type: Option<String>,
    /// Set when the fetch failed and the last good copy stands in.
    pub stale: Option<Stale>,
    /// Set when the answer could not be kept as the copy (it is used all the same).
    pub not_kept: Option<String>,
}

/// Why the last good copy stands in, and since when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stale {
    /// Why the fetch failed, in words (`the server answered 500 Internal Server Error`).
    pub problem: String,
    /// When the copy was fetched, as the caller wrote the time.
    pub fetched: String,
}

/// Where `url`'s last good copy is kept in `cache` (it may not exist yet).
pub fn copy_path(cache: &Path, url: &str) -> PathBuf {
    cache.join(format!("{}.body", cache_key(url)))
}

/// The last good copy of `url` in `cache` and when it was fetched, without asking the
/// server.
pub fn last_copy(cache: &Path, url: &str) -> Option<(Vec<u8>, String)> {
    let meta = read_meta(cache, url)?;
    let bytes = std::fs::read(copy_path(cache, url)).ok()?;
    Some((bytes, meta.fetched))
}

/// Fetches `url`, keeping the copy in `cache` (created when missing); `now` is written as
/// the copy's time.
///
/// `Err` says why there is nothing: the fetch failed and there is no copy.
pub fn fetch(url: &str, cache: &Path, limits: &Limits, now: &str) -> Result<Fetched, String> {
    fetch_checked(url, cache, limits, now, |_| Ok(()))
}

/// [`fetch`], keeping a new answer only when `check` accepts it: an answer it refuses (an
/// error page sent with 200, a truncated file) counts as a failed fetch, so the last good
/// copy stays and stands in.
pub fn fetch_checked(
    url: &str,
    cache: &Path,
    limits: &Limits,
    now: &str,
    check: impl Fn(&[u8]) -> Result<(), String>,
) -> Result<Fetched, String> {
    let body_path = copy_path(cache, url);
    let meta_path = meta_path(cache, url);
    let meta = read_meta(cache, url);
    let answer = request(url, meta.as_ref(), limits).and_then(|answer| match &answer {
        Answer::Changed { bytes, .. } => check(bytes).map(|()| answer),
        Answer::Unchanged => Ok(answer),
    });
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
                fetched: now.to_owned(),
            };
            // A copy that cannot be kept is no reason not to use this one.
            let kept = std::fs::create_dir_all(cache)
                .and_then(|()| write_atomically(&body_path, &bytes))
                .and_then(|()| write_atomically(&meta_path, meta_json(&fresh).as_bytes()));
            Ok(Fetched {
                bytes,
                media_type: fresh.content_type,
                stale: None,
                not_kept: kept.err().map(|e| {
                    format!(
                        "fetched, but no copy could be kept in {}: {e}",
                        cache.display()
                    )
                }),
            })
        }
        Ok(Answer::Unchanged) => {
            let mut meta =
                meta.ok_or("the server answered 304 Not Modified without a copy here")?;
            let bytes = std::fs::read(&body_path).map_err(|e| copy_unreadable(&body_path, &e))?;
            meta.fetched = now.to_owned();
            let _ = write_atomically(&meta_path, meta_json(&meta).as_bytes());
            Ok(Fetched {
                bytes,
                media_type: meta.content_type,
                stale: None,
                not_kept: None,
            })
        }
        Err(problem) => {
            let Some(meta) = meta else {
                return Err(format!(
                    "cannot be fetched ({problem}) and there is no earlier copy"
                ));
            };
            let bytes = std::fs::read(&body_path).map_err(|e| copy_unreadable(&body_path, &e))?;
            Ok(Fetched {
                bytes,
                media_type: meta.content_type,
                stale: Some(Stale {
                    problem,
                    fetched: meta.fetched,
                }),
                not_kept: None,
            })
        }
    }
}

fn meta_path(cache: &Path, url: &str) -> PathBuf {
    cache.join(format!("{}.json", cache_key(url)))
}

fn read_meta(cache: &Path, url: &str) -> Option<Meta> {
    std::fs::read_to_string(meta_path(cache, url))
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .filter(|meta: &Meta| meta.url == url && copy_path(cache, url).is_file())
}

fn copy_unreadable(path: &Path, error: &io::Error) -> String {
    format!(
        "the earlier copy {} cannot be read: {error}",
        path.display()
    )
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
        .user_agent(limits.user_agent)
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

/// ureq's error in plain words.
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
    fn every_url_has_its_own_copy() {
        let cache = Path::new("/c");
        assert_ne!(
            copy_path(cache, "https://a/b.ics"),
            copy_path(cache, "https://a/c.ics")
        );
        assert_eq!(cache_key("https://a/b.ics").len(), 16);
    }
}
