//! `papers doctor`: what it finds in healthy and damaged indexes, and what `--repair` fixes.
//! Also the damage no command may answer with a panic: random bytes in any segment file.

use std::path::{Path, PathBuf};

use serde_json::Value;
use tantivy::schema::Value as _;

use crate::util::*;

/// The checks of `papers doctor --json` by name: (verdict, detail).
fn checks(report: &Value) -> Vec<(String, String, String)> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|check| {
            (
                check["check"].as_str().unwrap().to_string(),
                check["verdict"].as_str().unwrap().to_string(),
                check["detail"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn doctor(env: &TestEnv, repair: bool) -> (Option<i32>, Value) {
    let mut args = vec!["doctor", "--json"];
    if repair {
        args.push("--repair");
    }
    let run = env.run(&args);
    (run.code, serde_json::from_str(&run.stdout).unwrap_or(Value::Null))
}

#[test]
fn a_healthy_index_passes_every_check() {
    let env = TestEnv::with_fixture();
    let (code, report) = doctor(&env, false);
    assert_eq!(code, Some(0));
    assert_eq!(report["healthy"], true);
    let names: Vec<String> = checks(&report)
        .into_iter()
        .map(|(name, verdict, _)| format!("{name}:{verdict}"))
        .collect();
    assert_eq!(
        names,
        [
            "marker:ok",
            "segments:ok",
            "duplicates:ok",
            "leftovers:ok",
            "triage state:ok",
            "profile:ok"
        ]
    );
    assert!(checks(&report)[1].2.contains("45 papers"), "{report}");
    let human = env.run(["doctor"]);
    assert!(human
        .ok()
        .starts_with("ok       marker        papers-index.json: a papers index of schema"));
}

/// The id of the fixture's first paper.
fn first_id(env: &TestEnv) -> String {
    id_of(env, "On the Provable Advantage")
}

/// Stores every document of the index a second time, as versions before the writer re-read the
/// committed state after waiting for the lock did (`ingest --wait`).
fn duplicate_every_document(index: &Path) {
    let index = tantivy::Index::open_in_dir(index).unwrap();
    // papers' analyzers are its own; the copies hold no text to analyse, so any will do.
    for (_, entry) in index.schema().fields() {
        if let tantivy::schema::FieldType::Str(options) = entry.field_type() {
            if let Some(indexing) = options.get_indexing_options() {
                index
                    .tokenizers()
                    .register(indexing.tokenizer(), tantivy::tokenizer::SimpleTokenizer::default());
            }
        }
    }
    let searcher = index.reader().unwrap().searcher();
    let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
    let record = index.schema().get_field("record").unwrap();
    let id = index.schema().get_field("id").unwrap();
    for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
        for doc_id in segment.doc_ids_alive() {
            let stored: tantivy::TantivyDocument = searcher
                .doc(tantivy::DocAddress::new(segment_ord as u32, doc_id))
                .unwrap();
            let mut copy = tantivy::TantivyDocument::default();
            copy.add_text(id, stored.get_first(id).unwrap().as_str().unwrap());
            copy.add_text(record, stored.get_first(record).unwrap().as_str().unwrap());
            writer.add_document(copy).unwrap();
        }
    }
    writer.commit().unwrap();
}

#[test]
fn duplicate_records_are_found_and_merged_by_repair() {
    let env = TestEnv::with_fixture();
    let id = first_id(&env);
    env.run(["mark", &id, "--as", "starred"]).ok();
    duplicate_every_document(&env.index_dir());
    let ambiguous = env.run(["show", &id[..6]]);
    assert!(
        ambiguous.stderr.contains(&format!("({id}, {id})")),
        "the damage shows: {}",
        ambiguous.stderr
    );
    let (code, report) = doctor(&env, false);
    assert_eq!(code, Some(1));
    let (_, verdict, detail) = checks(&report)
        .into_iter()
        .find(|(name, ..)| name == "duplicates")
        .unwrap();
    assert_eq!(verdict, "problem");
    assert!(
        detail.starts_with("45 papers stored more than once (45 extra records, e.g. "),
        "{detail}"
    );
    assert!(detail.contains("`papers doctor --repair`"), "{detail}");

    let (code, report) = doctor(&env, true);
    assert_eq!(code, Some(0), "{report}");
    let (_, verdict, detail) = checks(&report)
        .into_iter()
        .find(|(name, ..)| name == "duplicates")
        .unwrap();
    assert_eq!(verdict, "repaired");
    assert!(
        detail.contains("rebuilt 45 papers from their stored records, merging 45 duplicate records"),
        "{detail}"
    );
    assert_eq!(exported_ids(&env, None).len(), FIXTURE_PAPERS);
    assert_eq!(doctor(&env, false).0, Some(0));
    let starred = listed(&env, &["--status", "starred"]);
    assert_eq!(starred.len(), 1, "decisions are kept");
    assert_eq!(starred[0]["id"], id.as_str());
    env.run(["show", &id[..6]]).ok();
    assert_eq!(
        env.run(["search", "--json", "provable advantage"]).json()[0]["title"],
        "On the Provable Advantage of Unsupervised Pretraining"
    );
}

#[test]
fn reindex_merges_duplicates_and_says_so() {
    let env = TestEnv::with_fixture();
    duplicate_every_document(&env.index_dir());
    let run = env.run(["reindex"]);
    run.ok();
    assert!(run.stderr.contains("reindexed 45 papers (schema "), "{}", run.stderr);
    assert!(run.stderr.contains("; 45 duplicate records merged;"), "{}", run.stderr);
    assert_eq!(exported_ids(&env, None).len(), FIXTURE_PAPERS);
}

/// The segment files of an index.
fn segment_files(index: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(index)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_str().unwrap();
            name.len() > 33 && name.as_bytes()[32] == b'.' && name[..32].bytes().all(|b| b.is_ascii_hexdigit())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn leftovers_are_found_and_deleted_by_repair_or_the_next_write() {
    let env = TestEnv::with_fixture();
    let index = env.index_dir();
    let plant = || {
        let real = segment_files(&index)
            .into_iter()
            .find(|f| f.extension().unwrap() == "store")
            .unwrap();
        std::fs::copy(&real, index.join("0123456789abcdef0123456789abcdef.store")).unwrap();
        std::fs::write(index.join("0123456789abcdef0123456789abcdef.7.del"), b"half").unwrap();
        std::fs::write(index.join(".triage.json.999999.tmp"), b"{\"half\": ").unwrap();
    };
    plant();
    std::fs::write(index.join("notes.txt"), b"mine").unwrap();
    let (code, report) = doctor(&env, false);
    assert_eq!(code, Some(1));
    let (_, verdict, detail) = checks(&report)
        .into_iter()
        .find(|(name, ..)| name == "leftovers")
        .unwrap();
    assert_eq!(verdict, "problem");
    assert!(
        detail.starts_with("3 files left by interrupted or failed runs ("),
        "{detail}"
    );
    assert!(detail.contains("0123456789abcdef0123456789abcdef.7.del"), "{detail}");
    let (code, report) = doctor(&env, true);
    assert_eq!(code, Some(0), "{report}");
    assert!(!index.join("0123456789abcdef0123456789abcdef.store").exists());
    assert!(!index.join(".triage.json.999999.tmp").exists());
    assert!(
        index.join("notes.txt").exists(),
        "files papers did not make are never touched"
    );

    // Without the doctor: the next ingest deletes the segment files, the next save the rest.
    plant();
    let renamed = env.write(
        "one.txt",
        fixture_text().replacen("Diffusion Models Beat GANs", "Diffusion Models Still Beat GANs", 1),
    );
    env.run(["ingest".as_ref(), renamed.as_os_str()]).ok();
    assert!(!index.join("0123456789abcdef0123456789abcdef.store").exists());
    assert!(!index.join("0123456789abcdef0123456789abcdef.7.del").exists());
    env.run(["mark", &first_id(&env), "--as", "read"]).ok();
    assert!(!index.join(".triage.json.999999.tmp").exists());
    assert_eq!(doctor(&env, false).0, Some(0));
}

#[test]
fn an_index_of_another_schema_is_rebuilt_by_repair() {
    let env = TestEnv::with_fixture();
    let marker = env.index_dir().join("papers-index.json");
    let text = std::fs::read_to_string(&marker).unwrap();
    let mut value: Value = serde_json::from_str(&text).unwrap();
    value["schema_version"] = Value::from(value["schema_version"].as_u64().unwrap() - 1);
    std::fs::write(&marker, value.to_string()).unwrap();
    let (code, report) = doctor(&env, false);
    assert_eq!(code, Some(1));
    assert!(
        checks(&report)
            .iter()
            .any(|(name, verdict, _)| name == "schema" && verdict == "problem"),
        "{report}"
    );
    let (code, report) = doctor(&env, true);
    assert_eq!(code, Some(0), "{report}");
    env.run(["search", "diffusion"]).ok();
}

/// Deterministic pseudo-random bytes (xorshift), so every run damages the same way.
fn noise(seed: u64, length: usize) -> Vec<u8> {
    let mut state = seed.max(1);
    (0..length)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

#[test]
fn random_bytes_in_any_segment_file_give_one_line_never_a_panic() {
    let clean = TestEnv::with_fixture();
    let id = first_id(&clean);
    let files = segment_files(&clean.index_dir());
    assert_eq!(files.len(), 6, "{files:?}");
    let mut trials = 0;
    let mut named = 0;
    for (file_number, file) in files.iter().enumerate() {
        let size = std::fs::metadata(file).unwrap().len() as usize;
        for (position, at) in [0, size / 4, size / 2, (3 * size) / 4, size.saturating_sub(40)]
            .into_iter()
            .enumerate()
        {
            let env = TestEnv::new();
            copy_dir(&clean.index_dir(), &env.index_dir());
            let damaged = env.index_dir().join(file.file_name().unwrap());
            let mut bytes = std::fs::read(&damaged).unwrap();
            let end = (at + 64).min(bytes.len());
            for (byte, random) in bytes[at..end]
                .iter_mut()
                .zip(noise((file_number * 10 + position) as u64 + 1, 64))
            {
                *byte ^= random | 1;
            }
            std::fs::write(&damaged, bytes).unwrap();
            trials += 1;
            for args in [
                vec!["search", "--json", "diffusion models"],
                vec!["triage", "--json"],
                vec!["export", "--format", "jsonl"],
                vec!["facets", "--field", "topics"],
                vec!["show", &id],
                vec!["list", "--json"],
                vec!["similar", &id],
            ] {
                let run = env.run(&args);
                assert!(
                    matches!(run.code, Some(0) | Some(1)),
                    "{args:?} on damaged {damaged:?}: {run:?}"
                );
                assert!(
                    !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
                    "{run:?}"
                );
                if run.code == Some(1) {
                    assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
                    assert!(run.stderr.starts_with("papers: "), "{}", run.stderr);
                    assert!(
                        run.stderr.contains("damaged") || run.stderr.contains("cannot be read"),
                        "{}",
                        run.stderr
                    );
                }
            }
            let (code, report) = doctor(&env, false);
            assert_eq!(code, Some(1), "doctor finds the damage in {damaged:?}: {report}");
            let name = damaged.file_name().unwrap().to_str().unwrap();
            if report.to_string().contains(name) {
                named += 1;
            }
        }
    }
    assert_eq!(trials, 30);
    assert_eq!(named, trials, "doctor names the damaged file every time");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn an_ingest_into_a_damaged_index_names_the_damage_never_an_internal_error() {
    // Ingest reads the index on its parsing thread (to compare sightings); tantivy panics there
    // on some damaged files.
    let clean = TestEnv::with_fixture();
    let update = clean.write(
        "update.txt",
        fixture_text().replacen("We show that", "We show, revised, that", 1),
    );
    // Eight bytes written at these offsets of the fixture index's column file make tantivy
    // index out of bounds while ingest compares sightings (found by a sweep of the file).
    const DAMAGE: [u8; 8] = [0xc5, 0xd7, 0x14, 0x84, 0xf8, 0xcf, 0x9b, 0xf4];
    let fast = segment_files(&clean.index_dir())
        .into_iter()
        .find(|file| file.extension().unwrap() == "fast")
        .unwrap();
    let mut damage_reported = 0;
    for at in [1016, 1400, 1424, 5784] {
        let env = TestEnv::new();
        copy_dir(&clean.index_dir(), &env.index_dir());
        let damaged = env.index_dir().join(fast.file_name().unwrap());
        let mut bytes = std::fs::read(&damaged).unwrap();
        bytes[at..at + DAMAGE.len()].copy_from_slice(&DAMAGE);
        std::fs::write(&damaged, bytes).unwrap();
        let run = env.run(["ingest".as_ref(), update.as_os_str()]);
        assert!(matches!(run.code, Some(0) | Some(1)), "{damaged:?}: {run:?}");
        assert!(
            !run.stderr.contains("internal error") && !run.stderr.contains("panicked"),
            "at {at}: {}",
            run.stderr
        );
        if run.code == Some(1) {
            assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
            assert!(
                run.stderr.contains(&format!(
                    "{} fail their checksums",
                    fast.file_name().unwrap().to_str().unwrap()
                )),
                "{}",
                run.stderr
            );
            damage_reported += 1;
        }
    }
    assert!(
        damage_reported > 0,
        "the offsets no longer reach the comparison; find new ones with a sweep"
    );
}
