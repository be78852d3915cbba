//! Figures of Chapter 2, Matrices and the dot product: the houses as a
//! matrix, the dot product as a projection and what its sign says, a
//! matrix–vector product as a mix of columns, predictions against prices,
//! and a linear classifier's boundary.

use mlmath::matrices::{
    angle_degrees, classify, dot, house_prices, houses, mat_vec, predict, projection,
};
use ndarray::{Array1, ArrayRef1, array, s};
use plotters::prelude::*;

use crate::style::{
    Area, AxisNames, BLUE, GREEN, GRID, INK, MUTED, ORANGE, Plane, VERMILLION, canvas,
    centred_text, title,
};
use crate::{DrawError, Figure};

pub const FIGURES: &[Figure] = &[
    Figure {
        name: "houses-matrix",
        chapter: "ch02-matrices.md",
        draw: still!(
            houses_matrix,
            "A table of 5 rows and 3 columns: the houses dataset as the matrix X. The columns are headed area (m²), bedrooms and age (years); the rows are houses 0 to 4. Row 0, (120, 3, 15), is outlined in blue and labelled one sample; the age column, (15, 30, 5, 40, 20), is outlined in orange and labelled one feature. Underneath: shape (5, 3), m = 5 rows, n = 3 columns.",
            "A dataset is a matrix: one row per sample, one column per feature."
        ),
    },
    Figure {
        name: "broadcasting-shapes",
        chapter: "ch02-matrices.md",
        draw: still!(
            broadcasting_shapes,
            "Two rows of grid diagrams; white cells are real values, grey cells are copies that broadcasting makes. Top row, titled useful: (5, 3) − (3) gives (5, 3): the 5 by 3 matrix X minus the mean row, whose single row is copied down to 5 rows, gives the 5 by 3 centred X. Bottom row, titled the bug: (5, 1) − (5) gives (5, 5): the prices as a 5 by 1 column, copied across to 5 columns, minus the 5 predictions, copied down to 5 rows, give a 5 by 5 grid outlined in red and labelled 25 numbers, not 5.",
            "Broadcasting copies along missing or length-1 axes: handy for a mean row, a silent bug for a column meeting a vector."
        ),
    },
    Figure {
        name: "dot-product-projection",
        chapter: "ch02-matrices.md",
        draw: still!(
            projection_figure,
            "Arrows a = (1, 3) and b = (4, 2) from the origin, with the angle θ = 45° between them marked, and the label a · b = 10. A dashed line drops from the tip of a at a right angle onto b, meeting it at (2, 1): the projection of a onto b, drawn as a green arrow half as long as b.",
            "a · b is the length of b times the length of a's shadow on b."
        ),
    },
    Figure {
        name: "dot-product-signs",
        chapter: "ch02-matrices.md",
        draw: still!(
            sign_panels,
            "Three panels, each with the arrow b = (4, 2) and a blue vector whose projection onto b is drawn in green. Left, titled a · b = 10 > 0, angle 45°: a = (1, 3), its projection points along b. Middle, titled c · b = 0, angle 90°: c = (-1, 2), its projection is a single dot at the origin. Right, titled d · b = -6 < 0, angle 127°: d = (-2, 1), its projection points against b.",
            "The sign of the dot product says whether two arrows agree, are perpendicular, or disagree."
        ),
    },
    Figure {
        name: "matvec-columns",
        chapter: "ch02-matrices.md",
        draw: still!(
            matvec_columns,
            "A stacked bar for each of houses 0, 1 and 2, in thousands of dollars. The blue part of each bar is 2 times the house's area (240, 160 and 300); the orange part on top is 10 times its bedrooms (30, 20 and 40). The bars reach 270, 180 and 340, the entries of X w.",
            "X w read by columns: the weights mix the feature columns into one prediction per house."
        ),
    },
    Figure {
        name: "predictions-vs-prices",
        chapter: "ch02-matrices.md",
        draw: still!(
            predictions_vs_prices,
            "Two panels for the five houses. Left: each house as a dot with its true price across and the model's prediction up, in thousands of dollars, beside a dashed diagonal where prediction equals price; all five dots sit close to the diagonal. Right: a bar chart of each house's error, prediction minus price: -5, +5, -5, -10 and +10 thousand dollars for houses 0 to 4.",
            "The predictions hug the diagonal; the errors, prediction minus price, are all within 10 thousand dollars."
        ),
    },
    Figure {
        name: "linear-classifier",
        chapter: "ch02-matrices.md",
        draw: still!(
            linear_classifier,
            "The five houses plotted by area across (square metres) and age up (years), with a straight line rising from (50, 0) to (160, 55) labelled score = 0, where area - 2 age - 50 is zero. Houses 0, 2 and 4 lie below and to the right of it, in the region labelled score > 0: yes, drawn as green circles; houses 1 and 3 lie above and to the left, in the region labelled score < 0: no, drawn as red triangles.",
            "A linear classifier answers with the sign of w · x + b; its boundary is a straight line."
        ),
    },
];

/// The classifier of the chapter: consider a house when area − 2 age − 50 > 0.
fn rule_of_thumb() -> (Array1<f64>, f64) {
    (array![1.0, -2.0], -50.0)
}

fn houses_matrix(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 640, 340)?;
    title(&root, "The houses as a matrix X")?;
    let data = houses();
    let (rows, columns) = data.dim();
    let headers = ["area (m²)", "bedrooms", "age (years)"];
    let (left, cell_width, top, cell_height) = (120, 120, 80, 34);
    let x_of = |column: usize| left + cell_width * column as i32;
    let y_of = |row: usize| top + cell_height * row as i32;
    let right = x_of(columns);
    let bottom = y_of(rows);

    for row in 0..=rows {
        let line = PathElement::new(vec![(left, y_of(row)), (right, y_of(row))], GRID);
        root.draw(&line)?;
    }
    for (column, header) in headers.iter().enumerate() {
        let centre = x_of(column) + cell_width / 2;
        centred_text(&root, header, (centre, top - 18), INK, true)?;
        for row in 0..rows {
            let value = data[[row, column]].to_string();
            let middle = y_of(row) + cell_height / 2;
            centred_text(&root, &value, (centre, middle), INK, false)?;
        }
    }
    for row in 0..rows {
        let name = format!("house {row}");
        let middle = y_of(row) + cell_height / 2;
        centred_text(&root, &name, (left - 50, middle), MUTED, false)?;
    }

    // One sample (row 0) and one feature (the age column), outlined.
    let sample = Rectangle::new(
        [(left - 4, y_of(0) + 2), (right + 4, y_of(1) - 2)],
        BLUE.stroke_width(3),
    );
    root.draw(&sample)?;
    let row_middle = y_of(0) + cell_height / 2;
    centred_text(&root, "one sample", (right + 60, row_middle), BLUE, true)?;
    let feature = Rectangle::new(
        [(x_of(2) + 8, top - 38), (x_of(3) - 8, bottom + 4)],
        ORANGE.stroke_width(3),
    );
    root.draw(&feature)?;
    let column_middle = x_of(2) + cell_width / 2;
    centred_text(
        &root,
        "one feature",
        (column_middle, bottom + 24),
        ORANGE,
        true,
    )?;
    let shape = format!("shape ({rows}, {columns}): m = {rows} rows, n = {columns} columns");
    centred_text(&root, &shape, (x_of(1), bottom + 60), INK, false)?;
    Ok(())
}

/// A grid of cells standing for an array in the broadcasting figure: the
/// first `real` rows and columns hold values, the rest are broadcast copies.
struct Grid {
    name: &'static str,
    shape: (i32, i32),
    real: (i32, i32),
}

const fn grid(name: &'static str, shape: (i32, i32), real: (i32, i32)) -> Grid {
    Grid { name, shape, real }
}

fn broadcasting_shapes(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 700, 430)?;
    title(&root, "What broadcasting does with shapes")?;
    let legend = "white cells: real values; grey cells: copies broadcasting makes";
    centred_text(&root, legend, (350, 44), MUTED, false)?;
    let lines = [
        (
            "useful: (5, 3) − (3) gives (5, 3)",
            [
                grid("X", (5, 3), (5, 3)),
                grid("mean row", (5, 3), (1, 3)),
                grid("centred X", (5, 3), (5, 3)),
            ],
            INK,
        ),
        (
            "the bug: (5, 1) − (5) gives (5, 5)",
            [
                grid("prices as a column", (5, 5), (5, 1)),
                grid("predictions", (5, 5), (1, 5)),
                grid("25 numbers, not 5", (5, 5), (5, 5)),
            ],
            VERMILLION,
        ),
    ];
    let gap = 70;
    for (top, (heading, grids, result_color)) in [100, 280].into_iter().zip(lines) {
        centred_text(&root, heading, (350, top - 20), result_color, true)?;
        let total: i32 = grids.iter().map(|g| GRID_CELL * g.shape.1).sum();
        let mut left = (700 - total - 2 * gap) / 2;
        for (index, g) in grids.iter().enumerate() {
            let edge = if index == 2 { result_color } else { MUTED };
            let (width, height) = draw_grid(&root, g, (left, top), edge)?;
            let middle = top + height / 2;
            centred_text(
                &root,
                g.name,
                (left + width / 2, top + height + 16),
                edge,
                false,
            )?;
            let operator = ["−", "=", ""][index];
            centred_text(&root, operator, (left + width + gap / 2, middle), INK, true)?;
            left += width + gap;
        }
    }
    Ok(())
}

/// The side of one cell of a [`Grid`], in pixels.
const GRID_CELL: i32 = 22;

/// Draws `g` with its top-left corner at `at`; returns its size in pixels.
fn draw_grid(
    root: &Area<'_>,
    g: &Grid,
    at: (i32, i32),
    edge: RGBColor,
) -> Result<(i32, i32), DrawError> {
    for row in 0..g.shape.0 {
        for column in 0..g.shape.1 {
            let real = row < g.real.0 && column < g.real.1;
            let (x, y) = (at.0 + GRID_CELL * column, at.1 + GRID_CELL * row);
            let corners = [(x, y), (x + GRID_CELL, y + GRID_CELL)];
            let fill = if real { WHITE } else { GRID };
            root.draw(&Rectangle::new(corners, fill.filled()))?;
            root.draw(&Rectangle::new(corners, edge.stroke_width(1)))?;
        }
    }
    Ok((GRID_CELL * g.shape.1, GRID_CELL * g.shape.0))
}

fn projection_figure(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 560, 400)?;
    let a = array![1.0, 3.0];
    let b = array![4.0, 2.0];
    let p = projection(&a, &b);
    let mut plane = Plane::new(
        &root,
        "Projecting a onto b",
        -0.8..4.6,
        -0.6..3.6,
        AxisNames::new("x₁", "x₂"),
    )?;
    plane.draw_origin_axes()?;
    angle_arc(&mut plane, &b, &a, 0.8)?;
    let theta = format!("θ = {:.0}°", angle_degrees(&a, &b));
    plane.label(&theta, (0.55, 0.75), (0, -6), MUTED)?;
    plane.arrow((0.0, 0.0), point(&b), ORANGE)?;
    plane.arrow((0.0, 0.0), point(&a), BLUE)?;
    plane.dashed(point(&a), point(&p), MUTED)?;
    right_angle(&mut plane, &p, &b, &(&a - &p))?;
    plane.arrow((0.0, 0.0), point(&p), GREEN)?;
    plane.label("a = (1, 3)", point(&a), (8, -10), BLUE)?;
    plane.label("b = (4, 2)", point(&b), (-60, -34), ORANGE)?;
    let shadow = format!("projection ({}, {})", p[0], p[1]);
    plane.label(&shadow, point(&p), (6, 12), GREEN)?;
    let product = format!("a · b = {}", dot(&a, &b));
    plane.label(&product, (2.4, 3.3), (0, 0), INK)?;
    Ok(())
}

fn sign_panels(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 840, 250)?;
    let panels = root.split_evenly((1, 3));
    let b = array![4.0, 2.0];
    let others = [
        ("a", array![1.0, 3.0], (-10, -24)),
        ("c", array![-1.0, 2.0], (-10, -24)),
        ("d", array![-2.0, 1.0], (-10, -24)),
    ];
    for (area, (name, v, offset)) in panels.iter().zip(others) {
        let product = dot(&v, &b);
        let verdict = match product {
            x if x > 0.0 => "> 0",
            x if x < 0.0 => "< 0",
            _ => "",
        };
        let angle = angle_degrees(&v, &b);
        let heading = format!("{name} · b = {product} {verdict}, angle {angle:.0}°");
        let heading = heading.replace(" ,", ",");
        let mut plane = Plane::new(
            area,
            &heading,
            -2.4..4.3,
            -0.9..3.4,
            AxisNames::new("x₁", "x₂"),
        )?;
        plane.draw_origin_axes()?;
        let p = projection(&v, &b);
        plane.arrow((0.0, 0.0), point(&b), ORANGE)?;
        plane.arrow((0.0, 0.0), point(&v), BLUE)?;
        plane.dashed(point(&v), point(&p), MUTED)?;
        if dot(&p, &p) > 0.0 {
            plane.arrow((0.0, 0.0), point(&p), GREEN)?;
        } else {
            plane.dot((0.0, 0.0), GREEN)?;
        }
        plane.label(name, point(&v), offset, BLUE)?;
        plane.label("b", point(&b), (-16, -24), ORANGE)?;
    }
    Ok(())
}

fn matvec_columns(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 600, 380)?;
    let x = houses().slice(s![0..3, 0..2]).to_owned();
    let w = array![2.0, 10.0];
    let totals = mat_vec(&x, &w);
    let mut plane = Plane::free(
        &root,
        "X w = 2 × area column + 10 × bedrooms column",
        -0.5..2.5,
        0.0..410.0,
        AxisNames {
            x: "",
            y: "thousand dollars",
            x_categories: &["house 0", "house 1", "house 2"],
        },
    )?;
    for (house, row) in x.rows().into_iter().enumerate() {
        let centre = house as f64;
        let (from_area, from_bedrooms) = (w[0] * row[0], w[1] * row[1]);
        let (left, right) = (centre - 0.22, centre + 0.22);
        plane.bar((left, 0.0), (right, from_area), BLUE)?;
        plane.bar((right, from_area), (left, totals[house]), ORANGE)?;
        let total = format!("= {}", totals[house]);
        plane.label(&total, (centre, totals[house]), (-30, -26), INK)?;
        let parts = [
            (from_area.to_string(), from_area / 2.0, BLUE),
            (
                format!("+ {from_bedrooms}"),
                from_area + from_bedrooms / 2.0,
                ORANGE,
            ),
        ];
        for (text, height, color) in parts {
            plane.label(&text, (right, height), (6, -10), color)?;
        }
    }
    plane.label("2 × area", (-0.45, 395.0), (0, 0), BLUE)?;
    plane.label("10 × bedrooms", (-0.45, 370.0), (0, 0), ORANGE)?;
    Ok(())
}

fn predictions_vs_prices(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 800, 400)?;
    let (left, right) = root.split_horizontally(420);
    let prices = house_prices();
    let predictions = predict(&houses(), &array![2.0, 10.0, -1.0], 50.0);
    let errors = &predictions - &prices;

    let mut plane = Plane::free(
        &left,
        "Predicted against true prices",
        100.0..420.0,
        100.0..420.0,
        AxisNames {
            x: "true price y (thousand dollars)",
            y: "prediction ŷ (thousand dollars)",
            x_categories: &[],
        },
    )?;
    plane.dashed((100.0, 100.0), (420.0, 420.0), MUTED)?;
    plane.note("dashed: ŷ = y", (110.0, 410.0), (0, 0), MUTED)?;
    for (house, (&price, &prediction)) in prices.iter().zip(&predictions).enumerate() {
        plane.dot((price, prediction), BLUE)?;
        plane.label(&house.to_string(), (price, prediction), (8, -2), BLUE)?;
    }

    let names = ["0", "1", "2", "3", "4"];
    let mut plane = Plane::free(
        &right,
        "Errors ŷ − y",
        -0.5..4.5,
        -15.0..15.0,
        AxisNames {
            x: "house",
            y: "thousand dollars",
            x_categories: &names[..errors.len()],
        },
    )?;
    plane.line(vec![(-0.5, 0.0), (4.5, 0.0)], MUTED, 1)?;
    for (house, &error) in errors.iter().enumerate() {
        let centre = house as f64;
        plane.bar((centre - 0.25, 0.0), (centre + 0.25, error), VERMILLION)?;
        let offset = if error > 0.0 { (-14, -24) } else { (-14, 6) };
        plane.label(&format!("{error:+}"), (centre, error), offset, VERMILLION)?;
    }
    Ok(())
}

fn linear_classifier(svg: &mut String) -> Result<(), DrawError> {
    let root = canvas(svg, 640, 420)?;
    let area_and_age = houses().slice(s![.., 0..3;2]).to_owned();
    let (w, b) = rule_of_thumb();
    let answers = classify(&area_and_age, &w, b);
    let mut plane = Plane::free(
        &root,
        "Yes when area − 2 × age − 50 > 0",
        40.0..170.0,
        0.0..55.0,
        AxisNames {
            x: "area (square metres)",
            y: "age (years)",
            x_categories: &[],
        },
    )?;
    // The boundary: w[0] area + w[1] age + b = 0, solved for the age.
    let age_on_boundary = |area: f64| -(w[0] * area + b) / w[1];
    plane.line(
        vec![
            (50.0, age_on_boundary(50.0)),
            (160.0, age_on_boundary(160.0)),
        ],
        INK,
        2,
    )?;
    plane.note(
        "score = 0",
        (150.0, age_on_boundary(150.0)),
        (-100, -8),
        INK,
    )?;
    plane.label("score < 0: no", (45.0, 50.0), (0, 0), VERMILLION)?;
    plane.label("score > 0: yes", (135.0, 35.0), (0, 0), GREEN)?;
    for (house, (row, yes)) in area_and_age.rows().into_iter().zip(answers).enumerate() {
        let at = point(&row);
        plane.answer(at, yes)?;
        let color = if yes { GREEN } else { VERMILLION };
        plane.label(&format!("house {house}"), at, (8, -22), color)?;
    }
    Ok(())
}

/// An arc of radius `r` from the direction of `from` to that of `to`.
fn angle_arc(
    plane: &mut Plane<'_>,
    from: &ArrayRef1<f64>,
    to: &ArrayRef1<f64>,
    r: f64,
) -> Result<(), DrawError> {
    let (start, end) = (from[1].atan2(from[0]), to[1].atan2(to[0]));
    let points = (0..=24)
        .map(|step| start + (end - start) * f64::from(step) / 24.0)
        .map(|angle| (r * angle.cos(), r * angle.sin()))
        .collect();
    plane.line(points, MUTED, 2)
}

/// A small square marking the right angle at `corner` between the
/// directions `u` and `v`.
fn right_angle(
    plane: &mut Plane<'_>,
    corner: &ArrayRef1<f64>,
    u: &ArrayRef1<f64>,
    v: &ArrayRef1<f64>,
) -> Result<(), DrawError> {
    let size = 0.22;
    let step_u = u * (size / dot(u, u).sqrt());
    let step_v = v * (size / dot(v, v).sqrt());
    let corner = corner.to_owned();
    let a = &corner + &step_u;
    let c = &corner + &step_v;
    let bend = &a + &step_v;
    plane.line(vec![point(&a), point(&bend), point(&c)], MUTED, 2)
}

/// A 2-D vector as a plotting coordinate.
fn point(v: &ArrayRef1<f64>) -> (f64, f64) {
    (v[0], v[1])
}
