//! The documentation's examples are true: every ```console block in README.md and in each
//! `docs/*.md` file is run against the bundled fixture and its output compared with what the
//! document shows.
//!
//! A block is one session on a fresh index: the fixture is ingested first unless the block
//! ingests it itself. `$ ` starts a command (`&&` chains, `> FILE` discards stdout, `| head -N`
//! keeps N lines, `  #` starts a comment); the lines up to the next command are its stdout
//! followed by its stderr.
//! An expected line `...` stands for any number of lines, and `...` inside a line for any text.

use std::path::{Path, PathBuf};

use crate::util::*;

struct Session {
    commands: Vec<(String, Vec<String>)>,
    line: usize,
}

/// The documents whose examples are checked, each with its name relative to the checkout:
/// README.md first, then every `docs/*.md` in name order, so failures are listed the same way on
/// every machine.
fn documents() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "md"))
        .collect();
    docs.sort();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let mut documents = vec![("README.md".to_string(), readme)];
    for path in docs {
        let name = format!("docs/{}", path.file_name().unwrap().to_string_lossy());
        documents.push((name, std::fs::read_to_string(&path).unwrap()));
    }
    documents
}

fn console_blocks(text: &str) -> Vec<Session> {
    let mut sessions = Vec::new();
    let mut current: Option<Session> = None;
    for (number, line) in text.lines().enumerate() {
        match &mut current {
            None if line.trim_end() == "```console" => {
                current = Some(Session {
                    commands: Vec::new(),
                    line: number + 1,
                })
            }
            None => {}
            Some(_) if line.trim_end() == "```" => sessions.extend(current.take()),
            Some(session) => match line.strip_prefix("$ ") {
                Some(command) => session.commands.push((command.to_string(), Vec::new())),
                None => {
                    let (_, expected) = session.commands.last_mut().expect("a block starts with a command");
                    expected.push(line.to_string());
                }
            },
        }
    }
    sessions
}

/// Splits a command line like a shell: words, 'single' and "double" quotes.
fn shell_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote = None;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// True when `actual` matches `pattern`, where `...` stands for any text.
fn line_matches(pattern: &str, actual: &str) -> bool {
    let parts: Vec<&str> = pattern.split("...").collect();
    if parts.len() == 1 {
        return pattern == actual;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !actual.starts_with(first) || !actual[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &actual[first.len()..actual.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// True when the lines of `actual` match the `expected` lines (a `...` line: any lines).
fn lines_match(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "..." => (0..=actual.len()).any(|skip| lines_match(rest, &actual[skip..])),
        Some((first, rest)) => {
            actual.first().is_some_and(|line| line_matches(first, line)) && lines_match(rest, &actual[1..])
        }
    }
}

fn run_line(env: &TestEnv, index: &Path, command: &str) -> String {
    let command = command.split("  #").next().unwrap_or_default();
    let mut output = String::new();
    for part in command.split(" && ") {
        let mut words = shell_words(part);
        let head = words.iter().position(|w| w == "|").map(|at| {
            let kept = words[at + 2..]
                .first()
                .and_then(|n| n.trim_start_matches('-').parse::<usize>().ok());
            words.truncate(at);
            kept.unwrap_or(10)
        });
        let discard_stdout = match words.iter().position(|w| w == ">") {
            Some(at) => {
                words.truncate(at);
                true
            }
            None => false,
        };
        assert_eq!(words.first().map(String::as_str), Some("papers"), "{part}");
        let result = env
            .bare_command()
            .args(&words[1..])
            .env("PAPERS_INDEX", index)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        if !discard_stdout {
            let stdout = String::from_utf8_lossy(&result.stdout);
            match head {
                Some(kept) => stdout.lines().take(kept).for_each(|line| {
                    output.push_str(line);
                    output.push('\n');
                }),
                None => output.push_str(&stdout),
            }
        }
        output.push_str(&String::from_utf8_lossy(&result.stderr));
    }
    output
}

#[test]
fn the_documented_examples_print_what_the_documents_show() {
    let mut sessions = Vec::new();
    for (name, text) in documents() {
        sessions.extend(console_blocks(&text).into_iter().map(|session| (name.clone(), session)));
    }
    assert!(sessions.len() >= 10, "the documentation's examples are console blocks");
    assert!(
        sessions.iter().any(|(name, _)| name == "README.md"),
        "README.md shows at least one example session"
    );
    let mut failures = Vec::new();
    for (name, session) in &sessions {
        let env = TestEnv::new();
        let index = env.index_dir();
        if !session.commands.iter().any(|(command, _)| command.contains(FIXTURE)) {
            // As the documents' own sessions name it: relative to the checkout.
            run_line(&env, &index, &format!("papers ingest fixtures/{FIXTURE}"));
        }
        for (command, expected) in &session.commands {
            let output = run_line(&env, &index, command);
            // Blank lines at the end do not show in a document.
            let actual: Vec<&str> = output.trim_end().lines().collect();
            let mut expected = expected.clone();
            while expected.last().is_some_and(|line| line.trim().is_empty()) {
                expected.pop();
            }
            if !lines_match(&expected, &actual) {
                failures.push(format!(
                    "{name} block at line {}: `{command}`\n--- expected\n{}\n--- actual\n{output}",
                    session.line,
                    expected.join("\n")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn wildcards_match_text_and_lines() {
    assert!(line_matches("a ... c", "a b c"));
    assert!(line_matches("...", "anything"));
    assert!(!line_matches("a ... c", "a b d"));
    assert!(line_matches("x...y...z", "x1y2z"));
    let expected: Vec<String> = ["a", "...", "d"].iter().map(|s| s.to_string()).collect();
    assert!(lines_match(&expected, &["a", "b", "c", "d"]));
    assert!(lines_match(&expected, &["a", "d"]));
    assert!(!lines_match(&expected, &["a", "b"]));
    assert_eq!(
        shell_words(r#"papers search "a b" 'c' d"#),
        ["papers", "search", "a b", "c", "d"]
    );
}
