//! The built site's pages and the Markdown source each one comes from: one
//! walk and one mapping, for the build's markup repairs, the HTML checks
//! and the browser checks.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::{chapters, project};

/// Every HTML page under `site`, relative to it, in a stable order.
pub fn pages(site: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(site).sort_by_file_name() {
        let entry = entry.with_context(|| format!("listing {}", project::display(site)))?;
        if entry.path().extension().is_some_and(|ext| ext == "html") {
            pages.push(entry.path().strip_prefix(site)?.to_path_buf());
        }
    }
    pages.sort();
    Ok(pages)
}

/// Rewrites the pages of `site` with `edit`, which is given each page's
/// path (relative to the site) and HTML and returns the new HTML, or `None`
/// to leave the page as it is. Pages are read, edited and written on every
/// core; an error names its page. Returns how many pages were rewritten.
pub fn rewrite_pages(
    site: &Path,
    edit: impl Fn(&Path, &str) -> anyhow::Result<Option<String>> + Sync,
) -> anyhow::Result<usize> {
    let rewritten = rewrite_pages_learning(site, |page, html| Ok((edit(page, html)?, ())))?;
    Ok(rewritten.len())
}

/// [`rewrite_pages`], with `edit` also returning what it learned from each
/// page; returns that of each page rewritten, with the page.
pub fn rewrite_pages_learning<T: Send>(
    site: &Path,
    edit: impl Fn(&Path, &str) -> anyhow::Result<(Option<String>, T)> + Sync,
) -> anyhow::Result<Vec<(PathBuf, T)>> {
    let mut pages = pages(site)?;
    // The longest first (the print page is every chapter), so that no core
    // is left with it while the other has finished.
    pages.sort_by_cached_key(|page| {
        std::cmp::Reverse(fs_err::metadata(site.join(page)).map_or(0, |meta| meta.len()))
    });
    let rewritten = project::parallel_map(&pages, |page| -> anyhow::Result<Option<(PathBuf, T)>> {
        let path = site.join(page);
        let html = fs_err::read_to_string(&path)
            .with_context(|| format!("reading {}", project::display(&path)))?;
        let (html, learned) = edit(page, &html).with_context(|| project::display(&path))?;
        let Some(html) = html else {
            return Ok(None);
        };
        fs_err::write(&path, html)
            .with_context(|| format!("writing {}", project::display(&path)))?;
        Ok(Some((page.clone(), learned)))
    });
    rewritten
        .into_iter()
        .filter_map(Result::transpose)
        .collect()
}

/// The Markdown file under `src` that `page` (relative to the site) was
/// built from, if any, as SUMMARY.md lists the chapters. mdBook writes the
/// first chapter a second time as `index.html`; its own pages (print, table
/// of contents, 404) have none.
pub fn source_of(src: &Path, page: &Path) -> Option<PathBuf> {
    let chapters = chapters::chapters(src).ok()?;
    let chapter = if page == Path::new("index.html") {
        chapters.first()
    } else {
        chapters.iter().find(|chapter| chapter.page() == page)
    };
    chapter.map(|chapter| src.join(&chapter.location))
}

/// Whether `page` is a chapter of the book rather than one of mdBook's own.
pub fn is_chapter(src: &Path, page: &Path) -> bool {
    source_of(src, page).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_map_to_their_sources() {
        let src = project::book_src();
        assert_eq!(
            source_of(&src, Path::new("ch01-vectors.html")),
            Some(src.join("ch01-vectors.md"))
        );
        assert_eq!(
            source_of(&src, Path::new("index.html")),
            Some(src.join("introduction.md"))
        );
        assert_eq!(source_of(&src, Path::new("print.html")), None);
        assert!(!is_chapter(&src, Path::new("404.html")));
    }
}
