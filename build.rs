//! Tables the built-in lexicon — `vocab/methods.tsv`, `vocab/datasets.tsv` and
//! `vocab/not_entities.tsv` — as Rust statics in `$OUT_DIR/built_in_lexicon.rs`.
//!
//! Why: every search consults the lexicon to expand its query, and parsing the files and hashing
//! some 3,000 forms at each process start was about a millisecond of a 10 ms search. Tabled at
//! compile time, the lexicon costs nothing until its automaton is needed (extraction).

#[path = "src/extract/form_key.rs"]
mod form_key;

use std::fmt::Write as _;
use std::path::Path;

/// One entity as a lexicon file gives it.
struct Row {
    name: String,
    kind: &'static str,
    topic: Option<String>,
    forms: Vec<String>,
    case: &'static str,
}

/// A methods or datasets file: `name`, `aliases` (`|`-separated), `topic`, `case` (`auto`, `ci`,
/// `cs`), after a header line.
fn entity_rows(tsv: &str, kind: &'static str) -> Vec<Row> {
    tsv.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let name = cells[0].to_string();
            let mut forms = vec![name.clone()];
            forms.extend(
                cells
                    .get(1)
                    .unwrap_or(&"")
                    .split('|')
                    .filter(|alias| !alias.is_empty())
                    .map(String::from),
            );
            let topic = cells
                .get(2)
                .filter(|topic| !topic.is_empty())
                .map(|topic| topic.to_string());
            let case = match cells.get(3).copied().unwrap_or("auto") {
                "cs" => "Exact",
                "ci" => "Insensitive",
                _ => "Auto",
            };
            Row {
                name,
                kind,
                topic,
                forms,
                case,
            }
        })
        .collect()
}

/// The file of phrases that contain an entity's name but are not that entity: the first cell
/// of each line after the header.
fn not_entity_rows(tsv: &str) -> Vec<Row> {
    tsv.lines()
        .skip(1)
        .filter_map(|line| line.split('\t').next())
        .filter(|phrase| !phrase.trim().is_empty())
        .map(|phrase| Row {
            name: phrase.to_string(),
            kind: "NotEntity",
            topic: None,
            forms: vec![phrase.to_string()],
            case: "Insensitive",
        })
        .collect()
}

fn read(name: &str) -> String {
    println!("cargo:rerun-if-changed=vocab/{name}");
    let path = Path::new("vocab").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("reading {}: {error}", path.display()))
}

fn main() {
    println!("cargo:rerun-if-changed=src/extract/form_key.rs");
    let mut rows = entity_rows(&read("methods.tsv"), "Method");
    rows.extend(entity_rows(&read("datasets.tsv"), "Dataset"));
    rows.extend(not_entity_rows(&read("not_entities.tsv")));

    let mut code = String::new();
    let count = rows.len();
    writeln!(code, "/// The built-in entities, in lexicon order.").unwrap();
    writeln!(code, "static BUILT_IN: [Entity; {count}] = [").unwrap();
    for row in &rows {
        let topic = row
            .topic
            .as_ref()
            .map_or("None".to_string(), |topic| format!("Some({topic:?})"));
        let forms: Vec<String> = row.forms.iter().map(|form| format!("{form:?}")).collect();
        writeln!(
            code,
            "    Entity {{ name: {:?}, kind: Kind::{}, topic: {topic}, forms: &[{}] }},",
            row.name,
            row.kind,
            forms.join(", ")
        )
        .unwrap();
    }
    writeln!(code, "];").unwrap();
    writeln!(code, "/// How each built-in entity's forms match case.").unwrap();
    writeln!(code, "static BUILT_IN_CASES: [CaseRule; {count}] = [").unwrap();
    for row in &rows {
        writeln!(code, "    CaseRule::{},", row.case).unwrap();
    }
    writeln!(code, "];").unwrap();
    let mut keys: Vec<(u64, usize)> = rows
        .iter()
        .enumerate()
        .flat_map(|(index, row)| row.forms.iter().map(move |form| (form_key::form_key_hash(form), index)))
        .collect();
    keys.sort_unstable();
    writeln!(
        code,
        "/// (hash of a form's key, entity) for every built-in form, sorted."
    )
    .unwrap();
    writeln!(code, "static BUILT_IN_KEYS: [(u64, usize); {}] = [", keys.len()).unwrap();
    for (hash, index) in keys {
        writeln!(code, "    ({hash:#018x}, {index}),").unwrap();
    }
    writeln!(code, "];").unwrap();

    let out = Path::new(&std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("built_in_lexicon.rs");
    std::fs::write(&out, code).unwrap_or_else(|error| panic!("writing {}: {error}", out.display()));
}
