//! `papers doctor`: check an index and, with `--repair`, fix what can be fixed without losing
//! papers or decisions (the checks themselves live in `crate::doctor`).

use std::io::Write;

use super::{finish_output, stdout, Context};
use crate::cli::DoctorArgs;
use crate::doctor::{JsonReport, Verdict};
use crate::floor::safe_text::for_terminal;

pub fn run(context: &Context, args: DoctorArgs) -> anyhow::Result<()> {
    let index_dir = context.index_dir()?;
    let findings = crate::doctor::examine(&index_dir, args.repair)?;
    let healthy = findings.iter().all(|finding| finding.verdict != Verdict::Problem);
    let mut out = stdout();
    if args.json {
        let report = JsonReport {
            index: index_dir.display().to_string(),
            healthy,
            checks: &findings,
        };
        crate::output::json::to_writer(&mut out, &report)?;
        writeln!(out)?;
    } else {
        for finding in &findings {
            let (label, paint): (&str, fn(&crate::output::Style, &str) -> String) = match finding.verdict {
                Verdict::Ok => ("ok", crate::output::Style::dim),
                Verdict::Problem => ("problem", crate::output::Style::highlight),
                Verdict::Repaired => ("repaired", crate::output::Style::label),
            };
            writeln!(
                out,
                "{} {:<13} {}",
                paint(&context.style, &format!("{label:<8}")),
                finding.check,
                for_terminal(&finding.detail)
            )?;
        }
    }
    finish_output(out)?;
    if healthy {
        Ok(())
    } else {
        Err(anyhow::anyhow!(
            "the index at {} has problems (listed above){}",
            index_dir.display(),
            if args.repair {
                ""
            } else {
                "; `papers doctor --repair` fixes those it can"
            }
        ))
    }
}
