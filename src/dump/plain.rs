//! Recogniser for the page as a browser copies it to plain text.
//!
//! Layout: a page header (`new`, `Get trending papers in your email inbox!`, `Subscribe`,
//! `Daily Papers`, `byAK and the research community`, the page date), then for each paper a
//! title, an abstract and an optional metadata block (`  • 4 authors`, `·`, a date line with the
//! optional upvote count). The metadata block is the anchor: the text between two anchors holds
//! one paper with metadata, preceded by any papers that had none, as title/abstract paragraph
//! pairs. A header seen again mid-input starts a new page (concatenated dumps).

use super::dates::DateLine;
use super::lines::{Line, LineKind};
use super::paragraphs::{ends_like_a_sentence, split_paragraphs, Paragraph, RunLine, WrapStats};
use super::{Emitter, FoundPaper, ParseError};

/// Titles are short and do not end like a sentence; anything else continues an abstract.
const LONGEST_TITLE_CHARS: usize = 300;

/// Fewest words in the abstract of a paper that has no metadata block. Nothing else anchors such
/// a paper, so only a real abstract's length tells it from navigation, footer and menu lines
/// paired up (`Models` / `Datasets`); abstracts on the feed run to 29 words and more.
const SHORTEST_BARE_ABSTRACT_WORDS: usize = 20;

/// Most text held between two metadata blocks. A real page's papers without metadata add up to a
/// few hundred kilobytes; past this the complete title/abstract pairs are released early (or,
/// when the text has no paragraph breaks at all, the oldest part is dropped), so memory stays
/// bounded however long the input runs without an anchor.
const MOST_HELD_TEXT_BYTES: usize = 4 << 20;

#[derive(Default)]
pub(crate) struct PlainRecogniser {
    /// True between a header line and the first line of the page body.
    in_header: bool,
    /// Text and blank lines since the last anchor (runs of blank lines kept as one).
    run: Vec<Line>,
    /// Bytes of text in `run`.
    run_bytes: usize,
    /// A metadata block under construction.
    metadata: Option<PendingMetadata>,
    stats: WrapStats,
}

#[derive(Debug, Clone, Copy)]
struct PendingMetadata {
    first_line: u64,
    authors: Option<u32>,
}

impl PlainRecogniser {
    pub fn feed(&mut self, line: Line, out: &mut Emitter<'_>) -> Result<(), ParseError> {
        if line.kind == LineKind::HeaderChrome {
            return self.start_page(out);
        }
        if self.in_header {
            match line.kind {
                LineKind::Blank | LineKind::WeakChrome | LineKind::HeaderChrome => return Ok(()),
                // The page's own date closes the header.
                LineKind::Date(DateLine { upvotes: None, .. }) => {
                    self.in_header = false;
                    return Ok(());
                }
                _ => self.in_header = false,
            }
        }
        match line.kind {
            LineKind::Authors(count) => {
                if let Some(pending) = self.metadata.take() {
                    self.close_run(Some(pending), None, out)?;
                }
                self.metadata = Some(PendingMetadata {
                    first_line: line.number,
                    authors: Some(count),
                });
            }
            LineKind::Dot => {
                if self.metadata.is_none() {
                    self.metadata = Some(PendingMetadata {
                        first_line: line.number,
                        authors: None,
                    });
                }
            }
            LineKind::Date(date) if self.metadata.is_some() => {
                let pending = self.metadata.take();
                self.close_run(pending, Some((date, line.number)), out)?;
            }
            LineKind::Blank if self.metadata.is_some() => {}
            LineKind::Blank => {
                if self.run.last().is_some_and(|last| last.kind != LineKind::Blank) {
                    self.run.push(line);
                }
            }
            LineKind::Text | LineKind::WeakChrome | LineKind::Date(_) | LineKind::HeaderChrome => {
                if let Some(pending) = self.metadata.take() {
                    if !line.terminated {
                        // The input ends inside the metadata block: keep what was complete.
                        out.warn(
                            line.number,
                            format!(
                                "input ends inside a metadata block ('{}'); its date is left empty",
                                clip(&line.text)
                            ),
                        )?;
                        return self.close_run(Some(pending), None, out);
                    }
                    out.warn(
                        pending.first_line,
                        "metadata block without a date line; its date is left empty".to_string(),
                    )?;
                    self.close_run(Some(pending), None, out)?;
                }
                self.stats.observe(&line.text);
                self.run_bytes += line.text.len();
                self.run.push(line);
                if self.run_bytes > MOST_HELD_TEXT_BYTES {
                    self.release_held_text(out)?;
                }
            }
        }
        Ok(())
    }

    /// Too much text without an anchor: releases the papers in it that are complete, keeping the
    /// paragraphs after the last blank line that closes a title/abstract pair. Without any such
    /// break the older half of the text is dropped with a warning.
    fn release_held_text(&mut self, out: &mut Emitter<'_>) -> Result<(), ParseError> {
        let mut paragraphs = 0usize;
        let mut in_paragraph = false;
        let mut split = None;
        for (position, line) in self.run.iter().enumerate() {
            if line.kind == LineKind::Blank {
                if in_paragraph {
                    paragraphs += 1;
                    in_paragraph = false;
                    if paragraphs.is_multiple_of(2) {
                        split = Some(position + 1);
                    }
                }
            } else {
                in_paragraph = true;
            }
        }
        let rest = match split {
            Some(split) => {
                let rest = self.run.split_off(split);
                self.close_run(None, None, out)?;
                rest
            }
            None => {
                let mut dropped_bytes = 0;
                let cut = self
                    .run
                    .iter()
                    .position(|line| {
                        dropped_bytes += line.text.len();
                        dropped_bytes > self.run_bytes / 2
                    })
                    .map_or(self.run.len(), |position| position + 1);
                let rest = self.run.split_off(cut);
                let (first, last) = (self.run[0].number, self.run[self.run.len() - 1].number);
                out.warn(
                    first,
                    format!(
                        "lines {first}-{last}: {} of text without paragraph breaks or a paper's metadata; skipped",
                        super::human_bytes(dropped_bytes as u64)
                    ),
                )?;
                self.run.clear();
                rest
            }
        };
        self.run = rest;
        self.run_bytes = self.run.iter().map(|line| line.text.len()).sum();
        Ok(())
    }

    /// The end of the input.
    pub fn finish(&mut self, out: &mut Emitter<'_>) -> Result<(), ParseError> {
        match self.metadata.take() {
            Some(pending) => {
                out.warn(
                    pending.first_line,
                    "input ends inside a metadata block; the last paper's date is left empty".to_string(),
                )?;
                self.close_run(Some(pending), None, out)
            }
            None => self.close_run(None, None, out),
        }
    }

    /// A header line: what came before belongs to the previous page, except the short chrome
    /// lines (`new`, `Subscribe`, `Daily Papers`) that lead into this header.
    fn start_page(&mut self, out: &mut Emitter<'_>) -> Result<(), ParseError> {
        if !self.in_header {
            while let Some(last) = self.run.last() {
                if matches!(last.kind, LineKind::WeakChrome | LineKind::Blank) {
                    self.run.pop();
                } else {
                    break;
                }
            }
            let pending = self.metadata.take();
            self.close_run(pending, None, out)?;
            out.end_segment()?;
        }
        self.in_header = true;
        Ok(())
    }

    /// Turns the collected run of text into papers; the last one gets the metadata block.
    fn close_run(
        &mut self,
        metadata: Option<PendingMetadata>,
        date: Option<(DateLine, u64)>,
        out: &mut Emitter<'_>,
    ) -> Result<(), ParseError> {
        let run = std::mem::take(&mut self.run);
        self.run_bytes = 0;
        let at_end_of_input = metadata.is_none() && run.last().is_some_and(|line| !line.terminated);
        let run_lines: Vec<RunLine<'_>> = run
            .iter()
            .map(|line| RunLine {
                number: line.number,
                text: (line.kind != LineKind::Blank).then_some(line.text.as_str()),
            })
            .collect();
        let paragraphs = split_paragraphs(&run_lines, &self.stats);
        if paragraphs.is_empty() {
            if let Some(pending) = metadata {
                out.warn(
                    pending.first_line,
                    "metadata block with no paper above it; skipped".to_string(),
                )?;
            }
            return Ok(());
        }
        let (mut pairs, leftovers) = pair_up(paragraphs);
        for lone in leftovers {
            let message = if metadata.is_none() && lone.last_line == run.last().map_or(0, |l| l.number) {
                format!(
                    "input ends after a title with no abstract ('{}'); skipped",
                    clip(&lone.text)
                )
            } else {
                format!("text with no abstract ('{}'); skipped", clip(&lone.text))
            };
            out.warn(lone.first_line, message)?;
        }
        if at_end_of_input {
            if let Some((title, abstract_paragraph)) = pairs.last() {
                if !ends_like_a_sentence(&abstract_paragraph.text) {
                    out.warn(
                        title.first_line,
                        format!("the last paper ('{}') is cut off; skipped", clip(&title.text)),
                    )?;
                    pairs.pop();
                }
            }
        }
        let count = pairs.len();
        for (index, (title, abstract_paragraph)) in pairs.into_iter().enumerate() {
            let is_last = index + 1 == count;
            let anchored = is_last && metadata.is_some();
            if !anchored && abstract_paragraph.text.split_whitespace().count() < SHORTEST_BARE_ABSTRACT_WORDS {
                out.skip(
                    title.first_line,
                    &title.text,
                    "no metadata block, and the text after it is too short for an abstract",
                );
                continue;
            }
            out.paper(FoundPaper {
                title: title.text,
                abstract_text: abstract_paragraph.text,
                title_line: title.first_line,
                authors: if is_last {
                    metadata.and_then(|m| m.authors)
                } else {
                    None
                },
                date: if is_last { date } else { None },
                upvotes: super::Upvotes::OnDateLine,
                details: crate::record::Details::default(),
            })?;
        }
        Ok(())
    }
}

/// Pairs paragraphs into (title, abstract). A paragraph that cannot be a title and would
/// otherwise leave an odd one out continues the abstract before it; one too long to be a title
/// where a title should start is the odd one out itself (stray text before a paper).
fn pair_up(paragraphs: Vec<Paragraph>) -> (Vec<(Paragraph, Paragraph)>, Vec<Paragraph>) {
    let mut pairs: Vec<(Paragraph, Paragraph)> = Vec::new();
    let mut leftovers = Vec::new();
    let mut rest = paragraphs.into_iter().peekable();
    let mut remaining = rest.len();
    while let Some(title) = rest.next() {
        remaining -= 1;
        if remaining.is_multiple_of(2) && title.text.chars().count() > LONGEST_TITLE_CHARS {
            leftovers.push(title);
            continue;
        }
        let Some(mut abstract_paragraph) = rest.next() else {
            leftovers.push(title);
            return (pairs, leftovers);
        };
        remaining -= 1;
        while remaining % 2 == 1 {
            match rest.peek() {
                Some(next) if !looks_like_title(&next.text) => {
                    let next = rest.next().expect("peeked");
                    remaining -= 1;
                    abstract_paragraph.text.push(' ');
                    abstract_paragraph.text.push_str(&next.text);
                    abstract_paragraph.last_line = next.last_line;
                }
                _ => break,
            }
        }
        pairs.push((title, abstract_paragraph));
    }
    (pairs, leftovers)
}

fn looks_like_title(text: &str) -> bool {
    text.chars().count() <= LONGEST_TITLE_CHARS
        && !text.ends_with('.')
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || !c.is_alphabetic())
}

/// The start of a long text, for messages.
fn clip(text: &str) -> String {
    const MAX: usize = 60;
    let clean: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    crate::floor::safe_text::clipped(&clean, MAX)
}

#[cfg(test)]
mod tests {
    use super::super::{parse_bytes, ParseOptions};

    const OPTIONS: ParseOptions = ParseOptions {
        year: None,
        current_year: 2026,
        extract: true,
    };

    const DUMP: &str = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\nbyAK and the research community\n\nDec 9\n\n\
First Title\n\nFirst abstract, see https://github.com/a/b.\n\n  \u{2022} 4 authors\n\u{b7}\nMar 2, 2023\n\n\
No Metadata Title\n\nAn abstract without metadata: nothing but its length says it is one, so it runs to \
twenty words or more, as every abstract does.\n\nModels\n\nDatasets\n\n\
Third Title\n\nThird abstract.\n\n  \u{2022} 1 authors\n\u{b7}\nMay 12 2\n";

    #[test]
    fn recognises_papers_with_and_without_metadata() {
        let (papers, warnings) = parse_bytes(DUMP.as_bytes(), "d.txt", OPTIONS).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let titles: Vec<&str> = papers.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(titles, ["First Title", "No Metadata Title", "Third Title"]);
        assert_eq!(papers[0].authors, Some(4));
        assert_eq!(papers[0].date.unwrap().to_string(), "2023-03-02");
        assert_eq!(papers[0].upvotes, Some(0));
        assert_eq!(papers[0].links, ["https://github.com/a/b"]);
        assert_eq!(papers[0].source.line, 13);
        assert_eq!(
            (papers[1].authors, papers[1].date, papers[1].upvotes),
            (None, None, None)
        );
        assert_eq!(papers[2].date.unwrap().to_string(), "2024-05-12");
        assert_eq!(papers[2].upvotes, Some(2));
    }

    #[test]
    fn year_override_applies_to_year_less_dates_only() {
        let options = ParseOptions {
            year: Some(2030),
            ..OPTIONS
        };
        let (papers, warnings) = parse_bytes(DUMP.as_bytes(), "d.txt", options).unwrap();
        assert_eq!(papers[0].date.unwrap().to_string(), "2023-03-02");
        assert_eq!(papers[2].date.unwrap().to_string(), "2030-05-12");
        assert!(
            warnings.is_empty(),
            "a year the user chose is not questioned: {warnings:?}"
        );
    }

    #[test]
    fn concatenated_pages_infer_their_years_separately() {
        let second = DUMP
            .replace("Mar 2, 2023", "Mar 2, 2019")
            .replace("First Title", "Other Title");
        let (papers, _) = parse_bytes(format!("{DUMP}{second}").as_bytes(), "d.txt", OPTIONS).unwrap();
        assert_eq!(papers.len(), 6);
        assert_eq!(papers[2].date.unwrap().to_string(), "2024-05-12");
        assert_eq!(papers[3].title, "Other Title");
        assert_eq!(papers[5].date.unwrap().to_string(), "2020-05-12");
    }

    #[test]
    fn header_only_and_empty_inputs_have_no_papers() {
        for input in [
            "",
            "\n\n",
            "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\nDec 9\n",
        ] {
            let (papers, _) = parse_bytes(input.as_bytes(), "d.txt", OPTIONS).unwrap();
            assert!(papers.is_empty(), "{input:?}");
        }
    }

    #[test]
    fn a_cut_off_last_abstract_is_dropped_with_a_warning() {
        let cut = &DUMP[..DUMP.find("Third abstract").unwrap() + 5];
        let (papers, warnings) = parse_bytes(cut.as_bytes(), "d.txt", OPTIONS).unwrap();
        assert_eq!(papers.len(), 2);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].message.contains("cut off"), "{warnings:?}");
    }
}
