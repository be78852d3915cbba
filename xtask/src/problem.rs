//! A problem found in a source file, reported as `path:line: message` so
//! that editors and terminals can jump to it.

use std::fmt;
use std::ops::Range;
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

/// The byte range of the line of `text` that holds `offset`, without its
/// line break.
pub fn line_around(text: &str, offset: usize) -> Range<usize> {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    start..end
}

/// The line of `source` that holds `line` of `content`, found with the
/// lines around it, since a line alone (`$$`, say) may appear many times.
pub fn source_line_in_context(source: &Path, content: &str, line: &Range<usize>) -> usize {
    let before = line_around(content, line.start.saturating_sub(1)).start;
    let after = line_around(content, (line.end + 1).min(content.len())).end;
    let context = &content[before..after];
    fs_err::read_to_string(source)
        .ok()
        .and_then(|text| {
            let found = text.find(context)?;
            Some(line_of(&text, found + (line.start - before)))
        })
        .unwrap_or_else(|| source_line(source, &content[line.clone()]))
}

/// The line of `source` where `tex` first appears (1 if it is not found,
/// say because an include brought it in).
pub fn source_line(source: &Path, tex: &str) -> usize {
    fs_err::read_to_string(source)
        .ok()
        .and_then(|text| text.find(tex).map(|offset| line_of(&text, offset)))
        .unwrap_or(1)
}
