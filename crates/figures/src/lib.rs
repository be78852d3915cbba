//! The book's figures: one drawing function per figure, and the registry that
//! lists them all with the chapter that shows them and their alt text.
//!
//! Every figure is computed from `mlmath`, so a picture always shows what the
//! code in the chapter computes. Drawing is into a string (plotters'
//! `SVGBackend`), with no fonts, clocks or unseeded randomness involved, so
//! the same source always gives byte-identical SVG.

mod ch01_vectors;
mod ch02_matrices;
mod ch03_derivatives;
mod ch04_gradients;
mod ch05_stats;
mod ch06_loss;
mod style;

use std::fmt;

/// The most bytes one figure's SVG may take (a 500-point scatter is about
/// that); `tests/size.rs` holds every figure to it.
pub const SIZE_BUDGET_BYTES: usize = 60_000;

/// The fewest words an image's alt text may have: it must say what the
/// picture shows, in a sentence or more. The tidy tests hold the registry
/// to it and the browser checks every image of every page.
pub const MIN_ALT_WORDS: usize = 8;

/// One figure of the book.
pub struct Figure {
    /// The figure's name: its file is `figures/<name>.svg` and a chapter
    /// shows it with `{{#figure <name>}}`.
    pub name: &'static str,
    /// The chapter source file (relative to `book/`) that shows the figure.
    pub chapter: &'static str,
    /// What the figure shows, for readers who cannot see it.
    pub alt: &'static str,
    /// A one-line caption printed under the figure.
    pub caption: &'static str,
    draw: fn(&mut String) -> Result<(), DrawError>,
}

impl Figure {
    /// The file name the figure is written to, inside the figures folder.
    pub fn file_name(&self) -> String {
        format!("{}.svg", self.name)
    }

    /// Draws the figure and returns its SVG text.
    pub fn render(&self) -> Result<String, DrawError> {
        let mut svg = String::new();
        (self.draw)(&mut svg)
            .map_err(|error| DrawError(format!("figure `{}`: {}", self.name, error.0)))?;
        Ok(svg)
    }
}

/// Why a figure could not be drawn.
#[derive(Debug)]
pub struct DrawError(String);

impl fmt::Display for DrawError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DrawError {}

impl<E: std::error::Error + Send + Sync> From<plotters::drawing::DrawingAreaErrorKind<E>>
    for DrawError
{
    fn from(error: plotters::drawing::DrawingAreaErrorKind<E>) -> Self {
        DrawError(error.to_string())
    }
}

/// Each chapter's figures, in chapter order.
const CHAPTERS: &[&[Figure]] = &[
    ch01_vectors::FIGURES,
    ch02_matrices::FIGURES,
    ch03_derivatives::FIGURES,
    ch04_gradients::FIGURES,
    ch05_stats::FIGURES,
    ch06_loss::FIGURES,
];

/// Every figure of the book, in chapter order.
pub fn registry() -> impl Iterator<Item = &'static Figure> {
    CHAPTERS.iter().flat_map(|figures| figures.iter())
}

/// The figure called `name`, if there is one.
pub fn find(name: &str) -> Option<&'static Figure> {
    registry().find(|figure| figure.name == name)
}
