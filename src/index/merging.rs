//! When segments are merged: tantivy's log-size levels, with merged segments capped in size.
//!
//! Merging reads every segment it merges through memory-mapped files, and those pages count in
//! the process's resident memory until the merged segments are dropped. Uncapped, the last merges
//! of a million-paper ingest read most of the index at once (a peak of about 1 GB, most of it
//! mapped index files). Capping what one merge produces keeps that bounded however large the index
//! grows, at the cost of a few more segments for each search to visit.

use tantivy::index::SegmentMeta;
use tantivy::merge_policy::{LogMergePolicy, MergeCandidate, MergePolicy};

/// Most documents one merge may produce.
pub const MOST_DOCS_PER_MERGE: u64 = 150_000;

/// [`LogMergePolicy`]'s choice of segments, split into merges that each produce at most
/// [`MOST_DOCS_PER_MERGE`] documents.
#[derive(Debug, Default)]
pub struct CappedMergePolicy {
    levels: LogMergePolicy,
}

impl MergePolicy for CappedMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let mut merges = Vec::new();
        for candidate in self.levels.compute_merge_candidates(segments) {
            let mut members: Vec<&SegmentMeta> = segments
                .iter()
                .filter(|segment| candidate.0.contains(&segment.id()))
                .collect();
            members.sort_by_key(|segment| segment.num_docs());
            let mut group = Vec::new();
            let mut docs = 0;
            for segment in members {
                let size = u64::from(segment.num_docs());
                if docs + size > MOST_DOCS_PER_MERGE && !group.is_empty() {
                    if group.len() > 1 {
                        merges.push(MergeCandidate(std::mem::take(&mut group)));
                    }
                    group.clear();
                    docs = 0;
                }
                group.push(segment.id());
                docs += size;
            }
            if group.len() > 1 && docs <= MOST_DOCS_PER_MERGE {
                merges.push(MergeCandidate(group));
            }
        }
        merges
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::index::SegmentId;

    fn segments(sizes: &[u32]) -> Vec<SegmentMeta> {
        let index = tantivy::Index::create_in_ram(tantivy::schema::Schema::builder().build());
        sizes
            .iter()
            .map(|&size| index.new_segment_meta(SegmentId::generate_random(), size))
            .collect()
    }

    fn merged_sizes(sizes: &[u32]) -> Vec<u64> {
        let segments = segments(sizes);
        let mut out: Vec<u64> = CappedMergePolicy::default()
            .compute_merge_candidates(&segments)
            .iter()
            .map(|candidate| {
                segments
                    .iter()
                    .filter(|segment| candidate.0.contains(&segment.id()))
                    .map(|segment| u64::from(segment.num_docs()))
                    .sum()
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn merges_never_produce_segments_over_the_cap() {
        // Eight segments of 40k: one level for tantivy, split into merges of at most 150k.
        assert_eq!(merged_sizes(&[40_000; 8]), [80_000, 120_000, 120_000]);
        // Small segments merge as tantivy would.
        assert_eq!(merged_sizes(&[1_000; 8]), [8_000]);
        // Segments already at the cap stay as they are.
        assert!(merged_sizes(&[140_000; 8]).is_empty());
        assert!(merged_sizes(&[40_000; 3]).is_empty(), "too few for a level");
    }
}
