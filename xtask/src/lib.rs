//! `cargo xtask`: builds, tests and previews ML Math Notes.
//!
//! Each command is a function here; `main.rs` only parses the command line.
//! Modules hold the pieces: the mdBook preprocessors (`includes`,
//! `figure_directive`, `katex`), the build (`book`), and the checks
//! (`doctest`, `site_check`, `html`).

pub mod bench;
pub mod book;
pub mod browser;
pub mod doctest;
pub mod figure_directive;
pub mod html;
pub mod http_server;
pub mod includes;
pub mod katex;
pub mod markdown;
pub mod playground;
pub mod problem;
pub mod project;
pub mod serve;
pub mod site_check;
pub mod step;
pub mod test;
pub mod weight;

use step::step;

/// `cargo xtask build-book`: render the figures, build the site into
/// `target/book/`, and check it.
pub fn build_book() -> anyhow::Result<()> {
    let figures_dir = project::figures_dir();
    step("Render figures", || {
        let written = book::render_figures(&figures_dir)?;
        eprintln!(
            "    {} figure(s), {written} changed, in {}",
            figures::registry().count(),
            project::display(&figures_dir)
        );
        Ok(())
    })?;
    let site = project::site_dir();
    step("Build the site with mdBook and check it", || {
        let pages = book::build_site(&site)?;
        eprintln!("    {pages} page(s) in {}", project::display(&site));
        Ok(())
    })?;
    eprintln!(
        "The book is in {}: open {}",
        project::display(&site),
        project::display(&site.join("index.html"))
    );
    Ok(())
}
