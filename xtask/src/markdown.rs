//! Reading the book's Markdown: the fenced code blocks of a chapter.

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::problem::line_of;

/// A fenced code block of a chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    /// The line of the opening fence (1-based).
    pub line: usize,
    /// The info string after the fence, e.g. `rust,should_panic`.
    pub info: String,
    /// The code, as written in the source (directives not expanded).
    pub code: String,
}

impl CodeBlock {
    /// Whether rustdoc and the playground treat this block as Rust.
    pub fn is_rust(&self) -> bool {
        let first = self.info.split([',', ' ']).next().unwrap_or("");
        first == "rust" || (first.is_empty() && !self.info.is_empty())
    }

    /// Whether the block carries attribute `flag` (`ignore`, `no_run`, ...).
    pub fn has(&self, flag: &str) -> bool {
        self.info.split([',', ' ']).any(|part| part == flag)
    }
}

/// The fenced code blocks of `text`, in order.
pub fn code_blocks(text: &str) -> Vec<CodeBlock> {
    let mut blocks = Vec::new();
    let mut current: Option<CodeBlock> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let line = line_of(text, range.start);
                current = Some(CodeBlock {
                    line,
                    info: info.to_string(),
                    code: String::new(),
                });
            }
            Event::Text(code) => {
                if let Some(block) = current.as_mut() {
                    block.code.push_str(&code);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_fenced_blocks_inside_details_too() {
        let text = "# T\n\n```rust\nfn main() {}\n```\n\n<details>\n<summary>S</summary>\n\n```rust,should_panic\npanic!();\n```\n\n</details>\n\n```text\nout\n```\n";
        let blocks = code_blocks(text);
        assert_eq!(blocks.len(), 3);
        assert_eq!((blocks[0].line, blocks[0].is_rust()), (3, true));
        assert_eq!((blocks[1].line, blocks[1].has("should_panic")), (10, true));
        assert!(!blocks[2].is_rust());
    }
}
