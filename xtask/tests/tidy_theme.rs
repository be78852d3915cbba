//! Tidy test of the book's copies of mdBook's theme files: each is
//! mdBook's own file, from the mdbook-html version Cargo.lock pins, plus a
//! patch recorded beside it in `theme/patches/` (a unified diff, readable
//! as any). Upgrading mdBook is then one visible step: this test fails
//! until each patch is re-applied to the new originals and recorded again.

use std::path::{Path, PathBuf};

use xtask::project;

/// Each copy in `theme/`, and the original it is copied from, inside the
/// mdbook-html crate.
const COPIES: &[(&str, &str)] = &[
    ("index.hbs", "front-end/templates/index.hbs"),
    ("toc.html.hbs", "front-end/templates/toc.html.hbs"),
    ("book.js", "front-end/js/book.js"),
];

/// The folder of the mdbook-html crate that Cargo.lock pins, as cargo
/// itself finds it.
fn mdbook_html_dir() -> PathBuf {
    let output = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(project::root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
    let manifest = metadata["packages"]
        .as_array()
        .expect("a list of packages")
        .iter()
        .find(|package| package["name"] == "mdbook-html")
        .and_then(|package| package["manifest_path"].as_str())
        .expect("mdbook-html is in the build");
    Path::new(manifest)
        .parent()
        .expect("a manifest is in a folder")
        .to_path_buf()
}

/// `original` with the unified diff `patch` applied; an error names the
/// first hunk that no longer fits.
fn apply(original: &str, patch: &str) -> Result<String, String> {
    let lines: Vec<&str> = original.lines().collect();
    let mut out: Vec<&str> = Vec::new();
    let mut next = 0; // the next line of `original` to copy, 0-based
    for (number, hunk) in patch.split("\n@@ ").skip(1).enumerate() {
        let (header, body) = hunk.split_once('\n').unwrap_or((hunk, ""));
        let start = hunk_start(header).ok_or(format!("hunk {}: a malformed header", number + 1))?;
        if start < next {
            return Err(format!("hunk {} overlaps the one before", number + 1));
        }
        out.extend(&lines[next..start.min(lines.len())]);
        next = start;
        for line in body.lines() {
            let (mark, text) = line.split_at(line.len().min(1));
            match mark {
                "+" => out.push(text),
                " " | "-" | "" => {
                    if lines.get(next) != Some(&text) {
                        return Err(format!(
                            "hunk {} no longer fits at line {}: mdBook's file has `{}` there, the patch expects `{text}`",
                            number + 1,
                            next + 1,
                            lines.get(next).unwrap_or(&"(the end)")
                        ));
                    }
                    if mark != "-" {
                        out.push(text);
                    }
                    next += 1;
                }
                _ => {
                    return Err(format!(
                        "hunk {}: a line starting with {mark:?}",
                        number + 1
                    ));
                }
            }
        }
    }
    out.extend(&lines[next.min(lines.len())..]);
    Ok(out.join("\n") + "\n")
}

/// The 0-based first line of the original a hunk header (`-12,7 +12,9 @@`)
/// names.
fn hunk_start(header: &str) -> Option<usize> {
    let old = header.strip_prefix('-')?.split([',', ' ']).next()?;
    let line: usize = old.parse().ok()?;
    Some(line.saturating_sub(1))
}

#[test]
fn each_copy_of_an_mdbook_theme_file_is_the_original_plus_its_recorded_patch() {
    let originals = mdbook_html_dir();
    let theme = project::root().join("theme");
    let mut problems = Vec::new();
    for (copy, original) in COPIES {
        let original_path = originals.join(original);
        let patch_path = theme.join("patches").join(format!("{copy}.patch"));
        let read =
            |path: &Path| fs_err::read_to_string(path).unwrap_or_else(|error| panic!("{error}"));
        let expected = apply(&read(&original_path), &read(&patch_path));
        let fix = format!(
            "copy {} over theme/{copy}, re-apply theme/patches/{copy}.patch to it (`patch theme/{copy} theme/patches/{copy}.patch`, by hand where it no longer fits), then record the patch again: `diff -u --label original --label theme/{copy} {} theme/{copy} > theme/patches/{copy}.patch`",
            original_path.display(),
            original_path.display()
        );
        match expected {
            Err(why) => problems.push(format!("theme/patches/{copy}.patch: {why}; {fix}")),
            Ok(expected) if expected != read(&theme.join(copy)) => problems.push(format!(
                "theme/{copy} is not mdBook's {original} plus theme/patches/{copy}.patch: {fix}"
            )),
            Ok(_) => {}
        }
    }
    assert!(problems.is_empty(), "\n  {}", problems.join("\n  "));
}

#[test]
fn a_patch_applies_and_a_stale_one_is_refused() {
    let original = "a\nb\nc\nd\n";
    let patch = "--- original\n+++ copy\n@@ -2,2 +2,2 @@\n b\n-c\n+C\n";
    assert_eq!(apply(original, patch).unwrap(), "a\nb\nC\nd\n");
    let changed_upstream = "a\nB\nc\nd\n";
    assert!(
        apply(changed_upstream, patch)
            .unwrap_err()
            .contains("no longer fits at line 2")
    );
}
