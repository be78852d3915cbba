//! The command line of the browser checks, run by `cargo xtask test`,
//! `cargo xtask check-browser` and `cargo xtask bench` on the last build.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use xtask::check::doctest;
use xtask::check::weight;
use xtask::project;
use xtask_browser::{Outcome, check_site, page::THEMES, weigh_pages};

const USAGE: &str = "\
Usage: xtask-browser check [--page PAGE] [--screenshots DIR]
                             every browser check on target/book (or one page,
                             such as ch02-matrices.html)
       xtask-browser check-subpath DIR PREFIX
                             the site built in DIR, served only under PREFIX
                             (such as /ml-math-notes/): pages, links, search
                             and the 404 page
       xtask-browser lighthouse RUNS
                             Lighthouse (mobile) RUNS times on every chapter
                             page of target/book, as a Markdown table
       xtask-browser weigh   each page's first-load weight, as Markdown
       xtask-browser pdf     print target/book/print.html to
                             target/book/ml-math-notes.pdf";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["check", options @ ..] => match parse_check(options) {
            Some((page, screenshots)) => check(page, screenshots),
            None => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        },
        ["check-subpath", site, prefix] => check_sub_path(Path::new(site), prefix),
        ["lighthouse", runs] => match runs.parse() {
            Ok(runs) if runs > 0 => lighthouse(runs),
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        },
        ["weigh"] => weigh(),
        ["pdf"] => pdf(),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The options of `check`: a page to check alone, and a screenshot folder.
fn parse_check<'a>(mut options: &[&'a str]) -> Option<(Option<&'a str>, Option<PathBuf>)> {
    let (mut page, mut screenshots) = (None, None);
    loop {
        match options {
            [] => return Some((page, screenshots)),
            ["--page", name, rest @ ..] => (page, options) = (Some(*name), rest),
            ["--screenshots", dir, rest @ ..] => {
                (screenshots, options) = (Some(PathBuf::from(dir)), rest);
            }
            _ => return None,
        }
    }
}

/// Runs every check; the last line on standard output is the summary that
/// `cargo xtask test` shows.
fn check(page: Option<&str>, screenshots: Option<PathBuf>) -> anyhow::Result<()> {
    let crates = doctest::build_block_crates()?;
    match check_site(&project::site_dir(), &crates, screenshots.as_deref(), page)? {
        Outcome::Checked {
            pages,
            run_buttons,
            weights,
        } => {
            eprintln!("{}", weight::markdown_table(&weights, is_chapter));
            let saved = screenshots
                .map(|dir| format!("; screenshots in {}", project::display(&dir)))
                .unwrap_or_default();
            println!(
                "{pages} pages in {} themes, {run_buttons} Run-button blocks compiled and run{saved}",
                THEMES.len()
            );
        }
        Outcome::Skipped(why) => println!("{why}"),
    }
    Ok(())
}

/// Checks the site in `site` served under `prefix`; the last line on
/// standard output is the summary that `cargo xtask test` shows.
fn check_sub_path(site: &Path, prefix: &str) -> anyhow::Result<()> {
    match xtask_browser::sub_path::check_sub_path(site, prefix)? {
        Ok(checked) => println!(
            "{} pages under {prefix}, sidebar and previous/next links, search (\"{}\": {} results), a deep 404",
            checked.pages,
            xtask_browser::sub_path::SEARCH_WORD,
            checked.search_results
        ),
        Err(why) => println!("{why}"),
    }
    Ok(())
}

/// Prints the book to its PDF; the last line on standard output says what
/// was written (or why nothing was).
fn pdf() -> anyhow::Result<()> {
    match xtask_browser::pdf::print_book(&project::site_dir())? {
        Ok(printed) => println!(
            "{} chapters, {:.1} MB, in {}",
            printed.chapters,
            printed.bytes as f64 / 1e6,
            project::display(&printed.path)
        ),
        Err(why) => println!("{why}"),
    }
    Ok(())
}

/// Prints the Lighthouse table (or why Lighthouse did not run); fails on
/// the first problem found, after auditing every page.
fn lighthouse(runs: usize) -> anyhow::Result<()> {
    match xtask_browser::lighthouse::audit_site(&project::site_dir(), runs)? {
        Ok(scores) => print!("{}", xtask_browser::lighthouse::markdown_table(&scores)),
        Err(why) => println!("{why}"),
    }
    Ok(())
}

/// Whether the budget holds `page` of the last build (see `markdown_table`).
fn is_chapter(page: &str) -> bool {
    xtask::site::is_chapter(&project::book_src(), Path::new(page))
}

/// Prints the weight table, or nothing without Chromium.
fn weigh() -> anyhow::Result<()> {
    if let Some(weights) = weigh_pages(&project::site_dir())? {
        print!("{}", weight::markdown_table(&weights, is_chapter));
    }
    Ok(())
}
