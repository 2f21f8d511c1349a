//! How `papers` ends: its exit codes, and the error that means "called wrongly".
//!
//! Why one home: scripts branch on the exit code (retry when busy, fix the command line on a
//! usage error), so every code is named here once and documented with the case it stands for;
//! [`UsageError`] lives here too because it is how any layer asks for the usage code.

use std::process::ExitCode;

/// The exit codes `papers` uses besides 0 (success) and 1 (any other failure).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Success,
    /// Anything not named below.
    Failure,
    /// A mistake in how the program was called, as clap reports its own (2).
    Usage,
    /// Another `papers` process is writing to the index: try again, or use `--wait` (3).
    Busy,
    /// `papers pull` could not reach the API; nothing was committed (4).
    Unreachable,
    /// Ended by Ctrl-C, as shells report a process ended by SIGINT: 128 + 2 (130).
    Interrupted,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Failure => 1,
            Exit::Usage => 2,
            Exit::Busy => 3,
            Exit::Unreachable => 4,
            Exit::Interrupted => 130,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit.code())
    }
}

/// A mistake in how the program was called: reported like clap's own errors, with [`Exit::Usage`].
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_documented_ones() {
        let codes: Vec<u8> = [
            Exit::Success,
            Exit::Failure,
            Exit::Usage,
            Exit::Busy,
            Exit::Unreachable,
            Exit::Interrupted,
        ]
        .iter()
        .map(|exit| exit.code())
        .collect();
        assert_eq!(codes, [0, 1, 2, 3, 4, 130]);
    }
}
