//! `papers profile`: show the interest profile, or add, reweight and remove interests.

use std::io::Write;

use super::{finish_output, stdout, Context};
use crate::cli::ProfileArgs;
use crate::floor::exit::UsageError;
use crate::triage::{Profile, ProfileEdit};

pub fn run(context: &Context, args: ProfileArgs) -> anyhow::Result<()> {
    let index_dir = context.index_dir()?;
    if !args.weight.is_finite() || args.weight <= 0.0 {
        return Err(UsageError(format!("--weight must be a positive number, not {}", args.weight)).into());
    }
    let edit = ProfileEdit {
        weight: args.weight,
        add_topics: args.add_topic,
        add_methods: args.add_method,
        add_datasets: args.add_dataset,
        add_queries: args.add_query,
        exclude: args.exclude,
        remove: args.remove,
    };
    let profile = if edit.is_empty() {
        Profile::load(&index_dir)?
    } else {
        crate::index::claim_directory(&index_dir)?;
        let profile = Profile::edit(&index_dir, &edit)?;
        // An interest no paper has may be a typo; say so, with the names papers do have (an
        // index not built yet has nothing to compare with).
        if !(edit.add_methods.is_empty() && edit.add_datasets.is_empty()) {
            if let Ok(index) = crate::index::PaperIndex::open(&index_dir) {
                let added = crate::index::Filters {
                    methods: edit.add_methods,
                    datasets: edit.add_datasets,
                    ..crate::index::Filters::default()
                };
                super::warn_unknown_entities(&index, &added)?;
            }
        }
        profile
    };
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
