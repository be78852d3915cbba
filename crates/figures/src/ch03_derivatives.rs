//! Figures of Chapter 3, Derivatives: secants closing in on a tangent, the
//! nudge `Δf ≈ f'(x) Δx`, the power rule for x² as a growing square, a
//! function above its derivative, the one-weight
//! model's misses, its loss curve with the slope at the current weight, steps
//! downhill with a good and a too-large learning rate, and the error of
//! numerical derivatives against the step h.

use mlmath::derivatives::{
    derivative, descent_step, forward_difference, house_prices, houses, loss, loss_derivative,
    one_sided_slopes,
};
use ndarray::Array1;

use crate::prose::{listed, short, thousands};
use crate::style::{
    Area, AxisNames, BLUE, GREEN, INK, MUTED, ORANGE, PURPLE, Plane, VERMILLION, canvas,
    centred_text, panels, power_of_ten,
};
use crate::{Control, Draw, DrawError, Figure, Layout, Words};

pub const FIGURES: &[Figure] = &[
    Figure {
        name: "secants-to-tangent",
        chapter: "ch03-derivatives.md",
        draw: Draw::Still(secants_to_tangent),
    },
    Figure {
        name: "secant-slider",
        chapter: "ch03-derivatives.md",
        draw: Draw::Explorable(Control {
            label: "Step h",
            states: SLIDER_STEPS.len(),
            initial: 8,
            draw: secant_at_step,
        }),
    },
    Figure {
        name: "tangent-nudge",
        chapter: "ch03-derivatives.md",
        draw: Draw::Still(tangent_nudge),
    },
    Figure {
        name: "growing-square",
        chapter: "ch03-derivatives.md",
        draw: Draw::Still(growing_square),
    },
    Figure {
        name: "function-and-derivative",
        chapter: "ch03-derivatives.md",
        draw: Draw::Still(function_and_derivative),
    },
    Figure {
        name: "one-weight-model",
        chapter: "ch03-derivatives.md",
        draw: Draw::Still(one_weight_model),
    },
    Figure {
        name: "loss-slope",
        chapter: "ch03-derivatives.md",
        draw: Draw::Still(loss_slope),
    },
    Figure {
        name: "descent-steps",
        chapter: "ch03-derivatives.md",
        draw: Draw::Still(descent_steps),
    },
    Figure {
        name: "difference-error",
        chapter: "ch03-derivatives.md",
        draw: Draw::Still(difference_error),
    },
];

/// The chapter's running function, f(x) = x², and the point x = 3.
fn square(x: f64) -> f64 {
    x * x
}
const X0: f64 = 3.0;
/// The nudge drawn: large enough for the tangent's miss to show.
const NUDGE: f64 = 1.5;
/// The step the chapter's derivatives use where round-off does not matter.
const H: f64 = 1e-5;

/// A straight line through `(x0, y0)` with slope `slope`, as a function.
fn line_through(x0: f64, y0: f64, slope: f64) -> impl Fn(f64) -> f64 {
    move |x| y0 + slope * (x - x0)
}

/// A point as the words and labels write it: `(3, 9)`.
fn pair(x: f64, y: f64) -> String {
    format!("({x}, {y})")
}

fn secants_to_tangent(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = canvas(svg, layout.pick(640, 360), layout.pick(440, 420))?;
    let span = (0.0, 5.5);
    let mut plane = Plane::free(
        &root,
        layout.pick(
            "Secants of f(x) = x² from x = 3, closing in",
            "Secants of x² at x = 3",
        ),
        span.0..span.1,
        0.0..31.0,
        AxisNames::new("x", "f(x)"),
    )?;
    plane.function(square, BLUE, 3)?;
    let secant_from = 2.0;
    let mut legend_y = 28.5;
    let (mut steps, mut ends, mut slopes) = (Vec::new(), Vec::new(), Vec::new());
    for (h, color) in [(2.0, PURPLE), (1.0, ORANGE), (0.5, GREEN)] {
        let slope = forward_difference(square, X0, h);
        plane.function_between(
            line_through(X0, square(X0), slope),
            secant_from..span.1,
            color,
            2,
        )?;
        plane.dot((X0 + h, square(X0 + h)), color)?;
        let (step, end, slope) = (format!("{h}"), format!("{}", X0 + h), format!("{slope}"));
        plane.note(
            &format!("h = {step}: slope {slope}"),
            (0.2, legend_y),
            (0, 0),
            color,
        )?;
        legend_y -= 2.4;
        steps.push(step);
        ends.push(end);
        slopes.push(slope);
    }
    let tangent_slope = format!("{:.0}", derivative(square, X0, H));
    let tangent = line_through(X0, square(X0), derivative(square, X0, H));
    plane.function_between(tangent, 1.6..span.1, VERMILLION, 3)?;
    plane.label(
        &format!("tangent: slope {tangent_slope}"),
        (0.2, legend_y),
        (0, 0),
        VERMILLION,
    )?;
    let point = pair(X0, square(X0));
    plane.dot((X0, square(X0)), INK)?;
    plane.label(&point, (X0, square(X0)), (10, 4), INK)?;

    let mut words = Words::default();
    let right_end = words.shows(format!("{}", span.1));
    let ends = ends
        .into_iter()
        .map(|end| words.shows(end))
        .collect::<Vec<_>>();
    words.alt = format!(
        "The parabola f(x) = x² in blue, with the point {point} marked. Three straight secant lines pass through {point} and through the curve at x = {ends} (steps h = {steps}), drawn from x = {secant_from} to {right_end}; their slopes are {slopes}. A thicker red line touches the curve at {point} only: the tangent, slope {tangent_slope}. The smaller h is, the closer the secant lies to the tangent.",
        ends = listed(&ends),
        steps = listed(&steps),
        slopes = listed(&slopes),
    );
    words.caption = format!(
        "As the step h shrinks, the secant's slope ({}) closes in on the tangent's slope, {tangent_slope}: the derivative of x² at {X0}.",
        slopes.join(", ")
    );
    Ok(words)
}

/// The steps the secant slider moves through, from either side of x = 3:
/// as h nears 0 from the left or the right, the slope nears 6.
const SLIDER_STEPS: [f64; 10] = [-2.0, -1.0, -0.5, -0.1, -0.01, 0.01, 0.1, 0.5, 1.0, 2.0];

fn secant_at_step(state: usize, layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let h = SLIDER_STEPS[state];
    let root = canvas(svg, layout.pick(640, 360), layout.pick(440, 420))?;
    let span = (0.0, 5.5);
    let mut plane = Plane::free(
        &root,
        layout.pick(
            "The secant of f(x) = x² from x = 3 to x = 3 + h",
            "Secant of x² from x = 3",
        ),
        span.0..span.1,
        0.0..31.0,
        AxisNames::new("x", "f(x)"),
    )?;
    plane.function(square, BLUE, 3)?;
    let tangent_slope = derivative(square, X0, H);
    // A step to the left is the left-hand secant of `one_sided_slopes`.
    let slope = if h > 0.0 {
        forward_difference(square, X0, h)
    } else {
        one_sided_slopes(square, X0, -h).0
    };
    plane.function_between(
        line_through(X0, square(X0), slope),
        span.0..span.1,
        ORANGE,
        3,
    )?;
    // The tangent goes on top, dashed, so it shows where the secant nearly
    // covers it; it is drawn from where it meets the x axis.
    let tangent = line_through(X0, square(X0), tangent_slope);
    let meets_axis = X0 - square(X0) / tangent_slope;
    plane.dashed((meets_axis, 0.0), (span.1, tangent(span.1)), VERMILLION)?;
    let other = (X0 + h, square(X0 + h));
    plane.dot(other, ORANGE)?;
    plane.dot((X0, square(X0)), INK)?;
    let point = pair(X0, square(X0));
    plane.label(&point, (X0, square(X0)), (10, 4), INK)?;
    let (step, slope, tangent_slope) = (short(h), short(slope), short(tangent_slope));
    plane.label(&format!("h = {step}"), (0.2, 28.5), (0, 0), INK)?;
    plane.label(
        &format!("secant slope {slope}"),
        (0.2, 26.1),
        (0, 0),
        ORANGE,
    )?;
    plane.note(
        &format!("tangent slope {tangent_slope} (dashed)"),
        (0.2, 23.7),
        (0, 0),
        VERMILLION,
    )?;

    let mut words = Words::default();
    let other_x = words.shows(short(other.0));
    let side = if h < 0.0 { "left" } else { "right" };
    words.alt = format!(
        "The parabola f(x) = x² in blue, with the point {point} marked. An orange secant line runs through {point} and through the curve at x = {other_x}, a step h = {step} to the {side}; its slope is {slope}. A dashed red line touches the curve at {point}: the tangent, slope {tangent_slope}."
    );
    words.caption = format!(
        "With h = {step}, the secant's slope is {slope}; as h nears 0 from either side, it nears the tangent's slope, {tangent_slope}."
    );
    words.value = format!("h = {step}: secant slope {slope}, tangent slope {tangent_slope}");
    Ok(words)
}

fn tangent_nudge(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = canvas(svg, layout.pick(640, 360), layout.pick(440, 420))?;
    let dx = format!("{NUDGE}");
    let mut plane = Plane::free(
        &root,
        &layout.pick(
            format!("The nudge: Δf ≈ f′(x) Δx, at x = {X0} with Δx = {dx}"),
            format!("Nudge x² at x = {X0} by Δx = {dx}"),
        ),
        1.0..5.5,
        0.0..30.0,
        AxisNames::new("x", "f(x)"),
    )?;
    let (x1, y0) = (X0 + NUDGE, square(X0));
    let slope = derivative(square, X0, H);
    let tangent_at = line_through(X0, y0, slope);
    let estimate = tangent_at(x1);
    plane.function(square, BLUE, 3)?;
    plane.function(&tangent_at, VERMILLION, 2)?;
    plane.dashed((X0, y0), (x1, y0), MUTED)?;
    plane.line(vec![(x1, y0), (x1, estimate)], VERMILLION, 4)?;
    plane.line(vec![(x1, estimate), (x1, square(x1))], ORANGE, 6)?;
    plane.dot((X0, y0), INK)?;
    plane.dot((x1, square(x1)), INK)?;
    let rise = format!("{:.0}", slope * NUDGE);
    let change = format!("{}", square(x1) - y0);
    let miss = format!("{:.2}", square(x1) - y0 - slope * NUDGE);
    let lines = [
        (format!("Δx = {dx}"), MUTED),
        (format!("estimate f′({X0}) Δx = {rise}"), VERMILLION),
        (format!("true change Δf = {change}"), INK),
        (format!("miss {miss} = (Δx)²"), ORANGE),
    ];
    for (row, (text, color)) in lines.iter().enumerate() {
        plane.label(text, (1.2, 28.5 - 2.4 * row as f64), (0, 0), *color)?;
    }
    // A phone's plot has no room beside the legend: its title names x².
    if layout == Layout::Wide {
        plane.label("f(x) = x²", (4.8, square(4.8)), (-96, -20), BLUE)?;
    }
    plane.label("tangent", (2.4, tangent_at(2.4)), (14, 0), VERMILLION)?;

    let mut words = Words::default();
    let start = words.shows(pair(X0, y0));
    let end = words.shows(format!("{x1}"));
    words.alt = format!(
        "The parabola f(x) = x² in blue with its red tangent line at {start}. A dashed step of Δx = {dx} runs right from {start} to x = {end}. From there a red vertical segment rises {rise} to the tangent line: the estimate f′({X0}) Δx = {rise}. An orange segment continues up to the curve: the true change is Δf = {change}, so the estimate misses by {miss}, which is (Δx)².",
    );
    words.caption = "Nudge x by Δx and f moves by about f′(x) Δx; the tangent's estimate misses by an amount that shrinks like (Δx)².".to_owned();
    Ok(words)
}

/// The side's growth in the growing-square figure.
const GROWTH: f64 = 0.5;

/// The outline of the rectangle with corners `from` and `to`.
fn outline(
    plane: &mut Plane<'_>,
    from: (f64, f64),
    to: (f64, f64),
    color: plotters::style::RGBColor,
) -> Result<(), DrawError> {
    let corners = vec![from, (to.0, from.1), to, (from.0, to.1), from];
    plane.line(corners, color, 2)
}

fn growing_square(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = canvas(svg, layout.pick(640, 360), layout.pick(400, 600))?;
    let (picture, sums) = match layout {
        Layout::Wide => root.split_horizontally(380),
        Layout::Narrow => root.split_vertically(380),
    };
    let (x, dx) = (X0, GROWTH);
    let grown = x + dx;
    let mut plane = Plane::new(
        &picture,
        layout.pick(
            "The power rule as a growing square",
            "x² as a growing square",
        ),
        -0.2..4.8,
        -0.2..4.4,
        AxisNames::new("length", "length"),
    )?;
    // The two strips x by Δx, and the corner Δx by Δx.
    plane.bar((x, 0.0), (grown, x), BLUE)?;
    plane.bar((0.0, x), (x, grown), BLUE)?;
    plane.bar((x, x), (grown, grown), VERMILLION)?;
    outline(&mut plane, (0.0, 0.0), (x, x), INK)?;
    outline(&mut plane, (0.0, 0.0), (grown, grown), INK)?;

    let side = format!("x = {x}");
    let step = format!("Δx = {dx}");
    let area = format!("x² = {}", square(x));
    plane.label(&area, (0.5, 1.9), (0, 0), INK)?;
    plane.label(&side, (0.5, 0.8), (0, 0), INK)?;
    plane.label(&step, (grown, 0.4), (6, 0), BLUE)?;
    plane.label("x Δx", (grown, 1.9), (6, 0), BLUE)?;
    plane.label("x Δx", (1.1, grown), (0, -26), BLUE)?;
    plane.label("(Δx)²", (grown, grown), (6, -26), VERMILLION)?;

    let strip = format!("{}", x * dx);
    let strips = format!("{}", 2.0 * x * dx);
    let corner = format!("{}", dx * dx);
    let growth = format!("{}", square(grown) - square(x));
    let rate = format!("{}", (square(grown) - square(x)) / dx);
    let slope = format!("{:.0}", derivative(square, x, H));
    let lines = [
        (format!("each strip: x Δx = {strip}"), BLUE),
        (format!("two strips: 2x Δx = {strips}"), BLUE),
        (format!("corner: (Δx)² = {corner}"), VERMILLION),
        (format!("growth: {grown}² − {x}² = {growth}"), INK),
        (format!("per unit of Δx: {rate}"), INK),
        (format!("as Δx → 0: 2x = {slope}"), INK),
    ];
    let (width, height) = sums.dim_in_pixel();
    let top = i32::try_from(height).unwrap_or(0) / 2 - 75;
    let centre = i32::try_from(width).unwrap_or(0) / 2;
    for (row, (text, color)) in lines.iter().enumerate() {
        let y = top + 30 * i32::try_from(row).unwrap_or(0);
        centred_text(&sums, text, (centre, y), *color, row >= 3)?;
    }

    let mut words = Words::default();
    let big = words.shows(format!("{grown}"));
    words.alt = format!(
        "A square with side {side} and area {area}, outlined, inside a larger square with side {big}, the first grown by {step}. The growth is filled in: two blue strips along the top and the right side, each x Δx = {strip}, and a small red corner square (Δx)² = {corner}. Beside the picture the sums: two strips {strips}, corner {corner}, total growth {grown}² − {x}² = {growth}, which is {rate} per unit of Δx; as Δx shrinks the corner vanishes and the rate becomes 2x = {slope}."
    );
    words.caption = format!(
        "Growing a square's side by Δx adds two strips x Δx and a corner (Δx)²: per unit of Δx that is 2x + Δx ({rate} here), and the corner vanishes as Δx shrinks, leaving the slope 2x = {slope}."
    );
    Ok(words)
}

/// The chapter's function with a top and a bottom, f(x) = x³ − 3x.
fn cubic(x: f64) -> f64 {
    x * x * x - 3.0 * x
}

/// Draws `f` over `span` in green where `rising` says so and in red where
/// not, one piece per change.
fn two_tone(
    plane: &mut Plane<'_>,
    f: impl Fn(f64) -> f64,
    rising: impl Fn(f64) -> bool,
    span: std::ops::Range<f64>,
) -> Result<(), DrawError> {
    const PIECES: usize = 200;
    let step = (span.end - span.start) / PIECES as f64;
    let mut piece: Vec<(f64, f64)> = Vec::new();
    let mut piece_rises = rising(span.start);
    for i in 0..=PIECES {
        let x = span.start + step * i as f64;
        let point = (x, f(x));
        piece.push(point);
        if rising(x) != piece_rises || i == PIECES {
            let color = if piece_rises { GREEN } else { VERMILLION };
            plane.line(std::mem::take(&mut piece), color, 3)?;
            piece.push(point);
            piece_rises = rising(x);
        }
    }
    Ok(())
}

fn function_and_derivative(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = canvas(svg, layout.pick(640, 360), 620)?;
    let (top, bottom) = root.split_vertically(320);
    let span = -2.2..2.2;
    let slope_of = |x: f64| derivative(cubic, x, H);
    let rising = |x: f64| slope_of(x) > 0.0;
    let flat_points = [-1.0, 1.0];

    let mut upper = Plane::free(
        &top,
        layout.pick(
            "f(x) = x³ − 3x: green rising, red falling",
            "f(x) = x³ − 3x",
        ),
        span.clone(),
        -4.5..4.5,
        AxisNames::new("x", "f(x)"),
    )?;
    upper.draw_origin_axes()?;
    two_tone(&mut upper, cubic, rising, span.clone())?;
    let mut flats = Vec::new();
    for x in flat_points {
        upper.dashed((x, -4.5), (x, 4.5), MUTED)?;
        upper.dot((x, cubic(x)), INK)?;
        flats.push(pair(x, cubic(x)).replace('-', "−"));
    }
    let (top_text, bottom_text) = (format!("top {}", flats[0]), format!("bottom {}", flats[1]));
    upper.label(&top_text, (-1.0, cubic(-1.0)), (-44, -28), INK)?;
    upper.label(&bottom_text, (1.0, cubic(1.0)), (-60, 8), INK)?;

    let mut lower = Plane::free(
        &bottom,
        "Its derivative f′(x) = 3x² − 3",
        span.clone(),
        -4.0..12.0,
        AxisNames::new("x", "f′(x)"),
    )?;
    lower.draw_origin_axes()?;
    two_tone(&mut lower, slope_of, rising, span)?;
    for x in flat_points {
        lower.dashed((x, -4.0), (x, 12.0), MUTED)?;
        lower.dot((x, 0.0), INK)?;
    }
    lower.label("f′ > 0", (-2.1, 11.5), (0, 0), GREEN)?;
    lower.label("f′ < 0", (-0.45, -1.2), (0, 0), VERMILLION)?;
    lower.label("f′ > 0", (1.2, 11.5), (0, 0), GREEN)?;

    let mut words = Words::default();
    let zeros = flat_points.map(|x| words.shows(format!("{x}").replace('-', "−")));
    words.alt = format!(
        "Two plots with the same x axis, one above the other. Top: f(x) = x³ − 3x, green where it rises (x below {a} and above {b}) and red where it falls (between {a} and {b}), with a top at {top} and a bottom at {bottom}, both marked. Bottom: its derivative f′(x) = 3x² − 3, a U-shaped curve, green where it is above zero and red below, crossing zero at x = {a} and x = {b}, exactly below the top and the bottom of f. Dashed vertical lines join the two plots at those points.",
        a = zeros[0],
        b = zeros[1],
        top = flats[0],
        bottom = flats[1],
    );
    words.caption = "Where f′ is positive f rises, where it is negative f falls, and where f′ is zero f is flat: here, at a local top and a local bottom.".to_owned();
    Ok(words)
}

/// The one-weight model's data: each house's area (x) and price (y).
fn areas_and_prices() -> (Array1<f64>, Array1<f64>) {
    (houses().column(0).to_owned(), house_prices())
}

/// The weight the chapter starts from: Chapter 2's 2 thousand dollars per m².
const W0: f64 = 2.0;

/// The axes of the house charts, with their units.
const AREA_AND_PRICE: AxisNames<'static> = AxisNames {
    x: "area x (square metres)",
    y: "price (thousand dollars)",
    x_categories: &[],
};

fn one_weight_model(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = canvas(svg, layout.pick(640, 360), layout.pick(440, 460))?;
    let (x, y) = areas_and_prices();
    let model = format!("ŷ = {W0}x");
    let mut plane = Plane::free(
        &root,
        &format!("The model {model} and its misses"),
        0.0..165.0,
        0.0..420.0,
        AREA_AND_PRICE,
    )?;
    plane.function(|area| W0 * area, ORANGE, 3)?;
    plane.label(
        &model,
        (133.0, 225.0),
        layout.pick((0, 0), (-20, 10)),
        ORANGE,
    )?;
    let (mut houses, mut misses) = (Vec::new(), Vec::new());
    for (&area, &price) in x.iter().zip(&y) {
        let prediction = W0 * area;
        plane.dashed((area, prediction), (area, price), VERMILLION)?;
        plane.dot((area, price), BLUE)?;
        let miss = format!("{}", prediction - price);
        plane.note(
            &miss,
            (area, (price + prediction) / 2.0),
            layout.pick((-34, -8), (-30, -8)),
            VERMILLION,
        )?;
        houses.push(pair(area, price));
        misses.push(miss);
    }
    plane.note("blue: the houses", (6.0, 400.0), (0, 0), BLUE)?;
    plane.note(
        "red: misses ŷ − y",
        (6.0, layout.pick(372.0, 365.0)),
        (0, 0),
        VERMILLION,
    )?;

    let mut words = Words::default();
    let houses: Vec<String> = houses.into_iter().map(|h| words.shows(h)).collect();
    words.alt = format!(
        "The five houses as blue dots, floor area across (square metres) and price up (thousand dollars): {}. An orange line through the origin shows the model {model}. Red dashed vertical segments join each house to the line, labelled with the miss ŷ − y: {}. Every house sits above the line.",
        listed(&houses),
        listed(&misses),
    );
    words.caption = format!(
        "With w = {W0} the line predicts too little for every house; the loss averages the squares of these misses."
    );
    Ok(words)
}

fn loss_slope(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = canvas(svg, layout.pick(640, 360), layout.pick(440, 440))?;
    let (x, y) = areas_and_prices();
    let loss_at = |w: f64| loss(w, &x, &y);
    let mut plane = Plane::free(
        &root,
        layout.pick(
            "The loss L(w) and its slope at w = 2",
            "L(w) and its slope at w = 2",
        ),
        1.5..3.6,
        -2000.0..13000.0,
        AxisNames::new(
            layout.pick(
                "weight w (thousand dollars per square metre)",
                "w (thousand dollars per m²)",
            ),
            "L(w) (thousand dollars)²",
        ),
    )?;
    plane.draw_origin_axes()?;
    plane.function(loss_at, BLUE, 3)?;
    let slope = format!("{:.0}", loss_derivative(W0, &x, &y));
    let current = format!("{:.0}", loss_at(W0));
    let tangent = line_through(W0, loss_at(W0), loss_derivative(W0, &x, &y));
    plane.function_between(tangent, 1.62..2.26, VERMILLION, 2)?;
    plane.dot((W0, loss_at(W0)), VERMILLION)?;
    let slope_label = format!("L′({W0}) = {slope}");
    let value_label = format!("L({W0}) = {current}");
    plane.label(&value_label, (W0, loss_at(W0)), (14, -22), VERMILLION)?;
    plane.label(&slope_label, (W0, loss_at(W0)), (14, -4), VERMILLION)?;
    plane.arrow((W0, -1000.0), (W0 + 0.45, -1000.0), GREEN)?;
    let hint = layout.pick("downhill: increase w", "downhill");
    plane.label(hint, (W0 + 0.45, -1000.0), (8, -10), GREEN)?;
    let best = best_weight(&x, &y);
    let bottom = format!("{best:.2}");
    plane.dot((best, loss_at(best)), INK)?;
    // On a phone the note goes up between the curve's arms, where it fits.
    let (note_at, line_to) = layout.pick(((2.3, 2450.0), 1800.0), ((best - 0.45, 9800.0), 8300.0));
    plane.dashed((best, loss_at(best)), (best, line_to), MUTED)?;
    plane.note(&format!("bottom: w ≈ {bottom}"), note_at, (0, 0), INK)?;

    Ok(Words {
        alt: format!(
            "The loss L(w) as a blue U-shaped curve against the weight w, in squared thousand dollars, with its bottom marked at w ≈ {bottom}. At the current weight w = {W0}, where L({W0}) = {current}, a red dot and a red tangent line with slope L′({W0}) = {slope}, falling to the right. A green arrow along the w axis points right, towards the bottom: downhill, increase w."
        ),
        caption: format!(
            "At w = {W0} the slope of the loss is negative, so a larger w lowers the loss: the slope's sign points the way downhill."
        ),
        shown: Vec::new(),
        ..Words::default()
    })
}

/// The weight where the loss is lowest, found the chapter's way: walk
/// downhill with a safe learning rate until the steps stop mattering.
fn best_weight(x: &Array1<f64>, y: &Array1<f64>) -> f64 {
    let mut w = W0;
    for _ in 0..200 {
        w = descent_step(w, 0.00002, x, y);
    }
    w
}

/// `w` and each weight after it, `steps` steps of size `learning_rate`.
fn walk(learning_rate: f64, steps: usize, x: &Array1<f64>, y: &Array1<f64>) -> Vec<f64> {
    let mut weights = vec![W0];
    for _ in 0..steps {
        let w = *weights.last().unwrap_or(&W0);
        weights.push(descent_step(w, learning_rate, x, y));
    }
    weights
}

/// One panel of the descent figure: the loss curve and the walk on it.
/// Returns the weights walked through, as the words write them.
fn walk_panel(
    area: &Area<'_>,
    title: &str,
    learning_rate: f64,
    steps: usize,
    span: std::ops::Range<f64>,
    height: f64,
) -> Result<Vec<String>, DrawError> {
    let (x, y) = areas_and_prices();
    let loss_at = |w: f64| loss(w, &x, &y);
    let mut plane = Plane::free(
        area,
        title,
        span,
        0.0..height,
        AxisNames::new("weight w (thousand $ per m²)", "L(w) (thousand $)²"),
    )?;
    plane.function(loss_at, BLUE, 2)?;
    let weights = walk(learning_rate, steps, &x, &y);
    for pair in weights.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        plane.arrow((from, loss_at(from)), (to, loss_at(to)), ORANGE)?;
    }
    for (step, &w) in weights.iter().enumerate() {
        plane.dot((w, loss_at(w)), INK)?;
        // Later steps crowd together near the bottom: number the first few.
        if step < 4 {
            plane.note(&step.to_string(), (w, loss_at(w)), (6, -22), INK)?;
        }
    }
    Ok(weights.iter().map(|w| format!("{w:.2}")).collect())
}

fn descent_steps(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = canvas(svg, layout.pick(720, 360), layout.pick(420, 800))?;
    let areas = panels(&root, layout, 2);
    let (small, large) = (0.00002, 0.0001);
    let down = walk_panel(
        &areas[0],
        &format!("η = {small}: down to the bottom"),
        small,
        5,
        1.9..3.2,
        4000.0,
    )?;
    let away = walk_panel(
        &areas[1],
        &format!("η = {large}: diverges"),
        large,
        4,
        0.8..4.0,
        26000.0,
    )?;
    let mut words = Words::default();
    let down: Vec<String> = down.into_iter().map(|w| words.shows(w)).collect();
    let away: Vec<String> = away.into_iter().map(|w| words.shows(w)).collect();
    words.alt = format!(
        "Two panels, each the loss curve L(w) in blue with the steps of w ← w − η L′(w) from w = {W0} drawn as dots joined by orange arrows, the first four numbered 0 to 3. In the first panel (left, or above on a phone), η = {small}: the dots walk down the right-hand slope of the curve through w = {down}, the steps shrinking as the curve flattens near its bottom. In the second, η = {large}: the dots jump across the valley, through w = {away}, higher up the curve each time: the steps diverge.",
        down = listed(&down),
        away = listed(&away),
    );
    words.caption = "A small enough learning rate walks down to the bottom; one too large overshoots, further each step.".to_owned();
    Ok(words)
}

/// A difference quotient: `forward_difference` or `derivative`.
type Difference = fn(fn(f64) -> f64, f64, f64) -> f64;

fn difference_error(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = canvas(svg, layout.pick(640, 360), layout.pick(460, 500))?;
    // On a phone the legend would cover the curves: it goes below the plot.
    let (chart, legend) = root.split_vertically(layout.pick(460, 440));
    let mut plane = Plane::log_log(
        &chart,
        layout.pick(
            "Error of the numerical derivative of sin at x = 1",
            "Error of sin′(1), estimated",
        ),
        -15.0..0.0,
        -14.0..0.0,
        AxisNames::new("step h", "error (absolute)"),
    )?;
    let exact = 1f64.cos();
    // Quarter-decade steps: fine enough to show the jagged round-off part.
    let exponents: Vec<f64> = (0..=60).map(|k| -f64::from(k) / 4.0).collect();
    // An error below the plot's floor (even an exact 0) is drawn on the floor.
    let log_error = |estimate: f64| (estimate - exact).abs().max(1e-14).log10();
    let (mut legend_y, mut legend_row) = (-0.4, 14);
    let mut smallest = Vec::new();
    for (name, color, estimate) in [
        ("forward", ORANGE, forward_difference as Difference),
        ("central", BLUE, derivative as Difference),
    ] {
        let points: Vec<(f64, f64)> = exponents
            .iter()
            .map(|&e| (e, log_error(estimate(f64::sin, 1.0, 10f64.powf(e)))))
            .collect();
        let best = points
            .iter()
            .copied()
            .fold((0.0, f64::INFINITY), |a, b| if b.1 < a.1 { b } else { a });
        plane.line(points, color, 3)?;
        plane.dot(best, color)?;
        let error = format!("{:.0e}", 10f64.powf(best.1));
        let printed: f64 = error.parse().map_err(|_| DrawError::new("a number"))?;
        let at = power_of_ten(best.0.round());
        let text = format!("{name}: least {error} at h ≈ {at}");
        match layout {
            Layout::Wide => plane.label(&text, (-12.5, legend_y), (0, 0), color)?,
            Layout::Narrow => centred_text(&legend, &text, (180, legend_row), color, true)?,
        }
        legend_y -= 1.0;
        legend_row += 24;
        smallest.push((error, at, printed));
    }
    plane.note(
        "slope 1",
        layout.pick((-2.5, -2.5), (-6.6, -2.4)),
        (0, 0),
        ORANGE,
    )?;
    plane.note("slope 2", (-2.5, -6.0), (0, 0), BLUE)?;
    plane.note("round-off: the error", (-14.8, -10.6), (0, 0), MUTED)?;
    plane.note(
        "grows as h shrinks",
        (-14.8, layout.pick(-11.4, -11.7)),
        (0, 0),
        MUTED,
    )?;

    let mut words = Words::default();
    let [
        (forward_error, forward_at, forward),
        (central_error, central_at, central),
    ] = <[_; 2]>::try_from(smallest).map_err(|_| DrawError::new("two differences"))?;
    // The ratio of the two printed errors, as a reader would work it out.
    let ratio = words.shows(thousands(forward / central));
    let h_range = words.shows(format!("from 1 down to {}", power_of_ten(-15.0)));
    words.alt = format!(
        "A log–log plot of the error of two numerical derivatives of sin at x = 1 against the step h, {h_range}. The orange forward-difference error falls along a line of slope 1 to its least, about {forward_error}, near h = {forward_at}. The blue central-difference error falls twice as steeply, slope 2, to about {central_error}, near h = {central_at}: about {ratio} times smaller. Left of those points both errors climb again, jaggedly, as floating-point round-off takes over."
    );
    words.caption = format!(
        "Shrinking h helps only until round-off takes over; the central difference reaches errors about {ratio} times smaller, at a larger h."
    );
    Ok(words)
}
