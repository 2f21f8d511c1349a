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
         comments,github,stars,arxiv_id,author_names\r\n"
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
fn a_closed_pipe_ends_quietly() {
    let env = TestEnv::with_fixture();
    // Enough output that the writer is still busy when the reader goes away.
    for _ in 0..3 {
        let path = env.write("again.txt", fixture_text().replace("Pretraining", "Pre-training"));
        env.run(["ingest".as_ref(), path.as_os_str()]).ok();
    }
    let mut child = env
        .command()
        .args(["export", "--format", "jsonl"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with('{'));
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8(output.stderr).unwrap(), "");
}
