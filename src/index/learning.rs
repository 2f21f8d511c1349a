//! The index's learned lexicon: read from the evidence its papers carry, and filed on every
//! paper that mentions a learned name.
//!
//! Reading sums the `evidence` terms of live documents, so the lexicon always matches what the
//! index holds. Filing is what makes a name learned today an entity of the papers that came
//! before: the papers that may mention it are found by one exact term of `name_tokens` (the
//! coined-looking tokens of each title and abstract; a phrase search for the rare name without
//! such a word), the name is added where the text really mentions it (what extraction would
//! add, without extracting again), and the paper is rewritten with its fingerprint and arrival
//! time unchanged. Ingest files only the names it learned (against [`FiledNames`], which an
//! ingest stopped before filing leaves for the next one); `papers reindex` files all of them.

use std::collections::{BTreeMap, HashMap};

use anyhow::Context;
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::Field;
use tantivy::schema::IndexRecordOption;
use tantivy::schema::Value;
use tantivy::{DocSet, Searcher, TantivyDocument, Term, TERMINATED};

use super::schema::{keyword_term_text, Fields};
use super::Keyword;
use super::{record_of, CommittedView, PaperIndex};
use crate::extract::add_learned_names;
use crate::extract::learned::{key_word, Evidence, Learned, LearnedName};
use crate::extract::lexicon::Kind;
use crate::record::Paper;

/// Every term of a raw-text field (as bytes) with the number of live documents that have it:
/// the document frequency where a segment has no deletions, a walk of the postings where it does.
/// Also what `papers doctor` counts duplicate ids with.
pub(crate) fn live_term_counts(searcher: &Searcher, field: Field) -> anyhow::Result<HashMap<Vec<u8>, u64>> {
    let mut counts: HashMap<Vec<u8>, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut terms = inverted.terms().stream()?;
        while terms.advance() {
            let info = terms.value();
            let live = match segment.alive_bitset() {
                None => u64::from(info.doc_freq),
                Some(alive) => {
                    let mut postings = inverted.read_postings_from_terminfo(info, IndexRecordOption::Basic)?;
                    let mut live = 0;
                    let mut doc = postings.doc();
                    while doc != TERMINATED {
                        live += u64::from(alive.is_alive(doc));
                        doc = postings.advance();
                    }
                    live
                }
            };
            if live > 0 {
                *counts.entry(terms.key().to_vec()).or_default() += live;
            }
        }
    }
    Ok(counts)
}

/// [`live_term_counts`] for a field of text terms.
fn live_text_counts(searcher: &Searcher, field: Field) -> anyhow::Result<impl Iterator<Item = (String, u64)>> {
    Ok(live_term_counts(searcher, field)?
        .into_iter()
        .filter_map(|(term, count)| String::from_utf8(term).ok().map(|text| (text, count))))
}

/// Sums the evidence of the live documents into a lexicon.
fn learn(searcher: &Searcher, fields: &Fields) -> anyhow::Result<Learned> {
    let counts = live_text_counts(searcher, fields.evidence).context("reading the evidence of learned names")?;
    Ok(Learned::from_counts(counts.filter_map(|(term, papers)| {
        Evidence::from_term_text(&term).map(|evidence| (evidence.kind, evidence.name, papers))
    })))
}

impl CommittedView {
    /// The lexicon learned from the committed papers.
    pub fn learned(&self) -> anyhow::Result<Learned> {
        learn(&self.searcher, &self.fields)
    }
}

/// The names an index has filed on every paper that mentions them, with their kinds: the
/// baseline against which an ingest finds the names it taught.
///
/// An ingest commits its papers first and files the names they taught in a second commit. Were
/// the baseline only the lexicon read from the committed papers, an ingest killed between the two
/// commits would leave its names unfiled for good: the next ingest would read them as already
/// known. So the baseline is written to [`UNFILED_FILE`] before the first commit and removed once
/// the names are filed; an ingest that finds the file files against it, catching up on the names
/// an interrupted one taught. `reindex` writes an empty baseline (it files every name).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FiledNames {
    kinds: BTreeMap<String, Kind>,
}

pub use crate::floor::data_dir::UNFILED_FILE;

impl FiledNames {
    /// Every name of `learned`, as filed.
    pub fn of(learned: &Learned) -> FiledNames {
        FiledNames {
            kinds: learned
                .names()
                .iter()
                .map(|name| (name.name.clone(), name.kind))
                .collect(),
        }
    }

    /// Names of `after` that are new since this baseline, or changed kind.
    pub fn newly_learned<'a>(&self, after: &'a Learned) -> Vec<&'a LearnedName> {
        after
            .names()
            .iter()
            .filter(|name| self.kinds.get(&name.name) != Some(&name.kind))
            .collect()
    }

    /// Whether this baseline files the name (under either kind).
    pub fn knows(&self, name: &str) -> bool {
        self.kinds.contains_key(name)
    }

    /// Names of this baseline that `after` files differently: of another kind, or not at all
    /// (their evidence went with the papers that gave it). The papers filed with them must be
    /// extracted again, since adding names cannot move or remove one.
    pub fn refiled_differently(&self, after: &Learned) -> Vec<String> {
        self.kinds
            .iter()
            .filter(|(name, kind)| after.get(name).map(|learned| learned.kind) != Some(**kind))
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// Writes this baseline into the index directory `index_dir`, replacing any there.
    pub fn write_to(&self, index_dir: &std::path::Path) -> anyhow::Result<()> {
        let path = index_dir.join(UNFILED_FILE);
        crate::floor::atomic_file::write_bytes_atomically(&path, &self.to_json())
            .map_err(|error| super::failure::explain_file_write(index_dir, &path, error))
    }

    fn to_json(&self) -> Vec<u8> {
        let entries: Vec<(&str, &str)> = self
            .kinds
            .iter()
            .map(|(name, kind)| (name.as_str(), kind_label(*kind)))
            .collect();
        serde_json::to_vec(&entries).unwrap_or_default()
    }

    /// The baseline in `bytes`; `None` when they are not one (a damaged file: then every
    /// learned name is filed again, as `reindex` would).
    fn from_json(bytes: &[u8]) -> Option<FiledNames> {
        let entries: Vec<(String, String)> = serde_json::from_slice(bytes).ok()?;
        let mut kinds = BTreeMap::new();
        for (name, label) in entries {
            kinds.insert(name, kind_from_label(&label)?);
        }
        Some(FiledNames { kinds })
    }
}

fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Method => "method",
        Kind::Dataset => "dataset",
        Kind::NotEntity => "not-entity",
    }
}

fn kind_from_label(label: &str) -> Option<Kind> {
    [Kind::Method, Kind::Dataset, Kind::NotEntity]
        .into_iter()
        .find(|kind| kind_label(*kind) == label)
}

impl PaperIndex {
    /// The baseline an interrupted ingest left ([`FiledNames`]), if any.
    pub fn unfiled_baseline(&self) -> anyhow::Result<Option<FiledNames>> {
        let path = self.path().join(UNFILED_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(FiledNames::from_json(&bytes).unwrap_or_default())),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error).with_context(|| format!("reading {}", path.display())),
        }
    }

    /// Records `baseline` before a commit that may teach names, unless an interrupted ingest's
    /// older baseline is still there (its names are not filed either).
    pub fn keep_unfiled_baseline(&self, baseline: &FiledNames) -> anyhow::Result<()> {
        if self.path().join(UNFILED_FILE).exists() {
            return Ok(());
        }
        baseline.write_to(self.path())
    }

    /// Files the names learned since `baseline` on every paper that mentions them, then forgets
    /// any baseline left beside the index: how many names are new (not merely of another kind
    /// now), and how many papers were rewritten.
    pub fn file_names_since(&self, baseline: &FiledNames) -> anyhow::Result<(u64, u64)> {
        self.refreshed_len()?;
        let learned = self.learned()?;
        let names = baseline.newly_learned(&learned);
        let changed = baseline.refiled_differently(&learned);
        let papers = self.file_learned_names(&learned, &names, &changed)?;
        self.forget_unfiled_baseline()?;
        // A name filed before under another kind is not a new name.
        let new = names.iter().filter(|name| !baseline.knows(&name.name)).count();
        Ok((new as u64, papers))
    }

    /// Forgets the baseline once every name it left out is filed.
    pub fn forget_unfiled_baseline(&self) -> anyhow::Result<()> {
        let path = self.path().join(UNFILED_FILE);
        match std::fs::remove_file(&path) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                Err(error).with_context(|| format!("removing {}", path.display()))
            }
            _ => Ok(()),
        }
    }
}

impl PaperIndex {
    /// Every extracted method (or dataset) name with the number of papers that have it, most
    /// named first (ties by name). Exact at any size, unlike a bounded terms aggregation.
    pub fn name_counts(&self, datasets: bool) -> anyhow::Result<Vec<(String, u64)>> {
        let field = if datasets {
            self.fields.datasets_facet
        } else {
            self.fields.methods_facet
        };
        let mut counts: Vec<(String, u64)> = live_text_counts(&self.searcher(), field)?.collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(counts)
    }

    /// The lexicon learned from the papers this handle sees.
    pub fn learned(&self) -> anyhow::Result<Learned> {
        learn(&self.searcher(), &self.fields)
    }

    /// Files `names` of the lexicon `learned` on every paper that mentions them, and extracts
    /// the papers filed with one of `changed` (names whose kind changed, or that are no longer
    /// learned) again, in one commit; returns how many papers were rewritten. Takes the writer
    /// lock (the caller holds none).
    pub fn file_learned_names(
        &self,
        learned: &Learned,
        names: &[&LearnedName],
        changed: &[String],
    ) -> anyhow::Result<u64> {
        if names.is_empty() && changed.is_empty() {
            return Ok(0);
        }
        self.refreshed_len()?;
        let searcher = self.searcher();
        // Papers that mention a name (as searches match: a candidate only, extraction decides)
        // and do not have it yet.
        let mut addresses = Vec::new();
        for name in names {
            // By the name's coined word, exactly as written, in one query that also leaves out
            // the papers already having the name (most learned names are mentioned only by
            // them); by a phrase search (case and word endings ignored, so more candidates) for
            // the rare name without such a word.
            let having = |field: Field| -> Box<dyn Query> {
                let term = Term::from_field_text(field, &keyword_term_text(&name.name));
                Box::new(TermQuery::new(term, IndexRecordOption::Basic))
            };
            match key_word(&name.name) {
                Some(word) => {
                    let mentioned = Term::from_field_text(self.fields.name_tokens, word);
                    let query = BooleanQuery::new(vec![
                        (
                            Occur::Must,
                            Box::new(TermQuery::new(mentioned, IndexRecordOption::Basic)) as Box<dyn Query>,
                        ),
                        (Occur::MustNot, having(self.fields.methods)),
                        (Occur::MustNot, having(self.fields.datasets)),
                    ]);
                    addresses.extend(searcher.search(&query, &DocSetCollector)?);
                }
                None => {
                    let mut having = self.docs_with_keyword(Keyword::Methods, std::slice::from_ref(&name.name))?;
                    having.extend(self.docs_with_keyword(Keyword::Datasets, std::slice::from_ref(&name.name))?);
                    let mentioned = self.docs_with_phrase(&name.name)?;
                    addresses.extend(mentioned.into_iter().filter(|address| !having.contains(address)));
                }
            }
        }
        // Papers filed with a name that is now of another kind, or no longer learned: whether
        // the paper's own text names it (and as what) only extraction can tell, so they are
        // extracted again, as `reindex` would.
        let mut extract_again = self.docs_with_keyword(Keyword::Methods, changed)?;
        extract_again.extend(self.docs_with_keyword(Keyword::Datasets, changed)?);
        addresses.extend(extract_again.iter().copied());
        addresses.sort();
        addresses.dedup();
        let mut upserter = self.upserter()?;
        let mut rewritten = 0;
        for address in addresses {
            let document: TantivyDocument = searcher.doc(address)?;
            let mut paper = record_of(&document, &self.fields)?;
            if extract_again.contains(&address) {
                let filed = |paper: &Paper| {
                    (
                        paper.topics.clone(),
                        paper.methods.clone(),
                        paper.datasets.clone(),
                        paper.introduces.clone(),
                    )
                };
                let before = filed(&paper);
                paper.extract_with(learned);
                if filed(&paper) != before {
                    upserter.refile(paper)?;
                    rewritten += 1;
                }
                continue;
            }
            let Paper {
                title,
                abstract_text,
                methods,
                datasets,
                ..
            } = &mut paper;
            if add_learned_names(title, abstract_text, learned, methods, datasets) {
                // The evidence is not part of the record's JSON; the document stores it beside.
                paper.evidence = document
                    .get_all(self.fields.evidence)
                    .filter_map(|value| value.as_str())
                    .filter_map(Evidence::from_term_text)
                    .collect();
                upserter.refile(paper)?;
                rewritten += 1;
            }
        }
        if rewritten > 0 {
            upserter.commit()?;
            self.refreshed_len()?;
        }
        Ok(rewritten)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::learned::EvidenceKind;

    fn learned(names: &[(EvidenceKind, &str)]) -> Learned {
        Learned::from_counts(names.iter().map(|(kind, name)| (*kind, name.to_string(), 1)))
    }

    #[test]
    fn a_baseline_survives_its_file_and_finds_new_names_and_changed_kinds() {
        let before = learned(&[
            (EvidenceKind::IntroducedAsDataset, "ZebraLogic"),
            (EvidenceKind::IntroducedAsMethod, "CodeRosetta"),
        ]);
        let baseline = FiledNames::of(&before);
        assert_eq!(FiledNames::from_json(&baseline.to_json()), Some(baseline.clone()));
        let after = learned(&[
            (EvidenceKind::IntroducedAsDataset, "ZebraLogic"),
            (EvidenceKind::IntroducedAsDataset, "CodeRosetta"),
            (EvidenceKind::IntroducedAsDataset, "GenAI-Bench"),
        ]);
        let new: Vec<&str> = baseline
            .newly_learned(&after)
            .iter()
            .map(|name| name.name.as_str())
            .collect();
        assert_eq!(new, ["CodeRosetta", "GenAI-Bench"]);
        // A damaged file counts as nothing filed: every name is filed again.
        assert_eq!(FiledNames::from_json(b"[[\"x\", \"sideways\"]]"), None);
        assert_eq!(FiledNames::default().newly_learned(&after).len(), 3);
    }
}
