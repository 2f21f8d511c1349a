//! A small std-only harness: run the real `papers` binary against a temporary index, with the
//! environment variables it reads cleared, and read back what it printed.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

pub const FIXTURE: &str = "daily-papers-2025-12-09.txt";
pub const FIXTURE_PAPERS: usize = 45;

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

pub fn fixture_path() -> PathBuf {
    fixtures_dir().join(FIXTURE)
}

pub fn fixture_text() -> String {
    std::fs::read_to_string(fixture_path()).expect("the fixture is readable UTF-8")
}

/// One paper as the expected-values table lists it (taken by hand from the fixture).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub line: u64,
    pub title: String,
    pub authors: Option<u64>,
    pub date: Option<String>,
    pub upvotes: Option<u64>,
}

pub fn expected() -> Vec<Expected> {
    let text = std::fs::read_to_string(fixtures_dir().join("daily-papers-2025-12-09.expected.tsv")).unwrap();
    text.lines()
        .skip(1)
        .map(|row| {
            let cells: Vec<&str> = row.split('\t').collect();
            let optional = |cell: &str| (cell != "null").then(|| cell.to_string());
            Expected {
                line: cells[0].parse().unwrap(),
                title: cells[1].to_string(),
                authors: optional(cells[2]).map(|n| n.parse().unwrap()),
                date: optional(cells[3]),
                upvotes: optional(cells[4]).map(|n| n.parse().unwrap()),
            }
        })
        .collect()
}

/// What a finished run printed.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn from_output(output: Output) -> Run {
        Run::from(output)
    }

    fn from(output: Output) -> Run {
        Run {
            code: output.status.code(),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }

    /// Asserts success and returns stdout.
    #[track_caller]
    pub fn ok(&self) -> &str {
        assert_eq!(self.code, Some(0), "expected success; stderr: {}", self.stderr);
        &self.stdout
    }

    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(self.ok()).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }

    /// Asserts success and returns stdout read as a JSON array: the records, hits or entries a
    /// `--json` command printed, in its order.
    #[track_caller]
    pub fn json_array(&self) -> Vec<Value> {
        match self.json() {
            Value::Array(items) => items,
            other => panic!("stdout is not a JSON array: {other}"),
        }
    }

    /// Asserts success and returns every line of stdout read as JSON (JSON Lines, and the other
    /// one-document-a-line formats).
    #[track_caller]
    pub fn json_lines(&self) -> Vec<Value> {
        self.ok()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("a line is not JSON ({e}): {line}")))
            .collect()
    }

    /// Asserts failure with `code` and a single-line message on stderr containing `needle`.
    #[track_caller]
    pub fn fails(&self, code: i32, needle: &str) {
        assert_eq!(self.code, Some(code), "stdout: {} stderr: {}", self.stdout, self.stderr);
        assert!(self.stderr.contains(needle), "stderr lacks {needle:?}: {}", self.stderr);
        assert!(
            self.stderr.starts_with("papers: ") || self.stderr.starts_with("error: "),
            "{}",
            self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
    }
}

/// A temporary directory with an index location and room for input files.
pub struct TestEnv {
    dir: tempfile::TempDir,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn index_dir(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes an input file and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// The binary with a clean environment and this env's index.
    pub fn command(&self) -> Command {
        let mut command = self.bare_command();
        command.arg("--index").arg(self.index_dir());
        command
    }

    /// The binary with a clean environment and no `--index` flag.
    pub fn bare_command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_papers"));
        command
            .env_remove("PAPERS_INDEX")
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("HF_ENDPOINT")
            .env_remove("HF_TOKEN")
            .env_remove("BROWSER")
            .env_remove("EDITOR")
            .env_remove("VISUAL")
            .env_remove("COLUMNS")
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .stdin(Stdio::null());
        command
    }

    pub fn run<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        Run::from(self.command().args(args).output().unwrap())
    }

    /// Runs with `input` on stdin.
    pub fn run_with_stdin<I, S>(&self, args: I, input: &[u8]) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut child = self
            .command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        Run::from(child.wait_with_output().unwrap())
    }

    /// An env whose index holds the fixture.
    pub fn with_fixture() -> TestEnv {
        let env = TestEnv::new();
        env.run(["ingest".as_ref(), fixture_path().as_os_str()]).ok();
        env
    }

    /// Records of a dump as `papers parse` prints them (JSON Lines).
    pub fn parse(&self, path: &Path, extra: &[&str]) -> (Vec<Value>, String) {
        let mut args: Vec<std::ffi::OsString> = vec!["parse".into(), "--format".into(), "jsonl".into()];
        args.extend(extra.iter().map(Into::into));
        args.push(path.into());
        let run = self.run(args);
        (run.json_lines(), run.stderr)
    }
}

/// The counts `papers ingest --json PATH` prints; the ingest must succeed.
pub fn ingest_json(env: &TestEnv, path: &Path) -> Value {
    env.run(["ingest".as_ref(), "--json".as_ref(), path.as_os_str()]).json()
}

/// The `id` of every record, in their order.
pub fn ids_in(records: &[Value]) -> Vec<String> {
    records
        .iter()
        .map(|record| record["id"].as_str().expect("an id").to_string())
        .collect()
}

/// The `id` of every record, sorted.
pub fn sorted_ids(records: &[Value]) -> Vec<String> {
    let mut ids = ids_in(records);
    ids.sort();
    ids
}

/// The records `papers export --format jsonl ARGS` prints, in its order; the export must succeed.
pub fn exported_records(env: &TestEnv, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["export", "--format", "jsonl"];
    all.extend_from_slice(args);
    env.run(all).json_lines()
}

/// The sorted ids `papers export` prints for `query` (every paper without one); the export must
/// succeed.
pub fn exported_ids(env: &TestEnv, query: Option<&str>) -> Vec<String> {
    sorted_ids(&exported_records(env, query.as_slice()))
}

/// How many papers the index holds (as many as `papers export` prints).
pub fn index_size(env: &TestEnv) -> usize {
    exported_ids(env, None).len()
}

/// The id of the paper whose title starts with `prefix`.
#[track_caller]
pub fn id_of(env: &TestEnv, prefix: &str) -> String {
    let records = exported_records(env, &[]);
    by_title(&records, prefix)["id"].as_str().unwrap().to_string()
}

/// The record `papers show ID --json` prints.
pub fn shown(env: &TestEnv, id: &str) -> Value {
    env.run(["show", id, "--json"]).json()
}

/// The papers `papers list --json ARGS` prints, with their triage state.
pub fn listed(env: &TestEnv, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["list", "--json"];
    all.extend_from_slice(args);
    env.run(all).json_array()
}

/// The whole inbox as `papers triage --json ARGS` prints it (up to 1,000 entries), best first.
pub fn triage(env: &TestEnv, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["triage", "--json", "--limit", "1000"];
    all.extend_from_slice(args);
    env.run(all).json_array()
}

/// The (value, count) pairs `papers facets --json ARGS` prints (up to 1,000), in its order.
pub fn facet_json(env: &TestEnv, args: &[&str]) -> Vec<(String, u64)> {
    let mut all = vec!["facets", "--json", "--limit", "1000"];
    all.extend_from_slice(args);
    env.run(all)
        .json_array()
        .iter()
        .map(|c| (c["value"].as_str().unwrap().to_string(), c["count"].as_u64().unwrap()))
        .collect()
}

/// The short titles (up to the first colon) of the papers `papers export FILTER` keeps, sorted.
pub fn kept_titles(env: &TestEnv, filter: &[&str]) -> Vec<String> {
    let mut titles: Vec<String> = exported_records(env, filter)
        .iter()
        .map(|record| {
            let title = record["title"].as_str().unwrap();
            title.split(':').next().unwrap().to_string()
        })
        .collect();
    titles.sort();
    titles
}

/// The names of the files (and directories) in `dir`.
pub fn file_names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect()
}

/// Titles of a list of records or hits.
pub fn titles(records: &[Value]) -> Vec<String> {
    records
        .iter()
        .map(|r| r["title"].as_str().unwrap().to_string())
        .collect()
}

/// The record with this title prefix.
#[track_caller]
pub fn by_title<'a>(records: &'a [Value], prefix: &str) -> &'a Value {
    records
        .iter()
        .find(|r| r["title"].as_str().unwrap().starts_with(prefix))
        .unwrap_or_else(|| panic!("no record titled {prefix}…"))
}

/// Greedy hard-wrapping of every line, as `fmt` and Python's textwrap do (words never split);
/// every line break of `text` is kept, a final one too.
///
/// The same function as `dump::test_support::wrap_greedy`, which the parser's unit and property
/// tests use: that module exists only in the library's own test build (`#[cfg(test)]`), which
/// an integration test cannot link, hence this copy. Keep the two identical.
pub fn wrap_greedy(text: &str, width: usize) -> String {
    let mut out = Vec::new();
    for line in text.split('\n') {
        let mut current = String::new();
        for word in line.split_whitespace() {
            if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
                out.push(std::mem::take(&mut current));
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        out.push(current);
    }
    out.join("\n")
}

/// `fold -w width`: cut every line at exactly `width` characters, inside words too.
pub fn fold_hard(text: &str, width: usize) -> String {
    text.lines()
        .map(|line| {
            let chars: Vec<char> = line.chars().collect();
            if chars.is_empty() {
                return String::new();
            }
            chars
                .chunks(width)
                .map(|chunk| chunk.iter().collect::<String>())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text without its blank lines.
pub fn strip_blank_lines(text: &str) -> String {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Waits for `child` to exit, sampling its peak resident memory (VmHWM) meanwhile; returns its
/// exit status and that peak in MiB.
#[cfg(target_os = "linux")]
pub fn wait_measuring_memory(mut child: std::process::Child) -> (std::process::ExitStatus, u64) {
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        let high_water = std::fs::read_to_string(&status_path).ok().and_then(|status| {
            let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        });
        peak_kib = peak_kib.max(high_water.unwrap_or(0));
        std::thread::sleep(std::time::Duration::from_millis(1));
    };
    assert!(peak_kib > 0, "the process was never sampled");
    (status, peak_kib >> 10)
}

/// A small tmpfs mounted for one test (a full disk, a read-only file system), unmounted when
/// dropped. Mounting needs root; [`SmallDisk::mount`] says why it could not, so the test can skip.
pub struct SmallDisk {
    pub dir: PathBuf,
}

impl SmallDisk {
    pub fn mount(dir: &Path, size: &str) -> Result<SmallDisk, String> {
        std::fs::create_dir_all(dir).unwrap();
        let output = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .output()
            .map_err(|error| format!("cannot run mount: {error}"))?;
        if !output.status.success() {
            return Err(format!(
                "mounting a tmpfs needs root: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
        Ok(SmallDisk { dir: dir.to_path_buf() })
    }

    /// Remounts the file system read-only.
    pub fn make_read_only(&self) {
        let status = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.dir)
            .status()
            .unwrap();
        assert!(status.success(), "remounting read-only");
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
    }
}

/// Prints why a test that needs a privilege is skipped (visible with `--nocapture`).
pub fn skip(test: &str, reason: &str) {
    eprintln!("skipping {test}: {reason}");
}
