//! `papers search`: ranked results for a query, for people (rank, title, metadata, id, snippet)
//! or as JSON (the record plus `score` and `snippet`).

use super::{finish_output, stdout, Context};
use crate::cli::SearchArgs;
use crate::floor::exit::UsageError;
use crate::index::{PaperIndex, SearchRequest};
use crate::output::shapes::JsonHit;
use crate::output::{self, human, JsonWriter};
use crate::triage::TriageState;

pub fn run(context: &Context, args: SearchArgs) -> anyhow::Result<()> {
    if args.query.trim().is_empty() {
        return Err(UsageError("the query is empty; `papers export` lists every paper".to_string()).into());
    }
    let index_dir = context.index_dir()?;
    let request = SearchRequest {
        query: Some(args.query),
        filters: super::filters_with_marks(&index_dir, &args.filters)?,
        sort: args.filters.sort,
        limit: Some(usize::try_from(args.limit).unwrap_or(usize::MAX)),
        expand: true,
        signals: !args.no_boost,
        ranker: args.ranker,
    };
    let index = PaperIndex::open(&index_dir)?;
    let state = TriageState::load(&index_dir)?;
    super::warn_unknown_entities(&index, &request.filters)?;
    let outcome = index.search(&request)?;
    if !outcome.corrections.is_empty() {
        let shown: Vec<String> = outcome
            .corrections
            .iter()
            .map(|c| format!("'{}' instead of '{}'", surface_form(&outcome, c), c.word))
            .collect();
        output::note(&format!(
            "no paper contains some of the words; showing results for {}",
            shown.join(", ")
        ));
    }
    super::warn_lenient_query(&outcome.query_warnings);
    if outcome.latent_unavailable {
        let file = crate::floor::data_dir::LATENT_FILE;
        if index_dir.join(file).exists() {
            output::warn(&format!(
                "the latent layer ({file}) cannot be read; ranked by the words alone until the next ingest, \
                 `papers reindex` or `papers doctor --repair` learns it again"
            ));
        } else {
            output::warn(&format!(
                "the index has no latent layer (it is learned once it holds {} papers); ranked by the words alone",
                crate::index::LATENT_MIN_PAPERS
            ));
        }
    }
    let mut out = stdout();
    if args.json {
        let mut writer = JsonWriter::new(&mut out, false);
        for hit in outcome.hits() {
            let hit = hit?;
            let snippet = hit.snippet.as_ref().map(|(text, ranges)| human::marked(text, ranges));
            writer.write(&JsonHit {
                paper: &hit.paper,
                status: state.status(&hit.paper.id),
                score: hit.score,
                snippet,
            })?;
        }
        writer.finish()?;
    } else {
        human::write_hits(&mut out, &context.style, &outcome, &state)?;
        if outcome.is_empty() {
            output::note("no papers match; try fewer words or other filters");
        }
    }
    finish_output(out)
}

/// The word as papers write it for an indexed (stemmed) term: among the best hit's words that
/// start with the term, the one closest to what was typed.
fn surface_form(outcome: &crate::index::SearchOutcome<'_>, correction: &crate::index::Correction) -> String {
    let Some(Ok(hit)) = outcome.hits().next() else {
        return correction.term.clone();
    };
    let text = format!("{} {}", hit.paper.title, hit.paper.abstract_text).to_lowercase();
    let typed = correction.word.to_lowercase();
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.starts_with(correction.term.as_str()))
        .min_by_key(|word| crate::index::edit_distance(word, &typed))
        .map_or_else(|| correction.term.clone(), str::to_string)
}
