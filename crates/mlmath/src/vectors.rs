//! Chapter 1, Vectors: lengths (norms), distances, cosine similarity,
//! feature scaling and one-hot encoding for data points stored as 1-D
//! `ndarray` arrays, a seeded experiment with distances in many dimensions,
//! and the chapter's small dataset.
//!
//! Every function takes `&ArrayRef1<f64>`, so it accepts an `Array1`, a view,
//! or a row of a matrix. Two vectors of different lengths are a bug in the
//! caller, so the two-vector functions panic with both lengths in the message.

use ndarray::{Array1, Array2, ArrayRef1, ArrayRef2, Axis, array};
use rand::{RngExt, SeedableRng, rngs::StdRng};

/// Panics unless `a` and `b` have the same length, naming both.
fn assert_same_len(what: &str, a: &ArrayRef1<f64>, b: &ArrayRef1<f64>) {
    assert!(
        a.len() == b.len(),
        "{what}: vectors have different lengths ({} and {})",
        a.len(),
        b.len()
    );
}

// ANCHOR: norm_l1
/// The L1 norm ("Manhattan length"): the sum of the absolute entries.
pub fn norm_l1(v: &ArrayRef1<f64>) -> f64 {
    v.iter().map(|x| x.abs()).sum()
}
// ANCHOR_END: norm_l1

// ANCHOR: norm_l2
/// The L2 norm (Euclidean length): the square root of the sum of squares.
pub fn norm_l2(v: &ArrayRef1<f64>) -> f64 {
    v.dot(v).sqrt()
}
// ANCHOR_END: norm_l2

// ANCHOR: normalize
/// The unit vector pointing the same way as `v`: `v` divided by its L2 norm.
///
/// Panics if `v` is all zeros, since the zero vector has no direction.
pub fn normalize(v: &ArrayRef1<f64>) -> Array1<f64> {
    let length = norm_l2(v);
    assert!(length > 0.0, "normalize: the zero vector has no direction");
    v / length
}
// ANCHOR_END: normalize

// ANCHOR: distances
// ANCHOR: euclidean_distance
/// The straight-line distance between `a` and `b`: the L2 norm of `a - b`.
pub fn euclidean_distance(a: &ArrayRef1<f64>, b: &ArrayRef1<f64>) -> f64 {
    assert_same_len("euclidean_distance", a, b);
    norm_l2(&(a - b))
}
// ANCHOR_END: euclidean_distance

// ANCHOR: manhattan_distance
/// The grid ("city block") distance between `a` and `b`: the L1 norm of `a - b`.
pub fn manhattan_distance(a: &ArrayRef1<f64>, b: &ArrayRef1<f64>) -> f64 {
    assert_same_len("manhattan_distance", a, b);
    norm_l1(&(a - b))
}
// ANCHOR_END: manhattan_distance
// ANCHOR_END: distances

// ANCHOR: cosine_similarity
/// The cosine of the angle between `a` and `b`, from -1 (opposite) through
/// 0 (perpendicular) to 1 (same direction).
///
/// Panics if either vector is all zeros: it has no direction to compare.
pub fn cosine_similarity(a: &ArrayRef1<f64>, b: &ArrayRef1<f64>) -> f64 {
    assert_same_len("cosine_similarity", a, b);
    let lengths = norm_l2(a) * norm_l2(b);
    assert!(
        lengths > 0.0,
        "cosine_similarity: a zero vector has no direction"
    );
    a.dot(b) / lengths
}
// ANCHOR_END: cosine_similarity

// ANCHOR: nearest_neighbour
/// The index of the row of `data` closest to `query` in Euclidean distance
/// (the first one, if several tie).
///
/// Panics if `data` has no rows or its rows are not as long as `query`.
pub fn nearest_neighbour(
    data: &ArrayRef2<f64>,
    query: &ArrayRef1<f64>,
) -> usize {
    let distances = data
        .rows()
        .into_iter()
        .map(|row| euclidean_distance(&row, query));
    let mut best: Option<(usize, f64)> = None;
    for (index, distance) in distances.enumerate() {
        if best.is_none_or(|(_, nearest)| distance < nearest) {
            best = Some((index, distance));
        }
    }
    best.expect("nearest_neighbour: the data has no rows").0
}
// ANCHOR_END: nearest_neighbour

// ANCHOR: standardize
/// Rescales every column (feature) of `data` to mean 0 and standard
/// deviation 1, so that no feature dominates distances by its units alone.
///
/// A column whose values are all equal carries no information about
/// distance; it becomes all zeros.
pub fn standardize(data: &ArrayRef2<f64>) -> Array2<f64> {
    let mut scaled = data.to_owned();
    for mut column in scaled.axis_iter_mut(Axis(1)) {
        let mean = column.mean().expect("standardize: the data has no rows");
        let spread = column.std(0.0);
        column.mapv_inplace(|x| {
            if spread > 0.0 {
                (x - mean) / spread
            } else {
                0.0
            }
        });
    }
    scaled
}
// ANCHOR_END: standardize

// ANCHOR: one_hot
/// The one-hot vector of category number `index` (counted from 0) out of
/// `categories`: a vector of length `categories`, all zeros except a 1 at
/// position `index`.
///
/// # Panics
///
/// If `index` is not less than `categories`; the message names both.
pub fn one_hot(index: usize, categories: usize) -> Array1<f64> {
    assert!(
        index < categories,
        "one_hot: index {index} is out of range for {categories} categories"
    );
    let mut encoded = Array1::zeros(categories);
    encoded[index] = 1.0;
    encoded
}
// ANCHOR_END: one_hot

// ANCHOR: distance_spread
/// `points` random points in `n` dimensions, one per row: every entry is
/// drawn uniformly between 0 and 1. The same seed gives the same points.
pub fn random_points(points: usize, n: usize, seed: u64) -> Array2<f64> {
    let mut rng = StdRng::seed_from_u64(seed);
    Array2::from_shape_fn((points, n), |_| rng.random_range(0.0..1.0))
}

/// The Euclidean distance between every pair of rows of `data`, each pair
/// once: `m (m - 1) / 2` distances for `m` rows.
pub fn pairwise_distances(data: &ArrayRef2<f64>) -> Vec<f64> {
    let m = data.nrows();
    let mut distances = Vec::with_capacity(m * m.saturating_sub(1) / 2);
    for first in 0..m {
        for second in first + 1..m {
            distances
                .push(euclidean_distance(&data.row(first), &data.row(second)));
        }
    }
    distances
}

/// The smallest and the largest Euclidean distance between any two of the
/// `points` random points that [`random_points`] draws for `n` and `seed`.
///
/// # Panics
///
/// If `points` is less than 2: one point has no distance to another.
pub fn distance_spread(points: usize, n: usize, seed: u64) -> (f64, f64) {
    assert!(
        points >= 2,
        "distance_spread: need at least 2 points, got {points}"
    );
    let distances = pairwise_distances(&random_points(points, n, seed));
    let smallest = distances.iter().copied().fold(f64::INFINITY, f64::min);
    let largest = distances.iter().copied().fold(0.0, f64::max);
    (smallest, largest)
}
// ANCHOR_END: distance_spread

// ANCHOR: people
/// Four people described by two features: yearly income in dollars and age
/// in years. Row `i` is person `i`; column 0 is income, column 1 is age.
pub fn people() -> Array2<f64> {
    array![
        [50_000.0, 25.0], // person 0
        [51_000.0, 60.0], // person 1
        [58_000.0, 27.0], // person 2
        [40_000.0, 45.0], // person 3
    ]
}
// ANCHOR_END: people
