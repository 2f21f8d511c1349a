//! Scraped text made safe for a terminal.
//!
//! Dumps come from web pages and scrapers; a title may carry escape sequences or bidirectional
//! overrides that would recolour, move the cursor or reorder what the user sees. Human output
//! and every CSV cell pass through [`for_terminal`]; JSON output escapes the same characters as
//! `\uXXXX` instead (see [`super::json`]), so JSON keeps the exact text.

/// Replaces control characters (C0, DEL, C1, including ESC) and bidirectional formatting
/// characters with U+FFFD, and tabs and line breaks with a space.
pub fn for_terminal(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => ' ',
            c if c.is_control() || is_bidi_control(c) => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// The first `max` characters of `text`, with `…` when it is longer: the start of a long text
/// (a title, a note) quoted in a message.
pub fn clipped(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// The bidirectional formatting characters: marks, embeddings, overrides and isolates.
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_escapes_and_overrides() {
        assert_eq!(for_terminal("a\x1b[31mred\x07"), "a\u{fffd}[31mred\u{fffd}");
        assert_eq!(for_terminal("x\u{202e}y\u{9b}"), "x\u{fffd}y\u{fffd}");
        assert_eq!(for_terminal("tab\there"), "tab here");
        assert_eq!(for_terminal("Ünïcödé – ok"), "Ünïcödé – ok");
    }

    #[test]
    fn clipping_counts_characters_not_bytes() {
        assert_eq!(clipped("Ünïcödé", 7), "Ünïcödé");
        assert_eq!(clipped("Ünïcödé", 3), "Ünï…");
        assert_eq!(clipped("", 0), "");
    }
}
