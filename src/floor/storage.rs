//! Storage failures a user fixes outside `papers` — a full disk, a read-only file system, a
//! missing permission — told apart from other errors and said with their remedy.
//!
//! Why here: the index, the triage state and the kept API responses all write files beside each
//! other in one directory, and a read-only mount should read the same whichever of them meets it
//! first; the index's own errors (tantivy's) are dug into for these causes in `index::failure`.

use std::io;
use std::path::Path;

/// A storage failure a user can fix outside `papers`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageCause {
    DiskFull,
    ReadOnly,
    PermissionDenied,
}

impl StorageCause {
    /// The cause of an operating-system error, when it is one a user fixes outside papers.
    pub fn of(error: &io::Error) -> Option<StorageCause> {
        match error.kind() {
            io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded | io::ErrorKind::FileTooLarge => {
                Some(StorageCause::DiskFull)
            }
            io::ErrorKind::ReadOnlyFilesystem => Some(StorageCause::ReadOnly),
            io::ErrorKind::PermissionDenied => Some(StorageCause::PermissionDenied),
            _ => None,
        }
    }

    /// What the user does about it, said as the end of an error line.
    pub fn remedy(self) -> &'static str {
        match self {
            StorageCause::DiskFull => "the disk is full; free some space and run the command again",
            StorageCause::ReadOnly => {
                "the file system is read-only; searching works, but changes need it mounted read-write"
            }
            StorageCause::PermissionDenied => {
                "permission denied; run papers as the index's owner or give your user write access"
            }
        }
    }
}

/// An error writing one of papers' own files in the index directory (beside tantivy's): with the
/// remedy when the cause is one a user fixes outside papers, the error itself otherwise.
pub fn explain_file_write(path: &Path, file: &Path, error: anyhow::Error) -> anyhow::Error {
    let cause = error
        .chain()
        .find_map(|cause| cause.downcast_ref::<io::Error>())
        .and_then(StorageCause::of);
    match cause {
        Some(cause) => anyhow::anyhow!(
            "writing to the index at {} failed ({}): {}",
            path.display(),
            file.display(),
            cause.remedy()
        ),
        None => error,
    }
}
