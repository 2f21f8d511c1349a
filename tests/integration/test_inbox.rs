//! The inbox: `triage`, `profile`, `digest` and `top`, and what ingest reports about new papers.

use serde_json::Value;

use crate::util::*;

fn triage(env: &TestEnv, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["triage", "--json", "--limit", "1000"];
    all.extend_from_slice(args);
    env.run(all).json().as_array().unwrap().clone()
}

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
fn the_profile_is_shown_changed_and_used() {
    let env = TestEnv::with_fixture();
    env.run(["profile", "--add-method", "contrastive learning", "--weight", "2"])
        .ok();
    env.run(["profile", "--add-topic", "medical", "--exclude", "robotics"])
        .ok();
    let profile = env.run(["profile", "--json"]).json();
    assert_eq!(profile["methods"]["contrastive learning"], 2.0);
    assert_eq!(profile["topics"]["medical"], 1.0);
    assert_eq!(profile["exclude"], serde_json::json!(["robotics"]));
    let entries = triage(&env, &[]);
    assert!(entries[0]["why"]
        .as_array()
        .unwrap()
        .contains(&Value::from("matches interest 'contrastive learning'")));
    env.run(["profile", "--remove", "contrastive learning"]).ok();
    assert!(env.run(["profile", "--json"]).json()["methods"]
        .as_object()
        .unwrap()
        .is_empty());
    env.run(["profile", "--add-topic", "visoin"])
        .fails(2, "unknown topic 'visoin'");
}

#[test]
fn ingest_reports_new_papers_in_the_top_bucket() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.index_dir()).unwrap();
    env.run(["profile", "--add-query", "speech recognition"]).ok();
    let counts = env
        .run(["ingest".as_ref(), "--json".as_ref(), fixture_path().as_os_str()])
        .json();
    assert_eq!(counts["added"], 45);
    let read_first = triage(&env, &[]).iter().filter(|e| e["bucket"] == "read-first").count();
    assert!(read_first >= 1);
    assert_eq!(
        counts["read_first"], read_first as u64,
        "the count agrees with the inbox"
    );
}

#[test]
fn the_digest_is_markdown_with_every_paper() {
    let env = TestEnv::with_fixture();
    let text = env.run(["digest", "--limit", "100"]).ok().to_string();
    let today = time::OffsetDateTime::now_utc().date();
    assert!(
        text.starts_with(&format!("# Papers digest, {today}\n\n45 new papers, best first.\n")),
        "{text}"
    );
    let headings: Vec<&str> = text.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(headings.len(), FIXTURE_PAPERS);
    for expected in expected() {
        let escaped: String = expected
            .title
            .chars()
            .flat_map(|c| {
                if "\\`*_[]<>#|".contains(c) {
                    vec!['\\', c]
                } else {
                    vec![c]
                }
            })
            .collect();
        assert!(
            headings.iter().any(|h| h.ends_with(&format!(". {escaped}"))),
            "{}",
            expected.title
        );
    }
    // Each paper's first sentence, and its links: the saved page gives no arXiv id, so the
    // paper is found on Hugging Face by its title; the code link is the repository.
    assert!(text.contains(
        "## 1. ShapeSplat: A Large-scale Dataset of Gaussian Splats and Their Self-Supervised Pretraining\n\n\
         3D Gaussian Splatting (3DGS) has become the de facto method of 3D representation in many vision tasks.\n"
    ));
    assert!(text.contains(
        "- **Links:** [find on Hugging Face](<https://huggingface.co/papers?q=BECLR%3A%20Batch%20Enhanced%20\
         Contrastive%20Few-Shot%20Learning>) · [code](<https://github.com/stypoumic/BECLR>)\n"
    ));
    let json = env.run(["digest", "--limit", "3", "--format", "json"]).json();
    assert_eq!(json.as_array().unwrap().len(), 3);
}

#[test]
fn top_lists_the_most_upvoted_recent_papers() {
    let env = TestEnv::with_fixture();
    let run = env.run(["top", "--since", "2022-01-01", "--json"]);
    let entries: Vec<Value> = serde_json::from_str(run.ok()).unwrap();
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
        let listed = env.run(["list", "--json"]).json();
        listed.as_array().unwrap().iter().find(|r| r["id"] == id).unwrap()["status"]
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
fn the_state_exports_and_imports_into_another_index() {
    let env = TestEnv::with_fixture();
    env.run(["mark", "f9zw", "--as", "starred"]).ok();
    env.run(["tag", "f9zw", "splats"]).ok();
    let exported = env.run(["state", "export"]).ok().to_string();

    let other = TestEnv::with_fixture();
    let run = other.run_with_stdin(["state", "import", "-"], exported.as_bytes());
    run.ok();
    assert!(
        run.stderr.contains("imported the triage state of 1 paper"),
        "{}",
        run.stderr
    );
    let listed = other.run(["list", "--json", "--status", "starred"]).json();
    assert_eq!(listed[0]["id"], "f9zwrgn90s");
    assert_eq!(listed[0]["tags"], serde_json::json!(["splats"]));
    other
        .run_with_stdin(["state", "import", "-"], b"{oops")
        .fails(1, "not a triage state");
}

#[test]
fn digest_since_last_leaves_out_what_an_earlier_digest_showed() {
    let env = TestEnv::with_fixture();
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["digest", "--format", "json"];
        all.extend_from_slice(args);
        ids_in(&env.run(all).json())
    };
    let first = ids(&["-n", "3"]);
    let next = ids(&["-n", "3", "--since-last"]);
    assert_eq!(next.len(), 3);
    assert!(next.iter().all(|id| !first.contains(id)), "{first:?} {next:?}");
    // Without --since-last the digest is the inbox's best, shown before or not.
    assert_eq!(ids(&["-n", "3"]), first);
    let rest = ids(&["-n", "100", "--since-last"]);
    assert_eq!(rest.len(), FIXTURE_PAPERS - 6);
    let empty = env.run(["digest", "--since-last"]);
    assert!(
        empty.stderr.contains("nothing new since the last digest"),
        "{}",
        empty.stderr
    );
    // Showing a paper is not a decision: the inbox still has every paper, undo has nothing.
    assert_eq!(triage(&env, &[]).len(), FIXTURE_PAPERS);
    assert!(env.run(["undo"]).stderr.contains("nothing to undo"));
}

#[test]
fn listing_commands_say_when_nothing_matched() {
    let env = TestEnv::with_fixture();
    for (args, said) in [
        (
            vec!["top", "--since", "2099-01-01"],
            "no papers match since 2099-01-01; try an earlier --since",
        ),
        (vec!["list", "--tag", "nope"], "no papers match; try other filters"),
        (
            vec!["search", "pretraining", "--tag", "nope"],
            "no papers match; try fewer words or other filters",
        ),
        (vec!["cite", "--tag", "nope"], "no papers match"),
    ] {
        let run = env.run(&args);
        assert_eq!(run.ok(), "", "{args:?}");
        assert!(run.stderr.contains(said), "{args:?}: {}", run.stderr);
    }
}
