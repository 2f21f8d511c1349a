//! `papers open` and the inbox's `o`/`c` keys: one rule for where a paper is (arXiv, else its
//! Hugging Face page, else a search there), handed to `$BROWSER`.

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::util::*;

fn env_with_api_papers() -> TestEnv {
    let env = TestEnv::with_fixture();
    let api = fixtures_dir().join("renderings/api.json");
    env.run(["ingest".as_ref(), api.as_os_str()]).ok();
    env
}

/// A `$BROWSER` that appends the address it is given to a file; returns (script, file).
fn recording_browser(env: &TestEnv) -> (PathBuf, PathBuf) {
    let record = env.path("opened.txt");
    let script = env.write(
        "browser.sh",
        format!("#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n", record.display()),
    );
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    (script, record)
}

/// What the browser was asked to open, once it has run (it is started without waiting).
fn opened(record: &PathBuf, count: usize) -> Vec<String> {
    let start = Instant::now();
    loop {
        let lines: Vec<String> = std::fs::read_to_string(record)
            .unwrap_or_default()
            .lines()
            .map(String::from)
            .collect();
        if lines.len() >= count || start.elapsed() > Duration::from_secs(10) {
            return lines;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_paper_is_its_arxiv_page_and_each_flag_picks_another_page() {
    let env = env_with_api_papers();
    let print = |flags: &[&str]| {
        let mut args = vec!["open", "19q5", "--print"];
        args.extend(flags);
        env.run(args).ok().to_string()
    };
    // The paper links its repository, and still the paper is what opens.
    assert_eq!(print(&[]), "https://arxiv.org/abs/2204.05832\n");
    assert_eq!(print(&["--pdf"]), "https://arxiv.org/pdf/2204.05832\n");
    assert_eq!(print(&["--hf"]), "https://huggingface.co/papers/2204.05832\n");
    assert_eq!(
        print(&["--code"]),
        "https://github.com/bigscience-workshop/architecture-objective\n"
    );
    env.run(["open", "19q5", "--pdf", "--code"])
        .fails(2, "cannot be used with");
}

#[test]
fn without_an_arxiv_id_the_title_is_searched_on_hugging_face() {
    let env = TestEnv::with_fixture();
    let run = env.run(["open", "mrapdfhce2", "--print"]);
    assert_eq!(
        run.ok(),
        "https://huggingface.co/papers?q=AttentionInfluence%3A%20Adopting%20Attention%20Head%20Influence%20\
         for%20Weak-to-Strong%20Pretraining%20Data%20Selection\n"
    );
    env.run(["open", "mrapdfhce2", "--pdf"])
        .fails(1, "cannot open paper mrapdfhce2: its arXiv id is not known");
    env.run(["open", "mrapdfhce2", "--code"])
        .fails(1, "it links no code repository");
    env.run(["open", "zzzz"]).fails(1, "no paper with id 'zzzz'");
}

#[test]
fn open_hands_the_address_to_the_browser_variable() {
    let env = env_with_api_papers();
    let (browser, record) = recording_browser(&env);
    let run = Run::from_output(
        env.command()
            .args(["open", "19q5"])
            .env("BROWSER", &browser)
            .output()
            .unwrap(),
    );
    assert_eq!(run.ok(), "", "nothing on stdout");
    assert_eq!(run.stderr, "papers: opening https://arxiv.org/abs/2204.05832\n");
    assert_eq!(opened(&record, 1), ["https://arxiv.org/abs/2204.05832"]);

    let missing = Run::from_output(
        env.command()
            .args(["open", "19q5"])
            .env("BROWSER", env.path("no-such-browser"))
            .output()
            .unwrap(),
    );
    missing.fails(1, "could not start a browser");
    assert!(
        missing.stderr.contains("https://arxiv.org/abs/2204.05832"),
        "{}",
        missing.stderr
    );
}

#[test]
fn the_inbox_keys_open_the_paper_and_its_code_by_the_same_rule() {
    let env = env_with_api_papers();
    let (browser, record) = recording_browser(&env);
    env.run(["profile", "--add-query", "zero-shot generalization"]).ok();
    let mut child = env
        .command()
        .args(["triage", "--interactive", "--limit", "1"])
        .env("BROWSER", &browser)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), b"ocq").unwrap();
    let run = Run::from_output(child.wait_with_output().unwrap());
    let text = run.ok();
    assert!(text.contains("What Language Model Architecture"), "{text}");
    assert!(text.contains("opening https://arxiv.org/abs/2204.05832\n"), "{text}");
    // The browser is started without waiting for it, so the two may record in either order.
    let mut addresses = opened(&record, 2);
    addresses.sort();
    assert_eq!(
        addresses,
        [
            "https://arxiv.org/abs/2204.05832",
            "https://github.com/bigscience-workshop/architecture-objective"
        ]
    );
}
