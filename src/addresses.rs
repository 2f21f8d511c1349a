//! Where a paper lives on the web: the one rule `papers open`, the interactive inbox's `o` key,
//! the digest and the citations use to turn a record into an address.
//!
//! The paper itself comes first: its arXiv abstract page when the arXiv id is known (every
//! record from the API, and pages that link the paper), else the paper's page on Hugging Face
//! when the record links one, else a search for its title on Hugging Face's paper pages, which
//! finds it whenever the feed listed it. The code repository is a separate destination
//! (`--code`): a reader who asks to open a paper wants to read it, not its source.

use std::sync::LazyLock;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use regex::Regex;

use crate::record::Paper;

/// What to open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Destination {
    /// The paper's abstract page: arXiv, else Hugging Face, else a search there.
    #[default]
    Paper,
    /// The PDF on arXiv.
    Pdf,
    /// The paper's page on Hugging Face (its discussion, models, datasets), else a search there.
    HuggingFace,
    /// The code repository.
    Code,
}

/// Why a destination has no address for a paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoAddress {
    /// A PDF needs the arXiv id, and the record has none.
    NoArxivId,
    /// The record links no repository.
    NoCode,
}

impl std::fmt::Display for NoAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NoAddress::NoArxivId => "its arXiv id is not known, so there is no PDF address",
            NoAddress::NoCode => "it links no code repository",
        })
    }
}

impl std::error::Error for NoAddress {}

/// Characters kept as they are in a query string value: letters, digits and `-._~`.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// The paper's arXiv id, when it has the shape of one (`2405.15071`, `2405.15071v2`), so that no
/// address is ever built from a malformed one.
pub fn arxiv_id(paper: &Paper) -> Option<&str> {
    static SHAPE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\d{4}\.\d{4,5}(?:v\d+)?$").expect("valid arXiv id shape"));
    paper.arxiv_id.as_deref().filter(|id| SHAPE.is_match(id))
}

/// The address of `destination` for `paper`.
pub fn address(paper: &Paper, destination: Destination) -> Result<String, NoAddress> {
    match destination {
        Destination::Paper => Ok(match arxiv_id(paper) {
            Some(id) => arxiv_abstract(id),
            None => hugging_face_page(paper),
        }),
        Destination::Pdf => arxiv_id(paper)
            .map(|id| format!("https://arxiv.org/pdf/{id}"))
            .ok_or(NoAddress::NoArxivId),
        Destination::HuggingFace => Ok(match arxiv_id(paper) {
            Some(id) => format!("https://huggingface.co/papers/{id}"),
            None => hugging_face_page(paper),
        }),
        Destination::Code => paper
            .github
            .iter()
            .chain(&paper.code)
            .find(|link| crate::links::is_web_url(link))
            .cloned()
            .ok_or(NoAddress::NoCode),
    }
}

/// `https://arxiv.org/abs/ID`.
pub fn arxiv_abstract(id: &str) -> String {
    format!("https://arxiv.org/abs/{id}")
}

/// The Hugging Face paper page the record links, else a search for the title there.
fn hugging_face_page(paper: &Paper) -> String {
    paper
        .links
        .iter()
        .find(|link| is_hugging_face_paper_page(link) && crate::links::is_web_url(link))
        .cloned()
        .unwrap_or_else(|| {
            format!(
                "https://huggingface.co/papers?q={}",
                utf8_percent_encode(&paper.title, QUERY_VALUE)
            )
        })
}

/// True for the title search [`address`] falls back to (no page of the paper itself).
pub fn is_search(url: &str) -> bool {
    url.starts_with("https://huggingface.co/papers?q=")
}

fn is_hugging_face_paper_page(link: &str) -> bool {
    let rest = link.split_once("://").map_or(link, |(_, rest)| rest);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    rest.len() > "huggingface.co/papers/".len()
        && (rest.starts_with("huggingface.co/papers/") || rest.starts_with("hf.co/papers/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paper(arxiv: Option<&str>, links: &[&str], github: Option<&str>) -> Paper {
        let source = crate::record::Source {
            file: "d.txt".into(),
            line: 1,
        };
        let mut paper = Paper::unextracted(
            "Shape-Splat: A Dataset & Benchmark".into(),
            String::new(),
            crate::record::Metadata::default(),
            source,
        );
        paper.arxiv_id = arxiv.map(String::from);
        paper.links = links.iter().map(|s| s.to_string()).collect();
        paper.code = paper
            .links
            .iter()
            .filter(|l| crate::links::is_code_link(l))
            .cloned()
            .collect();
        paper.github = github.map(String::from);
        paper
    }

    #[test]
    fn the_paper_is_its_arxiv_page_when_the_id_is_known_even_with_a_repository() {
        let p = paper(
            Some("2405.15071"),
            &["https://github.com/a/b"],
            Some("https://github.com/a/b"),
        );
        assert_eq!(
            address(&p, Destination::Paper).unwrap(),
            "https://arxiv.org/abs/2405.15071"
        );
        assert_eq!(
            address(&p, Destination::Pdf).unwrap(),
            "https://arxiv.org/pdf/2405.15071"
        );
        assert_eq!(
            address(&p, Destination::HuggingFace).unwrap(),
            "https://huggingface.co/papers/2405.15071"
        );
        assert_eq!(address(&p, Destination::Code).unwrap(), "https://github.com/a/b");
    }

    #[test]
    fn without_an_arxiv_id_the_linked_hugging_face_page_then_a_title_search() {
        let linked = paper(
            None,
            &["https://github.com/a/b", "https://huggingface.co/papers/x1"],
            None,
        );
        assert_eq!(
            address(&linked, Destination::Paper).unwrap(),
            "https://huggingface.co/papers/x1"
        );
        let bare = paper(None, &[], None);
        assert_eq!(
            address(&bare, Destination::Paper).unwrap(),
            "https://huggingface.co/papers?q=Shape-Splat%3A%20A%20Dataset%20%26%20Benchmark"
        );
        assert_eq!(address(&bare, Destination::Pdf), Err(NoAddress::NoArxivId));
        assert_eq!(address(&bare, Destination::Code), Err(NoAddress::NoCode));
        // The code link is found among the links when no GitHub field names it.
        assert_eq!(address(&linked, Destination::Code).unwrap(), "https://github.com/a/b");
    }

    #[test]
    fn a_malformed_arxiv_id_or_link_never_becomes_an_address() {
        let p = paper(
            Some("2405.15071/../../evil"),
            &["https://huggingface.co/papers/x y"],
            None,
        );
        assert!(address(&p, Destination::Paper)
            .unwrap()
            .starts_with("https://huggingface.co/papers?q="));
        assert_eq!(address(&p, Destination::Pdf), Err(NoAddress::NoArxivId));
        let hostile = paper(None, &[], Some("javascript:alert(1)"));
        assert_eq!(address(&hostile, Destination::Code), Err(NoAddress::NoCode));
    }
}
