//! Every figure stays legible in every mdBook theme and on every screen: it
//! is an opaque white card, its text has at least 4.5:1 contrast against the
//! card and its other marks at least 3:1 (WCAG 2.1, 1.4.3 and 1.4.11), grid
//! lines excepted, so the page theme, light or dark, cannot make any of it
//! disappear; and no text is drawn smaller than the book's smallest size,
//! so that a layout shown at its own width reads at [`figures::MIN_TEXT_PX`].

/// Every drawn layout of every figure, at every state if it is explorable:
/// its name and SVG. A layout that
/// cannot be drawn is left out here and reported by `tests/size.rs`.
fn drawings() -> Vec<(String, String)> {
    figures::registry()
        .flat_map(|figure| {
            figure
                .drawings()
                .map(move |(state, layout)| (figure, state, layout))
        })
        .filter_map(|(figure, state, layout)| {
            let drawing = figure.render_state(state, layout).ok()?;
            Some((figure.drawing_name(state, layout), drawing.svg))
        })
        .collect()
}

const WHITE: &str = "#FFFFFF";
/// Decorative grid lines, allowed to be faint.
const GRID: &str = "#D8DEE4";

/// Relative luminance of `#RRGGBB` (WCAG 2.1).
fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let value = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).expect("hex colour")) / 255.0;
        if value <= 0.03928 {
            value / 12.92
        } else {
            ((value + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

fn contrast_with_white(hex: &str) -> f64 {
    (1.0 + 0.05) / (luminance(hex) + 0.05)
}

/// The value of `name="..."` in the attributes of one element.
fn attribute<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let start = element.find(&format!(" {name}=\""))? + name.len() + 3;
    element[start..].split('"').next()
}

#[test]
fn contrast_helper_matches_known_values() {
    assert!((contrast_with_white("#000000") - 21.0).abs() < 1e-9);
    assert!((contrast_with_white(WHITE) - 1.0).abs() < 1e-9);
}

#[test]
fn every_figure_is_an_opaque_white_card() {
    for (name, svg) in drawings() {
        let first = svg.split('<').nth(2).unwrap_or_default();
        assert!(
            first.starts_with("rect")
                && attribute(first, "fill") == Some(WHITE)
                && attribute(first, "x") == Some("0")
                && attribute(first, "y") == Some("0")
                && attribute(first, "opacity") == Some("1"),
            "figure {name}: its first element must be an opaque white background, found <{first}"
        );
    }
}

#[test]
fn every_mark_has_enough_contrast_with_the_card() {
    let mut problems = Vec::new();
    for (name, svg) in drawings() {
        // Skip the <svg> element itself and the white background after it.
        for element in svg.split('<').skip(3) {
            let is_text = element.starts_with("text");
            for key in ["fill", "stroke"] {
                let Some(color) =
                    attribute(element, key).filter(|c| c.starts_with('#') && c.len() == 7)
                else {
                    continue;
                };
                let color = color.to_ascii_uppercase();
                if color == GRID || (color == WHITE && !is_text) {
                    continue;
                }
                let needed = if is_text { 4.5 } else { 3.0 };
                let contrast = contrast_with_white(&color);
                if contrast < needed {
                    problems.push(format!("figure {name}: {key} {color} on <{}…> has contrast {contrast:.2}:1, needs {needed}:1", &element[..element.len().min(30)]));
                }
            }
        }
    }
    problems.dedup();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_text_is_smaller_than_the_books_smallest() {
    let mut problems = Vec::new();
    for (name, svg) in drawings() {
        for element in svg.split('<').filter(|e| e.starts_with("text")) {
            let size: f64 = attribute(element, "font-size")
                .and_then(|size| size.trim_end_matches("px").parse().ok())
                .unwrap_or(0.0);
            if size < figures::MIN_TEXT_PX + 1.0 {
                let text = element.split('>').nth(1).unwrap_or_default();
                problems.push(format!("figure {name}: `{text}` is drawn at {size} px; the figures' smallest is 12 px (style.rs TICK_SIZE), which keeps {} px on a phone", figures::MIN_TEXT_PX));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
