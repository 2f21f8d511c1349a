//! `papers pull` against a local stand-in for the API serving recorded daily lists: the days
//! asked for, pages, retries, faults, what is kept on disk and what reaches the index.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::api_server::{ApiServer, Reply};
use crate::util::*;

const NEW_DAY: &str = "2026-08-21";
const NEW_DAY_PAPERS: u64 = 17;
const OLD_DAY: &str = "2024-05-27";
const OLD_DAY_PAPERS: u64 = 13;

fn recorded(day: &str) -> Vec<u8> {
    std::fs::read(fixtures_dir().join("api").join(format!("daily-{day}.json"))).unwrap()
}

/// The day and page a daily-papers request asks for.
fn day_and_page(target: &str) -> Option<(String, u32)> {
    let query = target.strip_prefix("/api/daily_papers?")?;
    let mut day = None;
    let mut page = None;
    for pair in query.split('&') {
        match pair.split_once('=')? {
            ("date", value) => day = Some(value.to_string()),
            ("p", value) => page = value.parse().ok(),
            ("limit", "100") => {}
            _ => return None,
        }
    }
    Some((day?, page?))
}

/// Serves the recorded days, and an empty list for any other day.
fn recorded_days() -> ApiServer {
    ApiServer::start(|target, _| match day_and_page(target) {
        Some((day, 0)) if day == NEW_DAY || day == OLD_DAY => Reply::json(recorded(&day)),
        Some(_) => Reply::json("[]"),
        None => Reply::status(404),
    })
}

fn pull(env: &TestEnv, server: &ApiServer, args: &[&str]) -> crate::util::Run {
    let mut all = vec!["pull", "--endpoint", &server.endpoint];
    all.extend(args);
    env.run(all)
}

fn days_of(summary: &Value) -> Vec<(String, u64, String)> {
    summary["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|day| {
            (
                day["date"].as_str().or(day["id"].as_str()).unwrap().to_string(),
                day["papers"].as_u64().unwrap(),
                day["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The counts of a pull's JSON summary.
#[derive(Debug, PartialEq)]
struct Counts {
    parsed: u64,
    added: u64,
    updated: u64,
    unchanged: u64,
}

fn counts(summary: &Value) -> Counts {
    let n = |key: &str| summary[key].as_u64().unwrap();
    Counts {
        parsed: n("parsed"),
        added: n("added"),
        updated: n("updated"),
        unchanged: n("unchanged"),
    }
}

fn raw_day(env: &TestEnv, day: &str) -> std::path::PathBuf {
    env.index_dir().join("raw/daily_papers").join(format!("{day}.json"))
}

#[test]
fn a_day_is_fetched_kept_on_disk_and_ingested_once() {
    let env = TestEnv::new();
    let server = recorded_days();
    let summary = pull(&env, &server, &["--date", NEW_DAY, "--json"]).json();
    assert_eq!(
        days_of(&summary),
        [(NEW_DAY.to_string(), NEW_DAY_PAPERS, "fetched".to_string())]
    );
    assert_eq!(
        counts(&summary),
        Counts {
            parsed: NEW_DAY_PAPERS,
            added: NEW_DAY_PAPERS,
            updated: 0,
            unchanged: 0
        }
    );
    // The raw response is kept as the API gave it.
    let kept: Value = serde_json::from_slice(&std::fs::read(raw_day(&env, NEW_DAY)).unwrap()).unwrap();
    let given: Value = serde_json::from_slice(&recorded(NEW_DAY)).unwrap();
    assert_eq!(kept, given);
    let requests = server.requests();
    assert_eq!(
        requests.iter().map(|r| r.target.as_str()).collect::<Vec<_>>(),
        [format!("/api/daily_papers?date={NEW_DAY}&limit=100&p=0")]
    );
    assert!(
        requests[0].headers["user-agent"].starts_with("papers/"),
        "{:?}",
        requests[0].headers
    );
    assert!(!requests[0].headers.contains_key("authorization"));
    // What the API gives beyond a dump reaches the record.
    let shown = env.run(["show", "2608.19880", "--json"]).json();
    assert_eq!(shown["arxiv_id"], "2608.19880");
    assert!(
        shown["summary"].as_str().is_some_and(|summary| !summary.is_empty()),
        "{shown}"
    );
    assert_eq!(
        shown["keywords"],
        serde_json::json!([
            "LLM agents",
            "Environment Harness",
            "EnvHarness",
            "EnvRigger",
            "black-box policy",
            "execution trajectories",
            "reinforcement learning",
            "co-evolution"
        ])
    );
    assert_eq!(shown["organization"], "Google");
    assert!(
        shown["links"]
            .as_array()
            .unwrap()
            .contains(&Value::from("https://envharness.com/")),
        "{shown}"
    );
    // Keywords are searched and counted.
    let found = env.run(["search", "EnvRigger", "--json"]).json();
    assert_eq!(found[0]["arxiv_id"], "2608.19880", "{found}");
    let facets = env.run(["facets", "--field", "keywords", "--json", "-n", "100"]).json();
    let rl = facets
        .as_array()
        .unwrap()
        .iter()
        .find(|facet| facet["value"] == "reinforcement learning")
        .unwrap_or_else(|| panic!("{facets}"));
    assert!(rl["count"].as_u64().unwrap() >= 1);

    // A past day fetched after it ended is not fetched again, unless asked.
    let again = pull(&env, &server, &["--date", NEW_DAY, "--json"]).json();
    assert_eq!(days_of(&again), [(NEW_DAY.to_string(), 0, "kept".to_string())]);
    assert_eq!(server.requests().len(), 1);
    let refreshed = pull(&env, &server, &["--date", NEW_DAY, "--refresh", "--json"]).json();
    assert_eq!(
        counts(&refreshed),
        Counts {
            parsed: NEW_DAY_PAPERS,
            added: 0,
            updated: 0,
            unchanged: NEW_DAY_PAPERS
        }
    );
    assert_eq!(server.requests().len(), 2);
    // The kept response ingests to the same index.
    let reingested = env
        .run(["ingest".as_ref(), "--json".as_ref(), raw_day(&env, NEW_DAY).as_os_str()])
        .json();
    assert_eq!(
        counts(&reingested),
        Counts {
            parsed: NEW_DAY_PAPERS,
            added: 0,
            updated: 0,
            unchanged: NEW_DAY_PAPERS
        }
    );
    assert_eq!(index_size(&env), NEW_DAY_PAPERS as usize);
}

#[test]
fn a_range_reports_empty_days_and_reads_the_endpoint_and_token_from_the_environment() {
    let env = TestEnv::new();
    let server = recorded_days();
    let run = env
        .command()
        .args(["pull", "--since", "2024-05-26", "--until", OLD_DAY, "--json"])
        .env("HF_ENDPOINT", &server.endpoint)
        .env("HF_TOKEN", "hf_test_token")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let summary: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(
        days_of(&summary),
        [
            ("2024-05-26".to_string(), 0, "empty".to_string()),
            (OLD_DAY.to_string(), OLD_DAY_PAPERS, "fetched".to_string()),
        ]
    );
    assert_eq!(counts(&summary).added, OLD_DAY_PAPERS);
    for request in server.requests() {
        assert_eq!(request.headers["authorization"], "Bearer hf_test_token");
    }
    // Human output: a line per day, then the totals.
    let env = TestEnv::new();
    let run = pull(&env, &server, &["--since", "2024-05-26", "--until", OLD_DAY]);
    assert_eq!(run.ok(), "");
    assert!(run.stderr.contains("2024-05-26: no papers\n"), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("{OLD_DAY}: 13 papers")), "{}", run.stderr);
    assert!(run.stderr.contains("pulled 13 papers: 13 added"), "{}", run.stderr);
}

#[test]
fn a_day_of_more_than_a_page_is_read_page_by_page() {
    // 120 papers: the recorded entries, copied under other ids and titles.
    let recorded: Vec<Value> = serde_json::from_slice(&recorded(NEW_DAY)).unwrap();
    let entries: Vec<Value> = (0..120)
        .map(|at| {
            let mut entry = recorded[at % recorded.len()].clone();
            let title = format!("{} (copy {at})", entry["paper"]["title"].as_str().unwrap());
            entry["paper"]["id"] = Value::from(format!("2699.{at:05}"));
            entry["paper"]["title"] = Value::from(title.clone());
            entry["title"] = Value::from(title);
            entry
        })
        .collect();
    let pages = [entries[..100].to_vec(), entries[100..].to_vec()];
    let server = ApiServer::start(move |target, _| match day_and_page(target) {
        Some((_, page)) => Reply::json(serde_json::to_vec(pages.get(page as usize).unwrap_or(&Vec::new())).unwrap()),
        None => Reply::status(404),
    });
    let env = TestEnv::new();
    let summary = pull(&env, &server, &["--date", "2026-08-22", "--json"]).json();
    assert_eq!(
        days_of(&summary),
        [("2026-08-22".to_string(), 120, "fetched".to_string())]
    );
    assert_eq!(counts(&summary).added, 120);
    assert_eq!(
        server.targets(),
        [
            "/api/daily_papers?date=2026-08-22&limit=100&p=0",
            "/api/daily_papers?date=2026-08-22&limit=100&p=1"
        ]
    );
    let kept: Value = serde_json::from_slice(&std::fs::read(raw_day(&env, "2026-08-22")).unwrap()).unwrap();
    assert_eq!(kept.as_array().unwrap().len(), 120);
}

#[test]
fn server_errors_and_rate_limits_are_retried() {
    let server = ApiServer::start(|target, tries| match (day_and_page(target), tries) {
        (Some((day, _)), 0) if day == OLD_DAY => Reply::status(500),
        (Some((day, _)), 0) if day == NEW_DAY => Reply::Send(429, vec![("Retry-After", "1".to_string())], Vec::new()),
        (Some((day, _)), _) => Reply::json(recorded(&day)),
        (None, _) => Reply::status(404),
    });
    let env = TestEnv::new();
    let started = Instant::now();
    let run = pull(&env, &server, &["--date", OLD_DAY]);
    run.ok();
    let run_new = pull(&env, &server, &["--date", NEW_DAY]);
    run_new.ok();
    assert!(started.elapsed() >= Duration::from_secs(2));
    assert!(
        run.stderr.contains("answered HTTP 500; trying again in 1 s"),
        "{}",
        run.stderr
    );
    assert!(
        run_new.stderr.contains("answered HTTP 429; trying again in 1 s"),
        "{}",
        run_new.stderr
    );
    assert_eq!(server.requests().len(), 4);
    assert_eq!(index_size(&env), (OLD_DAY_PAPERS + NEW_DAY_PAPERS) as usize);
}

#[test]
fn a_day_answered_wrongly_fails_alone_and_is_never_half_ingested() {
    let server = ApiServer::start(|target, _| match day_and_page(target) {
        Some((day, _)) if day == OLD_DAY => Reply::json(recorded(&day)),
        Some((day, _)) if day == "2024-05-28" => {
            let mut cut = recorded(OLD_DAY);
            cut.truncate(cut.len() / 2);
            Reply::CutShort(cut)
        }
        Some((day, _)) if day == "2024-05-29" => Reply::json("[{\"paper\": {\"id\": \"2405.1"),
        Some(_) => Reply::json("{\"error\": \"not a list\"}"),
        None => Reply::status(404),
    });
    let env = TestEnv::new();
    let run = pull(
        &env,
        &server,
        &["--since", OLD_DAY, "--until", "2024-05-30", "--tries", "2", "--json"],
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let summary: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        days_of(&summary),
        [
            (OLD_DAY.to_string(), OLD_DAY_PAPERS, "fetched".to_string()),
            ("2024-05-28".to_string(), 0, "failed".to_string()),
            ("2024-05-29".to_string(), 0, "failed".to_string()),
            ("2024-05-30".to_string(), 0, "failed".to_string()),
        ]
    );
    assert!(
        run.stderr
            .contains("papers: 3 of 4 days could not be fetched; the rest were saved"),
        "{}",
        run.stderr
    );
    assert!(
        summary["days"][1]["error"].as_str().unwrap().contains("broke off"),
        "{summary}"
    );
    assert!(
        summary["days"][2]["error"].as_str().unwrap().contains("cut off"),
        "{summary}"
    );
    assert!(
        summary["days"][3]["error"].as_str().unwrap().contains("not a list"),
        "{summary}"
    );
    // The good day is in; nothing of the bad ones is, on disk or in the index.
    assert_eq!(index_size(&env), OLD_DAY_PAPERS as usize);
    assert!(!raw_day(&env, "2024-05-28").exists());
    assert!(!raw_day(&env, "2024-05-29").exists());
}

#[test]
fn an_unreachable_endpoint_commits_nothing_and_exits_4() {
    let env = TestEnv::with_fixture();
    // Nothing listens on a port just released.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let run = env.run(["pull", "--date", OLD_DAY, "--endpoint", &closed, "--tries", "2"]);
    assert_eq!(run.code, Some(4), "{}", run.stderr);
    assert_eq!(
        run.stderr.lines().last().unwrap(),
        format!("papers: cannot reach {closed}: connection refused (2 tries); nothing was saved to the index")
    );
    assert_eq!(index_size(&env), FIXTURE_PAPERS);

    // A server that accepts and never answers: the read timeout, then the same.
    let silent = ApiServer::start(|_, _| Reply::Silence(Duration::from_secs(10)));
    let started = Instant::now();
    let run = env.run([
        "pull",
        "--date",
        OLD_DAY,
        "--endpoint",
        &silent.endpoint,
        "--read-timeout",
        "1",
        "--tries",
        "2",
    ]);
    assert_eq!(run.code, Some(4), "{}", run.stderr);
    assert!(run.stderr.contains("timed out"), "{}", run.stderr);
    assert!(started.elapsed() < Duration::from_secs(8));
    assert_eq!(index_size(&env), FIXTURE_PAPERS);
}

#[test]
fn days_fetched_before_a_failure_go_in_with_the_next_pull() {
    let server = ApiServer::start(|target, _| match day_and_page(target) {
        Some((day, _)) if day == OLD_DAY || day == NEW_DAY => Reply::json(recorded(&day)),
        Some(_) => Reply::Silence(Duration::from_secs(10)),
        None => Reply::status(404),
    });
    let env = TestEnv::new();
    let run = pull(
        &env,
        &server,
        &[
            "--since",
            OLD_DAY,
            "--until",
            "2024-05-28",
            "--read-timeout",
            "1",
            "--tries",
            "1",
        ],
    );
    assert_eq!(run.code, Some(4), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the 1 response fetched so far are kept and go in with the next pull")
            || run.stderr.contains("1 response fetched so far"),
        "{}",
        run.stderr
    );
    assert!(raw_day(&env, OLD_DAY).exists());
    let summary = pull(&env, &server, &["--date", NEW_DAY, "--json"]).json();
    assert_eq!(counts(&summary).added, OLD_DAY_PAPERS + NEW_DAY_PAPERS);
    // Once in, they are not ingested again.
    let summary = pull(&env, &server, &["--date", NEW_DAY, "--json"]).json();
    assert_eq!(
        counts(&summary),
        Counts {
            parsed: 0,
            added: 0,
            updated: 0,
            unchanged: 0
        }
    );
}

#[test]
fn single_papers_by_arxiv_id() {
    let entries: Vec<Value> = serde_json::from_slice(&recorded(OLD_DAY)).unwrap();
    let paper = entries
        .iter()
        .find(|entry| entry["paper"]["id"] == "2405.15071")
        .unwrap()["paper"]
        .clone();
    let server = ApiServer::start(move |target, _| match target {
        "/api/papers/2405.15071" => Reply::json(serde_json::to_vec(&paper).unwrap()),
        _ => Reply::status(404),
    });
    let env = TestEnv::new();
    let summary = pull(
        &env,
        &server,
        &["https://arxiv.org/abs/2405.15071v2", "2405.99999", "--json"],
    )
    .json();
    assert_eq!(
        days_of(&summary),
        [
            ("2405.15071".to_string(), 1, "fetched".to_string()),
            ("2405.99999".to_string(), 0, "not found".to_string()),
        ]
    );
    assert_eq!(counts(&summary).added, 1);
    let shown = env.run(["show", "2405.15071", "--json"]).json();
    assert!(
        shown["title"].as_str().unwrap().starts_with("Grokked Transformers"),
        "{shown}"
    );
    assert!(env.index_dir().join("raw/papers/2405.15071.json").is_file());

    env.run(["pull", "--endpoint", &server.endpoint, "not-an-id"])
        .fails(2, "'not-an-id' is not an arXiv id");
    env.run(["pull", "--endpoint", "ftp://example.org", "--date", OLD_DAY])
        .fails(2, "is not an http(s) address");
    env.run([
        "pull",
        "--endpoint",
        &server.endpoint,
        "--since",
        "2024-05-28",
        "--until",
        OLD_DAY,
    ])
    .fails(2, "--since 2024-05-28 is after --until 2024-05-27");
}

#[test]
fn a_plain_pull_fetches_today() {
    let server = recorded_days();
    let env = TestEnv::new();
    let summary = pull(&env, &server, &["--json"]).json();
    let today = time::OffsetDateTime::now_utc().date().to_string();
    assert_eq!(days_of(&summary), [(today.clone(), 0, "empty".to_string())]);
    // Today's list may still grow: the next pull fetches it again.
    pull(&env, &server, &["--json"]).json();
    assert_eq!(
        server.targets(),
        [
            format!("/api/daily_papers?date={today}&limit=100&p=0"),
            format!("/api/daily_papers?date={today}&limit=100&p=0")
        ]
    );
}

#[test]
fn reindex_reads_the_kept_responses_again() {
    let server = recorded_days();
    let env = TestEnv::with_fixture();
    pull(&env, &server, &["--date", OLD_DAY, "--json"]).json();
    assert_eq!(index_size(&env), FIXTURE_PAPERS + OLD_DAY_PAPERS as usize);
    // A response kept but never ingested (say, written by a pull of an older version that
    // failed to commit): reindex reads it with the stored records.
    let extra = env.index_dir().join("raw/daily_papers").join(format!("{NEW_DAY}.json"));
    std::fs::write(&extra, recorded(NEW_DAY)).unwrap();
    let run = env.run(["reindex"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let total = FIXTURE_PAPERS + (OLD_DAY_PAPERS + NEW_DAY_PAPERS) as usize;
    assert!(
        run.stderr.contains(&format!("reindexed {total} papers (schema 11)")),
        "{}",
        run.stderr
    );
    assert_eq!(index_size(&env), total);
    let shown = env.run(["show", "2608.19880", "--json"]).json();
    assert_eq!(shown["organization"], "Google");
}
