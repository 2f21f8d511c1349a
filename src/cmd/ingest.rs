//! `papers ingest`: parse dumps and upsert their papers into the index in one commit.

use std::io::Write;

use super::{finish_output, parse_inputs, stdout, Context};
use crate::cli::IngestArgs;
use crate::dump::ParseOptions;
use crate::index::{IngestCounts, PaperIndex};
use crate::output;

pub fn run(context: &Context, args: IngestArgs) -> anyhow::Result<()> {
    let index = PaperIndex::open_or_create(&context.index_dir()?)?;
    let mut upserter = index.upserter()?;
    let mut counts = IngestCounts::default();
    let summary = parse_inputs(&args.files, ParseOptions::with_year(args.year.year), &mut |paper| {
        counts.record(upserter.upsert(paper)?);
        Ok(())
    })?;
    counts.warnings = summary.warnings;
    upserter.commit()?;

    if args.json {
        let mut out = stdout();
        serde_json::to_writer(&mut out, &counts)?;
        writeln!(out)?;
        return finish_output(out);
    }
    output::note(&format!(
        "ingested {} from {}: {} added, {} updated, {} unchanged, {}; the index holds {}",
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
