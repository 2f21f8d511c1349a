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

fn abstract_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::collection::vec(word(), 4..20), 1..6).prop_map(|sentences| {
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

fn parsed(text: &str) -> Vec<Recovered> {
    let options = ParseOptions {
        year: None,
        current_year: CURRENT_YEAR,
        extract: true,
    };
    let (papers, warnings) = parse_bytes(text.as_bytes(), "p.txt", options).expect("text parses");
    assert!(warnings.is_empty(), "{warnings:?}");
    papers
        .into_iter()
        .map(|p| {
            (
                p.title,
                p.abstract_text,
                p.authors,
                p.date.map(|d| d.to_string()),
                p.upvotes,
            )
        })
        .collect()
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
