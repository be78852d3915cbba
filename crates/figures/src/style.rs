//! The look shared by every figure: palette, fonts, and a coordinate plane
//! with equal units on both axes, plus arrows and labels drawn on it.
//!
//! Figures sit on an opaque white card with dark ink, so they read the same
//! in every mdBook theme, light or dark. The palette is Okabe–Ito, which
//! stays distinguishable for readers with colour-vision deficiencies.

use std::ops::Range;

use mlmath::vectors::{norm_l2, normalize};
use ndarray::array;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::prose::short;
use crate::{DrawError, Layout};

pub const INK: RGBColor = RGBColor(0x1f, 0x23, 0x28);
pub const MUTED: RGBColor = RGBColor(0x57, 0x60, 0x6a);
/// Grid lines are decoration: they may be faint.
pub const GRID: RGBColor = RGBColor(0xd8, 0xde, 0xe4);
// Okabe–Ito hues, darkened where needed so that text in them keeps a 4.5:1
// contrast with the white card (tests/legibility.rs checks it).
pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xb2);
pub const ORANGE: RGBColor = RGBColor(0xa8, 0x60, 0x00);
pub const VERMILLION: RGBColor = RGBColor(0xc0, 0x39, 0x2b);
pub const GREEN: RGBColor = RGBColor(0x00, 0x79, 0x5a);
pub const PURPLE: RGBColor = RGBColor(0x9e, 0x3f, 0x7a);

const MARGIN: u32 = 14;
const X_LABEL_AREA: u32 = 26;
const Y_LABEL_AREA: u32 = 48;
const ARROW_HEAD_PX: f64 = 11.0;
/// Room for an axis name beside the tick labels, on free-aspect planes.
const DESC_AREA: u32 = 22;
/// The least room a tick label gets along each axis, in pixels: with a
/// 12 px font, enough for a number of five or six characters across and
/// for clear space between numbers stacked up the y axis.
const PX_PER_X_TICK: u32 = 52;
const PX_PER_Y_TICK: u32 = 36;

pub type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Chart<'a> = ChartContext<'a, SVGBackend<'a>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

// plotters writes an SVG font size of `size / 1.24`, so these are chosen
// for 16 px titles, 14.5 px labels and 12 px tick marks on screen.
const TITLE_SIZE: f64 = 20.0;
const LABEL_SIZE: f64 = 18.0;
const TICK_SIZE: f64 = 15.0;

/// Text in the figures' one font family.
fn font(size: f64, color: RGBColor) -> TextStyle<'static> {
    ("sans-serif", size).into_font().color(&color)
}

/// Bold text, for labels drawn on the plane.
fn bold(size: f64, color: RGBColor) -> TextStyle<'static> {
    ("sans-serif", size, FontStyle::Bold)
        .into_font()
        .color(&color)
}

/// A white canvas of `width` × `height` pixels drawing into `svg`.
pub fn canvas(svg: &mut String, width: u32, height: u32) -> Result<Area<'_>, DrawError> {
    let root = SVGBackend::with_string(svg, (width, height)).into_drawing_area();
    root.fill(&WHITE)?;
    Ok(root)
}

/// A coordinate plane: by default with x and y units of the same length on
/// screen, so that circles stay round and angles stay true ([`Plane::new`]);
/// or with each axis scaled to fit and named with its unit, for data whose
/// axes measure different things ([`Plane::free`]).
pub struct Plane<'a> {
    pub chart: Chart<'a>,
    /// How many x and y units one pixel spans.
    units_per_pixel: (f64, f64),
}

/// The names of a plane's axes, each with its unit where the quantity has
/// one, such as "area (square metres)". Every chart names both: a plane
/// with an empty name is not drawn.
pub struct AxisNames<'n> {
    pub x: &'n str,
    pub y: &'n str,
    /// Names for the x positions 0, 1, 2, … when x is a category (such as
    /// one bar per house) rather than a measurement; empty for numbers.
    pub x_categories: &'n [&'n str],
}

impl<'n> AxisNames<'n> {
    /// Names for two measured axes.
    pub fn new(x: &'n str, y: &'n str) -> Self {
        AxisNames {
            x,
            y,
            x_categories: &[],
        }
    }
}

impl<'a> Plane<'a> {
    /// A plane titled `title` filling `area`, showing at least `x` × `y`;
    /// the shorter side is widened (about its centre) to keep units equal.
    /// Its axes' `names` are written inside the plot, x's in the bottom-right
    /// corner and y's in the top-left.
    pub fn new(
        area: &Area<'a>,
        title: &str,
        x: Range<f64>,
        y: Range<f64>,
        names: AxisNames<'_>,
    ) -> Result<Self, DrawError> {
        check_names(&names)?;
        let area = area.titled(title, font(TITLE_SIZE, INK))?;
        let (plot_width, plot_height) = plot_size(&area, 0);
        let units_per_pixel = ((x.end - x.start) / plot_width).max((y.end - y.start) / plot_height);
        let x = widen(x, units_per_pixel * plot_width);
        let y = widen(y, units_per_pixel * plot_height);
        let mut plane = Self::build(
            &area,
            x,
            y,
            None,
            (Ticks::Plain, Ticks::Plain),
            (units_per_pixel, units_per_pixel),
        )?;
        plane.name_axes(names.x, names.y)?;
        Ok(plane)
    }

    /// A plane titled `title` filling `area`, showing exactly `x` × `y`,
    /// each axis stretched to fit and named (with its unit) by `names`.
    pub fn free(
        area: &Area<'a>,
        title: &str,
        x: Range<f64>,
        y: Range<f64>,
        names: AxisNames<'_>,
    ) -> Result<Self, DrawError> {
        Self::scaled(area, title, x, y, names, (Ticks::Plain, Ticks::Plain))
    }

    /// A free-aspect plane for quantities spanning many powers of ten: its
    /// coordinates are base-10 logarithms (x = -8 is 10⁻⁸), so `x_decades`
    /// and `y_decades` are ranges of exponents, and ticks read as powers.
    pub fn log_log(
        area: &Area<'a>,
        title: &str,
        x_decades: Range<f64>,
        y_decades: Range<f64>,
        names: AxisNames<'_>,
    ) -> Result<Self, DrawError> {
        let ticks = (Ticks::Powers, Ticks::Powers);
        Self::scaled(area, title, x_decades, y_decades, names, ticks)
    }

    /// Like [`Plane::log_log`] with a plain x axis: y is a base-10 logarithm
    /// (`y_decades` a range of exponents), for a quantity such as a loss that
    /// falls through many powers of ten as x goes on.
    pub fn log_y(
        area: &Area<'a>,
        title: &str,
        x: Range<f64>,
        y_decades: Range<f64>,
        names: AxisNames<'_>,
    ) -> Result<Self, DrawError> {
        let ticks = (Ticks::Plain, Ticks::Powers);
        Self::scaled(area, title, x, y_decades, names, ticks)
    }

    /// A free-aspect plane whose axes are labelled as `ticks` says.
    fn scaled(
        area: &Area<'a>,
        title: &str,
        x: Range<f64>,
        y: Range<f64>,
        names: AxisNames<'_>,
        ticks: (Ticks, Ticks),
    ) -> Result<Self, DrawError> {
        check_names(&names)?;
        let area = area.titled(title, font(TITLE_SIZE, INK))?;
        let (plot_width, plot_height) = plot_size(&area, DESC_AREA);
        let units_per_pixel = (
            (x.end - x.start) / plot_width,
            (y.end - y.start) / plot_height,
        );
        Self::build(&area, x, y, Some(&names), ticks, units_per_pixel)
    }

    /// The chart on the titled `area` with its grid and tick labels, and
    /// room for the axes' names when there are `names`.
    fn build(
        area: &Area<'a>,
        x: Range<f64>,
        y: Range<f64>,
        names: Option<&AxisNames<'_>>,
        ticks: (Ticks, Ticks),
        units_per_pixel: (f64, f64),
    ) -> Result<Self, DrawError> {
        let room = if names.is_some() { DESC_AREA } else { 0 };
        let spans = (x.clone(), y.clone());
        let mut chart = ChartBuilder::on(area)
            .margin(MARGIN)
            .x_label_area_size(X_LABEL_AREA + room)
            .y_label_area_size(Y_LABEL_AREA + room)
            .build_cartesian_2d(x, y)?;
        let categories = names.map_or(&[][..], |names| names.x_categories);
        let y_ticks = |v: &f64| ticks.1.label(*v);
        let x_ticks = |v: &f64| {
            if categories.is_empty() {
                ticks.0.label(*v)
            } else {
                let index = v.round();
                let name = (index >= 0.0 && (v - index).abs() < 1e-9)
                    .then(|| categories.get(index as usize))
                    .flatten();
                name.map_or_else(String::new, |name| (*name).to_owned())
            }
        };
        // As many ticks as fit with room to read them: a narrow layout gets
        // fewer, not smaller, numbers.
        let (plot_width, plot_height) = chart.plotting_area().dim_in_pixel();
        let x_tick_count = (plot_width / PX_PER_X_TICK).max(2) as usize;
        let y_tick_count = (plot_height / PX_PER_Y_TICK).max(2) as usize;
        let mut mesh = chart.configure_mesh();
        mesh.x_labels(x_tick_count)
            .y_labels(y_tick_count)
            .max_light_lines(0)
            .bold_line_style(GRID)
            .axis_style(MUTED)
            .label_style(font(TICK_SIZE, MUTED))
            .x_label_formatter(&x_ticks)
            .y_label_formatter(&y_ticks);
        if let Some(names) = names {
            mesh.axis_desc_style(font(LABEL_SIZE, INK))
                .x_desc(names.x)
                .y_desc(names.y);
        }
        // Ticks on powers of ten (plotters' own choice can land between
        // them, where 10^x is no round number), at most 9 to stay legible:
        // plotters then steps by whole decades.
        let decades = |r: &Range<f64>| ((r.end.floor() - r.start.ceil()) as usize + 1).min(9);
        if ticks.0 == Ticks::Powers {
            mesh.x_labels(decades(&spans.0));
        }
        if ticks.1 == Ticks::Powers {
            mesh.y_labels(decades(&spans.1));
        }
        if !categories.is_empty() {
            // With x from -0.5 to count - 0.5, `count` ticks fall on 0, 1, 2, …
            mesh.x_labels(categories.len()).disable_x_mesh();
        }
        mesh.draw()?;
        Ok(Plane {
            chart,
            units_per_pixel,
        })
    }

    /// Names for the axes of an equal-unit plane (which has no room for
    /// them beside its ticks): x's in the bottom-right corner, y's in the
    /// top-left, inside the plot.
    fn name_axes(&mut self, x_name: &str, y_name: &str) -> Result<(), DrawError> {
        let (x, y) = (self.chart.x_range(), self.chart.y_range());
        // About 9 pixels per character at the label size.
        let width = 9 * x_name.chars().count() as i32 + 6;
        self.note(x_name, (x.end, y.start), (-width, -26), INK)?;
        self.note(y_name, (x.start, y.end), (8, 4), INK)
    }

    /// Darker lines along x = 0 and y = 0, when they are in view.
    pub fn draw_origin_axes(&mut self) -> Result<(), DrawError> {
        let (x, y) = (self.chart.x_range(), self.chart.y_range());
        let style = MUTED.stroke_width(1);
        if y.start <= 0.0 && 0.0 <= y.end {
            self.chart.draw_series(std::iter::once(PathElement::new(
                vec![(x.start, 0.0), (x.end, 0.0)],
                style,
            )))?;
        }
        if x.start <= 0.0 && 0.0 <= x.end {
            self.chart.draw_series(std::iter::once(PathElement::new(
                vec![(0.0, y.start), (0.0, y.end)],
                style,
            )))?;
        }
        Ok(())
    }

    /// An arrow from `from` to `to`, its head a fixed size on screen.
    pub fn arrow(
        &mut self,
        from: (f64, f64),
        to: (f64, f64),
        color: RGBColor,
    ) -> Result<(), DrawError> {
        // The head is shaped in pixels, then mapped back to each axis's units,
        // so it looks the same whatever the aspect.
        let (ux, uy) = self.units_per_pixel;
        let shaft = array![(to.0 - from.0) / ux, (to.1 - from.1) / uy];
        if norm_l2(&shaft) <= ARROW_HEAD_PX {
            return Ok(());
        }
        let along = normalize(&shaft);
        let across = array![-along[1], along[0]];
        let base = (
            to.0 - ARROW_HEAD_PX * along[0] * ux,
            to.1 - ARROW_HEAD_PX * along[1] * uy,
        );
        let half = ARROW_HEAD_PX * 0.45;
        let wing = |side: f64| {
            (
                base.0 + side * half * across[0] * ux,
                base.1 + side * half * across[1] * uy,
            )
        };
        self.chart.draw_series(std::iter::once(PathElement::new(
            vec![from, base],
            color.stroke_width(3),
        )))?;
        self.chart.draw_series(std::iter::once(Polygon::new(
            vec![to, wing(1.0), wing(-1.0)],
            color.filled(),
        )))?;
        Ok(())
    }

    /// A filled dot at `at`.
    pub fn dot(&mut self, at: (f64, f64), color: RGBColor) -> Result<(), DrawError> {
        self.chart
            .draw_series(std::iter::once(Circle::new(at, 5, color.filled())))?;
        Ok(())
    }

    /// A yes/no answer at `at`, told apart by shape as well as colour: a
    /// green circle for yes, a red triangle for no.
    pub fn answer(&mut self, at: (f64, f64), yes: bool) -> Result<(), DrawError> {
        if yes {
            self.chart
                .draw_series(std::iter::once(Circle::new(at, 6, GREEN.filled())))?;
        } else {
            self.chart.draw_series(std::iter::once(TriangleMarker::new(
                at,
                8,
                VERMILLION.filled(),
            )))?;
        }
        Ok(())
    }

    /// A dashed line from `from` to `to`.
    pub fn dashed(
        &mut self,
        from: (f64, f64),
        to: (f64, f64),
        color: RGBColor,
    ) -> Result<(), DrawError> {
        let style = color.stroke_width(2);
        self.chart
            .draw_series(DashedLineSeries::new(vec![from, to], 6, 4, style))?;
        Ok(())
    }

    /// A polyline through `points`.
    ///
    /// Only the points a reader can see are drawn: one within half a pixel
    /// of the line between the points kept around it changes nothing on
    /// screen and is left out, which keeps smooth curves' SVG small.
    pub fn line(
        &mut self,
        points: Vec<(f64, f64)>,
        color: RGBColor,
        width: u32,
    ) -> Result<(), DrawError> {
        let on_canvas: Vec<(i32, i32)> = points
            .iter()
            .map(|point| self.chart.backend_coord(point))
            .collect();
        let keep = visible_points(&on_canvas, 0.5);
        let points = points
            .into_iter()
            .zip(keep)
            .filter_map(|(point, kept)| kept.then_some(point));
        self.chart.draw_series(std::iter::once(PathElement::new(
            points.collect::<Vec<_>>(),
            color.stroke_width(width),
        )))?;
        Ok(())
    }

    /// Bold `text` with its top-left corner at `at`, nudged by `offset`
    /// pixels.
    pub fn label(
        &mut self,
        text: &str,
        at: (f64, f64),
        offset: (i32, i32),
        color: RGBColor,
    ) -> Result<(), DrawError> {
        self.text(text, at, offset, bold(LABEL_SIZE, color))
    }

    /// `text` in regular weight, placed like [`Plane::label`]: for notes that
    /// should not compete with labels.
    pub fn note(
        &mut self,
        text: &str,
        at: (f64, f64),
        offset: (i32, i32),
        color: RGBColor,
    ) -> Result<(), DrawError> {
        self.text(text, at, offset, font(LABEL_SIZE, color))
    }

    fn text(
        &mut self,
        text: &str,
        at: (f64, f64),
        offset: (i32, i32),
        style: TextStyle<'static>,
    ) -> Result<(), DrawError> {
        let element = EmptyElement::at(at) + Text::new(text.to_owned(), offset, style);
        self.chart.draw_series(std::iter::once(element))?;
        Ok(())
    }

    /// The graph of `f` across the plane's whole x range, as a smooth line.
    pub fn function(
        &mut self,
        f: impl Fn(f64) -> f64,
        color: RGBColor,
        width: u32,
    ) -> Result<(), DrawError> {
        let x = self.chart.x_range();
        self.function_between(f, x, color, width)
    }

    /// The graph of `f` for x in `span` only.
    pub fn function_between(
        &mut self,
        f: impl Fn(f64) -> f64,
        span: Range<f64>,
        color: RGBColor,
        width: u32,
    ) -> Result<(), DrawError> {
        // 120 pieces look smooth at figure sizes and keep the SVG small.
        const PIECES: usize = 120;
        let step = (span.end - span.start) / PIECES as f64;
        let points = (0..=PIECES)
            .map(|i| {
                let x = span.start + step * i as f64;
                (x, f(x))
            })
            .collect();
        self.clipped_line(points, color, width)
    }

    /// A dashed polyline through `points`, cut where it leaves the plane.
    pub fn clipped_dashed(
        &mut self,
        points: Vec<(f64, f64)>,
        color: RGBColor,
    ) -> Result<(), DrawError> {
        let (x, y) = (self.chart.x_range(), self.chart.y_range());
        let inside = |v: f64, r: &Range<f64>| r.start <= v && v <= r.end;
        let visible: Vec<(f64, f64)> = points
            .into_iter()
            .filter(|p| inside(p.0, &x) && inside(p.1, &y))
            .collect();
        if visible.len() > 1 {
            let style = color.stroke_width(2);
            self.chart
                .draw_series(DashedLineSeries::new(visible, 6, 4, style))?;
        }
        Ok(())
    }

    /// A polyline through `points`, cut where it leaves the plane rather
    /// than squashed flat along its edge (as plotters would draw it): each
    /// piece inside runs right up to the edge it crosses.
    pub fn clipped_line(
        &mut self,
        points: Vec<(f64, f64)>,
        color: RGBColor,
        width: u32,
    ) -> Result<(), DrawError> {
        let (x, y) = (self.chart.x_range(), self.chart.y_range());
        let inside =
            |p: (f64, f64)| x.start <= p.0 && p.0 <= x.end && y.start <= p.1 && p.1 <= y.end;
        let mut visible = Vec::new();
        let mut last: Option<(f64, f64)> = None;
        for point in points {
            match (last.filter(|&p| inside(p)), inside(point)) {
                (Some(previous), false) => {
                    visible.push(edge_between(previous, point, &x, &y));
                    self.line(std::mem::take(&mut visible), color, width)?;
                }
                (None, true) => {
                    if let Some(previous) = last {
                        visible.push(edge_between(point, previous, &x, &y));
                    }
                    visible.push(point);
                }
                (Some(_), true) => visible.push(point),
                (None, false) => {}
            }
            last = Some(point);
        }
        if visible.len() > 1 {
            self.line(visible, color, width)?;
        }
        Ok(())
    }

    /// The contour line `f = level` of a bowl-shaped `f` whose lowest point
    /// is `lowest`: along each of many rays from `lowest`, the point where
    /// `f` reaches `level`, found by bisection. Rays are spread evenly on
    /// screen, so a long thin valley is traced as finely as a round one.
    pub fn contour_around(
        &mut self,
        f: impl Fn(f64, f64) -> f64,
        lowest: (f64, f64),
        level: f64,
        color: RGBColor,
    ) -> Result<(), DrawError> {
        const RAYS: usize = 240;
        let (ux, uy) = self.units_per_pixel;
        let along = |angle: f64, r: f64| {
            (
                lowest.0 + r * angle.cos() * ux,
                lowest.1 + r * angle.sin() * uy,
            )
        };
        let points = (0..=RAYS)
            .map(|i| {
                let angle = std::f64::consts::TAU * i as f64 / RAYS as f64;
                let value_at = |r: f64| {
                    let (x, y) = along(angle, r);
                    f(x, y)
                };
                along(angle, distance_to_level(value_at, level))
            })
            .collect();
        self.clipped_line(points, color, 1)
    }

    /// A filled rectangle with corners `from` and `to`, such as a bar.
    pub fn bar(
        &mut self,
        from: (f64, f64),
        to: (f64, f64),
        color: RGBColor,
    ) -> Result<(), DrawError> {
        self.chart
            .draw_series(std::iter::once(Rectangle::new([from, to], color.filled())))?;
        Ok(())
    }
}

/// Where the segment from `inner` (inside the plane `x` × `y`) to `outer`
/// (outside it) crosses the plane's edge.
fn edge_between(
    inner: (f64, f64),
    outer: (f64, f64),
    x: &Range<f64>,
    y: &Range<f64>,
) -> (f64, f64) {
    // The largest fraction t of the way that stays inside on both axes.
    let limit = |from: f64, to: f64, range: &Range<f64>| {
        if to > range.end {
            (range.end - from) / (to - from)
        } else if to < range.start {
            (range.start - from) / (to - from)
        } else {
            1.0
        }
    };
    let t = limit(inner.0, outer.0, x).min(limit(inner.1, outer.1, y));
    (
        inner.0 + t * (outer.0 - inner.0),
        inner.1 + t * (outer.1 - inner.1),
    )
}

/// Fails unless both axes have a name.
fn check_names(names: &AxisNames<'_>) -> Result<(), DrawError> {
    if names.x.trim().is_empty() || names.y.trim().is_empty() {
        return Err(DrawError::new(format!(
            "a chart must name both axes (with units where they have one), found x `{}` and y `{}`",
            names.x, names.y
        )));
    }
    Ok(())
}

/// `root` cut into `count` equal panels: side by side in the wide layout,
/// one above the other in the narrow one (where side by side would leave
/// each too narrow to read).
pub fn panels<'a>(root: &Area<'a>, layout: Layout, count: usize) -> Vec<Area<'a>> {
    match layout {
        Layout::Wide => root.split_evenly((1, count)),
        Layout::Narrow => root.split_evenly((count, 1)),
    }
}

/// The `width` of an SVG's root element.
pub fn svg_width(svg: &str) -> Option<u32> {
    let root = &svg[svg.find("<svg")?..];
    let root = &root[..root.find('>')?];
    let start = root.find(" width=\"")? + " width=\"".len();
    root[start..].split('"').next()?.parse().ok()
}

/// The distance r (in pixels) at which `value_at(r)`, rising from its value
/// at r = 0, reaches `level`: bracketed by doubling, then bisected to a
/// small fraction of a pixel.
fn distance_to_level(value_at: impl Fn(f64) -> f64, level: f64) -> f64 {
    let (mut below, mut above) = (0.0, 64.0);
    // 2^40 pixels is far beyond any figure: stop there rather than loop.
    while value_at(above) < level && above < 1e12 {
        below = above;
        above *= 2.0;
    }
    // A bracket of a few thousand pixels, halved 16 times, is narrower than
    // a tenth of a pixel.
    for _ in 0..16 {
        let middle = (below + above) / 2.0;
        if value_at(middle) < level {
            below = middle;
        } else {
            above = middle;
        }
    }
    (below + above) / 2.0
}

/// `text` centred on pixel position `at` of `area`, regular or bold, for
/// drawings that are not charts, such as tables.
pub fn centred_text(
    area: &Area<'_>,
    text: &str,
    at: (i32, i32),
    color: RGBColor,
    strong: bool,
) -> Result<(), DrawError> {
    let style = if strong {
        bold(LABEL_SIZE, color)
    } else {
        font(LABEL_SIZE, color)
    };
    let style = style.pos(Pos::new(HPos::Center, VPos::Center));
    area.draw_text(text, &style, at)?;
    Ok(())
}

/// A title in the figures' title style, centred at the top of `area`.
pub fn title(area: &Area<'_>, text: &str) -> Result<(), DrawError> {
    let (width, _) = area.dim_in_pixel();
    let style = font(TITLE_SIZE, INK).pos(Pos::new(HPos::Center, VPos::Top));
    area.draw_text(text, &style, (width as i32 / 2, 8))?;
    Ok(())
}

/// The plotting area's size in pixels inside a titled `area`, with `room`
/// extra pixels beside each axis for its name.
fn plot_size(area: &Area<'_>, room: u32) -> (f64, f64) {
    let (width, height) = area.dim_in_pixel();
    (
        f64::from(width - 2 * MARGIN - Y_LABEL_AREA - room),
        f64::from(height - 2 * MARGIN - X_LABEL_AREA - room),
    )
}

/// `range` grown about its centre to `span`, if it is narrower.
fn widen(range: Range<f64>, span: f64) -> Range<f64> {
    let centre = (range.start + range.end) / 2.0;
    let span = span.max(range.end - range.start);
    (centre - span / 2.0)..(centre + span / 2.0)
}

/// How a plane labels its ticks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ticks {
    /// The coordinate itself, as a short number.
    Plain,
    /// Ten to the power of the coordinate, for logarithmic axes.
    Powers,
}

impl Ticks {
    /// The label of the tick at coordinate `v`.
    fn label(self, v: f64) -> String {
        match self {
            Ticks::Plain => short(v),
            Ticks::Powers => power_of_ten(v),
        }
    }
}

/// `10` with `exponent` as a superscript, such as 10⁻⁸; a tick between two
/// powers of ten stays unlabelled.
pub fn power_of_ten(exponent: f64) -> String {
    let rounded = exponent.round();
    if (exponent - rounded).abs() > 1e-9 {
        return String::new();
    }
    let superscript: String = format!("{}", rounded as i64)
        .chars()
        .map(|c| match c {
            '-' => '⁻',
            '0' => '⁰',
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            '4' => '⁴',
            '5' => '⁵',
            '6' => '⁶',
            '7' => '⁷',
            '8' => '⁸',
            _ => '⁹',
        })
        .collect();
    format!("10{superscript}")
}

/// Which of `points` (on the canvas, in pixels) a polyline needs so that
/// none left out lies farther than `tolerance` pixels from it: the
/// Douglas–Peucker simplification, which always keeps both ends.
fn visible_points(points: &[(i32, i32)], tolerance: f64) -> Vec<bool> {
    let mut keep = vec![false; points.len()];
    if points.len() < 3 {
        keep.fill(true);
        return keep;
    }
    let last = points.len() - 1;
    (keep[0], keep[last]) = (true, true);
    let mut spans = vec![(0, last)];
    while let Some((first, end)) = spans.pop() {
        let farthest = (first + 1..end)
            .map(|i| {
                (
                    i,
                    distance_to_segment(points[i], points[first], points[end]),
                )
            })
            .fold(None, |best: Option<(usize, f64)>, (i, d)| match best {
                Some((_, most)) if most >= d => best,
                _ => Some((i, d)),
            });
        if let Some((i, distance)) = farthest
            && distance > tolerance
        {
            keep[i] = true;
            spans.push((first, i));
            spans.push((i, end));
        }
    }
    keep
}

/// How far `point` lies from the segment from `a` to `b`, in pixels.
fn distance_to_segment(point: (i32, i32), a: (i32, i32), b: (i32, i32)) -> f64 {
    let (px, py) = (f64::from(point.0), f64::from(point.1));
    let (ax, ay) = (f64::from(a.0), f64::from(a.1));
    let (dx, dy) = (f64::from(b.0) - ax, f64::from(b.1) - ay);
    let length_squared = dx * dx + dy * dy;
    let t = if length_squared == 0.0 {
        0.0
    } else {
        (((px - ax) * dx + (py - ay) * dy) / length_squared).clamp(0.0, 1.0)
    };
    (px - ax - t * dx).hypot(py - ay - t * dy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_polyline_keeps_its_ends_and_corners_and_drops_what_no_one_sees() {
        let straight: Vec<(i32, i32)> = (0..10).map(|x| (x, 2 * x)).collect();
        let keep = visible_points(&straight, 0.5);
        assert_eq!(keep.iter().filter(|k| **k).count(), 2, "{keep:?}");
        assert!(keep[0] && keep[9]);
        let corner = [(0, 0), (5, 0), (10, 0), (10, 5), (10, 10)];
        assert_eq!(
            visible_points(&corner, 0.5),
            [true, false, true, false, true]
        );
        // A bump of one pixel is kept; the same bump within tolerance 1.5 is not.
        let bump = [(0, 0), (5, 1), (10, 0)];
        assert_eq!(visible_points(&bump, 0.5), [true, true, true]);
        assert_eq!(visible_points(&bump, 1.5), [true, false, true]);
    }

    #[test]
    fn a_chart_without_axis_names_is_not_drawn() {
        let mut svg = String::new();
        let root = canvas(&mut svg, 300, 200).unwrap();
        let unnamed = Plane::free(&root, "t", 0.0..1.0, 0.0..1.0, AxisNames::new("x (m)", " "));
        assert!(unnamed.is_err_and(|error| error.to_string().contains("must name both axes")));
        let unnamed = Plane::new(&root, "t", 0.0..1.0, 0.0..1.0, AxisNames::new("", "y"));
        assert!(unnamed.is_err());
    }

    #[test]
    fn a_segment_leaving_the_plane_is_cut_at_its_edge() {
        let edge = edge_between((0.5, 0.5), (0.5, 2.0), &(0.0..1.0), &(0.0..1.0));
        assert_eq!(edge, (0.5, 1.0));
        let corner = edge_between((0.0, 0.0), (4.0, 2.0), &(0.0..1.0), &(0.0..1.0));
        assert_eq!(corner, (1.0, 0.5));
    }
}
