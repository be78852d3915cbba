//! Building the site: run mdBook with the book's preprocessors in a fixed
//! order, then the one pass over the pages it wrote and the search index's
//! repair, each handed what the steps before learned.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use mdbook_driver::MDBook;
use mdbook_driver::builtin_preprocessors::{IndexPreprocessor, LinkPreprocessor};
use mdbook_driver::config::Config;

use crate::build::figure_directive::FigureDirective;
use crate::build::formula_text::{BookFormulas, FormulasByPage};
use crate::build::includes::IncludeCheck;
use crate::build::katex::{Formulas, KatexPreprocessor};
use crate::build::katex_fonts;
use crate::build::{highlight, mdbook_markup, page_pass, scripts, search_index};
use crate::project;

/// The book, loaded from book.toml, with the preprocessors in this order:
/// check includes, expand includes (mdBook's `links`), expand figures,
/// typeset math, then mdBook's `index`.
pub fn load(root: &Path, build_dir: &Path) -> anyhow::Result<MDBook> {
    load_recording(root, build_dir, Formulas::default())
}

/// [`load`], with the KaTeX step leaving the formulas it writes in
/// `formulas`.
fn load_recording(root: &Path, build_dir: &Path, formulas: Formulas) -> anyhow::Result<MDBook> {
    let toml = root.join("book.toml");
    let mut config =
        Config::from_disk(&toml).with_context(|| format!("reading {}", project::display(&toml)))?;
    // mdBook's own convention: `MDBOOK_OUTPUT__HTML__SITE_URL=/sub/` and the
    // like override book.toml, so a host can set where the site lives.
    config
        .update_from_env()
        .context("reading the MDBOOK_* environment variables")?;
    // The preprocessors are in-process and ordered here, not in book.toml,
    // so that plain mdBook can still read book.toml.
    config.build.use_default_preprocessors = false;
    config.build.build_dir = build_dir.to_path_buf();
    let mut book = MDBook::load_with_config(root, config).map_err(explain_load_error)?;
    book.with_preprocessor(IncludeCheck)
        .with_preprocessor(LinkPreprocessor::new())
        .with_preprocessor(FigureDirective)
        .with_preprocessor(KatexPreprocessor { formulas })
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

/// The whole build of the site, step by step: mdBook's HTML build of the
/// book at `root` into `site` (with the preprocessors `load` orders, the
/// KaTeX step recording each formula and its text, and the book's theme:
/// `theme/index.hbs` and the other copies of mdBook's files that
/// `theme/patches/` records); KaTeX's fonts cut to the glyphs the formulas
/// use; what the one pass over the pages puts in, prepared; that pass;
/// the search index repaired from what the KaTeX step and the pass
/// learned. Returns the formulas of each page, as the search index holds
/// them (`None` if the book has no search), for the checks to hold the
/// index to.
pub fn build_site(root: &Path, site: &Path) -> anyhow::Result<Option<FormulasByPage>> {
    let formulas = render(root, site)?;
    let katex = katex_fonts::write_subsets(&root.join("book"), site, &formulas.html())?;
    let inserts = page_pass::Inserts {
        formulas: &formulas,
        katex: mdbook_markup::KatexHead::new(&katex)?,
        bundle: mdbook_markup::bundle_stylesheets(site)?,
        editor: mdbook_markup::EditorLoader::new(root, site)?,
        highlighter: Arc::new(highlighter(root)?),
        restore: scripts::inline(&scripts::read(root, "hidden-lines-restore.js")?).into(),
    };
    let hidden_lines = page_pass::run(site, &inserts)?;
    search_index::repair(site, &formulas.by_page(), &hidden_lines)
}

/// mdBook's HTML build of the book at `root` into `site`; returns the
/// formulas the KaTeX step typeset.
pub fn render(root: &Path, site: &Path) -> anyhow::Result<BookFormulas> {
    let formulas = Formulas::default();
    load_recording(root, site, formulas.clone())?.build()?;
    Ok(std::mem::take(
        &mut *formulas.lock().expect("formula list lock"),
    ))
}

/// The book's highlight.js, as `book.js` runs it.
fn highlighter(root: &Path) -> anyhow::Result<highlight::Highlighter> {
    let script_path = root.join("theme").join("highlight.js");
    let script = fs_err::read_to_string(&script_path)
        .with_context(|| format!("reading {}", project::display(&script_path)))?;
    let glue = scripts::read(root, "highlight-glue.js")?;
    Ok(highlight::Highlighter::new(script, glue))
}

/// Copies what a build reads (book.toml, the book's sources and rendered
/// figures, the theme, and mlmath's code that chapters include) into `to`,
/// so a build can run there without touching the checkout.
pub fn copy_sources(to: &Path) -> anyhow::Result<()> {
    let root = project::root();
    if to.exists() {
        fs_err::remove_dir_all(to).with_context(|| format!("removing {}", project::display(to)))?;
    }
    for part in ["book.toml", "book", "theme", "crates/mlmath/src"] {
        for entry in walkdir::WalkDir::new(root.join(part)) {
            let entry = entry.with_context(|| format!("listing {part}"))?;
            let target = to.join(entry.path().strip_prefix(&root)?);
            if entry.file_type().is_dir() {
                fs_err::create_dir_all(&target)
            } else {
                let parent = target.parent().unwrap_or(to);
                fs_err::create_dir_all(parent)
                    .and_then(|()| fs_err::copy(entry.path(), &target).map(drop))
            }
            .with_context(|| {
                format!(
                    "copying {} to {}",
                    project::display(entry.path()),
                    target.display()
                )
            })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_book_builds_from_a_copy_without_touching_the_checkout() {
        let copy = std::env::temp_dir().join(format!("xtask-copy-{}", std::process::id()));
        copy_sources(&copy).unwrap();
        crate::build::figure_files::render_figures(
            &copy.join("book").join(project::FIGURES_FOLDER),
        )
        .unwrap();
        let site = copy.join("target").join("book");
        let pages = crate::build_and_check(&copy, &site).unwrap();
        assert!(pages > 3, "only {pages} pages");
        assert!(site.join("ch02-matrices.html").is_file());
        fs_err::remove_dir_all(&copy).unwrap();
    }
}
