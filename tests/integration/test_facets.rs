//! `papers facets`: value counts among the matching papers, as TSV in a pipe or JSON.

use std::collections::HashMap;

use serde_json::Value;

use crate::util::*;

/// Counts computed from `papers parse` output, the reference the index must agree with.
fn expected_counts(field: &str, keep: impl Fn(&Value) -> bool) -> HashMap<String, u64> {
    let env = TestEnv::new();
    let (records, _) = env.parse(&fixture_path(), &[]);
    let mut counts = HashMap::new();
    for record in records.iter().filter(|r| keep(r)) {
        let values: Vec<String> = match field {
            "year" => record["date"]
                .as_str()
                .map(|d| d[..4].to_string())
                .into_iter()
                .collect(),
            _ => record[field]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect(),
        };
        for value in values {
            *counts.entry(value).or_default() += 1;
        }
    }
    counts
}

#[test]
fn counts_agree_with_the_records_for_every_field() {
    let env = TestEnv::with_fixture();
    for field in ["topics", "methods", "datasets", "year"] {
        let got = facet_json(&env, &["--field", field]);
        let want = expected_counts(field, |_| true);
        assert_eq!(got.len(), want.len(), "{field}");
        for (value, count) in &got {
            assert_eq!(want.get(value), Some(count), "{field} {value}");
        }
        assert!(
            got.windows(2).all(|pair| pair[0].1 >= pair[1].1),
            "{field}: most frequent first"
        );
    }
}

#[test]
fn the_query_and_filters_narrow_the_counted_papers() {
    let env = TestEnv::with_fixture();
    let got = facet_json(&env, &["--field", "datasets", "--since", "2024-01-01"]);
    let want = expected_counts("datasets", |r| r["date"].as_str().is_some_and(|d| d >= "2024-01-01"));
    let got: HashMap<String, u64> = got.into_iter().collect();
    assert_eq!(got, want);
    let ecg = facet_json(&env, &["ECG"]);
    assert_eq!(ecg, [("medical".to_string(), 1)]);
}

#[test]
fn plain_output_is_tab_separated_and_limited() {
    let env = TestEnv::with_fixture();
    let run = env.run(["facets", "--field", "datasets", "--limit", "3"]);
    let lines: Vec<&str> = run.ok().lines().collect();
    assert_eq!(lines.len(), 3);
    let want = expected_counts("datasets", |_| true);
    assert_eq!(lines[0], format!("ImageNet\t{}", want["ImageNet"]));
    assert!(lines.iter().all(|l| l.split('\t').count() == 2));
}

/// The values `facets --field FIELD -n LIMIT` prints, in order.
fn facet_values(env: &TestEnv, field: &str, limit: usize) -> Vec<String> {
    let limit = limit.to_string();
    env.run(["facets", "--field", field, "-n", &limit])
        .ok()
        .lines()
        .map(|line| line.split('\t').next().unwrap().to_string())
        .collect()
}

#[test]
fn a_shorter_list_is_the_top_of_a_longer_one_even_among_ties() {
    // Most of the fixture's names are counted once or twice, so most cuts fall inside a tie.
    let env = TestEnv::with_fixture();
    for field in ["methods", "datasets", "topics", "method-families"] {
        let all = facet_values(&env, field, 1000);
        for limit in [1, 2, 3, 5, 8, 13] {
            let expected: Vec<String> = all.iter().take(limit).cloned().collect();
            assert_eq!(facet_values(&env, field, limit), expected, "{field} -n {limit}");
        }
    }
}
