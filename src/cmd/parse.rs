//! `papers parse`: dumps in, records out as JSON, JSON Lines or CSV. A pure transformation for
//! pipelines; the index is never touched.

use super::{finish_output, parse_inputs, stdout, Context};
use crate::cli::ParseArgs;
use crate::dump::ParseOptions;
use crate::output::RecordWriter;

pub fn run(_context: &Context, args: ParseArgs) -> anyhow::Result<()> {
    let mut writer = RecordWriter::new(stdout(), args.format)?;
    parse_inputs(&args.files, ParseOptions::with_year(args.year.year), &mut |paper| {
        writer.write(&paper)
    })?;
    writer.finish()?;
    finish_output(std::io::stdout())
}
