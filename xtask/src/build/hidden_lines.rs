//! Hidden lines, stored once per page. A block that shows one function of
//! `mlmath` carries the rest of its module as hidden lines (`# ` in the
//! Markdown), so that Run compiles it; mdBook writes each as a span of its
//! own, and a chapter repeats its module in block after block: over a third
//! of the page, and thousands of elements for the browser to lay out.
//!
//! The page pass (`page_pass`) makes each run of hidden lines in a block
//! one empty `<span class="boring" data-lines="…">` naming line ranges of
//! a `Table` that the page holds once, and hands each run's text on to the
//! search index, which leaves them out. A small script (`theme/hidden-lines-restore.js`)
//! puts the lines back into a
//! block the first time the reader touches it (Run, show hidden lines,
//! copy, edit), before mdBook's own handlers see the event.

use std::collections::HashMap;

use anyhow::Context;

/// The table's element id.
pub const TABLE_ID: &str = "hidden-lines";

/// A reference to fewer lines than this is not worth a range of its own:
/// the lines are copied into the table instead, keeping ranges long.
const SHORTEST_REFERENCE: usize = 3;

/// Undoes mdBook's escaping of a code line; any other entity is an error,
/// so a line is never put back changed.
pub(crate) fn unescape(text: &str) -> anyhow::Result<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let entity = &rest[start..];
        let (decoded, length) = [
            ("&amp;", '&'),
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
            ("&#39;", '\''),
            ("&#x27;", '\''),
        ]
        .iter()
        .find(|(name, _)| entity.starts_with(name))
        .map(|(name, character)| (*character, name.len()))
        .with_context(|| {
            format!(
                "code holds an HTML entity this build does not decode: `{}`",
                entity.chars().take(12).collect::<String>()
            )
        })?;
        out.push(decoded);
        rest = &entity[length..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The page's hidden lines, each stored once, in the order first met.
#[derive(Default)]
pub struct Table {
    lines: Vec<String>,
    /// Where each distinct line sits in `lines`.
    positions: HashMap<String, Vec<usize>>,
    /// The text of each distinct run, in the order first met.
    runs: Vec<String>,
}

impl Table {
    /// Stores one run of hidden lines (each line as text, with its line
    /// break); returns the empty span that stands for it in the page.
    pub fn pool(&mut self, run: &[String]) -> String {
        let text: String = run.concat();
        if !self.runs.contains(&text) {
            self.runs.push(text);
        }
        format!(
            "<span class=\"boring\" data-lines=\"{}\"></span>",
            self.add(run)
        )
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The table, then `restore` (the inline script that puts the lines
    /// back), for the end of the page's body.
    pub fn script(&self, restore: &str) -> String {
        format!(
            "<script type=\"application/json\" id=\"{TABLE_ID}\">{}</script>\n        {restore}\n    ",
            self.json()
        )
    }

    /// The text of each distinct run of hidden lines, in the order met.
    pub fn into_runs(self) -> Vec<String> {
        self.runs
    }

    /// Adds one run of hidden lines; returns its ranges, as `first-last` or
    /// `first`, separated by commas.
    fn add(&mut self, run: &[String]) -> String {
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        let mut next = 0;
        while next < run.len() {
            let (start, length) = self.longest_match(&run[next..]);
            let whole_run = next == 0 && length == run.len();
            let (start, length) = if length >= SHORTEST_REFERENCE || whole_run {
                (start, length)
            } else {
                (self.push(&run[next]), 1)
            };
            match ranges.last_mut() {
                Some((_, last)) if *last + 1 == start => *last += length,
                _ => ranges.push((start, start + length - 1)),
            }
            next += length;
        }
        ranges
            .iter()
            .map(|&(first, last)| {
                if first == last {
                    first.to_string()
                } else {
                    format!("{first}-{last}")
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The longest stretch of the table equal to the start of `lines`:
    /// where it starts and how long it is (0 if the first line is new).
    fn longest_match(&self, lines: &[String]) -> (usize, usize) {
        let mut best = (0, 0);
        for &start in self.positions.get(&lines[0]).into_iter().flatten() {
            let length = self.lines[start..]
                .iter()
                .zip(lines)
                .take_while(|(stored, line)| stored == line)
                .count();
            if length > best.1 {
                best = (start, length);
            }
        }
        best
    }

    fn push(&mut self, line: &str) -> usize {
        let at = self.lines.len();
        self.lines.push(line.to_owned());
        self.positions.entry(line.to_owned()).or_default().push(at);
        at
    }

    /// The table as a JSON array, safe inside a `<script>` element.
    fn json(&self) -> String {
        serde_json::to_string(&self.lines)
            .expect("strings always serialise")
            .replace("</", "<\\/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|line| line.to_string()).collect()
    }

    #[test]
    fn a_repeated_run_is_one_range_of_the_first() {
        let mut table = Table::default();
        let module = strings(&["a\n", "b\n", "}\n", "c\n", "}\n"]);
        assert_eq!(table.add(&module), "0-4");
        assert_eq!(table.add(&module), "0-4");
        assert_eq!(table.add(&module[1..4]), "1-3");
        assert_eq!(table.lines.len(), 5);
    }

    #[test]
    fn short_matches_are_copied_to_keep_ranges_long() {
        let mut table = Table::default();
        table.add(&strings(&["}\n", "x\n", "y\n", "z\n"]));
        // "}" alone would be a one-line reference; it is copied instead.
        assert_eq!(table.add(&strings(&["p\n", "}\n", "q\n"])), "4-6");
        // A run that is all reference, however short, stays a reference.
        assert_eq!(table.add(&strings(&["y\n"])), "2");
    }

    #[test]
    fn a_pooled_run_is_an_empty_span_and_its_text_is_kept_once() {
        let mut table = Table::default();
        let run = strings(&["use a;\n", "fn f() {}\n"]);
        assert_eq!(
            table.pool(&run),
            "<span class=\"boring\" data-lines=\"0-1\"></span>"
        );
        table.pool(&run);
        table.pool(&strings(&["// </script>\n"]));
        assert!(
            table
                .script("<script>restore()</script>")
                .starts_with(r#"<script type="application/json" id="hidden-lines">["use a;\n","fn f() {}\n","// <\/script>\n"]</script>"#)
        );
        assert_eq!(table.into_runs(), ["use a;\nfn f() {}\n", "// </script>\n"]);
    }

    #[test]
    fn closing_tags_in_lines_cannot_end_the_table() {
        let mut table = Table::default();
        table.add(&strings(&["// </script>\n"]));
        assert_eq!(table.json(), r#"["// <\/script>\n"]"#);
    }

    #[test]
    fn unknown_entities_fail_instead_of_changing_a_line() {
        assert_eq!(
            unescape("a &lt; b &amp;&amp; c &#39;x&#39;").unwrap(),
            "a < b && c 'x'"
        );
        let error = unescape("&nbsp;").unwrap_err().to_string();
        assert!(error.contains("`&nbsp;`"), "{error}");
    }
}
