//! What went wrong with the files of an index, said in words a user can act on.
//!
//! tantivy reports a full disk, a read-only file system and a missing permission as its own
//! errors ("Failed to acquire Lockfile: IoError(…)", "An index writer was killed…"), and an index
//! it cannot read as one more. They need different remedies: free space, mount read-write, fix
//! permissions, or rebuild. So every tantivy error on the way out of [`super`] passes through
//! [`explain`], which digs out the operating system's error where there is one, names the file and
//! the cause, and keeps "damaged" for what really is damage.

use std::io;
use std::path::{Path, PathBuf};

use tantivy::directory::error::{LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
use tantivy::TantivyError;

pub use crate::floor::storage::{explain_file_write, StorageCause};

/// The operating-system error inside a tantivy error, and the file it concerns where tantivy says.
pub(crate) fn io_cause(error: &TantivyError) -> Option<(&io::Error, Option<&Path>)> {
    match error {
        TantivyError::IoError(io_error) => Some((io_error, None)),
        TantivyError::LockFailure(LockError::IoError(io_error), _) => Some((io_error, None)),
        TantivyError::OpenWriteError(OpenWriteError::IoError { io_error, filepath }) => {
            Some((io_error, Some(filepath)))
        }
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath }) => Some((io_error, Some(filepath))),
        TantivyError::OpenDirectoryError(OpenDirectoryError::IoError {
            io_error,
            directory_path,
        }) => Some((io_error, Some(directory_path))),
        _ => None,
    }
}

/// The error to report when `doing` (an ingest, opening the index…) failed on the index at `path`.
pub(crate) fn explain(path: &Path, doing: &str, error: &TantivyError) -> anyhow::Error {
    if let Some(cause) = storage_cause(error) {
        return storage_error(path, doing, cause, error);
    }
    match error {
        TantivyError::OpenWriteError(OpenWriteError::FileAlreadyExists(file)) => anyhow::anyhow!(
            "{doing} the index at {} failed: {} was left by an interrupted run; `papers doctor --repair` removes it",
            path.display(),
            file.display()
        ),
        _ => damaged(path, error),
    }
}

/// The cause named in an error's message, for errors tantivy passes on only as text
/// (`Internal error: 'No space left on device (os error 28)'`).
fn cause_in_message(message: &str) -> Option<StorageCause> {
    let named = |patterns: &[&str]| patterns.iter().any(|pattern| message.contains(pattern));
    if named(&[
        "No space left on device",
        "(os error 28)",
        "Disk quota exceeded",
        "(os error 122)",
    ]) {
        Some(StorageCause::DiskFull)
    } else if named(&["Read-only file system", "(os error 30)"]) {
        Some(StorageCause::ReadOnly)
    } else if named(&["Permission denied", "(os error 13)"]) {
        Some(StorageCause::PermissionDenied)
    } else {
        None
    }
}

/// The storage cause of a tantivy error, if it has one.
pub(crate) fn storage_cause(error: &TantivyError) -> Option<StorageCause> {
    io_cause(error)
        .and_then(|(io_error, _)| StorageCause::of(io_error))
        .or_else(|| cause_in_message(&error.to_string()))
}

fn storage_error(path: &Path, doing: &str, cause: StorageCause, error: &TantivyError) -> anyhow::Error {
    let file: PathBuf = match io_cause(error) {
        Some((_, Some(file))) if file.is_absolute() || file.starts_with(path) => file.to_path_buf(),
        Some((_, Some(file))) => path.join(file),
        _ => path.to_path_buf(),
    };
    anyhow::anyhow!(
        "{doing} the index at {} failed ({}): {}",
        path.display(),
        file.display(),
        cause.remedy()
    )
}

/// The error for an index tantivy cannot read: which file is damaged, and what to do about it.
pub(crate) fn damaged(path: &Path, error: &TantivyError) -> anyhow::Error {
    if let Some(cause) = storage_cause(error) {
        return storage_error(path, "opening", cause, error);
    }
    let detail = match error {
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath }) => {
            format!(
                "{} cannot be read: {}",
                filepath.display(),
                first_sentence(&io_error.to_string())
            )
        }
        TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(file)) => {
            format!("{} is missing", file.display())
        }
        TantivyError::DataCorruption(_) => first_sentence(&format!("{error:?}")),
        other => first_sentence(&other.to_string()),
    };
    damaged_with(path, &detail)
}

/// The damaged-index error with a detail already in words.
pub(crate) fn damaged_with(path: &Path, detail: &str) -> anyhow::Error {
    anyhow::anyhow!(
        "the index at {} is damaged ({detail}); `papers doctor` names the damaged files, and \
         `papers reindex` or ingesting your dumps again into a new --index directory rebuilds it",
        path.display()
    )
}

/// The first sentence of a library's message, which is the useful part of tantivy's long ones.
fn first_sentence(message: &str) -> String {
    let end = message.find(". ").map_or(message.len(), |end| end + 1);
    message[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_failures_are_told_from_damage_however_tantivy_wraps_them() {
        let path = Path::new("idx");
        let wrapped = [
            TantivyError::InternalError("No space left on device (os error 28)".to_string()),
            TantivyError::IoError(std::sync::Arc::new(io::Error::other(
                "No space left on device (os error 28)",
            ))),
            TantivyError::IoError(std::sync::Arc::new(io::Error::from(io::ErrorKind::StorageFull))),
        ];
        for error in wrapped {
            let message = format!("{:#}", explain(path, "committing to", &error));
            assert!(message.contains("the disk is full"), "{message}");
            assert!(!message.contains("damaged"), "{message}");
        }
        let full = anyhow::Error::new(io::Error::from(io::ErrorKind::StorageFull)).context("writing x");
        let message = format!("{:#}", explain_file_write(path, &path.join("x"), full));
        assert!(message.contains("the disk is full"), "{message}");
        assert!(message.contains(&path.join("x").display().to_string()), "{message}");
        let other = anyhow::Error::new(io::Error::other("odd")).context("writing x");
        assert_eq!(
            format!("{:#}", explain_file_write(path, &path.join("x"), other)),
            "writing x: odd"
        );
        let read_only = TantivyError::ErrorInThread("Read-only file system (os error 30)".to_string());
        assert!(format!("{:#}", damaged(path, &read_only)).contains("read-only"));
        let damage = TantivyError::InternalError("Unknown frame descriptor".to_string());
        assert!(format!("{:#}", damaged(path, &damage)).contains("is damaged"));
    }
}
