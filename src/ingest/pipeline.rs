//! The ingest pipeline behind `papers ingest` and `papers pull`: dumps parsed, compared with the
//! committed index, extracted and upserted in one commit; then the names they teach filed, the
//! latent layer refreshed, and the new papers counted for the inbox's summary.
//!
//! Why a pipeline: parsing, the comparison and extraction run on their own thread while the
//! indexing thread writes, so a first ingest keeps both cores busy, and papers the index already
//! holds unchanged are only counted — never extracted or rewritten — so a daily re-ingest of
//! overlapping dumps costs little.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc};

use anyhow::anyhow;

use super::inputs::{parse_inputs_counting, total_input_size};
use crate::dump::ParseOptions;
use crate::floor::beside::beside;
use crate::floor::interrupt::{self, Interrupted};
use crate::floor::safe_text;
use crate::inbox::{rank_new_papers, Bucket, RankOptions};
use crate::index::{FiledNames, IndexError, IngestCounts, PaperIndex, UpsertOutcome};
use crate::output::{self, progress::IngestProgress};
use crate::record::{id_key, Paper};
use crate::triage::{Profile, TriageState};

/// Batches in flight between the parsing thread and the indexing thread.
const PIPELINE_DEPTH: usize = 8;
/// Papers handed over at once: one wake-up of the indexing thread per batch, not per paper
/// (handing papers over one by one cost a tenth of the parsing thread's time in wake-ups).
const PAPER_BATCH: usize = 64;
/// What the parsing thread hands to the indexing thread.
enum Sighting {
    /// New, or different from what the index holds: extracted, to upsert, in order.
    Papers(Vec<Paper>),
    /// This many papers already in the committed index exactly so: only counted. Sent in batches,
    /// so a re-ingest does not wake the indexing thread for every paper.
    Unchanged(u64),
}

/// Most unchanged papers counted before the indexing thread is told about them.
const UNCHANGED_BATCH: u64 = 512;
/// How often the progress bar is told how far the ingest got.
const PROGRESS_EVERY: std::time::Duration = std::time::Duration::from_millis(100);
/// How often a wait for the next record checks for Ctrl-C.
const INTERRUPT_POLL: std::time::Duration = std::time::Duration::from_millis(50);

/// Papers one input file gives more than once with different titles or abstracts. Only the last
/// sighting is kept, and since the earlier one differs from it, such a file never re-ingests as
/// unchanged: worth a warning. A repeat with other metadata (the same day's list saved twice, a
/// file of several days) is ordinary newer news, and a repeat across files is what a later dump
/// is for.
#[derive(Default)]
struct RepeatsInFile {
    /// The file being read (its name as the records carry it).
    file: String,
    /// A hash of the title and abstract of each paper seen so far in that file, by the key of
    /// its arXiv id or, without one, of its id.
    texts: HashMap<u64, u64>,
    /// Papers repeated with different text, over all files, and the title of the first.
    repeated: HashSet<u64>,
    first_title: Option<String>,
}

impl RepeatsInFile {
    fn see(&mut self, paper: &Paper) {
        if paper.source.file != self.file {
            self.file.clone_from(&paper.source.file);
            self.texts.clear();
        }
        let mut text = xxhash_rust::xxh3::Xxh3::new();
        text.update(paper.title.as_bytes());
        text.update(&[0]);
        text.update(paper.abstract_text.as_bytes());
        // One arXiv paper is one paper under any title (the indexing side joins them too).
        let key = id_key(paper.arxiv_id.as_deref().unwrap_or(&paper.id));
        let text = text.digest();
        match self.texts.insert(key, text) {
            Some(earlier) if earlier != text => {
                self.repeated.insert(key);
                self.first_title.get_or_insert_with(|| paper.title.clone());
            }
            _ => {}
        }
    }

    /// The warning to give, if any.
    fn warning(&self) -> Option<String> {
        let title = self.first_title.as_deref()?;
        let shown = safe_text::for_terminal(&safe_text::clipped(title, TITLE_SHOWN));
        Some(match self.repeated.len() {
            1 => format!(
                "a paper appears more than once in one input file with a different title or abstract \
                 (\"{shown}\"); the last sighting is kept"
            ),
            n => format!(
                "{n} papers appear more than once in one input file with a different title or abstract \
                 (the first: \"{shown}\"); the last sighting of each is kept"
            ),
        })
    }
}

/// Characters of a title quoted in a warning.
const TITLE_SHOWN: usize = 100;

/// What one ingest did, and how many papers the index holds after it.
pub struct Ingested {
    pub counts: IngestCounts,
    pub index_len: u64,
}

/// Parses `files` and upserts their papers into the index in one commit (what `ingest` does,
/// and `pull` after fetching).
pub fn ingest_files(index_dir: &Path, files: &[PathBuf], wait: bool, year: Option<i32>) -> anyhow::Result<Ingested> {
    if wait {
        // Created first if need be, so there is a lock to wait on; opened afresh after waiting.
        drop(PaperIndex::open_or_create(index_dir)?);
        PaperIndex::wait_for_writers(index_dir, || {
            output::note("waiting for another papers process to finish writing the index…")
        })?;
    }
    let index = PaperIndex::open_or_create(index_dir)?;
    let attempt = index.upserter();
    let overtaken = wait
        && matches!(&attempt, Err(error) if matches!(error.downcast_ref::<IndexError>(), Some(IndexError::Busy(_))));
    if overtaken {
        // Another writer took the lock between the wait and now: wait again.
        drop(attempt);
        drop(index);
        return ingest_files(index_dir, files, wait, year);
    }
    let mut upserter = attempt?;
    let options = ParseOptions {
        extract: false,
        ..ParseOptions::with_year(year)
    };
    interrupt::watch();
    // Parsing, the comparison with the committed index and extraction run on their own thread,
    // so they overlap with indexing; papers the index already holds unchanged are only counted,
    // never extracted or rewritten. It is not a scoped thread: after Ctrl-C it may be blocked
    // reading stdin, and is left behind.
    let (sender, receiver) = mpsc::sync_channel::<Sighting>(PIPELINE_DEPTH);
    let files = files.to_vec();
    let committed = index.committed_view()?;
    // Names the index learned from the papers it holds are entities of the papers this run
    // extracts; names this run teaches are filed on every paper after the commit.
    let learned = Arc::new(committed.learned()?);
    // What the names this run teaches are found against: what is filed, which is less than what
    // the committed papers teach when an earlier ingest stopped before filing its names.
    let filed_before = match index.unfiled_baseline()? {
        Some(baseline) => baseline,
        None => FiledNames::of(&learned),
    };
    let bytes_read = Arc::new(AtomicU64::new(0));
    let progress = IngestProgress::start(total_input_size(&files));
    let counter = bytes_read.clone();
    let parser = std::thread::spawn(move || {
        // Papers this run changed: a later sighting of one is compared with what this run wrote,
        // which only the indexing side knows.
        let mut changed_here: HashSet<u64> = HashSet::new();
        let mut unchanged_run = 0u64;
        let mut batch: Vec<Paper> = Vec::with_capacity(PAPER_BATCH);
        // Hands over what is pending: the papers to upsert and the count of unchanged ones
        // (their order does not matter: unchanged papers are only counted).
        let flush = |batch: &mut Vec<Paper>, unchanged_run: &mut u64| -> anyhow::Result<()> {
            let send = |sighting| {
                sender
                    .send(sighting)
                    .map_err(|_| anyhow!("indexing stopped before parsing finished"))
            };
            if !batch.is_empty() {
                send(Sighting::Papers(std::mem::replace(
                    batch,
                    Vec::with_capacity(PAPER_BATCH),
                )))?;
            }
            if *unchanged_run > 0 {
                send(Sighting::Unchanged(std::mem::take(unchanged_run)))?;
            }
            Ok(())
        };
        let mut repeats = RepeatsInFile::default();
        let parsed = parse_inputs_counting(&files, options, Some(counter), &mut |mut paper| {
            committed.adopt_known_id(&mut paper)?;
            repeats.see(&paper);
            let previous = committed.previous(&paper)?;
            let unchanged = match &previous {
                Some(previous) if !changed_here.contains(&id_key(&paper.id)) => {
                    previous.fill(&mut paper) && paper.content_fingerprint() == previous.fingerprint
                }
                _ => false,
            };
            if unchanged {
                unchanged_run += 1;
            } else {
                if previous.is_some() {
                    changed_here.insert(id_key(&paper.id));
                }
                paper.extract_with(&learned);
                batch.push(paper);
            }
            if batch.len() == PAPER_BATCH || unchanged_run == UNCHANGED_BATCH {
                flush(&mut batch, &mut unchanged_run)?;
            }
            Ok(())
        });
        flush(&mut batch, &mut unchanged_run)?;
        parsed.map(|parsed| (parsed, repeats.warning()))
    });
    let mut added: HashSet<u64> = HashSet::new();
    let mut counts = IngestCounts::default();
    let mut last_update = std::time::Instant::now();
    loop {
        if last_update.elapsed() >= PROGRESS_EVERY {
            progress.update(bytes_read.load(Ordering::Relaxed), counts.parsed);
            last_update = std::time::Instant::now();
        }
        if interrupt::requested() {
            drop(upserter);
            return Err(Interrupted(
                "nothing from this ingest was saved; the index holds what it held before".to_string(),
            )
            .into());
        }
        let papers = match receiver.recv_timeout(INTERRUPT_POLL) {
            Ok(Sighting::Papers(papers)) => papers,
            Ok(Sighting::Unchanged(papers)) => {
                for _ in 0..papers {
                    counts.record(UpsertOutcome::Unchanged);
                }
                continue;
            }
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        for paper in papers {
            let key = id_key(&paper.id);
            let outcome = upserter.upsert(paper)?;
            if outcome == UpsertOutcome::Added {
                added.insert(key);
            }
            counts.record(outcome);
        }
    }
    progress.finish();
    let parsed = parser
        .join()
        // A panic there (tantivy reading a damaged index file) is raised again here, where the
        // command's panic handling turns it into a message about the damage.
        .unwrap_or_else(|payload| std::panic::resume_unwind(payload))?;
    let (parsed, repeated) = parsed;
    counts.warnings = parsed.warnings;
    if let Some(warning) = repeated {
        counts.warnings += 1;
        output::warn(&warning);
    }
    index.keep_unfiled_baseline(&filed_before)?;
    upserter.commit()?;
    // Lets a test stop an ingest where a kill between the two commits would.
    #[cfg(debug_assertions)]
    if std::env::var_os("PAPERS_TEST_STOP_AFTER_COMMIT").is_some() {
        std::process::exit(86);
    }
    // The papers are saved now. Names they taught the index are filed on the papers that
    // mention them (earlier ones, and ones of this run extracted before the name was learned)
    // in a second, small commit; should it fail (or the process stop), the papers stay saved and
    // the baseline kept beside the index lets the next ingest file the names. Meanwhile the latent layer learns the new papers: it reads
    // titles and abstracts and keys papers by content fingerprint, neither of which filing a
    // name changes, so the two run side by side; without the layer searches are lexical, so a
    // failure there is a warning too.
    let (refreshed, filed) = beside(|| index.refresh_latent(), || index.file_names_since(&filed_before));
    match filed {
        Ok((names, papers)) => {
            counts.learned = names;
            counts.refiled = papers;
        }
        Err(error) => {
            counts.warnings += 1;
            output::warn(&format!(
                "the papers were saved, but the names they taught the index were not filed on older papers: {error:#}; \
                 the next ingest or `papers doctor --repair` files them"
            ))
        }
    }
    if let Err(error) = refreshed {
        counts.warnings += 1;
        output::warn(&format!(
            "the papers were saved, but the latent layer could not learn them: {error:#}; searches rank by words \
             until the next ingest or `papers reindex`"
        ));
    }
    // Ranking them for the summary reads the triage state and the
    // profile, and a problem there is worth a warning, not a failed ingest.
    counts.read_first = read_first_among(&index, index_dir, &added).unwrap_or_else(|error| {
        counts.warnings += 1;
        output::warn(&format!(
            "the papers were saved, but they could not be ranked for the inbox: {error:#}"
        ));
        0
    });

    Ok(Ingested {
        counts,
        index_len: index.refreshed_len()?,
    })
}

/// How many of the papers just added land in the inbox's top bucket. Arrival times live in the
/// index (first_seen), so ingest only reads the triage state, never writes it.
fn read_first_among(index: &PaperIndex, index_dir: &Path, added: &HashSet<u64>) -> anyhow::Result<u64> {
    if added.is_empty() {
        return Ok(0);
    }
    index.refreshed_len()?;
    let triage = TriageState::load(index_dir)?;
    let mut profile = Profile::load(index_dir)?;
    // `papers triage` reports these; here they only drop out of the count.
    profile.take_unusable();
    let inbox = rank_new_papers(index, &triage, &profile, &RankOptions::default())?;
    Ok(inbox
        .ids_in(index, Bucket::ReadFirst)?
        .iter()
        .filter(|id| added.contains(&id_key(id)))
        .count() as u64)
}
