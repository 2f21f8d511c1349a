//! Acronyms a paper defines, "Long Form (LF)", found with the Schwartz–Hearst algorithm: the
//! short form's characters must appear in order in the preceding words, its first character at
//! the start of a word. A defined acronym means what the paper says it means, whatever the
//! lexicon thinks ("mean absolute error (MAE)" is not a masked autoencoder).

/// One definition in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    pub short: String,
    pub long: String,
    /// Byte offset of the long form's start in the text.
    pub long_start: usize,
}

/// Every "long form (SF)" definition in `text`.
pub fn definitions(text: &str) -> Vec<Definition> {
    let mut found = Vec::new();
    let mut search_from = 0;
    while let Some(open) = text[search_from..].find('(').map(|i| i + search_from) {
        search_from = open + 1;
        let Some(close) = text[open..].find(')').map(|i| i + open) else {
            break;
        };
        let inner = text[open + 1..close].split([';', ',']).next().unwrap_or("").trim();
        if !is_short_form(inner) {
            continue;
        }
        let before = sentence_before(&text[..open]);
        let sentence_start = open - before.len();
        let words: Vec<(usize, &str)> = word_spans(before);
        let short_letters = inner.chars().filter(|c| c.is_alphanumeric()).count();
        let max_words = (short_letters + 5).min(short_letters * 2);
        let first_word = words.len().saturating_sub(max_words);
        let Some(&(window_start, _)) = words.get(first_word) else {
            continue;
        };
        let window = &before[window_start..];
        if let Some(long_offset) = long_form_start(singular(inner), window) {
            let long = window[long_offset..]
                .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '+')
                .to_string();
            if !long.is_empty() && !long.contains(inner) && long.len() > inner.len() {
                found.push(Definition {
                    short: inner.to_string(),
                    long,
                    long_start: sentence_start + window_start + long_offset,
                });
            }
        }
    }
    found
}

/// "EBTs" is the plural of "EBT": match its letters without the plural s.
fn singular(short: &str) -> &str {
    match short.strip_suffix('s') {
        Some(stem) if stem.chars().filter(|c| c.is_uppercase()).count() >= 2 => stem,
        _ => short,
    }
}

fn is_short_form(text: &str) -> bool {
    let chars = text.chars().count();
    (2..=12).contains(&chars)
        && text.split_whitespace().count() <= 2
        && text.chars().next().is_some_and(char::is_alphanumeric)
        && text.chars().any(char::is_uppercase)
}

/// The text since the last sentence end.
fn sentence_before(text: &str) -> &str {
    let start = text.rfind(". ").map_or(0, |i| i + 2);
    &text[start..]
}

fn word_spans(text: &str) -> Vec<(usize, &str)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                spans.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, &text[s..]));
    }
    spans
}

/// Schwartz–Hearst: the byte offset in `window` where the long form of `short` starts.
fn long_form_start(short: &str, window: &str) -> Option<usize> {
    let short: Vec<char> = short.chars().flat_map(char::to_lowercase).collect();
    let long: Vec<(usize, char)> = window
        .char_indices()
        .map(|(i, c)| (i, c.to_lowercase().next().unwrap_or(c)))
        .collect();
    let mut s = short.len() as isize - 1;
    let mut l = long.len() as isize - 1;
    while s >= 0 {
        let c = short[s as usize];
        if !c.is_alphanumeric() {
            s -= 1;
            continue;
        }
        loop {
            if l < 0 {
                return None;
            }
            let matches = long[l as usize].1 == c;
            let at_word_start = l == 0 || !long[(l - 1) as usize].1.is_alphanumeric();
            if matches && (s != 0 || at_word_start) {
                break;
            }
            l -= 1;
        }
        l -= 1;
        s -= 1;
    }
    // Back to the start of the word holding the first matched character.
    let mut start = (l + 1).max(0) as usize;
    while start > 0 && !long[start - 1].1.is_whitespace() {
        start -= 1;
    }
    Some(long.get(start).map_or(window.len(), |&(i, _)| i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        definitions(text).into_iter().map(|d| (d.short, d.long)).collect()
    }

    #[test]
    fn finds_long_forms() {
        assert_eq!(
            pairs("We use group relative policy optimization (GRPO) to train."),
            [("GRPO".to_string(), "group relative policy optimization".to_string())]
        );
        assert_eq!(
            pairs("Here, Energy-Based Transformers (EBTs) learn to verify."),
            [("EBTs".to_string(), "Energy-Based Transformers".to_string())]
        );
        assert_eq!(
            pairs("a pretraining task called contrastive context prediction~(CCP) to learn"),
            [("CCP".to_string(), "contrastive context prediction".to_string())]
        );
    }

    #[test]
    fn ignores_parentheses_that_are_not_definitions() {
        assert!(pairs("results improve (see Table 2) a lot").is_empty());
        assert!(pairs("the error (MAE) fell").is_empty());
        assert!(pairs("(XYZ) at the start").is_empty());
    }
}
