//! `papers completions`: shell completion scripts, generated from the command definitions.

use clap::CommandFactory;

use super::{finish_output, stdout};
use crate::cli::{Cli, CompletionsArgs};

pub fn run(args: CompletionsArgs) -> anyhow::Result<()> {
    let mut out = stdout();
    clap_complete::generate(args.shell, &mut with_topic_ids(Cli::command()), "papers", &mut out);
    finish_output(out)
}

/// The command definitions with the taxonomy's topic ids offered for every topic option. The
/// options themselves keep their own check (case-insensitive, with a message listing the ids);
/// the ids are added here only for the shells to offer.
fn with_topic_ids(mut command: clap::Command) -> clap::Command {
    let topic_ids = || clap::builder::PossibleValuesParser::new(crate::extract::TOPIC_IDS.iter().map(String::as_str));
    let names: Vec<String> = command.get_subcommands().map(|c| c.get_name().to_string()).collect();
    for name in names {
        command = command.mut_subcommand(&name, |mut sub| {
            for option in ["topic", "add_topic"] {
                if sub.get_arguments().any(|arg| arg.get_id() == option) {
                    sub = sub.mut_arg(option, |arg| arg.value_parser(topic_ids()));
                }
            }
            sub
        });
    }
    command
}
