//! Where things are in the repository, and the few versions and settings the
//! build pins in one place.

use std::path::{Path, PathBuf};

/// The repository's top folder (the workspace root).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one folder below the workspace root")
        .to_path_buf()
}

/// The book's Markdown sources (`[book] src` in book.toml).
pub fn book_src() -> PathBuf {
    root().join("book")
}

/// Where `build-book` writes the site (`[build] build-dir` in book.toml).
pub fn site_dir() -> PathBuf {
    root().join("target").join("book")
}

/// Where the figures are rendered: inside the sources, so that mdBook copies
/// them into the site, and git-ignored, since every build writes them anew.
pub fn figures_dir() -> PathBuf {
    book_src().join("figures")
}

/// The KaTeX macros that carry the book's notation.
pub fn katex_macros() -> PathBuf {
    root().join("theme").join("katex-macros.txt")
}

/// The vendored KaTeX stylesheet, relative to the book's sources.
pub const KATEX_CSS: &str = "katex/katex.min.css";

/// Scratch space for the tools (doctest crates, temporary builds).
pub fn scratch_dir(name: &str) -> PathBuf {
    root().join("target").join("xtask").join(name)
}

/// The relative path from the page of `chapter` (a path inside the book's
/// sources) up to the site's root, e.g. `../` for `part/ch.md`.
pub fn path_to_root(chapter: &Path) -> String {
    "../".repeat(chapter.components().count().saturating_sub(1))
}

/// `path` relative to the repository root, for messages.
pub fn display(path: &Path) -> String {
    let root = root();
    path.strip_prefix(&root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// A `cargo` command for the workspace, without the variables `cargo run`
/// set for xtask itself.
///
/// Some build scripts (ring's, for one) ask cargo to rebuild them when
/// `CARGO_PKG_NAME` or `CARGO_MANIFEST_DIR` change; inherited from
/// `cargo xtask`, those would make every nested cargo rebuild them, and the
/// next `cargo xtask` rebuild them back: minutes each time.
pub fn cargo() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO"));
    command.current_dir(root());
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        let set_by_cargo_run = name.starts_with("CARGO_PKG_")
            || name.starts_with("CARGO_MANIFEST_")
            || matches!(
                name.as_ref(),
                "CARGO_CRATE_NAME" | "CARGO_BIN_NAME" | "CARGO_PRIMARY_PACKAGE"
            );
        if set_by_cargo_run {
            command.env_remove(name.as_ref());
        }
    }
    // `cargo run` also put the target folder's build outputs in front of
    // LD_LIBRARY_PATH; give nested builds the path they had before.
    if let Some(paths) = std::env::var_os("LD_LIBRARY_PATH") {
        let target = root().join("target");
        let kept: Vec<PathBuf> = std::env::split_paths(&paths)
            .filter(|path| !path.starts_with(&target))
            .collect();
        match std::env::join_paths(kept) {
            Ok(joined) if !joined.is_empty() => command.env("LD_LIBRARY_PATH", joined),
            _ => command.env_remove("LD_LIBRARY_PATH"),
        };
    }
    command
}
