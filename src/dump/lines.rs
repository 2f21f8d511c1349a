//! The shared line model every dump recogniser works on.
//!
//! Bytes become numbered lines here, once: line endings (LF or CRLF) and byte-order marks are
//! removed, invalid UTF-8 is decoded lossily and reported with its line number, and each line is
//! classified by what it looks like on its own (blank, page chrome, author count, separator dot,
//! date line, or text). What a line *means* depends on its neighbours and is decided by the
//! recogniser for the dump's layout, so adding a layout means adding a recogniser, not touching
//! the decoding.

use std::io::BufRead;

use super::grammar;

use super::dates::DateLine;

/// One decoded input line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the input.
    pub number: u64,
    /// The line without its line ending and without a leading byte-order mark.
    pub text: String,
    /// False only for a last line that the input cut off before its line ending.
    pub terminated: bool,
    /// True when invalid UTF-8 was replaced on this line.
    pub lossy: bool,
    /// True when NUL bytes were removed from this line.
    pub had_nul: bool,
    /// The length in bytes of a line longer than [`LONGEST_LINE_BYTES`]; such a line is dropped
    /// (its text is empty and it reads as a blank line).
    pub oversized: Option<u64>,
    pub kind: LineKind,
}

/// The longest line kept. Real titles and abstracts are a few kilobytes even when a whole
/// abstract sits on one line; a longer line is damage (a minified page, a base64 image), and
/// dropping it keeps memory bounded whatever the input.
pub const LONGEST_LINE_BYTES: usize = 1 << 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    /// Page chrome that only appears in the page header (`Get trending papers…`).
    HeaderChrome,
    /// Short page chrome (`new`, `Subscribe`, `Daily Papers`) that is chrome only next to the
    /// header, and could otherwise be ordinary text.
    WeakChrome,
    /// `  • 4 authors`
    Authors(u32),
    /// A line holding only `·`.
    Dot,
    /// `Mar 2, 2023`, `May 12`, `Aug 20, 2024 2`
    Date(DateLine),
    Text,
}

/// Classifies one line on its own.
pub fn classify(text: &str) -> LineKind {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return LineKind::Blank;
    }
    if trimmed == "\u{b7}" {
        return LineKind::Dot;
    }
    if trimmed.len() <= 48 {
        let lower = trimmed.to_lowercase();
        if grammar::HEADER_PHRASES.contains(&lower.as_str()) {
            return LineKind::HeaderChrome;
        }
        if grammar::WEAK_CHROME.contains(&lower.as_str()) {
            return LineKind::WeakChrome;
        }
        if let Some(count) = grammar::author_count(trimmed) {
            return LineKind::Authors(count);
        }
        if let Some(date) = DateLine::parse(trimmed) {
            return LineKind::Date(date);
        }
    }
    LineKind::Text
}

/// Why an input cannot be read as a text dump at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotText {
    NulBytes,
    MostlyBinary,
}

impl std::fmt::Display for NotText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotText::NulBytes => write!(f, "it contains NUL bytes, so it is binary data, not a saved page"),
            NotText::MostlyBinary => write!(f, "it is mostly not UTF-8 text, so it is binary data, not a saved page"),
        }
    }
}

/// How much of the start of the input is inspected to tell text from binary data.
const SNIFF_BYTES: usize = 8192;

/// Rejects input whose first bytes are clearly not text (NUL bytes, or mostly invalid UTF-8 and
/// control characters). Real dumps with a few bad bytes pass and are decoded lossily.
pub fn sniff_binary(reader: &mut impl BufRead) -> std::io::Result<Result<(), NotText>> {
    let head = reader.fill_buf()?;
    let head = &head[..head.len().min(SNIFF_BYTES)];
    // A multi-byte character cut at the end of the buffer is not evidence of binary data.
    let complete = match std::str::from_utf8(head) {
        Ok(_) if !head.contains(&0) => return Ok(Ok(())),
        Ok(_) => head,
        Err(error) if error.error_len().is_none() => &head[..error.valid_up_to()],
        Err(_) => head,
    };
    let decoded = String::from_utf8_lossy(complete);
    let total = decoded.chars().count().max(1);
    let bad = decoded
        .chars()
        .filter(|&c| c == char::REPLACEMENT_CHARACTER || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c')))
        .count();
    // A few stray NUL bytes in a text page are damage to skip; many mean binary data (or UTF-16).
    if bad * 10 > total {
        return Ok(Err(if head.contains(&0) {
            NotText::NulBytes
        } else {
            NotText::MostlyBinary
        }));
    }
    Ok(Ok(()))
}

/// Reads and decodes lines one at a time, so memory stays bounded by [`LONGEST_LINE_BYTES`].
pub struct LineReader<R> {
    reader: R,
    buffer: Vec<u8>,
    number: u64,
}

impl<R: BufRead> LineReader<R> {
    pub fn new(reader: R) -> Self {
        LineReader {
            reader,
            buffer: Vec::new(),
            number: 0,
        }
    }

    /// The next line, or `None` at the end of the input.
    pub fn next_line(&mut self) -> std::io::Result<Option<Line>> {
        self.buffer.clear();
        let mut length: u64 = 0;
        let mut terminated = false;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if available.is_empty() {
                break;
            }
            let (chunk, found_end) = match available.iter().position(|&b| b == b'\n') {
                Some(end) => (&available[..=end], true),
                None => (available, false),
            };
            // Keep one byte beyond the limit, so an over-long line is told from one at the limit.
            let room = (LONGEST_LINE_BYTES + 2).saturating_sub(self.buffer.len());
            self.buffer.extend_from_slice(&chunk[..chunk.len().min(room)]);
            let consumed = chunk.len();
            length += consumed as u64;
            self.reader.consume(consumed);
            if found_end {
                terminated = true;
                break;
            }
        }
        if length == 0 {
            return Ok(None);
        }
        self.number += 1;
        let content_length = length - u64::from(terminated);
        let mut bytes = self.buffer.as_slice();
        if terminated {
            bytes = &bytes[..bytes.len() - 1];
        }
        if bytes.last() == Some(&b'\r') {
            bytes = &bytes[..bytes.len() - 1];
        }
        if content_length > (LONGEST_LINE_BYTES + 1) as u64 || bytes.len() > LONGEST_LINE_BYTES {
            return Ok(Some(Line {
                number: self.number,
                text: String::new(),
                terminated,
                lossy: false,
                had_nul: false,
                oversized: Some(content_length),
                kind: LineKind::Blank,
            }));
        }
        let had_nul = bytes.contains(&0);
        let without_nul: Vec<u8>;
        if had_nul {
            without_nul = bytes.iter().copied().filter(|&b| b != 0).collect();
            bytes = &without_nul;
        }
        let (text, lossy) = match std::str::from_utf8(bytes) {
            Ok(text) => (text.to_owned(), false),
            Err(_) => (String::from_utf8_lossy(bytes).into_owned(), true),
        };
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_owned(),
            None => text,
        };
        let kind = classify(&text);
        Ok(Some(Line {
            number: self.number,
            text,
            terminated,
            lossy,
            had_nul,
            oversized: None,
            kind,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8]) -> Vec<Line> {
        let mut reader = LineReader::new(input);
        let mut out = Vec::new();
        while let Some(line) = reader.next_line().unwrap() {
            out.push(line);
        }
        out
    }

    #[test]
    fn classifies_the_metadata_block() {
        assert_eq!(classify("  \u{2022} 4 authors"), LineKind::Authors(4));
        assert_eq!(classify("  \u{2022} 1 authors"), LineKind::Authors(1));
        assert_eq!(classify("\u{b7}"), LineKind::Dot);
        assert!(matches!(classify("Aug 20, 2024 2"), LineKind::Date(_)));
        assert_eq!(classify("Subscribe"), LineKind::WeakChrome);
        assert_eq!(
            classify("Get trending papers in your email inbox!"),
            LineKind::HeaderChrome
        );
        assert_eq!(
            classify("On the Provable Advantage of Unsupervised Pretraining"),
            LineKind::Text
        );
        assert_eq!(classify("   "), LineKind::Blank);
    }

    #[test]
    fn strips_line_endings_and_byte_order_marks() {
        let got = lines(b"\xef\xbb\xbfnew\r\nTitle\r\nlast");
        assert_eq!(
            got.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(),
            ["new", "Title", "last"]
        );
        assert_eq!(got[0].kind, LineKind::WeakChrome);
        assert!(got[1].terminated);
        assert!(!got[2].terminated);
        assert_eq!(got[2].number, 3);
    }

    #[test]
    fn decodes_invalid_utf8_lossily_and_flags_the_line() {
        let got = lines(b"ok\nbad \xff byte\n");
        assert!(!got[0].lossy);
        assert!(got[1].lossy);
        assert_eq!(got[1].text, "bad \u{fffd} byte");
    }

    #[test]
    fn drops_over_long_lines_and_removes_nul_bytes() {
        let mut input = b"before\n".to_vec();
        input.extend(std::iter::repeat_n(b'x', LONGEST_LINE_BYTES + 1));
        input.extend(b"\nat\0ter\n");
        input.extend(std::iter::repeat_n(b'y', LONGEST_LINE_BYTES));
        let got = lines(&input);
        assert_eq!(got.len(), 4);
        assert_eq!(
            (got[1].oversized, got[1].kind.clone()),
            (Some(LONGEST_LINE_BYTES as u64 + 1), LineKind::Blank)
        );
        assert!(got[1].text.is_empty());
        assert_eq!(
            (got[2].text.as_str(), got[2].had_nul, got[2].number),
            ("atter", true, 3)
        );
        assert_eq!(
            (got[3].oversized, got[3].text.len()),
            (None, LONGEST_LINE_BYTES),
            "a line at the limit is kept"
        );
        assert!(!got[3].terminated);
    }

    #[test]
    fn sniffing_rejects_binary_and_accepts_text_with_a_few_bad_bytes() {
        let mut binary: &[u8] = &[0x89, b'P', b'N', b'G', 0, 0, 0, 13];
        assert_eq!(sniff_binary(&mut binary).unwrap(), Err(NotText::NulBytes));
        let utf16: Vec<u8> = "Title\n".bytes().flat_map(|b| [b, 0]).collect();
        assert_eq!(sniff_binary(&mut utf16.as_slice()).unwrap(), Err(NotText::NulBytes));
        let mut stray_nul: &[u8] = b"Title\n\nAn abstract with a stray \0 byte in an otherwise fine line.\n";
        assert_eq!(sniff_binary(&mut stray_nul).unwrap(), Ok(()));
        let noise: Vec<u8> = (0..4000u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8 | 0x80)
            .collect();
        assert_eq!(sniff_binary(&mut noise.as_slice()).unwrap(), Err(NotText::MostlyBinary));
        let mut text: &[u8] = b"Title\n\nAn abstract with one \xff bad byte in it, otherwise fine.\n";
        assert_eq!(sniff_binary(&mut text).unwrap(), Ok(()));
        let mut cut: &[u8] = "caf\u{e9}".as_bytes().split_last().unwrap().1;
        assert_eq!(sniff_binary(&mut cut).unwrap(), Ok(()));
    }
}
