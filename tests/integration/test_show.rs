//! `papers show`: a record by id or unambiguous prefix, with the reader's marks (which search hits
//! carry too).

use serde_json::Value;

use crate::util::*;

#[test]
fn full_id_and_prefix_show_the_same_record() {
    let env = TestEnv::with_fixture();
    let full = shown(&env, "f9zwrgn90s");
    let prefix = shown(&env, "F9ZW");
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

#[test]
fn show_and_search_hits_carry_the_marks() {
    let env = TestEnv::with_fixture();
    env.run(["mark", "f9zw", "--as", "starred"]).ok();
    env.run(["tag", "f9zw", "3d", "thesis"]).ok();
    env.run(["note", "f9zw", "compare with 3DGS"]).ok();
    let text = env.run(["show", "f9zw"]).ok().to_string();
    let today = time::OffsetDateTime::now_utc().date();
    assert!(
        text.contains(&format!(
            "source   {}:21\nstatus   starred (since {today})\ntags     3d, thesis\nnote     compare with 3DGS\n\n",
            fixture_path().display()
        )),
        "{text}"
    );
    let json = shown(&env, "f9zw");
    assert_eq!(json["status"], "starred");
    assert_eq!(json["tags"], serde_json::json!(["3d", "thesis"]));
    assert_eq!(json["note"], "compare with 3DGS");

    let hits = env.run(["search", "Gaussian splats", "-n", "2"]).ok().to_string();
    let first = hits.lines().next().unwrap();
    assert_eq!(
        first,
        " 1. ★ ShapeSplat: A Large-scale Dataset of Gaussian Splats and Their Self-Supervised Pretraining"
    );
    let second = hits.lines().find(|l| l.starts_with(" 2. ")).unwrap();
    assert!(!second.contains('★') && !second.contains('✓'), "{second}");
    let json = env.run(["search", "Gaussian splats", "-n", "2", "--json"]).json();
    assert_eq!(json[0]["status"], "starred");
    assert_eq!(json[1]["status"], "new");
}
