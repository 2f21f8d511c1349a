//! A bound on what one entry of a JSON input may cost.
//!
//! serde_json reads a string whole before handing it over, so a single 200 MB abstract would be
//! held in memory (several times, as it is unwrapped, extracted and indexed) before any check in
//! the API reader could see it. The text reader skips lines over [`LONGEST_LINE_BYTES`]; this is
//! the same bound for JSON. [`BoundedEntries`] sits between the file and serde_json and tracks the
//! JSON structure byte by byte (strings, escapes, nesting). Each entry — an element of the
//! top-level array, or a top-level value of a JSON Lines file — is held until it ends; one that
//! grows past the bound is dropped as it streams by, and an empty object `{}` takes its place, so
//! the stream stays valid JSON. The entry's number is recorded in [`Oversized`], and the reader
//! warns that entry N was skipped, naming the bound. Memory stays at one bounded entry, whatever
//! the input holds.
//!
//! Nothing else is changed: the bytes of every entry within the bound reach serde_json exactly as
//! they were, malformed input included (serde_json reports that).

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::io::{self, BufRead, Read};
use std::rc::Rc;

use super::lines::LONGEST_LINE_BYTES;

/// Most bytes one entry may take in the input: the text reader's longest line. A real API entry
/// takes a few kilobytes; one with a thousand authors, about 200 KB.
pub(crate) const LONGEST_ENTRY_BYTES: usize = LONGEST_LINE_BYTES;

/// The numbers (1-based, in input order) of the entries dropped for their size.
#[derive(Debug, Clone, Default)]
pub(crate) struct Oversized(Rc<RefCell<BTreeSet<u64>>>);

impl Oversized {
    /// True when entry `position` was dropped for its size.
    pub(crate) fn contains(&self, position: u64) -> bool {
        self.0.borrow().contains(&position)
    }

    fn insert(&self, position: u64) {
        self.0.borrow_mut().insert(position);
    }
}

/// Where the scanner is in the entry it is reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    /// Between entries.
    Outside,
    /// In an entry, holding its bytes.
    Held,
    /// In an entry that outgrew the bound: its bytes are dropped until it ends.
    Dropped,
}

/// A reader that passes JSON through with each entry bounded (see the module comment).
pub(crate) struct BoundedEntries<R: BufRead> {
    inner: R,
    /// Nesting depth at which entries are values: 1 inside a top-level array, 0 for JSON Lines.
    entry_depth: usize,
    depth: usize,
    in_string: bool,
    escaped: bool,
    entry: Entry,
    /// The entry being read is a string (it ends at its closing quote, not a closing bracket).
    entry_is_string: bool,
    entries_seen: u64,
    held: Vec<u8>,
    /// Bytes ready for serde_json.
    ready: Vec<u8>,
    ready_from: usize,
    oversized: Oversized,
    limit: usize,
}

impl<R: BufRead> BoundedEntries<R> {
    /// `in_array`: the input is one top-level array (entries are its elements).
    pub(crate) fn new(inner: R, in_array: bool, oversized: Oversized) -> BoundedEntries<R> {
        Self::with_limit(inner, in_array, oversized, LONGEST_ENTRY_BYTES)
    }

    pub(crate) fn with_limit(inner: R, in_array: bool, oversized: Oversized, limit: usize) -> BoundedEntries<R> {
        BoundedEntries {
            inner,
            entry_depth: usize::from(in_array),
            depth: 0,
            in_string: false,
            escaped: false,
            entry: Entry::Outside,
            entry_is_string: false,
            entries_seen: 0,
            held: Vec::new(),
            ready: Vec::new(),
            ready_from: 0,
            oversized,
            limit,
        }
    }

    /// Scans one byte, moving it to `ready`, `held`, or nowhere.
    fn scan(&mut self, byte: u8) {
        if self.entry == Entry::Outside && self.depth == self.entry_depth && !self.in_string {
            let separator = self.entry_depth == 1 && matches!(byte, b',' | b']');
            let starts_value = !(byte.is_ascii_whitespace() || separator);
            if starts_value {
                self.entries_seen += 1;
                if matches!(byte, b'{' | b'[' | b'"') {
                    self.entry = Entry::Held;
                    self.entry_is_string = byte == b'"';
                }
                // Numbers and literals are read digit by digit; they need no holding.
            }
        }
        let ended = self.track_structure(byte);
        match self.entry {
            Entry::Outside => self.ready.push(byte),
            Entry::Held => {
                self.held.push(byte);
                if ended {
                    self.ready.append(&mut self.held);
                    self.entry = Entry::Outside;
                } else if self.held.len() > self.limit {
                    self.held = Vec::new();
                    self.entry = Entry::Dropped;
                }
            }
            Entry::Dropped => {
                if ended {
                    self.ready.extend_from_slice(b"{}");
                    self.oversized.insert(self.entries_seen);
                    self.entry = Entry::Outside;
                }
            }
        }
    }

    /// Follows strings, escapes and nesting; true when `byte` ends the current entry.
    fn track_structure(&mut self, byte: u8) -> bool {
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if byte == b'\\' {
                self.escaped = true;
            } else if byte == b'"' {
                self.in_string = false;
                return self.entry != Entry::Outside && self.entry_is_string && self.depth == self.entry_depth;
            }
            return false;
        }
        match byte {
            b'"' => self.in_string = true,
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' => {
                self.depth = self.depth.saturating_sub(1);
                return self.entry != Entry::Outside && !self.entry_is_string && self.depth == self.entry_depth;
            }
            _ => {}
        }
        false
    }
}

impl<R: BufRead> Read for BoundedEntries<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.ready_from == self.ready.len() {
            self.ready.clear();
            self.ready_from = 0;
            let available = self.inner.fill_buf()?;
            if available.is_empty() {
                // The end: an entry cut off by it goes out as it is, for serde_json to report.
                if self.entry == Entry::Held {
                    self.ready.append(&mut self.held);
                    self.entry = Entry::Outside;
                }
                if self.ready.is_empty() {
                    return Ok(0);
                }
                break;
            }
            let chunk = available.to_vec();
            self.inner.consume(chunk.len());
            for byte in chunk {
                self.scan(byte);
            }
        }
        let count = out.len().min(self.ready.len() - self.ready_from);
        out[..count].copy_from_slice(&self.ready[self.ready_from..self.ready_from + count]);
        self.ready_from += count;
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounded(input: &str, in_array: bool, limit: usize) -> (String, Vec<u64>) {
        let oversized = Oversized::default();
        let mut reader = BoundedEntries::with_limit(input.as_bytes(), in_array, oversized.clone(), limit);
        let mut out = String::new();
        reader.read_to_string(&mut out).unwrap();
        let dropped = oversized.0.borrow().iter().copied().collect();
        (out, dropped)
    }

    #[test]
    fn entries_within_the_bound_pass_unchanged() {
        let input = r#"[ {"title": "a \"quoted\" } ] title", "n": [1, 2]}, "x", 5, {"b": {}} ]"#;
        assert_eq!(bounded(input, true, 64), (input.to_string(), vec![]));
        let lines = "{\"a\": 1}\n{\"b\": \"}\\\\\"}\n";
        assert_eq!(bounded(lines, false, 64), (lines.to_string(), vec![]));
    }

    #[test]
    fn an_oversized_entry_becomes_an_empty_object_and_is_recorded() {
        let big = "x".repeat(200);
        let input = format!(r#"[{{"title": "ok"}}, {{"summary": "{big}", "t": "]"}}, {{"title": "next"}}]"#);
        let (out, dropped) = bounded(&input, true, 100);
        assert_eq!(out, r#"[{"title": "ok"}, {}, {"title": "next"}]"#);
        assert_eq!(dropped, vec![2]);
        let value: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(value[2]["title"], "next");
    }

    #[test]
    fn json_lines_entries_are_bounded_one_by_one() {
        let big = "y".repeat(300);
        let input = format!("{{\"title\": \"a\"}}\n\"{big}\"\n{{\"title\": \"c\"}}\n");
        let (out, dropped) = bounded(&input, false, 100);
        assert_eq!(out, "{\"title\": \"a\"}\n{}\n{\"title\": \"c\"}\n");
        assert_eq!(dropped, vec![2]);
    }

    #[test]
    fn input_cut_inside_an_entry_is_passed_on_for_the_parser_to_report() {
        let input = r#"[{"title": "cut"#;
        assert_eq!(bounded(input, true, 100), (input.to_string(), vec![]));
    }

    #[test]
    fn a_huge_string_is_never_held_whole() {
        let input = format!("[{{\"summary\": \"{}\"}}]", "z".repeat(5 * LONGEST_ENTRY_BYTES));
        let oversized = Oversized::default();
        let mut reader = BoundedEntries::new(io::BufReader::new(input.as_bytes()), true, oversized.clone());
        let mut out = String::new();
        reader.read_to_string(&mut out).unwrap();
        assert_eq!(out, "[{}]");
        assert!(oversized.contains(1));
        assert!(
            reader.held.capacity() <= 2 * LONGEST_ENTRY_BYTES && reader.ready.capacity() <= 2 * LONGEST_ENTRY_BYTES,
            "held {} and ready {} bytes",
            reader.held.capacity(),
            reader.ready.capacity()
        );
    }
}
