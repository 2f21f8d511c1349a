//! Which files in an index directory are what: tantivy's segment files, tantivy's bookkeeping,
//! papers' own files, leftovers of interrupted runs, and everything else.
//!
//! `papers` never deletes a file it cannot name here: a directory may hold files a user put there,
//! and only files of a kind papers or tantivy creates are ever treated as leftovers.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::Context;

/// A segment file's name: tantivy's 32-hex-digit segment id, an optional opstamp (delete files),
/// and one of its extensions.
pub(crate) fn is_segment_file(name: &str) -> bool {
    let mut parts = name.split('.');
    let Some(id) = parts.next() else { return false };
    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return false;
    }
    let rest: Vec<&str> = parts.collect();
    match rest.as_slice() {
        [extension] => SEGMENT_EXTENSIONS.contains(extension),
        ["store", "temp"] => true,
        [opstamp, "del"] => !opstamp.is_empty() && opstamp.bytes().all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

/// The extensions of tantivy 0.27's segment components.
const SEGMENT_EXTENSIONS: &[&str] = &["idx", "pos", "term", "store", "fast", "fieldnorm", "del"];

/// The segment files in the directory at `path`, sorted.
pub(crate) fn segment_files(path: &Path) -> anyhow::Result<Vec<String>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(path).with_context(|| format!("reading {}", path.display()))? {
        let entry = entry.with_context(|| format!("reading {}", path.display()))?;
        if let Some(name) = entry.file_name().to_str() {
            if is_segment_file(name) {
                found.push(name.to_string());
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The files the segments of a segment list (tantivy's `meta.json`) are made of, as tantivy
/// itself lists them.
pub(crate) fn files_of_meta(meta: &tantivy::IndexMeta) -> BTreeSet<String> {
    meta.list_segment_files()
        .into_iter()
        .filter_map(|file| file.to_str().map(str::to_string))
        .collect()
}

/// The files that must exist for the segment list `meta` to be read: its segments' files, less the
/// delete file of a segment without deletions (which tantivy names, but never writes).
pub(crate) fn required_files_of_meta(meta: &tantivy::IndexMeta) -> BTreeSet<String> {
    let mut files = files_of_meta(meta);
    for segment in meta.segments.iter().filter(|segment| !segment.has_deletes()) {
        if let Some(name) = segment.relative_path(tantivy::index::SegmentComponent::Delete).to_str() {
            files.remove(name);
        }
    }
    files
}

/// Deletes the segment files in `path` that the segment list `meta` does not name. Only for a
/// holder of the writer lock: no other process can be writing a segment then.
pub(crate) fn remove_unlisted_segment_files(path: &Path, meta: &tantivy::IndexMeta) -> anyhow::Result<()> {
    let living = files_of_meta(meta);
    for name in segment_files(path)? {
        if !living.contains(&name) {
            let file = path.join(&name);
            match std::fs::remove_file(&file) {
                Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                    return Err(anyhow::Error::new(error).context(format!("deleting the leftover {}", file.display())));
                }
                _ => {}
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_files_are_told_from_everything_else() {
        assert!(is_segment_file("0123456789abcdef0123456789abcdef.idx"));
        assert!(is_segment_file("0123456789abcdef0123456789abcdef.30048.del"));
        assert!(is_segment_file("0123456789ABCDEF0123456789abcdef.store"));
        assert!(is_segment_file("0123456789abcdef0123456789abcdef.store.temp"));
        assert!(!is_segment_file("0123456789abcdef0123456789abcde.idx"), "31 digits");
        assert!(!is_segment_file("0123456789abcdef0123456789abcdef.txt"));
        assert!(!is_segment_file("0123456789abcdef0123456789abcdef..del"));
        assert!(!is_segment_file("meta.json"));
        assert!(!is_segment_file("notes.idx"));
    }
}
