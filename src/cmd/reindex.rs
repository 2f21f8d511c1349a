//! `papers reindex`: rebuild the index from its stored records, for an index made by another
//! version of papers (or to apply this version's extraction to old papers), reading the API
//! responses `papers pull` kept once more so a better parser gets to them.

use super::Context;
use crate::index::SCHEMA_VERSION;
use crate::output::{self, count};

pub fn run(context: &Context) -> anyhow::Result<()> {
    let reindexed = crate::reindex::reindex(&context.index_dir()?)?;
    let report = reindexed.rebuild;
    let schema = if report.from_schema == SCHEMA_VERSION {
        format!("schema {SCHEMA_VERSION}")
    } else {
        format!("schema {} → {}", report.from_schema, report.to_schema)
    };
    let merged = match report.merged {
        0 => String::new(),
        1 => "; 1 duplicate record merged".to_string(),
        n => format!("; {n} duplicate records merged"),
    };
    let learned_note = match (reindexed.learned, reindexed.refiled) {
        (0, _) => String::new(),
        (n, 0) => format!("; learned {}", count(n, "name")),
        (n, papers) => format!(
            "; learned {}, now also named by {}",
            count(n, "name"),
            count(papers, "paper")
        ),
    };
    output::note(&format!(
        "reindexed {} paper{} ({schema}){merged}{learned_note}; triage state and profile kept",
        report.papers,
        if report.papers == 1 { "" } else { "s" }
    ));
    Ok(())
}
