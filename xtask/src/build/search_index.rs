//! The search index with each formula once, as readable text.
//!
//! mdBook builds its search index from the same tree it renders the page
//! from, so nothing a preprocessor emits can keep a formula's TeX and glyph
//! text out of the index without taking them out of the page (where
//! readers need the glyphs, and the MathML keeps its TeX annotation). So the
//! index is repaired after mdBook wrote it: in every stored document each
//! formula's indexed text (MathML, TeX and glyphs, see `formula_text`; the
//! KaTeX step records it as it typesets) becomes its MathML text alone,
//! each run of hidden lines (which the page pass hands on) goes, then the index is built again from the
//! repaired documents with mdBook's own indexer settings, and the file is
//! renamed for its new content, as mdBook names it.
//!
//! Each formula of a page must be found in that page's documents exactly
//! once; otherwise mdBook has changed how it indexes, and the build fails
//! instead of shipping an index that is silently half repaired.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use aho_corasick::{AhoCorasick, Input, MatchKind};
use anyhow::{Context, bail};
use serde_json::Value;

use crate::build::formula_text::{FormulaText, FormulasByPage, collapse_whitespace, whole_words};
use crate::build::page_pass::HiddenLinesByPage;
use crate::project;

/// The index's fields, in the order mdBook adds them to each document.
const FIELDS: [&str; 3] = ["title", "body", "breadcrumbs"];
/// How mdBook's `searchindex.js` wraps the index's JSON.
const JS_PREFIX: &str = "window.search = Object.assign(window.search, JSON.parse('";
const JS_SUFFIX: &str = "'));";

/// The search index of `site`: its file and its JSON, or `None` if the book
/// has no search.
pub fn read(site: &Path) -> anyhow::Result<Option<(PathBuf, Value)>> {
    let Some(path) = index_file(site)? else {
        return Ok(None);
    };
    let js = fs_err::read_to_string(&path)
        .with_context(|| format!("reading {}", project::display(&path)))?;
    let json = parse_js(&js).with_context(|| format!("reading {}", project::display(&path)))?;
    Ok(Some((path, json)))
}

/// Repairs the search index of the site in `site` (see the module's
/// comment), given each page's `formulas` and runs of `hidden` lines, and
/// returns the formulas of the pages it indexes; `None` if the book has no
/// search.
pub fn repair(
    site: &Path,
    formulas: &FormulasByPage,
    hidden: &HiddenLinesByPage,
) -> anyhow::Result<Option<FormulasByPage>> {
    let Some((path, mut index)) = read(site)? else {
        return Ok(None);
    };
    // The formulas of the pages the index has documents of.
    let mut indexed = FormulasByPage::new();
    for url in doc_urls(&index)? {
        let page = page_of(&url);
        let on_page = formulas.get(page).with_context(|| {
            format!("{page} is in the search index, but the KaTeX step typeset no chapter there; update xtask/src/build/search_index.rs")
        })?;
        indexed.insert(page.to_owned(), on_page.clone());
    }
    let formulas = indexed;
    replace_formulas(&mut index, &formulas)?;
    drop_hidden_lines(hidden, &mut index)?;
    reindex(&mut index)?;
    let js = to_js(&serde_json::to_string(&index)?);
    let renamed = path.with_file_name(format!(
        "searchindex-{}.js",
        project::content_hash(js.as_bytes())
    ));
    fs_err::write(&renamed, &js)
        .with_context(|| format!("writing {}", project::display(&renamed)))?;
    if renamed != path {
        fs_err::remove_file(&path)
            .with_context(|| format!("removing {}", project::display(&path)))?;
        rename_references(site, &path, &renamed)?;
    }
    Ok(Some(formulas))
}

/// The one `searchindex-<hash>.js` in `site`, if search is on.
fn index_file(site: &Path) -> anyhow::Result<Option<PathBuf>> {
    let mut found = Vec::new();
    for entry in
        fs_err::read_dir(site).with_context(|| format!("listing {}", project::display(site)))?
    {
        let path = entry
            .with_context(|| format!("listing {}", project::display(site)))?
            .path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("searchindex") && name.ends_with(".js") {
            found.push(path);
        }
    }
    match found.len() {
        0 => Ok(None),
        1 => Ok(found.pop()),
        n => bail!(
            "{}: {n} searchindex*.js files, expected one; update xtask/src/build/search_index.rs",
            project::display(site)
        ),
    }
}

/// The JSON inside mdBook's `searchindex.js`, which escapes `\` and `'` to
/// put the JSON in a single-quoted JavaScript string.
fn parse_js(js: &str) -> anyhow::Result<Value> {
    let Some(quoted) = js
        .trim_end()
        .strip_prefix(JS_PREFIX)
        .and_then(|rest| rest.strip_suffix(JS_SUFFIX))
    else {
        bail!(
            "mdBook's search index is no longer `{JS_PREFIX}…{JS_SUFFIX}`; update xtask/src/build/search_index.rs"
        );
    };
    let mut json = String::with_capacity(quoted.len());
    let mut chars = quoted.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            json.extend(chars.next());
        } else {
            json.push(c);
        }
    }
    Ok(serde_json::from_str(&json)?)
}

/// `json` wrapped as mdBook wraps it.
fn to_js(json: &str) -> String {
    format!(
        "{JS_PREFIX}{}{JS_SUFFIX}",
        json.replace('\\', "\\\\").replace('\'', "\\'")
    )
}

fn doc_urls(index: &Value) -> anyhow::Result<Vec<String>> {
    index["doc_urls"]
        .as_array()
        .context("the search index has no doc_urls")?
        .iter()
        .map(|url| url.as_str().map(str::to_owned))
        .collect::<Option<_>>()
        .context("the search index's doc_urls are not all strings")
}

/// The page part of a document's URL (`ch01.html#norms` → `ch01.html`).
pub fn page_of(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

/// Each stored document (by number, as `doc_urls` numbers them).
pub fn documents(index: &Value) -> anyhow::Result<Vec<&serde_json::Map<String, Value>>> {
    let docs = &index["index"]["documentStore"]["docs"];
    (0..doc_urls(index)?.len())
        .map(|number| {
            docs[number.to_string()]
                .as_object()
                .with_context(|| format!("the search index has no document {number}"))
        })
        .collect()
}

/// In every document, each formula's indexed text becomes its readable
/// text. Fails if a page's formulas are not each found once.
fn replace_formulas(index: &mut Value, formulas: &FormulasByPage) -> anyhow::Result<()> {
    let urls = doc_urls(index)?;
    let mut replacers = HashMap::new();
    for (page, on_page) in formulas.iter().filter(|(_, list)| !list.is_empty()) {
        replacers.insert(page.as_str(), Replacer::new(on_page)?);
    }
    let mut found: HashMap<&str, usize> = HashMap::new();
    for (number, url) in urls.iter().enumerate() {
        let page = page_of(url);
        let Some(replacer) = replacers.get(page) else {
            continue;
        };
        let doc = &mut index["index"]["documentStore"]["docs"][number.to_string()];
        for field in FIELDS {
            let Some(text) = doc[field].as_str() else {
                bail!("document {number} of the search index has no {field}");
            };
            let (repaired, count) = replacer.replace(text);
            // A heading's formulas are in the breadcrumbs of the sections
            // under it as well; each formula is counted where it is.
            if field != "breadcrumbs" {
                *found.entry(page).or_default() += count;
            }
            doc[field] = Value::String(repaired);
        }
    }
    for (page, on_page) in formulas {
        let count = found.get(page.as_str()).copied().unwrap_or(0);
        if count != on_page.len() {
            bail!(
                "{page}: found {count} of its {} formulas in the search index; mdBook's search indexing has changed, so update xtask/src/build/search_index.rs (first formula: {})",
                on_page.len(),
                on_page.first().map_or("", |f| f.tex.as_str())
            );
        }
    }
    Ok(())
}

/// Code the reader cannot see stays out of the index: mdBook indexes a
/// block's hidden lines with the rest, and they were two thirds of the
/// indexed text (each chapter's module, block after block), and the
/// teasers of search results showed them.
fn drop_hidden_lines(hidden: &HiddenLinesByPage, index: &mut Value) -> anyhow::Result<()> {
    let urls = doc_urls(index)?;
    let mut runs_by_page: HashMap<&str, Vec<String>> = HashMap::new();
    for (page, runs) in hidden {
        // The index holds a block's text with its lines joined by spaces.
        let mut runs: Vec<String> = runs
            .iter()
            .map(|run| run.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|run| !run.is_empty())
            .collect();
        // A run inside a longer one must not break the longer one's match.
        runs.sort_by_key(|run| std::cmp::Reverse(run.len()));
        runs_by_page.insert(page, runs);
    }
    for (number, url) in urls.iter().enumerate() {
        let Some(runs) = runs_by_page.get(page_of(url)) else {
            continue;
        };
        let doc = &mut index["index"]["documentStore"]["docs"][number.to_string()];
        let Some(body) = doc["body"].as_str() else {
            bail!("document {number} of the search index has no body");
        };
        let mut body = body.to_owned();
        for run in runs {
            body = body.replace(run.as_str(), "");
        }
        doc["body"] = Value::String(body);
    }
    Ok(())
}

/// Replaces the indexed texts of a set of formulas in one pass, longest
/// first where two start at the same place.
struct Replacer<'a> {
    matcher: AhoCorasick,
    formulas: Vec<&'a FormulaText>,
}

impl<'a> Replacer<'a> {
    fn new(formulas: &'a [FormulaText]) -> anyhow::Result<Self> {
        let mut unique: Vec<&FormulaText> = Vec::new();
        for formula in formulas {
            if !unique.iter().any(|seen| seen.indexed == formula.indexed) {
                unique.push(formula);
            }
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(unique.iter().map(|formula| &formula.indexed))
            .context("building the formula matcher")?;
        Ok(Replacer {
            matcher,
            formulas: unique,
        })
    }

    /// `text` with each formula replaced, and how many there were. A
    /// formula is found only as whole words: `t` is indexed as "t t", which
    /// "first test" holds too.
    fn replace(&self, text: &str) -> (String, usize) {
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        let mut count = 0;
        let mut from = 0;
        while let Some(found) = self.matcher.find(Input::new(text).range(from..)) {
            if !whole_words(text, found.start(), found.end()) {
                from = found.start()
                    + text[found.start()..]
                        .chars()
                        .next()
                        .map_or(1, char::len_utf8);
                continue;
            }
            out.push_str(&text[copied..found.start()]);
            out.push_str(&self.formulas[found.pattern().as_usize()].readable);
            copied = found.end();
            from = found.end();
            count += 1;
        }
        out.push_str(&text[copied..]);
        // A formula with no readable text must not leave a double space.
        (collapse_whitespace(&out), count)
    }
}

/// Builds `index["index"]` again from its stored documents, as mdBook
/// builds it: the same fields, tokenizer and (English) pipeline.
pub fn reindex(index: &mut Value) -> anyhow::Result<()> {
    let mut rebuilt = elasticlunr::IndexBuilder::new()
        .add_field_with_tokenizer("title", Box::new(tokenize))
        .add_field_with_tokenizer("body", Box::new(tokenize))
        .add_field_with_tokenizer("breadcrumbs", Box::new(tokenize))
        .build();
    for (number, doc) in documents(index)?.into_iter().enumerate() {
        let fields: Vec<&str> = FIELDS
            .iter()
            .map(|field| doc[*field].as_str().unwrap_or_default())
            .collect();
        rebuilt.add_doc(&number.to_string(), fields);
    }
    index["index"] = serde_json::to_value(&rebuilt)?;
    Ok(())
}

/// The words the index would hold for `text`: mdBook's tokenizer, then
/// elasticlunr's English pipeline (trimmer, stop words, stemmer).
pub fn index_words(text: &str) -> Vec<String> {
    use elasticlunr::Language;
    elasticlunr::lang::English::new()
        .make_pipeline()
        .run(tokenize(text))
}

/// mdBook's tokenizer for the index (elasticlunr's English tokenizer, which
/// also splits at `-`, without tokens longer than 80 bytes).
fn tokenize(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|s| !s.is_empty())
        .map(|s| s.trim().to_lowercase())
        .filter(|s| s.len() <= 80)
        .collect()
}

/// Points every page and script that named the old index file at the new one.
fn rename_references(site: &Path, old: &Path, new: &Path) -> anyhow::Result<()> {
    let name = |path: &Path| path.file_name().and_then(|n| n.to_str()).map(str::to_owned);
    let (Some(old_name), Some(new_name)) = (name(old), name(new)) else {
        bail!("{}: not a file name", project::display(old));
    };
    let mut renamed = 0;
    for entry in walkdir::WalkDir::new(site) {
        let entry = entry.with_context(|| format!("listing {}", project::display(site)))?;
        let path = entry.path();
        let is_text = path
            .extension()
            .is_some_and(|ext| ext == "html" || ext == "js");
        if !entry.file_type().is_file() || !is_text {
            continue;
        }
        let text = fs_err::read_to_string(path)
            .with_context(|| format!("reading {}", project::display(path)))?;
        if text.contains(&old_name) {
            fs_err::write(path, text.replace(&old_name, &new_name))
                .with_context(|| format!("writing {}", project::display(path)))?;
            renamed += 1;
        }
    }
    anyhow::ensure!(
        renamed > 0,
        "{}: no page names {old_name}, so the repaired search index would never load; update xtask/src/build/search_index.rs",
        project::display(site)
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formula(indexed: &str, readable: &str) -> FormulaText {
        FormulaText {
            indexed: indexed.into(),
            readable: readable.into(),
            tex: String::new(),
            glyphs: String::new(),
        }
    }

    #[test]
    fn the_javascript_wrapper_round_trips() {
        let json = r#"{"a":"it's a \\vb{x} \"quote\""}"#;
        let value = parse_js(&to_js(json)).unwrap();
        assert_eq!(value["a"], "it's a \\vb{x} \"quote\"");
        assert!(parse_js("var x = 1;").is_err());
    }

    #[test]
    fn formulas_become_readable_in_one_pass_and_are_counted() {
        let formulas = [formula("x x x", "x"), formula("x x x x x x x", "x x")];
        let replacer = Replacer::new(&formulas).unwrap();
        // The longer formula wins where both start; a replaced text is not
        // searched again.
        assert_eq!(
            replacer.replace("a x x x x x x x, b x x x."),
            ("a x x, b x.".to_owned(), 2)
        );
        // Only as whole words: "first test" holds the text of `t`.
        assert_eq!(
            Replacer::new(&[formula("t t", "t")])
                .unwrap()
                .replace("the first test at t t, then t t"),
            ("the first test at t, then t".to_owned(), 2)
        );
        assert_eq!(
            Replacer::new(&[formula("y y y", "")])
                .unwrap()
                .replace("a y y y b"),
            ("a b".to_owned(), 1)
        );
    }

    #[test]
    fn a_formula_missing_from_the_index_fails_the_repair() {
        let mut index = serde_json::json!({
            "doc_urls": ["a.html#top"],
            "index": {"documentStore": {"docs": {"0": {
                "id": "0", "title": "Top", "body": "see ∥ a ∥ \\norm{a} ∥ a ∥ here", "breadcrumbs": "Top"
            }}}}
        });
        let mut formulas = HashMap::new();
        formulas.insert(
            "a.html".to_owned(),
            vec![formula("∥ a ∥ \\norm{a} ∥ a ∥", "∥ a ∥")],
        );
        replace_formulas(&mut index.clone(), &formulas).unwrap();
        formulas
            .get_mut("a.html")
            .unwrap()
            .push(formula("b \\vb{b} b", "b"));
        let error = replace_formulas(&mut index, &formulas).unwrap_err();
        assert!(
            error.to_string().contains("found 1 of its 2 formulas"),
            "{error}"
        );
    }

    #[test]
    fn reindexing_mdbooks_own_documents_gives_mdbooks_own_index() {
        let dir = std::env::temp_dir().join(format!("xtask-search-{}", std::process::id()));
        let src = dir.join("src");
        fs_err::create_dir_all(&src).unwrap();
        fs_err::write(
            dir.join("book.toml"),
            "[book]\ntitle = \"T\"\n[build]\nbuild-dir = \"out\"\n",
        )
        .unwrap();
        fs_err::write(src.join("SUMMARY.md"), "# Summary\n\n- [One](one.md)\n").unwrap();
        let chapter = "# One\n\nIt's a \\ back-slash, a 'quote' and an x-ray.\n\n## Two\n\nThe running runners ran.\n\n```rust\nfn main() { println!(\"{}\\n\", 1); }\n```\n";
        fs_err::write(src.join("one.md"), chapter).unwrap();
        mdbook_driver::MDBook::load(&dir).unwrap().build().unwrap();
        let site = dir.join("out");
        let (path, mut index) = read(&site).unwrap().unwrap();
        let written = fs_err::read_to_string(&path).unwrap();
        reindex(&mut index).unwrap();
        let again = to_js(&serde_json::to_string(&index).unwrap());
        fs_err::remove_dir_all(&dir).unwrap();
        assert_eq!(again, written);
        let name = path.file_name().unwrap().to_str().unwrap();
        assert_eq!(
            name,
            format!(
                "searchindex-{}.js",
                project::content_hash(written.as_bytes())
            )
        );
    }

    #[test]
    fn content_hash_is_mdbooks() {
        // sha256("") starts e3b0c442.
        assert_eq!(project::content_hash(b""), "e3b0c442");
    }
}
