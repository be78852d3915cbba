//! Figures of Chapter 4, Gradients and gradient descent: a bowl's contours
//! with gradient arrows, its slices along each weight, the slope in every
//! direction, a regression's loss falling and its line settling, three
//! learning rates, the zig-zag of unscaled data against the straight path of
//! standardised data, and a loss with two valleys.

use mlmath::gradients::{
    bowl, bowl_gradient, gradient_descent, house_prices, houses, numerical_gradient,
    regression_gradient, regression_loss,
};
use ndarray::{Array1, ArrayRef1, array};

use crate::style::{
    Area, AxisNames, BLUE, GREEN, INK, MUTED, ORANGE, PURPLE, Plane, VERMILLION, canvas,
};
use crate::{DrawError, Figure};

pub const FIGURES: &[Figure] = &[
    Figure {
        name: "bowl-gradients",
        chapter: "ch04-gradients.md",
        draw: still!(
            bowl_gradients,
            "Contour lines of the bowl L(w₁, w₂) = w₁² + 3w₂², drawn as nested ellipses around the lowest point (0, 0), wider along w₁ than along w₂, at L = 1, 3, 7 and 12. At five points on the contours a blue arrow shows the gradient: each points straight outwards, at a right angle to its contour line, uphill. At the point (2, 1), on the contour L = 7, the gradient (4, 6) is labelled, and a dashed red arrow points the opposite way, labelled −∇L, downhill.",
            "The gradient points uphill, at a right angle to the contour line; minus the gradient points downhill."
        ),
    },
    Figure {
        name: "bowl-slices",
        chapter: "ch04-gradients.md",
        draw: still!(
            bowl_slices,
            "Two plots of slices through the bowl at the point (2, 1), where L = 7. Left: w₂ held at 1, L = w₁² + 3 against w₁, a parabola with a red tangent at w₁ = 2 of slope 4, labelled ∂L/∂w₁ = 4. Right: w₁ held at 2, L = 4 + 3w₂² against w₂, a steeper parabola with a red tangent at w₂ = 1 of slope 6, labelled ∂L/∂w₂ = 6.",
            "A partial derivative is the slope of one slice: hold every other weight still and move one."
        ),
    },
    Figure {
        name: "directional-slope",
        chapter: "ch04-gradients.md",
        draw: still!(
            directional_slope,
            "A wave-shaped curve of the slope of the bowl at (2, 1) along a unit direction u, against the angle θ between u and the gradient, from 0° to 360°. It starts at its highest, 7.21 = |∇L|, at θ = 0°, falls through 0 at 90°, reaches its lowest, −7.21, at 180°, where u points against the gradient, and rises back. The lowest point is marked steepest descent.",
            "The slope along u is |∇L| cos θ: most negative, the steepest way down, when u points against the gradient."
        ),
    },
    Figure {
        name: "training-curve",
        chapter: "ch04-gradients.md",
        draw: still!(
            training_curve,
            "The loss of the house-price line against the iteration of gradient descent, 0 to 50, on a logarithmic axis from 10 to 100,000 squared thousand dollars. It falls from 74,245 at iteration 0 steadily, in a nearly straight line on this axis, to a dashed horizontal line at 12.19, the lowest loss any line can reach, and levels off on it by iteration 30.",
            "Gradient descent drives the loss down to the lowest a straight line can reach, 12.19, and no further."
        ),
    },
    Figure {
        name: "fitted-lines",
        chapter: "ch04-gradients.md",
        draw: still!(
            fitted_lines,
            "The five houses as blue dots, area across in square metres and price up in thousand dollars, with the line of the model after 0, 2, 5, 10 and 50 steps of gradient descent. At step 0 it is flat at price 0; by step 2 it has risen to a shallow line through the middle of the picture; by step 5 and step 10 it tilts up towards the houses; at step 50, drawn in red, it runs through the houses, with slope 2.71 and intercept −17.1.",
            "The line at a few steps of gradient descent: from flat at zero to the least-squares line through the houses."
        ),
    },
    Figure {
        name: "learning-rates",
        chapter: "ch04-gradients.md",
        draw: still!(
            learning_rates,
            "Three panels, each showing circular contour lines of the loss around its lowest point (84.6, 259), weight w across and bias b up, and the path of gradient descent from (0, 0). Left, η = 0.01: 30 short steps along a straight line cover only about half the way. Middle, η = 0.1: the same straight line, the steps shrinking, reaching the lowest point. Right, η = 1.05: each step jumps over the lowest point to the other side and further out, so the path bounces outwards, away from it.",
            "Too small a learning rate crawls, a good one arrives, too large a one overshoots further each step."
        ),
    },
    Figure {
        name: "zigzag-vs-straight",
        chapter: "ch04-gradients.md",
        draw: still!(
            zigzag_vs_straight,
            "Two panels of gradient descent on the same five houses. Left, area in raw square metres: the contour lines of the loss are long, thin, nearly vertical ellipses around the lowest point (2.71, −17.1); the path from (0, 0) zig-zags left and right across the narrow valley, from w = 0 to 4.6, back to 0.8, to 4.0 and so on, then settles near w = 2.55 with b still near 0 after 1000 steps, far from the lowest point. Right, standardised area: circular contours, and a straight path from (0, 0) to the lowest point (84.6, 259) in 50 steps.",
            "Unscaled, the valley is long and thin: gradient descent zig-zags across it and crawls along it. Standardised, it walks straight down."
        ),
    },
    Figure {
        name: "two-valleys",
        chapter: "ch04-gradients.md",
        draw: still!(
            two_valleys,
            "The curve L(w) = w⁴ − 3w² + w for w from −2 to 2, with two valleys: a deep one at w ≈ −1.30, where L ≈ −3.51, and a shallower one at w ≈ 1.13, where L ≈ −1.07, separated by a hump near w = 0.17. Two paths of gradient descent start close together: from w = −0.3, orange dots roll left into the deep valley; from w = 0.3, purple dots roll right into the shallow one.",
            "Two starts 0.6 apart end in different valleys: where gradient descent starts decides which bottom it finds."
        ),
    },
];

/// The point the chapter computes the bowl's gradient at.
fn point() -> Array1<f64> {
    array![2.0, 1.0]
}

fn bowl_at(w1: f64, w2: f64) -> f64 {
    bowl(&array![w1, w2])
}

fn bowl_gradients(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 640, 460)?;
    let mut plane = Plane::new(
        &root,
        "Contours of L = w₁² + 3w₂², and gradients",
        -4.2..4.2,
        -2.4..2.4,
        AxisNames::new("weight w₁", "weight w₂"),
    )?;
    plane.draw_origin_axes()?;

    for level in [1.0, 3.0, 7.0, 12.0] {
        plane.contour_around(bowl_at, (0.0, 0.0), level, MUTED)?;
        let label = format!("L = {level}");
        plane.note(&label, (0.0, (level / 3.0).sqrt()), (4, -20), MUTED)?;
    }
    // Arrows are an eighth of the gradient's length, to fit on the page.
    let scale = 0.12;
    let points = [
        (2.0, 1.0),
        (-1.0, 1.0),
        (-2.6, -0.5),
        (0.0, -1.0),
        (3.0, -1.0),
    ];
    for (w1, w2) in points {
        let gradient = bowl_gradient(&array![w1, w2]);
        let tip = (w1 + scale * gradient[0], w2 + scale * gradient[1]);
        plane.arrow((w1, w2), tip, BLUE)?;
        plane.dot((w1, w2), INK)?;
    }
    let w = point();
    let gradient = bowl_gradient(&w);
    let (from, back) = (
        (w[0], w[1]),
        (w[0] - scale * gradient[0], w[1] - scale * gradient[1]),
    );
    plane.arrow(from, back, VERMILLION)?;
    let text = format!("∇L(2, 1) = ({}, {})", gradient[0], gradient[1]);
    plane.label(
        &text,
        (w[0] + scale * gradient[0], w[1] + scale * gradient[1]),
        (-70, -24),
        BLUE,
    )?;
    plane.label("−∇L: downhill", back, (-60, 8), VERMILLION)?;
    Ok(())
}

/// One slice of the bowl through (2, 1), along one weight.
struct Slice<'s> {
    title: &'s str,
    /// The weight that moves.
    weight: &'s str,
    /// How its partial derivative is written.
    partial: &'s str,
    span: std::ops::Range<f64>,
    /// The moving weight's value at the point.
    at: f64,
    /// The partial derivative there.
    slope: f64,
}

/// A panel with `slice`, where `loss(t)` is L with the moving weight at t.
fn slice_panel(
    area: &Area<'_>,
    slice: &Slice<'_>,
    loss: impl Fn(f64) -> f64,
) -> Result<(), DrawError> {
    let mut plane = Plane::free(
        area,
        slice.title,
        slice.span.clone(),
        0.0..16.0,
        AxisNames {
            x: slice.weight,
            y: "L",
            x_categories: &[],
        },
    )?;
    plane.function(&loss, BLUE, 3)?;
    let (at, slope) = (slice.at, slice.slope);
    let tangent = |t: f64| loss(at) + slope * (t - at);
    plane.function_between(tangent, (at - 1.0)..(at + 1.0), VERMILLION, 2)?;
    plane.dot((at, loss(at)), INK)?;
    let text = format!("{} = {slope:.0}", slice.partial);
    plane.label(&text, (at, loss(at)), (14, 6), VERMILLION)?;
    Ok(())
}

fn bowl_slices(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 880, 380)?;
    let (left, right) = root.split_horizontally(440);
    let w = point();
    let slopes = numerical_gradient(bowl, &w, 1e-5);
    let along_w1 = Slice {
        title: "Hold w₂ = 1, move w₁",
        weight: "w₁",
        partial: "∂L/∂w₁",
        span: -1.5..3.5,
        at: w[0],
        slope: slopes[0],
    };
    slice_panel(&left, &along_w1, |t| bowl_at(t, w[1]))?;
    let along_w2 = Slice {
        title: "Hold w₁ = 2, move w₂",
        weight: "w₂",
        partial: "∂L/∂w₂",
        span: -1.5..2.2,
        at: w[1],
        slope: slopes[1],
    };
    slice_panel(&right, &along_w2, |t| bowl_at(w[0], t))?;
    Ok(())
}

fn directional_slope(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 640, 380)?;
    let gradient = bowl_gradient(&point());
    let length = gradient.dot(&gradient).sqrt();
    let mut plane = Plane::free(
        &root,
        "Slope of L at (2, 1) along a unit direction u",
        0.0..360.0,
        -9.5..10.0,
        AxisNames {
            x: "angle θ between u and ∇L (degrees)",
            y: "slope ∇L · u",
            x_categories: &[],
        },
    )?;
    plane.draw_origin_axes()?;
    // u is the gradient's direction turned by θ; its slope is ∇L · u.
    let slope_at = |degrees: f64| {
        let (sin, cos) = degrees.to_radians().sin_cos();
        let u = array![
            (gradient[0] * cos - gradient[1] * sin) / length,
            (gradient[0] * sin + gradient[1] * cos) / length
        ];
        gradient.dot(&u)
    };
    plane.function(slope_at, BLUE, 3)?;
    plane.dot((0.0, slope_at(0.0)), INK)?;
    plane.dot((180.0, slope_at(180.0)), VERMILLION)?;
    let top = format!("|∇L| = {length:.2}: steepest ascent");
    plane.label(&top, (0.0, slope_at(0.0)), (14, -30), INK)?;
    let bottom = format!("{:.2}: steepest descent, u = −∇L/|∇L|", slope_at(180.0));
    plane.label(&bottom, (180.0, slope_at(180.0)), (-150, 12), VERMILLION)?;
    Ok(())
}

/// The houses' areas and prices: the chapter's regression data.
fn areas_and_prices() -> (Array1<f64>, Array1<f64>) {
    (houses().column(0).to_owned(), house_prices())
}

/// The areas standardised as in Chapter 1, with the library's own
/// standardising (Chapter 5's).
fn standardised(areas: &Array1<f64>) -> Array1<f64> {
    mlmath::stats::standardize(areas)
}

/// The training run of the chapter's ML view: standardised areas, from
/// (0, 0), with η = 0.1.
fn training_path(steps: usize) -> Vec<Array1<f64>> {
    let (areas, prices) = areas_and_prices();
    let z = standardised(&areas);
    let grad = |p: &ArrayRef1<f64>| regression_gradient(p, &z, &prices);
    gradient_descent(grad, array![0.0, 0.0], 0.1, steps)
}

fn training_curve(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 640, 400)?;
    let (areas, prices) = areas_and_prices();
    let z = standardised(&areas);
    let path = training_path(50);
    let losses: Vec<f64> = path
        .iter()
        .map(|p| regression_loss(p, &z, &prices))
        .collect();
    let mut plane = Plane::log_y(
        &root,
        "Loss against iteration (η = 0.1)",
        0.0..50.0,
        1.0..5.0,
        AxisNames {
            x: "iteration",
            y: "loss (thousand dollars)²",
            x_categories: &[],
        },
    )?;
    let lowest = losses.iter().copied().fold(f64::INFINITY, f64::min);
    plane.dashed((0.0, lowest.log10()), (50.0, lowest.log10()), MUTED)?;
    let text = format!("lowest possible: {lowest:.2}");
    plane.note(&text, (28.0, lowest.log10()), (0, -24), MUTED)?;
    let points = losses
        .iter()
        .enumerate()
        .map(|(k, loss)| (k as f64, loss.log10()))
        .collect();
    plane.line(points, BLUE, 3)?;
    let text = format!("start: {:.0}", losses[0]);
    plane.label(&text, (0.0, losses[0].log10()), (12, -4), BLUE)?;
    Ok(())
}

fn fitted_lines(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 640, 440)?;
    let (areas, prices) = areas_and_prices();
    let (mean, std) = (areas.mean().unwrap_or(0.0), areas.std(0.0));
    let path = training_path(50);
    let mut plane = Plane::free(
        &root,
        "The line after 0, 2, 5, 10 and 50 steps",
        40.0..185.0,
        -20.0..450.0,
        AxisNames {
            x: "area (square metres)",
            y: "price (thousand dollars)",
            x_categories: &[],
        },
    )?;
    for (step, color) in [
        (0, MUTED),
        (2, PURPLE),
        (5, ORANGE),
        (10, GREEN),
        (50, VERMILLION),
    ] {
        let (w, b) = (path[step][0], path[step][1]);
        // The model sees standardised areas: ŷ = w (x − mean) / std + b.
        let line = |x: f64| w * (x - mean) / std + b;
        plane.function_between(line, 40.0..160.0, color, if step == 50 { 3 } else { 2 })?;
        let text = format!("step {step}");
        plane.label(&text, (160.0, line(160.0)), (4, -10), color)?;
    }
    for (&x, &y) in areas.iter().zip(&prices) {
        plane.dot((x, y), BLUE)?;
    }
    Ok(())
}

/// A panel of the regression's loss contours on standardised areas, weight
/// `w` across and bias `b` up, with a path of gradient descent on them.
fn path_panel(
    area: &Area<'_>,
    title: &str,
    path: &[Array1<f64>],
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
    levels: &[f64],
) -> Result<(), DrawError> {
    let (areas, prices) = areas_and_prices();
    let z = standardised(&areas);
    let loss = |w: f64, b: f64| regression_loss(&array![w, b], &z, &prices);
    let lowest = training_path(200)[200].clone();
    let mut plane = Plane::new(area, title, x, y, AxisNames::new("weight w", "bias b"))?;
    plane.draw_origin_axes()?;

    for &level in levels {
        plane.contour_around(loss, (lowest[0], lowest[1]), level, MUTED)?;
    }
    plane.dot((lowest[0], lowest[1]), INK)?;
    draw_path(&mut plane, path, ORANGE)
}

/// A descent path as dots joined by lines, cut where it leaves the plane.
fn draw_path(
    plane: &mut Plane<'_>,
    path: &[Array1<f64>],
    color: plotters::style::RGBColor,
) -> Result<(), DrawError> {
    let points: Vec<(f64, f64)> = path.iter().map(|p| (p[0], p[1])).collect();
    plane.clipped_line(points.clone(), color, 2)?;
    let (x, y) = (plane.chart.x_range(), plane.chart.y_range());
    for point in points {
        if x.contains(&point.0) && y.contains(&point.1) {
            plane.dot(point, color)?;
        }
    }
    Ok(())
}

fn learning_rates(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 900, 430)?;
    let panels = root.split_evenly((1, 3));
    let (areas, prices) = areas_and_prices();
    let z = standardised(&areas);
    let grad = |p: &ArrayRef1<f64>| regression_gradient(p, &z, &prices);
    let runs = [
        (
            "η = 0.01: 30 steps, slow",
            0.01,
            30,
            -60.0..180.0,
            -30.0..330.0,
        ),
        (
            "η = 0.1: 30 steps, arrives",
            0.1,
            30,
            -60.0..180.0,
            -30.0..330.0,
        ),
        (
            "η = 1.05: 6 steps, diverges",
            1.05,
            6,
            -250.0..450.0,
            -300.0..800.0,
        ),
    ];
    for (panel, (title, rate, steps, x, y)) in panels.iter().zip(runs) {
        let path = gradient_descent(grad, array![0.0, 0.0], rate, steps);
        let levels: &[f64] = if rate > 1.0 {
            &[5_000.0, 50_000.0, 200_000.0]
        } else {
            &[1_000.0, 10_000.0, 40_000.0]
        };
        path_panel(panel, title, &path, x, y, levels)?;
    }
    Ok(())
}

fn zigzag_vs_straight(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 900, 470)?;
    let (left, right) = root.split_horizontally(450);
    let (areas, prices) = areas_and_prices();
    // The best line of both panels, from the standardised run, in the
    // units of the left panel: area in hundreds of square metres.
    let best = training_path(200)[200].clone();
    let hundreds = &areas / 100.0;
    let w_per_hundred = best[0] / hundreds.std(0.0);
    let raw_best = (
        w_per_hundred,
        best[1] - w_per_hundred * hundreds.mean().unwrap_or(0.0),
    );
    let raw_loss = |w: f64, b: f64| regression_loss(&array![w, b], &hundreds, &prices);
    let raw_grad = |p: &ArrayRef1<f64>| regression_gradient(p, &hundreds, &prices);
    let raw_path = gradient_descent(raw_grad, array![0.0, 0.0], 0.4, 50);
    let mut plane = Plane::new(
        &left,
        "Unscaled area: zig-zag (50 steps)",
        -20.0..300.0,
        -60.0..270.0,
        AxisNames::new("w (per 100 m²)", "bias b"),
    )?;
    plane.draw_origin_axes()?;

    for level in [50.0, 500.0, 5_000.0, 30_000.0] {
        plane.contour_around(raw_loss, raw_best, level, MUTED)?;
    }
    draw_path(&mut plane, &raw_path, ORANGE)?;
    plane.dot(raw_best, INK)?;
    plane.label("lowest", raw_best, (-70, -24), INK)?;

    let z = standardised(&areas);
    let grad = |p: &ArrayRef1<f64>| regression_gradient(p, &z, &prices);
    let path = gradient_descent(grad, array![0.0, 0.0], 0.1, 50);
    let loss = |w: f64, b: f64| regression_loss(&array![w, b], &z, &prices);
    let mut plane = Plane::new(
        &right,
        "Standardised area: straight (50 steps)",
        -20.0..300.0,
        -60.0..270.0,
        AxisNames::new("w (per σ of area)", "bias b"),
    )?;
    plane.draw_origin_axes()?;

    for level in [50.0, 500.0, 5_000.0, 30_000.0] {
        plane.contour_around(loss, (best[0], best[1]), level, MUTED)?;
    }
    draw_path(&mut plane, &path, ORANGE)?;
    plane.dot((best[0], best[1]), INK)?;
    plane.label("lowest", (best[0], best[1]), (10, 0), INK)?;
    Ok(())
}

/// The chapter's loss with two valleys, `L(w) = w⁴ − 3w² + w`.
fn two_valley_loss(w: f64) -> f64 {
    w.powi(4) - 3.0 * w * w + w
}

/// Its slope, `4w³ − 6w + 1`, as a gradient of one weight.
fn two_valley_gradient(w: &ArrayRef1<f64>) -> Array1<f64> {
    array![4.0 * w[0].powi(3) - 6.0 * w[0] + 1.0]
}

fn two_valleys(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 640, 420)?;
    let mut plane = Plane::free(
        &root,
        "L(w) = w⁴ − 3w² + w: two valleys",
        -2.0..2.0,
        -4.0..4.0,
        AxisNames {
            x: "weight w",
            y: "L(w)",
            x_categories: &[],
        },
    )?;
    plane.draw_origin_axes()?;
    plane.function(two_valley_loss, BLUE, 3)?;
    for (start, color, offset) in [(-0.3, ORANGE, (-40, -40)), (0.3, PURPLE, (-10, -40))] {
        let path = gradient_descent(two_valley_gradient, array![start], 0.05, 30);
        for w in &path {
            plane.dot((w[0], two_valley_loss(w[0])), color)?;
        }
        let text = format!("start {start}");
        plane.label(&text, (start, two_valley_loss(start)), offset, color)?;
        let end = path[path.len() - 1][0];
        let text = format!("ends at {end:.2}");
        plane.label(&text, (end, two_valley_loss(end)), (-40, 14), color)?;
    }
    Ok(())
}
