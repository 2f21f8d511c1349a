//! Fuzzes the dump parser with arbitrary bytes: it must never panic, and every record it returns
//! must satisfy the record contract (non-empty one-line title and abstract, a real source line,
//! valid JSON).
#![no_main]

use libfuzzer_sys::fuzz_target;
use papers::dump::{parse_bytes, ParseOptions};

fuzz_target!(|data: &[u8]| {
    let options = ParseOptions {
        year: None,
        current_year: 2026,
        extract: true,
    };
    let Ok((papers, warnings)) = parse_bytes(data, "fuzz.txt", options) else {
        return;
    };
    let lines = data.split(|&b| b == b'\n').count() as u64;
    for paper in &papers {
        assert!(!paper.title.trim().is_empty(), "empty title");
        assert!(!paper.abstract_text.trim().is_empty(), "empty abstract");
        assert!(!paper.title.contains('\n'), "title spans lines");
        assert!(
            paper.source.line >= 1 && paper.source.line <= lines,
            "source line out of range"
        );
        let json = serde_json::to_string(paper).expect("a record always encodes");
        let back: serde_json::Value = serde_json::from_str(&json).expect("encoded records are valid JSON");
        assert_eq!(back["id"], paper.id.as_str());
    }
    for warning in &warnings {
        assert!(warning.line <= lines + 1, "warning line out of range");
    }
});
