//! Checks of the built site: no raw TeX and no KaTeX error left in a page,
//! every internal link, anchor, image, stylesheet and script resolves, no
//! page loads anything from another host, and every image has alt text.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use anyhow::Context;

use crate::html::{Token, decode_entities, tokenize};
use crate::problem::{self, Problem, line_of};
use crate::project;

/// Elements whose text is code or math markup, not prose.
const NOT_PROSE: &[&str] = &["code", "pre", "math", "script", "style", "textarea"];

/// Checks every page of the site in `site`; problems point into the book's
/// sources where the cause can be found there.
pub fn check(site: &Path, src: &Path) -> anyhow::Result<usize> {
    let pages = read_pages(site)?;
    let pages: Vec<(&PathBuf, &String)> = pages.iter().collect();
    let tokens = project::parallel_map(&pages, |(_, html)| tokenize(html));
    let ids: HashMap<&PathBuf, HashSet<String>> = pages
        .iter()
        .zip(&tokens)
        .map(|((path, _), tokens)| (*path, collect_ids(tokens)))
        .collect();
    let indexes: Vec<usize> = (0..pages.len()).collect();
    let found = project::parallel_map(&indexes, |&index| {
        let ((page, html), tokens) = (pages[index], &tokens[index]);
        let locate = |needle: &str, message: String| locate(site, src, page, html, needle, message);
        let mut problems: Vec<_> = check_prose(tokens)
            .into_iter()
            .map(|(needle, why)| locate(&needle, why))
            .collect();
        for (needle, why) in check_references(site, page, tokens, &ids) {
            problems.push(locate(&needle, why));
        }
        problems
    });
    let mut problems: Vec<_> = found.into_iter().flatten().collect();
    problems.sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
    problems.dedup();
    problem::report("the built site", problems)?;
    Ok(pages.len())
}

/// Every HTML page under `site`, by path relative to it.
fn read_pages(site: &Path) -> anyhow::Result<BTreeMap<PathBuf, String>> {
    let mut pages = BTreeMap::new();
    for page in crate::site::pages(site)? {
        let path = site.join(&page);
        let html = fs_err::read_to_string(&path)
            .with_context(|| format!("reading {}", project::display(&path)))?;
        pages.insert(page, html);
    }
    anyhow::ensure!(
        !pages.is_empty(),
        "no pages in {}: run `cargo xtask build-book`",
        project::display(site)
    );
    Ok(pages)
}

fn collect_ids(tokens: &[Token<'_>]) -> HashSet<String> {
    tokens
        .iter()
        .flat_map(|token| {
            [
                token.attribute("id"),
                if is_tag(token, "a") {
                    token.attribute("name")
                } else {
                    None
                },
            ]
        })
        .flatten()
        .map(str::to_owned)
        .collect()
}

fn is_tag(token: &Token<'_>, wanted: &str) -> bool {
    matches!(token, Token::Tag { name, .. } if name == wanted)
}

/// Raw TeX or KaTeX errors in the prose of a page: `(text to find, why)`.
pub fn check_prose(tokens: &[Token<'_>]) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut depth: HashMap<&str, usize> = HashMap::new();
    for token in tokens {
        match token {
            Token::Tag { name, .. } => {
                if let Some(&skip) = NOT_PROSE.iter().find(|&&skip| skip == name) {
                    *depth.entry(skip).or_default() += 1;
                }
                if token
                    .attribute("class")
                    .is_some_and(|class| class.split_whitespace().any(|c| c == "katex-error"))
                {
                    let title = token.attribute("title").unwrap_or("no message").to_owned();
                    found.push((
                        "katex-error".to_owned(),
                        format!("KaTeX error left in the page: {title}"),
                    ));
                }
            }
            Token::End { name } => {
                if let Some(count) = NOT_PROSE
                    .iter()
                    .find(|&&skip| skip == name)
                    .and_then(|skip| depth.get_mut(skip))
                {
                    *count = count.saturating_sub(1);
                }
            }
            Token::Text(text) if depth.values().all(|&count| count == 0) => {
                if let Some(tex) = raw_tex(&decode_entities(text)) {
                    found.push((
                        tex.clone(),
                        format!("raw TeX in the page: `{tex}` (is a `$` missing or unbalanced?)"),
                    ));
                }
            }
            Token::Text(_) => {}
        }
    }
    found
}

/// The first piece of TeX in prose text: a `$` or a `\command`.
fn raw_tex(text: &str) -> Option<String> {
    let start = text.find('$').or_else(|| {
        text.match_indices('\\')
            .map(|(i, _)| i)
            .find(|&i| text[i + 1..].starts_with(|c: char| c.is_ascii_alphabetic()))
    })?;
    Some(
        text[start..]
            .chars()
            .take(40)
            .collect::<String>()
            .trim()
            .to_owned(),
    )
}

/// Broken references from one page: `(text to find, why)`.
fn check_references(
    site: &Path,
    page: &Path,
    tokens: &[Token<'_>],
    ids: &HashMap<&PathBuf, HashSet<String>>,
) -> Vec<(String, String)> {
    let base = tokens
        .iter()
        .find(|token| is_tag(token, "base"))
        .and_then(|token| token.attribute("href"))
        .map_or_else(
            || page.parent().unwrap_or(Path::new("")).to_path_buf(),
            base_folder,
        );
    let mut found = Vec::new();
    for token in tokens {
        let Token::Tag { name, .. } = token else {
            continue;
        };
        let (attribute, loads) = match name.as_str() {
            "a" => ("href", false),
            "link" => ("href", true),
            "img" | "script" | "iframe" | "source" => ("src", true),
            _ => continue,
        };
        if name == "img"
            && token
                .attribute("alt")
                .is_none_or(|alt| alt.trim().is_empty())
        {
            let src = token.attribute("src").unwrap_or("").to_owned();
            found.push((src.clone(), format!("image `{src}` has no alt text")));
        }
        let Some(target) = token.attribute(attribute) else {
            continue;
        };
        if let Some(why) = check_target(site, &base, page, target, loads, ids) {
            found.push((target.to_owned(), why));
        }
    }
    found
}

/// The folder of the site that a page's `<base href>` points to. mdBook
/// writes one only in 404.html, set to `site-url`: the address the whole site
/// is served from (`/`, or `/ml-math-notes/` under a sub-path), so an
/// absolute base is the site's root, whatever the sub-path.
fn base_folder(href: &str) -> PathBuf {
    if href.starts_with('/') {
        PathBuf::new()
    } else {
        PathBuf::from(href)
    }
}

fn check_target(
    site: &Path,
    base: &Path,
    page: &Path,
    target: &str,
    loads: bool,
    ids: &HashMap<&PathBuf, HashSet<String>>,
) -> Option<String> {
    let lower = target.to_ascii_lowercase();
    if lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("//") {
        return loads
            .then(|| format!("`{target}` is loaded from another host; serve it from the site"));
    }
    if lower.starts_with("mailto:")
        || lower.starts_with("javascript:")
        || lower.starts_with("data:")
    {
        return None;
    }
    let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
    let path = percent_decode(path.split('?').next().unwrap_or(""));
    let resolved = if path.is_empty() {
        page.to_path_buf()
    } else if let Some(absolute) = path.strip_prefix('/') {
        normalize(Path::new(absolute))?
    } else {
        normalize(&base.join(&path))?
    };
    let resolved = if site.join(&resolved).is_dir() {
        resolved.join("index.html")
    } else {
        resolved
    };
    if !site.join(&resolved).is_file() {
        return Some(format!(
            "`{target}` points to {}, which does not exist",
            resolved.display()
        ));
    }
    if !fragment.is_empty()
        && let Some(page_ids) = ids.get(&resolved)
        && !page_ids.contains(&percent_decode(fragment))
    {
        return Some(format!(
            "`{target}`: {} has no anchor `#{fragment}`",
            resolved.display()
        ));
    }
    None
}

/// `path` with `.` and `..` resolved; `None` if it climbs out of the site.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part),
            Component::ParentDir => {
                parts.pop()?;
            }
            _ => {}
        }
    }
    Some(parts.iter().collect())
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Where to point a person for a problem found in `page`: the chapter source
/// if the offending text is there, else the built page.
fn locate(
    site: &Path,
    src: &Path,
    page: &Path,
    html: &str,
    needle: &str,
    message: String,
) -> Problem {
    if let Some(source) = crate::site::source_of(src, page)
        && let Ok(text) = fs_err::read_to_string(&source)
        && let Some(offset) = text.find(needle)
    {
        return Problem::new(&source, line_of(&text, offset), message);
    }
    let line = html.find(needle).map_or(1, |offset| line_of(html, offset));
    Problem::new(&site.join(page), line, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_raw_tex_but_not_in_code_or_math() {
        let html = "<p>Cost is <code>$5</code> and <math><annotation>\\frac{a}{b}</annotation></math> ok</p><p>Left $x^2 here</p><p>and \\frac{1}{2}</p>";
        let found = check_prose(&tokenize(html));
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, "$x^2 here");
        assert_eq!(found[1].0, "\\frac{1}{2}");
    }

    #[test]
    fn finds_katex_errors() {
        let found = check_prose(&tokenize(
            "<span class=\"katex-error\" title=\"ParseError: bad\">\\x</span>",
        ));
        assert!(found[0].1.contains("ParseError: bad"));
    }

    #[test]
    fn checks_links_images_anchors_and_hosts() {
        let site = std::env::temp_dir().join(format!("xtask-site-{}", std::process::id()));
        fs_err::create_dir_all(site.join("sub")).unwrap();
        fs_err::write(site.join("a.svg"), "<svg/>").unwrap();
        fs_err::write(
            site.join("sub/b.html"),
            "<h2 id=\"there\">B</h2><a href=\"../index.html#top\">up</a>",
        )
        .unwrap();
        let index = "<h1 id=\"top\">A</h1>\
            <a href=\"sub/b.html#there\">ok</a><a href=\"#top\">ok</a><a href=\"https://example.org\">ok</a>\
            <a href=\"sub/b.html#nowhere\">bad anchor</a><a href=\"missing.html\">bad page</a>\
            <img src=\"a.svg\" alt=\"a figure\"><img src=\"a.svg\"><img src=\"gone.svg\" alt=\"x\">\
            <link rel=\"stylesheet\" href=\"https://cdn.example/k.css\">";
        fs_err::write(site.join("index.html"), index).unwrap();
        let error = check(&site, &site).unwrap_err().to_string();
        fs_err::remove_dir_all(&site).unwrap();
        assert!(error.contains("5 problem(s)"), "{error}");
        assert!(error.contains("has no anchor `#nowhere`"), "{error}");
        assert!(
            error.contains("`missing.html` points to missing.html, which does not exist"),
            "{error}"
        );
        assert!(error.contains("image `a.svg` has no alt text"), "{error}");
        assert!(error.contains("`gone.svg` points to gone.svg"), "{error}");
        assert!(error.contains("loaded from another host"), "{error}");
    }

    #[test]
    fn a_base_at_a_sub_path_is_the_site_root() {
        let site = std::env::temp_dir().join(format!("xtask-site-base-{}", std::process::id()));
        fs_err::create_dir_all(&site).unwrap();
        fs_err::write(site.join("book.js"), "").unwrap();
        let page = "<base href=\"/ml-math-notes/\"><script src=\"book.js\"></script>\
            <script src=\"gone.js\"></script>";
        fs_err::write(site.join("404.html"), page).unwrap();
        let error = check(&site, &site).unwrap_err().to_string();
        fs_err::remove_dir_all(&site).unwrap();
        assert!(error.contains("1 problem(s)"), "{error}");
        assert!(error.contains("`gone.js` points to gone.js"), "{error}");
    }
}
