//! Records from structured data about papers: the daily-papers API's JSON, and the JSON, JSON
//! Lines, YAML and CSV that other people's scrapers, bots and newsletters write.
//!
//! Every such file is a tree of *containers* (arrays; objects holding a list, such as
//! `{"date": …, "papers": […]}`; objects keyed by id) around *entries* (objects about one
//! paper). [`Walker`] goes down the tree and reads each entry by the key names tools use
//! (`title`; `abstract`; `authors` as names or as objects with a `name`; `url`, `link`,
//! `pdf_url`, …; `upvotes`/`votes`; `date`, `published`, `publishedAt`, …), looking into the
//! sub-objects tools nest them in (the API's `paper`, a scraper's `details`). A date on a container
//! (a daily list's `date`) applies to the entries inside it that have none.
//!
//! An entry becomes a record only with evidence that it is a paper: a title, and a link to the
//! paper (Hugging Face, arXiv, alphaXiv) or an arXiv id, an abstract or authors. Anything else is
//! skipped with a warning naming the entry, never turned into a record. Values that cannot be what
//! their field says (a count of -5 or "abc", a date of "soon", a repository at `javascript:`) are
//! left empty with a warning, never coerced. Summaries someone else wrote (the API's `ai_summary`,
//! a newsletter's `summary`) go to the record's `summary`, never to its abstract: only the API's
//! own paper object calls the abstract `summary`.
//!
//! JSON is read entry by entry from a stream (memory holds one entry, bounded by
//! [`super::json_bounds`]); YAML and CSV files are small per-paper or per-day files and are read
//! whole, up to [`LONGEST_YAML_BYTES`]. A record's `source.line` is the entry's position in the
//! input (1-based): JSON and YAML have no useful line for it.

use std::io::{BufRead, Read};
use std::sync::LazyLock;

use regex::Regex;
use serde::de::{DeserializeSeed, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::dates::DateLine;
use super::json_bounds::{is_dropped_entry, is_oversized, BoundedJson, DEEPEST_ENTRY_NESTING, LONGEST_ENTRY_BYTES};
use super::markup;
use super::paragraphs::{join_wrapped, normalize_space};
use super::{Emitter, FoundPaper, ParseError, Upvotes};
use crate::record::{parse_iso_date, Details};

/// Most bytes of YAML or CSV read (they are read whole; real files are a few kilobytes).
pub(crate) const LONGEST_YAML_BYTES: usize = 16 << 20;

/// Most characters in a title. A longer "title" is a field holding something else (an abstract,
/// a page), and the entry is skipped rather than given it.
const LONGEST_TITLE_CHARS: usize = 1_000;

static ARXIV_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:arxiv:)?(\d{4}\.\d{4,5})(?:v\d+)?$").expect("valid arXiv id pattern"));

/// Reads JSON: one array, one object, or values one after another (JSON Lines).
pub(crate) fn parse_json(mut reader: impl BufRead, out: &mut Emitter<'_>) -> Result<(), ParseError> {
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
    let mut walker = Walker { out, position: 0 };
    let reader = BoundedJson::new(reader);
    if starts_with_array {
        // Streamed element by element: a daily list of a thousand papers is never held whole.
        let mut deserializer = serde_json::Deserializer::from_reader(reader);
        let mut failure = None;
        let visitor = Elements {
            walker: &mut walker,
            failure: &mut failure,
        };
        let result = serde::Deserializer::deserialize_seq(&mut deserializer, visitor);
        if let Some(error) = failure {
            return Err(error);
        }
        result.map_err(malformed)?;
        deserializer.end().map_err(malformed)?;
    } else {
        for value in serde_json::Deserializer::from_reader(reader).into_iter::<Value>() {
            walker.walk(&value.map_err(malformed)?, &Context::default())?;
        }
    }
    Ok(())
}

/// Reads YAML: one document or several (`---` between them), each a paper or a list of papers.
pub(crate) fn parse_yaml(reader: impl BufRead, out: &mut Emitter<'_>) -> Result<(), ParseError> {
    let text = read_small(reader, "YAML")?;
    let mut walker = Walker { out, position: 0 };
    for (number, document) in serde_yaml_ng::Deserializer::from_str(&text).enumerate() {
        match <Value as serde::Deserialize>::deserialize(document) {
            Ok(Value::Null) => {}
            Ok(value) => walker.walk(&value, &Context::default())?,
            Err(error) => {
                let line = error.location().map_or(1, |at| at.line() as u64);
                walker.out.warn(
                    line,
                    format!("YAML document {} cannot be read: {error}; skipped", number + 1),
                )?;
            }
        }
    }
    Ok(())
}

/// Reads CSV with a header row: each row is an entry keyed by the header's names.
pub(crate) fn parse_csv(reader: impl BufRead, out: &mut Emitter<'_>) -> Result<(), ParseError> {
    let text = read_small(reader, "CSV")?;
    let mut rows = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> = rows
        .headers()
        .map_err(|error| ParseError::Malformed(format!("not valid CSV: {error}")))?
        .iter()
        .map(|name| name.trim().to_string())
        .collect();
    let mut walker = Walker { out, position: 0 };
    for row in rows.records() {
        let row = row.map_err(|error| ParseError::Malformed(format!("not valid CSV: {error}")))?;
        let entry: Map<String, Value> = header
            .iter()
            .zip(row.iter())
            .filter(|(_, cell)| !cell.trim().is_empty())
            .map(|(name, cell)| (name.clone(), Value::String(cell.trim().to_string())))
            .collect();
        walker.entry(&entry, &Context::default())?;
    }
    Ok(())
}

/// The whole input as text, for the formats read whole; refused past [`LONGEST_YAML_BYTES`].
fn read_small(reader: impl BufRead, kind: &str) -> Result<String, ParseError> {
    let mut bytes = Vec::new();
    reader.take(LONGEST_YAML_BYTES as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > LONGEST_YAML_BYTES {
        return Err(ParseError::Malformed(format!(
            "{kind} larger than {} MiB is not read (a daily list is a few kilobytes); save it as JSON",
            LONGEST_YAML_BYTES >> 20
        )));
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn malformed(error: serde_json::Error) -> ParseError {
    if error.is_io() {
        return ParseError::Io(std::io::Error::other(error.to_string()));
    }
    ParseError::Malformed(format!("not valid JSON: {error}"))
}

/// Visits a top-level array one element at a time.
struct Elements<'w, 'a, 'b> {
    walker: &'w mut Walker<'a, 'b>,
    failure: &'w mut Option<ParseError>,
}

impl<'de> Visitor<'de> for Elements<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("an array of papers")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(element) = seq.next_element_seed(ValueSeed)? {
            if let Err(error) = self.walker.walk(&element, &Context::default()) {
                *self.failure = Some(error);
                return Err(serde::de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

struct ValueSeed;

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        serde::Deserialize::deserialize(deserializer)
    }
}

/// What a container says about the entries inside it.
#[derive(Debug, Clone, Default)]
struct Context {
    /// A date on an enclosing object (a daily list's), for entries without one.
    date: Option<time::Date>,
    /// The key an entry sits under in an object keyed by id, when it is an arXiv id.
    arxiv_id: Option<String>,
}

/// Goes down a tree of containers, turning entries into records.
struct Walker<'a, 'b> {
    out: &'a mut Emitter<'b>,
    /// Entries seen so far (the position of the next one, minus one).
    position: u64,
}

impl Walker<'_, '_> {
    fn walk(&mut self, value: &Value, context: &Context) -> Result<(), ParseError> {
        match value {
            Value::Array(items) => {
                for item in items {
                    self.walk(item, context)?;
                }
                Ok(())
            }
            Value::Object(object) => {
                if is_oversized(value) && !holds_lists(object) {
                    self.position += 1;
                    return self.out.warn(
                        self.position,
                        format!(
                            "entry {} is too large to read (over {} MiB, or nested over {} levels); skipped",
                            self.position,
                            LONGEST_ENTRY_BYTES >> 20,
                            DEEPEST_ENTRY_NESTING
                        ),
                    );
                }
                if holds_lists(object) {
                    let context = Context {
                        date: date_of(object).or(context.date),
                        arxiv_id: None,
                    };
                    for list in object.values().filter(|value| is_list_of_objects(value)) {
                        self.walk(list, &context)?;
                    }
                    return Ok(());
                }
                if !is_entry(object) && is_keyed_collection(object) {
                    for (key, value) in object {
                        let context = Context {
                            date: context.date,
                            arxiv_id: ARXIV_ID.captures(key.trim()).map(|found| found[1].to_string()),
                        };
                        self.walk(value, &context)?;
                    }
                    return Ok(());
                }
                self.entry(object, context)
            }
            other => {
                self.position += 1;
                let kind = match other {
                    Value::String(_) => "a string",
                    Value::Number(_) => "a number",
                    Value::Bool(_) => "a boolean",
                    _ => "null",
                };
                self.out.warn(
                    self.position,
                    format!("entry {} is {kind}, not a paper; skipped", self.position),
                )
            }
        }
    }

    /// One entry as a record, or a warning saying why not.
    fn entry(&mut self, entry: &Map<String, Value>, context: &Context) -> Result<(), ParseError> {
        self.position += 1;
        let position = self.position;
        let fields = Fields::of(entry);
        let mut problems: Vec<String> = Vec::new();
        let Some(title) = fields.text(&["title", "paper_title"]) else {
            return self
                .out
                .warn(position, format!("entry {position} has no title; skipped"));
        };
        let title_chars = title.chars().count();
        if title_chars > LONGEST_TITLE_CHARS {
            return self.out.warn(
                position,
                format!("entry {position} has a title of {title_chars} characters, too long to be one; skipped"),
            );
        }
        let (abstract_text, summary) = if fields.api_paper.is_some() {
            (fields.text_in_api_paper("summary"), fields.text(&["ai_summary"]))
        } else {
            (
                fields.text(&["abstract", "abstract_text", "paper_abstract"]),
                fields.text(&["summary", "ai_summary", "tldr", "tl;dr"]),
            )
        };
        let (author_names, authors) = fields.authors();
        let links = fields.links();
        let arxiv_id = fields
            .text(&["arxiv_id", "arxivid", "arxiv", "paper_id", "id"])
            .and_then(|id| ARXIV_ID.captures(id.trim()).map(|found| found[1].to_string()))
            .or_else(|| context.arxiv_id.clone())
            .or_else(|| links.iter().find_map(|link| markup::arxiv_id_of_link(link)));
        if arxiv_id.is_none() && abstract_text.is_none() && authors.is_none() && author_names.is_empty() {
            return self.out.warn(
                position,
                format!(
                    "entry {position} ('{}') has a title but nothing that says it is a paper (no paper link, \
                     abstract or authors); skipped",
                    brief_text(&title)
                ),
            );
        }
        let date = match fields.raw(ENTRY_DATE_KEYS) {
            None => context.date,
            Some(value) => match value.as_str().and_then(date_in) {
                Some(date) => Some(date),
                None => {
                    problems.push(format!(
                        "entry {position}: {} {} is not a date; left empty",
                        fields.key_of(value),
                        brief(value)
                    ));
                    None
                }
            },
        };
        let github = fields.github(&mut problems, position);
        let mut count = |names: &[&str]| -> Option<u64> {
            let value = fields.raw(names)?;
            match as_count(value) {
                Some(count) => Some(count),
                None => {
                    problems.push(format!(
                        "entry {position}: {} {} is not a count; left empty",
                        fields.key_of(value),
                        brief(value)
                    ));
                    None
                }
            }
        };
        let upvotes = count(&["upvotes", "votes", "vote", "upvote_count", "num_upvotes"]);
        let comments = count(&["numComments", "num_comments", "comments"]);
        let stars = count(&["githubStars", "github_stars"]);
        for problem in problems {
            self.out.warn(position, problem)?;
        }
        self.out.paper(FoundPaper {
            title,
            abstract_text: abstract_text.unwrap_or_default(),
            title_line: position,
            authors,
            date: date.map(|date| {
                (
                    DateLine {
                        month: date.month(),
                        day: date.day(),
                        year: Some(date.year()),
                        upvotes: None,
                    },
                    position,
                )
            }),
            upvotes: upvotes.map_or(Upvotes::Unknown, Upvotes::Shown),
            details: Details {
                comments,
                stars,
                github,
                arxiv_id,
                author_names,
                summary,
                keywords: fields.keywords(),
                organization: fields.organization(),
                project_page: fields.text(&["projectPage", "project_page"]),
            },
        })
    }
}

/// An entry's fields, looked up by name without regard to case, in the entry itself and in the
/// sub-objects tools nest them in: the API's `paper`, a scraper's `details` or `metadata`.
struct Fields<'v> {
    layers: Vec<&'v Map<String, Value>>,
    /// The API's paper object, whose `summary` is the abstract.
    api_paper: Option<&'v Map<String, Value>>,
}

impl<'v> Fields<'v> {
    fn of(entry: &'v Map<String, Value>) -> Fields<'v> {
        let sub = |name: &str| lookup(entry, name).and_then(Value::as_object);
        let api_paper = sub("paper")
            .filter(|paper| is_api_paper(paper))
            .or_else(|| is_api_paper(entry).then_some(entry));
        let mut layers = Vec::new();
        if let Some(paper) = sub("paper") {
            layers.push(paper);
        }
        layers.push(entry);
        layers.extend(["details", "metadata"].into_iter().filter_map(sub));
        Fields { layers, api_paper }
    }

    /// The first of `names` present (not null) in any layer, as given.
    fn raw(&self, names: &[&str]) -> Option<&'v Value> {
        names
            .iter()
            .find_map(|name| self.layers.iter().find_map(|layer| lookup(layer, name)))
    }

    /// The name under which `value` was found (for warnings).
    fn key_of(&self, value: &Value) -> String {
        self.layers
            .iter()
            .flat_map(|layer| layer.iter())
            .find(|(_, candidate)| std::ptr::eq(*candidate, value))
            .map_or_else(|| "a field".to_string(), |(key, _)| key.clone())
    }

    /// The first of `names` holding non-empty text, joined from hard-wrapped lines.
    fn text(&self, names: &[&str]) -> Option<String> {
        names
            .iter()
            .filter_map(|name| self.layers.iter().find_map(|layer| lookup(layer, name)))
            .filter_map(Value::as_str)
            .map(unwrap_lines)
            .find(|text| !text.is_empty())
    }

    /// Keywords someone chose for the paper (the API's `ai_keywords`): a list of short texts,
    /// each kept once.
    fn keywords(&self) -> Vec<String> {
        /// Longer than this is a sentence, not a keyword.
        const LONGEST_KEYWORD_CHARS: usize = 80;
        /// More than this many is not a paper's keyword list.
        const MOST_KEYWORDS: usize = 50;
        let Some(Value::Array(items)) = self.raw(&["ai_keywords", "keywords"]) else {
            return Vec::new();
        };
        let mut keywords: Vec<String> = Vec::new();
        for keyword in items.iter().filter_map(Value::as_str).map(unwrap_lines) {
            let fits = !keyword.is_empty() && keyword.chars().count() <= LONGEST_KEYWORD_CHARS;
            if fits && !keywords.iter().any(|seen| seen.eq_ignore_ascii_case(&keyword)) {
                keywords.push(keyword);
            }
            if keywords.len() == MOST_KEYWORDS {
                break;
            }
        }
        keywords
    }

    /// The organisation the paper was submitted under: the API's `organization` object (its
    /// full name, else its name), or a plain name.
    fn organization(&self) -> Option<String> {
        let name = match self.raw(&["organization"])? {
            Value::String(name) => Some(name.as_str()),
            Value::Object(object) => ["fullname", "name"].iter().find_map(|key| {
                object
                    .get(*key)
                    .and_then(Value::as_str)
                    .filter(|name| !name.trim().is_empty())
            }),
            _ => None,
        }?;
        let name = unwrap_lines(name);
        (!name.is_empty() && name.chars().count() <= 200).then_some(name)
    }

    fn text_in_api_paper(&self, name: &str) -> Option<String> {
        self.api_paper
            .and_then(|paper| lookup(paper, name))
            .and_then(Value::as_str)
            .map(unwrap_lines)
            .filter(|text| !text.is_empty())
    }

    /// Author names and the author count. A list (of names, or of objects with a name) gives
    /// both; a lone `author` or `first_author` gives a name but no count (it names one of them).
    fn authors(&self) -> (Vec<String>, Option<u32>) {
        match self.raw(&["authors", "author_list"]) {
            Some(Value::Array(authors)) => {
                let names: Vec<String> = authors
                    .iter()
                    .filter_map(|author| {
                        author
                            .as_str()
                            .or_else(|| lookup_str(author, "name"))
                            .or_else(|| lookup_str(author, "fullname"))
                            .or_else(|| author.pointer("/user/fullname").and_then(Value::as_str))
                    })
                    .map(normalize_space)
                    .filter(|name| !name.is_empty())
                    .collect();
                let count = u32::try_from(authors.len()).unwrap_or(u32::MAX);
                (names, (count > 0).then_some(count))
            }
            Some(Value::String(list)) => {
                let names = split_names(list);
                let count = u32::try_from(names.len()).unwrap_or(u32::MAX);
                (names.clone(), (!names.is_empty()).then_some(count))
            }
            _ => {
                let names: Vec<String> = self.text(&["author", "first_author"]).into_iter().collect();
                (names, None)
            }
        }
    }

    /// Every field value that is a web address, in layer order.
    fn links(&self) -> Vec<String> {
        let mut links = Vec::new();
        for layer in &self.layers {
            for value in layer.values() {
                let candidates: Vec<&str> = match value {
                    Value::String(text) => vec![text.as_str()],
                    Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
                    _ => Vec::new(),
                };
                for candidate in candidates {
                    let candidate = candidate.trim();
                    if crate::links::is_web_url(candidate) && !links.iter().any(|seen: &String| seen == candidate) {
                        links.push(candidate.to_string());
                    }
                }
            }
        }
        links
    }

    /// The paper's repository: the API's `githubRepo`, a `github`-like field, or the first GitHub
    /// repository among the links. A named repository that is not a web address is reported.
    fn github(&self, problems: &mut Vec<String>, position: u64) -> Option<String> {
        if let Some(value) = self.raw(&["githubRepo", "github_repo", "github", "github_url", "repo", "code_url"]) {
            if let Some(url) = value.as_str().map(str::trim).filter(|url| !url.is_empty()) {
                let repository =
                    markup::github_repository(url).or_else(|| crate::links::is_web_url(url).then(|| url.to_string()));
                if repository.is_none() {
                    problems.push(format!(
                        "entry {position}: {} {} is not a web address; left out",
                        self.key_of(value),
                        brief(value)
                    ));
                }
                return repository;
            }
        }
        self.raw(&["github_links", "code_links"])
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .find_map(markup::github_repository)
    }
}

/// The value under `name` in `object`, matched without regard to case; null counts as absent.
fn lookup<'v>(object: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    object
        .get(name)
        .or_else(|| {
            object
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value)| value)
        })
        .filter(|value| !value.is_null())
}

fn lookup_str<'v>(value: &'v Value, name: &str) -> Option<&'v str> {
    value
        .as_object()
        .and_then(|object| lookup(object, name))
        .and_then(Value::as_str)
}

/// The API's paper object: an arXiv `id` and keys only the API writes.
fn is_api_paper(object: &Map<String, Value>) -> bool {
    let arxiv_id = lookup(object, "id")
        .and_then(Value::as_str)
        .is_some_and(|id| ARXIV_ID.is_match(id.trim()));
    arxiv_id
        && [
            "publishedAt",
            "ai_summary",
            "ai_keywords",
            "githubRepo",
            "submittedOnDailyBy",
            "upvotes",
        ]
        .iter()
        .any(|key| object.contains_key(*key))
}

/// True for an object about one paper: it has a title (itself or in the API's `paper`).
fn is_entry(object: &Map<String, Value>) -> bool {
    let titled = |object: &Map<String, Value>| {
        ["title", "paper_title"]
            .iter()
            .any(|name| lookup(object, name).is_some_and(Value::is_string))
    };
    titled(object) || lookup(object, "paper").and_then(Value::as_object).is_some_and(titled)
}

fn is_list_of_objects(value: &Value) -> bool {
    value
        .as_array()
        .is_some_and(|items| !items.is_empty() && items.iter().all(Value::is_object))
}

/// An object holding a list of papers (`{"date": …, "papers": […]}`): a list of titled objects.
fn holds_lists(object: &Map<String, Value>) -> bool {
    object.values().any(|value| {
        is_list_of_objects(value)
            && value.as_array().is_some_and(|items| {
                items
                    .iter()
                    .filter_map(Value::as_object)
                    .any(|item| is_entry(item) || is_dropped_entry(item))
            })
    })
}

/// An object whose values are papers, keyed by their ids.
fn is_keyed_collection(object: &Map<String, Value>) -> bool {
    !object.is_empty()
        && object.values().all(Value::is_object)
        && object.values().filter_map(Value::as_object).any(is_entry)
}

/// The keys an entry's date goes by, most specific first (`lookup` ignores ASCII case).
const ENTRY_DATE_KEYS: &[&str] = &[
    "publishedAt",
    "published_at",
    "published_date",
    "publishedDate",
    "date_published",
    "pub_date",
    "publication_date",
    "published",
    "date",
];

/// The date a container gives its entries.
fn date_of(object: &Map<String, Value>) -> Option<time::Date> {
    ["date", "day", "published", "publishedAt", "published_date"]
        .iter()
        .find_map(|name| lookup(object, name))
        .and_then(Value::as_str)
        .and_then(date_in)
}

/// A date written `2024-05-27`, `2024-05-27T00:00:00Z` (the time must be one too) or as the page
/// prints it (`May 27, 2024`).
fn date_in(text: &str) -> Option<time::Date> {
    static TIME_OF_DAY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[T ]([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?$")
            .expect("valid time pattern")
    });
    let text = text.trim();
    if let Some(date) = text.get(..10).and_then(|day| parse_iso_date(day).ok()) {
        let rest = &text[10..];
        return (rest.is_empty() || TIME_OF_DAY.is_match(rest)).then_some(date);
    }
    let line = DateLine::parse(text)?;
    line.year
        .and_then(|year| time::Date::from_calendar_date(year, line.month, line.day).ok())
}

/// Names written as one string: `A, B and C`, `A; B`, or a Python list `['A', 'B']`.
pub(crate) fn split_names(list: &str) -> Vec<String> {
    let list = list.trim().trim_start_matches('[').trim_end_matches(']');
    list.split([',', ';'])
        .flat_map(|part| part.split(" and "))
        .map(|name| {
            let name = name.trim().trim_matches(['\'', '"']).trim();
            let name = name
                .strip_suffix("et al.")
                .or_else(|| name.strip_suffix("et al"))
                .unwrap_or(name);
            normalize_space(name.trim_matches(['\'', '"', ' ']))
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// arXiv's hard-wrapped text as one paragraph, the way the page shows it.
fn unwrap_lines(text: &str) -> String {
    let mut joined = String::with_capacity(text.len());
    for line in text.lines() {
        join_wrapped(&mut joined, line);
    }
    normalize_space(&joined)
}

/// A JSON value as a count: a non-negative integer, written as a number (`12`, `12.0`) or as
/// digits in a string (`"12"`). Anything else (`-5`, `3.7`, `1e30`, `"abc"`) is not one.
fn as_count(value: &Value) -> Option<u64> {
    match value {
        Value::Number(number) => number.as_u64().or_else(|| {
            let float = number.as_f64()?;
            // Whole numbers written with a fraction; 2^53 is where f64 stops being exact.
            (float.is_sign_positive() && float.fract() == 0.0 && float < 9_007_199_254_740_992.0)
                .then_some(float as u64)
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
    brief_text(&value.to_string())
}

fn brief_text(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dump::{parse_bytes, ParseOptions};
    use serde_json::json;

    const OPTIONS: ParseOptions = ParseOptions {
        year: None,
        current_year: 2026,
        extract: false,
    };

    #[test]
    fn counts_are_whole_non_negative_numbers() {
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
        assert_eq!(as_count(&json!(-0.0)), None);
    }

    #[test]
    fn dates_with_times_must_have_real_times() {
        assert_eq!(date_in("2024-05-27").unwrap().to_string(), "2024-05-27");
        assert_eq!(date_in("2024-05-27T18:04:19.000Z").unwrap().to_string(), "2024-05-27");
        assert_eq!(date_in("2024-05-27 08:00:00+02:00").unwrap().to_string(), "2024-05-27");
        assert_eq!(date_in("May 27, 2024").unwrap().to_string(), "2024-05-27");
        for bad in ["2024-01-01T25:99:99Z", "2024-01-01junk", "2024-13-01", "soon"] {
            assert_eq!(date_in(bad), None, "{bad}");
        }
    }

    #[test]
    fn quoted_values_are_cut_to_a_readable_length() {
        assert_eq!(brief(&Value::String("abc".into())), "\"abc\"");
        let long = brief(&Value::String("x".repeat(100)));
        assert_eq!(long.chars().count(), 41);
        assert!(long.ends_with('…'));
    }

    #[test]
    fn names_written_as_one_string_are_split() {
        assert_eq!(
            split_names("A. Smith, B. Jones and C. Wu"),
            ["A. Smith", "B. Jones", "C. Wu"]
        );
        assert_eq!(
            split_names("['Jintao Huang', 'Yuze Zhao']"),
            ["Jintao Huang", "Yuze Zhao"]
        );
        assert_eq!(split_names("Keming Wu, Zuhao Yang et al."), ["Keming Wu", "Zuhao Yang"]);
        assert_eq!(split_names("Keming Wu, et al."), ["Keming Wu"]);
    }

    #[test]
    fn other_scrapers_json_shapes_give_their_papers() {
        let wrapped = json!({"date": "2024-12-11", "papers": [
            {"title": "First Paper", "url": "https://huggingface.co/papers/2412.00001", "authors": ["A", "B"],
             "pdf_url": "https://arxiv.org/pdf/2412.00001", "abstract": "We do x.", "upvotes": 7},
            {"title": "Second Paper", "url": "https://arxiv.org/abs/2412.00002v2", "abstract": "We do y.",
             "publication_date": "2024-12-10"}
        ]});
        let (papers, warnings) = parse_bytes(wrapped.to_string().as_bytes(), "w.json", OPTIONS).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(papers.len(), 2);
        assert_eq!(papers[0].arxiv_id.as_deref(), Some("2412.00001"));
        assert_eq!(papers[0].author_names, ["A", "B"]);
        assert_eq!((papers[0].authors, papers[0].upvotes), (Some(2), Some(7)));
        assert_eq!(papers[0].date.unwrap().to_string(), "2024-12-11", "the list's date");
        assert_eq!(papers[1].date.unwrap().to_string(), "2024-12-10", "its own date wins");
        assert_eq!(papers[1].arxiv_id.as_deref(), Some("2412.00002"));
        assert_eq!(papers[1].upvotes, None);

        // Other spellings of the dates, the list's and the entry's.
        let spelled = json!({"published_date": "2024-12-11", "papers": [
            {"title": "Third Paper", "url": "https://huggingface.co/papers/2412.00007", "upvotes": 1},
            {"title": "Fourth Paper", "url": "https://huggingface.co/papers/2412.00008", "pub_date": "2024-12-09"}
        ]});
        let (papers, _) = parse_bytes(spelled.to_string().as_bytes(), "s.json", OPTIONS).unwrap();
        let dates: Vec<String> = papers.iter().map(|p| p.date.unwrap().to_string()).collect();
        assert_eq!(dates, ["2024-12-11", "2024-12-09"]);

        let keyed = json!({
            "2412.00003": {"title": "Keyed Paper", "authors": "C. D, E. F", "abstract": "Z.", "upvotes": "3"},
            "2412.00004": {"title": "Other Keyed", "abstract": "W."}
        });
        let (papers, _) = parse_bytes(keyed.to_string().as_bytes(), "k.json", OPTIONS).unwrap();
        assert_eq!(papers.len(), 2);
        assert_eq!(papers[0].arxiv_id.as_deref(), Some("2412.00003"));
        assert_eq!(papers[0].author_names, ["C. D", "E. F"]);
        assert_eq!(papers[0].upvotes, Some(3));

        let lines = "{\"title\": \"Line One\", \"link\": \"https://huggingface.co/papers/2412.00005\"}\n\
                     {\"title\": \"Line Two\", \"link\": \"https://huggingface.co/papers/2412.00006\"}\n";
        let (papers, _) = parse_bytes(lines.as_bytes(), "l.jsonl", OPTIONS).unwrap();
        assert_eq!(
            papers.iter().map(|p| p.title.as_str()).collect::<Vec<_>>(),
            ["Line One", "Line Two"]
        );
    }

    #[test]
    fn summaries_never_become_abstracts() {
        let newsletter = json!([{"title": "A Paper", "link": "https://huggingface.co/papers/2406.09246",
                                 "summary": "An LLM wrote this."}]);
        let (papers, _) = parse_bytes(newsletter.to_string().as_bytes(), "n.json", OPTIONS).unwrap();
        assert_eq!(papers[0].abstract_text, "");
        assert_eq!(papers[0].summary.as_deref(), Some("An LLM wrote this."));
        let api = json!([{"paper": {"id": "2406.09246", "title": "A Paper", "summary": "The abstract.",
                                    "ai_summary": "A summary.", "upvotes": 3, "authors": []}}]);
        let (papers, _) = parse_bytes(api.to_string().as_bytes(), "a.json", OPTIONS).unwrap();
        assert_eq!(papers[0].abstract_text, "The abstract.");
        assert_eq!(papers[0].summary.as_deref(), Some("A summary."));
    }

    #[test]
    fn entries_without_evidence_are_skipped_with_a_warning() {
        let input = json!([
            {"title": "Daily Papers (2024-12-11)"},
            {"name": "no title at all", "url": "https://huggingface.co/papers/2412.00001"},
            "just a string",
            {"title": "Real", "url": "https://huggingface.co/papers/2412.00001"}
        ]);
        let (papers, warnings) = parse_bytes(input.to_string().as_bytes(), "e.json", OPTIONS).unwrap();
        assert_eq!(papers.len(), 1);
        let messages: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "entry 1 ('Daily Papers (2024-12-11)') has a title but nothing that says it is a paper (no paper \
                 link, abstract or authors); skipped",
                "entry 2 has no title; skipped",
                "entry 3 is a string, not a paper; skipped",
            ]
        );
    }

    #[test]
    fn yaml_documents_and_lists_are_read() {
        let one = "date: \"2024-06-14\"\nauthor: Moo Jin Kim\ntitle: 'OpenVLA: An Open-Source Vision-Language-Action Model'\n\
                   link: https://huggingface.co/papers/2406.09246\nsummary: OpenVLA is an open-source model....\ntags:\n    - ML\n";
        let (papers, warnings) = parse_bytes(one.as_bytes(), "p.yaml", OPTIONS).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(papers.len(), 1);
        let paper = &papers[0];
        assert_eq!(paper.title, "OpenVLA: An Open-Source Vision-Language-Action Model");
        assert_eq!(paper.arxiv_id.as_deref(), Some("2406.09246"));
        assert_eq!(paper.author_names, ["Moo Jin Kim"]);
        assert_eq!(paper.authors, None, "one author named is not a count");
        assert_eq!(paper.date.unwrap().to_string(), "2024-06-14");
        assert_eq!(paper.summary.as_deref(), Some("OpenVLA is an open-source model...."));
        assert_eq!(paper.abstract_text, "");
        let list = "- title: One\n  url: https://arxiv.org/abs/2401.00001\n---\n- title: Two\n  url: https://arxiv.org/abs/2401.00002\n";
        let (papers, _) = parse_bytes(list.as_bytes(), "l.yaml", OPTIONS).unwrap();
        assert_eq!(papers.len(), 2);
    }

    #[test]
    fn csv_rows_are_entries() {
        let csv = "date,title,url\n2024-01-02,\"A Title, With a Comma\",https://arxiv.org/abs/2401.00001\n2024-01-02,Another,https://arxiv.org/abs/2401.00002\n";
        let (papers, warnings) = parse_bytes(csv.as_bytes(), "l.csv", OPTIONS).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(papers.len(), 2);
        assert_eq!(papers[0].title, "A Title, With a Comma");
        assert_eq!(papers[0].arxiv_id.as_deref(), Some("2401.00001"));
        assert_eq!(papers[0].date.unwrap().to_string(), "2024-01-02");
    }
}
