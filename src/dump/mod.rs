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

mod card_lines;
mod cards;
mod dates;
mod detect;
mod grammar;
mod json_bounds;
mod lines;
mod lists;
mod markup;
mod paragraphs;
mod plain;
#[cfg(test)]
mod proptests;
mod structured;
#[cfg(test)]
mod test_support;

use std::io::{BufRead, Read};

use crate::record::{Details, Metadata, Paper, Source};

pub use dates::current_year;
pub use detect::{Detection, Format};
pub use lines::NotText;

/// Settings for one parse.
#[derive(Debug, Clone, Copy)]
pub struct ParseOptions {
    /// The year of year-less dates, overriding inference (`--year`).
    pub year: Option<i32>,
    /// The latest year inference may produce (normally the current year).
    pub current_year: i32,
    /// Run extraction on each record. Without it the extracted fields stay empty until the
    /// caller runs [`Paper::extract`] (ingest first checks whether the paper changed at all).
    pub extract: bool,
}

impl ParseOptions {
    pub fn with_year(year: Option<i32>) -> ParseOptions {
        ParseOptions {
            year,
            current_year: current_year(),
            extract: true,
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
    /// The input is in a recognised format but broken (JSON that does not parse).
    Malformed(String),
    /// The event handler failed (for example, stdout was closed).
    Handler(anyhow::Error),
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseError::NotText(reason) => write!(f, "not a text dump: {reason}"),
            ParseError::Io(error) => write!(f, "{error}"),
            ParseError::Malformed(reason) => write!(f, "{reason}"),
            ParseError::Handler(error) => write!(f, "{error:#}"),
        }
    }
}

impl std::error::Error for ParseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ParseError::Io(error) => Some(error),
            ParseError::Handler(error) => Some(error.as_ref()),
            ParseError::NotText(_) | ParseError::Malformed(_) => None,
        }
    }
}

impl From<std::io::Error> for ParseError {
    fn from(error: std::io::Error) -> Self {
        ParseError::Io(error)
    }
}

/// Counts of what one parse produced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParseSummary {
    pub papers: u64,
    pub warnings: u64,
    /// The layout the input was read as, and why.
    pub detection: Option<Detection>,
    /// Candidates that looked like papers but had no evidence of being one (the first
    /// [`MOST_SKIPPED_LISTED`]; `papers parse --explain` lists them).
    pub skipped: Vec<Skipped>,
    /// How many candidates were skipped in all.
    pub skipped_count: u64,
}

/// A candidate record left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub line: u64,
    pub title: String,
    pub reason: String,
}

/// Most skipped candidates kept for `--explain`.
pub const MOST_SKIPPED_LISTED: usize = 50;

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
    let mut sample = Vec::with_capacity(detect::SAMPLE_BYTES);
    (&mut reader)
        .take(detect::SAMPLE_BYTES as u64)
        .read_to_end(&mut sample)?;
    let detection = detect::detect(&String::from_utf8_lossy(&sample));
    let reader = std::io::Cursor::new(sample).chain(reader);
    parse_as(reader, file, options, detection, on_event)
}

/// Parses one dump in the layout `detection` names.
fn parse_as(
    reader: impl BufRead,
    file: &str,
    options: ParseOptions,
    detection: Detection,
    on_event: &mut dyn FnMut(Event) -> anyhow::Result<()>,
) -> Result<ParseSummary, ParseError> {
    let mut emitter = Emitter {
        file,
        options,
        on_event,
        segment: Segment::default(),
        summary: ParseSummary {
            detection: Some(detection.clone()),
            ..ParseSummary::default()
        },
    };
    match detection.format {
        Format::Unknown => {}
        Format::Json => structured::parse_json(reader, &mut emitter)?,
        Format::Yaml => structured::parse_yaml(reader, &mut emitter)?,
        Format::Csv => structured::parse_csv(reader, &mut emitter)?,
        Format::BrowserText => read_lines(reader, &mut plain::PlainRecogniser::default(), &mut emitter)?,
        Format::MarkdownList => read_lines(reader, &mut lists::ListRecogniser::default(), &mut emitter)?,
        format => read_lines(reader, &mut cards::CardRecogniser::new(format.markup()), &mut emitter)?,
    }
    emitter.end_segment()?;
    Ok(emitter.summary)
}

/// What turns the lines of one layout into papers.
trait Recogniser {
    fn feed(&mut self, line: lines::Line, out: &mut Emitter<'_>) -> Result<(), ParseError>;
    fn finish(&mut self, out: &mut Emitter<'_>) -> Result<(), ParseError>;
}

impl Recogniser for plain::PlainRecogniser {
    fn feed(&mut self, line: lines::Line, out: &mut Emitter<'_>) -> Result<(), ParseError> {
        plain::PlainRecogniser::feed(self, line, out)
    }
    fn finish(&mut self, out: &mut Emitter<'_>) -> Result<(), ParseError> {
        plain::PlainRecogniser::finish(self, out)
    }
}

impl Recogniser for lists::ListRecogniser {
    fn feed(&mut self, line: lines::Line, out: &mut Emitter<'_>) -> Result<(), ParseError> {
        lists::ListRecogniser::feed(self, line, out)
    }
    fn finish(&mut self, out: &mut Emitter<'_>) -> Result<(), ParseError> {
        lists::ListRecogniser::finish(self, out)
    }
}

impl Recogniser for cards::CardRecogniser {
    fn feed(&mut self, line: lines::Line, out: &mut Emitter<'_>) -> Result<(), ParseError> {
        cards::CardRecogniser::feed(self, line, out)
    }
    fn finish(&mut self, out: &mut Emitter<'_>) -> Result<(), ParseError> {
        cards::CardRecogniser::finish(self, out)
    }
}

/// Feeds every line of the input to `recogniser`, reporting damaged lines on the way.
fn read_lines(
    reader: impl BufRead,
    recogniser: &mut dyn Recogniser,
    emitter: &mut Emitter<'_>,
) -> Result<(), ParseError> {
    let mut line_reader = lines::LineReader::new(reader);
    while let Some(line) = line_reader.next_line()? {
        if line.lossy {
            emitter.warn(line.number, "invalid UTF-8 replaced with U+FFFD".to_string())?;
        }
        if line.had_nul {
            emitter.warn(line.number, "NUL bytes removed".to_string())?;
        }
        if let Some(length) = line.oversized {
            emitter.warn(
                line.number,
                format!(
                    "line is {}, longer than any title or abstract (the limit is {}); skipped",
                    human_bytes(length),
                    human_bytes(lines::LONGEST_LINE_BYTES as u64)
                ),
            )?;
        }
        recogniser.feed(line, emitter)?;
    }
    recogniser.finish(emitter)
}

/// A byte count for messages: `812 bytes`, `1.0 MiB`, `20.0 MiB`.
pub(crate) fn human_bytes(bytes: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    if bytes < 1024 * 1024 {
        format!("{bytes} bytes")
    } else {
        format!("{:.1} MiB", bytes as f64 / MIB)
    }
}

/// Every record and warning of `input` read as `format`, whatever detection would say (for the
/// recognisers' own tests).
#[cfg(test)]
pub(crate) fn parse_bytes_as(input: &[u8], format: Format) -> (Vec<Paper>, Vec<Warning>) {
    let options = ParseOptions {
        year: None,
        current_year: 2026,
        extract: false,
    };
    let detection = Detection {
        format,
        reasons: Vec::new(),
    };
    let mut papers = Vec::new();
    let mut warnings = Vec::new();
    parse_as(input, "test", options, detection, &mut |event| {
        match event {
            Event::Paper(paper) => papers.push(*paper),
            Event::Warning(warning) => warnings.push(warning),
        }
        Ok(())
    })
    .expect("in-memory input parses");
    (papers, warnings)
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
    pub upvotes: Upvotes,
    pub details: Details,
}

/// Where a paper's upvote count comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Upvotes {
    /// From the date line: the page prints the count after the date, and omits it when zero.
    OnDateLine,
    /// Shown apart from the date line (a card's count, the API's field).
    Shown(u64),
    /// The layout gives it apart from the date line, and this paper's is not known.
    Unknown,
}

/// Most papers held back while a page's year is open. Past it the year is decided from the dates
/// seen so far, so memory stays bounded even for a single page of a million papers.
const MOST_HELD_PAPERS: usize = 5_000;

/// Papers of the current page that wait for its year to be known.
#[derive(Default)]
struct Segment {
    newest_explicit_year: Option<i32>,
    /// Set once no later date on the page can change the page year.
    page_year: Option<i32>,
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
    /// Notes a candidate that is not taken for a paper (see [`ParseSummary::skipped`]).
    pub fn skip(&mut self, line: u64, title: &str, reason: &str) {
        self.summary.skipped_count += 1;
        if self.summary.skipped.len() < MOST_SKIPPED_LISTED {
            self.summary.skipped.push(Skipped {
                line,
                title: title.to_string(),
                reason: reason.to_string(),
            });
        }
    }

    pub fn warn(&mut self, line: u64, message: String) -> Result<(), ParseError> {
        self.summary.warnings += 1;
        (self.on_event)(Event::Warning(Warning { line, message })).map_err(ParseError::Handler)
    }

    pub fn paper(&mut self, found: FoundPaper) -> Result<(), ParseError> {
        if let Some(year) = self.options.year {
            return self.release(found, year);
        }
        if let Some((date, _)) = found.date {
            if let Some(year) = date.year {
                self.segment.newest_explicit_year = self.segment.newest_explicit_year.max(Some(year));
            }
        }
        if self.segment.page_year.is_none() {
            // Inference caps the year at the current one, so a date from last year or later
            // settles it for the rest of the page.
            let settled = dates::infer_page_year(self.segment.newest_explicit_year, self.options.current_year);
            if self.segment.newest_explicit_year.is_some() && settled == self.options.current_year {
                self.segment.page_year = Some(settled);
                self.release_held(settled)?;
            }
        }
        if let Some(page_year) = self.segment.page_year {
            return self.release(found, page_year);
        }
        let needs_page_year = found.date.is_some_and(|(date, _)| date.year.is_none());
        if !needs_page_year && self.segment.held.is_empty() {
            return self.release(found, self.options.current_year);
        }
        self.segment.held.push(found);
        if self.segment.held.len() >= MOST_HELD_PAPERS {
            let page_year = dates::infer_page_year(self.segment.newest_explicit_year, self.options.current_year);
            let first_line = self.segment.held[0].title_line;
            self.warn(
                first_line,
                format!(
                    "over {MOST_HELD_PAPERS} papers on one page before a date settled its year; \
                     dates without a year on this page are taken as {page_year} (pass --year to choose)"
                ),
            )?;
            self.segment.page_year = Some(page_year);
            self.release_held(page_year)?;
        }
        Ok(())
    }

    /// The page shows the day it was captured: its year is the year of dates printed without
    /// one (unless `--year` says otherwise).
    pub fn set_page_year(&mut self, year: i32) -> Result<(), ParseError> {
        if self.options.year.is_some() || self.segment.page_year.is_some() {
            return Ok(());
        }
        self.segment.page_year = Some(year);
        self.release_held(year)
    }

    fn release_held(&mut self, page_year: i32) -> Result<(), ParseError> {
        for found in std::mem::take(&mut self.segment.held) {
            self.release(found, page_year)?;
        }
        Ok(())
    }

    /// A page header or the end of the input: the page year is now known.
    pub fn end_segment(&mut self) -> Result<(), ParseError> {
        let segment = std::mem::take(&mut self.segment);
        let page_year = self
            .options
            .year
            .or(segment.page_year)
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
            // A year the user chose with --year is theirs to choose; one the dump printed, or one
            // inferred from what it printed, must be a year a paper can have.
            let chosen = date_line.year.is_none() && self.options.year.is_some();
            match date.map(|date| date.year()) {
                None => {
                    let year = date_line.year.unwrap_or(page_year);
                    self.warn(
                        line,
                        format!(
                            "{} {} does not exist in {year}; date left empty",
                            date_line.month, date_line.day
                        ),
                    )?;
                }
                Some(year) if !chosen && !dates::is_plausible_year(year, self.options.current_year) => {
                    date = None;
                    self.warn(
                        line,
                        format!(
                            "the year {year} cannot be a paper's (arXiv began in {}); date left empty",
                            dates::EARLIEST_YEAR
                        ),
                    )?;
                }
                Some(_) => {}
            }
            if found.upvotes == Upvotes::OnDateLine {
                // The page omits a zero count, so a date line without one means no upvotes yet.
                upvotes = Some(date_line.upvotes.unwrap_or(0));
            }
        }
        match found.upvotes {
            Upvotes::Shown(count) => upvotes = Some(count),
            Upvotes::Unknown => upvotes = None,
            Upvotes::OnDateLine => {}
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
        let mut paper = Paper::unextracted(found.title, found.abstract_text, metadata, source);
        if !found.details.is_empty() {
            paper.set_details(found.details);
        }
        if self.options.extract {
            paper.extract();
        }
        self.summary.papers += 1;
        (self.on_event)(Event::Paper(Box::new(paper))).map_err(ParseError::Handler)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTIONS: ParseOptions = ParseOptions {
        year: None,
        current_year: 2026,
        extract: true,
    };

    fn page(papers: usize, date: &str) -> String {
        let mut page = String::from("new\n\nGet trending papers in your email inbox!\n\nDec 9\n\n");
        for n in 0..papers {
            page.push_str(&format!(
                "Title Number {n}\n\nAbstract number {n}.\n\n  \u{2022} 2 authors\n\u{b7}\n{date}\n\n"
            ));
        }
        page
    }

    /// Every record and warning of an input.
    fn release_order(input: &str) -> (Vec<Paper>, Vec<Warning>) {
        parse_bytes(input.as_bytes(), "d.txt", OPTIONS).unwrap()
    }

    /// A reader that tells how much of the input has been read.
    struct CountingReader<'a> {
        rest: &'a [u8],
        consumed: std::rc::Rc<std::cell::Cell<usize>>,
    }

    impl std::io::Read for CountingReader<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.rest.read(buf)?;
            self.consumed.set(self.consumed.get() + n);
            Ok(n)
        }
    }

    #[test]
    fn a_page_year_settled_by_a_recent_date_releases_papers_at_once() {
        // "May 12, 2025" settles the page year (2026): later year-less dates are not held back.
        let header = "new\n\nGet trending papers in your email inbox!\n\nDec 9\n\n";
        // Long enough that most of it lies beyond the sample read ahead to detect the format.
        let input = page(1, "May 12, 2025") + &page(3000, "May 12").replace(header, "");
        assert!(input.len() > 2 * detect::SAMPLE_BYTES);
        let consumed = std::rc::Rc::new(std::cell::Cell::new(0));
        let reader = std::io::BufReader::with_capacity(
            16,
            CountingReader {
                rest: input.as_bytes(),
                consumed: consumed.clone(),
            },
        );
        let mut read_when_released = Vec::new();
        parse_dump(reader, "d.txt", OPTIONS, &mut |event| {
            if let Event::Paper(paper) = event {
                read_when_released.push((paper.date.unwrap().year(), consumed.get() < input.len()));
            }
            Ok(())
        })
        .unwrap();
        // Each paper is released as its metadata block is read; the last block ends the input.
        assert_eq!(read_when_released.len(), 3001);
        assert_eq!(
            read_when_released[..4],
            [(2025, true), (2026, true), (2026, true), (2026, true)]
        );
        assert_eq!(read_when_released.last(), Some(&(2026, false)));
    }

    #[test]
    fn an_enormous_page_without_a_settling_date_is_released_in_bounded_batches() {
        let (papers, warnings) = release_order(&page(MOST_HELD_PAPERS + 10, "May 12"));
        assert_eq!(papers.len(), MOST_HELD_PAPERS + 10);
        assert!(papers.iter().all(|p| p.date.unwrap().to_string() == "2026-05-12"));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].message.starts_with(&format!(
                "over {MOST_HELD_PAPERS} papers on one page before a date settled its year"
            )),
            "{warnings:?}"
        );
        // A small page of year-less dates waits for the whole page and warns about nothing.
        let (papers, warnings) = release_order(&(page(3, "May 12") + &page(1, "Jan 2, 2019")));
        assert!(warnings.is_empty());
        assert_eq!(papers[0].date.unwrap().to_string(), "2026-05-12");
    }
}
