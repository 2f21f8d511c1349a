//! The inbox: which new papers to read first. [`rank`] scores every `new` paper from the
//! profile, the reader model ([`model`]), popularity and recency, and sorts them into buckets.
//!
//! Why apart from `triage`: the triage state is the researcher's own data (decisions, profile),
//! which every command reads and writes; ranking is a computation over the index *and* that
//! state, so it sits above both and neither knows it.

pub mod model;
pub mod rank;

pub use rank::{rank_new_papers, Bucket, Inbox, JsonEntry, RankOptions, Ranked};
