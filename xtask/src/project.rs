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

/// `path` relative to the repository root, for messages.
pub fn display(path: &Path) -> String {
    let root = root();
    path.strip_prefix(&root)
        .unwrap_or(path)
        .display()
        .to_string()
}
