//! The book's figures: one drawing function per figure, and the registry that
//! lists them all with the chapter that shows them and their alt text.
//! Some figures are explorable: the reader moves a control through states
//! that are all computed and drawn here, at build time ([`Control`]).
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
mod prose;
mod style;

use std::collections::HashMap;
use std::fmt;
use std::sync::{LazyLock, Mutex, MutexGuard, PoisonError};

/// The most bytes one figure's SVG may take (a 500-point scatter is about
/// that); `tests/size.rs` holds every figure to it.
pub const SIZE_BUDGET_BYTES: usize = 60_000;

/// The fewest words an image's alt text may have: it must say what the
/// picture shows, in a sentence or more. The tidy tests hold the registry
/// to it and the browser checks every image of every page.
pub const MIN_ALT_WORDS: usize = 8;

/// The smallest text a figure may show, in CSS pixels as the browser
/// renders it: the browser checks measure every figure at a phone's 375 px
/// and a desktop's 1280 px against it.
pub const MIN_TEXT_PX: f64 = 11.0;

/// The media query under which a page shows a figure's narrow layout: a
/// screen narrower than 760 px. Above it the book's column is at least
/// 680 px wide, so a wide layout (at most [`Layout::WIDE_MAX`] wide) keeps
/// its text at [`MIN_TEXT_PX`] or more; print and the PDF, laid out on an A4
/// page, always take the wide one.
pub const NARROW_MEDIA: &str = "screen and (max-width: 760px)";

/// The two shapes every figure is drawn in, from the same code and data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// For a desktop column and the PDF: at most [`Layout::WIDE_MAX`] pixels
    /// wide, so it is shown at its own size and its text never shrinks.
    Wide,
    /// For a phone: at most [`Layout::NARROW_MAX`] pixels wide, so that at a
    /// 375 px screen it is shown at its own size too; taller, with panels
    /// stacked and fewer ticks.
    Narrow,
}

impl Layout {
    /// Both layouts, wide first.
    pub const ALL: [Layout; 2] = [Layout::Wide, Layout::Narrow];
    /// The widest a wide layout may be: the book's column is 750 px.
    pub const WIDE_MAX: u32 = 720;
    /// The widest a narrow layout may be: a 375 px phone's column, less
    /// the page's padding and the figure's border.
    pub const NARROW_MAX: u32 = 360;

    /// The widest a canvas in this layout may be.
    pub fn max_width(self) -> u32 {
        match self {
            Layout::Wide => Layout::WIDE_MAX,
            Layout::Narrow => Layout::NARROW_MAX,
        }
    }

    /// `wide` or `narrow`, whichever this layout is.
    pub fn pick<T>(self, wide: T, narrow: T) -> T {
        match self {
            Layout::Wide => wide,
            Layout::Narrow => narrow,
        }
    }

    /// How this layout's file name ends, before `.svg`.
    fn file_suffix(self) -> &'static str {
        self.pick("", ".narrow")
    }
}

/// What a figure says in words, built from the same values that place its
/// drawn labels, so the words cannot describe another picture.
///
/// `tests/words.rs` holds every number in `alt` and `caption` to appear in
/// the drawing's text or in `shown`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Words {
    /// What the figure shows, for readers who cannot see it.
    pub alt: String,
    /// A one-line caption printed under the figure.
    pub caption: String,
    /// Numbers the figure shows without printing them (a dot's coordinates,
    /// where a curve ends, a ratio of two printed numbers), formatted as
    /// the words print them.
    pub shown: Vec<String>,
    /// An explorable figure's state in numbers, as the page shows it beside
    /// the control, gives it as the control's `aria-valuetext` and
    /// announces it (`h = 0.5: secant slope 6.5`); empty for a still figure.
    pub value: String,
}

impl Words {
    /// Records `text`, a number the figure shows without printing it, and
    /// returns it for the words to use.
    pub fn shows(&mut self, text: impl Into<String>) -> String {
        let text = text.into();
        self.shown.push(text.clone());
        text
    }
}

/// One figure of the book.
pub struct Figure {
    /// The figure's name: its files are `figures/<name>.svg` (wide) and
    /// `figures/<name>.narrow.svg`, and a chapter shows it with
    /// `{{#figure <name>}}`.
    pub name: &'static str,
    /// The chapter source file (relative to `book/`) that shows the figure.
    pub chapter: &'static str,
    /// How the figure is drawn: still, or at each state of its control.
    pub draw: Draw,
}

/// How a figure is drawn.
pub enum Draw {
    /// A still figure: draws into the SVG string in the layout given and
    /// returns the words, which must not depend on the layout.
    Still(fn(Layout, &mut String) -> Result<Words, DrawError>),
    /// An explorable figure: the reader moves its control through states.
    Explorable(Control),
}

/// The control of an explorable figure: a slider through `states` states,
/// each drawn here, at build time; the page's script only chooses which
/// drawing to show. Its state [`Control::initial`] is the figure a reader
/// without the control sees: in print, in the PDF, without scripts.
pub struct Control {
    /// The control's label, naming what it changes (`Step h`).
    pub label: &'static str,
    /// How many states the control moves through, 0 to `states − 1`.
    pub states: usize,
    /// The state shown before the reader touches the control.
    pub initial: usize,
    /// Draws state `state` in a layout; its words, [`Words::value`] among
    /// them, must not depend on the layout.
    pub draw: fn(usize, Layout, &mut String) -> Result<Words, DrawError>,
}

/// One layout of a figure, drawn.
pub struct Drawing {
    pub svg: String,
    pub words: Words,
}

impl Figure {
    /// The file name of the figure's `layout`, inside the figures folder.
    pub fn file_name(&self, layout: Layout) -> String {
        format!("{}{}.svg", self.name, layout.file_suffix())
    }

    /// The file holding every state of an explorable figure in `layout`,
    /// inside the figures folder: fetched when the reader first moves the
    /// control.
    pub fn states_file_name(&self, layout: Layout) -> String {
        format!("{}{}.states.json", self.name, layout.file_suffix())
    }

    /// Every state of the figure in every layout, in that order.
    pub fn drawings(&self) -> impl Iterator<Item = (usize, Layout)> {
        (0..self.states()).flat_map(|state| Layout::ALL.map(|layout| (state, layout)))
    }

    /// How messages name one drawing: its file, and its state if the figure
    /// is explorable (`secant-slider.narrow.svg, state 3`).
    pub fn drawing_name(&self, state: usize, layout: Layout) -> String {
        match self.control() {
            None => self.file_name(layout),
            Some(_) => format!("{}, state {state}", self.file_name(layout)),
        }
    }

    /// The figure's control, if it is explorable.
    pub fn control(&self) -> Option<&Control> {
        match &self.draw {
            Draw::Still(_) => None,
            Draw::Explorable(control) => Some(control),
        }
    }

    /// How many states the figure has: one for a still figure.
    pub fn states(&self) -> usize {
        self.control().map_or(1, |control| control.states)
    }

    /// The state shown first: for an explorable figure, its still picture.
    pub fn initial_state(&self) -> usize {
        self.control().map_or(0, |control| control.initial)
    }

    /// Draws the figure in `layout` at its first state; fails if the
    /// canvas is wider than the layout allows.
    pub fn render(&self, layout: Layout) -> Result<Drawing, DrawError> {
        self.render_state(self.initial_state(), layout)
    }

    /// Draws state `state` of the figure in `layout` (a still figure has
    /// only state 0); fails if there is no such state, if the canvas is
    /// wider than the layout allows, or if an explorable state has no value.
    pub fn render_state(&self, state: usize, layout: Layout) -> Result<Drawing, DrawError> {
        let failed = |why: String| DrawError(format!("figure `{}`: {why}", self.name));
        if state >= self.states() {
            return Err(failed(format!(
                "it has {} state(s), no state {state}",
                self.states()
            )));
        }
        let mut svg = String::new();
        let words = match &self.draw {
            Draw::Still(draw) => draw(layout, &mut svg),
            Draw::Explorable(control) => (control.draw)(state, layout, &mut svg),
        }
        .map_err(|error| match self.control() {
            None => failed(error.0),
            Some(_) => failed(format!("state {state}: {}", error.0)),
        })?;
        let width = style::svg_width(&svg).unwrap_or(u32::MAX);
        if width > layout.max_width() {
            return Err(failed(format!(
                "its {layout:?} layout (state {state}) is {width} px wide, more than the {} px it may take",
                layout.max_width()
            )));
        }
        if self.control().is_some() && words.value.is_empty() {
            return Err(failed(format!(
                "state {state} has no value: an explorable figure's words say its state in numbers (`Words::value`)"
            )));
        }
        if layout == Layout::Wide && state == self.initial_state() {
            drawn_words().insert(self.name, words.clone());
        }
        Ok(Drawing { svg, words })
    }

    /// The figure's words at its first state: those of its last wide
    /// drawing there in this process,
    /// or of a new one (a build draws every figure, then expands every
    /// `{{#figure}}` directive: the words are not computed twice).
    pub fn words(&self) -> Result<Words, DrawError> {
        if let Some(words) = drawn_words().get(self.name) {
            return Ok(words.clone());
        }
        Ok(self.render(Layout::Wide)?.words)
    }
}

/// The words of each figure drawn in the wide layout so far.
fn drawn_words() -> MutexGuard<'static, HashMap<&'static str, Words>> {
    static DRAWN: LazyLock<Mutex<HashMap<&'static str, Words>>> = LazyLock::new(Mutex::default);
    DRAWN.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Why a figure could not be drawn.
#[derive(Debug)]
pub struct DrawError(String);

impl DrawError {
    /// An error that says `why`.
    pub fn new(why: impl Into<String>) -> Self {
        DrawError(why.into())
    }
}

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
