//! Page weight: every byte a first-time reader downloads before a page is
//! usable (HTML, CSS, scripts, fonts, figures), uncompressed and
//! gzip-compressed, by type; and the budget each chapter page must meet.
//!
//! Which files a page needs is what Chromium actually requested for it (so
//! only the fonts a page uses count); their sizes come from the files, so
//! the numbers are deterministic.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use anyhow::Context;
use flate2::Compression;
use flate2::write::GzEncoder;

/// A chapter page's first-load weight, gzip-compressed, may not exceed this.
///
/// As the browser checks load a page, every figure counts (lazy ones too,
/// and an explorable one's first state), and so does every font face its
/// formulas use, closed solutions' included. What keeps the heaviest
/// chapters under it: KaTeX's fonts cut to the glyphs the book uses,
/// no clipboard.js and no highlight.js on first load, no TeX annotation
/// in the MathML, and curves drawn with only the points a reader can see.
pub const PAGE_BUDGET_GZIP: u64 = 150_000;

/// What a downloaded file is, for the breakdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Html,
    Css,
    Script,
    Font,
    Image,
    Other,
}

impl Kind {
    fn of(path: &str) -> Kind {
        match path.rsplit('.').next().unwrap_or("") {
            "html" => Kind::Html,
            "css" => Kind::Css,
            "js" => Kind::Script,
            "woff2" | "woff" | "ttf" | "otf" => Kind::Font,
            "svg" | "png" | "jpg" | "jpeg" | "gif" | "webp" => Kind::Image,
            _ => Kind::Other,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Html => "HTML",
            Kind::Css => "CSS",
            Kind::Script => "JS",
            Kind::Font => "fonts",
            Kind::Image => "images",
            Kind::Other => "other",
        }
    }
}

/// Bytes on disk and gzip-compressed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Size {
    pub raw: u64,
    pub gzip: u64,
}

impl std::ops::AddAssign for Size {
    fn add_assign(&mut self, other: Size) {
        self.raw += other.raw;
        self.gzip += other.gzip;
    }
}

/// One page's download, file by file.
#[derive(Debug, Clone)]
pub struct PageWeight {
    pub page: String,
    pub files: Vec<(String, Kind, Size)>,
}

impl PageWeight {
    /// Weighs `page` from the site-relative `paths` the browser requested.
    pub fn measure(site: &Path, page: &str, paths: &[String]) -> anyhow::Result<PageWeight> {
        let mut unique: Vec<&String> = paths.iter().collect();
        unique.sort();
        unique.dedup();
        let files = unique
            .into_iter()
            .map(|path| {
                let bytes = fs_err::read(site.join(path)).with_context(|| {
                    format!("{page} requested {path}, which is not in the site")
                })?;
                Ok((path.clone(), Kind::of(path), size_of(&bytes)))
            })
            .collect::<anyhow::Result<_>>()?;
        Ok(PageWeight {
            page: page.to_owned(),
            files,
        })
    }

    pub fn total(&self) -> Size {
        let mut total = Size::default();
        for (_, _, size) in &self.files {
            total += *size;
        }
        total
    }

    pub fn by_kind(&self) -> BTreeMap<Kind, Size> {
        let mut kinds = BTreeMap::new();
        for (_, kind, size) in &self.files {
            *kinds.entry(*kind).or_default() += *size;
        }
        kinds
    }

    /// The budget problem of this page, if it is over.
    pub fn over_budget(&self) -> Option<String> {
        let total = self.total();
        (total.gzip > PAGE_BUDGET_GZIP).then(|| {
            let parts: Vec<String> = self
                .by_kind()
                .iter()
                .map(|(kind, size)| format!("{} {}", kind.name(), kb(size.gzip)))
                .collect();
            format!(
                "first load is {} gzip-compressed, over the {} budget ({})",
                kb(total.gzip),
                kb(PAGE_BUDGET_GZIP),
                parts.join(", ")
            )
        })
    }
}

/// The size of `bytes`, raw and gzip-compressed at the best level.
pub fn size_of(bytes: &[u8]) -> Size {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    let gzip = encoder.finish().expect("writing to memory").len() as u64;
    Size {
        raw: bytes.len() as u64,
        gzip,
    }
}

/// Bytes as kilobytes (1 KB = 1000 bytes), one decimal.
pub fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

/// A Markdown table of the pages' weights by type; `held` says which pages
/// are held to the budget (those built from a chapter file, not the print
/// page, which is every chapter at once).
pub fn markdown_table(pages: &[PageWeight], held: impl Fn(&str) -> bool) -> String {
    let kinds = [Kind::Html, Kind::Css, Kind::Script, Kind::Font, Kind::Image];
    let mut out = String::from("| Page | ");
    for kind in kinds {
        out.push_str(&format!("{} | ", kind.name()));
    }
    out.push_str("Total | Total (gzip) | Budget |\n|---|");
    out.push_str(&"---:|".repeat(kinds.len() + 3));
    out.push('\n');
    for page in pages {
        let by_kind = page.by_kind();
        out.push_str(&format!("| {} | ", page.page));
        for kind in kinds {
            let size = by_kind.get(&kind).copied().unwrap_or_default();
            out.push_str(&format!("{} / {} | ", kb(size.raw), kb(size.gzip)));
        }
        let total = page.total();
        let verdict = if total.gzip <= PAGE_BUDGET_GZIP {
            "ok"
        } else if held(&page.page) {
            "OVER"
        } else {
            "over (not held to it)"
        };
        out.push_str(&format!(
            "{} | {} | {verdict} |\n",
            kb(total.raw),
            kb(total.gzip)
        ));
    }
    out.push_str("\nEach type as raw / gzip-compressed.\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_extensions() {
        assert_eq!(Kind::of("css/general-1.css"), Kind::Css);
        assert_eq!(Kind::of("katex/fonts/KaTeX_Main-Regular.woff2"), Kind::Font);
        assert_eq!(Kind::of("figures/unit-circles.svg"), Kind::Image);
        assert_eq!(Kind::of("ch01-vectors.html"), Kind::Html);
    }

    #[test]
    fn gzip_shrinks_repetitive_text_and_budget_reports_the_parts() {
        let size = size_of(&vec![b'a'; 100_000]);
        assert_eq!(size.raw, 100_000);
        assert!(size.gzip < 1_000, "{size:?}");
        let heavy = PageWeight {
            page: "x.html".into(),
            files: vec![(
                "a.woff2".into(),
                Kind::Font,
                Size {
                    raw: 400_000,
                    gzip: 390_000,
                },
            )],
        };
        let problem = heavy.over_budget().unwrap();
        assert!(
            problem.contains("390.0 KB") && problem.contains("fonts 390.0 KB"),
            "{problem}"
        );
        let light = PageWeight {
            page: "y.html".into(),
            files: vec![("a.html".into(), Kind::Html, Size { raw: 10, gzip: 10 })],
        };
        assert!(light.over_budget().is_none());
        let table = markdown_table(&[heavy.clone(), light], |page| page != "x.html");
        assert!(table.contains("| over (not held to it) |"), "{table}");
        assert!(table.contains("| ok |"), "{table}");
        assert!(markdown_table(&[heavy], |_| true).contains("| OVER |"));
    }
}
