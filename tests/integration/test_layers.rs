//! The library's layers point only down. Each top-level module of `src/` has a layer; a module
//! may name (`crate::x`) only modules of layers below its own. Clap's derives live only in
//! `cli.rs`. This reads the source itself, so a new upward arrow fails here, where the layer
//! table below (and ARCHITECTURE.md) says why the order is what it is.

use std::path::{Path, PathBuf};

/// Top to bottom. A module may use modules of later rows only.
const LAYERS: &[&[&str]] = &[
    &["main", "lib"],
    &["cmd"],
    &["cli"],
    &["doctor"],
    &["reindex"],
    &["ingest"],
    &["inbox"],
    &["output"],
    &["index", "fetch"],
    &["triage", "dump"],
    &["addresses", "date_input", "query_limits"],
    &["record"],
    &["links"],
    &["extract"],
    &["floor"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|row| row.contains(&module))
}

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to.
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap();
    let first = relative.components().next().unwrap().as_os_str().to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The top-level modules a file's code names through `crate::`, with the line of each; comments
/// are left out (a doc link is not a dependency).
fn crate_references(text: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                // use crate::{a::b, c};
                let inside = group.split('}').next().unwrap_or("");
                for item in inside.split(',') {
                    let name: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        found.push((name, number + 1));
                    }
                }
            } else {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                found.push((name, number + 1));
            }
        }
    }
    found
}

#[test]
fn modules_only_use_layers_below_their_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        let Some(own) = layer_of(&module) else {
            problems.push(format!("src/{module} has no layer in the table"));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for (used, line) in crate_references(&text) {
            if used == module {
                continue;
            }
            match layer_of(&used) {
                Some(layer) if layer > own => {}
                Some(_) => problems.push(format!(
                    "{}:{line}: {module} uses {used}, which is not below it",
                    file.strip_prefix(&src).unwrap().display()
                )),
                None => problems.push(format!(
                    "{}:{line}: crate::{used} is not a module in the table",
                    file.strip_prefix(&src).unwrap().display()
                )),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn clap_derives_live_in_the_cli_module_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let offenders: Vec<String> = files
        .iter()
        .filter(|file| file.file_name().is_some_and(|name| name != "cli.rs"))
        .filter(|file| {
            let text = std::fs::read_to_string(file).unwrap();
            text.split("#[derive(").skip(1).any(|rest| {
                let derives = rest.split(")]").next().unwrap_or("");
                derives
                    .split(',')
                    .map(|name| name.trim().trim_start_matches("clap::"))
                    .any(|name| ["ValueEnum", "Parser", "Args", "Subcommand"].contains(&name))
            })
        })
        .map(|file| file.strip_prefix(&src).unwrap().display().to_string())
        .collect();
    assert!(offenders.is_empty(), "clap derives outside cli.rs: {offenders:?}");
}

#[test]
fn references_are_read_from_code_not_comments() {
    let text = "use crate::{index::PaperIndex, record};\n// crate::cmd is only mentioned\nlet x = crate::floor::exit::Exit::Usage; // crate::cli\n";
    let names: Vec<(String, usize)> = crate_references(text);
    assert_eq!(
        names,
        [
            ("index".to_string(), 1),
            ("record".to_string(), 1),
            ("floor".to_string(), 3)
        ]
    );
}
