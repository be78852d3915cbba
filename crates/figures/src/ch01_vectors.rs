//! Figures of Chapter 1, Vectors: a vector as a point and as an arrow,
//! addition and scaling, unit circles of the L1 and L2 norms, the two
//! distances, cosine similarity, what feature scaling does to neighbours,
//! one-hot encoding, and distances bunching together in many dimensions.
//!
//! Each figure is drawn in two layouts: two-panel figures put their panels
//! side by side when wide and one above the other when narrow; one-panel
//! figures shrink to a phone's width. Their words are built from the same
//! strings as the drawn labels.

use mlmath::vectors::{
    cosine_similarity, euclidean_distance, manhattan_distance, nearest_neighbour, norm_l1, norm_l2,
    one_hot, pairwise_distances, people, random_points, standardize,
};
use ndarray::{Array1, ArrayRef1, array, s};

use plotters::prelude::{Circle, Color, PathElement};

use crate::prose::{listed, number, short, thousands, vector};
use crate::style::{
    Area, AxisNames, BLUE, GREEN, INK, MUTED, ORANGE, PURPLE, Plane, VERMILLION, canvas,
    centred_text, panels, title,
};
use crate::{Control, Draw, DrawError, Figure, Layout, Words};

pub const FIGURES: &[Figure] = &[
    Figure {
        name: "vector-point-and-arrow",
        chapter: "ch01-vectors.md",
        draw: Draw::Still(point_and_arrow),
    },
    Figure {
        name: "vector-addition-and-scaling",
        chapter: "ch01-vectors.md",
        draw: Draw::Still(addition_and_scaling),
    },
    Figure {
        name: "unit-circles",
        chapter: "ch01-vectors.md",
        draw: Draw::Still(unit_circles),
    },
    Figure {
        name: "euclidean-vs-manhattan",
        chapter: "ch01-vectors.md",
        draw: Draw::Still(euclidean_vs_manhattan),
    },
    Figure {
        name: "cosine-similarity",
        chapter: "ch01-vectors.md",
        draw: Draw::Still(cosine_angles),
    },
    Figure {
        name: "feature-scaling",
        chapter: "ch01-vectors.md",
        draw: Draw::Still(feature_scaling),
    },
    Figure {
        name: "income-unit-slider",
        chapter: "ch01-vectors.md",
        draw: Draw::Explorable(Control {
            label: "Income unit (dollars)",
            states: INCOME_UNITS.len(),
            initial: 0,
            draw: nearest_in_units,
        }),
    },
    Figure {
        name: "one-hot-encoding",
        chapter: "ch01-vectors.md",
        draw: Draw::Still(one_hot_encoding),
    },
    Figure {
        name: "distance-concentration",
        chapter: "ch01-vectors.md",
        draw: Draw::Still(distance_concentration),
    },
];

/// The width and height of one panel of a two-panel figure: the wide
/// layout sets two side by side in 720 px, the narrow one stacks them.
const PANEL: (u32, u32) = (360, 340);

/// A canvas for `count` panels of `panel` size in `layout`, cut into them.
fn panel_canvas<'a>(
    svg: &'a mut String,
    layout: Layout,
    count: u32,
    panel: (u32, u32),
) -> Result<Vec<Area<'a>>, DrawError> {
    let (width, height) = panel;
    let size = layout.pick((width * count, height), (width, height * count));
    let root = canvas(svg, size.0, size.1)?;
    Ok(panels(&root, layout, count as usize))
}

/// The axes of a plane of abstract vectors, named after the entries.
fn entry_axes() -> AxisNames<'static> {
    AxisNames::new("first entry x₁", ENTRY_Y_NAME)
}

/// The y axis's name on planes of abstract vectors.
const ENTRY_Y_NAME: &str = "second entry x₂";

/// Darker lines along x = 0 and y = 0, as [`Plane::draw_origin_axes`]
/// draws them, except that the line x = 0 stops short of the y axis's
/// name (`y_name`, written in the plot's top-left corner) where it would
/// run through its letters.
fn origin_axes_clear_of(plane: &mut Plane<'_>, y_name: &str) -> Result<(), DrawError> {
    // Where Plane::new writes the name, and how wide and tall it is there,
    // in pixels (about 9 pixels a character at the label size).
    const NAME_LEFT: f64 = 8.0;
    const NAME_BOTTOM: f64 = 28.0;
    let name_width = 9.0 * y_name.chars().count() as f64 + 6.0;
    let (x, y) = (plane.chart.x_range(), plane.chart.y_range());
    let (width, height) = plane.chart.plotting_area().dim_in_pixel();
    let x_per_pixel = (x.end - x.start) / f64::from(width);
    let y_per_pixel = (y.end - y.start) / f64::from(height);
    if y.start <= 0.0 && 0.0 <= y.end {
        plane.line(vec![(x.start, 0.0), (x.end, 0.0)], MUTED, 1)?;
    }
    if x.start <= 0.0 && 0.0 <= x.end {
        let name_end = x.start + (NAME_LEFT + name_width) * x_per_pixel;
        let top = if name_end >= 0.0 {
            y.end - NAME_BOTTOM * y_per_pixel
        } else {
            y.end
        };
        plane.line(vec![(0.0, y.start), (0.0, top)], MUTED, 1)?;
    }
    Ok(())
}

fn point_and_arrow(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let v = array![3.0, 2.0];
    // A second copy of the arrow, slid so that it starts elsewhere.
    let start = array![-3.0, 1.0];
    let end = &start + &v;
    let v_text = vector(&v);
    let areas = panel_canvas(svg, layout, 2, PANEL)?;

    let mut plane = Plane::new(&areas[0], "As a point", -1.0..4.0, -1.0..3.5, entry_axes())?;
    origin_axes_clear_of(&mut plane, ENTRY_Y_NAME)?;
    plane.dashed((v[0], 0.0), point(&v), MUTED)?;
    plane.dashed((0.0, v[1]), point(&v), MUTED)?;
    plane.dot(point(&v), BLUE)?;
    plane.label(&v_text, point(&v), (8, -22), BLUE)?;

    let mut plane = Plane::new(&areas[1], "As an arrow", -3.5..3.5, -1.0..3.5, entry_axes())?;
    origin_axes_clear_of(&mut plane, ENTRY_Y_NAME)?;
    plane.arrow((0.0, 0.0), point(&v), BLUE)?;
    plane.label("v", point(&(&v * 0.5)), (4, -22), BLUE)?;
    plane.arrow(point(&start), point(&end), BLUE)?;
    plane.label("v", point(&(&start + &v * 0.5)), (-16, -18), BLUE)?;

    let mut words = Words::default();
    let (start_text, end_text) = (words.shows(vector(&start)), words.shows(vector(&end)));
    words.alt = format!(
        "Two panels. In the first, the vector {v_text} is a single dot, with dashed guides across and down to the axes. In the second, the same vector is an arrow labelled v from the origin to {v_text}, and again an identical arrow labelled v from {start_text} to {end_text}."
    );
    words.caption =
        format!("The vector {v_text} as a point, and as an arrow that can start anywhere.");
    Ok(words)
}

fn addition_and_scaling(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let areas = panel_canvas(svg, layout, 2, PANEL)?;
    let mut words = Words::default();

    let a = array![3.0, 1.0];
    let b = array![1.0, 2.0];
    let sum = &a + &b;
    let mut plane = Plane::new(
        &areas[0],
        "Addition: a + b",
        -0.5..4.5,
        -0.5..3.5,
        entry_axes(),
    )?;
    origin_axes_clear_of(&mut plane, ENTRY_Y_NAME)?;
    plane.arrow((0.0, 0.0), point(&a), BLUE)?;
    plane.arrow(point(&a), point(&sum), ORANGE)?;
    plane.arrow((0.0, 0.0), point(&sum), GREEN)?;
    plane.label("a", point(&(&a * 0.5)), (0, 4), BLUE)?;
    plane.label("b", point(&(&a + &b * 0.5)), (8, -8), ORANGE)?;
    plane.label("a + b", point(&(&sum * 0.5)), (-48, -20), GREEN)?;
    let addition = format!(
        "In the first, a blue arrow a = {} from the origin, an orange arrow b = {} starting at the tip of a, and a green arrow, their sum a + b = {}, from the origin to the tip of b.",
        words.shows(vector(&a)),
        words.shows(vector(&b)),
        words.shows(vector(&sum)),
    );

    let a = array![2.0, 1.0];
    let (double, flipped) = (&a * 2.0, &a * -1.0);
    let mut plane = Plane::new(
        &areas[1],
        "Scaling: 2a and -a",
        -2.5..4.5,
        -1.5..2.5,
        entry_axes(),
    )?;
    origin_axes_clear_of(&mut plane, ENTRY_Y_NAME)?;
    plane.arrow((0.0, 0.0), point(&double), ORANGE)?;
    plane.arrow((0.0, 0.0), point(&a), BLUE)?;
    plane.arrow((0.0, 0.0), point(&flipped), VERMILLION)?;
    plane.label("a", point(&(&a * 0.5)), (-6, -24), BLUE)?;
    plane.label("2a", point(&(&a * 1.5)), (-6, -24), ORANGE)?;
    plane.label("-a", point(&(&a * -0.5)), (-10, 6), VERMILLION)?;
    let scaling = format!(
        "In the second, a blue arrow a = {}, an orange arrow 2a = {} twice as long along the same line (a covers its first half), and a red arrow -a = {} pointing the opposite way.",
        words.shows(vector(&a)),
        words.shows(vector(&double)),
        words.shows(vector(&flipped)),
    );

    words.alt = format!("Two panels. {addition} {scaling}");
    words.caption =
        "Adding vectors puts arrows tip to tail; scaling stretches, shrinks or flips one."
            .to_owned();
    Ok(words)
}

fn unit_circles(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let (width, height) = layout.pick((420, 400), (360, 350));
    let root = canvas(svg, width, height)?;
    let mut plane = Plane::new(
        &root,
        "Vectors of length 1",
        // Room on the right for the circle's label.
        layout.pick(-1.4..1.6, -1.25..1.75),
        -1.3..1.3,
        entry_axes(),
    )?;
    origin_axes_clear_of(&mut plane, ENTRY_Y_NAME)?;
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
    let (l2_name, l1_name) = ("L2: circle", "L1: diamond");
    plane.label(l2_name, (0.71, 0.71), (10, -22), BLUE)?;
    plane.label(l1_name, (-0.45, 0.32), (0, 0), ORANGE)?;

    let mut words = Words::default();
    let corners: Vec<String> = [[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]]
        .iter()
        .map(|c| words.shows(vector(&array![c[0], c[1]])))
        .collect();
    words.alt = format!(
        "Every vector in the plane whose length is 1, under two norms. Under the L2 norm they form a blue circle of radius 1, labelled {l2_name}; under the L1 norm an orange diamond, labelled {l1_name}, with corners at {}, {}, {} and {}. The diamond lies inside the circle and touches it only at its corners.",
        corners[0], corners[1], corners[2], corners[3]
    );
    words.caption =
        "Every vector of length 1: a circle for the L2 norm, a diamond for the L1 norm.".to_owned();
    Ok(words)
}

fn euclidean_vs_manhattan(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let (width, height) = layout.pick((520, 380), (360, 340));
    let root = canvas(svg, width, height)?;
    let a = array![1.0, 1.0];
    let b = array![5.0, 4.0];
    // The Manhattan path turns once, where it has gone all the way across.
    let corner = (b[0], a[1]);
    let mut plane = Plane::new(
        &root,
        "Two ways to measure distance",
        0.0..6.0,
        // Room below the path for its label and the x axis's name.
        layout.pick(0.0..5.0, -0.6..5.0),
        entry_axes(),
    )?;
    plane.line(vec![point(&a), corner, point(&b)], ORANGE, 3)?;
    plane.line(vec![point(&a), point(&b)], BLUE, 3)?;
    plane.dot(point(&a), MUTED)?;
    plane.dot(point(&b), MUTED)?;
    let a_name = format!("a = {}", vector(&a));
    let b_name = format!("b = {}", vector(&b));
    plane.label(&a_name, point(&a), (-30, 8), MUTED)?;
    plane.label(
        &b_name,
        point(&b),
        layout.pick((-40, -28), (-96, -12)),
        MUTED,
    )?;
    let euclidean = format!("Euclidean: {}", euclidean_distance(&a, &b));
    let manhattan = format!("Manhattan: {}", manhattan_distance(&a, &b));
    let middle = point(&((&a + &b) * 0.5));
    plane.label(
        &euclidean,
        middle,
        layout.pick((-150, -10), (-120, -30)),
        BLUE,
    )?;
    plane.label(&manhattan, corner, (-115, 8), ORANGE)?;

    let mut words = Words::default();
    let across = words.shows(format!("{}", (b[0] - a[0]).abs()));
    let up = words.shows(format!("{}", (b[1] - a[1]).abs()));
    words.alt = format!(
        "Two points, {a_name} and {b_name}. A straight blue line joins them, labelled {euclidean}. An orange path along the grid goes {across} units across, then {up} units up, labelled {manhattan}."
    );
    words.caption =
        "Euclidean distance goes straight; Manhattan distance follows the grid.".to_owned();
    Ok(words)
}

fn cosine_angles(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let (width, height) = layout.pick((520, 420), (360, 380));
    let root = canvas(svg, width, height)?;
    let mut plane = Plane::new(
        &root,
        "Cosine similarity with a",
        // Room on the left for d's label, and above c for the y axis's name.
        layout.pick(-3.6..5.0, -3.9..5.0),
        -2.6..5.0,
        entry_axes(),
    )?;
    origin_axes_clear_of(&mut plane, ENTRY_Y_NAME)?;
    let mut words = Words::default();
    let a = array![4.0, 1.0];
    plane.arrow((0.0, 0.0), point(&a), BLUE)?;
    plane.label("a", point(&a), (6, -10), BLUE)?;
    let others = [
        (
            "b",
            array![2.0, 1.5],
            GREEN,
            layout.pick((6, -20), (-60, -30)),
            "pointing almost the same way",
        ),
        (
            "c",
            array![-1.0, 4.0],
            PURPLE,
            (8, -8),
            "at a right angle to a",
        ),
        (
            "d",
            array![-3.0, -2.0],
            VERMILLION,
            (-20, 8),
            "pointing nearly the opposite way",
        ),
    ];
    let mut described = Vec::new();
    for (name, v, color, offset, how) in others {
        plane.arrow((0.0, 0.0), point(&v), color)?;
        let text = format!("{name}: cos = {:.2}", cosine_similarity(&a, &v));
        // A label left of the y axis would cross it: start it at the axis.
        let at = if v[0] < 0.0 && v[1] > 0.0 {
            (0.0, v[1])
        } else {
            point(&v)
        };
        plane.label(&text, at, offset, color)?;
        described.push(format!(
            "{name} = {}, {how}, labelled {text}",
            words.shows(vector(&v))
        ));
    }
    words.alt = format!(
        "A blue reference arrow a = {} and three others from the origin: {}.",
        words.shows(vector(&a)),
        described.join("; ")
    );
    words.caption = "Cosine similarity compares directions and ignores lengths.".to_owned();
    Ok(words)
}

fn feature_scaling(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let areas = panel_canvas(svg, layout, 2, PANEL)?;
    let raw = people();
    let scaled = standardize(&raw);
    // Income is column 0 and age column 1: draw income across, age up.
    let panels = [
        (
            "Raw units: dollars and years",
            &raw,
            // Ending short of 60,000, whose tick would stick out.
            38_000.0..59_000.0,
            0.0..70.0,
            AxisNames::new("income (dollars)", "age (years)"),
        ),
        (
            "Each feature standardised",
            &scaled,
            -2.0..2.0,
            -1.8..2.3,
            AxisNames::new("income (standard score)", "age (standard score)"),
        ),
    ];
    let mut nearest_of_first = Vec::new();
    for (area, (title, data, x, y, names)) in areas.iter().zip(panels) {
        let mut plane = Plane::new(area, title, x, y, names)?;
        let nearest = 1 + nearest_neighbour(&data.slice(s![1.., ..]), &data.row(0));
        plane.line(
            vec![point(&data.row(0)), point(&data.row(nearest))],
            GREEN,
            3,
        )?;
        // A ring as well as the line: in raw units the two dots almost
        // touch, and the line between them hardly shows.
        plane.chart.draw_series(std::iter::once(Circle::new(
            point(&data.row(nearest)),
            10,
            GREEN.stroke_width(2),
        )))?;
        let mut labels = Vec::new();
        for (index, row) in data.rows().into_iter().enumerate() {
            let (color, offset) = if index == 0 {
                (VERMILLION, (-14, 6))
            } else {
                (BLUE, (6, -22))
            };
            let label = index.to_string();
            plane.dot(point(&row), color)?;
            plane.label(&label, point(&row), offset, color)?;
            labels.push(label);
        }
        nearest_of_first.push((labels[0].clone(), labels[nearest].clone()));
    }

    let [(first, raw_nearest), (_, scaled_nearest)] = [&nearest_of_first[0], &nearest_of_first[1]];
    let alt = format!(
        "Two panels of the same four people, income across and age up, each a dot numbered from 0; person {first} is red, and their nearest neighbour is ringed in green and joined to them by a green line. In the first, dollars and years are drawn to the same scale: the four lie on an almost flat line, because incomes span thousands of dollars while ages span tens of years, and person {first}'s nearest neighbour is person {raw_nearest}, whose income is closest. In the second, each feature is standardised: the points spread out in both directions and person {first}'s nearest neighbour is person {scaled_nearest}."
    );
    Ok(Words {
        alt,
        caption: "Unscaled features let the largest units decide who is 'near'.".to_owned(),
        shown: Vec::new(),
        ..Words::default()
    })
}

/// The units the income-unit slider measures income in, in dollars: income
/// is divided by the unit, age stays in years. Person 0's nearest neighbour
/// switches from person 1 to person 2 between 200 and 250 dollars.
const INCOME_UNITS: [f64; 8] = [1.0, 10.0, 100.0, 200.0, 250.0, 500.0, 1000.0, 10_000.0];

/// The chapter's people with income measured in units of `unit` dollars.
fn people_in_units(unit: f64) -> ndarray::Array2<f64> {
    let mut data = people();
    data.column_mut(0).mapv_inplace(|income| income / unit);
    data
}

/// A unit of income as the words write it: `1 dollar`, `1,000 dollars`.
fn income_unit(unit: f64) -> String {
    if unit == 1.0 {
        "1 dollar".to_owned()
    } else {
        format!("{} dollars", thousands(unit))
    }
}

/// A distance as the slider's table and words print it: one decimal.
fn distance_text(distance: f64) -> String {
    number(distance, 1)
}

fn nearest_in_units(state: usize, layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    let unit = INCOME_UNITS[state];
    let data = people_in_units(unit);
    let query = data.row(0);
    let others = data.slice(s![1.., ..]);
    let nearest = 1 + nearest_neighbour(&others, &query);
    let distances: Vec<String> = others
        .rows()
        .into_iter()
        .map(|row| distance_text(euclidean_distance(&row, &query)))
        .collect();
    let unit_text = income_unit(unit);

    let (width, height) = layout.pick((720, 380), (360, 550));
    let root = canvas(svg, width, height)?;
    let (picture, table) = match layout {
        Layout::Wide => root.split_horizontally(450),
        Layout::Narrow => root.split_vertically(380),
    };
    let incomes = data.column(0);
    let (low, high) = incomes
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), &x| (lo.min(x), hi.max(x)));
    // Less room on the right than on the left: the labels sit above the
    // dots, and a tick at the very edge would stick out of a phone's canvas.
    let span = high - low;
    // A phone's plot is too narrow for "units of 10,000 dollars".
    let x_name = match layout {
        Layout::Wide => format!("income (units of {unit_text})"),
        Layout::Narrow => format!("income (units of ${})", thousands(unit)),
    };
    let mut plane = Plane::new(
        &picture,
        "Who is nearest to person 0?",
        (low - 0.15 * span)..(high + 0.06 * span),
        10.0..75.0,
        AxisNames::new(&x_name, "age (years)"),
    )?;
    let first = point(&query);
    for (index, row) in others.rows().into_iter().enumerate() {
        let person = index + 1;
        if person == nearest {
            plane.line(vec![first, point(&row)], GREEN, 3)?;
            plane.chart.draw_series(std::iter::once(Circle::new(
                point(&row),
                10,
                GREEN.stroke_width(2),
            )))?;
        } else {
            plane.dashed(first, point(&row), MUTED)?;
        }
    }
    for (index, row) in data.rows().into_iter().enumerate() {
        // Labels above the dots, clear of the ring; person 0's below left.
        let (color, offset) = if index == 0 {
            (VERMILLION, (-16, 4))
        } else {
            (BLUE, (-5, -33))
        };
        plane.dot(point(&row), color)?;
        plane.label(&index.to_string(), point(&row), offset, color)?;
    }

    // The distances, as a small table beside the picture (below it, narrow).
    let (table_width, table_height) = table.dim_in_pixel();
    let centre = i32::try_from(table_width).unwrap_or(0) / 2;
    let rows = distances.len() as i32 + 2;
    let line_height = 30;
    let mut y = i32::try_from(table_height).unwrap_or(0) / 2 - (rows - 1) * line_height / 2;
    centred_text(&table, "Distance to person 0", (centre, y), INK, true)?;
    for (index, distance) in distances.iter().enumerate() {
        y += line_height;
        let person = index + 1;
        let (color, strong) = if person == nearest {
            (GREEN, true)
        } else {
            (INK, false)
        };
        let text = format!("person {person}: {distance}");
        centred_text(&table, &text, (centre, y), color, strong)?;
    }
    y += line_height;
    let verdict = format!("nearest: person {nearest}");
    centred_text(&table, &verdict, (centre, y), GREEN, true)?;

    let nearest_distance = &distances[nearest - 1];
    let mut words = Words::default();
    let people_listed: Vec<String> = distances
        .iter()
        .enumerate()
        .map(|(index, distance)| format!("person {} at {distance}", index + 1))
        .collect();
    let income_0 = words.shows(short(query[0]));
    let age_0 = words.shows(short(query[1]));
    words.alt = format!(
        "The four people as dots numbered 0 to 3, income across in units of {unit_text} and age up in years, drawn with equal units on both axes, so that distances on the page are the distances computed. Person 0, in red, earns {income_0} units and is {age_0} years old. Dashed lines join person 0 to the others and a green line, with a ring, to the nearest. A small table lists the distances to person 0: {}; the nearest is person {nearest}.",
        listed(&people_listed),
    );
    words.caption = format!(
        "With income in units of {unit_text}, person 0's nearest neighbour is person {nearest}, at distance {nearest_distance}: the unit decides which feature counts."
    );
    words.value =
        format!("{unit_text}: nearest to person 0 is person {nearest}, at {nearest_distance}");
    Ok(words)
}

fn one_hot_encoding(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    // Drawn in pixels, both panels at the same scale, with no axes: the
    // positions are what the encodings say, and the axes would say nothing.
    const UNIT: f64 = 120.0;
    let areas = panel_canvas(svg, layout, 2, (360, 300))?;
    let (left, right) = (&areas[0], &areas[1]);
    let names = ["centre", "suburb", "village"];
    let px = |x: f64, y: f64| (x.round() as i32, y.round() as i32);

    // Numbered: the categories on a line at 0, 1 and 2.
    title(left, "Numbered 0, 1, 2")?;
    let (line_x, line_y) = (60.0, 200.0);
    let numbered: Vec<Array1<f64>> = (0..3).map(|c| array![c as f64]).collect();
    let x_of = |v: &Array1<f64>| line_x + UNIT * v[0];
    left.draw(&PathElement::new(
        vec![
            px(line_x - 30.0, line_y),
            px(line_x + 2.0 * UNIT + 30.0, line_y),
        ],
        MUTED.stroke_width(1),
    ))?;
    let mut positions = Vec::new();
    for (v, name) in numbered.iter().zip(names) {
        let number = v[0].to_string();
        left.draw(&Circle::new(px(x_of(v), line_y), 6, BLUE.filled()))?;
        centred_text(left, &number, px(x_of(v), line_y + 24.0), MUTED, false)?;
        centred_text(left, name, px(x_of(v), line_y + 50.0), BLUE, true)?;
        positions.push(format!("{name} at {number}"));
    }
    let mut gaps = Vec::new();
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
        let gap = euclidean_distance(&numbered[from], &numbered[to]).to_string();
        centred_text(left, &gap, px((a + b) / 2.0, height - 14.0), color, true)?;
        gaps.push(format!("the {} {gap} from the {}", names[from], names[to]));
    }

    // One-hot: the points lie in the plane x + y + z = 1. Measuring them
    // along two perpendicular unit directions of that plane draws them flat
    // with every distance kept exactly: a triangle with equal sides.
    title(right, "One-hot")?;
    let across = array![-1.0, 1.0, 0.0] / 2.0_f64.sqrt();
    let up = array![-1.0, -1.0, 2.0] / 6.0_f64.sqrt();
    let encoded: Vec<Array1<f64>> = (0..3).map(|c| one_hot(c, 3)).collect();
    let (centre_x, centre_y) = (180.0, 195.0);
    let corner: Vec<(f64, f64)> = encoded
        .iter()
        .map(|v| {
            (
                centre_x + UNIT * v.dot(&across),
                centre_y - UNIT * v.dot(&up),
            )
        })
        .collect();
    let mut sides = Vec::new();
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
        centred_text(right, &side, px(middle.0, middle.1), ORANGE, true)?;
        sides.push(side);
    }
    let mut corners = Vec::new();
    for ((v, name), at) in encoded.iter().zip(names).zip(&corner) {
        right.draw(&Circle::new(px(at.0, at.1), 6, BLUE.filled()))?;
        let entries: Vec<String> = v.iter().map(|x| x.to_string()).collect();
        let text = format!("{name} ({})", entries.join(", "));
        let below = if at.1 > centre_y { 26.0 } else { -24.0 };
        centred_text(right, &text, px(at.0, at.1 + below), BLUE, true)?;
        corners.push(text);
    }

    sides.dedup();
    let sides = match sides.as_slice() {
        [one] => format!("whose three sides are each labelled {one}, the square root of 2"),
        _ => format!("whose sides are labelled {}", sides.join(", ")),
    };
    let alt = format!(
        "Two panels of three neighbourhoods, drawn to the same scale. In the first, they are numbered on a line: {}; brackets mark {}. In the second, they are one-hot encoded as {}: the three points are the corners of a triangle {sides}.",
        listed(&positions),
        listed(&gaps),
        listed(&corners),
    );
    Ok(Words {
        alt,
        caption: "Numbering categories invents an order and unequal gaps; one-hot vectors are all the same distance apart.".to_owned(),
        shown: Vec::new(),
        ..Words::default()
    })
}

fn distance_concentration(layout: Layout, svg: &mut String) -> Result<Words, DrawError> {
    const POINTS: usize = 50;
    const SEED: u64 = 1;
    const BINS: usize = 20;
    /// The share of the largest distance at which the last two bars start.
    const LAST_TWO_BARS: f64 = (BINS - 2) as f64 / BINS as f64;
    let areas = panel_canvas(svg, layout, 2, PANEL)?;
    let mut words = Words::default();
    let mut pairs = 0;
    let mut described = Vec::new();
    for (area, n) in areas.iter().zip([2, 1000]) {
        let distances = pairwise_distances(&random_points(POINTS, n, SEED));
        pairs = distances.len();
        let farthest = distances.iter().copied().fold(0.0, f64::max);
        let shares: Vec<f64> = distances.iter().map(|d| d / farthest).collect();
        let mut counts = [0_u32; BINS];
        for share in &shares {
            counts[((share * BINS as f64) as usize).min(BINS - 1)] += 1;
        }
        let tallest = f64::from(*counts.iter().max().unwrap_or(&1));
        let dimensions = format!("{n} dimensions");
        let mut plane = Plane::free(
            area,
            &format!("{dimensions}, {POINTS} points"),
            0.0..1.0,
            0.0..tallest * 1.1,
            AxisNames::new(
                "distance ÷ largest distance",
                &format!("pairs ({pairs} in all)"),
            ),
        )?;
        for (bin, &count) in counts.iter().enumerate() {
            let from = bin as f64 / BINS as f64;
            let to = (bin + 1) as f64 / BINS as f64;
            plane.bar((from + 0.004, 0.0), (to - 0.004, f64::from(count)), BLUE)?;
        }
        // Where the lowest bar starts: the shortest distance, rounded down
        // to a bar's edge.
        let first_bar = counts.iter().position(|&c| c > 0).unwrap_or(0);
        let lowest = first_bar as f64 / BINS as f64;
        let in_last_two = shares.iter().filter(|&&s| s >= LAST_TWO_BARS).count();
        // "Almost all" only while it is true of the data drawn.
        let how_many = if 50 * in_last_two >= 49 * pairs {
            "almost all"
        } else {
            "many"
        };
        described.push(if lowest == 0.0 {
            format!(
                "In {dimensions} the distances spread over the whole range, with bars all the way from 0 to 1."
            )
        } else {
            format!(
                "In {dimensions} every distance lies between {} and 1, {how_many} of them in the last two bars, from {} to 1: one narrow spike at the right.",
                words.shows(format!("{lowest}")),
                words.shows(format!("{LAST_TWO_BARS}")),
            )
        });
    }
    words.alt = format!(
        "Two histograms of the {pairs} distances between pairs of {POINTS} random points, each distance divided by the largest one. {}",
        described.join(" ")
    );
    words.caption =
        "In many dimensions, the closest pair of random points is nearly as far apart as the farthest."
            .to_owned();
    Ok(words)
}

/// A 2-D vector as a plotting coordinate.
fn point(v: &ArrayRef1<f64>) -> (f64, f64) {
    (v[0], v[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each state's value names the nearest person and distance that
    /// `mlmath` computes, with income divided by the state's unit.
    #[test]
    fn income_unit_values_come_from_mlmath() {
        let expected = [
            ("1 dollar", 1, "1000.6"),
            ("10 dollars", 1, "105.9"),
            ("100 dollars", 1, "36.4"),
            ("200 dollars", 1, "35.4"),
            ("250 dollars", 2, "32.1"),
            ("500 dollars", 2, "16.1"),
            ("1,000 dollars", 2, "8.2"),
            ("10,000 dollars", 2, "2.2"),
        ];
        assert_eq!(expected.len(), INCOME_UNITS.len());
        for (state, (&unit, (unit_text, person, distance))) in
            INCOME_UNITS.iter().zip(expected).enumerate()
        {
            let raw = people();
            let scaled = |row: usize| array![raw[[row, 0]] / unit, raw[[row, 1]]];
            let distances: Vec<f64> = (1..4)
                .map(|row| euclidean_distance(&scaled(row), &scaled(0)))
                .collect();
            let (nearest, shortest) =
                distances
                    .iter()
                    .enumerate()
                    .fold(
                        (0, f64::MAX),
                        |best, (i, &d)| {
                            if d < best.1 { (i + 1, d) } else { best }
                        },
                    );
            assert_eq!(
                (nearest, format!("{shortest:.1}")),
                (person, distance.to_owned())
            );
            let mut svg = String::new();
            let words = nearest_in_units(state, Layout::Wide, &mut svg).unwrap();
            assert_eq!(
                words.value,
                format!("{unit_text}: nearest to person 0 is person {person}, at {distance}")
            );
        }
    }
}
