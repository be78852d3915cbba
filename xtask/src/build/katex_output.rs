//! What the book keeps of KaTeX's output: everything but the TeX source that
//! KaTeX copies into each formula's MathML as an `<annotation>`.
//!
//! Readers see the HTML and screen readers read the MathML; neither uses the
//! annotation, which only repeats the chapter's TeX (3.5–4 KB gzip on each
//! chapter page, a tenth of what a page may weigh beyond its floor).

/// KaTeX's MathML wraps the formula and its TeX source in `<semantics>`.
const OPEN: &str = "<semantics>";
const CLOSE: &str = "</semantics>";
const ANNOTATION: &str = "<annotation encoding=\"application/x-tex\">";
const ANNOTATION_END: &str = "</annotation>";

/// `html`, one formula as KaTeX wrote it, without the TeX annotation and the
/// `<semantics>` element that pairs it with the MathML; an error naming what
/// was not found if KaTeX's MathML is not shaped so.
pub fn without_tex_annotation(html: &str) -> Result<String, String> {
    let shaped = [OPEN, CLOSE, ANNOTATION, ANNOTATION_END]
        .iter()
        .all(|part| html.matches(part).count() == 1);
    let (Some(open), Some(annotation), Some(close)) =
        (html.find(OPEN), html.find(ANNOTATION), html.find(CLOSE))
    else {
        return Err(unshaped(html));
    };
    let annotation_end = html.find(ANNOTATION_END).unwrap_or(0);
    if !(shaped && open < annotation && annotation < annotation_end && annotation_end < close) {
        return Err(unshaped(html));
    }
    let after_annotation = annotation_end + ANNOTATION_END.len();
    let mut kept = String::with_capacity(html.len());
    kept.push_str(&html[..open]);
    kept.push_str(&html[open + OPEN.len()..annotation]);
    kept.push_str(&html[after_annotation..close]);
    kept.push_str(&html[close + CLOSE.len()..]);
    Ok(kept)
}

fn unshaped(html: &str) -> String {
    format!(
        "KaTeX's MathML no longer holds one <semantics> with one TeX <annotation> \
         (xtask/src/build/katex_output.rs expects them): {html}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tex_annotation_and_its_wrapper_go_and_the_rest_stays() {
        let html = r#"<span class="katex"><math xmlns="http://www.w3.org/1998/Math/MathML"><semantics><mrow><mi>x</mi></mrow><annotation encoding="application/x-tex">x</annotation></semantics></math><span class="katex-html">x</span></span>"#;
        assert_eq!(
            without_tex_annotation(html).unwrap(),
            r#"<span class="katex"><math xmlns="http://www.w3.org/1998/Math/MathML"><mrow><mi>x</mi></mrow></math><span class="katex-html">x</span></span>"#
        );
    }

    #[test]
    fn output_of_another_shape_is_an_error_that_names_this_file() {
        for html in [
            "<math><mrow><mi>x</mi></mrow></math>",
            "<math><semantics><mrow/></semantics></math>",
            r#"<math><annotation encoding="application/x-tex">x</annotation><semantics><mrow/></semantics></math>"#,
        ] {
            let error = without_tex_annotation(html).unwrap_err();
            assert!(error.contains("katex_output.rs"), "{error}");
        }
    }
}
