//! `papers show`: one full record, by id or unambiguous id prefix.

use anyhow::bail;

use super::{finish_output, stdout, Context};
use crate::cli::ShowArgs;
use crate::index::{Lookup, PaperIndex};
use crate::output::{human, JsonWriter};
use crate::record::is_id_like;

pub fn run(context: &Context, args: ShowArgs) -> anyhow::Result<()> {
    let index = PaperIndex::open(&context.index_dir()?)?;
    let paper = match index.lookup(&args.id)? {
        Lookup::Found(paper) => paper,
        Lookup::NotFound if !is_id_like(&args.id) => bail!(
            "'{}' is not a paper id (ids look like f9zwrgn90s); to find papers by words, use `papers search`",
            args.id
        ),
        Lookup::NotFound => bail!("no paper with id '{}'; `papers search` shows ids", args.id),
        Lookup::Ambiguous(ids) => {
            let shown = if ids.len() > 5 {
                format!("{}, …", ids[..5].join(", "))
            } else {
                ids.join(", ")
            };
            bail!(
                "id prefix '{}' matches several papers ({shown}); type more of it",
                args.id
            )
        }
    };
    let mut out = stdout();
    if args.json {
        let mut writer = JsonWriter::new(&mut out, true);
        writer.write(&paper)?;
        writer.finish()?;
    } else {
        human::write_record(&mut out, &context.style, &paper)?;
    }
    finish_output(out)
}
