//! `papers mark`: a reader's decision on papers, kept through later ingests of the same papers.

use crate::util::*;

#[test]
fn decisions_survive_reingest_and_updates() {
    let env = TestEnv::with_fixture();
    env.run(["mark", "f9zw", "4tsh03ckgy", "--as", "starred"]).ok();
    env.run(["mark", "mrap", "--as", "skipped"]).ok();
    assert_eq!(
        sorted_ids(&listed(&env, &["--status", "starred"])),
        ["4tsh03ckgy", "f9zwrgn90s"]
    );

    env.run(["ingest".as_ref(), fixture_path().as_os_str()]).ok();
    let changed = env.write("later.txt", fixture_text().replace("Aug 20, 2024 2", "Aug 20, 2024 30"));
    env.run(["ingest".as_ref(), changed.as_os_str()]).ok();
    assert_eq!(
        sorted_ids(&listed(&env, &["--status", "starred"])),
        ["4tsh03ckgy", "f9zwrgn90s"]
    );
    assert_eq!(sorted_ids(&listed(&env, &["--status", "skipped"])), ["mrapdfhce2"]);
    assert_eq!(listed(&env, &["--status", "new"]).len(), FIXTURE_PAPERS - 3);
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
