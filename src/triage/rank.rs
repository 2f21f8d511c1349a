//! Ranking the inbox: every `new` paper gets one score blended from four documented signals,
//! each between 0 and 1, and the reasons behind it.
//!
//! score = 0.45 × interest + 0.35 × learned + 0.12 × popularity + 0.08 × recency (− 1 if excluded)
//!
//! - interest: the profile's topics (at half weight: they are broad), methods and datasets the
//!   paper carries, and how well it answers the profile's queries (searched like `papers
//!   search`, relative to the best answer); summed by weight and saturated (1 − e^−2·sum).
//! - learned: how much the paper is like recently starred papers minus how much it is like
//!   recently skipped ones (MoreLikeThis from each decided paper, relative to its best match),
//!   saturated per side; negative values push papers down. Refit at every run.
//! - popularity: log-scaled upvotes, full at 100. recency: full for today, nothing after a year.
//!
//! Buckets: "read first" from 0.30, "skim" from 0.12, "probably skip" below.

use std::collections::HashMap;

use serde::Serialize;

use super::{Profile, Status, TriageState};
use crate::index::{Filters, PaperIndex, SearchRequest};
use crate::record::Paper;

const INTEREST_WEIGHT: f32 = 0.45;
const LEARNED_WEIGHT: f32 = 0.35;
const POPULARITY_WEIGHT: f32 = 0.12;
const RECENCY_WEIGHT: f32 = 0.08;
const EXCLUDED_PENALTY: f32 = 1.0;
/// Topics are broad: a topic interest counts half as much as a method, dataset or query.
const TOPIC_SHARE: f32 = 0.5;
/// How fast interest saturates: one full-weight match gives 1 − e^−2 ≈ 0.86.
const INTEREST_SATURATION: f32 = 2.0;
const READ_FIRST_FROM: f32 = 0.30;
const SKIM_FROM: f32 = 0.12;
/// Decided papers the learned signal looks at, most recent first.
const MAX_EXAMPLES: usize = 50;
/// Neighbours fetched for each example paper.
const NEIGHBOURS: usize = 100;
/// A match this close to an example's best match counts as "like" it in the reasons.
const LIKE_THRESHOLD: f32 = 0.15;
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

/// One inbox entry.
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
}

/// The `new` papers of the index, best first, with their scores, buckets and reasons.
pub fn rank_new_papers(
    index: &PaperIndex,
    state: &TriageState,
    profile: &Profile,
    options: &RankOptions,
) -> anyhow::Result<Vec<Ranked>> {
    let filters = Filters {
        since: options.since,
        ..Filters::default()
    };
    let everything = SearchRequest {
        filters,
        ..SearchRequest::default()
    };
    let outcome = index.search(&everything)?;
    let mut candidates = Vec::new();
    for hit in outcome.hits() {
        let paper = hit?.paper;
        if state.status(&paper.id) == Status::New {
            candidates.push(paper);
        }
    }

    let query_scores = interest_queries(index, profile, &options.interests)?;
    let (liked, unliked) = learned_neighbours(index, state)?;
    let today = time::OffsetDateTime::now_utc().date();
    let mut ranked: Vec<Ranked> = candidates
        .into_iter()
        .map(|paper| {
            let mut why = Vec::new();
            let interest = interest(&paper, profile, &query_scores, &mut why);
            let like = liked.get(&paper.id).copied().unwrap_or_default();
            let unlike = unliked.get(&paper.id).copied().unwrap_or_default();
            if like.count > 0 {
                why.push(format!("like {} starred paper{}", like.count, plural(like.count)));
            }
            if unlike.count > 0 {
                why.push(format!("like {} skipped paper{}", unlike.count, plural(unlike.count)));
            }
            let learned = like.strength.tanh() - unlike.strength.tanh();
            let upvotes = paper.upvotes.unwrap_or(0);
            let popularity = ((1.0 + upvotes as f32).ln() / 101f32.ln()).min(1.0);
            if upvotes > 0 {
                why.push(format!("{upvotes} upvote{}", plural(upvotes as usize)));
            }
            let recency = paper.date.map_or(0.0, |date| {
                (1.0 - (today - date).whole_days().max(0) as f32 / 365.0).max(0.0)
            });
            let mut score = INTEREST_WEIGHT * interest
                + LEARNED_WEIGHT * learned
                + POPULARITY_WEIGHT * popularity
                + RECENCY_WEIGHT * recency;
            if let Some(term) = excluded_term(&paper, profile) {
                score -= EXCLUDED_PENALTY;
                why.push(format!("mentions excluded '{term}'"));
            }
            Ranked {
                bucket: Bucket::of(score),
                paper,
                score,
                why,
            }
        })
        .collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.paper.id.cmp(&b.paper.id)));
    Ok(ranked)
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

/// An interest query, its weight, and each answering paper's score relative to the best answer.
type QueryScores = (String, f32, HashMap<String, f32>);

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
        let mut scores = HashMap::new();
        let mut best = 0.0f32;
        for hit in outcome.hits() {
            let hit = hit?;
            let score = hit.score.unwrap_or(0.0);
            best = best.max(score);
            scores.insert(hit.paper.id, score);
        }
        if best > 0.0 {
            scores.values_mut().for_each(|s| *s /= best);
        }
        results.push((query, weight, scores));
    }
    Ok(results)
}

fn interest(
    paper: &Paper,
    profile: &Profile,
    queries: &[(String, f32, HashMap<String, f32>)],
    why: &mut Vec<String>,
) -> f32 {
    let mut sum = 0.0;
    for (topic, weight) in &profile.topics {
        if paper.topics.contains(topic) {
            sum += TOPIC_SHARE * weight;
            why.push(format!("topic '{topic}'"));
        }
    }
    for (names, wanted) in [(&paper.methods, &profile.methods), (&paper.datasets, &profile.datasets)] {
        let have: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
        for (name, weight) in wanted {
            if crate::extract::filter_values(name)
                .iter()
                .any(|value| have.contains(value))
            {
                sum += weight;
                why.push(format!("matches interest '{name}'"));
            }
        }
    }
    for (query, weight, scores) in queries {
        if let Some(relative) = scores.get(&paper.id) {
            sum += weight * relative;
            if *relative >= QUERY_MATCH_THRESHOLD {
                why.push(format!("matches interest '{query}'"));
            }
        }
    }
    1.0 - (-INTEREST_SATURATION * sum).exp()
}

fn excluded_term<'a>(paper: &Paper, profile: &'a Profile) -> Option<&'a str> {
    let text = format!(
        "{} {} {} {}",
        paper.title,
        paper.abstract_text,
        paper.methods.join(" "),
        paper.datasets.join(" ")
    )
    .to_lowercase();
    profile
        .exclude
        .iter()
        .find(|term| {
            let term = term.to_lowercase();
            text.match_indices(&term).any(|(at, _)| {
                let before = text[..at].chars().next_back();
                let after = text[at + term.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
            }) || paper.topics.contains(&term)
        })
        .map(String::as_str)
}

/// How strongly, and to how many examples, a paper is similar.
#[derive(Debug, Clone, Copy, Default)]
struct Likeness {
    strength: f32,
    count: usize,
}

/// Neighbours of the most recently starred and skipped papers.
fn learned_neighbours(
    index: &PaperIndex,
    state: &TriageState,
) -> anyhow::Result<(HashMap<String, Likeness>, HashMap<String, Likeness>)> {
    let mut liked = HashMap::new();
    let mut unliked = HashMap::new();
    for (status, target) in [(Status::Starred, &mut liked), (Status::Skipped, &mut unliked)] {
        let mut examples: Vec<(&String, Option<&String>)> = state
            .ids()
            .filter(|(_, entry)| entry.status == status)
            .map(|(id, e)| (id, e.decided.as_ref()))
            .collect();
        examples.sort_by(|a, b| b.1.cmp(&a.1));
        for (id, _) in examples.into_iter().take(MAX_EXAMPLES) {
            let crate::index::Lookup::Found(example) = index.lookup(id)? else {
                continue;
            };
            let neighbours = index.similar(&example, NEIGHBOURS)?;
            let best = neighbours.first().and_then(|hit| hit.score).unwrap_or(0.0);
            if best <= 0.0 {
                continue;
            }
            for hit in neighbours {
                let relative = hit.score.unwrap_or(0.0) / best;
                let entry: &mut Likeness = target.entry(hit.paper.id).or_default();
                entry.strength += relative;
                if relative >= LIKE_THRESHOLD {
                    entry.count += 1;
                }
            }
        }
    }
    Ok((liked, unliked))
}
