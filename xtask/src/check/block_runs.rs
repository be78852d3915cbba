//! Every Run-button block of the book, compiled and run as the playground
//! would, and judged against what it claims (runs and prints the output the
//! book shows, compiles, fails to compile, panics). The blocks of a page
//! are compiled as one program, one compiler per core.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::check::doctest::BlockCrates;
use crate::check::playground::{
    Block, Claim, compile, normalize, panic_message, run_compiled_with, run_limits,
};
use crate::limited::Stopped;
use crate::problem::indent;
use crate::project;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
