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
