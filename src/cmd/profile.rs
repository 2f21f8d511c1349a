//! `papers profile`: show the interest profile, or add, reweight and remove interests.

use std::io::Write;

use super::{finish_output, stdout, Context};
use crate::cli::ProfileArgs;
use crate::floor::exit::UsageError;
use crate::triage::{Profile, StateLock};

pub fn run(context: &Context, args: ProfileArgs) -> anyhow::Result<()> {
    let index_dir = context.index_dir()?;
    if !args.weight.is_finite() || args.weight <= 0.0 {
        return Err(UsageError(format!("--weight must be a positive number, not {}", args.weight)).into());
    }
    let changes = !(args.add_topic.is_empty()
        && args.add_method.is_empty()
        && args.add_dataset.is_empty()
        && args.add_query.is_empty()
        && args.exclude.is_empty()
        && args.remove.is_empty());
    // A change is a read-modify-write of the profile: under the state lock, so two at once
    // both land.
    let lock = if changes {
        crate::index::claim_directory(&index_dir)?;
        Some(StateLock::acquire(&index_dir)?)
    } else {
        None
    };
    let mut profile = Profile::load(&index_dir)?;
    for topic in &args.add_topic {
        profile.topics.insert(topic.trim().to_lowercase(), args.weight);
    }
    for (list, values) in [
        (&mut profile.methods, &args.add_method),
        (&mut profile.datasets, &args.add_dataset),
        (&mut profile.queries, &args.add_query),
    ] {
        for value in values {
            list.insert(value.trim().to_string(), args.weight);
        }
    }
    for term in &args.exclude {
        if !profile.exclude.contains(term) {
            profile.exclude.push(term.trim().to_string());
        }
    }
    for value in &args.remove {
        let wanted = value.trim().to_lowercase();
        for list in [
            &mut profile.topics,
            &mut profile.methods,
            &mut profile.datasets,
            &mut profile.queries,
        ] {
            list.retain(|key, _| key.to_lowercase() != wanted);
        }
        profile.exclude.retain(|term| term.to_lowercase() != wanted);
    }
    if let Some(lock) = &lock {
        profile.validate().map_err(|error| UsageError(format!("{error:#}")))?;
        profile.save(&index_dir, lock)?;
        // An interest no paper has may be a typo; say so, with the names papers do have (an
        // index not built yet has nothing to compare with).
        if !(args.add_method.is_empty() && args.add_dataset.is_empty()) {
            if let Ok(index) = crate::index::PaperIndex::open(&index_dir) {
                let added = crate::index::Filters {
                    methods: args.add_method.clone(),
                    datasets: args.add_dataset.clone(),
                    ..crate::index::Filters::default()
                };
                super::warn_unknown_entities(&index, &added)?;
            }
        }
    }
    let mut out = stdout();
    if args.json {
        crate::output::json::to_writer_pretty(&mut out, &profile)?;
        writeln!(out)?;
        return finish_output(out);
    }
    if profile.is_empty() {
        writeln!(
            out,
            "no interests yet; add some with `papers profile --add-query \"speech recognition\"`"
        )?;
    }
    for (label, list) in [
        ("topic", &profile.topics),
        ("method", &profile.methods),
        ("dataset", &profile.datasets),
        ("query", &profile.queries),
    ] {
        for (value, weight) in list {
            writeln!(out, "{label:<8} {value}  (weight {weight})")?;
        }
    }
    for term in &profile.exclude {
        writeln!(out, "exclude  {term}")?;
    }
    writeln!(
        out,
        "{}",
        context
            .style
            .dim(&format!("file: {}", Profile::path(&index_dir).display()))
    )?;
    finish_output(out)
}
