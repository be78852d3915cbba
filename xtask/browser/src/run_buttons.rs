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
    let source = xtask::build::site::source_of(&project::book_src(), page)
        .unwrap_or_else(|| project::book_src().join(page.with_extension("md")));
    let source_lines: Vec<usize> = std::fs::read_to_string(&source)
        .map(|text| {
            code_blocks(&text)
                .into_iter()
                .filter(|block| block.is_rust())
                .map(|block| block.line)
                .collect()
        })
        .unwrap_or_default();
    let page_blocks: Vec<PageBlock> = evaluate_json(tab, "__xtask.blocks()")?;
    let mut blocks = Vec::new();
    for block in page_blocks {
        let line = source_lines
            .get(block.index)
            .map_or_else(String::new, |line| {
                format!(" ({}:{line})", project::display(&source))
            });
        let place = format!("{}, Rust block {}{line}", page.display(), block.index + 1);
        let claim = Claim::from_classes(&block.classes);
        let edition = block
            .classes
            .iter()
            .find_map(|class| class.strip_prefix("edition"))
            .unwrap_or("2015")
            .to_owned();
        if claim == Claim::Runs || claim == Claim::Panics {
            if !block.has_button || !block.runnable {
                problems.push(format!("{place}: has no Run button (does it use a crate the playground lacks, or lack `# extern crate`?)"));
                continue;
            }
            let before = record.lock().expect("record lock").runs.len();
            evaluate(tab, &format!("__xtask.clickRun({})", block.index), false)?;
            let Some(body) = wait_for_run(record, before) else {
                problems.push(format!(
                    "{place}: clicking Run sent nothing to the playground"
                ));
                continue;
            };
            let sent: serde_json::Value = serde_json::from_str(&body)
                .with_context(|| format!("{place}: reading the Run request"))?;
            let code = sent["code"].as_str().unwrap_or_default().to_owned();
            let edition = sent["edition"].as_str().unwrap_or_default().to_owned();
            if edition != "2024" {
                problems.push(format!(
                    "{place}: the Run button sends edition {edition:?}, not 2024"
                ));
            }
            blocks.push(Block {
                place,
                code,
                edition,
                claim,
                expected: block.expected,
            });
        } else {
            blocks.push(Block {
                place,
                code: block.code,
                edition,
                claim,
                expected: None,
            });
        }
    }
    Ok(blocks)
}

pub fn wait_for_run(record: &Mutex<Record>, before: usize) -> Option<String> {
    let started = Instant::now();
    while started.elapsed() < scaled(Duration::from_secs(5)) {
        if let Some(body) = record.lock().expect("record lock").runs.get(before) {
            return Some(body.clone());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}
