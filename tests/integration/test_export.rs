//! `papers export`: every record in JSON, JSON Lines and CSV, filtered, and pipe-friendly.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use serde_json::Value;

use crate::util::*;

#[test]
fn json_export_holds_every_record_as_parse_printed_it() {
    let env = TestEnv::with_fixture();
    let exported: Vec<Value> = serde_json::from_str(env.run(["export"]).ok()).unwrap();
    let (parsed, _) = env.parse(&fixture_path(), &[]);
    assert_eq!(exported.len(), FIXTURE_PAPERS);
    let mut exported_sorted = exported.clone();
    let mut parsed_sorted = parsed.clone();
    let by_id = |a: &Value, b: &Value| a["id"].as_str().cmp(&b["id"].as_str());
    exported_sorted.sort_by(by_id);
    parsed_sorted.sort_by(by_id);
    assert_eq!(exported_sorted, parsed_sorted);
    assert_eq!(
        exported[0]["title"].as_str().unwrap(),
        by_title(&parsed, "AttentionInfluence")["title"],
        "newest first"
    );
}

#[test]
fn jsonl_and_csv_shapes() {
    let env = TestEnv::with_fixture();
    let jsonl = env.run(["export", "--format", "jsonl"]);
    let lines: Vec<Value> = jsonl.ok().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), FIXTURE_PAPERS);

    let csv_text = env.run(["export", "--format", "csv"]).ok().to_string();
    assert!(csv_text.starts_with(
        "id,title,abstract,authors,date,upvotes,links,topics,methods,datasets,introduces,code,source_file,source_line,\
         comments,github,stars,arxiv_id,author_names,summary,keywords,organization,project_page\r\n"
    ));
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), FIXTURE_PAPERS);
    let beclr = rows.iter().find(|row| row[1].starts_with("BECLR")).unwrap();
    assert_eq!(&beclr[6], "https://github.com/stypoumic/BECLR");
    assert_eq!((&beclr[3], &beclr[4], &beclr[5]), ("2", "2024-02-04", "0"));
}

#[test]
fn a_query_and_filters_narrow_the_export() {
    let env = TestEnv::with_fixture();
    let run = env.run(["export", "ECG", "--format", "jsonl"]);
    let lines: Vec<&str> = run.ok().lines().collect();
    assert_eq!(lines.len(), 1);
    let limited = env.run(["export", "--limit", "4", "--format", "jsonl"]);
    assert_eq!(limited.ok().lines().count(), 4);
}

#[test]
fn a_closed_pipe_ends_quietly_in_every_format() {
    let env = TestEnv::with_fixture();
    // Enough output that the writer is still busy when the reader goes away.
    for _ in 0..3 {
        let path = env.write("again.txt", fixture_text().replace("Pretraining", "Pre-training"));
        env.run(["ingest".as_ref(), path.as_os_str()]).ok();
    }
    let big = env.write("big.txt", fixture_text().repeat(20));
    let formats = ["json", "jsonl", "csv", "ndjson", "bulk", "bibtex", "ris", "csl-json"];
    let mut commands: Vec<Vec<std::ffi::OsString>> = formats
        .iter()
        .map(|format| vec!["export".into(), "--format".into(), (*format).into()])
        .collect();
    for format in ["json", "jsonl", "csv"] {
        commands.push(vec![
            "parse".into(),
            "--format".into(),
            format.into(),
            big.clone().into(),
        ]);
    }
    commands.push(vec!["cite".into(), "--status".into(), "starred".into()]);
    env.run(
        ["mark", "--as", "starred"]
            .iter()
            .map(|s| s.to_string())
            .chain(exported_ids(&env, None)),
    )
    .ok();
    for args in commands {
        // `papers … | head -1`
        let mut child = env
            .command()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(!first.is_empty(), "{args:?}");
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("pipe"), "{args:?}: {stderr}");
    }
}

/// The API sample with hostile text in a title and an abstract: a clipboard-writing OSC 52
/// sequence, BEL, backspace, a carriage return, a C1 CSI (U+009B) and bidi overrides/isolates.
fn hostile_api_input(env: &TestEnv) -> (std::path::PathBuf, String) {
    let mut entries: Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures_dir().join("renderings/api.json")).unwrap()).unwrap();
    let title = "Hostile \u{1b}]52;c;cm0gLXJmIH4=\u{7} title\u{8}\u{8} with \u{9b}31mC1\u{202e}gnp.exe \u{2066}iso\u{2069}\u{7f}";
    entries[0]["title"] = Value::String(title.to_string());
    entries[0]["paper"]["title"] = Value::String(title.to_string());
    entries[0]["paper"]["summary"] = Value::String("An abstract \u{9b}2J that \u{202d}moves\u{202c} text.".to_string());
    (
        env.write("hostile.json", serde_json::to_vec(&entries).unwrap()),
        title.to_string(),
    )
}

/// True for a character a terminal may act on: C0 and C1 controls, DEL, bidi formatting.
fn acts_on_a_terminal(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[test]
fn machine_output_never_carries_terminal_controls_and_json_keeps_the_text() {
    let env = TestEnv::new();
    let (input, title) = hostile_api_input(&env);
    env.run(["ingest".as_ref(), input.as_os_str()]).ok();
    let records = env.run(["export", "--format", "json"]).json();
    let record = by_title(records.as_array().unwrap(), "Hostile");
    assert_eq!(
        record["title"],
        title.as_str(),
        "JSON reads back as exactly the scraped text"
    );
    let id = record["id"].as_str().unwrap().to_string();
    for args in [
        vec!["export", "--format", "json"],
        vec!["export", "--format", "jsonl"],
        vec!["export", "--format", "ndjson"],
        vec!["export", "--format", "bulk"],
        vec!["export", "--format", "csv"],
        vec!["search", "--json", "hostile"],
        vec!["show", "--json", &id],
        vec!["list", "--json"],
        vec!["triage", "--json"],
        vec!["digest"],
        vec!["digest", "--format", "json"],
        vec!["similar", "--json", &id],
        vec!["parse", "--format", "json", input.to_str().unwrap()],
        vec!["parse", "--format", "csv", input.to_str().unwrap()],
    ] {
        let run = env.run(&args);
        let output = run.ok();
        // Line ends are the only controls: `\n`, and CSV's `\r\n` record terminator.
        let bare = output.replace("\r\n", "\n");
        let raw: Vec<char> = bare.chars().filter(|c| *c != '\n' && acts_on_a_terminal(*c)).collect();
        assert!(raw.is_empty(), "{args:?} printed {raw:?} raw:\n{output}");
        if args.contains(&"csv") {
            assert!(
                output.contains("Hostile \u{fffd}]52;c;cm0gLXJmIH4=\u{fffd} title"),
                "{output}"
            );
        }
    }
    env.run(["tag", &id, "x\u{9b}y"]).ok();
    let state = env.run(["state", "export"]).ok().to_string();
    assert!(state.contains("x\\u009by"), "{state}");
}

#[test]
fn repositories_and_links_must_be_web_addresses() {
    let env = TestEnv::new();
    let mut entries: Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures_dir().join("renderings/api.json")).unwrap()).unwrap();
    entries[0]["paper"]["githubRepo"] = Value::String("javascript:alert(1)".into());
    entries[1]["paper"]["githubRepo"] = Value::String("data:text/html,<script>alert(1)</script>".into());
    entries[2]["paper"]["githubRepo"] = Value::String("https://example.org/a>b <script>".into());
    entries[2]["paper"]["summary"] =
        Value::String("Code at https://github.com/ok/repo\u{1b}[31m and https://b.org/x\u{202e}gpj.exe, more.".into());
    let mut bidi = entries[0].clone();
    bidi["title"] = Value::String("A Bidi Repository".into());
    bidi["paper"]["title"] = bidi["title"].clone();
    bidi["paper"]["id"] = Value::String("2401.99999".into());
    bidi["paper"]["githubRepo"] = Value::String("https://github.com/a/b\u{202e}cod".into());
    entries.as_array_mut().unwrap().push(bidi);
    let input = env.write("links.json", serde_json::to_vec(&entries).unwrap());
    let ingest = env.run(["ingest".as_ref(), input.as_os_str()]);
    ingest.ok();
    for (entry, shown) in [
        (1, "\"javascript:alert(1)\""),
        (2, "\"data:text/html,<script>alert(1)</scrip"),
        (3, "\"https://example.org/a>b <script>\""),
        (4, "\"https://github.com/a/b\u{fffd}cod\""),
    ] {
        assert!(
            ingest
                .stderr
                .contains(&format!("links.json:{entry}: entry {entry}: githubRepo {shown}")),
            "{}",
            ingest.stderr
        );
    }
    assert!(ingest.stderr.contains("is not a web address; left out"));
    let records = env.run(["export", "--format", "json"]).json();
    for record in records.as_array().unwrap() {
        assert_eq!(record["github"], Value::Null, "{record}");
        for link in record["code"]
            .as_array()
            .unwrap()
            .iter()
            .chain(record["links"].as_array().unwrap())
        {
            assert!(link.as_str().unwrap().starts_with("http"), "{link}");
        }
    }
    let digest = env.run(["digest"]).ok().to_string();
    assert!(
        !digest.contains("javascript:") && !digest.contains("<script") && !digest.contains("data:"),
        "{digest}"
    );
}

#[test]
fn limits_beyond_the_index_size_are_caps_not_allocations() {
    let env = TestEnv::with_fixture();
    let huge = u64::MAX.to_string();
    let exported = env.run(["export", "--format", "jsonl", "--limit", &huge]);
    assert_eq!(exported.ok().lines().count(), FIXTURE_PAPERS);
    let top = env.run(["top", "--json", "-n", &huge]).json();
    let top_hundred = env.run(["top", "--json", "-n", "100"]).json();
    assert_eq!(top, top_hundred, "every recent paper either way");
    let list = env.run(["list", "--json", "-n", &huge]).json();
    assert_eq!(list.as_array().unwrap().len(), FIXTURE_PAPERS);
    let first = env.run(["export", "--format", "json"]).json()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let similar = env.run(["similar", "--json", "-n", "10000", &first]).json();
    assert_eq!(similar, env.run(["similar", "--json", "-n", "100", &first]).json());
}
