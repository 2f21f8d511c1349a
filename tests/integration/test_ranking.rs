//! Ranking quality: nDCG@10 of `papers search` on graded relevance judgments for the fixture
//! (`fixtures/eval/seed-dev-qrels.json`: 2 = highly relevant, 1 = partially, unlisted = 0), with
//! gain 2^grade − 1 and a log2 discount. Run with `--nocapture` to see the per-query table.

use std::collections::HashMap;

use serde_json::Value;

use crate::util::*;

const TARGET_MEAN_NDCG: f64 = 0.96;

fn dcg(gains: impl IntoIterator<Item = f64>) -> f64 {
    gains
        .into_iter()
        .enumerate()
        .map(|(rank, gain)| gain / (rank as f64 + 2.0).log2())
        .sum()
}

fn ndcg_at_10(ranked_titles: &[String], judgments: &HashMap<String, u64>) -> f64 {
    let gain = |grade: u64| 2f64.powi(grade as i32) - 1.0;
    let actual = dcg(ranked_titles
        .iter()
        .take(10)
        .map(|t| gain(judgments.get(t).copied().unwrap_or(0))));
    let mut ideal: Vec<f64> = judgments.values().map(|g| gain(*g)).collect();
    ideal.sort_by(|a, b| b.total_cmp(a));
    let ideal = dcg(ideal.into_iter().take(10));
    if ideal == 0.0 {
        0.0
    } else {
        actual / ideal
    }
}

#[test]
fn mean_ndcg_at_10_on_the_dev_queries() {
    let env = TestEnv::with_fixture();
    let text = std::fs::read_to_string(fixtures_dir().join("eval/seed-dev-qrels.json")).unwrap();
    let qrels: HashMap<String, HashMap<String, u64>> = serde_json::from_str(&text).unwrap();
    let mut queries: Vec<&String> = qrels.keys().collect();
    queries.sort();
    let mut total = 0.0;
    println!("{:>7}  query", "nDCG@10");
    for query in &queries {
        let run = env.run(["search", "--json", "--limit", "10", query.as_str()]);
        let hits: Vec<Value> = serde_json::from_str(run.ok()).unwrap();
        let score = ndcg_at_10(&titles(&hits), &qrels[*query]);
        println!("{score:>7.3}  {query}");
        total += score;
    }
    let mean = total / queries.len() as f64;
    println!("{mean:>7.3}  mean over {} queries", queries.len());
    assert!(
        mean >= TARGET_MEAN_NDCG,
        "mean nDCG@10 {mean:.3} is below {TARGET_MEAN_NDCG}"
    );
}

#[test]
fn ndcg_is_one_for_the_ideal_order_and_lower_otherwise() {
    let judgments: HashMap<String, u64> = [("a".to_string(), 2), ("b".to_string(), 1)].into();
    let ideal = ["a".to_string(), "b".to_string()];
    assert!((ndcg_at_10(&ideal, &judgments) - 1.0).abs() < 1e-9);
    let swapped = ["b".to_string(), "a".to_string()];
    assert!(ndcg_at_10(&swapped, &judgments) < 1.0);
    assert_eq!(ndcg_at_10(&["z".to_string()], &judgments), 0.0);
}

/// Descriptive known-item queries over 300 corpus papers (`fixtures/corpus-slice.txt`): each
/// query is the first eight words of somebody else's one-line summary of a paper that are not in
/// its title, stop words removed (`fixtures/eval/descriptive-queries.json`, built by the rule of
/// `benches/search_quality.py`). Reciprocal rank of the paper within the first 10.
fn descriptive_mrr(env: &TestEnv, ranker: &str) -> f64 {
    let text = std::fs::read_to_string(fixtures_dir().join("eval/descriptive-queries.json")).unwrap();
    let queries: Vec<Value> = serde_json::from_str(&text).unwrap();
    let mut total = 0.0;
    for item in &queries {
        let query = item["query"].as_str().unwrap();
        let run = env.run(["search", "--json", "--limit", "10", "--ranker", ranker, query]);
        let hits: Vec<Value> = serde_json::from_str(run.ok()).unwrap();
        if let Some(rank) = titles(&hits).iter().position(|t| t == item["title"].as_str().unwrap()) {
            total += 1.0 / (rank as f64 + 1.0);
        }
    }
    total / queries.len() as f64
}

#[test]
fn descriptions_find_their_paper_and_the_blend_adds_to_the_words() {
    let env = TestEnv::new();
    env.run(["ingest".as_ref(), fixtures_dir().join("corpus-slice.txt").as_os_str()])
        .ok();
    let lexical = descriptive_mrr(&env, "lexical");
    let latent = descriptive_mrr(&env, "latent");
    let blend = descriptive_mrr(&env, "blend");
    println!("MRR@10 over 50 descriptive queries: lexical {lexical:.3}, latent {latent:.3}, blend {blend:.3}");
    assert!(lexical >= 0.9, "lexical MRR {lexical:.3}");
    // The latent layer alone knows the papers' topics, if not each paper's words.
    assert!(latent >= 0.7, "latent MRR {latent:.3}");
    assert!(blend >= lexical, "blend {blend:.3} below lexical {lexical:.3}");
}
