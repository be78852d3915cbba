//! Testing every Rust block of every chapter, as `mdbook test` does, with
//! ndarray, rand and rand_distr linked reliably.
//!
//! `mdbook test -L target/debug/deps` breaks (E0464) as soon as the workspace
//! has two builds of a crate. So the blocks' crates are built in a crate of
//! their own (its own `[workspace]`, the workspace's Cargo.lock, so the same
//! versions), for the host target, into its own target folder; rustdoc then
//! gets `-L` to that one `deps` folder. Chapters are tested in parallel, and
//! a failing block is reported at its line in the chapter's source.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use mdbook_driver::book::BookItem;
use mdbook_driver::config::RustEdition;
use mdbook_preprocessor::PreprocessorContext;

use crate::problem::indent;
use crate::project;

/// The crates a code block may use, besides std. Their versions come from
/// `[workspace.dependencies]`.
pub const BLOCK_CRATES: &[&str] = &["ndarray", "rand", "rand_distr"];

/// The built block crates: the folder to pass to `-L` for their own
/// dependencies, and one `name=path` per crate for `--extern`.
///
/// Naming each rlib exactly matters: after a version change the folder holds
/// the old and the new build of a crate, and `-L` alone then fails with
/// E0464 ("multiple candidates").
#[derive(Clone)]
pub struct BlockCrates {
    pub deps: PathBuf,
    pub externs: Vec<String>,
}

/// Builds the block crates and says where they are.
pub fn build_block_crates() -> anyhow::Result<BlockCrates> {
    let dir = project::scratch_dir("block-crates");
    let create = |path: &Path| {
        fs_err::create_dir_all(path).with_context(|| format!("creating {}", project::display(path)))
    };
    create(&dir.join("src"))?;
    write_if_changed(&dir.join("Cargo.toml"), &block_crates_manifest()?)?;
    write_if_changed(
        &dir.join("src/lib.rs"),
        "//! Links the crates the book's code blocks use.\n",
    )?;
    // Starting from the workspace's lock file pins the same versions; cargo
    // then drops the entries this small crate does not need.
    let lock_path = project::root().join("Cargo.lock");
    let lock = fs_err::read_to_string(&lock_path)
        .with_context(|| format!("reading {}", project::display(&lock_path)))?;
    write_if_changed(&dir.join("Cargo.lock"), &lock)?;
    let host = host_triple()?;
    let output = project::cargo()
        .args([
            "build",
            "--quiet",
            "--message-format=json-render-diagnostics",
        ])
        .args(["--target", &host, "--target-dir"])
        .arg(dir.join("target"))
        .current_dir(&dir)
        .stderr(std::process::Stdio::inherit())
        .output()
        .context("running cargo to build the code blocks' crates")?;
    if !output.status.success() {
        bail!(
            "building ndarray, rand and rand_distr for the code blocks failed (in {})",
            project::display(&dir)
        );
    }
    let externs = extern_flags(&String::from_utf8_lossy(&output.stdout))?;
    Ok(BlockCrates {
        deps: dir.join("target").join(host).join("debug").join("deps"),
        externs,
    })
}

/// `name=path` for each block crate, from cargo's JSON build messages, which
/// name every artifact, freshly built or not.
fn extern_flags(messages: &str) -> anyhow::Result<Vec<String>> {
    let mut found = Vec::new();
    for line in messages.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let name = message["target"]["name"].as_str().unwrap_or_default();
        if message["reason"] != "compiler-artifact" || !BLOCK_CRATES.contains(&name) {
            continue;
        }
        let rlib = message["filenames"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|file| file.as_str())
            .find(|file| file.ends_with(".rlib"));
        if let Some(rlib) = rlib {
            found.push(format!("{name}={rlib}"));
        }
    }
    for name in BLOCK_CRATES {
        anyhow::ensure!(
            found
                .iter()
                .any(|flag| flag.starts_with(&format!("{name}="))),
            "cargo built no rlib for `{name}`, a crate the code blocks use"
        );
    }
    Ok(found)
}

/// A manifest depending on the block crates at the workspace's versions.
fn block_crates_manifest() -> anyhow::Result<String> {
    let text = fs_err::read_to_string(project::root().join("Cargo.toml"))?;
    let manifest: toml::Table = text.parse()?;
    let dependencies = manifest
        .get("workspace")
        .and_then(|w| w.get("dependencies"))
        .and_then(|d| d.as_table())
        .context("Cargo.toml has no [workspace.dependencies]")?;
    let mut out = String::from(
        "# Written by `cargo xtask`: the crates the book's code blocks use.\n[package]\nname = \"book-block-crates\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n[dependencies]\n",
    );
    for name in BLOCK_CRATES {
        let spec = dependencies
            .get(*name)
            .with_context(|| format!("[workspace.dependencies] has no `{name}`"))?;
        out.push_str(&format!("{name} = {spec}\n"));
    }
    Ok(out)
}

fn write_if_changed(path: &Path, text: &str) -> anyhow::Result<()> {
    if fs_err::read_to_string(path).ok().as_deref() != Some(text) {
        fs_err::write(path, text).with_context(|| format!("writing {}", project::display(path)))?;
    }
    Ok(())
}

/// The host's target triple, from `rustc -vV`.
pub fn host_triple() -> anyhow::Result<String> {
    let output = Command::new("rustc")
        .arg("-vV")
        .output()
        .context("running rustc -vV")?;
    let text = String::from_utf8(output.stdout)?;
    text.lines()
        .find_map(|line| line.strip_prefix("host: "))
        .map(str::to_owned)
        .context("rustc -vV printed no host triple")
}

/// One chapter, as the test renderer sees it after the preprocessors.
struct TestChapter {
    path: PathBuf,
    source: PathBuf,
    content: String,
}

/// Tests every chapter's blocks (or only the chapter whose file name is
/// `only`). Returns the number of blocks that passed.
pub fn test_chapters(crates: &BlockCrates, only: Option<&str>) -> anyhow::Result<usize> {
    let book = crate::build::book::load(&project::root(), &project::scratch_dir("unused-build"))?;
    let edition = match book.config.rust.edition {
        Some(RustEdition::E2024) => "2024",
        other => bail!("book.toml must set [rust] edition = \"2024\" (found {other:?})"),
    };
    let (preprocessed, _): (_, PreprocessorContext) = book.preprocess_book(&TestRenderer)?;
    let src = project::book_src();
    let chapters: Vec<TestChapter> = preprocessed
        .iter()
        .filter_map(|item| match item {
            BookItem::Chapter(ch) => Some(TestChapter {
                path: ch.path.clone()?,
                source: src.join(ch.source_path.clone()?),
                content: ch.content.clone(),
            }),
            _ => None,
        })
        .filter(|ch| only.is_none_or(|name| ch.path.to_str() == Some(name)))
        .collect();
    if let Some(name) = only
        && chapters.is_empty()
    {
        bail!("no chapter file `{name}` in book/SUMMARY.md");
    }
    let work = project::scratch_dir("doctest");
    fs_err::create_dir_all(&work)?;
    let results: Vec<anyhow::Result<Outcome>> = std::thread::scope(|scope| {
        let handles: Vec<_> = chapters
            .iter()
            .map(|chapter| scope.spawn(|| test_chapter(chapter, crates, edition, &work)))
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("doctest thread panicked"))
            .collect()
    });
    let mut passed = 0;
    let mut failures = Vec::new();
    for result in results {
        let outcome = result?;
        passed += outcome.passed;
        failures.extend(outcome.failures);
    }
    if !failures.is_empty() {
        bail!(
            "{} code block(s) failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
    Ok(passed)
}

struct Outcome {
    passed: usize,
    failures: Vec<String>,
}

fn test_chapter(
    chapter: &TestChapter,
    crates: &BlockCrates,
    edition: &str,
    work: &Path,
) -> anyhow::Result<Outcome> {
    let file = work.join(&chapter.path);
    if let Some(parent) = file.parent() {
        fs_err::create_dir_all(parent)?;
    }
    fs_err::write(&file, &chapter.content)?;
    let mut rustdoc = Command::new("rustdoc");
    rustdoc
        .arg("--test")
        .arg(&chapter.path)
        .args(["--edition", edition, "-L"])
        .arg(&crates.deps);
    for flag in &crates.externs {
        rustdoc.args(["--extern", flag]);
    }
    let output = rustdoc
        .current_dir(work)
        .output()
        .context("running rustdoc --test")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let passed = stdout
        .lines()
        .filter(|line| line.starts_with("test ") && line.ends_with("... ok"))
        .count();
    if output.status.success() {
        return Ok(Outcome {
            passed,
            failures: Vec::new(),
        });
    }
    let raw = fs_err::read_to_string(&chapter.source).unwrap_or_default();
    let mut failures: Vec<String> = failed_block_lines(&stdout)
        .into_iter()
        .map(|line| {
            let source_line = source_line_of_block(&chapter.content, &raw, line);
            format!(
                "  {}:{source_line}: code block failed",
                project::display(&chapter.source)
            )
        })
        .collect();
    if failures.is_empty() {
        failures.push(format!(
            "  {}: rustdoc failed",
            project::display(&chapter.source)
        ));
    }
    failures.push(indent(&format!("{stdout}{stderr}"), "    | "));
    Ok(Outcome { passed, failures })
}

/// Lines (in the preprocessed chapter) of the blocks rustdoc reports failed:
/// it names them `file - Heading (line N)`.
fn failed_block_lines(stdout: &str) -> Vec<usize> {
    let Some(start) = stdout.find("\nfailures:\n") else {
        return Vec::new();
    };
    let mut lines: Vec<usize> = stdout[start..]
        .lines()
        .filter_map(|line| {
            line.trim()
                .strip_suffix(')')?
                .rsplit_once("(line ")?
                .1
                .parse()
                .ok()
        })
        .collect();
    lines.sort_unstable();
    lines.dedup();
    lines
}

/// Maps the line of a code block in the preprocessed chapter to its line in
/// the chapter's source, by counting code fences: includes change how many
/// lines a block has, not how many blocks come before it.
pub fn source_line_of_block(preprocessed: &str, raw: &str, line: usize) -> usize {
    let index = fence_lines(preprocessed)
        .iter()
        .take_while(|&&start| start < line)
        .count();
    match index
        .checked_sub(1)
        .and_then(|i| fence_lines(raw).get(i).copied())
    {
        Some(start) => start,
        None => line,
    }
}

/// The 1-based lines where code blocks open.
fn fence_lines(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut open: Option<&str> = None;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let fence = if trimmed.starts_with("```") {
            "```"
        } else if trimmed.starts_with("~~~") {
            "~~~"
        } else {
            continue;
        };
        match open {
            None => {
                starts.push(index + 1);
                open = Some(fence);
            }
            Some(kind)
                if kind == fence
                    && trimmed
                        .trim_end()
                        .trim_start_matches(fence.chars().next().unwrap_or('`'))
                        .is_empty() =>
            {
                open = None
            }
            Some(_) => {}
        }
    }
    starts
}

/// A renderer that renders nothing: mdBook runs the preprocessors that
/// support "test" for it (includes yes, KaTeX and figures no).
struct TestRenderer;

impl mdbook_renderer::Renderer for TestRenderer {
    fn name(&self) -> &str {
        "test"
    }

    fn render(&self, _: &mdbook_renderer::RenderContext) -> anyhow::Result<()> {
        Ok(())
    }
}
