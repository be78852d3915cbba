//! Checks `mlmath::matrices` against values worked out by hand in Chapter 2,
//! against ndarray's own products, and against the properties the chapter
//! states (two readings of `M v` agree, the projection leaves a
//! perpendicular remainder, shapes are checked).

use mlmath::matrices::{
    angle_degrees, basis_vector, classify, correlation, dot, hadamard,
    house_prices, houses, mat_mat, mat_vec, mat_vec_by_columns, people,
    predict, projection, with_ones_column,
};
use ndarray::{Array1, Array2, array, s};

const TOLERANCE: f64 = 1e-9;

fn assert_close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < TOLERANCE,
        "expected {expected}, got {actual}"
    );
}

fn assert_all_close(actual: &Array1<f64>, expected: &Array1<f64>) {
    assert_eq!(actual.len(), expected.len(), "{actual} vs {expected}");
    for (a, e) in actual.iter().zip(expected) {
        assert_close(*a, *e);
    }
}

/// A small matrix with no special structure, for comparing against ndarray.
fn irregular(rows: usize, columns: usize) -> Array2<f64> {
    Array2::from_shape_fn((rows, columns), |(i, j)| {
        (i as f64 * 1.7 - j as f64 * 0.9 + 0.3).sin() * 10.0
    })
}

#[test]
fn dot_product_by_hand() {
    // 1*2 + 3*1 = 5, the chapter's running example.
    assert_close(dot(&array![1.0, 3.0], &array![2.0, 1.0]), 5.0);
    // 1*4 + 2*5 + 3*6 = 32
    assert_close(dot(&array![1.0, 2.0, 3.0], &array![4.0, 5.0, 6.0]), 32.0);
    assert_close(dot(&Array1::zeros(0), &Array1::zeros(0)), 0.0);
}

#[test]
fn dot_matches_ndarray_and_is_symmetric() {
    let a = irregular(1, 7).row(0).to_owned();
    let b = irregular(7, 1).column(0).to_owned();
    assert_close(dot(&a, &b), a.dot(&b));
    assert_close(dot(&a, &b), dot(&b, &a));
}

#[test]
#[should_panic(expected = "dot: vectors have different lengths (2 and 3)")]
fn dot_names_both_lengths() {
    dot(&array![1.0, 2.0], &array![1.0, 2.0, 3.0]);
}

#[test]
fn the_sign_of_the_dot_product_follows_the_angle() {
    let b = array![2.0, 1.0];
    assert_close(angle_degrees(&array![1.0, 3.0], &b), 45.0);
    assert_close(angle_degrees(&array![-1.0, 2.0], &b), 90.0);
    assert_close(dot(&array![-1.0, 2.0], &b), 0.0);
    assert!(dot(&array![-2.0, 1.0], &b) < 0.0);
    assert!(angle_degrees(&array![-2.0, 1.0], &b) > 90.0);
    assert_close(angle_degrees(&b, &(-&b)), 180.0);
    assert_close(angle_degrees(&b, &(3.0 * &b)), 0.0);
}

#[test]
fn geometric_and_algebraic_dot_products_agree() {
    // a · b = |a| |b| cos θ, with θ measured independently from atan2.
    let a: Array1<f64> = array![3.0, 1.0];
    let b: Array1<f64> = array![-1.0, 2.5];
    let theta = (b[1].atan2(b[0]) - a[1].atan2(a[0])).abs();
    let lengths = (a.dot(&a) * b.dot(&b)).sqrt();
    assert_close(dot(&a, &b), lengths * theta.cos());
    assert_close(angle_degrees(&a, &b), theta.to_degrees());
}

#[test]
#[should_panic(expected = "zero vector has no direction")]
fn angle_needs_non_zero_vectors() {
    angle_degrees(&array![0.0, 0.0], &array![1.0, 0.0]);
}

#[test]
fn projection_by_hand_leaves_a_perpendicular_remainder() {
    let a = array![1.0, 3.0];
    let b = array![2.0, 1.0];
    let p = projection(&a, &b);
    // (a · b / b · b) b = (5 / 5) b
    assert_all_close(&p, &array![2.0, 1.0]);
    let remainder = &a - &p;
    assert_all_close(&remainder, &array![-1.0, 2.0]);
    assert_close(dot(&remainder, &b), 0.0);
}

#[test]
fn the_chapters_projection_is_half_of_b() {
    // a · b = 10 and b · b = 20, so the shadow is b / 2.
    let a = array![1.0, 3.0];
    let b = array![4.0, 2.0];
    assert_all_close(&projection(&a, &b), &array![2.0, 1.0]);
    assert_close(angle_degrees(&a, &b), 45.0);
}

#[test]
fn projection_onto_a_longer_vector_is_the_same() {
    let a = array![4.0, -1.0, 2.0];
    let b = array![1.0, 2.0, 2.0];
    assert_all_close(&projection(&a, &b), &projection(&a, &(7.5 * &b)));
}

#[test]
#[should_panic(expected = "cannot project onto the zero vector")]
fn projection_onto_zero_panics() {
    projection(&array![1.0, 1.0], &array![0.0, 0.0]);
}

#[test]
fn mat_vec_by_hand_both_ways() {
    // Area and bedrooms of houses 0-2, weights 2 and 10 (Chapter 2).
    let x = array![[120.0, 3.0], [80.0, 2.0], [150.0, 4.0]];
    let w = array![2.0, 10.0];
    let expected = array![270.0, 180.0, 340.0];
    assert_all_close(&mat_vec(&x, &w), &expected);
    assert_all_close(&mat_vec_by_columns(&x, &w), &expected);
}

#[test]
fn mat_vec_matches_ndarray_for_many_shapes() {
    for (rows, columns) in [(1, 1), (3, 2), (2, 5), (6, 4), (4, 0)] {
        let m = irregular(rows, columns);
        let v = irregular(columns, 1).column(0).to_owned();
        let expected = m.dot(&v);
        assert_all_close(&mat_vec(&m, &v), &expected);
        assert_all_close(&mat_vec_by_columns(&m, &v), &expected);
    }
}

#[test]
fn mat_vec_accepts_views() {
    let data = houses();
    let area_and_age = data.slice(s![.., 0..3;2]);
    let w = array![1.0, -2.0];
    assert_all_close(
        &mat_vec(&area_and_age, &w.view()),
        &array![90.0, 20.0, 140.0, -20.0, 60.0],
    );
}

#[test]
#[should_panic(
    expected = "mat_vec: a matrix of shape (5, 3) needs a vector of length 3, got shape (2,)"
)]
fn mat_vec_names_both_shapes() {
    mat_vec(&houses(), &array![1.0, 2.0]);
}

#[test]
#[should_panic(
    expected = "mat_vec_by_columns: a matrix of shape (2, 2) needs a vector"
)]
fn mat_vec_by_columns_checks_shapes() {
    mat_vec_by_columns(&array![[1.0, 2.0], [3.0, 4.0]], &array![1.0, 2.0, 3.0]);
}

#[test]
fn house_predictions_by_hand() {
    // w = ($2,000 per m², $10,000 per bedroom, -$1,000 per year), b = $50,000
    let predictions = predict(&houses(), &array![2.0, 10.0, -1.0], 50.0);
    assert_all_close(&predictions, &array![305.0, 200.0, 385.0, 140.0, 260.0]);
    let errors = &predictions - &house_prices();
    assert_all_close(&errors, &array![-5.0, 5.0, -5.0, -10.0, 10.0]);
}

#[test]
fn predict_equals_a_loop_over_samples() {
    let x = houses();
    let w = array![1.5, 20.0, -0.5];
    let by_loop: Array1<f64> =
        x.rows().into_iter().map(|row| row.dot(&w) + 7.0).collect();
    assert_all_close(&predict(&x, &w, 7.0), &by_loop);
}

#[test]
#[should_panic(
    expected = "predict: a matrix of shape (5, 3) needs a vector of length 3"
)]
fn predict_rejects_weights_for_other_features() {
    predict(&houses(), &array![2.0, 10.0], 50.0);
}

#[test]
fn classify_by_the_sign_of_the_score() {
    // area - 2 age - 50 > 0, Chapter 2's rule of thumb.
    let area_and_age = houses().slice(s![.., 0..3;2]).to_owned();
    let answers = classify(&area_and_age, &array![1.0, -2.0], -50.0);
    assert_eq!(answers, vec![true, false, true, false, true]);
    // A point exactly on the boundary has score 0: not positive, so "no".
    assert_eq!(
        classify(&array![[50.0, 0.0]], &array![1.0, -2.0], -50.0),
        vec![false]
    );
}

#[test]
fn mat_mat_by_hand() {
    let a = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
    let b = array![[1.0, 0.0, 2.0], [0.0, 1.0, -1.0]];
    let expected = array![[1.0, 2.0, 0.0], [3.0, 4.0, 2.0], [5.0, 6.0, 4.0]];
    assert_eq!(mat_mat(&a, &b), expected);
}

#[test]
fn mat_mat_matches_ndarray_and_stacks_mat_vec() {
    for (m, n, k) in [(1, 1, 1), (3, 2, 4), (5, 3, 2), (2, 6, 1)] {
        let a = irregular(m, n);
        let b = irregular(n, k) * 0.5;
        let product = mat_mat(&a, &b);
        assert_eq!(product.dim(), (m, k));
        for ((i, j), value) in product.indexed_iter() {
            assert_close(*value, a.dot(&b)[[i, j]]);
        }
        // Column k of A B is A times column k of B.
        for (j, column) in b.columns().into_iter().enumerate() {
            assert_all_close(
                &product.column(j).to_owned(),
                &mat_vec(&a, &column),
            );
        }
    }
}

#[test]
#[should_panic(expected = "mat_mat: shapes (3, 2) and (3, 2) do not fit")]
fn mat_mat_names_both_shapes() {
    let a = Array2::<f64>::zeros((3, 2));
    mat_mat(&a, &a);
}

#[test]
fn transposing_twice_and_the_product_rule() {
    let a = irregular(3, 2);
    let b = irregular(2, 4);
    // (A B)^T = B^T A^T
    let left = mat_mat(&a, &b).t().to_owned();
    let right = mat_mat(&b.t(), &a.t());
    for (l, r) in left.iter().zip(right.iter()) {
        assert_close(*l, *r);
    }
    assert_eq!(a.t().t(), a);
}

#[test]
fn the_people_are_chapter_ones_people() {
    assert_eq!(people(), mlmath::vectors::people());
}

#[test]
fn correlation_by_hand_and_of_the_houses() {
    // Centred, (1, 2, 3) and (2, 4, 6) are (-1, 0, 1) and (-2, 0, 2): r = 1.
    assert_close(
        correlation(&array![1.0, 2.0, 3.0], &array![2.0, 4.0, 6.0]),
        1.0,
    );
    assert_close(
        correlation(&array![1.0, 2.0, 3.0], &array![5.0, 3.0, 1.0]),
        -1.0,
    );
    // Centred (-1, 0, 1) and (1, -2, 1): dot product 0.
    assert_close(
        correlation(&array![1.0, 2.0, 3.0], &array![2.0, 0.0, 2.0]),
        0.0,
    );
    // Shifting and positively scaling a feature does not change r.
    let x = houses();
    let (area, bedrooms, age) = (x.column(0), x.column(1), x.column(2));
    let r = correlation(&area, &bedrooms);
    assert_close(correlation(&(3.0 * &area + 7.0), &bedrooms), r);
    // The values Chapter 2 prints, to two decimals.
    assert!((r - 0.97).abs() < 0.005, "{r}");
    let r = correlation(&area, &age);
    assert!((r + 0.99).abs() < 0.005, "{r}");
    let r = correlation(&bedrooms, &age);
    assert!((r + 0.99).abs() < 0.005, "{r}");
}

#[test]
#[should_panic(
    expected = "correlation: vectors have different lengths (2 and 3)"
)]
fn correlation_names_both_lengths() {
    correlation(&array![1.0, 2.0], &array![1.0, 2.0, 3.0]);
}

#[test]
#[should_panic(expected = "correlation: a constant vector has no direction")]
fn correlation_of_a_constant_panics() {
    correlation(&array![1.0, 2.0, 3.0], &array![4.0, 4.0, 4.0]);
}

#[test]
fn the_columns_are_where_the_basis_vectors_land() {
    let m = array![[2.0, -1.0], [1.0, 1.0]];
    assert_eq!(basis_vector(0, 2), array![1.0, 0.0]);
    assert_eq!(mat_vec(&m, &basis_vector(0, 2)), array![2.0, 1.0]);
    assert_eq!(mat_vec(&m, &basis_vector(1, 2)), array![-1.0, 1.0]);
    // x = 1 e1 + 2 e2 lands on 1 (M e1) + 2 (M e2) = (0, 3).
    assert_eq!(mat_vec(&m, &array![1.0, 2.0]), array![0.0, 3.0]);
    // For any shape, M e_j is column j; the houses' e_2 gives the bedrooms.
    let x = houses();
    for j in 0..x.ncols() {
        assert_eq!(mat_vec(&x, &basis_vector(j, x.ncols())), x.column(j));
    }
    assert_eq!(
        mat_vec(&x, &basis_vector(1, 3)),
        array![3.0, 2.0, 4.0, 1.0, 3.0]
    );
}

#[test]
#[should_panic(expected = "basis_vector: index 2 is out of range for length 2")]
fn basis_vector_names_both_numbers() {
    basis_vector(2, 2);
}

#[test]
fn the_bias_trick_gives_xw_plus_b() {
    let x = houses();
    let with_ones = with_ones_column(&x);
    assert_eq!(with_ones.dim(), (5, 4));
    assert_eq!(with_ones.row(0), array![120.0, 3.0, 15.0, 1.0]);
    assert_eq!(with_ones.column(3), Array1::<f64>::ones(5));
    let product = mat_vec(&with_ones, &array![2.0, 10.0, -1.0, 50.0]);
    assert_all_close(&product, &predict(&x, &array![2.0, 10.0, -1.0], 50.0));
    // Any weights: the last weight acts as the bias.
    let m = irregular(4, 3);
    let w = array![0.5, -1.5, 2.0];
    let product = mat_vec(&with_ones_column(&m), &array![0.5, -1.5, 2.0, 7.0]);
    assert_all_close(&product, &predict(&m, &w, 7.0));
    assert_eq!(
        with_ones_column(&Array2::<f64>::zeros((2, 0))),
        Array2::<f64>::ones((2, 1))
    );
}

#[test]
fn hadamard_is_ndarrays_star_not_the_matrix_product() {
    let a = array![[1.0, 2.0], [3.0, 4.0]];
    let swap = array![[0.0, 1.0], [1.0, 0.0]];
    assert_eq!(hadamard(&a, &swap), array![[0.0, 2.0], [3.0, 0.0]]);
    assert_eq!(hadamard(&a, &swap), &a * &swap);
    assert_eq!(mat_mat(&a, &swap), array![[2.0, 1.0], [4.0, 3.0]]);
    assert_ne!(hadamard(&a, &swap), mat_mat(&a, &swap));
    let m = irregular(3, 4);
    assert_eq!(hadamard(&m, &m), m.mapv(|v| v * v));
}

#[test]
#[should_panic(expected = "hadamard: shapes (2, 2) and (2, 3) differ")]
fn hadamard_names_both_shapes() {
    hadamard(&Array2::zeros((2, 2)), &Array2::zeros((2, 3)));
}
