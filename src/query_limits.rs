//! Limits on the query text a user (or a saved profile) hands to the search: how long it may be
//! and how deeply it may nest.
//!
//! tantivy's query grammar is a recursive-descent parser: every `(` and every `NOT` is one more
//! level of recursion, in the parser and again in every step that walks the parsed query. A query
//! nested a thousand levels deep overflows the stack and aborts the process, which no error
//! handler can catch. So the text is checked before it reaches the parser: a query over the limits
//! is a usage error with a clear message, never an abort. The limits sit far above what a person
//! writes (the deepest query in the evaluation set nests 2 levels) and far below what overflows.

/// Most characters in a query. A description of what one looks for is a sentence or two; a
/// whole abstract belongs in `papers similar`.
pub const MAX_QUERY_CHARS: usize = 2_000;
/// Most levels of nesting (parentheses and `NOT`s inside one another).
pub const MAX_QUERY_NESTING: usize = 32;

/// Why a query text is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryLimitError {
    TooLong { chars: usize },
    TooDeep { depth: usize },
}

impl std::fmt::Display for QueryLimitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QueryLimitError::TooLong { chars } => write!(
                f,
                "the query is too long ({chars} characters, at most {MAX_QUERY_CHARS}); shorten it, \
                 or use `papers similar ID` to find papers like a whole abstract"
            ),
            QueryLimitError::TooDeep { depth } => write!(
                f,
                "the query nests {depth} levels deep (parentheses and NOTs inside one another, at most \
                 {MAX_QUERY_NESTING}); write it with fewer levels"
            ),
        }
    }
}

impl std::error::Error for QueryLimitError {}

/// A query as a message quotes it: in single quotes, cut after 60 characters.
pub fn quoted(query: &str) -> String {
    match query.char_indices().nth(60) {
        Some((cut, _)) => format!("'{}…'", &query[..cut]),
        None => format!("'{query}'"),
    }
}

/// Checks a query text against the limits.
pub fn check_query(text: &str) -> Result<(), QueryLimitError> {
    let depth = nesting_depth(text);
    if depth > MAX_QUERY_NESTING {
        return Err(QueryLimitError::TooDeep { depth });
    }
    let chars = text.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(QueryLimitError::TooLong { chars });
    }
    Ok(())
}

/// The deepest nesting in a query: each `(` opens a level until its `)`, and each `NOT` adds a
/// level for what follows it up to the next plain word (the grammar parses `NOT x` by recursing
/// into `x`). Text inside double quotes is a phrase and never nests; an unclosed `(` still counts,
/// as the lenient parser recurses into it all the same.
fn nesting_depth(text: &str) -> usize {
    // With an unbalanced quote the parser may not read a phrase where this scan would; then
    // every parenthesis counts.
    let quotes = text.split("\\\"").map(|part| part.matches('"').count()).sum::<usize>();
    let phrases_close = quotes % 2 == 0;
    nesting_depth_reading_phrases(text, phrases_close)
}

fn nesting_depth_reading_phrases(text: &str, read_phrases: bool) -> usize {
    // The depth at which each open parenthesis's contents start.
    let mut bases: Vec<usize> = Vec::new();
    let mut base = 0usize;
    let mut pending_nots = 0usize;
    let mut deepest = 0usize;
    let mut in_phrase = false;
    let mut word = String::new();
    let mut chars = text.chars();
    // A word other than NOT ends a chain of NOTs (it is what they negate).
    fn end_word(word: &mut String, pending_nots: &mut usize) {
        if !word.is_empty() && word != "NOT" {
            *pending_nots = 0;
        }
        word.clear();
    }
    while let Some(c) = chars.next() {
        if in_phrase {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => in_phrase = false,
                _ => {}
            }
            continue;
        }
        match c {
            '\\' => {
                word.push(c);
                if let Some(escaped) = chars.next() {
                    word.push(escaped);
                }
            }
            '"' if read_phrases => {
                end_word(&mut word, &mut pending_nots);
                in_phrase = true;
                pending_nots = 0;
            }
            '(' => {
                end_word(&mut word, &mut pending_nots);
                bases.push(base);
                base = base + pending_nots + 1;
                pending_nots = 0;
                deepest = deepest.max(base);
            }
            ')' => {
                end_word(&mut word, &mut pending_nots);
                base = bases.pop().unwrap_or(0);
                pending_nots = 0;
            }
            c if c.is_whitespace() => {
                if word == "NOT" {
                    pending_nots += 1;
                    deepest = deepest.max(base + pending_nots);
                    word.clear();
                } else {
                    end_word(&mut word, &mut pending_nots);
                }
            }
            c => word.push(c),
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_quote_long_queries_cut() {
        assert_eq!(quoted("diffusion"), "'diffusion'");
        let long = quoted(&"(a ".repeat(100));
        assert_eq!(long.chars().count(), 63);
        assert!(long.ends_with("…'"));
    }

    #[test]
    fn ordinary_queries_pass() {
        for query in [
            "contrastive pretraining",
            "\"vision transformer\" -robotics",
            "(diffusion OR flow) AND video",
            "title:(graph neural) NOT survey",
            "((a OR b) AND (c OR (d NOT e)))",
            "",
        ] {
            assert_eq!(check_query(query), Ok(()), "{query}");
        }
    }

    #[test]
    fn depth_counts_parentheses_and_chained_nots() {
        assert_eq!(nesting_depth("a b c"), 0);
        assert_eq!(nesting_depth("(a (b) (c))"), 2);
        assert_eq!(nesting_depth("NOT a NOT b"), 1);
        assert_eq!(nesting_depth("NOT NOT NOT a"), 3);
        assert_eq!(nesting_depth("NOT (NOT (a))"), 4);
        assert_eq!(nesting_depth("\"((((((\" a"), 0, "quoted text never nests");
        assert_eq!(nesting_depth("(((a"), 3, "unclosed parentheses still count");
        assert_eq!(nesting_depth("a) ) (b"), 1);
        assert_eq!(nesting_depth("a\" ((((b"), 4, "an unclosed quote hides nothing");
    }

    #[test]
    fn deep_and_long_queries_are_refused_with_their_measure() {
        let deep = "(a ".repeat(1000);
        assert_eq!(check_query(&deep), Err(QueryLimitError::TooDeep { depth: 1000 }));
        let nots = format!("{}a", "NOT ".repeat(40));
        assert_eq!(check_query(&nots), Err(QueryLimitError::TooDeep { depth: 40 }));
        let at_limit = format!("{}a{}", "(".repeat(MAX_QUERY_NESTING), ")".repeat(MAX_QUERY_NESTING));
        assert_eq!(check_query(&at_limit), Ok(()));
        let long = "word ".repeat(MAX_QUERY_CHARS / 5 + 1);
        assert_eq!(
            check_query(&long),
            Err(QueryLimitError::TooLong {
                chars: long.chars().count()
            })
        );
        let message = check_query(&deep).unwrap_err().to_string();
        assert!(
            message.contains("1000 levels") && message.contains("at most 32"),
            "{message}"
        );
    }
}
