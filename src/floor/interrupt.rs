//! Ctrl-C during a long write: finish cleanly instead of dying mid-way.
//!
//! Dying mid-way would be safe too (the index only changes at its one commit), but the user would
//! be left guessing what happened. Commands that write the index call [`watch`] first; from then
//! on Ctrl-C only raises a flag, which they check between records: they stop, drop their
//! uncommitted work and report [`Interrupted`]. Once a commit has started it is allowed to finish.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Once;

static REQUESTED: AtomicBool = AtomicBool::new(false);
static INSTALL: Once = Once::new();

/// Routes Ctrl-C (SIGINT, and SIGTERM where the platform has it) to [`requested`] for the rest of
/// the process. When the handler cannot be installed, Ctrl-C keeps its default effect, which is
/// still safe.
pub fn watch() {
    INSTALL.call_once(|| {
        let _ = ctrlc::set_handler(|| REQUESTED.store(true, Ordering::SeqCst));
    });
}

/// True once the user asked the program to stop.
pub fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}

/// The error a command returns when it stopped because the user asked it to.
#[derive(Debug)]
pub struct Interrupted(pub String);

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "interrupted; {}", self.0)
    }
}

impl std::error::Error for Interrupted {}
