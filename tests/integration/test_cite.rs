//! `papers cite` and the citation formats of `papers export`: BibTeX that a BibTeX parser reads
//! back to the same facts, RIS and CSL-JSON with the same facts, selection by id, status or tag.

use serde_json::Value;

use crate::util::*;

/// The API sample (author names and arXiv ids) with a title full of BibTeX's special characters.
fn env_with_api_papers() -> TestEnv {
    let env = TestEnv::new();
    let mut entries: Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures_dir().join("renderings/api.json")).unwrap()).unwrap();
    let title = "Braces {unbalanced and 100% \\emph{C} & $x_1^2$ ~ #1";
    entries[0]["title"] = Value::String(title.to_string());
    entries[0]["paper"]["title"] = Value::String(title.to_string());
    let path = env.write("api.json", serde_json::to_vec(&entries).unwrap());
    env.run(["ingest".as_ref(), path.as_os_str()]).ok();
    env
}

#[test]
fn bibtex_round_trips_through_a_bibtex_parser() {
    let env = env_with_api_papers();
    let papers = exported_records(&env, &[]);
    let ids: Vec<&str> = papers.iter().map(|p| p["id"].as_str().unwrap()).collect();
    let run = env.run(["cite"].iter().copied().chain(ids.iter().copied()));
    let bibliography = biblatex::Bibliography::parse(run.ok()).expect("the output parses as BibTeX");
    assert_eq!(bibliography.len(), 3);
    let keys: Vec<&str> = bibliography.iter().map(|entry| entry.key.as_str()).collect();
    assert_eq!(keys, ["ma2024shapesplat", "ge2023braces", "wang2022language"]);
    for (paper, entry) in papers.iter().zip(bibliography.iter()) {
        use biblatex::ChunksExt;
        assert_eq!(
            entry.title().unwrap().format_verbatim(),
            paper["title"].as_str().unwrap(),
            "{}",
            entry.key
        );
        let authors = entry.author().unwrap();
        let names: Vec<String> = authors
            .iter()
            .map(|person| {
                let family = [person.prefix.as_str(), person.name.as_str()].join(" ");
                format!("{} {}", person.given_name, family.trim())
            })
            .collect();
        let expected: Vec<&str> = paper["author_names"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap())
            .collect();
        assert_eq!(names, expected, "{}", entry.key);
        let arxiv = paper["arxiv_id"].as_str().unwrap();
        assert_eq!(entry.get("eprint").unwrap().format_verbatim(), arxiv);
        assert_eq!(
            entry.doi().unwrap(),
            format!("10.48550/arXiv.{arxiv}"),
            "the DOI arXiv registers for every paper"
        );
        assert_eq!(entry.url().unwrap(), format!("https://arxiv.org/abs/{arxiv}"));
    }
}

#[test]
fn export_writes_the_same_citations_for_a_query() {
    let env = env_with_api_papers();
    let cited = env.run(["cite", "--format", "ris", "f9zwrgn90s"]);
    let exported = env.run(["export", "ShapeSplat", "--format", "ris"]);
    assert_eq!(cited.ok(), exported.ok());
    let lines: Vec<&str> = cited.ok().split("\r\n").collect();
    assert_eq!(
        &lines[..4],
        [
            "TY  - UNPB",
            "ID  - ma2024shapesplat",
            "TI  - ShapeSplat: A Large-scale Dataset of Gaussian Splats and Their Self-Supervised Pretraining",
            "AU  - Ma, Qi"
        ]
    );
    assert!(lines.contains(&"DO  - 10.48550/arXiv.2408.10906"));
    assert_eq!(lines.iter().filter(|l| l.starts_with("AU  - ")).count(), 8);
    assert!(cited.ok().ends_with("ER  - \r\n\r\n"));

    let csl = env.run(["export", "--format", "csl-json"]).json();
    let items = csl.as_array().unwrap();
    assert_eq!(items.len(), 3);
    let shape = items.iter().find(|item| item["id"] == "ma2024shapesplat").unwrap();
    assert_eq!(shape["author"][0], serde_json::json!({"family": "Ma", "given": "Qi"}));
    assert_eq!(shape["issued"]["date-parts"], serde_json::json!([[2024, 8]]));
    assert_eq!(shape["DOI"], "10.48550/arXiv.2408.10906");
}

#[test]
fn papers_are_cited_by_status_and_tag() {
    let env = env_with_api_papers();
    env.run(["mark", "f9zwrgn90s", "19q5", "--as", "starred"]).ok();
    env.run(["tag", "19q5", "thesis"]).ok();
    let starred = env.run(["cite", "--status", "starred"]);
    let keys: Vec<&str> = starred.ok().lines().filter_map(|l| l.strip_prefix("@misc{")).collect();
    assert_eq!(keys, ["wang2022language,", "ma2024shapesplat,"]);
    let tagged = env.run(["cite", "--tag", "thesis", "--status", "starred"]);
    let keys: Vec<&str> = tagged.ok().lines().filter_map(|l| l.strip_prefix("@misc{")).collect();
    assert_eq!(keys, ["wang2022language,"]);
    let none = env.run(["cite", "--tag", "nothing"]);
    assert_eq!(none.ok(), "");
    assert!(none.stderr.contains("no papers match"), "{}", none.stderr);
    env.run(["cite"]).fails(2, "--status");
}

#[test]
fn a_saved_page_without_author_names_is_cited_without_invented_ones() {
    let env = TestEnv::with_fixture();
    let bibtex = env.run(["cite", "mrapdfhce2"]);
    let bibliography = biblatex::Bibliography::parse(bibtex.ok()).unwrap();
    let entry = bibliography.iter().next().unwrap();
    assert!(entry.author().is_err(), "{}", bibtex.stdout);
    assert!(
        bibtex.stdout.starts_with("@misc{attentioninfluence2025,\n"),
        "{}",
        bibtex.stdout
    );
    assert!(bibtex.stdout.contains("  year = {2025},\n"), "{}", bibtex.stdout);
    // No arXiv id and no paper page: no address rather than a search.
    assert!(!bibtex.stdout.contains("url = "), "{}", bibtex.stdout);
}
