//! Every rendering of the page, and the daily-papers API's JSON: the same papers recovered from
//! each, exactly, with what only some renderings show (comments, stars, arXiv ids, repositories).
//!
//! The samples in `fixtures/renderings/` hold papers of the bundled fixture in each layout, so
//! their titles, abstracts and links must equal the fixture's records word for word.

use std::path::PathBuf;

use serde_json::Value;

use crate::util::*;

fn rendering(name: &str) -> PathBuf {
    fixtures_dir().join("renderings").join(name)
}

/// The fixture's record with this id.
fn fixture_record(id: &str) -> Value {
    let env = TestEnv::new();
    let (records, _) = env.parse(&fixture_path(), &[]);
    records
        .into_iter()
        .find(|r| r["id"] == id)
        .expect("the id is in the fixture")
}

const PROVABLE: &str = "kq2zsafzj8";
const SHAPESPLAT: &str = "f9zwrgn90s";
const ARCHITECTURE: &str = "19q5gxm1es";
const ARCHITECTURE_CODE: &str = "https://github.com/bigscience-workshop/architecture-objective";

/// What one record of a sample must hold besides the fixture's title, abstract and links; a field
/// left out of a table (`..Want::default()`) is one the record must not have.
#[derive(Debug, Clone, Copy, Default)]
struct Want {
    id: &'static str,
    /// The line of the sample the record starts on.
    line: u64,
    authors: Option<u64>,
    date: Option<&'static str>,
    upvotes: u64,
    comments: Option<u64>,
    stars: Option<u64>,
    github: Option<&'static str>,
    arxiv_id: Option<&'static str>,
}

#[track_caller]
fn assert_records(name: &str, want: &[Want]) {
    let env = TestEnv::new();
    let (records, stderr) = env.parse(&rendering(name), &[]);
    assert_eq!(stderr, "", "{name} parses without warnings");
    assert_eq!(records.len(), want.len(), "{name}: {:?}", titles(&records));
    for (record, want) in records.iter().zip(want) {
        let Want {
            id,
            line,
            authors,
            date,
            upvotes,
            comments,
            stars,
            github,
            arxiv_id,
        } = *want;
        let fixture = fixture_record(id);
        assert_eq!(record["id"], id, "{name}");
        assert_eq!(record["title"], fixture["title"], "{name} {id}");
        assert_eq!(record["abstract"], fixture["abstract"], "{name} {id}");
        assert_eq!(record["links"], fixture["links"], "{name} {id}");
        assert_eq!(record["source"]["line"], line, "{name} {id}");
        assert_eq!(record["authors"].as_u64(), authors, "{name} {id}");
        assert_eq!(record["date"].as_str(), date, "{name} {id}");
        assert_eq!(record["upvotes"].as_u64(), Some(upvotes), "{name} {id}");
        assert_eq!(record["comments"].as_u64(), comments, "{name} {id} comments");
        assert_eq!(record["stars"].as_u64(), stars, "{name} {id} stars");
        assert_eq!(record["github"].as_str(), github, "{name} {id} github");
        assert_eq!(record["arxiv_id"].as_str(), arxiv_id, "{name} {id} arxiv_id");
    }
}

#[test]
fn plain_text_with_link_targets_on_their_own_lines() {
    assert_records(
        "link-targets.txt",
        &[
            Want {
                id: PROVABLE,
                line: 26,
                authors: Some(4),
                date: Some("2023-03-02"),
                upvotes: 0,
                arxiv_id: Some("2303.01566"),
                ..Want::default()
            },
            Want {
                id: SHAPESPLAT,
                line: 37,
                authors: Some(8),
                date: Some("2024-08-20"),
                upvotes: 2,
                comments: Some(3),
                arxiv_id: Some("2408.10906"),
                ..Want::default()
            },
            Want {
                id: ARCHITECTURE,
                line: 50,
                authors: Some(8),
                date: Some("2022-04-12"),
                upvotes: 17,
                arxiv_id: Some("2204.05832"),
                ..Want::default()
            },
        ],
    );
}

#[test]
fn text_browser_dump_with_reference_links_and_wrapped_titles() {
    // The third card shows an organisation instead of an author count; arXiv ids come from the
    // reference list at the end.
    assert_records(
        "text-browser.txt",
        &[
            Want {
                id: PROVABLE,
                line: 18,
                authors: Some(4),
                date: Some("2023-03-02"),
                upvotes: 0,
                arxiv_id: Some("2303.01566"),
                ..Want::default()
            },
            Want {
                id: SHAPESPLAT,
                line: 45,
                authors: Some(8),
                date: Some("2024-08-20"),
                upvotes: 2,
                comments: Some(3),
                arxiv_id: Some("2408.10906"),
                ..Want::default()
            },
            Want {
                id: ARCHITECTURE,
                line: 70,
                date: Some("2022-04-12"),
                upvotes: 17,
                arxiv_id: Some("2204.05832"),
                ..Want::default()
            },
        ],
    );
}

#[test]
fn markdown_from_a_web_clipper() {
    assert_records(
        "markdown.md",
        &[
            Want {
                id: PROVABLE,
                line: 25,
                authors: Some(4),
                date: Some("2023-03-02"),
                upvotes: 0,
                arxiv_id: Some("2303.01566"),
                ..Want::default()
            },
            Want {
                id: SHAPESPLAT,
                line: 39,
                authors: Some(8),
                date: Some("2024-08-20"),
                upvotes: 2,
                comments: Some(3),
                arxiv_id: Some("2408.10906"),
                ..Want::default()
            },
            Want {
                id: ARCHITECTURE,
                line: 53,
                authors: Some(8),
                date: Some("2022-04-12"),
                upvotes: 17,
                arxiv_id: Some("2204.05832"),
                ..Want::default()
            },
        ],
    );
}

#[test]
fn a_rule_at_the_top_is_not_taken_for_front_matter() {
    let env = TestEnv::new();
    let markdown = format!("---\n{}", std::fs::read_to_string(rendering("markdown.md")).unwrap());
    let (records, stderr) = env.parse(&env.write("rule.md", markdown), &[]);
    assert_eq!(stderr, "");
    assert_eq!(titles(&records).len(), 3);
    assert_eq!(records[1]["comments"], 3);
}

#[test]
fn trending_page_capture_with_repeated_cards() {
    // Every card is shown twice; stars are written 3.29k; one card has no date; upvotes of
    // 1.2k after an `Upvote` label are upvotes, not stars.
    assert_records(
        "trending.txt",
        &[
            Want {
                id: ARCHITECTURE,
                line: 20,
                authors: Some(8),
                date: Some("2022-04-12"),
                upvotes: 163,
                stars: Some(3290),
                ..Want::default()
            },
            Want {
                id: SHAPESPLAT,
                line: 60,
                authors: Some(8),
                upvotes: 2,
                ..Want::default()
            },
            Want {
                id: PROVABLE,
                line: 90,
                authors: Some(4),
                date: Some("2023-03-02"),
                upvotes: 1200,
                ..Want::default()
            },
        ],
    );
}

#[test]
fn daily_papers_api_json() {
    assert_records(
        "api.json",
        &[
            Want {
                id: PROVABLE,
                line: 1,
                authors: Some(4),
                date: Some("2023-03-02"),
                upvotes: 0,
                comments: Some(0),
                arxiv_id: Some("2303.01566"),
                ..Want::default()
            },
            Want {
                id: SHAPESPLAT,
                line: 2,
                authors: Some(8),
                date: Some("2024-08-20"),
                upvotes: 2,
                comments: Some(3),
                stars: Some(44),
                github: Some("https://github.com/qimaqi/ShapeSplat-Gaussian_MAE"),
                arxiv_id: Some("2408.10906"),
            },
            Want {
                id: ARCHITECTURE,
                line: 3,
                authors: Some(8),
                date: Some("2022-04-12"),
                upvotes: 17,
                comments: Some(1),
                github: Some(ARCHITECTURE_CODE),
                arxiv_id: Some("2204.05832"),
                ..Want::default()
            },
        ],
    );
    let env = TestEnv::new();
    let (records, _) = env.parse(&rendering("api.json"), &[]);
    assert_eq!(
        records[0]["author_names"],
        serde_json::json!(["Jiawei Ge", "Shange Tang", "Jianqing Fan", "Chi Jin"])
    );
    assert_eq!(
        records[1]["code"],
        serde_json::json!(["https://github.com/qimaqi/ShapeSplat-Gaussian_MAE"]),
        "the repository counts as a code link"
    );
}

#[test]
fn a_real_api_response() {
    let env = TestEnv::new();
    let (records, stderr) = env.parse(&rendering("api-2024-05-27.json"), &[]);
    assert_eq!(stderr, "");
    assert_eq!(records.len(), 13);
    let first = &records[0];
    assert_eq!(
        first["title"], "ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models",
        "the hard-wrapped title is joined"
    );
    assert_eq!(first["arxiv_id"], "2405.15738");
    assert_eq!(first["authors"], 9);
    assert_eq!(first["author_names"][0], "Chunjiang Ge");
    assert_eq!(first["author_names"][8], "Bo Zheng");
    assert_eq!(first["date"], "2024-05-24");
    assert_eq!(
        (first["upvotes"].as_u64(), first["comments"].as_u64()),
        (Some(32), Some(3))
    );
    assert_eq!(first["github"], Value::Null);
    assert_eq!(
        first["code"],
        serde_json::json!(["https://github.com/alibaba/conv-llava"])
    );
    assert!(
        first["abstract"].as_str().unwrap().starts_with(
            "High-resolution Large Multimodal Models (LMMs) encounter the challenges of excessive visual tokens"
        ),
        "line breaks are joined: {}",
        first["abstract"]
    );
    let ids: Vec<&str> = records.iter().map(|r| r["arxiv_id"].as_str().unwrap()).collect();
    assert_eq!(ids[..3], ["2405.15738", "2405.15574", "2405.15071"]);
    let upvotes: Vec<u64> = records.iter().map(|r| r["upvotes"].as_u64().unwrap()).collect();
    assert_eq!(upvotes, [32, 28, 19, 11, 10, 9, 9, 7, 7, 7, 5, 4, 3]);
}

#[test]
fn explain_reports_the_format_and_why() {
    let env = TestEnv::new();
    let path = rendering("markdown.md");
    let run = env.run(["parse".as_ref(), "--explain".as_ref(), path.as_os_str()]);
    let report = run.ok();
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(
        lines[0],
        format!("{}: markdown (Markdown from a web clipper)", path.display())
    );
    assert_eq!(lines[1], "  because: 35 Markdown links written [text](url)");
    assert_eq!(lines[2], "  recognised: 3 papers, 0 warnings");
    assert_eq!(
        lines[3],
        "  records with each field: abstract 3, authors 3, date 3, upvotes 3, comments 1, stars 0, \
         github 0, arxiv_id 3, author_names 0"
    );
    for (name, format) in [
        ("link-targets.txt", "link-targets"),
        ("text-browser.txt", "text-browser"),
        ("trending.txt", "trending"),
        ("api.json", "json"),
    ] {
        let path = rendering(name);
        let run = env.run(["parse".as_ref(), "--explain".as_ref(), path.as_os_str()]);
        assert!(
            run.ok().starts_with(&format!("{}: {format} (", path.display())),
            "{}",
            run.stdout
        );
    }
    let run = env.run(["parse".as_ref(), "--explain".as_ref(), fixture_path().as_os_str()]);
    assert!(run.ok().contains(": browser-text ("), "{}", run.stdout);
    for (name, format) in [
        ("daily-list.md", "markdown-list"),
        ("digest-table.md", "markdown-list"),
        ("newsletter-paper.yaml", "yaml"),
        ("list.csv", "csv"),
        ("plain-export.txt", "link-targets"),
    ] {
        let path = rendering(name);
        let run = env.run(["parse".as_ref(), "--explain".as_ref(), path.as_os_str()]);
        assert!(
            run.ok().starts_with(&format!("{}: {format} (", path.display())),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn explain_lists_the_candidates_it_skipped() {
    // Capture tools' own headings look like titles but nothing says they are papers.
    let env = TestEnv::new();
    let run = env.run([
        "parse".as_ref(),
        "--explain".as_ref(),
        rendering("reader-trending.md").as_os_str(),
    ]);
    let report = run.ok();
    assert!(report.contains("  recognised: 3 papers, 0 warnings"), "{report}");
    assert!(
        report.contains(
            "  skipped 1 candidate:\n    line 1: 'What is Papers with Code?': nothing says it is a paper \
             (no link to it, no author, upvote, comment or star count)"
        ),
        "{report}"
    );
    let (records, _) = env.parse(&rendering("web-source.md"), &[]);
    assert!(records.iter().all(|record| record["title"] != "Web source"));
}

#[test]
fn unknown_layouts_give_no_records_and_a_hint() {
    let env = TestEnv::new();
    let mut notes = "Reading notes.\n\nSome prose about papers, with a date: Mar 2, 2023.\n\n".repeat(30);
    // An excerpt of a dump inside other prose is still not a page.
    notes.push_str("A Title\n\nAn abstract.\n\n  \u{2022} 4 authors\n\u{b7}\nMar 2, 2023\n\n");
    for (name, text) in [
        ("notes.txt", notes),
        (
            "Cargo.toml",
            "[package]\nname = \"x\"\nversion = \"0.1.0\"\n".to_string(),
        ),
        ("list.json", "[1, 2, 3]\n".to_string()),
    ] {
        let path = env.write(name, text);
        let run = env.run(["parse".as_ref(), path.as_os_str()]);
        assert_eq!(run.ok(), "[]\n", "{name}: no garbage records");
        assert!(
            run.stderr.contains(&format!(
                "no papers recognised in {}: it does not look like",
                path.display()
            )),
            "{name}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("papers parse --explain"), "{}", run.stderr);
        let explained = env.run(["parse".as_ref(), "--explain".as_ref(), path.as_os_str()]);
        assert!(explained.ok().contains(": unknown ("), "{}", explained.stdout);
    }
}

#[test]
fn a_page_with_no_papers_on_it_gives_no_records() {
    // The page's header, menus and footer but no card (an empty day, a page saved too early):
    // menu lines paired up are not papers.
    let env = TestEnv::new();
    let page = "Hugging Face\n\nModels\n\nDatasets\n\nSpaces\n\nDocs\n\nPricing\n\nLog In\n\nSign Up\n\n\
                Daily Papers\n\nby AK and the research community\n\nGet trending papers in your email inbox!\n\n\
                Subscribe\n\nPrevious\n\nNext\n\nSystem theme\n\nCompany\n\nTOS\n\nPrivacy\n\nAbout\n\nJobs\n";
    let path = env.write("empty-day.txt", page);
    let run = env.run(["parse".as_ref(), path.as_os_str()]);
    assert_eq!(run.ok(), "[]\n");
    assert!(run.stderr.contains("no papers recognised in"), "{}", run.stderr);
    let explained = env.run(["parse".as_ref(), "--explain".as_ref(), path.as_os_str()]);
    assert!(
        explained
            .ok()
            .contains("line 5: 'Datasets': no metadata block, and the text after it is too short for an abstract"),
        "{}",
        explained.stdout
    );
}

#[test]
fn broken_api_json_is_a_clear_error() {
    let env = TestEnv::new();
    let path = env.write(
        "api.json",
        "[{\"paper\": {\"id\": \"2405.15738\", \"title\": \"A\"}}, {\"paper\": ",
    );
    env.run(["parse".as_ref(), path.as_os_str()])
        .fails(1, "not valid JSON: EOF while parsing");
}

#[test]
fn a_paper_seen_in_a_text_dump_and_then_in_the_api_is_one_enriched_record() {
    let env = TestEnv::with_fixture();
    assert_eq!(index_size(&env), FIXTURE_PAPERS);
    let api = rendering("api.json");
    env.run(["ingest".as_ref(), api.as_os_str()]).ok();
    assert_eq!(index_size(&env), FIXTURE_PAPERS, "no duplicates");
    let record = shown(&env, SHAPESPLAT);
    assert_eq!(record["arxiv_id"], "2408.10906");
    assert_eq!(record["author_names"].as_array().unwrap().len(), 8);
    assert_eq!(record["github"], "https://github.com/qimaqi/ShapeSplat-Gaussian_MAE");
    assert_eq!(
        (record["stars"].as_u64(), record["comments"].as_u64()),
        (Some(44), Some(3))
    );
    // Ingesting the text dump again keeps what only the API said.
    let run = env.run(["ingest".as_ref(), fixture_path().as_os_str()]);
    run.ok();
    assert!(run.stderr.contains("0 added"), "{}", run.stderr);
    let record = shown(&env, SHAPESPLAT);
    assert_eq!(record["arxiv_id"], "2408.10906");
    assert_eq!(record["author_names"].as_array().unwrap().len(), 8);
    assert_eq!(record["stars"], 44);
    // The API said 17 upvotes for this one; the later text dump says 0: the latest count wins.
    assert_eq!(shown(&env, ARCHITECTURE)["upvotes"], 0);
    assert_eq!(shown(&env, ARCHITECTURE)["github"], ARCHITECTURE_CODE);
}

#[test]
fn the_arxiv_id_joins_sightings_whose_titles_differ() {
    let env = TestEnv::new();
    let api = rendering("api.json");
    env.run(["ingest".as_ref(), api.as_os_str()]).ok();
    // The same paper under a revised title, linked to the same arXiv id.
    let markdown = std::fs::read_to_string(rendering("markdown.md")).unwrap().replace(
        "### [On the Provable Advantage of Unsupervised Pretraining]",
        "### [On the Provable Advantage of Unsupervised Pre-training Revisited]",
    );
    let path = env.write("revised.md", markdown);
    let run = env.run(["ingest".as_ref(), path.as_os_str()]);
    run.ok();
    assert!(run.stderr.contains("0 added"), "{}", run.stderr);
    assert_eq!(index_size(&env), 3);
    let record = shown(&env, PROVABLE);
    assert_eq!(
        record["title"],
        "On the Provable Advantage of Unsupervised Pre-training Revisited"
    );
    assert_eq!(record["arxiv_id"], "2303.01566");
    assert_eq!(
        record["author_names"].as_array().unwrap().len(),
        4,
        "enriched, not replaced"
    );
}

#[test]
fn every_rendering_of_the_same_papers_ends_as_the_same_three_records() {
    let env = TestEnv::new();
    for name in [
        "link-targets.txt",
        "text-browser.txt",
        "markdown.md",
        "trending.txt",
        "api.json",
    ] {
        let path = rendering(name);
        env.run(["ingest".as_ref(), path.as_os_str()]).ok();
    }
    let mut want = vec![PROVABLE.to_string(), SHAPESPLAT.to_string(), ARCHITECTURE.to_string()];
    want.sort();
    assert_eq!(exported_ids(&env, None), want);
    // A capture without a date does not erase the date an earlier one gave.
    assert_eq!(shown(&env, SHAPESPLAT)["date"], "2024-08-20");
    assert_eq!(
        shown(&env, ARCHITECTURE)["stars"],
        3290,
        "stars from the trending capture stay"
    );
}

#[test]
fn the_capture_date_a_clipper_records_dates_year_less_cards() {
    let env = TestEnv::new();
    let markdown = "URL Source: https://huggingface.co/papers/date/2024-06-03\n\n\
        [25](https://huggingface.co/login)\n\
        #### [Some Paper About Diffusion](https://huggingface.co/papers/2406.01234)\n\
        [We study diffusion models. We find results.](https://huggingface.co/papers/2406.01234)\n\
        [![](https://a/1.png)![](https://a/2.png) 3 authors](https://huggingface.co/papers/2406.01234) May 29[6](https://huggingface.co/papers/2406.01234#community)\n\n\
        [-](https://huggingface.co/login)\n\
        ### [Another Paper](https://huggingface.co/papers/2406.05678)\n\
        [Abstract two.](https://huggingface.co/papers/2406.05678)\n\n\
        [2 authors](https://huggingface.co/papers/2406.05678)·Jun 1\n\n\
        [Previous](https://huggingface.co/papers?date=2024-05-31) [Next](https://huggingface.co/papers?date=2024-06-04)\n";
    let path = env.write("clip.md", markdown);
    let (records, stderr) = env.parse(&path, &[]);
    assert_eq!(stderr, "");
    #[derive(Debug, PartialEq)]
    struct Card<'a> {
        title: &'a str,
        date: &'a str,
        authors: u64,
        upvotes: u64,
        comments: Option<u64>,
    }
    let got: Vec<Card> = records
        .iter()
        .map(|r| Card {
            title: r["title"].as_str().unwrap(),
            date: r["date"].as_str().unwrap(),
            authors: r["authors"].as_u64().unwrap(),
            upvotes: r["upvotes"].as_u64().unwrap(),
            comments: r["comments"].as_u64(),
        })
        .collect();
    assert_eq!(
        got,
        [
            Card {
                title: "Some Paper About Diffusion",
                date: "2024-05-29",
                authors: 3,
                upvotes: 25,
                comments: Some(6),
            },
            Card {
                title: "Another Paper",
                date: "2024-06-01",
                authors: 2,
                upvotes: 0,
                comments: None,
            },
        ]
    );
    // The same from a front matter block, as Obsidian-style clippers write it.
    let front_matter =
        "---\ntitle: \"Daily Papers - Hugging Face\"\nsource: \"https://huggingface.co/papers?date=2024-12-09\"\n---\n\
        [5](https://huggingface.co/login)\n### [A Paper](https://huggingface.co/papers/2412.01234)\n\
        [An abstract.](https://huggingface.co/papers/2412.01234)\n\
        [2 authors](https://huggingface.co/papers/2412.01234)·Dec 5\n";
    let (records, _) = env.parse(&env.write("front.md", front_matter), &[]);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["date"], "2024-12-05");
    assert_eq!(records[0]["title"], "A Paper");
}

/// What a record of a sample says of its paper: title, abstract, authors, date, upvotes, comments
/// and arXiv id.
#[derive(Debug, Clone, PartialEq)]
struct Summary {
    title: String,
    abstract_text: String,
    authors: Option<u64>,
    date: Option<String>,
    upvotes: u64,
    comments: Option<u64>,
    arxiv_id: String,
}

fn summaries(name: &str) -> Vec<Summary> {
    let env = TestEnv::new();
    let (records, stderr) = env.parse(&rendering(name), &[]);
    assert_eq!(stderr, "", "{name}");
    records
        .iter()
        .map(|r| Summary {
            title: r["title"].as_str().unwrap().to_string(),
            abstract_text: r["abstract"].as_str().unwrap().to_string(),
            authors: r["authors"].as_u64(),
            date: r["date"].as_str().map(String::from),
            upvotes: r["upvotes"].as_u64().unwrap(),
            comments: r["comments"].as_u64(),
            arxiv_id: r["arxiv_id"].as_str().unwrap().to_string(),
        })
        .collect()
}

#[test]
fn markdown_with_reference_definitions_and_escapes() {
    // html2text style: `[n]: /papers/…` definitions with relative targets, the upvote count in
    // bracketed lines with blank lines between, a title wrapped inside its link, `\_` escapes,
    // an organisation in place of the author count.
    assert_eq!(
        summaries("html2text.txt"),
        [
            Summary {
                title:
                    "Autoregressive Model Beats Diffusion: Llama for Scalable Image Generation and a Very Long Title \
                        That Wraps"
                        .to_string(),
                abstract_text:
                    "We introduce LlamaGen, a new family of image generation models that apply the original \
                                C_Phi next-token prediction paradigm of large language models to visual generation \
                                domain."
                        .to_string(),
                authors: Some(9),
                date: Some("2024-06-10".to_string()),
                upvotes: 56,
                comments: Some(4),
                arxiv_id: "2406.06525".to_string(),
            },
            Summary {
                title: "Second Paper".to_string(),
                abstract_text: "Short abstract here.".to_string(),
                authors: None,
                date: Some("2025-06-09".to_string()),
                upvotes: 0,
                comments: None,
                arxiv_id: "2406.06999".to_string(),
            },
        ]
    );
}

#[test]
fn text_browser_dump_with_numbers_before_link_text() {
    // lynx style: `[5]Title`, resolved through the numbered list at the end.
    assert_eq!(
        summaries("lynx.txt"),
        [
            Summary {
                title: "On the Provable Advantage of Unsupervised Pretraining".to_string(),
                abstract_text:
                    "Unsupervised pretraining, which learns a useful representation using a large amount of \
                                unlabeled data."
                        .to_string(),
                authors: Some(4),
                date: Some("2023-03-02".to_string()),
                upvotes: 42,
                comments: None,
                arxiv_id: "2303.01566".to_string(),
            },
            Summary {
                title: "Another Paper Title Here".to_string(),
                abstract_text: "A second abstract.".to_string(),
                authors: Some(2),
                date: Some("2024-06-01".to_string()),
                upvotes: 0,
                comments: None,
                arxiv_id: "2406.05678".to_string(),
            },
        ]
    );
}

/// The four papers of `lynx-wrapped.txt`, `w3m.txt` and `plain-export-wrapped.txt`, as the
/// corpus holds them: two titles long enough to wrap, two abstracts' first sentences shown; the
/// comment counts are those the sample shows.
fn four_wrapped(comments: [Option<u64>; 4]) -> Vec<Summary> {
    let papers = [
        Summary {
            title: "Grokked Transformers are Implicit Reasoners: A Mechanistic Journey to the Edge of Generalization"
                .to_string(),
            abstract_text: String::new(),
            authors: Some(4),
            date: Some("2024-05-23".to_string()),
            upvotes: 19,
            comments: None,
            arxiv_id: "2405.15071".to_string(),
        },
        Summary {
            title: "Stacking Your Transformers: A Closer Look at Model Growth for Efficient LLM Pre-Training"
                .to_string(),
            abstract_text: "LLMs are computationally expensive to pre-train due to their large scale.".to_string(),
            authors: Some(8),
            date: Some("2024-05-24".to_string()),
            upvotes: 9,
            comments: None,
            arxiv_id: "2405.15319".to_string(),
        },
        Summary {
            title: "iVideoGPT: Interactive VideoGPTs are Scalable World Models".to_string(),
            abstract_text: "World models empower model-based agents to interactively explore, reason, and plan within \
                            imagined environments for real-world decision-making."
                .to_string(),
            authors: Some(7),
            date: Some("2024-05-24".to_string()),
            upvotes: 7,
            comments: None,
            arxiv_id: "2405.15223".to_string(),
        },
        Summary {
            title: "An Introduction to Vision-Language Modeling".to_string(),
            abstract_text: String::new(),
            authors: Some(41),
            date: Some("2024-05-27".to_string()),
            upvotes: 33,
            comments: None,
            arxiv_id: "2405.17247".to_string(),
        },
    ];
    papers
        .into_iter()
        .zip(comments)
        .map(|(paper, comments)| Summary { comments, ..paper })
        .collect()
}

#[test]
fn text_browsers_wrap_long_titles_and_number_comment_counts() {
    // lynx and w3m wrap a long link text onto the next line without marking where it ends: a
    // full line goes on, a short one ends the title (the abstract may follow straight after).
    // A count linked to the paper's discussion (`[9]2`) is its comment count, and one just before
    // the list of targets (`[18]3`, then `References:`) opens no card.
    assert_eq!(
        summaries("lynx-wrapped.txt"),
        four_wrapped([Some(2), None, None, Some(3)])
    );
    assert_eq!(summaries("w3m.txt"), four_wrapped([Some(2), None, None, Some(3)]));
}

#[test]
fn plain_export_titles_run_until_their_link_target() {
    // Every link target on a line of its own after the link's text: a title wrapped over two
    // lines is whole at its target line; the author count is a Markdown link broken over lines.
    let mut want = four_wrapped([None; 4]);
    want[0].abstract_text =
        "We study whether transformers can learn to implicitly reason over parametric knowledge, a skill \
         that even the most capable language models struggle with."
            .to_string();
    assert_eq!(summaries("plain-export-wrapped.txt"), want);
}

#[test]
fn reader_capture_with_submitters_and_no_abstracts() {
    // `[Submitted by ![avatar] user](profile)`, `Upvote` and its count on separate lines, cards
    // without abstracts or dates, the comment count as a link of its own.
    assert_eq!(
        summaries("reader-submitted-by.md"),
        [
            Summary {
                title: "Autoregressive Model Beats Diffusion: Llama for Scalable Image Generation".to_string(),
                abstract_text: String::new(),
                authors: Some(9),
                date: None,
                upvotes: 56,
                comments: Some(4),
                arxiv_id: "2406.06525".to_string(),
            },
            Summary {
                title: "Second Paper".to_string(),
                abstract_text: String::new(),
                authors: Some(3),
                date: None,
                upvotes: 12,
                comments: None,
                arxiv_id: "2406.06999".to_string(),
            },
        ]
    );
}

/// What a sample says of a paper, as JSON values; a field left out of a table
/// (`..Shown::default()`) is `null`, one the sample does not show.
#[derive(Debug, Clone, Default, PartialEq)]
struct Shown {
    title: String,
    arxiv_id: Value,
    authors: Value,
    date: Value,
    upvotes: Value,
    comments: Value,
    github: Value,
    stars: Value,
}

/// The records of a sample (which must parse without warnings), and what they show.
fn sample_fields(name: &str) -> (Vec<Value>, Vec<Shown>) {
    let env = TestEnv::new();
    let (records, stderr) = env.parse(&rendering(name), &[]);
    assert_eq!(stderr, "", "{name}");
    let shown = records
        .iter()
        .map(|r| Shown {
            title: r["title"].as_str().unwrap().to_string(),
            arxiv_id: r["arxiv_id"].clone(),
            authors: r["authors"].clone(),
            date: r["date"].clone(),
            upvotes: r["upvotes"].clone(),
            comments: r["comments"].clone(),
            github: r["github"].clone(),
            stars: r["stars"].clone(),
        })
        .collect();
    (records, shown)
}

/// The fixture's first three papers, as the hand-made samples of other tools' layouts show them:
/// what `shown` says of each, under its title.
fn first_three(shown: [Shown; 3]) -> Vec<Shown> {
    let titles = [
        "On the Provable Advantage of Unsupervised Pretraining",
        "ShapeSplat: A Large-scale Dataset of Gaussian Splats and Their Self-Supervised Pretraining",
        "What Language Model Architecture and Pretraining Objective Work Best for Zero-Shot Generalization?",
    ];
    titles
        .iter()
        .zip(shown)
        .map(|(title, shown)| Shown {
            title: title.to_string(),
            ..shown
        })
        .collect()
}

/// The first three papers of the fixture's day as lists that carry arXiv ids and counts show
/// them: arXiv id, author count, the list's date (2025-12-09) and upvotes.
fn first_three_with_arxiv_ids_and_counts() -> Vec<Shown> {
    use serde_json::json;
    let day = || json!("2025-12-09");
    first_three([
        Shown {
            arxiv_id: json!("2303.01566"),
            authors: json!(4),
            date: day(),
            upvotes: json!(0),
            ..Shown::default()
        },
        Shown {
            arxiv_id: json!("2408.10906"),
            authors: json!(8),
            date: day(),
            upvotes: json!(2),
            ..Shown::default()
        },
        Shown {
            arxiv_id: json!("2204.05832"),
            authors: json!(8),
            date: day(),
            upvotes: json!(17),
            ..Shown::default()
        },
    ])
}

/// The fixture's abstracts of those papers: clips must give them word for word.
fn first_three_abstracts() -> Vec<String> {
    let text = fixture_text();
    let lines: Vec<&str> = text.lines().collect();
    [13, 21, 29].iter().map(|line| lines[*line + 1].to_string()).collect()
}

const SHAPESPLAT_REPO: &str = "https://github.com/qimaqi/ShapeSplat-Gaussian_MAE";
const BIGSCIENCE_REPO: &str = "https://github.com/bigscience-workshop/architecture-objective";

#[test]
fn page_clips_other_tools_save() {
    use serde_json::json;
    // A plain-text export (link targets on their own lines, `[-] 2` upvotes, the author count as
    // a link broken over lines, an organisation instead of authors) and a Firecrawl clip (upvote
    // links before titles, `\` hard breaks in a title, `\\` line ends, avatar author blocks).
    for name in ["plain-export.txt", "firecrawl.md"] {
        let (records, got) = sample_fields(name);
        assert_eq!(
            got,
            first_three([
                Shown {
                    arxiv_id: json!("2303.01566"),
                    authors: json!(4),
                    date: json!("2023-03-02"),
                    upvotes: json!(0),
                    ..Shown::default()
                },
                Shown {
                    arxiv_id: json!("2408.10906"),
                    authors: json!(8),
                    date: json!("2024-08-20"),
                    upvotes: json!(2),
                    comments: json!(3),
                    ..Shown::default()
                },
                Shown {
                    arxiv_id: json!("2204.05832"),
                    date: json!("2022-04-12"),
                    upvotes: json!(17),
                    comments: json!(1),
                    ..Shown::default()
                },
            ]),
            "{name}"
        );
        let abstracts: Vec<&str> = records.iter().map(|r| r["abstract"].as_str().unwrap()).collect();
        assert_eq!(abstracts, first_three_abstracts(), "{name}");
    }
    // A text dump inside a `# Web source` note: reference links without their list, upvotes split
    // over lines, titles wrapped inside their link text. No arXiv id is shown.
    let (records, got) = sample_fields("web-source.md");
    assert_eq!(
        got,
        first_three([
            Shown {
                authors: json!(4),
                date: json!("2023-03-02"),
                upvotes: json!(0),
                ..Shown::default()
            },
            Shown {
                authors: json!(8),
                date: json!("2024-08-20"),
                upvotes: json!(2),
                comments: json!(3),
                ..Shown::default()
            },
            Shown {
                date: json!("2022-04-12"),
                upvotes: json!(17),
                comments: json!(1),
                ..Shown::default()
            },
        ])
    );
    let abstracts: Vec<&str> = records.iter().map(|r| r["abstract"].as_str().unwrap()).collect();
    assert_eq!(abstracts, first_three_abstracts());
    // HTML-to-text of the trending page: `Submitted by`, image placeholders, anchors, the upvote
    // button after the date (its link names the paper), GitHub and arXiv links side by side,
    // every card twice.
    let (_, got) = sample_fields("trending-html-text.md");
    assert_eq!(
        got,
        first_three([
            Shown {
                arxiv_id: json!("2303.01566"),
                authors: json!(4),
                date: json!("2023-03-02"),
                upvotes: json!(0),
                ..Shown::default()
            },
            Shown {
                arxiv_id: json!("2408.10906"),
                authors: json!(8),
                date: json!("2024-08-20"),
                upvotes: json!(2),
                github: json!(SHAPESPLAT_REPO),
                stars: json!(44),
                ..Shown::default()
            },
            Shown {
                arxiv_id: json!("2204.05832"),
                date: json!("2022-04-12"),
                upvotes: json!(17),
                github: json!(BIGSCIENCE_REPO),
                stars: json!(1300),
                ..Shown::default()
            },
        ])
    );
    // A web reader's Markdown of the trending page: its own `# What is Papers with Code?`
    // heading is no paper; titles wrapped with arXiv's indent; a card with nothing but its title
    // and text is one of the layout's cards.
    let (_, got) = sample_fields("reader-trending.md");
    assert_eq!(
        got,
        first_three([
            Shown {
                authors: json!(4),
                ..Shown::default()
            },
            Shown {
                authors: json!(8),
                github: json!(SHAPESPLAT_REPO),
                stars: json!(44),
                ..Shown::default()
            },
            Shown {
                github: json!(BIGSCIENCE_REPO),
                stars: json!(1300),
                ..Shown::default()
            },
        ])
    );
}

#[test]
fn lists_people_write_in_markdown() {
    use serde_json::json;
    // A bot's daily digest: `### [Title](arXiv)`, `Vote: N`, `Authors: [...]`, a summary; the
    // list's date for its papers.
    let (records, got) = sample_fields("daily-list.md");
    assert_eq!(got, first_three_with_arxiv_ids_and_counts());
    assert_eq!(
        records[0]["author_names"],
        json!(["Jiawei Ge", "Shange Tang", "Jianqing Fan", "Chi Jin"])
    );
    assert_eq!(records[0]["abstract"], "", "a summary is not the abstract");
    assert_eq!(
        records[0]["summary"],
        "What's New: 이 연구는 새로운 방법을 제안합니다. Performance Highlights: 실험 결과가 좋습니다."
    );
    // A digest table: title cells ending in their links, a few names, a written summary; a table
    // without a title column gives nothing.
    let (records, got) = sample_fields("digest-table.md");
    assert_eq!(
        got,
        first_three([
            Shown {
                arxiv_id: json!("2303.01566"),
                ..Shown::default()
            },
            Shown {
                arxiv_id: json!("2408.10906"),
                ..Shown::default()
            },
            Shown {
                arxiv_id: json!("2204.05832"),
                ..Shown::default()
            },
        ])
    );
    assert_eq!(
        records[2]["author_names"],
        json!(["Iz Beltagy", "Julien Launay", "Colin Raffel"])
    );
    assert_eq!(
        records[2]["summary"],
        "a) The research asks a question. b) It answers it."
    );
    // A newsletter: a section per paper with its link at the end, under a dated heading.
    let (records, got) = sample_fields("newsletter.md");
    assert_eq!(
        got,
        first_three([
            Shown {
                arxiv_id: json!("2303.01566"),
                date: json!("2025-12-09"),
                ..Shown::default()
            },
            Shown {
                arxiv_id: json!("2408.10906"),
                date: json!("2025-12-09"),
                ..Shown::default()
            },
            Shown {
                arxiv_id: json!("2204.05832"),
                date: json!("2025-12-09"),
                ..Shown::default()
            },
        ])
    );
    assert!(records
        .iter()
        .all(|r| r["abstract"] == "" && r["summary"].as_str().unwrap().contains("本文提出了一种方法")));
}

#[test]
fn structured_data_other_tools_write() {
    use serde_json::json;
    // A scraper's dated list and an object keyed by arXiv id (names as a string, counts as text).
    let (records, got) = sample_fields("scraper.json");
    assert_eq!(got, first_three_with_arxiv_ids_and_counts());
    let abstracts: Vec<&str> = records.iter().map(|r| r["abstract"].as_str().unwrap()).collect();
    assert_eq!(abstracts, first_three_abstracts());
    let (_, got) = sample_fields("keyed.json");
    assert_eq!(
        got,
        first_three([
            Shown {
                arxiv_id: json!("2303.01566"),
                authors: json!(4),
                date: json!("2023-03-02"),
                upvotes: json!(0),
                ..Shown::default()
            },
            Shown {
                arxiv_id: json!("2408.10906"),
                authors: json!(8),
                date: json!("2024-08-20"),
                upvotes: json!(2),
                ..Shown::default()
            },
            Shown {
                arxiv_id: json!("2204.05832"),
                authors: json!(8),
                date: json!("2022-04-12"),
                upvotes: json!(17),
                ..Shown::default()
            },
        ])
    );
    // One paper per YAML file; a CSV list with a title column.
    let (records, got) = sample_fields("newsletter-paper.yaml");
    assert_eq!(
        got[..],
        first_three([
            Shown {
                arxiv_id: json!("2303.01566"),
                ..Shown::default()
            },
            Shown {
                arxiv_id: json!("2408.10906"),
                date: json!("2025-12-09"),
                ..Shown::default()
            },
            Shown {
                arxiv_id: json!("2204.05832"),
                ..Shown::default()
            },
        ])[1..2]
    );
    assert_eq!(records[0]["author_names"], json!(["Qi Ma"]));
    assert_eq!(
        records[0]["summary"],
        "ShapeSplat is a large dataset of Gaussian splats...."
    );
    let (_, got) = sample_fields("list.csv");
    assert_eq!(
        got,
        first_three([
            Shown {
                arxiv_id: json!("2303.01566"),
                date: json!("2025-12-09"),
                ..Shown::default()
            },
            Shown {
                arxiv_id: json!("2408.10906"),
                date: json!("2025-12-09"),
                ..Shown::default()
            },
            Shown {
                arxiv_id: json!("2204.05832"),
                date: json!("2025-12-09"),
                ..Shown::default()
            },
        ])
    );
}
