//! `papers parse`: the exact records of the fixture, and every damaged or reshaped variant of it.

use serde_json::Value;

use crate::util::*;

fn fixture_records() -> Vec<Value> {
    let env = TestEnv::new();
    let (records, stderr) = env.parse(&fixture_path(), &[]);
    assert_eq!(stderr, "", "the fixture parses without warnings");
    records
}

/// Title, abstract and metadata of a record: what must survive any reshaping of the dump.
#[derive(Debug, PartialEq)]
struct Content {
    title: Value,
    abstract_text: Value,
    authors: Value,
    date: Value,
    upvotes: Value,
    links: Value,
}

/// The content of every record.
fn content(records: &[Value]) -> Vec<Content> {
    records
        .iter()
        .map(|r| Content {
            title: r["title"].clone(),
            abstract_text: r["abstract"].clone(),
            authors: r["authors"].clone(),
            date: r["date"].clone(),
            upvotes: r["upvotes"].clone(),
            links: r["links"].clone(),
        })
        .collect()
}

#[test]
fn every_paper_of_the_fixture_with_its_metadata() {
    let records = fixture_records();
    let expected = expected();
    assert_eq!(records.len(), FIXTURE_PAPERS);
    assert_eq!(expected.len(), FIXTURE_PAPERS);
    for (record, want) in records.iter().zip(&expected) {
        assert_eq!(record["title"], want.title.as_str());
        assert_eq!(record["source"]["line"], want.line, "{}", want.title);
        assert_eq!(record["authors"].as_u64(), want.authors, "{}", want.title);
        assert_eq!(record["date"].as_str(), want.date.as_deref(), "{}", want.title);
        assert_eq!(record["upvotes"].as_u64(), want.upvotes, "{}", want.title);
        assert!(record["source"]["file"].as_str().unwrap().ends_with(FIXTURE));
    }
}

#[test]
fn the_papers_named_in_the_contract() {
    let records = fixture_records();
    let shapesplat = by_title(&records, "ShapeSplat");
    assert_eq!(
        (shapesplat["authors"].as_u64(), shapesplat["date"].as_str()),
        (Some(8), Some("2024-08-20"))
    );
    assert_eq!(shapesplat["upvotes"], 2);
    let attention = by_title(&records, "AttentionInfluence");
    assert_eq!(
        (attention["date"].as_str(), attention["upvotes"].as_u64()),
        (Some("2025-05-12"), Some(2))
    );
    let energy = by_title(&records, "Energy-Based Transformers");
    assert!(energy["authors"].is_null() && energy["date"].is_null() && energy["upvotes"].is_null());
    assert!(energy["abstract"]
        .as_str()
        .unwrap()
        .starts_with("Inference-time computation techniques"));
    let first = &records[0];
    assert!(first["abstract"]
        .as_str()
        .unwrap()
        .starts_with("Unsupervised pretraining, which learns"));
    assert_eq!(first["upvotes"], 0, "a date line without a count means zero upvotes");
}

#[test]
fn links_are_trimmed_of_sentence_punctuation() {
    let records = fixture_records();
    let with_links: Vec<(String, Vec<String>)> = records
        .iter()
        .filter(|r| !r["links"].as_array().unwrap().is_empty())
        .map(|r| {
            let links = r["links"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l.as_str().unwrap().to_string())
                .collect();
            (
                r["title"].as_str().unwrap().split(':').next().unwrap().to_string(),
                links,
            )
        })
        .collect();
    let expected = [
        (
            "What Language Model Architecture and Pretraining Objective Work Best for Zero-Shot Generalization?",
            "https://github.com/bigscience-workshop/architecture-objective",
        ),
        (
            "Leaving Reality to Imagination",
            "https://github.com/Hritikbansal/generative-robustness",
        ),
        ("Refine and Represent", "https://github.com/KKallidromitis/r2o"),
        ("BECLR", "https://github.com/stypoumic/BECLR"),
        (
            "Rethinking Transformers Pre-training for Multi-Spectral Satellite Imagery",
            "https://github.com/techmn/satmae_pp",
        ),
        ("METRA", "https://seohong.me/projects/metra/"),
        ("ExPLoRA", "https://samar-khanna.github.io/ExPLoRA/"),
    ];
    let expected: Vec<(String, Vec<String>)> = expected
        .iter()
        .map(|(title, link)| (title.to_string(), vec![link.to_string()]))
        .collect();
    assert_eq!(with_links, expected);
}

#[test]
fn ids_are_short_unique_and_stable() {
    let records = fixture_records();
    let ids: std::collections::HashSet<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), FIXTURE_PAPERS);
    assert!(ids
        .iter()
        .all(|id| id.len() == 10 && id.bytes().all(|b| b.is_ascii_alphanumeric())));
    // Ids are a public contract: these values must never change between releases.
    assert_eq!(by_title(&records, "ShapeSplat")["id"], "f9zwrgn90s");
    assert_eq!(by_title(&records, "AttentionInfluence")["id"], "mrapdfhce2");
}

#[test]
fn the_record_shape_has_every_contract_field_in_order() {
    let env = TestEnv::new();
    let run = env.run(["parse".as_ref(), fixture_path().as_os_str()]);
    let text = run.ok();
    let first_line = text.lines().nth(1).unwrap();
    let positions: Vec<usize> = papers::record::FIELD_NAMES
        .iter()
        .map(|k| {
            first_line
                .find(&format!("\"{k}\":"))
                .unwrap_or_else(|| panic!("{k} in {first_line}"))
        })
        .collect();
    assert!(positions.windows(2).all(|pair| pair[0] < pair[1]), "{first_line}");
    let array: Vec<Value> = serde_json::from_str(text).unwrap();
    assert_eq!(array.len(), FIXTURE_PAPERS);
    assert_eq!(array[0]["topics"], serde_json::json!(["theory"]));
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let env = TestEnv::new();
    let run = env.run_with_stdin(["parse", "--format", "jsonl", "-"], fixture_text().as_bytes());
    let records: Vec<Value> = run.ok().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(content(&records), content(&fixture_records()));
    assert_eq!(records[0]["source"]["file"], "<stdin>");
}

#[test]
fn year_flag_overrides_inferred_year() {
    let env = TestEnv::new();
    let (records, _) = env.parse(&fixture_path(), &["--year", "2030"]);
    assert_eq!(by_title(&records, "AttentionInfluence")["date"], "2030-05-12");
    assert_eq!(by_title(&records, "ShapeSplat")["date"], "2024-08-20");
}

#[test]
fn inferred_year_is_capped_at_the_current_year() {
    let env = TestEnv::new();
    let this_year: i32 = {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        // Days since 1970 to a year, good to a day around New Year, which the dates below avoid.
        (1970.0 + now as f64 / 86400.0 / 365.2425) as i32
    };
    let dump = fixture_text().replace("Aug 20, 2024 2", &format!("Jan 20, {this_year} 2"));
    let path = env.write("future.txt", dump);
    let (records, _) = env.parse(&path, &[]);
    assert_eq!(
        by_title(&records, "AttentionInfluence")["date"],
        format!("{this_year}-05-12")
    );
}

#[test]
fn crlf_line_endings_and_a_byte_order_mark() {
    let env = TestEnv::new();
    let path = env.write("crlf.txt", format!("\u{feff}{}", fixture_text().replace('\n', "\r\n")));
    let (records, stderr) = env.parse(&path, &[]);
    assert_eq!(stderr, "");
    assert_eq!(content(&records), content(&fixture_records()));
}

#[test]
fn invalid_utf8_is_replaced_and_reported_with_its_line() {
    let env = TestEnv::new();
    let mut bytes = fixture_text().into_bytes();
    let at = fixture_text().find("3D Gaussian Splatting (3DGS)").unwrap();
    bytes.splice(at..at, [0xff, 0xfe]);
    let path = env.write("bad-utf8.txt", &bytes);
    let (records, stderr) = env.parse(&path, &[]);
    assert_eq!(records.len(), FIXTURE_PAPERS);
    assert!(by_title(&records, "ShapeSplat")["abstract"]
        .as_str()
        .unwrap()
        .starts_with("\u{fffd}\u{fffd}3D Gaussian"));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("bad-utf8.txt:23: invalid UTF-8"), "{stderr}");
}

#[test]
fn hard_wrapped_dumps() {
    let env = TestEnv::new();
    for width in [60, 78, 100] {
        let path = env.write(&format!("wrapped-{width}.txt"), wrap_greedy(&fixture_text(), width));
        let (records, stderr) = env.parse(&path, &[]);
        assert_eq!(stderr, "", "width {width}");
        assert_eq!(content(&records), content(&fixture_records()), "width {width}");
    }
}

#[test]
fn dumps_folded_inside_words() {
    let env = TestEnv::new();
    let path = env.write("folded.txt", fold_hard(&fixture_text(), 80));
    let (records, _) = env.parse(&path, &[]);
    assert_eq!(content(&records), content(&fixture_records()));
}

#[test]
fn dumps_without_blank_lines() {
    let env = TestEnv::new();
    let cases = [
        ("stripped.txt", strip_blank_lines(&fixture_text())),
        (
            "stripped-wrapped.txt",
            strip_blank_lines(&wrap_greedy(&fixture_text(), 78)),
        ),
        (
            "stripped-folded.txt",
            strip_blank_lines(&fold_hard(&fixture_text(), 80)),
        ),
    ];
    for (name, text) in cases {
        let path = env.write(name, text);
        let (records, _) = env.parse(&path, &[]);
        assert_eq!(titles(&records), titles(&fixture_records()), "{name}");
        assert_eq!(content(&records), content(&fixture_records()), "{name}");
    }
}

#[test]
fn concatenated_dumps_keep_every_paper_and_their_own_years() {
    let env = TestEnv::new();
    let mut older = fixture_text();
    for year in 2010..=2024 {
        older = older.replace(&format!(", {year}"), ", 2019");
    }
    let path = env.write("both.txt", format!("{}\n{}", fixture_text(), older));
    let (records, stderr) = env.parse(&path, &[]);
    assert_eq!(stderr, "");
    assert_eq!(records.len(), 2 * FIXTURE_PAPERS);
    let (first, second) = records.split_at(FIXTURE_PAPERS);
    assert_eq!(
        by_title(first, "AttentionInfluence")["date"],
        "2025-05-12",
        "the year after 2024"
    );
    assert_eq!(
        by_title(second, "AttentionInfluence")["date"],
        "2020-05-12",
        "the year after 2019"
    );
    assert_eq!(titles(first), titles(second));
    // The fixture has 367 lines; the second page's first title is on its line 13.
    assert_eq!(second[0]["source"]["line"], 367 + 13);
}

#[test]
fn a_truncated_last_paper_keeps_what_is_complete() {
    let env = TestEnv::new();
    let text = fixture_text();
    let last_abstract = text.rfind("Transductive few-shot learning").unwrap();

    let path = env.write("cut-abstract.txt", &text[..last_abstract + 40]);
    let (records, stderr) = env.parse(&path, &[]);
    assert_eq!(records.len(), FIXTURE_PAPERS - 1);
    assert!(
        stderr.contains("cut-abstract.txt:361: the last paper ('UNEM"),
        "{stderr}"
    );

    let title_only = text.rfind("UNEM: UNrolled").unwrap();
    let path = env.write("cut-title.txt", &text[..title_only + 20]);
    let (records, stderr) = env.parse(&path, &[]);
    assert_eq!(records.len(), FIXTURE_PAPERS - 1);
    assert!(stderr.contains("cut-title.txt:361"), "{stderr}");

    let path = env.write("cut-metadata.txt", &text[..text.len() - "21, 2024".len()]);
    let (records, stderr) = env.parse(&path, &[]);
    assert_eq!(records.len(), FIXTURE_PAPERS);
    let last = &records[FIXTURE_PAPERS - 1];
    assert_eq!((last["authors"].as_u64(), last["date"].as_str()), (Some(6), None));
    assert!(
        stderr.contains("cut-metadata.txt:367: input ends inside a metadata block"),
        "{stderr}"
    );
}

#[test]
fn empty_and_header_only_inputs_have_zero_papers_and_say_so() {
    let env = TestEnv::new();
    let header: String = fixture_text().lines().take(12).collect::<Vec<_>>().join("\n");
    for (name, text) in [
        ("empty.txt", String::new()),
        ("blank.txt", "\n\n\n".to_string()),
        ("header.txt", header),
    ] {
        let path = env.write(name, text);
        let run = env.run(["parse".as_ref(), path.as_os_str()]);
        assert_eq!(run.ok(), "[]\n", "{name}");
        // Empty and blank inputs are said to be empty; a page's header alone has no papers.
        let said = if name == "header.txt" {
            format!("no papers recognised in {}", path.display())
        } else {
            format!("{} is empty: there is nothing in it to read", path.display())
        };
        assert!(run.stderr.contains(&said), "{name}: {}", run.stderr);
    }
}

#[test]
fn binary_input_is_a_clear_error() {
    let env = TestEnv::new();
    let mut noise = Vec::new();
    let mut state: u32 = 12345;
    for _ in 0..10_000 {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
        noise.push((state >> 16) as u8);
    }
    let path = env.write("noise.bin", &noise);
    let run = env.run(["parse".as_ref(), path.as_os_str()]);
    run.fails(1, "not a text dump");
    assert_eq!(run.stderr.lines().count(), 1);
    assert_eq!(run.stdout, "");
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let env = TestEnv::new();
    let run = env.run(["parse", "no-such-dump.txt"]);
    run.fails(1, "opening no-such-dump.txt");
    assert_eq!(run.stderr.lines().count(), 1);
}

#[test]
fn csv_format_has_a_header_and_one_row_per_paper() {
    let env = TestEnv::new();
    let run = env.run([
        "parse".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
        fixture_path().as_os_str(),
    ]);
    let mut reader = csv::Reader::from_reader(run.ok().as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[..6], ["id", "title", "abstract", "authors", "date", "upvotes"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), FIXTURE_PAPERS);
    let energy = rows.iter().find(|row| row[1].starts_with("Energy-Based")).unwrap();
    assert_eq!((&energy[3], &energy[4], &energy[5]), ("", "", ""));
}
