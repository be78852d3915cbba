//! Figures of Chapter 6, Loss and cost functions: three losses of one
//! error, an outlier's pull on the MSE and MAE lines, the sigmoid, the two
//! log-loss curves, the cost surface of a line with gradient descent on it,
//! the training curve against the noise floor, and a logistic regression's
//! cost and boundary settling.

use mlmath::loss::{
    fit_line_mae, fit_line_mse, gradient_descent, house_prices, houses, huber_one, liked, listings,
    logistic_cost, logistic_gradient, noisy_line, regression_gradient, regression_loss, sigmoid,
};
use ndarray::{Array1, Array2, ArrayRef1, Axis, array};
use plotters::prelude::*;

use crate::style::{
    Area, AxisNames, BLUE, GREEN, INK, MUTED, ORANGE, PURPLE, Plane, VERMILLION, canvas,
};
use crate::{DrawError, Figure};

pub const FIGURES: &[Figure] = &[
    Figure {
        name: "loss-curves",
        chapter: "ch06-loss.md",
        draw: still!(
            loss_curves,
            "Three losses of one error r, for r from −15 to 15 thousand dollars. The squared error r², in blue, is a parabola that leaves the top of the plot, at 80, before r reaches ±9. The absolute error |r|, in orange, is a V with straight sides reaching 15. The Huber loss with δ = 5, in green, follows half the parabola, r²/2, between −5 and 5, then continues as straight lines, reaching 62.5 at ±15. Dots mark the chapter's errors of 5 and 10.",
            "Squaring punishes large errors far more than small ones; the absolute error grows evenly; Huber is a parabola near zero and a straight line beyond δ."
        ),
    },
    Figure {
        name: "outlier-pull",
        chapter: "ch06-loss.md",
        draw: still!(
            outlier_pull,
            "Two panels of the five houses, area across and price up, plus a sixth house of 90 square metres priced at 600 thousand dollars, drawn as a red triangle far above the others. Left, the line of lowest MSE: without the outlier (dashed) it runs through the houses; with it (solid) it is pulled up towards the outlier, above every other house at the small end. Right, the line of lowest MAE: with and without the outlier it is the same line, through the houses.",
            "One outlier drags the MSE line towards itself; the MAE line does not move."
        ),
    },
    Figure {
        name: "sigmoid",
        chapter: "ch06-loss.md",
        draw: still!(
            sigmoid_curve,
            "The sigmoid curve σ(z) = 1 / (1 + e^(−z)) for scores z from −8 to 8: an S shape rising from near 0 on the left, through 0.5 at z = 0, to near 1 on the right. Marked points: σ(−2) ≈ 0.12, σ(0) = 0.5, σ(2) ≈ 0.88. A dashed line at 0.5 marks where the answer switches from no to yes.",
            "The sigmoid turns any score into a probability: 0.5 at a score of 0, near 0 or 1 for large scores."
        ),
    },
    Figure {
        name: "log-loss-curves",
        chapter: "ch06-loss.md",
        draw: still!(
            log_loss_curves,
            "Log loss against the predicted probability p that the label is 1, for p from 0 to 1. In blue, the loss when the label is 1, −log p: 0 at p = 1, rising slowly, then steeply as p nears 0, reaching 4.6 at p = 0.01. In orange, the loss when the label is 0, −log(1 − p): its mirror image, steep near p = 1. Dashed, for comparison, the squared error (1 − p)² for label 1, which never exceeds 1.",
            "Log loss charges little for a confident right answer and without limit for a confident wrong one; the squared error stays below 1."
        ),
    },
    Figure {
        name: "cost-contours",
        chapter: "ch06-loss.md",
        draw: still!(
            cost_contours,
            "Contour lines of the cost J(w, b), the mean squared error of the line on 100 noisy houses with the area standardised: circles around the lowest point, near w = 57.1 and b = 242.5, marked with a dot. An orange path of gradient descent runs in a straight line from (0, 0) to the lowest point, its dots bunching up as the steps shrink.",
            "Training walks down the cost surface J(w, b) to its lowest point."
        ),
    },
    Figure {
        name: "noise-floor",
        chapter: "ch06-loss.md",
        draw: still!(
            noise_floor,
            "The cost J on the 100 noisy houses against the iteration of gradient descent, 0 to 60, on a logarithmic axis from 100 to 100,000. It falls from 62,450 to level off at 383.4 by iteration 20, just under a dashed line at 400, the noise variance σ² = 20². It never approaches 0.",
            "The cost levels off at the noise, about σ² = 400, not at zero."
        ),
    },
    Figure {
        name: "logistic-training",
        chapter: "ch06-loss.md",
        draw: still!(
            logistic_training,
            "Two panels. Left: the log-loss cost of the logistic regression against iteration, 0 to 500, falling from 0.693 quickly at first, then slowly, to 0.268. Right: the twelve listings by area across and age up, liked ones as green circles and others as red triangles, with the model after 20 steps (purple) and after 500 steps (black): a solid line where the probability of liked is 0.5, the decision boundary, and dashed lines where it is 0.2 and 0.8. The two boundaries nearly coincide; the dashed lines of step 20 are far apart, those of step 500 close to the boundary. One liked listing, 95 square metres and 25 years old, lies on the wrong side.",
            "The boundary settles within a few steps; further training makes the model surer, narrowing the band between p = 0.2 and p = 0.8."
        ),
    },
];

fn loss_curves(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 640, 440)?;
    let delta = 5.0;
    let mut plane = Plane::free(
        &root,
        "Three losses of one error r",
        -15.0..15.0,
        0.0..80.0,
        AxisNames {
            x: "error r = ŷ − y (thousand dollars)",
            y: "loss",
            x_categories: &[],
        },
    )?;
    let squared = |r: f64| mse_of_one(r);
    let absolute = |r: f64| mae_of_one(r);
    let huber = |r: f64| huber_one(r, delta);
    plane.function(squared, BLUE, 3)?;
    plane.function(absolute, ORANGE, 3)?;
    plane.function(huber, GREEN, 3)?;
    for r in [5.0, 10.0] {
        for (loss, color) in [(squared(r), BLUE), (absolute(r), ORANGE), (huber(r), GREEN)] {
            // 10² = 100 is above the plot: no dot squashed onto its edge.
            if loss <= 80.0 {
                plane.dot((r, loss), color)?;
            }
        }
    }
    plane.label("squared r²", (-14.5, 76.0), (0, 0), BLUE)?;
    plane.label("absolute |r|", (-14.5, 70.0), (0, 0), ORANGE)?;
    plane.label("Huber, δ = 5", (-14.5, 64.0), (0, 0), GREEN)?;
    Ok(())
}

/// The squared error of one prediction, from the library's MSE of one.
fn mse_of_one(r: f64) -> f64 {
    mlmath::loss::mse(&array![0.0], &array![r])
}

/// The absolute error of one prediction, from the library's MAE of one.
fn mae_of_one(r: f64) -> f64 {
    mlmath::loss::mae(&array![0.0], &array![r])
}

/// Areas and prices.
type Data = (Array1<f64>, Array1<f64>);

/// The houses' areas and prices, and the same with the chapter's outlier.
fn with_and_without_outlier() -> (Data, Data) {
    let (x, y) = (houses().column(0).to_owned(), house_prices());
    let mut x_out = x.to_vec();
    let mut y_out = y.to_vec();
    x_out.push(90.0);
    y_out.push(600.0);
    ((x, y), (Array1::from(x_out), Array1::from(y_out)))
}

type Fit = fn(&ArrayRef1<f64>, &ArrayRef1<f64>) -> (f64, f64);

fn outlier_panel(area: &Area<'_>, title: &str, fit: Fit) -> Result<(), DrawError> {
    let ((x, y), (x_out, y_out)) = with_and_without_outlier();
    let mut plane = Plane::free(
        area,
        title,
        50.0..160.0,
        100.0..640.0,
        AxisNames {
            x: "area (square metres)",
            y: "price (thousand dollars)",
            x_categories: &[],
        },
    )?;
    let (w, b) = fit(&x, &y);
    plane.dashed((50.0, w * 50.0 + b), (160.0, w * 160.0 + b), MUTED)?;
    let (w_out, b_out) = fit(&x_out, &y_out);
    plane.line(
        vec![(50.0, w_out * 50.0 + b_out), (160.0, w_out * 160.0 + b_out)],
        PURPLE,
        3,
    )?;
    for (&area, &price) in x.iter().zip(&y) {
        plane.dot((area, price), BLUE)?;
    }
    let outlier = (x_out[x.len()], y_out[x.len()]);
    plane
        .chart
        .draw_series(std::iter::once(TriangleMarker::new(
            outlier,
            8,
            VERMILLION.filled(),
        )))?;
    plane.label("outlier", outlier, (12, -8), VERMILLION)?;
    plane.note("dashed: without it", (108.0, 180.0), (0, 0), MUTED)?;
    plane.note("solid: with it", (108.0, 145.0), (0, 0), PURPLE)?;
    Ok(())
}

fn outlier_pull(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 900, 420)?;
    let (left, right) = root.split_horizontally(450);
    outlier_panel(&left, "Lowest MSE: pulled", fit_line_mse)?;
    outlier_panel(&right, "Lowest MAE: unmoved", fit_line_mae)?;
    Ok(())
}

fn sigmoid_curve(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 640, 380)?;
    let mut plane = Plane::free(
        &root,
        "The sigmoid σ(z) = 1 / (1 + e⁻ᶻ)",
        -8.0..8.0,
        0.0..1.0,
        AxisNames {
            x: "score z",
            y: "probability σ(z)",
            x_categories: &[],
        },
    )?;
    plane.dashed((-8.0, 0.5), (8.0, 0.5), MUTED)?;
    plane.function(sigmoid, BLUE, 3)?;
    for z in [-2.0, 0.0, 2.0] {
        let p = sigmoid(z);
        plane.dot((z, p), INK)?;
        let text = format!("σ({z}) = {}", (p * 100.0).round() / 100.0);
        plane.label(&text, (z, p), (10, 6), INK)?;
    }
    plane.note("no", (-7.5, 0.46), (0, 0), VERMILLION)?;
    plane.note("yes", (-7.5, 0.6), (0, 0), GREEN)?;
    Ok(())
}

fn log_loss_curves(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 640, 420)?;
    let mut plane = Plane::free(
        &root,
        "Log loss of one prediction",
        0.0..1.0,
        0.0..5.0,
        AxisNames {
            x: "predicted probability p of label 1",
            y: "loss",
            x_categories: &[],
        },
    )?;
    let one = |p: f64| mlmath::loss::log_loss(&array![1.0], &array![p]);
    let zero = |p: f64| mlmath::loss::log_loss(&array![0.0], &array![p]);
    let squared = |p: f64| mse_of_one(1.0 - p);
    plane.function_between(one, 0.005..1.0, BLUE, 3)?;
    plane.function_between(zero, 0.0..0.995, ORANGE, 3)?;
    plane.chart.draw_series(DashedLineSeries::new(
        (0..=50).map(|i| {
            let p = f64::from(i) / 50.0;
            (p, squared(p))
        }),
        6,
        4,
        MUTED.stroke_width(2),
    ))?;
    plane.label("label 1: −log p", (0.05, 4.6), (0, 0), BLUE)?;
    plane.label("label 0: −log(1 − p)", (0.58, 4.6), (0, 0), ORANGE)?;
    plane.note("squared error, label 1", (0.1, 1.25), (0, 0), MUTED)?;
    Ok(())
}

/// The chapter's noisy houses: 100 around y = 2x + 50 with noise σ = 20
/// (Chapter 5's data), with the area standardised.
fn noisy_standardised() -> (Array1<f64>, Array1<f64>) {
    let (x, y) = noisy_line(100, 2.0, 50.0, 20.0, 7);
    (mlmath::stats::standardize(&x), y)
}

fn noisy_path(steps: usize) -> Vec<Array1<f64>> {
    let (z, y) = noisy_standardised();
    let grad = |p: &ArrayRef1<f64>| regression_gradient(p, &z, &y);
    gradient_descent(grad, array![0.0, 0.0], 0.1, steps)
}

fn cost_contours(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 560, 520)?;
    let (z, y) = noisy_standardised();
    let cost = |w: f64, b: f64| regression_loss(&array![w, b], &z, &y);
    let path = noisy_path(30);
    let lowest = noisy_path(200)[200].clone();
    let mut plane = Plane::new(
        &root,
        "Contours of J(w, b), and the descent",
        -30.0..110.0,
        -20.0..280.0,
        AxisNames::new("weight w", "bias b"),
    )?;
    plane.draw_origin_axes()?;

    for level in [1_000.0, 5_000.0, 20_000.0, 50_000.0] {
        plane.contour_around(cost, (lowest[0], lowest[1]), level, MUTED)?;
    }
    let points: Vec<(f64, f64)> = path.iter().map(|p| (p[0], p[1])).collect();
    plane.line(points.clone(), ORANGE, 2)?;
    for point in points {
        plane.dot(point, ORANGE)?;
    }
    plane.dot((lowest[0], lowest[1]), INK)?;
    plane.label("lowest J", (lowest[0], lowest[1]), (12, 0), INK)?;
    Ok(())
}

fn noise_floor(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 640, 400)?;
    let (z, y) = noisy_standardised();
    let costs: Vec<f64> = noisy_path(60)
        .iter()
        .map(|p| regression_loss(p, &z, &y))
        .collect();
    let mut plane = Plane::log_y(
        &root,
        "Training cost against iteration, 100 noisy houses",
        0.0..60.0,
        2.0..5.0,
        AxisNames {
            x: "iteration",
            y: "cost J (thousand dollars)²",
            x_categories: &[],
        },
    )?;
    let noise = 20.0f64 * 20.0;
    plane.dashed((0.0, noise.log10()), (60.0, noise.log10()), VERMILLION)?;
    plane.note(
        "noise variance σ² = 400",
        (32.0, noise.log10()),
        (0, -26),
        VERMILLION,
    )?;
    let points = costs
        .iter()
        .enumerate()
        .map(|(k, cost)| (k as f64, cost.log10()))
        .collect();
    plane.line(points, BLUE, 3)?;
    let last = costs[costs.len() - 1];
    let text = format!("levels off at {last:.1}");
    plane.label(&text, (32.0, last.log10()), (0, 10), BLUE)?;
    Ok(())
}

/// The listings standardised column by column, with each column's mean and
/// standard deviation to undo it.
fn standardised_listings() -> (Array2<f64>, Array1<f64>, Array1<f64>) {
    let x = listings();
    let mean = x.mean_axis(Axis(0)).unwrap_or_else(|| Array1::zeros(2));
    let std = x.std_axis(Axis(0), 0.0);
    ((&x - &mean) / &std, mean, std)
}

fn logistic_path(steps: usize) -> Vec<Array1<f64>> {
    let (z, _, _) = standardised_listings();
    let labels = liked();
    let grad = |p: &ArrayRef1<f64>| logistic_gradient(p, &z, &labels);
    gradient_descent(grad, array![0.0, 0.0, 0.0], 0.5, steps)
}

fn logistic_training(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 900, 420)?;
    let (left, right) = root.split_horizontally(400);
    let (z, mean, std) = standardised_listings();
    let labels = liked();
    let path = logistic_path(500);

    let mut plane = Plane::free(
        &left,
        "Cost (log loss) against iteration",
        0.0..500.0,
        0.0..0.75,
        AxisNames {
            x: "iteration",
            y: "cost",
            x_categories: &[],
        },
    )?;
    let points = path
        .iter()
        .enumerate()
        .map(|(k, p)| (k as f64, logistic_cost(p, &z, &labels)))
        .collect();
    plane.line(points, BLUE, 3)?;

    let mut plane = Plane::free(
        &right,
        "Where p = 0.2, 0.5, 0.8: steps 20 and 500",
        50.0..160.0,
        0.0..55.0,
        AxisNames {
            x: "area (square metres)",
            y: "age (years)",
            x_categories: &[],
        },
    )?;
    for (step, color) in [(20, PURPLE), (500, INK)] {
        let p = &path[step];
        // In raw units the score is Σ w_j (x_j − mean_j) / std_j + b. The
        // probability is p where the score is log(p / (1 − p)): solve for
        // the age along each line.
        let (wa, wg) = (p[0] / std[0], p[1] / std[1]);
        let b = p[2] - wa * mean[0] - wg * mean[1];
        for probability in [0.2f64, 0.5, 0.8] {
            let score = (probability / (1.0 - probability)).ln();
            let age_at = |area: f64| (score - wa * area - b) / wg;
            let points = (0..=40)
                .map(|i| {
                    let area = 50.0 + 110.0 * f64::from(i) / 40.0;
                    (area, age_at(area))
                })
                .collect();
            if probability == 0.5 {
                plane.clipped_line(points, color, 3)?;
            } else {
                plane.clipped_dashed(points, color)?;
            }
        }
    }
    plane.note("step 20", (52.0, 54.0), (0, 0), PURPLE)?;
    plane.note("step 500", (52.0, 50.5), (0, 0), INK)?;
    for (row, &label) in listings().rows().into_iter().zip(&labels) {
        let at = (row[0], row[1]);
        plane.answer(at, label == 1.0)?;
    }
    Ok(())
}
