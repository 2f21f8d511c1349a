//! Queries over the index: what `search` and `export` share.
//!
//! Ranking is BM25 over title (boosted) and abstract, ordered first by how much of the query a
//! paper covers. For short queries that is today's keyword behaviour: papers matching every word
//! come first, then papers matching some of them, so one unmatched word never empties the
//! result. For longer, descriptive queries (from [`LONG_QUERY_WORDS`] words) the grouping is soft:
//! each word a paper contains adds its idf to the paper's coverage, so a paper holding the
//! query's rare, specific words ranks above one holding only its common ones, and seven of eight
//! well-chosen words beat all eight of a weak match. Plain queries are then blended with the
//! latent layer ([`super::latent`]): the lexical score, scaled to the best candidate's, plus
//! [`LATENT_WEIGHT`] × the cosine of query and paper in the latent space, over the union of the
//! best lexical and the best latent candidates. Phrases, operators and fields stay exact and
//! lexical. Filters (dates, upvotes, code, extracted names) restrict without changing scores.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::{Bound, Range};
use std::sync::LazyLock;

use regex::Regex;
use tantivy::collector::TopDocs;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Order, Searcher, Term};

use super::coverage::PlusConstant;
use super::latent::LatentModel;
use super::schema::{date_value, keyword_term_text, names};
use super::PaperIndex;
use crate::record::Paper;

/// Title matches weigh this much more than abstract matches ...
const TITLE_BOOST: f32 = 2.0;
/// ... and matches in the extracted names this much: title > entities > abstract ...
const ENTITIES_BOOST: f32 = 1.5;
/// ... > a summary or keywords someone else wrote, which paraphrase the paper and may get it wrong.
const SUMMARY_BOOST: f32 = 0.5;
/// Score added for a paper tagged with a topic the query names.
const TOPIC_MATCH_SCORE: f32 = 1.0;
/// Score added for a paper tagged with a method or dataset the query names.
const ENTITY_MATCH_SCORE: f32 = 2.0;
/// Weight of a topic's cue words found in a paper, relative to the query's own words.
const CUE_EXPANSION_BOOST: f32 = 0.3;
/// Weight of another name of an entity the query names.
const ALIAS_EXPANSION_BOOST: f32 = 0.5;
/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 220;
/// Queries of this many words or more are descriptions: ranked by soft, idf-weighted coverage
/// instead of all-words-first groups.
pub const LONG_QUERY_WORDS: usize = 5;
/// Score per unit of idf of each query word a paper contains. Large against BM25's scores, so
/// coverage decides first and BM25 orders papers of equal coverage.
const COVERAGE_SCORE: f32 = 100.0;
/// A query word in more than this share of the papers is left out of coverage ranking.
const COMMON_WORD_SHARE: f32 = 0.9;
/// Weight of the latent cosine against the lexical score scaled to [0, 1].
pub const LATENT_WEIGHT: f32 = 0.3;
/// Lexical matches the blend reranks (at least the number of results asked for).
const BLEND_CANDIDATES: usize = 200;
/// Latent candidates looked at per result wanted when filters may reject some.
const FILTERED_LATENT_FACTOR: usize = 10;

/// How plain queries are ranked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Ranker {
    /// By the query's words alone.
    Lexical,
    /// By closeness in the latent space alone (the query's words, without operators).
    Latent,
    /// The lexical ranking blended with the latent one (lexical when there is no latent model).
    #[default]
    Blend,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortOrder {
    /// Best match first (newest first when there is no query).
    #[default]
    Relevance,
    /// Newest first; papers without a date last.
    Date,
    /// Most upvoted first.
    Upvotes,
}

/// Restrictions on which papers match. Repeated values of one kind are alternatives; different
/// kinds must all hold.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub since: Option<time::Date>,
    pub until: Option<time::Date>,
    pub min_upvotes: Option<u64>,
    pub has_code: bool,
    pub topics: Vec<String>,
    pub methods: Vec<String>,
    pub datasets: Vec<String>,
    /// Only these papers, by id, when set: how the reader's own marks (`--status`, `--tag`),
    /// which live outside the index, narrow a search.
    pub only_ids: Option<Vec<String>>,
    /// Never these papers, by id (`--status new`: every paper not decided otherwise).
    pub except_ids: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// Query in tantivy's syntax; `None` matches every paper.
    pub query: Option<String>,
    pub filters: Filters,
    pub sort: SortOrder,
    /// Most results to return; `None` for all.
    pub limit: Option<usize>,
    /// Also match what the query means, not only its words (see `expansion_clauses`).
    pub expand: bool,
    /// Let upvotes and recency nudge the relevance order (see `apply_signals`).
    pub signals: bool,
    pub ranker: Ranker,
}

/// One matching paper.
#[derive(Debug, Clone)]
pub struct Hit {
    pub paper: Paper,
    /// Where the paper is in the index (valid for the searcher that found it).
    pub address: DocAddress,
    /// BM25 score, when results are ranked by relevance.
    pub score: Option<f32>,
    /// The best passage of the abstract and the byte ranges of matched words in it.
    pub snippet: Option<(String, Vec<Range<usize>>)>,
}

/// The matches of a search, read lazily so exports of every paper stay small in memory.
pub struct SearchOutcome<'a> {
    index: &'a PaperIndex,
    searcher: Searcher,
    matches: Vec<Match>,
    snippets: Option<SnippetGenerator>,
    /// Parts of the query that could not be parsed and were searched leniently.
    pub query_warnings: Vec<String>,
    /// Query words that matched nothing and what was searched instead.
    pub corrections: Vec<super::Correction>,
    /// The latent ranking was asked for but the index has no latent model.
    pub latent_unavailable: bool,
}

#[derive(Debug, Clone, Copy)]
struct Match {
    address: DocAddress,
    score: Option<f32>,
    /// Descending sort key for date and upvote orders.
    key: Option<i64>,
}

impl SearchOutcome<'_> {
    pub fn is_empty(&self) -> bool {
        self.matches.is_empty()
    }

    /// The matches as addresses with their scores, in rank order, without reading records.
    pub fn scored_addresses(&self) -> impl Iterator<Item = (DocAddress, Option<f32>)> + '_ {
        self.matches.iter().map(|found| (found.address, found.score))
    }

    /// The hits in rank order.
    pub fn hits(&self) -> impl Iterator<Item = anyhow::Result<Hit>> + '_ {
        self.matches.iter().map(move |found| {
            let paper = self.index.read_paper(&self.searcher, found.address)?;
            let snippet = self.snippets.as_ref().map(|generator| {
                let snippet = generator.snippet(&paper.abstract_text);
                if snippet.is_empty() {
                    (leading_passage(&paper.abstract_text), Vec::new())
                } else {
                    with_ellipses(&paper.abstract_text, &snippet)
                }
            });
            Ok(Hit {
                paper,
                address: found.address,
                score: found.score,
                snippet,
            })
        })
    }
}

impl PaperIndex {
    pub fn search(&self, request: &SearchRequest) -> anyhow::Result<SearchOutcome<'_>> {
        let searcher = self.searcher();
        // Never more than there are papers: a limit is a cap, not a size to reserve.
        let papers = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let limit = request.limit.unwrap_or(papers).min(papers).max(1);
        let filters = self.filter_clauses(&request.filters);
        let query_text = request.query.as_deref().map(str::trim).filter(|text| !text.is_empty());
        let Some(query_text) = query_text else {
            let sort = if request.sort == SortOrder::Relevance {
                SortOrder::Date
            } else {
                request.sort
            };
            let query = with_filters(Box::new(AllQuery), filters);
            let matches = self.collect(&searcher, query.as_ref(), sort, limit)?;
            return Ok(SearchOutcome {
                index: self,
                searcher,
                matches,
                snippets: None,
                query_warnings: Vec::new(),
                corrections: Vec::new(),
                latent_unavailable: false,
            });
        };

        // Words that match nothing are searched as the closest indexed word.
        let corrections = if request.expand && is_plain_query(query_text) {
            super::typos::corrections(&searcher, &self.fields, self.index.tokenizers(), query_text)
        } else {
            Vec::new()
        };
        let corrected_text;
        let query_text = if corrections.is_empty() {
            query_text
        } else {
            corrected_text = query_text
                .split_whitespace()
                .map(|word| {
                    let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
                    corrections
                        .iter()
                        .find(|c| c.word == bare)
                        .map_or(word.to_string(), |c| c.term.clone())
                })
                .collect::<Vec<_>>()
                .join(" ");
            corrected_text.as_str()
        };
        let (any_word, warnings) = self.parse_user_query(query_text, false)?;
        let snippets = self.snippet_generator(&searcher, any_word.as_ref())?;
        let plain = is_plain_query(query_text);
        let expansions = if request.expand && plain {
            self.expansion_clauses(query_text)
        } else {
            Vec::new()
        };
        let relevance = request.sort == SortOrder::Relevance;
        let boost = relevance && request.signals;
        let words = plain_words(query_text);
        let mut latent_unavailable = false;
        let mut blended = None;
        if plain && relevance && request.ranker != Ranker::Lexical {
            match self.latent_model() {
                Some(model) => {
                    let lexical = self.coverage_query(&searcher, &words, clones(&expansions))?;
                    blended = self.blend(&searcher, &model, query_text, lexical, &filters, request, limit)?;
                }
                None => latent_unavailable = request.ranker == Ranker::Latent,
            }
        }
        let matches = match blended {
            Some(mut blended) => {
                if boost {
                    apply_signals(&searcher, &mut blended)?;
                }
                blended.truncate(limit);
                blended
            }
            None if plain && relevance && words.len() >= LONG_QUERY_WORDS => {
                let coverage = self.coverage_query(&searcher, &words, expansions)?;
                let query = with_filters(coverage, clones(&filters));
                let mut matches = self.collect(&searcher, query.as_ref(), request.sort, limit)?;
                if boost {
                    apply_signals(&searcher, &mut matches)?;
                }
                matches
            }
            None => self.all_words_first(&searcher, query_text, any_word, expansions, &filters, request, limit)?,
        };
        let query_warnings = warnings.iter().map(ToString::to_string).collect();
        Ok(SearchOutcome {
            index: self,
            searcher,
            matches,
            snippets: Some(snippets),
            query_warnings,
            corrections,
            latent_unavailable,
        })
    }

    /// Keyword ranking: papers matching every word first, then papers matching some of them.
    #[allow(clippy::too_many_arguments)]
    fn all_words_first(
        &self,
        searcher: &Searcher,
        query_text: &str,
        any_word: Box<dyn Query>,
        expansions: Vec<Box<dyn Query>>,
        filters: &[Box<dyn Query>],
        request: &SearchRequest,
        limit: usize,
    ) -> anyhow::Result<Vec<Match>> {
        let (every_word, _) = self.parse_user_query(query_text, true)?;
        let every_word: Box<dyn Query> = Box::new(BooleanQuery::new(
            std::iter::once((Occur::Must, every_word))
                .chain(expansions.iter().map(|q| (Occur::Should, q.box_clone())))
                .collect(),
        ));
        let any_word: Box<dyn Query> = Box::new(BooleanQuery::new(
            std::iter::once((Occur::Should, any_word))
                .chain(expansions.into_iter().map(|q| (Occur::Should, q)))
                .collect(),
        ));
        let all_words_query = with_filters(every_word, clones(filters));
        let boost = request.sort == SortOrder::Relevance && request.signals;
        let mut matches = self.collect(searcher, all_words_query.as_ref(), request.sort, limit)?;
        if boost {
            apply_signals(searcher, &mut matches)?;
        }
        if matches.len() < limit {
            let seen: HashSet<DocAddress> = matches.iter().map(|m| m.address).collect();
            let some_words_query = with_filters(any_word, clones(filters));
            let mut more = self.collect(searcher, some_words_query.as_ref(), request.sort, limit + matches.len())?;
            more.retain(|m| !seen.contains(&m.address));
            if boost {
                apply_signals(searcher, &mut more)?;
            }
            matches.extend(more);
            matches.truncate(limit);
            if request.sort != SortOrder::Relevance {
                matches.sort_by_key(|m| std::cmp::Reverse(m.key));
            }
        }
        Ok(matches)
    }

    /// BM25 over any of the words plus, for each word a paper contains, [`COVERAGE_SCORE`] ×
    /// the word's idf: papers are ordered by how much of the query's specific vocabulary they
    /// hold, then by BM25.
    fn coverage_query(
        &self,
        searcher: &Searcher,
        words: &[String],
        expansions: Vec<Box<dyn Query>>,
    ) -> anyhow::Result<Box<dyn Query>> {
        let papers = searcher.num_docs() as f32;
        let mut frequencies = Vec::with_capacity(words.len());
        for word in words {
            frequencies.push(self.word_frequency(searcher, word)?);
        }
        // A word nearly every paper holds ("of", "the") orders nothing, yet would make every
        // paper a match to score; it is left out unless the query has no other.
        let common = |frequency: u64| frequency as f32 > COMMON_WORD_SHARE * papers;
        let all_common = frequencies.iter().all(|&frequency| common(frequency));
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (word, &frequency) in words.iter().zip(&frequencies) {
            if common(frequency) && !all_common {
                continue;
            }
            let (matched, _) = self.parse_user_query(word, false)?;
            let idf = (1.0 + (papers - frequency as f32 + 0.5) / (frequency as f32 + 0.5)).ln();
            clauses.push((
                Occur::Should,
                Box::new(PlusConstant::new(matched, COVERAGE_SCORE * idf)),
            ));
        }
        clauses.extend(expansions.into_iter().map(|q| (Occur::Should, q)));
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// In how many papers the word (as analysed) appears: the larger of its title and abstract
    /// frequencies.
    fn word_frequency(&self, searcher: &Searcher, word: &str) -> anyhow::Result<u64> {
        let mut most = 0;
        for token in self.analysed_terms(word) {
            for field in [self.fields.title, self.fields.abstract_text] {
                most = most.max(searcher.doc_freq(&Term::from_field_text(field, &token))?);
            }
        }
        Ok(most)
    }

    /// The terms a query text analyses to, as the index's title and abstract hold them.
    fn analysed_terms(&self, text: &str) -> Vec<String> {
        let Some(mut analyzer) = self.query_tokenizers.get(super::analyzer::TEXT_ANALYZER) else {
            return Vec::new();
        };
        let mut stream = analyzer.token_stream(text);
        let mut terms = Vec::new();
        while stream.advance() {
            terms.push(stream.token().text.clone());
        }
        terms
    }

    /// A parser of query text over the fields a plain word searches: title, abstract, entities,
    /// summary and keywords, with the query analyzers.
    pub(super) fn text_query_parser(&self) -> QueryParser {
        QueryParser::new(
            self.index.schema(),
            vec![
                self.fields.title,
                self.fields.abstract_text,
                self.fields.entities,
                self.fields.summary,
                self.fields.keywords,
            ],
            self.query_tokenizers.clone(),
        )
    }

    /// The blended (or, for [`Ranker::Latent`], the latent) ranking of a plain query; `None`
    /// when none of the query's words has a latent vector.
    ///
    /// The blend reranks the best [`BLEND_CANDIDATES`] lexical matches: each paper's lexical
    /// score scaled to the best one's, plus [`LATENT_WEIGHT`] × its cosine with the query. Only
    /// those papers' vectors are read, so the blend costs a few hundred lookups, not a pass over
    /// every vector (which is memory-bound: 19 MB at 100,000 papers). Papers sharing no word with
    /// the query are left to `--ranker latent`.
    #[allow(clippy::too_many_arguments)]
    fn blend(
        &self,
        searcher: &Searcher,
        model: &LatentModel,
        query_text: &str,
        lexical: Box<dyn Query>,
        filters: &[Box<dyn Query>],
        request: &SearchRequest,
        limit: usize,
    ) -> anyhow::Result<Option<Vec<Match>>> {
        let terms = self.analysed_terms(query_text);
        let Some(query_vector) = model.query_vector(terms.iter().map(String::as_str)) else {
            return Ok(None);
        };
        if request.ranker == Ranker::Latent {
            return self
                .latent_ranking(searcher, model, &query_vector, filters, limit)
                .map(Some);
        }
        let depth = limit.max(BLEND_CANDIDATES);
        let candidates = self.collect(
            searcher,
            with_filters(lexical, clones(filters)).as_ref(),
            SortOrder::Relevance,
            depth,
        )?;
        let best = candidates.iter().filter_map(|m| m.score).fold(0f32, f32::max);
        let mut fingerprints = super::latent::FingerprintReader::new(searcher);
        let mut blended = Vec::with_capacity(candidates.len());
        for candidate in candidates {
            let lexical = candidate.score.unwrap_or(0.0);
            let lexical = if best > 0.0 { lexical / best } else { 0.0 };
            let cosine = fingerprints
                .read(candidate.address)?
                .and_then(|fingerprint| model.similarity(&query_vector, fingerprint))
                .unwrap_or(0.0);
            blended.push(Match {
                score: Some(lexical + LATENT_WEIGHT * cosine.max(0.0)),
                ..candidate
            });
        }
        blended.sort_by(|a, b| {
            b.score
                .unwrap_or(0.0)
                .total_cmp(&a.score.unwrap_or(0.0))
                .then(a.address.cmp(&b.address))
        });
        Ok(Some(blended))
    }

    /// Papers by their cosine with the query alone, over every vector; filters apply.
    fn latent_ranking(
        &self,
        searcher: &Searcher,
        model: &LatentModel,
        query_vector: &super::latent::QueryVector,
        filters: &[Box<dyn Query>],
        limit: usize,
    ) -> anyhow::Result<Vec<Match>> {
        // Filters may reject most of the nearest papers: look further when there are any.
        let wanted = if filters.is_empty() {
            limit
        } else {
            limit.saturating_mul(FILTERED_LATENT_FACTOR)
        };
        let nearest = model.nearest(query_vector, wanted);
        let fingerprints: HashSet<u64> = nearest.iter().map(|(fingerprint, _)| *fingerprint).collect();
        let addresses = self.addresses_of(searcher, &fingerprints)?;
        let mut ranked: Vec<(DocAddress, f32)> = nearest
            .iter()
            .flat_map(|(fingerprint, cosine)| {
                addresses
                    .get(fingerprint)
                    .into_iter()
                    .flatten()
                    .map(move |address| (*address, *cosine))
            })
            .collect();
        if !filters.is_empty() {
            let all = with_filters(Box::new(AllQuery), clones(filters));
            let passing = matching(searcher, all.as_ref(), ranked.iter().map(|(address, _)| *address))?;
            ranked.retain(|(address, _)| passing.contains(address));
        }
        ranked.truncate(limit);
        Ok(ranked
            .into_iter()
            .map(|(address, cosine)| Match {
                address,
                score: Some(cosine),
                key: None,
            })
            .collect())
    }

    /// Highlights the query's words in the abstracts shown, scored as tantivy's own generator
    /// scores them (rarer words count more), with an analyzer that stems only the words that
    /// could match ([`super::analyzer::snippet_analyzer`]).
    fn snippet_generator(&self, searcher: &Searcher, query: &dyn Query) -> anyhow::Result<SnippetGenerator> {
        let field = self.fields.abstract_text;
        let mut terms: BTreeSet<&Term> = BTreeSet::new();
        query.query_terms(&mut |term, _| {
            if term.field() == field {
                terms.insert(term);
            }
        });
        let mut scored: BTreeMap<String, f32> = BTreeMap::new();
        for term in terms {
            let value = term.value();
            let Some(text) = value.as_str() else {
                continue;
            };
            let frequency = searcher.doc_freq(term)?;
            if frequency > 0 {
                scored.insert(text.to_string(), 1.0 / (1.0 + frequency as f32));
            }
        }
        let analyzer = super::analyzer::snippet_analyzer(scored.keys().map(String::as_str));
        Ok(SnippetGenerator::new(scored, analyzer, field, SNIPPET_CHARS))
    }

    /// Parses a user's query leniently (what does not parse is searched as words and reported);
    /// a query over the length and nesting limits is refused before it reaches the parser.
    pub(super) fn parse_user_query(
        &self,
        text: &str,
        every_word: bool,
    ) -> anyhow::Result<(Box<dyn Query>, Vec<tantivy::query::QueryParserError>)> {
        super::check_query(text)?;
        let text = &resolve_entity_fields(text);
        let mut parser = self.text_query_parser();
        parser.set_field_boost(self.fields.title, TITLE_BOOST);
        parser.set_field_boost(self.fields.entities, ENTITIES_BOOST);
        parser.set_field_boost(self.fields.summary, SUMMARY_BOOST);
        parser.set_field_boost(self.fields.keywords, SUMMARY_BOOST);
        if every_word {
            parser.set_conjunction_by_default();
        }
        Ok(parser.parse_query_lenient(text))
    }

    /// Clauses that add what the query means to what it says: papers tagged with a topic or
    /// entity the query names, and the other names of those entities and topics (an acronym
    /// finds its long form and the reverse; "medical" finds "pathology"). They only add score,
    /// less than a matched query word, so they reorder and extend results without displacing
    /// papers that match the words.
    fn expansion_clauses(&self, text: &str) -> Vec<Box<dyn Query>> {
        let fields = &self.fields;
        let mut clauses: Vec<Box<dyn Query>> = Vec::new();
        let query_terms = self.analysed_terms(text);
        // A form is searched unless the query already says it or an earlier form reads the same
        // once analysed ("GANs" for "GAN", "Diffusion Models" for "diffusion model"): those
        // would only repeat the query's own words, at the cost of a query per field. Compared
        // as analysed terms, not as text, so "ViT" is still searched for "vitamin".
        let phrases = |forms: &[&str]| -> Option<Box<dyn Query>> {
            let mut said = Vec::new();
            let mut quoted = Vec::new();
            for form in forms {
                let terms = self.analysed_terms(form);
                if terms.is_empty() || contains_run(&query_terms, &terms) || said.contains(&terms) {
                    continue;
                }
                quoted.push(format!("\"{}\"", form.replace('"', " ")));
                said.push(terms);
            }
            let query_text = quoted.join(" ");
            if query_text.is_empty() {
                return None;
            }
            let (query, _) = self.parse_user_query(&query_text, false).ok()?;
            Some(query)
        };
        for topic in crate::extract::query_topics(text) {
            let term = Term::from_field_text(fields.topics, &keyword_term_text(&topic));
            clauses.push(Box::new(ConstScoreQuery::new(
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                TOPIC_MATCH_SCORE,
            )));
            if let Some(cues) = phrases(&crate::extract::strong_cues(&topic)) {
                clauses.push(Box::new(BoostQuery::new(cues, CUE_EXPANSION_BOOST)));
            }
        }
        for entity in crate::extract::query_entities(text) {
            let field = match entity.kind {
                crate::extract::lexicon::Kind::Dataset => fields.datasets,
                _ => fields.methods,
            };
            let term = Term::from_field_text(field, &keyword_term_text(entity.name));
            clauses.push(Box::new(ConstScoreQuery::new(
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                ENTITY_MATCH_SCORE,
            )));
            if let Some(aliases) = phrases(entity.forms) {
                clauses.push(Box::new(BoostQuery::new(aliases, ALIAS_EXPANSION_BOOST)));
            }
        }
        clauses
    }

    pub(super) fn filter_clauses(&self, filters: &Filters) -> Vec<Box<dyn Query>> {
        let fields = &self.fields;
        let mut clauses: Vec<Box<dyn Query>> = Vec::new();
        if filters.since.is_some() || filters.until.is_some() {
            let bound = |date: Option<time::Date>| match date {
                Some(date) => Bound::Included(Term::from_field_date_for_search(fields.date, date_value(date))),
                None => Bound::Unbounded,
            };
            clauses.push(Box::new(RangeQuery::new(bound(filters.since), bound(filters.until))));
        }
        if let Some(min) = filters.min_upvotes {
            clauses.push(Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_u64(fields.upvotes, min)),
                Bound::Unbounded,
            )));
        }
        if filters.has_code {
            clauses.push(Box::new(TermQuery::new(
                Term::from_field_bool(fields.has_code, true),
                IndexRecordOption::Basic,
            )));
        }
        let id_terms =
            |ids: &[String]| -> Vec<Term> { ids.iter().map(|id| Term::from_field_text(fields.id, id)).collect() };
        if let Some(ids) = &filters.only_ids {
            clauses.push(Box::new(TermSetQuery::new(id_terms(ids))));
        }
        if !filters.except_ids.is_empty() {
            clauses.push(Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
                (
                    Occur::MustNot,
                    Box::new(TermSetQuery::new(id_terms(&filters.except_ids))),
                ),
            ])));
        }
        for (field, values) in [
            (fields.topics, &filters.topics),
            (fields.methods, &filters.methods),
            (fields.datasets, &filters.datasets),
        ] {
            if !values.is_empty() {
                clauses.push(any_keyword(field, values));
            }
        }
        clauses
    }

    fn collect(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        sort: SortOrder,
        limit: usize,
    ) -> anyhow::Result<Vec<Match>> {
        let top = TopDocs::with_limit(limit);
        Ok(match sort {
            SortOrder::Relevance => searcher
                .search(query, &top.order_by_score())?
                .into_iter()
                .map(|(score, address)| Match {
                    address,
                    score: Some(score),
                    key: None,
                })
                .collect(),
            SortOrder::Date => searcher
                .search(
                    query,
                    &top.order_by_fast_field::<tantivy::DateTime>(names::DATE, Order::Desc),
                )?
                .into_iter()
                .map(|(date, address)| Match {
                    address,
                    score: None,
                    key: date.map(|d| d.into_timestamp_secs()),
                })
                .collect(),
            SortOrder::Upvotes => searcher
                .search(query, &top.order_by_fast_field::<u64>(names::UPVOTES, Order::Desc))?
                .into_iter()
                .map(|(upvotes, address)| Match {
                    address,
                    score: None,
                    key: upvotes.map(|u| i64::try_from(u).unwrap_or(i64::MAX)),
                })
                .collect(),
        })
    }
}

fn any_keyword(field: Field, values: &[String]) -> Box<dyn Query> {
    let alternatives: Vec<Box<dyn Query>> = values
        .iter()
        .flat_map(|value| crate::extract::filter_values(value))
        .map(|value| {
            Box::new(TermQuery::new(
                Term::from_field_text(field, &keyword_term_text(&value)),
                IndexRecordOption::Basic,
            )) as Box<dyn Query>
        })
        .collect();
    Box::new(BooleanQuery::union(alternatives))
}

/// `methods:NAME` and `datasets:NAME` in a query stand for every spelling `--method` and
/// `--dataset` accept (an alias, an acronym, a version's family), so `methods:lora` finds the
/// papers filed under "low-rank adaptation": each becomes `(methods:"a" OR methods:"b")`.
fn resolve_entity_fields(text: &str) -> String {
    // Most queries name no field: they skip compiling the pattern.
    if !text.contains(':') {
        return text.to_string();
    }
    static FIELD_VALUE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i)(^|[\s(+\-])(methods|datasets):(?:"([^"]*)"|([^\s()"]+))"#).expect("valid field pattern")
    });
    FIELD_VALUE
        .replace_all(text, |found: &regex::Captures| {
            let field = found[2].to_lowercase();
            let value = found.get(3).or(found.get(4)).map_or("", |m| m.as_str());
            let alternatives: Vec<String> = crate::extract::filter_values(value)
                .iter()
                .map(|value| format!("{field}:\"{}\"", value.replace(['"', '\\'], " ")))
                .collect();
            format!("{}({})", &found[1], alternatives.join(" OR "))
        })
        .into_owned()
}

/// The query restricted by the filters, which contribute nothing to the score.
pub(super) fn with_filters(query: Box<dyn Query>, filters: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if filters.is_empty() {
        return query;
    }
    let mut clauses = vec![(Occur::Must, query)];
    clauses.extend(filters.into_iter().map(|filter| {
        (
            Occur::Must,
            Box::new(ConstScoreQuery::new(filter, 0.0)) as Box<dyn Query>,
        )
    }));
    Box::new(BooleanQuery::new(clauses))
}

/// The snippet's passage, marked with `…` where it starts or ends inside the abstract.
fn with_ellipses(text: &str, snippet: &tantivy::snippet::Snippet) -> (String, Vec<Range<usize>>) {
    let range = snippet.fragment_range();
    let prefix = if range.start > 0 { "… " } else { "" };
    let suffix = if range.end < text.len() { " …" } else { "" };
    let passage = format!("{prefix}{}{suffix}", snippet.fragment());
    let shifted = snippet
        .highlighted()
        .iter()
        .map(|r| r.start + prefix.len()..r.end + prefix.len())
        .collect();
    (passage, shifted)
}

/// Largest share of its score a paper can gain from upvotes (reached at 100 upvotes, log scale).
const UPVOTE_WEIGHT: f32 = 0.04;
/// Largest share of its score a paper can gain from being recent (this year), fading to nothing
/// over `RECENCY_YEARS`.
const RECENCY_WEIGHT: f32 = 0.03;
const RECENCY_YEARS: f32 = 3.0;

/// Ranking signals beyond BM25: multiplies each score by at most 1.07 for upvotes and recency,
/// then re-sorts. A nudge among papers that match about equally well, never enough to lift a
/// paper that matches the query poorly over one that matches it well.
/// True when `run` occurs in `terms` as consecutive terms.
fn contains_run(terms: &[String], run: &[String]) -> bool {
    !run.is_empty() && terms.windows(run.len()).any(|window| window == run)
}

fn apply_signals(searcher: &Searcher, matches: &mut [Match]) -> anyhow::Result<()> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    // Opened once per segment: opening a column decodes its block table.
    let mut columns = HashMap::new();
    for found in matches.iter_mut() {
        let Some(score) = found.score else { continue };
        let (upvotes, dates) = match columns.entry(found.address.segment_ord) {
            std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::hash_map::Entry::Vacant(entry) => {
                let fast = searcher.segment_reader(found.address.segment_ord).fast_fields();
                entry.insert((fast.u64(names::UPVOTES)?, fast.date(names::DATE)?))
            }
        };
        let upvotes = upvotes.first(found.address.doc_id).unwrap_or(0);
        let date = dates.first(found.address.doc_id);
        let popularity = ((1.0 + upvotes as f32).ln() / 101f32.ln()).min(1.0);
        let recency = date.map_or(0.0, |date| {
            let age_years = (now - date.into_timestamp_secs()).max(0) as f32 / (365.25 * 86_400.0);
            (1.0 - age_years / RECENCY_YEARS).clamp(0.0, 1.0)
        });
        found.score = Some(score * (1.0 + UPVOTE_WEIGHT * popularity + RECENCY_WEIGHT * recency));
    }
    matches.sort_by(|a, b| b.score.unwrap_or(0.0).total_cmp(&a.score.unwrap_or(0.0)));
    Ok(())
}

fn clones(queries: &[Box<dyn Query>]) -> Vec<Box<dyn Query>> {
    queries.iter().map(|query| query.box_clone()).collect()
}

/// The distinct words of a plain query, in order.
fn plain_words(text: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    text.split_whitespace()
        .map(|word| word.to_lowercase())
        .filter(|word| word.chars().any(char::is_alphanumeric) && seen.insert(word.clone()))
        .collect()
}

/// Which of the given papers the query matches.
fn matching(
    searcher: &Searcher,
    query: &dyn Query,
    addresses: impl IntoIterator<Item = DocAddress>,
) -> anyhow::Result<HashSet<DocAddress>> {
    let mut addresses: Vec<DocAddress> = addresses.into_iter().collect();
    addresses.sort();
    addresses.dedup();
    let weight = query.weight(tantivy::query::EnableScoring::disabled_from_searcher(searcher))?;
    let mut found = HashSet::new();
    for segment_addresses in addresses.chunk_by(|a, b| a.segment_ord == b.segment_ord) {
        let segment_ord = segment_addresses[0].segment_ord;
        let mut scorer = weight.scorer(searcher.segment_reader(segment_ord), 1.0)?;
        for address in segment_addresses {
            if scorer.doc() > address.doc_id {
                continue;
            }
            if scorer.seek(address.doc_id) == address.doc_id {
                found.insert(*address);
            }
        }
    }
    Ok(found)
}

/// True for queries of plain words: operators, phrases and fields ask for exactly what they say,
/// so they are not expanded.
fn is_plain_query(text: &str) -> bool {
    !text.contains(['"', ':', '(', ')', '[', ']', '^', '*'])
        && text
            .split_whitespace()
            .all(|word| !word.starts_with(['-', '+']) && !["AND", "OR", "NOT"].contains(&word))
}

/// The opening of an abstract, cut at a word boundary, for papers that matched on the title only.
fn leading_passage(text: &str) -> String {
    if text.chars().count() <= SNIPPET_CHARS {
        return text.to_string();
    }
    let mut end = text.char_indices().nth(SNIPPET_CHARS).map_or(text.len(), |(i, _)| i);
    if let Some(space) = text[..end].rfind(' ') {
        end = space;
    }
    format!("{} …", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_fields_in_a_query_stand_for_every_spelling() {
        assert_eq!(
            resolve_entity_fields("pretraining -methods:LoRA"),
            "pretraining -(methods:\"lora\" OR methods:\"low-rank adaptation\")"
        );
        assert_eq!(
            resolve_entity_fields("(datasets:\"ImageNet-1k\") title:methods:x"),
            "((datasets:\"imagenet-1k\" OR datasets:\"imagenet\")) title:methods:x"
        );
        assert_eq!(resolve_entity_fields("methods"), "methods");
    }
    use crate::record::{parse_iso_date, Metadata, Source};

    fn paper(title: &str, topics: &[&str], datasets: &[&str], date: &str, upvotes: u64) -> Paper {
        let mut paper = Paper::new(
            title.to_string(),
            format!("{title} abstract about learning."),
            Metadata {
                authors: Some(1),
                date: Some(parse_iso_date(date).unwrap()),
                upvotes: Some(upvotes),
            },
            Source {
                file: "t.txt".into(),
                line: 1,
            },
        );
        paper.topics = topics.iter().map(ToString::to_string).collect();
        paper.datasets = datasets.iter().map(ToString::to_string).collect();
        paper
    }

    fn index_with(papers: Vec<Paper>) -> (tempfile::TempDir, PaperIndex) {
        let dir = tempfile::tempdir().unwrap();
        let index = PaperIndex::open_or_create(&dir.path().join("index")).unwrap();
        index.upsert_all(papers).unwrap();
        (dir, index)
    }

    fn titles(index: &PaperIndex, request: &SearchRequest) -> Vec<String> {
        index
            .search(request)
            .unwrap()
            .hits()
            .map(|hit| hit.unwrap().paper.title)
            .collect()
    }

    #[test]
    fn extracted_field_filters_match_case_insensitively_and_alternatives_combine() {
        let (_dir, index) = index_with(vec![
            paper("Vision One", &["vision"], &["MS COCO"], "2024-01-01", 1),
            paper("Language Two", &["language"], &[], "2024-02-01", 5),
            paper("Both Three", &["vision", "language"], &["ImageNet"], "2024-03-01", 3),
        ]);
        let mut request = SearchRequest {
            query: Some("learning".into()),
            ..SearchRequest::default()
        };
        request.filters.topics = vec!["VISION".into()];
        let mut got = titles(&index, &request);
        got.sort();
        assert_eq!(got, ["Both Three", "Vision One"]);

        request.filters.topics = vec!["vision".into(), "language".into()];
        assert_eq!(titles(&index, &request).len(), 3);

        request.filters.datasets = vec!["ms coco".into()];
        assert_eq!(titles(&index, &request), ["Vision One"]);
    }

    #[test]
    fn a_run_of_terms_is_found_only_whole_and_in_order() {
        let terms: Vec<String> = ["mixtur", "of", "expert", "rout"].map(String::from).into();
        let run = |words: &[&str]| -> Vec<String> { words.iter().map(ToString::to_string).collect() };
        assert!(contains_run(&terms, &run(&["of", "expert"])));
        assert!(contains_run(&terms, &run(&["rout"])));
        assert!(!contains_run(&terms, &run(&["expert", "of"])));
        assert!(!contains_run(&terms, &run(&["mixtur", "expert"])));
        assert!(!contains_run(&terms, &[]));
    }

    #[test]
    fn a_word_nearly_every_paper_holds_does_not_make_a_description_match_everything() {
        let studied = |title: &str, subject: &str| {
            let mut paper = paper(title, &[], &[], "2024-01-01", 1);
            paper.abstract_text = format!("We study the problem of {subject}.");
            paper
        };
        let (_dir, index) = index_with(vec![
            studied("Graph Networks", "graph learning"),
            studied("Speech Models", "speech recognition"),
            studied("Robot Control", "robot control"),
        ]);
        let query = |text: &str| SearchRequest {
            query: Some(text.into()),
            ..SearchRequest::default()
        };
        // Five words: a description, ranked by coverage; "we" and "study" are in every paper.
        assert_eq!(
            titles(&index, &query("we study graph message passing")),
            ["Graph Networks"]
        );
        // Nothing but such words: they are all the query has, so they still match.
        assert_eq!(titles(&index, &query("we study the problem of")).len(), 3);
    }

    #[test]
    fn sorting_without_a_query_and_with_filters() {
        let (_dir, index) = index_with(vec![
            paper("Old Popular", &[], &[], "2020-01-01", 50),
            paper("New Quiet", &[], &[], "2025-01-01", 0),
            paper("Middle", &[], &[], "2023-06-01", 7),
        ]);
        let all = SearchRequest::default();
        assert_eq!(titles(&index, &all), ["New Quiet", "Middle", "Old Popular"]);
        let by_upvotes = SearchRequest {
            sort: SortOrder::Upvotes,
            ..SearchRequest::default()
        };
        assert_eq!(titles(&index, &by_upvotes), ["Old Popular", "Middle", "New Quiet"]);
        let mut recent = SearchRequest::default();
        recent.filters.since = Some(parse_iso_date("2023-06-01").unwrap());
        recent.filters.min_upvotes = Some(1);
        assert_eq!(titles(&index, &recent), ["Middle"]);
    }
}
