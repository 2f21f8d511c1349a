//! Techniques named by description rather than by a coined name: "score-guided resampling",
//! "patch-based tokenization", "a universal sound source localization module".
//!
//! Most of what a paper does has no proper name, and no lexicon lists every "X-aware Y". Two
//! shapes are reliable enough to extract:
//! - a hyphenated qualifier ending in `-based`, `-aware`, `-guided`, `-level`, `-free`, … followed
//!   by up to three words ending in a technique noun ("topology-aware diffusion",
//!   "training-free pruning", "distillation-based supervised fine-tuning");
//! - a component the paper introduces or lists among its parts ("we introduce a causal
//!   interpretability framework", "consists of (1) a universal sound source localization module
//!   …"), ending in a component noun (module, encoder, strategy, pipeline, …), with evaluative
//!   adjectives ("novel", "simple", "unified") dropped and at least two words left.
//!
//! Phrases with conjunctions or prepositions inside, or with mixed case that is not a Title Case
//! name, are skipped: they are usually two things or a sentence fragment.

use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::ENTITIES;

/// Qualifier endings that make "X-ending Y" a named way of doing Y.
const QUALIFIER: &str = "based|aware|guided|level|conditioned|driven|free|agnostic|augmented|grounded|routed|gated|centric|wise|adaptive|supervised|dependent|preserving|constrained|informed|enhanced|assisted|regularized|weighted|decoupled|consistent";

/// Nouns that end a technique phrase; words ending in -tion, -sion, -ment or a verbal -ing count
/// too.
const TECHNIQUE: &str = "[a-z]+(?:tion|sion|ment|ling|ning|ding|ping|zing|sing|ting|ring|king|ying)|learning|distillation|decoding|sampling|search|alignment|verification|augmentation|tokenization|diffusion|attention|optimization|training|tuning|fine-tuning|pre-training|prompting|planning|reasoning|retrieval|pruning|quantization|editing|generation|reconstruction|loss|objective|rewards?|encoding|embeddings?|modell?ing|masking|routing|scheduling|merging|caching|compression|guidance|regularization|resampling|refinement|supervision|scoring|matching|fusion";

/// Nouns that end the name of a component.
const COMPONENT: &str = "framework|module|encoder|decoder|generator|synthesizer|editor|renderer|strategy|pipeline|mechanism|attention|scaffold|adapter|tokenizer|planner|controller|router|predictor|estimator|selector|critic|verifier|loss|objective|paradigm|algorithm|architecture";

/// Component nouns too general to name a component with one word before them.
const GENERIC_HEADS: &[&str] = &[
    "framework",
    "algorithm",
    "strategy",
    "pipeline",
    "paradigm",
    "architecture",
    "mechanism",
    "objective",
];

/// Words that make a phrase two things or a fragment.
const BREAKS: &[&str] = &[
    "and",
    "or",
    "by",
    "with",
    "without",
    "of",
    "in",
    "for",
    "to",
    "that",
    "show",
    "shows",
    "is",
    "are",
    "we",
    "on",
    "from",
    "as",
    "via",
    "than",
    "using",
    "during",
    "including",
    "following",
    "being",
    "having",
    "according",
    "regarding",
    "while",
    "when",
    "where",
    "which",
    "not",
];

/// Nouns that a technique phrase before them only describes.
const MODIFIED: &[&str] = &[
    "dataset",
    "datasets",
    "benchmark",
    "benchmarks",
    "task",
    "tasks",
    "problem",
    "problems",
    "probability",
    "probabilities",
    "score",
    "scores",
    "performance",
    "accuracy",
    "capability",
    "capabilities",
    "setting",
    "settings",
    "scenario",
    "scenarios",
    "domain",
    "domains",
    "application",
    "applications",
    "data",
    "results",
    "quality",
    "errors",
];

/// The next word of `rest`, when only spaces come before it.
fn next_word(rest: &str) -> Option<&str> {
    let rest = rest.strip_prefix(' ')?;
    let end = rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len());
    Some(&rest[..end]).filter(|word| !word.is_empty())
}

/// Evaluative or generic adjectives dropped from the front of a component's name.
const EVALUATIVE: &[&str] = &[
    "novel",
    "new",
    "simple",
    "effective",
    "efficient",
    "general",
    "unified",
    "lightweight",
    "principled",
    "first",
    "two",
    "three",
    "scalable",
    "robust",
    "powerful",
    "innovative",
    "dedicated",
    "comprehensive",
    "flexible",
    "plug-and-play",
    "model-agnostic",
    "training-free",
    "generic",
    "systematic",
    "practical",
    "versatile",
    "dual",
    "single",
    "end-to-end",
    "multi-stage",
    "two-stage",
    "hierarchical",
    "modular",
    "carefully",
    "designed",
    "specialized",
    "tailored",
    "key",
    "core",
    "additional",
    "proposed",
    "custom",
];

/// A pattern with large alternations: its lazy DFA gets room for all the states an abstract
/// visits (with the default cache it is rebuilt over and over, several times slower).
fn big_regex(pattern: &str) -> Result<Regex, regex::Error> {
    regex::RegexBuilder::new(pattern).dfa_size_limit(64 << 20).build()
}

static QUALIFIED: LazyLock<regex_automata::meta::Regex> = LazyLock::new(|| {
    regex_automata::meta::Regex::builder()
        .configure(regex_automata::meta::Config::new().hybrid_cache_capacity(64 << 20))
        .build(&format!(
            r"(?-u:\b)(?:[a-z0-9]+-)+(?:{QUALIFIER})(?:(?-u:\s)+[a-z][a-z-]+){{0,2}}(?-u:\s)+(?:{TECHNIQUE})(?-u:\b)"
        ))
        .expect("valid pattern")
});

/// The spans [`QUALIFIED`] finds in `text` (leftmost first, without overlaps, as a search over
/// the whole text gives them), found from its qualifiers: every match ends a chain of hyphenated
/// lowercase words with "-based", "-aware", …, and can only start at the start of one of that
/// chain's words, so the pattern is tried anchored there alone instead of run over the text (a
/// fifth of extraction's pattern matching, for a phrase most abstracts do not have).
fn qualified_spans(text: &str) -> Vec<(usize, usize)> {
    static QUALIFIER_HINTS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
        aho_corasick::AhoCorasick::new(QUALIFIER.split('|').map(|q| format!("-{q}"))).expect("valid patterns")
    });
    let bytes = text.as_bytes();
    let is_part = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut spans = Vec::new();
    // Where the next match may start: after the previous one.
    let mut resume = 0;
    for hint in QUALIFIER_HINTS.find_iter(text) {
        let hyphen = hint.start();
        if hyphen < resume {
            continue;
        }
        // The starts of the chain's words before this qualifier, nearest first: runs of
        // [a-z0-9] each followed by one hyphen.
        let mut starts = Vec::new();
        let mut end = hyphen;
        loop {
            let mut start = end;
            while start > 0 && is_part(bytes[start - 1]) {
                start -= 1;
            }
            if start == end {
                break;
            }
            starts.push(start);
            if start >= 2 && bytes[start - 1] == b'-' && is_part(bytes[start - 2]) {
                end = start - 1;
            } else {
                break;
            }
        }
        // The leftmost start (at a word boundary, after the previous match) where it matches.
        let found = starts
            .iter()
            .rev()
            .filter(|&&start| start >= resume && (start == 0 || !is_word(bytes[start - 1])))
            .find_map(|&start| {
                let input = regex_automata::Input::new(text)
                    .range(start..)
                    .anchored(regex_automata::Anchored::Yes);
                QUALIFIED.find(input)
            });
        if let Some(span) = found {
            spans.push((span.start(), span.end()));
            resume = span.end();
        }
    }
    spans
}

static CALLED: LazyLock<Regex> = LazyLock::new(|| {
    big_regex(&format!(
        r"(?-u:\b)(?:called|named|dubbed|termed)(?-u:\s)+((?:[a-z][a-z-]+(?-u:\s)+){{0,3}}(?:{TECHNIQUE}|{COMPONENT}))(?-u:\b)"
    ))
    .expect("valid pattern")
});

static TECHNIQUE_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^(?:{TECHNIQUE})$")).expect("valid pattern"));

/// Built without a prefilter: the literals that can start it ("we", "consist", "(1)", ";", …)
/// are so common that the prefilter regex picks by itself ran slower than the automaton alone
/// (65 against 52 ms over 20,000 papers' titles and abstracts).
static INTRODUCED_COMPONENT: LazyLock<regex_automata::meta::Regex> = LazyLock::new(|| {
    regex_automata::meta::Regex::builder()
        .configure(
            regex_automata::meta::Config::new()
                .auto_prefilter(false)
                .hybrid_cache_capacity(64 << 20),
        )
        .build(&format!(
        r"(?:(?-u:\b)[Ww]e(?-u:\s)+(?:also(?-u:\s)+|further(?-u:\s)+|then(?-u:\s)+)?(?:introduce|propose|present|design|develop|devise)|(?-u:\b)consists?(?-u:\s)+of|(?-u:\b)composed(?-u:\s)+of|(?-u:\b)comprising|\([0-9]\)|(?-u:\b)[0-9]\)|;|(?:^|\.(?-u:\s))[Oo]ur)(?-u:\s)+(?:two(?-u:\s)+[a-z ]+:(?-u:\s)+)?(?:an?(?-u:\s)+|the(?-u:\s)+|our(?-u:\s)+)?((?:[A-Za-z0-9_-]+,?(?-u:\s)+){{0,4}}?(?:{COMPONENT}))(?-u:\b)"
        ))
        .expect("valid pattern")
});

/// Technique phrases in `text`, in order of appearance, without repeats, each with where it
/// first starts.
pub fn technique_phrases_at(text: &str) -> Vec<(usize, String)> {
    let mut phrases: Vec<(usize, String)> = Vec::new();
    for (start, phrase) in technique_phrase_mentions(text) {
        if !phrases.iter().any(|(_, p)| p.eq_ignore_ascii_case(&phrase)) {
            phrases.push((start, phrase));
        }
    }
    phrases
}

/// [`technique_phrases_at`] without the positions.
#[cfg(test)]
fn technique_phrases(text: &str) -> Vec<String> {
    technique_phrases_at(text)
        .into_iter()
        .map(|(_, phrase)| phrase)
        .collect()
}

/// Every technique phrase with where it starts, in order of appearance.
fn technique_phrase_mentions(text: &str) -> Vec<(usize, String)> {
    let mut found: Vec<(usize, String)> = Vec::new();
    for (start, end) in qualified_spans(text) {
        let phrase = &text[start..end];
        // Up to a conjunction or preposition ("… pretraining using text" is "… pretraining"),
        // still ending in a technique noun.
        let words: Vec<&str> = phrase.split_whitespace().take_while(|w| !BREAKS.contains(w)).collect();
        // A phrase that modifies the noun after it names a kind of data or task, not a
        // technique: "sentence-level relation extraction datasets", "similarity-based
        // prediction probabilities".
        let modifies_next = words.len() == phrase.split_whitespace().count()
            && next_word(&text[end..]).is_some_and(|next| MODIFIED.contains(&next));
        if words.len() >= 2 && TECHNIQUE_WORD.is_match(words[words.len() - 1]) && !modifies_next {
            found.push((start, words.join(" ")));
        }
    }
    // "a novel neural operator called reversed attention": what it is called is the name.
    let names_something = ["called", "named", "dubbed", "termed"]
        .iter()
        .any(|verb| text.contains(verb));
    let called: Vec<regex::Captures> = if names_something {
        CALLED.captures_iter(text).collect()
    } else {
        Vec::new()
    };
    for captures in called {
        let phrase = captures.get(1).expect("group 1");
        let words: Vec<&str> = phrase
            .as_str()
            .split_whitespace()
            .take_while(|w| !BREAKS.contains(w))
            .collect();
        if words.len() >= 2 && phrase.as_str().split_whitespace().count() == words.len() {
            found.push((phrase.start(), words.join(" ")));
        }
    }
    for captures in INTRODUCED_COMPONENT.captures_iter(text) {
        let phrase = captures.get_group(1).expect("group 1");
        if let Some(name) = component_name(&text[phrase.range()]) {
            found.push((phrase.start, name));
        }
    }
    found.sort_by_key(|(start, _)| *start);
    found
}

/// The name of a component from the words before its noun: after the last article, without
/// evaluative adjectives; `None` when fewer than two words remain or the words are a fragment.
fn component_name(phrase: &str) -> Option<String> {
    let cleaned = phrase.replace(',', "");
    let mut words: Vec<&str> = cleaned.split_whitespace().collect();
    if let Some(article) = words.iter().rposition(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "a" | "an" | "the" | "our" | "its" | "their" | "this"
        )
    }) {
        words.drain(..=article);
    }
    let evaluative = words
        .iter()
        .take_while(|w| EVALUATIVE.contains(&w.to_lowercase().as_str()))
        .count();
    words.drain(..evaluative);
    if words.len() < 2 || words.iter().any(|w| BREAKS.contains(&w.to_lowercase().as_str())) {
        return None;
    }
    // A generic head needs two words to name something ("causal interpretability framework",
    // not "online algorithm"); a known technique with a generic head is that technique
    // ("data augmentation strategy").
    let head = words[words.len() - 1].to_lowercase();
    if GENERIC_HEADS.contains(&head.as_str()) {
        let before = words[..words.len() - 1].join(" ");
        if words.len() < 3 || ENTITIES.resolve(&before).is_some() {
            return None;
        }
    }
    // Mixed case is a fragment ("ASR-in-the-wild framework") unless every word is capitalised
    // ("Spatially Decoupled Attention"); a capital on the first word is the sentence's.
    let title_case = words.iter().all(|w| w.starts_with(char::is_uppercase));
    let inner_capitals = words[1..].iter().any(|w| w.chars().any(char::is_uppercase));
    if inner_capitals && !title_case {
        return None;
    }
    Some(words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualified_techniques() {
        assert_eq!(
            technique_phrases("It reshapes the population through score-guided resampling and stochastic refinement."),
            ["score-guided resampling"]
        );
        assert_eq!(
            technique_phrases(
                "methods that leverage patch-based tokenization, and similarity-based neighbor augmentation"
            ),
            ["patch-based tokenization", "similarity-based neighbor augmentation"]
        );
        assert!(technique_phrases("region-based and object-centric pretraining").is_empty());
        assert!(technique_phrases("task-agnostic pretraining using text")
            .contains(&"task-agnostic pretraining".to_string()));
    }

    #[test]
    fn qualifiers_find_what_the_pattern_finds_over_the_whole_text() {
        let texts = [
            "It reshapes the population through score-guided resampling and stochastic refinement.",
            "pre-score-guided resampling, Xscore-based pruning and x-y-z-aware fine-tuning",
            "a--based learning; -based learning; 3d-aware generation at 2-level caching",
            "model-based model-free learning and model-based-aware training",
            "region-based and object-centric pretraining; task-agnostic pretraining using text",
            "Uppercase-Based Learning, café-based tuning, naïve-aware training, über-guided sampling",
            "ends with knowledge-grounded",
            "text-conditioned video diffusion text-conditioned image generation",
            "",
        ];
        for text in texts {
            let whole: Vec<(usize, usize)> = QUALIFIED.find_iter(text).map(|m| (m.start(), m.end())).collect();
            assert_eq!(qualified_spans(text), whole, "{text}");
        }
        assert_eq!(qualified_spans(texts[1]).len(), 2);
    }

    #[test]
    fn components_the_paper_introduces() {
        assert_eq!(
            technique_phrases("We introduce a causal interpretability framework for modern DiTs."),
            ["causal interpretability framework"]
        );
        assert_eq!(
            technique_phrases(
                "OV-AVSS mainly consists of two parts: 1) a universal sound source localization module to fuse and 2) \
                 an open-vocabulary classification module to predict"
            ),
            [
                "universal sound source localization module",
                "open-vocabulary classification module"
            ]
        );
        assert!(technique_phrases("We present UI-AGILE, a comprehensive framework for agents.").is_empty());
        assert!(technique_phrases("We propose Mega-ASR, a unified ASR-in-the-wild framework.").is_empty());
        assert!(technique_phrases("We propose a novel framework.").is_empty());
        assert!(technique_phrases("We propose an online algorithm and our data augmentation strategy.").is_empty());
    }
}
