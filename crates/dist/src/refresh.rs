//! `lernort-dist refresh`: re-imports a centre's courses and re-makes everything data-driven
//! in a built dist — the catalogue, the course pages, feeds and calendar files, the sitemap,
//! the service worker's list — without rebuilding the wasm; with another `--centre`, it
//! switches the site to that centre with all of its data.
//!
//! The work is done on a copy beside dist (`<dist>.next`), which then takes dist's place
//! in one step (Linux: `renameat2` with `RENAME_EXCHANGE`), so a visitor gets the old site
//! or the new one, never a mix; the old one is removed after. When the import or the finish
//! fails, dist is left as it was.

use std::fs;
use std::path::{Path, PathBuf};

use crate::{finish, Error, FinishOptions, FinishReport};

/// What [`refresh`] needs.
#[derive(Clone, Debug)]
pub struct RefreshOptions {
    /// The built site to refresh.
    pub dist: PathBuf,
    /// The centre's folder; its `catalogue/` holds `import.json` and the sources.
    pub centre: PathBuf,
    /// The path the site is served under.
    pub base: String,
    /// The import's "now" (Unix seconds): what is past, what is upcoming.
    pub now: i64,
}

/// What [`refresh`] did.
#[derive(Debug)]
pub struct RefreshReport {
    /// The import's summary and messages, as `lernort-import` prints them; `None` when the
    /// centre has no `catalogue/`.
    pub import: Option<String>,
    /// What the finish wrote.
    pub finish: FinishReport,
}

/// Refreshes (or switches) `options.dist`; see the module's comment.
pub fn refresh(options: &RefreshOptions) -> Result<RefreshReport, Error> {
    let dist = &options.dist;
    if !dist.join("index.html").is_file() {
        return Err(Error::Usage(format!(
            "{} is not a built site (no index.html): build it first (scripts/build)",
            dist.display()
        )));
    }
    let next = sibling(dist, "next");
    remove(&next)?;
    copy_tree(dist, &next)?;
    let prepared = prepare(options, &next);
    let report = match prepared {
        Ok(report) => report,
        Err(error) => {
            let _ = fs::remove_dir_all(&next);
            return Err(error);
        }
    };
    exchange(&next, dist)?;
    // `next` is the old site now.
    remove(&next)?;
    Ok(report)
}

/// Imports into `next` and finishes it.
fn prepare(options: &RefreshOptions, next: &Path) -> Result<RefreshReport, Error> {
    let sources = options.centre.join("catalogue");
    let catalogue = next.join("data").join("catalogue.json");
    let import = if sources.is_dir() {
        let now = lernort_catalogue::Timestamp::with_berlin_offset(options.now);
        let imported = lernort_import::import_folder(&sources, now)
            .map_err(|e| Error::Import(e.to_string()))?;
        lernort_import::write_catalogue(&imported.catalogue, &catalogue)
            .map_err(|e| Error::Import(e.to_string()))?;
        let report = &imported.report;
        let mut text: String = report.messages.iter().map(|m| format!("{m}\n")).collect();
        text.push_str(&report.summary());
        Some(text)
    } else {
        // A centre without courses: no catalogue of another centre may stay.
        remove_file(&catalogue)?;
        None
    };
    let finish = finish(&FinishOptions {
        dist: next.to_path_buf(),
        centre: options.centre.clone(),
        base: options.base.clone(),
        now: Some(options.now),
    })?;
    Ok(RefreshReport { import, finish })
}

/// `<dist>.<suffix>` beside `dist`.
fn sibling(dist: &Path, suffix: &str) -> PathBuf {
    let mut name = dist
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "dist".into());
    name.push(format!(".{suffix}"));
    dist.with_file_name(name)
}

fn remove(dir: &Path) -> Result<(), Error> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(dir, "remove", e)),
        _ => Ok(()),
    }
}

fn remove_file(file: &Path) -> Result<(), Error> {
    match fs::remove_file(file) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(file, "remove", e)),
        _ => Ok(()),
    }
}

/// Copies the tree at `from` to `to` (files, folders, symbolic links as links).
fn copy_tree(from: &Path, to: &Path) -> Result<(), Error> {
    fs::create_dir_all(to).map_err(|e| Error::io(to, "create", e))?;
    for entry in fs::read_dir(from).map_err(|e| Error::io(from, "read", e))? {
        let entry = entry.map_err(|e| Error::io(from, "read", e))?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        let kind = entry
            .file_type()
            .map_err(|e| Error::io(&source, "read", e))?;
        if kind.is_dir() {
            copy_tree(&source, &target)?;
        } else if kind.is_symlink() {
            let link = fs::read_link(&source).map_err(|e| Error::io(&source, "read", e))?;
            #[cfg(unix)]
            std::os::unix::fs::symlink(link, &target)
                .map_err(|e| Error::io(&target, "write", e))?;
            #[cfg(not(unix))]
            let _ = link;
        } else {
            fs::copy(&source, &target).map_err(|e| Error::io(&target, "write", e))?;
        }
    }
    Ok(())
}

/// Swaps the folders `a` and `b` in one step where the system can (Linux), else with two
/// renames (a moment without `b`).
fn exchange(a: &Path, b: &Path) -> Result<(), Error> {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let path = |p: &Path| CString::new(p.as_os_str().as_bytes()).ok();
        if let (Some(ca), Some(cb)) = (path(a), path(b)) {
            // SAFETY: two valid NUL-terminated paths; no memory is shared with the kernel
            // beyond the call.
            let done = unsafe {
                libc::renameat2(
                    libc::AT_FDCWD,
                    ca.as_ptr(),
                    libc::AT_FDCWD,
                    cb.as_ptr(),
                    libc::RENAME_EXCHANGE,
                )
            };
            if done == 0 {
                return Ok(());
            }
        }
    }
    let parked = sibling(b, "old");
    remove(&parked)?;
    fs::rename(b, &parked).map_err(|e| Error::io(b, "rename", e))?;
    fs::rename(a, b).map_err(|e| Error::io(a, "rename", e))?;
    fs::rename(&parked, a).map_err(|e| Error::io(&parked, "rename", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_swap_places() {
        let dir = tempfile::tempdir().expect("dir");
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::create_dir(&a).expect("a");
        fs::create_dir(&b).expect("b");
        fs::write(a.join("x"), "from a").expect("write");
        fs::write(b.join("x"), "from b").expect("write");
        exchange(&a, &b).expect("exchanged");
        assert_eq!(fs::read_to_string(b.join("x")).expect("read"), "from a");
        assert_eq!(fs::read_to_string(a.join("x")).expect("read"), "from b");
        assert_eq!(sibling(&b, "next"), dir.path().join("b.next"));
    }
}
