//! Extraction throughput: papers per second for `papers::extract::extract` over real titles and
//! abstracts from the shared Daily Papers corpus.
//!
//!     cargo bench --bench extract [-- PATH/TO/hf-daily-papers.jsonl]
//!
//! Without the corpus (it is not part of the repository) the benchmark says so and exits.

use std::time::Instant;

fn main() {
    let path = std::env::args()
        .skip(1)
        .find(|arg| !arg.starts_with('-'))
        .unwrap_or_else(|| "../shared/corpus/hf-daily-papers.jsonl".to_string());
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("extract bench: corpus not found at {path}; pass its path after `--`");
        return;
    };
    let papers: Vec<(String, String)> = text
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .map(|record| {
            let flat = |key: &str| {
                record[key]
                    .as_str()
                    .unwrap_or_default()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            (flat("title"), flat("abstract"))
        })
        .collect();
    let bytes: usize = papers.iter().map(|(t, a)| t.len() + a.len()).sum();

    let start = Instant::now();
    let first = papers::extract::extract(&papers[0].0, &papers[0].1);
    let warm_up = start.elapsed();
    std::hint::black_box(first);

    let mut rounds = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        let mut entities = 0usize;
        for (title, abstract_text) in &papers {
            let extraction = papers::extract::extract(title, abstract_text);
            entities += extraction.methods.len() + extraction.datasets.len() + extraction.topics.len();
        }
        std::hint::black_box(entities);
        rounds.push(start.elapsed());
    }
    let best = rounds.iter().min().copied().unwrap_or_default();
    let per_second = papers.len() as f64 / best.as_secs_f64();
    println!(
        "extract: {} papers ({:.1} MB), first call (lexicon build) {:.1} ms, best of 3: {:.3} s = {:.0} papers/s, {:.1} MB/s",
        papers.len(),
        bytes as f64 / 1e6,
        warm_up.as_secs_f64() * 1000.0,
        best.as_secs_f64(),
        per_second,
        bytes as f64 / 1e6 / best.as_secs_f64()
    );
}
