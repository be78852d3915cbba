//! Checks `mlmath::derivatives` on functions whose derivatives are known
//! exactly, checks how fast each difference's error shrinks with h, and
//! checks the one-weight model's loss and slope against the numbers Chapter 3
//! works out by hand.

use mlmath::derivatives::{
    abs_slope, derivative, descent_step, forward_difference, house_prices,
    houses, loss, loss_derivative, one_sided_slopes, relu, relu_slope, sigmoid,
    sigmoid_slope,
};
use ndarray::{Array1, array};

fn assert_close(actual: f64, expected: f64, tolerance: f64) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "expected {expected}, got {actual} (tolerance {tolerance})"
    );
}

/// The areas and prices of the chapter's one-weight model.
fn areas_and_prices() -> (Array1<f64>, Array1<f64>) {
    (houses().column(0).to_owned(), house_prices())
}

#[test]
fn secant_slopes_of_the_square_by_hand() {
    let square = |x: f64| x * x;
    // ((3 + h)² − 9) / h = 6 + h
    assert_close(forward_difference(square, 3.0, 1.0), 7.0, 1e-12);
    assert_close(forward_difference(square, 3.0, 2.0), 8.0, 1e-12);
    assert_close(forward_difference(square, 3.0, 0.5), 6.5, 1e-12);
}

#[test]
fn central_difference_is_exact_for_quadratics() {
    // (f(x+h) − f(x−h)) / 2h has no h term for a polynomial of degree 2.
    let quadratic = |x: f64| 3.0 * x * x - 2.0 * x + 1.0;
    for x in [-2.0, 0.0, 0.5, 3.0] {
        assert_close(derivative(quadratic, x, 0.1), 6.0 * x - 2.0, 1e-9);
    }
}

#[test]
fn polynomials_sin_and_exp() {
    let cubic = |x: f64| x * x * x - 3.0 * x;
    for x in [-2.0, -1.0, 0.0, 1.0, 2.0] {
        assert_close(derivative(cubic, x, 1e-5), 3.0 * x * x - 3.0, 1e-8);
    }
    for x in [0.0, 1.0, 2.5] {
        assert_close(derivative(f64::sin, x, 1e-5), x.cos(), 1e-9);
        assert_close(derivative(f64::exp, x, 1e-5), x.exp(), 1e-8 * x.exp());
        assert_close(forward_difference(f64::sin, x, 1e-7), x.cos(), 1e-6);
    }
}

/// A difference quotient: `forward_difference` or `derivative`.
type Difference = fn(fn(f64) -> f64, f64, f64) -> f64;

/// The error of `estimate` for sin at 1, at step `h`.
fn error_at(estimate: Difference, h: f64) -> f64 {
    (estimate(f64::sin, 1.0, h) - 1f64.cos()).abs()
}

#[test]
fn forward_error_shrinks_like_h_and_central_like_h_squared() {
    // Dividing h by 10 divides the error by about 10 (forward) and 100
    // (central), while h is large enough for round-off not to matter.
    for h in [1e-1, 1e-2] {
        let forward_ratio = error_at(forward_difference, h)
            / error_at(forward_difference, h / 10.0);
        let central_ratio =
            error_at(derivative, h) / error_at(derivative, h / 10.0);
        assert!(
            (9.0..11.0).contains(&forward_ratio),
            "forward ratio {forward_ratio} at h = {h}"
        );
        assert!(
            (95.0..105.0).contains(&central_ratio),
            "central ratio {central_ratio} at h = {h}"
        );
    }
}

#[test]
fn too_small_a_step_is_worse_than_the_best_one() {
    // Round-off: at h = 1e-12 both estimates are far worse than at their
    // best steps, as the chapter's table and figure show.
    assert!(error_at(derivative, 1e-12) > 100.0 * error_at(derivative, 1e-5));
    assert!(
        error_at(forward_difference, 1e-12)
            > 100.0 * error_at(forward_difference, 1e-8)
    );
}

#[test]
#[should_panic(
    expected = "derivative: the step h must be positive and finite, got 0"
)]
fn zero_step_panics() {
    derivative(f64::sin, 1.0, 0.0);
}

#[test]
#[should_panic(
    expected = "forward_difference: the step h must be positive and finite, got -0.1"
)]
fn negative_step_panics() {
    forward_difference(f64::sin, 1.0, -0.1);
}

#[test]
#[should_panic(expected = "the step h must be positive and finite, got NaN")]
fn nan_step_panics() {
    derivative(f64::sin, 1.0, f64::NAN);
}

#[test]
#[should_panic(expected = "the step h must be positive and finite, got inf")]
fn infinite_step_panics() {
    derivative(f64::sin, 1.0, f64::INFINITY);
}

#[test]
fn loss_at_two_by_hand() {
    let (x, y) = areas_and_prices();
    // Misses −70, −35, −90, −30, −50; squares add up to 17625.
    assert_close(loss(2.0, &x, &y), 17625.0 / 5.0, 1e-9);
}

#[test]
fn loss_derivative_by_hand_and_numerically() {
    let (x, y) = areas_and_prices();
    // (2/5)(−8400 − 2800 − 13500 − 1800 − 5000) = −12600
    assert_close(loss_derivative(2.0, &x, &y), -12600.0, 1e-9);
    assert_close(loss_derivative(3.0, &x, &y), 10160.0, 1e-9);
    for w in [0.0, 1.5, 2.0, 2.55, 3.0, 4.0] {
        let numerical = derivative(|w| loss(w, &x, &y), w, 1e-3);
        assert_close(loss_derivative(w, &x, &y), numerical, 1e-5);
    }
}

#[test]
fn the_slope_is_zero_at_the_best_weight() {
    let (x, y) = areas_and_prices();
    // L'(w) = 0 at w = Σ x y / Σ x² = 145300 / 56900.
    let best = 145_300.0 / 56_900.0;
    assert_close(loss_derivative(best, &x, &y), 0.0, 1e-9);
    assert!(loss(best, &x, &y) < loss(best - 0.01, &x, &y));
    assert!(loss(best, &x, &y) < loss(best + 0.01, &x, &y));
}

#[test]
fn a_small_step_goes_downhill_and_a_large_one_diverges() {
    let (x, y) = areas_and_prices();
    assert_close(descent_step(2.0, 0.00002, &x, &y), 2.252, 1e-12);
    let mut w = 2.0;
    for _ in 0..10 {
        let next = descent_step(w, 0.00002, &x, &y);
        assert!(loss(next, &x, &y) < loss(w, &x, &y));
        w = next;
    }
    let mut w = 2.0;
    for _ in 0..4 {
        let next = descent_step(w, 0.0001, &x, &y);
        assert!(loss(next, &x, &y) > loss(w, &x, &y));
        w = next;
    }
}

#[test]
#[should_panic(expected = "loss: 5 inputs but 4 targets")]
fn mismatched_lengths_panic() {
    let (x, _) = areas_and_prices();
    loss(2.0, &x, &array![1.0, 2.0, 3.0, 4.0]);
}

#[test]
#[should_panic(expected = "loss_derivative: there are no samples")]
fn empty_data_panics() {
    loss_derivative(2.0, &Array1::zeros(0), &Array1::zeros(0));
}

#[test]
fn the_houses_are_chapter_twos_houses() {
    assert_eq!(houses(), mlmath::matrices::houses());
    assert_eq!(house_prices(), mlmath::matrices::house_prices());
}

#[test]
fn the_sigmoid_is_chapter_sixs_sigmoid() {
    for z in [-800.0, -30.0, -2.0, -0.5, 0.0, 0.5, 2.0, 30.0, 800.0] {
        assert_eq!(sigmoid(z), mlmath::loss::sigmoid(z), "at z = {z}");
    }
}

#[test]
fn sigmoid_slope_by_the_rule_and_numerically() {
    // σ'(0) = 0.5 × 0.5 = 0.25, the largest it gets.
    assert_eq!(sigmoid_slope(0.0), 0.25);
    for z in [-6.0, -2.0, -0.5, 0.0, 1.0, 2.0, 6.0] {
        let numerical = derivative(sigmoid, z, 1e-5);
        assert_close(sigmoid_slope(z), numerical, 1e-10);
        assert!(sigmoid_slope(z) <= 0.25);
    }
}

#[test]
fn the_rules_for_exp_log_products_and_chains() {
    for x in [0.5, 1.0, 2.0, 3.0] {
        // Exp is its own slope; log's slope is 1/x.
        assert_close(derivative(f64::exp, x, 1e-5), x.exp(), 1e-8 * x.exp());
        assert_close(derivative(f64::ln, x, 1e-5), 1.0 / x, 1e-9);
        // Product rule: (x ln x)' = ln x + 1.
        let product = |x: f64| x * x.ln();
        assert_close(derivative(product, x, 1e-5), x.ln() + 1.0, 1e-9);
        // Chain rule: ((x² + 1)³)' = 3 (x² + 1)² × 2x.
        let chain = |x: f64| (x * x + 1.0).powi(3);
        let by_rule = 3.0 * (x * x + 1.0).powi(2) * 2.0 * x;
        assert_close(derivative(chain, x, 1e-5), by_rule, 1e-7 * by_rule);
    }
}

#[test]
fn smooth_functions_have_equal_one_sided_slopes() {
    let (left, right) = one_sided_slopes(|x| x * x, 3.0, 1e-6);
    assert_close(left, 6.0, 1e-5);
    assert_close(right, 6.0, 1e-5);
}

#[test]
fn kinks_have_one_sided_slopes_that_stay_apart() {
    for h in [1e-1, 1e-3, 1e-6] {
        assert_eq!(one_sided_slopes(f64::abs, 0.0, h), (-1.0, 1.0));
        assert_eq!(one_sided_slopes(relu, 0.0, h), (0.0, 1.0));
        // The central difference averages the two sides: it reports a
        // slope of 0 for |x| at 0 although there is none.
        assert_eq!(derivative(f64::abs, 0.0, h), 0.0);
    }
}

#[test]
fn slopes_used_at_and_away_from_a_kink() {
    assert_eq!(abs_slope(-2.5), -1.0);
    assert_eq!(abs_slope(0.0), 0.0);
    assert_eq!(abs_slope(-0.0), 0.0);
    assert_eq!(abs_slope(4.0), 1.0);
    assert_eq!(relu(-2.0), 0.0);
    assert_eq!(relu(3.0), 3.0);
    assert_eq!(relu_slope(-2.0), 0.0);
    assert_eq!(relu_slope(0.0), 0.0);
    assert_eq!(relu_slope(3.0), 1.0);
    // Away from the kink they are the derivatives.
    for x in [-2.0, -0.5, 0.5, 2.0] {
        assert_close(derivative(f64::abs, x, 1e-5), abs_slope(x), 1e-9);
        assert_close(derivative(relu, x, 1e-5), relu_slope(x), 1e-9);
    }
}

#[test]
#[should_panic(
    expected = "one_sided_slopes: the step h must be positive and finite, got 0"
)]
fn one_sided_slopes_need_a_step() {
    one_sided_slopes(f64::abs, 0.0, 0.0);
}
