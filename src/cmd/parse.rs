//! `papers parse`: dumps in, records out as JSON, JSON Lines or CSV. A pure transformation for
//! pipelines; the index is never touched.

use super::{finish_output, stdout, Context};
use crate::cli::ParseArgs;
use crate::dump::ParseOptions;
use crate::ingest::parse_inputs;
use crate::output::RecordWriter;
use std::io::Write;

pub fn run(_context: &Context, args: ParseArgs) -> anyhow::Result<()> {
    if args.explain {
        return explain(&args);
    }
    let mut writer = RecordWriter::new(stdout(), args.format)?;
    parse_inputs(&args.files, ParseOptions::with_year(args.year.year), &mut |paper| {
        writer.write(&paper)
    })?;
    writer.finish()?;
    finish_output(std::io::stdout())
}

/// `--explain`: for each file, the layout detected, why, and how much of each field came out.
fn explain(args: &ParseArgs) -> anyhow::Result<()> {
    let mut out = stdout();
    for path in &args.files {
        let mut counts = FieldCounts::default();
        let summary = parse_inputs(
            std::slice::from_ref(path),
            ParseOptions::with_year(args.year.year),
            &mut |paper| {
                counts.observe(&paper);
                Ok(())
            },
        )?;
        let label = crate::ingest::inputs::input_label(path);
        let label = crate::floor::safe_text::for_terminal(&label);
        match &summary.detection {
            Some(detection) => {
                writeln!(
                    out,
                    "{label}: {} ({})",
                    detection.format.name(),
                    detection.format.description()
                )?;
                for reason in &detection.reasons {
                    writeln!(out, "  because: {reason}")?;
                }
            }
            None => writeln!(out, "{label}: unknown")?,
        }
        writeln!(
            out,
            "  recognised: {} papers, {} warnings",
            summary.papers, summary.warnings
        )?;
        if summary.papers > 0 {
            writeln!(out, "  records with each field: {}", counts.describe())?;
        }
        if summary.skipped_count > 0 {
            writeln!(
                out,
                "  skipped {} candidate{}:",
                summary.skipped_count,
                if summary.skipped_count == 1 { "" } else { "s" }
            )?;
            for skipped in &summary.skipped {
                let title = crate::floor::safe_text::for_terminal(&skipped.title);
                writeln!(out, "    line {}: '{title}': {}", skipped.line, skipped.reason)?;
            }
            if summary.skipped_count > summary.skipped.len() as u64 {
                writeln!(
                    out,
                    "    … and {} more",
                    summary.skipped_count - summary.skipped.len() as u64
                )?;
            }
        }
    }
    finish_output(out)
}

/// How many recognised papers have each optional field.
#[derive(Default)]
struct FieldCounts {
    abstracts: u64,
    authors: u64,
    dates: u64,
    upvotes: u64,
    comments: u64,
    stars: u64,
    github: u64,
    arxiv_ids: u64,
    author_names: u64,
}

impl FieldCounts {
    fn observe(&mut self, paper: &crate::record::Paper) {
        let present = [
            (&mut self.abstracts, !paper.abstract_text.is_empty()),
            (&mut self.authors, paper.authors.is_some()),
            (&mut self.dates, paper.date.is_some()),
            (&mut self.upvotes, paper.upvotes.is_some()),
            (&mut self.comments, paper.comments.is_some()),
            (&mut self.stars, paper.stars.is_some()),
            (&mut self.github, paper.github.is_some()),
            (&mut self.arxiv_ids, paper.arxiv_id.is_some()),
            (&mut self.author_names, !paper.author_names.is_empty()),
        ];
        for (count, has) in present {
            *count += u64::from(has);
        }
    }

    fn describe(&self) -> String {
        [
            (self.abstracts, "abstract"),
            (self.authors, "authors"),
            (self.dates, "date"),
            (self.upvotes, "upvotes"),
            (self.comments, "comments"),
            (self.stars, "stars"),
            (self.github, "github"),
            (self.arxiv_ids, "arxiv_id"),
            (self.author_names, "author_names"),
        ]
        .iter()
        .map(|(count, field)| format!("{field} {count}"))
        .collect::<Vec<_>>()
        .join(", ")
    }
}
