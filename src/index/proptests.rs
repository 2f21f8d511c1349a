//! Property tests for the query path: whatever a user types as a query, with whatever filters and
//! order, search answers (possibly with warnings) instead of failing or panicking, and every hit
//! and snippet it returns can be read. The fuzz target `search_query` explores the same path
//! further with coverage guidance.

use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use super::{Filters, PaperIndex, SearchRequest, SortOrder};
use crate::dump::{parse_bytes, ParseOptions};

const FIXTURE: &[u8] = include_bytes!("../../fixtures/daily-papers-2025-12-09.txt");

fn config() -> Config {
    Config {
        cases: 256,
        rng_seed: RngSeed::Fixed(0x0a11_ce5e_a4c4),
        failure_persistence: None,
        ..Config::default()
    }
}

/// The fixture's index, built once for all cases (kept for the life of the test process).
fn index() -> &'static PaperIndex {
    static INDEX: OnceLock<(tempfile::TempDir, PaperIndex)> = OnceLock::new();
    let (_, index) = INDEX.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let index = PaperIndex::open_or_create(&dir.path().join("index")).unwrap();
        let options = ParseOptions {
            year: None,
            current_year: 2026,
            extract: true,
        };
        let (papers, _) = parse_bytes(FIXTURE, "fixture.txt", options).unwrap();
        index.upsert_all(papers).unwrap();
        (dir, index)
    });
    index
}

/// Pieces of query syntax, words from the fixture, typos and odd Unicode.
fn query_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "pretraining",
            "pre-training",
            "contrastive",
            "diffusion",
            "LoRA",
            "ImageNet",
            "coco",
            "vision",
            "reinforcement learning",
            "self-supervised",
            "transformer",
            "contrastiv",
            "segmentaton",
        ])
        .prop_map(str::to_string),
        prop::sample::select(vec![
            "AND",
            "OR",
            "NOT",
            "-",
            "+",
            "\"",
            "(",
            ")",
            ":",
            "*",
            "?",
            "~",
            "~2",
            "^",
            "^3",
            "[",
            "]",
            "{",
            "}",
            "TO",
            "title:",
            "abstract:",
            "topics:",
            "date:",
            "upvotes:>",
            "IN [",
            "\\",
            "/",
            "''",
            "__",
            "…",
        ])
        .prop_map(str::to_string),
        "\\PC{0,12}",
        "[\u{0}-\u{1f}\u{7f}\u{200b}\u{202e}\u{fe0f}\u{1f600}a-z]{1,6}",
    ]
}

fn query() -> impl Strategy<Value = String> {
    prop::collection::vec(query_piece(), 1..8).prop_map(|pieces| pieces.join(" "))
}

fn sort() -> impl Strategy<Value = SortOrder> {
    prop::sample::select(vec![SortOrder::Relevance, SortOrder::Date, SortOrder::Upvotes])
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_query_gets_an_answer(query in query(), sort in sort(), expand in any::<bool>(), limit in 1usize..20,
                                has_code in any::<bool>(), topic in prop::option::of(Just("vision".to_string()))) {
        let request = SearchRequest {
            query: Some(query),
            filters: Filters {
                has_code,
                topics: topic.into_iter().collect(),
                ..Filters::default()
            },
            sort,
            limit: Some(limit),
            expand,
            signals: expand,
            ranker: Default::default(),
        };
        let outcome = index().search(&request).expect("a search never fails on its query text");
        let mut count = 0;
        for hit in outcome.hits() {
            let hit = hit.expect("every hit can be read");
            if let Some((text, ranges)) = &hit.snippet {
                for range in ranges {
                    prop_assert!(text.get(range.clone()).is_some(), "highlight {range:?} inside {text:?}");
                }
            }
            count += 1;
        }
        prop_assert!(count <= limit);
    }
}
