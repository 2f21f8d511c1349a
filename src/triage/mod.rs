//! Triage state: what the researcher decided about each paper — a status (`new`, `read`,
//! `starred`, `skipped`, `later`), free-text tags, a note — and their profile of interests
//! ([`profile`]). How the inbox ranks papers from this state is
//! the inbox's concern, above this module.
//!
//! The state lives beside the index in `triage.json`, apart from tantivy's files, so it survives
//! re-ingest, updates of a paper and index rebuilds. Every change is written atomically: the new
//! state goes to a temporary file that is synced and then renamed over the old one, so a crash at
//! any moment leaves either the old or the new state, never a mix.
//!
//! Several `papers` processes may change the state at once (a digest from cron marks papers
//! digested while the researcher stars papers). So a loaded state remembers the changes made to it,
//! not just the result: `save` takes the state lock, reads the file again, replays those changes
//! on what is there now and writes that. Nobody's decision is overwritten by a stale copy, and the
//! lock is held only for that moment, never while a person thinks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};

use crate::floor::atomic_file::{temporary_target, write_atomically};

mod lock;
pub mod profile;

pub use lock::{StateLock, LOCK_FILE};

pub use profile::{Profile, ProfileEdit};

/// File name of the triage state inside the index directory.
pub const STATE_FILE: &str = crate::floor::data_dir::STATE_FILE;
const STATE_VERSION: u32 = 1;

/// What the researcher decided about a paper.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not decided yet.
    #[default]
    New,
    Read,
    Starred,
    Skipped,
    Later,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Read => "read",
            Status::Starred => "starred",
            Status::Skipped => "skipped",
            Status::Later => "later",
        }
    }
}

/// Everything recorded about one paper.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    #[serde(default)]
    pub status: Status,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When the paper was first ingested (RFC 3339, UTC), as versions before schema 5 recorded
    /// it here; the index keeps it now (`papers reindex` moves it there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<String>,
    /// When the status last changed (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided: Option<String>,
    /// When a digest first showed the paper (RFC 3339, UTC), for `papers digest --since-last`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digested: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct StateFile {
    version: u32,
    papers: BTreeMap<String, Entry>,
    /// The last changes, oldest first, with what they replaced: what `papers undo` reverts.
    /// Files written before the journal existed have none; versions before it ignore it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    journal: Vec<JournalItem>,
}

/// Changes remembered for `papers undo`.
const JOURNAL_LENGTH: usize = 50;

/// One saved change: when, what it did (in words), and the entries of the papers it touched as
/// they were before (`None`: nothing was recorded about the paper).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalItem {
    pub at: String,
    pub what: String,
    before: BTreeMap<String, Option<Entry>>,
}

/// One change to the state, kept so it can be replayed on a newer copy of the file.
#[derive(Debug, Clone)]
enum Change {
    /// Drops arrival times recorded here by earlier versions (the index keeps them now).
    ForgetArrivals,
    Status {
        id: String,
        status: Status,
        at: String,
    },
    AddTags {
        id: String,
        tags: Vec<String>,
    },
    RemoveTags {
        id: String,
        tags: Vec<String>,
    },
    Note {
        id: String,
        note: String,
    },
    Import {
        papers: BTreeMap<String, Entry>,
    },
    /// Papers a digest showed (kept, but not a decision: `undo` passes it by).
    Digested {
        ids: Vec<String>,
        at: String,
    },
}

/// The triage state of one index, loaded in memory; `save` writes its changes back atomically.
#[derive(Debug)]
pub struct TriageState {
    path: PathBuf,
    papers: BTreeMap<String, Entry>,
    /// Changes since the last load or save, in order.
    pending: Vec<Change>,
}

impl TriageState {
    /// Loads the state of the index at `index_dir` (empty when there is none yet).
    pub fn load(index_dir: &Path) -> anyhow::Result<TriageState> {
        crate::floor::data_dir::refuse_file(index_dir)?;
        let path = index_dir.join(STATE_FILE);
        let papers = read_papers(&path)?;
        Ok(TriageState {
            path,
            papers,
            pending: Vec::new(),
        })
    }

    /// The entry of a paper (a default `new` entry when nothing is recorded).
    pub fn entry(&self, id: &str) -> Entry {
        self.papers.get(id).cloned().unwrap_or_default()
    }

    pub fn status(&self, id: &str) -> Status {
        self.papers.get(id).map_or(Status::New, |entry| entry.status)
    }

    /// Drops the arrival times that versions before schema 5 kept here, and entries left empty;
    /// `papers reindex` moves those times into the index first.
    pub fn forget_arrivals(&mut self) -> bool {
        self.change(Change::ForgetArrivals)
    }

    /// Records a decision; false when the paper already had this status.
    pub fn set_status(&mut self, id: &str, status: Status, now: &str) -> bool {
        self.change(Change::Status {
            id: id.to_string(),
            status,
            at: now.to_string(),
        })
    }

    /// Adds tags (kept sorted, without repeats).
    /// Adds the tags; false when the paper had them all.
    pub fn add_tags(&mut self, id: &str, tags: &[String]) -> bool {
        self.change(Change::AddTags {
            id: id.to_string(),
            tags: tags.to_vec(),
        })
    }

    /// Removes the tags; false when the paper had none of them.
    pub fn remove_tags(&mut self, id: &str, tags: &[String]) -> bool {
        self.change(Change::RemoveTags {
            id: id.to_string(),
            tags: tags.to_vec(),
        })
    }

    /// Sets the note; an empty text removes it.
    pub fn set_note(&mut self, id: &str, note: &str) {
        self.change(Change::Note {
            id: id.to_string(),
            note: note.to_string(),
        });
    }

    /// Records that a digest showed these papers (the first time counts).
    pub fn set_digested(&mut self, ids: &[String], now: &str) {
        self.change(Change::Digested {
            ids: ids.to_vec(),
            at: now.to_string(),
        });
    }

    /// Every recorded paper with its entry, by id.
    pub fn ids(&self) -> impl Iterator<Item = (&String, &Entry)> {
        self.papers.iter()
    }

    /// The whole state in its file format, for `papers state export`.
    pub fn to_json(&self) -> anyhow::Result<String> {
        let file = StateFile {
            version: STATE_VERSION,
            papers: self.papers.clone(),
            journal: Vec::new(),
        };
        Ok(serde_json::to_string_pretty(&file)?)
    }

    /// Merges an exported state: for every paper in it, its status, tags, note and times replace
    /// the ones recorded here. Returns how many papers it described.
    pub fn import_json(&mut self, text: &str) -> anyhow::Result<usize> {
        let file: StateFile =
            serde_json::from_str(text).context("not a triage state exported by `papers state export`")?;
        if file.version != STATE_VERSION {
            bail!(
                "the exported state has version {}, this version of papers reads {STATE_VERSION}",
                file.version
            );
        }
        let count = file.papers.len();
        self.change(Change::Import { papers: file.papers });
        Ok(count)
    }

    /// Writes the changes made since loading, if any: under the state lock, onto the file as it
    /// is now (other processes may have changed it meanwhile), to a temporary file that is synced,
    /// then renamed over the state file, then the directory is synced.
    pub fn save(&mut self) -> anyhow::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let directory = self.path.parent().context("the state file has no directory")?;
        let lock = StateLock::acquire(directory)?;
        remove_orphaned_temporaries(directory, &lock);
        let mut file = read_state_file(&self.path)?;
        let before: BTreeMap<String, Option<Entry>> = self
            .pending
            .iter()
            .flat_map(Change::papers)
            .map(|id| (id.clone(), file.papers.get(&id).cloned()))
            .collect();
        for change in &self.pending {
            apply(&mut file.papers, change);
        }
        if before.iter().any(|(id, old)| file.papers.get(id) != old.as_ref()) {
            file.journal.push(JournalItem {
                at: now(),
                what: describe(&self.pending),
                before,
            });
            let excess = file.journal.len().saturating_sub(JOURNAL_LENGTH);
            file.journal.drain(..excess);
        }
        write_atomically(&self.path, &file)?;
        self.papers = file.papers;
        self.pending.clear();
        Ok(())
    }

    /// Reverts the last saved change (by any process), restoring what it replaced, and returns
    /// it; `None` when there is nothing to undo. Changes not yet saved are saved first.
    pub fn undo(&mut self) -> anyhow::Result<Option<JournalItem>> {
        self.save()?;
        let directory = self.path.parent().context("the state file has no directory")?;
        let lock = StateLock::acquire(directory)?;
        remove_orphaned_temporaries(directory, &lock);
        let mut file = read_state_file(&self.path)?;
        let Some(item) = file.journal.pop() else {
            return Ok(None);
        };
        for (id, old) in &item.before {
            match old {
                Some(entry) => file.papers.insert(id.clone(), entry.clone()),
                None => file.papers.remove(id),
            };
        }
        write_atomically(&self.path, &file)?;
        self.papers = file.papers;
        Ok(Some(item))
    }

    /// Applies a change here and remembers it for `save`; true when it changed anything.
    fn change(&mut self, change: Change) -> bool {
        let changed = apply(&mut self.papers, &change);
        if changed {
            self.pending.push(change);
        }
        changed
    }
}

impl Change {
    /// The papers whose entries the change may alter (none for housekeeping).
    fn papers(&self) -> Vec<String> {
        match self {
            Change::ForgetArrivals | Change::Digested { .. } => Vec::new(),
            Change::Status { id, .. }
            | Change::AddTags { id, .. }
            | Change::RemoveTags { id, .. }
            | Change::Note { id, .. } => vec![id.clone()],
            Change::Import { papers } => papers.keys().cloned().collect(),
        }
    }
}

/// What a batch of changes did, in words, for `papers undo` to say what it reverts.
fn describe(changes: &[Change]) -> String {
    let papers = |count: usize| {
        if count == 1 {
            "1 paper".to_string()
        } else {
            format!("{count} papers")
        }
    };
    let counted = |c: &&Change| !matches!(c, Change::ForgetArrivals | Change::Digested { .. });
    let count = changes.iter().filter(counted).count();
    match changes.iter().find(counted) {
        Some(Change::Status { status, .. })
            if changes
                .iter()
                .all(|c| matches!(c, Change::Status { status: s, .. } if s == status)) =>
        {
            format!("marked {} as {}", papers(count), status.as_str())
        }
        Some(Change::AddTags { tags, .. }) if changes.iter().all(|c| matches!(c, Change::AddTags { .. })) => {
            format!("tagged {} {}", papers(count), tags.join(", "))
        }
        Some(Change::RemoveTags { tags, .. }) if changes.iter().all(|c| matches!(c, Change::RemoveTags { .. })) => {
            format!("untagged {} {}", papers(count), tags.join(", "))
        }
        Some(Change::Note { id, .. }) if count == 1 => format!("changed the note on {id}"),
        Some(Change::Import { papers: imported }) if count == 1 => {
            format!("imported the marks of {}", papers(imported.len()))
        }
        _ => format!("{count} changes"),
    }
}

/// Applies one change to a state; true when it changed anything.
fn apply(papers: &mut BTreeMap<String, Entry>, change: &Change) -> bool {
    match change {
        Change::ForgetArrivals => {
            let before = papers.len();
            let mut changed = false;
            for entry in papers.values_mut() {
                changed |= entry.first_seen.take().is_some();
            }
            papers.retain(|_, entry| *entry != Entry::default());
            changed || papers.len() != before
        }
        Change::Status { id, status, at } => {
            let entry = papers.entry(id.clone()).or_default();
            if entry.status == *status {
                return false;
            }
            entry.status = *status;
            entry.decided = Some(at.clone());
            true
        }
        Change::AddTags { id, tags } => {
            let entry = papers.entry(id.clone()).or_default();
            let before = entry.tags.len();
            for tag in tags {
                if !entry.tags.contains(tag) {
                    entry.tags.push(tag.clone());
                }
            }
            entry.tags.sort();
            entry.tags.len() != before
        }
        Change::RemoveTags { id, tags } => {
            let Some(entry) = papers.get_mut(id) else {
                return false;
            };
            let before = entry.tags.len();
            entry.tags.retain(|tag| !tags.contains(tag));
            entry.tags.len() != before
        }
        Change::Note { id, note } => {
            let entry = papers.entry(id.clone()).or_default();
            let note = (!note.trim().is_empty()).then(|| note.trim().to_string());
            if entry.note == note {
                return false;
            }
            entry.note = note;
            true
        }
        Change::Digested { ids, at } => {
            let mut changed = false;
            for id in ids {
                let entry = papers.entry(id.clone()).or_default();
                if entry.digested.is_none() {
                    entry.digested = Some(at.clone());
                    changed = true;
                }
            }
            changed
        }
        Change::Import { papers: imported } => {
            for (id, entry) in imported {
                papers.insert(id.clone(), entry.clone());
            }
            !imported.is_empty()
        }
    }
}

/// The papers recorded in a state file (none when it does not exist yet).
fn read_papers(path: &Path) -> anyhow::Result<BTreeMap<String, Entry>> {
    Ok(read_state_file(path)?.papers)
}

/// A state file as it is now (an empty one when it does not exist yet).
fn read_state_file(path: &Path) -> anyhow::Result<StateFile> {
    match std::fs::read(path) {
        Ok(bytes) => {
            let file: StateFile = serde_json::from_slice(&bytes)
                .with_context(|| format!("{} is damaged; restore it from a backup or an export", path.display()))?;
            if file.version != STATE_VERSION {
                bail!(
                    "{} has version {}, this version of papers reads {STATE_VERSION}",
                    path.display(),
                    file.version
                );
            }
            Ok(file)
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(StateFile {
            version: STATE_VERSION,
            papers: BTreeMap::new(),
            journal: Vec::new(),
        }),
        Err(error) => Err(anyhow::Error::new(error).context(format!("reading {}", path.display()))),
    }
}

/// Removes the temporary files that writers of the state and the profile left when they were
/// killed between creating one and renaming it into place. Both are written only under the state
/// lock, which the caller holds, so any such file that exists now is one nobody will finish.
pub(crate) fn remove_orphaned_temporaries(directory: &Path, _held: &StateLock) {
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let target = temporary_target(name);
        if target == Some(STATE_FILE) || target == Some(profile::PROFILE_FILE) {
            // Best effort: a file that cannot be removed now is tried again at the next save.
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The current time as RFC 3339 in UTC, to the second.
pub fn now() -> String {
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_survive_a_save_and_load() {
        let dir = tempfile::tempdir().unwrap();
        let mut state = TriageState::load(dir.path()).unwrap();
        state.set_status("a", Status::Starred, "2026-01-02T00:00:00Z");
        state.add_tags("a", &["ssl".into(), "vision".into(), "ssl".into()]);
        state.set_note("a", "  read the appendix ");
        state.save().unwrap();
        let loaded = TriageState::load(dir.path()).unwrap();
        let entry = loaded.entry("a");
        assert_eq!(entry.status, Status::Starred);
        assert_eq!(entry.tags, ["ssl", "vision"]);
        assert_eq!(entry.note.as_deref(), Some("read the appendix"));
        assert_eq!(loaded.status("unknown"), Status::New);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
        assert!(
            leftovers.iter().all(|name| name == STATE_FILE || name == LOCK_FILE),
            "no temporary files are left behind: {leftovers:?}"
        );
    }

    #[test]
    fn saving_replays_changes_onto_what_others_saved_meanwhile() {
        let dir = tempfile::tempdir().unwrap();
        let mut ingest = TriageState::load(dir.path()).unwrap();
        let mut person = TriageState::load(dir.path()).unwrap();
        ingest.add_tags("a", &["from-cron".into()]);
        person.set_status("a", Status::Starred, "2026-01-01T00:00:05Z");
        person.add_tags("b", &["later".into()]);
        person.save().unwrap();
        ingest.save().unwrap();
        let loaded = TriageState::load(dir.path()).unwrap();
        assert_eq!(
            loaded.status("a"),
            Status::Starred,
            "the stale copy did not overwrite it"
        );
        assert_eq!(loaded.entry("a").tags, ["from-cron"]);
        assert_eq!(loaded.entry("b").tags, ["later"]);
        assert_eq!(
            ingest.status("a"),
            Status::Starred,
            "a save also picks up the others' changes"
        );
    }

    #[test]
    fn undo_reverts_saves_last_first_across_processes_and_the_journal_stays_short() {
        let dir = tempfile::tempdir().unwrap();
        let mut mine = TriageState::load(dir.path()).unwrap();
        mine.set_status("a", Status::Starred, "t1");
        mine.add_tags("a", &["x".to_string()]);
        mine.save().unwrap();
        // Another process notes another paper afterwards: undo takes that back first.
        let mut other = TriageState::load(dir.path()).unwrap();
        other.set_note("b", "theirs");
        other.save().unwrap();
        assert_eq!(mine.undo().unwrap().unwrap().what, "changed the note on b");
        assert_eq!(TriageState::load(dir.path()).unwrap().entry("b"), Entry::default());
        assert_eq!(mine.undo().unwrap().unwrap().what, "2 changes");
        assert_eq!(TriageState::load(dir.path()).unwrap().ids().count(), 0);
        assert!(mine.undo().unwrap().is_none());
        // A save that changes nothing is nothing to undo.
        mine.set_status("a", Status::New, "t2");
        mine.save().unwrap();
        assert!(mine.undo().unwrap().is_none());

        for round in 0..(JOURNAL_LENGTH + 10) {
            mine.set_note("a", &format!("note {round}"));
            mine.save().unwrap();
        }
        let file = read_state_file(&dir.path().join(STATE_FILE)).unwrap();
        assert_eq!(file.journal.len(), JOURNAL_LENGTH);
        assert_eq!(
            file.journal[0].before["a"].as_ref().unwrap().note.as_deref(),
            Some("note 9")
        );
        // The export carries the marks, never the journal.
        assert!(!mine.to_json().unwrap().contains("journal"));
    }

    #[test]
    fn a_save_replaces_the_file_and_never_rewrites_it_in_place() {
        // A reader (or a crash) in the middle of a save sees a complete old or new file: the new
        // state arrives by rename, so an open handle to the old file still reads the old state.
        let dir = tempfile::tempdir().unwrap();
        let mut state = TriageState::load(dir.path()).unwrap();
        state.set_status("a", Status::Read, "2026-01-01T00:00:00Z");
        state.save().unwrap();
        let old_text = std::fs::read_to_string(dir.path().join(STATE_FILE)).unwrap();
        let mut old_handle = std::fs::File::open(dir.path().join(STATE_FILE)).unwrap();
        state.set_status("a", Status::Starred, "2026-01-02T00:00:00Z");
        state.save().unwrap();
        let mut seen_through_old_handle = String::new();
        std::io::Read::read_to_string(&mut old_handle, &mut seen_through_old_handle).unwrap();
        assert_eq!(seen_through_old_handle, old_text);
        assert_eq!(TriageState::load(dir.path()).unwrap().status("a"), Status::Starred);
    }

    #[test]
    fn a_save_removes_temporary_files_that_killed_writers_left() {
        let dir = tempfile::tempdir().unwrap();
        let orphans = [".triage.json.4242.tmp", ".profile.json.17.tmp"];
        for orphan in orphans {
            std::fs::write(dir.path().join(orphan), "{\"half\": ").unwrap();
        }
        let unrelated = [".notes.txt.1.tmp", "triage.json.5.tmp", "mine.tmp"];
        for name in unrelated {
            std::fs::write(dir.path().join(name), "keep").unwrap();
        }
        let mut state = TriageState::load(dir.path()).unwrap();
        state.set_status("a", Status::Read, "2026-01-01T00:00:00Z");
        state.save().unwrap();
        for orphan in orphans {
            assert!(!dir.path().join(orphan).exists(), "{orphan} was removed");
        }
        for name in unrelated {
            assert!(dir.path().join(name).exists(), "{name} is not papers' and stays");
        }
        assert_eq!(temporary_target(".triage.json.4242.tmp"), Some("triage.json"));
        assert_eq!(temporary_target(".triage.json.x.tmp"), None);
        assert_eq!(temporary_target(".tmp"), None);
    }

    #[test]
    fn a_damaged_state_file_is_an_error_not_a_reset() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(STATE_FILE), "{not json").unwrap();
        let error = TriageState::load(dir.path()).unwrap_err();
        assert!(format!("{error:#}").contains("is damaged"));
    }
}
