//! Micro-benchmarks of the three hot paths, on the bundled fixture (45 papers) so they run
//! anywhere: parsing a dump (with and without extraction), extracting one paper, and answering a
//! query on an index of the fixture.
//!
//!     cargo bench --bench micro
//!
//! End-to-end figures on large rendered dumps come from `benches/run.sh`; see BENCHMARKS.md.

use std::sync::OnceLock;

use divan::Bencher;
use papers::dump::{parse_bytes, ParseOptions};
use papers::index::{PaperIndex, SearchRequest};

const FIXTURE: &[u8] = include_bytes!("../fixtures/daily-papers-2025-12-09.txt");

fn options(extract: bool) -> ParseOptions {
    ParseOptions {
        year: None,
        current_year: 2026,
        extract,
    }
}

fn main() {
    divan::main();
}

#[divan::bench(args = [false, true])]
fn parse_fixture(bencher: Bencher, extract: bool) {
    bencher
        .counter(divan::counter::BytesCount::new(FIXTURE.len()))
        .bench(|| parse_bytes(divan::black_box(FIXTURE), "fixture.txt", options(extract)).unwrap());
}

#[divan::bench]
fn extract_one_paper(bencher: Bencher) {
    let (papers, _) = parse_bytes(FIXTURE, "fixture.txt", options(false)).unwrap();
    let paper = &papers[0];
    // Build the lexicon automata before timing.
    papers::extract::extract(&paper.title, &paper.abstract_text);
    bencher.bench(|| papers::extract::extract(divan::black_box(&paper.title), divan::black_box(&paper.abstract_text)));
}

fn fixture_index() -> &'static PaperIndex {
    static INDEX: OnceLock<(tempfile::TempDir, PaperIndex)> = OnceLock::new();
    let (_, index) = INDEX.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let index = PaperIndex::open_or_create(&dir.path().join("index")).unwrap();
        let (papers, _) = parse_bytes(FIXTURE, "fixture.txt", options(true)).unwrap();
        index.upsert_all(papers).unwrap();
        (dir, index)
    });
    index
}

#[divan::bench(args = ["contrastive pretraining", "diffusion", "contrastiv lerning", "\"self-supervised\" AND vision"])]
fn search_ten_hits_with_snippets(bencher: Bencher, query: &str) {
    let index = fixture_index();
    bencher.bench(|| {
        let request = SearchRequest {
            query: Some(query.to_string()),
            limit: Some(10),
            expand: true,
            signals: true,
            ..SearchRequest::default()
        };
        let outcome = index.search(&request).unwrap();
        outcome
            .hits()
            .map(|hit| hit.unwrap().snippet.map_or(0, |(text, _)| text.len()))
            .sum::<usize>()
    });
}
