//! Reading an index that cannot be written: on a read-only mount, a backup, or a directory the
//! user may read but not change.
//!
//! tantivy takes a lock file (`.tantivy-meta.lock`) each time a reader loads the list of segments,
//! so that a writer's garbage collection cannot delete a file between the reader's reading the list
//! and opening the file. Creating that lock file fails where nothing can be written, and with it
//! every search. Where nothing can be written, no writer can be deleting files either, so this
//! directory hands out that one lock without a file. Every write still goes to the file system and
//! fails there, with the operating system's reason.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr, META_LOCK,
};
use tantivy::Directory;

/// An index directory opened for reading only (see the module comment).
#[derive(Clone, Debug)]
pub(crate) struct ReadOnlyDirectory {
    inner: MmapDirectory,
}

impl ReadOnlyDirectory {
    pub(crate) fn open(path: &Path) -> tantivy::Result<ReadOnlyDirectory> {
        Ok(ReadOnlyDirectory {
            inner: MmapDirectory::open(path)?,
        })
    }
}

impl Directory for ReadOnlyDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        if lock.filepath == META_LOCK.filepath {
            return Ok(DirectoryLock::from(Box::new(NoLockFile)));
        }
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

/// The stand-in for a lock file that cannot be created.
struct NoLockFile;

/// True when the directory at `path` cannot be written by this process.
pub(crate) fn is_unwritable(path: &Path) -> bool {
    let probe: PathBuf = path.join(META_LOCK.filepath.as_path());
    match std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(&probe)
    {
        Ok(_) => false,
        Err(error) => matches!(
            error.kind(),
            io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied
        ),
    }
}
