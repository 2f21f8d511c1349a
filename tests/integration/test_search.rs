//! `papers search`: ranking, every filter and sort (the reader's marks too), snippets, colour, and
//! lenient queries.

use serde_json::Value;

use crate::util::*;

fn search(env: &TestEnv, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["search", "--json"];
    all.extend_from_slice(args);
    env.run(all).json_array()
}

fn text_of(hit: &Value) -> String {
    format!("{} {}", hit["title"], hit["abstract"]).to_lowercase()
}

#[test]
fn a_distinctive_word_finds_its_paper_first() {
    let env = TestEnv::with_fixture();
    let hits = search(&env, &["TACRED"]);
    assert_eq!(
        hits[0]["title"],
        "Re-TACRED: Addressing Shortcomings of the TACRED Dataset"
    );
    let hits = search(&env, &["gaussian splats"]);
    assert!(hits[0]["title"].as_str().unwrap().starts_with("ShapeSplat"));
    let hits = search(&env, &["ECG"]);
    assert!(hits[0]["title"].as_str().unwrap().contains("ECG Classification"));
}

#[test]
fn papers_matching_every_word_rank_before_the_rest() {
    let env = TestEnv::with_fixture();
    let hits = search(&env, &["contrastive pretraining", "--limit", "45"]);
    // Matching is on English stems: "contrasting" matches "contrastive", "pretrained" "pretraining".
    let has_both: Vec<bool> = hits
        .iter()
        .map(|h| text_of(h).contains("contrast") && text_of(h).contains("pretrain"))
        .collect();
    let first_partial = has_both
        .iter()
        .position(|both| !both)
        .expect("some papers match one word only");
    assert!(first_partial >= 3, "several papers contain both words");
    assert!(has_both[first_partial..].iter().all(|both| !both), "{has_both:?}");
}

#[test]
fn one_unmatched_word_does_not_empty_the_result() {
    let env = TestEnv::with_fixture();
    let hits = search(&env, &["ShapeSplat xylophone"]);
    assert!(hits[0]["title"].as_str().unwrap().starts_with("ShapeSplat"));
}

#[test]
fn limit_caps_the_number_of_hits() {
    let env = TestEnv::with_fixture();
    assert_eq!(search(&env, &["pretraining", "--limit", "3"]).len(), 3);
    assert_eq!(search(&env, &["pretraining", "-n", "1"]).len(), 1);
}

#[test]
fn date_and_upvote_filters_match_the_fixture_exactly() {
    let env = TestEnv::with_fixture();
    let expected = expected();
    let count = |keep: &dyn Fn(&Expected) -> bool| expected.iter().filter(|e| keep(e)).count();
    let since = search(&env, &["learning", "--since", "2024-01-01", "--limit", "100"]);
    assert!(since.iter().all(|h| h["date"].as_str().unwrap() >= "2024-01-01"));
    let want_since = count(&|e| e.date.as_deref().is_some_and(|d| d >= "2024-01-01"));
    let exported_since = env.run(["export", "--since", "2024-01-01", "--format", "jsonl"]);
    assert_eq!(exported_since.ok().lines().count(), want_since);

    let window = env.run([
        "export",
        "--since",
        "2023-01-01",
        "--until",
        "2023-12-31",
        "--format",
        "jsonl",
    ]);
    let want_window = count(&|e| {
        e.date
            .as_deref()
            .is_some_and(|d| ("2023-01-01"..="2023-12-31").contains(&d))
    });
    assert_eq!(window.ok().lines().count(), want_window);

    let popular = env.run(["export", "--min-upvotes", "2", "--format", "jsonl"]);
    let popular: Vec<Value> = popular.ok().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let mut got = titles(&popular);
    let mut want: Vec<String> = expected
        .iter()
        .filter(|e| e.upvotes.is_some_and(|u| u >= 2))
        .map(|e| e.title.clone())
        .collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn has_code_keeps_papers_with_a_repository_link() {
    let env = TestEnv::with_fixture();
    let run = env.run(["export", "--has-code"]);
    let hits: Vec<Value> = serde_json::from_str(run.ok()).unwrap();
    let mut got: Vec<String> = hits
        .iter()
        .map(|h| h["links"][0].as_str().unwrap().to_string())
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            "https://github.com/Hritikbansal/generative-robustness",
            "https://github.com/KKallidromitis/r2o",
            "https://github.com/bigscience-workshop/architecture-objective",
            "https://github.com/stypoumic/BECLR",
            "https://github.com/techmn/satmae_pp",
        ]
    );
}

#[test]
fn sorting_by_date_and_by_upvotes() {
    let env = TestEnv::with_fixture();
    let by_date = search(&env, &["learning", "--sort", "date", "--limit", "50"]);
    let dates: Vec<Option<&str>> = by_date.iter().map(|h| h["date"].as_str()).collect();
    let dated: Vec<&str> = dates.iter().flatten().copied().collect();
    assert!(dated.windows(2).all(|pair| pair[0] >= pair[1]), "{dates:?}");
    let first_undated = dates.iter().position(Option::is_none).unwrap_or(dates.len());
    assert!(
        dates[first_undated..].iter().all(Option::is_none),
        "undated papers come last"
    );
    assert_eq!(dates[0], Some("2025-05-12"));

    let by_upvotes = search(&env, &["learning", "--sort", "upvotes", "--limit", "50"]);
    let upvotes: Vec<u64> = by_upvotes.iter().filter_map(|h| h["upvotes"].as_u64()).collect();
    assert!(upvotes.windows(2).all(|pair| pair[0] >= pair[1]), "{upvotes:?}");
    assert_eq!(upvotes[0], 2);
}

#[test]
fn json_hits_are_records_with_score_and_marked_snippet() {
    let env = TestEnv::with_fixture();
    let hits = search(&env, &["seagrass"]);
    let hit = &hits[0];
    assert_eq!(
        hit["title"],
        "Image Labels Are All You Need for Coarse Seagrass Segmentation"
    );
    assert!(hit["score"].as_f64().unwrap() > 0.0);
    assert!(
        hit["snippet"].as_str().unwrap().contains("**Seagrass**"),
        "{}",
        hit["snippet"]
    );
    for key in papers::record::FIELD_NAMES {
        assert!(hit.get(key).is_some(), "{key}");
    }
}

#[test]
fn human_output_shows_rank_title_metadata_id_and_snippet() {
    let env = TestEnv::with_fixture();
    let text = env.run(["search", "TACRED", "--limit", "1"]).ok().to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], " 1. Re-TACRED: Addressing Shortcomings of the TACRED Dataset");
    let want = expected()
        .into_iter()
        .find(|e| e.title.starts_with("Re-TACRED"))
        .unwrap();
    let id = lines[1].rsplit(" · ").next().unwrap();
    assert_eq!(id.len(), 10);
    let metadata = format!(
        "{} · {} upvotes · {} authors",
        want.date.unwrap(),
        want.upvotes.unwrap(),
        want.authors.unwrap()
    );
    assert_eq!(lines[1], format!("    {metadata} · {id}"));
    assert!(lines[2].contains("TACRED"));
    assert!(!text.contains('\x1b'));
}

#[test]
fn colour_is_used_only_when_asked_or_on_a_terminal() {
    let env = TestEnv::with_fixture();
    let coloured = env.run(["--color", "always", "search", "TACRED"]);
    assert!(
        coloured.ok().contains("\x1b[1m\x1b[33mTACRED\x1b[0m"),
        "{}",
        coloured.stdout
    );
    let mut command = env.command();
    command.env("NO_COLOR", "1").args(["search", "TACRED"]);
    let plain = String::from_utf8(command.output().unwrap().stdout).unwrap();
    assert!(!plain.contains('\x1b'));
}

#[test]
fn query_syntax_and_malformed_queries() {
    let env = TestEnv::with_fixture();
    let phrase = search(&env, &["\"gaussian splatting\""]);
    assert!(phrase.iter().all(|h| text_of(h).contains("gaussian splatting")));
    let excluded = search(&env, &["pretraining -language", "--limit", "45"]);
    assert!(excluded.iter().all(|h| !text_of(h).contains("language")));
    let title_only = search(&env, &["title:ShapeSplat"]);
    assert_eq!(titles(&title_only).len(), 1);
    for malformed in [
        "title:(unclosed",
        "\"unterminated",
        "AND",
        "+",
        "-",
        "nosuchfield:x",
        "***",
        "date:[x TO",
    ] {
        let run = env.run(["search", "--json", malformed]);
        assert!(matches!(run.code, Some(0) | Some(1)), "{malformed}: {run:?}");
        assert!(!run.stderr.contains("panicked"), "{malformed}: {}", run.stderr);
        assert!(run.stderr.lines().count() <= 1, "{malformed}: {}", run.stderr);
    }
}

#[test]
fn an_empty_query_is_a_usage_error() {
    let env = TestEnv::with_fixture();
    env.run(["search", "  "]).fails(2, "the query is empty");
}

#[test]
fn searching_without_an_index_says_how_to_make_one() {
    let env = TestEnv::new();
    env.run(["search", "anything"]).fails(1, "no index at");
}

#[test]
fn a_word_that_matches_nothing_is_corrected_and_said_so() {
    let env = TestEnv::with_fixture();
    let run = env.run(["search", "--json", "contrastiv clustr"]);
    let hits: Vec<Value> = serde_json::from_str(run.ok()).unwrap();
    assert!(hits[0]["title"]
        .as_str()
        .unwrap()
        .contains("Contrasting Cluster Assignments"));
    assert!(
        run.stderr
            .contains("showing results for 'contrastive' instead of 'contrastiv', 'cluster' instead of 'clustr'"),
        "{}",
        run.stderr
    );
    let exact = env.run(["search", "--json", "contrastive"]);
    assert_eq!(exact.stderr, "", "correct words are left alone");
}

#[test]
fn hyphenated_and_joined_spellings_find_the_same_papers() {
    let env = TestEnv::with_fixture();
    let ids = |query: &str| exported_ids(&env, Some(query));
    let joined = ids("pretraining");
    assert_eq!(ids("pre-training"), joined);
    assert_eq!(ids("Pre\u{2010}Training"), joined);
    assert!(joined.len() >= 40, "almost every fixture paper is about pretraining");
}

#[test]
fn a_query_naming_a_topic_finds_papers_that_never_use_the_word() {
    let env = TestEnv::with_fixture();
    let hits = search(&env, &["medical"]);
    assert!(hits
        .iter()
        .any(|h| h["title"].as_str().unwrap().contains("Computational Pathology")));
    assert!(!text_of(&hits[0]).is_empty());
}

#[test]
fn boosts_only_reorder_and_can_be_switched_off() {
    let env = TestEnv::with_fixture();
    let ids = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["learning", "--limit", "45"];
        args.extend_from_slice(extra);
        let mut ids: Vec<String> = search(&env, &args)
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(
        ids(&[]),
        ids(&["--no-boost"]),
        "the same papers, at most in another order"
    );
}

#[test]
fn dates_take_years_months_and_spans_back_from_today() {
    let env = TestEnv::with_fixture();
    let dated_in = |from: &str, to: &str| -> usize {
        expected()
            .iter()
            .filter(|e| e.date.as_deref().is_some_and(|d| d >= from && d <= to))
            .count()
    };
    let count = |args: &[&str]| {
        let mut all = vec!["export"];
        all.extend_from_slice(args);
        env.run(all).json().as_array().unwrap().len()
    };
    assert_eq!(
        count(&["--since", "2024", "--until", "2024-08"]),
        dated_in("2024-01-01", "2024-08-31")
    );
    assert_eq!(
        count(&["--since", "2024-03", "--until", "2024"]),
        dated_in("2024-03-01", "2024-12-31")
    );
    assert!(dated_in("2024-01-01", "2024-08-31") > dated_in("2024-03-01", "2024-08-31"));
    // The fixture's newest paper is from 2025, so nothing is from the last week.
    let recent = env.run(["search", "pretraining", "--since", "7d"]);
    assert_eq!(recent.ok(), "");
    assert!(recent.stderr.contains("no papers match"), "{}", recent.stderr);
    env.run(["search", "x", "--since", "2024-13"]).fails(
        2,
        "use YYYY-MM-DD, YYYY-MM, YYYY, today, yesterday, or a span back from today",
    );
    env.run(["list", "--since", "yesterday", "--until", "2024"])
        .fails(2, "is after --until");
}

#[test]
fn entity_names_resolve_alike_in_flags_and_fields_and_unknown_ones_get_suggestions() {
    let env = TestEnv::with_fixture();
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["search"];
        all.extend_from_slice(args);
        all.extend(["--json", "-n", "100"]);
        sorted_ids(&env.run(all).json_array())
    };
    assert_eq!(ids(&["methods:lora"]), ["9a35jcay6v"]);
    assert_eq!(ids(&["pretraining", "--method", "LoRA"]), ["9a35jcay6v"]);
    assert!(!ids(&["pretraining -methods:LoRA"]).contains(&"9a35jcay6v".to_string()));

    let typo = env.run(["search", "pretraining", "--method", "contrastiv"]);
    assert_eq!(typo.ok(), "");
    assert!(
        typo.stderr
            .starts_with("papers: warning: no paper has the method 'contrastiv'; did you mean 'contrastive learning'"),
        "{}",
        typo.stderr
    );
    let unknown = env.run(["export", "--dataset", "zzzzqqq"]);
    assert!(
        unknown
            .stderr
            .contains("no paper has the dataset 'zzzzqqq'; `papers facets --field datasets` lists"),
        "{}",
        unknown.stderr
    );
    let profile = env.run(["profile", "--add-dataset", "imagenett"]);
    assert!(
        profile.stderr.contains("did you mean 'ImageNet'?"),
        "{}",
        profile.stderr
    );
}

/// An index of 300 corpus papers (enough for a latent layer; the bundled fixture's 45 are not),
/// and the path of their dump.
fn corpus_slice() -> (TestEnv, std::path::PathBuf) {
    let env = TestEnv::new();
    let dump = fixtures_dir().join("corpus-slice.txt");
    env.run(["ingest".as_ref(), dump.as_os_str()]).ok();
    (env, dump)
}

/// The dump cut after its `papers`-th paper (each paper's metadata block has a line `·`).
fn first_papers_of(dump: &std::path::Path, papers: usize) -> String {
    let text = std::fs::read_to_string(dump).unwrap();
    let mut seen = 0;
    let mut kept = String::new();
    let mut lines = text.split_inclusive('\n');
    while let Some(line) = lines.next() {
        kept.push_str(line);
        if line.trim_end() == "·" {
            seen += 1;
            if seen == papers {
                kept.push_str(lines.next().unwrap());
                break;
            }
        }
    }
    kept
}

const LAST_PAPER: &str = "DrugGen 2: A disease-aware language model for enhancing drug discovery";

#[test]
fn ingest_learns_the_latent_layer_and_folds_later_papers_in() {
    let env = TestEnv::new();
    let dump = fixtures_dir().join("corpus-slice.txt");
    env.write("first.txt", first_papers_of(&dump, 280));
    env.run(["ingest".as_ref(), env.path("first.txt").as_os_str()]).ok();
    let model = env.index_dir().join("latent.bin");
    assert!(model.exists());
    let latent_titles = |query: &str| titles(&search(&env, &["--ranker", "latent", "--limit", "3", query]));
    assert!(!latent_titles(LAST_PAPER).contains(&LAST_PAPER.to_string()));

    // Twenty more papers (7% growth): folded in with the learned term vectors, not learned again.
    let before = std::fs::read(&model).unwrap();
    env.run(["ingest".as_ref(), dump.as_os_str()]).ok();
    let after = std::fs::read(&model).unwrap();
    assert_ne!(before, after);
    // The header (40 bytes) counts the papers; the term table after it is unchanged.
    assert_eq!(
        before[40..before.len() / 4],
        after[40..before.len() / 4],
        "the term vectors changed"
    );
    assert_eq!(latent_titles(LAST_PAPER)[0], LAST_PAPER);

    // An ingest that changes nothing leaves the model as it is.
    env.run(["ingest".as_ref(), dump.as_os_str()]).ok();
    assert_eq!(std::fs::read(&model).unwrap(), after);
}

#[test]
fn the_latent_layer_is_the_same_for_the_same_papers() {
    let (first, _) = corpus_slice();
    let (second, _) = corpus_slice();
    let read = |env: &TestEnv| std::fs::read(env.index_dir().join("latent.bin")).unwrap();
    assert_eq!(read(&first), read(&second));
}

#[test]
fn a_damaged_latent_layer_leaves_search_lexical_until_the_next_ingest_learns_it_again() {
    let (env, dump) = corpus_slice();
    let query = "process reward model web navigation agents";
    let lexical = titles(&search(&env, &["--ranker", "lexical", query]));
    std::fs::write(env.index_dir().join("latent.bin"), b"papers-latent\0\0\0 garbage").unwrap();
    let run = env.run(["search", "--json", query]);
    assert_eq!(titles(run.json().as_array().unwrap()), lexical);
    assert_eq!(run.stderr, "");
    let run = env.run(["search", "--ranker", "latent", query]);
    assert!(
        run.stderr.contains("the latent layer (latent.bin) cannot be read"),
        "{}",
        run.stderr
    );
    run.ok();
    // `doctor` reports it (exit 1) and `--repair` learns it again.
    let doctor = env.run(["doctor"]);
    assert_eq!(doctor.code, Some(1), "{}", doctor.stdout);
    assert!(
        doctor
            .stdout
            .contains("latent layer  latent.bin cannot be read (damaged)"),
        "{}",
        doctor.stdout
    );
    let repaired = env.run(["doctor", "--repair"]);
    assert!(
        repaired.stdout.contains("learned it again from 300 papers"),
        "{}",
        repaired.stdout
    );
    assert_eq!(env.run(["search", "--ranker", "latent", query]).stderr, "");
    std::fs::write(env.index_dir().join("latent.bin"), b"damaged again").unwrap();

    env.run(["ingest".as_ref(), dump.as_os_str()]).ok();
    let run = env.run(["search", "--ranker", "latent", query]);
    assert_eq!(run.stderr, "");
    let doctor = env.run(["doctor"]);
    assert!(!doctor.stdout.contains("latent.bin"), "{}", doctor.stdout);
}

#[test]
fn a_small_collection_has_no_latent_layer_and_says_so() {
    let env = TestEnv::with_fixture();
    assert!(!env.index_dir().join("latent.bin").exists());
    let run = env.run(["search", "--ranker", "latent", "--json", "speech recognition"]);
    assert!(
        run.stderr
            .contains("the index has no latent layer (it is learned once it holds 100 papers)"),
        "{}",
        run.stderr
    );
    // Ranked by the words instead.
    assert_eq!(
        titles(run.json().as_array().unwrap()),
        titles(&search(&env, &["--ranker", "lexical", "speech recognition"]))
    );
}

#[test]
fn the_latent_ranking_respects_filters() {
    let (env, _) = corpus_slice();
    let hits = search(
        &env,
        &[
            "--ranker",
            "latent",
            "--since",
            "2025-06-01",
            "--limit",
            "20",
            "reinforcement learning reasoning",
        ],
    );
    assert_eq!(hits.len(), 20);
    assert!(hits.iter().all(|h| h["date"].as_str().unwrap() >= "2025-06-01"));
}

#[test]
fn long_queries_rank_by_coverage_of_their_rare_words() {
    let (env, _) = corpus_slice();
    // Eight words, and no paper has them all: the paper holding the rare ones comes first, though
    // others hold more of the common ones.
    let hits = search(
        &env,
        &[
            "--ranker",
            "lexical",
            "--limit",
            "3",
            "paper introduces process reward model navigation improves accuracy",
        ],
    );
    assert_eq!(
        hits[0]["title"],
        "Web-Shepherd: Advancing PRMs for Reinforcing Web Agents"
    );
}

#[test]
fn search_export_list_and_facets_filter_by_status_and_tag() {
    let env = TestEnv::with_fixture();
    env.run(["mark", "f9zw", "4tsh03ckgy", "--as", "starred"]).ok();
    env.run(["mark", "mrap", "--as", "read"]).ok();
    env.run(["tag", "4tsh", "mrap", "survey"]).ok();

    let starred = env
        .run(["search", "pretraining", "--status", "starred", "--json"])
        .json_array();
    assert_eq!(sorted_ids(&starred), ["4tsh03ckgy", "f9zwrgn90s"]);
    let tagged = env.run(["export", "--tag", "survey"]).json_array();
    assert_eq!(sorted_ids(&tagged), ["4tsh03ckgy", "mrapdfhce2"]);
    let both = env.run(["export", "--tag", "survey", "--status", "read"]).json_array();
    assert_eq!(sorted_ids(&both), ["mrapdfhce2"]);
    let undecided = listed(&env, &["--status", "new"]);
    assert_eq!(undecided.len(), FIXTURE_PAPERS - 3);
    assert!(!sorted_ids(&undecided).contains(&"f9zwrgn90s".to_string()));
    let facets = env
        .run(["facets", "--status", "starred", "--field", "year", "--json"])
        .json_array();
    let total: u64 = facets.iter().map(|f| f["count"].as_u64().unwrap()).sum();
    assert_eq!(total, 2);

    let none = env.run(["search", "pretraining", "--tag", "nothing-tagged-so"]);
    assert_eq!(none.ok(), "");
    assert!(none.stderr.contains("no papers match"), "{}", none.stderr);
    let none_listed = env.run(["list", "--tag", "nothing-tagged-so"]);
    assert_eq!(none_listed.ok(), "");
    assert!(none_listed.stderr.contains("no papers match"), "{}", none_listed.stderr);
}
