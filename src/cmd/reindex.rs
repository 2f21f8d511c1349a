//! `papers reindex`: rebuild the index from its stored records, for an index made by another
//! version of papers (or to apply this version's extraction to old papers), reading the API
//! responses `papers pull` kept once more so a better parser gets to them.

use super::{parse_inputs, Context};
use crate::dump::ParseOptions;
use crate::fetch::RawStore;
use crate::index::{self, SCHEMA_VERSION};
use crate::output;

pub fn run(context: &Context) -> anyhow::Result<()> {
    let index_dir = context.index_dir()?;
    let responses = RawStore::new(&index_dir).all_responses()?;
    let report = index::rebuild(&index_dir, &mut |upsert| {
        parse_inputs(&responses, ParseOptions::with_year(None), upsert).map(|_| ())
    })?;
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
    output::note(&format!(
        "reindexed {} paper{} ({schema}){merged}; triage state and profile kept",
        report.papers,
        if report.papers == 1 { "" } else { "s" }
    ));
    Ok(())
}
