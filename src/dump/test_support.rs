//! Helpers shared by the parser's unit and property tests: reshaping text the way the tools
//! that produce dumps do.

/// Greedy hard-wrapping of every line, as `fmt` and Python's textwrap do (words never split);
/// every line break of `text` is kept, a final one too.
///
/// The integration tests hold an identical copy (`wrap_greedy` in `tests/integration/util.rs`):
/// this module is compiled only into the library's own test build (`#[cfg(test)]`), which they
/// cannot link. Keep the two identical.
pub fn wrap_greedy(text: &str, width: usize) -> String {
    let mut out = Vec::new();
    for line in text.split('\n') {
        let mut current = String::new();
        for word in line.split_whitespace() {
            if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
                out.push(std::mem::take(&mut current));
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        out.push(current);
    }
    out.join("\n")
}
