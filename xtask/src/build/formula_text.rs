//! The text of one typeset formula, read from the HTML KaTeX just wrote
//! for it (the KaTeX step records it as it typesets): what mdBook's search
//! indexer will read from it, and what a reader should find instead.
//!
//! mdBook indexes a page's text node by node, with a space for every
//! element it enters. A KaTeX formula (HTML and MathML) so reaches the index
//! three times in a row: the MathML (`∥ a − b ∥ 1`), the TeX source in the
//! MathML's `<annotation>` (`\norm{\vb{a} - \vb{b}}_1`) and KaTeX's glyph
//! spans (`∥ a − b ∥ 1` again). The MathML alone is what a screen reader
//! reads, so it is the formula's readable text.

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use crate::html::{Token, decode_entities, tokenize};

/// One formula of a page, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormulaText {
    /// What mdBook's indexer writes for the formula (MathML, TeX and glyph
    /// text), with whitespace collapsed as mdBook collapses it.
    pub indexed: String,
    /// The MathML's text without its TeX annotation: each symbol once.
    pub readable: String,
    /// The TeX source, from the MathML's annotation.
    pub tex: String,
    /// KaTeX's glyph text (the visual HTML, which screen readers skip).
    pub glyphs: String,
}

/// A formula as the KaTeX step typeset it: the HTML that goes into the
/// chapter, and its text.
#[derive(Debug, Clone)]
pub struct Typeset {
    pub html: String,
    pub text: FormulaText,
}

/// Formulas by page (`ch01-vectors.html`), each in page order.
pub type FormulasByPage = HashMap<String, Vec<FormulaText>>;

/// What the KaTeX step hands on to the steps after mdBook's: each
/// chapter's page (`ch01-vectors.html`), in the book's order, with its
/// formulas in page order.
#[derive(Debug, Default)]
pub struct BookFormulas {
    pub pages: Vec<(String, Vec<Typeset>)>,
}

impl BookFormulas {
    /// Every distinct formula's HTML, for cutting the fonts.
    pub fn html(&self) -> BTreeSet<String> {
        self.pages
            .iter()
            .flat_map(|(_, formulas)| formulas.iter().map(|f| f.html.clone()))
            .collect()
    }

    /// Each chapter page's formulas as text.
    pub fn by_page(&self) -> FormulasByPage {
        self.pages
            .iter()
            .map(|(page, formulas)| {
                let texts = formulas.iter().map(|f| f.text.clone()).collect();
                (page.clone(), texts)
            })
            .collect()
    }

    /// Whether `page` of the site shows math: a chapter's page with
    /// formulas; `index.html`, which mdBook writes from the first chapter,
    /// if it has; and `print.html`, every chapter, if any has.
    pub fn on_page(&self, page: &str) -> bool {
        let has = |formulas: &Vec<Typeset>| !formulas.is_empty();
        match page {
            "index.html" => self.pages.first().is_some_and(|(_, f)| has(f)),
            "print.html" => self.pages.iter().any(|(_, f)| has(f)),
            _ => self.pages.iter().any(|(p, f)| p == page && has(f)),
        }
    }
}

/// Where a piece of the page sits, for the formula texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Outside,
    /// Inside `span.katex`, outside its MathML and glyph spans.
    Formula,
    MathMl,
    Annotation,
    Glyphs,
}

/// An element the walk is inside.
struct Open {
    name: String,
    part: Part,
    /// Whether this element is a formula's `span.katex`.
    starts_formula: bool,
}

/// Elements that never have an end tag (mdBook's list).
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

impl FormulaText {
    /// The text of the one formula in `html`, KaTeX's output for it (as
    /// mdBook writes it into the page: one line).
    pub fn of(html: &str) -> anyhow::Result<Self> {
        let mut found = formulas_in(html);
        anyhow::ensure!(
            found.len() == 1,
            "KaTeX's output holds {} formulas (`span.katex`), not one; update xtask/src/build/formula_text.rs: `{}`",
            found.len(),
            html.chars().take(120).collect::<String>()
        );
        Ok(found.remove(0))
    }
}

/// Every formula in `html`, in order.
fn formulas_in(html: &str) -> Vec<FormulaText> {
    let mut formulas = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut current = Texts::default();
    for token in tokenize(html) {
        let part = stack.last().map_or(Part::Outside, |open| open.part);
        match &token {
            Token::Tag { name, .. } => {
                let starts_formula = part == Part::Outside && has_class(&token, "katex");
                let inner = part_inside(part, name, &token, starts_formula);
                if inner != Part::Outside {
                    // mdBook puts a space in the text for every element.
                    current.push(inner, " ");
                }
                if !VOID.contains(&name.as_str()) {
                    stack.push(Open {
                        name: name.clone(),
                        part: inner,
                        starts_formula,
                    });
                }
            }
            Token::Text(text) if part != Part::Outside => {
                current.push(part, &decode_entities(text));
            }
            Token::Text(_) => {}
            Token::End { name } => {
                // Closing an element also closes any left open inside it
                // (self-closing MathML such as `<mspace />` has no end tag).
                let Some(at) = stack.iter().rposition(|open| &open.name == name) else {
                    continue;
                };
                if stack
                    .drain(at..)
                    .next()
                    .is_some_and(|open| open.starts_formula)
                {
                    formulas.push(std::mem::take(&mut current).finish());
                }
            }
        }
    }
    formulas
}

/// The part an element named `name` opens, inside `part`.
fn part_inside(part: Part, name: &str, tag: &Token<'_>, starts_formula: bool) -> Part {
    match part {
        Part::Outside if starts_formula => Part::Formula,
        Part::Formula if name == "math" => Part::MathMl,
        Part::Formula if has_class(tag, "katex-html") => Part::Glyphs,
        Part::MathMl if name == "annotation" => Part::Annotation,
        other => other,
    }
}

fn has_class(tag: &Token<'_>, class: &str) -> bool {
    tag.attribute("class")
        .is_some_and(|classes| classes.split_whitespace().any(|c| c == class))
}

/// The texts of the formula being read.
#[derive(Default)]
struct Texts {
    indexed: String,
    readable: String,
    tex: String,
    glyphs: String,
}

impl Texts {
    fn push(&mut self, part: Part, text: &str) {
        self.indexed.push_str(text);
        match part {
            Part::MathMl => self.readable.push_str(text),
            Part::Annotation => self.tex.push_str(text),
            Part::Glyphs => self.glyphs.push_str(text),
            Part::Formula | Part::Outside => {}
        }
    }

    fn finish(self) -> FormulaText {
        // MathML's invisible operators (function application, invisible
        // times…) and KaTeX's zero-width spaces only clutter a teaser.
        let readable: String = self
            .readable
            .chars()
            .filter(|c| !matches!(c, '\u{2061}'..='\u{2064}' | '\u{200b}'))
            .collect();
        FormulaText {
            indexed: collapse_whitespace(&self.indexed),
            readable: collapse_whitespace(&readable),
            tex: collapse_whitespace(&self.tex),
            glyphs: collapse_whitespace(&self.glyphs),
        }
    }
}

/// `text` trimmed, with every run of two or more whitespace characters made
/// one space: what mdBook does to each field before indexing it.
pub fn collapse_whitespace(text: &str) -> String {
    static RUNS: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"\s\s+").expect("a valid pattern"));
    RUNS.replace_all(text.trim(), " ").into_owned()
}

/// Whether `text[start..end]` neither starts nor ends inside a word.
pub fn whole_words(text: &str, start: usize, end: usize) -> bool {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let cut_before = word(text[..start].chars().next_back()) && word(text[start..].chars().next());
    let cut_after = word(text[..end].chars().next_back()) && word(text[end..].chars().next());
    !cut_before && !cut_after
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A formula as KaTeX writes it (abridged), the way mdBook serializes it.
    const NORM: &str = concat!(
        "<p>Manhattan distance <span class=\"katex\"><span class=\"katex-mathml\">",
        "<math xmlns=\"http://www.w3.org/1998/Math/MathML\"><semantics><mrow>",
        "<mi mathvariant=\"normal\">∥</mi><mi mathvariant=\"bold\">a</mi><mo>−</mo>",
        "<mi mathvariant=\"bold\">b</mi><mo>\u{2061}</mo><msub><mi mathvariant=\"normal\">∥</mi><mn>1</mn></msub>",
        "<mspace width=\"1em\" /></mrow>",
        "<annotation encoding=\"application/x-tex\">\\norm{\\vb{a} - \\vb{b}}_1 &lt; c</annotation>",
        "</semantics></math></span><span class=\"katex-html\" aria-hidden=\"true\">",
        "<span class=\"base\"><span class=\"strut\" style=\"height:1em;\"></span>",
        "<span class=\"mord\">∥</span><span class=\"mord mathbf\">a</span>",
        "<span class=\"mbin\">−</span><span class=\"mord mathbf\">b</span>",
        "<span class=\"mord\"><span class=\"mord\">∥</span><span class=\"msupsub\">",
        "<span class=\"vlist\"><span>1</span></span></span></span></span></span></span>, ",
        "the sum of <em>differences</em>.</p>",
    );

    #[test]
    fn a_formula_reads_as_mdbook_indexes_it_and_as_its_mathml() {
        let found = formulas_in(NORM);
        assert_eq!(found.len(), 1);
        let formula = &found[0];
        assert_eq!(formula.readable, "∥ a − b ∥ 1");
        assert_eq!(formula.tex, "\\norm{\\vb{a} - \\vb{b}}_1 < c");
        assert_eq!(formula.glyphs, "∥ a − b ∥ 1");
        assert_eq!(
            formula.indexed,
            "∥ a − b \u{2061} ∥ 1 \\norm{\\vb{a} - \\vb{b}}_1 < c ∥ a − b ∥ 1"
        );
    }

    #[test]
    fn text_around_and_between_formulas_is_not_part_of_them() {
        let two = format!("{NORM}<p>Then <span class=\"katex-display\">{NORM}</span></p>");
        let found = formulas_in(&two);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0], found[1]);
        assert!(!found[0].indexed.contains("Manhattan"));
        assert!(!found[0].indexed.contains("differences"));
        assert_eq!(FormulaText::of(NORM).unwrap(), found[0]);
        assert!(FormulaText::of(&two).is_err());
    }

    #[test]
    fn whitespace_collapses_as_in_mdbook() {
        assert_eq!(collapse_whitespace("  a \n\t b\nc  "), "a b\nc");
    }
}
