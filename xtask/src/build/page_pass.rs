//! The one pass over each page mdBook wrote, for what the theme's templates
//! cannot do because it depends on what the page holds or on files mdBook
//! wrote. It runs lol_html, a streaming HTML rewriter that keeps every byte
//! it is not asked to change as it was, with these handlers, in the order
//! they meet a page:
//!
//! - the end of `<head>`: the KaTeX stylesheet and font preloads, on pages
//!   the KaTeX step recorded formulas for (`BookFormulas::on_page`);
//! - mdBook's four first stylesheet links: one link to their bundle;
//! - each `<code>` (not a heading's): its hidden lines stored once in the
//!   page's table (`hidden_lines`), then highlighted (`highlight`);
//! - mdBook's editor scripts: the editor loader on pages with runnable
//!   blocks, nothing on others;
//! - the end of `<body>`: the table of hidden lines and the script that
//!   puts them back.
//!
//! Each handler fails the build, naming the page and what to update, when
//! it does not find what it changes as mdBook writes it. The pass returns
//! each page's runs of hidden lines, for the search index. The PDF link,
//! which needs the PDF first, goes through the same rewriter
//! (`rewrite_with`, from `pdf.rs`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;

use lol_html::html_content::ContentType::Html;
use lol_html::html_content::{Element, TextChunk};
use lol_html::{HandlerResult, RewriteStrSettings, doc_comments, doc_text, element, end_tag, text};

use crate::build::formula_text::BookFormulas;
use crate::build::hidden_lines::{TABLE_ID, Table};
use crate::build::highlight::{Code, Highlighter, Part};
use crate::build::mdbook_markup::{
    BUNDLED, Bundle, EDITOR_SCRIPTS, EditorLoader, KatexHead, is_hashed,
};
use crate::{project, site};

/// Everything the pass puts into pages, prepared before it runs.
pub struct Inserts<'a> {
    /// What the KaTeX step recorded: which pages have math.
    pub formulas: &'a BookFormulas,
    pub katex: KatexHead,
    pub bundle: Bundle,
    pub editor: EditorLoader,
    pub highlighter: Arc<Highlighter>,
    /// `theme/hidden-lines-restore.js`, as an inline script.
    pub restore: Arc<str>,
}

/// Each page's runs of hidden lines (`ch01-vectors.html`), each distinct
/// run once, as text.
pub type HiddenLinesByPage = HashMap<String, Vec<String>>;

/// The pass over every page of `site`.
pub fn run(site: &Path, inserts: &Inserts<'_>) -> anyhow::Result<HiddenLinesByPage> {
    let rewritten = site::rewrite_pages_learning(site, |page, html| {
        let page = page.to_string_lossy().replace('\\', "/");
        let (out, runs) = rewrite(&page, html, inserts)?;
        Ok(((out != html).then_some(out), (page, runs)))
    })?;
    Ok(rewritten.into_iter().map(|(_, learned)| learned).collect())
}

/// What the handlers learn about one page as it streams by.
#[derive(Default)]
struct Page {
    /// The links the head gets, if the page has math.
    katex_links: Option<String>,
    formulas_seen: bool,
    head_closed: bool,
    /// Which of `BUNDLED` the page links, in the order met.
    bundled: Vec<usize>,
    /// Whether the whitespace after an element just removed goes too.
    drop_whitespace: bool,
    runnable: bool,
    /// The sources of mdBook's editor scripts, in the order met.
    editor: Vec<String>,
    in_heading_link: bool,
    pre_class: Option<String>,
    code: Option<Code>,
    table: Table,
    body_closed: bool,
}

type State = Rc<RefCell<Page>>;

/// `html` (the page `page`) rewritten, and its runs of hidden lines: the
/// handlers, in the order they meet a page.
fn rewrite(page: &str, html: &str, inserts: &Inserts<'_>) -> anyhow::Result<(String, Vec<String>)> {
    let to_root = project::path_to_root(Path::new(page));
    let state: State = Rc::new(RefCell::new(Page {
        katex_links: inserts
            .formulas
            .on_page(page)
            .then(|| inserts.katex.links(&to_root)),
        ..Page::default()
    }));
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("head", |el| head(&state, el)))
        .append_element_content_handler(element!("link[rel=\"stylesheet\"][href]", |el| {
            stylesheet(&state, el, &inserts.bundle)
        }))
        .append_document_content_handler(doc_comments!(|comment| {
            let mut page = state.borrow_mut();
            if !page.head_closed && comment.text() == " Fonts " {
                comment.remove();
                page.drop_whitespace = true;
            }
            Ok(())
        }))
        .append_document_content_handler(doc_text!(|chunk| {
            whitespace_after_removed(&state, chunk)
        }))
        .append_element_content_handler(element!("span.katex", |_| {
            state.borrow_mut().formulas_seen = true;
            Ok(())
        }))
        .append_element_content_handler(element!("a[class=\"header\"]", |el| {
            state.borrow_mut().in_heading_link = true;
            let state = state.clone();
            el.on_end_tag(end_tag!(move |_| {
                state.borrow_mut().in_heading_link = false;
                Ok(())
            }))
        }))
        .append_element_content_handler(element!("pre", |el| pre(&state, el)))
        .append_element_content_handler(element!("code", |el| {
            code(&state, el, &inserts.highlighter)
        }))
        .append_element_content_handler(element!("code *", |el| hidden_line(&state, el)))
        .append_element_content_handler(text!("code", |chunk| code_text(&state, chunk)))
        .append_element_content_handler(element!("script[src]", |el| {
            editor_script(&state, el, &inserts.editor)
        }))
        .append_element_content_handler(element!(&format!("#{TABLE_ID}"), |_| {
            fail("the page already has a table of hidden lines".to_owned())
        }))
        .append_element_content_handler(element!("body", |el| {
            body(&state, el, &inserts.restore)
        }));
    let out = rewrite_with(html, settings)?;
    let page = Rc::try_unwrap(state)
        .ok()
        .expect("the rewriter is done with the page")
        .into_inner();
    check(&page)?;
    Ok((out, page.table.into_runs()))
}

/// `<head>`: the KaTeX stylesheet and preloads go before its end, on pages
/// with math.
fn head(state: &State, el: &mut Element<'_, '_>) -> HandlerResult {
    let state = state.clone();
    el.on_end_tag(end_tag!(move |end| {
        let mut page = state.borrow_mut();
        page.head_closed = true;
        if let Some(links) = &page.katex_links {
            end.before(links, Html);
        }
        Ok(())
    }))
}

/// mdBook's first four stylesheet links: the first becomes the bundle's,
/// the others go, with the whitespace after them.
fn stylesheet(state: &State, el: &mut Element<'_, '_>, bundle: &Bundle) -> HandlerResult {
    let href = el.get_attribute("href").unwrap_or_default();
    let mut page = state.borrow_mut();
    page.drop_whitespace = false;
    let Some((index, to_root)) = bundle
        .files
        .iter()
        .enumerate()
        .find_map(|(index, file)| Some((index, href.strip_suffix(file.as_str())?)))
    else {
        return Ok(());
    };
    page.bundled.push(index);
    if index == 0 {
        let link = format!(
            "<link rel=\"stylesheet\" href=\"{to_root}{}\">",
            bundle.name
        );
        el.replace(&link, Html);
    } else {
        el.remove();
        page.drop_whitespace = true;
    }
    Ok(())
}

/// The whitespace that follows an element removed goes with it, as the
/// element stood on a line of its own.
fn whitespace_after_removed(state: &State, chunk: &mut TextChunk<'_>) -> HandlerResult {
    let mut page = state.borrow_mut();
    if page.drop_whitespace {
        if chunk.as_str().trim().is_empty() {
            chunk.remove();
        } else {
            page.drop_whitespace = false;
        }
    }
    if chunk.last_in_text_node() {
        page.drop_whitespace = false;
    }
    Ok(())
}

/// A `<pre>`: its class is its `<code>`'s parent class; `playground` marks
/// a runnable block.
fn pre(state: &State, el: &mut Element<'_, '_>) -> HandlerResult {
    let class = el.get_attribute("class").unwrap_or_default();
    let mut page = state.borrow_mut();
    page.runnable |= class.split_whitespace().any(|c| c == "playground");
    page.pre_class = Some(class);
    let state = state.clone();
    el.on_end_tag(end_tag!(move |_| {
        state.borrow_mut().pre_class = None;
        Ok(())
    }))
}

/// A `<code>` that book.js would highlight (one with no attribute but its
/// class, outside a heading's link) is read whole, then written again at
/// its end, its hidden lines pooled and its text highlighted.
fn code(state: &State, el: &mut Element<'_, '_>, highlighter: &Arc<Highlighter>) -> HandlerResult {
    let mut page = state.borrow_mut();
    let class = el.get_attribute("class");
    let attributes = el.attributes().len();
    if page.in_heading_link || attributes > usize::from(class.is_some()) {
        return Ok(());
    }
    page.code = Some(Code {
        class: class.unwrap_or_default(),
        parent_class: page.pre_class.clone().unwrap_or_default(),
        parts: Vec::new(),
        in_hidden_line: false,
    });
    el.remove_and_keep_content();
    let (state, highlighter) = (state.clone(), highlighter.clone());
    el.on_end_tag(end_tag!(move |end| {
        let mut page = state.borrow_mut();
        let code = page.code.take().expect("opened by its start tag");
        let html = code.finish(&mut page.table, &highlighter)?;
        end.before(&html, Html);
        Ok(())
    }))
}

/// An element inside a `<code>` being read: only a hidden line (mdBook's
/// `<span class="boring">` holding text) may be there.
fn hidden_line(state: &State, el: &mut Element<'_, '_>) -> HandlerResult {
    let mut page = state.borrow_mut();
    let Some(code) = &mut page.code else {
        return Ok(());
    };
    let hidden_line = el.tag_name() == "span"
        && el.attributes().len() == 1
        && el.get_attribute("class").as_deref() == Some("boring");
    if !hidden_line || code.in_hidden_line {
        return fail(format!(
            "a <code> holds a <{}> where only text and hidden lines (`<span class=\"boring\">` holding text) were expected, so its hidden lines cannot be stored once nor the code highlighted; update xtask/src/build/page_pass.rs",
            el.tag_name()
        ));
    }
    code.in_hidden_line = true;
    code.parts.push(Part::Hidden(String::new()));
    el.remove_and_keep_content();
    let state = state.clone();
    el.on_end_tag(end_tag!(move |_| {
        if let Some(code) = &mut state.borrow_mut().code {
            code.in_hidden_line = false;
        }
        Ok(())
    }))
}

/// The text of a `<code>` being read, kept as mdBook escaped it.
fn code_text(state: &State, chunk: &mut TextChunk<'_>) -> HandlerResult {
    let mut page = state.borrow_mut();
    let Some(code) = &mut page.code else {
        return Ok(());
    };
    let text = chunk.as_str();
    match code.parts.last_mut() {
        Some(Part::Hidden(line)) if code.in_hidden_line => line.push_str(text),
        Some(Part::Shown(shown)) => shown.push_str(text),
        _ if text.is_empty() => {}
        _ => code.parts.push(Part::Shown(text.to_owned())),
    }
    chunk.remove();
    Ok(())
}

/// mdBook's editor scripts, once each and in order: the last becomes the
/// editor loader on a page with runnable blocks; the others go, with the
/// whitespace between them.
fn editor_script(state: &State, el: &mut Element<'_, '_>, editor: &EditorLoader) -> HandlerResult {
    let src = el.get_attribute("src").unwrap_or_default();
    let mut page = state.borrow_mut();
    page.drop_whitespace = false;
    let file = src.rsplit('/').next().unwrap_or(&src);
    let Some(index) = EDITOR_SCRIPTS
        .iter()
        .position(|name| is_hashed(file, name, "js"))
    else {
        return Ok(());
    };
    if index != page.editor.len() {
        return fail(format!(
            "mdBook's editor scripts are not {EDITOR_SCRIPTS:?}, once each, in this order (found {file} after {:?}), so the editor cannot be loaded on first use; update xtask/src/build/page_pass.rs",
            page.editor
        ));
    }
    page.editor.push(src);
    match (index, page.runnable) {
        (4, true) => {
            let [ace, mode, _, dawn, night] = &page.editor[..] else {
                unreachable!("five scripts met");
            };
            el.replace(&editor.script(ace, mode, dawn, night), Html);
        }
        (4, false) => el.remove(),
        _ => {
            el.remove();
            page.drop_whitespace = true;
        }
    }
    Ok(())
}

/// `<body>`: the table of hidden lines and the script that puts them back
/// go before its end, on pages with hidden lines.
fn body(state: &State, el: &mut Element<'_, '_>, restore: &Arc<str>) -> HandlerResult {
    let (state, restore) = (state.clone(), restore.clone());
    el.on_end_tag(end_tag!(move |end| {
        let mut page = state.borrow_mut();
        page.body_closed = true;
        if !page.table.is_empty() {
            end.before(&page.table.script(&restore), Html);
        }
        Ok(())
    }))
}

/// What must hold of a page once it streamed by.
fn check(page: &Page) -> anyhow::Result<()> {
    let math = page.katex_links.is_some();
    anyhow::ensure!(
        math == page.formulas_seen,
        "the KaTeX step recorded {} for this page, but the page holds {}: mdBook puts chapters on pages otherwise than BookFormulas::on_page in xtask/src/build/formula_text.rs expects; update it",
        if math { "formulas" } else { "no formula" },
        if page.formulas_seen {
            "formulas"
        } else {
            "none"
        },
    );
    anyhow::ensure!(
        !math || page.head_closed,
        "no </head> to put the KaTeX stylesheet before; update xtask/src/build/page_pass.rs"
    );
    let names: Vec<&str> = page.bundled.iter().map(|&index| BUNDLED[index]).collect();
    anyhow::ensure!(
        names.is_empty() || names == BUNDLED,
        "mdBook's stylesheet links changed (found {names:?}, expected {BUNDLED:?}), so they can no longer be joined into one; update xtask/src/build/page_pass.rs"
    );
    let found = page.editor.len();
    anyhow::ensure!(
        found == EDITOR_SCRIPTS.len() || (found == 0 && !page.runnable),
        "found {found} of mdBook's editor scripts ({EDITOR_SCRIPTS:?}), not all, so the editor cannot be loaded on first use: is `editable = true` still set in book.toml's [output.html.playground]? If so, mdBook's markup changed; update xtask/src/build/page_pass.rs"
    );
    anyhow::ensure!(
        page.table.is_empty() || page.body_closed,
        "no </body> to put the table of hidden lines before"
    );
    Ok(())
}

/// A handler's failure, as lol_html carries it.
fn fail(message: String) -> HandlerResult {
    Err(message.into())
}

/// `html` through lol_html with `settings`' handlers: the one way the
/// build changes a page (this pass, and the PDF link `pdf.rs` adds).
pub fn rewrite_with(html: &str, settings: RewriteStrSettings<'_, '_>) -> anyhow::Result<String> {
    lol_html::rewrite_str(html, settings).map_err(|error| anyhow::anyhow!("{error}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::formula_text::{FormulaText, Typeset};

    fn inserts(formulas: &BookFormulas) -> Inserts<'_> {
        let script = |name| crate::build::scripts::read(&project::root(), name).unwrap();
        Inserts {
            formulas,
            katex: KatexHead {
                css: "k.css".into(),
                preloads: vec!["f.woff2".into()],
            },
            bundle: Bundle {
                files: BUNDLED
                    .iter()
                    .map(|name| format!("{name}-0a.css"))
                    .collect(),
                name: "css/mdbook-1b.css".into(),
            },
            editor: EditorLoader {
                loader: "<script>load(SOURCES)</script>".into(),
                notebook: "notebook-2c.js".into(),
            },
            highlighter: Arc::new(Highlighter::new(
                script("highlight.js"),
                script("highlight-glue.js"),
            )),
            restore: "<script>restore()</script>".into(),
        }
    }

    const HEAD: &str = "<html><head>\n        <link rel=\"stylesheet\" href=\"css/variables-0a.css\">\n        <link rel=\"stylesheet\" href=\"css/general-0a.css\">\n        <link rel=\"stylesheet\" href=\"css/chrome-0a.css\">\n        <link rel=\"stylesheet\" href=\"css/print-0a.css\" media=\"print\">\n\n        <!-- Fonts -->\n        <link rel=\"stylesheet\" href=\"fonts/fonts-0a.css\">\n\n        <!-- Highlight -->\n    </head>\n";
    const EDITOR: &str = "        <script src=\"ace-1.js\"></script>\n        <script src=\"mode-rust-2.js\"></script>\n        <script src=\"editor-3.js\"></script>\n        <script src=\"theme-dawn-4.js\"></script>\n        <script src=\"theme-tomorrow_night-5.js\"></script>\n    </body></html>";

    #[test]
    fn one_pass_makes_each_change_and_hands_on_the_hidden_lines() {
        let formula = FormulaText::of("<span class=\"katex\">x</span>").unwrap();
        let formulas = BookFormulas {
            pages: vec![(
                "a.html".into(),
                vec![Typeset {
                    html: String::new(),
                    text: formula,
                }],
            )],
        };
        let body = "<body><h2><a class=\"header\" href=\"#x\"><code>dot</code></a></h2><p><span class=\"katex\">x</span> <code>a &amp; b</code></p><pre class=\"playground\"><code class=\"language-rust\"><span class=\"boring\">use a;\n</span><span class=\"boring\">fn f() {}\n</span>let x = 1;\n<span class=\"boring\">use a;\n</span></code></pre><script>const s = \"<code>\";</script>\n";
        let (out, runs) = rewrite(
            "a.html",
            &format!("{HEAD}{body}{EDITOR}"),
            &inserts(&formulas),
        )
        .unwrap();
        let head = "<html><head>\n        <link rel=\"stylesheet\" href=\"css/mdbook-1b.css\">\n        <link rel=\"stylesheet\" href=\"css/print-0a.css\" media=\"print\">\n\n        <!-- Highlight -->\n        <link rel=\"stylesheet\" href=\"k.css\">\n        <link rel=\"preload\" href=\"f.woff2\" as=\"font\" type=\"font/woff2\" crossorigin>\n    </head>";
        assert!(out.starts_with(head), "{out}");
        assert!(out.contains("<a class=\"header\" href=\"#x\"><code>dot</code></a>"));
        assert!(out.contains("<code class=\"hljs\" data-highlighted>a &amp; b</code>"));
        assert!(out.contains(r#"<code class="language-rust hljs" data-highlighted><span class="boring" data-lines="0-1"></span><span class="hljs-keyword">let</span>"#), "{out}");
        assert!(out.contains(r#"<span class="boring" data-lines="0"></span></code>"#));
        assert!(out.contains("<script>const s = \"<code>\";</script>"));
        assert!(out.ends_with("        <script>load([\"ace-1.js\", \"mode-rust-2.js\", \"theme-dawn-4.js\", \"theme-tomorrow_night-5.js\", \"notebook-2c.js\"])</script>\n    <script type=\"application/json\" id=\"hidden-lines\">[\"use a;\\n\",\"fn f() {}\\n\"]</script>\n        <script>restore()</script>\n    </body></html>"), "{out}");
        assert_eq!(runs, ["use a;\nfn f() {}\n", "use a;\n"]);
    }

    #[test]
    fn what_mdbook_no_longer_writes_so_fails_the_page() {
        let none = BookFormulas::default();
        let fails = |html: &str| {
            format!(
                "{:#}",
                rewrite("b.html", html, &inserts(&none)).unwrap_err()
            )
        };
        let plain = rewrite(
            "b.html",
            &format!("{HEAD}<body>\n{EDITOR}"),
            &inserts(&none),
        )
        .unwrap()
        .0;
        assert!(
            plain.ends_with("</head>\n<body>\n        \n    </body></html>"),
            "{plain}"
        );
        let error = fails(&format!(
            "{HEAD}<body><span class=\"katex\">x</span>{EDITOR}"
        ));
        assert!(error.contains("recorded no formula"), "{error}");
        let error = fails(&HEAD.replace("css/general-0a.css", "css/other.css"));
        assert!(error.contains("stylesheet links changed"), "{error}");
        let error = fails(&format!(
            "<body><pre class=\"playground\"><code>x</code></pre>{}",
            EDITOR.replace("ace-1", "ace")
        ));
        assert!(error.contains("editor scripts"), "{error}");
        let error = fails("<body><pre><code>a<b>c</b></code></pre></body>");
        assert!(error.contains("holds a <b>"), "{error}");
    }
}
