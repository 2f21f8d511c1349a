//! `papers ingest`: upserts, idempotence, counts (and how many new papers the inbox puts first),
//! and refusing what it must not touch.

use serde_json::{json, Value};

use crate::util::*;

#[test]
fn first_ingest_adds_every_paper_and_reingest_adds_nothing() {
    let env = TestEnv::new();
    let first = ingest_json(&env, &fixture_path());
    assert_eq!(
        first,
        json!({"parsed": 45, "added": 45, "updated": 0, "unchanged": 0, "warnings": 0, "read_first": 0, "learned": 14, "refiled": 0})
    );
    let again = ingest_json(&env, &fixture_path());
    assert_eq!(
        again,
        json!({"parsed": 45, "added": 0, "updated": 0, "unchanged": 45, "warnings": 0, "read_first": 0, "learned": 0, "refiled": 0})
    );
    assert_eq!(index_size(&env), FIXTURE_PAPERS);
}

#[test]
fn changed_fields_update_the_stored_paper() {
    let env = TestEnv::with_fixture();
    let first_seen = |env: &TestEnv| {
        let listed = env.run(["list", "--json"]).json();
        let entry = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "f9zwrgn90s")
            .cloned()
            .unwrap();
        entry["first_seen"].as_str().unwrap().to_string()
    };
    let arrived = first_seen(&env);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let changed = fixture_text().replace("Aug 20, 2024 2", "Aug 20, 2024 17");
    let path = env.write("later.txt", changed);
    let counts = ingest_json(&env, &path);
    assert_eq!(
        counts,
        json!({"parsed": 45, "added": 0, "updated": 1, "unchanged": 44, "warnings": 0, "read_first": 0, "learned": 0, "refiled": 0})
    );
    let shapesplat = shown(&env, "f9zwrgn90s");
    assert_eq!(shapesplat["upvotes"], 17);
    assert_eq!(first_seen(&env), arrived, "an update keeps the arrival time");
    assert!(shapesplat["source"]["file"].as_str().unwrap().ends_with("later.txt"));
    assert_eq!(index_size(&env), FIXTURE_PAPERS, "an update replaces, never duplicates");
}

#[test]
fn a_later_sighting_in_the_same_run_wins_even_when_it_matches_the_index() {
    // ShapeSplat has 2 upvotes in the index; the run sees 17, then 2 again: the last word is 2.
    let env = TestEnv::with_fixture();
    let changed = env.write(
        "changed.txt",
        fixture_text().replace("Aug 20, 2024 2", "Aug 20, 2024 17"),
    );
    let counts = env
        .run([
            "ingest".as_ref(),
            "--json".as_ref(),
            changed.as_os_str(),
            fixture_path().as_os_str(),
        ])
        .json();
    assert_eq!(
        counts,
        json!({"parsed": 90, "added": 0, "updated": 2, "unchanged": 88, "warnings": 0, "read_first": 0, "learned": 0, "refiled": 0})
    );
    assert_eq!(shown(&env, "f9zwrgn90s")["upvotes"], 2);
}

/// The fixture's text, and ShapeSplat's card in it (title through its upvotes line).
fn fixture_and_shapesplat_card() -> (String, String) {
    let text = fixture_text();
    let start = text.find("ShapeSplat: A Large-scale").unwrap();
    let end = start + text[start..].find("Aug 20, 2024 2\n").unwrap() + "Aug 20, 2024 2\n".len();
    let card = text[start..end].to_string();
    (text, card)
}

#[test]
fn a_paper_given_twice_in_one_file_with_another_abstract_is_kept_as_last_given_and_warned_about() {
    // ShapeSplat's card again at the end of the same file, its abstract revised.
    let (text, card) = fixture_and_shapesplat_card();
    let card = card.replace(
        "3D Gaussian Splatting (3DGS) has become",
        "3D Gaussian Splatting has become",
    );
    let env = TestEnv::new();
    let path = env.write("twice.txt", format!("{}\n\n{card}", text.trim_end()));
    let run = env.run(["ingest".as_ref(), "--json".as_ref(), path.as_os_str()]);
    assert_eq!(
        run.json(),
        json!({"parsed": 46, "added": 45, "updated": 1, "unchanged": 0, "warnings": 1, "read_first": 0, "learned": 14, "refiled": 0})
    );
    assert_eq!(
        run.stderr,
        "papers: warning: a paper appears more than once in one input file with a different title or abstract \
         (\"ShapeSplat: A Large-scale Dataset of Gaussian Splats and Their Self-Supervised Pretraining\"); the last \
         sighting is kept\n"
    );
    assert!(shown(&env, "f9zwrgn90s")["abstract"]
        .as_str()
        .unwrap()
        .starts_with("3D Gaussian Splatting has become"));
    assert_eq!(index_size(&env), FIXTURE_PAPERS);
    // Said again on every ingest of that file, which never finds it unchanged.
    let again = env.run(["ingest".as_ref(), "--json".as_ref(), path.as_os_str()]);
    assert_eq!(
        (again.json()["updated"].as_u64(), again.json()["warnings"].as_u64()),
        (Some(2), Some(1))
    );
}

#[test]
fn a_paper_repeated_in_one_file_with_other_metadata_is_newer_news_not_a_warning() {
    // A file of several days: ShapeSplat with 2 upvotes, then a day later with 17.
    let (text, card) = fixture_and_shapesplat_card();
    let card = card.replace("Aug 20, 2024 2\n", "Aug 20, 2024 17\n");
    let env = TestEnv::new();
    let path = env.write("days.txt", format!("{}\n\n{card}", text.trim_end()));
    let run = env.run(["ingest".as_ref(), "--json".as_ref(), path.as_os_str()]);
    assert_eq!(
        run.json(),
        json!({"parsed": 46, "added": 45, "updated": 1, "unchanged": 0, "warnings": 0, "read_first": 0, "learned": 14, "refiled": 0})
    );
    assert_eq!(run.stderr, "");
    assert_eq!(shown(&env, "f9zwrgn90s")["upvotes"], 17);
}

#[test]
fn one_arxiv_paper_under_two_titles_is_one_paper_in_one_run_as_in_two() {
    let entry = |title: &str| {
        json!({"title": title, "url": "https://huggingface.co/papers/2303.09999",
               "abstract": "We study widgets for robust learning in deep networks and show that they help.",
               "upvotes": 5, "published": "2023-03-02"})
    };
    let first = entry("Zebra Widgets for Robust Learning");
    let revised = entry("Zebra Widgets for Robust Learning, Revised");
    let one_run = TestEnv::new();
    let a = one_run.write("a.json", json!([first]).to_string());
    let b = one_run.write("b.json", json!([revised]).to_string());
    let run = one_run.run(["ingest".as_ref(), "--json".as_ref(), a.as_os_str(), b.as_os_str()]);
    assert_eq!(
        (run.json()["added"].as_u64(), run.json()["updated"].as_u64()),
        (Some(1), Some(1))
    );
    let two_runs = TestEnv::new();
    ingest_json(&two_runs, &a);
    ingest_json(&two_runs, &b);
    for env in [&one_run, &two_runs] {
        let records = exported_records(env, &[]);
        assert_eq!(titles(&records), ["Zebra Widgets for Robust Learning, Revised"]);
        assert_eq!(records[0]["id"], exported_records(&two_runs, &[])[0]["id"]);
    }
}

#[test]
fn a_sighting_without_metadata_keeps_the_known_metadata() {
    let env = TestEnv::with_fixture();
    let without = fixture_text().replacen("  \u{2022} 8 authors\n\u{b7}\nAug 20, 2024 2\n\n", "", 1);
    let path = env.write("no-meta.txt", without);
    let counts = ingest_json(&env, &path);
    assert_eq!(counts["unchanged"], 45);
    let shapesplat = shown(&env, "f9zwrgn90s");
    assert_eq!(
        (shapesplat["authors"].as_u64(), shapesplat["date"].as_str()),
        (Some(8), Some("2024-08-20"))
    );
}

#[test]
fn repeats_within_one_run_count_once_as_added() {
    let env = TestEnv::new();
    let counts = env
        .run([
            "ingest".as_ref(),
            "--json".as_ref(),
            fixture_path().as_os_str(),
            fixture_path().as_os_str(),
        ])
        .json();
    assert_eq!(
        counts,
        json!({"parsed": 90, "added": 45, "updated": 0, "unchanged": 45, "warnings": 0, "read_first": 0, "learned": 14, "refiled": 0})
    );
}

#[test]
fn human_summary_goes_to_stderr_only() {
    let env = TestEnv::new();
    let run = env.run(["ingest".as_ref(), fixture_path().as_os_str()]);
    assert_eq!(run.ok(), "");
    assert_eq!(
        run.stderr,
        "papers: ingested 45 papers from 1 file: 45 added (0 to read first), 0 updated, 0 unchanged, 0 warnings; the index holds 45 papers; learned 14 new names\n"
    );
}

#[test]
fn ingest_reports_new_papers_in_the_top_bucket() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.index_dir()).unwrap();
    env.run(["profile", "--add-query", "speech recognition"]).ok();
    let counts = ingest_json(&env, &fixture_path());
    assert_eq!(counts["added"], 45);
    let read_first = triage(&env, &[]).iter().filter(|e| e["bucket"] == "read-first").count();
    assert!(read_first >= 1);
    assert_eq!(
        counts["read_first"], read_first as u64,
        "the count agrees with the inbox"
    );
}

#[test]
fn stdin_ingest_works() {
    let env = TestEnv::new();
    let run = env.run_with_stdin(["ingest", "--json", "-"], fixture_text().as_bytes());
    assert_eq!(run.json()["added"], 45);
}

#[test]
fn a_bad_input_aborts_the_whole_run_without_a_commit() {
    let env = TestEnv::new();
    let noise = env.write("noise.bin", [0u8, 159, 146, 150, 0, 1, 2, 3]);
    let run = env.run(["ingest".as_ref(), fixture_path().as_os_str(), noise.as_os_str()]);
    run.fails(1, "not a text dump");
    let search = env.run(["export"]);
    assert_eq!(search.ok(), "[]\n", "nothing from the first file was committed");
}

#[test]
fn a_foreign_directory_is_refused_and_left_alone() {
    let env = TestEnv::new();
    let foreign = env.path("foreign");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    let output = env
        .bare_command()
        .args([
            "--index".as_ref(),
            foreign.as_os_str(),
            "ingest".as_ref(),
            fixture_path().as_os_str(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is not a papers index"));
    let entries: Vec<_> = std::fs::read_dir(&foreign)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries, ["notes.txt"]);
}

#[test]
fn the_index_location_comes_from_the_environment_too() {
    let env = TestEnv::new();
    let elsewhere = env.path("from-env");
    let status = env
        .bare_command()
        .env("PAPERS_INDEX", &elsewhere)
        .args(["ingest".as_ref(), fixture_path().as_os_str()])
        .output()
        .unwrap()
        .status;
    assert!(status.success());
    assert!(elsewhere.join("papers-index.json").exists());
}

#[test]
fn a_damaged_triage_state_warns_after_a_committed_ingest_instead_of_failing_it() {
    let env = TestEnv::with_fixture();
    std::fs::write(
        env.index_dir().join("triage.json"),
        "{\"version\": 1, \"papers\": {\"x\"",
    )
    .unwrap();
    let renamed = env.write(
        "one.txt",
        fixture_text().replacen("Diffusion Models Beat GANs", "Diffusion Models Still Beat GANs", 1),
    );
    let run = env.run(["ingest".as_ref(), "--json".as_ref(), renamed.as_os_str()]);
    assert_eq!(run.json()["added"], 1, "the paper was saved and the ingest says so");
    assert!(
        run.stderr
            .contains("warning: the papers were saved, but they could not be ranked for the inbox:")
            && run.stderr.contains("triage.json is damaged"),
        "{}",
        run.stderr
    );
    assert_eq!(exported_ids(&env, None).len(), FIXTURE_PAPERS + 1);
}

#[test]
fn an_index_that_lost_its_segment_list_is_refused_not_started_afresh() {
    let env = TestEnv::with_fixture();
    let index = env.index_dir();
    std::fs::remove_file(index.join("meta.json")).unwrap();
    let before: Vec<_> = std::fs::read_dir(&index)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let run = env.run(["ingest".as_ref(), fixture_path().as_os_str()]);
    run.fails(
        1,
        "has lost its meta.json (the list of its segments) but still holds segment files such as ",
    );
    assert!(
        run.stderr.contains("papers will not start a new index over them"),
        "{}",
        run.stderr
    );
    assert!(!index.join("meta.json").exists(), "no new, empty index was started");
    let after: Vec<_> = std::fs::read_dir(&index)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(before.len(), after.len(), "nothing was written or removed");
    let doctor = env.run(["doctor", "--json"]);
    assert_eq!(doctor.code, Some(1));
    assert!(
        doctor
            .stdout
            .contains("meta.json is missing but 6 segment files are here"),
        "{}",
        doctor.stdout
    );
}

#[test]
fn values_that_cannot_be_what_their_field_says_are_warned_and_left_empty() {
    let env = TestEnv::new();
    let mut entries: Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures_dir().join("renderings/api.json")).unwrap()).unwrap();
    let base = entries[0].clone();
    let mut list = Vec::new();
    for (n, upvotes) in [json!(1e30), json!(-5), json!("abc"), json!(3.7)]
        .into_iter()
        .enumerate()
    {
        let mut entry = base.clone();
        entry["title"] = Value::String(format!("Coercion case {n}"));
        entry["paper"]["title"] = entry["title"].clone();
        entry["paper"]["upvotes"] = upvotes;
        list.push(entry);
    }
    let mut big = base.clone();
    big["title"] = Value::String("Coercion case 4".into());
    big["paper"]["title"] = big["title"].clone();
    big["paper"]["upvotes"] = serde_json::from_str("18446744073709551616").unwrap();
    big["paper"]["githubStars"] = json!(-3);
    big["paper"]["publishedAt"] = json!("soon");
    list.push(big);
    let mut fine = base.clone();
    fine["paper"]["upvotes"] = json!(12.0);
    fine["numComments"] = json!("4");
    list.push(fine);
    entries = Value::Array(list);
    let input = env.write("coerce.json", serde_json::to_vec(&entries).unwrap());
    let (records, stderr) = env.parse(&input, &[]);
    assert_eq!(records.len(), 6);
    for record in &records[..5] {
        assert_eq!(record["upvotes"], Value::Null, "{record}");
    }
    assert_eq!(records[4]["stars"], Value::Null);
    assert_eq!(records[4]["date"], Value::Null);
    assert_eq!(
        (records[5]["upvotes"].as_u64(), records[5]["comments"].as_u64()),
        (Some(12), Some(4))
    );
    for expected in [
        "coerce.json:1: entry 1: upvotes 1e+30 is not a count; left empty",
        "coerce.json:2: entry 2: upvotes -5 is not a count; left empty",
        "coerce.json:3: entry 3: upvotes \"abc\" is not a count; left empty",
        "coerce.json:4: entry 4: upvotes 3.7 is not a count; left empty",
        "coerce.json:5: entry 5: upvotes 1.8446744073709552e+19 is not a count; left empty",
        "coerce.json:5: entry 5: githubStars -3 is not a count; left empty",
        "coerce.json:5: entry 5: publishedAt \"soon\" is not a date; left empty",
    ] {
        assert!(stderr.contains(expected), "missing {expected:?} in:\n{stderr}");
    }
}

#[test]
fn a_year_no_paper_can_have_is_warned_and_left_empty() {
    let env = TestEnv::new();
    assert_eq!(expected()[0].date.as_deref(), Some("2023-03-02"));
    let damaged = fixture_text().replacen("\nMar 2, 2023\n", "\nJan 1, 0000\n", 1);
    let input = env.write("year-zero.txt", damaged);
    let (records, stderr) = env.parse(&input, &[]);
    assert_eq!(records.len(), FIXTURE_PAPERS);
    assert_eq!(records[0]["date"], Value::Null);
    assert!(
        stderr.contains("the year 0 cannot be a paper's (arXiv began in 1991); date left empty"),
        "{stderr}"
    );
}

#[test]
fn messages_about_inputs_agree_with_the_summary_and_name_the_right_command() {
    let env = TestEnv::new();
    let empty = env.write("empty.txt", "\n  \n");
    let run = env.run(["ingest".as_ref(), empty.as_os_str()]);
    assert_eq!(
        run.stderr,
        format!(
            "papers: warning: {} is empty: there is nothing in it to read\n\
             papers: ingested 0 papers from 1 file: 0 added, 0 updated, 0 unchanged, 1 warning; the index holds 0 papers\n",
            empty.display()
        )
    );
    let stdin = env.run_with_stdin(["parse", "-"], b"just some words\n");
    assert!(
        stdin
            .stderr
            .contains("`papers parse --explain -` with the same input shows what was found"),
        "{}",
        stdin.stderr
    );
    env.run(["state".as_ref(), "import".as_ref(), env.path("").as_os_str()])
        .fails(2, "is a directory; give the file `papers state export` wrote");
    let help = env.run(["state", "import", "--help"]).ok().to_string();
    assert!(
        help.contains("The exported state: a file written by `papers state export`"),
        "{help}"
    );
}
