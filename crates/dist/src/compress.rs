//! Pre-compressed copies (`X.gz`, `X.br`) beside every text-like file, for hosts that serve
//! them directly (the gateway, nginx `gzip_static`/`brotli_static`, Netlify, …).
//!
//! The output is deterministic: gzip without a file name and with mtime 0, brotli with fixed
//! parameters, so a second run writes the same bytes.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::{Compression, GzBuilder};

use crate::{write_if_changed, Error};

/// Extensions (lowercase, without the dot) of the files that get compressed copies.
pub const COMPRESSIBLE: [&str; 11] = [
    "html",
    "js",
    "css",
    "wasm",
    "svg",
    "json",
    "xml",
    "txt",
    "ics",
    "webmanifest",
    "map",
];

/// Brotli quality (the maximum).
pub const BROTLI_QUALITY: i32 = 11;
/// Brotli window: 2^22 bytes = 4 MiB.
pub const BROTLI_LGWIN: i32 = 22;

/// gzip at level 9, with mtime 0 and no file name, so equal input gives equal output.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let encoder: GzEncoder<Vec<u8>> = GzBuilder::new()
        .mtime(0)
        .write(Vec::with_capacity(data.len() / 2), Compression::best());
    finish_gzip(encoder, data)
}

fn finish_gzip(mut encoder: GzEncoder<Vec<u8>>, data: &[u8]) -> Vec<u8> {
    // Writing into a Vec cannot fail.
    match encoder.write_all(data).and_then(|()| encoder.finish()) {
        Ok(out) => out,
        Err(e) => unreachable!("gzip into memory failed: {e}"),
    }
}

/// Brotli at quality 11 with a 4 MiB window.
pub fn brotli(data: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: BROTLI_QUALITY,
        lgwin: BROTLI_LGWIN,
        size_hint: data.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(data.len() / 2);
    let mut input = data;
    match brotli::BrotliCompress(&mut input, &mut out, &params) {
        Ok(_) => out,
        Err(e) => unreachable!("brotli into memory failed: {e}"),
    }
}

/// Whether `path` gets compressed copies, by its extension.
pub fn is_compressible(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| COMPRESSIBLE.contains(&e.to_ascii_lowercase().as_str()))
}

/// What [`precompress`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompressReport {
    /// Files with a compressible extension.
    pub files: usize,
    /// `.gz` copies written (or already up to date).
    pub gzip_written: usize,
    /// `.br` copies written (or already up to date).
    pub brotli_written: usize,
    /// Total size of the originals.
    pub raw_bytes: u64,
    /// What gzip-capable clients transfer: each file's `.gz` size, or its own size where no
    /// `.gz` was worth writing.
    pub gzip_bytes: u64,
    /// The same for brotli.
    pub brotli_bytes: u64,
    /// Stale copies removed: their original is gone, or no longer worth compressing.
    pub removed: Vec<PathBuf>,
}

/// Writes `X.gz` and `X.br` beside every compressible file under `dir` (recursively), after
/// removing copies whose original no longer exists. A copy that is not smaller than its
/// original is not written (and an old one removed).
pub fn precompress(dir: &Path) -> Result<CompressReport, Error> {
    let mut report = CompressReport::default();
    let files = walk(dir)?;
    for file in &files {
        let Some(original) = original_of(file) else {
            continue;
        };
        if is_compressible(&original) && !original.is_file() {
            remove(file)?;
            report.removed.push(file.clone());
        }
    }
    for file in files.iter().filter(|f| is_compressible(f)) {
        let data = fs::read(file).map_err(|e| Error::io(file, "read", e))?;
        report.files += 1;
        report.raw_bytes += data.len() as u64;
        for (suffix, compressed) in [("gz", gzip(&data)), ("br", brotli(&data))] {
            let copy = with_suffix(file, suffix);
            let worth_it = compressed.len() < data.len();
            let sent = if worth_it {
                write_if_changed(&copy, &compressed)?;
                if suffix == "gz" {
                    report.gzip_written += 1;
                } else {
                    report.brotli_written += 1;
                }
                compressed.len()
            } else {
                if copy.exists() {
                    remove(&copy)?;
                    report.removed.push(copy);
                }
                data.len()
            } as u64;
            if suffix == "gz" {
                report.gzip_bytes += sent;
            } else {
                report.brotli_bytes += sent;
            }
        }
    }
    Ok(report)
}

/// `X` for `X.gz` or `X.br`.
fn original_of(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let stem = name
        .strip_suffix(".gz")
        .or_else(|| name.strip_suffix(".br"))?;
    (!stem.is_empty()).then(|| path.with_file_name(stem))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

fn remove(path: &Path) -> Result<(), Error> {
    fs::remove_file(path).map_err(|e| Error::io(path, "remove", e))
}

/// Every regular file under `dir`, sorted, not following symbolic links.
pub(crate) fn walk(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = fs::read_dir(&current).map_err(|e| Error::io(&current, "list", e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&current, "list", e))?;
            let path = entry.path();
            let kind = entry
                .file_type()
                .map_err(|e| Error::io(&path, "inspect", e))?;
            if kind.is_dir() {
                pending.push(path);
            } else if kind.is_file() {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn gunzip(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(data)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    fn unbrotli(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        brotli::Decompressor::new(data, 4096)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn round_trips_and_is_deterministic() {
        let text = "Lernort – Kurse, Co-Working und Termine. ".repeat(200);
        let gz = gzip(text.as_bytes());
        assert_eq!(gunzip(&gz), text.as_bytes());
        assert_eq!(gz, gzip(text.as_bytes()));
        // mtime 0 (bytes 4..8) and no file name flag (byte 3).
        assert_eq!(&gz[3..8], &[0, 0, 0, 0, 0]);
        let br = brotli(text.as_bytes());
        assert_eq!(unbrotli(&br), text.as_bytes());
        assert_eq!(br, brotli(text.as_bytes()));
        assert!(br.len() < gz.len() && gz.len() < text.len() / 10);
    }

    #[test]
    fn extensions() {
        for yes in [
            "a/index.html",
            "x.JS",
            "app_bg.wasm",
            "manifest.webmanifest",
            "y.js.map",
        ] {
            assert!(is_compressible(Path::new(yes)), "{yes}");
        }
        for no in [
            "logo.png",
            "font.woff2",
            "index.html.gz",
            "README",
            "data.tar",
        ] {
            assert!(!is_compressible(Path::new(no)), "{no}");
        }
        assert_eq!(
            original_of(Path::new("d/app.js.br")),
            Some(PathBuf::from("d/app.js"))
        );
        assert_eq!(original_of(Path::new("d/.gz")), None);
        assert_eq!(original_of(Path::new("d/app.js")), None);
    }
}
