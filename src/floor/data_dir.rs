//! The names of the files `papers` keeps in its data directory (the `--index` directory), in one
//! table.
//!
//! Why here: the directory is shared by layers that must not know each other — the index owns
//! its marker, tantivy's files and the latent model; triage owns the decisions, the profile and
//! their lock — yet some checks concern the directory as a whole: whether a directory without a
//! marker is still "empty" (only state files in it), and which temporary files `doctor` may
//! treat as leftovers. Each owner takes its names from here, so the names exist once.

/// The index's marker: this directory belongs to papers, and which schema built the index.
pub const MARKER_FILE: &str = "papers-index.json";
/// tantivy's list of segments.
pub const TANTIVY_META_FILE: &str = "meta.json";
/// tantivy's list of the files it manages.
pub const TANTIVY_MANAGED_FILE: &str = ".managed.json";
/// The latent layer's paper and term vectors.
pub const LATENT_FILE: &str = "latent.bin";
/// The learned names filed before an ingest whose own names may not be filed yet.
pub const UNFILED_FILE: &str = "learned-unfiled.json";
/// The researcher's decisions: statuses, tags, notes.
pub const STATE_FILE: &str = "triage.json";
/// The researcher's interests, for the inbox.
pub const PROFILE_FILE: &str = "profile.json";
/// The lock that serialises writes of the state and profile.
pub const STATE_LOCK_FILE: &str = "triage.lock";

/// The state files that may be in a directory before its marker: versions before the marker
/// wrote them first, so such a directory still counts as empty.
pub const COMPANION_FILES: [&str; 3] = [STATE_FILE, PROFILE_FILE, STATE_LOCK_FILE];

/// The files replaced through [`super::atomic_file`] (or by tantivy the same way), whose
/// `.NAME.PID.tmp` temporaries an interrupted run can leave behind.
pub const ATOMICALLY_REPLACED: [&str; 7] = [
    STATE_FILE,
    PROFILE_FILE,
    MARKER_FILE,
    TANTIVY_MANAGED_FILE,
    TANTIVY_META_FILE,
    LATENT_FILE,
    UNFILED_FILE,
];

/// Refuses a data directory that is a regular file, in the words every command uses for it
/// (opening a file inside it would fail with the operating system's "Not a directory").
pub fn refuse_file(path: &std::path::Path) -> anyhow::Result<()> {
    if path.is_file() {
        anyhow::bail!("{} is a file, not an index directory", path.display());
    }
    Ok(())
}
