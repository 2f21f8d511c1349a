//! `papers facets`: how often each topic, method, dataset or year occurs among the matching
//! papers — a bar chart on a terminal, `value<TAB>count` lines in a pipe, or JSON.

use std::io::Write;

use super::{finish_output, stdout, warn_lenient_query, Context};
use crate::cli::FacetsArgs;
use crate::floor::safe_text::for_terminal;
use crate::index::PaperIndex;
use crate::output::JsonWriter;

/// Width of the longest bar, in characters.
const BAR_WIDTH: usize = 40;

pub fn run(context: &Context, args: FacetsArgs) -> anyhow::Result<()> {
    let index_dir = context.index_dir()?;
    let filters = super::filters_with_marks(&index_dir, &args.filters)?;
    let index = PaperIndex::open(&index_dir)?;
    let limit = usize::try_from(args.limit).unwrap_or(usize::MAX);
    super::warn_unknown_entities(&index, &filters)?;
    let (counts, warnings) = index.facets(args.query.as_deref(), &filters, args.field, limit)?;
    warn_lenient_query(&warnings);
    let mut out = stdout();
    if args.json {
        let mut writer = JsonWriter::new(&mut out, false);
        for count in &counts {
            writer.write(count)?;
        }
        writer.finish()?;
    } else if context.terminal {
        let widest = counts
            .iter()
            .map(|c| c.value.chars().count())
            .max()
            .unwrap_or(0)
            .min(48);
        let most = counts.first().map_or(1, |c| c.count.max(1));
        for count in &counts {
            let value: String = for_terminal(&count.value).chars().take(widest).collect();
            let bar = ((count.count as f64 / most as f64) * BAR_WIDTH as f64).round().max(1.0) as usize;
            let padding = widest - value.chars().count();
            writeln!(
                out,
                "{value}{} {} {}",
                " ".repeat(padding),
                context.style.label(&"█".repeat(bar)),
                count.count
            )?;
        }
    } else {
        for count in &counts {
            writeln!(out, "{}\t{}", for_terminal(&count.value), count.count)?;
        }
    }
    finish_output(out)
}
