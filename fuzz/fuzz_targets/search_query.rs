//! Fuzzes the query path: arbitrary text as a `papers search` query (tantivy syntax, lenient
//! parsing, entity and topic expansion, typo correction, snippets) over an index of the bundled
//! fixture. It must never panic, whatever the query.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use papers::dump::{parse_bytes, ParseOptions};
use papers::index::{PaperIndex, SearchRequest, SortOrder};

const FIXTURE: &[u8] = include_bytes!("../../fixtures/daily-papers-2025-12-09.txt");

fn index() -> &'static PaperIndex {
    static INDEX: OnceLock<PaperIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("papers-fuzz-index-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let index = PaperIndex::open_or_create(&dir).expect("creating the fuzz index");
        let options = ParseOptions {
            year: None,
            current_year: 2026,
            extract: true,
        };
        let (papers, _) = parse_bytes(FIXTURE, "fixture.txt", options).expect("the fixture parses");
        index.upsert_all(papers).expect("indexing the fixture");
        index
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(query) = std::str::from_utf8(data) else {
        return;
    };
    let index = index();
    for (sort, expand) in [(SortOrder::Relevance, true), (SortOrder::Date, false)] {
        let request = SearchRequest {
            query: Some(query.to_string()),
            sort,
            limit: Some(10),
            expand,
            signals: expand,
            ..SearchRequest::default()
        };
        if let Ok(outcome) = index.search(&request) {
            for hit in outcome.hits() {
                let hit = hit.expect("reading a hit");
                if let Some((text, ranges)) = &hit.snippet {
                    for range in ranges {
                        assert!(text.get(range.clone()).is_some(), "highlight range off a char boundary");
                    }
                }
            }
        }
    }
});
