//! `papers list`: the papers with their triage state (status, tags, note), filtered, as text or
//! JSON.

use crate::util::*;

#[test]
fn tags_notes_and_the_list_shape() {
    let env = TestEnv::with_fixture();
    env.run(["tag", "f9zw", "4tsh", "3d", "to-cite"]).ok();
    env.run(["untag", "4tsh", "3d"]).ok();
    env.run(["note", "f9zw", "check the pooling layer"]).ok();
    let tagged = listed(&env, &["--tag", "to-cite"]);
    assert_eq!(sorted_ids(&tagged), ["4tsh03ckgy", "f9zwrgn90s"]);
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
fn list_shows_fifty_by_default_and_says_when_there_are_more() {
    let env = TestEnv::with_fixture();
    let run = env.run(["list", "--limit", "3"]);
    assert_eq!(run.ok().lines().count(), 3);
    assert_eq!(
        run.stderr,
        "papers: showing the first 3; --limit N or --all shows more\n"
    );
    let all = env.run(["list", "--all"]);
    assert_eq!(all.ok().lines().count(), FIXTURE_PAPERS);
    assert_eq!(all.stderr, "");
    assert!(env.run(["list", "--help"]).ok().contains("[default: 50]"));
}
