//! Chapter 2, Matrices and the dot product: dot products, projections,
//! matrix–vector and matrix–matrix products written as their formulas, the
//! linear model `ŷ = Xw + b`, and the chapter's houses dataset.
//!
//! A dataset is an `Array2<f64>` with one row per sample and one column per
//! feature. Every function checks shapes first: a mismatch is a bug in the
//! caller, so it panics with both shapes in the message, never broadcasting
//! and never silently dropping entries.

// ANCHOR: imports
use ndarray::{Array1, Array2, ArrayRef1, ArrayRef2, array};
// ANCHOR_END: imports

// ANCHOR: dot
/// The dot product `a · v`: multiply entry by entry, then add up.
///
/// # Panics
/// If `a` and `v` have different lengths.
pub fn dot(a: &ArrayRef1<f64>, v: &ArrayRef1<f64>) -> f64 {
    assert!(
        a.len() == v.len(),
        "dot: vectors have different lengths ({} and {})",
        a.len(),
        v.len()
    );
    let mut sum = 0.0;
    for j in 0..a.len() {
        sum += a[j] * v[j];
    }
    sum
}
// ANCHOR_END: dot

// ANCHOR: angle_degrees
/// The angle between two non-zero vectors, in degrees (0 to 180), from
/// `cos θ = a · v / (|a| |v|)`.
///
/// # Panics
/// If the lengths differ or either vector is all zeros.
pub fn angle_degrees(a: &ArrayRef1<f64>, v: &ArrayRef1<f64>) -> f64 {
    // |a| |v| as one square root: one rounding fewer, so parallel vectors
    // give exactly 0° or 180° more often.
    let lengths = (dot(a, a) * dot(v, v)).sqrt();
    assert!(
        lengths > 0.0,
        "angle_degrees: a zero vector has no direction"
    );
    // Rounding can push the ratio a hair past ±1, where acos is undefined.
    let cos = (dot(a, v) / lengths).clamp(-1.0, 1.0);
    cos.acos().to_degrees()
}
// ANCHOR_END: angle_degrees

// ANCHOR: projection
/// The projection of `a` onto the line through `v`: the vector along `v`
/// that is closest to `a`, `(a · v / v · v) v`.
///
/// # Panics
/// If the lengths differ or `v` is all zeros.
pub fn projection(a: &ArrayRef1<f64>, v: &ArrayRef1<f64>) -> Array1<f64> {
    let v_squared = dot(v, v);
    assert!(
        v_squared > 0.0,
        "projection: cannot project onto the zero vector"
    );
    (dot(a, v) / v_squared) * v
}
// ANCHOR_END: projection

/// Panics unless a matrix with `columns` columns can multiply a vector of
/// length `len`, naming both shapes.
fn assert_fits(what: &str, matrix: &ArrayRef2<f64>, len: usize) {
    let (rows, columns) = matrix.dim();
    assert!(
        columns == len,
        "{what}: a matrix of shape ({rows}, {columns}) needs a vector of length {columns}, got shape ({len},)"
    );
}

// ANCHOR: mat_vec
/// The matrix–vector product `M v`, read by rows: entry `i` is the dot
/// product of row `i` of `m` with `v`.
///
/// `m` has shape `(rows, columns)`, `v` has length `columns`; the result has
/// length `rows`.
///
/// # Panics
/// If `v`'s length is not `m`'s number of columns.
pub fn mat_vec(m: &ArrayRef2<f64>, v: &ArrayRef1<f64>) -> Array1<f64> {
    assert_fits("mat_vec", m, v.len());
    m.rows().into_iter().map(|row| dot(&row, v)).collect()
}
// ANCHOR_END: mat_vec

// ANCHOR: mat_vec_by_columns
/// The same product `M v`, read by columns: `v[0]` times column 0, plus
/// `v[1]` times column 1, and so on.
///
/// # Panics
/// If `v`'s length is not `m`'s number of columns.
pub fn mat_vec_by_columns(
    m: &ArrayRef2<f64>,
    v: &ArrayRef1<f64>,
) -> Array1<f64> {
    assert_fits("mat_vec_by_columns", m, v.len());
    let mut result = Array1::zeros(m.nrows());
    for (j, column) in m.columns().into_iter().enumerate() {
        result += &(v[j] * &column);
    }
    result
}
// ANCHOR_END: mat_vec_by_columns

// ANCHOR: basis_vector
/// The basis vector `e_j` of length `n`: all zeros except a 1 at index `j`
/// (counted from 0, so `basis_vector(0, 2)` is `e₁ = (1, 0)`). For a matrix
/// `m` with `n` columns, `m · e_j` is column `j` of `m`: the columns of a
/// matrix are where the basis vectors land.
///
/// # Panics
/// If `j` is not less than `n`; the message names both.
pub fn basis_vector(j: usize, n: usize) -> Array1<f64> {
    assert!(
        j < n,
        "basis_vector: index {j} is out of range for length {n}"
    );
    let mut e = Array1::zeros(n);
    e[j] = 1.0;
    e
}
// ANCHOR_END: basis_vector

// ANCHOR: predict
/// The linear model's predictions `ŷ = Xw + b`: one prediction per row
/// (sample) of `x`, each the weighted sum of its features plus `b`.
///
/// `x` has shape `(m, n)`: `m` samples, `n` features. `w` has length `n`.
///
/// # Panics
/// If `w`'s length is not the number of features (columns of `x`).
pub fn predict(x: &ArrayRef2<f64>, w: &ArrayRef1<f64>, b: f64) -> Array1<f64> {
    assert_fits("predict", x, w.len());
    mat_vec(x, w) + b
}
// ANCHOR_END: predict

// ANCHOR: correlation
/// The correlation `r` of two features, from −1 to 1: the cosine of the
/// angle between `a` and `b` after each is centred (its mean subtracted
/// from every entry). Near 1, the two rise together along a line; near −1,
/// one falls as the other rises. `a` and `b` hold one value per sample.
///
/// # Panics
/// If `a` and `b` have different lengths, are empty, or either is constant
/// (centred, it is all zeros and has no direction).
pub fn correlation(a: &ArrayRef1<f64>, b: &ArrayRef1<f64>) -> f64 {
    assert!(
        a.len() == b.len(),
        "correlation: vectors have different lengths ({} and {})",
        a.len(),
        b.len()
    );
    let a_centred = a - a.mean().expect("correlation: the vectors are empty");
    let b_centred = b - b.mean().expect("correlation: the vectors are empty");
    let lengths =
        (dot(&a_centred, &a_centred) * dot(&b_centred, &b_centred)).sqrt();
    assert!(
        lengths > 0.0,
        "correlation: a constant vector has no direction once centred"
    );
    dot(&a_centred, &b_centred) / lengths
}
// ANCHOR_END: correlation

// ANCHOR: with_ones_column
/// `x` with a column of ones added on the right: shape `(m, n)` becomes
/// `(m, n + 1)`. Multiplying it by the weights with the bias appended,
/// `(w_1, …, w_n, b)`, gives `Xw + b` as one matrix–vector product.
pub fn with_ones_column(x: &ArrayRef2<f64>) -> Array2<f64> {
    let (m, n) = x.dim();
    Array2::from_shape_fn(
        (m, n + 1),
        |(i, j)| if j < n { x[[i, j]] } else { 1.0 },
    )
}
// ANCHOR_END: with_ones_column

// ANCHOR: classify
/// A linear classifier's yes/no answer for each row of `x`: `true` exactly
/// when the score `w · x + b` is positive. The boundary between the answers,
/// where the score is 0, is a line (a flat plane in more dimensions).
///
/// # Panics
/// If `w`'s length is not the number of features (columns of `x`).
pub fn classify(x: &ArrayRef2<f64>, w: &ArrayRef1<f64>, b: f64) -> Vec<bool> {
    predict(x, w, b).iter().map(|&score| score > 0.0).collect()
}
// ANCHOR_END: classify

// ANCHOR: mat_mat
/// The matrix product `A B`: entry `(i, k)` is the dot product of row `i` of
/// `a` with column `k` of `b`. Shapes `(m, n)` and `(n, k)` give `(m, k)`.
///
/// # Panics
/// If `a`'s number of columns is not `b`'s number of rows.
pub fn mat_mat(a: &ArrayRef2<f64>, b: &ArrayRef2<f64>) -> Array2<f64> {
    let ((m, n), (rows, k)) = (a.dim(), b.dim());
    assert!(
        n == rows,
        "mat_mat: shapes ({m}, {n}) and ({rows}, {k}) do not fit: \
         the first needs as many columns as the second has rows"
    );
    Array2::from_shape_fn((m, k), |(i, j)| dot(&a.row(i), &b.column(j)))
}
// ANCHOR_END: mat_mat

// ANCHOR: hadamard
/// The elementwise (Hadamard) product `A ⊙ B`: entry `(i, j)` is
/// `A[i, j] · B[i, j]`. Both matrices must have the same shape, which the
/// result has too. This is what ndarray's `*` does; the matrix product is
/// [`mat_mat`] (ndarray's `.dot`).
///
/// # Panics
/// If the two shapes differ; the message names both (no broadcasting).
pub fn hadamard(left: &ArrayRef2<f64>, right: &ArrayRef2<f64>) -> Array2<f64> {
    let (a, b) = (left.dim(), right.dim());
    assert!(
        a == b,
        "hadamard: shapes ({}, {}) and ({}, {}) differ",
        a.0,
        a.1,
        b.0,
        b.1
    );
    Array2::from_shape_fn(a, |(i, j)| left[[i, j]] * right[[i, j]])
}
// ANCHOR_END: hadamard

// ANCHOR: houses
/// Five houses described by three features: floor area in square metres,
/// number of bedrooms, and age in years. Row `i` is house `i`.
pub fn houses() -> Array2<f64> {
    array![
        [120.0, 3.0, 15.0], // house 0
        [80.0, 2.0, 30.0],  // house 1
        [150.0, 4.0, 5.0],  // house 2
        [60.0, 1.0, 40.0],  // house 3
        [100.0, 3.0, 20.0], // house 4
    ]
}

// ANCHOR: house_prices
/// The price each house sold for, in thousands of dollars, in the order of
/// [`houses`].
pub fn house_prices() -> Array1<f64> {
    array![310.0, 195.0, 390.0, 150.0, 250.0]
}
// ANCHOR_END: house_prices
// ANCHOR_END: houses

// ANCHOR: people
/// Four people described by two features: yearly income in dollars and age
/// in years. Row `i` is person `i`; column 0 is income, column 1 is age.
/// (The same table as Chapter 1's.)
pub fn people() -> Array2<f64> {
    array![
        [50_000.0, 25.0], // person 0
        [51_000.0, 60.0], // person 1
        [58_000.0, 27.0], // person 2
        [40_000.0, 45.0], // person 3
    ]
}
// ANCHOR_END: people
