//! `papers tag ID… TAG…` and `papers untag ID… TAG…`: free-text labels on papers. The leading
//! arguments that name papers are ids; the rest are tags.

use anyhow::bail;

use super::Context;
use crate::cli::TagArgs;
use crate::floor::exit::UsageError;
use crate::index::{Lookup, PaperIndex};
use crate::output;
use crate::triage::TriageState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Add,
    Remove,
}

pub fn run(context: &Context, args: TagArgs, change: Change) -> anyhow::Result<()> {
    let index_dir = context.index_dir()?;
    let index = PaperIndex::open(&index_dir)?;
    // Ids by the rule of every command (an id, an arXiv id, or an unambiguous prefix of at least
    // three characters), then tags; the last argument is a tag unless it is a whole id.
    let Some((last, leading)) = args.items.split_last().filter(|(_, leading)| !leading.is_empty()) else {
        return Err(UsageError("give the paper ids, then at least one tag".to_string()).into());
    };
    // A whole id (or arXiv id) last is a forgotten tag, not a tag.
    let names_a_paper_fully = matches!(index.lookup(last), Ok(Lookup::Found(paper))
        if paper.id.eq_ignore_ascii_case(last.trim()) || crate::index::arxiv_id_in(last).is_some());
    if names_a_paper_fully {
        return Err(UsageError("give at least one tag after the paper ids".to_string()).into());
    }
    let ids_given = leading
        .iter()
        .take_while(|item| matches!(index.lookup(item), Ok(Lookup::Found(_))))
        .count();
    let (ids, tags) = args.items.split_at(ids_given);
    if ids.is_empty() {
        // Report why the first argument is not a paper.
        index.find(&leading[0])?;
        bail!(UsageError("give paper ids first, then tags".to_string()));
    }
    let tags: Vec<String> = tags
        .iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    if tags.is_empty() {
        return Err(UsageError("give at least one tag after the paper ids".to_string()).into());
    }
    let papers = ids
        .iter()
        .map(|id| index.find(id))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut state = TriageState::load(&index_dir)?;
    let mut changed = 0;
    for paper in &papers {
        let did = match change {
            Change::Add => state.add_tags(&paper.id, &tags),
            Change::Remove => state.remove_tags(&paper.id, &tags),
        };
        changed += usize::from(did);
    }
    state.save()?;
    let verb = if change == Change::Add { "tagged" } else { "untagged" };
    let count = match changed {
        1 => "1 paper".to_string(),
        n => format!("{n} papers"),
    };
    // Papers given more than once count once.
    let given = papers
        .iter()
        .map(|paper| &paper.id)
        .collect::<std::collections::HashSet<_>>()
        .len();
    let unchanged = match (given - changed.min(given), change) {
        (0, _) => String::new(),
        (n, Change::Add) => format!(" ({n} already had {})", if tags.len() == 1 { "it" } else { "them" }),
        (n, Change::Remove) => format!(
            " ({n} had {})",
            if tags.len() == 1 { "no such tag" } else { "none of them" }
        ),
    };
    output::note(&format!("{verb} {count}: {}{unchanged}", tags.join(", ")));
    Ok(())
}
