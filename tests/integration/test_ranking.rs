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
