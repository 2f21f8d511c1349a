//! Machine-readable record output: a JSON array, JSON Lines, or CSV.
//!
//! Writers stream: each record is written as it arrives, so exporting every paper never holds
//! them all in memory. The JSON array puts one record per line, which is valid JSON and still
//! friendly to `grep` and diffs.

use std::io::Write;

use serde::Serialize;

use super::citation::{CitationFormat, CitationWriter};
use super::engine::{BulkAction, BulkTarget, EngineDocument};
use super::json::{from_json_error, Escaping};
use crate::floor::safe_text::for_terminal;
use crate::record::Paper;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RecordFormat {
    /// A JSON array, one record per line.
    #[default]
    Json,
    /// One JSON object per line (JSON Lines).
    Jsonl,
    /// Comma-separated values with a header row (RFC 4180); lists are joined with `;`.
    Csv,
    /// Search-engine documents, one per line, for Quickwit (`deploy/quickwit/`).
    Ndjson,
    /// An Elasticsearch/OpenSearch `_bulk` body: an action line, then the document (`deploy/opensearch/`).
    Bulk,
    /// BibTeX entries (see `papers cite`).
    Bibtex,
    /// RIS records (see `papers cite`).
    Ris,
    /// A CSL-JSON array (see `papers cite`).
    CslJson,
}

/// CSV columns, in order (columns added later come last, so positions stay stable).
pub const CSV_HEADER: [&str; 23] = [
    "id",
    "title",
    "abstract",
    "authors",
    "date",
    "upvotes",
    "links",
    "topics",
    "methods",
    "datasets",
    "introduces",
    "code",
    "source_file",
    "source_line",
    "comments",
    "github",
    "stars",
    "arxiv_id",
    "author_names",
    "summary",
    "keywords",
    "organization",
    "project_page",
];

/// A CSV cell as written: terminal controls replaced (as in human output; CSV has no escapes for
/// them), and a leading apostrophe where a spreadsheet would run the cell as a formula.
pub fn csv_cell(cell: &str) -> String {
    spreadsheet_safe(&for_terminal(cell)).into_owned()
}

/// A cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or
/// a carriage return) gets a leading apostrophe, so opening an export never executes scraped text.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// A record with the reader's marks on it, as `show --json` and `list --json` print it: every
/// record field, then `status`, `tags` and `note`.
#[derive(Serialize)]
pub struct MarkedRecord<'a> {
    #[serde(flatten)]
    pub paper: &'a Paper,
    pub status: crate::triage::Status,
    pub tags: &'a [String],
    pub note: Option<&'a str>,
}

/// A CSV writer's error as the I/O error it wraps, when it wraps one: the csv crate's error
/// does not expose it as its source, and a closed pipe (`papers export --format csv | head -1`)
/// must be recognised as one to end quietly.
fn from_csv_error(error: csv::Error) -> anyhow::Error {
    if !error.is_io_error() {
        return error.into();
    }
    match error.into_kind() {
        csv::ErrorKind::Io(io) => io.into(),
        // Not reached: `is_io_error` is true only for this kind.
        _ => anyhow::anyhow!("writing CSV failed"),
    }
}

/// Writes a stream of serialisable values (records or hits) in one of the JSON shapes, with
/// terminal controls escaped (see [`super::json`]).
pub struct JsonWriter<W: Write> {
    out: Escaping<W>,
    lines: bool,
    written: u64,
}

impl<W: Write> JsonWriter<W> {
    /// `lines` selects JSON Lines instead of an array.
    pub fn new(out: W, lines: bool) -> Self {
        JsonWriter {
            out: Escaping::new(out),
            lines,
            written: 0,
        }
    }

    pub fn write<T: Serialize>(&mut self, value: &T) -> anyhow::Result<()> {
        if !self.lines {
            self.out
                .write_all(if self.written == 0 { b"[\n  " } else { b",\n  " })?;
        }
        serde_json::to_writer(&mut self.out, value).map_err(from_json_error)?;
        if self.lines {
            self.out.write_all(b"\n")?;
        }
        self.written += 1;
        Ok(())
    }

    pub fn finish(mut self) -> anyhow::Result<W> {
        if !self.lines {
            self.out.write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()?;
        Ok(self.out.finish()?)
    }
}

/// Writes records in any [`RecordFormat`].
pub enum RecordWriter<W: Write> {
    Json(JsonWriter<W>),
    Csv(Box<csv::Writer<W>>),
    Engine { out: JsonWriter<W>, bulk: bool },
    Citation(CitationWriter<W>),
}

impl<W: Write> RecordWriter<W> {
    pub fn new(out: W, format: RecordFormat) -> anyhow::Result<Self> {
        Ok(match format {
            RecordFormat::Json => RecordWriter::Json(JsonWriter::new(out, false)),
            RecordFormat::Jsonl => RecordWriter::Json(JsonWriter::new(out, true)),
            RecordFormat::Ndjson => RecordWriter::Engine {
                out: JsonWriter::new(out, true),
                bulk: false,
            },
            RecordFormat::Bulk => RecordWriter::Engine {
                out: JsonWriter::new(out, true),
                bulk: true,
            },
            RecordFormat::Bibtex => RecordWriter::Citation(CitationWriter::new(out, CitationFormat::Bibtex)),
            RecordFormat::Ris => RecordWriter::Citation(CitationWriter::new(out, CitationFormat::Ris)),
            RecordFormat::CslJson => RecordWriter::Citation(CitationWriter::new(out, CitationFormat::CslJson)),
            RecordFormat::Csv => {
                let mut writer = csv::WriterBuilder::new()
                    .terminator(csv::Terminator::CRLF)
                    .from_writer(out);
                writer.write_record(CSV_HEADER).map_err(from_csv_error)?;
                RecordWriter::Csv(Box::new(writer))
            }
        })
    }

    pub fn write(&mut self, paper: &Paper) -> anyhow::Result<()> {
        match self {
            RecordWriter::Json(writer) => writer.write(paper),
            RecordWriter::Citation(writer) => writer.write(paper),
            RecordWriter::Engine { out, bulk } => {
                if *bulk {
                    out.write(&BulkAction {
                        index: BulkTarget { id: &paper.id },
                    })?;
                }
                out.write(&EngineDocument::from(paper))
            }
            RecordWriter::Csv(writer) => {
                let optional = |value: Option<String>| value.unwrap_or_default();
                let row = [
                    paper.id.clone(),
                    paper.title.clone(),
                    paper.abstract_text.clone(),
                    optional(paper.authors.map(|n| n.to_string())),
                    optional(paper.date.map(|d| d.to_string())),
                    optional(paper.upvotes.map(|n| n.to_string())),
                    paper.links.join(";"),
                    paper.topics.join(";"),
                    paper.methods.join(";"),
                    paper.datasets.join(";"),
                    paper.introduces.join(";"),
                    paper.code.join(";"),
                    paper.source.file.clone(),
                    paper.source.line.to_string(),
                    optional(paper.comments.map(|n| n.to_string())),
                    paper.github.clone().unwrap_or_default(),
                    optional(paper.stars.map(|n| n.to_string())),
                    paper.arxiv_id.clone().unwrap_or_default(),
                    paper.author_names.join(";"),
                    paper.summary.clone().unwrap_or_default(),
                    paper.keywords.join(";"),
                    paper.organization.clone().unwrap_or_default(),
                    paper.project_page.clone().unwrap_or_default(),
                ];
                writer
                    .write_record(row.iter().map(|cell| csv_cell(cell)))
                    .map_err(from_csv_error)
            }
        }
    }

    pub fn finish(self) -> anyhow::Result<()> {
        match self {
            RecordWriter::Json(writer) | RecordWriter::Engine { out: writer, .. } => writer.finish().map(drop),
            RecordWriter::Csv(mut writer) => writer.flush().map_err(Into::into),
            RecordWriter::Citation(writer) => writer.finish().map(drop),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Metadata, Source};

    fn paper(title: &str) -> Paper {
        Paper::new(
            title.into(),
            "An \"abstract\", with commas.".into(),
            Metadata::default(),
            Source {
                file: "d.txt".into(),
                line: 3,
            },
        )
    }

    fn render(format: RecordFormat, papers: &[Paper]) -> String {
        let mut writer = RecordWriter::new(Vec::new(), format).unwrap();
        for paper in papers {
            writer.write(paper).unwrap();
        }
        let bytes = match writer {
            RecordWriter::Json(json) | RecordWriter::Engine { out: json, .. } => json.finish().unwrap(),
            RecordWriter::Csv(csv) => csv.into_inner().unwrap(),
            RecordWriter::Citation(citations) => citations.finish().unwrap(),
        };
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn json_array_is_valid_for_zero_one_and_many() {
        for count in [0, 1, 3] {
            let papers: Vec<Paper> = (0..count).map(|i| paper(&format!("T{i}"))).collect();
            let text = render(RecordFormat::Json, &papers);
            let parsed: Vec<Paper> = serde_json::from_str(&text).unwrap();
            assert_eq!(parsed, papers);
        }
    }

    #[test]
    fn jsonl_has_one_record_per_line() {
        let text = render(RecordFormat::Jsonl, &[paper("A"), paper("B")]);
        assert_eq!(text.lines().count(), 2);
        let second: Paper = serde_json::from_str(text.lines().nth(1).unwrap()).unwrap();
        assert_eq!(second.title, "B");
    }

    #[test]
    fn csv_neutralises_formulas() {
        let text = render(
            RecordFormat::Csv,
            &[paper("=HYPERLINK(\"http://x\")"), paper("@SUM(A1)"), paper("Plain")],
        );
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let titles: Vec<String> = reader.records().map(|r| r.unwrap()[1].to_string()).collect();
        assert_eq!(titles, ["'=HYPERLINK(\"http://x\")", "'@SUM(A1)", "Plain"]);
        assert_eq!(spreadsheet_safe("-1"), "'-1");
        assert_eq!(spreadsheet_safe("a=b"), "a=b");
    }

    #[test]
    fn csv_cells_carry_no_terminal_controls() {
        let hostile = "Title\u{1b}]52;c;cm0gLXJmIH4=\u{7}\u{8}\r\u{9b}31m\u{202e}gpj.exe";
        let text = render(RecordFormat::Csv, &[paper(hostile)]);
        assert!(
            text.chars()
                .all(|c| c == '\r' || c == '\n' || !(c.is_control() || c == '\u{202e}')),
            "{text:?}"
        );
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let title = reader.records().next().unwrap().unwrap()[1].to_string();
        assert_eq!(
            title,
            "Title\u{fffd}]52;c;cm0gLXJmIH4=\u{fffd}\u{fffd} \u{fffd}31m\u{fffd}gpj.exe"
        );
    }

    #[test]
    fn csv_quotes_per_rfc_4180() {
        let text = render(RecordFormat::Csv, &[paper("A, \"quoted\" title")]);
        let mut lines = text.split("\r\n");
        assert_eq!(lines.next().unwrap(), CSV_HEADER.join(","));
        let row = lines.next().unwrap();
        assert!(
            row.contains("\"A, \"\"quoted\"\" title\",\"An \"\"abstract\"\", with commas.\""),
            "{row}"
        );
    }
}
