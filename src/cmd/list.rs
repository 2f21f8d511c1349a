//! `papers list`: papers with their triage status, tags and notes, newest first.

use std::io::Write;

use serde::Serialize;

use super::{finish_output, stdout, Context};
use crate::cli::ListArgs;
use crate::index::{PaperIndex, SearchRequest};
use crate::output::safe_text::for_terminal;
use crate::output::JsonWriter;
use crate::record::Paper;
use crate::triage::{Entry, Status, TriageState};

/// A listed paper as JSON: the record plus its triage fields.
#[derive(Serialize)]
struct JsonListed<'a> {
    #[serde(flatten)]
    paper: &'a Paper,
    status: Status,
    tags: &'a [String],
    note: Option<&'a str>,
    first_seen: Option<String>,
}

pub fn run(context: &Context, args: ListArgs) -> anyhow::Result<()> {
    let filters = args.filters.to_filters()?;
    let index_dir = context.index_dir()?;
    let index = PaperIndex::open(&index_dir)?;
    let state = TriageState::load(&index_dir)?;
    let request = SearchRequest {
        filters,
        sort: args.filters.sort,
        ..SearchRequest::default()
    };
    let outcome = index.search(&request)?;
    let limit = args
        .limit
        .map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX));
    let wanted = |entry: &Entry| {
        args.status.is_none_or(|status| entry.status == status)
            && args.tag.as_ref().is_none_or(|tag| entry.tags.contains(tag))
    };
    let mut out = stdout();
    let mut writer = args.json.then(|| JsonWriter::new(Vec::new(), false));
    let mut shown = 0;
    for hit in outcome.hits() {
        if shown == limit {
            break;
        }
        let hit = hit?;
        let paper = hit.paper;
        let entry = state.entry(&paper.id);
        if !wanted(&entry) {
            continue;
        }
        shown += 1;
        match writer.as_mut() {
            Some(writer) => writer.write(&JsonListed {
                paper: &paper,
                status: entry.status,
                tags: &entry.tags,
                note: entry.note.as_deref(),
                first_seen: index.first_seen(hit.address)?,
            })?,
            None => {
                let tags = if entry.tags.is_empty() {
                    String::new()
                } else {
                    format!("  [{}]", entry.tags.join(", "))
                };
                let date = paper.date.map_or_else(|| "no date   ".to_string(), |d| d.to_string());
                writeln!(
                    out,
                    "{:<8} {} {} {}{}",
                    entry.status.as_str(),
                    context.style.label(&paper.id),
                    context.style.dim(&date),
                    for_terminal(&paper.title),
                    for_terminal(&tags)
                )?;
                if let Some(note) = &entry.note {
                    writeln!(out, "         {}", context.style.dim(&for_terminal(note)))?;
                }
            }
        }
    }
    if let Some(writer) = writer {
        out.write_all(&writer.finish()?)?;
    }
    finish_output(out)
}
