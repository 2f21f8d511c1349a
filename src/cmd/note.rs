//! `papers note ID [TEXT]`: a free-text note on a paper — set, appended to, written in the
//! reader's editor, printed, or removed with an empty text.

use std::io::Write;

use anyhow::{bail, Context as _};

use super::{finish_output, stdout, Context};
use crate::cli::NoteArgs;
use crate::floor::safe_text::{clipped, for_terminal};
use crate::index::PaperIndex;
use crate::output;
use crate::triage::TriageState;

pub fn run(context: &Context, args: NoteArgs) -> anyhow::Result<()> {
    let index_dir = context.index_dir()?;
    let index = PaperIndex::open(&index_dir)?;
    let paper = index.find(&args.id)?;
    let mut state = TriageState::load(&index_dir)?;
    let old = state.entry(&paper.id).note;
    let new = match (&args.text, args.edit) {
        (_, true) => edit(&paper.id, old.as_deref().unwrap_or_default())?,
        (Some(text), false) if args.append => match &old {
            Some(old) => format!("{old}\n{}", text.trim()),
            None => text.clone(),
        },
        (Some(text), false) => text.clone(),
        (None, false) => {
            match &old {
                Some(note) => {
                    let mut out = stdout();
                    writeln!(out, "{}", note.lines().map(for_terminal).collect::<Vec<_>>().join("\n"))?;
                    finish_output(out)?;
                }
                None => output::note(&format!(
                    "{} has no note; `papers note {} TEXT` adds one",
                    paper.id, paper.id
                )),
            }
            return Ok(());
        }
    };
    let new = new.trim();
    if old.as_deref() == Some(new) || (old.is_none() && new.is_empty()) {
        return Ok(());
    }
    state.set_note(&paper.id, new);
    if let Err(error) = state.save() {
        if !args.edit {
            return Err(error);
        }
        // Typed in the editor, it exists nowhere else: kept where the reader can find it.
        let kept = std::env::temp_dir().join(format!("papers-note-{}-{}-unsaved.txt", paper.id, std::process::id()));
        return Err(match std::fs::write(&kept, format!("{new}\n")) {
            Ok(()) => error.context(format!(
                "the note was not saved; what you wrote is kept in {}",
                kept.display()
            )),
            Err(_) => error,
        });
    }
    match old {
        Some(old) if new.is_empty() => output::note(&format!(
            "removed the note on {} (\"{}\"); `papers undo` restores it",
            paper.id,
            preview(&old)
        )),
        Some(old) if !args.append && !args.edit => output::warn(&format!(
            "replaced the earlier note on {} (\"{}\"); `papers undo` restores it, --append adds to a note",
            paper.id,
            preview(&old)
        )),
        _ => {}
    }
    Ok(())
}

/// The first words of a note, for messages.
fn preview(note: &str) -> String {
    let flat = note.split_whitespace().collect::<Vec<_>>().join(" ");
    clipped(&flat, 40)
}

/// Opens the reader's editor on the note and returns what they saved.
fn edit(id: &str, note: &str) -> anyhow::Result<String> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|value| !value.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_string());
    let path = std::env::temp_dir().join(format!("papers-note-{id}-{}.txt", std::process::id()));
    // A new file only: never one someone else placed (or linked) there.
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut file| {
            file.write_all(
                if note.is_empty() {
                    String::new()
                } else {
                    format!("{note}\n")
                }
                .as_bytes(),
            )
        })
        .with_context(|| format!("writing {}", path.display()))?;
    // The variable may hold arguments too ("code --wait"), as git reads it.
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(words)
        .arg(&path)
        .status()
        .with_context(|| format!("starting the editor '{editor}' (set VISUAL or EDITOR)"));
    let result = match status {
        Ok(status) if status.success() => {
            std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
        }
        Ok(status) => Err(anyhow::anyhow!(
            "the editor '{editor}' failed ({status}); the note is unchanged"
        )),
        Err(error) => Err(error),
    };
    let _ = std::fs::remove_file(&path);
    let text = result?;
    if text.contains('\0') {
        bail!("the edited note is not text; the note is unchanged");
    }
    Ok(text)
}
