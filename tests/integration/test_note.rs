//! `papers note`: a note on a paper, written in `$EDITOR` with `--edit`.

use std::os::unix::fs::PermissionsExt;

use crate::util::*;

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
