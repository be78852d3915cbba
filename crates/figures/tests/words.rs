//! A figure's words describe the picture drawn, not another one: every number
//! in its alt text, caption and (for an explorable figure's state) value is
//! printed in the drawing (in each layout) or declared among the numbers it
//! shows without printing them ([`figures::Words::shows`]); and both layouts
//! say the same words.

use figures::{Layout, Words};

/// The numbers in `text`, as values: `1,200` and `1200` are one number, the
/// sign is left out (words say "falls by 3" where a label says −3), `3e-9`
/// is read as written and `10⁻⁸` as a power of ten. Digits that are part of
/// a name (`L2`, `x1`) are not numbers.
fn numbers(text: &str) -> Vec<(String, f64)> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_number = chars[i].is_ascii_digit()
            && (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '.'));
        if !starts_number {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = String::new();
        while i < chars.len() {
            let c = chars[i];
            let next_is_digit = chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if c.is_ascii_digit() {
                digits.push(c);
            } else if c == ',' && next_is_digit && thousands_group_follows(&chars, i) {
                // 74,245: a thousands separator, not a list's comma.
            } else if c == '.' && next_is_digit {
                digits.push(c);
            } else if (c == 'e' || c == 'E') && exponent_follows(&chars, i) {
                digits.push('e');
                if matches!(chars[i + 1], '-' | '−' | '+') {
                    digits.push(if chars[i + 1] == '+' { '+' } else { '-' });
                    i += 1;
                }
            } else {
                break;
            }
            i += 1;
        }
        let mut value: f64 = digits.parse().unwrap_or(f64::NAN);
        // 10⁻⁸: ten to a superscript power.
        if digits == "10"
            && chars
                .get(i)
                .is_some_and(|c| superscript_digit(*c).is_some())
        {
            let mut exponent = String::new();
            while let Some(&c) = chars.get(i) {
                match superscript_digit(c) {
                    Some(d) => exponent.push(d),
                    None => break,
                }
                i += 1;
            }
            value = exponent.parse::<i32>().map_or(f64::NAN, |e| 10f64.powi(e));
        }
        let written: String = chars[start..i].iter().collect();
        found.push((written, value));
    }
    found
}

/// Whether the comma at `i` is followed by exactly three digits.
fn thousands_group_follows(chars: &[char], i: usize) -> bool {
    let group = chars.get(i + 1..i + 4);
    group.is_some_and(|g| g.iter().all(char::is_ascii_digit))
        && !chars.get(i + 4).is_some_and(char::is_ascii_digit)
}

/// Whether the `e` at `i` starts an exponent, as in `3e-9`.
fn exponent_follows(chars: &[char], i: usize) -> bool {
    match chars.get(i + 1) {
        Some('-' | '−' | '+') => chars.get(i + 2).is_some_and(char::is_ascii_digit),
        Some(c) => c.is_ascii_digit(),
        None => false,
    }
}

/// The ASCII character a superscript digit or minus stands for.
fn superscript_digit(c: char) -> Option<char> {
    if c == '⁻' {
        return Some('-');
    }
    let index = "⁰¹²³⁴⁵⁶⁷⁸⁹".chars().position(|s| s == c)?;
    Some(char::from(b'0' + index as u8))
}

/// The text content of every `<text>` element of `svg`.
fn drawn_text(svg: &str) -> String {
    svg.split("<text")
        .skip(1)
        .filter_map(|element| {
            let body = element.split_once('>')?.1;
            Some(body.split("</text>").next()?.to_owned())
        })
        .map(|text| {
            text.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn same(a: f64, b: f64) -> bool {
    let (a, b) = (a.abs(), b.abs());
    a == b || (a - b).abs() <= 1e-9 * a.max(b)
}

/// What `words` says that `svg` neither prints nor declares.
fn unbacked(words: &Words, svg: &str) -> Vec<String> {
    let mut backing: Vec<f64> = numbers(&drawn_text(svg)).into_iter().map(|n| n.1).collect();
    for shown in &words.shown {
        backing.extend(numbers(shown).into_iter().map(|n| n.1));
    }
    let mut missing = Vec::new();
    for (part, text) in [
        ("alt text", &words.alt),
        ("caption", &words.caption),
        ("value", &words.value),
    ] {
        for (written, value) in numbers(text) {
            if !backing.iter().any(|&b| same(b, value)) {
                missing.push(format!("its {part} says {written}"));
            }
        }
    }
    missing.dedup();
    missing
}

#[test]
fn reads_numbers_as_the_words_write_them() {
    let values = |text: &str| numbers(text).into_iter().map(|n| n.1).collect::<Vec<_>>();
    assert_eq!(values("(3, 9) and 74,245"), [3.0, 9.0, 74245.0]);
    assert_eq!(
        values("−17.1, 2.55 and 3e-9 at 10⁻⁸"),
        [17.1, 2.55, 3e-9, 1e-8]
    );
    assert_eq!(values("the L2 norm of x1, 90°"), [90.0]);
    assert_eq!(values("1, 2 and 3."), [1.0, 2.0, 3.0]);
    assert_eq!(values("10² m²"), [100.0]);
}

#[test]
fn finds_a_number_the_drawing_does_not_show() {
    let words = Words {
        alt: "A step of Δx = 1 misses by 1.5.".to_owned(),
        caption: String::new(),
        shown: vec!["2.25".to_owned()],
        value: String::new(),
    };
    let svg = "<svg><text x=\"1\">Δx = 1.5</text></svg>";
    assert_eq!(unbacked(&words, svg), ["its alt text says 1"]);
}

#[test]
fn every_number_in_a_figures_words_is_in_its_drawing() {
    let mut problems = Vec::new();
    for figure in figures::registry() {
        for (state, layout) in figure.drawings() {
            // A layout that cannot be drawn is reported by tests/size.rs.
            let Ok(drawing) = figure.render_state(state, layout) else {
                continue;
            };
            for missing in unbacked(&drawing.words, &drawing.svg) {
                problems.push(format!(
                    "figure {} ({}): {missing}, which the drawing does not print and its words do not declare with `Words::shows`: print it, declare it if the picture shows it unprinted, or change the words",
                    figure.drawing_name(state, layout),
                    figure.chapter
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn both_layouts_say_the_same_words() {
    for figure in figures::registry() {
        for state in 0..figure.states() {
            let [wide, narrow] =
                Layout::ALL.map(|layout| figure.render_state(state, layout).map(|d| d.words).ok());
            let (Some(wide), Some(narrow)) = (wide, narrow) else {
                continue;
            };
            assert_eq!(
                wide, narrow,
                "figure `{}`, state {state}: the words must not depend on the layout",
                figure.name
            );
        }
    }
}
