//! The reader model: what the inbox learns from the researcher's decisions.
//!
//! A linear classifier over the papers' features (tf-idf of title and abstract words, and the
//! topics, methods, datasets and keywords they carry; see `index::features`), trained on every
//! run from the decisions: starred and read papers are the positives, skipped papers the
//! negatives, and a sample of undecided papers weak negatives (most papers in a feed are not for
//! any one reader). The classifier is a linear SVM with the squared hinge loss and L2
//! regularisation — the family of arxiv-sanity's recommender, the baseline it is measured
//! against in BENCHMARKS.md — fitted by dual coordinate descent (Hsieh et al., 2008, the method
//! of liblinear): exact, with no learning rate to tune, and a few milliseconds for a thousand
//! papers. Classes are balanced, so three
//! stars count as much as a thousand negatives.
//!
//! With no star yet but some skips, the model learns the opposite question — which papers look
//! like the skipped ones — and its score is subtracted, so skipping a topic pushes it down from
//! the first decision.
//!
//! Scoring is linear, so it is summed from the index's posting lists for every paper at once
//! ([`crate::index::PaperIndex::linear_scores`]); the features that weigh least are left out of
//! that sum once the posting lists read pass a budget ([`POSTINGS_BUDGET_PER_PAPER`]), which
//! bounds the time at a million papers and, by keeping the strongest features, ranks a little
//! better than the full sum.
//!
//! The same weights explain a paper: its features' contributions, largest first.

use std::collections::HashSet;

use tantivy::DocAddress;

use crate::index::{on_threads, FeatureId, FeatureKind, FeatureSpace, PaperIndex, PaperTerms};
use crate::record::Paper;

/// Most recent decisions of each kind the model trains on.
pub const MAX_DECISIONS: usize = 500;
/// Undecided papers sampled as weak negatives (1,000 scored the same on the simulated readers
/// and cost a third more time).
const UNDECIDED_SAMPLE: usize = 500;
/// Undecided papers are sampled in runs of consecutive documents: records are stored in
/// compressed blocks of about a hundred, so a run costs one decompression.
const SAMPLE_RUN: usize = 25;
/// Features carried by fewer papers than this are left out.
const MIN_PAPERS: u64 = 3;
/// Regularisation: smaller is smoother. Chosen on the simulated readers (BENCHMARKS.md).
const COST: f32 = 0.01;
/// A skipped paper counts this many times an undecided one within the negative class.
const SKIP_EMPHASIS: f32 = 3.0;
/// Coordinate-descent passes at most, and the stopping tolerance on the projected gradient.
const MAX_EPOCHS: usize = 200;
const TOLERANCE: f32 = 0.01;
/// Posting entries read per paper in the index when scoring, at most: the features that weigh
/// most are summed until their posting lists reach this budget (and at least the floor). It
/// bounds the time at a million papers, and it also selects features: on the simulated readers,
/// scoring with every feature did worse (0.357) than with the strongest ones (0.364). At 100,000
/// and a million papers the top ten were the same as with half again the budget.
const POSTINGS_BUDGET_PER_PAPER: u64 = 10;
const POSTINGS_BUDGET_FLOOR: u64 = 10_000;
/// Threads that read the training papers, at most.
const MAX_THREADS: usize = 4;
/// Weights smaller than this are treated as zero.
const NEGLIGIBLE_WEIGHT: f32 = 1e-4;

/// The decided papers the model learns from, by address in the current searcher.
#[derive(Debug, Default)]
pub struct Decisions {
    /// Starred and read papers, most recent first.
    pub liked: Vec<DocAddress>,
    /// Skipped papers, most recent first.
    pub skipped: Vec<DocAddress>,
    /// Every decided paper.
    pub decided: HashSet<DocAddress>,
    /// Every live paper not decided about, in index order (the weak negatives are sampled here).
    pub undecided: Vec<DocAddress>,
}

/// A trained model.
pub struct ReaderModel {
    /// The features met in training, with their statistics.
    space: FeatureSpace,
    /// Weight by feature id (features met after training weigh nothing).
    weights: Vec<f32>,
    bias: f32,
    /// Which way the classifier points: +1 "like the liked papers", −1 "like the skipped ones".
    direction: f32,
    /// For each feature id: how many liked and skipped training papers carry it.
    support: Vec<(u32, u32)>,
}

/// A feature's share in one paper's score.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// The feature as the paper writes it ("video generation", "LoRA").
    pub label: String,
    pub amount: f32,
    /// Liked and skipped papers that carry it.
    pub liked: u32,
    pub skipped: u32,
}

impl ReaderModel {
    /// Trains on the decisions; `None` when there are none.
    pub fn train(index: &PaperIndex, decisions: &Decisions) -> anyhow::Result<Option<ReaderModel>> {
        let liked: Vec<DocAddress> = decisions.liked.iter().take(MAX_DECISIONS).copied().collect();
        let skipped: Vec<DocAddress> = decisions.skipped.iter().take(MAX_DECISIONS).copied().collect();
        if liked.is_empty() && skipped.is_empty() {
            return Ok(None);
        }
        let undecided = sample_undecided(&decisions.undecided);
        let mut jobs: Vec<(DocAddress, Kind)> = Vec::new();
        for (addresses, kind) in [
            (&liked, Kind::Liked),
            (&skipped, Kind::Skipped),
            (&undecided, Kind::Undecided),
        ] {
            jobs.extend(addresses.iter().map(|address| (*address, kind)));
        }
        let (mut space, terms) = read_terms(index, &jobs)?;
        let sample: Vec<&PaperTerms> = terms
            .iter()
            .filter(|(_, kind)| *kind == Kind::Undecided)
            .map(|(paper, _)| paper)
            .collect();
        space.estimate_phrases(terms.iter().map(|(paper, _)| paper), &sample);
        // How many training papers carry each feature, and how many liked and skipped ones.
        let mut support = vec![(0u32, 0u32); space.len()];
        let mut carried = vec![0u32; space.len()];
        for (paper, kind) in &terms {
            for id in paper
                .text
                .iter()
                .map(|(id, _, _)| *id)
                .chain(paper.names.iter().copied())
            {
                carried[id as usize] += 1;
                match kind {
                    Kind::Liked => support[id as usize].0 += 1,
                    Kind::Skipped => support[id as usize].1 += 1,
                    Kind::Undecided => {}
                }
            }
        }
        // Features too few papers carry cannot generalise (a paper's own new name would count
        // against it whenever it was sampled as undecided): words and names need MIN_PAPERS in
        // the index, phrases (whose index counts are unknown) two among the training papers.
        let mut usable = vec![false; space.len()];
        for id in 0..space.len() {
            usable[id] = match space.feature(id as FeatureId).kind {
                FeatureKind::Phrase => carried[id] >= 2,
                _ => space.doc_freq(id as FeatureId) >= MIN_PAPERS,
            };
        }
        let mut vectors = Vec::with_capacity(terms.len());
        for (paper, kind) in &terms {
            let mut vector = space.vector(paper);
            vector.retain(|(id, _)| usable[*id as usize]);
            vectors.push((vector, *kind));
        }
        // With stars: liked against the rest. Without: skipped against undecided, negated.
        let direction = if liked.is_empty() { -1.0 } else { 1.0 };
        let label = |kind: Kind| match (kind, liked.is_empty()) {
            (Kind::Liked, _) => 1.0,
            (Kind::Skipped, false) => -1.0,
            (Kind::Skipped, true) => 1.0,
            (Kind::Undecided, _) => -1.0,
        };
        let (weights, bias) = fit(&vectors, space.len(), label);
        space.retain_phrase_estimates(|id| weights[id as usize] != 0.0);
        Ok(Some(ReaderModel {
            space,
            weights,
            bias,
            direction,
            support,
        }))
    }

    /// The model's score of every document in the current searcher, by segment: positive for
    /// papers like the liked ones, negative for papers like the skipped ones, near zero otherwise.
    pub fn scores(&mut self, index: &PaperIndex) -> anyhow::Result<Vec<Vec<f32>>> {
        let mut weighted: Vec<(FeatureId, f32, f32, u64)> = Vec::new();
        for (id, weight) in self.weights.iter().enumerate() {
            let id = id as FeatureId;
            if weight.abs() <= NEGLIGIBLE_WEIGHT {
                continue;
            }
            if let Some(idf) = self.space.idf(id) {
                weighted.push((id, *weight, idf, self.space.doc_freq(id)));
            }
        }
        // Largest expected effect first: weight × idf (a word's value grows with its idf).
        weighted.sort_by(|a, b| {
            (b.1.abs() * b.2)
                .total_cmp(&(a.1.abs() * a.2))
                .then_with(|| a.0.cmp(&b.0))
        });
        let budget = (POSTINGS_BUDGET_PER_PAPER * self.space.num_docs()).max(POSTINGS_BUDGET_FLOOR);
        let mut read = 0u64;
        weighted.retain(|(_, _, _, df)| {
            read += df;
            read <= budget
        });
        for (id, _, _, _) in &weighted {
            self.space.spell(*id);
        }
        let chosen: Vec<_> = weighted
            .into_iter()
            .map(|(id, weight, idf, _)| (self.space.feature(id), self.direction * weight, idf))
            .collect();
        let mut scores = index.linear_scores(&chosen)?;
        // Shifted by the negative margin, so that a paper like none of the decided ones scores
        // near zero.
        let shift = self.direction * (self.bias + 1.0);
        for segment in &mut scores {
            for score in segment.iter_mut() {
                *score += shift;
            }
        }
        Ok(scores)
    }

    /// What moved a paper, largest effect first: the features that raised its score and the
    /// ones that lowered it.
    pub fn explain(
        &mut self,
        index: &PaperIndex,
        address: DocAddress,
        paper: &Paper,
    ) -> anyhow::Result<(Vec<Contribution>, Vec<Contribution>)> {
        let terms = self.space.paper_terms(index, address, paper, true)?;
        let vector = self.space.vector(&terms);
        let mut contributions: Vec<Contribution> = vector
            .iter()
            .filter_map(|&(id, value)| {
                let weight = self.weights.get(id as usize)?;
                let amount = self.direction * weight * value;
                let (liked, skipped) = self.support.get(id as usize).copied().unwrap_or_default();
                let label = match terms.labels.get(&id) {
                    Some(label) => label.clone(),
                    None => {
                        self.space.spell(id);
                        self.space.feature(id).term.clone()
                    }
                };
                Some(Contribution {
                    label,
                    amount,
                    liked,
                    skipped,
                })
            })
            .collect();
        contributions.sort_by(|a, b| {
            b.amount
                .abs()
                .total_cmp(&a.amount.abs())
                .then_with(|| a.label.cmp(&b.label))
        });
        let mut seen = HashSet::new();
        contributions.retain(|c| seen.insert(c.label.clone()));
        let (up, down): (Vec<_>, Vec<_>) = contributions.into_iter().partition(|c| c.amount > 0.0);
        Ok((up, down))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Liked,
    Skipped,
    Undecided,
}

/// Training papers' terms, numbered in one feature space.
type ReadTerms = (FeatureSpace, Vec<(PaperTerms, Kind)>);

/// The terms of the training papers, read and analysed on several threads (reading a record
/// and analysing its text is most of the training time), each into its own feature space; the
/// spaces are then merged into one.
fn read_terms(index: &PaperIndex, jobs: &[(DocAddress, Kind)]) -> anyhow::Result<ReadTerms> {
    let parts = on_threads(jobs, MAX_THREADS, "reading the decided papers", |part| {
        let mut space = index.feature_space()?;
        let mut terms = Vec::with_capacity(part.len());
        for &(address, kind) in part {
            let paper = index.paper_at(address)?;
            terms.push((space.paper_terms(index, address, &paper, false)?, kind));
        }
        Ok((space, terms))
    })?;
    let mut space = index.feature_space()?;
    let mut terms = Vec::with_capacity(jobs.len());
    for (local, part_terms) in parts {
        let ids = space.absorb(local);
        for (mut paper, kind) in part_terms {
            paper.renumber(&ids);
            terms.push((paper, kind));
        }
    }
    Ok((space, terms))
}

/// Undecided papers for weak negatives: runs of consecutive documents starting at evenly
/// spread, fixed places (the same index and decisions give the same sample, so the inbox's
/// order does not change between two runs).
fn sample_undecided(candidates: &[DocAddress]) -> Vec<DocAddress> {
    if candidates.len() <= UNDECIDED_SAMPLE {
        return candidates.to_vec();
    }
    let runs = UNDECIDED_SAMPLE / SAMPLE_RUN;
    let stride = candidates.len() / runs;
    let mut sample = Vec::with_capacity(UNDECIDED_SAMPLE);
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for run in 0..runs {
        // A fixed pseudo-random offset within each stride, so runs do not line up with days.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let offset = (state % stride.saturating_sub(SAMPLE_RUN).max(1) as u64) as usize;
        let start = run * stride + offset;
        sample.extend(candidates.iter().skip(start).take(SAMPLE_RUN).copied());
    }
    sample
}

/// A sparse example: feature ids and values.
type Sparse = Vec<(FeatureId, f32)>;

/// Fits the squared-hinge linear SVM by dual coordinate descent; returns the weight of every
/// feature id below `dimensions`, and the bias.
fn fit(vectors: &[(Sparse, Kind)], dimensions: usize, label: impl Fn(Kind) -> f32) -> (Vec<f32>, f32) {
    let positives = vectors.iter().filter(|(_, kind)| label(*kind) > 0.0).count().max(1) as f32;
    let emphasis = |kind: Kind| if kind == Kind::Skipped { SKIP_EMPHASIS } else { 1.0 };
    let negative_mass: f32 = vectors
        .iter()
        .filter(|(_, kind)| label(*kind) < 0.0)
        .map(|(_, kind)| emphasis(*kind))
        .sum::<f32>()
        .max(1.0);
    let total = vectors.len() as f32;
    let cost = COST;
    // Balanced classes: each class carries half of the total cost.
    let costs: Vec<f32> = vectors
        .iter()
        .map(|(_, kind)| {
            if label(*kind) > 0.0 {
                cost * total / (2.0 * positives)
            } else {
                cost * total * emphasis(*kind) / (2.0 * negative_mass)
            }
        })
        .collect();
    // The bias is a constant feature, regularised like the others (as liblinear does).
    let bias_id = dimensions;
    let mut weights = vec![0f32; dimensions + 1];
    let mut alphas = vec![0f32; vectors.len()];
    let diagonal: Vec<f32> = costs.iter().map(|cost| 0.5 / cost).collect();
    let squared_norms: Vec<f32> = vectors
        .iter()
        .zip(&diagonal)
        .map(|((sparse, _), d)| sparse.iter().map(|(_, v)| v * v).sum::<f32>() + 1.0 + d)
        .collect();
    let mut order: Vec<usize> = (0..vectors.len()).collect();
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..MAX_EPOCHS {
        // Fisher–Yates with a fixed xorshift: the same data gives the same model.
        for i in (1..order.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            order.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let mut largest = f32::NEG_INFINITY;
        let mut smallest = f32::INFINITY;
        for &i in &order {
            let (sparse, kind) = &vectors[i];
            let y = label(*kind);
            let margin: f32 = sparse.iter().map(|(id, v)| weights[*id as usize] * v).sum::<f32>() + weights[bias_id];
            let gradient = y * margin - 1.0 + diagonal[i] * alphas[i];
            let projected = if alphas[i] == 0.0 { gradient.min(0.0) } else { gradient };
            largest = largest.max(projected);
            smallest = smallest.min(projected);
            if projected.abs() > 1e-12 {
                let old = alphas[i];
                alphas[i] = (old - gradient / squared_norms[i]).max(0.0);
                let step = (alphas[i] - old) * y;
                for (id, v) in sparse {
                    weights[*id as usize] += step * v;
                }
                weights[bias_id] += step;
            }
        }
        if largest - smallest < TOLERANCE {
            break;
        }
    }
    let bias = weights.pop().unwrap_or(0.0);
    (weights, bias)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inbox::{rank_new_papers, RankOptions};
    use crate::record::{parse_iso_date, Metadata, Source};
    use crate::triage::{Profile, Status, TriageState};

    /// Three fields of study, each with its own words; every paper mixes its field's words with
    /// words all papers share, so only the field words tell them apart.
    const FIELDS: [(&str, [&str; 8]); 3] = [
        (
            "3d",
            [
                "gaussian splatting",
                "radiance field",
                "point cloud",
                "mesh reconstruction",
                "novel view synthesis",
                "depth estimation",
                "multi-view geometry",
                "scene reconstruction",
            ],
        ),
        (
            "robot",
            [
                "robot manipulation",
                "grasping policy",
                "embodied agent",
                "tactile sensing",
                "locomotion controller",
                "teleoperation data",
                "sim-to-real transfer",
                "motion planning",
            ],
        ),
        (
            "reasoning",
            [
                "chain of thought",
                "math word problems",
                "verifiable rewards",
                "reasoning traces",
                "theorem proving",
                "process reward model",
                "self-consistency decoding",
                "logical inference",
            ],
        ),
    ];
    const SHARED: [&str; 6] = [
        "we propose a new approach",
        "experiments show strong results",
        "our method outperforms baselines",
        "we release code and data",
        "extensive ablations confirm the design",
        "the framework is simple and general",
    ];

    fn corpus() -> Vec<Paper> {
        let mut papers = Vec::new();
        for number in 0..20 {
            for (field, words) in FIELDS {
                let pick = |k: usize| words[(number * 3 + k * 5) % words.len()];
                let title = format!("{} with {} for {} number {number}", pick(0), pick(1), field);
                let abstract_text = format!(
                    "{}. This work studies {} and {}. {} {}. {}.",
                    SHARED[number % SHARED.len()],
                    pick(2),
                    pick(3),
                    SHARED[(number + 1) % SHARED.len()],
                    pick(4),
                    SHARED[(number + 2) % SHARED.len()],
                );
                papers.push(Paper::new(
                    title,
                    abstract_text,
                    Metadata {
                        authors: Some(3),
                        date: Some(parse_iso_date("2025-06-01").unwrap()),
                        // Popular robotics papers: the model must outweigh popularity.
                        upvotes: Some(if field == "robot" { 90 } else { 5 }),
                    },
                    Source {
                        file: "synthetic.txt".into(),
                        line: papers.len() as u64 + 1,
                    },
                ));
            }
        }
        papers
    }

    struct Setup {
        _dir: tempfile::TempDir,
        index: PaperIndex,
        state: TriageState,
        papers: Vec<Paper>,
    }

    fn setup() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let index = PaperIndex::open_or_create(&dir.path().join("index")).unwrap();
        let papers = corpus();
        index.upsert_all(papers.clone()).unwrap();
        let state = TriageState::load(&dir.path().join("index")).unwrap();
        Setup {
            _dir: dir,
            index,
            state,
            papers,
        }
    }

    fn ids_of(papers: &[Paper], field: &str, count: usize) -> Vec<String> {
        papers
            .iter()
            .filter(|p| p.title.contains(&format!("for {field} ")))
            .take(count)
            .map(|p| p.id.clone())
            .collect()
    }

    /// The fields of the inbox's entries, best first.
    fn inbox_fields(setup: &Setup) -> Vec<(String, Vec<String>)> {
        let mut inbox =
            rank_new_papers(&setup.index, &setup.state, &Profile::default(), &RankOptions::default()).unwrap();
        inbox
            .top(&setup.index, &Profile::default(), 1000)
            .unwrap()
            .into_iter()
            .map(|entry| {
                let field = FIELDS
                    .iter()
                    .find(|(field, _)| entry.paper.title.contains(&format!("for {field} ")))
                    .unwrap()
                    .0
                    .to_string();
                (field, entry.why)
            })
            .collect()
    }

    #[test]
    fn a_reader_who_stars_3d_papers_sees_3d_papers_rise_above_popular_ones() {
        let mut setup = setup();
        let before = inbox_fields(&setup);
        assert_eq!(before[0].0, "robot", "without decisions, popularity leads");
        for id in ids_of(&setup.papers, "3d", 3) {
            setup.state.set_status(&id, Status::Starred, "2026-01-01T00:00:00Z");
        }
        let after = inbox_fields(&setup);
        assert_eq!(after.len(), 57);
        let top: Vec<&str> = after.iter().take(17).map(|(field, _)| field.as_str()).collect();
        assert_eq!(top, vec!["3d"; 17], "every other 3D paper comes first: {after:?}");
        let why = after[0].1.join("; ");
        assert!(why.starts_with("+ "), "the model names what raised it: {why}");
        assert!(why.contains("(liked "), "and how many liked papers carry it: {why}");
    }

    #[test]
    fn skipping_robotics_papers_pushes_robotics_down_from_the_first_decisions() {
        let mut setup = setup();
        for id in ids_of(&setup.papers, "robot", 3) {
            setup.state.set_status(&id, Status::Skipped, "2026-01-01T00:00:00Z");
        }
        let after = inbox_fields(&setup);
        assert_eq!(after.len(), 57);
        let bottom: Vec<&str> = after.iter().rev().take(17).map(|(field, _)| field.as_str()).collect();
        assert_eq!(
            bottom,
            vec!["robot"; 17],
            "robotics sinks below the rest despite its upvotes: {after:?}"
        );
        let why = after.last().unwrap().1.join("; ");
        assert!(why.contains("− ") && why.contains("(skipped "), "{why}");
    }

    #[test]
    fn stars_and_skips_together_order_the_three_fields() {
        let mut setup = setup();
        for id in ids_of(&setup.papers, "reasoning", 2) {
            setup.state.set_status(&id, Status::Starred, "2026-01-01T00:00:00Z");
        }
        for id in ids_of(&setup.papers, "robot", 4) {
            setup.state.set_status(&id, Status::Skipped, "2026-01-01T00:00:00Z");
        }
        let after = inbox_fields(&setup);
        let mean_rank = |wanted: &str| {
            let ranks: Vec<usize> = after
                .iter()
                .enumerate()
                .filter(|(_, (field, _))| field == wanted)
                .map(|(rank, _)| rank)
                .collect();
            ranks.iter().sum::<usize>() as f64 / ranks.len() as f64
        };
        assert!(mean_rank("reasoning") < mean_rank("3d"));
        assert!(mean_rank("3d") < mean_rank("robot"));
    }

    #[test]
    fn the_solver_separates_two_examples_and_is_deterministic() {
        let vectors = vec![
            (vec![(0, 1.0)], Kind::Liked),
            (vec![(1, 1.0)], Kind::Undecided),
            (vec![(1, 0.9), (2, 0.1)], Kind::Undecided),
        ];
        let label = |kind: Kind| if kind == Kind::Liked { 1.0 } else { -1.0 };
        let (weights, bias) = fit(&vectors, 3, label);
        assert!(weights[0] > 0.0 && weights[1] < 0.0, "{weights:?}");
        let score = |v: &Sparse| v.iter().map(|(id, x)| weights[*id as usize] * x).sum::<f32>() + bias;
        assert!(score(&vectors[0].0) > score(&vectors[1].0));
        assert_eq!(fit(&vectors, 3, label), (weights, bias));
    }
}
