//! The `papers` binary: everything lives in the library; see `papers::run`.

/// mimalloc instead of the system allocator: indexing allocates and frees small buffers for every
/// token and document, and a 100,000-paper ingest took 12.4–12.9 s instead of 17.5 s with it
/// (BENCHMARKS.md, 2026-11-28). Version 2 of mimalloc is the one measured there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    papers::run()
}
