//! `papers top`: the most upvoted recent papers — the "trending" view, offline.

use anyhow::Context as _;

use super::{finish_output, stdout, Context};
use crate::cli::TopArgs;
use crate::index::{Filters, PaperIndex, SearchRequest, SortOrder};
use crate::output::shapes::JsonTop;
use crate::output::{self, human, JsonWriter};
use crate::triage::TriageState;

/// Days before the newest paper that count as recent by default.
const DEFAULT_WINDOW_DAYS: i64 = 30;

pub fn run(context: &Context, args: TopArgs) -> anyhow::Result<()> {
    let index_dir = context.index_dir()?;
    let index = PaperIndex::open(&index_dir)?;
    let state = TriageState::load(&index_dir)?;
    let since = match args.since {
        Some(since) => Some(since),
        None => {
            let newest = SearchRequest {
                sort: SortOrder::Date,
                limit: Some(1),
                ..SearchRequest::default()
            };
            let outcome = index.search(&newest)?;
            let newest_date = outcome.hits().next().transpose()?.and_then(|hit| hit.paper.date);
            newest_date.map(|date| date - time::Duration::days(DEFAULT_WINDOW_DAYS))
        }
    };
    let request = SearchRequest {
        filters: Filters {
            since,
            ..Filters::default()
        },
        sort: SortOrder::Upvotes,
        limit: Some(usize::try_from(args.limit).context("--limit is too large")?),
        ..SearchRequest::default()
    };
    let outcome = index.search(&request)?;
    let mut out = stdout();
    if args.json {
        let mut writer = JsonWriter::new(&mut out, false);
        for hit in outcome.hits() {
            writer.write(&JsonTop { paper: &hit?.paper })?;
        }
        writer.finish()?;
    } else {
        human::write_hits(&mut out, &context.style, &outcome, &state)?;
    }
    if outcome.is_empty() {
        let since = since.map_or_else(String::new, |day| format!(" since {day}"));
        output::note(&format!("no papers match{since}; try an earlier --since"));
    }
    finish_output(out)
}
