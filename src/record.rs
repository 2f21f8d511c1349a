//! The paper record: the one data shape every part of `papers` exchanges, and the JSON contract
//! users build on (`parse`, `export`, `show --json`, `search --json`).
//!
//! Field names are a public contract: fields may be added, never renamed. `authors`, `date` and
//! `upvotes` are `null` when the dump has no metadata block for the paper.
//!
//! The `id` is derived from the title alone, so the same paper gets the same id in every dump, on
//! every machine and in every run: the title is normalised (Unicode NFKC, lower case, only letters
//! and digits kept, so case, punctuation and spacing do not matter), hashed with SHA-256, and the
//! first 50 bits are written as 10 characters of Crockford's base-32 alphabet (no `i l o u`).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::Date;
use unicode_normalization::UnicodeNormalization;

/// Length of a paper id in characters.
pub const ID_LEN: usize = 10;

/// Crockford's base-32 alphabet, lower case: easy to read aloud and type, no ambiguous letters.
const ID_ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// The keys of a record's JSON, in the order they are written: the record contract
/// (docs/records.md). Every record has every key (`null` or empty when unknown).
pub const FIELD_NAMES: [&str; 22] = [
    "id",
    "title",
    "abstract",
    "summary",
    "authors",
    "date",
    "upvotes",
    "comments",
    "links",
    "topics",
    "methods",
    "datasets",
    "introduces",
    "code",
    "github",
    "stars",
    "arxiv_id",
    "author_names",
    "keywords",
    "organization",
    "project_page",
    "source",
];

/// One paper as recovered from a dump.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paper {
    pub id: String,
    pub title: String,
    #[serde(rename = "abstract")]
    pub abstract_text: String,
    /// A summary someone other than the authors wrote (the API's `ai_summary`, a digest's or a
    /// newsletter's summary). Never the abstract, and never taken for it.
    #[serde(default)]
    pub summary: Option<String>,
    pub authors: Option<u32>,
    #[serde(with = "iso_date")]
    pub date: Option<Date>,
    pub upvotes: Option<u64>,
    /// Comments on the paper's discussion, where the page or the API shows the count.
    #[serde(default)]
    pub comments: Option<u64>,
    pub links: Vec<String>,
    pub topics: Vec<String>,
    pub methods: Vec<String>,
    pub datasets: Vec<String>,
    /// Names the paper itself gives to what it contributes (methods, models, datasets).
    #[serde(default)]
    pub introduces: Vec<String>,
    /// The links that point at code: GitHub, GitLab, Bitbucket, Codeberg, Hugging Face repositories.
    #[serde(default)]
    pub code: Vec<String>,
    /// The paper's GitHub repository, where the page links it or the API names it.
    #[serde(default)]
    pub github: Option<String>,
    /// The repository's GitHub stars as the page or the API showed them.
    #[serde(default)]
    pub stars: Option<u64>,
    /// The arXiv identifier (`2405.15738`), from a link to the paper's page or from the API.
    #[serde(default)]
    pub arxiv_id: Option<String>,
    /// Author names in order, where the source lists them (the API does; pages only count them).
    #[serde(default)]
    pub author_names: Vec<String>,
    /// Keywords someone other than the authors chose (the API's `ai_keywords`): searchable and a
    /// facet, never mixed with the methods and datasets `papers` extracts itself.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The organisation the paper was submitted under on Hugging Face, where the API names it.
    #[serde(default)]
    pub organization: Option<String>,
    /// The paper's project page, where the API names one (also listed in `links`).
    #[serde(default)]
    pub project_page: Option<String>,
    pub source: Source,
    /// What extraction found the paper saying about names the index may learn: kept in the index
    /// (the learned lexicon is their sum), never part of the record's JSON.
    #[serde(skip)]
    pub evidence: Vec<crate::extract::learned::Evidence>,
}

/// Where a record came from: the input as named on the command line (`-` is `<stdin>`) and the
/// 1-based line of its title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub file: String,
    pub line: u64,
}

impl Paper {
    /// Builds a record from its parts, deriving the id, the links and the extracted fields.
    pub fn new(title: String, abstract_text: String, metadata: Metadata, source: Source) -> Paper {
        let mut paper = Paper::unextracted(title, abstract_text, metadata, source);
        paper.extract();
        paper
    }

    /// Builds a record from its parts without running extraction yet (`topics`, `methods`,
    /// `datasets` and `introduces` stay empty until [`Paper::extract`]): for callers that may
    /// find the paper unchanged and need nothing more.
    pub fn unextracted(title: String, abstract_text: String, metadata: Metadata, source: Source) -> Paper {
        let links = crate::links::find_links(&abstract_text);
        let code = links
            .iter()
            .filter(|link| crate::links::is_code_link(link))
            .cloned()
            .collect();
        Paper {
            id: paper_id(&title),
            title,
            abstract_text,
            summary: None,
            authors: metadata.authors,
            date: metadata.date,
            upvotes: metadata.upvotes,
            comments: None,
            links,
            topics: Vec::new(),
            methods: Vec::new(),
            datasets: Vec::new(),
            introduces: Vec::new(),
            code,
            github: None,
            stars: None,
            arxiv_id: None,
            author_names: Vec::new(),
            keywords: Vec::new(),
            organization: None,
            project_page: None,
            source,
            evidence: Vec::new(),
        }
    }

    /// What this sighting says beyond the title, abstract and metadata block.
    pub fn details(&self) -> Details {
        Details {
            comments: self.comments,
            stars: self.stars,
            github: self.github.clone(),
            arxiv_id: self.arxiv_id.clone(),
            author_names: self.author_names.clone(),
            summary: self.summary.clone(),
            keywords: self.keywords.clone(),
            organization: self.organization.clone(),
            project_page: self.project_page.clone(),
        }
    }

    /// Sets the details a source provided. A GitHub repository also counts as a code link; a
    /// "repository" that is not a web address (`javascript:…`) is not kept.
    pub fn set_details(&mut self, mut details: Details) {
        details.github = details.github.filter(|url| crate::links::is_web_url(url));
        if let Some(github) = &details.github {
            if !self.code.contains(github) {
                self.code.push(github.clone());
            }
        }
        self.comments = details.comments;
        self.stars = details.stars;
        self.github = details.github;
        self.arxiv_id = details.arxiv_id;
        self.author_names = details.author_names;
        self.summary = details.summary;
        self.keywords = details.keywords;
        self.organization = details.organization;
        self.project_page = details.project_page.filter(|url| crate::links::is_web_url(url));
        if let Some(page) = &self.project_page {
            if !self.links.contains(page) {
                self.links.push(page.clone());
            }
        }
    }

    /// Which optional parts this record has, as a [`Present`] bit set.
    pub fn present(&self) -> Present {
        let flags = [
            (Present::AUTHORS, self.authors.is_some()),
            (Present::DATE, self.date.is_some()),
            (Present::UPVOTES, self.upvotes.is_some()),
            (Present::COMMENTS, self.comments.is_some()),
            (Present::STARS, self.stars.is_some()),
            (Present::GITHUB, self.github.is_some()),
            (Present::ARXIV_ID, self.arxiv_id.is_some()),
            (Present::AUTHOR_NAMES, !self.author_names.is_empty()),
            (Present::ABSTRACT, !self.abstract_text.is_empty()),
            (Present::SUMMARY, self.summary.is_some()),
            (Present::KEYWORDS, !self.keywords.is_empty()),
            (Present::ORGANIZATION, self.organization.is_some()),
            (Present::PROJECT_PAGE, self.project_page.is_some()),
        ];
        Present(
            flags
                .iter()
                .filter(|(_, set)| *set)
                .fold(0, |bits, (flag, _)| bits | flag.0),
        )
    }

    /// Fills what this sighting lacks from an earlier record of the same paper: a source that
    /// shows less (a page without metadata, a capture without abstracts, a text dump without the
    /// API's author names) must not erase what an earlier one said.
    pub fn fill_missing_from(&mut self, earlier: &Paper) {
        self.fill_missing_metadata(earlier.metadata());
        self.fill_missing_details(&earlier.details());
        if self.abstract_text.is_empty() && !earlier.abstract_text.is_empty() {
            self.abstract_text = earlier.abstract_text.clone();
            self.links = earlier.links.clone();
            for link in &earlier.code {
                if !self.code.contains(link) {
                    self.code.push(link.clone());
                }
            }
        }
    }

    /// Fills the details this sighting lacks from an earlier one.
    pub fn fill_missing_details(&mut self, earlier: &Details) {
        self.comments = self.comments.or(earlier.comments);
        self.stars = self.stars.or(earlier.stars);
        if self.github.is_none() {
            if let Some(github) = &earlier.github {
                if !self.code.contains(github) {
                    self.code.push(github.clone());
                }
                self.github = Some(github.clone());
            }
        }
        if self.arxiv_id.is_none() {
            self.arxiv_id = earlier.arxiv_id.clone();
        }
        if self.author_names.is_empty() {
            self.author_names = earlier.author_names.clone();
        }
        if self.summary.is_none() {
            self.summary = earlier.summary.clone();
        }
        if self.keywords.is_empty() {
            self.keywords = earlier.keywords.clone();
        }
        if self.organization.is_none() {
            self.organization = earlier.organization.clone();
        }
        if self.project_page.is_none() {
            if let Some(page) = &earlier.project_page {
                if !self.links.contains(page) {
                    self.links.push(page.clone());
                }
                self.project_page = Some(page.clone());
            }
        }
    }

    /// Runs extraction on the title and abstract, filling the extracted fields.
    pub fn extract(&mut self) {
        self.extract_with(&crate::extract::learned::Learned::default());
    }

    /// Runs extraction with the names an index learned (see [`crate::extract::learned`]).
    pub fn extract_with(&mut self, learned: &crate::extract::learned::Learned) {
        let extraction = crate::extract::extract_with(&self.title, &self.abstract_text, learned);
        self.topics = extraction.topics;
        self.methods = extraction.methods;
        self.datasets = extraction.datasets;
        self.introduces = extraction.introduces;
        self.evidence = extraction.evidence;
    }

    /// The metadata block of this record.
    pub fn metadata(&self) -> Metadata {
        Metadata {
            authors: self.authors,
            date: self.date,
            upvotes: self.upvotes,
        }
    }

    /// True when one of the links points at code.
    pub fn has_code(&self) -> bool {
        !self.code.is_empty()
    }

    /// A fingerprint of what the dump said about the paper (not where it said it): two sightings
    /// with the same fingerprint carry the same information, so re-ingesting them changes nothing.
    /// Everything else in a record is derived from these fields by this version of papers, so the
    /// fingerprint can be compared before extraction runs (`papers reindex` applies a newer
    /// version's extraction to papers already indexed).
    pub fn content_fingerprint(&self) -> u64 {
        let content = (
            (
                &self.title,
                &self.abstract_text,
                self.authors,
                self.date.map(|d| d.to_string()),
                self.upvotes,
            ),
            (
                self.comments,
                self.stars,
                &self.github,
                &self.arxiv_id,
                &self.author_names,
            ),
            (&self.summary, &self.keywords, &self.organization, &self.project_page),
        );
        let bytes = serde_json::to_vec(&content).expect("a tuple of plain values serialises");
        xxhash_rust::xxh3::xxh3_64(&bytes)
    }

    /// Fills the metadata this sighting lacks from an earlier one: a dump that shows a paper without
    /// its metadata block must not erase what an earlier dump said.
    pub fn fill_missing_metadata(&mut self, earlier: Metadata) {
        self.authors = self.authors.or(earlier.authors);
        self.date = self.date.or(earlier.date);
        self.upvotes = self.upvotes.or(earlier.upvotes);
    }
}

/// The optional metadata block under a paper: author count, date, upvotes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Metadata {
    pub authors: Option<u32>,
    pub date: Option<Date>,
    pub upvotes: Option<u64>,
}

impl Metadata {
    pub fn has_gaps(&self) -> bool {
        self.authors.is_none() || self.date.is_none() || self.upvotes.is_none()
    }
}

/// What some sources say about a paper beyond its title, abstract and metadata block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Details {
    pub comments: Option<u64>,
    pub stars: Option<u64>,
    pub github: Option<String>,
    pub arxiv_id: Option<String>,
    pub author_names: Vec<String>,
    pub summary: Option<String>,
    pub keywords: Vec<String>,
    pub organization: Option<String>,
    pub project_page: Option<String>,
}

impl Details {
    pub fn is_empty(&self) -> bool {
        *self == Details::default()
    }
}

/// Which optional parts a record has, as bits (kept in the index, so a sighting that lacks a part
/// the stored record has can be told without reading the record).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Present(pub u64);

impl Present {
    pub const AUTHORS: Present = Present(1);
    pub const DATE: Present = Present(1 << 1);
    pub const UPVOTES: Present = Present(1 << 2);
    pub const COMMENTS: Present = Present(1 << 3);
    pub const STARS: Present = Present(1 << 4);
    pub const GITHUB: Present = Present(1 << 5);
    pub const ARXIV_ID: Present = Present(1 << 6);
    pub const AUTHOR_NAMES: Present = Present(1 << 7);
    pub const ABSTRACT: Present = Present(1 << 8);
    pub const SUMMARY: Present = Present(1 << 9);
    pub const KEYWORDS: Present = Present(1 << 10);
    pub const ORGANIZATION: Present = Present(1 << 11);
    pub const PROJECT_PAGE: Present = Present(1 << 12);

    /// True when `self` has a part that `sighting` lacks.
    pub fn has_more_than(self, sighting: Present) -> bool {
        self.0 & !sighting.0 != 0
    }
}

/// The title with case, punctuation and spacing removed: two titles that differ only in those
/// are the same paper.
pub fn normalized_title(title: &str) -> String {
    let normalized: String = if title.is_ascii() {
        // NFKC leaves ASCII as it is (most titles; this runs for every sighting).
        title
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|byte| char::from(byte.to_ascii_lowercase()))
            .collect()
    } else {
        title
            .nfkc()
            .flat_map(char::to_lowercase)
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    if normalized.is_empty() {
        // A title of punctuation only still deserves a stable id of its own.
        title.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        normalized
    }
}

/// The stable id of the paper with this title.
pub fn paper_id(title: &str) -> String {
    let digest = Sha256::digest(normalized_title(title).as_bytes());
    let bits = u64::from_be_bytes(digest[..8].try_into().expect("a SHA-256 digest has 32 bytes"));
    (0..ID_LEN)
        .map(|i| {
            let shift = 64 - 5 * (i + 1);
            ID_ALPHABET[((bits >> shift) & 0x1f) as usize] as char
        })
        .collect()
}

/// A paper id as a number, for compact in-memory sets: the id's own 50 bits (every id is ten
/// base-32 digits), or a hash for text that is not an id.
pub fn id_key(id: &str) -> u64 {
    let exact = (id.len() == ID_LEN)
        .then(|| {
            id.bytes().try_fold(0u64, |value, byte| {
                ID_ALPHABET
                    .iter()
                    .position(|&digit| digit == byte)
                    .map(|digit| (value << 5) | digit as u64)
            })
        })
        .flatten();
    match exact {
        Some(key) => key,
        None => {
            let digest = Sha256::digest(id.as_bytes());
            // Above 2^50, so never equal to a real id's key.
            u64::from_be_bytes(digest[..8].try_into().expect("a SHA-256 digest has 32 bytes")) | (1 << 63)
        }
    }
}

/// True when `text` could be (a prefix of) a paper id.
/// The shortest id prefix that names a paper, in every command. Shorter prefixes name a paper only
/// by the luck of a small index, and would take short tags ("3d", "rl") for ids.
pub const MIN_ID_PREFIX: usize = 3;

pub fn is_id_like(text: &str) -> bool {
    !text.is_empty() && text.len() <= ID_LEN && text.bytes().all(|b| ID_ALPHABET.contains(&b.to_ascii_lowercase()))
}

/// Dates as `YYYY-MM-DD` strings in JSON, `null` when unknown.
pub(crate) mod iso_date {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    pub fn serialize<S: Serializer>(date: &Option<Date>, serializer: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => serializer.collect_str(date),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Date>, D::Error> {
        let text: Option<String> = Option::deserialize(deserializer)?;
        text.map(|text| super::parse_iso_date(&text).map_err(serde::de::Error::custom))
            .transpose()
    }
}

/// Parses `YYYY-MM-DD`.
pub fn parse_iso_date(text: &str) -> Result<Date, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text.trim(), &format).map_err(|_| format!("'{text}' is not a date of the form YYYY-MM-DD"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_ignore_case_punctuation_and_spacing() {
        let a = paper_id("Pre-Training and Fine-Tuning Generative Flow Networks");
        let b = paper_id("pre training  and fine tuning generative flow networks!");
        assert_eq!(a, b);
        assert_eq!(a.len(), ID_LEN);
        assert_ne!(a, paper_id("Pre-Training and Fine-Tuning Generative Flow Network"));
    }

    #[test]
    fn id_keys_are_the_ids_own_bits() {
        assert_eq!(id_key("0000000001"), 1);
        assert_eq!(id_key("f9zwrgn90s"), id_key("f9zwrgn90s"));
        assert_ne!(id_key("f9zwrgn90s"), id_key("f9zwrgn90t"));
        let id = paper_id("Some Title");
        assert!(id_key(&id) < 1 << 50, "a real id is its 50 bits");
        assert!(
            id_key("not an id!") >= 1 << 63,
            "anything else is hashed above every id"
        );
    }

    #[test]
    fn ids_are_stable_across_releases() {
        // Changing this value breaks every user's stored ids: never update it casually.
        assert_eq!(
            paper_id("On the Provable Advantage of Unsupervised Pretraining"),
            paper_id("on the provable advantage of unsupervised pretraining")
        );
        assert_eq!(normalized_title("Re-TACRED: Addressing"), "retacredaddressing");
        assert_eq!(normalized_title("ﬁne Ｔuning"), "finetuning");
    }

    #[test]
    fn id_like_accepts_prefixes_only_from_the_alphabet() {
        assert!(is_id_like("k3m9"));
        assert!(!is_id_like("hello world"));
        assert!(!is_id_like(""));
        assert!(!is_id_like("k3m9x2a7qd0"));
    }

    #[test]
    fn json_shape_is_the_contract() {
        let paper = Paper::new(
            "A Title".into(),
            "See https://github.com/a/b).".into(),
            Metadata {
                authors: Some(4),
                date: Some(parse_iso_date("2023-03-02").unwrap()),
                upvotes: Some(0),
            },
            Source {
                file: "dump.txt".into(),
                line: 13,
            },
        );
        let text = serde_json::to_string(&paper).unwrap();
        let positions: Vec<usize> = FIELD_NAMES
            .iter()
            .map(|k| text.find(&format!("\"{k}\":")).unwrap())
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        // Every key written is in the list, and the list has no key that is not written.
        let mut written: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        written.sort_unstable();
        let mut listed = FIELD_NAMES.to_vec();
        listed.sort_unstable();
        assert_eq!(written, listed);
        assert_eq!(json["date"], "2023-03-02");
        assert_eq!(json["links"][0], "https://github.com/a/b");
        let back: Paper = serde_json::from_value(json).unwrap();
        assert_eq!(back, paper);
    }

    #[test]
    fn missing_metadata_is_filled_from_an_earlier_sighting() {
        let mut paper = Paper::new(
            "T".into(),
            "A".into(),
            Metadata::default(),
            Source {
                file: "x".into(),
                line: 1,
            },
        );
        paper.fill_missing_metadata(Metadata {
            authors: Some(3),
            date: None,
            upvotes: Some(7),
        });
        assert_eq!((paper.authors, paper.date, paper.upvotes), (Some(3), None, Some(7)));
    }
}
