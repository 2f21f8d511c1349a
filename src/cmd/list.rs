//! `papers list`: papers with their triage status, tags and notes, newest first.

use std::io::Write;

use super::{finish_output, stdout, Context};
use crate::cli::ListArgs;
use crate::floor::safe_text::for_terminal;
use crate::index::{PaperIndex, SearchRequest};
use crate::output;
use crate::output::shapes::JsonListed;
use crate::output::JsonWriter;
use crate::triage::TriageState;

/// Where a listed paper's title continues, and its note starts, under the status column.
const NOTE_INDENT: &str = "         ";

pub fn run(context: &Context, args: ListArgs) -> anyhow::Result<()> {
    let index_dir = context.index_dir()?;
    let filters = super::filters_with_marks(&index_dir, &args.filters)?;
    let index = PaperIndex::open(&index_dir)?;
    let state = TriageState::load(&index_dir)?;
    let limit = (!args.all).then(|| usize::try_from(args.limit).unwrap_or(usize::MAX));
    let request = SearchRequest {
        filters,
        sort: args.filters.sort,
        // One more than shown, to tell whether there were more.
        limit: limit.map(|n| n.saturating_add(1)),
        ..SearchRequest::default()
    };
    super::warn_unknown_entities(&index, &request.filters)?;
    let outcome = index.search(&request)?;
    let mut out = stdout();
    let mut writer = args.json.then(|| JsonWriter::new(Vec::new(), false));
    let mut shown = 0;
    let mut more = false;
    for hit in outcome.hits() {
        if Some(shown) == limit {
            more = true;
            break;
        }
        let hit = hit?;
        let paper = hit.paper;
        let entry = state.entry(&paper.id);
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
                let style = &context.style;
                let head = format!(
                    "{:<8} {} {} ",
                    entry.status.as_str(),
                    style.label(&paper.id),
                    style.dim(&date)
                );
                let title = format!("{}{}", for_terminal(&paper.title), for_terminal(&tags));
                writeln!(out, "{}", style.wrap(&title, &head, NOTE_INDENT))?;
                if let Some(note) = &entry.note {
                    let note = style.dim(&for_terminal(note));
                    writeln!(out, "{}", style.wrap(&note, NOTE_INDENT, NOTE_INDENT))?;
                }
            }
        }
    }
    if let Some(writer) = writer {
        out.write_all(&writer.finish()?)?;
    }
    if shown == 0 {
        output::note("no papers match; try other filters");
    } else if more {
        output::note(&format!("showing the first {shown}; --limit N or --all shows more"));
    }
    finish_output(out)
}
