//! `papers triage --interactive`: one paper at a time, one key per decision, each decision saved
//! at once (a crash or Ctrl-C loses nothing already decided).
//!
//! On a terminal the keys are read raw (no Enter needed); otherwise they come from stdin as a
//! script, one character per key, which is how the tests drive it.

use std::io::{IsTerminal, Read, Write};

use super::Context;
use crate::addresses::{address, Destination};
use crate::floor::safe_text::for_terminal;
use crate::inbox::Ranked;
use crate::output::human::metadata_line;
use crate::triage::{now, Status, TriageState};

const PROMPT: &str = "[s]tar [r]ead s[k]ip [l]ater [o]pen [c]ode [u]ndo [space] leave [q]uit › ";
/// Characters of the abstract shown on each card.
const ABSTRACT_PREVIEW: usize = 400;

/// Puts the terminal in raw mode for as long as it lives.
struct RawMode;

impl RawMode {
    fn enable() -> anyhow::Result<RawMode> {
        crossterm::terminal::enable_raw_mode()?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        // Nothing more can be done if the terminal refuses to go back to normal.
        let _ = crossterm::terminal::disable_raw_mode();
    }
}

pub fn run(context: &Context, mut state: TriageState, entries: &[Ranked]) -> anyhow::Result<()> {
    let stdin = std::io::stdin();
    let terminal = stdin.is_terminal();
    let _raw = if terminal { Some(RawMode::enable()?) } else { None };
    let newline = if terminal { "\r\n" } else { "\n" };
    let mut keys = stdin.lock().bytes();
    let mut stdout = std::io::stdout().lock();
    let mut decided = 0;
    // Cards decided in this session, in order: `u` goes back to the last one.
    let mut decided_positions: Vec<usize> = Vec::new();
    let mut position = 0;
    'cards: while let Some(entry) = entries.get(position) {
        let paper = &entry.paper;
        let style = &context.style;
        let counter = format!("{} ", style.dim(&format!("[{}/{}]", position + 1, entries.len())));
        let about = style.dim(&for_terminal(&format!(
            "{} · {} · {} · {}",
            entry.bucket.label(),
            metadata_line(paper),
            paper.id,
            entry.why.join("; ")
        )));
        let lines = [
            String::new(),
            style.wrap(&style.title(&for_terminal(&paper.title)), &counter, ""),
            style.wrap(&about, "", ""),
            style.wrap(&for_terminal(&preview(&paper.abstract_text)), "", ""),
        ];
        for line in lines {
            // Raw mode needs a carriage return at every line's end, wrapped lines too.
            write!(stdout, "{}{newline}", line.replace('\n', newline))?;
        }
        loop {
            write!(stdout, "{PROMPT}")?;
            stdout.flush()?;
            let key = loop {
                match keys.next().transpose()? {
                    None => return finish(&mut stdout, decided, newline),
                    Some(b'\n' | b'\r') if !terminal => continue,
                    Some(byte) => break byte,
                }
            };
            write!(stdout, "{}{newline}", char::from(key).escape_default())?;
            let status = match key {
                b's' => Some(Status::Starred),
                b'r' => Some(Status::Read),
                b'k' => Some(Status::Skipped),
                b'l' => Some(Status::Later),
                b' ' | b'n' => {
                    position += 1;
                    continue 'cards;
                }
                b'u' => {
                    let Some(previous) = decided_positions.pop() else {
                        write!(stdout, "nothing to undo in this session{newline}")?;
                        continue;
                    };
                    if let Some(undone) = state.undo()? {
                        write!(stdout, "undid: {}{newline}", for_terminal(&undone.what))?;
                    }
                    decided = decided.saturating_sub(1);
                    position = previous;
                    continue 'cards;
                }
                b'q' | 3 | 4 => return finish(&mut stdout, decided, newline),
                b'o' => {
                    open_paper(&mut stdout, paper, Destination::Paper, newline)?;
                    continue;
                }
                b'c' => {
                    open_paper(&mut stdout, paper, Destination::Code, newline)?;
                    continue;
                }
                _ => {
                    write!(stdout, "unknown key{newline}")?;
                    continue;
                }
            };
            if let Some(status) = status {
                // Only a decision that changed something is one `u` can take back.
                if state.set_status(&paper.id, status, &now()) {
                    state.save()?;
                    decided_positions.push(position);
                }
                decided += 1;
                position += 1;
                continue 'cards;
            }
        }
    }
    finish(&mut stdout, decided, newline)
}

/// The abstract's first [`ABSTRACT_PREVIEW`] characters, ending between words.
fn preview(abstract_text: &str) -> String {
    if abstract_text.chars().count() <= ABSTRACT_PREVIEW {
        return abstract_text.to_string();
    }
    let cut: String = abstract_text.chars().take(ABSTRACT_PREVIEW).collect();
    let cut = cut
        .rsplit_once(char::is_whitespace)
        .map_or(cut.as_str(), |(head, _)| head);
    format!("{} …", cut.trim_end())
}

fn finish(stdout: &mut impl Write, decided: usize, newline: &str) -> anyhow::Result<()> {
    write!(
        stdout,
        "{newline}{decided} decision{} saved{newline}",
        if decided == 1 { "" } else { "s" }
    )?;
    stdout.flush()?;
    Ok(())
}

/// Opens the paper (or its code) by the rule of `papers open`, and says where.
fn open_paper(
    stdout: &mut impl Write,
    paper: &crate::record::Paper,
    destination: Destination,
    newline: &str,
) -> anyhow::Result<()> {
    let message = match address(paper, destination) {
        Err(missing) => format!("cannot open it: {missing}"),
        Ok(url) => match super::open::open_in_browser(&url) {
            Ok(()) => format!("opening {url}"),
            Err(error) => format!("{error:#}"),
        },
    };
    write!(stdout, "{}{newline}", for_terminal(&message))?;
    Ok(())
}
