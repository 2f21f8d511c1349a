//! Reading the inputs of `parse`, `ingest` and `reindex`: files or standard input, each parsed
//! as a dump, its warnings shown (at most a screenful per input) and its papers handed on.
//!
//! Why here and not in `dump`: the parser reports events and knows nothing of files, terminals
//! or how many warnings a person wants to read; this is where those choices are made, once for
//! every command that reads dumps.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use anyhow::Context as _;

use crate::dump::{self, Event, ParseError, ParseOptions, ParseSummary};
use crate::output;
use crate::record::Paper;

/// Warnings shown per input before the rest are only counted.
const WARNINGS_SHOWN_PER_INPUT: u64 = 20;

/// How an input is named in messages and in `source.file`.
pub fn input_label(path: &Path) -> String {
    if path == Path::new("-") {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

/// Said when `-` is read from a terminal, which would otherwise wait without a word.
pub const END_OF_INPUT_HINT: &str = if cfg!(windows) {
    "reading standard input from the terminal: paste the page, then press Ctrl-Z and Enter"
} else {
    "reading standard input from the terminal: paste the page, then press Ctrl-D on a new line"
};

fn open_input(path: &Path) -> anyhow::Result<Box<dyn BufRead>> {
    if path == Path::new("-") {
        if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            output::note(END_OF_INPUT_HINT);
        }
        return Ok(Box::new(BufReader::new(std::io::stdin())));
    }
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    if file.metadata().is_ok_and(|metadata| metadata.is_dir()) {
        anyhow::bail!("{} is a directory; pass the dump files inside it", path.display());
    }
    Ok(Box::new(BufReader::with_capacity(256 * 1024, file)))
}

/// Total size of the inputs, when all are regular files (for a progress bar's ETA).
pub fn total_input_size(paths: &[PathBuf]) -> Option<u64> {
    paths
        .iter()
        .map(|path| {
            if path == Path::new("-") {
                return None;
            }
            std::fs::metadata(path).ok().filter(|m| m.is_file()).map(|m| m.len())
        })
        .sum()
}

/// A reader that counts the bytes its user consumed.
struct CountingReader {
    inner: Box<dyn BufRead>,
    counter: Arc<AtomicU64>,
}

impl std::io::Read for CountingReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl BufRead for CountingReader {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.counter.fetch_add(amount as u64, Ordering::Relaxed);
        self.inner.consume(amount);
    }
}

/// A reader that notes whether anything but white space went through it (to tell an empty
/// input from one in a layout papers does not know).
struct NoticingReader {
    inner: Box<dyn BufRead>,
    saw_text: bool,
}

impl std::io::Read for NoticingReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.saw_text |= buf[..n].iter().any(|b| !b.is_ascii_whitespace());
        Ok(n)
    }
}

impl BufRead for NoticingReader {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        let buffer = self.inner.fill_buf()?;
        if !self.saw_text {
            self.saw_text = buffer.iter().any(|b| !b.is_ascii_whitespace());
        }
        Ok(buffer)
    }

    fn consume(&mut self, amount: usize) {
        self.inner.consume(amount);
    }
}

/// Parses each input in turn, handing every record to `on_paper` and printing warnings to
/// stderr. Returns the totals over all inputs.
pub fn parse_inputs(
    paths: &[PathBuf],
    options: ParseOptions,
    on_paper: &mut dyn FnMut(Paper) -> anyhow::Result<()>,
) -> anyhow::Result<ParseSummary> {
    parse_inputs_counting(paths, options, None, on_paper)
}

/// Like [`parse_inputs`], adding the bytes read to `bytes_read` as it goes (for progress).
pub fn parse_inputs_counting(
    paths: &[PathBuf],
    options: ParseOptions,
    bytes_read: Option<Arc<AtomicU64>>,
    on_paper: &mut dyn FnMut(Paper) -> anyhow::Result<()>,
) -> anyhow::Result<ParseSummary> {
    let mut total = ParseSummary::default();
    for path in paths {
        let label = input_label(path);
        let inner: Box<dyn BufRead> = match &bytes_read {
            Some(counter) => Box::new(CountingReader {
                inner: open_input(path)?,
                counter: counter.clone(),
            }),
            None => open_input(path)?,
        };
        let mut reader = NoticingReader { inner, saw_text: false };
        let mut shown = 0;
        let mut on_event = |event: Event| -> anyhow::Result<()> {
            match event {
                Event::Paper(paper) => on_paper(*paper),
                Event::Warning(warning) => {
                    shown += 1;
                    if shown <= WARNINGS_SHOWN_PER_INPUT {
                        output::warn(&format!("{label}:{}: {}", warning.line, warning.message));
                    }
                    Ok(())
                }
            }
        };
        let summary = match dump::parse_dump(&mut reader, &label, options, &mut on_event) {
            Ok(summary) => summary,
            Err(ParseError::Handler(error)) => return Err(error),
            Err(error) => return Err(anyhow::Error::new(error).context(format!("reading {label}"))),
        };
        if summary.warnings > WARNINGS_SHOWN_PER_INPUT {
            output::warn(&format!(
                "{label}: {} more warnings not shown",
                summary.warnings - WARNINGS_SHOWN_PER_INPUT
            ));
        }
        total.papers += summary.papers;
        total.warnings += summary.warnings;
        if summary.papers == 0 {
            // Counted, so that the summary's warnings agree with what was said.
            total.warnings += 1;
            if reader.saw_text {
                output::warn(&no_papers_message(&label, summary.detection.as_ref()));
            } else {
                output::warn(&format!("{label} is empty: there is nothing in it to read"));
            }
        }
        total.detection = summary.detection;
        total.skipped_count += summary.skipped_count;
        total.skipped.extend(summary.skipped);
    }
    Ok(total)
}

/// What to tell the user when an input yielded no papers, with the way to find out more.
fn no_papers_message(label: &str, detection: Option<&dump::Detection>) -> String {
    let explain = if label == "<stdin>" {
        "`papers parse --explain -` with the same input shows what was found".to_string()
    } else {
        format!("`papers parse --explain {label}` shows what was found")
    };
    match detection {
        Some(detection) if detection.format != dump::Format::Unknown => format!(
            "no papers recognised in {label}, read as {} ({}); {explain}",
            detection.format.name(),
            detection.format.description()
        ),
        _ => format!(
            "no papers recognised in {label}: it does not look like a saved Daily Papers page \
             (no author counts, dates, paper links or upvote labels near its start); save the page \
             from your browser (select all, copy, paste into a text file), as Markdown, or as the \
             daily-papers API's JSON; {explain}"
        ),
    }
}
