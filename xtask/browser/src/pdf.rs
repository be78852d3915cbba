//! The whole book as one PDF: the site's print page, printed by the same
//! headless Chromium the checks drive, with a table of contents whose lines
//! link to the chapters, page numbers, and the PDF outline (bookmarks).
//! Formulas stay typeset text and figures stay vectors, because Chromium
//! prints the page as it lays it out.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use headless_chrome::protocol::cdp::Page::AddScriptToEvaluateOnNewDocument;
use headless_chrome::types::PrintToPdfOptions;
use xtask::project;

use crate::chromium::Session;
use crate::page;

/// The PDF's file name, inside the site folder.
pub const PDF_NAME: &str = "ml-math-notes.pdf";

/// A4, in inches, as Chromium's printing measures it.
const A4: (f64, f64) = (8.27, 11.69);
const MARGIN: f64 = 0.6;

/// Inserts, at the start of the print page, a "Contents" list that links to
/// every chapter's first heading, and a page break after it. (The sidebar,
/// which lists the chapters on screen, is not printed.)
const TABLE_OF_CONTENTS: &str = r##"(() => {
    const main = document.querySelector("main");
    const titles = [...main.querySelectorAll("h1[id]")];
    const nav = document.createElement("nav");
    nav.className = "pdf-contents";
    nav.style.breakAfter = "page";
    const heading = document.createElement("h1");
    heading.textContent = "Contents";
    const list = document.createElement("ol");
    list.style.listStyle = "none";
    list.style.paddingLeft = "0";
    for (const title of titles) {
        const item = document.createElement("li");
        item.style.margin = "0.6em 0";
        const link = document.createElement("a");
        link.href = "#" + title.id;
        link.textContent = title.textContent;
        item.append(link);
        list.append(item);
    }
    nav.append(heading, list);
    main.prepend(nav);
    return titles.length;
})()"##;

/// Loads every font face the page declares (KaTeX's subsets are a few KB
/// each).
const LOAD_EVERY_FONT: &str =
    "Promise.all(Array.from(document.fonts, face => face.load())).then(faces => faces.length)";

/// The footer Chromium prints on every page: the page number, centred.
const FOOTER: &str = r#"<div style="width: 100%; font-size: 9px; font-family: sans-serif; color: #444; text-align: center;"><span class="pageNumber"></span> / <span class="totalPages"></span></div>"#;

/// What printing produced.
pub struct Printed {
    pub path: PathBuf,
    pub chapters: usize,
    pub bytes: usize,
}

/// Prints `site`'s print page to `site/ml-math-notes.pdf`; `Ok(Err(why))`
/// when there is no Chromium to print with.
pub fn print_book(site: &Path) -> anyhow::Result<Result<Printed, String>> {
    let session = match Session::start(site)? {
        Ok(session) => session,
        Err(why) => return Ok(Err(why)),
    };
    let watched = session.open_tab()?;
    let print_page = site.join("print.html");
    if !print_page.is_file() {
        bail!(
            "{} is missing: build the site first (`cargo xtask build-book`)",
            project::display(&print_page)
        );
    }
    // mdBook's print page opens the print dialog once it has loaded; in
    // headless Chromium that job would hold the page, and DevTools refuses to
    // print a page that is "already being printed".
    watched
        .tab
        .call_method(AddScriptToEvaluateOnNewDocument {
            source: "window.print = () => {};".to_owned(),
            world_name: None,
            include_command_line_api: None,
            run_immediately: None,
        })
        .map_err(|error| anyhow::anyhow!("keeping the print dialog shut: {error}"))?;
    let url = format!("{}/print.html", session.origin);
    let limit = page::load_limit(site, Path::new("print.html"));
    page::load(&watched.tab, &url, &watched.record, limit)?;
    let chapters = page::evaluate(&watched.tab, TABLE_OF_CONTENTS, false)?
        .as_u64()
        .context("counting the print page's chapters")? as usize;
    // A font is fetched when text in it is first laid out, and the page lays
    // out only what is near the screen; printing lays out the rest and does
    // not wait for fonts, so formulas far down were printed without their
    // KaTeX faces (`pdffonts` found two missing). Every face is loaded first.
    page::evaluate(&watched.tab, LOAD_EVERY_FONT, true)?;
    let options = PrintToPdfOptions {
        display_header_footer: Some(true),
        header_template: Some("<span></span>".to_owned()),
        footer_template: Some(FOOTER.to_owned()),
        print_background: Some(false),
        paper_width: Some(A4.0),
        paper_height: Some(A4.1),
        margin_top: Some(MARGIN),
        margin_bottom: Some(MARGIN),
        margin_left: Some(MARGIN),
        margin_right: Some(MARGIN),
        generate_document_outline: Some(true),
        generate_tagged_pdf: Some(true),
        ..PrintToPdfOptions::default()
    };
    let pdf = watched
        .tab
        .print_to_pdf(Some(options))
        .map_err(|error| anyhow::anyhow!("printing {url} to PDF: {error}"))?;
    let path = site.join(PDF_NAME);
    fs_err::write(&path, &pdf).with_context(|| format!("writing {}", project::display(&path)))?;
    Ok(Ok(Printed {
        path,
        chapters,
        bytes: pdf.len(),
    }))
}
