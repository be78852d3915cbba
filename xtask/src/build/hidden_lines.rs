//! Hidden lines, stored once per page. A block that shows one function of
//! `mlmath` carries the rest of its module as hidden lines (`# ` in the
//! Markdown), so that Run compiles it; mdBook writes each as a span of its
//! own, and a chapter repeats its module in block after block: over a third
//! of the page, and thousands of elements for the browser to lay out.
//!
//! After the build, each run of hidden lines in a block becomes one empty
//! `<span class="boring" data-lines="…">` naming line ranges of a table
//! that the page holds once. A small script (`theme/hidden-lines-restore.js`)
//! puts the lines back into a
//! block the first time the reader touches it (Run, show hidden lines,
//! copy, edit), before mdBook's own handlers see the event.

use std::collections::HashMap;
use std::sync::LazyLock;

use anyhow::Context;
use regex::Regex;

/// The table's element id, and the attribute naming each run's lines.
const TABLE_ID: &str = "hidden-lines";

/// The empty span that stands for a run of hidden lines on a page written
/// by `pool`, the ranges of the table it names captured.
pub static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<span class="boring" data-lines="([0-9,-]+)"></span>"#).expect("a valid pattern")
});

/// A reference to fewer lines than this is not worth a range of its own:
/// the lines are copied into the table instead, keeping ranges long.
const SHORTEST_REFERENCE: usize = 3;

/// `html` with its hidden lines stored once and `restore` (the inline
/// script that puts them back) after them, or `None` if it has none.
pub fn pool(html: &str, restore: &str) -> anyhow::Result<Option<String>> {
    static RUN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?:<span class="boring">[^<]*</span>)+"#).expect("a valid pattern")
    });
    static LINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"<span class="boring">([^<]*)</span>"#).expect("a valid pattern")
    });
    if !html.contains("<span class=\"boring\">") {
        return Ok(None);
    }
    anyhow::ensure!(
        !html.contains(&format!("id=\"{TABLE_ID}\"")),
        "the page already has a table of hidden lines"
    );
    let mut table = Table::default();
    let mut failure = None;
    let pooled = RUN.replace_all(html, |run: &regex::Captures<'_>| {
        let lines: Vec<String> = LINE
            .captures_iter(&run[0])
            .map(|line| unescape(&line[1]))
            .collect::<anyhow::Result<_>>()
            .unwrap_or_else(|error| {
                failure.get_or_insert(error);
                Vec::new()
            });
        format!(
            "<span class=\"boring\" data-lines=\"{}\"></span>",
            table.add(&lines)
        )
    });
    if let Some(error) = failure {
        return Err(error);
    }
    anyhow::ensure!(
        !pooled.contains("<span class=\"boring\">"),
        "mdBook's hidden lines changed shape (a `<span class=\"boring\">` holds markup), so they cannot be stored once; update xtask/src/build/hidden_lines.rs"
    );
    anyhow::ensure!(
        pooled.matches("</body>").count() == 1,
        "no single </body> to put the table of hidden lines before"
    );
    let script = format!(
        "<script type=\"application/json\" id=\"{TABLE_ID}\">{}</script>\n        {restore}\n    </body>",
        table.json()
    );
    Ok(Some(pooled.replacen("</body>", &script, 1)))
}

/// The text of each run of hidden lines on a page written by `pool`, each
/// distinct run once.
pub fn runs(html: &str) -> anyhow::Result<Vec<String>> {
    static TABLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r#"<script type="application/json" id="{TABLE_ID}">(.*?)</script>"#
        ))
        .expect("a valid pattern")
    });
    let Some(table) = TABLE.captures(html) else {
        return Ok(Vec::new());
    };
    let lines: Vec<String> = serde_json::from_str(&table[1].replace("<\\/", "</"))
        .context("reading the page's table of hidden lines")?;
    let mut found: Vec<String> = Vec::new();
    for run in PLACEHOLDER.captures_iter(html) {
        let mut text = String::new();
        for range in run[1].split(',') {
            let (first, last) = range.split_once('-').unwrap_or((range, range));
            let (first, last): (usize, usize) = (first.parse()?, last.parse()?);
            let stretch = lines
                .get(first..=last)
                .with_context(|| format!("hidden lines {range} are not in the page's table"))?;
            text.extend(stretch.iter().map(String::as_str));
        }
        if !found.contains(&text) {
            found.push(text);
        }
    }
    Ok(found)
}

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
struct Table {
    lines: Vec<String>,
    /// Where each distinct line sits in `lines`.
    positions: HashMap<String, Vec<usize>>,
}

impl Table {
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

    /// Stands in for the inline script the build passes.
    const RESTORE: &str = "<script>restore()</script>";

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
    fn a_page_keeps_one_table_and_empty_spans() {
        let html = "<body><pre><code><span class=\"boring\">use a;\n</span><span class=\"boring\">fn f() -&gt; u8 { b&lt;c &amp;&amp; d }\n</span>fn main() {}\n</code></pre>\n<pre><code><span class=\"boring\">use a;\n</span>x</code></pre>\n    </body>";
        let pooled = pool(html, RESTORE).unwrap().unwrap();
        assert!(
            pooled.contains("<code><span class=\"boring\" data-lines=\"0-1\"></span>fn main() {}")
        );
        assert!(pooled.contains("<code><span class=\"boring\" data-lines=\"0\"></span>x</code>"));
        assert!(pooled.contains(
            r#"<script type="application/json" id="hidden-lines">["use a;\n","fn f() -> u8 { b<c && d }\n"]</script>"#
        ));
        assert!(pooled.ends_with("</script>\n    </body>"));
    }

    #[test]
    fn a_pooled_page_gives_back_its_runs() {
        let html = "<body><pre><code><span class=\"boring\">use a;\n</span><span class=\"boring\">fn f() {}\n</span>x\n<span class=\"boring\">// &lt;/script&gt;\n</span></code></pre><pre><code><span class=\"boring\">use a;\n</span></code></pre>\n    </body>";
        let pooled = pool(html, RESTORE).unwrap().unwrap();
        assert_eq!(
            runs(&pooled).unwrap(),
            ["use a;\nfn f() {}\n", "// </script>\n", "use a;\n"]
        );
        assert!(runs("<p>no code</p>").unwrap().is_empty());
    }

    #[test]
    fn pages_without_hidden_lines_are_left_alone() {
        assert_eq!(
            pool("<body><pre><code>fn main() {}</code></pre></body>", RESTORE).unwrap(),
            None
        );
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
