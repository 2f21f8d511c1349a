//! Command-line behaviour shared by every subcommand: help, version, usage errors, completions, and
//! what listing commands say when nothing matched.

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

#[test]
fn every_command_shows_examples_and_keeps_global_options_apart() {
    let env = TestEnv::new();
    let help = env.run(["--help"]).ok().to_string();
    let commands: Vec<String> = help
        .split("Commands:")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .next()
        .unwrap()
        .lines()
        // A command's line is indented by two; its wrapped description by more.
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next().map(String::from))
        .filter(|name| name != "help")
        .collect();
    assert!(commands.len() >= 25, "{commands:?}");
    for command in &commands {
        let text = env.run([command.as_str(), "--help"]).ok().to_string();
        assert!(
            text.contains("\nExamples:\n  papers "),
            "{command} --help has no examples"
        );
        if text.contains("--index") {
            let (own, global) = text.split_once("Global options:").unwrap_or((&text, ""));
            assert!(!own.contains("--index") && global.contains("--index"), "{command}");
        }
    }
    assert!(env
        .run(["state", "--help"])
        .ok()
        .contains("papers state export > marks.json"));
}

#[test]
fn the_manual_page_is_roff_for_the_program_and_each_command() {
    let env = TestEnv::new();
    let page = env.run(["man"]).ok().to_string();
    assert!(page.contains(".TH papers 1"), "{page}");
    for command in ["search", "cite", "open", "triage"] {
        assert!(
            page.contains(&format!("papers\\-{command}(1)")),
            "{command} among the commands"
        );
    }
    let search = env.run(["man", "search"]).ok().to_string();
    assert!(search.contains(".TH papers-search 1"), "{search}");
    assert!(search.contains("\\-\\-topic"), "{search}");
    env.run(["man", "serch"]).fails(2, "no command 'serch'; commands are:");
}

#[test]
fn completions_offer_the_topic_ids() {
    let env = TestEnv::new();
    let bash = env.run(["completions", "bash"]).ok().to_string();
    let topic_case = bash
        .lines()
        .skip_while(|line| !line.contains("--topic)"))
        .nth(1)
        .unwrap_or_default()
        .to_string();
    for topic in ["vision", "language", "speech"] {
        assert!(topic_case.contains(topic), "{topic}: {topic_case}");
    }
    // The option itself still takes any case and explains a wrong id in its own words.
    let env = TestEnv::with_fixture();
    env.run(["search", "x", "--topic", "VISION"]).ok();
    env.run(["search", "x", "--topic", "visoin"])
        .fails(2, "unknown topic 'visoin'");
}

#[test]
fn listing_commands_say_when_nothing_matched() {
    let env = TestEnv::with_fixture();
    for (args, said) in [
        (
            vec!["top", "--since", "2099-01-01"],
            "no papers match since 2099-01-01; try an earlier --since",
        ),
        (vec!["list", "--tag", "nope"], "no papers match; try other filters"),
        (
            vec!["search", "pretraining", "--tag", "nope"],
            "no papers match; try fewer words or other filters",
        ),
        (vec!["cite", "--tag", "nope"], "no papers match"),
    ] {
        let run = env.run(&args);
        assert_eq!(run.ok(), "", "{args:?}");
        assert!(run.stderr.contains(said), "{args:?}: {}", run.stderr);
    }
}
