//! Chapter 3, Derivatives: slopes measured with difference quotients
//! (forward and central), the one-weight model `ŷ = w x` on the houses, its
//! loss `L(w)` (the average squared miss) with the derivative worked by hand,
//! one step of walking downhill on it, the rules' examples the chapter checks
//! (the sigmoid's slope, the slopes of `|x|` and ReLU at their kink), and
//! the one-sided slopes that show where a derivative does not exist.
//!
//! Functions of one number are plain closures, `impl Fn(f64) -> f64`, so any
//! formula can be handed to them: `|x| x * x`, `f64::sin`, or a loss with its
//! data captured.

// ANCHOR: imports
use ndarray::{Array1, Array2, ArrayRef1, array};
// ANCHOR_END: imports

/// Panics unless `h` can be a step: a positive, finite number.
fn assert_step(what: &str, h: f64) {
    assert!(
        h > 0.0 && h.is_finite(),
        "{what}: the step h must be positive and finite, got {h}"
    );
}

// ANCHOR: forward_difference
/// The slope of the secant from `x` to `x + h`: `(f(x + h) − f(x)) / h`,
/// the average rate of change of `f` over that interval.
///
/// # Panics
/// If `h` is not positive and finite.
pub fn forward_difference(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    assert_step("forward_difference", h);
    (f(x + h) - f(x)) / h
}
// ANCHOR_END: forward_difference

// ANCHOR: derivative
/// The derivative `f'(x)`, estimated by the central difference
/// `(f(x + h) − f(x − h)) / 2h`: the slope of the secant across `x`.
///
/// # Panics
/// If `h` is not positive and finite.
pub fn derivative(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    assert_step("derivative", h);
    (f(x + h) - f(x - h)) / (2.0 * h)
}
// ANCHOR_END: derivative

/// Panics unless `x` and `y` hold one value each for the same, non-empty
/// set of samples.
fn assert_samples(what: &str, x: &ArrayRef1<f64>, y: &ArrayRef1<f64>) {
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

// ANCHOR: one_sided_slopes
/// The slopes of the secants on each side of `x`: from `x − h` to `x` (the
/// left one) and from `x` to `x + h` (the right one), as `(left, right)`.
/// For a smooth `f` and a small `h` both are close to `f'(x)`; at a kink,
/// such as `|x|` at 0, they stay apart however small `h` gets, and `f` has
/// no derivative there.
///
/// # Panics
/// If `h` is not positive and finite.
pub fn one_sided_slopes(f: impl Fn(f64) -> f64, x: f64, h: f64) -> (f64, f64) {
    assert_step("one_sided_slopes", h);
    let here = f(x);
    ((here - f(x - h)) / h, (f(x + h) - here) / h)
}
// ANCHOR_END: one_sided_slopes

// ANCHOR: sigmoid
/// The sigmoid `σ(z) = 1 / (1 + e^(−z))`: squashes any number into one
/// between 0 and 1, with `σ(0) = 0.5`. (The same function as Chapter 6's.)
pub fn sigmoid(z: f64) -> f64 {
    // For very negative z, e^(−z) overflows to infinity; the same value
    // written as e^z / (1 + e^z) stays finite and accurate.
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// The slope of the sigmoid, worked out with the chain rule:
/// `σ'(z) = σ(z) (1 − σ(z))`. It is largest, 0.25, at `z = 0`.
pub fn sigmoid_slope(z: f64) -> f64 {
    let s = sigmoid(z);
    s * (1.0 - s)
}
// ANCHOR_END: sigmoid

// ANCHOR: kinks
/// The slope training uses for `|r|`: −1 for a negative `r`, +1 for a
/// positive one, and 0 at the kink `r = 0`, where `|r|` has no derivative
/// (any number from −1 to 1 would be a subgradient there; 0 is the
/// convention). Not `r.signum()`: Rust's `signum` gives 1 at 0.
pub fn abs_slope(r: f64) -> f64 {
    if r > 0.0 {
        1.0
    } else if r < 0.0 {
        -1.0
    } else {
        0.0
    }
}

/// ReLU, the rectified linear unit: `max(0, z)`.
pub fn relu(z: f64) -> f64 {
    z.max(0.0)
}

/// The slope training uses for ReLU: 0 for a negative `z`, 1 for a positive
/// one, and 0 at the kink `z = 0` (the convention of common frameworks;
/// any number from 0 to 1 would be a subgradient there).
pub fn relu_slope(z: f64) -> f64 {
    if z > 0.0 { 1.0 } else { 0.0 }
}
// ANCHOR_END: kinks

// ANCHOR: loss
/// The one-weight model's loss: the average squared miss
/// `L(w) = (1/m) Σ (w x_i − y_i)²` of the predictions `w x_i` against the
/// targets `y_i`, over the `m` samples.
///
/// # Panics
/// If `x` and `y` differ in length, or are empty.
pub fn loss(w: f64, x: &ArrayRef1<f64>, y: &ArrayRef1<f64>) -> f64 {
    assert_samples("loss", x, y);
    let m = x.len() as f64;
    let mut sum = 0.0;
    for i in 0..x.len() {
        let miss = w * x[i] - y[i];
        sum += miss * miss;
    }
    sum / m
}
// ANCHOR_END: loss

// ANCHOR: loss_derivative
/// The slope of the loss, worked by hand with the chain rule:
/// `L'(w) = (2/m) Σ (w x_i − y_i) x_i`.
///
/// # Panics
/// If `x` and `y` differ in length, or are empty.
pub fn loss_derivative(w: f64, x: &ArrayRef1<f64>, y: &ArrayRef1<f64>) -> f64 {
    assert_samples("loss_derivative", x, y);
    let m = x.len() as f64;
    let mut sum = 0.0;
    for i in 0..x.len() {
        let miss = w * x[i] - y[i];
        sum += miss * x[i];
    }
    2.0 * sum / m
}
// ANCHOR_END: loss_derivative

// ANCHOR: descent_step
/// One step downhill: `w − η L'(w)`, with the learning rate `η`
/// (`learning_rate`) setting how far to go per unit of slope.
///
/// # Panics
/// If `x` and `y` differ in length, or are empty.
pub fn descent_step(
    w: f64,
    learning_rate: f64,
    x: &ArrayRef1<f64>,
    y: &ArrayRef1<f64>,
) -> f64 {
    w - learning_rate * loss_derivative(w, x, y)
}
// ANCHOR_END: descent_step

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
