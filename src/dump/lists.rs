//! Recogniser for lists of papers that people and bots write in Markdown: daily digests
//! (`## Daily Papers (2024-12-11)`, then `### [Title](https://arxiv.org/abs/…)`, `Vote: 2`,
//! `Authors: A, B`), newsletters (`## Title` sections ending in a link to the paper), and tables
//! whose header names a title column (`| Title | Authors | Summary |`).
//!
//! These are not clipped pages: nothing says `2 authors` or `·`, and the text under a paper is
//! someone's summary (often in another language), never the abstract. So they have a grammar of
//! their own, read over the whole document (they are a few kilobytes; at most
//! [`LONGEST_LIST_BYTES`]):
//!
//! - **Sections.** Headings make a tree. A heading is a paper when its section — its own lines and
//!   those of sub-sections that are not papers themselves — names exactly one paper (a link to
//!   its page on Hugging Face, arXiv or alphaXiv, or an arXiv id given as a field), or carries
//!   fields of one (votes, authors). A heading whose sub-sections are papers is a container; a
//!   date in it (`Daily Papers (2024-12-11)`) is the date of papers that give none.
//! - **Fields** are `Label: value` lines in any of the usual languages and decorations
//!   (`Vote: 2`, `- 👤 **作者**: …`, `Authors: ['A', 'B']`); unlabelled text is the summary, unless
//!   it sits under an `Abstract` heading or label.
//! - **Tables.** Each row of a table with a title column is a paper; cells give links, authors,
//!   votes, a date and a summary by their column's name. A trailing `(Read more on arXiv or
//!   HuggingFace)` in a title cell is the row's links, not its title.
//!
//! A section or row becomes a record only with evidence (a paper link or id, votes or authors);
//! the same paper found in a table and in a section is one record.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::dates::DateLine;
use super::markup::{self, Markup};
use super::paragraphs::{join_wrapped, normalize_space};
use super::structured::split_names;
use super::{Emitter, FoundPaper, ParseError, Upvotes};
use crate::record::{id_key, paper_id, parse_iso_date, Details};

/// Most bytes of a list read (it is held whole to see its structure).
pub(crate) const LONGEST_LIST_BYTES: usize = 16 << 20;
/// Titles are short; a longer "title" is prose.
const LONGEST_TITLE_CHARS: usize = 300;

static HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(#{1,6})\s+(.*?)\s*#*\s*$").expect("valid heading pattern"));
static TABLE_SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$").expect("valid separator pattern")
});
/// `Label: value`, the label short and without sentence punctuation.
static FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([^:：.!?]{1,40}?)\s*[:：]\s*(.*)$").expect("valid field pattern"));
/// Numbering before a title in a heading: `1.`, `1)`, `#1`, `No. 1`, `[1]`.
static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:no\.?\s*)?#?\d{1,3}[.)、:]?\s+|\[\d{1,3}\]\s*)").expect("valid numbering pattern")
});
static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4}-\d{2}-\d{2})\b").expect("valid date pattern"));
static ARXIV_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:arxiv:\s*)?(\d{4}\.\d{4,5})(?:v\d+)?$").expect("valid arXiv id pattern"));

/// True for a line giving a paper's votes or authors as a labelled field (for detection).
pub(crate) fn is_paper_field(line: &str) -> bool {
    let words = line
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_matches(|c: char| c == '*' || c == '_');
    FIELD.captures(words).is_some_and(|found| {
        let label = found[1].trim_matches(|c: char| c == '*' || c == '_' || c == '`' || c.is_whitespace());
        matches!(role_of(label), Some(Role::Upvotes | Role::Authors)) && !found[2].trim().is_empty()
    })
}

/// True for a table's header line followed by its separator (`|---|:---:|`). The outer pipes
/// are optional (`Title | Votes` over `--- | ---:`), so the two must have as many cells.
pub(crate) fn is_table_header(line: &str, next: &str) -> bool {
    line.contains('|') && TABLE_SEPARATOR.is_match(next) && cells(line).len() == cells(next).len()
}

/// True for a table header naming a title column.
pub(crate) fn names_a_title_column(line: &str) -> bool {
    cells(line).iter().any(|cell| role_of(cell) == Some(Role::Title))
}

/// What a field or a table column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Title,
    Upvotes,
    Authors,
    Date,
    Link,
    Abstract,
    Summary,
    Github,
}

/// The role of a label or a column name, in the languages lists are written in.
fn role_of(label: &str) -> Option<Role> {
    let key: String = label
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    Some(match key.as_str() {
        "title" | "paper" | "papers" | "papertitle" | "name" | "título" | "titulo" | "titre" | "titel" | "titolo"
        | "artículo" | "articulo" | "artigo" | "article" | "название" | "заголовок" | "статья" | "论文" | "标题"
        | "论文标题" | "논문" | "제목" | "タイトル" | "論文" => Role::Title,
        "vote" | "votes" | "upvote" | "upvotes" | "likes" | "votos" | "voti" | "stimmen" | "voix" | "голоса"
        | "голосов" | "热度" | "点赞" | "投票" | "投票数" | "추천" | "투표" | "좋아요" | "いいね" => {
            Role::Upvotes
        }
        "author" | "authors" | "autor" | "autores" | "auteur" | "auteurs" | "autoren" | "autori" | "авторы"
        | "автор" | "作者" | "저자" | "著者" => Role::Authors,
        "date" | "published" | "publishedon" | "publicationdate" | "fecha" | "data" | "datum" | "дата" | "发布日期"
        | "发表日期" | "日期" | "날짜" | "게시일" | "日付" | "公開日" => Role::Date,
        "link" | "links" | "url" | "arxiv" | "pdf" | "paperlink" | "huggingface" | "hf" | "enlace" | "lien"
        | "ligação" | "ссылка" | "链接" | "论文链接" | "링크" | "リンク" => Role::Link,
        "abstract" | "abstractoriginal" | "originalabstract" | "аннотация" => Role::Abstract,
        "summary" | "tldr" | "resumen" | "résumé" | "resume" | "resumo" | "riassunto" | "zusammenfassung"
        | "кратко" | "摘要" | "总结" | "요약" | "ai要約" | "要約" | "概要" => Role::Summary,
        "github" | "code" | "repo" | "repository" | "código" | "codigo" | "codice" | "код" | "代码" | "코드"
        | "コード" => Role::Github,
        _ => return None,
    })
}

/// One paper as read from a section or a table row.
#[derive(Debug, Default)]
struct Entry {
    title: String,
    line: u64,
    arxiv: Option<String>,
    upvotes: Option<u64>,
    author_names: Vec<String>,
    authors: Option<u32>,
    date: Option<time::Date>,
    abstract_text: String,
    summary: String,
    github: Option<String>,
    /// Some field of a paper (votes, authors, an id) was given.
    fields_given: bool,
}

impl Entry {
    fn has_evidence(&self) -> bool {
        self.arxiv.is_some() || self.fields_given
    }

    /// Fills what this one lacks from another finding of the same paper.
    fn merge(&mut self, other: Entry) {
        self.arxiv = self.arxiv.take().or(other.arxiv);
        self.upvotes = self.upvotes.or(other.upvotes);
        if self.author_names.is_empty() {
            self.author_names = other.author_names;
            self.authors = self.authors.or(other.authors);
        }
        self.date = self.date.or(other.date);
        if self.abstract_text.is_empty() {
            self.abstract_text = other.abstract_text;
        }
        if self.summary.is_empty() {
            self.summary = other.summary;
        }
        self.github = self.github.take().or(other.github);
        self.fields_given |= other.fields_given;
    }
}

/// Holds the document's lines, then reads them as a whole at the end.
#[derive(Default)]
pub(crate) struct ListRecogniser {
    lines: Vec<(u64, String)>,
    bytes: usize,
    truncated: bool,
}

impl ListRecogniser {
    pub fn feed(&mut self, line: super::lines::Line, out: &mut Emitter<'_>) -> Result<(), ParseError> {
        if self.truncated {
            return Ok(());
        }
        self.bytes += line.text.len() + 1;
        if self.bytes > LONGEST_LIST_BYTES {
            self.truncated = true;
            return out.warn(
                line.number,
                format!(
                    "a list of papers longer than {} MiB; the rest is not read",
                    LONGEST_LIST_BYTES >> 20
                ),
            );
        }
        self.lines.push((line.number, line.text));
        Ok(())
    }

    pub fn finish(&mut self, out: &mut Emitter<'_>) -> Result<(), ParseError> {
        let lines = std::mem::take(&mut self.lines);
        // The same paper in a table and in a section is one record: known by its arXiv id, or
        // by its title (a section may give a longer title than the table).
        let mut entries: Vec<Entry> = Vec::new();
        let mut by_title: HashMap<u64, usize> = HashMap::new();
        let mut by_arxiv: HashMap<String, usize> = HashMap::new();
        let mut add = |entry: Entry, entries: &mut Vec<Entry>| {
            let key = id_key(&paper_id(&entry.title));
            let known = entry
                .arxiv
                .as_ref()
                .and_then(|arxiv| by_arxiv.get(arxiv))
                .or_else(|| by_title.get(&key))
                .copied();
            let at = match known {
                Some(at) => {
                    entries[at].merge(entry);
                    at
                }
                None => {
                    entries.push(entry);
                    entries.len() - 1
                }
            };
            by_title.insert(key, at);
            if let Some(arxiv) = &entries[at].arxiv {
                by_arxiv.insert(arxiv.clone(), at);
            }
        };
        let (blocks, tables) = split_tables(&lines);
        for table in &tables {
            for entry in table_entries(table) {
                add(entry, &mut entries);
            }
        }
        for entry in section_entries(&blocks) {
            add(entry, &mut entries);
        }
        entries.sort_by_key(|entry| entry.line);
        for entry in entries {
            if !entry.has_evidence() {
                out.skip(
                    entry.line,
                    &entry.title,
                    "nothing says it is a paper (no link to one, no arXiv id, votes or authors)",
                );
                continue;
            }
            out.paper(FoundPaper {
                title: entry.title,
                abstract_text: normalize_space(&entry.abstract_text),
                title_line: entry.line,
                authors: entry.authors,
                date: entry.date.map(|date| {
                    (
                        DateLine {
                            month: date.month(),
                            day: date.day(),
                            year: Some(date.year()),
                            upvotes: None,
                        },
                        entry.line,
                    )
                }),
                upvotes: entry.upvotes.map_or(Upvotes::Unknown, Upvotes::Shown),
                details: Details {
                    comments: None,
                    stars: None,
                    github: entry.github,
                    arxiv_id: entry.arxiv,
                    author_names: entry.author_names,
                    summary: Some(normalize_space(&entry.summary)).filter(|summary| !summary.is_empty()),
                    keywords: Vec::new(),
                    organization: None,
                    project_page: None,
                },
            })?;
        }
        Ok(())
    }
}

/// A Markdown table: its header's cells and its rows, each with its first line.
struct Table {
    header: Vec<String>,
    rows: Vec<(u64, Vec<String>)>,
}

/// The lines outside tables, and the tables.
fn split_tables(lines: &[(u64, String)]) -> (Vec<(u64, String)>, Vec<Table>) {
    let mut outside = Vec::new();
    let mut tables = Vec::new();
    let mut at = 0;
    while at < lines.len() {
        let (number, text) = &lines[at];
        let is_header = lines.get(at + 1).is_some_and(|(_, next)| is_table_header(text, next));
        if !is_header {
            outside.push((*number, text.clone()));
            at += 1;
            continue;
        }
        let header = cells(text);
        let width = header.len();
        let mut table = Table {
            header,
            rows: Vec::new(),
        };
        let outer_pipes = text.trim_start().starts_with('|');
        let is_row = |line: &str| {
            if outer_pipes {
                line.trim_start().starts_with('|')
            } else {
                !line.trim().is_empty() && line.contains('|')
            }
        };
        at += 2;
        // A row may run over several lines (a title keeping arXiv's line break): it ends when it
        // has as many cells as the header.
        while at < lines.len() && is_row(&lines[at].1) {
            let first = lines[at].0;
            let mut row = lines[at].1.clone();
            at += 1;
            while cells(&row).len() < width
                && at < lines.len()
                && !lines[at].1.trim().is_empty()
                && !lines[at].1.trim_start().starts_with('|')
            {
                row.push(' ');
                row.push_str(lines[at].1.trim());
                at += 1;
            }
            table.rows.push((first, cells(&row)));
        }
        tables.push(table);
    }
    (outside, tables)
}

/// The cells of a table line, split at unescaped `|` (a `\|` is a bar inside a cell).
fn cells(line: &str) -> Vec<String> {
    let trimmed = line.trim();
    let inner = trimmed.strip_prefix('|').unwrap_or(trimmed);
    let inner = inner
        .strip_suffix('|')
        .filter(|rest| !rest.ends_with('\\'))
        .unwrap_or(inner);
    let mut cells = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cells.last_mut().expect("one cell at least").push('|');
                chars.next();
            }
            '|' => cells.push(String::new()),
            c => cells.last_mut().expect("one cell at least").push(c),
        }
    }
    cells.iter().map(|cell| cell.trim().to_string()).collect()
}

/// The papers of a table with a title column; none for another table.
fn table_entries(table: &Table) -> Vec<Entry> {
    let roles: Vec<Option<Role>> = table.header.iter().map(|name| role_of(name)).collect();
    let Some(title_column) = roles.iter().position(|role| *role == Some(Role::Title)) else {
        return Vec::new();
    };
    let mut entries = Vec::new();
    for (line, row) in &table.rows {
        let Some(title_cell) = row.get(title_column) else {
            continue;
        };
        let cleaned = markup::clean(title_cell, Markup::Markdown);
        let Some(title) = title_of(&without_link_note(&cleaned)) else {
            continue;
        };
        let mut entry = Entry {
            title,
            line: *line,
            ..Entry::default()
        };
        for (column, cell) in row.iter().enumerate() {
            let cleaned = markup::clean(cell, Markup::Markdown);
            note_links(&mut entry, &cleaned);
            match roles.get(column).copied().flatten() {
                Some(role) if role != Role::Title && role != Role::Link => {
                    apply(&mut entry, role, &cleaned.text, &cleaned);
                }
                _ => {}
            }
        }
        entries.push(entry);
    }
    if !authors_column_is_complete(&entries) {
        for entry in &mut entries {
            entry.authors = None;
        }
    }
    entries
}

/// True when a table's author cells list every author, so their lengths are counts. Tools that
/// copy the page's avatar row show a few user names (`Zuozhu, Mu437, Xintao`) or cut the list
/// at a fixed length: single-word names, or many rows at a longest length no row exceeds, say
/// the column shows some of the authors; their names are kept, their number is not a count.
fn authors_column_is_complete(entries: &[Entry]) -> bool {
    let counted: Vec<u32> = entries.iter().filter_map(|entry| entry.authors).collect();
    let user_names = entries
        .iter()
        .flat_map(|entry| &entry.author_names)
        .any(|name| !name.trim().contains(char::is_whitespace));
    let Some(&longest) = counted.iter().max() else {
        return false;
    };
    let at_longest = counted.iter().filter(|&&count| count == longest).count();
    let cut_at_fixed_length = at_longest >= 2 && at_longest * 4 >= counted.len();
    !user_names && !cut_at_fixed_length
}

/// A title cell without a trailing note made of its links (`(Read more on arXiv or
/// HuggingFace)`): a parenthesis whose words are mostly link texts.
fn without_link_note(cleaned: &markup::Cleaned) -> String {
    let text = cleaned.text.trim();
    if let (Some(open), true) = (text.rfind('('), text.ends_with(')')) {
        let note = &text[open + 1..text.len() - 1];
        let linked: usize = cleaned
            .links
            .iter()
            .filter(|link| note.contains(link.text.as_str()))
            .count();
        let words = note.split_whitespace().count();
        if linked > 0 && words <= linked + 5 {
            return text[..open].trim().to_string();
        }
    }
    text.to_string()
}

/// A heading's or cell's text as a title: numbering, emoji and markers removed; `None` when what
/// is left is not a title (empty, an arXiv id, a date, prose too long).
fn title_of(text: &str) -> Option<String> {
    let text = text
        .trim()
        .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '(' && c != '[' && c != '"');
    let text = NUMBERING.replace(text, "");
    let text = normalize_space(text.trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace()));
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    // A title never holds an arXiv id: `2608.05987 AgentOPSD` is an id and a nickname.
    let holds_id = text
        .split([',', ' ', '(', ')'])
        .any(|part| ARXIV_ID.is_match(part.trim_matches(|c: char| c == '`' || c == '[' || c == ']')));
    (letters >= 3 && !holds_id && text.chars().count() <= LONGEST_TITLE_CHARS).then_some(text)
}

/// Records the paper and repository links of a line.
fn note_links(entry: &mut Entry, cleaned: &markup::Cleaned) {
    for link in &cleaned.links {
        let markup::Target::Url(url) = &link.target else {
            continue;
        };
        if let Some(arxiv) = markup::paper_page(url)
            .map(|(arxiv, _)| arxiv)
            .or_else(|| markup::arxiv_id_of_link(url))
        {
            entry.arxiv.get_or_insert(arxiv);
        } else if let Some(repository) = markup::github_repository(url) {
            entry.github.get_or_insert(repository);
        }
    }
}

/// Sets what a field says.
fn apply(entry: &mut Entry, role: Role, value: &str, cleaned: &markup::Cleaned) {
    let value = value.trim();
    match role {
        Role::Title | Role::Link => {
            if let Some(found) = ARXIV_ID.captures(value.trim_matches('`')) {
                entry.arxiv.get_or_insert(found[1].to_string());
                entry.fields_given = true;
            }
            note_links(entry, cleaned);
        }
        Role::Upvotes => {
            let digits: String = value.chars().filter(char::is_ascii_digit).collect();
            if let Ok(count) = digits.parse() {
                entry.upvotes = Some(count);
                entry.fields_given = true;
            }
        }
        Role::Authors => {
            let truncated = value.contains("et al");
            let names = split_names(value);
            if !names.is_empty() {
                entry.authors = (!truncated).then(|| u32::try_from(names.len()).unwrap_or(u32::MAX));
                entry.author_names = names;
                entry.fields_given = true;
            }
        }
        Role::Date => entry.date = entry.date.or_else(|| date_in(value)),
        Role::Abstract => join_wrapped(&mut entry.abstract_text, value),
        Role::Summary => join_wrapped(&mut entry.summary, value),
        Role::Github => {
            note_links(entry, cleaned);
            if entry.github.is_none() {
                entry.github = markup::github_repository(value);
            }
        }
    }
}

fn date_in(text: &str) -> Option<time::Date> {
    ISO_DATE
        .captures(text)
        .and_then(|found| parse_iso_date(&found[1]).ok())
        .or_else(|| {
            let line = DateLine::parse(text.trim())?;
            time::Date::from_calendar_date(line.year?, line.month, line.day).ok()
        })
}

/// A heading and what is under it up to the next heading.
struct Section {
    level: usize,
    heading: String,
    line: u64,
    body: Vec<(u64, String)>,
}

/// The papers of the document's sections (see the module comment).
fn section_entries(lines: &[(u64, String)]) -> Vec<Entry> {
    let mut sections: Vec<Section> = Vec::new();
    let mut in_code = false;
    for (number, text) in lines {
        if text.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        match HEADING.captures(text).filter(|_| !in_code) {
            Some(found) => sections.push(Section {
                level: found[1].len(),
                heading: found[2].to_string(),
                line: *number,
                body: Vec::new(),
            }),
            None => {
                if let Some(section) = sections.last_mut() {
                    section.body.push((*number, text.clone()));
                }
            }
        }
    }
    // Which sections are papers: decided from the deepest up, so a section knows whether any
    // section inside it is one.
    let count = sections.len();
    let mut extra: Vec<(usize, Vec<Entry>)> = Vec::new();
    let mut is_paper = vec![false; count];
    let mut entries: Vec<Option<Entry>> = (0..count).map(|_| None).collect();
    for at in (0..count).rev() {
        let end = (at + 1..count)
            .find(|&next| sections[next].level <= sections[at].level)
            .unwrap_or(count);
        let inner = at + 1..end;
        if inner.clone().any(|inside| is_paper[inside]) {
            continue;
        }
        let Some(entry) = read_section(&sections[at], &sections[inner]) else {
            continue;
        };
        is_paper[at] = true;
        entries[at] = Some(entry);
    }
    // Lists of papers inside sections that are not papers themselves (`- **Title** (`id`) —
    // [Hugging Face](…)`, `- [Title](https://arxiv.org/abs/…)`).
    for at in 0..count {
        if is_paper[at] {
            continue;
        }
        let mut items = Vec::new();
        for (number, text) in &sections[at].body {
            if let Some(entry) = list_item_entry(*number, text) {
                items.push(entry);
            }
        }
        if !items.is_empty() {
            extra.push((at, items));
        }
    }
    // A date in a container's heading is the date of the papers inside that give none.
    for at in 0..count {
        if is_paper[at] {
            continue;
        }
        let Some(date) = ISO_DATE
            .captures(&sections[at].heading)
            .and_then(|found| parse_iso_date(&found[1]).ok())
        else {
            continue;
        };
        let end = (at + 1..count)
            .find(|&next| sections[next].level <= sections[at].level)
            .unwrap_or(count);
        for entry in entries[at + 1..end].iter_mut().flatten() {
            entry.date.get_or_insert(date);
        }
        for (_, items) in extra.iter_mut().filter(|(within, _)| (at..end).contains(within)) {
            for entry in items.iter_mut() {
                entry.date.get_or_insert(date);
            }
        }
    }
    entries
        .into_iter()
        .flatten()
        .chain(extra.into_iter().flat_map(|(_, items)| items))
        .collect()
}

/// A list item that names one paper: its title in bold or as the text of the paper's link, and
/// the paper by a link or an arXiv id.
fn list_item_entry(number: u64, line: &str) -> Option<Entry> {
    static BULLET: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+").expect("valid bullet pattern"));
    static BOLD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\*\*([^*]+)\*\*|__([^_]+)__").expect("valid bold pattern"));
    static CODE_ID: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"`(\d{4}\.\d{4,5})(?:v\d+)?`").expect("valid id pattern"));
    let item = line.strip_prefix(BULLET.find(line)?.as_str())?;
    let cleaned = markup::clean(item, Markup::Markdown);
    let mut ids: Vec<String> = CODE_ID.captures_iter(item).map(|found| found[1].to_string()).collect();
    let mut paper_link_text = None;
    for link in &cleaned.links {
        if let markup::Target::Url(url) = &link.target {
            if let Some(arxiv) = markup::paper_page(url)
                .map(|(arxiv, _)| arxiv)
                .or_else(|| markup::arxiv_id_of_link(url))
            {
                paper_link_text.get_or_insert(link.text.clone());
                ids.push(arxiv);
            }
        }
    }
    ids.sort();
    ids.dedup();
    let [arxiv] = ids.as_slice() else {
        return None;
    };
    let bold = BOLD
        .captures(item)
        .and_then(|found| found.get(1).or(found.get(2)))
        .map(|found| markup::clean(found.as_str(), Markup::Markdown).text);
    // A link's text is a title unless it names the site (`arXiv`, `Hugging Face`, `PDF`).
    let linked = paper_link_text.filter(|text| text.split_whitespace().count() >= 3);
    // Or the plain text before a dash or the id: `Title — `2608.05987` — [Hugging Face](…)`.
    let leading = || {
        let text = cleaned.text.trim();
        let end = [" — ", " – ", " - ", " (", " `"]
            .iter()
            .filter_map(|separator| text.find(separator))
            .min()?;
        Some(text[..end].to_string())
    };
    let title = title_of(&bold.or(linked).or_else(leading)?)?;
    // The item is the title and its links, not prose that mentions a paper (`**Validate the
    // diagnostics** (`2608.05798`). Preregister rankings …`).
    let mut rest = cleaned.text.replacen(&title, " ", 1).replace('`', " ");
    for link in &cleaned.links {
        rest = rest.replacen(&link.text, " ", 1);
    }
    let other_words = rest
        .split_whitespace()
        .filter(|word| {
            word.chars().any(char::is_alphabetic)
                && !ARXIV_ID.is_match(word.trim_matches(|c: char| !c.is_alphanumeric() && c != '.'))
        })
        .count();
    if other_words > 4 {
        return None;
    }
    Some(Entry {
        title,
        line: number,
        arxiv: Some(arxiv.clone()),
        ..Entry::default()
    })
}

/// A section read as a paper, or `None` when it is not one.
fn read_section(section: &Section, inner: &[Section]) -> Option<Entry> {
    let heading = markup::clean(&section.heading, Markup::Markdown);
    let title = title_of(&heading.text)?;
    let mut entry = Entry {
        title,
        line: section.line,
        ..Entry::default()
    };
    note_links(&mut entry, &heading);
    let mut linked: Vec<String> = entry.arxiv.iter().cloned().collect();
    let mut target = Role::Summary;
    let lines = section
        .body
        .iter()
        .map(|(_, text)| (text.as_str(), None))
        .chain(inner.iter().flat_map(|sub| {
            std::iter::once((sub.heading.as_str(), Some(sub.level)))
                .chain(sub.body.iter().map(|(_, text)| (text.as_str(), None)))
        }));
    for (text, sub_heading) in lines {
        let cleaned = markup::clean(text, Markup::Markdown);
        for link in &cleaned.links {
            if let markup::Target::Url(url) = &link.target {
                if let Some(arxiv) = markup::paper_page(url)
                    .map(|(arxiv, _)| arxiv)
                    .or_else(|| markup::arxiv_id_of_link(url))
                {
                    if !linked.contains(&arxiv) {
                        linked.push(arxiv);
                    }
                }
            }
        }
        if sub_heading.is_some() {
            // A sub-heading says what the text under it is (`Abstract (Original)`, `요약`).
            target = match role_of(&cleaned.text) {
                Some(Role::Abstract) => Role::Abstract,
                _ => Role::Summary,
            };
            continue;
        }
        let words = cleaned
            .text
            .trim()
            .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '[' && c != '(' && c != '\'')
            .trim_matches(|c: char| c == '*' || c == '_');
        if words.is_empty() || is_links_only(&cleaned) {
            note_links(&mut entry, &cleaned);
            continue;
        }
        if let Some(found) = FIELD.captures(words) {
            let label = found[1].trim_matches(|c: char| c == '*' || c == '_' || c == '`' || c.is_whitespace());
            if let Some(role) = role_of(label) {
                let value = found[2]
                    .trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace())
                    .to_string();
                if role == Role::Abstract && value.is_empty() {
                    target = Role::Abstract;
                } else {
                    apply(&mut entry, role, &value, &cleaned);
                }
                continue;
            }
        }
        note_links(&mut entry, &cleaned);
        let text = without_emphasis(&cleaned.text);
        match target {
            Role::Abstract => join_wrapped(&mut entry.abstract_text, &text),
            _ => join_wrapped(&mut entry.summary, &text),
        }
    }
    // More than one paper linked from one section: it is a digest of several, not one.
    if linked.len() > 1 {
        return None;
    }
    entry.arxiv = entry.arxiv.or_else(|| linked.into_iter().next());
    entry.has_evidence().then_some(entry)
}

/// Text without Markdown's emphasis markers (`***What's New***` → `What's New`).
fn without_emphasis(text: &str) -> String {
    static EMPHASIS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\*{2,3}|_{2,3}").expect("valid emphasis pattern"));
    EMPHASIS.replace_all(text, "").into_owned()
}

/// True when a line is nothing but links (and images).
fn is_links_only(cleaned: &markup::Cleaned) -> bool {
    !cleaned.links.is_empty() && {
        let joined: Vec<&str> = cleaned.links.iter().map(|link| link.text.as_str()).collect();
        normalize_space(&joined.join(" ")) == cleaned.text.trim()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dump::{parse_bytes_as, Format};

    fn parse(text: &str) -> Vec<crate::record::Paper> {
        parse_bytes_as(text.as_bytes(), Format::MarkdownList).0
    }

    #[test]
    fn daily_lists_with_votes_and_authors() {
        let papers = parse(
            "## Daily Papers (2024-10-21)\n\n\
             ### [Minimum Tuning to Unlock Long Output](https://arxiv.org/abs/2410.10210)\n\n\
             ![](https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2410.10210.png)\n\n\
             Vote: 2\n\n\
             Authors: ['Jintao Huang', 'Yuze Zhao']\n\n\
             - ***What's New***: 이 연구는 ...\n\n\
             ### [LoLDU: Low-Rank Adaptation](https://arxiv.org/abs/2410.13618)\n\
             Authors: Yujia Wu, Ran Ran\n",
        );
        assert_eq!(papers.len(), 2);
        assert_eq!(papers[0].title, "Minimum Tuning to Unlock Long Output");
        assert_eq!(papers[0].arxiv_id.as_deref(), Some("2410.10210"));
        assert_eq!(papers[0].upvotes, Some(2));
        assert_eq!(papers[0].author_names, ["Jintao Huang", "Yuze Zhao"]);
        assert_eq!(papers[0].date.unwrap().to_string(), "2024-10-21");
        assert_eq!(papers[0].abstract_text, "");
        assert!(
            papers[0].summary.as_deref().unwrap().contains("이 연구는"),
            "{:?}",
            papers[0].summary
        );
        assert_eq!(papers[1].upvotes, None);
    }

    #[test]
    fn tables_with_a_title_column() {
        let papers = parse(
            "## Papers for 2024-10-10\n\n\
             | Title | Authors | Summary |\n\
             |-------|---------|---------|\n\
             | GLEE: A Unified Framework (Read more on [arXiv](https://arxiv.org/abs/2410.05254) or [HuggingFace](https://huggingface.co/papers/2410.05254))| Roi Reichart, ireinman | a) This research aimed... |\n\
             | Adversarial Data Collection: Human-Collaborative Perturbations for\n  Efficient Learning (Read more on [arXiv](https://arxiv.org/abs/2503.11646) or [HuggingFace](https://huggingface.co/papers/2503.11646))| AutobotZero | b) ... |\n",
        );
        assert_eq!(papers.len(), 2);
        assert_eq!(papers[0].title, "GLEE: A Unified Framework");
        assert_eq!(papers[0].arxiv_id.as_deref(), Some("2410.05254"));
        assert_eq!(papers[0].author_names, ["Roi Reichart", "ireinman"]);
        assert_eq!(papers[0].summary.as_deref(), Some("a) This research aimed..."));
        assert_eq!(
            papers[1].title,
            "Adversarial Data Collection: Human-Collaborative Perturbations for Efficient Learning"
        );
    }

    #[test]
    fn sections_are_papers_only_with_evidence_and_containers_never() {
        let papers = parse(
            "# Digest 2023-09-10\n\n- [All papers](https://huggingface.co/papers?date=2023-09-10)\n\n\
             ## Large Language Models as Optimizers\n\n1. **主要工作**\n\n    本文提出了一种方法。\n\n\
             [到 Huggingface 论文主页查看详情](https://huggingface.co/papers/2309.03409)\n\
             ## Executive summary\n\n- Two papers (2607.05394) and (2607.11505) do x.\n",
        );
        assert_eq!(papers.len(), 1);
        assert_eq!(papers[0].title, "Large Language Models as Optimizers");
        assert_eq!(papers[0].arxiv_id.as_deref(), Some("2309.03409"));
        assert_eq!(papers[0].date.unwrap().to_string(), "2023-09-10");
    }

    #[test]
    fn labelled_bullets_in_several_languages() {
        let papers = parse(
            "### 1. Heterogeneous Scientific Foundation Model Collaboration\n\n\
             - 🔗 **链接**: [https://huggingface.co/papers/2604.27351](https://huggingface.co/papers/2604.27351)\n\
             - ⬆️ **热度**: 193 ⬆️\n\
             - 📅 **发布日期**: 2026-04-30\n\
             - 👤 **作者**: Zihao Li, Jiaru Zou et al.\n\n\
             > 📝 **摘要**: 现有Agentic LLM系统以语言为通用接口。\n",
        );
        assert_eq!(papers.len(), 1);
        let paper = &papers[0];
        assert_eq!(paper.title, "Heterogeneous Scientific Foundation Model Collaboration");
        assert_eq!(paper.arxiv_id.as_deref(), Some("2604.27351"));
        assert_eq!(paper.upvotes, Some(193));
        assert_eq!(paper.date.unwrap().to_string(), "2026-04-30");
        assert_eq!(paper.author_names, ["Zihao Li", "Jiaru Zou"]);
        assert_eq!(paper.authors, None, "a cut list of names is not a count");
        assert_eq!(paper.summary.as_deref(), Some("现有Agentic LLM系统以语言为通用接口。"));
    }

    #[test]
    fn list_items_naming_one_paper_each() {
        let papers = parse(
            "# Digest — 2026-07-14\n\n## Executive summary\n\n- Two papers (2607.05394, 2607.11505) do x.\n\n## Sources\n\n\
             - **Weak-to-Strong Generalization via Direct On-Policy Distillation** (`2607.05394`) — [Hugging Face](https://huggingface.co/papers/2607.05394) · [arXiv](https://arxiv.org/abs/2607.05394)\n\
             - [ABot-N1: Toward a General Navigation Foundation Model](https://arxiv.org/abs/2607.10383)\n\
             - [arXiv](https://arxiv.org/abs/2607.10384)\n\
             - OSReward: Instituting Standardized Evaluation — `2607.28609` — [Hugging Face](https://huggingface.co/papers/2607.28609)\n\n\
             ## Open research directions\n\n\
             9. **Validate tokenizer-selection diagnostics out of sample** (`2608.05798`). Preregister CDS rankings for unseen tokenizer families and test them.\n",
        );
        let found: Vec<(&str, Option<&str>)> = papers
            .iter()
            .map(|paper| (paper.title.as_str(), paper.arxiv_id.as_deref()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "Weak-to-Strong Generalization via Direct On-Policy Distillation",
                    Some("2607.05394")
                ),
                (
                    "ABot-N1: Toward a General Navigation Foundation Model",
                    Some("2607.10383")
                ),
                ("OSReward: Instituting Standardized Evaluation", Some("2607.28609")),
            ]
        );
    }

    #[test]
    fn tables_without_outer_pipes_and_labels_in_other_languages() {
        let papers = parse(
            "Título | Autores | Votos | Fecha\n\
             --- | --- | ---: | ---\n\
             [Grokked Transformers are Implicit Reasoners](https://huggingface.co/papers/2405.15071) | Boshi Wang, Xiang Yue, Yu Su, Huan Sun | 19 | 2024-05-23\n\
             [iVideoGPT: Interactive VideoGPTs](https://huggingface.co/papers/2405.15223) | Jialong Wu, Shaofeng Yin | 7 | 2024-05-24\n\
             \n\
             Not | a row\n",
        );
        let found: Vec<_> = papers
            .iter()
            .map(|paper| {
                (
                    paper.title.as_str(),
                    paper.arxiv_id.as_deref(),
                    paper.upvotes,
                    paper.authors,
                    paper.date.map(|date| date.to_string()),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "Grokked Transformers are Implicit Reasoners",
                    Some("2405.15071"),
                    Some(19),
                    Some(4),
                    Some("2024-05-23".to_string())
                ),
                (
                    "iVideoGPT: Interactive VideoGPTs",
                    Some("2405.15223"),
                    Some(7),
                    Some(2),
                    Some("2024-05-24".to_string())
                ),
            ]
        );
        assert!(!is_table_header("a | b | c", "--- | ---"), "cell counts differ");
        assert!(!is_table_header("no bars here", "---"));
    }

    #[test]
    fn author_cells_are_counts_only_when_they_list_everyone() {
        let table = |rows: &[&str]| {
            let mut text = String::from("| Title | Authors |\n|---|---|\n");
            for (at, authors) in rows.iter().enumerate() {
                text.push_str(&format!(
                    "| [Paper {at}](https://huggingface.co/papers/2405.1507{at}) | {authors} |\n"
                ));
            }
            parse(&text).iter().map(|paper| paper.authors).collect::<Vec<_>>()
        };
        assert_eq!(table(&["Ann Lee, Bo Chen", "Cy Dee"]), [Some(2), Some(1)]);
        // User names from the avatar row: the names are shown, their number is no count.
        assert_eq!(table(&["Ann Lee, mu437", "Cy Dee"]), [None, None]);
        // Every list cut at the same length.
        assert_eq!(
            table(&["A B, C D, E F", "G H, I J, K L", "M N, O P, Q R", "S T"]),
            [None, None, None, None]
        );
    }

    #[test]
    fn cells_split_at_unescaped_bars() {
        assert_eq!(cells("| a | b \\| c | d |"), ["a", "b | c", "d"]);
        assert_eq!(cells("| a ||"), ["a", ""]);
    }
}
