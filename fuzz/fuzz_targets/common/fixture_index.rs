//! The index the query fuzzers search: the bundled fixture, ingested once per fuzzing process
//! into a directory of its own.

use std::sync::OnceLock;

use papers::dump::{parse_bytes, ParseOptions};
use papers::index::PaperIndex;

const FIXTURE: &[u8] = include_bytes!("../../../fixtures/daily-papers-2025-12-09.txt");

/// The fixture's index, built on first use; `name` keeps the fuzzers' directories apart.
pub fn fixture_index(name: &str) -> &'static PaperIndex {
    static INDEX: OnceLock<PaperIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("papers-fuzz-{name}-{}", std::process::id()));
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
