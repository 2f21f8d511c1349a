//! Index versioning and damage: an index from another version is refused with a clear message and
//! `papers reindex` rebuilds it from its stored records, keeping triage state and files papers did
//! not create; a damaged index gives a one-line error, never a panic.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::util::*;

fn set_marker_schema(index: &Path, version: u32) {
    std::fs::write(
        index.join("papers-index.json"),
        format!("{{\"format\": \"papers\", \"schema_version\": {version}}}\n"),
    )
    .unwrap();
}

#[test]
fn an_index_from_an_older_version_is_refused_then_rebuilt_keeping_triage_state() {
    let env = TestEnv::with_fixture();
    let before = exported_records(&env, &[]);
    let id = by_title(&before, "Big Self-Supervised Models")["id"]
        .as_str()
        .unwrap()
        .to_string();
    env.run(["mark", &id, "--as", "starred"]).ok();
    env.run(["tag", &id, "ssl"]).ok();
    let index = env.index_dir();
    std::fs::write(index.join("my-notes.txt"), "mine").unwrap();
    let old_segments: BTreeSet<String> = file_names(&index)
        .into_iter()
        .filter(|name| name.ends_with(".store"))
        .collect();
    set_marker_schema(&index, 3);

    env.run(["search", "pretraining"]).fails(
        1,
        "was built by an older version of papers (schema 3, this version reads 11); run `papers reindex`",
    );
    let run = env.run(["reindex"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stderr.trim_end(),
        "papers: reindexed 45 papers (schema 3 → 11); learned 14 names; triage state and profile kept"
    );
    assert_eq!(
        exported_records(&env, &[]),
        before,
        "the same records, in the same order"
    );
    let starred = env.run(["list", "--json", "--status", "starred"]).json();
    assert_eq!(starred[0]["id"], id.as_str());
    assert_eq!(starred[0]["tags"], serde_json::json!(["ssl"]));
    // Old segments are gone, the user's file is not, and nothing is left from the rebuild.
    let after = file_names(&index);
    assert!(old_segments.iter().all(|name| !after.contains(name)), "{after:?}");
    assert!(after.contains("my-notes.txt"));
    assert!(!after.contains(".papers-reindex"));
    // A rebuilt index is an ordinary one: ingest and search work.
    let counts = env.run(["ingest", "--json", fixture_path().to_str().unwrap()]).json();
    assert_eq!(counts["unchanged"], 45);
    assert_eq!(
        env.run(["search", "--json", "pretraining"])
            .json()
            .as_array()
            .unwrap()
            .len(),
        10
    );
}

#[test]
fn an_index_with_another_schema_is_rebuilt_from_its_stored_records() {
    use tantivy::schema::{Schema, STORED, STRING, TEXT};
    let env = TestEnv::new();
    let (records, _) = env.parse(&fixture_path(), &[]);
    // An index as an early version might have made it: a few fields, no extracted columns,
    // records without topics.
    let index_dir = env.index_dir();
    std::fs::create_dir(&index_dir).unwrap();
    set_marker_schema(&index_dir, 1);
    let mut builder = Schema::builder();
    let id = builder.add_text_field("id", STRING | STORED);
    let title = builder.add_text_field("title", TEXT);
    let record = builder.add_text_field("record", STORED);
    let index = tantivy::Index::create_in_dir(&index_dir, builder.build()).unwrap();
    let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
    for paper in &records {
        let mut old = paper.clone();
        old.as_object_mut().unwrap().remove("topics");
        let mut document = tantivy::TantivyDocument::default();
        document.add_text(id, paper["id"].as_str().unwrap());
        document.add_text(title, paper["title"].as_str().unwrap());
        document.add_text(record, old.to_string());
        writer.add_document(document).unwrap();
    }
    writer.commit().unwrap();
    drop(writer);
    // Versions before schema 5 kept arrival times in the triage state.
    let shapesplat = "f9zwrgn90s";
    std::fs::write(
        index_dir.join("triage.json"),
        format!(
            "{{\"version\": 1, \"papers\": {{\"{shapesplat}\": {{\"status\": \"new\", \"first_seen\": \"2025-01-02T03:04:05Z\"}}}}}}"
        ),
    )
    .unwrap();

    env.run(["export"]).fails(1, "schema 1, this version reads 11");
    let run = env.run(["reindex"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr.contains("reindexed 45 papers (schema 1 → 11)"),
        "{}",
        run.stderr
    );
    // Extraction ran again: the records are exactly what parsing the fixture gives today.
    let mut rebuilt = exported_records(&env, &[]);
    let mut expected_records = records;
    let by_id = |a: &Value, b: &Value| a["id"].as_str().cmp(&b["id"].as_str());
    rebuilt.sort_by(by_id);
    expected_records.sort_by(by_id);
    assert_eq!(rebuilt, expected_records);
    let facets = env.run(["facets", "--field", "topics", "--json"]).json();
    assert!(!facets.as_array().unwrap().is_empty(), "topic columns were rebuilt");
    // The arrival time moved into the index, and out of the triage state.
    let entries = listed(&env, &[]);
    let entry = entries.iter().find(|r| r["id"] == shapesplat).unwrap();
    assert_eq!(entry["first_seen"], "2025-01-02T03:04:05Z");
    assert!(entries
        .iter()
        .all(|r| r["first_seen"].as_str().is_some_and(|t| t.ends_with('Z'))));
    let state = std::fs::read_to_string(index_dir.join("triage.json")).unwrap();
    assert!(!state.contains("first_seen"), "{state}");
}

#[test]
fn a_damaged_index_gives_one_clear_line() {
    let env = TestEnv::with_fixture();
    let index = env.index_dir();
    let store = file_names(&index)
        .into_iter()
        .find(|name| name.ends_with(".store"))
        .unwrap();
    let bytes = std::fs::read(index.join(&store)).unwrap();
    std::fs::write(index.join(&store), &bytes[..bytes.len() / 2]).unwrap();
    for args in [&["search", "pretraining"][..], &["export"], &["reindex"], &["triage"]] {
        let run = env.run(args);
        assert_eq!(run.code, Some(1), "{args:?}: {run:?}");
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.starts_with(&format!(
                "papers: the index at {} is damaged ({store} cannot be read",
                index.display()
            )),
            "{args:?}: {}",
            run.stderr
        );
    }
    std::fs::write(index.join("meta.json"), "{not json").unwrap();
    let run = env.run(["search", "pretraining"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("is damaged"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"));
}

#[test]
fn a_damaged_marker_or_foreign_directory_is_never_written_to() {
    let env = TestEnv::new();
    let index = env.index_dir();
    std::fs::create_dir(&index).unwrap();
    std::fs::write(index.join("thesis.tex"), "mine").unwrap();
    env.run(["ingest".as_ref(), fixture_path().as_os_str()])
        .fails(1, "is not a papers index and not empty");
    env.run(["reindex"]).fails(1, "is not a papers index");
    assert_eq!(file_names(&index), BTreeSet::from(["thesis.tex".to_string()]));
    std::fs::write(index.join("papers-index.json"), "garbage").unwrap();
    env.run(["search", "x"]).fails(1, "papers-index.json is damaged");
    env.run(["reindex"]).fails(1, "papers-index.json is damaged");
}
