//! `papers similar`: the papers most like a given one, excluding itself.

use super::{finish_output, stdout, Context};
use crate::cli::SimilarArgs;
use crate::index::PaperIndex;
use crate::output::shapes::JsonSimilar;
use crate::output::{self, human, JsonWriter};
use crate::triage::TriageState;

pub fn run(context: &Context, args: SimilarArgs) -> anyhow::Result<()> {
    let index_dir = context.index_dir()?;
    let index = PaperIndex::open(&index_dir)?;
    let state = TriageState::load(&index_dir)?;
    let paper = index.find(&args.id)?;
    let hits = index.similar(&paper, usize::try_from(args.limit).unwrap_or(usize::MAX))?;
    let mut out = stdout();
    if args.json {
        let mut writer = JsonWriter::new(&mut out, false);
        for hit in &hits {
            writer.write(&JsonSimilar {
                paper: &hit.paper,
                score: hit.score,
            })?;
        }
        writer.finish()?;
    } else {
        for (rank, hit) in hits.iter().enumerate() {
            human::write_hit(&mut out, &context.style, rank + 1, hit, state.status(&hit.paper.id))?;
        }
        if hits.is_empty() {
            output::note("no similar papers: nothing else in the index shares enough of its words");
        }
    }
    finish_output(out)
}
