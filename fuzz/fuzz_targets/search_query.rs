//! Fuzzes the query path: arbitrary text as a `papers search` query (tantivy syntax, lenient
//! parsing, entity and topic expansion, typo correction, snippets) over an index of the bundled
//! fixture. It must never panic, whatever the query.
#![no_main]

#[path = "common/fixture_index.rs"]
mod fixture_index;

use libfuzzer_sys::fuzz_target;
use papers::index::{SearchRequest, SortOrder};

fuzz_target!(|data: &[u8]| {
    let Ok(query) = std::str::from_utf8(data) else {
        return;
    };
    let index = fixture_index::fixture_index("index");
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
