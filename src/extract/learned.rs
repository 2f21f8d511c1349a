//! The lexicon the index learns from its own papers: names that papers introduce ("we introduce
//! ZebraLogic, a benchmark …") or use as data ("evaluated on SEAL-0 and IFBench") become entities
//! of every paper that mentions them.
//!
//! A hand-written lexicon cannot keep up with a feed that names new models and benchmarks every
//! day, but the feed itself says what its new names are: the paper that coins a name describes
//! it, and the papers after it evaluate on it. Extraction records that as [`Evidence`] per paper;
//! the index keeps the evidence as terms, so the learned lexicon is always the sum over the papers
//! it holds (a paper updated or removed takes its evidence with it) and costs a walk over one
//! term dictionary to read.
//!
//! A name is learned when it is coined-looking (a capital inside, a digit, a data-like ending:
//! "GenAI-Bench", "SEAL-0", "ZebraLogic"; a plain capitalised word such as "Monet" is too common
//! to match elsewhere) and the curated lexicon and model families do not know it: where both
//! speak, the curated lexicon wins. Its kind is decided by the evidence across papers: the shape
//! of a benchmark's name (-Bench, -QA, -Eval, -1K) first, then the majority of the uses.

use std::collections::{BTreeMap, HashSet};

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;

use super::introduces::{is_name_like, normalized};
use super::lexicon::{Kind, ENTITIES};
use super::{models, usage};

/// How a paper speaks of a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EvidenceKind {
    /// The paper introduces the name and describes it as data (a benchmark, dataset, corpus).
    IntroducedAsDataset,
    /// The paper introduces the name as a method, model or system.
    IntroducedAsMethod,
    /// The paper evaluates or trains on the name, or calls it a dataset.
    UsedAsData,
}

impl EvidenceKind {
    const ALL: [EvidenceKind; 3] = [
        EvidenceKind::IntroducedAsDataset,
        EvidenceKind::IntroducedAsMethod,
        EvidenceKind::UsedAsData,
    ];

    pub fn label(self) -> &'static str {
        match self {
            EvidenceKind::IntroducedAsDataset => "introduced-as-dataset",
            EvidenceKind::IntroducedAsMethod => "introduced-as-method",
            EvidenceKind::UsedAsData => "used-as-data",
        }
    }
}

/// One paper's evidence about one name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Evidence {
    pub kind: EvidenceKind,
    pub name: String,
}

/// Separates the kind from the name in an evidence term (a control character no name contains).
const TERM_SEPARATOR: char = '\u{1f}';

impl Evidence {
    /// The term the index keeps this evidence under.
    pub fn term_text(&self) -> String {
        format!("{}{TERM_SEPARATOR}{}", self.kind.label(), self.name)
    }

    /// Reads a term written by [`Evidence::term_text`]; `None` for anything else.
    pub fn from_term_text(term: &str) -> Option<Evidence> {
        let (label, name) = term.split_once(TERM_SEPARATOR)?;
        let kind = EvidenceKind::ALL.into_iter().find(|kind| kind.label() == label)?;
        (!name.is_empty()).then(|| Evidence {
            kind,
            name: name.to_string(),
        })
    }
}

/// True for a name the index may learn: coined-looking, short, and unknown to the curated
/// lexicon and the model families.
pub fn is_learnable(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    // Three- and four-letter names ("MoT", "MinT") stand for different things in different
    // papers; a digit makes a short name specific enough ("Emu3", "4DGS").
    let long_enough = name.len() >= 5 || (name.len() == 4 && name.chars().any(|c| c.is_ascii_digit()));
    (1..=3).contains(&words.len())
        && long_enough
        && name.len() <= 40
        && !NOT_ENTITIES.contains(&name)
        && name.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && (words.iter().any(|word| is_coined(word)) || (usage::looks_like_data(name) && name.len() > 5))
        && !name.contains(TERM_SEPARATOR)
        && name.chars().all(is_name_char)
        && !super::is_curated(name)
        && !words.iter().any(|word| ENTITIES.resolve(word).is_some())
        && models::find(name).is_empty()
}

/// The characters a learned name may have: letters, digits, spaces and the punctuation names
/// are written with ("GenAI-Bench", "Qwen2.5", "C++Eval", "τ^2-Bench", "A&B"). Anything else
/// is markup or damage left in the text ("$τ$-bench", "**Pattern", "\\thisbench"), or a control
/// or direction character nobody can type: such a name is not learned.
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '+' | '/' | ':' | '&' | '\'' | '^')
}

/// Number formats: "INT8", "FP16", "BF16", "NF4".
static NUMBER_FORMAT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:INT|UINT|FP|BF|NF|MXFP|NVFP)\d+$").expect("valid pattern"));

/// Coined-looking names of software, services and organisations: neither methods nor data.
const NOT_ENTITIES: &[&str] = &[
    "PowerPoint",
    "TypeScript",
    "JavaScript",
    "GitHub",
    "GitLab",
    "YouTube",
    "LaTeX",
    "PyTorch",
    "TensorFlow",
    "OpenAI",
    "DeepMind",
    "HuggingFace",
    "LinkedIn",
    "WeChat",
    "iPhone",
    "MacBook",
    "ByteDance",
    "PhD",
];

/// True for a word someone coined, which means the same thing wherever it appears: a part with
/// capitals inside ("ZebraLogic", "GenAI-Bench", "HiFi-UMI"), letters mixed with digits
/// ("HumanML3D", "Lbl2Vec"), or an acronym joined to other capitalised parts ("SEAL-0",
/// "DA-Code"). Not: compounds of ordinary words ("Multi-Agent", "Test-Time", "4-bit",
/// "AI-generated") or a bare acronym ("CUDA", "OOD", "STEM"), which different papers use for
/// different things.
fn is_coined(word: &str) -> bool {
    if !is_name_like(word) {
        return false;
    }
    let parts: Vec<&str> = word
        .split(['-', '_', '.', '+'])
        .filter(|part| !part.is_empty())
        .collect();
    let upper = |part: &str| part.chars().filter(|c| c.is_uppercase()).count();
    let lower = |part: &str| part.chars().filter(|c| c.is_lowercase()).count();
    let camel = parts.iter().any(|part| upper(part) >= 2 && lower(part) >= 1);
    // Letters and digits in one part, but not a number format ("INT8", "FP16", "3D").
    let mixed = parts.iter().any(|part| {
        part.chars().filter(|c| c.is_alphabetic()).count() >= 3
            && part.chars().any(|c| c.is_ascii_digit())
            && upper(part) >= 1
            && !NUMBER_FORMAT.is_match(part)
    });
    // An acronym nobody else owns, joined to capitalised parts; not two terms of the field
    // joined ("SFT-RL", "Multi-LLM"), nor a count of something ("1-NFE").
    let acronym = parts
        .iter()
        .any(|part| upper(part) >= 2 && part.chars().all(|c| c.is_uppercase()) && ENTITIES.resolve(part).is_none());
    let plain_word = parts.iter().any(|part| lower(part) >= 2 && upper(part) == 0);
    let field_term = parts
        .iter()
        .any(|part| upper(part) >= 2 && ENTITIES.resolve(part).is_some());
    let counted = parts
        .first()
        .is_some_and(|part| part.chars().all(|c| c.is_ascii_digit()));
    camel || mixed || (acronym && parts.len() >= 2 && !plain_word && !field_term && !counted)
}

/// True for a token a learned name can be looked up by: capitals inside it ("GenAI", "QuALITY",
/// "SwAV"), letters with digits ("HumanML3D", "SEAL-0"), or a capital and a hyphen ("LV-Bench").
/// Every learned name has such a word ([`key_word`]), so the index keeps the tokens of this shape
/// each paper contains and finds the papers that may mention a name by one exact term.
pub fn is_key_token(token: &str) -> bool {
    // Most tokens are lower-case words: out at once.
    if !(3..=40).contains(&token.len())
        || !token
            .bytes()
            .skip(1)
            .any(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b >= 0x80)
    {
        return false;
    }
    let upper_inside = token.chars().skip(1).any(char::is_uppercase);
    let letters = token.chars().any(char::is_alphabetic);
    let digits = token.chars().any(|c| c.is_ascii_digit());
    let capital = token.chars().any(char::is_uppercase);
    upper_inside || (letters && digits) || (capital && token.contains('-'))
}

/// The tokens of `text` that [`is_key_token`] accepts, as [`Learned::find_in`] delimits names
/// (runs of letters, digits and `-_.+`, without a trailing `.` or `-`), without repeats.
pub fn key_tokens(text: &str) -> Vec<&str> {
    // The index writer runs this on every title and abstract. A key token has a capital, a digit
    // or a non-ASCII letter, so the scan skips from one such byte to the next (most bytes are
    // lower-case letters and spaces) and only then looks for the token around it.
    let bytes = text.as_bytes();
    let mut tokens: Vec<&str> = Vec::new();
    let mut position = 0;
    while let Some(offset) = bytes[position..]
        .iter()
        .position(|&byte| byte.is_ascii_uppercase() || byte.is_ascii_digit() || !byte.is_ascii())
    {
        // Every byte skipped is ASCII, so `at` starts a character.
        let at = position + offset;
        let std::ops::Range { start, end } = run_around(text, at..at);
        if end == at {
            // A character that is not part of a token ("—", "·"): step over it.
            position = at + text[at..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let token = trim_token(&text[start..end]);
        if is_key_token(token) {
            tokens.push(token);
        }
        position = end;
    }
    tokens.sort_unstable();
    tokens.dedup();
    tokens
}

/// A character of a token as [`key_tokens`] delimits them.
fn is_token_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '+')
}

/// A run of token characters without what only punctuates it: a trailing `.` or `-`, a
/// leading `.`, `-` or `+`.
fn trim_token(run: &str) -> &str {
    run.trim_end_matches(['.', '-']).trim_start_matches(['.', '-', '+'])
}

/// The bytes of the run of token characters around the bytes `at` of `text` (which may be empty).
fn run_around(text: &str, at: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let start = text[..at.start]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_token_char(c))
        .last()
        .map_or(at.start, |(start, _)| start);
    let end = text[at.end..]
        .char_indices()
        .find(|&(_, c)| !is_token_char(c))
        .map_or(text.len(), |(length, _)| at.end + length);
    start..end
}

/// The token of `text` (as [`key_tokens`] delimits them) that holds the bytes `at`.
fn token_around(text: &str, at: std::ops::Range<usize>) -> &str {
    trim_token(&text[run_around(text, at)])
}

/// The word of a learned name to look it up by (see [`is_key_token`]).
pub fn key_word(name: &str) -> Option<&str> {
    name.split_whitespace().find(|word| is_key_token(word))
}

/// A name the index learned, with the evidence for it across papers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearnedName {
    pub name: String,
    pub kind: Kind,
    /// Papers introducing it as data / as a method, and papers using it as data.
    pub introduced_as_dataset: u64,
    pub introduced_as_method: u64,
    pub used_as_data: u64,
}

impl LearnedName {
    /// What decided the name's kind, for `papers entities`.
    pub fn kind_evidence(&self) -> &'static str {
        if usage::looks_like_data(&self.name) {
            "name-shape"
        } else if self.kind == Kind::Method || self.introduced_as_dataset >= self.used_as_data {
            // A method is learned only from papers introducing it; a dataset from papers
            // introducing it or using it, whichever are more.
            "introduced"
        } else {
            "used-as-data"
        }
    }
}

/// The learned lexicon, with a matcher for finding its names in a text.
#[derive(Debug, Clone, Default)]
pub struct Learned {
    names: Vec<LearnedName>,
    matcher: Option<AhoCorasick>,
}

impl Learned {
    /// Learns from evidence counts: (kind, name, number of papers).
    pub fn from_counts(counts: impl IntoIterator<Item = (EvidenceKind, String, u64)>) -> Learned {
        let mut by_name: BTreeMap<String, [u64; 3]> = BTreeMap::new();
        for (kind, name, papers) in counts {
            let slot = EvidenceKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
            by_name.entry(name).or_default()[slot] += papers;
        }
        let mut names: Vec<LearnedName> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        for (name, [as_dataset, as_method, used]) in by_name {
            let data_shaped = usage::looks_like_data(&name);
            let introduced = as_dataset + as_method > 0;
            // One paper introducing a name is enough; a name only used needs two papers, or the
            // shape of a benchmark's name.
            if !(introduced || used >= 2 || (used >= 1 && data_shaped)) || !is_learnable(&name) {
                continue;
            }
            // Spellings that differ only in punctuation are one name: the first (in sorted
            // order) stands for them.
            if !seen.insert(normalized(&name)) {
                continue;
            }
            let kind = if data_shaped || as_dataset + used > as_method {
                Kind::Dataset
            } else {
                Kind::Method
            };
            names.push(LearnedName {
                name,
                kind,
                introduced_as_dataset: as_dataset,
                introduced_as_method: as_method,
                used_as_data: used,
            });
        }
        let matcher = (!names.is_empty())
            .then(|| {
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(names.iter().map(|n| n.name.as_str()))
                    .ok()
            })
            .flatten();
        Learned { names, matcher }
    }

    pub fn names(&self) -> &[LearnedName] {
        &self.names
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The learned name spelt exactly so.
    pub fn get(&self, name: &str) -> Option<&LearnedName> {
        self.names
            .binary_search_by(|learned| learned.name.as_str().cmp(name))
            .ok()
            .map(|i| &self.names[i])
    }

    /// Learned names the text mentions as whole names (not inside a longer name: "GenAI" is not
    /// in "GenAI-Bench"), in order of appearance, without repeats.
    pub fn find_in(&self, text: &str) -> Vec<&LearnedName> {
        let Some(matcher) = &self.matcher else {
            return Vec::new();
        };
        let mut found: Vec<&LearnedName> = Vec::new();
        for hit in matcher.find_iter(text) {
            let before = text[..hit.start()].chars().next_back();
            let mut after = text[hit.end()..].chars();
            let next = after.next();
            let joined_before = before.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_');
            let joined_after = next.is_some_and(|c| c.is_alphanumeric() || c == '_')
                || (next.is_some_and(|c| c == '-' || c == '.') && after.next().is_some_and(char::is_alphanumeric));
            if joined_before || joined_after {
                continue;
            }
            let learned = &self.names[hit.pattern().as_usize()];
            // The name's coined word must be a token of the text as the index keeps its tokens
            // ("SatMAE" is not in "SatMAE++", nor in "e.g.SatMAE"): the filing after a commit
            // finds a name's papers by that token, so extraction agrees with it whenever the
            // name was learned.
            if let Some(key) = key_word(&learned.name) {
                let offset = key.as_ptr() as usize - learned.name.as_ptr() as usize;
                let at = hit.start() + offset;
                if token_around(text, at..at + key.len()) != key {
                    continue;
                }
            }
            if !found.iter().any(|f| std::ptr::eq(*f, learned)) {
                found.push(learned);
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learned(counts: &[(EvidenceKind, &str, u64)]) -> Learned {
        Learned::from_counts(counts.iter().map(|(k, n, c)| (*k, n.to_string(), *c)))
    }

    #[test]
    fn evidence_terms_round_trip_and_reject_other_text() {
        let evidence = Evidence {
            kind: EvidenceKind::UsedAsData,
            name: "SEAL-0".to_string(),
        };
        assert_eq!(Evidence::from_term_text(&evidence.term_text()), Some(evidence));
        assert_eq!(Evidence::from_term_text("SEAL-0"), None);
        assert_eq!(Evidence::from_term_text("bogus\u{1f}SEAL-0"), None);
    }

    #[test]
    fn what_is_learned_and_as_what() {
        use EvidenceKind::*;
        let lexicon = learned(&[
            (IntroducedAsMethod, "ZebraLogic", 1),
            (UsedAsData, "ZebraLogic", 3),
            (IntroducedAsMethod, "CodeRosetta", 1),
            (UsedAsData, "SEAL-0", 1),
            (UsedAsData, "GenAI-Bench", 1),
            (UsedAsData, "MassiveDS", 1),
            (IntroducedAsMethod, "Monet", 1),
            (IntroducedAsMethod, "ImageNet", 1),
            (IntroducedAsMethod, "Qwen2.5-VL", 1),
        ]);
        let kinds: Vec<(&str, Kind)> = lexicon.names().iter().map(|n| (n.name.as_str(), n.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("CodeRosetta", Kind::Method),
                ("GenAI-Bench", Kind::Dataset),
                ("ZebraLogic", Kind::Dataset),
            ],
            "SEAL-0 and MassiveDS were only used once and are not benchmark-shaped; Monet is a plain word; \
             ImageNet and Qwen2.5-VL are curated"
        );
        // Introduced by one paper as a method, used as data by three: data, because of its use.
        assert_eq!(
            lexicon.get("ZebraLogic").map(LearnedName::kind_evidence),
            Some("used-as-data")
        );
        assert_eq!(
            lexicon.get("GenAI-Bench").map(LearnedName::kind_evidence),
            Some("name-shape")
        );
    }

    #[test]
    fn coined_names_are_told_from_ordinary_compounds() {
        for coined in [
            "ZebraLogic",
            "GenAI-Bench",
            "HiFi-UMI",
            "HumanML3D",
            "Lbl2Vec",
            "SEAL-0",
            "DA-Code",
            "CodeRosetta",
        ] {
            assert!(is_learnable(coined), "{coined}");
        }
        for ordinary in [
            "Multi-Agent",
            "Test-Time",
            "4-bit",
            "AI-generated",
            "CUDA",
            "OOD",
            "Bench",
            "Monet",
            "ImageNet 256x256",
            "MLLM-as-a-Judge",
            "Instruction Pre-Training",
        ] {
            assert!(!is_learnable(ordinary), "{ordinary}");
        }
    }

    #[test]
    fn names_with_markup_or_characters_nobody_types_are_not_learned() {
        for written in ["τ^2-Bench", "C++Eval", "ZebraLogic-2.5", "R&D-Bench", "Émile-Bench"] {
            assert!(is_learnable(written), "{written}");
        }
        for damaged in [
            "$τ$-bench",
            "**PatternBench",
            "\\thisbench",
            "``VideoQA-Bench",
            "SCBench(SharedBench",
            "Foo\u{1b}Bench",
            "EvilMark\u{202e}-Bench",
            "Quote\"Bench",
            "Lost\u{fffd}Bench",
        ] {
            assert!(!is_learnable(damaged), "{damaged:?}");
        }
    }

    #[test]
    fn every_learnable_name_has_a_key_word_found_in_text() {
        for name in [
            "ZebraLogic",
            "GenAI-Bench",
            "HiFi-UMI",
            "HumanML3D",
            "SEAL-0",
            "DA-Code",
            "Gated DeltaNet-2",
        ] {
            let key = key_word(name).unwrap_or_else(|| panic!("{name}"));
            let text = format!("Results on {name}, and ({name}).");
            assert!(key_tokens(&text).contains(&key), "{name}: {:?}", key_tokens(&text));
        }
        assert_eq!(key_tokens("We use SatMAE++. And 3D, the AI model."), ["SatMAE++"]);
    }

    /// What [`key_tokens`] computes, by its plain definition: split on characters that are
    /// neither alphanumeric nor one of `-_.+`, trim, keep the key tokens.
    fn by_definition(text: &str) -> Vec<&str> {
        let mut tokens: Vec<&str> = text
            .split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '+')))
            .map(|token| token.trim_end_matches(['.', '-']).trim_start_matches(['.', '-', '+']))
            .filter(|token| is_key_token(token))
            .collect();
        tokens.sort_unstable();
        tokens.dedup();
        tokens
    }

    #[test]
    fn key_tokens_split_like_the_name_matcher_on_any_text() {
        for text in [
            "",
            "GPT-4o",
            "Über-Bench3 vs. ÜberBench3; Qwen2.5-VL—GPT4V·SigLIP2 (ΔNet-2) 東京Bench2",
            "-.+X1Y2-. ..ZebraLogic.. é3é \u{0}A1b\u{200b}C2d",
            "MoE-LLaVA’s GenAI-Bench, HumanML3D\tSEAL-0\nDA-Code",
        ] {
            assert_eq!(key_tokens(text), by_definition(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 256,
            rng_seed: proptest::test_runner::RngSeed::Fixed(0x6b65_7973),
            failure_persistence: None,
            ..proptest::test_runner::Config::default()
        })]
        #[test]
        fn key_tokens_agree_with_the_definition(text in "[a-zA-Z0-9 .+_\\-,;()éÜ東·\u{200b}]{0,60}") {
            proptest::prop_assert_eq!(key_tokens(&text), by_definition(&text));
        }
    }

    #[test]
    fn names_are_found_whole() {
        let lexicon = learned(&[
            (EvidenceKind::IntroducedAsMethod, "GenAI", 1),
            (EvidenceKind::IntroducedAsDataset, "GenAI-Bench", 1),
            (EvidenceKind::IntroducedAsMethod, "CodeRosetta", 1),
        ]);
        let found: Vec<&str> = lexicon
            .find_in("GenAI-Bench scores of CodeRosetta, CodeRosettas, xCodeRosetta, CodeRosetta-2 and GenAI.")
            .iter()
            .map(|n| n.name.as_str())
            .collect();
        assert_eq!(found, ["GenAI-Bench", "CodeRosetta", "GenAI"]);
        assert!(Learned::default().find_in("CodeRosetta").is_empty());
    }

    #[test]
    fn a_name_is_found_only_where_its_word_is_a_token_of_the_text() {
        let lexicon = learned(&[(EvidenceKind::IntroducedAsMethod, "DeepVelmo", 1)]);
        let found = |text: &str| lexicon.find_in(text).len();
        assert_eq!(found("Rerankers such as DeepVelmo++ are slow."), 0);
        assert_eq!(found("Rerankers, e.g.DeepVelmo, are slow."), 0);
        assert_eq!(found("Rerankers (+DeepVelmo) and DeepVelmo."), 1);
    }

    proptest::proptest! {
        /// What extraction finds, the filing after a commit finds too: a name found in a text
        /// has its coined word among the text's key tokens, whatever surrounds it.
        #[test]
        fn names_found_have_their_word_among_the_key_tokens(
            before in "[a-z.+_\\- ]{0,3}",
            after in "[a-zA-Z0-9.+_\\-, ]{0,3}",
        ) {
            let lexicon = learned(&[
                (EvidenceKind::IntroducedAsMethod, "DeepVelmo", 1),
                (EvidenceKind::IntroducedAsDataset, "Velmo Bench-2", 1),
            ]);
            for name in ["DeepVelmo", "Velmo Bench-2"] {
                let text = format!("x {before}{name}{after} y");
                for found in lexicon.find_in(&text) {
                    let key = key_word(&found.name).unwrap();
                    proptest::prop_assert!(key_tokens(&text).contains(&key), "{text:?}");
                }
            }
        }
    }
}
