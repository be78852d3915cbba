//! Figures of Chapter 4, Gradients and gradient descent: a bowl's contours
//! with gradient arrows, its slices along each weight, the slope in every
//! direction, a regression's loss falling and its line settling, three
//! learning rates, the zig-zag of unscaled data against the straight path of
//! standardised data, and a loss with two valleys. Two are explorable: the
//! chapter's first run on the bowl walked one step at a time
//! (`descent-walk`), and the bowl's run at ten learning rates, from too
//! slow to diverging (`rate-slider`).
//!
//! Each figure is drawn in both layouts by one function, and its words are
//! built from the same formatted values as its labels.

use mlmath::gradients::{
    bowl, bowl_gradient, gradient_descent, house_prices, houses, minibatch_gradient_descent,
    numerical_gradient, regression_gradient, regression_loss,
};
use ndarray::{Array1, ArrayRef1, array};
use plotters::style::RGBColor;

use crate::prose::{capitalised, count_word, listed, number, short};
use crate::style::{
    Area, AxisNames, BLUE, GREEN, INK, MUTED, ORANGE, PURPLE, Plane, VERMILLION, canvas,
    centred_text, panels,
};
use crate::{Control, Draw, DrawError, Figure, Layout, Words};

pub const FIGURES: &[Figure] = &[
    Figure {
        name: "bowl-gradients",
        chapter: "ch04-gradients.md",
        draw: Draw::Still(bowl_gradients),
    },
    Figure {
        name: "bowl-slices",
        chapter: "ch04-gradients.md",
        draw: Draw::Still(bowl_slices),
    },
    Figure {
        name: "directional-slope",
        chapter: "ch04-gradients.md",
        draw: Draw::Still(directional_slope),
    },
    Figure {
        name: "descent-walk",
        chapter: "ch04-gradients.md",
        draw: Draw::Explorable(Control {
            label: "Step k",
            states: WALK_STEPS + 1,
            initial: 4,
            draw: descent_walk,
        }),
    },
    Figure {
        name: "training-curve",
        chapter: "ch04-gradients.md",
        draw: Draw::Still(training_curve),
    },
    Figure {
        name: "fitted-lines",
        chapter: "ch04-gradients.md",
        draw: Draw::Still(fitted_lines),
    },
    Figure {
        name: "learning-rates",
        chapter: "ch04-gradients.md",
        draw: Draw::Still(learning_rates),
    },
    Figure {
        name: "rate-slider",
        chapter: "ch04-gradients.md",
        draw: Draw::Explorable(Control {
            label: "Learning rate η",
            states: SLIDER_RATES.len(),
            initial: 2,
            draw: rate_slider,
        }),
    },
    Figure {
        name: "zigzag-vs-straight",
        chapter: "ch04-gradients.md",
        draw: Draw::Still(zigzag_vs_straight),
    },
    Figure {
        name: "sgd-noise",
        chapter: "ch04-gradients.md",
        draw: Draw::Still(sgd_noise),
    },
    Figure {
        name: "two-valleys",
        chapter: "ch04-gradients.md",
        draw: Draw::Still(two_valleys),
    },
];

/// A point as "(x, y)", each coordinate with `decimals` decimals.
fn pair(point: (f64, f64), decimals: usize) -> String {
    format!(
        "({}, {})",
        number(point.0, decimals),
        number(point.1, decimals)
    )
}

/// The point the chapter computes the bowl's gradient at.
fn point() -> Array1<f64> {
    array![2.0, 1.0]
}

fn bowl_at(w1: f64, w2: f64) -> f64 {
    bowl(&array![w1, w2])
}

/// The levels of the bowl's contour lines.
const BOWL_LEVELS: [f64; 4] = [1.0, 3.0, 7.0, 12.0];

/// Where gradient arrows start: each on one of [`BOWL_LEVELS`] (checked when
/// drawing), so every arrow can be seen to cross its contour line square.
const BOWL_POINTS: [(f64, f64); 5] = [
    (2.0, 1.0),
    (-1.5, 0.5),
    (-2.0, -1.0),
    (0.0, -1.0),
    (3.0, -1.0),
];

/// Gradient arrows are drawn at this fraction of their length, to fit.
const ARROW_SCALE: f64 = 0.12;

fn bowl_gradients(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = canvas(svg, layout.pick(640, 360), layout.pick(460, 285))?;
    let title = layout.pick(
        "Contours of L = w₁² + 3w₂², and gradients",
        "Contours of L = w₁² + 3w₂²",
    );
    let mut plane = Plane::new(
        &root,
        title,
        // Narrower on a phone, to have ticks at -2 and 2 (wider would have
        // room for 0 alone), but still holding every arrow.
        layout.pick(-4.2..4.2, -3.9..3.9),
        -2.4..2.4,
        AxisNames::new("weight w₁", "weight w₂"),
    )?;
    plane.draw_origin_axes()?;

    let levels: Vec<String> = BOWL_LEVELS.iter().map(|&level| number(level, 0)).collect();
    for (&level, text) in BOWL_LEVELS.iter().zip(&levels) {
        plane.contour_around(bowl_at, (0.0, 0.0), level, MUTED)?;
        match layout {
            Layout::Wide => {
                let at = (0.0, (level / 3.0).sqrt());
                plane.note(&format!("L = {text}"), at, (4, -20), MUTED)?;
            }
            // On a phone the ellipses cross the w₂ axis too close together
            // for a label each: the level alone, under where they cross -w₁.
            Layout::Narrow => plane.note(text, (-level.sqrt(), 0.0), (3, 2), MUTED)?,
        }
    }
    for (w1, w2) in BOWL_POINTS {
        let on_a_level = BOWL_LEVELS
            .iter()
            .any(|&level| (bowl_at(w1, w2) - level).abs() < 1e-9);
        if !on_a_level {
            return Err(DrawError::new(format!(
                "the gradient at ({w1}, {w2}) starts on none of the contour lines drawn"
            )));
        }
        let gradient = bowl_gradient(&array![w1, w2]);
        let tip = (
            w1 + ARROW_SCALE * gradient[0],
            w2 + ARROW_SCALE * gradient[1],
        );
        plane.arrow((w1, w2), tip, BLUE)?;
        plane.dot((w1, w2), INK)?;
    }

    let w = point();
    let gradient = bowl_gradient(&w);
    let at = pair((w[0], w[1]), 0);
    let gradient_text = pair((gradient[0], gradient[1]), 0);
    let level_here = number(bowl(&w), 0);
    let from = (w[0], w[1]);
    let back = (
        w[0] - ARROW_SCALE * gradient[0],
        w[1] - ARROW_SCALE * gradient[1],
    );
    let tip = (
        w[0] + ARROW_SCALE * gradient[0],
        w[1] + ARROW_SCALE * gradient[1],
    );
    plane.arrow(from, back, VERMILLION)?;
    let label = format!("∇L{at} = {gradient_text}");
    plane.label(&label, tip, layout.pick((-70, -24), (-132, -22)), BLUE)?;
    plane.label(
        "−∇L: downhill",
        back,
        layout.pick((-60, 8), (-70, 8)),
        VERMILLION,
    )?;

    let alt = format!(
        "Contour lines of the bowl L(w₁, w₂) = w₁² + 3w₂²: nested ellipses around the lowest \
         point (0, 0), wider along w₁ than along w₂, at L = {levels}. At {count} points, each on \
         one of these contour lines, a blue arrow shows the gradient: it points outwards, uphill, \
         at a right angle to the contour line. At the point {at}, on the contour L = {level_here}, \
         the gradient {gradient_text} is labelled, and a solid red arrow points the opposite way, \
         labelled −∇L: downhill.",
        levels = listed(&levels),
        count = count_word(BOWL_POINTS.len()),
    );
    Ok(Words {
        alt,
        caption: "The gradient points uphill, at a right angle to the contour line; minus the \
                  gradient points downhill."
            .to_owned(),
        shown: Vec::new(),
        ..Words::default()
    })
}

/// One slice of the bowl through the chapter's point, along one weight.
struct Slice {
    title: String,
    /// The weight that moves.
    weight: &'static str,
    /// The slice's formula, which names the y axis.
    formula: String,
    span: std::ops::Range<f64>,
    /// The moving weight's value at the point.
    at: f64,
    /// The label of the tangent: the partial derivative and its value.
    tangent: String,
    slope: f64,
}

/// A panel with `slice`, where `loss(t)` is L with the moving weight at t.
fn slice_panel(area: &Area<'_>, slice: &Slice, loss: impl Fn(f64) -> f64) -> Result<(), DrawError> {
    let mut plane = Plane::free(
        area,
        &slice.title,
        slice.span.clone(),
        0.0..16.0,
        AxisNames::new(slice.weight, &slice.formula),
    )?;
    plane.function(&loss, BLUE, 3)?;
    let (at, slope) = (slice.at, slice.slope);
    let tangent = |t: f64| loss(at) + slope * (t - at);
    plane.function_between(tangent, (at - 1.0)..(at + 1.0), VERMILLION, 2)?;
    plane.dot((at, loss(at)), INK)?;
    // Above and to the left, where a parabola curving up leaves room.
    plane.label(&slice.tangent, (at, loss(at)), (-112, -30), VERMILLION)?;
    Ok(())
}

fn bowl_slices(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = canvas(svg, layout.pick(720, 360), layout.pick(380, 680))?;
    let areas = panels(&root, layout, 2);
    let w = point();
    let slopes = numerical_gradient(bowl, &w, 1e-5);
    let (w1, w2) = (number(w[0], 0), number(w[1], 0));
    let (s1, s2) = (number(slopes[0], 0), number(slopes[1], 0));
    let along_w1 = Slice {
        title: format!("Hold w₂ = {w2}, move w₁"),
        weight: "weight w₁",
        formula: format!("L = w₁² + {}", number(3.0 * w[1] * w[1], 0)),
        span: -1.5..3.5,
        at: w[0],
        tangent: format!("∂L/∂w₁ = {s1}"),
        slope: slopes[0],
    };
    slice_panel(&areas[0], &along_w1, |t| bowl_at(t, w[1]))?;
    let along_w2 = Slice {
        title: format!("Hold w₁ = {w1}, move w₂"),
        weight: "weight w₂",
        formula: format!("L = {} + 3w₂²", number(w[0] * w[0], 0)),
        span: -1.5..2.2,
        at: w[1],
        tangent: format!("∂L/∂w₂ = {s2}"),
        slope: slopes[1],
    };
    slice_panel(&areas[1], &along_w2, |t| bowl_at(w[0], t))?;

    let mut words = Words::default();
    // The dot in each panel sits at this height.
    let level = words.shows(number(bowl(&w), 0));
    words.alt = format!(
        "Two panels, each a slice through the bowl at the point ({w1}, {w2}), where L = {level}. \
         In the first, w₂ is held at {w2} and {f1} is drawn against w₁: a parabola with a red \
         tangent at w₁ = {w1} of slope {s1}, labelled {t1}. In the second, w₁ is held at {w1} \
         and {f2} is drawn against w₂: a steeper parabola with a red tangent at w₂ = {w2} of \
         slope {s2}, labelled {t2}.",
        f1 = along_w1.formula,
        t1 = along_w1.tangent,
        f2 = along_w2.formula,
        t2 = along_w2.tangent,
    );
    words.caption =
        "A partial derivative is the slope of one slice: hold every other weight still and move one."
            .to_owned();
    Ok(words)
}

fn directional_slope(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = canvas(svg, layout.pick(640, 360), layout.pick(380, 340))?;
    let w = point();
    let gradient = bowl_gradient(&w);
    let length = gradient.dot(&gradient).sqrt();
    let at = pair((w[0], w[1]), 0);
    let title = format!("Slope of L at {at} along a unit direction u");
    let title = layout.pick(title, format!("Slope of L at {at} along u"));
    let mut plane = Plane::free(
        &root,
        &title,
        0.0..360.0,
        layout.pick(-9.5, -13.0)..10.0,
        AxisNames::new("angle θ between u and ∇L (degrees)", "slope ∇L · u"),
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

    let (across, against, back_across) = (90.0, 180.0, 270.0);
    let across_text = format!("{}°", number(across, 0));
    let back_across_text = format!("{}°", number(back_across, 0));
    plane.dot((across, slope_at(across)), INK)?;
    plane.note(&across_text, (across, 0.0), (8, -24), INK)?;
    plane.dot((back_across, slope_at(back_across)), INK)?;
    plane.note(&back_across_text, (back_across, 0.0), (-46, -24), INK)?;

    let highest = number(length, 2);
    let lowest = number(slope_at(against), 2);
    let against_text = format!("{}°", number(against, 0));
    plane.dot((0.0, slope_at(0.0)), INK)?;
    let top = format!("|∇L| = {highest}: steepest ascent");
    plane.label(&top, (0.0, slope_at(0.0)), (14, -30), INK)?;
    plane.dot((against, slope_at(against)), VERMILLION)?;
    let bottom = (against, slope_at(against));
    let value_at = format!("{lowest} at {against_text}");
    match layout {
        Layout::Wide => {
            let text = format!("{value_at}: steepest descent, u = −∇L/|∇L|");
            plane.label(&text, bottom, (-190, 12), VERMILLION)?;
        }
        // Too long for a phone on one line: two, under the dot.
        Layout::Narrow => {
            plane.label(&value_at, bottom, (-60, 12), VERMILLION)?;
            plane.label("steepest descent", bottom, (-72, 32), VERMILLION)?;
        }
    }

    let alt = format!(
        "A wave-shaped curve: the slope of the bowl at {at} along a unit direction u, against the \
         angle θ between u and the gradient, over a full turn. It starts at its highest, \
         |∇L| = {highest}, at θ = 0°, marked steepest ascent; crosses zero at {across_text} and \
         {back_across_text}, where u runs along the contour line; reaches its lowest, {lowest}, \
         at {against_text}, where u points against the gradient, marked steepest descent; and \
         rises back to {highest} at the end of the turn."
    );
    Ok(Words {
        alt,
        caption: "The slope along u is |∇L| cos θ: most negative, the steepest way down, when u \
                  points against the gradient."
            .to_owned(),
        shown: Vec::new(),
        ..Words::default()
    })
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

/// The learning rate of the chapter's training run.
const ETA: f64 = 0.1;

/// The training run of the chapter's ML view: standardised areas, from
/// (0, 0), with η = [`ETA`].
fn training_path(steps: usize) -> Vec<Array1<f64>> {
    let (areas, prices) = areas_and_prices();
    let z = standardised(&areas);
    let grad = |p: &ArrayRef1<f64>| regression_gradient(p, &z, &prices);
    gradient_descent(grad, array![0.0, 0.0], ETA, steps)
}

/// The best line on standardised areas, (w, b): where the training run is
/// after 200 steps, still to many more digits than any figure prints.
fn best_line() -> Array1<f64> {
    training_path(200)[200].clone()
}

/// How close to the lowest loss the training curve must come, as a
/// fraction of it, to count as having levelled off.
const LEVELLED: f64 = 0.01;

fn training_curve(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = canvas(svg, layout.pick(640, 360), layout.pick(400, 340))?;
    let (areas, prices) = areas_and_prices();
    let z = standardised(&areas);
    let steps = 50;
    let losses: Vec<f64> = training_path(steps)
        .iter()
        .map(|p| regression_loss(p, &z, &prices))
        .collect();
    let lowest = regression_loss(&best_line(), &z, &prices);
    let settled = losses
        .iter()
        .position(|&loss| loss - lowest <= LEVELLED * lowest)
        .ok_or_else(|| DrawError::new("the training run never levels off"))?;

    let eta = format!("{ETA}");
    let mut plane = Plane::log_y(
        &root,
        &format!("Loss against iteration (η = {eta})"),
        0.0..steps as f64,
        // Half a decade under 10¹, to leave room for a note under the floor.
        0.5..5.0,
        AxisNames::new("iteration", "loss (thousand dollars)²"),
    )?;
    let lowest_text = number(lowest, 2);
    let floor = lowest.log10();
    plane.dashed((0.0, floor), (steps as f64, floor), MUTED)?;
    let note = format!("lowest possible: {lowest_text}");
    plane.note(&note, (steps as f64, floor), (-200, 6), MUTED)?;
    let points = losses
        .iter()
        .enumerate()
        .map(|(k, loss)| (k as f64, loss.log10()))
        .collect();
    plane.line(points, BLUE, 3)?;
    let start = number(losses[0], 0);
    plane.label(
        &format!("start: {start}"),
        (0.0, losses[0].log10()),
        (12, -4),
        BLUE,
    )?;
    let settled_loss = number(losses[settled], 2);
    let at = (settled as f64, losses[settled].log10());
    plane.dot(at, INK)?;
    let label = format!("iteration {settled}: {settled_loss}");
    plane.label(&label, at, layout.pick((-40, -40), (-60, -40)), INK)?;

    let mut words = Words::default();
    let percent = words.shows(number(LEVELLED * 100.0, 0));
    // The x axis ends there, whether or not a tick is printed at its end.
    let last = words.shows(steps.to_string());
    words.alt = format!(
        "The loss of the house-price line against the iteration of gradient descent with \
         η = {eta}, on a logarithmic axis with ticks from 10 to 100,000 (thousand dollars)². It \
         falls from {start} at iteration 0, nearly straight on this axis, then flattens onto a \
         dashed horizontal line at {lowest_text}, the lowest loss any straight line can reach: at \
         iteration {settled}, marked with a dot, it is {settled_loss}, within {percent}% of that \
         floor, and it stays on it to iteration {last}."
    );
    words.caption = format!(
        "Gradient descent drives the loss down to the lowest a straight line can reach, \
         {lowest_text}, and no further."
    );
    Ok(words)
}

/// The steps of the training run whose lines are drawn, and their colours.
const SNAPSHOTS: [(usize, RGBColor); 5] = [
    (0, MUTED),
    (2, PURPLE),
    (5, ORANGE),
    (10, GREEN),
    (50, VERMILLION),
];

/// Where a line lies among the houses, in words, from its prices at their
/// areas.
fn line_among_houses(
    line: impl Fn(f64) -> f64,
    areas: &Array1<f64>,
    prices: &Array1<f64>,
) -> String {
    let gaps: Vec<f64> = areas
        .iter()
        .zip(prices)
        .map(|(&x, &y)| y - line(x))
        .collect();
    let widest = gaps.iter().fold(0.0_f64, |m, g| m.max(g.abs()));
    if areas.iter().all(|&x| line(x) == 0.0) {
        format!("lies flat at price {}", number(0.0, 0))
    } else if gaps.iter().all(|&gap| gap > 0.0) {
        format!("lies below all {} houses", count_word(areas.len()))
    } else if widest < 10.0 {
        // Within 10 thousand dollars of each, a few pixels: through the dots.
        "runs through the houses".to_owned()
    } else {
        "runs among the houses".to_owned()
    }
}

fn fitted_lines(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = canvas(svg, layout.pick(640, 360), layout.pick(440, 420))?;
    let (areas, prices) = areas_and_prices();
    let (mean, std) = (areas.mean().unwrap_or(0.0), areas.std(0.0));
    let last = SNAPSHOTS[SNAPSHOTS.len() - 1].0;
    let path = training_path(last);
    let steps: Vec<String> = SNAPSHOTS.iter().map(|(step, _)| step.to_string()).collect();
    let eta = format!("{ETA}");
    let title = layout.pick(
        format!("The line after {} steps (η = {eta})", listed(&steps)),
        format!("The line, step by step (η = {eta})"),
    );
    let mut plane = Plane::free(
        &root,
        &title,
        40.0..layout.pick(185.0, 195.0),
        -20.0..450.0,
        AxisNames::new("area (square metres)", "price (thousand dollars)"),
    )?;
    let line_end = 160.0;
    let mut said: Vec<(Vec<String>, String)> = Vec::new();
    for ((step, color), step_text) in SNAPSHOTS.iter().zip(&steps) {
        let (w, b) = (path[*step][0], path[*step][1]);
        // The model sees standardised areas: ŷ = w (x − mean) / std + b.
        let line = |x: f64| w * (x - mean) / std + b;
        let width = if *step == last { 3 } else { 2 };
        plane.function_between(line, 40.0..line_end, *color, width)?;
        plane.label(
            &format!("step {step_text}"),
            (line_end, line(line_end)),
            (4, -10),
            *color,
        )?;
        let place = line_among_houses(line, &areas, &prices);
        match said.last_mut() {
            Some((group, same)) if *same == place => group.push(step_text.clone()),
            _ => said.push((vec![step_text.clone()], place)),
        }
    }
    for (&x, &y) in areas.iter().zip(&prices) {
        plane.dot((x, y), BLUE)?;
    }

    let clauses: Vec<String> = said
        .iter()
        .map(|(group, place)| {
            let steps = if group.len() == 1 { "step" } else { "steps" };
            let thick = if group.contains(&last.to_string()) {
                ", drawn thicker in red,"
            } else {
                ""
            };
            format!("at {steps} {}{thick} it {place}", listed(group))
        })
        .collect();
    let alt = format!(
        "The {houses} houses as blue dots, area across in square metres and price up in \
         thousand dollars, with the model's line after {steps} steps of gradient descent with \
         η = {eta} (trained on standardised areas, drawn here against square metres): {clauses}.",
        houses = count_word(areas.len()),
        steps = listed(&steps),
        clauses = clauses.join("; "),
    );
    Ok(Words {
        alt,
        caption: "The line at a few steps of gradient descent: from flat at zero to the \
                  least-squares line through the houses."
            .to_owned(),
        shown: Vec::new(),
        ..Words::default()
    })
}

/// A panel of a regression loss's contours around its `lowest` point,
/// weight `w` across and bias `b` up, with a path of gradient descent.
struct PathPanel<'p> {
    title: &'p str,
    names: AxisNames<'p>,
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
    levels: &'p [f64],
    lowest: (f64, f64),
}

/// Draws `panel` on `area`, its contours those of `loss`; returns the
/// plane, for labels.
fn path_panel<'a>(
    area: &Area<'a>,
    panel: PathPanel<'_>,
    loss: impl Fn(f64, f64) -> f64,
    path: &[Array1<f64>],
) -> Result<Plane<'a>, DrawError> {
    let mut plane = Plane::new(area, panel.title, panel.x, panel.y, panel.names)?;
    plane.draw_origin_axes()?;
    for &level in panel.levels {
        plane.contour_around(&loss, panel.lowest, level, MUTED)?;
    }
    draw_path(&mut plane, path, ORANGE)?;
    plane.dot(panel.lowest, INK)?;
    Ok(plane)
}

/// A descent path as dots joined by lines, cut where it leaves the plane.
fn draw_path(
    plane: &mut Plane<'_>,
    path: &[Array1<f64>],
    color: RGBColor,
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

/// How a descent path moves relative to the `lowest` point, in words:
/// whether it stays on the straight line from its start, overshoots, and
/// how much of the way it covers.
fn path_in_words(path: &[Array1<f64>], lowest: &Array1<f64>) -> String {
    let offsets: Vec<Array1<f64>> = path.iter().map(|p| p - lowest).collect();
    let first = &offsets[0];
    let distance = |v: &Array1<f64>| v.dot(v).sqrt();
    let straight = offsets
        .iter()
        .all(|v| (first[0] * v[1] - first[1] * v[0]).abs() <= 1e-6 * distance(first) * distance(v));
    let overshoots = offsets.windows(2).all(|pair| pair[0].dot(&pair[1]) < 0.0);
    let covered = 1.0 - distance(&offsets[offsets.len() - 1]) / distance(first);
    let line = if straight {
        "a straight line"
    } else {
        "a bent path"
    };
    // Each phrase finishes a sentence whose subject is the path's steps.
    if overshoots && covered < 0.0 {
        "jump over the lowest point to the other side each time, landing further out, so the \
         path bounces away from it"
            .to_owned()
    } else if covered >= 0.99 {
        format!("run along {line} and shrink as they near the lowest point, reaching it")
    } else if covered < 0.5 {
        format!(
            "are short and run along {line} towards the lowest point, covering less than half the way"
        )
    } else {
        format!("run along {line} towards the lowest point, covering most of the way")
    }
}

/// One run of the learning-rate figure, with the view that shows it.
struct RateRun {
    rate: f64,
    steps: usize,
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
    levels: &'static [f64],
}

/// The learning-rate figure's runs: too small, good, too large.
fn rate_runs() -> [RateRun; 3] {
    [
        RateRun {
            rate: 0.01,
            steps: 30,
            x: -60.0..180.0,
            y: -30.0..330.0,
            levels: &[1_000.0, 10_000.0, 40_000.0],
        },
        RateRun {
            rate: 0.1,
            steps: 30,
            x: -60.0..180.0,
            y: -30.0..330.0,
            levels: &[1_000.0, 10_000.0, 40_000.0],
        },
        RateRun {
            rate: 1.05,
            steps: 6,
            x: -250.0..450.0,
            y: -300.0..800.0,
            levels: &[5_000.0, 50_000.0, 200_000.0],
        },
    ]
}

/// The lowest point of the standardised problem, (w, b), as the words
/// print it.
fn best_text(best: &Array1<f64>) -> String {
    format!("({}, {})", number(best[0], 1), number(best[1], 0))
}

const ORDINALS: [&str; 3] = ["First", "Second", "Third"];

fn learning_rates(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let runs = rate_runs();
    let root = canvas(
        svg,
        layout.pick(720, 360),
        layout.pick(440, 380 * runs.len() as u32),
    )?;
    let areas_of_panels = panels(&root, layout, runs.len());
    let (areas, prices) = areas_and_prices();
    let z = standardised(&areas);
    let grad = |p: &ArrayRef1<f64>| regression_gradient(p, &z, &prices);
    let loss = |w: f64, b: f64| regression_loss(&array![w, b], &z, &prices);
    let best = best_line();
    let mut words = Words::default();
    let mut told = Vec::new();
    for ((area, run), ordinal) in areas_of_panels.iter().zip(&runs).zip(ORDINALS) {
        let path = gradient_descent(grad, array![0.0, 0.0], run.rate, run.steps);
        let rate = format!("{}", run.rate);
        let title = format!("η = {rate}, {} steps", run.steps);
        let panel = PathPanel {
            title: &title,
            // k$: the panels are a third of the width, too narrow for
            // "thousand $ per σ".
            names: AxisNames::new("w (k$ per σ)", "b (k$)"),
            x: run.x.clone(),
            y: run.y.clone(),
            levels: run.levels,
            lowest: (best[0], best[1]),
        };
        path_panel(area, panel, loss, &path)?;
        told.push(format!(
            "{ordinal}, η = {rate}, {} steps: the steps {}.",
            run.steps,
            path_in_words(&path, &best)
        ));
    }
    // The dot each panel draws there.
    let lowest = words.shows(best_text(&best));
    words.alt = format!(
        "{count} panels, each with circular contour lines of the loss on standardised areas \
         around its lowest point {lowest}, weight w across (in thousand dollars per standard \
         deviation of area) and bias b up (in thousand dollars), and the path of \
         gradient descent from (0, 0). {}",
        told.join(" "),
        count = capitalised(&count_word(runs.len())),
    );
    words.caption = "Too small a learning rate crawls, a good one arrives, too large a one \
                     overshoots further each step."
        .to_owned();
    Ok(words)
}

/// The angle, in degrees from the w axis, of the long axes of the contour
/// ellipses of a line's mean squared error on inputs `x`: the direction of
/// least curvature of the loss, whose Hessian is (2/m) [[Σx², Σx], [Σx, m]].
fn valley_angle(x: &Array1<f64>) -> f64 {
    let (sum, squares, count) = (x.sum(), x.dot(x), x.len() as f64);
    // The steepest direction's angle; the valley runs square to it.
    let steepest = 0.5 * (2.0 * sum).atan2(squares - count);
    (steepest - std::f64::consts::FRAC_PI_2).to_degrees()
}

/// The learning rate the zig-zag panel uses on areas in hundreds of square
/// metres: near the largest that does not diverge there, so the bounce shows.
const RAW_ETA: f64 = 0.4;

fn zigzag_vs_straight(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = canvas(svg, layout.pick(720, 360), layout.pick(430, 2 * 390))?;
    let halves = panels(&root, layout, 2);
    let (areas, prices) = areas_and_prices();
    let steps = 50;
    let levels = [50.0, 500.0, 5_000.0, 30_000.0];
    // The best line of both panels, from the standardised run, in the
    // units of the first panel: area in hundreds of square metres.
    let best = best_line();
    let hundreds = &areas / 100.0;
    let w_per_hundred = best[0] / hundreds.std(0.0);
    let raw_best = (
        w_per_hundred,
        best[1] - w_per_hundred * hundreds.mean().unwrap_or(0.0),
    );
    let raw_loss = |w: f64, b: f64| regression_loss(&array![w, b], &hundreds, &prices);
    let raw_grad = |p: &ArrayRef1<f64>| regression_gradient(p, &hundreds, &prices);
    let raw_path = gradient_descent(raw_grad, array![0.0, 0.0], RAW_ETA, steps);
    let raw_eta = format!("{RAW_ETA}");
    let title = format!("Area in 100 m², η = {raw_eta}, {steps} steps");
    let panel = PathPanel {
        title: &title,
        names: AxisNames::new("w (thousand $ per 100 m²)", "b (thousand $)"),
        x: -20.0..300.0,
        y: -60.0..270.0,
        levels: &levels,
        lowest: raw_best,
    };
    let mut plane = path_panel(&halves[0], panel, raw_loss, &raw_path)?;
    let raw_lowest = pair(raw_best, 1);
    // Level with the dot, on its left: the path comes in above it.
    plane.label(&format!("lowest {raw_lowest}"), raw_best, (-185, -8), INK)?;

    let z = standardised(&areas);
    let grad = |p: &ArrayRef1<f64>| regression_gradient(p, &z, &prices);
    let path = gradient_descent(grad, array![0.0, 0.0], ETA, steps);
    let loss = |w: f64, b: f64| regression_loss(&array![w, b], &z, &prices);
    let eta = format!("{ETA}");
    let title = format!("Standardised, η = {eta}, {steps} steps");
    let panel = PathPanel {
        title: &title,
        names: AxisNames::new("w (thousand $ per σ)", "b (thousand $)"),
        x: -20.0..300.0,
        y: -60.0..270.0,
        levels: &levels,
        lowest: (best[0], best[1]),
    };
    let mut plane = path_panel(&halves[1], panel, loss, &path)?;
    plane.label("lowest", (best[0], best[1]), (10, 0), INK)?;

    let mut words = Words::default();
    // Dots of the drawn path, and the angle the drawn ellipses lean at.
    let bounces: Vec<String> = raw_path[1..4]
        .iter()
        .map(|p| words.shows(pair((p[0], p[1]), 0)))
        .collect();
    let raw_end = &raw_path[steps];
    let end = words.shows(pair((raw_end[0], raw_end[1]), 1));
    let angle = valley_angle(&hundreds);
    let tilt = words.shows(number(angle.abs(), 0));
    let leaning = if angle < 0.0 { "falling" } else { "rising" };
    let lowest = words.shows(best_text(&best));
    let straight = path_in_words(&path, &best);
    words.alt = format!(
        "Two panels of gradient descent on the same {houses} houses, each from (0, 0). First, \
         area in hundreds of square metres and η = {raw_eta}: the loss's contour lines are long, \
         thin ellipses around the lowest point {raw_lowest}, their long axes {leaning} to the \
         right at about {tilt}° from the w axis; the path zig-zags across this narrow valley, to \
         {b1}, back to {b2}, to {b3} and so on, and after {steps} steps it is at {end}, still \
         short of the lowest point. Second, standardised area and η = {eta}: the contour lines \
         are circles around the lowest point {lowest}, and the path's {steps} steps {straight}.",
        houses = count_word(areas.len()),
        b1 = bounces[0],
        b2 = bounces[1],
        b3 = bounces[2],
    );
    words.caption =
        "Unscaled (area in hundreds of square metres), the valley is long and thin and \
                     gradient descent zig-zags across it; standardised, it walks straight down."
            .to_owned();
    Ok(words)
}

/// The chapter's loss with two valleys, `L(w) = w⁴ − 3w² + w`.
fn two_valley_loss(w: f64) -> f64 {
    w.powi(4) - 3.0 * w * w + w
}

/// Its slope, `4w³ − 6w + 1`.
fn two_valley_slope(w: f64) -> f64 {
    4.0 * w.powi(3) - 6.0 * w + 1.0
}

/// The slope as a gradient of one weight, for gradient descent.
fn two_valley_gradient(w: &ArrayRef1<f64>) -> Array1<f64> {
    array![two_valley_slope(w[0])]
}

/// Where the slope is zero between `from` and `to`, where it changes sign:
/// by bisection.
fn flat_between(from: f64, to: f64) -> f64 {
    let (mut low, mut high) = (from, to);
    for _ in 0..60 {
        let middle = (low + high) / 2.0;
        if two_valley_slope(middle).signum() == two_valley_slope(low).signum() {
            low = middle;
        } else {
            high = middle;
        }
    }
    (low + high) / 2.0
}

/// The learning rate and length of the two-valley runs.
const VALLEY_ETA: f64 = 0.05;
const VALLEY_STEPS: usize = 30;

/// The weights the two-valley figure shows.
const W_SPAN: std::ops::Range<f64> = -2.0..2.0;

/// One run of gradient descent on the two-valley loss, as drawn.
struct ValleyRun {
    start: String,
    end: f64,
    end_text: String,
}

fn two_valleys(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = canvas(svg, layout.pick(640, 360), layout.pick(420, 360))?;
    let mut plane = Plane::free(
        &root,
        "L(w) = w⁴ − 3w² + w: two valleys",
        W_SPAN,
        // Room under the deep valley for its label.
        -4.5..4.0,
        AxisNames::new("weight w", "L(w)"),
    )?;
    plane.draw_origin_axes()?;
    plane.function(two_valley_loss, BLUE, 3)?;
    let eta = format!("{VALLEY_ETA}");
    let run = format!("η = {eta}, {VALLEY_STEPS} steps");
    plane.note(&run, (W_SPAN.start, 4.0), (10, 6), INK)?;

    let starts = [(-0.3, ORANGE), (0.3, PURPLE)];
    let mut runs = Vec::new();
    for (i, (start, color)) in starts.into_iter().enumerate() {
        let path = gradient_descent(two_valley_gradient, array![start], VALLEY_ETA, VALLEY_STEPS);
        for w in &path {
            plane.dot((w[0], two_valley_loss(w[0])), color)?;
        }
        let start_text = number(start, 1);
        let offset = match (layout, i) {
            (Layout::Wide, 0) => (-40, -40),
            (Layout::Wide, _) => (-10, -40),
            (Layout::Narrow, 0) => (-96, -40),
            (Layout::Narrow, _) => (0, -40),
        };
        let at = (start, two_valley_loss(start));
        plane.label(&format!("start {start_text}"), at, offset, color)?;
        let end = path[VALLEY_STEPS][0];
        let end_text = number(end, 2);
        let offset = layout.pick((-40, 14), if i == 0 { (-40, 14) } else { (-80, 14) });
        let at = (end, two_valley_loss(end));
        plane.label(&format!("ends at {end_text}"), at, offset, color)?;
        runs.push(ValleyRun {
            start: start_text,
            end,
            end_text,
        });
    }

    // The valleys' bottoms, where the slope is zero on either side of the
    // starts: each run must end in one, the left one the deeper, as the
    // words say.
    let valleys = [
        flat_between(W_SPAN.start, starts[0].0),
        flat_between(starts[1].0, W_SPAN.end),
    ];
    let each_in_its_valley = runs
        .iter()
        .zip(valleys)
        .all(|(run, valley)| (run.end - valley).abs() < 0.01);
    if !each_in_its_valley || two_valley_loss(valleys[0]) >= two_valley_loss(valleys[1]) {
        return Err(DrawError::new(
            "the runs must end in different valleys, the left one the deeper",
        ));
    }
    let mut words = Words::default();
    // Where the curve bottoms out and tops out, as drawn.
    let [deep, shallow] = valleys.map(|w| {
        (
            words.shows(number(w, 2)),
            words.shows(number(two_valley_loss(w), 2)),
        )
    });
    let hump = words.shows(number(flat_between(starts[0].0, starts[1].0), 2));
    // The distance between the two printed starts.
    let apart = words.shows(number(starts[1].0 - starts[0].0, 1));
    let (left, right) = (&runs[0], &runs[1]);
    words.alt = format!(
        "The curve L(w) = w⁴ − 3w² + w, with w across from {from} to {to}, has two valleys: a \
         deep one at w = {deep_w}, where L = {deep_l}, and a shallower one at w = {shallow_w}, \
         where L = {shallow_l}, separated by a hump near w = {hump}. Two paths of gradient \
         descent ({run}) start close together: from w = {left_start}, orange dots roll left into \
         the deep valley and end at {left_end}; from w = {right_start}, purple dots roll right \
         into the shallow one and end at {right_end}.",
        from = number(W_SPAN.start, 0),
        to = number(W_SPAN.end, 0),
        deep_w = deep.0,
        deep_l = deep.1,
        shallow_w = shallow.0,
        shallow_l = shallow.1,
        left_start = left.start,
        left_end = left.end_text,
        right_start = right.start,
        right_end = right.end_text,
    );
    words.caption = format!(
        "Two starts {apart} apart end in different valleys: where gradient descent starts decides \
         which bottom it finds."
    );
    Ok(words)
}

/// The stochastic run of the chapter: one house per step, seeded.
const SGD_BATCH: usize = 1;
const SGD_SEED: u64 = 1;
/// The step from which the stochastic run has come down near the floor.
const SGD_SETTLED: usize = 20;

fn sgd_noise(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = canvas(svg, layout.pick(640, 360), layout.pick(400, 360))?;
    let (areas, prices) = areas_and_prices();
    let z = standardised(&areas);
    let steps = 100;
    let loss = |p: &Array1<f64>| regression_loss(p, &z, &prices);
    let full: Vec<f64> = training_path(steps).iter().map(loss).collect();
    let sgd: Vec<f64> = minibatch_gradient_descent(
        &z,
        &prices,
        array![0.0, 0.0],
        ETA,
        SGD_BATCH,
        steps,
        SGD_SEED,
    )
    .iter()
    .map(loss)
    .collect();
    let lowest = loss(&best_line());

    let eta = format!("{ETA}");
    let batch = format!("{SGD_BATCH}");
    let mut plane = Plane::log_y(
        &root,
        &layout.pick(
            format!("Full batch and stochastic (η = {eta})"),
            format!("Full batch and SGD, η = {eta}"),
        ),
        0.0..steps as f64,
        0.5..5.0,
        AxisNames::new("iteration", "loss on all houses (thousand dollars)²"),
    )?;
    let lowest_text = number(lowest, 2);
    let floor = lowest.log10();
    plane.dashed((0.0, floor), (steps as f64, floor), MUTED)?;
    let note = format!("lowest possible: {lowest_text}");
    plane.note(&note, (steps as f64, floor), (-200, 6), MUTED)?;
    let points = |losses: &[f64]| {
        losses
            .iter()
            .enumerate()
            .map(|(k, loss)| (k as f64, loss.log10()))
            .collect::<Vec<_>>()
    };
    plane.line(points(&sgd), ORANGE, 2)?;
    plane.line(points(&full), BLUE, 3)?;
    let full_name = layout.pick("full batch (all 5 houses)", "full batch");
    let sgd_name = layout.pick(
        format!("stochastic, B = {batch} (seed {SGD_SEED})"),
        format!("SGD, B = {batch} (seed {SGD_SEED})"),
    );
    let (x0, y_top) = (layout.pick(45.0, 20.0), 4.6);
    plane.label(full_name, (x0, y_top), (0, 0), BLUE)?;
    plane.label(&sgd_name, (x0, y_top), (0, 22), ORANGE)?;
    // The stochastic loss's highest point after it first comes down to
    // within the drawn range of the floor (step 20 on).
    let (worst_step, worst) = sgd.iter().enumerate().skip(SGD_SETTLED).fold(
        (SGD_SETTLED, sgd[SGD_SETTLED]),
        |best, (k, &l)| {
            if l > best.1 { (k, l) } else { best }
        },
    );
    let worst_text = number(worst, 2);
    let at = (worst_step as f64, worst.log10());
    plane.dot(at, INK)?;
    plane.label(
        &format!("step {worst_step}: {worst_text}"),
        at,
        layout.pick((8, -26), (-40, -28)),
        INK,
    )?;

    let mut words = Words::default();
    let last = words.shows(steps.to_string());
    // Where the search for the highest point starts, a place on the axis.
    let from = words.shows(SGD_SETTLED.to_string());
    let houses = count_word(areas.len());
    words.alt = format!(
        "The loss on all {houses} houses against the iteration, on a logarithmic axis, for two \
         runs of gradient descent on standardised areas with η = {eta}, both from (0, 0), to \
         iteration {last}. The full-batch run, a thick blue line, falls smoothly onto a dashed \
         line at {lowest_text}, the lowest possible loss, and stays on it. The stochastic run \
         with batch size {batch}, a thinner orange line, falls about as fast but jaggedly, and \
         then keeps jumping above the floor; a dot marks its highest point from iteration {from} \
         on, step {worst_step}, at {worst_text}."
    );
    words.caption = format!(
        "One house per step is five times cheaper, but the loss stays noisy: at a fixed \
         learning rate stochastic gradient descent jitters around the lowest loss, {lowest_text}, \
         instead of settling on it."
    );
    Ok(words)
}

/// The learning rates of the rate slider, on the bowl from (2, 1): too
/// slow, good, zig-zagging, and past the limit 1/3, diverging.
const SLIDER_RATES: [f64; 10] = [0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.32, 0.35, 0.4];
/// How many steps each run of the rate slider takes.
const SLIDER_STEPS: usize = 10;
/// A run that ends above this share of its starting loss without
/// zig-zagging is too slow: still far from the bottom.
const TOO_SLOW: f64 = 0.05;

/// How a run of gradient descent went, judged from its path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    TooSlow,
    Good,
    ZigZags,
    Diverged,
}

impl Verdict {
    /// The verdict on `path`, from its losses and whether a weight changes
    /// sign from one step to the next.
    fn of(path: &[Array1<f64>], loss: impl Fn(&Array1<f64>) -> f64) -> Self {
        let (start, end) = (loss(&path[0]), loss(&path[path.len() - 1]));
        let flips = path
            .windows(2)
            .any(|pair| (0..pair[0].len()).any(|j| pair[0][j] * pair[1][j] < 0.0));
        if end > start {
            Verdict::Diverged
        } else if flips {
            Verdict::ZigZags
        } else if end > TOO_SLOW * start {
            Verdict::TooSlow
        } else {
            Verdict::Good
        }
    }

    /// The verdict in a word or two, for the slider's value.
    fn short(self) -> &'static str {
        match self {
            Verdict::TooSlow => "too slow",
            Verdict::Good => "good",
            Verdict::ZigZags => "zig-zags",
            Verdict::Diverged => "diverged",
        }
    }

    /// The verdict as the figure prints it, and its colour.
    fn printed(self) -> (&'static str, RGBColor) {
        match self {
            Verdict::TooSlow => ("too slow: far from the bottom", ORANGE),
            Verdict::Good => ("good: near the bottom", GREEN),
            Verdict::ZigZags => ("zig-zags, but settles", PURPLE),
            Verdict::Diverged => ("diverged: the loss grows", VERMILLION),
        }
    }

    /// How the path looks, finishing a sentence whose subject is the path.
    fn path_in_words(self) -> &'static str {
        match self {
            Verdict::TooSlow => {
                "curves towards the lowest point in short steps and stops well short of it"
            }
            Verdict::Good => "curves in towards the lowest point and ends close to it",
            Verdict::ZigZags => {
                "zig-zags across the valley, w₂ changing sign every step, while it closes in on \
                 the lowest point"
            }
            Verdict::Diverged => {
                "zig-zags outwards, w₂ changing sign and growing every step, and runs off the \
                 plot"
            }
        }
    }
}

/// The rate slider's run at `rate`: [`SLIDER_STEPS`] steps on the bowl
/// from the chapter's point (2, 1).
fn slider_run(rate: f64) -> Vec<Array1<f64>> {
    gradient_descent(bowl_gradient, point(), rate, SLIDER_STEPS)
}

/// What each step multiplies each weight by, read off the first step of
/// `path` (the bowl's steps scale each weight by its own factor).
fn step_factors(path: &[Array1<f64>]) -> (f64, f64) {
    (path[1][0] / path[0][0], path[1][1] / path[0][1])
}

/// The bowl's weights, as the plane names them.
const BOWL_AXES: AxisNames<'static> = AxisNames {
    x: "weight w₁",
    y: "weight w₂",
    x_categories: &[],
};

fn rate_slider(state: usize, layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let rate = SLIDER_RATES[state];
    let root = canvas(svg, layout.pick(700, 360), layout.pick(400, 640))?;
    let (picture, text) = match layout {
        Layout::Wide => root.split_horizontally(420),
        Layout::Narrow => root.split_vertically(400),
    };
    let title = layout.pick(
        "Gradient descent on L = w₁² + 3w₂²",
        "Descent on L = w₁² + 3w₂²",
    );
    // w₂ is the span that fills the plot's height, so it is the same in
    // both layouts: a diverging run leaves it in both or in neither.
    let mut plane = Plane::new(&picture, title, -0.8..2.8, -2.4..2.4, BOWL_AXES)?;
    plane.draw_origin_axes()?;
    for level in [0.5, 2.0, 7.0, 15.0] {
        plane.contour_around(bowl_at, (0.0, 0.0), level, MUTED)?;
    }
    let path = slider_run(rate);
    let loss = |w: &Array1<f64>| bowl(w);
    let verdict = Verdict::of(&path, loss);
    draw_path(&mut plane, &path, ORANGE)?;
    plane.dot((0.0, 0.0), INK)?;
    let (x, y) = (plane.chart.x_range(), plane.chart.y_range());
    let off_the_plot = path
        .iter()
        .any(|w| !x.contains(&w[0]) || !y.contains(&w[1]));
    if off_the_plot != (verdict == Verdict::Diverged) {
        return Err(DrawError::new(format!(
            "η = {rate}: the words say the path runs off the plot only when it diverges"
        )));
    }
    let end = &path[SLIDER_STEPS];
    if !off_the_plot {
        plane.dot((end[0], end[1]), VERMILLION)?;
    }

    let eta = format!("{rate}");
    let steps = SLIDER_STEPS.to_string();
    let start = pair((path[0][0], path[0][1]), 0);
    let (f1, f2) = step_factors(&path);
    let (f1, f2) = (short(f1), short(f2));
    let (start_loss, end_loss) = (number(bowl(&path[0]), 0), number(bowl(end), 4));
    let (verdict_text, verdict_color) = verdict.printed();
    let lines = [
        (format!("η = {eta}, {steps} steps from {start}"), INK, true),
        ("each step multiplies".to_owned(), INK, false),
        (format!("w₁ by 1 − 2η = {f1}"), INK, false),
        (format!("w₂ by 1 − 6η = {f2}"), INK, false),
        (
            format!("loss after {steps} steps: {end_loss}"),
            VERMILLION,
            true,
        ),
        (verdict_text.to_owned(), verdict_color, true),
        (format!("(at the start: {start_loss})"), MUTED, false),
    ];
    let (width, height) = text.dim_in_pixel();
    let centre = i32::try_from(width).unwrap_or(0) / 2;
    let top = i32::try_from(height).unwrap_or(0) / 2 - 90;
    for (row, (line, color, strong)) in lines.iter().enumerate() {
        let at = (centre, top + 30 * i32::try_from(row).unwrap_or(0));
        centred_text(&text, line, at, *color, *strong)?;
    }

    let mut words = Words::default();
    let lowest = words.shows(pair((0.0, 0.0), 0));
    words.alt = format!(
        "Contour lines of the bowl L = w₁² + 3w₂², nested ellipses around its lowest point \
         {lowest}, and the path of {steps} steps of gradient descent with η = {eta} from \
         {start}, where L = {start_loss}, drawn as orange dots joined by lines. Each step \
         multiplies w₁ by 1 − 2η = {f1} and w₂ by 1 − 6η = {f2}, so the path {how}. After \
         {steps} steps the loss is {end_loss}: {verdict_text}.",
        how = verdict.path_in_words(),
    );
    words.caption = format!(
        "With η = {eta}, {steps} steps take the loss from {start_loss} to {end_loss} \
         ({verdict_text})."
    );
    words.value = format!(
        "η = {eta}: {}, loss after {steps} steps {end_loss}",
        verdict.short()
    );
    Ok(words)
}

/// The learning rate and length of the step-by-step walk: the chapter's
/// first run of gradient descent, on the bowl from (2, 1).
const WALK_ETA: f64 = 0.1;
const WALK_STEPS: usize = 10;

/// The shortest step drawn as an arrow, in units of the weights: about 16
/// pixels in either layout, longer than the arrow's head (shorter arrows
/// would not be drawn at all).
const SHORTEST_ARROW: f64 = 0.15;

/// The walk's whole path, [`WALK_STEPS`] steps.
fn walk_path() -> Vec<Array1<f64>> {
    gradient_descent(bowl_gradient, point(), WALK_ETA, WALK_STEPS)
}

fn descent_walk(state: usize, layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = canvas(svg, layout.pick(720, 360), layout.pick(400, 780))?;
    let areas = panels(&root, layout, 2);
    let path = walk_path();
    let losses: Vec<f64> = path.iter().map(|w| bowl(w)).collect();
    let here = &path[state];
    let (w_text, loss_text) = (pair((here[0], here[1]), 4), number(losses[state], 4));

    let title = format!("Step {state}: w = {w_text}");
    let mut plane = Plane::new(&areas[0], &title, -0.3..2.3, -0.4..1.3, BOWL_AXES)?;
    plane.draw_origin_axes()?;
    // Grey levels apart from the losses the walk passes through, so that
    // the blue contour line through the current point stands out.
    for level in [2.0, 5.0] {
        plane.contour_around(bowl_at, (0.0, 0.0), level, MUTED)?;
    }
    plane.contour_around(bowl_at, (0.0, 0.0), losses[state], BLUE)?;
    draw_path(&mut plane, &path[..=state], ORANGE)?;
    plane.dot((0.0, 0.0), INK)?;
    plane.dot((here[0], here[1]), VERMILLION)?;
    let next = path.get(state + 1).map(|next| next - here);
    let arrow_drawn = next
        .as_ref()
        .is_some_and(|step| step.dot(step).sqrt() >= SHORTEST_ARROW);
    if let (Some(step), true) = (&next, arrow_drawn) {
        let tip = (here[0] + step[0], here[1] + step[1]);
        plane.arrow((here[0], here[1]), tip, GREEN)?;
    }

    let eta = format!("{WALK_ETA}");
    let last = WALK_STEPS as f64;
    let mut chart = Plane::free(
        &areas[1],
        &format!("Loss at each step (η = {eta})"),
        -0.3..last + 0.3,
        0.0..7.6,
        AxisNames::new("step k", "loss L"),
    )?;
    let points: Vec<(f64, f64)> = losses[..=state]
        .iter()
        .enumerate()
        .map(|(k, &l)| (k as f64, l))
        .collect();
    chart.line(points.clone(), BLUE, 2)?;
    for &point in &points[..state] {
        chart.dot(point, INK)?;
    }
    chart.dot(points[state], VERMILLION)?;
    let loss_line = format!("step {state}: L = {loss_text}");
    // Right of the first dot, above the curve's steep first step.
    let corner = (0.5, 7.0);
    chart.label(&loss_line, corner, (0, 0), VERMILLION)?;
    let step_text = next.as_ref().map(|step| pair((step[0], step[1]), 2));
    match &step_text {
        Some(step) => {
            let line = format!("next: −η∇L = {step}");
            chart.label(&line, corner, (0, 24), GREEN)?;
        }
        None => chart.label("the run ends here", corner, (0, 24), GREEN)?,
    }

    let mut words = Words::default();
    let lowest = words.shows(pair((0.0, 0.0), 0));
    let start = words.shows(pair((path[0][0], path[0][1]), 0));
    let start_loss = words.shows(number(losses[0], 0));
    let steps = words.shows(WALK_STEPS.to_string());
    let now = if state == 0 {
        format!("Before the first step it sits at its start, w = {w_text}")
    } else {
        format!(
            "The path of its first {steps_taken} runs as orange dots joined by lines to \
             w = {w_text}",
            steps_taken = if state == 1 {
                "step".to_owned()
            } else {
                format!("{state} steps")
            },
        )
    };
    let so_far = if state == 0 {
        format!("so far a single dot, {loss_text} at step 0")
    } else {
        format!("a line falling from {start_loss} at step 0 to {loss_text} at step {state}")
    };
    let ahead = match &step_text {
        Some(step) if arrow_drawn => format!(
            " A green arrow from there, square to that contour line, is the next step, \
             −η∇L = {step}."
        ),
        Some(step) => format!(" The next step, −η∇L = {step}, is too short to draw."),
        None => String::new(),
    };
    words.alt = format!(
        "Two panels. First: contour lines of the bowl L = w₁² + 3w₂² around its lowest point \
         {lowest}, and gradient descent with η = {eta} from {start}. {now}, on the blue contour \
         line L = {loss_text}.{ahead} Second: the loss against the step, on an axis of steps 0 to \
         {steps}: {so_far}."
    );
    words.caption = format!(
        "Step {state} of {steps}: the loss is {loss_text}. Each step goes against the gradient, \
         square to the contour line it starts on, and shrinks as the bowl flattens."
    );
    words.value = format!("step {state}: w = {w_text}, loss {loss_text}");
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value of `figure`'s state `state`, drawn in both layouts: they
    /// must agree.
    fn value(name: &str, state: usize) -> String {
        let figure = crate::find(name).expect("registered");
        let [wide, narrow] =
            Layout::ALL.map(|layout| figure.render_state(state, layout).expect("drawn").words);
        assert_eq!(
            wide, narrow,
            "{name}, state {state}: the layouts' words differ"
        );
        wide.value
    }

    #[test]
    fn the_rate_slider_prints_the_loss_mlmath_computes() {
        for (state, &rate) in SLIDER_RATES.iter().enumerate() {
            // Computed again, independently of the figure's own run.
            let mut w = array![2.0, 1.0];
            for _ in 0..SLIDER_STEPS {
                w = &w - rate * &bowl_gradient(&w);
            }
            let loss = format!("{:.4}", bowl(&w));
            let value = value("rate-slider", state);
            assert!(
                value.starts_with(&format!("η = {rate}: "))
                    && value.ends_with(&format!("loss after 10 steps {loss}")),
                "state {state}: {value}"
            );
        }
    }

    #[test]
    fn the_rate_slider_runs_from_too_slow_to_diverged() {
        let verdicts: Vec<Verdict> = SLIDER_RATES
            .iter()
            .map(|&rate| Verdict::of(&slider_run(rate), |w| bowl(w)))
            .collect();
        use Verdict::{Diverged, Good, TooSlow, ZigZags};
        assert_eq!(
            verdicts,
            [
                TooSlow, TooSlow, Good, Good, ZigZags, ZigZags, ZigZags, ZigZags, Diverged,
                Diverged
            ]
        );
        // The chapter's limit: the bowl converges exactly when η < 2/6.
        for (&rate, verdict) in SLIDER_RATES.iter().zip(verdicts) {
            assert_eq!(rate > 1.0 / 3.0, verdict == Diverged, "η = {rate}");
        }
        // The step factors are 1 − 2η and 1 − 6η.
        let (f1, f2) = step_factors(&slider_run(0.35));
        assert!((f1 - 0.3).abs() < 1e-12 && (f2 + 1.1).abs() < 1e-12);
    }

    #[test]
    fn the_walk_prints_the_chapter_s_run_step_by_step() {
        // The chapter's code prints these, step 0 to 4, with `{:.4}`.
        let printed = ["7.0000", "3.0400", "1.7152", "1.0609", "0.6731"];
        let path = gradient_descent(bowl_gradient, array![2.0, 1.0], 0.1, WALK_STEPS);
        for (state, w) in path.iter().enumerate() {
            let expected = format!(
                "step {state}: w = ({:.4}, {:.4}), loss {:.4}",
                w[0],
                w[1],
                bowl(w)
            );
            assert_eq!(value("descent-walk", state), expected);
            if let Some(loss) = printed.get(state) {
                assert!(expected.ends_with(loss), "{expected}");
            }
        }
        // Its last state is the rate slider's η = 0.1 run.
        assert!(value("rate-slider", 2).ends_with("0.0461"));
        assert!(value("descent-walk", WALK_STEPS).ends_with("0.0461"));
    }
}
