//! The state lock: one `papers` process at a time changes the files beside the index that hold
//! the researcher's own data (the triage state and the profile).
//!
//! It is an advisory lock on `triage.lock` taken with the operating system's file locking, so it
//! is released when the process ends however it ends (a crash or SIGKILL never leaves it stuck).
//! Holders keep it for one read-modify-write of a small file, so waiting for it is short.

use std::fs::{File, OpenOptions};
use std::path::Path;

use anyhow::Context;

/// File name of the lock inside the index directory.
pub const LOCK_FILE: &str = crate::floor::data_dir::STATE_LOCK_FILE;

/// Holds the state lock until dropped.
#[derive(Debug)]
pub struct StateLock {
    file: File,
}

impl StateLock {
    /// Waits for and takes the state lock of the index at `index_dir`.
    pub fn acquire(index_dir: &Path) -> anyhow::Result<StateLock> {
        let path = index_dir.join(LOCK_FILE);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("opening the lock {}", path.display()))
            // A read-only mount or a missing permission is said with its remedy, as the index
            // writer says it, rather than as the operating system's bare error.
            .map_err(|error| crate::floor::storage::explain_file_write(index_dir, &path, error))?;
        file.lock().with_context(|| format!("locking {}", path.display()))?;
        Ok(StateLock { file })
    }
}

impl Drop for StateLock {
    fn drop(&mut self) {
        // Closing the file releases the lock too; unlocking first makes it prompt.
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_is_exclusive_and_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let held = StateLock::acquire(dir.path()).unwrap();
        let other = File::options().write(true).open(dir.path().join(LOCK_FILE)).unwrap();
        assert!(
            other.try_lock().is_err(),
            "a second holder is refused while the first holds it"
        );
        drop(held);
        assert!(other.try_lock().is_ok());
    }
}
