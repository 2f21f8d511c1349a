//! Names typed by how the text uses them, for names no lexicon knows yet.
//!
//! New benchmarks appear every week, so a list of them is always behind; but abstracts use data
//! in a few recognisable ways. A coined name (see [`is_name_like`]) counts as a dataset when:
//! - it is one of a list governed by "on", "across" or "benchmarks (such as)" in a sentence that
//!   reports results or training ("achieves 56.4 on SEAL-0, IFBench and HiPhO", "trained on
//!   ClimbMix") — but not after "based on", "built on" and the like, and not when a model word
//!   follows it ("on a Linear-Llama3 model");
//! - or its shape says so wherever it stands: a `-Bench`/`QA`/`MMLU` name ("WorldModelBench",
//!   "ChartQA"), or a name ending in a sample count ("HiFi-UMI-2K", "Voices-in-the-Wild-2M").
//!
//! Names that are models of a known family, lexicon methods, metrics or hardware never count.
//! A benchmark's version is part of its name ("ScreenSpot-v2", "MMLU-Pro", "AIME25"), as the
//! tokeniser keeps hyphenated and digit-suffixed names whole.

use std::sync::LazyLock;

use regex::Regex;

use super::introduces::is_name_like;
use super::lexicon::{Kind, ENTITIES};
use super::models;

/// Words after which "on" does not introduce data ("based on ResNet", "runs on H100").
const NOT_DATA_BEFORE_ON: &[&str] = &[
    "based",
    "built",
    "relies",
    "rely",
    "relying",
    "depend",
    "depends",
    "depending",
    "focus",
    "focuses",
    "focused",
    "focusing",
    "conditioned",
    "conditioning",
    "run",
    "runs",
    "running",
    "deployed",
    "implemented",
    "hinges",
    "operates",
    "operating",
    "draws",
    "drawing",
    "builds",
    "building",
    "centered",
    "centred",
    "act",
    "acts",
    "work",
    "works",
    "working",
    "insights",
    "light",
    "emphasis",
    "impact",
    "effect",
    "effects",
    "perspective",
    "attention",
    "comment",
    "reflect",
    "elaborate",
    "agree",
    "rest",
    "rests",
    "lies",
];

/// Words that may stand between the trigger and the list ("on two challenging benchmarks").
const FILLERS: &[&str] = &[
    "the",
    "a",
    "an",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "several",
    "multiple",
    "various",
    "both",
    "all",
    "popular",
    "standard",
    "public",
    "challenging",
    "diverse",
    "established",
    "widely-used",
    "widely",
    "used",
    "common",
    "commonly",
    "benchmark",
    "benchmarks",
    "dataset",
    "datasets",
    "such",
    "as",
    "including",
    "like",
    "e.g.",
    "e.g.,",
    "i.e.",
    "key",
    "major",
    "representative",
    "mainstream",
    "downstream",
    "held-out",
    "real-world",
    "of",
    "our",
    "new",
    "recent",
    "comprehensive",
    "extensive",
    "leading",
    "academic",
    "evaluation",
    "tasks",
    "suites",
    "suite",
];

/// Metrics, units and hardware that look like names but name no data.
const NOT_DATA: &[&str] = &[
    "FID",
    "FVD",
    "KID",
    "IS",
    "PSNR",
    "SSIM",
    "LPIPS",
    "BLEU",
    "ROUGE",
    "METEOR",
    "CIDEr",
    "SPICE",
    "WER",
    "CER",
    "mAP",
    "AP",
    "AUC",
    "AUROC",
    "IoU",
    "mIoU",
    "F1",
    "EM",
    "MRR",
    "NDCG",
    "nDCG",
    "MSE",
    "MAE",
    "RMSE",
    "CLIPScore",
    "FLOPs",
    "TFLOPs",
    "GFLOPs",
    "FPS",
    "GPU",
    "GPUs",
    "TPU",
    "TPUs",
    "CPU",
    "CPUs",
    "H100",
    "H100s",
    "A100",
    "A100s",
    "H800",
    "H20",
    "B200",
    "V100",
    "NPU",
    "NPUs",
    "LLM",
    "LLMs",
    "MLLM",
    "MLLMs",
    "VLM",
    "VLMs",
    "LMM",
    "LMMs",
    "SOTA",
    "API",
    "APIs",
    "AI",
    "RL",
    "SFT",
    "PPL",
    "ELO",
    "Elo",
    "Pass@1",
    "Pass@k",
    "GitHub",
    "HuggingFace",
    "ModelScope",
    "arXiv",
    "ASR",
    "TTS",
    "OCR",
    "VQA",
    "QA",
    "3D",
    "2D",
    "4D",
    "HD",
    "4K",
    "8K",
    "1K",
    "2K",
];

/// A sentence that reports results or training: the setting in which "on X" names data.
static RESULT_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)(?-u:\b)(?:benchmark|dataset|corpus|corpora|result|achiev|accura|score|perform|outperform|surpass|improv|gain|experiment|evaluat|state-of-the-art|sota|trained|fine-tuned|pre-trained|tested|reach|exceed|competitive|leading|boost|drop)")
        .expect("valid pattern")
});

/// Words after a name that make it a model or method rather than data.
const MODEL_WORDS: &[&str] = &[
    "model",
    "models",
    "backbone",
    "backbones",
    "baseline",
    "baselines",
    "agent",
    "agents",
    "architecture",
    "encoder",
    "decoder",
    "policy",
    "method",
    "methods",
    "framework",
    "variant",
    "variants",
    "checkpoint",
    "checkpoints",
    "LLM",
    "LLMs",
    "VLM",
    "VLMs",
    "GPU",
    "GPUs",
    "TPU",
    "TPUs",
];

/// True when the name's shape alone says it is a benchmark or dataset.
pub fn looks_like_data(name: &str) -> bool {
    static SHAPE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:Bench|bench|BENCH|Bench-[A-Za-z0-9]+|QA|MMLU|Eval)(?:-?v?\d+(?:\.\d+)?|-[A-Z][A-Za-z]*|\+)?$|-\d+(?:\.\d+)?[KkM]$")
            .expect("valid pattern")
    });
    // Only a name containing one of the shape's words can match (checked first: this runs for
    // every word of every abstract).
    if name.len() <= 4 {
        // "ChartQA" but not "QA" alone; "Bench" must end a longer name.
        return false;
    }
    // The pattern runs only for names ending in one of its words, before a version or a
    // "-Variant" (checked by hand first: this runs for every word of every abstract).
    const WORDS: [&str; 6] = ["Bench", "bench", "BENCH", "QA", "MMLU", "Eval"];
    let bytes = name.as_bytes();
    let counted = matches!(bytes[bytes.len() - 1], b'K' | b'k' | b'M') && bytes[bytes.len() - 2].is_ascii_digit();
    let core = name.trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | '+' | '-' | 'v'));
    let ends_in_word = WORDS.iter().any(|word| core.ends_with(word));
    let variant = name
        .match_indices('-')
        .any(|(at, _)| WORDS.iter().any(|word| name[..at].ends_with(word)));
    (counted || ends_in_word || variant) && !name.contains(' ') && SHAPE.is_match(name)
}

/// Trims what surrounds a name in running text: quotes, brackets, commas, a final full stop.
fn bare(token: &str) -> &str {
    const OPENING: [char; 7] = ['(', '[', '{', '\'', '"', '‘', '“'];
    const CLOSING: [char; 10] = [')', ']', '}', '\'', '"', '’', '”', ',', ';', ':'];
    token
        .trim_start_matches(OPENING)
        .trim_end_matches(CLOSING)
        .trim_end_matches('.')
        .trim_end_matches(CLOSING)
}

/// True for a name that could be data: coined, not a metric, model or lexicon method.
fn could_be_data(name: &str) -> bool {
    // A checkpoint's suffixes say model: "LLaDA-8B-Instruct", "Foo-Chat".
    static CHECKPOINT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[-_](?:\d+(?:\.\d+)?B|Instruct|Chat)(?:$|[-_])").expect("valid pattern"));
    (is_name_like(name) || looks_like_data(name))
        && !CHECKPOINT.is_match(name)
        && !NOT_DATA.contains(&name)
        && !name.contains('@')
        && !name.to_lowercase().ends_with("agent")
        && models::parse(name).is_none()
        && ENTITIES.resolve(name).is_none_or(|entity| entity.kind == Kind::Dataset)
}

/// Names the text uses as data, in order of appearance, without repeats. `taken` are byte spans
/// of `text` that already name something (lexicon matches), and `defined` the acronyms the paper
/// defines as something other than data: neither counts.
pub fn datasets_in_use(text: &str, taken: &[(usize, usize)], defined: &[&str]) -> Vec<String> {
    let usable = |word: &str, name: &str| {
        let start = word.as_ptr() as usize - text.as_ptr() as usize;
        !defined.contains(&name) && !taken.iter().any(|&(from, to)| from <= start && start < to)
    };
    let mut found: Vec<String> = Vec::new();
    let mut add = |name: &str| {
        if !found.iter().any(|f| f == name) {
            found.push(name.to_string());
        }
    };
    let mut words: Vec<&str> = Vec::new();
    for sentence in sentences(text) {
        // Asked only of sentences with a list trigger ("on", "across", …): matching the cue on
        // every sentence was a tenth of this pass.
        let mut reports_results: Option<bool> = None;
        // Abstracts are normalised to ASCII spaces; the ASCII split is much cheaper.
        words.clear();
        words.extend(sentence.split_ascii_whitespace());
        for (i, word) in words.iter().enumerate() {
            // A benchmark's name has a capital (or is not ASCII: "τ²-Bench"); most words do not.
            let may_name = word.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii());
            if may_name {
                let name = bare(word);
                if looks_like_data(name)
                    && could_be_data(name)
                    && !followed_by_model_word(&words, i)
                    && usable(word, name)
                {
                    add(name);
                }
            }
            let is = |expected: &str| word.eq_ignore_ascii_case(expected);
            let trigger = if is("on") || is("across") {
                i == 0 || !NOT_DATA_BEFORE_ON.contains(&bare(words[i - 1]).to_lowercase().as_str())
            } else {
                is("benchmarks") || is("datasets")
            };
            if trigger && *reports_results.get_or_insert_with(|| RESULT_CUE.is_match(sentence)) {
                for (word, name) in list_after(&words, i + 1) {
                    if !usable(word, name) {
                        break;
                    }
                    add(name);
                }
            }
        }
    }
    found
}

/// The names of a list starting at `from`: "SEAL-0 (56.4), IFBench (80.6), and HiPhO".
fn list_after<'a>(words: &[&'a str], from: usize) -> Vec<(&'a str, &'a str)> {
    let mut names = Vec::new();
    let mut i = from;
    let mut fillers = 0;
    while i < words.len() && fillers < 4 && FILLERS.contains(&words[i].to_lowercase().trim_end_matches([',', ':'])) {
        i += 1;
        fillers += 1;
    }
    while i < words.len() {
        let name = bare(words[i]);
        if !could_be_data(name) || followed_by_model_word(words, i) {
            break;
        }
        names.push((words[i], name));
        // The item may carry a score or a split in brackets; then comes a separator or the end.
        let mut last = words[i];
        let mut next = i + 1;
        if !last.ends_with([',', '.', ';']) && next < words.len() && words[next].starts_with('(') {
            while next < words.len() {
                last = words[next];
                next += 1;
                if last.contains(')') {
                    break;
                }
            }
        }
        if last.ends_with(['.', ';', ':']) {
            break;
        }
        if next < words.len() && matches!(words[next], "and" | "or" | "&") {
            next += 1;
        } else if !last.ends_with(',') {
            break;
        }
        i = next;
    }
    names
}

/// "Linear-Llama3 model", "TITAN XP GPU": a model or hardware word within the next two words.
fn followed_by_model_word(words: &[&str], i: usize) -> bool {
    let mut at = i;
    for _ in 0..2 {
        if words[at].ends_with([',', ';', '.', ')']) {
            return false;
        }
        at += 1;
        match words.get(at) {
            Some(next) if MODEL_WORDS.contains(&bare(next)) => return true,
            Some(_) => {}
            None => return false,
        }
    }
    false
}

/// Sentences: a full stop, then a space and a capital, ends one — but not after "vs.", "e.g.",
/// "i.e.", "et al." or "Fig." ("45.7% vs. 54.0% on VOiCES" is one sentence).
fn sentences(text: &str) -> Vec<&str> {
    const ABBREVIATIONS: &[&str] = &["vs", "e.g", "i.e", "al", "Fig", "Eq", "etc", "cf", "approx"];
    let mut sentences = Vec::new();
    let mut start = 0;
    // A byte scan for ". " (a two-byte substring search was a tenth of this pass).
    let full_stops = text
        .as_bytes()
        .windows(2)
        .enumerate()
        .filter(|(_, pair)| pair == b". ")
        .map(|(at, _)| at);
    for at in full_stops {
        let next_is_capital = text[at + 2..].starts_with(|c: char| c.is_uppercase());
        let word_before = text[start..at].rsplit(' ').next().unwrap_or("");
        if next_is_capital && !ABBREVIATIONS.contains(&word_before) {
            sentences.push(&text[start..at + 1]);
            start = at + 2;
        }
    }
    sentences.push(&text[start..]);
    sentences.retain(|s| !s.trim().is_empty());
    sentences
}

/// Where a benchmark's name ends once its version is included: "ScreenSpot" + "-v2",
/// "AIME" + "25", "GPQA" + " Diamond", "HumanEval" + "+", "WMT" + "'14", "COCO" + "-20i".
/// `end` is where the lexicon's match of the family name ends.
pub fn dataset_version_end(text: &str, end: usize) -> usize {
    static VERSION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:-(?:[vV]\d+(?:\.\d+)*|\d+[A-Za-z]{0,2}|Pro|Lite|Verified|Hard|Plus|Mini|Live|Redux|Extended|Full|Diamond|Bench)|'\d{2}|\d{2}(?:\d{2})?|\x20(?:20\d{2}|Verified|Diamond|Pro|Lite|Hard|v\d+(?:\.\d+)*)|\+)(?:$|[^\w+\-])",
        )
        .expect("valid pattern")
    });
    let rest = &text[end..];
    match VERSION.find(rest) {
        Some(found) => {
            let matched = found.as_str();
            let trailing = matched
                .chars()
                .next_back()
                .filter(|c| !c.is_alphanumeric() && *c != '+' && *c != '\'');
            end + matched.len() - trailing.map_or(0, char::len_utf8)
        }
        None => end,
    }
}

/// The benchmark a versioned name belongs to ("ScreenSpot-v2" → "ScreenSpot", "AIME25" →
/// "AIME"); `None` when the name is not a lexicon dataset followed by a version.
pub fn dataset_family(name: &str) -> Option<&'static str> {
    name.char_indices()
        .filter(|&(at, c)| at > 0 && (c == '-' || c == ' ' || c == '\'' || c == '+' || c.is_ascii_digit()))
        .filter(|&(at, _)| !name[..at].ends_with(|c: char| c.is_ascii_digit()))
        .find_map(|(at, _)| {
            let entity = ENTITIES.resolve(&name[..at])?;
            (entity.kind == Kind::Dataset && dataset_version_end(name, at) == name.len()).then_some(entity.name)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn datasets_in_use_alone(text: &str) -> Vec<String> {
        datasets_in_use(text, &[], &[])
    }

    #[test]
    fn lists_after_on_in_result_sentences_are_data() {
        assert_eq!(
            datasets_in_use_alone(
                "Agents-A1 achieves leading results on SEAL-0 (56.4), IFBench (80.6), HiPhO (46.4), \
                 FrontierScience-Olympiad (79.0), and MolBench-Bind (56.8), and remains highly competitive on \
                 SciCode (44.3), HLE (47.6) and BrowseComp (75.5)."
            ),
            [
                "SEAL-0",
                "IFBench",
                "HiPhO",
                "FrontierScience-Olympiad",
                "MolBench-Bind",
                "SciCode",
                "HLE",
                "BrowseComp"
            ]
        );
        assert_eq!(
            datasets_in_use_alone("UI-AGILE achieves the state-of-the-art performance on two benchmarks ScreenSpot-Pro and ScreenSpot-v2."),
            ["ScreenSpot-Pro", "ScreenSpot-v2"]
        );
        assert_eq!(
            datasets_in_use_alone(
                "VGR delivers scores of +4.1 on MMStar, +7.1 on AI2D, and a +12.9 improvement on ChartQA."
            ),
            ["MMStar", "AI2D", "ChartQA"]
        );
    }

    #[test]
    fn models_methods_metrics_and_hardware_are_not_data() {
        assert!(datasets_in_use_alone("Our evaluation on a Linear-Llama3 model demonstrates gains.").is_empty());
        assert!(datasets_in_use_alone("Experiments on Qwen2.5-VL and GPT-4o show gains.").is_empty());
        assert!(datasets_in_use_alone("Training on 8 H100 GPUs improves FID on 4K images.").is_empty());
        assert!(datasets_in_use_alone("Our method, based on DiT, achieves better results.").is_empty());
        assert!(datasets_in_use_alone("We describe UniGen, which works on text.").is_empty());
        assert!(datasets_in_use_alone("It is resolve-neutral on SWE-agent while halving tokens.").is_empty());
        assert!(datasets_in_use_alone("This took 2 GPU years on a TITAN XP GPU.").is_empty());
        assert!(datasets_in_use_alone("Code and data are available on GitHub and HuggingFace.").is_empty());
        assert!(datasets_in_use_alone("Experiments on LLaDA-8B-Instruct and Dream-Chat show gains.").is_empty());
        let text = "We propose R2O. R2O improves results on CUB.";
        assert_eq!(datasets_in_use(text, &[], &["R2O"]), ["CUB"]);
        assert!(datasets_in_use(text, &[(text.len() - 4, text.len())], &["R2O"]).is_empty());
    }

    #[test]
    fn benchmark_versions_are_part_of_the_name() {
        fn version<'a>(text: &'a str, family: &str) -> &'a str {
            &text[..dataset_version_end(text, family.len())]
        }
        assert_eq!(version("ScreenSpot-v2 and", "ScreenSpot"), "ScreenSpot-v2");
        assert_eq!(version("AIME25, HMMT25", "AIME"), "AIME25");
        assert_eq!(version("AIME 2024.", "AIME"), "AIME 2024");
        assert_eq!(version("GPQA Diamond, respectively", "GPQA"), "GPQA Diamond");
        assert_eq!(version("HumanEval+ and", "HumanEval"), "HumanEval+");
        assert_eq!(version("WMT'14 English", "WMT"), "WMT'14");
        assert_eq!(version("COCO-20i and PASCAL", "COCO"), "COCO-20i");
        assert_eq!(version("MMLU benchmark", "MMLU"), "MMLU");
        assert_eq!(version("MMLU-style questions", "MMLU"), "MMLU");
        assert_eq!(version("ImageNet 2012 and", "ImageNet"), "ImageNet 2012");
    }

    #[test]
    fn benchmark_versions_have_the_benchmark_as_family() {
        assert_eq!(dataset_family("ScreenSpot-v2"), Some("ScreenSpot"));
        assert_eq!(dataset_family("AIME25"), Some("AIME"));
        assert_eq!(dataset_family("GPQA Diamond"), Some("GPQA"));
        assert_eq!(dataset_family("ImageNet"), None);
        assert_eq!(dataset_family("NewBench-v2"), None);
    }

    #[test]
    fn sentences_do_not_end_at_abbreviations() {
        assert_eq!(
            sentences("45.7% vs. 54.0% on VOiCES. Then more, e.g. MMStar."),
            ["45.7% vs. 54.0% on VOiCES.", "Then more, e.g. MMStar."]
        );
    }

    #[test]
    fn name_shapes_say_data_anywhere() {
        assert!(looks_like_data("WorldModelBench"));
        assert!(looks_like_data("LV-Bench"));
        assert!(looks_like_data("HiFi-UMI-2K"));
        assert!(looks_like_data("Voices-in-the-Wild-2M"));
        assert!(looks_like_data("ChartQA"));
        assert!(looks_like_data("DarijaMMLU"));
        assert!(!looks_like_data("Qwen2.5-7B"));
        assert!(!looks_like_data("QA"));
        assert!(!looks_like_data("benchmark"));
    }
}
