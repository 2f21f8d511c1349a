//! Papers as feature vectors, for the inbox's reader model: the words of the title and abstract
//! (the index's own analysis: stems, compounds) weighted by tf-idf, and the names the paper
//! carries (topics, methods, datasets, keywords), weighted by idf.
//!
//! A model is trained on the few papers the reader decided about and then scores every new paper.
//! Reading each new paper's record would cost a decompression per paper, and tantivy keeps no
//! per-document term lists, so the two sides meet in the middle: a decided paper's vector is built
//! from its record (tokenized with the analyzer the index used, so its terms are the index's
//! terms), and a linear model's score for every other paper is summed from the posting lists of
//! the model's features. Both sides share one weighting, [`word_value`], and read the document's
//! length from the same place (tantivy's field norms), so a paper gets the same vector either way.
//!
//! Words in more than [`COMMON_WORD_SHARE`] of the papers ("the", "model", "we") are left out:
//! their idf is near zero, so they say little, and their posting lists are the longest to read.

use std::collections::HashMap;

use anyhow::Context;
use rustc_hash::FxHashMap;
use tantivy::postings::Postings;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, Searcher, Term, TERMINATED};

use super::schema::{keyword_term_text, Fields};
use super::PaperIndex;
use crate::record::Paper;

/// Words in a larger share of the papers than this are not features.
pub const COMMON_WORD_SHARE: f64 = 0.3;
/// A title word counts this many times an abstract word.
const TITLE_REPEAT: u32 = 2;
/// Scales word values so that a typical abstract's vector has a length near 1.
const WORD_SCALE: f32 = 0.25;
/// Scales name values: a name a paper carries weighs about as much as a frequent, specific word.
const NAME_SCALE: f32 = 0.05;

/// What a feature is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FeatureKind {
    /// A stemmed word of the title or abstract.
    Word,
    /// Two stemmed words in a row ("video generat"). The index has no list of these, so their
    /// document frequencies are estimated from a sample of papers
    /// ([`FeatureSpace::estimate_phrases`]).
    Phrase,
    Topic,
    Method,
    Dataset,
    /// A keyword the source gave (the Hugging Face API's `ai_keywords`).
    Keyword,
}

/// One feature: its kind and its term as the index holds it (a stem, two stems with a space, a
/// lower-cased name; a keyword as written).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Feature {
    pub kind: FeatureKind,
    pub term: String,
}

/// A feature's number in a [`FeatureSpace`].
pub type FeatureId = u32;

/// A paper's terms before weighting: words and phrases with their title and abstract
/// frequencies, names, the document's length, and (when asked for) how each is written in it.
#[derive(Debug, Clone, Default)]
pub struct PaperTerms {
    pub text: Vec<(FeatureId, u32, u32)>,
    pub names: Vec<FeatureId>,
    length: u32,
    pub labels: HashMap<FeatureId, String>,
}

impl PaperTerms {
    /// Moves the terms into another space's numbering (from [`FeatureSpace::absorb`]).
    pub fn renumber(&mut self, ids: &[FeatureId]) {
        for (id, _, _) in &mut self.text {
            *id = ids[*id as usize];
        }
        for id in &mut self.names {
            *id = ids[*id as usize];
        }
        self.labels = std::mem::take(&mut self.labels)
            .into_iter()
            .map(|(id, label)| (ids[id as usize], label))
            .collect();
        self.text.sort_unstable();
        self.names.sort_unstable();
    }
}

/// The features met so far, numbered, with what is known of each: document frequencies looked
/// up once per feature, phrase estimates, and which words are too common to count.
pub struct FeatureSpace {
    searcher: Searcher,
    fields: Fields,
    num_docs: u64,
    features: Vec<Feature>,
    words: FxHashMap<String, FeatureId>,
    phrases: FxHashMap<(FeatureId, FeatureId), FeatureId>,
    names: FxHashMap<(FeatureKind, String), FeatureId>,
    /// Document frequency by feature id, once looked up (for a phrase: of its rarer word).
    df: Vec<Option<u64>>,
    /// A phrase's two words by feature id (other features: themselves).
    parts: Vec<(FeatureId, FeatureId)>,
    /// Estimated inverse document frequencies of phrases.
    phrase_idf: FxHashMap<FeatureId, f32>,
    /// The analyzer the index used for titles and abstracts (one instance, so its stem memo
    /// serves every paper).
    analyzer: Option<tantivy::tokenizer::TextAnalyzer>,
}

impl FeatureSpace {
    pub fn feature(&self, id: FeatureId) -> &Feature {
        &self.features[id as usize]
    }

    pub fn len(&self) -> usize {
        self.features.len()
    }

    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    fn add(&mut self, feature: Feature) -> FeatureId {
        let id = self.features.len() as FeatureId;
        self.features.push(feature);
        self.df.push(None);
        self.parts.push((id, id));
        id
    }

    /// Spells out a phrase's term ("video generat"); phrases are met by the hundred thousand and
    /// named only when they are scored or shown.
    pub fn spell(&mut self, id: FeatureId) {
        let index = id as usize;
        if self.features[index].kind == FeatureKind::Phrase && self.features[index].term.is_empty() {
            let (first, second) = self.parts[index];
            let term = format!(
                "{} {}",
                self.features[first as usize].term, self.features[second as usize].term
            );
            self.features[index].term = term;
        }
    }

    fn word(&mut self, stem: &str) -> FeatureId {
        if let Some(&id) = self.words.get(stem) {
            return id;
        }
        let id = self.add(Feature {
            kind: FeatureKind::Word,
            term: stem.to_string(),
        });
        self.words.insert(stem.to_string(), id);
        id
    }

    fn phrase(&mut self, first: FeatureId, second: FeatureId) -> FeatureId {
        if let Some(&id) = self.phrases.get(&(first, second)) {
            return id;
        }
        let id = self.add(Feature {
            kind: FeatureKind::Phrase,
            term: String::new(),
        });
        self.parts[id as usize] = (first, second);
        self.phrases.insert((first, second), id);
        id
    }

    fn name(&mut self, kind: FeatureKind, term: String) -> FeatureId {
        if let Some(&id) = self.names.get(&(kind, term.clone())) {
            return id;
        }
        let id = self.add(Feature {
            kind,
            term: term.clone(),
        });
        self.names.insert((kind, term), id);
        id
    }

    /// Takes in the features another space (over the same searcher) met, with what it knew of
    /// them; returns, for each of its ids, the id here ([`PaperTerms::renumber`] applies it).
    pub fn absorb(&mut self, other: FeatureSpace) -> Vec<FeatureId> {
        let mut ids = Vec::with_capacity(other.features.len());
        for (local, feature) in other.features.into_iter().enumerate() {
            let id = match feature.kind {
                FeatureKind::Word => self.word(&feature.term),
                // Its words come before it in the other space, so they are numbered here already.
                FeatureKind::Phrase => {
                    let (first, second) = other.parts[local];
                    self.phrase(ids[first as usize], ids[second as usize])
                }
                kind => self.name(kind, feature.term),
            };
            if self.df[id as usize].is_none() {
                self.df[id as usize] = other.df[local];
            }
            ids.push(id);
        }
        ids
    }

    /// How many papers carry the feature (for a word: in the abstract, or in the title when no
    /// abstract has it; for a phrase: its rarer word's count, an upper bound).
    pub fn doc_freq(&mut self, id: FeatureId) -> u64 {
        if let Some(df) = self.df[id as usize] {
            return df;
        }
        let searcher = &self.searcher;
        let count = |field: Field, text: &str| searcher.doc_freq(&Term::from_field_text(field, text)).unwrap_or(0);
        let feature = &self.features[id as usize];
        let df = match feature.kind {
            // Nearly every title word is also in the abstract: the title is looked up only for
            // the rare word that is not.
            FeatureKind::Word => match count(self.fields.abstract_text, &feature.term) {
                0 => count(self.fields.title, &feature.term),
                df => df,
            },
            kind @ (FeatureKind::Topic | FeatureKind::Method | FeatureKind::Dataset | FeatureKind::Keyword) => {
                count(name_field(&self.fields, kind), &feature.term)
            }
            FeatureKind::Phrase => {
                let (first, second) = self.parts[id as usize];
                self.doc_freq(first).min(self.doc_freq(second))
            }
        };
        self.df[id as usize] = Some(df);
        df
    }

    /// Inverse document frequency (smoothed, as scikit-learn's): 1 + ln((1 + n) / (1 + df));
    /// for a phrase, the estimate (`None` when there is none).
    pub fn idf(&mut self, id: FeatureId) -> Option<f32> {
        if self.features[id as usize].kind == FeatureKind::Phrase {
            return self.phrase_idf.get(&id).copied();
        }
        let df = self.doc_freq(id);
        Some(1.0 + ((1.0 + self.num_docs as f64) / (1.0 + df as f64)).ln() as f32)
    }

    /// Whether a word is too common to be a feature.
    fn is_common(&mut self, id: FeatureId) -> bool {
        self.doc_freq(id) as f64 > COMMON_WORD_SHARE * self.num_docs as f64
    }

    pub fn num_docs(&self) -> u64 {
        self.num_docs
    }

    /// Estimates the idf of every phrase in `terms` from the share of `sample` (papers drawn from
    /// the whole index) that contain it.
    pub fn estimate_phrases<'a>(&mut self, terms: impl IntoIterator<Item = &'a PaperTerms>, sample: &[&PaperTerms]) {
        let mut in_sample: FxHashMap<FeatureId, u32> = FxHashMap::default();
        for paper in sample {
            for (id, _, _) in &paper.text {
                if self.features[*id as usize].kind == FeatureKind::Phrase {
                    *in_sample.entry(*id).or_default() += 1;
                }
            }
        }
        let size = sample.len() as f32;
        for paper in terms {
            for (id, _, _) in &paper.text {
                if self.features[*id as usize].kind == FeatureKind::Phrase {
                    let seen = in_sample.get(id).copied().unwrap_or(0) as f32;
                    self.phrase_idf
                        .entry(*id)
                        .or_insert_with(|| 1.0 + ((1.0 + size) / (1.0 + seen)).ln());
                }
            }
        }
    }

    /// Keeps the phrase estimates of these features only.
    pub fn retain_phrase_estimates(&mut self, keep: impl Fn(FeatureId) -> bool) {
        self.phrase_idf.retain(|id, _| keep(*id));
    }

    /// A paper's feature vector: its terms weighted, by feature id. Phrases without an estimate
    /// are left out.
    pub fn vector(&mut self, terms: &PaperTerms) -> Vec<(FeatureId, f32)> {
        let mut values = Vec::with_capacity(terms.text.len() + terms.names.len());
        for &(id, title_tf, abstract_tf) in &terms.text {
            if let Some(idf) = self.idf(id) {
                values.push((id, word_value(title_tf, abstract_tf, idf, terms.length)));
            }
        }
        for &id in &terms.names {
            if let Some(idf) = self.idf(id) {
                values.push((id, name_value(idf)));
            }
        }
        values
    }

    /// The terms of one paper at `address` (whose record is `paper`): its words and the phrases of
    /// two words (neither of them too common) with their frequencies, and its names; with
    /// `labels`, how each is written in the paper (for explanations).
    pub fn paper_terms(
        &mut self,
        index: &PaperIndex,
        address: DocAddress,
        paper: &Paper,
        labels: bool,
    ) -> anyhow::Result<PaperTerms> {
        let segment = self.searcher.segment_reader(address.segment_ord);
        let length = index.lengths(segment)?.of(address.doc_id);
        let mut terms = PaperTerms {
            length,
            ..PaperTerms::default()
        };
        let mut counts: FxHashMap<FeatureId, (u32, u32)> = FxHashMap::default();
        // (position, word id) of the words kept, in position order (a compound gives its joined
        // form and its parts at one position); common words are kept out, and so out of phrases.
        let mut words: Vec<(usize, FeatureId)> = Vec::new();
        let mut analyzer = self.analyzer.take().context("the feature space's analyzer is in use")?;
        for (text, is_title) in [(paper.title.as_str(), true), (paper.abstract_text.as_str(), false)] {
            words.clear();
            {
                let mut stream = analyzer.token_stream(text);
                while let Some(token) = stream.next() {
                    let id = self.word(&token.text);
                    if self.is_common(id) {
                        continue;
                    }
                    words.push((token.position, id));
                    if labels {
                        if let Some(written) = text.get(token.offset_from..token.offset_to) {
                            terms.labels.entry(id).or_insert_with(|| written.to_lowercase());
                        }
                    }
                }
            }
            let mut count = |id: FeatureId| {
                let entry = counts.entry(id).or_default();
                if is_title {
                    entry.0 += 1;
                } else {
                    entry.1 += 1;
                }
            };
            // Each word, and each pair of a word and one at the next position.
            let mut next_start = 0;
            for (i, &(position, first)) in words.iter().enumerate() {
                count(first);
                next_start = next_start.max(i + 1);
                while next_start < words.len() && words[next_start].0 <= position {
                    next_start += 1;
                }
                for &(next_position, second) in &words[next_start..] {
                    if next_position != position + 1 {
                        break;
                    }
                    let phrase = self.phrase(first, second);
                    count(phrase);
                    if labels && !terms.labels.contains_key(&phrase) {
                        if let (Some(a), Some(b)) = (terms.labels.get(&first), terms.labels.get(&second)) {
                            let label = format!("{a} {b}");
                            terms.labels.insert(phrase, label);
                        }
                    }
                }
            }
        }
        self.analyzer = Some(analyzer);
        let listed = [
            (FeatureKind::Topic, &paper.topics),
            (FeatureKind::Method, &paper.methods),
            (FeatureKind::Dataset, &paper.datasets),
        ];
        for (kind, list) in listed {
            for name in list {
                let id = self.name(kind, keyword_term_text(name));
                if labels {
                    terms.labels.entry(id).or_insert_with(|| name.clone());
                }
                terms.names.push(id);
            }
        }
        for keyword in &paper.keywords {
            let id = self.name(FeatureKind::Keyword, keyword.clone());
            if labels {
                terms.labels.entry(id).or_insert_with(|| keyword.clone());
            }
            terms.names.push(id);
        }
        terms.names.sort_unstable();
        terms.names.dedup();
        terms.text = counts.into_iter().map(|(id, (t, a))| (id, t, a)).collect();
        terms.text.sort_unstable();
        Ok(terms)
    }
}

/// The value of a word or phrase feature: sublinear term frequency (title words counted twice)
/// times idf, over the square root of the paper's length in the same count.
pub fn word_value(title_tf: u32, abstract_tf: u32, idf: f32, length: u32) -> f32 {
    let tf = TITLE_REPEAT * title_tf + abstract_tf;
    if tf == 0 {
        return 0.0;
    }
    WORD_SCALE * (1.0 + (tf as f32).ln()) * idf / (length.max(1) as f32).sqrt()
}

/// The field that holds a name feature's terms (the keyword fields, lower-cased; keywords as
/// written).
fn name_field(fields: &Fields, kind: FeatureKind) -> Field {
    match kind {
        FeatureKind::Topic => fields.topics,
        FeatureKind::Method => fields.methods,
        FeatureKind::Dataset => fields.datasets,
        FeatureKind::Keyword | FeatureKind::Word | FeatureKind::Phrase => fields.keywords_facet,
    }
}

/// The value of a name feature.
pub fn name_value(idf: f32) -> f32 {
    NAME_SCALE * idf
}

impl PaperIndex {
    /// An empty feature space over the current searcher.
    pub fn feature_space(&self) -> anyhow::Result<FeatureSpace> {
        let searcher = self.searcher();
        let num_docs = searcher.num_docs();
        Ok(FeatureSpace {
            searcher,
            fields: self.fields.clone(),
            num_docs,
            features: Vec::new(),
            words: FxHashMap::default(),
            phrases: FxHashMap::default(),
            names: FxHashMap::default(),
            df: Vec::new(),
            parts: Vec::new(),
            phrase_idf: FxHashMap::default(),
            analyzer: Some(self.index.tokenizer_for_field(self.fields.title)?),
        })
    }

    /// A linear function of the features, `Σ weight × value`, for every document of the current
    /// searcher, summed from posting lists: one score per document, by segment (deleted documents
    /// included; callers skip them). `weights` are (feature, weight, idf) triples.
    ///
    /// The features are split between threads (up to the machine's cores, at most
    /// [`SCORING_THREADS`]); each sums its share for every segment, and the shares are added.
    pub fn linear_scores(&self, weights: &[(&Feature, f32, f32)]) -> anyhow::Result<Vec<Vec<f32>>> {
        let searcher = self.searcher();
        let shares = on_threads(weights, SCORING_THREADS, "scoring the papers", |share| {
            searcher
                .segment_readers()
                .iter()
                .map(|segment| self.segment_sums(segment, share))
                .collect::<anyhow::Result<Vec<SegmentSums>>>()
        })?;
        let mut total: Option<Vec<SegmentSums>> = None;
        for share in shares {
            match total.as_mut() {
                None => total = Some(share),
                Some(total) => {
                    for (sums, more) in total.iter_mut().zip(share) {
                        sums.words.iter_mut().zip(more.words).for_each(|(a, b)| *a += b);
                        sums.names.iter_mut().zip(more.names).for_each(|(a, b)| *a += b);
                    }
                }
            }
        }
        let total = total.unwrap_or_else(|| {
            searcher
                .segment_readers()
                .iter()
                .map(|segment| SegmentSums::new(segment.max_doc() as usize))
                .collect()
        });
        let mut scores = Vec::with_capacity(total.len());
        for (segment, sums) in searcher.segment_readers().iter().zip(total) {
            let lengths = self.lengths(segment)?;
            let SegmentSums { words, mut names } = sums;
            for (doc, (word_sum, name_sum)) in words.iter().zip(&mut names).enumerate() {
                if *word_sum != 0.0 {
                    *name_sum += word_sum / (lengths.of(doc as DocId).max(1) as f32).sqrt();
                }
            }
            scores.push(names);
        }
        Ok(scores)
    }

    /// One segment's sums of `Σ weight × value` for some of the features: words and phrases
    /// not yet divided by the documents' lengths, names complete.
    fn segment_sums(
        &self,
        segment: &tantivy::SegmentReader,
        weights: &[(&Feature, f32, f32)],
    ) -> anyhow::Result<SegmentSums> {
        let mut sums = SegmentSums::new(segment.max_doc() as usize);
        let title_index = segment.inverted_index(self.fields.title)?;
        let abstract_index = segment.inverted_index(self.fields.abstract_text)?;
        for (feature, weight, idf) in weights {
            match feature.kind {
                FeatureKind::Word | FeatureKind::Phrase => {
                    let in_title = frequencies(&title_index, self.fields.title, feature)?;
                    let in_abstract = frequencies(&abstract_index, self.fields.abstract_text, feature)?;
                    merge_frequencies(&in_title, &in_abstract, |doc, title_tf, abstract_tf| {
                        sums.words[doc as usize] += *weight * word_value(title_tf, abstract_tf, *idf, 1);
                    });
                }
                kind => {
                    let field = name_field(&self.fields, kind);
                    let term = Term::from_field_text(field, &feature.term);
                    let inverted = segment.inverted_index(field)?;
                    if let Some(mut postings) = inverted.read_postings(&term, IndexRecordOption::Basic)? {
                        let value = *weight * name_value(*idf);
                        let mut doc = postings.doc();
                        while doc != TERMINATED {
                            sums.names[doc as usize] += value;
                            doc = postings.advance();
                        }
                    }
                }
            }
        }
        Ok(sums)
    }

    fn lengths(&self, segment: &tantivy::SegmentReader) -> anyhow::Result<Lengths> {
        Ok(Lengths {
            title: segment
                .get_fieldnorms_reader(self.fields.title)
                .context("reading title lengths")?,
            abstract_text: segment
                .get_fieldnorms_reader(self.fields.abstract_text)
                .context("reading abstract lengths")?,
        })
    }
}

/// Splits `items` into one share per thread (up to the machine's cores, at most `most`), runs
/// `work` on each share at once, and returns the results in the order of the shares.
pub fn on_threads<T: Sync, R: Send>(
    items: &[T],
    most: usize,
    what: &str,
    work: impl Fn(&[T]) -> anyhow::Result<R> + Sync,
) -> anyhow::Result<Vec<R>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, most.max(1));
    let chunk = items.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items.chunks(chunk).map(|share| scope.spawn(|| work(share))).collect();
        handles
            .into_iter()
            .map(|handle| handle.join().unwrap_or_else(|_| Err(anyhow::anyhow!("{what} failed"))))
            .collect()
    })
}

/// Threads that sum scores from posting lists, at most.
const SCORING_THREADS: usize = 4;

/// Partial sums of a linear score for one segment's documents.
struct SegmentSums {
    words: Vec<f32>,
    names: Vec<f32>,
}

impl SegmentSums {
    fn new(max_doc: usize) -> SegmentSums {
        SegmentSums {
            words: vec![0.0; max_doc],
            names: vec![0.0; max_doc],
        }
    }
}

/// The lengths of one segment's documents, from tantivy's field norms.
struct Lengths {
    title: tantivy::fieldnorm::FieldNormReader,
    abstract_text: tantivy::fieldnorm::FieldNormReader,
}

impl Lengths {
    /// A document's length as word values count it: title tokens twice, abstract tokens once.
    fn of(&self, doc: DocId) -> u32 {
        TITLE_REPEAT * self.title.fieldnorm(doc) + self.abstract_text.fieldnorm(doc)
    }
}

/// How often a word or phrase occurs in each document of a segment's field that has it, by
/// document. A phrase is found from its words' positions.
fn frequencies(
    inverted: &tantivy::InvertedIndexReader,
    field: Field,
    feature: &Feature,
) -> anyhow::Result<Vec<(DocId, u32)>> {
    let mut found = Vec::new();
    if feature.kind == FeatureKind::Word {
        let term = Term::from_field_text(field, &feature.term);
        if let Some(mut postings) = inverted.read_postings(&term, IndexRecordOption::WithFreqs)? {
            let mut doc = postings.doc();
            while doc != TERMINATED {
                found.push((doc, postings.term_freq()));
                doc = postings.advance();
            }
        }
        return Ok(found);
    }
    let Some((first, second)) = feature.term.split_once(' ') else {
        return Ok(found);
    };
    let read = |word: &str| {
        inverted.read_postings(
            &Term::from_field_text(field, word),
            IndexRecordOption::WithFreqsAndPositions,
        )
    };
    let (Some(mut first), Some(mut second)) = (read(first)?, read(second)?) else {
        return Ok(found);
    };
    let (mut first_positions, mut second_positions) = (Vec::new(), Vec::new());
    let mut doc = first.doc();
    while doc != TERMINATED {
        // Seeking never goes backwards: either list may already stand past the other's document.
        let other = if second.doc() < doc {
            second.seek(doc)
        } else {
            second.doc()
        };
        if other == TERMINATED {
            break;
        }
        if other != doc {
            doc = if doc < other { first.seek(other) } else { doc };
            continue;
        }
        first.positions(&mut first_positions);
        second.positions(&mut second_positions);
        // Both lists are sorted: count the places where the second word follows the first.
        let (mut i, mut j, mut count) = (0, 0, 0);
        while i < first_positions.len() && j < second_positions.len() {
            let wanted = first_positions[i] + 1;
            match second_positions[j].cmp(&wanted) {
                std::cmp::Ordering::Less => j += 1,
                std::cmp::Ordering::Greater => i += 1,
                std::cmp::Ordering::Equal => {
                    count += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        if count > 0 {
            found.push((doc, count));
        }
        doc = first.advance();
    }
    Ok(found)
}

/// Walks the frequencies of one word or phrase in the title and the abstract together, calling
/// `each` once per document with both.
fn merge_frequencies(title: &[(DocId, u32)], abstract_text: &[(DocId, u32)], mut each: impl FnMut(DocId, u32, u32)) {
    let (mut i, mut j) = (0, 0);
    while i < title.len() || j < abstract_text.len() {
        let title_doc = title.get(i).map_or(TERMINATED, |entry| entry.0);
        let abstract_doc = abstract_text.get(j).map_or(TERMINATED, |entry| entry.0);
        let doc = title_doc.min(abstract_doc);
        let mut title_tf = 0;
        let mut abstract_tf = 0;
        if title_doc == doc {
            title_tf = title[i].1;
            i += 1;
        }
        if abstract_doc == doc {
            abstract_tf = abstract_text[j].1;
            j += 1;
        }
        each(doc, title_tf, abstract_tf);
    }
}
