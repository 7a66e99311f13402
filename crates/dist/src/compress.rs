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

/// The originals whose copies the last run made, one per line: the SHA-256 of the
/// original, whether `.gz` and `.br` were worth writing (`1`/`0`), its path below the
/// directory. An original with the same hash and copies as listed is not compressed again.
pub const COMPRESSED_LIST: &str = ".lernort-compressed";

/// What was done to one original.
struct Compressed {
    line: String,
    raw: u64,
    /// Per copy (`gz`, `br`): whether it exists, and what a client of that kind transfers.
    copies: [(bool, u64); 2],
    removed: Vec<PathBuf>,
}

/// Writes `X.gz` and `X.br` beside every compressible file under `dir` (recursively), after
/// removing copies whose original no longer exists. A copy that is not smaller than its
/// original is not written (and an old one removed). Brotli at quality 11 is slow (about
/// 0.2 MB/s here): files run on every core, and an original unchanged since the last run
/// ([`COMPRESSED_LIST`]) keeps its copies.
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
    let list_path = dir.join(COMPRESSED_LIST);
    let previous = fs::read_to_string(&list_path).unwrap_or_default();
    // Path → its line.
    let previous: std::collections::HashMap<&str, &str> = previous
        .lines()
        .filter_map(|line| Some((line.splitn(3, ' ').nth(2)?, line)))
        .collect();
    let jobs: Vec<&PathBuf> = files.iter().filter(|f| is_compressible(f)).collect();
    let results = crate::on_every_core(&jobs, |file| compress_one(dir, file, &previous));
    let mut list = String::new();
    for result in results {
        let done = result?;
        report.files += 1;
        report.raw_bytes += done.raw;
        let [(gz, gz_bytes), (br, br_bytes)] = done.copies;
        report.gzip_written += usize::from(gz);
        report.brotli_written += usize::from(br);
        report.gzip_bytes += gz_bytes;
        report.brotli_bytes += br_bytes;
        report.removed.extend(done.removed);
        list.push_str(&done.line);
        list.push('\n');
    }
    write_if_changed(&list_path, list.as_bytes())?;
    Ok(report)
}

/// Compresses one original, unless [`COMPRESSED_LIST`] says its copies are of this content.
fn compress_one(
    dir: &Path,
    file: &Path,
    previous: &std::collections::HashMap<&str, &str>,
) -> Result<Compressed, Error> {
    use sha2::{Digest, Sha256};
    let data = fs::read(file).map_err(|e| Error::io(file, "read", e))?;
    let relative = file
        .strip_prefix(dir)
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/");
    let hash: String = Sha256::digest(&data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let suffixes = ["gz", "br"];
    let existing = suffixes.map(|suffix| fs::metadata(with_suffix(file, suffix)).ok());
    let line = |present: [bool; 2]| {
        format!(
            "{hash} {}{} {relative}",
            u8::from(present[0]),
            u8::from(present[1])
        )
    };
    let present = existing.each_ref().map(Option::is_some);
    if previous.get(relative.as_str()) == Some(&line(present).as_str()) {
        let sizes = existing.map(|meta| meta.map(|m| m.len()));
        let raw = data.len() as u64;
        return Ok(Compressed {
            line: line(present),
            raw,
            copies: [
                (present[0], sizes[0].unwrap_or(raw)),
                (present[1], sizes[1].unwrap_or(raw)),
            ],
            removed: Vec::new(),
        });
    }
    let mut copies = [(false, 0); 2];
    let mut removed = Vec::new();
    for (i, (suffix, compressed)) in [("gz", gzip(&data)), ("br", brotli(&data))]
        .into_iter()
        .enumerate()
    {
        let copy = with_suffix(file, suffix);
        copies[i] = if compressed.len() < data.len() {
            write_if_changed(&copy, &compressed)?;
            (true, compressed.len() as u64)
        } else {
            if copy.exists() {
                remove(&copy)?;
                removed.push(copy);
            }
            (false, data.len() as u64)
        };
    }
    Ok(Compressed {
        line: line([copies[0].0, copies[1].0]),
        raw: data.len() as u64,
        copies,
        removed,
    })
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
