//! Recogniser for the Hugging Face daily-papers API's JSON.
//!
//! The API answers with an array of entries, `{paper: {id, title, summary, authors, publishedAt,
//! upvotes, githubRepo, githubStars, …}, title, publishedAt, numComments, …}`. Saved responses are
//! read entry by entry from a stream (an array, one object, or objects one after another as JSON
//! Lines), so memory holds one entry at a time. The API knows more than any page shows (the arXiv
//! id, author names, the repository), and all of it is kept.
//!
//! Titles and abstracts come as arXiv wrote them, hard-wrapped; line breaks are joined like the
//! page joins them. A record's `source.line` is the entry's position in the input (1-based), as
//! JSON has no useful line for it.

use std::io::BufRead;
use std::sync::LazyLock;

use regex::Regex;
use serde::de::{DeserializeSeed, SeqAccess, Visitor};
use serde_json::Value;

use super::dates::DateLine;
use super::markup;
use super::paragraphs::{join_wrapped, normalize_space};
use super::{Emitter, FoundPaper, ParseError};
use crate::record::{parse_iso_date, Details};

static ARXIV_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\d{4}\.\d{4,5}|[a-z][a-z.-]*/\d{7})(?:v\d+)?$").expect("valid arXiv id pattern"));

/// Reads every entry of `reader` and hands its paper to `out`.
pub(crate) fn parse(mut reader: impl BufRead, out: &mut Emitter<'_>) -> Result<(), ParseError> {
    let starts_with_array = loop {
        let buffer = reader.fill_buf()?;
        match buffer.iter().position(|byte| !byte.is_ascii_whitespace()) {
            Some(at) => {
                let first = buffer[at];
                reader.consume(at);
                break first == b'[';
            }
            None if buffer.is_empty() => return Ok(()),
            None => {
                let length = buffer.len();
                reader.consume(length);
            }
        }
    };
    let mut position = 0u64;
    let mut failure = None;
    if starts_with_array {
        let mut deserializer = serde_json::Deserializer::from_reader(reader);
        let visitor = Entries {
            out,
            position: &mut position,
            failure: &mut failure,
        };
        let result = serde::Deserializer::deserialize_seq(&mut deserializer, visitor);
        if let Some(error) = failure {
            return Err(error);
        }
        result.map_err(malformed)?;
        deserializer.end().map_err(malformed)?;
    } else {
        for entry in serde_json::Deserializer::from_reader(reader).into_iter::<Value>() {
            let entry = entry.map_err(malformed)?;
            position += 1;
            entry_to_paper(&entry, position, out)?;
        }
    }
    Ok(())
}

fn malformed(error: serde_json::Error) -> ParseError {
    if error.is_io() {
        return ParseError::Io(std::io::Error::other(error.to_string()));
    }
    ParseError::Malformed(format!("not valid JSON: {error}"))
}

/// Visits the top-level array one entry at a time.
struct Entries<'a, 'b> {
    out: &'a mut Emitter<'b>,
    position: &'a mut u64,
    failure: &'a mut Option<ParseError>,
}

impl<'de> Visitor<'de> for Entries<'_, '_> {
    type Value = ();

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("an array of daily-papers entries")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(entry) = seq.next_element_seed(EntrySeed)? {
            *self.position += 1;
            if let Err(error) = entry_to_paper(&entry, *self.position, self.out) {
                *self.failure = Some(error);
                return Err(serde::de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

struct EntrySeed;

impl<'de> DeserializeSeed<'de> for EntrySeed {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        serde::Deserialize::deserialize(deserializer)
    }
}

/// arXiv's hard-wrapped text as one paragraph, the way the page shows it.
fn unwrap_lines(text: &str) -> String {
    let mut joined = String::with_capacity(text.len());
    for line in text.lines() {
        join_wrapped(&mut joined, line);
    }
    normalize_space(&joined)
}

/// One entry as a record, or a warning when it has no title.
fn entry_to_paper(entry: &Value, position: u64, out: &mut Emitter<'_>) -> Result<(), ParseError> {
    let paper = match entry.get("paper") {
        Some(paper) if paper.is_object() => paper,
        _ => entry,
    };
    let text = |key: &str| {
        paper
            .get(key)
            .or_else(|| entry.get(key))
            .and_then(Value::as_str)
            .map(unwrap_lines)
            .filter(|text| !text.is_empty())
    };
    let count = |key: &str| paper.get(key).or_else(|| entry.get(key)).and_then(Value::as_u64);
    let Some(title) = entry
        .get("title")
        .and_then(Value::as_str)
        .map(unwrap_lines)
        .filter(|title| !title.is_empty())
        .or_else(|| text("title"))
    else {
        return out.warn(position, format!("entry {position} has no title; skipped"));
    };
    let authors = paper.get("authors").and_then(Value::as_array);
    let author_names: Vec<String> = authors
        .map(|authors| {
            authors
                .iter()
                .filter_map(|author| {
                    author
                        .get("name")
                        .and_then(Value::as_str)
                        .or_else(|| author.pointer("/user/fullname").and_then(Value::as_str))
                        .or_else(|| author.as_str())
                })
                .map(normalize_space)
                .filter(|name| !name.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let date = text("publishedAt")
        .and_then(|moment| parse_iso_date(moment.get(..10).unwrap_or(&moment)).ok())
        .map(|date| {
            (
                DateLine {
                    month: date.month(),
                    day: date.day(),
                    year: Some(date.year()),
                    upvotes: None,
                },
                position,
            )
        });
    let github = text("githubRepo").map(|url| markup::github_repository(&url).unwrap_or(url));
    let arxiv_id = paper
        .get("id")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|id| ARXIV_ID.is_match(id))
        .map(String::from);
    out.paper(FoundPaper {
        title,
        abstract_text: text("summary").unwrap_or_default(),
        title_line: position,
        authors: authors.map(|authors| u32::try_from(authors.len()).unwrap_or(u32::MAX)),
        date,
        upvotes: Some(count("upvotes").unwrap_or(0)),
        details: Details {
            comments: entry
                .get("numComments")
                .and_then(Value::as_u64)
                .or_else(|| count("numComments")),
            stars: count("githubStars"),
            github,
            arxiv_id,
            author_names,
        },
    })
}
