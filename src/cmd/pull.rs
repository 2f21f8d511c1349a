//! `papers pull`: fetch daily lists (or single papers) from the Hugging Face API and ingest them
//! (see `crate::ingest::pull`). This file turns the options into a pull request and prints what
//! happened: a line per day on stderr, or the JSON summary.

use std::io::Write;
use std::time::Duration;

use time::OffsetDateTime;

use super::{finish_output, stdout, Context};
use crate::cli::PullArgs;
use crate::fetch::Network;
use crate::floor::exit::UsageError;
use crate::ingest::pull::{pull, Days, PullRequest, PullTargets, Pulled};
use crate::output::{self, count};

/// The wait before a request's second try.
const FIRST_BACKOFF: Duration = Duration::from_secs(1);

pub fn run(context: &Context, args: PullArgs) -> anyhow::Result<()> {
    let endpoint = endpoint_of(&args.endpoint)?;
    let ids = arxiv_ids(&args.ids)?;
    let targets = if !ids.is_empty() {
        PullTargets::Papers(ids)
    } else {
        PullTargets::Days(match (args.date, args.since) {
            (Some(date), _) => Days::One(date),
            (None, Some(since)) => Days::Range {
                since,
                until: args.until,
            },
            (None, None) => Days::SinceLastPull,
        })
    };
    let network = Network {
        endpoint,
        token: std::env::var("HF_TOKEN").ok().filter(|token| !token.trim().is_empty()),
        connect_timeout: Duration::from_secs(args.connect_timeout),
        read_timeout: Duration::from_secs(args.read_timeout),
        tries: args.tries,
        first_backoff: FIRST_BACKOFF,
    };
    let request = PullRequest {
        targets,
        refresh: args.refresh,
        network,
        wait: args.wait,
    };
    let pulled = pull(&context.index_dir()?, request)?;
    if args.json {
        let mut out = stdout();
        output::json::to_writer(&mut out, &pulled)?;
        writeln!(out)?;
        finish_output(out)?;
    } else {
        print_summary(&pulled);
    }
    match pulled.failure() {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

/// One line per day on stderr, then the totals.
fn print_summary(pulled: &Pulled) {
    let (reports, counts, index_len) = (&pulled.reports, &pulled.counts, pulled.index_len);
    let today = OffsetDateTime::now_utc().date().to_string();
    for report in reports.iter() {
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
    let warnings = match counts.warnings {
        0 => String::new(),
        n => format!(", {}", count(n, "warning")),
    };
    output::note(&format!(
        "pulled {}: {} added{read_first}, {} updated, {} unchanged{warnings}{holds}",
        count(counts.parsed, "paper"),
        counts.added,
        counts.updated,
        counts.unchanged,
    ));
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
