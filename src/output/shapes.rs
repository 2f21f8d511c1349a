//! The JSON shapes of the commands that print papers with something beside the record
//! (`search`, `similar`, `list`, `top`): each is the record's fields, flattened, plus its own.
//! They are part of the output contract documented in docs/commands.md, so they live here, where
//! every other shape of output does, and not in the commands.

use serde::Serialize;

use crate::record::Paper;
use crate::triage::Status;

/// A search hit as JSON: every record field, plus the reader's status, the score and a snippet
/// with `**` markers.
#[derive(Serialize)]
pub struct JsonHit<'a> {
    #[serde(flatten)]
    pub paper: &'a Paper,
    pub status: Status,
    pub score: Option<f32>,
    pub snippet: Option<String>,
}

/// A similar paper as JSON: the record plus its similarity score.
#[derive(Serialize)]
pub struct JsonSimilar<'a> {
    #[serde(flatten)]
    pub paper: &'a Paper,
    pub score: Option<f32>,
}

/// A listed paper as JSON: the record plus its triage fields.
#[derive(Serialize)]
pub struct JsonListed<'a> {
    #[serde(flatten)]
    pub paper: &'a Paper,
    pub status: Status,
    pub tags: &'a [String],
    pub note: Option<&'a str>,
    pub first_seen: Option<String>,
}

/// `papers top --json`: one entry.
#[derive(Serialize)]
pub struct JsonTop<'a> {
    #[serde(flatten)]
    pub paper: &'a Paper,
}
