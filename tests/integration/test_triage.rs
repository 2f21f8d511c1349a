//! Triage state: `mark`, `tag`, `untag`, `note` and `list`, and that decisions survive re-ingest.

use serde_json::Value;

use crate::util::*;

fn listed(env: &TestEnv, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["list", "--json"];
    all.extend_from_slice(args);
    env.run(all).json().as_array().unwrap().clone()
}

fn ids(records: &[Value]) -> Vec<String> {
    let mut ids: Vec<String> = records.iter().map(|r| r["id"].as_str().unwrap().to_string()).collect();
    ids.sort();
    ids
}

#[test]
fn decisions_survive_reingest_and_updates() {
    let env = TestEnv::with_fixture();
    env.run(["mark", "f9zw", "4tsh03ckgy", "--as", "starred"]).ok();
    env.run(["mark", "mrap", "--as", "skipped"]).ok();
    assert_eq!(
        ids(&listed(&env, &["--status", "starred"])),
        ["4tsh03ckgy", "f9zwrgn90s"]
    );

    env.run(["ingest".as_ref(), fixture_path().as_os_str()]).ok();
    let changed = env.write("later.txt", fixture_text().replace("Aug 20, 2024 2", "Aug 20, 2024 30"));
    env.run(["ingest".as_ref(), changed.as_os_str()]).ok();
    assert_eq!(
        ids(&listed(&env, &["--status", "starred"])),
        ["4tsh03ckgy", "f9zwrgn90s"]
    );
    assert_eq!(ids(&listed(&env, &["--status", "skipped"])), ["mrapdfhce2"]);
    assert_eq!(listed(&env, &["--status", "new"]).len(), FIXTURE_PAPERS - 3);
}

#[test]
fn tags_notes_and_the_list_shape() {
    let env = TestEnv::with_fixture();
    env.run(["tag", "f9zw", "4tsh", "3d", "to-cite"]).ok();
    env.run(["untag", "4tsh", "3d"]).ok();
    env.run(["note", "f9zw", "check the pooling layer"]).ok();
    let tagged = listed(&env, &["--tag", "to-cite"]);
    assert_eq!(ids(&tagged), ["4tsh03ckgy", "f9zwrgn90s"]);
    let shapesplat = tagged.iter().find(|r| r["id"] == "f9zwrgn90s").unwrap();
    assert_eq!(shapesplat["tags"], serde_json::json!(["3d", "to-cite"]));
    assert_eq!(shapesplat["note"], "check the pooling layer");
    assert_eq!(shapesplat["status"], "new");
    assert!(
        shapesplat["first_seen"].as_str().unwrap().ends_with('Z'),
        "first_seen is an RFC 3339 UTC time"
    );
    assert_eq!(
        shapesplat["title"],
        "ShapeSplat: A Large-scale Dataset of Gaussian Splats and Their Self-Supervised Pretraining"
    );
    env.run(["note", "f9zw", ""]).ok();
    let cleared = listed(&env, &["--tag", "3d"]);
    assert!(cleared[0]["note"].is_null());
}

#[test]
fn bad_ids_change_nothing_and_missing_tags_are_usage_errors() {
    let env = TestEnv::with_fixture();
    env.run(["mark", "f9zw", "zzzzzzzzzz", "--as", "read"])
        .fails(1, "no paper with id 'zzzzzzzzzz'");
    assert!(
        listed(&env, &["--status", "read"]).is_empty(),
        "the valid id was not marked either"
    );
    env.run(["tag", "f9zwrgn90s", "4tsh03ckgy"])
        .fails(2, "give at least one tag");
    env.run(["mark", "f9zw", "--as", "finished"])
        .fails(2, "invalid value 'finished'");
}

#[test]
fn human_list_shows_status_id_date_title_tags_and_note() {
    let env = TestEnv::with_fixture();
    env.run(["mark", "f9zw", "--as", "later"]).ok();
    env.run(["tag", "f9zw", "3d"]).ok();
    env.run(["note", "f9zw", "weekend"]).ok();
    let text = env.run(["list", "--status", "later"]).ok().to_string();
    assert_eq!(
        text,
        "later    f9zwrgn90s 2024-08-20 ShapeSplat: A Large-scale Dataset of Gaussian Splats and Their Self-Supervised Pretraining  [3d]\n         weekend\n"
    );
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
