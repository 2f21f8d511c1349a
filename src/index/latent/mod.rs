//! The latent layer: a dense vector for every paper and every common term, learned from the
//! user's own index, so that a search can find the paper a description means when the
//! description's words are not the paper's ("tool discovery" near "tool use").
//!
//! Why this design: it is latent semantic analysis — a truncated SVD of the papers' tf-idf
//! matrix — because it needs no model downloaded and nothing leaving the machine, learns the
//! vocabulary of exactly the papers the user keeps, and costs one SVD of a bounded sample. Paper
//! vectors are int8 (a quarter of f32's size; cosines move by well under the differences that
//! decide rankings) in `latent.bin` beside tantivy's files, keyed by the paper's content
//! fingerprint rather than by tantivy's document address, which merges change.
//!
//! Kept current by the writers: after each ingest, [`PaperIndex::refresh_latent`] folds new and
//! changed papers in with the existing term vectors (cheap), and learns the model again once the
//! collection has grown by [`REFIT_GROWTH`] since the last fit; `reindex` always learns it again.
//! A paper the file does not know yet (a crash between commit and refresh) simply has no latent
//! score until the next refresh: the layer only ever adds to the lexical ranking.

mod cores;
mod file;
mod fit;
mod svd;
mod vector_ops;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use anyhow::Context;
use tantivy::{DocAddress, DocId, Searcher};

use super::schema::names;
use super::PaperIndex;
use file::{f32_at, u32_at, u64_at, Encoded, Sections, TermCodes};
use fit::{fold_in, map_rows, term_vectors, PackedRows, TextFields, Vocabulary};

pub use file::FILE_NAME;

/// Dimensions of the latent space.
pub const DIMENSIONS: usize = 192;
/// Smallest collection a model is learned for: below it, co-occurrence says too little.
pub const MIN_PAPERS: u64 = 100;
/// Learn the model again once the collection has grown by this share since the last fit.
pub const REFIT_GROWTH: f64 = 0.25;

/// What a refresh did, for the ingest summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refresh {
    /// Learned from the whole collection.
    Fitted { papers: u64 },
    /// New or changed papers folded into the existing model.
    FoldedIn { papers: u64 },
    /// Nothing to do.
    Unchanged,
    /// Too few papers for a model (any old one was removed).
    TooSmall,
}

/// A model file, memory-mapped.
pub struct LatentModel {
    bytes: memmap2::Mmap,
    sections: Sections,
}

impl LatentModel {
    /// The model beside the index at `dir`, or `None` when there is none or it cannot be read
    /// (then searches are lexical, and the next writer learns a new one).
    pub fn open(dir: &Path) -> Option<LatentModel> {
        let file = std::fs::File::open(dir.join(FILE_NAME)).ok()?;
        // SAFETY: papers replaces the file by renaming a new one over it and never writes into
        // it in place, so the mapped bytes do not change while they are read. Any other process
        // truncating it could fault a read: the same condition tantivy's own mapped segment
        // files live under.
        let bytes = unsafe { memmap2::Mmap::map(&file) }.ok()?;
        let sections = Sections::read(&bytes).ok()?;
        Some(LatentModel { bytes, sections })
    }

    pub fn dimensions(&self) -> usize {
        self.sections.dimensions
    }

    pub fn papers(&self) -> usize {
        self.sections.papers
    }

    /// Collection size when the model was learned.
    pub fn fitted_papers(&self) -> u64 {
        self.sections.fitted_papers
    }

    fn term(&self, i: usize) -> &[u8] {
        let s = &self.sections;
        let start = if i == 0 {
            0
        } else {
            u32_at(&self.bytes, s.term_ends.start + 4 * (i - 1)) as usize
        };
        let end = u32_at(&self.bytes, s.term_ends.start + 4 * i) as usize;
        &self.bytes[s.term_bytes.start + start..s.term_bytes.start + end]
    }

    fn term_position(&self, term: &str) -> Option<usize> {
        let (mut low, mut high) = (0, self.sections.terms);
        while low < high {
            let middle = (low + high) / 2;
            match self.term(middle).cmp(term.as_bytes()) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(middle),
            }
        }
        None
    }

    fn idf(&self, term: usize) -> f32 {
        f32_at(&self.bytes, self.sections.idf.start + 4 * term)
    }

    /// Adds `weight` × the term's vector to `into`.
    fn add_term_vector(&self, term: usize, into: &mut [f32], weight: f32) {
        let s = &self.sections;
        let scale = f32_at(&self.bytes, s.term_scales.start + 4 * term) * weight;
        vector_ops::add_scaled_codes(
            into,
            &self.bytes[s.term_vectors.start + term * s.dimensions..][..s.dimensions],
            scale,
        );
    }

    /// The vector of a query given as analysed terms (each once, weighted by idf); `None` when
    /// no term has a vector.
    pub fn query_vector<'t>(&self, terms: impl IntoIterator<Item = &'t str>) -> Option<QueryVector> {
        let mut seen = HashSet::new();
        let row: Vec<(u32, f32)> = terms
            .into_iter()
            .filter_map(|term| self.term_position(term))
            .filter(|position| seen.insert(*position))
            .map(|position| (position as u32, self.idf(position)))
            .collect();
        let vector = fold_in(
            &row,
            |term, into, weight| self.add_term_vector(term as usize, into, weight),
            self.dimensions(),
        )?;
        let (codes, scale) = file::quantize(&vector);
        Some(QueryVector { codes, scale })
    }

    fn fingerprint(&self, row: usize) -> u64 {
        u64_at(&self.bytes, self.sections.fingerprints.start + 8 * row)
    }

    fn row_of(&self, fingerprint: u64) -> Option<usize> {
        let (mut low, mut high) = (0, self.sections.papers);
        while low < high {
            let middle = (low + high) / 2;
            match self.fingerprint(middle).cmp(&fingerprint) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(middle),
            }
        }
        None
    }

    fn codes(&self, row: usize) -> &[u8] {
        let d = self.sections.dimensions;
        &self.bytes[self.sections.paper_vectors.start + row * d..][..d]
    }

    fn scale(&self, row: usize) -> f32 {
        f32_at(&self.bytes, self.sections.paper_scales.start + 4 * row)
    }

    /// Cosine of the query with the paper of this fingerprint, if the model knows it.
    pub fn similarity(&self, query: &QueryVector, fingerprint: u64) -> Option<f32> {
        let row = self.row_of(fingerprint)?;
        Some(query.scale * self.scale(row) * dot(&query.codes, self.codes(row)) as f32)
    }

    /// The `count` papers most similar to the query, as (fingerprint, cosine), best first.
    pub fn nearest(&self, query: &QueryVector, count: usize) -> Vec<(u64, f32)> {
        let s = &self.sections;
        let count = count.min(s.papers);
        if count == 0 || s.dimensions == 0 {
            return Vec::new();
        }
        let vectors = self.bytes[s.paper_vectors.clone()].chunks_exact(s.dimensions);
        let scales = self.bytes[s.paper_scales.clone()].chunks_exact(4);
        let mut scored: Vec<(u32, f32)> = vectors
            .zip(scales)
            .enumerate()
            .map(|(row, (codes, scale))| {
                let scale = f32::from_le_bytes(scale.try_into().expect("four bytes"));
                (row as u32, scale * dot(&query.codes, codes) as f32)
            })
            .collect();
        if count < scored.len() {
            scored.select_nth_unstable_by(count - 1, |a, b| b.1.total_cmp(&a.1));
            scored.truncate(count);
        }
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored
            .into_iter()
            .map(|(row, score)| (self.fingerprint(row as usize), score * query.scale))
            .collect()
    }
}

/// A query's vector, quantised like the papers'.
pub struct QueryVector {
    codes: Vec<i8>,
    scale: f32,
}

/// Integer dot product of int8 codes (the paper's stored as bytes). Products of two int8 fit
/// an i16 and pairs of them an i32, the shape compilers turn into one multiply-add instruction
/// per 16 codes; this loop is most of a latent search.
fn dot(query: &[i8], paper: &[u8]) -> i32 {
    let mut total = 0i32;
    let mut query_chunks = query.chunks_exact(16);
    let mut paper_chunks = paper.chunks_exact(16);
    for (q, p) in (&mut query_chunks).zip(&mut paper_chunks) {
        let mut lanes = [0i32; 8];
        for (i, lane) in lanes.iter_mut().enumerate() {
            *lane = i32::from(i16::from(q[2 * i]) * i16::from(p[2 * i] as i8))
                + i32::from(i16::from(q[2 * i + 1]) * i16::from(p[2 * i + 1] as i8));
        }
        total += lanes.iter().sum::<i32>();
    }
    for (q, p) in query_chunks.remainder().iter().zip(paper_chunks.remainder()) {
        total += i32::from(*q) * i32::from(*p as i8);
    }
    total
}

impl PaperIndex {
    fn text_fields(&self) -> TextFields {
        TextFields {
            title: self.fields.title,
            abstract_text: self.fields.abstract_text,
        }
    }

    /// The latent model beside this index, if there is one.
    pub fn latent_model(&self) -> Option<LatentModel> {
        LatentModel::open(&self.path)
    }

    /// Brings the latent model up to date with the committed papers: learns it when there is
    /// none or the collection has outgrown it, else folds in the papers it does not know and
    /// forgets the ones that are gone.
    pub fn refresh_latent(&self) -> anyhow::Result<Refresh> {
        let papers = self.refreshed_len()?;
        if papers < MIN_PAPERS {
            return self.remove_latent();
        }
        let Some(model) = self.latent_model() else {
            return self.fit_latent();
        };
        let outgrown = papers as f64 >= model.fitted_papers() as f64 * (1.0 + REFIT_GROWTH);
        // (A vocabulary larger than a fit makes is not this version's model.)
        if outgrown || model.dimensions() == 0 || model.sections.terms > fit::MAX_TERMS {
            return self.fit_latent();
        }
        let searcher = self.searcher();
        let fingerprints = fingerprints(&searcher)?;
        let known: HashSet<u64> = (0..model.papers()).map(|row| model.fingerprint(row)).collect();
        let present: HashSet<u64> = fingerprints.values().copied().collect();
        let missing: HashSet<DocAddress> = fingerprints
            .iter()
            .filter(|(_, fingerprint)| !known.contains(fingerprint))
            .map(|(address, _)| *address)
            .collect();
        let gone = known.iter().filter(|f| !present.contains(f)).count();
        if missing.is_empty() && gone == 0 {
            return Ok(Refresh::Unchanged);
        }
        let terms: Vec<String> = (0..model.sections.terms)
            .map(|i| String::from_utf8_lossy(model.term(i)).into_owned())
            .collect();
        let idf: Vec<f32> = (0..model.sections.terms).map(|i| model.idf(i)).collect();
        let vocabulary = Vocabulary::from_parts(terms, idf);
        let dimensions = model.dimensions();
        let mut rows: Vec<(u64, Vec<i8>, f32)> = (0..model.papers())
            .filter(|row| present.contains(&model.fingerprint(*row)))
            .map(|row| {
                let codes = model.codes(row).iter().map(|c| *c as i8).collect();
                (model.fingerprint(row), codes, model.scale(row))
            })
            .collect();
        let folded_rows = map_rows(
            &searcher,
            &self.text_fields(),
            &vocabulary,
            &|segment, doc| missing.contains(&DocAddress::new(segment, doc)),
            &|segment, rows| {
                encode(
                    segment,
                    &rows,
                    &vocabulary.idf,
                    &fingerprints,
                    dimensions,
                    &|t, into, w| model.add_term_vector(t as usize, into, w),
                )
            },
        )?;
        let mut folded = 0u64;
        for chunk in folded_rows {
            folded += chunk.len() as u64;
            rows.extend(chunk);
        }
        let term_vectors = TermCodes {
            dimensions,
            codes: model.bytes[model.sections.term_vectors.clone()].to_vec(),
            scales: (0..model.sections.terms)
                .map(|term| f32_at(&model.bytes, model.sections.term_scales.start + 4 * term))
                .collect(),
        };
        let encoded = Encoded {
            dimensions,
            fitted_papers: model.fitted_papers(),
            terms: vocabulary.terms,
            idf: vocabulary.idf,
            term_vectors,
            papers: sorted_unique(rows),
        };
        drop(model);
        file::write(&self.path, &encoded)?;
        Ok(Refresh::FoldedIn { papers: folded })
    }

    /// Learns the latent model from every committed paper and writes it beside the index.
    pub fn fit_latent(&self) -> anyhow::Result<Refresh> {
        self.fit_latent_with(DIMENSIONS)
    }

    fn fit_latent_with(&self, dimensions: usize) -> anyhow::Result<Refresh> {
        let papers = self.refreshed_len()?;
        if papers < MIN_PAPERS {
            return self.remove_latent();
        }
        let searcher = self.searcher();
        let fields = self.text_fields();
        let vocabulary = Vocabulary::read(&searcher, &fields).context("reading the index's vocabulary")?;
        let fingerprints = fingerprints(&searcher)?;
        // An even spread over the collection's papers (segments hold them in arrival order).
        let stride = fingerprints.len().div_ceil(fit::FIT_SAMPLE).max(1);
        let mut ordered: Vec<DocAddress> = fingerprints.keys().copied().collect();
        ordered.sort();
        let chosen: HashSet<DocAddress> = ordered.into_iter().step_by(stride).collect();
        let is_chosen = |segment: u32, doc: DocId| chosen.contains(&DocAddress::new(segment, doc));
        // Every paper's row is read from the postings once when the rows fit in memory: the
        // sample's are copied out for the SVD, and all are folded in from memory after it. A
        // larger collection reads them twice (the sample's, then chunk by chunk to fold in),
        // so memory stays bounded however large it grows.
        let kept: Option<Vec<(u32, PackedRows)>> = if fingerprints.len() <= fit::ROWS_KEPT_PAPERS {
            Some(map_rows(
                &searcher,
                &fields,
                &vocabulary,
                &|_, _| true,
                &|segment, rows| (segment, rows),
            )?)
        } else {
            None
        };
        let weighted = |rows: &PackedRows, i: usize| {
            let mut row = Vec::new();
            rows.weighted_into(i, &vocabulary.idf, &mut row);
            row
        };
        let sample: Vec<Vec<(u32, f32)>> = match &kept {
            Some(kept) => kept
                .iter()
                .flat_map(|(segment, rows)| {
                    (0..rows.len())
                        .filter(|&i| is_chosen(*segment, rows.docs[i]))
                        .map(|i| weighted(rows, i))
                })
                .collect(),
            None => map_rows(&searcher, &fields, &vocabulary, &is_chosen, &|_, rows| {
                (0..rows.len()).map(|i| weighted(&rows, i)).collect::<Vec<_>>()
            })?
            .into_iter()
            .flatten()
            .collect(),
        };
        let (vectors, dimensions) = term_vectors(sample, vocabulary.len(), dimensions);
        let term_vectors = TermCodes::quantized(&vectors, dimensions);
        drop(vectors);
        let add = |term: u32, into: &mut [f32], weight: f32| term_vectors.add(term as usize, into, weight);
        let idf = &vocabulary.idf;
        let rows: Vec<(u64, Vec<i8>, f32)> = match &kept {
            // Folded in on every core, a run of papers each.
            Some(kept) => cores::map_runs(
                kept.iter()
                    .flat_map(|(segment, rows)| (0..rows.len()).map(move |i| (*segment, rows, i)))
                    .collect(),
                |run| {
                    let mut row = Vec::new();
                    run.into_iter()
                        .filter_map(|(segment, rows, i)| {
                            rows.weighted_into(i, idf, &mut row);
                            encode_row(segment, rows.docs[i], &row, &fingerprints, dimensions, &add)
                        })
                        .collect::<Vec<_>>()
                },
            )
            .into_iter()
            .flatten()
            .collect(),
            None => map_rows(&searcher, &fields, &vocabulary, &|_, _| true, &|segment, rows| {
                encode(segment, &rows, idf, &fingerprints, dimensions, &add)
            })?
            .into_iter()
            .flatten()
            .collect(),
        };
        drop(kept);
        let encoded = Encoded {
            dimensions,
            fitted_papers: papers,
            terms: vocabulary.terms,
            idf: vocabulary.idf,
            term_vectors,
            papers: sorted_unique(rows),
        };
        file::write(&self.path, &encoded)?;
        Ok(Refresh::Fitted { papers })
    }

    fn remove_latent(&self) -> anyhow::Result<Refresh> {
        let path = self.path.join(FILE_NAME);
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(Refresh::TooSmall),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Refresh::TooSmall),
            Err(error) => Err(anyhow::Error::new(error).context(format!("removing {}", path.display()))),
        }
    }

    /// The address of every live paper with each of the given fingerprints.
    pub(crate) fn addresses_of(
        &self,
        searcher: &Searcher,
        wanted: &HashSet<u64>,
    ) -> anyhow::Result<HashMap<u64, Vec<DocAddress>>> {
        let mut found: HashMap<u64, Vec<DocAddress>> = HashMap::new();
        for_each_fingerprint(searcher, |address, fingerprint| {
            if wanted.contains(&fingerprint) {
                found.entry(fingerprint).or_default().push(address);
            }
        })?;
        Ok(found)
    }
}

/// The quantised vectors of some of one segment's papers, each folded in from its row with
/// `term_vector`, keyed by fingerprint. A paper with no fingerprint is left out; one with no
/// known term gets the zero vector (no latent score).
fn encode(
    segment: u32,
    rows: &PackedRows,
    idf: &[f32],
    fingerprints: &HashMap<DocAddress, u64>,
    dimensions: usize,
    term_vector: &dyn Fn(u32, &mut [f32], f32),
) -> Vec<(u64, Vec<i8>, f32)> {
    let mut row = Vec::new();
    (0..rows.len())
        .filter_map(|i| {
            rows.weighted_into(i, idf, &mut row);
            encode_row(segment, rows.docs[i], &row, fingerprints, dimensions, term_vector)
        })
        .collect()
}

/// One paper's quantised vector, as [`encode`] makes it.
fn encode_row(
    segment: u32,
    doc: DocId,
    row: &[(u32, f32)],
    fingerprints: &HashMap<DocAddress, u64>,
    dimensions: usize,
    term_vector: &dyn Fn(u32, &mut [f32], f32),
) -> Option<(u64, Vec<i8>, f32)> {
    let fingerprint = *fingerprints.get(&DocAddress::new(segment, doc))?;
    let vector = fold_in(row, term_vector, dimensions);
    let (codes, scale) = vector.map_or((vec![0; dimensions], 0.0), |v| file::quantize(&v));
    Some((fingerprint, codes, scale))
}

/// The content fingerprint of every live paper.
fn fingerprints(searcher: &Searcher) -> anyhow::Result<HashMap<DocAddress, u64>> {
    let mut all = HashMap::new();
    for_each_fingerprint(searcher, |address, fingerprint| {
        all.insert(address, fingerprint);
    })?;
    Ok(all)
}

/// Calls `each` with the address and content fingerprint of every live paper.
fn for_each_fingerprint(searcher: &Searcher, mut each: impl FnMut(DocAddress, u64)) -> anyhow::Result<()> {
    for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
        let column = segment.fast_fields().u64(names::FINGERPRINT)?;
        for doc in segment.doc_ids_alive() {
            if let Some(fingerprint) = column.first(doc) {
                each(DocAddress::new(segment_ord as u32, doc), fingerprint);
            }
        }
    }
    Ok(())
}

/// Rows sorted by fingerprint, one per fingerprint (papers of identical content share one).
fn sorted_unique(mut rows: Vec<(u64, Vec<i8>, f32)>) -> Vec<(u64, Vec<i8>, f32)> {
    rows.sort_by_key(|(fingerprint, _, _)| *fingerprint);
    rows.dedup_by_key(|(fingerprint, _, _)| *fingerprint);
    rows
}

/// Reads papers' fingerprints, opening each segment's column once.
pub(crate) struct FingerprintReader<'s> {
    searcher: &'s Searcher,
    columns: HashMap<u32, tantivy::columnar::Column<u64>>,
}

impl<'s> FingerprintReader<'s> {
    pub fn new(searcher: &'s Searcher) -> FingerprintReader<'s> {
        FingerprintReader {
            searcher,
            columns: HashMap::new(),
        }
    }

    pub fn read(&mut self, address: DocAddress) -> anyhow::Result<Option<u64>> {
        let column = match self.columns.entry(address.segment_ord) {
            std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::hash_map::Entry::Vacant(entry) => {
                let segment = self.searcher.segment_reader(address.segment_ord);
                entry.insert(segment.fast_fields().u64(names::FINGERPRINT)?)
            }
        };
        Ok(column.first(address.doc_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{Ranker, SearchRequest};
    use crate::record::{Metadata, Paper, Source};

    const VISION: [&str; 6] = ["image", "pixel", "convolution", "segmentation", "camera", "photograph"];
    const SPEECH: [&str; 6] = ["audio", "speaker", "phoneme", "acoustic", "waveform", "microphone"];

    /// Paper `i` of a topic: three consecutive of its six words (a window that moves with `i`),
    /// and filler.
    fn paper(i: usize, topic: &str, words: &[&str; 6]) -> Paper {
        let picked: Vec<&str> = (0..3).map(|k| words[(i / 2 + k) % 6]).collect();
        Paper::new(
            format!("Study {i} of {topic}"),
            format!(
                "We present a method about {}. The results are good.",
                picked.join(" and ")
            ),
            Metadata::default(),
            Source {
                file: "t.txt".into(),
                line: i as u64 + 1,
            },
        )
    }

    fn collection(papers: usize) -> (tempfile::TempDir, PaperIndex) {
        let dir = tempfile::tempdir().unwrap();
        let index = PaperIndex::open_or_create(&dir.path().join("index")).unwrap();
        let all = (0..papers).map(|i| {
            if i % 2 == 0 {
                paper(i, "vision", &VISION)
            } else {
                paper(i, "speech", &SPEECH)
            }
        });
        index.upsert_all(all).unwrap();
        (dir, index)
    }

    fn latent_titles(index: &PaperIndex, query: &str, limit: usize) -> Vec<String> {
        let request = SearchRequest {
            query: Some(query.into()),
            limit: Some(limit),
            ranker: Ranker::Latent,
            ..SearchRequest::default()
        };
        index
            .search(&request)
            .unwrap()
            .hits()
            .map(|hit| hit.unwrap().paper.title)
            .collect()
    }

    #[test]
    fn papers_of_a_topic_are_near_its_words_even_without_them() {
        let (_dir, index) = collection(120);
        let model = index.latent_model().unwrap();
        assert_eq!((model.papers(), model.fitted_papers()), (120, 120));
        assert!(model.dimensions() <= DIMENSIONS);
        // Two topics, two dimensions: each dimension a topic, whatever words a paper uses of it.
        index.fit_latent_with(2).unwrap();
        assert_eq!(index.latent_model().unwrap().dimensions(), 2);
        // "camera" is in half of the vision papers; all 60 vision papers come before any speech one.
        let titles = latent_titles(&index, "camera", 60);
        assert_eq!(titles.len(), 60);
        assert!(titles.iter().all(|t| t.ends_with("vision")), "{titles:?}");
        let without_the_word = titles
            .iter()
            .filter(|t| {
                let i: usize = t.split(' ').nth(1).unwrap().parse().unwrap();
                !paper(i, "vision", &VISION).abstract_text.contains("camera")
            })
            .count();
        assert!(without_the_word > 0);
        let titles = latent_titles(&index, "acoustic phoneme", 60);
        assert!(titles.iter().all(|t| t.ends_with("speech")), "{titles:?}");
    }

    #[test]
    fn refreshing_folds_in_new_papers_and_forgets_removed_ones() {
        let (_dir, index) = collection(120);
        assert_eq!(index.refresh_latent().unwrap(), Refresh::Unchanged);
        // Ten more (8%): folded in, the fit kept.
        index
            .upsert_all((120..130).map(|i| paper(i, "vision", &VISION)))
            .unwrap();
        let model = index.latent_model().unwrap();
        assert_eq!((model.papers(), model.fitted_papers()), (130, 120));
        // Thirty more (past a quarter's growth since the fit): learned again.
        index
            .upsert_all((130..160).map(|i| paper(i, "speech", &SPEECH)))
            .unwrap();
        let model = index.latent_model().unwrap();
        assert_eq!((model.papers(), model.fitted_papers()), (160, 160));
    }

    #[test]
    fn a_collection_too_small_has_no_model() {
        let (_dir, index) = collection(40);
        assert!(index.latent_model().is_none());
        assert_eq!(index.refresh_latent().unwrap(), Refresh::TooSmall);
    }

    #[test]
    fn the_dot_product_is_exact() {
        let query: Vec<i8> = (0..37).map(|i| (i * 7 % 255) as i8).collect();
        let paper: Vec<u8> = (0..37).map(|i| (i * 13 % 256) as u8).collect();
        let naive: i32 = query
            .iter()
            .zip(&paper)
            .map(|(q, p)| i32::from(*q) * i32::from(*p as i8))
            .sum();
        assert_eq!(dot(&query, &paper), naive);
        assert_eq!(dot(&[-127; 32], &[0x81; 32]), 32 * 127 * 127);
    }
}
