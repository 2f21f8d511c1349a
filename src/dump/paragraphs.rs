//! Turning runs of text lines back into the paragraphs (titles, abstracts) they were.
//!
//! Dumps arrive hard-wrapped (terminal browsers, `fold`, `fmt`) and sometimes without the blank
//! lines that separate blocks. Where blank lines exist they are the only paragraph breaks and every
//! other line break is a wrap.
//!
//! Where they were stripped, each line is labelled title or abstract by a small Viterbi search
//! over the run (paper after paper: title lines, then abstract lines). The evidence weighed:
//! whether a break is a wrap, judged the way a greedy line-wrapper decides (a line was wrapped only
//! if the next line's first word would not have fitted on it, given the wrap width estimated from
//! the line lengths seen so far); that titles are capitalised word by word and abstracts are not;
//! that an abstract ends like a sentence and what follows a break starts with a capital.

/// What the parser has learnt about line lengths in the input so far.
#[derive(Debug, Clone, Default)]
pub struct WrapStats {
    /// Number of text lines of each length (in characters); the last bucket collects longer ones.
    by_length: Vec<u64>,
    longest: usize,
}

const LENGTH_BUCKETS: usize = 4096;
/// Lines this much shorter than the widest still count as "full" wrapped lines.
const FULL_LINE_SLACK: usize = 16;
/// Full-width lines needed before believing text was cut inside words: with fewer, greedy
/// wrapping (far more common) is assumed.
const MIN_FOLD_EVIDENCE: u64 = 8;
/// Lines shorter than this say nothing about wrapping (headers, short titles, metadata).
const MEANINGFUL_LENGTH: usize = 24;

impl WrapStats {
    pub fn observe(&mut self, line: &str) {
        if self.by_length.is_empty() {
            self.by_length = vec![0; LENGTH_BUCKETS + 1];
        }
        let length = char_len(line);
        self.by_length[length.min(LENGTH_BUCKETS)] += 1;
        self.longest = self.longest.max(length);
    }

    /// The width text was wrapped at, or `None` when the text looks unwrapped.
    ///
    /// Wrapped text has many lines close to the widest one; unwrapped paragraphs have lengths
    /// spread all over, with only the longest abstract at the maximum.
    pub fn wrap_width(&self) -> Option<usize> {
        if self.longest < MEANINGFUL_LENGTH || self.longest >= LENGTH_BUCKETS {
            return None;
        }
        let meaningful: u64 = self.by_length[MEANINGFUL_LENGTH..].iter().sum();
        let full: u64 = self.by_length[self.longest.saturating_sub(FULL_LINE_SLACK)..=self.longest]
            .iter()
            .sum();
        (full >= 3 && full * 10 >= meaningful * 4).then_some(self.longest)
    }

    /// True when full lines are cut at exactly the width (as `fold` does, even inside words)
    /// rather than at the last space that fits.
    fn cuts_inside_words(&self, width: usize) -> bool {
        let exact = self.by_length[width];
        let near: u64 = self.by_length[width.saturating_sub(FULL_LINE_SLACK)..width]
            .iter()
            .sum();
        exact >= MIN_FOLD_EVIDENCE && exact > 2 * near
    }
}

fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// A run of input lines with a paragraph in them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Line number of its first line.
    pub first_line: u64,
    /// Line number of its last line.
    pub last_line: u64,
    /// The lines joined back into one, with white space normalised.
    pub text: String,
}

/// One line of a run of text between metadata blocks: `None` text for a blank line.
pub struct RunLine<'a> {
    pub number: u64,
    pub text: Option<&'a str>,
}

/// Splits a run of text lines into paragraphs. With blank lines in the run, they are the breaks;
/// without, the lines are labelled as alternating titles and abstracts (see the module docs).
pub fn split_paragraphs(run: &[RunLine<'_>], stats: &WrapStats) -> Vec<Paragraph> {
    let width = stats.wrap_width();
    let joiner = Joiner {
        width,
        cuts_inside_words: width.is_some_and(|width| stats.cuts_inside_words(width)),
    };
    if run.iter().any(|line| line.text.is_none()) {
        let mut paragraphs = Vec::new();
        for group in run.split(|line| line.text.is_none()).filter(|group| !group.is_empty()) {
            paragraphs.push(joiner.paragraph(group));
        }
        return paragraphs;
    }
    let labels = label_titles_and_abstracts(run, width, joiner.cuts_inside_words);
    let mut paragraphs = Vec::new();
    let mut start = 0;
    for index in 1..=run.len() {
        if index == run.len() || starts_paragraph(labels[index - 1], labels[index]) {
            paragraphs.push(joiner.paragraph(&run[start..index]));
            start = index;
        }
    }
    paragraphs
}

/// Joins wrapped lines back into one text.
struct Joiner {
    width: Option<usize>,
    cuts_inside_words: bool,
}

impl Joiner {
    fn paragraph(&self, lines: &[RunLine<'_>]) -> Paragraph {
        let mut text = String::new();
        let mut previous: Option<&str> = None;
        for line in lines {
            let current = line.text.unwrap_or_default();
            match previous {
                Some(previous) => self.join(&mut text, previous, current),
                None => text.push_str(current),
            }
            previous = Some(current);
        }
        Paragraph {
            first_line: lines.first().map_or(0, |line| line.number),
            last_line: lines.last().map_or(0, |line| line.number),
            text: normalize_space(&text),
        }
    }

    /// Appends a wrapped continuation line, undoing the wrap: a space where the wrapper broke at
    /// a space, nothing where it cut inside a word or after a word-joining hyphen.
    fn join(&self, text: &mut String, previous: &str, next: &str) {
        let broke_at_space = previous.ends_with(char::is_whitespace) || next.starts_with(char::is_whitespace);
        let full_line = self.width.is_some_and(|width| char_len(previous) >= width);
        let cut_inside_word = full_line && (self.cuts_inside_words || self.chopped_long_word(previous, next));
        let next_word = next.split_whitespace().next().unwrap_or_default();
        // "low-" + "and high-quality" is a suspended hyphen, not a word broken at its hyphen.
        let after_hyphen = previous.ends_with('-')
            && previous.trim_end_matches('-').ends_with(char::is_alphanumeric)
            && next.starts_with(char::is_alphanumeric)
            && !SUSPENDED_HYPHEN_FOLLOWERS.contains(&next_word);
        if !(broke_at_space || cut_inside_word || after_hyphen) {
            text.push(' ');
        }
        text.push_str(next);
    }
}

impl Joiner {
    /// True when a word too long for any line (a URL, say) was chopped at the width.
    fn chopped_long_word(&self, previous: &str, next: &str) -> bool {
        let last = previous.split_whitespace().next_back().map_or(0, char_len);
        self.width.is_some_and(|width| last + first_word_len(next) > width)
    }
}

/// Words that follow a suspended hyphen ("pre- and post-training").
const SUSPENDED_HYPHEN_FOLLOWERS: &[&str] = &["and", "or", "nor", "to", "vs", "vs.", "versus", "as"];

/// What a line is, in a run without blank lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    /// The n-th line of a title (1-based).
    Title(u8),
    Abstract,
}

/// Titles longer than this many lines are not believed.
const MAX_TITLE_LINES: u8 = 4;

fn starts_paragraph(previous: Label, current: Label) -> bool {
    matches!(
        (previous, current),
        (Label::Title(_), Label::Abstract) | (Label::Abstract, Label::Title(_))
    )
}

/// The most likely labelling of the run as title, abstract, title, abstract, ...
fn label_titles_and_abstracts(run: &[RunLine<'_>], width: Option<usize>, cuts_inside_words: bool) -> Vec<Label> {
    let texts: Vec<&str> = run.iter().map(|line| line.text.unwrap_or_default()).collect();
    if texts.len() < 2 {
        return vec![Label::Title(1); texts.len()];
    }
    let states: Vec<Label> = (1..=MAX_TITLE_LINES)
        .map(Label::Title)
        .chain(std::iter::once(Label::Abstract))
        .collect();
    let state_index = |label: Label| match label {
        Label::Title(n) => usize::from(n - 1),
        Label::Abstract => usize::from(MAX_TITLE_LINES),
    };
    let impossible = f32::NEG_INFINITY;
    let mut score = vec![impossible; states.len()];
    score[state_index(Label::Title(1))] = title_likeness(texts[0]);
    let mut back: Vec<Vec<usize>> = Vec::with_capacity(texts.len());
    back.push(vec![0; states.len()]);
    for i in 1..texts.len() {
        let (previous, current) = (texts[i - 1], texts[i]);
        let break_evidence = break_evidence(previous, current, width, cuts_inside_words);
        let capital_next = starts_with_capital(current);
        let sentence_ended = ends_like_a_sentence(previous);
        let title_here = title_likeness(current);
        let mut next_score = vec![impossible; states.len()];
        let mut next_back = vec![0; states.len()];
        for (from_index, from) in states.iter().enumerate() {
            if score[from_index] == impossible {
                continue;
            }
            let mut consider = |to: Label, gain: f32| {
                let to_index = state_index(to);
                let total = score[from_index] + gain;
                if total > next_score[to_index] {
                    next_score[to_index] = total;
                    next_back[to_index] = from_index;
                }
            };
            match *from {
                Label::Title(n) => {
                    if n < MAX_TITLE_LINES {
                        consider(Label::Title(n + 1), -break_evidence + title_here);
                    }
                    consider(Label::Abstract, break_evidence + if capital_next { 0.0 } else { -2.0 });
                }
                Label::Abstract => {
                    consider(Label::Abstract, -break_evidence);
                    let mut gain = break_evidence + title_here - NEW_PAPER_COST;
                    if !sentence_ended {
                        gain -= 2.0;
                    }
                    if !capital_next {
                        gain -= 2.0;
                    }
                    consider(Label::Title(1), gain);
                }
            }
        }
        score = next_score;
        back.push(next_back);
    }
    // The run must end inside an abstract; if it cannot, it ends in a title (reported upstream).
    let abstract_index = state_index(Label::Abstract);
    let mut state = if score[abstract_index] > impossible {
        abstract_index
    } else {
        (0..states.len())
            .max_by(|&a, &b| score[a].total_cmp(&score[b]))
            .unwrap_or(0)
    };
    let mut labels = vec![Label::Abstract; texts.len()];
    for i in (0..texts.len()).rev() {
        labels[i] = states[state];
        state = back[i][state];
    }
    labels
}

/// A run usually holds one paper; another one must be earned by the evidence.
const NEW_PAPER_COST: f32 = 1.0;

/// Positive when the break between two lines looks like a paragraph break, negative when it
/// looks like a wrap.
fn break_evidence(previous: &str, next: &str, width: Option<usize>, cuts_inside_words: bool) -> f32 {
    let Some(width) = width else {
        // Unwrapped text: every line is a paragraph of its own.
        return 3.0;
    };
    let used = char_len(previous.trim_end()) + usize::from(previous.ends_with(char::is_whitespace));
    if used >= width && cuts_inside_words {
        // `fold` cuts every full line, whatever comes next.
        return -3.0;
    }
    if used + 1 + first_word_len(next) > width {
        -1.5
    } else {
        1.5
    }
}

/// From +1.5 for a line in Title Case to -1.5 for a line of ordinary prose.
fn title_likeness(text: &str) -> f32 {
    let mut words = 0u32;
    let mut capitalised = 0u32;
    for word in text.split_whitespace() {
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() < 4 {
            continue;
        }
        words += 1;
        if letters[0].is_uppercase() {
            capitalised += 1;
        }
    }
    let mut likeness = if words == 0 {
        0.0
    } else {
        3.0 * (capitalised as f32 / words as f32 - 0.5)
    };
    if text.trim_end().ends_with('.') {
        likeness -= 1.0;
    }
    likeness
}

fn starts_with_capital(text: &str) -> bool {
    text.trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || !c.is_alphabetic())
}

/// True when the text ends the way the last sentence of an abstract does.
pub fn ends_like_a_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['.', '!', '?', ')', '"', '\u{201d}', ']', '/'])
}

/// Appends a line that continues `text` after a wrap whose width is unknown: a space, or nothing
/// after a hyphen that joins a word broken at it (`large-` + `scale`).
pub fn join_wrapped(text: &mut String, next: &str) {
    let next = next.trim();
    if next.is_empty() {
        return;
    }
    let previous = text.trim_end();
    let next_word = next.split_whitespace().next().unwrap_or_default();
    let after_hyphen = previous.ends_with('-')
        && previous.trim_end_matches('-').ends_with(char::is_alphanumeric)
        && next.starts_with(char::is_alphanumeric)
        && !SUSPENDED_HYPHEN_FOLLOWERS.contains(&next_word);
    text.truncate(previous.len());
    if !after_hyphen && !text.is_empty() {
        text.push(' ');
    }
    text.push_str(next);
}

/// Collapses runs of white space to one space and trims the ends.
pub fn normalize_space(text: &str) -> String {
    if is_normalized(text) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// True when `text` already has single spaces only, and none at its ends: most lines do, and
/// telling so byte by byte is much cheaper than splitting into words. A byte that may start a
/// non-ASCII white space character has its character read: most are dashes and quotes ("—",
/// "’"), and sending every abstract with one the slow way was a twentieth of parsing.
fn is_normalized(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut previous_space = false;
    for (at, &byte) in bytes.iter().enumerate() {
        match byte {
            b' ' if previous_space => return false,
            b' ' => previous_space = true,
            b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => return false,
            // Lead bytes of the non-ASCII white space characters (U+0085, U+00A0, U+1680,
            // U+2000–U+205F, U+3000): always a character's start in valid UTF-8.
            0xc2 | 0xe1 | 0xe2 | 0xe3 => {
                if text[at..].chars().next().is_some_and(char::is_whitespace) {
                    return false;
                }
                previous_space = false;
            }
            _ => previous_space = false,
        }
    }
    true
}

fn first_word_len(text: &str) -> usize {
    text.split_whitespace().next().map_or(0, char_len)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Greedy wrapping of one paragraph, as textwrap and `fmt` do it.
    fn wrap(text: &str, width: usize) -> Vec<String> {
        super::super::test_support::wrap_greedy(text, width)
            .lines()
            .map(String::from)
            .collect()
    }

    fn run<'a>(lines: &[&'a str]) -> Vec<RunLine<'a>> {
        lines
            .iter()
            .enumerate()
            .map(|(i, text)| RunLine {
                number: i as u64 + 1,
                text: (!text.is_empty()).then_some(*text),
            })
            .collect()
    }

    fn stats(lines: &[&str]) -> WrapStats {
        let mut stats = WrapStats::default();
        lines.iter().for_each(|line| stats.observe(line));
        stats
    }

    fn texts(paragraphs: &[Paragraph]) -> Vec<&str> {
        paragraphs.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn normalizing_space_takes_a_shortcut_only_when_nothing_would_change() {
        for text in [
            "plain words here",
            " leading",
            "trailing ",
            "two  spaces",
            "tab\there",
            "line\nbreak",
            "no\u{a0}break space",
            "thin\u{2009}space",
            "ideographic\u{3000}space",
            "caf\u{e9} \u{2014} ok",
            "",
        ] {
            let slow: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(normalize_space(text), slow, "{text:?}");
        }
        assert!(is_normalized("plain words here"));
        assert!(is_normalized("dashes \u{2014} and \u{2019}quotes\u{2019} stay"));
        assert!(!is_normalized("no\u{a0}break"));
        assert!(!is_normalized("thin\u{2009}space"));
        assert!(!is_normalized("next\u{85}line"));
    }

    #[test]
    fn blank_lines_are_the_only_breaks_when_present() {
        let lines = ["A title that", "wraps", "", "An abstract", "over lines.", ""];
        let got = split_paragraphs(&run(&lines), &stats(&lines));
        assert_eq!(texts(&got), ["A title that wraps", "An abstract over lines."]);
        assert_eq!((got[1].first_line, got[1].last_line), (4, 5));
    }

    #[test]
    fn unwrapped_lines_without_blank_lines_are_paragraphs_each() {
        let lines = [
            "A short title",
            "An abstract that is quite a bit longer than the title but is still written on one line.",
            "Another title",
            "Another abstract of a length that differs a lot from the first abstract, as real ones do, and ends here.",
        ];
        let got = split_paragraphs(&run(&lines), &stats(&lines));
        assert_eq!(got.len(), 4);
    }

    #[test]
    fn wrapped_lines_without_blank_lines_split_where_the_next_word_would_have_fitted() {
        let title = "Masked Autoencoders Are Scalable Vision Learners";
        let abstract_text = "This paper shows that masked autoencoders (MAE) are scalable self-supervised learners for computer vision. Our MAE approach is simple: we mask random patches of the input image and reconstruct the missing pixels.";
        let mut lines = wrap(title, 40);
        lines.extend(wrap(abstract_text, 40));
        let borrowed: Vec<&str> = lines.iter().map(String::as_str).collect();
        let got = split_paragraphs(&run(&borrowed), &stats(&borrowed));
        assert_eq!(texts(&got), [title, abstract_text]);
    }

    #[test]
    fn fold_style_cuts_inside_words_are_rejoined_without_a_space() {
        let text = "Self-supervised pretraining of visual features at scale with clustering and multi-crop augmentation works. \
                    We compare the learned features with supervised ones on many downstream tasks and find that they transfer \
                    better, in particular when the pretraining data is large and diverse, which we show across nine benchmarks.";
        let chars: Vec<char> = text.chars().collect();
        let lines: Vec<String> = chars.chunks(30).map(|c| c.iter().collect()).collect();
        let borrowed: Vec<&str> = lines.iter().map(String::as_str).collect();
        let mut with_blank = borrowed.clone();
        with_blank.push("");
        let got = split_paragraphs(&run(&with_blank), &stats(&borrowed));
        assert_eq!(texts(&got), [text]);
    }

    #[test]
    fn hyphens_at_a_wrap_join_the_word_unless_suspended() {
        let lines = ["state-of-the-", "art results", ""];
        let got = split_paragraphs(&run(&lines), &stats(&lines));
        assert_eq!(texts(&got), ["state-of-the-art results"]);
        let lines = ["both low-", "and high-quality data", ""];
        let got = split_paragraphs(&run(&lines), &stats(&lines));
        assert_eq!(texts(&got), ["both low- and high-quality data"]);
    }

    #[test]
    fn a_long_word_chopped_at_the_width_is_rejoined() {
        let url = "https://github.com/SomeoneWithALongName/AndARepositoryWithALongName.github.io";
        let text = format!("Code and data are available at the project page {url} for everyone to use freely.");
        let lines = textwrap_like(&text, 40);
        let mut borrowed: Vec<&str> = lines.iter().map(String::as_str).collect();
        let stats = stats(&borrowed);
        borrowed.push("");
        let got = split_paragraphs(&run(&borrowed), &stats);
        assert_eq!(texts(&got), [text.as_str()]);
    }

    /// Greedy wrapping that chops words longer than the width to fill the line, as Python's
    /// textwrap does.
    fn textwrap_like(text: &str, width: usize) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let mut word = word.to_string();
            if !line.is_empty() && line.len() + 1 + word.len() > width {
                if word.len() > width {
                    line.push(' ');
                    let room = width - line.len();
                    line.push_str(&word[..room]);
                    word = word[room..].to_string();
                }
                lines.push(std::mem::take(&mut line));
            }
            while word.len() > width {
                lines.push(word[..width].to_string());
                word = word[width..].to_string();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        lines.push(line);
        lines
    }

    #[test]
    fn a_title_that_fills_its_line_still_ends_where_the_prose_begins() {
        let title = "Leaving Reality to Imagination: Robust Classification via Generated Datasets";
        let abstract_text = "Recent research on robustness has revealed significant performance gaps between neural image classifiers trained on datasets that are similar to the test set, and those that are from a naturally shifted distribution.";
        let mut lines = wrap(title, 78);
        lines.extend(wrap(abstract_text, 78));
        lines.extend(wrap("Another filler paragraph of prose to make the width obvious, as a real dump would have many of these lines around.", 78));
        let borrowed: Vec<&str> = lines.iter().map(String::as_str).collect();
        let got = split_paragraphs(&run(&borrowed[..borrowed.len() - 2]), &stats(&borrowed));
        assert_eq!(texts(&got), [title, abstract_text]);
    }

    #[test]
    fn two_papers_in_one_run_are_told_apart() {
        let lines = [
            "Energy-Based Transformers are Scalable Learners and Thinkers",
            "Inference-time computation techniques have recently become popular for improving model",
            "performances and we study them at scale.",
            "Image Labels Are All You Need for Coarse Seagrass Segmentation",
            "Seagrass meadows serve as critical carbon sinks, but accurately estimating the amount",
            "of carbon they store requires knowledge of the seagrass species present.",
        ];
        let got = split_paragraphs(&run(&lines), &stats(&lines));
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(got[2].text, lines[3]);
        assert_eq!(got[3].first_line, 5);
    }
}
