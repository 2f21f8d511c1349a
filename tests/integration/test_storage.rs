//! The file system saying no: a full disk, a read-only mount. Each failure is named in one line
//! with its cause and path, a failed ingest takes back what it wrote, and what can still work
//! (searching a read-only index, every command after a full disk) does.
//!
//! These tests mount a small tmpfs, which needs root; elsewhere they skip with a message.

#![cfg(target_os = "linux")]

use crate::util::*;

/// `copies` renamed copies of the fixture: 45 new papers each.
fn renamed_copies(prefix: &str, copies: usize) -> String {
    (0..copies)
        .map(|copy| {
            let mut text = fixture_text();
            for expected in expected() {
                text = text.replacen(&expected.title, &format!("{prefix}{copy} {}", expected.title), 1);
            }
            text
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Bytes used by the files in `dir`.
fn bytes_in(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter_map(|entry| entry.metadata().ok())
        .filter(|metadata| metadata.is_file())
        .map(|metadata| metadata.len())
        .sum()
}

#[test]
fn a_full_disk_is_named_and_the_failed_ingest_takes_back_what_it_wrote() {
    let env = TestEnv::new();
    let disk = match SmallDisk::mount(&env.path("disk"), "3m") {
        Ok(disk) => disk,
        Err(reason) => return skip("a_full_disk_is_named…", &reason),
    };
    let index = disk.dir.join("index");
    let run = |args: &[&std::ffi::OsStr]| {
        let mut command = env.bare_command();
        command.arg("--index").arg(&index).args(args);
        let output = command.output().unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (code, stderr) = run(&["ingest".as_ref(), fixture_path().as_os_str()]);
    assert_eq!(code, Some(0), "{stderr}");
    let before = bytes_in(&index);
    // About 10 MB of index for a 3 MB disk.
    let big = env.write("big.txt", renamed_copies("Big", 80));
    let (code, stderr) = run(&["ingest".as_ref(), big.as_os_str()]);
    assert_eq!(code, Some(1), "{stderr}");
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|line| !line.starts_with("papers: warning:"))
        .collect();
    assert_eq!(errors.len(), 1, "one line: {stderr}");
    assert!(
        stderr.contains("the disk is full; free some space and run the command again"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&index.display().to_string()),
        "names the index: {stderr}"
    );
    assert!(!stderr.contains("killed") && !stderr.contains("panicked"), "{stderr}");
    let after = bytes_in(&index);
    assert!(
        after <= before + 64 * 1024,
        "the failed ingest left {} bytes behind",
        after - before
    );
    // Everything works again: decisions, the profile, a small ingest, a clean bill of health.
    let exported = env
        .bare_command()
        .arg("--index")
        .arg(&index)
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    let records: serde_json::Value = serde_json::from_slice(&exported.stdout).unwrap();
    assert_eq!(
        records.as_array().unwrap().len(),
        FIXTURE_PAPERS,
        "the index holds what it held"
    );
    let id = records[0]["id"].as_str().unwrap();
    for args in [
        vec!["mark", id, "--as", "starred"],
        vec!["profile", "--add-query", "diffusion"],
    ] {
        let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
        let (code, stderr) = run(&args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
    }
    let small = env.write("small.txt", renamed_copies("Small", 1));
    let (code, stderr) = run(&["ingest".as_ref(), small.as_os_str()]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, stderr) = run(&["doctor".as_ref()]);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn a_read_only_index_is_searched_and_changes_name_the_cause() {
    let env = TestEnv::new();
    let disk = match SmallDisk::mount(&env.path("disk"), "20m") {
        Ok(disk) => disk,
        Err(reason) => return skip("a_read_only_index…", &reason),
    };
    let index = disk.dir.join("index");
    let papers = |args: &[&str]| {
        let output = env
            .bare_command()
            .arg("--index")
            .arg(&index)
            .args(args)
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let fixture = fixture_path();
    let (code, _, stderr) = papers(&["ingest", fixture.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    let (_, listed, _) = papers(&["export", "--format", "json"]);
    let records: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let id = records[0]["id"].as_str().unwrap().to_string();
    disk.make_read_only();
    for args in [
        vec!["search", "--json", "diffusion"],
        vec!["triage", "--json"],
        vec!["export", "--format", "jsonl"],
        vec!["show", "--json", id.as_str()],
        vec!["doctor"],
    ] {
        let (code, stdout, stderr) = papers(&args);
        assert_eq!(code, Some(0), "{args:?} works on a read-only index: {stderr}");
        assert!(!stdout.is_empty());
    }
    for args in [
        vec!["ingest", fixture.to_str().unwrap()],
        vec!["reindex"],
        vec!["mark", id.as_str(), "--as", "read"],
        vec!["profile", "--add-query", "diffusion"],
        vec!["tag", id.as_str(), "later"],
        vec!["note", id.as_str(), "a note"],
        vec!["digest"],
        vec!["undo"],
    ] {
        let (code, _, stderr) = papers(&args);
        assert_eq!(code, Some(1), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(
            stderr.contains("the file system is read-only; searching works, but changes need it mounted read-write"),
            "{args:?} names the cause and the remedy: {stderr}"
        );
        assert!(!stderr.contains("damaged"), "{args:?}: {stderr}");
    }
    // A note typed in the editor is not lost when it cannot be saved.
    let editor = env.write("editor.sh", "#!/bin/sh\necho 'typed before the failure' > \"$1\"\n");
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let output = env
        .bare_command()
        .env("EDITOR", &editor)
        .arg("--index")
        .arg(&index)
        .args(["note", id.as_str(), "--edit"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let kept = stderr
        .split("what you wrote is kept in ")
        .nth(1)
        .and_then(|rest| rest.split(": ").next())
        .unwrap_or_else(|| panic!("{stderr}"));
    assert_eq!(std::fs::read_to_string(kept).unwrap(), "typed before the failure\n");
    std::fs::remove_file(kept).unwrap();
}
