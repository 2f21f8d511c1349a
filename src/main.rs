//! The `papers` binary: everything lives in the library; see `papers::run`.

fn main() -> std::process::ExitCode {
    papers::run()
}
