//! Syntax highlighting at build time. mdBook leaves it to highlight.js in
//! the reader's browser, which redoes every `<code>` of a page as the page
//! loads: on a phone, the longest task of a chapter. The build runs the
//! book's own `theme/highlight.js` (in QuickJS, the engine KaTeX runs in)
//! over each `<code>` once, as mdBook's `book.js` would, and marks it
//! `data-highlighted`; the book's highlight.js skips marked elements, so a
//! block is highlighted again in the browser only when its hidden lines
//! come back (see `hidden_lines`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use anyhow::Context as _;
use regex::Regex;

use crate::build::hidden_lines;

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

    /// `html` with every `<code>` that `book.js` would highlight highlighted
    /// and marked, or `None` if it has none.
    pub fn page(&self, html: &str) -> anyhow::Result<Option<String>> {
        // The elements book.js highlights, and what decides which: a header
        // link's `<code>` is left as it is, and scripts are not markup.
        static PART: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(
                r#"(?:<pre(?: class="(?<pre>[^"]*)")?>)?(?<code><code(?: class="(?<class>[^"]*)")?>)|<a class="header"|</a>|<script\b|</script>"#,
            )
            .expect("a valid pattern")
        });
        let mut out = String::with_capacity(html.len() + html.len() / 4);
        let mut written = 0;
        let mut in_header = false;
        let mut in_script = false;
        let mut highlighted = 0;
        let mut at = 0;
        while let Some(part) = PART.captures_at(html, at) {
            let whole = part.get(0).expect("a match");
            at = whole.end();
            match (part.name("code"), whole.as_str()) {
                (None, "<a class=\"header\"") => in_header = true,
                (None, "</a>") => in_header = false,
                (None, "</script>") => in_script = false,
                (None, _) => in_script = true,
                (Some(_), _) if in_header || in_script => {}
                (Some(code), _) => {
                    let Some(length) = html[at..].find("</code>") else {
                        anyhow::bail!("a <code> at byte {} is never closed", code.start());
                    };
                    let class = part.name("class").map_or("", |class| class.as_str());
                    // book.js reads the parent's class too: a block's is its
                    // <pre>'s; inline code sits in prose, whose elements have
                    // no class that names a language.
                    let parent_class = part.name("pre").map_or("", |class| class.as_str());
                    let content = &html[at..at + length];
                    let element =
                        self.element(class, parent_class, content)
                            .with_context(|| {
                                let line = html[..at].matches('\n').count() + 1;
                                format!("highlighting the <code> on line {line}")
                            })?;
                    out.push_str(&html[written..code.start()]);
                    out.push_str(&element);
                    written = at + length + "</code>".len();
                    at = written;
                    highlighted += 1;
                }
            }
        }
        if highlighted == 0 {
            return Ok(None);
        }
        out.push_str(&html[written..]);
        Ok(Some(out))
    }

    /// One `<code>` element, highlighted and marked. Its content is text,
    /// and may hold the empty placeholders of hidden lines, which stay where
    /// they were in the text.
    fn element(&self, class: &str, parent_class: &str, content: &str) -> anyhow::Result<String> {
        let mut text = String::new();
        let mut placeholders = Vec::new();
        let decode = |stretch: &str| -> anyhow::Result<String> {
            anyhow::ensure!(
                !stretch.contains('<'),
                "the <code> holds markup other than hidden lines, which this build does not expect: `{}`; update xtask/src/build/highlight.rs",
                content.chars().take(80).collect::<String>()
            );
            hidden_lines::unescape(stretch)
        };
        let mut from = 0;
        for placeholder in hidden_lines::PLACEHOLDER.find_iter(content) {
            text.push_str(&decode(&content[from..placeholder.start()])?);
            placeholders.push((text.len(), placeholder.as_str()));
            from = placeholder.end();
        }
        text.push_str(&decode(&content[from..])?);
        let (class, inner) = self.highlight(Element {
            script_hash: self.hash.clone(),
            class: class.to_owned(),
            parent_class: parent_class.to_owned(),
            text,
        })?;
        Ok(format!(
            "<code class=\"{class}\" {MARK}>{}</code>",
            insert_at_text_offsets(&inner, &placeholders)
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
fn insert_at_text_offsets(html: &str, inserts: &[(usize, &str)]) -> String {
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
        let page = r#"<pre class="playground"><code class="language-rust edition2024">fn main() { let s = &quot;a&lt;b&quot;; }</code></pre>"#;
        let html = highlighter().page(page).unwrap().unwrap();
        assert_eq!(
            html,
            r#"<pre class="playground"><code class="language-rust edition2024 hljs" data-highlighted><span class="hljs-function"><span class="hljs-keyword">fn</span> <span class="hljs-title">main</span></span>() { <span class="hljs-keyword">let</span> s = <span class="hljs-string">&quot;a&lt;b&quot;</span>; }</code></pre>"#
        );
    }

    #[test]
    fn text_blocks_and_inline_code_get_book_js_classes() {
        let page = "<pre><code class=\"language-text\">\tb\ta</code></pre><p>See <code>x &amp; y</code>.</p>";
        let html = highlighter().page(page).unwrap().unwrap();
        assert_eq!(
            html,
            "<pre><code class=\"language-text hljs plaintext\" data-highlighted>    b\ta</code></pre><p>See <code class=\"hljs\" data-highlighted>x &amp; y</code>.</p>"
        );
    }

    #[test]
    fn header_code_and_scripts_are_left_alone() {
        let page = r##"<h2><a class="header" href="#x">The <code>dot</code> product</a></h2><script>const s = "<code>";</script>"##;
        assert_eq!(highlighter().page(page).unwrap(), None);
    }

    #[test]
    fn hidden_line_placeholders_stay_where_they_were_in_the_text() {
        let hidden = r#"<span class="boring" data-lines="0-4"></span>"#;
        let page = format!(
            r#"<pre class="playground"><code class="language-rust">{hidden}let x = 1;
{hidden}</code></pre>"#
        );
        let html = highlighter().page(&page).unwrap().unwrap();
        assert_eq!(
            html,
            format!(
                r#"<pre class="playground"><code class="language-rust hljs" data-highlighted>{hidden}<span class="hljs-keyword">let</span> x = <span class="hljs-number">1</span>;
{hidden}</code></pre>"#
            )
        );
    }

    #[test]
    fn offsets_count_an_entity_as_its_character() {
        let html = "<b>&lt;</b>é&amp;x";
        assert_eq!(
            insert_at_text_offsets(html, &[(0, "[0]"), (1, "[1]"), (4, "[4]"), (5, "[5]")]),
            "[0]<b>&lt;[1]</b>é&amp;[4]x[5]"
        );
    }

    #[test]
    fn a_language_the_script_lacks_is_named() {
        let page = r#"<pre><code class="language-python">print(1)</code></pre>"#;
        let error = format!("{:#}", highlighter().page(page).unwrap_err());
        assert!(error.contains("no language \"python\""), "{error}");
        assert!(error.contains("line 1"), "{error}");
    }

    #[test]
    fn a_changed_script_is_not_served_from_the_cache() {
        let page = r#"<p><code>x</code></p>"#;
        let mut script = theme_script("highlight.js");
        assert!(highlighter().page(page).unwrap().is_some());
        script.push_str("\nhljs.highlightBlock = function (e) { e.className = 'changed'; e.innerHTML = e.textContent; };");
        let changed = Highlighter::new(script, theme_script("highlight-glue.js"))
            .page(page)
            .unwrap()
            .unwrap();
        assert_eq!(
            changed,
            r#"<p><code class="changed" data-highlighted>x</code></p>"#
        );
    }
}
