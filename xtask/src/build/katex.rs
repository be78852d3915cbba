//! Typesets the book's math with KaTeX at build time, strictly.
//!
//! pulldown-cmark finds the math (`$…$` inline, `$$…$$` display, never in
//! code), as Markdown defines it, and the `katex` crate renders it. Any
//! expression KaTeX rejects fails the build, naming the chapter, line and
//! expression. Output is HTML plus MathML, so screen readers can read the
//! math. Each formula's text is read from KaTeX's output as it is written,
//! and handed on with it (`BookFormulas`): the page pass links the KaTeX
//! stylesheet on pages with math, the fonts are cut to the glyphs used, and
//! the search index gets each formula's readable text.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, LazyLock, Mutex};

use mdbook_driver::book::{Book, BookItem, Chapter};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::build::formula_text::{BookFormulas, FormulaText, Typeset};
use crate::build::katex_output;
use crate::problem::{self, Problem, line_around, source_line, source_line_in_context};
use crate::project;

/// Rendered expressions, kept across rebuilds in one `serve` session, keyed
/// on everything that changes KaTeX's output: the macros, the expression and
/// whether it is display math.
static CACHE: LazyLock<Mutex<HashMap<CacheKey, Typeset>>> = LazyLock::new(Default::default);

type CacheKey = (String, String, bool);

/// KaTeX's options for the book: HTML for the eye plus MathML for screen
/// readers, an error for any expression KaTeX cannot typeset, and the
/// book's macros. The rest are KaTeX's documented defaults, spelled out so
/// that a change in the crate's defaults cannot change the pages silently.
fn options(macros: HashMap<String, String>, display: bool) -> katex::Opts {
    katex::Opts::builder()
        .display_mode(display)
        .output_type(katex::OutputType::HtmlAndMathml)
        .leqno(false)
        .fleqn(false)
        .throw_on_error(true)
        .error_color("#cc0000".to_owned())
        .macros(macros)
        .min_rule_thickness(-1.0)
        .max_size(f64::INFINITY)
        .max_expand(1000)
        .trust(false)
        .build()
        .expect("every KaTeX option is set")
}

/// Reads the macros file: one `\name:definition` a line; blank lines and
/// lines starting with `%` are comments.
pub fn load_macros(path: &Path) -> Result<HashMap<String, String>, Vec<Problem>> {
    let text = fs_err::read_to_string(path).map_err(|error| {
        vec![Problem::new(
            path,
            1,
            format!("cannot read the KaTeX macros: {error}"),
        )]
    })?;
    let mut macros = HashMap::new();
    let mut problems = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('%') {
            continue;
        }
        match line.split_once(':') {
            Some((name, body))
                if name.starts_with('\\') && name.len() > 1 && !body.trim().is_empty() =>
            {
                macros.insert(name.to_owned(), body.trim().to_owned());
            }
            _ => problems.push(Problem::new(
                path,
                index + 1,
                format!("expected `\\name:definition`, found `{line}`"),
            )),
        }
    }
    if problems.is_empty() {
        Ok(macros)
    } else {
        Err(problems)
    }
}

/// The typesetter, ready to render expressions with the book's macros.
pub struct Typesetter {
    inline: katex::Opts,
    display: katex::Opts,
    /// The macros in a fixed order, for the cache key.
    macros: String,
}

impl Typesetter {
    pub fn new(macros: HashMap<String, String>) -> Self {
        let mut sorted: Vec<String> = macros
            .iter()
            .map(|(name, body)| format!("{name}:{body}"))
            .collect();
        sorted.sort();
        Typesetter {
            inline: options(macros.clone(), false),
            display: options(macros, true),
            macros: sorted.join("\n"),
        }
    }

    /// One expression typeset (its HTML and text), or KaTeX's reason for
    /// rejecting it.
    pub fn render(&self, tex: &str, display: bool) -> Result<Typeset, String> {
        let key = (self.macros.clone(), tex.to_owned(), display);
        if let Some(typeset) = CACHE.lock().expect("cache lock").get(&key) {
            return Ok(typeset.clone());
        }
        let opts = if display { &self.display } else { &self.inline };
        let html = katex::render_with_opts(tex, opts).map_err(|error| match error {
            katex::Error::JsExecError(message) => clean_message(&message),
            other => other.to_string(),
        })?;
        let html = katex_output::without_tex_annotation(&html)?;
        // A newline inside the HTML would let Markdown split it into paragraphs.
        let one_line = html.replace('\n', " ");
        let mut text = FormulaText::of(&one_line).map_err(|error| format!("{error:#}"))?;
        // The pages carry no TeX (katex_output); the search check still
        // wants it, to make sure the index holds none.
        text.tex = tex.split_whitespace().collect::<Vec<_>>().join(" ");
        let typeset = Typeset {
            html: shield_from_markdown(&one_line),
            text,
        };
        CACHE
            .lock()
            .expect("cache lock")
            .insert(key, typeset.clone());
        Ok(typeset)
    }

    /// `content` with its math typeset, and its formulas in order. `source`
    /// is the chapter's file, for messages.
    pub fn typeset(
        &self,
        content: &str,
        source: &Path,
    ) -> Result<(String, Vec<Typeset>), Vec<Problem>> {
        let mut out = String::with_capacity(content.len() * 2);
        let mut problems = Vec::new();
        let mut written = Vec::new();
        let mut copied = 0;
        for (tex, display, range) in math_in(content) {
            out.push_str(&content[copied..range.start]);
            copied = range.end;
            match self.render(tex, display) {
                Ok(typeset) => {
                    out.push_str(&typeset.html);
                    written.push(typeset);
                }
                Err(why) => {
                    let line = source_line(source, tex);
                    let tex = tex.split_whitespace().collect::<Vec<_>>().join(" ");
                    let shown = if display {
                        format!("$${tex}$$")
                    } else {
                        format!("${tex}$")
                    };
                    problems.push(Problem::new(
                        source,
                        line,
                        format!("KaTeX cannot typeset {shown}: {why}"),
                    ));
                }
            }
        }
        out.push_str(&content[copied..]);
        for line in lines_with_stray_dollars(content) {
            problems.push(Problem::new(
                source,
                source_line_in_context(source, content, &line),
                format!(
                    "a `$` outside any formula, in `{}`: either a display formula that \
                     Markdown broke apart (inside `$$…$$`, a line may not start with \
                     \"+ \", \"- \", \"* \", \"> \" or \"#\": move the sign to the end of \
                     the line before), or a dollar sign in prose (write \"dollars\")",
                    content[line].trim()
                ),
            ));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok((out, written))
    }
}

/// `html` with every character that Markdown would read as markup in its
/// text (outside tags) written as a character reference, which Markdown
/// passes through as the character itself.
///
/// The formula's HTML reaches mdBook inside a paragraph, where Markdown
/// still parses the text between tags: two `_` or `*` in it would become an
/// `<em>` (moved out of `<math>` by the HTML parser), `\\` would become `\`,
/// and a `|` (the MathML of `\lvert`) would split a table cell.
fn shield_from_markdown(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            '\\' | '_' | '*' | '`' | '[' | ']' | '!' | '~' | '|' | '$' if !in_tag => {
                out.push_str(&format!("&#{};", u32::from(c)));
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// The options mdBook renders with, so that both see the same structure.
fn markdown_options() -> Options {
    Options::ENABLE_MATH
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Every formula in the Markdown `content`: its TeX, whether it is display
/// math, and the byte range it takes, delimiters included.
fn math_in(content: &str) -> Vec<(&str, bool, Range<usize>)> {
    Parser::new_ext(content, markdown_options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::InlineMath(_) => Some((false, range)),
            Event::DisplayMath(_) => Some((true, range)),
            _ => None,
        })
        .map(|(display, range)| {
            let delimiter = if display { 2 } else { 1 };
            let tex = &content[range.start + delimiter..range.end - delimiter];
            (tex, display, range)
        })
        .collect()
}

/// The lines of `content` whose prose (not code, not math) holds a `$`:
/// Markdown found no formula there, so KaTeX never saw it.
fn lines_with_stray_dollars(content: &str) -> Vec<Range<usize>> {
    let mut in_code = false;
    let mut lines = Vec::new();
    for (event, range) in Parser::new_ext(content, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(text) if !in_code && text.contains('$') => {
                lines.push(line_around(content, range.start));
            }
            _ => {}
        }
    }
    lines.dedup();
    lines
}

/// KaTeX's message without the JS engine's wrapping: quick-js reports
/// `String("ParseError: KaTeX parse error: …")`.
fn clean_message(message: &str) -> String {
    let inner = message
        .strip_prefix("String(\"")
        .and_then(|m| m.strip_suffix("\")"))
        .unwrap_or(message);
    inner
        .replace("\\n", " ")
        .replace("\\\\", "\\")
        .replace("\\\"", "\"")
        .trim()
        .to_owned()
}

/// Where the KaTeX step leaves the formulas of a build, for the steps after
/// mdBook's.
pub type Formulas = Arc<Mutex<BookFormulas>>;

/// The KaTeX step of the HTML build, leaving its formulas in `formulas`.
#[derive(Default)]
pub struct KatexPreprocessor {
    pub formulas: Formulas,
}

impl Preprocessor for KatexPreprocessor {
    fn name(&self) -> &str {
        "katex"
    }

    fn supports_renderer(&self, renderer: &str) -> anyhow::Result<bool> {
        Ok(renderer == "html")
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> anyhow::Result<Book> {
        let macros = match load_macros(&project::katex_macros(&ctx.root)) {
            Ok(macros) => macros,
            Err(problems) => return problem::report("the KaTeX macros", problems).map(|()| book),
        };
        let typesetter = Typesetter::new(macros);
        let src = ctx.root.join(&ctx.config.book.src);
        let mut problems = Vec::new();
        let mut pages = Vec::new();
        book.for_each_mut(|item| {
            if let BookItem::Chapter(chapter) = item {
                pages.extend(typeset_chapter(&typesetter, chapter, &src, &mut problems));
            }
        });
        problem::report("math", problems)?;
        self.formulas.lock().expect("formula list lock").pages = pages;
        Ok(book)
    }
}

/// Typesets one chapter; returns its page (as mdBook names it:
/// `ch01-vectors.html`) and formulas, if it has a page.
fn typeset_chapter(
    typesetter: &Typesetter,
    chapter: &mut Chapter,
    src: &Path,
    problems: &mut Vec<Problem>,
) -> Option<(String, Vec<Typeset>)> {
    let (Some(path), Some(source)) = (&chapter.path, &chapter.source_path) else {
        return None;
    };
    let page = path
        .with_extension("html")
        .to_string_lossy()
        .replace('\\', "/");
    match typesetter.typeset(&chapter.content, &src.join(source)) {
        Ok((content, formulas)) => {
            chapter.content = content;
            Some((page, formulas))
        }
        Err(found) => {
            problems.extend(found);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typesetter() -> Typesetter {
        let mut macros = HashMap::new();
        macros.insert("\\vb".to_owned(), "\\mathbf{#1}".to_owned());
        Typesetter::new(macros)
    }

    #[test]
    fn renders_html_and_mathml_with_macros() {
        let typeset = typesetter().render("\\vb{x}^2", false).unwrap();
        assert_eq!(typeset.text.tex, "\\vb{x}^2");
        let html = typeset.html;
        assert!(html.contains("<math"), "MathML missing: {html}");
        assert!(html.contains("katex-html"), "HTML missing: {html}");
        assert!(html.contains("mathbf"), "macro not expanded: {html}");
    }

    #[test]
    fn a_bad_expression_names_file_line_and_expression() {
        let source = std::env::temp_dir().join(format!("xtask-katex-{}.md", std::process::id()));
        let text = "Intro.\n\nSee $a + b$ and\n$\\frac{1}$ here.\n";
        fs_err::write(&source, text).unwrap();
        let problems = typesetter().typeset(text, &source).unwrap_err();
        fs_err::remove_file(&source).unwrap();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 4);
        assert!(
            problems[0].message.contains("$\\frac{1}$"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn a_display_formula_broken_by_a_list_marker_names_its_line() {
        let source =
            std::env::temp_dir().join(format!("xtask-katex-broken-{}.md", std::process::id()));
        let text = "Intro.\n\n$$\na = b\n+ c\n$$\n\nFine: $x$ and `$y$`.\n";
        fs_err::write(&source, text).unwrap();
        let problems = typesetter().typeset(text, &source).unwrap_err();
        fs_err::remove_file(&source).unwrap();
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 6], "{problems:?}");
        assert!(
            problems[0].message.contains("\"+ \""),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn code_is_left_alone_and_the_formulas_are_handed_on() {
        let (out, formulas) = typesetter()
            .typeset(
                "`$x$` and\n```\nlet a = \"$y$\";\n```\n$z$\n",
                Path::new("x.md"),
            )
            .unwrap();
        assert!(out.starts_with("`$x$` and"), "{out}");
        assert!(out.contains("`$x$`") && out.contains("\"$y$\""));
        assert_eq!(formulas.len(), 1);
        assert_eq!(formulas[0].text.readable, "z");
        let (plain, none) = typesetter()
            .typeset("no math here", Path::new("x.md"))
            .unwrap();
        assert_eq!((plain.as_str(), none.len()), ("no math here", 0));
    }

    #[test]
    fn display_math_may_span_lines_and_inline_math_may_sit_in_tables() {
        let text = "Text\n\n$$\na = b\n= c\n$$\n\n| x | $y_1$ |\n| - | - |\n| 1 | 2 |\n";
        let found: Vec<(&str, bool)> = math_in(text).into_iter().map(|(t, d, _)| (t, d)).collect();
        assert_eq!(found, vec![("\na = b\n= c\n", true), ("y_1", false)]);
    }

    #[test]
    fn markdown_leaves_the_formula_as_katex_wrote_it() {
        let tex = r"{\lVert\vb{x}\rVert}_2 = \sqrt{\sum_{i=1}^{n} x_i^2} * \{a\} \\ [b]! \lvert c|d \rvert \text{\`{e}~}";
        for display in [false, true] {
            let typesetter = typesetter();
            let opts = if display {
                &typesetter.display
            } else {
                &typesetter.inline
            };
            // Markdown writes an apostrophe KaTeX escaped as itself.
            let katex =
                katex_output::without_tex_annotation(&katex::render_with_opts(tex, opts).unwrap())
                    .unwrap()
                    .replace('\n', " ")
                    .replace("&#x27;", "'");
            let markdown = format!(
                "Text *before* | x |\n\n{}\n",
                typesetter.render(tex, display).unwrap().html
            );
            let mut html = String::new();
            pulldown_cmark::html::push_html(
                &mut html,
                Parser::new_ext(&markdown, markdown_options()),
            );
            assert!(
                html.contains(&katex),
                "Markdown changed the formula:\n{html}\nKaTeX wrote:\n{katex}"
            );
            assert!(!html.contains("<annotation"), "{html}");
        }
    }

    #[test]
    fn a_changed_macro_is_not_served_from_the_cache() {
        let bold = typesetter().render("\\vb{y}", false).unwrap().html;
        let mut macros = HashMap::new();
        macros.insert("\\vb".to_owned(), "\\vec{#1}".to_owned());
        let arrow = Typesetter::new(macros)
            .render("\\vb{y}", false)
            .unwrap()
            .html;
        assert_ne!(bold, arrow);
        assert!(arrow.contains("accent"), "not an arrow: {arrow}");
    }

    #[test]
    fn malformed_macro_lines_are_reported() {
        let path = std::env::temp_dir().join(format!("xtask-macros-{}.txt", std::process::id()));
        fs_err::write(&path, "% notation\n\\R:\\mathbb{R}\nnot a macro\n").unwrap();
        let problems = load_macros(&path).unwrap_err();
        fs_err::remove_file(&path).unwrap();
        assert_eq!(problems[0].line, 3);
    }
}
