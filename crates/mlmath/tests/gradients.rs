//! Checks `mlmath::gradients`: the numerical gradient against gradients
//! worked by hand, gradient descent against the least-squares line worked
//! out independently (from the normal equations), and the panics the
//! chapter promises.

use mlmath::gradients::{
    bowl, bowl_gradient, gradient_descent, house_prices, houses,
    numerical_gradient, regression_gradient, regression_loss,
};
use ndarray::{Array1, ArrayRef1, array};

fn assert_all_close(
    actual: &Array1<f64>,
    expected: &Array1<f64>,
    tolerance: f64,
) {
    assert_eq!(actual.len(), expected.len(), "{actual} vs {expected}");
    for (a, e) in actual.iter().zip(expected) {
        assert!(
            (a - e).abs() <= tolerance,
            "expected {expected}, got {actual} (tolerance {tolerance})"
        );
    }
}

fn areas_and_prices() -> (Array1<f64>, Array1<f64>) {
    (houses().column(0).to_owned(), house_prices())
}

#[test]
fn bowl_by_hand() {
    let w = array![2.0, 1.0];
    assert_eq!(bowl(&w), 7.0);
    assert_eq!(bowl_gradient(&w), array![4.0, 6.0]);
}

#[test]
fn numerical_gradient_matches_gradients_worked_by_hand() {
    for w in [array![2.0, 1.0], array![-1.0, 1.0], array![0.5, -2.0]] {
        let numerical = numerical_gradient(bowl, &w, 1e-5);
        assert_all_close(&numerical, &bowl_gradient(&w), 1e-8);
    }
    // A loss with a cross term and a curve: ∂/∂w₁ = 6w₁ + w₂ + cos w₁,
    // ∂/∂w₂ = w₁ + 4w₂, ∂/∂w₃ = exp(w₃).
    let loss = |w: &ArrayRef1<f64>| {
        3.0 * w[0] * w[0]
            + w[0] * w[1]
            + 2.0 * w[1] * w[1]
            + w[0].sin()
            + w[2].exp()
    };
    let w = array![1.0, 2.0, -0.5];
    let by_hand = array![6.0 + 2.0 + 1f64.cos(), 1.0 + 8.0, (-0.5f64).exp()];
    assert_all_close(&numerical_gradient(loss, &w, 1e-5), &by_hand, 1e-8);
}

#[test]
fn numerical_gradient_checks_the_regression_gradient() {
    let (x, y) = areas_and_prices();
    for params in [array![0.0, 0.0], array![2.0, 50.0], array![3.0, -20.0]] {
        let loss = |p: &ArrayRef1<f64>| regression_loss(p, &x, &y);
        let numerical = numerical_gradient(loss, &params, 1e-3);
        assert_all_close(
            &numerical,
            &regression_gradient(&params, &x, &y),
            1e-5,
        );
    }
    // At (0, 0): ∂L/∂w = −(2/5) Σ x y = −58120, ∂L/∂b = −(2/5) Σ y = −518.
    assert_all_close(
        &regression_gradient(&array![0.0, 0.0], &x, &y),
        &array![-58120.0, -518.0],
        1e-9,
    );
}

#[test]
fn gradient_descent_returns_the_whole_path() {
    let path = gradient_descent(bowl_gradient, array![2.0, 1.0], 0.1, 4);
    assert_eq!(path.len(), 5);
    assert_eq!(path[0], array![2.0, 1.0]);
    // Each step: w₁ ← 0.8 w₁, w₂ ← 0.4 w₂.
    assert_all_close(&path[1], &array![1.6, 0.4], 1e-12);
    assert_all_close(
        &path[4],
        &array![2.0 * 0.8f64.powi(4), 0.4f64.powi(4)],
        1e-12,
    );
}

/// The least-squares line through `(x, y)`, from the normal equations:
/// w = Σ (x − x̄)(y − ȳ) / Σ (x − x̄)², b = ȳ − w x̄.
fn least_squares(x: &Array1<f64>, y: &Array1<f64>) -> (f64, f64) {
    let (x_mean, y_mean) = (x.mean().unwrap(), y.mean().unwrap());
    let dx = x - x_mean;
    let dy = y - y_mean;
    let w = dx.dot(&dy) / dx.dot(&dx);
    (w, y_mean - w * x_mean)
}

#[test]
fn gradient_descent_finds_the_least_squares_line() {
    let (x, y) = areas_and_prices();
    let (w, b) = least_squares(&x, &y);
    // By hand: 13210 / 4880 and 259 − 102 w.
    assert!((w - 13210.0 / 4880.0).abs() < 1e-12);
    assert!((b - (259.0 - 102.0 * 13210.0 / 4880.0)).abs() < 1e-9);

    // Trained on standardised areas, then turned back into raw units.
    let (mean, std) = (x.mean().unwrap(), x.std(0.0));
    let z = (&x - mean) / std;
    let grad = |p: &ArrayRef1<f64>| regression_gradient(p, &z, &y);
    let path = gradient_descent(grad, array![0.0, 0.0], 0.1, 200);
    let end = &path[200];
    assert!(
        (end[0] / std - w).abs() < 1e-9,
        "w: {} vs {w}",
        end[0] / std
    );
    assert!((end[1] - end[0] / std * mean - b).abs() < 1e-7);

    // On a tiny dataset of exact points, y = 3x − 1, the loss reaches 0.
    let x = array![0.0, 1.0, 2.0];
    let y = array![-1.0, 2.0, 5.0];
    let grad = |p: &ArrayRef1<f64>| regression_gradient(p, &x, &y);
    let path = gradient_descent(grad, array![0.0, 0.0], 0.1, 2000);
    assert_all_close(&path[2000], &array![3.0, -1.0], 1e-9);
    assert!(regression_loss(&path[2000], &x, &y) < 1e-15);
}

#[test]
fn too_large_a_learning_rate_diverges() {
    let (x, y) = areas_and_prices();
    let z = (&x - x.mean().unwrap()) / x.std(0.0);
    let grad = |p: &ArrayRef1<f64>| regression_gradient(p, &z, &y);
    let path = gradient_descent(grad, array![0.0, 0.0], 1.05, 10);
    let losses: Vec<f64> =
        path.iter().map(|p| regression_loss(p, &z, &y)).collect();
    assert!(
        losses.windows(2).all(|pair| pair[1] > pair[0]),
        "{losses:?}"
    );
}

#[test]
#[should_panic(
    expected = "gradient_descent: the gradient has 3 entries but there are 2 weights"
)]
fn a_gradient_of_the_wrong_length_panics() {
    gradient_descent(|_| array![1.0, 2.0, 3.0], array![0.0, 0.0], 0.1, 1);
}

#[test]
#[should_panic(
    expected = "gradient_descent: the learning rate must be positive and finite, got 0"
)]
fn a_zero_learning_rate_panics() {
    gradient_descent(bowl_gradient, array![1.0, 1.0], 0.0, 1);
}

#[test]
#[should_panic(
    expected = "the learning rate must be positive and finite, got NaN"
)]
fn a_nan_learning_rate_panics() {
    gradient_descent(bowl_gradient, array![1.0, 1.0], f64::NAN, 1);
}

#[test]
#[should_panic(
    expected = "numerical_gradient: the step h must be positive and finite, got -0.001"
)]
fn a_negative_step_panics() {
    numerical_gradient(bowl, &array![1.0, 1.0], -0.001);
}

#[test]
#[should_panic(expected = "regression_loss: 5 inputs but 3 targets")]
fn mismatched_data_panics() {
    let (x, _) = areas_and_prices();
    regression_loss(&array![1.0, 0.0], &x, &array![1.0, 2.0, 3.0]);
}

#[test]
#[should_panic(expected = "bowl: takes 2 weights (w₁, w₂), got 3")]
fn the_bowl_takes_two_weights() {
    bowl(&array![1.0, 2.0, 3.0]);
}

#[test]
fn the_houses_are_chapter_twos_houses() {
    assert_eq!(houses(), mlmath::matrices::houses());
    assert_eq!(house_prices(), mlmath::matrices::house_prices());
}

#[test]
fn relative_error_by_hand() {
    use mlmath::gradients::relative_error;
    // (3, 4) against (3, 0): difference (0, 4), length 4; larger length 5.
    assert!(
        (relative_error(&array![3.0, 4.0], &array![3.0, 0.0]) - 0.8).abs()
            < 1e-12
    );
    assert_eq!(relative_error(&array![0.0, 0.0], &array![0.0, 0.0]), 0.0);
    assert_eq!(relative_error(&array![1.0, 2.0], &array![1.0, 2.0]), 0.0);
}

#[test]
#[should_panic(expected = "relative_error: the gradients have 2 and 3 entries")]
fn relative_error_of_different_lengths_panics() {
    mlmath::gradients::relative_error(
        &array![1.0, 2.0],
        &array![1.0, 2.0, 3.0],
    );
}

#[test]
fn curvatures_of_the_lines_loss() {
    use mlmath::gradients::regression_curvatures;
    // Standardised inputs: Σz = 0 and Σz² = m, so the curvature is 2 both ways.
    let (areas, _) = areas_and_prices();
    let z = (&areas - areas.mean().unwrap()) / areas.std(0.0);
    let (largest, smallest) = regression_curvatures(&z);
    assert!((largest - 2.0).abs() < 1e-9 && (smallest - 2.0).abs() < 1e-9);
    // Raw areas: the curvatures' sum and product are the trace and the
    // determinant of (2/m) [[Σx², Σx], [Σx, m]] = [[22760, 204], [204, 2]].
    let (largest, smallest) = regression_curvatures(&areas);
    assert!((largest + smallest - 22762.0).abs() < 1e-6);
    assert!(
        (largest * smallest - (22760.0 * 2.0 - 204.0 * 204.0)).abs() < 1e-6
    );
    // Just below 2 / largest converges, just above diverges.
    let (x, y) = areas_and_prices();
    let grad = |p: &ndarray::ArrayRef1<f64>| regression_gradient(p, &x, &y);
    let below =
        gradient_descent(grad, array![0.0, 0.0], 0.99 * 2.0 / largest, 3000);
    let above =
        gradient_descent(grad, array![0.0, 0.0], 1.01 * 2.0 / largest, 3000);
    assert!(below[3000][0].abs() < 10.0);
    assert!(above[3000][0].abs() > 1e6);
}

#[test]
fn stochastic_descent_wanders_near_the_best_line() {
    use mlmath::gradients::minibatch_gradient_descent;
    let (areas, prices) = areas_and_prices();
    let z = (&areas - areas.mean().unwrap()) / areas.std(0.0);
    let path = minibatch_gradient_descent(
        &z,
        &prices,
        array![0.0, 0.0],
        0.05,
        1,
        400,
        3,
    );
    assert_eq!(path.len(), 401);
    // One house per step: it wanders near the best line, (84.57, 259).
    let end = &path[400];
    assert!(
        (end[0] - 84.57).abs() < 30.0 && (end[1] - 259.0).abs() < 30.0,
        "{end}"
    );
    // The same seed gives the same path.
    let again = minibatch_gradient_descent(
        &z,
        &prices,
        array![0.0, 0.0],
        0.05,
        1,
        400,
        3,
    );
    assert_eq!(path, again);
}

#[test]
#[should_panic(
    expected = "minibatch_gradient_descent: the batch size must be at least 1"
)]
fn an_empty_batch_panics() {
    let (x, y) = areas_and_prices();
    mlmath::gradients::minibatch_gradient_descent(
        &x,
        &y,
        array![0.0, 0.0],
        0.1,
        0,
        1,
        0,
    );
}

#[test]
#[should_panic(expected = "5 inputs but 4 targets")]
fn minibatch_with_mismatched_data_panics() {
    let (x, _) = areas_and_prices();
    mlmath::gradients::minibatch_gradient_descent(
        &x,
        &array![1.0, 2.0, 3.0, 4.0],
        array![0.0, 0.0],
        0.1,
        1,
        1,
        0,
    );
}
