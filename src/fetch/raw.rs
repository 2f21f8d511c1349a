//! Raw API responses kept under the index directory: `raw/daily_papers/YYYY-MM-DD.json` (a day's
//! list, every page as one JSON array) and `raw/papers/ID.json` (one paper).
//!
//! Why keep them: what was fetched is never lost. `papers ingest raw/daily_papers/*.json`
//! rebuilds the index from them, a later parser can read them again, and which days are here,
//! and when each was fetched, is the record of what `papers pull` has done. The one other file,
//! `raw/uningested.json`, lists responses written by a pull that did not get to commit them (the
//! network failed, Ctrl-C), so the next pull ingests them instead of taking them as done.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::Context as _;
use serde_json::Value;
use time::{Date, OffsetDateTime};

/// Where daily lists are kept, under the index directory.
pub const DAILY_DIR: &str = "raw/daily_papers";
/// Where single papers are kept, under the index directory.
pub const PAPERS_DIR: &str = "raw/papers";
/// Responses written but not yet in the index, under the index directory.
const UNINGESTED_FILE: &str = "raw/uningested.json";

/// The raw responses of one index.
pub struct RawStore {
    root: PathBuf,
}

/// A day's list as kept: when it was fetched.
#[derive(Debug, Clone, Copy)]
pub struct KeptDay {
    pub date: Date,
    pub fetched: OffsetDateTime,
}

impl KeptDay {
    /// True when it was fetched after the day ended (UTC), so its list can no longer grow.
    pub fn is_complete(&self) -> bool {
        self.date
            .next_day()
            .is_some_and(|next| self.fetched >= next.midnight().assume_utc())
    }
}

impl RawStore {
    pub fn new(index_dir: &Path) -> RawStore {
        RawStore {
            root: index_dir.to_path_buf(),
        }
    }

    pub fn day_path(&self, date: Date) -> PathBuf {
        self.root.join(DAILY_DIR).join(format!("{date}.json"))
    }

    pub fn paper_path(&self, arxiv_id: &str) -> PathBuf {
        self.root.join(PAPERS_DIR).join(format!("{arxiv_id}.json"))
    }

    /// The day's list if it was fetched before.
    pub fn kept_day(&self, date: Date) -> Option<KeptDay> {
        let modified = std::fs::metadata(self.day_path(date)).ok()?.modified().ok()?;
        Some(KeptDay {
            date,
            fetched: OffsetDateTime::from(modified),
        })
    }

    /// The newest day whose list is kept.
    pub fn newest_day(&self) -> anyhow::Result<Option<KeptDay>> {
        let dir = self.root.join(DAILY_DIR);
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(error).with_context(|| format!("reading {}", dir.display())),
        };
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let mut newest: Option<Date> = None;
        for entry in entries {
            let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
            let name = entry.file_name();
            let Some(date) = name
                .to_str()
                .and_then(|name| name.strip_suffix(".json"))
                .and_then(|stem| Date::parse(stem, format).ok())
            else {
                continue;
            };
            newest = newest.max(Some(date));
        }
        Ok(newest.and_then(|date| self.kept_day(date)))
    }

    /// Every response kept: the daily lists oldest first, then the single papers.
    pub fn all_responses(&self) -> anyhow::Result<Vec<PathBuf>> {
        let mut all = Vec::new();
        for dir in [DAILY_DIR, PAPERS_DIR] {
            let dir = self.root.join(dir);
            let entries = match std::fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
                Err(error) => return Err(error).with_context(|| format!("reading {}", dir.display())),
            };
            let mut files: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| {
                    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                    name.ends_with(".json") && !name.starts_with('.') && path.is_file()
                })
                .collect();
            files.sort();
            all.extend(files);
        }
        Ok(all)
    }

    /// Responses a pull wrote without committing them, that are still here.
    pub fn uningested(&self) -> Vec<PathBuf> {
        let Ok(text) = std::fs::read_to_string(self.root.join(UNINGESTED_FILE)) else {
            return Vec::new();
        };
        let names: Vec<String> = serde_json::from_str(&text).unwrap_or_default();
        names
            .iter()
            // Only files of the raw directories, never a path that leads elsewhere.
            .filter(|name| {
                let path = Path::new(name.as_str());
                path.components().count() == 3
                    && (path.starts_with(DAILY_DIR) || path.starts_with(PAPERS_DIR))
                    && path
                        .components()
                        .all(|part| matches!(part, std::path::Component::Normal(_)))
            })
            .map(|name| self.root.join(name))
            .filter(|path| path.is_file())
            .collect()
    }

    /// Records which responses are written but not committed (none: the record is removed).
    pub fn set_uningested(&self, paths: &[PathBuf]) -> anyhow::Result<()> {
        let record = self.root.join(UNINGESTED_FILE);
        if paths.is_empty() {
            return match std::fs::remove_file(&record) {
                Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                    Err(error).with_context(|| format!("removing {}", record.display()))
                }
                _ => Ok(()),
            };
        }
        let names: Vec<String> = paths
            .iter()
            .filter_map(|path| path.strip_prefix(&self.root).ok())
            .map(|path| path.to_string_lossy().into_owned())
            .collect();
        self.write(&record, &serde_json::json!(names))
    }

    /// Writes `value` to `path` so that the file holds either its old or its new content,
    /// whatever happens (a temporary file renamed over it).
    pub fn write(&self, path: &Path, value: &Value) -> anyhow::Result<()> {
        let directory = path.parent().context("a raw file has a directory")?;
        std::fs::create_dir_all(directory)
            .with_context(|| format!("creating {}", directory.display()))
            .and_then(|()| crate::floor::atomic_file::write_atomically(path, value))
            .map_err(|error| crate::floor::storage::explain_file_write(&self.root, path, error))?;
        // The modification time is when the list was fetched: set it, in case the file system
        // keeps coarse or odd times.
        if let Ok(file) = std::fs::File::options().write(true).open(path) {
            let _ = file.set_modified(SystemTime::now());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn a_day_is_complete_once_fetched_after_it_ended() {
        let day = |fetched| KeptDay {
            date: date!(2026 - 12 - 01),
            fetched,
        };
        assert!(!day(datetime!(2026-12-01 23:59:59 UTC)).is_complete());
        assert!(day(datetime!(2026-12-02 00:00:00 UTC)).is_complete());
        assert!(day(datetime!(2026-12-05 08:00:00 UTC)).is_complete());
    }

    #[test]
    fn the_newest_kept_day_and_atomic_writes() {
        let dir = tempfile::tempdir().unwrap();
        let store = RawStore::new(dir.path());
        assert!(store.newest_day().unwrap().is_none());
        for day in [date!(2026 - 11 - 28), date!(2026 - 12 - 01), date!(2026 - 11 - 30)] {
            store.write(&store.day_path(day), &serde_json::json!([])).unwrap();
        }
        std::fs::write(dir.path().join(DAILY_DIR).join("notes.json"), "{}").unwrap();
        assert_eq!(store.newest_day().unwrap().unwrap().date, date!(2026 - 12 - 01));
        let names: Vec<String> = std::fs::read_dir(dir.path().join(DAILY_DIR))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".tmp"))
            .collect();
        assert!(names.is_empty(), "{names:?}");

        let written = vec![
            store.day_path(date!(2026 - 12 - 01)),
            store.day_path(date!(2026 - 11 - 30)),
        ];
        store.set_uningested(&written).unwrap();
        assert_eq!(store.uningested(), written);
        std::fs::write(
            dir.path().join(UNINGESTED_FILE),
            r#"["raw/daily_papers/../../secret.json", "/etc/passwd", "raw/daily_papers/2026-11-28.json"]"#,
        )
        .unwrap();
        assert_eq!(store.uningested(), [store.day_path(date!(2026 - 11 - 28))]);
        store.set_uningested(&[]).unwrap();
        assert!(store.uningested().is_empty());
    }
}
