//! Checks `mlmath::vectors` against values worked out by hand and against the
//! properties every norm and distance must have.

use mlmath::vectors::{
    cosine_similarity, distance_spread, euclidean_distance, manhattan_distance,
    nearest_neighbour, norm_l1, norm_l2, normalize, one_hot,
    pairwise_distances, people, random_points, standardize,
};
use ndarray::{Array1, array, s};

const TOLERANCE: f64 = 1e-12;

fn assert_close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < TOLERANCE,
        "expected {expected}, got {actual}"
    );
}

#[test]
fn norms_of_a_3_4_vector() {
    let v = array![3.0, -4.0];
    assert_close(norm_l1(&v), 7.0);
    assert_close(norm_l2(&v), 5.0);
}

#[test]
fn norms_of_the_empty_and_zero_vectors_are_zero() {
    let empty = Array1::<f64>::zeros(0);
    assert_close(norm_l1(&empty), 0.0);
    assert_close(norm_l2(&Array1::zeros(4)), 0.0);
}

#[test]
fn norm_l2_in_three_dimensions() {
    // 1 + 4 + 4 = 9
    assert_close(norm_l2(&array![1.0, 2.0, -2.0]), 3.0);
}

#[test]
fn norms_accept_views_and_matrix_rows() {
    let m = array![[1.0, 1.0], [6.0, 8.0]];
    assert_close(norm_l2(&m.row(1)), 10.0);
    assert_close(norm_l1(&m.column(0)), 7.0);
}

#[test]
fn l2_never_exceeds_l1() {
    for v in [
        array![1.0, 2.0, 3.0],
        array![-5.0, 0.5],
        array![0.0, 0.0, 7.0],
    ] {
        assert!(norm_l2(&v) <= norm_l1(&v) + TOLERANCE);
    }
}

#[test]
fn normalize_gives_length_one_and_keeps_direction() {
    let unit = normalize(&array![3.0, 4.0]);
    assert_close(unit[0], 0.6);
    assert_close(unit[1], 0.8);
    assert_close(norm_l2(&unit), 1.0);
}

#[test]
#[should_panic(expected = "zero vector has no direction")]
fn normalize_rejects_the_zero_vector() {
    normalize(&array![0.0, 0.0]);
}

#[test]
fn distances_between_two_points() {
    let a = array![1.0, 2.0];
    let b = array![4.0, 6.0];
    // Steps of 3 and 4: straight line 5, along the grid 7.
    assert_close(euclidean_distance(&a, &b), 5.0);
    assert_close(manhattan_distance(&a, &b), 7.0);
}

#[test]
fn distances_are_symmetric_and_zero_to_self() {
    let a = array![0.5, -1.0, 2.0];
    let b = array![-3.0, 4.0, 1.0];
    assert_close(euclidean_distance(&a, &b), euclidean_distance(&b, &a));
    assert_close(manhattan_distance(&a, &b), manhattan_distance(&b, &a));
    assert_close(euclidean_distance(&a, &a), 0.0);
    assert_close(manhattan_distance(&a, &a), 0.0);
}

#[test]
fn triangle_inequality_holds() {
    let a = array![0.0, 0.0];
    let b = array![1.0, 3.0];
    let c = array![4.0, -2.0];
    assert!(
        euclidean_distance(&a, &c)
            <= euclidean_distance(&a, &b) + euclidean_distance(&b, &c)
    );
    assert!(
        manhattan_distance(&a, &c)
            <= manhattan_distance(&a, &b) + manhattan_distance(&b, &c)
    );
}

#[test]
#[should_panic(
    expected = "euclidean_distance: vectors have different lengths (2 and 3)"
)]
fn euclidean_distance_names_both_lengths() {
    euclidean_distance(&array![1.0, 2.0], &array![1.0, 2.0, 3.0]);
}

#[test]
#[should_panic(
    expected = "manhattan_distance: vectors have different lengths (3 and 1)"
)]
fn manhattan_distance_names_both_lengths() {
    manhattan_distance(&array![1.0, 2.0, 3.0], &array![1.0]);
}

#[test]
#[should_panic(
    expected = "cosine_similarity: vectors have different lengths (1 and 2)"
)]
fn cosine_similarity_names_both_lengths() {
    cosine_similarity(&array![1.0], &array![1.0, 2.0]);
}

#[test]
fn cosine_similarity_of_known_angles() {
    let x = array![1.0, 0.0];
    assert_close(cosine_similarity(&x, &array![5.0, 0.0]), 1.0);
    assert_close(cosine_similarity(&x, &array![0.0, 2.0]), 0.0);
    assert_close(cosine_similarity(&x, &array![-3.0, 0.0]), -1.0);
    // 45 degrees: cos = 1/sqrt(2)
    assert_close(cosine_similarity(&x, &array![1.0, 1.0]), 0.5_f64.sqrt());
    // (1,2,3).(4,5,6) = 32, |a| = sqrt(14), |b| = sqrt(77)
    assert_close(
        cosine_similarity(&array![1.0, 2.0, 3.0], &array![4.0, 5.0, 6.0]),
        32.0 / (14.0_f64 * 77.0).sqrt(),
    );
}

#[test]
fn cosine_similarity_ignores_length() {
    let a = array![2.0, 1.0];
    let b = array![-1.0, 3.0];
    assert_close(
        cosine_similarity(&a, &b),
        cosine_similarity(&(&a * 10.0), &(&b * 0.1)),
    );
}

#[test]
#[should_panic(expected = "zero vector has no direction")]
fn cosine_similarity_rejects_a_zero_vector() {
    cosine_similarity(&array![0.0, 0.0], &array![1.0, 2.0]);
}

#[test]
fn nearest_neighbour_picks_the_closest_row() {
    let data = array![[0.0, 0.0], [10.0, 10.0], [2.0, 1.0]];
    assert_eq!(nearest_neighbour(&data, &array![1.5, 1.5]), 2);
    assert_eq!(nearest_neighbour(&data, &array![9.0, 8.0]), 1);
    // A tie between rows 0 and 2 goes to the first.
    let tie = array![[1.0, 0.0], [5.0, 5.0], [-1.0, 0.0]];
    assert_eq!(nearest_neighbour(&tie, &array![0.0, 0.0]), 0);
}

#[test]
#[should_panic(expected = "data has no rows")]
fn nearest_neighbour_needs_data() {
    nearest_neighbour(
        &ndarray::Array2::<f64>::zeros((0, 2)),
        &array![0.0, 0.0],
    );
}

#[test]
fn standardize_gives_mean_zero_and_unit_spread() {
    // Column 0: mean 2, population std sqrt(2/3). Column 1 is constant.
    let data = array![[1.0, 7.0], [2.0, 7.0], [3.0, 7.0]];
    let scaled = standardize(&data);
    let s = (2.0_f64 / 3.0).sqrt();
    assert_close(scaled[[0, 0]], -1.0 / s);
    assert_close(scaled[[1, 0]], 0.0);
    assert_close(scaled[[2, 0]], 1.0 / s);
    for row in 0..3 {
        assert_close(scaled[[row, 1]], 0.0);
    }
}

#[test]
fn standardize_changes_which_neighbour_is_nearest() {
    // In dollars and years, income differences swamp age: person 1 (same
    // income, 35 years older) looks nearest to person 0. Scaled, person 2
    // (similar age, $8,000 more) is nearest. Worked out by hand in ch01.
    let people = people();
    let others = people.slice(s![1.., ..]);
    assert_eq!(nearest_neighbour(&others, &people.row(0)) + 1, 1);
    let scaled = standardize(&people);
    let scaled_others = scaled.slice(s![1.., ..]);
    assert_eq!(nearest_neighbour(&scaled_others, &scaled.row(0)) + 1, 2);
}

#[test]
fn manhattan_lets_one_large_difference_dominate_less() {
    // Worked out by hand in ch01: differences (10, 1, 1, 1).
    let difference = array![10.0, 1.0, 1.0, 1.0];
    assert_close(norm_l2(&difference), 103.0_f64.sqrt());
    assert_close(norm_l1(&difference), 13.0);
}

#[test]
fn one_hot_has_a_single_one_at_the_index() {
    assert_eq!(one_hot(0, 3), array![1.0, 0.0, 0.0]);
    assert_eq!(one_hot(1, 3), array![0.0, 1.0, 0.0]);
    assert_eq!(one_hot(2, 3), array![0.0, 0.0, 1.0]);
    assert_eq!(one_hot(0, 1), array![1.0]);
}

#[test]
fn different_categories_are_all_sqrt_2_apart() {
    for categories in [2, 3, 7] {
        for first in 0..categories {
            for second in 0..categories {
                let a = one_hot(first, categories);
                let b = one_hot(second, categories);
                let (euclidean, manhattan) = if first == second {
                    (0.0, 0.0)
                } else {
                    (2.0_f64.sqrt(), 2.0)
                };
                assert_close(euclidean_distance(&a, &b), euclidean);
                assert_close(manhattan_distance(&a, &b), manhattan);
            }
        }
    }
}

#[test]
#[should_panic(expected = "one_hot: index 3 is out of range for 3 categories")]
fn one_hot_names_the_index_and_the_number_of_categories() {
    one_hot(3, 3);
}

#[test]
fn random_points_have_the_shape_asked_for_and_lie_in_the_unit_cube() {
    let points = random_points(20, 5, 3);
    assert_eq!(points.dim(), (20, 5));
    assert!(points.iter().all(|&x| (0.0..1.0).contains(&x)));
}

#[test]
fn the_same_seed_gives_the_same_points_and_spread() {
    assert_eq!(random_points(10, 4, 9), random_points(10, 4, 9));
    assert_ne!(random_points(10, 4, 9), random_points(10, 4, 10));
    assert_eq!(distance_spread(30, 50, 5), distance_spread(30, 50, 5));
}

#[test]
fn distance_spread_is_the_closest_and_farthest_pair() {
    // Checked against every pair, found independently.
    let data = random_points(12, 3, 4);
    let mut distances = Vec::new();
    for a in 0..12 {
        for b in 0..12 {
            if a != b {
                distances.push(euclidean_distance(&data.row(a), &data.row(b)));
            }
        }
    }
    let smallest = distances.iter().copied().fold(f64::INFINITY, f64::min);
    let largest = distances.iter().copied().fold(0.0, f64::max);
    assert_eq!(distance_spread(12, 3, 4), (smallest, largest));
}

#[test]
fn distances_bunch_together_as_the_dimension_grows() {
    // The chapter's table: 50 points, seed 1, n = 2, 10, 100, 1000.
    let ratios: Vec<f64> = [2, 10, 100, 1000]
        .iter()
        .map(|&n| {
            let (closest, farthest) = distance_spread(50, n, 1);
            farthest / closest
        })
        .collect();
    assert!(
        ratios.windows(2).all(|pair| pair[1] < pair[0]),
        "{ratios:?}"
    );
    assert!(ratios[0] > 10.0 && ratios[3] < 1.2, "{ratios:?}");
    // Every distance in 1000 dimensions is within 7% of sqrt(1000 / 6).
    let typical = (1000.0_f64 / 6.0).sqrt();
    let (closest, farthest) = distance_spread(50, 1000, 1);
    assert!(closest > 0.93 * typical && farthest < 1.07 * typical);
}

#[test]
fn distances_bunch_together_for_other_seeds_too() {
    for seed in [2, 7, 42] {
        let (closest, farthest) = distance_spread(50, 1000, seed);
        assert!(farthest / closest < 1.25, "seed {seed}");
        let (closest, farthest) = distance_spread(50, 2, seed);
        assert!(farthest / closest > 10.0, "seed {seed}");
    }
}

#[test]
#[should_panic(expected = "distance_spread: need at least 2 points, got 1")]
fn distance_spread_needs_two_points() {
    distance_spread(1, 3, 0);
}

#[test]
fn pairwise_distances_counts_each_pair_once() {
    // Corners of a 3-4-5 triangle: pairs (0,1), (0,2), (1,2).
    let corners = array![[0.0, 0.0], [3.0, 0.0], [3.0, 4.0]];
    assert_eq!(pairwise_distances(&corners), vec![3.0, 5.0, 4.0]);
    assert!(pairwise_distances(&array![[1.0, 2.0]]).is_empty());
}
