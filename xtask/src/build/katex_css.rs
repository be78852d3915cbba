//! KaTeX's stylesheet, read for what decides which font face draws a glyph:
//! its `@font-face` rules, and the rules that set `font-family`,
//! `font-weight` or `font-style` on KaTeX's classes, applied with CSS's own
//! cascade (specificity, then order; inherited otherwise) and font matching.
//!
//! Reading the rules from the vendored stylesheet, instead of a table typed
//! here, keeps the glyph gathering right when KaTeX's CSS changes. Only the
//! selectors KaTeX uses for fonts are understood (classes and tag names,
//! joined by descendant or child combinators); a rule with any other
//! selector cannot match, and the browser check would then report the
//! glyph drawn in a fallback font.

/// The font an element's text asks for: its first family, weight and style.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Font {
    pub family: String,
    pub weight: u16,
    pub italic: bool,
}

impl Font {
    /// What the page around a formula gives it before KaTeX's rules apply.
    pub fn initial() -> Font {
        Font {
            family: "serif".to_owned(),
            weight: 400,
            italic: false,
        }
    }
}

/// One `@font-face`: a family's face and the file (`url(…)`, as written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontFace {
    pub family: String,
    pub weight: u16,
    pub italic: bool,
    pub url: String,
}

/// An element as the cascade sees it: its tag name and classes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    pub name: String,
    pub classes: Vec<String>,
}

/// One part of a selector: `span.a.b`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Compound {
    tag: Option<String>,
    classes: Vec<String>,
}

impl Compound {
    fn matches(&self, element: &Element) -> bool {
        self.tag.as_ref().is_none_or(|tag| *tag == element.name)
            && self
                .classes
                .iter()
                .all(|class| element.classes.contains(class))
    }
}

/// A rule's font declarations and the selector they apply to.
#[derive(Debug, Clone)]
struct Rule {
    /// The compounds from left to right; `child[i]` says whether compound
    /// `i` must be the parent of compound `i + 1` (`>`) rather than any
    /// ancestor.
    compounds: Vec<Compound>,
    child: Vec<bool>,
    specificity: (usize, usize),
    family: Option<String>,
    weight: Option<u16>,
    italic: Option<bool>,
}

impl Rule {
    /// Whether the rule matches the last element of `chain` (its ancestors
    /// before it).
    fn matches(&self, chain: &[Element]) -> bool {
        match_from(&self.compounds, &self.child, chain)
    }
}

fn match_from(compounds: &[Compound], child: &[bool], chain: &[Element]) -> bool {
    let (Some((last, outer)), Some((element, ancestors))) =
        (compounds.split_last(), chain.split_last())
    else {
        return compounds.is_empty();
    };
    if !last.matches(element) {
        return false;
    }
    if outer.is_empty() {
        return true;
    }
    if child[outer.len() - 1] {
        !ancestors.is_empty() && match_from(outer, child, ancestors)
    } else {
        (1..=ancestors.len()).any(|end| match_from(outer, child, &ancestors[..end]))
    }
}

/// KaTeX's stylesheet, as far as fonts go.
#[derive(Debug, Clone)]
pub struct Stylesheet {
    rules: Vec<Rule>,
    pub faces: Vec<FontFace>,
}

impl Stylesheet {
    /// Reads `css`; fails on a block that is never closed.
    pub fn parse(css: &str) -> anyhow::Result<Stylesheet> {
        let css = without_comments(css);
        let mut rules = Vec::new();
        let mut faces = Vec::new();
        let mut rest = css.as_str();
        while let Some(open) = rest.find('{') {
            let prelude = rest[..open].trim();
            let body_start = open + 1;
            if prelude.starts_with('@') && !prelude.starts_with("@font-face") {
                // @media and the like: KaTeX sets no font inside them.
                rest = &rest[block_end(rest, open)?..];
                continue;
            }
            let close = rest[body_start..]
                .find('}')
                .map(|i| body_start + i)
                .ok_or_else(|| anyhow::anyhow!("a CSS block after `{prelude}` is never closed"))?;
            let declarations = declarations(&rest[body_start..close]);
            if prelude.starts_with("@font-face") {
                faces.extend(font_face(&declarations));
            } else {
                rules.extend(
                    prelude
                        .split(',')
                        .filter_map(|s| rule(s.trim(), &declarations)),
                );
            }
            rest = &rest[close + 1..];
        }
        Ok(Stylesheet { rules, faces })
    }

    /// The font of the last element of `chain`, whose parent's is `parent`.
    pub fn font_of(&self, chain: &[Element], parent: &Font) -> Font {
        let matching: Vec<&Rule> = self.rules.iter().filter(|r| r.matches(chain)).collect();
        // The last rule of the highest specificity wins, as in CSS.
        fn winner<T: Clone>(rules: &[&Rule], get: impl Fn(&Rule) -> Option<T>) -> Option<T> {
            rules
                .iter()
                .enumerate()
                .filter_map(|(order, rule)| get(rule).map(|value| (rule.specificity, order, value)))
                .max_by_key(|(specificity, order, _)| (*specificity, *order))
                .map(|(_, _, value)| value)
        }
        Font {
            family: winner(&matching, |r| r.family.clone()).unwrap_or(parent.family.clone()),
            weight: winner(&matching, |r| r.weight).unwrap_or(parent.weight),
            italic: winner(&matching, |r| r.italic).unwrap_or(parent.italic),
        }
    }

    /// The `@font-face` the browser picks for `font`, as CSS font matching
    /// does (style first, then the nearest weight); `None` when no face of
    /// the family is declared (a system font draws it).
    pub fn face_for(&self, font: &Font) -> Option<&FontFace> {
        self.faces
            .iter()
            .filter(|face| face.family == font.family)
            .min_by_key(|face| {
                (
                    face.italic != font.italic,
                    weight_distance(font.weight, face.weight),
                )
            })
    }
}

/// How far a face's weight is from the wanted one, in CSS's order of
/// preference (lower is better).
fn weight_distance(wanted: u16, weight: u16) -> (u8, u16) {
    let (wanted, weight) = (i32::from(wanted), i32::from(weight));
    let (rank, distance) = if wanted > 500 {
        if weight >= wanted {
            (0, weight - wanted)
        } else {
            (1, wanted - weight)
        }
    } else if wanted < 400 {
        if weight <= wanted {
            (0, wanted - weight)
        } else {
            (1, weight - wanted)
        }
    } else if (wanted..=500).contains(&weight) {
        (0, weight - wanted)
    } else if weight < wanted {
        (1, wanted - weight)
    } else {
        (2, weight - wanted)
    };
    (rank, u16::try_from(distance).unwrap_or(u16::MAX))
}

fn without_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    out.push_str(rest);
    out
}

/// The byte just after the block that opens at `open`, nested blocks
/// included.
fn block_end(text: &str, open: usize) -> anyhow::Result<usize> {
    let mut depth = 0;
    for (at, c) in text[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Ok(open + at + 1);
                }
            }
            _ => {}
        }
    }
    anyhow::bail!("a CSS block is never closed")
}

fn declarations(body: &str) -> Vec<(String, String)> {
    body.split(';')
        .filter_map(|declaration| declaration.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect()
}

fn font_face(declarations: &[(String, String)]) -> Option<FontFace> {
    let get = |name: &str| {
        declarations
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let src = get("src")?;
    let url = src.split_once("url(")?.1.split_once(')')?.0;
    Some(FontFace {
        family: first_family(get("font-family")?),
        weight: get("font-weight").map_or(Some(400), weight)?,
        italic: get("font-style").is_some_and(is_italic),
        url: url.trim_matches(|c| c == '"' || c == '\'').to_owned(),
    })
}

/// A rule for `selector` if it sets a font property and its selector is one
/// this module understands.
fn rule(selector: &str, declarations: &[(String, String)]) -> Option<Rule> {
    let mut family = None;
    let mut font_weight = None;
    let mut italic = None;
    for (name, value) in declarations {
        match name.as_str() {
            "font-family" => family = Some(first_family(value)),
            "font-weight" => font_weight = weight(value),
            "font-style" => italic = Some(is_italic(value)),
            "font" => {
                let (style, size_and_family) = split_font_shorthand(value)?;
                family = Some(first_family(size_and_family));
                // The shorthand resets what it does not name.
                font_weight = Some(style.iter().find_map(|word| weight(word)).unwrap_or(400));
                italic = Some(style.iter().any(|word| is_italic(word)));
            }
            _ => {}
        }
    }
    if family.is_none() && font_weight.is_none() && italic.is_none() {
        return None;
    }
    let (compounds, child) = parse_selector(selector)?;
    let classes = compounds.iter().map(|c| c.classes.len()).sum();
    let tags = compounds.iter().filter(|c| c.tag.is_some()).count();
    Some(Rule {
        compounds,
        child,
        specificity: (classes, tags),
        family,
        weight: font_weight,
        italic,
    })
}

/// `font: normal 1.21em KaTeX_Main, serif`: the words before the size, and
/// the family list after it.
fn split_font_shorthand(value: &str) -> Option<(Vec<&str>, &str)> {
    let mut style = Vec::new();
    let mut rest = value.trim_start();
    loop {
        let end = rest.find(char::is_whitespace)?;
        let word = &rest[..end];
        rest = rest[end..].trim_start();
        if word.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
            return Some((style, rest));
        }
        style.push(word);
    }
}

fn parse_selector(selector: &str) -> Option<(Vec<Compound>, Vec<bool>)> {
    let spaced = selector.replace('>', " > ");
    let mut compounds = Vec::new();
    let mut child = Vec::new();
    let mut next_is_child = false;
    for word in spaced.split_whitespace() {
        if word == ">" {
            next_is_child = true;
            continue;
        }
        if !compounds.is_empty() {
            child.push(std::mem::take(&mut next_is_child));
        }
        compounds.push(compound(word)?);
    }
    (!compounds.is_empty()).then_some((compounds, child))
}

fn compound(word: &str) -> Option<Compound> {
    let valid = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    let mut parts = word.split('.');
    let tag = parts.next()?;
    let classes: Vec<String> = parts.map(str::to_owned).collect();
    if !(tag.is_empty() || valid(tag)) || !classes.iter().all(|c| valid(c)) {
        return None;
    }
    Some(Compound {
        tag: (!tag.is_empty()).then(|| tag.to_ascii_lowercase()),
        classes,
    })
}

fn first_family(list: &str) -> String {
    list.split(',')
        .next()
        .unwrap_or_default()
        .trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .to_owned()
}

fn weight(value: &str) -> Option<u16> {
    match value.trim() {
        "normal" => Some(400),
        "bold" => Some(700),
        number => number.parse().ok(),
    }
}

fn is_italic(value: &str) -> bool {
    matches!(value.trim(), "italic" | "oblique")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn element(name: &str, classes: &str) -> Element {
        Element {
            name: name.to_owned(),
            classes: classes.split_whitespace().map(str::to_owned).collect(),
        }
    }

    /// The font of the last element of `chain`, each given by its classes.
    fn font(sheet: &Stylesheet, chain: &[&str]) -> Font {
        let chain: Vec<Element> = chain
            .iter()
            .map(|classes| element("span", classes))
            .collect();
        let mut font = Font::initial();
        for end in 1..=chain.len() {
            font = sheet.font_of(&chain[..end], &font);
        }
        font
    }

    fn face(sheet: &Stylesheet, chain: &[&str]) -> String {
        sheet
            .face_for(&font(sheet, chain))
            .map(|f| f.url.clone())
            .unwrap_or_default()
    }

    #[test]
    fn the_vendored_stylesheet_picks_katexs_faces() {
        let css =
            fs_err::read_to_string(crate::project::book_src().join("katex/katex.min.css")).unwrap();
        let sheet = Stylesheet::parse(&css).unwrap();
        assert_eq!(sheet.faces.len(), 20, "{:?}", sheet.faces);
        let main = "fonts/KaTeX_Main-Regular.woff2";
        assert_eq!(face(&sheet, &["katex", "katex-html", "base", "mord"]), main);
        assert_eq!(
            face(&sheet, &["katex", "katex-html", "base", "mord mathnormal"]),
            "fonts/KaTeX_Math-Italic.woff2"
        );
        assert_eq!(
            face(&sheet, &["katex", "katex-html", "base", "mord mathbf"]),
            "fonts/KaTeX_Main-Bold.woff2"
        );
        assert_eq!(
            face(&sheet, &["katex", "katex-html", "mop op-symbol large-op"]),
            "fonts/KaTeX_Size2-Regular.woff2"
        );
        assert_eq!(
            face(
                &sheet,
                &["katex", "katex-html", "delimsizing mult", "delim-size1", ""]
            ),
            "fonts/KaTeX_Size1-Regular.woff2"
        );
        // `.delimsizing.mult .delim-size1>span`: not without `.mult` around it.
        assert_eq!(
            face(&sheet, &["katex", "delimsizing", "delim-size1", ""]),
            main
        );
        assert_eq!(
            face(&sheet, &["katex", "katex-html", "mord mathbb"]),
            "fonts/KaTeX_AMS-Regular.woff2"
        );
        // Outside a formula no KaTeX face applies.
        assert_eq!(face(&sheet, &["mord mathnormal"]), "");
    }

    #[test]
    fn specificity_then_order_then_inheritance() {
        let sheet = Stylesheet::parse(
            "/* c */ .k{font:normal 1em A,serif} .k .b{font-weight:700} .k .i{font-style:italic} \
             .k .x.y{font-family:C} .k .y{font-family:B} @media print{.k{font-family:Z}} \
             @font-face{font-family:A;font-weight:700;font-style:normal;src:url(a-bold.woff2) format(\"woff2\")} \
             @font-face{font-family:A;font-style:normal;font-weight:400;src:url(a.woff2)}",
        )
        .unwrap();
        assert_eq!(font(&sheet, &["k", "b", "q"]).weight, 700);
        assert!(font(&sheet, &["k", "i"]).italic);
        assert_eq!(font(&sheet, &["k", "x y"]).family, "C");
        assert_eq!(font(&sheet, &["k", "y"]).family, "B");
        assert_eq!(face(&sheet, &["k", "b"]), "a-bold.woff2");
        // No italic face: the upright one, of the nearest weight.
        assert_eq!(face(&sheet, &["k", "i"]), "a.woff2");
        assert_eq!(face(&sheet, &["k", "y"]), "");
    }
}
