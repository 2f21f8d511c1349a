//! Topic labels from the taxonomy (`vocab/topics.tsv`), scored from weighted cue words
//! (`vocab/topic_cues.tsv`) and from the topics of the entities found (ShapeNet → 3d, TACRED →
//! language). Title evidence counts double. A paper gets the topics whose score is both
//! substantial and close to the best one, at most three.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::lexicon::{CaseRule, Entity, Found, Kind, Lexicon};

pub const TOPICS_TSV: &str = include_str!("../../vocab/topics.tsv");
const CUES_TSV: &str = include_str!("../../vocab/topic_cues.tsv");

/// Weight of one entity whose lexicon entry names a topic.
const ENTITY_WEIGHT: f32 = 2.0;
/// A topic needs at least this score ...
const MIN_SCORE: f32 = 3.0;
/// ... and at least this fraction of the best topic's score.
const MIN_SHARE_OF_BEST: f32 = 0.4;
const MAX_TOPICS: usize = 3;
/// Repeats of one cue stop adding evidence after this many.
const MAX_REPEATS: f32 = 3.0;

/// Every topic id of the taxonomy, in its order.
pub static TOPIC_IDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    TOPICS_TSV
        .lines()
        .skip(1)
        .filter_map(|line| line.split('\t').next())
        .map(String::from)
        .collect()
});

pub(super) struct Cues {
    pub(super) lexicon: Lexicon,
    weights: Vec<f32>,
}

pub(super) static CUES: LazyLock<Cues> = LazyLock::new(|| {
    let mut entries = Vec::new();
    let mut weights = Vec::new();
    for line in CUES_TSV.lines().skip(1).filter(|line| !line.trim().is_empty()) {
        let cells: Vec<&'static str> = line.split('\t').collect();
        let entity = Entity {
            name: cells[0],
            kind: Kind::Method,
            topic: Some(cells[1]),
            // Built once per process, for its whole life.
            forms: vec![cells[0]].leak(),
        };
        entries.push((entity, CaseRule::Auto));
        weights.push(cells.get(2).and_then(|w| w.parse().ok()).unwrap_or(1.0));
    }
    Cues {
        lexicon: Lexicon::build(entries),
        weights,
    }
});

/// Scores topics for a paper from the cues found in its title and abstract (`cues`: matches of
/// [`CUES`] in the title, a line break and the abstract, so those starting before `title_end`
/// are the title's) and `entity_topics`, the topics of entities found, with whether each was
/// found in the title.
pub fn topics(cues: &[Found], title_end: usize, entity_topics: &[(String, bool)]) -> Vec<String> {
    let mut scores: HashMap<&str, f32> = HashMap::new();
    let (in_title, in_abstract) = cues.split_at(cues.partition_point(|found| found.start < title_end));
    for (found_in, factor) in [(in_title, 2.0), (in_abstract, 1.0)] {
        let mut repeats: HashMap<usize, f32> = HashMap::new();
        for found in found_in {
            let seen = repeats.entry(found.entity).or_default();
            if *seen >= MAX_REPEATS {
                continue;
            }
            *seen += 1.0;
            let entity = &CUES.lexicon.entities[found.entity];
            let topic = entity.topic.unwrap_or_default();
            *scores.entry(topic).or_default() += CUES.weights[found.entity] * factor;
        }
    }
    for (topic, in_title) in entity_topics {
        *scores.entry(topic.as_str()).or_default() += ENTITY_WEIGHT * if *in_title { 2.0 } else { 1.0 };
    }
    let mut ranked: Vec<(&str, f32)> = scores.into_iter().filter(|(_, score)| *score > 0.0).collect();
    // Ties break by the taxonomy's order, so results never depend on hash order.
    let order = |topic: &str| TOPIC_IDS.iter().position(|t| t == topic).unwrap_or(usize::MAX);
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(order(a.0).cmp(&order(b.0))));
    let Some(&(_, best)) = ranked.first() else {
        return Vec::new();
    };
    ranked
        .iter()
        .filter(|(_, score)| *score >= MIN_SCORE && *score >= best * MIN_SHARE_OF_BEST)
        .take(MAX_TOPICS)
        .map(|(topic, _)| topic.to_string())
        .collect()
}

/// Topics a search query names: by id ("robotics"), or by cues worth at least
/// `MIN_QUERY_CUE_WEIGHT` ("remote sensing", "pathology").
pub fn query_topics(query: &str) -> Vec<String> {
    let mut scores: HashMap<&str, f32> = HashMap::new();
    for cue in CUES.lexicon.lookup_phrases(query) {
        let topic = CUES.lexicon.entities[cue].topic.unwrap_or_default();
        *scores.entry(topic).or_default() += CUES.weights[cue];
    }
    for word in query.split(|c: char| c.is_whitespace() || c == ',') {
        let word = word.trim().to_lowercase();
        if let Some(topic) = TOPIC_IDS.iter().find(|id| **id == word) {
            *scores.entry(topic.as_str()).or_default() += MIN_QUERY_CUE_WEIGHT;
        }
    }
    let mut topics: Vec<String> = scores
        .into_iter()
        .filter(|(_, score)| *score >= MIN_QUERY_CUE_WEIGHT)
        .map(|(topic, _)| topic.to_string())
        .collect();
    topics.sort();
    topics
}

/// A query cue must weigh this much to name its topic.
const MIN_QUERY_CUE_WEIGHT: f32 = 2.5;

/// The strongest cue words of a topic: what a paper on it is likely to say instead of its name.
pub fn strong_cues(topic: &str) -> Vec<&'static str> {
    CUES.lexicon
        .entities
        .iter()
        .zip(&CUES.weights)
        .filter(|(entity, weight)| entity.topic == Some(topic) && **weight >= MIN_QUERY_CUE_WEIGHT)
        .map(|(entity, _)| entity.name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topics_of(title: &str, abstract_text: &str, entity_topics: &[(String, bool)]) -> Vec<String> {
        let cues = CUES.lexicon.find(&format!("{title}\n{abstract_text}"));
        topics(&cues, title.len(), entity_topics)
    }

    #[test]
    fn cues_and_entities_pick_topics() {
        let got = topics_of(
            "Self-Supervised Pre-Training Boosts ECG Classification",
            "We classify electrocardiograms of patients.",
            &[],
        );
        assert_eq!(got, ["medical"]);
        let got = topics_of(
            "A paper",
            "We study things.",
            &[("3d".to_string(), true), ("3d".to_string(), false)],
        );
        assert_eq!(got, ["3d"]);
        assert!(topics_of("A paper", "We study things.", &[]).is_empty());
    }

    #[test]
    fn every_cue_names_a_taxonomy_topic() {
        for entity in CUES.lexicon.entities.iter() {
            assert!(
                TOPIC_IDS.iter().any(|id| Some(id.as_str()) == entity.topic),
                "{}",
                entity.name
            );
        }
        assert_eq!(TOPIC_IDS.len(), 20);
    }
}
