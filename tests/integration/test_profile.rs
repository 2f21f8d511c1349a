//! `papers profile`: the reader's saved interests and exclusions, shown, changed and used by the
//! inbox; written only into a papers index.

use serde_json::Value;

use crate::util::*;

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
fn profile_and_state_import_write_only_into_papers_indexes() {
    let env = TestEnv::new();
    let foreign = env.path("photos");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("holiday.jpg"), b"not ours").unwrap();
    let exported = env.write(
        "state.json",
        "{\"version\": 1, \"papers\": {\"abc\": {\"status\": \"read\"}}}",
    );
    for args in [
        vec!["profile".as_ref(), "--add-query".as_ref(), "diffusion".as_ref()],
        vec!["state".as_ref(), "import".as_ref(), exported.as_os_str()],
    ] {
        let mut command = env.bare_command();
        let output = command.arg("--index").arg(&foreign).args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains("is not a papers index (it has no papers-index.json)"),
            "{stderr}"
        );
        let names: Vec<_> = std::fs::read_dir(&foreign)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["holiday.jpg"], "nothing was written into {foreign:?}");
    }
    // A new directory becomes an index: the profile is kept, and a later ingest fills it.
    env.run(["profile", "--add-query", "diffusion"]).ok();
    assert!(env.index_dir().join("papers-index.json").exists());
    env.run(["ingest".as_ref(), fixture_path().as_os_str()]).ok();
    let profile = env.run(["profile", "--json"]).json();
    assert_eq!(profile["queries"]["diffusion"], 1.0);
}
