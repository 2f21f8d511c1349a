//! `papers reindex` as one operation on the data directory: the index rebuilt from its stored
//! records (and the API responses `pull` kept), the names it teaches filed again on every paper,
//! the latent layer learned afresh, and the triage state's old arrival times retired.
//!
//! Why a module of its own: a rebuild concerns both the index and the triage state beside it
//! (an index older than schema 5 kept arrival times in the triage state), and both `reindex` and
//! `doctor --repair` rebuild, so they share this one sequence instead of each holding half of it.

use std::path::Path;

use crate::dump::ParseOptions;
use crate::fetch::RawStore;
use crate::floor::beside::beside;
use crate::index::{self, FiledNames, PaperIndex};
use crate::record::Paper;
use crate::triage::TriageState;

/// What a reindex did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReindexReport {
    pub rebuild: index::RebuildReport,
    /// Names the rebuilt papers teach.
    pub learned: u64,
    /// Papers that mention a learned name.
    pub refiled: u64,
}

/// Rebuilds the index at `index_dir` with this version's schema and extraction.
pub fn reindex(index_dir: &Path) -> anyhow::Result<ReindexReport> {
    let responses = RawStore::new(index_dir).all_responses()?;
    let triage = TriageState::load(index_dir)?;
    let earlier_arrival = |id: &str| triage.entry(id).first_seen;
    let rebuild = index::rebuild(
        index_dir,
        &earlier_arrival,
        &mut |upsert: &mut dyn FnMut(Paper) -> anyhow::Result<()>| {
            crate::ingest::parse_inputs(&responses, ParseOptions::with_year(None), upsert).map(|_| ())
        },
    )?;
    // The arrival times now live in the index; the state keeps only decisions.
    let mut triage = TriageState::load(index_dir)?;
    if triage.forget_arrivals() {
        triage.save()?;
    }
    // Every name the rebuilt papers teach is filed on every paper that mentions it, while the
    // latent layer is learned afresh from the rebuilt papers (it reads titles and abstracts and
    // keys papers by fingerprint, which filing a name does not change).
    // (Against an empty baseline, every learned name is new.)
    let rebuilt = PaperIndex::open(index_dir)?;
    let (fitted, filed) = beside(
        || rebuilt.fit_latent(),
        || rebuilt.file_names_since(&FiledNames::default()),
    );
    let (learned, refiled) = filed?;
    fitted?;
    Ok(ReindexReport {
        rebuild,
        learned,
        refiled,
    })
}
