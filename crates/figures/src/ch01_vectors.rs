//! Figures of Chapter 1, Vectors: a vector as a point and as an arrow,
//! addition and scaling, unit circles of the L1 and L2 norms, the two
//! distances, cosine similarity, what feature scaling does to neighbours,
//! one-hot encoding, and distances bunching together in many dimensions.

use mlmath::vectors::{
    cosine_similarity, euclidean_distance, manhattan_distance, nearest_neighbour, norm_l1, norm_l2,
    one_hot, pairwise_distances, people, random_points, standardize,
};
use ndarray::{Array1, ArrayRef1, array, s};

use plotters::prelude::{Circle, Color, PathElement};

use crate::style::{
    AxisNames, BLUE, GREEN, MUTED, ORANGE, PURPLE, Plane, VERMILLION, canvas, centred_text, title,
};
use crate::{DrawError, Figure};

pub const FIGURES: &[Figure] = &[
    Figure {
        name: "vector-point-and-arrow",
        chapter: "ch01-vectors.md",
        draw: still!(
            point_and_arrow,
            "Two panels. Left: the vector (3, 2) drawn as a single dot at x = 3, y = 2, with dashed guides down to each axis. Right: the same vector drawn as an arrow from the origin to (3, 2), and again as an identical arrow starting at (-3, 1) and ending at (0, 3).",
            "The vector (3, 2) as a point, and as an arrow that can start anywhere."
        ),
    },
    Figure {
        name: "vector-addition-and-scaling",
        chapter: "ch01-vectors.md",
        draw: still!(
            addition_and_scaling,
            "Two panels. Left: arrow a = (3, 1) from the origin, arrow b = (1, 2) starting at the tip of a, and their sum a + b = (4, 3) drawn from the origin to the tip of b. Right: arrow a = (2, 1), the longer arrow 2a = (4, 2) along the same line, and the arrow -a = (-2, -1) pointing the opposite way.",
            "Adding vectors puts arrows tip to tail; scaling stretches, shrinks or flips one."
        ),
    },
    Figure {
        name: "unit-circles",
        chapter: "ch01-vectors.md",
        draw: still!(
            unit_circles,
            "All 2-D vectors of length 1 under two norms. Under the L2 norm they form a circle of radius 1; under the L1 norm they form a diamond with corners at (1, 0), (0, 1), (-1, 0) and (0, -1), which lies inside the circle and touches it only at the corners.",
            "Every vector of length 1: a circle for the L2 norm, a diamond for the L1 norm."
        ),
    },
    Figure {
        name: "euclidean-vs-manhattan",
        chapter: "ch01-vectors.md",
        draw: still!(
            euclidean_vs_manhattan,
            "Two points, a = (1, 1) and b = (5, 4). A straight line joins them, labelled Euclidean distance 5. A staircase path along the grid goes 4 units right and 3 units up, labelled Manhattan distance 7.",
            "Euclidean distance goes straight; Manhattan distance follows the grid."
        ),
    },
    Figure {
        name: "cosine-similarity",
        chapter: "ch01-vectors.md",
        draw: still!(
            cosine_angles,
            "A reference arrow a = (4, 1) and three others from the origin: b = (2, 1.5), pointing almost the same way, labelled cos = 0.92; c = (-1, 4), at a right angle to a, labelled cos = 0; d = (-3, -2), pointing nearly opposite, labelled cos = -0.94.",
            "Cosine similarity compares directions and ignores lengths."
        ),
    },
    Figure {
        name: "feature-scaling",
        chapter: "ch01-vectors.md",
        draw: still!(
            feature_scaling,
            "Two panels of the same four people. Left, in raw units (dollars and years) drawn to the same scale: all four lie on an almost flat line, because incomes span thousands while ages span tens, and person 0's nearest neighbour is person 1, who earns about the same but is 35 years older. Right, after standardising each feature: the points spread out in both directions and person 0's nearest neighbour is person 2: not close in both features, since the 8,000 dollar income gap is about 1.25 standard deviations, but only 2 years (0.14 standard deviations) apart in age, the best compromise of the three.",
            "Unscaled features let the largest units decide who is 'near'."
        ),
    },
    Figure {
        name: "one-hot-encoding",
        chapter: "ch01-vectors.md",
        draw: still!(
            one_hot_encoding,
            "Two panels of three neighbourhoods, drawn to the same scale. Left, numbered 0, 1 and 2 on a line: centre at 0, suburb at 1, village at 2; brackets mark the centre 1 from the suburb, the suburb 1 from the village, and the centre 2 from the village. Right, one-hot encoded as centre (1, 0, 0), suburb (0, 1, 0) and village (0, 0, 1): the three points are the corners of a triangle whose three sides are each labelled 1.414, the square root of 2.",
            "Numbering categories invents an order and unequal gaps; one-hot vectors are all the same distance apart."
        ),
    },
    Figure {
        name: "distance-concentration",
        chapter: "ch01-vectors.md",
        draw: still!(
            distance_concentration,
            "Two histograms of the 1225 distances between 50 random points, each distance divided by the largest one. In 2 dimensions the distances spread over the whole range, from almost 0 up to 1. In 1000 dimensions every distance lies between 0.85 and 1, almost all of them in the last two bars, from 0.9 to 1: one narrow spike at the right.",
            "In many dimensions, the closest pair of random points is nearly as far apart as the farthest."
        ),
    },
];

fn point_and_arrow(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 720, 340)?;
    let (left, right) = root.split_horizontally(360);

    let mut plane = Plane::new(
        &left,
        "As a point",
        -1.0..4.0,
        -1.0..3.5,
        AxisNames::new("x₁", "x₂"),
    )?;
    plane.draw_origin_axes()?;
    plane.dashed((3.0, 0.0), (3.0, 2.0), MUTED)?;
    plane.dashed((0.0, 2.0), (3.0, 2.0), MUTED)?;
    plane.dot((3.0, 2.0), BLUE)?;
    plane.label("(3, 2)", (3.0, 2.0), (8, -22), BLUE)?;

    let mut plane = Plane::new(
        &right,
        "As an arrow",
        -3.5..3.5,
        -1.0..3.5,
        AxisNames::new("x₁", "x₂"),
    )?;
    plane.draw_origin_axes()?;
    plane.arrow((0.0, 0.0), (3.0, 2.0), BLUE)?;
    plane.label("v", (1.5, 1.0), (4, -22), BLUE)?;
    plane.arrow((-3.0, 1.0), (0.0, 3.0), BLUE)?;
    plane.label("v", (-1.5, 2.0), (-16, -18), BLUE)?;
    Ok(())
}

fn addition_and_scaling(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 720, 340)?;
    let (left, right) = root.split_horizontally(360);

    let a = array![3.0, 1.0];
    let b = array![1.0, 2.0];
    let sum = &a + &b;
    let mut plane = Plane::new(
        &left,
        "Addition: a + b",
        -0.5..4.5,
        -0.5..3.5,
        AxisNames::new("x₁", "x₂"),
    )?;
    plane.draw_origin_axes()?;
    plane.arrow((0.0, 0.0), point(&a), BLUE)?;
    plane.arrow(point(&a), point(&sum), ORANGE)?;
    plane.arrow((0.0, 0.0), point(&sum), GREEN)?;
    plane.label("a", (1.5, 0.5), (0, 4), BLUE)?;
    plane.label("b", point(&(&a + &b * 0.5)), (8, -8), ORANGE)?;
    plane.label("a + b", point(&(&sum * 0.5)), (-48, -20), GREEN)?;

    let a = array![2.0, 1.0];
    let mut plane = Plane::new(
        &right,
        "Scaling: 2a and -a",
        -2.5..4.5,
        -1.5..2.5,
        AxisNames::new("x₁", "x₂"),
    )?;
    plane.draw_origin_axes()?;
    plane.arrow((0.0, 0.0), point(&(&a * 2.0)), ORANGE)?;
    plane.arrow((0.0, 0.0), point(&a), BLUE)?;
    plane.arrow((0.0, 0.0), point(&(&a * -1.0)), VERMILLION)?;
    plane.label("a", point(&(&a * 0.5)), (-6, -24), BLUE)?;
    plane.label("2a", point(&(&a * 1.5)), (-6, -24), ORANGE)?;
    plane.label("-a", point(&(&a * -0.5)), (-10, 6), VERMILLION)?;
    Ok(())
}

fn unit_circles(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 420, 400)?;
    let mut plane = Plane::new(
        &root,
        "Vectors of length 1",
        -1.4..1.6,
        -1.3..1.3,
        AxisNames::new("x₁", "x₂"),
    )?;
    plane.draw_origin_axes()?;
    // Scale every direction to length 1 under each norm: what remains is
    // exactly the set of vectors with that norm equal to 1.
    let directions: Vec<Array1<f64>> = (0..=360)
        .map(|degree| f64::from(degree).to_radians())
        .map(|angle| array![angle.cos(), angle.sin()])
        .collect();
    let l2: Vec<_> = directions
        .iter()
        .map(|d| point(&(d / norm_l2(d))))
        .collect();
    let l1: Vec<_> = directions
        .iter()
        .map(|d| point(&(d / norm_l1(d))))
        .collect();
    plane.line(l2, BLUE, 3)?;
    plane.line(l1, ORANGE, 3)?;
    plane.label("L2: circle", (0.71, 0.71), (10, -22), BLUE)?;
    plane.label("L1: diamond", (-0.45, 0.12), (0, 0), ORANGE)?;
    Ok(())
}

fn euclidean_vs_manhattan(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 520, 380)?;
    let a = array![1.0, 1.0];
    let b = array![5.0, 4.0];
    let mut plane = Plane::new(
        &root,
        "Two ways to measure distance",
        0.0..6.0,
        0.0..5.0,
        AxisNames::new("x₁", "x₂"),
    )?;
    plane.line(vec![point(&a), (b[0], a[1]), point(&b)], ORANGE, 3)?;
    plane.line(vec![point(&a), point(&b)], BLUE, 3)?;
    plane.dot(point(&a), MUTED)?;
    plane.dot(point(&b), MUTED)?;
    plane.label("a", point(&a), (-18, -22), MUTED)?;
    plane.label("b", point(&b), (8, -22), MUTED)?;
    let euclidean = format!("Euclidean: {}", euclidean_distance(&a, &b));
    let manhattan = format!("Manhattan: {}", manhattan_distance(&a, &b));
    plane.label(&euclidean, (2.6, 2.6), (-130, -10), BLUE)?;
    plane.label(&manhattan, (b[0], a[1]), (-150, 8), ORANGE)?;
    Ok(())
}

fn cosine_angles(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 520, 420)?;
    let mut plane = Plane::new(
        &root,
        "Cosine similarity with a",
        -3.6..5.0,
        -2.6..4.5,
        AxisNames::new("x₁", "x₂"),
    )?;
    plane.draw_origin_axes()?;
    let a = array![4.0, 1.0];
    plane.arrow((0.0, 0.0), point(&a), BLUE)?;
    plane.label("a", point(&a), (6, -10), BLUE)?;
    let others = [
        ("b", array![2.0, 1.5], GREEN, (6, -20)),
        ("c", array![-1.0, 4.0], PURPLE, (10, -8)),
        ("d", array![-3.0, -2.0], VERMILLION, (-20, 8)),
    ];
    for (name, v, color, offset) in others {
        plane.arrow((0.0, 0.0), point(&v), color)?;
        let text = format!("{name}: cos = {:.2}", cosine_similarity(&a, &v));
        plane.label(&text, point(&v), offset, color)?;
    }
    Ok(())
}

fn feature_scaling(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 760, 380)?;
    let (left, right) = root.split_horizontally(380);
    let raw = people();
    let scaled = standardize(&raw);
    // Income is column 0 and age column 1: draw income across, age up.
    let panels = [
        (
            &left,
            "Raw units: dollars and years",
            &raw,
            38_000.0..60_000.0,
            0.0..70.0,
        ),
        (
            &right,
            "Each feature standardised",
            &scaled,
            -2.0..2.0,
            -1.8..2.0,
        ),
    ];
    for (area, title, data, x, y) in panels {
        let mut plane = Plane::new(area, title, x, y, AxisNames::new("x₁", "x₂"))?;
        let nearest = 1 + nearest_neighbour(&data.slice(s![1.., ..]), &data.row(0));
        plane.line(
            vec![point(&data.row(0)), point(&data.row(nearest))],
            GREEN,
            3,
        )?;
        for (index, row) in data.rows().into_iter().enumerate() {
            let (color, offset) = if index == 0 {
                (VERMILLION, (-14, 6))
            } else {
                (BLUE, (6, -22))
            };
            plane.dot(point(&row), color)?;
            plane.label(&index.to_string(), point(&row), offset, color)?;
        }
    }
    Ok(())
}

fn one_hot_encoding(svg: &mut String) -> Result<(), DrawError> {
    // Drawn in pixels, both panels at the same scale, with no axes: the
    // positions are what the encodings say, and the axes would say nothing.
    const UNIT: f64 = 120.0;
    let root = canvas(svg, 760, 300)?;
    let (left, right) = root.split_horizontally(380);
    let names = ["centre", "suburb", "village"];
    let px = |x: f64, y: f64| (x.round() as i32, y.round() as i32);

    // Numbered: the categories on a line at 0, 1 and 2.
    title(&left, "Numbered 0, 1, 2")?;
    let (line_x, line_y) = (70.0, 200.0);
    let numbered: Vec<Array1<f64>> = (0..3).map(|c| array![c as f64]).collect();
    let x_of = |v: &Array1<f64>| line_x + UNIT * v[0];
    left.draw(&PathElement::new(
        vec![
            px(line_x - 30.0, line_y),
            px(line_x + 2.0 * UNIT + 30.0, line_y),
        ],
        MUTED.stroke_width(1),
    ))?;
    for (v, name) in numbered.iter().zip(names) {
        left.draw(&Circle::new(px(x_of(v), line_y), 6, BLUE.filled()))?;
        centred_text(
            &left,
            &v[0].to_string(),
            px(x_of(v), line_y + 24.0),
            MUTED,
            false,
        )?;
        centred_text(&left, name, px(x_of(v), line_y + 50.0), BLUE, true)?;
    }
    for (from, to, height, color) in [
        (0, 1, 160.0, ORANGE),
        (1, 2, 160.0, ORANGE),
        (0, 2, 105.0, VERMILLION),
    ] {
        let (a, b) = (x_of(&numbered[from]), x_of(&numbered[to]));
        left.draw(&PathElement::new(
            vec![
                px(a, height + 12.0),
                px(a, height),
                px(b, height),
                px(b, height + 12.0),
            ],
            color.stroke_width(2),
        ))?;
        let gap = euclidean_distance(&numbered[from], &numbered[to]);
        centred_text(
            &left,
            &gap.to_string(),
            px((a + b) / 2.0, height - 14.0),
            color,
            true,
        )?;
    }

    // One-hot: the points lie in the plane x + y + z = 1. Measuring them
    // along two perpendicular unit directions of that plane draws them flat
    // with every distance kept exactly: a triangle with equal sides.
    title(&right, "One-hot")?;
    let across = array![-1.0, 1.0, 0.0] / 2.0_f64.sqrt();
    let up = array![-1.0, -1.0, 2.0] / 6.0_f64.sqrt();
    let encoded: Vec<Array1<f64>> = (0..3).map(|c| one_hot(c, 3)).collect();
    let (centre_x, centre_y) = (190.0, 195.0);
    let corner: Vec<(f64, f64)> = encoded
        .iter()
        .map(|v| {
            (
                centre_x + UNIT * v.dot(&across),
                centre_y - UNIT * v.dot(&up),
            )
        })
        .collect();
    for (a, b, side_x, side_y) in [
        (0, 1, 0.0, -16.0),
        (1, 2, 34.0, -10.0),
        (2, 0, -34.0, -10.0),
    ] {
        right.draw(&PathElement::new(
            vec![px(corner[a].0, corner[a].1), px(corner[b].0, corner[b].1)],
            ORANGE.stroke_width(2),
        ))?;
        let side = format!("{:.3}", euclidean_distance(&encoded[a], &encoded[b]));
        let middle = (
            (corner[a].0 + corner[b].0) / 2.0 + side_x,
            (corner[a].1 + corner[b].1) / 2.0 + side_y,
        );
        centred_text(&right, &side, px(middle.0, middle.1), ORANGE, true)?;
    }
    for ((v, name), at) in encoded.iter().zip(names).zip(&corner) {
        right.draw(&Circle::new(px(at.0, at.1), 6, BLUE.filled()))?;
        let entries: Vec<String> = v.iter().map(|x| x.to_string()).collect();
        let text = format!("{name} ({})", entries.join(", "));
        let below = if at.1 > centre_y { 26.0 } else { -24.0 };
        centred_text(&right, &text, px(at.0, at.1 + below), BLUE, true)?;
    }
    Ok(())
}

fn distance_concentration(svg: &mut String) -> Result<(), DrawError> {
    const POINTS: usize = 50;
    const SEED: u64 = 1;
    const BINS: usize = 20;
    let root = canvas(svg, 760, 340)?;
    let (left, right) = root.split_horizontally(380);
    for (area, n) in [(&left, 2), (&right, 1000)] {
        let distances = pairwise_distances(&random_points(POINTS, n, SEED));
        let farthest = distances.iter().copied().fold(0.0, f64::max);
        let mut counts = [0_u32; BINS];
        for distance in distances {
            let share = distance / farthest;
            counts[((share * BINS as f64) as usize).min(BINS - 1)] += 1;
        }
        let tallest = f64::from(*counts.iter().max().unwrap_or(&1));
        let mut plane = Plane::free(
            area,
            &format!("n = {n}"),
            0.0..1.0,
            0.0..tallest * 1.1,
            AxisNames {
                x: "distance ÷ largest distance",
                y: "pairs of points",
                x_categories: &[],
            },
        )?;
        for (bin, &count) in counts.iter().enumerate() {
            let from = bin as f64 / BINS as f64;
            let to = (bin + 1) as f64 / BINS as f64;
            plane.bar((from + 0.004, 0.0), (to - 0.004, f64::from(count)), BLUE)?;
        }
    }
    Ok(())
}

/// A 2-D vector as a plotting coordinate.
fn point(v: &ArrayRef1<f64>) -> (f64, f64) {
    (v[0], v[1])
}
