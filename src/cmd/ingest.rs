//! `papers ingest`: parse dumps and upsert their papers into the index in one commit.

use std::io::Write;

use super::{finish_output, stdout, Context};
use crate::cli::IngestArgs;
use crate::ingest::ingest_files;
use crate::output::{self, count};

pub fn run(context: &Context, args: IngestArgs) -> anyhow::Result<()> {
    let ingested = ingest_files(&context.index_dir()?, &args.files, args.wait, args.year.year)?;
    let counts = ingested.counts;
    if args.json {
        let mut out = stdout();
        output::json::to_writer(&mut out, &counts)?;
        writeln!(out)?;
        return finish_output(out);
    }
    let read_first = if counts.added > 0 {
        format!(" ({} to read first)", counts.read_first)
    } else {
        String::new()
    };
    let learned = if counts.learned > 0 {
        let refiled = match counts.refiled {
            0 => String::new(),
            n => format!(", now also named by {}", count(n, "paper")),
        };
        format!("; learned {}{refiled}", count(counts.learned, "new name"))
    } else if counts.refiled > 0 {
        // Names that changed kind or are no longer learned, filed again.
        format!(
            "; {} refiled for names learned differently",
            count(counts.refiled, "paper")
        )
    } else {
        String::new()
    };
    output::note(&format!(
        "ingested {} from {}: {} added{read_first}, {} updated, {} unchanged, {}; the index holds {}{learned}",
        count(counts.parsed, "paper"),
        count(args.files.len() as u64, "file"),
        counts.added,
        counts.updated,
        counts.unchanged,
        count(counts.warnings, "warning"),
        count(ingested.index_len, "paper"),
    ));
    Ok(())
}
