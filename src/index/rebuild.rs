//! Rebuilding an index from the records it stores: `papers reindex`.
//!
//! Every document keeps its full record as JSON, so an index built by another version of
//! `papers` (another schema, other analyzers, older extraction) can be rebuilt without the dumps
//! it came from. Extraction runs again on each record, so the rebuilt index also carries this
//! version's topics, methods and datasets. Ids are kept, so whatever is kept beside the index by
//! id stays attached to its papers.
//!
//! The rebuild must never leave the user without an index. The new index is built in a staging
//! directory inside the index directory while the old one stays untouched and locked against
//! writers; then the new segment files are moved in beside the old ones (their names are unique),
//! and renaming the new `meta.json` over the old one switches from one to the other in a single
//! atomic step. A crash before that step leaves the old index, after it the new one; files of the
//! other are listed in tantivy's `.managed.json` so its garbage collection removes them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context};
use serde::Deserialize;
use tantivy::directory::error::LockError;
use tantivy::schema::Value;
use tantivy::{DocAddress, Index, TantivyDocument, TantivyError};

use super::failure::damaged;
use super::marker::{read_marker, write_marker};
use super::schema::{self, names};
use super::{IndexError, PaperIndex, TANTIVY_META_FILE};
use crate::floor::interrupt::{self, Interrupted};
use crate::record::{Details, Metadata, Paper, Source};

/// Staging directory for the new index, inside the index directory.
pub(crate) const STAGING_DIR: &str = ".papers-reindex";
/// tantivy's list of the files it created (and may delete).
const MANAGED_FILE: &str = crate::floor::data_dir::TANTIVY_MANAGED_FILE;

/// What a rebuild did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RebuildReport {
    /// Papers in the rebuilt index.
    pub papers: u64,
    /// Records merged into another of the same id (duplicates an older version could leave).
    pub merged: u64,
    pub from_schema: u32,
    pub to_schema: u32,
}

/// More papers for a rebuild, read again from what they came from (the API responses `pull`
/// kept): each is handed to the callback, and merged with its stored record as ingest merges.
pub type MoreSightings<'a> = &'a mut dyn FnMut(&mut dyn FnMut(Paper) -> anyhow::Result<()>) -> anyhow::Result<()>;

/// When a paper first arrived, for an index older than the `first_seen` column (schema 5), which
/// kept arrival times elsewhere: given the paper's id, an RFC 3339 time or `None`.
pub type EarlierArrival<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Rebuilds the index at `path` from its stored records with this version's schema, then merges
/// in what `more` reads again. Arrival times come from the index's `first_seen` column, or from
/// `earlier_arrival` for an index that predates it.
pub fn rebuild(
    path: &Path,
    earlier_arrival: EarlierArrival<'_>,
    more: MoreSightings<'_>,
) -> anyhow::Result<RebuildReport> {
    let marker = read_marker(path)?;
    let old = Index::open_in_dir(path).map_err(|error| damaged(path, &error))?;
    // Holding the old index's writer lock keeps ingests out until the switch is done.
    let _old_writer: tantivy::IndexWriter<TantivyDocument> =
        old.writer_with_num_threads(1, 15_000_000)
            .map_err(|error| match error {
                TantivyError::LockFailure(LockError::LockBusy, _) => anyhow::Error::new(IndexError::Busy(path.into())),
                other => damaged(path, &other),
            })?;
    let record_field = old.schema().get_field(names::RECORD).map_err(|_| {
        anyhow!(
            "the index at {} stores no records to rebuild from; ingest your dumps again into a new --index directory",
            path.display()
        )
    })?;
    let searcher = old.reader().map_err(|error| damaged(path, &error))?.searcher();
    // Arrival times: a first_seen column (schema 5 on), or what the caller kept (before).
    let has_first_seen = old.schema().get_field(names::FIRST_SEEN).is_ok();

    interrupt::watch();
    let staging = path.join(STAGING_DIR);
    if staging.exists() {
        // Left by an interrupted rebuild; only papers creates this directory.
        std::fs::remove_dir_all(&staging).with_context(|| format!("removing {}", staging.display()))?;
    }
    std::fs::create_dir(&staging).with_context(|| format!("creating {}", staging.display()))?;
    let built = (|| -> anyhow::Result<(u64, u64)> {
        let new =
            schema::create_index(&staging).with_context(|| format!("creating an index in {}", staging.display()))?;
        let new = PaperIndex::from_index(&staging, new)?;
        let mut upserter = new.upserter()?;
        let mut papers = 0;
        let mut merged = 0;
        for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
            let first_seen_column = if has_first_seen {
                Some(
                    segment
                        .fast_fields()
                        .date(names::FIRST_SEEN)
                        .map_err(|error| damaged(path, &error))?,
                )
            } else {
                None
            };
            for doc_id in segment.doc_ids_alive() {
                if interrupt::requested() {
                    bail!(Interrupted(
                        "the index was not changed; run `papers reindex` again to rebuild it".to_string()
                    ));
                }
                let address = DocAddress::new(segment_ord as u32, doc_id);
                let document: TantivyDocument = searcher.doc(address).map_err(|error| damaged(path, &error))?;
                let json = document
                    .get_first(record_field)
                    .and_then(|value| value.as_str())
                    .ok_or_else(|| anyhow!("a document in the index at {} has no stored record", path.display()))?;
                let paper = refreshed(json)?;
                let arrived = match &first_seen_column {
                    Some(column) => column.first(doc_id),
                    None => earlier_arrival(&paper.id).as_deref().and_then(parse_rfc3339),
                };
                // A second record of an id is compared with the first and merged into it, the
                // way ingest merges a second sighting: a rebuild stores each paper once.
                match upserter.upsert_arrived(paper, arrived)? {
                    super::UpsertOutcome::Added => papers += 1,
                    super::UpsertOutcome::Updated | super::UpsertOutcome::Unchanged => merged += 1,
                }
            }
        }
        more(&mut |paper| {
            if interrupt::requested() {
                bail!(Interrupted(
                    "the index was not changed; run `papers reindex` again to rebuild it".to_string()
                ));
            }
            if upserter.upsert(paper)? == super::UpsertOutcome::Added {
                papers += 1;
            }
            Ok(())
        })?;
        upserter.commit()?;
        Ok((papers, merged))
    })();
    let (papers, merged) = match built {
        Ok(counts) => counts,
        Err(error) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(error);
        }
    };
    switch_to_staged(path, &staging)?;
    write_marker(path)?;
    std::fs::remove_dir_all(&staging).with_context(|| format!("removing {}", staging.display()))?;
    Ok(RebuildReport {
        papers,
        merged,
        from_schema: marker.schema_version,
        to_schema: schema::SCHEMA_VERSION,
    })
}

/// What a rebuild needs of a stored record: what was read from the dump. Everything derived
/// (links, topics, methods, datasets, introduced names) is computed again, so records written by
/// versions that derived less, or differently, still load.
#[derive(Deserialize)]
struct StoredRecord {
    id: String,
    title: String,
    #[serde(rename = "abstract")]
    abstract_text: String,
    #[serde(default)]
    authors: Option<u32>,
    #[serde(default, with = "crate::record::iso_date")]
    date: Option<time::Date>,
    #[serde(default)]
    upvotes: Option<u64>,
    #[serde(default)]
    comments: Option<u64>,
    #[serde(default)]
    stars: Option<u64>,
    #[serde(default)]
    github: Option<String>,
    #[serde(default)]
    arxiv_id: Option<String>,
    #[serde(default)]
    author_names: Vec<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    organization: Option<String>,
    #[serde(default)]
    project_page: Option<String>,
    source: Source,
}

/// A stored record, its derived fields computed again by this version; the id is kept.
fn refreshed(json: &str) -> anyhow::Result<Paper> {
    let stored: StoredRecord = serde_json::from_str(json).context("a stored record in the index cannot be read")?;
    let metadata = Metadata {
        authors: stored.authors,
        date: stored.date,
        upvotes: stored.upvotes,
    };
    let mut paper = Paper::new(stored.title, stored.abstract_text, metadata, stored.source);
    paper.set_details(Details {
        comments: stored.comments,
        stars: stored.stars,
        github: stored.github,
        arxiv_id: stored.arxiv_id,
        author_names: stored.author_names,
        summary: stored.summary,
        keywords: stored.keywords,
        organization: stored.organization,
        project_page: stored.project_page,
    });
    paper.id = stored.id;
    Ok(paper)
}

fn parse_rfc3339(text: &str) -> Option<tantivy::DateTime> {
    let moment = time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()?;
    Some(tantivy::DateTime::from_timestamp_secs(moment.unix_timestamp()))
}

/// Moves the staged index into `path` and switches to it (see the module comment).
fn switch_to_staged(path: &Path, staging: &Path) -> anyhow::Result<()> {
    let old_files = managed_files(path)?;
    let new_files = managed_files(staging)?;
    // Until the switch both sets are tantivy's; whichever meta.json wins, the other set is garbage
    // its collector may delete. The list is written before any file moves in, so a crash while
    // they move leaves no file the collector does not know about.
    let both: BTreeSet<String> = old_files.union(&new_files).cloned().collect();
    write_managed_files(path, &both)?;
    for name in new_files.iter().filter(|name| *name != TANTIVY_META_FILE) {
        rename(&staging.join(name), &path.join(name))?;
    }
    // Until `reindex` files the rebuilt papers' names, none counts as filed: were it stopped
    // after the switch, the next ingest files every learned name.
    super::FiledNames::default().write_to(path)?;
    rename(&staging.join(TANTIVY_META_FILE), &path.join(TANTIVY_META_FILE))?;
    sync_dir(path);
    for name in old_files.difference(&new_files) {
        if name != TANTIVY_META_FILE {
            let _ = std::fs::remove_file(path.join(name));
        }
    }
    write_managed_files(path, &new_files)?;
    Ok(())
}

fn managed_files(dir: &Path) -> anyhow::Result<BTreeSet<String>> {
    let file = dir.join(MANAGED_FILE);
    let text = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is damaged", file.display()))
}

fn write_managed_files(dir: &Path, names: &BTreeSet<String>) -> anyhow::Result<()> {
    crate::floor::atomic_file::write_atomically(&dir.join(MANAGED_FILE), names)
}

fn rename(from: &PathBuf, to: &PathBuf) -> anyhow::Result<()> {
    std::fs::rename(from, to).with_context(|| format!("moving {} to {}", from.display(), to.display()))
}

fn sync_dir(path: &Path) {
    if let Ok(dir) = std::fs::File::open(path) {
        let _ = dir.sync_all();
    }
}
