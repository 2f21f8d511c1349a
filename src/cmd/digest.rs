//! `papers digest`: the best new papers as Markdown to paste into notes or mail, or as JSON.

use super::{finish_output, stdout, Context};
use crate::cli::{DigestArgs, DigestFormat};
use crate::inbox::JsonEntry;
use crate::inbox::RankOptions;
use crate::output::digest::{write_markdown, DigestItem};
use crate::output::JsonWriter;

pub fn run(context: &Context, args: DigestArgs) -> anyhow::Result<()> {
    let options = RankOptions {
        since: args.since,
        interests: args.interest,
        skip_digested: args.since_last,
    };
    let (mut state, ranked, _) = super::triage::inbox(context, &options, args.limit)?;
    // What this digest shows, so that the next `--since-last` leaves it out.
    let shown: Vec<String> = ranked.iter().map(|entry| entry.paper.id.clone()).collect();
    if !shown.is_empty() {
        state.set_digested(&shown, &crate::triage::now());
        state.save()?;
    }
    if ranked.is_empty() && args.since_last {
        crate::output::note("nothing new since the last digest");
    }
    let mut out = stdout();
    if args.format == DigestFormat::Json {
        let mut writer = JsonWriter::new(&mut out, false);
        for entry in &ranked {
            writer.write(&JsonEntry::from(entry))?;
        }
        writer.finish()?;
        return finish_output(out);
    }
    let items: Vec<DigestItem> = ranked
        .iter()
        .map(|entry| DigestItem {
            paper: &entry.paper,
            bucket: entry.bucket.label(),
            why: &entry.why,
        })
        .collect();
    let today = time::OffsetDateTime::now_utc().date();
    write_markdown(&mut out, today, args.since, &items)?;
    finish_output(out)
}
