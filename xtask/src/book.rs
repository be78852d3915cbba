//! Building the site: render the figures, run mdBook with the book's
//! preprocessors in a fixed order, then check what it wrote.

use std::path::Path;

use anyhow::Context;
use mdbook_driver::MDBook;
use mdbook_driver::builtin_preprocessors::{IndexPreprocessor, LinkPreprocessor};
use mdbook_driver::config::Config;

use crate::figure_directive::FigureDirective;
use crate::includes::IncludeCheck;
use crate::katex::KatexPreprocessor;
use crate::{project, site_check};

/// Renders every registered figure into `dir`, writing only files whose
/// content changed (so a live preview reloads only when something did) and
/// removing SVG files no figure claims. Returns how many were written.
pub fn render_figures(dir: &Path) -> anyhow::Result<usize> {
    std::fs::create_dir_all(dir)?;
    let mut written = 0;
    let mut expected = std::collections::HashSet::new();
    for figure in figures::registry() {
        let svg = figure.render()?;
        let path = dir.join(figure.file_name());
        expected.insert(figure.file_name());
        if std::fs::read_to_string(&path).ok().as_deref() != Some(svg.as_str()) {
            std::fs::write(&path, svg)
                .with_context(|| format!("writing {}", project::display(&path)))?;
            written += 1;
        }
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if path.extension().is_some_and(|ext| ext == "svg") && !expected.contains(&name) {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(written)
}

/// The book, loaded from book.toml, with the preprocessors in this order:
/// check includes, expand includes (mdBook's `links`), expand figures,
/// typeset math, then mdBook's `index`.
pub fn load(build_dir: &Path) -> anyhow::Result<MDBook> {
    let root = project::root();
    let mut config = Config::from_disk(root.join("book.toml")).context("reading book.toml")?;
    // The preprocessors are in-process and ordered here, not in book.toml,
    // so that plain mdBook can still read book.toml.
    config.build.use_default_preprocessors = false;
    config.build.build_dir = build_dir.to_path_buf();
    let mut book = MDBook::load_with_config(&root, config).map_err(explain_load_error)?;
    book.with_preprocessor(IncludeCheck)
        .with_preprocessor(LinkPreprocessor::new())
        .with_preprocessor(FigureDirective)
        .with_preprocessor(KatexPreprocessor)
        .with_preprocessor(IndexPreprocessor::new());
    Ok(book)
}

fn explain_load_error(error: anyhow::Error) -> anyhow::Error {
    let chain = format!("{error:#}");
    if chain.contains("not found") || chain.contains("No such file") {
        error.context("loading the book: book/SUMMARY.md names a chapter file that does not exist (create the file, fix the link, or make it a draft entry `- [Title]()`)")
    } else {
        error.context("loading the book")
    }
}

/// Runs mdBook's HTML build into `build_dir`, then checks the site.
pub fn build_site(build_dir: &Path) -> anyhow::Result<usize> {
    load(build_dir)?.build()?;
    site_check::check(build_dir)
}
