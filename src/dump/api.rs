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
use super::json_bounds::{BoundedEntries, Oversized, LONGEST_ENTRY_BYTES};
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
    let oversized = Oversized::default();
    let reader = BoundedEntries::new(reader, starts_with_array, oversized.clone());
    if starts_with_array {
        let mut deserializer = serde_json::Deserializer::from_reader(reader);
        let visitor = Entries {
            out,
            position: &mut position,
            failure: &mut failure,
            oversized: &oversized,
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
            entry_to_paper(&entry, position, &oversized, out)?;
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
    oversized: &'a Oversized,
}

impl<'de> Visitor<'de> for Entries<'_, '_> {
    type Value = ();

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("an array of daily-papers entries")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(entry) = seq.next_element_seed(EntrySeed)? {
            *self.position += 1;
            if let Err(error) = entry_to_paper(&entry, *self.position, self.oversized, self.out) {
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

/// Most characters in a title. A longer "title" is a field holding something else (an abstract,
/// a page), and the entry is skipped rather than given it.
const LONGEST_TITLE_CHARS: usize = 1_000;

/// One entry as a record, or a warning when it has no title. A value that cannot be what its
/// field says (a count of -5 or "abc", a date of "soon", a repository at `javascript:`) is left
/// empty with a warning naming the entry, never turned into 0 or kept as given.
fn entry_to_paper(
    entry: &Value,
    position: u64,
    oversized: &Oversized,
    out: &mut Emitter<'_>,
) -> Result<(), ParseError> {
    if oversized.contains(position) {
        return out.warn(
            position,
            format!(
                "entry {position} takes more than {} MiB; skipped",
                LONGEST_ENTRY_BYTES >> 20
            ),
        );
    }
    let paper = match entry.get("paper") {
        Some(paper) if paper.is_object() => paper,
        _ => entry,
    };
    let field = |key: &str| {
        paper
            .get(key)
            .or_else(|| entry.get(key))
            .filter(|value| !value.is_null())
    };
    let text = |key: &str| {
        field(key)
            .and_then(Value::as_str)
            .map(unwrap_lines)
            .filter(|text| !text.is_empty())
    };
    let mut problems: Vec<String> = Vec::new();
    let Some(title) = entry
        .get("title")
        .and_then(Value::as_str)
        .map(unwrap_lines)
        .filter(|title| !title.is_empty())
        .or_else(|| text("title"))
    else {
        return out.warn(position, format!("entry {position} has no title; skipped"));
    };
    let title_chars = title.chars().count();
    if title_chars > LONGEST_TITLE_CHARS {
        return out.warn(
            position,
            format!("entry {position} has a title of {title_chars} characters, too long to be one; skipped"),
        );
    }
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
    let date = match text("publishedAt") {
        None => None,
        Some(moment) => match parse_iso_date(moment.get(..10).unwrap_or(&moment)) {
            Ok(date) => Some((
                DateLine {
                    month: date.month(),
                    day: date.day(),
                    year: Some(date.year()),
                    upvotes: None,
                },
                position,
            )),
            Err(_) => {
                problems.push(format!(
                    "entry {position}: publishedAt {} is not a date; left empty",
                    brief(&Value::String(moment))
                ));
                None
            }
        },
    };
    let github = match text("githubRepo") {
        None => None,
        Some(url) => {
            match markup::github_repository(&url).or_else(|| crate::links::is_web_url(&url).then_some(url.clone())) {
                Some(repository) => Some(repository),
                None => {
                    problems.push(format!(
                        "entry {position}: githubRepo {} is not a web address; left out",
                        brief(&Value::String(url))
                    ));
                    None
                }
            }
        }
    };
    let arxiv_id = paper
        .get("id")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|id| ARXIV_ID.is_match(id))
        .map(String::from);
    let mut count = |key: &str, value: Option<&Value>| -> Option<u64> {
        let value = value.filter(|value| !value.is_null())?;
        match as_count(value) {
            Some(count) => Some(count),
            None => {
                problems.push(format!(
                    "entry {position}: {key} {} is not a count; left empty",
                    brief(value)
                ));
                None
            }
        }
    };
    let upvotes = count("upvotes", field("upvotes"));
    let comments = count("numComments", entry.get("numComments").or_else(|| field("numComments")));
    let stars = count("githubStars", field("githubStars"));
    for problem in problems {
        out.warn(position, problem)?;
    }
    out.paper(FoundPaper {
        title,
        abstract_text: text("summary").unwrap_or_default(),
        title_line: position,
        authors: authors.map(|authors| u32::try_from(authors.len()).unwrap_or(u32::MAX)),
        date,
        upvotes: upvotes.map_or(super::Upvotes::Unknown, super::Upvotes::Shown),
        details: Details {
            comments,
            stars,
            github,
            arxiv_id,
            author_names,
            summary: text("ai_summary"),
        },
    })
}

/// A JSON value as a count: a non-negative integer, written as a number (`12`, `12.0`) or as
/// digits in a string (`"12"`). Anything else (`-5`, `3.7`, `1e30`, `"abc"`) is not one.
fn as_count(value: &Value) -> Option<u64> {
    match value {
        Value::Number(number) => number.as_u64().or_else(|| {
            let float = number.as_f64()?;
            // Whole numbers written with a fraction; 2^53 is where f64 stops being exact.
            (float >= 0.0 && float.fract() == 0.0 && float < 9_007_199_254_740_992.0).then_some(float as u64)
        }),
        Value::String(text) => {
            let text = text.trim();
            (!text.is_empty() && text.len() <= 19 && text.bytes().all(|b| b.is_ascii_digit()))
                .then(|| text.parse().ok())
                .flatten()
        }
        _ => None,
    }
}

/// A value as a warning quotes it: JSON, cut to a readable length.
fn brief(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_whole_non_negative_numbers() {
        use serde_json::json;
        assert_eq!(as_count(&json!(12)), Some(12));
        assert_eq!(as_count(&json!(12.0)), Some(12));
        assert_eq!(as_count(&json!("12")), Some(12));
        for bad in [
            json!(-5),
            json!(3.7),
            json!(1e30),
            json!("abc"),
            json!(""),
            json!(true),
            json!([1]),
        ] {
            assert_eq!(as_count(&bad), None, "{bad}");
        }
        let too_big: Value = serde_json::from_str("18446744073709551616").unwrap();
        assert_eq!(as_count(&too_big), None);
        assert_eq!(as_count(&json!("99999999999999999999")), None);
    }

    #[test]
    fn quoted_values_are_cut_to_a_readable_length() {
        assert_eq!(brief(&Value::String("abc".into())), "\"abc\"");
        let long = brief(&Value::String("x".repeat(100)));
        assert_eq!(long.chars().count(), 41);
        assert!(long.ends_with('…'));
    }
}
