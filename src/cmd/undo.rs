//! `papers undo`: reverts the last change to the reader's marks, whichever command made it.

use super::Context;
use crate::output;
use crate::triage::TriageState;

pub fn run(context: &Context) -> anyhow::Result<()> {
    let index_dir = context.index_dir()?;
    if !index_dir.exists() {
        return Err(crate::index::IndexError::Missing(index_dir).into());
    }
    let mut state = TriageState::load(&index_dir)?;
    match state.undo()? {
        Some(undone) => output::note(&format!("undid: {} (at {})", undone.what, undone.at)),
        None => output::note("nothing to undo: no change to your marks is remembered"),
    }
    Ok(())
}
