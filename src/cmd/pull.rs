//! `papers pull`: fetch daily lists (or single papers) from the Hugging Face API, keep each
//! response under the index directory, then ingest them all in one commit.
//!
//! Which days: today (UTC) and every day since the newest list kept, at most 31 days back; or
//! `--date`, or `--since`/`--until`. A day whose list was fetched after the day ended cannot
//! change any more and is not fetched again without `--refresh`; one fetched while it was still
//! going on is fetched again. When the endpoint cannot be reached, nothing is committed and the
//! exit code is 4; a day the server answers wrongly is reported and the others still land.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{anyhow, Context as _};
use serde::Serialize;
use time::{Date, OffsetDateTime};

use super::ingest::count;
use super::{finish_output, stdout, Context};
use crate::cli::PullArgs;
use crate::fetch::{ApiClient, FetchError, Network, RawStore};
use crate::floor::exit::UsageError;
use crate::floor::interrupt::{self, Interrupted};
use crate::index::{IngestCounts, PaperIndex};
use crate::ingest::ingest_files;
use crate::output::{self, progress::DayProgress};

/// Most days a pull reaches back on its own (without `--since`).
const MOST_DAYS_BACK: i64 = 31;
/// The wait before a request's second try.
const FIRST_BACKOFF: Duration = Duration::from_secs(1);

/// What happened to one day (or one paper) of a pull.
#[derive(Debug, Serialize)]
struct DayReport {
    /// `YYYY-MM-DD` for a day's list, the arXiv id for a single paper.
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    /// Entries in the list fetched (or kept).
    papers: u64,
    /// `fetched`, `empty` (no papers yet), `kept` (fetched before, not again), `not found`
    /// (a paper the API does not know) or `failed`.
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

#[derive(Serialize)]
struct PullSummary {
    #[serde(flatten)]
    counts: IngestCounts,
    days: Vec<DayReport>,
}

pub fn run(context: &Context, args: PullArgs) -> anyhow::Result<()> {
    let endpoint = endpoint_of(&args.endpoint)?;
    let ids = arxiv_ids(&args.ids)?;
    let index_dir = context.index_dir()?;
    // The index directory must be ours before anything is written into it.
    drop(PaperIndex::open_or_create(&index_dir)?);
    let store = RawStore::new(&index_dir);
    let network = Network {
        endpoint,
        token: std::env::var("HF_TOKEN").ok().filter(|token| !token.trim().is_empty()),
        connect_timeout: Duration::from_secs(args.connect_timeout),
        read_timeout: Duration::from_secs(args.read_timeout),
        tries: args.tries,
        first_backoff: FIRST_BACKOFF,
    };
    let client = ApiClient::new(
        network,
        Box::new(|problem, wait| {
            output::warn(&format!("{problem}; trying again in {} s", wait.as_secs_f64()));
        }),
    );
    interrupt::watch();
    // Responses an earlier pull wrote but did not commit go in with this one.
    let mut to_ingest: Vec<PathBuf> = store.uningested();
    let mut reports = Vec::new();
    if ids.is_empty() {
        let days = days_to_pull(&args, &store)?;
        let progress = DayProgress::start(days.len() as u64);
        for (done, day) in days.into_iter().enumerate() {
            progress.update(done as u64, &day.to_string());
            stop_if_interrupted(&store, &to_ingest)?;
            let kept = store.kept_day(day);
            if !args.refresh && kept.is_some_and(|kept| kept.is_complete()) {
                reports.push(DayReport {
                    date: Some(day.to_string()),
                    id: None,
                    papers: 0,
                    status: "kept",
                    error: None,
                });
                continue;
            }
            let report = match client.daily_papers(&day.to_string()) {
                Ok(entries) => {
                    let path = store.day_path(day);
                    let papers = entries.len() as u64;
                    store.write(&path, &serde_json::Value::Array(entries))?;
                    if papers > 0 {
                        to_ingest.push(path);
                        store.set_uningested(&to_ingest)?;
                    }
                    DayReport {
                        date: Some(day.to_string()),
                        id: None,
                        papers,
                        status: if papers > 0 { "fetched" } else { "empty" },
                        error: None,
                    }
                }
                Err(FetchError::Unreachable(mut unreachable)) => {
                    unreachable.then = nothing_committed(&to_ingest);
                    return Err(unreachable.into());
                }
                Err(FetchError::Failed(reason)) => DayReport {
                    date: Some(day.to_string()),
                    id: None,
                    papers: 0,
                    status: "failed",
                    error: Some(reason),
                },
            };
            reports.push(report);
        }
    } else {
        for id in ids {
            stop_if_interrupted(&store, &to_ingest)?;
            let report = match client.paper(&id) {
                Ok(Some(paper)) => {
                    let path = store.paper_path(&id);
                    store.write(&path, &paper)?;
                    to_ingest.push(path);
                    store.set_uningested(&to_ingest)?;
                    DayReport {
                        date: None,
                        id: Some(id),
                        papers: 1,
                        status: "fetched",
                        error: None,
                    }
                }
                Ok(None) => DayReport {
                    date: None,
                    id: Some(id),
                    papers: 0,
                    status: "not found",
                    error: None,
                },
                Err(FetchError::Unreachable(mut unreachable)) => {
                    unreachable.then = nothing_committed(&to_ingest);
                    return Err(unreachable.into());
                }
                Err(FetchError::Failed(reason)) => DayReport {
                    date: None,
                    id: Some(id),
                    papers: 0,
                    status: "failed",
                    error: Some(reason),
                },
            };
            reports.push(report);
        }
    }
    stop_if_interrupted(&store, &to_ingest)?;

    let (counts, index_len) = if to_ingest.is_empty() {
        (IngestCounts::default(), None)
    } else {
        let ingested = ingest_files(&context.index_dir()?, &to_ingest, args.wait, None)?;
        store.set_uningested(&[])?;
        (ingested.counts, Some(ingested.index_len))
    };
    let failed: Vec<&DayReport> = reports.iter().filter(|report| report.status == "failed").collect();
    let failure = failed.first().map(|first| {
        anyhow!(
            "{} of {} could not be fetched; the rest were saved. First: {}",
            failed.len(),
            count(reports.len() as u64, if first.id.is_some() { "paper" } else { "day" }),
            first.error.as_deref().unwrap_or("")
        )
    });
    if args.json {
        let mut out = stdout();
        let summary = PullSummary { counts, days: reports };
        output::json::to_writer(&mut out, &summary)?;
        writeln!(out)?;
        finish_output(out)?;
    } else {
        print_summary(&reports, &counts, index_len);
    }
    match failure {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

/// One line per day on stderr, then the totals.
fn print_summary(reports: &[DayReport], counts: &IngestCounts, index_len: Option<u64>) {
    let today = OffsetDateTime::now_utc().date().to_string();
    for report in reports {
        let what = report.date.as_deref().or(report.id.as_deref()).unwrap_or_default();
        let line = match (report.status, &report.error) {
            ("fetched", _) => format!("{what}: {}", count(report.papers, "paper")),
            ("empty", _) if what < today.as_str() => format!("{what}: no papers"),
            ("empty", _) => format!("{what}: no papers yet"),
            ("kept", _) => format!("{what}: fetched before (--refresh fetches it again)"),
            ("not found", _) => format!("{what}: the API does not know this paper"),
            (_, Some(error)) => format!("{what}: failed: {error}"),
            (status, None) => format!("{what}: {status}"),
        };
        output::note(&line);
    }
    let read_first = if counts.added > 0 {
        format!(" ({} to read first)", counts.read_first)
    } else {
        String::new()
    };
    let holds = index_len.map_or_else(String::new, |len| format!("; the index holds {}", count(len, "paper")));
    output::note(&format!(
        "pulled {}: {} added{read_first}, {} updated, {} unchanged{holds}",
        count(counts.parsed, "paper"),
        counts.added,
        counts.updated,
        counts.unchanged,
    ));
}

/// The days to fetch, oldest first.
fn days_to_pull(args: &PullArgs, store: &RawStore) -> anyhow::Result<Vec<Date>> {
    let today = OffsetDateTime::now_utc().date();
    let (first, last) = match (args.date, args.since) {
        (Some(date), _) => (date, date),
        (None, Some(since)) => {
            let until = args.until.unwrap_or(today);
            if since > until {
                return Err(UsageError(format!("--since {since} is after --until {until}; swap them?")).into());
            }
            (since, until)
        }
        (None, None) => {
            let oldest_allowed = today - time::Duration::days(MOST_DAYS_BACK - 1);
            let first = match store.newest_day()? {
                // Fetched while it was still going on: its list may have grown since.
                Some(kept) if !kept.is_complete() => kept.date,
                Some(kept) => kept.date.next_day().unwrap_or(kept.date),
                None => today,
            };
            if first < oldest_allowed {
                output::note(&format!(
                    "the last pull reached {}; pulling only the last {MOST_DAYS_BACK} days \
                     (`papers pull --since {first}` fetches the days before)",
                    first.previous_day().unwrap_or(first)
                ));
            }
            (first.max(oldest_allowed).min(today), today)
        }
    };
    let mut days = Vec::new();
    let mut day = first;
    while day <= last {
        days.push(day);
        let Some(next) = day.next_day() else { break };
        day = next;
    }
    Ok(days)
}

/// `--endpoint` as a base address: http(s), no trailing `/`.
fn endpoint_of(text: &str) -> anyhow::Result<String> {
    let trimmed = text.trim().trim_end_matches('/');
    let valid = ["https://", "http://"].iter().any(|scheme| {
        trimmed
            .strip_prefix(scheme)
            .is_some_and(|rest| !rest.is_empty() && !rest.contains(char::is_whitespace))
    });
    if !valid {
        return Err(UsageError(format!(
            "--endpoint '{}' is not an http(s) address (like https://huggingface.co)",
            text
        ))
        .into());
    }
    Ok(trimmed.to_string())
}

/// The arXiv ids asked for, checked (a link to the paper is accepted too).
fn arxiv_ids(given: &[String]) -> anyhow::Result<Vec<String>> {
    let mut ids: Vec<String> = Vec::new();
    for text in given {
        let id = crate::index::arxiv_id_in(text).ok_or_else(|| {
            UsageError(format!(
                "'{}' is not an arXiv id (like 2405.15071) or a link to one",
                text
            ))
        })?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Stops after Ctrl-C, before committing: what was fetched stays on disk for the next pull.
fn stop_if_interrupted(store: &RawStore, written: &[PathBuf]) -> anyhow::Result<()> {
    if !interrupt::requested() {
        return Ok(());
    }
    store
        .set_uningested(written)
        .context("recording the responses fetched so far")?;
    Err(Interrupted(nothing_committed(written)).into())
}

fn nothing_committed(written: &[PathBuf]) -> String {
    if written.is_empty() {
        "nothing was saved to the index".to_string()
    } else {
        format!(
            "nothing was saved to the index; the {} fetched so far are kept and go in with the next pull",
            count(written.len() as u64, "response")
        )
    }
}
