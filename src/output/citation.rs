//! Citations: records as BibTeX, RIS or CSL-JSON entries, for reference managers (Zotero, papis,
//! JabRef), LaTeX and pandoc.
//!
//! Every format carries the same facts: title, author names (the API lists them; saved pages only
//! count them, and then the entry has none rather than invented ones), the year, the arXiv id as
//! an e-print with its DOI (`10.48550/arXiv.ID`, which arXiv registers for every paper), the
//! address by the rule of [`crate::addresses`], and the abstract. The year is the arXiv id's
//! (when the paper was submitted) and, without one, the year of the feed's date.
//!
//! Citation keys are `familyYEARword` (`ma2024shapesplat`): the first author's family name, the
//! year and the first significant word of the title, folded to ASCII letters and digits; without
//! author names, the word and the year. The key depends only on the record, so it is the same in
//! every export; keys that would repeat within one output get `a`, `b`, … appended, as BibTeX
//! tools do.

use std::collections::HashSet;
use std::io::Write;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use super::JsonWriter;
use crate::addresses::{self, Destination};
use crate::floor::safe_text::for_terminal;
use crate::record::Paper;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CitationFormat {
    /// BibTeX `@misc` entries with the arXiv e-print fields (biblatex and natbib read them).
    #[default]
    Bibtex,
    /// RIS records (`TY  - UNPB` … `ER  - `), as Zotero, EndNote and Mendeley import them.
    Ris,
    /// A CSL-JSON array, as pandoc's citeproc and Zotero read it.
    CslJson,
}

/// Title words that never make a key: articles and the openings titles share.
const KEY_SKIPPED_WORDS: &[&str] = &[
    "a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "towards", "toward", "is", "are", "do", "does",
    "can", "how", "what", "when", "why", "via", "from", "at", "by",
];

/// Lower-case words that belong to a family name ("van Gogh", "de la Cruz").
const NAME_PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "la", "le", "du", "dos", "das", "ter", "ten", "bin",
    "al", "el",
];

/// The facts of one citation, in the shape every format is written from.
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    pub key: String,
    pub title: String,
    /// (given, family) per author, in order.
    pub authors: Vec<(String, String)>,
    /// True when the record counts more authors than it names.
    pub more_authors: bool,
    pub year: Option<i32>,
    pub month: Option<u8>,
    pub day: Option<u8>,
    pub arxiv_id: Option<String>,
    pub url: Option<String>,
    pub abstract_text: String,
}

impl Citation {
    pub fn of(paper: &Paper) -> Citation {
        let arxiv_id = addresses::arxiv_id(paper).map(|id| id.split('v').next().unwrap_or(id).to_string());
        let (year, month, day) = match (&arxiv_id, paper.date) {
            (Some(id), _) => {
                let year = id[..2].parse::<i32>().ok().map(|yy| 2000 + yy);
                (year, id[2..4].parse::<u8>().ok(), None)
            }
            (None, Some(date)) => (Some(date.year()), Some(date.month() as u8), Some(date.day())),
            (None, None) => (None, None, None),
        };
        let authors: Vec<(String, String)> = paper
            .author_names
            .iter()
            .map(|name| split_name(&one_line(name)))
            .collect();
        let more_authors = paper
            .authors
            .is_some_and(|count| !authors.is_empty() && count as usize > authors.len());
        // The paper, not one version of it; and a search is no address for a citation.
        let url = match &arxiv_id {
            Some(id) => Some(addresses::arxiv_abstract(id)),
            None => addresses::address(paper, Destination::Paper)
                .ok()
                .filter(|url| !addresses::is_search(url)),
        };
        Citation {
            key: citation_key(paper, year),
            title: one_line(&paper.title),
            authors,
            more_authors,
            year,
            month,
            day,
            arxiv_id,
            url,
            abstract_text: one_line(&paper.abstract_text),
        }
    }

    fn doi(&self) -> Option<String> {
        self.arxiv_id.as_ref().map(|id| format!("10.48550/arXiv.{id}"))
    }
}

/// The citation key of a paper (see the module documentation); `year` as [`Citation::of`]
/// computes it.
pub fn citation_key(paper: &Paper, year: Option<i32>) -> String {
    let family = paper
        .author_names
        .first()
        .map(|name| key_part(&split_name(name).1))
        .unwrap_or_default();
    let word = paper
        .title
        .split(|c: char| c.is_whitespace() || c == ':' || c == ',')
        .map(key_part)
        .find(|word| !word.is_empty() && !KEY_SKIPPED_WORDS.contains(&word.as_str()))
        .unwrap_or_default();
    let year = year.map(|y| y.to_string()).unwrap_or_default();
    let key = if family.is_empty() {
        format!("{word}{year}")
    } else {
        format!("{family}{year}{word}")
    };
    if key.is_empty() || key.starts_with(|c: char| c.is_ascii_digit()) {
        format!("paper{key}{}", paper.id)
    } else {
        key
    }
}

/// Letters and digits of `text`, folded to lower-case ASCII ("Müller" → "muller").
fn key_part(text: &str) -> String {
    text.nfkd()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// (given, family) of a name written "Given Family" or "Family, Given"; lower-case particles
/// before the last word belong to the family name.
pub fn split_name(name: &str) -> (String, String) {
    let name = name.trim();
    if let Some((family, given)) = name.split_once(',') {
        return (given.trim().to_string(), family.trim().to_string());
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    let Some((last, before)) = words.split_last() else {
        return (String::new(), String::new());
    };
    let mut family_start = before.len();
    while family_start > 1 && NAME_PARTICLES.contains(&before[family_start - 1]) {
        family_start -= 1;
    }
    let family = before[family_start..]
        .iter()
        .chain(std::iter::once(last))
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    (before[..family_start].join(" "), family)
}

/// Text on one line, with terminal controls neutralised and runs of white space made one space.
fn one_line(text: &str) -> String {
    for_terminal(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Writes citations in one [`CitationFormat`], keeping keys unique within the output.
pub struct CitationWriter<W: Write> {
    out: CitationOutput<W>,
    keys: HashSet<String>,
}

/// Where entries go: text entries (BibTeX, RIS) straight to the output, CSL-JSON items into a
/// JSON array.
enum CitationOutput<W: Write> {
    Bibtex(W),
    Ris(W),
    CslJson(JsonWriter<W>),
}

impl<W: Write> CitationWriter<W> {
    pub fn new(out: W, format: CitationFormat) -> CitationWriter<W> {
        let out = match format {
            CitationFormat::Bibtex => CitationOutput::Bibtex(out),
            CitationFormat::Ris => CitationOutput::Ris(out),
            CitationFormat::CslJson => CitationOutput::CslJson(JsonWriter::new(out, false)),
        };
        CitationWriter {
            out,
            keys: HashSet::new(),
        }
    }

    pub fn write(&mut self, paper: &Paper) -> anyhow::Result<()> {
        let mut citation = Citation::of(paper);
        citation.key = self.unique_key(citation.key);
        match &mut self.out {
            CitationOutput::Bibtex(out) => Ok(out.write_all(bibtex_entry(&citation).as_bytes())?),
            CitationOutput::Ris(out) => Ok(out.write_all(ris_entry(&citation).as_bytes())?),
            CitationOutput::CslJson(json) => json.write(&CslItem::from(&citation)),
        }
    }

    pub fn finish(self) -> anyhow::Result<W> {
        match self.out {
            CitationOutput::Bibtex(mut out) | CitationOutput::Ris(mut out) => {
                out.flush()?;
                Ok(out)
            }
            CitationOutput::CslJson(json) => json.finish(),
        }
    }

    fn unique_key(&mut self, key: String) -> String {
        let mut candidate = key.clone();
        let mut suffix = 0u32;
        while !self.keys.insert(candidate.clone()) {
            candidate = format!("{key}{}", alphabetic_suffix(suffix));
            suffix += 1;
        }
        candidate
    }
}

/// `a`, `b`, … `z`, `aa`, `ab`, …
fn alphabetic_suffix(mut n: u32) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'a' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// One BibTeX entry.
pub fn bibtex_entry(citation: &Citation) -> String {
    let mut fields: Vec<(&str, String)> = vec![("title", bibtex_title(&citation.title))];
    if !citation.authors.is_empty() {
        let mut names: Vec<String> = citation
            .authors
            .iter()
            .map(|(given, family)| match given.is_empty() {
                true => format!("{{{}}}", bibtex_escape(family)),
                false => format!("{}, {}", bibtex_escape(family), bibtex_escape(given)),
            })
            .collect();
        if citation.more_authors {
            names.push("others".to_string());
        }
        fields.push(("author", names.join(" and ")));
    }
    if let Some(year) = citation.year {
        fields.push(("year", year.to_string()));
    }
    if let Some(id) = &citation.arxiv_id {
        fields.push(("eprint", id.clone()));
        fields.push(("archivePrefix", "arXiv".to_string()));
    }
    if let Some(doi) = citation.doi() {
        fields.push(("doi", bibtex_escape(&doi)));
    }
    if let Some(url) = &citation.url {
        fields.push(("url", bibtex_escape(url)));
    }
    if !citation.abstract_text.is_empty() {
        fields.push(("abstract", bibtex_escape(&citation.abstract_text)));
    }
    let mut entry = format!("@misc{{{},\n", citation.key);
    for (name, value) in fields {
        entry.push_str(&format!("  {name} = {{{value}}},\n"));
    }
    entry.push_str("}\n\n");
    entry
}

/// A title with its special characters escaped and the words whose capitals matter ("LLaMA",
/// "GPT-4", "BERT") braced, so that styles that change case leave them alone.
fn bibtex_title(title: &str) -> String {
    title
        .split(' ')
        .map(|word| {
            let escaped = bibtex_escape(word);
            let capitals_matter = word
                .chars()
                .filter(|c| c.is_alphabetic())
                .skip(1)
                .any(char::is_uppercase);
            if capitals_matter {
                format!("{{{escaped}}}")
            } else {
                escaped
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text with BibTeX's and LaTeX's special characters escaped; braces stay balanced whatever the
/// input.
pub fn bibtex_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => escaped.push_str("\\textbackslash{}"),
            '{' => escaped.push_str("\\{"),
            '}' => escaped.push_str("\\}"),
            '%' | '&' | '#' | '$' | '_' => {
                escaped.push('\\');
                escaped.push(c);
            }
            '^' => escaped.push_str("\\textasciicircum{}"),
            '~' => escaped.push_str("\\textasciitilde{}"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// One RIS record; lines end in CR LF as the format specifies.
pub fn ris_entry(citation: &Citation) -> String {
    let mut lines: Vec<(&str, String)> = vec![("TY", "UNPB".to_string()), ("ID", citation.key.clone())];
    lines.push(("TI", citation.title.clone()));
    for (given, family) in &citation.authors {
        lines.push((
            "AU",
            if given.is_empty() {
                family.clone()
            } else {
                format!("{family}, {given}")
            },
        ));
    }
    if let Some(year) = citation.year {
        lines.push(("PY", year.to_string()));
    }
    if let (Some(year), Some(month), Some(day)) = (citation.year, citation.month, citation.day) {
        lines.push(("DA", format!("{year:04}/{month:02}/{day:02}")));
    }
    if let Some(id) = &citation.arxiv_id {
        lines.push(("PB", "arXiv".to_string()));
        lines.push(("M1", format!("arXiv:{id}")));
    }
    if let Some(doi) = citation.doi() {
        lines.push(("DO", doi));
    }
    if let Some(url) = &citation.url {
        lines.push(("UR", url.clone()));
    }
    if !citation.abstract_text.is_empty() {
        lines.push(("AB", citation.abstract_text.clone()));
    }
    let mut record = String::new();
    for (tag, value) in lines {
        record.push_str(&format!("{tag}  - {value}\r\n"));
    }
    record.push_str("ER  - \r\n\r\n");
    record
}

/// A CSL-JSON item (CSL 1.0.2).
#[derive(Debug, Serialize)]
struct CslItem<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<CslName<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issued: Option<CslDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    number: Option<&'a str>,
    #[serde(rename = "DOI", skip_serializing_if = "Option::is_none")]
    doi: Option<String>,
    #[serde(rename = "URL", skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(rename = "abstract", skip_serializing_if = "str::is_empty")]
    abstract_text: &'a str,
}

#[derive(Debug, Serialize)]
struct CslName<'a> {
    family: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    given: &'a str,
}

#[derive(Debug, Serialize)]
struct CslDate {
    #[serde(rename = "date-parts")]
    date_parts: [Vec<i32>; 1],
}

impl<'a> From<&'a Citation> for CslItem<'a> {
    fn from(citation: &'a Citation) -> CslItem<'a> {
        let issued = citation.year.map(|year| {
            let parts = [Some(year), citation.month.map(i32::from), citation.day.map(i32::from)];
            CslDate {
                date_parts: [parts.into_iter().map_while(|part| part).collect()],
            }
        });
        CslItem {
            id: &citation.key,
            kind: "article",
            title: &citation.title,
            author: citation
                .authors
                .iter()
                .map(|(given, family)| CslName { family, given })
                .collect(),
            issued,
            publisher: citation.arxiv_id.as_ref().map(|_| "arXiv"),
            number: citation.arxiv_id.as_deref(),
            doi: citation.doi(),
            url: citation.url.as_deref(),
            abstract_text: &citation.abstract_text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Metadata, Source};

    fn paper(title: &str, names: &[&str], arxiv: Option<&str>) -> Paper {
        let mut paper = Paper::unextracted(
            title.into(),
            "An abstract with 50% of {braces} & $math$.".into(),
            Metadata {
                authors: Some(names.len() as u32 + 2),
                date: Some(time::macros::date!(2025 - 12 - 09)),
                upvotes: None,
            },
            Source {
                file: "d.txt".into(),
                line: 1,
            },
        );
        paper.author_names = names.iter().map(|s| s.to_string()).collect();
        paper.arxiv_id = arxiv.map(String::from);
        paper
    }

    #[test]
    fn keys_are_family_year_and_first_significant_word() {
        let p = paper(
            "Shape-Splat: A Large-scale Dataset",
            &["Qi Ma", "Yue Li"],
            Some("2405.15071"),
        );
        assert_eq!(Citation::of(&p).key, "ma2024shapesplat");
        let p = paper("The Müller Effect", &["Jürgen Müller-Lüdenscheidt"], None);
        assert_eq!(Citation::of(&p).key, "mullerludenscheidt2025muller");
        let p = paper("Towards 3D Worlds", &[], None);
        assert_eq!(Citation::of(&p).key, format!("paper3d2025{}", p.id));
        let p = paper("On Scaling", &[], Some("2312.00001"));
        assert_eq!(Citation::of(&p).key, "scaling2023");
    }

    #[test]
    fn names_split_into_given_and_family_with_particles() {
        assert_eq!(split_name("Qi Ma"), ("Qi".into(), "Ma".into()));
        assert_eq!(split_name("Vincent van Gogh"), ("Vincent".into(), "van Gogh".into()));
        assert_eq!(split_name("Cruz, Maria de la"), ("Maria de la".into(), "Cruz".into()));
        assert_eq!(split_name("Plato"), ("".into(), "Plato".into()));
        assert_eq!(split_name("  "), ("".into(), "".into()));
    }

    #[test]
    fn repeated_keys_get_letters() {
        let mut writer = CitationWriter::new(Vec::new(), CitationFormat::Bibtex);
        for _ in 0..3 {
            writer.write(&paper("Scaling Laws", &["Ann Lee"], None)).unwrap();
        }
        let text = String::from_utf8(writer.finish().unwrap()).unwrap();
        let keys: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("@misc{")).collect();
        assert_eq!(keys, ["lee2025scaling,", "lee2025scalinga,", "lee2025scalingb,"]);
        assert_eq!(alphabetic_suffix(25), "z");
        assert_eq!(alphabetic_suffix(26), "aa");
    }

    #[test]
    fn bibtex_escapes_specials_and_braces_capitals() {
        let p = paper("LLaMA-2 for 100% of {Cases} & more_x", &["Qi Ma"], Some("2405.15071v2"));
        let entry = bibtex_entry(&Citation::of(&p));
        assert!(entry.starts_with("@misc{ma2024llama2,\n"), "{entry}");
        assert!(
            entry.contains("  title = {{LLaMA-2} for 100\\% of \\{Cases\\} \\& more\\_x},\n"),
            "{entry}"
        );
        assert!(entry.contains("  author = {Ma, Qi and others},\n"), "{entry}");
        assert!(
            entry.contains("  eprint = {2405.15071},\n  archivePrefix = {arXiv},\n"),
            "{entry}"
        );
        assert!(entry.contains("  doi = {10.48550/arXiv.2405.15071},\n"), "{entry}");
        assert!(
            entry.contains("  url = {https://arxiv.org/abs/2405.15071},\n"),
            "{entry}"
        );
        assert_eq!(
            bibtex_escape("a\\b^c~"),
            "a\\textbackslash{}b\\textasciicircum{}c\\textasciitilde{}"
        );
    }

    #[test]
    fn ris_has_one_line_per_fact() {
        let p = paper("A\tTitle\nOn Two Lines", &["Qi Ma"], None);
        let record = ris_entry(&Citation::of(&p));
        assert_eq!(
            record,
            "TY  - UNPB\r\nID  - ma2025title\r\nTI  - A Title On Two Lines\r\nAU  - Ma, Qi\r\nPY  - 2025\r\n\
             DA  - 2025/12/09\r\nAB  - An abstract with 50% of {braces} & $math$.\r\nER  - \r\n\r\n"
        );
    }

    #[test]
    fn csl_json_items_carry_the_same_facts() {
        let mut writer = CitationWriter::new(Vec::new(), CitationFormat::CslJson);
        writer
            .write(&paper("Shape-Splat", &["Qi Ma"], Some("2405.15071")))
            .unwrap();
        let value: serde_json::Value = serde_json::from_slice(&writer.finish().unwrap()).unwrap();
        assert_eq!(
            value[0],
            serde_json::json!({
                "id": "ma2024shapesplat", "type": "article", "title": "Shape-Splat",
                "author": [{"family": "Ma", "given": "Qi"}],
                "issued": {"date-parts": [[2024, 5]]}, "publisher": "arXiv", "number": "2405.15071",
                "DOI": "10.48550/arXiv.2405.15071", "URL": "https://arxiv.org/abs/2405.15071",
                "abstract": "An abstract with 50% of {braces} & $math$."
            })
        );
    }
}
