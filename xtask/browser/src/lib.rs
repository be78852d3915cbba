//! The browser checks of ML Math Notes: every page of the built book in
//! headless Chromium (Debian's package, never a downloaded browser), driven
//! over the DevTools protocol with the `headless_chrome` crate.
//!
//! For every page: no console or page error; no request to any host but the
//! site (the playground is answered by a local stub); no visible raw TeX or
//! KaTeX error; MathML behind all math; every image loads with meaningful
//! alt text; no serious or critical axe-core violation; and in every theme,
//! figures stay unaltered white cards with readable captions. Every Run
//! button is clicked and what it sends is compiled and run.
//!
//! This crate is apart from `xtask` so that building the book never
//! compiles the browser driver; `cargo xtask test` runs it as a program.
//!
//! Modules: `chromium` (finding and starting the browser), `copy` (the
//! Copy button puts the shown code on the clipboard), `fonts` (no
//! formula drawn in a fallback font: KaTeX's subset fonts hold every glyph
//! the page uses), `lighthouse`
//! (Lighthouse, mobile, on every chapter page), `network`
//! (requests, errors, the playground stub), `notebook` (editing a block and
//! running it, with the stub and with `serve`'s local runner), `page`
//! (loading a page and its checks), `pdf` (printing the book), `pointer`
//! (a real pointer on every code block's buttons), `run_buttons`
//! (clicking Run and collecting the code), `sub_path` (the site served
//! under a sub-path, as on GitHub Pages: pages, links, search, 404).

pub mod chromium;
pub mod copy;
pub mod explorable;
pub mod fonts;
pub mod lighthouse;
pub mod network;
pub mod notebook;
pub mod page;
pub mod pdf;
pub mod pointer;
pub mod run_buttons;
pub mod sub_path;

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Instant;

use anyhow::bail;
use xtask::check::block_runs::{self, Order};
use xtask::check::doctest::BlockCrates;
use xtask::check::playground::{Block, Claim};
use xtask::check::weight::PageWeight;
use xtask::site;

use crate::chromium::{Session, WatchedTab};
use crate::page::{check_page, evaluate_json, load};

/// What the browser checks found, or why they did not run.
pub enum Outcome {
    Checked {
        pages: usize,
        run_buttons: usize,
        /// First-load weight of every page, as the browser fetched it.
        weights: Vec<PageWeight>,
    },
    Skipped(String),
}

/// Runs every browser check over the site in `site`. `crates` are the block
/// crates for the Run-button builds; with `screenshots`, full-page PNGs of
/// every chapter in the light and coal themes go there.
///
/// Pages are checked in as many tabs at once as the machine has cores, and
/// each page's Run-button blocks are compiled and run while the browser
/// goes on with the next pages.
pub fn check_site(
    site: &Path,
    crates: &BlockCrates,
    screenshots: Option<&Path>,
    only: Option<&str>,
) -> anyhow::Result<Outcome> {
    let session = match Session::start(site)? {
        Ok(session) => session,
        Err(skipped) => return Ok(Outcome::Skipped(skipped)),
    };
    let pages: Vec<_> = site::pages(site)?
        .into_iter()
        .filter(|page| only.is_none_or(|name| page.to_str() == Some(name)))
        .collect();
    if let Some(name) = only {
        anyhow::ensure!(!pages.is_empty(), "the site has no page `{name}`");
    }
    let tabs = (0..chromium::tabs_for(pages.len()))
        .map(|_| session.open_tab())
        .collect::<anyhow::Result<Vec<_>>>()?;
    // The notebook checks mostly wait (for a page, a compiler, a second
    // browser), so they run in a tab of their own beside the pages.
    let notebook_tab = session.open_tab()?;
    let (send_blocks, blocks) = std::sync::mpsc::channel();
    let (checked, notebook, block_problems) = std::thread::scope(|scope| {
        let compiling = scope.spawn(|| block_runs::check_blocks(blocks, crates));
        // The edited block joins the others to be compiled and run.
        let edited_blocks = send_blocks.clone();
        let (session, pages, notebook_tab) = (&session, &pages, &notebook_tab);
        let notebook = scope.spawn(move || {
            notebook_problems(
                session,
                notebook_tab,
                site,
                crates,
                pages,
                only.is_none(),
                edited_blocks,
            )
        });
        let checked = check_pages(
            site,
            &session.origin,
            pages,
            &tabs,
            screenshots,
            send_blocks,
        );
        let notebook = notebook
            .join()
            .unwrap_or_else(|_| (vec!["editing a block: the check panicked".to_owned()], 0));
        let block_problems = compiling
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("the Run-button checks panicked")));
        (checked, notebook, block_problems)
    });
    let Checked {
        mut problems,
        mut run_buttons,
        weights,
    } = checked;
    let (notebook_found, edited) = notebook;
    problems.extend(notebook_found);
    run_buttons += edited;
    problems.extend(block_problems?);
    if !problems.is_empty() {
        bail!(
            "{} problem(s) in the browser:\n  {}",
            problems.len(),
            problems.join("\n  ")
        );
    }
    Ok(Outcome::Checked {
        pages: pages.len(),
        run_buttons,
        weights,
    })
}

/// What the page checks found, in page order.
struct Checked {
    problems: Vec<String>,
    run_buttons: usize,
    weights: Vec<PageWeight>,
}

/// Checks every page in `pages`, each tab taking the next page left;
/// sends every page's blocks to `blocks` as soon as the page is done.
fn check_pages(
    site: &Path,
    origin: &str,
    pages: &[PathBuf],
    tabs: &[WatchedTab],
    screenshots: Option<&Path>,
    blocks: Sender<Vec<(Order, Block)>>,
) -> Checked {
    // The longest pages first (the print page is every chapter), so that no
    // tab is left with a long page while the others have finished.
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by_key(|&number| {
        let size = fs_err::metadata(site.join(&pages[number])).map_or(0, |m| m.len());
        (std::cmp::Reverse(size), number)
    });
    let mut results = xtask::project::parallel_map_with(tabs, &order, |watched, &number| {
        let page = &pages[number];
        let found = check_one(site, origin, page, watched, screenshots);
        let mut buttons = 0;
        if let Ok((_, page_blocks, _, _)) = &found {
            buttons = page_blocks
                .iter()
                .filter(|block| block.claim != Claim::Nothing)
                .count();
            let numbered = page_blocks
                .iter()
                .enumerate()
                .map(|(index, block)| ((number, index), block.clone()));
            // The compilers outlive the pages; a send fails only if they
            // stopped, which their result reports.
            let _ = blocks.send(numbered.collect());
        }
        (number, found, buttons)
    });
    drop(blocks);
    results.sort_by_key(|(number, _, _)| *number);
    let mut checked = Checked {
        problems: Vec::new(),
        run_buttons: 0,
        weights: Vec::new(),
    };
    for (number, found, buttons) in results {
        let place = pages[number].display().to_string();
        checked.run_buttons += buttons;
        match found {
            Ok((found, _, weight, _)) => {
                checked.problems.extend(
                    found
                        .into_iter()
                        .map(|problem| format!("{place}: {problem}")),
                );
                if site::is_chapter(&xtask::project::book_src(), &pages[number])
                    && let Some(over) = weight.over_budget()
                {
                    checked.problems.push(format!("{place}: {over}"));
                }
                checked.weights.push(weight);
            }
            Err(error) => checked
                .problems
                .push(format!("{place}: the check failed: {error:#}")),
        }
    }
    checked
}

/// Checks one page in `watched`'s tab, printing how long each pass took.
fn check_one(
    site: &Path,
    origin: &str,
    page: &Path,
    watched: &WatchedTab,
    screenshots: Option<&Path>,
) -> anyhow::Result<page::PageResult> {
    let url = format!("{origin}/{}", page.display());
    let started = Instant::now();
    let result = check_page(site, &watched.tab, &url, page, &watched.record, screenshots);
    let took = started.elapsed().as_secs_f64();
    match &result {
        Ok((_, _, _, phases)) => eprintln!("    {}: {took:.1}s ({phases})", page.display()),
        Err(_) => eprintln!("    {}: {took:.1}s", page.display()),
    }
    result
}

/// Edits a block and runs it, with the playground stub (the edited code
/// joins `blocks`, to be compiled and run) and with the local runner.
fn notebook_problems(
    session: &Session,
    watched: &WatchedTab,
    site: &Path,
    crates: &BlockCrates,
    pages: &[PathBuf],
    every_page: bool,
    blocks: Sender<Vec<(Order, Block)>>,
) -> (Vec<String>, usize) {
    let started = Instant::now();
    let mut edited_blocks = 0;
    let checked = (|| -> anyhow::Result<Vec<String>> {
        let Some(target) = notebook::find_target(session, watched, pages)? else {
            // Checking one page, that page may simply have no such block.
            if every_page {
                bail!("no chapter has a runnable block that shows its output, to edit");
            }
            return Ok(Vec::new());
        };
        let (mut found, edited) = notebook::with_playground_stub(session, watched, &target)?;
        if let Some(block) = edited {
            // Numbered after every page, so its result is reported last.
            edited_blocks = 1;
            // A send fails only if the compilers stopped, which their
            // result reports.
            let _ = blocks.send(vec![((pages.len(), 0), block)]);
        }
        drop(blocks);
        found.extend(notebook::with_local_runner(site, crates, &target)?);
        Ok(found)
    })();
    eprintln!(
        "    editing and running a block (playground stub and local runner): {:.1}s",
        started.elapsed().as_secs_f64()
    );
    let found = checked
        .unwrap_or_else(|error| vec![format!("editing a block: the check failed: {error:#}")]);
    (found, edited_blocks)
}

/// The first-load weight of every page, as Chromium fetches it (`None`
/// without Chromium).
pub fn weigh_pages(site: &Path) -> anyhow::Result<Option<Vec<PageWeight>>> {
    let Ok(session) = Session::start(site)? else {
        return Ok(None);
    };
    let watched = session.open_tab()?;
    let mut weights = Vec::new();
    for page in site::pages(site)? {
        let url = format!("{}/{}", session.origin, page.display());
        load(
            &watched.tab,
            &url,
            &watched.record,
            page::load_limit(site, &page),
        )?;
        let _: Vec<String> = evaluate_json(&watched.tab, &page::page_problems_call())?;
        let requested = watched
            .record
            .lock()
            .expect("record lock")
            .site_requests
            .clone();
        weights.push(PageWeight::measure(
            site,
            &page.display().to_string(),
            &requested,
        )?);
    }
    Ok(Some(weights))
}
