//! Reading saved Daily Papers pages ("dumps") into paper records.
//!
//! The pipeline is: bytes → [`lines`] (decoding and per-line classification, shared by every
//! layout) → a recogniser for the page layout ([`plain`] for the browser's copy-paste text) that
//! finds paper blocks by their anchors → [`Paper`] records. Records stream out through a callback
//! as soon as they are known, so memory stays bounded by one page of papers, not the whole input.
//!
//! Year-less dates are the one reason to hold records back: their year is only known once the
//! page (the "segment" between two page headers) has been read to its end, so from the first
//! year-less date until the end of its segment records are buffered, then released in order.

mod dates;
mod lines;
mod paragraphs;
mod plain;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod test_support;

use std::io::BufRead;

use crate::record::{Metadata, Paper, Source};

pub use dates::current_year;
pub use lines::NotText;

/// Settings for one parse.
#[derive(Debug, Clone, Copy)]
pub struct ParseOptions {
    /// The year of year-less dates, overriding inference (`--year`).
    pub year: Option<i32>,
    /// The latest year inference may produce (normally the current year).
    pub current_year: i32,
}

impl ParseOptions {
    pub fn with_year(year: Option<i32>) -> ParseOptions {
        ParseOptions {
            year,
            current_year: current_year(),
        }
    }
}

/// Something worth telling the user about the input that did not stop the parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub line: u64,
    pub message: String,
}

/// What the parser hands to its caller, in input order.
#[derive(Debug)]
pub enum Event {
    Paper(Box<Paper>),
    Warning(Warning),
}

/// Why a dump could not be parsed at all.
#[derive(Debug)]
pub enum ParseError {
    NotText(NotText),
    Io(std::io::Error),
    /// The event handler failed (for example, stdout was closed).
    Handler(anyhow::Error),
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseError::NotText(reason) => write!(f, "not a text dump: {reason}"),
            ParseError::Io(error) => write!(f, "{error}"),
            ParseError::Handler(error) => write!(f, "{error:#}"),
        }
    }
}

impl std::error::Error for ParseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ParseError::Io(error) => Some(error),
            ParseError::Handler(error) => Some(error.as_ref()),
            ParseError::NotText(_) => None,
        }
    }
}

impl From<std::io::Error> for ParseError {
    fn from(error: std::io::Error) -> Self {
        ParseError::Io(error)
    }
}

/// Counts of what one parse produced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParseSummary {
    pub papers: u64,
    pub warnings: u64,
}

/// Parses one dump, calling `on_event` for every record and warning in input order.
pub fn parse_dump<R: BufRead>(
    mut reader: R,
    file: &str,
    options: ParseOptions,
    on_event: &mut dyn FnMut(Event) -> anyhow::Result<()>,
) -> Result<ParseSummary, ParseError> {
    if let Err(reason) = lines::sniff_binary(&mut reader)? {
        return Err(ParseError::NotText(reason));
    }
    let mut emitter = Emitter {
        file,
        options,
        on_event,
        segment: Segment::default(),
        summary: ParseSummary::default(),
    };
    let mut line_reader = lines::LineReader::new(reader);
    let mut recogniser = plain::PlainRecogniser::default();
    while let Some(line) = line_reader.next_line()? {
        if line.lossy {
            emitter.warn(line.number, "invalid UTF-8 replaced with U+FFFD".to_string())?;
        }
        recogniser.feed(line, &mut emitter)?;
    }
    recogniser.finish(&mut emitter)?;
    emitter.end_segment()?;
    Ok(emitter.summary)
}

/// Convenience for tests and small inputs: every record and warning of a dump held in memory.
pub fn parse_bytes(input: &[u8], file: &str, options: ParseOptions) -> Result<(Vec<Paper>, Vec<Warning>), ParseError> {
    let mut papers = Vec::new();
    let mut warnings = Vec::new();
    parse_dump(input, file, options, &mut |event| {
        match event {
            Event::Paper(paper) => papers.push(*paper),
            Event::Warning(warning) => warnings.push(warning),
        }
        Ok(())
    })?;
    Ok((papers, warnings))
}

/// A paper block as a recogniser found it, before its date is resolved.
#[derive(Debug, Clone)]
pub(crate) struct FoundPaper {
    pub title: String,
    pub abstract_text: String,
    pub title_line: u64,
    pub authors: Option<u32>,
    pub date: Option<(dates::DateLine, u64)>,
}

/// Papers of the current page that wait for its year to be known.
#[derive(Default)]
struct Segment {
    newest_explicit_year: Option<i32>,
    held: Vec<FoundPaper>,
}

/// Resolves dates and passes records and warnings on, holding records back while a year is open.
pub(crate) struct Emitter<'a> {
    file: &'a str,
    options: ParseOptions,
    on_event: &'a mut dyn FnMut(Event) -> anyhow::Result<()>,
    segment: Segment,
    summary: ParseSummary,
}

impl Emitter<'_> {
    pub fn warn(&mut self, line: u64, message: String) -> Result<(), ParseError> {
        self.summary.warnings += 1;
        (self.on_event)(Event::Warning(Warning { line, message })).map_err(ParseError::Handler)
    }

    pub fn paper(&mut self, found: FoundPaper) -> Result<(), ParseError> {
        if let Some((date, _)) = found.date {
            if let Some(year) = date.year {
                self.segment.newest_explicit_year = self.segment.newest_explicit_year.max(Some(year));
            }
        }
        let needs_page_year = found.date.is_some_and(|(date, _)| date.year.is_none()) && self.options.year.is_none();
        if needs_page_year || !self.segment.held.is_empty() {
            self.segment.held.push(found);
            return Ok(());
        }
        let page_year = self.options.year.unwrap_or(self.options.current_year);
        self.release(found, page_year)
    }

    /// A page header or the end of the input: the page year is now known.
    pub fn end_segment(&mut self) -> Result<(), ParseError> {
        let segment = std::mem::take(&mut self.segment);
        let page_year = self
            .options
            .year
            .unwrap_or_else(|| dates::infer_page_year(segment.newest_explicit_year, self.options.current_year));
        for found in segment.held {
            self.release(found, page_year)?;
        }
        Ok(())
    }

    fn release(&mut self, found: FoundPaper, page_year: i32) -> Result<(), ParseError> {
        let mut date = None;
        let mut upvotes = None;
        if let Some((date_line, line)) = found.date {
            date = date_line.resolve(page_year);
            if date.is_none() {
                let year = date_line.year.unwrap_or(page_year);
                self.warn(
                    line,
                    format!(
                        "{} {} does not exist in {year}; date left empty",
                        date_line.month, date_line.day
                    ),
                )?;
            }
            // The page omits a zero count, so a date line without one means no upvotes yet.
            upvotes = Some(date_line.upvotes.unwrap_or(0));
        }
        let metadata = Metadata {
            authors: found.authors,
            date,
            upvotes,
        };
        let source = Source {
            file: self.file.to_string(),
            line: found.title_line,
        };
        let paper = Paper::new(found.title, found.abstract_text, metadata, source);
        self.summary.papers += 1;
        (self.on_event)(Event::Paper(Box::new(paper))).map_err(ParseError::Handler)
    }
}
