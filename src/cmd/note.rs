//! `papers note ID TEXT`: a free-text note on a paper; an empty text removes it.

use super::show::find_paper;
use super::Context;
use crate::cli::NoteArgs;
use crate::index::PaperIndex;
use crate::triage::TriageState;

pub fn run(context: &Context, args: NoteArgs) -> anyhow::Result<()> {
    let index_dir = context.index_dir()?;
    let index = PaperIndex::open(&index_dir)?;
    let paper = find_paper(&index, &args.id)?;
    let mut state = TriageState::load(&index_dir)?;
    state.set_note(&paper.id, &args.text);
    state.save()
}
