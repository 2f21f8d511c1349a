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
use super::{locate, read_record, PaperIndex};
use crate::record::{id_key, Metadata, Paper};

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
    pub warnings: u64,
    /// How many of the added papers land in the triage inbox's "read first" bucket.
    pub read_first: u64,
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
#[derive(Debug, Clone, Copy)]
pub struct Previous {
    pub fingerprint: u64,
    pub metadata: Metadata,
    /// When the paper first arrived in the index.
    pub first_seen: Option<tantivy::DateTime>,
}

/// The last committed state, for telling new, changed and unchanged sightings apart. It can be
/// moved to another thread, so ingest compares papers while parsing them and runs extraction only
/// on the ones that are new or changed.
#[derive(Clone)]
pub struct CommittedView {
    searcher: Searcher,
    fields: Fields,
}

impl CommittedView {
    pub(super) fn new(searcher: Searcher, fields: Fields) -> CommittedView {
        CommittedView { searcher, fields }
    }

    /// What the committed index holds for this paper's id. The stored record is read only when
    /// the sighting lacks metadata that the stored one may fill in.
    pub fn previous(&self, paper: &Paper) -> anyhow::Result<Option<Previous>> {
        let Some(address) = locate(&self.searcher, &self.fields, &paper.id)? else {
            return Ok(None);
        };
        let segment = self.searcher.segment_reader(address.segment_ord);
        let fingerprint = segment
            .fast_fields()
            .u64(names::FINGERPRINT)?
            .first(address.doc_id)
            .context("a document in the index has no fingerprint; the index may be damaged")?;
        let first_seen = segment.fast_fields().date(names::FIRST_SEEN)?.first(address.doc_id);
        let metadata = if paper.metadata().has_gaps() {
            read_record(&self.searcher, &self.fields, address)?.metadata()
        } else {
            paper.metadata()
        };
        Ok(Some(Previous {
            fingerprint,
            metadata,
            first_seen,
        }))
    }
}

/// A batch of upserts against one index.
pub struct Upserter<'a> {
    index: &'a PaperIndex,
    writer: IndexWriter,
    committed: CommittedView,
    /// What this run already wrote for an id (by [`id_key`]: a few dozen bytes per paper, not
    /// the record), so repeats within one run are compared too.
    written: HashMap<u64, Previous>,
    /// The arrival time of papers this batch adds.
    arrived: tantivy::DateTime,
}

impl<'a> Upserter<'a> {
    pub(super) fn new(index: &'a PaperIndex, writer: IndexWriter) -> Upserter<'a> {
        Upserter {
            committed: index.committed_view(),
            index,
            writer,
            written: HashMap::new(),
            arrived: tantivy::DateTime::from_timestamp_secs(time::OffsetDateTime::now_utc().unix_timestamp()),
        }
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
        let previous = match self.written.get(&id_key(&paper.id)) {
            Some(written) => Some(*written),
            None => self.committed.previous(&paper)?,
        };
        let outcome = match previous {
            None => UpsertOutcome::Added,
            Some(previous) => {
                paper.fill_missing_metadata(previous.metadata);
                if paper.content_fingerprint() == previous.fingerprint {
                    return Ok(UpsertOutcome::Unchanged);
                }
                self.writer
                    .delete_term(Term::from_field_text(self.index.fields.id, &paper.id));
                UpsertOutcome::Updated
            }
        };
        let fingerprint = paper.content_fingerprint();
        let first_seen = previous
            .and_then(|previous| previous.first_seen)
            .or(arrived)
            .unwrap_or(self.arrived);
        self.written.insert(
            id_key(&paper.id),
            Previous {
                fingerprint,
                metadata: paper.metadata(),
                first_seen: Some(first_seen),
            },
        );
        self.writer
            .add_document(self.document(&paper, fingerprint, first_seen)?)?;
        Ok(outcome)
    }

    /// Makes every upsert of this batch visible at once.
    pub fn commit(mut self) -> anyhow::Result<()> {
        self.writer.commit().context("committing the index")?;
        self.writer.wait_merging_threads().context("finishing index merges")?;
        Ok(())
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
        document.add_text(fields.title, &paper.title);
        document.add_text(fields.abstract_text, &paper.abstract_text);
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
        if let Some(date) = paper.date {
            document.add_u64(fields.year, u64::try_from(date.year()).unwrap_or(0));
        }
        document.add_u64(fields.fingerprint, fingerprint);
        document.add_date(fields.first_seen, first_seen);
        Ok(document)
    }
}
