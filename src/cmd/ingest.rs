//! `papers ingest`: parse dumps and upsert their papers into the index in one commit.

use std::io::Write;
use std::sync::mpsc;

use anyhow::anyhow;

use super::{finish_output, parse_inputs, stdout, Context};
use crate::cli::IngestArgs;
use crate::dump::ParseOptions;
use crate::index::{IngestCounts, PaperIndex, UpsertOutcome};
use crate::output;
use crate::record::Paper;
use crate::triage::{now, rank_new_papers, Bucket, Profile, RankOptions, TriageState};

/// Records in flight between the parsing thread and the indexing thread.
const PIPELINE_DEPTH: usize = 256;

pub fn run(context: &Context, args: IngestArgs) -> anyhow::Result<()> {
    let index_dir = context.index_dir()?;
    let index = PaperIndex::open_or_create(&index_dir)?;
    let mut upserter = if args.wait {
        index.upserter_waiting(|| output::note("waiting for another papers process to finish writing the index…"))?
    } else {
        index.upserter()?
    };
    let mut triage = TriageState::load(&index_dir)?;
    let arrived = now();
    let options = ParseOptions::with_year(args.year.year);
    // Parsing and extraction run on their own thread, so they overlap with indexing.
    let (sender, receiver) = mpsc::sync_channel::<Paper>(PIPELINE_DEPTH);
    let mut added_ids: Vec<String> = Vec::new();
    let (parsed, mut counts) = std::thread::scope(|scope| -> anyhow::Result<_> {
        let files = &args.files;
        let parser = scope.spawn(move || {
            parse_inputs(files, options, &mut |paper| {
                sender
                    .send(paper)
                    .map_err(|_| anyhow!("indexing stopped before parsing finished"))
            })
        });
        let mut counts = IngestCounts::default();
        let mut failure = None;
        for paper in receiver.iter() {
            let id = paper.id.clone();
            match upserter.upsert(paper) {
                Ok(outcome) => {
                    if outcome == UpsertOutcome::Added {
                        triage.record_arrival(&id, &arrived);
                        added_ids.push(id);
                    }
                    counts.record(outcome);
                }
                Err(error) => {
                    failure = Some(error);
                    break;
                }
            }
        }
        drop(receiver);
        let parsed = parser
            .join()
            .map_err(|_| anyhow!("internal error: the parsing thread panicked"))?;
        if let Some(error) = failure {
            return Err(error);
        }
        Ok((parsed?, counts))
    })?;
    counts.warnings = parsed.warnings;
    upserter.commit()?;
    // Arrival times are written after the papers, so a crash in between loses only those times.
    triage.save()?;
    counts.read_first = read_first_among(&index, &index_dir, &triage, &added_ids)?;

    if args.json {
        let mut out = stdout();
        serde_json::to_writer(&mut out, &counts)?;
        writeln!(out)?;
        return finish_output(out);
    }
    let read_first = if counts.added > 0 {
        format!(" ({} to read first)", counts.read_first)
    } else {
        String::new()
    };
    output::note(&format!(
        "ingested {} from {}: {} added{read_first}, {} updated, {} unchanged, {}; the index holds {}",
        count(counts.parsed, "paper"),
        count(args.files.len() as u64, "file"),
        counts.added,
        counts.updated,
        counts.unchanged,
        count(counts.warnings, "warning"),
        count(index.refreshed_len()?, "paper"),
    ));
    Ok(())
}

fn count(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// How many of the papers just added land in the inbox's top bucket.
fn read_first_among(
    index: &PaperIndex,
    index_dir: &std::path::Path,
    triage: &TriageState,
    added: &[String],
) -> anyhow::Result<u64> {
    if added.is_empty() {
        return Ok(0);
    }
    index.refreshed_len()?;
    let profile = Profile::load(index_dir)?;
    let ranked = rank_new_papers(index, triage, &profile, &RankOptions::default())?;
    let added: std::collections::HashSet<&String> = added.iter().collect();
    Ok(ranked
        .iter()
        .filter(|r| r.bucket == Bucket::ReadFirst && added.contains(&r.paper.id))
        .count() as u64)
}
