//! Real captures other people's tools saved (`fixtures/captures/`, with their licences): each
//! gives exactly its papers, with every field the capture shows, and nothing else.

use serde_json::Value;

use crate::util::*;

fn capture(path: &str) -> std::path::PathBuf {
    fixtures_dir().join("captures").join(path)
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_api_json_other_tools_saved_reads_exactly() {
    let env = TestEnv::new();
    for file in [
        "api-json/llm-paper-radar-2026-05-08.json",
        "api-json/hf-daily-paper-newsletter-chinese-2026-04-07.json",
    ] {
        let path = capture(file);
        let entries: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let (records, stderr) = env.parse(&path, &[]);
        assert_eq!(stderr, "", "{file}");
        assert_eq!(records.len(), entries.len(), "{file}");
        for (entry, record) in entries.iter().zip(&records) {
            let paper = &entry["paper"];
            assert_eq!(record["title"], one_line(paper["title"].as_str().unwrap()).as_str());
            assert_eq!(
                record["abstract"],
                one_line(paper["summary"].as_str().unwrap()).as_str()
            );
            assert_eq!(record["arxiv_id"], paper["id"]);
            assert_eq!(record["upvotes"], paper["upvotes"]);
            assert_eq!(record["comments"], entry["numComments"]);
            assert_eq!(
                record["authors"].as_u64(),
                Some(paper["authors"].as_array().unwrap().len() as u64)
            );
            let names: Vec<&str> = paper["authors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|author| author["name"].as_str().unwrap())
                .collect();
            assert_eq!(record["author_names"], serde_json::json!(names));
            assert_eq!(record["date"], &paper["publishedAt"].as_str().unwrap()[..10]);
            assert_eq!(record["summary"], paper["ai_summary"]);
            assert_eq!(record["stars"], paper["githubStars"]);
            let repository = paper["githubRepo"]
                .as_str()
                .map(|url| url.trim_end_matches('/').trim_end_matches(".git"));
            assert_eq!(record["github"].as_str(), repository, "{file}: {}", record["title"]);
        }
    }
}

#[test]
fn daily_markdown_tables_read_exactly() {
    let env = TestEnv::new();
    for day in ["2024-10-10", "2025-03-17", "2025-10-30"] {
        let path = capture(&format!("markdown-table/daily-ai-papers-{day}.md"));
        let gold: Vec<Value> =
            serde_json::from_str(&std::fs::read_to_string(path.with_extension("md.gold.json")).unwrap()).unwrap();
        let (records, stderr) = env.parse(&path, &[]);
        assert_eq!(stderr, "", "{day}");
        let got: Vec<(String, String, Value)> = records
            .iter()
            .map(|r| {
                (
                    r["title"].as_str().unwrap().to_string(),
                    r["arxiv_id"].as_str().unwrap().to_string(),
                    r["author_names"].clone(),
                )
            })
            .collect();
        let want: Vec<(String, String, Value)> = gold
            .iter()
            .map(|g| {
                (
                    one_line(g["title"].as_str().unwrap()),
                    g["arxiv_id"].as_str().unwrap().to_string(),
                    g["author_names"].clone(),
                )
            })
            .collect();
        assert_eq!(got, want, "{day}");
        for record in &records {
            assert_eq!(record["abstract"], "", "a summary is not the abstract");
            assert!(!record["summary"].as_str().unwrap().is_empty());
            assert_eq!(record["authors"], Value::Null, "the names shown are not all of them");
        }
    }
}

#[test]
fn newsletter_yaml_reads_exactly() {
    let env = TestEnv::new();
    /// One newsletter file and what its record must say.
    struct Newsletter {
        file: &'static str,
        title: &'static str,
        arxiv_id: &'static str,
        author: &'static str,
        date: &'static str,
    }
    let expected = [
        Newsletter { file: "2024-06-14-depth-anything-v2", title: "Depth Anything V2", arxiv_id: "2406.09414", author: "Lihe Yang", date: "2024-06-14" },
        Newsletter { file: "2024-06-14-helpsteer2", title: "HelpSteer2: Open-source dataset for training top-performing reward models", arxiv_id: "2406.08673", author: "Zhilin Wang", date: "2024-06-14" },
        Newsletter { file: "2024-06-14-openvla", title: "OpenVLA: An Open-Source Vision-Language-Action Model", arxiv_id: "2406.09246", author: "Moo Jin Kim", date: "2024-06-14" },
        Newsletter { file: "2025-12-26-monadic-context-engineering", title: "Monadic Context Engineering", arxiv_id: "2512.22431", author: "Yifan Zhang", date: "2025-12-26" },
        Newsletter { file: "2025-12-26-trglue-sentiturca", title: "Introducing TrGLUE and SentiTurca: A Comprehensive Benchmark for Turkish General Language Understanding and Sentiment Analysis", arxiv_id: "2512.22100", author: "Duygu Altinok", date: "2025-12-26" },
    ];
    for Newsletter {
        file,
        title,
        arxiv_id,
        author,
        date,
    } in expected
    {
        let path = capture(&format!("newsletter-yaml/{file}.yaml"));
        let source: serde_yaml_ng::Value = serde_yaml_ng::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let (records, stderr) = env.parse(&path, &[]);
        assert_eq!(stderr, "", "{file}");
        assert_eq!(records.len(), 1, "{file}");
        let record = &records[0];
        assert_eq!(
            (
                record["title"].as_str(),
                record["arxiv_id"].as_str(),
                record["date"].as_str()
            ),
            (Some(title), Some(arxiv_id), Some(date))
        );
        assert_eq!(record["author_names"], serde_json::json!([author]));
        assert_eq!(record["authors"], Value::Null, "the first author named is not a count");
        assert_eq!(record["abstract"], "");
        assert_eq!(
            record["summary"].as_str(),
            source["summary"].as_str().map(one_line).as_deref()
        );
    }
}
