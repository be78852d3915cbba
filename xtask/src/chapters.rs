//! The book's chapters, read one way only: mdBook's own parser of
//! `SUMMARY.md` (the mdbook-summary crate, which mdBook itself builds the
//! book with), in the book's order, draft entries (no file) left out.

use std::path::{Path, PathBuf};

use anyhow::Context;
use mdbook_summary::SummaryItem;

use crate::project;

/// A page of the book, as SUMMARY.md names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter {
    /// Its title in the summary.
    pub name: String,
    /// Its Markdown file, relative to the book's sources (`ch01-vectors.md`).
    pub location: PathBuf,
}

impl Chapter {
    /// The page mdBook writes for it, relative to the site.
    pub fn page(&self) -> PathBuf {
        self.location.with_extension("html")
    }
}

/// The chapters of the book whose sources are in `src`, in its order.
pub fn chapters(src: &Path) -> anyhow::Result<Vec<Chapter>> {
    let path = src.join("SUMMARY.md");
    let text = fs_err::read_to_string(&path)?;
    let summary = mdbook_summary::parse_summary(&text)
        .with_context(|| format!("reading {}", project::display(&path)))?;
    let mut chapters = Vec::new();
    for item in summary
        .prefix_chapters
        .iter()
        .chain(&summary.numbered_chapters)
        .chain(&summary.suffix_chapters)
    {
        collect(item, &mut chapters);
    }
    Ok(chapters)
}

/// `item` and the items nested in it, depth first, as mdBook orders them.
fn collect(item: &SummaryItem, chapters: &mut Vec<Chapter>) {
    let SummaryItem::Link(link) = item else {
        return;
    };
    if let Some(location) = &link.location {
        chapters.push(Chapter {
            name: link.name.clone(),
            location: location.clone(),
        });
    }
    for nested in &link.nested_items {
        collect(nested, chapters);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_and_draft_entries_are_read_as_mdbook_reads_them() {
        let src = project::scratch_dir("chapters-test");
        fs_err::create_dir_all(&src).unwrap();
        fs_err::write(
            src.join("SUMMARY.md"),
            "# Summary\n\n[Intro](intro.md)\n\n- [One](one.md)\n  - [Inner](one/inner.md)\n- [Draft]()\n\n[Notes](notes.md)\n",
        )
        .unwrap();
        let names: Vec<(String, PathBuf)> = chapters(&src)
            .unwrap()
            .into_iter()
            .map(|chapter| (chapter.name.clone(), chapter.page()))
            .collect();
        assert_eq!(
            names,
            [
                ("Intro".to_owned(), PathBuf::from("intro.html")),
                ("One".to_owned(), PathBuf::from("one.html")),
                ("Inner".to_owned(), PathBuf::from("one/inner.html")),
                ("Notes".to_owned(), PathBuf::from("notes.html")),
            ]
        );
    }
}
