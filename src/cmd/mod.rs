//! One module per subcommand, plus what they share: where the index lives (the global flags as a
//! [`Context`]), stdout and its closing, the filters every listing command takes, and the
//! warnings about a query or a filter that cannot mean what was typed.

mod cite;
mod completions;
mod digest;
mod doctor;
mod entities;
mod export;
mod facets;
mod ingest;
mod list;
mod man;
mod mark;
mod note;
mod open;
mod parse;
mod profile;
mod pull;
mod reindex;
mod search;
mod show;
mod similar;
mod state;
mod tag;
mod top;
mod triage;
mod triage_interactive;
mod undo;

use std::io::{BufWriter, Stdout, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::cli::{Cli, Command};
use crate::output::{self, Style};

/// Settings every command may need, resolved from the global flags.
pub struct Context {
    index_flag: Option<PathBuf>,
    pub style: Style,
    /// Whether stdout is a terminal (for layouts meant only for people).
    pub terminal: bool,
}

impl Context {
    /// The index directory: `--index`, `PAPERS_INDEX`, or `papers` in the user's data directory.
    pub fn index_dir(&self) -> anyhow::Result<PathBuf> {
        if let Some(path) = &self.index_flag {
            return Ok(path.clone());
        }
        let data_dir = dirs::data_dir()
            .context("cannot tell where your data directory is; pass --index DIR or set PAPERS_INDEX")?;
        Ok(data_dir.join("papers"))
    }
}

pub fn dispatch(cli: Cli) -> anyhow::Result<()> {
    let context = Context {
        index_flag: cli.index,
        style: Style::detect(cli.color),
        terminal: std::io::IsTerminal::is_terminal(&std::io::stdout()),
    };
    let command = cli.command;
    match crate::floor::panics::catching(|| run_command(&context, command)) {
        Ok(Err(error)) => Err(match error.downcast_ref::<tantivy::TantivyError>() {
            // An error of the index library that nothing on the way translated: the index could
            // not be read as it is.
            Some(library_error) => damage_error(&context)
                .unwrap_or_else(|| crate::index::unreadable(&context.index_dir().unwrap_or_default(), library_error)),
            None => error,
        }),
        Ok(done) => done,
        Err(report) => Err(damage_error(&context).unwrap_or_else(|| internal_error(&report))),
    }
}

fn run_command(context: &Context, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Parse(args) => parse::run(context, args),
        Command::Ingest(args) => ingest::run(context, args),
        Command::Pull(args) => pull::run(context, args),
        Command::Search(args) => search::run(context, args),
        Command::Show(args) => show::run(context, args),
        Command::Open(args) => open::run(context, args),
        Command::Cite(args) => cite::run(context, args),
        Command::Export(args) => export::run(context, args),
        Command::Facets(args) => facets::run(context, args),
        Command::Entities(args) => entities::run(context, args),
        Command::Similar(args) => similar::run(context, args),
        Command::Mark(args) => mark::run(context, args),
        Command::Tag(args) => tag::run(context, args, tag::Change::Add),
        Command::Untag(args) => tag::run(context, args, tag::Change::Remove),
        Command::Note(args) => note::run(context, args),
        Command::List(args) => list::run(context, args),
        Command::Triage(args) => triage::run(context, args),
        Command::Profile(args) => profile::run(context, args),
        Command::Digest(args) => digest::run(context, args),
        Command::Top(args) => top::run(context, args),
        Command::State(args) => state::run(context, args),
        Command::Undo => undo::run(context),
        Command::Reindex => reindex::run(context),
        Command::Doctor(args) => doctor::run(context, args),
        Command::Man(args) => man::run(args),
        Command::Completions(args) => completions::run(args),
    }
}

/// The error naming the index's damaged files, when some of them fail their checksums (checked
/// only after a failure: tantivy panics or errs on some damaged files, and reading every file is
/// the price of naming the damaged ones).
fn damage_error(context: &Context) -> Option<anyhow::Error> {
    let index_dir = context
        .index_dir()
        .ok()
        .filter(|dir| dir.join(crate::index::TANTIVY_META_FILE).exists())?;
    match crate::index::damaged_files(&index_dir) {
        Ok(files) if !files.is_empty() => Some(crate::index::damaged_index_error(&index_dir, &files)),
        // A file too damaged to check is named by the check's own error.
        Err(damage) => Some(damage),
        Ok(_) => None,
    }
}

/// The error for a panic that is not explained by damage (see [`crate::floor::panics`]).
fn internal_error(report: &crate::floor::panics::PanicReport) -> anyhow::Error {
    anyhow::anyhow!(
        "internal error: {} at {}; this is a bug in papers, please report it with the command that caused it",
        report.message,
        crate::floor::panics::short_location(&report.location)
    )
}

/// Buffered stdout; callers flush it (and so see a closed pipe as an error) before returning.
pub fn stdout() -> BufWriter<Stdout> {
    BufWriter::new(std::io::stdout())
}

/// The filters of `args`, with the reader's marks (`--status`, `--tag`) turned into the ids they
/// select: the marks live beside the index, not in it.
pub fn filters_with_marks(index_dir: &Path, args: &crate::cli::FilterArgs) -> anyhow::Result<crate::index::Filters> {
    use crate::triage::{Status, TriageState};
    let mut filters = args.to_filters()?;
    let tags: Vec<String> = args.tag.iter().map(|t| t.trim().to_string()).collect();
    if args.status.is_none() && tags.is_empty() {
        return Ok(filters);
    }
    let state = TriageState::load(index_dir)?;
    if tags.is_empty() && args.status == Some(Status::New) {
        // Undecided papers are those the state does not say otherwise about.
        filters.except_ids = state
            .ids()
            .filter(|(_, entry)| entry.status != Status::New)
            .map(|(id, _)| id.clone())
            .collect();
    } else {
        filters.only_ids = Some(
            state
                .ids()
                .filter(|(_, entry)| {
                    args.status.is_none_or(|status| entry.status == status)
                        && tags.iter().all(|tag| entry.tags.contains(tag))
                })
                .map(|(id, _)| id.clone())
                .collect(),
        );
    }
    Ok(filters)
}

/// Warns about each `--method`/`--dataset` value no paper has, with the closest names that some
/// have: an empty result from a typo should not look like an empty field.
pub fn warn_unknown_entities(index: &crate::index::PaperIndex, filters: &crate::index::Filters) -> anyhow::Result<()> {
    use crate::index::EntityField;
    for (field, values, kind) in [
        (EntityField::Methods, &filters.methods, "method"),
        (EntityField::Datasets, &filters.datasets, "dataset"),
    ] {
        for value in values {
            if index.has_entity(field, value)? {
                continue;
            }
            let closest = index.closest_entities(field, value, 3)?;
            let hint = if closest.is_empty() {
                format!("`papers facets --field {kind}s` lists the {kind}s papers have")
            } else {
                format!(
                    "did you mean {}?",
                    closest.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(", ")
                )
            };
            output::warn(&format!("no paper has the {kind} '{}'; {hint}", value.trim()));
        }
    }
    Ok(())
}

/// Flushes stdout, so a closed pipe is noticed here rather than lost at exit.
pub fn finish_output(mut out: impl Write) -> anyhow::Result<()> {
    out.flush().context("writing to stdout")
}

/// Parts of a query that did not parse: one warning line, however many there were.
pub fn warn_lenient_query(problems: &[String]) {
    if let Some(first) = problems.first() {
        let more = match problems.len() {
            1 => String::new(),
            n => format!(" (and {} more problems)", n - 1),
        };
        output::warn(&format!("query: {first}{more}; searched for what could be understood"));
    }
}
