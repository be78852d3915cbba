//! The Run buttons of one page: each is clicked, and what it sends to the
//! (stubbed) playground becomes a block to compile and run here
//! (`xtask::check::playground`), placed at its line in the chapter's source.

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::Context;
use headless_chrome::Tab;
use xtask::check::playground::{Block, Claim};
use xtask::markdown::code_blocks;
use xtask::project;

use crate::chromium::scaled;
use crate::network::Record;
use crate::page::{evaluate, evaluate_json};

/// One Rust block as the page shows it.
#[derive(serde::Deserialize)]
struct PageBlock {
    index: usize,
    classes: Vec<String>,
    runnable: bool,
    has_button: bool,
    code: String,
    expected: Option<String>,
}

/// Clicks every Run button of the page and collects what each sends.
pub fn run_buttons(
    tab: &Tab,
    page: &Path,
    record: &Mutex<Record>,
    problems: &mut Vec<String>,
) -> anyhow::Result<Vec<Block>> {
    let source = xtask::site::source_of(&project::book_src(), page)
        .unwrap_or_else(|| project::book_src().join(page.with_extension("md")));
    let source_lines: Vec<usize> = fs_err::read_to_string(&source)
        .map(|text| {
            code_blocks(&text)
                .into_iter()
                .filter(|block| block.is_rust())
                .map(|block| block.line)
                .collect()
        })
        .unwrap_or_default();
    let page_blocks: Vec<PageBlock> = evaluate_json(tab, "__xtask.blocks()")?;
    let place = |block: &PageBlock| {
        let line = source_lines
            .get(block.index)
            .map_or_else(String::new, |line| {
                format!(" ({}:{line})", project::display(&source))
            });
        format!("{}, Rust block {}{line}", page.display(), block.index + 1)
    };
    // Blocks that claim to run are run the way a reader runs them: their
    // Run buttons are clicked, all at once, and what each sends is checked.
    let mut to_click = Vec::new();
    for block in &page_blocks {
        let claim = Claim::from_classes(&block.classes);
        if (claim == Claim::Runs || claim == Claim::Panics) && !(block.has_button && block.runnable)
        {
            problems.push(format!("{}: has no Run button (does it use a crate the playground lacks, or lack `# extern crate`?)", place(block)));
        } else if claim == Claim::Runs || claim == Claim::Panics {
            to_click.push(block.index);
        }
    }
    let mut sent = click_runs(tab, record, &to_click)?;
    let mut blocks = Vec::new();
    for block in &page_blocks {
        let place = place(block);
        let claim = Claim::from_classes(&block.classes);
        if !to_click.contains(&block.index) {
            if claim != Claim::Runs && claim != Claim::Panics {
                let edition = block
                    .classes
                    .iter()
                    .find_map(|class| class.strip_prefix("edition"))
                    .unwrap_or("2015")
                    .to_owned();
                blocks.push(Block {
                    place,
                    code: block.code.clone(),
                    edition,
                    claim,
                    expected: None,
                });
            }
            continue;
        }
        // mdBook sends the code block's text; each request is matched to
        // its block by that text, since requests may arrive in any order.
        let Some(at) = sent.iter().position(|request| request.code == block.code) else {
            problems.push(format!(
                "{place}: clicking Run sent nothing to the playground (waited {}s after the page's last request)",
                run_wait().as_secs_f64()
            ));
            continue;
        };
        let request = sent.swap_remove(at);
        if request.edition != "2024" {
            problems.push(format!(
                "{place}: the Run button sends edition {:?}, not 2024",
                request.edition
            ));
        }
        blocks.push(Block {
            place,
            code: request.code,
            edition: request.edition,
            claim,
            expected: block.expected.clone(),
        });
    }
    for request in sent {
        problems.push(format!(
            "{}: a Run button sent code that is no block's text: {:?}",
            page.display(),
            request.code.lines().next().unwrap_or_default()
        ));
    }
    Ok(blocks)
}

/// What one click on Run sent to the playground.
#[derive(serde::Deserialize)]
struct RunRequest {
    #[serde(default)]
    code: String,
    #[serde(default)]
    edition: String,
}

/// Clicks the Run buttons of the blocks numbered `indices` and returns the
/// requests they sent, once all have arrived or the time is up.
fn click_runs(
    tab: &Tab,
    record: &Mutex<Record>,
    indices: &[usize],
) -> anyhow::Result<Vec<RunRequest>> {
    let before = record.lock().expect("record lock").runs.len();
    evaluate(tab, &format!("__xtask.clickRuns({indices:?})"), false)?;
    wait_for_runs(record, before + indices.len());
    let runs = record.lock().expect("record lock").runs[before..].to_vec();
    runs.iter()
        .map(|body| {
            serde_json::from_str(body).with_context(|| format!("reading a Run request: {body}"))
        })
        .collect()
}

/// How long to wait for a page's next Run request.
fn run_wait() -> Duration {
    scaled(Duration::from_secs(5))
}

/// Waits until `count` runs are recorded, as long as they keep coming:
/// it gives up once no new run has arrived for the time limit (missing
/// runs are then reported block by block), so a slow machine with many
/// blocks on a page is not mistaken for a button that sends nothing.
fn wait_for_runs(record: &Mutex<Record>, count: usize) {
    let limit = run_wait();
    let (mut seen, mut last_progress) = (0, Instant::now());
    while last_progress.elapsed() < limit {
        let now = record.lock().expect("record lock").runs.len();
        if now >= count {
            return;
        }
        if now > seen {
            (seen, last_progress) = (now, Instant::now());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits for the Run request that follows the first `before` ones; its
/// body, or `None` if none arrived in time.
pub fn wait_for_run(record: &Mutex<Record>, before: usize) -> Option<String> {
    wait_for_runs(record, before + 1);
    record
        .lock()
        .expect("record lock")
        .runs
        .get(before)
        .cloned()
}
