//! Everything that decides how results look: colour, terminal safety, human rendering, and the
//! machine formats. Commands hand their results here instead of formatting inline.

pub mod citation;
pub mod digest;
pub mod engine;
pub mod human;
pub mod json;
pub mod progress;
pub mod records;
pub mod shapes;
use crate::floor::safe_text;
pub mod style;

use std::io::Write;

pub use citation::{CitationFormat, CitationWriter};
pub use records::{JsonWriter, RecordFormat, RecordWriter};
pub use style::{ColorChoice, Style};

/// Diagnostics: one line on stderr, prefixed with the program name, never a raw control character.
pub fn diagnostic(kind: &str, message: &str) {
    progress::around_bar(|| {
        let mut stderr = std::io::stderr().lock();
        // A closed stderr leaves nowhere to report to; ignoring the failure is all that is left.
        let _ = writeln!(stderr, "papers: {kind}{}", safe_text::for_terminal(message));
    });
}

/// A warning on stderr.
pub fn warn(message: &str) {
    diagnostic("warning: ", message);
}

/// A plain note on stderr (summaries, hints).
pub fn note(message: &str) {
    diagnostic("", message);
}

/// "1 paper", "3 papers": a count with its noun, for messages.
pub fn count(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
