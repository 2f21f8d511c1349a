//! `papers open`: the paper in the browser — its arXiv page, PDF, Hugging Face page or code —
//! by the one rule of [`crate::addresses`]; the interactive inbox's `o` and `c` keys open the same
//! way.

use anyhow::Context as _;

use super::{finish_output, stdout, Context};
use crate::addresses::address;
use crate::cli::OpenArgs;
use crate::floor::safe_text::for_terminal;
use crate::index::PaperIndex;
use crate::output;

pub fn run(context: &Context, args: OpenArgs) -> anyhow::Result<()> {
    let index = PaperIndex::open(&context.index_dir()?)?;
    let paper = index.find(&args.id)?;
    let url = address(&paper, args.destination()).with_context(|| format!("cannot open paper {}", paper.id))?;
    if args.print {
        let mut out = stdout();
        std::io::Write::write_all(&mut out, format!("{url}\n").as_bytes())?;
        return finish_output(out);
    }
    open_in_browser(&url)?;
    output::note(&format!("opening {}", for_terminal(&url)));
    Ok(())
}

/// Hands `url` to `$BROWSER` when set, else to the desktop's opener (`xdg-open`, `open`,
/// `start`), without waiting for the browser.
pub fn open_in_browser(url: &str) -> anyhow::Result<()> {
    opener::open_browser(url).map_err(|error| {
        anyhow::anyhow!(
            "could not start a browser ({error}); set BROWSER to your browser's command, or use \
             --print to print the address: {url}"
        )
    })
}
