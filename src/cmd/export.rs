//! `papers export`: every matching record (all of them without a query) in a machine format.

use super::{finish_output, stdout, Context};
use crate::cli::ExportArgs;
use crate::index::{PaperIndex, SearchRequest};
use crate::output::RecordWriter;

pub fn run(context: &Context, args: ExportArgs) -> anyhow::Result<()> {
    let index_dir = context.index_dir()?;
    let index = PaperIndex::open(&index_dir)?;
    let request = SearchRequest {
        query: args.query,
        filters: super::filters_with_marks(&index_dir, &args.filters)?,
        sort: args.filters.sort,
        limit: args.limit.map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
        // An export holds exactly the papers that contain the query's words.
        expand: false,
        signals: false,
        ranker: crate::index::Ranker::Lexical,
    };
    super::warn_unknown_entities(&index, &request.filters)?;
    let outcome = index.search(&request)?;
    super::warn_lenient_query(&outcome.query_warnings);
    let mut writer = RecordWriter::new(stdout(), args.format)?;
    for hit in outcome.hits() {
        writer.write(&hit?.paper)?;
    }
    writer.finish()?;
    finish_output(std::io::stdout())
}
