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
//! Modules: `chromium` (finding and starting the browser), `network`
//! (requests, errors, the playground stub), `notebook` (editing a block and
//! running it, with the stub and with `serve`'s local runner), `page`
//! (loading a page and its checks), `run_buttons` (clicking Run and
//! collecting the code).

pub mod chromium;
pub mod network;
pub mod notebook;
pub mod page;
pub mod run_buttons;

use std::path::Path;
use std::time::Instant;

use anyhow::bail;
use xtask::build::site;
use xtask::check::doctest::BlockCrates;
use xtask::check::playground::{self, Claim};
use xtask::check::weight::PageWeight;

use crate::chromium::Session;
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
    let (tab, origin, record) = (&session.tab, &session.origin, &session.record);
    let mut problems = Vec::new();
    let mut blocks = Vec::new();
    let mut weights = Vec::new();
    let pages: Vec<_> = site::pages(site)?
        .into_iter()
        .filter(|page| only.is_none_or(|name| page.to_str() == Some(name)))
        .collect();
    if let Some(name) = only {
        anyhow::ensure!(!pages.is_empty(), "the site has no page `{name}`");
    }
    for page in &pages {
        let url = format!("{origin}/{}", page.display());
        let place = page.display().to_string();
        let started = Instant::now();
        let result = check_page(site, tab, &url, page, record, screenshots);
        eprintln!("    {place}: {:.1}s", started.elapsed().as_secs_f64());
        match result {
            Ok((found, page_blocks, weight)) => {
                problems.extend(
                    found
                        .into_iter()
                        .map(|problem| format!("{place}: {problem}")),
                );
                blocks.extend(page_blocks);
                if site::is_chapter(&xtask::project::book_src(), page)
                    && let Some(over) = weight.over_budget()
                {
                    problems.push(format!("{place}: {over}"));
                }
                weights.push(weight);
            }
            Err(error) => problems.push(format!("{place}: the check failed: {error:#}")),
        }
    }
    problems.extend(notebook_problems(
        &session,
        site,
        crates,
        &pages,
        only.is_none(),
        &mut blocks,
    ));
    let run_buttons = blocks
        .iter()
        .filter(|block| block.claim != Claim::Nothing)
        .count();
    problems.extend(playground::check_blocks(&blocks, crates)?);
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

/// Edits a block and runs it, with the playground stub (the edited code
/// joins `blocks`, to be compiled and run) and with the local runner.
fn notebook_problems(
    session: &Session,
    site: &Path,
    crates: &BlockCrates,
    pages: &[std::path::PathBuf],
    every_page: bool,
    blocks: &mut Vec<playground::Block>,
) -> Vec<String> {
    let started = Instant::now();
    let checked = (|| -> anyhow::Result<Vec<String>> {
        let Some(target) = notebook::find_target(session, pages)? else {
            // Checking one page, that page may simply have no such block.
            if every_page {
                bail!("no chapter has a runnable block that shows its output, to edit");
            }
            return Ok(Vec::new());
        };
        let (mut found, edited) = notebook::with_playground_stub(session, &target)?;
        blocks.extend(edited);
        found.extend(notebook::with_local_runner(site, crates, &target)?);
        Ok(found)
    })();
    eprintln!(
        "    editing and running a block (playground stub and local runner): {:.1}s",
        started.elapsed().as_secs_f64()
    );
    checked.unwrap_or_else(|error| vec![format!("editing a block: the check failed: {error:#}")])
}

/// The first-load weight of every page, as Chromium fetches it (`None`
/// without Chromium).
pub fn weigh_pages(site: &Path) -> anyhow::Result<Option<Vec<PageWeight>>> {
    let Ok(session) = Session::start(site)? else {
        return Ok(None);
    };
    let mut weights = Vec::new();
    for page in site::pages(site)? {
        let url = format!("{}/{}", session.origin, page.display());
        load(&session.tab, &url, &session.record)?;
        let _: Vec<String> = evaluate_json(&session.tab, &page::page_problems_call())?;
        let requested = session
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
