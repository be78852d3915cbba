//! A small HTML tokenizer, enough to check the pages mdBook writes: tags
//! with their attributes, and text with where it sits (inside code, inside
//! math markup, or plain prose).

/// One piece of a page.
#[derive(Debug, PartialEq, Eq)]
pub enum Token<'a> {
    /// An opening (or self-closing) tag with its attributes, entities decoded.
    Tag {
        name: String,
        attributes: Vec<(String, String)>,
    },
    /// A closing tag.
    End { name: String },
    /// Text between tags, as written (entities not decoded).
    Text(&'a str),
}

impl Token<'_> {
    /// The value of attribute `name` on a tag.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        match self {
            Token::Tag { attributes, .. } => attributes
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.as_str()),
            _ => None,
        }
    }
}

/// The tokens of `html`. Comments and doctypes are dropped; the contents of
/// `<script>` and `<style>` are skipped.
pub fn tokenize(html: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
        } else if rest.starts_with("<!") {
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
        } else if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>').unwrap_or(after.len());
            tokens.push(Token::End {
                name: after[..end].trim().to_ascii_lowercase(),
            });
            rest = after.get(end + 1..).unwrap_or("");
        } else if rest.starts_with('<') && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic())
        {
            let (name, attributes, after) = parse_tag(&rest[1..]);
            rest = after;
            if name == "script" || name == "style" {
                let close = format!("</{name}");
                rest = rest.find(&close).map_or("", |end| &rest[end..]);
            }
            tokens.push(Token::Tag { name, attributes });
        } else {
            // Text runs to the next `<` after its first character (which may
            // be a stray `<` or a multi-byte character).
            let first = rest.chars().next().map_or(1, char::len_utf8);
            let end = rest[first..].find('<').map_or(rest.len(), |i| i + first);
            tokens.push(Token::Text(&rest[..end]));
            rest = &rest[end..];
        }
    }
    tokens
}

/// Parses `name attr="value" ...>` and returns what follows the `>`.
fn parse_tag(text: &str) -> (String, Vec<(String, String)>, &str) {
    let name_end = text
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(text.len());
    let name = text[..name_end].to_ascii_lowercase();
    let mut rest = &text[name_end..];
    let mut attributes = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return (name, attributes, rest);
        }
        if let Some(after) = rest.strip_prefix('>') {
            return (name, attributes, after);
        }
        let key_end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let key = rest[..key_end].to_ascii_lowercase();
        rest = rest[key_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (raw, remaining) = match after.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let end = body.find(quote).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = decode_entities(raw);
            rest = remaining;
        }
        if key.is_empty() {
            rest = rest.get(1..).unwrap_or("");
        } else {
            attributes.push((key, value));
        }
    }
}

/// Decodes the few entities mdBook and KaTeX write in attributes and text.
pub fn decode_entities(text: &str) -> String {
    // Most attribute values (KaTeX's classes and styles) hold no entity.
    if !text.contains('&') {
        return text.to_owned();
    }
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_attributes_text_and_skipped_parts() {
        let html = "<!DOCTYPE html><!-- c --><p class=\"a b\" hidden>Hi &amp; <img src='x.svg' alt=\"A &quot;B&quot;\"/></p><script>if (a < b) {}</script><br>";
        let tokens = tokenize(html);
        assert_eq!(
            tokens[0],
            Token::Tag {
                name: "p".into(),
                attributes: vec![
                    ("class".into(), "a b".into()),
                    ("hidden".into(), String::new())
                ]
            }
        );
        assert_eq!(tokens[1], Token::Text("Hi &amp; "));
        assert_eq!(tokens[2].attribute("src"), Some("x.svg"));
        assert_eq!(tokens[2].attribute("alt"), Some("A \"B\""));
        assert_eq!(tokens[3], Token::End { name: "p".into() });
        assert_eq!(
            tokens[4],
            Token::Tag {
                name: "script".into(),
                attributes: vec![]
            }
        );
        assert_eq!(
            tokens[5],
            Token::End {
                name: "script".into()
            }
        );
        assert_eq!(
            tokens[6],
            Token::Tag {
                name: "br".into(),
                attributes: vec![]
            }
        );
        assert_eq!(tokens.len(), 7);
    }
}
