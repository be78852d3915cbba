//! The command line of `cargo xtask`.

use std::process::ExitCode;

const USAGE: &str = "\
Usage: cargo xtask <command>

Commands:
  build-book [--out DIR]
                        render the figures and build the site into
                        target/book/ (or DIR)
  test [--screenshots]  run every check: lints, unit and tidy tests, the build
                        and its HTML, the code blocks of every chapter,
                        every page in headless Chromium (Run buttons too),
                        and the site served under /ml-math-notes/;
                        --screenshots saves every page in the light and coal
                        themes to target/screenshots/
  check-browser [--screenshots]
                        only the browser checks, on the last build (quicker
                        while working on the theme or the pages)
  serve [--port N]      build, serve on http://127.0.0.1:N (default 3000) and
                        rebuild when a source changes
  pdf                   build the site and print the whole book to
                        target/book/ml-math-notes.pdf with Chromium (the
                        site then links to it); checks its text with
                        pdftotext (Debian: poppler-utils)
  lighthouse [--runs N] Lighthouse (mobile) on every chapter page of the last
                        build, served compressed: accessibility must be 100
                        and best practices 95 or more; performance (median
                        of N runs, default 3) is reported. Installs
                        Lighthouse from npm into target/lighthouse/
  bench [--runs N] [--quick]
                        time the build, a one-chapter rebuild, the doctests and
                        the full test (median of N runs, default 5), and weigh
                        every page and figure; report in target/bench/bench.md
                        (--quick: without the full test and the PDF)
  help                  print this
";

/// `bench`'s options: how many runs (default 5), and whether `--quick`.
fn bench_options(mut options: &[&str]) -> Result<(usize, bool), String> {
    let (mut runs, mut quick) = (5, false);
    loop {
        match options {
            [] => return Ok((runs, quick)),
            ["--quick", rest @ ..] => (quick, options) = (true, rest),
            ["--runs", n, rest @ ..] => match n.parse() {
                Ok(n) if n > 0 => (runs, options) = (n, rest),
                _ => return Err(format!("`{n}` is not a number of runs")),
            },
            [other, ..] => return Err(format!("`bench` has no option `{other}`")),
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["build-book"] => xtask::build_book(),
        ["build-book", "--out", dir] => xtask::build_book_into(&std::path::PathBuf::from(dir)),
        ["test"] => xtask::check::test::run(None),
        ["test", "--screenshots"] => xtask::check::test::run(Some(
            &xtask::project::root().join("target").join("screenshots"),
        )),
        ["pdf"] => xtask::pdf::run(),
        ["bench", options @ ..] => match bench_options(options) {
            Ok((runs, quick)) => xtask::dev::bench::run(runs, quick),
            Err(why) => usage_error(&why),
        },
        ["lighthouse"] => lighthouse(3),
        ["lighthouse", "--runs", runs] => match runs.parse() {
            Ok(runs) if runs > 0 => lighthouse(runs),
            _ => usage_error(&format!("`{runs}` is not a number of runs")),
        },
        ["check-browser"] => xtask::check::test::browser_only(None),
        ["check-browser", "--screenshots"] => {
            xtask::check::test::browser_only(Some(&screenshots_dir()))
        }
        ["serve"] => xtask::dev::serve::run(3000),
        ["serve", "--port", port] => match port.parse() {
            Ok(port) => xtask::dev::serve::run(port),
            Err(_) => usage_error(&format!("`{port}` is not a port number")),
        },
        ["help"] | ["--help"] | ["-h"] | [] => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => usage_error(&format!("unknown command `{}`", args.join(" "))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nerror: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask lighthouse`: prints the scores' table.
fn lighthouse(runs: usize) -> anyhow::Result<()> {
    print!("{}", xtask::check::browser::lighthouse(runs)?);
    Ok(())
}

fn screenshots_dir() -> std::path::PathBuf {
    xtask::project::root().join("target").join("screenshots")
}

fn usage_error(message: &str) -> anyhow::Result<()> {
    anyhow::bail!("{message}\n\n{USAGE}")
}
