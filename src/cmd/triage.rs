//! `papers triage`: the inbox — new papers ranked by interests, decisions, upvotes and recency,
//! grouped in buckets, each with the reasons for its place.

use std::io::Write;

use super::{finish_output, stdout, Context};
use crate::cli::TriageArgs;
use crate::floor::exit::UsageError;
use crate::floor::safe_text::for_terminal;
use crate::inbox::{rank_new_papers, JsonEntry, RankOptions, Ranked};
use crate::index::PaperIndex;
use crate::output::human::metadata_line;
use crate::output::{self, JsonWriter};
use crate::triage::{Profile, TriageState};

/// The ranked inbox of the context's index: the triage state, the best `limit` entries, and how
/// many new papers there are in all.
pub fn inbox(
    context: &Context,
    options: &RankOptions,
    limit: u64,
) -> anyhow::Result<(TriageState, Vec<Ranked>, usize)> {
    let index_dir = context.index_dir()?;
    let index = PaperIndex::open(&index_dir)?;
    let state = TriageState::load(&index_dir)?;
    let mut profile = Profile::load(&index_dir)?;
    for unusable in profile.take_unusable() {
        output::warn(&format!(
            "the profile's {} {} is skipped: {}; remove it with `papers profile --remove TEXT` (or edit {})",
            unusable.kind,
            crate::index::quoted_query(&unusable.text),
            unusable.reason,
            Profile::path(&index_dir).display()
        ));
    }
    for interest in &options.interests {
        crate::index::check_query(interest).map_err(|problem| UsageError(format!("--interest: {problem}")))?;
    }
    let mut inbox = rank_new_papers(&index, &state, &profile, options)?;
    let ranked = inbox.top(&index, &profile, usize::try_from(limit).unwrap_or(usize::MAX))?;
    Ok((state, ranked, inbox.len()))
}

pub fn run(context: &Context, args: TriageArgs) -> anyhow::Result<()> {
    let options = RankOptions {
        since: args.since,
        interests: args.interest,
        skip_digested: false,
    };
    let (state, ranked, total) = inbox(context, &options, args.limit)?;
    if args.interactive {
        return super::triage_interactive::run(context, state, &ranked);
    }
    let mut out = stdout();
    if args.json {
        let mut writer = JsonWriter::new(&mut out, false);
        for entry in &ranked {
            writer.write(&JsonEntry::from(entry))?;
        }
        writer.finish()?;
        return finish_output(out);
    }
    if ranked.is_empty() {
        crate::output::note("the inbox is empty: no new papers (ingest a dump, or `papers list` to see decided ones)");
        return finish_output(out);
    }
    let mut bucket = None;
    for (rank, entry) in ranked.iter().enumerate() {
        if bucket != Some(entry.bucket) {
            bucket = Some(entry.bucket);
            writeln!(out, "{}", context.style.title(&capitalised(entry.bucket.label())))?;
        }
        let style = &context.style;
        let rank = format!("{} ", style.dim(&format!("{:>3}.", rank + 1)));
        writeln!(out, "{}", style.wrap(&for_terminal(&entry.paper.title), &rank, "     "))?;
        let metadata = format!(
            "{} · {}",
            style.dim(&format!("{:.2} · {}", entry.score, metadata_line(&entry.paper))),
            style.label(&entry.paper.id)
        );
        writeln!(out, "{}", style.wrap(&metadata, "     ", "     "))?;
        if !entry.why.is_empty() {
            let why = style.dim(&for_terminal(&format!("why: {}", entry.why.join("; "))));
            writeln!(out, "{}", style.wrap(&why, "     ", "     "))?;
        }
    }
    if total > ranked.len() {
        writeln!(
            out,
            "{}",
            context
                .style
                .dim(&format!("… and {} more new papers", total - ranked.len()))
        )?;
    }
    finish_output(out)
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}
