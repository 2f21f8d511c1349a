//! Similar papers: more-like-this over the title, abstract and extracted names of one paper, tuned
//! for short abstracts (a word counts from its first occurrence; words in more than a fifth of
//! the papers say nothing about similarity), plus credit for every method, dataset or topic
//! shared.
//!
//! The distinctive words are chosen here rather than by tantivy's `MoreLikeThisQuery`, which
//! walks a hash map and keeps the first of equally distinctive words it meets: the same paper
//! got different similar papers from one run to the next. Here ties go to the word that sorts
//! first, so the answer is always the same.

use std::collections::BTreeMap;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::DocAddress;
use tantivy::Term;

use super::schema::keyword_term_text;
use super::search::Hit;
use super::PaperIndex;
use crate::record::Paper;

/// Weight of shared title words, relative to abstract words.
const TITLE_WEIGHT: f32 = 2.0;
/// Weight of shared extracted names.
const ENTITIES_WEIGHT: f32 = 1.5;
/// Score for each method, dataset or topic the two papers share.
const SHARED_ENTITY_SCORE: f32 = 0.5;
/// Most distinctive words taken from the paper.
const MAX_QUERY_TERMS: usize = 40;

/// Common English words that never make two papers similar.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is", "it", "its", "of", "on",
    "or", "that", "the", "their", "this", "to", "we", "with", "which", "our", "these", "such", "can", "also", "than",
];

impl PaperIndex {
    /// Papers like `paper`, best first, never `paper` itself.
    pub fn similar(&self, paper: &Paper, limit: usize) -> anyhow::Result<Vec<Hit>> {
        let searcher = self.searcher();
        self.similar_addresses(paper, limit)?
            .into_iter()
            .map(|(score, address)| {
                Ok(Hit {
                    paper: self.read_paper(&searcher, address)?,
                    address,
                    score: Some(score),
                    snippet: None,
                })
            })
            .collect()
    }

    /// Like [`PaperIndex::similar`], as scores and addresses, without reading records.
    fn similar_addresses(&self, paper: &Paper, limit: usize) -> anyhow::Result<Vec<(f32, DocAddress)>> {
        let searcher = self.searcher();
        let max_doc_frequency = (searcher.num_docs() / 5).max(2);
        let like = |field: Field, text: String, weight: f32| -> anyhow::Result<Box<dyn Query>> {
            let terms = self.distinctive_terms(&searcher, field, &text, max_doc_frequency)?;
            let best = terms.first().map_or(1.0, |(_, score)| *score);
            let clauses: Vec<(Occur, Box<dyn Query>)> = terms
                .into_iter()
                .map(|(term, score)| {
                    let query = TermQuery::new(term, IndexRecordOption::Basic);
                    (
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(query), score / best)) as Box<dyn Query>,
                    )
                })
                .collect();
            Ok(Box::new(BoostQuery::new(Box::new(BooleanQuery::new(clauses)), weight)))
        };
        let entities = paper
            .methods
            .iter()
            .chain(&paper.datasets)
            .chain(&paper.introduces)
            .cloned()
            .collect::<Vec<_>>();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
            (
                Occur::Should,
                like(self.fields.title, paper.title.clone(), TITLE_WEIGHT)?,
            ),
            (
                Occur::Should,
                like(self.fields.abstract_text, paper.abstract_text.clone(), 1.0)?,
            ),
        ];
        if !entities.is_empty() {
            clauses.push((
                Occur::Should,
                like(self.fields.entities, entities.join(". "), ENTITIES_WEIGHT)?,
            ));
        }
        let shared_fields = [
            (self.fields.methods, &paper.methods),
            (self.fields.datasets, &paper.datasets),
            (self.fields.topics, &paper.topics),
        ];
        for (field, names) in shared_fields {
            for name in names {
                let term = Term::from_field_text(field, &keyword_term_text(name));
                let shared = TermQuery::new(term, IndexRecordOption::Basic);
                clauses.push((
                    Occur::Should,
                    Box::new(ConstScoreQuery::new(Box::new(shared), SHARED_ENTITY_SCORE)),
                ));
            }
        }
        let itself = TermQuery::new(
            Term::from_field_text(self.fields.id, &paper.id),
            IndexRecordOption::Basic,
        );
        clauses.push((Occur::MustNot, Box::new(itself)));
        let query = BooleanQuery::new(clauses);
        let papers = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let limit = limit.min(papers).max(1);
        Ok(searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?)
    }

    /// The [`MAX_QUERY_TERMS`] most distinctive words of `text` as `field` indexes them, with
    /// their weight (occurrences × idf), most distinctive first, ties in word order. Words in
    /// no other paper or in more than `max_doc_frequency` papers, short words and stop words
    /// are left out.
    fn distinctive_terms(
        &self,
        searcher: &tantivy::Searcher,
        field: Field,
        text: &str,
        max_doc_frequency: u64,
    ) -> anyhow::Result<Vec<(Term, f32)>> {
        let mut analyzer = self.index.tokenizer_for_field(field)?;
        let mut frequencies: BTreeMap<String, usize> = BTreeMap::new();
        analyzer.token_stream(text).process(&mut |token| {
            if token.text.len() >= 3 && !STOP_WORDS.contains(&token.text.as_str()) {
                *frequencies.entry(token.text.clone()).or_default() += 1;
            }
        });
        let papers = searcher.num_docs();
        let mut scored = Vec::new();
        for (word, frequency) in frequencies {
            let term = Term::from_field_text(field, &word);
            let doc_frequency = searcher.doc_freq(&term)?;
            if doc_frequency == 0 || doc_frequency > max_doc_frequency || doc_frequency > papers {
                continue;
            }
            let rarity = ((papers - doc_frequency) as f32 + 0.5) / (doc_frequency as f32 + 0.5);
            scored.push((term, frequency as f32 * (1.0 + rarity).ln()));
        }
        // Stable: equal weights keep the words' order.
        scored.sort_by(|a, b| b.1.total_cmp(&a.1));
        scored.truncate(MAX_QUERY_TERMS);
        Ok(scored)
    }
}
