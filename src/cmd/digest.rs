//! `papers digest`: the best new papers as Markdown to paste into notes or mail, or as JSON.

use std::io::Write;

use super::triage::JsonEntry;
use super::{finish_output, stdout, Context};
use crate::cli::{DigestArgs, DigestFormat};
use crate::output::JsonWriter;
use crate::triage::RankOptions;

pub fn run(context: &Context, args: DigestArgs) -> anyhow::Result<()> {
    let options = RankOptions {
        since: args.since,
        interests: args.interest,
    };
    let (_, ranked, _) = super::triage::inbox(context, &options, args.limit)?;
    let mut out = stdout();
    if args.format == DigestFormat::Json {
        let mut writer = JsonWriter::new(&mut out, false);
        for entry in &ranked {
            writer.write(&JsonEntry::from(entry))?;
        }
        writer.finish()?;
        return finish_output(out);
    }
    let since = args.since.map_or_else(String::new, |d| format!(" since {d}"));
    writeln!(out, "# Papers digest{since}")?;
    writeln!(out)?;
    writeln!(
        out,
        "{} new paper{}, best first.",
        ranked.len(),
        if ranked.len() == 1 { "" } else { "s" }
    )?;
    for (rank, entry) in ranked.iter().enumerate() {
        let paper = &entry.paper;
        writeln!(out)?;
        writeln!(out, "## {}. {}", rank + 1, markdown_text(&paper.title))?;
        writeln!(out)?;
        let date = paper.date.map_or_else(|| "no date".to_string(), |d| d.to_string());
        writeln!(
            out,
            "- **Date:** {date} · **Upvotes:** {} · **Id:** `{}`",
            paper.upvotes.unwrap_or(0),
            paper.id
        )?;
        if !paper.topics.is_empty() {
            writeln!(out, "- **Topics:** {}", paper.topics.join(", "))?;
        }
        writeln!(out, "- **Bucket:** {}", entry.bucket.label())?;
        if !entry.why.is_empty() {
            writeln!(out, "- **Why:** {}", markdown_text(&entry.why.join("; ")))?;
        }
        if let Some(link) = paper.code.first().or(paper.links.first()) {
            writeln!(out, "- **Link:** <{link}>")?;
        }
    }
    finish_output(out)
}

/// Scraped text as Markdown text: no control characters, markup characters escaped.
fn markdown_text(text: &str) -> String {
    let clean = crate::output::safe_text::for_terminal(text);
    let mut escaped = String::with_capacity(clean.len());
    for c in clean.chars() {
        if "\\`*_[]<>#|".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}
