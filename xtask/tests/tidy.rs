//! Tidy tests: the repository keeps its own rules. Each failure names the
//! file and line and says what to do.

use std::path::{Path, PathBuf};

use xtask::build::figure_directive::figure_names;
use xtask::build::includes::{self, find_includes};
use xtask::chapters::chapters as summary_chapters;
use xtask::check::doctest::BLOCK_CRATES;
use xtask::markdown::code_blocks;
use xtask::problem::Problem;
use xtask::project;

fn read(path: &Path) -> String {
    fs_err::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn assert_no_problems(what: &str, problems: Vec<Problem>) {
    let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(list.is_empty(), "{what}:\n  {}", list.join("\n  "));
}

/// Every chapter SUMMARY.md lists, with its text.
fn chapters() -> Vec<(PathBuf, String)> {
    let src = project::book_src();
    summary_chapters(&src)
        .unwrap_or_else(|error| panic!("{error:#}"))
        .into_iter()
        .map(|chapter| {
            let path = src.join(chapter.location);
            let text = read(&path);
            (path, text)
        })
        .collect()
}

#[test]
fn every_chapter_file_is_in_the_summary() {
    // The one place the folder is walked: to find a page SUMMARY.md forgot.
    let src = project::book_src();
    let listed: Vec<PathBuf> = chapters().into_iter().map(|(path, _)| path).collect();
    let problems = walkdir::WalkDir::new(&src)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .map(|entry| entry.into_path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .filter(|path| path.file_name().is_some_and(|name| name != "SUMMARY.md"))
        .filter(|path| !listed.contains(path))
        .map(|path| Problem::new(&path, 1, "this page is not linked from book/SUMMARY.md, so it is not in the book: add it there"))
        .collect();
    assert_no_problems("pages missing from the summary", problems);
}

#[test]
fn every_include_resolves_to_a_non_empty_snippet() {
    let problems = chapters()
        .into_iter()
        .flat_map(|(path, text)| includes::check_chapter(&path, &text))
        .collect();
    assert_no_problems("broken includes", problems);
}

#[test]
fn every_figure_is_registered_shown_once_in_its_chapter() {
    let src = project::book_src();
    let mut problems = Vec::new();
    let shown: Vec<(PathBuf, String, usize)> = chapters()
        .into_iter()
        .flat_map(|(path, text)| {
            figure_names(&text)
                .into_iter()
                .map(move |(name, line)| (path.clone(), name, line))
        })
        .collect();
    for (path, name, line) in &shown {
        if figures::find(name).is_none() {
            problems.push(Problem::new(
                path,
                *line,
                format!("figure `{name}` is not in the registry (crates/figures/src/lib.rs)"),
            ));
        }
    }
    for figure in figures::registry() {
        let chapter = src.join(figure.chapter);
        let times = shown
            .iter()
            .filter(|(path, name, _)| *path == chapter && name == figure.name)
            .count();
        if times != 1 {
            let message = format!(
                "figure `{}` is registered for this chapter but shown {times} times here; write `{{{{#figure {}}}}}` once",
                figure.name, figure.name
            );
            problems.push(Problem::new(&chapter, 1, message));
        }
        let words = figure.words().unwrap_or_else(|error| panic!("{error}"));
        if words.alt.split_whitespace().count() < figures::MIN_ALT_WORDS {
            problems.push(Problem::new(&chapter, 1, format!("figure `{}`: the alt text should say what the figure shows, in a sentence or more", figure.name)));
        }
    }
    assert_no_problems("figures", problems);
}

#[test]
fn every_rust_block_declares_the_crates_it_uses() {
    let mut problems = Vec::new();
    for (path, text) in chapters() {
        let folder = path.parent().unwrap().to_path_buf();
        for block in code_blocks(&text)
            .into_iter()
            .filter(|block| block.is_rust())
        {
            // The code the compiler sees: the block plus any file it includes.
            let mut code = block.code.clone();
            for include in find_includes(&block.code) {
                code.push_str(
                    &fs_err::read_to_string(folder.join(&include.path)).unwrap_or_default(),
                );
            }
            for name in BLOCK_CRATES {
                let uses =
                    code.contains(&format!("{name}::")) || code.contains(&format!("use {name}"));
                let declared = block.code.lines().any(|line| {
                    line.trim_start_matches('#').trim() == format!("extern crate {name};")
                });
                if uses && !declared {
                    let message = format!(
                        "this block uses `{name}` but has no `# extern crate {name};` line (mdbook test and the playground's Run button both need it)"
                    );
                    problems.push(Problem::new(&path, block.line, message));
                }
            }
            for line in code.lines() {
                let line = line.trim_start_matches('#').trim();
                if let Some(name) = line
                    .strip_prefix("extern crate ")
                    .and_then(|rest| rest.strip_suffix(';'))
                    && !BLOCK_CRATES.contains(&name)
                {
                    problems.push(Problem::new(&path, block.line, format!("`{name}` is not available to readers: blocks may use only std, ndarray, rand and rand_distr")));
                }
            }
        }
    }
    assert_no_problems("code blocks and their crates", problems);
}

#[test]
fn every_rust_module_starts_with_a_module_comment() {
    let root = project::root();
    let problems = [
        "crates",
        "xtask/src",
        "xtask/tests",
        "xtask/browser/src",
        "xtask/serve/src",
        "xtask/serve/tests",
    ]
    .iter()
    .flat_map(|dir| walkdir::WalkDir::new(root.join(dir)).into_iter().flatten())
    .map(|entry| entry.into_path())
    .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
    .filter(|path| !read(path).starts_with("//!"))
    .map(|path| {
        Problem::new(
            &path,
            1,
            "start the file with a `//!` comment saying what the module holds",
        )
    })
    .collect();
    assert_no_problems("module comments", problems);
}

#[test]
fn mlmath_uses_only_what_the_playground_has() {
    let manifest: toml::Table = read(&project::root().join("crates/mlmath/Cargo.toml"))
        .parse()
        .unwrap();
    let dependencies = manifest
        .get("dependencies")
        .and_then(|d| d.as_table())
        .cloned()
        .unwrap_or_default();
    let extra: Vec<&String> = dependencies
        .keys()
        .filter(|name| !BLOCK_CRATES.contains(&name.as_str()))
        .collect();
    assert!(
        extra.is_empty(),
        "crates/mlmath/Cargo.toml: {extra:?} are not on the Rust playground; the chapters include mlmath's code, so it may use only {BLOCK_CRATES:?}"
    );
}

#[test]
fn the_vendored_katex_matches_the_renderer() {
    let css = project::book_src().join(project::KATEX_CSS);
    let header = read(&css).lines().next().unwrap_or_default().to_owned();
    let version = katex::KATEX_VERSION.trim();
    assert!(
        header.contains(&format!("KaTeX v{version} ")),
        "{}: the stylesheet is not KaTeX {version}, the version the `katex` crate renders with (its first line: {header}); vendor dist/katex.min.css and dist/fonts/*.woff2 from the npm package katex@{version}",
        project::display(&css)
    );
    let fonts = project::book_src().join("katex/fonts");
    for font in read(&css)
        .split("url(")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
    {
        assert!(
            css.parent().unwrap().join(font).is_file(),
            "{}: font {font} is missing",
            project::display(&fonts)
        );
    }
}

#[test]
fn book_toml_keeps_the_settings_the_build_relies_on() {
    let config: toml::Table = read(&project::root().join("book.toml")).parse().unwrap();
    let get = |table: &str, key: &str| config.get(table).and_then(|t| t.get(key)).cloned();
    assert_eq!(
        get("book", "src"),
        Some("book".into()),
        "book.toml: [book] src must be \"book\""
    );
    assert_eq!(
        get("build", "build-dir"),
        Some("target/book".into()),
        "book.toml: [build] build-dir must be \"target/book\" (the default, `book`, is our source folder)"
    );
    assert_eq!(
        get("build", "create-missing"),
        Some(false.into()),
        "book.toml: [build] create-missing must be false, or a SUMMARY typo creates an empty page"
    );
    assert_eq!(
        get("rust", "edition"),
        Some("2024".into()),
        "book.toml: [rust] edition must be \"2024\": it is what the Run button sends"
    );
    let playground = config
        .get("output")
        .and_then(|o| o.get("html"))
        .and_then(|h| h.get("playground"));
    assert_eq!(
        playground.and_then(|p| p.get("editable")),
        Some(&true.into()),
        "book.toml: [output.html.playground] editable must be true: it ships the editor (Ace) that blocks become on first focus"
    );
    assert!(
        !project::root().join("rust-toolchain.toml").exists(),
        "rust-toolchain.toml: the machine has one toolchain and cannot download another; remove it"
    );
}

#[test]
fn the_block_crates_are_the_playgrounds_versions() {
    let root = project::root();
    let listing = root.join("xtask/assets/playground-crates.toml");
    let playground: toml::Table = read(&listing).parse().unwrap();
    let playground = playground["crates"].as_table().unwrap();
    let manifest: toml::Table = read(&root.join("Cargo.toml")).parse().unwrap();
    let pins = manifest["workspace"]["dependencies"].as_table().unwrap();
    let lock: toml::Table = read(&root.join("Cargo.lock")).parse().unwrap();
    let locked: Vec<(&str, &str)> = lock["package"]
        .as_array()
        .unwrap()
        .iter()
        .map(|package| {
            (
                package["name"].as_str().unwrap(),
                package["version"].as_str().unwrap(),
            )
        })
        .collect();
    let how = "when the playground moves, update xtask/assets/playground-crates.toml from its manifest, set the same `=` versions in [workspace.dependencies], and run `cargo update -p <crate> --precise <version>`";
    let mut problems = Vec::new();
    for (name, version) in playground {
        let version = version.as_str().unwrap();
        // Semver-compatible versions (same 0.x) are what a `^` requirement
        // could pick, so the lock must hold exactly the playground's one.
        let series = version.rsplit_once('.').unwrap().0;
        for (_, other) in locked
            .iter()
            .filter(|(n, v)| n == name && v.rsplit_once('.').unwrap().0 == series)
        {
            if *other != version {
                problems.push(format!(
                    "Cargo.lock has {name} {other}, the playground has {version}"
                ));
            }
        }
        if !locked.contains(&(name.as_str(), version)) {
            problems.push(format!(
                "Cargo.lock has no {name} {version}, the version the playground has"
            ));
        }
        if let Some(pin) = pins.get(name) {
            let requirement = pin
                .as_str()
                .or_else(|| pin.get("version").and_then(|v| v.as_str()));
            if requirement != Some(&format!("={version}")) {
                problems.push(format!("Cargo.toml: [workspace.dependencies] {name} must be \"={version}\", found {pin}"));
            }
        }
    }
    for name in BLOCK_CRATES {
        if !playground.contains_key(*name) {
            problems.push(format!(
                "{}: lists no version of `{name}`, a crate the code blocks use",
                project::display(&listing)
            ));
        }
    }
    assert!(problems.is_empty(), "{}\n{how}", problems.join("\n"));
}

#[test]
fn every_module_is_on_its_crates_module_map() {
    let root = project::root();
    let mut problems = Vec::new();
    for dir in ["xtask/src", "xtask/browser/src", "xtask/serve/src"] {
        let lib = root.join(dir).join("lib.rs");
        let map = read(&lib);
        for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
            let path = entry.path();
            let Some(name) = path.file_stem().and_then(|n| n.to_str()) else {
                continue;
            };
            let is_module =
                path.extension().is_some_and(|ext| ext == "rs") && !matches!(name, "lib" | "main");
            if is_module && !map.contains(&format!("pub mod {name};")) {
                problems.push(Problem::new(&lib, 1, format!("module `{name}` ({}) is not on the module map: add `pub mod {name};` with a word on what it holds", project::display(path))));
            }
        }
    }
    assert_no_problems("module maps", problems);
}

#[test]
fn building_the_book_compiles_no_browser_server_or_command_line_stack() {
    // What `cargo xtask build-book` compiles: xtask's normal dependencies.
    // The browser checks and the preview server are crates of their own.
    let output = std::process::Command::new(std::env::var("CARGO").unwrap_or("cargo".into()))
        .args([
            "tree",
            "--package",
            "xtask",
            "--edges",
            "normal",
            "--prefix",
            "none",
            "--offline",
        ])
        .current_dir(project::root())
        .output()
        .expect("running cargo tree");
    let tree = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && !tree.is_empty(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let heavy = [
        "headless_chrome",
        "tiny_http",
        "xtask-serve",
        "ureq",
        "rustls",
        "ring",
        "tungstenite",
        "clap",
        "rayon",
        "tracing-subscriber",
    ];
    let found: Vec<&str> = heavy
        .iter()
        .copied()
        .filter(|name| {
            tree.lines()
                .any(|line| line.split_whitespace().next() == Some(*name))
        })
        .collect();
    assert!(
        found.is_empty(),
        "xtask/Cargo.toml: building the book now compiles {found:?}; keep browser-only and command-line crates in xtask/browser (package xtask-browser), which only `cargo xtask test` builds, and the preview's HTTP server in xtask/serve (package xtask-serve), which only `serve` and the checks build"
    );
}

#[test]
fn every_code_language_is_in_the_trimmed_highlighter() {
    // theme/highlight.js carries only these languages (fence name, and the
    // name highlight.js registers); see its header to rebuild it with more.
    const BUNDLED: &[(&str, &str)] = &[("rust", "rust"), ("text", "plaintext")];
    let highlighter = project::root().join("theme/highlight.js");
    let bundle = read(&highlighter);
    for (_, registered) in BUNDLED {
        assert!(
            bundle.contains(&format!("registerLanguage(\"{registered}\"")),
            "{}: does not register `{registered}`",
            project::display(&highlighter)
        );
    }
    let mut problems = Vec::new();
    for (path, text) in chapters() {
        for block in code_blocks(&text) {
            let language = block.info.split(',').next().unwrap_or_default().trim();
            if !language.is_empty() && !BUNDLED.iter().any(|(fence, _)| *fence == language) {
                problems.push(Problem::new(&path, block.line, format!("code in `{language}` would not be highlighted: theme/highlight.js carries only {BUNDLED:?}; rebuild it with the language (see its header) and add it to this test")));
            }
        }
    }
    assert_no_problems("code languages", problems);
}
