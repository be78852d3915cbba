//! Which characters KaTeX's output draws in which of its font faces.
//!
//! A formula's visible part (`.katex-html`) is walked element by element;
//! each element's font comes from KaTeX's stylesheet (`katex_css`), and
//! each character of its text is counted for the `@font-face` that font
//! picks. The MathML copy (`.katex-mathml`), which the browser draws with
//! its own math font, and KaTeX's SVG pieces (roots, wide accents, arrows)
//! draw nothing in KaTeX's faces and are skipped.

use std::collections::{BTreeMap, BTreeSet};

use crate::build::katex_css::{Element, Font, Stylesheet};
use crate::html::{Token, tokenize};

/// The characters each face draws: the face's `url(…)` as the stylesheet
/// writes it, and its characters.
pub type Glyphs = BTreeMap<String, BTreeSet<char>>;

/// Adds `more` into `glyphs`.
pub fn merge(glyphs: &mut Glyphs, more: &Glyphs) {
    for (face, chars) in more {
        glyphs
            .entry(face.clone())
            .or_default()
            .extend(chars.iter().copied());
    }
}

/// An element the walk is inside.
struct Open {
    element: Element,
    font: Font,
    /// Whether its text is drawn in KaTeX's faces (inside a formula's
    /// visible part).
    drawn: bool,
}

/// Elements that never have an end tag.
const VOID: &[&str] = &["br", "img", "hr", "wbr", "col", "input"];

/// The characters `html` (one or more formulas, as KaTeX writes them)
/// draws in each of the stylesheet's faces.
pub fn glyphs_in(html: &str, sheet: &Stylesheet) -> Glyphs {
    let mut glyphs = Glyphs::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut chain: Vec<Element> = Vec::new();
    for token in tokenize(html) {
        match token {
            Token::Tag { name, attributes } => {
                let classes: Vec<String> = attributes
                    .iter()
                    .find(|(key, _)| key == "class")
                    .map(|(_, value)| value.split_whitespace().map(str::to_owned).collect())
                    .unwrap_or_default();
                let parent_drawn = stack.last().is_none_or(|open| open.drawn);
                let hidden = name == "svg"
                    || name == "math"
                    || classes.iter().any(|class| class == "katex-mathml");
                let element = Element { name, classes };
                if VOID.contains(&element.name.as_str()) {
                    continue;
                }
                chain.push(element.clone());
                let parent = stack
                    .last()
                    .map_or_else(Font::initial, |open| open.font.clone());
                let font = sheet.font_of(&chain, &parent);
                stack.push(Open {
                    element,
                    font,
                    drawn: parent_drawn && !hidden,
                });
            }
            Token::End { name } => {
                // Closing an element also closes any left open inside it
                // (SVG's self-closing `<path/>` has no end tag).
                if let Some(at) = stack.iter().rposition(|open| open.element.name == name) {
                    stack.truncate(at);
                    chain.truncate(at);
                }
            }
            Token::Text(text) => {
                let Some(open) = stack.last().filter(|open| open.drawn) else {
                    continue;
                };
                let Some(face) = sheet.face_for(&open.font) else {
                    continue;
                };
                let chars = decode(text);
                let drawn = chars.chars().filter(|c| !matches!(c, '\n' | '\r' | '\t'));
                glyphs.entry(face.url.clone()).or_default().extend(drawn);
            }
        }
    }
    glyphs
}

/// `text` with its character references decoded: the named ones KaTeX and
/// Markdown write, and every numeric one (the typesetter writes Markdown's
/// special characters as `&#92;` and the like).
pub fn decode(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest.find(';').and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .map(|hex| u32::from_str_radix(hex, 16))
                    .or_else(|| name.strip_prefix('#').map(str::parse))
                    .and_then(Result::ok)
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, length)) => {
                out.push(c);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The faces `glyphs` uses, as their file names (`KaTeX_Main-Regular`),
/// sorted.
pub fn face_names(glyphs: &Glyphs) -> BTreeSet<String> {
    glyphs
        .iter()
        .filter(|(_, chars)| !chars.is_empty())
        .filter_map(|(url, _)| {
            let file = url.rsplit('/').next()?;
            Some(
                file.split_once('.')
                    .map_or(file, |(stem, _)| stem)
                    .to_owned(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::katex::Typesetter;

    fn sheet() -> Stylesheet {
        let css =
            fs_err::read_to_string(crate::project::book_src().join("katex/katex.min.css")).unwrap();
        Stylesheet::parse(&css).unwrap()
    }

    fn chars(glyphs: &Glyphs, face: &str) -> String {
        glyphs
            .get(&format!("fonts/{face}.woff2"))
            .map(|set| set.iter().collect())
            .unwrap_or_default()
    }

    #[test]
    fn each_character_counts_for_the_face_that_draws_it() {
        let typesetter = Typesetter::new(Default::default());
        let html = typesetter
            .render(
                r"\sum_{i=1}^{n} \mathbf{w}_i x_i + \mathbb{R} \lvert y \rvert",
                true,
            )
            .unwrap()
            .html;
        let glyphs = glyphs_in(&html, &sheet());
        assert_eq!(chars(&glyphs, "KaTeX_Size2-Regular"), "∑");
        assert_eq!(chars(&glyphs, "KaTeX_Main-Bold"), "w");
        assert_eq!(chars(&glyphs, "KaTeX_AMS-Regular"), "R");
        assert_eq!(chars(&glyphs, "KaTeX_Math-Italic"), "inxy");
        // `\lvert` is U+2223; U+200B is the strut in KaTeX's `vlist-s`.
        assert_eq!(chars(&glyphs, "KaTeX_Main-Regular"), "+1=\u{200b}∣");
        // The MathML copy and its TeX annotation count for no face.
        assert!(!glyphs.values().flatten().any(|c| *c == '\\' || *c == '{'));
    }

    #[test]
    fn references_are_decoded() {
        assert_eq!(
            decode("a&#124;b&#x27;&amp;&nbsp;&bogus; &"),
            "a|b'&\u{a0}&bogus; &"
        );
    }

    #[test]
    fn face_names_are_file_stems() {
        let mut glyphs = Glyphs::new();
        glyphs.insert("fonts/KaTeX_Main-Regular.woff2".into(), ['x'].into());
        glyphs.insert("fonts/KaTeX_AMS-Regular.woff2".into(), BTreeSet::new());
        assert_eq!(
            face_names(&glyphs).into_iter().collect::<Vec<_>>(),
            ["KaTeX_Main-Regular"]
        );
    }
}
