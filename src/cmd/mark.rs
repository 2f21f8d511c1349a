//! `papers mark ID… --as STATUS`: record a decision about papers.

use super::show::find_paper;
use super::Context;
use crate::cli::MarkArgs;
use crate::index::PaperIndex;
use crate::output;
use crate::triage::{now, TriageState};

pub fn run(context: &Context, args: MarkArgs) -> anyhow::Result<()> {
    let index_dir = context.index_dir()?;
    let index = PaperIndex::open(&index_dir)?;
    // Resolve every id before changing anything: one bad id changes nothing.
    let papers = args
        .ids
        .iter()
        .map(|id| find_paper(&index, id))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut state = TriageState::load(&index_dir)?;
    let now = now();
    for paper in &papers {
        state.set_status(&paper.id, args.status, &now);
    }
    state.save()?;
    let count = papers.len();
    output::note(&format!(
        "marked {count} paper{} as {}",
        if count == 1 { "" } else { "s" },
        args.status.as_str()
    ));
    Ok(())
}
