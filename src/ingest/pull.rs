//! `papers pull` below the command line: fetch daily lists (or single papers) from the Hugging
//! Face API, keep each response under the index directory, then ingest them all in one commit.
//!
//! Which days: today (UTC) and every day since the newest list kept, at most 31 days back; or one
//! day, or a range. A day whose list was fetched after the day ended cannot change any more and is
//! not fetched again unless asked; one fetched while it was still going on is fetched again. When
//! the endpoint cannot be reached, nothing is committed; a day the server answers wrongly is
//! reported and the others still land. Ctrl-C stops before the commit and keeps what was fetched
//! for the next pull.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context as _};
use serde::Serialize;
use time::{Date, OffsetDateTime};

use super::pipeline::ingest_files;
use crate::fetch::{ApiClient, FetchError, Network, RawStore};
use crate::floor::exit::UsageError;
use crate::floor::interrupt::{self, Interrupted};
use crate::index::{IngestCounts, PaperIndex};
use crate::output::{self, count, progress::DayProgress};

/// Most days a pull reaches back on its own (without a range).
const MOST_DAYS_BACK: i64 = 31;

/// Which days' lists to fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Days {
    /// Today and every day since the last pull (at most [`MOST_DAYS_BACK`] days back).
    SinceLastPull,
    /// One day.
    One(Date),
    /// From a day to another (today when `None`), both included.
    Range { since: Date, until: Option<Date> },
}

/// What to fetch: days' lists, or single papers by arXiv id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PullTargets {
    Days(Days),
    Papers(Vec<String>),
}

/// A pull, as the command line asked for it.
pub struct PullRequest {
    pub targets: PullTargets,
    /// Fetch again days that were fetched after they ended.
    pub refresh: bool,
    pub network: Network,
    /// Wait for another writer instead of failing.
    pub wait: bool,
}

/// What happened to one day (or one paper) of a pull.
#[derive(Debug, Serialize)]
pub struct FetchReport {
    /// `YYYY-MM-DD` for a day's list, the arXiv id for a single paper.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Entries in the list fetched (or kept).
    pub papers: u64,
    /// `fetched`, `empty` (no papers yet), `kept` (fetched before, not again), `not found`
    /// (a paper the API does not know) or `failed`.
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl FetchReport {
    fn day(day: Date, papers: u64, status: &'static str, error: Option<String>) -> FetchReport {
        FetchReport {
            date: Some(day.to_string()),
            id: None,
            papers,
            status,
            error,
        }
    }

    fn paper(id: String, papers: u64, status: &'static str, error: Option<String>) -> FetchReport {
        FetchReport {
            date: None,
            id: Some(id),
            papers,
            status,
            error,
        }
    }
}

/// What a pull did: a report per day or paper, and what the ingest of the fetched responses
/// counted. `papers pull --json` prints it: the counts, and the reports as `days`.
#[derive(Serialize)]
pub struct Pulled {
    #[serde(flatten)]
    pub counts: IngestCounts,
    #[serde(rename = "days")]
    pub reports: Vec<FetchReport>,
    /// Papers in the index after the ingest, when there was one.
    #[serde(skip)]
    pub index_len: Option<u64>,
}

impl Pulled {
    /// The error to end with when some days or papers could not be fetched (the rest were saved).
    pub fn failure(&self) -> Option<anyhow::Error> {
        let failed: Vec<&FetchReport> = self.reports.iter().filter(|report| report.status == "failed").collect();
        failed.first().map(|first| {
            anyhow!(
                "{} of {} could not be fetched; the rest were saved. First: {}",
                failed.len(),
                count(
                    self.reports.len() as u64,
                    if first.id.is_some() { "paper" } else { "day" }
                ),
                first.error.as_deref().unwrap_or("")
            )
        })
    }
}

/// Fetches what `request` asks for into the store beside the index at `index_dir`, then ingests
/// every response not ingested yet (an interrupted pull's too) in one commit.
pub fn pull(index_dir: &Path, request: PullRequest) -> anyhow::Result<Pulled> {
    // The index directory must be ours before anything is written into it.
    drop(PaperIndex::open_or_create(index_dir)?);
    let store = RawStore::new(index_dir);
    let client = ApiClient::new(
        request.network,
        Box::new(|problem, wait| {
            output::warn(&format!("{problem}; trying again in {} s", wait.as_secs_f64()));
        }),
    );
    interrupt::watch();
    // Responses an earlier pull wrote but did not commit go in with this one.
    let mut to_ingest: Vec<PathBuf> = store.uningested();
    let mut reports = Vec::new();
    match request.targets {
        PullTargets::Days(days) => {
            let days = days_to_pull(days, &store)?;
            let progress = DayProgress::start(days.len() as u64);
            for (done, day) in days.into_iter().enumerate() {
                progress.update(done as u64, &day.to_string());
                stop_if_interrupted(&store, &to_ingest)?;
                let kept = store.kept_day(day);
                if !request.refresh && kept.is_some_and(|kept| kept.is_complete()) {
                    reports.push(FetchReport::day(day, 0, "kept", None));
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
                        FetchReport::day(day, papers, if papers > 0 { "fetched" } else { "empty" }, None)
                    }
                    Err(FetchError::Unreachable(mut unreachable)) => {
                        unreachable.then = nothing_committed(&to_ingest);
                        return Err(unreachable.into());
                    }
                    Err(FetchError::Failed(reason)) => FetchReport::day(day, 0, "failed", Some(reason)),
                };
                reports.push(report);
            }
        }
        PullTargets::Papers(ids) => {
            for id in ids {
                stop_if_interrupted(&store, &to_ingest)?;
                let report = match client.paper(&id) {
                    Ok(Some(paper)) => {
                        let path = store.paper_path(&id);
                        store.write(&path, &paper)?;
                        to_ingest.push(path);
                        store.set_uningested(&to_ingest)?;
                        FetchReport::paper(id, 1, "fetched", None)
                    }
                    Ok(None) => FetchReport::paper(id, 0, "not found", None),
                    Err(FetchError::Unreachable(mut unreachable)) => {
                        unreachable.then = nothing_committed(&to_ingest);
                        return Err(unreachable.into());
                    }
                    Err(FetchError::Failed(reason)) => FetchReport::paper(id, 0, "failed", Some(reason)),
                };
                reports.push(report);
            }
        }
    }
    stop_if_interrupted(&store, &to_ingest)?;

    let (counts, index_len) = if to_ingest.is_empty() {
        (IngestCounts::default(), None)
    } else {
        let ingested = ingest_files(index_dir, &to_ingest, request.wait, None)?;
        store.set_uningested(&[])?;
        (ingested.counts, Some(ingested.index_len))
    };
    Ok(Pulled {
        counts,
        reports,
        index_len,
    })
}

/// The days to fetch, oldest first.
fn days_to_pull(days: Days, store: &RawStore) -> anyhow::Result<Vec<Date>> {
    let today = OffsetDateTime::now_utc().date();
    let (first, last) = match days {
        Days::One(date) => (date, date),
        Days::Range { since, until } => {
            let until = until.unwrap_or(today);
            if since > until {
                return Err(UsageError(format!("--since {since} is after --until {until}; swap them?")).into());
            }
            (since, until)
        }
        Days::SinceLastPull => {
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
