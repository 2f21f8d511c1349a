//! One module per subcommand, plus what they share: where the index lives, how inputs are
//! opened, how parse warnings are reported.

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

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Stdout, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use anyhow::Context as _;

use crate::cli::{Cli, Command};
use crate::dump::{self, Event, ParseError, ParseOptions, ParseSummary};
use crate::output::{self, Style};
use crate::record::Paper;

/// Warnings shown per input before the rest are only counted.
const WARNINGS_SHOWN_PER_INPUT: u64 = 20;

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
    match crate::panics::catching(|| run_command(&context, command)) {
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

/// The error for a panic that is not explained by damage (see [`crate::panics`]).
fn internal_error(report: &crate::panics::PanicReport) -> anyhow::Error {
    anyhow::anyhow!(
        "internal error: {} at {}; this is a bug in papers, please report it with the command that caused it",
        report.message,
        crate::panics::short_location(&report.location)
    )
}

/// Buffered stdout; callers flush it (and so see a closed pipe as an error) before returning.
pub fn stdout() -> BufWriter<Stdout> {
    BufWriter::new(std::io::stdout())
}

/// How an input is named in messages and in `source.file`.
fn input_label(path: &Path) -> String {
    if path == Path::new("-") {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

/// Said when `-` is read from a terminal, which would otherwise wait without a word.
pub const END_OF_INPUT_HINT: &str = if cfg!(windows) {
    "reading standard input from the terminal: paste the page, then press Ctrl-Z and Enter"
} else {
    "reading standard input from the terminal: paste the page, then press Ctrl-D on a new line"
};

fn open_input(path: &Path) -> anyhow::Result<Box<dyn BufRead>> {
    if path == Path::new("-") {
        if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            output::note(END_OF_INPUT_HINT);
        }
        return Ok(Box::new(BufReader::new(std::io::stdin())));
    }
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    if file.metadata().is_ok_and(|metadata| metadata.is_dir()) {
        anyhow::bail!("{} is a directory; pass the dump files inside it", path.display());
    }
    Ok(Box::new(BufReader::with_capacity(256 * 1024, file)))
}

/// Total size of the inputs, when all are regular files (for a progress bar's ETA).
pub fn total_input_size(paths: &[PathBuf]) -> Option<u64> {
    paths
        .iter()
        .map(|path| {
            if path == Path::new("-") {
                return None;
            }
            std::fs::metadata(path).ok().filter(|m| m.is_file()).map(|m| m.len())
        })
        .sum()
}

/// A reader that counts the bytes its user consumed.
struct CountingReader {
    inner: Box<dyn BufRead>,
    counter: Arc<AtomicU64>,
}

impl std::io::Read for CountingReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl BufRead for CountingReader {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.counter.fetch_add(amount as u64, Ordering::Relaxed);
        self.inner.consume(amount);
    }
}

/// A reader that notes whether anything but white space went through it (to tell an empty
/// input from one in a layout papers does not know).
struct NoticingReader {
    inner: Box<dyn BufRead>,
    saw_text: bool,
}

impl std::io::Read for NoticingReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.saw_text |= buf[..n].iter().any(|b| !b.is_ascii_whitespace());
        Ok(n)
    }
}

impl BufRead for NoticingReader {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        let buffer = self.inner.fill_buf()?;
        if !self.saw_text {
            self.saw_text = buffer.iter().any(|b| !b.is_ascii_whitespace());
        }
        Ok(buffer)
    }

    fn consume(&mut self, amount: usize) {
        self.inner.consume(amount);
    }
}

/// Parses each input in turn, handing every record to `on_paper` and printing warnings to
/// stderr. Returns the totals over all inputs.
pub fn parse_inputs(
    paths: &[PathBuf],
    options: ParseOptions,
    on_paper: &mut dyn FnMut(Paper) -> anyhow::Result<()>,
) -> anyhow::Result<ParseSummary> {
    parse_inputs_counting(paths, options, None, on_paper)
}

/// Like [`parse_inputs`], adding the bytes read to `bytes_read` as it goes (for progress).
pub fn parse_inputs_counting(
    paths: &[PathBuf],
    options: ParseOptions,
    bytes_read: Option<Arc<AtomicU64>>,
    on_paper: &mut dyn FnMut(Paper) -> anyhow::Result<()>,
) -> anyhow::Result<ParseSummary> {
    let mut total = ParseSummary::default();
    for path in paths {
        let label = input_label(path);
        let inner: Box<dyn BufRead> = match &bytes_read {
            Some(counter) => Box::new(CountingReader {
                inner: open_input(path)?,
                counter: counter.clone(),
            }),
            None => open_input(path)?,
        };
        let mut reader = NoticingReader { inner, saw_text: false };
        let mut shown = 0;
        let mut on_event = |event: Event| -> anyhow::Result<()> {
            match event {
                Event::Paper(paper) => on_paper(*paper),
                Event::Warning(warning) => {
                    shown += 1;
                    if shown <= WARNINGS_SHOWN_PER_INPUT {
                        output::warn(&format!("{label}:{}: {}", warning.line, warning.message));
                    }
                    Ok(())
                }
            }
        };
        let summary = match dump::parse_dump(&mut reader, &label, options, &mut on_event) {
            Ok(summary) => summary,
            Err(ParseError::Handler(error)) => return Err(error),
            Err(error) => return Err(anyhow::Error::new(error).context(format!("reading {label}"))),
        };
        if summary.warnings > WARNINGS_SHOWN_PER_INPUT {
            output::warn(&format!(
                "{label}: {} more warnings not shown",
                summary.warnings - WARNINGS_SHOWN_PER_INPUT
            ));
        }
        total.papers += summary.papers;
        total.warnings += summary.warnings;
        if summary.papers == 0 {
            // Counted, so that the summary's warnings agree with what was said.
            total.warnings += 1;
            if reader.saw_text {
                output::warn(&no_papers_message(&label, summary.detection.as_ref()));
            } else {
                output::warn(&format!("{label} is empty: there is nothing in it to read"));
            }
        }
        total.detection = summary.detection;
        total.skipped_count += summary.skipped_count;
        total.skipped.extend(summary.skipped);
    }
    Ok(total)
}

/// What to tell the user when an input yielded no papers, with the way to find out more.
fn no_papers_message(label: &str, detection: Option<&dump::Detection>) -> String {
    let explain = if label == "<stdin>" {
        "`papers parse --explain -` with the same input shows what was found".to_string()
    } else {
        format!("`papers parse --explain {label}` shows what was found")
    };
    match detection {
        Some(detection) if detection.format != dump::Format::Unknown => format!(
            "no papers recognised in {label}, read as {} ({}); {explain}",
            detection.format.name(),
            detection.format.description()
        ),
        _ => format!(
            "no papers recognised in {label}: it does not look like a saved Daily Papers page \
             (no author counts, dates, paper links or upvote labels near its start); save the page \
             from your browser (select all, copy, paste into a text file), as Markdown, or as the \
             daily-papers API's JSON; {explain}"
        ),
    }
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
