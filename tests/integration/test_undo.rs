//! `papers undo`: takes back the last change to the triage state (a mark, a note), one at a time;
//! a change that replaces an earlier one says so.

use crate::util::*;

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
    let status = |env: &TestEnv| shown(env, "f9zw")["status"].clone();
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
