//! Checking a data directory — the index and the triage state and profile beside it — and
//! repairing what can be repaired without losing anything a user made: `papers doctor`.
//!
//! It sits above both the index and triage because its checks concern the directory as a whole
//! (a leftover may be a temporary file of either, and is only certainly one while neither the
//! index's writer nor the state's writer can be running).
//!
//! The checks work below [`PaperIndex::open`](crate::index::PaperIndex::open), on the files themselves,
//! so a damaged index can still be examined: the marker, tantivy's segment list (`meta.json`), the
//! files it lists and their checksums, papers stored more than once, files nobody refers to any
//! more (left by a crash or a full disk), and the triage state and profile beside the index.
//!
//! Repairs are the ones that cannot lose a paper or a decision: duplicate records are merged and
//! an index of another schema rebuilt (both by `reindex`, which keeps every stored record and
//! every id), and leftovers are deleted — only while holding both the writer lock and the state
//! lock, so no running `papers` process can be the one still writing them. Damaged segment files
//! or a lost `meta.json` are reported with the way out, never "repaired" by dropping papers.

use std::path::Path;

use anyhow::Context;
use tantivy::directory::error::LockError;
use tantivy::{Index, TantivyDocument, TantivyError};

use crate::floor::atomic_file::temporary_target;
use crate::floor::data_dir;
use crate::index::files::{files_of_meta, is_segment_file, required_files_of_meta};
use crate::index::marker::{read_marker, MARKER_FILE};
use crate::index::read_only::{is_unwritable, ReadOnlyDirectory};
use crate::index::{failure, field_names as names, TANTIVY_META_FILE};
use crate::triage::{self, Profile, StateLock, TriageState};

/// `papers doctor --json`: the index checked, whether it is healthy now, and every finding.
#[derive(serde::Serialize)]
pub struct JsonReport<'a> {
    pub index: String,
    pub healthy: bool,
    pub checks: &'a [Finding],
}

/// How one check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Ok,
    Problem,
    Repaired,
}

/// The outcome of one check.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Finding {
    pub check: &'static str,
    pub verdict: Verdict,
    pub detail: String,
}

impl Finding {
    fn ok(check: &'static str, detail: impl Into<String>) -> Finding {
        Finding {
            check,
            verdict: Verdict::Ok,
            detail: detail.into(),
        }
    }

    fn problem(check: &'static str, detail: impl Into<String>) -> Finding {
        Finding {
            check,
            verdict: Verdict::Problem,
            detail: detail.into(),
        }
    }

    fn repaired(check: &'static str, detail: impl Into<String>) -> Finding {
        Finding {
            check,
            verdict: Verdict::Repaired,
            detail: detail.into(),
        }
    }
}

/// Checks the index at `path`, repairing what can be repaired when `repair` is set. Fails only
/// when `path` is not a papers index at all; everything else is a finding.
pub fn examine(path: &Path, repair: bool) -> anyhow::Result<Vec<Finding>> {
    let marker = read_marker(path)?;
    let mut findings = Vec::new();
    let mut needs_rebuild = None;
    if marker.schema_version == crate::index::SCHEMA_VERSION {
        findings.push(Finding::ok(
            "marker",
            format!("{MARKER_FILE}: a papers index of schema {}", marker.schema_version),
        ));
    } else {
        needs_rebuild = Some(format!(
            "built with schema {}, this version reads {}",
            marker.schema_version,
            crate::index::SCHEMA_VERSION
        ));
    }

    let segment_files_on_disk = crate::index::files::segment_files(path)?;
    if !path.join(TANTIVY_META_FILE).exists() {
        if segment_files_on_disk.is_empty() {
            findings.push(Finding::ok("segments", "no papers yet (nothing ingested)"));
        } else {
            findings.push(Finding::problem(
                "segments",
                format!(
                    "{TANTIVY_META_FILE} is missing but {} segment files are here: their papers cannot be read; \
                     restore {TANTIVY_META_FILE} from a backup, or move the directory away and ingest your dumps again",
                    segment_files_on_disk.len()
                ),
            ));
        }
        findings.extend(check_state_files(path));
        return Ok(findings);
    }

    let read_only = is_unwritable(path);
    let opened = if read_only {
        ReadOnlyDirectory::open(path).and_then(Index::open)
    } else {
        Index::open_in_dir(path)
    };
    let (index, meta) = match opened.and_then(|index| index.load_metas().map(|meta| (index, meta))) {
        Ok(opened) => opened,
        Err(error) => {
            findings.push(Finding::problem(
                "segments",
                format!("{:#}", failure::damaged(path, &error)),
            ));
            findings.extend(check_state_files(path));
            return Ok(findings);
        }
    };
    let listed = required_files_of_meta(&meta);
    let missing: Vec<&String> = listed.iter().filter(|file| !path.join(file).exists()).collect();
    let damaged = if missing.is_empty() {
        match crate::floor::panics::catching(|| index.validate_checksum()) {
            Ok(Ok(files)) => {
                let mut files: Vec<String> = files.iter().map(|file| file.display().to_string()).collect();
                files.sort();
                files
            }
            Ok(Err(error)) => vec![format!("{:#}", failure::damaged(path, &error))],
            Err(report) => vec![format!("checking them stopped: {}", report.message)],
        }
    } else {
        Vec::new()
    };
    let segments_sound = missing.is_empty() && damaged.is_empty();
    if !missing.is_empty() {
        findings.push(Finding::problem(
            "segments",
            format!(
                "{} of the {} files {TANTIVY_META_FILE} lists are missing ({}); ingest your dumps again into a new --index directory",
                missing.len(),
                listed.len(),
                brief_list(&missing)
            ),
        ));
    } else if !damaged.is_empty() {
        findings.push(Finding::problem(
            "segments",
            format!(
                "damaged: {} fail their checksums; `papers reindex` rebuilds from the stored records if they \
                 can still be read, otherwise ingest your dumps again into a new --index directory",
                brief_list(&damaged)
            ),
        ));
    } else {
        let papers: u64 = meta.segments.iter().map(|segment| u64::from(segment.num_docs())).sum();
        findings.push(Finding::ok(
            "segments",
            format!(
                "{} segment{}, {papers} paper{}, {} files, checksums match",
                meta.segments.len(),
                plural(meta.segments.len() as u64),
                plural(papers),
                listed.len()
            ),
        ));
    }

    if segments_sound {
        match crate::floor::panics::catching(|| duplicate_ids(&index)) {
            Ok(Ok(duplicates)) if duplicates.is_empty() => {
                findings.push(Finding::ok("duplicates", "every paper is stored once"));
            }
            Ok(Ok(duplicates)) => {
                let extra: u64 = duplicates.iter().map(|(_, copies)| u64::from(*copies) - 1).sum();
                let examples: Vec<&String> = duplicates.iter().map(|(id, _)| id).take(3).collect();
                let detail = format!(
                    "{} paper{} stored more than once ({extra} extra record{}, e.g. {})",
                    duplicates.len(),
                    plural(duplicates.len() as u64),
                    plural(extra),
                    brief_list(&examples)
                );
                if needs_rebuild.is_none() {
                    needs_rebuild = Some(detail);
                } else {
                    findings.push(Finding::problem("duplicates", detail));
                }
            }
            Ok(Err(error)) => findings.push(Finding::problem("duplicates", format!("{error:#}"))),
            Err(report) => findings.push(Finding::problem(
                "duplicates",
                format!("reading the ids stopped ({}); the index is damaged", report.message),
            )),
        }
    }

    let rebuild_due = needs_rebuild.is_some();
    if let Some(reason) = needs_rebuild {
        let check = if reason.starts_with("built with") {
            "schema"
        } else {
            "duplicates"
        };
        if repair && segments_sound && !read_only {
            let report = crate::reindex::reindex(path)?.rebuild;
            findings.push(Finding::repaired(
                check,
                format!(
                    "{reason}; rebuilt {} paper{} from their stored records{}",
                    report.papers,
                    plural(report.papers),
                    if report.merged > 0 {
                        format!(", merging {} duplicate record{}", report.merged, plural(report.merged))
                    } else {
                        String::new()
                    }
                ),
            ));
        } else {
            findings.push(Finding::problem(
                check,
                format!(
                    "{reason}; `papers doctor --repair` (or `papers reindex`) rebuilds the index with each paper once"
                ),
            ));
        }
    }

    if read_only {
        findings.extend(read_only_leftovers(path, &meta)?);
    } else {
        findings.extend(check_leftovers(path, repair)?);
    }
    findings.extend(check_unfiled_names(path, repair && !read_only));
    // A rebuild learns the layer again anyway.
    if segments_sound && !rebuild_due {
        findings.extend(check_latent_layer(path, repair && !read_only));
    }
    findings.extend(check_state_files(path));
    Ok(findings)
}

/// The latent layer beside the index (`latent.bin`): reported when the index holds papers enough
/// for one and it is missing or cannot be read, so that searches rank by words alone; learned
/// again on repair. Nothing is said when it is there, or the index is too small for one.
fn check_latent_layer(path: &Path, repair: bool) -> Vec<Finding> {
    const CHECK: &str = "latent layer";
    let Ok(index) = crate::index::PaperIndex::open(path) else {
        // The checks above report an index that cannot be opened.
        return Vec::new();
    };
    let papers = index.searcher().num_docs();
    if papers < crate::index::LATENT_MIN_PAPERS || index.latent_model().is_some() {
        return Vec::new();
    }
    let file = data_dir::LATENT_FILE;
    let state = if path.join(file).exists() {
        "cannot be read (damaged)"
    } else {
        "is missing"
    };
    if !repair {
        return vec![Finding::problem(
            CHECK,
            format!(
                "{file} {state}: searches rank by words alone until the next ingest, `papers reindex` or \
                 `papers doctor --repair` learns it again"
            ),
        )];
    }
    match index.fit_latent() {
        Ok(_) => vec![Finding::repaired(
            CHECK,
            format!("{file} {state}; learned it again from {papers} papers"),
        )],
        Err(error) => vec![Finding::problem(CHECK, format!("{error:#}"))],
    }
}

/// Names an ingest taught the index but stopped before filing on the papers that mention them
/// (the baseline it left, [`crate::index::FiledNames`]): reported, and filed on repair. Nothing
/// is said when there is none, the usual case.
fn check_unfiled_names(path: &Path, repair: bool) -> Vec<Finding> {
    const CHECK: &str = "learned names";
    if !path.join(data_dir::UNFILED_FILE).exists() {
        return Vec::new();
    }
    let writing = || {
        Index::open_in_dir(path).is_ok_and(|index| {
            matches!(
                index.writer_with_num_threads::<TantivyDocument>(1, 15_000_000),
                Err(TantivyError::LockFailure(LockError::LockBusy, _))
            )
        })
    };
    if !repair {
        if writing() {
            return vec![Finding::ok(
                CHECK,
                "not checked: another papers process is writing to the index",
            )];
        }
        return vec![Finding::problem(
            CHECK,
            "an ingest stopped before filing the names it learned on the papers that mention them; \
             the next ingest files them, or `papers doctor --repair`",
        )];
    }
    let filed = crate::index::PaperIndex::open(path)
        .and_then(|index| index.file_names_since(&index.unfiled_baseline()?.unwrap_or_default()));
    match filed {
        Ok((names, papers)) => vec![Finding::repaired(
            CHECK,
            format!(
                "filed {names} name{} an interrupted ingest learned on {papers} paper{}",
                plural(names),
                plural(papers)
            ),
        )],
        Err(error) => match error.downcast_ref::<crate::index::IndexError>() {
            Some(crate::index::IndexError::Busy(_)) => {
                vec![Finding::ok(
                    CHECK,
                    "not filed: another papers process is writing to the index",
                )]
            }
            _ => vec![Finding::problem(CHECK, format!("{error:#}"))],
        },
    }
}

/// Ids stored by more than one live document, with how many documents each has.
fn duplicate_ids(index: &Index) -> anyhow::Result<Vec<(String, u32)>> {
    let id_field = index
        .schema()
        .get_field(names::ID)
        .context("the index has no id field")?;
    let searcher = index.reader().context("opening the index for reading")?.searcher();
    let copies = crate::index::learning::live_term_counts(&searcher, id_field)?;
    let mut duplicates: Vec<(String, u32)> = copies
        .into_iter()
        .filter(|(_, count)| *count > 1)
        .map(|(id, count)| {
            (
                String::from_utf8_lossy(&id).into_owned(),
                u32::try_from(count).unwrap_or(u32::MAX),
            )
        })
        .collect();
    duplicates.sort();
    Ok(duplicates)
}

/// Files nobody refers to any more: segment files the segment list does not name, temporary files
/// of interrupted writes, a rebuild's staging directory. They are only certain leftovers while no
/// other papers process writes, so both locks are taken first; with `repair`, they are deleted.
fn check_leftovers(path: &Path, repair: bool) -> anyhow::Result<Vec<Finding>> {
    let index = match Index::open_in_dir(path) {
        Ok(index) => index,
        Err(_) => return Ok(Vec::new()),
    };
    let writer: tantivy::IndexWriter<TantivyDocument> = match index.writer_with_num_threads(1, 15_000_000) {
        Ok(writer) => writer,
        Err(TantivyError::LockFailure(LockError::LockBusy, _)) => {
            return Ok(vec![Finding::ok(
                "leftovers",
                "not checked: another papers process is writing to the index",
            )]);
        }
        Err(error) => {
            return Ok(vec![Finding::problem(
                "leftovers",
                format!("{:#}", failure::explain(path, "checking", &error)),
            )])
        }
    };
    let state_lock = StateLock::acquire(path)?;
    // What tantivy itself knows to be garbage goes first (this deletes it when repairing; when
    // only checking, the same files are found below).
    if repair {
        let _ = writer.garbage_collect_files().wait();
    }
    let meta = index.load_metas().map_err(|error| failure::damaged(path, &error))?;
    let leftovers = leftovers_in(path, &meta)?;
    let Some(what) = leftovers_summary(&leftovers) else {
        return Ok(vec![no_leftovers()]);
    };
    if !repair {
        return Ok(vec![Finding::problem(
            "leftovers",
            format!("{what}; `papers doctor --repair` deletes them"),
        )]);
    }
    for (name, _) in &leftovers {
        let leftover = path.join(name);
        let removed = if leftover.is_dir() {
            std::fs::remove_dir_all(&leftover)
        } else {
            std::fs::remove_file(&leftover)
        };
        removed.with_context(|| format!("deleting {}", leftover.display()))?;
    }
    drop(state_lock);
    drop(writer);
    Ok(vec![Finding::repaired("leftovers", format!("deleted {what}"))])
}

/// The files in `path` that the segment list `meta` does not account for and that only an
/// interrupted run leaves: segment files it does not name, temporary files of atomic writes, a
/// rebuild's staging directory. With their sizes.
fn leftovers_in(path: &Path, meta: &tantivy::IndexMeta) -> anyhow::Result<Vec<(String, u64)>> {
    let living = files_of_meta(meta);
    let mut leftovers = Vec::new();
    for entry in std::fs::read_dir(path).with_context(|| format!("reading {}", path.display()))? {
        let entry = entry.with_context(|| format!("reading {}", path.display()))?;
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        let orphan_segment = is_segment_file(&name) && !living.contains(&name);
        let orphan_temporary = temporary_target(&name).is_some_and(is_own_file);
        let staging = name == crate::index::rebuild::STAGING_DIR;
        if orphan_segment || orphan_temporary || staging {
            leftovers.push((name, size_of(&entry.path())));
        }
    }
    Ok(leftovers)
}

/// Leftovers of an index that cannot be written here: found (no writer can be running on a
/// read-only file system), but not removable.
fn read_only_leftovers(path: &Path, meta: &tantivy::IndexMeta) -> anyhow::Result<Vec<Finding>> {
    let leftovers = leftovers_in(path, meta)?;
    let Some(what) = leftovers_summary(&leftovers) else {
        return Ok(vec![no_leftovers()]);
    };
    Ok(vec![Finding::problem(
        "leftovers",
        format!("{what}; the file system is read-only here: mount it read-write and run `papers doctor --repair`"),
    )])
}

fn no_leftovers() -> Finding {
    Finding::ok("leftovers", "no files left behind by interrupted runs")
}

/// "3 files left by interrupted or failed runs (1.2 MB, a, b, c)", or `None` when there are none.
fn leftovers_summary(leftovers: &[(String, u64)]) -> Option<String> {
    if leftovers.is_empty() {
        return None;
    }
    let bytes: u64 = leftovers.iter().map(|(_, size)| size).sum();
    let names: Vec<&String> = leftovers.iter().map(|(name, _)| name).collect();
    Some(format!(
        "{} file{} left by interrupted or failed runs ({}, {})",
        leftovers.len(),
        plural(leftovers.len() as u64),
        human_bytes(bytes),
        brief_list(&names)
    ))
}

/// True for the files papers and tantivy replace atomically in an index directory.
fn is_own_file(name: &str) -> bool {
    data_dir::ATOMICALLY_REPLACED.contains(&name)
}

/// The triage state and the profile: do they read, and is every interest query searchable.
fn check_state_files(path: &Path) -> Vec<Finding> {
    let mut findings = Vec::new();
    findings.push(match TriageState::load(path) {
        Ok(_) if !path.join(triage::STATE_FILE).exists() => Finding::ok("triage state", "no decisions yet"),
        Ok(state) => Finding::ok(
            "triage state",
            format!("{}: {} paper{} with decisions", triage::STATE_FILE, state.ids().count(), plural(state.ids().count() as u64)),
        ),
        Err(error) => Finding::problem(
            "triage state",
            format!("{error:#}; `papers state import` of an export restores it (papers never rewrites it while it is damaged)"),
        ),
    });
    findings.push(match Profile::load(path) {
        Ok(_) if !Profile::path(path).exists() => Finding::ok("profile", "no profile yet"),
        Ok(profile) => match profile.validate() {
            Ok(()) => {
                let interests = profile.topics.len()
                    + profile.methods.len()
                    + profile.datasets.len()
                    + profile.queries.len()
                    + profile.exclude.len();
                Finding::ok(
                    "profile",
                    format!(
                        "{}: {interests} interest{}",
                        triage::profile::PROFILE_FILE,
                        plural(interests as u64)
                    ),
                )
            }
            Err(problem) => Finding::problem(
                "profile",
                format!(
                    "{problem:#}; fix it with `papers profile --remove` or by editing {}",
                    Profile::path(path).display()
                ),
            ),
        },
        Err(error) => Finding::problem("profile", format!("{error:#}")),
    });
    findings
}

fn size_of(path: &Path) -> u64 {
    if path.is_dir() {
        std::fs::read_dir(path)
            .map(|entries| entries.flatten().map(|entry| size_of(&entry.path())).sum())
            .unwrap_or(0)
    } else {
        std::fs::metadata(path).map_or(0, |metadata| metadata.len())
    }
}

fn human_bytes(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{:.1} GiB", b as f64 / f64::from(1u32 << 30)),
        b if b >= 1 << 20 => format!("{:.1} MiB", b as f64 / f64::from(1u32 << 20)),
        b if b >= 1 << 10 => format!("{:.1} KiB", b as f64 / f64::from(1u32 << 10)),
        b => format!("{b} bytes"),
    }
}

/// Up to three names, then how many more.
fn brief_list<T: AsRef<str>>(names: &[T]) -> String {
    let shown: Vec<&str> = names.iter().take(3).map(AsRef::as_ref).collect();
    match names.len() {
        n if n > 3 => format!("{} and {} more", shown.join(", "), n - 3),
        _ => shown.join(", "),
    }
}

fn plural(count: u64) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_lists_read_well() {
        assert_eq!(human_bytes(512), "512 bytes");
        assert_eq!(human_bytes(36 << 20), "36.0 MiB");
        assert_eq!(brief_list(&["a", "b"]), "a, b");
        assert_eq!(brief_list(&["a", "b", "c", "d", "e"]), "a, b, c and 2 more");
    }
}
