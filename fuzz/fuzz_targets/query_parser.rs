//! Fuzzes query text built from the query language's own pieces: each input byte picks one
//! token (parentheses, NOT/AND/OR, quotes, field prefixes, ranges, boosts, wildcards, escapes,
//! words), so a few hundred bytes reach nesting and operator combinations that random text
//! almost never does. The query goes through the whole search (limits, tantivy's parser,
//! expansion, typo correction, snippets) and the facet counts. It must never panic or abort: a
//! stack overflow in the recursive parser shows up here as a deadly signal.
#![no_main]

#[path = "common/fixture_index.rs"]
mod fixture_index;

use libfuzzer_sys::fuzz_target;
use papers::index::{FacetField, Filters, SearchRequest, SortOrder};

/// What a byte can stand for.
const TOKENS: &[&str] = &[
    "(", ")", "NOT ", " AND ", " OR ", "\"", "+", "-", "title:", "abstract:", "*", "~2", "^3", "[", " TO ",
    "]", "{", "}", "\\", " ", "diffusion", "contrastive", "vision", "transformer", "GAN", "ImageNet",
    "self-supervised", "pre", "2024", ":", "IN ", "é", "\u{202e}", "\u{9b}", "\t", "\n",
];

fuzz_target!(|data: &[u8]| {
    let query: String = data.iter().map(|byte| TOKENS[usize::from(*byte) % TOKENS.len()]).collect();
    let index = fixture_index::fixture_index("query-index");
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
