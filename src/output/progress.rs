//! Progress bars: an ingest's bytes read out of the total, throughput, ETA and papers so far;
//! a pull's days fetched out of the days asked for.
//!
//! Shown only when stderr is a terminal, so logs and pipes stay clean. The bar takes the width the
//! other parts leave on the terminal's line, so the whole line fits any terminal of 60 columns
//! or more (at 80: a 36-column bar), and it is cleared when the command ends, however it ends. While it is on screen,
//! diagnostics are printed above it (see [`super::diagnostic`]) instead of through it.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The bar on screen, if any, for diagnostics to print around.
static ACTIVE: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Progress of one ingest.
pub struct IngestProgress {
    bar: Option<ProgressBar>,
}

impl IngestProgress {
    /// Starts showing progress over `total` bytes (a spinner when the size is unknown, as for
    /// stdin), if stderr is a terminal.
    pub fn start(total: Option<u64>) -> IngestProgress {
        if !std::io::stderr().is_terminal() {
            return IngestProgress { bar: None };
        }
        let bar = match total {
            Some(total) => ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr()).with_style(
                ProgressStyle::with_template(
                    "{spinner} [{wide_bar}] {percent:>3}% · {bytes_per_sec} · {eta} left · {msg}",
                )
                .expect("a valid progress template")
                .progress_chars("=> "),
            ),
            None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
                ProgressStyle::with_template("{spinner} ingesting {bytes} · {bytes_per_sec} · {msg}")
                    .expect("a valid progress template"),
            ),
        };
        bar.enable_steady_tick(Duration::from_millis(120));
        if let Ok(mut active) = ACTIVE.lock() {
            *active = Some(bar.clone());
        }
        IngestProgress { bar: Some(bar) }
    }

    /// Bytes read so far and papers seen so far.
    pub fn update(&self, bytes: u64, papers: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(bytes);
            bar.set_message(format!("{papers} papers"));
        }
    }

    /// Removes the bar before the summary is printed.
    pub fn finish(self) {}
}

impl Drop for IngestProgress {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
            if let Ok(mut active) = ACTIVE.lock() {
                *active = None;
            }
        }
    }
}

/// Progress of a pull over several days.
pub struct DayProgress {
    bar: Option<ProgressBar>,
}

impl DayProgress {
    /// Starts showing progress over `days` days, if stderr is a terminal and there is more than
    /// one.
    pub fn start(days: u64) -> DayProgress {
        if days < 2 || !std::io::stderr().is_terminal() {
            return DayProgress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(Some(days), ProgressDrawTarget::stderr()).with_style(
            ProgressStyle::with_template("{spinner} [{wide_bar}] {pos}/{len} days · {eta} left · {msg}")
                .expect("a valid progress template")
                .progress_chars("=> "),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        if let Ok(mut active) = ACTIVE.lock() {
            *active = Some(bar.clone());
        }
        DayProgress { bar: Some(bar) }
    }

    /// The day being fetched now, after `done` days.
    pub fn update(&self, done: u64, day: &str) {
        if let Some(bar) = &self.bar {
            bar.set_position(done);
            bar.set_message(day.to_string());
        }
    }
}

impl Drop for DayProgress {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
            if let Ok(mut active) = ACTIVE.lock() {
                *active = None;
            }
        }
    }
}

/// Runs `print` with the progress bar (if any) hidden, so the line is not drawn over.
pub(crate) fn around_bar(print: impl FnOnce()) {
    let active = ACTIVE.lock().ok().and_then(|active| active.clone());
    match active {
        Some(bar) => bar.suspend(print),
        None => print(),
    }
}
