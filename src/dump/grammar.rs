//! The words and marks of the Daily Papers page, and of the tools that save it, in one place:
//! every recogniser and the format detection read the page's grammar from here, so a rule (what
//! an author count looks like, which lines are the page's own furniture) is written once.

use std::sync::LazyLock;

use regex::Regex;

/// `4 authors`, alone on its line, possibly after a bullet (`• 4 authors`, `* 4 authors`).
pub(crate) static AUTHORS_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[•·*\-]?\s*(\d{1,6})\s+authors?\s*$").expect("valid authors pattern"));
/// `3 authors May 29`: an author count with the rest of a metadata line after it.
pub(crate) static AUTHORS_THEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[•·*\-]?\s*(\d{1,6})\s+authors?\s+(\S.*)$").expect("valid authors pattern"));
/// An author count anywhere in a line (a link's text, a metadata line).
pub(crate) static AUTHOR_COUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d{1,6}\s+authors?\b").expect("valid authors pattern"));

/// The author count of a line that is only one.
pub(crate) fn author_count(line: &str) -> Option<u32> {
    AUTHORS_LINE.captures(line).and_then(|found| found[1].parse().ok())
}

/// One entry of the list of link targets: `36. https://…` (lynx), `[36] https://…` (w3m) or
/// `[36]: https://…` (Markdown reference definitions, as html2text writes them).
pub(crate) static REFERENCE_ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:(\d{1,6})\.|\[(\d{1,6})\]:?)\s+(\S+)\s*$").expect("valid reference entry pattern")
});

/// An upvote button as plain-text exporters print it: `[-] 12`, or `[-] -` for none yet.
pub(crate) static UPVOTE_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[\s*-\s*\]\s*(\S+)$").expect("valid upvote marker pattern"));

/// The page's header lines, which appear nowhere else (compared in lower case).
pub(crate) const HEADER_PHRASES: &[&str] = &[
    "get trending papers in your email inbox!",
    "get trending papers in your email inbox once a day!",
    "byak and the research community",
    "by ak and the research community",
];

/// Short lines of the page's furniture that may also be a paper's word (compared in lower case).
pub(crate) const WEAK_CHROME: &[&str] = &["new", "subscribe", "daily papers"];

/// Lines that are site navigation, page furniture or a clipper's front matter, compared in lower
/// case with the line's link syntax removed.
pub(crate) const CHROME: &[&str] = &[
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
pub(crate) const CHROME_PREFIXES: &[&str] = &[
    "title:",
    "url source:",
    "published time:",
    "markdown content:",
    "warning:",
];

/// True for a line (in lower case) that is the page's or a tool's furniture, never a paper's.
pub(crate) fn is_chrome(lower: &str) -> bool {
    CHROME.contains(&lower)
        || HEADER_PHRASES.contains(&lower)
        || CHROME_PREFIXES.iter().any(|prefix| lower.starts_with(prefix))
        || lower.ends_with("and the research community")
}
