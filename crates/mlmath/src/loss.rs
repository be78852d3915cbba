//! Chapter 6, Loss and cost functions: mean squared error, mean absolute
//! error and Huber loss; the best line under MSE and under MAE; the sigmoid
//! and log loss; logistic regression's cost and gradient; and the datasets
//! the chapter trains on (the houses with an outlier, noisy houses, and
//! listings a buyer liked or not).
//!
//! Targets `y` and predictions `y_hat` are `Array1<f64>`s of the same length,
//! one entry per example; every loss averages over the examples.

// ANCHOR: imports
use ndarray::{Array1, Array2, ArrayRef1, ArrayRef2, array};
use rand::{RngExt, SeedableRng, rngs::StdRng};
use rand_distr::{Distribution, Normal};
// ANCHOR_END: imports

/// Panics unless `a` and `b` hold one value each for the same, non-empty set
/// of examples, naming both lengths.
fn assert_pairs(what: &str, a: &ArrayRef1<f64>, b: &ArrayRef1<f64>) {
    assert!(
        a.len() == b.len(),
        "{what}: arrays of different lengths ({} and {})",
        a.len(),
        b.len()
    );
    assert!(
        !a.is_empty(),
        "{what}: there are no examples to average over"
    );
}

// ANCHOR: errors
// ANCHOR: mse
/// The mean squared error `(1/m) Σ (ŷ_i − y_i)²` of the predictions `y_hat`
/// against the targets `y`.
///
/// # Panics
/// If the lengths differ, or there are no examples.
pub fn mse(y: &ArrayRef1<f64>, y_hat: &ArrayRef1<f64>) -> f64 {
    assert_pairs("mse", y, y_hat);
    let mut sum = 0.0;
    for i in 0..y.len() {
        let error = y_hat[i] - y[i];
        sum += error * error;
    }
    sum / y.len() as f64
}
// ANCHOR_END: mse

// ANCHOR: mae
/// The mean absolute error `(1/m) Σ |ŷ_i − y_i|`.
///
/// # Panics
/// If the lengths differ, or there are no examples.
pub fn mae(y: &ArrayRef1<f64>, y_hat: &ArrayRef1<f64>) -> f64 {
    assert_pairs("mae", y, y_hat);
    let mut sum = 0.0;
    for i in 0..y.len() {
        sum += (y_hat[i] - y[i]).abs();
    }
    sum / y.len() as f64
}
// ANCHOR_END: mae
// ANCHOR_END: errors

// ANCHOR: huber
/// The Huber loss of one error `r`: `r²/2` where `|r| ≤ δ`, and
/// `δ (|r| − δ/2)` beyond, a straight line that meets the parabola smoothly.
pub fn huber_one(r: f64, delta: f64) -> f64 {
    if r.abs() <= delta {
        0.5 * r * r
    } else {
        delta * (r.abs() - 0.5 * delta)
    }
}

/// The mean Huber loss `(1/m) Σ huber(ŷ_i − y_i)` with threshold `delta`.
///
/// # Panics
/// If the lengths differ, there are no examples, or `delta` is not positive
/// and finite.
pub fn huber(y: &ArrayRef1<f64>, y_hat: &ArrayRef1<f64>, delta: f64) -> f64 {
    assert_pairs("huber", y, y_hat);
    assert!(
        delta > 0.0 && delta.is_finite(),
        "huber: delta must be positive and finite, got {delta}"
    );
    let mut sum = 0.0;
    for i in 0..y.len() {
        sum += huber_one(y_hat[i] - y[i], delta);
    }
    sum / y.len() as f64
}
// ANCHOR_END: huber

// ANCHOR: fit_line
/// The line `ŷ = w x + b` with the lowest MSE on `(x, y)`: from setting both
/// partial derivatives to zero, `w = Σ (x − x̄)(y − ȳ) / Σ (x − x̄)²` and
/// `b = ȳ − w x̄`. Returns `(w, b)`.
///
/// # Panics
/// If the lengths differ, there are no examples, or every `x` is the same.
pub fn fit_line_mse(x: &ArrayRef1<f64>, y: &ArrayRef1<f64>) -> (f64, f64) {
    assert_pairs("fit_line_mse", x, y);
    let m = x.len() as f64;
    let (x_mean, y_mean) = (x.sum() / m, y.sum() / m);
    let (mut across, mut spread) = (0.0, 0.0);
    for i in 0..x.len() {
        across += (x[i] - x_mean) * (y[i] - y_mean);
        spread += (x[i] - x_mean) * (x[i] - x_mean);
    }
    assert!(spread > 0.0, "fit_line_mse: every x is the same");
    let w = across / spread;
    (w, y_mean - w * x_mean)
}

/// Every line `ŷ = w x + b` through two of the points (with different `x`s)
/// whose MAE on `(x, y)` is the lowest such a line reaches, up to rounding
/// (a relative `1e-9`), in the order the pairs are tried; and that lowest
/// MAE. Some best line always passes through two of the points, and every
/// line between two best lines is best too (the MAE is convex), so more than
/// one line here means the best line is not unique. Fine for a handful of
/// points: the work grows like `m³`.
///
/// # Panics
/// If the lengths differ, there are no examples, or every `x` is the same.
pub fn best_mae_lines(
    x: &ArrayRef1<f64>,
    y: &ArrayRef1<f64>,
) -> (f64, Vec<(f64, f64)>) {
    assert_pairs("best_mae_lines", x, y);
    let mut lines = Vec::new();
    for i in 0..x.len() {
        for j in i + 1..x.len() {
            if x[i] != x[j] {
                let w = (y[j] - y[i]) / (x[j] - x[i]);
                let b = y[i] - w * x[i];
                lines.push((mae(y, &x.mapv(|v| w * v + b)), (w, b)));
            }
        }
    }
    let lowest = lines
        .iter()
        .map(|&(loss, _)| loss)
        .reduce(f64::min)
        .expect("best_mae_lines: every x is the same");
    let near = |a: f64, b: f64| (a - b).abs() <= 1e-9 * (1.0 + b.abs());
    let mut best: Vec<(f64, f64)> = Vec::new();
    for (loss, line) in lines {
        let seen = best.iter().any(|l| near(l.0, line.0) && near(l.1, line.1));
        if near(loss, lowest) && !seen {
            best.push(line);
        }
    }
    (lowest, best)
}

/// A line with the lowest MAE on `(x, y)`: the first of
/// [`best_mae_lines`]. When the best line is not unique, this is one of
/// many, chosen only by the order in which pairs are tried. Returns `(w, b)`.
///
/// # Panics
/// If the lengths differ, there are no examples, or every `x` is the same.
pub fn fit_line_mae(x: &ArrayRef1<f64>, y: &ArrayRef1<f64>) -> (f64, f64) {
    best_mae_lines(x, y).1[0]
}
// ANCHOR_END: fit_line

// ANCHOR: sigmoid
/// The sigmoid `σ(q) = 1 / (1 + e^(−q))`: squashes any score `q` into a
/// probability between 0 and 1, with `σ(0) = 0.5`. From `q ≈ 37` on, the
/// result rounds to exactly 1.0 in `f64`.
pub fn sigmoid(q: f64) -> f64 {
    // For very negative q, e^(−q) overflows to infinity (harmlessly:
    // 1/(1 + ∞) is 0); written as e^q / (1 + e^q) it never does.
    if q >= 0.0 {
        1.0 / (1.0 + (-q).exp())
    } else {
        let e = q.exp();
        e / (1.0 + e)
    }
}
// ANCHOR_END: sigmoid

// ANCHOR: sigmoid_slope
/// The slope of the sigmoid, `σ′(q) = σ(q) (1 − σ(q))`: at most 0.25, at
/// `q = 0`, and close to 0 far out on either side.
pub fn sigmoid_slope(q: f64) -> f64 {
    let s = sigmoid(q);
    s * (1.0 - s)
}
// ANCHOR_END: sigmoid_slope

// ANCHOR: log_loss
/// The smallest probability log loss takes seriously: a prediction of
/// exactly 0 or 1 is moved this far inside, so the loss stays finite.
pub const CLIP: f64 = 1e-15;

/// Log loss (binary cross-entropy) averaged over the examples:
/// `−log p_i` for an example labelled 1 and `−log(1 − p_i)` for one
/// labelled 0, where `p_i` is the predicted probability of label 1,
/// clipped into `[CLIP, 1 − CLIP]`.
///
/// # Panics
/// If the lengths differ, there are no examples, or a label is not 0 or 1.
pub fn log_loss(
    labels: &ArrayRef1<f64>,
    probabilities: &ArrayRef1<f64>,
) -> f64 {
    assert_pairs("log_loss", labels, probabilities);
    let mut sum = 0.0;
    for i in 0..labels.len() {
        let p = probabilities[i].clamp(CLIP, 1.0 - CLIP);
        sum += match labels[i] {
            1.0 => -p.ln(),
            0.0 => -(1.0 - p).ln(),
            other => {
                panic!("log_loss: label {i} is {other}; labels are 0 or 1")
            }
        };
    }
    sum / labels.len() as f64
}
// ANCHOR_END: log_loss

// ANCHOR: log_loss_from_scores
/// `log(1 + e^t)` ("softplus"), computed without overflow: as
/// `max(t, 0) + log(1 + e^(−|t|))`, where the exponential is never above 1.
pub fn softplus(t: f64) -> f64 {
    t.max(0.0) + (-t.abs()).exp().ln_1p()
}

/// Log loss averaged over the examples, computed from the scores `q_i`
/// (before the sigmoid) rather than from probabilities: `−log σ(q) =
/// log(1 + e^(−q))` for label 1 and `−log(1 − σ(q)) = log(1 + e^q)` for
/// label 0. No clipping is needed, and a score of 800 on the wrong side
/// costs 800, not a capped 34.5.
///
/// # Panics
/// If the lengths differ (naming both), there are no examples, or a label
/// is not 0 or 1.
pub fn log_loss_from_scores(
    labels: &ArrayRef1<f64>,
    scores: &ArrayRef1<f64>,
) -> f64 {
    assert_pairs("log_loss_from_scores", labels, scores);
    let mut sum = 0.0;
    for i in 0..labels.len() {
        sum += match labels[i] {
            1.0 => softplus(-scores[i]),
            0.0 => softplus(scores[i]),
            other => panic!(
                "log_loss_from_scores: label {i} is {other}; labels are 0 or 1"
            ),
        };
    }
    sum / labels.len() as f64
}
// ANCHOR_END: log_loss_from_scores

// ANCHOR: likelihood
/// The Gaussian density with centre `mean` and spread `sigma` at `y`:
/// `exp(−(y − mean)² / (2σ²)) / (σ √(2π))`. (Chapter 5's `gaussian_pdf`.)
///
/// # Panics
/// If `sigma` is not positive and finite.
pub fn gaussian_density(y: f64, mean: f64, sigma: f64) -> f64 {
    assert_positive("gaussian_density", "sigma", sigma);
    let t = (y - mean) / sigma;
    (-0.5 * t * t).exp() / (sigma * (2.0 * std::f64::consts::PI).sqrt())
}

/// The Laplace density with centre `centre` and scale `beta` at `y`:
/// `exp(−|y − centre| / β) / (2β)`, a tent of two exponentials.
///
/// # Panics
/// If `beta` is not positive and finite.
pub fn laplace_density(y: f64, centre: f64, beta: f64) -> f64 {
    assert_positive("laplace_density", "beta", beta);
    (-(y - centre).abs() / beta).exp() / (2.0 * beta)
}

/// The Bernoulli probability of the label `y` (0 or 1) when label 1 has
/// probability `p`: `p` for `y = 1`, `1 − p` for `y = 0`.
///
/// # Panics
/// If `y` is not 0 or 1.
pub fn bernoulli_probability(y: f64, p: f64) -> f64 {
    match y {
        1.0 => p,
        0.0 => 1.0 - p,
        other => panic!(
            "bernoulli_probability: the label is {other}; labels are 0 or 1"
        ),
    }
}

/// The average negative log-likelihood `−(1/m) Σ log f(y_i, ŷ_i)` of the
/// targets `y` under a model that gives each one the density (or
/// probability) `f(y_i, ŷ_i)`.
///
/// # Panics
/// If the lengths differ (naming both), or there are no examples.
pub fn mean_neg_log_likelihood(
    y: &ArrayRef1<f64>,
    y_hat: &ArrayRef1<f64>,
    f: impl Fn(f64, f64) -> f64,
) -> f64 {
    assert_pairs("mean_neg_log_likelihood", y, y_hat);
    let mut sum = 0.0;
    for i in 0..y.len() {
        sum -= f(y[i], y_hat[i]).ln();
    }
    sum / y.len() as f64
}
// ANCHOR_END: likelihood

// ANCHOR: logistic
/// A logistic regression's predicted probabilities `σ(X w + b)`, one per row
/// of `x`, with `params = (w_1, …, w_n, b)`.
///
/// # Panics
/// If `params` does not hold one weight per column of `x` plus the bias.
pub fn logistic_predict(
    params: &ArrayRef1<f64>,
    x: &ArrayRef2<f64>,
) -> Array1<f64> {
    let n = x.ncols();
    assert!(
        params.len() == n + 1,
        "logistic_predict: {} features need {} parameters (weights and bias), got {}",
        n,
        n + 1,
        params.len()
    );
    let (w, b) = (params.slice(ndarray::s![..n]), params[n]);
    x.dot(&w).mapv(|score| sigmoid(score + b))
}

/// The cost of a logistic regression: the log loss of its probabilities
/// against `labels`.
///
/// # Panics
/// As [`logistic_predict`] and [`log_loss`].
pub fn logistic_cost(
    params: &ArrayRef1<f64>,
    x: &ArrayRef2<f64>,
    labels: &ArrayRef1<f64>,
) -> f64 {
    log_loss(labels, &logistic_predict(params, x))
}

/// The gradient of [`logistic_cost`]: `(1/m) Σ (p_i − y_i) x_i` for the
/// weights and `(1/m) Σ (p_i − y_i)` for the bias. (The sigmoid's slope
/// cancels against log loss's, leaving just the miss `p − y`.)
///
/// # Panics
/// As [`logistic_predict`], or unless `labels` has one entry per row of `x`
/// (naming both counts), or if `x` has no rows.
pub fn logistic_gradient(
    params: &ArrayRef1<f64>,
    x: &ArrayRef2<f64>,
    labels: &ArrayRef1<f64>,
) -> Array1<f64> {
    assert!(
        labels.len() == x.nrows(),
        "logistic_gradient: {} rows of x but {} labels; each row needs one",
        x.nrows(),
        labels.len()
    );
    assert!(
        x.nrows() > 0,
        "logistic_gradient: there are no examples to average over"
    );
    let misses = logistic_predict(params, x) - labels;
    let m = x.nrows() as f64;
    let mut gradient = Array1::zeros(params.len());
    gradient
        .slice_mut(ndarray::s![..x.ncols()])
        .assign(&(x.t().dot(&misses) / m));
    gradient[x.ncols()] = misses.sum() / m;
    gradient
}
// ANCHOR_END: logistic

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

// ANCHOR: listings
/// Twelve listings a buyer looked at, described by floor area in square
/// metres and age in years. The first five are the houses of Chapter 2.
pub fn listings() -> Array2<f64> {
    array![
        [120.0, 15.0],
        [80.0, 30.0],
        [150.0, 5.0],
        [60.0, 40.0],
        [100.0, 20.0],
        [90.0, 10.0],
        [140.0, 35.0],
        [70.0, 5.0],
        [110.0, 40.0],
        [130.0, 45.0],
        [95.0, 25.0],
        [75.0, 15.0],
    ]
}

/// Whether the buyer liked each listing (1) or not (0), in the order of
/// [`listings`].
pub fn liked() -> Array1<f64> {
    array![1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0]
}
// ANCHOR_END: listings

// ANCHOR: noisy_line
/// `m` samples scattered around the line `y = w x + b`: each `x` is drawn
/// uniformly between 50 and 150 (house areas in square metres), and each `y`
/// is `w x + b` plus Gaussian noise with mean 0 and standard deviation
/// `sigma`. Returns the `x`s and the `y`s; the same seed gives the same data.
/// (The same generator as Chapter 5's.)
///
/// # Panics
/// If `sigma` is negative or not a finite number.
pub fn noisy_line(
    m: usize,
    w: f64,
    b: f64,
    sigma: f64,
    seed: u64,
) -> (Array1<f64>, Array1<f64>) {
    assert!(
        sigma.is_finite() && sigma >= 0.0,
        "noisy_line: sigma must be finite and >= 0, got {sigma}"
    );
    let noise = Normal::new(0.0, sigma).expect("a finite sigma");
    let mut rng = StdRng::seed_from_u64(seed);
    let (mut x, mut y) = (Array1::zeros(m), Array1::zeros(m));
    for i in 0..m {
        x[i] = rng.random_range(50.0..150.0);
        y[i] = w * x[i] + b + noise.sample(&mut rng);
    }
    (x, y)
}
// ANCHOR_END: noisy_line

// Chapter 4's gradient descent and the line's loss and gradient, copied
// word for word (tests/loss.rs holds the copies equal) so that this module
// runs on its own.

/// Panics unless `value` is positive and finite, naming it.
fn assert_positive(what: &str, name: &str, value: f64) {
    assert!(
        value > 0.0 && value.is_finite(),
        "{what}: {name} must be positive and finite, got {value}"
    );
}

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

// ANCHOR: market
/// The three neighbourhoods of Chapter 1's one-hot example, in the order of
/// their one-hot columns.
pub const NEIGHBOURHOODS: [&str; 3] = ["centre", "suburb", "village"];

/// The rule that made the prices of [`market_houses`], in thousands of
/// dollars: per square metre, per bedroom, per year of age, the extra for
/// each neighbourhood (in the order of [`NEIGHBOURHOODS`]), and the base.
pub const MARKET_RULE: (f64, f64, f64, [f64; 3], f64) =
    (2.0, 10.0, -1.5, [60.0, 20.0, 0.0], 20.0);

/// The standard deviation of the noise in [`market_houses`]' prices.
pub const MARKET_NOISE: f64 = 20.0;

/// `m` made-up houses with the chapters' features, seeded: each row is area
/// (square metres, uniform in 50..150), bedrooms (1 to 5, about one per 35
/// square metres, give or take one), age (years, uniform in 0..50), and the
/// neighbourhood one-hot encoded in three columns. Each price is
/// [`MARKET_RULE`] applied to the row, plus Gaussian noise with standard
/// deviation [`MARKET_NOISE`]. Returns the `(m, 6)` matrix and the `m`
/// prices; the same seed gives the same houses.
pub fn market_houses(m: usize, seed: u64) -> (Array2<f64>, Array1<f64>) {
    let (per_area, per_bedroom, per_year, extra, base) = MARKET_RULE;
    let noise = Normal::new(0.0, MARKET_NOISE).expect("a finite sigma");
    let mut rng = StdRng::seed_from_u64(seed);
    let mut x = Array2::zeros((m, 6));
    let mut y = Array1::zeros(m);
    for i in 0..m {
        let area: f64 = rng.random_range(50.0..150.0);
        let near =
            (area / 35.0).round() + rng.random_range(-1.0..=1.0f64).round();
        let bedrooms = near.clamp(1.0, 5.0);
        let age: f64 = rng.random_range(0.0..50.0);
        let hood = rng.random_range(0..3usize);
        x[[i, 0]] = area;
        x[[i, 1]] = bedrooms;
        x[[i, 2]] = age;
        x[[i, 3 + hood]] = 1.0;
        y[i] = per_area * area
            + per_bedroom * bedrooms
            + per_year * age
            + extra[hood]
            + base
            + noise.sample(&mut rng);
    }
    (x, y)
}

/// The prices [`MARKET_RULE`] gives the rows of `x` (columns as in
/// [`market_houses`]), without noise: what the best possible model predicts.
///
/// # Panics
/// If `x` does not have the 6 columns of [`market_houses`].
pub fn market_rule_prices(x: &ArrayRef2<f64>) -> Array1<f64> {
    assert!(
        x.ncols() == 6,
        "market_rule_prices: the houses need 6 columns, got {}",
        x.ncols()
    );
    let (per_area, per_bedroom, per_year, extra, base) = MARKET_RULE;
    x.rows()
        .into_iter()
        .map(|row| {
            per_area * row[0]
                + per_bedroom * row[1]
                + per_year * row[2]
                + extra[0] * row[3]
                + extra[1] * row[4]
                + extra[2] * row[5]
                + base
        })
        .collect()
}

/// `m` made-up listings, seeded: each row is area (square metres, uniform in
/// 50..150) and age (years, uniform in 0..50), and each label is 1 (liked)
/// with probability `σ((area − 2 age − 50) / 10)`, Chapter 2's hand-written
/// rule turned into a probability, else 0. Returns the `(m, 2)` matrix and
/// the `m` labels.
pub fn market_listings(m: usize, seed: u64) -> (Array2<f64>, Array1<f64>) {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut x = Array2::zeros((m, 2));
    let mut labels = Array1::zeros(m);
    for i in 0..m {
        let area: f64 = rng.random_range(50.0..150.0);
        let age: f64 = rng.random_range(0.0..50.0);
        x[[i, 0]] = area;
        x[[i, 1]] = age;
        let p = sigmoid((area - 2.0 * age - 50.0) / 10.0);
        labels[i] = if rng.random_range(0.0..1.0) < p {
            1.0
        } else {
            0.0
        };
    }
    (x, labels)
}

// ANCHOR: split
/// A seeded random split of the row numbers `0..m` into a training set and a
/// test set of `test` rows: the rows are shuffled (Fisher–Yates), the first
/// `test` go to the test set, and both lists are returned sorted,
/// `(train, test)`.
///
/// # Panics
/// If `test` is more than `m`.
pub fn train_test_split(
    m: usize,
    test: usize,
    seed: u64,
) -> (Vec<usize>, Vec<usize>) {
    assert!(
        test <= m,
        "train_test_split: {test} test rows asked for, but there are only {m}"
    );
    let mut rng = StdRng::seed_from_u64(seed);
    let mut rows: Vec<usize> = (0..m).collect();
    for i in (1..m).rev() {
        let j = rng.random_range(0..=i);
        rows.swap(i, j);
    }
    let mut test_rows = rows[..test].to_vec();
    let mut train_rows = rows[test..].to_vec();
    test_rows.sort_unstable();
    train_rows.sort_unstable();
    (train_rows, test_rows)
}
// ANCHOR_END: split
// ANCHOR_END: market
