//! Two writers: the second is told the index is busy (exit code 3) within a second, or waits with
//! `--wait`; readers see the last committed state meanwhile.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::util::*;

#[test]
fn a_second_writer_is_refused_quickly_or_waits() {
    let env = TestEnv::with_fixture();
    // An ingest reading stdin holds the writer lock until its input ends; it waits for the lock
    // itself in case one of the probes below holds it when it starts.
    let mut first = env
        .command()
        .args(["ingest", "--wait", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first_stdin = first.stdin.take().unwrap();
    first_stdin
        .write_all(b"new\n\nGet trending papers in your email inbox!\n\n")
        .unwrap();
    // Give it time to take the lock.
    let deadline = Instant::now() + Duration::from_secs(10);
    let refused = loop {
        let started = Instant::now();
        let run = env.run(["ingest".as_ref(), fixture_path().as_os_str()]);
        if run.code == Some(3) {
            break (run, started.elapsed());
        }
        assert!(
            Instant::now() < deadline,
            "the first ingest never took the lock: {run:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let (run, took) = refused;
    assert!(
        run.stderr.contains("index is busy: another papers process is writing"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--wait"));
    assert!(took < Duration::from_secs(1), "refused in {took:?}");

    // Readers are not blocked and see the committed papers.
    assert_eq!(index_size(&env), FIXTURE_PAPERS);

    // A waiting writer proceeds once the first one finishes.
    let second = env
        .command()
        .args([
            "ingest".as_ref(),
            "--wait".as_ref(),
            "--json".as_ref(),
            fixture_path().as_os_str(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(400));
    first_stdin.write_all(fixture_text().as_bytes()).unwrap();
    drop(first_stdin);
    assert!(first.wait().unwrap().success());
    let output = second.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stderr).contains("waiting for another papers process"));
    let counts: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(counts["unchanged"], 45);
}

#[test]
fn simultaneous_triage_changes_all_land() {
    let env = TestEnv::with_fixture();
    let id = id_of(&env, "Big Self-Supervised Models");
    // Twelve processes tag the same paper at once; each reads, changes and writes the state.
    let children: Vec<_> = (0..12)
        .map(|n| {
            env.command()
                .args(["tag", &id, &format!("tag{n:02}")])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    }
    let listed = env.run(["list", "--json", "--tag", "tag00"]).json();
    let tags: Vec<String> = listed[0]["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect();
    let expected: Vec<String> = (0..12).map(|n| format!("tag{n:02}")).collect();
    assert_eq!(tags, expected, "no tag is lost to a concurrent write");
}

#[test]
fn a_decision_made_during_an_ingest_survives_it() {
    let env = TestEnv::with_fixture();
    let id = id_of(&env, "Big Self-Supervised Models");
    // An ingest of new papers from stdin stays open while the researcher stars a paper.
    let mut ingest = env
        .command()
        .args(["ingest", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = ingest.stdin.take().unwrap();
    let renamed = fixture_text().replace("Big Self-Supervised Models", "Huge Self-Supervised Models");
    let half = renamed.len() / 2;
    stdin.write_all(&renamed.as_bytes()[..half]).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    env.run(["mark", &id, "--as", "starred"]).ok();
    stdin.write_all(&renamed.as_bytes()[half..]).unwrap();
    drop(stdin);
    let output = ingest.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let counts: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(counts["added"], 1, "the renamed paper is new");
    let starred = listed(&env, &["--status", "starred"]);
    assert_eq!(starred.len(), 1);
    assert_eq!(starred[0]["id"], id.as_str());
}

/// Starts `papers ingest --json -` and returns it once it holds the writer lock,
/// with its stdin still open (it keeps the lock until its input ends). It waits for the lock
/// itself, in case a probe below holds it when it starts.
fn ingest_holding_the_lock(env: &TestEnv) -> (std::process::Child, std::process::ChildStdin) {
    let mut first = env
        .command()
        .args(["ingest", "--wait", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = first.stdin.take().unwrap();
    // tantivy's writer lock is an OS file lock on this file: held when it cannot be taken.
    let lock_file = env.index_dir().join(".tantivy-writer.lock");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let held = std::fs::File::options()
            .write(true)
            .open(&lock_file)
            .is_ok_and(|file| matches!(file.try_lock(), Err(std::fs::TryLockError::WouldBlock)));
        if held {
            break;
        }
        assert!(Instant::now() < deadline, "the first ingest never took the lock");
        std::thread::sleep(Duration::from_millis(20));
    }
    (first, stdin)
}

/// Starts `papers ingest --wait --json FILE` and returns it once it says it is waiting for the lock.
fn ingest_waiting(env: &TestEnv, file: &Path) -> (std::process::Child, String) {
    let mut second = env
        .command()
        .args([
            "ingest".as_ref(),
            "--wait".as_ref(),
            "--json".as_ref(),
            file.as_os_str(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(second.stderr.take().unwrap());
    let mut first_line = String::new();
    stderr.read_line(&mut first_line).unwrap();
    assert!(
        first_line.contains("waiting for another papers process"),
        "{first_line}"
    );
    (second, first_line)
}

#[test]
fn a_writer_that_waited_compares_with_what_the_first_one_committed() {
    // Both ingest the fixture into an empty index; the second waits for the first. It must see
    // the first one's papers as already there, not add every one of them a second time.
    let env = TestEnv::new();
    let (first, mut first_stdin) = ingest_holding_the_lock(&env);
    let (second, _) = ingest_waiting(&env, &fixture_path());
    first_stdin.write_all(fixture_text().as_bytes()).unwrap();
    drop(first_stdin);
    let first = first.wait_with_output().unwrap();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let first_counts: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(first_counts["added"], 45);
    let second = second.wait_with_output().unwrap();
    assert!(second.status.success());
    let second_counts: serde_json::Value = serde_json::from_slice(&second.stdout).unwrap();
    assert_eq!(
        (second_counts["added"].as_u64(), second_counts["unchanged"].as_u64()),
        (Some(0), Some(45))
    );
    let ids = exported_ids(&env, None);
    assert_eq!(ids.len(), FIXTURE_PAPERS, "each paper is stored once");
    let doctor = env.run(["doctor", "--json"]).json();
    assert_eq!(doctor["healthy"], true, "{doctor}");
}

#[test]
fn a_text_ingest_that_waited_behind_an_api_ingest_keeps_what_the_api_gave() {
    let env = TestEnv::new();
    let (first, mut first_stdin) = ingest_holding_the_lock(&env);
    let (second, _) = ingest_waiting(&env, &fixture_path());
    let api = std::fs::read(fixtures_dir().join("renderings/api.json")).unwrap();
    first_stdin.write_all(&api).unwrap();
    drop(first_stdin);
    assert!(first.wait_with_output().unwrap().status.success());
    let second = second.wait_with_output().unwrap();
    assert!(second.status.success());
    let counts: serde_json::Value = serde_json::from_slice(&second.stdout).unwrap();
    assert_eq!(counts["added"], 42, "the three API papers are not added again");
    assert_eq!(exported_ids(&env, None).len(), FIXTURE_PAPERS);
    let exported = env.run(["export", "--format", "json"]).json();
    let records = exported.as_array().unwrap();
    let enriched = by_title(records, "On the Provable Advantage of Unsupervised Pretraining");
    assert_eq!(enriched["arxiv_id"], "2303.01566");
    assert_eq!(enriched["author_names"][0], "Jiawei Ge");
    let with_code = by_title(records, "ShapeSplat");
    assert_eq!(with_code["github"], "https://github.com/qimaqi/ShapeSplat-Gaussian_MAE");
}

#[test]
fn a_writer_that_waited_knows_the_files_the_first_one_wrote() {
    // Both update papers of the same segment, so each writes a delete file for it; the second,
    // opened before the first committed, must still know the first one's file to clear it away.
    let env = TestEnv::with_fixture();
    let first_update = env.write(
        "first.txt",
        fixture_text().replacen("We show that", "We show, first, that", 1),
    );
    let second_update = env.write(
        "second.txt",
        fixture_text().replacen("In this paper", "In this later paper", 1),
    );
    let (first, mut first_stdin) = ingest_holding_the_lock(&env);
    let (second, _) = ingest_waiting(&env, &second_update);
    first_stdin.write_all(&std::fs::read(&first_update).unwrap()).unwrap();
    drop(first_stdin);
    let first = first.wait_with_output().unwrap();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let second = second.wait_with_output().unwrap();
    assert!(second.status.success());
    let counts: serde_json::Value = serde_json::from_slice(&second.stdout).unwrap();
    assert_eq!(
        counts["updated"], 2,
        "the second saw the first one's update as a change back"
    );
    let doctor = env.run(["doctor", "--json"]).json();
    assert_eq!(doctor["healthy"], true, "nothing is left behind: {doctor}");
}
