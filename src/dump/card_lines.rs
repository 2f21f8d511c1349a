//! What one line of a card layout says: the classification half of the card recogniser
//! ([`super::cards`] assembles cards from it).
//!
//! Each line is first stripped of its link syntax ([`super::markup`]) and read as a few *items*:
//! a heading, text, a count, an author count, a date, a link to the paper's page, to arXiv, to
//! GitHub or to the login page for upvoting a paper. Numbers are told apart by what they link to
//! and what precedes them, never by size: a count linked to the paper's `#community` section or
//! glued to the date as a link is the comment count; one whose link is the upvote button's is the
//! upvote count; one linked to GitHub, or written `3.29k`, is the star count.

use std::sync::LazyLock;

use regex::Regex;

use super::dates::DateLine;
use super::grammar::{self, AUTHORS_LINE, AUTHORS_THEN, REFERENCE_ENTRY, UPVOTE_MARKER};
use super::markup::{self, Cleaned, Markup, Target};
use super::paragraphs::normalize_space;

/// A date in a capture tool's note of where and when it saved the page.
pub(crate) static CAPTURE_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(20\d\d)-[01]\d-[0-3]\d\b").expect("valid capture date pattern"));
/// `owner/repository`, as a trending card names the repository beside its star count.
static REPOSITORY_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9_.-]*[A-Za-z0-9_-]$").expect("valid repository pattern")
});
static COUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(-|\d{1,9}|\d{1,6}(?:\.\d{1,3})?[kKmM])$").expect("valid count pattern"));
static ORGANISATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[\[[^\[\]]*\][^\[\]]*\](?:\[\d+\])?$").expect("valid organisation pattern"));
/// A line that is only bracketed text with no target: an image as text converters print it
/// (`[图片：无替代文本]`, `[logo]`).
static IMAGE_PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[[^\[\]()]+\]$").expect("valid image placeholder pattern"));
/// A line opening with a link's number (`[9]Title`), as lynx and w3m write links.
static NUMBERED_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[\d{1,6}\][^\s\[\]]").expect("valid numbered line pattern"));
static DATE_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:published|submitted)\s+on\s+").expect("valid date prefix pattern"));

/// What one line says, once its link syntax is gone.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    /// A link to a paper's page (a target line, or a line that is only a link such as a thumbnail).
    PaperLink {
        arxiv: String,
        community: bool,
        /// On arXiv (or alphaXiv) rather than Hugging Face: never the next card's thumbnail.
        on_arxiv: bool,
        /// A link with no words, written inline (a Markdown thumbnail): it opens the next card,
        /// never says anything about the text before it.
        thumbnail: bool,
    },
    /// The upvote button of paper `arxiv` (its link goes to the login page for it), with the
    /// count when the button shows one.
    UpvotesFor {
        arxiv: String,
        count: Option<u64>,
    },
    GithubLink(String),
    /// `GitHub` written out, before its star count.
    GithubLabel,
    UpvoteLabel,
    SubmittedBy {
        name_follows: bool,
    },
    Count(Count),
    Authors(u32),
    Date {
        date: DateLine,
        comments: Option<u64>,
    },
    /// A heading, with its level (`###` is 3).
    Heading(Text, u8),
    Text(Text),
    /// A text browser's list of link targets: `36. https://…`.
    ReferenceEntry(u32, String),
    /// The year the page was captured, from a clipper's front matter (`URL Source: …?date=…`).
    CaptureYear(i32),
    /// A link target printed alone that points at someone's profile (an organisation, a user).
    ProfileLink,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Count {
    pub value: u64,
    /// Written with a `k`/`m` suffix, as star counts are.
    pub abbreviated: bool,
    pub to_community: bool,
    pub to_github: bool,
    /// The number of the link it is written in, in text-browser dumps (`[18]3`): what it counts
    /// (upvotes, comments) is known only once the list of targets at the end is read.
    pub reference: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Text {
    pub text: String,
    pub arxiv: Option<String>,
    pub references: Vec<u32>,
    /// The line starts with a link's number (`[9]BioInsight: …`), as lynx and w3m write links:
    /// where the link's text ends is not marked, so it may wrap onto the next line.
    pub numbered: bool,
    /// How many columns the line takes as written (indentation and link numbers included).
    pub width: usize,
}

/// Reads one line as items.
pub(crate) fn classify(raw: &str, markup: Markup) -> Vec<Item> {
    let trimmed = raw.trim();
    if let Some(captures) = REFERENCE_ENTRY.captures(trimmed) {
        let number = captures.get(1).or(captures.get(2)).map_or("", |m| m.as_str());
        let target = &captures[3];
        if markup == Markup::References && (target.contains("://") || target.starts_with('/')) {
            return vec![Item::ReferenceEntry(number.parse().unwrap_or(0), target.to_string())];
        }
    }
    // An organisation's avatar and name, an image, a code fence a capture tool wraps the page in,
    // a rule (`---`, `***`, `___`) between cards.
    if is_rule(trimmed)
        || ORGANISATION.is_match(trimmed)
        || IMAGE_PLACEHOLDER.is_match(trimmed)
        || trimmed.starts_with("```")
    {
        return Vec::new();
    }
    let cleaned = markup::clean(raw, markup);
    if let Some(url) = &cleaned.bare_url {
        return link_item(url).into_iter().collect();
    }
    // An upvote button: its count (or `-`, or nothing) linked to the login page for the paper.
    if let Some(arxiv) = cleaned
        .links
        .iter()
        .find_map(|link| url_of(link).and_then(markup::upvote_target))
    {
        // The button's text may start with its icon (`▲ 17`, `👍 17`, `⬆️17`).
        let words = cleaned
            .text
            .trim_matches(|c: char| c == '[' || c == ']' || c.is_whitespace())
            .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '-')
            .trim_start();
        let words = UPVOTE_MARKER
            .captures(&cleaned.text)
            .map_or(words.to_string(), |found| found[1].to_string());
        let number = words
            .strip_prefix("Upvote")
            .or_else(|| words.strip_prefix("upvote"))
            .unwrap_or(&words)
            .trim();
        if number.is_empty() || COUNT.is_match(number) {
            return vec![Item::UpvotesFor {
                arxiv,
                count: parse_count(number),
            }];
        }
    }
    if let Some(found) = UPVOTE_MARKER.captures(&cleaned.text) {
        if let Some(count) = count(&found[1], &cleaned) {
            return vec![Item::UpvoteLabel, Item::Count(count)];
        }
    }
    // A link to a repository whose text ends in its star count (`[GitHub 131](…)`,
    // `[LINK: GitHub 11.3k](…)`).
    if cleaned.links.len() == 1 && is_links_only(&cleaned) {
        let link = &cleaned.links[0];
        let repository = url_of(link).and_then(markup::github_repository);
        let last_word = link.text.split_whitespace().last().unwrap_or_default();
        if let (Some(repository), Some(stars)) = (repository, count(last_word, &cleaned)) {
            let stars = Count {
                to_github: true,
                ..stars
            };
            return vec![Item::GithubLink(repository), Item::Count(stars)];
        }
    }
    // A line of links side by side (`[GitHub 131](…) [arXiv Page](…)`): each says its own thing.
    if cleaned.links.len() >= 2 && is_links_only(&cleaned) {
        return cleaned
            .links
            .iter()
            .filter_map(|link| url_of(link).map(|url| (link, url)))
            .flat_map(|(link, url)| classify(&format!("[{}]({url})", link.text), markup))
            .collect();
    }
    let text = cleaned
        .text
        .trim_matches(|c: char| c == '[' || c == ']' || c.is_whitespace());
    if text.is_empty()
        || text
            .chars()
            .all(|c| matches!(c, '·' | '•' | '|' | '*' | '[' | ']' | '(' | ')' | '='))
    {
        // Only links (a thumbnail, an avatar): what they point at may still say something.
        let inline = markup == Markup::Markdown;
        return cleaned
            .links
            .iter()
            .filter_map(link_target_item)
            .map(|item| match item {
                Item::PaperLink {
                    arxiv,
                    community,
                    on_arxiv,
                    ..
                } => Item::PaperLink {
                    arxiv,
                    community,
                    on_arxiv,
                    thumbnail: inline,
                },
                item => item,
            })
            .collect();
    }
    // A list bullet before navigation or a label (`* Models`, `- Submitted by`).
    let text = match text.strip_prefix(['*', '•', '-', '+']) {
        Some(rest) if rest.starts_with(' ') && !rest.trim().is_empty() => rest.trim(),
        _ => text,
    };
    let lower = text.to_lowercase();
    if lower.starts_with("url source:") || lower.starts_with("published time:") {
        if let Some(captures) = CAPTURE_DATE.captures(&lower) {
            return captures[1].parse().map(Item::CaptureYear).into_iter().collect();
        }
    }
    if grammar::is_chrome(&lower) {
        return Vec::new();
    }
    if let Some(rest) = lower.strip_prefix("submitted by") {
        return vec![Item::SubmittedBy {
            name_follows: rest.trim().is_empty(),
        }];
    }
    if is_profile_link_only(&cleaned) {
        return Vec::new();
    }
    if lower == "upvote" || lower == "upvotes" {
        return vec![Item::UpvoteLabel];
    }
    if let Some(rest) = lower.strip_prefix("upvote ") {
        if let Some(count) = count(rest.trim(), &cleaned) {
            return vec![Item::UpvoteLabel, Item::Count(count)];
        }
    }
    // A trending card may name its repository (`owner/name`) beside the stars; in wrapped
    // renderings such a line is more likely the end of a URL in an abstract.
    let repository_name = markup == Markup::None && REPOSITORY_NAME.is_match(text);
    if lower == "github" || lower == "code" || repository_name {
        return vec![Item::GithubLabel];
    }
    if let Some(count) = count(text, &cleaned) {
        return vec![Item::Count(count)];
    }
    if let Some(rest) = lower.strip_prefix("github ") {
        if let Some(count) = count(rest.trim(), &cleaned) {
            let mut items: Vec<Item> = cleaned.links.iter().filter_map(link_target_item).collect();
            items.push(Item::GithubLabel);
            items.push(Item::Count(count));
            return items;
        }
    }
    if let Some(items) = metadata_items(&cleaned.text, &cleaned) {
        return items;
    }
    let arxiv = cleaned.links.iter().find_map(|link| match &link.target {
        Target::Url(url) => markup::paper_page(url).map(|(arxiv, _)| arxiv),
        Target::Reference(_) => None,
    });
    let references = cleaned
        .links
        .iter()
        .filter_map(|link| match link.target {
            Target::Reference(number) => Some(number),
            Target::Url(_) => None,
        })
        .collect();
    let mut items: Vec<Item> = cleaned
        .links
        .iter()
        .filter_map(|link| match &link.target {
            Target::Url(url) => markup::github_repository(url).map(Item::GithubLink),
            Target::Reference(_) => None,
        })
        .collect();
    let numbered = markup == Markup::References && NUMBERED_LINE.is_match(raw.trim_start());
    let text = Text {
        text: text.to_string(),
        arxiv,
        references,
        numbered,
        width: raw.trim_end().chars().count(),
    };
    items.insert(
        0,
        if cleaned.heading {
            let level = raw.trim_start().chars().take_while(|c| *c == '#').count();
            Item::Heading(text, u8::try_from(level).unwrap_or(u8::MAX))
        } else {
            Item::Text(text)
        },
    );
    items
}

/// True for a horizontal rule: three or more `-`, `*`, `_` or `=` and nothing else.
fn is_rule(line: &str) -> bool {
    let marks: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3 && matches!(marks[0], '-' | '*' | '_' | '=') && marks.iter().all(|c| *c == marks[0])
}

/// The item a bare link target stands for.
fn link_item(url: &str) -> Option<Item> {
    if let Some((arxiv, community)) = markup::paper_page(url) {
        return Some(Item::PaperLink {
            arxiv,
            community,
            on_arxiv: false,
            thumbnail: false,
        });
    }
    if let Some(arxiv) = markup::arxiv_id_of_link(url) {
        return Some(Item::PaperLink {
            arxiv,
            community: false,
            on_arxiv: true,
            thumbnail: false,
        });
    }
    if let Some(arxiv) = markup::upvote_target(url) {
        return Some(Item::UpvotesFor { arxiv, count: None });
    }
    if markup::is_profile_page(url) {
        return Some(Item::ProfileLink);
    }
    markup::github_repository(url).map(Item::GithubLink)
}

/// The URL a link points at, when it is written out (not a reference number).
pub(crate) fn url_of(link: &markup::Link) -> Option<&str> {
    match &link.target {
        Target::Url(url) => Some(url),
        Target::Reference(_) => None,
    }
}

/// True when a line is nothing but its links' texts.
fn is_links_only(cleaned: &Cleaned) -> bool {
    let joined: Vec<&str> = cleaned.links.iter().map(|link| link.text.as_str()).collect();
    normalize_space(&joined.join(" ")) == cleaned.text
}

fn link_target_item(link: &markup::Link) -> Option<Item> {
    match &link.target {
        Target::Url(url) => link_item(url),
        Target::Reference(_) => None,
    }
}

/// True when the whole line is a link to someone's profile (a submitter, an organisation).
fn is_profile_link_only(cleaned: &Cleaned) -> bool {
    !cleaned.links.is_empty()
        && cleaned.links.iter().all(|link| match &link.target {
            Target::Url(url) => markup::is_profile_page(url),
            Target::Reference(_) => false,
        })
        && cleaned.links.iter().map(|link| link.text.len()).sum::<usize>() + cleaned.links.len() >= cleaned.text.len()
}

/// A count standing alone: `42`, `-` (none yet), `3.29k`, with what it links to.
fn count(text: &str, cleaned: &Cleaned) -> Option<Count> {
    let text = text.trim();
    if !COUNT.is_match(text) {
        return None;
    }
    let value = parse_count(text)?;
    let target = cleaned
        .links
        .iter()
        // A text browser's number before the count (`[18]3`) leaves the link's text unmarked.
        .find(|link| link.text.trim() == text || (link.text.is_empty() && cleaned.links.len() == 1))
        .map(|link| &link.target);
    let url = match target {
        Some(Target::Url(url)) => Some(url.as_str()),
        _ => None,
    };
    let reference = match target {
        Some(Target::Reference(number)) => Some(*number),
        _ => None,
    };
    Some(Count {
        value,
        abbreviated: text.ends_with(['k', 'K', 'm', 'M']),
        to_community: url.and_then(markup::paper_page).is_some_and(|(_, community)| community),
        to_github: url.and_then(markup::github_repository).is_some(),
        reference,
    })
}

/// `42` → 42, `-` → 0, `3.29k` → 3290, `1.2M` → 1200000.
pub(crate) fn parse_count(text: &str) -> Option<u64> {
    if text == "-" {
        return Some(0);
    }
    let (number, scale) = match text.char_indices().last()? {
        (at, 'k' | 'K') => (&text[..at], 1_000.0),
        (at, 'm' | 'M') => (&text[..at], 1_000_000.0),
        _ => (text, 1.0),
    };
    if scale == 1.0 {
        return number.parse().ok();
    }
    let value: f64 = number.parse().ok()?;
    Some((value * scale).round() as u64)
}

/// A metadata line: author count and date parts separated by `·` (`3 authors · May 29 6`), each
/// possibly prefixed (`Published on Oct 4, 2026`). `None` when any part is something else.
fn metadata_items(text: &str, cleaned: &Cleaned) -> Option<Vec<Item>> {
    let mut items = Vec::new();
    let mut parts = Vec::new();
    let mut from = 0;
    for (at, c) in text.char_indices() {
        if matches!(c, '·' | '•' | '|') {
            parts.push((from, at));
            from = at + c.len_utf8();
        }
    }
    parts.push((from, text.len()));
    for (start, end) in parts {
        let part = &text[start..end];
        let part_trimmed = part
            .trim()
            .trim_start_matches(|c: char| c == '*' || c == '-' || c.is_whitespace());
        if part_trimmed.is_empty() {
            continue;
        }
        // An organisation shown instead of an author count (`[Org](https://huggingface.co/org) ·
        // Published on …`).
        let organisation = cleaned
            .links
            .iter()
            .any(|link| link.text == part_trimmed && url_of(link).is_some_and(markup::is_profile_page));
        if organisation {
            continue;
        }
        if let Some(captures) = AUTHORS_LINE.captures(part_trimmed) {
            items.push(Item::Authors(captures[1].parse().ok()?));
            continue;
        }
        // `3 authors May 29` when a clipper dropped the separator.
        let part_trimmed = match AUTHORS_THEN.captures(part_trimmed) {
            Some(captures) => {
                items.push(Item::Authors(captures[1].parse().ok()?));
                captures.get(2).map_or("", |rest| rest.as_str())
            }
            None => part_trimmed,
        };
        let date_text = DATE_PREFIX.replace(part_trimmed, "");
        // A count linked right after the date is the comment count (`May 29[6](…#community)`,
        // `Mar 8, 2024 [ 6][39]`); the browser page's own unlinked count after a date is upvotes.
        // Matched by text, not position: a count is never linked anywhere else on such a line.
        let linked_tail = cleaned.links.iter().rev().find(|link| {
            COUNT.is_match(&link.text) && date_text.rsplit_once(' ').is_some_and(|(_, last)| last == link.text)
        });
        let (date_text, comments) = match linked_tail {
            Some(link) => {
                let without = date_text[..date_text.len() - link.text.len()].trim_end();
                (without.to_string(), parse_count(&link.text))
            }
            None => (date_text.into_owned(), None),
        };
        let date = DateLine::parse(&date_text)?;
        items.push(Item::Date { date, comments });
    }
    (!items.is_empty()).then_some(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(parse_count("-"), Some(0));
        assert_eq!(parse_count("42"), Some(42));
        assert_eq!(parse_count("3.29k"), Some(3290));
        assert_eq!(parse_count("1.2M"), Some(1_200_000));
        assert_eq!(parse_count("x"), None);
    }

    #[test]
    fn upvote_buttons_with_icons_rules_and_thumbnails() {
        let login = "https://huggingface.co/login?next=%2Fpapers%2F2405.15071";
        for button in ["▲ 17", "👍 17", "⬆️17", "17"] {
            assert_eq!(
                classify(&format!("[{button}]({login})"), Markup::Markdown),
                [Item::UpvotesFor {
                    arxiv: "2405.15071".to_string(),
                    count: Some(17)
                }],
                "{button}"
            );
        }
        for rule in ["---", "* * *", "___", "====="] {
            assert_eq!(classify(rule, Markup::Markdown), [], "{rule}");
        }
        assert!(!is_rule("--"));
        assert!(!is_rule("-*-"));
        let thumbnail = classify(
            "[![](https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2405.15071.png)](https://huggingface.co/papers/2405.15071)",
            Markup::Markdown,
        );
        assert!(
            matches!(&thumbnail[..], [Item::PaperLink { arxiv, thumbnail: true, .. }] if arxiv == "2405.15071"),
            "{thumbnail:?}"
        );
    }

    #[test]
    fn text_browser_numbers_before_link_text() {
        match &classify("   [7]Grokked Transformers are Implicit Reasoners", Markup::References)[..] {
            [Item::Text(text)] => {
                assert_eq!(text.text, "Grokked Transformers are Implicit Reasoners");
                assert_eq!(text.references, [7]);
                assert!(text.numbered);
                assert_eq!(text.width, 49);
            }
            other => panic!("{other:?}"),
        }
        match &classify("the Edge of Generalization", Markup::References)[..] {
            [Item::Text(text)] => assert!(!text.numbered),
            other => panic!("{other:?}"),
        }
        // A count in a numbered link: what it counts is known from the list of targets.
        match &classify("   [18]3", Markup::References)[..] {
            [Item::Count(count)] => assert_eq!((count.value, count.reference), (3, Some(18))),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn metadata_lines_with_linked_comment_counts() {
        let cleaned = markup::clean(
            "[3 authors](https://huggingface.co/papers/2406.01234)·May 29[6](https://huggingface.co/papers/2406.01234#community)",
            Markup::Markdown,
        );
        let items = metadata_items(&cleaned.text, &cleaned).unwrap();
        assert_eq!(items[0], Item::Authors(3));
        match &items[1] {
            Item::Date { date, comments } => {
                assert_eq!(
                    (date.day, date.year, date.upvotes, *comments),
                    (29, None, None, Some(6))
                );
            }
            other => panic!("{other:?}"),
        }
        let cleaned = markup::clean("· Mar 8, 2024 [ 6][39]", Markup::References);
        let items = metadata_items(&cleaned.text, &cleaned).unwrap();
        assert!(matches!(&items[0], Item::Date { date, comments: Some(6) } if date.year == Some(2024)));
        let cleaned = markup::clean("Published on Oct 4, 2026", Markup::None);
        assert!(matches!(
            &metadata_items(&cleaned.text, &cleaned).unwrap()[0],
            Item::Date { date, comments: None } if date.year == Some(2026)
        ));
        let cleaned = markup::clean("We study things · and more", Markup::None);
        assert!(metadata_items(&cleaned.text, &cleaned).is_none());
    }
}
