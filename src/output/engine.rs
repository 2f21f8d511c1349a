//! Documents for search engines beyond one machine: Quickwit (`--format ndjson`) and
//! Elasticsearch/OpenSearch (`--format bulk`).
//!
//! The shape mirrors the local index rather than the record: flat fields (no nested `source`),
//! the date as an RFC 3339 datetime plus its `year`, `has_code`, and `entities` (methods,
//! datasets and introduced names as one searchable list, like the local `entities` field). The
//! index configurations in `deploy/` (Quickwit's YAML, OpenSearch's settings and mappings) declare
//! exactly these fields; a test checks every exported document against both.

use serde::Serialize;

use crate::record::Paper;

/// One paper as a search-engine document.
#[derive(Debug, Serialize)]
pub struct EngineDocument<'a> {
    pub id: &'a str,
    pub title: &'a str,
    #[serde(rename = "abstract")]
    pub abstract_text: &'a str,
    pub authors: Option<u32>,
    /// Midnight UTC of the paper's date, RFC 3339.
    pub date: Option<String>,
    pub year: Option<i32>,
    pub upvotes: Option<u64>,
    pub has_code: bool,
    pub topics: &'a [String],
    pub methods: &'a [String],
    pub datasets: &'a [String],
    pub introduces: &'a [String],
    pub entities: Vec<&'a str>,
    pub links: &'a [String],
    pub code: &'a [String],
    pub source_file: &'a str,
    pub source_line: u64,
    pub comments: Option<u64>,
    pub github: Option<&'a str>,
    pub stars: Option<u64>,
    pub arxiv_id: Option<&'a str>,
    pub author_names: &'a [String],
    pub summary: Option<&'a str>,
    pub keywords: &'a [String],
    pub organization: Option<&'a str>,
    pub project_page: Option<&'a str>,
}

impl<'a> From<&'a Paper> for EngineDocument<'a> {
    fn from(paper: &'a Paper) -> Self {
        EngineDocument {
            id: &paper.id,
            title: &paper.title,
            abstract_text: &paper.abstract_text,
            authors: paper.authors,
            date: paper.date.map(|date| format!("{date}T00:00:00Z")),
            year: paper.date.map(|date| date.year()),
            upvotes: paper.upvotes,
            has_code: paper.has_code(),
            topics: &paper.topics,
            methods: &paper.methods,
            datasets: &paper.datasets,
            introduces: &paper.introduces,
            entities: paper
                .methods
                .iter()
                .chain(&paper.datasets)
                .chain(&paper.introduces)
                .map(String::as_str)
                .collect(),
            links: &paper.links,
            code: &paper.code,
            source_file: &paper.source.file,
            source_line: paper.source.line,
            comments: paper.comments,
            github: paper.github.as_deref(),
            stars: paper.stars,
            arxiv_id: paper.arxiv_id.as_deref(),
            author_names: &paper.author_names,
            summary: paper.summary.as_deref(),
            keywords: &paper.keywords,
            organization: paper.organization.as_deref(),
            project_page: paper.project_page.as_deref(),
        }
    }
}

/// The action line before each document in an Elasticsearch/OpenSearch `_bulk` body: index (or
/// replace) the document under the paper's id, so importing again updates instead of duplicating.
#[derive(Debug, Serialize)]
pub struct BulkAction<'a> {
    pub index: BulkTarget<'a>,
}

#[derive(Debug, Serialize)]
pub struct BulkTarget<'a> {
    #[serde(rename = "_id")]
    pub id: &'a str,
}
