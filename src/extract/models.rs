//! Named models with their versions kept: "Llama 2", "Qwen2.5-VL", "GPT-4.1", "Claude Opus 4.6".
//!
//! A reader who filters by "Qwen2.5-VL" wants that model, not every Qwen, and a reader who asks
//! for "llama" wants every Llama. So a model is extracted as written — family, then the version
//! parts that follow it (numbers such as `2`, `3.1`, `4o`; codes such as `V3`, `R1`, `K2`; and
//! a closed list of variant words such as `VL`, `Coder`, `Pro`, `Flash`, `Opus`) — and spelt one
//! canonical way per version: the family's own spelling, then the parts joined as the family
//! writes them ("LLaMA-2", "Llama-2" and "Llama 2" are all "Llama 2"; "qwen2.5-vl" is
//! "Qwen2.5-VL"). A parameter count written with it ("7B", "30B-A3B") names the checkpoint the
//! paper used and is kept, after the version ("Llama3-8B" is "Llama 3 8B"); post-training
//! suffixes ("Instruct", "Chat", "Base") are dropped: "Qwen2.5-VL-7B-Instruct" is
//! "Qwen2.5-VL-7B". Each name has parents ([`lineage`]): a checkpoint's version, and the
//! family. The index files every name under its parents too, so `--method llama` finds every
//! Llama, `--method "llama 3"` every size of Llama 3, and `--method "llama 3 8b"` that
//! checkpoint only.
//!
//! Families, their spellings and how they join their parts are in `vocab/model_families.tsv`.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

pub const MODEL_FAMILIES_TSV: &str = include_str!("../../vocab/model_families.tsv");

/// A model family from `vocab/model_families.tsv`.
#[derive(Debug, Clone)]
pub struct Family {
    /// Canonical spelling ("Llama").
    pub name: String,
    /// Every spelling the family goes by ("Llama", "LLaMA", "LLaMa").
    forms: Vec<String>,
    /// Between the family and its first part ("" for "Qwen2.5", " " for "Llama 2").
    first_joiner: String,
    /// Between later parts ("-" for "Qwen2.5-VL", " " for "Gemini 2.5 Pro").
    joiner: String,
    /// Whether the family's name alone names a model ("Claude" does; "GPT" alone does not).
    bare: bool,
    pub topic: Option<String>,
    case_sensitive: bool,
}

/// A model found in a text, or read from a user's filter value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelName {
    /// Canonical spelling of the version ("Qwen2.5-VL"), or of the family when no version
    /// was written.
    pub name: String,
    /// Index of the family in [`FAMILIES`].
    pub family: usize,
    /// Whether a version was written (false for a bare family name).
    pub versioned: bool,
    /// The parameter count written with it ("8B", "30B-A3B"), which names one checkpoint of the
    /// version.
    pub size: Option<String>,
    /// The name without the size ("Llama 3" for "Llama 3 8B").
    pub version: String,
    /// Byte span in the text.
    pub start: usize,
    pub end: usize,
}

/// Variant words that are part of a version, in their canonical spelling.
const VARIANT_WORDS: &[&str] = &[
    "VL",
    "Coder",
    "Math",
    "Omni",
    "Audio",
    "Vision",
    "Pro",
    "Flash",
    "Lite",
    "Ultra",
    "Nano",
    "Mini",
    "Max",
    "Plus",
    "Turbo",
    "Opus",
    "Sonnet",
    "Haiku",
    "NeXT",
    "OneVision",
    "Video",
    "Image",
    "XL",
    "Large",
    "Medium",
    "Small",
    "Zero",
    "Thinking",
    "Reasoner",
    "Kontext",
    "Dev",
    "Schnell",
    "oss",
];

/// Suffixes that do not make a new version: dropped, and the name continues after them.
const DROPPED_WORDS: &[&str] = &["Instruct", "Chat", "Base", "it", "hf", "Preview", "Exp"];

/// Every family, parsed once.
pub static FAMILIES: LazyLock<Vec<Family>> = LazyLock::new(|| {
    MODEL_FAMILIES_TSV
        .lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let cell = |i: usize| cells.get(i).copied().unwrap_or("");
            Family {
                name: cell(0).to_string(),
                forms: cell(1).split('|').filter(|f| !f.is_empty()).map(String::from).collect(),
                first_joiner: cell(2).to_string(),
                joiner: cell(3).to_string(),
                bare: cell(4) == "yes",
                topic: Some(cell(5)).filter(|t| !t.is_empty()).map(String::from),
                case_sensitive: cell(6) == "cs",
            }
        })
        .collect()
});

/// Finds a family's name at a word start; the version parts are read by hand after it.
static FAMILY_START: LazyLock<Regex> = LazyLock::new(|| {
    let mut forms: Vec<(String, bool)> = FAMILIES
        .iter()
        .flat_map(|family| family.forms.iter().map(|form| (form.clone(), family.case_sensitive)))
        .collect();
    forms.sort_by_key(|(form, _)| std::cmp::Reverse(form.len()));
    let alternatives: Vec<String> = forms
        .iter()
        .map(|(form, case_sensitive)| {
            let escaped = regex::escape(form).replace("\\ ", r"[\s\-]?");
            if *case_sensitive {
                escaped
            } else {
                format!("(?i:{escaped})")
            }
        })
        .collect();
    Regex::new(&format!(r"(?-u:\b)(?:{})", alternatives.join("|"))).expect("valid pattern")
});

/// One version part: a number ("2", "3.1", "4o", "2.5"), a code ("V3", "R1", "K2.6", "o1"), a
/// parameter count ("7B", "8x7B", "A3B", "1.5b"), or a word.
static PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?P<count>(?:\d+x)?\d+(?:\.\d+)?[BbMmTt]|A\d+(?:\.\d+)?B)|(?P<number>\d+(?:\.\d+)*[oVv]?)|(?P<code>[VRKvrko]\d+(?:\.\d+)*)|(?P<word>[A-Za-z]+))(?:$|[^\w.]|\.(?:\s|$))",
    )
    .expect("valid pattern")
});

/// Each family form, squashed ([`squash`]), with its family: the first family listing it wins.
static FAMILY_OF_SQUASHED_FORM: LazyLock<HashMap<String, usize>> = LazyLock::new(|| {
    let mut forms = HashMap::new();
    for (index, family) in FAMILIES.iter().enumerate() {
        for form in &family.forms {
            forms.entry(squash(form)).or_insert(index);
        }
    }
    forms
});

fn family_for_form(matched: &str) -> Option<usize> {
    FAMILY_OF_SQUASHED_FORM.get(&squash(matched)).copied()
}

fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Every model named in `text`, in order of appearance (repeats included).
pub fn find(text: &str) -> Vec<ModelName> {
    let mut found = Vec::new();
    for family_match in FAMILY_START.find_iter(text) {
        // Not the tail of a longer word or name ("Bagel-Llama", "MetaLlama").
        let before = text[..family_match.start()].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_') {
            continue;
        }
        let Some(family) = family_for_form(family_match.as_str()) else {
            continue;
        };
        // Nor the head of a longer word ("Llamas", "GPTs"), unless a version code follows ("DeepSeekV3").
        let after = &text[family_match.end()..];
        let code_follows =
            after.starts_with(['V', 'R', 'K', 'v', 'r', 'k']) && after[1..].starts_with(|c: char| c.is_ascii_digit());
        if after.starts_with(char::is_alphabetic) && !code_follows {
            continue;
        }
        if let Some(model) = read_version(text, family, family_match.start(), family_match.end()) {
            found.push(model);
        }
    }
    found
}

/// Reads the version parts after a family name at `start..end`.
fn read_version(text: &str, family_index: usize, start: usize, end: usize) -> Option<ModelName> {
    let family = &FAMILIES[family_index];
    let mut parts: Vec<String> = Vec::new();
    let mut position = end;
    let mut name_end = end;
    let mut counted = false;
    let mut sizes: Vec<String> = Vec::new();
    loop {
        let rest = &text[position..];
        // What separates the next part: nothing (only before a digit: "Qwen2.5"), a hyphen, a
        // dot (FLUX.1), or one space (only before a number or a capitalised variant word).
        let (gap, after) = match rest.chars().next() {
            Some('-') | Some('_') => (1, &rest[1..]),
            Some('.') if rest[1..].starts_with(|c: char| c.is_ascii_digit()) => (1, &rest[1..]),
            Some(' ') => (1, &rest[1..]),
            Some(c) if c.is_ascii_digit() || (parts.is_empty() && "VRKvrk".contains(c)) => (0, rest),
            _ => break,
        };
        let Some(captures) = PART.captures(after) else {
            break;
        };
        let spaced = gap == 1 && rest.starts_with(' ');
        let part_end = position + gap + part_length(&captures);
        if let Some(count) = captures.name("count") {
            counted = true;
            let count = count.as_str();
            // "20b" is "20B"; "8x7b" keeps its "x".
            let (number, unit) = count.split_at(count.len() - 1);
            sizes.push(format!("{number}{}", unit.to_uppercase()));
        } else if let Some(number) = captures.name("number") {
            if counted && !parts.is_empty() {
                break;
            }
            parts.push(number.as_str().to_string());
        } else if let Some(code) = captures.name("code") {
            if spaced && !code.as_str().starts_with(|c: char| c.is_uppercase()) {
                break;
            }
            let mut code = code.as_str().to_string();
            if !code.starts_with('o') {
                code = code.to_uppercase();
            }
            parts.push(code);
        } else if let Some(word) = captures.name("word") {
            let word = word.as_str();
            if let Some(variant) = VARIANT_WORDS.iter().find(|v| v.eq_ignore_ascii_case(word)) {
                // After a space only a capitalised variant continues the name ("Gemini 2.5 Pro",
                // not "Llama 2 pro-level").
                if spaced && !word.starts_with(|c: char| c.is_uppercase()) {
                    break;
                }
                parts.push((*variant).to_string());
            } else if DROPPED_WORDS.iter().any(|d| d.eq_ignore_ascii_case(word)) && !spaced {
                // Dropped, but the name may go on.
            } else {
                break;
            }
        } else {
            break;
        }
        position = part_end;
        name_end = part_end;
    }
    let versioned = !parts.is_empty();
    if !versioned && !family.bare && !counted {
        return None;
    }
    let mut name = family.name.clone();
    for (i, part) in parts.iter().enumerate() {
        let before_number = part.starts_with(|c: char| c.is_ascii_digit());
        name.push_str(if i == 0 && before_number {
            &family.first_joiner
        } else {
            &family.joiner
        });
        name.push_str(part);
    }
    let size = (!sizes.is_empty()).then(|| sizes.join("-"));
    let version = name.clone();
    if let Some(size) = &size {
        name.push_str(if family.joiner.is_empty() { " " } else { &family.joiner });
        name.push_str(size);
    }
    Some(ModelName {
        name,
        family: family_index,
        versioned,
        size,
        version,
        start,
        end: name_end,
    })
}

fn part_length(captures: &regex::Captures) -> usize {
    ["count", "number", "code", "word"]
        .iter()
        .find_map(|group| captures.name(group))
        .map_or(0, |m| m.end())
}

/// The canonical model a whole value names ("llama-2" → "Llama 2", "qwen" → "Qwen"), for
/// resolving a user's filter value.
pub fn parse(value: &str) -> Option<ModelName> {
    let value = value.trim();
    // Most values name no model: a comparison with the squashed forms that begin with the
    // value's first two squashed characters rules them out without running the pattern or
    // allocating (the index writer asks this of every extracted name).
    static SQUASHED_FORMS_BY_START: LazyLock<HashMap<[char; 2], Vec<&'static str>>> = LazyLock::new(|| {
        let mut forms: HashMap<[char; 2], Vec<&'static str>> = HashMap::new();
        for form in FAMILY_OF_SQUASHED_FORM.keys() {
            let mut chars = form.chars();
            let start = [chars.next().unwrap_or(' '), chars.next().unwrap_or(' ')];
            forms.entry(start).or_default().push(form.as_str());
        }
        forms
    });
    let mut squashed = value
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase);
    let start = [squashed.next().unwrap_or(' '), squashed.next().unwrap_or(' ')];
    // (A one-character form is filed under its character and a space.)
    let buckets = [start, [start[0], ' ']];
    let mut forms = buckets
        .iter()
        .filter_map(|start| SQUASHED_FORMS_BY_START.get(start))
        .flatten()
        .peekable();
    forms.peek()?;
    let head: String = squash(&value.chars().take(24).collect::<String>());
    if !forms.any(|form| head.starts_with(form)) {
        return None;
    }
    find(value)
        .into_iter()
        .next()
        .filter(|model| model.start == 0 && model.end == value.len())
}

/// The family a canonical model name belongs to ("Qwen2.5-VL" → "Qwen"); `None` for names that
/// are not models of a known family.
pub fn family_of(name: &str) -> Option<&'static str> {
    parse(name).map(|model| FAMILIES[model.family].name.as_str())
}

/// The names a model name is also filed under, most specific first: a checkpoint's version,
/// then the family ("Llama 3 8B" → "Llama 3", "Llama"); empty for a bare family or a non-model.
/// Also the family it is counted under ([`family_of`]), from the same parse.
pub fn lineage(name: &str) -> (Vec<String>, Option<&'static str>) {
    let Some(model) = parse(name) else {
        return (Vec::new(), None);
    };
    let mut parents = Vec::new();
    if model.size.is_some() && model.version != model.name {
        parents.push(model.version.clone());
    }
    let family = &FAMILIES[model.family].name;
    if !parents.contains(family) && !family.eq_ignore_ascii_case(&model.name) {
        parents.push(family.clone());
    }
    (parents, Some(family.as_str()))
}

/// Models named in a text, one entry per checkpoint or version, dropping a less specific name
/// when the text also names a more specific one: a bare family beside one of its versions
/// ("Llama" beside "Llama 3"), a version beside one of its checkpoints ("Llama 3" beside
/// "Llama 3 8B").
pub fn models_in(text: &str) -> Vec<ModelName> {
    let mut models: Vec<ModelName> = Vec::new();
    let all = find(text);
    for model in all.iter() {
        let shadowed = all.iter().any(|other| {
            other.family == model.family
                && model.size.is_none()
                && ((!model.versioned && other.versioned) || (other.size.is_some() && other.version == model.name))
        });
        if !shadowed && !models.iter().any(|m| m.name == model.name) {
            models.push(model.clone());
        }
    }
    models
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        models_in(text).into_iter().map(|m| m.name).collect()
    }

    #[test]
    fn versions_are_kept_and_spelt_one_way() {
        assert_eq!(
            names("We fine-tune LLaMA-2 and Llama 2 and Llama-2-7b-chat."),
            ["Llama 2 7B"]
        );
        assert_eq!(
            names("Qwen2.5-VL-7B-Instruct beats Qwen2-VL."),
            ["Qwen2.5-VL-7B", "Qwen2-VL"]
        );
        assert_eq!(
            names("GPT-4.1 and GPT-5.2 and GPT-4o."),
            ["GPT-4.1", "GPT-5.2", "GPT-4o"]
        );
        assert_eq!(names("Qwen3.5-9B as a judge"), ["Qwen3.5-9B"]);
        assert_eq!(
            names("Codex-5.4 and Claude Opus 4.6 improve"),
            ["Codex-5.4", "Claude Opus 4.6"]
        );
        assert_eq!(
            names("compared with Gemini 2.5 Pro, DeepSeek-R1 and DeepSeek-V3."),
            ["Gemini 2.5 Pro", "DeepSeek-R1", "DeepSeek-V3"]
        );
        assert_eq!(names("with gpt-oss-20b on AIME25"), ["gpt-oss-20B"]);
        assert_eq!(
            names("Llama3-8B outperforms Llama3-70B and Llama 3"),
            ["Llama 3 8B", "Llama 3 70B"]
        );
        assert_eq!(
            names("LLaVA-NeXT-7B and Qwen3-30B-A3B"),
            ["LLaVA-NeXT-7B", "Qwen3-30B-A3B"]
        );
        assert_eq!(
            names("FLUX.1 Kontext and Stable Diffusion 3.5"),
            ["FLUX.1 Kontext", "Stable Diffusion 3.5"]
        );
    }

    #[test]
    fn a_bare_family_counts_only_when_it_names_a_model_and_no_version_is_given() {
        assert_eq!(names("LLMs like LLaMa, Jais, and AceGPT"), ["Llama"]);
        assert_eq!(names("Llama and Llama 3"), ["Llama 3"]);
        assert!(names("a GPT-style decoder").is_empty());
        assert!(names("the phi function and Phi coefficients").is_empty());
        assert_eq!(names("Mistral 7B and Mistral"), ["Mistral 7B"]);
    }

    #[test]
    fn names_inside_other_names_and_sentences_stop_where_the_version_ends() {
        assert!(names("Bagel-Llama and MetaLlama").is_empty());
        assert_eq!(names("a Llama 2 pro-level result"), ["Llama 2"]);
        assert_eq!(names("Qwen2.5-VL-based agents"), ["Qwen2.5-VL"]);
        assert_eq!(names("We use Claude. Then"), ["Claude"]);
        assert_eq!(names("on Llama 3.1."), ["Llama 3.1"]);
        assert!(names("llamas and GPTs").is_empty());
        assert_eq!(names("Qwen-VL and GPT-4V"), ["Qwen-VL", "GPT-4V"]);
    }

    #[test]
    fn families_are_parents() {
        assert_eq!(family_of("Qwen2.5-VL"), Some("Qwen"));
        assert_eq!(family_of("Llama 2"), Some("Llama"));
        assert_eq!(family_of("llama"), Some("Llama"));
        assert_eq!(
            lineage("Llama 3 8B"),
            (vec!["Llama 3".to_string(), "Llama".to_string()], Some("Llama"))
        );
        assert_eq!(lineage("Qwen2.5-VL").0, ["Qwen"]);
        assert_eq!(lineage("Mistral 7B").0, ["Mistral"]);
        assert_eq!(lineage("Claude"), (Vec::new(), Some("Claude")));
        assert_eq!(family_of("contrastive learning"), None);
        assert_eq!(parse("llama-2").map(|m| m.name), Some("Llama 2".to_string()));
        assert_eq!(parse("LLaMA 2 model"), None);
    }
}
