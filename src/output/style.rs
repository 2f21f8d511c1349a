//! Colour, decided once: `--color` first, then `NO_COLOR`, then whether stdout is a terminal.
//! Everything that prints styles text through [`Style`], so no other code asks these questions.

use std::io::IsTerminal;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is not set
    #[default]
    Auto,
    /// Always colour, even into pipes and files
    Always,
    /// Never colour
    Never,
}

/// How human-readable output is decorated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    color: bool,
}

impl Style {
    pub fn detect(choice: ColorChoice) -> Style {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
                !no_color && std::io::stdout().is_terminal()
            }
        };
        Style { color }
    }

    pub fn plain() -> Style {
        Style { color: false }
    }

    pub fn title(&self, text: &str) -> String {
        self.paint("1", text)
    }

    pub fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }

    pub fn highlight(&self, text: &str) -> String {
        self.paint("1;33", text)
    }

    pub fn label(&self, text: &str) -> String {
        self.paint("36", text)
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_paints_without_colour() {
        let style = Style::plain();
        assert_eq!(style.title("x"), "x");
        let color = Style { color: true };
        assert_eq!(color.highlight("x"), "\x1b[1;33mx\x1b[0m");
    }
}
