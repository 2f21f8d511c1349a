//! `papers man`: the manual page, generated from the same definitions as `--help`, as roff.

use clap::CommandFactory;

use super::{finish_output, stdout};
use crate::cli::{Cli, ManArgs};
use crate::floor::exit::UsageError;

pub fn run(args: ManArgs) -> anyhow::Result<()> {
    let mut command = Cli::command();
    command.build();
    let page = match &args.command {
        None => command,
        Some(name) => {
            let Some(sub) = command.find_subcommand(name).cloned() else {
                let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
                return Err(UsageError(format!("no command '{name}'; commands are: {}", names.join(", "))).into());
            };
            // Named as man expects for a subcommand's page: papers-search(1).
            sub.name(format!("papers-{name}"))
        }
    };
    let mut out = stdout();
    clap_mangen::Man::new(page).render(&mut out)?;
    finish_output(out)
}
