//! Checks mdBook's `{{#include}}`, `{{#rustdoc_include}}` and
//! `{{#playground}}` directives before mdBook expands them.
//!
//! mdBook leaves a directive with a missing file in the page as raw text and
//! turns a misspelled anchor into an empty snippet, and neither fails its
//! build. This check runs first and fails with the chapter, line and reason.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use mdbook_driver::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use regex::Regex;

use crate::problem::{self, Problem, line_of};
use crate::project;

/// The same pattern mdBook's links preprocessor uses, so both see the same
/// directives; an escaped `\{{#...}}` matches the first branch and is skipped.
static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?x)\\\{\{\#.*\}\} | \{\{\s*\#([a-zA-Z0-9_]+)\s+([^}]+)\}\}").expect("valid regex")
});

/// One `{{#kind target}}` directive that pulls in a file.
#[derive(Debug, PartialEq, Eq)]
pub struct Include {
    pub kind: String,
    /// The target as written, e.g. `../src/a.rs:anchor`.
    pub target: String,
    pub path: PathBuf,
    pub selection: Selection,
    pub line: usize,
}

/// Which part of the file a directive takes.
#[derive(Debug, PartialEq, Eq)]
pub enum Selection {
    Whole,
    Lines {
        start: Option<usize>,
        end: Option<usize>,
    },
    Anchor(String),
}

/// Every file-including directive in `content`, with its line number.
pub fn find_includes(content: &str) -> Vec<Include> {
    DIRECTIVE
        .captures_iter(content)
        .filter_map(|captures| {
            let kind = captures.get(1)?.as_str();
            if !matches!(kind, "include" | "rustdoc_include" | "playground") {
                return None;
            }
            let target = captures.get(2)?.as_str().split_whitespace().next()?;
            let (path, selection) = parse_target(target);
            let line = line_of(content, captures.get(0)?.start());
            Some(Include {
                kind: kind.to_owned(),
                target: target.to_owned(),
                path: PathBuf::from(path),
                selection,
                line,
            })
        })
        .collect()
}

fn parse_target(target: &str) -> (&str, Selection) {
    let Some((path, rest)) = target.split_once(':') else {
        return (target, Selection::Whole);
    };
    let number = |s: &str| s.parse::<usize>().ok();
    let selection = match rest.split_once(':') {
        Some((start, end))
            if (start.is_empty() || number(start).is_some())
                && (end.is_empty() || number(end).is_some()) =>
        {
            Selection::Lines {
                start: number(start),
                end: number(end),
            }
        }
        None if number(rest).is_some() => Selection::Lines {
            start: number(rest),
            end: None,
        },
        _ => Selection::Anchor(rest.to_owned()),
    };
    (path, selection)
}

/// The lines of `text` between `ANCHOR: name` and `ANCHOR_END: name`, without
/// any anchor marker lines, as mdBook takes them.
pub fn anchored_lines(text: &str, name: &str) -> Result<String, String> {
    let is_marker = |line: &str, marker: &str| {
        line.split_once(marker)
            .is_some_and(|(_, rest)| rest.trim() == name)
    };
    let mut lines = text.lines();
    if !lines.by_ref().any(|line| is_marker(line, "ANCHOR:")) {
        let known = anchor_names(text);
        return Err(if known.is_empty() {
            format!("there is no anchor `{name}` (the file has no anchors)")
        } else {
            format!(
                "there is no anchor `{name}` (anchors there: {})",
                known.join(", ")
            )
        });
    }
    let mut taken = Vec::new();
    for line in lines {
        if is_marker(line, "ANCHOR_END:") {
            return Ok(taken.join("\n"));
        }
        if !line.contains("ANCHOR:") && !line.contains("ANCHOR_END:") {
            taken.push(line);
        }
    }
    Err(format!("anchor `{name}` has no `ANCHOR_END: {name}`"))
}

fn anchor_names(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.split_once("ANCHOR:"))
        .map(|(_, name)| name.trim().to_owned())
        .collect()
}

/// Problems with the includes of the chapter at `chapter` (a path under the
/// book's sources) whose text is `content`.
pub fn check_chapter(chapter: &Path, content: &str) -> Vec<Problem> {
    let folder = chapter.parent().unwrap_or(Path::new(""));
    find_includes(content)
        .into_iter()
        .filter_map(|include| {
            let target = folder.join(&include.path);
            check_include(&include, &target).err().map(|why| {
                let message = format!("{{{{#{} {}}}}}: {why}", include.kind, include.target);
                Problem::new(chapter, include.line, message)
            })
        })
        .collect()
}

fn check_include(include: &Include, target: &Path) -> Result<(), String> {
    let text = fs_err::read_to_string(target)
        .map_err(|error| format!("cannot read {}: {error}", project::display(target)))?;
    let snippet = match &include.selection {
        Selection::Whole => text,
        Selection::Anchor(name) => anchored_lines(&text, name)?,
        Selection::Lines { start, end } => {
            let count = text.lines().count();
            let first = start.unwrap_or(1).max(1);
            let last = end.unwrap_or(count);
            if first > count || last < first {
                return Err(format!(
                    "lines {first} to {last} are not in the file ({count} lines)"
                ));
            }
            text.lines()
                .skip(first - 1)
                .take(last + 1 - first)
                .collect::<Vec<_>>()
                .join("\n")
        }
    };
    if snippet.trim().is_empty() {
        return Err("the included part is empty".to_owned());
    }
    Ok(())
}

/// Runs before mdBook's own `links` preprocessor and fails the build on any
/// include that would come out missing or empty.
pub struct IncludeCheck;

impl Preprocessor for IncludeCheck {
    fn name(&self) -> &str {
        "include-check"
    }

    fn run(&self, ctx: &PreprocessorContext, book: Book) -> anyhow::Result<Book> {
        let src = ctx.root.join(&ctx.config.book.src);
        let mut problems = Vec::new();
        for item in book.iter() {
            if let BookItem::Chapter(chapter) = item
                && let Some(path) = &chapter.source_path
            {
                problems.extend(check_chapter(&src.join(path), &chapter.content));
            }
        }
        problem::report("includes", problems)?;
        Ok(book)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_directives_with_lines_and_selections() {
        let text = "intro\n{{#include a.rs}}\n```rust\n{{#rustdoc_include ../x/b.rs:norm}}\n```\n{{#include c.rs:3:5}}\n{{#include d.rs:7}}\n\\{{#include escaped.rs}}\n{{#title Hi}}\n";
        let found = find_includes(text);
        let summary: Vec<_> = found
            .iter()
            .map(|i| (i.kind.as_str(), i.path.to_str().unwrap(), i.line))
            .collect();
        assert_eq!(
            summary,
            [
                ("include", "a.rs", 2),
                ("rustdoc_include", "../x/b.rs", 4),
                ("include", "c.rs", 6),
                ("include", "d.rs", 7)
            ]
        );
        assert_eq!(found[1].selection, Selection::Anchor("norm".into()));
        assert_eq!(
            found[2].selection,
            Selection::Lines {
                start: Some(3),
                end: Some(5)
            }
        );
        assert_eq!(
            found[3].selection,
            Selection::Lines {
                start: Some(7),
                end: None
            }
        );
    }

    #[test]
    fn anchored_lines_drop_markers_and_name_missing_anchors() {
        let file = "a\n// ANCHOR: one\nx\n// ANCHOR: two\ny\n// ANCHOR_END: two\n// ANCHOR_END: one\n// ANCHOR: open\nz\n";
        assert_eq!(anchored_lines(file, "one").unwrap(), "x\ny");
        assert_eq!(anchored_lines(file, "two").unwrap(), "y");
        let missing = anchored_lines(file, "tow").unwrap_err();
        assert!(
            missing.contains("no anchor `tow`") && missing.contains("one, two, open"),
            "{missing}"
        );
        assert!(
            anchored_lines(file, "open")
                .unwrap_err()
                .contains("no `ANCHOR_END: open`")
        );
        // An anchor name that is a prefix of another is not confused with it.
        assert!(anchored_lines("// ANCHOR: norm_l2\nx\n// ANCHOR_END: norm_l2\n", "norm").is_err());
    }

    #[test]
    fn check_chapter_reports_missing_files_anchors_and_empty_snippets() {
        let dir = std::env::temp_dir().join(format!("xtask-includes-{}", std::process::id()));
        fs_err::create_dir_all(&dir).unwrap();
        fs_err::write(dir.join("code.rs"), "fn a() {}\n// ANCHOR: empty\n\n// ANCHOR_END: empty\n// ANCHOR: good\nfn b() {}\n// ANCHOR_END: good\n").unwrap();
        let chapter = dir.join("ch.md");
        let text = "{{#include code.rs:good}}\n{{#include code.rs:bad}}\n{{#include nothere.rs}}\n{{#include code.rs:empty}}\n{{#include code.rs:40:50}}\n";
        let problems = check_chapter(&chapter, text);
        let lines: Vec<_> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [2, 3, 4, 5], "{problems:?}");
        assert!(problems[0].message.contains("no anchor `bad`"));
        assert!(problems[1].message.contains("cannot read"));
        assert!(problems[2].message.contains("empty"));
        assert!(problems[3].message.contains("not in the file"));
        fs_err::remove_dir_all(&dir).unwrap();
    }
}
