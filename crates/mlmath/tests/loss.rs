//! Checks `mlmath::loss` against values worked out by hand in Chapter 6,
//! the best lines against independent checks, the logistic gradient against
//! a numerical one, and the copies of other chapters' code and data against
//! their originals.

use mlmath::loss::{
    CLIP, fit_line_mae, fit_line_mse, house_prices, houses, huber, huber_one,
    liked, listings, log_loss, logistic_cost, logistic_gradient,
    logistic_predict, mae, mse, noisy_line, regression_gradient,
    regression_loss, sigmoid,
};
use ndarray::{Array1, ArrayRef1, array};

fn assert_close(actual: f64, expected: f64, tolerance: f64) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "expected {expected}, got {actual} (tolerance {tolerance})"
    );
}

/// Chapter 2's model's predictions for the houses.
fn predictions() -> Array1<f64> {
    array![305.0, 200.0, 385.0, 140.0, 260.0]
}

#[test]
fn costs_of_chapter_twos_model_by_hand() {
    let y = house_prices();
    // Errors −5, 5, −5, −10, 10.
    assert_close(mse(&y, &predictions()), 275.0 / 5.0, 1e-12);
    assert_close(mae(&y, &predictions()), 35.0 / 5.0, 1e-12);
    // δ = 5: three errors of 5 cost 12.5, two of 10 cost 5 (10 − 2.5).
    assert_close(
        huber(&y, &predictions(), 5.0),
        (3.0 * 12.5 + 2.0 * 37.5) / 5.0,
        1e-12,
    );
}

#[test]
fn huber_joins_its_two_pieces_smoothly() {
    let delta = 2.0;
    assert_close(huber_one(delta, delta), 0.5 * delta * delta, 1e-12);
    let just_below = huber_one(delta - 1e-6, delta);
    let just_above = huber_one(delta + 1e-6, delta);
    // Both sides have slope δ at the joint.
    assert_close((just_above - just_below) / 2e-6, delta, 1e-5);
    assert_close(huber_one(-4.0, 1.0), 3.5, 1e-12);
}

#[test]
fn best_constants_are_the_mean_and_the_median() {
    let y = array![150.0, 195.0, 250.0, 310.0, 390.0];
    let cost_at = |loss: fn(&ArrayRef1<f64>, &ArrayRef1<f64>) -> f64,
                   c: f64| {
        loss(&y, &Array1::from_elem(5, c))
    };
    for offset in [-1.0, -0.1, 0.1, 1.0] {
        assert!(cost_at(mse, 259.0) < cost_at(mse, 259.0 + offset));
        assert!(cost_at(mae, 250.0) < cost_at(mae, 250.0 + offset));
    }
}

#[test]
fn sigmoid_is_stable_and_symmetric() {
    assert_eq!(sigmoid(0.0), 0.5);
    assert_eq!(sigmoid(-800.0), 0.0);
    assert_eq!(sigmoid(800.0), 1.0);
    for z in [-30.0, -5.0, -0.5, 0.5, 5.0, 30.0] {
        assert_close(sigmoid(z) + sigmoid(-z), 1.0, 1e-15);
        assert_close(sigmoid(z), 1.0 / (1.0 + f64::exp(-z)), 1e-15);
        assert!(sigmoid(z).is_finite());
    }
    // Tiny but not zero far out on the left, where 1/(1 + e^800) would be.
    assert!(sigmoid(-700.0) > 0.0);
}

#[test]
fn log_loss_by_hand() {
    let labels = array![1.0, 0.0];
    let p = array![0.9, 0.2];
    // (−ln 0.9 − ln 0.8) / 2
    assert_close(
        log_loss(&labels, &p),
        (-(0.9f64.ln()) - 0.8f64.ln()) / 2.0,
        1e-12,
    );
    // Perfect predictions: within 1e-12 of zero.
    assert!(log_loss(&labels, &array![1.0, 0.0]) < 1e-12);
    // Certain and wrong: clipped, so large but finite.
    let worst = log_loss(&array![1.0], &array![0.0]);
    assert!(worst.is_finite());
    assert_close(worst, -CLIP.ln(), 1e-9);
}

#[test]
#[should_panic(expected = "log_loss: label 1 is 2; labels are 0 or 1")]
fn a_label_other_than_zero_or_one_panics() {
    log_loss(&array![1.0, 2.0], &array![0.5, 0.5]);
}

#[test]
#[should_panic(expected = "mse: arrays of different lengths (5 and 4)")]
fn different_lengths_panic() {
    mse(&house_prices(), &array![1.0, 2.0, 3.0, 4.0]);
}

#[test]
#[should_panic(expected = "mae: there are no examples to average over")]
fn no_examples_panics() {
    mae(&Array1::zeros(0), &Array1::zeros(0));
}

#[test]
#[should_panic(expected = "huber: delta must be positive and finite, got 0")]
fn a_zero_delta_panics() {
    huber(&house_prices(), &predictions(), 0.0);
}

#[test]
fn the_mse_line_by_the_normal_equations() {
    let x = houses().column(0).to_owned();
    let (w, b) = fit_line_mse(&x, &house_prices());
    // Σ (x − 102)(y − 259) = 13210, Σ (x − 102)² = 4880.
    assert_close(w, 13210.0 / 4880.0, 1e-12);
    assert_close(b, 259.0 - 102.0 * 13210.0 / 4880.0, 1e-9);
}

#[test]
fn the_mae_line_beats_every_nearby_line() {
    let x = array![120.0, 80.0, 150.0, 60.0, 100.0, 90.0];
    let y = array![310.0, 195.0, 390.0, 150.0, 250.0, 600.0];
    let (w, b) = fit_line_mae(&x, &y);
    let cost = |w: f64, b: f64| mae(&y, &x.mapv(|v| w * v + b));
    let best = cost(w, b);
    for dw in [-0.2, -0.01, 0.0, 0.01, 0.2] {
        for db in [-20.0, -1.0, 0.0, 1.0, 20.0] {
            assert!(
                best <= cost(w + dw, b + db) + 1e-12,
                "({dw}, {db}) is better"
            );
        }
    }
    // The outlier does not move it: the five houses alone give the same line.
    let five =
        fit_line_mae(&x.slice(ndarray::s![..5]), &y.slice(ndarray::s![..5]));
    assert_close(five.0, w, 1e-12);
    assert_close(five.1, b, 1e-9);
}

#[test]
fn logistic_gradient_matches_a_numerical_one() {
    let x = listings();
    let labels = liked();
    let z = (&x - &x.mean_axis(ndarray::Axis(0)).unwrap())
        / &x.std_axis(ndarray::Axis(0), 0.0);
    for params in [array![0.0, 0.0, 0.0], array![1.5, -1.0, 0.3]] {
        let cost = |p: &ArrayRef1<f64>| logistic_cost(p, &z, &labels);
        let numerical =
            mlmath::gradients::numerical_gradient(cost, &params, 1e-5);
        let by_hand = logistic_gradient(&params, &z, &labels);
        for (a, b) in by_hand.iter().zip(&numerical) {
            assert_close(*a, *b, 1e-8);
        }
    }
    // All zeros: every probability is one half, the cost is ln 2.
    let p = logistic_predict(&array![0.0, 0.0, 0.0], &z);
    assert!(p.iter().all(|&p| p == 0.5));
    assert_close(
        logistic_cost(&array![0.0, 0.0, 0.0], &z, &labels),
        2f64.ln(),
        1e-12,
    );
}

#[test]
fn the_line_copies_give_chapter_fours_results() {
    let x = houses().column(0).to_owned();
    let y = house_prices();
    for p in [array![0.0, 0.0], array![2.5, 10.0]] {
        assert_eq!(
            regression_loss(&p, &x, &y),
            mlmath::gradients::regression_loss(&p, &x, &y)
        );
        assert_eq!(
            regression_gradient(&p, &x, &y),
            mlmath::gradients::regression_gradient(&p, &x, &y)
        );
    }
}

/// The text of `anchor` in a module's source.
fn anchored<'a>(source: &'a str, anchor: &str) -> &'a str {
    let start = format!("// ANCHOR: {anchor}\n");
    let end = format!("// ANCHOR_END: {anchor}\n");
    let from = source.find(&start).expect("anchor start") + start.len();
    let to = source[from..].find(&end).expect("anchor end") + from;
    &source[from..to]
}

#[test]
fn copied_code_is_word_for_word_chapter_fours() {
    let loss = include_str!("../src/loss.rs");
    let gradients = include_str!("../src/gradients.rs");
    for anchor in ["gradient_descent", "regression"] {
        assert_eq!(
            anchored(loss, anchor),
            anchored(gradients, anchor),
            "loss.rs's copy of `{anchor}` differs from gradients.rs's: copy it again"
        );
    }
}

#[test]
fn copied_data_matches_the_originals() {
    assert_eq!(houses(), mlmath::matrices::houses());
    assert_eq!(house_prices(), mlmath::matrices::house_prices());
    let first_five = listings().slice(ndarray::s![..5, ..]).to_owned();
    let area_and_age =
        mlmath::matrices::houses().select(ndarray::Axis(1), &[0, 2]);
    assert_eq!(first_five, area_and_age);
}

#[test]
fn the_noisy_houses_are_chapter_fives() {
    for (m, sigma, seed) in [(100, 20.0, 7), (10, 10.0, 8)] {
        assert_eq!(
            noisy_line(m, 2.0, 50.0, sigma, seed),
            mlmath::stats::noisy_line(m, 2.0, 50.0, sigma, seed)
        );
    }
}

#[test]
fn noisy_houses_are_reproducible() {
    let (x, y) = noisy_line(100, 2.0, 50.0, 20.0, 7);
    let (x2, y2) = noisy_line(100, 2.0, 50.0, 20.0, 7);
    assert_eq!((&x, &y), (&x2, &y2));
    assert!(x.iter().all(|&v| (50.0..150.0).contains(&v)));
    // The least-squares line's cost sits near the noise variance, 400.
    let (w, b) = fit_line_mse(&x, &y);
    let cost = mse(&y, &x.mapv(|v| w * v + b));
    assert!((300.0..500.0).contains(&cost), "{cost}");
}
