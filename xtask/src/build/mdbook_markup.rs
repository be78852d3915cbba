//! What the page pass (`page_pass`) puts into the pages mdBook wrote,
//! prepared from the files mdBook wrote before the pass runs: one bundle
//! of mdBook's stylesheets, the KaTeX stylesheet's links for the head of
//! pages with math, and the loader of the code editor. (Everything else
//! about the page's layout is in the theme: `theme/index.hbs`.) Each fails
//! the build naming what to update when mdBook's files change.

use std::path::Path;

use anyhow::Context;

use crate::build::katex_fonts::KatexAssets;
use crate::build::scripts;
use crate::project;

/// The stylesheets mdBook links first, in their order: one file instead of
/// four requests before a page can paint. (The highlighting themes stay
/// apart: mdBook's script switches them on and off by their ids.)
pub const BUNDLED: &[&str] = &["css/variables", "css/general", "css/chrome", "fonts/fonts"];

/// mdBook's `BUNDLED` stylesheets, joined into one.
pub struct Bundle {
    /// The files joined (`css/variables-HASH.css`…), in `BUNDLED`'s order,
    /// from the site's root; removed from the site.
    pub files: Vec<String>,
    /// The joined file, `css/mdbook-HASH.css`, from the site's root.
    pub name: String,
}

/// Joins the `BUNDLED` stylesheets mdBook wrote into `site` into
/// `css/mdbook-HASH.css` and removes them; the page pass links pages to
/// the bundle instead.
pub fn bundle_stylesheets(site: &Path) -> anyhow::Result<Bundle> {
    let files = BUNDLED
        .iter()
        .map(|name| written_file(site, name))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let name = write_bundle(site, &files)?;
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
    Ok(Bundle { files, name })
}

/// The one file mdBook wrote for `name` (`css/variables`), under its
/// hashed name (`css/variables-0123abcd.css`), from the site's root.
fn written_file(site: &Path, name: &str) -> anyhow::Result<String> {
    let (folder, stem) = name.rsplit_once('/').unwrap_or(("", name));
    let dir = site.join(folder);
    let mut found = Vec::new();
    if dir.is_dir() {
        for entry in
            fs_err::read_dir(&dir).with_context(|| format!("listing {}", project::display(&dir)))?
        {
            let entry = entry.with_context(|| format!("listing {}", project::display(&dir)))?;
            let file = entry.file_name().to_string_lossy().into_owned();
            if is_hashed(&file, stem, "css") {
                found.push(format!("{folder}/{file}"));
            }
        }
    }
    anyhow::ensure!(
        found.len() == 1,
        "{}: mdBook wrote {} files {name}-HASH.css ({found:?}), not one, so its stylesheets can no longer be joined; update BUNDLED in xtask/src/build/mdbook_markup.rs",
        project::display(site),
        found.len()
    );
    Ok(found.remove(0))
}

/// Whether `file` is `name-HASH.ext`, as mdBook names what it writes.
pub fn is_hashed(file: &str, name: &str, ext: &str) -> bool {
    file.strip_prefix(name)
        .and_then(|rest| rest.strip_prefix('-'))
        .and_then(|rest| rest.strip_suffix(ext))
        .and_then(|rest| rest.strip_suffix('.'))
        .is_some_and(|hash| !hash.is_empty() && hash.chars().all(|c| c.is_ascii_hexdigit()))
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

/// What the head of a page with math gets: the subset fonts' stylesheet
/// under its hashed name, and the fonts every formula uses preloaded. (A
/// stylesheet in the body would hold back the page's first paint until it
/// arrives.)
pub struct KatexHead {
    /// The stylesheet and the fonts, from the site's root.
    pub css: String,
    pub preloads: Vec<String>,
}

impl KatexHead {
    pub fn new(katex: &KatexAssets) -> anyhow::Result<Self> {
        let preloads = KATEX_FONTS
            .iter()
            .map(|font| {
                katex.fonts.get(*font).cloned().with_context(|| {
                    format!("{font} is not among the fonts of {}: update KATEX_FONTS in xtask/src/build/mdbook_markup.rs", project::KATEX_CSS)
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(KatexHead {
            css: katex.css.clone(),
            preloads,
        })
    }

    /// The links, for the end of the head of a page `to_root` away from the
    /// site's root (`../` for each folder it is in).
    pub fn links(&self, to_root: &str) -> String {
        let mut head = format!(
            "    <link rel=\"stylesheet\" href=\"{to_root}{}\">\n",
            self.css
        );
        for font in &self.preloads {
            head.push_str(&format!(
                "        <link rel=\"preload\" href=\"{to_root}{font}\" as=\"font\" type=\"font/woff2\" crossorigin>\n"
            ));
        }
        head.push_str("    ");
        head
    }
}

/// mdBook's editor scripts, in the order its template loads them with
/// `editable = true` (`editor` is mdBook's own glue, which the book does
/// not use).
pub const EDITOR_SCRIPTS: &[&str] = &[
    "ace",
    "mode-rust",
    "editor",
    "theme-dawn",
    "theme-tomorrow_night",
];

/// With `editable = true`, mdBook loads its editor (Ace and its Rust mode
/// and themes: about 100 KB gzip) on every page, and turns every block
/// marked `editable` into an editor at once. The book marks no block so:
/// instead, pages with runnable blocks get the small loader
/// `theme/notebook-loader.js`, which, the first time the reader focuses
/// (clicks, or tabs into) a block, loads Ace and `theme/notebook.js`
/// (copied into the site under a name carrying its hash) and turns that
/// block into an editor; other pages lose the scripts.
pub struct EditorLoader {
    /// The inline loader, `SOURCES` standing for the scripts it loads.
    pub loader: String,
    /// `notebook-HASH.js`, at the site's root.
    pub notebook: String,
}

impl EditorLoader {
    /// Copies `theme/notebook.js` into `site` and reads the loader.
    pub fn new(root: &Path, site: &Path) -> anyhow::Result<Self> {
        Ok(EditorLoader {
            loader: scripts::inline(&scripts::read(root, "notebook-loader.js")?),
            notebook: copy_notebook_script(root, site)?,
        })
    }

    /// The loader, given the sources of mdBook's editor scripts on the page
    /// (`EDITOR_SCRIPTS`' order, `editor` left out).
    pub fn script(&self, ace: &str, mode: &str, dawn: &str, night: &str) -> String {
        // Pages sit at the site's top, as Ace's source shows; a page in a
        // folder reaches the notebook script the same way it reaches Ace.
        let up = ace.trim_end_matches(|c| c != '/');
        let notebook = &self.notebook;
        let sources =
            format!("[\"{ace}\", \"{mode}\", \"{dawn}\", \"{night}\", \"{up}{notebook}\"]");
        self.loader.replace("SOURCES", &sources)
    }
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
