//! A problem found in a source file, reported as `path:line: message` so
//! that editors and terminals can jump to it.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::project;

/// Something wrong at one line of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

impl Problem {
    pub fn new(file: &Path, line: usize, message: impl Into<String>) -> Self {
        Problem {
            file: file.to_path_buf(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}",
            project::display(&self.file),
            self.line,
            self.message
        )
    }
}

/// `Ok` if there are no problems, else an error listing them all.
pub fn report(what: &str, problems: Vec<Problem>) -> anyhow::Result<()> {
    if problems.is_empty() {
        return Ok(());
    }
    let mut text = format!("{} problem(s) with {what}:", problems.len());
    for problem in &problems {
        text.push_str("\n  ");
        text.push_str(&problem.to_string());
    }
    anyhow::bail!(text)
}

/// The 1-based line number of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// `text` with `prefix` in front of every line, for nesting tool output
/// inside a message.
pub fn indent(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|line| format!("{prefix}{line}"))
        .collect::<Vec<_>>()
        .join("\n")
}
