//! `papers entities`: the methods and datasets the index knows, with how many papers name each
//! and where the name comes from: the curated lexicon, the lexicon the index learned from its
//! papers, or only the paper that names it. `--learned` shows the learned names with the
//! evidence that typed them.

use std::io::Write;

use super::{finish_output, stdout, Context};
use crate::cli::EntitiesArgs;
use crate::extract::learned::LearnedName;
use crate::extract::lexicon::Kind;
use crate::floor::safe_text::for_terminal;
use crate::index::PaperIndex;
use crate::output::JsonWriter;

/// Where an entity's name comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
enum Origin {
    /// `vocab/`: the curated lexicon and the model families.
    Curated,
    /// Learned from the papers in the index.
    Learned,
    /// Named by the paper itself (its contributions, its technique phrases) and known nowhere else.
    Paper,
}

/// How the papers of the index speak of a learned name.
#[derive(Debug, Clone, serde::Serialize)]
struct EvidenceCounts {
    introduced_as_dataset: u64,
    introduced_as_method: u64,
    used_as_data: u64,
    /// What decided the kind: `name-shape`, `introduced` or `used-as-data`.
    kind_from: &'static str,
}

/// One line of the listing (and one JSON object).
#[derive(Debug, Clone, serde::Serialize)]
struct EntityLine {
    name: String,
    kind: &'static str,
    /// Papers whose methods or datasets include the name.
    papers: u64,
    origin: Origin,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<EvidenceCounts>,
}

pub fn run(context: &Context, args: EntitiesArgs) -> anyhow::Result<()> {
    let index = PaperIndex::open(&context.index_dir()?)?;
    let learned = index.learned()?;
    let limit = usize::try_from(args.limit).unwrap_or(usize::MAX);
    let mut lines: Vec<EntityLine> = Vec::new();
    for (datasets, kind) in [(false, "method"), (true, "dataset")] {
        for (name, papers) in index.name_counts(datasets)? {
            // A learned name filed under the other kind is there by the papers' own word (the
            // paper introducing a benchmark calls it its method): theirs, not the lexicon's.
            let learned_name = learned
                .get(&name)
                .filter(|learned| (learned.kind == Kind::Dataset) == datasets);
            let origin = if crate::extract::is_curated(&name) {
                Origin::Curated
            } else if learned_name.is_some() {
                Origin::Learned
            } else {
                Origin::Paper
            };
            if args.learned && origin != Origin::Learned {
                continue;
            }
            lines.push(EntityLine {
                kind,
                papers,
                origin,
                evidence: learned_name.map(evidence_counts),
                name,
            });
        }
    }
    lines.sort_by(|a, b| b.papers.cmp(&a.papers).then_with(|| a.name.cmp(&b.name)));
    lines.truncate(limit);

    let mut out = stdout();
    if args.json {
        let mut writer = JsonWriter::new(&mut out, false);
        for line in &lines {
            writer.write(line)?;
        }
        writer.finish()?;
        return finish_output(out);
    }
    for line in &lines {
        let name = for_terminal(&line.name);
        let source = match &line.evidence {
            Some(evidence) => format!("learned ({})", evidence.kind_from),
            None => origin_label(line.origin).to_string(),
        };
        if context.terminal {
            writeln!(
                out,
                "{:>6}  {:<7}  {}  {}",
                line.papers,
                line.kind,
                context.style.dim(&format!("{source:<24}")),
                context.style.title(&name)
            )?;
        } else {
            writeln!(out, "{}\t{}\t{}\t{source}", name, line.kind, line.papers)?;
        }
    }
    finish_output(out)
}

fn origin_label(origin: Origin) -> &'static str {
    match origin {
        Origin::Curated => "curated",
        Origin::Learned => "learned",
        Origin::Paper => "paper",
    }
}

fn evidence_counts(name: &LearnedName) -> EvidenceCounts {
    EvidenceCounts {
        introduced_as_dataset: name.introduced_as_dataset,
        introduced_as_method: name.introduced_as_method,
        used_as_data: name.used_as_data,
        kind_from: name.kind_evidence(),
    }
}
