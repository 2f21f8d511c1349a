//! `papers triage`: the inbox of new papers, best first, with why; what stars, skips and interests
//! do to it; the interactive inbox and its keys.

use serde_json::Value;

use crate::util::*;

fn mentions(entry: &Value, word: &str) -> bool {
    format!("{} {}", entry["title"], entry["abstract"])
        .to_lowercase()
        .contains(word)
}

fn mean_rank(entries: &[Value], keep: impl Fn(&Value) -> bool) -> f64 {
    let ranks: Vec<usize> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| keep(e))
        .map(|(i, _)| i)
        .collect();
    ranks.iter().sum::<usize>() as f64 / ranks.len().max(1) as f64
}

#[test]
fn triage_lists_only_new_papers_with_the_documented_shape() {
    let env = TestEnv::with_fixture();
    env.run(["mark", "f9zw", "--as", "read"]).ok();
    env.run(["mark", "4tsh", "--as", "later"]).ok();
    let entries = triage(&env, &[]);
    assert_eq!(entries.len(), FIXTURE_PAPERS - 2);
    assert!(entries
        .iter()
        .all(|e| e["id"] != "f9zwrgn90s" && e["id"] != "4tsh03ckgy"));
    let first = &entries[0];
    assert_eq!(first["status"], "new");
    assert!(first["score"].is_number() && first["why"].is_array());
    assert!(["read-first", "skim", "probably-skip"].contains(&first["bucket"].as_str().unwrap()));
    let scores: Vec<f64> = entries.iter().map(|e| e["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|pair| pair[0] >= pair[1]), "best first");
}

#[test]
fn an_interest_ranks_its_paper_first_and_says_why() {
    let env = TestEnv::with_fixture();
    let entries = triage(&env, &["--interest", "speech recognition"]);
    assert_eq!(
        entries[0]["title"],
        "Unsupervised Pre-Training for Vietnamese Automatic Speech Recognition in the HYKIST Project"
    );
    assert_eq!(entries[0]["bucket"], "read-first");
    assert!(entries[0]["why"]
        .as_array()
        .unwrap()
        .contains(&Value::from("matches interest 'speech recognition'")));
}

#[test]
fn starred_papers_pull_similar_ones_up() {
    let env = TestEnv::with_fixture();
    let before = triage(&env, &[]);
    env.run(["mark", "8f6n2ygcxv", "a09fwbgaat", "wp4k2tw3ky", "--as", "starred"])
        .ok();
    let after = triage(&env, &[]);
    let contrastive = |e: &Value| mentions(e, "contrastive");
    let unrelated = |e: &Value| !mentions(e, "contrastive");
    assert!(
        mean_rank(&after, contrastive) < mean_rank(&after, unrelated),
        "contrastive papers rank above unrelated ones"
    );
    assert!(
        mean_rank(&after, contrastive) < mean_rank(&before, contrastive),
        "and higher than before the stars"
    );
    // Before the reader model, the next contrastive paper was 14th; now two of the first three
    // are contrastive (the other is a neighbouring representation-learning paper).
    assert_eq!(
        after[..3].iter().filter(|e| contrastive(e)).count(),
        2,
        "{:?}",
        &after[..3]
    );
    let first = after.iter().find(|e| contrastive(e)).unwrap();
    assert_eq!(first["title"], "On the Provable Advantage of Unsupervised Pretraining");
    assert!(
        first["why"][0]
            .as_str()
            .unwrap()
            .starts_with("+ contrastive learning (liked 3), + contrastive (liked 3)"),
        "the reasons name what the model learned: {}",
        first["why"]
    );
}

#[test]
fn skipping_a_paper_pushes_similar_ones_down() {
    let env = TestEnv::with_fixture();
    // The two papers on unsupervised foreground object detection are each other's nearest neighbours.
    let neighbour = "Unsupervised learning from video to detect foreground objects";
    let rank_of = |entries: &[Value]| {
        entries
            .iter()
            .position(|e| e["title"].as_str().unwrap().starts_with(neighbour))
            .unwrap()
    };
    let score_of = |entries: &[Value]| entries[rank_of(entries)]["score"].as_f64().unwrap();
    let before = triage(&env, &[]);
    let (records, _) = env.parse(&fixture_path(), &[]);
    let skipped = by_title(&records, "Unsupervised learning of foreground object detection")["id"]
        .as_str()
        .unwrap()
        .to_string();
    env.run(["mark", skipped.as_str(), "--as", "skipped"]).ok();
    let after = triage(&env, &[]);
    assert!(score_of(&after) < score_of(&before));
    assert!(rank_of(&after) > rank_of(&before));
}

#[test]
fn interactive_triage_follows_a_scripted_key_stream_and_saves_each_decision() {
    let env = TestEnv::with_fixture();
    let order: Vec<String> = triage(&env, &[])
        .iter()
        .take(4)
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    let run = env.run_with_stdin(["triage", "--interactive", "--limit", "10"], b"s k\nlq");
    let text = run.ok().to_string();
    assert!(
        text.contains("[1/10]") && text.contains("[5/10]") && !text.contains("[6/10]"),
        "{text}"
    );
    assert!(text.ends_with("3 decisions saved\n"), "{text}");
    let status_of = |id: &str| -> String {
        listed(&env, &[]).iter().find(|r| r["id"] == id).unwrap()["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(status_of(&order[0]), "starred");
    assert_eq!(status_of(&order[1]), "new", "space leaves a paper undecided");
    assert_eq!(status_of(&order[2]), "skipped");
    assert_eq!(status_of(&order[3]), "later");
}

#[test]
fn the_inbox_u_key_takes_back_the_last_decision() {
    let env = TestEnv::with_fixture();
    let first_two = ids_in(&env.run(["triage", "--json", "--limit", "2"]).json_array());
    // Star the first, undo (back to the first card), skip it, read the second.
    let run = env.run_with_stdin(["triage", "--interactive", "--limit", "2"], b"sukr");
    let text = run.ok();
    assert!(text.contains("undid: marked 1 paper as starred"), "{text}");
    assert_eq!(
        text.matches("[1/2]").count(),
        2,
        "the first card is shown again: {text}"
    );
    assert!(text.ends_with("2 decisions saved\n"), "{text}");
    let status = |id: &str| shown(&env, id)["status"].clone();
    assert_eq!(status(&first_two[0]), "skipped");
    assert_eq!(status(&first_two[1]), "read");
}
