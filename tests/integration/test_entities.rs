//! The lexicon the index learns (`papers entities`): a name one paper introduces becomes an
//! entity of every paper that mentions it, whichever arrives first, and survives `reindex`.
//! `fixtures/learned/` holds three corpus papers: "ZebraLogic: …" introduces the benchmark, two
//! others report results on it without saying what it is.

use crate::util::*;

fn learned_dir() -> std::path::PathBuf {
    fixtures_dir().join("learned")
}

fn ingest(env: &TestEnv, file: &str) -> serde_json::Value {
    ingest_json(env, &learned_dir().join(file))
}

const ALL_THREE: [&str; 3] = ["BOLT", "Self-Consistency Preference Optimization", "ZebraLogic"];

#[test]
fn alone_a_mention_is_not_an_entity() {
    let env = TestEnv::new();
    let (records, _) = env.parse(&learned_dir().join("mentions.txt"), &[]);
    for record in &records {
        assert!(
            !record["datasets"].as_array().unwrap().contains(&"ZebraLogic".into()),
            "{}",
            record["datasets"]
        );
    }
}

#[test]
fn a_name_learned_later_is_filed_on_the_papers_before_it() {
    let env = TestEnv::new();
    let first = ingest(&env, "mentions.txt");
    assert_eq!(first["added"], 2);
    assert!(kept_titles(&env, &["--dataset", "ZebraLogic"]).is_empty());

    let second = ingest(&env, "introduces.txt");
    assert_eq!(second["added"], 1);
    assert_eq!(second["learned"], 1, "{second}");
    assert_eq!(second["refiled"], 2, "{second}");
    assert_eq!(kept_titles(&env, &["--dataset", "zebralogic"]), ALL_THREE);
    // Refiling changed no paper's content: ingesting everything again changes nothing.
    let again = ingest(&env, "mentions.txt");
    assert_eq!(
        (again["unchanged"].as_u64(), again["refiled"].as_u64()),
        (Some(2), Some(0))
    );

    let learned = env.run(["entities", "--learned", "--json"]).json();
    let zebra = learned
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["name"] == "ZebraLogic")
        .unwrap_or_else(|| panic!("{learned}"));
    assert_eq!(
        zebra,
        &serde_json::json!({
            "name": "ZebraLogic", "kind": "dataset", "papers": 3, "origin": "learned",
            "evidence": {"introduced_as_dataset": 1, "introduced_as_method": 0, "used_as_data": 0,
                         "kind_from": "introduced"}
        })
    );
    // The refiled papers kept their own evidence: the name one of them taught is still learned.
    let wild = learned
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["name"] == "WildBench")
        .unwrap_or_else(|| panic!("{learned}"));
    assert_eq!(wild["evidence"]["used_as_data"], 1, "{wild}");
}

/// Ingests `file` with the debug build's stand-in for a kill right after the first commit: the
/// papers are saved, the names they taught not filed.
fn stop_after_commit(env: &TestEnv, file: &str) {
    let stopped = env
        .command()
        .env("PAPERS_TEST_STOP_AFTER_COMMIT", "1")
        .args(["ingest".as_ref(), learned_dir().join(file).as_os_str()])
        .output()
        .unwrap();
    assert_eq!(stopped.status.code(), Some(86), "{stopped:?}");
    assert!(env.index_dir().join("learned-unfiled.json").exists());
    assert_eq!(kept_titles(env, &["--dataset", "zebralogic"]), ["ZebraLogic"]);
}

/// An ingest stopped between committing its papers and filing the names they taught (where a
/// kill or a power cut could stop it) leaves those names to the next ingest, which files them
/// even though the committed papers already teach them.
#[test]
fn names_an_interrupted_ingest_taught_are_filed_by_the_next() {
    let env = TestEnv::new();
    ingest(&env, "mentions.txt");
    stop_after_commit(&env, "introduces.txt");

    // Nothing new in this dump; the names the stopped ingest taught are filed all the same.
    let next = ingest(&env, "mentions.txt");
    assert_eq!(
        (
            next["unchanged"].as_u64(),
            next["learned"].as_u64(),
            next["refiled"].as_u64()
        ),
        (Some(2), Some(1), Some(2)),
        "{next}"
    );
    assert_eq!(kept_titles(&env, &["--dataset", "zebralogic"]), ALL_THREE);
    assert!(!env.index_dir().join("learned-unfiled.json").exists());
    env.run(["doctor"]).ok();
}

#[test]
fn doctor_reports_names_an_interrupted_ingest_taught_and_repair_files_them() {
    let env = TestEnv::new();
    ingest(&env, "mentions.txt");
    stop_after_commit(&env, "introduces.txt");
    let check = |run: &Run| -> (Option<i32>, serde_json::Value) {
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let found = report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|check| check["check"] == "learned names")
            .cloned()
            .unwrap_or(serde_json::Value::Null);
        (run.code, found)
    };
    let (code, found) = check(&env.run(["doctor", "--json"]));
    assert_eq!(code, Some(1));
    assert_eq!(found["verdict"], "problem", "{found}");
    let (code, found) = check(&env.run(["doctor", "--json", "--repair"]));
    assert_eq!(code, Some(0), "{found}");
    assert_eq!(
        found["detail"], "filed 1 name an interrupted ingest learned on 2 papers",
        "{found}"
    );
    assert_eq!(kept_titles(&env, &["--dataset", "zebralogic"]), ALL_THREE);
    // Healthy again, and the check says nothing when there is nothing to say.
    let (code, found) = check(&env.run(["doctor", "--json"]));
    assert_eq!((code, found), (Some(0), serde_json::Value::Null));
}

#[test]
fn a_name_learned_first_is_found_in_papers_that_arrive_after() {
    let env = TestEnv::new();
    ingest(&env, "introduces.txt");
    let second = ingest(&env, "mentions.txt");
    // WildBench is learned now (a benchmark's name, used as data); nobody else mentions it.
    assert_eq!(
        (second["learned"].as_u64(), second["refiled"].as_u64()),
        (Some(1), Some(0))
    );
    assert_eq!(kept_titles(&env, &["--dataset", "ZebraLogic"]), ALL_THREE);
    assert_eq!(
        env.run(["facets", "--field", "datasets", "--json"]).json()[0],
        serde_json::json!({"value": "ZebraLogic", "count": 3})
    );
}

#[test]
fn reindex_files_every_learned_name_again() {
    let env = TestEnv::new();
    ingest(&env, "mentions.txt");
    ingest(&env, "introduces.txt");
    let run = env.run(["reindex"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("reindexed 3 papers (schema 11); learned 2 names, now also named by 2 papers"),
        "{}",
        run.stderr
    );
    assert_eq!(kept_titles(&env, &["--dataset", "ZebraLogic"]), ALL_THREE);
}

#[test]
fn entities_lists_names_with_their_origin() {
    let env = TestEnv::new();
    ingest(&env, "mentions.txt");
    ingest(&env, "introduces.txt");
    let listing = env.run(["entities", "-n", "4"]).ok().to_string();
    let lines: Vec<&str> = listing.lines().collect();
    assert_eq!(lines[0], "ZebraLogic\tdataset\t3\tlearned (introduced)", "{listing}");
    assert_eq!(lines[1], "DeepSeek-R1\tmethod\t2\tcurated", "{listing}");
    assert_eq!(lines.len(), 4);
    let origins: Vec<String> = env
        .run(["entities", "--json", "-n", "1000"])
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            format!(
                "{}={}",
                entry["name"].as_str().unwrap(),
                entry["origin"].as_str().unwrap()
            )
        })
        .collect();
    assert!(origins.contains(&"BOLT=paper".to_string()), "{origins:?}");
    assert!(origins.contains(&"Llama 3 8B=curated".to_string()), "{origins:?}");
    assert!(origins.contains(&"WildBench=learned".to_string()), "{origins:?}");
}

/// A saved page of the feed holding these papers (title, abstract).
fn page(papers: &[(&str, &str)]) -> String {
    let mut text = String::from("new\n\nDaily Papers\n\nbyAK and the research community\n\nDec 9\n\n");
    for (title, abstract_text) in papers {
        text.push_str(&format!(
            "{title}\n\n{abstract_text}\n\n  • 3 authors\n·\nMar 2, 2024\n\n"
        ));
    }
    text
}

/// Every paper's title with its methods and datasets, by title.
fn entities_by_title(env: &TestEnv) -> Vec<(String, serde_json::Value, serde_json::Value)> {
    let mut rows: Vec<_> = exported_records(env, &[])
        .into_iter()
        .map(|record| {
            let title = record["title"].as_str().unwrap().to_string();
            (title, record["methods"].clone(), record["datasets"].clone())
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows
}

const INTRODUCED_AS_A_METHOD: [(&str, &str); 2] = [
    (
        "A Method for Widget Reasoning",
        "We propose ZorbaQuest, a novel method for widget reasoning that outperforms baselines.",
    ),
    (
        "Thoughts on Widgets",
        "Unlike ZorbaQuest, which focuses on widgets, we study gadgets in depth.",
    ),
];

#[test]
fn a_name_whose_kind_changes_is_filed_again_as_reindex_files_it() {
    let env = TestEnv::new();
    let introduced = env.write("introduced.txt", page(&INTRODUCED_AS_A_METHOD));
    let used = env.write(
        "used.txt",
        page(&[
            (
                "Gadget Evaluation One",
                "We evaluate on ZorbaQuest and report accuracy on gadget tasks.",
            ),
            (
                "Gadget Evaluation Two",
                "Experiments on the ZorbaQuest dataset show consistent gains for gadgets.",
            ),
            (
                "Gadget Evaluation Three",
                "Results on ZorbaQuest demonstrate the approach for gadgets.",
            ),
        ]),
    );
    ingest_json(&env, &introduced);
    assert_eq!(
        kept_titles(&env, &["--method", "ZorbaQuest"]),
        ["A Method for Widget Reasoning", "Thoughts on Widgets"]
    );
    let second = ingest_json(&env, &used);
    // Used as data by three papers, introduced as a method by one: a dataset now. The paper that
    // only mentions it follows; the paper introducing it keeps its own word for it.
    assert_eq!(second["refiled"], 1, "{second}");
    assert_eq!(
        second["learned"], 0,
        "a name of another kind now is not a new name: {second}"
    );
    assert_eq!(
        kept_titles(&env, &["--method", "ZorbaQuest"]),
        ["A Method for Widget Reasoning"]
    );
    assert_eq!(
        kept_titles(&env, &["--dataset", "ZorbaQuest"]),
        [
            "Gadget Evaluation One",
            "Gadget Evaluation Three",
            "Gadget Evaluation Two",
            "Thoughts on Widgets"
        ]
    );
    // Listed once, as the dataset it was learned as; the method of the paper introducing it is
    // that paper's own word.
    let learned = env.run(["entities", "--learned", "--json"]).json();
    assert_eq!(learned.as_array().unwrap().len(), 1, "{learned}");
    assert_eq!(
        (
            &learned[0]["kind"],
            &learned[0]["papers"],
            &learned[0]["evidence"]["kind_from"]
        ),
        (&"dataset".into(), &4.into(), &"used-as-data".into()),
        "{learned}"
    );
    let all = env.run(["entities", "--json"]).json();
    let as_method: Vec<&serde_json::Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["name"] == "ZorbaQuest" && entry["kind"] == "method")
        .collect();
    assert_eq!(as_method.len(), 1, "{all}");
    assert_eq!(as_method[0]["origin"], "paper", "{all}");
    let incremental = entities_by_title(&env);
    env.run(["reindex"]).ok();
    assert_eq!(entities_by_title(&env), incremental);
}

#[test]
fn a_name_no_longer_learned_leaves_the_papers_filed_with_it() {
    let env = TestEnv::new();
    let introduced = env.write("introduced.txt", page(&INTRODUCED_AS_A_METHOD));
    ingest_json(&env, &introduced);
    assert_eq!(kept_titles(&env, &["--method", "ZorbaQuest"]).len(), 2);
    // The paper that introduced it, revised without the name: nothing says what it is any more.
    let revised = env.write(
        "revised.txt",
        page(&[(
            "A Method for Widget Reasoning",
            "We propose a novel method for widget reasoning that outperforms baselines.",
        )]),
    );
    let again = ingest_json(&env, &revised);
    assert_eq!(
        (again["updated"].as_u64(), again["refiled"].as_u64()),
        (Some(1), Some(1)),
        "{again}"
    );
    assert!(kept_titles(&env, &["--method", "ZorbaQuest"]).is_empty());
    let incremental = entities_by_title(&env);
    env.run(["reindex"]).ok();
    assert_eq!(entities_by_title(&env), incremental);
}
