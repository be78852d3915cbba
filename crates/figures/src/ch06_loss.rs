//! Figures of Chapter 6, Loss and cost functions: three losses of one
//! error, an outlier's pull on the MSE and MAE lines, and (explorable) one
//! house's price dragged up under both lines, the sigmoid, the two
//! log-loss curves, (explorable) log loss against squared error at a
//! chosen p̂, the cost surface of a line with gradient descent on it,
//! the training curve against the noise floor, and a logistic regression's
//! cost and boundary settling.
//!
//! Each figure is drawn wide and narrow from the same values, and its words
//! are built from the very strings and numbers that place its marks.

use mlmath::loss::{
    best_mae_lines, fit_line_mae, fit_line_mse, gradient_descent, house_prices, houses, huber_one,
    liked, listings, logistic_cost, logistic_gradient, logistic_predict, noisy_line,
    regression_gradient, regression_loss, sigmoid,
};
use ndarray::{Array1, Array2, ArrayRef1, Axis, array};
use plotters::prelude::*;

use crate::prose::{capitalised, count_word, listed, short, thousands};
use crate::style::{
    Area, AxisNames, BLUE, GREEN, INK, MUTED, ORANGE, PURPLE, Plane, VERMILLION, canvas,
    centred_text, panels,
};
use crate::{Control, Draw, DrawError, Figure, Layout, Words};

pub const FIGURES: &[Figure] = &[
    Figure {
        name: "loss-curves",
        chapter: "ch06-loss.md",
        draw: Draw::Still(loss_curves),
    },
    Figure {
        name: "outlier-pull",
        chapter: "ch06-loss.md",
        draw: Draw::Still(outlier_pull),
    },
    Figure {
        name: "dragged-price",
        chapter: "ch06-loss.md",
        draw: Draw::Explorable(Control {
            label: "Price of the 90 m² house",
            states: DRAGGED_PRICES.len(),
            initial: DRAGGED_PRICES.len() - 1,
            draw: dragged_price,
        }),
    },
    Figure {
        name: "sigmoid",
        chapter: "ch06-loss.md",
        draw: Draw::Still(sigmoid_curve),
    },
    Figure {
        name: "log-loss-curves",
        chapter: "ch06-loss.md",
        draw: Draw::Still(log_loss_curves),
    },
    Figure {
        name: "log-loss-slider",
        chapter: "ch06-loss.md",
        draw: Draw::Explorable(Control {
            label: "Predicted probability p̂",
            states: SLIDER_PROBABILITIES.len(),
            initial: 2,
            draw: log_loss_at,
        }),
    },
    Figure {
        name: "cost-contours",
        chapter: "ch06-loss.md",
        draw: Draw::Still(cost_contours),
    },
    Figure {
        name: "noise-floor",
        chapter: "ch06-loss.md",
        draw: Draw::Still(noise_floor),
    },
    Figure {
        name: "logistic-training",
        chapter: "ch06-loss.md",
        draw: Draw::Still(logistic_training),
    },
];

/// The error of one prediction at which the loss curves are cut: the
/// chapter's errors go up to 10.
const ERROR_SPAN: f64 = 15.0;
/// The top of the loss axis: high enough for Huber at the span's ends.
const LOSS_TOP: f64 = 80.0;
/// The Huber threshold δ of the chapter's example.
const DELTA: f64 = 5.0;
/// The chapter's errors, marked with dots on each curve.
const MARKED_ERRORS: [f64; 2] = [5.0, 10.0];

fn loss_curves(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = canvas(svg, layout.pick(640, 360), layout.pick(440, 420))?;
    let mut words = Words::default();
    let mut plane = Plane::free(
        &root,
        "Three losses of one residual r",
        -ERROR_SPAN..ERROR_SPAN,
        0.0..LOSS_TOP,
        AxisNames::new(
            layout.pick(
                "residual r = y − ŷ (thousand dollars)",
                "residual r (thousand dollars)",
            ),
            "loss",
        ),
    )?;
    let squared = |r: f64| mse_of_one(r);
    let absolute = |r: f64| mae_of_one(r);
    let huber = |r: f64| huber_one(r, DELTA);
    // The parabola is drawn to where it meets the top, rather than stopping
    // at its last sample below it (a hair inside, so that rounding does not
    // put its ends above the plot, where they would be cut).
    let leaves = LOSS_TOP.sqrt();
    let inside = leaves * (1.0 - 1e-12);
    plane.function_between(squared, -inside..inside, BLUE, 3)?;
    plane.function(absolute, ORANGE, 3)?;
    plane.function(huber, GREEN, 3)?;

    let mut marked = Vec::new();
    for r in MARKED_ERRORS {
        let mut on_plot = Vec::new();
        let mut off_plot = Vec::new();
        for (name, loss, color) in [
            ("squared", squared(r), BLUE),
            ("Huber", huber(r), GREEN),
            ("absolute", absolute(r), ORANGE),
        ] {
            // A loss above the plot gets no dot squashed onto its edge.
            if loss <= LOSS_TOP {
                plane.dot((r, loss), color)?;
                on_plot.push(format!("{name} {}", words.shows(short(loss))));
            } else {
                off_plot.push(name);
            }
        }
        let mut text = format!("at r = {}, {}", words.shows(short(r)), listed(&on_plot));
        if !off_plot.is_empty() {
            text += &format!(
                " (the {} curve has already left the plot)",
                listed(&off_plot)
            );
        }
        marked.push(text);
    }

    let delta = short(DELTA);
    let huber_name = format!("Huber, δ = {delta}");
    // Wide: a legend in the top-left corner, clear of the curves. Narrow:
    // that corner is too tight, so it stands inside the parabola's arms.
    let (legend_x, legend_top) = layout.pick((-14.5, 76.0), (-4.6, 77.0));
    let line = layout.pick(6.0, 6.5);
    plane.label("squared r²", (legend_x, legend_top), (0, 0), BLUE)?;
    plane.label(
        "absolute |r|",
        (legend_x, legend_top - line),
        (0, 0),
        ORANGE,
    )?;
    plane.label(
        &huber_name,
        (legend_x, legend_top - 2.0 * line),
        (0, 0),
        GREEN,
    )?;

    let span = short(ERROR_SPAN);
    let top = short(LOSS_TOP);
    let leaves_at = words.shows(short(leaves));
    let absolute_end = words.shows(short(absolute(ERROR_SPAN)));
    let huber_end = words.shows(short(huber(ERROR_SPAN)));
    words.alt = format!(
        "Three losses of one residual r, for r from −{span} to {span} thousand dollars. \
         The squared loss r², in blue, is a parabola that leaves the top of the plot, at {top}, \
         at r = ±{leaves_at}. The absolute loss |r|, in orange, is a V with straight sides, \
         reaching {absolute_end} at ±{span}. The Huber loss with δ = {delta}, in green, follows half \
         the squared loss between −{delta} and {delta}, then continues in straight lines, \
         reaching {huber_end} at ±{span}. Dots mark the losses of the chapter's residuals: {}.",
        marked.join("; ")
    );
    words.caption = "Squaring punishes large residuals far more than small ones; the absolute \
                     loss grows evenly; Huber is a parabola near zero and a straight line beyond δ."
        .to_owned();
    Ok(words)
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

/// The chapter's outlier: area in square metres, price in thousand dollars.
const OUTLIER: (f64, f64) = (90.0, 600.0);
/// The area axis of the outlier figure, in square metres.
const OUTLIER_AREAS: std::ops::Range<f64> = 50.0..160.0;

/// A plane of the houses' prices against their areas, across
/// [`OUTLIER_AREAS`].
fn houses_plane<'a>(area: &Area<'a>, title: &str) -> Result<Plane<'a>, DrawError> {
    Plane::free(
        area,
        title,
        OUTLIER_AREAS,
        100.0..640.0,
        AxisNames::new("area (square metres)", "price (thousand dollars)"),
    )
}

/// The ends of the line `w x + b` across [`OUTLIER_AREAS`].
fn ends(w: f64, b: f64) -> Vec<(f64, f64)> {
    let (start, end) = (OUTLIER_AREAS.start, OUTLIER_AREAS.end);
    vec![(start, w * start + b), (end, w * end + b)]
}

/// The houses' areas and prices, and the same with the chapter's outlier.
fn with_and_without_outlier() -> (Data, Data) {
    let (x, y) = (houses().column(0).to_owned(), house_prices());
    let mut x_out = x.to_vec();
    let mut y_out = y.to_vec();
    x_out.push(OUTLIER.0);
    y_out.push(OUTLIER.1);
    ((x, y), (Array1::from(x_out), Array1::from(y_out)))
}

/// Every best line of one loss on some data: one for MSE; for MAE, the
/// corners of the set of tied best lines.
type Best = fn(&ArrayRef1<f64>, &ArrayRef1<f64>) -> Vec<(f64, f64)>;

fn best_mse(x: &ArrayRef1<f64>, y: &ArrayRef1<f64>) -> Vec<(f64, f64)> {
    vec![fit_line_mse(x, y)]
}

fn best_mae(x: &ArrayRef1<f64>, y: &ArrayRef1<f64>) -> Vec<(f64, f64)> {
    best_mae_lines(x, y).1
}

/// How one loss's fitted line sits on the houses, with and without the
/// outlier, as the panel draws it.
struct Pull {
    /// Whether the line with the outlier is one of the best lines without it.
    kept: bool,
    /// How many corner lines tie for best without the outlier (1: unique).
    tied: usize,
    /// Whether, at the outlier's area, the line rose towards it.
    towards: bool,
    /// How many of the houses the line with the outlier passes above.
    above: usize,
    /// How many of the houses the line with the outlier passes through.
    through: usize,
    /// How many houses there are (the outlier aside).
    houses: usize,
}

/// Whether two fitted lines are the same, to rounding.
fn same_line(a: (f64, f64), b: (f64, f64)) -> bool {
    (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9
}

/// One panel of the outlier figure: the best lines of `loss` (found by
/// `best`) on the houses without the outlier, dashed, and with it, solid.
fn outlier_panel(area: &Area<'_>, loss: &str, best: Best) -> Result<Pull, DrawError> {
    let ((x, y), (x_out, y_out)) = with_and_without_outlier();
    let without = best(&x, &y);
    let with = best(&x_out, &y_out);
    // The words say "the best line with it": it must be unique.
    assert!(
        with.len() == 1,
        "{loss}: the best line with the outlier is not unique"
    );
    let (w_out, b_out) = with[0];
    let kept = without.iter().any(|&line| same_line(line, (w_out, b_out)));
    let title = match (kept, without.len()) {
        (false, _) => format!("Lowest {loss}: pulled"),
        (true, 1) => format!("Lowest {loss}: unmoved"),
        (true, _) => format!("Lowest {loss}: one of the ties"),
    };
    let mut plane = houses_plane(area, &title)?;
    for &(w, b) in &without {
        if !same_line((w, b), (w_out, b_out)) {
            let line = ends(w, b);
            plane.dashed(line[0], line[1], MUTED)?;
        }
    }
    plane.line(ends(w_out, b_out), PURPLE, 3)?;
    for (&area, &price) in x.iter().zip(&y) {
        plane.dot((area, price), BLUE)?;
    }
    plane
        .chart
        .draw_series(std::iter::once(TriangleMarker::new(
            OUTLIER,
            8,
            VERMILLION.filled(),
        )))?;
    plane.label("outlier", OUTLIER, (12, -8), VERMILLION)?;
    // The houses and lines all rise to the right: the bottom right is free.
    match (kept, without.len()) {
        (false, _) => {
            plane.note("dashed: without it", (93.0, 190.0), (0, 0), MUTED)?;
            plane.note("solid: with it", (93.0, 155.0), (0, 0), PURPLE)?;
        }
        (true, 1) => {
            plane.note("with or without it:", (93.0, 190.0), (0, 0), PURPLE)?;
            plane.note("the same line", (93.0, 155.0), (0, 0), PURPLE)?;
        }
        (true, _) => {
            plane.note("without it: tied best", (93.0, 190.0), (0, 0), MUTED)?;
            plane.note("solid: best with it", (93.0, 155.0), (0, 0), PURPLE)?;
        }
    }

    // Where the line with the outlier went, from the (first) best line
    // without it.
    let (w, b) = without[0];
    let miss = |area: f64, price: f64| w_out * area + b_out - price;
    let misses: Vec<f64> = x.iter().zip(&y).map(|(&a, &p)| miss(a, p)).collect();
    Ok(Pull {
        kept,
        tied: without.len(),
        towards: (w_out - w) * OUTLIER.0 + (b_out - b) > 0.0,
        above: misses.iter().filter(|&&m| m > 1e-9).count(),
        through: misses.iter().filter(|m| m.abs() <= 1e-9).count(),
        houses: x.len(),
    })
}

/// What a panel's solid line does, in words.
fn pull_words(pull: &Pull) -> String {
    let of_houses = |count: usize| {
        if count == pull.houses {
            format!("all {} houses", count_word(count))
        } else {
            format!(
                "{} of the {} houses",
                count_word(count),
                count_word(pull.houses)
            )
        }
    };
    let position = match (pull.through, pull.above) {
        (0, 0) => "runs among the houses".to_owned(),
        (0, above) => format!("runs above {}", of_houses(above)),
        (through, 0) => format!("passes through {}", of_houses(through)),
        (through, above) if through + above == pull.houses => format!(
            "passes through {} and runs above the other {}",
            of_houses(through),
            count_word(above)
        ),
        (through, above) => format!(
            "passes through {} and runs above {}",
            of_houses(through),
            of_houses(above)
        ),
    };
    match (pull.kept, pull.tied) {
        (false, _) => format!("with it (solid), it is {} and {position}", pull_way(pull)),
        (true, 1) => {
            format!("with and without the outlier it is the same line, which {position}")
        }
        (true, 2) => format!(
            "without the outlier no single line is best: every line between the dashed one and \
             the solid one ties for the lowest MAE; with it the best line is unique, the solid \
             one, which {position}"
        ),
        (true, tied) => format!(
            "without the outlier no single line is best: the {} lines drawn and every line \
             between them tie for the lowest MAE; with it the best line is unique, the solid \
             one, which {position}",
            count_word(tied)
        ),
    }
}

/// How the outlier moved a panel's line.
fn pull_way(pull: &Pull) -> &'static str {
    match (!pull.kept, pull.towards) {
        (false, _) => "unmoved",
        (true, true) => "pulled towards the outlier",
        (true, false) => "pushed away from the outlier",
    }
}

fn outlier_pull(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = canvas(svg, layout.pick(720, 360), layout.pick(420, 840))?;
    let areas = panels(&root, layout, 2);
    let mse = outlier_panel(&areas[0], "MSE", best_mse)?;
    let mae = outlier_panel(&areas[1], "MAE", best_mae)?;

    let mut words = Words::default();
    let area = words.shows(short(OUTLIER.0));
    let price = words.shows(short(OUTLIER.1));
    let houses = count_word(mse.houses);
    let mse_before = if !mse.kept {
        "without the outlier (dashed) it runs close to the houses; "
    } else {
        ""
    };
    words.alt = format!(
        "Two panels of the {houses} houses, area in square metres across and price in thousand \
         dollars up, plus a sixth house of {area} square metres priced at {price} thousand \
         dollars, drawn as a red triangle far above the others. In the first, the line of \
         lowest MSE: {mse_before}{}. In the second, the lines of lowest MAE: {}.",
        pull_words(&mse),
        pull_words(&mae),
    );
    let way = |pull: &Pull, loss: &str| {
        if pull.kept && pull.tied > 1 {
            format!(
                "the best {loss} line with it is one of the lines tied for lowest {loss} without it"
            )
        } else {
            format!("the fitted {loss} line is {}", pull_way(pull))
        }
    };
    words.caption = format!("One outlier: {}; {}.", way(&mse, "MSE"), way(&mae, "MAE"));
    Ok(words)
}

/// The prices the dragged house moves through, in thousand dollars: from
/// about where the five houses' lines put a 90 m² house up to the chapter's
/// outlier, 600.
const DRAGGED_PRICES: [f64; 8] = [250.0, 300.0, 350.0, 400.0, 450.0, 500.0, 550.0, 600.0];

/// The area at which the dragged-price figure reads off both lines.
const READ_AT: f64 = 100.0;

/// The five houses and a sixth of the outlier's area priced at `price`.
fn with_sixth_house(price: f64) -> Data {
    let (x, y) = (houses().column(0).to_owned(), house_prices());
    let mut x_out = x.to_vec();
    let mut y_out = y.to_vec();
    x_out.push(OUTLIER.0);
    y_out.push(price);
    (Array1::from(x_out), Array1::from(y_out))
}

/// A fitted line's slope w and intercept b.
type Line = (f64, f64);

/// The lines of lowest MSE and lowest MAE on the six houses with the sixth
/// priced at `price`, or an error if the best MAE line is not unique.
fn six_house_lines(price: f64) -> Result<(Line, Line), DrawError> {
    let (x, y) = with_sixth_house(price);
    let mae_lines = best_mae_lines(&x, &y).1;
    if mae_lines.len() != 1 {
        return Err(DrawError::new(format!(
            "with the sixth house at {price}, the best MAE line is not unique"
        )));
    }
    Ok((fit_line_mse(&x, &y), fit_line_mae(&x, &y)))
}

/// What each line predicts at [`READ_AT`] square metres, as printed.
fn predictions_at_read(price: f64) -> Result<(String, String), DrawError> {
    let ((w_mse, b_mse), (w_mae, b_mae)) = six_house_lines(price)?;
    Ok((
        format!("{:.1}", w_mse * READ_AT + b_mse),
        format!("{:.1}", w_mae * READ_AT + b_mae),
    ))
}

fn dragged_price(state: usize, layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let price = DRAGGED_PRICES[state];
    let root = canvas(svg, layout.pick(640, 360), layout.pick(440, 510))?;
    let (chart, legend) = root.split_vertically(layout.pick(440, 430));
    let ((w_mse, b_mse), (w_mae, b_mae)) = six_house_lines(price)?;
    let (mse_at, mae_at) = predictions_at_read(price)?;
    let (price_text, area_text, read_text) = (short(price), short(OUTLIER.0), short(READ_AT));
    let mut plane = houses_plane(
        &chart,
        layout.pick(
            "Lowest-MSE and lowest-MAE lines, six houses",
            "MSE and MAE lines, six houses",
        ),
    )?;
    // The MAE line is drawn wider, under the MSE line, so that it shows
    // where the two nearly coincide.
    plane.line(ends(w_mae, b_mae), GREEN, 5)?;
    plane.line(ends(w_mse, b_mse), PURPLE, 3)?;
    let (x, y) = (houses().column(0).to_owned(), house_prices());
    for (&area, &house_price) in x.iter().zip(&y) {
        plane.dot((area, house_price), BLUE)?;
    }
    let sixth = (OUTLIER.0, price);
    plane
        .chart
        .draw_series(std::iter::once(TriangleMarker::new(
            sixth,
            8,
            VERMILLION.filled(),
        )))?;
    plane.label(&price_text, sixth, (-44, -10), VERMILLION)?;
    let mse_text = format!("MSE line: {mse_at} at {read_text} m²");
    let mae_text = format!("MAE line: {mae_at} at {read_text} m²");
    let house_text = format!("red: the {area_text} m² house");
    match layout {
        Layout::Wide => {
            plane.label(&house_text, (108.0, 235.0), (0, 0), VERMILLION)?;
            plane.label(&mse_text, (108.0, 200.0), (0, 0), PURPLE)?;
            plane.label(&mae_text, (108.0, 165.0), (0, 0), GREEN)?;
        }
        Layout::Narrow => {
            centred_text(&legend, &house_text, (180, 10), VERMILLION, true)?;
            centred_text(&legend, &mse_text, (180, 36), PURPLE, true)?;
            centred_text(&legend, &mae_text, (180, 62), GREEN, true)?;
        }
    }

    let mut words = Words::default();
    let (mse_slope, mae_slope) = (
        words.shows(format!("{w_mse:.3}")),
        words.shows(format!("{w_mae:.3}")),
    );
    let (x_mae, y_mae) = with_sixth_house(price);
    let on_mae = x_mae
        .iter()
        .zip(&y_mae)
        .filter(|&(&a, &p)| (w_mae * a + b_mae - p).abs() < 1e-9)
        .count();
    let sixth_side = if price > w_mae * OUTLIER.0 + b_mae {
        "above"
    } else {
        "below"
    };
    words.alt = format!(
        "The five houses as blue dots, area in square metres across and price in thousand dollars \
         up, and a sixth house of {area_text} square metres priced at {price_text}, a red \
         triangle. A purple line, the line of lowest MSE on all six houses, rises {mse_slope} \
         thousand dollars per square metre and predicts {mse_at} at {read_text} square metres. A \
         green line, the line of lowest MAE, rises {mae_slope} per square metre, passes through \
         {} of the houses with the sixth {sixth_side} it, and predicts {mae_at} at {read_text} \
         square metres.",
        count_word(on_mae),
    );
    words.caption = format!(
        "With the {area_text} m² house at {price_text}, the MSE line predicts {mse_at} at \
         {read_text} m² and the MAE line {mae_at}: raise the price and only the MSE line follows."
    );
    words.value =
        format!("price {price_text}: at {read_text} m², MSE line {mse_at}, MAE line {mae_at}");
    Ok(words)
}

fn sigmoid_curve(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = canvas(svg, layout.pick(640, 360), layout.pick(380, 340))?;
    let mut words = Words::default();
    let span = 8.0;
    let mut plane = Plane::free(
        &root,
        "The sigmoid σ(q) = 1 / (1 + e^(−q))",
        -span..span,
        0.0..1.0,
        AxisNames::new("score q", "probability σ(q)"),
    )?;
    plane.dashed((-span, 0.5), (span, 0.5), MUTED)?;
    plane.function(sigmoid, BLUE, 3)?;
    let mut marked = Vec::new();
    for z in [-2.0, 0.0, 2.0] {
        let p = sigmoid(z);
        let value = short(p);
        let sign = if (p - (p * 100.0).round() / 100.0).abs() < 1e-12 {
            "="
        } else {
            "≈"
        };
        let text = format!("σ({}) {sign} {value}", short(z));
        plane.dot((z, p), INK)?;
        // Narrow, the right-hand label would run off the canvas: it goes
        // above and to the left of its dot, where the curve has not yet been.
        let offset = if z > 0.0 {
            layout.pick((10, 6), (-118, -22))
        } else {
            (10, 6)
        };
        plane.label(&text, (z, p), offset, INK)?;
        marked.push(text);
    }
    plane.note("no", (-span + 0.5, 0.46), (0, 0), VERMILLION)?;
    plane.note("yes", (-span + 0.5, 0.6), (0, 0), GREEN)?;

    // The axis ends at ±span, between its labelled ticks.
    let span = words.shows(short(span));
    words.alt = format!(
        "The sigmoid curve σ(q) = 1 / (1 + e^(−q)) for scores q from −{span} to {span}: an S shape \
         rising from near 0 on the left, through 0.5 at q = 0, to near 1 on the right. Marked \
         points: {}. A dashed line at 0.5 marks where the answer switches from no, below it, to \
         yes, above it.",
        listed(&marked)
    );
    words.caption = "The sigmoid turns any score into a probability: 0.5 at a score of 0, near 0 \
                     or 1 for large scores."
        .to_owned();
    Ok(words)
}

/// A plane of a loss, from 0 to `top`, against the predicted probability
/// p̂ of label 1, from 0 to 1.
fn probability_plane<'a>(
    root: &Area<'a>,
    layout: Layout,
    title: &str,
    top: f64,
) -> Result<Plane<'a>, DrawError> {
    Plane::free(
        root,
        title,
        0.0..1.0,
        0.0..top,
        AxisNames::new(
            layout.pick(
                "predicted probability p̂ of label 1",
                "probability p̂ of label 1",
            ),
            "loss",
        ),
    )
}

fn log_loss_curves(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = canvas(svg, layout.pick(640, 360), layout.pick(420, 400))?;
    let mut words = Words::default();
    let top = 5.0;
    let mut plane = probability_plane(&root, layout, "Log loss of one prediction", top)?;
    let one = |p: f64| mlmath::loss::log_loss(&array![1.0], &array![p]);
    let zero = |p: f64| mlmath::loss::log_loss(&array![0.0], &array![p]);
    let squared = |p: f64| mse_of_one(1.0 - p);
    // Each curve is drawn up to exactly where it meets the top: −log p = top
    // at p = e^(−top).
    let edge = (-top).exp();
    plane.function_between(one, edge..1.0, BLUE, 3)?;
    plane.function_between(zero, 0.0..1.0 - edge, ORANGE, 3)?;
    plane.chart.draw_series(DashedLineSeries::new(
        (0..=50).map(|i| {
            let p = f64::from(i) / 50.0;
            (p, squared(p))
        }),
        6,
        4,
        MUTED.stroke_width(2),
    ))?;
    // Wide, both names fit side by side at the top; narrow, the orange one
    // goes lower, beside its own curve.
    plane.label("label 1: −log p̂", (0.05, 4.6), (0, 0), BLUE)?;
    let zero_at = layout.pick((0.58, 4.6), (0.3, 3.9));
    plane.label("label 0: −log(1 − p̂)", zero_at, (0, 0), ORANGE)?;
    // The dashed curve's name stands in the open middle, clear of all three.
    let note_at = layout.pick((0.34, 2.5), (0.2, 2.75));
    plane.note("dashed: squared error", note_at, (0, 0), MUTED)?;
    plane.note("(1 − p̂)² for label 1", note_at, (0, 20), MUTED)?;

    let top = short(top);
    let most = words.shows(short(squared(0.0)));
    words.alt = format!(
        "Log loss against the predicted probability p̂ that the label is 1, for p̂ from 0 to 1. In \
         blue, the loss when the label is 1, −log p̂: 0 at p̂ = 1, rising slowly, then steeply as p̂ \
         nears 0, leaving the top of the plot at {top}. In orange, the loss when the label is 0, \
         −log(1 − p̂): its mirror image, steep near p̂ = 1. Dashed, for comparison, the squared \
         error (1 − p̂)² for label 1, which never exceeds {most}."
    );
    words.caption = format!(
        "Log loss charges little for a confident right answer and without limit for a confident \
         wrong one; the squared error stays below {most}."
    );
    Ok(words)
}

/// The predicted probabilities of label 1 the log-loss slider moves
/// through, for an example whose label is 1.
const SLIDER_PROBABILITIES: [f64; 8] = [0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9];

/// Log loss and squared error of the prediction `p` for label 1, as
/// printed.
fn losses_at(p: f64) -> (String, String) {
    let log = mlmath::loss::log_loss(&array![1.0], &array![p]);
    let squared = mlmath::loss::mse(&array![1.0], &array![p]);
    (format!("{log:.2}"), format!("{squared:.2}"))
}

fn log_loss_at(state: usize, layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let p = SLIDER_PROBABILITIES[state];
    let root = canvas(svg, layout.pick(640, 360), layout.pick(420, 420))?;
    let top = 5.0;
    let mut plane = probability_plane(
        &root,
        layout,
        layout.pick(
            "Label 1: log loss against squared error",
            "Label 1: log loss, squared error",
        ),
        top,
    )?;
    let log = |q: f64| mlmath::loss::log_loss(&array![1.0], &array![q]);
    let squared = |q: f64| mlmath::loss::mse(&array![1.0], &array![q]);
    plane.function_between(log, (-top).exp()..1.0, BLUE, 3)?;
    plane.function_between(squared, 0.0..1.0, ORANGE, 3)?;
    plane.dashed((p, 0.0), (p, log(p)), MUTED)?;
    plane.dot((p, log(p)), BLUE)?;
    plane.dot((p, squared(p)), ORANGE)?;
    let (log_text, squared_text) = losses_at(p);
    let p_text = short(p);
    let legend = (layout.pick(0.4, 0.12), 4.85);
    plane.label(&format!("p̂ = {p_text}, label 1"), legend, (0, 0), INK)?;
    plane.label(
        &format!("log loss −log p̂ = {log_text}"),
        legend,
        (0, 24),
        BLUE,
    )?;
    plane.label(
        &format!("squared (1 − p̂)² = {squared_text}"),
        legend,
        (0, 48),
        ORANGE,
    )?;

    let mut words = Words::default();
    let ratio = log(p) / squared(p);
    let compare = if ratio >= 1.0 {
        format!("{} times", words.shows(format!("{ratio:.1}")))
    } else {
        format!("{} of", words.shows(format!("{ratio:.2}")))
    };
    words.alt = format!(
        "Two losses of one prediction for an example labelled 1, against the predicted \
         probability p̂ from 0 to 1: in blue the log loss −log p̂, falling from the top of the plot \
         near p̂ = 0 to 0 at p̂ = 1; in orange the squared error (1 − p̂)², falling from 1 to 0. At \
         p̂ = {p_text}, marked by a dashed vertical line and a dot on each curve, the log loss is \
         {log_text} and the squared error {squared_text}: the log loss is {compare} the squared \
         error."
    );
    words.caption = format!(
        "At p̂ = {p_text} for a true label 1, log loss charges {log_text} and squared error \
         {squared_text}; as p̂ nears 0, only log loss climbs without limit."
    );
    words.value = format!("p̂ = {p_text}: log loss {log_text}, squared error {squared_text}");
    Ok(words)
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

fn cost_contours(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = canvas(svg, layout.pick(560, 360), layout.pick(520, 420))?;
    let mut words = Words::default();
    let (z, y) = noisy_standardised();
    let cost = |w: f64, b: f64| regression_loss(&array![w, b], &z, &y);
    let steps = 30;
    let path = noisy_path(steps);
    let lowest = noisy_path(200)[200].clone();
    // The plane draws w for the standardised area (thousand dollars per
    // standard deviation of area), not the chapter's per square metre: the
    // axis name and the caption say so.
    let mut plane = Plane::new(
        &root,
        layout.pick(
            "Contours of J(w, b), and the descent",
            "J(w, b) and the descent",
        ),
        -30.0..110.0,
        // Room below b = 0 for the name of the w axis.
        -45.0..280.0,
        AxisNames::new(
            layout.pick("weight w of standardised area", "w of standardised area"),
            "bias b (thousand dollars)",
        ),
    )?;
    plane.draw_origin_axes()?;

    for level in [1_000.0, 5_000.0, 20_000.0, 50_000.0] {
        plane.contour_around(cost, (lowest[0], lowest[1]), level, MUTED)?;
    }
    let points: Vec<(f64, f64)> = path.iter().map(|p| (p[0], p[1])).collect();
    plane.line(points.clone(), ORANGE, 2)?;
    for &point in &points {
        plane.dot(point, ORANGE)?;
    }
    plane.dot((lowest[0], lowest[1]), INK)?;
    plane.label("lowest J", (lowest[0], lowest[1]), (12, 0), INK)?;

    let w = words.shows(format!("{:.1}", lowest[0]));
    let b = words.shows(format!("{:.1}", lowest[1]));
    let start = words.shows(format!("({}, {})", short(path[0][0]), short(path[0][1])));
    words.alt = format!(
        "Contour lines of the cost J(w, b), the mean squared error of the line on the chapter's \
         noisy houses, drawn with the area standardised, so that w is in thousand dollars per \
         standard deviation of area: circles around the lowest point, near w = {w} and \
         b = {b}, marked with a dot. An orange path of {} steps of gradient descent runs in a \
         straight line from {start} to the lowest point, its dots bunching up as the steps shrink.",
        count_word(steps)
    );
    words.caption = "Gradient descent walks down J(w, b) to its lowest point; w is for the \
                     standardised area, per standard deviation, not per square metre."
        .to_owned();
    Ok(words)
}

fn noise_floor(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = canvas(svg, layout.pick(640, 360), layout.pick(400, 360))?;
    let mut words = Words::default();
    let (z, y) = noisy_standardised();
    let iterations = 60;
    let costs: Vec<f64> = noisy_path(iterations)
        .iter()
        .map(|p| regression_loss(p, &z, &y))
        .collect();
    let houses = thousands(z.len() as f64);
    let mut plane = Plane::log_y(
        &root,
        &layout.pick(
            format!("Training cost against iteration, {houses} noisy houses"),
            format!("Training cost, {houses} noisy houses"),
        ),
        0.0..iterations as f64,
        2.0..5.0,
        AxisNames::new("iteration", "cost J (thousand dollars)²"),
    )?;
    let sigma = 20.0f64;
    let noise = sigma * sigma;
    let noise_text = thousands(noise);
    let notes_x = layout.pick(32.0, 18.0);
    plane.dashed(
        (0.0, noise.log10()),
        (iterations as f64, noise.log10()),
        VERMILLION,
    )?;
    plane.note(
        &format!("noise variance σ² = {noise_text}"),
        (notes_x, noise.log10()),
        (0, -26),
        VERMILLION,
    )?;
    let points = costs
        .iter()
        .enumerate()
        .map(|(k, cost)| (k as f64, cost.log10()))
        .collect();
    plane.line(points, BLUE, 3)?;
    let first = thousands(costs[0]);
    plane.note(
        &format!("starts at {first}"),
        (0.0, costs[0].log10()),
        (12, -6),
        BLUE,
    )?;
    let last = format!("{:.1}", costs[iterations]);
    plane.label(
        &format!("levels off at {last}"),
        (notes_x, costs[iterations].log10()),
        (0, 10),
        BLUE,
    )?;

    let under = costs.iter().position(|&cost| cost < noise);
    let crossing = under.map_or_else(String::new, |k| {
        format!(
            ", dips under it at iteration {}",
            words.shows(k.to_string())
        )
    });
    words.alt = format!(
        "The cost J on the {houses} noisy houses against the iteration of gradient descent, 0 to \
         {iterations}, on a logarithmic axis from 100 to 100,000. It starts at {first}, falls \
         steeply towards a dashed line at {noise_text}, the noise variance σ²{crossing}, and \
         levels off just below it, at {last}, where it stays to iteration {iterations}."
    );
    words.caption =
        format!("The cost levels off at the noise, about σ² = {noise_text}, not at zero.");
    Ok(words)
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

/// The probabilities whose lines the boundary panel draws: the boundary
/// itself (solid) and one line on either side (dashed).
const BAND: [f64; 3] = [0.2, 0.5, 0.8];
/// The two moments of training whose lines the boundary panel draws.
const EARLY_STEP: usize = 20;
const LAST_STEP: usize = 500;
/// The area axis of the boundary panel, in square metres.
const LISTING_AREAS: std::ops::Range<f64> = 50.0..160.0;

/// A model's score line in raw units: area and age weights and bias, so the
/// score of a listing is `area_weight × area + age_weight × age + bias`.
struct RawModel {
    area_weight: f64,
    age_weight: f64,
    bias: f64,
}

impl RawModel {
    /// The model with standardised parameters `p`, in raw units: the score
    /// is Σ w_j (x_j − mean_j) / std_j + b.
    fn from(p: &ArrayRef1<f64>, mean: &Array1<f64>, std: &Array1<f64>) -> Self {
        let (area_weight, age_weight) = (p[0] / std[0], p[1] / std[1]);
        RawModel {
            area_weight,
            age_weight,
            bias: p[2] - area_weight * mean[0] - age_weight * mean[1],
        }
    }

    /// The age at which a listing of `area` has probability `p` of being
    /// liked: where the score is log(p / (1 − p)).
    fn age_at(&self, area: f64, p: f64) -> f64 {
        let score = (p / (1.0 - p)).ln();
        (score - self.area_weight * area - self.bias) / self.age_weight
    }
}

fn logistic_training(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let root = canvas(svg, layout.pick(720, 360), layout.pick(420, 840))?;
    let areas = panels(&root, layout, 2);
    let mut words = Words::default();
    let (z, mean, std) = standardised_listings();
    let labels = liked();
    let path = logistic_path(LAST_STEP);
    let costs: Vec<f64> = path.iter().map(|p| logistic_cost(p, &z, &labels)).collect();

    let mut plane = Plane::free(
        &areas[0],
        "Cost (log loss) against iteration",
        0.0..LAST_STEP as f64,
        0.0..0.75,
        AxisNames::new("iteration", "cost (log loss)"),
    )?;
    let points = costs
        .iter()
        .enumerate()
        .map(|(k, &cost)| (k as f64, cost))
        .collect();
    plane.line(points, BLUE, 3)?;
    let first = format!("{:.3}", costs[0]);
    let last = format!("{:.3}", costs[LAST_STEP]);
    plane.label(&first, (0.0, costs[0]), (10, -6), BLUE)?;
    plane.label(
        &last,
        (LAST_STEP as f64, costs[LAST_STEP]),
        (-52, -28),
        BLUE,
    )?;

    let band = BAND.map(short);
    let mut plane = Plane::free(
        &areas[1],
        &format!("Where p̂ = {}, {} (solid) and {}", band[0], band[1], band[2]),
        LISTING_AREAS,
        0.0..55.0,
        AxisNames::new("area (square metres)", "age (years)"),
    )?;
    let early = RawModel::from(&path[EARLY_STEP], &mean, &std);
    let trained = RawModel::from(&path[LAST_STEP], &mean, &std);
    for (model, color) in [(&early, PURPLE), (&trained, INK)] {
        for probability in BAND {
            let points = (0..=40)
                .map(|i| {
                    let area = LISTING_AREAS.start
                        + (LISTING_AREAS.end - LISTING_AREAS.start) * f64::from(i) / 40.0;
                    (area, model.age_at(area, probability))
                })
                .collect();
            if probability == 0.5 {
                plane.clipped_line(points, color, 3)?;
            } else {
                plane.clipped_dashed(points, color)?;
            }
        }
    }
    plane.note(&format!("step {EARLY_STEP}"), (52.0, 54.0), (0, 0), PURPLE)?;
    plane.note(&format!("step {LAST_STEP}"), (52.0, 50.5), (0, 0), INK)?;
    let x = listings();
    for (row, &label) in x.rows().into_iter().zip(&labels) {
        plane.answer((row[0], row[1]), label == 1.0)?;
    }

    // The listings the trained model puts on the wrong side of its boundary.
    let predicted = logistic_predict(&path[LAST_STEP], &z);
    let mut wrong = Vec::new();
    for ((row, &label), &p) in x.rows().into_iter().zip(&labels).zip(&predicted) {
        if (p > 0.5) != (label == 1.0) {
            let kind = if label == 1.0 { "liked" } else { "disliked" };
            wrong.push(format!(
                "one {kind} listing, {} square metres and {} years old",
                words.shows(short(row[0])),
                words.shows(short(row[1]))
            ));
        }
    }
    let wrong = match wrong.len() {
        0 => format!("Every listing lies on its own side of the step {LAST_STEP} boundary."),
        count => format!(
            "{}, {} on the wrong side of the step {LAST_STEP} boundary.",
            capitalised(&listed(&wrong)),
            if count == 1 { "lies" } else { "lie" }
        ),
    };
    // How far apart each model's dashed lines are, along the age axis at
    // the listings' mean area: the narrower band is the surer model.
    let width =
        |model: &RawModel| (model.age_at(mean[0], BAND[0]) - model.age_at(mean[0], BAND[2])).abs();
    // How far apart the two boundaries are along the age axis, at worst,
    // across the listings' areas: "nearly coincide" when well inside the
    // early band.
    let gap = x
        .column(0)
        .iter()
        .map(|&area| (early.age_at(area, BAND[1]) - trained.age_at(area, BAND[1])).abs())
        .fold(0.0, f64::max);
    let boundaries = if gap < width(&early) / 4.0 {
        "The two boundaries nearly coincide"
    } else {
        "The two boundaries differ"
    };
    let surer = if width(&trained) < width(&early) {
        format!(
            "the dashed lines of step {EARLY_STEP} are far apart, those of step {LAST_STEP} close to the boundary"
        )
    } else {
        format!(
            "the dashed lines of step {LAST_STEP} are no closer than those of step {EARLY_STEP}"
        )
    };
    words.alt = format!(
        "Two panels. First, the log-loss cost of the logistic regression against iteration, 0 to \
         {LAST_STEP}, falling from {first} quickly at first, then slowly, to {last}. Second, the \
         {} listings by area across and age up, liked ones as green circles and others as red \
         triangles, with the model after {EARLY_STEP} steps (purple) and after {LAST_STEP} steps \
         (black): a solid line where the probability of liked is {}, the decision boundary, and \
         dashed lines where it is {} and {}. {boundaries}; {surer}. {wrong}",
        count_word(x.nrows()),
        band[1],
        band[0],
        band[2],
    );
    words.caption = format!(
        "The boundary of step {EARLY_STEP} is already close to that of step {LAST_STEP}; further \
         training makes the model surer, narrowing the band between p̂ = {} and p̂ = {}.",
        band[0], band[2]
    );
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each state's value holds what `mlmath`'s fitted lines predict at
    /// 100 m², on the six houses written out here.
    #[test]
    fn dragged_price_values_come_from_mlmath() {
        let figure = crate::find("dragged-price").expect("registered");
        let x = array![120.0, 80.0, 150.0, 60.0, 100.0, 90.0];
        for (state, &price) in DRAGGED_PRICES.iter().enumerate() {
            let y = array![310.0, 195.0, 390.0, 150.0, 250.0, price];
            let (w, b) = fit_line_mse(&x, &y);
            let (lines, (w_mae, b_mae)) = (best_mae_lines(&x, &y).1, fit_line_mae(&x, &y));
            assert_eq!(lines.len(), 1, "the best MAE line is unique at {price}");
            let expected = format!(
                "price {price}: at 100 m², MSE line {:.1}, MAE line {:.1}",
                w * 100.0 + b,
                w_mae * 100.0 + b_mae
            );
            for layout in Layout::ALL {
                let drawing = figure.render_state(state, layout).expect("drawn");
                assert_eq!(drawing.words.value, expected, "state {state}");
            }
        }
    }

    /// Each state's value holds `mlmath`'s log loss and MSE of p̂ for label 1.
    #[test]
    fn log_loss_slider_values_come_from_mlmath() {
        let figure = crate::find("log-loss-slider").expect("registered");
        for (state, &p) in SLIDER_PROBABILITIES.iter().enumerate() {
            let expected = format!(
                "p̂ = {p}: log loss {:.2}, squared error {:.2}",
                mlmath::loss::log_loss(&array![1.0], &array![p]),
                mlmath::loss::mse(&array![1.0], &array![p])
            );
            for layout in Layout::ALL {
                let drawing = figure.render_state(state, layout).expect("drawn");
                assert_eq!(drawing.words.value, expected, "state {state}");
            }
        }
    }
}
