//! Fuzzes the dump parser with arbitrary bytes: it must never panic, and every record it returns
//! must satisfy the record contract (a non-empty one-line title, an abstract without line breaks
//! (empty only where a card layout shows none), a real source line, valid JSON).
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
        assert!(!paper.abstract_text.contains('\n'), "abstract spans lines");
        assert!(!paper.title.contains('\n'), "title spans lines");
        // For JSON input the source line is the entry's position, which can exceed the lines.
        let json_input = data.iter().find(|b| !b.is_ascii_whitespace()).is_some_and(|b| matches!(b, b'[' | b'{'));
        assert!(
            paper.source.line >= 1 && (json_input || paper.source.line <= lines),
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
