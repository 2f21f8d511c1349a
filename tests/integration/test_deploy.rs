//! `export --format ndjson|bulk` and the search-engine configurations in `deploy/`: every exported
//! document of the fixture fits the Quickwit doc mapping and the OpenSearch mapping exactly (no
//! unknown field, every value of the declared type), and the mappings mirror the local schema.

use std::path::Path;

use serde_json::Value;

use crate::util::*;

fn deploy_file(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy").join(path)).unwrap()
}

fn export_lines(env: &TestEnv, format: &str) -> Vec<Value> {
    env.run(["export", "--format", format]).json_lines()
}

fn is_rfc3339_midnight(value: &Value) -> bool {
    value.as_str().is_some_and(|text| {
        text.len() == 20
            && text.ends_with("T00:00:00Z")
            && time::Date::parse(&text[..10], time::macros::format_description!("[year]-[month]-[day]")).is_ok()
    })
}

/// Checks a value against a Quickwit field type; null stands for a missing value.
fn fits_quickwit(kind: &str, value: &Value) -> bool {
    if value.is_null() {
        return true;
    }
    match kind {
        "text" => value.is_string(),
        "array<text>" => value.as_array().is_some_and(|items| items.iter().all(Value::is_string)),
        "u64" => value.is_u64(),
        "bool" => value.is_boolean(),
        "datetime" => is_rfc3339_midnight(value),
        other => panic!("the test does not know Quickwit type {other}"),
    }
}

/// Checks a value against an OpenSearch field type; arrays of the type are allowed, as there.
fn fits_opensearch(kind: &str, value: &Value) -> bool {
    if value.is_null() {
        return true;
    }
    if let Some(items) = value.as_array() {
        return items.iter().all(|item| !item.is_array() && fits_opensearch(kind, item));
    }
    match kind {
        "keyword" | "text" => value.is_string(),
        "integer" => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        "short" => value.as_i64().is_some_and(|n| i16::try_from(n).is_ok()),
        "boolean" => value.is_boolean(),
        "date" => is_rfc3339_midnight(value),
        other => panic!("the test does not know OpenSearch type {other}"),
    }
}

/// The fixture, three of its papers enriched from the API's JSON (arXiv ids, author names,
/// repositories, stars, comments), so every field of a document has a value somewhere.
fn with_enriched_papers() -> TestEnv {
    let env = TestEnv::with_fixture();
    let api = fixtures_dir().join("renderings").join("api.json");
    env.run(["ingest".as_ref(), api.as_os_str()]).ok();
    let documents = export_lines(&env, "ndjson");
    assert!(documents
        .iter()
        .any(|d| d["stars"] == 44 && d["arxiv_id"] == "2408.10906"));
    env
}

#[test]
fn exported_documents_fit_the_quickwit_doc_mapping() {
    let env = with_enriched_papers();
    let documents = export_lines(&env, "ndjson");
    assert_eq!(documents.len(), FIXTURE_PAPERS);
    let config: serde_yaml_ng::Value = serde_yaml_ng::from_str(&deploy_file("quickwit/papers-index.yaml")).unwrap();
    assert_eq!(config["index_id"].as_str(), Some("papers"));
    assert_eq!(config["doc_mapping"]["mode"].as_str(), Some("strict"));
    let fields: Vec<(String, String)> = config["doc_mapping"]["field_mappings"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|field| {
            (
                field["name"].as_str().unwrap().to_string(),
                field["type"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for document in &documents {
        let object = document.as_object().unwrap();
        for (name, value) in object {
            let Some((_, kind)) = fields.iter().find(|(field, _)| field == name) else {
                panic!("field {name} is not in the Quickwit doc mapping");
            };
            assert!(fits_quickwit(kind, value), "{name}: {value} is not a Quickwit {kind}");
        }
        assert_eq!(object.len(), fields.len(), "every mapped field is in every document");
    }
    // The mapping mirrors the local analyzers where Quickwit allows.
    let tokenizer = |name: &str| {
        config["doc_mapping"]["field_mappings"]
            .as_sequence()
            .unwrap()
            .iter()
            .find(|field| field["name"].as_str() == Some(name))
            .and_then(|field| field["tokenizer"].as_str())
            .map(str::to_string)
    };
    for name in ["title", "abstract", "entities"] {
        assert_eq!(tokenizer(name).as_deref(), Some("en_stem"), "{name}");
    }
    for name in ["topics", "methods", "datasets"] {
        assert_eq!(tokenizer(name).as_deref(), Some("raw_lowercase"), "{name}");
    }
    // Spot check one document's values.
    let shapesplat = documents.iter().find(|d| d["id"] == "f9zwrgn90s").unwrap();
    assert_eq!(shapesplat["date"], "2024-08-20T00:00:00Z");
    assert_eq!(shapesplat["year"], 2024);
    assert_eq!(shapesplat["upvotes"], 2);
    assert_eq!(shapesplat["has_code"], true, "the API named its repository");
    assert_eq!(
        shapesplat["github"],
        "https://github.com/qimaqi/ShapeSplat-Gaussian_MAE"
    );
    assert_eq!(shapesplat["author_names"][0], "Qi Ma");
    assert_eq!(shapesplat["entities"][0], shapesplat["methods"][0]);
}

#[test]
fn bulk_bodies_fit_the_opensearch_mapping() {
    let env = with_enriched_papers();
    let lines = export_lines(&env, "bulk");
    assert_eq!(lines.len(), 2 * FIXTURE_PAPERS, "an action line before each document");
    let index: Value = serde_json::from_str(&deploy_file("opensearch/papers-index.json")).unwrap();
    let mappings = &index["mappings"];
    assert_eq!(mappings["dynamic"], "strict");
    let properties = mappings["properties"].as_object().unwrap();
    let analyzers = index["settings"]["analysis"]["analyzer"].as_object().unwrap();
    let normalizers = index["settings"]["analysis"]["normalizer"].as_object().unwrap();
    for (name, property) in properties {
        for key in ["analyzer", "search_analyzer"] {
            if let Some(analyzer) = property[key].as_str() {
                assert!(analyzers.contains_key(analyzer), "{name} uses undefined {analyzer}");
            }
        }
        if let Some(normalizer) = property["normalizer"].as_str() {
            assert!(
                normalizers.contains_key(normalizer),
                "{name} uses undefined {normalizer}"
            );
        }
    }
    for pair in lines.chunks(2) {
        let (action, document) = (&pair[0], &pair[1]);
        assert_eq!(
            action["index"]["_id"], document["id"],
            "the action indexes the document by id"
        );
        assert_eq!(action.as_object().unwrap().len(), 1);
        let object = document.as_object().unwrap();
        assert_eq!(
            object.len(),
            properties.len(),
            "every mapped field is in every document"
        );
        for (name, value) in object {
            let Some(property) = properties.get(name) else {
                panic!("field {name} is not in the OpenSearch mapping (dynamic: strict would reject it)");
            };
            let kind = property["type"].as_str().unwrap();
            assert!(
                fits_opensearch(kind, value),
                "{name}: {value} is not an OpenSearch {kind}"
            );
        }
    }
}
