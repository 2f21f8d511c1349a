//! `papers`: saved Hugging Face Daily Papers pages in, a local searchable reading queue out.
//!
//! Data flows one way: dump text → [`dump`] (parsing) → [`record::Paper`] → [`index`] (tantivy)
//! → [`output`]. Each subcommand in [`cmd`] wires those together; [`run`] is the whole program
//! behind a thin `main`, so tests can drive it in-process as well as through the binary.

pub mod addresses;
pub mod cli;
pub mod cmd;
pub mod date_input;
pub mod dump;
pub mod extract;
pub mod fetch;
pub mod index;
pub mod interrupt;
pub mod links;
pub mod output;
pub mod panics;
pub mod record;
pub mod triage;

use std::process::ExitCode;

use clap::Parser;

/// A mistake in how the program was called: reported like clap's own errors, with exit code 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Exit code for a usage error, as clap uses.
const EXIT_USAGE: u8 = 2;
/// Exit code when another `papers` process is writing to the index (try again, or use `--wait`).
const EXIT_BUSY: u8 = 3;
/// Exit code when `papers pull` cannot reach the API (nothing was committed).
const EXIT_UNREACHABLE: u8 = 4;
/// Exit code after Ctrl-C, as shells report a process ended by SIGINT (128 + 2).
const EXIT_INTERRUPTED: u8 = 130;

/// Runs the program with the process arguments and returns its exit code.
pub fn run() -> ExitCode {
    panics::install_hook();
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version go to stdout with code 0; real usage errors to stderr with 2.
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(EXIT_USAGE));
        }
    };
    match cmd::dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            output::diagnostic("", &format!("{error:#}"));
            if error.downcast_ref::<UsageError>().is_some() || error.downcast_ref::<index::QueryLimitError>().is_some()
            {
                ExitCode::from(EXIT_USAGE)
            } else if matches!(
                error.downcast_ref::<index::IndexError>(),
                Some(index::IndexError::Busy(_))
            ) {
                ExitCode::from(EXIT_BUSY)
            } else if error.downcast_ref::<fetch::Unreachable>().is_some() {
                ExitCode::from(EXIT_UNREACHABLE)
            } else if error.downcast_ref::<interrupt::Interrupted>().is_some() {
                ExitCode::from(EXIT_INTERRUPTED)
            } else {
                ExitCode::FAILURE
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
