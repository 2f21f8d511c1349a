//! The command line: clap definitions, and their translation into validated settings before any
//! work starts (so a bad flag fails fast, with exit code 2, and never half-way through an ingest).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::addresses::Destination;
use crate::date_input::{parse_day, parse_since, parse_until};
use crate::floor::exit::UsageError;
use crate::index::{FacetField, Filters, Ranker, SortOrder};
use crate::output::{CitationFormat, ColorChoice, RecordFormat};
use crate::triage::Status;

#[derive(Debug, Parser)]
#[command(
    name = "papers",
    version,
    about = "Turn saved Hugging Face Daily Papers pages into a local, searchable reading queue",
    after_help = "Examples:\n  papers ingest daily-papers-2025-12-09.txt\n  papers search \"contrastive pretraining\" --topic vision --since 2024\n  papers triage --interactive\n  papers cite --status starred > starred.bib\n\nExit codes: 0 success, 1 error, 2 usage error, 3 index busy (another papers process is writing),\n4 API unreachable (pull), 130 interrupted.\nDocumentation: `papers man`, `papers COMMAND --help`, README.md"
)]
pub struct Cli {
    /// Index directory [default: a `papers` directory in your data directory]
    #[arg(
        long,
        global = true,
        env = "PAPERS_INDEX",
        value_name = "DIR",
        help_heading = "Global options"
    )]
    pub index: Option<PathBuf>,

    /// When to use colour in human-readable output
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t = ColorChoice::Auto,
        value_name = "WHEN",
        help_heading = "Global options"
    )]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse dumps and print their records as JSON (no index involved)
    #[command(
        after_help = "Examples:\n  papers parse dump.txt > records.json\n  papers parse --format jsonl saved/*.md | jq .title\n  papers parse --explain page.txt    # which layout, and why"
    )]
    Parse(ParseArgs),
    /// Parse dumps and add or update their papers in the index
    #[command(
        after_help = "Examples:\n  papers ingest daily-papers-2025-12-09.txt\n  papers ingest saved/*.txt saved/*.json\n  curl -s https://huggingface.co/api/daily_papers | papers ingest -"
    )]
    Ingest(IngestArgs),
    /// Fetch the daily papers from the Hugging Face API and ingest them (today and the days
    /// missed since the last pull, or the days asked for, or single papers by arXiv id)
    #[command(
        after_help = "Examples:\n  papers pull                      # today, and the days missed since the last pull\n  papers pull --since 7d\n  papers pull --date 2025-12-09\n  papers pull 2405.15071 2408.10906"
    )]
    Pull(PullArgs),
    /// Search the index
    #[command(
        after_help = "Examples:\n  papers search \"contrastive pretraining\" --topic vision --since 2024\n  papers search 'diffusion -video' --method LoRA -n 20\n  papers search 'methods:lora datasets:imagenet' --json\n  papers search \"reward model\" --status starred"
    )]
    Search(SearchArgs),
    /// Show one paper by id (or an unambiguous id prefix)
    #[command(
        after_help = "Examples:\n  papers show f9zwrgn90s\n  papers show f9zw --json\n  papers show 2408.10906          # by arXiv id"
    )]
    Show(ShowArgs),
    /// Open a paper in the browser: its arXiv page, PDF, Hugging Face page or code
    #[command(
        after_help = "Examples:\n  papers open f9zw                 # the arXiv page\n  papers open f9zw --pdf\n  papers open f9zw --code\n  papers open f9zw --print        # the address only"
    )]
    Open(OpenArgs),
    /// Print citations (BibTeX, RIS or CSL-JSON) for papers, by id, status or tag
    #[command(
        after_help = "Examples:\n  papers cite f9zw 4tsh >> refs.bib\n  papers cite --status starred --format ris > starred.ris\n  papers cite --tag thesis --format csl-json > thesis.json"
    )]
    Cite(CiteArgs),
    /// Print every matching paper as JSON, JSON Lines or CSV
    #[command(
        after_help = "Examples:\n  papers export > papers.json\n  papers export --format jsonl --since 2024 > 2024.jsonl\n  papers export --format csv --topic vision > vision.csv\n  papers export --tag thesis --format bibtex > thesis.bib"
    )]
    Export(ExportArgs),
    /// Count topics, methods, datasets, keywords or years among the matching papers
    #[command(
        after_help = "Examples:\n  papers facets --field methods -n 10\n  papers facets \"diffusion\" --field datasets\n  papers facets --field year --status starred"
    )]
    Facets(FacetsArgs),
    /// List the methods and datasets the index knows, with paper counts and where each name
    /// comes from (curated, learned from the papers, or the paper's own)
    #[command(after_help = "Examples:\n  papers entities -n 20\n  papers entities --learned --json")]
    Entities(EntitiesArgs),
    /// Papers like the given one
    #[command(after_help = "Examples:\n  papers similar f9zw\n  papers similar f9zw -n 5 --json")]
    Similar(SimilarArgs),
    /// Record a decision about papers: read, starred, skipped, later or new
    #[command(
        after_help = "Examples:\n  papers mark f9zw --as starred\n  papers mark f9zw 4tsh mrap --as read\n  papers undo                      # take it back"
    )]
    Mark(MarkArgs),
    /// Add tags to papers: `papers tag ID… TAG…`
    #[command(override_usage = "papers tag <ID>... <TAG>...")]
    #[command(after_help = "Examples:\n  papers tag f9zw 3d thesis\n  papers tag f9zw 4tsh reading-group")]
    Tag(TagArgs),
    /// Remove tags from papers: `papers untag ID… TAG…`
    #[command(override_usage = "papers untag <ID>... <TAG>...")]
    #[command(after_help = "Examples:\n  papers untag f9zw thesis")]
    Untag(TagArgs),
    /// Attach a note to a paper (an empty note removes it)
    Note(NoteArgs),
    /// List papers with their triage status, tags and notes
    #[command(
        after_help = "Examples:\n  papers list                      # the 50 newest, with marks\n  papers list --status starred --all\n  papers list --tag thesis --json"
    )]
    List(ListArgs),
    /// The inbox: new papers ranked by your interests and decisions, with reasons
    #[command(
        after_help = "Examples:\n  papers triage\n  papers triage --interactive\n  papers triage --since 7d --interest \"speech recognition\""
    )]
    Triage(TriageArgs),
    /// Show or change your interest profile
    #[command(
        after_help = "Examples:\n  papers profile\n  papers profile --add-topic speech --add-method \"diffusion model\"\n  papers profile --exclude robotics --remove speech"
    )]
    Profile(ProfileArgs),
    /// The top new papers as a Markdown (or JSON) digest
    #[command(
        after_help = "Examples:\n  papers digest -n 5 > digest.md\n  papers digest --since-last       # only papers no earlier digest showed"
    )]
    Digest(DigestArgs),
    /// The most upvoted recent papers
    #[command(after_help = "Examples:\n  papers top\n  papers top --since 2025-01 -n 20")]
    Top(TopArgs),
    /// Export or import the triage state (statuses, tags, notes)
    #[command(after_help = "Examples:\n  papers state export > marks.json\n  papers state import marks.json")]
    State(StateArgs),
    /// Revert the last change to your marks (mark, tag, untag, note, state import)
    #[command(
        after_help = "Examples:\n  papers mark f9zw --as read\n  papers undo                      # f9zw is as it was"
    )]
    Undo,
    /// Rebuild the index from the records it stores (after upgrading papers)
    #[command(after_help = "Examples:\n  papers reindex")]
    Reindex,
    /// Check the index for damage, duplicates and leftovers of interrupted runs; --repair fixes
    /// what can be fixed without losing papers or decisions
    #[command(after_help = "Examples:\n  papers doctor\n  papers doctor --repair")]
    Doctor(DoctorArgs),
    /// Print the manual page (roff): `papers man > ~/.local/share/man/man1/papers.1`
    #[command(
        after_help = "Examples:\n  papers man | man -l -\n  papers man > ~/.local/share/man/man1/papers.1\n  papers man search > ~/.local/share/man/man1/papers-search.1"
    )]
    Man(ManArgs),
    /// Print a shell completion script
    #[command(
        after_help = "Examples:\n  papers completions bash > ~/.local/share/bash-completion/completions/papers\n  papers completions zsh > ~/.zfunc/_papers\n  papers completions fish > ~/.config/fish/completions/papers.fish"
    )]
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Dump files to read (`-` for standard input)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = RecordFormat::Json)]
    pub format: RecordFormat,

    /// Instead of records, report for each file which layout was detected, why, and what was
    /// recognised in it
    #[arg(long, conflicts_with = "format")]
    pub explain: bool,

    #[command(flatten)]
    pub year: YearArg,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Dump files to read (`-` for standard input)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Print the summary as JSON on stdout
    #[arg(long)]
    pub json: bool,

    /// When another papers process is writing to the index, wait for it instead of failing
    #[arg(long)]
    pub wait: bool,

    #[command(flatten)]
    pub year: YearArg,
}

#[derive(Debug, Args)]
pub struct PullArgs {
    /// Single papers to add by arXiv id (`2405.15071`), instead of daily lists
    #[arg(value_name = "ARXIV_ID", conflicts_with_all = ["date", "since", "until"])]
    pub ids: Vec<String>,

    /// Fetch this one day's list (YYYY-MM-DD, today, yesterday, 3d)
    #[arg(long, value_name = "DAY", value_parser = parse_day, conflicts_with_all = ["since", "until"])]
    pub date: Option<time::Date>,

    /// Fetch every day from this one on (to --until, or today); also 7d, 2w, YYYY-MM
    #[arg(long, value_name = "DATE", value_parser = parse_since)]
    pub since: Option<time::Date>,

    /// Last day to fetch with --since (inclusive) [default: today, UTC]
    #[arg(long, value_name = "DATE", value_parser = parse_until, requires = "since")]
    pub until: Option<time::Date>,

    /// Fetch days again even when their list was already fetched after the day ended
    #[arg(long)]
    pub refresh: bool,

    /// The API's address
    #[arg(
        long,
        value_name = "URL",
        env = "HF_ENDPOINT",
        default_value = "https://huggingface.co"
    )]
    pub endpoint: String,

    /// Seconds to wait for a connection
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub connect_timeout: u64,

    /// Seconds to wait for an answer, and between parts of it
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub read_timeout: u64,

    /// Most tries per request, when the connection fails, times out or the server answers
    /// 429 or 5xx (waits 1, 2, 4… seconds between, or what Retry-After asks)
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=10))]
    pub tries: u32,

    /// Print the summary as JSON on stdout: ingest's counts plus `days`
    #[arg(long)]
    pub json: bool,

    /// When another papers process is writing to the index, wait for it instead of failing
    #[arg(long)]
    pub wait: bool,
}

#[derive(Debug, Args)]
pub struct YearArg {
    /// Year of dates printed without one [default: the year after the newest year in the dump,
    /// at most the current year]
    #[arg(long, value_name = "YYYY", value_parser = clap::value_parser!(i32).range(1900..=9999))]
    pub year: Option<i32>,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Query: words, "phrases", +required, -excluded, field:term (title, abstract, topics, ...)
    #[arg(value_name = "QUERY")]
    pub query: String,

    /// Number of results
    #[arg(long, short = 'n', default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub limit: u64,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// Rank by text relevance alone, without the small upvote and recency boosts
    #[arg(long)]
    pub no_boost: bool,

    /// How plain queries are ranked: their words blended with the latent layer learned from
    /// your papers (blend), the words alone (lexical), or closeness in the latent layer alone
    /// (latent)
    #[arg(long, value_enum, default_value_t = Ranker::Blend, value_name = "RANKER")]
    pub ranker: Ranker,

    /// Print results as a JSON array
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Paper id, or a prefix of it that matches one paper
    #[arg(value_name = "ID")]
    pub id: String,

    /// Print the record as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// Paper id, or a prefix of it that matches one paper
    #[arg(value_name = "ID")]
    pub id: String,

    /// The PDF on arXiv
    #[arg(long, group = "destination")]
    pub pdf: bool,

    /// The code repository
    #[arg(long, group = "destination")]
    pub code: bool,

    /// The paper's page on Hugging Face (discussion, linked models and datasets)
    #[arg(long, group = "destination")]
    pub hf: bool,

    /// Print the address instead of opening it
    #[arg(long)]
    pub print: bool,
}

impl OpenArgs {
    pub fn destination(&self) -> Destination {
        if self.pdf {
            Destination::Pdf
        } else if self.code {
            Destination::Code
        } else if self.hf {
            Destination::HuggingFace
        } else {
            Destination::Paper
        }
    }
}

#[derive(Debug, Args)]
pub struct CiteArgs {
    /// Paper ids or unambiguous id prefixes
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,

    /// Every paper with this status (with --tag: papers with both)
    #[arg(long, value_enum)]
    pub status: Option<Status>,

    /// Every paper with this tag
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,

    /// Citation format
    #[arg(long, value_enum, default_value_t = CitationFormat::Bibtex)]
    pub format: CitationFormat,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Only papers matching this query [default: every paper]
    #[arg(value_name = "QUERY")]
    pub query: Option<String>,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// Output format
    #[arg(long, value_enum, default_value_t = RecordFormat::Json)]
    pub format: RecordFormat,

    /// Export at most this many papers
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: Option<u64>,
}

#[derive(Debug, Args)]
pub struct MarkArgs {
    /// Paper ids or unambiguous id prefixes
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,

    /// The decision
    #[arg(long = "as", value_enum, value_name = "STATUS")]
    pub status: Status,
}

#[derive(Debug, Args)]
pub struct TagArgs {
    /// Paper ids (or id prefixes) first, then the tags; the last argument is always a tag
    #[arg(required = true, value_name = "ID|TAG")]
    pub items: Vec<String>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  papers note f9zw \"compare with 3DGS baselines\"\n  papers note f9zw --append \"section 4 has the ablation\"\n  papers note f9zw --edit         # in $VISUAL or $EDITOR\n  papers note f9zw                # print the note\n  papers note f9zw \"\"             # remove it"
)]
pub struct NoteArgs {
    /// Paper id or unambiguous id prefix
    #[arg(value_name = "ID")]
    pub id: String,

    /// The note; an empty string removes it. Without it (and without --edit) the note is printed
    #[arg(value_name = "TEXT")]
    pub text: Option<String>,

    /// Add the text as a new line of the note instead of replacing it
    #[arg(long, requires = "text")]
    pub append: bool,

    /// Write the note in your editor ($VISUAL, else $EDITOR, else vi)
    #[arg(long, conflicts_with_all = ["text", "append"])]
    pub edit: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filters: FilterArgs,

    /// List at most this many papers
    #[arg(long, short = 'n', default_value_t = 50, value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: u64,

    /// List every matching paper
    #[arg(long, conflicts_with = "limit")]
    pub all: bool,

    /// Print the papers as a JSON array (records plus `status`, `tags`, `note`, `first_seen`)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TriageArgs {
    /// Show at most this many papers
    #[arg(long, short = 'n', default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: u64,

    /// Only papers dated on or after this day (YYYY-MM-DD, YYYY-MM, YYYY, today, 7d, 2w …)
    #[arg(long, value_name = "DATE", value_parser = parse_since)]
    pub since: Option<time::Date>,

    /// An interest for this run only (repeatable), on top of the profile
    #[arg(long, value_name = "QUERY")]
    pub interest: Vec<String>,

    /// Step through the papers and decide each with one key (s star, r read, k skip, l later,
    /// o open the paper, c open its code, u undo the last decision, space leave new, q quit); keys
    /// are read from stdin when it is not a terminal
    #[arg(long, short = 'i', conflicts_with = "json")]
    pub interactive: bool,

    /// Print the entries as a JSON array (records plus `status`, `score`, `bucket`, `why`)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ProfileArgs {
    /// Add (or reweight) a topic interest, by taxonomy id
    #[arg(long, value_name = "TOPIC")]
    pub add_topic: Vec<String>,

    /// Add (or reweight) a method interest
    #[arg(long, value_name = "METHOD")]
    pub add_method: Vec<String>,

    /// Add (or reweight) a dataset interest
    #[arg(long, value_name = "DATASET")]
    pub add_dataset: Vec<String>,

    /// Add (or reweight) a free-text interest, searched like `papers search`
    #[arg(long, value_name = "QUERY")]
    pub add_query: Vec<String>,

    /// Push papers mentioning this term (or with this topic) to the bottom
    #[arg(long, value_name = "TERM")]
    pub exclude: Vec<String>,

    /// Remove an interest or exclusion, whatever its kind
    #[arg(long, value_name = "VALUE")]
    pub remove: Vec<String>,

    /// Weight of the interests added by this command
    #[arg(long, default_value_t = 1.0)]
    pub weight: f32,

    /// Print the profile as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum DigestFormat {
    #[default]
    Markdown,
    Json,
}

#[derive(Debug, Args)]
pub struct DigestArgs {
    /// Only papers dated on or after this day (YYYY-MM-DD, YYYY-MM, YYYY, today, 7d, 2w …)
    #[arg(long, value_name = "DATE", value_parser = parse_since)]
    pub since: Option<time::Date>,

    /// Papers in the digest
    #[arg(long, short = 'n', default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: u64,

    /// An interest for this digest only (repeatable)
    #[arg(long, value_name = "QUERY")]
    pub interest: Vec<String>,

    /// Only papers no earlier digest showed (every digest records what it shows)
    #[arg(long)]
    pub since_last: bool,

    /// Output format
    #[arg(long, value_enum, default_value_t = DigestFormat::Markdown)]
    pub format: DigestFormat,
}

#[derive(Debug, Args)]
pub struct TopArgs {
    /// Only papers dated on or after this day (YYYY-MM-DD, YYYY-MM, YYYY, 7d …) [default: 30
    /// days before the newest paper]
    #[arg(long, value_name = "DATE", value_parser = parse_since)]
    pub since: Option<time::Date>,

    /// Number of papers
    #[arg(long, short = 'n', default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: u64,

    /// Print the papers as a JSON array
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StateArgs {
    #[command(subcommand)]
    pub action: StateAction,
}

#[derive(Debug, Subcommand)]
pub enum StateAction {
    /// Print every decision, tag and note as JSON
    Export,
    /// Merge decisions from a file written by `papers state export` (`-` for stdin)
    Import {
        /// The exported state: a file written by `papers state export`, or `-` for stdin
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct SimilarArgs {
    /// Paper id, or a prefix of it that matches one paper
    #[arg(value_name = "ID")]
    pub id: String,

    /// Number of papers
    #[arg(long, short = 'n', default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub limit: u64,

    /// Print the papers as a JSON array (records plus `score`)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct FacetsArgs {
    /// Only papers matching any word of this query [default: every paper]
    #[arg(value_name = "QUERY")]
    pub query: Option<String>,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// What to count
    #[arg(long, value_enum, default_value_t = FacetField::Topics)]
    pub field: FacetField,

    /// Show at most this many values
    #[arg(long, short = 'n', default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub limit: u64,

    /// Print the counts as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EntitiesArgs {
    /// Only the names the index learned from its papers, with the evidence for each
    #[arg(long)]
    pub learned: bool,

    /// Show at most this many names, the most named first
    #[arg(long, short = 'n', default_value_t = 50, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub limit: u64,

    /// Print the names as a JSON array, one object per name (name, kind, papers, origin, evidence)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only papers dated on or after this day: YYYY-MM-DD, YYYY-MM, YYYY, today, yesterday, or
    /// back from today (7d, 2w)
    #[arg(long, value_name = "DATE", value_parser = parse_since)]
    pub since: Option<time::Date>,

    /// Only papers dated on or before this day (a month or year: to its end)
    #[arg(long, value_name = "DATE", value_parser = parse_until)]
    pub until: Option<time::Date>,

    /// Only papers with at least this many upvotes
    #[arg(long, value_name = "N")]
    pub min_upvotes: Option<u64>,

    /// Only papers linking to a code repository (GitHub, GitLab, Hugging Face, ...)
    #[arg(long)]
    pub has_code: bool,

    /// Only papers with this topic id (repeat for alternatives)
    #[arg(long, value_name = "TOPIC")]
    pub topic: Vec<String>,

    /// Only papers using this method (repeat for alternatives)
    #[arg(long, value_name = "METHOD")]
    pub method: Vec<String>,

    /// Only papers using this dataset (repeat for alternatives)
    #[arg(long, value_name = "DATASET")]
    pub dataset: Vec<String>,

    /// Only papers you marked so (`new`: not decided yet)
    #[arg(long, value_enum)]
    pub status: Option<Status>,

    /// Only papers you tagged so (repeat: papers with every tag)
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,

    /// Result order
    #[arg(long, value_enum, default_value_t = SortOrder::Relevance)]
    pub sort: SortOrder,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Merge duplicate records, rebuild an index of another schema and delete leftover files
    #[arg(long)]
    pub repair: bool,
    /// Print the findings as a JSON object
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The page of one command (`papers-search(1)`) instead of the main page
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell to generate completions for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

impl FilterArgs {
    /// The filters, checked for consistency.
    pub fn to_filters(&self) -> Result<Filters, UsageError> {
        if let (Some(since), Some(until)) = (self.since, self.until) {
            if since > until {
                return Err(UsageError(format!(
                    "--since {since} is after --until {until}; no paper can match (swap them?)"
                )));
            }
        }
        if let Some(unknown) = self
            .topic
            .iter()
            .find(|t| !crate::extract::TOPIC_IDS.contains(&t.trim().to_lowercase()))
        {
            return Err(UsageError(format!(
                "unknown topic '{unknown}'; topics are: {}",
                crate::extract::TOPIC_IDS.join(", ")
            )));
        }
        Ok(Filters {
            since: self.since,
            until: self.until,
            min_upvotes: self.min_upvotes,
            has_code: self.has_code,
            topics: self.topic.clone(),
            methods: self.method.clone(),
            datasets: self.dataset.clone(),
            // Filled from the reader's marks by the command (they live outside the index).
            only_ids: None,
            except_ids: Vec::new(),
        })
    }
}

/// Implements clap's `ValueEnum` for a domain enum here, so that the domain type knows nothing of
/// the command line: each value's name as typed, and its help.
macro_rules! command_line_values {
    ($domain:ty { $($variant:ident => $name:literal $(: $help:literal)?),* $(,)? }) => {
        impl clap::ValueEnum for $domain {
            fn value_variants<'a>() -> &'a [Self] {
                type Domain = $domain;
                &[$(Domain::$variant),*]
            }

            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                type Domain = $domain;
                Some(match self {
                    $(Domain::$variant => clap::builder::PossibleValue::new($name)$(.help($help))?),*
                })
            }
        }
    };
}

command_line_values!(ColorChoice {
    Auto => "auto": "Colour when stdout is a terminal and NO_COLOR is not set",
    Always => "always": "Always colour, even into pipes and files",
    Never => "never": "Never colour",
});

command_line_values!(RecordFormat {
    Json => "json": "A JSON array, one record per line",
    Jsonl => "jsonl": "One JSON object per line (JSON Lines)",
    Csv => "csv": "Comma-separated values with a header row (RFC 4180); lists are joined with `;`",
    Ndjson => "ndjson": "Search-engine documents, one per line, for Quickwit (`deploy/quickwit/`)",
    Bulk => "bulk": "An Elasticsearch/OpenSearch `_bulk` body: an action line, then the document (`deploy/opensearch/`)",
    Bibtex => "bibtex": "BibTeX entries (see `papers cite`)",
    Ris => "ris": "RIS records (see `papers cite`)",
    CslJson => "csl-json": "A CSL-JSON array (see `papers cite`)",
});

command_line_values!(CitationFormat {
    Bibtex => "bibtex": "BibTeX `@misc` entries with the arXiv e-print fields (biblatex and natbib read them)",
    Ris => "ris": "RIS records (`TY  - UNPB` … `ER  - `), as Zotero, EndNote and Mendeley import them",
    CslJson => "csl-json": "A CSL-JSON array, as pandoc's citeproc and Zotero read it",
});

command_line_values!(FacetField {
    Topics => "topics",
    Methods => "methods",
    Datasets => "datasets",
    Keywords => "keywords": "Keywords the API gives (`ai_keywords`), as written",
    Year => "year",
    MethodFamilies => "method-families": "Methods counted by family: every version of a model under its family (\"Llama\")",
    DatasetFamilies => "dataset-families": "Datasets counted by family: every version of a benchmark under its name (\"ScreenSpot\")",
});

command_line_values!(SortOrder {
    Relevance => "relevance": "Best match first (newest first when there is no query)",
    Date => "date": "Newest first; papers without a date last",
    Upvotes => "upvotes": "Most upvoted first",
});

command_line_values!(Status {
    New => "new": "Not decided yet",
    Read => "read",
    Starred => "starred",
    Skipped => "skipped",
    Later => "later",
});

command_line_values!(Ranker {
    Blend => "blend",
    Lexical => "lexical",
    Latent => "latent",
});
