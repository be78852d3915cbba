//! Chapter 4, Gradients and gradient descent: the numerical gradient
//! (central differences, one weight at a time), the gradient descent loop,
//! a bowl-shaped loss of two weights to picture them on, and the linear
//! regression `ŷ = w x + b` with its loss and gradient, trained on the houses.
//!
//! A point in weight space is an `Array1<f64>` with one entry per weight; a
//! gradient has the same length. A loss is any `Fn(&ArrayRef1<f64>) -> f64`.

// ANCHOR: imports
use ndarray::{Array1, Array2, ArrayRef1, array};
use rand::{RngExt, SeedableRng, rngs::StdRng};
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

/// The relative error between two gradients `a` and `b`:
/// `‖a − b‖₂ / max(‖a‖₂, ‖b‖₂)`, the size of their difference as a share of
/// the larger one. 0 when both are zero vectors. Near `1e-8` or below, two
/// gradients agree; near 1, one of them is wrong.
///
/// # Panics
/// If `a` and `b` differ in length; the message names both.
pub fn relative_error(a: &ArrayRef1<f64>, b: &ArrayRef1<f64>) -> f64 {
    assert!(
        a.len() == b.len(),
        "relative_error: the gradients have {} and {} entries",
        a.len(),
        b.len()
    );
    let length = |v: &ArrayRef1<f64>| v.dot(v).sqrt();
    let larger = length(a).max(length(b));
    if larger == 0.0 {
        return 0.0;
    }
    length(&(a - b)) / larger
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

// ANCHOR: curvatures
/// How strongly the loss of the line `ŷ = w x + b` curves, on inputs `x`:
/// the largest and the smallest curvature `(λ_max, λ_min)`, the second
/// derivatives along the two axes of its contour ellipses. They are the
/// eigenvalues of `(2/m) [[Σx², Σx], [Σx, m]]`, found with the formula for a
/// symmetric 2 × 2 matrix. They do not depend on the targets.
///
/// # Panics
/// If `x` is empty.
pub fn regression_curvatures(x: &ArrayRef1<f64>) -> (f64, f64) {
    assert!(
        !x.is_empty(),
        "regression_curvatures: there are no samples to average over"
    );
    let m = x.len() as f64;
    let (a, c, off) = (2.0 * x.dot(x) / m, 2.0, 2.0 * x.sum() / m);
    let middle = (a + c) / 2.0;
    let radius = (((a - c) / 2.0).powi(2) + off * off).sqrt();
    (middle + radius, middle - radius)
}
// ANCHOR_END: curvatures

// ANCHOR: minibatch
/// Mini-batch gradient descent on the line `ŷ = w x + b`, from `params0 =
/// (w, b)`: each of the `steps` steps draws `batch_size` samples at random
/// (with replacement, seeded by `seed`) and steps against the gradient of
/// the loss on those samples alone, `w ← w − η ∇L_batch(w)`. A `batch_size`
/// of 1 is stochastic gradient descent. Returns the whole path,
/// `steps + 1` points.
///
/// # Panics
/// If `batch_size` is 0, `learning_rate` is not positive and finite, or
/// `params0`, `x`, `y` break the rules of [`regression_gradient`].
pub fn minibatch_gradient_descent(
    x: &ArrayRef1<f64>,
    y: &ArrayRef1<f64>,
    params0: Array1<f64>,
    learning_rate: f64,
    batch_size: usize,
    steps: usize,
    seed: u64,
) -> Vec<Array1<f64>> {
    assert!(
        batch_size > 0,
        "minibatch_gradient_descent: the batch size must be at least 1"
    );
    assert_positive(
        "minibatch_gradient_descent",
        "the learning rate",
        learning_rate,
    );
    assert_regression("minibatch_gradient_descent", &params0, x, y);
    let mut rng = StdRng::seed_from_u64(seed);
    let mut path = Vec::with_capacity(steps + 1);
    let mut params = params0;
    for _ in 0..steps {
        let picks: Vec<usize> = (0..batch_size)
            .map(|_| rng.random_range(0..x.len()))
            .collect();
        let batch_x = Array1::from_shape_fn(batch_size, |k| x[picks[k]]);
        let batch_y = Array1::from_shape_fn(batch_size, |k| y[picks[k]]);
        let gradient = regression_gradient(&params, &batch_x, &batch_y);
        let next = &params - learning_rate * &gradient;
        path.push(params);
        params = next;
    }
    path.push(params);
    path
}
// ANCHOR_END: minibatch

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
