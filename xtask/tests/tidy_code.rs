//! Tidy tests of the code around the book: files a reader can take in,
//! errors that name their path, scripts that parse. Each failure names the file and line and
//! says what to do.

use std::path::PathBuf;

use xtask::problem::Problem;
use xtask::project;

/// The longest a source file under `xtask/` may grow before it is split.
const MOST_LINES: usize = 500;

/// Every Rust file under `xtask/`, with its text.
fn xtask_sources() -> Vec<(PathBuf, String)> {
    walkdir::WalkDir::new(project::root().join("xtask"))
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .map(|entry| entry.into_path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .map(|path| {
            let text = fs_err::read_to_string(&path).unwrap_or_else(|error| panic!("{error}"));
            (path, text)
        })
        .collect()
}

fn assert_no_problems(what: &str, problems: Vec<Problem>) {
    let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(list.is_empty(), "{what}:\n  {}", list.join("\n  "));
}

#[test]
fn no_xtask_source_file_is_over_500_lines() {
    let problems = xtask_sources()
        .into_iter()
        .filter(|(_, text)| text.lines().count() > MOST_LINES)
        .map(|(path, text)| {
            Problem::new(
                &path,
                MOST_LINES + 1,
                format!(
                    "{} lines: split the file by what its parts do (at most {MOST_LINES})",
                    text.lines().count()
                ),
            )
        })
        .collect();
    assert_no_problems("files too long", problems);
}

#[test]
fn every_file_read_and_write_names_its_path() {
    // `std::fs` errors say "No such file or directory" without the file;
    // `fs_err` is the same API with the path in every error.
    // (Spelled in two halves, so that this file does not find itself.)
    let forbidden = [
        concat!("std::", "fs::"),
        concat!("use std::", "fs"),
        concat!("std::{", "fs"),
    ];
    let problems = xtask_sources()
        .into_iter()
        .flat_map(|(path, text)| {
            text.lines()
                .enumerate()
                .filter(|(_, line)| forbidden.iter().any(|f| line.contains(f)))
                .map(|(number, _)| {
                    Problem::new(
                        &path,
                        number + 1,
                        "use fs_err:: instead of the standard library's fs module, so that the error names the file",
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert_no_problems("file access without the path in its errors", problems);
}

#[test]
fn every_theme_script_parses() {
    // QuickJS (already built for KaTeX) compiles each script as a function
    // body without running it: a syntax error fails here, not in a reader's
    // browser. Inline scripts of the theme's templates count too, with each
    // `{{…}}` read as `null` (the value a template puts there is a string
    // or an object).
    let context = quick_js::Context::new().expect("QuickJS starts");
    let root = project::root();
    let files = ["theme", "xtask/browser/assets"]
        .iter()
        .flat_map(|dir| fs_err::read_dir(root.join(dir)).expect("the folder is there"))
        .map(|entry| entry.expect("a readable folder").path());
    let mut scripts = Vec::new();
    for path in files {
        let text = || fs_err::read_to_string(&path).unwrap_or_else(|error| panic!("{error}"));
        match path.extension().and_then(|ext| ext.to_str()) {
            Some("js") => scripts.push((path.clone(), text())),
            Some("hbs") => scripts.extend(
                inline_scripts(&text())
                    .into_iter()
                    .map(|script| (path.clone(), script)),
            ),
            _ => {}
        }
    }
    let mut problems = Vec::new();
    for (path, script) in &scripts {
        let source = serde_json::to_string(script).expect("a string serialises");
        if let Err(error) = context.eval(&format!("new Function({source}); 0")) {
            problems.push(Problem::new(
                path,
                1,
                format!("a script does not parse as JavaScript: {error}"),
            ));
        }
    }
    assert_no_problems("scripts that do not parse", problems);
    assert!(scripts.len() >= 10, "only {} scripts found", scripts.len());
}

/// The text of each inline `<script>` of a template, its `{{…}}` as `null`.
fn inline_scripts(template: &str) -> Vec<String> {
    let expression = regex::Regex::new(r"\{\{\{?[^}]*\}?\}\}").expect("a valid pattern");
    template
        .split("<script>")
        .skip(1)
        .filter_map(|rest| rest.split_once("</script>"))
        .map(|(script, _)| expression.replace_all(script, "null").into_owned())
        .collect()
}
