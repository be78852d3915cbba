//! Figures of Chapter 3, Derivatives: secants closing in on a tangent, the
//! nudge `Δf ≈ f'(x) Δx`, a function above its derivative, the one-weight
//! model's misses, its loss curve with the slope at the current weight, steps
//! downhill with a good and a too-large learning rate, and the error of
//! numerical derivatives against the step h.

use mlmath::derivatives::{
    derivative, descent_step, forward_difference, house_prices, houses, loss, loss_derivative,
};
use ndarray::Array1;

use crate::style::{
    Area, AxisNames, BLUE, GREEN, INK, MUTED, ORANGE, PURPLE, Plane, VERMILLION, canvas,
    power_of_ten,
};
use crate::{DrawError, Figure};

pub const FIGURES: &[Figure] = &[
    Figure {
        name: "secants-to-tangent",
        chapter: "ch03-derivatives.md",
        draw: still!(
            secants_to_tangent,
            "The parabola f(x) = x² drawn in blue for x from 0 to 5.5, with the point (3, 9) marked. Three straight secant lines run from (3, 9) to the curve at x = 5, 4 and 3.5, that is h = 2, 1 and 0.5, with slopes 8, 7 and 6.5. A thicker red line touches the curve at (3, 9) only: the tangent, slope 6. The secants tilt less and less and close in on the tangent as h shrinks.",
            "As the interval h shrinks, the secant's slope (8, 7, 6.5) closes in on the tangent's slope, 6: the derivative of x² at 3."
        ),
    },
    Figure {
        name: "tangent-nudge",
        chapter: "ch03-derivatives.md",
        draw: still!(
            tangent_nudge,
            "The parabola f(x) = x² in blue with its red tangent line at x = 3, where f = 9. A dashed step of Δx = 1 runs right from (3, 9) to x = 4. From there a red vertical segment rises 6 units to the tangent line: the estimate f′(3) Δx = 6. An orange segment continues from 15 to 16, where the curve is: the estimate misses the true change Δf = 7 by 1.",
            "Nudge x by Δx and f moves by about f′(x) Δx; the tangent's estimate misses by an amount that shrinks like Δx²."
        ),
    },
    Figure {
        name: "function-and-derivative",
        chapter: "ch03-derivatives.md",
        draw: still!(
            function_and_derivative,
            "Two plots with the same x axis from -2.2 to 2.2. Top: f(x) = x³ − 3x, green where it rises (x below -1 and above 1) and red where it falls (between -1 and 1), with a top at (-1, 2) and a bottom at (1, -2). Bottom: its derivative f′(x) = 3x² − 3, a U-shaped curve, green above zero and red below, crossing zero at x = -1 and x = 1, exactly below the top and the bottom of f. Dashed vertical lines join the two plots at those points.",
            "Where f′ is positive f rises, where it is negative f falls, and where f′ is zero f is flat: at a top or a bottom."
        ),
    },
    Figure {
        name: "one-weight-model",
        chapter: "ch03-derivatives.md",
        draw: still!(
            one_weight_model,
            "The five houses as blue dots, floor area across (square metres) and price up (thousand dollars): (60, 150), (80, 195), (100, 250), (120, 310) and (150, 390). An orange line through the origin shows the model ŷ = 2x. Red dashed vertical segments join each house to the line: every house sits above it, by 30, 35, 50, 70 and 90 thousand dollars.",
            "With w = 2 the line predicts too little for every house; the loss averages the squares of these misses."
        ),
    },
    Figure {
        name: "loss-slope",
        chapter: "ch03-derivatives.md",
        draw: still!(
            loss_slope,
            "The loss L(w) as a blue U-shaped curve for weights w from 1.5 to 3.6, in squared thousand dollars, with its bottom at w ≈ 2.55 where L ≈ 37. At the current weight w = 2, where L = 3525, a red dot and a red tangent line with slope L′(2) = -12600 falling to the right. A green arrow along the w axis points right, towards the bottom, labelled downhill: increase w.",
            "At w = 2 the slope of the loss is negative, so a larger w lowers the loss: the slope's sign points the way downhill."
        ),
    },
    Figure {
        name: "descent-steps",
        chapter: "ch03-derivatives.md",
        draw: still!(
            descent_steps,
            "Two panels, each the loss curve L(w) in blue with the steps of w ← w − η L′(w) from w = 2 drawn as numbered dots joined by arrows. Left, η = 0.00002: the dots walk down the right-hand slope of the curve, 2, 2.25, 2.39, 2.46, 2.50, 2.53, the steps shrinking as the curve flattens near its bottom at 2.55. Right, η = 0.0001: the dots jump across the valley to 3.26, back to 1.65, then 3.70 and 1.09, higher each time: the steps diverge.",
            "A small enough learning rate walks down to the bottom; one too large overshoots, further each step."
        ),
    },
    Figure {
        name: "difference-error",
        chapter: "ch03-derivatives.md",
        draw: still!(
            difference_error,
            "A log–log plot of the error of two numerical derivatives of sin at x = 1 against the step h, from 1 down to 10⁻¹⁵. The orange forward-difference error falls along a line of slope 1 to its smallest, about 10⁻⁸ near h = 10⁻⁸. The blue central-difference error falls twice as steeply, slope 2, to about 10⁻¹¹ near h = 10⁻⁵. Left of those points both errors climb again, jaggedly, as floating-point round-off takes over.",
            "Shrinking h helps only until round-off takes over; the central difference reaches a thousand times smaller errors, at a larger h."
        ),
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

fn secants_to_tangent(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 640, 440)?;
    let mut plane = Plane::free(
        &root,
        "Secants of f(x) = x² from x = 3, closing in",
        0.0..5.5,
        0.0..31.0,
        AxisNames {
            x: "x",
            y: "f(x)",
            x_categories: &[],
        },
    )?;
    plane.function(square, BLUE, 3)?;
    let mut legend_y = 28.5;
    for (h, color) in [(2.0, PURPLE), (1.0, ORANGE), (0.5, GREEN)] {
        let slope = forward_difference(square, X0, h);
        plane.function_between(line_through(X0, square(X0), slope), 2.0..5.5, color, 2)?;
        plane.dot((X0 + h, square(X0 + h)), color)?;
        let text = format!("h = {h}: slope {slope}");
        plane.note(&text, (0.2, legend_y), (0, 0), color)?;
        legend_y -= 2.4;
    }
    let slope = derivative(square, X0, H);
    let tangent = line_through(X0, square(X0), slope);
    plane.function_between(tangent, 1.6..5.5, VERMILLION, 3)?;
    let text = format!("tangent: slope {slope:.0}");
    plane.label(&text, (0.2, legend_y), (0, 0), VERMILLION)?;
    plane.dot((X0, square(X0)), INK)?;
    plane.label("(3, 9)", (X0, square(X0)), (10, 4), INK)?;
    Ok(())
}

fn tangent_nudge(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 640, 440)?;
    let mut plane = Plane::free(
        &root,
        "The nudge: Δf ≈ f′(x) Δx, at x = 3 with Δx = 1.5",
        1.0..5.5,
        0.0..30.0,
        AxisNames {
            x: "x",
            y: "f(x)",
            x_categories: &[],
        },
    )?;
    let dx = NUDGE;
    let (x1, y0) = (X0 + dx, square(X0));
    let slope = derivative(square, X0, H);
    let estimate = y0 + slope * dx;
    let change = square(x1) - y0;
    plane.function(square, BLUE, 3)?;
    plane.function(line_through(X0, y0, slope), VERMILLION, 2)?;
    plane.dashed((X0, y0), (x1, y0), MUTED)?;
    plane.line(vec![(x1, y0), (x1, estimate)], VERMILLION, 4)?;
    plane.line(vec![(x1, estimate), (x1, square(x1))], ORANGE, 6)?;
    plane.dot((X0, y0), INK)?;
    plane.dot((x1, square(x1)), INK)?;
    let lines = [
        (format!("Δx = {dx}"), MUTED),
        (format!("estimate f′(3) Δx = {:.0}", slope * dx), VERMILLION),
        (format!("true change Δf = {change}"), INK),
        (format!("miss {:.2} = Δx²", change - slope * dx), ORANGE),
    ];
    for (row, (text, color)) in lines.iter().enumerate() {
        plane.label(text, (1.2, 28.5 - 2.4 * row as f64), (0, 0), *color)?;
    }
    plane.label("f(x) = x²", (4.8, square(4.8)), (-96, -20), BLUE)?;
    let tangent_at = line_through(X0, y0, slope);
    plane.label("tangent", (2.4, tangent_at(2.4)), (14, 0), VERMILLION)?;
    Ok(())
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

fn function_and_derivative(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 640, 620)?;
    let (top, bottom) = root.split_vertically(320);
    let span = -2.2..2.2;
    let slope_of = |x: f64| derivative(cubic, x, H);
    let rising = |x: f64| slope_of(x) > 0.0;
    let flat_points = [-1.0, 1.0];

    let mut upper = Plane::free(
        &top,
        "f(x) = x³ − 3x: green rising, red falling",
        span.clone(),
        -4.5..4.5,
        AxisNames {
            x: "x",
            y: "f(x)",
            x_categories: &[],
        },
    )?;
    upper.draw_origin_axes()?;
    two_tone(&mut upper, cubic, rising, span.clone())?;
    for x in flat_points {
        upper.dashed((x, -4.5), (x, 4.5), MUTED)?;
        upper.dot((x, cubic(x)), INK)?;
    }
    upper.label("top", (-1.0, cubic(-1.0)), (-16, -28), INK)?;
    upper.label("bottom", (1.0, cubic(1.0)), (-26, 8), INK)?;

    let mut lower = Plane::free(
        &bottom,
        "Its derivative f′(x) = 3x² − 3",
        span.clone(),
        -4.0..12.0,
        AxisNames {
            x: "x",
            y: "f′(x)",
            x_categories: &[],
        },
    )?;
    lower.draw_origin_axes()?;
    two_tone(&mut lower, slope_of, rising, span)?;
    for x in flat_points {
        lower.dashed((x, -4.0), (x, 12.0), MUTED)?;
        lower.dot((x, 0.0), INK)?;
    }
    lower.label("f′ > 0", (-1.6, 11.5), (0, 0), GREEN)?;
    lower.label("f′ < 0", (-0.45, -1.2), (0, 0), VERMILLION)?;
    lower.label("f′ > 0", (1.05, 11.5), (0, 0), GREEN)?;
    Ok(())
}

/// The one-weight model's data: each house's area (x) and price (y).
fn areas_and_prices() -> (Array1<f64>, Array1<f64>) {
    (houses().column(0).to_owned(), house_prices())
}

/// The weight the chapter starts from: Chapter 2's 2 thousand dollars per m².
const W0: f64 = 2.0;

fn one_weight_model(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 640, 440)?;
    let (x, y) = areas_and_prices();
    let mut plane = Plane::free(
        &root,
        "The model ŷ = 2x and its misses",
        0.0..165.0,
        0.0..420.0,
        AxisNames {
            x: "area x (square metres)",
            y: "price (thousand dollars)",
            x_categories: &[],
        },
    )?;
    plane.function(|area| W0 * area, ORANGE, 3)?;
    plane.label("ŷ = 2x", (133.0, 225.0), (0, 0), ORANGE)?;
    for (&area, &price) in x.iter().zip(&y) {
        let prediction = W0 * area;
        plane.dashed((area, prediction), (area, price), VERMILLION)?;
        plane.dot((area, price), BLUE)?;
        let miss = format!("{}", prediction - price);
        plane.note(
            &miss,
            (area, (price + prediction) / 2.0),
            (-34, -8),
            VERMILLION,
        )?;
    }
    plane.note("blue: the houses", (6.0, 400.0), (0, 0), BLUE)?;
    plane.note("red: misses ŷ − y", (6.0, 372.0), (0, 0), VERMILLION)?;
    Ok(())
}

fn loss_slope(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 640, 440)?;
    let (x, y) = areas_and_prices();
    let loss_at = |w: f64| loss(w, &x, &y);
    let mut plane = Plane::free(
        &root,
        "The loss L(w) and its slope at w = 2",
        1.5..3.6,
        -2000.0..13000.0,
        AxisNames {
            x: "weight w (thousand dollars per square metre)",
            y: "L(w) (thousand dollars)²",
            x_categories: &[],
        },
    )?;
    plane.draw_origin_axes()?;
    plane.function(loss_at, BLUE, 3)?;
    let slope = loss_derivative(W0, &x, &y);
    let tangent = line_through(W0, loss_at(W0), slope);
    plane.function_between(tangent, 1.62..2.26, VERMILLION, 2)?;
    plane.dot((W0, loss_at(W0)), VERMILLION)?;
    let text = format!("L′(2) = {slope:.0}");
    plane.label(&text, (W0, loss_at(W0)), (14, -4), VERMILLION)?;
    plane.arrow((W0, -1000.0), (W0 + 0.45, -1000.0), GREEN)?;
    plane.label(
        "downhill: increase w",
        (W0 + 0.45, -1000.0),
        (8, -10),
        GREEN,
    )?;
    let best = best_weight(&x, &y);
    plane.dot((best, loss_at(best)), INK)?;
    plane.dashed((best, loss_at(best)), (best, 2300.0), MUTED)?;
    let text = format!("bottom: w ≈ {best:.2}");
    plane.note(&text, (2.3, 3000.0), (0, 0), INK)?;
    Ok(())
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
fn walk_panel(
    area: &Area<'_>,
    title: &str,
    learning_rate: f64,
    steps: usize,
    span: std::ops::Range<f64>,
    height: f64,
) -> Result<(), DrawError> {
    let (x, y) = areas_and_prices();
    let loss_at = |w: f64| loss(w, &x, &y);
    let mut plane = Plane::free(
        area,
        title,
        span,
        0.0..height,
        AxisNames {
            x: "weight w",
            y: "L(w)",
            x_categories: &[],
        },
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
    Ok(())
}

fn descent_steps(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 900, 420)?;
    let (left, right) = root.split_horizontally(450);
    walk_panel(
        &left,
        "η = 0.00002: down to the bottom",
        0.00002,
        5,
        1.9..3.2,
        4000.0,
    )?;
    walk_panel(
        &right,
        "η = 0.0001: overshoots, diverges",
        0.0001,
        4,
        0.8..4.0,
        26000.0,
    )?;
    Ok(())
}

/// A difference quotient: `forward_difference` or `derivative`.
type Difference = fn(fn(f64) -> f64, f64, f64) -> f64;

fn difference_error(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 640, 460)?;
    let mut plane = Plane::log_log(
        &root,
        "Error of the numerical derivative of sin at x = 1",
        -15.0..0.0,
        -14.0..0.0,
        AxisNames {
            x: "step h",
            y: "error (absolute)",
            x_categories: &[],
        },
    )?;
    let exact = 1f64.cos();
    // Quarter-decade steps: fine enough to show the jagged round-off part.
    let exponents: Vec<f64> = (0..=60).map(|k| -f64::from(k) / 4.0).collect();
    // An error below the plot's floor (even an exact 0) is drawn on the floor.
    let log_error = |estimate: f64| (estimate - exact).abs().max(1e-14).log10();
    let mut legend_y = -0.4;
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
        let text = format!(
            "{name}: smallest error {:.0e} at h ≈ {}",
            10f64.powf(best.1),
            power_of_ten(best.0.round())
        );
        plane.label(&text, (-12.5, legend_y), (0, 0), color)?;
        legend_y -= 1.0;
    }
    plane.note("slope 1", (-2.5, -2.5), (0, 0), ORANGE)?;
    plane.note("slope 2", (-2.5, -6.0), (0, 0), BLUE)?;
    plane.note("round-off: the error", (-14.8, -10.6), (0, 0), MUTED)?;
    plane.note("grows as h shrinks", (-14.8, -11.4), (0, 0), MUTED)?;
    Ok(())
}
