//! The Run button, for real: what the pages send to the Rust playground is
//! compiled and run here, with the book's pinned ndarray, rand and
//! rand_distr, and checked against the output the book shows.
//!
//! Blocks that must not run are checked for what they claim: `no_run`
//! blocks compile, `compile_fail` blocks do not, `should_panic` blocks exit
//! with a panic.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;

use crate::check::doctest::{BLOCK_CRATES, BlockCrates};
use crate::problem::indent;
use crate::project;

/// How long a block may run before it counts as hung.
const RUN_LIMIT: Duration = Duration::from_secs(10);

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

/// Compiles and runs every block as it arrives on `blocks`, one compiler
/// per core, while the sender may still be finding more (the browser checks
/// send each page's blocks as soon as the page is done). Returns the
/// problems in the order of the blocks' `order` keys.
pub fn check_blocks(
    blocks: std::sync::mpsc::Receiver<(Order, Block)>,
    crates: &BlockCrates,
) -> anyhow::Result<Vec<String>> {
    let (deps, externs) = (&crates.deps, &crates.externs);
    let work = project::scratch_dir("run-button");
    std::fs::create_dir_all(&work)
        .with_context(|| format!("creating {}", project::display(&work)))?;
    let blocks = std::sync::Mutex::new(blocks);
    let numbered = std::sync::atomic::AtomicUsize::new(0);
    let problems = std::sync::Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(1, |cores| cores.get());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    // Each worker waits for the next block (the lock is let
                    // go before compiling); the channel closing ends it.
                    let next = blocks.lock().expect("blocks lock").recv();
                    let Ok((order, block)) = next else {
                        break;
                    };
                    let number = numbered.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let found = match check_block(&block, number, deps, externs, &work) {
                        Ok(None) => continue,
                        Ok(Some(why)) => format!("{}: {why}", block.place),
                        Err(error) => format!("{}: could not be checked: {error:#}", block.place),
                    };
                    problems.lock().expect("problems lock").push((order, found));
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

fn check_block(
    block: &Block,
    index: usize,
    deps: &Path,
    externs: &[String],
    work: &Path,
) -> anyhow::Result<Option<String>> {
    if block.claim == Claim::Nothing {
        return Ok(None);
    }
    let source = work.join(format!("block{index}.rs"));
    let binary = work.join(format!("block{index}"));
    std::fs::write(&source, &block.code)
        .with_context(|| format!("writing {}", project::display(&source)))?;
    let mut rustc = Command::new("rustc");
    rustc
        .args(["--edition", &block.edition, "--crate-type", "bin", "-L"])
        .arg(deps);
    for flag in externs {
        rustc.args(["--extern", flag]);
    }
    let compiled = rustc
        .arg(&source)
        .arg("-o")
        .arg(&binary)
        .args(["-A", "warnings"])
        .output()
        .context("running rustc")?;
    let compile_errors = String::from_utf8_lossy(&compiled.stderr).into_owned();
    match (block.claim, compiled.status.success()) {
        (Claim::FailsToCompile, true) => {
            return Ok(Some("is marked compile_fail but compiles".into()));
        }
        (Claim::FailsToCompile, false) => return Ok(None),
        (_, false) => {
            return Ok(Some(format!(
                "does not compile:\n{}",
                indent(&compile_errors, "      ")
            )));
        }
        (Claim::Compiles, true) => return Ok(None),
        _ => {}
    }
    let (status, stdout, stderr) = run_with_limit(&binary)?;
    let Some(status) = status else {
        return Ok(Some(format!(
            "did not finish within {}s",
            RUN_LIMIT.as_secs()
        )));
    };
    match (block.claim, status.success()) {
        (Claim::Panics, true) => {
            return Ok(Some("is marked should_panic but exits successfully".into()));
        }
        (Claim::Panics, false) if !stderr.contains("panicked") => {
            return Ok(Some(format!(
                "is marked should_panic but fails without a panic:\n{}",
                indent(&stderr, "      ")
            )));
        }
        (Claim::Runs, false) => {
            return Ok(Some(format!(
                "exits with {status}:\n{}",
                indent(&stderr, "      ")
            )));
        }
        _ => {}
    }
    if let Some(expected) = &block.expected {
        // A should_panic block shows its panic message, which goes to stderr.
        let actual = if block.claim == Claim::Panics {
            panic_message(&stderr)
        } else {
            stdout
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

/// Runs `binary`, killing it after `RUN_LIMIT`: (status, stdout, stderr),
/// with no status if it was killed.
fn run_with_limit(
    binary: &PathBuf,
) -> anyhow::Result<(Option<std::process::ExitStatus>, String, String)> {
    // The playground shows a panic without a backtrace; so must we, whatever
    // the caller's environment says.
    let mut child = Command::new(binary)
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(Stdio::null())
        .spawn()?;
    let mut stdout = child.stdout.take().context("stdout")?;
    let mut stderr = child.stderr.take().context("stderr")?;
    let out_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let err_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if started.elapsed() > RUN_LIMIT {
            child.kill()?;
            child.wait()?;
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    Ok((status, stdout, stderr))
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
fn normalize(text: &str) -> String {
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
