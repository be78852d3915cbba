//! Chapter 4, Gradients and gradient descent: the numerical gradient
//! (central differences, one weight at a time), the gradient descent loop,
//! a bowl-shaped loss of two weights to picture them on, and the linear
//! regression `ŷ = w x + b` with its loss and gradient, trained on the houses.
//!
//! A point in weight space is an `Array1<f64>` with one entry per weight; a
//! gradient has the same length. A loss is any `Fn(&ArrayRef1<f64>) -> f64`.

// ANCHOR: imports
use ndarray::{Array1, Array2, ArrayRef1, array};
// ANCHOR_END: imports

/// Panics unless `value` is positive and finite, naming it.
fn assert_positive(what: &str, name: &str, value: f64) {
    assert!(
        value > 0.0 && value.is_finite(),
        "{what}: {name} must be positive and finite, got {value}"
    );
}

// ANCHOR: numerical_gradient
/// The gradient of `f` at `w`, estimated one weight at a time: entry `j` is
/// the central difference `(f(w + h e_j) − f(w − h e_j)) / 2h`, where `e_j`
/// moves weight `j` only. The result has the length of `w`.
///
/// # Panics
/// If `h` is not positive and finite.
pub fn numerical_gradient(
    f: impl Fn(&ArrayRef1<f64>) -> f64,
    w: &ArrayRef1<f64>,
    h: f64,
) -> Array1<f64> {
    assert_positive("numerical_gradient", "the step h", h);
    let mut gradient = Array1::zeros(w.len());
    let mut nudged = w.to_owned();
    for j in 0..w.len() {
        nudged[j] = w[j] + h;
        let up = f(&nudged);
        nudged[j] = w[j] - h;
        let down = f(&nudged);
        nudged[j] = w[j];
        gradient[j] = (up - down) / (2.0 * h);
    }
    gradient
}
// ANCHOR_END: numerical_gradient

// ANCHOR: gradient_descent
/// Gradient descent from `w0`: `steps` times, every weight at once,
/// `w ← w − η ∇L(w)` with the learning rate `η` (`learning_rate`) and the
/// gradient `grad`. Returns the whole path, `w0` first: `steps + 1` points.
///
/// # Panics
/// If `learning_rate` is not positive and finite, or if `grad` returns a
/// gradient whose length differs from the weights'.
pub fn gradient_descent(
    grad: impl Fn(&ArrayRef1<f64>) -> Array1<f64>,
    w0: Array1<f64>,
    learning_rate: f64,
    steps: usize,
) -> Vec<Array1<f64>> {
    assert_positive("gradient_descent", "the learning rate", learning_rate);
    let mut path = Vec::with_capacity(steps + 1);
    let mut w = w0;
    for _ in 0..steps {
        let gradient = grad(&w);
        assert!(
            gradient.len() == w.len(),
            "gradient_descent: the gradient has {} entries but there are {} \
             weights",
            gradient.len(),
            w.len()
        );
        let next = &w - learning_rate * &gradient;
        path.push(w);
        w = next;
    }
    path.push(w);
    path
}
// ANCHOR_END: gradient_descent

/// Panics unless `w` holds exactly two weights.
fn assert_two(what: &str, w: &ArrayRef1<f64>) {
    assert!(
        w.len() == 2,
        "{what}: takes 2 weights (w₁, w₂), got {}",
        w.len()
    );
}

// ANCHOR: bowl
/// A bowl-shaped loss of two weights, `L(w₁, w₂) = w₁² + 3 w₂²`: lowest, 0,
/// at (0, 0), and three times steeper along `w₂` than along `w₁`.
///
/// # Panics
/// If `w` does not hold exactly two weights.
pub fn bowl(w: &ArrayRef1<f64>) -> f64 {
    assert_two("bowl", w);
    w[0] * w[0] + 3.0 * w[1] * w[1]
}

/// The bowl's gradient, worked by hand: `(2 w₁, 6 w₂)`.
///
/// # Panics
/// If `w` does not hold exactly two weights.
pub fn bowl_gradient(w: &ArrayRef1<f64>) -> Array1<f64> {
    assert_two("bowl_gradient", w);
    array![2.0 * w[0], 6.0 * w[1]]
}
// ANCHOR_END: bowl

/// Panics unless `params` is `(w, b)` and `x`, `y` hold one value each for
/// the same, non-empty set of samples.
fn assert_regression(
    what: &str,
    params: &ArrayRef1<f64>,
    x: &ArrayRef1<f64>,
    y: &ArrayRef1<f64>,
) {
    assert!(
        params.len() == 2,
        "{what}: the parameters are (w, b), 2 numbers, got {}",
        params.len()
    );
    assert!(
        x.len() == y.len(),
        "{what}: {} inputs but {} targets; each sample needs one of each",
        x.len(),
        y.len()
    );
    assert!(
        !x.is_empty(),
        "{what}: there are no samples to average over"
    );
}

// ANCHOR: regression
/// The loss of the line `ŷ = w x + b`, with `params = (w, b)`: the average
/// squared miss `(1/m) Σ (w x_i + b − y_i)²` over the `m` samples.
///
/// # Panics
/// If `params` is not two numbers, or `x` and `y` differ in length or are
/// empty.
pub fn regression_loss(
    params: &ArrayRef1<f64>,
    x: &ArrayRef1<f64>,
    y: &ArrayRef1<f64>,
) -> f64 {
    assert_regression("regression_loss", params, x, y);
    let (w, b) = (params[0], params[1]);
    let mut sum = 0.0;
    for i in 0..x.len() {
        let miss = w * x[i] + b - y[i];
        sum += miss * miss;
    }
    sum / x.len() as f64
}

/// The gradient of [`regression_loss`], worked by hand: the partial
/// derivatives `∂L/∂w = (2/m) Σ (w x_i + b − y_i) x_i` and
/// `∂L/∂b = (2/m) Σ (w x_i + b − y_i)`.
///
/// # Panics
/// If `params` is not two numbers, or `x` and `y` differ in length or are
/// empty.
pub fn regression_gradient(
    params: &ArrayRef1<f64>,
    x: &ArrayRef1<f64>,
    y: &ArrayRef1<f64>,
) -> Array1<f64> {
    assert_regression("regression_gradient", params, x, y);
    let (w, b) = (params[0], params[1]);
    let (mut by_w, mut by_b) = (0.0, 0.0);
    for i in 0..x.len() {
        let miss = w * x[i] + b - y[i];
        by_w += miss * x[i];
        by_b += miss;
    }
    let m = x.len() as f64;
    array![2.0 * by_w / m, 2.0 * by_b / m]
}
// ANCHOR_END: regression

// ANCHOR: houses
/// Five houses described by three features: floor area in square metres,
/// number of bedrooms, and age in years. Row `i` is house `i`.
/// (The same table as Chapter 2's.)
pub fn houses() -> Array2<f64> {
    array![
        [120.0, 3.0, 15.0], // house 0
        [80.0, 2.0, 30.0],  // house 1
        [150.0, 4.0, 5.0],  // house 2
        [60.0, 1.0, 40.0],  // house 3
        [100.0, 3.0, 20.0], // house 4
    ]
}

/// The price each house sold for, in thousands of dollars, in the order of
/// [`houses`].
pub fn house_prices() -> Array1<f64> {
    array![310.0, 195.0, 390.0, 150.0, 250.0]
}
// ANCHOR_END: houses
