//! Sources named by URL in `import.json` (`"sources": ["https://…/termine.ics"]`): fetched
//! by `lernort-fetch` (shared with the co-working booking calendars: timeouts, a size
//! limit, conditional requests), the last good copy kept in the sources folder's
//! `.fetched/`. When a fetch fails, that copy is imported and the message says since when;
//! without one, the source's courses are missing and the message says why.

use std::path::Path;

use lernort_catalogue::Timestamp;
pub use lernort_fetch::{is_url, Limits, CACHE_DIR};

use crate::merge::SourceFile;

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
    let fetched = lernort_fetch::fetch(url, cache, limits, &now.to_string())
        .map_err(|reason| format!("{reason}: its courses are missing until it can be"))?;
    let warning = fetched
        .stale
        .map(|stale| {
            format!(
                "cannot be fetched ({}); the copy fetched {} is imported instead",
                stale.problem, stale.fetched
            )
        })
        .or(fetched.not_kept);
    Ok(Fetched {
        file: SourceFile {
            name: url.to_owned(),
            bytes: fetched.bytes,
            media_type: fetched.media_type,
        },
        warning,
    })
}
