//! Files replaced whole, never half-written: the triage state, the profile, the index's marker
//! and the latent model are all written through here.
//!
//! Why: a crash, a full disk or Ctrl-C at any moment must leave either the old or the new file,
//! because `papers` reads these files without a lock. The new content goes to a temporary file
//! beside the target (`.NAME.PID.tmp`, so that `doctor` can recognise an orphan by its name),
//! which is synced and then renamed over the target; the directory is synced so the rename
//! itself survives a power cut.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use serde::Serialize;

/// The file a temporary file of [`write_atomically`] (`.NAME.PID.tmp`) was to replace.
pub fn temporary_target(name: &str) -> Option<&str> {
    let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (target, pid) = inner.rsplit_once('.')?;
    (!target.is_empty() && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())).then_some(target)
}

/// Writes `value` as JSON so that `path` holds either its old or its new content, whatever happens.
pub fn write_atomically(path: &Path, value: &impl Serialize) -> anyhow::Result<()> {
    let mut bytes = serde_json::to_vec_pretty(value).with_context(|| format!("writing {}", path.display()))?;
    bytes.push(b'\n');
    write_bytes_atomically(path, &bytes)
}

/// Writes `bytes` so that `path` holds either its old or its new content, whatever happens: a
/// temporary file beside it (`.NAME.PID.tmp`, which `doctor` recognises as a leftover), synced,
/// then renamed over it.
pub fn write_bytes_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let directory = path.parent().context("the file has no directory")?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .context("the file has no name")?;
    let temporary = directory.join(format!(".{name}.{}.tmp", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)?;
        if let Ok(dir) = std::fs::File::open(directory) {
            // Makes the rename itself durable; not every platform allows syncing a directory.
            let _ = dir.sync_all();
        }
        Ok(())
    };
    write().map_err(|error| {
        let _ = std::fs::remove_file(&temporary);
        anyhow::Error::new(error).context(format!("writing {}", path.display()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_lead_back_to_their_target() {
        assert_eq!(temporary_target(".triage.json.1234.tmp"), Some("triage.json"));
        assert_eq!(temporary_target(".latent.bin.7.tmp"), Some("latent.bin"));
        assert_eq!(temporary_target("triage.json"), None);
        assert_eq!(temporary_target(".triage.json.tmp"), None);
        assert_eq!(temporary_target(".triage.json.12a.tmp"), None);
        assert_eq!(temporary_target("..1.tmp"), None);
    }

    #[test]
    fn replaces_the_whole_file_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("papers-atomic-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("state.json");
        std::fs::write(&path, "old content that is longer than the new one").unwrap();
        write_atomically(&path, &serde_json::json!({"a": 1})).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{\n  \"a\": 1\n}\n");
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["state.json"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = std::env::temp_dir().join(format!("papers-atomic-fail-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let missing = dir.join("no-such-directory").join("file.bin");
        let error = write_bytes_atomically(&missing, b"x").unwrap_err();
        assert!(format!("{error:#}").starts_with(&format!("writing {}", missing.display())));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
