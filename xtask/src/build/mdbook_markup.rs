//! What the theme cannot do to the pages mdBook writes, because it depends
//! on what a page holds or on the files mdBook wrote: the KaTeX stylesheet
//! in the head of pages with math, one bundle of mdBook's stylesheets, and
//! the code editor loaded only on pages with runnable blocks. (Everything
//! else about the page's layout is in the theme: `theme/index.hbs`.) Each
//! pass runs from `book::build_site`, in the order it lists them, and finds
//! what it changes exactly once, or fails the build naming what to update.

use std::path::Path;

use anyhow::Context;

use crate::build::katex_fonts::KatexAssets;
use crate::build::scripts;
use crate::{project, site};

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
/// its head instead (the subset fonts' stylesheet, under its hashed name),
/// with the fonts every formula uses preloaded.
pub fn hoist_katex_stylesheet(site: &Path, katex: &KatexAssets) -> anyhow::Result<()> {
    static LINK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        let css = regex::escape(project::KATEX_CSS);
        regex::Regex::new(&format!(
            r#"<link rel="stylesheet" href="([^"]*){css}">\n*"#
        ))
        .expect("a valid pattern")
    });
    let preloads = KATEX_FONTS
        .iter()
        .map(|font| {
            katex.fonts.get(*font).with_context(|| {
                format!("{font} is not among the fonts of {}: update KATEX_FONTS in xtask/src/build/mdbook_markup.rs", project::KATEX_CSS)
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    site::rewrite_pages(site, |_, html| {
        let Some(to_root) = LINK.captures(html).map(|found| found[1].to_owned()) else {
            return Ok(None);
        };
        let mut head = format!(
            "    <link rel=\"stylesheet\" href=\"{to_root}{}\">\n",
            katex.css
        );
        for font in &preloads {
            head.push_str(&format!(
                "        <link rel=\"preload\" href=\"{to_root}{font}\" as=\"font\" type=\"font/woff2\" crossorigin>\n"
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
