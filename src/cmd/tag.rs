//! `papers tag ID… TAG…` and `papers untag ID… TAG…`: free-text labels on papers. The leading
//! arguments that name papers are ids; the rest are tags.

use anyhow::bail;

use super::show::find_paper;
use super::Context;
use crate::cli::TagArgs;
use crate::index::{Lookup, PaperIndex};
use crate::output;
use crate::triage::TriageState;
use crate::UsageError;

/// Shortest id prefix taken as a paper here, so that short tags ("3d", "rl") are never ids.
const MIN_ID_PREFIX: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Add,
    Remove,
}

pub fn run(context: &Context, args: TagArgs, change: Change) -> anyhow::Result<()> {
    let index_dir = context.index_dir()?;
    let index = PaperIndex::open(&index_dir)?;
    let ids_given = args
        .items
        .iter()
        .take_while(|item| {
            let id_like = item.len() >= MIN_ID_PREFIX && crate::record::is_id_like(item);
            (id_like || crate::index::arxiv_id_in(item).is_some()) && matches!(index.lookup(item), Ok(Lookup::Found(_)))
        })
        .count();
    let (ids, tags) = args.items.split_at(ids_given);
    if ids.is_empty() {
        // Report why the first argument is not a paper.
        find_paper(&index, &args.items[0])?;
        bail!(UsageError("give paper ids first, then tags".to_string()));
    }
    if tags.is_empty() {
        return Err(UsageError("give at least one tag after the paper ids".to_string()).into());
    }
    let tags: Vec<String> = tags
        .iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    let papers = ids
        .iter()
        .map(|id| find_paper(&index, id))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut state = TriageState::load(&index_dir)?;
    for paper in &papers {
        match change {
            Change::Add => state.add_tags(&paper.id, &tags),
            Change::Remove => state.remove_tags(&paper.id, &tags),
        }
    }
    state.save()?;
    let verb = if change == Change::Add { "tagged" } else { "untagged" };
    output::note(&format!("{verb} {} paper(s): {}", papers.len(), tags.join(", ")));
    Ok(())
}
