//! A reader's pointer on the code blocks' buttons (Copy, Run, the eye that
//! shows hidden lines, Undo). A real pointer (DevTools
//! `Input.dispatchMouseEvent`) is moved to each button's centre, and the
//! page is asked what lies under it (`document.elementFromPoint`), as a
//! click finds it. A button drawn outside what its block may paint (paint
//! containment, as `content-visibility: auto` implies, clips it) or under
//! something else cannot be clicked, though clicking it over the DevTools
//! protocol still works.
//!
//! Every button of every block is tried as the page is built (a closed
//! exercise solution is opened first, as a reader does); then some
//! runnable blocks go through every state a reader can put them in: hidden
//! lines shown, editing, edited down to nothing, edited down to one line,
//! reset; and a real click on Run of a block edited down to one line must
//! send its code. The in-page half is `assets/pointer-checks.js`.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::Context;
use headless_chrome::Tab;
use headless_chrome::browser::tab::ModifierKey;
use headless_chrome::browser::tab::point::Point;
use headless_chrome::protocol::cdp::Input;

use crate::chromium::scaled;
use crate::network::Record;
use crate::page::{evaluate, evaluate_json};
use crate::run_buttons::wait_for_run;

const POINTER_CHECKS: &str = include_str!("../assets/pointer-checks.js");

/// What a block is edited down to: one line, as a reader trying the
/// editor types it.
const ONE_LINE: &str = "fn main() { println!(\"probe\"); }";

/// The buttons' names, as mdBook and theme/notebook.js label them.
const RUN: &str = "Run this code";
const UNDO: &str = "Undo changes";
const SHOW_HIDDEN: &str = "Show hidden lines";
const HIDE_HIDDEN: &str = "Hide lines";

/// A block's first line and its buttons, as `targets` reports them.
#[derive(serde::Deserialize)]
struct Targets {
    first_line: String,
    buttons: Vec<Target>,
}

/// A button a click at its centre does not reach, as `missedButtons`
/// reports it: its name, and what the click would reach instead.
#[derive(serde::Deserialize, PartialEq)]
struct Missed {
    name: String,
    covered: String,
}

/// One button and the centre of its box, in the window's CSS pixels.
#[derive(serde::Deserialize)]
struct Target {
    name: String,
    x: f64,
    y: f64,
}

/// What `editorText` reports: the editor's text (`None` before the block
/// is an editor) and how many folds hide lines.
#[derive(serde::Deserialize)]
struct EditorText {
    value: Option<String>,
    folds: usize,
}

/// The pointer on the page a tab shows, in a window `width` CSS pixels
/// wide. Its problems name the block; the caller names the page.
pub struct Pointer<'a> {
    tab: &'a Tab,
    width: u32,
}

impl<'a> Pointer<'a> {
    pub fn on(tab: &'a Tab, width: u32) -> anyhow::Result<Self> {
        evaluate(tab, POINTER_CHECKS, false).context("loading the pointer checks")?;
        Ok(Pointer { tab, width })
    }

    /// Every button of every block, as the page is built: the pointer
    /// comes from elsewhere (the block before) straight to the block's
    /// first button, which shows the buttons; then what lies at each
    /// button's centre.
    pub fn as_built_problems(&self) -> anyhow::Result<Vec<String>> {
        let count: usize = self.ask("__xtaskPointer.blockCount()")?;
        let mut problems = Vec::new();
        for index in 0..count {
            let targets = self.targets(index, false)?;
            if targets.buttons.is_empty() {
                continue;
            }
            let (_, missed): (_, Vec<Missed>) = self.settled(index, 0, |first| {
                self.move_to(first.x, first.y)?;
                self.ask(&format!("__xtaskPointer.missedButtons({index})"))
            })?;
            problems.extend(
                missed
                    .into_iter()
                    .map(|missed| self.missed(index, &targets.first_line, "as built", &missed)),
            );
        }
        self.rest()?;
        Ok(problems)
    }

    /// The runnable blocks `which` picks, each through every state a reader
    /// can put it in; `record` sees the Run request of a real click.
    pub fn edited_problems(
        &self,
        record: &Mutex<Record>,
        which: Which,
    ) -> anyhow::Result<Vec<String>> {
        let runnable: Vec<usize> = self.ask("__xtaskPointer.runnableBlocks()")?;
        let mut problems = Vec::new();
        for index in which.pick(&runnable) {
            problems.extend(self.states_problems(index, record)?);
        }
        self.rest()?;
        Ok(problems)
    }

    /// Block `index` with its hidden lines shown, while editing, edited
    /// down to nothing and to one line, and after reset; then Run, clicked
    /// on one line, must send that line.
    fn states_problems(&self, index: usize, record: &Mutex<Record>) -> anyhow::Result<Vec<String>> {
        let mut problems = self.copy_problems(index)?;
        if self.click(index, SHOW_HIDDEN)? {
            problems.extend(self.hit_problems(index, "with its hidden lines shown")?);
            if !self.click(index, HIDE_HIDDEN)? {
                problems.push(self.problem(index, "with its hidden lines shown", &format!("its eye button cannot be clicked as \"{HIDE_HIDDEN}\" (not named so, which screen readers hear, or out of the pointer's reach)"))?);
            }
        }
        if let Some(problem) = self.open_editor(index)? {
            return Ok(vec![self.problem(index, "clicked into", &problem)?]);
        }
        problems.extend(self.hit_problems(index, "while editing")?);
        let original = self.editor_text(index)?.value;
        problems.extend(self.fold_problems(index)?);
        self.replace_all(None)?;
        problems.extend(self.hit_problems(index, "edited down to nothing")?);
        self.replace_all(Some(ONE_LINE))?;
        problems.extend(self.hit_problems(index, "edited down to one line")?);
        if self.click(index, UNDO)? && self.editor_text(index)?.value != original {
            problems.push(self.problem(
                index,
                "after reset",
                "Undo does not bring the book's code back",
            )?);
        }
        problems.extend(self.hit_problems(index, "after reset")?);
        self.replace_all(Some(ONE_LINE))?;
        problems.extend(self.run_problems(index, record)?);
        Ok(problems)
    }

    /// After an edit, the eye button still shows and hides the hidden lines
    /// (unfolds and folds them in the editor).
    fn fold_problems(&self, index: usize) -> anyhow::Result<Vec<String>> {
        let state = "edited (a line typed in)";
        let folded = self.editor_text(index)?.folds;
        if folded == 0 {
            return Ok(Vec::new());
        }
        self.tab
            .call_method(Input::InsertText {
                text: "// a reader's note\n".to_owned(),
            })
            .map_err(|error| anyhow::anyhow!("typing into the editor: {error}"))?;
        let mut problems = Vec::new();
        let shown = self.click(index, SHOW_HIDDEN)?;
        let after_show = self.editor_text(index)?.folds;
        if !shown || after_show != 0 {
            problems.push(self.problem(
                index,
                state,
                &format!(
                    "\"{SHOW_HIDDEN}\" leaves {after_show} of its {folded} fold(s) of hidden lines"
                ),
            )?);
        }
        let hidden = self.click(index, HIDE_HIDDEN)?;
        let after_hide = self.editor_text(index)?.folds;
        if !hidden || after_hide != folded {
            problems.push(self.problem(index, state, &format!("\"{HIDE_HIDDEN}\" folds {after_hide} stretch(es) of hidden lines, not the {folded} it had"))?);
        }
        Ok(problems)
    }

    /// Moves the pointer from off the block to each button of block
    /// `index` in turn and reports those a click would not reach, in
    /// `state`.
    fn hit_problems(&self, index: usize, state: &str) -> anyhow::Result<Vec<String>> {
        let targets = self.targets(index, true)?;
        let mut problems = Vec::new();
        for (number, button) in targets.buttons.iter().enumerate() {
            let (_, covered) = self.reaches(index, number)?;
            if let Some(covered) = covered {
                let missed = Missed {
                    name: button.name.clone(),
                    covered,
                };
                problems.push(self.missed(index, &targets.first_line, state, &missed));
            }
        }
        Ok(problems)
    }

    /// Where button `number` of block `index` is, and what the pointer,
    /// coming from off the block, is on there, if not the button.
    fn reaches(&self, index: usize, number: usize) -> anyhow::Result<(Target, Option<String>)> {
        self.settled(index, number, |button| {
            self.rest()?;
            self.move_to(button.x, button.y)?;
            self.ask(&format!(
                "__xtaskPointer.hitAt({index}, {number}, {}, {})",
                button.x, button.y
            ))
        })
    }

    /// Asks `found` what is wrong at button `number` of block `index`, a
    /// few times if something is, finding the button anew each time:
    /// blocks laid out as they come near the window (content-visibility)
    /// move what follows them a frame or two after it was measured.
    fn settled<T: Default + PartialEq>(
        &self,
        index: usize,
        number: usize,
        found: impl Fn(&Target) -> anyhow::Result<T>,
    ) -> anyhow::Result<(Target, T)> {
        let mut attempt = 0;
        loop {
            let button = self
                .targets(index, true)?
                .buttons
                .into_iter()
                .nth(number)
                .context("a button went away")?;
            let answer = found(&button)?;
            attempt += 1;
            if answer == T::default() || attempt == 3 {
                return Ok((button, answer));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The problem of a button the pointer does not reach.
    fn missed(&self, index: usize, first_line: &str, state: &str, missed: &Missed) -> String {
        format!(
            "block {} (`{first_line}`), {state}, at {} px: the pointer on its \"{}\" button is on {} instead, so the button cannot be clicked",
            index + 1,
            self.width,
            missed.name,
            missed.covered
        )
    }

    /// Clicks, with the pointer, block `index`'s button named `name`, as a
    /// reader does: pointer on it, buttons shown, click; whether it did (the
    /// block has the button, and the pointer reaches it).
    pub(crate) fn click(&self, index: usize, name: &str) -> anyhow::Result<bool> {
        let targets = self.targets(index, true)?;
        let Some(number) = targets
            .buttons
            .iter()
            .position(|button| button.name == name)
        else {
            return Ok(false);
        };
        let (button, covered) = self.reaches(index, number)?;
        if covered.is_some() {
            // What is there instead is reported by the hit tests; a click
            // might follow a link.
            return Ok(false);
        }
        self.tab
            .click_point(point(&button))
            .map_err(|error| anyhow::anyhow!("clicking \"{name}\": {error}"))?;
        Ok(true)
    }

    /// Clicks into block `index`'s code, as a reader starts editing; the
    /// problem if the editor did not open with the focus.
    fn open_editor(&self, index: usize) -> anyhow::Result<Option<String>> {
        self.targets(index, true)?;
        let Some(at) =
            self.ask::<Option<PointJson>>(&format!("__xtaskPointer.codePoint({index})"))?
        else {
            return Ok(Some("the pointer reaches no part of its code".into()));
        };
        self.tab
            .click_point(at.into())
            .map_err(|error| anyhow::anyhow!("clicking into a block: {error}"))?;
        let opened = format!("__xtaskPointer.editing({index})");
        let limit = scaled(Duration::from_secs(20));
        let started = Instant::now();
        loop {
            let Some(instead) = self.ask::<Option<String>>(&opened)? else {
                return Ok(None);
            };
            if started.elapsed() > limit {
                return Ok(Some(format!(
                    "the editor did not open with the focus within {}s: {instead}",
                    limit.as_secs()
                )));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Ctrl+A, then `text` typed over the selection (or Backspace).
    fn replace_all(&self, text: Option<&str>) -> anyhow::Result<()> {
        let keys = |error| anyhow::anyhow!("typing into the editor: {error}");
        self.tab
            .press_key_with_modifiers("a", Some(&[ModifierKey::Ctrl]))
            .map_err(keys)?;
        match text {
            Some(text) => {
                self.tab
                    .call_method(Input::InsertText {
                        text: text.to_owned(),
                    })
                    .map_err(keys)?;
            }
            None => {
                self.tab.press_key("Backspace").map_err(keys)?;
            }
        }
        Ok(())
    }

    /// A real click on block `index`'s Run button must send its one line.
    fn run_problems(&self, index: usize, record: &Mutex<Record>) -> anyhow::Result<Vec<String>> {
        let before = record.lock().expect("record lock").runs.len();
        if !self.click(index, RUN)? {
            return Ok(vec![self.problem(
                index,
                "edited down to one line",
                "its Run button is missing or out of the pointer's reach",
            )?]);
        }
        let sent = wait_for_run(record, before)
            .and_then(|body| serde_json::from_str::<serde_json::Value>(&body).ok())
            .and_then(|body| body["code"].as_str().map(str::to_owned));
        Ok(match sent {
            Some(code) if code == ONE_LINE => Vec::new(),
            Some(code) => vec![self.problem(
                index,
                "edited down to one line",
                &format!("a click on Run sent other code than the editor holds: {code:?}"),
            )?],
            None => vec![self.problem(
                index,
                "edited down to one line",
                "a real click on its Run button sent nothing to the playground",
            )?],
        })
    }

    /// A problem of block `index` in `state`, named as `hit_problems` names it.
    pub(crate) fn problem(&self, index: usize, state: &str, what: &str) -> anyhow::Result<String> {
        let first_line = self.targets(index, true)?.first_line;
        Ok(format!(
            "block {} (`{first_line}`), {state}, at {} px: {what}",
            index + 1,
            self.width
        ))
    }

    /// What the page answers to `expression` (a call of `pointer-checks.js`).
    pub(crate) fn ask<T: serde::de::DeserializeOwned>(
        &self,
        expression: &str,
    ) -> anyhow::Result<T> {
        evaluate_json(self.tab, expression)
            .with_context(|| format!("asking the page `{expression}`"))
    }

    /// Block `index` brought into view, and where its buttons are; with
    /// `edited`, after the editor has drawn the last edit.
    fn targets(&self, index: usize, edited: bool) -> anyhow::Result<Targets> {
        self.ask(&format!("__xtaskPointer.targets({index}, {edited})"))
    }

    fn editor_text(&self, index: usize) -> anyhow::Result<EditorText> {
        self.ask(&format!("__xtaskPointer.editorText({index})"))
    }

    fn move_to(&self, x: f64, y: f64) -> anyhow::Result<()> {
        self.tab
            .move_mouse_to_point(Point { x, y })
            .map(drop)
            .map_err(|error| anyhow::anyhow!("moving the pointer: {error}"))
    }

    /// Moves the pointer off every block, so that none stays hovered.
    fn rest(&self) -> anyhow::Result<()> {
        self.tab
            .move_mouse_to_point(Point { x: 1.0, y: 1.0 })
            .map(drop)
            .map_err(|error| anyhow::anyhow!("moving the pointer away: {error}"))
    }
}

/// Which runnable blocks of a page go through every state.
#[derive(Clone, Copy)]
pub enum Which {
    /// The first and the last (the first screen is laid out differently
    /// from the rest of the page).
    FirstAndLast,
    Last,
}

impl Which {
    fn pick(self, runnable: &[usize]) -> Vec<usize> {
        let (first, last) = (runnable.first(), runnable.last());
        let mut picked: Vec<usize> = match self {
            Which::FirstAndLast => first.into_iter().chain(last).copied().collect(),
            Which::Last => last.into_iter().copied().collect(),
        };
        picked.dedup();
        picked
    }
}

/// A point as the page reports it.
#[derive(serde::Deserialize)]
struct PointJson {
    x: f64,
    y: f64,
}

impl From<PointJson> for Point {
    fn from(point: PointJson) -> Self {
        Point {
            x: point.x,
            y: point.y,
        }
    }
}

fn point(button: &Target) -> Point {
    Point {
        x: button.x,
        y: button.y,
    }
}

#[cfg(test)]
mod tests {
    use super::Which;

    #[test]
    fn the_first_and_last_runnable_blocks_are_picked_once_each() {
        assert_eq!(Which::FirstAndLast.pick(&[2, 5, 9]), vec![2, 9]);
        assert_eq!(Which::FirstAndLast.pick(&[4]), vec![4]);
        assert_eq!(Which::Last.pick(&[2, 5, 9]), vec![9]);
        assert!(Which::FirstAndLast.pick(&[]).is_empty());
    }
}
