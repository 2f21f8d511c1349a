//! The latent model's file, `latent.bin` in the index directory: terms with their idf and
//! vectors, then one vector per paper keyed by the paper's content fingerprint, all vectors int8
//! with a scale each. Little-endian, no alignment assumed: it is read through a memory map
//! and decoded value by value, so a search touches only the pages it reads.
//!
//! Layout (counts from the header):
//!
//! ```text
//! magic "papers-latent\0\0\0"  version u32  dimensions u32  terms u32  papers u32  fitted_papers u64
//! idf f32 × terms              term_ends u32 × terms         term_bytes (sorted, UTF-8)
//! term_scales f32 × terms      term_vectors i8 × terms × dimensions
//! fingerprints u64 × papers (ascending)   paper_scales f32 × papers   paper_vectors i8 × papers × dimensions
//! ```

use std::ops::Range;
use std::path::Path;

use anyhow::{bail, Context};

pub const FILE_NAME: &str = crate::floor::data_dir::LATENT_FILE;
const MAGIC: &[u8; 16] = b"papers-latent\0\0\0";
const VERSION: u32 = 1;
const HEADER: usize = 16 + 4 * 4 + 8;

/// A model to be written: terms sorted, papers sorted by fingerprint.
pub struct Encoded {
    pub dimensions: usize,
    pub fitted_papers: u64,
    pub terms: Vec<String>,
    pub idf: Vec<f32>,
    pub term_vectors: TermCodes,
    pub papers: Vec<(u64, Vec<i8>, f32)>,
}

/// Term vectors as the file holds them: int8 codes (row-major, terms × dimensions, stored as
/// their bytes) and a scale per term. Papers are folded in from these at a fit as at a refresh
/// (and queries at a search), so a paper's vector does not depend on when it was folded in.
pub struct TermCodes {
    pub dimensions: usize,
    pub codes: Vec<u8>,
    pub scales: Vec<f32>,
}

impl TermCodes {
    /// Quantises row-major f32 vectors, `dimensions` values per term.
    pub fn quantized(vectors: &[f32], dimensions: usize) -> TermCodes {
        let mut codes = Vec::with_capacity(vectors.len());
        let mut scales = Vec::with_capacity(vectors.len() / dimensions.max(1));
        for vector in vectors.chunks_exact(dimensions.max(1)) {
            let (vector_codes, scale) = quantize(vector);
            codes.extend(vector_codes.iter().map(|code| *code as u8));
            scales.push(scale);
        }
        TermCodes {
            dimensions,
            codes,
            scales,
        }
    }

    /// Adds `weight` × the term's vector to `into`.
    pub fn add(&self, term: usize, into: &mut [f32], weight: f32) {
        let codes = &self.codes[term * self.dimensions..][..self.dimensions];
        super::vector_ops::add_scaled_codes(into, codes, self.scales[term] * weight);
    }
}

/// Where each section of a file lies; checked against the file's length once, so later reads
/// cannot run off its end.
#[derive(Debug, Clone)]
pub struct Sections {
    pub dimensions: usize,
    pub terms: usize,
    pub papers: usize,
    pub fitted_papers: u64,
    pub idf: Range<usize>,
    pub term_ends: Range<usize>,
    pub term_bytes: Range<usize>,
    pub term_scales: Range<usize>,
    pub term_vectors: Range<usize>,
    pub fingerprints: Range<usize>,
    pub paper_scales: Range<usize>,
    pub paper_vectors: Range<usize>,
}

impl Sections {
    pub fn read(bytes: &[u8]) -> anyhow::Result<Sections> {
        if bytes.len() < HEADER || &bytes[..16] != MAGIC {
            bail!("not a papers latent model");
        }
        let version = u32_at(bytes, 16);
        if version != VERSION {
            bail!("latent model version {version}, this papers reads {VERSION}");
        }
        let dimensions = u32_at(bytes, 20) as usize;
        let terms = u32_at(bytes, 24) as usize;
        let papers = u32_at(bytes, 28) as usize;
        let fitted_papers = u64_at(bytes, 32);
        let mut at = HEADER;
        let mut take = |len: usize| -> anyhow::Result<Range<usize>> {
            let end = at
                .checked_add(len)
                .filter(|end| *end <= bytes.len())
                .context("truncated")?;
            let range = at..end;
            at = end;
            Ok(range)
        };
        let idf = take(4 * terms)?;
        let term_ends = take(4 * terms)?;
        let text_len = if terms == 0 {
            0
        } else {
            u32_at(bytes, term_ends.end - 4) as usize
        };
        let term_bytes = take(text_len)?;
        let term_scales = take(4 * terms)?;
        let term_vectors = take(terms.checked_mul(dimensions).context("too large")?)?;
        let fingerprints = take(8 * papers)?;
        let paper_scales = take(4 * papers)?;
        let paper_vectors = take(papers.checked_mul(dimensions).context("too large")?)?;
        if at != bytes.len() {
            bail!("trailing bytes");
        }
        let sections = Sections {
            dimensions,
            terms,
            papers,
            fitted_papers,
            idf,
            term_ends,
            term_bytes,
            term_scales,
            term_vectors,
            fingerprints,
            paper_scales,
            paper_vectors,
        };
        // Term ends must not decrease, or a term's range would be reversed.
        let mut previous = 0;
        for i in 0..terms {
            let end = u32_at(bytes, sections.term_ends.start + 4 * i) as usize;
            if end < previous {
                bail!("term table out of order");
            }
            previous = end;
        }
        Ok(sections)
    }
}

pub fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes"))
}

pub fn u64_at(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"))
}

pub fn f32_at(bytes: &[u8], at: usize) -> f32 {
    f32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes"))
}

/// Quantises a vector to int8 with one scale: value ≈ scale × code.
pub fn quantize(vector: &[f32]) -> (Vec<i8>, f32) {
    let largest = vector.iter().fold(0f32, |m, v| m.max(v.abs()));
    if largest == 0.0 || !largest.is_finite() {
        return (vec![0; vector.len()], 0.0);
    }
    let scale = largest / 127.0;
    (vector.iter().map(|v| round_to_code(v / scale)).collect(), scale)
}

/// `value` rounded half away from zero and clamped to ±127, as `f32::round` and `clamp` would
/// give it, by truncation and the exact fraction left: the baseline x86-64 build has no rounding
/// instruction and called the C library's `roundf` for every element of every vector, a twentieth
/// of a fit.
fn round_to_code(value: f32) -> i8 {
    let value = value.clamp(-127.0, 127.0);
    // Truncates toward zero (NaN gives 0); what is left is exact below 2^23.
    let whole = value as i32;
    let fraction = value - whole as f32;
    let rounded = if fraction >= 0.5 {
        whole + 1
    } else if fraction <= -0.5 {
        whole - 1
    } else {
        whole
    };
    rounded as i8
}

/// Writes the model to `dir/latent.bin` atomically: a reader sees the old model or the new one,
/// never half of one.
pub fn write(dir: &Path, model: &Encoded) -> anyhow::Result<()> {
    // Sized once: grown by doubling, the buffer of a 30 MB model touched twice its size in
    // fresh pages.
    let term_bytes: usize = model.terms.iter().map(String::len).sum();
    let paper_bytes: usize = model.papers.iter().map(|(_, codes, _)| 12 + codes.len()).sum();
    let mut bytes = Vec::with_capacity(
        MAGIC.len() + 24 + 12 * model.terms.len() + term_bytes + model.term_vectors.codes.len() + paper_bytes,
    );
    bytes.extend_from_slice(MAGIC);
    for value in [
        VERSION,
        model.dimensions as u32,
        model.terms.len() as u32,
        model.papers.len() as u32,
    ] {
        bytes.extend_from_slice(&value.to_le_bytes());
    }
    bytes.extend_from_slice(&model.fitted_papers.to_le_bytes());
    for idf in &model.idf {
        bytes.extend_from_slice(&idf.to_le_bytes());
    }
    let mut end = 0u32;
    for term in &model.terms {
        end += term.len() as u32;
        bytes.extend_from_slice(&end.to_le_bytes());
    }
    for term in &model.terms {
        bytes.extend_from_slice(term.as_bytes());
    }
    for scale in &model.term_vectors.scales {
        bytes.extend_from_slice(&scale.to_le_bytes());
    }
    bytes.extend_from_slice(&model.term_vectors.codes);
    for (fingerprint, _, _) in &model.papers {
        bytes.extend_from_slice(&fingerprint.to_le_bytes());
    }
    for (_, _, scale) in &model.papers {
        bytes.extend_from_slice(&scale.to_le_bytes());
    }
    for (_, codes, _) in &model.papers {
        bytes.extend(codes.iter().map(|c| *c as u8));
    }
    crate::floor::atomic_file::write_bytes_atomically(&dir.join(FILE_NAME), &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_as_the_standard_library_does() {
        let mut values = vec![
            0.5,
            -0.5,
            1.5,
            -1.5,
            2.5,
            126.5,
            -126.5,
            127.0,
            127.4,
            -200.0,
            0.49999997,
            -0.49999997,
        ];
        values.extend((0..20_000).map(|i| (i as f32 - 10_000.0) * 0.012_7));
        for value in values {
            let expected = value.round().clamp(-127.0, 127.0) as i8;
            assert_eq!(round_to_code(value), expected, "{value}");
        }
        assert_eq!(round_to_code(f32::NAN), 0);
    }

    #[test]
    fn quantized_values_stay_within_half_a_step() {
        let vector = [0.5, -1.0, 0.25, 0.0];
        let (codes, scale) = quantize(&vector);
        assert_eq!(codes, [64, -127, 32, 0]);
        for (code, value) in codes.iter().zip(vector) {
            assert!((f32::from(*code) * scale - value).abs() <= scale / 2.0);
        }
        assert_eq!(quantize(&[0.0, 0.0]), (vec![0, 0], 0.0));
    }

    #[test]
    fn a_written_model_reads_back_and_damage_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let model = Encoded {
            dimensions: 2,
            fitted_papers: 7,
            terms: vec!["alpha".into(), "beta".into()],
            idf: vec![1.5, 2.5],
            term_vectors: TermCodes::quantized(&[1.0, 0.0, 0.0, -1.0], 2),
            papers: vec![(3, vec![127, 0], 0.01), (9, vec![0, -127], 0.02)],
        };
        write(dir.path(), &model).unwrap();
        let bytes = std::fs::read(dir.path().join(FILE_NAME)).unwrap();
        let sections = Sections::read(&bytes).unwrap();
        assert_eq!((sections.dimensions, sections.terms, sections.papers), (2, 2, 2));
        assert_eq!(sections.fitted_papers, 7);
        assert_eq!(&bytes[sections.term_bytes.clone()], b"alphabeta");
        assert_eq!(u64_at(&bytes, sections.fingerprints.start + 8), 9);
        assert_eq!(f32_at(&bytes, sections.idf.start + 4), 2.5);
        for cut in [0, 10, HEADER, bytes.len() - 1] {
            assert!(Sections::read(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Sections::read(&longer).is_err());
    }
}
