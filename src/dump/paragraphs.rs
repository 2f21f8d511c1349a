//! Turning runs of text lines back into the paragraphs (titles, abstracts) they were.
//!
//! Dumps arrive hard-wrapped (terminal browsers, `fold`, `fmt`) and sometimes without the blank
//! lines that separate blocks. Where blank lines exist they are the only paragraph breaks and every
//! other line break is a wrap. Where they were stripped, a break is told from a wrap the way a
//! greedy line-wrapper decides: a line was wrapped only if the next line's first word would not
//! have fitted on it. That needs the wrap width, estimated from the line lengths seen so far.

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
        exact > near
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

/// Splits a run of text lines into paragraphs.
pub fn split_paragraphs(run: &[RunLine<'_>], stats: &WrapStats) -> Vec<Paragraph> {
    let width = stats.wrap_width();
    let cuts_inside_words = width.is_some_and(|width| stats.cuts_inside_words(width));
    let separated_by_blank_lines = run.iter().any(|line| line.text.is_none());
    let mut paragraphs = Vec::new();
    let mut current: Option<(Paragraph, &str)> = None;
    for line in run {
        let Some(text) = line.text else {
            if let Some((paragraph, _)) = current.take() {
                paragraphs.push(finish(paragraph));
            }
            continue;
        };
        match current.as_mut() {
            Some((paragraph, previous)) => {
                let wrapped = separated_by_blank_lines || width.is_some_and(|width| is_wrap(previous, text, width));
                if wrapped {
                    join_wrapped(&mut paragraph.text, previous, text, width, cuts_inside_words);
                    paragraph.last_line = line.number;
                    *previous = text;
                } else {
                    let (done, _) = current.take().expect("current paragraph exists");
                    paragraphs.push(finish(done));
                    current = Some((start(line.number, text), text));
                }
            }
            None => current = Some((start(line.number, text), text)),
        }
    }
    if let Some((paragraph, _)) = current {
        paragraphs.push(finish(paragraph));
    }
    paragraphs
}

/// Where to split one paragraph that must hold a title and an abstract but showed no break:
/// the line end with the most room left, among the first few lines (titles are short).
pub fn best_title_break(lines: &[&str], stats: &WrapStats) -> Option<usize> {
    let width = stats.wrap_width().unwrap_or(usize::MAX / 2);
    (1..lines.len().min(5)).max_by_key(|&i| {
        let room = width as i64 - char_len(lines[i - 1]) as i64 - 1 - first_word_len(lines[i]) as i64;
        (room, -(i as i64))
    })
}

fn start(number: u64, text: &str) -> Paragraph {
    Paragraph {
        first_line: number,
        last_line: number,
        text: text.to_string(),
    }
}

fn finish(mut paragraph: Paragraph) -> Paragraph {
    paragraph.text = normalize_space(&paragraph.text);
    paragraph
}

/// Collapses runs of white space to one space and trims the ends.
pub fn normalize_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn first_word_len(text: &str) -> usize {
    text.split_whitespace().next().map_or(0, char_len)
}

/// True when the break between `previous` and `next` is a wrap: `next`'s first word would not
/// have fitted on `previous`.
fn is_wrap(previous: &str, next: &str, width: usize) -> bool {
    let used = char_len(previous);
    used >= width || used + 1 + first_word_len(next) > width
}

/// Appends a wrapped continuation line, undoing the wrap: a space where the wrapper broke at a
/// space, nothing where it cut inside a word or after a word-joining hyphen.
fn join_wrapped(text: &mut String, previous: &str, next: &str, width: Option<usize>, cuts_inside_words: bool) {
    let broke_at_space = previous.ends_with(char::is_whitespace) || next.starts_with(char::is_whitespace);
    let cut_inside_word = cuts_inside_words && width.is_some_and(|width| char_len(previous) >= width);
    let after_hyphen = {
        let mut tail = previous.chars().rev();
        tail.next() == Some('-') && tail.next().is_some_and(char::is_alphanumeric)
    } && next.starts_with(char::is_alphanumeric);
    if !(broke_at_space || cut_inside_word || after_hyphen) {
        text.push(' ');
    }
    text.push_str(next);
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let text = "Self-supervised pretraining of visual features at scale with clustering and multi-crop augmentation works.";
        let chars: Vec<char> = text.chars().collect();
        let lines: Vec<String> = chars.chunks(30).map(|c| c.iter().collect()).collect();
        let borrowed: Vec<&str> = lines.iter().map(String::as_str).collect();
        let mut with_blank = borrowed.clone();
        with_blank.push("");
        let got = split_paragraphs(&run(&with_blank), &stats(&borrowed));
        assert_eq!(texts(&got), [text]);
    }

    #[test]
    fn hyphens_at_a_wrap_join_the_word() {
        let lines = ["state-of-the-", "art results", ""];
        let got = split_paragraphs(&run(&lines), &stats(&lines));
        assert_eq!(texts(&got), ["state-of-the-art results"]);
    }

    #[test]
    fn best_title_break_prefers_the_line_with_room_left() {
        let lines = [
            "Scaling Laws for",
            "Everything",
            "We study how loss scales with compute and data across",
            "many model families.",
        ];
        let stats = stats(&lines);
        assert_eq!(best_title_break(&lines, &stats), Some(2));
    }

    /// Greedy wrapping, as textwrap and `fmt` do it.
    fn wrap(text: &str, width: usize) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            if !line.is_empty() && line.len() + 1 + word.len() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
        lines
    }
}
