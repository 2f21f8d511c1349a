//! `papers top`: the most upvoted papers, recent ones or since a date.

use crate::util::*;

#[test]
fn top_lists_the_most_upvoted_recent_papers() {
    let env = TestEnv::with_fixture();
    let entries = env.run(["top", "--since", "2022-01-01", "--json"]).json_array();
    let upvotes: Vec<u64> = entries.iter().map(|e| e["upvotes"].as_u64().unwrap()).collect();
    assert!(upvotes.windows(2).all(|pair| pair[0] >= pair[1]));
    assert_eq!(upvotes[0], 2);
    assert!(entries.iter().all(|e| e["date"].as_str().unwrap() >= "2022-01-01"));
    let recent = env.run(["top", "--json"]).json();
    assert_eq!(
        recent[0]["title"],
        "AttentionInfluence: Adopting Attention Head Influence for Weak-to-Strong Pretraining Data Selection"
    );
}
