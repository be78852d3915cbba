//! Syntax highlighting at build time. mdBook leaves it to highlight.js in
//! the reader's browser, which redoes every `<code>` of a page as the page
//! loads: on a phone, the longest task of a chapter. The build runs the
//! book's own `theme/highlight.js` (in QuickJS, the engine KaTeX runs in)
//! over each `<code>` once (in the page pass, `page_pass`), as mdBook's
//! `book.js` would, and marks it
//! `data-highlighted`; the book's highlight.js skips marked elements, so a
//! block is highlighted again in the browser only when its hidden lines
//! come back (see `hidden_lines`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use anyhow::Context as _;

use crate::build::hidden_lines::{self, Table};

/// The attribute that marks an element highlighted by the build (the
/// browser side names it too: theme/highlight.js, `hidden_lines`, and the
/// browser checks).
const MARK: &str = "data-highlighted";

/// Highlighted elements, kept across pages (the print page repeats every
/// chapter) and rebuilds in one `serve` session, keyed on the script's hash
/// and everything highlight.js reads from an element.
static CACHE: LazyLock<Mutex<HashMap<Element, Highlighted>>> = LazyLock::new(Default::default);

#[derive(Clone, PartialEq, Eq, Hash)]
struct Element {
    script_hash: String,
    class: String,
    parent_class: String,
    text: String,
}

/// An element's class and inner HTML after highlighting.
type Highlighted = (String, String);

thread_local! {
    /// One JavaScript engine per thread (QuickJS contexts stay on the thread
    /// that made them), with the hash of the script it holds.
    static ENGINE: RefCell<Option<(String, quick_js::Context)>> = const { RefCell::new(None) };
}

/// The book's highlight.js, ready to highlight pages.
pub struct Highlighter {
    script: String,
    glue: String,
    hash: String,
}

impl Highlighter {
    /// A highlighter running `script`, the text of `theme/highlight.js`,
    /// through `glue`, the text of `theme/highlight-glue.js` (what mdBook's
    /// `book.js` does before it highlights each `<code>`).
    pub fn new(script: String, glue: String) -> Self {
        let hash = crate::project::content_hash(format!("{script}{glue}").as_bytes());
        Highlighter { script, glue, hash }
    }

    /// One `<code>` element highlighted and marked, as `book.js` would
    /// highlight it: `class` is the element's, `parent_class` its `<pre>`'s
    /// (inline code sits in prose, whose elements have no class that names
    /// a language), `text` its text, and each `(offset, markup)` of
    /// `placeholders` an empty element (hidden lines) that stays where it
    /// was in the text.
    pub fn code(
        &self,
        class: &str,
        parent_class: &str,
        text: String,
        placeholders: &[(usize, String)],
    ) -> anyhow::Result<String> {
        let (class, inner) = self.highlight(Element {
            script_hash: self.hash.clone(),
            class: class.to_owned(),
            parent_class: parent_class.to_owned(),
            text,
        })?;
        Ok(format!(
            "<code class=\"{class}\" {MARK}>{}</code>",
            insert_at_text_offsets(&inner, placeholders)
        ))
    }

    /// What highlight.js makes of `element`, from the cache or the engine.
    fn highlight(&self, element: Element) -> anyhow::Result<Highlighted> {
        if let Some(done) = CACHE.lock().expect("cache lock").get(&element) {
            return Ok(done.clone());
        }
        let done = ENGINE.with(|engine| -> anyhow::Result<Highlighted> {
            let mut engine = engine.borrow_mut();
            if engine.as_ref().is_none_or(|(hash, _)| *hash != self.hash) {
                *engine = Some((self.hash.clone(), self.start_engine()?));
            }
            let (_, context) = engine.as_ref().expect("started above");
            let value = context
                .call_function(
                    "highlightForBook",
                    [
                        element.class.as_str(),
                        element.parent_class.as_str(),
                        element.text.as_str(),
                    ],
                )
                .map_err(explain)?;
            match value {
                quick_js::JsValue::Array(values) => match values.as_slice() {
                    [
                        quick_js::JsValue::String(class),
                        quick_js::JsValue::String(inner),
                    ] => Ok((class.clone(), inner.clone())),
                    other => anyhow::bail!("highlightForBook returned {other:?}"),
                },
                other => anyhow::bail!("highlightForBook returned {other:?}"),
            }
        })?;
        CACHE
            .lock()
            .expect("cache lock")
            .insert(element, done.clone());
        Ok(done)
    }

    fn start_engine(&self) -> anyhow::Result<quick_js::Context> {
        let context = quick_js::Context::new().context("starting QuickJS")?;
        context
            .eval(&self.script)
            .map_err(|error| explain(error).context("running theme/highlight.js"))?;
        context.eval(&self.glue).map_err(|error| {
            explain(error).context("theme/highlight.js lacks what book.js uses")
        })?;
        Ok(context)
    }
}

/// A `<code>` as the page pass reads it: its classes and its text, in
/// parts, as mdBook escaped it.
pub struct Code {
    pub class: String,
    /// Its `<pre>`'s class, if it is a block's.
    pub parent_class: String,
    pub parts: Vec<Part>,
    pub in_hidden_line: bool,
}

/// A visible stretch of a `<code>`'s text, or one hidden line.
pub enum Part {
    Shown(String),
    Hidden(String),
}

impl Code {
    /// The element, its hidden lines pooled into `table`, highlighted.
    pub fn finish(self, table: &mut Table, highlighter: &Highlighter) -> anyhow::Result<String> {
        let mut text = String::new();
        let mut placeholders = Vec::new();
        let mut run = Vec::new();
        for part in self.parts {
            match part {
                Part::Hidden(line) => run.push(hidden_lines::unescape(&line)?),
                Part::Shown(shown) => {
                    if !run.is_empty() {
                        placeholders.push((text.len(), table.pool(&std::mem::take(&mut run))));
                    }
                    text.push_str(&hidden_lines::unescape(&shown)?);
                }
            }
        }
        if !run.is_empty() {
            placeholders.push((text.len(), table.pool(&run)));
        }
        let start: String = text.chars().take(60).collect();
        highlighter
            .code(&self.class, &self.parent_class, text, &placeholders)
            .with_context(|| format!("highlighting the <code> that starts `{start}`"))
    }
}

/// A JavaScript error as its message.
fn explain(error: quick_js::ExecutionError) -> anyhow::Error {
    match error {
        quick_js::ExecutionError::Exception(quick_js::JsValue::String(message)) => {
            anyhow::anyhow!(message)
        }
        other => anyhow::anyhow!("{other}"),
    }
}

/// `html` (text and tags, as highlight.js writes them) with each
/// `(offset, markup)` inserted where the text reaches `offset` bytes,
/// counting an entity as the character it stands for.
fn insert_at_text_offsets(html: &str, inserts: &[(usize, String)]) -> String {
    let mut out =
        String::with_capacity(html.len() + inserts.iter().map(|(_, m)| m.len()).sum::<usize>());
    let mut inserts = inserts.iter().peekable();
    let mut offset = 0;
    let mut rest = html;
    loop {
        while let Some((_, markup)) = inserts.next_if(|(at, _)| *at <= offset) {
            out.push_str(markup);
        }
        let Some(first) = rest.chars().next() else {
            break;
        };
        let length = match first {
            '<' => rest.find('>').map_or(rest.len(), |end| end + 1),
            '&' => {
                let length = rest.find(';').map_or(1, |end| end + 1);
                offset += hidden_lines::unescape(&rest[..length]).map_or(length, |c| c.len());
                length
            }
            other => {
                offset += other.len_utf8();
                other.len_utf8()
            }
        };
        out.push_str(&rest[..length]);
        rest = &rest[length..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme_script(name: &str) -> String {
        crate::build::scripts::read(&crate::project::root(), name).unwrap()
    }

    fn highlighter() -> Highlighter {
        Highlighter::new(
            theme_script("highlight.js"),
            theme_script("highlight-glue.js"),
        )
    }

    #[test]
    fn a_rust_block_is_highlighted_and_marked_as_book_js_would() {
        let html = highlighter()
            .code(
                "language-rust edition2024",
                "playground",
                "fn main() { let s = \"a<b\"; }".into(),
                &[],
            )
            .unwrap();
        assert_eq!(
            html,
            r#"<code class="language-rust edition2024 hljs" data-highlighted><span class="hljs-function"><span class="hljs-keyword">fn</span> <span class="hljs-title">main</span></span>() { <span class="hljs-keyword">let</span> s = <span class="hljs-string">&quot;a&lt;b&quot;</span>; }</code>"#
        );
    }

    #[test]
    fn text_blocks_and_inline_code_get_book_js_classes() {
        let block = highlighter()
            .code("language-text", "", "\tb\ta".into(), &[])
            .unwrap();
        assert_eq!(
            block,
            "<code class=\"language-text hljs plaintext\" data-highlighted>    b\ta</code>"
        );
        let inline = highlighter().code("", "", "x & y".into(), &[]).unwrap();
        assert_eq!(
            inline,
            "<code class=\"hljs\" data-highlighted>x &amp; y</code>"
        );
    }

    #[test]
    fn hidden_line_placeholders_stay_where_they_were_in_the_text() {
        let hidden = r#"<span class="boring" data-lines="0-4"></span>"#;
        let html = highlighter()
            .code(
                "language-rust",
                "playground",
                "let x = 1;\n".into(),
                &[(0, hidden.to_owned()), (11, hidden.to_owned())],
            )
            .unwrap();
        assert_eq!(
            html,
            format!(
                r#"<code class="language-rust hljs" data-highlighted>{hidden}<span class="hljs-keyword">let</span> x = <span class="hljs-number">1</span>;
{hidden}</code>"#
            )
        );
    }

    #[test]
    fn offsets_count_an_entity_as_its_character() {
        let html = "<b>&lt;</b>é&amp;x";
        assert_eq!(
            insert_at_text_offsets(
                html,
                &[(0, "[0]"), (1, "[1]"), (4, "[4]"), (5, "[5]")].map(|(at, m)| (at, m.to_owned()))
            ),
            "[0]<b>&lt;[1]</b>é&amp;[4]x[5]"
        );
    }

    #[test]
    fn a_language_the_script_lacks_is_named() {
        let error = highlighter()
            .code("language-python", "", "print(1)".into(), &[])
            .unwrap_err();
        assert!(
            format!("{error:#}").contains("no language \"python\""),
            "{error:#}"
        );
    }

    #[test]
    fn a_changed_script_is_not_served_from_the_cache() {
        let mut script = theme_script("highlight.js");
        assert!(highlighter().code("", "", "x".into(), &[]).is_ok());
        script.push_str("\nhljs.highlightBlock = function (e) { e.className = 'changed'; e.innerHTML = e.textContent; };");
        let changed = Highlighter::new(script, theme_script("highlight-glue.js"))
            .code("", "", "x".into(), &[])
            .unwrap();
        assert_eq!(
            changed,
            r#"<code class="changed" data-highlighted>x</code>"#
        );
    }
}
