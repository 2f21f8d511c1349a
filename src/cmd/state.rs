//! `papers state export|import`: move triage decisions between machines or keep a backup.

use std::io::{Read, Write};

use anyhow::Context as _;

use super::{finish_output, stdout, Context};
use crate::cli::{StateAction, StateArgs};
use crate::output;
use crate::triage::TriageState;

pub fn run(context: &Context, args: StateArgs) -> anyhow::Result<()> {
    let index_dir = context.index_dir()?;
    let mut state = TriageState::load(&index_dir)?;
    match args.action {
        StateAction::Export => {
            let mut out = stdout();
            let mut escaped = output::json::Escaping::new(&mut out);
            writeln!(escaped, "{}", state.to_json()?)?;
            escaped.finish()?;
            finish_output(out)
        }
        StateAction::Import { file } => {
            let mut text = String::new();
            if file.as_os_str() == "-" {
                if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
                    output::note(crate::ingest::END_OF_INPUT_HINT);
                }
                std::io::stdin().read_to_string(&mut text).context("reading stdin")?;
            } else if file.is_dir() {
                return Err(crate::floor::exit::UsageError(format!(
                    "{} is a directory; give the file `papers state export` wrote",
                    file.display()
                ))
                .into());
            } else {
                text = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
            }
            let count = state
                .import_json(&text)
                .with_context(|| format!("importing {}", file.display()))?;
            crate::index::claim_directory(&index_dir)?;
            state.save()?;
            output::note(&format!(
                "imported the triage state of {count} paper{}",
                if count == 1 { "" } else { "s" }
            ));
            Ok(())
        }
    }
}
