//! `papers ingest`: upserts, idempotence, counts, and refusing what it must not touch.

use serde_json::{json, Value};

use crate::util::*;

fn ingest_json(env: &TestEnv, path: &std::path::Path) -> Value {
    env.run(["ingest".as_ref(), "--json".as_ref(), path.as_os_str()]).json()
}

fn show(env: &TestEnv, id: &str) -> Value {
    let run = env.run(["show", id, "--json"]);
    serde_json::from_str(run.ok()).unwrap()
}

#[test]
fn first_ingest_adds_every_paper_and_reingest_adds_nothing() {
    let env = TestEnv::new();
    let first = ingest_json(&env, &fixture_path());
    assert_eq!(
        first,
        json!({"parsed": 45, "added": 45, "updated": 0, "unchanged": 0, "warnings": 0, "read_first": 0})
    );
    let again = ingest_json(&env, &fixture_path());
    assert_eq!(
        again,
        json!({"parsed": 45, "added": 0, "updated": 0, "unchanged": 45, "warnings": 0, "read_first": 0})
    );
    let exported = env.run(["export", "--format", "jsonl"]);
    assert_eq!(exported.ok().lines().count(), FIXTURE_PAPERS);
}

#[test]
fn changed_fields_update_the_stored_paper() {
    let env = TestEnv::with_fixture();
    let first_seen = |env: &TestEnv| {
        let listed = env.run(["list", "--json"]).json();
        let entry = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "f9zwrgn90s")
            .cloned()
            .unwrap();
        entry["first_seen"].as_str().unwrap().to_string()
    };
    let arrived = first_seen(&env);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let changed = fixture_text().replace("Aug 20, 2024 2", "Aug 20, 2024 17");
    let path = env.write("later.txt", changed);
    let counts = ingest_json(&env, &path);
    assert_eq!(
        counts,
        json!({"parsed": 45, "added": 0, "updated": 1, "unchanged": 44, "warnings": 0, "read_first": 0})
    );
    let shapesplat = show(&env, "f9zwrgn90s");
    assert_eq!(shapesplat["upvotes"], 17);
    assert_eq!(first_seen(&env), arrived, "an update keeps the arrival time");
    assert!(shapesplat["source"]["file"].as_str().unwrap().ends_with("later.txt"));
    let exported = env.run(["export", "--format", "jsonl"]);
    assert_eq!(
        exported.ok().lines().count(),
        FIXTURE_PAPERS,
        "an update replaces, never duplicates"
    );
}

#[test]
fn a_later_sighting_in_the_same_run_wins_even_when_it_matches_the_index() {
    // ShapeSplat has 2 upvotes in the index; the run sees 17, then 2 again: the last word is 2.
    let env = TestEnv::with_fixture();
    let changed = env.write(
        "changed.txt",
        fixture_text().replace("Aug 20, 2024 2", "Aug 20, 2024 17"),
    );
    let counts = env
        .run([
            "ingest".as_ref(),
            "--json".as_ref(),
            changed.as_os_str(),
            fixture_path().as_os_str(),
        ])
        .json();
    assert_eq!(
        counts,
        json!({"parsed": 90, "added": 0, "updated": 2, "unchanged": 88, "warnings": 0, "read_first": 0})
    );
    assert_eq!(show(&env, "f9zwrgn90s")["upvotes"], 2);
}

#[test]
fn a_sighting_without_metadata_keeps_the_known_metadata() {
    let env = TestEnv::with_fixture();
    let without = fixture_text().replacen("  \u{2022} 8 authors\n\u{b7}\nAug 20, 2024 2\n\n", "", 1);
    let path = env.write("no-meta.txt", without);
    let counts = ingest_json(&env, &path);
    assert_eq!(counts["unchanged"], 45);
    let shapesplat = show(&env, "f9zwrgn90s");
    assert_eq!(
        (shapesplat["authors"].as_u64(), shapesplat["date"].as_str()),
        (Some(8), Some("2024-08-20"))
    );
}

#[test]
fn repeats_within_one_run_count_once_as_added() {
    let env = TestEnv::new();
    let counts = env
        .run([
            "ingest".as_ref(),
            "--json".as_ref(),
            fixture_path().as_os_str(),
            fixture_path().as_os_str(),
        ])
        .json();
    assert_eq!(
        counts,
        json!({"parsed": 90, "added": 45, "updated": 0, "unchanged": 45, "warnings": 0, "read_first": 0})
    );
}

#[test]
fn human_summary_goes_to_stderr_only() {
    let env = TestEnv::new();
    let run = env.run(["ingest".as_ref(), fixture_path().as_os_str()]);
    assert_eq!(run.ok(), "");
    assert_eq!(
        run.stderr,
        "papers: ingested 45 papers from 1 file: 45 added (0 to read first), 0 updated, 0 unchanged, 0 warnings; the index holds 45 papers\n"
    );
}

#[test]
fn stdin_ingest_works() {
    let env = TestEnv::new();
    let run = env.run_with_stdin(["ingest", "--json", "-"], fixture_text().as_bytes());
    assert_eq!(run.json()["added"], 45);
}

#[test]
fn a_bad_input_aborts_the_whole_run_without_a_commit() {
    let env = TestEnv::new();
    let noise = env.write("noise.bin", [0u8, 159, 146, 150, 0, 1, 2, 3]);
    let run = env.run(["ingest".as_ref(), fixture_path().as_os_str(), noise.as_os_str()]);
    run.fails(1, "not a text dump");
    let search = env.run(["export"]);
    assert_eq!(search.ok(), "[]\n", "nothing from the first file was committed");
}

#[test]
fn a_foreign_directory_is_refused_and_left_alone() {
    let env = TestEnv::new();
    let foreign = env.path("foreign");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    let output = env
        .bare_command()
        .args([
            "--index".as_ref(),
            foreign.as_os_str(),
            "ingest".as_ref(),
            fixture_path().as_os_str(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is not a papers index"));
    let entries: Vec<_> = std::fs::read_dir(&foreign)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries, ["notes.txt"]);
}

#[test]
fn the_index_location_comes_from_the_environment_too() {
    let env = TestEnv::new();
    let elsewhere = env.path("from-env");
    let status = env
        .bare_command()
        .env("PAPERS_INDEX", &elsewhere)
        .args(["ingest".as_ref(), fixture_path().as_os_str()])
        .output()
        .unwrap()
        .status;
    assert!(status.success());
    assert!(elsewhere.join("papers-index.json").exists());
}
