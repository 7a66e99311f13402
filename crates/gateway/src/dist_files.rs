//! The files of dist as `ServeDir` reads them ([`DistFiles`], its `Backend`): only regular
//! files whose real path (symbolic links resolved) is inside dist exist; and each is read
//! in one trip to the blocking pool, from a small in-memory cache while it is unchanged.
//!
//! Why a cache: `tokio::fs` makes every step (resolve the path, stat, open, stat again,
//! read) a trip through the blocking pool and back to a busy runtime. With 10,000 floor
//! clients on two cores that was ~440 ms at the 99th percentile for `GET /` against
//! ~150 ms for `/healthz`, which touches no file (docs/reliability.md). Now a file that is
//! cached and unchanged costs no trip at all: resolving the path and one `stat` are done
//! right here (a few microseconds on the local disk dist lives on, well under what a task
//! may take between two awaits); only reading a new or changed file goes to the pool.

use std::collections::HashMap;
use std::future::Future;
use std::io::{self, Cursor, SeekFrom};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::SystemTime;

use bytes::Bytes;
use tokio::io::{AsyncRead, AsyncSeek, ReadBuf};
use tower_http::services::fs::{Backend, File};

/// Files of dist kept in memory at most, in bytes in all (dist is a few MiB).
const CACHE_BYTES: usize = 64 << 20;
/// Larger files are read for each request and not kept.
const CACHE_FILE_BYTES: u64 = 8 << 20;

/// The cache shared by all requests; cheap to clone.
#[derive(Clone, Debug, Default)]
pub struct FileCache {
    files: Arc<Mutex<Cached>>,
}

#[derive(Debug, Default)]
struct Cached {
    by_path: HashMap<PathBuf, Entry>,
    bytes: usize,
}

#[derive(Clone, Debug)]
struct Entry {
    len: u64,
    modified: Option<SystemTime>,
    bytes: Bytes,
}

impl FileCache {
    /// The bytes of `real` if they were read with this size and modification time.
    fn get(&self, real: &Path, metadata: &std::fs::Metadata) -> Option<Bytes> {
        let cached = self.files.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = cached.by_path.get(real)?;
        (entry.len == metadata.len() && entry.modified == metadata.modified().ok())
            .then(|| entry.bytes.clone())
    }

    fn put(&self, real: PathBuf, metadata: &std::fs::Metadata, bytes: Bytes) {
        if metadata.len() > CACHE_FILE_BYTES {
            return;
        }
        let mut cached = self.files.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(old) = cached.by_path.remove(&real) {
            cached.bytes -= old.bytes.len();
        }
        if cached.bytes + bytes.len() > CACHE_BYTES {
            // A new build replaced dist: start again rather than keep what is gone.
            cached.by_path.clear();
            cached.bytes = 0;
        }
        cached.bytes += bytes.len();
        cached.by_path.insert(
            real,
            Entry {
                len: metadata.len(),
                modified: metadata.modified().ok(),
                bytes,
            },
        );
    }
}

/// dist, for `ServeDir`. (The path is resolved and stat'ed on the calling task; see the
/// module's comment.)
#[derive(Clone, Debug)]
pub struct DistFiles {
    /// The canonical path of dist.
    root: PathBuf,
    cache: FileCache,
}

impl DistFiles {
    /// The files below `root` (canonical), read through `cache`.
    pub fn new(root: PathBuf, cache: FileCache) -> DistFiles {
        DistFiles { root, cache }
    }

    /// Whether the path of `segments` below dist is a regular file inside it.
    pub fn is_file(&self, segments: &[String]) -> bool {
        let path = segments
            .iter()
            .fold(self.root.clone(), |path, s| path.join(s));
        metadata_within(&self.root, &path).is_ok_and(|(_, metadata)| metadata.is_file())
    }
}

/// The real path and metadata of `path`, if its real path is inside `root`.
fn metadata_within(root: &Path, path: &Path) -> io::Result<(PathBuf, std::fs::Metadata)> {
    let real = std::fs::canonicalize(path)?;
    if !real.starts_with(root) {
        return Err(io::ErrorKind::NotFound.into());
    }
    let metadata = std::fs::metadata(&real)?;
    Ok((real, metadata))
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> io::Result<T> + Send + 'static,
) -> io::Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|e| Err(io::Error::other(e)))
}

type Boxed<T> = Pin<Box<dyn Future<Output = io::Result<T>> + Send>>;

impl Backend for DistFiles {
    type File = MemoryFile;
    type Metadata = std::fs::Metadata;
    type OpenFuture = Boxed<MemoryFile>;
    type MetadataFuture = Boxed<std::fs::Metadata>;

    fn open(&self, path: PathBuf) -> Self::OpenFuture {
        let found = metadata_within(&self.root, &path).and_then(|(real, metadata)| {
            if metadata.is_file() {
                Ok((real, metadata))
            } else {
                Err(io::ErrorKind::NotFound.into())
            }
        });
        let (real, metadata) = match found {
            Ok(found) => found,
            Err(e) => return Box::pin(std::future::ready(Err(e))),
        };
        if let Some(bytes) = self.cache.get(&real, &metadata) {
            return Box::pin(std::future::ready(Ok(MemoryFile::new(bytes, metadata))));
        }
        let cache = self.cache.clone();
        Box::pin(blocking(move || {
            let bytes = Bytes::from(std::fs::read(&real)?);
            cache.put(real, &metadata, bytes.clone());
            Ok(MemoryFile::new(bytes, metadata))
        }))
    }

    fn metadata(&self, path: PathBuf) -> Self::MetadataFuture {
        let found = metadata_within(&self.root, &path).map(|(_, metadata)| metadata);
        Box::pin(std::future::ready(found))
    }
}

/// A file of dist, read.
#[derive(Debug)]
pub struct MemoryFile {
    bytes: Cursor<Bytes>,
    metadata: std::fs::Metadata,
}

impl MemoryFile {
    fn new(bytes: Bytes, metadata: std::fs::Metadata) -> MemoryFile {
        MemoryFile {
            bytes: Cursor::new(bytes),
            metadata,
        }
    }
}

impl AsyncRead for MemoryFile {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.bytes).poll_read(cx, buf)
    }
}

impl AsyncSeek for MemoryFile {
    fn start_seek(mut self: Pin<&mut Self>, position: SeekFrom) -> io::Result<()> {
        Pin::new(&mut self.bytes).start_seek(position)
    }

    fn poll_complete(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<u64>> {
        Pin::new(&mut self.bytes).poll_complete(cx)
    }
}

impl File for MemoryFile {
    type Metadata = std::fs::Metadata;
    type MetadataFuture<'a> = std::future::Ready<io::Result<std::fs::Metadata>>;

    fn metadata(&self) -> Self::MetadataFuture<'_> {
        std::future::ready(Ok(self.metadata.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_changed_file_is_read_again_and_links_out_are_not_found() {
        let dir = tempfile::tempdir().expect("dir");
        let root = dir.path().join("dist");
        std::fs::create_dir(&root).expect("dist");
        std::fs::write(root.join("a.txt"), "first").expect("write");
        std::fs::write(dir.path().join("secret"), "secret").expect("write");
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("secret"), root.join("link")).expect("link");
        let root = std::fs::canonicalize(root).expect("canonical");
        let files = DistFiles::new(root.clone(), FileCache::default());
        let read =
            |file: MemoryFile| String::from_utf8(file.bytes.into_inner().to_vec()).expect("text");
        assert_eq!(
            read(files.open(root.join("a.txt")).await.expect("open")),
            "first"
        );
        std::fs::write(root.join("a.txt"), "second, longer").expect("write");
        assert_eq!(
            read(files.open(root.join("a.txt")).await.expect("open")),
            "second, longer"
        );
        assert!(files.is_file(&["a.txt".into()]));
        #[cfg(unix)]
        {
            assert!(!files.is_file(&["link".into()]));
            let error = files.open(root.join("link")).await.expect_err("outside");
            assert_eq!(error.kind(), io::ErrorKind::NotFound);
        }
        assert!(
            files.open(root.clone()).await.is_err(),
            "a directory is no file"
        );
    }
}
