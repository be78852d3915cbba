//! Checks `mlmath::stats` against values worked out by hand in Chapter 5,
//! against the catastrophic-cancellation example the chapter shows, and
//! against the properties the chapter states (standard scores have mean 0
//! and standard deviation 1, a large sample keeps 68–95–99.7 of its values
//! within 1, 2 and 3 standard deviations, running means settle, the true
//! line's residuals are the noise, a memorising model is never wrong on its
//! training data).

use mlmath::stats::{
    die_rolls, fraction_within, gaussian_pdf, histogram, mean,
    memorise_predict, noisy_line, normal_sample, residuals, running_mean,
    sample_variance, standardize, std_dev, street_prices, variance,
    variance_shortcut,
};
use ndarray::{Array1, array};

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

/// The four large, close values of the chapter's cancellation example.
fn large_and_close() -> Array1<f64> {
    array![
        1_000_000_004.0,
        1_000_000_007.0,
        1_000_000_013.0,
        1_000_000_016.0
    ]
}

#[test]
fn the_street_by_hand() {
    // 220, 240, 240, 240, 250, 250, 270, 290: sum 2000, mean 250; the
    // deviations -30, -10, -10, -10, 0, 0, 20, 40 square to 3200 in all.
    let prices = street_prices();
    assert_close(mean(&prices), 250.0);
    assert_close(variance(&prices), 400.0);
    assert_close(std_dev(&prices), 20.0);
    assert_close(sample_variance(&prices), 3200.0 / 7.0);
    assert_all_close(
        &standardize(&prices),
        &array![-1.5, -0.5, -0.5, -0.5, 0.0, 0.0, 1.0, 2.0],
    );
}

#[test]
fn small_cases_by_hand() {
    assert_close(mean(&array![7.0]), 7.0);
    assert_close(variance(&array![7.0]), 0.0);
    // 3, 5, 7, 9: mean 6, squared deviations 9 + 1 + 1 + 9 = 20.
    let x = array![3.0, 5.0, 7.0, 9.0];
    assert_close(variance(&x), 5.0);
    assert_close(sample_variance(&x), 20.0 / 3.0);
    assert_close(std_dev(&x), 5.0_f64.sqrt());
    // Two values: the sample variance is the squared gap over 2.
    assert_close(sample_variance(&array![1.0, 3.0]), 2.0);
}

#[test]
#[should_panic(expected = "mean: there are no values")]
fn the_mean_of_nothing_panics() {
    mean(&Array1::<f64>::zeros(0));
}

#[test]
#[should_panic(expected = "mean: there are no values")]
fn the_variance_of_nothing_panics() {
    variance(&Array1::<f64>::zeros(0));
}

#[test]
#[should_panic(
    expected = "sample_variance: needs at least 2 values to measure spread, got 1"
)]
fn the_sample_variance_of_one_value_panics() {
    sample_variance(&array![42.0]);
}

#[test]
#[should_panic(
    expected = "sample_variance: needs at least 2 values to measure spread, got 0"
)]
fn the_sample_variance_of_nothing_panics() {
    sample_variance(&Array1::<f64>::zeros(0));
}

#[test]
fn the_shortcut_loses_every_digit_where_two_passes_do_not() {
    let x = large_and_close();
    // Mean 1000000010; deviations -6, -3, 3, 6; squares sum to 90.
    assert_eq!(variance(&x), 22.5);
    assert_eq!(sample_variance(&x), 30.0);
    // The shortcut subtracts two numbers near 1e18, where f64 values are 128
    // apart: the true 22.5 is lost, and the answer is even negative.
    let shortcut = variance_shortcut(&x);
    assert_eq!(shortcut, -128.0);
    // On small values the shortcut and the two passes agree.
    let small = array![4.0, 7.0, 13.0, 16.0];
    assert_close(variance_shortcut(&small), variance(&small));
    assert_close(variance(&small), 22.5);
}

#[test]
fn variance_ignores_a_shift_and_scales_with_the_square() {
    let x = array![2.0, -1.0, 0.5, 8.0, 3.0];
    let shifted = x.mapv(|v| v + 1e6);
    assert!((variance(&shifted) - variance(&x)).abs() < 1e-6);
    assert_close(variance(&(3.0 * &x)), 9.0 * variance(&x));
    assert_close(std_dev(&(-3.0 * &x)), 3.0 * std_dev(&x));
}

#[test]
fn standard_scores_have_mean_zero_and_standard_deviation_one() {
    let x = normal_sample(500, 250.0, 20.0, 9);
    let z = standardize(&x);
    assert!(mean(&z).abs() < 1e-12, "mean {}", mean(&z));
    assert_close(std_dev(&z), 1.0);
}

#[test]
fn a_constant_array_standardizes_to_zeros() {
    assert_eq!(standardize(&array![5.0, 5.0, 5.0]), array![0.0, 0.0, 0.0]);
    // 0.1 is not exact in binary, and three of them do not average to
    // exactly 0.1; the scores must still be 0, not rounding noise blown up.
    assert_eq!(standardize(&array![0.1, 0.1, 0.1]), array![0.0, 0.0, 0.0]);
    assert_eq!(standardize(&array![3.0]), array![0.0]);
}

#[test]
#[should_panic(expected = "mean: there are no values")]
fn standardizing_nothing_panics() {
    standardize(&Array1::<f64>::zeros(0));
}

#[test]
fn standardize_matches_chapter_ones_for_every_column() {
    let people = mlmath::vectors::people();
    let by_columns = mlmath::vectors::standardize(&people);
    for (column, expected) in
        people.columns().into_iter().zip(by_columns.columns())
    {
        assert_all_close(&standardize(&column), &expected.to_owned());
    }
}

#[test]
fn samples_are_seeded_and_have_the_asked_for_mean_and_spread() {
    let a = normal_sample(1000, 250.0, 20.0, 4);
    assert_eq!(a, normal_sample(1000, 250.0, 20.0, 4));
    assert_ne!(a, normal_sample(1000, 250.0, 20.0, 5));
    assert!((mean(&a) - 250.0).abs() < 2.0, "mean {}", mean(&a));
    assert!((std_dev(&a) - 20.0).abs() < 1.5, "sd {}", std_dev(&a));
    let big = normal_sample(200_000, -3.0, 0.5, 11);
    assert!((mean(&big) + 3.0).abs() < 0.01);
    assert!((std_dev(&big) - 0.5).abs() < 0.01);
}

#[test]
#[should_panic(
    expected = "normal_sample: sigma must be finite and >= 0, got -1"
)]
fn a_negative_sigma_panics() {
    normal_sample(3, 0.0, -1.0, 1);
}

#[test]
fn the_68_95_99_7_rule_holds_for_a_large_sample() {
    let x = normal_sample(100_000, 250.0, 20.0, 3);
    for (k, share) in [(1.0, 0.6827), (2.0, 0.9545), (3.0, 0.9973)] {
        let found = fraction_within(&x, k);
        assert!((found - share).abs() < 0.005, "within {k}: {found}");
    }
    // By hand: 3 of 1, 2, 3, 4, 5 (mean 3, sd √2) lie within one sd.
    assert_close(fraction_within(&array![1.0, 2.0, 3.0, 4.0, 5.0], 1.0), 0.6);
}

#[test]
fn gaussian_heights_by_hand() {
    let peak = 1.0 / (2.0 * std::f64::consts::PI).sqrt();
    assert_close(gaussian_pdf(0.0, 0.0, 1.0), peak);
    assert_close(gaussian_pdf(1.0, 0.0, 1.0), peak * (-0.5_f64).exp());
    assert_close(gaussian_pdf(-2.0, 0.0, 1.0), peak * (-2.0_f64).exp());
    // Twice as wide, half as tall; symmetric about the mean.
    assert_close(
        gaussian_pdf(250.0, 250.0, 40.0),
        gaussian_pdf(250.0, 250.0, 20.0) / 2.0,
    );
    assert_close(
        gaussian_pdf(230.0, 250.0, 20.0),
        gaussian_pdf(270.0, 250.0, 20.0),
    );
    // The area under the curve is 1 (a sum of thin strips).
    let step = 0.01;
    let area: f64 = (0..20_000)
        .map(|i| {
            gaussian_pdf(150.0 + step * (f64::from(i) + 0.5), 250.0, 20.0)
                * step
        })
        .sum();
    assert!((area - 1.0).abs() < 1e-6, "area {area}");
}

#[test]
#[should_panic(expected = "gaussian_pdf: sigma must be positive, got 0")]
fn a_gaussian_needs_a_positive_sigma() {
    gaussian_pdf(0.0, 0.0, 0.0);
}

#[test]
fn histogram_counts_by_hand() {
    let x = array![0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, -1.0, 9.0];
    // Bins [0, 1), [1, 2), [2, 3]; -1 and 9 are outside; 3 goes in the last.
    assert_eq!(histogram(&x, 0.0, 3.0, 3), vec![2, 2, 3]);
    let sample = normal_sample(1000, 250.0, 20.0, 4);
    let counts = histogram(&sample, 150.0, 350.0, 40);
    assert_eq!(counts.iter().sum::<usize>(), 1000);
}

#[test]
#[should_panic(expected = "histogram: low (2) must be below high (1)")]
fn histogram_range_must_be_increasing() {
    histogram(&array![1.0], 2.0, 1.0, 4);
}

#[test]
fn running_mean_by_hand_and_settling() {
    assert_all_close(
        &running_mean(&array![2.0, 4.0, 9.0, 1.0]),
        &array![2.0, 3.0, 5.0, 4.0],
    );
    let rolls = die_rolls(100_000, 1);
    assert!(
        rolls
            .iter()
            .all(|r| (1.0..=6.0).contains(r) && r.fract() == 0.0)
    );
    for face in 1..=6 {
        let count = rolls.iter().filter(|&&r| r == f64::from(face)).count();
        assert!((count as f64 / 100_000.0 - 1.0 / 6.0).abs() < 0.01);
    }
    let means = running_mean(&rolls);
    assert!((means[99_999] - 3.5).abs() < 0.02, "{}", means[99_999]);
    assert_close(means[99_999], mean(&rolls));
    assert_eq!(rolls, die_rolls(100_000, 1));
}

#[test]
fn the_true_lines_residuals_are_the_noise() {
    let (x, y) = noisy_line(20_000, 2.0, 50.0, 20.0, 7);
    assert!(x.iter().all(|a| (50.0..150.0).contains(a)));
    let r = residuals(&x, &y, 2.0, 50.0);
    assert!(mean(&r).abs() < 0.5, "mean {}", mean(&r));
    assert!((std_dev(&r) - 20.0).abs() < 0.5, "sd {}", std_dev(&r));
    // Their mean square settles near the noise variance, 400.
    let mean_square = mean(&r.mapv(|e| e * e));
    assert!((mean_square - 400.0).abs() < 15.0, "{mean_square}");
    // More samples extend the same data.
    let (x100, y100) = noisy_line(100, 2.0, 50.0, 20.0, 7);
    assert_eq!(x.slice(ndarray::s![..100]), x100);
    assert_eq!(y.slice(ndarray::s![..100]), y100);
    // Without noise the data sits on the line.
    let (x, y) = noisy_line(10, 2.0, 50.0, 0.0, 7);
    assert_all_close(&residuals(&x, &y, 2.0, 50.0), &Array1::zeros(10));
}

#[test]
#[should_panic(
    expected = "residuals: x and y have different lengths (2 and 3)"
)]
fn residuals_name_both_lengths() {
    residuals(&array![1.0, 2.0], &array![1.0, 2.0, 3.0], 1.0, 0.0);
}

#[test]
fn memorising_is_perfect_on_the_training_data_only() {
    let (x, y) = noisy_line(500, 2.0, 50.0, 20.0, 1);
    assert_eq!(memorise_predict(&x, &y, &x), y);
    let (new_x, new_y) = noisy_line(500, 2.0, 50.0, 20.0, 2);
    let errors = memorise_predict(&x, &y, &new_x) - &new_y;
    let mean_square = mean(&errors.mapv(|e| e * e));
    // Two independent noises: about 2 × 400 on new data.
    assert!(mean_square > 600.0, "{mean_square}");
    // By hand: 1.2 is nearest to 1, 2.6 to 3.
    let answers = memorise_predict(
        &array![1.0, 3.0],
        &array![10.0, 30.0],
        &array![1.2, 2.6],
    );
    assert_eq!(answers, array![10.0, 30.0]);
}

#[test]
#[should_panic(
    expected = "memorise_predict: train_x and train_y differ in length (2 and 1)"
)]
fn memorising_needs_matching_lengths() {
    memorise_predict(&array![1.0, 2.0], &array![1.0], &array![1.0]);
}

#[test]
fn a_die_by_hand() {
    use mlmath::stats::{expected_value, random_variance};
    let faces = array![1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
    let chances = Array1::from_elem(6, 1.0 / 6.0);
    assert_close(expected_value(&faces, &chances), 3.5);
    assert_close(random_variance(&faces, &chances), 35.0 / 12.0);
    // A coin worth 0 or 1: mean p, variance p (1 - p).
    let coin = array![0.0, 1.0];
    assert_close(random_variance(&coin, &array![0.7, 0.3]), 0.3 * 0.7);
}

#[test]
#[should_panic(expected = "expected_value: 3 values but 2 probabilities")]
fn a_distribution_of_mismatched_lengths_panics() {
    mlmath::stats::expected_value(&array![1.0, 2.0, 3.0], &array![0.5, 0.5]);
}

#[test]
#[should_panic(
    expected = "random_variance: the probabilities add up to 0.9, not 1"
)]
fn probabilities_that_do_not_add_to_one_panic() {
    mlmath::stats::random_variance(&array![1.0, 2.0], &array![0.5, 0.4]);
}

#[test]
fn covariance_and_correlation_by_hand() {
    use mlmath::stats::{correlation, covariance};
    // x = 1, 2, 3 and y = 2, 4, 6: deviations -1, 0, 1 and -2, 0, 2.
    let (x, y) = (array![1.0, 2.0, 3.0], array![2.0, 4.0, 6.0]);
    assert_close(covariance(&x, &y), 4.0 / 3.0);
    assert_close(covariance(&x, &x), variance(&x));
    assert_close(correlation(&x, &y), 1.0);
    assert_close(correlation(&x, &(-&y)), -1.0);
    // The houses: area and age, deviations from 102 and 22, give -374.
    let houses = mlmath::stats::houses();
    assert_close(covariance(&houses.column(0), &houses.column(2)), -374.0);
}

#[test]
#[should_panic(expected = "covariance: x has 3 values but y has 2")]
fn covariance_of_mismatched_lengths_panics() {
    mlmath::stats::covariance(&array![1.0, 2.0, 3.0], &array![1.0, 2.0]);
}

#[test]
#[should_panic(expected = "correlation: undefined for a constant list")]
fn correlation_with_a_constant_panics() {
    mlmath::stats::correlation(&array![1.0, 2.0, 3.0], &array![5.0, 5.0, 5.0]);
}

#[test]
fn bayes_by_counting() {
    // 10,000 listings, 2% fraudulent: 200, of which 90% (180) are flagged;
    // of the 9,800 genuine ones 5% (490) are flagged. 180 / 670.
    assert_close(
        mlmath::stats::bayes_posterior(0.02, 0.9, 0.05),
        180.0 / 670.0,
    );
    assert_close(mlmath::stats::bayes_posterior(0.5, 0.5, 0.5), 0.5);
}

#[test]
#[should_panic(
    expected = "bayes_posterior: P(B | A) must be from 0 to 1, got 1.5"
)]
fn a_probability_above_one_panics() {
    mlmath::stats::bayes_posterior(0.5, 1.5, 0.1);
}

#[test]
fn the_houses_are_chapter_twos_houses() {
    assert_eq!(mlmath::stats::houses(), mlmath::matrices::houses());
}
