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
fn closest_term(searcher: &Searcher, fields: &Fields, term: &str, frequency: &dyn Fn(&str) -> u64) -> Option<String> {
    let first = term.chars().next()?;
    let mut next_letter = String::new();
    next_letter.push(char::from_u32(first as u32 + 1)?);
    let mut best: Option<(usize, u64, String)> = None;
    let wanted_len = term.chars().count();
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(fields.abstract_text) else {
            continue;
        };
        let Ok(mut stream) = inverted
            .terms()
            .range()
            .ge(first.to_string().as_bytes())
            .lt(next_letter.as_bytes())
            .into_stream()
        else {
            continue;
        };
        while stream.advance() {
            let Ok(candidate) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            if candidate.chars().count().abs_diff(wanted_len) > MAX_EDITS {
                continue;
            }
            let edits = edit_distance(term, candidate);
            if edits == 0 || edits > MAX_EDITS {
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

/// Levenshtein distance between two words.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
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
}
