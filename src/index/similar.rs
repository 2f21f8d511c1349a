//! Similar papers: MoreLikeThis over the title, abstract and extracted names of one paper, tuned
//! for short abstracts (a word counts from its first occurrence; words in more than a fifth of
//! the papers say nothing about similarity), plus credit for every method, dataset or topic
//! shared.

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, MoreLikeThisQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, OwnedValue};
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
        let like = |field: Field, text: String, weight: f32| -> Box<dyn Query> {
            let query = MoreLikeThisQuery::builder()
                .with_min_doc_frequency(1)
                .with_max_doc_frequency(max_doc_frequency)
                .with_min_term_frequency(1)
                .with_max_query_terms(MAX_QUERY_TERMS)
                .with_min_word_length(3)
                .with_stop_words(STOP_WORDS.iter().map(|w| w.to_string()).collect())
                .with_document_fields(vec![(field, vec![OwnedValue::Str(text)])]);
            Box::new(BoostQuery::new(Box::new(query), weight))
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
                like(self.fields.title, paper.title.clone(), TITLE_WEIGHT),
            ),
            (
                Occur::Should,
                like(self.fields.abstract_text, paper.abstract_text.clone(), 1.0),
            ),
        ];
        if !entities.is_empty() {
            clauses.push((
                Occur::Should,
                like(self.fields.entities, entities.join(". "), ENTITIES_WEIGHT),
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
}
