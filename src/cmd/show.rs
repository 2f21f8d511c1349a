//! `papers show`: one full record, by id or unambiguous id prefix.

use anyhow::bail;

use super::{finish_output, stdout, Context};
use crate::cli::ShowArgs;
use crate::index::{Lookup, PaperIndex};
use crate::output::records::MarkedRecord;
use crate::output::{human, JsonWriter};
use crate::record::is_id_like;
use crate::triage::TriageState;

pub fn run(context: &Context, args: ShowArgs) -> anyhow::Result<()> {
    let index_dir = context.index_dir()?;
    let index = PaperIndex::open(&index_dir)?;
    let paper = find_paper(&index, &args.id)?;
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

/// The paper with this id or unambiguous id prefix, or an error that says what to do instead.
pub fn find_paper(index: &PaperIndex, id: &str) -> anyhow::Result<Box<crate::record::Paper>> {
    match index.lookup(id)? {
        Lookup::Found(paper) => Ok(paper),
        Lookup::NotFound if crate::index::arxiv_id_in(id).is_some() => {
            bail!("no paper with arXiv id '{id}' in the index; ingest the API's JSON or a rendering that links it")
        }
        Lookup::NotFound if !is_id_like(id) => {
            bail!("'{id}' is not a paper id (ids look like f9zwrgn90s); to find papers by words, use `papers search`")
        }
        Lookup::NotFound => bail!("no paper with id '{id}'; `papers search` shows ids"),
        Lookup::TooShort(full) => bail!(
            "id prefix '{id}' is too short to name a paper; give at least {} characters (it would be {full})",
            crate::record::MIN_ID_PREFIX
        ),
        Lookup::Ambiguous(ids) => {
            let shown = if ids.len() > 5 {
                format!("{}, …", ids[..5].join(", "))
            } else {
                ids.join(", ")
            };
            bail!("id prefix '{id}' matches several papers ({shown}); type more of it")
        }
    }
}
