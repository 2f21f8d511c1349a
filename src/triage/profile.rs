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

/// Interests to add to and take out of a profile, as `papers profile` is given them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProfileEdit {
    /// The weight of every interest added.
    pub weight: f32,
    pub add_topics: Vec<String>,
    pub add_methods: Vec<String>,
    pub add_datasets: Vec<String>,
    pub add_queries: Vec<String>,
    pub exclude: Vec<String>,
    /// Interests of any kind, and excluded terms, to take out (case ignored).
    pub remove: Vec<String>,
}

impl ProfileEdit {
    pub fn is_empty(&self) -> bool {
        self.add_topics.is_empty()
            && self.add_methods.is_empty()
            && self.add_datasets.is_empty()
            && self.add_queries.is_empty()
            && self.exclude.is_empty()
            && self.remove.is_empty()
    }
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
    /// True when the edit changes nothing (the profile is only shown).
    /// Edits the profile of the index at `index_dir`: read, changed by `edit`, checked and written
    /// under the state lock, so two edits at once both land. A profile the edit would leave
    /// unusable (an unknown topic, a query over the limits) is refused with a
    /// [`UsageError`](crate::floor::exit::UsageError) and the file left as it was.
    pub fn edit(index_dir: &Path, edit: &ProfileEdit) -> anyhow::Result<Profile> {
        let lock = super::StateLock::acquire(index_dir)?;
        let mut profile = Profile::load(index_dir)?;
        profile.apply(edit);
        // What the user asked for cannot be saved: a usage error, like a bad flag.
        profile
            .validate()
            .map_err(|error| crate::floor::exit::UsageError(format!("{error:#}")))?;
        profile.save(index_dir, &lock)?;
        Ok(profile)
    }

    /// Applies an edit: topics are ids (lower case), methods, datasets and queries are kept as
    /// written (trimmed), an excluded term is added once, and a removal takes a value out of
    /// every list whatever its case. Additions come before removals.
    pub fn apply(&mut self, edit: &ProfileEdit) {
        for topic in &edit.add_topics {
            self.topics.insert(topic.trim().to_lowercase(), edit.weight);
        }
        for (list, values) in [
            (&mut self.methods, &edit.add_methods),
            (&mut self.datasets, &edit.add_datasets),
            (&mut self.queries, &edit.add_queries),
        ] {
            for value in values {
                list.insert(value.trim().to_string(), edit.weight);
            }
        }
        for term in &edit.exclude {
            let term = term.trim().to_string();
            if !self.exclude.contains(&term) {
                self.exclude.push(term);
            }
        }
        for value in &edit.remove {
            let wanted = value.trim().to_lowercase();
            for list in [
                &mut self.topics,
                &mut self.methods,
                &mut self.datasets,
                &mut self.queries,
            ] {
                list.retain(|key, _| key.to_lowercase() != wanted);
            }
            self.exclude.retain(|term| term.to_lowercase() != wanted);
        }
    }

    pub fn path(index_dir: &Path) -> PathBuf {
        index_dir.join(PROFILE_FILE)
    }

    /// The profile of an index (empty when none was written).
    pub fn load(index_dir: &Path) -> anyhow::Result<Profile> {
        crate::floor::data_dir::refuse_file(index_dir)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_adds_with_its_weight_and_removes_whatever_the_case() {
        let mut profile = Profile::default();
        profile.apply(&ProfileEdit {
            weight: 2.0,
            add_topics: vec![" Vision ".into()],
            add_methods: vec!["LoRA".into()],
            add_queries: vec!["speech recognition ".into()],
            exclude: vec!["robotics".into(), " robotics".into()],
            ..ProfileEdit::default()
        });
        assert_eq!(profile.topics.get("vision"), Some(&2.0));
        assert_eq!(profile.methods.get("LoRA"), Some(&2.0));
        assert_eq!(profile.queries.get("speech recognition"), Some(&2.0));
        assert_eq!(profile.exclude, ["robotics"]);
        profile.apply(&ProfileEdit {
            weight: 1.0,
            remove: vec!["lora".into(), "ROBOTICS".into()],
            ..ProfileEdit::default()
        });
        assert!(profile.methods.is_empty());
        assert!(profile.exclude.is_empty());
        assert_eq!(profile.topics.len(), 1);
        assert!(ProfileEdit::default().is_empty());
    }

    #[test]
    fn an_edit_that_leaves_the_profile_unusable_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let unknown = ProfileEdit {
            weight: 1.0,
            add_topics: vec!["not-a-topic".into()],
            ..ProfileEdit::default()
        };
        let error = Profile::edit(dir.path(), &unknown).unwrap_err();
        assert!(
            format!("{error:#}").starts_with("unknown topic 'not-a-topic'"),
            "{error:#}"
        );
        assert!(!Profile::path(dir.path()).exists());
        let fine = ProfileEdit {
            weight: 1.5,
            add_datasets: vec!["ImageNet".into()],
            ..ProfileEdit::default()
        };
        let saved = Profile::edit(dir.path(), &fine).unwrap();
        assert_eq!(Profile::load(dir.path()).unwrap(), saved);
        assert_eq!(saved.datasets.get("ImageNet"), Some(&1.5));
    }
}
