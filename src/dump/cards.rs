//! Recogniser for renderings that show each paper as a card: Markdown clippers, text browsers,
//! plain-text extractors that print link targets, and captures of the trending page.
//!
//! These differ from the browser's copy-paste text (see [`super::plain`]) in where things sit:
//! the upvote count comes before the title, titles are headings or links, comment counts and
//! GitHub stars appear beside the date or the repository link. Each line is first stripped of its
//! link syntax ([`super::markup`]) and read as a few *items* (a heading, text, a count, an author
//! count, a date, a link to the paper's page or to GitHub). A card opens at an explicit opener
//! (`Submitted by`, `Upvote`, an upvote count, a heading) or at text after a finished card, and
//! collects items until the next one opens.
//!
//! Numbers are told apart by what they link to and what precedes them, never by size: a count
//! linked to the paper's `#community` section or glued to the date as a link is the comment count;
//! one after `Upvote` or just before a title is the upvote count; one linked to GitHub, after a
//! GitHub link, or written `3.29k` is the star count. A card becomes a record only with a title and
//! at least one such piece of evidence, so page chrome and stray text never become papers. Cards
//! shown twice (trending captures repeat them) are merged into one record.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::dates::DateLine;
use super::lines::Line;
use super::markup::{self, Cleaned, Markup, Target};
use super::paragraphs::{join_wrapped, normalize_space};
use super::{Emitter, FoundPaper, ParseError};
use crate::record::{id_key, paper_id, Details};

/// Most lines joined back into one link (a wrapped title, a clipper's abstract).
const MOST_JOINED_LINES: usize = 64;
/// Most lines joined after a lone `[` in plain text (an author count broken over lines).
const MOST_JOINED_AFTER_BRACKET: usize = 4;
/// Most bytes joined back into one link.
const MOST_JOINED_BYTES: usize = 64 * 1024;
/// Most cards held for merging repeats; past it they are released (repeats further apart than
/// this are merged by ingest, which compares every sighting with what it wrote).
const MOST_HELD_CARDS: usize = 5_000;
/// Longest front matter skipped; a `---` at the top that is not closed by then was a rule.
const MOST_FRONT_MATTER_LINES: usize = 64;
/// Titles are short; a longer "title" is prose that lost its card.
const LONGEST_TITLE_CHARS: usize = 300;

static AUTHORS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[•·*\-]?\s*(\d{1,6})\s+authors?$").expect("valid authors pattern"));
static AUTHORS_THEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[•·*\-]?\s*(\d{1,6})\s+authors?\s+(\S.*)$").expect("valid authors pattern"));
static CAPTURE_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(20\d\d)-[01]\d-[0-3]\d\b").expect("valid capture date pattern"));
/// `owner/repository`, as a trending card names the repository beside its star count.
static REPOSITORY_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9_.-]*[A-Za-z0-9_-]$").expect("valid repository pattern")
});
/// A line of YAML front matter: `key: value`, a list item, or a comment.
static YAML_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[A-Za-z_][\w .-]*:(?:\s|$)|- |#)").expect("valid YAML line pattern"));
static COUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(-|\d{1,9}|\d{1,6}(?:\.\d{1,3})?[kKmM])$").expect("valid count pattern"));
static ORGANISATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[\[[^\[\]]*\][^\[\]]*\](?:\[\d+\])?$").expect("valid organisation pattern"));
/// One entry of the list of link targets: `36. https://…` (text browsers) or `[36]: https://…`
/// (Markdown reference definitions, as html2text writes them).
static REFERENCE_ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:(\d{1,6})\.|\[(\d{1,6})\]:)\s+(\S+)\s*$").expect("valid reference entry pattern")
});
/// A line that is only bracketed text with no target: an image as text converters print it
/// (`[图片：无替代文本]`, `[logo]`).
static IMAGE_PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[[^\[\]()]+\]$").expect("valid image placeholder pattern"));
/// An upvote button as plain-text exporters print it: `[-] 12`, or `[-] -` for none yet.
static UPVOTE_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[\s*-\s*\]\s*(\S+)$").expect("valid upvote marker pattern"));
static DATE_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:published|submitted)\s+on\s+").expect("valid date prefix pattern"));

/// Lines that are site navigation, page furniture or a clipper's front matter, compared in lower
/// case with the line's link syntax removed.
const CHROME: &[&str] = &[
    "hugging face",
    "models",
    "datasets",
    "spaces",
    "community",
    "docs",
    "enterprise",
    "pricing",
    "log in",
    "login",
    "sign up",
    "posts",
    "papers",
    "daily papers",
    "trending papers",
    "trending",
    "new",
    "subscribe",
    "get trending papers in your email inbox!",
    "byak and the research community",
    "by ak and the research community",
    "[content truncated]",
    "content truncated",
    "search",
    "previous",
    "next",
    "view all",
    "references",
    "visible links",
    "visible links:",
    "hidden links:",
    "system theme",
    "company",
    "tos",
    "privacy",
    "about",
    "jobs",
    "website",
    "collections",
    "daily",
    "weekly",
    "monthly",
    "arxiv page",
    "pdf",
    "project page",
    "join the community",
    "search any paper with ai",
    "=====",
    "-----",
];
const CHROME_PREFIXES: &[&str] = &[
    "title:",
    "url source:",
    "published time:",
    "markdown content:",
    "warning:",
];

/// What one line says, once its link syntax is gone.
#[derive(Debug, Clone, PartialEq)]
enum Item {
    /// A link to a paper's page (a target line, or a line that is only a link such as a thumbnail).
    PaperLink {
        arxiv: String,
        community: bool,
        /// On arXiv (or alphaXiv) rather than Hugging Face: never the next card's thumbnail.
        on_arxiv: bool,
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
struct Count {
    value: u64,
    /// Written with a `k`/`m` suffix, as star counts are.
    abbreviated: bool,
    to_community: bool,
    to_github: bool,
}

#[derive(Debug, Clone, PartialEq)]
struct Text {
    text: String,
    arxiv: Option<String>,
    references: Vec<u32>,
}

#[derive(Debug, Default)]
struct Card {
    title: String,
    title_line: u64,
    abstract_text: String,
    upvotes: Option<u64>,
    authors: Option<u32>,
    date: Option<(DateLine, u64)>,
    comments: Option<u64>,
    stars: Option<u64>,
    github: Option<String>,
    arxiv: Option<String>,
    /// Reference numbers of the card's links, resolved against the list at the end.
    references: Vec<u32>,
    /// Opened by `Submitted by`, `Upvote`, a count or a heading rather than by bare text.
    explicit: bool,
    /// A `Submitted by` label opened it (a trending card).
    submitted: bool,
    /// The level of the heading that holds its title (0: not a heading).
    heading_level: u8,
    /// An author count, date or comment count has been seen: the card's text is complete.
    has_metadata: bool,
}

impl Card {
    /// Enough to believe the card is a paper: a link to the paper (Hugging Face, arXiv), an
    /// author, upvote, comment or GitHub star count, or a `Submitted by`. A heading alone is not (capture tools
    /// write their own: `# Web source`, `# What is Papers with Code?`), nor is a date alone (the
    /// page prints its own date under the header).
    fn has_evidence(&self) -> bool {
        self.submitted
            || self.arxiv.is_some()
            || self.stars.is_some()
            || self.upvotes.is_some()
            || self.authors.is_some()
            || self.comments.is_some()
    }

    /// Fills what this sighting lacks from a repeat of the same card.
    fn merge(&mut self, other: Card) {
        self.submitted |= other.submitted;
        if self.abstract_text.is_empty() {
            self.abstract_text = other.abstract_text;
        }
        self.upvotes = self.upvotes.or(other.upvotes);
        self.authors = self.authors.or(other.authors);
        self.date = self.date.or(other.date);
        self.comments = self.comments.or(other.comments);
        self.stars = self.stars.or(other.stars);
        self.github = self.github.take().or(other.github);
        self.arxiv = self.arxiv.take().or(other.arxiv);
        self.references.extend(other.references);
    }
}

/// Lines being joined back into the link whose text runs over them.
struct Joining {
    first: u64,
    text: String,
    /// The lines as read, to be read one by one if they turn out not to be one link.
    lines: Vec<(u64, String)>,
    most: usize,
}

/// What the next item is expected to be, after a label that announces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Nothing,
    Upvotes,
    Stars,
    SubmitterName,
}

pub(crate) struct CardRecogniser {
    markup: Markup,
    /// A link whose text runs over several lines, being joined.
    joining: Option<Joining>,
    /// The line whose text was last added to a card's abstract, and the abstract's length before:
    /// a plain-text exporter prints an organisation's name and then its link, so the name is taken
    /// back when a link to a profile follows.
    last_abstract_text: Option<usize>,
    /// Front matter (`---` … `---`) at the top of the input is being skipped.
    in_front_matter: bool,
    front_matter_lines: usize,
    seen_text: bool,
    /// The line before was a heading without a link (whose title may go on, indented).
    after_plain_heading: bool,
    card: Option<Card>,
    /// A count whose meaning the next item decides: upvotes of the card a title opens, or the
    /// comments of the current card when a `#community` link follows.
    pending_count: Option<Count>,
    expect: Expect,
    /// Cards so far opened without an explicit opener; while none were, text after a card's
    /// metadata is its abstract rather than the next card's title.
    implicit_openings: usize,
    held: Vec<Card>,
    held_by_id: HashMap<u64, usize>,
    references: HashMap<u32, String>,
}

impl CardRecogniser {
    pub fn new(markup: Markup) -> CardRecogniser {
        CardRecogniser {
            markup,
            joining: None,
            last_abstract_text: None,
            in_front_matter: false,
            front_matter_lines: 0,
            seen_text: false,
            after_plain_heading: false,
            card: None,
            pending_count: None,
            expect: Expect::Nothing,
            implicit_openings: 0,
            held: Vec::new(),
            held_by_id: HashMap::new(),
            references: HashMap::new(),
        }
    }

    pub fn feed(&mut self, line: Line, out: &mut Emitter<'_>) -> Result<(), ParseError> {
        if let Some(mut joining) = self.joining.take() {
            // In plain text only a link closed as Markdown (`2 authors](…)`) was one: a target
            // line first means the bracket stood alone, and each line is read on its own.
            let plain = self.markup == Markup::TargetLines;
            if plain && markup::clean(&line.text, self.markup).bare_url.is_some() {
                return self.give_up_joining(joining, Some(line), out);
            }
            join_wrapped(&mut joining.text, &line.text);
            joining.lines.push((line.number, line.text));
            let closed = markup::bracket_depth(&joining.text) == 0;
            let too_long = joining.lines.len() >= joining.most || joining.text.len() >= MOST_JOINED_BYTES;
            if closed || (too_long && !plain) || !line.terminated {
                return self.line(joining.first, &joining.text, out);
            }
            if too_long {
                return self.give_up_joining(joining, None, out);
            }
            self.joining = Some(joining);
            return Ok(());
        }
        if markup::opens_unclosed_link(&line.text, self.markup) {
            let most = if self.markup == Markup::TargetLines {
                MOST_JOINED_AFTER_BRACKET
            } else {
                MOST_JOINED_LINES
            };
            self.joining = Some(Joining {
                first: line.number,
                text: line.text.clone(),
                lines: vec![(line.number, line.text)],
                most,
            });
            return Ok(());
        }
        self.line(line.number, &line.text, out)
    }

    /// Reads the lines of a join that was not a link one by one, then `next` if given.
    fn give_up_joining(
        &mut self,
        joining: Joining,
        next: Option<Line>,
        out: &mut Emitter<'_>,
    ) -> Result<(), ParseError> {
        for (number, text) in joining.lines {
            self.line(number, &text, out)?;
        }
        match next {
            Some(line) => self.line(line.number, &line.text, out),
            None => Ok(()),
        }
    }

    pub fn finish(&mut self, out: &mut Emitter<'_>) -> Result<(), ParseError> {
        if let Some(joining) = self.joining.take() {
            if self.markup == Markup::TargetLines {
                self.give_up_joining(joining, None, out)?;
            } else {
                self.line(joining.first, &joining.text, out)?;
            }
        }
        self.close_card();
        self.release_held(out)
    }

    fn line(&mut self, number: u64, text: &str, out: &mut Emitter<'_>) -> Result<(), ParseError> {
        let trimmed = text.trim();
        if !self.seen_text && trimmed == "---" {
            self.in_front_matter = !self.in_front_matter;
            return Ok(());
        }
        if self.in_front_matter {
            self.front_matter_lines += 1;
            let yaml_like = trimmed.is_empty() || text.starts_with([' ', '\t']) || YAML_LINE.is_match(trimmed);
            if !yaml_like || self.front_matter_lines > MOST_FRONT_MATTER_LINES {
                // Not front matter after all: the `---` was a rule; read on normally.
                self.in_front_matter = false;
            }
        }
        if self.in_front_matter {
            // A clipper's front matter may record the capture (`source: …?date=2025-12-09`,
            // `created: 2025-12-09`).
            let lower = trimmed.to_ascii_lowercase();
            let dated = ["source:", "url:", "created:", "published:", "date:", "captured:"]
                .iter()
                .any(|key| lower.starts_with(key));
            if let Some(year) = CAPTURE_DATE
                .captures(&lower)
                .filter(|_| dated)
                .and_then(|captures| captures[1].parse().ok())
            {
                out.set_page_year(year)?;
            }
            return Ok(());
        }
        if !trimmed.is_empty() {
            self.seen_text = true;
        }
        // A heading printed with the title's arXiv line break: the next line, indented, is the
        // rest of the title (`### SmolDocling: … for end-to-end` / `  multi-modal document …`).
        let heading_before = std::mem::replace(&mut self.after_plain_heading, false);
        if heading_before && text.starts_with("  ") && !trimmed.is_empty() && self.markup != Markup::TargetLines {
            if let Some(card) = self.card.as_mut().filter(|card| !card.title.is_empty()) {
                let rest = markup::clean(trimmed, self.markup).text;
                card.title = normalize_space(&format!("{} {rest}", card.title));
                return Ok(());
            }
        }
        if self.markup != Markup::TargetLines {
            let cleaned = markup::clean(text, self.markup);
            self.after_plain_heading = cleaned.heading && cleaned.links.is_empty();
        }
        for item in self.items(text) {
            match item {
                Item::CaptureYear(year) => out.set_page_year(year)?,
                item => self.item(number, item),
            }
        }
        if self.held.len() >= MOST_HELD_CARDS {
            self.release_held(out)?;
        }
        Ok(())
    }

    /// Reads one line as items.
    fn items(&self, raw: &str) -> Vec<Item> {
        let trimmed = raw.trim();
        if let Some(captures) = REFERENCE_ENTRY.captures(trimmed) {
            let number = captures.get(1).or(captures.get(2)).map_or("", |m| m.as_str());
            let target = &captures[3];
            if self.markup == Markup::References && (target.contains("://") || target.starts_with('/')) {
                return vec![Item::ReferenceEntry(number.parse().unwrap_or(0), target.to_string())];
            }
        }
        if ORGANISATION.is_match(trimmed) || IMAGE_PLACEHOLDER.is_match(trimmed) {
            return Vec::new();
        }
        let cleaned = markup::clean(raw, self.markup);
        if let Some(url) = &cleaned.bare_url {
            return link_item(url).into_iter().collect();
        }
        // An upvote button: its count (or `-`, or nothing) linked to the login page for the paper.
        if let Some(arxiv) = cleaned
            .links
            .iter()
            .find_map(|link| url_of(link).and_then(markup::upvote_target))
        {
            let words = cleaned
                .text
                .trim_matches(|c: char| c == '[' || c == ']' || c.is_whitespace());
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
                .flat_map(|(link, url)| self.items(&format!("[{}]({url})", link.text)))
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
            return cleaned.links.iter().filter_map(link_target_item).collect();
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
        if CHROME.contains(&lower.as_str())
            || CHROME_PREFIXES.iter().any(|prefix| lower.starts_with(prefix))
            || lower.ends_with("and the research community")
        {
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
        let repository_name = self.markup == Markup::None && REPOSITORY_NAME.is_match(text);
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
        let text = Text {
            text: text.to_string(),
            arxiv,
            references,
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

    fn item(&mut self, line: u64, item: Item) {
        let pending = self.pending_count.take();
        let expect = std::mem::replace(&mut self.expect, Expect::Nothing);
        let last_abstract_text = self.last_abstract_text.take();
        match item {
            Item::CaptureYear(_) => {}
            Item::ProfileLink => {
                // An organisation's name printed before its link was not the abstract's.
                if let (Some(length), Some(card)) = (last_abstract_text, self.card.as_mut()) {
                    card.abstract_text.truncate(length);
                }
            }
            Item::UpvotesFor { arxiv, count } => {
                // The button names its paper: the current card's, or the next one's (it comes
                // before the title in most layouts, after the date in others).
                let current = self
                    .card
                    .as_ref()
                    .is_some_and(|card| card.arxiv.as_deref() == Some(arxiv.as_str()) || card.title.is_empty());
                if !current {
                    self.close_card();
                    self.card = Some(Card {
                        explicit: true,
                        title_line: line,
                        ..Card::default()
                    });
                }
                let card = self.card.as_mut().expect("a card is open");
                card.arxiv.get_or_insert(arxiv);
                match count {
                    Some(count) => card.upvotes = Some(count),
                    None => self.expect = Expect::Upvotes,
                }
                if card.upvotes.is_none() {
                    if let Some(count) = pending {
                        card.upvotes = Some(count.value);
                    }
                }
            }
            Item::ReferenceEntry(number, url) => {
                self.references.insert(number, url);
            }
            Item::PaperLink {
                arxiv,
                community,
                on_arxiv,
            } => {
                if community {
                    if let (Some(count), Some(card)) = (pending, self.card.as_mut()) {
                        card.comments = Some(count.value);
                        card.has_metadata = true;
                    }
                } else {
                    // A thumbnail between an upvote count and its title leaves the count open.
                    self.pending_count = pending;
                }
                // A link after a card's title belongs to it (link targets follow their text); once
                // the card's metadata is complete, a link to the paper's page is the next card's
                // thumbnail, but a link to arXiv is still this card's (`arXiv Page`).
                if let Some(card) = self.card.as_mut() {
                    if card.arxiv.is_none() && !card.title.is_empty() && (!card.has_metadata || on_arxiv) {
                        card.arxiv = Some(arxiv);
                    }
                }
                self.expect = expect;
            }
            Item::GithubLink(url) => {
                if let Some(card) = self.card.as_mut() {
                    card.github.get_or_insert(url);
                }
                self.expect = Expect::Stars;
            }
            Item::GithubLabel => self.expect = Expect::Stars,
            Item::UpvoteLabel => {
                // The count may stand before its label (`163`, `Upvote`) in a card that a
                // `Submitted by` opened; a count left over from the card before never does.
                let count_before_label =
                    pending.filter(|_| self.card.as_ref().is_some_and(|card| card.title.is_empty()));
                self.open_explicitly(line);
                match (count_before_label, self.card.as_mut()) {
                    (Some(count), Some(card)) => card.upvotes = Some(count.value),
                    _ => self.expect = Expect::Upvotes,
                }
            }
            Item::SubmittedBy { name_follows } => {
                self.open_explicitly(line);
                if let Some(card) = self.card.as_mut() {
                    card.submitted = true;
                }
                if name_follows {
                    self.expect = Expect::SubmitterName;
                }
            }
            Item::Count(count) => {
                if count.to_community {
                    if let Some(card) = self.card.as_mut() {
                        card.comments = Some(count.value);
                        card.has_metadata = true;
                    }
                } else if expect == Expect::Upvotes {
                    if let Some(card) = self.card.as_mut() {
                        card.upvotes = Some(count.value);
                    }
                } else if expect == Expect::Stars || count.to_github || count.abbreviated {
                    if let Some(card) = self.card.as_mut() {
                        card.stars = Some(count.value);
                    }
                } else {
                    self.pending_count = Some(count);
                }
            }
            Item::Authors(count) => {
                if let Some(card) = self.card.as_mut().filter(|card| !card.title.is_empty()) {
                    card.authors = Some(count);
                    card.has_metadata = true;
                }
            }
            Item::Date { date, comments } => {
                // A date once the card has one is the page's own (day navigation, a second page).
                if let Some(card) = self
                    .card
                    .as_mut()
                    .filter(|card| !card.title.is_empty() && card.date.is_none())
                {
                    card.date = Some((date, line));
                    card.comments = comments.or(card.comments);
                    card.has_metadata = true;
                }
            }
            Item::Heading(text, level) => {
                if self.card.as_ref().is_some_and(|card| !card.title.is_empty()) {
                    self.close_card();
                }
                let card = self.card.get_or_insert_with(Card::default);
                card.explicit = true;
                card.heading_level = level;
                if let Some(count) = pending {
                    card.upvotes.get_or_insert(count.value);
                }
                set_title(card, line, text);
            }
            Item::Text(text) => {
                if expect == Expect::SubmitterName && text.text.chars().count() <= 40 {
                    return;
                }
                let continues_card = match self.card.as_ref() {
                    None => false,
                    Some(card) if card.title.is_empty() => true,
                    Some(_) if pending.is_some() => false,
                    Some(card) if !card.has_metadata => true,
                    Some(card) => card.explicit && card.abstract_text.is_empty() && self.implicit_openings == 0,
                };
                if !continues_card {
                    self.close_card();
                    let explicit = pending.is_some();
                    if !explicit {
                        self.implicit_openings += 1;
                    }
                    self.card = Some(Card {
                        explicit,
                        upvotes: pending.map(|count| count.value),
                        ..Card::default()
                    });
                }
                let card = self.card.as_mut().expect("a card was opened");
                if card.title.is_empty() {
                    if let Some(count) = pending {
                        card.upvotes.get_or_insert(count.value);
                    }
                    set_title(card, line, text);
                } else {
                    self.last_abstract_text = Some(card.abstract_text.len());
                    join_wrapped(&mut card.abstract_text, &text.text);
                    card.arxiv = card.arxiv.take().or(text.arxiv);
                    card.references.extend(text.references);
                }
            }
        }
    }

    /// `Submitted by` or `Upvote`: a new card, unless the current one has no title yet (the
    /// labels of one card come one after another).
    fn open_explicitly(&mut self, line: u64) {
        if self.card.as_ref().is_none_or(|card| !card.title.is_empty()) {
            self.close_card();
            self.card = Some(Card {
                explicit: true,
                title_line: line,
                ..Card::default()
            });
        }
    }

    fn close_card(&mut self) {
        let Some(card) = self.card.take() else {
            return;
        };
        // Evidence is judged at release, once reference links are resolved.
        if card.title.is_empty() || card.title.chars().count() > LONGEST_TITLE_CHARS {
            return;
        }
        let key = id_key(&paper_id(&card.title));
        match self.held_by_id.get(&key) {
            Some(&index) => self.held[index].merge(card),
            None => {
                self.held_by_id.insert(key, self.held.len());
                self.held.push(card);
            }
        }
    }

    fn release_held(&mut self, out: &mut Emitter<'_>) -> Result<(), ParseError> {
        self.held_by_id.clear();
        let mut held = std::mem::take(&mut self.held);
        for card in &mut held {
            self.resolve_references(card);
        }
        // The layout's own cards: when at least three cards with evidence hold their titles in
        // headings of one level, a card of that shape (a heading of that level over its text) is
        // one of them even where the capture shows nothing else of it (no authors, no links).
        let mut levels: HashMap<u8, usize> = HashMap::new();
        for card in held.iter().filter(|card| card.has_evidence() && card.heading_level > 0) {
            *levels.entry(card.heading_level).or_default() += 1;
        }
        let layout_level = levels
            .into_iter()
            .filter(|(_, cards)| *cards >= 3)
            .max_by_key(|(level, cards)| (*cards, std::cmp::Reverse(*level)))
            .map(|(level, _)| level);
        for card in held {
            let of_the_layout = layout_level == Some(card.heading_level) && !card.abstract_text.trim().is_empty();
            if !card.has_evidence() && !of_the_layout {
                continue;
            }
            out.paper(FoundPaper {
                title: card.title,
                abstract_text: normalize_space(&card.abstract_text),
                title_line: card.title_line,
                authors: card.authors,
                date: card.date,
                upvotes: card.upvotes.map_or(super::Upvotes::OnDateLine, super::Upvotes::Shown),
                details: Details {
                    comments: card.comments,
                    stars: card.stars,
                    github: card.github,
                    arxiv_id: card.arxiv,
                    author_names: Vec::new(),
                    summary: None,
                },
            })?;
        }
        Ok(())
    }
}

impl CardRecogniser {
    /// Gives a card what its reference links point at, from the list at the end.
    fn resolve_references(&self, card: &mut Card) {
        for number in &card.references {
            let Some(url) = self.references.get(number) else {
                continue;
            };
            let arxiv = markup::paper_page(url)
                .map(|(arxiv, _)| arxiv)
                .or_else(|| markup::arxiv_id_of_link(url));
            if let Some(arxiv) = arxiv {
                card.arxiv.get_or_insert(arxiv);
            } else if let Some(repository) = markup::github_repository(url) {
                card.github.get_or_insert(repository);
            }
        }
    }
}

fn set_title(card: &mut Card, line: u64, text: Text) {
    card.title = normalize_space(&text.text);
    card.title_line = line;
    card.arxiv = card.arxiv.take().or(text.arxiv);
    card.references.extend(text.references);
}

/// The item a bare link target stands for.
fn link_item(url: &str) -> Option<Item> {
    if let Some((arxiv, community)) = markup::paper_page(url) {
        return Some(Item::PaperLink {
            arxiv,
            community,
            on_arxiv: false,
        });
    }
    if let Some(arxiv) = markup::arxiv_id_of_link(url) {
        return Some(Item::PaperLink {
            arxiv,
            community: false,
            on_arxiv: true,
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
fn url_of(link: &markup::Link) -> Option<&str> {
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
        .find(|link| link.text.trim() == text)
        .map(|link| &link.target);
    let url = match target {
        Some(Target::Url(url)) => Some(url.as_str()),
        _ => None,
    };
    Some(Count {
        value,
        abbreviated: text.ends_with(['k', 'K', 'm', 'M']),
        to_community: url.and_then(markup::paper_page).is_some_and(|(_, community)| community),
        to_github: url.and_then(markup::github_repository).is_some(),
    })
}

/// `42` → 42, `-` → 0, `3.29k` → 3290, `1.2M` → 1200000.
fn parse_count(text: &str) -> Option<u64> {
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
        if let Some(captures) = AUTHORS.captures(part_trimmed) {
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
