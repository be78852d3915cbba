//! Checks `mlmath::loss` against values worked out by hand in Chapter 6,
//! the best lines against independent checks, the logistic gradient against
//! a numerical one, and the copies of other chapters' code and data against
//! their originals.

use mlmath::loss::{
    CLIP, MARKET_NOISE, MARKET_RULE, bernoulli_probability, best_mae_lines,
    fit_line_mae, fit_line_mse, gaussian_density, house_prices, houses, huber,
    huber_one, laplace_density, liked, listings, log_loss,
    log_loss_from_scores, logistic_cost, logistic_gradient, logistic_predict,
    mae, market_houses, market_listings, market_rule_prices,
    mean_neg_log_likelihood, mse, noisy_line, regression_gradient,
    regression_loss, sigmoid, sigmoid_slope, softplus, train_test_split,
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
    // With the outlier the best line is unique: 2.667 x − 10.
    let (lowest, lines) = best_mae_lines(&x, &y);
    assert_eq!(lines.len(), 1);
    assert_close(lowest, 385.0 / 6.0, 1e-9);
    assert_close(w, 8.0 / 3.0, 1e-12);
    assert_close(b, -10.0, 1e-9);
}

#[test]
fn the_five_houses_have_a_family_of_best_mae_lines() {
    let x = houses().column(0).to_owned();
    let y = house_prices();
    let (lowest, lines) = best_mae_lines(&x, &y);
    assert_close(lowest, 3.0, 1e-12);
    // Two corners, both through house 2: through houses 0, 2, 3, and
    // through houses 1 and 2.
    assert_eq!(lines.len(), 2);
    assert_close(lines[0].0, 8.0 / 3.0, 1e-12);
    assert_close(lines[0].1, -10.0, 1e-9);
    assert_close(lines[1].0, 195.0 / 70.0, 1e-12);
    assert_close(lines[1].1, 390.0 - 150.0 * 195.0 / 70.0, 1e-9);
    // Every line between them has MAE 3 as well.
    for t in [0.1, 0.5, 0.9] {
        let w = (1.0 - t) * lines[0].0 + t * lines[1].0;
        let b = (1.0 - t) * lines[0].1 + t * lines[1].1;
        assert_close(mae(&y, &x.mapv(|v| w * v + b)), 3.0, 1e-9);
    }
    assert_eq!(fit_line_mae(&x, &y), lines[0]);
}

#[test]
fn the_best_mse_line_has_residuals_summing_to_zero() {
    let x = array![120.0, 80.0, 150.0, 60.0, 100.0, 90.0];
    let y = array![310.0, 195.0, 390.0, 150.0, 250.0, 600.0];
    let (w, b) = fit_line_mse(&x, &y);
    let r = &y - &x.mapv(|v| w * v + b);
    assert_close(r.sum(), 0.0, 1e-9);
    assert_close(r[5], 303.766_666_666_666_7, 1e-9);
}

#[test]
fn sigmoid_slope_matches_a_numerical_one() {
    let h = 1e-5;
    for q in [-6.0, -1.5, 0.0, 1.5, 6.0] {
        let numerical = (sigmoid(q + h) - sigmoid(q - h)) / (2.0 * h);
        assert_close(sigmoid_slope(q), numerical, 1e-9);
    }
    assert_eq!(sigmoid_slope(0.0), 0.25);
}

#[test]
fn log_loss_from_scores_agrees_and_does_not_cap() {
    for q in [-5.0, -2.0, 0.0, 0.5, 3.0, 5.0] {
        for y in [0.0, 1.0] {
            let from_p = log_loss(&array![y], &array![sigmoid(q)]);
            let from_q = log_loss_from_scores(&array![y], &array![q]);
            assert_close(from_q, from_p, 1e-9);
            // The slope by the score is p̂ − y.
            let h = 1e-5;
            let numerical = (log_loss_from_scores(&array![y], &array![q + h])
                - log_loss_from_scores(&array![y], &array![q - h]))
                / (2.0 * h);
            assert_close(numerical, sigmoid(q) - y, 1e-8);
        }
    }
    // Far past where σ rounds to 1: the loss is the score, not 34.5.
    assert_close(
        log_loss_from_scores(&array![0.0], &array![800.0]),
        800.0,
        1e-9,
    );
    assert_close(
        log_loss_from_scores(&array![1.0], &array![-800.0]),
        800.0,
        1e-9,
    );
    assert_eq!(sigmoid(37.0), 1.0);
    assert!(sigmoid(36.0) < 1.0);
    assert_close(softplus(0.0), 2f64.ln(), 1e-15);
    assert_eq!(softplus(-800.0), 0.0);
}

#[test]
#[should_panic(expected = "arrays of different lengths (2 and 3)")]
fn log_loss_from_scores_of_different_lengths_panics() {
    log_loss_from_scores(&array![1.0, 0.0], &array![1.0, 2.0, 3.0]);
}

#[test]
#[should_panic(expected = "12 rows of x but 1 labels")]
fn logistic_gradient_with_one_label_panics() {
    logistic_gradient(&array![0.0, 0.0, 0.0], &listings(), &array![1.0]);
}

#[test]
fn market_data_is_reproducible_and_well_formed() {
    let (x, y) = market_houses(200, 42);
    assert_eq!(x.dim(), (200, 6));
    assert_eq!(market_houses(200, 42), (x.clone(), y.clone()));
    for row in x.rows() {
        assert!((50.0..150.0).contains(&row[0]));
        assert!((1.0..=5.0).contains(&row[1]));
        assert!((0.0..50.0).contains(&row[2]));
        assert_eq!(row.slice(ndarray::s![3..]).sum(), 1.0);
    }
    // The noise around the rule has about the stated spread.
    let (a, bed, age, extra, base) = MARKET_RULE;
    let noise: Vec<f64> = x
        .rows()
        .into_iter()
        .zip(&y)
        .map(|(row, &price)| {
            let hood = (0..3).find(|&k| row[3 + k] == 1.0).unwrap();
            price
                - (a * row[0]
                    + bed * row[1]
                    + age * row[2]
                    + extra[hood]
                    + base)
        })
        .collect();
    let spread = (noise.iter().map(|e| e * e).sum::<f64>() / 200.0).sqrt();
    assert!((spread - MARKET_NOISE).abs() < 3.0, "spread {spread}");

    let (x, labels) = market_listings(300, 42);
    assert_eq!(x.dim(), (300, 2));
    assert!(labels.iter().all(|&l| l == 0.0 || l == 1.0));
    assert_eq!(market_listings(300, 42), (x, labels));
}

#[test]
fn the_split_is_a_seeded_partition() {
    let (train, test) = train_test_split(200, 50, 7);
    assert_eq!((train.len(), test.len()), (150, 50));
    let mut all: Vec<usize> = train.iter().chain(&test).copied().collect();
    all.sort_unstable();
    assert_eq!(all, (0..200).collect::<Vec<_>>());
    assert_eq!(train_test_split(200, 50, 7), (train, test));
    assert_ne!(
        train_test_split(200, 50, 8).1,
        train_test_split(200, 50, 7).1
    );
}

#[test]
#[should_panic(expected = "60 test rows asked for, but there are only 50")]
fn a_split_larger_than_the_data_panics() {
    train_test_split(50, 60, 7);
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

#[test]
fn negative_log_likelihoods_are_the_losses() {
    let y = house_prices();
    let y_hat = predictions();
    let tau = 2.0 * std::f64::consts::PI;
    for scale in [1.0, 10.0, 40.0] {
        let gaussian = mean_neg_log_likelihood(&y, &y_hat, |a, b| {
            gaussian_density(a, b, scale)
        });
        assert_close(
            gaussian,
            mse(&y, &y_hat) / (2.0 * scale * scale) + (scale * tau.sqrt()).ln(),
            1e-9,
        );
        let laplace = mean_neg_log_likelihood(&y, &y_hat, |a, b| {
            laplace_density(a, b, scale)
        });
        assert_close(
            laplace,
            mae(&y, &y_hat) / scale + (2.0 * scale).ln(),
            1e-9,
        );
    }
    let labels = array![1.0, 0.0, 1.0];
    let p = array![0.9, 0.2, 0.6];
    assert_close(
        mean_neg_log_likelihood(&labels, &p, bernoulli_probability),
        log_loss(&labels, &p),
        1e-12,
    );
    // The densities integrate to 1 (a midpoint sum over ±20 spreads).
    let step = 0.01;
    let gaussian_area: f64 = (0..4000)
        .map(|k| {
            gaussian_density(-20.0 + (f64::from(k) + 0.5) * step, 0.0, 1.0)
                * step
        })
        .sum();
    let laplace_area: f64 = (0..4000)
        .map(|k| {
            laplace_density(-20.0 + (f64::from(k) + 0.5) * step, 0.0, 1.0)
                * step
        })
        .sum();
    assert_close(gaussian_area, 1.0, 1e-6);
    // Coarser: the midpoint rule meets the tent's corner at 0.
    assert_close(laplace_area, 1.0, 1e-5);
}

#[test]
#[should_panic(expected = "beta must be positive and finite, got 0")]
fn a_zero_laplace_scale_panics() {
    laplace_density(1.0, 0.0, 0.0);
}

#[test]
#[should_panic(expected = "arrays of different lengths (5 and 2)")]
fn a_likelihood_of_different_lengths_panics() {
    mean_neg_log_likelihood(&house_prices(), &array![1.0, 2.0], |a, b| {
        gaussian_density(a, b, 1.0)
    });
}

#[test]
fn the_market_rule_prices_without_noise() {
    // 100 m², 3 bedrooms, 10 years, in the suburb: 200 + 30 − 15 + 20 + 20.
    let row = array![[100.0, 3.0, 10.0, 0.0, 1.0, 0.0]];
    assert_close(market_rule_prices(&row)[0], 255.0, 1e-12);
}

#[test]
#[should_panic(expected = "the houses need 6 columns, got 3")]
fn market_rule_prices_of_the_wrong_shape_panics() {
    market_rule_prices(&houses());
}
