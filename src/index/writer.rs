//! Inserting and updating papers: the upsert behind `papers ingest`.
//!
//! A paper is identified by its id. Each sighting is compared with what the index (or an earlier
//! sighting in the same run) already holds by a fingerprint of what the dump said about it (see
//! [`Paper::content_fingerprint`]): equal means unchanged and nothing is written; different means
//! the document is replaced. [`CommittedView`] makes the same comparison available before
//! extraction, so unchanged papers cost a lookup and nothing more. A
//! sighting without a metadata block keeps the metadata an earlier sighting had. Everything is
//! written in one commit, so an interrupted ingest leaves the index as it was.

use std::collections::HashMap;

use anyhow::Context;
use tantivy::schema::TantivyDocument;
use tantivy::{IndexWriter, Searcher, Term};

use super::schema::{date_value, keyword_term_text, names, Fields};
use super::{failure, locate, read_record, PaperIndex};
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;

use crate::record::{id_key, Details, Metadata, Paper, Present};

/// What an upsert did with one sighting of a paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpsertOutcome {
    Added,
    Updated,
    Unchanged,
}

/// Totals of one ingest.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct IngestCounts {
    pub parsed: u64,
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Warnings printed: input the parser skipped or repaired, and steps after the commit that
    /// failed (filing learned names, the latent layer, ranking for the inbox).
    pub warnings: u64,
    /// How many of the added papers land in the triage inbox's "read first" bucket.
    pub read_first: u64,
    /// Names the index learned from this ingest's papers (see `papers entities --learned`).
    pub learned: u64,
    /// Papers rewritten because they mention a newly learned name.
    pub refiled: u64,
}

impl IngestCounts {
    pub fn record(&mut self, outcome: UpsertOutcome) {
        self.parsed += 1;
        match outcome {
            UpsertOutcome::Added => self.added += 1,
            UpsertOutcome::Updated => self.updated += 1,
            UpsertOutcome::Unchanged => self.unchanged += 1,
        }
    }
}

/// What the index (or this run) holds for an id: enough to tell whether a sighting changes it.
#[derive(Debug, Clone)]
pub struct Previous {
    pub fingerprint: u64,
    /// When the paper first arrived in the index.
    pub first_seen: Option<tantivy::DateTime>,
    /// Which optional parts the held record has.
    pub present: Present,
    pub held: Held,
}

/// What is kept of the held record for filling a sighting's gaps.
#[derive(Debug, Clone)]
pub enum Held {
    /// Nothing: the sighting lacks no part the record has.
    Nothing,
    /// The committed record, read because the sighting lacks a part of it.
    Record(Box<Paper>),
    /// What this run wrote, without its text (a few dozen bytes per paper).
    Written {
        metadata: Metadata,
        details: Option<Box<Details>>,
    },
}

impl Previous {
    /// Completes a sighting with what the held record has and the sighting lacks. False when a
    /// part stays missing: an abstract that only an earlier sighting of this same run had (the
    /// earlier, complete sighting is kept).
    pub fn fill(&self, paper: &mut Paper) -> bool {
        match &self.held {
            Held::Nothing => {}
            Held::Record(record) => paper.fill_missing_from(record),
            Held::Written { metadata, details } => {
                paper.fill_missing_metadata(*metadata);
                if let Some(details) = details {
                    paper.fill_missing_details(details);
                }
            }
        }
        !self.present.has_more_than(paper.present())
    }
}

/// The last committed state, for telling new, changed and unchanged sightings apart. It can be
/// moved to another thread, so ingest compares papers while parsing them and runs extraction only
/// on the ones that are new or changed.
#[derive(Clone)]
pub struct CommittedView {
    pub(super) searcher: Searcher,
    pub(super) fields: Fields,
    /// The columns a comparison reads, opened once per segment: opening a column decodes its
    /// block table, which per paper would cost more than the lookup itself.
    columns: Vec<SegmentColumns>,
}

#[derive(Clone)]
struct SegmentColumns {
    fingerprint: tantivy::columnar::Column<u64>,
    first_seen: tantivy::columnar::Column<tantivy::DateTime>,
    present: tantivy::columnar::Column<u64>,
}

impl CommittedView {
    pub(super) fn new(searcher: Searcher, fields: Fields) -> anyhow::Result<CommittedView> {
        let columns = searcher
            .segment_readers()
            .iter()
            .map(|segment| {
                let fast = segment.fast_fields();
                Ok(SegmentColumns {
                    fingerprint: fast.u64(names::FINGERPRINT)?,
                    first_seen: fast.date(names::FIRST_SEEN)?,
                    present: fast.u64(names::PRESENT)?,
                })
            })
            .collect::<tantivy::Result<Vec<_>>>()
            .context("reading the index's columns")?;
        Ok(CommittedView {
            searcher,
            fields,
            columns,
        })
    }

    /// Whether the committed index holds a paper with this id.
    pub fn holds(&self, id: &str) -> anyhow::Result<bool> {
        Ok(locate(&self.searcher, &self.fields, id)?.is_some())
    }

    /// Gives a sighting the id of the paper the index holds under the same arXiv id, when its
    /// title (and so its own id) differs: a title revised on arXiv, or written differently by
    /// another rendering, still names one paper.
    pub fn adopt_known_id(&self, paper: &mut Paper) -> anyhow::Result<()> {
        let Some(arxiv_id) = &paper.arxiv_id else {
            return Ok(());
        };
        if locate(&self.searcher, &self.fields, &paper.id)?.is_some() {
            return Ok(());
        }
        let query = TermQuery::new(
            Term::from_field_text(self.fields.arxiv_id, arxiv_id),
            IndexRecordOption::Basic,
        );
        let hits = self.searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        if let Some((_, address)) = hits.first() {
            paper.id = read_record(&self.searcher, &self.fields, *address)?.id;
        }
        Ok(())
    }

    /// What the committed index holds for this paper's id. The stored record is read only when
    /// it has a part (metadata, details, abstract) that the sighting lacks.
    pub fn previous(&self, paper: &Paper) -> anyhow::Result<Option<Previous>> {
        let Some(address) = locate(&self.searcher, &self.fields, &paper.id)? else {
            return Ok(None);
        };
        let columns = &self.columns[address.segment_ord as usize];
        let fingerprint = columns
            .fingerprint
            .first(address.doc_id)
            .context("a document in the index has no fingerprint; the index may be damaged")?;
        let first_seen = columns.first_seen.first(address.doc_id);
        let present = Present(columns.present.first(address.doc_id).unwrap_or(0));
        let held = if present.has_more_than(paper.present()) {
            Held::Record(Box::new(read_record(&self.searcher, &self.fields, address)?))
        } else {
            Held::Nothing
        };
        Ok(Some(Previous {
            fingerprint,
            first_seen,
            present,
            held,
        }))
    }
}

/// What this run wrote for a paper, packed into 32 bytes: an ingest of a million papers keeps one
/// per paper, so its size is most of what ingest's memory grows by.
#[derive(Debug, Clone, Copy)]
struct Written {
    fingerprint: u64,
    /// `u64::MAX`: none.
    upvotes: u64,
    /// Seconds since 1970 (fits until 2106).
    first_seen: u32,
    /// Julian day; `i32::MIN`: none.
    date: i32,
    /// `u32::MAX`: none.
    authors: u32,
    present: u16,
}

impl Written {
    fn new(paper: &Paper, fingerprint: u64, first_seen: tantivy::DateTime) -> Written {
        Written {
            fingerprint,
            upvotes: paper.upvotes.unwrap_or(u64::MAX),
            first_seen: u32::try_from(first_seen.into_timestamp_secs()).unwrap_or(0),
            date: paper.date.map_or(i32::MIN, time::Date::to_julian_day),
            authors: paper.authors.unwrap_or(u32::MAX),
            present: u16::try_from(paper.present().0).unwrap_or(u16::MAX),
        }
    }

    fn previous(self, details: Option<&Details>) -> Previous {
        Previous {
            fingerprint: self.fingerprint,
            first_seen: Some(tantivy::DateTime::from_timestamp_secs(i64::from(self.first_seen))),
            present: Present(u64::from(self.present)),
            held: Held::Written {
                metadata: Metadata {
                    authors: (self.authors != u32::MAX).then_some(self.authors),
                    date: (self.date != i32::MIN)
                        .then(|| time::Date::from_julian_day(self.date).ok())
                        .flatten(),
                    upvotes: (self.upvotes != u64::MAX).then_some(self.upvotes),
                },
                details: details.map(|details| Box::new(details.clone())),
            },
        }
    }
}

/// A batch of upserts against one index. Dropped without [`Upserter::commit`] (an error, Ctrl-C),
/// it discards what it wrote: the files of its unfinished segments are deleted at once, so a
/// failed ingest (a full disk, say) does not leave the disk full for everything after it.
pub struct Upserter<'a> {
    index: &'a PaperIndex,
    /// `None` only once the batch is committed or discarded.
    writer: Option<IndexWriter>,
    committed: CommittedView,
    /// What this run already wrote for an id (by [`id_key`]), so repeats within one run are
    /// compared too; the details only some sources give are kept apart, for the papers that have
    /// them.
    written: HashMap<u64, Written>,
    written_details: HashMap<u64, Details>,
    /// The arrival time of papers this batch adds.
    arrived: tantivy::DateTime,
    /// The ids of papers this batch wrote, by arXiv id (its [`id_key`]): a later sighting under
    /// another title joins the paper, as one does a paper the committed index holds.
    written_arxiv_ids: HashMap<u64, String>,
}

impl<'a> Upserter<'a> {
    pub(super) fn new(index: &'a PaperIndex, writer: IndexWriter) -> anyhow::Result<Upserter<'a>> {
        Ok(Upserter {
            committed: index.committed_view()?,
            index,
            writer: Some(writer),
            written: HashMap::new(),
            written_details: HashMap::new(),
            arrived: tantivy::DateTime::from_timestamp_secs(time::OffsetDateTime::now_utc().unix_timestamp()),
            written_arxiv_ids: HashMap::new(),
        })
    }

    /// Adds the paper, or updates the stored one when this sighting differs from it.
    pub fn upsert(&mut self, paper: Paper) -> anyhow::Result<UpsertOutcome> {
        self.upsert_arrived(paper, None)
    }

    /// Like [`Upserter::upsert`], with the time a new paper first arrived (`None`: now). A paper
    /// already in the index keeps its own arrival time.
    pub fn upsert_arrived(
        &mut self,
        mut paper: Paper,
        arrived: Option<tantivy::DateTime>,
    ) -> anyhow::Result<UpsertOutcome> {
        self.adopt_id_written_or_known(&mut paper)?;
        let key = id_key(&paper.id);
        let previous = match self.written.get(&key) {
            Some(written) => Some(written.previous(self.written_details.get(&key))),
            None => self.committed.previous(&paper)?,
        };
        let outcome = match &previous {
            None => UpsertOutcome::Added,
            Some(previous) => {
                if !previous.fill(&mut paper) || paper.content_fingerprint() == previous.fingerprint {
                    return Ok(UpsertOutcome::Unchanged);
                }
                let replaced = Term::from_field_text(self.index.fields.id, &paper.id);
                self.writer().delete_term(replaced);
                UpsertOutcome::Updated
            }
        };
        let fingerprint = paper.content_fingerprint();
        let first_seen = previous
            .and_then(|previous| previous.first_seen)
            .or(arrived)
            .unwrap_or(self.arrived);
        self.written.insert(key, Written::new(&paper, fingerprint, first_seen));
        let details = paper.details();
        if details.is_empty() {
            self.written_details.remove(&key);
        } else {
            self.written_details.insert(key, details);
        }
        let document = self.document(&paper, fingerprint, first_seen)?;
        if let Err(error) = self.writer().add_document(document) {
            return Err(self.failure(error));
        }
        Ok(outcome)
    }

    /// Rewrites a committed paper whose extracted names changed while what the dump said did not
    /// (a name learned since): fingerprint and arrival time are kept. False when the committed
    /// index does not hold the paper.
    pub fn refile(&mut self, paper: Paper) -> anyhow::Result<bool> {
        let Some(previous) = self.committed.previous(&paper)? else {
            return Ok(false);
        };
        let first_seen = previous.first_seen.unwrap_or(self.arrived);
        let replaced = Term::from_field_text(self.index.fields.id, &paper.id);
        self.writer().delete_term(replaced);
        let document = self.document(&paper, previous.fingerprint, first_seen)?;
        if let Err(error) = self.writer().add_document(document) {
            return Err(self.failure(error));
        }
        Ok(true)
    }

    /// Gives a sighting the id of the paper with its arXiv id that this batch wrote or the index
    /// holds, when its own id (its title) is new to both: one arXiv paper is one paper however
    /// its title is written, whether its sightings arrive in one run or in several.
    fn adopt_id_written_or_known(&mut self, paper: &mut Paper) -> anyhow::Result<()> {
        let Some(arxiv_id) = &paper.arxiv_id else {
            return Ok(());
        };
        let arxiv_key = id_key(arxiv_id);
        let own_id_written = self.written.contains_key(&id_key(&paper.id));
        match self.written_arxiv_ids.get(&arxiv_key) {
            Some(written_id) if !own_id_written && *written_id != paper.id => {
                if self.committed.holds(&paper.id)? {
                    return Ok(());
                }
                paper.id = written_id.clone();
            }
            Some(_) => {}
            None => {
                if !own_id_written {
                    self.committed.adopt_known_id(paper)?;
                }
                self.written_arxiv_ids.insert(arxiv_key, paper.id.clone());
            }
        }
        Ok(())
    }

    /// Makes every upsert of this batch visible at once.
    pub fn commit(mut self) -> anyhow::Result<()> {
        let index = self.index;
        let path = &index.path;
        let mut writer = self
            .writer
            .take()
            .context("internal error: the batch was already committed")?;
        if let Err(error) = writer.commit() {
            discard(writer);
            return Err(failure::explain(path, "committing to", &error));
        }
        writer
            .wait_merging_threads()
            .map_err(|error| failure::explain(path, "merging segments of", &error))?;
        Ok(())
    }

    fn writer(&mut self) -> &mut IndexWriter {
        self.writer
            .as_mut()
            .expect("an upserter's writer is only taken by commit, which consumes it")
    }

    /// The error behind a failed write. When tantivy's indexing thread stopped (on a full disk,
    /// say), adding a document only reports that it was "killed"; joining the thread, which
    /// preparing a commit does, gives its own error.
    fn failure(&mut self, error: tantivy::TantivyError) -> anyhow::Error {
        let error = match error {
            tantivy::TantivyError::ErrorInThread(_) => match self.writer().prepare_commit() {
                Err(cause) => cause,
                Ok(prepared) => {
                    let _ = prepared.abort();
                    error
                }
            },
            other => other,
        };
        failure::explain(&self.index.path, "writing to", &error)
    }

    fn document(
        &self,
        paper: &Paper,
        fingerprint: u64,
        first_seen: tantivy::DateTime,
    ) -> anyhow::Result<TantivyDocument> {
        let fields = &self.index.fields;
        let mut document = TantivyDocument::default();
        document.add_text(fields.id, &paper.id);
        if let Some(arxiv_id) = &paper.arxiv_id {
            document.add_text(fields.arxiv_id, arxiv_id);
        }
        document.add_text(fields.title, &paper.title);
        document.add_text(fields.abstract_text, &paper.abstract_text);
        if let Some(summary) = &paper.summary {
            document.add_text(fields.summary, summary);
        }
        for keyword in &paper.keywords {
            document.add_text(fields.keywords, keyword);
            document.add_text(fields.keywords_facet, keyword);
        }
        for name in paper.methods.iter().chain(&paper.datasets).chain(&paper.introduces) {
            document.add_text(fields.entities, name);
        }
        document.add_text(
            fields.record,
            serde_json::to_string(paper).context("encoding a record")?,
        );
        if let Some(date) = paper.date {
            document.add_date(fields.date, date_value(date));
        }
        if let Some(upvotes) = paper.upvotes {
            document.add_u64(fields.upvotes, upvotes);
        }
        document.add_bool(fields.has_code, paper.has_code());
        let extracted = [
            (fields.topics, fields.topics_facet, &paper.topics),
            (fields.methods, fields.methods_facet, &paper.methods),
            (fields.datasets, fields.datasets_facet, &paper.datasets),
        ];
        for (field, facet, values) in extracted {
            for value in values {
                document.add_text(field, keyword_term_text(value));
                document.add_text(facet, value);
            }
        }
        // A name is filed under its parents too, so that a filter naming the family (or a
        // model's version) finds every version (or size): "--method llama" finds "Llama 3 8B".
        // The family columns count each paper once per family.
        let families = [
            (fields.methods, fields.method_families_facet, &paper.methods, false),
            (fields.datasets, fields.dataset_families_facet, &paper.datasets, true),
        ];
        for (field, facet, values, are_datasets) in families {
            let mut seen: Vec<&str> = Vec::new();
            for value in values {
                let (parents, family) = crate::extract::lineage(value, are_datasets);
                for parent in parents {
                    document.add_text(field, keyword_term_text(&parent));
                }
                let counted = family.unwrap_or(value.as_str());
                if !seen.iter().any(|s| s.eq_ignore_ascii_case(counted)) {
                    seen.push(counted);
                    document.add_text(facet, counted);
                }
            }
        }
        if let Some(date) = paper.date {
            document.add_u64(fields.year, u64::try_from(date.year()).unwrap_or(0));
        }
        for evidence in &paper.evidence {
            document.add_text(fields.evidence, evidence.term_text());
        }
        for text in [&paper.title, &paper.abstract_text] {
            for token in crate::extract::learned::key_tokens(text) {
                document.add_text(fields.name_tokens, token);
            }
        }
        document.add_u64(fields.fingerprint, fingerprint);
        document.add_u64(fields.present, paper.present().0);
        document.add_date(fields.first_seen, first_seen);
        Ok(document)
    }
}

impl Drop for Upserter<'_> {
    fn drop(&mut self) {
        if let Some(writer) = self.writer.take() {
            discard(writer);
        }
    }
}

/// Abandons what a writer wrote since the last commit and deletes its files. Failures are ignored:
/// this runs on the way out of an error, and the next writer collects whatever is left.
fn discard(mut writer: IndexWriter) {
    if writer.rollback().is_ok() {
        let _ = writer.garbage_collect_files().wait();
    }
}
