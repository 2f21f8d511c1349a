//! Whole-index scoring support: which documents carry a keyword or mention a phrase, and each
//! document's upvotes and date, read from tantivy's posting lists and columns.
//!
//! The inbox scores every new paper. Loading each stored record for that would cost a
//! decompression per paper (seconds at 100,000 papers), so scoring works on document addresses
//! and columns, and only the few papers shown are read in full.

use std::collections::HashSet;

use anyhow::Context;
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Term};

use super::schema::{keyword_term_text, names};
use super::PaperIndex;
use crate::record::Paper;

/// The keyword columns of extracted names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyword {
    Topics,
    Methods,
    Datasets,
}

/// What scoring needs of one document without reading its record.
#[derive(Debug, Clone, Copy)]
pub struct DocSignals {
    pub address: DocAddress,
    pub upvotes: Option<u64>,
    pub date: Option<time::Date>,
}

impl PaperIndex {
    /// Documents whose extracted names of this kind include any of `values` (compared as filters
    /// compare them: trimmed, lower case).
    pub fn docs_with_keyword(&self, keyword: Keyword, values: &[String]) -> anyhow::Result<HashSet<DocAddress>> {
        let field = match keyword {
            Keyword::Topics => self.fields.topics,
            Keyword::Methods => self.fields.methods,
            Keyword::Datasets => self.fields.datasets,
        };
        let clauses: Vec<(Occur, Box<dyn Query>)> = values
            .iter()
            .map(|value| {
                let term = Term::from_field_text(field, &keyword_term_text(value));
                (
                    Occur::Should,
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
                )
            })
            .collect();
        if clauses.is_empty() {
            return Ok(HashSet::new());
        }
        Ok(self.searcher().search(&BooleanQuery::new(clauses), &DocSetCollector)?)
    }

    /// Documents whose title, abstract, summary or extracted names contain `text` as a phrase (analysed as
    /// searches analyse it: case, accents and word endings do not matter).
    pub fn docs_with_phrase(&self, text: &str) -> anyhow::Result<HashSet<DocAddress>> {
        let words: String = text
            .chars()
            .map(|c| if c == '"' || c == '\\' { ' ' } else { c })
            .collect();
        if words.trim().is_empty() {
            return Ok(HashSet::new());
        }
        let mut parser = self.text_query_parser();
        parser.set_conjunction_by_default();
        let (query, _) = parser.parse_query_lenient(&format!("\"{}\"", words.trim()));
        Ok(self.searcher().search(query.as_ref(), &DocSetCollector)?)
    }

    /// Upvotes and date of every live document.
    pub fn doc_signals(&self) -> anyhow::Result<Vec<DocSignals>> {
        let searcher = self.searcher();
        let mut signals = Vec::with_capacity(searcher.num_docs() as usize);
        for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
            let fast = segment.fast_fields();
            let upvotes = fast.u64(names::UPVOTES).context("reading the upvotes column")?;
            let dates = fast.date(names::DATE).context("reading the date column")?;
            for doc in segment.doc_ids_alive() {
                let date = dates
                    .first(doc)
                    .and_then(|value| time::OffsetDateTime::from_unix_timestamp(value.into_timestamp_secs()).ok())
                    .map(|moment| moment.date());
                signals.push(DocSignals {
                    address: DocAddress::new(segment_ord as u32, doc),
                    upvotes: upvotes.first(doc),
                    date,
                });
            }
        }
        Ok(signals)
    }

    /// When the paper at this address first arrived in the index (RFC 3339, UTC).
    pub fn first_seen(&self, address: DocAddress) -> anyhow::Result<Option<String>> {
        let searcher = self.searcher();
        let column = searcher
            .segment_reader(address.segment_ord)
            .fast_fields()
            .date(names::FIRST_SEEN)
            .context("reading the first_seen column")?;
        Ok(column.first(address.doc_id).and_then(|value| {
            time::OffsetDateTime::from_unix_timestamp(value.into_timestamp_secs())
                .ok()
                .and_then(|moment| moment.format(&time::format_description::well_known::Rfc3339).ok())
        }))
    }

    /// Where the paper with exactly this id is.
    pub fn address_of(&self, id: &str) -> anyhow::Result<Option<DocAddress>> {
        Ok(self.locate(&self.searcher(), id)?.map(|found| found.address))
    }

    /// The stored record at an address of the current searcher.
    pub fn paper_at(&self, address: DocAddress) -> anyhow::Result<Paper> {
        self.read_paper(&self.searcher(), address)
    }
}
