//! Cache-Control by file name: content-hashed files are immutable.

/// For files whose name carries a content hash: cache for a year, never revalidate.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// For everything else: the browser may keep a copy but must revalidate it.
pub const NO_CACHE: &str = "no-cache";

/// The Cache-Control for a file name.
pub fn cache_control_for(file_name: &str) -> &'static str {
    if is_content_hashed(file_name) {
        IMMUTABLE
    } else {
        NO_CACHE
    }
}

/// Whether a file name has the shape Trunk gives hashed files:
/// `name-<12 or more hex digits>.ext` or `name-<hex>_bg.wasm`. (Trunk prints a 64-bit hash
/// without leading zeros: usually 16 digits, sometimes fewer — one in 16 builds has 15.)
pub fn is_content_hashed(file_name: &str) -> bool {
    let Some((stem, extension)) = file_name.rsplit_once('.') else {
        return false;
    };
    if extension.is_empty() {
        return false;
    }
    let stem = match stem.strip_suffix("_bg") {
        Some(stem) if extension == "wasm" => stem,
        _ => stem,
    };
    let Some((name, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    !name.is_empty() && hash.len() >= 12 && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names() {
        for name in [
            "lernort-0123456789abcdef.js",
            "lernort-0123456789abcdef_bg.wasm",
            "style-0123456789ABCDEF0123.css",
            "a-b-fedcba9876543210.svg",
            "lernort-62e395dabeab465.js",
        ] {
            assert!(is_content_hashed(name), "{name}");
            assert_eq!(cache_control_for(name), IMMUTABLE);
        }
    }

    #[test]
    fn plain_names() {
        for name in [
            "index.html",
            "404.html",
            "centre.json",
            "lernort-0123456789a.js",
            "lernort-0123456789abcdeg.js",
            "-0123456789abcdef.js",
            "lernort-0123456789abcdef",
            "lernort-0123456789abcdef_bg.js",
            "2024-0123456789abcdef0.",
        ] {
            assert!(!is_content_hashed(name), "{name}");
            assert_eq!(cache_control_for(name), NO_CACHE);
        }
    }
}
