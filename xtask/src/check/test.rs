//! `cargo xtask test`: every check, fastest first, then one summary.
//!
//! A failing check does not stop the ones that do not depend on it, so one
//! run shows everything that is wrong.

use std::path::Path;

use anyhow::bail;

use crate::check::browser;
use crate::check::doctest;
use crate::project;
use crate::step::{Outcome, seconds, step};

/// Runs every check and fails if any failed. With `screenshots`, the browser
/// checks also save full-page screenshots of every page there.
pub fn run(screenshots: Option<&Path>) -> anyhow::Result<()> {
    let mut checks: Vec<Outcome> = Vec::new();
    let mut record = |name: &'static str, work: &mut dyn FnMut() -> anyhow::Result<String>| {
        let outcome = step(name, work);
        let passed = outcome.result.is_ok();
        checks.push(outcome);
        passed
    };

    record("Formatting (cargo fmt --check)", &mut || {
        project::run_cargo(&["fmt", "--all", "--", "--check"]).map(|()| "formatted".into())
    });
    record("Lints (cargo clippy -D warnings)", &mut || {
        project::run_cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ])
        .map(|()| "no warnings".into())
    });
    record("Unit and tidy tests (cargo test --workspace)", &mut || {
        project::run_cargo(&["test", "--workspace", "--quiet"]).map(|()| "all passed".into())
    });
    let site = project::site_dir();
    let built = record("Build the book and check the HTML", &mut || {
        let figures = crate::build::figure_files::render_figures(&project::figures_dir())?;
        let pages = crate::build_and_check(&project::root(), &site)?;
        Ok(format!(
            "{pages} pages checked, {figures} figure(s) re-rendered"
        ))
    });
    if built {
        record("Two builds are byte-identical", &mut || {
            // A second process: nothing cached in memory (such as typeset
            // math) is shared, and the figures are drawn again.
            let again = project::scratch_dir("book-again");
            let out = again.display().to_string();
            project::run_cargo(&["xtask", "build-book", "--out", &out])?;
            compare_trees(&site, &again)
        });
    }
    record("Code blocks of every chapter (rustdoc --test)", &mut || {
        let deps = doctest::build_block_crates()?;
        let passed = doctest::test_chapters(&deps, None)?;
        Ok(format!("{passed} blocks passed"))
    });
    if built {
        record("Every page in Chromium, every Run button", &mut || {
            browser::check(screenshots)
        });
        record("The site under a sub-path, in Chromium", &mut || {
            browser::check_sub_path()
        });
    }

    summarize(&checks)
}

/// `cargo xtask check-browser`: the browser checks alone, on the last build.
pub fn browser_only(screenshots: Option<&Path>) -> anyhow::Result<()> {
    eprintln!("ok: {}", browser::check(screenshots)?);
    Ok(())
}

fn summarize(checks: &[Outcome]) -> anyhow::Result<()> {
    eprintln!("\nSummary:");
    for check in checks {
        let status = if check.result.is_ok() { "pass" } else { "FAIL" };
        eprintln!("  {status}  {:<50} {:>8}", check.name, seconds(check.took));
    }
    let failed = checks.iter().filter(|check| check.result.is_err()).count();
    let passed = checks.len() - failed;
    // The plain closing line CI reads: "N passed, N failed".
    println!("xtask: {passed} passed, {failed} failed");
    if failed > 0 {
        bail!("{failed} check(s) failed; see the messages above");
    }
    Ok(())
}

/// Compares two folders file by file; the first difference is an error.
fn compare_trees(first: &Path, second: &Path) -> anyhow::Result<String> {
    let list = |dir: &Path| -> anyhow::Result<Vec<std::path::PathBuf>> {
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry?;
            if entry.file_type().is_file() {
                files.push(entry.path().strip_prefix(dir)?.to_path_buf());
            }
        }
        Ok(files)
    };
    let (a, b) = (list(first)?, list(second)?);
    if a != b {
        let only: Vec<_> = a
            .iter()
            .filter(|f| !b.contains(f))
            .chain(b.iter().filter(|f| !a.contains(f)))
            .collect();
        bail!("the two builds have different files: {only:?}");
    }
    for file in &a {
        if fs_err::read(first.join(file))? != fs_err::read(second.join(file))? {
            bail!(
                "{} differs between two builds of the same sources: something in it is not deterministic",
                file.display()
            );
        }
    }
    Ok(format!("{} files identical", a.len()))
}
