//! Runs the browser checks, which are a program of their own
//! (`xtask/browser`, package `xtask-browser`), so that building the book
//! never compiles the browser driver. Cargo builds that program the first
//! time a command needs it.

use std::path::Path;
use std::process::Stdio;

use anyhow::{Context, bail};

use crate::project;

/// Every browser check on the last build; returns the one-line summary (or
/// the reason they were skipped). With `screenshots`, full-page PNGs of
/// every page in the light and coal themes are saved there.
pub fn check(screenshots: Option<&Path>) -> anyhow::Result<String> {
    let mut args = vec!["check".to_owned()];
    if let Some(dir) = screenshots {
        args.push("--screenshots".to_owned());
        args.push(dir.display().to_string());
    }
    let output = run(&args)?;
    Ok(output.lines().last().unwrap_or_default().to_owned())
}

/// Where the sub-path check serves the site: as GitHub Pages serves a
/// project's site, under `/<repository>/`.
pub const SUB_PATH: &str = "/ml-math-notes/";

/// mdBook's own override of `[output.html] site-url` in book.toml, which
/// the Pages workflow sets to `/<repository>/`.
const SITE_URL_VARIABLE: &str = "MDBOOK_OUTPUT__HTML__SITE_URL";

/// Builds the site for `SUB_PATH` into a scratch folder (a second
/// `cargo xtask build-book`, given `SITE_URL_VARIABLE` as a host would),
/// then checks it in Chromium served only under that path: every page,
/// the previous/next and sidebar links, search, and a deep 404. Returns the
/// one-line summary (or the reason the browser part was skipped).
pub fn check_sub_path() -> anyhow::Result<String> {
    let site = project::scratch_dir("book-sub-path");
    let out = site.display().to_string();
    let status = project::cargo()
        .args(["xtask", "build-book", "--out", &out])
        .env(SITE_URL_VARIABLE, SUB_PATH)
        .status()
        .context("running cargo xtask build-book")?;
    if !status.success() {
        bail!(
            "building the site for {SUB_PATH} failed (`{SITE_URL_VARIABLE}={SUB_PATH} cargo xtask build-book --out {}`)",
            project::display(&site)
        );
    }
    let output = run(&["check-subpath".to_owned(), out, SUB_PATH.to_owned()])?;
    Ok(output.lines().last().unwrap_or_default().to_owned())
}

/// Lighthouse, `runs` times on every chapter page of the last build: the
/// scores as a Markdown table (or why Lighthouse did not run). Fails when
/// accessibility or best practices fall short.
pub fn lighthouse(runs: usize) -> anyhow::Result<String> {
    run(&["lighthouse".to_owned(), runs.to_string()])
}

/// Each page's first-load weight as a Markdown table (empty without
/// Chromium).
pub fn weigh() -> anyhow::Result<String> {
    run(&["weigh".to_owned()])
}

/// Prints the site's print page to its PDF; returns the one-line summary
/// (or the reason there is no PDF).
pub fn pdf() -> anyhow::Result<String> {
    let output = run(&["pdf".to_owned()])?;
    Ok(output.lines().last().unwrap_or_default().to_owned())
}

/// Runs the browser-checks program with `args`: its progress goes straight
/// to the terminal, its standard output is returned.
fn run(args: &[String]) -> anyhow::Result<String> {
    let output = project::cargo()
        .args(["run", "--quiet", "--package", "xtask-browser", "--"])
        .args(args)
        .stderr(Stdio::inherit())
        .output()
        .context("running cargo to start the browser checks (package xtask-browser)")?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        bail!(
            "the browser checks failed (`cargo run -p xtask-browser -- {}`); see above",
            args.join(" ")
        );
    }
    Ok(stdout)
}
