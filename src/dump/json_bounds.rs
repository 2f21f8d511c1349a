//! A bound on what one entry of a JSON input, and one string in it, may cost.
//!
//! serde_json reads a string whole before handing it over, so a single 200 MB abstract would be
//! held in memory (several times, as it is unwrapped, extracted and indexed) before any check in
//! the reader could see it; and a JSON value is built whole before it can be looked at. The text
//! reader skips lines over [`LONGEST_LINE_BYTES`]; this is the same bound for JSON.
//! [`BoundedJson`] sits between the file and serde_json and follows the JSON structure byte by
//! byte (strings, escapes, nesting):
//!
//! - An *entry* — an object nested only in arrays below the outermost container (the elements of
//!   a top-level array, of `{"papers": [...]}`, the values of an object keyed by id) — is held
//!   until it ends; one that grows past the bound is dropped as it streams by and the object
//!   `{"\u0000oversized": true}` takes its place.
//! - Any other string (in a JSON Lines record, a wrapper object) is held the same way; one past
//!   the bound becomes the string `"\u0000oversized"`.
//!
//! The stream stays valid JSON, memory holds at most one bounded entry or string, and the reader
//! recognises the markers ([`is_oversized`]) and skips the entry with a warning naming it and the
//! bound. Nothing else is changed: every byte within the bounds reaches serde_json as it was,
//! malformed input included (serde_json reports that).

use std::io::{self, BufRead, Read};

use serde_json::Value;

use super::lines::LONGEST_LINE_BYTES;

/// Most bytes one entry, or one string outside entries, may take in the input: the text reader's
/// longest line. A real API entry takes a few kilobytes; one with a thousand authors, 200 KB.
pub(crate) const LONGEST_ENTRY_BYTES: usize = LONGEST_LINE_BYTES;

/// Most levels of nesting inside one entry. Papers nest two or three (an author object in a list);
/// serde_json refuses a whole file past 128 levels, so a deeper entry is dropped alone.
pub(crate) const DEEPEST_ENTRY_NESTING: usize = 32;

/// What stands in for a dropped entry's or string's content.
const MARKER: &str = "\u{0}oversized";
/// The marker as JSON text inside quotes.
const MARKER_JSON: &[u8] = b"\\u0000oversized";

/// True when `value` holds the marker of something dropped for its size, anywhere inside it.
pub(crate) fn is_oversized(value: &Value) -> bool {
    match value {
        Value::String(text) => text == MARKER,
        Value::Array(items) => items.iter().any(is_oversized),
        Value::Object(fields) => fields.iter().any(|(key, value)| key == MARKER || is_oversized(value)),
        _ => false,
    }
}

/// True when `entry` is the stand-in for an entry dropped for its size.
pub(crate) fn is_dropped_entry(entry: &serde_json::Map<String, Value>) -> bool {
    entry.contains_key(MARKER)
}

/// What the scanner is doing with the bytes it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Passing bytes on (structure between entries).
    Passing,
    /// Holding an entry until it ends.
    Entry,
    /// Dropping an entry that outgrew the bound, until it ends.
    DroppedEntry,
    /// Holding a string outside entries until it ends.
    Text,
    /// Dropping a string that outgrew the bound, until it ends.
    DroppedText,
}

/// A reader that passes JSON through with entries and strings bounded (see the module comment).
pub(crate) struct BoundedJson<R: BufRead> {
    inner: R,
    mode: Mode,
    /// Open containers, outermost first (`{` or `[`).
    containers: Vec<u8>,
    /// Inside an entry or held string: in a string, after a backslash.
    in_string: bool,
    escaped: bool,
    /// How many containers were open when the held entry began.
    entry_depth: usize,
    held: Vec<u8>,
    /// Bytes ready for serde_json.
    ready: Vec<u8>,
    ready_from: usize,
    limit: usize,
}

impl<R: BufRead> BoundedJson<R> {
    pub(crate) fn new(inner: R) -> BoundedJson<R> {
        Self::with_limit(inner, LONGEST_ENTRY_BYTES)
    }

    pub(crate) fn with_limit(inner: R, limit: usize) -> BoundedJson<R> {
        BoundedJson {
            inner,
            mode: Mode::Passing,
            containers: Vec::new(),
            in_string: false,
            escaped: false,
            entry_depth: 0,
            held: Vec::new(),
            ready: Vec::new(),
            ready_from: 0,
            limit,
        }
    }

    /// True when an object opening now is an entry: inside an outermost container, and inside
    /// nothing but arrays below it.
    fn at_entry_position(&self) -> bool {
        !self.containers.is_empty() && self.containers[1..].iter().all(|&open| open == b'[')
    }

    fn scan(&mut self, byte: u8) {
        match self.mode {
            Mode::Passing => match byte {
                b'"' => {
                    self.mode = Mode::Text;
                    self.held.push(byte);
                }
                b'{' if self.at_entry_position() => {
                    self.mode = Mode::Entry;
                    self.entry_depth = self.containers.len();
                    self.containers.push(byte);
                    self.held.push(byte);
                }
                b'{' | b'[' => {
                    self.containers.push(byte);
                    self.ready.push(byte);
                }
                b'}' | b']' => {
                    self.containers.pop();
                    self.ready.push(byte);
                }
                _ => self.ready.push(byte),
            },
            Mode::Text | Mode::DroppedText => {
                let ended = self.string_ends(byte);
                if self.mode == Mode::Text {
                    self.held.push(byte);
                    if ended {
                        self.ready.append(&mut self.held);
                        self.mode = Mode::Passing;
                    } else if self.held.len() > self.limit {
                        self.held = Vec::new();
                        self.mode = Mode::DroppedText;
                    }
                } else if ended {
                    self.ready.push(b'"');
                    self.ready.extend_from_slice(MARKER_JSON);
                    self.ready.push(b'"');
                    self.mode = Mode::Passing;
                }
            }
            Mode::Entry | Mode::DroppedEntry => {
                let ended = self.entry_ends(byte);
                if self.mode == Mode::Entry {
                    self.held.push(byte);
                    let too_deep = self.containers.len() - self.entry_depth > DEEPEST_ENTRY_NESTING;
                    if ended {
                        self.ready.append(&mut self.held);
                        self.mode = Mode::Passing;
                    } else if self.held.len() > self.limit || too_deep {
                        self.held = Vec::new();
                        self.mode = Mode::DroppedEntry;
                    }
                } else if ended {
                    self.ready.extend_from_slice(b"{\"");
                    self.ready.extend_from_slice(MARKER_JSON);
                    self.ready.extend_from_slice(b"\": true}");
                    self.mode = Mode::Passing;
                }
            }
        }
    }

    /// Inside a held string (its opening quote already seen): true when `byte` closes it.
    fn string_ends(&mut self, byte: u8) -> bool {
        if self.escaped {
            self.escaped = false;
            false
        } else if byte == b'\\' {
            self.escaped = true;
            false
        } else {
            byte == b'"'
        }
    }

    /// Inside a held entry: follows its strings and nesting; true when `byte` closes the entry.
    fn entry_ends(&mut self, byte: u8) -> bool {
        if self.in_string {
            if !self.string_ends(byte) {
                return false;
            }
            self.in_string = false;
            return false;
        }
        match byte {
            b'"' => self.in_string = true,
            b'{' | b'[' => self.containers.push(byte),
            b'}' | b']' => {
                self.containers.pop();
                return self.containers.len() == self.entry_depth;
            }
            _ => {}
        }
        false
    }
}

impl<R: BufRead> Read for BoundedJson<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.ready_from == self.ready.len() {
            self.ready.clear();
            self.ready_from = 0;
            let available = self.inner.fill_buf()?;
            if available.is_empty() {
                // The end: what was held, cut off by it, goes out as it is, for serde_json to report.
                if matches!(self.mode, Mode::Entry | Mode::Text) {
                    self.ready.append(&mut self.held);
                    self.mode = Mode::Passing;
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

    fn bounded(input: &str, limit: usize) -> String {
        let mut reader = BoundedJson::with_limit(input.as_bytes(), limit);
        let mut out = String::new();
        reader.read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn everything_within_the_bounds_passes_unchanged() {
        for input in [
            r#"[ {"title": "a \"quoted\" } ] title", "n": [1, 2]}, "x", 5, {"b": {}} ]"#,
            "{\"a\": 1}\n{\"b\": \"}\\\\\"}\n",
            r#"{"date": "2024-01-02", "papers": [{"title": "t"}, {"title": "u"}]}"#,
            r#"{"2405.15738": {"title": "t"}, "2405.15739": {"title": "u"}}"#,
            r#"[{"title": "cut"#,
        ] {
            assert_eq!(bounded(input, 64), input);
        }
    }

    #[test]
    fn an_oversized_entry_becomes_a_marked_object() {
        let big = "x".repeat(200);
        for (input, expected) in [
            (
                format!(r#"[{{"title": "ok"}}, {{"summary": "{big}", "t": "]"}}, {{"title": "next"}}]"#),
                r#"[{"title": "ok"}, {"\u0000oversized": true}, {"title": "next"}]"#,
            ),
            (
                format!(r#"{{"papers": [{{"t": "{big}"}}, {{"t": "b"}}]}}"#),
                r#"{"papers": [{"\u0000oversized": true}, {"t": "b"}]}"#,
            ),
            (
                format!(r#"{{"2405.1": {{"t": "{big}"}}}}"#),
                r#"{"2405.1": {"\u0000oversized": true}}"#,
            ),
        ] {
            let out = bounded(&input, 100);
            assert_eq!(out, expected);
            let value: Value = serde_json::from_str(&out).unwrap();
            assert!(is_oversized(&value));
        }
    }

    #[test]
    fn an_entry_nested_too_deeply_is_dropped_alone() {
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        let input = format!(r#"[{{"title": "ok"}}, {{"x": {deep}}}, {{"title": "next"}}]"#);
        let out = bounded(&input, 1 << 20);
        assert_eq!(
            out,
            r#"[{"title": "ok"}, {"\u0000oversized": true}, {"title": "next"}]"#
        );
    }

    #[test]
    fn an_oversized_string_outside_entries_becomes_a_marked_string() {
        let big = "y".repeat(300);
        let input = format!("{{\"title\": \"a\"}}\n{{\"title\": \"{big}\"}}\n{{\"title\": \"c\"}}\n");
        let out = bounded(&input, 100);
        assert_eq!(
            out,
            "{\"title\": \"a\"}\n{\"title\": \"\\u0000oversized\"}\n{\"title\": \"c\"}\n"
        );
        let values: Vec<Value> = serde_json::Deserializer::from_str(&out)
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            values.iter().map(is_oversized).collect::<Vec<_>>(),
            [false, true, false]
        );
    }

    #[test]
    fn a_huge_string_is_never_held_whole() {
        for input in [
            format!("[{{\"summary\": \"{}\"}}]", "z".repeat(5 * LONGEST_ENTRY_BYTES)),
            format!("{{\"summary\": \"{}\"}}", "z".repeat(5 * LONGEST_ENTRY_BYTES)),
        ] {
            let mut reader = BoundedJson::new(io::BufReader::new(input.as_bytes()));
            let mut out = String::new();
            reader.read_to_string(&mut out).unwrap();
            assert!(out.len() < 64, "{out}");
            assert!(is_oversized(&serde_json::from_str(&out).unwrap()));
            assert!(
                reader.held.capacity() <= 2 * LONGEST_ENTRY_BYTES && reader.ready.capacity() <= 2 * LONGEST_ENTRY_BYTES,
                "held {} and ready {} bytes",
                reader.held.capacity(),
                reader.ready.capacity()
            );
        }
    }
}
