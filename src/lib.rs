//! `papers`: saved Hugging Face Daily Papers pages in, a local searchable reading queue out.
//!
//! Data flows one way: dump text → [`dump`] (parsing) → [`record::Paper`] → [`index`] (tantivy)
//! → [`output`]. Each subcommand in [`cmd`] wires those together; [`run`] is the whole program
//! behind a thin `main`, so tests can drive it in-process as well as through the binary.

pub mod addresses;
pub mod cli;
pub mod cmd;
pub mod date_input;
pub mod doctor;
pub mod dump;
pub mod extract;
pub mod fetch;
pub mod floor;
pub mod inbox;
pub mod index;
pub mod ingest;
pub mod links;
pub mod output;
pub mod query_limits;
pub mod record;
pub mod reindex;
pub mod triage;

use std::process::ExitCode;

use clap::Parser;

use floor::exit::{Exit, UsageError};
use floor::{interrupt, panics};

/// Runs the program with the process arguments and returns its exit code.
pub fn run() -> ExitCode {
    panics::install_hook();
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version go to stdout with code 0; real usage errors to stderr with 2.
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(Exit::Usage.code()));
        }
    };
    match cmd::dispatch(cli) {
        Ok(()) => Exit::Success.into(),
        Err(error) if is_broken_pipe(&error) => Exit::Success.into(),
        Err(error) => {
            output::diagnostic("", &format!("{error:#}"));
            if error.downcast_ref::<UsageError>().is_some() || error.downcast_ref::<index::QueryLimitError>().is_some()
            {
                Exit::Usage.into()
            } else if matches!(
                error.downcast_ref::<index::IndexError>(),
                Some(index::IndexError::Busy(_))
            ) {
                Exit::Busy.into()
            } else if error.downcast_ref::<fetch::Unreachable>().is_some() {
                Exit::Unreachable.into()
            } else if error.downcast_ref::<interrupt::Interrupted>().is_some() {
                Exit::Interrupted.into()
            } else {
                Exit::Failure.into()
            }
        }
    }
}

/// A reader closed our stdout (`papers export | head`): not an error worth reporting.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
