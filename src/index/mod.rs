//! The local index: a tantivy index in a directory of its own (see [`marker`] for how a
//! directory is claimed), opened, looked up and written through [`PaperIndex`].
//!
//! One module per part: the schema and analyzers, the writer (upserts), search, similar papers,
//! facets, the latent layer, rebuilding, and the failures tantivy reports, explained.

mod analyzer;
mod coverage;
mod docsets;
mod facets;
pub(crate) mod failure;
mod features;
pub(crate) mod files;
mod latent;
pub(crate) mod learning;
pub(crate) mod marker;
mod merging;
#[cfg(test)]
mod proptests;
pub(crate) mod read_only;
pub(crate) mod rebuild;
mod schema;
mod search;
mod similar;
mod typos;
mod writer;

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use tantivy::directory::error::LockError;
use tantivy::query::{RegexQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, TantivyError, Term};

use crate::record::Paper;
use failure::{damaged, explain};

pub use crate::query_limits::{
    check_query, quoted as quoted_query, QueryLimitError, MAX_QUERY_CHARS, MAX_QUERY_NESTING,
};
pub use docsets::{DocSignals, Keyword};
pub use facets::{EntityField, FacetCount, FacetField};
pub use failure::StorageCause;
pub use features::{on_threads, Feature, FeatureId, FeatureKind, FeatureSpace, PaperTerms};
pub use latent::{LatentModel, Refresh as LatentRefresh, MIN_PAPERS as LATENT_MIN_PAPERS};
pub use learning::{FiledNames, UNFILED_FILE};
pub use rebuild::{rebuild, RebuildReport};
pub use schema::{names as field_names, SCHEMA_VERSION};
pub use search::{Filters, Hit, Ranker, SearchOutcome, SearchRequest, SortOrder};
pub use typos::{edit_distance, Correction};
pub use writer::{CommittedView, IngestCounts, Previous, UpsertOutcome, Upserter};

pub use marker::claim_directory;
use marker::{check_marker, is_empty_dir, write_marker, MARKER_FILE};
use schema::Fields;

/// tantivy indexing threads for ingest. One: with more, documents land in segments in whatever
/// order the threads take them, so papers that tie (same date, same score) would come out in a
/// different order after each ingest. A second thread would make ingest faster on a
/// machine with cores to spare; stable output is worth more.
const INDEXING_THREADS: usize = 1;
/// tantivy's in-memory buffer per indexing thread before it writes a segment. Writing a segment
/// stops indexing for about half a second at 100,000 papers, and the last one is written while
/// the other core has nothing left to do: 128 MiB (two segments at 100,000 papers instead of
/// three) ingests them about 0.3 s faster than 64 MiB, and no faster than 192 or 256 MiB; peak
/// memory stays where the latent fit after the commit puts it (about 410 MB either way).
const INDEXING_MEMORY_PER_THREAD: usize = 128 * 1024 * 1024;

/// Merges running at once. One: each merge reads its segments through memory maps, which count
/// as resident memory while it runs, and a 2-core machine has no core to spare for a second.
const MERGE_THREADS: usize = 1;

/// The file tantivy writes once an index exists.
pub const TANTIVY_META_FILE: &str = crate::floor::data_dir::TANTIVY_META_FILE;

/// Errors callers branch on.
#[derive(Debug)]
pub enum IndexError {
    /// No index exists at the path yet.
    Missing(PathBuf),
    /// Another process holds the writer lock.
    Busy(PathBuf),
}

impl std::fmt::Display for IndexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IndexError::Missing(path) => {
                write!(f, "no index at {}; run `papers ingest FILE` first", path.display())
            }
            IndexError::Busy(path) => {
                write!(
                    f,
                    "index is busy: another papers process is writing to {}; try again later or pass --wait",
                    path.display()
                )
            }
        }
    }
}

impl std::error::Error for IndexError {}

/// An open index.
pub struct PaperIndex {
    path: PathBuf,
    index: Index,
    fields: Fields,
    reader: IndexReader,
    query_tokenizers: tantivy::tokenizer::TokenizerManager,
}

/// Where a paper lives in the index.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Located {
    pub address: DocAddress,
}

/// The result of resolving an id or id prefix.
#[derive(Debug)]
pub enum Lookup {
    Found(Box<Paper>),
    NotFound,
    Ambiguous(Vec<String>),
    /// A prefix shorter than [`crate::record::MIN_ID_PREFIX`] that only this paper's id starts
    /// with: not taken as naming it, so that a short word ("3d", "rl") never names a paper by luck.
    TooShort(String),
}

impl PaperIndex {
    /// Opens an existing index.
    pub fn open(path: &Path) -> anyhow::Result<PaperIndex> {
        if !path.join(MARKER_FILE).exists() {
            if !path.exists() || is_empty_dir(path)? {
                return Err(IndexError::Missing(path.to_path_buf()).into());
            }
            bail!(
                "{} is not a papers index (it has no {MARKER_FILE}); pass another --index directory",
                path.display()
            );
        }
        check_marker(path)?;
        if !path.join(TANTIVY_META_FILE).exists() {
            return Err(IndexError::Missing(path.to_path_buf()).into());
        }
        let index = if read_only::is_unwritable(path) {
            let directory = read_only::ReadOnlyDirectory::open(path).map_err(|error| damaged(path, &error))?;
            Index::open(directory)
        } else {
            Index::open_in_dir(path)
        }
        .map_err(|error| damaged(path, &error))?;
        Self::from_index(path, index)
    }

    /// Opens the index, creating it when the directory does not exist or is empty.
    ///
    /// The marker is written before tantivy's files, so a directory interrupted while being
    /// created is still recognised as ours and completed by the next run.
    pub fn open_or_create(path: &Path) -> anyhow::Result<PaperIndex> {
        let marker_path = path.join(MARKER_FILE);
        if marker_path.exists() {
            check_marker(path)?;
            if path.join(TANTIVY_META_FILE).exists() {
                return Self::open(path);
            }
            if let Some(segment_file) = files::segment_files(path)?.into_iter().next() {
                bail!(
                    "the index at {} has lost its {TANTIVY_META_FILE} (the list of its segments) but still holds \
                     segment files such as {segment_file}; papers will not start a new index over them. Restore \
                     {TANTIVY_META_FILE} from a backup, or move the directory away and ingest your dumps again \
                     (`papers doctor` shows what is there)",
                    path.display()
                );
            }
        } else {
            if path.exists() && !is_empty_dir(path)? {
                bail!(
                    "{} is not a papers index and not empty; papers only creates an index in a new or empty directory",
                    path.display()
                );
            }
            std::fs::create_dir_all(path)
                .with_context(|| format!("creating the index directory {}", path.display()))
                .map_err(|error| failure::explain_file_write(path, path, error))?;
            write_marker(path)?;
        }
        let index = match schema::create_index(path) {
            Ok(index) => index,
            // Another papers process created it a moment ago: use theirs.
            Err(TantivyError::IndexAlreadyExists) => return Self::open(path),
            Err(error) => return Err(explain(path, "creating", &error)),
        };
        Self::from_index(path, index)
    }

    fn from_index(path: &Path, index: Index) -> anyhow::Result<PaperIndex> {
        schema::register_analyzers(&index);
        let fields = Fields::resolve(&index.schema())
            .with_context(|| format!("the index at {} lacks fields this version needs", path.display()))?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|error| damaged(path, &error))?;
        Ok(PaperIndex {
            path: path.to_path_buf(),
            index,
            fields,
            reader,
            query_tokenizers: analyzer::query_tokenizers(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A searcher over the last committed state.
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Number of papers after picking up the latest commit.
    pub fn refreshed_len(&self) -> anyhow::Result<u64> {
        self.reader.reload().context("reloading the index")?;
        Ok(self.searcher().num_docs())
    }

    /// Waits until no other process holds the writer lock of the index at `path` (calling
    /// `on_wait` once if it has to wait). The caller then opens the index afresh and takes the
    /// lock: tantivy keeps the list of files it manages in memory from the moment an index is
    /// opened, so a handle opened before another writer ran would forget that writer's files (and
    /// write the list back without them).
    pub fn wait_for_writers(path: &Path, on_wait: impl FnOnce()) -> anyhow::Result<()> {
        let lock_path = path.join(tantivy::directory::INDEX_WRITER_LOCK.filepath.as_path());
        let mut on_wait = Some(on_wait);
        loop {
            let held = match std::fs::File::open(&lock_path) {
                // tantivy's writer lock is an advisory lock on this file, as std takes it.
                Ok(file) => matches!(file.try_lock_shared(), Err(std::fs::TryLockError::WouldBlock)),
                Err(_) => false,
            };
            if !held {
                return Ok(());
            }
            if let Some(notify) = on_wait.take() {
                notify();
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }

    /// Starts a batch of inserts and updates; nothing is visible until it is committed. Fails
    /// with [`IndexError::Busy`] when another process is writing.
    pub fn upserter(&self) -> anyhow::Result<Upserter<'_>> {
        let writer = self
            .index
            .writer_with_options(
                tantivy::indexer::IndexWriterOptions::builder()
                    .num_worker_threads(INDEXING_THREADS)
                    .memory_budget_per_thread(INDEXING_MEMORY_PER_THREAD)
                    .num_merge_threads(MERGE_THREADS)
                    .build(),
            )
            .map_err(|error| match error {
                TantivyError::LockFailure(LockError::LockBusy, _) => {
                    anyhow::Error::new(IndexError::Busy(self.path.clone()))
                }
                other => explain(&self.path, "opening for writing", &other),
            })?;
        // Whoever held the lock before may have committed since this handle was opened: compare
        // sightings with what is committed now, or every paper they added is added again.
        self.reader.reload().map_err(|error| damaged(&self.path, &error))?;
        // Files an interrupted commit or a failed ingest left behind (a half-written segment, a
        // delete file whose name the next commit would need) are removed before writing anew.
        writer
            .garbage_collect_files()
            .wait()
            .map_err(|error| explain(&self.path, "cleaning up", &error))?;
        // What tantivy did not know it had written (it lists a file before creating it, so this is
        // only a backstop): no other writer runs while this one holds the lock, so a segment file
        // the committed segment list does not name is no one's.
        let committed = self.index.load_metas().map_err(|error| damaged(&self.path, &error))?;
        files::remove_unlisted_segment_files(&self.path, &committed)?;
        writer.set_merge_policy(Box::new(merging::CappedMergePolicy::default()));
        Upserter::new(self, writer)
    }

    /// Finds a paper by its full id or an unambiguous prefix of it.
    pub fn lookup(&self, id_or_prefix: &str) -> anyhow::Result<Lookup> {
        let wanted = id_or_prefix.trim().to_ascii_lowercase();
        if wanted.is_empty() {
            return Ok(Lookup::NotFound);
        }
        let searcher = self.searcher();
        if let Some(found) = self.locate(&searcher, &wanted)? {
            return Ok(Lookup::Found(Box::new(self.read_paper(&searcher, found.address)?)));
        }
        if let Some(arxiv_id) = arxiv_id_in(&wanted) {
            let query = TermQuery::new(
                Term::from_field_text(self.fields.arxiv_id, &arxiv_id),
                IndexRecordOption::Basic,
            );
            let hits = searcher.search(&query, &tantivy::collector::TopDocs::with_limit(1).order_by_score())?;
            return Ok(match hits.first() {
                Some((_, address)) => Lookup::Found(Box::new(self.read_paper(&searcher, *address)?)),
                None => Lookup::NotFound,
            });
        }
        let pattern = format!("{}.*", regex::escape(&wanted));
        let query = RegexQuery::from_pattern(&pattern, self.fields.id)?;
        let hits = searcher.search(&query, &tantivy::collector::TopDocs::with_limit(6).order_by_score())?;
        match hits.as_slice() {
            [] => Ok(Lookup::NotFound),
            [(_, address)] if wanted.len() < crate::record::MIN_ID_PREFIX => {
                Ok(Lookup::TooShort(self.read_paper(&searcher, *address)?.id))
            }
            [(_, address)] => Ok(Lookup::Found(Box::new(self.read_paper(&searcher, *address)?))),
            many => {
                let mut ids = many
                    .iter()
                    .map(|(_, address)| self.read_paper(&searcher, *address).map(|paper| paper.id))
                    .collect::<anyhow::Result<Vec<_>>>()?;
                ids.sort();
                Ok(Lookup::Ambiguous(ids))
            }
        }
    }

    /// Where the paper with exactly this id is, in the given searcher's view.
    pub(crate) fn locate(&self, searcher: &Searcher, id: &str) -> anyhow::Result<Option<Located>> {
        Ok(locate(searcher, &self.fields, id)?.map(|address| Located { address }))
    }

    /// The stored record of a document.
    pub(crate) fn read_paper(&self, searcher: &Searcher, address: DocAddress) -> anyhow::Result<Paper> {
        read_record(searcher, &self.fields, address)
    }

    /// The paper with this id or unambiguous id prefix, or an error that says what to do instead.
    pub fn find(&self, id: &str) -> anyhow::Result<Box<Paper>> {
        match self.lookup(id)? {
            Lookup::Found(paper) => Ok(paper),
            Lookup::NotFound if arxiv_id_in(id).is_some() => {
                bail!("no paper with arXiv id '{id}' in the index; ingest the API's JSON or a rendering that links it")
            }
            Lookup::NotFound if !crate::record::is_id_like(id) => {
                bail!(
                    "'{id}' is not a paper id (ids look like f9zwrgn90s); to find papers by words, use `papers search`"
                )
            }
            Lookup::NotFound => bail!("no paper with id '{id}'; `papers search` shows ids"),
            Lookup::TooShort(full) => bail!(
                "id prefix '{id}' is too short to name a paper; give at least {} characters (it would be {full})",
                crate::record::MIN_ID_PREFIX
            ),
            Lookup::Ambiguous(ids) => {
                let shown = if ids.len() > 5 {
                    format!("{}, …", ids[..5].join(", "))
                } else {
                    ids.join(", ")
                };
                bail!("id prefix '{id}' matches several papers ({shown}); type more of it")
            }
        }
    }

    /// Upserts every paper in one commit and makes them visible to this handle's searches (for
    /// tests, benchmarks and fuzzing; `papers ingest` pipelines the same steps).
    pub fn upsert_all(&self, papers: impl IntoIterator<Item = Paper>) -> anyhow::Result<()> {
        let mut upserter = self.upserter()?;
        for paper in papers {
            upserter.upsert(paper)?;
        }
        upserter.commit()?;
        self.refresh_latent()?;
        Ok(())
    }

    /// The last committed state, for comparisons from any thread.
    pub fn committed_view(&self) -> anyhow::Result<CommittedView> {
        CommittedView::new(self.searcher(), self.fields.clone())
    }
}

/// The error for a library error reading the index at `path` that no caller translated.
pub fn unreadable(path: &Path, error: &TantivyError) -> anyhow::Error {
    damaged(path, error)
}

/// The error for an index whose `files` fail their checksums.
pub fn damaged_index_error(path: &Path, files: &[String]) -> anyhow::Error {
    failure::damaged_with(path, &format!("{} fail their checksums", files.join(", ")))
}

/// The files of the index's current segments whose contents fail tantivy's checksum.
pub fn damaged_files(path: &Path) -> anyhow::Result<Vec<String>> {
    let index = Index::open_in_dir(path).map_err(|error| damaged(path, &error))?;
    let checked = crate::floor::panics::catching(|| index.validate_checksum())
        .map_err(|report| anyhow::anyhow!("checking the index's files stopped: {}", report.message))?;
    let mut files: Vec<String> = checked
        .map_err(|error| damaged(path, &error))?
        .into_iter()
        .map(|file| file.display().to_string())
        .collect();
    files.sort();
    Ok(files)
}

/// Where the paper with exactly this id is, in the given searcher's view.
fn locate(searcher: &Searcher, fields: &Fields, id: &str) -> anyhow::Result<Option<DocAddress>> {
    let query = TermQuery::new(Term::from_field_text(fields.id, id), IndexRecordOption::Basic);
    let hits = searcher.search(&query, &tantivy::collector::TopDocs::with_limit(1).order_by_score())?;
    Ok(hits.first().map(|(_, address)| *address))
}

/// The stored record of a document.
fn read_record(searcher: &Searcher, fields: &Fields, address: DocAddress) -> anyhow::Result<Paper> {
    record_of(&searcher.doc(address)?, fields)
}

/// The record a stored document holds.
fn record_of(document: &TantivyDocument, fields: &Fields) -> anyhow::Result<Paper> {
    let json = document
        .get_first(fields.record)
        .and_then(|value| value.as_str())
        .context("a document in the index has no stored record; the index may be damaged")?;
    serde_json::from_str(json).context("a stored record in the index cannot be read; the index may be damaged")
}

/// The arXiv id a user's text names: `2408.10906`, `2408.10906v2`, `arxiv:2408.10906`, or a link
/// to the paper on arXiv or Hugging Face. Papers are also found by it wherever an id is asked for.
pub fn arxiv_id_in(text: &str) -> Option<String> {
    static ARXIV: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"^(?:arxiv:|(?:https?://)?(?:www\.)?(?:arxiv\.org/(?:abs|pdf)/|(?:huggingface\.co|hf\.co)/papers/))?(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?/?(?:#\S*)?$",
        )
        .expect("valid arXiv id pattern")
    });
    ARXIV.captures(text.trim()).map(|captures| captures[1].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Metadata, Source};

    fn paper(title: &str, arxiv_id: Option<&str>) -> Paper {
        let mut paper = Paper::new(
            title.to_string(),
            format!("An abstract about {title}."),
            Metadata::default(),
            Source {
                file: "dump.txt".into(),
                line: 1,
            },
        );
        paper.arxiv_id = arxiv_id.map(str::to_string);
        paper
    }

    #[test]
    fn opening_a_directory_without_an_index_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let Err(error) = PaperIndex::open(&dir.path().join("none")) else {
            panic!("opened an index that does not exist");
        };
        assert!(matches!(
            error.downcast_ref::<IndexError>(),
            Some(IndexError::Missing(_))
        ));
        assert!(
            error.to_string().ends_with("; run `papers ingest FILE` first"),
            "{error}"
        );
        // Created, but nothing ingested yet: still missing for readers.
        let created = dir.path().join("created");
        claim_directory(&created).unwrap();
        let Err(error) = PaperIndex::open(&created) else {
            panic!("opened an index with nothing ingested");
        };
        assert!(matches!(
            error.downcast_ref::<IndexError>(),
            Some(IndexError::Missing(_))
        ));
    }

    #[test]
    fn papers_are_found_by_id_prefix_and_arxiv_id_and_misses_say_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let index = PaperIndex::open_or_create(dir.path()).unwrap();
        let first = paper("Sparse Attention for Long Documents", Some("2401.01234"));
        let second = paper("Dense Retrieval at Scale", None);
        index.upsert_all([first.clone(), second.clone()]).unwrap();
        let index = PaperIndex::open(dir.path()).unwrap();

        assert_eq!(index.find(&first.id).unwrap().title, first.title);
        assert_eq!(index.find(&second.id[..5]).unwrap().title, second.title);
        assert_eq!(index.find("arxiv:2401.01234v2").unwrap().id, first.id);
        assert_eq!(index.find("https://arxiv.org/abs/2401.01234").unwrap().id, first.id);

        let short = &first.id[..2];
        if second.id.starts_with(short) {
            assert!(matches!(index.lookup(short).unwrap(), Lookup::Ambiguous(_)));
        } else {
            assert!(matches!(index.lookup(short).unwrap(), Lookup::TooShort(ref id) if *id == first.id));
            let error = index.find(short).unwrap_err().to_string();
            assert!(error.contains("is too short to name a paper"), "{error}");
        }
        let error = index.find("2409.99999").unwrap_err().to_string();
        assert!(error.starts_with("no paper with arXiv id '2409.99999'"), "{error}");
        let error = index.find("sparse attention").unwrap_err().to_string();
        assert!(error.contains("is not a paper id"), "{error}");
        assert!(matches!(index.lookup("").unwrap(), Lookup::NotFound));
    }

    #[test]
    fn arxiv_ids_are_read_from_every_way_of_writing_them() {
        for text in [
            "2408.10906",
            "2408.10906v2",
            "arxiv:2408.10906",
            "https://arxiv.org/pdf/2408.10906v1.pdf",
            "huggingface.co/papers/2408.10906",
            " https://hf.co/papers/2408.10906#community ",
        ] {
            assert_eq!(arxiv_id_in(text).as_deref(), Some("2408.10906"), "{text}");
        }
        assert_eq!(arxiv_id_in("f9zwrgn90s"), None);
        assert_eq!(arxiv_id_in("see 2408.10906"), None);
    }
}
