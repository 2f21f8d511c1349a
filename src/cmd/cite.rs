//! `papers cite`: citations for papers named by id, or for every paper with a status or tag
//! (`papers cite --status starred`), in BibTeX, RIS or CSL-JSON.

use super::{finish_output, stdout, Context};
use crate::cli::CiteArgs;
use crate::floor::exit::UsageError;
use crate::index::{Lookup, PaperIndex};
use crate::output::{self, CitationWriter};
use crate::triage::TriageState;

pub fn run(context: &Context, args: CiteArgs) -> anyhow::Result<()> {
    if args.ids.is_empty() && args.status.is_none() && args.tag.is_none() {
        return Err(UsageError(
            "say which papers to cite: their ids, --status STATUS (e.g. starred) or --tag TAG".to_string(),
        )
        .into());
    }
    let index_dir = context.index_dir()?;
    let index = PaperIndex::open(&index_dir)?;
    let mut papers = Vec::new();
    for id in &args.ids {
        papers.push(index.find(id)?);
    }
    if args.status.is_some() || args.tag.is_some() {
        let state = TriageState::load(&index_dir)?;
        for (id, entry) in state.ids() {
            let wanted = args.status.is_none_or(|status| entry.status == status)
                && args.tag.as_ref().is_none_or(|tag| entry.tags.contains(tag));
            if !wanted || papers.iter().any(|paper| &paper.id == id) {
                continue;
            }
            // A decision about a paper no longer in the index has nothing to cite.
            if let Lookup::Found(paper) = index.lookup(id)? {
                papers.push(paper);
            }
        }
    }
    if papers.is_empty() {
        output::note("no papers match; `papers list --status starred` shows what you have marked");
        return Ok(());
    }
    let mut writer = CitationWriter::new(stdout(), args.format);
    for paper in &papers {
        writer.write(paper)?;
    }
    finish_output(writer.finish()?)
}
