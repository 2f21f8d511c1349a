//! `papers show`: one full record, by id or unambiguous id prefix.

use super::{finish_output, stdout, Context};
use crate::cli::ShowArgs;
use crate::index::PaperIndex;
use crate::output::records::MarkedRecord;
use crate::output::{human, JsonWriter};
use crate::triage::TriageState;

pub fn run(context: &Context, args: ShowArgs) -> anyhow::Result<()> {
    let index_dir = context.index_dir()?;
    let index = PaperIndex::open(&index_dir)?;
    let paper = index.find(&args.id)?;
    let entry = TriageState::load(&index_dir)?.entry(&paper.id);
    let mut out = stdout();
    if args.json {
        let mut writer = JsonWriter::new(&mut out, true);
        writer.write(&MarkedRecord {
            paper: &paper,
            status: entry.status,
            tags: &entry.tags,
            note: entry.note.as_deref(),
        })?;
        writer.finish()?;
    } else {
        human::write_record(&mut out, &context.style, &paper, &entry)?;
    }
    finish_output(out)
}
