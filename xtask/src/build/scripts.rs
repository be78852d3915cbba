//! The book's own scripts that the build puts into pages or runs itself.
//!
//! They live in `theme/*.js`, where they are formatted and parse-checked
//! like any script (the tidy test `every_theme_script_parses`), and are read
//! at build time, so that `serve` picks up an edit as it does for a chapter.
//! Each starts with a `//` comment saying who uses it; pages get the script
//! without it.

use std::path::Path;

/// The text of `theme/NAME` in the book at `root`.
pub fn read(root: &Path, name: &str) -> anyhow::Result<String> {
    Ok(fs_err::read_to_string(root.join("theme").join(name))?)
}

/// `script` without the `//` comment lines it starts with.
pub fn without_header(script: &str) -> &str {
    let mut rest = script;
    while rest.starts_with("//") {
        rest = rest.split_once('\n').map_or("", |(_, after)| after);
    }
    rest
}

/// `script` as an inline `<script>` element, without its header comment.
pub fn inline(script: &str) -> String {
    format!("<script>\n{}</script>", without_header(script))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_comment_stays_out_of_the_page() {
        let script = "// who runs it\n// and why\nlet a = 1; // kept\n// kept too\n";
        assert_eq!(
            inline(script),
            "<script>\nlet a = 1; // kept\n// kept too\n</script>"
        );
        assert_eq!(without_header("// only a comment"), "");
    }
}
