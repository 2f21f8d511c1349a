//! Crash safety: an ingest killed at any moment (SIGKILL) or stopped with Ctrl-C (SIGINT) leaves
//! the index exactly as the last completed ingest left it, and the next ingest works normally.

#![cfg(unix)]

use std::io::Write;
use std::process::{Child, Stdio};
use std::time::Duration;

use crate::util::*;

/// The fixture with every title prefixed, so all its papers are new to an index of the fixture.
fn renamed_fixture(prefix: &str) -> String {
    let mut text = fixture_text();
    for expected in expected() {
        text = text.replacen(&expected.title, &format!("{prefix} {}", expected.title), 1);
    }
    text
}

/// `copies` renamed copies of the fixture in one dump: 45 new papers per copy.
fn big_dump(round: usize, copies: usize) -> String {
    (0..copies)
        .map(|copy| renamed_fixture(&format!("R{round}C{copy}")))
        .collect()
}

fn ingest_from_stdin(env: &TestEnv) -> Child {
    env.command()
        .args(["ingest", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn a_killed_ingest_leaves_the_last_completed_state() {
    let env = TestEnv::with_fixture();
    let mut committed = exported_ids(&env, None);
    assert_eq!(committed.len(), FIXTURE_PAPERS);
    let mut completed_rounds = 0;
    // Kill while the dump is still arriving, and at increasing delays after it has all arrived
    // (during indexing, during the commit, or after the ingest finished).
    for (round, delay_ms) in [None, Some(0), Some(20), Some(60), Some(150), Some(400), Some(1000)]
        .into_iter()
        .enumerate()
    {
        let dump = big_dump(round, 8);
        let mut child = ingest_from_stdin(&env);
        let mut stdin = child.stdin.take().unwrap();
        match delay_ms {
            None => {
                stdin.write_all(&dump.as_bytes()[..dump.len() / 2]).unwrap();
                std::thread::sleep(Duration::from_millis(300));
            }
            Some(delay) => {
                stdin.write_all(dump.as_bytes()).unwrap();
                drop(stdin);
                std::thread::sleep(Duration::from_millis(delay));
            }
        }
        child.kill().unwrap(); // SIGKILL, or nothing when it has already exited
        child.wait().unwrap();
        // Either the kill came before the commit and nothing changed, or the commit was complete.
        let now = exported_ids(&env, None);
        if now != committed {
            assert_eq!(
                now.len(),
                committed.len() + 8 * FIXTURE_PAPERS,
                "round {round}: {delay_ms:?} ms"
            );
            assert!(
                committed.iter().all(|id| now.binary_search(id).is_ok()),
                "round {round}"
            );
            completed_rounds += 1;
            committed = now;
        }
        // Searching works on whatever state the kill left.
        env.run(["search", "--json", "pretraining"]).ok();
    }
    assert!(completed_rounds < 7, "the first rounds are killed before their commit");
    // The next ingest completes normally and sees only the new papers as added.
    let run = env.run_with_stdin(["ingest", "--json", "-"], big_dump(99, 1).as_bytes());
    let counts = run.json();
    assert_eq!(counts["added"], FIXTURE_PAPERS, "{}", run.stderr);
    assert_eq!(exported_ids(&env, None).len(), committed.len() + FIXTURE_PAPERS);
}

#[test]
fn ctrl_c_stops_an_ingest_cleanly_with_a_message() {
    let env = TestEnv::with_fixture();
    let before = exported_ids(&env, None);
    let dump = big_dump(0, 2);
    let mut child = ingest_from_stdin(&env);
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(&dump.as_bytes()[..dump.len() / 2]).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let signalled = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(signalled.success());
    // The stdin pipe stays open: the ingest must stop without waiting for the rest of its input.
    let output = child.wait_with_output().unwrap();
    drop(stdin);
    assert_eq!(output.status.code(), Some(130));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.trim_end(),
        "papers: interrupted; nothing from this ingest was saved; the index holds what it held before"
    );
    assert_eq!(exported_ids(&env, None), before);
    // The writer lock was released: the next ingest runs at once.
    let counts = env.run_with_stdin(["ingest", "--json", "-"], dump.as_bytes()).json();
    assert_eq!(counts["added"], 2 * FIXTURE_PAPERS);
}

fn copy_files(from: &std::path::Path, to: &std::path::Path, names: &std::collections::BTreeSet<String>) {
    std::fs::create_dir_all(to).unwrap();
    for name in names {
        std::fs::copy(from.join(name), to.join(name)).unwrap();
    }
}

#[test]
fn a_commit_killed_before_its_segment_list_was_written_does_not_block_the_next_ingest() {
    // The state a kill between writing a commit's files and renaming its meta.json leaves: the
    // files of the new segments and the `.del` file of the old one exist and tantivy lists them
    // as its own, but meta.json still names the old segments. It is rebuilt exactly here: the same
    // update run to completion on a copy of the index gives those files, byte for byte.
    let env = TestEnv::with_fixture();
    let index = env.index_dir();
    let copy = env.path("completed");
    copy_files(&index, &copy, &file_names(&index));
    let changed = fixture_text()
        .replacen("We show that", "We show, as a revision, that", 1)
        .replacen("In this paper", "In this revised paper", 1);
    let update = env.write("update.txt", changed);
    let completed = env
        .bare_command()
        .arg("--index")
        .arg(&copy)
        .args(["ingest".as_ref(), update.as_os_str()])
        .output()
        .unwrap();
    assert!(completed.status.success());
    let before = file_names(&index);
    let written: std::collections::BTreeSet<String> = file_names(&copy).difference(&before).cloned().collect();
    let delete_files: Vec<&String> = written.iter().filter(|name| name.ends_with(".del")).collect();
    assert!(
        !delete_files.is_empty(),
        "the update deletes replaced papers: {written:?}"
    );
    copy_files(&copy, &index, &written);
    let managed_path = index.join(".managed.json");
    let mut managed: Vec<String> = serde_json::from_str(&std::fs::read_to_string(&managed_path).unwrap()).unwrap();
    managed.extend(written.iter().cloned());
    std::fs::write(&managed_path, serde_json::to_string(&managed).unwrap()).unwrap();
    assert_eq!(
        exported_ids(&env, None).len(),
        FIXTURE_PAPERS,
        "the old state is what searches see"
    );

    // The same ingest again: it needs the very `.del` names the killed one left.
    let run = env.run(["ingest".as_ref(), "--json".as_ref(), update.as_os_str()]);
    let counts = run.json();
    assert_eq!(counts["updated"], 2, "{}", run.stderr);
    let exported = env.run(["export", "--format", "json"]).json();
    let expected = env
        .bare_command()
        .arg("--index")
        .arg(&copy)
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    let expected: serde_json::Value = serde_json::from_slice(&expected.stdout).unwrap();
    let without_source = |records: &serde_json::Value| -> Vec<String> {
        let mut titles_and_abstracts: Vec<String> = records
            .as_array()
            .unwrap()
            .iter()
            .map(|r| format!("{}|{}", r["title"], r["abstract"]))
            .collect();
        titles_and_abstracts.sort();
        titles_and_abstracts
    };
    assert_eq!(without_source(&exported), without_source(&expected));
    let doctor = env.run(["doctor", "--json"]).json();
    assert_eq!(doctor["healthy"], true, "no leftovers: {doctor}");
}
