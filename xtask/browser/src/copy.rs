//! The Copy button of a code block, clicked as a reader clicks it: what
//! lands on the clipboard must be the code the block shows, without its
//! hidden lines, and the button must say so. (Copy uses the browser's own
//! clipboard, `navigator.clipboard`: theme/book.js; a page served over
//! plain HTTP from another host than this one takes the fallback.)

use std::time::{Duration, Instant};

use crate::chromium::scaled;
use crate::pointer::Pointer;

/// The button's name, as theme/book.js labels it.
const COPY: &str = "Copy to clipboard";
/// Makes the page note what it hands the browser's clipboard, then hands it
/// on: the check cannot read the clipboard (Chromium grants that to no
/// page without a reader's say), but a write only succeeds, and Copy only
/// says "Copied!", when the browser took the text.
const WATCH: &str = "(() => { \
    const write = navigator.clipboard.writeText.bind(navigator.clipboard); \
    window.__xtaskCopied = null; \
    navigator.clipboard.writeText = text => { window.__xtaskCopied = text; return write(text); }; \
    return true; })()";
/// What the page last handed the clipboard (null before Copy).
const COPIED: &str = "window.__xtaskCopied";

impl Pointer<'_> {
    /// A real click on Copy puts block `index`'s code, as the reader sees
    /// it (without its hidden lines), on the clipboard, and says so.
    pub(crate) fn copy_problems(&self, index: usize) -> anyhow::Result<Vec<String>> {
        let shown: String = self.ask(&format!("__xtaskPointer.shownCode({index})"))?;
        self.ask::<bool>(WATCH)?;
        if !self.click(index, COPY)? {
            return Ok(vec![self.problem(index, "as built", &format!("its \"{COPY}\" button cannot be clicked (missing, or out of the pointer's reach)"))?]);
        }
        let deadline = Instant::now() + scaled(Duration::from_secs(2));
        let mut tooltip = String::new();
        while tooltip.is_empty() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
            tooltip = self.ask(&format!("__xtaskPointer.copyTooltip({index})"))?;
        }
        let copied: Option<String> = self.ask(COPIED)?;
        let copied = copied.unwrap_or_default();
        let mut problems = Vec::new();
        if tooltip != "Copied!" {
            problems.push(self.problem(
                index,
                "as built",
                &format!("a click on Copy says \"{tooltip}\", not \"Copied!\""),
            )?);
        }
        if copied.trim_end() != shown {
            problems.push(self.problem(
                index,
                "as built",
                &format!(
                    "Copy handed the clipboard {:?}, not the {} characters the block shows",
                    copied.chars().take(60).collect::<String>(),
                    shown.chars().count()
                ),
            )?);
        }
        Ok(problems)
    }
}
