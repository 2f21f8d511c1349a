//! Recogniser for renderings that show each paper as a card: Markdown clippers, text browsers,
//! plain-text extractors that print link targets, captures of the trending page, and the notes
//! capture tools wrap around them.
//!
//! These differ from the browser's copy-paste text (see [`super::plain`]) in where things sit:
//! the upvote count comes before the title (or, in some captures, after the date), titles are
//! headings or links, comment counts and GitHub stars appear beside the date or the repository
//! link. [`super::card_lines`] reads each line as a few items; this module assembles them into
//! cards. A card opens at an explicit opener (`Submitted by`, `Upvote`, an upvote count, a
//! heading) or at text after a finished card, and collects items until the next one opens. Links
//! whose text runs over several lines are joined first (and read line by line again when they
//! turn out not to be links).
//!
//! A card becomes a record only with a title and evidence that it is a paper (a link to it, an
//! author, upvote, comment or star count, a `Submitted by`), or when it has the shape of the
//! capture's own cards (a heading of the level the evidenced cards use, over its text); page
//! chrome, capture tools' headings and stray text never become papers. Cards shown twice
//! (trending captures repeat them) are merged into one record.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::card_lines::{classify, Count, Item, Text, CAPTURE_DATE};
use super::dates::DateLine;
use super::lines::Line;
use super::markup::{self, Markup};
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
/// Most lines a wrapped title goes on over after its first.
const MOST_TITLE_TAIL_LINES: usize = 3;
/// Titles are short; a longer "title" is prose that lost its card.
const LONGEST_TITLE_CHARS: usize = 300;
/// A line of YAML front matter: `key: value`, a list item, or a comment.
static YAML_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[A-Za-z_][\w .-]*:(?:\s|$)|- |#)").expect("valid YAML line pattern"));

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
    /// The last line of the title so far, and whether it may still go on there (see
    /// [`CardRecogniser::continues_title`]).
    title_end_line: u64,
    title_end_width: usize,
    title_may_wrap: bool,
    /// Plain-text exports print a link's target after its text, so the lines between a title
    /// and the next item are the rest of the title when that item is the paper's target, and
    /// the abstract otherwise: they wait here while `text_before_target` (with, for each, whether
    /// it reads like page chrome: `Papers` alone is a title's last word or a menu's).
    text_before_target: bool,
    title_tail: Vec<(String, bool)>,
    /// Counts a text browser wrote as numbered links (`[18]3`): one after the card's metadata
    /// is its comment count if the link goes to the paper's discussion, and the upvote count it
    /// was opened with is not one if its link does.
    comments_reference: Option<(u32, u64)>,
    upvotes_reference: Option<u32>,
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

    /// Settles the lines held after the title: the rest of the title (`into_title`, if it stays
    /// a title's length) or the abstract's start (without the chrome-like lines).
    fn settle_title_tail(&mut self, into_title: bool) {
        self.text_before_target = false;
        let tail = std::mem::take(&mut self.title_tail);
        if tail.is_empty() {
            return;
        }
        if into_title {
            let mut title = self.title.clone();
            for (text, _) in &tail {
                join_wrapped(&mut title, text);
            }
            if title.chars().count() <= LONGEST_TITLE_CHARS {
                self.title = normalize_space(&title);
                return;
            }
        }
        for (text, _) in tail.into_iter().filter(|(_, chrome)| !chrome) {
            join_wrapped(&mut self.abstract_text, &text);
        }
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
                // A long title may go on over more lines.
                self.after_plain_heading = true;
                return Ok(());
            }
        }
        if self.markup != Markup::TargetLines {
            let cleaned = markup::clean(text, self.markup);
            self.after_plain_heading = cleaned.heading && cleaned.links.is_empty();
        }
        let items = classify(text, self.markup);
        if items.is_empty() && !trimmed.is_empty() {
            // A line read as chrome may still be a title's last word (`… White` / `Papers`).
            if let Some(card) = self.card.as_mut().filter(|card| card.text_before_target) {
                let cleaned = markup::clean(text, self.markup);
                if cleaned.bare_url.is_none() && cleaned.links.is_empty() && !cleaned.text.is_empty() {
                    card.title_tail.push((cleaned.text, true));
                }
            }
        }
        for item in items {
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

    fn item(&mut self, line: u64, item: Item) {
        if !matches!(item, Item::Text(_) | Item::PaperLink { .. }) {
            if let Some(card) = self.card.as_mut() {
                card.settle_title_tail(false);
                card.title_may_wrap = false;
            }
        }
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
                thumbnail,
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
                // A title wrapped over lines, then its link's target: the text after the title
                // was the rest of it.
                if let Some(card) = self.card.as_mut() {
                    let own = !community && card.arxiv.as_ref().is_none_or(|known| *known == arxiv);
                    card.settle_title_tail(own);
                }
                // A link after a card's title belongs to it (link targets follow their text); once
                // the card's metadata is complete, a link to the paper's page is the next card's
                // thumbnail, but a link to arXiv is still this card's (`arXiv Page`).
                if let Some(card) = self.card.as_mut().filter(|_| !thumbnail) {
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
                    if let (Some(number), Some(card)) = (count.reference, self.card.as_mut()) {
                        if card.has_metadata {
                            card.comments_reference.get_or_insert((number, count.value));
                        }
                    }
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
                        upvotes_reference: pending.and_then(|count| count.reference),
                        ..Card::default()
                    });
                }
                let markup = self.markup;
                let card = self.card.as_mut().expect("a card was opened");
                if card.title.is_empty() {
                    if let Some(count) = pending {
                        card.upvotes.get_or_insert(count.value);
                    }
                    // Link text in plain-text exports runs until its target line.
                    card.text_before_target = markup == Markup::TargetLines;
                    set_title(card, line, text);
                } else if card.text_before_target && text.arxiv.is_none() && text.references.is_empty() {
                    card.title_tail.push((text.text, false));
                    // A title wraps over a few lines; more text is an abstract with no link.
                    if card.title_tail.len() > MOST_TITLE_TAIL_LINES {
                        card.settle_title_tail(false);
                    }
                } else if continues_title(card, line, &text) {
                    join_wrapped(&mut card.title, &text.text);
                    card.title_end_line = line;
                    card.title_end_width = text.width;
                } else {
                    card.settle_title_tail(false);
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
        let Some(mut card) = self.card.take() else {
            return;
        };
        card.settle_title_tail(false);
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
                out.skip(
                    card.title_line,
                    &card.title,
                    "nothing says it is a paper (no link to it, no author, upvote, comment or star count)",
                );
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
                    keywords: Vec::new(),
                    organization: None,
                    project_page: None,
                },
            })?;
        }
        Ok(())
    }
}

impl CardRecogniser {
    /// Gives a card what its reference links point at, from the list at the end.
    fn resolve_references(&self, card: &mut Card) {
        let to_discussion = |number: u32| {
            self.references
                .get(&number)
                .and_then(|url| markup::paper_page(url))
                .is_some_and(|(_, community)| community)
        };
        if card.upvotes_reference.is_some_and(to_discussion) {
            card.upvotes = None;
        }
        if let Some((_, count)) = card.comments_reference.filter(|(number, _)| to_discussion(*number)) {
            card.comments.get_or_insert(count);
        }
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

/// True when `text` on `line` is the rest of a card's title that a text browser wrapped
/// (`[9]BioInsight: … Biomedical Knowledge` / `Discovery`): lynx and w3m put a link's number
/// before its text and do not mark where the text ends, so a line straight after a numbered
/// title line goes on with the title when that line was full: the next line's first word would
/// not have fitted on it. The abstract comes after a short title line, a blank line, or under a
/// number of its own.
fn continues_title(card: &Card, line: u64, text: &Text) -> bool {
    /// Text browsers wrap at 76–80 columns; a line that could not take one more word within this
    /// many was wrapped, not ended.
    const FULL_LINE_COLUMNS: usize = 74;
    let first_word = text
        .text
        .split_whitespace()
        .next()
        .map_or(0, |word| word.chars().count());
    card.title_may_wrap
        && card.abstract_text.is_empty()
        && line == card.title_end_line + 1
        && text.references.is_empty()
        && card.title_end_width + 1 + first_word > FULL_LINE_COLUMNS
        && card.title.chars().count() + text.text.chars().count() < LONGEST_TITLE_CHARS
}

fn set_title(card: &mut Card, line: u64, text: Text) {
    // A numbered title (`[9]Title`): the text browser's link, whose text may wrap.
    card.title_may_wrap = text.numbered && text.arxiv.is_none();
    card.title = normalize_space(&text.text);
    card.title_line = line;
    card.title_end_line = line;
    card.title_end_width = text.width;
    card.arxiv = card.arxiv.take().or(text.arxiv);
    card.references.extend(text.references);
}
