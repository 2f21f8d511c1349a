//! How human output looks, decided once. Colour: `--color` first, then `NO_COLOR`, then whether
//! stdout is a terminal. Width: `COLUMNS` when set (as `ls` and `man` read it), else the
//! terminal's width when stdout is one; into a pipe or file, lines are not wrapped. Everything
//! that prints styles and wraps text through [`Style`], so no other code asks these questions.

use std::io::IsTerminal;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is not set
    #[default]
    Auto,
    /// Always colour, even into pipes and files
    Always,
    /// Never colour
    Never,
}

/// Narrowest width text is wrapped to, however narrow the terminal says it is.
const NARROWEST: usize = 20;

/// How human-readable output is decorated and how wide its lines may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    color: bool,
    /// Columns to wrap to; `None`: do not wrap.
    width: Option<usize>,
}

impl Style {
    pub fn detect(choice: ColorChoice) -> Style {
        let terminal = std::io::stdout().is_terminal();
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
                !no_color && terminal
            }
        };
        let columns = std::env::var("COLUMNS")
            .ok()
            .and_then(|value| value.trim().parse::<usize>().ok())
            .filter(|&n| n > 0);
        let width = columns.or_else(|| {
            terminal
                .then(terminal_size::terminal_size)
                .flatten()
                .map(|(terminal_size::Width(w), _)| usize::from(w))
        });
        Style { color, width }
    }

    pub fn plain() -> Style {
        Style {
            color: false,
            width: None,
        }
    }

    /// This style, wrapping to `width` columns.
    pub fn with_width(self, width: Option<usize>) -> Style {
        Style { width, ..self }
    }

    pub fn title(&self, text: &str) -> String {
        self.paint(anstyle::Style::new().bold(), text)
    }

    pub fn dim(&self, text: &str) -> String {
        self.paint(anstyle::Style::new().dimmed(), text)
    }

    pub fn highlight(&self, text: &str) -> String {
        self.paint(
            anstyle::Style::new()
                .bold()
                .fg_color(Some(anstyle::AnsiColor::Yellow.into())),
            text,
        )
    }

    pub fn label(&self, text: &str) -> String {
        self.paint(
            anstyle::Style::new().fg_color(Some(anstyle::AnsiColor::Cyan.into())),
            text,
        )
    }

    fn paint(&self, style: anstyle::Style, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }

    /// `text` as lines no wider than the output, broken only between words (a word wider than a
    /// line, such as a long address, keeps a line of its own, whole, so it can still be copied),
    /// the first starting with `first`, the rest with `rest`; one line when not wrapping. Colour
    /// sequences in `text` take no columns.
    pub fn wrap(&self, text: &str, first: &str, rest: &str) -> String {
        let Some(width) = self.width else {
            return format!("{first}{text}");
        };
        let options = textwrap::Options::new(width.max(NARROWEST))
            .initial_indent(first)
            .subsequent_indent(rest)
            .break_words(false)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        textwrap::wrap(text, options).join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_paints_without_colour() {
        let style = Style::plain();
        assert_eq!(style.title("x"), "x");
        let color = Style {
            color: true,
            width: None,
        };
        assert_eq!(color.highlight("x"), "\x1b[1m\x1b[33mx\x1b[0m");
    }

    #[test]
    fn wraps_between_words_with_hanging_indents_and_ignores_colour() {
        let style = Style::plain().with_width(Some(24));
        assert_eq!(
            style.wrap("contrastive pretraining of vision encoders", " 1. ", "    "),
            " 1. contrastive\n    pretraining of\n    vision encoders"
        );
        let coloured = Style {
            color: true,
            width: Some(24),
        };
        let text = format!("{} pretraining of vision encoders", coloured.highlight("contrastive"));
        let lines: Vec<String> = coloured.wrap(&text, "", "").lines().map(String::from).collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(Style::plain().wrap("a b", "> ", "  "), "> a b");
        // A word wider than the line keeps a line of its own, whole.
        let long = format!("see {} now", "x".repeat(30));
        let narrow = Style::plain().with_width(Some(20)).wrap(&long, "", "");
        assert_eq!(narrow, format!("see\n{}\nnow", "x".repeat(30)));
    }
}
