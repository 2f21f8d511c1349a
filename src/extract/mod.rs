//! Extraction: what each paper is about, from its title and abstract alone — topics from the
//! taxonomy, methods, datasets, and the names the paper introduces. Offline and deterministic:
//! curated lexicons (`vocab/`) matched with Aho-Corasick, acronym definitions, and a few
//! patterns; no models.

mod acronyms;
mod form_key;
mod introduces;
pub mod learned;
pub mod lexicon;
pub mod models;
mod phrases;
mod topics;
mod usage;

use learned::{Evidence, EvidenceKind, Learned};
use lexicon::{Kind, ENTITIES};

pub use topics::{query_topics, strong_cues, TOPIC_IDS};

/// What follows a category word that the next words name: "… called", "… named".
static CALLED_NEXT: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"^,?\s+(?:called|named|dubbed|termed)\s").expect("valid pattern"));

/// Everything extracted from one paper.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extraction {
    pub topics: Vec<String>,
    pub methods: Vec<String>,
    pub datasets: Vec<String>,
    pub introduces: Vec<String>,
    /// What the paper says about names the index may learn (see [`learned`]).
    pub evidence: Vec<Evidence>,
}

/// Extracts topics, methods, datasets and introduced names.
pub fn extract(title: &str, abstract_text: &str) -> Extraction {
    extract_with(title, abstract_text, &Learned::default())
}

/// Like [`extract`], with the names an index learned from its papers: a learned name the text
/// mentions is one of its methods or datasets, of the kind the evidence across papers gave it.
pub fn extract_with(title: &str, abstract_text: &str, learned: &Learned) -> Extraction {
    let abstract_text = introduces::strip_latex(abstract_text);
    let text = format!("{title}\n{abstract_text}");
    let title_end = title.len();
    let definitions = acronyms::definitions(&abstract_text);

    // Acronyms the paper defines as something else do not count as the lexicon's entity.
    let redefined: Vec<&str> = definitions
        .iter()
        .filter(|d| {
            let long_found = ENTITIES.find(&d.long);
            let long_means = long_found.last().map(|f| f.entity);
            let short_means = ENTITIES.resolve(&d.short).map(|e| e.name);
            // A long form spelling out the short one's parts is no redefinition:
            // "Vision-Transformer-based VQGAN (ViT-VQGAN)".
            let spelt_out = long_found
                .iter()
                .any(|found| d.short.contains(&d.long[found.start..found.end]));
            match (short_means, long_means) {
                _ if spelt_out => false,
                (Some(short), Some(long)) => ENTITIES.entities[long].name != short,
                (Some(_), None) => true,
                _ => false,
            }
        })
        .map(|d| d.short.as_str())
        .collect();

    // Named models (versions kept) and lexicon entities, in order of appearance; a lexicon
    // match inside a model's name ("R1" in "DeepSeek-R1") is part of that model.
    let models = models::models_in(&text);
    let mut mentions: Vec<(usize, Kind, String, Option<String>)> = models
        .iter()
        .map(|model| {
            let family = &models::FAMILIES[model.family];
            (model.start, Kind::Method, model.name.clone(), family.topic.clone())
        })
        .collect();
    let mut lexicon_spans: Vec<(usize, usize)> = Vec::new();
    // The lexicon's entities and the topic cues, in one pass over the text.
    let [entities_found, cues_found] = lexicon::find_each([&ENTITIES, &topics::CUES.lexicon], &text);
    for found in entities_found {
        let matched = &text[found.start..found.end];
        if redefined
            .iter()
            .any(|short| matched == *short || matched.strip_suffix('s') == Some(short))
        {
            continue;
        }
        if models.iter().any(|m| m.start <= found.start && found.end <= m.end) {
            continue;
        }
        let entity = &ENTITIES.entities[found.entity];
        // "a novel neural operator called reversed attention": the kind of thing, not a name.
        if CALLED_NEXT.is_match(&text[found.end..]) {
            continue;
        }
        // A benchmark's version is kept: "ScreenSpot-v2", "AIME25", "GPQA Diamond".
        let end = match entity.kind {
            Kind::Dataset => usage::dataset_version_end(&text, found.end),
            _ => found.end,
        };
        lexicon_spans.push((found.start, end));
        if entity.kind != Kind::NotEntity {
            let name = format!("{}{}", entity.name, &text[found.end..end]);
            mentions.push((found.start, entity.kind, name, entity.topic.map(String::from)));
        }
    }
    mentions.sort_by_key(|mention| mention.0);

    let mut methods: Vec<String> = Vec::new();
    let mut datasets: Vec<String> = Vec::new();
    let mut entity_topics: Vec<(String, bool)> = Vec::new();
    for (start, kind, name, topic) in mentions {
        let list = match kind {
            Kind::Dataset => &mut datasets,
            _ => &mut methods,
        };
        if !list.contains(&name) {
            list.push(name);
            if let Some(topic) = topic {
                entity_topics.push((topic, start < title_end));
            }
        }
    }

    drop_subsumed(&mut methods);
    drop_subsumed(&mut datasets);

    let mut evidence: Vec<Evidence> = Vec::new();
    let mut note = |kind: EvidenceKind, name: &str| {
        if learned::is_learnable(name) && !evidence.iter().any(|e| e.kind == kind && e.name == name) {
            evidence.push(Evidence {
                kind,
                name: name.to_string(),
            });
        }
    };
    let introduced = introduces::introduced(title, &abstract_text, &definitions);
    for name in &introduced {
        let kind = match name.kind {
            Kind::Dataset => EvidenceKind::IntroducedAsDataset,
            Kind::Method | Kind::NotEntity => EvidenceKind::IntroducedAsMethod,
        };
        note(kind, &name.name);
    }
    for name in &introduced {
        let list = match name.kind {
            Kind::Dataset => &mut datasets,
            Kind::Method | Kind::NotEntity => &mut methods,
        };
        push_new(list, &name.name);
    }
    // Terms defined like names ("Energy-Based Transformers (EBTs)") name what the paper works
    // with, whether or not it introduces them; they are not evidence for the learned lexicon.
    for name in introduces::defined_names(&definitions) {
        if contains_normalized(&methods, &name.name) || contains_normalized(&datasets, &name.name) {
            continue;
        }
        match name.kind {
            Kind::Dataset => datasets.push(name.name),
            _ => methods.push(name.name),
        }
    }
    for name in introduces::named_datasets(&text) {
        note(EvidenceKind::UsedAsData, &name);
        push_new(&mut datasets, &name);
    }
    for (start, phrase) in phrases::technique_phrases_at(&text) {
        // A phrase the curated lexicon matched whole ("rule-based reinforcement learning", an
        // alias) is the lexicon's to name: its match above gave the canonical name.
        if lexicon_spans
            .iter()
            .any(|&(from, to)| from <= start && start + phrase.len() <= to)
        {
            continue;
        }
        if !contains_normalized(&datasets, &phrase) {
            push_new(&mut methods, &phrase);
        }
    }
    let taken: Vec<(usize, usize)> = lexicon_spans
        .iter()
        .copied()
        .chain(models.iter().map(|m| (m.start, m.end)))
        .collect();
    let defined_not_data: Vec<&str> = definitions
        .iter()
        .filter(|d| !introduces::mentions_dataset(&d.long))
        .map(|d| d.short.as_str())
        .collect();
    for name in usage::datasets_in_use(&text, &taken, &defined_not_data) {
        let introduced_as_method = introduced
            .iter()
            .any(|i| i.kind != Kind::Dataset && introduces::normalized(&i.name) == introduces::normalized(&name));
        if !introduced_as_method && !contains_normalized(&methods, &name) {
            note(EvidenceKind::UsedAsData, &name);
            push_new(&mut datasets, &name);
        }
    }
    add_learned(&text, learned, &mut methods, &mut datasets);

    Extraction {
        topics: topics::topics(&cues_found, title_end, &entity_topics),
        methods,
        datasets,
        introduces: introduced.into_iter().map(|i| i.name).collect(),
        evidence,
    }
}

/// Adds the learned names `text` mentions to the methods or datasets, by their learned kind,
/// unless the paper already has them (in either list); true when one was added.
fn add_learned(text: &str, learned: &Learned, methods: &mut Vec<String>, datasets: &mut Vec<String>) -> bool {
    let found = learned.find_in(text);
    let mut added = false;
    for name in &found {
        if contains_normalized(methods, &name.name) || contains_normalized(datasets, &name.name) {
            continue;
        }
        match name.kind {
            Kind::Dataset => datasets.push(name.name.clone()),
            _ => methods.push(name.name.clone()),
        }
        added = true;
    }
    if added {
        // Names learned in different runs are filed in different runs; ordered by where the
        // text names them, a paper's list is the same whichever run learned which name first
        // (and the same as `reindex` files it, all at once).
        let keys: Vec<String> = found.iter().map(|name| introduces::normalized(&name.name)).collect();
        order_by_appearance(methods, &keys);
        order_by_appearance(datasets, &keys);
    }
    added
}

/// Puts the entries of `list` that are among `keys` (normalised names, in order of appearance)
/// in that order, in the places those entries hold; the other entries stay where they are.
fn order_by_appearance(list: &mut [String], keys: &[String]) {
    // (where the text names it, where the list holds it), for each entry the text names.
    let mut named: Vec<(usize, usize)> = list
        .iter()
        .enumerate()
        .filter_map(|(place, entry)| {
            let key = introduces::normalized(entry);
            keys.iter()
                .position(|found| *found == key)
                .map(|appearance| (appearance, place))
        })
        .collect();
    let mut places: Vec<usize> = named.iter().map(|&(_, place)| place).collect();
    named.sort_unstable();
    let entries: Vec<String> = named
        .iter()
        .map(|&(_, place)| std::mem::take(&mut list[place]))
        .collect();
    places.sort_unstable();
    for (place, entry) in places.into_iter().zip(entries) {
        list[place] = entry;
    }
}

/// Files the learned names a paper mentions on an extraction made before they were learned
/// (what [`extract_with`] would add, without extracting again); true when one was added.
pub fn add_learned_names(
    title: &str,
    abstract_text: &str,
    learned: &Learned,
    methods: &mut Vec<String>,
    datasets: &mut Vec<String>,
) -> bool {
    let text = format!("{title}\n{}", introduces::strip_latex(abstract_text));
    add_learned(&text, learned, methods, datasets)
}

/// Umbrella names that say little once a more specific form of them was found.
const UMBRELLA_NAMES: &[&str] = &[
    "pre-training",
    "fine-tuning",
    "language model",
    "generative model",
    "autoregressive model",
    "supervised learning",
];

/// Drops an umbrella name when a more specific one ending in it was found too: "pre-training"
/// beside "supervised pre-training", "language model" beside "large language model".
fn drop_subsumed(names: &mut Vec<String>) {
    let lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    let mut index = 0;
    names.retain(|_| {
        let name = &lower[index];
        index += 1;
        !UMBRELLA_NAMES.contains(&name.as_str())
            || !lower.iter().any(|other| {
                other.len() > name.len()
                    && other.ends_with(name.as_str())
                    && other[..other.len() - name.len()].ends_with([' ', '-'])
            })
    });
}

fn contains_normalized(list: &[String], name: &str) -> bool {
    let key = introduces::normalized(name);
    list.iter().any(|existing| introduces::normalized(existing) == key)
}

fn push_new(list: &mut Vec<String>, name: &str) {
    let key = introduces::normalized(name);
    if !list.iter().any(|existing| introduces::normalized(existing) == key) {
        list.push(name.to_string());
    }
}

/// True for a name the curated lexicon or the model families know (in any spelling), or a
/// version of a curated benchmark.
pub fn is_curated(name: &str) -> bool {
    ENTITIES.resolve(name).is_some() || models::parse(name).is_some() || usage::dataset_family(name).is_some()
}

/// What an extracted name is filed under besides itself, most specific first, and the family it
/// is counted under: a method's model checkpoint has its version and family ("Llama 3 8B" →
/// "Llama 3", "Llama"), a dataset's benchmark version its benchmark ("ScreenSpot-v2" →
/// "ScreenSpot").
pub fn lineage(name: &str, is_dataset: bool) -> (Vec<String>, Option<&'static str>) {
    if is_dataset {
        let family = usage::dataset_family(name);
        let parents = family
            .filter(|family| !family.eq_ignore_ascii_case(name))
            .map(|family| vec![family.to_string()])
            .unwrap_or_default();
        (parents, family)
    } else {
        models::lineage(name)
    }
}

/// Lexicon entities a search query names, with every form they go by.
pub fn query_entities(query: &str) -> Vec<&'static lexicon::Entity> {
    ENTITIES
        .lookup_phrases(query)
        .into_iter()
        .map(|index| &ENTITIES.entities[index])
        .collect()
}

/// The index values a user's `--method`/`--dataset` value stands for: its canonical name when the
/// lexicon knows it (by any alias, ignoring case), and the value itself.
pub fn filter_values(value: &str) -> Vec<String> {
    let mut values = vec![value.trim().to_lowercase()];
    // A model in any spelling ("llama-2" is "Llama 2"); a bare family matches every version,
    // which the index files under the family too.
    if let Some(model) = models::parse(value) {
        let canonical = model.name.to_lowercase();
        if !values.contains(&canonical) {
            values.push(canonical);
        }
    }
    if let Some(entity) = ENTITIES.resolve(value) {
        let canonical = entity.name.to_lowercase();
        if !values.contains(&canonical) {
            values.push(canonical);
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_entities_introductions_and_topics() {
        let got = extract(
            "SwAV: Unsupervised Learning of Visual Features by Contrasting Cluster Assignments",
            "We train a ResNet-50 with contrastive learning on ImageNet. We propose an online algorithm, SwAV, that \
             takes advantage of it, and a multi-crop strategy.",
        );
        assert_eq!(
            got.methods,
            ["SwAV", "unsupervised learning", "ResNet-50", "contrastive learning"]
        );
        assert_eq!(got.datasets, ["ImageNet"]);
        assert_eq!(got.introduces, ["SwAV"]);
        assert_eq!(got.topics, ["vision"]);
    }

    #[test]
    fn a_redefined_acronym_is_not_the_lexicon_entity() {
        let got = extract(
            "Forecasting",
            "We report the mean absolute error (MAE) of every model; MAE drops by half.",
        );
        assert!(
            !got.methods.contains(&"masked autoencoder".to_string()),
            "{:?}",
            got.methods
        );
    }

    #[test]
    fn filter_values_resolve_aliases() {
        assert_eq!(filter_values("coco"), ["coco", "ms coco"]);
        assert_eq!(filter_values("DeepSeagrass"), ["deepseagrass"]);
    }
}
