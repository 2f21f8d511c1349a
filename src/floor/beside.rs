//! Two pieces of work at once: one on a thread of its own, one on the caller's.
//!
//! Why here: an ingest and a reindex both learn the latent layer while they file learned names,
//! and a panic on the other thread must surface as the caller's own (where the command's panic
//! handling turns it into a message), not as a lost result.

/// Runs `background` on a new thread while `foreground` runs on this one, and returns both
/// results; a panic in `background` is raised again here.
pub fn beside<A: Send, B>(background: impl FnOnce() -> A + Send, foreground: impl FnOnce() -> B) -> (A, B) {
    std::thread::scope(|scope| {
        let thread = scope.spawn(background);
        let here = foreground();
        let there = thread
            .join()
            .unwrap_or_else(|payload| std::panic::resume_unwind(payload));
        (there, here)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_results_come_back_and_a_panic_crosses_over() {
        assert_eq!(beside(|| 1 + 1, || "here"), (2, "here"));
        let crossed = std::panic::catch_unwind(|| beside(|| panic!("background"), || ()));
        let payload = crossed.expect_err("the panic is raised in the caller");
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"background"));
    }
}
