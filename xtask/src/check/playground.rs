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
use crate::limited::{self, Finished, Limits, scaled};
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
pub fn run_compiled_with(
    binary: &Path,
    args: &[String],
    limits: Limits,
) -> anyhow::Result<Finished> {
    let mut program = Command::new(binary);
    program
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE");
    limited::run(&program, limits)
}

/// The message of a panic, from the standard panic report on stderr.
pub fn panic_message(stderr: &str) -> String {
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
