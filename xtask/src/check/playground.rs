//! The Run button, for real: what the pages send to the Rust playground is
//! compiled and run here, with the book's pinned ndarray, rand and
//! rand_distr, and checked against the output the book shows.
//!
//! Blocks that must not run are checked for what they claim: `no_run`
//! blocks compile, `compile_fail` blocks do not, `should_panic` blocks exit
//! with a panic.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::Context;

use crate::check::doctest::{BLOCK_CRATES, BlockCrates};
use crate::limited::{self, Finished, Limits, Stopped, scaled};
use crate::problem::indent;
use crate::project;

/// The crates the stub playground lists as available. The real playground
/// carries the most downloaded crates, these among them.
pub fn crate_list_json() -> String {
    let crates: Vec<String> = BLOCK_CRATES
        .iter()
        .map(|name| format!("{{\"name\":\"{name}\",\"version\":\"0\",\"id\":\"{name}\"}}"))
        .collect();
    format!("{{\"crates\":[{}]}}", crates.join(","))
}

/// What a block claims, from its code block's classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// Compiles, runs and exits successfully.
    Runs,
    /// Compiles, runs and panics.
    Panics,
    /// Compiles; not run.
    Compiles,
    /// Does not compile.
    FailsToCompile,
    /// Not checked (`ignore`).
    Nothing,
}

impl Claim {
    pub fn from_classes(classes: &[String]) -> Claim {
        let has = |name: &str| classes.iter().any(|class| class == name);
        if has("ignore") {
            Claim::Nothing
        } else if has("compile_fail") {
            Claim::FailsToCompile
        } else if has("no_run") {
            Claim::Compiles
        } else if has("should_panic") {
            Claim::Panics
        } else {
            Claim::Runs
        }
    }
}

/// One block to check: where it is, its code as the page sends it (or
/// holds it), and the output the book shows for it.
#[derive(Debug, Clone)]
pub struct Block {
    /// `page.html, block N (book/chapter.md:LINE)`, for messages.
    pub place: String,
    pub code: String,
    pub edition: String,
    pub claim: Claim,
    pub expected: Option<String>,
}

/// Compiles and runs every page's blocks as they arrive on `pages`, one
/// compiler per core, while the sender may still be finding more (the
/// browser checks send each page's blocks as soon as the page is done).
/// Returns the problems in the order of the blocks' `Order` keys.
pub fn check_blocks(
    pages: std::sync::mpsc::Receiver<Vec<(Order, Block)>>,
    crates: &BlockCrates,
) -> anyhow::Result<Vec<String>> {
    let work = project::scratch_dir("run-button");
    fs_err::create_dir_all(&work)
        .with_context(|| format!("creating {}", project::display(&work)))?;
    let pages = std::sync::Mutex::new(pages);
    let numbered = std::sync::atomic::AtomicUsize::new(0);
    let problems = std::sync::Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(1, |cores| cores.get());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    // Each worker waits for the next page (the lock is let
                    // go before compiling); the channel closing ends it.
                    let next = pages.lock().expect("pages lock").recv();
                    let Ok(page) = next else {
                        break;
                    };
                    let number = numbered.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let found = check_page_blocks(&page, &format!("page{number}"), crates, &work);
                    problems.lock().expect("problems lock").extend(found);
                }
            });
        }
    });
    let mut problems = problems.into_inner().expect("problems lock");
    problems.sort();
    Ok(problems.into_iter().map(|(_, problem)| problem).collect())
}

/// Where a block is in the book: (page number, block number on the page).
pub type Order = (usize, usize);

/// Checks one page's blocks. Those that must compile are compiled as one
/// program when they can be (see `merged_program`): one compiler start and
/// one link for the page instead of one per block. If that program does
/// not compile, each block is compiled alone, so the error names its block.
fn check_page_blocks(
    page: &[(Order, Block)],
    name: &str,
    crates: &BlockCrates,
    work: &Path,
) -> Vec<(Order, String)> {
    let compiles =
        |block: &Block| matches!(block.claim, Claim::Runs | Claim::Panics | Claim::Compiles);
    let together: Vec<&(Order, Block)> = page
        .iter()
        .filter(|(_, block)| compiles(block) && block.edition == page[0].1.edition)
        .collect();
    let merged = if together.len() > 1 {
        let blocks: Vec<&Block> = together.iter().map(|(_, block)| block).collect();
        compile_merged(&blocks, name, crates, work).ok().flatten()
    } else {
        None
    };
    let mut problems = Vec::new();
    for (index, (order, block)) in page.iter().enumerate() {
        let outcome = match (&merged, together.iter().position(|(o, _)| o == order)) {
            (Some(_), Some(_)) if block.claim == Claim::Compiles => Ok(None),
            (Some(binary), Some(number)) => judge_run(block, binary, &[number.to_string()]),
            _ => check_block(block, &format!("{name}-block{index}"), crates, work),
        };
        let found = match outcome {
            Ok(None) => continue,
            Ok(Some(why)) => format!("{}: {why}", block.place),
            Err(error) => format!("{}: could not be checked: {error:#}", block.place),
        };
        problems.push((*order, found));
    }
    problems
}

/// One program holding every block of `blocks`, each in a module of its
/// own, whose `main` runs the block numbered by its first argument (as
/// rustdoc merges a chapter's doctests). A block's `main` is called from its
/// own module, so it stays private as the reader wrote it; its result is
/// reported as Rust reports the result of `main`.
fn merged_program(blocks: &[&Block]) -> String {
    let mut program = String::from("#![allow(warnings)]\n");
    for (number, block) in blocks.iter().enumerate() {
        program.push_str(&format!(
            "mod block{number} {{\n{}\npub(crate) fn xtask_run() -> impl std::process::Termination {{ main() }}\n}}\n",
            block.code
        ));
    }
    program.push_str("fn main() -> std::process::ExitCode {\n    use std::process::Termination;\n    match std::env::args().nth(1).as_deref() {\n");
    for number in 0..blocks.len() {
        program.push_str(&format!(
            "        Some(\"{number}\") => block{number}::xtask_run().report(),\n"
        ));
    }
    program.push_str("        _ => std::process::ExitCode::FAILURE,\n    }\n}\n");
    program
}

/// Compiles `merged_program(blocks)` in `work/name`; the binary, or `None`
/// if it does not compile.
fn compile_merged(
    blocks: &[&Block],
    name: &str,
    crates: &BlockCrates,
    work: &Path,
) -> anyhow::Result<Option<PathBuf>> {
    let compiled = compile(
        &merged_program(blocks),
        &blocks[0].edition,
        crates,
        &work.join(name),
    )?;
    Ok(compiled.binary)
}

/// Checks one block alone: compiles it in `work/name`, and runs it if it
/// claims to run.
fn check_block(
    block: &Block,
    name: &str,
    crates: &BlockCrates,
    work: &Path,
) -> anyhow::Result<Option<String>> {
    if block.claim == Claim::Nothing {
        return Ok(None);
    }
    let compiled = compile(&block.code, &block.edition, crates, &work.join(name))?;
    match (block.claim, compiled.binary) {
        (Claim::FailsToCompile, Some(_)) => Ok(Some("is marked compile_fail but compiles".into())),
        (Claim::FailsToCompile, None) | (Claim::Compiles, Some(_)) => Ok(None),
        (_, None) => Ok(Some(format!(
            "does not compile:\n{}",
            indent(&compiled.errors, "      ")
        ))),
        (_, Some(binary)) => judge_run(block, &binary, &[]),
    }
}

/// Runs `binary` with `args` as `block`, within the run limits, and checks
/// what it claims: that it exits successfully or panics, and prints what the
/// book shows.
fn judge_run(block: &Block, binary: &Path, args: &[String]) -> anyhow::Result<Option<String>> {
    let limits = run_limits();
    let finished = run_compiled_with(binary, args, limits)?;
    let (stdout, stderr) = (&finished.stdout, &finished.stderr);
    let Some(status) = finished.status else {
        return Ok(Some(match finished.stopped {
            Some(Stopped::OutputCap) => format!(
                "printed more than {} bytes and was stopped",
                limits.output_bytes
            ),
            _ => format!("did not finish within {}s", limits.time.as_secs()),
        }));
    };
    match (block.claim, status.success()) {
        (Claim::Panics, true) => {
            return Ok(Some("is marked should_panic but exits successfully".into()));
        }
        (Claim::Panics, false) if !stderr.contains("panicked") => {
            return Ok(Some(format!(
                "is marked should_panic but fails without a panic:\n{}",
                indent(stderr, "      ")
            )));
        }
        (Claim::Runs, false) => {
            return Ok(Some(format!(
                "exits with {status}:\n{}",
                indent(stderr, "      ")
            )));
        }
        _ => {}
    }
    if let Some(expected) = &block.expected {
        // A should_panic block shows its panic message, which goes to stderr.
        let actual = if block.claim == Claim::Panics {
            panic_message(stderr)
        } else {
            stdout.clone()
        };
        if normalize(&actual) != normalize(expected) {
            return Ok(Some(format!(
                "prints something other than the book shows.\n    The book shows:\n{}\n    The code prints:\n{}",
                indent(expected, "      "),
                indent(&actual, "      ")
            )));
        }
    }
    Ok(None)
}

/// What compiling a block gave: the program, or the compiler's errors.
pub struct Compiled {
    pub binary: Option<PathBuf>,
    pub errors: String,
}

/// The limits of one compilation: rustc on a block with ndarray takes a
/// second or two; a minute means something is wrong.
pub fn compile_limits() -> Limits {
    Limits {
        time: scaled(Duration::from_secs(60)),
        output_bytes: 1_000_000,
        memory_bytes: None,
    }
}

/// The limits of one run of a compiled block: the book's blocks finish in
/// well under a second and print a few lines.
pub fn run_limits() -> Limits {
    Limits {
        time: scaled(Duration::from_secs(10)),
        output_bytes: 100_000,
        memory_bytes: Some(1 << 30),
    }
}

/// Compiles `code` as the playground does, as the binary crate
/// `src/main.rs` in `dir` (so the compiler's messages name `src/main.rs`,
/// as the playground's do), with the block crates.
pub fn compile(
    code: &str,
    edition: &str,
    crates: &BlockCrates,
    dir: &Path,
) -> anyhow::Result<Compiled> {
    let source_dir = dir.join("src");
    fs_err::create_dir_all(&source_dir)
        .with_context(|| format!("creating {}", project::display(&source_dir)))?;
    let source = source_dir.join("main.rs");
    fs_err::write(&source, code)
        .with_context(|| format!("writing {}", project::display(&source)))?;
    let binary = dir.join("main");
    // A stale program must never pass for this code's.
    let _ = fs_err::remove_file(&binary);
    let mut rustc = Command::new("rustc");
    rustc
        .current_dir(dir)
        .args(["--edition", edition, "--crate-type", "bin", "-L"])
        .arg(&crates.deps);
    for flag in &crates.externs {
        rustc.args(["--extern", flag]);
    }
    rustc.args(["src/main.rs", "-o", "main", "-A", "warnings"]);
    let limits = compile_limits();
    let finished = limited::run(&rustc, limits).context("running rustc")?;
    if finished.stopped.is_some() {
        anyhow::bail!(
            "rustc did not finish within {}s (or printed more than {} bytes)",
            limits.time.as_secs(),
            limits.output_bytes
        );
    }
    Ok(Compiled {
        binary: finished.success().then_some(binary),
        errors: finished.stderr,
    })
}

/// Runs a compiled block within `limits`. The playground shows a panic
/// without a backtrace; so must we, whatever the caller's environment says.
pub fn run_compiled(binary: &Path, limits: Limits) -> anyhow::Result<Finished> {
    run_compiled_with(binary, &[], limits)
}

/// [`run_compiled`] with command-line arguments (a page's merged program
/// takes the number of the block to run).
fn run_compiled_with(binary: &Path, args: &[String], limits: Limits) -> anyhow::Result<Finished> {
    let mut program = Command::new(binary);
    program
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE");
    limited::run(&program, limits)
}

/// The message of a panic, from the standard panic report on stderr.
fn panic_message(stderr: &str) -> String {
    let mut lines = stderr
        .lines()
        .skip_while(|line| !line.contains("panicked at"));
    lines.next();
    lines
        .take_while(|line| !line.starts_with("note:"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Output compared line by line, ignoring trailing spaces and blank ends.
pub fn normalize(text: &str) -> String {
    text.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim_matches('\n')
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_follow_mdbook_classes() {
        let classes = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            Claim::from_classes(&classes(&["language-rust", "edition2024"])),
            Claim::Runs
        );
        assert_eq!(
            Claim::from_classes(&classes(&["language-rust", "should_panic"])),
            Claim::Panics
        );
        assert_eq!(
            Claim::from_classes(&classes(&["language-rust", "no_run"])),
            Claim::Compiles
        );
        assert_eq!(
            Claim::from_classes(&classes(&["language-rust", "compile_fail"])),
            Claim::FailsToCompile
        );
        assert_eq!(
            Claim::from_classes(&classes(&["language-rust", "ignore"])),
            Claim::Nothing
        );
    }

    fn block(code: &str, claim: Claim, expected: Option<&str>) -> Block {
        Block {
            place: "test".into(),
            code: code.into(),
            edition: "2024".into(),
            claim,
            expected: expected.map(str::to_owned),
        }
    }

    #[test]
    fn a_pages_blocks_run_as_one_program_each_as_if_alone() {
        let work = std::env::temp_dir().join(format!("xtask-merged-{}", std::process::id()));
        fs_err::create_dir_all(&work).unwrap();
        let crates = BlockCrates {
            deps: work.clone(),
            externs: Vec::new(),
        };
        let page = [
            block(
                "//! A module's doc.\nfn main() { println!(\"one\"); }",
                Claim::Runs,
                Some("one"),
            ),
            block(
                "fn main() { panic!(\"lengths differ\"); }",
                Claim::Panics,
                Some("lengths differ"),
            ),
            block(
                "fn main() -> Result<(), String> { Err(\"no\".into()) }",
                Claim::Runs,
                None,
            ),
            block(
                "fn main() { println!(\"two\"); }",
                Claim::Runs,
                Some("three"),
            ),
            block(
                "fn main() { let x: u8 = \"s\"; }",
                Claim::FailsToCompile,
                None,
            ),
        ];
        let orders: Vec<(Order, Block)> = page
            .iter()
            .enumerate()
            .map(|(i, b)| ((0, i), b.clone()))
            .collect();
        let merged = merged_program(&page[..4].iter().collect::<Vec<_>>());
        let problems = check_page_blocks(&orders, "merged-test", &crates, &work);
        // One program for the four that compile; the compile_fail block alone.
        let merged_binary = work.join("merged-test").join("main").is_file();
        let alone: Vec<bool> = (0..5)
            .map(|i| {
                let dir = work.join(format!("merged-test-block{i}"));
                dir.join("src").join("main.rs").is_file()
            })
            .collect();
        fs_err::remove_dir_all(&work).unwrap();
        assert!(merged_binary);
        assert_eq!(alone, [false, false, false, false, true]);
        assert!(merged.contains("mod block3 {"), "{merged}");
        let orders: Vec<Order> = problems.iter().map(|(order, _)| *order).collect();
        assert_eq!(orders, vec![(0, 2), (0, 3)], "{problems:?}");
        assert!(problems[0].1.contains("exits with"), "{problems:?}");
        assert!(
            problems[1].1.contains("The code prints:\n      two"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_block_that_breaks_the_merged_program_is_named_alone() {
        let work = std::env::temp_dir().join(format!("xtask-unmerged-{}", std::process::id()));
        fs_err::create_dir_all(&work).unwrap();
        let crates = BlockCrates {
            deps: work.clone(),
            externs: Vec::new(),
        };
        let page = vec![
            ((1, 0), block("fn main() {}", Claim::Runs, None)),
            (
                (1, 1),
                block("fn main() { undefined(); }", Claim::Runs, None),
            ),
        ];
        let problems = check_page_blocks(&page, "unmerged-test", &crates, &work);
        fs_err::remove_dir_all(&work).unwrap();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].0, (1, 1));
        assert!(problems[0].1.contains("does not compile"), "{problems:?}");
    }

    #[test]
    fn panic_message_is_read_from_stderr() {
        let stderr = "\nthread 'main' (1) panicked at src/main.rs:3:5:\nlengths differ (2 and 3)\nnote: run with `RUST_BACKTRACE=1`\n";
        assert_eq!(panic_message(stderr), "lengths differ (2 and 3)");
    }

    #[test]
    fn output_comparison_ignores_trailing_space_only() {
        assert_eq!(normalize("a \nb\n\n"), normalize("a\nb"));
        assert_ne!(normalize("a\nb"), normalize("a\nc"));
    }

    #[test]
    fn the_crate_list_names_each_block_crate() {
        let json: serde_json::Value = serde_json::from_str(&crate_list_json()).unwrap();
        let ids: Vec<&str> = json["crates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, BLOCK_CRATES);
    }
}
