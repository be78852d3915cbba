//! Chapter 5, Probability and statistics: the mean, variance and standard
//! deviation (computed in two passes, so that close, large values keep their
//! digits), standard scores, seeded samples from a Gaussian and from a die,
//! histograms, running means, and noisy data scattered around a line.
//!
//! Every function takes `&ArrayRef1<f64>`, so it accepts an `Array1`, a view,
//! or a column of a matrix. The mean of no values is undefined, so every
//! function that needs a mean panics on an empty array, naming itself; two
//! arrays that must pair up value by value panic when their lengths differ,
//! naming both.

// ANCHOR: imports
use ndarray::{Array1, Array2, ArrayRef1, array};
use rand::{RngExt, SeedableRng, rngs::StdRng};
use rand_distr::{Distribution, Normal};
// ANCHOR_END: imports

// ANCHOR: street
/// The prices of eight houses on one street, in thousands of dollars.
pub fn street_prices() -> Array1<f64> {
    array![220.0, 240.0, 240.0, 240.0, 250.0, 250.0, 270.0, 290.0]
}

// ANCHOR: mean
/// The mean (average) of the values in `x`: their sum divided by how many
/// there are.
///
/// # Panics
/// If `x` is empty: the mean of no values is undefined (it is not 0).
pub fn mean(x: &ArrayRef1<f64>) -> f64 {
    assert!(
        !x.is_empty(),
        "mean: there are no values, and the mean of no values is undefined"
    );
    x.sum() / x.len() as f64
}
// ANCHOR_END: mean
// ANCHOR_END: street

// ANCHOR: variance
/// The population variance of `x`: the average squared distance of a value
/// from the mean, dividing by the number of values `m`. Two passes: first
/// the mean, then the squared distances from it.
///
/// # Panics
/// If `x` is empty.
pub fn variance(x: &ArrayRef1<f64>) -> f64 {
    let mu = mean(x);
    let squares: f64 = x.iter().map(|&value| (value - mu).powi(2)).sum();
    squares / x.len() as f64
}

/// The population standard deviation of `x`: the square root of
/// [`variance`], in the same units as the values.
///
/// # Panics
/// If `x` is empty.
pub fn std_dev(x: &ArrayRef1<f64>) -> f64 {
    variance(x).sqrt()
}
// ANCHOR_END: variance

// ANCHOR: sample_variance
/// The sample variance of `x`: like [`variance`], but dividing by `m - 1`,
/// for values that are a sample from a larger population whose spread you
/// want to estimate.
///
/// # Panics
/// If `x` has fewer than 2 values: one value says nothing about spread.
pub fn sample_variance(x: &ArrayRef1<f64>) -> f64 {
    let m = x.len();
    assert!(
        m >= 2,
        "sample_variance: needs at least 2 values to measure spread, got {m}"
    );
    let mu = mean(x);
    let squares: f64 = x.iter().map(|&value| (value - mu).powi(2)).sum();
    squares / (m - 1) as f64
}
// ANCHOR_END: sample_variance

// ANCHOR: variance_shortcut
/// The textbook shortcut for the population variance: the mean of the
/// squares minus the square of the mean. Equal to [`variance`] on paper, but
/// in `f64` it can lose every digit when the values are large and close
/// together. It is here to show that; use [`variance`].
///
/// # Panics
/// If `x` is empty.
pub fn variance_shortcut(x: &ArrayRef1<f64>) -> f64 {
    let mean_of_squares = mean(&x.mapv(|value| value * value));
    mean_of_squares - mean(x).powi(2)
}
// ANCHOR_END: variance_shortcut

// ANCHOR: standardize
/// The standard score (z-score) of every value of `x`: its distance from
/// the mean in population standard deviations, `(x_i - mean) / std_dev`.
/// The result has mean 0 and standard deviation 1.
///
/// If every value is the same, the standard deviation is 0 and the fraction
/// is undefined; every value then sits exactly at the mean, and its score is
/// 0. (Chapter 1's `standardize` makes the same choice for a constant
/// column.)
///
/// # Panics
/// If `x` is empty.
pub fn standardize(x: &ArrayRef1<f64>) -> Array1<f64> {
    let (mu, sigma) = (mean(x), std_dev(x));
    let constant = x.iter().all(|&value| value == x[0]);
    if constant || sigma == 0.0 {
        return Array1::zeros(x.len());
    }
    x.mapv(|value| (value - mu) / sigma)
}
// ANCHOR_END: standardize

// ANCHOR: normal_sample
/// `count` values drawn at random from the Gaussian with mean `mu` and
/// standard deviation `sigma`. The same seed gives the same values.
///
/// # Panics
/// If `sigma` is negative or not a finite number.
pub fn normal_sample(
    count: usize,
    mu: f64,
    sigma: f64,
    seed: u64,
) -> Array1<f64> {
    assert!(
        sigma.is_finite() && sigma >= 0.0,
        "normal_sample: sigma must be finite and >= 0, got {sigma}"
    );
    let gaussian = Normal::new(mu, sigma).expect("a finite sigma");
    let mut rng = StdRng::seed_from_u64(seed);
    Array1::from_shape_fn(count, |_| gaussian.sample(&mut rng))
}
// ANCHOR_END: normal_sample

// ANCHOR: histogram
/// How many values of `x` fall into each of `bins` equal-width bins from
/// `low` to `high`. Bin `k` (from 0) holds the values from
/// `low + k * width` up to, but not including, the next edge; the last bin
/// also holds `high`. Values outside `low..=high` are not counted.
///
/// # Panics
/// If `bins` is 0 or `low` is not below `high`.
pub fn histogram(
    x: &ArrayRef1<f64>,
    low: f64,
    high: f64,
    bins: usize,
) -> Vec<usize> {
    assert!(bins > 0, "histogram: needs at least 1 bin");
    assert!(
        low < high,
        "histogram: low ({low}) must be below high ({high})"
    );
    let width = (high - low) / bins as f64;
    let mut counts = vec![0; bins];
    for &value in x {
        if (low..=high).contains(&value) {
            let bin = ((value - low) / width) as usize;
            counts[bin.min(bins - 1)] += 1;
        }
    }
    counts
}
// ANCHOR_END: histogram

// ANCHOR: gaussian_pdf
/// The height of the Gaussian (bell curve) with mean `mu` and standard
/// deviation `sigma` at `x`: its probability density there.
///
/// # Panics
/// If `sigma` is not positive.
pub fn gaussian_pdf(x: f64, mu: f64, sigma: f64) -> f64 {
    assert!(
        sigma > 0.0,
        "gaussian_pdf: sigma must be positive, got {sigma}"
    );
    let z = (x - mu) / sigma;
    (-0.5 * z * z).exp() / (sigma * (2.0 * std::f64::consts::PI).sqrt())
}
// ANCHOR_END: gaussian_pdf

// ANCHOR: fraction_within
/// The share of the values of `x` (from 0 to 1) that lie within `k`
/// standard deviations of their mean: `|x_i - mean| <= k * std_dev`.
///
/// # Panics
/// If `x` is empty.
pub fn fraction_within(x: &ArrayRef1<f64>, k: f64) -> f64 {
    let (mu, sigma) = (mean(x), std_dev(x));
    let inside = x
        .iter()
        .filter(|&&value| (value - mu).abs() <= k * sigma)
        .count();
    inside as f64 / x.len() as f64
}
// ANCHOR_END: fraction_within

// ANCHOR: running_mean
/// `count` rolls of a fair six-sided die, each 1 to 6 with equal chances.
/// The same seed gives the same rolls.
pub fn die_rolls(count: usize, seed: u64) -> Array1<f64> {
    let mut rng = StdRng::seed_from_u64(seed);
    Array1::from_shape_fn(count, |_| f64::from(rng.random_range(1..=6_u8)))
}

/// The running mean of `x`: entry `k` (from 0) is the mean of the first
/// `k + 1` values.
pub fn running_mean(x: &ArrayRef1<f64>) -> Array1<f64> {
    let mut total = 0.0;
    let mut means = Array1::zeros(x.len());
    for (k, &value) in x.iter().enumerate() {
        total += value;
        means[k] = total / (k + 1) as f64;
    }
    means
}
// ANCHOR_END: running_mean

// ANCHOR: noisy_line
/// `m` samples scattered around the line `y = w x + b`: each `x` is drawn
/// uniformly between 50 and 150 (house areas in square metres, like Chapter
/// 2's houses), and each `y` is `w x + b` plus Gaussian noise with mean 0 and
/// standard deviation `noise_sigma`. Returns the `x`s and the `y`s. The same
/// seed gives the same data, and a larger `m` extends it: the first 100
/// samples of 1000 are the 100 samples of `m = 100`.
///
/// # Panics
/// If `noise_sigma` is negative or not a finite number.
pub fn noisy_line(
    m: usize,
    w: f64,
    b: f64,
    noise_sigma: f64,
    seed: u64,
) -> (Array1<f64>, Array1<f64>) {
    assert!(
        noise_sigma.is_finite() && noise_sigma >= 0.0,
        "noisy_line: noise_sigma must be finite and >= 0, got {noise_sigma}"
    );
    let noise = Normal::new(0.0, noise_sigma).expect("a finite sigma");
    let mut rng = StdRng::seed_from_u64(seed);
    let (mut x, mut y) = (Array1::zeros(m), Array1::zeros(m));
    for i in 0..m {
        x[i] = rng.random_range(50.0..150.0);
        y[i] = w * x[i] + b + noise.sample(&mut rng);
    }
    (x, y)
}

/// The residuals of the line `y = w x + b` on the samples `(x, y)`: how far
/// each `y` lies above (positive) or below (negative) the line,
/// `y_i - (w x_i + b)`.
///
/// # Panics
/// If `x` and `y` have different lengths; the message names both.
pub fn residuals(
    x: &ArrayRef1<f64>,
    y: &ArrayRef1<f64>,
    w: f64, // the line's weight (its slope)
    b: f64, // and its bias
) -> Array1<f64> {
    assert!(
        x.len() == y.len(),
        "residuals: x and y have different lengths ({} and {})",
        x.len(),
        y.len()
    );
    Array1::from_shape_fn(x.len(), |i| y[i] - (w * x[i] + b))
}
// ANCHOR_END: noisy_line

// ANCHOR: memorise
/// A model that memorises its training data: for every `query`, it answers
/// with the `train_y` of the training sample whose `train_x` is nearest (the
/// first one, if several tie). On the training data itself it is never
/// wrong.
///
/// # Panics
/// If there is no training data, or `train_x` and `train_y` have different
/// lengths; the message names both.
pub fn memorise_predict(
    train_x: &ArrayRef1<f64>,
    train_y: &ArrayRef1<f64>,
    query: &ArrayRef1<f64>,
) -> Array1<f64> {
    assert!(
        train_x.len() == train_y.len(),
        "memorise_predict: train_x and train_y differ in length ({} and {})",
        train_x.len(),
        train_y.len()
    );
    assert!(
        !train_x.is_empty(),
        "memorise_predict: there is no training data to remember"
    );
    query.mapv(|q| {
        // The nearest sample's distance and answer, so far.
        let mut nearest = (f64::INFINITY, train_y[0]);
        for (&x_i, &y_i) in train_x.iter().zip(train_y) {
            let distance = (x_i - q).abs();
            if distance < nearest.0 {
                nearest = (distance, y_i);
            }
        }
        nearest.1
    })
}
// ANCHOR_END: memorise

// ANCHOR: random_variance
/// The expected value `E[X] = Σ p_k x_k` of a random quantity `X` that takes
/// the value `values[k]` with probability `probabilities[k]`.
///
/// # Panics
/// If `values` and `probabilities` differ in length (the message names both),
/// are empty, or the probabilities are negative or do not add up to 1
/// (within 1e-9).
pub fn expected_value(
    values: &ArrayRef1<f64>,
    probabilities: &ArrayRef1<f64>,
) -> f64 {
    assert_distribution("expected_value", values, probabilities);
    values.dot(probabilities)
}

/// The variance `Var(X) = E[(X − E[X])²]` of a random quantity `X` that
/// takes the value `values[k]` with probability `probabilities[k]`: the
/// expected squared distance from its expected value.
///
/// # Panics
/// As [`expected_value`].
pub fn random_variance(
    values: &ArrayRef1<f64>,
    probabilities: &ArrayRef1<f64>,
) -> f64 {
    assert_distribution("random_variance", values, probabilities);
    let centre = values.dot(probabilities);
    values.mapv(|x| (x - centre).powi(2)).dot(probabilities)
}
// ANCHOR_END: random_variance

/// Panics unless `values` and `probabilities` pair up and form a
/// distribution.
fn assert_distribution(
    what: &str,
    values: &ArrayRef1<f64>,
    probabilities: &ArrayRef1<f64>,
) {
    assert!(
        values.len() == probabilities.len(),
        "{what}: {} values but {} probabilities",
        values.len(),
        probabilities.len()
    );
    assert!(!values.is_empty(), "{what}: there are no values");
    assert!(
        probabilities.iter().all(|&p| p >= 0.0),
        "{what}: a probability is negative"
    );
    let total = probabilities.sum();
    assert!(
        (total - 1.0).abs() < 1e-9,
        "{what}: the probabilities add up to {total}, not 1"
    );
}

// ANCHOR: covariance
/// The covariance of two lists of paired values, dividing by `m` like
/// [`variance`]: `(1/m) Σ (x_i − x̄)(y_i − ȳ)`. Positive when `x` and `y`
/// tend to be above their means together; the covariance of `x` with itself
/// is its variance.
///
/// # Panics
/// If `x` and `y` differ in length (the message names both) or are empty.
pub fn covariance(x: &ArrayRef1<f64>, y: &ArrayRef1<f64>) -> f64 {
    assert!(
        x.len() == y.len(),
        "covariance: x has {} values but y has {}",
        x.len(),
        y.len()
    );
    let (x_bar, y_bar) = (mean(x), mean(y));
    let mut sum = 0.0;
    for i in 0..x.len() {
        sum += (x[i] - x_bar) * (y[i] - y_bar);
    }
    sum / x.len() as f64
}

/// The correlation of two lists of paired values: their covariance divided
/// by both standard deviations, `r = cov(x, y) / (sd(x) sd(y))`, a number
/// from −1 to 1 without units.
///
/// # Panics
/// If `x` and `y` differ in length (the message names both), are empty, or
/// either is constant (its standard deviation is 0 and `r` is undefined).
pub fn correlation(x: &ArrayRef1<f64>, y: &ArrayRef1<f64>) -> f64 {
    let cov = covariance(x, y);
    let (sd_x, sd_y) = (std_dev(x), std_dev(y));
    assert!(
        sd_x > 0.0 && sd_y > 0.0,
        "correlation: undefined for a constant list (standard deviations \
         {sd_x} and {sd_y})"
    );
    cov / (sd_x * sd_y)
}
// ANCHOR_END: covariance

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
// ANCHOR_END: houses

// ANCHOR: bayes
/// Bayes' rule for a yes-or-no event `A` and evidence `B`: the probability
/// `P(A | B)` of `A` once `B` is seen, from the prior `P(A)` and how likely
/// `B` is with and without `A`, `P(B | A)` and `P(B | not A)`:
/// `P(A | B) = P(B | A) P(A) / (P(B | A) P(A) + P(B | not A) (1 − P(A)))`.
///
/// # Panics
/// If a probability is outside 0..=1, or `B` is impossible (the
/// denominator is 0).
pub fn bayes_posterior(prior: f64, b_given_a: f64, b_given_not_a: f64) -> f64 {
    for (name, p) in [
        ("P(A)", prior),
        ("P(B | A)", b_given_a),
        ("P(B | not A)", b_given_not_a),
    ] {
        assert!(
            (0.0..=1.0).contains(&p),
            "bayes_posterior: {name} must be from 0 to 1, got {p}"
        );
    }
    let b = b_given_a * prior + b_given_not_a * (1.0 - prior);
    assert!(b > 0.0, "bayes_posterior: P(B) is 0, so B never happens");
    b_given_a * prior / b
}
// ANCHOR_END: bayes
