//! Checks of the built search index: each formula of a page is in that
//! page's documents as readable text (its MathML's), and neither its TeX
//! source nor the run of text mdBook indexes for a formula (MathML, TeX and
//! KaTeX's glyphs) is there: not in the stored documents, which the search
//! shows as teasers, nor among the index's words, which searches match.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use aho_corasick::AhoCorasick;
use anyhow::{Context, bail};
use serde_json::Value;

use crate::build::formula_text::{FormulaText, FormulasByPage, whole_words};
use crate::build::search_index::{self, documents, index_words, page_of};
use crate::project;

/// Characters that mark a word as TeX rather than prose or code.
const TEX_MARKS: &[char] = &['\\', '{', '}'];

/// Checks the search index of the site in `site`, given the formulas of
/// its pages (as the KaTeX step recorded them, for the repair and this
/// check); returns how many formulas it checked (none if
/// the book has no search).
pub fn check(site: &Path, formulas: &FormulasByPage) -> anyhow::Result<usize> {
    let Some((path, index)) = search_index::read(site)? else {
        return Ok(0);
    };
    let mut problems = Vec::new();
    let mut tex_sources = String::new();
    let mut checked = 0;
    for (page, text) in &text_by_page(&index)? {
        let Some(formulas) = formulas.get(page) else {
            bail!("{page} is in the search index, but its formulas were not read");
        };
        problems.extend(
            formula_problems(formulas, text)?
                .into_iter()
                .map(|why| format!("{page}: {why}")),
        );
        for formula in formulas {
            tex_sources.push_str(&formula.tex);
            tex_sources.push('\n');
        }
        checked += formulas.len();
    }
    let tex_words: BTreeSet<String> = index_words(&tex_sources)
        .into_iter()
        .filter(|word| word.contains(TEX_MARKS))
        .collect();
    for word in indexed_words(&index) {
        if tex_words.contains(&word) {
            problems.push(format!(
                "the index's words include `{word}`, a piece of a formula's TeX source"
            ));
        }
    }
    if !problems.is_empty() {
        bail!(
            "{}: {} problem(s) with formulas in the search index (they come from xtask/src/build/search_index.rs):\n  {}",
            project::display(&path),
            problems.len(),
            problems.join("\n  ")
        );
    }
    Ok(checked)
}

/// What is wrong with how the index holds each of `formulas`, given all
/// the text of their page's documents.
fn formula_problems(formulas: &[FormulaText], text: &str) -> anyhow::Result<Vec<String>> {
    // One pass over the text finds every formula's three texts at once.
    // An empty text (a formula with nothing readable) would match
    // everywhere; NUL, which no page holds, stands in for it.
    let pattern = |text: &str| -> String {
        if text.is_empty() {
            "\0".to_owned()
        } else {
            text.to_owned()
        }
    };
    let mut patterns: Vec<String> = Vec::new();
    for formula in formulas {
        patterns.extend([
            pattern(&formula.tex),
            pattern(&formula.indexed),
            pattern(&formula.readable),
        ]);
    }
    let matcher = AhoCorasick::new(&patterns).context("building the formula matcher")?;
    let mut found = vec![false; patterns.len()];
    for hit in matcher.find_overlapping_iter(text) {
        if whole_words(text, hit.start(), hit.end()) {
            found[hit.pattern().as_usize()] = true;
        }
    }
    let mut problems = Vec::new();
    for (formula, found) in formulas.iter().zip(found.chunks(3)) {
        let [tex, indexed, readable] = [found[0], found[1], found[2]];
        if tex && formula.tex.contains('\\') {
            problems.push(format!("the index holds the TeX source `{}`", formula.tex));
        }
        // Where the glyphs read as the MathML does, the indexed text is the
        // readable one twice, which a page may hold as it is (a table row
        // of `v` and `v`); the repair's count of each page's formulas,
        // found as whole words, covers those.
        let doubled = formula.indexed == format!("{0} {0}", formula.readable);
        if indexed && !doubled {
            problems.push(format!(
                "the index holds a formula as mdBook indexed it (MathML, then glyph text): `{}`",
                formula.indexed
            ));
        }
        if !readable && !formula.readable.is_empty() {
            problems.push(format!(
                "the index lacks `{}` (from `{}`), the formula's readable text",
                formula.readable, formula.tex
            ));
        }
    }
    Ok(problems)
}

/// All the text of each page's documents, by page.
fn text_by_page(index: &Value) -> anyhow::Result<HashMap<String, String>> {
    let urls = index["doc_urls"].as_array().cloned().unwrap_or_default();
    let mut texts: HashMap<String, String> = HashMap::new();
    for (doc, url) in documents(index)?.into_iter().zip(urls) {
        let page = page_of(url.as_str().unwrap_or_default()).to_owned();
        let text = texts.entry(page).or_default();
        for field in ["title", "body", "breadcrumbs"] {
            text.push_str(doc[field].as_str().unwrap_or_default());
            text.push('\n');
        }
    }
    Ok(texts)
}

/// Every word the index can match, in every field.
fn indexed_words(index: &Value) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    if let Some(fields) = index["index"]["index"].as_object() {
        for field in fields.values() {
            collect_words(&field["root"], &mut String::new(), &mut words);
        }
    }
    words
}

/// The words below one node of elasticlunr's trie: its children are keyed
/// by one character, and a node that lists documents ends a word.
fn collect_words(node: &Value, prefix: &mut String, words: &mut BTreeSet<String>) {
    let Some(children) = node.as_object() else {
        return;
    };
    if node["docs"]
        .as_object()
        .is_some_and(|docs| !docs.is_empty())
    {
        words.insert(prefix.clone());
    }
    for (key, child) in children {
        if key == "docs" || key == "df" {
            continue;
        }
        prefix.push_str(key);
        collect_words(child, prefix, words);
        prefix.truncate(prefix.len() - key.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm() -> FormulaText {
        FormulaText {
            indexed: "∥ a ∥ \\norm{\\vb{a}} ∥ a ∥".into(),
            readable: "∥ a ∥".into(),
            tex: "\\norm{\\vb{a}}".into(),
            glyphs: "∥ a ∥".into(),
        }
    }

    #[test]
    fn tex_tripled_text_and_missing_formulas_are_found() {
        let problems = |text: &str| formula_problems(&[norm()], text).unwrap();
        assert!(problems("The length ∥ a ∥ of a.").is_empty());
        let raw = problems("The length ∥ a ∥ \\norm{\\vb{a}} ∥ a ∥ of a.");
        assert_eq!(raw.len(), 2, "{raw:?}");
        assert!(raw[0].contains("TeX source"));
        assert!(raw[1].contains("as mdBook indexed it"));
        let gone = problems("The length of a.");
        assert_eq!(gone.len(), 1);
        assert!(gone[0].contains("lacks"));
    }

    #[test]
    fn a_formula_whose_glyphs_read_as_its_mathml_may_be_in_prose_twice() {
        let v = FormulaText {
            indexed: "v v".into(),
            readable: "v".into(),
            tex: "v".into(),
            glyphs: "v".into(),
        };
        let twice = FormulaText {
            indexed: "X w Xw".into(),
            readable: "X w".into(),
            tex: "Xw".into(),
            glyphs: "Xw".into(),
        };
        let formulas = [v, twice];
        // `a ⋅ v / v ⋅ v` times `v` reads "a ⋅ v v ⋅ v v".
        assert!(
            formula_problems(&formulas, "a ⋅ v v ⋅ v v and X w")
                .unwrap()
                .is_empty()
        );
        let left = formula_problems(&formulas, "v and X w Xw").unwrap();
        assert_eq!(left.len(), 1, "{left:?}");
        assert!(left[0].contains("`X w Xw`"), "{left:?}");
    }

    #[test]
    fn mdbooks_own_index_of_math_fails_and_the_repaired_one_passes() {
        let dir = std::env::temp_dir().join(format!("xtask-search-check-{}", std::process::id()));
        let src = dir.join("book");
        fs_err::create_dir_all(&src).unwrap();
        fs_err::create_dir_all(dir.join("theme")).unwrap();
        fs_err::write(
            dir.join("book.toml"),
            "[book]\ntitle = \"T\"\nsrc = \"book\"\n",
        )
        .unwrap();
        fs_err::write(
            project::katex_macros(&dir),
            "\\vb:\\mathbf{#1}\n\\norm:\\left\\lVert#1\\right\\rVert\n",
        )
        .unwrap();
        fs_err::write(src.join("SUMMARY.md"), "# Summary\n\n- [One](one.md)\n").unwrap();
        let chapter = "# The $L^1$ norm\n\nThe Manhattan distance $\\norm{\\vb{a} - \\vb{b}}_1$, summed:\n\n$$\nd_1 = \\sum_i \\abs{a_i}\n$$\n\n## Cosine\n\n$\\cos\\theta$ and $x$.\n";
        fs_err::write(src.join("one.md"), chapter.replace("\\abs{a_i}", "|a_i|")).unwrap();
        let site = dir.join("site");
        let formulas = crate::build::book::render(&dir, &site).unwrap().by_page();
        let raw = check(&site, &formulas).unwrap_err().to_string();
        let repaired = search_index::repair(&site, &formulas, &Default::default())
            .unwrap()
            .unwrap();
        let repaired = check(&site, &repaired);
        fs_err::remove_dir_all(&dir).unwrap();
        // The pages carry no TeX (katex_output), so mdBook's index holds
        // none either, but each formula's MathML and glyph text in a row.
        assert!(!raw.contains("TeX source"), "{raw}");
        assert!(
            raw.contains(
                "as mdBook indexed it (MathML, then glyph text): `∥ a − b ∥ 1 ∥ a − b ∥ 1"
            ),
            "{raw}"
        );
        assert_eq!(repaired.unwrap(), 5);
    }

    #[test]
    fn the_words_of_an_index_are_read_from_its_trie() {
        let mut index = serde_json::json!({
            "doc_urls": ["a.html"],
            "index": {"documentStore": {"docs": {"0": {
                "id": "0", "title": "Norms", "body": "length \\norm{x}", "breadcrumbs": "Norms"
            }}}}
        });
        search_index::reindex(&mut index).unwrap();
        let words = indexed_words(&index);
        assert!(words.contains("norm"), "{words:?}");
        assert!(words.contains("length"), "{words:?}");
        // elasticlunr trims the backslash; the brace stays.
        assert!(words.iter().any(|word| word.contains('{')), "{words:?}");
        assert!(index_words("\\norm{x}").iter().all(|w| words.contains(w)));
    }
}
