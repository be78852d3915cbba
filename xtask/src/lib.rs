//! `cargo xtask`: builds, tests and previews ML Math Notes.
//!
//! Each command is a function here or in its module; `main.rs` only parses
//! the command line. The module map below names every module. The browser
//! checks live in a crate of their own (`xtask/browser`), and so does the
//! live preview with its HTTP server (`xtask/serve`), so that `build-book`
//! compiles neither.

/// The build: the book with its preprocessors, in the order `book::load`
/// sets, then the steps over what mdBook wrote (one pass over each page,
/// the search index's repair), in the order `book::build_site` runs them,
/// each handed what the steps before learned. The build never imports the
/// checks.
pub mod build {
    pub mod book; // the pipeline: mdBook with the preprocessors below, then each step after it
    pub mod figure_directive; // preprocessor: {{#figure name}} from the registry, with its control if explorable
    pub mod figure_files; // every figure's SVG files, and an explorable one's states
    pub mod formula_text; // a typeset formula as text (indexed, readable, TeX), and the book's formulas by page
    pub mod hidden_lines; // a page's hidden code lines, stored once, put back on use
    pub mod highlight; // highlight.js run on every <code> at build time, as book.js would
    pub mod includes; // preprocessor: every include resolves to a non-empty snippet
    pub mod katex; // preprocessor: typesets the math, strictly, recording each formula's text
    pub mod katex_css; // KaTeX's stylesheet: which font face each element's text is drawn in
    pub mod katex_fonts; // KaTeX's fonts cut to the glyphs the book uses, under hashed names
    pub mod katex_glyphs; // the characters each KaTeX face draws in a formula
    pub mod katex_output; // what the book keeps of KaTeX's output: no TeX annotation
    pub mod mdbook_markup; // what the page pass puts in: stylesheet bundle, KaTeX head links, editor loader
    pub mod page_pass; // the one pass over each page mdBook wrote, through the rewriter (lol_html) the PDF link also uses
    pub mod scripts; // theme/*.js that pages inline or the build runs
    pub mod search_index; // the search index, each formula once and readable, hidden lines out
}

/// The checks, fastest first, as `cargo xtask test` runs them. They read
/// the site the build wrote; `site_check` and `search_check` are also run
/// after every build, by `build_and_check`.
pub mod check {
    pub mod block_runs; // every Run-button block compiled, run and judged
    pub mod browser; // starts the browser checks (the xtask-browser program), the sub-path one on a build of its own
    pub mod doctest; // every Rust block of every chapter, with rustdoc
    pub mod playground; // compiles and runs what a Run button sends
    pub mod search_check; // formulas in the search index: once, readable, no TeX
    pub mod site_check; // raw TeX, links, anchors, images in the built HTML
    pub mod test; // `cargo xtask test`: every check, one summary
    pub mod weight; // page and figure weights against their budgets
}

/// Working on the book.
pub mod dev {
    pub mod bench; // `cargo xtask bench`: times and weights
    pub mod serve; // `cargo xtask serve`: starts the preview (xtask-serve)
}

// Shared pieces, below both the build and the checks.
pub mod chapters; // the book's chapters, as mdBook reads SUMMARY.md
pub mod html; // a small HTML tokenizer: the site checks and the formulas' text
pub mod limited; // running code within time, output and memory limits
pub mod markdown; // a chapter's fenced code blocks
pub mod problem; // a problem at a file and line, and reporting them
pub mod project; // where things are; the one `cargo` helper
pub mod site; // the built pages, rewriting them, and the source each comes from
pub mod step; // named, timed steps

// A command that builds, prints with the browser and checks.
pub mod pdf; // `cargo xtask pdf`: the book as one PDF, checked and linked

use build::{book, figure_files};
use step::step;

/// `cargo xtask build-book`: render the figures, build the site into
/// `target/book/`, and check it.
pub fn build_book() -> anyhow::Result<()> {
    build_book_into(&project::site_dir())
}

/// `cargo xtask build-book --out DIR`: the same, with the site in `site`.
pub fn build_book_into(site: &std::path::Path) -> anyhow::Result<()> {
    let figures_dir = project::figures_dir();
    step("Render figures", || {
        let written = figure_files::render_figures(&figures_dir)?;
        Ok(format!(
            "{} figure(s), {written} changed, in {}",
            figures::registry().count(),
            project::display(&figures_dir)
        ))
    })
    .result?;
    build_site_into(site)?;
    eprintln!(
        "The book is in {}: open {}",
        project::display(site),
        project::display(&site.join("index.html"))
    );
    Ok(())
}

/// The site alone, figures as they are: what `serve` rebuilds when a
/// chapter, the theme or book.toml changes. (Figures are drawn by compiled
/// code, so they can only change when Rust code does, and then `serve`
/// restarts, drawing them again.)
pub fn build_site_into(site: &std::path::Path) -> anyhow::Result<()> {
    let root = project::root();
    step("Build the site with mdBook and check it", || {
        let pages = build_and_check(&root, site)?;
        Ok(format!("{pages} page(s) in {}", project::display(site)))
    })
    .result
    .map(drop)
}

/// Builds the site of the book at `root` into `site`, then runs the checks
/// every build runs: the site's HTML (raw TeX, links, anchors, images) and
/// its search index (each formula once, readable). Returns how many pages
/// were checked.
pub fn build_and_check(root: &std::path::Path, site: &std::path::Path) -> anyhow::Result<usize> {
    let formulas = book::build_site(root, site)?;
    let pages = check::site_check::check(site, &root.join("book"))?;
    if let Some(formulas) = formulas {
        check::search_check::check(site, &formulas)?;
    }
    Ok(pages)
}
