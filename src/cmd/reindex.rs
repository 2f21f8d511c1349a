//! `papers reindex`: rebuild the index from its stored records, for an index made by another
//! version of papers (or to apply this version's extraction to old papers), reading the API
//! responses `papers pull` kept once more so a better parser gets to them.

use super::ingest::count;
use super::{parse_inputs, Context};
use crate::dump::ParseOptions;
use crate::fetch::RawStore;
use crate::index::{self, PaperIndex, SCHEMA_VERSION};
use crate::output;

pub fn run(context: &Context) -> anyhow::Result<()> {
    let index_dir = context.index_dir()?;
    let responses = RawStore::new(&index_dir).all_responses()?;
    let report = index::rebuild(&index_dir, &mut |upsert| {
        parse_inputs(&responses, ParseOptions::with_year(None), upsert).map(|_| ())
    })?;
    // Every name the rebuilt papers teach is filed on every paper that mentions it.
    let rebuilt = PaperIndex::open(&index_dir)?;
    let learned = rebuilt.learned()?;
    let names: Vec<_> = learned.names().iter().collect();
    let refiled = rebuilt.file_learned_names(&learned, &names)?;
    // The latent layer is learned afresh from the rebuilt papers.
    rebuilt.fit_latent()?;
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
    let learned_note = match (names.len(), refiled) {
        (0, _) => String::new(),
        (n, 0) => format!("; learned {}", count(n as u64, "name")),
        (n, papers) => format!(
            "; learned {}, now also named by {}",
            count(n as u64, "name"),
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
