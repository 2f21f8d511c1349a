//! `papers mark ID… --as STATUS`: record a decision about papers.

use super::Context;
use crate::cli::MarkArgs;
use crate::index::PaperIndex;
use crate::output;
use crate::triage::{now, Status, TriageState};

pub fn run(context: &Context, args: MarkArgs) -> anyhow::Result<()> {
    let index_dir = context.index_dir()?;
    let index = PaperIndex::open(&index_dir)?;
    // Resolve every id before changing anything: one bad id changes nothing.
    let papers = args
        .ids
        .iter()
        .map(|id| index.find(id))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let status = args.status;
    let mut state = TriageState::load(&index_dir)?;
    let now = now();
    // A decision that replaces another one (starred → read) is said, as it may be a slip.
    let mut replaced = Vec::new();
    for paper in &papers {
        let before = state.status(&paper.id);
        if before != Status::New && before != status {
            replaced.push(format!("{} was {}", paper.id, before.as_str()));
        }
        state.set_status(&paper.id, status, &now);
    }
    state.save()?;
    if !replaced.is_empty() {
        let shown = if replaced.len() > 3 {
            format!("{}, and {} more", replaced[..3].join(", "), replaced.len() - 3)
        } else {
            replaced.join(", ")
        };
        output::warn(&format!("{shown}; now {}; `papers undo` reverts", status.as_str()));
    }
    let count = papers.len();
    output::note(&format!(
        "marked {count} paper{} as {}",
        if count == 1 { "" } else { "s" },
        status.as_str()
    ));
    Ok(())
}
