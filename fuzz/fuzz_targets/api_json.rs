//! Fuzzes the daily-papers API reader with JSON-like input (seeded with real API answers and
//! guided by `dictionaries/api_json.dict`): entries of any shape, numbers of any size and sign,
//! strings with any escapes, truncation anywhere. It must never panic, and what it keeps must
//! hold the record contract: a non-empty one-line title, counts that are counts, a repository
//! only as a web address, a date only in a year a paper can have.
#![no_main]

use libfuzzer_sys::fuzz_target;
use papers::dump::{parse_dump, Event, Format, ParseOptions};

fuzz_target!(|data: &[u8]| {
    // Read as JSON whatever the first byte: the reader is chosen by it.
    let mut input = Vec::with_capacity(data.len() + 1);
    if !data.first().is_some_and(|b| matches!(b, b'[' | b'{')) {
        input.push(b'[');
    }
    input.extend_from_slice(data);
    let options = ParseOptions {
        year: None,
        current_year: 2026,
        extract: false,
    };
    let mut papers = Vec::new();
    let summary = parse_dump(&input[..], "fuzz.json", options, &mut |event| {
        if let Event::Paper(paper) = event {
            papers.push(*paper);
        }
        Ok(())
    });
    let Ok(summary) = summary else {
        return;
    };
    // Input that does not even start as JSON objects goes to the text readers (the parse_dump
    // target covers those); what the API reader keeps must hold its own contract too.
    let read_as_json = summary.detection.is_some_and(|detection| detection.format == Format::Json);
    for paper in &papers {
        assert!(!paper.title.trim().is_empty(), "empty title");
        assert!(!paper.title.contains('\n') && !paper.abstract_text.contains('\n'), "text spans lines");
        if read_as_json {
            assert!(paper.title.chars().count() <= 1_000, "over-long title kept");
        }
        if let Some(github) = &paper.github {
            assert!(papers::links::is_web_url(github), "repository {github:?} is not a web address");
        }
        if let Some(date) = paper.date {
            assert!((1991..=2027).contains(&date.year()), "implausible date {date}");
        }
        let json = serde_json::to_string(paper).expect("a record always encodes");
        let back: serde_json::Value = serde_json::from_str(&json).expect("encoded records are valid JSON");
        assert_eq!(back["id"], paper.id.as_str());
    }
});
