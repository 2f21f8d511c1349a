//! The curated lexicons (`vocab/*.tsv`, embedded in the binary) and the matcher over them.
//!
//! Each entry has a canonical name, aliases, an optional parent topic and a case rule. Every form
//! is expanded into its spelling variants (hyphen, space or nothing between parts: "pre-trained",
//! "pre trained", "pretrained"; regular plurals) and compiled into one case-insensitive
//! Aho-Corasick automaton. At each word start, the longest form spelt like the text from there
//! that ends on a word boundary wins, left to right; forms that must match in their exact case
//! (short acronyms such as "SGD", "EM", "PASS") are checked after matching. A match counts only on
//! word boundaries, and not after a hyphen that joins it to a preceding word: "self-supervised
//! learning" must not also yield "supervised learning".
//!
//! Why the matcher walks the automaton by hand: most word starts begin no form, and a 16 KB table
//! of the forms' first words tells them apart without touching the automaton (two more tables,
//! of the forms that are one word and of the forms' first two words, turn away the starts whose
//! first word only begins longer forms that the next word does not continue); from the others,
//! the compact NFA (under 1 MB) is walked from its anchored start until no form can continue.
//! One unanchored pass of a DFA reporting every overlapping occurrence gives the same matches,
//! but its 15 MB of transitions missed the cache on nearly every byte, and during an ingest it
//! shares that cache with the index writer: ingests ran about a tenth faster without it. An
//! anchored search per word start (kept in the tests as the reference) is slower still. Lexicons
//! matched over the same text (the entities and the topic cues) share that pass ([`find_each`]):
//! reading the word starts and hashing the first words was most of its cost.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::automaton::Automaton;
use aho_corasick::{Anchored, MatchKind};

use super::form_key::{form_key, form_key_hash, key_hash};
#[cfg(test)]
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, StartKind};

/// What an entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Method,
    Dataset,
    /// A phrase that contains an entity's name but is not that entity ("Inception Score"): it
    /// is matched so that it shadows the shorter name, and then dropped.
    NotEntity,
}

/// One lexicon entry.
#[derive(Debug, Clone)]
pub struct Entity {
    pub name: &'static str,
    pub kind: Kind,
    pub topic: Option<&'static str>,
    /// Every form as written in the lexicon (canonical first), for resolving user input.
    pub forms: &'static [&'static str],
}

/// A match of a lexicon form in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub entity: usize,
    pub start: usize,
    pub end: usize,
}

/// Entries and the automata that find them. The automata are compiled on first use, so
/// commands that only resolve names (search filters) do not pay for them.
pub struct Lexicon {
    pub entities: Cow<'static, [Entity]>,
    case_rules: Cow<'static, [CaseRule]>,
    /// Compiled on first use, so commands that only resolve names do not pay for it.
    matcher: OnceLock<Matcher>,
    /// Normalised forms, for resolving a user's `--method`/`--dataset` value and a query's
    /// phrases: (hash of the form's key, entity), sorted. A lookup confirms the key itself.
    by_form: Cow<'static, [(u64, usize)]>,
    /// The anchored automaton of the reference implementation the tests compare against.
    #[cfg(test)]
    anchored: OnceLock<AhoCorasick>,
}

/// The automaton over every spelling variant, and what each pattern stands for.
struct Matcher {
    automaton: aho_corasick::nfa::contiguous::NFA,
    patterns: Patterns,
    first_words: HashBits,
    openings: Openings,
}

/// A set of word hashes as a table of bits: a hash that was inserted is always found, one that
/// was not is found only by the few per cent of chance collisions. The matcher keeps three
/// (first words, one-word forms, openings): each turns away word starts that begin no form
/// without touching the automaton, and a collision only costs a walk of it.
struct HashBits {
    bits: Vec<u64>,
}

/// Bits in a [`HashBits`] (a power of two): 16 KB, a few per cent of false positives.
const HASH_BITS: usize = 1 << 17;

impl HashBits {
    /// The first words of `forms` (see [`first_word`]).
    fn first_words<'a>(forms: impl Iterator<Item = &'a str>) -> HashBits {
        let mut words = HashBits::empty();
        for form in forms {
            words.insert(first_word(form.as_bytes(), 0).0);
        }
        words
    }

    fn empty() -> HashBits {
        HashBits {
            bits: vec![0u64; HASH_BITS / 64],
        }
    }

    fn insert(&mut self, hash: u64) {
        let bit = HashBits::bit(hash);
        self.bits[bit / 64] |= 1 << (bit % 64);
    }

    fn may_contain(&self, hash: u64) -> bool {
        let bit = HashBits::bit(hash);
        self.bits[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// A hash's bit: its top bits, where a multiplication mixes every input bit.
    fn bit(hash: u64) -> usize {
        (hash >> (64 - HASH_BITS.trailing_zeros())) as usize
    }
}

/// What the forms' first two words are, for telling apart the word starts whose first word begins
/// some form but whose second word continues none ("large" before "scale" when the forms go on
/// "large language model"): a third of the word starts of an abstract begin a form, and two in
/// three of those walks of the automaton matched nothing.
///
/// A form's opening is its first word, the ASCII punctuation and spaces after it and its second
/// word ([`opening_after`]); a form that has no second word so delimited ("BERT", "C++",
/// "τ²-Bench") is a single, whose first word alone decides. A text's word start is read by the
/// same two functions as the forms, so a form that matches there has the same opening.
struct Openings {
    singles: HashBits,
    pairs: HashBits,
}

impl Openings {
    fn new<'a>(forms: impl Iterator<Item = &'a str>) -> Openings {
        let mut singles = HashBits::empty();
        let mut pairs = HashBits::empty();
        for form in forms {
            let bytes = form.as_bytes();
            let (first, end) = first_word(bytes, 0);
            match opening_after(bytes, first, end) {
                Some(opening) => pairs.insert(opening),
                None => singles.insert(first),
            }
        }
        Openings { singles, pairs }
    }

    /// Whether a form may match at a word start of `bytes` whose first word hashes to `first` and
    /// ends at `end` (the first-word table having let it through).
    fn may_match_at(&self, bytes: &[u8], first: u64, end: usize) -> bool {
        self.singles.may_contain(first)
            || opening_after(bytes, first, end).is_some_and(|opening| self.pairs.may_contain(opening))
    }
}

/// The hash of the opening whose first word hashes to `first` and ends at `end` of `bytes`: that
/// word's hash, the run of ASCII punctuation and spaces after it, and the hash of the word after
/// the run (see [`first_word`]). `None` when no word follows such a run.
fn opening_after(bytes: &[u8], first: u64, end: usize) -> Option<u64> {
    const MIX: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = end;
    let mut hash = first;
    while let Some(&byte) = bytes.get(next) {
        if byte >= 0x80 || byte.is_ascii_alphanumeric() {
            break;
        }
        hash = (hash ^ u64::from(byte)).wrapping_mul(MIX);
        next += 1;
    }
    if next == end || next == bytes.len() {
        return None;
    }
    let (second, _) = first_word(bytes, next);
    Some((hash ^ second).wrapping_mul(MIX))
}

/// The hash of the first word at `start` (its ASCII letters and digits, lower-cased; or its
/// first character when that is not ASCII) and where that word ends. A form matches at a word
/// start only if the text's first word there is the form's: the form continues with a character
/// the text must repeat, or ends where the text's word must end.
///
/// This runs for every word of every text matched, so the hash takes eight bytes per multiply;
/// forms and texts are hashed by this one function, so any hash would give the same matches.
fn first_word(bytes: &[u8], start: usize) -> (u64, usize) {
    const MIX: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut end = start;
    if bytes.get(start).is_some_and(|&byte| byte >= 0x80) {
        let mut packed = 0x80u64;
        end += 1;
        while bytes.get(end).is_some_and(|&byte| byte & 0xc0 == 0x80) {
            end += 1;
        }
        for &byte in &bytes[start..end] {
            packed = (packed << 8) | u64::from(byte);
        }
        return (packed.wrapping_mul(MIX), end);
    }
    let mut hash = 0u64;
    let mut chunk = 0u64;
    let mut shift = 0;
    while let Some(&byte) = bytes.get(end) {
        if !byte.is_ascii_alphanumeric() {
            break;
        }
        // Lower case: letters gain 0x20, digits already have it.
        chunk |= u64::from(byte | 0x20) << shift;
        end += 1;
        shift += 8;
        if shift == 64 {
            hash = (hash ^ chunk).wrapping_mul(MIX);
            chunk = 0;
            shift = 0;
        }
    }
    ((hash ^ chunk).wrapping_mul(MIX), end)
}

/// [`Lexicon::find`] for several lexicons in one pass over `text`: each word start and its first
/// word are read once, and each lexicon walks its own automaton from the word starts that can
/// begin one of its forms and lie after its previous match.
pub fn find_each<const N: usize>(lexicons: [&Lexicon; N], text: &str) -> [Vec<Found>; N] {
    let matchers = lexicons.map(Lexicon::matcher);
    let bytes = text.as_bytes();
    let mut found: [Vec<Found>; N] = std::array::from_fn(|_| Vec::new());
    // Where each lexicon's next match may start: after its previous one.
    let mut resume = [0; N];
    let mut candidates: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if !is_word_start(bytes, at) {
            at += 1;
            continue;
        }
        let (hash, word_end) = first_word(bytes, at);
        for (index, matcher) in matchers.iter().enumerate() {
            if at < resume[index]
                || !matcher.first_words.may_contain(hash)
                || !matcher.openings.may_match_at(bytes, hash, word_end)
            {
                continue;
            }
            if let Some(longest) = matcher.longest_at(text, at, &mut candidates) {
                resume[index] = longest.end;
                found[index].push(longest);
            }
        }
        // No word starts inside a first word.
        at = word_end.max(at + 1);
    }
    found
}

impl Matcher {
    /// The longest form spelt like `text` from the word start `start` that ends on a word
    /// boundary in its required case; of forms covering the same span, the first in lexicon
    /// order. `candidates` is scratch space.
    fn longest_at(&self, text: &str, start: usize, candidates: &mut Vec<(usize, usize)>) -> Option<Found> {
        let Matcher {
            automaton, patterns, ..
        } = self;
        candidates.clear();
        let Ok(mut state) = automaton.start_state(Anchored::Yes) else {
            return None;
        };
        for (offset, &byte) in text.as_bytes()[start..].iter().enumerate() {
            state = automaton.next_state(Anchored::Yes, state, byte);
            if !automaton.is_special(state) {
                continue;
            }
            if automaton.is_dead(state) {
                break;
            }
            if automaton.is_match(state) {
                let length = offset + 1;
                for index in 0..automaton.match_len(state) {
                    let pattern = automaton.match_pattern(state, index);
                    // A match state may also report shorter forms ending here.
                    if automaton.pattern_len(pattern) == length {
                        candidates.push((start + length, pattern.as_usize()));
                    }
                }
            }
        }
        // Longest first; of forms covering the same span, the first in lexicon order.
        candidates.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        candidates
            .iter()
            .find(|&&(end, pattern)| {
                (!patterns.exact[pattern] || text[start..end] == patterns.forms[pattern])
                    && on_word_boundaries(text, start, end)
            })
            .map(|&(end, pattern)| Found {
                entity: patterns.targets[pattern],
                start,
                end,
            })
    }
}

/// Every spelling variant, with the entity it names and whether its case must match exactly.
/// One case-insensitive automaton finds them all; exact-case forms are checked after a match.
struct Patterns {
    forms: Vec<String>,
    targets: Vec<usize>,
    exact: Vec<bool>,
}

pub const METHODS_TSV: &str = include_str!("../../vocab/methods.tsv");
pub const DATASETS_TSV: &str = include_str!("../../vocab/datasets.tsv");
pub const NOT_ENTITIES_TSV: &str = include_str!("../../vocab/not_entities.tsv");

// The built-in lexicon's tables, made by `build.rs` from the files above.
include!(concat!(env!("OUT_DIR"), "/built_in_lexicon.rs"));

/// The built-in lexicon of methods and datasets (and the phrases that only look like one),
/// tabled at compile time: a search consults it on every query, and it costs nothing to start.
pub static ENTITIES: Lexicon = Lexicon {
    entities: Cow::Borrowed(&BUILT_IN),
    case_rules: Cow::Borrowed(&BUILT_IN_CASES),
    matcher: OnceLock::new(),
    by_form: Cow::Borrowed(&BUILT_IN_KEYS),
    #[cfg(test)]
    anchored: OnceLock::new(),
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseRule {
    /// Short acronyms and mixed-case short names exactly, everything else ignoring case.
    Auto,
    Insensitive,
    Exact,
}

/// Whether a form must match exactly under the `auto` rule: forms without lower-case letters
/// ("GAN", "MS COCO"), very short ones ("LoRA", "ViT"), and short mixed-case names ("SimCLR").
pub fn needs_exact_case(form: &str) -> bool {
    let length = form.chars().count();
    let has_lower = form.chars().any(char::is_lowercase);
    let inner_upper = form.chars().skip(1).any(char::is_uppercase);
    !has_lower || length <= 4 || (inner_upper && length <= 6)
}

/// Spelling variants of a form: hyphens as spaces or removed, spaces as hyphens, plurals.
pub fn variants(form: &str) -> Vec<String> {
    let mut out = vec![form.to_string()];
    if form.contains('-') {
        out.push(form.replace('-', " "));
        out.push(form.replace('-', ""));
    }
    if form.contains(' ') {
        out.push(form.replace(' ', "-"));
    }
    let singulars = out.clone();
    for singular in singulars {
        if let Some(plural) = plural(&singular) {
            out.push(plural);
        }
    }
    out.sort();
    out.dedup();
    out
}

fn plural(word: &str) -> Option<String> {
    let last = word.chars().last()?;
    if !last.is_alphabetic() || word.ends_with('s') || word.ends_with('S') {
        return None;
    }
    if word.ends_with(['x', 'z']) || word.ends_with("ch") || word.ends_with("sh") {
        return Some(format!("{word}es"));
    }
    let mut chars = word.chars().rev();
    if chars.next() == Some('y') && chars.next().is_some_and(|c| !"aeiou".contains(c)) {
        return Some(format!("{}ies", &word[..word.len() - 1]));
    }
    Some(format!("{word}s"))
}

impl Lexicon {
    pub fn build(entries: Vec<(Entity, CaseRule)>) -> Lexicon {
        let mut by_form = Vec::with_capacity(entries.iter().map(|(entity, _)| entity.forms.len()).sum());
        let mut entities = Vec::with_capacity(entries.len());
        let mut case_rules = Vec::with_capacity(entries.len());
        for (index, (entity, case)) in entries.into_iter().enumerate() {
            by_form.extend(entity.forms.iter().map(|form| (form_key_hash(form), index)));
            entities.push(entity);
            case_rules.push(case);
        }
        // Within a hash, lexicon order: the first entity with a form wins.
        by_form.sort_unstable();
        Lexicon {
            entities: Cow::Owned(entities),
            case_rules: Cow::Owned(case_rules),
            matcher: OnceLock::new(),
            by_form: Cow::Owned(by_form),
            #[cfg(test)]
            anchored: OnceLock::new(),
        }
    }

    /// Every spelling variant of every form, generated on first use.
    fn patterns(&self) -> Patterns {
        let mut patterns = Patterns {
            forms: Vec::new(),
            targets: Vec::new(),
            exact: Vec::new(),
        };
        let mut seen: HashMap<(String, bool), usize> = HashMap::new();
        for (index, (entity, case)) in self.entities.iter().zip(self.case_rules.iter()).enumerate() {
            for form in entity.forms {
                let exact = match case {
                    CaseRule::Exact => true,
                    CaseRule::Insensitive => false,
                    CaseRule::Auto => needs_exact_case(form),
                };
                for variant in variants(form) {
                    let key = if exact {
                        variant.clone()
                    } else {
                        variant.to_ascii_lowercase()
                    };
                    if seen.insert((key, exact), index).is_none() {
                        patterns.forms.push(variant);
                        patterns.targets.push(index);
                        patterns.exact.push(exact);
                    }
                }
            }
        }
        patterns
    }

    fn matcher(&self) -> &Matcher {
        self.matcher.get_or_init(|| {
            let patterns = self.patterns();
            let automaton = aho_corasick::nfa::contiguous::Builder::new()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .build(&patterns.forms)
                .expect("lexicon patterns compile");
            let first_words = HashBits::first_words(patterns.forms.iter().map(String::as_str));
            let openings = Openings::new(patterns.forms.iter().map(String::as_str));
            Matcher {
                automaton,
                patterns,
                first_words,
                openings,
            }
        })
    }

    /// Every match in `text` on word boundaries, left to right, without overlaps.
    ///
    /// At each word start, the longest form that starts there and ends on a word boundary (in
    /// its required case) wins, and scanning resumes after it; a match inside a word never
    /// shadows a real one. Where several forms cover the same span, the first in lexicon order
    /// decides, as a leftmost-longest search would.
    pub fn find(&self, text: &str) -> Vec<Found> {
        let [found] = find_each([self], text);
        found
    }

    /// [`Lexicon::find`] as an anchored search from each word start: the reference the
    /// single-pass version is tested against.
    #[cfg(test)]
    fn find_by_word_starts(&self, text: &str) -> Vec<Found> {
        let patterns = &self.matcher().patterns;
        let automaton = self.anchored.get_or_init(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .kind(Some(AhoCorasickKind::DFA))
                .start_kind(StartKind::Anchored)
                .build(&patterns.forms)
                .expect("lexicon patterns compile")
        });
        let mut kept = Vec::new();
        let mut position = 0;
        while let Some(start) = next_word_start(text, position) {
            // The longest form starting here may end inside a word ("ImageNet C" in "ImageNet
            // classification") or differ in case from an exact-case form: then look for the
            // longest one ending before it.
            let mut best = None;
            let mut limit = text.len();
            while limit > start {
                let input = Input::new(text).range(start..limit).anchored(Anchored::Yes);
                let Ok(Some(found)) = automaton.try_find(input) else {
                    break;
                };
                // Of the forms spelt like this span but for case, the first that matches it.
                let span = &text[start..found.end()];
                let pattern = (0..patterns.forms.len())
                    .find(|&p| {
                        patterns.forms[p].eq_ignore_ascii_case(span)
                            && (!patterns.exact[p] || span == patterns.forms[p])
                    })
                    .unwrap_or(found.pattern().as_usize());
                let case_ok = !patterns.exact[pattern] || span == patterns.forms[pattern];
                if case_ok && on_word_boundaries(text, start, found.end()) {
                    best = Some(Found {
                        entity: patterns.targets[pattern],
                        start,
                        end: found.end(),
                    });
                    break;
                }
                limit = found.end() - 1;
            }
            match best {
                Some(found) => {
                    position = found.end;
                    kept.push(found);
                }
                None => position = start + 1,
            }
        }
        kept
    }

    /// Entities named in a short text such as a search query, found by looking up its word
    /// sequences (longest first) among the normalised forms. Unlike [`Lexicon::find`] this needs
    /// no automaton, so a search pays nothing to compile one.
    pub fn lookup_phrases(&self, text: &str) -> Vec<usize> {
        const LONGEST_FORM_WORDS: usize = 6;
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut found = Vec::new();
        let mut start = 0;
        while start < words.len() {
            let longest = LONGEST_FORM_WORDS.min(words.len() - start);
            let hit = (1..=longest).rev().find_map(|length| {
                let phrase = words[start..start + length].join(" ");
                let key = form_key(&phrase);
                let entity = self
                    .entity_with_key(&key)
                    .or_else(|| self.entity_with_key(key.strip_suffix('s')?))?;
                (self.entities[entity].kind != Kind::NotEntity).then_some((entity, length))
            });
            match hit {
                Some((entity, length)) => {
                    if !found.contains(&entity) {
                        found.push(entity);
                    }
                    start += length;
                }
                None => start += 1,
            }
        }
        found
    }

    /// The entity a user's value names, by any of its forms, ignoring case.
    pub fn resolve(&self, value: &str) -> Option<&Entity> {
        let wanted = form_key(value);
        let singular = wanted.strip_suffix('s').unwrap_or(&wanted);
        self.entity_with_key(&wanted)
            .or_else(|| self.entity_with_key(singular))
            .map(|index| &self.entities[index])
            .filter(|entity| entity.kind != Kind::NotEntity)
    }

    /// The first entity in lexicon order with a form whose [`form_key`] is `key`.
    fn entity_with_key(&self, key: &str) -> Option<usize> {
        let hash = key_hash(key.bytes());
        let first = self.by_form.partition_point(|&(h, _)| h < hash);
        self.by_form[first..]
            .iter()
            .take_while(|&&(h, _)| h == hash)
            .map(|&(_, index)| index)
            .find(|&index| self.entities[index].forms.iter().any(|form| form_key(form) == key))
    }
}

/// The next position at or after `from` where a word starts: a letter or digit not preceded by
/// one, and not joined by a hyphen to a preceding word. Works on bytes: every byte of a
/// non-ASCII character counts as part of a word, which keeps positions on character boundaries.
#[cfg(test)]
fn next_word_start(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    (from..bytes.len()).find(|&i| is_word_start(bytes, i))
}

/// True when a word starts at byte `i`: a letter or digit not preceded by one, and not joined by
/// a hyphen to a preceding word. Every byte of a non-ASCII character counts as part of a word.
fn is_word_start(bytes: &[u8], i: usize) -> bool {
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
    i < bytes.len()
        && is_word(bytes[i])
        && (i == 0 || !is_word(bytes[i - 1]))
        && !(i >= 2 && bytes[i - 1] == b'-' && is_word(bytes[i - 2]))
}

/// True when `text[start..end]` is a whole word (or words) in `text`.
fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
        return false;
    }
    // Joined to the word before by a hyphen: part of a compound ("non-causal", "self-supervised").
    if before == Some('-') {
        let mut back = text[..start].chars().rev();
        back.next();
        if back.next().is_some_and(char::is_alphanumeric) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_shared_by_two_entries_resolves_to_the_first_and_keys_are_confirmed() {
        let entry = |name: &'static str, forms: Vec<&'static str>| {
            let entity = Entity {
                name,
                kind: Kind::Method,
                topic: None,
                forms: forms.leak(),
            };
            (entity, CaseRule::Auto)
        };
        let lexicon = Lexicon::build(vec![
            entry("Low-Rank Adaptation", vec!["Low-Rank Adaptation", "LoRA"]),
            entry("LoRa radio", vec!["LoRa radio", "lora"]),
            entry("Schrödinger Bridge", vec!["Schrödinger Bridge"]),
        ]);
        assert_eq!(lexicon.resolve("lora").map(|e| e.name), Some("Low-Rank Adaptation"));
        assert_eq!(lexicon.resolve("LoRa Radio").map(|e| e.name), Some("LoRa radio"));
        assert_eq!(
            lexicon.resolve("schrödinger-bridges").map(|e| e.name),
            Some("Schrödinger Bridge")
        );
        assert_eq!(lexicon.resolve("lorax").map(|e| e.name), None);
        assert_eq!(
            lexicon.lookup_phrases("low rank adaptation of schrödinger bridge"),
            [0, 2]
        );
    }

    #[test]
    fn form_keys_of_ascii_and_unicode_forms() {
        assert_eq!(form_key("Low-Rank Adaptation (LoRA)"), "lowrankadaptationlora");
        assert_eq!(form_key("C++ / GPT-4o"), "c++gpt4o");
        assert_eq!(form_key("Schrödinger Bridge"), "schrödingerbridge");
        assert_eq!(form_key("ΑΒΓ-Net"), "αβγnet");
    }

    fn names(text: &str) -> Vec<&'static str> {
        ENTITIES
            .find(text)
            .iter()
            .map(|f| ENTITIES.entities[f.entity].name)
            .collect()
    }

    /// Texts made of lexicon forms in any case, ordinary words, hyphens and punctuation.
    fn lexicon_like_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let forms: Vec<String> = ENTITIES
            .entities
            .iter()
            .flat_map(|entity| entity.forms.iter().map(|form| form.to_string()))
            .chain(["the", "a", "of", "organize", "pass", "em", "sgd"].map(String::from))
            .collect();
        let piece = prop_oneof![
            4 => prop::sample::select(forms),
            1 => "[a-zA-Z]{1,8}",
            1 => prop::sample::select(vec!["-", "s", "'s", ",", ".", "(", ")", "é", "1K"]).prop_map(String::from),
        ];
        let case = prop_oneof![Just(0u8), Just(1u8), Just(2u8)];
        prop::collection::vec(
            (piece, case, prop::sample::select(vec![" ", " ", "", "-", "\n"])),
            0..40,
        )
        .prop_map(|pieces| {
            pieces
                .into_iter()
                .map(|(piece, case, joiner)| {
                    let piece = match case {
                        0 => piece,
                        1 => piece.to_lowercase(),
                        _ => piece.to_uppercase(),
                    };
                    format!("{piece}{joiner}")
                })
                .collect()
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 256,
            rng_seed: proptest::test_runner::RngSeed::Fixed(0x1e81_c0de),
            failure_persistence: None,
            ..proptest::test_runner::Config::default()
        })]

        #[test]
        fn the_walk_finds_what_a_search_per_word_start_finds(text in lexicon_like_text()) {
            proptest::prop_assert_eq!(ENTITIES.find(&text), ENTITIES.find_by_word_starts(&text));
        }
    }

    #[test]
    fn the_walk_agrees_on_the_fixture() {
        let fixture = include_str!("../../fixtures/daily-papers-2025-12-09.txt");
        let cues = &super::super::topics::CUES.lexicon;
        let lines: Vec<&str> = fixture.lines().collect();
        for line in &lines {
            assert_eq!(ENTITIES.find(line), ENTITIES.find_by_word_starts(line), "{line}");
            assert_eq!(cues.find(line), cues.find_by_word_starts(line), "{line}");
            assert_eq!(
                find_each([&ENTITIES, cues], line),
                [ENTITIES.find_by_word_starts(line), cues.find_by_word_starts(line)],
                "{line}"
            );
        }
        // Two texts joined by a line break: the matches of each, as a title and an abstract are
        // matched together.
        for pair in lines.windows(2) {
            let joined = format!("{}\n{}", pair[0], pair[1]);
            let shifted = cues.find(pair[1]).into_iter().map(|found| Found {
                start: found.start + pair[0].len() + 1,
                end: found.end + pair[0].len() + 1,
                ..found
            });
            let separately: Vec<Found> = cues.find(pair[0]).into_iter().chain(shifted).collect();
            assert_eq!(cues.find(&joined), separately, "{joined}");
        }
    }

    #[test]
    fn first_words_are_ascii_runs_or_one_other_character() {
        let hash = |word: &str| first_word(word.as_bytes(), 0).0;
        assert_eq!(first_word(b"GPT-4o and more", 0), (hash("gpt"), 3));
        assert_eq!(first_word(b"see BERT", 4), (hash("bert"), 8));
        assert_eq!(first_word(b"Transformers9 x", 0), (hash("tRANSFORMERS9"), 13));
        assert_ne!(hash("transformers"), hash("transformer"));
        assert_ne!(hash("abcdefgh"), hash("abcdefghabcdefgh"));
        let tau = "\u{3c4}\u{b2}-Bench";
        assert_eq!(first_word(tau.as_bytes(), 0), (hash("\u{3c4}"), 2));
        // Every form's first word is found by its own lookup.
        let matcher = ENTITIES.matcher();
        for form in &matcher.patterns.forms {
            assert!(
                matcher.first_words.may_contain(first_word(form.as_bytes(), 0).0),
                "{form}"
            );
        }
    }

    #[test]
    fn every_form_passes_its_own_opening_and_others_are_told_apart() {
        let hash = |word: &str| first_word(word.as_bytes(), 0).0;
        // Two words with ASCII punctuation and spaces between them, else none.
        assert_eq!(
            opening_after(b"GPT-4o", hash("gpt"), 3),
            opening_after(b"gpt-4O", hash("gpt"), 3)
        );
        assert_ne!(
            opening_after(b"GPT-4o", hash("gpt"), 3),
            opening_after(b"GPT 4o", hash("gpt"), 3)
        );
        assert_ne!(
            opening_after(b"GPT-4o", hash("gpt"), 3),
            opening_after(b"GPT-4", hash("gpt"), 3)
        );
        assert_eq!(opening_after(b"C++", hash("c"), 1), None);
        assert_eq!(opening_after(b"BERT", hash("bert"), 4), None);
        assert_eq!(opening_after("BERT\u{2014}x".as_bytes(), hash("bert"), 4), None);
        for lexicon in [&ENTITIES, &super::super::topics::CUES.lexicon] {
            let matcher = lexicon.matcher();
            for form in &matcher.patterns.forms {
                let (first, end) = first_word(form.as_bytes(), 0);
                assert!(matcher.openings.may_match_at(form.as_bytes(), first, end), "{form}");
                // As the start of a longer text too.
                let longer = format!("{form}, and more");
                assert!(matcher.openings.may_match_at(longer.as_bytes(), first, end), "{form}");
            }
        }
        // A first word that only begins longer forms, before a word none of them continues with.
        let matcher = ENTITIES.matcher();
        let text = "large xqzvw";
        assert!(matcher.first_words.may_contain(hash("large")));
        assert!(!matcher.openings.may_match_at(text.as_bytes(), hash("large"), 5));
    }

    #[test]
    fn spelling_variants_and_plurals() {
        let got = variants("pre-training");
        assert!(got.contains(&"pretraining".to_string()) && got.contains(&"pre training".to_string()));
        assert!(variants("GAN").contains(&"GANs".to_string()));
        assert!(variants("strategy").contains(&"strategies".to_string()));
    }

    #[test]
    fn finds_canonical_entities_on_word_boundaries() {
        assert_eq!(
            names("We use GANs and a Vision Transformer on ImageNet-1K."),
            ["generative adversarial network", "Vision Transformer", "ImageNet"]
        );
        assert_eq!(names("self-supervised learning"), ["self-supervised learning"]);
        assert_eq!(
            names("non-causal decoder and causal decoder"),
            ["non-causal decoder", "decoder-only"]
        );
        assert!(names("we organize the pipeline").is_empty(), "no match inside words");
    }

    #[test]
    fn short_acronyms_match_only_in_their_case() {
        assert_eq!(names("trained with SGD"), ["stochastic gradient descent"]);
        assert!(names("sgd is lowercase here").is_empty());
        assert!(names("a lower pass rate").is_empty());
        assert_eq!(
            names("weights from DinoV2, DINOv2 or DINOV2"),
            ["DINOv2", "DINOv2", "DINOv2"]
        );
    }

    #[test]
    fn user_values_resolve_through_aliases() {
        assert_eq!(ENTITIES.resolve("coco").unwrap().name, "MS COCO");
        assert_eq!(ENTITIES.resolve("GANs").unwrap().name, "generative adversarial network");
        assert_eq!(ENTITIES.resolve("llm").unwrap().name, "large language model");
    }

    #[test]
    fn lexicons_are_broad() {
        let methods = ENTITIES.entities.iter().filter(|e| e.kind == Kind::Method).count();
        let datasets = ENTITIES.entities.iter().filter(|e| e.kind == Kind::Dataset).count();
        assert_eq!(names("an Inception Score of 175"), ["Inception Score"]);
        assert!(methods >= 400, "{methods} methods");
        assert!(datasets >= 300, "{datasets} datasets");
    }
}
