//! Human-readable rendering of search hits and full records.
//!
//! All scraped text goes through [`for_terminal`] here, and decoration through [`Style`], so
//! plain output (a pipe, `NO_COLOR`) is the same text without escape sequences.

use std::io::Write;
use std::ops::Range;

use super::style::Style;
use crate::floor::safe_text::for_terminal;
use crate::index::Hit;
use crate::record::Paper;

/// Where the value of a labelled line of `show` continues when it wraps.
const INDENT: &str = "         ";

/// `2024-08-20 · 2 upvotes · 8 authors`, leaving out what is unknown.
pub fn metadata_line(paper: &Paper) -> String {
    let mut parts = Vec::new();
    parts.push(
        paper
            .date
            .map_or_else(|| "no date".to_string(), |date| date.to_string()),
    );
    if let Some(upvotes) = paper.upvotes {
        parts.push(super::count(upvotes, "upvote"));
    }
    if let Some(authors) = paper.authors {
        parts.push(super::count(u64::from(authors), "author"));
    }
    parts.join(" · ")
}

/// One ranked search result: rank, the reader's mark and title, metadata and id, snippet.
pub fn write_hit(
    out: &mut impl Write,
    style: &Style,
    rank: usize,
    hit: &Hit,
    status: crate::triage::Status,
) -> std::io::Result<()> {
    let paper = &hit.paper;
    let heading = format!(
        "{}{}",
        style.label(status_mark(status)),
        style.title(&for_terminal(&paper.title))
    );
    writeln!(
        out,
        "{}",
        style.wrap(&heading, &format!("{} ", style.dim(&format!("{rank:>2}."))), "    ")
    )?;
    let metadata = format!("{} · {}", style.dim(&metadata_line(paper)), style.label(&paper.id));
    writeln!(out, "{}", style.wrap(&metadata, "    ", "    "))?;
    if let Some((text, highlights)) = &hit.snippet {
        writeln!(
            out,
            "{}",
            style.wrap(&highlighted(style, text, highlights), "    ", "    ")
        )?;
    }
    writeln!(out)
}

/// Every hit of a search, ranked from 1, each with the reader's mark.
pub fn write_hits(
    out: &mut impl Write,
    style: &Style,
    outcome: &crate::index::SearchOutcome<'_>,
    state: &crate::triage::TriageState,
) -> anyhow::Result<()> {
    for (rank, hit) in outcome.hits().enumerate() {
        let hit = hit?;
        write_hit(out, style, rank + 1, &hit, state.status(&hit.paper.id))?;
    }
    Ok(())
}

/// The snippet with its matched words highlighted.
pub fn highlighted(style: &Style, text: &str, highlights: &[Range<usize>]) -> String {
    let mut rendered = String::with_capacity(text.len() + 16 * highlights.len());
    let mut position = 0;
    for range in highlights {
        if range.start < position || range.end > text.len() {
            continue;
        }
        rendered.push_str(&for_terminal(&text[position..range.start]));
        rendered.push_str(&style.highlight(&for_terminal(&text[range.clone()])));
        position = range.end;
    }
    rendered.push_str(&for_terminal(&text[position..]));
    rendered
}

/// The snippet with `**` around matched words, as JSON output carries it.
pub fn marked(text: &str, highlights: &[Range<usize>]) -> String {
    let mut marked = String::with_capacity(text.len() + 4 * highlights.len());
    let mut position = 0;
    for range in highlights {
        if range.start < position || range.end > text.len() {
            continue;
        }
        marked.push_str(&text[position..range.start]);
        marked.push_str("**");
        marked.push_str(&text[range.clone()]);
        marked.push_str("**");
        position = range.end;
    }
    marked.push_str(&text[position..]);
    marked
}

/// A whole record with the reader's marks on it, for `show`.
pub fn write_record(
    out: &mut impl Write,
    style: &Style,
    paper: &Paper,
    marks: &crate::triage::Entry,
) -> std::io::Result<()> {
    writeln!(out, "{}", style.wrap(&style.title(&for_terminal(&paper.title)), "", ""))?;
    writeln!(out, "{} {}", style.dim("id      "), paper.id)?;
    writeln!(
        out,
        "{} {}",
        style.dim("date    "),
        paper.date.map_or_else(|| "unknown".to_string(), |d| d.to_string())
    )?;
    let count = |value: Option<u64>| value.map_or_else(|| "unknown".to_string(), |n| n.to_string());
    writeln!(out, "{} {}", style.dim("upvotes "), count(paper.upvotes))?;
    let authors = count(paper.authors.map(u64::from));
    if paper.author_names.is_empty() {
        writeln!(out, "{} {authors}", style.dim("authors "))?;
    } else {
        let names = for_terminal(&paper.author_names.join(", "));
        let label = format!("{} ", style.dim("authors "));
        writeln!(out, "{}", style.wrap(&format!("{authors}: {names}"), &label, INDENT))?;
    }
    if let Some(organization) = &paper.organization {
        writeln!(out, "{} {}", style.dim("org     "), for_terminal(organization))?;
    }
    if let Some(comments) = paper.comments {
        writeln!(out, "{} {comments}", style.dim("comments"))?;
    }
    if let Some(arxiv_id) = &paper.arxiv_id {
        let url = format!("https://arxiv.org/abs/{arxiv_id}");
        writeln!(out, "{} {}", style.dim("arxiv   "), style.label(&for_terminal(&url)))?;
    }
    if let Some(github) = &paper.github {
        let stars = paper
            .stars
            .map(|n| format!(" ({})", super::count(n, "star")))
            .unwrap_or_default();
        writeln!(
            out,
            "{} {}{stars}",
            style.dim("github  "),
            style.label(&for_terminal(github))
        )?;
    } else if let Some(stars) = paper.stars {
        writeln!(out, "{} {}", style.dim("github  "), super::count(stars, "star"))?;
    }
    for (label, values) in [
        ("topics  ", &paper.topics),
        ("methods ", &paper.methods),
        ("datasets", &paper.datasets),
        ("new     ", &paper.introduces),
        ("keywords", &paper.keywords),
    ] {
        if !values.is_empty() {
            let line = style.wrap(
                &for_terminal(&values.join(", ")),
                &format!("{} ", style.dim(label)),
                INDENT,
            );
            writeln!(out, "{line}")?;
        }
    }
    for link in paper.links.iter().filter(|link| paper.github.as_ref() != Some(*link)) {
        let label = if paper.code.contains(link) {
            "code    "
        } else {
            "link    "
        };
        writeln!(out, "{} {}", style.dim(label), style.label(&for_terminal(link)))?;
    }
    writeln!(
        out,
        "{} {}:{}",
        style.dim("source  "),
        for_terminal(&paper.source.file),
        paper.source.line
    )?;
    write_marks(out, style, marks)?;
    writeln!(out)?;
    writeln!(out, "{}", style.wrap(&for_terminal(&paper.abstract_text), "", ""))?;
    if let Some(summary) = &paper.summary {
        writeln!(out)?;
        let label = format!("{} ", style.dim("summary (not the authors')"));
        writeln!(out, "{}", style.wrap(&for_terminal(summary), &label, ""))?;
    }
    Ok(())
}

/// The reader's marks on a paper, in its record in `show`: the status (and when it was
/// decided), the tags and the note.
fn write_marks(out: &mut impl Write, style: &Style, entry: &crate::triage::Entry) -> std::io::Result<()> {
    let decided = entry
        .decided
        .as_deref()
        .and_then(|at| at.get(..10))
        .map(|day| format!(" (since {day})"))
        .unwrap_or_default();
    writeln!(
        out,
        "{} {}{decided}",
        style.dim("status  "),
        style.label(entry.status.as_str())
    )?;
    if !entry.tags.is_empty() {
        writeln!(
            out,
            "{} {}",
            style.dim("tags    "),
            for_terminal(&entry.tags.join(", "))
        )?;
    }
    if let Some(note) = &entry.note {
        for (number, line) in note.lines().enumerate() {
            let label = if number == 0 { "note    " } else { "        " };
            writeln!(
                out,
                "{}",
                style.wrap(&for_terminal(line), &format!("{} ", style.dim(label)), INDENT)
            )?;
        }
    }
    Ok(())
}

/// The mark of a status before a hit's title: ★ starred, ✓ read, ✗ skipped, ◷ later, nothing
/// when undecided.
pub fn status_mark(status: crate::triage::Status) -> &'static str {
    use crate::triage::Status;
    match status {
        Status::New => "",
        Status::Starred => "★ ",
        Status::Read => "✓ ",
        Status::Skipped => "✗ ",
        Status::Later => "◷ ",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_and_highlights_the_same_ranges() {
        let text = "contrastive pretraining of encoders";
        let ranges = [0..11, 12..23];
        assert_eq!(marked(text, &ranges), "**contrastive** **pretraining** of encoders");
        assert_eq!(highlighted(&Style::plain(), text, &ranges), text);
    }

    #[test]
    fn metadata_line_leaves_out_what_is_unknown() {
        let paper = Paper::new(
            "T".into(),
            "A".into(),
            crate::record::Metadata {
                authors: Some(1),
                date: None,
                upvotes: Some(2),
            },
            crate::record::Source {
                file: "f".into(),
                line: 1,
            },
        );
        assert_eq!(metadata_line(&paper), "no date · 2 upvotes · 1 author");
    }
}
