//! `cargo xtask pdf`: builds the site, prints its print page to
//! `ml-math-notes.pdf` with headless Chromium (the `xtask-browser` program),
//! checks the PDF's text with `pdftotext` and that it embeds every KaTeX face
//! the print page uses with `pdffonts`, and links every page's menu bar to
//! it. The PDF is made on request, not by every build: printing the whole
//! book takes Chromium a minute on a small machine.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};

use crate::check::{browser, site_check};
use crate::project;
use crate::step::step;

/// The PDF's file name, inside the site folder (the browser program writes
/// it under the same name).
pub const PDF_NAME: &str = "ml-math-notes.pdf";

/// Text that the PDF must hold besides every chapter's title: a formula
/// (the gradient, as KaTeX lays it out), a figure caption, and the
/// contents page the print adds.
const SAMPLES: &[&str] = &["∇L", "The cost levels off at the noise", "Contents"];

/// The menu-bar link every page gets once the PDF exists, placed before
/// mdBook's print button.
const PDF_LINK: &str = "<a class=\"menu-word pdf-link\" href=\"ml-math-notes.pdf\" title=\"Download the whole book as a PDF\">PDF</a>\n                        ";

/// `cargo xtask pdf`.
pub fn run() -> anyhow::Result<()> {
    crate::build_book()?;
    let site = project::site_dir();
    let printed = step("Print the book to PDF with Chromium", browser::pdf).result?;
    if !site.join(PDF_NAME).is_file() {
        bail!("no PDF was printed: {printed}");
    }
    step("Check the PDF's text (pdftotext)", || check_text(&site)).result?;
    step("Check the PDF embeds every KaTeX face (pdffonts)", || {
        check_fonts(&site)
    })
    .result?;
    step("Link every page to the PDF", || link_pages(&site)).result?;
    Ok(())
}

/// Every chapter title and every sample must be in the PDF's text.
fn check_text(site: &Path) -> anyhow::Result<String> {
    let pdf = site.join(PDF_NAME);
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .context("running pdftotext to read the PDF (Debian: `apt-get install poppler-utils`)")?;
    if !output.status.success() {
        bail!(
            "pdftotext could not read {}: {}",
            project::display(&pdf),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let titles = chapter_titles(&project::root())?;
    let missing: Vec<&str> = titles
        .iter()
        .map(String::as_str)
        .chain(SAMPLES.iter().copied())
        .filter(|wanted| !flatten(&text).contains(&flatten(wanted)))
        .collect();
    if !missing.is_empty() {
        bail!(
            "{} lacks: {}",
            project::display(&pdf),
            missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let pages = text.matches('\u{c}').count();
    Ok(format!(
        "{pages} pages; every one of {} chapter titles and {} samples found",
        titles.len(),
        SAMPLES.len()
    ))
}

/// Every KaTeX face the print page draws glyphs in must be embedded in the
/// PDF: otherwise a reader's PDF viewer draws those formulas in a font of
/// its own.
fn check_fonts(site: &Path) -> anyhow::Result<String> {
    let pdf = site.join(PDF_NAME);
    let output = Command::new("pdffonts").arg(&pdf).output().context(
        "running pdffonts to list the PDF's fonts (Debian: `apt-get install poppler-utils`)",
    )?;
    if !output.status.success() {
        bail!(
            "pdffonts could not read {}: {}",
            project::display(&pdf),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let embedded = embedded_fonts(&String::from_utf8_lossy(&output.stdout));
    let wanted = faces_on_print_page(site)?;
    let missing: Vec<&String> = wanted
        .iter()
        .filter(|face| !embedded.contains(face.as_str()))
        .collect();
    if !missing.is_empty() {
        bail!(
            "{} does not embed the KaTeX face(s) {} that the print page uses (pdffonts lists: {})",
            project::display(&pdf),
            missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", "),
            embedded.iter().cloned().collect::<Vec<_>>().join(", ")
        );
    }
    Ok(format!(
        "all {} KaTeX faces the print page uses are embedded",
        wanted.len()
    ))
}

/// The KaTeX faces (`KaTeX_Main-Regular`) whose glyphs the site's print
/// page draws, found as the build finds them.
fn faces_on_print_page(site: &Path) -> anyhow::Result<std::collections::BTreeSet<String>> {
    let page = site.join("print.html");
    let html = fs_err::read_to_string(&page)
        .with_context(|| format!("reading {}", project::display(&page)))?;
    let css_path = project::book_src().join(project::KATEX_CSS);
    let css = fs_err::read_to_string(&css_path)
        .with_context(|| format!("reading {}", project::display(&css_path)))?;
    let sheet = crate::build::katex_css::Stylesheet::parse(&css)?;
    let glyphs = crate::build::katex_glyphs::glyphs_in(&without_details(&html), &sheet);
    Ok(crate::build::katex_glyphs::face_names(&glyphs))
}

/// `html` without its `<details>` (the solutions), which the print leaves
/// closed, so the PDF holds none of their glyphs.
fn without_details(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut depth = 0;
    let mut rest = html;
    while let Some(at) = rest
        .find("<details")
        .into_iter()
        .chain(rest.find("</details>"))
        .min()
    {
        if depth == 0 {
            out.push_str(&rest[..at]);
        }
        if rest[at..].starts_with("</details>") {
            depth = usize::saturating_sub(depth, 1);
            rest = &rest[at + "</details>".len()..];
        } else {
            depth += 1;
            rest = &rest[at + "<details".len()..];
        }
    }
    if depth == 0 {
        out.push_str(rest);
    }
    out
}

/// The names of the fonts `pdffonts` lists as embedded, without the
/// subset tag (`ABCDEF+KaTeX_Main-Regular` is `KaTeX_Main-Regular`).
fn embedded_fonts(listing: &str) -> std::collections::BTreeSet<String> {
    let mut lines = listing.lines();
    let header = lines.next().unwrap_or_default();
    let Some(emb) = header.find(" emb ").map(|at| at + 1) else {
        return Default::default();
    };
    lines
        .skip(1)
        .filter(|line| line.get(emb..emb + 3) == Some("yes"))
        .filter_map(|line| line.split_whitespace().next())
        .map(|name| {
            name.split_once('+')
                .map_or(name, |(_, font)| font)
                .to_owned()
        })
        .collect()
}

/// The text with all white space removed: pdftotext breaks lines where the
/// page did.
fn flatten(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The titles of the book's pages, as mdBook reads them from SUMMARY.md
/// (draft entries, which have no page, left out).
fn chapter_titles(root: &Path) -> anyhow::Result<Vec<String>> {
    let src = root.join("book");
    Ok(crate::chapters::chapters(&src)?
        .into_iter()
        .map(|chapter| chapter.name)
        .collect())
}

/// Puts the PDF link in every page's menu bar (through the page pass's
/// rewriter), then checks the site again (the link must resolve).
fn link_pages(site: &Path) -> anyhow::Result<String> {
    let linked = crate::site::rewrite_pages(site, |_, html| with_pdf_link(html))?;
    if linked == 0 {
        bail!(
            "no page has mdBook's print button (`<a href=\"print.html\" title=\"Print this book\">`) to put the PDF link beside"
        );
    }
    site_check::check(site, &project::root().join("book"))?;
    Ok(format!("{linked} pages link to {PDF_NAME}"))
}

/// `html` with the PDF link before the print button, or `None` if it has
/// the link already or no print button.
fn with_pdf_link(html: &str) -> anyhow::Result<Option<String>> {
    use lol_html::{RewriteStrSettings, element, html_content::ContentType};
    let (linked, done) = (std::cell::Cell::new(false), std::cell::Cell::new(false));
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("a[href=\"ml-math-notes.pdf\"]", |_| {
            done.set(true);
            Ok(())
        }))
        .append_element_content_handler(element!(
            "a[href=\"print.html\"][title=\"Print this book\"]",
            |el| {
                if !done.replace(true) {
                    el.before(PDF_LINK, ContentType::Html);
                    linked.set(true);
                }
                Ok(())
            }
        ));
    let out = crate::build::page_pass::rewrite_with(html, settings)?;
    Ok(linked.get().then_some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_titles_from_the_summary() {
        let root = project::root();
        let titles = chapter_titles(&root).unwrap();
        assert_eq!(titles.first().map(String::as_str), Some("Introduction"));
        assert!(
            titles
                .iter()
                .any(|t| t == "Vectors: how data is represented"),
            "{titles:?}"
        );
        assert!(titles.iter().all(|t| !t.is_empty()), "{titles:?}");
    }

    #[test]
    fn reads_the_embedded_fonts_from_pdffonts() {
        let listing = "name                                 type              encoding         emb sub uni object ID
------------------------------------ ----------------- ---------------- --- --- --- ---------
ABCDEF+KaTeX_Main-Regular            CID TrueType      Identity-H       yes yes yes     10  0
KaTeX_Size1-Regular                  CID TrueType      Identity-H       no  no  yes     11  0
GHIJKL+OpenSans                      CID TrueType      Identity-H       yes yes yes     12  0
";
        let fonts = embedded_fonts(listing);
        assert_eq!(
            fonts.into_iter().collect::<Vec<_>>(),
            ["KaTeX_Main-Regular", "OpenSans"]
        );
    }

    #[test]
    fn closed_solutions_are_left_out() {
        assert_eq!(
            without_details(
                "a<details><p>b<details>c</details>d</p></details>e<details>f</details>"
            ),
            "ae"
        );
    }

    #[test]
    fn the_pdf_link_goes_before_the_print_button_once() {
        let page = "<div><a href=\"print.html\" title=\"Print this book\">P</a></div>";
        let linked = with_pdf_link(page).unwrap().unwrap();
        assert_eq!(
            linked,
            format!("<div>{PDF_LINK}<a href=\"print.html\" title=\"Print this book\">P</a></div>")
        );
        assert_eq!(with_pdf_link(&linked).unwrap(), None);
        assert_eq!(with_pdf_link("<p>no button</p>").unwrap(), None);
    }

    #[test]
    fn matching_ignores_line_breaks() {
        assert!(flatten("Loss and cost\nfunctions").contains(&flatten("Loss and cost functions")));
    }
}
