//! The interest profile: what the researcher wants to see first. A JSON file beside the index
//! (`profile.json`), shown and edited with `papers profile`:
//!
//! ```json
//! {"topics": {"vision": 1.0}, "methods": {"contrastive learning": 2.0},
//!  "datasets": {"ImageNet": 0.5}, "queries": {"speech recognition": 1.0},
//!  "exclude": ["robotics"]}
//! ```
//!
//! Weights are relative (1.0 is a normal interest). Topics are taxonomy ids; methods and datasets
//! match extracted names and their aliases; queries are searched like `papers search`; excluded
//! terms push papers that mention them to the bottom.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};

pub const PROFILE_FILE: &str = crate::floor::data_dir::PROFILE_FILE;

/// Longest excluded term: a phrase, matched as one (a longer one costs a search of every paper
/// for a phrase that will not occur).
pub const MAX_EXCLUDE_CHARS: usize = 200;

/// An interest that cannot be used as written, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unusable {
    /// `interest query` or `excluded term`.
    pub kind: &'static str,
    pub text: String,
    pub reason: String,
}

fn exclude_problem(term: &str) -> Option<String> {
    let chars = term.chars().count();
    (chars > MAX_EXCLUDE_CHARS).then(|| {
        format!("it is {chars} characters long (at most {MAX_EXCLUDE_CHARS}); exclude a word or a short phrase")
    })
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(default)]
    pub topics: BTreeMap<String, f32>,
    #[serde(default)]
    pub methods: BTreeMap<String, f32>,
    #[serde(default)]
    pub datasets: BTreeMap<String, f32>,
    #[serde(default)]
    pub queries: BTreeMap<String, f32>,
    #[serde(default)]
    pub exclude: Vec<String>,
}

impl Profile {
    pub fn path(index_dir: &Path) -> PathBuf {
        index_dir.join(PROFILE_FILE)
    }

    /// The profile of an index (empty when none was written).
    pub fn load(index_dir: &Path) -> anyhow::Result<Profile> {
        let path = Self::path(index_dir);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).with_context(|| {
                format!(
                    "{} is not a valid profile (see `papers profile --help`)",
                    path.display()
                )
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Profile::default()),
            Err(error) => Err(anyhow::Error::new(error).context(format!("reading {}", path.display()))),
        }
    }

    /// Writes the profile; the caller holds the state lock for its read-modify-write.
    pub fn save(&self, index_dir: &Path, lock: &super::StateLock) -> anyhow::Result<()> {
        super::remove_orphaned_temporaries(index_dir, lock);
        super::write_atomically(&Self::path(index_dir), self)
    }

    pub fn is_empty(&self) -> bool {
        self.topics.is_empty()
            && self.methods.is_empty()
            && self.datasets.is_empty()
            && self.queries.is_empty()
            && self.exclude.is_empty()
    }

    /// Checks what a user wrote: topic ids exist, weights are positive and finite.
    pub fn validate(&self) -> anyhow::Result<()> {
        for topic in self.topics.keys() {
            if !crate::extract::TOPIC_IDS.contains(topic) {
                bail!(
                    "unknown topic '{topic}' in the profile; topics are: {}",
                    crate::extract::TOPIC_IDS.join(", ")
                );
            }
        }
        let weights = self
            .topics
            .values()
            .chain(self.methods.values())
            .chain(self.datasets.values())
            .chain(self.queries.values());
        for weight in weights {
            if !weight.is_finite() || *weight <= 0.0 {
                bail!("profile weights must be positive numbers, not {weight}");
            }
        }
        for query in self.queries.keys() {
            crate::query_limits::check_query(query).with_context(|| {
                format!(
                    "the interest query {} cannot be saved",
                    crate::query_limits::quoted(query)
                )
            })?;
        }
        for term in &self.exclude {
            if let Some(problem) = exclude_problem(term) {
                bail!(
                    "the excluded term {} cannot be saved: {problem}",
                    crate::query_limits::quoted(term)
                );
            }
        }
        Ok(())
    }

    /// Takes out the interest queries and excluded terms that cannot be used (saved by hand or by
    /// an older version), with the reason for each, so the rest of the profile still ranks the
    /// inbox.
    pub fn take_unusable(&mut self) -> Vec<Unusable> {
        let mut refused = Vec::new();
        self.queries
            .retain(|query, _| match crate::query_limits::check_query(query) {
                Ok(()) => true,
                Err(problem) => {
                    refused.push(Unusable {
                        kind: "interest query",
                        text: query.clone(),
                        reason: problem.to_string(),
                    });
                    false
                }
            });
        self.exclude.retain(|term| match exclude_problem(term) {
            None => true,
            Some(reason) => {
                refused.push(Unusable {
                    kind: "excluded term",
                    text: term.clone(),
                    reason,
                });
                false
            }
        });
        refused
    }
}
