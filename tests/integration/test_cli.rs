//! Command-line behaviour shared by every subcommand: help, version, usage errors, completions.

use crate::util::*;

#[test]
fn help_lists_every_subcommand_and_exit_codes() {
    let env = TestEnv::new();
    let help = env.run(["--help"]);
    for command in ["parse", "ingest", "search", "show", "export", "completions"] {
        assert!(help.ok().contains(command), "{command}");
    }
    assert!(help.stdout.contains("Exit codes: 0 success, 1 error, 2 usage error"));
}

#[test]
fn version_prints_the_package_version() {
    let env = TestEnv::new();
    assert_eq!(
        env.run(["--version"]).ok(),
        format!("papers {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn usage_errors_exit_with_two() {
    let env = TestEnv::new();
    for args in [
        vec!["search"],
        vec!["search", "x", "--since", "2024-13-01"],
        vec!["search", "x", "--limit", "0"],
        vec!["search", "x", "--sort", "sideways"],
        vec!["parse"],
        vec!["frobnicate"],
        vec!["parse", "--year", "12", "x.txt"],
    ] {
        let run = env.run(&args);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stderr.starts_with("error: "), "{args:?}: {}", run.stderr);
    }
    env.run(["search", "x", "--since", "2024-05-01", "--until", "2024-01-01"])
        .fails(2, "--since 2024-05-01 is after --until 2024-01-01");
}

#[test]
fn completions_for_common_shells() {
    let env = TestEnv::new();
    for shell in ["bash", "zsh", "fish"] {
        let script = env.run(["completions", shell]);
        assert!(script.ok().contains("papers"), "{shell}");
        assert!(script.stdout.contains("ingest"), "{shell}");
    }
}
