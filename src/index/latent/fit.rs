//! Learning the latent model from the index itself: the vocabulary and document frequencies from
//! the term dictionaries of titles and abstracts, each paper's weighted terms from the postings
//! (no stored text is read or analysed again), a truncated SVD of a sample of papers, and every
//! paper's vector folded in with the learned term vectors.
//!
//! Weights are log tf × idf over the title (counted twice: a title word says more about the
//! paper) and the abstract, each paper's row scaled to unit length: the usual latent semantic
//! analysis weighting, and the one that measured best on the corpus benchmark.

use rustc_hash::FxHashMap as HashMap;

use tantivy::postings::Postings;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Searcher, TERMINATED};

use super::cores;
use super::svd::{right_singular_vectors, SparseRows};

/// Most terms with a vector: the most widespread ones. Rarer terms are the lexical ranking's
/// strength anyway, and the cap bounds the model's size.
pub const MAX_TERMS: usize = 60_000;
/// A term must appear in this many papers to get a vector: a word of one or two papers relates too little to be worth its vector.
const MIN_TERM_PAPERS: u32 = 3;
/// Longest term kept, in bytes (longer ones are identifiers and run-together noise).
const MAX_TERM_BYTES: usize = 40;
/// Most papers the SVD is computed from; the others are folded in with its term vectors. A fixed
/// sample bounds the fit's time and memory however large the collection grows.
pub const FIT_SAMPLE: usize = 20_000;
/// Most papers whose rows a fit keeps in memory between the SVD and folding them in (about a
/// kilobyte each), rather than reading them from the postings a second time.
pub const ROWS_KEPT_PAPERS: usize = 150_000;
/// How much a title occurrence counts against an abstract one.
const TITLE_WEIGHT: u32 = 2;
/// Papers read from the postings at once (bounds the rows held in memory).
const CHUNK_PAPERS: u32 = 65_536;

/// The text fields a model is learned from, with their weights.
pub struct TextFields {
    pub title: Field,
    pub abstract_text: Field,
}

impl TextFields {
    fn weighted(&self) -> [(Field, u32); 2] {
        [(self.title, TITLE_WEIGHT), (self.abstract_text, 1)]
    }
}

/// The terms that get vectors, sorted, with their idf.
pub struct Vocabulary {
    pub terms: Vec<String>,
    pub idf: Vec<f32>,
    positions: HashMap<Vec<u8>, u32>,
}

impl Vocabulary {
    /// Reads the vocabulary off the term dictionaries: a term's document frequency is the larger
    /// of its title and abstract frequencies (a title word is nearly always in the abstract too).
    pub fn read(searcher: &Searcher, fields: &TextFields) -> anyhow::Result<Vocabulary> {
        let mut frequencies: HashMap<Vec<u8>, [u32; 2]> = HashMap::default();
        for segment in searcher.segment_readers() {
            for (slot, (field, _)) in fields.weighted().into_iter().enumerate() {
                let inverted = segment.inverted_index(field)?;
                let mut stream = inverted.terms().stream()?;
                while stream.advance() {
                    let key = stream.key();
                    if key.len() > MAX_TERM_BYTES || std::str::from_utf8(key).is_err() {
                        continue;
                    }
                    let counts = frequencies.entry(key.to_vec()).or_default();
                    counts[slot] += stream.value().doc_freq;
                }
            }
        }
        let papers = searcher.num_docs().max(1) as f32;
        let mut kept: Vec<(Vec<u8>, u32)> = frequencies
            .into_iter()
            .map(|(term, [title, abstract_text])| (term, title.max(abstract_text)))
            .filter(|(_, frequency)| *frequency >= MIN_TERM_PAPERS)
            .collect();
        // The most widespread first (ties by term, for a deterministic cut), then sorted by term.
        kept.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        kept.truncate(MAX_TERMS);
        kept.sort_by(|a, b| a.0.cmp(&b.0));
        let idf = kept
            .iter()
            .map(|(_, frequency)| ((1.0 + papers) / (1.0 + *frequency as f32)).ln() + 1.0)
            .collect();
        let positions = kept
            .iter()
            .enumerate()
            .map(|(i, (term, _))| (term.clone(), i as u32))
            .collect();
        let terms = kept
            .into_iter()
            .map(|(term, _)| String::from_utf8(term).expect("checked to be UTF-8 above"))
            .collect();
        Ok(Vocabulary { terms, idf, positions })
    }

    /// A vocabulary known from a model file (for folding in new papers).
    pub fn from_parts(terms: Vec<String>, idf: Vec<f32>) -> Vocabulary {
        let positions = terms
            .iter()
            .enumerate()
            .map(|(i, term)| (term.as_bytes().to_vec(), i as u32))
            .collect();
        Vocabulary { terms, idf, positions }
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }
}

/// The term rows of some papers of one segment, packed: every paper's terms in term order, each
/// with its count (a title occurrence counting [`TITLE_WEIGHT`] times), as `term << 16 | count`,
/// the papers' rows one after another.
///
/// Why packed: a fit keeps every paper's row between reading the postings and folding the paper
/// in, ten million terms at 100,000 papers. As a vector per paper, grown a term at a time, the
/// rows were reallocated six or seven times each, in fresh pages the kernel had to zero: most of
/// reading them, and a third of the fit's memory. Packed, they take four bytes a term, allocated
/// once; a paper's weights are computed when its row is used.
#[derive(Default)]
pub struct PackedRows {
    /// The papers, in doc id order.
    pub docs: Vec<DocId>,
    /// Where each paper's row ends in `entries`.
    ends: Vec<u32>,
    entries: Vec<u32>,
}

impl PackedRows {
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// The `i`th paper's row weighted as [`weigh`] does, into `row`.
    pub fn weighted_into(&self, i: usize, idf: &[f32], row: &mut Vec<(u32, f32)>) {
        let begin = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let end = self.ends[i] as usize;
        row.clear();
        row.extend(
            self.entries[begin..end]
                .iter()
                .map(|&entry| (entry >> 16, (entry & 0xffff) as f32)),
        );
        weigh(row, idf);
    }
}

/// Vocabulary positions must fit the 16 bits a packed entry gives them.
const _: () = assert!(MAX_TERMS <= 1 << 16);

/// Calls `each` with the packed term rows of the papers `wanted` selects (segment ordinal, rows
/// in doc id order) and returns what it made of them, in order. The postings are read a chunk of
/// one segment's papers at a time (one chunk at a time: several at once competed for memory),
/// the chunk's papers split over the cores; each thread hands its part's rows to `each`. Papers
/// with no vocabulary term get an empty row.
pub fn map_rows<R: Send>(
    searcher: &Searcher,
    fields: &TextFields,
    vocabulary: &Vocabulary,
    wanted: &(dyn Fn(u32, DocId) -> bool + Sync),
    each: &(dyn Fn(u32, PackedRows) -> R + Sync),
) -> anyhow::Result<Vec<R>> {
    let mut made = Vec::new();
    for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
        let segment_ord = segment_ord as u32;
        let max_doc = segment.max_doc();
        // The dictionaries are walked once per segment; each thread decodes only its papers'
        // postings.
        let terms = SegmentTerms::read(segment, fields, vocabulary)?;
        for start in (0..max_doc).step_by(CHUNK_PAPERS as usize) {
            let end = start.saturating_add(CHUNK_PAPERS).min(max_doc);
            let parts = cores::map_parts(start..end, |part| {
                let rows = chunk_rows(segment, &terms, part, &|doc| wanted(segment_ord, doc))?;
                Ok((rows.len() > 0).then(|| each(segment_ord, rows)))
            });
            for part in parts {
                let part: anyhow::Result<Option<R>> = part;
                made.extend(part?);
            }
        }
    }
    Ok(made)
}

/// The vocabulary's terms in one segment's title and abstract dictionaries, with where their
/// postings are.
struct SegmentTerms {
    /// (field's inverted index, title or abstract; how much an occurrence counts; vocabulary
    /// position; the term's postings).
    terms: Vec<(usize, u32, u32, tantivy::postings::TermInfo)>,
    inverted: Vec<std::sync::Arc<tantivy::InvertedIndexReader>>,
}

impl SegmentTerms {
    fn read(segment: &tantivy::SegmentReader, fields: &TextFields, vocabulary: &Vocabulary) -> anyhow::Result<Self> {
        let mut read = SegmentTerms {
            terms: Vec::new(),
            inverted: Vec::new(),
        };
        for (field, weight) in fields.weighted() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted.terms().stream()?;
            while stream.advance() {
                if let Some(&term) = vocabulary.positions.get(stream.key()) {
                    read.terms
                        .push((read.inverted.len(), weight, term, stream.value().clone()));
                }
            }
            read.inverted.push(inverted);
        }
        Ok(read)
    }
}

/// The packed term rows of the papers of `docs` in `segment` that are live and `wanted`.
fn chunk_rows(
    segment: &tantivy::SegmentReader,
    terms: &SegmentTerms,
    docs: std::ops::Range<DocId>,
    wanted: &dyn Fn(DocId) -> bool,
) -> anyhow::Result<PackedRows> {
    let start = docs.start;
    let selected: Vec<bool> = docs
        .clone()
        .map(|doc| !segment.is_deleted(doc) && wanted(doc))
        .collect();
    if !selected.iter().any(|s| *s) {
        return Ok(PackedRows::default());
    }
    rows_of(start, &selected, &RunPostings { terms, docs })
}

/// Something that gives the (paper, term, count) triples of a run of papers, as (offset in the
/// run, `term << 16 | count`), the same ones in the same order each time it is walked.
trait PostingsWalk {
    /// Calls `each` for every triple; without `counts` the count may be left 0 (the postings'
    /// frequencies are then not decoded).
    fn walk(&self, counts: bool, each: impl FnMut(u32, u32)) -> anyhow::Result<()>;
}

/// The postings of a segment's vocabulary terms for a run of its papers, field by field.
struct RunPostings<'a> {
    terms: &'a SegmentTerms,
    docs: std::ops::Range<DocId>,
}

impl PostingsWalk for RunPostings<'_> {
    fn walk(&self, counts: bool, mut each: impl FnMut(u32, u32)) -> anyhow::Result<()> {
        let (start, end) = (self.docs.start, self.docs.end);
        let option = if counts {
            IndexRecordOption::WithFreqs
        } else {
            IndexRecordOption::Basic
        };
        for (field, weight, term, info) in &self.terms.terms {
            let mut postings = self.terms.inverted[*field].read_postings_from_terminfo(info, option)?;
            let mut doc = if start == 0 {
                postings.doc()
            } else {
                postings.seek(start)
            };
            while doc != TERMINATED && doc < end {
                let count = if counts {
                    postings.term_freq().saturating_mul(*weight).min(0xffff)
                } else {
                    0
                };
                each(doc - start, term << 16 | count);
                doc = postings.advance();
            }
        }
        Ok(())
    }
}

/// The rows of the `selected` papers of a run starting at doc `start`: grouped by paper, each
/// paper's terms sorted, a term the title and the abstract both have merged into one.
///
/// Why the postings are walked twice: the first walk (document ids only) counts each paper's
/// entries, so the second writes every entry straight into its place in one buffer of the exact
/// size. Collected in arrival order and grouped afterwards, the entries took three times the
/// memory, in fresh pages the kernel had to zero: more than half of reading the rows.
fn rows_of(start: DocId, selected: &[bool], postings: &impl PostingsWalk) -> anyhow::Result<PackedRows> {
    let mut starts = vec![0u32; selected.len() + 1];
    postings.walk(false, |slot, _| {
        if selected.get(slot as usize) == Some(&true) {
            starts[slot as usize + 1] += 1;
        }
    })?;
    for slot in 0..selected.len() {
        starts[slot + 1] += starts[slot];
    }
    let mut entries = vec![0u32; starts[selected.len()] as usize];
    let mut cursor = starts.clone();
    postings.walk(true, |slot, entry| {
        let slot = slot as usize;
        // A walk giving more than it counted (it cannot) would only lose entries.
        if selected.get(slot) == Some(&true) && cursor[slot] < starts[slot + 1] {
            entries[cursor[slot] as usize] = entry;
            cursor[slot] += 1;
        }
    })?;
    Ok(compact(start, selected, &starts, entries))
}

/// Sorts each selected paper's entries (`entries[starts[slot]..starts[slot + 1]]`), merges a
/// term's two entries (title and abstract) into one, and compacts the rows in place.
fn compact(start: DocId, selected: &[bool], starts: &[u32], mut entries: Vec<u32>) -> PackedRows {
    let mut rows = PackedRows::default();
    let mut kept = 0;
    for (slot, is_selected) in selected.iter().enumerate() {
        if !is_selected {
            continue;
        }
        let (begin, end) = (starts[slot] as usize, starts[slot + 1] as usize);
        entries[begin..end].sort_unstable();
        for next in begin..end {
            let entry = entries[next];
            if next > begin && entries[kept - 1] >> 16 == entry >> 16 {
                let count = ((entries[kept - 1] & 0xffff) + (entry & 0xffff)).min(0xffff);
                entries[kept - 1] = entry >> 16 << 16 | count;
            } else {
                entries[kept] = entry;
                kept += 1;
            }
        }
        rows.docs.push(start + slot as u32);
        rows.ends.push(kept as u32);
    }
    entries.truncate(kept);
    entries.shrink_to_fit();
    rows.entries = entries;
    rows
}

/// Turns a paper's (term, count) pairs, in term order, into log tf × idf weights of unit length.
fn weigh(row: &mut [(u32, f32)], idf: &[f32]) {
    for (term, weight) in row.iter_mut() {
        *weight = log_tf(*weight) * idf[*term as usize];
    }
    let norm = row.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, weight) in row.iter_mut() {
            *weight /= norm;
        }
    }
}

/// 1 + ln(count): counts are small whole numbers, so most come from a table (a logarithm per
/// term of every paper was a tenth of the fit).
fn log_tf(count: f32) -> f32 {
    static TABLE: std::sync::LazyLock<[f32; 64]> =
        std::sync::LazyLock::new(|| std::array::from_fn(|n| 1.0 + (n.max(1) as f32).ln()));
    let whole = count as usize;
    if whole as f32 == count && whole < 64 {
        TABLE[whole]
    } else {
        1.0 + count.ln()
    }
}

/// Term vectors (row-major, terms × dimensions) from the SVD of the sampled papers' rows.
pub fn term_vectors(sample: Vec<Vec<(u32, f32)>>, terms: usize, dimensions: usize) -> (Vec<f32>, usize) {
    right_singular_vectors(
        &SparseRows {
            rows: sample,
            columns: terms,
        },
        dimensions,
    )
}

/// A paper's (or a query's) vector: its weighted terms' vectors summed, at unit length; `None`
/// when none of its terms has a vector.
pub fn fold_in(row: &[(u32, f32)], term_vector: impl Fn(u32, &mut [f32], f32), dimensions: usize) -> Option<Vec<f32>> {
    let mut vector = vec![0f32; dimensions];
    for &(term, weight) in row {
        term_vector(term, &mut vector, weight);
    }
    let norm = vector.iter().map(|v| v * v).sum::<f32>().sqrt();
    if norm == 0.0 || !norm.is_finite() {
        return None;
    }
    for v in &mut vector {
        *v /= norm;
    }
    Some(vector)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_merges_fields_and_has_unit_length() {
        let idf = [1.0, 2.0];
        // Term 1 once in the title (counting 2) and once in the abstract; term 0 once.
        let rows = PackedRows {
            docs: vec![7],
            ends: vec![2],
            entries: vec![1, 1 << 16 | 3],
        };
        let mut row = Vec::new();
        rows.weighted_into(0, &idf, &mut row);
        // term 0: (1 + ln 1) × 1 = 1; term 1: (1 + ln 3) × 2.
        let expected_one = (1.0 + 3f32.ln()) * 2.0;
        let norm = (1.0 + expected_one * expected_one).sqrt();
        assert_eq!(row.len(), 2);
        assert!((row[0].1 - 1.0 / norm).abs() < 1e-6);
        assert!((row[1].1 - expected_one / norm).abs() < 1e-6);
    }

    /// A fixed list of (offset, entry) pairs, walked as postings would be (without counts,
    /// the counts are left out).
    impl PostingsWalk for Vec<(u32, u32)> {
        fn walk(&self, counts: bool, mut each: impl FnMut(u32, u32)) -> anyhow::Result<()> {
            for &(slot, entry) in self {
                each(slot, if counts { entry } else { entry >> 16 << 16 });
            }
            Ok(())
        }
    }

    #[test]
    fn rows_are_packed_per_paper_in_term_order() {
        let entry = |term: u32, count: u32| term << 16 | count;
        // Papers at offsets 0..4 of a run starting at doc 10; offset 2 is not selected, offset 3
        // has no term; counts past 16 bits stop at the largest. Title terms come first, then
        // abstract terms, as the postings give them.
        let postings = vec![
            (0, entry(5, 2)),
            (1, entry(9, 2)),
            (2, entry(1, 2)),
            (0, entry(3, 1)),
            (0, entry(5, 1)),
            (1, entry(0, 1)),
            (1, entry(8, 0xfff0)),
            (1, entry(8, 0x20)),
        ];
        let rows = rows_of(10, &[true, true, false, true], &postings).unwrap();
        assert_eq!(rows.docs, [10, 11, 13]);
        assert_eq!(rows.ends, [2, 5, 5]);
        assert_eq!(
            rows.entries,
            [entry(3, 1), entry(5, 3), entry(0, 1), entry(8, 0xffff), entry(9, 2)]
        );
        let mut row = Vec::new();
        rows.weighted_into(2, &[1.0; 10], &mut row);
        assert!(row.is_empty());
    }

    #[test]
    fn the_log_table_agrees_with_the_logarithm() {
        for count in [1.0, 2.0, 3.0, 63.0, 64.0, 100.0, 2.5] {
            assert!((log_tf(count) - (1.0 + f32::ln(count))).abs() < 1e-6, "{count}");
        }
    }

    #[test]
    fn folding_in_with_no_known_term_gives_no_vector() {
        assert_eq!(fold_in(&[], |_, _, _| {}, 3), None);
        let vector = fold_in(&[(0, 2.0)], |_, v, w| v[1] += w, 3).unwrap();
        assert_eq!(vector, [0.0, 1.0, 0.0]);
    }
}
