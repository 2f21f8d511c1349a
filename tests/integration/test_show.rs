//! `papers show`: a record by id or unambiguous prefix.

use serde_json::Value;

use crate::util::*;

#[test]
fn full_id_and_prefix_show_the_same_record() {
    let env = TestEnv::with_fixture();
    let full: Value = serde_json::from_str(env.run(["show", "f9zwrgn90s", "--json"]).ok()).unwrap();
    let prefix: Value = serde_json::from_str(env.run(["show", "F9ZW", "--json"]).ok()).unwrap();
    assert_eq!(full, prefix);
    assert_eq!(
        full["title"],
        "ShapeSplat: A Large-scale Dataset of Gaussian Splats and Their Self-Supervised Pretraining"
    );
    // The record exactly as parse prints it, then the reader's marks.
    let mut record = full.clone();
    let record_fields = record.as_object_mut().unwrap();
    assert_eq!(record_fields.remove("status").unwrap(), "new");
    assert_eq!(record_fields.remove("tags").unwrap(), serde_json::json!([]));
    assert_eq!(record_fields.remove("note").unwrap(), Value::Null);
    let (parsed, _) = env.parse(&fixture_path(), &[]);
    assert_eq!(&record, by_title(&parsed, "ShapeSplat"));
}

#[test]
fn human_output_lists_the_metadata_and_abstract() {
    let env = TestEnv::with_fixture();
    let text = env.run(["show", "f9zwrgn90s"]).ok().to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "ShapeSplat: A Large-scale Dataset of Gaussian Splats and Their Self-Supervised Pretraining"
    );
    assert_eq!(lines[1], "id       f9zwrgn90s");
    assert_eq!(lines[2], "date     2024-08-20");
    assert_eq!(lines[3], "upvotes  2");
    assert_eq!(lines[4], "authors  8");
    assert!(lines.last().unwrap().starts_with("3D Gaussian Splatting (3DGS)"));
    assert!(!text.contains('\x1b'), "no colour when stdout is not a terminal");
}

#[test]
fn an_ambiguous_prefix_lists_the_candidates() {
    let env = TestEnv::with_fixture();
    let run = env.run(["show", "9"]);
    run.fails(
        1,
        "id prefix '9' matches several papers (98rvkh65yz, 9a35jcay6v, 9dhqq9v0ks, 9m25q2dnj4)",
    );
}

#[test]
fn an_unknown_id_is_an_error() {
    let env = TestEnv::with_fixture();
    env.run(["show", "zzzzzzzzzz"])
        .fails(1, "no paper with id 'zzzzzzzzzz'");
    env.run(["show", "contrastive learning"])
        .fails(1, "'contrastive learning' is not a paper id");
}

#[test]
fn show_without_an_index_says_how_to_make_one() {
    let env = TestEnv::new();
    env.run(["show", "f9zwrgn90s"])
        .fails(1, "run `papers ingest FILE` first");
}
