//! Link syntax, stripped: what each saving tool wraps around the page's words.
//!
//! Tools that keep links write them differently: Markdown clippers as `[text](url)` and images as
//! `![alt](url)`; text browsers as reference links `[text][36]` with the targets listed at the end;
//! plain-text extractors as the bare target on its own line after the link text. Recognisers want
//! the words and, separately, where they pointed, so [`clean`] turns one line into its visible text
//! plus the targets of its links, each with the text it was attached to. That keeps link syntax out
//! of titles and abstracts and keeps numbers apart by what they link to: a count linked to a
//! paper's `#community` section is a comment count, one linked to a GitHub repository is stars.

use std::sync::LazyLock;

use regex::Regex;

/// How the input writes links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// No link syntax at all (browser copy-paste); bare URLs may still appear in the text.
    None,
    /// `[text](url)`, `![alt](url)`, `### heading`, `\` line breaks.
    Markdown,
    /// `[text][12]`, with a numbered list of targets at the end.
    References,
    /// Each link's target on its own line after its text.
    TargetLines,
}

/// Where a link points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Url(String),
    /// A text browser's reference number, resolved (if at all) by the list at the end.
    Reference(u32),
}

/// A link on a line: its visible text and its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub text: String,
    pub target: Target,
}

/// One line with its link syntax removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// The visible words, white space normalised.
    pub text: String,
    pub links: Vec<Link>,
    /// The line was a heading (`### …`).
    pub heading: bool,
    /// The line was nothing but a URL (a link target printed on its own line).
    pub bare_url: Option<String>,
}

static IMAGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"!\[[^\]]*\]\([^)\s]*\)").expect("valid image pattern"));
/// `[text](url)`; the text may hold one level of brackets (`[[图片：logo] Org](…)`, an image's alt
/// text as some converters write it).
static MARKDOWN_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\((\S*?)(?:\s+"[^"]*")?\)"#).expect("valid link pattern")
});
static REFERENCE_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\[\]]*)\]\[(\d{1,6})\]").expect("valid reference pattern"));
/// What is left of reference links after the whole ones are gone: a `][35]` closing a link whose
/// text was on earlier lines, and numbers that some browsers put before link text (`[12]Models`).
static DANGLING_REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\]?\[\d{1,6}\]").expect("valid reference pattern"));
/// A line holding only a link target: absolute, or relative to the site as the page writes its
/// links (`/papers/2406.01234`), possibly in `<>`, `()` or `[]`.
static PREFIX_REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[\s(])\[(\d{1,6})\][^\s\[\]]").expect("valid reference pattern"));
static BARE_URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[<(\[]?(https?://\S+?|/[^\s<>()\[\]]*)[>)\]]?$").expect("valid URL pattern"));
/// A Markdown backslash escape (`\_`, `\*`, `\[`), as converters write literal punctuation.
static ESCAPE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\\([\\`*_{}\[\]()#+\-.!|<>~])").expect("valid escape pattern"));
static HEADING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^#{1,6}\s+").expect("valid heading pattern"));
/// A Markdown hard break that kept its following spaces (`Engage\  with`), as clippers write a
/// title's arXiv line break.
static HARD_BREAK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\\\s+").expect("valid hard break pattern"));
/// An HTML tag left in converted Markdown (`<a id="source-section-3"></a>`, `<br>`, `<video …>`):
/// only the elements converters leave, so a title's `<think>` stays.
static HTML_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)</?(?:a|br|hr|img|span|div|p|b|i|u|em|strong|sup|sub|small|video|audio|source|picture|figure|figcaption|details|summary|center|font|code|pre)(?:\s+[A-Za-z:_-]+(?:=(?:"[^"]*"|'[^']*'|[^\s>]+))?)*\s*/?>"#,
    )
    .expect("valid tag pattern")
});
/// HTML character references left in converted text.
static ENTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"&(?:amp|lt|gt|quot|apos|nbsp|#\d{1,6}|#x[0-9A-Fa-f]{1,5});").expect("valid entity pattern")
});
static BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:[*+]|-(?:\s|$))\s*").expect("valid bullet pattern"));

/// Strips the link syntax of `markup` from one line.
pub fn clean(line: &str, markup: Markup) -> Cleaned {
    let trimmed = line.trim();
    if let Some(captures) = BARE_URL.captures(trimmed) {
        return Cleaned {
            text: String::new(),
            links: Vec::new(),
            heading: false,
            bare_url: Some(captures[1].to_string()),
        };
    }
    let mut text = trimmed.to_string();
    let mut heading = false;
    if markup != Markup::TargetLines {
        if let Some(found) = HEADING.find(&text) {
            heading = true;
            text = text[found.end()..].to_string();
        }
    }
    if markup == Markup::Markdown {
        if text.contains('<') {
            text = HTML_TAG.replace_all(&text, " ").into_owned();
        }
        text = text.replace("\\\\", " ").replace("\\\n", " ");
        text = HARD_BREAK.replace_all(&text, " ").into_owned();
        while text.ends_with('\\') {
            text.pop();
        }
        if let Some(found) = BULLET.find(&text) {
            text = text[found.end()..].to_string();
        }
    }
    let mut links = Vec::new();
    match markup {
        Markup::Markdown => {
            text = IMAGE.replace_all(&text, " ").into_owned();
            // Innermost links first, so `[[x](a) y](b)` gives both.
            for _ in 0..4 {
                if !MARKDOWN_LINK.is_match(&text) {
                    break;
                }
                text = replace_links(&text, &MARKDOWN_LINK, &mut links, |target| {
                    Target::Url(target.trim_matches(['<', '>']).to_string())
                });
            }
        }
        Markup::References => {
            text = replace_links(&text, &REFERENCE_LINK, &mut links, |number| {
                Target::Reference(number.parse().unwrap_or(0))
            });
            // A number before link text (`[36]On the Provable…`, as lynx writes links) still says
            // where the text points, though not how far the link's text runs.
            links.extend(PREFIX_REFERENCE.captures_iter(&text).map(|captures| Link {
                text: String::new(),
                target: Target::Reference(captures[1].parse().unwrap_or(0)),
            }));
            text = DANGLING_REFERENCE.replace_all(&text, "").into_owned();
        }
        Markup::None | Markup::TargetLines => {
            // Plain-text exporters still write the odd Markdown link (an author count as
            // `[\n\n2 authors](…)`, joined back into one line by the recogniser).
            if MARKDOWN_LINK.is_match(&text) {
                text = replace_links(&text, &MARKDOWN_LINK, &mut links, |target| {
                    Target::Url(target.trim_matches(['<', '>']).to_string())
                });
            }
        }
    }
    if matches!(markup, Markup::Markdown | Markup::References) {
        text = ESCAPE.replace_all(&text, "$1").into_owned();
    }
    if text.contains('&') {
        text = ENTITY
            .replace_all(&text, |found: &regex::Captures| decode_entity(&found[0]))
            .into_owned();
    }
    let text = normalize(&text);
    for link in &mut links {
        link.text = normalize(&link.text);
    }
    Cleaned {
        text,
        links,
        heading,
        bare_url: None,
    }
}

/// The character an HTML character reference stands for (`&amp;` → `&`, `&#39;` → `'`).
fn decode_entity(entity: &str) -> String {
    let name = &entity[1..entity.len() - 1];
    let decoded = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => name
            .strip_prefix("#x")
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .or_else(|| name.strip_prefix('#').and_then(|decimal| decimal.parse().ok()))
            .and_then(char::from_u32)
            .filter(|c| !c.is_control()),
    };
    decoded.map_or_else(|| entity.to_string(), String::from)
}

fn replace_links(text: &str, pattern: &Regex, links: &mut Vec<Link>, target: impl Fn(&str) -> Target) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for captures in pattern.captures_iter(text) {
        let whole = captures.get(0).expect("a match has a whole");
        out.push_str(&text[last..whole.start()]);
        let visible = captures[1].trim();
        links.push(Link {
            text: visible.to_string(),
            target: target(&captures[2]),
        });
        // The link's words join their neighbours as the page shows them: with a space only
        // where two words would otherwise run together (`by[AK](…)`, `May 29[6](…)`).
        if out.ends_with(char::is_alphanumeric) && visible.starts_with(char::is_alphanumeric) {
            out.push(' ');
        }
        out.push_str(visible);
        if visible.ends_with(char::is_alphanumeric) && text[whole.end()..].starts_with(char::is_alphanumeric) {
            out.push(' ');
        }
        last = whole.end();
    }
    out.push_str(&text[last..]);
    out
}

/// White space collapsed to single spaces.
fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True when a link opened at the start of the line is not closed on it: a text browser's link
/// text wrapped over several lines (`### [A long title` … `continued][36]`), or a clipper's
/// abstract written as one link over `\`-broken lines.
pub fn opens_unclosed_link(line: &str, markup: Markup) -> bool {
    if markup == Markup::None {
        return false;
    }
    let trimmed = line.trim_start();
    if markup == Markup::TargetLines {
        // Only a bracket alone: plain text may hold a stray `[` anywhere.
        return trimmed.trim_end() == "[";
    }
    let trimmed = HEADING.find(trimmed).map_or(trimmed, |found| &trimmed[found.end()..]);
    trimmed.starts_with('[') && bracket_depth(trimmed) > 0
}

/// Open `[` minus closed `]`, never below zero.
pub fn bracket_depth(text: &str) -> i64 {
    text.chars().fold(0i64, |depth, c| match c {
        '[' => depth + 1,
        ']' => (depth - 1).max(0),
        _ => depth,
    })
}

/// The arXiv id of a link to a paper's page on Hugging Face (`huggingface.co/papers/2406.01234`,
/// relative `/papers/…`, with or without a `#community` fragment), and whether it points at the
/// discussion.
pub fn paper_page(url: &str) -> Option<(String, bool)> {
    static PAPER_PAGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:https?://(?:www\.)?(?:huggingface\.co|hf\.co))?/papers/(\d{4}\.\d{4,5})(?:v\d+)?/?(#\S*)?$")
            .expect("valid paper page pattern")
    });
    let captures = PAPER_PAGE.captures(url.trim())?;
    let community = captures
        .get(2)
        .is_some_and(|fragment| fragment.as_str().contains("communit"));
    Some((captures[1].to_string(), community))
}

/// The arXiv id of the paper an upvote button's link is for: the page sends visitors who are not
/// logged in to `huggingface.co/login?next=/papers/<id>` (URL-encoded or not).
pub fn upvote_target(url: &str) -> Option<String> {
    static UPVOTE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^(?:https?://(?:www\.)?huggingface\.co)?/login\?next=(?:%2F|/)papers(?:%2F|/)(\d{4}\.\d{4,5})\b",
        )
        .expect("valid upvote link pattern")
    });
    UPVOTE.captures(url.trim()).map(|captures| captures[1].to_string())
}

/// The arXiv id a link to the paper names: its page on Hugging Face
/// (`huggingface.co/papers/<id>`, also with a `#fragment`), on arXiv (`arxiv.org/abs/<id>`,
/// `arxiv.org/pdf/<id>[vN][.pdf]`) or on alphaXiv (`alphaxiv.org/abs/<id>`). The version is dropped.
pub fn arxiv_id_of_link(url: &str) -> Option<String> {
    static PAPER_LINK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:https?://)?(?:www\.)?(?:(?:huggingface\.co|hf\.co)/papers/|(?:export\.)?arxiv\.org/(?:abs|pdf|html)/|alphaxiv\.org/(?:abs|overview)/)(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?/?(?:[?#]\S*)?$",
        )
        .expect("valid paper link pattern")
    });
    PAPER_LINK.captures(url.trim()).map(|captures| captures[1].to_string())
}

/// The repository URL (`https://github.com/owner/repo`) a link to GitHub points into.
pub fn github_repository(url: &str) -> Option<String> {
    static GITHUB: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:https?://)?(?:www\.)?github\.com/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\.git)?(?:[/#?].*)?$")
            .expect("valid GitHub pattern")
    });
    let captures = GITHUB.captures(url.trim())?;
    let owner = &captures[1];
    if matches!(
        owner,
        "features" | "about" | "pricing" | "login" | "topics" | "sponsors"
    ) {
        return None;
    }
    Some(format!("https://github.com/{owner}/{}", &captures[2]))
}

/// A link to a user's or organisation's page on Hugging Face (not a paper, model or dataset).
pub fn is_profile_page(url: &str) -> bool {
    static PROFILE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:https?://(?:www\.)?huggingface\.co)?/([A-Za-z0-9_.-]+)/?$").expect("valid profile pattern")
    });
    PROFILE.captures(url.trim()).is_some_and(|captures| {
        !matches!(
            &captures[1],
            "papers" | "models" | "datasets" | "spaces" | "docs" | "pricing" | "login" | "join" | "posts" | "blog"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upvote_buttons_name_their_paper() {
        assert_eq!(
            upvote_target("https://huggingface.co/login?next=%2Fpapers%2F2606.00683").as_deref(),
            Some("2606.00683")
        );
        assert_eq!(
            upvote_target("/login?next=/papers/2606.00683").as_deref(),
            Some("2606.00683")
        );
        assert_eq!(upvote_target("https://huggingface.co/login?next=%2Fpapers"), None);
    }

    #[test]
    fn hard_breaks_entities_and_links_in_plain_text() {
        assert_eq!(
            clean(
                "### [Measuring How Scholars Engage\\  with Past Research](https://huggingface.co/papers/2502.20581)",
                Markup::Markdown
            )
            .text,
            "Measuring How Scholars Engage with Past Research"
        );
        assert_eq!(
            clean("Q&amp;A &#39;tools&#39; &lt;3", Markup::None).text,
            "Q&A 'tools' <3"
        );
        assert_eq!(clean("<a id=\"source-section-3\"></a>", Markup::Markdown).text, "");
        assert_eq!(clean("x < y and a<b", Markup::Markdown).text, "x < y and a<b");
        assert_eq!(
            clean("Let's <think> about LLM Reasoning", Markup::Markdown).text,
            "Let's <think> about LLM Reasoning"
        );
        assert_eq!(
            clean("Nexus : An Agentic Framework", Markup::Markdown).text,
            "Nexus : An Agentic Framework"
        );
        assert_eq!(
            clean(
                "code at [ours](https://x.org/a). And by[AK](https://h.co/ak) and",
                Markup::Markdown
            )
            .text,
            "code at ours. And by AK and"
        );
        let cleaned = clean(
            "[ 2 authors](https://huggingface.co/papers/2410.05434)",
            Markup::TargetLines,
        );
        assert_eq!(cleaned.text, "2 authors");
        assert_eq!(cleaned.links.len(), 1);
        assert!(opens_unclosed_link("[", Markup::TargetLines));
        assert!(!opens_unclosed_link("[see below", Markup::TargetLines));
    }

    #[test]
    fn paper_links_name_their_arxiv_id() {
        for (link, id) in [
            ("https://huggingface.co/papers/2502.20581", Some("2502.20581")),
            ("https://huggingface.co/papers/2502.20581#community", Some("2502.20581")),
            ("https://arxiv.org/abs/2410.10210", Some("2410.10210")),
            ("https://arxiv.org/abs/2410.10210v3", Some("2410.10210")),
            ("https://arxiv.org/pdf/2410.10210v2.pdf", Some("2410.10210")),
            ("http://www.arxiv.org/pdf/2410.10210", Some("2410.10210")),
            ("https://alphaxiv.org/abs/2410.10210", Some("2410.10210")),
            ("https://huggingface.co/papers?date=2024-10-10", None),
            ("https://huggingface.co/login?next=%2Fpapers%2F2502.20581", None),
            ("https://github.com/a/2410.10210", None),
        ] {
            assert_eq!(arxiv_id_of_link(link).as_deref(), id, "{link}");
        }
    }

    #[test]
    fn markdown_links_become_text_and_targets() {
        let cleaned = clean(
            "### [On the Provable Advantage](https://huggingface.co/papers/2303.01566)",
            Markup::Markdown,
        );
        assert!(cleaned.heading);
        assert_eq!(cleaned.text, "On the Provable Advantage");
        assert_eq!(
            cleaned.links[0].target,
            Target::Url("https://huggingface.co/papers/2303.01566".into())
        );
        let cleaned = clean(
            "[3 authors](https://huggingface.co/papers/2303.01566)·May 29[6](https://huggingface.co/papers/2303.01566#community)",
            Markup::Markdown,
        );
        assert_eq!(cleaned.text, "3 authors·May 29 6");
        assert_eq!(cleaned.links.len(), 2);
        assert_eq!(cleaned.links[1].text, "6");
        let cleaned = clean(
            "*   ![Image 5: avatar](https://cdn-avatars.huggingface.co/a.png)",
            Markup::Markdown,
        );
        assert_eq!(cleaned.text, "");
        let cleaned = clean(
            "[![Image 3](https://cdn/x.png)](https://huggingface.co/papers/2303.01566)",
            Markup::Markdown,
        );
        assert_eq!(cleaned.text, "");
        assert_eq!(cleaned.links.len(), 1);
    }

    #[test]
    fn reference_links_become_text_and_numbers() {
        let cleaned = clean("   ### [A Title][36]", Markup::References);
        assert!(cleaned.heading);
        assert_eq!(cleaned.text, "A Title");
        assert_eq!(cleaned.links[0].target, Target::Reference(36));
        let cleaned = clean("· Mar 8, 2024 [ 6][39]", Markup::References);
        assert_eq!(cleaned.text, "· Mar 8, 2024 6");
        assert_eq!(clean("][35]", Markup::References).text, "");
        let lynx = clean("   [36]On the Provable Advantage", Markup::References);
        assert_eq!(lynx.text, "On the Provable Advantage");
        assert_eq!(lynx.links[0].target, Target::Reference(36));
        assert_eq!(
            clean("C\\_Phi and \\*stars\\*", Markup::References).text,
            "C_Phi and *stars*"
        );
    }

    #[test]
    fn bare_urls_and_pages() {
        let cleaned = clean(
            "https://huggingface.co/papers/2406.01234#community",
            Markup::TargetLines,
        );
        let url = cleaned.bare_url.unwrap();
        assert_eq!(paper_page(&url), Some(("2406.01234".into(), true)));
        assert_eq!(paper_page("/papers/2406.01234"), Some(("2406.01234".into(), false)));
        let relative = clean("/papers/2406.01234#community", Markup::TargetLines)
            .bare_url
            .unwrap();
        assert_eq!(paper_page(&relative), Some(("2406.01234".into(), true)));
        assert_eq!(
            clean("<https://github.com/a/b>", Markup::TargetLines)
                .bare_url
                .as_deref(),
            Some("https://github.com/a/b")
        );
        assert_eq!(paper_page("https://huggingface.co/papers"), None);
        assert_eq!(
            github_repository("https://github.com/bigscience-workshop/architecture-objective/tree/main"),
            Some("https://github.com/bigscience-workshop/architecture-objective".into())
        );
        assert!(is_profile_page("https://huggingface.co/akhaliq"));
        assert!(!is_profile_page("https://huggingface.co/papers"));
    }

    #[test]
    fn unclosed_links_at_line_start() {
        assert!(opens_unclosed_link("### [A title that wraps", Markup::References));
        assert!(opens_unclosed_link("[An abstract\\", Markup::Markdown));
        assert!(!opens_unclosed_link("in [0, 1) we", Markup::Markdown));
        assert!(!opens_unclosed_link("[ * 4 authors ][34]", Markup::References));
        assert!(
            opens_unclosed_link("[", Markup::TargetLines),
            "a lone bracket opens a link broken over lines"
        );
        assert!(!opens_unclosed_link("[", Markup::None));
    }
}
