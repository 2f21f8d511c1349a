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
        let link = paper
            .code
            .iter()
            .chain(&paper.links)
            .find(|link| crate::links::is_web_url(link));
        if let Some(link) = link {
            writeln!(out, "- **Link:** <{}>", markdown_autolink_target(link))?;
        }
    }
    finish_output(out)
}

/// A web address inside a Markdown autolink (`<…>`): what would end the link early or be read as
/// markup (`<`, `>`, spaces, controls) percent-encoded, so the link is exactly the address.
fn markdown_autolink_target(url: &str) -> String {
    let mut target = String::with_capacity(url.len());
    for c in url.chars() {
        if c == '<' || c == '>' || c.is_whitespace() || c.is_control() {
            let mut bytes = [0u8; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                target.push_str(&format!("%{byte:02X}"));
            }
        } else {
            target.push(c);
        }
    }
    target
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autolink_targets_cannot_break_out_of_the_link() {
        assert_eq!(markdown_autolink_target("https://a.org/x"), "https://a.org/x");
        assert_eq!(
            markdown_autolink_target("https://a.org/x><script>alert(1)</script> y"),
            "https://a.org/x%3E%3Cscript%3Ealert(1)%3C/script%3E%20y"
        );
    }

    #[test]
    fn markdown_text_escapes_markup_and_controls() {
        assert_eq!(
            markdown_text("a*b*_c_ [x](y) \u{1b}[31m"),
            "a\\*b\\*\\_c\\_ \\[x\\](y) \u{fffd}\\[31m"
        );
    }
}
