//! The marker protocol: a small file, `papers-index.json`, that says a directory belongs to
//! `papers` and which schema version built the index in it.
//!
//! Why: `papers` must never write into a directory that is not its own (a mistyped `--index`
//! could name a folder of the user's files), and must refuse an index built by an incompatible
//! version instead of misreading it. So every writer claims a directory by writing the marker
//! first — before tantivy's files and before any state beside them — and only a new or empty
//! directory may be claimed. "Empty" allows the state files papers keeps beside an index
//! ([`data_dir::COMPANION_FILES`]): versions before the marker wrote them first.

use std::path::Path;

use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};

use super::{IndexError, SCHEMA_VERSION};
use crate::floor::data_dir;

/// Name of the marker file inside an index directory.
pub(crate) const MARKER_FILE: &str = data_dir::MARKER_FILE;

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Marker {
    format: String,
    pub schema_version: u32,
}

const MARKER_FORMAT: &str = "papers";

/// Makes sure papers may write its own files (triage state, profile) into `path`: it is a papers
/// index (of any schema; those files do not depend on it), or a new or empty directory, which is
/// made one. Any other directory is refused, as every command refuses it.
pub fn claim_directory(path: &Path) -> anyhow::Result<()> {
    if path.join(MARKER_FILE).exists() {
        read_marker(path)?;
        return Ok(());
    }
    if path.exists() && !is_empty_dir(path)? {
        bail!(
            "{} is not a papers index (it has no {MARKER_FILE}); pass another --index directory",
            path.display()
        );
    }
    std::fs::create_dir_all(path)
        .with_context(|| format!("creating the index directory {}", path.display()))
        .map_err(|error| super::failure::explain_file_write(path, path, error))?;
    write_marker(path)
}

pub(crate) fn is_empty_dir(path: &Path) -> anyhow::Result<bool> {
    crate::floor::data_dir::refuse_file(path)?;
    if !path.is_dir() {
        return Ok(true);
    }
    let entries = std::fs::read_dir(path).with_context(|| format!("reading {}", path.display()))?;
    for entry in entries {
        let name = entry
            .with_context(|| format!("reading {}", path.display()))?
            .file_name();
        if !name
            .to_str()
            .is_some_and(|name| data_dir::COMPANION_FILES.contains(&name))
        {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The marker of the index at `path`, whatever schema version it names.
pub(crate) fn read_marker(path: &Path) -> anyhow::Result<Marker> {
    let marker_path = path.join(MARKER_FILE);
    let text = match std::fs::read_to_string(&marker_path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            if !path.exists() || is_empty_dir(path)? {
                return Err(IndexError::Missing(path.to_path_buf()).into());
            }
            bail!(
                "{} is not a papers index (it has no {MARKER_FILE}); pass another --index directory",
                path.display()
            );
        }
        other => other.with_context(|| format!("reading {}", marker_path.display()))?,
    };
    let marker: Marker = serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is damaged; this directory may not be a papers index",
            marker_path.display()
        )
    })?;
    if marker.format != MARKER_FORMAT {
        bail!("{} is not a papers index (format '{}')", path.display(), marker.format);
    }
    Ok(marker)
}

/// Records that `path` holds an index of this version's schema (written atomically).
pub(crate) fn write_marker(path: &Path) -> anyhow::Result<()> {
    let marker = Marker {
        format: MARKER_FORMAT.to_string(),
        schema_version: SCHEMA_VERSION,
    };
    crate::floor::atomic_file::write_atomically(&path.join(MARKER_FILE), &marker)
}

pub(crate) fn check_marker(path: &Path) -> anyhow::Result<()> {
    let marker = read_marker(path)?;
    if marker.schema_version != SCHEMA_VERSION {
        let made_by = if marker.schema_version < SCHEMA_VERSION {
            "an older"
        } else {
            "a newer"
        };
        bail!(
            "the index at {} was built by {made_by} version of papers (schema {}, this version reads {}); \
             run `papers reindex` to rebuild it from its stored records (triage state and profile are kept)",
            path.display(),
            marker.schema_version,
            SCHEMA_VERSION
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker_text(format: &str, schema_version: u32) -> String {
        format!("{{\"format\": \"{format}\", \"schema_version\": {schema_version}}}")
    }

    #[test]
    fn a_new_or_empty_directory_is_claimed_and_then_reads_as_this_schema() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new");
        claim_directory(&new).unwrap();
        assert_eq!(read_marker(&new).unwrap().schema_version, SCHEMA_VERSION);
        check_marker(&new).unwrap();
        // Claiming again changes nothing.
        claim_directory(&new).unwrap();
        let names: Vec<String> = std::fs::read_dir(&new)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, [MARKER_FILE]);
    }

    #[test]
    fn state_files_written_before_the_marker_leave_a_directory_empty() {
        let dir = tempfile::tempdir().unwrap();
        for name in data_dir::COMPANION_FILES {
            std::fs::write(dir.path().join(name), "{}").unwrap();
        }
        assert!(is_empty_dir(dir.path()).unwrap());
        let missing = read_marker(dir.path()).unwrap_err();
        assert!(matches!(
            missing.downcast_ref::<IndexError>(),
            Some(IndexError::Missing(_))
        ));
        claim_directory(dir.path()).unwrap();
        check_marker(dir.path()).unwrap();
    }

    #[test]
    fn a_directory_with_someone_elses_files_is_never_claimed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("package.json"), "{}").unwrap();
        assert!(!is_empty_dir(dir.path()).unwrap());
        let error = claim_directory(dir.path()).unwrap_err().to_string();
        assert!(
            error.ends_with(&format!(
                "is not a papers index (it has no {MARKER_FILE}); pass another --index directory"
            )),
            "{error}"
        );
        assert!(!dir.path().join(MARKER_FILE).exists());
        let file = dir.path().join("package.json");
        assert!(format!("{:#}", is_empty_dir(&file).unwrap_err()).ends_with("is a file, not an index directory"));
    }

    #[test]
    fn markers_of_other_formats_schemas_or_damaged_ones_are_refused_with_the_way_out() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path();
        std::fs::write(path.join(MARKER_FILE), marker_text("other-tool", SCHEMA_VERSION)).unwrap();
        assert!(read_marker(path)
            .unwrap_err()
            .to_string()
            .ends_with("is not a papers index (format 'other-tool')"));
        std::fs::write(path.join(MARKER_FILE), "{not json").unwrap();
        assert!(read_marker(path).unwrap_err().to_string().contains("is damaged"));
        std::fs::write(path.join(MARKER_FILE), marker_text("papers", SCHEMA_VERSION - 1)).unwrap();
        let older = check_marker(path).unwrap_err().to_string();
        assert!(older.contains("was built by an older version of papers"), "{older}");
        assert!(older.contains("run `papers reindex`"), "{older}");
        std::fs::write(path.join(MARKER_FILE), marker_text("papers", SCHEMA_VERSION + 1)).unwrap();
        assert!(check_marker(path)
            .unwrap_err()
            .to_string()
            .contains("by a newer version"));
        // A claim accepts an index of any schema: the state beside it does not depend on it.
        claim_directory(path).unwrap();
    }
}
