//! URLs mentioned in an abstract.
//!
//! Abstracts end their sentences right after a link ("code at https://github.com/x/BECLR)."), so
//! a URL found in running text is trimmed of trailing sentence punctuation and of closing brackets
//! that have no opening partner inside the URL; balanced brackets (Wikipedia-style paths) stay.

use std::sync::LazyLock;

use regex::Regex;

/// A URL in running text; it ends at white space, quotes, angle brackets, and at any control or
/// invisible formatting character (an escape sequence or a bidi override is never part of a link).
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\bhttps?://[^\s<>"'`\u{201c}\u{201d}\u{2018}\u{2019}\p{Cc}\p{Cf}]+"#).expect("valid URL pattern")
});

/// Hosts whose links count as code (`--has-code`).
const CODE_HOSTS: &[&str] = &[
    "github.com",
    "gitlab.com",
    "bitbucket.org",
    "huggingface.co",
    "codeberg.org",
];

/// Every distinct URL in `text`, in order of first appearance, trimmed as described above.
pub fn find_links(text: &str) -> Vec<String> {
    let mut links: Vec<String> = Vec::new();
    for found in URL.find_iter(text) {
        let url = trim_url(found.as_str());
        if url_has_host(url) && !links.iter().any(|seen| seen == url) {
            links.push(url.to_string());
        }
    }
    links
}

/// True when `url` is a web address papers can hand on: `http` or `https`, a host with a dot,
/// and no character that would end the link early or mean something else where it is printed
/// (spaces, quotes, angle brackets, backticks, controls). `javascript:`, `data:` and other
/// schemes are refused: a record's links are printed in digests and opened in browsers.
pub fn is_web_url(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once("://") else {
        return false;
    };
    let web_scheme = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
    let clean = url.chars().all(|c| {
        !c.is_whitespace()
            && !c.is_control()
            && !is_invisible_format(c)
            && !matches!(c, '<' | '>' | '"' | '\'' | '`' | '\\')
    });
    web_scheme && clean && !rest.is_empty() && url_has_host(url)
}

/// Invisible formatting characters (Unicode's Cf: bidi marks, overrides and isolates, zero-width
/// joiners, the byte-order mark): in a link they can only hide where it goes.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{600}'..='\u{605}' | '\u{61c}' | '\u{6dd}' | '\u{70f}' | '\u{180e}'
        | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}'
        | '\u{feff}' | '\u{fff9}'..='\u{fffb}')
}

/// True when the link points at a code-hosting site.
pub fn is_code_link(url: &str) -> bool {
    let host = url_host(url).to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let on_code_host = CODE_HOSTS
        .iter()
        .any(|code_host| host == *code_host || host.ends_with(&format!(".{code_host}")));
    // A Hugging Face paper page describes the paper; it is not its code.
    on_code_host && !(host == "huggingface.co" && url_path(url).starts_with("/papers"))
}

fn url_path(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.find('/').map_or("", |start| &rest[start..])
}

fn url_host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let end = rest.find(['/', '?', '#', ':']).unwrap_or(rest.len());
    &rest[..end]
}

fn url_has_host(url: &str) -> bool {
    let host = url_host(url);
    host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
}

fn trim_url(mut url: &str) -> &str {
    loop {
        let Some(last) = url.chars().last() else { return url };
        let trimmed = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '*' | '\u{2026}' => true,
            ')' => !balanced(url, '(', ')'),
            ']' => !balanced(url, '[', ']'),
            '}' => !balanced(url, '{', '}'),
            _ => false,
        };
        if !trimmed {
            return url;
        }
        url = &url[..url.len() - last.len_utf8()];
    }
}

/// True when `url` has at least as many `open` as `close` characters, so its last `close` pairs up.
fn balanced(url: &str, open: char, close: char) -> bool {
    url.matches(open).count() >= url.matches(close).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_sentence_punctuation_and_unbalanced_brackets() {
        assert_eq!(
            find_links("Code: https://github.com/stypoumic/BECLR)."),
            ["https://github.com/stypoumic/BECLR"]
        );
        assert_eq!(
            find_links("at https://github.com/techmn/satmae_pp."),
            ["https://github.com/techmn/satmae_pp"]
        );
        assert_eq!(
            find_links("page https://seohong.me/projects/metra/"),
            ["https://seohong.me/projects/metra/"]
        );
        assert_eq!(
            find_links("see (https://en.wikipedia.org/wiki/Rust_(language)), and"),
            ["https://en.wikipedia.org/wiki/Rust_(language)"]
        );
    }

    #[test]
    fn links_end_at_control_and_invisible_characters() {
        assert_eq!(
            find_links("code https://github.com/a/b\u{1b}[31m and https://b.org/x\u{202e}evil"),
            ["https://github.com/a/b", "https://b.org/x"]
        );
    }

    #[test]
    fn keeps_each_url_once_in_order() {
        let text = "https://a.org/x and https://b.org/y; again https://a.org/x.";
        assert_eq!(find_links(text), ["https://a.org/x", "https://b.org/y"]);
    }

    #[test]
    fn ignores_urls_without_a_host() {
        assert!(find_links("http:// nothing https://.").is_empty());
    }

    #[test]
    fn only_http_and_https_addresses_with_a_host_are_web_urls() {
        assert!(is_web_url("https://github.com/a/b"));
        assert!(is_web_url("HTTP://example.org"));
        for bad in [
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "https://x.org/a>b",
            "https://x.org/<script>",
            "https://x.org/a b",
            "ftp://x.org/f",
            "https://",
            "https://nohost",
            "https://x.org/\u{1b}[31m",
            "https://github.com/a/b\u{202e}cod",
            "https://x.org/a\u{200b}b",
            "github.com/a/b",
            "",
        ] {
            assert!(!is_web_url(bad), "{bad}");
        }
    }

    #[test]
    fn classifies_code_hosts() {
        assert!(is_code_link("https://github.com/a/b"));
        assert!(is_code_link("https://huggingface.co/datasets/x"));
        assert!(!is_code_link("https://huggingface.co/papers/2406.01234"));
        assert!(is_code_link("https://www.GitLab.com/a"));
        assert!(!is_code_link("https://samar-khanna.github.io/ExPLoRA/"));
        assert!(!is_code_link("https://notgithub.com/a"));
    }
}
