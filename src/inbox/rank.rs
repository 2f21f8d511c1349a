//! Ranking the inbox: every `new` paper gets one score blended from four documented signals,
//! each between 0 and 1, and the reasons behind it.
//!
//! score = 0.45 × interest + 0.35 × learned + p × popularity + 0.08 × recency (− 1 if excluded)
//!
//! - interest: the profile's topics (at half weight: they are broad), methods and datasets the
//!   paper carries, and how well it answers the profile's queries (searched like `papers
//!   search`, relative to the best answer); summed by weight and saturated (1 − e^−2·sum).
//! - learned: the reader model's score (`model.rs`: a linear SVM over the papers' words and names,
//!   trained at every run on the starred, read and skipped papers and a sample of undecided ones),
//!   through tanh: positive for papers like the liked ones, negative for papers like the skipped
//!   ones. With no decisions yet it is zero for every paper and the inbox ranks as before.
//! - popularity: log-scaled upvotes, full at 100, with p = 0.12 before any decision and 0 once the
//!   model has decisions. recency: full for today, nothing after a year.
//!
//! Buckets: "read first" from 0.30, "skim" from 0.12, "probably skip" below.
//!
//! Every new paper is scored from posting lists and columns (which papers carry a profile topic,
//! answer a query, resemble a starred paper; their upvotes and dates), never from stored records,
//! so ranking 100,000 papers stays fast; only the entries shown are read in full, and their
//! reasons are worded then.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use tantivy::DocAddress;

use super::model::{Contribution, Decisions, ReaderModel};
use crate::index::{DocSignals, Keyword, PaperIndex, SearchRequest};
use crate::record::Paper;
use crate::triage::{Profile, Status, TriageState};

const INTEREST_WEIGHT: f32 = 0.45;
const LEARNED_WEIGHT: f32 = 0.35;
const POPULARITY_WEIGHT: f32 = 0.12;
/// Once the reader has decided about papers, popularity no longer counts: their decisions are
/// the better evidence (on the simulated readers, popularity at full weight cost a fifth of the
/// precision, and even at 0.02 it cost some; BENCHMARKS.md). Upvotes are still shown.
const POPULARITY_WEIGHT_LEARNED: f32 = 0.0;
const RECENCY_WEIGHT: f32 = 0.08;
const EXCLUDED_PENALTY: f32 = 1.0;
/// Topics are broad: a topic interest counts half as much as a method, dataset or query.
const TOPIC_SHARE: f32 = 0.5;
/// How fast interest saturates: one full-weight match gives 1 − e^−2 ≈ 0.86.
const INTEREST_SATURATION: f32 = 2.0;
const READ_FIRST_FROM: f32 = 0.30;
const SKIM_FROM: f32 = 0.12;
/// Answers fetched for each interest query.
const NEIGHBOURS: usize = 100;
/// A feature is named in the reasons when it moves the model's score by at least this share of
/// the spread of scores in the inbox (see `LearnedScale`).
const NAMED_SHARE: f32 = 0.15;
/// At most this many features raising, and lowering, a paper's score are named.
const NAMED_UP: usize = 3;
const NAMED_DOWN: usize = 2;
/// Answers to an interest query this close to its best answer count as matching it.
const QUERY_MATCH_THRESHOLD: f32 = 0.5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bucket {
    ReadFirst,
    Skim,
    ProbablySkip,
}

impl Bucket {
    pub fn label(self) -> &'static str {
        match self {
            Bucket::ReadFirst => "read first",
            Bucket::Skim => "skim",
            Bucket::ProbablySkip => "probably skip",
        }
    }

    fn of(score: f32) -> Bucket {
        if score >= READ_FIRST_FROM {
            Bucket::ReadFirst
        } else if score >= SKIM_FROM {
            Bucket::Skim
        } else {
            Bucket::ProbablySkip
        }
    }
}

/// One inbox entry, with its record.
#[derive(Debug, Clone)]
pub struct Ranked {
    pub paper: Paper,
    pub score: f32,
    pub bucket: Bucket,
    pub why: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct RankOptions {
    /// Only papers dated on or after this day.
    pub since: Option<time::Date>,
    /// Interests given on the command line, on top of the profile's queries.
    pub interests: Vec<String>,
    /// Leave out papers an earlier digest showed (`papers digest --since-last`).
    pub skip_digested: bool,
}

/// The ranked inbox: every new paper's score and bucket, best first. Records are read only for
/// the entries asked for.
pub struct Inbox {
    entries: Vec<Scored>,
    evidence: Evidence,
}

#[derive(Debug, Clone, Copy)]
struct Scored {
    address: DocAddress,
    score: f32,
    bucket: Bucket,
}

/// What the scores were made of, kept to word the reasons of the entries shown.
struct Evidence {
    queries: Vec<QueryScores>,
    /// The reader model (explaining a paper adds the features it meets).
    model: Option<ReaderModel>,
    /// The spread of the model's scores over the inbox.
    learned_spread: f32,
    excluded: HashMap<DocAddress, String>,
}

impl Inbox {
    /// How many new papers there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The best `limit` entries, with their records and reasons.
    pub fn top(&mut self, index: &PaperIndex, profile: &Profile, limit: usize) -> anyhow::Result<Vec<Ranked>> {
        self.entries
            .iter()
            .take(limit)
            .map(|entry| {
                let paper = index.paper_at(entry.address)?;
                let why = self.evidence.reasons(index, &paper, entry.address, profile)?;
                Ok(Ranked {
                    paper,
                    score: entry.score,
                    bucket: entry.bucket,
                    why,
                })
            })
            .collect()
    }

    /// The ids of the papers in one bucket.
    pub fn ids_in(&self, index: &PaperIndex, bucket: Bucket) -> anyhow::Result<Vec<String>> {
        self.entries
            .iter()
            .filter(|entry| entry.bucket == bucket)
            .map(|entry| Ok(index.paper_at(entry.address)?.id))
            .collect()
    }
}

/// The `new` papers of the index, scored and bucketed, best first.
pub fn rank_new_papers(
    index: &PaperIndex,
    state: &TriageState,
    profile: &Profile,
    options: &RankOptions,
) -> anyhow::Result<Inbox> {
    let signals = index.doc_signals()?;
    let decisions = decisions_in(index, state, &signals)?;
    let decided = &decisions.decided;

    let mut interest_sum: HashMap<DocAddress, f32> = HashMap::new();
    for (topic, weight) in &profile.topics {
        for address in index.docs_with_keyword(Keyword::Topics, std::slice::from_ref(topic))? {
            *interest_sum.entry(address).or_default() += TOPIC_SHARE * weight;
        }
    }
    for (keyword, wanted) in [
        (Keyword::Methods, &profile.methods),
        (Keyword::Datasets, &profile.datasets),
    ] {
        for (name, weight) in wanted {
            for address in index.docs_with_keyword(keyword, &crate::extract::filter_values(name))? {
                *interest_sum.entry(address).or_default() += weight;
            }
        }
    }
    let queries = interest_queries(index, profile, &options.interests)?;
    for (_, weight, scores) in &queries {
        for (address, relative) in scores {
            *interest_sum.entry(*address).or_default() += weight * relative;
        }
    }
    let mut model = ReaderModel::train(index, &decisions)?;
    let learned_scores = match &mut model {
        Some(model) => model.scores(index)?,
        None => Vec::new(),
    };
    let excluded = excluded_papers(index, profile)?;

    let mut digested = HashSet::new();
    if options.skip_digested {
        for (id, _) in state.ids().filter(|(_, entry)| entry.digested.is_some()) {
            digested.extend(index.address_of(id)?);
        }
    }
    let today = time::OffsetDateTime::now_utc().date();
    let candidates: Vec<_> = signals
        .into_iter()
        .filter(|doc| !decided.contains(&doc.address) && !digested.contains(&doc.address))
        .filter(|doc| {
            options
                .since
                .is_none_or(|since| doc.date.is_some_and(|date| date >= since))
        })
        .collect();
    let model_score = |address: DocAddress| {
        learned_scores
            .get(address.segment_ord as usize)
            .and_then(|segment| segment.get(address.doc_id as usize))
            .copied()
            .unwrap_or(0.0)
    };
    let popularity_weight = if learned_scores.is_empty() {
        POPULARITY_WEIGHT
    } else {
        POPULARITY_WEIGHT_LEARNED
    };
    let scale = LearnedScale::of(candidates.iter().map(|doc| model_score(doc.address)).collect());
    let mut entries: Vec<Scored> = candidates
        .into_iter()
        .map(|doc| {
            let sum = interest_sum.get(&doc.address).copied().unwrap_or_default();
            let interest = 1.0 - (-INTEREST_SATURATION * sum).exp();
            let learned = if learned_scores.is_empty() {
                0.0
            } else {
                scale.learned(model_score(doc.address))
            };
            let upvotes = doc.upvotes.unwrap_or(0);
            let popularity = ((1.0 + upvotes as f32).ln() / 101f32.ln()).min(1.0);
            let recency = doc.date.map_or(0.0, |date| {
                (1.0 - (today - date).whole_days().max(0) as f32 / 365.0).max(0.0)
            });
            let mut score = INTEREST_WEIGHT * interest
                + LEARNED_WEIGHT * learned
                + popularity_weight * popularity
                + RECENCY_WEIGHT * recency;
            if excluded.contains_key(&doc.address) {
                score -= EXCLUDED_PENALTY;
            }
            Scored {
                address: doc.address,
                score,
                bucket: Bucket::of(score),
            }
        })
        .collect();
    entries.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.address.cmp(&b.address)));
    Ok(Inbox {
        entries,
        evidence: Evidence {
            queries,
            model,
            learned_spread: scale.spread,
            excluded,
        },
    })
}

/// Puts the model's scores on the blend's scale. A strongly regularised linear model scores
/// papers within a narrow band whose width depends on the data, so its scores are taken relative
/// to the papers being ranked: the median paper gets 0, one as far above the median as the top
/// tenth lies gets tanh(1) ≈ 0.76, and likewise below.
struct LearnedScale {
    median: f32,
    spread: f32,
}

impl LearnedScale {
    fn of(mut scores: Vec<f32>) -> LearnedScale {
        if scores.is_empty() {
            return LearnedScale {
                median: 0.0,
                spread: 1.0,
            };
        }
        // Three order statistics in linear time (a full sort of a million scores costs more).
        let last = scores.len() - 1;
        let mut at = |share: f32| {
            let rank = (last as f32 * share).round() as usize;
            *scores.select_nth_unstable_by(rank, f32::total_cmp).1
        };
        let (high, low, median) = (at(0.9), at(0.1), at(0.5));
        let spread = (high - low) / 2.0;
        LearnedScale {
            median,
            spread: if spread > f32::EPSILON { spread } else { 1.0 },
        }
    }

    fn learned(&self, score: f32) -> f32 {
        ((score - self.median) / self.spread).tanh()
    }
}

impl Evidence {
    /// Why a paper scored as it did, in words.
    fn reasons(
        &mut self,
        index: &PaperIndex,
        paper: &Paper,
        address: DocAddress,
        profile: &Profile,
    ) -> anyhow::Result<Vec<String>> {
        let mut why = Vec::new();
        for topic in profile.topics.keys() {
            if paper.topics.contains(topic) {
                why.push(format!("topic '{topic}'"));
            }
        }
        for (names, wanted) in [(&paper.methods, &profile.methods), (&paper.datasets, &profile.datasets)] {
            let have: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
            for name in wanted.keys() {
                if crate::extract::filter_values(name)
                    .iter()
                    .any(|value| have.contains(value))
                {
                    why.push(format!("matches interest '{name}'"));
                }
            }
        }
        for (query, _, scores) in &self.queries {
            if scores
                .get(&address)
                .is_some_and(|relative| *relative >= QUERY_MATCH_THRESHOLD)
            {
                why.push(format!("matches interest '{query}'"));
            }
        }
        if let Some(model) = self.model.as_mut() {
            let (up, down) = model.explain(index, address, paper)?;
            for (contributions, sign, most) in [(up, "+", NAMED_UP), (down, "−", NAMED_DOWN)] {
                let named: Vec<String> = contributions
                    .iter()
                    .filter(|c| c.amount.abs() >= NAMED_SHARE * self.learned_spread)
                    .take(most)
                    .map(|c| format!("{sign} {}", worded(c)))
                    .collect();
                if !named.is_empty() {
                    why.push(named.join(", "));
                }
            }
        }
        let upvotes = paper.upvotes.unwrap_or(0);
        if upvotes > 0 {
            why.push(format!("{upvotes} upvote{}", plural(upvotes as usize)));
        }
        if let Some(term) = self.excluded.get(&address) {
            why.push(format!("mentions excluded '{term}'"));
        }
        Ok(why)
    }
}

/// A contribution in words: the feature, and the decided papers that carry it when that is
/// what made it count ("video (starred 3)", "robotics (skipped 4)").
fn worded(contribution: &Contribution) -> String {
    let (count, verb) = if contribution.amount > 0.0 {
        (contribution.liked, "liked")
    } else {
        (contribution.skipped, "skipped")
    };
    if count > 0 {
        format!("{} ({verb} {count})", contribution.label)
    } else {
        contribution.label.clone()
    }
}

/// The decided papers of the index, most recently decided first.
fn decisions_in(index: &PaperIndex, state: &TriageState, signals: &[DocSignals]) -> anyhow::Result<Decisions> {
    let mut liked = Vec::new();
    let mut skipped = Vec::new();
    let mut decisions = Decisions::default();
    for (id, entry) in state.ids() {
        if entry.status == Status::New {
            continue;
        }
        let Some(address) = index.address_of(id)? else {
            continue;
        };
        decisions.decided.insert(address);
        match entry.status {
            Status::Starred | Status::Read => liked.push((entry.decided.clone(), address)),
            Status::Skipped => skipped.push((entry.decided.clone(), address)),
            Status::Later | Status::New => {}
        }
    }
    for (list, target) in [
        (&mut liked, &mut decisions.liked),
        (&mut skipped, &mut decisions.skipped),
    ] {
        list.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        target.extend(list.iter().map(|(_, address)| *address));
    }
    decisions.undecided = signals
        .iter()
        .map(|doc| doc.address)
        .filter(|address| !decisions.decided.contains(address))
        .collect();
    Ok(decisions)
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

/// An interest query, its weight, and each answering paper's score relative to the best answer.
type QueryScores = (String, f32, HashMap<DocAddress, f32>);

/// For each interest query (with its weight): each paper's score relative to the best answer.
fn interest_queries(index: &PaperIndex, profile: &Profile, extra: &[String]) -> anyhow::Result<Vec<QueryScores>> {
    let mut queries: Vec<(String, f32)> = profile.queries.iter().map(|(q, w)| (q.clone(), *w)).collect();
    queries.extend(extra.iter().map(|q| (q.clone(), 1.0)));
    let mut results = Vec::new();
    for (query, weight) in queries {
        let request = SearchRequest {
            query: Some(query.clone()),
            limit: Some(NEIGHBOURS * 2),
            expand: true,
            ..SearchRequest::default()
        };
        let outcome = index.search(&request)?;
        let mut scores: HashMap<DocAddress, f32> = outcome
            .scored_addresses()
            .map(|(address, score)| (address, score.unwrap_or(0.0)))
            .collect();
        let best = scores.values().copied().fold(0.0f32, f32::max);
        if best > 0.0 {
            scores.values_mut().for_each(|s| *s /= best);
        }
        results.push((query, weight, scores));
    }
    Ok(results)
}

/// Papers that mention an excluded term (or carry it as a topic), with the first such term.
fn excluded_papers(index: &PaperIndex, profile: &Profile) -> anyhow::Result<HashMap<DocAddress, String>> {
    let mut excluded = HashMap::new();
    for term in &profile.exclude {
        let mut matching = index.docs_with_phrase(term)?;
        matching.extend(index.docs_with_keyword(Keyword::Topics, std::slice::from_ref(term))?);
        for address in matching {
            excluded.entry(address).or_insert_with(|| term.clone());
        }
    }
    Ok(excluded)
}

/// A triage entry as JSON: the record plus `status`, `score`, `bucket` and `why`.
#[derive(Serialize)]
pub struct JsonEntry<'a> {
    #[serde(flatten)]
    pub paper: &'a Paper,
    pub status: Status,
    pub score: f32,
    pub bucket: Bucket,
    pub why: &'a [String],
}

impl<'a> From<&'a Ranked> for JsonEntry<'a> {
    fn from(entry: &'a Ranked) -> Self {
        JsonEntry {
            paper: &entry.paper,
            status: Status::New,
            score: entry.score,
            bucket: entry.bucket,
            why: &entry.why,
        }
    }
}
