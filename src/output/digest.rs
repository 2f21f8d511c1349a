//! `papers digest` as Markdown: a heading with the day, then each paper with a one-line gist,
//! its date, upvotes, topics, inbox bucket, the reasons for its place and its links. Scraped text
//! is escaped so that no title can become markup, and link targets cannot break out of their
//! autolink.

use std::io::Write;

use crate::addresses::{address, Destination};
use crate::record::Paper;

/// One paper of a digest, with its place in the inbox as words.
pub struct DigestItem<'a> {
    pub paper: &'a Paper,
    /// The inbox bucket's label ("read first").
    pub bucket: &'a str,
    /// Why the paper is where it is.
    pub why: &'a [String],
}

/// Writes the digest of `items` (best first) for `today`, noting `since` when it was asked for.
pub fn write_markdown(
    out: &mut impl Write,
    today: time::Date,
    since: Option<time::Date>,
    items: &[DigestItem],
) -> std::io::Result<()> {
    let since = since.map_or_else(String::new, |d| format!(" (papers since {d})"));
    writeln!(out, "# Papers digest, {today}{since}")?;
    writeln!(out)?;
    writeln!(
        out,
        "{} new paper{}, best first.",
        items.len(),
        if items.len() == 1 { "" } else { "s" }
    )?;
    for (rank, item) in items.iter().enumerate() {
        let paper = item.paper;
        writeln!(out)?;
        writeln!(out, "## {}. {}", rank + 1, markdown_text(&paper.title))?;
        writeln!(out)?;
        if let Some(gist) = gist(paper) {
            writeln!(out, "{}", markdown_text(&gist))?;
            writeln!(out)?;
        }
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
        writeln!(out, "- **Bucket:** {}", item.bucket)?;
        if !item.why.is_empty() {
            writeln!(out, "- **Why:** {}", markdown_text(&item.why.join("; ")))?;
        }
        writeln!(out, "- **Links:** {}", links(paper).join(" · "))?;
    }
    Ok(())
}

/// The paper's links as Markdown: its arXiv page (or, without an arXiv id, its Hugging Face page
/// or a search there), its Hugging Face page, and its code, by the rule of `papers open`.
fn links(paper: &Paper) -> Vec<String> {
    let mut links = Vec::new();
    let mut add = |label: &str, destination: Destination| {
        if let Ok(url) = address(paper, destination) {
            if !links.iter().any(|(_, seen): &(String, String)| *seen == url) {
                links.push((label.to_string(), url));
            }
        }
    };
    let has_arxiv = crate::addresses::arxiv_id(paper).is_some();
    let searched = address(paper, Destination::Paper).is_ok_and(|url| crate::addresses::is_search(&url));
    add(
        match (has_arxiv, searched) {
            (true, _) => "arXiv",
            (false, true) => "find on Hugging Face",
            (false, false) => "Hugging Face",
        },
        Destination::Paper,
    );
    if has_arxiv {
        add("PDF", Destination::Pdf);
        add("Hugging Face", Destination::HuggingFace);
    }
    add("code", Destination::Code);
    links
        .into_iter()
        .map(|(label, url)| format!("[{label}](<{}>)", markdown_autolink_target(&url)))
        .collect()
}

/// What the paper is about in a line: the summary someone wrote, else the abstract's first
/// sentence (at most about 300 characters).
fn gist(paper: &Paper) -> Option<String> {
    const MOST: usize = 300;
    let text = paper.summary.as_deref().unwrap_or(&paper.abstract_text);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return None;
    }
    // A sentence ends at ". " before a capital, not after an initial, "e.g." or "et al.".
    let bytes = text.as_bytes();
    let end = (1..bytes.len().saturating_sub(2))
        .find(|&i| {
            matches!(bytes[i], b'.' | b'!' | b'?')
                && bytes[i + 1] == b' '
                && bytes[i + 2].is_ascii_uppercase()
                && !text[..i].ends_with("e.g")
                && !text[..i].ends_with("i.e")
                && !text[..i].ends_with(" al")
                && text[..i]
                    .rsplit(' ')
                    .next()
                    .is_some_and(|word| word.chars().count() > 1)
        })
        .map_or(text.len(), |i| i + 1);
    let sentence = &text[..end];
    if sentence.chars().count() <= MOST {
        return Some(sentence.to_string());
    }
    let cut: String = sentence.chars().take(MOST).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    Some(format!("{cut} …"))
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
    let clean = crate::floor::safe_text::for_terminal(text);
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

    fn paper(abstract_text: &str, summary: Option<&str>) -> Paper {
        let mut paper = Paper::unextracted(
            "T".into(),
            abstract_text.into(),
            crate::record::Metadata::default(),
            crate::record::Source {
                file: "d".into(),
                line: 1,
            },
        );
        paper.summary = summary.map(String::from);
        paper
    }

    #[test]
    fn the_gist_is_the_summary_or_the_first_sentence() {
        let first = "We study e.g. LLMs of Smith et al. 2024 in Fig. 3 and U.S. data. Then more.";
        assert_eq!(
            gist(&paper(first, None)).unwrap(),
            "We study e.g. LLMs of Smith et al. 2024 in Fig. 3 and U.S. data."
        );
        assert_eq!(
            gist(&paper(first, Some("A  written\nsummary. More."))).unwrap(),
            "A written summary."
        );
        assert_eq!(gist(&paper("", None)), None);
        let long = "word ".repeat(100);
        let cut = gist(&paper(&long, None)).unwrap();
        assert!(cut.ends_with("word …") && cut.chars().count() <= 302, "{cut}");
    }

    #[test]
    fn markdown_text_escapes_markup_and_controls() {
        assert_eq!(
            markdown_text("a*b*_c_ [x](y) \u{1b}[31m"),
            "a\\*b\\*\\_c\\_ \\[x\\](y) \u{fffd}\\[31m"
        );
    }
}
