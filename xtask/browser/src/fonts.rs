//! Nothing in a formula is drawn in a fallback font: the build cuts KaTeX's
//! fonts to the glyphs it found in use, and a glyph it missed would be drawn
//! by the browser in some system font instead, in another shape and width.
//!
//! `assets/font-checks.js` marks one element for every character in every
//! font KaTeX's output asks for, with every formula laid out (solutions
//! opened too); for each, Chromium says which fonts drew its text
//! (DevTools' `CSS.getPlatformFontsForNode`, what its "Rendered Fonts" pane
//! shows). Any font that is not one of the page's own KaTeX web fonts is a
//! glyph missing from a subset.

use headless_chrome::Tab;
use headless_chrome::protocol::cdp::{CSS, DOM};
use serde::Deserialize;

use crate::page::{evaluate, evaluate_json};

const FONT_CHECKS: &str = include_str!("../assets/font-checks.js");

/// At most this many findings a page: one missing glyph shows up in many
/// formulas.
const MOST: usize = 10;

/// What the page says about one marked element.
#[derive(Debug, Deserialize)]
struct Sample {
    text: String,
    font: String,
    tex: String,
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

fn drawn_in_fallbacks(tab: &Tab, samples: &[Sample]) -> anyhow::Result<Vec<String>> {
    let cdp = |what: &str, error: anyhow::Error| anyhow::anyhow!("{what}: {error}");
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
    let marked = tab
        .call_method(DOM::QuerySelectorAll {
            node_id: document.root.node_id,
            selector: "[data-xtask-font-sample]".to_owned(),
        })
        .map_err(|e| cdp("finding the marked formula parts", e))?
        .node_ids;
    anyhow::ensure!(
        marked.len() == samples.len(),
        "marked {} formula parts but found {} (xtask/browser/assets/font-checks.js)",
        samples.len(),
        marked.len()
    );
    let mut problems = Vec::new();
    for node_id in marked {
        let fonts = tab
            .call_method(CSS::GetPlatformFontsForNode { node_id })
            .map_err(|e| cdp("asking which fonts drew a formula", e))?
            .fonts;
        let fallbacks: Vec<String> = fonts
            .iter()
            .filter(|font| !font.is_custom_font || !font.family_name.starts_with("KaTeX"))
            .map(|font| format!("{} ({} glyphs)", font.family_name, font.glyph_count))
            .collect();
        if fallbacks.is_empty() {
            continue;
        }
        let sample = &samples[sample_index(tab, node_id)?];
        problems.push(format!(
            "the formula ${}$ draws `{}` (asking for {}) in a fallback font: {}; a glyph is missing from KaTeX's subset fonts (see xtask/src/build/katex_fonts.rs and katex_css.rs, then `cargo xtask build-book`)",
            sample.tex,
            sample.text,
            sample.font,
            fallbacks.join(", ")
        ));
        if problems.len() == MOST {
            problems.push(format!("(only the first {MOST} are reported)"));
            break;
        }
    }
    Ok(problems)
}

/// The sample number `font-checks.js` gave the element `node_id`.
fn sample_index(tab: &Tab, node_id: DOM::NodeId) -> anyhow::Result<usize> {
    let attributes = tab
        .call_method(DOM::GetAttributes { node_id })
        .map_err(|error| anyhow::anyhow!("reading a formula part's attributes: {error}"))?
        .attributes;
    // Name, value, name, value, …
    attributes
        .chunks(2)
        .find(|pair| pair[0] == "data-xtask-font-sample")
        .and_then(|pair| pair.get(1)?.parse().ok())
        .ok_or_else(|| anyhow::anyhow!("a marked formula part lost its mark"))
}
