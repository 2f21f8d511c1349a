//! JSON that is safe to print to a terminal: every JSON `papers` writes goes through here.
//!
//! serde_json escapes the C0 control characters, `"` and `\`, and writes every other character
//! as itself. Scraped titles may hold characters that a terminal acts on although JSON does not
//! require escaping them: DEL, the C1 controls (U+0080–U+009F; U+009B starts an escape sequence
//! on many terminals, like ESC `[`) and the bidirectional overrides and isolates, which reorder
//! what a reader sees. [`Escaping`] writes those as `\uXXXX` escapes. The result is the same JSON
//! value (a parser reads back the same string) and holds no byte a terminal would act on.
//!
//! It works on the byte stream, after serialisation: in JSON text these characters can only occur
//! inside strings (everything outside strings is ASCII), and inside a string `\uXXXX` is always a
//! valid spelling of the character, so rewriting them wherever they occur is correct.

use std::io::{self, Write};

use serde::Serialize;

/// Writes `value` as compact JSON with the escapes described above.
pub fn to_writer<W: Write, T: Serialize + ?Sized>(out: W, value: &T) -> anyhow::Result<()> {
    let mut out = Escaping::new(out);
    serde_json::to_writer(&mut out, value).map_err(from_json_error)?;
    out.finish()?;
    Ok(())
}

/// Writes `value` as indented JSON with the escapes described above.
pub fn to_writer_pretty<W: Write, T: Serialize + ?Sized>(out: W, value: &T) -> anyhow::Result<()> {
    let mut out = Escaping::new(out);
    serde_json::to_writer_pretty(&mut out, value).map_err(from_json_error)?;
    out.finish()?;
    Ok(())
}

/// A serde_json error as an error chain that keeps an I/O error (a closed pipe) recognisable.
pub fn from_json_error(error: serde_json::Error) -> anyhow::Error {
    if error.is_io() {
        anyhow::Error::new(io::Error::from(error))
    } else {
        anyhow::Error::new(error).context("encoding JSON")
    }
}

/// True for the characters a terminal may act on that JSON leaves unescaped.
pub fn needs_escape(c: char) -> bool {
    matches!(c, '\u{7f}'..='\u{9f}') || crate::floor::safe_text::is_bidi_control(c)
}

/// A writer that rewrites [`needs_escape`] characters of the JSON passing through as `\uXXXX`.
pub struct Escaping<W: Write> {
    out: W,
    /// The start of a multi-byte character cut off at the end of the last write.
    pending: Vec<u8>,
}

impl<W: Write> Escaping<W> {
    pub fn new(out: W) -> Escaping<W> {
        Escaping {
            out,
            pending: Vec::new(),
        }
    }

    /// Writes out anything held back and returns the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        if !self.pending.is_empty() {
            let rest = std::mem::take(&mut self.pending);
            self.out.write_all(&rest)?;
        }
        Ok(self.out)
    }

    fn write_escaped(&mut self, text: &str) -> io::Result<()> {
        let mut clean_from = 0;
        for (at, c) in text.char_indices() {
            if needs_escape(c) {
                self.out.write_all(&text.as_bytes()[clean_from..at])?;
                write!(self.out, "\\u{:04x}", c as u32)?;
                clean_from = at + c.len_utf8();
            }
        }
        self.out.write_all(&text.as_bytes()[clean_from..])
    }
}

impl<W: Write> Write for Escaping<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut bytes = std::mem::take(&mut self.pending);
        bytes.extend_from_slice(buf);
        let (valid, rest) = match std::str::from_utf8(&bytes) {
            Ok(text) => (text, &[][..]),
            Err(error) if error.error_len().is_none() => {
                // A character cut at the end: keep its start for the next write.
                let cut = error.valid_up_to();
                let text = std::str::from_utf8(&bytes[..cut]).expect("valid up to the cut");
                (text, &bytes[cut..])
            }
            Err(_) => {
                // Not UTF-8 (never from serde_json): passed through untouched.
                self.out.write_all(&bytes)?;
                return Ok(buf.len());
            }
        };
        self.write_escaped(valid)?;
        self.pending = rest.to_vec();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(value: &serde_json::Value) -> String {
        let mut out = Vec::new();
        to_writer(&mut out, value).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn terminal_controls_are_escaped_and_read_back_the_same() {
        let title = "a\u{9b}31mred\u{202e}txt.exe\u{2066}x\u{2069}\u{7f}\u{1b}]52;c;AAAA\u{7}";
        let value = serde_json::json!({ "title": title, "ok": "Ünïcödé – ok" });
        let text = encode(&value);
        assert!(
            text.chars().all(|c| !c.is_control() && !needs_escape(c)),
            "no control character is left raw: {text:?}"
        );
        assert!(
            text.contains("\\u009b") && text.contains("\\u202e") && text.contains("\\u007f"),
            "{text}"
        );
        assert!(text.contains("Ünïcödé – ok"), "other characters stay as they are");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn characters_cut_between_writes_are_rejoined() {
        let mut out = Escaping::new(Vec::new());
        let bytes = "\"x\u{202e}y\u{e9}\"".as_bytes();
        for chunk in bytes.chunks(1) {
            out.write_all(chunk).unwrap();
        }
        let text = String::from_utf8(out.finish().unwrap()).unwrap();
        assert_eq!(text, "\"x\\u202ey\u{e9}\"");
    }
}
