//! Panics turned into one clear line and an exit code, never a backtrace on the user's screen.
//!
//! `papers` itself does not panic on any input (fuzzing and property tests hold it to that), but
//! tantivy does panic on some damaged index files: a fieldnorm, posting list or store block with
//! random bytes makes it index out of bounds or fail an assertion instead of returning an error.
//! Such a panic unwinds out of the command; [`catching`] stops it there, and the hook installed by
//! [`install_hook`] keeps the message and location instead of printing them, so the error handler
//! can say what happened: a damaged index, when files of it fail their checksums (checked only
//! then: reading every file is the price of naming the damaged ones), or an internal error worth
//! a bug report.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Mutex;

/// What a panic said and where, as recorded by the hook.
#[derive(Debug, Clone)]
pub struct PanicReport {
    pub message: String,
    pub location: String,
}

static LAST_PANIC: Mutex<Option<PanicReport>> = Mutex::new(None);

/// Replaces the default hook (which prints a multi-line message) with one that records the panic
/// for [`catching`] to report.
pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = if let Some(text) = info.payload().downcast_ref::<&str>() {
            (*text).to_string()
        } else if let Some(text) = info.payload().downcast_ref::<String>() {
            text.clone()
        } else {
            "unknown cause".to_string()
        };
        let location = info
            .location()
            .map_or_else(String::new, |at| format!("{}:{}", at.file(), at.line()));
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(PanicReport { message, location });
        }
    }));
}

/// Runs `work`, turning a panic inside it into the report the hook recorded.
pub fn catching<T>(work: impl FnOnce() -> T) -> Result<T, PanicReport> {
    catch_unwind(AssertUnwindSafe(work)).map_err(|_| {
        LAST_PANIC
            .lock()
            .ok()
            .and_then(|mut last| last.take())
            .unwrap_or_else(|| PanicReport {
                message: "unknown cause".to_string(),
                location: String::new(),
            })
    })
}

/// A panic location shortened to the crate and file: `ownedbytes-0.9.0/src/lib.rs:76` for a
/// dependency (its path runs through the package registry), as it is for this crate's own files.
pub fn short_location(location: &str) -> &str {
    match location.rfind("/src/") {
        Some(src) => {
            let crate_start = location[..src].rfind('/').map_or(0, |slash| slash + 1);
            &location[crate_start..]
        }
        None => location,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The hook itself is process-wide, so it is tested through the binary (test_integrity.rs),
    // not here, where it would swallow the messages of other tests running at the same time.
    #[test]
    fn a_panic_is_stopped_and_a_result_passes_through() {
        assert!(catching(|| -> u32 { panic!("index {} out of range", 7) }).is_err());
        assert_eq!(catching(|| 5).unwrap(), 5);
    }

    #[test]
    fn locations_are_shortened_to_the_crate() {
        assert_eq!(
            short_location("/home/u/.cargo/registry/src/index.crates.io-1/tantivy-0.27.0/src/fieldnorm/reader.rs:90"),
            "tantivy-0.27.0/src/fieldnorm/reader.rs:90"
        );
        assert_eq!(short_location("src/cmd/search.rs:10"), "src/cmd/search.rs:10");
    }
}
