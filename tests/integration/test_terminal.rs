//! Output for people at a terminal's width: human output wraps between words to `COLUMNS`
//! (or the terminal's width), and the progress bar fits an 80-column terminal and clears itself.

use std::process::Command;

use crate::util::*;

/// The command's stdout at `COLUMNS` columns, and without wrapping.
fn at_width(env: &TestEnv, args: &[&str], columns: usize) -> (String, String) {
    let run = |columns: Option<usize>| {
        let mut command = env.command();
        command.args(args);
        if let Some(columns) = columns {
            command.env("COLUMNS", columns.to_string());
        }
        Run::from_output(command.output().unwrap()).ok().to_string()
    };
    (run(Some(columns)), run(None))
}

/// Asserts that `wrapped` is `unwrapped` with line breaks moved between words, every line within
/// `columns` but those holding a single word too long for any line (a path, an address) after
/// their label.
#[track_caller]
fn wrapped_between_words(wrapped: &str, unwrapped: &str, columns: usize) {
    for line in wrapped.lines() {
        let one_long_word = line.split_whitespace().count() <= 2;
        assert!(
            line.chars().count() <= columns || one_long_word,
            "{} > {columns}: {line:?}",
            line.chars().count()
        );
    }
    let words = |text: &str| text.split_whitespace().map(String::from).collect::<Vec<_>>();
    assert_eq!(words(wrapped), words(unwrapped), "no word is broken or lost");
    assert!(wrapped.lines().count() > unwrapped.lines().count(), "it did wrap");
}

#[test]
fn human_output_wraps_between_words_at_the_given_width() {
    let env = TestEnv::with_fixture();
    env.run([
        "note",
        "f9zw",
        "a rather long note about how this dataset compares with the others we read",
    ])
    .ok();
    for (args, columns) in [
        (&["show", "f9zw"][..], 60),
        (&["search", "contrastive pretraining", "-n", "5"][..], 72),
        (&["triage", "-n", "5"][..], 50),
        (&["list", "-n", "5"][..], 64),
        (&["top", "--since", "2020-01-01"][..], 80),
    ] {
        let (wrapped, unwrapped) = at_width(&env, args, columns);
        wrapped_between_words(&wrapped, &unwrapped, columns);
    }
    // The interactive view too, where the abstract's preview now ends between words.
    let mut command = env.command();
    command
        .env("COLUMNS", "56")
        .args(["triage", "--interactive", "-n", "1"]);
    let card = env
        .run_with_stdin(["triage", "--interactive", "-n", "1"], b"q")
        .ok()
        .to_string();
    let mut child = command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), b"q").unwrap();
    let wrapped = String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap();
    // The prompt line is the prompt's own width; every other line fits.
    let card_lines: Vec<&str> = wrapped.lines().filter(|l| !l.starts_with("[s]tar")).collect();
    wrapped_between_words(
        &card_lines.join("\n"),
        &card
            .lines()
            .filter(|l| !l.starts_with("[s]tar"))
            .collect::<Vec<_>>()
            .join("\n"),
        56,
    );
    assert!(card.contains(" …\n"), "{card}");
}

/// `script` (util-linux) runs a command on a pseudo-terminal; without it the test has nothing to
/// run on.
fn script_available() -> bool {
    Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn the_progress_bar_fits_eighty_columns_and_clears_itself() {
    if !script_available() {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    }
    let env = TestEnv::new();
    let big = env.write("big.txt", fixture_text().repeat(40));
    let typescript = env.path("typescript");
    let command = format!(
        "stty cols 80 rows 24; '{}' --index '{}' ingest '{}'",
        env!("CARGO_BIN_EXE_papers"),
        env.index_dir().display(),
        big.display()
    );
    let output = Command::new("script")
        .args(["-qec", &command])
        .arg(&typescript)
        .env_remove("COLUMNS")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8_lossy(&std::fs::read(&typescript).unwrap()).to_string();
    let escapes = regex::Regex::new(r"\x1b\[[0-9;?]*[A-Za-z]").unwrap();
    let frames: Vec<String> = text
        .split(['\r', '\n'])
        .map(|frame| escapes.replace_all(frame, "").to_string())
        .filter(|frame| frame.contains("% ·"))
        .collect();
    assert!(!frames.is_empty(), "a bar was drawn: {text:?}");
    for frame in &frames {
        assert!(
            frame.chars().count() <= 80,
            "{} columns: {frame:?}",
            frame.chars().count()
        );
    }
    // The bar's line is cleared before the last messages and the summary are written over it.
    let after_the_bar = &text[text.rfind("% ·").unwrap()..];
    let last_lines = &after_the_bar[after_the_bar.find('\r').unwrap()..];
    assert!(last_lines.starts_with("\r\x1b[2Kpapers: "), "{text:?}");
    assert!(last_lines.contains("papers: ingested 1800 papers"), "{text:?}");
}

#[test]
fn reading_stdin_from_a_terminal_says_how_to_end_the_input() {
    if !script_available() {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    }
    let env = TestEnv::new();
    let typescript = env.path("typescript");
    let command = format!(
        "'{}' --index '{}' ingest -",
        env!("CARGO_BIN_EXE_papers"),
        env.index_dir().display()
    );
    // Ctrl-D typed on the terminal ends the input.
    let mut child = Command::new("script")
        .args(["-qec", &command])
        .arg(&typescript)
        .env_remove("COLUMNS")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), b"\x04").unwrap();
    assert!(child.wait().unwrap().success());
    let text = String::from_utf8_lossy(&std::fs::read(&typescript).unwrap()).to_string();
    assert!(
        text.contains("papers: reading standard input from the terminal: paste the page, then press Ctrl-D"),
        "{text:?}"
    );
    // Not said when stdin is a file or a pipe.
    let piped = env.run_with_stdin(["parse", "-"], b"");
    assert!(!piped.stderr.contains("Ctrl-D"), "{}", piped.stderr);
}
