//! `papers completions`: shell completion scripts, generated from the command definitions.

use clap::CommandFactory;

use super::{finish_output, stdout};
use crate::cli::{Cli, CompletionsArgs};

pub fn run(args: CompletionsArgs) -> anyhow::Result<()> {
    let mut out = stdout();
    clap_complete::generate(args.shell, &mut Cli::command(), "papers", &mut out);
    finish_output(out)
}
