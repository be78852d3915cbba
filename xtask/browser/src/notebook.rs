//! Notebook-style code, as a reader uses it: a runnable block is opened in
//! the editor (by focusing it, as a click or Tab does), a line is typed into
//! it with real key presses, Run is pressed, and the edited program's output
//! must come back. Once against the official playground (stubbed: the code
//! it receives is compiled and run here with the other Run-button blocks),
//! and once against the local runner of `cargo xtask serve`, for real.
//! Also checked: the editor follows the theme, is left with Escape then Tab,
//! passes axe, and its reset button brings the book's code back.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use headless_chrome::Tab;
use headless_chrome::browser::tab::ModifierKey;
use xtask::check::doctest::BlockCrates;
use xtask::check::playground::{self, Block, Claim};
use xtask::project;
use xtask::site;
use xtask_serve::http_server::Options;
use xtask_serve::runner::Runner;

use crate::chromium::{Session, WatchedTab, scaled};
use crate::network::Record;
use crate::page::{AXE, evaluate, evaluate_json, load, load_limit};
use crate::run_buttons::wait_for_run;

/// The line typed into the block, and what it prints.
const EDIT: &str = "println!(\"edited: {}\", 6 * 7);";
const EDITED_OUTPUT: &str = "edited: 42";
/// What the playground stub answers every run with.
const STUB_ANSWER: &str = "(checked locally by cargo xtask test)";

/// The block the checks edit: the first chapter block that runs and shows
/// its output.
pub struct Target {
    page: PathBuf,
    index: usize,
    expected: String,
}

impl Target {
    fn place(&self) -> String {
        format!(
            "{}, Rust block {} (edited in the editor)",
            self.page.display(),
            self.index + 1
        )
    }

    /// What the edited program must print: the book's output, then the
    /// typed line's.
    fn edited_output(&self) -> String {
        format!("{}\n{EDITED_OUTPUT}", self.expected.trim_end())
    }
}

/// One block as `__xtask.blocks()` describes it.
#[derive(serde::Deserialize)]
struct PageBlock {
    classes: Vec<String>,
    runnable: bool,
    expected: Option<String>,
}

/// What `__xtask.openEditor()` reports: a problem, and how many lines the
/// book hid in the block before it became an editor.
#[derive(serde::Deserialize)]
struct Opened {
    problem: Option<String>,
    hidden_lines: usize,
}

/// What `__xtask.editorState()` reports.
#[derive(serde::Deserialize, Debug)]
struct EditorState {
    value: Option<String>,
    folds: usize,
    theme: Option<String>,
    has_reset: bool,
    result: Option<String>,
}

/// Finds the block to edit, on the pages in `pages` (in book order).
pub fn find_target(
    session: &Session,
    watched: &WatchedTab,
    pages: &[PathBuf],
) -> anyhow::Result<Option<Target>> {
    for page in pages {
        if !site::is_chapter(&project::book_src(), page) {
            continue;
        }
        open_page(session, watched, page)?;
        let blocks: Vec<PageBlock> = evaluate_json(&watched.tab, "__xtask.blocks()")?;
        let found = blocks.into_iter().enumerate().find(|(_, block)| {
            block.runnable && Claim::from_classes(&block.classes) == Claim::Runs
        });
        if let Some((
            index,
            PageBlock {
                expected: Some(expected),
                ..
            },
        )) = found
        {
            return Ok(Some(Target {
                page: page.clone(),
                index,
                expected,
            }));
        }
    }
    Ok(None)
}

/// Against the (stubbed) official playground, in the checks' own session:
/// the problems found, and the edited code as a block to compile and run.
pub fn with_playground_stub(
    session: &Session,
    watched: &WatchedTab,
    target: &Target,
) -> anyhow::Result<(Vec<String>, Option<Block>)> {
    let (tab, record) = (&watched.tab, &watched.record);
    open_page(session, watched, &target.page).context("loading the page to edit")?;
    let mut problems = Vec::new();
    let original = match open_and_type(tab, target.index)? {
        Ok(original) => original,
        Err(problem) => return Ok((vec![problem], None)),
    };
    let edited = state(tab, target.index)?;
    let before = record.lock().expect("record lock").runs.len();
    evaluate(
        tab,
        &format!("__xtask.clickRuns([{}])", target.index),
        false,
    )?;
    let Some(body) = wait_for_run(record, before) else {
        problems.push("pressing Run after editing sent nothing to the playground".into());
        return Ok((problems, None));
    };
    let sent: serde_json::Value =
        serde_json::from_str(&body).context("reading the edited block's Run request")?;
    let code = sent["code"].as_str().unwrap_or_default().to_owned();
    if Some(&code) != edited.value.as_ref() {
        problems.push(format!(
            "Run sent other code than the editor holds:\n{code}"
        ));
    }
    let shown = wait_for_result(tab, target.index, scaled(Duration::from_secs(5)))?;
    if shown.trim() != STUB_ANSWER {
        problems.push(format!(
            "the playground's answer is not shown under the edited block (shows {shown:?})"
        ));
    }
    problems.extend(theme_problems(tab, target.index).context("switching themes")?);
    problems.extend(axe_problems(tab, target.index).context("running axe on the editor")?);
    problems.extend(leave_problems(tab, target.index).context("leaving the editor")?);
    evaluate(tab, &format!("__xtask.resetBlock({})", target.index), false)?;
    if state(tab, target.index)?.value.as_deref() != Some(original.as_str()) {
        problems.push("the reset button does not bring the book's code back".into());
    }
    let block = Block {
        place: target.place(),
        code,
        edition: sent["edition"].as_str().unwrap_or("2015").to_owned(),
        claim: Claim::Runs,
        expected: Some(target.edited_output()),
    };
    Ok((problems, Some(block)))
}

/// Against the local runner of `cargo xtask serve`, in a session of its own
/// whose server has the runner: the edited output must appear, and nothing
/// may reach the official playground.
pub fn with_local_runner(
    site_dir: &Path,
    crates: &BlockCrates,
    target: &Target,
) -> anyhow::Result<Vec<String>> {
    let runner = Runner::new(
        crates.clone(),
        project::scratch_dir("browser-runner"),
        playground::run_limits(),
    );
    let options = Options {
        runner: Some(Arc::new(runner)),
        ..Options::default()
    };
    let Ok(session) = Session::start_with(site_dir, options)? else {
        return Ok(Vec::new());
    };
    let watched = session.open_tab()?;
    let (tab, record) = (&watched.tab, &watched.record);
    open_page(&session, &watched, &target.page)?;
    if let Err(problem) = open_and_type(tab, target.index)? {
        return Ok(vec![format!("with the local runner: {problem}")]);
    }
    // Ctrl+Enter in the editor is Run, for keyboard readers.
    tab.press_key_with_modifiers("Enter", Some(&[ModifierKey::Ctrl]))
        .map_err(|error| anyhow::anyhow!("pressing Ctrl+Enter: {error}"))?;
    // Compiling here takes seconds, more on a busy machine.
    let shown = wait_for_result(tab, target.index, scaled(Duration::from_secs(120)))?;
    let mut problems = Vec::new();
    if playground::normalize(&shown) != playground::normalize(&target.edited_output()) {
        problems.push(format!(
            "with the local runner, the edited block shows\n{shown}\ninstead of\n{}",
            target.edited_output()
        ));
    }
    problems.extend(stray_requests(record));
    Ok(problems
        .into_iter()
        .map(|problem| format!("{}: {problem}", target.place()))
        .collect())
}

/// Loads `page` of the session's site in `watched`'s tab.
fn open_page(session: &Session, watched: &WatchedTab, page: &Path) -> anyhow::Result<()> {
    let url = format!("{}/{}", session.origin, page.display());
    let limit = load_limit(&project::site_dir(), page);
    load(&watched.tab, &url, &watched.record, limit)
}

/// Opens block `index` in the editor and types `EDIT` and Enter with real
/// key presses; the book's code on success, else the problem.
fn open_and_type(tab: &Tab, index: usize) -> anyhow::Result<Result<String, String>> {
    let opened: Opened = evaluate_json(tab, &format!("__xtask.openEditor({index})"))
        .context("opening the block in the editor")?;
    if let Some(problem) = opened.problem {
        return Ok(Err(problem));
    }
    let original = state(tab, index)?.value.unwrap_or_default();
    tab.type_str(EDIT)
        .and_then(|tab| tab.press_key("Enter"))
        .map_err(|error| anyhow::anyhow!("typing into the editor: {error}"))?;
    let edited = state(tab, index)?;
    let value = edited.value.unwrap_or_default();
    if value.matches(EDIT).count() != 1 || value.len() <= original.len() {
        return Ok(Err(format!(
            "typing `{EDIT}` into the editor gave:\n{value}"
        )));
    }
    if opened.hidden_lines > 0 && edited.folds == 0 {
        return Ok(Err(format!(
            "the editor shows the block's {} hidden lines instead of folding them",
            opened.hidden_lines
        )));
    }
    if !edited.has_reset {
        return Ok(Err("the editor has no reset button".into()));
    }
    Ok(Ok(original))
}

fn state(tab: &Tab, index: usize) -> anyhow::Result<EditorState> {
    evaluate_json(tab, &format!("__xtask.editorState({index})"))
}

/// Waits until the block's result is there and no longer "Running...".
fn wait_for_result(tab: &Tab, index: usize, limit: Duration) -> anyhow::Result<String> {
    let started = Instant::now();
    loop {
        let result = state(tab, index)?.result.unwrap_or_default();
        if !result.is_empty() && result != "Running..." {
            return Ok(result);
        }
        if started.elapsed() > limit {
            anyhow::bail!(
                "no result under the edited block after {}s",
                limit.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The editor takes the dark theme with the book's dark themes.
fn theme_problems(tab: &Tab, index: usize) -> anyhow::Result<Vec<String>> {
    let mut problems = Vec::new();
    for (theme, editor_theme) in [
        ("coal", "ace/theme/tomorrow_night"),
        ("light", "ace/theme/dawn"),
    ] {
        let _: bool = evaluate_json(tab, &format!("__xtask.setTheme({theme:?})"))?;
        let found = state(tab, index)?.theme;
        if found.as_deref() != Some(editor_theme) {
            problems.push(format!(
                "in the {theme} theme the editor's theme is {found:?}, not {editor_theme}"
            ));
        }
    }
    Ok(problems)
}

/// axe-core on the block with its editor open.
fn axe_problems(tab: &Tab, index: usize) -> anyhow::Result<Vec<String>> {
    evaluate(tab, AXE, false)?;
    let context =
        format!("document.querySelectorAll('pre > code.language-rust')[{index}].parentElement");
    let found: Vec<String> =
        evaluate_json(tab, &format!("__xtask.axeViolations({{}}, {context})"))?;
    Ok(found
        .into_iter()
        .map(|problem| format!("the open editor: {problem}"))
        .collect())
}

/// Escape, then Tab, moves the focus out of the editor.
fn leave_problems(tab: &Tab, index: usize) -> anyhow::Result<Vec<String>> {
    let code = format!("document.querySelectorAll('pre > code.language-rust')[{index}]");
    evaluate(tab, &format!("ace.edit({code}).focus()"), false)?;
    tab.press_key("Escape")
        .and_then(|tab| tab.press_key("Tab"))
        .map_err(|error| anyhow::anyhow!("pressing Escape and Tab: {error}"))?;
    let inside = evaluate(
        tab,
        &format!("{code}.contains(document.activeElement)"),
        false,
    )?;
    Ok(if inside.as_bool() == Some(false) {
        Vec::new()
    } else {
        vec!["Escape then Tab does not leave the editor".into()]
    })
}

/// Requests that reached the playground stub or another host, and page
/// errors, in the local runner's session.
fn stray_requests(record: &Mutex<Record>) -> Vec<String> {
    let record = record.lock().expect("record lock");
    let mut problems: Vec<String> = record
        .runs
        .iter()
        .map(|_| "with the local runner, a run went to the official playground".to_owned())
        .collect();
    problems.extend(
        record
            .foreign_requests
            .iter()
            .map(|url| format!("with the local runner, the page requested {url}")),
    );
    problems.extend(
        record
            .errors
            .iter()
            .map(|error| format!("with the local runner: {error}")),
    );
    problems
}
