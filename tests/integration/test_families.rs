//! Versions kept, families as parents: `--method`/`--dataset` and the family facets over the
//! sixty corpus papers of `fixtures/eval/corpus-dev.txt`, where models and benchmarks are named
//! with their versions and sizes ("Llama 3.2", "Llama3-8B", "ScreenSpot-v2", "AIME25").

use crate::util::*;

fn corpus_env() -> TestEnv {
    let env = TestEnv::new();
    let dump = fixtures_dir().join("eval/corpus-dev.txt");
    env.run(["ingest".as_ref(), dump.as_os_str()]).ok();
    env
}

#[test]
fn records_keep_versions_as_written_in_one_spelling() {
    let env = TestEnv::new();
    let (records, _) = env.parse(&fixtures_dir().join("eval/corpus-dev.txt"), &[]);
    let methods = |prefix: &str| by_title(&records, prefix)["methods"].clone();
    let datasets = |prefix: &str| by_title(&records, prefix)["datasets"].clone();
    // "Llama3-8B" and "Llama3-70B": two checkpoints of one version, in one spelling.
    let instruction = methods("Instruction Pre-Training");
    let instruction = instruction.as_array().unwrap();
    assert!(instruction.contains(&"Llama 3 8B".into()), "{instruction:?}");
    assert!(instruction.contains(&"Llama 3 70B".into()), "{instruction:?}");
    assert!(!instruction.contains(&"Llama 3".into()), "{instruction:?}");
    assert!(methods("PRISM").as_array().unwrap().contains(&"gpt-oss-20B".into()));
    assert!(methods("CLIMB").as_array().unwrap().contains(&"Llama 3.2 1B".into()));
    assert!(methods("AutoWorldModel-Bench")
        .as_array()
        .unwrap()
        .contains(&"Claude Opus 4.6".into()));
    assert_eq!(
        datasets("UI-AGILE"),
        serde_json::json!(["ScreenSpot-Pro", "ScreenSpot-v2"])
    );
    let prism = datasets("PRISM");
    assert!(prism.as_array().unwrap().contains(&"AIME25".into()), "{prism}");
    assert!(prism.as_array().unwrap().contains(&"GPQA Diamond".into()), "{prism}");
}

#[test]
fn a_family_finds_every_version_and_a_version_only_itself() {
    let env = corpus_env();
    assert_eq!(
        kept_titles(&env, &["--method", "llama"]),
        ["Atlas-Chat", "CLIMB", "Instruction Pre-Training", "LASP-2"]
    );
    assert_eq!(
        kept_titles(&env, &["--method", "LLaMA-3"]),
        ["Instruction Pre-Training", "LASP-2"]
    );
    assert_eq!(kept_titles(&env, &["--method", "llama 3.2"]), ["CLIMB"]);
    // A checkpoint finds itself only; its version finds every size.
    assert_eq!(
        kept_titles(&env, &["--method", "llama3-70b"]),
        ["Instruction Pre-Training"]
    );
    assert!(kept_titles(&env, &["--method", "Llama 3 405B"]).is_empty());
    assert_eq!(kept_titles(&env, &["--method", "gpt-oss"]), ["PRISM"]);
    assert_eq!(kept_titles(&env, &["--dataset", "screenspot"]), ["UI-AGILE"]);
    assert_eq!(kept_titles(&env, &["--dataset", "ScreenSpot-v2"]), ["UI-AGILE"]);
    assert_eq!(kept_titles(&env, &["--dataset", "aime"]), ["PRISM"]);
    assert!(kept_titles(&env, &["--method", "llama 4"]).is_empty());
}

#[test]
fn family_facets_count_papers_once_per_family() {
    let env = corpus_env();
    let counts = |field: &str| facet_json(&env, &["--field", field]);
    let families = counts("method-families");
    let count = |name: &str| families.iter().find(|(v, _)| v == name).map(|(_, c)| *c);
    assert_eq!(count("Llama"), Some(4));
    // "Gemini 2.5 Pro" and "Gemini 3 Pro" in one paper, "Gemini 1.5 Pro" in another.
    assert_eq!(count("Gemini"), Some(2));
    assert_eq!(count("Llama 3"), None);
    let methods = counts("methods");
    assert!(methods.iter().any(|(v, c)| v == "Llama 3" && *c == 1), "{methods:?}");
    assert!(methods.iter().any(|(v, c)| v == "Llama 3 8B" && *c == 1), "{methods:?}");
    let benchmarks = counts("dataset-families");
    assert!(
        benchmarks.iter().any(|(v, c)| v == "ScreenSpot" && *c == 1),
        "{benchmarks:?}"
    );
}
