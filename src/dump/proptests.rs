//! Property tests for the parser: it never panics on any input, and any page it could be given
//! (random papers, rendered in the page layout, reshaped as dumps get reshaped) parses back to
//! exactly the papers that were rendered.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use super::test_support::wrap_greedy;
use super::{parse_bytes, ParseOptions};

const CURRENT_YEAR: i32 = 2026;
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A fixed seed: CI runs the same cases every time; raise `cases` locally to search further.
fn config() -> Config {
    Config {
        cases: 128,
        rng_seed: RngSeed::Fixed(0x005e_ed0f_9a9e),
        failure_persistence: None,
        ..Config::default()
    }
}

#[derive(Debug, Clone)]
struct GenPaper {
    title: String,
    abstract_text: String,
    metadata: Option<GenMetadata>,
}

#[derive(Debug, Clone)]
struct GenMetadata {
    authors: u32,
    month: usize,
    day: u8,
    /// `None`: the page's own year, printed without one.
    year: Option<i32>,
    upvotes: u64,
}

fn word() -> impl Strategy<Value = String> {
    "[a-z]{2,11}"
}

fn title() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 2..12).prop_map(|words| {
        words
            .iter()
            .map(|w| {
                let mut chars = w.chars();
                let first = chars.next().unwrap().to_ascii_uppercase();
                format!("{first}{}", chars.as_str())
            })
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// Abstracts as long as real ones (20 words and more): a paper without metadata is told from
/// menu lines by nothing else.
fn abstract_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::collection::vec(word(), 10..20), 2..6).prop_map(|sentences| {
        sentences
            .iter()
            .map(|words| {
                let sentence = words.join(" ");
                let mut chars = sentence.chars();
                let first = chars.next().unwrap().to_ascii_uppercase();
                format!("{first}{}.", chars.as_str())
            })
            .collect::<Vec<_>>()
            .join(" ")
    })
}

fn metadata() -> impl Strategy<Value = Option<GenMetadata>> {
    prop::option::weighted(
        0.85,
        (
            1u32..40,
            0usize..12,
            1u8..29,
            prop::option::weighted(0.7, 2012i32..2025),
            prop::option::weighted(0.4, 1u64..900),
        )
            .prop_map(|(authors, month, day, year, upvotes)| GenMetadata {
                authors,
                month,
                day,
                year,
                upvotes: upvotes.unwrap_or(0),
            }),
    )
}

fn papers() -> impl Strategy<Value = Vec<GenPaper>> {
    prop::collection::vec(
        (title(), abstract_text(), metadata()).prop_map(|(title, abstract_text, metadata)| GenPaper {
            title,
            abstract_text,
            metadata,
        }),
        1..8,
    )
}

/// The page as the browser's copy-paste renders it.
fn render(papers: &[GenPaper]) -> String {
    let mut page = String::from(
        "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\nbyAK and the research community\n\nDec 9\n\n",
    );
    for paper in papers {
        page.push_str(&format!("{}\n\n{}\n\n", paper.title, paper.abstract_text));
        if let Some(m) = &paper.metadata {
            let year = m.year.map(|y| format!(", {y}")).unwrap_or_default();
            let upvotes = if m.upvotes > 0 {
                format!(" {}", m.upvotes)
            } else {
                String::new()
            };
            page.push_str(&format!(
                "  \u{2022} {} authors\n\u{b7}\n{} {}{year}{upvotes}\n\n",
                m.authors, MONTHS[m.month], m.day
            ));
        }
    }
    page
}

/// Papers as card layouts show them: every card has its metadata.
fn carded(papers: &[GenPaper]) -> Vec<GenPaper> {
    papers.iter().filter(|p| p.metadata.is_some()).cloned().collect()
}

/// A comment count derived from the paper, so each card layout can show one (none when 0).
fn comments(m: &GenMetadata) -> u64 {
    (m.upvotes + u64::from(m.authors)) % 5
}

fn date_text(m: &GenMetadata) -> String {
    let year = m.year.map(|y| format!(", {y}")).unwrap_or_default();
    format!("{} {}{year}", MONTHS[m.month], m.day)
}

fn arxiv_id(index: usize) -> String {
    format!("2406.{:05}", 10_000 + index)
}

fn paper_url(index: usize) -> String {
    format!("https://huggingface.co/papers/{}", arxiv_id(index))
}

/// The upvote count as card layouts print it: `-` for none.
fn upvote_text(m: &GenMetadata) -> String {
    if m.upvotes == 0 {
        "-".to_string()
    } else {
        m.upvotes.to_string()
    }
}

/// The page as a Markdown clipper writes it.
fn render_markdown(papers: &[GenPaper]) -> String {
    let mut page = String::from(
        "Title: Daily Papers - Hugging Face\n\nMarkdown Content:\n*   [Models](https://huggingface.co/models)\n*   [Pricing](https://huggingface.co/pricing)\n\nDaily Papers\n============\n\n",
    );
    for (index, paper) in carded(papers).iter().enumerate() {
        let m = paper.metadata.as_ref().expect("carded");
        let url = paper_url(index);
        let upvotes = upvote_text(m);
        let sentences: Vec<String> = paper
            .abstract_text
            .split_inclusive(". ")
            .map(|s| s.trim().to_string())
            .collect();
        let comment = match comments(m) {
            0 => String::new(),
            n => format!("[{n}]({url}#community)"),
        };
        page.push_str(&format!(
            "[![Image](https://cdn/{index}.png)]({url})\n\n[{upvotes}](https://huggingface.co/login)\n### [{}]({url})\n\n[{}]({url})\n\n*   ![Image](https://cdn/a.png)\n\n[{} authors]({url})·{}{comment}\n\n",
            paper.title,
            sentences.join("\\\\\n"),
            m.authors,
            date_text(m)
        ));
    }
    page
}

/// A title with a line break where arXiv would wrap it (after `at` words).
fn title_lines(title: &str, at: usize) -> (String, Option<String>) {
    let words: Vec<&str> = title.split(' ').collect();
    if words.len() <= at {
        return (title.to_string(), None);
    }
    (words[..at].join(" "), Some(words[at..].join(" ")))
}

/// The page as a plain-text exporter saves it: link targets on lines of their own, upvotes as
/// `[-] 12`, the author count as a Markdown link broken over lines, a tool heading first.
fn render_plain_export(papers: &[GenPaper]) -> String {
    let mut page = String::from(
        "---\ntitle: \"Daily Papers - Hugging Face\"\ntype: web_page\n---\n\n# Daily Papers - Hugging Face\n\nModels\n\nhttps://huggingface.co/models\n\nDaily Papers\n\n",
    );
    for (index, paper) in carded(papers).iter().enumerate() {
        let m = paper.metadata.as_ref().expect("carded");
        let url = paper_url(index);
        page.push_str(&format!(
            " [-] {}\n\nhttps://huggingface.co/login?next=%2Fpapers%2F{}\n\n{}\n\n{url}\n\n{}\n\n{url}\n\n[\n\n{} authors]({url})\n\n\u{b7}\n\n{}\n\n",
            upvote_text(m),
            arxiv_id(index),
            paper.title,
            paper.abstract_text,
            m.authors,
            date_text(m),
        ));
        if comments(m) > 0 {
            page.push_str(&format!("{}\n\n{url}#community\n\n", comments(m)));
        }
    }
    page
}

/// The page as Firecrawl saves it: upvote links before titles, a title kept in two lines by a
/// `\` hard break, the abstract's sentences ending in `\\`, avatars in the author link.
fn render_firecrawl(papers: &[GenPaper]) -> String {
    let mut page = String::from(
        "---\nurl: https://huggingface.co/papers\ncommand: firecrawl scrape\n---\nnew\n\n# Daily Papers\n\n## by [AK](https://huggingface.co/akhaliq) and the research community\n\n",
    );
    for (index, paper) in carded(papers).iter().enumerate() {
        let m = paper.metadata.as_ref().expect("carded");
        let url = paper_url(index);
        let (first, rest) = title_lines(&paper.title, 4);
        let title = rest.map_or(first.clone(), |rest| format!("{first}\\  {rest}"));
        let sentences: Vec<&str> = paper.abstract_text.split_inclusive(". ").map(str::trim).collect();
        let comment = match comments(m) {
            0 => String::new(),
            n => format!("[{n}]({url}#community)"),
        };
        page.push_str(&format!(
            "[{}](https://huggingface.co/login?next=%2Fpapers%2F{})\n\n### [{title}]({url})\n\n[{}]({url})\n\n[- ![](https://huggingface.co/avatars/a.svg)\\\\\n- {} authors]({url})\n\n\u{b7}\n\n{}{comment}\n\n",
            upvote_text(m),
            arxiv_id(index),
            sentences.join("\\\\\n"),
            m.authors,
            date_text(m),
        ));
    }
    page
}

/// The page as a plain-text extractor that prints link targets writes it.
fn render_link_targets(papers: &[GenPaper]) -> String {
    let mut page = String::from("Models\nhttps://huggingface.co/models\nDaily Papers\n\n");
    for (index, paper) in carded(papers).iter().enumerate() {
        let m = paper.metadata.as_ref().expect("carded");
        let url = paper_url(index);
        let upvotes = upvote_text(m);
        page.push_str(&format!(
            "{upvotes}\n{}\n{url}\n{}\n{url}\n[\n{} authors\n{url}\n·\n{}\n",
            paper.title,
            paper.abstract_text,
            m.authors,
            date_text(m)
        ));
        if comments(m) > 0 {
            page.push_str(&format!("{}\n{url}#community\n", comments(m)));
        }
    }
    page
}

/// The page as a text browser dumps it, hard-wrapped at `width`, with reference links.
fn render_text_browser(papers: &[GenPaper], width: usize) -> String {
    let mut page = String::from("   [1]Hugging Face\n     * [2]Models\n\nDaily Papers\n\n");
    let mut references = vec![
        (1, "https://huggingface.co/".to_string()),
        (2, "https://huggingface.co/models".to_string()),
    ];
    for (index, paper) in carded(papers).iter().enumerate() {
        let m = paper.metadata.as_ref().expect("carded");
        let url = paper_url(index);
        let base = 10 + 4 * index;
        references.push((base, url.clone()));
        references.push((base + 1, format!("{url}#community")));
        let comment = match comments(m) {
            0 => String::new(),
            n => format!(" [ {n}][{}]", base + 1),
        };
        page.push_str(&format!("   [\n   {}\n   ][{}]\n", m.upvotes, base + 2));
        page.push_str(&wrap_greedy(&format!("### [{}][{base}]", paper.title), width));
        page.push_str("\n\n");
        page.push_str(&wrap_greedy(&paper.abstract_text, width));
        page.push_str(&format!(
            "\n\n   [ * {} authors ][{base}]\n   · {}{comment}\n\n",
            m.authors,
            date_text(m)
        ));
    }
    page.push_str("References\n\n");
    for (number, url) in references {
        page.push_str(&format!("  {number}. {url}\n"));
    }
    page
}

/// What a card layout must give back: what [`expected`] says, plus arXiv ids and comments.
fn expected_cards(papers: &[GenPaper]) -> Vec<(Recovered, String, Option<u64>)> {
    let cards = carded(papers);
    expected(&cards)
        .into_iter()
        .zip(&cards)
        .enumerate()
        .map(|(index, (recovered, paper))| {
            let count = comments(paper.metadata.as_ref().expect("carded"));
            (recovered, arxiv_id(index), (count > 0).then_some(count))
        })
        .collect()
}

fn parsed_cards(text: &str) -> Vec<(Recovered, String, Option<u64>)> {
    parsed_papers(text)
        .into_iter()
        .map(|p| {
            let details = (p.arxiv_id.clone().unwrap_or_default(), p.comments);
            (recovered(p), details.0, details.1)
        })
        .collect()
}

/// Title, abstract, authors, date, upvotes: what a round trip must preserve.
type Recovered = (String, String, Option<u32>, Option<String>, Option<u64>);

/// What the parser must recover from a rendered page.
fn expected(papers: &[GenPaper]) -> Vec<Recovered> {
    let newest = papers.iter().filter_map(|p| p.metadata.as_ref()?.year).max();
    let page_year = newest.map_or(CURRENT_YEAR, |y| (y + 1).min(CURRENT_YEAR));
    papers
        .iter()
        .map(|p| {
            let m = p.metadata.as_ref();
            (
                p.title.clone(),
                p.abstract_text.clone(),
                m.map(|m| m.authors),
                m.map(|m| format!("{:04}-{:02}-{:02}", m.year.unwrap_or(page_year), m.month + 1, m.day)),
                m.map(|m| m.upvotes),
            )
        })
        .collect()
}

/// Every paper of a page, which must parse without warnings.
fn parsed_papers(text: &str) -> Vec<crate::record::Paper> {
    let options = ParseOptions {
        year: None,
        current_year: CURRENT_YEAR,
        extract: true,
    };
    let (papers, warnings) = parse_bytes(text.as_bytes(), "p.txt", options).expect("text parses");
    assert!(warnings.is_empty(), "{warnings:?}");
    papers
}

fn recovered(p: crate::record::Paper) -> Recovered {
    (
        p.title,
        p.abstract_text,
        p.authors,
        p.date.map(|d| d.to_string()),
        p.upvotes,
    )
}

fn parsed(text: &str) -> Vec<Recovered> {
    parsed_papers(text).into_iter().map(recovered).collect()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn rendered_pages_parse_back_exactly(papers in papers()) {
        prop_assert_eq!(parsed(&render(&papers)), expected(&papers));
    }

    #[test]
    fn crlf_pages_parse_back_exactly(papers in papers()) {
        prop_assert_eq!(parsed(&render(&papers).replace('\n', "\r\n")), expected(&papers));
    }

    #[test]
    fn hard_wrapped_pages_parse_back_exactly(papers in papers(), width in 40usize..120) {
        prop_assert_eq!(parsed(&wrap_greedy(&render(&papers), width)), expected(&papers));
    }

    #[test]
    fn pages_without_blank_lines_parse_back_exactly(papers in papers()) {
        let page = render(&papers);
        let stripped = page.lines().filter(|l| !l.trim().is_empty()).collect::<Vec<_>>().join("\n");
        prop_assert_eq!(parsed(&stripped), expected(&papers));
    }

    #[test]
    fn concatenated_pages_keep_every_paper(first in papers(), second in papers()) {
        let mut want = expected(&first);
        want.extend(expected(&second));
        prop_assert_eq!(parsed(&format!("{}{}", render(&first), render(&second))), want);
    }

    #[test]
    fn markdown_clips_parse_back_exactly(papers in papers()) {
        prop_assert_eq!(parsed_cards(&render_markdown(&papers)), expected_cards(&papers));
    }

    #[test]
    fn plain_exports_parse_back_exactly(papers in papers()) {
        prop_assert_eq!(parsed_cards(&render_plain_export(&papers)), expected_cards(&papers));
    }

    #[test]
    fn firecrawl_clips_parse_back_exactly(papers in papers()) {
        prop_assert_eq!(parsed_cards(&render_firecrawl(&papers)), expected_cards(&papers));
    }

    #[test]
    fn link_target_dumps_parse_back_exactly(papers in papers()) {
        prop_assert_eq!(parsed_cards(&render_link_targets(&papers)), expected_cards(&papers));
    }

    #[test]
    fn text_browser_dumps_parse_back_exactly(papers in papers(), width in 50usize..130) {
        prop_assert_eq!(parsed_cards(&render_text_browser(&papers, width)), expected_cards(&papers));
    }

    #[test]
    fn any_bytes_parse_or_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..3000)) {
        let options = ParseOptions { year: None, current_year: CURRENT_YEAR, extract: true };
        let _ = parse_bytes(&bytes, "p.txt", options);
    }

    #[test]
    fn page_like_noise_never_panics(text in "(\u{2022} [0-9]{1,3} authors|\u{b7}|(Jan|May|Feb) [0-9]{1,2}(, 20[0-9]{2})?( [0-9]+)?|Daily Papers|byAK and the research community|[A-Za-z ,.-]{0,80}|\r|\u{feff}|)(\n|\r\n){0,3}{0,60}") {
        let options = ParseOptions { year: None, current_year: CURRENT_YEAR, extract: true };
        let result = parse_bytes(text.as_bytes(), "p.txt", options);
        prop_assert!(result.is_ok());
    }

    #[test]
    fn every_cut_of_a_page_keeps_the_papers_before_the_cut(papers in papers(), cut in 0.0f64..1.0) {
        let page = render(&papers);
        let mut at = (page.len() as f64 * cut) as usize;
        while !page.is_char_boundary(at) {
            at -= 1;
        }
        let options = ParseOptions { year: Some(CURRENT_YEAR), current_year: CURRENT_YEAR, extract: true };
        let (got, _) = parse_bytes(&page.as_bytes()[..at], "p.txt", options).expect("text parses");
        // Every paper whose block ends before the cut is recovered with its full title and abstract.
        let complete = papers.iter().take_while(|p| {
            let block = format!("{}\n\n{}\n\n", p.title, p.abstract_text);
            page[..at].contains(&block)
        }).count();
        prop_assert!(got.len() >= complete.saturating_sub(1), "{} < {}", got.len(), complete);
        for (paper, want) in got.iter().zip(&papers) {
            prop_assert_eq!(&paper.title, &want.title);
        }
    }
}
