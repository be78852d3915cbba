//! Repairs to the pages mdBook writes, each run by `book::build_site` in
//! the order it lists them. Each finds what it changes exactly once (or
//! fails the build, naming what to update), so a change in mdBook's
//! templates cannot silently undo a repair.

use std::path::Path;

use anyhow::Context;

use crate::build::scripts;
use crate::{project, site};

/// Fixes to mdBook's own markup, found by axe-core and Lighthouse: `(page,
/// or "*" for every page with the menu bar, text to find, replacement, why)`.
const MARKUP_FIXES: &[(&str, &str, &str, &str)] = &[
    (
        "*",
        "<label id=\"mdbook-sidebar-toggle\" class=\"icon-button\" for=\"mdbook-sidebar-toggle-anchor\"",
        "<button type=\"button\" id=\"mdbook-sidebar-toggle\" class=\"icon-button\"",
        "the sidebar toggle is a <label> carrying aria-label and aria-controls, which only a button may carry; theme/sidebar-button.js makes the button tick the checkbox the label did",
    ),
    (
        "*",
        "</label>",
        "</button>",
        "the sidebar toggle's closing tag (the page's only label)",
    ),
    (
        "*",
        "</main>",
        "<footer class=\"book-footer\"><p>Text and figures: <a href=\"https://creativecommons.org/licenses/by-sa/4.0/\">CC BY-SA 4.0</a>. Code: MIT or Apache-2.0, at your choice. Found a mistake? <a href=\"https://github.com/ml-math-notes/ml-math-notes/issues/new?template=erratum.yml\">Report it</a>.</p></footer>\n                    </main>",
        "every page says under which licences it may be shared and where to report a mistake (mdBook has no footer setting)",
    ),
    (
        "toc.html",
        "<meta charset=\"UTF-8\">",
        "<meta charset=\"UTF-8\">\n        <title>Table of contents</title>\n        {icon}",
        "the table of contents page (mdBook's fallback without JavaScript) has no title and no icon (so browsers ask for a missing favicon.ico)",
    ),
];

/// Applies `MARKUP_FIXES`; each must find its text exactly once, so a change
/// in mdBook's templates fails the build instead of silently undoing a fix.
pub fn apply_markup_fixes(site: &Path) -> anyhow::Result<()> {
    // `{icon}` in a fix stands for the icon link mdBook writes in its pages
    // (its file name carries a content hash).
    let index = fs_err::read_to_string(site.join("index.html")).unwrap_or_default();
    let icon = index
        .lines()
        .find(|line| line.contains("rel=\"icon\""))
        .unwrap_or_default()
        .trim();
    site::rewrite_pages(site, |page, html| {
        let name = page.to_string_lossy();
        let mut html = html.to_owned();
        let mut changed = false;
        for (page, find, replace, why) in MARKUP_FIXES {
            let applies =
                *page == name || (*page == "*" && html.contains("id=\"mdbook-menu-bar\""));
            if !applies {
                continue;
            }
            anyhow::ensure!(
                html.matches(find).count() == 1,
                "mdBook's markup changed, so this fix no longer applies: {why}. Update MARKUP_FIXES in xtask/src/build/mdbook_markup.rs (looked for `{find}`)"
            );
            html = html.replacen(find, &replace.replace("{icon}", icon), 1);
            changed = true;
        }
        Ok(changed.then_some(html))
    })
    .map(drop)
}

/// The stylesheets mdBook links first, in their order: one file instead of
/// four requests before a page can paint. (The highlighting themes stay
/// apart: mdBook's script switches them on and off by their ids.)
const BUNDLED: &[&str] = &["css/variables", "css/general", "css/chrome", "fonts/fonts"];

/// Joins the `BUNDLED` stylesheets into `css/mdbook-HASH.css`, links every
/// page to it instead, and removes them. Each page must link all four
/// exactly once, so a change in mdBook's template fails the build.
pub fn bundle_stylesheets(site: &Path) -> anyhow::Result<()> {
    static LINK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r#"\n\s*(?:<!-- Fonts -->\s*)?<link rel="stylesheet" href="([^"]*?)((?:css/variables|css/general|css/chrome|fonts/fonts)-[0-9a-f]+\.css)">"#,
        )
        .expect("a valid pattern")
    });
    let pages = site::pages(site)?;
    let mut files: Vec<String> = Vec::new();
    let mut bundle_name = None;
    for page in &pages {
        let path = site.join(page);
        let html = fs_err::read_to_string(&path)
            .with_context(|| format!("reading {}", project::display(&path)))?;
        let found: Vec<(String, String)> = LINK
            .captures_iter(&html)
            .map(|link| (link[1].to_owned(), link[2].to_owned()))
            .collect();
        if found.is_empty() {
            continue;
        }
        let names: Vec<&str> = found
            .iter()
            .map(|(_, file)| file.rsplit_once('-').map_or("", |(name, _)| name))
            .collect();
        anyhow::ensure!(
            names == BUNDLED,
            "{}: mdBook's stylesheet links changed (found {names:?}, expected {BUNDLED:?}), so they can no longer be joined into one; update bundle_stylesheets in xtask/src/build/mdbook_markup.rs",
            project::display(&path)
        );
        if files.is_empty() {
            files = found.iter().map(|(_, file)| file.clone()).collect();
            bundle_name = Some(write_bundle(site, &files)?);
        }
        let bundle = bundle_name.as_deref().expect("written with the first page");
        let to_root = &found[0].0;
        let mut first = true;
        let joined = LINK.replace_all(&html, |_: &regex::Captures<'_>| {
            if std::mem::take(&mut first) {
                format!("\n        <link rel=\"stylesheet\" href=\"{to_root}{bundle}\">")
            } else {
                String::new()
            }
        });
        fs_err::write(&path, joined.as_bytes())
            .with_context(|| format!("writing {}", project::display(&path)))?;
    }
    for file in &files {
        let path = site.join(file);
        fs_err::remove_file(&path)
            .with_context(|| format!("removing {}", project::display(&path)))?;
        // `fonts/` held only fonts.css: no empty folder is left behind.
        let folder = path.parent().expect("a file in the site");
        let empty = fs_err::read_dir(folder)
            .with_context(|| format!("listing {}", project::display(folder)))?
            .next()
            .is_none();
        if empty {
            fs_err::remove_dir(folder)
                .with_context(|| format!("removing {}", project::display(folder)))?;
        }
    }
    Ok(())
}

/// Writes the joined stylesheet; returns its path from the site's root.
fn write_bundle(site: &Path, files: &[String]) -> anyhow::Result<String> {
    let mut css = String::from(
        "/* mdBook's variables.css, general.css and chrome.css, and the book's fonts.css,\n   joined by cargo xtask build-book (one request instead of four). */\n",
    );
    for file in files {
        let path = site.join(file);
        css.push_str(
            &fs_err::read_to_string(&path)
                .with_context(|| format!("reading {}", project::display(&path)))?,
        );
        css.push('\n');
    }
    let name = format!("css/mdbook-{}.css", project::content_hash(css.as_bytes()));
    let path = site.join(&name);
    fs_err::write(&path, css).with_context(|| format!("writing {}", project::display(&path)))?;
    Ok(name)
}

/// The KaTeX fonts nearly every formula uses, fetched with the stylesheet
/// instead of after the page is laid out.
const KATEX_FONTS: &[&str] = &["KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2"];

/// The KaTeX preprocessor can only write into a chapter's body, and a
/// stylesheet there holds back the page's first paint until it arrives (on
/// the print page, once per chapter). Each page with math gets it once in
/// its head instead, with the fonts every formula uses preloaded.
pub fn hoist_katex_stylesheet(site: &Path) -> anyhow::Result<()> {
    static LINK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        let css = regex::escape(project::KATEX_CSS);
        regex::Regex::new(&format!(
            r#"<link rel="stylesheet" href="([^"]*){css}">\n*"#
        ))
        .expect("a valid pattern")
    });
    site::rewrite_pages(site, |_, html| {
        let Some(to_root) = LINK.captures(html).map(|found| found[1].to_owned()) else {
            return Ok(None);
        };
        let mut head = format!(
            "    <link rel=\"stylesheet\" href=\"{to_root}{}\">\n",
            project::KATEX_CSS
        );
        let fonts = Path::new(project::KATEX_CSS)
            .parent()
            .expect("the stylesheet is in a folder")
            .join("fonts");
        for font in KATEX_FONTS {
            head.push_str(&format!(
                "        <link rel=\"preload\" href=\"{to_root}{}/{font}\" as=\"font\" type=\"font/woff2\" crossorigin>\n",
                fonts.display()
            ));
        }
        head.push_str("    </head>");
        let html = LINK.replace_all(html, "");
        anyhow::ensure!(
            html.matches("</head>").count() == 1,
            "no single </head> to move the KaTeX stylesheet into; update hoist_katex_stylesheet in xtask/src/build/mdbook_markup.rs"
        );
        Ok(Some(html.replacen("</head>", &head, 1)))
    })
    .map(drop)
}

/// With `editable = true`, mdBook loads its editor (Ace and its Rust mode
/// and themes: about 100 KB gzip) on every page, and turns every block
/// marked `editable` into an editor at once. The book marks no block so:
/// instead, pages with runnable blocks get the small loader `theme/notebook-loader.js`,
/// which, the first time the reader focuses (clicks, or tabs into) a block,
/// loads Ace and `theme/notebook.js` (copied into the site under a name
/// carrying its hash) and turns that block into an editor; other pages lose
/// the scripts. mdBook's own `editor.js` is not used.
pub fn defer_editor_scripts(root: &Path, site: &Path) -> anyhow::Result<()> {
    let notebook = copy_notebook_script(root, site)?;
    let loader = scripts::inline(&scripts::read(root, "notebook-loader.js")?);
    static SCRIPTS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r#"<script src="([^"]*ace-[0-9a-f]+\.js)"></script>\s*<script src="([^"]*mode-rust-[0-9a-f]+\.js)"></script>\s*<script src="[^"]*editor-[0-9a-f]+\.js"></script>\s*<script src="([^"]*theme-dawn-[0-9a-f]+\.js)"></script>\s*<script src="([^"]*theme-tomorrow_night-[0-9a-f]+\.js)"></script>"#,
        )
        .expect("a valid pattern")
    });
    for page in site::pages(site)? {
        let path = site.join(&page);
        let html = fs_err::read_to_string(&path)
            .with_context(|| format!("reading {}", project::display(&path)))?;
        let found = SCRIPTS.captures_iter(&html).count();
        let runnable = html.contains("<pre class=\"playground\">");
        if found == 0 && !runnable {
            continue;
        }
        anyhow::ensure!(
            found == 1,
            "{}: found {found} groups of mdBook's editor scripts (ace, mode-rust, editor, theme-dawn, theme-tomorrow_night), not 1, so the editor cannot be loaded on first use: is `editable = true` still set in book.toml's [output.html.playground]? If so, mdBook's markup changed; update defer_editor_scripts in xtask/src/build/mdbook_markup.rs",
            project::display(&path)
        );
        let deferred = SCRIPTS.replace(&html, |captures: &regex::Captures<'_>| {
            if !runnable {
                return String::new();
            }
            // Pages sit at the site's top, as `captures[1]` shows; a page
            // in a folder reaches the script the same way it reaches Ace.
            let up = captures[1].trim_end_matches(|c| c != '/');
            let sources = format!(
                "[\"{}\", \"{}\", \"{}\", \"{}\", \"{up}{notebook}\"]",
                &captures[1], &captures[2], &captures[3], &captures[4]
            );
            loader.replace("SOURCES", &sources)
        });
        fs_err::write(&path, deferred.as_bytes())
            .with_context(|| format!("writing {}", project::display(&path)))?;
    }
    Ok(())
}

/// Copies `theme/notebook.js` into the site as `notebook-HASH.js` (a new
/// version gets a new name, so no browser keeps an old one); returns that
/// name.
fn copy_notebook_script(root: &Path, site: &Path) -> anyhow::Result<String> {
    let source = root.join("theme").join("notebook.js");
    let script = fs_err::read_to_string(&source)
        .with_context(|| format!("reading {}", project::display(&source)))?;
    let name = format!("notebook-{}.js", project::content_hash(script.as_bytes()));
    let target = site.join(&name);
    fs_err::write(&target, script)
        .with_context(|| format!("writing {}", project::display(&target)))?;
    Ok(name)
}

/// mdBook loads its three search scripts (elasticlunr, mark, searcher:
/// 17 KB gzip) on every page, though most readers never search. Each page
/// gets a small loader instead (`theme/search-loader.js`) that fetches them, in order, the first time
/// the reader opens the search (button, `s` or `/`), or at once when the
/// page was opened from a search result (`?search=` or `?highlight=`).
pub fn defer_search_scripts(root: &Path, site: &Path) -> anyhow::Result<()> {
    let loader = scripts::inline(&scripts::read(root, "search-loader.js")?);
    static SCRIPTS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r#"<script src="([^"]*elasticlunr-[0-9a-f]+\.min\.js)"></script>\s*<script src="([^"]*mark-[0-9a-f]+\.min\.js)"></script>\s*<script src="([^"]*searcher-[0-9a-f]+\.js)"></script>"#,
        )
        .expect("a valid pattern")
    });
    site::rewrite_pages(site, |_, html| {
        if !html.contains("id=\"mdbook-search-toggle\"") {
            return Ok(None);
        }
        let found = SCRIPTS.captures_iter(html).count();
        anyhow::ensure!(
            found == 1,
            "mdBook's search scripts changed (found {found} groups of elasticlunr, mark and searcher), so they can no longer be loaded on first use; update defer_search_scripts in xtask/src/build/mdbook_markup.rs"
        );
        let deferred = SCRIPTS.replace(html, |captures: &regex::Captures<'_>| {
            let sources = format!(
                "[\"{}\", \"{}\", \"{}\"]",
                &captures[1], &captures[2], &captures[3]
            );
            loader.replace("SOURCES", &sources)
        });
        Ok(Some(deferred.into_owned()))
    })
    .map(drop)
}

/// mdBook draws the repository and "suggest an edit" links as inline
/// Font Awesome icons: about 1 KB of gzip-compressed SVG on every page,
/// which the longest chapters cannot spare under the 250 KB budget. A word
/// says the same: "Source" and "Edit", styled like the PDF link. The
/// repository link is on every page with a menu bar; the edit link on every
/// page with a source (not on 404.html or print.html).
pub fn shorten_menu_links(site: &Path) -> anyhow::Result<()> {
    static LINK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r#"<a href="([^"]*)" title="(Git repository|Suggest an edit)" aria-label="[^"]*"( rel="edit")?>\s*<span class=fa-svg[^>]*><svg .*?</svg></span>\s*</a>"#,
        )
        .expect("a valid pattern")
    });
    site::rewrite_pages(site, |_, html| {
        if !html.contains("id=\"mdbook-menu-bar\"") {
            return Ok(None);
        }
        let found = LINK.find_iter(html).count();
        let wanted = if html.contains("title=\"Suggest an edit\"") {
            2
        } else {
            1
        };
        anyhow::ensure!(
            found == wanted,
            "found {found} of mdBook's repository and edit icon links, expected {wanted}: mdBook's markup changed; update shorten_menu_links in xtask/src/build/mdbook_markup.rs"
        );
        let html = LINK.replace_all(html, |link: &regex::Captures<'_>| {
            let word = if &link[2] == "Git repository" {
                "Source"
            } else {
                "Edit"
            };
            let rel = link.get(3).map_or("", |rel| rel.as_str());
            format!(
                "<a class=\"menu-word\" href=\"{}\" title=\"{}\"{rel}>{word}</a>",
                &link[1], &link[2]
            )
        });
        Ok(Some(html.into_owned()))
    })
    .map(drop)
}

/// mdBook's `book.js` sets `window.onunload` (an old trick against the
/// back-button cache) that Chromium reports as a deprecated API and that
/// keeps pages out of that cache; the fix removes it, and fails loudly if
/// mdBook's script changes.
pub fn repair_book_js(site: &Path) -> anyhow::Result<()> {
    const FIND: &str = "window.onunload = function() { };";
    let scripts: Vec<std::path::PathBuf> = fs_err::read_dir(site)
        .with_context(|| format!("listing {}", project::display(site)))?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.starts_with("book-") && name.ends_with(".js")
        })
        .collect();
    anyhow::ensure!(
        scripts.len() == 1,
        "{}: expected one book-*.js from mdBook, found {}; update repair_book_js in xtask/src/build/mdbook_markup.rs",
        project::display(site),
        scripts.len()
    );
    let path = &scripts[0];
    let script = fs_err::read_to_string(path)
        .with_context(|| format!("reading {}", project::display(path)))?;
    anyhow::ensure!(
        script.matches(FIND).count() == 1,
        "{}: mdBook's script changed, so the fix for its unload listener no longer applies (looked for `{FIND}`); update repair_book_js in xtask/src/build/mdbook_markup.rs",
        project::display(path)
    );
    let fixed = script.replacen(
        FIND,
        "// (window.onunload removed by cargo xtask: it is deprecated)",
        1,
    );
    fs_err::write(path, fixed).with_context(|| format!("writing {}", project::display(path)))
}
