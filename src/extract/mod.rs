//! Extraction: what each paper is about, from its title and abstract alone — topics from the
//! taxonomy, methods, datasets, and the names the paper introduces. Offline and deterministic:
//! curated lexicons (`vocab/`) matched with Aho-Corasick, acronym definitions, and a few
//! patterns; no models.

mod acronyms;
mod introduces;
pub mod lexicon;
mod topics;

use lexicon::{Kind, ENTITIES};

pub use topics::{query_topics, strong_cues, TOPIC_IDS};

/// Everything extracted from one paper.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extraction {
    pub topics: Vec<String>,
    pub methods: Vec<String>,
    pub datasets: Vec<String>,
    pub introduces: Vec<String>,
}

/// Extracts topics, methods, datasets and introduced names.
pub fn extract(title: &str, abstract_text: &str) -> Extraction {
    let abstract_text = introduces::strip_latex(abstract_text);
    let text = format!("{title}\n{abstract_text}");
    let title_end = title.len();
    let definitions = acronyms::definitions(&abstract_text);

    // Acronyms the paper defines as something else do not count as the lexicon's entity.
    let redefined: Vec<&str> = definitions
        .iter()
        .filter(|d| {
            let long_means = ENTITIES.find(&d.long).last().map(|f| f.entity);
            let short_means = ENTITIES.resolve(&d.short).map(|e| e.name.as_str());
            match (short_means, long_means) {
                (Some(short), Some(long)) => ENTITIES.entities[long].name != short,
                (Some(_), None) => true,
                _ => false,
            }
        })
        .map(|d| d.short.as_str())
        .collect();

    let mut methods: Vec<String> = Vec::new();
    let mut datasets: Vec<String> = Vec::new();
    let mut entity_topics: Vec<(String, bool)> = Vec::new();
    for found in ENTITIES.find(&text) {
        let matched = &text[found.start..found.end];
        if redefined
            .iter()
            .any(|short| matched == *short || matched.strip_suffix('s') == Some(short))
        {
            continue;
        }
        let entity = &ENTITIES.entities[found.entity];
        let list = match entity.kind {
            Kind::Method => &mut methods,
            Kind::Dataset => &mut datasets,
            Kind::NotEntity => continue,
        };
        if !list.contains(&entity.name) {
            list.push(entity.name.clone());
            if let Some(topic) = &entity.topic {
                entity_topics.push((topic.clone(), found.start < title_end));
            }
        }
    }

    drop_subsumed(&mut methods);
    drop_subsumed(&mut datasets);

    let introduced = introduces::introduced(title, &abstract_text, &definitions);
    for name in &introduced {
        let list = match name.kind {
            Kind::Dataset => &mut datasets,
            Kind::Method | Kind::NotEntity => &mut methods,
        };
        push_new(list, &name.name);
    }
    for name in introduces::named_datasets(&text) {
        push_new(&mut datasets, &name);
    }

    Extraction {
        topics: topics::topics(title, &abstract_text, &entity_topics),
        methods,
        datasets,
        introduces: introduced.into_iter().map(|i| i.name).collect(),
    }
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

fn push_new(list: &mut Vec<String>, name: &str) {
    let key = introduces::normalized(name);
    if !list.iter().any(|existing| introduces::normalized(existing) == key) {
        list.push(name.to_string());
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
