//! The `{{#figure name}}` directive: replaced by the figure's image, with the
//! alt text and caption from the figure registry, so a figure's words live in
//! one place next to the code that draws it.

use std::path::Path;
use std::sync::LazyLock;

use figures::Layout;
use mdbook_driver::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use regex::Regex;

use crate::problem::{self, Problem, line_of};
use crate::project;

static FIGURE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{#figure\s+([^}\s]*)\s*\}\}").expect("valid regex"));

/// The names of the figures `content` shows, with their line numbers.
pub fn figure_names(content: &str) -> Vec<(String, usize)> {
    FIGURE
        .captures_iter(content)
        .map(|captures| {
            (
                captures[1].to_owned(),
                line_of(content, captures.get(0).map_or(0, |m| m.start())),
            )
        })
        .collect()
}

/// `content` with every figure directive replaced by its HTML. `chapter` is
/// the chapter's path inside the book's sources; `figures_dir` holds the
/// rendered SVG files.
pub fn expand(
    chapter: &Path,
    content: &str,
    src: &Path,
    figures_dir: &Path,
) -> Result<String, Vec<Problem>> {
    let mut problems = Vec::new();
    let to_root = project::path_to_root(chapter);
    let expanded = FIGURE.replace_all(content, |captures: &regex::Captures<'_>| {
        let name = &captures[1];
        let line = line_of(content, captures.get(0).map_or(0, |m| m.start()));
        match figure_html(name, chapter, &to_root, figures_dir) {
            Ok(html) => html,
            Err(why) => {
                problems.push(Problem::new(&src.join(chapter), line, why));
                String::new()
            }
        }
    });
    if problems.is_empty() {
        Ok(expanded.into_owned())
    } else {
        Err(problems)
    }
}

fn figure_html(
    name: &str,
    chapter: &Path,
    to_root: &str,
    figures_dir: &Path,
) -> Result<String, String> {
    let figure = figures::find(name).ok_or_else(|| {
        format!("no figure is called `{name}`: add it to the registry in crates/figures/src/lib.rs")
    })?;
    if Path::new(figure.chapter) != chapter {
        return Err(format!(
            "figure `{name}` is registered for {}, not this chapter",
            figure.chapter
        ));
    }
    let size_of = |layout: Layout| -> Result<(u32, u32), String> {
        let file = figures_dir.join(figure.file_name(layout));
        let svg = fs_err::read_to_string(&file).map_err(|error| {
            format!(
                "figure `{name}` has not been rendered ({}: {error}); run `cargo xtask build-book`",
                project::display(&file)
            )
        })?;
        svg_size(&svg).ok_or_else(|| format!("{} has no width and height", project::display(&file)))
    };
    let (width, height) = size_of(Layout::Wide)?;
    let (narrow_width, narrow_height) = size_of(Layout::Narrow)?;
    let words = figure.words().map_err(|error| error.to_string())?;
    let (opening, control) = match figure.control() {
        None => ("<figure class=\"figure\">".to_owned(), String::new()),
        Some(control) => (
            format!(
                "<figure class=\"figure explorable\" data-states=\"{to_root}figures/{states}\" data-narrow-states=\"{to_root}figures/{narrow_states}\">",
                states = figure.states_file_name(Layout::Wide),
                narrow_states = figure.states_file_name(Layout::Narrow),
            ),
            control_html(figure.name, control, &words.value),
        ),
    };
    // The browser picks the narrow drawing on a phone; print and the PDF,
    // laid out on an A4 page, get the wide one.
    Ok(format!(
        "{opening}\n<picture>\n<source media=\"{media}\" srcset=\"{to_root}figures/{narrow}\" width=\"{narrow_width}\" height=\"{narrow_height}\">\n<img src=\"{to_root}figures/{wide}\" alt=\"{alt}\" width=\"{width}\" height=\"{height}\" loading=\"lazy\">\n</picture>\n{control}<figcaption>{caption}</figcaption>\n</figure>",
        media = figures::NARROW_MEDIA,
        narrow = figure.file_name(Layout::Narrow),
        wide = figure.file_name(Layout::Wide),
        alt = escape_html(&words.alt),
        caption = escape_html(&words.caption),
    ))
}

/// An explorable figure's control: a labelled slider through its states,
/// a Play button, and its state in numbers, announced as it changes. It is
/// hidden until `theme/explorable.js` brings it to life, so that without
/// scripts (and in print) the figure is its first state, still.
fn control_html(name: &str, control: &figures::Control, value: &str) -> String {
    let id = format!("explore-{name}");
    format!(
        "<div class=\"explorable-control\" hidden>\n<label for=\"{id}\">{label}</label>\n<input type=\"range\" id=\"{id}\" min=\"0\" max=\"{max}\" step=\"1\" value=\"{initial}\" aria-valuetext=\"{value}\">\n<button type=\"button\" class=\"explorable-play\" aria-pressed=\"false\">Play</button>\n<p class=\"explorable-value\" aria-live=\"polite\">{value}</p>\n</div>\n",
        label = escape_html(control.label),
        max = control.states - 1,
        initial = control.initial,
        value = escape_html(value),
    )
}

/// The `width` and `height` of an SVG's root element.
fn svg_size(svg: &str) -> Option<(u32, u32)> {
    let root = &svg[svg.find("<svg")?..];
    let root = &root[..root.find('>')?];
    let attribute = |name: &str| -> Option<u32> {
        let start = root.find(&format!(" {name}=\""))? + name.len() + 3;
        root[start..].split('"').next()?.parse().ok()
    };
    Some((attribute("width")?, attribute("height")?))
}

/// Text made safe to put in an HTML attribute or element.
pub fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Expands `{{#figure}}` directives for the HTML renderer.
pub struct FigureDirective;

impl Preprocessor for FigureDirective {
    fn name(&self) -> &str {
        "figure"
    }

    fn supports_renderer(&self, renderer: &str) -> anyhow::Result<bool> {
        Ok(renderer == "html")
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> anyhow::Result<Book> {
        let src = ctx.root.join(&ctx.config.book.src);
        let figures_dir = src.join(project::FIGURES_FOLDER);
        let mut problems = Vec::new();
        book.for_each_mut(|item| {
            if let BookItem::Chapter(chapter) = item
                && let Some(path) = &chapter.path
            {
                match expand(path, &chapter.content, &src, &figures_dir) {
                    Ok(content) => chapter.content = content,
                    Err(found) => problems.extend(found),
                }
            }
        });
        problem::report("figures", problems)?;
        Ok(book)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_svg_size() {
        assert_eq!(
            svg_size("<svg width=\"720\" height=\"340\" viewBox=\"0 0 720 340\">"),
            Some((720, 340))
        );
        assert_eq!(svg_size("<svg viewBox=\"0 0 1 1\">"), None);
    }

    #[test]
    fn unknown_and_misplaced_figures_are_problems() {
        let dir = std::env::temp_dir();
        let text = "a\n{{#figure no-such-figure}}\n";
        let problems = expand(Path::new("ch01-vectors.md"), text, &dir, &dir).unwrap_err();
        assert_eq!(problems[0].line, 2);
        assert!(
            problems[0]
                .message
                .contains("no figure is called `no-such-figure`")
        );
        let problems =
            expand(Path::new("ch02.md"), "{{#figure unit-circles}}", &dir, &dir).unwrap_err();
        assert!(
            problems[0]
                .message
                .contains("registered for ch01-vectors.md")
        );
    }

    #[test]
    fn expands_to_an_image_with_alt_text_and_caption() {
        let dir = std::env::temp_dir().join(format!("xtask-figure-{}", std::process::id()));
        fs_err::create_dir_all(&dir).unwrap();
        fs_err::write(
            dir.join("unit-circles.svg"),
            "<svg width=\"420\" height=\"400\">",
        )
        .unwrap();
        fs_err::write(
            dir.join("unit-circles.narrow.svg"),
            "<svg width=\"360\" height=\"380\">",
        )
        .unwrap();
        let html = expand(
            Path::new("ch01-vectors.md"),
            "x {{#figure unit-circles}} y",
            &dir,
            &dir,
        )
        .unwrap();
        let words = figures::find("unit-circles").unwrap().words().unwrap();
        assert!(html.contains("src=\"figures/unit-circles.svg\""), "{html}");
        assert!(
            html.contains("srcset=\"figures/unit-circles.narrow.svg\""),
            "{html}"
        );
        assert!(html.contains(&format!("alt=\"{}\"", escape_html(&words.alt))));
        assert!(html.contains("width=\"420\" height=\"400\""));
        assert!(html.contains("width=\"360\" height=\"380\""));
        assert!(!html.contains("explorable"), "{html}");
        fs_err::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_explorable_figure_gets_its_control_and_states() {
        let dir = std::env::temp_dir().join(format!("xtask-explorable-{}", std::process::id()));
        fs_err::create_dir_all(&dir).unwrap();
        for file in ["secant-slider.svg", "secant-slider.narrow.svg"] {
            fs_err::write(dir.join(file), "<svg width=\"360\" height=\"380\">").unwrap();
        }
        let html = expand(
            Path::new("ch03-derivatives.md"),
            "{{#figure secant-slider}}",
            &dir,
            &dir,
        )
        .unwrap();
        let figure = figures::find("secant-slider").unwrap();
        let control = figure.control().unwrap();
        let words = figure.words().unwrap();
        assert!(
            html.contains("data-states=\"figures/secant-slider.states.json\""),
            "{html}"
        );
        assert!(
            html.contains(&format!("max=\"{}\"", control.states - 1)),
            "{html}"
        );
        assert!(
            html.contains(&format!("value=\"{}\"", control.initial)),
            "{html}"
        );
        assert!(
            html.contains(&format!("aria-valuetext=\"{}\"", escape_html(&words.value))),
            "{html}"
        );
        assert!(
            html.contains(&format!(">{}</label>", control.label)),
            "{html}"
        );
        assert!(
            html.contains("<div class=\"explorable-control\" hidden>"),
            "{html}"
        );
        fs_err::remove_dir_all(&dir).unwrap();
    }
}
