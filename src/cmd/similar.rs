//! `papers similar`: the papers most like a given one, excluding itself.

use serde::Serialize;

use super::show::find_paper;
use super::{finish_output, stdout, Context};
use crate::cli::SimilarArgs;
use crate::index::PaperIndex;
use crate::output::{human, JsonWriter};
use crate::record::Paper;

/// A similar paper as JSON: the record plus its similarity score.
#[derive(Serialize)]
struct JsonSimilar<'a> {
    #[serde(flatten)]
    paper: &'a Paper,
    score: Option<f32>,
}

pub fn run(context: &Context, args: SimilarArgs) -> anyhow::Result<()> {
    let index = PaperIndex::open(&context.index_dir()?)?;
    let paper = find_paper(&index, &args.id)?;
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
            human::write_hit(&mut out, &context.style, rank + 1, hit)?;
        }
    }
    finish_output(out)
}
