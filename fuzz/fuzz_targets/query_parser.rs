//! Fuzzes query text built from the query language's own pieces: each input byte picks one
//! token (parentheses, NOT/AND/OR, quotes, field prefixes, ranges, boosts, wildcards, escapes,
//! words), so a few hundred bytes reach nesting and operator combinations that random text
//! almost never does. The query goes through the whole search (limits, tantivy's parser,
//! expansion, typo correction, snippets) and the facet counts. It must never panic or abort: a
//! stack overflow in the recursive parser shows up here as a deadly signal.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use papers::dump::{parse_bytes, ParseOptions};
use papers::index::{FacetField, Filters, PaperIndex, SearchRequest, SortOrder};

const FIXTURE: &[u8] = include_bytes!("../../fixtures/daily-papers-2025-12-09.txt");

/// What a byte can stand for.
const TOKENS: &[&str] = &[
    "(", ")", "NOT ", " AND ", " OR ", "\"", "+", "-", "title:", "abstract:", "*", "~2", "^3", "[", " TO ",
    "]", "{", "}", "\\", " ", "diffusion", "contrastive", "vision", "transformer", "GAN", "ImageNet",
    "self-supervised", "pre", "2024", ":", "IN ", "é", "\u{202e}", "\u{9b}", "\t", "\n",
];

fn index() -> &'static PaperIndex {
    static INDEX: OnceLock<PaperIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("papers-fuzz-query-index-{}", std::process::id()));
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
    let query: String = data.iter().map(|byte| TOKENS[usize::from(*byte) % TOKENS.len()]).collect();
    let index = index();
    let request = SearchRequest {
        query: Some(query.clone()),
        sort: SortOrder::Relevance,
        limit: Some(10),
        expand: true,
        signals: true,
        ..SearchRequest::default()
    };
    if let Ok(outcome) = index.search(&request) {
        for hit in outcome.hits() {
            hit.expect("reading a hit");
        }
    }
    let _ = index.facets(Some(&query), &Filters::default(), FacetField::Topics, 10);
});
