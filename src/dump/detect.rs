//! Telling the renderings of the page apart from the start of the input.
//!
//! Every saving tool leaves fingerprints in the first few kilobytes: Markdown clippers write
//! `[text](url)`, text browsers `[text][12]`, link-printing extractors put URLs on lines of their
//! own, trending captures say `Submitted by` and `Upvote`, the browser's copy-paste has
//! `• 4 authors` and `·` lines, and the API returns JSON. Counting them over a bounded sample
//! picks the recogniser, and the counts are kept as the reasons `papers parse --explain` prints.

use std::sync::LazyLock;

use regex::Regex;

use super::grammar;
use super::markup::Markup;

/// How much of the input is inspected.
pub const SAMPLE_BYTES: usize = 64 * 1024;
/// Occurrences of a fingerprint needed before it decides the format.
const ENOUGH: usize = 3;

/// A rendering of the Daily Papers page that `papers` recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// The page copied from a browser as plain text (the bundled fixture's layout).
    BrowserText,
    /// Plain text with each link's target on its own line after the link text.
    LinkTargets,
    /// A text browser's dump with reference-style links (`[Title][36]`).
    TextBrowser,
    /// Markdown from a web clipper (`### [Title](url)`).
    Markdown,
    /// A capture of the trending page (`Submitted by`, `Upvote`, `Published on`).
    Trending,
    /// A list of papers someone wrote in Markdown: a digest, a newsletter, a table.
    MarkdownList,
    /// JSON about papers: the daily-papers API's answers, or another tool's lists.
    Json,
    /// YAML about papers: one file per paper or per day, as newsletter bots write.
    Yaml,
    /// CSV with a header row naming a title column.
    Csv,
    /// Nothing that looks like the page.
    Unknown,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::BrowserText => "browser-text",
            Format::LinkTargets => "link-targets",
            Format::TextBrowser => "text-browser",
            Format::Markdown => "markdown",
            Format::Trending => "trending",
            Format::MarkdownList => "markdown-list",
            Format::Json => "json",
            Format::Yaml => "yaml",
            Format::Csv => "csv",
            Format::Unknown => "unknown",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Format::BrowserText => "the page copied from a browser as plain text",
            Format::LinkTargets => "plain text with link targets on lines of their own",
            Format::TextBrowser => "a text browser's dump with reference-style links",
            Format::Markdown => "Markdown from a web clipper",
            Format::Trending => "a capture of the trending papers page",
            Format::MarkdownList => "a list of papers written in Markdown (a digest, a newsletter or a table)",
            Format::Json => "JSON about papers (the daily-papers API's, or another tool's)",
            Format::Yaml => "YAML about papers (one file per paper or per day)",
            Format::Csv => "CSV with a title column",
            Format::Unknown => "not a layout papers recognises",
        }
    }

    /// The link syntax the card recogniser strips for this format.
    pub fn markup(self) -> Markup {
        match self {
            Format::LinkTargets => Markup::TargetLines,
            Format::TextBrowser => Markup::References,
            Format::Markdown => Markup::Markdown,
            _ => Markup::None,
        }
    }
}

/// The format chosen and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Detection {
    pub format: Format,
    /// What was counted in the sample, strongest fingerprints first.
    pub reasons: Vec<String>,
}

static MARKDOWN_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\]\((?:https?://|/)[^)\s]*\)").expect("valid pattern"));
/// A reference link: `[text][36]`, or the number before the text as lynx and w3m write it
/// (`[36]text`; not `[36] https://…`, an entry of the list of targets).
static REFERENCE_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\]\[\d{1,6}\]|(?:^|\s)\[\d{1,6}\][\p{L}\p{N}]").expect("valid pattern"));

static TARGET_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[<(\[]?(?:https?://\S+|/\S*)[>)\]]?\s*$").expect("valid pattern"));

/// Picks the format of an input from its first [`SAMPLE_BYTES`].
pub fn detect(sample: &str) -> Detection {
    if sample.trim_start().starts_with(['[', '{']) && looks_like_json(sample) {
        return Detection {
            format: Format::Json,
            reasons: vec!["the input starts with JSON objects".to_string()],
        };
    }
    if looks_like_yaml(sample) {
        return Detection {
            format: Format::Yaml,
            reasons: vec!["the input is YAML mappings with a title".to_string()],
        };
    }
    if looks_like_csv(sample) {
        return Detection {
            format: Format::Csv,
            reasons: vec!["the input is CSV with a title column".to_string()],
        };
    }
    let mut markdown_links = 0;
    let mut reference_links = 0;
    let mut reference_entries = 0;
    let mut target_lines = 0;
    let mut paper_target_lines = 0;
    let mut trending_labels = 0;
    let mut author_lines = 0;
    let mut dot_lines = 0;
    let mut header_lines = 0;
    let mut paragraphs = 0;
    let mut previous_blank = true;
    // A list written by someone: labelled fields of papers, tables with a title column.
    let mut list_fields = 0;
    let mut title_tables = 0;
    let mut headings = 0;
    // A clipped page: its upvote buttons and author counts anywhere in a line, date lines
    // (besides the whole-line author and `·` lines above).
    let mut upvote_links = 0;
    let mut date_lines = 0;
    let all_lines: Vec<&str> = sample.lines().collect();
    for (at, line) in all_lines.iter().enumerate() {
        let trimmed = line.trim();
        if super::lists::is_paper_field(trimmed) {
            list_fields += 1;
        }
        if all_lines
            .get(at + 1)
            .is_some_and(|next| super::lists::is_table_header(trimmed, next))
            && super::lists::names_a_title_column(trimmed)
        {
            title_tables += 1;
        }
        if trimmed.starts_with('#') && trimmed.trim_start_matches('#').starts_with(' ') {
            headings += 1;
        }
        if trimmed.contains("login?next=") || grammar::AUTHOR_COUNT.is_match(trimmed) {
            upvote_links += 1;
        }
        if super::dates::DateLine::parse(trimmed.trim_start_matches(['·', ' '])).is_some() {
            date_lines += 1;
        }
        if previous_blank && !trimmed.is_empty() {
            paragraphs += 1;
        }
        previous_blank = trimmed.is_empty();
        markdown_links += MARKDOWN_LINK.find_iter(line).count();
        reference_links += REFERENCE_LINK.find_iter(line).count();
        let reference_target = grammar::REFERENCE_ENTRY
            .captures(line)
            .is_some_and(|found| found[3].contains("://") || found[3].starts_with('/'));
        if reference_target {
            reference_entries += 1;
        } else if TARGET_LINE.is_match(line) {
            target_lines += 1;
            // A link to a paper's page, or to the login page for upvoting one.
            if trimmed.contains("/papers/") || trimmed.contains("next=%2Fpapers%2F") {
                paper_target_lines += 1;
            }
        }
        let lower = trimmed.to_lowercase();
        if lower.starts_with("submitted by") || lower == "upvote" || lower.starts_with("published on ") {
            trending_labels += 1;
        }
        if grammar::AUTHORS_LINE.is_match(line) {
            author_lines += 1;
        }
        if trimmed == "·" {
            dot_lines += 1;
        }
        if grammar::HEADER_PHRASES.contains(&lower.as_str()) {
            header_lines += 1;
        }
    }
    let counted = |count: usize, what: &str| format!("{count} {what}");
    let page_evidence = author_lines + dot_lines + header_lines + upvote_links + trending_labels + date_lines;
    let list_evidence = list_fields + ENOUGH * title_tables;
    let unclipped_sections = page_evidence == 0 && headings >= 2 && markdown_links >= ENOUGH;
    let (format, reasons) = if (list_evidence >= ENOUGH && list_evidence > page_evidence) || unclipped_sections {
        (
            Format::MarkdownList,
            vec![
                counted(list_fields, "labelled fields of papers (Vote:, Authors:, …)"),
                counted(title_tables, "tables with a title column"),
                counted(headings, "headings"),
                counted(
                    page_evidence,
                    "lines of a clipped page (author counts, dates, upvote buttons)",
                ),
            ],
        )
    } else if markdown_links >= ENOUGH && paper_target_lines <= markdown_links {
        // A plain-text export writes the odd Markdown link (the author count) among lines that
        // hold only a link target; a clipper's Markdown has its targets inside its links.
        (
            Format::Markdown,
            vec![counted(markdown_links, "Markdown links written [text](url)")],
        )
    } else if reference_links >= ENOUGH || reference_entries >= ENOUGH {
        (
            Format::TextBrowser,
            vec![
                counted(reference_links, "reference-style links written [text][n] or [n]text"),
                counted(
                    reference_entries,
                    "numbered link targets (n. https://… or [n]: https://…)",
                ),
            ],
        )
    } else if paper_target_lines >= ENOUGH {
        (
            Format::LinkTargets,
            vec![
                counted(paper_target_lines, "lines holding only a link to a paper's page"),
                counted(target_lines, "lines holding only a link target in all"),
            ],
        )
    } else if trending_labels >= 2 {
        (
            Format::Trending,
            vec![counted(
                trending_labels,
                "'Submitted by', 'Upvote' or 'Published on' labels",
            )],
        )
    } else if author_lines + dot_lines + header_lines > 0
        && paragraphs <= most_paragraphs(author_lines.max(dot_lines) + HEADER_WEIGHT * header_lines)
    {
        (
            Format::BrowserText,
            vec![
                counted(author_lines, "author-count lines (• 4 authors)"),
                counted(dot_lines, "'·' separator lines"),
                counted(header_lines, "page-header lines"),
            ],
        )
    } else {
        (
            Format::Unknown,
            vec![format!(
                "too little of any layout in the first 64 KiB: {author_lines} author-count lines and \
                 {dot_lines} '·' lines among {paragraphs} paragraphs, {markdown_links} Markdown links, \
                 {reference_links} reference links, {target_lines} link-target lines, \
                 {trending_labels} trending-page labels"
            )],
        )
    };
    Detection { format, reasons }
}

/// How many papers' worth of anchors one page-header line counts for: the header's phrases
/// appear nowhere else, so a page whose papers lack metadata blocks is still a page.
const HEADER_WEIGHT: usize = 8;

/// Most paragraphs a browser-text sample may have for its anchors: a page has a title, an
/// abstract and a metadata block per paper, so prose with a dump excerpt in it (a README, notes)
/// has far more paragraphs than anchors and is not taken for a page.
fn most_paragraphs(anchors: usize) -> usize {
    6 * anchors + 12
}

/// True when the sample parses as JSON values as far as it goes (a cut-off end is fine).
fn looks_like_json(sample: &str) -> bool {
    // Objects, or arrays of them (nested too: a scraper's list of daily lists): `[1]` or
    // `[Title][3]` is not JSON data about papers.
    let rest = sample
        .trim_start()
        .trim_start_matches(|c: char| c == '[' || c.is_whitespace());
    let Some(inside) = rest.strip_prefix('{') else {
        return false;
    };
    if !inside.trim_start().starts_with(['"', '}']) {
        return false;
    }
    let mut stream = serde_json::Deserializer::from_str(sample).into_iter::<serde::de::IgnoredAny>();
    match stream.next() {
        Some(Ok(_)) => true,
        Some(Err(error)) => error.is_eof(),
        None => false,
    }
}

static YAML_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^\s*(?:-\s+)?(?:title|paper_title)\s*:\s*\S").expect("valid pattern"));
static YAML_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:---\s*$|-\s+[A-Za-z_][\w.-]*\s*:|[A-Za-z_][\w.-]*\s*:(?:\s|$))").expect("valid pattern")
});

/// True when the sample is YAML data about papers: it starts like YAML, has a `title:` key, and
/// every document in it is a mapping or a list. A Markdown or text page behind YAML front matter
/// is not: its body is not a YAML collection.
fn looks_like_yaml(sample: &str) -> bool {
    let first = sample
        .lines()
        .map(str::trim_end)
        .find(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'));
    if !first.is_some_and(|line| YAML_START.is_match(line)) || !YAML_TITLE.is_match(sample) {
        return false;
    }
    // The sample may end mid-document: parse up to its last line break, and let an error right
    // at the cut pass.
    let truncated = sample.len() >= SAMPLE_BYTES;
    let text = if truncated {
        sample.rfind('\n').map_or(sample, |end| &sample[..end])
    } else {
        sample
    };
    let mut documents = 0;
    for document in serde_yaml_ng::Deserializer::from_str(text) {
        match <serde::de::IgnoredAny as serde::Deserialize>::deserialize(document) {
            Ok(_) => documents += 1,
            Err(error) => {
                let near_the_cut = error.location().is_some_and(|at| at.index() + 4096 >= text.len());
                return truncated && near_the_cut && documents > 0;
            }
        }
    }
    documents > 0 && yaml_documents_are_collections(text)
}

/// True when every YAML document in `text` is a mapping or a sequence.
fn yaml_documents_are_collections(text: &str) -> bool {
    serde_yaml_ng::Deserializer::from_str(text).all(|document| {
        matches!(
            <serde_yaml_ng::Value as serde::Deserialize>::deserialize(document),
            Ok(serde_yaml_ng::Value::Mapping(_) | serde_yaml_ng::Value::Sequence(_) | serde_yaml_ng::Value::Null)
        )
    })
}

/// True when the sample is CSV whose header names a title column.
fn looks_like_csv(sample: &str) -> bool {
    let mut lines = sample.lines().filter(|line| !line.trim().is_empty());
    let (Some(header), Some(_)) = (lines.next(), lines.next()) else {
        return false;
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(header.as_bytes());
    let Some(Ok(fields)) = reader.records().next() else {
        return false;
    };
    fields.len() >= 2
        && fields.iter().any(|field| {
            matches!(
                field.trim().to_lowercase().as_str(),
                "title" | "paper_title" | "paper title"
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structured_data_by_its_syntax() {
        let detect = |text: &str| detect(text).format;
        assert_eq!(
            detect("date: \"2024-06-14\"\ntitle: 'OpenVLA'\nlink: https://huggingface.co/papers/2406.09246\n"),
            Format::Yaml
        );
        assert_eq!(
            detect("- title: One\n  url: https://arxiv.org/abs/2401.00001\n"),
            Format::Yaml
        );
        assert_eq!(
            detect("---\ntitle: Daily Papers - Hugging Face\nurl: https://huggingface.co/papers\n---\n# Daily Papers\n\n[Subscribe](https://huggingface.co/login)\n"),
            Format::Unknown,
            "front matter before a page is not YAML data"
        );
        assert_eq!(
            detect("date,title,url\n2024-01-02,A,https://arxiv.org/abs/2401.00001\n"),
            Format::Csv
        );
        assert_eq!(detect("a,b\n1,2\n"), Format::Unknown);
    }

    #[test]
    fn text_browsers_and_plain_exports() {
        let detect = |text: &str| detect(text).format;
        // w3m: `[n]text` links and `[n] https://…` targets.
        assert_eq!(
            detect(
                "[1]Hugging Face\n[6]19\n[7]A Title\n[8]* 4 authors\n\nReferences:\n\n[1] https://huggingface.co/\n"
            ),
            Format::TextBrowser
        );
        // A plain-text export's author counts are Markdown links, its other targets lines of
        // their own: more paper targets alone than Markdown links.
        let card = "https://huggingface.co/login?next=%2Fpapers%2F2405.15071\n\nA Title\n\n\
                    https://huggingface.co/papers/2405.15071\n\n[\n\n4 authors](https://huggingface.co/papers/2405.15071)\n\n";
        assert_eq!(detect(&card.repeat(3)), Format::LinkTargets);
    }

    #[test]
    fn formats_by_their_fingerprints() {
        let detect = |text: &str| detect(text).format;
        assert_eq!(detect("[{\"paper\": {\"id\": \"2405.15738\"}}]"), Format::Json);
        assert_eq!(
            detect("[\n  [\n    {\"paper\": {\"id\": \"2405.15738\"}}]]"),
            Format::Json
        );
        assert_eq!(
            detect("[{\"paper\": {\"id\": \"2405"),
            Format::Json,
            "cut off by the sample"
        );
        assert_eq!(
            detect("### [A](https://huggingface.co/papers/1)\n[B](https://x)\n[3 authors](https://y)"),
            Format::Markdown
        );
        assert_eq!(detect("### [A][1]\n[ 4][2]\n[ * 3 authors ][3]"), Format::TextBrowser);
        assert_eq!(
            detect("-\nA\nhttps://huggingface.co/papers/2406.01234\nB\nhttps://huggingface.co/papers/2406.01234\n[\n4 authors\nhttps://huggingface.co/papers/2406.01234"),
            Format::LinkTargets
        );
        assert_eq!(detect("Submitted by\nak\nUpvote\n42\nTitle"), Format::Trending);
        assert_eq!(
            detect("T\n\nA.\n\n  • 4 authors\n·\nMar 2, 2023\n"),
            Format::BrowserText
        );
        assert_eq!(detect("# My notes\n\nSome prose [1].\n"), Format::Unknown);
        let notes_with_an_excerpt = "Prose.\n\n".repeat(40) + "T\n\nA.\n\n  • 4 authors\n·\nMar 2, 2023\n";
        assert_eq!(detect(&notes_with_an_excerpt), Format::Unknown);
        // A page whose papers all lack metadata blocks still has its header.
        let header = "Get trending papers in your email inbox!\n\nbyAK and the research community\n\nDec 9\n\n";
        let bare_page = header.to_string() + &"A Title\n\nAn abstract.\n\n".repeat(45);
        assert_eq!(detect(&bare_page), Format::BrowserText);
        assert_eq!(detect("[1] a citation, not JSON"), Format::Unknown);
    }
}
