//! Names a paper gives to what it contributes ("we propose SwAV", "CodeRosetta: …", "a new
//! dataset, ImageNet-G-v1"), and named datasets it uses that no lexicon can know ("the
//! 'DeepSeagrass' dataset").
//!
//! Patterns: a short name before the colon of the title; a name-like token, or an acronym
//! definition, right after "we propose / introduce / present / call …" or "called / named /
//! dubbed / termed"; an appositive ", X," in such a clause. A name counts as a dataset when the
//! words around it say dataset, benchmark or corpus.

use std::sync::LazyLock;

use regex::Regex;

use super::acronyms::Definition;
use super::lexicon::{Kind, ENTITIES};

/// A name the paper introduces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Introduced {
    pub name: String,
    pub kind: Kind,
}

static INTRO_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?:[Ww]e(?-u:\s)+(?:also(?-u:\s)+|further(?-u:\s)+|then(?-u:\s)+|first(?-u:\s)+|additionally(?-u:\s)+)?(?:propose|introduce|present|develop|design|build|construct|release|curate|create|contribute|call|term|name|dub)d?|(?:called|named|dubbed|termed|coined))(?-u:\b)",
    )
    .expect("valid pattern")
});

static LATEX_WRAPPER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\\(?:textit|emph|textbf|texttt|textsc|mathrm|text)\{([^{}]*)\}").expect("valid pattern")
});

static NAMED_DATASET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"['"‘“]?((?:[A-Z][A-Za-z0-9_.+\-]*(?-u:\s)){0,2}[A-Z0-9][A-Za-z0-9_.+\-]*)['"’”]?(?-u:\s)+(?:dataset|benchmark|corpus)(?-u:\b)"#)
        .expect("valid pattern")
});

/// Words that start sentences or describe rather than name.
const NOT_NAMES: &[&str] = &[
    "A",
    "An",
    "The",
    "This",
    "That",
    "These",
    "Our",
    "We",
    "In",
    "On",
    "Of",
    "To",
    "For",
    "With",
    "New",
    "Novel",
    "Large",
    "Public",
    "Existing",
    "Standard",
    "Popular",
    "Real",
    "Synthetic",
    "Each",
    "Both",
    "Such",
    "Its",
    "It",
    "Experiments",
    "Results",
    "Extensive",
    "Moreover",
    "However",
    "Finally",
    "Specifically",
    "Code",
    "Data",
    // Common technical acronyms: words of the field, not names anyone coined.
    "AI",
    "ML",
    "NLP",
    "CV",
    "GUI",
    "API",
    "APIs",
    "GPU",
    "GPUs",
    "CPU",
    "LLM",
    "LLMs",
    "VLM",
    "VLMs",
    "MLLM",
    "MLLMs",
    "QA",
    "VQA",
    "RGB",
    "RGB-D",
    "SOTA",
    "URL",
    "HTML",
    "SQL",
    "JSON",
    "PDF",
    "IoT",
    "AR",
    "VR",
    "XR",
    "2D",
    "3D",
    "4D",
    "KV",
    "LMM",
    "SOTA",
    "SoTA",
    "RL",
    "IR",
    "OCR",
    "ASR",
    "TTS",
    "FID",
    "PSNR",
    "SSIM",
    "AUC",
    "ROC",
    "MSE",
    "MAE",
];

/// Endings that make a token an adjective ("LLM-based", "3D-aware"), not a name.
const ADJECTIVE_ENDINGS: &[&str] = &[
    "-based",
    "-aware",
    "-like",
    "-style",
    "-driven",
    "-free",
    "-guided",
    "-level",
    "-centric",
    "-specific",
    "-agnostic",
    "-conditioned",
    "-augmented",
    "-enhanced",
    "-powered",
    "-native",
    "-scale",
    "-shot",
    "-wise",
];

/// Words after which a name is the object of a preposition, not the thing introduced.
const PREPOSITIONS: &[&str] = &[
    "to", "of", "for", "in", "on", "with", "by", "over", "from", "into", "upon", "between", "across", "than", "about",
];

static APPOSITIVE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r",\s+([A-Za-z0-9][A-Za-z0-9+\-_.]*),\s").expect("valid pattern"));

/// Title prefixes that are not names.
const NOT_TITLE_NAMES: &[&str] = &[
    "survey",
    "review",
    "position",
    "tutorial",
    "overview",
    "perspective",
    "editorial",
];

/// Undoes LaTeX markup that wraps names in abstracts (`\textit{Gaussian-MAE}`).
pub fn strip_latex(text: &str) -> String {
    if !text.contains(['\\', '~']) {
        return text.to_string();
    }
    LATEX_WRAPPER.replace_all(text, "$1").replace('~', " ")
}

/// True for tokens that look like coined names: "SwAV", "R2O", "UNI", "SixT+", "Lbl2Vec".
pub fn is_name_like(token: &str) -> bool {
    let letters = token.chars().filter(|c| c.is_alphabetic()).count();
    let uppers = token.chars().filter(|c| c.is_uppercase()).count();
    let digits = token.chars().filter(|c| c.is_ascii_digit()).count();
    let first_upper = token
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    let inner_upper = token.chars().skip(1).any(char::is_uppercase);
    let shaped = first_upper
        && (letters >= 3 || (letters >= 2 && digits > 0))
        && token.len() <= 30
        && token
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '+' | '-' | '_' | '.'))
        && (uppers >= 2 || inner_upper || (digits > 0 && letters > 0))
        && !NOT_NAMES.contains(&token);
    // The adjective check lower-cases, so it runs last, on the few tokens shaped like names.
    shaped && {
        let lower = token.to_lowercase();
        !ADJECTIVE_ENDINGS.iter().any(|ending| lower.ends_with(ending))
    }
}

/// Everything the paper introduces, in order of appearance, without repeats.
pub fn introduced(title: &str, abstract_text: &str, definitions: &[Definition]) -> Vec<Introduced> {
    let mut found: Vec<Introduced> = Vec::new();
    let mut add = |name: &str, kind: Kind| {
        let name = name
            .trim()
            .trim_matches(['\'', '"', '‘', '’', '“', '”', ',', '.', ';', ':']);
        if name.is_empty() {
            return;
        }
        if !found.iter().any(|f| normalized(&f.name) == normalized(name)) {
            found.push(Introduced {
                name: name.to_string(),
                kind,
            });
        }
    };

    if let Some((prefix, rest)) = title.split_once(": ") {
        if is_title_name(prefix) {
            let kind = if mentions_dataset(rest) || replaces_a_dataset(rest) {
                Kind::Dataset
            } else {
                Kind::Method
            };
            add(prefix, kind);
        }
    }

    for verb in INTRO_VERB.find_iter(abstract_text) {
        let clause_end = abstract_text[verb.end()..]
            .find(". ")
            .map_or(abstract_text.len(), |i| verb.end() + i);
        let clause = &abstract_text[verb.end()..clause_end];
        // An acronym defined right after the verb: "we introduce Group Diffusion Transformers (GDTs)".
        for definition in definitions {
            let offset = definition.long_start as isize - verb.end() as isize;
            // "we use reinforcement learning (RL)" defines a known term, it introduces nothing.
            let known = ENTITIES.resolve(&definition.short).is_some()
                || ENTITIES.resolve(&definition.long).is_some()
                || NOT_NAMES.contains(&definition.short.trim_end_matches('s'));
            if (0..=60).contains(&offset) && !known {
                let end = floor_char_boundary(
                    abstract_text,
                    (definition.long_start + definition.long.len() + 80).min(clause_end),
                );
                let around = &abstract_text[verb.end()..end.max(verb.end())];
                add(preferred_name(definition), kind_from_context(around));
            }
        }
        // A coined name right after the verb, possibly after articles and adjectives, but not
        // after a preposition ("a dataset of 3DGS", "improvements over VQGAN" name nothing new).
        let mut words = clause.split_whitespace().peekable();
        let mut skipped = 0;
        let mut blocked = false;
        while let Some(word) = words.peek() {
            if skipped < 4 && word.chars().next().is_some_and(char::is_lowercase) && !word.contains(',') {
                blocked |= PREPOSITIONS.contains(word);
                words.next();
                skipped += 1;
            } else {
                break;
            }
        }
        if let Some(word) = words.next().filter(|_| !blocked) {
            let token = word.trim_matches(['\'', '"', '‘', '’', '“', '”', ',', '.', ';', ':', '(', ')']);
            let starts_a_definition = definitions.iter().any(|d| d.long.starts_with(token));
            let known = ENTITIES.resolve(token).is_some();
            if is_name_like(token) && !starts_a_definition && !known {
                let position = clause.find(token).unwrap_or(0);
                let context = &clause[..floor_char_boundary(clause, (position + token.len() + 80).min(clause.len()))];
                add(token, kind_from_context(context));
            }
        }
        // An appositive: "an online algorithm, SwAV, that …".
        for captures in APPOSITIVE.captures_iter(clause).take(2) {
            let token = captures.get(1).expect("group 1").as_str();
            if is_name_like(token) {
                let position = captures.get(1).expect("group 1").start();
                let from = floor_char_boundary(clause, position.saturating_sub(60));
                let to = floor_char_boundary(clause, (position + token.len() + 80).min(clause.len()));
                add(token, kind_from_context(&clause[from..to]));
            }
        }
    }
    // How the paper describes a name outranks the words that happen to be near it:
    // "DreamClear, a … image restoration model" is a method however often "dataset" occurs
    // around it; a name shaped like a benchmark or a sample count is data.
    for name in &mut found {
        if let Some(kind) = described_kind(abstract_text, &name.name) {
            name.kind = kind;
        } else if super::usage::looks_like_data(&name.name) {
            name.kind = Kind::Dataset;
        }
    }
    found
}

/// The kind a description of `name` gives it: the head noun of an appositive or a copula right
/// after the name ("X, a large-scale instruction-tuning dataset", "X (Corpus Verify), a
/// lightweight process reward", "X is a benchmark").
fn described_kind(text: &str, name: &str) -> Option<Kind> {
    static OPENING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\)?(?-u:\s)*(?:\([^()]{0,60}\)(?-u:\s)*)?(?:,(?-u:\s)*|(?-u:\s)+is(?-u:\s)+|(?-u:\s)+as(?-u:\s)+)(?:a|an|the|our)(?-u:\s)")
            .expect("valid pattern")
    });
    for (at, _) in text.match_indices(name) {
        let after = &text[at + name.len()..];
        if after.starts_with(|c: char| c.is_alphanumeric() || c == '-') {
            continue;
        }
        let Some(opening) = OPENING.find(after) else {
            continue;
        };
        let description = &after[opening.end()..];
        let description = &description[..floor_char_boundary(description, description.len().min(160))];
        if let Some(kind) = head_kind(description) {
            return Some(kind);
        }
    }
    None
}

/// The kind the head noun of a noun phrase names: the last cue word before the phrase ends at a
/// preposition, relative pronoun or clause mark ("a portable UMI data-production system
/// co-designed for …" is a system). "A collection / suite / family of X" is X when X says.
fn head_kind(phrase: &str) -> Option<Kind> {
    const ENDS: &[&str] = &[
        "that",
        "which",
        "for",
        "with",
        "to",
        "of",
        "in",
        "on",
        "from",
        "by",
        "where",
        "covering",
        "built",
        "designed",
        "consisting",
        "comprising",
        "containing",
        "spanning",
        "using",
        "and",
        "featuring",
        "tailored",
    ];
    const DATA: &[&str] = &[
        "dataset",
        "datasets",
        "benchmark",
        "benchmarks",
        "corpus",
        "corpora",
        "suite",
        "collection",
        "testbed",
        "database",
        "data",
    ];
    const METHOD: &[&str] = &[
        "model",
        "models",
        "framework",
        "method",
        "approach",
        "pipeline",
        "algorithm",
        "architecture",
        "system",
        "agent",
        "agents",
        "reward",
        "module",
        "technique",
        "strategy",
        "network",
        "networks",
        "policy",
        "policies",
        "loss",
        "library",
        "toolkit",
        "harness",
        "engine",
        "protocol",
        "paradigm",
        "mechanism",
        "recipe",
        "scheme",
        "objective",
        "solution",
        "platform",
        "simulator",
        "tokenizer",
        "encoder",
        "decoder",
        "optimizer",
        "transformer",
        "LLM",
        "LLMs",
        "VLM",
        "VLMs",
        "MLLM",
        "MLLMs",
    ];
    const GROUPS: &[&str] = &["collection", "suite", "family", "series", "set"];
    // What evaluates others is data, whatever it calls itself: "an evaluation framework",
    // "a benchmarking platform".
    const EVALUATING: &[&str] = &["evaluation", "benchmarking", "assessment", "evaluating"];
    let mut head: Option<Kind> = None;
    let mut previous = "";
    let mut words = phrase.split_whitespace().peekable();
    while let Some(raw) = words.next() {
        let ends_sentence = raw.ends_with(['.', ';', ':']);
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        // A hyphenated compound is headed by its last part ("data-production" is about production).
        let last_part = word.rsplit('-').next().unwrap_or(word);
        if ENDS.contains(&word) {
            break;
        }
        let evaluating = EVALUATING.contains(&previous.rsplit('-').next().unwrap_or(previous));
        previous = word;
        if DATA.contains(&last_part) || (evaluating && METHOD.contains(&last_part)) {
            head = Some(Kind::Dataset);
        } else if METHOD.contains(&last_part) {
            head = Some(Kind::Method);
        }
        if GROUPS.contains(&last_part) && words.peek() == Some(&"of") {
            words.next();
            let rest: Vec<&str> = words.by_ref().take(6).collect();
            if let Some(kind) = head_kind(&rest.join(" ")) {
                return Some(kind);
            }
            break;
        }
        if ends_sentence || raw.ends_with(',') && head.is_some() {
            break;
        }
    }
    head
}

/// Named datasets the text uses ("the 'DeepSeagrass' dataset", "Global Wetlands dataset").
pub fn named_datasets(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    // Only the few words before each "dataset", "benchmark" or "corpus" can name one. The three
    // are found in one vectorised pass (three substring searches were most of this function);
    // the windows are taken keyword by keyword, in order of appearance.
    const KEYWORDS: [&str; 3] = [" dataset", " benchmark", " corpus"];
    static KEYWORD_SEARCH: LazyLock<aho_corasick::AhoCorasick> =
        LazyLock::new(|| aho_corasick::AhoCorasick::new(KEYWORDS).expect("valid patterns"));
    let mut windows: [Vec<&str>; 3] = Default::default();
    for found in KEYWORD_SEARCH.find_iter(text) {
        let (at, end) = (found.start(), found.end());
        let from = floor_char_boundary(text, at.saturating_sub(60));
        let to = floor_char_boundary(text, (end + 1).min(text.len()));
        windows[found.pattern().as_usize()].push(&text[from..to]);
    }
    for captures in windows
        .iter()
        .flatten()
        .flat_map(|window| NAMED_DATASET.captures_iter(window))
    {
        let phrase = captures[1].trim();
        let mut words: Vec<&str> = phrase.split_whitespace().collect();
        // A word ending a sentence ("… on DotBench1. benchmark results follow") names nothing
        // the noun after it describes: only the words after the last full stop can.
        if let Some(last_stop) = words.iter().rposition(|w| w.ends_with('.')) {
            words.drain(..=last_stop);
        }
        let words: Vec<&str> = words.into_iter().skip_while(|w| NOT_NAMES.contains(w)).collect();
        if words.is_empty() || words.iter().any(|w| NOT_NAMES.contains(w)) {
            continue;
        }
        let name = words.join(" ");
        // "a 400K-image dataset", "a 1.2-trillion-token corpus": a size, not a name.
        let quantity = words[0].starts_with(|c: char| c.is_ascii_digit())
            && words[0]
                .rsplit('-')
                .next()
                .is_some_and(|last| last.chars().all(char::is_lowercase));
        if quantity {
            continue;
        }
        let distinctive = words.len() >= 2 || is_name_like(words[0]);
        if distinctive && ENTITIES.resolve(&name).is_none() && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// The short form when it is a coined name ("R2O", "DyCE", "TFUP"); the long form when the
/// short one is a plain plural acronym ("GDTs") or the long form is ordinary words.
/// Terms the paper defines the way names are written: a Title Case long form with its acronym
/// ("Energy-Based Transformers (EBTs)", "Feature Cache Model (FCM)", "Momentum Human Rig
/// (MHR)"), whichever verb introduces it. A capitalised definition the lexicon does not know is
/// the paper's own term or a term of its niche; fields ("Natural Language Processing (NLP)",
/// acronyms of [`NOT_NAMES`]) and metrics ("Inception Score (IS)") are not.
pub fn defined_names(definitions: &[Definition]) -> Vec<Introduced> {
    const CONNECTORS: &[&str] = &["of", "for", "to", "and", "in", "with", "on", "the", "a", "via"];
    const METRIC_HEADS: &[&str] = &[
        "Score", "Distance", "Error", "Rate", "Accuracy", "Ratio", "Index", "Metric", "Loss",
    ];
    const FIELD_HEADS: &[&str] = &["Processing", "Interface", "Intelligence", "Vision", "Learning"];
    let mut found: Vec<Introduced> = Vec::new();
    for definition in definitions {
        let words: Vec<&str> = definition.long.split_whitespace().collect();
        let title_case = words.iter().enumerate().all(|(i, word)| {
            word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) || (i > 0 && CONNECTORS.contains(word))
        });
        let head = words.last().copied().unwrap_or("");
        let head = head
            .strip_suffix('s')
            .filter(|h| METRIC_HEADS.contains(h))
            .unwrap_or(head);
        let known = ENTITIES.resolve(&definition.short).is_some() || ENTITIES.resolve(&definition.long).is_some();
        if (2..=6).contains(&words.len())
            && title_case
            && !known
            && !METRIC_HEADS.contains(&head)
            && (!FIELD_HEADS.contains(&head) || words.len() > 3)
            && !NOT_NAMES.contains(&definition.short.trim_end_matches('s'))
            && !found
                .iter()
                .any(|f| normalized(&f.name) == normalized(preferred_name(definition)))
        {
            let kind = if mentions_dataset(&definition.long) {
                Kind::Dataset
            } else {
                Kind::Method
            };
            found.push(Introduced {
                name: preferred_name(definition).to_string(),
                kind,
            });
        }
    }
    found
}

fn preferred_name(definition: &Definition) -> &str {
    let plural = definition.short.ends_with('s') && definition.short.chars().filter(|c| c.is_uppercase()).count() >= 2;
    let long_is_title = definition
        .long
        .split_whitespace()
        .all(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()));
    if !plural && long_is_title && is_name_like(&definition.short) {
        &definition.short
    } else {
        &definition.long
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

fn is_title_name(prefix: &str) -> bool {
    let words: Vec<&str> = prefix.split_whitespace().collect();
    match words.as_slice() {
        [] => false,
        [single] => {
            single
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                && single.chars().count() <= 30
                && !NOT_TITLE_NAMES.contains(&single.to_lowercase().as_str())
                && single
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '+' | '-' | '_' | '.'))
        }
        several if several.len() <= 3 => {
            several.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase))
                && several.iter().any(|w| is_name_like(w) || is_capitalised_compound(w))
        }
        _ => false,
    }
}

/// "Label-Agnostic": capitalised parts joined by hyphens.
fn is_capitalised_compound(word: &str) -> bool {
    word.contains('-')
        && word
            .split('-')
            .all(|part| part.chars().next().is_some_and(char::is_uppercase))
}

pub fn mentions_dataset(text: &str) -> bool {
    let lower = text.to_lowercase();
    ["dataset", "data set", "benchmark", "corpus", "corpora"]
        .iter()
        .any(|w| lower.contains(w))
}

/// "An ImageNet replacement for …": a title that offers a substitute for a known dataset.
fn replaces_a_dataset(text: &str) -> bool {
    let lower = text.to_lowercase();
    ["replacement", "alternative", "substitute"]
        .iter()
        .any(|w| lower.contains(w))
        && ENTITIES
            .find(text)
            .iter()
            .any(|f| ENTITIES.entities[f.entity].kind == Kind::Dataset)
}

fn kind_from_context(context: &str) -> Kind {
    if mentions_dataset(context) {
        Kind::Dataset
    } else {
        Kind::Method
    }
}

/// Case, punctuation and spacing ignored, for de-duplication.
pub fn normalized(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::acronyms::definitions;
    use super::*;

    fn names(title: &str, abstract_text: &str) -> Vec<(String, Kind)> {
        let text = strip_latex(abstract_text);
        introduced(title, &text, &definitions(&text))
            .into_iter()
            .map(|i| (i.name, i.kind))
            .collect()
    }

    #[test]
    fn title_prefixes_that_are_names() {
        assert_eq!(
            names("CodeRosetta: Pushing the Boundaries", ""),
            [("CodeRosetta".to_string(), Kind::Method)]
        );
        assert_eq!(
            names("ShapeSplat: A Large-scale Dataset of Splats", ""),
            [("ShapeSplat".to_string(), Kind::Dataset)]
        );
        assert!(names("Leaving Reality to Imagination: Robust Classification", "").is_empty());
        assert!(names("Survey: Everything About Transformers", "").is_empty());
    }

    #[test]
    fn names_after_introducing_verbs() {
        let got = names(
            "T",
            "In this paper, we propose an online algorithm, SwAV, that takes advantage of it.",
        );
        assert_eq!(got, [("SwAV".to_string(), Kind::Method)]);
        let got = names(
            "T",
            "To this end, we introduce \\textit{Gaussian-MAE}, which highlights benefits.",
        );
        assert_eq!(got, [("Gaussian-MAE".to_string(), Kind::Method)]);
        let got = names(
            "T",
            "We also introduce Methods2Test, the largest publicly available parallel corpus of tests.",
        );
        assert_eq!(got, [("Methods2Test".to_string(), Kind::Dataset)]);
        let got = names(
            "T",
            "In this work, we introduce Group Diffusion Transformers (GDTs), a novel framework.",
        );
        assert_eq!(got, [("Group Diffusion Transformers".to_string(), Kind::Method)]);
    }

    #[test]
    fn named_datasets_need_a_distinctive_name() {
        let text = "on the multi-species 'DeepSeagrass' dataset and on the Global Wetlands dataset, not our dataset";
        assert_eq!(named_datasets(text), ["DeepSeagrass", "Global Wetlands"]);
        assert!(named_datasets("The dataset is new. A Large dataset.").is_empty());
        assert!(named_datasets("a comprehensive 400K-image dataset and a 1.2-trillion-token corpus").is_empty());
        // A full stop between the name and the noun: the noun starts another sentence.
        assert!(named_datasets("We compare with others on DotBench1. benchmark results follow.").is_empty());
        assert_eq!(
            named_datasets("Results on Foo. the ZebraLogic benchmark"),
            ["ZebraLogic"]
        );
    }

    #[test]
    fn a_description_types_the_name() {
        let got = names(
            "Audio-FLAN: A Preliminary Release",
            "We introduce Audio-FLAN, a large-scale instruction-tuning dataset covering 80 tasks.",
        );
        assert_eq!(got, [("Audio-FLAN".to_string(), Kind::Dataset)]);
        let got = names(
            "DreamClear: Restoration with Dataset Curation",
            "We present a dual strategy for datasets: DreamClear, a cutting-edge Diffusion Transformer (DiT)-based image \
             restoration model, trained on our dataset.",
        );
        assert_eq!(got, [("DreamClear".to_string(), Kind::Method)]);
        let got = names(
            "Mega-ASR",
            "We introduce Voices-in-the-Wild-2M, covering 7 classic acoustic phenomena.",
        );
        assert_eq!(got, [("Voices-in-the-Wild-2M".to_string(), Kind::Dataset)]);
        let got = names(
            "Scaling limits of reasoning",
            "To this end, we introduce ZebraLogic, a comprehensive evaluation framework for assessing LLM reasoning.",
        );
        assert_eq!(got, [("ZebraLogic".to_string(), Kind::Dataset)]);
    }
}
