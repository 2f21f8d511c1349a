//! The reader's marks everywhere: `show` and search hits carry them, `search`/`export`/`list`/
//! `facets` filter by them, a replaced mark or note is said, `note --append/--edit`, `undo`
//! (also the inbox's `u` key), and one id rule for every command.

use std::os::unix::fs::PermissionsExt;

use serde_json::Value;

use crate::util::*;

fn sorted_ids(value: &Value) -> Vec<String> {
    let mut ids = ids_in(value);
    ids.sort();
    ids
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
    let json = env.run(["show", "f9zw", "--json"]).json();
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

#[test]
fn search_export_list_and_facets_filter_by_status_and_tag() {
    let env = TestEnv::with_fixture();
    env.run(["mark", "f9zw", "4tsh03ckgy", "--as", "starred"]).ok();
    env.run(["mark", "mrap", "--as", "read"]).ok();
    env.run(["tag", "4tsh", "mrap", "survey"]).ok();

    let starred = env
        .run(["search", "pretraining", "--status", "starred", "--json"])
        .json();
    assert_eq!(sorted_ids(&starred), ["4tsh03ckgy", "f9zwrgn90s"]);
    let tagged = env.run(["export", "--tag", "survey"]).json();
    assert_eq!(sorted_ids(&tagged), ["4tsh03ckgy", "mrapdfhce2"]);
    let both = env.run(["export", "--tag", "survey", "--status", "read"]).json();
    assert_eq!(sorted_ids(&both), ["mrapdfhce2"]);
    let undecided = env.run(["list", "--status", "new", "--json"]).json();
    assert_eq!(undecided.as_array().unwrap().len(), FIXTURE_PAPERS - 3);
    assert!(!sorted_ids(&undecided).contains(&"f9zwrgn90s".to_string()));
    let facets = env
        .run(["facets", "--status", "starred", "--field", "year", "--json"])
        .json();
    let total: u64 = facets
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["count"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 2);

    let none = env.run(["search", "pretraining", "--tag", "nothing-tagged-so"]);
    assert_eq!(none.ok(), "");
    assert!(none.stderr.contains("no papers match"), "{}", none.stderr);
    let listed = env.run(["list", "--tag", "nothing-tagged-so"]);
    assert_eq!(listed.ok(), "");
    assert!(listed.stderr.contains("no papers match"), "{}", listed.stderr);
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

#[test]
fn replaced_marks_and_notes_are_said_and_undo_reverts_them() {
    let env = TestEnv::with_fixture();
    env.run(["mark", "f9zw", "--as", "starred"]).ok();
    let read = env.run(["mark", "f9zw", "--as", "read"]);
    assert_eq!(
        read.stderr,
        "papers: warning: f9zwrgn90s was starred; now read; `papers undo` reverts\npapers: marked 1 paper as read\n"
    );
    env.run(["note", "f9zw", "first thought"]).ok();
    let replaced = env.run(["note", "f9zw", "second thought"]);
    assert!(
        replaced
            .stderr
            .contains("replaced the earlier note on f9zwrgn90s (\"first thought\")"),
        "{}",
        replaced.stderr
    );
    env.run(["note", "f9zw", "--append", "and a third"]).ok();
    assert_eq!(env.run(["note", "f9zw"]).ok(), "second thought\nand a third\n");

    let undo = env.run(["undo"]);
    assert!(
        undo.stderr.starts_with("papers: undid: changed the note on f9zwrgn90s"),
        "{}",
        undo.stderr
    );
    assert_eq!(env.run(["note", "f9zw"]).ok(), "second thought\n");
    env.run(["undo"]).ok();
    assert_eq!(env.run(["note", "f9zw"]).ok(), "first thought\n");
    env.run(["undo"]).ok();
    let status = |env: &TestEnv| env.run(["show", "f9zw", "--json"]).json()["status"].clone();
    assert_eq!(status(&env), "read");
    let undo = env.run(["undo"]);
    assert!(
        undo.stderr.starts_with("papers: undid: marked 1 paper as read"),
        "{}",
        undo.stderr
    );
    assert_eq!(status(&env), "starred");
    env.run(["undo"]).ok();
    assert_eq!(status(&env), "new", "the first mark is undone too");
    let nothing = env.run(["undo"]);
    assert!(nothing.stderr.contains("nothing to undo"), "{}", nothing.stderr);
}

#[test]
fn note_edit_opens_the_editor_on_the_note() {
    let env = TestEnv::with_fixture();
    env.run(["note", "f9zw", "draft"]).ok();
    let editor = env.write(
        "editor.sh",
        "#!/bin/sh\nprintf 'draft, revised\\nsecond line\\n' > \"$1\"\n",
    );
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let run = Run::from_output(
        env.command()
            .args(["note", "f9zw", "--edit"])
            .env("EDITOR", &editor)
            .output()
            .unwrap(),
    );
    run.ok();
    assert_eq!(env.run(["note", "f9zw"]).ok(), "draft, revised\nsecond line\n");
    let failing = Run::from_output(
        env.command()
            .args(["note", "f9zw", "--edit"])
            .env("EDITOR", "false")
            .output()
            .unwrap(),
    );
    failing.fails(1, "the note is unchanged");
    assert_eq!(env.run(["note", "f9zw"]).ok(), "draft, revised\nsecond line\n");
}

#[test]
fn one_id_rule_for_every_command() {
    let env = TestEnv::with_fixture();
    // Three characters name a paper in tag as in mark; the last argument is a tag.
    env.run(["tag", "f9z", "4ts", "rl"]).ok();
    env.run(["mark", "f9z", "--as", "later"]).ok();
    let tagged = env.run(["export", "--tag", "rl"]).json();
    assert_eq!(sorted_ids(&tagged), ["4tsh03ckgy", "f9zwrgn90s"]);
    // Shorter prefixes name nothing, even where only one id starts so.
    env.run(["show", "mr"]).fails(
        1,
        "too short to name a paper; give at least 3 characters (it would be mrapdfhce2)",
    );
    env.run(["tag", "f9z", "mr", "3d"]).ok();
    let tagged = env.run(["export", "--tag", "mr"]).json();
    assert_eq!(
        sorted_ids(&tagged),
        ["f9zwrgn90s"],
        "a short word after the ids is a tag"
    );
    env.run(["tag", "f9zwrgn90s"])
        .fails(2, "give the paper ids, then at least one tag");
    assert!(env
        .run(["tag", "--help"])
        .ok()
        .contains("Usage: papers tag <ID>... <TAG>..."));
}

#[test]
fn the_inbox_u_key_takes_back_the_last_decision() {
    let env = TestEnv::with_fixture();
    let first_two = ids_in(&env.run(["triage", "--json", "--limit", "2"]).json());
    // Star the first, undo (back to the first card), skip it, read the second.
    let run = env.run_with_stdin(["triage", "--interactive", "--limit", "2"], b"sukr");
    let text = run.ok();
    assert!(text.contains("undid: marked 1 paper as starred"), "{text}");
    assert_eq!(
        text.matches("[1/2]").count(),
        2,
        "the first card is shown again: {text}"
    );
    assert!(text.ends_with("2 decisions saved\n"), "{text}");
    let status = |id: &str| env.run(["show", id, "--json"]).json()["status"].clone();
    assert_eq!(status(&first_two[0]), "skipped");
    assert_eq!(status(&first_two[1]), "read");
}
