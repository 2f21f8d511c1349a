//! A query word that counts twice: a constant for containing it (the coverage of the query's
//! vocabulary, see `search::coverage_query`) plus its BM25 score, in one pass over its postings.
//!
//! Why not tantivy's own pieces: a `ConstScoreQuery` beside the word's BM25 clause gives the same
//! scores, but reads every posting list of the word twice and makes the boolean query twice as
//! wide; for a long description over 100,000 papers that was most of a search's time.

use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, Term, COLLECT_BLOCK_BUFFER_LEN};

/// Matches what `query` matches, scored `bonus` + its own score.
pub struct PlusConstant {
    query: Box<dyn Query>,
    bonus: Score,
}

impl PlusConstant {
    pub fn new(query: Box<dyn Query>, bonus: Score) -> PlusConstant {
        PlusConstant { query, bonus }
    }
}

impl Clone for PlusConstant {
    fn clone(&self) -> Self {
        PlusConstant {
            query: self.query.box_clone(),
            bonus: self.bonus,
        }
    }
}

impl fmt::Debug for PlusConstant {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "PlusConstant(bonus={}, query={:?})", self.bonus, self.query)
    }
}

impl Query for PlusConstant {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let scoring = enable_scoring.is_scoring_enabled();
        let inner = self.query.weight(enable_scoring)?;
        Ok(if scoring {
            Box::new(PlusConstantWeight {
                inner,
                bonus: self.bonus,
            })
        } else {
            inner
        })
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.query.query_terms(visitor);
    }
}

struct PlusConstantWeight {
    inner: Box<dyn Weight>,
    bonus: Score,
}

impl Weight for PlusConstantWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(PlusConstantScorer {
            inner: self.inner.scorer(reader, boost)?,
            bonus: boost * self.bonus,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let inner = self.inner.explain(reader, doc)?;
        let mut explanation = Explanation::new("PlusConstant", inner.value() + self.bonus);
        explanation.add_const("coverage", self.bonus);
        explanation.add_detail(inner);
        Ok(explanation)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.inner.count(reader)
    }
}

struct PlusConstantScorer {
    inner: Box<dyn Scorer>,
    bonus: Score,
}

impl DocSet for PlusConstantScorer {
    fn advance(&mut self) -> DocId {
        self.inner.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.inner.seek(target)
    }

    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        self.inner.seek_danger(target)
    }

    fn fill_buffer(&mut self, buffer: &mut [DocId; COLLECT_BLOCK_BUFFER_LEN]) -> usize {
        self.inner.fill_buffer(buffer)
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }

    fn cost(&self) -> u64 {
        self.inner.cost()
    }
}

impl Scorer for PlusConstantScorer {
    fn score(&mut self) -> Score {
        self.bonus + self.inner.score()
    }
}
