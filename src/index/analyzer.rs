//! The text analyzer for titles and abstracts.
//!
//! Papers spell the same word as "pre-training", "pretraining" and "Pre‐Trained" (with a Unicode
//! hyphen). The compound tokenizer indexes a hyphenated compound as its parts *and* its joined
//! form, all at one position, so "pre-training" is found by "pretraining", "pre-training" and
//! "training", and phrases that span it keep their positions. Queries are analyzed with the
//! joined form only, so a hyphenated query word matches both spellings. After tokenizing: long
//! tokens dropped, lower case, ASCII folding, English stemming; offsets are never changed, so
//! highlighting marks the words as written.

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
///
/// Every title and abstract of an ingest passes through here, so the tokens' text buffers are
/// kept from one text to the next and rewritten in place: a new `String` per word was a tenth of
/// indexing.
#[derive(Clone, Default)]
pub struct CompoundTokenizer {
    emit_parts: bool,
    /// Token buffers; the first `count` are the current text's.
    tokens: Vec<Token>,
    count: usize,
    /// The parts of the compound being read (kept for its allocation).
    parts: Vec<(usize, usize)>,
}

/// Most token buffers kept between texts (a huge text's are dropped after it).
const KEPT_TOKENS: usize = 4096;

impl CompoundTokenizer {
    pub fn for_indexing() -> Self {
        CompoundTokenizer {
            emit_parts: true,
            ..CompoundTokenizer::default()
        }
    }

    pub fn for_queries() -> Self {
        CompoundTokenizer {
            emit_parts: false,
            ..CompoundTokenizer::default()
        }
    }

    fn tokenize(&mut self, text: &str) {
        if self.tokens.len() > KEPT_TOKENS {
            self.tokens.truncate(KEPT_TOKENS);
            self.tokens.shrink_to_fit();
        }
        self.count = 0;
        let mut parts = std::mem::take(&mut self.parts);
        let mut position = 0;
        let mut at = 0;
        while let Some(c) = char_at(text, at) {
            if !c.is_alphanumeric() {
                at += c.len_utf8();
                continue;
            }
            // One compound: words joined by single hyphens.
            let start = at;
            parts.clear();
            let mut part_start = start;
            let mut end = start;
            while let Some(c) = char_at(text, at) {
                if c.is_alphanumeric() {
                    at += c.len_utf8();
                    end = at;
                } else if HYPHENS.contains(&c) && end == at {
                    let after = at + c.len_utf8();
                    if char_at(text, after).is_some_and(char::is_alphanumeric) {
                        parts.push((part_start, end));
                        part_start = after;
                        at = after;
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
                self.push(text, start, end, position, &parts);
            }
            if parts.len() == 1 || self.emit_parts {
                for &(from, to) in &parts {
                    self.push(text, from, to, position, &[(from, to)]);
                }
            }
            position += 1;
        }
        self.parts = parts;
    }

    /// Adds a token spanning `from..to` whose text is the `pieces` of `text` joined.
    fn push(&mut self, text: &str, from: usize, to: usize, position: usize, pieces: &[(usize, usize)]) {
        if self.count == self.tokens.len() {
            self.tokens.push(Token::default());
        }
        let token = &mut self.tokens[self.count];
        self.count += 1;
        token.offset_from = from;
        token.offset_to = to;
        token.position = position;
        token.position_length = 1;
        token.text.clear();
        for &(piece_from, piece_to) in pieces {
            token.text.push_str(&text[piece_from..piece_to]);
        }
    }
}

/// The character starting at byte `at` of `text` (which must be a character boundary), read
/// without decoding when it is ASCII.
fn char_at(text: &str, at: usize) -> Option<char> {
    match text.as_bytes().get(at) {
        Some(&byte) if byte.is_ascii() => Some(char::from(byte)),
        Some(_) => text[at..].chars().next(),
        None => None,
    }
}

pub struct CompoundTokenStream<'a> {
    tokens: &'a mut [Token],
    next: usize,
}

impl Tokenizer for CompoundTokenizer {
    type TokenStream<'a> = CompoundTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CompoundTokenStream<'a> {
        self.tokenize(text);
        CompoundTokenStream {
            tokens: &mut self.tokens[..self.count],
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
    analyzer_with(tokenizer, CachedStemmer::english())
}

fn analyzer_with(tokenizer: CompoundTokenizer, stemmer: CachedStemmer) -> TextAnalyzer {
    TextAnalyzer::builder(tokenizer)
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(stemmer)
        .build()
}

/// English stemming with a memo of recent words.
///
/// Stemming was a fifth of all ingest time, spent mostly on the same few thousand words again and
/// again (words in abstracts follow Zipf's law). Each analyzer clone (tantivy keeps one per field
/// and indexing thread) remembers the stems it computed in a fixed table of [`STEM_MEMO_SETS`]
/// pairs of slots, a pair per word hash, each slot holding a word and its stem inline: a lookup
/// reads one pair and follows no pointer. (A hash map of strings was memory-bound at scale: three
/// cache misses a word, a tenth of ingest at 100,000 papers.) The word used last stays in the
/// pair's first slot; a new word pushes out the other one, which is stemmed again when it comes
/// back. Memory stays bounded (under 2 MB). Stems are exactly tantivy's English stemmer's.
#[derive(Clone)]
pub struct CachedStemmer {
    stemmer: TextAnalyzer,
    /// When set, only words that could stem to one of some terms are stemmed
    /// ([`snippet_analyzer`]): for each first byte, the shortest such term (0: none).
    only: Option<[u8; 256]>,
}

/// Pairs of slots in one analyzer's memo (a power of two).
const STEM_MEMO_SETS: usize = 1 << 14;
/// Longest word (and stem), in bytes, the memo holds; longer words are always stemmed.
const STEM_MEMO_WORD: usize = 22;

/// One remembered word and its stem.
#[derive(Clone, Copy)]
struct StemSlot {
    word_len: u8,
    stem_len: u8,
    word: [u8; STEM_MEMO_WORD],
    stem: [u8; STEM_MEMO_WORD],
}

impl StemSlot {
    const EMPTY: StemSlot = StemSlot {
        word_len: 0,
        stem_len: 0,
        word: [0; STEM_MEMO_WORD],
        stem: [0; STEM_MEMO_WORD],
    };

    /// The stem of `word`, when this slot remembers it.
    fn stem_of(&self, word: &[u8]) -> Option<&str> {
        let length = usize::from(self.word_len);
        if length == 0 || &self.word[..length] != word {
            return None;
        }
        std::str::from_utf8(&self.stem[..usize::from(self.stem_len)]).ok()
    }

    /// Remembers `word` → `stem` when both fit.
    fn remember(&mut self, word: &str, stem: &str) {
        if word.is_empty() || word.len() > STEM_MEMO_WORD || stem.len() > STEM_MEMO_WORD {
            return;
        }
        self.word[..word.len()].copy_from_slice(word.as_bytes());
        self.stem[..stem.len()].copy_from_slice(stem.as_bytes());
        // Both fit in 22 bytes, so in a u8.
        self.word_len = word.len() as u8;
        self.stem_len = stem.len() as u8;
    }
}

/// Asks the processor to bring the memo pairs of the words of `text` into its cache before they
/// are looked up (a hint only: a word the guess misses is looked up all the same).
///
/// Why: the memo is larger than a core's cache once tantivy's own tables share it, and each word
/// waited for its pair to arrive from memory, one after the other: half of the stemmer's time.
/// Asked for all at once, the pairs arrive together. The guess is each run of ASCII letters and
/// digits lower-cased, as the tokenizer, the lower-casing and the stemmer's memo see most words.
fn fetch_memo_pairs(memo: &[StemSlot], text: &str) {
    #[cfg(target_arch = "x86_64")]
    {
        let mut hash = FNV_OFFSET;
        let mut length = 0;
        for &byte in text.as_bytes().iter().chain(std::iter::once(&b' ')) {
            if byte.is_ascii_alphanumeric() {
                hash = fnv_step(hash, byte.to_ascii_lowercase());
                length += 1;
                continue;
            }
            if (1..=STEM_MEMO_WORD).contains(&length) {
                let set = 2 * stem_set_of(hash);
                if let Some(pair) = memo.get(set..set + 2) {
                    let start = pair.as_ptr().cast::<i8>();
                    // SAFETY: prefetching reads nothing the program sees and cannot fault; both
                    // addresses are inside the pair (92 bytes).
                    unsafe {
                        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
                        _mm_prefetch::<_MM_HINT_T0>(start);
                        _mm_prefetch::<_MM_HINT_T0>(start.add(std::mem::size_of::<StemSlot>() * 2 - 1));
                    }
                }
            }
            hash = FNV_OFFSET;
            length = 0;
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (memo, text);
}

/// The memo pair of `word`: FNV-1a over its bytes, folded to the table's size.
fn stem_set_index(word: &[u8]) -> usize {
    stem_set_of(word.iter().fold(FNV_OFFSET, |hash, &byte| fnv_step(hash, byte)))
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// One byte of FNV-1a.
fn fnv_step(hash: u64, byte: u8) -> u64 {
    (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
}

/// A word's FNV-1a hash folded to the memo's size.
fn stem_set_of(hash: u64) -> usize {
    ((hash ^ (hash >> 32)) as usize) & (STEM_MEMO_SETS - 1)
}

impl CachedStemmer {
    pub fn english() -> CachedStemmer {
        CachedStemmer {
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
            only: None,
        }
    }

    /// This stemmer, stemming only the words that could stem to one of `terms`.
    fn only_towards<'a>(mut self, terms: impl IntoIterator<Item = &'a str>) -> CachedStemmer {
        let mut shortest = [0u8; 256];
        for term in terms {
            if let Some(&first) = term.as_bytes().first() {
                let length = u8::try_from(term.len()).unwrap_or(u8::MAX);
                let slot = &mut shortest[usize::from(first)];
                *slot = if *slot == 0 { length } else { (*slot).min(length) };
            }
        }
        self.only = Some(shortest);
        self
    }
}

/// Whether `word` could stem to a term, `shortest` holding for each first byte the shortest
/// term starting with it (0: none).
fn could_stem_to_a_term(shortest: &[u8; 256], word: &str) -> bool {
    let Some(&first) = word.as_bytes().first() else {
        return false;
    };
    let shortest = usize::from(shortest[usize::from(first)]);
    shortest != 0 && word.len() >= shortest
}

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerTokenizer<T> {
        CachedStemmerTokenizer {
            inner: tokenizer,
            stemmer: self.stemmer,
            only: self.only,
            memo: Vec::new(),
            unmemoized: 0,
        }
    }
}

#[derive(Clone)]
pub struct CachedStemmerTokenizer<T> {
    inner: T,
    stemmer: TextAnalyzer,
    only: Option<[u8; 256]>,
    /// Allocated once [`WORDS_BEFORE_MEMO`] words were stemmed without it: a query's analyzer
    /// (a fresh clone for every field of every parse) never pays for 1.5 MB it would not use.
    memo: Vec<StemSlot>,
    unmemoized: usize,
}

/// Words an analyzer stems directly before it sets up its memo.
const WORDS_BEFORE_MEMO: usize = 256;

impl<T: Tokenizer> Tokenizer for CachedStemmerTokenizer<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        if self.only.is_none() && !self.memo.is_empty() {
            fetch_memo_pairs(&self.memo, text);
        }
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: &mut self.stemmer,
            only: self.only.as_ref(),
            memo: &mut self.memo,
            unmemoized: &mut self.unmemoized,
        }
    }
}

pub struct CachedStemmerStream<'a, S> {
    tail: S,
    stemmer: &'a mut TextAnalyzer,
    only: Option<&'a [u8; 256]>,
    memo: &'a mut Vec<StemSlot>,
    unmemoized: &'a mut usize,
}

fn stem_of(stemmer: &mut TextAnalyzer, word: &str) -> String {
    let mut stemmed = stemmer.token_stream(word);
    if stemmed.advance() {
        stemmed.token().text.clone()
    } else {
        word.to_string()
    }
}

impl<S: TokenStream> TokenStream for CachedStemmerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        if let Some(shortest) = self.only {
            if !could_stem_to_a_term(shortest, &self.tail.token().text) {
                return true;
            }
        }
        if self.memo.is_empty() {
            if *self.unmemoized < WORDS_BEFORE_MEMO {
                *self.unmemoized += 1;
                let token = self.tail.token_mut();
                token.text = stem_of(self.stemmer, &token.text);
                return true;
            }
            self.memo.resize(2 * STEM_MEMO_SETS, StemSlot::EMPTY);
        }
        let token = self.tail.token_mut();
        let set = 2 * stem_set_index(token.text.as_bytes());
        let pair = &mut self.memo[set..set + 2];
        if pair[1].stem_of(token.text.as_bytes()).is_some() {
            pair.swap(0, 1);
        }
        if let Some(stem) = pair[0].stem_of(token.text.as_bytes()) {
            token.text.clear();
            token.text.push_str(stem);
            return true;
        }
        pair[1] = pair[0];
        let slot = &mut pair[0];
        let word = std::mem::take(&mut token.text);
        let stem = stem_of(self.stemmer, &word);
        slot.remember(&word, &stem);
        token.text = stem;
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The analyzer that highlights a search's `terms` in the abstracts it shows: the text analyzer,
/// except that it stems only the words that could stem to one of the terms.
///
/// Highlighting analyses every abstract shown, and stemming a word costs far more than reading
/// it (a search printing ten hits spent about 2 ms there, most of it stemming words no term
/// could match). The English stemmer only rewrites a word's ending and never lengthens it, so a
/// word stems to a term only if it starts with the term's first letter and is at least as long;
/// any other word is left as written, and cannot equal a term either. Highlights are the same
/// as with [`TEXT_ANALYZER`].
pub fn snippet_analyzer<'a>(terms: impl IntoIterator<Item = &'a str>) -> TextAnalyzer {
    analyzer_with(
        CompoundTokenizer::for_indexing(),
        CachedStemmer::english().only_towards(terms),
    )
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

    /// What [`snippet_analyzer`] relies on: stemming keeps a word's first byte and never makes
    /// it longer. Checked on every word of the fixture and on the stemmer's special cases.
    #[test]
    fn stemming_keeps_the_first_letter_and_never_lengthens() {
        let fixture = include_str!("../../fixtures/daily-papers-2025-12-09.txt");
        let special = "dying lying tying skies sky skis cry generalizations sensibility yelling ugly early \
                       only singly gently idly news atlas cosmos bias andes inning outing canning herring \
                       earring proceed exceed succeed y yy";
        let mut unstemmed = TextAnalyzer::builder(CompoundTokenizer::for_indexing())
            .filter(RemoveLongFilter::limit(48))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build();
        let mut stemmer = CachedStemmer::english().stemmer;
        let mut checked = 0;
        for text in [fixture, special] {
            let mut stream = unstemmed.token_stream(text);
            while let Some(token) = stream.next() {
                let stem = stem_of(&mut stemmer, &token.text);
                assert_eq!(stem.as_bytes().first(), token.text.as_bytes().first(), "{}", token.text);
                assert!(stem.len() <= token.text.len(), "{} → {stem}", token.text);
                checked += 1;
            }
        }
        assert!(checked > 10_000, "{checked}");
    }

    /// The snippet analyzer marks exactly the tokens the full analyzer would find equal to a
    /// term.
    #[test]
    fn the_snippet_analyzer_matches_terms_as_the_full_one_does() {
        let fixture = include_str!("../../fixtures/daily-papers-2025-12-09.txt");
        let terms = [
            "model", "train", "languag", "generat", "imag", "y", "die", "tie", "reinforc", "data",
        ];
        let matched = |analyzer: &mut TextAnalyzer| {
            let mut found = Vec::new();
            let mut stream = analyzer.token_stream(fixture);
            while let Some(token) = stream.next() {
                if terms.contains(&token.text.as_str()) {
                    found.push((token.offset_from, token.text.clone()));
                }
            }
            found
        };
        let full = matched(&mut text_analyzer(CompoundTokenizer::for_indexing()));
        assert!(full.len() > 500, "{}", full.len());
        assert_eq!(matched(&mut snippet_analyzer(terms)), full);
    }

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
    fn the_memo_gives_tantivys_stems_when_words_share_slots() {
        // Far more words than slots, so words evict each other; some too long for a slot.
        let words: Vec<String> = (0..30_000u32)
            .map(|i| {
                let mut word: String = i.to_string().bytes().map(|b| char::from(b'a' + (b - b'0'))).collect();
                word.push_str(["ing", "ed", "ations", "ness", "izationalisms"][i as usize % 5]);
                word
            })
            .collect();
        let text = words.join(" ");
        let mut cached = text_analyzer(CompoundTokenizer::for_indexing());
        let mut plain = TextAnalyzer::builder(CompoundTokenizer::for_indexing())
            .filter(RemoveLongFilter::limit(48))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build();
        let collect = |analyzer: &mut TextAnalyzer| {
            let mut out = Vec::new();
            let mut stream = analyzer.token_stream(&text);
            while stream.advance() {
                out.push(stream.token().text.clone());
            }
            out
        };
        let expected = collect(&mut plain);
        assert_eq!(expected.len(), words.len());
        assert_eq!(collect(&mut cached), expected);
        assert_eq!(collect(&mut cached), expected, "a second pass, from the memo");
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

    /// Compounds by the definition: words of alphanumeric characters joined by single
    /// hyphens; the joined form first, then the parts when `emit_parts`.
    fn walk_over_characters(text: &str, emit_parts: bool) -> Vec<(String, usize, usize, usize)> {
        let mut tokens = Vec::new();
        let mut position = 0;
        let mut chars = text.char_indices().peekable();
        while let Some(&(start, c)) = chars.peek() {
            if !c.is_alphanumeric() {
                chars.next();
                continue;
            }
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
            if parts.len() > 1 {
                let joined: String = parts.iter().map(|&(from, to)| &text[from..to]).collect();
                tokens.push((joined, start, end, position));
            }
            if parts.len() == 1 || emit_parts {
                for &(from, to) in &parts {
                    tokens.push((text[from..to].to_string(), from, to, position));
                }
            }
            position += 1;
        }
        tokens
    }

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

        /// The byte-indexed scan splits exactly as a plain walk over the characters does.
        #[test]
        fn splits_as_a_walk_over_characters(text in "[a-zA-Z0-9 \\-\u{2010}\u{2011}\u{2012}.,éΩ東·]{0,80}") {
            for emit_parts in [true, false] {
                let mut tokenizer = CompoundTokenizer { emit_parts, ..CompoundTokenizer::default() };
                let mut stream = tokenizer.token_stream(&text);
                let mut got = Vec::new();
                while stream.advance() {
                    let token = stream.token();
                    got.push((token.text.clone(), token.offset_from, token.offset_to, token.position));
                }
                prop_assert_eq!(got, walk_over_characters(&text, emit_parts));
            }
        }

        /// The token buffers kept from one text to the next never leak into the next text:
        /// an analyzer that has seen other texts gives what a fresh one gives.
        #[test]
        fn reused_buffers_change_nothing(texts in prop::collection::vec("[a-zA-Z0-9\\- ]{0,60}", 1..20)) {
            let collect = |analyzer: &mut TextAnalyzer, text: &str| {
                let mut out = Vec::new();
                let mut stream = analyzer.token_stream(text);
                while stream.advance() {
                    let token = stream.token();
                    out.push((token.text.clone(), token.position, token.offset_from, token.offset_to));
                }
                out
            };
            for tokenizer in [CompoundTokenizer::for_indexing(), CompoundTokenizer::for_queries()] {
                let mut used = text_analyzer(tokenizer.clone());
                for text in &texts {
                    let mut fresh = text_analyzer(tokenizer.clone());
                    prop_assert_eq!(collect(&mut used, text), collect(&mut fresh, text));
                }
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
