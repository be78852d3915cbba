//! Nothing in a formula is drawn in a fallback font: the build cuts KaTeX's
//! fonts to the glyphs it found in use, and a glyph it missed would be drawn
//! by the browser in some system font instead, in another shape and width.
//!
//! `assets/font-checks.js` lays out every formula (solutions opened too),
//! gathers every character of every font KaTeX's output asks for, and
//! writes each font's characters out in a span of that font; Chromium says
//! which fonts drew each span (DevTools' `CSS.getPlatformFontsForNode`,
//! what its "Rendered Fonts" pane shows). Any font that is not one of the
//! page's own KaTeX web fonts means a glyph missing from a subset, and the
//! characters are then asked about one by one, to name them.

use headless_chrome::Tab;
use headless_chrome::protocol::cdp::{CSS, DOM};
use serde::Deserialize;

use crate::page::{evaluate, evaluate_json};

const FONT_CHECKS: &str = include_str!("../assets/font-checks.js");

/// At most this many findings a page: one missing glyph shows up in many
/// formulas.
const MOST: usize = 10;

/// One span `font-checks.js` wrote: a font's characters, all together
/// (`whole`) or one of them alone, with a formula that draws it.
#[derive(Debug, Deserialize)]
struct Sample {
    text: String,
    font: String,
    tex: String,
    whole: bool,
}

/// The formulas of the page in `tab` whose text any font but a KaTeX web
/// font draws; the page is left as it was.
pub fn fallback_font_problems(tab: &Tab) -> anyhow::Result<Vec<String>> {
    evaluate(tab, FONT_CHECKS, false)?;
    let samples: Vec<Sample> = evaluate_json(tab, "__xtaskFonts.markSamples()")?;
    let found = if samples.is_empty() {
        Ok(Vec::new())
    } else {
        drawn_in_fallbacks(tab, &samples)
    };
    evaluate(tab, "__xtaskFonts.restore()", false)?;
    found
}

fn cdp(what: &str, error: anyhow::Error) -> anyhow::Error {
    anyhow::anyhow!("{what}: {error}")
}

/// Asks for each font's characters at once, and only where a fallback
/// drew some of them, for each of its characters alone, to name them.
fn drawn_in_fallbacks(tab: &Tab, samples: &[Sample]) -> anyhow::Result<Vec<String>> {
    tab.call_method(DOM::Enable {
        include_whitespace: None,
    })
    .map_err(|e| cdp("enabling DevTools' DOM domain", e))?;
    tab.call_method(CSS::Enable(None))
        .map_err(|e| cdp("enabling DevTools' CSS domain", e))?;
    let document = tab
        .call_method(DOM::GetDocument {
            depth: Some(0),
            pierce: Some(false),
        })
        .map_err(|e| cdp("reading the document", e))?;
    // In document order, which is the samples' order.
    let marked = tab
        .call_method(DOM::QuerySelectorAll {
            node_id: document.root.node_id,
            selector: "#xtask-font-samples [data-xtask-font-sample]".to_owned(),
        })
        .map_err(|e| cdp("finding the written-out formula text", e))?
        .node_ids;
    anyhow::ensure!(
        marked.len() == samples.len(),
        "wrote out {} samples of formula text but found {} (xtask/browser/assets/font-checks.js)",
        samples.len(),
        marked.len()
    );
    let mut problems = Vec::new();
    let mut in_fallback_font = false;
    for (sample, node_id) in samples.iter().zip(marked) {
        if sample.whole {
            in_fallback_font = !fallbacks(tab, node_id)?.is_empty();
            continue;
        }
        if !in_fallback_font {
            continue;
        }
        let drawn_by = fallbacks(tab, node_id)?;
        if drawn_by.is_empty() {
            continue;
        }
        problems.push(format!(
            "the formula ${}$ draws `{}` (U+{:04X}, asking for {}) in a fallback font: {}; the glyph is missing from KaTeX's subset fonts (see xtask/src/build/katex_fonts.rs and katex_css.rs, then `cargo xtask build-book`)",
            sample.tex,
            sample.text,
            sample.text.chars().next().map_or(0, u32::from),
            sample.font,
            drawn_by.join(", ")
        ));
        if problems.len() == MOST {
            problems.push(format!("(only the first {MOST} are reported)"));
            break;
        }
    }
    Ok(problems)
}

/// The fonts that drew the text of `node_id` and are not the page's KaTeX
/// web fonts, with how many glyphs each drew.
fn fallbacks(tab: &Tab, node_id: DOM::NodeId) -> anyhow::Result<Vec<String>> {
    let fonts = tab
        .call_method(CSS::GetPlatformFontsForNode { node_id })
        .map_err(|e| cdp("asking which fonts drew a formula's text", e))?
        .fonts;
    Ok(fonts
        .iter()
        .filter(|font| !font.is_custom_font || !font.family_name.starts_with("KaTeX"))
        .map(|font| format!("{} ({} glyphs)", font.family_name, font.glyph_count))
        .collect())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use xtask::build::katex_fonts::subset;
    use xtask::project;

    use super::*;
    use crate::chromium::Session;
    use crate::page;

    /// A formula drawn in KaTeX_Main, with the font cut to `chars`.
    fn problems_with_main_cut_to(site: &Path, chars: &str) -> Option<Vec<String>> {
        let full =
            fs_err::read(project::book_src().join("katex/fonts/KaTeX_Main-Regular.woff2")).unwrap();
        fs_err::create_dir_all(site).unwrap();
        fs_err::write(
            site.join("main.woff2"),
            subset(&full, &chars.chars().collect()).unwrap(),
        )
        .unwrap();
        fs_err::write(
            site.join("index.html"),
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\"><title>t</title><style>\
             @font-face{font-family:KaTeX_Main;font-style:normal;font-weight:400;src:url(main.woff2) format(\"woff2\")}\
             .katex{font:normal 1.21em KaTeX_Main,Times New Roman,serif}</style></head><body>\
             <details><summary>Solution</summary><p><span class=\"katex\"><span class=\"katex-html\">\
             <span class=\"mord\">x</span><span class=\"mbin\">+</span><span class=\"mord\">∇</span>\
             </span></span></p></details></body></html>",
        )
        .unwrap();
        let session = match Session::start(site).unwrap() {
            Ok(session) => session,
            Err(why) => {
                eprintln!("not checked: {why}");
                return None;
            }
        };
        let watched = session.open_tab().unwrap();
        let url = format!("{}/index.html", session.origin);
        let limit = page::load_limit(site, Path::new("index.html"));
        page::load(&watched.tab, &url, &watched.record, limit).unwrap();
        Some(fallback_font_problems(&watched.tab).unwrap())
    }

    #[test]
    fn a_glyph_cut_from_a_subset_is_reported_even_in_a_closed_solution() {
        let site = project::scratch_dir(&format!("font-check-test-{}", std::process::id()));
        let Some(complete) = problems_with_main_cut_to(&site, "x+∇") else {
            return;
        };
        assert_eq!(complete, Vec::<String>::new());
        let cut = problems_with_main_cut_to(&site, "x+").unwrap();
        fs_err::remove_dir_all(&site).unwrap();
        assert_eq!(cut.len(), 1, "{cut:?}");
        assert!(cut[0].contains("`∇` (U+2207"), "{}", cut[0]);
    }
}
