//! The floor every other module stands on, and which stands on nothing of `papers`: files
//! replaced atomically, scraped text made safe for a terminal, exit codes, Ctrl-C and panics,
//! two pieces of work at once.
//!
//! Why a floor: these are needed by layers that must not know each other (the index writes its
//! marker the same way triage writes its state; output and diagnostics both neutralise control
//! characters), so they live below all of them instead of in one of them.

pub mod atomic_file;
pub mod beside;
pub mod data_dir;
pub mod exit;
pub mod interrupt;
pub mod panics;
pub mod safe_text;
pub mod storage;
