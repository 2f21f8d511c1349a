//! The text analyzer for titles and abstracts.
//!
//! Papers spell the same word as "pre-training", "pretraining" and "Pre‐Trained" (with a Unicode
//! hyphen). The compound tokenizer indexes a hyphenated compound as its parts *and* its joined
//! form, all at one position, so "pre-training" is found by "pretraining", "pre-training" and
//! "training", and phrases that span it keep their positions. Queries are analyzed with the
//! joined form only, so a hyphenated query word matches both spellings. After tokenizing: long
//! tokens dropped, lower case, ASCII folding, English stemming; offsets are never changed, so
//! highlighting marks the words as written.

use std::collections::HashMap;

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, Stemmer, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer, TokenizerManager,
};

/// Analyzer name for titles and abstracts (index and query side share it).
pub const TEXT_ANALYZER: &str = "papers_text";
/// Analyzer for extracted names (topics, methods, datasets): the whole value, lower-cased.
pub const KEYWORD_ANALYZER: &str = "papers_keyword";

/// Characters that join the parts of a compound word.
const HYPHENS: [char; 3] = ['-', '\u{2010}', '\u{2011}'];

/// Splits text into words; hyphenated compounds become their parts plus the joined form
/// (`emit_parts`), or the joined form alone (queries).
#[derive(Clone, Default)]
pub struct CompoundTokenizer {
    emit_parts: bool,
    tokens: Vec<Token>,
}

impl CompoundTokenizer {
    pub fn for_indexing() -> Self {
        CompoundTokenizer {
            emit_parts: true,
            tokens: Vec::new(),
        }
    }

    pub fn for_queries() -> Self {
        CompoundTokenizer {
            emit_parts: false,
            tokens: Vec::new(),
        }
    }

    fn tokenize(&mut self, text: &str) {
        self.tokens.clear();
        let mut position = 0;
        let mut chars = text.char_indices().peekable();
        while let Some(&(start, c)) = chars.peek() {
            if !c.is_alphanumeric() {
                chars.next();
                continue;
            }
            // One compound: words joined by single hyphens.
            let mut parts: Vec<(usize, usize)> = Vec::new();
            let mut part_start = start;
            let mut end = start;
            while let Some(&(offset, c)) = chars.peek() {
                if c.is_alphanumeric() {
                    end = offset + c.len_utf8();
                    chars.next();
                } else if HYPHENS.contains(&c) && end == offset {
                    let mut lookahead = chars.clone();
                    lookahead.next();
                    if lookahead.peek().is_some_and(|&(_, next)| next.is_alphanumeric()) {
                        parts.push((part_start, end));
                        chars.next();
                        part_start = offset + c.len_utf8();
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            parts.push((part_start, end));
            // The joined form first: highlighting needs offsets that never go backwards.
            if parts.len() > 1 {
                let joined: String = parts.iter().map(|&(from, to)| &text[from..to]).collect();
                self.push(text, start, end, position, Some(joined));
            }
            if parts.len() == 1 || self.emit_parts {
                for &(from, to) in &parts {
                    self.push(text, from, to, position, None);
                }
            }
            position += 1;
        }
    }

    fn push(&mut self, text: &str, from: usize, to: usize, position: usize, joined: Option<String>) {
        self.tokens.push(Token {
            offset_from: from,
            offset_to: to,
            position,
            text: joined.unwrap_or_else(|| text[from..to].to_string()),
            position_length: 1,
        });
    }
}

pub struct CompoundTokenStream<'a> {
    tokens: &'a mut Vec<Token>,
    next: usize,
}

impl Tokenizer for CompoundTokenizer {
    type TokenStream<'a> = CompoundTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CompoundTokenStream<'a> {
        self.tokenize(text);
        CompoundTokenStream {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

impl TokenStream for CompoundTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

fn text_analyzer(tokenizer: CompoundTokenizer) -> TextAnalyzer {
    TextAnalyzer::builder(tokenizer)
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(CachedStemmer::english())
        .build()
}

/// English stemming with a memo of recent words.
///
/// Stemming was a fifth of all ingest time, spent mostly on the same few thousand words again and
/// again (words in abstracts follow Zipf's law). Each analyzer clone (tantivy keeps one per field
/// and indexing thread) remembers the stems it computed; the memo is dropped when it grows past
/// [`STEM_MEMO_WORDS`], so memory stays bounded. Stems are exactly tantivy's English stemmer's.
#[derive(Clone)]
pub struct CachedStemmer {
    stemmer: TextAnalyzer,
}

/// Most words one analyzer remembers stems for (a few MB).
const STEM_MEMO_WORDS: usize = 50_000;

impl CachedStemmer {
    pub fn english() -> CachedStemmer {
        CachedStemmer {
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
        }
    }
}

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerTokenizer<T> {
        CachedStemmerTokenizer {
            inner: tokenizer,
            stemmer: self.stemmer,
            memo: HashMap::new(),
        }
    }
}

#[derive(Clone)]
pub struct CachedStemmerTokenizer<T> {
    inner: T,
    stemmer: TextAnalyzer,
    memo: HashMap<String, String>,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerTokenizer<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: &mut self.stemmer,
            memo: &mut self.memo,
        }
    }
}

pub struct CachedStemmerStream<'a, S> {
    tail: S,
    stemmer: &'a mut TextAnalyzer,
    memo: &'a mut HashMap<String, String>,
}

impl<S: TokenStream> TokenStream for CachedStemmerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.memo.get(&token.text) {
            token.text.clear();
            token.text.push_str(stem);
            return true;
        }
        let word = std::mem::take(&mut token.text);
        let stem = {
            let mut stemmed = self.stemmer.token_stream(&word);
            if stemmed.advance() {
                stemmed.token().text.clone()
            } else {
                word.clone()
            }
        };
        if self.memo.len() >= STEM_MEMO_WORDS {
            self.memo.clear();
        }
        self.memo.insert(word, stem.clone());
        self.tail.token_mut().text = stem;
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

fn keyword_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .build()
}

/// Registers the index-side analyzers the schema names; required after every open.
pub fn register(manager: &TokenizerManager) {
    manager.register(TEXT_ANALYZER, text_analyzer(CompoundTokenizer::for_indexing()));
    manager.register(KEYWORD_ANALYZER, keyword_analyzer());
}

/// The analyzers queries are parsed with.
pub fn query_tokenizers() -> TokenizerManager {
    let manager = TokenizerManager::default();
    manager.register(TEXT_ANALYZER, text_analyzer(CompoundTokenizer::for_queries()));
    manager.register(KEYWORD_ANALYZER, keyword_analyzer());
    manager
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(tokenizer: CompoundTokenizer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut analyzer = text_analyzer(tokenizer);
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    #[test]
    fn compounds_index_parts_and_joined_form_at_one_position() {
        let got = tokens(CompoundTokenizer::for_indexing(), "Self-supervised pre‐training works");
        let texts: Vec<(&str, usize)> = got.iter().map(|(t, p, _, _)| (t.as_str(), *p)).collect();
        assert_eq!(
            texts,
            [
                ("selfsupervis", 0),
                ("self", 0),
                ("supervis", 0),
                ("pretrain", 1),
                ("pre", 1),
                ("train", 1),
                ("work", 2)
            ]
        );
        let joined = &got[0];
        assert_eq!(
            (joined.2, joined.3),
            (0, "Self-supervised".len()),
            "the joined form spans the compound"
        );
    }

    #[test]
    fn queries_use_the_joined_form_only() {
        let got = tokens(CompoundTokenizer::for_queries(), "pre-trained models, - and x-");
        let texts: Vec<&str> = got.iter().map(|(t, _, _, _)| t.as_str()).collect();
        assert_eq!(texts, ["pretrain", "model", "and", "x"]);
        let plain = tokens(CompoundTokenizer::for_queries(), "pretraining");
        assert_eq!(plain[0].0, "pretrain");
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        /// The memo never changes a stem: the cached analyzer, used over many texts (so the memo
        /// fills, hits and is cleared), agrees token for token with tantivy's own stemmer.
        #[test]
        fn cached_stems_are_tantivys_stems(texts in prop::collection::vec("[a-zA-Z\\- ]{0,60}", 1..40)) {
            let mut cached = text_analyzer(CompoundTokenizer::for_indexing());
            let mut plain = TextAnalyzer::builder(CompoundTokenizer::for_indexing())
                .filter(RemoveLongFilter::limit(48))
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .filter(Stemmer::new(Language::English))
                .build();
            for text in texts.iter().chain(&texts) {
                let collect = |analyzer: &mut TextAnalyzer| {
                    let mut out = Vec::new();
                    let mut stream = analyzer.token_stream(text);
                    while stream.advance() {
                        let token = stream.token();
                        out.push((token.text.clone(), token.position, token.offset_from));
                    }
                    out
                };
                prop_assert_eq!(collect(&mut cached), collect(&mut plain));
            }
        }

        /// Highlighting relies on token offsets that never go backwards and stay on the text.
        #[test]
        fn offsets_never_go_backwards(text in "[a-zA-Z0-9 \\-\u{2010}\u{2011}.,é]{0,80}") {
            for tokenizer in [CompoundTokenizer::for_indexing(), CompoundTokenizer::for_queries()] {
                let mut analyzer = text_analyzer(tokenizer);
                let mut stream = analyzer.token_stream(&text);
                let mut last = 0;
                while stream.advance() {
                    let token = stream.token();
                    prop_assert!(token.offset_from >= last);
                    prop_assert!(token.offset_to <= text.len() && token.offset_from < token.offset_to);
                    prop_assert!(text.is_char_boundary(token.offset_from) && text.is_char_boundary(token.offset_to));
                    last = token.offset_from;
                }
            }
        }
    }
}
