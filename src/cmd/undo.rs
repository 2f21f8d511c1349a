//! `papers undo`: reverts the last change to the reader's marks, whichever command made it.

use super::Context;
use crate::output;
use crate::triage::TriageState;

pub fn run(context: &Context) -> anyhow::Result<()> {
    let mut state = TriageState::load(&context.index_dir()?)?;
    match state.undo()? {
        Some(undone) => output::note(&format!("undid: {} (at {})", undone.what, undone.at)),
        None => output::note("nothing to undo: no change to your marks is remembered"),
    }
    Ok(())
}
