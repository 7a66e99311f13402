//! Installing a centre: its validated `centre.json` and the files beside it become
//! `DIST/centre/`, where the app loads them from ([`lernort_centre::CONFIG_PATH`]).

use std::fs;
use std::path::{Path, PathBuf};

use lernort_centre::Centre;

use crate::{write_if_changed, Error};

/// The directory inside the dist directory that holds the centre's files.
pub const CENTRE_DIR: &str = "centre";

/// Reads and validates `dir/centre.json`, and checks that the logo it names is beside it.
pub fn load(dir: &Path) -> Result<Centre, Error> {
    let path = dir.join("centre.json");
    let json = fs::read_to_string(&path).map_err(|e| Error::io(&path, "read", e))?;
    let centre = Centre::from_json(&json).map_err(|source| Error::Centre {
        path: path.clone(),
        source,
    })?;
    let logo = &centre.logo.src;
    // The centre directory is copied flat, so the logo must be a file directly beside it.
    if logo.contains('/') || logo.contains('\\') || !dir.join(logo).is_file() {
        return Err(Error::CentreFile {
            path,
            field: "logo.src",
            name: logo.clone(),
        });
    }
    Ok(centre)
}

/// What [`install`] did.
#[derive(Clone, Debug, PartialEq)]
pub struct Installed {
    /// The validated config.
    pub centre: Centre,
    /// The names of the files copied into `DIST/centre/`, sorted.
    pub files: Vec<String>,
}

/// Validates `centre_dir` (see [`load`]) and replaces `dist/centre/` with a copy of its
/// regular files (not its subdirectories; symbolic links to files are copied as files).
pub fn install(centre_dir: &Path, dist: &Path) -> Result<Installed, Error> {
    let centre = load(centre_dir)?;
    let mut sources = Vec::new();
    let entries = fs::read_dir(centre_dir).map_err(|e| Error::io(centre_dir, "list", e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(centre_dir, "list", e))?;
        let path = entry.path();
        if path.is_file() {
            sources.push((entry.file_name(), path));
        }
    }
    sources.sort();
    let target = dist.join(CENTRE_DIR);
    // Reading everything first means a centre directory inside dist/centre (or equal to it)
    // is copied, not deleted.
    let mut contents = Vec::with_capacity(sources.len());
    for (name, path) in &sources {
        let data = fs::read(path).map_err(|e| Error::io(path, "read", e))?;
        contents.push((name.clone(), data));
    }
    let wanted: Vec<PathBuf> = contents.iter().map(|(name, _)| target.join(name)).collect();
    let kind = fs::symlink_metadata(&target).map(|m| m.file_type());
    if kind.as_ref().is_ok_and(|k| k.is_dir()) {
        // Remove what the new centre does not have; keep the rest so unchanged files keep
        // their timestamps.
        for existing in crate::compress::walk(&target)? {
            if !wanted.contains(&existing) {
                fs::remove_file(&existing).map_err(|e| Error::io(&existing, "remove", e))?;
            }
        }
        remove_empty_dirs(&target)?;
    } else if kind.is_ok() {
        // A file, or a symbolic link (perhaps to the centre's own directory, which must not
        // be written into): replaced by a real directory.
        fs::remove_file(&target).map_err(|e| Error::io(&target, "remove", e))?;
    }
    fs::create_dir_all(&target).map_err(|e| Error::io(&target, "create", e))?;
    let mut files = Vec::with_capacity(contents.len());
    for ((name, data), path) in contents.iter().zip(&wanted) {
        write_if_changed(path, data)?;
        files.push(name.to_string_lossy().into_owned());
    }
    Ok(Installed { centre, files })
}

/// Removes the empty directories below `dir` (not `dir` itself).
fn remove_empty_dirs(dir: &Path) -> Result<(), Error> {
    let entries = fs::read_dir(dir).map_err(|e| Error::io(dir, "list", e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, "list", e))?;
        let path = entry.path();
        let kind = entry
            .file_type()
            .map_err(|e| Error::io(&path, "inspect", e))?;
        if kind.is_dir() {
            remove_empty_dirs(&path)?;
            fs::remove_dir(&path).map_err(|e| Error::io(&path, "remove", e))?;
        } else if kind.is_symlink() {
            fs::remove_file(&path).map_err(|e| Error::io(&path, "remove", e))?;
        }
    }
    Ok(())
}
