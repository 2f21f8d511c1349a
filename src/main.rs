//! The `papers` binary: everything lives in the library; see `papers::run`.

/// mimalloc instead of the system allocator: indexing allocates and frees small buffers for every
/// token and document, and ingest is about a quarter faster with it (BENCHMARKS.md). Version 2 of
/// mimalloc: it returns memory sooner than version 3 (peak memory of a 100,000-paper ingest
/// 205 MB instead of 225 MB).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    papers::run()
}
