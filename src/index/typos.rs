//! Typo tolerance: a query word that occurs nowhere in the index is replaced by the closest
//! indexed word (at most two edits away, same first letter, most frequent among the closest),
//! and the user is told what was searched instead.

use tantivy::tokenizer::TokenizerManager;
use tantivy::{Searcher, Term};

use super::analyzer::TEXT_ANALYZER;
use super::schema::Fields;

/// Longest edit distance a correction may have.
const MAX_EDITS: usize = 2;
/// Words shorter than this are not corrected: too many short words are near each other.
const MIN_WORD_CHARS: usize = 4;

/// A word of the query and the indexed term it was replaced by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub word: String,
    pub term: String,
}

/// Corrections for the words of `query` that match nothing.
pub fn corrections(
    searcher: &Searcher,
    fields: &Fields,
    tokenizers: &TokenizerManager,
    query: &str,
) -> Vec<Correction> {
    let Some(mut analyzer) = tokenizers.get(TEXT_ANALYZER) else {
        return Vec::new();
    };
    let text_fields = [
        fields.title,
        fields.abstract_text,
        fields.entities,
        fields.summary,
        fields.keywords,
    ];
    let mut found = Vec::new();
    for word in query.split_whitespace() {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        // A word repeated in the query is corrected (and reported) once.
        if word.chars().count() < MIN_WORD_CHARS || found.iter().any(|seen: &Correction| seen.word == word) {
            continue;
        }
        let mut stream = analyzer.token_stream(word);
        let mut terms = Vec::new();
        while stream.advance() {
            terms.push(stream.token().text.clone());
        }
        let [term] = terms.as_slice() else { continue };
        let frequency = |text: &str| -> u64 {
            text_fields
                .iter()
                .map(|field| searcher.doc_freq(&Term::from_field_text(*field, text)).unwrap_or(0))
                .sum()
        };
        if frequency(term) > 0 {
            continue;
        }
        if let Some(best) = closest_term(searcher, fields, term, &frequency) {
            found.push(Correction {
                word: word.to_string(),
                term: best,
            });
        }
    }
    found
}

/// The indexed term closest to `term`: fewest edits, then most documents.
///
/// The abstract field's term dictionary is walked with [`NearTerms`], which gives up on a branch
/// of the dictionary as soon as no term below it can be close enough, so a correction reads the
/// few hundred terms near the word instead of every term with its first letter.
fn closest_term(searcher: &Searcher, fields: &Fields, term: &str, frequency: &dyn Fn(&str) -> u64) -> Option<String> {
    let wanted: Vec<char> = term.chars().collect();
    let first = *wanted.first()?;
    let mut best: Option<(usize, u64, String)> = None;
    let mut rows = EditRows::default();
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(fields.abstract_text) else {
            continue;
        };
        let near = NearTerms {
            wanted: &wanted,
            first,
            max: MAX_EDITS,
        };
        let Ok(mut stream) = inverted.terms().search(near).into_stream() else {
            continue;
        };
        while stream.advance() {
            let Ok(candidate) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            let Some(edits) = rows.distance_within(&wanted, candidate, MAX_EDITS) else {
                continue;
            };
            if edits == 0 {
                continue;
            }
            let better = match &best {
                None => true,
                Some((best_edits, best_freq, _)) => {
                    edits < *best_edits || (edits == *best_edits && frequency(candidate) > *best_freq)
                }
            };
            if better {
                best = Some((edits, frequency(candidate), candidate.to_string()));
            }
        }
    }
    best.map(|(_, _, text)| text)
}

/// The terms that start with `first` and are at most `max` edits (of characters) from `wanted`,
/// as an automaton over the dictionary's bytes: its state is the edit-distance row of the
/// characters read so far (Levenshtein's table, one row per character of the term), decoded
/// from UTF-8 as the bytes come.
struct NearTerms<'a> {
    wanted: &'a [char],
    first: char,
    max: usize,
}

/// Where [`NearTerms`] is after some bytes of a term.
#[derive(Clone)]
struct NearState {
    /// Distances from each prefix of the wanted word to the characters read; empty when no term
    /// from here can match.
    row: Vec<usize>,
    /// Characters read.
    chars: usize,
    /// A character whose UTF-8 continuation bytes are still to come, and how many.
    pending: u32,
    awaiting: u8,
}

impl NearState {
    fn dead() -> NearState {
        NearState {
            row: Vec::new(),
            chars: 0,
            pending: 0,
            awaiting: 0,
        }
    }
}

impl tantivy_fst::Automaton for NearTerms<'_> {
    type State = NearState;

    fn start(&self) -> NearState {
        NearState {
            row: (0..=self.wanted.len()).collect(),
            chars: 0,
            pending: 0,
            awaiting: 0,
        }
    }

    fn is_match(&self, state: &NearState) -> bool {
        state.awaiting == 0 && state.chars > 0 && state.row.last().is_some_and(|&edits| edits <= self.max)
    }

    fn can_match(&self, state: &NearState) -> bool {
        state.row.iter().min().is_some_and(|&edits| edits <= self.max)
    }

    fn accept(&self, state: &NearState, byte: u8) -> NearState {
        if state.row.is_empty() {
            return NearState::dead();
        }
        let (pending, awaiting) = if state.awaiting > 0 {
            if byte & 0xC0 != 0x80 {
                return NearState::dead();
            }
            ((state.pending << 6) | u32::from(byte & 0x3F), state.awaiting - 1)
        } else {
            match byte {
                0x00..=0x7F => (u32::from(byte), 0),
                0xC0..=0xDF => (u32::from(byte & 0x1F), 1),
                0xE0..=0xEF => (u32::from(byte & 0x0F), 2),
                0xF0..=0xF7 => (u32::from(byte & 0x07), 3),
                _ => return NearState::dead(),
            }
        };
        if awaiting > 0 {
            return NearState {
                row: state.row.clone(),
                chars: state.chars,
                pending,
                awaiting,
            };
        }
        let Some(read) = char::from_u32(pending) else {
            return NearState::dead();
        };
        if state.chars == 0 && read != self.first {
            return NearState::dead();
        }
        let mut row = Vec::with_capacity(state.row.len());
        next_row(&state.row, self.wanted, read, &mut row);
        NearState {
            row,
            chars: state.chars + 1,
            pending: 0,
            awaiting: 0,
        }
    }
}

/// Buffers for [`EditRows::distance_within`], reused across the thousands of candidates one
/// correction compares.
#[derive(Default)]
struct EditRows {
    candidate: Vec<char>,
    previous: Vec<usize>,
    current: Vec<usize>,
}

impl EditRows {
    /// The edit distance between `wanted` and `candidate` when it is at most `max`, else `None`.
    /// The same distance as [`edit_distance`], but a candidate is given up as soon as no
    /// alignment can stay within `max` (the smallest entry of a row only grows), which for most
    /// terms of the dictionary is after a few characters.
    fn distance_within(&mut self, wanted: &[char], candidate: &str, max: usize) -> Option<usize> {
        self.candidate.clear();
        self.candidate.extend(candidate.chars());
        let b = &self.candidate;
        if b.len().abs_diff(wanted.len()) > max {
            return None;
        }
        self.previous.clear();
        self.previous.extend(0..=b.len());
        for &read in wanted {
            next_row(&self.previous, b, read, &mut self.current);
            if self.current.iter().min().is_some_and(|&least| least > max) {
                return None;
            }
            std::mem::swap(&mut self.previous, &mut self.current);
        }
        let distance = self.previous[b.len()];
        (distance <= max).then_some(distance)
    }
}

/// Levenshtein distance between two words.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    EditRows::default()
        .distance_within(&a, b, usize::MAX)
        .unwrap_or(usize::MAX)
}

/// One more row of Levenshtein's table: the distances of `columns`' prefixes to what the
/// previous row measured plus the character `read`, into `row`.
fn next_row(previous: &[usize], columns: &[char], read: char, row: &mut Vec<usize>) {
    row.clear();
    row.push(previous[0] + 1);
    for (j, column) in columns.iter().enumerate() {
        let substitution = previous[j] + usize::from(*column != read);
        row.push(substitution.min(previous[j + 1] + 1).min(row[j] + 1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("contrastiv", "contrast"), 2);
        assert_eq!(edit_distance("pretrain", "pretrain"), 0);
        assert_eq!(edit_distance("difusion", "diffusion"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn the_automaton_accepts_exactly_the_near_terms_with_the_first_letter() {
        use tantivy_fst::Automaton;
        let words = [
            "contrastiv",
            "contrastive",
            "contrast",
            "constrastive",
            "lerning",
            "learning",
            "leaning",
            "über",
            "uber",
            "überall",
            "cöntrastive",
            "xcontrastive",
            "c",
        ];
        for wanted in ["contrastiv", "lerning", "über", "uber"] {
            let chars: Vec<char> = wanted.chars().collect();
            let near = NearTerms {
                wanted: &chars,
                first: chars[0],
                max: 2,
            };
            for candidate in words {
                let mut state = near.start();
                for byte in candidate.bytes() {
                    state = near.accept(&state, byte);
                }
                let expected = candidate.starts_with(chars[0]) && edit_distance(wanted, candidate) <= 2;
                assert_eq!(near.is_match(&state), expected, "{wanted} {candidate}");
            }
        }
    }

    /// Levenshtein's whole table, written out independently of `next_row`.
    fn reference_distance(a: &str, b: &str) -> usize {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let mut table = vec![vec![0; b.len() + 1]; a.len() + 1];
        for (i, row) in table.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in table[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let substitution = table[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]);
                table[i][j] = substitution.min(table[i - 1][j] + 1).min(table[i][j - 1] + 1);
            }
        }
        table[a.len()][b.len()]
    }

    #[test]
    fn bounded_distance_agrees_with_the_full_one_within_the_bound() {
        let words = [
            "contrastiv",
            "contrastive",
            "contrast",
            "lerning",
            "learning",
            "leaning",
            "diffusion",
            "difusion",
            "",
            "a",
            "über",
            "uber",
            "transformer",
            "transformers",
            "transfer",
        ];
        let mut rows = EditRows::default();
        for a in words {
            let wanted: Vec<char> = a.chars().collect();
            for b in words {
                for max in 0..=3 {
                    let full = reference_distance(a, b);
                    assert_eq!(edit_distance(a, b), full, "{a} {b}");
                    let bounded = rows.distance_within(&wanted, b, max);
                    assert_eq!(bounded, (full <= max).then_some(full), "{a} {b} {max}");
                }
            }
        }
    }
}
